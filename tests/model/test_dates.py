"""Dates are a type: Excel date cells, ISO text and Chinese forms, in every format, exactly."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import govgraph as gg
from govgraph.cli import main
from govgraph.model.dates import date_text, parse_dates
from tests.conftest import VALID_PARTNERS, VALID_RELATIONS, write_csvs

NEEDS_HEAD = "id,requester,category,created_at\n"
PEOPLE = VALID_PARTNERS + "R1,resident,甲,C1,G1\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-15", "2024-03-15 00:00:00"),
        ("2024/3/15", "2024-03-15 00:00:00"),
        ("2024.3.5", "2024-03-05 00:00:00"),
        ("2024年3月15日", "2024-03-15 00:00:00"),
        (" 2024 年 3 月 15 日 ", "2024-03-15 00:00:00"),
        ("2024-03-15 10:30", "2024-03-15 10:30:00"),
        ("2024-03-15T10:30:05", "2024-03-15 10:30:05"),
        ("2024年3月15日 10时30分", "2024-03-15 10:30:00"),
        ("2024年3月15日10:30:05", "2024-03-15 10:30:05"),
        ("2024-03-15 10:30:05.123456", "2024-03-15 10:30:05.123456"),
        ("２０２４－０３－１５", None),  # full-width text is read by the ledger import after NFKC, not here
    ],
)
def test_date_forms(text, expected):
    parsed, bad = parse_dates(pd.Series([text], dtype=object))
    if expected is None:
        assert bad.iloc[0]
    else:
        assert not bad.iloc[0] and str(parsed.iloc[0]) == expected


@pytest.mark.parametrize(
    "text", ["3/15/2024", "15.03.2024", "2024-02-30", "2024-13-01", "45366", "明天", "2024-03"]
)
def test_not_dates(text):
    assert parse_dates(pd.Series([text], dtype=object))[1].iloc[0]


def test_a_bad_date_is_located_and_quoted(tmp_path):
    needs = (
        NEEDS_HEAD + "N1,R1,repair,2024/3/15\nN2,R1,repair,2024-02-30\nN3,R1,repair,2024-03-15T10:00+08:00\n"
    )
    folder = write_csvs(tmp_path, partners=PEOPLE, relations=VALID_RELATIONS, needs=needs)
    with pytest.raises(gg.DataError) as error:
        gg.read(folder)
    problems = {p.row: p for p in error.value.problems}
    assert set(problems) == {3, 4}
    assert (
        "'2024-02-30' is not a date" in problems[3].message and "“2024-02-30”不是有效日期" in problems[3].zh
    )
    assert "carries a time zone" in problems[4].message and problems[4].column == "created_at"


def test_csv_date_columns_are_typed(tmp_path):
    needs = NEEDS_HEAD + "N1,R1,repair,2024/3/15\nN2,R1,repair,2024年3月16日 08:05\nN3,R1,repair,\n"
    partners = PEOPLE.replace("id,kind,name,community,grid\n", "id,kind,name,community,grid,joined,note\n")
    partners = (
        "\n".join(
            line + (",2023-01-02,2024-01-01" if i == 1 else ",,以后再说" if i == 2 else ",," if i else "")
            for i, line in enumerate(partners.strip().split("\n"))
        )
        + "\n"
    )
    folder = write_csvs(tmp_path, partners=partners, relations=VALID_RELATIONS, needs=needs)
    net = gg.read(folder)
    assert net.needs["created_at"].dtype == "datetime64[us]"
    assert net.needs["created_at"].tolist()[:2] == [
        pd.Timestamp("2024-03-15"),
        pd.Timestamp("2024-03-16 08:05"),
    ]
    assert pd.isna(net.needs["created_at"].iloc[2])
    assert net.partners["joined"].dtype == "datetime64[us]"  # an extra column of dates: a date column
    assert net.partners["note"].dtype == "str"  # dates mixed with text: text, as written


def test_excel_date_cells_text_dates_and_mixed_columns(tmp_path, small):
    small.write(tmp_path / "book.xlsx")
    book = openpyxl.load_workbook(tmp_path / "book.xlsx")
    sheet = book["partners"]
    sheet.cell(row=1, column=sheet.max_column + 1, value="visited")
    sheet.cell(row=1, column=sheet.max_column + 1, value="checked")
    column = sheet.max_column - 1
    sheet.cell(row=2, column=column, value=dt.datetime(2024, 3, 15))  # an Excel date cell
    sheet.cell(row=3, column=column, value="2024年3月16日")  # a date typed as text
    sheet.cell(row=4, column=column, value=dt.datetime(2024, 3, 17, 9, 30))
    sheet.cell(row=2, column=column + 1, value=dt.datetime(2024, 1, 1))
    sheet.cell(row=3, column=column + 1, value="待定")  # not a date, in a column of dates
    book.save(tmp_path / "book.xlsx")
    with pytest.raises(gg.DataError) as error:
        gg.read(tmp_path / "book.xlsx")
    (problem,) = error.value.problems
    assert (problem.row, problem.column) == (3, "checked") and "“待定”不是有效日期" in problem.zh
    sheet.cell(row=3, column=column + 1).value = None
    book.save(tmp_path / "book.xlsx")
    net = gg.read(tmp_path / "book.xlsx")
    assert net.partners["visited"].dropna().tolist() == [
        pd.Timestamp("2024-03-15"), pd.Timestamp("2024-03-16"), pd.Timestamp("2024-03-17 09:30"),
    ]  # fmt: skip
    result = CliRunner().invoke(main, ["validate", str(tmp_path / "book.xlsx")])
    assert result.exit_code == 0 and "Traceback" not in result.output


moments = st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2100, 12, 31))
columns = st.one_of(
    st.lists(
        st.one_of(st.none(), st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1))), min_size=3, max_size=3
    ),
    st.lists(st.one_of(st.none(), moments), min_size=3, max_size=3),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=columns, fmt=st.sampled_from(["folder", "book.xlsx", "g.graphml", "g.gexf", "g.json"]))
def test_dates_round_trip_exactly_through_every_format(tmp_path_factory, small, values, fmt):
    partners = small.partners.reset_index()
    dated = pd.Series([None] * len(partners), dtype=object)
    dated[: len(values)] = values
    partners["since"] = pd.to_datetime(dated).astype("datetime64[us]")
    relations = small.relations.assign(date=pd.NaT)
    relations.loc[0, "date"] = pd.Timestamp("2024-05-06 07:08:09")
    net = gg.PartnerNetwork.from_frames(partners, relations)
    path = tmp_path_factory.mktemp("dates") / fmt
    net.write(path)
    back = gg.read(path)
    if fmt == "g.gexf" and partners["since"].isna().all():
        return  # GEXF keeps no column without a value (documented)
    assert back == net
    assert back.partners["since"].dtype == "datetime64[us]"


def test_a_date_column_is_written_in_one_form():
    values = pd.Series(pd.to_datetime(["2024-03-15", "2024-03-16 10:30", None], format="mixed"))
    assert date_text(values).tolist()[:2] == ["2024-03-15 00:00:00", "2024-03-16 10:30:00"]
    assert date_text(values[:1]).tolist() == ["2024-03-15"]
