"""Detected communities, their comparison with grids, and cross-community ties."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govgraph as gg
from govgraph.analysis.groups import _adjusted_rand, _normalized_mutual_info
from tests.analysis.conftest import as_network


def test_louvain_is_networkx_louvain_with_the_same_seed():
    net, graph = as_network(nx.karate_club_graph())
    found = gg.communities(net, seed=3)
    expected = nx.community.louvain_communities(graph, weight="weight", seed=3)
    ours = {frozenset(group.index) for _, group in found.groups.groupby("group")}
    assert ours == {frozenset(group) for group in expected}
    assert found.groups["group"].value_counts().is_monotonic_decreasing
    assert found.comparison.loc["detected", "modularity"] == pytest.approx(
        nx.community.modularity(graph, expected, weight="weight")
    )


def test_datun_north_against_its_grids(datun):
    found = gg.communities(datun, seed=0)
    table = found.comparison
    assert list(table.index) == ["detected", "community", "grid"]
    assert table.loc["community", "groups"] == 5
    assert table.loc["detected", "adjusted_rand"] == 1.0
    assert 0 < table.loc["grid", "adjusted_rand"] <= 1
    assert found.crosstab.to_numpy().sum() == len(datun.partners)
    assert found.groups.index.equals(datun.partners.index)
    repeat = gg.communities(datun, seed=0)
    pd.testing.assert_frame_equal(found.groups, repeat.groups)


def test_label_propagation():
    net, _ = as_network(nx.barbell_graph(5, 0))
    found = gg.communities(net, method="label_propagation")
    assert found.groups["group"].nunique() == 2


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 4)), min_size=2, max_size=40))
def test_agreement_scores_against_their_definitions(pairs):
    a, b = (np.array(x) for x in zip(*pairs, strict=True))
    n = len(a)
    same_a = a[:, None] == a[None, :]
    same_b = b[:, None] == b[None, :]
    upper = np.triu_indices(n, 1)
    # Rand index by brute force over pairs, then its adjustment from the same counts.
    both = (same_a & same_b)[upper].sum()
    pairs_a, pairs_b, total = same_a[upper].sum(), same_b[upper].sum(), n * (n - 1) / 2
    expected = pairs_a * pairs_b / total
    top = (pairs_a + pairs_b) / 2
    ari = 1.0 if top == expected else (both - expected) / (top - expected)
    assert _adjusted_rand(a, b) == pytest.approx(ari)

    # NMI from entropies.
    def entropy(x):
        p = np.unique(x, return_counts=True)[1] / n
        return -(p * np.log(p)).sum()

    joint = entropy(a * 10 + b)
    mutual = entropy(a) + entropy(b) - joint
    nmi = 1.0 if entropy(a) + entropy(b) == 0 else 2 * mutual / (entropy(a) + entropy(b))
    assert _normalized_mutual_info(a, b) == pytest.approx(nmi, abs=1e-12)


def test_cross_community_ties():
    partners = pd.DataFrame(
        {
            "id": ["A", "B", "PA", "PB", "S", "X"],
            "kind": [
                "community",
                "community",
                "party_committee",
                "party_committee",
                "social_org",
                "social_org",
            ],
            "name": ["甲社区", "乙社区", "甲党委", "乙党委", "街道社会组织", "甲社会组织"],
            "community": ["A", "B", "A", "B", None, "A"],
        }
    )
    relations = pd.DataFrame(
        [("PA", "A", "leads"), ("PB", "B", "leads"), ("PA", "PB", "collaborates"),
         ("PA", "S", "partners_with"), ("PB", "S", "partners_with"), ("PA", "X", "partners_with")],
        columns=["source", "target", "relation"],
    )  # fmt: skip
    net = gg.PartnerNetwork.from_frames(partners=partners, relations=relations)
    table = gg.cross_community_ties(net)
    assert list(table.index) == ["S", "PA", "PB"]
    assert table.loc["S", ["communities_reached", "cross_community_ties", "reached"]].tolist() == [
        2,
        2,
        "A、B",
    ]
    assert table.loc["PA", ["cross_community_ties", "reached", "ties"]].tolist() == [1, "B", 4]


def test_cross_community_ties_of_the_cluster(datun):
    table = gg.cross_community_ties(datun)
    committees = datun.partners.index[datun.partners["kind"] == "party_committee"]
    assert set(committees) <= set(table.index)
    assert (table.loc[committees, "communities_reached"] == 4).all()


def test_bad_method():
    net, _ = as_network(nx.path_graph(3))
    with pytest.raises(gg.GovGraphError, match="method: expected one of"):
        gg.communities(net, method="leiden")
