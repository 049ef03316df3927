"""Time: case_rates against a hand count, net.at / changes against brute force, visit_coverage by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govgraph as gg

NAN = float("nan")


def ledger() -> gg.PartnerNetwork:
    """Community C: grid G1 (building B1, residents R1-R3), grid G2 (B2, R4), grid G3 (B3, nobody asks).

    Needs, each with the awkward case it stands for:

    ==== ==== ================ ================ ================ ====== ======== ==================================
    need grid created          responded        resolved         solved satisfy  case
    ==== ==== ================ ================ ================ ====== ======== ==================================
    N1   G1   01-10 09:00      01-10 15:00      01-15            yes    满意      on time, satisfied
    N2   G1   01-20 10:00      01-22 10:00      02-05 10:00      no     不满意    late; resolved in the next month
    N3   G1   01-31 23:00      -                -                -      -        never responded, still open
    N4   G1   02-01 08:00      02-01 09:00      02-03            -      -        resolved, not evaluated
    N5   G1   02-10            02-10 20:00      02-12            yes    基本满意  basically satisfied
    N6   G1   -                -                - (已办结)        yes    2 (分)    no dates at all; a low score
    N7   G2   02-15 12:00      02-16 12:00      - (不予受理)      -      -        exactly 24 hours; rejected
    N8   G2   01-05            01-05 01:00      01-06            yes    5        a score of 5
    ==== ==== ================ ================ ================ ====== ======== ==================================
    """
    partners = pd.DataFrame(
        {
            "id": ["C", "G1", "G2", "G3", "B1", "B2", "B3", "R1", "R2", "R3", "R4"],
            "kind": ["community", "grid", "grid", "grid", "building", "building", "building"]
            + ["resident"] * 4,
            "name": ["社区", "一网格", "二网格", "三网格", "1号楼", "2号楼", "3号楼", "甲", "乙", "丙", "丁"],
            "community": "C",
            "grid": [None, None, None, None, "G1", "G2", "G3", "G1", "G1", "G1", "G2"],
        }
    )
    relations = pd.DataFrame(
        [
            ("G1", "C", "part_of"),
            ("G2", "C", "part_of"),
            ("G3", "C", "part_of"),
            ("B1", "G1", "part_of"),
            ("B2", "G2", "part_of"),
            ("B3", "G3", "part_of"),
            ("R1", "B1", "resides_in"),
            ("R2", "B1", "resides_in"),
            ("R3", "B1", "resides_in"),
            ("R4", "B2", "resides_in"),
        ],
        columns=["source", "target", "relation"],
    )
    needs = pd.DataFrame(
        [
            ("N1", "R1", "2024-01-10 09:00", "2024-01-10 15:00", "2024-01-15", "已办结", "已解决", "满意"),
            (
                "N2",
                "R2",
                "2024-01-20 10:00",
                "2024-01-22 10:00",
                "2024-02-05 10:00",
                "已回访",
                "未解决",
                "不满意",
            ),
            ("N3", "R3", "2024-01-31 23:00", None, None, "待受理", None, None),
            ("N4", "R1", "2024-02-01 08:00", "2024-02-01 09:00", "2024-02-03", "已办结", None, None),
            ("N5", "R2", "2024-02-10", "2024-02-10 20:00", "2024-02-12", "已回访", "是", "基本满意"),
            ("N6", "R3", None, None, None, "已办结", "是", "2"),
            ("N7", "R4", "2024-02-15 12:00", "2024-02-16 12:00", None, "不予受理", None, None),
            ("N8", "R4", "2024-01-05", "2024-01-05 01:00", "2024-01-06", "已回访", "已解决", "5"),
        ],
        columns=[
            "id",
            "requester",
            "created_at",
            "responded_at",
            "resolved_at",
            "status",
            "solved",
            "satisfaction",
        ],
    ).assign(category="repair")
    return gg.PartnerNetwork.from_frames(partners, relations, needs=needs)


def row(table: pd.DataFrame, place: str, period: str | None) -> pd.Series:
    at = table["grid"] == place
    at &= table["period"].isna() if period is None else table["period"].astype(str) == period
    assert at.sum() == 1, (place, period)
    return table[at].iloc[0]


def check(found: pd.Series, **expected: float) -> None:
    for column, value in expected.items():
        if isinstance(value, float) and math.isnan(value):
            assert pd.isna(found[column]), column
        else:
            assert found[column] == pytest.approx(value), column


def test_case_rates_by_grid_and_month_equal_a_hand_count() -> None:
    rates = gg.case_rates(ledger(), level="grid", period="M")
    check(
        row(rates, "G1", "2024-01"),
        needs=3,
        undated=0,
        responded=2,
        responded_on_time=1,
        resolved=2,
        evaluated=2,
        solved=1,
        satisfied=1,
        response_rate=1 / 3,
        resolution_rate=1 / 2,
        satisfaction_rate=1 / 2,
        median_days_to_response=(0.25 + 2.0) / 2,
        median_days_to_resolution=(4.625 + 16.0) / 2,
        open_at_end=2,  # N2 (resolved in February) and N3
    )
    check(
        row(rates, "G1", "2024-02"),
        needs=2,
        responded=2,
        responded_on_time=2,
        resolved=2,
        evaluated=1,
        solved=1,
        satisfied=1,
        response_rate=1.0,
        resolution_rate=1.0,
        satisfaction_rate=1.0,
        median_days_to_response=(1 / 24 + 20 / 24) / 2,
        median_days_to_resolution=(1 + 16 / 24 + 2) / 2,
        open_at_end=1,  # N3
    )
    check(
        row(rates, "G1", None),  # N6, without dates: counted, and said to be undated
        needs=1,
        undated=1,
        responded=0,
        resolved=1,
        evaluated=1,
        solved=1,
        satisfied=0,
        response_rate=NAN,
        resolution_rate=1.0,
        satisfaction_rate=0.0,
        median_days_to_response=NAN,
        open_at_end=0,
    )
    check(
        row(rates, "G2", "2024-01"),
        needs=1,
        response_rate=1.0,
        satisfaction_rate=1.0,
        median_days_to_resolution=1.0,
    )
    check(
        row(
            rates, "G2", "2024-02"
        ),  # answered in exactly 24 hours, then rejected: on time, closed, not resolved
        needs=1,
        responded_on_time=1,
        resolved=0,
        evaluated=0,
        response_rate=1.0,
        resolution_rate=NAN,
        median_days_to_response=1.0,
        open_at_end=0,
    )
    check(row(rates, "G3", "2024-02"), needs=0, response_rate=NAN, open_at_end=0)
    assert len(rates) == 3 * 2 + 1  # three grids by two months, and G1's undated row
    assert rates.loc[rates["grid"] == "G1", "name"].iloc[0] == "一网格"


def test_case_rates_of_the_whole_network_and_a_stricter_satisfaction() -> None:
    net = ledger()
    overall = gg.case_rates(net, level=None, period=None).iloc[0]
    check(
        overall,
        needs=8,
        undated=1,
        responded=6,
        responded_on_time=5,
        resolved=6,
        evaluated=5,
        solved=4,
        satisfied=3,
        response_rate=5 / 7,
        resolution_rate=4 / 5,
        satisfaction_rate=3 / 5,
        open_at_end=1,
    )
    strict = gg.case_rates(net, level=None, period=None, satisfied=["满意", "5"]).iloc[0]
    assert strict["satisfaction_rate"] == pytest.approx(2 / 5)
    quick = gg.case_rates(net, level=None, period=None, respond_within="2h").iloc[0]
    assert quick["responded_on_time"] == 2  # N4 (1 h) and N8 (1 h)
    community = gg.case_rates(net, level="community", period="Q")
    assert community.columns[:3].tolist() == ["community", "name", "period"]
    assert community.loc[community["period"].notna(), "needs"].sum() == 7


def test_pooled_rates_and_a_window_equal_the_rates_computed_at_once() -> None:
    net = gg.load_dataset("datun_north")
    columns = ["needs", "responded_on_time", "solved_recorded", "response_rate", "resolution_rate",
               "satisfaction_rate"]  # fmt: skip
    months = gg.case_rates(net, level="grid", period="M")
    whole = gg.case_rates(net, level=None, period=None)
    pd.testing.assert_frame_equal(gg.pool_rates(months)[columns], whole[columns])
    by_community = gg.case_rates(net, level="community", period="Q")
    pooled = gg.pool_rates(by_community, by="community").set_index("community")
    once = gg.case_rates(net, level="community", period=None).set_index("community")
    pd.testing.assert_frame_equal(pooled[columns], once[columns])
    autumn = gg.case_rates(net, level=None, period=None, window=("2024-09-01", "2024-11-30"))
    three = months[months["period"].astype(str).isin(["2024-09", "2024-10", "2024-11"])]
    pd.testing.assert_frame_equal(gg.pool_rates(three)[columns], autumn[columns])
    with pytest.raises(gg.GovGraphError, match="window"):
        gg.case_rates(net, window="2024-09")


def test_case_rates_refuse_bad_arguments_by_name() -> None:
    net = ledger()
    for kwargs, name in (
        ({"period": "W"}, "period"),
        ({"level": "building"}, "level"),
        ({"respond_within": "soon"}, "respond_within"),
        ({"respond_within": "-1h"}, "respond_within"),
        ({"satisfied": ["开心"]}, "satisfied"),
    ):
        with pytest.raises(gg.GovGraphError, match=name):
            gg.case_rates(net, **kwargs)


def test_needs_without_any_dates_or_evaluations_give_rates_of_nothing() -> None:
    net = gg.load_dataset("datun_north")
    bare = gg.PartnerNetwork.from_frames(
        net.partners, net.relations, needs=net.needs[["requester", "category"]].head(20)
    )
    rates = gg.case_rates(bare, level="community", period="M")
    assert rates["period"].isna().all() and rates["needs"].sum() == 20 == rates["undated"].sum()
    assert rates["response_rate"].isna().all() and rates["resolution_rate"].isna().all()
    empty = gg.PartnerNetwork.from_frames(net.partners, net.relations)
    assert gg.case_rates(empty, level=None, period="M").empty


def test_need_dates_out_of_order_and_unknown_words_are_refused_where_they_are() -> None:
    partners = pd.DataFrame({"id": ["G", "R"], "kind": ["grid", "resident"], "grid": [None, "G"]})
    needs = pd.DataFrame(
        {
            "id": ["N1", "N2", "N3"],
            "requester": "R",
            "category": "repair",
            "created_at": ["2024-03-05 10:00", "2024-03-05", "2024-03-05"],
            "responded_at": ["2024-03-05 09:00", None, "2024-03-06"],
            "resolved_at": [None, "2024-03-01", "2024-03-05 12:00"],
            "solved": ["是", "也许", None],
            "satisfaction": ["满意", "还行", 4],
        }
    )
    with pytest.raises(gg.DataError) as error:
        gg.PartnerNetwork.from_frames(
            partners, pd.DataFrame(columns=["source", "target", "relation"]), needs=needs
        )
    found = {(p.row, p.column) for p in error.value.problems}
    assert found == {
        (2, "responded_at"),
        (3, "resolved_at"),
        (3, "solved"),
        (3, "satisfaction"),
        (4, "resolved_at"),
    }
    assert "早于" in str(error.value.problems[0].zh)


# -- networks over time --------------------------------------------------------------------------

_DAYS = pd.date_range("2024-01-01", "2024-12-31", freq="D")
_KINDS = ["grid_worker", "volunteer", "resident", "party_member"]


@st.composite
def dated_networks(draw: st.DrawFn) -> gg.PartnerNetwork:
    """Random people with random validity, lasting relations with validity and dated visits."""
    size = draw(st.integers(3, 12))
    day = st.one_of(st.none(), st.integers(0, len(_DAYS) - 1))

    def span() -> tuple[object, object]:
        a, b = draw(day), draw(day)
        if a is not None and b is not None and b < a:
            a, b = b, a
        return (None if a is None else _DAYS[a], None if b is None else _DAYS[b])

    ids = [f"P{i}" for i in range(size)]
    kinds = [draw(st.sampled_from(_KINDS)) for _ in ids]
    spans = [span() for _ in ids]
    partners = pd.DataFrame(
        {"id": ids, "kind": kinds, "valid_from": [s[0] for s in spans], "valid_to": [s[1] for s in spans]}
    )
    rows = []
    for _ in range(draw(st.integers(0, 25))):
        a, b = draw(st.integers(0, size - 1)), draw(st.integers(0, size - 1))
        if a == b:
            continue
        if "resident" not in (kinds[a], kinds[b]):
            start, end = span()
            rows.append((ids[a], ids[b], "collaborates", start, end, None))
        elif kinds[b] == "resident" and kinds[a] != "resident":
            rows.append((ids[a], ids[b], "visits", None, None, _DAYS[draw(st.integers(0, len(_DAYS) - 1))]))
    columns = ["source", "target", "relation", "valid_from", "valid_to", "date"]
    return gg.PartnerNetwork.from_frames(partners, pd.DataFrame(rows, columns=columns))


def _brute_at(net: gg.PartnerNetwork, day: pd.Timestamp) -> tuple[set, set]:
    """Partner ids and relation rows in force on a day, one row at a time."""

    def holds(start: object, end: object) -> bool:
        return (pd.isna(start) or start <= day) and (pd.isna(end) or end >= day)

    people = {i for i, p in net.partners.iterrows() if holds(p["valid_from"], p["valid_to"])}
    links = set()
    for r in net.relations.itertuples():
        if r.source not in people or r.target not in people:
            continue
        kept = (r.date <= day) if not pd.isna(r.date) else holds(r.valid_from, r.valid_to)
        if kept:
            links.add((r.source, r.target, r.relation))
    return people, links


def _rows(net: gg.PartnerNetwork) -> set:
    return set(net.relations[["source", "target", "relation"]].itertuples(index=False, name=None))


@settings(max_examples=40, deadline=None)
@given(dated_networks(), st.integers(0, len(_DAYS) - 1), st.integers(0, len(_DAYS) - 1))
def test_at_and_changes_equal_brute_force_filtering(net: gg.PartnerNetwork, first: int, second: int) -> None:
    before_day, after_day = _DAYS[min(first, second)], _DAYS[max(first, second)]
    before, after = net.at(before_day), net.at(after_day.strftime("%Y年%m月%d日"))
    people_before, links_before = _brute_at(net, before_day)
    people_after, links_after = _brute_at(net, after_day)
    assert set(before.partners.index) == people_before and _rows(before) == links_before
    assert set(after.partners.index) == people_after and _rows(after) == links_after
    changed = gg.changes(before, after, measure="degree", top=100)
    assert set(changed.joined.index) == people_after - people_before
    assert set(changed.left.index) == people_before - people_after

    def undirected(links: set) -> set:
        return {(*sorted((s, t)), r) if r == "collaborates" else (s, t, r) for s, t, r in links}

    assert set(changed.gained.itertuples(index=False, name=None)) == undirected(links_after) - undirected(
        links_before
    )
    assert set(changed.lost.itertuples(index=False, name=None)) == undirected(links_before) - undirected(
        links_after
    )
    degree_before = gg.centrality(before, measures=["degree"])["degree"]
    degree_after = gg.centrality(after, measures=["degree"])["degree"]
    for partner, moved in changed.moved.iterrows():
        assert moved["rank_before"] == 1 + (degree_before > degree_before[partner]).sum()
        assert moved["rank_after"] == 1 + (degree_after > degree_after[partner]).sum()
    assert len(changed.moved) == len(people_before & people_after)
    assert list(changed.moved["rise"].abs()) == sorted(changed.moved["rise"].abs(), reverse=True)


def test_between_keeps_the_window_of_events_and_needs() -> None:
    net = gg.load_dataset("datun_north")
    march = net.between("2024-03-01", "2024-03-31")
    visits = march.relations[march.relations["date"].notna()]
    assert visits["date"].between("2024-03-01", "2024-03-31 23:59:59").all() and len(visits) > 0
    assert march.needs["created_at"].dt.month.eq(3).all()
    everything = net.relations
    lasting = everything[everything["date"].isna()]
    in_march = lasting["valid_from"].isna() | (lasting["valid_from"] <= "2024-03-31")
    assert (march.relations["date"].isna()).sum() == in_march.sum()  # no lasting relation ended before March
    with pytest.raises(gg.GovGraphError, match="end"):
        net.between("2024-03-31", "2024-03-01")
    with pytest.raises(gg.GovGraphError, match="day"):
        net.at("15/03/2024")


def test_the_leaving_worker_of_datun_north_leaves_between_two_moments() -> None:
    net = gg.load_dataset("datun_north")
    changed = gg.changes(net.at("2024-06-30"), net.at("2024-12-31"), top=5)
    assert changed.left.index.tolist() == ["FC-W013"] and changed.left.loc["FC-W013", "grid"] == "FC-M07"
    lost = changed.lost
    assert set(lost["source"]) == {"FC-W013"} and "responsible_for" in set(lost["relation"])
    taken = changed.gained[changed.gained["relation"] == "responsible_for"]
    assert set(taken["target"]) == set(lost.loc[lost["relation"] == "responsible_for", "target"])
    assert len(changed.moved) == 5 and "Changes" in repr(changed)
    with pytest.raises(gg.GovGraphError, match="measure"):
        gg.changes(net, net, measure="fame")


# -- visits within a window ------------------------------------------------------------------------


def visited_street() -> gg.PartnerNetwork:
    """Grid G (B1: 80 households, R1 elderly, R2; B2: 40, R3 disabled), grid H (B3: 10, R4), worker W.

    Visits: W→R1 on 2024-09-01 and 2024-12-20 (two visits, one household), W→R2 on 2024-05-01 (before a
    90-day window ending 2024-12-31), W→R3 on 2024-10-03 (the window's first day), W→B3 on 2024-11-11 (a
    building: a visit, no household), W→R4 undated (left out).
    """
    partners = pd.DataFrame(
        {
            "id": ["C", "G", "H", "B1", "B2", "B3", "W", "R1", "R2", "R3", "R4"],
            "kind": ["community", "grid", "grid", "building", "building", "building", "grid_worker"]
            + ["resident"] * 4,
            "community": "C",
            "grid": [None, None, None, "G", "G", "H", "G", "G", "G", "G", "H"],
            "households": [None, None, None, 80, 40, 10, None, None, None, None, None],
            "elderly": [None] * 7 + [True, False, False, None],
            "disabled": [None] * 9 + [True, None],
        }
    )
    relations = pd.DataFrame(
        [
            ("G", "C", "part_of", None),
            ("H", "C", "part_of", None),
            ("B1", "G", "part_of", None),
            ("B2", "G", "part_of", None),
            ("B3", "H", "part_of", None),
            ("R1", "B1", "resides_in", None),
            ("R2", "B1", "resides_in", None),
            ("R3", "B2", "resides_in", None),
            ("R4", "B3", "resides_in", None),
            ("W", "R1", "visits", "2024-09-01"),
            ("W", "R1", "visits", "2024-12-20"),
            ("W", "R2", "visits", "2024-05-01"),
            ("W", "R3", "visits", "2024-10-03"),
            ("W", "B3", "visits", "2024-11-11"),
            ("W", "R4", "visits", None),
        ],
        columns=["source", "target", "relation", "date"],
    )
    return gg.PartnerNetwork.from_frames(partners, relations)


def test_visit_coverage_equals_a_hand_count() -> None:
    net = visited_street()
    grids = gg.visit_coverage(net, within="90D", as_of="2024-12-31", level="grid")
    g, h = grids.loc["G"], grids.loc["H"]
    assert (g["visit_count"], g["households"], g["households_visited"]) == (
        2,
        120,
        2,
    )  # R1 twice, R3 once: 2 homes
    assert g["household_visit_ratio"] == pytest.approx(2 / 120)
    assert (g["vulnerable_residents"], g["vulnerable_visited"], g["vulnerable_visit_ratio"]) == (2, 2, 1.0)
    assert (h["visit_count"], h["households_visited"], h["vulnerable_residents"]) == (1, 0, 0)
    assert pd.isna(h["vulnerable_visit_ratio"])
    assert grids.attrs["window"] == (pd.Timestamp("2024-10-03"), pd.Timestamp("2024-12-31 23:59:59.999999"))
    community = gg.visit_coverage(net, within="365D", level="community").loc["C"]  # as of the last visit
    assert (community["visit_count"], community["households_visited"], community["households"]) == (5, 3, 130)
    buildings = gg.visit_coverage(net, within="90D", as_of="2024-12-31", level="building")
    assert buildings["households_visited"].to_dict() == {"B1": 1, "B2": 1, "B3": 0}
    with pytest.raises(gg.GovGraphError, match="within"):
        gg.visit_coverage(net, within="a while")
    with pytest.raises(gg.GovGraphError, match="as_of"):
        gg.visit_coverage(net, as_of="next year")


def test_residents_of_one_household_count_once() -> None:
    net = visited_street()
    partners = net.partners.assign(household=pd.Series({"R1": "H-1", "R2": "H-1"}))
    together = gg.PartnerNetwork.from_frames(partners, net.relations)
    year = gg.visit_coverage(together, within="365D", as_of="2024-12-31")
    assert year.loc["G", "households_visited"] == 2  # R1 and R2 share household H-1; R3 is another


def test_datun_north_reproduces_the_225_visits_of_ronghua() -> None:
    net = gg.load_dataset("datun_north")
    year = gg.visit_coverage(net, within="366D", as_of="2024-12-31", level="community")
    assert year.loc["RH", "vulnerable_visited"] == 225
    assert year.loc["FC", "visit_count"] == 1723
    leaver = net.relations[(net.relations["source"] == "FC-W013") & net.relations["date"].notna()]
    assert len(leaver) > 0 and (leaver["date"] <= "2024-08-31").all()  # no visits after leaving
    summer = gg.visit_coverage(net, as_of="2024-08-31").loc["FC-M07", "visit_count"]
    autumn = gg.visit_coverage(net, as_of="2024-11-30").loc["FC-M07", "visit_count"]
    assert autumn < summer / 2
