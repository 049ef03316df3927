"""Judging assignments: strategies side by side, and the service pipeline per grid or community."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from govgraph.errors import GovGraphError
from govgraph.matching.assignment import METRICS, Matching, candidates_for, match
from govgraph.matching.strategies import BUILT_IN_STRATEGIES, STRATEGIES
from govgraph.model.checks import check_level, check_network, check_seed
from govgraph.model.network import PartnerNetwork
from govgraph.model.taxonomy import Taxonomy
from govgraph.model.vocabulary import RESOLVED_STATUSES

__all__ = ["MATCHED_STATUSES", "RESOLVED_STATUSES", "compare_strategies", "service_pipeline"]

#: Need statuses that count as matched to someone (resolved ones count too): 已受理, 办理中, 已派单 ...
MATCHED_STATUSES = frozenset({"in_progress"})


def compare_strategies(
    net: PartnerNetwork,
    *,
    strategies: Iterable[str] | None = None,
    seed: int = 0,
    table: pd.DataFrame | None = None,
    needs: Iterable[str] | None = None,
    hops: int = 3,
    score_weights: Mapping[str, float] | None = None,
    taxonomy: Taxonomy | None = None,
) -> pd.DataFrame:
    """Run several strategies on the same candidates and put their metrics side by side.

    Parameters
    ----------
    net : PartnerNetwork
    strategies : iterable of str, optional
        Names in :data:`govgraph.matching.STRATEGIES` (default
        :data:`govgraph.matching.BUILT_IN_STRATEGIES`).
    seed : int
    table, needs, hops, score_weights, taxonomy
        As for :func:`govgraph.match`; the candidates are computed once.

    Returns
    -------
    DataFrame
        Index: strategy. One column per metric of :attr:`Matching.metrics`,
        with the same names (:data:`govgraph.matching.METRICS`).

    Examples
    --------
    >>> import govgraph as gg
    >>> table = gg.compare_strategies(gg.load_dataset("datun_north"))
    >>> list(table.index)
    ['greedy', 'optimal', 'stable', 'fair']
    >>> bool(table.loc["optimal", "total_score"] >= table["total_score"].max() - 1e-9)
    True
    """
    net = check_network(net)
    if isinstance(strategies, str):
        raise GovGraphError(f"strategies: expected a list of strategy names, got the string {strategies!r}")
    names = list(BUILT_IN_STRATEGIES if strategies is None else strategies)
    unknown = [s for s in names if s not in STRATEGIES]
    if unknown:
        raise GovGraphError(f"strategies: unknown {unknown}; registered: {sorted(STRATEGIES)}")
    seed = check_seed(seed)
    table, considered = candidates_for(net, table, needs, hops, score_weights, taxonomy)
    chosen = None if needs is None else list(considered.index)
    rows = {
        name: dict(match(net, strategy=name, table=table, needs=chosen, seed=seed).metrics) for name in names
    }
    result = pd.DataFrame.from_dict(rows, orient="index", columns=list(METRICS))
    result.index.name = "strategy"
    return result


def service_pipeline(
    net: PartnerNetwork, *, level: str = "grid", matching: Matching | None = None
) -> pd.DataFrame:
    """Needs collected → matched → resolved, per grid or community.

    Parameters
    ----------
    net : PartnerNetwork
    level : {"grid", "community"}
        A need counts once, in its requester's innermost grid (see
        ``net.places``), or rolled up to the community.
    matching : Matching, optional
        When given, ``matched`` counts its assignments; otherwise needs whose
        ``status`` is in progress or resolved.

    Returns
    -------
    DataFrame
        Index: every grid or community id. Columns ``name``, ``needs``,
        ``matched``, ``by_project`` (needs a project ``answers``, see
        :func:`govgraph.project_summary`), ``resolved`` (status in :data:`RESOLVED_STATUSES`),
        ``match_rate``, ``closure_rate`` (办结率: resolved over needs) and ``median_days_to_resolution``
        (from the need columns ``created_at`` and ``resolved_at`` where both
        hold dates; NaN otherwise).

    Examples
    --------
    >>> import govgraph as gg
    >>> pipeline = gg.service_pipeline(gg.load_dataset("datun_north"), level="community")
    >>> int(pipeline.loc["FC", "needs"]), int(pipeline.loc["FC", "resolved"])
    (183, 144)
    """
    net = check_network(net)
    check_level(level, options=("grid", "community"))
    if matching is not None and not isinstance(matching, Matching):
        raise GovGraphError(f"matching: expected a Matching from gg.match, got {type(matching).__name__}")
    partners, needs = net.partners, net.needs
    status = needs.get("status")
    resolved = status.isin(RESOLVED_STATUSES).to_numpy(dtype=bool) if status is not None else None
    if matching is not None:
        matched = needs.index.isin(matching.assignments.index)
    elif status is not None:
        matched = status.isin(MATCHED_STATUSES | RESOLVED_STATUSES).to_numpy(dtype=bool)
    else:
        matched = np.zeros(len(needs), dtype=bool)
    days = _days_to_resolution(needs)
    answering = net.links["relation"].isin(net.schema.relations_with("answer"))
    flags = pd.DataFrame(
        {
            "matched": matched,
            "by_project": needs.index.isin(net.links["target"][answering]),
            "resolved": resolved if resolved is not None else np.zeros(len(needs), dtype=bool),
            "days": days,
        },
        index=needs.index,
    )
    long = flags.assign(place=net.places[level].reindex(needs["requester"]).to_numpy())
    grouped = long.groupby("place")
    places = partners[partners["kind"].isin(net.schema.kinds_at(level))][["name"]].copy()
    places["needs"] = grouped.size().reindex(places.index, fill_value=0).astype("int64")
    for column in ("matched", "by_project"):
        places[column] = grouped[column].sum().reindex(places.index, fill_value=0).astype("int64")
    places["resolved"] = grouped["resolved"].sum().reindex(places.index, fill_value=0).astype("int64")
    count = places["needs"].where(places["needs"] > 0)
    places["match_rate"] = places["matched"] / count
    places["closure_rate"] = places["resolved"] / count
    places["median_days_to_resolution"] = grouped["days"].median().reindex(places.index)
    if resolved is None:
        places["resolved"] = 0
        places["closure_rate"] = np.nan
    return places


def _days_to_resolution(needs: pd.DataFrame) -> np.ndarray:
    if "created_at" not in needs or "resolved_at" not in needs:
        return np.full(len(needs), np.nan)
    created, done = needs["created_at"], needs["resolved_at"]
    return ((done - created).dt.total_seconds() / 86_400).to_numpy(dtype=np.float64, na_value=np.nan)
