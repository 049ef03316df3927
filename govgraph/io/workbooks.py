"""Excel workbooks of the four tables: sheets ``partners``, ``relations``, ``needs``, ``resources``.

Workbooks are read with python-calamine (fast, dates as dates) and written
with XlsxWriter (text stays text), both part of the default install.

Reading refuses what would mislead rather than guess: merged cells (only the
first cell of a merged range holds its value), formulas whose value the file
does not hold, Excel error values such as ``#N/A``, and files that would
expand beyond :data:`MAX_UNCOMPRESSED_BYTES`. Text such as ``NA``, ``null``
or ``None`` stays text; only an empty cell is missing. Writing keeps whole
numbers exact and refuses text Excel cannot hold, naming the cell.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import python_calamine
import xlsxwriter
from pandas.api import types as pdt

from govgraph.errors import DataError, Problem
from govgraph.io.tables import TYPES_TABLE, RawTables, flat_tables, types_frame, types_from
from govgraph.model.contract import HEADER_ROWS, MAX_WHOLE_NUMBER, ROWS_ATTR, TABLE_NAMES, row_numbers
from govgraph.model.files import output_file

__all__ = [
    "EXCEL_CELL_LIMIT",
    "MAX_UNCOMPRESSED_BYTES",
    "Sheet",
    "column_index",
    "column_letter",
    "inspect_workbook",
    "read_sheets",
    "read_workbook_tables",
    "sheet_names",
    "write_sheets",
    "write_workbook",
]

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
    """Read every table sheet of a workbook with the cells' own types; problems with the cells are listed."""
    problems = _inspect(path, (*TABLE_NAMES, TYPES_TABLE))
    sheets = read_sheets(path)
    raw: dict[str, pd.DataFrame | None] = {}
    sources = {name: f"{path.name}[{name}]" for name in TABLE_NAMES}
    for name in TABLE_NAMES:
        frame = _table(sheets[name].cells) if name in sheets else None
        if frame is not None:
            problems += _rounded_numbers(frame, sources[name])
        raw[name] = frame
    types_sheet = _table(sheets[TYPES_TABLE].cells) if TYPES_TABLE in sheets else None
    types = types_from(types_sheet, f"{path.name}[{TYPES_TABLE}]", problems)
    return raw, sources, types, problems


@dataclass(frozen=True)
class Sheet:
    """One sheet as read: its cells row by row (``None`` for an empty cell), and its merged ranges.

    ``cells[i][j]`` is the cell on spreadsheet row ``i + 1``, column ``j + 1``:
    text, a whole number (``int``, from a number without a fraction), a
    ``float``, a ``bool``, or a ``datetime.date``/``datetime.datetime`` for a
    date cell; a time of day is read as its text (``10:30:00``).
    ``merged`` holds each merged range as 0-based ``(first row, first column,
    last row, last column)``.
    """

    name: str
    cells: list[list[object]]
    merged: list[tuple[int, int, int, int]]


def read_sheets(path: Path) -> dict[str, Sheet]:
    """Every sheet of a workbook (.xlsx, .xlsm, or .xls as older Excel and WPS save), by name, in
    workbook order (python-calamine: fast, and exact dates)."""
    _refuse_too_large(path)
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        sheets = {}
        for name in book.sheet_names:
            sheet = book.get_sheet_by_name(name)
            cells = [[_cell(value) for value in row] for row in sheet.to_python(skip_empty_area=False)]
            merged = [
                (first[0], first[1], last[0], last[1]) for first, last in (sheet.merged_cell_ranges or [])
            ]
            sheets[name] = Sheet(name, cells, merged)
    except python_calamine.CalamineError as error:
        raise DataError(
            [Problem(path.name, None, None, f"is not a readable Excel workbook: {error}", _NOT_A_WORKBOOK)]
        ) from None
    return sheets


def sheet_names(path: Path) -> list[str]:
    """The names of a workbook's sheets, without reading their cells."""
    _refuse_too_large(path)
    try:
        return list(python_calamine.CalamineWorkbook.from_path(str(path)).sheet_names)
    except python_calamine.CalamineError as error:
        raise DataError(
            [Problem(path.name, None, None, f"is not a readable Excel workbook: {error}", _NOT_A_WORKBOOK)]
        ) from None


_NOT_A_WORKBOOK = "不是可读取的 Excel 工作簿（.xlsx 或 .xls）；请用 Excel 或 WPS 打开后另存为 .xlsx"


def _cell(value: object) -> object:
    if isinstance(value, str):
        return value if value != "" else None
    if isinstance(value, float) and value.is_integer() and abs(value) <= MAX_WHOLE_NUMBER:
        return int(value)
    if isinstance(value, (dt.time, dt.timedelta)):
        return str(value)
    return value


def _table(cells: list[list[object]]) -> pd.DataFrame | None:
    """A sheet with its header on row 1 as a frame of objects; blank rows keep their row numbers."""
    if not cells:
        return None
    header = [str(c) if c is not None else f"Unnamed: {i}" for i, c in enumerate(cells[0])]
    while (
        header
        and header[-1].startswith("Unnamed:")
        and all(len(row) < len(header) or row[len(header) - 1] is None for row in cells[1:])
    ):
        header.pop()  # trailing columns with neither a name nor a value
    records = [row[: len(header)] + [None] * (len(header) - len(row)) for row in cells[1:]]
    rows = [
        n for n, record in enumerate(records, start=HEADER_ROWS + 1) if any(v is not None for v in record)
    ]
    frame = pd.DataFrame(
        [records[n - HEADER_ROWS - 1] for n in rows], columns=pd.Index(header, dtype=object), dtype=object
    )
    frame.attrs[ROWS_ATTR] = np.asarray(rows, dtype=np.int64)
    return frame


def _refuse_too_large(path: Path) -> None:
    """Refuse a workbook that would expand beyond the limit: an .xlsx by its parts' sizes (a zip file),
    an .xls (not compressed) by its own size."""
    if zipfile.is_zipfile(path) or path.suffix.lower() != ".xls":
        _refuse_zip_bomb(path)
    elif path.stat().st_size > MAX_UNCOMPRESSED_BYTES:
        raise DataError(
            [
                Problem(
                    path.name,
                    None,
                    None,
                    f"holds more than the {MAX_UNCOMPRESSED_BYTES:,} bytes a workbook may hold; split it or "
                    "save the tables as CSV files",
                    f"超过 {MAX_UNCOMPRESSED_BYTES:,} 字节，超出允许的大小；请拆分工作簿或另存为 CSV 文件",
                )
            ]
        )


def _refuse_zip_bomb(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError) as error:
        raise DataError(
            [Problem(path.name, None, None, f"is not a readable .xlsx workbook: {error}", _NOT_A_WORKBOOK)]
        ) from None
    if expanded > MAX_UNCOMPRESSED_BYTES:
        raise DataError(
            [
                Problem(
                    path.name,
                    None,
                    None,
                    f"would expand to {expanded:,} bytes, more than the {MAX_UNCOMPRESSED_BYTES:,} "
                    "a workbook may hold; split it or save the tables as CSV files",
                    f"解压后将超过 {MAX_UNCOMPRESSED_BYTES:,} 字节，超出允许的大小；"
                    "请拆分工作簿或另存为 CSV 文件",
                )
            ]
        )


def inspect_workbook(path: Path) -> list[Problem]:
    """Formulas without a value and Excel error values in any sheet (merged cells are a ledger's own)."""
    return _inspect(path, None, merged=False)


def _inspect(path: Path, names: Iterable[str] | None = None, merged: bool = True) -> list[Problem]:
    """Refuse a zip bomb; find merged cells, formulas without a value and error values in the named sheets
    (every sheet when ``names`` is None). An .xls keeps no formulas without values; its merged cells
    come from the reader."""
    _refuse_too_large(path)
    if not zipfile.is_zipfile(path):
        if not merged:
            return []
        return [
            _merged_problem(
                f"{path.name}[{sheet.name}]", first_row + 1, first_column, last_row + 1, last_column
            )
            for sheet in read_sheets(path).values()
            if names is None or sheet.name in names
            for first_row, first_column, last_row, last_column in sheet.merged
            if last_row + 1 >= HEADER_ROWS
        ]
    problems = []
    with zipfile.ZipFile(path) as archive:
        present = set(archive.namelist())
        for name, part in _sheet_parts(archive).items():
            if (names is None or name in names) and part in present:
                problems += _sheet_problems(archive.read(part), f"{path.name}[{name}]", merged)
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


def _sheet_problems(xml: bytes, source: str, merged: bool = True) -> list[Problem]:
    problems = []
    for first_column, first_row, last_column, last_row in _MERGED.findall(xml) if merged else []:
        if last_row and int(last_row) >= HEADER_ROWS:
            problems.append(
                _merged_problem(
                    source,
                    int(first_row),
                    column_index(first_column.decode()),
                    int(last_row),
                    column_index(last_column.decode()),
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
                    f"单元格 {cell} 是 Excel 错误值 {shown}；请改正或清空",
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
                    f"单元格 {cell} 是公式，但文件里没有保存它的计算结果；"
                    "请用 Excel 或 WPS 打开后保存，或直接填写数值",
                )
            )
    return problems


def column_letter(position: int) -> str:
    """A spreadsheet column's letters from its 0-based position: 0 → A, 26 → AA."""
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_index(letters: str) -> int:
    """The 0-based position of a spreadsheet column: A → 0, AA → 26."""
    position = 0
    for letter in letters:
        position = position * 26 + ord(letter) - 64
    return position - 1


def _merged_problem(
    source: str, first_row: int, first_column: int, last_row: int, last_column: int
) -> Problem:
    """Merged cells in a table (rows counted from 1, columns from 0)."""
    cells = f"{column_letter(first_column)}{first_row}:{column_letter(last_column)}{last_row}"
    return Problem(
        source,
        first_row,
        None,
        f"cells {cells} are merged, so only the first holds a value; unmerge them and fill in every cell",
        f"单元格 {cells} 是合并单元格，只有第一格有值；请取消合并并在每格填写",
    )


def _rounded_numbers(frame: pd.DataFrame, source: str) -> list[Problem]:
    """Numbers beyond 2**53 in a workbook: a spreadsheet keeps only about 15 digits, so the last are lost."""
    problems = []
    rows = row_numbers(frame)
    for column in frame.columns:
        for row, value in zip(rows, frame[column]):
            if (
                isinstance(value, (int, float))
                and not isinstance(value, bool)
                and abs(value) > MAX_WHOLE_NUMBER
            ):
                problems.append(
                    Problem(
                        source,
                        int(row),
                        str(column),
                        f"the number {value:.0f} has more digits than a spreadsheet keeps exactly (15): "
                        "its last digits are already lost; enter it as text (type ' before it in Excel)",
                        f"数字 {value:.0f} 超过电子表格能精确保存的 15 位，末尾几位已经丢失；"
                        "请以文本方式输入（在 Excel 中先输入英文单引号 '）",
                    )
                )
    return problems


def write_workbook(tables: Mapping[str, pd.DataFrame], path: Path) -> None:
    """Write the tables as sheets of one .xlsx workbook.

    Excel stores a line break as ``\\n`` (``\\r\\n`` comes back as ``\\n``),
    at most 32,767 characters in a cell and no control character: such text
    raises DataError naming the cell rather than being cut or changed. Whole
    numbers are written exactly; beyond 2**53, where a spreadsheet would round
    them, as text (``_types`` says they are whole numbers, so they read back
    as such). Dates are Excel dates, shown as ``2024-03-15`` or
    ``2024-03-15 10:30:00``; one with a fraction of a second is written as
    text, which a spreadsheet's clock would round.
    """
    flat = dict(flat_tables(tables))
    flat[TYPES_TABLE] = types_frame(tables)
    _refuse_what_excel_cannot_hold(flat, path.name)
    write_sheets(path, flat)


def write_sheets(
    path: Path,
    sheets: Mapping[str, pd.DataFrame],
    *,
    index: bool = False,
    header_format: Mapping[str, object] | None = None,
) -> Path:
    """Write frames as the sheets of one workbook with XlsxWriter, each cell by its own type.

    Text is always text (never a formula, a link or a number); whole numbers
    beyond 2**53 and infinities are written as their text; missing values
    leave the cell empty. Sheet names are cut to Excel's 31 characters.
    """
    path = output_file(path)
    options = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    book = xlsxwriter.Workbook(str(path), {**options, "constant_memory": True})
    formats = {
        "date": book.add_format({"num_format": "yyyy-mm-dd"}),
        "datetime": book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"}),
        "header": book.add_format(dict(header_format or {})) if header_format else None,
    }
    try:
        for name, frame in sheets.items():
            sheet = book.add_worksheet(name[:31])
            shown = frame.reset_index() if index else frame
            heads = [str(c) for c in shown.columns]
            for column, head in enumerate(heads):
                sheet.write_string(0, column, head, formats["header"])
            columns = [_cells(shown.iloc[:, j]) for j in range(shown.shape[1])]
            for row, values in enumerate(zip(*columns), start=1):
                for column, value in enumerate(values):
                    _write_cell(sheet, row, column, value, formats)
    finally:
        book.close()
    return path


def _cells(values: pd.Series) -> list[object]:
    """Plain Python values of a column: None where missing, int for whole numbers, datetime for dates."""
    if pdt.is_datetime64_any_dtype(values.dtype):
        return [None if pd.isna(v) else v.to_pydatetime() for v in values]
    if pdt.is_integer_dtype(values.dtype):
        return [None if pd.isna(v) else int(v) for v in values.astype(object)]
    return [None if _missing_cell(v) else (v.item() if isinstance(v, np.generic) else v) for v in values]


def _missing_cell(value: object) -> bool:
    return (
        value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and np.isnan(value))
    )


def _write_cell(sheet: Any, row: int, column: int, value: object, formats: Mapping[str, Any]) -> None:
    if value is None:
        return
    if isinstance(value, str):
        sheet.write_string(row, column, value)
    elif isinstance(value, bool):
        sheet.write_boolean(row, column, value)
    elif isinstance(value, int):
        if abs(value) > MAX_WHOLE_NUMBER:
            sheet.write_string(row, column, str(value))
        else:
            sheet.write_number(row, column, value)
    elif isinstance(value, float):
        if np.isfinite(value):
            sheet.write_number(row, column, value)
        else:
            sheet.write_string(row, column, str(value))
    elif isinstance(value, dt.datetime):
        if value.microsecond:
            sheet.write_string(row, column, value.isoformat(sep=" "))
        elif value.time() == dt.time():
            sheet.write_datetime(row, column, value, formats["date"])
        else:
            sheet.write_datetime(row, column, value, formats["datetime"])
    else:
        sheet.write_string(row, column, str(value))


def _refuse_what_excel_cannot_hold(flat: Mapping[str, pd.DataFrame], book: str) -> None:
    problems = []
    for name, frame in flat.items():
        for column in frame.columns:
            if frame[column].dtype != "str":
                continue
            text = frame[column]
            for mask, message, zh in (
                (
                    text.str.len().gt(EXCEL_CELL_LIMIT),
                    f"text longer than Excel's {EXCEL_CELL_LIMIT:,} characters would be cut",
                    f"文字超过 Excel 单格上限 {EXCEL_CELL_LIMIT:,} 个字符，会被截断",
                ),
                (
                    text.str.contains(EXCEL_ILLEGAL, regex=True),
                    "text holds a control character Excel cannot store",
                    "文字含有 Excel 无法保存的控制字符",
                ),
            ):
                for row in np.flatnonzero(mask.fillna(False).to_numpy(dtype=bool)) + HEADER_ROWS + 1:
                    problems.append(
                        Problem(
                            f"{book}[{name}]",
                            int(row),
                            str(column),
                            f"{message}; write a CSV folder instead",
                            f"{zh}；请改为保存 CSV 文件夹",
                        )
                    )
    if problems:
        raise DataError(sorted(problems))
