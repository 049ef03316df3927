"""The pages in a real headless Chromium, offline: nothing fetched, no errors, every node drawn, names inert."""

from __future__ import annotations

import govgraph as gg
from tests.conftest import HOSTILE
from tests.viz.test_network import hostile_network

SETTLED = "body[data-settled]"


def only_local(requests: list[str]) -> bool:
    return all(url.startswith(("file://", "data:")) for url in requests)


def test_network_page_draws_every_partner_and_relation(datun, visit, tmp_path):
    path = gg.viz.save_html(datun, tmp_path / "network.html", size_by="households")
    seen = visit(path, SETTLED)
    counts = seen.page.evaluate("[govgraph.nodes.length, govgraph.edges.length]")
    assert counts == [len(datun.partners), len(datun.relations)]
    assert seen.page.evaluate("Object.keys(govgraph.network.getPositions()).length") == len(datun.partners)
    assert seen.errors == [] and only_local(seen.requests), (seen.errors, seen.requests)
    legend = seen.page.inner_text("#legend")
    assert "居民 resident" in legend and "网格员 grid worker" in legend
    seen.screenshot("network-datun")


def test_filters_and_search_narrow_the_view(datun, visit, tmp_path):
    seen = visit(gg.viz.save_html(datun, tmp_path / "network.html"), SETTLED)
    page = seen.page
    page.select_option("#kind", "grid_worker")
    workers = int((datun.partners["kind"] == "grid_worker").sum())
    assert page.inner_text("#count") == f"{workers:,} / {len(datun.partners):,}"
    page.select_option("#community", "FC")
    both = int(((datun.partners["kind"] == "grid_worker") & (datun.partners["community"] == "FC")).sum())
    assert page.inner_text("#count").startswith(f"{both:,} /")
    page.select_option("#kind", "")
    page.select_option("#community", "")
    page.fill("#search", "富成花园社区党委")
    assert page.inner_text("#count").startswith("1 /")
    assert seen.errors == []


def test_physics_layout_settles_and_stops(datun, visit, tmp_path):
    small = datun.subnetwork(communities=["YY"])
    seen = visit(gg.viz.save_html(small, tmp_path / "force.html", layout="force"), SETTLED)
    assert seen.page.evaluate("govgraph.network.physics.physicsEnabled") is False
    assert seen.errors == []


def test_folded_page_says_so(datun, visit, tmp_path):
    seen = visit(gg.viz.save_html(datun, tmp_path / "folded.html", max_nodes=2_500), SETTLED)
    assert "居民 resident folded" in seen.page.inner_text("#note")
    assert seen.page.evaluate("govgraph.nodes.length") == 2_075
    seen.screenshot("network-folded")


def test_hostile_names_render_as_text_and_run_nothing(visit, tmp_path):
    net = hostile_network()
    seen = visit(gg.viz.save_html(net, tmp_path / "hostile.html"), SETTLED)
    page = seen.page
    assert page.evaluate("window.__pwned") is None
    labels = page.evaluate("govgraph.nodes.get().map(n => n.label)")
    assert HOSTILE in labels and "<img src=x onerror=alert(1)>" in labels
    assert page.evaluate("document.querySelectorAll('#legend img, #legend script, #bar a, img').length") == 0
    # Hover the partner named <script>…: its tooltip shows the name as text.
    point = page.evaluate(
        "(() => { const p = govgraph.network.getPositions(['C1']).C1;"
        " return govgraph.network.canvasToDOM(p); })()"
    )
    box = page.locator("#graph").bounding_box()
    page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
    tooltip = page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5_000)
    assert HOSTILE in tooltip.inner_text()
    assert tooltip.evaluate("t => t.querySelectorAll(':not(br)').length") == 0  # line breaks only
    page.fill("#search", "<img")
    assert page.inner_text("#count").startswith("1 /")
    assert seen.errors == [] and only_local(seen.requests)
    seen.screenshot("network-hostile")


def test_report_opens_offline_with_its_charts(visit, datun_report):
    seen = visit(datun_report)
    page = seen.page
    assert page.evaluate("document.querySelectorAll('section svg.chart').length") >= 6
    assert page.evaluate("document.querySelectorAll('script').length") == 0
    assert "关键连接者 Key connectors" in page.inner_text("body")
    assert seen.errors == [] and only_local(seen.requests)
    seen.screenshot("report-top")
    page.screenshot(path=str(seen.screenshot("report-full")).replace(".png", "-page.png"), full_page=True)
    # The network page it links to opens and draws.
    page.click("a[href='network.html']")
    page.wait_for_selector(SETTLED, state="attached", timeout=60_000)
    assert page.evaluate("govgraph.nodes.length") > 0 and seen.errors == []


def test_hostile_report_runs_nothing(visit, tmp_path):
    net = hostile_network()
    seen = visit(gg.report(net, tmp_path, title=HOSTILE))
    assert seen.page.evaluate("window.__pwned") is None
    assert seen.page.evaluate("document.querySelectorAll('script, img').length") == 0
    assert HOSTILE in seen.page.inner_text("h1")
    assert seen.errors == []
