"""The numbers of the report's 活动与项目 section: activities per grid and month, who organises together.

An activity counts in every month it is held or running: a one-day market in
its month, a weekly service from its first to its last day in each month
between. It counts in the innermost grid of its place; an activity held for
the whole community counts under 全社区.
"""

from __future__ import annotations

import pandas as pd

from govgraph.model.network import PartnerNetwork

__all__ = ["activities_by_grid_month", "has_activities"]


def has_activities(net: PartnerNetwork) -> bool:
    """Whether the network holds activities or projects (the report's section is shown)."""
    return bool(len(net.activities) or len(net.projects))


def activities_by_grid_month(net: PartnerNetwork) -> pd.DataFrame:
    """Activities held or running per grid and month.

    Returns
    -------
    DataFrame
        Columns ``grid`` (missing for an activity sited at the community or
        nowhere), ``community``, ``month`` (a monthly Period) and
        ``activities``; activities without a date are left out.
    """
    activities = net.activities
    dated = activities[activities["date"].notna()]
    columns = ["grid", "community", "month", "activities"]
    if dated.empty:
        return pd.DataFrame(columns=columns)
    first = dated["date"].dt.to_period("M")
    last = dated["end"].fillna(dated["date"]).dt.to_period("M")
    months = [pd.period_range(a, max(a, b), freq="M") for a, b in zip(first, last)]
    long = pd.DataFrame({"activity": dated.index, "month": months}).explode("month")
    places = net.places.reindex(dated["place"]).set_axis(dated.index)
    long["grid"] = places["grid"].reindex(long["activity"]).to_numpy()
    long["community"] = places["community"].reindex(long["activity"]).to_numpy()
    counted = long.groupby(["grid", "community", "month"], dropna=False).size().rename("activities")
    return counted.reset_index()[columns]
