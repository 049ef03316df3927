"""The coordinator's report: every section, every table as CSV and in the workbook, no personal data, escaping."""

from __future__ import annotations

import csv
import importlib
import re
from html import unescape

import hypothesis.strategies as st
import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings

import govgraph as gg
from govgraph.report import WORKBOOK, WORKBOOK_ROWS, labelled_summary
from tests.conftest import HOSTILE, hostile_text, small_tables

SECTIONS = (
    "findings",
    "worklist",
    "summary",
    "connectors",
    "brokerage",
    "weak_points",
    "coverage",
    "gaps",
    "workload",
    "pipeline",
    "matching",
)
#: What must never be seen on a page in Chinese: identifiers, missing values, Python's booleans.
UNREADABLE = re.compile(r"\b[a-z]+_[a-z_]+\b|\bNone\b|\bNaN\b|\bnan\b|<NA>|\bTrue\b|\bFalse\b")


def visible_text(html: str) -> str:
    """The text a reader sees: no tags, styles or attribute values."""
    html = re.sub(r"<(style|script|title)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", " ", html))


def test_every_section_and_the_network_page_are_there(datun_report):
    page = datun_report.read_text(encoding="utf-8")
    for key in SECTIONS:
        assert f'<section id="{key}">' in page
    assert '<a href="network.html">' in page and (datun_report.parent / "network.html").exists()
    assert page.count("<svg") >= 6  # charts are pictures
    assert "<script" not in page  # the report runs no code at all
    assert "从 256 个随机起点估计" in page  # how the path measures were computed, in words


def test_the_page_speaks_plain_chinese(datun, datun_report):
    folder = datun_report.parent
    pages = [datun_report, *sorted((folder / "grids").glob("*.html"))[:5]]
    for path in pages:
        text = visible_text(path.read_text(encoding="utf-8"))
        assert not UNREADABLE.findall(text), (path.name, UNREADABLE.findall(text)[:5])
        ids = [i for i in datun.partners.index if len(i) > 4 and i in text]
        assert not ids, (path.name, ids[:5])  # partners, places and resources by name
    page = datun_report.read_text(encoding="utf-8")
    assert "中介中心度：有多少条最短联系要经过此人" in page  # each measure explained in a sentence
    assert re.search(r"住户覆盖率 \d+%", page)  # shares are percentages


@pytest.mark.parametrize(
    ("lang", "heading", "absent"),
    [("en", "To do", "待办"), ("both", "待办 To do", None), ("zh", "待办", "To do")],
)
def test_the_language_is_chosen(small, tmp_path, lang, heading, absent):
    page = gg.report(small, tmp_path, lang=lang).read_text(encoding="utf-8")
    text = visible_text(page)
    assert f"<h2>{heading}</h2>" in page
    if absent:
        assert absent not in text
    assert not UNREADABLE.findall(text)


def test_english_names_default_to_english(tmp_path):
    tables = small_tables()
    tables["partners"]["name"] = ["Fucheng", "Grid one", "Building 1", "Worker A", "Resident A"]
    net = gg.PartnerNetwork.from_frames(**tables)
    page = gg.report(net, tmp_path).read_text(encoding="utf-8")
    assert '<html lang="en">' in page and "<h2>Findings</h2>" in page


def test_every_linked_table_is_a_csv_and_a_sheet(datun_report):
    folder = datun_report.parent
    page = datun_report.read_text(encoding="utf-8")
    linked = set(re.findall(r'href="([a-z_]+)\.csv"', page))
    written = {p.stem for p in folder.glob("*.csv")}
    assert linked == written and len(written) >= 12
    sheets = pd.read_excel(folder / WORKBOOK, sheet_name=None, engine="openpyxl")
    lengths = {p.stem: len(pd.read_csv(p)) for p in folder.glob("*.csv")}
    assert set(sheets) == {name for name, rows in lengths.items() if rows <= WORKBOOK_ROWS}
    assert "coverage_by_grid" in sheets and "centrality" not in sheets
    coverage = pd.read_csv(
        folder / "coverage_by_community.csv",
        index_col=0,
        encoding="utf-8-sig",
        dtype=str,
        keep_default_na=False,
    )
    assert coverage.loc["富成花园社区", "住户"] == "7,188"  # as on the page
    assert (folder / "coverage_by_community.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads it


def test_tables_match_the_library(datun, datun_report):
    folder = datun_report.parent
    strategies = pd.read_csv(
        folder / "matching_strategies.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False
    )
    expected = gg.compare_strategies(datun)
    assert strategies["已匹配"].tolist() == [f"{n:,}" for n in expected["matched"]]
    counts = pd.read_csv(
        folder / "partners_by_community.csv",
        index_col=0,
        encoding="utf-8-sig",
        dtype=str,
        keep_default_na=False,
    )
    assert counts.loc["合计", "合计"] == f"{len(datun.partners):,}"
    gaps = pd.read_csv(folder / "gaps.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert len(gaps) == len(gg.coverage_summary(datun, level="grid", hops=2).gaps)


def test_the_work_list_holds_every_open_need(datun, datun_report):
    folder = datun_report.parent
    todo = pd.read_csv(folder / "worklist.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    open_needs = datun.needs[~datun.needs["status"].isin(["resolved", "evaluated"])]
    assert len(todo) == len(open_needs) > 0
    assert ((todo["服务方"] != "") | (todo["理由 / 建议"] != "")).all()
    assert (todo["理由 / 建议"] != "").all()
    groups = list(zip(todo["网格"], todo["上级网格"], strict=True))
    runs = [g for i, g in enumerate(groups) if i == 0 or groups[i - 1] != g]
    assert len(runs) == len(set(groups))  # one grid's needs together
    # the suggestion is the optimal matching of the open needs, by name
    chosen = gg.match(datun, needs=list(open_needs.index)).assignments
    names = set(datun.resources.loc[chosen["resource"], "name"])
    assert set(todo.loc[todo["建议资源"] != "", "建议资源"]) <= names | {"（未命名资源）"}
    page = datun_report.read_text(encoding="utf-8")
    worklist = page.split('<section id="worklist">', 1)[1].split("</section>", 1)[0]
    assert worklist.count("<tr>") == len(open_needs) + 1  # every open need on the page


def test_needs_without_a_resource_say_why_and_what_would_help(tmp_path):
    tables = small_tables()
    tables["needs"] = pd.DataFrame(
        {
            "id": ["N1", "N2", "N3"],
            "requester": ["R1"] * 3,
            "category": ["repair", "elderly_care", "haircut"],
            "urgency": [5, 1, 2],
            "status": [None, "待办理", "已办结"],
            "created_at": pd.to_datetime(["2026-11-01", "2026-11-20", "2026-10-01"]),
        }
    )
    tables["resources"] = pd.DataFrame(
        {"id": ["S1"], "provider": ["W1"], "category": ["repair"], "capacity": [1], "name": ["上门维修"]}
    )
    net = gg.PartnerNetwork.from_frames(**tables)
    gg.report(net, tmp_path)
    todo = pd.read_csv(tmp_path / "worklist.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert len(todo) == 2  # a missing status is open; 已办结 is done
    repair = todo[todo["类别"].str.startswith("维修")].iloc[0]
    assert (
        repair["建议资源"] == "上门维修" and repair["服务方"] == "网格员甲" and repair["紧急程度"] == "特急"
    )
    assert repair["状态"].startswith("未登记")
    care = todo[todo["类别"] != repair["类别"]].iloc[0]
    assert care["服务方"] == "" and "招募" in care["理由 / 建议"]
    assert (
        int(care["已等待（天）"].replace(",", ""))
        == (pd.Timestamp.today().normalize() - pd.Timestamp("2026-11-20")).days
    )


def test_grid_pages_for_the_grid_meeting(datun, datun_report):
    folder = datun_report.parent
    pages = sorted((folder / "grids").glob("*.html"))
    grids = datun.partners[datun.partners["kind"] == "grid"]
    assert len(pages) == len(grids)
    index = datun_report.read_text(encoding="utf-8")
    assert all(f'href="grids/{p.name}"' in index for p in pages)
    fc = next(p for p in pages if p.name == "富成花园社区-第10微网格.html").read_text(encoding="utf-8")
    assert "../index.html" in fc and "<svg" in fc and "<script" not in fc
    grid = grids.index[grids["name"] == "第10微网格"][0]
    inner = datun.places["grid_chain"].map(lambda chain: grid in chain)
    open_here = datun.needs[datun.needs["requester"].map(inner) & (datun.needs["status"] != "resolved")]
    needs = fc.split("待办需求与建议", 1)[1].split("</section>", 1)[0]
    assert needs.count("<tr>") == len(open_here) + 1


def test_findings_come_first_in_sentences(datun_report):
    page = datun_report.read_text(encoding="utf-8")
    findings = page.split('<section id="findings">', 1)[1].split("</section>", 1)[0]
    assert "网络最依靠" in findings and "待办需求 " in findings and "住户覆盖率" in findings
    assert page.index('id="findings"') < page.index('id="worklist"') < page.index('id="summary"')


def test_no_resident_names_or_phones_leave_in_the_report(datun, datun_report):
    residents = datun.partners[datun.partners["kind"] == "resident"]
    folder = datun_report.parent
    files = [*folder.glob("*.csv"), datun_report, folder / "network.html", *(folder / "grids").glob("*.html")]
    texts = [p.read_text(encoding="utf-8-sig") for p in files]
    sample = residents["name"].sample(40, random_state=1)
    assert not any(name in text for name in sample for text in texts)
    phones = datun.partners["phone"].dropna().head(20) if "phone" in datun.partners else []
    assert not any(str(phone) in text for phone in phones for text in texts)
    assert any("居民 · " in text for text in texts)


def test_missing_data_leaves_sections_out_cleanly(tmp_path):
    tables = small_tables()
    net = gg.PartnerNetwork.from_frames(tables["partners"], tables["relations"])
    page = gg.report(net, tmp_path).read_text(encoding="utf-8")
    assert '<section id="matching">' not in page and '<section id="pipeline">' not in page
    assert "数据中没有需求" in page
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
    assert HOSTILE in (tmp_path / "centrality.csv").read_text(encoding="utf-8-sig")


def test_hostile_grid_names_stay_in_the_grid_folder_as_text(tmp_path):
    tables = small_tables()
    tables["partners"].loc[1, "name"] = "../../<script>alert(1)</script>"
    tables["partners"].loc[0, "name"] = "MATCH (n) DETACH DELETE n //"
    net = gg.PartnerNetwork.from_frames(**tables)
    out = tmp_path / "r"
    gg.report(net, out)
    pages = list((out / "grids").iterdir())
    assert len(pages) == 1 and pages[0].parent == out / "grids" and pages[0].suffix == ".html"
    assert not list(tmp_path.glob("*.html"))  # nothing written outside the report
    page = pages[0].read_text(encoding="utf-8")
    assert "<script" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"hops": 0}, "hops"),
        ({"sources": -1}, "sources"),
        ({"strategies": ["luck"]}, "luck"),
        ({"lang": "fr"}, "lang"),
    ],
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
        "名称"
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
    assert table.columns.tolist() == ["C1", "C2", "同名 (1)", "同名 (2)", "合计 total"]
    assert gg.report(net, tmp_path / "out").exists()


def test_path_measures_beside_the_other_sections_give_the_same_report(datun, tmp_path, monkeypatch):
    module = importlib.import_module("govgraph.report")  # gg.report is the function
    yy = datun.subnetwork(communities=["YY"])
    gg.report(yy, tmp_path / "one")
    monkeypatch.setattr(module, "BESIDE_FROM", 0)  # a forked process computes them
    gg.report(yy, tmp_path / "two")
    for name in ("centrality.csv", "worklist.csv", "weak_partners.csv", "network.html"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


def test_table_counters_tell_the_truth(datun_report):
    page = datun_report.read_text(encoding="utf-8")
    summary = page.split('<section id="summary">', 1)[1].split("</section>", 1)[0]
    assert "前 " not in summary  # the summary shows every row (16 with the total)
    for shown, total in re.findall(r"前 (\d+) 行，共 ([\d,]+) 行", page):
        assert int(shown) < int(total.replace(",", ""))
    connectors = page.split('<section id="connectors">', 1)[1].split("</section>", 1)[0]
    assert "前 15 行，共 3,881 行" in connectors and connectors.count("<tr>") == 16


def test_one_community_has_no_section_on_brokerage_between_communities(datun, tmp_path):
    fucheng = datun.subnetwork(communities=["FC"])
    page = gg.report(fucheng, tmp_path / "fc", sources=16).read_text(encoding="utf-8")
    assert '<section id="brokerage">' not in page and "只有一个社区" in page
    assert '<section id="weak_points">' in page
    assert not UNREADABLE.findall(visible_text(page))


def test_weak_points_list_only_what_cuts_people_off(datun, datun_report):
    every = gg.weak_points(datun)
    lone = (every.ties["households_cut"] == 0) & (every.ties["partners_cut_off"] <= 1)
    assert lone.sum() > 1_000  # ties to a single resident or merchant
    listed = pd.read_csv(
        datun_report.parent / "weak_ties.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False
    )
    assert len(listed) == (~lone).sum()
    partners = pd.read_csv(
        datun_report.parent / "weak_partners.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False
    )
    matters = (every.partners["households_cut"] > 0) | (every.partners["partners_cut_off"] > 1)
    assert len(partners) == matters.sum() and partners["失联住户"].iloc[0] == "7,188"
    page = datun_report.read_text(encoding="utf-8")
    assert f"{int(lone.sum()):,} 条关系各只连着一位别无联系的合伙人" in page


def test_tables_show_no_none_true_false_or_row_numbers(datun_report):
    page = datun_report.read_text(encoding="utf-8")
    cells = re.findall(r"<t[dh][^>]*>([^<]*)</t[dh]>", page)
    assert cells and not {"None", "True", "False", "nan", "NaN", "<NA>"} & set(cells)
    assert "<th>0</th>" not in page and "<th></th>" not in page  # no positional index
    assert ">否<" in page or ">是<" in page  # yes/no in words (workload above the norm)


def test_an_empty_table_says_so(datun_report):
    page = datun_report.read_text(encoding="utf-8")
    weak = page.split('<section id="weak_points">', 1)[1].split("</section>", 1)[0]
    ties = weak.split("断了就断的关系", 1)[1]  # every bridge of Datun North joins one lone partner
    assert "没有需要列出的项。" in ties and "<table" not in ties


def test_pdf_is_printed_by_chromium_or_the_reader_is_told_how(small, tmp_path, monkeypatch):
    monkeypatch.setenv("GOVGRAPH_CHROMIUM", str(tmp_path / "no-such-browser"))
    with pytest.raises(gg.GovGraphError, match="Chromium"):
        gg.report(small, tmp_path / "r", pdf=True)
    assert (tmp_path / "r" / "index.html").exists()  # the rest is written first


@pytest.mark.parametrize(
    "change",
    ["as built", "no places or dates", "projects only", "hostile names", "english"],
)
def test_odd_activities_and_projects_give_a_plain_section(tmp_path, change):
    from tests.together import street_with_activities

    base = street_with_activities()
    activities, projects = base.activities.reset_index(), base.projects.reset_index()
    together = pd.DataFrame({"source": ["S"], "target": ["A3"], "relation": ["organises"], "weight": [1.0]})
    relations = pd.concat([base.relations, base.links, together], ignore_index=True)
    lang = "zh"
    if change == "no places or dates":
        activities = activities.assign(place=None, date=pd.NaT, end=pd.NaT)
        projects = projects.assign(place=None, start=pd.NaT)
    elif change == "projects only":
        relations = relations[~relations["target"].isin(activities["id"])]
        activities = activities.iloc[:0]
    elif change == "hostile names":
        activities.loc[0, "name"] = HOSTILE
        projects.loc[0, "name"] = '<img src=x onerror="alert(1)">'
    elif change == "english":
        lang = "en"
    net = street_with_activities(relations=relations, activities=activities, projects=projects)
    page = gg.report(net, tmp_path, lang=lang).read_text(encoding="utf-8")
    section = page[page.index('<section id="activities">') :]
    section = section[: section.index("</section>")]
    text = visible_text(section)
    assert not UNREADABLE.findall(text), UNREADABLE.findall(text)[:5]
    assert "(none)" not in text and "P1" not in text and "A1" not in text
    if lang == "zh":
        assert "需求、资源、项目三张清单对照" in text
        assert ("谁和谁一起组织活动最多" in text) == (change != "projects only")
        assert "居民甲" not in page and "居民乙" not in page  # residents by role and place
    else:
        assert "Activities and projects" in text and "活动与项目" not in text and "三张清单" not in text
    if change == "no places or dates":
        assert "每月举办或进行中的活动" not in text  # no dates, no months
    if change == "hostile names":
        assert "<script" not in page and "<img" not in page and "&lt;script&gt;" in section


def test_gaps_name_every_missing_kind_in_words(tmp_path):
    from tests.together import street_with_activities

    # No grid worker and no party member anywhere: every building misses both.
    gg.report(street_with_activities(), tmp_path)
    gaps = pd.read_csv(tmp_path / "gaps.csv", encoding="utf-8-sig", dtype=str)
    assert "网格员、党员" in set(gaps["缺少"])
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert not UNREADABLE.findall(visible_text(page)), UNREADABLE.findall(visible_text(page))[:5]
