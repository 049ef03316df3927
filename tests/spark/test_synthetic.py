"""The synthetic city Spark makes is a valid network with ties between its communities."""

from __future__ import annotations

import pandas as pd
import pytest
from scipy.sparse.csgraph import connected_components

import govgraph as gg
from govgraph import spark as ggs


@pytest.fixture(scope="module")
def small_city(spark, tmp_path_factory):
    path = tmp_path_factory.mktemp("city") / "city.parquet"
    ggs.synthetic_city(spark, 5, partners_per_community=1_200, months=6, start="2026-03-01", seed=4).write(
        path
    )
    return gg.read(path)  # validated like any network: no dangling or repeated ids


def test_a_synthetic_city_is_a_valid_connected_network(small_city):
    net = small_city
    assert len(net.partners) == 5 * 1_200
    assert net.places["community"].nunique() == 5
    pieces, _ = connected_components(net.ties().pattern, directed=False)
    assert pieces == 1
    community = net.places["community"]
    crossing = net.relations[
        community.reindex(net.relations["source"]).to_numpy()
        != community.reindex(net.relations["target"]).to_numpy()
    ]
    assert set(crossing["relation"]) == {"visits", "collaborates"}
    assert (crossing["relation"] == "collaborates").sum() == 5 * 2
    raised = net.needs["created_at"]
    assert raised.min() >= pd.Timestamp("2026-03-01") and raised.max() < pd.Timestamp("2026-09-01")
    assert raised.dt.month.nunique() == 6


def test_the_same_seed_makes_the_same_city_in_any_number_of_tasks(spark):
    one = ggs.synthetic_city(spark, 3, partners_per_community=1_000, seed=9, tasks=1)
    three = ggs.synthetic_city(spark, 3, partners_per_community=1_000, seed=9, tasks=3)
    other = ggs.synthetic_city(spark, 3, partners_per_community=1_000, seed=10)
    for name in ("partners", "relations", "needs"):
        a, b, c = (city.tables[name].toPandas() for city in (one, three, other))
        key = list(a.columns)
        a, b, c = (f.sort_values(key).reset_index(drop=True) for f in (a, b, c))
        pd.testing.assert_frame_equal(a, b)
    assert not a.equals(c)


def test_bad_sizes_are_named(spark):
    with pytest.raises(gg.GovGraphError, match="communities"):
        ggs.synthetic_city(spark, 0)
    with pytest.raises(gg.GovGraphError, match="partners_per_community"):
        ggs.synthetic_city(spark, 2, partners_per_community=999)
    with pytest.raises(gg.GovGraphError, match="start"):
        ggs.synthetic_city(spark, 2, start="<script>")
    with pytest.raises(gg.GovGraphError, match="months"):
        ggs.synthetic_city(spark, 2, months=True)
