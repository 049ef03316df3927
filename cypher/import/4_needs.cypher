// Import step 4 of 8: needs.csv. Each row becomes a :Need, joined to its requester by :RAISED.
// Parameters:
//   $base (str) - URL of the folder, ending in "/"
//   $stamp (str) - this import's mark (_govgraph_saved)
MATCH (meta:GovGraphTable {table: "needs"})
LOAD CSV WITH HEADERS FROM $base + "needs.csv" AS row
CALL (meta, row) {
  MATCH (owner:Partner {id: row.requester})
  MERGE (n:Need {id: row.id})
  SET n = {id: row.id, _govgraph_saved: $stamp}
  MERGE (owner)-[link:RAISED]->(n)
  SET link._govgraph_saved = $stamp
  FOREACH (k IN [k IN keys(row) WHERE NOT k IN ["id", "requester"] AND row[k] IS NOT NULL AND row[k] <> ""] |
    SET n[k] = CASE meta.types[[i IN range(0, size(meta.columns) - 1) WHERE meta.columns[i] = k][0]]
      WHEN "int" THEN toInteger(row[k])
      WHEN "float" THEN toFloat(row[k])
      WHEN "bool" THEN toBoolean(row[k])
      WHEN "date" THEN CASE WHEN size(row[k]) = 10 THEN date(row[k])
        ELSE localdatetime(replace(row[k], " ", "T")) END
      ELSE row[k] END)
} IN TRANSACTIONS OF 1000 ROWS
