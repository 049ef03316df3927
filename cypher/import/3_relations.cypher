// Import step 3 of 5: relations.csv. Each relation becomes a relationship typed by $types
// (relation -> type, the whitelist); parallel relations of one kind between the same two
// partners are numbered in file order, as Neo4jStore.save numbers them, so that saving the same
// network later updates these relationships instead of adding new ones. Holds the file in
// memory while numbering: give the server heap for large files.
// Parameters:
//   $base (str) - URL of the folder, ending in "/"
//   $types (map) - relation -> Neo4j relationship type, e.g. {resides_in: "RESIDES_IN"}
MATCH (meta:GovGraphTable {table: "relations"})
LOAD CSV WITH HEADERS FROM $base + "relations.csv" AS row
WITH meta, row WHERE row.relation IN keys($types)
WITH meta, row.source AS source, row.target AS target, row.relation AS relation, collect(row) AS rows
UNWIND range(0, size(rows) - 1) AS occurrence
CALL (meta, source, target, relation, rows, occurrence) {
  WITH rows[occurrence] AS row
  MATCH (a:Partner {id: source})
  MATCH (b:Partner {id: target})
  MERGE (a)-[r:$($types[relation]) {_govgraph_key: occurrence}]->(b)
  SET r = {_govgraph_key: occurrence}
  FOREACH (k IN [k IN keys(row) WHERE NOT k IN ["source", "target", "relation"] AND row[k] IS NOT NULL AND row[k] <> ""] |
    SET r[k] = CASE meta.types[[i IN range(0, size(meta.columns) - 1) WHERE meta.columns[i] = k][0]]
      WHEN "int" THEN toInteger(row[k])
      WHEN "float" THEN toFloat(row[k])
      WHEN "bool" THEN toBoolean(row[k])
      ELSE row[k] END)
} IN TRANSACTIONS OF 10000 ROWS
