"""Folders of CSV files: the tables coordinators keep (workbooks: :mod:`govgraph.io.workbooks`).

A folder holds ``partners.csv``, ``relations.csv`` and optionally
``needs.csv`` and ``resources.csv``. :func:`write_folder` also writes a small
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
from collections.abc import Callable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
from pandas.api import types as pdt

from govgraph.errors import Problem
from govgraph.model.contract import HEADER_ROWS, ROWS_ATTR, TABLE_NAMES, type_of
from govgraph.model.dates import date_text
from govgraph.model.files import output_file

__all__ = [
    "TYPES_TABLE",
    "RawTables",
    "dates_as_text",
    "flat_tables",
    "read_each_table",
    "read_folder_tables",
    "types_frame",
    "types_from",
    "write_folder",
]

#: Name of the file (``_types.csv``) or sheet holding the extra columns' types.
TYPES_TABLE = "_types"

RawTables = tuple[dict[str, pd.DataFrame | None], dict[str, str], dict[str, dict[str, str]], list[Problem]]


def read_folder_tables(folder: Path) -> RawTables:
    """Read every table of a CSV folder as text.

    Returns the raw tables, their sources, the declared column types and the
    problems found in the files themselves (encoding, ragged rows), which
    validation reports together with its own.
    """
    raw, sources, problems = read_each_table(folder, ".csv", _read_csv)
    types_path = folder / f"{TYPES_TABLE}.csv"
    types = {}
    if types_path.exists():
        types = types_from(_read_csv(types_path, problems), types_path.name, problems)
    return raw, sources, types, problems


def read_each_table(
    folder: Path, suffix: str, reader: Callable[[Path, list[Problem]], pd.DataFrame | None]
) -> tuple[dict[str, pd.DataFrame | None], dict[str, str], list[Problem]]:
    """Every table of a folder (``partners<suffix>`` …) through ``reader``, None where absent; with
    each table's source (its file name) and the problems the reader found."""
    problems: list[Problem] = []
    raw: dict[str, pd.DataFrame | None] = {}
    sources: dict[str, str] = {}
    for name in TABLE_NAMES:
        path = folder / f"{name}{suffix}"
        sources[name] = path.name
        raw[name] = reader(path, problems) if path.exists() else None
    return raw, sources, problems


def _read_csv(path: Path, problems: list[Problem]) -> pd.DataFrame | None:
    data = path.read_bytes()
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return _parse_csv(data, path.name, problems)
    except UnicodeDecodeError:
        pass
    text = _as_gbk(data, path.name, problems)
    return None if text is None else _parse_csv(text.encode("utf-8"), path.name, problems)


#: Chinese text saved as GBK keeps most of its characters in the GB2312 block (both bytes
#: 0xA1-0xFE); other text read as GBK (Latin-1, say) lands mostly outside it.
_GB2312_SHARE = 0.7


def _as_gbk(data: bytes, source: str, problems: list[Problem]) -> str | None:
    """The text of a file that is not UTF-8, when it is plainly GB18030/GBK; otherwise a located problem."""
    lines = data.split(b"\n")
    utf8 = [_decodes(line, "utf-8") for line in lines]
    if any(ok and not line.isascii() for ok, line in zip(utf8, lines, strict=True)):
        # Some rows are UTF-8 Chinese, others not: two encodings in one file, never guessed at.
        for row, ok in enumerate(utf8, start=HEADER_ROWS):
            if not ok:
                problems.append(
                    Problem(
                        source,
                        row,
                        None,
                        "row is not UTF-8 text like the rest of the file (it may be GBK): the file mixes "
                        "encodings; save it again as CSV UTF-8",
                    )
                )
        return None
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as error:
        problems.append(
            Problem(source, None, None, f"is neither UTF-8 nor GB18030/GBK text (byte {error.start})")
        )
        return None
    pairs = [ch.encode("gb18030") for ch in text if not ch.isascii()]
    common = sum(len(b) == 2 and b[0] >= 0xA1 and b[1] >= 0xA1 for b in pairs)
    if pairs and common / len(pairs) < _GB2312_SHARE:
        problems.append(
            Problem(
                source,
                None,
                None,
                "is neither UTF-8 nor Chinese GBK text (it may be Latin-1 or another encoding); "
                "save it again as CSV UTF-8",
            )
        )
        return None
    return text


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


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

    def parse(block_size: int | None) -> pa.Table:
        return pacsv.read_csv(
            io.BytesIO(data),
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1, block_size=block_size),
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

    try:
        try:
            table = parse(None)
        except pa.ArrowInvalid as error:
            if "straddl" not in str(error):
                raise
            table = parse(len(data) + 1)  # a cell longer than a block (1 MB): read the file as one block
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


def types_from(frame: pd.DataFrame | None, source: str, problems: list[Problem]) -> dict[str, dict[str, str]]:
    if frame is None:
        return {}
    if list(frame.columns)[:3] != ["table", "column", "type"]:
        problems.append(Problem(source, HEADER_ROWS, None, "expected the columns table, column, type"))
        return {}
    types: dict[str, dict[str, str]] = {}
    for table, column, kind in frame[["table", "column", "type"]].itertuples(index=False):
        types.setdefault(str(table), {})[str(column)] = str(kind)
    return types


def types_frame(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    rows = [
        (name, column, type_of(frame[column])) for name, frame in tables.items() for column in frame.columns
    ]
    return pd.DataFrame(rows, columns=["table", "column", "type"])


def dates_as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with its date columns written as text (see :func:`govgraph.model.dates.date_text`)."""
    dated = [c for c in frame.columns if pdt.is_datetime64_any_dtype(frame[c].dtype)]
    if not dated:
        return frame
    return frame.assign(**{str(c): date_text(frame[c]) for c in dated})


def flat_tables(tables: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    return {name: frame.reset_index() if name != "relations" else frame for name, frame in tables.items()}


def write_folder(tables: Mapping[str, pd.DataFrame], folder: Path) -> None:
    """Write the tables and their column types as UTF-8 (with BOM) CSV files."""
    folder.mkdir(parents=True, exist_ok=True)
    flat = flat_tables(tables)
    flat[TYPES_TABLE] = types_frame(tables)
    for name, frame in flat.items():
        frame = dates_as_text(frame)
        with open(output_file(folder / f"{name}.csv"), "wb") as handle:
            handle.write(codecs.BOM_UTF8)
            pacsv.write_csv(
                pa.Table.from_pandas(frame, preserve_index=False),
                handle,
                write_options=pacsv.WriteOptions(quoting_style="needed"),
            )
