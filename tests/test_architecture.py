"""The house matches its architecture: one model underneath, no loops, no literal kind names above it.

Read from the source (``ast``), not by importing, so a lazy import inside a
function counts as much as one at the top of a module.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from govgraph.model.schema import DEFAULT_SCHEMA, LEVELS

PACKAGE = Path(__file__).resolve().parents[1] / "govgraph"

#: What each part may import (besides itself): the model at the bottom, the orchestrators on top.
ALLOWED = {
    "errors": set(),
    "model": {"errors"},
    "io": {"model", "errors"},
    "analysis": {"model", "errors"},
    "matching": {"model", "errors"},
    "privacy": {"model", "errors"},
    "viz": {"model", "errors"},
    "store": {"model", "errors"},
    "datasets": {"model", "errors", "io"},
    "spark": {"model", "errors", "io", "analysis", "matching", "datasets"},
    "report": {"model", "errors", "analysis", "matching", "privacy", "viz", "io"},
    "cli": {"model", "errors", "analysis", "matching", "privacy", "viz", "io", "store", "datasets", "report", "spark"},
    "__main__": {"cli"},  # python -m govgraph, and the file spark-submit runs
    "__init__": {
        "model", "errors", "analysis", "matching", "privacy", "viz", "io", "store", "datasets", "report",
    },
}  # fmt: skip


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def part(module: str) -> str:
    pieces = module.split(".")
    return "__init__" if len(pieces) == 1 else pieces[1]


def imports(module: str, path: Path, *, typing: bool = True) -> list[tuple[str, list[str], int]]:
    """(imported module, names taken from it, line) for every govgraph import, anywhere in the file.

    ``typing=False`` leaves out imports under ``if TYPE_CHECKING:``, which never run.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    hidden: set[int] = set()
    if not typing:
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and ast.unparse(node.test) in (
                "TYPE_CHECKING",
                "typing.TYPE_CHECKING",
            ):
                hidden |= {id(inner) for child in node.body for inner in ast.walk(child)}
    found = []
    for node in ast.walk(tree):
        if id(node) in hidden:
            continue
        if isinstance(node, ast.Import):
            found += [
                (alias.name, [], node.lineno) for alias in node.names if alias.name.startswith("govgraph")
            ]
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("govgraph"):
            found.append((node.module, [alias.name for alias in node.names], node.lineno))
    return found


def test_every_part_imports_only_what_lies_below_it():
    wrong = []
    for module, path in modules().items():
        for target, _, line in imports(module, path):
            if part(target) != part(module) and part(target) not in ALLOWED[part(module)]:
                wrong.append(f"{path.name}:{line} {module} imports {target}")
    assert not wrong, "\n".join(wrong)


def test_no_module_imports_another_parts_private_helpers():
    wrong = []
    for module, path in modules().items():
        for target, names, line in imports(module, path):
            if part(target) == part(module):
                continue
            private = [n for n in names if n.startswith("_")]
            if private or any(piece.startswith("_") for piece in target.split(".")):
                wrong.append(f"{path.name}:{line} {module} takes {private or target} from {target}")
    assert not wrong, "\n".join(wrong)


def test_no_import_loops():
    """No loop among the imports that run (type annotations may name what imports them)."""
    graph = {
        module: {t for t, _, _ in imports(module, path, typing=False) if t in modules() and t != module}
        for module, path in modules().items()
    }
    state: dict[str, int] = {}
    loops = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                loops.append(" -> ".join([*trail[trail.index(target) :], target]))
            elif target not in state:
                visit(target, [*trail, target])
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert not loops, "\n".join(loops)


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def _method(node: ast.AST) -> str | None:
    """The method a call node calls (``x.isin(...)`` → ``"isin"``), else None."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.attr
    return None


#: Kinds and relations of the default schema: code above the model asks the schema's roles instead.
RELATIONS = set(DEFAULT_SCHEMA.relations)
PLACE_KINDS = {kind for level in LEVELS for kind in DEFAULT_SCHEMA.kinds_at(level)}
OTHER_KINDS = set(DEFAULT_SCHEMA.kinds) - PLACE_KINDS


def literal_kind_names(path: Path) -> list[str]:
    """Kind and relation names spelled in code (docstrings aside).

    Relation names and kinds that are not places may not appear at all, but
    as the schema's role and level vocabulary (the arguments of ``kinds_with``,
    ``relations_with`` and ``kinds_at``: the role ``resident`` is not the kind
    ``resident``). The place kinds ``community``, ``grid`` and ``building``
    are also the names of columns and levels, so they may appear as a column
    or compared with a ``level`` or ``unit``, but never be compared with a
    kind: not in ``==``/``!=``/``in``, nor in ``isin``/``eq``/``ne``.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = _docstrings(tree)
    for node in ast.walk(tree):
        if _method(node) in ("kinds_with", "relations_with", "kinds_at"):
            skipped |= {id(arg) for arg in node.args}  # type: ignore[attr-defined]
    found = []
    for node in ast.walk(tree):
        spelled = isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skipped
        if spelled and node.value in RELATIONS | OTHER_KINDS:  # type: ignore[attr-defined]
            found.append(f"{path.name}:{node.lineno} {node.value!r}")  # type: ignore[attr-defined]
        compared: list[ast.expr] = []
        if isinstance(node, ast.Compare):
            compared = [node.left, *node.comparators]
            if any(isinstance(side, ast.Name) and side.id in ("level", "unit") for side in compared):
                compared = []
        elif _method(node) in ("isin", "eq", "ne"):
            compared = list(node.args)  # type: ignore[attr-defined]
        for side in compared:
            values = side.elts if isinstance(side, (ast.Tuple, ast.List, ast.Set)) else [side]
            for value in values:
                if isinstance(value, ast.Constant) and value.value in PLACE_KINDS:
                    found.append(f"{path.name}:{value.lineno} compares with {value.value!r}")
    return found


@pytest.mark.parametrize(
    "module", [m for m, p in modules().items() if part(m) not in ("model",)], ids=lambda m: m
)
def test_no_kind_or_relation_is_spelled_outside_the_model(module):
    path = modules()[module]
    if module == "govgraph.datasets":  # the synthetic generator writes data of the default schema
        return
    assert literal_kind_names(path) == []


def test_the_check_would_catch_a_literal(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text(
        'def f(p, r):\n    """resides_in in a docstring is fine."""\n'
        '    return p[p["kind"] == "building"], r[r["relation"].isin(["resides_in"])], p["grid"]\n',
        encoding="utf-8",
    )
    assert sorted(literal_kind_names(bad)) == ["bad.py:3 'resides_in'", "bad.py:3 compares with 'building'"]
