"""Folders of CSV files and Excel workbooks: the tables coordinators keep.

A folder holds ``partners.csv``, ``relations.csv`` and optionally
``needs.csv`` and ``resources.csv``; a workbook holds sheets of the same
names. :func:`write_folder` and :func:`write_workbook` also write a small
``_types`` table naming the type of every extra column, so that a round trip
gives back an equal network (text such as a phone number stays text).
Folders without it are read too: extra columns then get the narrowest type
that reads every cell.

CSV files may be UTF-8 (with or without BOM) or GB18030/GBK, as Excel on a
Chinese Windows saves them. Files are written as UTF-8 with BOM, which that
Excel opens correctly.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from govgraph.errors import DataError, GovGraphError, Problem
from govgraph.model.contract import HEADER_ROWS, ROWS_ATTR, TABLE_NAMES, type_of

__all__ = ["TYPES_TABLE", "read_folder_tables", "read_workbook_tables", "write_folder", "write_workbook"]

#: Name of the file (``_types.csv``) or sheet holding the extra columns' types.
TYPES_TABLE = "_types"

RawTables = tuple[dict[str, pd.DataFrame | None], dict[str, str], dict[str, dict[str, str]], list[Problem]]


def read_folder_tables(folder: Path) -> RawTables:
    """Read every table of a CSV folder as text.

    Returns the raw tables, their sources, the declared column types and the
    problems found in the files themselves (encoding, ragged rows), which
    validation reports together with its own.
    """
    problems: list[Problem] = []
    raw: dict[str, pd.DataFrame | None] = {}
    sources: dict[str, str] = {}
    for name in TABLE_NAMES:
        path = folder / f"{name}.csv"
        sources[name] = path.name
        raw[name] = _read_csv(path, problems) if path.exists() else None
    types_path = folder / f"{TYPES_TABLE}.csv"
    types = {}
    if types_path.exists():
        types = _types_from(_read_csv(types_path, problems), types_path.name, problems)
    return raw, sources, types, problems


def _read_csv(path: Path, problems: list[Problem]) -> pd.DataFrame | None:
    data = path.read_bytes()
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return _parse_csv(data, path.name, problems)
    except UnicodeDecodeError:
        pass
    try:
        data = data.decode("gb18030").encode("utf-8")
    except UnicodeDecodeError as error:
        problems.append(
            Problem(path.name, None, None, f"is neither UTF-8 nor GB18030/GBK text (byte {error.start})")
        )
        return None
    return _parse_csv(data, path.name, problems)


def _parse_csv(data: bytes, source: str, problems: list[Problem]) -> pd.DataFrame | None:
    """Parse UTF-8 CSV bytes with every cell as text; raise UnicodeDecodeError if not UTF-8."""
    end = data.find(b"\n")
    first_line = data if end < 0 else data[:end]
    header = next(csv.reader([first_line.rstrip(b"\r").decode("utf-8")]), [])
    if not header or all(not h.strip() for h in header):
        problems.append(Problem(source, HEADER_ROWS, None, "the header row is empty"))
        return None
    names = [h if h.strip() else f"Unnamed: {i}" for i, h in enumerate(header)]
    irregular = False

    def on_invalid_row(row: pacsv.InvalidRow) -> str:
        nonlocal irregular
        irregular = True
        return "skip"

    try:
        table = pacsv.read_csv(
            io.BytesIO(data),
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1),
            parse_options=pacsv.ParseOptions(
                newlines_in_values=True, ignore_empty_lines=False, invalid_row_handler=on_invalid_row
            ),
            convert_options=pacsv.ConvertOptions(
                column_types={n: pa.string() for n in names},
                null_values=[""],
                strings_can_be_null=True,
                quoted_strings_can_be_null=True,
            ),
        )
    except pa.ArrowInvalid as error:
        if "utf8" in str(error).lower():
            raise UnicodeDecodeError("utf-8", data[:1], 0, 1, str(error)) from None
        problems.append(Problem(source, None, None, f"is not a readable CSV file: {error}"))
        return None
    if irregular:
        # Blank lines or rows with the wrong number of fields: the slow reader
        # below knows every record's row number, which pyarrow does not.
        return _parse_irregular_csv(data.decode("utf-8"), names, source, problems)
    frame = table.to_pandas().set_axis(names, axis=1)
    blank = frame.isna().all(axis=1).to_numpy()
    if blank.any():  # blank lines hold no data, but they still take a row in a spreadsheet
        rows = np.arange(len(frame)) + HEADER_ROWS + 1
        frame = frame[~blank].reset_index(drop=True)
        frame.attrs[ROWS_ATTR] = rows[~blank]
    return frame


def _parse_irregular_csv(text: str, names: list[str], source: str, problems: list[Problem]) -> pd.DataFrame:
    records, rows = [], []
    reader = csv.reader(io.StringIO(text, newline=""))
    next(reader)
    # A spreadsheet shows each record, blank or not, on a row of its own.
    for row, record in enumerate(reader, start=HEADER_ROWS + 1):
        if not any(field.strip() for field in record):
            continue
        if len(record) != len(names):
            problems.append(
                Problem(source, row, None, f"row has {len(record)} fields, the header has {len(names)}")
            )
            record = (record + [""] * len(names))[: len(names)]
        records.append([field if field != "" else None for field in record])
        rows.append(row)
    frame = pd.DataFrame(records, columns=names, dtype="str")
    frame.attrs[ROWS_ATTR] = rows
    return frame


def read_workbook_tables(path: Path) -> RawTables:
    """Read every sheet of a workbook with the cells' own types."""
    try:
        sheets = pd.read_excel(path, sheet_name=None, dtype=object, engine="openpyxl")
    except ImportError as error:
        raise GovGraphError(
            "reading Excel workbooks needs openpyxl: pip install 'govgraph[excel]'"
        ) from error
    except Exception as error:  # openpyxl raises many types for damaged files
        raise DataError(
            [Problem(path.name, None, None, f"is not a readable .xlsx workbook: {error}")]
        ) from None
    raw: dict[str, pd.DataFrame | None] = {name: sheets.get(name) for name in TABLE_NAMES}
    sources = {name: f"{path.name}[{name}]" for name in TABLE_NAMES}
    problems: list[Problem] = []
    types = _types_from(sheets.get(TYPES_TABLE), f"{path.name}[{TYPES_TABLE}]", problems)
    return raw, sources, types, problems


def _types_from(
    frame: pd.DataFrame | None, source: str, problems: list[Problem]
) -> dict[str, dict[str, str]]:
    if frame is None:
        return {}
    if list(frame.columns)[:3] != ["table", "column", "type"]:
        problems.append(Problem(source, HEADER_ROWS, None, "expected the columns table, column, type"))
        return {}
    types: dict[str, dict[str, str]] = {}
    for table, column, kind in frame[["table", "column", "type"]].itertuples(index=False):
        types.setdefault(str(table), {})[str(column)] = str(kind)
    return types


def _types_frame(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    rows = [
        (name, column, type_of(frame[column])) for name, frame in tables.items() for column in frame.columns
    ]
    return pd.DataFrame(rows, columns=["table", "column", "type"])


def _flat_tables(tables: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    return {name: frame.reset_index() if name != "relations" else frame for name, frame in tables.items()}


def write_folder(tables: Mapping[str, pd.DataFrame], folder: Path) -> None:
    """Write the tables and their column types as UTF-8 (with BOM) CSV files."""
    folder.mkdir(parents=True, exist_ok=True)
    flat = _flat_tables(tables)
    flat[TYPES_TABLE] = _types_frame(tables)
    for name, frame in flat.items():
        with open(folder / f"{name}.csv", "wb") as handle:
            handle.write(codecs.BOM_UTF8)
            pacsv.write_csv(
                pa.Table.from_pandas(frame, preserve_index=False),
                handle,
                write_options=pacsv.WriteOptions(quoting_style="needed"),
            )


def write_workbook(tables: Mapping[str, pd.DataFrame], path: Path) -> None:
    """Write the tables as sheets of one .xlsx workbook (needs openpyxl).

    Excel stores a line break as ``\n`` (``\r\n`` comes back as ``\n``) and
    at most 32,767 characters in a cell: longer text raises DataError rather
    than being cut.
    """
    flat = _flat_tables(tables)
    flat[TYPES_TABLE] = _types_frame(tables)
    _refuse_overlong_cells(flat, path.name)
    try:
        with pd.ExcelWriter(path, engine="openpyxl") as writer:
            for name, frame in flat.items():
                frame.to_excel(writer, sheet_name=name, index=False)
                _keep_text_as_text(writer.sheets[name])
    except ImportError as error:
        raise GovGraphError(
            "writing Excel workbooks needs openpyxl: pip install 'govgraph[excel]'"
        ) from error


#: Excel keeps at most this many characters in a cell and cuts the rest.
EXCEL_CELL_LIMIT = 32_767


def _refuse_overlong_cells(flat: Mapping[str, pd.DataFrame], book: str) -> None:
    problems = []
    for name, frame in flat.items():
        for column in frame.columns:
            if frame[column].dtype != "str":
                continue
            long = frame[column].str.len().gt(EXCEL_CELL_LIMIT).to_numpy()
            for row in np.flatnonzero(long) + HEADER_ROWS + 1:
                problems.append(
                    Problem(
                        f"{book}[{name}]",
                        int(row),
                        str(column),
                        f"text longer than Excel's {EXCEL_CELL_LIMIT:,} characters would be cut; "
                        "write a CSV folder instead",
                    )
                )
    if problems:
        raise DataError(problems)


def _keep_text_as_text(sheet: object) -> None:
    # openpyxl stores text starting with "=" as a formula; a partner named
    # "=HYPERLINK(...)" must stay a name and never run in Excel.
    for row in sheet.iter_rows():  # type: ignore[attr-defined]
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"
