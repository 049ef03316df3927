// Import step 2 of 8: partners.csv. Each partner gets :Partner and the label of its kind;
// values get the types of step 1. Rows whose kind is not in $labels are skipped: check the
// folder first with `govgraph validate`.
// Parameters:
//   $base (str) - URL of the folder, ending in "/"
//   $stamp (str) - this import's mark (_govgraph_saved)
//   $labels (map) - partner kind -> Neo4j label, the whitelist, e.g. {resident: "Resident"}
MATCH (meta:GovGraphTable {table: "partners"})
LOAD CSV WITH HEADERS FROM $base + "partners.csv" AS row
WITH meta, row WHERE row.kind IN keys($labels)
CALL (meta, row) {
  MERGE (n:Partner {id: row.id})
  SET n = {id: row.id, _govgraph_saved: $stamp}
  SET n:$($labels[row.kind])
  FOREACH (k IN [k IN keys(row) WHERE k <> "id" AND row[k] IS NOT NULL AND row[k] <> ""] |
    SET n[k] = CASE meta.types[[i IN range(0, size(meta.columns) - 1) WHERE meta.columns[i] = k][0]]
      WHEN "int" THEN toInteger(row[k])
      WHEN "float" THEN toFloat(row[k])
      WHEN "bool" THEN toBoolean(row[k])
      WHEN "date" THEN CASE WHEN size(row[k]) = 10 THEN date(row[k])
        ELSE localdatetime(replace(row[k], " ", "T")) END
      ELSE row[k] END)
} IN TRANSACTIONS OF 1000 ROWS
