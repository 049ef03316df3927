"""Halo partitions in Spark give govgraph's in-memory answers: places, coverage and candidates."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

import govgraph as gg
from govgraph import spark as ggs

SCORES = ["score", "fit", "proximity", "trust", "capacity", "urgency", "vulnerability"]


@pytest.fixture(scope="module")
def datun_city(spark, datun, tmp_path_factory):
    path = tmp_path_factory.mktemp("datun") / "datun.parquet"
    datun.write(path)
    return ggs.SparkNetwork.read(spark, path)


@pytest.fixture(scope="module")
def datun_places(datun_city):
    # Small tasks, so the places are found in several pieces, each with every place of the network.
    return ggs.places(datun_city, chunk=1000).localCheckpoint()


def as_pandas(frame, index) -> pd.DataFrame:
    table = frame.toPandas().set_index(index)
    for column in ("grid_chain", "through"):
        if column in table:
            table[column] = table[column].map(tuple)
    return table


def assert_same(ours: pd.DataFrame, expected: pd.DataFrame) -> None:
    assert sorted(ours.index) == sorted(expected.index)
    assert list(ours.columns) == list(expected.columns)
    ours = ours.reindex(expected.index)
    for column in expected.columns:
        if column in SCORES:
            np.testing.assert_allclose(ours[column].to_numpy(), expected[column].to_numpy(), rtol=1e-12)
        else:
            mine, theirs = ours[column].astype(object), expected[column].astype(object)
            same = (mine.isna() & theirs.isna()) | (mine == theirs)
            assert same.all(), f"{column}: {mine[~same].head().to_dict()} != {theirs[~same].head().to_dict()}"


def test_places_equal_the_whole_networks(datun, datun_places):
    assert_same(as_pandas(datun_places, "id"), datun.places)


def test_coverage_equals_the_in_memory_table(datun, datun_city, datun_places):
    # Grids: households and vulnerable residents summed over micro grids, two ties to reach.
    ours = ggs.coverage(datun_city, datun_places, unit="grid", hops=2)
    assert_same(as_pandas(ours, "id"), gg.coverage(datun, unit="grid", hops=2))


def test_candidates_equal_the_in_memory_table(datun, datun_city, datun_places):
    ours = as_pandas(ggs.candidates(datun_city, datun_places), ["need", "resource"])
    # Pieces order their partners by id: equally placed intermediaries are named as for a sorted table.
    by_id = gg.PartnerNetwork.from_frames(
        datun.partners.sort_index(), datun.relations, needs=datun.needs, resources=datun.resources
    )
    assert_same(ours, gg.candidates(by_id))


@pytest.mark.slow
def test_a_district_of_10k_partners(spark, tmp_path):
    net = gg.datasets.synthetic(10_000, seed=5)
    net.write(tmp_path / "district.parquet")
    city = ggs.SparkNetwork.read(spark, tmp_path / "district.parquet")
    placed = ggs.places(city, chunk=4_000).localCheckpoint()
    assert_same(as_pandas(placed, "id"), net.places)
    ours = ggs.coverage(city, placed, unit="building", providers=["grid_worker", "volunteer"])
    assert_same(
        as_pandas(ours, "id"), gg.coverage(net, unit="building", providers=["grid_worker", "volunteer"])
    )
    by_id = gg.PartnerNetwork.from_frames(
        net.partners.sort_index(), net.relations, needs=net.needs, resources=net.resources
    )
    table = ggs.candidates(city, placed).localCheckpoint()
    assert_same(as_pandas(table, ["need", "resource"]), gg.candidates(by_id))
    optimal = ggs.match(city, placed, table=table)
    expected = gg.match(by_id)
    for name in ("matched", "total_score", "lowest_grid_match_rate"):
        assert optimal.metrics[name] == pytest.approx(expected.metrics[name], rel=1e-9), name
    # fair per competing group: valid, and never above the whole network's best lowest grid rate.
    fair, whole = ggs.match(city, placed, strategy="fair", table=table), gg.match(by_id, strategy="fair")
    assert fair.assignments.toPandas()["need"].is_unique
    assert fair.metrics["lowest_grid_match_rate"] <= whole.metrics["lowest_grid_match_rate"] + 1e-9


def test_bad_requests_are_named(datun_city, datun_places):
    with pytest.raises(gg.GovGraphError, match="unit"):
        ggs.coverage(datun_city, datun_places, unit="street")
    with pytest.raises(gg.GovGraphError, match="providers"):
        ggs.coverage(datun_city, datun_places, providers=["<script>"])
    with pytest.raises(gg.GovGraphError, match="relations"):
        ggs.coverage(datun_city, datun_places, relations=["MATCH (n) DETACH DELETE n"])
    with pytest.raises(gg.GovGraphError, match="hops"):
        ggs.candidates(datun_city, datun_places, hops=0)
    with pytest.raises(gg.GovGraphError, match="radius"):
        ggs.halo(datun_city, datun_places, radius=-1)
    with pytest.raises(gg.GovGraphError, match="chunk"):
        ggs.places(datun_city, chunk=True)
    with pytest.raises(gg.GovGraphError, match="city: expected a SparkNetwork"):
        ggs.coverage(gg.load_dataset("datun_north"))  # type: ignore[arg-type]
    # A city without needs has no candidates (its needs table is empty, as gg.read makes it).
    bare = ggs.SparkNetwork({k: v for k, v in datun_city.tables.items() if k != "needs"})
    assert bare.tables["needs"].count() == 0 and ggs.candidates(bare, datun_places).count() == 0
    with pytest.raises(gg.GovGraphError, match="partners"):
        ggs.SparkNetwork({})


@pytest.fixture(scope="module")
def datun_candidates(datun_city, datun_places):
    return ggs.candidates(datun_city, datun_places).localCheckpoint()


@pytest.mark.parametrize("strategy", ["optimal", "greedy", "stable", "fair"])
def test_matching_a_city_gives_the_in_memory_figures(
    datun, datun_city, datun_places, datun_candidates, strategy
):
    ours = ggs.match(datun_city, datun_places, strategy=strategy, table=datun_candidates)
    by_id = gg.PartnerNetwork.from_frames(
        datun.partners.sort_index(), datun.relations, needs=datun.needs, resources=datun.resources
    )
    expected = gg.match(by_id, strategy=strategy)
    for name in ("needs", "matched", "match_rate", "total_score", "mean_score", "lowest_grid_match_rate"):
        assert ours.metrics[name] == pytest.approx(expected.metrics[name], rel=1e-12), name
    # The competing groups are the connected pieces of the need–resource candidate graph (scipy's count).
    pairs = gg.candidates(by_id).reset_index()
    need, resource = pd.factorize(pairs["need"])[0], pd.factorize(pairs["resource"])[0]
    size = need.max() + 1 + resource.max() + 1
    graph = sp.coo_array((np.ones(len(pairs)), (need, need.max() + 1 + resource)), shape=(size, size))
    pieces, label = connected_components(graph, directed=False)
    assert ours.metrics["groups"] == pieces
    assert ours.metrics["largest_group"] == np.bincount(label[need]).max()
    taken = ours.assignments.toPandas()
    # No need served twice, no capacity exceeded, every pair a candidate.
    assert taken["need"].is_unique
    used = taken.groupby("resource").size()
    assert (used <= datun.resources["capacity"].reindex(used.index)).all()
    pairs = datun_candidates.select("need", "resource").toPandas()
    assert set(zip(taken["need"], taken["resource"])) <= set(zip(pairs["need"], pairs["resource"]))
    if strategy in ("greedy", "stable"):  # one answer: the same pairs
        mine = taken.set_index("need")["resource"].sort_index()
        theirs = expected.assignments["resource"].sort_index()
        assert mine.equals(theirs.rename_axis("need"))


def test_bad_matching_requests_are_named(datun_city, datun_places, datun_candidates):
    with pytest.raises(gg.GovGraphError, match="strategy"):
        ggs.match(datun_city, datun_places, strategy="'; DROP TABLE needs; --", table=datun_candidates)
    with pytest.raises(gg.GovGraphError, match="seed"):
        ggs.match(datun_city, datun_places, seed=1.5, table=datun_candidates)  # type: ignore[arg-type]
