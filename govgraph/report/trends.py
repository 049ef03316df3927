"""The figures of the report's trends section (趋势): month by month, and the grids whose rates fell."""

from __future__ import annotations

import numpy as np
import pandas as pd

from govgraph.analysis.trends import case_rates
from govgraph.model.network import PartnerNetwork

__all__ = ["RECENT_MONTHS", "falling_grids", "has_dates", "monthly"]

#: The report compares the last this many months with the months before them.
RECENT_MONTHS = 3
#: A rate that fell by at least this much (20 percentage points) is reported.
FALL = 0.2
#: ... when the recent months hold at least this many needs of the grid (evaluations, for satisfaction).
MIN_RECENT = 3
_RATES = ("response_rate", "resolution_rate", "satisfaction_rate")


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


def monthly(net: PartnerNetwork) -> pd.DataFrame:
    """One row per month from the first dated record to the last (index: Period).

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
    rates = case_rates(net, level=None, period="M")
    rates = rates[rates["period"].notna()].set_index("period")
    for rate in _RATES:
        table[rate] = rates[rate].reindex(span) if len(rates) else np.nan
    return table


def falling_grids(net: PartnerNetwork) -> pd.DataFrame:
    """Grids whose response or satisfaction rate fell by :data:`FALL` or more in the last
    :data:`RECENT_MONTHS` months of the needs, against the months before; the most needs affected
    (the fall times the needs it is over) first.

    Columns: the grid id, ``name``, ``needs`` (recent), each rate ``_before`` and ``_recent``, ``fall``.
    """
    created = net.needs.get("created_at")
    columns = ["grid", "name", "needs", "fall"] + [f"{r}_{w}" for r in _RATES for w in ("before", "recent")]
    if created is None or created.notna().sum() == 0:
        return pd.DataFrame(columns=columns)
    last = created.max().to_period("M")
    start = (last - (RECENT_MONTHS - 1)).start_time
    if start <= created.min():
        return pd.DataFrame(columns=columns)
    before = case_rates(net, period=None, window=(created.min(), start - pd.Timedelta(microseconds=1)))
    recent = case_rates(net, period=None, window=(start, last.end_time))
    table = recent[["grid", "name", "needs"]].copy()
    for rate in _RATES:
        table[f"{rate}_before"] = before.set_index("grid")[rate].reindex(table["grid"]).to_numpy()
        table[f"{rate}_recent"] = recent[rate].to_numpy()
    # A fall counts when the recent months hold enough needs (answered) or evaluations (satisfied) to judge.
    enough = {"response_rate": recent["needs"] - recent["undated"], "satisfaction_rate": recent["evaluated"]}
    falls = pd.DataFrame(
        {
            rate: (table[f"{rate}_before"] - table[f"{rate}_recent"]).where(
                enough[rate].to_numpy() >= MIN_RECENT
            )
            for rate in enough
        }
    )
    table["fall"] = falls.max(axis=1)
    affected = pd.DataFrame({rate: falls[rate] * enough[rate].to_numpy() for rate in enough}).max(axis=1)
    fell = (table["fall"] >= FALL).to_numpy()
    order = np.argsort(-affected.to_numpy()[fell], kind="stable")
    return table[fell].iloc[order][columns].reset_index(drop=True)
