"""Tables as people read them: labelled columns, formatted cells, the same on the page and in the files."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from html import escape

import numpy as np
import pandas as pd

from govgraph.model.glossary import GLOSSARY, Words, known

#: What an empty table says instead of a header with no rows.
NOTHING_TO_LIST = {
    "zh": "没有需要列出的项。",
    "en": "Nothing to list.",
    "both": "没有需要列出的项。 Nothing to list.",
}


@dataclass(frozen=True)
class Column:
    """One column of a people's table: where its values come from and how they read.

    ``key`` is a glossary entry (its label heads the column) unless ``label``
    is given; ``show`` turns each value into text (default: as it is, blanks
    for missing values).
    """

    key: str
    source: str | None = None
    show: str = "text"  # text | int | number | percent | percent1 | yesno | relative
    label: str | None = None


@dataclass
class Table:
    """A table for people: ``frame`` holds its text, column labels already in the language."""

    name: str  # file name of its CSV (no identifiers reach the page: the link text is the caption)
    caption: str
    frame: pd.DataFrame
    limit: int | None = None  # rows shown on the page; the CSV holds them all
    notes: list[str] = field(default_factory=list)  # plain sentences under it (what the measures mean)


def people_table(table: pd.DataFrame, columns: Sequence[Column], words: Words) -> pd.DataFrame:
    """The columns asked for, each turned into text for people and headed by its label."""
    shown = {}
    for column in columns:
        values = table.get(column.source or column.key)
        label = column.label or words(column.key)
        if values is None:
            continue
        if column.show in _NUMBER_FORMATS:
            shown[label] = _numbers(values, _NUMBER_FORMATS[column.show])
        elif column.show == "text" and not isinstance(values, (list, tuple)):
            shown[label] = _texts(values)
        else:
            shown[label] = [_FORMATS[column.show](words, v) for v in values.tolist()]
    return pd.DataFrame(shown, index=pd.RangeIndex(len(table)))


def explained(columns: Sequence[Column], words: Words) -> list[str]:
    """One sentence per column that needs explaining: 中介中心度：有多少条最短联系要经过此人."""
    notes = []
    for column in columns:
        why = words.explain(column.key) if column.key in GLOSSARY else ""
        if why:
            notes.append(f"{column.label or words(column.key)}{words.pick('：', ': ')}{why}")
    return notes


def html_table(table: Table, words: Words) -> str:
    """The table on the page (its first ``limit`` rows), or a sentence when it is empty."""
    frame = table.frame if table.limit is None else table.frame.head(table.limit)
    return html_from_rows(frame.columns, html_rows(frame), words)


def html_rows(frame: pd.DataFrame) -> list[str]:
    """Each row of a people's table as ``<tr>…</tr>``, escaped (render once, pick rows many times)."""
    return [
        "<tr>" + "".join(f"<td>{escape(str(v))}</td>" for v in row) + "</tr>"
        for row in frame.itertuples(index=False, name=None)
    ]


def html_from_rows(columns: Sequence[object], rows: Sequence[str], words: Words) -> str:
    """A table of rows from :func:`html_rows` under ``columns``, or a sentence when there are none."""
    if not len(rows):
        return f"<p>{escape(NOTHING_TO_LIST[words.lang])}</p>"
    head = "".join(f"<th>{escape(str(c))}</th>" for c in columns)
    table_html = f'<table class="data"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
    return f'<div class="scroll">{table_html}</div>'


def counter(table: Table, words: Words) -> str:
    """ "前 15 行，共 1,611 行" when the page shows part of the table, else ""."""
    total = len(table.frame)
    if table.limit is None or total <= table.limit:
        return ""
    return words.pick(f"前 {table.limit} 行，共 {total:,} 行", f"first {table.limit} of {total:,}")


def _text(words: Words, value: object) -> str:
    return str(value) if known(value) else ""


def _numbers(values: pd.Series, pattern: Callable[[pd.Series], pd.Series]) -> list[str]:
    """Numbers as text through ``pattern``, for the whole column at once; blanks where missing."""
    numbers = pd.to_numeric(values, errors="coerce").astype("float64")
    known = numbers.notna().to_numpy()
    out = np.full(len(numbers), "", dtype=object)
    if known.any():
        out[known] = pattern(numbers[known]).to_numpy(dtype=object)
    return out.tolist()


def _texts(values: pd.Series) -> list[str]:
    """Values as text for the whole column; blanks where missing."""
    values = pd.Series(values, dtype=object)
    known = values.notna().to_numpy()
    out = np.full(len(values), "", dtype=object)
    out[known] = values[known].astype(str).to_numpy(dtype=object)
    return out.tolist()


def _small_share(x: pd.Series) -> pd.Series:
    share = x * 100
    return share.map("{:.1f}%".format).where(share < 10, share.map("{:.0f}%".format))


#: The numeric formats, each for a whole column (see :class:`Column`).
_NUMBER_FORMATS: dict[str, Callable[[pd.Series], pd.Series]] = {
    "int": lambda x: x.round().map("{:,.0f}".format),
    "percent": lambda x: (x * 100).map("{:.0f}%".format),
    "percent1": _small_share,  # 0.5%, 47%
    "relative": lambda x: x.map("{:.1f}".format),  # relative to the average, 1.0 = average
    "two": lambda x: x.map("{:.2f}".format),
}

_FORMATS: dict[str, Callable[[Words, object], str]] = {
    "text": _text,
    "number": lambda words, value: words.number(value),
    "yesno": lambda words, value: words.yes_no(value),
}
