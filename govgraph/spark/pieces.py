"""Pieces of a city sent to Spark tasks: several tables travel as one, and come back as frames.

Spark groups one DataFrame at a time, so the tables of a piece (its partners,
relations, needs …) are packed into one: a ``_table`` column names each row's
table and every column is prefixed with its table's name. A task unpacks its
piece into the frames ``gg.read`` would make of the same rows (through Arrow,
so whole numbers and booleans with gaps stay exact), runs govgraph's own
functions on them, and returns a frame of stated columns.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from govgraph.io.parquet import arrow_frame
from govgraph.spark.network import _pyspark

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

__all__ = ["packed", "run_pieces", "unpacked"]

_TABLE = "_table"
_SEP = ":"  # between a table's name and a column's


def packed(tables: Mapping[str, DataFrame], key: str) -> DataFrame:
    """The tables as one DataFrame, grouped by their common ``key`` column."""
    functions = _pyspark().functions
    together = None
    for name, frame in tables.items():
        rows = frame.select(
            key,
            functions.lit(name).alias(_TABLE),
            *(functions.col(c).alias(f"{name}{_SEP}{c}") for c in frame.columns if c != key),
        )
        together = rows if together is None else together.unionByName(rows, allowMissingColumns=True)
    if together is None:
        raise ValueError("packed: no tables")
    return together


def unpacked(piece: pa.Table) -> dict[str, pd.DataFrame]:
    """The frames of one piece, by table name (a table with no rows in the piece comes back empty)."""
    names = {c.split(_SEP, 1)[0] for c in piece.column_names if _SEP in c}
    frames = {}
    for name in sorted(names):
        columns = [c for c in piece.column_names if c.startswith(f"{name}{_SEP}")]
        rows = piece.filter(pc.equal(piece[_TABLE], name)).select(columns)
        frames[name] = arrow_frame(rows.rename_columns([c.split(_SEP, 1)[1] for c in columns]))
    return frames


def result_schema(columns: Mapping[str, str]) -> tuple[Any, pa.Schema]:
    """The Spark schema of a task's result (column name to Spark type), and the Arrow schema it sends."""
    schema = _pyspark().types.StructType.fromDDL(", ".join(f"`{n}` {kind}" for n, kind in columns.items()))
    return schema, _pyspark().pandas.types.to_arrow_schema(schema)


def run_pieces(
    tables: Mapping[str, DataFrame],
    key: str,
    work: Callable[[dict[str, pd.DataFrame]], pd.DataFrame],
    columns: Mapping[str, str],
) -> DataFrame:
    """``work`` on the frames of every piece (rows sharing ``key``), one Spark task each.

    ``columns`` names the result's columns and their Spark types; ``work``
    (a module function or a partial of one: it travels to the tasks) returns
    a frame holding at least those (``key`` is filled in when it is one of them).
    """
    schema, arrow = result_schema(columns)

    def task(piece: pa.Table) -> pa.Table:  # Spark reads the hints: a whole piece as one Arrow table
        frame = work(unpacked(piece))
        if key in arrow.names and key not in frame.columns:  # the piece's own key, when asked for
            frame[key] = piece[key][0].as_py() if piece.num_rows else None
        return pa.Table.from_pandas(frame[arrow.names], schema=arrow, preserve_index=False)

    return packed(tables, key).groupBy(key).applyInArrow(task, schema)
