"""The exceptions govgraph raises, rooted in :class:`GovGraphError`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["DataError", "GovGraphError", "InfeasiblePlanError", "Problem", "SchemaError", "shortened"]

#: How many problems ``str(DataError)`` spells out before summarising the rest.
SHOWN_PROBLEMS = 50


class GovGraphError(Exception):
    """Base class of every error govgraph raises on purpose."""


class SchemaError(GovGraphError, ValueError):
    """A partner kind or relation kind is declared inconsistently."""


def shortened(value: object, limit: int = 40) -> str:
    """A value as a message quotes it: its text, cut to ``limit`` characters with an ellipsis."""
    text = value if isinstance(value, str) else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True, order=True)
class Problem:
    """One problem found in the input, located as precisely as possible.

    Attributes
    ----------
    source : str
        The file, sheet or frame the problem is in (``"relations.csv"``,
        ``"book.xlsx[needs]"``, ``"partners frame"``).
    row : int or None
        The spreadsheet row number (the header is row 1, the first record
        row 2), or None when the problem concerns the whole table.
    column : str or None
        The column, or None when the problem concerns the whole row or table.
    message : str
        What is wrong and what to do, in plain English words.
    zh : str
        The same in Chinese, for the people who keep the tables (may be empty).
    """

    source: str
    row: int | None
    column: str | None
    message: str
    zh: str = ""

    def __str__(self) -> str:
        where = [self.source]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        return f"{', '.join(where)}: {self.message}"

    def describe(self, lang: str = "both") -> str:
        """The problem for a person: ``"zh"`` (Chinese, English where no Chinese), ``"en"``, or ``"both"``.

        >>> p = Problem("book.xlsx[网格员]", 5, "所属网格", "'G9' is not a grid", "“G9”不是网格")
        >>> print(p.describe())
        book.xlsx[网格员] 第 5 行「所属网格」列：“G9”不是网格
          (row 5, column '所属网格': 'G9' is not a grid)
        """
        if lang == "en" or (lang == "zh" and not self.zh):
            return str(self)
        where = self.source
        if self.row is not None:
            where += f" 第 {self.row} 行"
        if self.column is not None:
            where += f"「{self.column}」列"
        chinese = f"{where}：{self.zh or self.message}"
        if lang == "zh" or not self.zh:
            return chinese
        english = str(self)[len(self.source) + 2 :] if self.row is not None or self.column else self.message
        return f"{chinese}\n  ({english})"


class DataError(GovGraphError, ValueError):
    """The input tables are invalid; ``problems`` lists every problem found.

    Nothing is repaired or dropped: the caller sees every problem at once and
    fixes the source.
    """

    def __init__(self, problems: Iterable[Problem]):
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(self._describe())

    def _describe(self) -> str:
        count = len(self.problems)
        lines = [f"{count} problem{'s' if count != 1 else ''} found in the input:"]
        lines += [f"  - {problem}" for problem in self.problems[:SHOWN_PROBLEMS]]
        if count > SHOWN_PROBLEMS:
            lines.append(f"  ... and {count - SHOWN_PROBLEMS} more (every one is in DataError.problems)")
        return "\n".join(lines)


class InfeasiblePlanError(GovGraphError, ValueError):
    """No plan can meet the request; ``units`` names the units out of reach."""

    def __init__(self, message: str, units: Iterable[str] = ()):
        self.units: tuple[str, ...] = tuple(units)
        super().__init__(message)
