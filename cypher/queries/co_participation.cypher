// Partners who take part in the same activities or projects (活动联办、项目连抓): the co-participation
// projection of the two-mode network, as gg.affiliation(net).projection() gives it for each mode.
// Parameters:
//   $relations (list, default ["organises", "takes_part_in"]) - the relations that count as taking part
//   $min_shared (int, default 1) - the fewest activities and projects a pair must share
//   $limit (int, default 50) - how many pairs
// Columns: source, target (ids, source < target), source_name, target_name,
//          shared (activities and projects both take part in) - most shared first, then ids.
WITH [relation IN $relations | toUpper(relation)] AS types
MATCH (a:Partner)-[r1]->(x)<-[r2]-(b:Partner)
WHERE (x:Activity OR x:Project) AND a.id < b.id AND type(r1) IN types AND type(r2) IN types
WITH a, b, count(DISTINCT x) AS shared
WHERE shared >= $min_shared
RETURN a.id AS source, b.id AS target, a.name AS source_name, b.name AS target_name, shared
ORDER BY shared DESC, source, target
LIMIT $limit
