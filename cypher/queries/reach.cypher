// A partner's reach: every partner within $hops relations of it, in either direction,
// through partners only.
// Parameters:
//   $id (str) - the partner
//   $hops (int, default 2) - how far, at most 6
// Columns: id, kind, name, community, hops (the shortest distance) - nearest first, then id.
MATCH path = ANY SHORTEST (s:Partner {id: $id}) (()--(:Partner)){1,6} (t:Partner)
WHERE t <> s AND length(path) <= $hops
RETURN t.id AS id, t.kind AS kind, t.name AS name, t.community AS community, length(path) AS hops
ORDER BY hops, id
