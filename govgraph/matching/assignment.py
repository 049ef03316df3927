"""Assigning resources to needs with a registered strategy: :func:`match` and its :class:`Matching`."""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import pandas as pd

from govgraph.errors import GovGraphError
from govgraph.matching.problem import MatchingProblem, check_assignment, grid_match_rates, problem_from
from govgraph.matching.scoring import candidates, check_needs
from govgraph.matching.strategies import STRATEGIES, check_strategy
from govgraph.model.checks import check_network, check_seed
from govgraph.model.network import PartnerNetwork
from govgraph.model.statistics import gini
from govgraph.model.taxonomy import Taxonomy

__all__ = ["METRICS", "REASONS", "Matching", "candidates_for", "match", "matching_metrics"]

#: Why a need is left without a resource (English, 中文).
REASONS: Mapping[str, str] = MappingProxyType(
    {
        "no resource within reach": "无可及资源",
        "capacity exhausted": "资源容量已满",
        "not chosen": "未被策略选中",
    }
)

#: The metrics of a matching, in the order :func:`govgraph.compare_strategies` shows them.
METRICS = (
    "needs",
    "matched",
    "match_rate",
    "urgency_weighted_match_rate",
    "total_score",
    "mean_score",
    "mean_hops",
    "lowest_grid_match_rate",
    "grid_match_rate_gini",
    "resource_utilisation",
    "run_seconds",
)


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
        ``grid`` (the requester's innermost grid), ``reason`` (one of
        :data:`REASONS`) and ``reason_zh``.
    metrics : Mapping[str, float]
        The :data:`METRICS`: ``needs``, ``matched``, ``match_rate``,
        ``urgency_weighted_match_rate``, ``total_score``, ``mean_score``,
        ``mean_hops`` (ties from a need's place to its provider),
        ``lowest_grid_match_rate`` and ``grid_match_rate_gini`` (over each
        grid's needs that have a candidate, see
        :func:`govgraph.matching.grid_match_rates`), ``resource_utilisation``
        (assigned over total capacity) and ``run_seconds`` (the strategy
        alone).
    strategy : str
    """

    assignments: pd.DataFrame
    unmatched: pd.DataFrame
    metrics: Mapping[str, float]
    strategy: str


def match(
    net: PartnerNetwork,
    *,
    strategy: str = "optimal",
    table: pd.DataFrame | None = None,
    needs: Iterable[str] | None = None,
    hops: int = 3,
    score_weights: Mapping[str, float] | None = None,
    taxonomy: Taxonomy | None = None,
    seed: int = 0,
) -> Matching:
    """Assign resources to needs under every resource's capacity.

    Parameters
    ----------
    net : PartnerNetwork
    strategy : str
        A name in :data:`govgraph.matching.STRATEGIES`: ``greedy`` (highest
        score first), ``optimal`` (largest total score: a transportation
        problem solved by HiGHS), ``stable`` (needs-proposing deferred
        acceptance; resources prefer urgent, vulnerable, nearby needs),
        ``fair`` (first the largest lowest match rate across grids, then the
        largest total score), or one added with
        :func:`govgraph.matching.register_strategy`.
    table : DataFrame, optional
        Candidates from :func:`govgraph.candidates`, to reuse across
        strategies; computed from the other arguments when absent.
    needs, hops, score_weights, taxonomy
        Passed to :func:`govgraph.candidates`.
    seed : int
        Handed to strategies that draw at random (default 0).

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
    table, considered = candidates_for(net, table, needs, hops, score_weights, taxonomy)
    problem = problem_from(net, table, considered, seed=seed)
    start = time.perf_counter()
    answer = STRATEGIES[strategy](problem)
    seconds = time.perf_counter() - start
    chosen = check_assignment(problem, answer, strategy)
    return _result(table, problem, chosen, strategy, seconds)


def candidates_for(
    net: PartnerNetwork,
    table: pd.DataFrame | None,
    needs: Iterable[str] | None,
    hops: int,
    score_weights: Mapping[str, float] | None,
    taxonomy: Taxonomy | None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The candidate table (computed unless given) and the needs it speaks about."""
    considered = check_needs(net, needs)
    if table is None:
        chosen = None if needs is None else list(considered.index)
        table = candidates(net, needs=chosen, hops=hops, score_weights=score_weights, taxonomy=taxonomy)
    elif not isinstance(table, pd.DataFrame) or list(table.index.names) != ["need", "resource"]:
        raise GovGraphError("table: expected the frame gg.candidates returns, indexed by (need, resource)")
    return table, considered


def matching_metrics(problem: MatchingProblem, chosen: np.ndarray, seconds: float) -> dict[str, float]:
    """The :data:`METRICS` of the rows ``chosen`` (checked) for ``problem``."""
    needs = problem.needs
    matched = np.zeros(len(needs), dtype=bool)
    matched[problem.need[chosen]] = True
    urgency = needs["urgency"].to_numpy(dtype=np.float64)
    by_group = grid_match_rates(problem, matched)
    capacity = problem.capacity.sum()
    scores = problem.score[chosen]
    hops = problem.pairs["hops"].to_numpy(dtype=np.float64)[chosen]
    return {
        "needs": len(needs),
        "matched": int(matched.sum()),
        "match_rate": float(matched.mean()) if len(needs) else np.nan,
        "urgency_weighted_match_rate": float(urgency[matched].sum() / urgency.sum())
        if len(needs)
        else np.nan,
        "total_score": float(scores.sum()),
        "mean_score": float(scores.mean()) if len(chosen) else np.nan,
        "mean_hops": float(hops.mean()) if len(chosen) else np.nan,
        "lowest_grid_match_rate": float(by_group.min()) if len(by_group) else np.nan,
        "grid_match_rate_gini": gini(by_group),
        "resource_utilisation": float(len(chosen) / capacity) if capacity else np.nan,
        "run_seconds": seconds,
    }


def _result(
    table: pd.DataFrame, problem: MatchingProblem, chosen: np.ndarray, strategy: str, seconds: float
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
    needs = problem.needs
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
    unmatched = needs.loc[left, ["requester", "category", "urgency", "grid"]].assign(
        reason=reason[left], reason_zh=[REASONS[r] for r in reason[left]]
    )
    unmatched.index.name = "need"
    metrics = matching_metrics(problem, chosen, seconds)
    return Matching(assignments, unmatched, MappingProxyType(metrics), strategy)
