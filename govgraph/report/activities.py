"""The numbers of the report's 活动与项目 section: activities per grid and month, who organises together,
who joins separate circles, each activity's reach, the projects and the three lists.

An activity counts in every month it is held or running: a one-day market in
its month, a weekly service from its first to its last day in each month
between. It counts in the innermost grid of its place; an activity held for
the whole community counts under 全社区.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from govgraph.analysis import ThreeLists, affiliation, project_summary, three_lists
from govgraph.model.network import PartnerNetwork

__all__ = [
    "ActivityTables",
    "activities_by_grid_month",
    "activity_counts",
    "activity_tables",
    "has_activities",
]

#: The most pairs of co-organisers the section keeps.
MOST_PAIRS = 1_000


@dataclass(frozen=True)
class ActivityTables:
    """What the 活动与项目 section shows (made beside the other sections, with the measures)."""

    by_grid_month: pd.DataFrame  # see activities_by_grid_month
    co_organisers: pd.DataFrame  # pairs who organise activities together, most first
    bridges: pd.DataFrame  # partners who join separate circles of activities
    reach: pd.DataFrame  # each activity's reach, with its kind and date
    projects: pd.DataFrame  # gg.project_summary
    lists: ThreeLists  # by community


def activity_tables(net: PartnerNetwork) -> ActivityTables | None:
    """The section's tables, or None when the network has no activities and no projects."""
    if not has_activities(net):
        return None
    organising = affiliation(net, relations=net.schema.relations_with("organising"))
    joining = affiliation(net, relations=net.schema.taking_part)
    return ActivityTables(
        by_grid_month=activities_by_grid_month(net),
        co_organisers=organising.projection().head(MOST_PAIRS),
        bridges=joining.bridges(),
        reach=joining.reach.join(net.activities[["kind", "date"]]),
        projects=project_summary(net),
        lists=three_lists(net, level="community"),
    )


def has_activities(net: PartnerNetwork) -> bool:
    """Whether the network holds activities or projects (the report's section is shown)."""
    return bool(len(net.activities) or len(net.projects))


def activity_counts(net: PartnerNetwork) -> tuple[str, str]:
    """The activities and projects to add to a count of the tables, in Chinese and in English
    (``"、46 项活动、8 个项目"``, ``", 46 activities, 8 projects"``; empty when there are none)."""
    if not has_activities(net):
        return "", ""
    return (
        f"、{len(net.activities):,} 项活动、{len(net.projects):,} 个项目",
        f", {len(net.activities):,} activities, {len(net.projects):,} projects",
    )


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
