"""CSV folders and workbooks: encodings, types, lossless round trips, hostile text."""

from __future__ import annotations

import codecs

import hypothesis.strategies as st
import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings

import govgraph as gg
from tests.conftest import VALID_RELATIONS, hostile_text, small_tables, write_csvs

CHINESE_PARTNERS = "id,kind,name,community,grid\nC1,community,富成花园社区,C1,\nG1,grid,第一网格,C1,\nB1,building,1号楼,C1,G1\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_encodings_read_the_same(tmp_path, encoding):
    folder = write_csvs(tmp_path, encoding, partners=CHINESE_PARTNERS, relations=VALID_RELATIONS)
    net = gg.read(folder)
    assert list(net.partners["name"]) == ["富成花园社区", "第一网格", "1号楼"]
    assert list(net.partners.columns[:4]) == ["kind", "name", "community", "grid"]


def test_bom_does_not_leak_into_the_first_column_name(tmp_path):
    folder = write_csvs(tmp_path, "utf-8-sig", partners=CHINESE_PARTNERS, relations=VALID_RELATIONS)
    assert gg.read(folder).partners.index.name == "id"


def test_undecodable_file_is_reported(tmp_path):
    write_csvs(tmp_path, relations=VALID_RELATIONS)
    (tmp_path / "partners.csv").write_bytes(b"id,kind\n\x81\x30\xff\xff,community\n")
    with pytest.raises(gg.DataError, match=r"partners.csv: is neither UTF-8 nor GB18030/GBK text"):
        gg.read(tmp_path)


def test_quoted_newlines_commas_and_quotes_survive(tmp_path):
    partners = 'id,kind,name\nC1,community,"社区,""富成""\n第二行"\n'
    net = gg.read(write_csvs(tmp_path, partners=partners, relations="source,target,relation\n"))
    assert net.partners.loc["C1", "name"] == '社区,"富成"\n第二行'


def test_blank_lines_keep_row_numbers_right(tmp_path):
    partners = CHINESE_PARTNERS + "\nR1,shop,居民,C1,G1\n"
    with pytest.raises(gg.DataError) as caught:
        gg.read(write_csvs(tmp_path, partners=partners, relations=VALID_RELATIONS))
    (problem,) = caught.value.problems
    assert (problem.source, problem.row, problem.column) == ("partners.csv", 6, "kind")


def test_extra_columns_without_declared_types_are_inferred(tmp_path):
    partners = (
        "id,kind,name,floors,area,active,code,note\n"
        "C1,community,社区,12,1.5,true,0101,x\n"
        "G1,grid,网格,,2,FALSE,0102,\n"
    )
    net = gg.read(write_csvs(tmp_path, partners=partners, relations="source,target,relation\n"))
    types = net.partners.dtypes
    assert (types["floors"], types["area"], types["active"]) == ("Int64", "float64", "boolean")
    assert list(net.partners["code"]) == ["0101", "0102"]  # leading zeros make it text
    assert net.partners.loc["G1", "floors"] is pd.NA


def test_declared_types_are_enforced(tmp_path):
    write_csvs(
        tmp_path,
        partners="id,kind,phone,floors\nC1,community,13800000000,x\n",
        relations="source,target,relation\n",
        _types="table,column,type\npartners,phone,str\npartners,floors,int\n",
    )
    with pytest.raises(
        gg.DataError, match=r"partners.csv, row 2, column 'floors': 'x' is not a whole number"
    ):
        gg.read(tmp_path)


def test_declared_text_stays_text(tmp_path):
    write_csvs(
        tmp_path,
        partners="id,kind,phone\nC1,community,13800000000\n",
        relations="source,target,relation\n",
        _types="table,column,type\npartners,phone,str\n",
    )
    assert gg.read(tmp_path).partners.loc["C1", "phone"] == "13800000000"


@pytest.mark.parametrize("target", ["folder", "book.xlsx", "datun.parquet"])
def test_round_trip_of_datun_north(datun, tmp_path, target):
    datun.write(tmp_path / target)
    back = gg.read(tmp_path / target)
    assert back == datun
    for name in ("partners", "relations", "needs", "resources"):
        pd.testing.assert_frame_equal(getattr(back, name), getattr(datun, name))


def test_written_csv_opens_in_chinese_excel(small, tmp_path):
    small.write(tmp_path / "out")
    assert (tmp_path / "out" / "partners.csv").read_bytes().startswith(codecs.BOM_UTF8)
    assert {p.name for p in (tmp_path / "out").iterdir()} == {
        "partners.csv",
        "relations.csv",
        "needs.csv",
        "resources.csv",
        "_types.csv",
    }


def test_workbook_sheets_and_missing_sheet(small, tmp_path):
    small.write(tmp_path / "book.xlsx")
    book = openpyxl.load_workbook(tmp_path / "book.xlsx")
    assert book.sheetnames == ["partners", "relations", "needs", "resources", "_types"]
    del book["relations"]
    book.save(tmp_path / "broken.xlsx")
    with pytest.raises(gg.DataError, match=r"broken.xlsx\[relations\]: the relations table is missing"):
        gg.read(tmp_path / "broken.xlsx")


def test_workbook_problems_name_the_sheet_and_row(small, tmp_path):
    small.write(tmp_path / "book.xlsx")
    book = openpyxl.load_workbook(tmp_path / "book.xlsx")
    book["needs"]["D2"] = 9  # urgency of the first need
    book.save(tmp_path / "book.xlsx")
    with pytest.raises(gg.DataError, match=r"book.xlsx\[needs\], row 2, column 'urgency': '9' is above 5"):
        gg.read(tmp_path / "book.xlsx")


def test_damaged_workbook(tmp_path):
    (tmp_path / "bad.xlsx").write_bytes(b"not a zip file")
    with pytest.raises(gg.DataError, match=r"bad.xlsx: is not a readable .xlsx workbook"):
        gg.read(tmp_path / "bad.xlsx")


def test_formula_like_names_stay_text_in_excel(tmp_path):
    tables = small_tables()
    tables["partners"].loc[4, "name"] = '=HYPERLINK("http://example.invalid","点我")'
    net = gg.PartnerNetwork.from_frames(**tables)
    net.write(tmp_path / "book.xlsx")
    cell = openpyxl.load_workbook(tmp_path / "book.xlsx")["partners"]["C6"]
    assert cell.data_type == "s"
    assert gg.read(tmp_path / "book.xlsx") == net


def test_unknown_format(small, tmp_path):
    with pytest.raises(gg.GovGraphError, match=r"cannot tell the format of 'net.docx'"):
        small.write(tmp_path / "net.docx")
    (tmp_path / "net.docx").write_text("x")
    with pytest.raises(gg.GovGraphError, match=r"cannot tell the format of 'net.docx'"):
        gg.read(tmp_path / "net.docx")


def test_missing_path():
    with pytest.raises(gg.DataError, match="no such file or folder"):
        gg.read("/nonexistent/govgraph")


HOSTILE = hostile_text(control=False)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    names=st.lists(HOSTILE, min_size=5, max_size=5),
    note=HOSTILE,
    fmt=st.sampled_from(["folder", "book.xlsx", "data.parquet"]),
)
def test_hostile_text_round_trips_verbatim(tmp_path_factory, names, note, fmt):
    if fmt == "book.xlsx":  # Excel's own limits, see write_workbook
        names = [n[:32_767].replace("\r\n", "\n").replace("\r", "\n") for n in names]
        note = note[:32_767].replace("\r\n", "\n").replace("\r", "\n")
    tables = small_tables()
    tables["partners"]["name"] = names
    tables["relations"]["note"] = note
    net = gg.PartnerNetwork.from_frames(**tables)
    path = tmp_path_factory.mktemp("hostile") / fmt
    net.write(path)
    back = gg.read(path)
    expected = [n if n.strip() else None for n in names]
    assert [None if pd.isna(v) else v for v in back.partners["name"]] == expected
    assert back == net


def test_text_too_long_for_excel_is_refused_not_cut(tmp_path):
    tables = small_tables()
    tables["partners"].loc[2, "name"] = "楼" * 40_000
    net = gg.PartnerNetwork.from_frames(**tables)
    with pytest.raises(
        gg.DataError, match=r"book.xlsx\[partners\], row 4, column 'name': text longer than Excel"
    ):
        net.write(tmp_path / "book.xlsx")
    net.write(tmp_path / "folder")
    assert gg.read(tmp_path / "folder") == net


def test_a_file_that_mixes_encodings_is_refused_naming_the_row(tmp_path):
    text = (
        "id,kind,name\nC1,community,社区\nR1,resident,居民张三\n".encode()
        + "R2,resident,居民李四\n".encode("gbk")
    )
    folder = write_csvs(tmp_path, relations="source,target,relation\n")
    (folder / "partners.csv").write_bytes(text)
    with pytest.raises(gg.DataError, match=r"partners.csv, row 4: row is not UTF-8 text like the rest"):
        gg.read(folder)


def test_latin_1_is_not_taken_for_chinese(tmp_path):
    folder = write_csvs(tmp_path, relations="source,target,relation\n")
    (folder / "partners.csv").write_bytes(
        "id,kind,name\nC1,community,Ärzte Müller Straße\n".encode("latin-1")
    )
    with pytest.raises(gg.DataError, match=r"partners.csv: is neither UTF-8 nor Chinese GBK text"):
        gg.read(folder)


def test_gbk_with_rare_characters_in_names_is_read(tmp_path):
    folder = write_csvs(tmp_path, relations="source,target,relation\n")
    names = ["富成花园社区", "居民喆犇", "張三豐", "欧陆经典·商务楼宇网格"]
    rows = "".join(f"P{i},community,{name}\n" for i, name in enumerate(names))
    (folder / "partners.csv").write_bytes(("id,kind,name\n" + rows).encode("gbk"))
    assert gg.read(folder).partners["name"].tolist() == names
