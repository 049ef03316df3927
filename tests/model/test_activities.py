"""Activities, projects and the links that join partners to them: validation, time, subnetworks, formats."""

from __future__ import annotations

import pandas as pd
import pytest

import govgraph as gg
from tests.conftest import HOSTILE_STRINGS
from tests.together import street_with_activities


@pytest.fixture(scope="module")
def street() -> gg.PartnerNetwork:
    return street_with_activities()


def test_links_are_split_from_the_relations_between_partners(street):
    assert set(street.relations["relation"]) == {"part_of", "leads", "resides_in"}
    assert len(street.links) == 15
    assert set(street.links["relation"]) == {
        "organises",
        "takes_part_in",
        "serves_in",
        "funds",
        "answers",
        "uses",
    }
    assert street.ties().index.equals(street.partners.index)  # measures see partners only
    assert street.activities.loc["A1", "kind"] == "market"  # 市集, a word of the vocabulary
    assert street.projects.loc["P1", "status"] == "ongoing"
    assert street.projects["budget"].dtype == "float64"
    assert str(street.activities["date"].dtype).startswith("datetime64")
    assert "4 activities, 2 projects, 15 links" in repr(street)


def _problems(**overrides) -> list[gg.Problem]:
    with pytest.raises(gg.DataError) as caught:
        street_with_activities(**overrides)
    return caught.value.problems


def test_every_problem_is_named_with_its_row_and_column(street):
    relations = pd.concat(
        [
            street.relations,
            street.links,
            pd.DataFrame(
                [
                    ("R1", "A9", "takes_part_in"),  # no such activity
                    ("A1", "N1", "answers"),  # an activity cannot answer
                    ("N1", "P1", "answers"),  # written the wrong way round
                    ("S", "R1", "takes_part_in"),  # a resident is no activity
                ],
                columns=["source", "target", "relation"],
            ),
        ],
        ignore_index=True,
    )
    activities = street.activities.reset_index()
    activities.loc[len(activities)] = [
        "R1",
        "重复",
        "野餐",
        pd.Timestamp("2024-05-01"),
        pd.Timestamp("2024-04-01"),
        "V",
    ]
    found = {(p.row, p.column): p for p in _problems(relations=relations, activities=activities)}
    first = len(street.relations) + len(street.links) + 2  # the header is row 1
    assert (
        "'A9' is not the id of a partner, activity, project, need or resource"
        in found[(first, "target")].message
    )
    assert "from an 'activity' to a 'need'" in found[(first + 1, "relation")].message
    swapped = found[(first + 2, "relation")]
    assert "swapped" in swapped.message and "写反" in swapped.zh
    assert "from a 'social_org' to a 'resident'" in found[(first + 3, "relation")].message
    row = len(activities) + 1
    assert "used more than once" in found[(row, "id")].message
    assert "unknown activity kind '野餐'" in found[(row, "kind")].message
    assert "活动类型" in found[(row, "kind")].zh
    assert "not the id of a place" in found[(row, "place")].message
    assert "before date" in found[(row, "end")].message


def test_project_values_are_checked():
    projects = pd.DataFrame(
        {
            "id": ["P1", "P2"],
            "status": ["已完工", "不知道"],
            "budget": ["-5", "很多"],
            "start": ["2024-05-01", "x"],
        }
    )
    found = {(p.row, p.column) for p in _problems(projects=projects, relations=_partner_relations())}
    assert found == {(2, "budget"), (3, "status"), (3, "budget"), (3, "start")}


def _partner_relations() -> pd.DataFrame:
    return street_with_activities().relations


@pytest.mark.parametrize("value", HOSTILE_STRINGS)
def test_hostile_names_survive_every_format(value, tmp_path):
    activities = pd.DataFrame(
        {"id": ["A1", "A2", "A3", "A4"], "name": [value, "b", "c", "d"], "note": [value] * 4}
    )
    net = street_with_activities(activities=activities)
    for name in ("folder", "book.xlsx", "g.graphml", "g.json"):
        if (name.endswith(".xlsx") and len(value) > 32_767) or (name.endswith(".graphml") and "\r" in value):
            continue  # longer than a cell holds (refused, tested elsewhere); XML reads CR LF as LF
        net.write(tmp_path / name)
        assert gg.read(tmp_path / name) == net, name


@pytest.mark.parametrize("name", ["folder", "book.xlsx", "net.graphml", "net.gexf", "net.json"])
def test_round_trip_in_every_format(street, tmp_path, name):
    street.write(tmp_path / name)
    back = gg.read(tmp_path / name)
    assert back == street
    assert back.links.equals(street.links) or len(back.links) == len(street.links)


def test_networkx_round_trip_keeps_the_activity_kind(street):
    graph = street.to_networkx(include_needs=True)
    assert graph.nodes["A1"]["kind"] == "activity" and graph.nodes["A1"]["activity_kind"] == "market"
    assert graph.nodes["P1"]["kind"] == "project"
    assert gg.PartnerNetwork.from_networkx(graph) == street
    assert "A1" not in street.to_networkx()  # the partner graph holds partners only


def test_time_keeps_what_was_held_or_running(street):
    assert list(street.at("2024-06-30").activities.index) == ["A1", "A2"]
    assert list(street.between("2024-09-14", "2024-09-30").activities.index) == ["A3"]  # a festival's 2nd day
    assert list(street.between("2024-01-01", "2024-12-31").projects.index) == ["P1"]
    early = street.at("2024-03-31")
    assert set(early.links["target"]) <= set(early.partners.index) | set(early.activities.index) | set(
        early.projects.index
    ) | set(early.needs.index) | set(early.resources.index)


def test_subnetworks_keep_the_activities_of_the_places_kept(street):
    grid = street.subnetwork(
        kinds=["community", "grid", "building", "merchant", "social_org", "party_committee"]
    )
    assert list(grid.activities.index) == ["A1", "A2", "A3"]  # A4 is sited nowhere and nobody joins it
    assert not grid.links["source"].isin(["V", "R2"]).any()
    no_places = street.subnetwork(kinds=["merchant"])
    assert no_places.activities.empty and no_places.links.empty


def test_anonymize_renames_residents_in_the_links(street):
    safe = gg.anonymize(street, key="secret", ids=True)
    assert len(safe.links) == len(street.links)
    assert "R2" not in set(safe.links["source"])
    assert safe.activities.equals(street.activities)


def test_a_network_without_activities_writes_no_empty_tables(tmp_path):
    net = gg.PartnerNetwork.from_frames(
        *[street_with_activities().partners.reset_index(), _partner_relations()]
    )
    net.write(tmp_path / "folder")
    assert not (tmp_path / "folder" / "activities.csv").exists()
    assert gg.read(tmp_path / "folder") == net
