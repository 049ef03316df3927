// Coverage gaps: buildings that no provider is directly related to
// (responsible for, living in, visiting - any relation, either direction).
// Parameters:
//   $providers (list, default ["grid_worker", "party_member"]) - partner kinds that cover a building
// Columns: id, name, community, grid, households - most households first, then id.
MATCH (b:Partner {kind: "building"})
WHERE NOT EXISTS { MATCH (b)--(p:Partner) WHERE p.kind IN $providers }
RETURN b.id AS id, b.name AS name, b.community AS community, b.grid AS grid, b.households AS households
ORDER BY households DESC, id
