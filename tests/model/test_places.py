"""net.places: the one answer to "where is this partner", its rules, and a schema with a place kind of its own."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import govgraph as gg
from govgraph.matching import problem_from
from govgraph.model.schema import PartnerKind


def street() -> gg.PartnerNetwork:
    """Community C; grid L holds micro grids M1 and M2; B1 in M1, B2 in M2, B3 straight in L.

    Resident R lives in B1 (no columns); merchant S is sited in B2; worker W answers for B1 and B2;
    branch P leads M1 and M2; volunteer V has only a grid column; O belongs to no place at all.
    """
    partners = pd.DataFrame(
        [
            ("C", "community", "社区", "C", None),
            ("L", "grid", "大网格", "C", None),
            ("M1", "grid", "微网格一", None, None),
            ("M2", "grid", "微网格二", None, "L"),
            ("B1", "building", "1号楼", None, "M1"),
            ("B2", "building", "2号楼", None, None),
            ("B3", "building", "3号楼", None, None),
            ("R", "resident", "居民", None, None),
            ("S", "merchant", "商户", None, None),
            ("W", "grid_worker", "网格员", None, None),
            ("P", "party_branch", "支部", None, None),
            ("V", "volunteer", "志愿者", None, "M2"),
            ("O", "social_org", "社会组织", None, None),
        ],
        columns=["id", "kind", "name", "community", "grid"],
    )
    relations = pd.DataFrame(
        [("L", "C", "part_of"), ("M1", "L", "part_of"), ("B2", "M2", "part_of"), ("B3", "L", "part_of"),
         ("R", "B1", "resides_in"), ("S", "B2", "located_in"), ("W", "B1", "responsible_for"),
         ("W", "B2", "responsible_for"), ("P", "M1", "leads"), ("P", "M2", "leads"), ("O", "V", "collaborates")],
        columns=["source", "target", "relation"],
    )  # fmt: skip
    return gg.PartnerNetwork.from_frames(partners, relations)


def test_every_rule_of_the_places_view():
    places = street().places
    expected = {
        # id: building, grid, chain, community, rules (building, grid, community)
        "C": (None, None, (), "C", (None, None, "self")),
        "L": (None, "L", ("L",), "C", (None, "self", "nesting")),
        "M1": (None, "M1", ("M1", "L"), "C", (None, "self", "nesting")),
        "M2": (None, "M2", ("M2", "L"), "C", (None, "self", "nesting")),  # its grid column names its holder
        "B1": ("B1", "M1", ("M1", "L"), "C", ("self", "nesting", "nesting")),
        "B2": ("B2", "M2", ("M2", "L"), "C", ("self", "nesting", "nesting")),
        "B3": ("B3", "L", ("L",), "C", ("self", "nesting", "nesting")),
        "R": ("B1", "M1", ("M1", "L"), "C", ("residence",) * 3),
        "S": ("B2", "M2", ("M2", "L"), "C", ("location",) * 3),
        # Two buildings of two micro grids: the innermost place holding both is the large grid.
        "W": (None, "L", ("L",), "C", (None, "responsibility", "responsibility")),
        "P": (None, "L", ("L",), "C", (None, "responsibility", "responsibility")),
        "V": (None, "M2", ("M2", "L"), "C", (None, "column", "column")),
        "O": (None, None, (), None, (None, None, None)),
    }
    for pid, (building, grid, chain, community, rules) in expected.items():
        row = places.loc[pid]
        got = (row["building"], row["grid"], row["grid_chain"], row["community"])
        got = tuple(None if isinstance(v, float) and np.isnan(v) else v for v in got)
        assert got == (building, grid, chain, community), pid
        found = tuple(
            None if pd.isna(row[f"{level}_rule"]) else row[f"{level}_rule"] for level in gg.LEVELS[::-1]
        )
        assert found == rules, pid
    assert places.loc["R", "container"] == "B1" and places.loc["M1", "container"] == "L"
    assert pd.isna(places.loc["C", "container"]) and pd.isna(places.loc["O", "container"])
    assert set(places["building_rule"].dropna()) | set(places["grid_rule"].dropna()) <= set(
        gg.model.PLACE_RULES
    )


def test_the_view_is_cached_and_cannot_be_changed():
    net = street()
    first = net.places
    first.loc["R", "grid"] = "L"
    assert net.places.loc["R", "grid"] == "M1"
    assert net.places.index.equals(net.partners.index)


def test_datun_north_places(datun):
    places = datun.places
    assert places.loc["FC-R0023", ["building", "grid", "community"]].tolist() == ["FC-B03", "FC-M01", "FC"]
    assert places.loc["FC-M01", "grid_chain"] == ("FC-M01", "FC-L1")
    assert places.loc["OL-B-TOWER", "grid"] == "OL-G14"
    # Every partner of Datun North has a community, and every one with a grid column keeps it.
    assert places["community"].notna().all()
    recorded = datun.partners["grid"].dropna()
    assert (places.loc[recorded.index, "grid"] == recorded).all()
    kinds = datun.partners["kind"]
    assert places.loc[kinds == "resident", "building_rule"].eq("residence").all()


def test_a_needs_grid_means_the_same_everywhere(datun):
    """fair's groups, grid_match_rates, service_pipeline and coverage_summary count a need in one grid."""
    grid_of_need = datun.places["grid"].reindex(datun.needs["requester"]).set_axis(datun.needs.index)
    nested = grid_of_need.map(lambda g: len(datun.places.loc[g, "grid_chain"]) > 1)
    assert nested.sum() >= 200  # most of 富成花园's and 嘉铭园's needs come from micro grids
    counts = grid_of_need.value_counts()

    table = gg.candidates(datun)
    problem = problem_from(datun, table, datun.needs)
    pd.testing.assert_series_equal(problem.needs["grid"], grid_of_need, check_names=False)
    # fair groups needs by problem.group, the codes of those grids, and so does grid_match_rates.
    codes = pd.Series(problem.group, index=problem.needs.index)
    assert codes.groupby(grid_of_need).nunique().eq(1).all()
    assert codes.nunique() == grid_of_need.nunique()

    pipeline = gg.service_pipeline(datun, level="grid")
    assert pipeline.loc[pipeline["needs"] > 0, "needs"].to_dict() == counts.to_dict()
    services = gg.coverage_summary(datun, level="grid").services
    raised = services.groupby(level="place")["needs"].sum()
    assert raised[raised > 0].to_dict() == counts.to_dict()
    unmatched = gg.match(datun, strategy="fair", table=table).unmatched
    assert (unmatched["grid"] == grid_of_need.reindex(unmatched.index)).all()


def courtyard_street(with_courtyards: bool) -> gg.PartnerNetwork:
    """A grid G of two courtyards (院落网格, as 亚运新新家园 keeps them), Y1 and Y2, each with a building.

    With ``with_courtyards`` the courtyards are of a kind of their own in a custom schema; without,
    they are plain grids. Everything else is the same.
    """
    yard = "courtyard" if with_courtyards else "grid"
    partners = pd.DataFrame(
        [
            ("C", "community", "亚运新新家园", "C", None, None, None),
            ("PC", "party_committee", "社区党委", "C", None, None, None),
            ("G", "grid", "网格", "C", None, None, None),
            ("PB", "party_branch", "网格党支部", "C", None, None, None),
            ("Y1", yard, "六王坟2号院", "C", None, None, None),
            ("Y2", yard, "六王坟3号院", "C", None, None, None),
            ("B1", "building", "4号楼", "C", "Y1", 64, None),
            ("B2", "building", "5号楼", "C", "Y2", 40, None),
            ("W", "grid_worker", "网格员", "C", None, None, None),
            ("M", "party_member", "党员", "C", None, None, None),
            ("R1", "resident", "居民甲", "C", None, None, True),
            ("R2", "resident", "居民乙", "C", None, None, False),
            ("S", "merchant", "维修店", "C", None, None, None),
        ],
        columns=["id", "kind", "name", "community", "grid", "households", "elderly"],
    )
    relations = pd.DataFrame(
        [("G", "C", "part_of"), ("Y1", "G", "part_of"), ("Y2", "G", "part_of"), ("B1", "Y1", "part_of"),
         ("B2", "Y2", "part_of"), ("PC", "C", "leads"), ("PB", "G", "leads"), ("PB", "PC", "part_of"),
         ("W", "Y1", "responsible_for"), ("M", "B2", "resides_in"), ("R1", "B1", "resides_in"),
         ("R2", "B2", "resides_in"), ("S", "Y1", "located_in"), ("S", "PC", "partners_with"), ("W", "R1", "visits")],
        columns=["source", "target", "relation"],
    )  # fmt: skip
    needs = pd.DataFrame(
        {"id": ["N1", "N2"], "requester": ["R1", "R2"], "category": ["repair", "repair"], "urgency": [4, 2]}
    )
    resources = pd.DataFrame({"id": ["S1"], "provider": ["S"], "category": ["repair"], "capacity": [1]})
    schema = None
    if with_courtyards:
        schema = gg.DEFAULT_SCHEMA.extend(
            kinds=[PartnerKind("courtyard", "院落", "courtyard", "#d4a6c8", level="grid")],
            like={"courtyard": "grid"},
        )
    return gg.PartnerNetwork.from_frames(partners, relations, needs=needs, resources=resources, schema=schema)


@pytest.fixture(scope="module")
def courtyards() -> tuple[gg.PartnerNetwork, gg.PartnerNetwork]:
    return courtyard_street(True), courtyard_street(False)


def test_a_place_kind_of_ones_own_is_a_grid_like_any_other(courtyards):
    custom, plain = courtyards
    assert custom.schema.kinds_at("grid") == ("grid", "courtyard")
    assert custom.places.loc["R1", "grid_chain"] == ("Y1", "G")
    pd.testing.assert_frame_equal(custom.places, plain.places)


@pytest.mark.parametrize(
    "analysis",
    [
        lambda net: gg.coverage(net, hops=2),
        lambda net: gg.coverage(net, unit="grid"),
        lambda net: gg.coverage_summary(net, level="grid", hops=2).places,
        lambda net: gg.coverage_summary(net, level="grid", hops=2).services,
        lambda net: gg.workload(net).providers,
        lambda net: gg.weak_points(net).partners,
        lambda net: gg.candidates(net),
        lambda net: gg.match(net, strategy="fair").unmatched,
        lambda net: gg.service_pipeline(net, level="grid"),
        lambda net: gg.centrality(net, measures=["degree", "betweenness"]),
    ],
    ids=["coverage", "coverage_of_grids", "summary", "services", "workload", "weak_points", "candidates",
         "match", "pipeline", "centrality"],
)  # fmt: skip
def test_every_analysis_treats_courtyards_as_grids(courtyards, analysis):
    custom, plain = courtyards
    ours, theirs = analysis(custom), analysis(plain)
    if "kind" in ours.columns:  # the courtyards' kind is the one thing that differs
        ours = ours.assign(kind=ours["kind"].replace("courtyard", "grid"))
    pd.testing.assert_frame_equal(ours, theirs)


def test_courtyards_in_the_numbers(courtyards):
    custom, _ = courtyards
    by_grid = gg.coverage_summary(custom, level="grid", hops=2).places
    assert by_grid.loc[["G", "Y1", "Y2"], "units"].tolist() == [0, 1, 1]
    assert gg.workload(custom).providers.loc["W", "households"] == 64  # B1, through its courtyard
    assert (
        gg.candidates(custom)
        .loc[("N1", "S1"), "explanation_en"]
        .startswith("same category; same grid (六王坟2号院)")
    )


def test_courtyards_in_the_report_and_the_page(courtyards, tmp_path):
    custom, _ = courtyards
    index = gg.report(custom, tmp_path)
    page = index.read_text(encoding="utf-8")
    assert "院落" in page and "六王坟2号院" in page
    view = gg.viz.network_page(custom, max_nodes=8)  # residents fold into buildings, never courtyards
    assert {"Y1", "Y2"} <= {node["id"] for node in view_nodes(custom)}
    assert view.nodes < len(custom.partners)


def view_nodes(net: gg.PartnerNetwork) -> list[dict]:
    return gg.viz.network_view(net, max_nodes=8).nodes


def test_places_pinned_on_a_part_are_the_wholes(datun):
    """A part cut from a network lacks what placed some partners; pinned, it has the whole's places."""
    from govgraph.model.places import pin_places

    # Cut away the ties that place grid workers (responsibility) and the buildings' nesting.
    relations = datun.relations[~datun.relations["relation"].isin(["responsible_for", "part_of"])]
    part = gg.PartnerNetwork.from_frames(datun.partners.drop(columns=["grid"]), relations)
    assert not part.places.equals(datun.places)
    pin_places(part, datun.places)
    pd.testing.assert_frame_equal(part.places, datun.places)
    assert gg.coverage(part, unit="grid")["households"].equals(gg.coverage(datun, unit="grid")["households"])
    # A part with some partners of the whole: places it lacks are missing, its grid chains shortened.
    keep = datun.places["community"] == "FC"
    fc = gg.PartnerNetwork.from_frames(datun.partners[keep.to_numpy()], datun.relations.iloc[:0])
    pin_places(fc, datun.places)
    pd.testing.assert_frame_equal(fc.places, datun.places[keep])
