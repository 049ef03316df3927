"""Numbers never change: whole numbers exact at any size, ID-like and phone-like text stays text, every format."""

from __future__ import annotations

import hypothesis.strategies as st
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings

import govgraph as gg
from tests.conftest import hostile_text, small_tables, write_csvs

FORMATS = ["folder", "data.parquet", "book.xlsx", "graph.graphml", "graph.gexf", "graph.json"]


def test_an_id_card_column_with_a_blank_keeps_every_digit(tmp_path):
    partners = (
        "id,kind,idcard\nC1,community,\nC2,community,110101199003071234\n"
        "C3,community,999999999999999999\nC4,community,9223372036854775807\n"
    )
    net = gg.read(write_csvs(tmp_path, partners=partners, relations="source,target,relation\n"))
    assert net.partners["idcard"].dtype == "Int64"
    assert net.partners["idcard"].tolist()[1:] == [
        110101199003071234,
        999999999999999999,
        9223372036854775807,
    ]
    assert pd.isna(net.partners.loc["C1", "idcard"])


@pytest.mark.parametrize(
    ("cells", "dtype", "values"),
    [
        (
            ["110101199003071234", "", "440101199912319876"],
            "Int64",
            [110101199003071234, None, 440101199912319876],
        ),
        (["+8613812345678", "13812345678", ""], "str", ["+8613812345678", "13812345678", None]),
        (["0101", "0202", "0303"], "str", ["0101", "0202", "0303"]),
        (["99999999999999999999", "1", "2"], "str", ["99999999999999999999", "1", "2"]),  # beyond 64 bits
        (["1.5", "-2", "3e2"], "float", [1.5, -2.0, 300.0]),
        (["+1.5", "2", "3"], "str", ["+1.5", "2", "3"]),
    ],
)
def test_columns_take_the_narrowest_type_that_keeps_every_cell(tmp_path, cells, dtype, values):
    partners = "id,kind,code\nC1,community,{}\nC2,community,{}\nC3,community,{}\n".format(*cells)
    folder = write_csvs(tmp_path, partners=partners, relations="source,target,relation\n")
    column = gg.read(folder).partners["code"]
    assert column.dtype == dtype
    assert [None if pd.isna(v) else v for v in column] == values


def test_a_number_excel_already_rounded_is_named(tmp_path):
    partners = pd.DataFrame({"id": ["C1", "C2"], "kind": "community", "idcard": [1.101011990030712e17, 5.0]})
    book = tmp_path / "book.xlsx"
    with pd.ExcelWriter(book) as writer:
        partners.to_excel(writer, sheet_name="partners", index=False)
        pd.DataFrame({"source": [], "target": [], "relation": []}).to_excel(
            writer, sheet_name="relations", index=False
        )
    with pytest.raises(
        gg.DataError,
        match=r"book.xlsx\[partners\], row 2, column 'idcard': the number 1101011\d+ has more digits",
    ):
        gg.read(book)


WHOLE = st.one_of(
    st.none(),
    st.integers(-(2**63) + 1, 2**63 - 1),
    st.sampled_from([2**53 + 1, 10**18 + 1, 999_999_999_999_999_999, -(10**17) - 3]),
)
NA_LIKE = st.sampled_from(["NA", "N/A", "null", "None", "#N/A", "nan", "NaN", "-", "—", "0"])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    numbers=st.lists(WHOLE, min_size=5, max_size=5),
    words=st.lists(st.one_of(NA_LIKE, hostile_text(control=False)), min_size=5, max_size=5),
    fmt=st.sampled_from(FORMATS),
)
def test_every_format_round_trips_numbers_and_text_exactly(tmp_path_factory, numbers, words, fmt):
    tables = small_tables()
    tables["partners"]["number"] = pd.array(numbers, dtype="Int64")
    words = [w if w.strip() else "x" for w in words]
    if fmt not in (
        "folder",
        "data.parquet",
        "graph.json",
    ):  # Excel and XML keep a line break as \n, a cell to 32,767
        words = [w[:32_767].replace("\r\n", "\n").replace("\r", "\n") for w in words]
    tables["partners"]["note"] = words
    net = gg.PartnerNetwork.from_frames(**tables)
    path = tmp_path_factory.mktemp("numbers") / fmt
    net.write(path)
    back = gg.read(path)
    if fmt == "graph.gexf" and all(n is None for n in numbers):  # GEXF keeps no column without values
        tables["partners"] = tables["partners"].drop(columns="number")
        assert back == gg.PartnerNetwork.from_frames(**tables)
        return
    assert back == net
    assert [None if pd.isna(v) else int(v) for v in back.partners["number"]] == numbers
    assert back.partners["note"].tolist() == words


@pytest.mark.parametrize("fmt", ["folder", "data.parquet", "book.xlsx", "graph.graphml", "graph.json"])
def test_a_column_without_a_single_value_comes_back(tmp_path, fmt):
    tables = small_tables()
    tables["partners"]["notes"] = pd.array([None] * 5, dtype="str")
    tables["partners"]["score"] = pd.array([None] * 5, dtype="Int64")
    net = gg.PartnerNetwork.from_frames(**tables)
    net.write(tmp_path / fmt)
    back = gg.read(tmp_path / fmt)
    assert back == net and back.partners["score"].dtype == "Int64"


def test_a_cell_of_megabytes_comes_back_from_a_folder(tmp_path):
    tables = small_tables()
    tables["relations"]["note"] = ["长" * 1_500_000, "x", "line\nbreak", None, "y"]  # 4.5 MB in UTF-8
    net = gg.PartnerNetwork.from_frames(**tables)
    net.write(tmp_path / "folder")
    assert gg.read(tmp_path / "folder") == net
