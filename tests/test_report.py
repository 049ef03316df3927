"""The coordinator's report: every section, every table as CSV and in the workbook, no personal data, escaping."""

from __future__ import annotations

import csv
import re

import hypothesis.strategies as st
import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings

import govgraph as gg
from govgraph.report import WORKBOOK, WORKBOOK_ROWS, labelled_summary
from tests.conftest import HOSTILE, hostile_text, small_tables

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
    sheets = pd.read_excel(folder / WORKBOOK, sheet_name=None, index_col=0, engine="openpyxl")
    # The workbook holds the summaries; a per-partner table (centrality of every partner) is its CSV only.
    lengths = {p.stem: len(pd.read_csv(p)) for p in folder.glob("*.csv")}
    assert set(sheets) == {name for name, rows in lengths.items() if rows <= WORKBOOK_ROWS}
    assert "coverage_by_grid" in sheets and "centrality" not in sheets
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


def _runs_in_a_spreadsheet(cell: str) -> bool:
    """Text Excel would read as a formula: a trigger first, and not simply a number like -0.5."""
    if not cell.startswith(("=", "+", "-", "@", "\t", "\r")):
        return False
    try:
        float(cell)
    except ValueError:
        return True
    return False


def test_no_cell_of_the_report_runs_as_a_formula(datun, datun_report):
    folder = datun_report.parent
    assert "-LWF2-4号楼党小组" in set(datun.partners["name"])  # the bundled data holds a trigger
    for path in folder.glob("*.csv"):
        with open(path, encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
        widths = {len(row) for row in rows}
        assert len(widths) == 1, path.name  # no line break inside a cell splits its row
        assert not [cell for row in rows for cell in row if _runs_in_a_spreadsheet(cell)], path.name
    book = openpyxl.load_workbook(folder / WORKBOOK)
    for sheet in book.worksheets:
        cells = [cell for row in sheet.iter_rows() for cell in row]
        assert not [c.coordinate for c in cells if c.data_type == "f"], sheet.title
        assert not [c.value for c in cells if c.data_type == "s" and _runs_in_a_spreadsheet(c.value)]


@st.composite
def valid_networks(draw: st.DrawFn) -> gg.PartnerNetwork:
    """Any valid network: kinds and allowed relations of the default schema, any names, maybe needs."""
    schema = gg.DEFAULT_SCHEMA
    kinds = draw(st.lists(st.sampled_from(sorted(schema.kinds)), min_size=0, max_size=12))
    ids = [f"P{i}" for i in range(len(kinds))]
    names = draw(st.lists(hostile_text(), min_size=len(ids), max_size=len(ids)))
    partners = pd.DataFrame({"id": ids, "kind": kinds, "name": names})
    triples = sorted(schema.allowed_triples())
    pairs = [
        (a, b, r)
        for a, ka in zip(ids, kinds, strict=True)
        for b, kb in zip(ids, kinds, strict=True)
        for r, s, t in triples
        if a != b and (s, t) == (ka, kb)
    ]
    chosen = draw(st.lists(st.sampled_from(pairs), max_size=20)) if pairs else []
    relations = pd.DataFrame(chosen, columns=["source", "target", "relation"])
    needs = resources = None
    if ids and draw(st.booleans()):
        categories = st.sampled_from(["repair", "elderly_care", "haircut", "报修"])
        needs = pd.DataFrame(
            {
                "id": ["N1", "N2"],
                "requester": [ids[0], ids[-1]],
                "category": draw(st.lists(categories, min_size=2, max_size=2)),
            }
        )
        resources = pd.DataFrame(
            {
                "id": ["S1"],
                "provider": [ids[-1]],
                "category": [draw(categories)],
                "capacity": [draw(st.integers(0, 3))],
            }
        )
    return gg.PartnerNetwork.from_frames(partners, relations, needs=needs, resources=resources)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(net=valid_networks())
def test_every_valid_network_gives_a_report(net, tmp_path_factory):
    out = tmp_path_factory.mktemp("any")
    index = gg.report(net, out)
    assert index.exists() and (out / "network.html").exists() and (out / WORKBOOK).exists()
    assert "Traceback" not in index.read_text(encoding="utf-8")


def test_an_empty_network_gives_an_empty_report(tmp_path):
    empty = gg.PartnerNetwork.from_frames(
        pd.DataFrame({"id": [], "kind": []}), pd.DataFrame({"source": [], "target": [], "relation": []})
    )
    index = gg.report(empty, tmp_path / "r")
    assert "0" in index.read_text(encoding="utf-8")
    gg.viz.save_html(empty, tmp_path / "n.html")
    assert empty.summary().loc["total", "total"] == 0


def test_links_planted_in_the_output_folder_are_not_followed(small, tmp_path):
    out, victim = tmp_path / "out", tmp_path / "victim.txt"
    out.mkdir()
    victim.write_text("keep me", encoding="utf-8")
    for name in ("index.html", "network.html", "centrality.csv", WORKBOOK):
        (out / name).symlink_to(victim)
    gg.report(small, out)
    assert victim.read_text(encoding="utf-8") == "keep me"
    assert not any(
        (out / name).is_symlink() for name in ("index.html", "network.html", "centrality.csv", WORKBOOK)
    )
    small.write(out / "data")
    (out / "data" / "partners.csv").unlink()
    (out / "data" / "partners.csv").symlink_to(victim)
    small.write(out / "data")
    assert victim.read_text(encoding="utf-8") == "keep me"


def test_a_name_pasted_from_word_reaches_every_output(tmp_path):
    tables = small_tables()
    tables["partners"].loc[3, "name"] = "网格员\x0b甲"  # Word's line break, a vertical tab
    net = gg.PartnerNetwork.from_frames(**tables)
    index = gg.report(net, tmp_path / "r")
    names = pd.read_excel(tmp_path / "r" / WORKBOOK, sheet_name="centrality", engine="openpyxl")[
        "name"
    ].tolist()
    assert "网格员\ufffd甲" in names and "网格员\ufffd甲" in (tmp_path / "r" / "centrality.csv").read_text(
        "utf-8-sig"
    )
    assert index.exists()


def test_communities_without_a_name_or_of_one_name_get_their_own_columns(tmp_path):
    partners = pd.DataFrame(
        {"id": ["C1", "C2", "C3", "C4"], "kind": ["community"] * 4, "name": [None, None, "同名", "同名"]}
    )
    net = gg.PartnerNetwork.from_frames(partners, pd.DataFrame(columns=["source", "target", "relation"]))
    table = labelled_summary(net)
    assert table.columns.tolist() == ["C1", "C2", "同名 (C3)", "同名 (C4)", "合计 total"]
    assert gg.report(net, tmp_path / "out").exists()


def test_table_counters_tell_the_truth(datun_report):
    page = datun_report.read_text(encoding="utf-8")
    summary = page.split('<section id="summary">', 1)[1].split("</section>", 1)[0]
    assert "first" not in summary  # the summary shows every row (16 with the total)
    for shown, total in re.findall(r"first (\d+) of ([\d,]+)", page):
        assert int(shown) < int(total.replace(",", ""))
    assert re.search(r"前 15 行，共 [\d,]+ 行 first 15 of", page)


def test_one_community_has_no_section_on_brokerage_between_communities(datun, tmp_path):
    fucheng = datun.subnetwork(communities=["FC"])
    page = gg.report(fucheng, tmp_path / "fc", sources=16).read_text(encoding="utf-8")
    assert '<section id="brokerage">' not in page and "只有一个社区" in page
    assert '<section id="weak_points">' in page


def test_weak_ties_to_a_lone_partner_are_counted_not_listed(datun, datun_report):
    every = gg.weak_points(datun).ties
    leaf = (every["households_cut"] == 0) & (every["partners_cut_off"] <= 1)
    assert leaf.sum() > 1_000  # ties to a single resident or merchant
    listed = pd.read_csv(datun_report.parent / "weak_ties.csv", encoding="utf-8-sig")
    assert len(listed) == (~leaf).sum()
    page = datun_report.read_text(encoding="utf-8")
    assert f"另有 {int(leaf.sum()):,} 条联系各连着一位别无联系的合伙人" in page


def test_tables_show_no_none_true_false_or_row_numbers(datun_report):
    page = datun_report.read_text(encoding="utf-8")
    cells = re.findall(r"<t[dh][^>]*>([^<]*)</t[dh]>", page)
    assert cells and not {"None", "True", "False", "nan", "NaN", "<NA>"} & set(cells)
    footer = page.split("<footer>", 1)[1]
    assert "False" not in footer and "{" not in footer and "256 sampled sources" in footer
    assert "<th>0</th>" not in page  # no positional index
    assert ">是<" in page  # services within reach: yes/no in words


def test_an_empty_table_says_so(datun_report):
    page = datun_report.read_text(encoding="utf-8")
    weak = page.split('<section id="weak_points">', 1)[1].split("</section>", 1)[0]
    ties = weak.split("关键关系", 1)[1]  # every bridge of Datun North joins one lone partner
    assert "没有需要列出的项 · nothing to list" in ties and "<table" not in ties
