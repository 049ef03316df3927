"""Whole-network statistics and the CUG test, against R's sna, igraph and networkx on real networks.

The real networks: the three smallest communities of Datun North (329–544 partners, directed
relations among them) and the karate club, Florentine families and Les Misérables graphs.
"""

from __future__ import annotations

import igraph as ig
import networkx as nx
import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

import govgraph as gg
from govgraph.analysis import statistics as statistics_module
from tests.analysis.conftest import TEXTBOOK, as_network
from tests.analysis.rsna import rscript, run_r

COMMUNITIES = ("YY", "RH", "JM")


@pytest.fixture(scope="module")
def real_networks(datun) -> dict[str, gg.PartnerNetwork]:
    networks = {c: datun.subnetwork(communities=[c]) for c in COMMUNITIES}
    for name in ("karate", "florentine", "les_miserables"):
        networks[name] = as_network(TEXTBOOK[name]())[0]
    return networks


@pytest.fixture(scope="module")
def sna_values(real_networks, tmp_path_factory) -> dict[str, dict[str, float]]:
    """gden, gtrans, grecip and the three centralisations from R's sna, for every real network."""
    executable = rscript()
    folder = tmp_path_factory.mktemp("sna")
    matrices = {}
    for name, net in real_networks.items():
        matrices[f"{name}_u"] = net.ties(weight=None).pattern.toarray()
        matrices[f"{name}_d"] = net.ties(weight=None, directed=True).pattern.toarray()
    script = "".join(
        f"""
g <- m[["{name}_u"]]; a <- m[["{name}_d"]]
put("{name}_density", gden(g, mode = "graph"))
put("{name}_transitivity", gtrans(g, mode = "graph", use.adjacency = FALSE))
put("{name}_reciprocity", grecip(a, measure = "edgewise"))
put("{name}_degree", centralization(g, degree, mode = "graph"))
put("{name}_betweenness", centralization(g, betweenness, mode = "graph"))
put("{name}_closeness", centralization(g, closeness, mode = "graph"))
"""
        for name in real_networks
    )
    values = run_r(executable, folder, matrices, script)
    return {
        name: {
            key: float(values[f"{name}_{key}"][0])
            for key in ("density", "transitivity", "reciprocity", "degree", "betweenness", "closeness")
        }
        for name in real_networks
    }


def test_every_statistic_equals_sna(real_networks, sna_values):
    for name, net in real_networks.items():
        row = gg.network_statistics(net).loc["network"]
        expected = sna_values[name]
        assert row["density"] == pytest.approx(expected["density"], abs=1e-12), name
        assert row["transitivity"] == pytest.approx(expected["transitivity"], abs=1e-12), name
        assert row["degree_centralization"] == pytest.approx(expected["degree"], abs=1e-12), name
        assert row["betweenness_centralization"] == pytest.approx(expected["betweenness"], abs=1e-12), name
        if row["components"] == 1:
            assert row["closeness_centralization"] == pytest.approx(expected["closeness"], abs=1e-12), name
        else:  # sna's closeness is 0 everywhere in a disconnected graph; govgraph says undefined
            assert np.isnan(row["closeness_centralization"]) and expected["closeness"] == 0, name
        if name in COMMUNITIES:
            assert row["reciprocity"] == pytest.approx(expected["reciprocity"], abs=1e-12), name


def _igraph(net: gg.PartnerNetwork, directed: bool = False) -> ig.Graph:
    pattern = net.ties(weight=None, directed=directed).pattern
    rows, cols = (sp.triu(pattern, 1) if not directed else pattern).nonzero()
    return ig.Graph(
        n=pattern.shape[0], edges=list(zip(rows.tolist(), cols.tolist(), strict=True)), directed=directed
    )


def test_statistics_equal_igraph_and_networkx(real_networks):
    for name, net in real_networks.items():
        by = "kind" if name in COMMUNITIES else None
        table = gg.network_statistics(net, by=by)
        row = table.loc["network"]
        g = _igraph(net)
        graph = g.to_networkx()
        assert row["partners"] == g.vcount() and row["ties"] == g.ecount()
        assert row["transitivity"] == pytest.approx(g.transitivity_undirected(), abs=1e-12)
        assert row["average_clustering"] == pytest.approx(nx.average_clustering(graph), abs=1e-12)
        pieces = g.connected_components()
        assert row["components"] == len(pieces)
        assert row["largest_component"] == pytest.approx(max(pieces.sizes()) / g.vcount())
        assert row["diameter"] == row["diameter_upper"] == g.diameter(directed=False)
        assert row["average_distance"] == pytest.approx(
            g.average_path_length(directed=False, unconn=True), abs=1e-12
        )
        assert row["arcs"] == _igraph(net, directed=True).ecount()
        assert row["reciprocity"] == pytest.approx(_igraph(net, directed=True).reciprocity(), abs=1e-12)
        if by:
            kinds = pd.factorize(net.partners["kind"])[0]
            assert row["assortativity"] == pytest.approx(
                g.assortativity_nominal(kinds.tolist(), directed=False), abs=1e-12
            )
            nx.set_node_attributes(graph, dict(enumerate(kinds.tolist())), "kind")
            assert row["assortativity"] == pytest.approx(
                nx.attribute_assortativity_coefficient(graph, "kind"), abs=1e-12
            )


def test_groups_tie_table_and_ei_index_counted_by_hand(datun):
    table = gg.network_statistics(datun, by="community")
    community = datun.places["community"]
    ends = pd.DataFrame(
        {"a": datun.relations["source"].map(community), "b": datun.relations["target"].map(community)}
    )
    pairs = datun.relations[["source", "target"]].apply(lambda r: tuple(sorted(r)), axis=1)
    ends = ends[~pairs.duplicated().to_numpy()]  # parallel relations are one tie
    within = int((ends["a"] == ends["b"]).sum())
    between = len(ends) - within
    row = table.loc["network"]
    assert (row["within_ties"], row["between_ties"]) == (within, between)
    assert row["ei_index"] == pytest.approx((between - within) / (between + within))
    mixing = table.attrs["mixing"]
    assert int(np.triu(mixing.to_numpy()).sum()) == within + between
    assert list(table.index) == ["network", *mixing.index]
    for group in mixing.index:
        touching = ends[(ends["a"] == group) | (ends["b"] == group)]
        inside = int((touching["a"] == touching["b"]).sum())
        assert table.loc[group, "within_ties"] == inside
        assert table.loc[group, "between_ties"] == len(touching) - inside
        # A group's row is the statistics of the network among its members.
        alone = gg.network_statistics(datun.subnetwork(communities=[group])).loc["network"]
        own = table.loc[group, list(gg.analysis.STATISTICS)]
        kept = alone.index.difference(["reciprocity", "arcs"])  # subnetwork keeps what joins members
        pd.testing.assert_series_equal(own[kept].astype(float), alone[kept].astype(float), check_names=False)


def test_sampled_paths_bound_the_diameter(datun):
    exact = gg.network_statistics(datun).loc["network"]
    sampled = gg.network_statistics(datun, k=40, seed=3)
    row = sampled.loc["network"]
    assert sampled.attrs["paths"]["exact"] is False and sampled.attrs["paths"]["sources"] == 40
    assert row["diameter"] <= exact["diameter"] <= row["diameter_upper"]
    assert row["average_distance"] == pytest.approx(exact["average_distance"], rel=0.1)
    assert row["betweenness_centralization"] == pytest.approx(exact["betweenness_centralization"], rel=0.2)


def test_empty_and_tiny_networks_give_numbers_or_nan():
    for size in (1, 2):
        net, _ = as_network(nx.path_graph(size))
        row = gg.network_statistics(net).loc["network"]
        assert row["partners"] == size and row["ties"] == size - 1
        assert np.isnan(row["degree_centralization"])
    net, _ = as_network(nx.empty_graph(4))
    row = gg.network_statistics(net).loc["network"]
    assert row["components"] == 4 and row["density"] == 0 and np.isnan(row["transitivity"])


def test_partners_without_a_group_stay_in_the_network_row(datun):
    partners = datun.partners.copy()
    partners["team"] = np.where(partners["kind"] == "grid_worker", "A", None)
    partners.loc[partners.index[:3], "team"] = "<script>alert(1)</script>"
    net = gg.PartnerNetwork.from_frames(partners.reset_index(), datun.relations)
    table = gg.network_statistics(net, by="team")
    assert table.loc["network", "partners"] == len(partners)
    assert set(table.index) == {"network", "A", "<script>alert(1)</script>"}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"by": "no_such_column"}, "by: expected a partner column"),
        ({"relations": ["MATCH (n) DETACH DELETE n"]}, "relations"),
        ({"k": 0}, "k:"),
        ({"seed": "x"}, "seed"),
    ],
)
def test_bad_arguments_name_the_argument(small, kwargs, message):
    with pytest.raises(gg.GovGraphError, match=message):
        gg.network_statistics(small, **kwargs)


# -- the CUG test -----------------------------------------------------------------------


def test_cug_repeats_under_a_seed_and_keeps_what_it_conditions_on(real_networks, datun):
    net = real_networks["YY"]
    first = gg.cug_test(net, "transitivity", reps=50, seed=4)
    again = gg.cug_test(net, "transitivity", reps=50, seed=4)
    np.testing.assert_array_equal(first.replicates, again.replicates)
    assert not np.array_equal(first.replicates, gg.cug_test(net, "transitivity", reps=50, seed=5).replicates)
    ties = net.ties(weight=None).pattern.nnz
    kept = gg.cug_test(net, lambda a: a.nnz, reps=20)
    assert (kept.replicates == ties).all() and kept.observed == ties
    census = gg.cug_test(net, "reciprocity", conditioning="dyad.census", reps=20)
    assert census.directed and (census.replicates == census.observed).all()
    # Leaders and members answer each other far more than random arcs would.
    arcs = gg.cug_test(datun, "reciprocity", conditioning="edges", reps=20)
    assert arcs.replicates.max() < arcs.observed and arcs.p_greater == 0
    size = gg.cug_test(real_networks["karate"], "density", conditioning="size", reps=200)
    assert size.replicates.mean() == pytest.approx(0.5, abs=0.01)
    assert set(first.summary().index) >= {"observed", "mean", "p_greater", "p_less"}


def test_random_pairs_cover_every_pair_once():
    for n in (2, 3, 7, 50):
        pairs = n * (n - 1) // 2
        rows, cols = statistics_module._pair(np.arange(pairs), n)
        expected = np.triu_indices(n, k=1)
        np.testing.assert_array_equal(rows, expected[0])
        np.testing.assert_array_equal(cols, expected[1])


@pytest.fixture(scope="module")
def sna_cug(real_networks, tmp_path_factory) -> dict[str, np.ndarray]:
    executable = rscript()
    folder = tmp_path_factory.mktemp("cug")
    matrices = {
        "florentine": real_networks["florentine"].ties(weight=None).pattern.toarray(),
        "yy": real_networks["YY"].ties(weight=None, directed=True).pattern.toarray(),
    }
    script = """
set.seed(11)
t <- cug.test(m$florentine, gtrans, mode = "graph", cmode = "edges", reps = 1000)
put("trans", c(t$obs.stat, mean(t$rep.stat), t$pgteobs, t$plteobs))
d <- cug.test(m$florentine, centralization, FUN.arg = list(FUN = degree, mode = "graph"), mode = "graph",
              cmode = "edges", reps = 1000)
put("degree", c(d$obs.stat, mean(d$rep.stat), d$pgteobs, d$plteobs))
r <- cug.test(m$yy, grecip, FUN.arg = list(measure = "edgewise"), cmode = "edges", reps = 1000)
put("recip", c(r$obs.stat, mean(r$rep.stat), r$pgteobs, r$plteobs))
"""
    return run_r(executable, folder, matrices, script)


def test_cug_equals_sna_within_the_error_of_1000_reps(real_networks, sna_cug):
    # Two independent runs of 1,000 reps: a p-value differs by at most ~4 of their joint
    # standard errors, √(2 · ¼ / 1000) ≈ 0.022, so 0.09; means by 4 standard errors of their spread.
    cases = [
        ("trans", real_networks["florentine"], "transitivity"),
        ("degree", real_networks["florentine"], "degree_centralization"),
        ("recip", real_networks["YY"], "reciprocity"),
    ]
    for label, net, statistic in cases:
        observed, mean, p_greater, p_less = sna_cug[label]
        ours = gg.cug_test(net, statistic, conditioning="edges", reps=1000, seed=2)
        assert ours.observed == pytest.approx(observed, abs=1e-12), label
        spread = ours.replicates.std() / np.sqrt(1000)
        assert ours.replicates.mean() == pytest.approx(mean, abs=4 * np.sqrt(2) * spread + 1e-12), label
        assert ours.p_greater == pytest.approx(p_greater, abs=0.09), label
        assert ours.p_less == pytest.approx(p_less, abs=0.09), label


@pytest.mark.parametrize(
    ("statistic", "kwargs", "message"),
    [
        ("no_such_statistic", {}, "statistic: expected one of"),
        ("ei_index", {}, "by: the statistic 'ei_index' needs"),
        ("density", {"conditioning": "triads"}, "conditioning"),
        ("density", {"reps": 0}, "reps"),
        ("density", {"directed": "yes"}, "directed"),
        (lambda a: "many", {}, "statistic: expected the function to return a number"),
    ],
)
def test_cug_bad_arguments(small, statistic, kwargs, message):
    with pytest.raises(gg.GovGraphError, match=message):
        gg.cug_test(small, statistic, reps=kwargs.pop("reps", 5), **kwargs)
