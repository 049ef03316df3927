"""Gould–Fernandez brokerage: a hand-worked network, brute force, and sna's moments."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govgraph as gg
from govgraph.analysis.brokers import ROLES


def directed_network(arcs: list[tuple[str, str]], teams: dict[str, str]) -> gg.PartnerNetwork:
    partners = pd.DataFrame(
        {"id": list(teams), "kind": "resident", "name": list(teams), "team": list(teams.values())}
    )
    relations = pd.DataFrame(arcs, columns=["source", "target"]).assign(relation="visits")
    return gg.PartnerNetwork.from_frames(partners=partners, relations=relations)


TEAMS = {"a1": "A", "a2": "A", "a3": "A", "b1": "B", "b2": "B", "c1": "C"}
ARCS = [
    ("a1", "a2"), ("a2", "a3"), ("a3", "b1"), ("b1", "b2"), ("b2", "c1"),
    ("c1", "a1"), ("a2", "c1"), ("b1", "c1"), ("a1", "c1"),
]  # fmt: skip


def test_hand_worked_example():
    """Every two-path i -> j -> k of ARCS, counted by hand.

    a1: c1→a1→a2 gatekeeper (c1→a1→c1 returns to c1: not brokerage)
    a2: a1→a2→a3 coordinator (a1→a2→c1 is closed by a1→c1)
    a3: a2→a3→b1 representative
    b1: a3→b1→b2 gatekeeper, a3→b1→c1 liaison
    b2: b1→b2→c1 is closed by b1→c1
    c1: a2→c1→a1 itinerant, b2→c1→a1 and b1→c1→a1 liaison
    """
    table = gg.brokerage(directed_network(ARCS, TEAMS), by="team")
    expected = pd.DataFrame(
        {
            "coordinator": [0, 1, 0, 0, 0, 0],
            "itinerant": [0, 0, 0, 0, 0, 1],
            "representative": [0, 0, 1, 0, 0, 0],
            "gatekeeper": [1, 0, 0, 1, 0, 0],
            "liaison": [0, 0, 0, 1, 0, 2],
            "total": [1, 1, 1, 2, 0, 3],
        },
        index=pd.Index(list(TEAMS), name="id"),
    )
    pd.testing.assert_frame_equal(table[expected.columns], expected, check_dtype=False)
    assert table["group"].tolist() == list(TEAMS.values())


def brute_force(arcs: set[tuple[int, int]], groups: list[int]) -> np.ndarray:
    counts = np.zeros((len(groups), 6))
    for i, j, k in itertools.permutations(range(len(groups)), 3):
        if (i, j) in arcs and (j, k) in arcs and (i, k) not in arcs:
            gi, gj, gk = groups[i], groups[j], groups[k]
            if gi == gj == gk:
                role = 0
            elif gi == gk:
                role = 1
            elif gi == gj:
                role = 2
            elif gj == gk:
                role = 3
            else:
                role = 4
            counts[j, role] += 1
            counts[j, 5] += 1
    return counts


@settings(max_examples=40, deadline=None)
@given(
    st.integers(3, 9).flatmap(
        lambda n: st.tuples(
            st.sets(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)).filter(lambda a: a[0] != a[1])),
            st.lists(st.integers(0, 2), min_size=n, max_size=n),
        )
    )
)
def test_equals_brute_force_on_random_networks(case):
    arcs, groups = case
    ids = [f"P{i}" for i in range(len(groups))]
    net = directed_network(
        [(ids[a], ids[b]) for a, b in sorted(arcs)], dict(zip(ids, map(str, groups), strict=True))
    )
    table = gg.brokerage(net, by="team")
    np.testing.assert_array_equal(table[[*ROLES, "total"]].to_numpy(), brute_force(arcs, groups))


def test_undirected_relations_count_both_ways():
    partners = pd.DataFrame({"id": ["A", "B", "C"], "kind": "social_org", "name": ["甲", "乙", "丙"]})
    relations = pd.DataFrame({"source": ["A", "B"], "target": ["B", "C"], "relation": "collaborates"})
    table = gg.brokerage(gg.PartnerNetwork.from_frames(partners=partners, relations=relations))
    # A - B - C undirected: B brokers A→C and C→A, both within one kind.
    assert table.loc["B", "coordinator"] == 2
    assert table["total"].sum() == 2


def test_z_scores_are_standard_on_random_networks():
    """Over Bernoulli graphs, z-scores average 0 (within four standard errors)."""
    rng = np.random.default_rng(5)
    teams = {f"P{i}": "AAABBBCD"[i] for i in range(8)}
    draws = 100
    scores = []
    for _ in range(draws):
        pairs = [(u, v) for u in teams for v in teams if u != v and rng.random() < 0.3]
        table = gg.brokerage(directed_network(pairs, teams), by="team")
        scores.append(table.loc[["P0", "P3"], [f"{role}_z" for role in (*ROLES, "total")]].to_numpy())
    mean = np.nanmean(np.array(scores), axis=0)
    assert np.all(np.abs(mean) < 4 / np.sqrt(draws)), mean


def test_z_scores_follow_sna(datun):
    table = gg.brokerage(datun, by="community")
    d = table.attrs["density"]
    n = len(table)
    assert d == pytest.approx(table.attrs["density"])
    expected_total = d**2 * (1 - d) * (n - 1) * (n - 2)
    variance = expected_total * (1 - d**2 * (1 - d)) + 2 * (n - 1) * (n - 2) * (n - 3) * d**3 * (1 - d) ** 3
    np.testing.assert_allclose(table["total_z"], (table["total"] - expected_total) / np.sqrt(variance))


def test_missing_groups_form_one_group(datun):
    table = gg.brokerage(datun, by="grid")
    assert (table.loc[datun.places["grid"].isna().to_numpy(), "group"] == "(none)").all()


@pytest.mark.parametrize("by", ["colour", 3, None])
def test_unknown_grouping_is_named(small, by):
    with pytest.raises(gg.GovGraphError, match="by: expected a partner column"):
        gg.brokerage(small, by=by)
