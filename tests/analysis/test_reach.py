"""Coverage of buildings, grids and residents, against hand counts and networkx."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest

import govgraph as gg


def street() -> gg.PartnerNetwork:
    """Grid G with buildings B1 (80 households) and B2 (40); B3 (10) in grid H, reached by nobody.

    Worker W is responsible for B1 and B2; party member M lives in B1; resident R
    (elderly) lives in B2 and is visited by W.
    """
    partners = pd.DataFrame(
        {
            "id": ["C", "G", "H", "B1", "B2", "B3", "W", "M", "R"],
            "kind": [
                "community",
                "grid",
                "grid",
                "building",
                "building",
                "building",
                "grid_worker",
                "party_member",
                "resident",
            ],
            "name": ["社区", "一网格", "二网格", "1号楼", "2号楼", "3号楼", "网格员", "党员", "居民"],
            "community": "C",
            "grid": [None, None, None, "G", "G", "H", "G", "G", "G"],
            "households": [None, None, None, 80, 40, 10, None, None, None],
            "elderly": [None, None, None, None, None, None, None, None, True],
        }
    )
    relations = pd.DataFrame(
        [("G", "C", "part_of"), ("H", "C", "part_of"), ("B1", "G", "part_of"), ("B2", "G", "part_of"), ("B3", "H", "part_of"),
         ("W", "B1", "responsible_for"), ("W", "B2", "responsible_for"), ("M", "B1", "resides_in"),
         ("R", "B2", "resides_in"), ("W", "R", "visits")],
        columns=["source", "target", "relation"],
    )  # fmt: skip
    return gg.PartnerNetwork.from_frames(partners=partners, relations=relations)


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


def street_with(partner: dict, relations: list[tuple[str, str, str]] = ()) -> gg.PartnerNetwork:
    """The street with one more partner and its relations (weight 1)."""
    net = street()
    partners = net.partners.reset_index()
    partners.loc[len(partners)] = {"community": "C", **partner}
    added = pd.DataFrame([(*r, 1.0) for r in relations], columns=["source", "target", "relation", "weight"])
    return gg.PartnerNetwork.from_frames(partners=partners, relations=pd.concat([net.relations, added]))


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


def test_workload_splits_shared_buildings():
    net = street_with(
        {"id": "W2", "kind": "grid_worker", "name": "网格员乙", "grid": "G"}, [("W2", "G", "responsible_for")]
    )
    load = gg.workload(net, norm=70)
    table = load.providers
    # W answers for B1 and B2 directly; W2 for grid G, i.e. the same two buildings.
    assert table.loc["W", ["buildings", "households", "household_share"]].tolist() == [2, 120.0, 60.0]
    assert table.loc["W2", ["buildings", "households", "household_share"]].tolist() == [2, 120.0, 60.0]
    assert not table["above_norm"].any()
    row = load.spread.loc[("grid", "G")]
    assert row["providers"] == 2 and row["gini"] == 0.0 and row["coefficient_of_variation"] == 0.0


def test_workload_spread_matches_its_definitions(datun):
    load = gg.workload(datun, norm=300)
    shares = load.providers["household_share"]
    assert load.providers["above_norm"].tolist() == (shares > 300).tolist()
    for community, row in load.spread.loc["community"].iterrows():
        x = shares[load.providers["community"] == community].to_numpy()
        assert row["providers"] == len(x)
        gini = sum(abs(a - b) for a in x for b in x) / (2 * len(x) ** 2 * x.mean())
        assert row["gini"] == pytest.approx(gini)
        assert row["coefficient_of_variation"] == pytest.approx(x.std() / x.mean())
    total = datun.partners.loc[datun.partners["kind"] == "building", "households"].fillna(0).sum()
    covered = load.providers["household_share"].sum()
    assert covered <= total


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"provider": "wizard"}, r"provider: unknown partner kinds \['wizard'\]"),
        ({"norm": -5}, "norm: expected a non-negative number"),
        ({"norm": "many"}, "norm: expected a non-negative number"),
        ({"relations": ["gossips"]}, "relations: unknown relation kinds"),
    ],
)
def test_workload_bad_arguments(kwargs, message):
    with pytest.raises(gg.GovGraphError, match=message):
        gg.workload(street(), **kwargs)
