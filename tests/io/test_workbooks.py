"""Workbooks that would mislead are refused with the cell named: merged cells, formulas without values,
error values, zip bombs; text that looks missing stays text; what Excel cannot hold is refused on writing."""

from __future__ import annotations

import zipfile

import openpyxl
import pandas as pd
import pytest

import govgraph as gg
from govgraph.io import workbooks
from tests.conftest import small_tables


def workbook(tmp_path, edit=None) -> object:
    """The small street as a workbook written by Excel's rules (openpyxl), edited before saving."""
    path = tmp_path / "book.xlsx"
    gg.PartnerNetwork.from_frames(**small_tables()).write(path)
    if edit is not None:
        book = openpyxl.load_workbook(path)
        edit(book)
        book.save(path)
    return path


def test_text_that_looks_missing_stays_text(tmp_path):
    def na_like(book):
        sheet = book["partners"]
        for row, text in zip(range(2, 7), ["NA", "N/A", "null", "None", "nan"], strict=True):
            sheet.cell(row=row, column=3, value=text)

    net = gg.read(workbook(tmp_path, na_like))
    assert net.partners["name"].tolist() == ["NA", "N/A", "null", "None", "nan"]


def test_merged_cells_are_refused_with_their_range(tmp_path):
    def merge(book):
        book["partners"].merge_cells("E3:E5")

    with pytest.raises(gg.DataError, match=r"book.xlsx\[partners\], row 3: cells E3:E5 are merged"):
        gg.read(workbook(tmp_path, merge))


def test_formulas_without_a_value_and_error_values_are_named(tmp_path):
    def formulas(book):
        sheet = book["partners"]
        sheet["G4"] = "=1+1"  # openpyxl keeps no value for it, as a file never opened in Excel
        sheet["G1"] = "score"

    with pytest.raises(
        gg.DataError, match=r"row 4: cell G4 holds a formula whose value the file does not keep"
    ):
        gg.read(workbook(tmp_path, formulas))
    path = workbook(tmp_path)
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = next(
        name for name, data in parts.items() if b"FC" not in data and b"<sheetData>" in data and b"W1" in data
    )
    parts[sheet] = parts[sheet].replace(
        b"</row></sheetData>", b'<c r="H6" t="e"><v>#N/A</v></c></row></sheetData>', 1
    )
    broken = tmp_path / "error.xlsx"
    with zipfile.ZipFile(broken, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    with pytest.raises(gg.DataError, match=r"cell H6 holds the Excel error #N/A"):
        gg.read(broken)


def test_a_zip_bomb_is_refused_before_it_expands(tmp_path, monkeypatch):
    monkeypatch.setattr(workbooks, "MAX_UNCOMPRESSED_BYTES", 20_000_000)
    path = workbook(tmp_path)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\0" * 30_000_000)  # about 30 kB on disk
    assert path.stat().st_size < 1_000_000
    with pytest.raises(gg.DataError, match=r"book.xlsx: would expand to 30,0\d\d,\d\d\d bytes"):
        gg.read(path)


def test_what_excel_cannot_hold_is_refused_on_writing_naming_the_cell(tmp_path):
    tables = small_tables()
    tables["partners"].loc[3, "name"] = "网格员\x0b甲"  # a line break pasted from Word
    net = gg.PartnerNetwork.from_frames(**tables)
    with pytest.raises(
        gg.DataError, match=r"out.xlsx\[partners\], row 5, column 'name': text holds a control"
    ):
        net.write(tmp_path / "out.xlsx")
    with pytest.raises(gg.DataError, match=r"node 'W1': the value holds a control character"):
        net.write(tmp_path / "out.graphml")
    net.write(tmp_path / "folder")
    assert gg.read(tmp_path / "folder") == net
    assert (
        not (tmp_path / "out.xlsx").exists()
        or pd.read_excel(tmp_path / "out.xlsx", sheet_name=None, engine="openpyxl") == {}
    )
