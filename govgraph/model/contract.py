"""The frame contract: the tables, their columns, and the one canonical type of every column.

Every table that reaches a :class:`~govgraph.model.network.PartnerNetwork` passes
through :func:`coerce_table`, whichever door it came in by (a CSV folder, a
workbook, data frames, a networkx graph). Known columns get their declared
type; extra columns get one of five portable types, ``str``, ``int``
(nullable ``Int64``), ``float``, ``bool`` (nullable ``boolean``) and ``date``
(``datetime64[us]``, local time; see :mod:`govgraph.model.dates`), so that
every format round-trips to an equal network. Empty text counts as missing.
Every problem names the row and column and quotes the cell's own value.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pandas.api import types as pdt

from govgraph.errors import Problem, shortened
from govgraph.model.dates import DATE_DTYPE, ZONE, date_text, is_date_value, parse_dates, written_as_date
from govgraph.model.vocabulary import YES_NO

__all__ = [
    "HEADER_ROWS",
    "TABLES",
    "TABLE_NAMES",
    "TYPE_DTYPES",
    "VULNERABILITY_COLUMNS",
    "Column",
    "coerce_table",
    "plain_records",
    "positions",
    "row_numbers",
    "type_of",
]

#: Spreadsheet row of the first record: the header is row 1.
HEADER_ROWS = 1

#: Key of ``DataFrame.attrs`` holding the spreadsheet row of each record,
#: when records are not on consecutive rows (a CSV file with blank lines).
ROWS_ATTR = "govgraph_rows"


def row_numbers(frame: pd.DataFrame) -> np.ndarray:
    """The spreadsheet row of each record: the header is row 1."""
    rows = frame.attrs.get(ROWS_ATTR)
    if rows is not None:
        return np.asarray(rows)
    return np.arange(len(frame)) + HEADER_ROWS + 1


#: Households, urgency and capacity are read through float64, exact up to 2**53. Whole numbers
#: of extra columns are read exactly, as 64-bit integers, however large.
MAX_WHOLE_NUMBER = 2**53

#: The pandas dtype of each portable column type.
TYPE_DTYPES: dict[str, str] = {
    "str": "str",
    "int": "Int64",
    "float": "float64",
    "bool": "boolean",
    "date": DATE_DTYPE,
}

#: A whole number as written in a column declared whole.
_WHOLE_TEXT = r"[+-]?(0|[1-9][0-9]*)"
#: A whole number in a column whose type is inferred: a leading "+" (a phone number such as
#: +8613812345678) or a leading zero (a code such as 0101) makes the column text.
_INFERRED_WHOLE_TEXT = r"-?(0|[1-9][0-9]*)"
_BOOL_TEXT = {"true": True, "false": False}


@dataclass(frozen=True)
class Column:
    """A column govgraph knows: its type and what values it accepts.

    ``required`` columns must be in the table; ``nonempty`` columns must
    have a value in every row; ``minimum``/``maximum`` bound numbers;
    ``default`` fills a column that is absent (never a cell that is empty).
    """

    name: str
    type: str = "str"
    required: bool = False
    nonempty: bool = False
    minimum: float | None = None
    maximum: float | None = None
    default: object = None

    @property
    def dtype(self) -> str:
        if self.type == "int" and self.nonempty:
            return "int64"
        return TYPE_DTYPES[self.type]


#: The known columns of each table, in their canonical order. The first column of every table but
#: relations is the id (the frame's index). An activity is held on ``date`` (a series or a festival of
#: several days runs to ``end``); a project runs from ``start`` to ``end``; ``place`` is the id of the
#: place partner (community, grid, building) where either happens.
TABLES: dict[str, tuple[Column, ...]] = {
    "partners": (
        Column("id", required=True, nonempty=True),
        Column("kind", required=True, nonempty=True),
        Column("name"),
        Column("community"),
        Column("grid"),
        Column("households", "int", minimum=0),
        Column("valid_from", "date"),
        Column("valid_to", "date"),
    ),
    "relations": (
        Column("source", required=True, nonempty=True),
        Column("target", required=True, nonempty=True),
        Column("relation", required=True, nonempty=True),
        Column("weight", "float", nonempty=True, minimum=0.0, default=1.0),
        Column("valid_from", "date"),
        Column("valid_to", "date"),
        Column("date", "date"),
    ),
    "needs": (
        Column("id", required=True, nonempty=True),
        Column("requester", required=True, nonempty=True),
        Column("category", required=True, nonempty=True),
        Column("urgency", "int", nonempty=True, minimum=1, maximum=5, default=1),
        Column("status"),
        Column("created_at", "date"),
        Column("responded_at", "date"),
        Column("resolved_at", "date"),
        Column("solved", "bool"),
        Column("satisfaction"),
    ),
    "resources": (
        Column("id", required=True, nonempty=True),
        Column("provider", required=True, nonempty=True),
        Column("category", required=True, nonempty=True),
        Column("capacity", "int", required=True, nonempty=True, minimum=0),
    ),
    "activities": (
        Column("id", required=True, nonempty=True),
        Column("name"),
        Column("kind"),
        Column("date", "date"),
        Column("end", "date"),
        Column("place"),
    ),
    "projects": (
        Column("id", required=True, nonempty=True),
        Column("name"),
        Column("status"),
        Column("start", "date"),
        Column("end", "date"),
        Column("place"),
        Column("budget", "float", minimum=0.0),
    ),
}

#: Column names starting with this are govgraph's own bookkeeping (in Neo4j, say), refused in data.
RESERVED_PREFIX = "_govgraph"

#: The tables in their canonical order.
TABLE_NAMES = tuple(TABLES)

#: True/false partner columns that mark a resident as vulnerable, where present.
VULNERABILITY_COLUMNS = ("elderly", "disabled", "living_alone", "vulnerable")

#: Columns that are absent from a table are added empty, so every frame has
#: them (name, community, grid, households; every known column of activities and projects).
_ALWAYS_PRESENT = {"name", "community", "grid", "households"}
_COMPLETE_TABLES = {"activities", "projects"}


def type_of(series: pd.Series) -> str:
    """The portable type name of a canonical column."""
    dtype = series.dtype
    if pdt.is_bool_dtype(dtype):
        return "bool"
    if pdt.is_integer_dtype(dtype):
        return "int"
    if pdt.is_float_dtype(dtype):
        return "float"
    if pdt.is_datetime64_any_dtype(dtype):
        return "date"
    return "str"


def coerce_table(
    table: str,
    frame: pd.DataFrame,
    source: str,
    problems: list[Problem],
    types: Mapping[str, str] | None = None,
    text: bool = False,
) -> pd.DataFrame:
    """Give every column of one raw table its canonical type.

    Parameters
    ----------
    table : {"partners", "relations", "needs", "resources", "activities", "projects"}
    frame : DataFrame
        The raw table with a default RangeIndex; the id is still a column.
    source : str
        Where the table came from, for problem messages.
    problems : list of Problem
        Problems found are appended here; nothing is raised.
    types : mapping of column name to type, optional
        Declared types of extra columns (written by ``PartnerNetwork.write``).
    text : bool
        True when every cell is text as read from a CSV file: extra columns
        without a declared type are then inferred from their text.

    Returns
    -------
    DataFrame
        Known columns first in canonical order, then extras in input order.
        Rows with problems are kept (the caller raises before using them).
    """
    known = {column.name: column for column in TABLES[table]}
    columns = [str(c) for c in frame.columns]
    frame = frame.set_axis(columns, axis=1)
    duplicated = sorted({c for c in columns if columns.count(c) > 1})
    for name in duplicated:
        problems.append(
            Problem(
                source,
                HEADER_ROWS,
                name,
                "column appears more than once; keep one of them",
                "这一列出现了不止一次；请只保留一列",
            )
        )
    if duplicated:
        frame = frame.loc[:, ~frame.columns.duplicated()]
    rows = pd.Series(row_numbers(frame), index=frame.index)

    out: dict[str, pd.Series] = {}
    for column in TABLES[table]:
        if column.name in frame.columns:
            out[column.name] = _coerce_known(column, frame[column.name], rows, source, problems, text)
        elif column.required:
            problems.append(
                Problem(
                    source,
                    None,
                    column.name,
                    "required column is missing; add it",
                    f"缺少必需的列「{column.name}」；请添加这一列",
                )
            )
            out[column.name] = pd.Series(pd.NA, index=frame.index, dtype=TYPE_DTYPES[column.type])
        elif column.default is not None:
            out[column.name] = pd.Series(column.default, index=frame.index, dtype=column.dtype)
        elif column.name in _ALWAYS_PRESENT or table in _COMPLETE_TABLES:
            out[column.name] = pd.Series(pd.NA, index=frame.index, dtype=column.dtype)
    for name in frame.columns:
        if name in known:
            continue
        if not name.strip() or name.startswith("Unnamed:"):
            if _missing(frame[name]).all():
                continue  # an empty column without a name holds nothing to lose
            problems.append(
                Problem(
                    source,
                    HEADER_ROWS,
                    name,
                    "column has values but no name; give it a name in the header row",
                    "这一列有内容但没有列名；请在表头行填写列名",
                )
            )
            continue
        if name.startswith(RESERVED_PREFIX):
            problems.append(
                Problem(
                    source,
                    HEADER_ROWS,
                    name,
                    f"names starting with {RESERVED_PREFIX} are govgraph's own; rename it",
                    f"以 {RESERVED_PREFIX} 开头的列名留给 govgraph 自用；请改名",
                )
            )
            continue
        declared = (types or {}).get(name)
        out[name] = _coerce_extra(name, frame[name], declared, rows, source, problems, text)
    result = pd.DataFrame(out, index=frame.index)
    result.attrs[ROWS_ATTR] = rows.to_numpy()
    return result


def _missing(series: pd.Series) -> pd.Series:
    missing = series.isna()
    if pdt.is_object_dtype(series.dtype) or pdt.is_string_dtype(series.dtype):
        missing |= series.astype("str").str.strip().eq("") & ~missing
    return missing


Message = str | Callable[[str], str]


def _report(
    mask: pd.Series,
    rows: pd.Series,
    source: str,
    column: str,
    problems: list[Problem],
    message: Message,
    zh: Message,
    values: pd.Series | None = None,
) -> None:
    """One problem per marked row; a message that is a function gets the row's own value, quoted."""
    mask = mask.reindex(rows.index, fill_value=False).fillna(False).astype(bool)
    if not mask.any():
        return
    shown = (values if values is not None else pd.Series("", index=rows.index))[mask]
    for row, value in zip(rows[mask], shown.map(_quoted)):
        problems.append(
            Problem(
                source,
                int(row),
                column,
                message(value) if callable(message) else message,
                zh(value) if callable(zh) else zh,
            )
        )


def _quoted(value: object) -> str:
    """A cell's value as written, shortened, for a message."""
    return shortened(value if isinstance(value, str) else _cell_text(value))


def _as_text(series: pd.Series, missing: pd.Series) -> pd.Series:
    """Text of every cell, missing cells as NaN; numbers become their decimal text."""
    if pdt.is_string_dtype(series.dtype) and not pdt.is_object_dtype(series.dtype):
        text = series.astype("str")
    else:
        text = series.map(_cell_text, na_action="ignore").astype("str")
    return text.mask(missing)


def _cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if is_date_value(value):
        return str(date_text(pd.Series([value], dtype=object)).iloc[0])
    return str(value)


def _coerce_known(
    column: Column,
    series: pd.Series,
    rows: pd.Series,
    source: str,
    problems: list[Problem],
    text: bool,
) -> pd.Series:
    missing = _missing(series)
    name = column.name
    if column.nonempty and missing.any():
        _report(missing, rows, source, name, problems, "value is empty; fill it in", "此格为空；请填写")
    if column.type == "str":
        return _as_text(series, missing)
    if column.type == "date":
        return _dates(series.mask(missing), rows, source, name, problems)
    if column.type == "bool":
        return _yes_no(series, missing, rows, source, name, problems)
    numbers = _numbers(series, missing, text)
    bad = numbers.isna() & ~missing
    en, zh = ("a whole number", "整数") if column.type == "int" else ("a number", "数字")
    _report(
        bad,
        rows,
        source,
        name,
        problems,
        lambda v: f"{v!r} is not {en}; write it in digits, e.g. 96",
        lambda v: f"“{v}”不是{zh}；请只填阿拉伯数字，例如 96",
        series,
    )
    infinite = pd.Series(np.isinf(numbers), index=numbers.index)
    _report(infinite, rows, source, name, problems, "value is not a finite number", "数值无效（无穷大）")
    ok = ~numbers.isna() & ~infinite
    if column.type == "int":
        fractional = ok & (numbers != np.floor(numbers.fillna(0)))
        _report(
            fractional,
            rows,
            source,
            name,
            problems,
            lambda v: f"{v!r} is not a whole number",
            lambda v: f"“{v}”不是整数",
            series,
        )
        ok &= ~fractional
    if column.minimum is not None:
        low = ok & (numbers < column.minimum)
        _report(
            low,
            rows,
            source,
            name,
            problems,
            lambda v: f"{v!r} is below {column.minimum:g}",
            lambda v: f"“{v}”小于 {column.minimum:g}",
            series,
        )
    if column.maximum is not None:
        high = ok & (numbers > column.maximum)
        _report(
            high,
            rows,
            source,
            name,
            problems,
            lambda v: f"{v!r} is above {column.maximum:g}",
            lambda v: f"“{v}”大于 {column.maximum:g}",
            series,
        )
    if column.type == "float":
        return numbers.astype("float64")
    too_large = ok & (numbers.abs() > MAX_WHOLE_NUMBER)
    _report(
        too_large,
        rows,
        source,
        name,
        problems,
        f"value is larger than {MAX_WHOLE_NUMBER:,}",
        f"数值超过 {MAX_WHOLE_NUMBER:,}",
    )
    valid = ok & ~too_large
    result = numbers.where(valid).astype("Int64")
    if column.nonempty and not missing.any() and valid.all():
        return result.astype("int64")
    return result


def _dates(series: pd.Series, rows: pd.Series, source: str, name: str, problems: list[Problem]) -> pd.Series:
    parsed, bad = parse_dates(series)
    if bad.any():
        strings = series.astype(object).map(_cell_text, na_action="ignore")
        zoned = bad & strings.map(lambda v: isinstance(v, str) and bool(ZONE.fullmatch(v.strip())))
        _report(
            zoned,
            rows,
            source,
            name,
            problems,
            lambda v: f"{v!r} carries a time zone; write the local time without it (2024-03-15 10:30)",
            lambda v: f"“{v}”带有时区；请只写当地时间，例如 2024-03-15 10:30",
            strings,
        )
        _report(
            bad & ~zoned,
            rows,
            source,
            name,
            problems,
            lambda v: (
                f"{v!r} is not a date; write it as 2024-03-15 (or 2024/3/15, 2024年3月15日) "
                "or make the cell an Excel date"
            ),
            lambda v: (
                f"“{v}”不是有效日期；请写成 2024-03-15（或 2024/3/15、2024年3月15日），或设为 Excel 日期格式"
            ),
            strings,
        )
    return parsed


def _yes_no(
    series: pd.Series, missing: pd.Series, rows: pd.Series, source: str, name: str, problems: list[Problem]
) -> pd.Series:
    """True/false from booleans, 1/0, or the words of :data:`YES_NO` (是/否, 已解决/未解决, true/false)."""
    if pdt.is_bool_dtype(series.dtype):
        return series.astype("boolean")
    present = series[~missing].astype(object)
    words = {value: _yes_no_word(value) for value in present.unique()}
    parsed = present.map(words)
    _report(
        parsed.isna(),
        rows,
        source,
        name,
        problems,
        lambda v: f"{v!r} is not yes or no; write 是 or 否 (or true / false)",
        lambda v: f"“{v}”不是“是”或“否”；请填 是 或 否",
        series,
    )
    return parsed.reindex(series.index).astype("boolean")


def _yes_no_word(value: object) -> bool | None:
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, float, np.integer, np.floating)) and value in (0, 1):
        return bool(value)
    key = YES_NO.resolve(value)
    return None if key is None else key == "true"


def _numbers(series: pd.Series, missing: pd.Series, text: bool) -> pd.Series:
    if text:
        try:  # Arrow parses well-formed numbers fast; pandas finds the bad ones.
            parsed = pc.cast(pa.array(series, type=pa.large_string(), from_pandas=True), pa.float64())
            return pd.Series(parsed.to_numpy(zero_copy_only=False), index=series.index)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            pass
    if pdt.is_bool_dtype(series.dtype) or pdt.is_datetime64_any_dtype(series.dtype):
        return pd.Series(np.nan, index=series.index)
    if pdt.is_numeric_dtype(series.dtype):
        return series.astype("float64")
    # Booleans and dates are not numbers, even though Python says True == 1.
    if pdt.is_object_dtype(series.dtype):
        series = series.mask(series.map(lambda v: isinstance(v, bool) or is_date_value(v)).astype(bool))
    values = pd.to_numeric(series.mask(missing), errors="coerce")
    return values.astype("float64")


def _coerce_extra(
    name: str,
    series: pd.Series,
    declared: str | None,
    rows: pd.Series,
    source: str,
    problems: list[Problem],
    text: bool,
) -> pd.Series:
    missing = _missing(series)
    if declared is not None and declared not in TYPE_DTYPES:
        problems.append(
            Problem(
                source,
                None,
                name,
                f"declared type {declared!r} is not one of {sorted(TYPE_DTYPES)}",
                f"声明的类型“{declared}”无效，应为 {', '.join(sorted(TYPE_DTYPES))} 之一",
            )
        )
        declared = None
    if pdt.is_datetime64_any_dtype(series.dtype) or declared == "date":
        return _dates(series.mask(missing), rows, source, name, problems)
    if text or pdt.is_object_dtype(series.dtype) or pdt.is_string_dtype(series.dtype):
        return _coerce_cells(name, series, missing, declared, rows, source, problems, text)
    if not (pdt.is_bool_dtype(series.dtype) or pdt.is_numeric_dtype(series.dtype)):
        problems.append(
            Problem(
                source,
                None,
                name,
                f"type {series.dtype} is not supported; use text, numbers, dates or true/false",
                f"不支持的类型 {series.dtype}；请使用文字、数字、日期或是/否",
            )
        )
        return series
    return series.astype(TYPE_DTYPES[type_of(series)])


def _coerce_cells(
    name: str,
    series: pd.Series,
    missing: pd.Series,
    declared: str | None,
    rows: pd.Series,
    source: str,
    problems: list[Problem],
    text: bool,
) -> pd.Series:
    present = series[~missing]
    if text:
        strings = present.astype("str")
        kind = declared or _infer_from_text(strings)
    elif declared is not None:  # the declared type reads each cell from its text (a whole number past 2**53
        strings = present.map(_cell_text).astype("str")  # is text in a workbook)
        kind = declared
    else:
        kinds = {_python_kind(v) for v in present}
        if len(kinds) > 1 and kinds <= {"int", "float"}:
            kinds = {"float"}
        if "date" in kinds and kinds <= {"date", "str"}:
            kinds = {"date"}  # Excel date cells among dates typed as text; text that is no date is reported
        if len(kinds) > 1:
            each = present.map(_python_kind)
            fewest = each.value_counts().index[-1]  # the kind to change: the one fewest cells hold
            where = rows[~missing][each == fewest].astype(int).tolist()
            listed = ", ".join(map(str, where[:5])) + (" ..." if len(where) > 5 else "")
            listed_zh = "、".join(map(str, where[:5])) + ("等" if len(where) > 5 else "")
            rows_word = "rows" if len(where) > 1 else "row"
            problems.append(
                Problem(
                    source,
                    None,
                    name,
                    f"column mixes {' and '.join(sorted(kinds))} values ({fewest} in {rows_word} {listed}); "
                    "make it "
                    "one kind (for numbers such as phone numbers kept as text, format the column as text)",
                    f"这一列混有不同类型的值（{'、'.join(_KIND_ZH.get(k, k) for k in sorted(kinds))}；"
                    f"第 {listed_zh} 行是{_KIND_ZH.get(fewest, fewest)}）；请统一为一种"
                    "（电话号码等请把整列设为文本格式）",
                )
            )
            return _as_text(series, missing)
        kind = declared or (kinds.pop() if kinds else "str")
        strings = present.map(_cell_text).astype("str")
        if declared is None and kind == "str" and _infer_from_text(strings) == "date":
            kind = "date"  # dates typed as text (or from a format without dates, GEXF)
    if kind == "str":
        return _as_text(series, missing)
    if kind == "date":
        return _dates(series.mask(missing), rows, source, name, problems)
    if kind == "bool":
        return _yes_no(series, missing, rows, source, name, problems)
    if kind == "int":
        whole, bad = _whole_numbers(strings, _WHOLE_TEXT)
        _report(
            bad,
            rows,
            source,
            name,
            problems,
            lambda v: (
                f"{v!r} is not a whole number between -9,223,372,036,854,775,808 and "
                "9,223,372,036,854,775,807"
            ),
            lambda v: f"“{v}”不是有效的整数",
            strings,
        )
        return whole.reindex(series.index)
    numbers = pd.to_numeric(strings, errors="coerce")
    _report(
        numbers.isna(),
        rows,
        source,
        name,
        problems,
        lambda v: f"{v!r} is not a number",
        lambda v: f"“{v}”不是数字",
        strings,
    )
    return numbers.reindex(series.index).astype(TYPE_DTYPES[kind])


#: The python kinds of cells, in the words of a message.
_KIND_ZH = {"str": "文字", "int": "整数", "float": "数字", "bool": "是/否", "date": "日期"}


def _whole_numbers(strings: pd.Series, pattern: str) -> tuple[pd.Series, pd.Series]:
    """Whole numbers written as text, exactly (never through float): Int64 values and the cells that are
    not whole numbers of ``pattern`` or do not fit 64 bits."""
    stripped = strings.str.strip()
    written = stripped.str.fullmatch(pattern).fillna(False).astype(bool)
    text = stripped.where(written).str.lstrip("+")
    try:  # Arrow casts text to int64 exactly and refuses what overflows
        cast = pc.cast(pa.array(text, type=pa.large_string(), from_pandas=True), pa.int64())
        whole = pd.Series(pd.array(cast, dtype="Int64"), index=strings.index)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        exact = [int(t) if isinstance(t, str) else None for t in text]
        fits = [v if v is not None and -(2**63) <= v < 2**63 else None for v in exact]
        whole = pd.Series(pd.array(fits, dtype="Int64"), index=strings.index)
    return whole, whole.isna()


def _python_kind(value: object) -> str:
    if isinstance(value, (bool, np.bool_)):
        return "bool"
    if isinstance(value, (int, np.integer)):
        return "int"
    if isinstance(value, (float, np.floating)):
        return "float"
    if isinstance(value, str):
        return "str"
    if is_date_value(value):
        return "date"
    return type(value).__name__


def _infer_from_text(strings: pd.Series) -> str:
    """Type of a CSV column with no declared type: the narrowest that reads every cell."""
    if strings.empty:
        return "str"
    stripped = strings.str.strip()
    if stripped.str.lower().isin(list(_BOOL_TEXT)).all():
        return "bool"
    if stripped.str.fullmatch(_INFERRED_WHOLE_TEXT).all():
        return "int" if not _whole_numbers(strings, _INFERRED_WHOLE_TEXT)[1].any() else "str"
    if written_as_date(stripped).all() and not parse_dates(stripped)[1].any():
        return "date"
    # Text like "0101" or "1e3" stays text unless every cell is a plain decimal number.
    numeric = pd.to_numeric(stripped, errors="coerce")
    if numeric.notna().all() and stripped.str.fullmatch(r"-?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?").all():
        leading_zero = stripped.str.match(r"^[+-]?0\d")
        if not leading_zero.any():
            return "float"
    return "str"


def plain_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as dicts of plain Python values, missing values left out.

    What networkx attributes, GraphML/GEXF/JSON and Neo4j properties need:
    no NaN or pd.NA, no NumPy scalars.
    """
    columns = list(frame.columns)
    arrays = [frame[c].astype("object").to_numpy() for c in columns]
    if not columns:
        return [{} for _ in range(len(frame))]
    return [
        {
            c: v.item() if isinstance(v, np.generic) else v
            for c, v in zip(columns, values)
            if not _is_missing(v)
        }
        for values in zip(*arrays)
    ]


def _is_missing(value: object) -> bool:
    return (
        value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and np.isnan(value))
    )


def positions(values: pd.Series | pd.Index | list[str], keys: pd.Series | pd.Index | list[str]) -> np.ndarray:
    """Position of each value among ``keys`` (its first occurrence), -1 where absent or missing.

    Arrow's hash lookup, several times faster than ``Index.get_indexer`` on the
    Arrow-backed text of large tables.
    """
    found = pc.index_in(_arrow(values), value_set=_arrow(keys))
    return found.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)


def _arrow(values: pd.Series | pd.Index | list[str]) -> pa.Array:
    """The values as an Arrow string array (zero-copy for Arrow-backed text)."""
    return pa.array(values, type=pa.large_string(), from_pandas=True)
