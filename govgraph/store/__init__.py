"""Persistence: partner networks in Neo4j.

``Neo4jStore`` and ``DEFAULT_URI`` load the neo4j driver on first use, so that
commands which never touch Neo4j start faster.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from govgraph.store.cypher import available_queries

if TYPE_CHECKING:
    from govgraph.store.neo4j_store import DEFAULT_URI, Neo4jStore

__all__ = ["DEFAULT_URI", "Neo4jStore", "available_queries"]


def __getattr__(name: str) -> Any:
    if name in ("DEFAULT_URI", "Neo4jStore"):
        from govgraph.store import neo4j_store

        return getattr(neo4j_store, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
