"""What a ledger import keeps as it goes: each record of a sheet, where each table row came from, the log."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import pandas as pd

__all__ = ["LOG_COLUMNS", "Log", "Origin", "Record", "cell_text"]

#: The columns of the import log, Chinese first.
LOG_COLUMNS = {
    "sheet": "工作表 sheet",
    "row": "行 row",
    "column": "列 column",
    "action": "处理 action",
    "zh": "说明",
    "en": "note",
    "before": "原值 before",
    "after": "结果 after",
}


@dataclass
class Origin:
    """Where a row of a standard table came from: sheet, spreadsheet row, and each column's header."""

    sheet: str
    row: int
    headers: dict[str, str]


class Log:
    def __init__(self) -> None:
        self.rows: list[dict[str, object]] = []

    def add(
        self,
        sheet: str,
        row: int | None,
        column: str | None,
        action: str,
        zh: str,
        en: str,
        before: object = None,
        after: object = None,
    ) -> None:
        self.rows.append(
            {
                "sheet": sheet,
                "row": row,
                "column": column,
                "action": action,
                "zh": zh,
                "en": en,
                "before": _shown(before),
                "after": _shown(after),
            }
        )

    def frame(self) -> pd.DataFrame:
        frame = pd.DataFrame(self.rows, columns=list(LOG_COLUMNS))
        frame["row"] = frame["row"].astype("Int64")
        return frame


def _shown(value: object) -> str | None:
    if value is None:
        return None
    return str(value)


@dataclass
class Record:
    """One row of a ledger sheet: its role and where it is, its fields and attributes."""

    role: str
    sheet: str
    row: int
    fields: dict[str, tuple[object, str]]  # field -> (value, header)
    attributes: dict[str, object]
    community_hint: str | None = None

    def value(self, name: str) -> object:
        found = self.fields.get(name)
        return None if found is None else found[0]

    def header(self, name: str) -> str:
        found = self.fields.get(name)
        return found[1] if found else name


def cell_text(value: object) -> str:
    if value is None:
        return ""
    return unicodedata.normalize("NFKC", str(value)).strip()
