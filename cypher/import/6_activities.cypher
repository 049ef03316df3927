// Import step 6 of 8: activities.csv, when the folder has one (_types.csv lists its columns).
// Each row becomes an :Activity; who takes part comes in step 8.
// Parameters:
//   $base (str) - URL of the folder, ending in "/"
//   $stamp (str) - this import's mark (_govgraph_saved)
MATCH (meta:GovGraphTable {table: "activities"}) WHERE meta._govgraph_saved = $stamp
LOAD CSV WITH HEADERS FROM $base + "activities.csv" AS row
CALL (meta, row) {
  MERGE (n:Activity {id: row.id})
  SET n = {id: row.id, _govgraph_saved: $stamp}
  FOREACH (k IN [k IN keys(row) WHERE k <> "id" AND row[k] IS NOT NULL AND row[k] <> ""] |
    SET n[k] = CASE meta.types[[i IN range(0, size(meta.columns) - 1) WHERE meta.columns[i] = k][0]]
      WHEN "int" THEN toInteger(row[k])
      WHEN "float" THEN toFloat(row[k])
      WHEN "bool" THEN toBoolean(row[k])
      WHEN "date" THEN CASE WHEN size(row[k]) = 10 THEN date(row[k])
        ELSE localdatetime(replace(row[k], " ", "T")) END
      ELSE row[k] END)
} IN TRANSACTIONS OF 1000 ROWS
