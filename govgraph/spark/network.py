"""A partner network as Spark DataFrames, read from and written to Parquet folders."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govgraph.errors import GovGraphError
from govgraph.io import PARQUET_SUFFIX
from govgraph.model.contract import TABLE_NAMES, TABLES
from govgraph.model.schema import DEFAULT_SCHEMA, Schema, check_schema

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

__all__ = ["SparkNetwork", "read_tables", "session"]

#: Spark settings every govgraph session has (``config`` may override them): dates are days,
#: never shifted by a time zone, and pandas tasks exchange Arrow batches.
DEFAULTS = {
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.execution.arrow.pyspark.enabled": "true",
}

#: Settings for local mode only: no web UI, and few shuffle partitions for a few cores. A cluster
#: keeps its own (``spark-submit --conf spark.sql.shuffle.partitions=...``).
LOCAL_DEFAULTS = {
    "spark.ui.enabled": "false",
    "spark.sql.shuffle.partitions": "8",
}


def _pyspark() -> Any:
    try:
        import pyspark.sql
    except ImportError:
        raise GovGraphError('govgraph.spark needs pyspark: pip install "govgraph[spark]"') from None
    return pyspark.sql


def session(
    master: str | None = "local[2]", *, app: str = "govgraph", config: Mapping[str, str] | None = None
) -> SparkSession:
    """A Spark session: local mode by default (two cores), or the cluster ``master`` names.

    ``master=None`` takes the master ``spark-submit`` was given (``--master``),
    or ``local[*]`` outside it. Settings are :data:`DEFAULTS`, in local mode
    also :data:`LOCAL_DEFAULTS`, then ``config``; on a cluster, the settings
    given to ``spark-submit`` hold. The Python workers run this interpreter
    unless ``PYSPARK_PYTHON`` says otherwise.
    """
    if master is None and "PYSPARK_GATEWAY_PORT" not in os.environ:  # not under spark-submit
        master = "local[*]"
    if master is not None and (not isinstance(master, str) or not master):
        raise GovGraphError(f"master: expected a Spark master URL such as 'local[2]', got {master!r}")
    sql = _pyspark()
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = sql.SparkSession.builder.appName(app)
    if master is not None:
        builder = builder.master(master)
    local = master is not None and master.startswith("local")
    for key, value in {**DEFAULTS, **(LOCAL_DEFAULTS if local else {}), **(config or {})}.items():
        builder = builder.config(key, value)
    return builder.getOrCreate()  # type: ignore[no-any-return]


def read_tables(spark: SparkSession, path: str | os.PathLike[str]) -> dict[str, DataFrame]:
    """Every table of a Parquet folder as Spark reads it; partners and relations must be there.

    ``path`` may be local or any URL Spark reads (``hdfs://``, ``s3a://``); a
    table that is not there is left out (an error for partners and relations).
    """
    errors = _pyspark().utils
    root = str(path).rstrip("/")
    tables = {}
    for name in TABLE_NAMES:
        where = f"{root}/{name}{PARQUET_SUFFIX}"
        try:
            if "://" in root or Path(where).exists():
                tables[name] = spark.read.parquet(where)
        except errors.AnalysisException as error:
            if "PATH_NOT_FOUND" not in str(error):
                raise GovGraphError(f"path: Spark cannot read {where}: {error}") from None
        if name in ("partners", "relations") and name not in tables:
            raise GovGraphError(f"path: {root} has no {name}{PARQUET_SUFFIX} (write one with net.write)")
    return tables


@dataclass(frozen=True)
class SparkNetwork:
    """The tables of a partner network as Spark DataFrames (``None`` for a table the folder lacks).

    Attributes
    ----------
    tables : mapping of str to DataFrame
        ``partners``, ``relations`` (between partners) and ``links`` (the
        rows of the relations table that join partners to activities and
        projects, as ``PartnerNetwork.links``) always; ``needs``,
        ``resources``, ``activities`` and ``projects`` when present. Columns
        as in the frame contract, ids a column (``id``).
    schema : Schema
        The kinds of partner and relation (default ``gg.DEFAULT_SCHEMA``).
    """

    tables: Mapping[str, DataFrame]
    schema: Schema = DEFAULT_SCHEMA

    def __post_init__(self) -> None:
        # Needs and resources a folder lacks are empty tables, and a column the contract gives a
        # default (a relation's weight 1, a need's urgency 1) is filled where a table lacks it,
        # as gg.read does both.
        functions = _pyspark().functions
        tables = dict(self.tables)
        missing = [name for name in ("partners", "relations", "links") if name not in tables]
        if missing:
            raise GovGraphError(f"tables: a SparkNetwork needs {missing} (read one with SparkNetwork.read)")
        spark = tables["partners"].sparkSession
        for name in ("needs", "resources"):  # absent: empty, as gg.read makes them
            if name not in tables:
                kinds = {"int": "bigint", "float": "double", "bool": "boolean", "date": "date"}
                layout = ", ".join(
                    f"`{c.name}` {kinds.get(c.type, 'string')}" for c in TABLES[name] if c.required
                )
                tables[name] = spark.createDataFrame([], layout)
        for name, frame in tables.items():
            for column in TABLES["relations" if name == "links" else name]:
                if column.default is not None and column.name not in frame.columns:
                    frame = frame.withColumn(column.name, functions.lit(column.default))
            tables[name] = frame
        object.__setattr__(self, "tables", tables)

    @property
    def partners(self) -> DataFrame:
        return self.tables["partners"]

    @property
    def relations(self) -> DataFrame:
        return self.tables["relations"]

    @classmethod
    def read(
        cls, spark: SparkSession, path: str | os.PathLike[str], *, schema: Schema | None = None
    ) -> SparkNetwork:
        """Read a Parquet folder (``partners.parquet``, ``relations.parquet`` …) as ``gg.read`` reads it.

        The paths may be local or any URL Spark reads (``hdfs://``, ``s3a://``). ``schema``
        (default ``gg.DEFAULT_SCHEMA``) says which relation kinds are links.
        """
        functions = _pyspark().functions
        schema = check_schema(schema)
        tables = read_tables(spark, path)
        is_link = functions.col("relation").isin(list(schema.link_relations))
        table = tables["relations"]
        tables["relations"], tables["links"] = table.where(~is_link), table.where(is_link)
        return cls(tables, schema)

    def write(self, path: str | os.PathLike[str]) -> None:
        """Write every table as a folder of Parquet part files, which ``gg.read`` reads back."""
        root = str(path).rstrip("/")
        tables = dict(self.tables)
        tables["relations"] = tables["relations"].unionByName(tables.pop("links"))
        for name, frame in tables.items():
            frame.write.mode("overwrite").parquet(f"{root}/{name}{PARQUET_SUFFIX}")
