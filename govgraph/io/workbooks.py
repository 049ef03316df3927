"""Excel workbooks of the four tables: sheets ``partners``, ``relations``, ``needs``, ``resources``.

Reading refuses what would mislead rather than guess: merged cells (only the
first cell of a merged range holds its value), formulas whose value the file
does not hold, Excel error values such as ``#N/A``, and files that would
expand beyond :data:`MAX_UNCOMPRESSED_BYTES`. Text such as ``NA``, ``null``
or ``None`` stays text; only an empty cell is missing. Writing keeps whole
numbers exact and refuses text Excel cannot hold, naming the cell.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd
from pandas.api import types as pdt

from govgraph.errors import DataError, GovGraphError, Problem
from govgraph.io.tables import TYPES_TABLE, RawTables, flat_tables, types_frame, types_from
from govgraph.model.contract import HEADER_ROWS, MAX_WHOLE_NUMBER, TABLE_NAMES
from govgraph.model.files import output_file

__all__ = ["EXCEL_CELL_LIMIT", "MAX_UNCOMPRESSED_BYTES", "read_workbook_tables", "write_workbook"]

#: A workbook whose parts would expand beyond this many bytes is refused before it is opened
#: (a .xlsx is a zip file; a "zip bomb" of a few MB can expand to many GB).
MAX_UNCOMPRESSED_BYTES = 1 << 30
#: Excel keeps at most this many characters in a cell and cuts the rest.
EXCEL_CELL_LIMIT = 32_767
#: Characters an .xlsx cell cannot hold.
EXCEL_ILLEGAL = r"[\x00-\x08\x0b\x0c\x0e-\x1f]"

_ELEMENT = re.compile(rb"<(sheet|Relationship) ([^>]*)>")
_ATTRIBUTE = re.compile(rb'([\w:]+)="([^"]*)"')
_MERGED = re.compile(rb'<mergeCell ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')
_CELL = re.compile(rb'<c r="([A-Z]+\d+)"([^>]*?)(?:/>|>(.*?)</c>)', re.DOTALL)


def read_workbook_tables(path: Path) -> RawTables:
    """Read every sheet of a workbook with the cells' own types; problems with the cells are listed."""
    problems = _inspect(path)
    try:
        sheets = pd.read_excel(
            path, sheet_name=None, dtype=object, engine="openpyxl", keep_default_na=False, na_values=[]
        )
    except ImportError as error:
        raise GovGraphError("reading Excel workbooks needs openpyxl: pip install openpyxl") from error
    except Exception as error:  # openpyxl raises many types for damaged files
        raise DataError(
            [Problem(path.name, None, None, f"is not a readable .xlsx workbook: {error}")]
        ) from None
    raw: dict[str, pd.DataFrame | None] = {name: sheets.get(name) for name in TABLE_NAMES}
    sources = {name: f"{path.name}[{name}]" for name in TABLE_NAMES}
    for name, frame in raw.items():
        if frame is not None:
            problems += _rounded_numbers(frame, sources[name])
    types = types_from(sheets.get(TYPES_TABLE), f"{path.name}[{TYPES_TABLE}]", problems)
    return raw, sources, types, problems


def _inspect(path: Path) -> list[Problem]:
    """Refuse a zip bomb; find merged cells, formulas without a value and error values in the table sheets."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise DataError(
            [Problem(path.name, None, None, f"is not a readable .xlsx workbook: {error}")]
        ) from None
    with archive:
        expanded = sum(info.file_size for info in archive.infolist())
        if expanded > MAX_UNCOMPRESSED_BYTES:
            raise DataError(
                [
                    Problem(
                        path.name,
                        None,
                        None,
                        f"would expand to {expanded:,} bytes, more than the {MAX_UNCOMPRESSED_BYTES:,} "
                        "a workbook may hold; split it or save the tables as CSV files",
                    )
                ]
            )
        problems = []
        for name, part in _sheet_parts(archive).items():
            if name in (*TABLE_NAMES, TYPES_TABLE) and part in archive.namelist():
                problems += _sheet_problems(archive.read(part), f"{path.name}[{name}]")
    return problems


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> the part of the zip file that holds it."""
    try:
        book = archive.read("xl/workbook.xml")
        relations = archive.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return {}
    targets = {}
    for _, attributes in _ELEMENT.findall(relations):
        found = _attributes(attributes)
        targets[found.get("Id", "")] = found.get("Target", "")
    parts = {}
    for _, attributes in _ELEMENT.findall(book):
        found = _attributes(attributes)
        target = targets.get(found.get("r:id", ""), "")
        if "name" in found and target:
            parts[found["name"]] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return parts


def _attributes(text: bytes) -> dict[str, str]:
    return {key.decode(): _unescape(value.decode("utf-8")) for key, value in _ATTRIBUTE.findall(text)}


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")


def _sheet_problems(xml: bytes, source: str) -> list[Problem]:
    problems = []
    for first_column, first_row, last_column, last_row in _MERGED.findall(xml):
        if last_row and int(last_row) >= HEADER_ROWS:
            cells = f"{first_column.decode()}{first_row.decode()}:{last_column.decode()}{last_row.decode()}"
            problems.append(
                Problem(
                    source,
                    int(first_row),
                    None,
                    f"cells {cells} are merged, so only the first holds a value; "
                    "unmerge them and fill in every cell",
                )
            )
    if b"<f" not in xml and b't="e"' not in xml:
        return problems
    for reference, attributes, content in _CELL.findall(xml):
        cell = reference.decode()
        row = int(re.sub(r"[A-Z]+", "", cell))
        if b't="e"' in attributes:
            value = re.search(rb"<v>([^<]*)</v>", content or b"")
            shown = value.group(1).decode() if value else "an error"
            problems.append(
                Problem(
                    source,
                    row,
                    None,
                    f"cell {cell} holds the Excel error {shown}; correct it or leave it empty",
                )
            )
        elif content and b"<f" in content and not re.search(rb"<v>[^<]", content):
            problems.append(
                Problem(
                    source,
                    row,
                    None,
                    f"cell {cell} holds a formula whose value the file does not keep; open the workbook in "
                    "Excel or WPS and save it, or type the value",
                )
            )
    return problems


def _rounded_numbers(frame: pd.DataFrame, source: str) -> list[Problem]:
    """Numbers beyond 2**53 in a workbook: a spreadsheet keeps only about 15 digits, so the last are lost."""
    problems = []
    for column in frame.columns:
        for position, value in enumerate(frame[column]):
            if (
                isinstance(value, (int, float))
                and not isinstance(value, bool)
                and abs(value) > MAX_WHOLE_NUMBER
            ):
                problems.append(
                    Problem(
                        source,
                        position + HEADER_ROWS + 1,
                        str(column),
                        f"the number {value:.0f} has more digits than a spreadsheet keeps exactly (15): "
                        "its last digits are already lost; enter it as text (type ' before it in Excel)",
                    )
                )
    return problems


def write_workbook(tables: Mapping[str, pd.DataFrame], path: Path) -> None:
    """Write the tables as sheets of one .xlsx workbook (needs openpyxl).

    Excel stores a line break as ``\\n`` (``\\r\\n`` comes back as ``\\n``),
    at most 32,767 characters in a cell and no control character: such text
    raises DataError naming the cell rather than being cut or changed. Whole
    numbers are written exactly; beyond 2**53, where a spreadsheet would round
    them, as text (``_types`` says they are whole numbers, so they read back as such).
    """
    flat = {name: _exact_whole_numbers(frame) for name, frame in flat_tables(tables).items()}
    flat[TYPES_TABLE] = types_frame(tables)
    _refuse_what_excel_cannot_hold(flat, path.name)
    try:
        with pd.ExcelWriter(output_file(path), engine="openpyxl") as writer:
            for name, frame in flat.items():
                frame.to_excel(writer, sheet_name=name, index=False)
                _keep_text_as_text(writer.sheets[name])
    except ImportError as error:
        raise GovGraphError("writing Excel workbooks needs openpyxl: pip install openpyxl") from error


def _exact_whole_numbers(frame: pd.DataFrame) -> pd.DataFrame:
    """Whole-number columns as Python ints (never through float), as text where one passes 2**53."""
    frame = frame.copy()
    for column in frame.columns:
        if not pdt.is_integer_dtype(frame[column].dtype):
            continue
        values = [None if pd.isna(v) else int(v) for v in frame[column].astype(object)]
        large = any(v is not None and abs(v) > MAX_WHOLE_NUMBER for v in values)
        frame[column] = pd.Series(
            [v if v is None or not large else str(v) for v in values], index=frame.index, dtype=object
        )
    return frame


def _refuse_what_excel_cannot_hold(flat: Mapping[str, pd.DataFrame], book: str) -> None:
    problems = []
    for name, frame in flat.items():
        for column in frame.columns:
            if frame[column].dtype != "str":
                continue
            text = frame[column]
            for mask, message in (
                (
                    text.str.len().gt(EXCEL_CELL_LIMIT),
                    f"text longer than Excel's {EXCEL_CELL_LIMIT:,} characters would be cut",
                ),
                (
                    text.str.contains(EXCEL_ILLEGAL, regex=True),
                    "text holds a control character Excel cannot store",
                ),
            ):
                for row in np.flatnonzero(mask.fillna(False).to_numpy(dtype=bool)) + HEADER_ROWS + 1:
                    problems.append(
                        Problem(
                            f"{book}[{name}]", int(row), str(column), f"{message}; write a CSV folder instead"
                        )
                    )
    if problems:
        raise DataError(sorted(problems))


def _keep_text_as_text(sheet: object) -> None:
    # openpyxl stores text starting with "=" as a formula and "#N/A" as an error value; a partner
    # named "=HYPERLINK(...)" must stay a name and never run in Excel.
    for row in sheet.iter_rows():  # type: ignore[attr-defined]
        for cell in row:
            if cell.data_type in ("f", "e"):  # "#N/A" typed as text stays text, not an error value
                cell.data_type = "s"
