// Import step 1 of 8: the column order and types of each table, from _types.csv.
// Run the steps in order, after ../schema.cypher, on a folder written by govgraph
// (net.write(folder) or `govgraph convert`), placed below the server's import directory.
// Parameters:
//   $base (str) - URL of the folder, ending in "/", e.g. "file:///datun_north/"
//   $stamp (str) - this import's mark: everything it writes carries _govgraph_saved = $stamp
LOAD CSV WITH HEADERS FROM $base + "_types.csv" AS row
WITH row.table AS name, collect(row.column) AS columns, collect(row.type) AS types
MERGE (t:GovGraphTable {table: name})
SET t.columns = columns, t.types = types, t._govgraph_saved = $stamp
