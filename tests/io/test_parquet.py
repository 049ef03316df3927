"""Folders of Parquet tables: written by govgraph, by pandas, and as Spark writes them."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import govgraph as gg
from tests.conftest import small_tables


def test_written_parquet_is_plain_parquet_other_tools_read(small, tmp_path):
    small.write(tmp_path / "street.parquet")
    folder = tmp_path / "street.parquet"
    written = sorted(p.name for p in folder.iterdir())  # empty activities and projects are left out
    assert written == [
        "needs.parquet",
        "partners.parquet",
        "relations.parquet",
        "resources.parquet",
    ]
    partners = pd.read_parquet(folder / "partners.parquet")
    assert partners["id"].tolist() == small.partners.index.tolist()
    assert gg.read(folder) == small


def test_spark_style_folders_of_part_files_are_read(small, tmp_path):
    """Each table a folder of part files beside a _SUCCESS marker; one partitioned by community."""
    folder = tmp_path / "from_spark"
    tables = small_tables()
    partners = pd.DataFrame(tables["partners"])
    relations = pd.DataFrame(tables["relations"])
    (folder / "relations.parquet").mkdir(parents=True)
    half = len(relations) // 2
    for i, part in enumerate([relations.iloc[:half], relations.iloc[half:]]):
        pq.write_table(
            pa.Table.from_pandas(part, preserve_index=False),
            folder / "relations.parquet" / f"part-0000{i}-x.snappy.parquet",
        )
    (folder / "relations.parquet" / "_SUCCESS").write_bytes(b"")
    (folder / "relations.parquet" / ".part-00000-x.snappy.parquet.crc").write_bytes(b"\x00junk")
    pq.write_to_dataset(
        pa.Table.from_pandas(
            partners.assign(region=partners["community"].fillna("none")), preserve_index=False
        ),
        folder / "partners.parquet",
        partition_cols=["region"],
    )
    back = gg.read(folder)
    assert set(back.partners.index) == set(small.partners.index)
    assert len(back.relations) == len(small.relations)
    assert back.partners["region"].dtype == "string" or back.partners["region"].dtype == "str"


def test_an_unreadable_table_is_named_and_the_rest_still_checked(tmp_path):
    folder = tmp_path / "broken.parquet"
    folder.mkdir()
    (folder / "partners.parquet").write_bytes(b"PAR1 this is not parquet at all")
    tables = small_tables()
    bad = pd.DataFrame(tables["relations"]).assign(relation="'; MATCH (n) DETACH DELETE n //")
    bad.to_parquet(folder / "relations.parquet", index=False)
    with pytest.raises(gg.DataError) as caught:
        gg.read(folder)
    message = str(caught.value)
    assert "partners.parquet" in message and "is not a readable Parquet table" in message


def test_problems_name_the_parquet_table_row_and_column(tmp_path):
    folder = tmp_path / "bad.parquet"
    folder.mkdir()
    tables = small_tables()
    partners = pd.DataFrame(tables["partners"])
    partners.loc[1, "kind"] = "<script>alert(1)</script>"
    partners = pd.concat([partners, partners.iloc[[0]]])  # a duplicated id
    partners.to_parquet(folder / "partners.parquet", index=False)
    pd.DataFrame(tables["relations"]).to_parquet(folder / "relations.parquet", index=False)
    with pytest.raises(gg.DataError) as caught:
        gg.read(folder)
    message = str(caught.value)
    # Parquet has no header row: records count from 1.
    assert "partners.parquet, row 2, column 'kind'" in message and "<script>alert(1)</script>" in message
    assert "partners.parquet, row 1, column 'id': id 'C1' is used more than once" in message
    assert "partners.parquet row 6" in message


def test_numbers_and_ids_keep_their_types(tmp_path):
    tables = small_tables()
    partners = pd.DataFrame(tables["partners"])
    partners["idcard"] = ["110101199003070012", None, "11010119900307001X", "0012", "1"]
    partners["big"] = pd.array([2**63 - 1, None, -(2**62), 0, 2**53 + 1], dtype="Int64")
    net = gg.PartnerNetwork.from_frames(partners, tables["relations"])
    net.write(tmp_path / "n.parquet")
    back = gg.read(tmp_path / "n.parquet")
    assert back == net
    assert back.partners["idcard"].tolist()[:1] == ["110101199003070012"]
    assert [None if pd.isna(v) else int(v) for v in back.partners["big"]] == [
        2**63 - 1,
        None,
        -(2**62),
        0,
        2**53 + 1,
    ]


@pytest.mark.parametrize("fmt", ["folder", "data.parquet"])
def test_an_unreadable_partners_table_is_the_one_problem_named(datun, tmp_path, fmt):
    """Not thousands of "not a partner" problems that all follow from it."""
    datun.write(tmp_path / fmt)
    partners = tmp_path / fmt / ("partners.csv" if fmt == "folder" else "partners.parquet")
    partners.write_bytes(b"PAR1\xff\xfe\x00 damaged")
    with pytest.raises(gg.DataError) as caught:
        gg.read(tmp_path / fmt)
    problems = caught.value.problems
    assert len(problems) <= 2 and problems[0].source == partners.name
