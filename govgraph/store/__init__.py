"""Persistence: partner networks in Neo4j."""

from govgraph.store.neo4j_store import DEFAULT_URI, Neo4jStore, available_queries

__all__ = ["DEFAULT_URI", "Neo4jStore", "available_queries"]
