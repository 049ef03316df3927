"""Rules that span rows and tables: ids, kinds, references, allowed relations.

:func:`prepare_tables` is the one door every table passes through on its way
into a :class:`~govgraph.model.network.PartnerNetwork`. It coerces each table
(:mod:`govgraph.model.contract`), then checks every rule below, collecting every
problem before raising a single :class:`~govgraph.errors.DataError`.

Rules
-----
- required columns are present; id, kind, endpoints, category are not empty;
- ids are unique within and across partners, needs, resources, activities and projects;
- kinds and relations are declared in the schema;
- relation endpoints, need requesters and resource providers are partners; the rows of link relations
  (``organises``, ``takes_part_in``, ``funds``, ``serves_in``, ``answers``, ``uses``) join a partner
  to an activity or project, or a project to a need or resource, and become the ``links`` table;
- the ``place`` of an activity or project is a place partner (community, grid, building);
- no relation joins a partner to itself;
- a relation is allowed between the kinds it joins;
- weights are non-negative numbers, urgency a whole number 1-5, capacity and
  households non-negative whole numbers;
- when the table has places of the grid (community) level, the ``grid``
  (``community``) column names one of them;
- ids and the columns that name partners hold no invisible or control
  character (a zero-width space makes ``R1`` and ``R1\u200b`` two partners that
  look the same), nor spaces at either end;
- nesting relations (``part_of``) form no loop;
- dates keep their order: a need is not responded to or resolved before it
  was raised, nor resolved before its first response; nothing ends
  (``valid_to``) before it begins (``valid_from``);
- statuses, urgency, satisfaction, activity kinds and project statuses are words of the schema's
  vocabularies;
  ``solved`` is yes or no (是/否, 已解决/未解决).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd
import scipy.sparse as sp
from pandas.api import types as pdt
from scipy.sparse.csgraph import connected_components

from govgraph.errors import DataError, Problem, shortened
from govgraph.model.contract import ROWS_ATTR, TABLE_NAMES, TABLES, coerce_table, positions, row_numbers
from govgraph.model.schema import ANY, ITEM_TABLES, NEED, RESOURCE, Schema

__all__ = ["prepare_tables"]

_ID_TABLES = ("partners", "needs", "resources", "activities", "projects")
_TABLE_ZH = {
    "partners": "合伙人",
    "relations": "关系",
    "needs": "需求",
    "resources": "资源",
    "activities": "活动",
    "projects": "项目",
}


def prepare_tables(
    raw: Mapping[str, pd.DataFrame | None],
    schema: Schema,
    sources: Mapping[str, str],
    types: Mapping[str, Mapping[str, str]] | None = None,
    text: bool = False,
    problems: list[Problem] | None = None,
) -> dict[str, pd.DataFrame]:
    """Coerce and validate the tables; raise DataError listing every problem.

    Parameters
    ----------
    raw : mapping of table name to DataFrame or None
        The tables as read, with the id still a column and a RangeIndex.
        ``partners`` and ``relations`` are required; absent needs,
        resources, activities or projects become empty tables.
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
        ``partners``, ``needs``, ``resources``, ``activities`` and ``projects`` indexed by ``id``;
        ``relations`` (between partners) and ``links`` (the rows of link relations) with fresh
        RangeIndexes.
    """
    problems = list(problems or [])
    tables: dict[str, pd.DataFrame] = {}
    for name in TABLE_NAMES:
        frame = raw.get(name)
        source = sources.get(name, f"{name} table")
        if frame is None:
            unreadable = any(p.source == source for p in problems)
            if name in ("partners", "relations") and not unreadable:
                problems.append(
                    Problem(
                        source,
                        None,
                        None,
                        f"the {name} table is missing",
                        f"缺少{_TABLE_ZH[name]}表（{name}）",
                    )
                )
            frame = pd.DataFrame({c.name: [] for c in TABLES[name] if c.required})
        frame = frame.reset_index(drop=True)
        if name == "needs" and "urgency" in frame.columns:
            frame = _urgency_words(frame, schema, source, problems)
        tables[name] = coerce_table(name, frame, source, problems, (types or {}).get(name), text)

    partners_source = sources.get("partners", "partners table")
    if raw.get("partners") is None and any(p.source == partners_source for p in problems):
        # Every later check compares with the partners; without them it would only repeat one cause
        # thousands of times ("FC is not a partner"), burying the file that could not be read.
        raise DataError(sorted(problems, key=_problem_order))
    _resolve_words(tables, schema, sources, problems)
    tables["relations"], tables["links"] = _split_links(tables["relations"], schema)
    sources = {**sources, "links": sources.get("relations", "relations table")}
    _check_ids(tables, sources, problems)
    _check_id_characters(tables, sources, problems)
    _check_partners(tables["partners"], schema, sources.get("partners", "partners table"), problems)
    partners = tables["partners"]
    _check_relations(
        tables["relations"], partners, schema, sources.get("relations", "relations table"), problems
    )
    for name, column, node in (("needs", "requester", NEED), ("resources", "provider", RESOURCE)):
        source = sources.get(name, f"{name} table")
        _check_links(tables[name], column, node, partners, schema, source, problems)
    _check_link_rows(tables, schema, sources.get("relations", "relations table"), problems)
    for name in ("activities", "projects"):
        _check_places(tables[name], partners, schema, sources.get(name, f"{name} table"), problems)

    _check_nesting_loops(tables["relations"], partners, schema, sources, problems)
    _check_date_order(tables, sources, problems)
    if problems:
        raise DataError(sorted(problems, key=_problem_order))
    for name in _ID_TABLES:
        tables[name] = tables[name].set_index("id")
    for name in ("relations", "links"):
        tables[name] = tables[name].reset_index(drop=True)
    for table in tables.values():
        table.attrs = {}
    return tables


def _split_links(relations: pd.DataFrame, schema: Schema) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The relations between partners, and the rows of link relations (a partner taking part in an
    activity, a project answering a need), each keeping the spreadsheet rows of its records."""
    linking = relations["relation"].isin(schema.link_relations).to_numpy()
    rows = row_numbers(relations)
    parts = []
    for mask in (~linking, linking):
        part = relations[mask]
        part.attrs = {ROWS_ATTR: rows[mask]}
        parts.append(part)
    return parts[0], parts[1]


def _problem_order(problem: Problem) -> tuple[str, int, str]:
    return (problem.source, problem.row or 0, problem.column or "")


def _rows(frame: pd.DataFrame, mask: pd.Series | np.ndarray) -> np.ndarray:
    return row_numbers(frame)[np.asarray(mask, dtype=bool)]


def _urgency_words(frame: pd.DataFrame, schema: Schema, source: str, problems: list[Problem]) -> pd.DataFrame:
    """Urgency written in words (紧急) as its number; words no level has are reported here, once."""
    values = frame["urgency"]
    if pdt.is_numeric_dtype(values.dtype):
        return frame
    text = values.astype(object).map(
        lambda v: unicodedata.normalize("NFKC", v).strip() if isinstance(v, str) else v
    )
    words = text.map(lambda v: isinstance(v, str) and v != "" and not re.fullmatch(r"[+-]?\d+(\.\d*)?", v))
    if not words.any():
        return frame.assign(urgency=text)
    resolved = text[words].map(schema.urgency.resolve)
    unknown = resolved.isna()
    levels = "、".join(f"{t.label_zh} {k}" for k, t in schema.urgency.items())
    for row, value in zip(row_numbers(frame)[words.to_numpy()][unknown.to_numpy()], values[words][unknown]):
        near = schema.urgency.nearest(str(value), lang="zh")
        problems.append(
            Problem(
                source,
                int(row),
                "urgency",
                f"{shortened(value)!r} is not an urgency; write 1 to 5 or a word: "
                + ", ".join(f"{t.label_en} {k}" for k, t in schema.urgency.items()),
                f"“{shortened(value)}”不是紧急程度；请填 1 到 5 或：{levels}" + _did_you_mean_zh(near),
            )
        )
    # An unknown word stands as level 1 here so that it is reported once, not again as "not a number".
    return frame.assign(urgency=text.mask(words, resolved.fillna("1")))


#: The vocabulary of each (table, column) whose values are words: kinds, relations, categories, statuses.
_WORD_COLUMNS = (
    ("partners", "kind", "kind_words", "partner kind", "合伙人类型"),
    ("relations", "relation", "relation_words", "relation", "关系类型"),
    ("needs", "category", "categories", "category", "需求类别"),
    ("resources", "category", "categories", "category", "资源类别"),
    ("needs", "status", "statuses", "status", "办理状态"),
    ("needs", "satisfaction", "satisfaction", "satisfaction", "满意度"),
    ("activities", "kind", "activity_kinds", "activity kind", "活动类型"),
    ("projects", "status", "project_statuses", "project status", "项目状态"),
)


def _resolve_words(
    tables: dict[str, pd.DataFrame], schema: Schema, sources: Mapping[str, str], problems: list[Problem]
) -> None:
    """Chinese labels and aliases (社区, 隶属, 报修, 已办结) become keys; words no term has are reported
    with the nearest terms."""
    for table, column, attribute, what, what_zh in _WORD_COLUMNS:
        frame = tables[table]
        if column not in frame.columns:
            continue
        vocabulary = schema.taxonomy.words if attribute == "categories" else getattr(schema, attribute)
        values = frame[column]
        if values.isin(list(vocabulary)).sum() == values.notna().sum():
            continue  # keys only: the common case, at any size
        unique = values.dropna().unique()
        keys = {value: vocabulary.resolve(value) for value in unique}
        resolved = values.map(keys)
        unknown = (values.notna() & resolved.isna()).to_numpy()
        known = "、".join(term.label_zh for term in vocabulary.values())
        for row, value in zip(_rows(frame, unknown), values[unknown]):
            near = vocabulary.nearest(value)
            near_zh = vocabulary.nearest(value, lang="zh")
            hint = f"; did you mean {' or '.join(near)}?" if near else ""
            problems.append(
                Problem(
                    sources.get(table, f"{table} table"),
                    int(row),
                    column,
                    f"unknown {what} {shortened(value)!r}{hint} Known: {', '.join(vocabulary)}",
                    f"不认识的{what_zh}“{shortened(value)}”{_did_you_mean_zh(near_zh)}可填：{known}",
                )
            )
        frame[column] = resolved.where(~unknown, values).astype(values.dtype)


def _did_you_mean_zh(near: list[str]) -> str:
    return f"；您是不是指：{' 或 '.join(near)}？" if near else "；"


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
        places_zh = [f"{sources.get(t, t)} 第 {r} 行" for t, r in zip(group["table"], group["row"])]
        for table, row in zip(group["table"], group["row"]):
            problems.append(
                Problem(
                    sources.get(table, f"{table} table"),
                    int(row),
                    "id",
                    f"id {shortened(identifier)!r} is used more than once ({'; '.join(places)}); "
                    "give each its own",
                    f"编号“{shortened(identifier)}”重复出现（{'；'.join(places_zh)}）；每条记录须有自己的编号",
                )
            )


#: Characters that do not show: controls, zero-width and direction marks, line separators, BOM.
_INVISIBLE = (
    "[\x00-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]"
)
#: The columns that hold ids, per table.
_ID_COLUMNS = {
    "partners": ("id", "community", "grid"),
    "relations": ("source", "target"),
    "needs": ("id", "requester"),
    "resources": ("id", "provider"),
    "activities": ("id", "place"),
    "projects": ("id", "place"),
    "links": ("source", "target"),
}


def _check_id_characters(
    tables: dict[str, pd.DataFrame], sources: Mapping[str, str], problems: list[Problem]
) -> None:
    for name, columns in _ID_COLUMNS.items():
        table = tables[name]
        for column in columns:
            values = table[column]
            invisible = values.str.contains(_INVISIBLE, regex=True).fillna(False).to_numpy(dtype=bool)
            padded = (values.notna() & (values.str.strip() != values)).to_numpy(dtype=bool) & ~invisible
            for mask, what in (
                (invisible, _invisible_message),
                (
                    padded,
                    lambda v: (
                        f"{shortened(v)!r} begins or ends with a space; delete it",
                        f"“{shortened(v)}”的开头或结尾有空格；请删除空格",
                    ),
                ),
            ):
                for row, value in zip(_rows(table, mask), values[mask]):
                    problems.append(
                        Problem(sources.get(name, f"{name} table"), int(row), column, *what(value))
                    )


def _invisible_message(value: str) -> tuple[str, str]:
    found = re.search(_INVISIBLE, value)
    assert found is not None
    char = found.group()
    label = unicodedata.name(char, "a control character")
    where = found.start() + 1
    return (
        f"{shortened(value)!r} holds an invisible character (U+{ord(char):04X} {label}) at position {where}: "
        "ids that look the same must be the same; delete it",
        f"“{shortened(value)}”的第 {where} 个字符是看不见的字符（U+{ord(char):04X}）；"
        "看起来相同的编号必须相同，请删除它",
    )


#: Dates that cannot come before another of the same row: (table, earlier, later).
_DATE_ORDER = (
    ("partners", "valid_from", "valid_to"),
    ("relations", "valid_from", "valid_to"),
    ("links", "valid_from", "valid_to"),
    ("needs", "created_at", "responded_at"),
    ("needs", "responded_at", "resolved_at"),
    ("needs", "created_at", "resolved_at"),
    ("activities", "date", "end"),
    ("projects", "start", "end"),
)
_DATE_WORDS_ZH = {
    "valid_from": "起始日期",
    "valid_to": "终止日期",
    "created_at": "登记时间",
    "responded_at": "响应时间",
    "resolved_at": "办结时间",
    "date": "活动日期",
    "start": "开始日期",
    "end": "结束日期",
}


def _check_date_order(
    tables: dict[str, pd.DataFrame], sources: Mapping[str, str], problems: list[Problem]
) -> None:
    """No resolution before creation, no response before creation, no end before a beginning."""
    for name, earlier, later in _DATE_ORDER:
        table = tables[name]
        if earlier not in table or later not in table:
            continue
        first, then = table[earlier], table[later]
        wrong = (then < first).fillna(False).to_numpy(dtype=bool)
        for row, a, b in zip(_rows(table, wrong), first[wrong], then[wrong]):
            shown_a, shown_b = _when(a), _when(b)
            problems.append(
                Problem(
                    sources.get(name, f"{name} table"),
                    int(row),
                    later,
                    f"{later} {shown_b} is before {earlier} {shown_a}; check both dates",
                    f"{_DATE_WORDS_ZH[later]}（{shown_b}）早于{_DATE_WORDS_ZH[earlier]}（{shown_a}）；请核对这两个日期",
                )
            )


def _when(value: pd.Timestamp) -> str:
    return value.strftime("%Y-%m-%d") if value == value.normalize() else value.strftime("%Y-%m-%d %H:%M")


def _check_nesting_loops(
    relations: pd.DataFrame,
    partners: pd.DataFrame,
    schema: Schema,
    sources: Mapping[str, str],
    problems: list[Problem],
) -> None:
    """Places that lie inside themselves (G1 part of G2 part of G1), by nesting relations or the ``grid``
    column of a grid: every relation and every such column on the loop."""
    ids = partners["id"]
    nesting = relations["relation"].isin(schema.relations_with("nesting")).to_numpy()
    a = positions(relations["source"], ids)
    b = positions(relations["target"], ids)
    by_relation = nesting & (a >= 0) & (b >= 0) & (a != b)
    grids = partners["kind"].isin(schema.kinds_at("grid")).to_numpy()
    holder = positions(partners["grid"], ids)
    by_column = grids & (holder >= 0) & (holder != np.arange(len(ids))) & grids[np.maximum(holder, 0)]
    if not by_relation.any() and not by_column.any():
        return
    tails = np.concatenate([a[by_relation], np.flatnonzero(by_column)])
    heads = np.concatenate([b[by_relation], holder[by_column]])
    n = len(ids)
    graph = sp.csr_array((np.ones(len(tails)), (tails, heads)), shape=(n, n))
    _, component = connected_components(graph, directed=True, connection="strong")
    message = "closes a loop: a place cannot lie inside itself"
    message_zh = "形成了循环：一个地方不能位于它自己之内"
    looping = by_relation & (component[np.maximum(a, 0)] == component[np.maximum(b, 0)])
    for row, at in zip(_rows(relations, looping), np.flatnonzero(looping)):
        source, relation, target = (relations[c].iloc[at] for c in ("source", "relation", "target"))
        problems.append(
            Problem(
                sources.get("relations", "relations table"),
                int(row),
                "target",
                f"{shortened(source)!r} {relation} {shortened(target)!r} {message}",
                f"“{shortened(source)}”{schema.relations[relation].label_zh}“{shortened(target)}”{message_zh}",
            )
        )
    looping = by_column & (component == component[np.maximum(holder, 0)])
    for row, at in zip(_rows(partners, looping), np.flatnonzero(looping)):
        grid, holder_id = ids.iloc[at], partners["grid"].iloc[at]
        problems.append(
            Problem(
                sources.get("partners", "partners table"),
                int(row),
                "grid",
                f"grid {shortened(grid)!r} in grid {shortened(holder_id)!r} {message}",
                f"网格“{shortened(grid)}”属于网格“{shortened(holder_id)}”{message_zh}",
            )
        )


def _check_partners(partners: pd.DataFrame, schema: Schema, source: str, problems: list[Problem]) -> None:
    kind = partners["kind"]
    # The grid and community columns name places of their level.
    for column in ("grid", "community"):
        level = schema.kinds_at(column)
        at_level = kind.isin(level)
        if column not in partners or not at_level.any():
            continue
        places = partners[at_level]
        values = partners[column]
        dangling = values.notna() & ~values.isin(set(places["id"]))
        what = " or ".join(repr(k) for k in level)
        what_zh = "或".join(schema.kinds[k].label_zh for k in level)
        guess = _IdGuesser(places)
        for row, value in zip(_rows(partners, dangling), values[dangling]):
            near = guess(value)
            problems.append(
                Problem(
                    source,
                    int(row),
                    column,
                    f"{shortened(value)!r} is not the id of a partner of kind {what}{_hint(near)}",
                    f"“{shortened(value)}”不是任何{what_zh}的编号{_hint_zh(near)}",
                )
            )


def _check_relations(
    relations: pd.DataFrame, partners: pd.DataFrame, schema: Schema, source: str, problems: list[Problem]
) -> None:
    rel = relations["relation"]
    relation_names = list(schema.relations)
    relation_code = positions(rel, relation_names)
    kind_names = list(schema.kinds)
    kind_code = positions(partners["kind"], kind_names)
    ends = {}
    guess = _IdGuesser(partners)
    for column in ("source", "target"):
        position = positions(relations[column], partners["id"])
        dangling = (position < 0) & relations[column].notna().to_numpy()
        _report_dangling(relations, column, dangling, guess, source, problems)
        code = np.full(len(position), -1, dtype=np.int64)
        code[position >= 0] = kind_code[position[position >= 0]]
        ends[column] = (position, code)
    self_loop = (ends["source"][0] >= 0) & (ends["source"][0] == ends["target"][0])
    for row, value in zip(_rows(relations, self_loop), relations["source"][self_loop]):
        problems.append(
            Problem(
                source,
                int(row),
                "target",
                f"relation joins {shortened(value)!r} to itself",
                f"这条关系把“{shortened(value)}”连到了它自己",
            )
        )

    checkable = (ends["source"][1] >= 0) & (ends["target"][1] >= 0) & (relation_code >= 0)
    n_kinds = len(kind_names)
    code = (relation_code * n_kinds + ends["source"][1]) * n_kinds + ends["target"][1]
    allowed = np.array(
        [
            (relation_names.index(r) * n_kinds + kind_names.index(s)) * n_kinds + kind_names.index(t)
            for r, s, t in schema.allowed_triples()
        ],
        dtype=np.int64,
    )
    refused = checkable & ~np.isin(code, allowed)
    for row, at in zip(_rows(relations, refused), np.flatnonzero(refused)):
        source_kind = kind_names[ends["source"][1][at]]
        target_kind = kind_names[ends["target"][1][at]]
        relation = schema.relations[rel.iloc[at]]
        problems.append(
            Problem(
                source,
                int(row),
                "relation",
                f"relation {rel.iloc[at]!r} is not allowed from a {source_kind!r} to a {target_kind!r}",
                f"{schema.kinds[source_kind].label_zh}与{schema.kinds[target_kind].label_zh}之间"
                f"不能是“{relation.label_zh}”关系；请检查关系类型或两端的编号",
            )
        )


def _check_links(
    table: pd.DataFrame,
    column: str,
    node: str,
    partners: pd.DataFrame,
    schema: Schema,
    source: str,
    problems: list[Problem],
) -> None:
    position = positions(table[column], partners["id"])
    dangling = (position < 0) & table[column].notna().to_numpy()
    _report_dangling(table, column, dangling, _IdGuesser(partners), source, problems)
    links = schema.relations_with("request" if node == NEED else "offer")
    if not links:
        return
    relation = links[0]
    allowed = [k for k in schema.kinds if schema.allows(relation, k, node)]
    kinds = partners["kind"].to_numpy()
    linked = np.flatnonzero(position >= 0)
    refused = linked[~pd.Series(kinds[position[linked]]).isin(allowed).to_numpy()]
    what_zh = "需求" if node == NEED else "资源"
    for row, found in zip(row_numbers(table)[refused], kinds[position[refused]]):
        problems.append(
            Problem(
                source,
                int(row),
                column,
                f"a {found!r} cannot have {relation} a {node}",
                f"{schema.kinds[found].label_zh}不能{schema.relations[relation].label_zh}{what_zh}",
            )
        )


def _check_link_rows(
    tables: dict[str, pd.DataFrame], schema: Schema, source: str, problems: list[Problem]
) -> None:
    """Each end of a link names a partner, activity, project, need or resource, and the relation may join
    their kinds (a partner ``takes_part_in`` an activity; a project ``answers`` a need)."""
    links = tables["links"]
    if links.empty:
        return
    nodes = pd.concat(
        [pd.Series(tables["partners"]["kind"].to_numpy(), index=tables["partners"]["id"])]
        + [pd.Series(kind, index=tables[name]["id"], dtype="str") for kind, name in ITEM_TABLES.items()]
    )
    nodes = nodes[~nodes.index.duplicated()]
    kinds = {column: links[column].map(nodes) for column in ("source", "target")}
    guess = _IdGuesser(tables["partners"])
    for column, found in kinds.items():
        dangling = (found.isna() & links[column].notna()).to_numpy()
        _report_dangling(links, column, dangling, guess, source, problems, _ANY_NODE)
    checkable = (kinds["source"].notna() & kinds["target"].notna()).to_numpy()
    for row, relation, a, b in zip(
        _rows(links, checkable),
        links["relation"][checkable],
        kinds["source"][checkable],
        kinds["target"][checkable],
    ):
        if schema.allows(relation, a, b):
            continue
        term = schema.relations[relation]
        swapped = schema.allows(relation, b, a)
        problems.append(
            Problem(
                source,
                int(row),
                "relation",
                f"relation {relation!r} is not allowed from {_a(a)} {a!r} to {_a(b)} {b!r}: "
                + _link_rule(schema, relation, lambda k: k)
                + ("; source and target look swapped" if swapped else ""),
                f"{_node_zh(schema, a)}与{_node_zh(schema, b)}之间不能是“{term.label_zh}”关系："
                + _link_rule(schema, relation, lambda k: _node_zh(schema, k), zh=True)
                + ("；起点和终点似乎写反了" if swapped else ""),
            )
        )


_PLACE = ("a place (a community, grid or building)", "社区、网格或楼栋")
_ANY_NODE = ("a partner, activity, project, need or resource", "合伙人、活动、项目、需求或资源")


def _node_zh(schema: Schema, kind: str) -> str:
    return schema.kind_label(kind).split(" ")[0]


def _link_rule(schema: Schema, relation: str, word: Callable[[str], str], zh: bool = False) -> str:
    """What a link relation joins, in words: "a partner to an activity or project"."""
    pairs = schema.relations[relation].pairs
    sources = sorted({s for s, _ in pairs})
    targets = sorted({t for _, t in pairs})
    if zh:
        source_words = "、".join("合伙人" if s == ANY else word(s) for s in sources)
        return f"它从{source_words}指向{'或'.join(word(t) for t in targets)}"
    source_words = " or ".join("a partner" if s == ANY else f"{_a(s)} {word(s)}" for s in sources)
    return f"it joins {source_words} to {' or '.join(f'{_a(t)} {word(t)}' for t in targets)}"


def _a(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def _check_places(
    table: pd.DataFrame, partners: pd.DataFrame, schema: Schema, source: str, problems: list[Problem]
) -> None:
    """The ``place`` of an activity or project is a place partner: a community, grid or building."""
    places = partners[partners["kind"].map(schema.level_of).notna().to_numpy()]
    values = table["place"]
    wrong = (values.notna() & ~values.isin(set(places["id"]))).to_numpy()
    _report_dangling(table, "place", wrong, _IdGuesser(places), source, problems, _PLACE)


def _report_dangling(
    table: pd.DataFrame,
    column: str,
    dangling: np.ndarray,
    guess: _IdGuesser,
    source: str,
    problems: list[Problem],
    what: tuple[str, str] = ("a partner", "合伙人"),
) -> None:
    """A problem per reference that names nothing: "'R9' is not the id of a partner; did you mean 'R1'?"."""
    for row, value in zip(_rows(table, dangling), table[column][dangling]):
        near = guess(value)
        problems.append(
            Problem(
                source,
                int(row),
                column,
                f"{shortened(value)!r} is not the id of {what[0]}{_hint(near)}",
                f"“{shortened(value)}”不是任何{what[1]}的编号{_hint_zh(near)}",
            )
        )


#: Beyond this many partners, only matches after normalising (spaces, width, case, a name) are guessed.
_FUZZY_LIMIT = 20_000


class _IdGuesser:
    """The partner a reference that matches no id most likely means: the same id but for spaces,
    character width or case; a partner whose name it is; or, among few partners, the closest id."""

    def __init__(self, partners: pd.DataFrame):
        self.partners = partners
        self._names: dict[str, object] | None = None
        self._by_key: dict[str, str] = {}

    def __call__(self, value: str) -> list[str]:
        if self._names is None:  # built on the first dangling reference only
            ids = self.partners["id"]
            names = self.partners["name"] if "name" in self.partners else pd.Series(None, index=ids.index)
            self._names = dict(zip(ids, names))
            for identifier, name in self._names.items():
                if isinstance(identifier, str):
                    self._by_key.setdefault(_key(identifier), identifier)
                    if isinstance(name, str):
                        self._by_key.setdefault(_key(name), identifier)
        found = self._by_key.get(_key(value))
        if found is not None:
            return [self._shown(found)]
        if len(self._names) > _FUZZY_LIMIT:
            return []
        ids = [i for i in self._names if isinstance(i, str)]
        return [self._shown(i) for i in difflib.get_close_matches(value, ids, n=2, cutoff=0.75)]

    def _shown(self, identifier: str) -> str:
        name = (self._names or {}).get(identifier)
        return (
            f"{shortened(identifier)!r} ({name})"
            if isinstance(name, str) and name != identifier
            else repr(shortened(identifier))
        )


def _key(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).casefold()


def _hint(near: list[str]) -> str:
    return f"; did you mean {' or '.join(near)}?" if near else ""


def _hint_zh(near: list[str]) -> str:
    return f"；您是不是指 {' 或 '.join(near)}？" if near else "；请检查是否写错，或先添加它"
