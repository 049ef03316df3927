"""summarize_by aggregates any per-partner table."""

from __future__ import annotations

import pandas as pd
import pytest

import govgraph as gg


def test_by_kind_grid_and_community(datun):
    table = gg.centrality(datun, measures=["degree", "pagerank"])
    for by in ("kind", "grid", "community"):
        summary = gg.summarize_by(table, by=by)
        assert summary["partners"].sum() == len(table)
        assert summary["partners"].is_monotonic_decreasing
        key = table[by].astype("string").fillna("(none)")
        assert summary["degree_max"].to_dict() == table.groupby(key)["degree"].max().to_dict()
        pd.testing.assert_series_equal(
            summary["pagerank_mean"],
            table.groupby(key)["pagerank"].mean().reindex(summary.index),
            check_names=False,
        )


def test_top_partners_are_named_in_order():
    table = pd.DataFrame(
        {"kind": ["a", "a", "a", "b"], "name": ["甲", "乙", "丙", "丁"], "score": [1.0, 3.0, 2.0, 5.0]},
        index=["P1", "P2", "P3", "P4"],
    )
    summary = gg.summarize_by(table, top=2)
    assert summary.loc["a", "top_partners"] == "乙 (3)、丙 (2)"
    assert summary.loc["b", "top_partners"] == "丁 (5)"
    assert "top_partners" not in gg.summarize_by(table, top=0).columns


def test_works_on_brokerage_tables(datun):
    summary = gg.summarize_by(gg.brokerage(datun), by="community", columns=["total"], rank_by="total", top=1)
    assert list(summary.columns) == ["partners", "total_mean", "total_max", "top_partners"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"by": "colour"}, "by: expected a column of the table"),
        ({"columns": ["name"]}, r"columns: not numeric columns of the table: \['name'\]"),
        ({"top": -1}, "top: expected a whole number of at least 0"),
        ({"rank_by": "fame"}, "rank_by: the table has no column 'fame'"),
    ],
)
def test_bad_arguments(kwargs, message):
    table = pd.DataFrame({"kind": ["a"], "name": ["甲"], "score": [1.0]})
    with pytest.raises(gg.GovGraphError, match=message):
        gg.summarize_by(table, **kwargs)


def test_not_a_table():
    with pytest.raises(gg.GovGraphError, match="table: expected a pandas DataFrame"):
        gg.summarize_by([1, 2])
