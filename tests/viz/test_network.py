"""Network views: every partner and relation drawn, residents by role and place, folding, escaping, bad options."""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest

import govgraph as gg
from govgraph.viz.network import script_json
from tests.conftest import HOSTILE, HOSTILE_STRINGS


def page_data(html: str) -> dict:
    """The JSON the page draws from, as the browser parses it."""
    text = re.search(r'<script id="govgraph-data" type="application/json">(.*?)</script>', html, re.S).group(
        1
    )
    return json.loads(text)


def hostile_network() -> gg.PartnerNetwork:
    tables = {
        "partners": pd.DataFrame(
            {
                "id": ["C1", "G1", "B1", "M1", "R1", HOSTILE_STRINGS[3]],
                "kind": ["community", "grid", "building", "merchant", "resident", "merchant"],
                "name": [
                    HOSTILE,
                    "网格 <b>",
                    HOSTILE_STRINGS[2],
                    HOSTILE_STRINGS[1],
                    "居民甲",
                    HOSTILE_STRINGS[14],
                ],
                "community": ["C1"] * 6,
                "grid": [None, None, "G1", "G1", "G1", "G1"],
            }
        ),
        "relations": pd.DataFrame(
            {
                "source": ["G1", "B1", "M1", "R1", "M1"],
                "target": ["C1", "G1", "B1", "B1", "B1"],
                "relation": ["part_of", "part_of", "located_in", "resides_in", "located_in"],
            }
        ),
    }
    return gg.PartnerNetwork.from_frames(**tables)


def test_every_partner_and_relation_is_drawn(datun):
    view = gg.viz.network_view(datun)
    assert [n["id"] for n in view.nodes] == list(datun.partners.index)
    # one edge per pair and relation kind; a pair visited on three days is one edge "走访 × 3"
    triples = datun.relations.groupby(["source", "target", "relation"], sort=False).size()
    assert len(view.edges) == len(triples)
    source, target, _ = next(key for key, n in triples.items() if key[2] == "visits" and n == 3)
    edge = next(e for e in view.edges if (e["from"], e["to"]) == (source, target))
    assert edge["title"] == "走访 × 3" and edge["width"] > 1
    assert view.govgraph["note"] == "" and not view.govgraph["physics"]
    assert all(np.isfinite([n["x"], n["y"]]).all() for n in view.nodes)


def test_residents_appear_by_role_and_place_unless_names_are_asked(datun):
    page = gg.viz.network_page(datun).html
    residents = datun.partners[datun.partners["kind"] == "resident"]
    assert not any(name in page for name in residents["name"].head(50))
    assert "居民 · 3号楼" in page and "居民 resident · 3号楼" in gg.viz.network_page(datun, lang="both").html
    named = gg.viz.network_page(datun, names=True).html
    assert residents["name"].iloc[0] in named


def test_tooltips_carry_role_places_and_measures(datun):
    measures = gg.centrality(datun, measures=["degree", "pagerank"])
    view = gg.viz.network_view(datun, size_by="pagerank", measures=measures, highlight=["FC-PC"])
    node = {n["id"]: n for n in view.nodes}
    title = node["FC-PC"]["title"]
    assert "社区：富成花园社区" in title and "FC" not in title  # places by name, no identifiers
    assert f"联系数：{int(measures.at['FC-PC', 'degree']):,}（直接联系的合伙人有多少）" in title
    relative = measures.at["FC-PC", "pagerank"] * len(datun.partners)
    assert f"影响力：平均值的 {relative:.1f} 倍" in title  # rounded and explained
    english = gg.viz.network_view(datun, measures=measures, lang="en")
    assert "community: 富成花园社区" in next(n for n in english.nodes if n["id"] == "FC-PC")["title"]
    assert node["FC-PC"]["borderWidth"] == 5 and node["FC-B03"]["borderWidth"] == 1
    top = measures["pagerank"].idxmax()
    assert node[top]["size"] == 40 and min(n["size"] for n in view.nodes) == 8


def test_large_networks_fold_residents_into_buildings(datun):
    residents = datun.partners["kind"] == "resident"
    view = gg.viz.network_view(datun, max_nodes=int((~residents).sum()))
    assert len(view.nodes) == int((~residents).sum())
    assert view.govgraph["note"] == f"{int(residents.sum()):,} 居民已合并到所在位置显示"
    node = {n["id"]: n for n in view.nodes}
    homes = datun.relations[datun.relations["relation"] == "resides_in"]
    lived_in = homes[homes["source"].isin(datun.partners.index[residents])]["target"].value_counts()
    building = lived_in.index[0]
    assert f"居民：{lived_in.iloc[0]:,}" in node[building]["title"]
    # A grid worker's visits to residents become one edge to each building, with the count.
    visits = [e for e in view.edges if e["title"].startswith("走访 ×")]
    assert visits and all(e["to"] in node for e in visits)
    assert {e["from"] for e in view.edges} | {e["to"] for e in view.edges} <= set(node)


def test_folding_goes_on_until_the_view_fits(datun):
    view = gg.viz.network_view(datun, max_nodes=100)
    kinds = {n["group"] for n in view.nodes}
    assert {"community", "grid"} <= kinds and "resident" not in kinds and "merchant" not in kinds
    assert len(view.nodes) <= 100


def test_hostile_strings_stay_data(tmp_path):
    net = hostile_network()
    page = gg.viz.save_html(net, tmp_path / "n.html").read_text(encoding="utf-8")
    data = page_data(page)
    labels = {n["id"]: n["label"] for n in data["nodes"]}
    assert labels["C1"] == HOSTILE and labels["M1"] == "<img src=x onerror=alert(1)>"
    body = page.split('type="application/json">', 1)[1].split("</script>", 1)[0]
    assert "</script" not in body and "\u2028" not in body
    assert page.count("</script") == 3  # vis-network, the data, govgraph's own: nothing else closes a script


def test_script_json_round_trips():
    value = {"a": "</script><!-- \u2028 \u2029", "b": [1.5, None]}
    text = script_json(value)
    assert "</" not in text and "<!--" not in text and json.loads(text) == value
    with pytest.raises(ValueError):
        script_json({"x": float("nan")})


def test_positions_can_be_given(datun):
    import networkx as nx

    small = datun.subnetwork(communities=["YY"])
    positions = nx.circular_layout(nx.Graph(list(zip(small.relations["source"], small.relations["target"]))))
    view = gg.viz.network_view(small, layout={k: tuple(v) for k, v in positions.items()})
    assert len(view.nodes) == len(small.partners)
    frame = pd.DataFrame({"x": [0.0, 1.0], "y": [1.0, 0.0]}, index=list(small.partners.index[:2]))
    moved = gg.viz.network_view(small, layout=frame)
    assert {n["id"]: n["x"] for n in moved.nodes}[frame.index[0]] != {n["id"]: n["x"] for n in view.nodes}[
        frame.index[0]
    ]
    assert gg.viz.network_view(small, layout="force").govgraph["physics"]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"color_by": "colour"}, "color_by: expected a column"),
        ({"label_by": 3}, "label_by: expected a column"),
        ({"size_by": "nope"}, "size_by: expected a column"),
        ({"size_by": 1.5}, "size_by: expected a column name or a Series"),
        ({"size_by": pd.Series([1, 2], index=["FC", "FC"])}, "partner ids repeat"),
        ({"layout": "spring"}, "layout"),
        ({"layout": 7}, "layout: expected one of"),
        ({"layout": {"FC": (0.0, float("inf"))}}, "finite numbers"),
        ({"layout": {"FC": (1.0, 2.0, 3.0)}}, r"\(x, y\)"),
        ({"layout": pd.DataFrame({"x": [1.0]}, index=["FC"])}, "columns 'x' and 'y'"),
        ({"max_nodes": 0}, "max_nodes"),
        ({"measures": [1, 2]}, "measures: expected a DataFrame"),
        ({"measures": pd.DataFrame({"m": [1, 2]}, index=["FC", "FC"])}, "partner ids repeat"),
    ],
)
def test_bad_options_are_named(datun, options, message):
    with pytest.raises(gg.GovGraphError, match=message):
        gg.viz.network_view(datun, **options)


def test_colour_by_any_column_has_a_legend(datun):
    view = gg.viz.network_view(datun, color_by="community")
    assert {item["label"] for item in view.govgraph["legend"]} == set(datun.partners["community"].dropna())
    assert len(view.govgraph["kinds"]) == datun.partners["kind"].nunique()


def test_notebook_display_is_a_sandboxed_frame(datun):
    page = gg.viz.network_page(datun, max_nodes=500)
    shown = page._repr_html_()
    assert shown.startswith("<iframe srcdoc=") and 'sandbox="allow-scripts"' in shown
    assert "<script" not in shown  # escaped into the attribute
    assert page.nodes <= 500 and page.note
