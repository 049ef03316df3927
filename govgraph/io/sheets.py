"""Spreadsheets written for people: safe to double-click in Excel or WPS.

A coordinator opens the report's CSV files, ``govgraph match -o`` and query
results in a spreadsheet program, which runs a cell that starts with ``=``,
``+``, ``-`` or ``@`` (and some programs one that starts with a tab or a
carriage return) as a formula: a partner named ``=HYPERLINK(...)`` would run
(CSV injection, OWASP). Here every text cell (index included) that starts with
one of :data:`FORMULA_TRIGGERS` gets a leading apostrophe, as Excel itself
marks text; numbers stay numbers; line breaks inside a cell are quoted, so a
name with a carriage return does not split the row; and characters Excel
cannot store (control characters) are shown as ``�``.

Data files written by :func:`govgraph.write` are not touched: they are data,
kept verbatim so that a round trip gives back an equal network.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import pandas as pd
from pandas.api import types as pdt

from govgraph.errors import GovGraphError
from govgraph.io.workbooks import EXCEL_CELL_LIMIT, EXCEL_ILLEGAL, write_sheets
from govgraph.model.files import output_file

__all__ = ["FORMULA_TRIGGERS", "for_people", "write_csv_for_people", "write_workbook_for_people"]

#: What a spreadsheet program may read as the start of a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_ILLEGAL = re.compile(EXCEL_ILLEGAL)
#: Columns longer than this are made safe at once rather than cell by cell.
_VECTOR_FROM = 1_000


def _safe_text(value: object) -> object:
    if not isinstance(value, str):
        return value
    text = _ILLEGAL.sub("\ufffd", value)
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def _safe_values(values: pd.Series | pd.Index) -> pd.Series | pd.Index:
    if pdt.is_numeric_dtype(values.dtype) or pdt.is_bool_dtype(values.dtype):
        return values
    if pdt.is_object_dtype(values.dtype) or pdt.is_string_dtype(values.dtype):
        if (
            isinstance(values, pd.Series)
            and len(values) > _VECTOR_FROM
            and pd.api.types.infer_dtype(values, skipna=True) in ("string", "empty")
        ):
            return _safe_strings(values)
        safe = [_safe_text(value) for value in values.tolist()]  # a short column: no per-call cost of map
        if isinstance(values, pd.Index):
            return pd.Index(safe, dtype=object, name=values.name)
        return pd.Series(safe, index=values.index, dtype=object, name=values.name)
    return values


def _safe_strings(values: pd.Series) -> pd.Series:
    """:func:`_safe_text` of a long column of text, at once (the same cells, in compiled code)."""
    text = values.astype("string[pyarrow]").str.replace(EXCEL_ILLEGAL, "\ufffd", regex=True)
    triggered = text.str.startswith(FORMULA_TRIGGERS).fillna(False).astype(bool)
    return text.where(~triggered, "'" + text)  # missing cells stay missing


def for_people(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells (index and column names included) cannot run as formulas.

    Examples
    --------
    >>> import pandas as pd
    >>> safe = for_people(pd.DataFrame({"name": ["=1+1", "-LWF2-4号楼党小组", "甲"], "n": [-1, 2, 3]}))
    >>> safe["name"].tolist(), safe["n"].tolist()
    (["'=1+1", "'-LWF2-4号楼党小组", '甲'], [-1, 2, 3])
    """
    if not isinstance(frame, pd.DataFrame):
        raise GovGraphError(f"frame: expected a DataFrame, got {type(frame).__name__}")
    safe = frame.copy()
    for position in range(safe.shape[1]):  # by position: two columns may share a name
        safe.isetitem(position, _safe_values(safe.iloc[:, position]))
    if isinstance(safe.index, pd.MultiIndex):
        safe.index = pd.MultiIndex.from_arrays(
            [_safe_values(safe.index.get_level_values(i)) for i in range(safe.index.nlevels)],
            names=safe.index.names,
        )
    else:
        safe.index = _safe_values(safe.index)
    safe.columns = pd.Index([_safe_text(str(c)) for c in safe.columns])
    return safe


def write_csv_for_people(frame: pd.DataFrame, path: str | Path, *, index: bool = True) -> Path:
    """Write ``frame`` as a CSV file for people: UTF-8 with a byte-order mark (which Excel on a Chinese
    Windows reads), Windows line ends, every line break inside a cell quoted, no formula."""
    path = output_file(path)
    for_people(frame).to_csv(path, index=index, encoding="utf-8-sig", lineterminator="\r\n")
    return path


_CUT = " …（内容过长，已截断 cut: see the CSV file）"


def _fit_cell(value: object) -> object:
    if isinstance(value, str) and len(value) > EXCEL_CELL_LIMIT:
        return value[: EXCEL_CELL_LIMIT - len(_CUT)] + _CUT
    return value


def write_workbook_for_people(
    sheets: Mapping[str, pd.DataFrame], path: str | Path, *, index: bool = True
) -> Path:
    """Write one sheet per table (names cut to Excel's 31 characters) for people.

    Text longer than Excel's 32,767 characters is cut, and says so in the cell.
    """
    safe_sheets = {}
    for name, frame in sheets.items():
        safe = for_people(frame)
        for column in safe.columns:
            if not pdt.is_numeric_dtype(safe[column].dtype):
                safe[column] = safe[column].map(_fit_cell)
        if not isinstance(safe.index, pd.MultiIndex):
            safe.index = safe.index.map(_fit_cell)
        safe_sheets[name] = safe
    return write_sheets(Path(path), safe_sheets, index=index, header_format={"bold": True})
