"""Rules that span rows and tables: ids, kinds, references, allowed relations.

:func:`prepare_tables` is the one door every table passes through on its way
into a :class:`~govgraph.network.PartnerNetwork`. It coerces each table
(:mod:`govgraph.io.columns`), then checks every rule below, collecting every
problem before raising a single :class:`~govgraph.errors.DataError`.

Rules
-----
- required columns are present; id, kind, endpoints, category are not empty;
- ids are unique within and across partners, needs and resources;
- kinds and relations are declared in the schema;
- relation endpoints, need requesters and resource providers are partners;
- no relation joins a partner to itself;
- a relation is allowed between the kinds it joins;
- weights are non-negative numbers, urgency a whole number 1-5, capacity and
  households non-negative whole numbers;
- when the table has grid (community) partners, the ``grid``
  (``community``) column names one of them.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from govgraph.errors import DataError, Problem
from govgraph.io.columns import TABLES, coerce_table, row_numbers
from govgraph.schema import NEED, RESOURCE, Schema

__all__ = ["TABLE_NAMES", "prepare_tables"]

TABLE_NAMES = tuple(TABLES)
_ID_TABLES = ("partners", "needs", "resources")


def prepare_tables(
    raw: Mapping[str, pd.DataFrame | None],
    schema: Schema,
    sources: Mapping[str, str],
    types: Mapping[str, Mapping[str, str]] | None = None,
    text: bool = False,
    problems: list[Problem] | None = None,
) -> dict[str, pd.DataFrame]:
    """Coerce and validate the four tables; raise DataError listing every problem.

    Parameters
    ----------
    raw : mapping of table name to DataFrame or None
        The tables as read, with the id still a column and a RangeIndex.
        ``partners`` and ``relations`` are required; absent needs or
        resources become empty tables.
    schema : Schema
    sources : mapping of table name to str
        Where each table came from, for messages.
    types : mapping of table name to {column: type}, optional
        Declared types of extra columns.
    text : bool
        Whether every cell is text, as read from CSV.
    problems : list of Problem, optional
        Problems already found while reading the files, reported together
        with those found here.

    Returns
    -------
    dict of DataFrame
        ``partners``, ``needs`` and ``resources`` indexed by ``id``;
        ``relations`` with a fresh RangeIndex.
    """
    problems = list(problems or [])
    tables: dict[str, pd.DataFrame] = {}
    for name in TABLE_NAMES:
        frame = raw.get(name)
        source = sources.get(name, f"{name} table")
        if frame is None:
            unreadable = any(p.source == source for p in problems)
            if name in ("partners", "relations") and not unreadable:
                problems.append(Problem(source, None, None, f"the {name} table is missing"))
            frame = pd.DataFrame({c.name: [] for c in TABLES[name] if c.required})
        frame = frame.reset_index(drop=True)
        tables[name] = coerce_table(name, frame, source, problems, (types or {}).get(name), text)

    _check_ids(tables, sources, problems)
    _check_partners(tables["partners"], schema, sources.get("partners", "partners table"), problems)
    kinds = _kinds_by_id(tables["partners"])
    _check_relations(
        tables["relations"], kinds, schema, sources.get("relations", "relations table"), problems
    )
    for name, column, node in (("needs", "requester", NEED), ("resources", "provider", RESOURCE)):
        source = sources.get(name, f"{name} table")
        _check_links(tables[name], column, node, kinds, schema, source, problems)

    if problems:
        raise DataError(sorted(problems, key=_problem_order))
    for name in _ID_TABLES:
        tables[name] = tables[name].set_index("id")
    for table in tables.values():
        table.attrs = {}
    return tables


def _problem_order(problem: Problem) -> tuple[str, int, str]:
    return (problem.source, problem.row or 0, problem.column or "")


def _rows(frame: pd.DataFrame, mask: pd.Series | np.ndarray) -> np.ndarray:
    return row_numbers(frame)[np.asarray(mask, dtype=bool)]


def _check_ids(tables: dict[str, pd.DataFrame], sources: Mapping[str, str], problems: list[Problem]) -> None:
    ids = pd.concat(
        [
            pd.DataFrame({"id": tables[n]["id"], "table": n, "row": row_numbers(tables[n])})
            for n in _ID_TABLES
        ],
        ignore_index=True,
    )
    ids = ids[ids["id"].notna()]
    repeated = ids[ids["id"].duplicated(keep=False)]
    for identifier, group in repeated.groupby("id", sort=False):
        places = [f"{sources.get(t, t)} row {r}" for t, r in zip(group["table"], group["row"])]
        for table, row in zip(group["table"], group["row"]):
            problems.append(
                Problem(
                    sources.get(table, f"{table} table"),
                    int(row),
                    "id",
                    f"id {identifier!r} is used more than once ({'; '.join(places)})",
                )
            )


def _check_partners(partners: pd.DataFrame, schema: Schema, source: str, problems: list[Problem]) -> None:
    kind = partners["kind"]
    unknown = kind.notna() & ~kind.isin(list(schema.kinds))
    for row, value in zip(_rows(partners, unknown), kind[unknown]):
        problems.append(
            Problem(
                source,
                int(row),
                "kind",
                f"unknown partner kind {value!r}; known kinds: {', '.join(schema.kinds)}",
            )
        )
    for column in ("grid", "community"):
        if column not in partners or not (kind == column).any():
            continue
        places = set(partners.loc[kind == column, "id"])
        values = partners[column]
        dangling = values.notna() & ~values.isin(places)
        for row, value in zip(_rows(partners, dangling), values[dangling]):
            problems.append(
                Problem(source, int(row), column, f"{value!r} is not the id of a partner of kind {column!r}")
            )


def _kinds_by_id(partners: pd.DataFrame) -> pd.Series:
    valid = partners[partners["id"].notna()]
    return pd.Series(valid["kind"].to_numpy(), index=pd.Index(valid["id"]), dtype="str")


def _lookup(kinds: pd.Series, ids: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Positions of ids in the partner table (-1 when unknown) and their kinds."""
    if kinds.index.has_duplicates:
        kinds = kinds[~kinds.index.duplicated()]
    position = kinds.index.get_indexer(ids)
    found = kinds.to_numpy()[np.maximum(position, 0)] if len(kinds) else np.full(len(ids), None)
    return position, np.where(position >= 0, found, None)


def _check_relations(
    relations: pd.DataFrame, kinds: pd.Series, schema: Schema, source: str, problems: list[Problem]
) -> None:
    rel = relations["relation"]
    unknown = rel.notna() & ~rel.isin(list(schema.relations))
    for row, value in zip(_rows(relations, unknown), rel[unknown]):
        problems.append(
            Problem(
                source,
                int(row),
                "relation",
                f"unknown relation {value!r}; known relations: {', '.join(schema.relations)}",
            )
        )
    ends = {}
    for column in ("source", "target"):
        position, kind = _lookup(kinds, relations[column])
        dangling = (position < 0) & relations[column].notna().to_numpy()
        for row, value in zip(_rows(relations, dangling), relations[column][dangling]):
            problems.append(Problem(source, int(row), column, f"{value!r} is not the id of a partner"))
        ends[column] = (position, kind)
    self_loop = (ends["source"][0] >= 0) & (ends["source"][0] == ends["target"][0])
    for row in _rows(relations, self_loop):
        problems.append(Problem(source, int(row), "target", "relation joins a partner to itself"))

    known_kinds = list(schema.kinds)
    checkable = (
        pd.Series(ends["source"][1]).isin(known_kinds).to_numpy()
        & pd.Series(ends["target"][1]).isin(known_kinds).to_numpy()
        & ~unknown.to_numpy()
        & rel.notna().to_numpy()
    )
    if not checkable.any():
        return
    relation_names = list(schema.relations)
    kind_names = list(schema.kinds)
    n_kinds = len(kind_names)
    codes = (
        pd.Categorical(rel.to_numpy()[checkable], categories=relation_names).codes.astype(np.int64) * n_kinds
        + pd.Categorical(ends["source"][1][checkable], categories=kind_names).codes
    ) * n_kinds + pd.Categorical(ends["target"][1][checkable], categories=kind_names).codes
    allowed = np.array(
        [
            (relation_names.index(r) * n_kinds + kind_names.index(s)) * n_kinds + kind_names.index(t)
            for r, s, t in schema.allowed_triples()
        ],
        dtype=np.int64,
    )
    bad = ~np.isin(codes, allowed)
    bad_rows = _rows(relations, checkable)[bad]
    triples = zip(
        rel.to_numpy()[checkable][bad], ends["source"][1][checkable][bad], ends["target"][1][checkable][bad]
    )
    for row, (relation, source_kind, target_kind) in zip(bad_rows, triples):
        problems.append(
            Problem(
                source,
                int(row),
                "relation",
                f"relation {relation!r} is not allowed from a {source_kind!r} to a {target_kind!r}",
            )
        )


def _check_links(
    table: pd.DataFrame,
    column: str,
    node: str,
    kinds: pd.Series,
    schema: Schema,
    source: str,
    problems: list[Problem],
) -> None:
    position, kind = _lookup(kinds, table[column])
    dangling = (position < 0) & table[column].notna().to_numpy()
    for row, value in zip(_rows(table, dangling), table[column][dangling]):
        problems.append(Problem(source, int(row), column, f"{value!r} is not the id of a partner"))
    relation = "raised" if node == NEED else "offers"
    if relation not in schema.relations:
        return
    allowed = [k for k in schema.kinds if schema.allows(relation, k, node)]
    refused = (position >= 0) & ~pd.Series(kind).isin(allowed).to_numpy()
    for row, found in zip(_rows(table, refused), kind[refused]):
        problems.append(Problem(source, int(row), column, f"a {found!r} cannot have {relation} a {node}"))
