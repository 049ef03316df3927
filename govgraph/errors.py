"""The exceptions govgraph raises, rooted in :class:`GovGraphError`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["DataError", "GovGraphError", "InfeasiblePlanError", "Problem", "SchemaError"]

#: How many problems ``str(DataError)`` spells out before summarising the rest.
SHOWN_PROBLEMS = 50


class GovGraphError(Exception):
    """Base class of every error govgraph raises on purpose."""


class SchemaError(GovGraphError, ValueError):
    """A partner kind or relation kind is declared inconsistently."""


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
        What is wrong, in plain words.
    """

    source: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [self.source]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        return f"{', '.join(where)}: {self.message}"


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
