"""A synthetic city generated on Spark: communities made in parallel, at any size.

Each task builds whole communities with :func:`govgraph.datasets.synthetic_tables`
(the shape of Datun North: ten grids of eight buildings, the party chain,
grid and door heads, merchants, organisations, volunteers and residents),
names every id after its community (``C00042-R000017``), and adds what joins
communities: each party committee collaborates with the next two, and 2% of
the residents' further visits go to a resident of another community. Needs
are spread over ``months`` months (``created_at``). Community ``c`` depends
only on ``seed`` and ``c``, so any size is made the same way in any number of
tasks, and a city of 400 communities (one million partners) is the first 400
communities of a larger one, apart from the ties that wrap round at its end.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING, Any

import pandas as pd
import pyarrow as pa

from govgraph.datasets import city_community
from govgraph.errors import GovGraphError
from govgraph.model.checks import check_seed
from govgraph.model.schema import DEFAULT_SCHEMA
from govgraph.spark.network import SparkNetwork, _pyspark

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

__all__ = ["synthetic_city"]


def synthetic_city(
    spark: SparkSession,
    communities: int,
    *,
    partners_per_community: int = 2_500,
    relations_per_partner: float = 3.0,
    needs_share: float = 0.1,
    months: int = 12,
    start: str = "2026-01-01",
    seed: int = 0,
    tasks: int | None = None,
) -> SparkNetwork:
    """A city of ``communities`` synthetic communities as Spark DataFrames (write it with ``.write``).

    ``partners_per_community`` (at least 1,000), ``relations_per_partner`` and
    ``needs_share`` are those of :func:`govgraph.datasets.synthetic` for one
    community; needs are raised on days spread evenly over ``months`` months
    from ``start``. ``tasks`` (default: Spark's parallelism × 4) share the
    communities.
    """
    wholes = (
        ("communities", communities, 1),
        ("months", months, 1),
        ("partners_per_community", partners_per_community, 1000),
    )
    for name, value, least in wholes:
        if isinstance(value, bool) or not isinstance(value, int) or value < least:
            raise GovGraphError(f"{name}: expected a whole number, {least} or more, got {value!r}")
    try:
        first = pd.Timestamp(start)
    except ValueError:
        raise GovGraphError(f"start: expected a date such as '2026-01-01', got {start!r}") from None
    options = {
        "partners": partners_per_community,
        "relations_per_partner": relations_per_partner,
        "needs_share": needs_share,
        "months": months,
        "start": first,
        "seed": check_seed(seed),
        "communities": communities,
    }
    sample = city_community(0, **options)  # checks the options; gives each table's columns and types
    types = _pyspark().pandas.types
    pieces = tasks or spark.sparkContext.defaultParallelism * 4
    numbers = spark.range(communities, numPartitions=max(1, min(pieces, communities)))
    tables = {}
    for name, frame in sample.items():
        schema = types.from_arrow_schema(pa.Schema.from_pandas(frame, preserve_index=False))
        arrow = types.to_arrow_schema(schema)
        made = partial(_made, name=name, arrow=arrow, options=options)
        tables[name] = numbers.mapInArrow(made, schema)
    relations = tables["relations"]
    is_link = _pyspark().functions.col("relation").isin(list(DEFAULT_SCHEMA.link_relations))
    tables["relations"], tables["links"] = relations.where(~is_link), relations.where(is_link)
    return SparkNetwork(tables, DEFAULT_SCHEMA)


def _made(
    batches: Iterator[pa.RecordBatch], *, name: str, arrow: pa.Schema, options: dict[str, Any]
) -> Iterator[pa.RecordBatch]:
    """The ``name`` table of each community numbered in ``batches`` (in a Spark task)."""
    for batch in batches:
        for c in batch.column("id").to_pylist():
            frame = city_community(c, **options)[name]
            yield from pa.Table.from_pandas(frame, schema=arrow, preserve_index=False).to_batches()
