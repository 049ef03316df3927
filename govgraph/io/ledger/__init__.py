"""Community ledgers (台账): Chinese workbooks as offices keep them, read into the four tables.

A ledger is a workbook with a sheet per role — 网格, 楼栋, 网格员, 党员, 商户,
社会组织, 居民诉求 … — each with a title row or two above a Chinese header,
and cells as people type them: ``96户``, ``６号楼``, ``1号楼、2号楼``, phone
numbers as numbers, dates as Excel dates. :func:`import_ledger` reads such
a workbook into the standard tables and keeps a log of every inference:

- each sheet's role comes from its name (or its title), each column's
  meaning from its header (:mod:`govgraph.io.ledger.words`; a mapping file
  adds words); a header no list names is kept as an attribute;
- title rows above the header, blank rows, 合计 rows, signature lines
  (填表人 …) and repeated headers are skipped; vertically merged cells give
  their value to every row they span;
- text is NFKC-normalised (full-width digits and spaces) and trimmed;
  ``96户`` becomes 96, ``每月10人次`` a capacity of 10 a month;
- places are matched by name as written (第一网格 = 第1网格, 6号楼 = 6栋);
  a building, grid or branch that no sheet lists is created when the ledger
  has no sheet for its kind, and reported with the nearest names when it has;
- ids are the ledger's own (编号) or generated from kind and name
  (``网格员-张三``), so a partner keeps its id when the ledger grows;
- a need's requester who is on no roster becomes a resident of the need's
  building.

Every problem is reported at the ledger's own sheet, row and column.

>>> import govgraph as gg, tempfile, pathlib
>>> book = pathlib.Path(tempfile.mkdtemp()) / "台账模板.xlsx"
>>> _ = gg.io.write_template(book)
>>> imported = gg.io.import_ledger(book)
>>> net = imported.network()
>>> sorted(net.partners["kind"].unique())[:3]
['building', 'community', 'grid']
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from govgraph.errors import DataError, GovGraphError, Problem
from govgraph.io.ledger.build import Builder
from govgraph.io.ledger.records import LOG_COLUMNS, Log, Origin
from govgraph.io.ledger.sheets import SheetReader
from govgraph.io.ledger.template import write_template
from govgraph.io.ledger.words import FIELDS, SKIP, LedgerWords, load_mapping
from govgraph.io.workbooks import inspect_workbook, read_sheets, sheet_names
from govgraph.model.network import PartnerNetwork
from govgraph.model.schema import Schema, check_schema
from govgraph.model.validation import prepare_tables

__all__ = [
    "FIELDS",
    "LOG_COLUMNS",
    "LedgerImport",
    "import_ledger",
    "is_ledger",
    "read_ledger",
    "write_template",
]

# -- the result -----------------------------------------------------------------


@dataclass(frozen=True)
class LedgerImport:
    """A ledger read into the four tables, with the log of every inference.

    Attributes
    ----------
    source : str
        The workbook's file name.
    tables : dict of DataFrame
        ``partners``, ``relations``, ``needs``, ``resources`` as read, not yet
        validated (ids are columns).
    log : DataFrame
        One row per inference: sheet, row, column, action, what happened in
        Chinese and English, the value before and after (columns
        :data:`LOG_COLUMNS`).
    schema : Schema
        The schema the tables are validated against (with the mapping's aliases).
    """

    source: str
    tables: dict[str, pd.DataFrame]
    log: pd.DataFrame
    schema: Schema
    origins: dict[str, list[Origin]] = field(repr=False)
    problems: tuple[Problem, ...] = field(default=(), repr=False)

    def network(self) -> PartnerNetwork:
        """Validate the tables; raise DataError with every problem at its ledger sheet, row and column."""
        sources = {name: f"ledger:{name}" for name in self.tables}
        try:
            tables = prepare_tables(self.tables, self.schema, sources, problems=list(self.problems))
        except DataError as error:
            raise DataError(sorted({self._located(p) for p in error.problems}, key=_order)) from None
        return PartnerNetwork(tables, self.schema)

    def log_for_people(self) -> pd.DataFrame:
        """The log with Chinese-first column names, as ``govgraph import`` writes it."""
        return self.log.rename(columns=LOG_COLUMNS)

    def unread_sheets(self) -> list[str]:
        """Sheets left out because neither their name nor a header row said what they hold."""
        log = self.log
        unread = log["action"].isin(["sheet", "problem"]) & log["row"].isna() & log["column"].isna()
        unread &= log["zh"].str.contains("无法识别|找不到表头行")
        return list(dict.fromkeys(log.loc[unread, "sheet"]))

    def _located(self, problem: Problem) -> Problem:
        found = re.fullmatch(r"ledger:(\w+)", problem.source)
        if not found:
            return problem
        table = found.group(1)
        message, zh = (_relocated(text, self.origins) for text in (problem.message, problem.zh))
        if problem.row is None:
            return Problem(self.source, None, problem.column, message, zh)
        origin = self.origins[table][problem.row - 2]
        column = origin.headers.get(problem.column or "", problem.column)
        return Problem(f"{self.source}[{origin.sheet}]", origin.row, column, message, zh)


def _relocated(text: str, origins: dict[str, list[Origin]]) -> str:
    """Places inside a message (``ledger:partners row 5``) named by their sheet and row."""

    def english(found: re.Match[str]) -> str:
        origin = origins[found.group(1)][int(found.group(2)) - 2]
        return f"{origin.sheet} row {origin.row}"

    def chinese(found: re.Match[str]) -> str:
        origin = origins[found.group(1)][int(found.group(2)) - 2]
        return f"{origin.sheet} 第 {origin.row} 行"

    text = re.sub(r"ledger:(\w+) row (\d+)", english, text)
    return re.sub(r"ledger:(\w+) 第 (\d+) 行", chinese, text)


def _order(problem: Problem) -> tuple[str, int, str]:
    return (problem.source, problem.row or 0, problem.column or "")


# -- reading ----------------------------------------------------------------------


def is_ledger(path: Path, *, schema: Schema | None = None) -> bool:
    """Whether a workbook is a ledger: no ``partners``/``relations`` sheet, and a sheet named for a role."""
    sheets = sheet_names(path)
    if "partners" in sheets or "relations" in sheets:
        return False
    words, kinds = LedgerWords.default(), check_schema(schema).kind_words
    return any(words.role_of(name, kinds) not in (None, SKIP) for name in sheets)


def read_ledger(
    path: str | Path,
    *,
    mapping: str | Path | Mapping[str, Any] | None = None,
    community: str | None = None,
    schema: Schema | None = None,
) -> PartnerNetwork:
    """Read and validate a ledger workbook (see :func:`import_ledger`)."""
    return import_ledger(path, mapping=mapping, community=community, schema=schema).network()


def import_ledger(
    path: str | Path,
    *,
    mapping: str | Path | Mapping[str, Any] | None = None,
    community: str | None = None,
    schema: Schema | None = None,
) -> LedgerImport:
    """Read a ledger workbook into the four tables, logging every inference.

    Parameters
    ----------
    path : str or path
        The workbook (``.xlsx``, or ``.xls`` as older Excel and WPS save it).
    mapping : path or mapping, optional
        A mapping file (``.toml``, ``.yaml``) or its contents as a dict: more
        sheet names, headers and value aliases (see
        :mod:`govgraph.io.ledger.words`).
    community : str, optional
        The community's name, for rows no column places in a community
        (default: the community a title names, such as 富成花园社区网格员花名册,
        else the file's name).
    schema : Schema, optional

    Returns
    -------
    LedgerImport
        ``.network()`` validates; ``.log`` explains every inference.
    """
    path = Path(path)
    schema = check_schema(schema)
    words = LedgerWords.default()
    if mapping is not None:
        source = Path(mapping).name if isinstance(mapping, (str, Path)) else "mapping"
        loaded = load_mapping(mapping) if isinstance(mapping, (str, Path)) else mapping
        if not isinstance(loaded, Mapping):
            raise GovGraphError(f"mapping: expected a file path or a dict, got {type(mapping).__name__}")
        words = words.with_mapping(loaded, source)
    if words.aliases:
        schema = schema.with_aliases(words.aliases)
    if community is not None and (not isinstance(community, str) or not community.strip()):
        raise GovGraphError(f"community: expected the community's name, got {community!r}")
    if not path.exists():
        raise DataError([Problem(path.name, None, None, "no such file", "找不到这个文件")])
    problems = inspect_workbook(path)
    log = Log()
    records = []
    for sheet in read_sheets(path).values():
        records += SheetReader(sheet, words, log, schema).records()
    builder = Builder(path, schema, log, community or words.community)
    builder.build(records)
    return LedgerImport(
        path.name,
        builder.tables(),
        log.frame(),
        schema,
        builder.origins,
        tuple(problems + builder.problems),
    )
