"""Validation of a city's tables in Spark: govgraph's own rules, every located problem in one DataFrame.

The rules are those ``gg.read`` applies (:func:`govgraph.model.validation.prepare_tables`),
run in tasks on pieces of the tables:

- rows with ids (partners, needs, resources, activities, projects) are
  spread by id, so every copy of a repeated id lands in the same piece and
  is named there, with all its rows;
- relations are spread by their source;
- each piece also gets, as context, every partner, activity and project its
  rows name (and the places its partners' grid and community columns name),
  so a reference is dangling exactly when the whole table lacks its target;
  context rows name nothing further (their references are checked where
  they are owned), and problems found in them are left to the piece that
  owns them;
- one more piece holds the places and the relations among them, where a
  place nested in itself (G1 in G2 in G1) shows; what else it finds there
  is found again in the place's own piece, and named once.

Rows are counted as ``gg.read`` counts Parquet records: from 1, across the
part files of a table in name order. A dangling reference is named with
suggestions from the partners in its piece, not from the whole table.
"""

from __future__ import annotations

import os
from functools import partial
from typing import TYPE_CHECKING, Any

import pandas as pd

from govgraph.errors import DataError, GovGraphError
from govgraph.io import PARQUET_SUFFIX
from govgraph.model.contract import ROWS_ATTR
from govgraph.model.schema import Schema, check_schema
from govgraph.model.validation import prepare_tables
from govgraph.spark.network import _pyspark, read_tables
from govgraph.spark.pieces import run_pieces

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

__all__ = ["PROBLEM_COLUMNS", "problems"]

#: The columns of the problems table, by Spark type (those of :class:`govgraph.Problem`).
PROBLEM_COLUMNS = {
    "source": "string",
    "row": "bigint",
    "column": "string",
    "message": "string",
    "zh": "string",
}
_ID_TABLES = ("partners", "needs", "resources", "activities", "projects")
_RECORD, _PIECE = "__record", "__piece"
#: Columns naming partners, activities or projects, per table: what a piece needs as context.
_NAMES = {
    "partners": ("grid", "community"),
    "relations": ("source", "target"),
    "needs": ("requester",),
    "resources": ("provider",),
    "activities": ("place",),
    "projects": ("place",),
}


def problems(
    spark: SparkSession,
    path: str | os.PathLike[str],
    *,
    schema: Schema | None = None,
    chunk: int = 200_000,
) -> DataFrame:
    """Every problem ``gg.read`` would find in a Parquet folder, as a DataFrame (empty when valid).

    Columns ``source`` (``relations.parquet`` …), ``row`` (the record, counted
    from 1), ``column``, ``message`` and ``zh`` (the same in Chinese), sorted
    by source and row. Pieces hold about ``chunk`` rows each.
    """
    functions = _pyspark().functions
    schema = check_schema(schema)
    if isinstance(chunk, bool) or not isinstance(chunk, int) or chunk < 1:
        raise GovGraphError(f"chunk: expected a whole number of rows, 1 or more, got {chunk!r}")
    tables = {name: _numbered(frame) for name, frame in read_tables(spark, path).items()}
    rows = sum(frame.count() for frame in tables.values())
    pieces = max(1, -(-rows // chunk))

    def piece_of(column: str) -> Any:
        return functions.pmod(functions.xxhash64(functions.col(column)), functions.lit(pieces))

    own = {
        name: frame.withColumn(_PIECE, piece_of("source" if name == "relations" else "id"))
        for name, frame in tables.items()
    }
    # The places and the relations among them, as one more piece: where nesting loops show.
    place_kinds = [kind for kind, found in schema.kinds.items() if found.level is not None]
    places = tables["partners"].where(functions.col("kind").isin(place_kinds))
    ids = places.select("id")
    among = (
        tables["relations"]
        .join(ids.withColumnRenamed("id", "source"), "source", "left_semi")
        .join(ids.withColumnRenamed("id", "target"), "target", "left_semi")
    )
    own["relations"] = own["relations"].unionByName(among.withColumn(_PIECE, functions.lit(pieces)))
    own["partners"] = own["partners"].unionByName(places.withColumn(_PIECE, functions.lit(pieces)))
    named = None
    for name, columns in _NAMES.items():
        if name in own:
            for column in columns:
                if column in own[name].columns:
                    refs = own[name].select(_PIECE, functions.col(column).alias("id")).where("id is not null")
                    named = refs if named is None else named.unionByName(refs)
    assert named is not None
    named = named.distinct()
    by_table = {}
    for name, frame in own.items():
        if name == "relations":
            by_table[name] = frame
            continue
        context = (
            frame.drop(_PIECE).join(named, "id").join(frame.select(_PIECE, "id"), [_PIECE, "id"], "left_anti")
        )
        # Context rows name nothing further: their own references are checked in their own piece
        # (else every resident a relation names would bring a grid no one looks up, at great cost).
        for column in _NAMES[name]:
            if column in context.columns:
                context = context.withColumn(
                    column, functions.lit(None).cast(context.schema[column].dataType)
                )
        # Negative record numbers: problems found in context rows belong to another piece.
        by_table[name] = frame.unionByName(context.withColumn(_RECORD, -functions.col(_RECORD)))
    sources = {name: f"{name}{PARQUET_SUFFIX}" for name in tables}
    check = partial(_checked, schema=schema, sources=sources)
    found = run_pieces(by_table, _PIECE, check, PROBLEM_COLUMNS).distinct()
    return found.orderBy("source", "row", "column", "message")


def _numbered(frame: DataFrame) -> DataFrame:
    """The table with each record's number, counted from 1 across its part files in name order."""
    functions = _pyspark().functions
    tagged = frame.select(
        "*",
        functions.input_file_name().alias("__file"),
        functions.spark_partition_id().alias("__split"),
        functions.monotonically_increasing_id().alias("__at"),
    ).localCheckpoint()
    counts = pd.DataFrame(
        tagged.groupBy("__file", "__split")
        .agg(functions.count("*").alias("n"), functions.min("__at").alias("first"))
        .toPandas()
    )
    counts = counts.sort_values(["__file", "__split"], kind="stable")
    counts["offset"] = counts["n"].cumsum() - counts["n"]
    columns = counts[["__file", "__split", "offset", "first"]].astype({"offset": "int64", "first": "int64"})
    layout = "__file string, __split int, offset bigint, first bigint"  # stated: a table may have no rows
    offsets = tagged.sparkSession.createDataFrame(columns, layout)
    record = functions.col("offset") + functions.col("__at") - functions.col("first") + 1
    numbered = tagged.join(functions.broadcast(offsets), ["__file", "__split"]).withColumn(_RECORD, record)
    return numbered.drop("__file", "__split", "__at", "offset", "first")


def _checked(frames: dict[str, pd.DataFrame], *, schema: Schema, sources: dict[str, str]) -> pd.DataFrame:
    """The problems ``prepare_tables`` finds in one piece's own rows (in a Spark task)."""
    raw: dict[str, pd.DataFrame | None] = {}
    for name, frame in frames.items():
        frame.attrs[ROWS_ATTR] = frame.pop(_RECORD).to_numpy(dtype="int64")
        raw[name] = frame
    found = []
    try:
        prepare_tables(raw, schema, sources)
    except DataError as error:
        found = [p for p in error.problems if p.row is None or p.row > 0]
    table = pd.DataFrame(
        [(p.source, p.row, p.column, p.message, p.zh) for p in found], columns=list(PROBLEM_COLUMNS)
    )
    table["row"] = table["row"].astype("Int64")
    return table
