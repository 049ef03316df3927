"""The figures of the report's trends section (趋势): month by month, and the grids whose rates fell."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from govgraph.analysis.trends import case_rates, pool_rates
from govgraph.model.network import PartnerNetwork

__all__ = ["RECENT_MONTHS", "TrendTables", "falling_grids", "has_dates", "monthly", "trend_tables"]

#: The report compares the last this many months with the months before them.
RECENT_MONTHS = 3
#: A rate that fell by at least this much (20 percentage points) is reported.
FALL = 0.2
#: ... when the recent months hold at least this many needs of the grid (evaluations, for satisfaction).
MIN_RECENT = 3
_RATES = ("response_rate", "resolution_rate", "satisfaction_rate")


@dataclass(frozen=True)
class TrendTables:
    """What the trends section shows: month by month, the rates by grid and month and by grid, the falls."""

    months: pd.DataFrame
    by_grid_month: pd.DataFrame
    by_grid: pd.DataFrame
    falling: pd.DataFrame


def trend_tables(net: PartnerNetwork) -> TrendTables | None:
    """The trends section's tables, or None when nothing in the network is dated."""
    if not has_dates(net):
        return None
    by_grid_month = case_rates(net, level="grid", period="M")
    return TrendTables(
        months=monthly(net, by_grid_month),
        by_grid_month=by_grid_month,
        by_grid=case_rates(net, level="grid", period=None),
        falling=falling_grids(by_grid_month),
    )


def has_dates(net: PartnerNetwork) -> bool:
    """Whether anything in the network is dated: needs, events or the validity of partners and relations."""
    tables = (
        (net.needs, ("created_at", "resolved_at")),
        (net.relations, ("date", "valid_from", "valid_to")),
        (net.partners, ("valid_from", "valid_to")),
    )
    return any(
        column in table and table[column].notna().any() for table, columns in tables for column in columns
    )


def monthly(net: PartnerNetwork, rates: pd.DataFrame) -> pd.DataFrame:
    """One row per month from the first dated record to the last (index: Period), from the network and
    its :func:`~govgraph.case_rates` by grid and month (``rates``).

    Columns ``needs_raised`` and ``resolved`` (needs raised / resolved that month),
    the three rates of the needs raised that month, ``visit_count`` (dated visit
    events, by weight), ``began`` and ``ended`` (lasting relations whose
    ``valid_from`` / ``valid_to`` falls in the month) and ``joined`` /
    ``left`` (partners, likewise).
    """
    needs, relations, partners = net.needs, net.relations, net.partners
    counts: dict[str, pd.Series] = {}

    def per_month(dates: pd.Series | None, weights: pd.Series | None = None) -> pd.Series:
        if dates is None:
            return pd.Series(dtype="float64")
        present = dates.notna()
        values = (weights if weights is not None else pd.Series(1.0, index=dates.index))[present]
        return values.groupby(dates[present].dt.to_period("M")).sum()

    counts["needs_raised"] = per_month(needs.get("created_at"))
    counts["resolved"] = per_month(needs.get("resolved_at"))
    visiting = relations["relation"].isin(net.schema.relations_with("visit"))
    dated = relations.get("date")
    counts["visit_count"] = per_month(
        None if dated is None else dated.where(visiting), relations["weight"].astype("float64")
    )
    lasting = relations if dated is None else relations[dated.isna()]
    counts["began"] = per_month(lasting.get("valid_from"))
    counts["ended"] = per_month(lasting.get("valid_to"))
    counts["joined"] = per_month(partners.get("valid_from"))
    counts["left"] = per_month(partners.get("valid_to"))
    months = [s.index for s in counts.values() if len(s)]
    if not months:
        return pd.DataFrame(columns=[*counts, *_RATES])
    first = min(m.min() for m in months)
    last = max(m.max() for m in months)
    span = pd.period_range(first, last, freq="M")
    table = pd.DataFrame({name: s.reindex(span, fill_value=0) for name, s in counts.items()}, index=span)
    dated = rates[rates["period"].notna()]
    pooled = pool_rates(dated, by="period").set_index("period") if len(dated) else None
    for rate in _RATES:
        table[rate] = pooled[rate].reindex(span).to_numpy() if pooled is not None else np.nan
    return table


def falling_grids(rates: pd.DataFrame) -> pd.DataFrame:
    """Grids whose response or satisfaction rate fell by :data:`FALL` or more in the last
    :data:`RECENT_MONTHS` months of the needs, against the months before; the most needs affected
    (the fall times the needs it is over) first. ``rates``: :func:`~govgraph.case_rates` by grid and month.

    Columns: the grid id, ``name``, ``needs`` (recent), each rate ``_before`` and ``_recent``, ``fall``.
    """
    columns = ["grid", "name", "needs", "fall"] + [f"{r}_{w}" for r in _RATES for w in ("before", "recent")]
    dated = rates[rates["period"].notna()]
    if dated.empty:
        return pd.DataFrame(columns=columns)
    months = dated["period"]
    first_recent = months.max() - (RECENT_MONTHS - 1)
    if months.min() >= first_recent:
        return pd.DataFrame(columns=columns)
    recent_rows = (months >= first_recent).to_numpy()
    before = pool_rates(dated[~recent_rows], by="grid").set_index("grid")
    recent = pool_rates(dated[recent_rows], by="grid")
    table = recent[["grid", "needs"]].assign(
        name=dated.groupby("grid", sort=False)["name"].first().reindex(recent["grid"]).to_numpy()
    )
    for rate in _RATES:
        table[f"{rate}_before"] = before[rate].reindex(table["grid"]).to_numpy()
        table[f"{rate}_recent"] = recent[rate].to_numpy()
    # A fall counts when the recent months hold enough needs (answered) or evaluations (satisfied) to judge.
    enough = {
        "response_rate": (recent["needs"] - recent["undated"]).to_numpy(),
        "satisfaction_rate": recent["satisfaction_recorded"].to_numpy(),
    }
    falls = pd.DataFrame(
        {
            rate: (table[f"{rate}_before"] - table[f"{rate}_recent"]).where(enough[rate] >= MIN_RECENT)
            for rate in enough
        }
    )
    table["fall"] = falls.max(axis=1)
    affected = pd.DataFrame({rate: falls[rate] * enough[rate] for rate in enough}).max(axis=1)
    fell = (table["fall"] >= FALL).to_numpy()
    order = np.argsort(-affected.to_numpy()[fell], kind="stable")
    return table[fell].iloc[order][columns].reset_index(drop=True)
