"""The strategies that assign resources to needs: greedy, optimal, stable and fair, through one registry.

Every strategy receives a :class:`~govgraph.matching.problem.MatchingProblem`
and returns the candidate rows it takes. Add your own with
:func:`register_strategy`; :func:`govgraph.match` and
:func:`govgraph.simulate` check its answer as they check the built-in ones.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import overload

import numpy as np
import scipy.sparse as sp
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

from govgraph.errors import GovGraphError
from govgraph.matching.problem import MatchingProblem

__all__ = ["BUILT_IN_STRATEGIES", "STRATEGIES", "Strategy", "check_strategy", "register_strategy"]

Strategy = Callable[[MatchingProblem], np.ndarray]
_REGISTRY: dict[str, Strategy] = {}
#: The registered strategies by name (read-only view; add with :func:`register_strategy`).
STRATEGIES: Mapping[str, Strategy] = MappingProxyType(_REGISTRY)
#: The strategies govgraph ships, compared by default.
BUILT_IN_STRATEGIES = ("greedy", "optimal", "stable", "fair")


@overload
def register_strategy(
    name: str, strategy: None = None, *, replace: bool = False
) -> Callable[[Strategy], Strategy]: ...
@overload
def register_strategy(name: str, strategy: Strategy, *, replace: bool = False) -> Strategy: ...
def register_strategy(
    name: str, strategy: Strategy | None = None, *, replace: bool = False
) -> Callable[[Strategy], Strategy] | Strategy:
    """Register ``strategy(problem) -> chosen row positions`` under ``name``; usable as a decorator.

    A name already registered is refused unless ``replace=True``.

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
    if name in _REGISTRY and not replace:
        raise GovGraphError(
            f"name: a strategy {name!r} is registered already; pass replace=True to replace it"
        )

    def add(function: Strategy) -> Strategy:
        if not callable(function):
            raise GovGraphError(f"strategy: expected a callable, got {function!r}")
        _REGISTRY[name] = function
        return function

    return add if strategy is None else add(strategy)


def check_strategy(name: object, argument: str = "strategy") -> str:
    """A registered strategy name, or an error naming ``argument``."""
    if not isinstance(name, str) or name not in _REGISTRY:
        raise GovGraphError(f"{argument}: expected one of {sorted(_REGISTRY)}, got {name!r}")
    return name


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
