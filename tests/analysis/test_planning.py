"""Coverage plans: hand-worked streets, brute force on random instances, the greedy bound, bad input."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import govgraph as gg
from tests.analysis.streets import street


def recruit(at: str, cost: float = 1.0, id: str | None = None) -> dict:
    return {"id": id or f"new@{at}", "at": at, "cost": cost, "kind": "party_member"}


def test_set_covering_adds_a_recruit_where_nobody_reaches():
    candidates = pd.DataFrame([{"id": "W"}, {"id": "M"}, recruit("B3", cost=2)])
    plan = gg.plan_coverage(street(), candidates)
    assert plan.problem == "set_covering" and plan.method == "exact" and plan.optimal
    assert set(plan.selected) == {"W", "new@B3"}
    assert plan.objective == 3.0
    assert plan.gap == pytest.approx(0.0, abs=1e-9)
    assert plan.units["covered"].all()
    assert plan.units["covers_after"].to_dict() == {"B1": 1, "B2": 1, "B3": 1}
    # W covers the most households, so the table explains it first.
    assert list(plan.table.index) == ["W", "new@B3"]
    assert plan.table.loc["W", "households_newly_covered"] == 120
    assert plan.table.loc["W", "newly_covered"] == ("B1", "B2")
    assert plan.table.loc["W", "vulnerable_newly_covered"] == 1
    assert plan.table.loc["new@B3", "households_covered_so_far"] == 130
    assert plan.table.loc["new@B3", "at"] == "B3"
    assert sorted(map(tuple, plan.covers[["candidate", "unit"]].to_numpy())) == [
        ("W", "B1"), ("W", "B2"), ("new@B3", "B3")
    ]  # fmt: skip


def test_a_unit_out_of_reach_is_named():
    with pytest.raises(gg.InfeasiblePlanError, match=r"1 building\(s\).*\['B3'\]") as caught:
        gg.plan_coverage(street(), ["W", "M"])
    assert caught.value.units == ("B3",)
    # Below a full target the same unit is reported instead.
    plan = gg.plan_coverage(street(), ["W", "M"], target=0.9)
    assert plan.problem == "partial_covering"
    assert plan.uncoverable == ("B3",)
    assert plan.selected == ("W",)  # 120 of 130 households
    with pytest.raises(gg.InfeasiblePlanError, match=r"at most 0.9231 of the households"):
        gg.plan_coverage(street(), ["W", "M"], target=0.95)


def test_maximal_covering_backup_and_locked_partners():
    candidates = pd.DataFrame([{"id": "W"}, {"id": "M"}, recruit("B2"), recruit("B3")])
    plan = gg.plan_coverage(street(), candidates, budget=1)
    assert plan.problem == "maximal_covering" and plan.selected == ("W",) and plan.objective == 120
    by_units = gg.plan_coverage(street(), candidates, budget=1, unit_value="units")
    assert by_units.selected == ("W",) and by_units.objective == 2
    by_need = gg.plan_coverage(street(), candidates, budget=1, unit_value="vulnerable_residents")
    assert by_need.objective == 1
    # W is in place: the one new person goes where nobody is yet, unless backup asks for twice.
    plan = gg.plan_coverage(street(), candidates, budget=1, locked=["W"])
    assert plan.selected == ("new@B3",) and plan.objective == 130
    assert plan.table["locked"].tolist() == [True, False]
    assert plan.table.loc["W", "cost"] == 0
    backup = gg.plan_coverage(street(), candidates, budget=1, locked=["W"], backup=True)
    # Covered once: 130; a second cover of B1 (80) beats B3's first (10).
    assert backup.selected == ("M",) and backup.objective == 120 + 80
    assert backup.table.loc["M", "units_newly_backed_up"] == 1
    # A locked partner need not be a candidate, and a locked candidate leaves the pool.
    plan = gg.plan_coverage(street(), candidates, locked=["W", "new@B3"])
    assert plan.selected == () and plan.objective == 0 and plan.units["covered"].all()


def test_hops_reach_from_a_recruit_through_its_place():
    # A recruit in grid H reaches H at one hop and B3 at two.
    candidates = pd.DataFrame([{"id": "W"}, recruit("H")])
    with pytest.raises(gg.InfeasiblePlanError):
        gg.plan_coverage(street(), candidates, hops=1)
    plan = gg.plan_coverage(street(), candidates, hops=2)
    assert plan.covers[plan.covers["candidate"] == "new@H"]["unit"].tolist() == ["B3"]


def test_greedy_and_exact_agree_on_datun_north_and_the_greedy_bound_holds():
    net = gg.load_dataset("datun_north")
    members = net.partners.index[net.partners["kind"].isin(["party_member", "grid_worker"])]
    exact = gg.plan_coverage(net, members, hops=2, budget=15)
    greedy = gg.plan_coverage(net, members, hops=2, budget=15, method="greedy")
    assert exact.optimal and not greedy.optimal and math.isnan(greedy.gap)
    assert len(exact.selected) == len(greedy.selected) == 15
    assert (1 - 1 / math.e) * exact.objective <= greedy.objective <= exact.objective
    # The objective is the households of the units the plan covers.
    units = exact.units
    assert exact.objective == units.loc[units["covered"], "households"].sum()
    assert exact.table["households_covered_so_far"].iloc[-1] == exact.objective


def test_a_search_stopped_without_a_plan_falls_back_to_greedy_with_a_warning():
    net = gg.load_dataset("datun_north")
    members = net.partners.index[net.partners["kind"] == "party_member"]
    with pytest.warns(UserWarning, match="returning the greedy plan"):
        plan = gg.plan_coverage(net, members, hops=2, budget=10, time_limit=1e-9)
    assert plan.method == "greedy" and not plan.optimal


def random_street(draw: st.DrawFn) -> tuple[gg.PartnerNetwork, pd.DataFrame]:
    """Buildings with random households; workers responsible for random sets of them."""
    n_buildings = draw(st.integers(2, 7))
    n_workers = draw(st.integers(1, 6))
    households = draw(st.lists(st.integers(0, 90), min_size=n_buildings, max_size=n_buildings))
    duties = draw(
        st.lists(
            st.sets(st.integers(0, n_buildings - 1), min_size=1, max_size=n_buildings),
            min_size=n_workers,
            max_size=n_workers,
        )
    )
    costs = draw(st.lists(st.integers(1, 4), min_size=n_workers, max_size=n_workers))
    buildings = [f"B{i}" for i in range(n_buildings)]
    workers = [f"W{i}" for i in range(n_workers)]
    partners = pd.DataFrame(
        {
            "id": ["C", *buildings, *workers],
            "kind": ["community"] + ["building"] * n_buildings + ["grid_worker"] * n_workers,
            "name": ["C", *buildings, *workers],
            "households": [None, *households, *([None] * n_workers)],
        }
    )
    relations = pd.DataFrame(
        [(w, buildings[b], "responsible_for") for w, duty in zip(workers, duties) for b in sorted(duty)],
        columns=["source", "target", "relation"],
    )
    net = gg.PartnerNetwork.from_frames(partners=partners, relations=relations)
    return net, pd.DataFrame({"id": workers, "cost": costs})


def brute_force(net: gg.PartnerNetwork, candidates: pd.DataFrame, problem: str, level: int, bound: float):
    """The best objective over every subset of candidates (None if nothing is feasible).

    ``bound`` is the budget (maximal covering) or the households to cover (partial covering).
    """
    relations = net.relations
    reach = {w: set(relations.loc[relations["source"] == w, "target"]) for w in candidates["id"]}
    households = net.partners.loc[net.partners["kind"] == "building", "households"].astype(float)
    cost = dict(zip(candidates["id"], candidates["cost"]))
    best = None
    for size in range(len(reach) + 1):
        for subset in itertools.combinations(reach, size):
            covers = {b: sum(b in reach[w] for w in subset) for b in households.index}
            spent = sum(cost[w] for w in subset)
            if problem == "maximal_covering":
                if spent > bound:
                    continue
                value = sum(households[b] * min(level, covers[b]) for b in covers)
                best = value if best is None else max(best, value)
            else:
                met = sum(households[b] for b in covers if covers[b] >= level)
                every = all(c >= level for c in covers.values())
                enough = every if problem == "set_covering" else met >= bound
                if enough:
                    best = spent if best is None else min(best, spent)
    return best


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_exact_plans_equal_brute_force(data):
    net, candidates = random_street(data.draw)
    backup = data.draw(st.booleans())
    level = 2 if backup else 1
    kind = data.draw(st.sampled_from(["set_covering", "partial_covering", "maximal_covering"]))
    if kind == "maximal_covering":
        budget = data.draw(st.integers(0, 8))
        plan = gg.plan_coverage(net, candidates, budget=budget, backup=backup)
        assert plan.objective == brute_force(net, candidates, kind, level, budget)
        assert candidates.set_index("id").loc[list(plan.selected), "cost"].sum() <= budget
        return
    target = 1.0 if kind == "set_covering" else data.draw(st.sampled_from([0.25, 0.5, 0.8]))
    total = net.partners["households"].sum()
    expected = brute_force(net, candidates, kind, level, target * total)
    if expected is None:
        with pytest.raises(gg.InfeasiblePlanError):
            gg.plan_coverage(net, candidates, target=target, backup=backup)
        return
    plan = gg.plan_coverage(net, candidates, target=target, backup=backup)
    assert plan.optimal and plan.objective == expected
    greedy = gg.plan_coverage(net, candidates, target=target, backup=backup, method="greedy")
    # Greedy plans meet the same constraint, at a cost no lower than the optimum.
    assert greedy.objective >= expected
    households = greedy.units["households"].astype(float)
    assert households[greedy.units["covered"]].sum() >= target * total - 1e-9


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_greedy_maximal_covering_keeps_its_guarantee(data):
    net, candidates = random_street(data.draw)
    equal_costs = data.draw(st.booleans())
    if equal_costs:
        candidates = candidates.assign(cost=1)
    budget = data.draw(st.integers(1, 5))
    exact = gg.plan_coverage(net, candidates, budget=budget)
    greedy = gg.plan_coverage(net, candidates, budget=budget, method="greedy")
    # Nemhauser et al. for equal costs; the better of greedy and one candidate otherwise.
    bound = (1 - 1 / math.e) if equal_costs else (1 - 1 / math.e) / 2
    assert bound * exact.objective - 1e-9 <= greedy.objective <= exact.objective + 1e-9


HOSTILE = "<script>alert(1)</script> MATCH (n) DETACH DELETE n"


def test_hostile_and_huge_recruit_ids_come_back_verbatim():
    candidates = pd.DataFrame([{"id": "W"}, {"id": HOSTILE, "at": "B3", "cost": 1e12}])
    plan = gg.plan_coverage(street(), candidates)
    assert HOSTILE in plan.selected
    assert plan.objective == 1e12 + 1
    assert plan.table.loc[HOSTILE, "name"] == HOSTILE


@pytest.mark.parametrize(
    ("candidates", "message"),
    [
        ("W", r"candidates: expected partner ids"),
        (42, r"candidates: expected partner ids"),
        (pd.DataFrame({"who": ["W"]}), r"needs an 'id' column"),
        (["W", "W"], r"an id is listed twice: \['W'\]"),
        (["nobody"], r"row 1 \(id 'nobody'\): no partner has this id"),
        ([7], r"row 1 \(id 7\): the id must be a non-empty string"),
        (pd.DataFrame([recruit("B3", id="W")]), r"row 1 \(id 'W'\): a recruit needs a new id"),
        (pd.DataFrame([recruit("nowhere")]), r"'at' names no partner: 'nowhere'"),
        (pd.DataFrame([recruit("B3", cost=0)]), r"cost must be a positive finite number"),
        (pd.DataFrame([recruit("B3", cost=np.inf)]), r"cost must be a positive finite number"),
        (pd.DataFrame([{"id": "x", "at": "B3", "cost": "cheap"}]), r"cost must be a positive finite number"),
        (pd.DataFrame([{"id": "W"}, recruit("B3", cost=-1)]), r"row 2 \(id 'new@B3'\)"),
    ],
)
def test_malformed_candidates_are_named(candidates, message):
    with pytest.raises(gg.GovGraphError, match=message):
        gg.plan_coverage(street(), candidates, target=0.5)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"unit": "household"}, r"unit: expected one of"),
        ({"method": "magic"}, r"method: expected one of"),
        ({"unit_value": "income"}, r"unit_value: expected one of"),
        ({"hops": 0}, r"hops: expected a whole number of at least 1"),
        ({"target": 0}, r"target: expected a share in \(0, 1\]"),
        ({"target": 1.5}, r"target: expected a share"),
        ({"target": True}, r"target: expected a share"),
        ({"budget": -1}, r"budget: expected a non-negative number"),
        ({"budget": math.inf}, r"budget: expected a non-negative number"),
        ({"budget": "5"}, r"budget: expected a non-negative number"),
        ({"budget": 2, "target": 0.5}, r"give a budget or a target, not both"),
        ({"backup": "yes"}, r"backup: expected True or False"),
        ({"time_limit": 0}, r"time_limit: expected a positive number"),
        ({"locked": "W"}, r"locked: expected a list"),
        ({"locked": ["ghost"]}, r"locked: no partner or candidate has the id\(s\) \['ghost'\]"),
        ({"locked": ["W", "W"]}, r"locked: an id is listed twice"),
        ({"relations": ["befriends"]}, r"befriends"),
    ],
)
def test_bad_arguments_are_named(options, message):
    with pytest.raises(gg.GovGraphError, match=message):
        gg.plan_coverage(street(), ["W", "M"], **{"target": 0.5, **options})


def test_not_a_network():
    with pytest.raises(gg.GovGraphError, match="net: expected a PartnerNetwork"):
        gg.plan_coverage(pd.DataFrame(), ["W"])


def test_a_value_series_sets_what_each_unit_is_worth():
    candidates = pd.DataFrame([{"id": "W"}, recruit("B2"), recruit("B3")])
    # Weighted by households B1 (80) + B2 (40) makes W the one to pick; weighting B3 up changes that.
    value = pd.Series({"B1": 1.0, "B2": 1.0, "B3": 5.0})
    plan = gg.plan_coverage(street(), candidates, budget=1, unit_value=value)
    assert plan.selected == ("new@B3",) and plan.objective == 5
    assert plan.units["value"].tolist() == [1.0, 1.0, 5.0]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (pd.Series({"B1": 1.0, "B2": 1.0}), r"unit_value: no value for the unit\(s\) \['B3'\]"),
        (
            pd.Series([1.0, 1.0, 1.0, 2.0], index=["B1", "B2", "B3", "B3"]),
            r"unit_value: a unit is listed twice",
        ),
        (pd.Series({"B1": 1.0, "B2": -1.0, "B3": 1.0}), r"non-negative finite numbers, got \{'B2': -1.0\}"),
        (pd.Series({"B1": 1.0, "B2": "lots", "B3": 1.0}), r"non-negative finite numbers"),
    ],
)
def test_bad_value_series_are_named(value, message):
    with pytest.raises(gg.GovGraphError, match=message):
        gg.plan_coverage(street(), ["W"], target=0.5, unit_value=value)
