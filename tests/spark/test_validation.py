"""Validation in Spark finds every problem gg.read finds, at the same rows, in one DataFrame."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import govgraph as gg
from govgraph import spark as ggs


@pytest.fixture(scope="module")
def broken(datun, tmp_path_factory):
    """Datun North's tables as Parquet files with hostile and wrong values in them."""
    root = tmp_path_factory.mktemp("broken") / "broken.parquet"
    root.mkdir()
    partners = datun.partners.reset_index()
    relations = pd.concat([datun.relations, datun.links], ignore_index=True)
    needs, resources = datun.needs.reset_index(), datun.resources.reset_index()
    partners.loc[5, "id"] = partners.loc[9, "id"]  # a repeated id (and the relations of the lost one dangle)
    partners.loc[20, "kind"] = "<script>alert(1)</script>"
    relations.loc[7, "target"] = "NOPE-1"
    relations.loc[100, "relation"] = "MATCH (n) DETACH DELETE n"
    needs.loc[3, "urgency"] = 9
    needs.loc[4, "id"] = partners.loc[30, "id"]  # a need with a partner's id
    resources.loc[2, "capacity"] = -4
    tables = {
        "partners": partners,
        "relations": relations,
        "needs": needs,
        "resources": resources,
        "activities": datun.activities.reset_index(),
        "projects": datun.projects.reset_index(),
    }
    for name, frame in tables.items():
        pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), root / f"{name}.parquet")
    return root


def read_problems(path) -> pd.DataFrame:
    with pytest.raises(gg.DataError) as caught:
        gg.read(path)
    rows = [(p.source, p.row, p.column, p.message, p.zh) for p in caught.value.problems]
    return pd.DataFrame(rows, columns=list(ggs.PROBLEM_COLUMNS))


def assert_same_problems(ours: pd.DataFrame, expected: pd.DataFrame) -> None:
    key = ["source", "row", "column"]
    assert sorted(map(tuple, ours[key].astype(str).to_numpy())) == sorted(
        map(tuple, expected[key].astype(str).to_numpy())
    )
    both = ours.merge(expected, on=key, suffixes=("", "_read"))
    # Suggestions for a dangling id come from the partners of its piece, not the whole table.
    hinted = both["message_read"].str.contains("did you mean")
    assert (both["message"] == both["message_read"])[~hinted].all()
    assert (
        both.loc[hinted, "message"]
        .str.split(";")
        .str[0]
        .equals(both.loc[hinted, "message_read"].str.split(";").str[0])
    )


def test_every_problem_at_its_row(spark, broken):
    ours = ggs.problems(spark, broken, chunk=1_500).toPandas()
    expected = read_problems(broken)
    assert_same_problems(ours, expected)
    assert {"partners.parquet", "relations.parquet", "needs.parquet", "resources.parquet"} <= set(
        ours["source"]
    )
    assert ours["zh"].str.len().gt(0).all()


def test_rows_are_counted_across_spark_part_files(spark, broken, tmp_path):
    # Spark writes each table as part files; both count records across them in name order.
    ggs.SparkNetwork.read(spark, broken).write(tmp_path / "parts.parquet")
    assert len(list((tmp_path / "parts.parquet" / "relations.parquet").glob("part-*"))) > 1
    assert_same_problems(
        ggs.problems(spark, tmp_path / "parts.parquet").toPandas(), read_problems(tmp_path / "parts.parquet")
    )


def test_a_valid_network_has_no_problems(spark, datun, tmp_path):
    datun.write(tmp_path / "datun.parquet")
    assert ggs.problems(spark, tmp_path / "datun.parquet", chunk=2_000).count() == 0
    with pytest.raises(gg.GovGraphError, match="chunk"):
        ggs.problems(spark, tmp_path / "datun.parquet", chunk=0)
    with pytest.raises(gg.GovGraphError, match=r"has no partners\.parquet"):
        ggs.problems(spark, tmp_path)


def test_tables_without_rows_and_control_characters(spark, tmp_path):
    """A network of three partners and no relations, one name with terminal escapes: valid, no traceback."""
    partners = pd.DataFrame(
        {
            "id": ["C1", "G1", "B1"],
            "kind": ["community", "grid", "building"],
            "name": ["社区", "网\x1b[31m格\x07", "楼"],
        }
    )
    empty = pd.DataFrame({"source": [], "target": [], "relation": []})
    gg.PartnerNetwork.from_frames(partners, empty).write(tmp_path / "tiny.parquet")
    assert ggs.problems(spark, tmp_path / "tiny.parquet").count() == 0
