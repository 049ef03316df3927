"""Strategy comparison, the service pipeline and the simulation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import govgraph as gg
from govgraph.matching import STRATEGIES, register_strategy
from tests.matching.lane import lane


def test_compare_strategies_on_the_lane():
    table = gg.compare_strategies(lane())
    assert list(table.index) == ["greedy", "optimal", "stable", "fair"]
    assert table["matched"].tolist() == [2, 2, 2, 2]
    assert table.loc["fair", "lowest_grid_match_rate"] == 0.5
    assert table.loc["greedy", "lowest_grid_match_rate"] == 0.0
    assert table.loc["optimal", "total_score"] == table["total_score"].max()
    assert table.loc["greedy", "mean_hops"] == pytest.approx((1 + 3) / 2)
    assert list(table.columns) == list(gg.matching.METRICS)
    only = gg.compare_strategies(lane(), strategies=["greedy"])
    assert list(only.index) == ["greedy"]


def test_compare_strategies_on_datun_north(datun):
    table = gg.compare_strategies(datun)
    assert table.loc["optimal", "total_score"] >= table["total_score"].max() - 1e-9
    assert table.loc["fair", "lowest_grid_match_rate"] >= table["lowest_grid_match_rate"].max() - 1e-12
    assert table["resource_utilisation"].between(0, 1).all()


@pytest.mark.parametrize(
    ("strategies", "message"),
    [
        ("greedy", r"expected a list of strategy names"),
        (["greedy", "luck"], r"strategies: unknown \['luck'\]"),
    ],
)
def test_compare_strategies_bad_arguments(strategies, message):
    with pytest.raises(gg.GovGraphError, match=message):
        gg.compare_strategies(lane(), strategies=strategies)


def test_service_pipeline_counts_needs_matches_and_resolutions():
    pipeline = gg.service_pipeline(lane())
    assert pipeline.loc["G", ["needs", "matched", "resolved"]].tolist() == [2, 1, 1]
    assert pipeline.loc["H", ["needs", "matched", "resolved"]].tolist() == [2, 0, 0]
    assert np.isnan(pipeline.loc["G", "median_days_to_resolution"])
    m = gg.match(lane(), strategy="fair")
    with_matching = gg.service_pipeline(lane(), level="community", matching=m)
    assert with_matching.loc["C", ["needs", "matched", "resolved"]].tolist() == [4, 2, 1]
    assert with_matching.loc["C", "match_rate"] == 0.5


def test_service_pipeline_time_to_resolution():
    net = lane()
    needs = net.needs.reset_index()
    needs["created_at"] = ["2026-01-01", "2026-01-01", "2026-02-01", None]
    needs["resolved_at"] = ["2026-01-04", None, None, None]
    dated = gg.PartnerNetwork.from_frames(
        partners=net.partners.reset_index(),
        relations=net.relations,
        needs=needs,
        resources=net.resources.reset_index(),
    )
    pipeline = gg.service_pipeline(dated)
    assert pipeline.loc["G", "median_days_to_resolution"] == 3.0
    assert np.isnan(pipeline.loc["H", "median_days_to_resolution"])


def test_service_pipeline_on_datun_north(datun):
    pipeline = gg.service_pipeline(datun, level="community")
    assert pipeline["needs"].sum() == len(datun.needs)
    assert pipeline.loc["FC", "needs"] == 183  # the article's 183 needs collected in 富成花园
    assert (pipeline["resolved"] <= pipeline["matched"]).all()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"level": "street"}, r"level: expected one of"),
        ({"matching": "optimal"}, r"matching: expected a Matching"),
    ],
)
def test_service_pipeline_bad_arguments(kwargs, message):
    with pytest.raises(gg.GovGraphError, match=message):
        gg.service_pipeline(lane(), **kwargs)


def test_simulation_is_reproducible_and_conserves_needs(datun):
    table = gg.candidates(datun)
    year = gg.simulate(datun, "greedy", periods=6, seed=3, table=table)
    again = gg.simulate(datun, "greedy", periods=6, seed=3, table=table)
    pd.testing.assert_frame_equal(year, again)
    assert list(year.index) == [1, 2, 3, 4, 5, 6]
    assert (year["arrived"] + year["waiting"] == year["matched"] + year["backlog"]).all()
    assert (year["waiting"].iloc[1:].to_numpy() == year["backlog"].iloc[:-1].to_numpy()).all()
    assert year["waiting"].iloc[0] == 0
    # With the default rate the horizon brings about as many needs as the data holds.
    assert abs(year["arrived"].sum() - len(datun.needs)) < 4 * np.sqrt(len(datun.needs))
    other = gg.simulate(datun, "greedy", periods=6, seed=4, table=table)
    assert not other["arrived"].equals(year["arrived"])


def test_scarce_capacity_builds_a_backlog():
    # Two haircuts a period against one barber: the backlog grows and the waits lengthen.
    year = gg.simulate(lane(), "optimal", periods=5, seed=0, rate=3.0)
    assert year["backlog"].iloc[-1] > year["backlog"].iloc[0]
    assert (year["matched"] <= 3).all()  # the barber one, the lawyer two per period


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"strategy": "luck"}, r"strategy: expected one of"),
        ({"periods": 0}, r"periods: expected a whole number of at least 1"),
        ({"rate": 0}, r"rate: expected a positive number"),
        ({"rate": "often"}, r"rate: expected a positive number"),
    ],
)
def test_simulation_bad_arguments(kwargs, message):
    with pytest.raises(gg.GovGraphError, match=message):
        gg.simulate(lane(), **kwargs)


def test_simulated_periods_are_problems_of_ids_checked_like_match():
    seen = []

    @register_strategy("watching")
    def watching(problem):
        seen.append(problem)
        return STRATEGIES["greedy"](problem)

    gg.simulate(lane(), "watching", periods=3, rate=2.0, seed=1)
    assert len(seen) == 3
    carried: set[str] = set()
    for period, problem in enumerate(seen, start=1):
        ids = problem.needs.index
        assert ids.is_unique and problem.pairs["need"].isin(ids).all()
        # Each arrival is a copy of a recorded need, under <need>@<period>.<n>; the rest waited.
        copied, _, arrived = zip(*(i.partition("@") for i in ids), strict=True) if len(ids) else ((), (), ())
        assert set(copied) <= set(lane().needs.index)
        assert {
            i for i, when in zip(ids, arrived, strict=True) if not when.startswith(f"{period}.")
        } <= carried
        carried = set(ids)

    @register_strategy("greedy_twice")
    def greedy_twice(problem):
        chosen = STRATEGIES["greedy"](problem)
        return np.concatenate([chosen, chosen])

    with pytest.raises(gg.GovGraphError, match="strategy 'greedy_twice' assigned a need twice"):
        gg.simulate(lane(), "greedy_twice", periods=2, rate=2.0)


def _dated_lane(created: list[str | None]) -> gg.PartnerNetwork:
    net = lane()
    return gg.PartnerNetwork.from_frames(
        partners=net.partners.reset_index(),
        relations=net.relations,
        needs=net.needs.reset_index().assign(created_at=created),
        resources=net.resources.reset_index(),
    )


def test_simulation_from_history_estimates_each_cell_from_its_dated_needs():
    # Four months, January to April: G's haircut once (1/4 a month), G's mediation once, H's haircut
    # once; H's repair has no date, so its cell is copied but arrives at rate 0.
    net = _dated_lane(["2026-01-05", "2026-04-20", "2026-02-11", None])
    year = gg.simulate(net, "greedy", periods=24, seed=2, arrivals="history")
    rates = year.attrs["arrival_rates"].set_index(["grid", "category"])
    assert year.attrs["arrivals"] == "history"
    assert rates["periods"].eq(4).all()
    assert rates.loc[("G", "haircut"), "rate"] == 0.25 and rates.loc[("H", "repair"), "rate"] == 0.0
    assert rates["needs"].sum() == 3
    # Over 24 months about 3 / 4 * 24 = 18 needs arrive (Poisson); never a copy of the undated repair.
    assert 6 <= year["arrived"].sum() <= 34
    quarters = gg.simulate(net, "greedy", periods=4, arrivals="history", period="Q")
    assert quarters.attrs["arrival_rates"]["periods"].eq(2).all()  # January to April: two quarters


def test_simulation_from_history_needs_dates_and_no_rate():
    with pytest.raises(gg.GovGraphError, match="arrivals: 'history' needs dated needs"):
        gg.simulate(lane(), arrivals="history")
    with pytest.raises(gg.GovGraphError, match="rate: leave it out"):
        gg.simulate(_dated_lane(["2026-01-05"] * 4), arrivals="history", rate=0.5)
    with pytest.raises(gg.GovGraphError, match="arrivals: expected one of"):
        gg.simulate(lane(), arrivals="memory")
    with pytest.raises(gg.GovGraphError, match="period: expected one of"):
        gg.simulate(lane(), period="W")
