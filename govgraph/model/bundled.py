"""Where the project's shipped folders (``datasets``, ``cypher``) are installed."""

from __future__ import annotations

from pathlib import Path

from govgraph.errors import GovGraphError

__all__ = ["bundled_path"]

_PACKAGE = Path(__file__).resolve().parents[1]


def bundled_path(folder: str) -> Path:
    """Where a top-level project folder (``datasets`` or ``cypher``) is installed.

    A wheel carries it inside the package (``govgraph/_bundled/``); a source
    checkout or editable install has it beside the package.
    """
    for candidate in (_PACKAGE / "_bundled" / folder, _PACKAGE.parent / folder):
        if candidate.is_dir():
            return candidate
    raise GovGraphError(f"the bundled folder {folder!r} is missing from this installation")
