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

import numpy as np
import pandas as pd
import pyarrow as pa

from govgraph.datasets import _FAR_VISITS, _NON_RESIDENTS, synthetic_tables
from govgraph.errors import GovGraphError
from govgraph.model.checks import check_seed
from govgraph.model.schema import DEFAULT_SCHEMA
from govgraph.spark.network import SparkNetwork, _pyspark

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

__all__ = ["synthetic_city"]

#: Columns holding partner ids, per table (prefixed with the community's code).
_ID_COLUMNS = {
    "partners": ("id", "community", "grid"),
    "relations": ("source", "target"),
    "needs": ("id", "requester"),
    "resources": ("id", "provider"),
}


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
    sample = _community(0, **options)  # checks the options; gives each table's columns and types
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
            frame = _community(c, **options)[name]
            yield from pa.Table.from_pandas(frame, schema=arrow, preserve_index=False).to_batches()


def _community(
    c: int,
    *,
    partners: int,
    relations_per_partner: float,
    needs_share: float,
    months: int,
    start: pd.Timestamp,
    seed: int,
    communities: int,
) -> dict[str, pd.DataFrame]:
    """The tables of community ``c`` (0-based) of the city, its ties to others included."""
    tables = synthetic_tables(
        partners,
        relations_per_partner=relations_per_partner,
        needs_share=needs_share,
        seed=int(np.random.SeedSequence([seed, c]).generate_state(1)[0]),
    )
    own = f"{_code(c)}-"
    for name, columns in _ID_COLUMNS.items():
        frame = tables[name]
        for column in columns:
            frame[column] = (own + frame[column]).where(frame[column].notna())
    # Visits between residents: a share go to a resident of another community.
    rng = np.random.default_rng([seed, c, 1])
    relations, resident = tables["relations"], f"{own}R"
    among = np.flatnonzero(
        (relations["relation"] == "visits").to_numpy()
        & relations["source"].str.startswith(resident).to_numpy()
        & relations["target"].str.startswith(resident).to_numpy()
    )
    if communities > 1:
        far = among[rng.random(len(among)) < _FAR_VISITS]
        elsewhere = (c + 1 + rng.integers(0, communities - 1, len(far))) % communities
        residents = partners - _NON_RESIDENTS
        whom = rng.integers(1, residents + 1, len(far))
        width = max(6, len(str(residents)))  # as synthetic_tables numbers them
        relations.loc[far, "target"] = [f"{_code(int(e))}-R{w:0{width}d}" for e, w in zip(elsewhere, whom)]
    # The party committee works with those of the next two communities.
    steps = [step for step in (1, 2) if communities > step]
    committee = f"{own}PC000001"
    together = pd.DataFrame(
        {
            "source": [committee] * len(steps),
            "target": [f"{_code((c + step) % communities)}-PC000001" for step in steps],
            "relation": "collaborates",
        }
    )
    tables["relations"] = pd.concat([tables["relations"], together], ignore_index=True)
    # Needs raised on days spread over the months.
    needs = tables["needs"]
    span = (start + pd.DateOffset(months=months) - start).days
    days = np.sort(rng.integers(0, span, len(needs)))
    needs["created_at"] = (start + pd.to_timedelta(days, unit="D")).date
    return tables


def _code(c: int) -> str:
    return f"C{c + 1:05d}"
