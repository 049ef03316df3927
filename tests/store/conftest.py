"""A real Neo4j server for the store tests: started by scripts/test (scripts/neo4j-server).

Without a reachable server these tests skip, unless GOVGRAPH_REQUIRE_NEO4J=1 (as in CI),
when they fail.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

import govgraph as gg

ROOT = Path(__file__).resolve().parents[2]
SERVER_SCRIPT = ROOT / "scripts" / "neo4j-server"


def no_server(reason: str) -> None:
    if os.environ.get("GOVGRAPH_REQUIRE_NEO4J") == "1":
        pytest.fail(f"GOVGRAPH_REQUIRE_NEO4J=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def neo4j_server() -> None:
    if not os.environ.get("GOVGRAPH_NEO4J_PASSWORD"):
        no_server("no Neo4j server: run `bash scripts/test`, or start one with scripts/neo4j-server")
    try:
        gg.Neo4jStore().close()
    except gg.GovGraphError as error:
        no_server(f"the Neo4j server does not answer: {error}")


def clear(store: gg.Neo4jStore) -> None:
    store.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS")


@pytest.fixture
def store(neo4j_server: None) -> Iterator[gg.Neo4jStore]:
    with gg.Neo4jStore() as opened:
        clear(opened)
        yield opened


def counts(store: gg.Neo4jStore) -> tuple[int, int]:
    frame = store.run(
        "CALL () { MATCH (n) RETURN count(n) AS nodes } "
        "CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships } RETURN nodes, relationships"
    )
    return int(frame.loc[0, "nodes"]), int(frame.loc[0, "relationships"])


def server(command: str) -> None:
    """Start or stop the server that scripts/neo4j-server manages."""
    subprocess.run(["bash", str(SERVER_SCRIPT), command], check=True, capture_output=True, text=True)


def managed_server() -> bool:
    result = subprocess.run(["bash", str(SERVER_SCRIPT), "status"], capture_output=True, text=True)
    return result.returncode == 0
