"""Two-mode analysis: equal to networkx's bipartite functions, projections equal to a hand count."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from networkx.algorithms import bipartite

import govgraph as gg
from tests.together import street_with_activities


def two_mode(graph: nx.Graph, top: list) -> tuple[gg.PartnerNetwork, nx.Graph, list[str]]:
    """A bipartite graph as residents (the ``top`` side) taking part in activities, and the graph relabelled."""
    people = {node: f"W{i:03d}" for i, node in enumerate(top)}
    events = {node: f"E{i:03d}" for i, node in enumerate(n for n in graph if n not in people)}
    partners = pd.DataFrame(
        {"id": ["C", *people.values()], "kind": ["community"] + ["resident"] * len(people), "name": "x"}
    )
    activities = pd.DataFrame({"id": list(events.values()), "name": "e", "kind": "other", "place": "C"})
    relations = pd.DataFrame(
        [(people[u], events[v], "takes_part_in") if u in people else (people[v], events[u], "takes_part_in")
         for u, v in graph.edges()],
        columns=["source", "target", "relation"],
    )  # fmt: skip
    net = gg.PartnerNetwork.from_frames(partners, relations, activities=activities)
    relabelled = nx.relabel_nodes(graph, {**people, **events})
    # networkx counts every node given; govgraph every partner that takes part and every activity.
    relabelled.remove_nodes_from([people[p] for p in top if graph.degree(p) == 0])
    return net, relabelled, [people[p] for p in top if graph.degree(p) > 0]


def assert_equal_to_networkx(net: gg.PartnerNetwork, graph: nx.Graph, top: list[str]) -> None:
    found = gg.affiliation(net).centrality()
    assert set(found.index) == set(graph)
    for column, reference in (
        ("degree", bipartite.degree_centrality),
        ("closeness", bipartite.closeness_centrality),
        ("betweenness", bipartite.betweenness_centrality),
    ):
        expected = pd.Series(reference(graph, top)).reindex(found.index)
        np.testing.assert_allclose(found[column], expected, rtol=1e-12, atol=1e-15, err_msg=column)


def test_davis_southern_women_equals_networkx():
    graph = nx.davis_southern_women_graph()
    women = [n for n, side in graph.nodes(data="bipartite") if side == 0]
    net, relabelled, top = two_mode(graph, women)
    assert_equal_to_networkx(net, relabelled, top)
    together = gg.affiliation(net)
    assert together.incidence.shape == (18, 14) and together.incidence.to_numpy().sum() == 89
    newman = together.projection(weighting="newman")
    reference = bipartite.collaboration_weighted_projected_graph(relabelled, top)
    assert len(newman) == reference.number_of_edges()
    for source, target, weight in zip(newman["source"], newman["target"], newman["weight"]):
        assert weight == pytest.approx(reference[source][target]["weight"], rel=1e-12)
    counts = together.projection()
    shared = bipartite.weighted_projected_graph(relabelled, top)
    assert {(a, b): w for a, b, w in zip(counts["source"], counts["target"], counts["shared"])} == {
        tuple(sorted((a, b))): d["weight"] for a, b, d in shared.edges(data=True)
    }


@pytest.mark.parametrize("seed", range(8))
def test_random_two_mode_networks_equal_networkx(seed):
    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(2, 30)), int(rng.integers(1, 20))
    graph = bipartite.random_graph(n, m, float(rng.uniform(0.05, 0.5)), seed=seed)
    top = list(range(n))
    net, relabelled, kept = two_mode(graph, top)
    if not kept:
        assert gg.affiliation(net).centrality().empty
        return
    assert_equal_to_networkx(net, relabelled, kept)


def test_projections_equal_a_hand_count():
    together = gg.affiliation(street_with_activities())
    # A1: PC, M1, M2, S; A2: S, V, R2; A3: PC, M1 (serves_in is not counted by default).
    assert together.incidence.loc["M1"].to_dict() == {"A1": 1, "A2": 0, "A3": 1, "A4": 0}
    pairs = {
        (a, b): s for a, b, s in together.projection()[["source", "target", "shared"]].itertuples(index=False)
    }
    assert pairs == {
        ("M1", "PC"): 2, ("M2", "PC"): 1, ("PC", "S"): 1, ("M1", "M2"): 1, ("M1", "S"): 1, ("M2", "S"): 1,
        ("R2", "S"): 1, ("S", "V"): 1, ("R2", "V"): 1,
    }  # fmt: skip
    newman = together.projection(weighting="newman").set_index(["source", "target"])["weight"]
    assert newman[("M1", "PC")] == pytest.approx(1 / 3 + 1 / 1)  # A1 has four partners, A3 two
    items = together.projection("items")
    assert items.to_dict("records") == [
        {"source": "A1", "target": "A3", "shared": 2, "weight": 2.0},
        {"source": "A1", "target": "A2", "shared": 1, "weight": 1.0},
    ]
    net = street_with_activities()
    serving = gg.affiliation(net, relations=net.schema.taking_part)
    assert serving.incidence.loc["M1", "A3"] == 2  # takes part and serves
    assert serving.relations == ("organises", "takes_part_in", "funds", "serves_in")


def test_circles_bridges_and_reach():
    together = gg.affiliation(street_with_activities())
    circles = together.circles()
    assert "A4" not in circles.index  # nobody takes part in it
    assert circles["circle"].nunique() == 1
    bridges = together.bridges()
    assert list(bridges.index) == ["S"]  # without S, the market and the council share no one
    assert bridges.loc["S", "circles_joined"] == 2
    reach = together.reach
    # A1: PC (no grid), M1 and M2 (G), S (H): the households of B1, B2 and B3.
    assert reach.loc["A1", ["participants", "organisers", "grids", "households"]].tolist() == [4, 1, 2, 130]
    # A2 in H: S (H), V (H), R2 (H): the households of B3.
    assert reach.loc["A2", ["grids", "grid_ids", "households"]].tolist() == [1, "H", 10]
    # A3 at C (no grid): PC (no grid) and M1 (G).
    assert reach.loc["A3", ["grids", "communities", "households"]].tolist() == [1, 1, 120]
    assert reach.loc["A4", ["participants", "grids", "households"]].tolist() == [0, 0, 0]


def test_projects_mode_and_an_empty_network():
    net = street_with_activities()
    projects = gg.affiliation(net, mode="projects", relations=["organises", "funds"])
    assert projects.incidence.to_dict() == {"P1": {"PC": 1, "M1": 1}, "P2": {"PC": 1, "M1": 0}}
    assert projects.centrality().loc["P1", "side"] == "project"
    bare = gg.PartnerNetwork.from_frames(net.partners.reset_index(), net.relations)
    empty = gg.affiliation(bare)
    assert empty.incidence.empty and empty.centrality().empty and empty.projection().empty
    assert empty.circles().empty and empty.bridges().empty and empty.reach.empty


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"mode": "events"}, "mode"),
        ({"relations": "answers"}, "relations"),
        ({"relations": ["visits"]}, "relations"),
        ({"relations": []}, "relations"),
    ],
)
def test_bad_arguments(options, message):
    with pytest.raises(gg.GovGraphError, match=message):
        gg.affiliation(street_with_activities(), **options)
    with pytest.raises(gg.GovGraphError, match="weighting"):
        gg.affiliation(street_with_activities()).projection("items", weighting="newman")


@pytest.mark.parametrize("seed", range(12))
def test_circles_joined_counts_the_blocks_networkx_finds(seed):
    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(2, 40)), int(rng.integers(1, 25))
    graph = bipartite.random_graph(n, m, float(rng.uniform(0.03, 0.3)), seed=seed)
    net, relabelled, _ = two_mode(graph, list(range(n)))
    found = gg.affiliation(net).bridges()["circles_joined"]
    expected = pd.Series(0, index=list(relabelled), dtype="int64")
    for block in nx.biconnected_components(relabelled):
        expected[list(block)] += 1
    expected = expected[expected.index.str.startswith("W") & (expected >= 2)]
    assert found.sort_index().to_dict() == expected.sort_index().to_dict()
