"""Spreadsheets for people: no cell runs as a formula, numbers stay numbers, line breaks stay inside cells."""

from __future__ import annotations

import csv

import openpyxl
import pandas as pd
import pytest

from govgraph.io.sheets import FORMULA_TRIGGERS, for_people, write_csv_for_people, write_workbook_for_people
from tests.conftest import HOSTILE_STRINGS

TRIGGERING = [
    "=1+1",
    "+86 138",
    "-LWF2-4号楼党小组",
    "@SUM(A1)",
    "\tTAB",
    "\rCR",
    '=HYPERLINK("http://x","y")',
]


def table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "name": [*TRIGGERING, "居民 resident · 3号楼", "line\r\nbreak", "a\x0bvertical tab"],
            "households": [-3, 0, 1, 2, 3, 4, 5, 6, 7, 8],
            "share": [0.5, -0.25, None, 1.0, 0.0, 0.1, 0.2, 0.3, 0.4, 0.6],
        },
        index=pd.Index(["=cmd|' /C calc'!A0", *[f"P{i}" for i in range(9)]], name="id"),
    )


def test_text_that_would_run_gets_an_apostrophe_numbers_stay_numbers():
    safe = for_people(table())
    assert all(v.startswith("'") for v in safe["name"][: len(TRIGGERING)])
    assert safe.loc["P7", "name"] == "line\r\nbreak"  # a break inside is kept, and quoted when written
    assert safe.loc["P8", "name"] == "a\ufffdvertical tab"  # Excel cannot hold a vertical tab
    assert safe.index[0] == "'=cmd|' /C calc'!A0"
    pd.testing.assert_series_equal(safe["households"], table()["households"].set_axis(safe.index))
    assert safe["share"].dtype == "float64"


def test_the_csv_file_reads_back_row_for_row(tmp_path):
    path = write_csv_for_people(table(), tmp_path / "people.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert len(rows) == 1 + len(table())  # a carriage return in a name does not split its row
    for row in rows[1:]:
        assert not any(cell.startswith(FORMULA_TRIGGERS) for cell in row[:2]), row
    assert rows[1][2] == "-3"  # a negative number is still a number


def test_the_workbook_has_no_formula_and_keeps_numbers(tmp_path):
    path = write_workbook_for_people({"matches": table(), "x" * 40: table()}, tmp_path / "people.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["matches", "x" * 31]
    for sheet in book.worksheets:
        cells = [cell for row in sheet.iter_rows() for cell in row]
        assert not [c.coordinate for c in cells if c.data_type == "f"]
        assert all(not str(c.value).startswith(FORMULA_TRIGGERS) for c in cells if c.data_type == "s")
        numbers = [c.value for c in cells if c.column == 3 and c.row > 1]
        assert numbers == [-3, 0, 1, 2, 3, 4, 5, 6, 7, 8]


@pytest.mark.parametrize("text", HOSTILE_STRINGS)
def test_every_hostile_string_is_written_safely(text, tmp_path):
    frame = pd.DataFrame({"name": [text]}, index=[text[:100]])
    write_workbook_for_people({"t": frame}, tmp_path / "t.xlsx")
    with open(write_csv_for_people(frame, tmp_path / "t.csv"), encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert len(rows) == 2
    assert rows[1][1] == ("'" + text if text.startswith(FORMULA_TRIGGERS) else text)


def test_columns_that_share_a_name_are_each_made_safe():
    frame = pd.DataFrame([["=1", "+2", 3]], columns=["a", "a", "b"])
    safe = for_people(frame)
    assert safe.iloc[0].tolist() == ["'=1", "'+2", 3] and safe.columns.tolist() == ["a", "a", "b"]
