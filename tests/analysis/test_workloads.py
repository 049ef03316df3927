"""Workload per provider: hand counts, and Gini and CV against their definitions."""

from __future__ import annotations

import pytest

import govgraph as gg
from tests.analysis.streets import street, street_with


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
