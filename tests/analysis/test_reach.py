"""Coverage of buildings, grids and residents, against hand counts and networkx."""

from __future__ import annotations

import itertools

import networkx as nx
import pandas as pd
import pytest

import govgraph as gg
from tests.analysis.streets import street, street_with, street_with_services


def test_buildings_one_hop():
    table = gg.coverage(street())
    assert list(table.index) == ["B1", "B2", "B3"]
    assert table["grid_worker_providers"].tolist() == [1, 1, 0]
    assert table["party_member_providers"].tolist() == [1, 0, 0]
    assert table["covered"].tolist() == [True, False, False]
    assert table["households"].tolist() == [80, 40, 10]
    assert table["vulnerable_residents"].tolist() == [0, 1, 0]
    # B2 reaches M through W and B1, or through G and B1: three ties.
    assert table.loc["B2", "hops_to_party_member"] == 3
    # B3 is tied to the rest only through its grid and the community: B3-H-C-G-B1-W.
    assert table.loc["B3", "hops_to_grid_worker"] == 5


def test_more_hops_and_a_higher_bar():
    assert gg.coverage(street(), hops=2)["party_member_providers"].tolist() == [1, 0, 0]
    table = gg.coverage(street(), hops=3)
    assert table["party_member_providers"].tolist() == [1, 1, 0]
    assert table["covered"].tolist() == [True, True, False]
    assert table["redundant_grid_worker"].tolist() == [False, False, False]
    strict = gg.coverage(street(), hops=3, min_providers=2)
    assert not strict["covered"].any()
    only_work = gg.coverage(street(), hops=3, relations=["responsible_for"])
    assert only_work["grid_worker_providers"].tolist() == [1, 1, 0]
    assert only_work["party_member_providers"].tolist() == [0, 0, 0]


def test_grids_and_residents():
    grids = gg.coverage(street(), unit="grid", providers="grid_worker", hops=2)
    assert grids["households"].tolist() == [120, 10]
    assert grids["vulnerable_residents"].tolist() == [1, 0]
    assert grids["grid_worker_providers"].tolist() == [1, 0]
    assert grids["hops_to_grid_worker"].tolist() == [2, 4]
    residents = gg.coverage(street(), unit="resident", providers=["grid_worker"])
    assert residents.loc["R", ["grid_worker_providers", "vulnerable_residents", "households"]].tolist() == [
        1,
        1,
        1,
    ]


def test_isolated_units_have_no_nearest_provider():
    net = street_with({"id": "B4", "kind": "building", "name": "4号楼", "households": 5})
    table = gg.coverage(net)
    assert pd.isna(table.loc["B4", "hops_to_grid_worker"])
    assert table.loc["B4", "grid_worker_providers"] == 0


@pytest.mark.parametrize("hops", [1, 2, 3])
def test_counts_equal_networkx_on_datun_north(datun, hops):
    table = gg.coverage(datun, hops=hops)
    graph = nx.Graph()
    graph.add_nodes_from(datun.partners.index)
    graph.add_edges_from(zip(datun.relations["source"], datun.relations["target"], strict=True))
    kind = datun.partners["kind"]
    for building in table.index[::7]:
        near = nx.single_source_shortest_path_length(graph, building, cutoff=hops)
        for provider in ("grid_worker", "party_member"):
            assert table.loc[building, f"{provider}_providers"] == sum(kind[v] == provider for v in near), (
                building
            )
            nearest = min(
                (
                    d
                    for v, d in nx.single_source_shortest_path_length(graph, building).items()
                    if kind[v] == provider
                ),
                default=None,
            )
            assert table.loc[building, f"hops_to_{provider}"] == nearest


def test_grid_households_add_up(datun):
    grids = gg.coverage(datun, unit="grid")
    buildings = gg.coverage(datun, unit="building")
    relations = datun.relations
    kind = datun.partners["kind"]
    nested = relations[
        (relations["relation"] == "part_of") & (kind.reindex(relations["source"]).to_numpy() == "grid")
    ]
    micro = ~grids.index.isin(nested["target"])  # grids that contain no other grid
    assert grids.loc[micro, "households"].sum() == buildings["households"].sum()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"unit": "household"}, "unit: expected one of"),
        ({"providers": ["wizard"]}, r"providers: unknown partner kinds \['wizard'\]"),
        ({"hops": 0}, "hops: expected a whole number of at least 1"),
        ({"hops": "2"}, "hops: expected a whole number"),
        ({"min_providers": 0}, "min_providers: expected a whole number of at least 1"),
        ({"relations": ["gossips"]}, "relations: unknown relation kinds"),
    ],
)
def test_bad_arguments(kwargs, message):
    with pytest.raises(gg.GovGraphError, match=message):
        gg.coverage(street(), **kwargs)


def test_summary_by_grid_counts_units_households_and_services():
    summary = gg.coverage_summary(street_with_services())
    places = summary.places
    assert list(places.index) == ["G", "H"]
    assert places["units"].tolist() == [2, 1]
    assert places["households"].tolist() == [120, 10]
    assert places["unit_coverage_grid_worker"].tolist() == [1.0, 0.0]
    assert places["unit_coverage_party_member"].tolist() == [0.5, 0.0]
    assert places.loc["G", "household_coverage_party_member"] == pytest.approx(80 / 120)
    assert places["unit_coverage_ratio"].tolist() == [0.5, 0.0]
    assert places.loc["G", "household_coverage_ratio"] == pytest.approx(80 / 120)

    services = summary.services
    row = services.loc[("G", "repair")]
    assert (row["needs"], row["resources"], row["capacity"], row["served"]) == (1, 1, 3, True)
    assert services.loc[("H", "repair"), "served"] == False  # noqa: E712 - S is located in G only
    # Legal aid answers a dispute, and P serves the whole community.
    assert services.loc[("G", "dispute_mediation"), "resources"] == 1
    assert services.loc[("H", "legal_aid"), "resources"] == 1
    # O belongs to no community: its haircuts reach every grid.
    assert services.xs("haircut", level="category")["resources"].tolist() == [1, 1]
    assert services.loc[("G", "environment"), "category_label"] == "环境整治 environment"

    gaps = summary.gaps
    assert gaps[["gap", "place", "unit", "missing"]].values.tolist() == [
        ["service", "G", None, "environment"],
        ["provider", "G", "B2", "party_member"],
        ["service", "H", None, "repair"],
        ["provider", "H", "B3", "grid_worker, party_member"],
    ]
    assert gaps["households"].tolist() == [120, 40, 10, 10]


def test_summary_by_community_and_of_grids():
    summary = gg.coverage_summary(street_with_services(), level="community", hops=3)
    assert summary.places.loc["C", ["units", "households", "units_covered"]].tolist() == [3, 130, 2]
    assert summary.services.loc[("C", "repair"), ["needs", "resources"]].tolist() == [2, 1]
    assert summary.level == "community"
    grids = gg.coverage_summary(street(), unit="grid", providers="grid_worker", hops=2)
    assert grids.places["units"].tolist() == [1, 1]
    assert grids.gaps["unit"].tolist() == ["H"]


def test_summary_on_datun_north_adds_up(datun):
    summary = gg.coverage_summary(datun, level="community", hops=2)
    table = gg.coverage(datun, hops=2)
    places = summary.places
    assert places["units"].sum() == len(table)
    assert places["units_covered"].sum() == table["covered"].sum()
    raised = datun.partners.loc[datun.needs["requester"], "community"].value_counts()
    needs = summary.services.groupby(level="place")["needs"].sum()
    assert needs.to_dict() == raised.reindex(needs.index, fill_value=0).to_dict()
    gaps = summary.gaps
    assert (gaps[gaps["gap"] == "provider"]["unit"].sort_values().tolist()) == sorted(
        table.index[~table["covered"]]
    )
    ordered = gaps[["households", "vulnerable_residents"]].fillna(0).to_numpy()
    assert all(tuple(a) >= tuple(b) for a, b in itertools.pairwise(ordered))
    # Each building counts once, in its innermost grid: a micro grid, not the large grid holding it.
    by_grid = gg.coverage_summary(datun, level="grid").places
    assert by_grid["units"].sum() == len(table)
    assert by_grid.loc["FC-L1", "units"] == 0 and by_grid.loc["FC-M01", "units"] > 0
    innermost = datun.places["grid"].reindex(table.index).value_counts()
    assert by_grid["units"][by_grid["units"] > 0].to_dict() == innermost.to_dict()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"level": "building"}, r"level: expected one of \['community', 'grid'\]"),
        ({"taxonomy": {"repair": ["repair"]}}, "taxonomy: expected a Taxonomy"),
        ({"hops": -1}, "hops: expected a whole number"),
        ({"providers": ["ghost"]}, r"providers: unknown partner kinds \['ghost'\]"),
    ],
)
def test_summary_bad_arguments(kwargs, message):
    with pytest.raises(gg.GovGraphError, match=message):
        gg.coverage_summary(street(), **kwargs)
