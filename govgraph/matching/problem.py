"""The matching problem: needs, resources and their candidate pairs, the one form every strategy works on.

A strategy is a function ``strategy(problem) -> rows``: the positions of the
candidate pairs it takes. :func:`check_assignment` holds every answer to the
same rules wherever it is used (:func:`govgraph.match`, :func:`govgraph.simulate`):
no need served twice, no capacity exceeded, only candidate rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from govgraph.errors import GovGraphError
from govgraph.matching.scoring import COMPONENTS
from govgraph.model.network import PartnerNetwork
from govgraph.model.places import vulnerable_residents

__all__ = ["NO_GRID", "MatchingProblem", "check_assignment", "grid_match_rates", "problem_from"]

#: The group of needs whose requester lies in no grid.
NO_GRID = "(none)"


@dataclass(frozen=True)
class MatchingProblem:
    """Needs, resources and candidate pairs, with array views for fast strategies.

    Attributes
    ----------
    needs : DataFrame
        Index: need id, in position order. Columns ``requester``, ``grid``
        (the requester's innermost grid, from ``net.places``; missing
        outside every grid, where the needs form one group), ``category``, ``urgency`` (1 … 5) and
        ``vulnerable`` (true for a vulnerable requester).
    resources : DataFrame
        Index: resource id, in position order. Columns ``provider``,
        ``category``, ``capacity``.
    pairs : DataFrame
        One row per candidate pair, indexed by position (what a strategy
        returns): ``need`` and ``resource`` (ids), ``score`` (higher is
        better for the need), the score components (``fit``, ``proximity``,
        ``trust``, ``capacity``, ``urgency``, ``vulnerability``, each in
        [0, 1]), ``hops`` (need's place to provider) and ``priority`` (how
        much the resource wants the need: urgency + vulnerability +
        proximity, which ``stable`` uses).
    seed : int
        For strategies that draw at random.

    The arrays ``need`` and ``resource`` (positions in ``needs`` and
    ``resources`` per pair), ``score``, ``priority``, ``capacity`` (per
    resource) and ``group`` (per need: its grid as a code) are the same
    data for strategies that loop or solve.
    """

    needs: pd.DataFrame
    resources: pd.DataFrame
    pairs: pd.DataFrame
    seed: int = 0
    need: np.ndarray = field(init=False, repr=False, compare=False)
    resource: np.ndarray = field(init=False, repr=False, compare=False)
    score: np.ndarray = field(init=False, repr=False, compare=False)
    priority: np.ndarray = field(init=False, repr=False, compare=False)
    capacity: np.ndarray = field(init=False, repr=False, compare=False)
    group: np.ndarray = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        pairs = self.pairs.reset_index(drop=True)
        object.__setattr__(self, "pairs", pairs)
        need = self.needs.index.get_indexer(pairs["need"])
        resource = self.resources.index.get_indexer(pairs["resource"])
        if (need < 0).any() or (resource < 0).any():
            raise GovGraphError("pairs: name needs or resources the problem does not hold")
        views = {
            "need": need,
            "resource": resource,
            "score": pairs["score"].to_numpy(dtype=np.float64),
            "priority": pairs["priority"].to_numpy(dtype=np.float64),
            "capacity": self.resources["capacity"].to_numpy(dtype=np.int64),
            "group": pd.factorize(self.needs["grid"].fillna(NO_GRID))[0],
        }
        for name, values in views.items():
            object.__setattr__(self, name, values)


def problem_from(
    net: PartnerNetwork, table: pd.DataFrame, needs: pd.DataFrame, *, seed: int = 0
) -> MatchingProblem:
    """The problem a strategy works on, from a candidate table (see :func:`govgraph.candidates`).

    ``needs`` is the part of ``net.needs`` the table speaks about.
    """
    vulnerable = vulnerable_residents(net)
    problem_needs = pd.DataFrame(
        {
            "requester": needs["requester"],
            "grid": net.places["grid"].reindex(needs["requester"]).to_numpy(),
            "category": needs["category"],
            "urgency": needs["urgency"].fillna(1).astype("int64"),
            "vulnerable": vulnerable.reindex(needs["requester"]).fillna(False).to_numpy(dtype=bool),
        },
        index=needs.index,
    )
    pairs = table.reset_index()[["need", "resource", "score", *COMPONENTS, "hops"]]
    pairs["priority"] = pairs["urgency"] + pairs["vulnerability"] + pairs["proximity"]
    resources = net.resources[["provider", "category", "capacity"]]
    known = needs.index.get_indexer(pairs["need"]) >= 0
    if not known.all() or (resources.index.get_indexer(pairs["resource"]) < 0).any():
        raise GovGraphError(
            "table: names needs or resources this network (or the needs chosen) does not hold"
        )
    return MatchingProblem(problem_needs, resources, pairs, seed)


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


def check_assignment(problem: MatchingProblem, chosen: object, strategy: str) -> np.ndarray:
    """A strategy's answer as row positions, or an error naming the strategy and what it broke."""
    try:
        rows = np.asarray(chosen)
    except (TypeError, ValueError):
        rows = np.asarray([], dtype=object)
    if rows.size == 0:
        return np.zeros(0, dtype=np.int64)
    if rows.ndim != 1 or not np.issubdtype(rows.dtype, np.integer):
        raise GovGraphError(f"strategy {strategy!r} must return candidate row positions (whole numbers)")
    rows = rows.astype(np.int64)
    if rows.min() < 0 or rows.max() >= len(problem.need):
        raise GovGraphError(f"strategy {strategy!r} returned rows that are not candidate rows")
    needs = problem.need[rows]
    if len(np.unique(needs)) != len(needs):
        raise GovGraphError(f"strategy {strategy!r} assigned a need twice")
    used = np.bincount(problem.resource[rows], minlength=len(problem.capacity))
    if (used > problem.capacity).any():
        over = problem.resources.index[np.flatnonzero(used > problem.capacity)[:10]].tolist()
        raise GovGraphError(f"strategy {strategy!r} exceeded the capacity of {over}")
    return rows
