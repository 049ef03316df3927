"""The three lists and the projects' loop: equal to a brute-force count."""

from __future__ import annotations

import pandas as pd
import pytest

import govgraph as gg
from govgraph.model.vocabulary import CLOSED_STATUSES
from tests.together import street_with_activities


def brute_force(net: gg.PartnerNetwork, level: str) -> pd.DataFrame:
    """The summary of three_lists, counted record by record from the raw tables."""
    places, taxonomy = net.places, net.schema.taxonomy
    answered = {
        t for s, t, r in net.links[["source", "target", "relation"]].itertuples(index=False) if r == "answers"
    }
    used = {
        t for s, t, r in net.links[["source", "target", "relation"]].itertuples(index=False) if r == "uses"
    }
    answering = {
        s for s, t, r in net.links[["source", "target", "relation"]].itertuples(index=False) if r == "answers"
    }
    offered = {(places.at[row.provider, "community"], row.category) for row in net.resources.itertuples()}
    rows: dict[object, dict[str, int]] = {}

    def add(place: object, column: str) -> None:
        key = "(none)" if pd.isna(place) else place
        rows.setdefault(key, {}).setdefault(column, 0)
        rows[key][column] += 1

    for need in net.needs.itertuples():
        place = places.at[need.requester, level]
        add(place, "needs")
        is_open = need.status not in CLOSED_STATUSES
        if is_open:
            add(place, "open_needs")
        if need.Index in answered:
            add(place, "needs_answered_by_project")
        community = places.at[need.requester, "community"]
        resource = any((community, c) in offered for c in taxonomy.answering(need.category))
        if is_open and need.Index not in answered and not resource:
            add(place, "needs_without_answer")
    for resource in net.resources.itertuples():
        place = places.at[resource.provider, level]
        add(place, "resources")
        if resource.Index not in used:
            add(place, "resources_unused")
    for project in net.projects.itertuples():
        place = places.at[project.place, level] if isinstance(project.place, str) else None
        add(place, "projects")
        if project.Index not in answering:
            add(place, "projects_without_need")
    return pd.DataFrame.from_dict(rows, orient="index").fillna(0).astype("int64")


@pytest.mark.parametrize("level", ["grid", "community"])
def test_the_three_lists_equal_a_brute_force_count(level, datun):
    for net in (street_with_activities(), datun):
        summary = gg.three_lists(net, level=level).summary.drop(columns="name")
        expected = brute_force(net, level).reindex(columns=summary.columns, fill_value=0)
        found = summary[summary.sum(axis=1) > 0]
        pd.testing.assert_frame_equal(
            found.sort_index(),
            expected.reindex(found.index).fillna(0).astype("int64").sort_index(),
            check_names=False,
        )
        assert set(expected.index) <= set(found.index)


def test_the_three_lists_of_the_street():
    lists = gg.three_lists(street_with_activities())
    assert list(lists.needs.index) == ["N2"]  # open, no project, no elderly-care resource in C
    assert list(lists.resources.index) == ["X2"]
    assert list(lists.projects.index) == ["P2"]
    assert lists.summary.loc["G", ["needs", "needs_answered_by_project", "projects"]].tolist() == [1, 1, 1]
    assert lists.summary.loc["(none)", "projects_without_need"] == 1  # P2 is sited at the community


def test_project_summary_and_the_pipeline():
    net = street_with_activities()
    summary = gg.project_summary(net)
    assert summary.loc["P1", ["partners", "organisers", "needs_answered", "needs_resolved", "resources_used"]].tolist() == [
        2, "党委", 1, 0, 1
    ]  # fmt: skip
    assert summary.loc["P1", "grid"] == "G" and pd.isna(summary.loc["P2", "grid"])
    pipeline = gg.service_pipeline(net)
    assert pipeline.loc["G", "by_project"] == 1 and pipeline.loc["H", "by_project"] == 0


def test_without_projects_nothing_breaks():
    net = street_with_activities()
    bare = gg.PartnerNetwork.from_frames(
        net.partners.reset_index(), net.relations, needs=net.needs.reset_index()
    )
    lists = gg.three_lists(bare, level="community")
    assert lists.projects.empty and lists.summary.loc["C", "projects"] == 0
    assert gg.project_summary(bare).empty
    with pytest.raises(gg.GovGraphError, match="level"):
        gg.three_lists(bare, level="building")
