"""A year of needs: arrivals per period, capacities renewed, backlogs carried over.

A strategy that looks best on one snapshot may let a grid's backlog grow
month after month. :func:`simulate` replays the street's mix of needs over
many periods so a notebook can compare strategies over time.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd
from pandas.core.groupby import SeriesGroupBy

from govgraph.errors import GovGraphError
from govgraph.matching.assignment import candidates_for
from govgraph.matching.problem import MatchingProblem, check_assignment, grid_match_rates, problem_from
from govgraph.matching.strategies import STRATEGIES, check_strategy
from govgraph.model.checks import check_choice, check_count, check_network, check_seed
from govgraph.model.network import PartnerNetwork
from govgraph.model.taxonomy import Taxonomy

__all__ = ["ARRIVALS", "simulate"]

logger = logging.getLogger(__name__)

#: How needs arrive: as a share of the data's needs each period, or at the rates the dated needs show.
ARRIVALS = ("constant", "history")
#: The period of a simulation from history (pandas period codes: month, quarter, year).
_PERIOD_CODES = ("M", "Q", "Y")


def simulate(
    net: PartnerNetwork,
    strategy: str = "optimal",
    *,
    periods: int = 12,
    seed: int = 0,
    rate: float | None = None,
    arrivals: str = "constant",
    period: str = "M",
    table: pd.DataFrame | None = None,
    needs: Iterable[str] | None = None,
    hops: int = 3,
    score_weights: Mapping[str, float] | None = None,
    taxonomy: Taxonomy | None = None,
) -> pd.DataFrame:
    """Needs arriving period after period, matched with renewed capacities; backlog and waiting.

    Each period, the needs of every (grid, category) arrive as a Poisson
    draw whose mean is that cell's count in the data times ``rate``; each
    arrival copies a need of that cell drawn at random (its requester,
    urgency and candidates) under an id of its own, ``<need>@<period>.<n>``.
    Capacities renew every period; needs left unmatched wait for the next.
    The strategy sees each period as a
    :class:`~govgraph.matching.MatchingProblem` of those ids, and its
    answer is checked as :func:`govgraph.match` checks it.

    Parameters
    ----------
    net : PartnerNetwork
    strategy : str
        A name in :data:`govgraph.matching.STRATEGIES`.
    periods : int
    seed : int
        The same seed gives the same arrivals (default 0).
    rate : float, optional
        With constant arrivals: expected arrivals per period as a share of
        the data's needs (default ``1 / periods``: the data is the whole
        horizon's needs).
    arrivals : {"constant", "history"}
        ``"history"`` estimates the arrival rate of every (grid, category)
        from the dated needs: the needs raised in it (``created_at``) over
        the number of periods from the first need's period to the last.
        Undated needs are copied like the others but not counted in the
        rates. The estimate is in ``attrs["arrival_rates"]``.
    period : {"M", "Q", "Y"}
        The length of a period with ``arrivals="history"``: month, quarter, year.
    table, needs, hops, score_weights, taxonomy
        As for :func:`govgraph.match`.

    Returns
    -------
    DataFrame
        Index: period (1 …). Columns ``arrived``, ``waiting`` (carried in),
        ``matched``, ``backlog`` (carried out), ``match_rate`` (matched over
        arrived + waiting), ``urgency_weighted_match_rate``, ``mean_wait``
        (periods the matched needs waited) and ``lowest_grid_match_rate``
        (over grids' needs that have a candidate). ``attrs["arrivals"]``
        says how needs arrived; with ``"history"``, ``attrs["arrival_rates"]``
        lists each (grid, category): ``needs`` counted, ``periods`` spanned
        and the estimated ``rate`` per period.

    Examples
    --------
    >>> import govgraph as gg
    >>> year = gg.simulate(gg.load_dataset("datun_north"), "greedy", periods=12, seed=1)
    >>> len(year), bool((year["matched"] <= year["arrived"] + year["waiting"]).all())
    (12, True)
    >>> history = gg.simulate(gg.load_dataset("datun_north"), "greedy", arrivals="history")
    >>> rates = history.attrs["arrival_rates"]
    >>> int(rates["needs"].sum()), int(rates["periods"].iloc[0])  # every dated need, over 12 months
    (554, 12)
    """
    net = check_network(net)
    check_strategy(strategy)
    periods = check_count(periods, "periods")
    seed = check_seed(seed)
    check_choice(arrivals, ARRIVALS, "arrivals")
    check_choice(period, _PERIOD_CODES, "period")
    if arrivals == "history" and rate is not None:
        raise GovGraphError(
            "rate: leave it out with arrivals='history', which estimates the rates from the data"
        )
    if rate is None:
        rate = 1 / periods
    if isinstance(rate, bool) or not isinstance(rate, (int, float)) or not 0 < rate < np.inf:
        raise GovGraphError(f"rate: expected a positive number, got {rate!r}")
    table, considered = candidates_for(net, table, needs, hops, score_weights, taxonomy)
    template = problem_from(net, table, considered, seed=seed)
    order = np.argsort(template.need, kind="stable")
    starts = np.searchsorted(template.need[order], np.arange(len(considered) + 1))
    urgency = template.needs["urgency"].to_numpy(dtype=np.float64)
    cells = pd.Series(np.arange(len(considered))).groupby([template.group, considered["category"].to_numpy()])
    members = [group.to_numpy() for _, group in cells]
    if arrivals == "history":
        estimated = _history_rates(net, template, considered, cells, period)
        means = estimated["rate"].to_numpy()
    else:
        means = np.array([len(m) * rate for m in members])
    rng = np.random.default_rng(seed)
    need_ids = template.needs.index.to_numpy(dtype=object)

    waiting = np.zeros(0, dtype=np.int64)  # template positions of needs carried over
    waiting_ids = np.zeros(0, dtype=object)
    arrived_in = np.zeros(0, dtype=np.int64)
    records = []
    for step in range(1, periods + 1):
        counts = rng.poisson(means)
        new = np.concatenate(
            [rng.choice(m, k) for m, k in zip(members, counts) if k] or [np.zeros(0, np.int64)]
        ).astype(np.int64)
        new_ids = np.array([f"{need_ids[p]}@{step}.{k}" for k, p in enumerate(new)], dtype=object)
        pool = np.concatenate([waiting, new])
        pool_ids = np.concatenate([waiting_ids, new_ids])
        since = np.concatenate([arrived_in, np.full(len(new), step)])
        problem = _period_problem(template, order, starts, pool, pool_ids)
        chosen = check_assignment(problem, STRATEGIES[strategy](problem), strategy)
        matched = np.zeros(len(pool), dtype=bool)
        matched[problem.need[chosen]] = True
        rates = grid_match_rates(problem, matched)
        records.append(
            {
                "period": step,
                "arrived": len(new),
                "waiting": len(waiting),
                "matched": int(matched.sum()),
                "backlog": int((~matched).sum()),
                "match_rate": float(matched.mean()) if len(pool) else np.nan,
                "urgency_weighted_match_rate": (
                    float(urgency[pool][matched].sum() / urgency[pool].sum()) if len(pool) else np.nan
                ),
                "mean_wait": float((step - since[matched]).mean()) if matched.any() else np.nan,
                "lowest_grid_match_rate": float(rates.min()) if len(rates) else np.nan,
            }
        )
        waiting, waiting_ids, arrived_in = pool[~matched], pool_ids[~matched], since[~matched]
    result = pd.DataFrame(records).set_index("period")
    result.attrs["arrivals"] = arrivals
    if arrivals == "history":
        result.attrs["arrival_rates"] = estimated
        logger.info(
            "arrivals estimated from %d dated needs over %d periods",
            estimated["needs"].sum(),
            estimated["periods"].iloc[0] if len(estimated) else 0,
        )
    return result


def _history_rates(
    net: PartnerNetwork,
    template: MatchingProblem,
    considered: pd.DataFrame,
    cells: SeriesGroupBy,
    period: str,
) -> pd.DataFrame:
    """Arrivals per period of every (grid, category) cell, in the order of ``cells``: its dated needs over
    the periods from the first dated need's period to the last."""
    created = net.needs["created_at"].reindex(considered.index) if "created_at" in net.needs else None
    if created is None or created.isna().all():
        raise GovGraphError(
            "arrivals: 'history' needs dated needs (a created_at column); none of the needs has a date"
        )
    months = created.dropna().dt.to_period(period)
    spanned = (months.max() - months.min()).n + 1
    dated = created.notna().to_numpy()
    rows = []
    for (_, category), members in cells:
        grid = template.needs["grid"].iloc[members.iloc[0]]
        count = int(dated[members.to_numpy()].sum())
        rows.append((grid if isinstance(grid, str) else None, category, count, spanned, count / spanned))
    return pd.DataFrame(rows, columns=["grid", "category", "needs", "periods", "rate"])


def _period_problem(
    template: MatchingProblem, order: np.ndarray, starts: np.ndarray, pool: np.ndarray, ids: np.ndarray
) -> MatchingProblem:
    """The problem of the needs in the pool: copies of template needs under their own ids."""
    lengths = starts[pool + 1] - starts[pool]
    rows = order[
        np.concatenate([np.arange(starts[p], starts[p + 1]) for p in pool] or [np.zeros(0, np.int64)])
    ].astype(np.int64)
    needs = template.needs.iloc[pool].set_axis(pd.Index(ids, name=template.needs.index.name))
    pairs = template.pairs.iloc[rows].assign(need=np.repeat(ids, lengths))
    return MatchingProblem(needs, template.resources, pairs, template.seed)
