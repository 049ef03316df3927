// Needs without any candidate resource: no resource of the need's category with capacity
// left is offered by a partner of the requester's community.
// Parameters: none
// Columns: id, category, urgency, requester, community - most urgent first, then id.
MATCH (requester:Partner)-[:RAISED]->(n:Need)
WHERE NOT EXISTS {
  MATCH (provider:Partner)-[:OFFERS]->(r:Resource)
  WHERE r.category = n.category AND r.capacity > 0 AND provider.community = requester.community
}
RETURN n.id AS id, n.category AS category, n.urgency AS urgency, requester.id AS requester,
       requester.community AS community
ORDER BY urgency DESC, id
