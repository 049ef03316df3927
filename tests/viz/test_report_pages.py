"""The report, a grid page and the network page as a secretary sees them: two screen widths, print and PDF.

Over Datun North and over one community, at 1280×800 and 390×844 (a phone):
nothing is wider than the screen, and the visible text holds no identifier,
missing value or Python boolean. Printed on A4, nothing is wider than the page.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import govgraph as gg
from tests.viz.test_browser import SETTLED, only_local

SIZES = {"desktop": (1280, 800), "phone": (390, 844)}
#: Identifier-like tokens and raw values that must never be seen in Chinese pages.
UNREADABLE = re.compile(r"[a-z]+_[a-z_]+|\bNone\b|\bNaN\b|\bnan\b|<NA>|\bTrue\b|\bFalse\b")
#: A4 less the report's print margins (12 mm each side), in CSS pixels.
A4_CONTENT_WIDTH = round((210 - 24) / 25.4 * 96)


@pytest.fixture(scope="module")
def one_community_report(datun, tmp_path_factory) -> Path:
    return gg.report(datun.subnetwork(communities=["YY"]), tmp_path_factory.mktemp("yy-report"))


@pytest.fixture(params=["datun", "one community"])
def any_report(request, datun_report, one_community_report) -> Path:
    return datun_report if request.param == "datun" else one_community_report


def grid_page(index: Path) -> Path:
    pages = sorted((index.parent / "grids").glob("*.html"), key=lambda p: -p.stat().st_size)
    return pages[0]  # the fullest grid page


def overflow(page) -> list[str]:  # type: ignore[no-untyped-def]
    """Elements reaching past the right edge of the window (a horizontal scroll)."""
    return page.evaluate(
        """(() => { const width = document.documentElement.clientWidth, wide = [];
        if (document.documentElement.scrollWidth > width) { wide.push('page ' + document.documentElement.scrollWidth); }
        for (const e of document.body.querySelectorAll('*')) {
          if (e.closest('div.scroll')) { continue; }  // tables scroll inside their own box
          const r = e.getBoundingClientRect();
          if (r.width && r.right > width + 1) { wide.push(e.tagName + '.' + e.className + ' ' + Math.round(r.right)); }
        }
        return wide.slice(0, 5); })()"""
    )


@pytest.mark.parametrize("size", SIZES)
def test_report_and_grid_page_read_well_at_both_widths(any_report, visit, size):
    for path, name in ((any_report, "report"), (grid_page(any_report), "grid")):
        seen = visit(path, size=SIZES[size])
        page = seen.page
        assert overflow(page) == [], (name, size)
        text = page.inner_text("body")
        assert not UNREADABLE.findall(text), (name, UNREADABLE.findall(text)[:5])
        assert seen.errors == [] and only_local(seen.requests)
        seen.screenshot(f"{name}-{any_report.parent.name[:8]}-{size}")


@pytest.mark.parametrize("size", SIZES)
def test_network_page_reads_well_at_both_widths(any_report, visit, size):
    seen = visit(any_report.parent / "network.html", SETTLED, size=SIZES[size])
    page = seen.page
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    page.evaluate("document.getElementById('legend').open = true")
    text = page.inner_text("body")
    assert not UNREADABLE.findall(text), UNREADABLE.findall(text)[:5]
    legend = page.locator("#legend").bounding_box()
    bar = page.locator("#bar").bounding_box()
    width, height = SIZES[size]
    assert legend["width"] * legend["height"] <= 0.4 * width * height  # the legend never hides the network
    assert legend["y"] >= bar["y"] + bar["height"]  # nor the counter
    if size == "phone":
        seen.page.reload()
        seen.page.wait_for_selector(SETTLED, state="attached")
        assert seen.page.evaluate("document.getElementById('legend').open") is False  # folded on a phone
    # tooltips speak the language, with rounded, explained values
    tips = page.evaluate("govgraph.nodes.get().map(n => n.title).join('\\n')")
    assert "中介中心度" in tips and "betweenness" not in tips and not re.search(r"\d\.\d{4,}", tips)
    assert seen.errors == []
    seen.screenshot(f"network-{any_report.parent.name[:8]}-{size}")


def test_every_open_need_is_in_the_work_list_on_the_page(datun, datun_report, visit):
    seen = visit(datun_report)
    rows = seen.page.evaluate(
        "Array.from(document.querySelectorAll('#worklist tbody tr')).map(r => Array.from(r.cells).map(c => c.innerText))"
    )
    open_needs = datun.needs[datun.needs["status"] != "resolved"]
    assert len(rows) == len(open_needs)
    header = seen.page.evaluate(
        "Array.from(document.querySelectorAll('#worklist thead th')).map(c => c.innerText)"
    )
    provider, reason = header.index("服务方"), header.index("理由 / 建议")
    assert all(row[provider] or row[reason] for row in rows)


@pytest.mark.parametrize("which", ["report", "grid"])
def test_printed_on_a4_nothing_is_wider_than_the_page(datun_report, visit, tmp_path, which):
    path = datun_report if which == "report" else grid_page(datun_report)
    seen = visit(path, size=(A4_CONTENT_WIDTH, 1000))
    page = seen.page
    page.emulate_media(media="print")
    wide = page.evaluate(
        """(() => { const width = document.documentElement.clientWidth, wide = [];
        for (const e of document.body.querySelectorAll('*')) {
          const r = e.getBoundingClientRect();
          if (r.width && r.right > width + 1) { wide.push(e.tagName + ' ' + Math.round(r.right)); }
        }
        return wide.slice(0, 5); })()"""
    )
    assert wide == []
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") >= 1


def test_report_pdf_from_the_command_line(datun, tmp_path):
    folder = tmp_path / "data"
    datun.subnetwork(communities=["YY"]).write(folder)
    out = tmp_path / "报告"
    done = subprocess.run(
        [sys.executable, "-m", "govgraph.cli", "report", str(folder), "-o", str(out), "--pdf"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if "未找到 Chromium" in done.stderr:
        pytest.skip("no Chromium for printing")
    assert done.returncode == 0, done.stderr
    pdf = (out / "report.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000


def test_trends_section_draws_the_months_and_names_the_grid_whose_rates_fell(datun, datun_report, visit):
    seen = visit(datun_report)
    page = seen.page
    section = page.locator("#trends")
    charts = section.locator("svg.chart")
    assert charts.count() == 4  # raised and resolved, the three rates, visits, how the network changed
    for i in range(charts.count()):
        box = charts.nth(i).bounding_box()
        assert box["width"] > 300 and box["height"] > 150
    assert "2024年1月" in charts.nth(0).inner_html() and "2024年12月" in charts.nth(0).inner_html()
    rows = page.evaluate(
        "Array.from(document.querySelectorAll('#trends table')[0].querySelectorAll('tbody tr'))"
        ".map(r => Array.from(r.cells).map(c => c.innerText))"
    )
    january = gg.case_rates(datun, level=None, period="M").iloc[0]
    assert rows[0][0] == "2024年1月" and rows[0][1] == str(january["needs"])
    assert rows[0][3] == f"{january['response_rate']:.0%}"
    text = section.inner_text()
    assert "第7微网格" in text and "响应率" in text and "满意率" in text
    findings = page.locator("#findings").inner_text()
    assert "第7微网格最近 3 个月响应率从" in findings
    assert seen.errors == []
    section.scroll_into_view_if_needed()
    seen.screenshot("report-trends")


def test_a_network_without_dates_has_no_trends_and_says_so(datun, tmp_path, visit):
    needs = datun.needs.drop(columns=["created_at", "responded_at", "resolved_at"])
    relations = datun.relations.drop(columns=["date", "valid_from", "valid_to"])
    partners = datun.partners.drop(columns=["valid_to"])
    undated = gg.PartnerNetwork.from_frames(partners, relations, needs=needs, resources=datun.resources)
    seen = visit(gg.report(undated.subnetwork(communities=["YY"]), tmp_path))
    assert seen.page.locator("#trends").count() == 0
    assert "趋势：数据中没有日期。" in seen.page.inner_text("body")


def test_needs_of_residents_in_no_grid_are_counted_under_a_name(tmp_path):
    partners = pd.DataFrame(
        {"id": ["C", "G", "R1", "R2"], "kind": ["community", "grid", "resident", "resident"],
         "name": ["社区", "一网格", "甲", "乙"], "community": "C", "grid": [None, None, "G", None]}
    )  # fmt: skip
    relations = pd.DataFrame({"source": ["G"], "target": ["C"], "relation": ["part_of"]})
    needs = pd.DataFrame(
        {"id": ["N1", "N2"], "requester": ["R1", "R2"], "category": "repair",
         "created_at": ["2024-03-01 09:00", "2024-03-02 09:00"], "responded_at": ["2024-03-01 10:00", None]}
    )  # fmt: skip
    index = gg.report(gg.PartnerNetwork.from_frames(partners, relations, needs=needs), tmp_path)
    by_grid = pd.read_csv(index.parent / "rates_by_grid.csv", encoding="utf-8-sig")
    assert sorted(by_grid["网格"]) == ["一网格", "未归属网格"]
    assert by_grid.set_index("网格").loc["未归属网格", "响应率"] == "0%"
