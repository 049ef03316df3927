"""Weak points and resilience on a hand-built street and on Datun North."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import govgraph as gg
from govgraph.analysis.robustness import _links


def chain_street() -> gg.PartnerNetwork:
    """Committee PC leads community C; branch PB leads grid G; two buildings.

    B1 (100 households) is tied to the branch only through its party group
    PG1; B2 (50 households) through PG2 *and* its grid worker W. A resident
    R hangs off B1 alone.
    """
    partners = pd.DataFrame(
        {
            "id": ["C", "PC", "G", "PB", "PG1", "PG2", "W", "B1", "B2", "R"],
            "kind": ["community", "party_committee", "grid", "party_branch", "party_group",
                     "party_group", "grid_worker", "building", "building", "resident"],
            "name": ["社区", "社区党委", "网格", "网格党支部", "1号楼党小组", "2号楼党小组", "网格员", "1号楼", "2号楼", "居民"],
            "community": "C",
            "grid": [None, None, "G", "G", "G", "G", "G", "G", "G", "G"],
            "households": [None, None, None, None, None, None, None, 100, 50, None],
        }
    )  # fmt: skip
    relations = pd.DataFrame(
        [
            ("PC", "C", "leads"), ("PB", "PC", "part_of"), ("PB", "G", "leads"),
            ("PG1", "PB", "part_of"), ("PG1", "B1", "responsible_for"),
            ("PG2", "PB", "part_of"), ("PG2", "B2", "responsible_for"),
            ("W", "G", "responsible_for"), ("W", "B2", "responsible_for"),
            ("R", "B1", "resides_in"),
        ],
        columns=["source", "target", "relation"],
    )  # fmt: skip
    return gg.PartnerNetwork.from_frames(partners=partners, relations=relations)


def test_weak_points_of_a_hand_built_street():
    weak = gg.weak_points(chain_street())
    graph = nx.Graph(list(zip(*[chain_street().relations[c] for c in ("source", "target")], strict=True)))
    assert set(weak.partners.index) == set(nx.articulation_points(graph))
    assert len(weak.ties) == len(list(nx.bridges(graph)))
    # PG1 is B1's only way to its branch and committee.
    pg1 = weak.partners.loc["PG1"]
    assert (pg1["buildings_cut"], pg1["households_cut"], pg1["buildings"]) == (1, 100.0, "1号楼")
    assert (
        weak.partners.index[0] == "PB"
    )  # the branch itself: both buildings lose their grid's party organisation
    assert weak.partners.loc["PB", "households_cut"] == 150.0
    # B2 keeps its link without PG2 (through W and the grid): PG2 is not a weak point at all.
    assert "PG2" not in weak.partners.index
    # Losing B1 cuts the resident off but no building loses its party organisation.
    assert weak.partners.loc["B1", ["partners_cut_off", "buildings_cut"]].tolist() == [1, 0]
    ends = weak.ties[["source", "target"]].apply(frozenset, axis=1)
    bridge = weak.ties[ends == frozenset({"B1", "PG1"})].iloc[0]
    assert (bridge["relations"], bridge["buildings_cut"]) == ("responsible_for", 1)


def test_weak_points_of_datun_north(datun):
    weak = gg.weak_points(datun)
    assert weak.partners["households_cut"].is_monotonic_decreasing
    assert (weak.partners["pieces"] >= 2).all()
    assert (weak.ties["pieces"] == 2).all()
    assert set(weak.partners.columns) >= {
        "kind",
        "name",
        "buildings_cut",
        "households_cut",
        "partners_cut_off",
    }


def test_a_building_without_a_name_is_named_by_its_id():
    street = chain_street()
    partners = street.partners.reset_index()
    partners.loc[partners["id"] == "B1", "name"] = None
    weak = gg.weak_points(gg.PartnerNetwork.from_frames(partners, street.relations))
    assert weak.partners.loc["PG1", "buildings"] == "B1"


def test_resilience_of_a_hand_built_street():
    curve = gg.resilience(chain_street(), remove=["PG1", "W", "PG2"])
    assert pd.isna(curve.loc[0, "removed"])
    assert curve["removed"].tolist()[1:] == ["PG1", "W", "PG2"]
    assert curve["buildings_linked"].tolist() == [2, 1, 1, 0]
    np.testing.assert_allclose(curve["households_linked_share"], [1.0, 50 / 150, 50 / 150, 0.0])
    assert curve.loc[1, "name"] == "1号楼党小组"


def test_resilience_by_kind_and_by_measure(datun):
    by_kind = gg.resilience(datun, remove="party_branch")
    assert len(by_kind) == 1 + (datun.partners["kind"] == "party_branch").sum()
    assert (by_kind["kind"].iloc[1:] == "party_branch").all()
    assert by_kind["buildings_linked_share"].is_monotonic_decreasing
    targeted = gg.resilience(datun, remove="degree", steps=30)
    randomly = gg.resilience(datun, remove="degree", order="random", steps=30, seed=3)
    assert len(targeted) == len(randomly) == 31
    assert targeted["largest_piece_share"].iloc[-1] < randomly["largest_piece_share"].iloc[-1]
    again = gg.resilience(datun, remove="degree", order="random", steps=30, seed=3)
    pd.testing.assert_frame_equal(randomly, again)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"remove": "fame"}, "remove: expected a measure"),
        ({"remove": ["B1", "nobody"]}, r"remove: no partner has the id\(s\) \['nobody'\]"),
        ({"remove": ["B1", "B1"]}, "remove: a partner id is listed twice"),
        ({"order": "alphabetical"}, "order: expected one of"),
        ({"steps": -1}, "steps: expected a whole number of at least 0"),
    ],
)
def test_resilience_rejects_bad_arguments(kwargs, message):
    with pytest.raises(gg.GovGraphError, match=message):
        gg.resilience(chain_street(), **kwargs)


def brute_force_cut(
    net: gg.PartnerNetwork, graph: nx.Graph, links, removed_node=None, removed_edge=None
) -> set[str]:
    """Linked buildings that stop being linked, by networkx connectivity (an independent count)."""
    index = net.partners.index
    after = graph.copy()
    if removed_node is not None:
        after.remove_node(removed_node)
    if removed_edge is not None:
        after.remove_edge(*removed_edge)

    def linked(piece: dict, b: int) -> bool:
        building = index[links.buildings[b]]
        if building not in piece:
            return False
        pairs = links.building_of_pair == b
        for level in (0, 1):
            organisations = index[links.organisation[pairs & (links.level == level)]]
            if len(organisations) and not any(piece.get(o) == piece[building] for o in organisations):
                return False
        return True

    before, now = (
        {node: i for i, nodes in enumerate(nx.connected_components(g)) for node in nodes}
        for g in (graph, after)
    )
    return {
        index[links.buildings[b]]
        for b in range(len(links.buildings))
        if linked(before, b) and not linked(now, b) and index[links.buildings[b]] != removed_node
    }


@pytest.mark.parametrize("kept", [1.0, 0.7])
def test_weak_points_equal_a_brute_force_count(datun, kept):
    """Whole and thinned (many pieces, chains of bridges): each cut partner and tie, removed in turn."""
    net = datun.subnetwork(communities=["YY"])
    if kept < 1:
        relations = net.relations.sample(frac=kept, random_state=int(kept * 10))
        net = gg.PartnerNetwork.from_frames(net.partners.reset_index(), relations, schema=net.schema)
    graph = nx.Graph()
    graph.add_nodes_from(net.partners.index)
    graph.add_edges_from(zip(net.relations["source"], net.relations["target"], strict=True))
    weak = gg.weak_points(net)
    links = _links(net)
    names = net.partners["name"]
    for partner, row in weak.partners.iterrows():
        cut = brute_force_cut(net, graph, links, removed_node=partner)
        assert row["buildings_cut"] == len(cut), partner
        assert set(filter(None, row["buildings"].split("、"))) == set(names[list(cut)]), partner
        part = nx.node_connected_component(graph, partner) - {partner}
        pieces = [len(c) for c in nx.connected_components(graph.subgraph(part))]
        assert row["pieces"] == len(pieces) and row["partners_cut_off"] == sum(pieces) - max(pieces), partner
    for _, row in weak.ties.iterrows():
        cut = brute_force_cut(net, graph, links, removed_edge=(row["source"], row["target"]))
        assert row["buildings_cut"] == len(cut)
        after = graph.copy()
        after.remove_edge(row["source"], row["target"])
        smaller = len(nx.node_connected_component(after, row["source"]))
        smaller = min(smaller, len(nx.node_connected_component(graph, row["source"])) - smaller)
        assert row["pieces"] == 2 and row["partners_cut_off"] == smaller
    assert len(weak.ties) == len(list(nx.bridges(graph)))
    assert len(weak.partners) == len(list(nx.articulation_points(graph)))
