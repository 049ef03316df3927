"""Spark in local mode gives the in-memory answers: Parquet, degree, strength, components, PageRank, paths."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.sparse.csgraph import connected_components

import govgraph as gg
from govgraph import spark as ggs


@pytest.fixture(scope="module")
def district() -> gg.PartnerNetwork:
    return gg.datasets.synthetic(20_000, seed=3)


@pytest.fixture(scope="module")
def district_folder(district, tmp_path_factory):
    path = tmp_path_factory.mktemp("district") / "district.parquet"
    district.write(path)
    return path


def test_spark_writes_parquet_that_gg_reads_back_equal(spark, district, district_folder, tmp_path):
    city = ggs.SparkNetwork.read(spark, district_folder)
    assert city.partners.count() == len(district.partners)
    city.write(tmp_path / "copy.parquet")
    assert any(p.name.startswith("part-") for p in (tmp_path / "copy.parquet" / "partners.parquet").iterdir())
    assert gg.read(tmp_path / "copy.parquet") == district


def test_the_datun_north_dataset_round_trips_through_spark(spark, datun, tmp_path):
    datun.write(tmp_path / "datun.parquet")
    ggs.SparkNetwork.read(spark, tmp_path / "datun.parquet").write(tmp_path / "again.parquet")
    back = gg.read(tmp_path / "again.parquet")
    assert back == datun
    pd.testing.assert_frame_equal(back.relations, datun.relations)


@pytest.mark.parametrize("weight", ["weight", None])
def test_degree_and_strength_equal_centrality(spark, district, district_folder, weight):
    city = ggs.SparkNetwork.read(spark, district_folder)
    ours = ggs.degrees(city, weight=weight).toPandas().set_index("id").reindex(district.partners.index)
    expected = gg.centrality(district, measures=["degree", "strength"], weight=weight)
    np.testing.assert_array_equal(ours["degree"].to_numpy(), expected["degree"].to_numpy())
    np.testing.assert_allclose(ours["strength"].to_numpy(), expected["strength"].to_numpy(), rtol=1e-12)


def test_components_equal_the_pieces_of_the_tie_graph(spark, district, district_folder):
    city = ggs.SparkNetwork.read(spark, district_folder)
    kinds = ["resides_in", "part_of", "responsible_for"]  # without visits: many pieces
    ours = ggs.components(city, relations=kinds).toPandas().set_index("id").reindex(district.partners.index)
    pieces, label = connected_components(district.ties(relations=kinds).pattern, directed=False)
    assert ours["component"].nunique() == pieces > 1
    # The same partition: each Spark label is one scipy label and back.
    pairs = pd.DataFrame({"spark": ours["component"].to_numpy(), "scipy": label}).drop_duplicates()
    assert len(pairs) == pieces
    # Each piece is named by its smallest partner id.
    smallest = (
        pd.Series(district.partners.index, index=district.partners.index).groupby(label).transform("min")
    )
    assert (ours["component"].to_numpy() == smallest.to_numpy()).all()


def test_a_local_session_has_few_shuffle_partitions_and_days_in_utc(spark):
    assert (
        spark.conf.get("spark.sql.shuffle.partitions")
        == ggs.network.LOCAL_DEFAULTS["spark.sql.shuffle.partitions"]
    )
    assert spark.conf.get("spark.sql.session.timeZone") == "UTC"


def test_bad_input_is_named(spark, tmp_path):
    with pytest.raises(gg.GovGraphError, match=r"has no partners\.parquet"):
        ggs.SparkNetwork.read(spark, tmp_path)
    with pytest.raises(gg.GovGraphError, match="net: expected a SparkNetwork"):
        ggs.degrees({})  # type: ignore[arg-type]
    with pytest.raises(gg.GovGraphError, match="master"):
        ggs.session("")


def test_links_to_activities_are_not_ties(spark, datun, tmp_path):
    """Datun North's relations file also holds its activity links; Spark keeps them apart, as gg.read does."""
    datun.write(tmp_path / "datun.parquet")
    city = ggs.SparkNetwork.read(spark, tmp_path / "datun.parquet")
    assert city.tables["links"].count() == len(datun.links)
    ours = ggs.degrees(city).toPandas().set_index("id").reindex(datun.partners.index)
    expected = gg.centrality(datun, measures=["degree", "strength"])
    np.testing.assert_array_equal(ours["degree"].to_numpy(), expected["degree"].to_numpy())
    np.testing.assert_allclose(ours["strength"].to_numpy(), expected["strength"].to_numpy(), rtol=1e-12)


@pytest.mark.slow
def test_pagerank_equals_centrality_within_its_tolerance(spark, district, district_folder):
    city = ggs.SparkNetwork.read(spark, district_folder)
    ours = (
        ggs.pagerank(city, tol=1e-9).toPandas().set_index("id").reindex(district.partners.index)["pagerank"]
    )
    expected = gg.centrality(district, measures=["pagerank"])["pagerank"]
    assert ours.sum() == pytest.approx(1.0, abs=1e-12)
    # Stopping when an iteration moves the scores by less than tol leaves them within tol·α/(1−α).
    assert np.abs(ours.to_numpy() - expected.to_numpy()).sum() < 1e-9 * 0.85 / 0.15
    with pytest.raises(gg.GovGraphError, match="alpha"):
        ggs.pagerank(city, alpha=1.5)


@pytest.mark.parametrize(
    ("network", "k", "path_length"), [("district", 300, "inverse_weight"), ("datun", None, "hops")]
)
def test_path_measures_spread_over_tasks_equal_centrality(spark, request, tmp_path, network, k, path_length):
    net = request.getfixturevalue(network)
    net.write(tmp_path / "net.parquet")
    city = ggs.SparkNetwork.read(spark, tmp_path / "net.parquet")
    ours = ggs.path_measures(city, k=k, seed=7, path_length=path_length, tasks=3).toPandas().set_index("id")
    # The same sample of sources as gg.centrality's on the network with its partners in id order.
    by_id = gg.PartnerNetwork.from_frames(net.partners.sort_index(), net.relations)
    expected = gg.centrality(
        by_id,
        measures=["betweenness", "closeness", "harmonic_closeness"],
        k=k,
        seed=7,
        path_length=path_length,
    )
    names = ["betweenness", "closeness", "harmonic_closeness"]
    assert list(ours.columns) == ([f"{m}{s}" for m in names for s in ("", "_se")] if k else names)
    ours = ours.reindex(expected.index)
    for column in ours.columns:
        np.testing.assert_allclose(
            ours[column].to_numpy(), expected[column].to_numpy(), rtol=1e-10, atol=1e-15
        )
    with pytest.raises(gg.GovGraphError, match="tasks"):
        ggs.path_measures(city, k=10, tasks=0)
    with pytest.raises(gg.GovGraphError, match="path_length"):
        ggs.path_measures(city, k=10, path_length="<script>")


def test_a_folder_named_by_url_may_lack_optional_tables(spark, datun, tmp_path):
    datun.write(tmp_path / "datun.parquet")
    (tmp_path / "datun.parquet" / "projects.parquet").unlink()
    city = ggs.SparkNetwork.read(spark, f"file://{tmp_path}/datun.parquet")
    assert "projects" not in city.tables and city.partners.count() == len(datun.partners)
    (tmp_path / "datun.parquet" / "relations.parquet").unlink()
    with pytest.raises(gg.GovGraphError, match=r"has no relations\.parquet"):
        ggs.SparkNetwork.read(spark, f"file://{tmp_path}/datun.parquet")
