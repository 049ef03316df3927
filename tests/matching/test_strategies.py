"""Assignments: hand-worked lane, random instances against independent solvers and brute force."""

from __future__ import annotations

import itertools

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

import govgraph as gg
from govgraph.matching import COMPONENTS, STRATEGIES, MatchingProblem, grid_match_rates, register_strategy
from tests.matching.lane import lane

BUILT_IN = ("greedy", "optimal", "stable", "fair")


@pytest.mark.parametrize("strategy", ["greedy", "optimal", "stable"])
def test_the_lane(strategy):
    m = gg.match(lane(), strategy=strategy)
    # The barber takes one customer: R1's urgent haircut wins.
    assert m.assignments["resource"].to_dict() == {"N1": "S1", "N2": "L1"}
    assert m.unmatched["reason"].to_dict() == {"N3": "capacity exhausted", "N4": "no resource within reach"}
    assert m.unmatched.loc["N4", "reason_zh"] == "无可及资源"
    assert m.metrics["matched"] == 2 and m.metrics["needs"] == 4
    assert m.metrics["urgency_weighted_match_rate"] == pytest.approx((5 + 2) / (5 + 2 + 1 + 3))
    assert m.metrics["resource_utilisation"] == pytest.approx(2 / 3)
    # Grid G's needs are all matched; grid H's reachable need (N3) is not.
    assert m.metrics["lowest_grid_match_rate"] == 0.0
    assert m.assignments.loc["N1", "explanation_en"].startswith("same category; same grid")
    assert m.strategy == strategy


def test_fair_gives_the_other_grid_its_haircut():
    m = gg.match(lane(), strategy="fair")
    # Grid H's only reachable need gets the barber; grid G keeps its mediation: lowest rate 1/2, not 0.
    assert m.assignments["resource"].to_dict() == {"N2": "L1", "N3": "S1"}
    assert m.unmatched.loc["N1", "reason"] == "capacity exhausted"
    assert m.metrics["lowest_grid_match_rate"] == 0.5


def random_problem(draw: st.DrawFn, unit_capacity: bool = False) -> MatchingProblem:
    n_needs = draw(st.integers(1, 7))
    n_resources = draw(st.integers(1, 4))
    pairs = draw(
        st.sets(
            st.tuples(st.integers(0, n_needs - 1), st.integers(0, n_resources - 1)), min_size=1, max_size=16
        )
    )
    pairs = sorted(pairs)
    need = np.array([p[0] for p in pairs])
    resource = np.array([p[1] for p in pairs])
    score = np.array(
        draw(st.lists(st.integers(1, 50), min_size=len(pairs), max_size=len(pairs))), dtype=float
    )
    priority = np.array(
        draw(st.lists(st.integers(0, 5), min_size=len(pairs), max_size=len(pairs))), dtype=float
    )
    top = 1 if unit_capacity else 3
    capacity = np.array(draw(st.lists(st.integers(0 if not unit_capacity else 1, top), min_size=n_resources,
                                      max_size=n_resources)))  # fmt: skip
    group = draw(st.lists(st.integers(0, 2), min_size=n_needs, max_size=n_needs))
    return problem_of(need, resource, score, priority, capacity, group)


def problem_of(need, resource, score, priority, capacity, group) -> MatchingProblem:
    """A problem from arrays: need i is ``N{i}`` in grid ``G{group[i]}``, resource r is ``S{r}``."""
    needs = pd.DataFrame(
        {
            "requester": "R",
            "grid": [f"G{g}" for g in group],
            "category": "repair",
            "urgency": 1,
            "vulnerable": False,
        },
        index=pd.Index([f"N{i}" for i in range(len(group))], name="need"),
    )
    resources = pd.DataFrame(
        {"provider": "P", "category": "repair", "capacity": capacity},
        index=pd.Index([f"S{r}" for r in range(len(capacity))], name="resource"),
    )
    pairs = pd.DataFrame(
        {"need": [f"N{i}" for i in need], "resource": [f"S{r}" for r in resource], "score": score,
         **dict.fromkeys(COMPONENTS, 0.0), "hops": 1, "priority": priority}
    )  # fmt: skip
    return MatchingProblem(needs, resources, pairs)


def feasible(problem: MatchingProblem, chosen: np.ndarray) -> bool:
    needs = problem.need[chosen]
    used = np.bincount(problem.resource[chosen], minlength=len(problem.capacity))
    return len(np.unique(needs)) == len(needs) and bool((used <= problem.capacity).all())


def min_cost_flow_optimum(problem: MatchingProblem) -> float:
    graph = nx.DiGraph()
    n = len(problem.needs)
    graph.add_node("source", demand=-n)
    graph.add_node("sink", demand=n)
    graph.add_edge("source", "sink", capacity=n, weight=0)
    for i in range(n):
        graph.add_edge("source", ("n", i), capacity=1, weight=0)
    for r, c in enumerate(problem.capacity):
        graph.add_edge(("r", r), "sink", capacity=int(c), weight=0)
    for i, r, s in zip(problem.need, problem.resource, problem.score):
        graph.add_edge(("n", int(i)), ("r", int(r)), capacity=1, weight=-int(s))
    return -float(nx.min_cost_flow_cost(graph))


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_every_strategy_respects_capacity_and_assigns_each_need_once(data):
    problem = random_problem(data.draw)
    for name in BUILT_IN:
        chosen = np.asarray(STRATEGIES[name](problem))
        assert feasible(problem, chosen), name


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_optimal_equals_networkx_min_cost_flow(data):
    problem = random_problem(data.draw)
    chosen = STRATEGIES["optimal"](problem)
    assert problem.score[chosen].sum() == min_cost_flow_optimum(problem)


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_optimal_equals_linear_sum_assignment_when_capacities_are_one(data):
    problem = random_problem(data.draw, unit_capacity=True)
    matrix = np.zeros((len(problem.needs), len(problem.resources)))
    matrix[problem.need, problem.resource] = problem.score
    rows, cols = linear_sum_assignment(matrix, maximize=True)
    chosen = STRATEGIES["optimal"](problem)
    assert problem.score[chosen].sum() == matrix[rows, cols].sum()


def blocking_pairs(problem: MatchingProblem, chosen: np.ndarray) -> list[int]:
    """Candidate rows whose need and resource both prefer each other to what they got."""
    held = {int(problem.need[row]): int(row) for row in chosen}
    by_resource: dict[int, list[int]] = {}
    for row in chosen:
        by_resource.setdefault(int(problem.resource[row]), []).append(int(row))

    def need_rank(row: int) -> tuple:  # lower is better for the need
        return (-problem.score[row], problem.resource[row])

    def resource_rank(row: int) -> tuple:  # higher is better for the resource
        return (problem.priority[row], -problem.need[row])

    blocking = []
    for row in range(len(problem.need)):
        n, r = int(problem.need[row]), int(problem.resource[row])
        if problem.capacity[r] == 0 or held.get(n) == row:
            continue
        if n in held and need_rank(held[n]) <= need_rank(row):
            continue
        holding = by_resource.get(r, [])
        if len(holding) < problem.capacity[r] or min(resource_rank(h) for h in holding) < resource_rank(row):
            blocking.append(row)
    return blocking


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_stable_leaves_no_blocking_pair(data):
    problem = random_problem(data.draw)
    assert blocking_pairs(problem, STRATEGIES["stable"](problem)) == []


def best_lowest_rate(problem: MatchingProblem) -> float:
    """The largest lowest grid match rate over every feasible assignment (brute force)."""
    options = [[None] + [row for row in range(len(problem.need)) if problem.need[row] == i]
               for i in range(len(problem.needs))]  # fmt: skip
    best = 0.0
    for pick in itertools.product(*options):
        chosen = np.array([row for row in pick if row is not None], dtype=np.int64)
        if not feasible(problem, chosen):
            continue
        matched = np.zeros(len(problem.needs), dtype=bool)
        matched[problem.need[chosen]] = True
        rates = grid_match_rates(problem, matched)
        best = max(best, float(rates.min()) if len(rates) else 0.0)
    return best


@settings(max_examples=80, deadline=None)
@given(st.data())
def test_fair_reaches_the_best_lowest_grid_rate(data):
    problem = random_problem(data.draw)
    lowest = {}
    for name in BUILT_IN:
        matched = np.zeros(len(problem.needs), dtype=bool)
        matched[problem.need[STRATEGIES[name](problem)]] = True
        rates = grid_match_rates(problem, matched)
        lowest[name] = rates.min() if len(rates) else 0.0
    assert lowest["fair"] == pytest.approx(best_lowest_rate(problem))
    assert all(lowest["fair"] >= value - 1e-12 for value in lowest.values())


def test_on_datun_north_the_strategies_rank_as_designed(datun):
    table = gg.candidates(datun)
    results = {name: gg.match(datun, strategy=name, table=table) for name in BUILT_IN}
    totals = {name: m.metrics["total_score"] for name, m in results.items()}
    assert totals["optimal"] == max(totals.values())
    lowest = {name: m.metrics["lowest_grid_match_rate"] for name, m in results.items()}
    assert lowest["fair"] == max(lowest.values())
    for m in results.values():
        assert m.assignments.index.is_unique
        used = m.assignments["resource"].value_counts()
        assert (used <= datun.resources["capacity"].reindex(used.index)).all()
        assert len(m.assignments) + len(m.unmatched) == len(datun.needs)


def test_a_registered_strategy_is_checked():
    @register_strategy("everyone_twice")
    def everyone_twice(problem):
        return np.concatenate([np.arange(len(problem.need))] * 2)

    with pytest.raises(gg.GovGraphError, match=r"assigned a need twice|exceeded the capacity"):
        gg.match(lane(), strategy="everyone_twice")

    @register_strategy("out_of_range")
    def out_of_range(problem):
        return np.array([99])

    with pytest.raises(gg.GovGraphError, match="not candidate rows"):
        gg.match(lane(), strategy="out_of_range")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"strategy": "luck"}, r"strategy: expected one of"),
        ({"strategy": "greedy", "table": pd.DataFrame()}, r"table: expected the frame gg.candidates returns"),
        ({"strategy": "greedy", "seed": -1}, r"seed: expected a whole number of at least 0"),
    ],
)
def test_bad_arguments_are_named(kwargs, message):
    with pytest.raises(gg.GovGraphError, match=message):
        gg.match(lane(), **kwargs)


def test_register_strategy_rejects_bad_names():
    with pytest.raises(gg.GovGraphError, match="expected an identifier"):
        register_strategy("not a name", lambda problem: np.array([], dtype=int))
    with pytest.raises(gg.GovGraphError, match="expected a callable"):
        register_strategy("fine_name", 42)


def test_register_strategy_refuses_a_name_already_taken():
    with pytest.raises(
        gg.GovGraphError, match=r"a strategy 'greedy' is registered already; pass replace=True"
    ):
        register_strategy("greedy", lambda problem: np.array([], dtype=int))
    register_strategy("greedy", lambda problem: np.array([], dtype=int), replace=True)
    assert (
        gg.match(lane(), strategy="greedy").metrics["matched"] == 0
    )  # the built-in comes back after the test


def test_the_problem_speaks_ids_and_places():
    problem = gg.matching.problem_from(lane(), gg.candidates(lane()), lane().needs)
    assert problem.needs.loc[["N1", "N3"], "grid"].tolist() == ["G", "H"]
    assert problem.needs.loc["N1", "vulnerable"] and problem.needs.loc["N1", "urgency"] == 5
    assert set(problem.pairs.columns) >= {"need", "resource", "score", "hops", "priority", *COMPONENTS}
    assert problem.pairs[["need", "resource"]].values.tolist() == [["N1", "S1"], ["N2", "L1"], ["N3", "S1"]]
    assert problem.resources.loc["S1", "capacity"] == 1
