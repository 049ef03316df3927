"""The pages in a real headless Chromium, offline: nothing fetched, no errors, every node drawn, names inert."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest

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
    pairs = datun.relations.drop_duplicates(["source", "target", "relation"])  # a visit a day: one edge
    assert counts == [len(datun.partners), len(pairs)]
    assert seen.page.evaluate("Object.keys(govgraph.network.getPositions()).length") == len(datun.partners)
    assert seen.errors == [] and only_local(seen.requests), (seen.errors, seen.requests)
    seen.page.evaluate("document.getElementById('legend').open = true")
    legend = seen.page.inner_text("#legend")
    assert "居民" in legend and "网格员" in legend and "resident" not in legend
    seen.screenshot("network-datun")


def test_filters_narrow_the_view_and_zoom_to_fit(datun, visit, tmp_path):
    seen = visit(gg.viz.save_html(datun, tmp_path / "network.html"), SETTLED)
    page = seen.page
    total = len(datun.partners)
    page.select_option("#kind", "grid_worker")
    workers = int((datun.partners["kind"] == "grid_worker").sum())
    assert page.inner_text("#count") == f"显示 {workers:,} / 共 {total:,}"
    page.select_option("#community", "FC")
    both = int(((datun.partners["kind"] == "grid_worker") & (datun.partners["community"] == "FC")).sum())
    assert page.inner_text("#count").startswith(f"显示 {both:,} /")
    assert "富成花园社区" in page.inner_text("#community")  # names, not codes
    page.select_option("#kind", "")
    page.select_option("#community", "")
    # the view fits what is shown: every visible partner is on the screen
    page.select_option("#grid", "FC-M07")
    inside = page.evaluate(
        """(() => { const ids = govgraph.visible(), at = govgraph.network.getPositions(ids);
        const box = document.getElementById('graph').getBoundingClientRect();
        return ids.every(id => { const p = govgraph.network.canvasToDOM(at[id]);
          return p.x >= 0 && p.y >= 0 && p.x <= box.width && p.y <= box.height; }); })()"""
    )
    assert inside
    assert seen.errors == []


@pytest.mark.parametrize("grid", ["FC-M07", "JM-P3", "YY-G4"])
def test_the_grid_filter_shows_the_grids_partners(datun, visit, tmp_path, grid):
    seen = visit(gg.viz.save_html(datun, tmp_path / "network.html"), SETTLED)
    seen.page.select_option("#grid", grid)
    expected = int(datun.places["grid_chain"].map(lambda chain: grid in chain).sum())
    assert seen.page.inner_text("#count").startswith(f"显示 {expected:,} /")
    label = seen.page.evaluate("document.querySelector('#grid').selectedOptions[0].textContent").strip()
    assert label.endswith(datun.partners.at[grid, "name"])  # by name, with its community's


@pytest.mark.parametrize("hops", [1, 2])
def test_focus_shows_exactly_the_partners_within_the_chosen_ties(datun, visit, tmp_path, hops):
    seen = visit(gg.viz.save_html(datun, tmp_path / "network.html"), SETTLED)
    page = seen.page
    graph = nx.Graph()
    graph.add_nodes_from(datun.partners.index)
    graph.add_edges_from(zip(datun.relations["source"], datun.relations["target"], strict=True))
    page.select_option("#hops", str(hops))
    page.fill("#search", "富成花园社区党委")
    page.press("#search", "Enter")
    expected = set(nx.single_source_shortest_path_length(graph, "FC-PC", cutoff=hops))
    assert set(page.evaluate("govgraph.visible()")) == expected
    assert page.inner_text("#count").startswith(f"显示 {len(expected):,} /")
    page.click("#back")  # the way back
    assert len(page.evaluate("govgraph.visible()")) == len(datun.partners)
    page.evaluate("govgraph.focus('FC-B03', 1)")
    assert set(page.evaluate("govgraph.visible()")) == set(
        nx.single_source_shortest_path_length(graph, "FC-B03", 1)
    )
    assert seen.errors == []


def test_clicking_a_partner_selects_it_and_offers_its_neighbourhood(datun, visit, tmp_path):
    seen = visit(gg.viz.save_html(datun, tmp_path / "network.html"), SETTLED)
    page = seen.page
    page.evaluate("govgraph.network.fit({nodes: ['FC-PC'], animation: false})")
    point = page.evaluate("govgraph.network.canvasToDOM(govgraph.network.getPositions(['FC-PC'])['FC-PC'])")
    box = page.locator("#graph").bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    assert page.evaluate("govgraph.network.getSelectedNodes()") == ["FC-PC"]  # its ties highlighted
    assert page.inner_text("#picked") == "富成花园社区党委"
    page.click("#focus")
    relations = datun.relations
    around = set(relations.loc[relations["source"] == "FC-PC", "target"]) | set(
        relations.loc[relations["target"] == "FC-PC", "source"]
    )
    assert set(page.evaluate("govgraph.visible()")) == around | {"FC-PC"}


def test_labels_never_overlap(datun, visit, tmp_path):
    seen = visit(gg.viz.save_html(datun, tmp_path / "network.html"), SETTLED)
    page = seen.page
    closer = (
        "govgraph.network.moveTo({position: govgraph.network.getPositions(['FC-B03'])['FC-B03'], scale: 1.5})"
    )
    for zoom in ("govgraph.network.fit()", closer):
        page.evaluate(zoom)
        page.wait_for_timeout(100)
        boxes = page.evaluate("govgraph.labels()")
        assert boxes
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                apart = (
                    a["x"] + a["w"] <= b["x"]
                    or b["x"] + b["w"] <= a["x"]
                    or a["y"] + a["h"] <= b["y"]
                    or b["y"] + b["h"] <= a["y"]
                )
                assert apart, (a, b)


def test_the_view_is_saved_as_a_png(datun, visit, tmp_path):
    seen = visit(gg.viz.save_html(datun, tmp_path / "network.html"), SETTLED)
    with seen.page.expect_download() as download:
        seen.page.click("#png")
    saved = tmp_path / "view.png"
    download.value.save_as(saved)
    data = saved.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 10_000
    assert seen.errors == [] and only_local(seen.requests)


def test_physics_layout_settles_and_stops(datun, visit, tmp_path):
    small = datun.subnetwork(communities=["YY"])
    seen = visit(gg.viz.save_html(small, tmp_path / "force.html", layout="force"), SETTLED)
    assert seen.page.evaluate("govgraph.network.physics.physicsEnabled") is False
    assert seen.errors == []


def test_folded_page_says_so(datun, visit, tmp_path):
    seen = visit(gg.viz.save_html(datun, tmp_path / "folded.html", max_nodes=2_500), SETTLED)
    assert "居民已合并到所在位置显示" in seen.page.inner_text("#note")
    assert seen.page.evaluate("govgraph.nodes.length") == 2_075
    seen.screenshot("network-folded")


def test_hostile_names_render_as_text_and_run_nothing(visit, tmp_path):
    net = hostile_network()
    seen = visit(gg.viz.save_html(net, tmp_path / "hostile.html"), SETTLED)
    page = seen.page
    assert page.evaluate("window.__pwned") is None
    labels = page.evaluate("govgraph.nodes.get().map(n => n.name)")
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
    page.press("#search", "Enter")
    assert page.inner_text("#picked") == "<img src=x onerror=alert(1)>"
    assert seen.errors == [] and only_local(seen.requests)
    seen.screenshot("network-hostile")


def test_report_opens_offline_with_its_charts(visit, datun_report):
    seen = visit(datun_report)
    page = seen.page
    assert page.evaluate("document.querySelectorAll('section svg.chart').length") >= 6
    assert page.evaluate("document.querySelectorAll('script').length") == 0
    assert "关键连接者" in page.inner_text("body")
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


def test_activities_and_co_participation_layers(datun, visit, tmp_path):
    seen = visit(gg.viz.save_html(datun, tmp_path / "network.html"), SETTLED)
    page = seen.page
    partners, pairs = (
        len(datun.partners),
        len(datun.relations.drop_duplicates(["source", "target", "relation"])),
    )
    assert page.is_visible("#layer")
    page.select_option("#layer", "items")
    items = len(datun.activities) + len(datun.projects)
    partner_links = datun.links[datun.links["source"].isin(datun.partners.index)]
    links = len(partner_links.drop_duplicates(["source", "target", "relation"]))
    assert page.evaluate("[govgraph.nodes.length, govgraph.edges.length]") == [
        partners + items,
        pairs + links,
    ]
    assert page.evaluate("govgraph.nodes.get('activities:FC-ACT001').shape") == "square"
    assert page.inner_text("#count").startswith(f"显示 {partners + items:,} /")
    # Focusing a market shows who takes part in it.
    assert page.evaluate("govgraph.focus('activities:FC-ACT001', 1)")
    joined = set(partner_links.loc[partner_links["target"] == "FC-ACT001", "source"]) | {
        "activities:FC-ACT001"
    }
    assert set(page.evaluate("govgraph.visible()")) >= joined
    page.select_option("#layer", "together")
    together = gg.affiliation(datun, relations=datun.schema.taking_part)
    projects = gg.affiliation(datun, mode="projects", relations=datun.schema.taking_part)
    expected = len(
        pd.concat([together.projection(), projects.projection()]).drop_duplicates(["source", "target"])
    )
    assert page.evaluate("[govgraph.nodes.length, govgraph.edges.length]") == [partners, expected]
    page.select_option("#layer", "relations")
    assert page.evaluate("[govgraph.nodes.length, govgraph.edges.length]") == [partners, pairs]
    assert seen.errors == [] and only_local(seen.requests)
    page.select_option("#layer", "items")
    seen.screenshot("network-activities")


def test_a_page_without_activities_has_no_layer_control(visit, tmp_path):
    seen = visit(gg.viz.save_html(hostile_network(), tmp_path / "plain.html"), SETTLED)
    assert not seen.page.is_visible("#layer") and seen.errors == []


def test_report_shows_activities_and_projects(visit, datun_report):
    seen = visit(datun_report)
    section = seen.page.locator("section#activities")
    text = section.inner_text()
    assert "活动与项目" in text and "谁和谁一起组织活动最多" in text and "三张清单" in text
    assert "春晖公益社团" in text and "六王坟2号院4号楼恢复物业管理" in text
    assert section.locator("svg.chart").count() >= 1
    for word in ("None", "NaN", "nan", "True", "FC-ACT", "organises"):
        assert word not in text, word
    assert seen.errors == []
    section.scroll_into_view_if_needed()
    seen.screenshot("report-activities")
