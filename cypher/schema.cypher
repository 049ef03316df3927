// govgraph's Neo4j schema. Idempotent: run it as often as you like.
// Partners carry the label :Partner plus one label for their kind (:Resident, :GridWorker, ...);
// needs are :Need, resources :Resource, activities :Activity, projects :Project; the column types
// of each table live in :GovGraphTable.

CREATE CONSTRAINT govgraph_partner_id IF NOT EXISTS FOR (p:Partner) REQUIRE p.id IS UNIQUE;
CREATE CONSTRAINT govgraph_need_id IF NOT EXISTS FOR (n:Need) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT govgraph_resource_id IF NOT EXISTS FOR (r:Resource) REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT govgraph_activity_id IF NOT EXISTS FOR (a:Activity) REQUIRE a.id IS UNIQUE;
CREATE CONSTRAINT govgraph_project_id IF NOT EXISTS FOR (p:Project) REQUIRE p.id IS UNIQUE;
CREATE INDEX govgraph_activity_kind IF NOT EXISTS FOR (a:Activity) ON (a.kind);
CREATE INDEX govgraph_activity_place IF NOT EXISTS FOR (a:Activity) ON (a.place);
CREATE CONSTRAINT govgraph_table_name IF NOT EXISTS FOR (t:GovGraphTable) REQUIRE t.table IS UNIQUE;
CREATE INDEX govgraph_partner_kind IF NOT EXISTS FOR (p:Partner) ON (p.kind);
CREATE INDEX govgraph_partner_community IF NOT EXISTS FOR (p:Partner) ON (p.community);
CREATE INDEX govgraph_partner_grid IF NOT EXISTS FOR (p:Partner) ON (p.grid);
CREATE INDEX govgraph_need_category IF NOT EXISTS FOR (n:Need) ON (n.category);
CREATE INDEX govgraph_resource_category IF NOT EXISTS FOR (r:Resource) ON (r.category);
CREATE CONSTRAINT govgraph_store_name IF NOT EXISTS FOR (s:GovGraphStore) REQUIRE s.name IS UNIQUE;
