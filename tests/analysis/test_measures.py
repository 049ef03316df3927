"""Every centrality measure against networkx and igraph on the same ties.

Weighted betweenness is held to igraph, which, like govgraph, counts path
lengths within a relative tolerance as equal; networkx compares float sums
exactly (see ``test_equal_weighted_paths_tie_within_the_tolerance``).
"""

from __future__ import annotations

import random

import igraph as ig
import networkx as nx
import numpy as np
import pandas as pd
import pytest

import govgraph as gg
from govgraph.analysis import measures as centrality_module
from tests.analysis.conftest import as_network, tie_graph

TOLERANCE = 1e-9


def eigenvector_by_piece(graph: nx.Graph) -> dict:
    """networkx refuses disconnected graphs: its eigenvector of every piece of two or more."""
    values = dict.fromkeys(graph, 0.0)
    for piece in nx.connected_components(graph):
        if len(piece) > 1:
            values.update(nx.eigenvector_centrality_numpy(graph.subgraph(piece), weight="weight"))
    return values


def igraph_betweenness(graph: nx.Graph, weights: str | None = "distance") -> dict:
    """igraph's weighted betweenness, normalised as networkx normalises undirected betweenness."""
    nodes = list(graph)
    g = ig.Graph.from_networkx(graph, vertex_attr_hashable="id")
    n = len(nodes)
    raw = np.array(g.betweenness(weights=weights)) if g.ecount() else np.zeros(n)
    scale = 2 / ((n - 1) * (n - 2)) if n > 2 else 0.0
    return dict(zip(g.vs["id"], raw * scale, strict=True))


def networkx_measures(graph: nx.Graph) -> dict[str, dict]:
    return {
        "degree": dict(graph.degree()),
        "strength": dict(graph.degree(weight="weight")),
        "betweenness": igraph_betweenness(graph),
        "closeness": nx.closeness_centrality(graph, distance="distance"),
        "harmonic_closeness": nx.harmonic_centrality(graph, distance="distance"),
        "eigenvector": eigenvector_by_piece(graph),
        "pagerank": nx.pagerank(graph, weight="weight", tol=1e-14, max_iter=10_000),
        "core_number": nx.core_number(graph),
        "constraint": nx.constraint(graph, weight="weight"),
        # networkx 3.6's all-nodes fast path divides by the wrong row's maximum
        # for weighted graphs; the per-node path follows Burt's definition.
        "effective_size": nx.effective_size(graph, nodes=list(graph), weight="weight"),
    }


def reached_share(g: ig.Graph) -> np.ndarray:
    """Share of the other vertices each vertex reaches."""
    pieces = g.connected_components()
    return (np.array(pieces.sizes())[pieces.membership] - 1) / (g.vcount() - 1)


def assert_close(ours: pd.Series, reference: dict | pd.Series, what: str) -> None:
    expected = pd.Series(reference, dtype="float64").reindex(ours.index)
    np.testing.assert_allclose(
        ours.to_numpy(dtype="float64"), expected.to_numpy(), rtol=0, atol=TOLERANCE, err_msg=what
    )


def test_every_measure_equals_networkx(textbook):
    net, graph = textbook
    table = gg.centrality(net)
    assert list(table.columns[4:]) == list(gg.analysis.MEASURES)
    assert table.attrs["paths"]["exact"] is True
    for measure, reference in networkx_measures(graph).items():
        assert_close(table[measure], reference, measure)


def test_counting_relations_without_weights_uses_hops(textbook):
    net, graph = textbook
    graph = graph.copy()
    for _, _, data in graph.edges(data=True):
        data["weight"] = data["distance"] = 1.0
    table = gg.centrality(net, measures=["betweenness", "closeness", "strength"], weight=None)
    assert table.attrs["paths"]["lengths"] == "hops"
    assert_close(table["betweenness"], nx.betweenness_centrality(graph), "betweenness")
    assert_close(table["closeness"], nx.closeness_centrality(graph), "closeness")
    assert_close(table["strength"], dict(graph.degree()), "strength")


def test_hop_lengths_whatever_the_weights(textbook):
    net, graph = textbook
    table = gg.centrality(net, measures=["betweenness", "harmonic_closeness", "pagerank"], path_length="hops")
    assert table.attrs["paths"]["lengths"] == "hops"
    assert_close(table["betweenness"], nx.betweenness_centrality(graph), "betweenness")
    assert_close(table["harmonic_closeness"], nx.harmonic_centrality(graph), "harmonic")
    assert_close(
        table["pagerank"], nx.pagerank(graph, weight="weight", tol=1e-14, max_iter=10_000), "pagerank"
    )


def test_equal_igraph(textbook):
    net, graph = textbook
    table = gg.centrality(net)
    nodes = list(table.index)
    g = ig.Graph.from_networkx(graph, vertex_attr_hashable="id")
    order = [nodes.index(v) for v in g.vs["id"]]
    n = len(nodes)

    def ours(measure):
        return table[measure].to_numpy()[order]

    hops = gg.centrality(net, measures=["betweenness", "closeness"], path_length="hops")
    raw = np.array(g.betweenness())
    np.testing.assert_allclose(hops["betweenness"].to_numpy()[order] * (n - 1) * (n - 2) / 2, raw, atol=1e-7)
    np.testing.assert_allclose(ours("pagerank"), g.pagerank(weights="weight"), atol=1e-9)
    np.testing.assert_allclose(ours("core_number"), g.coreness(), atol=0)
    np.testing.assert_allclose(ours("strength"), g.strength(weights="weight"), atol=TOLERANCE)
    harmonic = np.array(g.harmonic_centrality(weights="distance", normalized=False))
    np.testing.assert_allclose(ours("harmonic_closeness"), harmonic, atol=TOLERANCE)
    constraint = np.array(g.constraint(weights="weight"))
    isolated = np.array(g.degree()) == 0
    np.testing.assert_allclose(ours("constraint")[~isolated], constraint[~isolated], atol=TOLERANCE)
    # igraph's closeness looks only at the reached partners; networkx's (and ours) scales by their share.
    reached = reached_share(g)
    np.testing.assert_allclose(
        ours("closeness"), np.nan_to_num(g.closeness(weights="distance")) * reached, atol=TOLERANCE
    )
    if g.is_connected():
        eigen = np.array(g.eigenvector_centrality(weights="weight"))
        np.testing.assert_allclose(ours("eigenvector") / ours("eigenvector").max(), eigen, atol=1e-7)


@pytest.fixture(scope="module")
def datun_table(datun):
    return gg.centrality(datun)


def test_datun_north_against_igraph(datun, datun_table):
    table = datun_table
    graph = tie_graph(datun)
    g = ig.Graph.from_networkx(graph, vertex_attr_hashable="id")
    order = table.index.get_indexer(g.vs["id"])
    n = len(table)
    hops = gg.centrality(datun, measures=["betweenness"], path_length="hops")
    raw = np.array(g.betweenness())
    np.testing.assert_allclose(
        hops["betweenness"].to_numpy()[order] * (n - 1) * (n - 2) / 2, raw, rtol=1e-9, atol=1e-6
    )
    # Weighted: igraph counts lengths within a relative 1e-10 as equal, as govgraph does (1e-9).
    weighted = np.array(g.betweenness(weights="distance"))
    np.testing.assert_allclose(
        table["betweenness"].to_numpy()[order] * (n - 1) * (n - 2) / 2, weighted, rtol=1e-9, atol=1e-6
    )
    reached = reached_share(g)
    closeness = np.nan_to_num(g.closeness(weights="distance")) * reached
    np.testing.assert_allclose(table["closeness"].to_numpy()[order], closeness, atol=TOLERANCE)
    harmonic = np.array(g.harmonic_centrality(weights="distance", normalized=False))
    np.testing.assert_allclose(table["harmonic_closeness"].to_numpy()[order], harmonic, atol=TOLERANCE)
    np.testing.assert_allclose(table["pagerank"].to_numpy()[order], g.pagerank(weights="weight"), atol=1e-9)
    np.testing.assert_array_equal(table["core_number"].to_numpy()[order], g.coreness())
    np.testing.assert_allclose(
        table["constraint"].to_numpy()[order], g.constraint(weights="weight"), atol=TOLERANCE
    )


def test_datun_north_against_networkx(datun, datun_table):
    """The cheap measures; betweenness and the closeness measures are held to igraph above.

    networkx's structural-hole loops cost deg³ at 欧陆大厦's thousand tenants: the rest are checked.
    """
    graph = tie_graph(datun)
    modest = [v for v, degree in graph.degree() if degree <= 60]
    reference = {
        "degree": dict(graph.degree()),
        "strength": dict(graph.degree(weight="weight")),
        "eigenvector": eigenvector_by_piece(graph),
        "pagerank": nx.pagerank(graph, weight="weight", tol=1e-14, max_iter=10_000),
        "core_number": nx.core_number(graph),
        "constraint": nx.constraint(graph, nodes=modest, weight="weight"),
        "effective_size": nx.effective_size(graph, nodes=modest, weight="weight"),
    }
    for measure, values in reference.items():
        assert_close(datun_table.loc[list(values), measure], values, measure)


def test_equal_weighted_paths_tie_within_the_tolerance():
    # s-x-y-t is as short as s-t (1/2 + 1/3 + 1/6 = 1), which floating point rounds one way
    # round but not the other; networkx then gives x and y 0.5833, exact arithmetic 0.5.
    graph = nx.Graph()
    graph.add_weighted_edges_from([("s", "x", 2.0), ("x", "y", 3.0), ("y", "t", 6.0), ("s", "t", 1.0)])
    net, reference = as_network(graph)
    table = gg.centrality(net, measures=["betweenness"]).set_axis(list(graph))
    assert table.loc[["x", "y"], "betweenness"].tolist() == pytest.approx([0.5, 0.5], abs=1e-12)
    networkx = nx.betweenness_centrality(reference, weight="distance")
    assert networkx["P1"] == pytest.approx(7 / 12)  # what govgraph no longer says
    assert table["betweenness"].to_dict() == pytest.approx(
        dict(zip(graph, igraph_betweenness(reference).values(), strict=True)), abs=1e-12
    )


def test_ties_of_weight_zero_count_for_structure_not_for_paths():
    graph = nx.Graph()
    graph.add_weighted_edges_from(
        [("a", "b", 1.0), ("b", "c", 2.0), ("c", "a", 1.0), ("c", "d", 0.0), ("d", "e", 1.0), ("a", "e", 0.0)]
    )
    net, reference = as_network(graph)
    table = gg.centrality(net)
    structure = nx.Graph(reference)  # every tie, the zero ones included
    positive = nx.Graph([(u, v, d) for u, v, d in reference.edges(data=True) if d["weight"] > 0])
    positive.add_nodes_from(reference)
    for _, _, data in positive.edges(data=True):
        data["distance"] = 1.0 / data["weight"]
    assert_close(table["degree"], dict(structure.degree()), "degree")
    assert_close(table["core_number"], nx.core_number(structure), "core_number")
    assert_close(table["strength"], dict(structure.degree(weight="weight")), "strength")
    assert_close(table["constraint"], nx.constraint(structure, weight="weight"), "constraint")
    assert_close(
        table["effective_size"],
        nx.effective_size(structure, nodes=list(structure), weight="weight"),
        "effective",
    )
    assert_close(table["betweenness"], nx.betweenness_centrality(positive, weight="distance"), "betweenness")
    assert_close(table["closeness"], nx.closeness_centrality(positive, distance="distance"), "closeness")
    hops = gg.centrality(net, measures=["betweenness"], path_length="hops")
    assert_close(hops["betweenness"], nx.betweenness_centrality(structure), "hops cross every tie")
    weak = gg.weak_points(net)
    assert set(weak.partners.index) == {n for n in nx.articulation_points(structure)}


def test_sampled_betweenness_uses_networkx_sample(textbook):
    """Hops: networkx's estimate for the same seed. Weighted: igraph's sums over the same sources."""
    net, graph = textbook
    n = len(graph)
    g = ig.Graph.from_networkx(graph, vertex_attr_hashable="id")
    position = {v: i for i, v in enumerate(g.vs["id"])}
    for seed in (0, 7):
        hops = gg.centrality(net, measures=["betweenness"], k=10, seed=seed, path_length="hops")
        assert_close(hops["betweenness"], nx.betweenness_centrality(graph, k=10, seed=seed), f"seed {seed}")
        table = gg.centrality(net, measures=["betweenness"], k=10, seed=seed)
        assert table.attrs["paths"] == {
            "exact": False,
            "sources": 10,
            "seed": seed,
            "automatic": False,
            "lengths": table.attrs["paths"]["lengths"],
        }
        # The sources networkx draws for this seed; each partner's share is over the sources but itself.
        sample = random.Random(seed).sample(range(n), 10)
        sources = [table.index[i] for i in sample]
        raw = np.array(g.betweenness(weights="distance", sources=[position[s] for s in sources]))
        seen = np.where(table.index.isin(sources), 9, 10)
        expected = 2 * raw[[position[v] for v in table.index]] / (seen * (n - 2))
        np.testing.assert_allclose(table["betweenness"].to_numpy(), expected, atol=TOLERANCE)


def test_sampling_error_shrinks_as_k_grows(datun):
    measures = ["betweenness", "closeness", "harmonic_closeness"]
    exact = gg.centrality(datun, measures=measures, path_length="hops")
    errors = {}
    for k in (50, 400, 2000):
        sampled = gg.centrality(datun, measures=measures, k=k, seed=1, path_length="hops")
        errors[k] = {m: float(np.nanmean(np.abs(sampled[m] - exact[m]))) for m in exact.columns[4:]}
    for measure in ("betweenness", "closeness", "harmonic_closeness"):
        assert errors[50][measure] > errors[400][measure] > errors[2000][measure], measure


def test_large_networks_sample_automatically(monkeypatch, small):
    monkeypatch.setattr(centrality_module, "EXACT_PATHS_WORK", 3)  # the small street: 5 partners × 5 ties
    monkeypatch.setattr(centrality_module, "SAMPLED_SOURCES", 2)
    table = gg.centrality(small, measures=["betweenness"])
    assert table.attrs["paths"]["automatic"] is True
    assert table.attrs["paths"]["sources"] == 2
    assert gg.centrality(small, measures=["betweenness"], k=5).attrs["paths"]["exact"] is True


def test_relations_filter_and_columns(datun):
    table = gg.centrality(datun, measures=["degree"], relations=["part_of"])
    part_of = datun.relations[datun.relations["relation"] == "part_of"]
    expected = pd.concat([part_of["source"], part_of["target"]]).value_counts()
    assert (table["degree"] == expected.reindex(table.index, fill_value=0)).all()
    assert list(table.columns) == ["kind", "name", "community", "grid", "degree"]
    assert table.index.equals(datun.partners.index)


def test_no_nan_where_defined(datun_table):
    table = datun_table
    isolated = table["degree"] == 0
    numeric = table.drop(columns=["kind", "name", "community", "grid"])
    assert not numeric[~isolated].isna().any().any()
    assert np.isclose(table["pagerank"].sum(), 1.0)


def test_a_single_partner_and_an_empty_relation_set():
    net, _ = as_network(nx.empty_graph(1))
    table = gg.centrality(net, measures=["degree", "betweenness", "closeness", "pagerank", "core_number"])
    assert table.loc["P0", "degree"] == 0
    assert table.loc["P0", "pagerank"] == 1.0
    with pytest.raises(gg.GovGraphError, match="eigenvector centrality is undefined"):
        gg.centrality(net, measures=["eigenvector"])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"measures": ["fame"]}, "measures: expected some of"),
        ({"measures": []}, "measures: expected some of"),
        ({"weight": "strength"}, "weight: the relations table has no column 'strength'"),
        ({"weight": 3}, "weight: expected a relation column name"),
        ({"relations": ["gossips"]}, "relations: unknown relation kinds"),
        ({"k": 0}, "k: expected a whole number of at least 1"),
        ({"k": 2.5}, "k: expected a whole number"),
        ({"k": 10_000}, "k: expected at most the number of partners"),
        ({"k": 2, "seed": -1}, "seed: expected a whole number of at least 0"),
        ({"k": 2, "seed": None}, "seed: expected a whole number of at least 0"),
    ],
)
def test_bad_arguments_name_the_argument(small, kwargs, message):
    with pytest.raises(gg.GovGraphError, match=message):
        gg.centrality(small, **kwargs)


def test_not_a_network():
    with pytest.raises(gg.GovGraphError, match="net: expected a PartnerNetwork, got dict"):
        gg.centrality({})


# -- directed measures and standard errors ----------------------------------------------------

DIRECTED = ["in_degree", "out_degree", "in_strength", "out_strength", "directed_betweenness"]


@pytest.fixture(scope="module")
def jm(datun) -> gg.PartnerNetwork:
    return datun.subnetwork(communities=["JM"])


def test_directed_measures_equal_networkx_and_igraph(jm):
    names = [*DIRECTED, "in_closeness", "out_closeness", "hub", "authority"]
    table = gg.centrality(jm, measures=names, path_length="hops")
    assert list(table.columns[4:]) == names
    graph = tie_graph(jm, directed=True)
    assert_close(table["in_degree"], dict(graph.in_degree()), "in_degree")
    assert_close(table["out_degree"], dict(graph.out_degree()), "out_degree")
    assert_close(table["in_strength"], dict(graph.in_degree(weight="weight")), "in_strength")
    assert_close(table["out_strength"], dict(graph.out_degree(weight="weight")), "out_strength")
    assert_close(table["directed_betweenness"], nx.betweenness_centrality(graph), "directed_betweenness")
    assert_close(table["in_closeness"], nx.closeness_centrality(graph), "in_closeness")
    assert_close(table["out_closeness"], nx.closeness_centrality(graph.reverse()), "out_closeness")
    g = ig.Graph.from_networkx(graph, vertex_attr_hashable="id")
    order = [g.vs["id"].index(v) for v in table.index]
    with pytest.warns(
        RuntimeWarning, match="zeros"
    ):  # igraph: most partners are neither hubs nor authorities
        hub = np.array(g.hub_score(weights="weight"))[order]
        authority = np.array(g.authority_score(weights="weight"))[order]
    np.testing.assert_allclose(table["hub"], hub, atol=1e-6)  # igraph's ARPACK stops at 1e-6 or so
    np.testing.assert_allclose(table["authority"], authority, atol=1e-6)
    # The principal eigenvector itself, dense: AᵀA a = λ a.
    arcs = nx.to_numpy_array(graph, nodelist=list(table.index), weight="weight")
    vectors = np.linalg.eigh(arcs.T @ arcs)[1]
    exact = np.abs(vectors[:, -1]) / np.abs(vectors[:, -1]).max()
    np.testing.assert_allclose(table["authority"], exact, atol=1e-9)


def test_weighted_directed_betweenness_equals_igraph(jm):
    table = gg.centrality(jm, measures=["directed_betweenness"])
    graph = tie_graph(jm, directed=True)
    g = ig.Graph.from_networkx(graph, vertex_attr_hashable="id")
    n = g.vcount()
    raw = dict(zip(g.vs["id"], g.betweenness(weights="distance", directed=True), strict=True))
    assert_close(
        table["directed_betweenness"], {v: b / ((n - 1) * (n - 2)) for v, b in raw.items()}, "weighted"
    )


def test_undirected_relations_count_both_ways():
    partners = pd.DataFrame(
        {"id": ["P0", "P1", "P2"], "kind": ["building", "grid", "party_branch"], "name": "x"}
    )
    # P0 → P1 one way (a building is part of a grid); P1 — P2 both ways (a grid partners a branch).
    relations = pd.DataFrame(
        {"source": ["P0", "P1"], "target": ["P1", "P2"], "relation": ["part_of", "partners_with"]}
    )
    net = gg.PartnerNetwork.from_frames(partners, relations)
    table = gg.centrality(net, measures=["in_degree", "out_degree", "directed_betweenness"])
    assert table["in_degree"].tolist() == [0, 2, 1]
    assert table["out_degree"].tolist() == [1, 1, 1]
    assert table["directed_betweenness"].tolist() == [0.0, 0.5, 0.0]  # P0 → P2 through P1, not back


def test_sampled_standard_errors_match_the_spread_over_samples():
    """Over many samples of k sources, the estimates spread as the reported standard errors say."""
    net, _ = as_network(nx.les_miserables_graph())
    measures = ["betweenness", "closeness", "harmonic_closeness"]
    runs = [gg.centrality(net, measures=measures, k=25, seed=seed, path_length="hops") for seed in range(300)]
    for measure in measures:
        estimates = np.array([run[measure].to_numpy() for run in runs])
        # The squared standard error estimates the variance without bias: its mean over samples
        # must match the variance the estimates show (Les Misérables: within 3%).
        reported = np.sqrt((np.array([run[f"{measure}_se"].to_numpy() for run in runs]) ** 2).mean(axis=0))
        spread = estimates.std(axis=0)
        varying = spread > 1e-3 * np.nanmax(spread)
        ratio = np.median(reported[varying] / spread[varying])
        assert 0.9 < ratio < 1.1, (measure, ratio)
    directed = gg.centrality(net, measures=["directed_betweenness", "in_closeness"], k=10)
    assert {"directed_betweenness_se", "in_closeness_se"} <= set(directed.columns)
    exact = gg.centrality(net, measures=measures)
    assert not any(column.endswith("_se") for column in exact.columns)
