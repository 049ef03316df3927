"""The coordinator's report: every section, every table as CSV and in the workbook, no personal data, escaping."""

from __future__ import annotations

import re

import pandas as pd
import pytest

import govgraph as gg
from govgraph.report import WORKBOOK
from tests.conftest import HOSTILE, small_tables

SECTIONS = (
    "summary",
    "connectors",
    "brokerage",
    "weak_points",
    "coverage",
    "gaps",
    "workload",
    "matching",
    "pipeline",
)


def test_every_section_and_the_network_page_are_there(datun_report):
    page = datun_report.read_text(encoding="utf-8")
    for key in SECTIONS:
        assert f'<section id="{key}">' in page
    assert '<a href="network.html">' in page and (datun_report.parent / "network.html").exists()
    assert page.count("<svg") >= 6  # charts are pictures
    assert "<script" not in page  # the report runs no code at all
    assert "256 sampled sources" in page
    assert ">ratio<" not in page  # the coverage chart has a series per provider kind, nothing else


def test_every_linked_table_is_a_csv_and_a_sheet(datun_report):
    folder = datun_report.parent
    page = datun_report.read_text(encoding="utf-8")
    linked = set(re.findall(r'href="([a-z_]+)\.csv"', page))
    written = {p.stem for p in folder.glob("*.csv")}
    assert linked == written and len(written) >= 12
    sheets = pd.read_excel(folder / WORKBOOK, sheet_name=None, index_col=0)
    assert set(sheets) == written
    coverage = pd.read_csv(folder / "coverage_by_community.csv", index_col=0, encoding="utf-8-sig")
    assert coverage.loc["FC", "households"] == 7188
    assert (
        (folder / "coverage_by_community.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    )  # Excel reads the Chinese


def test_tables_match_the_library(datun, datun_report):
    folder = datun_report.parent
    strategies = pd.read_csv(folder / "matching_strategies.csv", index_col=0, encoding="utf-8-sig")
    expected = gg.compare_strategies(datun)
    assert list(strategies.index) == list(expected.index)
    assert strategies["matched"].tolist() == expected["matched"].tolist()
    counts = pd.read_csv(folder / "partners_by_community.csv", index_col=0, encoding="utf-8-sig")
    assert counts.loc["合计 total", "合计 total"] == len(datun.partners)
    gaps = pd.read_csv(folder / "gaps.csv", index_col=0, encoding="utf-8-sig")
    assert len(gaps) == len(gg.coverage_summary(datun, level="grid", hops=2).gaps)


def test_no_resident_names_or_phones_leave_in_the_report(datun, datun_report):
    residents = datun.partners[datun.partners["kind"] == "resident"]
    folder = datun_report.parent
    texts = [p.read_text(encoding="utf-8-sig") for p in folder.glob("*.csv")] + [
        datun_report.read_text(encoding="utf-8")
    ]
    sample = residents["name"].sample(40, random_state=1)
    assert not any(name in text for name in sample for text in texts)
    phones = datun.partners["phone"].dropna().head(20) if "phone" in datun.partners else []
    assert not any(str(phone) in text for phone in phones for text in texts)
    assert any("居民 resident · " in text for text in texts)


def test_missing_data_leaves_sections_out_cleanly(tmp_path):
    tables = small_tables()
    net = gg.PartnerNetwork.from_frames(tables["partners"], tables["relations"])
    page = gg.report(net, tmp_path).read_text(encoding="utf-8")
    assert '<section id="matching">' not in page and '<section id="pipeline">' not in page
    assert "matching: the network has no needs or no resources" in page
    assert '<section id="coverage">' in page


def test_hostile_names_are_text_in_the_report(tmp_path):
    tables = small_tables()
    tables["partners"].loc[0, "name"] = HOSTILE
    tables["partners"].loc[3, "name"] = '<img src=x onerror="alert(1)">'
    net = gg.PartnerNetwork.from_frames(**tables)
    index = gg.report(net, tmp_path, title=HOSTILE)
    page = index.read_text(encoding="utf-8")
    assert "<script" not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert HOSTILE in (tmp_path / "partners_by_community.csv").read_text(encoding="utf-8-sig")


@pytest.mark.parametrize(
    ("options", "message"),
    [({"hops": 0}, "hops"), ({"sources": -1}, "sources"), ({"strategies": ["luck"]}, "luck")],
)
def test_bad_options_are_named(small, tmp_path, options, message):
    with pytest.raises(gg.GovGraphError, match=message):
        gg.report(small, tmp_path, **options)


def test_not_a_network_is_refused(tmp_path):
    with pytest.raises(gg.GovGraphError):
        gg.report("datun_north", tmp_path)  # type: ignore[arg-type]
