"""Files: where the project's shipped folders are, and writing a file without following a planted link."""

from __future__ import annotations

from pathlib import Path

from govgraph.errors import GovGraphError

__all__ = ["bundled_path", "output_file"]

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


def output_file(path: str | Path) -> Path:
    """A path ready to be written: a symbolic link there is removed, never followed.

    A report folder may be shared; a link planted in it (``index.html`` ->
    ``~/.bashrc``) would make writing the report overwrite whatever it points
    to. The link itself goes, and the file is written in its place.
    """
    path = Path(path)
    if path.is_symlink():
        path.unlink()
    return path
