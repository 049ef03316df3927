"""A year of needs: arrivals per period, capacities renewed, backlogs carried over.

A strategy that looks best on one snapshot may let a grid's backlog grow
month after month. :func:`simulate` replays the street's mix of needs over
many periods so a notebook can compare strategies over time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from govgraph.analysis._checks import check_count, check_network, check_seed
from govgraph.errors import GovGraphError
from govgraph.matching.categories import Taxonomy
from govgraph.matching.strategies import (
    STRATEGIES,
    MatchingProblem,
    candidates_for,
    check_strategy,
    grid_match_rates,
    problem_from,
)
from govgraph.network import PartnerNetwork

__all__ = ["simulate"]


def simulate(
    net: PartnerNetwork,
    strategy: str = "optimal",
    periods: int = 12,
    seed: int | None = 0,
    *,
    rate: float | None = None,
    table: pd.DataFrame | None = None,
    needs: Iterable[str] | None = None,
    max_hops: int = 3,
    weights: Mapping[str, float] | None = None,
    taxonomy: Taxonomy | None = None,
) -> pd.DataFrame:
    """Needs arriving period after period, matched with renewed capacities; backlog and waiting.

    Each period, the needs of every (grid, category) arrive as a Poisson
    draw whose mean is that cell's count in the data times ``rate``; each
    arrival copies a need of that cell drawn at random (its requester,
    urgency and candidates). Capacities renew every period; needs left
    unmatched wait for the next.

    Parameters
    ----------
    net : PartnerNetwork
    strategy : str
        A name in :data:`govgraph.matching.STRATEGIES`.
    periods : int
    seed : int, optional
        The same seed gives the same arrivals (None means 0).
    rate : float, optional
        Expected arrivals per period as a share of the data's needs
        (default ``1 / periods``: the data is the whole horizon's needs).
    table, needs, max_hops, weights, taxonomy
        As for :func:`govgraph.match`.

    Returns
    -------
    DataFrame
        Index: period (1 …). Columns ``arrived``, ``waiting`` (carried in),
        ``matched``, ``backlog`` (carried out), ``match_rate`` (matched over
        arrived + waiting), ``urgency_weighted_match_rate``, ``mean_wait``
        (periods the matched needs waited) and ``lowest_grid_match_rate``
        (over grids' needs that have a candidate).

    Examples
    --------
    >>> import govgraph as gg
    >>> year = gg.simulate(gg.load_dataset("datun_north"), "greedy", periods=12, seed=1)
    >>> len(year), bool((year["matched"] <= year["arrived"] + year["waiting"]).all())
    (12, True)
    """
    net = check_network(net)
    check_strategy(strategy)
    periods = check_count(periods, "periods")
    seed = check_seed(seed)
    if rate is None:
        rate = 1 / periods
    if isinstance(rate, bool) or not isinstance(rate, (int, float)) or not 0 < rate < np.inf:
        raise GovGraphError(f"rate: expected a positive number, got {rate!r}")
    table, considered = candidates_for(net, table, needs, max_hops, weights, taxonomy)
    template = problem_from(net, table, considered, seed)
    order = np.argsort(template.need, kind="stable")
    starts = np.searchsorted(template.need[order], np.arange(len(considered) + 1))
    urgency = considered["urgency"].fillna(1).to_numpy(dtype=np.float64)
    cells = pd.Series(np.arange(len(considered))).groupby([template.group, considered["category"].to_numpy()])
    members = [group.to_numpy() for _, group in cells]
    rng = np.random.default_rng(seed)

    waiting = np.zeros(0, dtype=np.int64)  # template positions of needs carried over
    arrived_in = np.zeros(0, dtype=np.int64)
    records = []
    for period in range(1, periods + 1):
        counts = rng.poisson([len(m) * rate for m in members])
        new = np.concatenate(
            [rng.choice(m, k) for m, k in zip(members, counts) if k] or [np.zeros(0, np.int64)]
        )
        pool = np.concatenate([waiting, new]).astype(np.int64)
        since = np.concatenate([arrived_in, np.full(len(new), period)])
        problem = _period_problem(template, order, starts, pool)
        chosen = np.asarray(STRATEGIES[strategy](problem), dtype=np.int64)
        matched = np.zeros(len(pool), dtype=bool)
        matched[problem.need[chosen]] = True
        rates = grid_match_rates(problem, matched)
        records.append(
            {
                "period": period,
                "arrived": len(new),
                "waiting": len(waiting),
                "matched": int(matched.sum()),
                "backlog": int((~matched).sum()),
                "match_rate": float(matched.mean()) if len(pool) else np.nan,
                "urgency_weighted_match_rate": (
                    float(urgency[pool][matched].sum() / urgency[pool].sum()) if len(pool) else np.nan
                ),
                "mean_wait": float((period - since[matched]).mean()) if matched.any() else np.nan,
                "lowest_grid_match_rate": float(rates.min()) if len(rates) else np.nan,
            }
        )
        waiting, arrived_in = pool[~matched], since[~matched]
    return pd.DataFrame(records).set_index("period")


def _period_problem(
    template: MatchingProblem, order: np.ndarray, starts: np.ndarray, pool: np.ndarray
) -> MatchingProblem:
    """The candidates of the needs in the pool (copies of template needs), numbered by pool position."""
    lengths = starts[pool + 1] - starts[pool]
    rows = order[
        np.concatenate([np.arange(starts[p], starts[p + 1]) for p in pool] or [np.zeros(0, np.int64)])
    ]
    rows = rows.astype(np.int64)
    return MatchingProblem(
        need=np.repeat(np.arange(len(pool)), lengths),
        resource=template.resource[rows],
        score=template.score[rows],
        priority=template.priority[rows],
        capacity=template.capacity,
        group=template.group[pool],
        needs=pd.RangeIndex(len(pool)),
        resources=template.resources,
        seed=template.seed,
    )
