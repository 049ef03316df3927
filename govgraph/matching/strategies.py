"""Assignments of resources to needs: greedy, optimal, stable and fair, through one registry.

Every strategy receives the same scored candidates (see
:func:`govgraph.matching.candidates`) as a :class:`MatchingProblem` and
returns which candidate rows it takes; :func:`match` checks that no need is
assigned twice and no capacity is exceeded, then explains the result.
"""

from __future__ import annotations

import heapq
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

from govgraph.analysis._checks import check_network, check_seed
from govgraph.analysis.summaries import gini
from govgraph.errors import GovGraphError
from govgraph.matching.categories import Taxonomy
from govgraph.matching.scoring import candidates, check_needs
from govgraph.network import PartnerNetwork

__all__ = [
    "REASONS",
    "STRATEGIES",
    "Matching",
    "MatchingProblem",
    "match",
    "problem_from",
    "register_strategy",
]

#: Why a need is left without a resource (English, 中文).
REASONS: Mapping[str, str] = MappingProxyType(
    {
        "no resource within reach": "无可及资源",
        "capacity exhausted": "资源容量已满",
        "not chosen": "未被策略选中",
    }
)


@dataclass(frozen=True)
class MatchingProblem:
    """The candidates as arrays, the one form every strategy works on.

    Attributes
    ----------
    need, resource : ndarray of int
        Per candidate row: the need's position in ``needs`` and the
        resource's position in ``resources``.
    score : ndarray of float
        Per candidate row (higher is better for the need).
    priority : ndarray of float
        Per candidate row: how much the resource wants this need (urgency +
        vulnerability + proximity components); used by ``stable``.
    capacity : ndarray of int
        Per resource.
    group : ndarray of int
        Per need: its grid (or community) as a code, for fairness.
    needs, resources : pandas.Index
        Ids in position order.
    seed : int
    """

    need: np.ndarray
    resource: np.ndarray
    score: np.ndarray
    priority: np.ndarray
    capacity: np.ndarray
    group: np.ndarray
    needs: pd.Index
    resources: pd.Index
    seed: int


def grid_match_rates(problem: MatchingProblem, matched: np.ndarray) -> np.ndarray:
    """Match rate of each grid among its needs that have a candidate (grids with none are left out).

    A need no resource can reach is unmatched whatever the strategy, so it
    does not count against a grid's rate.
    """
    reachable = np.zeros(len(problem.needs), dtype=bool)
    reachable[problem.need] = True
    if not reachable.any():
        return np.zeros(0)
    return pd.Series(matched[reachable]).groupby(problem.group[reachable]).mean().to_numpy()


Strategy = Callable[[MatchingProblem], np.ndarray]
_REGISTRY: dict[str, Strategy] = {}
#: The registered strategies by name (read-only view; add with :func:`register_strategy`).
STRATEGIES: Mapping[str, Strategy] = MappingProxyType(_REGISTRY)


def register_strategy(name: str, strategy: Strategy | None = None):
    """Register ``strategy(problem) -> chosen row positions`` under ``name``; usable as a decorator.

    Examples
    --------
    >>> import numpy as np
    >>> from govgraph.matching import register_strategy, STRATEGIES
    >>> @register_strategy("nobody")
    ... def nobody(problem):
    ...     return np.array([], dtype=int)
    >>> "nobody" in STRATEGIES
    True
    """
    if not isinstance(name, str) or not name.isidentifier():
        raise GovGraphError(f"name: expected an identifier for the strategy, got {name!r}")

    def add(function: Strategy) -> Strategy:
        if not callable(function):
            raise GovGraphError(f"strategy: expected a callable, got {function!r}")
        _REGISTRY[name] = function
        return function

    return add if strategy is None else add(strategy)


@dataclass(frozen=True)
class Matching:
    """The result of :func:`match`, complete when returned.

    Attributes
    ----------
    assignments : DataFrame
        Index: need id. Columns ``resource``, ``requester``, ``provider``,
        ``score``, ``hops``, ``explanation_zh``, ``explanation_en``.
    unmatched : DataFrame
        Index: need id. Columns ``requester``, ``category``, ``urgency``,
        ``grid``, ``reason`` (one of :data:`REASONS`) and ``reason_zh``.
    metrics : Mapping[str, float]
        ``needs``, ``matched``, ``match_rate``, ``urgency_weighted_match_rate``,
        ``total_score``, ``mean_score``, ``mean_hops``,
        ``lowest_grid_match_rate`` and ``grid_match_rate_gini`` (over each
        grid's needs that have a candidate, see :func:`grid_match_rates`),
        ``resource_utilisation`` (assigned over total capacity of the
        resources) and ``run_seconds`` (the strategy alone).
    strategy : str
    """

    assignments: pd.DataFrame
    unmatched: pd.DataFrame
    metrics: Mapping[str, float]
    strategy: str


def match(
    net: PartnerNetwork,
    strategy: str = "optimal",
    *,
    table: pd.DataFrame | None = None,
    needs: Iterable[str] | None = None,
    max_hops: int = 3,
    weights: Mapping[str, float] | None = None,
    taxonomy: Taxonomy | None = None,
    seed: int | None = 0,
) -> Matching:
    """Assign resources to needs under every resource's capacity.

    Parameters
    ----------
    net : PartnerNetwork
    strategy : str
        A name in :data:`STRATEGIES`: ``greedy`` (highest score first),
        ``optimal`` (largest total score: a transportation problem solved
        by HiGHS), ``stable`` (needs-proposing deferred acceptance; resources
        prefer urgent, vulnerable, nearby needs), ``fair`` (first the largest
        lowest match rate across grids, then the largest total score), or
        one added with :func:`register_strategy`.
    table : DataFrame, optional
        Candidates from :func:`candidates`, to reuse across strategies;
        computed from the other arguments when absent.
    needs, max_hops, weights, taxonomy
        Passed to :func:`candidates`.
    seed : int, optional
        Handed to strategies that draw at random (None means 0).

    Returns
    -------
    Matching

    Raises
    ------
    GovGraphError
        For an unknown strategy, or a strategy that assigns a need twice,
        exceeds a capacity or picks a row that is not a candidate.

    Examples
    --------
    >>> import govgraph as gg
    >>> m = gg.match(gg.load_dataset("datun_north"), strategy="optimal")
    >>> m.metrics["matched"] + len(m.unmatched) == m.metrics["needs"]
    True
    """
    net = check_network(net)
    check_strategy(strategy)
    seed = check_seed(seed)
    table, considered = candidates_for(net, table, needs, max_hops, weights, taxonomy)
    problem = problem_from(net, table, considered, seed)
    start = time.perf_counter()
    chosen = np.asarray(_REGISTRY[strategy](problem), dtype=np.int64)
    seconds = time.perf_counter() - start
    _check_choice(problem, chosen, strategy)
    return _result(net, table, considered, problem, chosen, strategy, seconds)


def check_strategy(name: object, argument: str = "strategy") -> str:
    """A registered strategy name, or an error naming ``argument``."""
    if not isinstance(name, str) or name not in _REGISTRY:
        raise GovGraphError(f"{argument}: expected one of {sorted(_REGISTRY)}, got {name!r}")
    return name


def candidates_for(
    net: PartnerNetwork,
    table: pd.DataFrame | None,
    needs: Iterable[str] | None,
    max_hops: int,
    weights: Mapping[str, float] | None,
    taxonomy: Taxonomy | None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The candidate table (computed unless given) and the needs it speaks about."""
    considered = check_needs(net, needs)
    if table is None:
        chosen = None if needs is None else list(considered.index)
        table = candidates(net, chosen, max_hops, weights=weights, taxonomy=taxonomy)
    elif not isinstance(table, pd.DataFrame) or list(table.index.names) != ["need", "resource"]:
        raise GovGraphError("table: expected the frame gg.candidates returns, indexed by (need, resource)")
    return table, considered


def problem_from(net: PartnerNetwork, table: pd.DataFrame, needs: pd.DataFrame, seed: int) -> MatchingProblem:
    """The arrays a strategy works on, from a candidate table."""
    need_ids = needs.index
    resource_ids = net.resources.index
    need = need_ids.get_indexer(table.index.get_level_values("need"))
    resource = resource_ids.get_indexer(table.index.get_level_values("resource"))
    if (need < 0).any() or (resource < 0).any():
        raise GovGraphError(
            "table: names needs or resources this network (or the needs chosen) does not hold"
        )
    grid = net.partners["grid"].reindex(needs["requester"]).fillna("(none)").to_numpy(dtype=object)
    return MatchingProblem(
        need=need,
        resource=resource,
        score=table["score"].to_numpy(dtype=np.float64),
        priority=(table["urgency"] + table["vulnerability"] + table["proximity"]).to_numpy(dtype=np.float64),
        capacity=net.resources["capacity"].to_numpy(dtype=np.int64),
        group=pd.factorize(pd.Series(grid))[0],
        needs=need_ids,
        resources=resource_ids,
        seed=seed,
    )


def _check_choice(problem: MatchingProblem, chosen: np.ndarray, strategy: str) -> None:
    if chosen.ndim != 1 or (len(chosen) and (chosen.min() < 0 or chosen.max() >= len(problem.need))):
        raise GovGraphError(f"strategy {strategy!r} returned rows that are not candidate rows")
    needs = problem.need[chosen]
    if len(np.unique(needs)) != len(needs):
        raise GovGraphError(f"strategy {strategy!r} assigned a need twice")
    used = np.bincount(problem.resource[chosen], minlength=len(problem.capacity))
    if (used > problem.capacity).any():
        over = problem.resources[np.flatnonzero(used > problem.capacity)[:10]].tolist()
        raise GovGraphError(f"strategy {strategy!r} exceeded the capacity of {over}")


def _result(
    net: PartnerNetwork,
    table: pd.DataFrame,
    needs: pd.DataFrame,
    problem: MatchingProblem,
    chosen: np.ndarray,
    strategy: str,
    seconds: float,
) -> Matching:
    rows = table.iloc[np.sort(chosen)]
    assignments = pd.DataFrame(
        {
            "resource": rows.index.get_level_values("resource"),
            "requester": rows["requester"].to_numpy(),
            "provider": rows["provider"].to_numpy(),
            "score": rows["score"].to_numpy(),
            "hops": rows["hops"].to_numpy(),
            "explanation_zh": rows["explanation_zh"].to_numpy(),
            "explanation_en": rows["explanation_en"].to_numpy(),
        },
        index=pd.Index(rows.index.get_level_values("need"), name="need"),
    )
    matched = np.zeros(len(needs), dtype=bool)
    matched[problem.need[chosen]] = True
    used = np.bincount(problem.resource[chosen], minlength=len(problem.capacity))
    spare = used < problem.capacity
    has_candidate = np.zeros(len(needs), dtype=bool)
    has_candidate[problem.need] = True
    could_have = np.zeros(len(needs), dtype=bool)
    could_have[problem.need[spare[problem.resource]]] = True
    reason = np.where(
        ~has_candidate, "no resource within reach", np.where(could_have, "not chosen", "capacity exhausted")
    )
    left = ~matched
    grid = net.partners["grid"].reindex(needs["requester"]).to_numpy(dtype=object)
    unmatched = pd.DataFrame(
        {
            "requester": needs["requester"].to_numpy()[left],
            "category": needs["category"].to_numpy()[left],
            "urgency": needs["urgency"].fillna(1).to_numpy()[left],
            "grid": grid[left],
            "reason": reason[left],
            "reason_zh": [REASONS[r] for r in reason[left]],
        },
        index=pd.Index(needs.index[left], name="need"),
    )
    urgency = needs["urgency"].fillna(1).to_numpy(dtype=np.float64)
    by_group = grid_match_rates(problem, matched)
    capacity = problem.capacity.sum()
    metrics = {
        "needs": float(len(needs)),
        "matched": float(matched.sum()),
        "match_rate": float(matched.mean()) if len(needs) else np.nan,
        "urgency_weighted_match_rate": float(urgency[matched].sum() / urgency.sum())
        if len(needs)
        else np.nan,
        "total_score": float(assignments["score"].sum()),
        "mean_score": float(assignments["score"].mean()) if len(assignments) else np.nan,
        "mean_hops": float(assignments["hops"].mean()) if len(assignments) else np.nan,
        "lowest_grid_match_rate": float(by_group.min()) if len(by_group) else np.nan,
        "grid_match_rate_gini": gini(by_group),
        "resource_utilisation": float(len(chosen) / capacity) if capacity else np.nan,
        "run_seconds": seconds,
    }
    return Matching(assignments, unmatched, MappingProxyType(metrics), strategy)


@register_strategy("greedy")
def greedy(problem: MatchingProblem) -> np.ndarray:
    """Highest score first: each row is taken while its need is open and its resource has room."""
    order = np.lexsort((problem.resource, problem.need, -problem.score))
    left = problem.capacity.copy()
    open_need = np.ones(len(problem.needs), dtype=bool)
    chosen = []
    for row in order:
        n, r = problem.need[row], problem.resource[row]
        if open_need[n] and left[r] > 0:
            open_need[n] = False
            left[r] -= 1
            chosen.append(row)
    return np.asarray(chosen, dtype=np.int64)


def _assignment_constraints(problem: MatchingProblem) -> tuple[sp.csr_array, sp.csr_array]:
    rows = len(problem.need)
    one_per_need = sp.csr_array(
        (np.ones(rows), (problem.need, np.arange(rows))), shape=(len(problem.needs), rows)
    )
    per_resource = sp.csr_array(
        (np.ones(rows), (problem.resource, np.arange(rows))), shape=(len(problem.resources), rows)
    )
    return one_per_need, per_resource


def _best_assignment(
    problem: MatchingProblem, in_group: sp.csr_array | None = None, floors: np.ndarray | None = None
) -> np.ndarray:
    """Rows of the largest total score under every capacity (and ``floors`` matches per group).

    Needs and groups are nested partitions of the rows and resources another
    partition, so the constraint matrix is totally unimodular: the dual
    simplex ends on an integral vertex. Were it ever fractional, the integer
    program is solved instead.
    """
    one_per_need, per_resource = _assignment_constraints(problem)
    blocks = [one_per_need, per_resource]
    bounds = [np.ones(len(problem.needs)), problem.capacity]
    if in_group is not None and floors is not None:
        blocks.append(-in_group)
        bounds.append(-floors)
    matrix, limit = sp.vstack(blocks, format="csr"), np.concatenate(bounds).astype(np.float64)
    result = linprog(-problem.score, A_ub=matrix, b_ub=limit, bounds=(0, 1), method="highs-ds")
    if result.status == 0 and np.all(np.minimum(result.x, 1 - result.x) < 1e-6):
        return np.flatnonzero(result.x > 0.5)
    exact = milp(
        -problem.score,
        integrality=np.ones(len(problem.need)),
        bounds=Bounds(0, 1),
        constraints=[LinearConstraint(matrix, -np.inf, limit)],
        options={"disp": False},
    )
    if exact.x is None:
        raise GovGraphError(f"HiGHS found no assignment: {exact.message}")
    return np.flatnonzero(exact.x > 0.5)


@register_strategy("optimal")
def optimal(problem: MatchingProblem) -> np.ndarray:
    """The largest total score under every capacity: a transportation problem, solved by HiGHS."""
    if not len(problem.need):
        return np.array([], dtype=np.int64)
    return _best_assignment(problem)


@register_strategy("stable")
def stable(problem: MatchingProblem) -> np.ndarray:
    """Needs-proposing deferred acceptance with capacities (Gale & Shapley 1962; Roth 1984).

    Needs rank resources by score; resources rank needs by ``priority``
    (urgency + vulnerability + proximity), ties broken by need position. No
    need and resource both prefer each other to what they got.
    """
    by_need: list[list[int]] = [[] for _ in range(len(problem.needs))]
    for row in np.lexsort((problem.resource, -problem.score, problem.need)):
        by_need[problem.need[row]].append(int(row))
    next_choice = np.zeros(len(problem.needs), dtype=np.int64)
    held: list[list[tuple[float, int, int]]] = [[] for _ in range(len(problem.resources))]
    free = [n for n in range(len(problem.needs)) if by_need[n]]
    while free:
        n = free.pop()
        if next_choice[n] >= len(by_need[n]):
            continue
        row = by_need[n][next_choice[n]]
        next_choice[n] += 1
        r = problem.resource[row]
        if problem.capacity[r] <= 0:
            free.append(n)
            continue
        # A min-heap of (priority, -need) keeps the resource's least wanted need on top.
        heapq.heappush(held[r], (problem.priority[row], -n, row))
        if len(held[r]) > problem.capacity[r]:
            _, loser, _ = heapq.heappop(held[r])
            free.append(-loser)
    return np.sort(np.asarray([row for heap in held for _, _, row in heap], dtype=np.int64))


@register_strategy("fair")
def fair(problem: MatchingProblem) -> np.ndarray:
    """First the largest lowest match rate across grids, then the largest total score.

    A grid's rate counts its needs that have a candidate (see
    :func:`grid_match_rates`). The lowest rate ``t`` is found by bisection
    over the rates a grid can take (``k / size``): ``t`` is reachable when
    every grid can match ``ceil(t * size)`` needs at once, a linear program
    whose matrix is totally unimodular (see :func:`_best_assignment`), so
    its answer is exact. Then the total score is maximised keeping every
    grid at that count.
    """
    if not len(problem.need):
        return np.array([], dtype=np.int64)
    rows = len(problem.need)
    one_per_need, per_resource = _assignment_constraints(problem)
    reachable = np.zeros(len(problem.needs), dtype=bool)
    reachable[problem.need] = True
    groups = problem.group.max() + 1
    size = np.bincount(problem.group[reachable], minlength=groups)
    present = np.flatnonzero(size > 0)
    in_group = sp.csr_array(
        (np.ones(rows), (problem.group[problem.need], np.arange(rows))), shape=(groups, rows)
    )[present]
    size = size[present]

    def floors(t: float) -> np.ndarray:
        return np.ceil(t * size - 1e-9)

    def reachable_rate(t: float) -> bool:
        result = linprog(
            np.zeros(rows),
            A_ub=sp.vstack([one_per_need, per_resource, -in_group], format="csr"),
            b_ub=np.concatenate([np.ones(len(problem.needs)), problem.capacity, -floors(t)]),
            bounds=(0, 1),
            method="highs",
        )
        return bool(result.status == 0)

    rates = np.unique(np.concatenate([np.arange(s + 1) / s for s in size]))
    low, high = 0, len(rates) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if reachable_rate(rates[middle]):
            low = middle
        else:
            high = middle - 1
    return _best_assignment(problem, in_group, floors(rates[low]))
