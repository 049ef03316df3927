// Partners bridging communities: partners directly related to partners of several
// communities - the ties that hold a cluster of communities (a "wild-goose formation") together.
// Parameters:
//   $min_communities (int, default 2) - how many distinct communities their neighbours must span
// Columns: id, kind, name, community, communities_reached, communities (sorted)
//          - most communities first, then id.
MATCH (p:Partner)--(q:Partner)
WHERE q.community IS NOT NULL
WITH p, q.community AS reached
ORDER BY reached
WITH p, collect(DISTINCT reached) AS communities
WHERE size(communities) >= $min_communities
RETURN p.id AS id, p.kind AS kind, p.name AS name, p.community AS community,
       size(communities) AS communities_reached, communities
ORDER BY communities_reached DESC, id
