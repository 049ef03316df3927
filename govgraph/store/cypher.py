"""The shipped ``cypher/`` files: where they are, which queries there are, their statements and parameters.

Kept apart from the driver so that listing queries does not import neo4j.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from govgraph.model.files import bundled_path

__all__ = [
    "available_queries",
    "cypher_path",
    "cypher_statements",
    "cypher_statements_from",
    "query_parameters",
]


def cypher_path(*parts: str) -> Path:
    """A file of the shipped ``cypher/`` folder."""
    return bundled_path("cypher").joinpath(*parts)


def available_queries() -> list[str]:
    """Names of the queries in ``cypher/queries/``."""
    return sorted(p.stem for p in cypher_path("queries").glob("*.cypher"))


#: The default of a parameter a query file documents without one.
REQUIRED = object()
_PARAMETER = re.compile(r"^//\s+\$(\w+)\s+\((\w+)(?:, default (.+?))?\)\s+-")


def query_parameters(path: Path) -> dict[str, Any]:
    """The parameters a query file documents, with their defaults (JSON) where it gives one."""
    found: dict[str, Any] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _PARAMETER.match(line)
        if match:
            name, _, default = match.groups()
            found[name] = REQUIRED if default is None else json.loads(default)
    return found


def cypher_statements(path: Path) -> list[str]:
    """The statements of a .cypher file: ``//`` comment lines dropped, split at ``;``."""
    return cypher_statements_from(path.read_text(encoding="utf-8"))


def cypher_statements_from(text: str) -> list[str]:
    """The statements of Cypher text: ``//`` comment lines dropped, split at ``;``."""
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("//")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]
