// A partner's reach: every partner within $hops relations of it, in either direction,
// through partners only.
// Parameters:
//   $id (str) - the partner
//   $hops (int, default 2) - how far, at most 6
// Columns: id, kind, name, community, hops (the shortest distance) - nearest first, then id.
// A breadth-first search, one ring of neighbours at a time: parallel relations (a visit on each of
// many days) are stepped over once, not once per path.
MATCH (s:Partner {id: $id})
WITH s, reduce(
  state = {seen: [s], ring: [s], found: []},
  depth IN range(1, CASE WHEN $hops > 6 THEN 6 ELSE $hops END) |
  CASE WHEN size(state.ring) = 0 THEN state ELSE (
    reduce(next = {seen: state.seen, ring: [], found: state.found},
      n IN reduce(around = [], f IN state.ring | around + [(f)--(m:Partner) | m]) |
      CASE WHEN n IN next.seen THEN next
      ELSE {seen: next.seen + n, ring: next.ring + n, found: next.found + [{node: n, hops: depth}]} END)
  ) END
) AS state
UNWIND state.found AS row
WITH row.node AS t, row.hops AS hops
RETURN t.id AS id, t.kind AS kind, t.name AS name, t.community AS community, hops
ORDER BY hops, id
