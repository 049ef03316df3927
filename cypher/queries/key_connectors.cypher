// Key connectors: the partners with the most relations to other partners.
// Parameters:
//   $limit (int, default 20) - how many partners to return
// Columns: id, kind, name, community, degree (relations in either direction),
//          strength (their summed weight), ordered by degree, then strength, then id.
MATCH (p:Partner)
OPTIONAL MATCH (p)-[r]-(:Partner)
WITH p, count(r) AS degree, sum(coalesce(r.weight, 1.0)) AS strength
RETURN p.id AS id, p.kind AS kind, p.name AS name, p.community AS community, degree, strength
ORDER BY degree DESC, strength DESC, id
LIMIT $limit
