"""Halo partitions: govgraph's own in-memory functions, run on each community's part of a city.

Coverage and candidates look only a few ties away from a place. So a city
is cut by community, and each part gets a **halo**: every partner within
``radius`` ties of it. A path of at most ``radius`` ties from a partner of
the part never leaves the part and its halo, so on that piece govgraph's
in-memory functions give that partner exactly the whole-network answer. Spark
runs them on every piece at once (see :mod:`govgraph.spark.pieces`), each piece
one task, and keeps the rows of the part's own partners.

Three things are not local, and are found on the whole city first:

- **Places** (which building, grid and community each partner is in): a
  grid's community may be several ties away, or named only in a column.
  :func:`places` finds them in tasks of ``chunk`` partners, each with every
  place of the city (buildings, grids, communities and the ties among
  them: a small share of a city), which is all the rules of
  :mod:`govgraph.model.places` read besides a partner's own row and ties.
  Each piece then gets these places pinned instead of finding its own.
- **Which piece a partner belongs to**: its community (from its places);
  partners in none share one piece.
- **Distances to the nearest provider** (coverage's ``hops_to_<kind>``, at
  any distance): by breadth-first search over the whole city, one join a tie
  further each round.

Within a piece partners are ordered by id, so where govgraph breaks ties by
the order of the partners table (the intermediary a trust path names, among
equally placed ones) the answer is the one for a table sorted by id.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import partial
from typing import TYPE_CHECKING, Any

import pandas as pd

from govgraph.analysis.reach import coverage as coverage_table
from govgraph.analysis.reach import default_providers
from govgraph.errors import GovGraphError
from govgraph.matching.scoring import candidates as candidate_table
from govgraph.matching.trust import TRUST_HOPS
from govgraph.model.network import PartnerNetwork
from govgraph.model.places import UNITS, pin_places
from govgraph.model.schema import Schema
from govgraph.spark.measures import arcs
from govgraph.spark.network import SparkNetwork, _pyspark
from govgraph.spark.pieces import run_pieces

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

__all__ = ["candidates", "coverage", "halo", "places"]

#: The columns of ``net.places`` that :func:`places` gives, by Spark type.
PLACE_COLUMNS = {
    "building": "string",
    "grid": "string",
    "grid_chain": "array<string>",
    "community": "string",
    "container": "string",
    "building_rule": "string",
    "grid_rule": "string",
    "community_rule": "string",
}
#: The columns of ``gg.candidates``, by Spark type.
CANDIDATE_COLUMNS = {
    "need": "string",
    "resource": "string",
    "requester": "string",
    "provider": "string",
    "need_category": "string",
    "resource_category": "string",
    "capacity_total": "bigint",
    "score": "double",
    **dict.fromkeys(("fit", "proximity", "trust", "capacity", "urgency", "vulnerability"), "double"),
    "place": "string",
    "hops": "bigint",
    "trust_hops": "bigint",
    "through": "array<string>",
    "explanation_zh": "string",
    "explanation_en": "string",
}
_CORE, _PLACE = "__core", "__place:"  # never the name of a partner column


def places(city: SparkNetwork, *, chunk: int = 200_000) -> DataFrame:
    """``id`` and the places of every partner, equal to the whole network's ``net.places``.

    Tasks of about ``chunk`` partners each, every task with all the places of
    the city and the ties among them. ``grid_chain`` is an array.
    """
    functions = _pyspark().functions
    _check_city(city)
    if isinstance(chunk, bool) or not isinstance(chunk, int) or chunk < 1:
        raise GovGraphError(f"chunk: expected a whole number of partners, 1 or more, got {chunk!r}")
    partners = city.partners
    pieces = max(1, -(-partners.count() // chunk))
    core = partners.select(
        "id", functions.pmod(functions.xxhash64("id"), functions.lit(pieces)).alias("part")
    )
    place_kinds = [name for name, kind in city.schema.kinds.items() if kind.level is not None]
    skeleton = partners.where(functions.col("kind").isin(place_kinds)).select("id")
    every = partners.sparkSession.range(pieces).select(functions.col("id").alias("part"))
    members = _members(core, skeleton.crossJoin(every))
    return _run(city, members, _places_of, {"id": "string", **PLACE_COLUMNS}, with_needs=False)


def halo(city: SparkNetwork, placed: DataFrame, *, radius: int) -> DataFrame:
    """``part``, ``id`` and ``core`` for every piece: its community's partners and places, and
    every partner within ``radius`` ties of them (``core`` false).

    ``placed`` is :func:`places` of the city. The piece of a community holds
    its partners (``core``), the places they are in, and everyone ``radius``
    ties from either; partners in no community make one piece of their own.
    """
    functions = _pyspark().functions
    _check_city(city)
    if isinstance(radius, bool) or not isinstance(radius, int) or radius < 0:
        raise GovGraphError(f"radius: expected a whole number of ties, 0 or more, got {radius!r}")
    part = functions.coalesce(functions.col("community"), functions.lit(""))
    core = placed.select("id", part.alias("part"))
    inside = placed.select(part.alias("part"), "building", "community", "grid_chain")
    seeds = (
        inside.select("part", functions.col("building").alias("id"))
        .unionByName(inside.select("part", functions.col("community").alias("id")))
        .unionByName(inside.select("part", functions.explode("grid_chain").alias("id")))
        .where(functions.col("id").isNotNull())
    )
    both = arcs(city, weight=None).select("a", "b").cache()
    reached = core.unionByName(seeds).distinct().localCheckpoint()
    for _ in range(radius):
        further = reached.join(both, reached["id"] == both["a"]).select(
            "part", functions.col("b").alias("id")
        )
        reached = reached.unionByName(further).distinct().localCheckpoint()
    both.unpersist()
    return _members(core, reached)


def coverage(
    city: SparkNetwork,
    placed: DataFrame | None = None,
    *,
    unit: str = "building",
    providers: Iterable[str] | str | None = None,
    hops: int = 1,
    relations: Iterable[str] | None = None,
    min_providers: int = 1,
) -> DataFrame:
    """``gg.coverage`` of a city: one row per unit (``id`` first), the same columns and values.

    Each community's piece has a halo of ``hops`` ties; ``hops_to_<kind>``
    comes from a breadth-first search over the whole city. ``placed`` is
    :func:`places` of the city (found when not given; pass it to reuse it).
    """
    functions = _pyspark().functions
    _check_city(city)
    placed = places(city) if placed is None else placed
    kinds = _provider_kinds(city, providers)
    _known(unit, UNITS, "unit")
    if relations is not None:
        _known(relations, city.schema.relations, "relations")
    members = halo(city, placed, radius=_whole(hops, "hops"))
    columns = {
        "id": "string",
        **dict.fromkeys(("kind", "name", "community", "grid"), "string"),
        "households": "bigint",
        "vulnerable_residents": "bigint",
    }
    for kind in kinds:
        columns |= {
            f"{kind}_providers": "bigint",
            f"covered_by_{kind}": "boolean",
            f"redundant_{kind}": "boolean",
        }
    columns["covered"] = "boolean"
    job = partial(
        _coverage_of, unit=unit, providers=kinds, hops=hops, relations=relations, min_providers=min_providers
    )
    table = _run(city, members, job, columns, placed=placed, with_needs=False).cache()
    # The nearest provider of each kind, at any distance.
    units = table.select("id")
    for kind in kinds:
        sources = (
            city.partners.where(functions.col("kind") == kind).select("id").join(units, "id", "left_anti")
        )
        nearest = _hops_from(city, sources, relations).withColumnRenamed("hops", f"hops_to_{kind}")
        table = table.join(nearest, "id", "left")
    order = []
    for name in columns:
        order.append(name)
        if name.startswith("redundant_"):
            order.append(f"hops_to_{name.removeprefix('redundant_')}")
    return table.select(*order)


def candidates(
    city: SparkNetwork,
    placed: DataFrame | None = None,
    *,
    hops: int = 3,
    score_weights: Mapping[str, float] | None = None,
    names: bool = False,
) -> DataFrame:
    """``gg.candidates`` of a city: one row per feasible (need, resource) pair, the same values.

    Each community's piece holds its needs (by requester) and a halo of
    ``max(hops, TRUST_HOPS)`` ties around its partners and their places: the
    providers ``hops`` ties from a need's place and the trust paths of
    :data:`~govgraph.matching.trust.TRUST_HOPS` ties from its requester.
    """
    _check_city(city)
    placed = places(city) if placed is None else placed
    members = halo(city, placed, radius=max(_whole(hops, "hops"), TRUST_HOPS))
    job = partial(_candidates_of, hops=hops, score_weights=score_weights, names=names)
    return _run(city, members, job, CANDIDATE_COLUMNS, placed=placed, with_needs=True)


# -- what runs in each task ---------------------------------------------------------


def _places_of(net: PartnerNetwork, core: pd.Index) -> pd.DataFrame:
    return net.places.loc[core].rename_axis("id").reset_index()


def _coverage_of(net: PartnerNetwork, core: pd.Index, **options: Any) -> pd.DataFrame:
    table = coverage_table(net, **options)
    table = table[table.index.isin(core)]
    return (
        table.drop(columns=[c for c in table.columns if c.startswith("hops_to_")])
        .rename_axis("id")
        .reset_index()
    )


def _candidates_of(net: PartnerNetwork, core: pd.Index, **options: Any) -> pd.DataFrame:
    if net.needs.empty:
        return pd.DataFrame(columns=list(CANDIDATE_COLUMNS))
    table = candidate_table(net, **options).reset_index()
    table["through"] = table["through"].map(list)
    return table


# -- moving pieces to tasks and back ------------------------------------------------


def _run(
    city: SparkNetwork,
    members: DataFrame,
    job: Callable[[PartnerNetwork, pd.Index], pd.DataFrame],
    columns: Mapping[str, str],
    *,
    placed: DataFrame | None = None,
    with_needs: bool,
) -> DataFrame:
    """Run ``job`` on the network of every piece of ``members`` (``part``, ``id``, ``core``)."""
    functions = _pyspark().functions
    partners = members.withColumnRenamed("core", _CORE).join(city.partners, "id")
    if placed is not None:
        pinned = placed.select("id", *(functions.col(c).alias(f"{_PLACE}{c}") for c in PLACE_COLUMNS))
        partners = partners.join(pinned, "id")
    ends = members.select("part", "id")
    relations = city.relations.join(ends.withColumnRenamed("id", "source"), "source")
    tables = {
        "partners": partners,
        "relations": relations.join(ends.withColumnRenamed("id", "target"), ["part", "target"]),
    }
    if with_needs:
        core = members.where("core").select("part", functions.col("id").alias("requester"))
        tables["needs"] = city.tables["needs"].join(core, "requester")
        tables["resources"] = city.tables["resources"].join(
            ends.withColumnRenamed("id", "provider"), "provider"
        )
    return run_pieces(tables, "part", partial(_on_piece, job=job, schema=city.schema), columns)


def _on_piece(
    frames: dict[str, pd.DataFrame],
    *,
    job: Callable[[PartnerNetwork, pd.Index], pd.DataFrame],
    schema: Schema,
) -> pd.DataFrame:
    """``job`` on the network of one piece, its places pinned (in a Spark task)."""
    partners = frames.pop("partners").sort_values("id", kind="stable").set_index("id")
    core = partners.index[partners.pop(_CORE).to_numpy(dtype=bool)]
    pinned = partners[[c for c in partners.columns if c.startswith(_PLACE)]]
    partners = partners.drop(columns=pinned.columns)
    for column in ("grid", "community"):  # places the piece lacks; its places are pinned below
        if column in partners:
            partners[column] = partners[column].where(partners[column].isin(partners.index))
    net = PartnerNetwork.from_frames(partners, frames.pop("relations"), schema=schema, **frames)
    if len(pinned.columns):
        pin_places(net, pinned.rename(columns=lambda c: c.removeprefix(_PLACE)))
    return job(net, core)


def _members(core: DataFrame, reached: DataFrame) -> DataFrame:
    """``part``, ``id``, ``core``: ``core`` pieces by partner, with what else each piece reaches."""
    functions = _pyspark().functions
    own = core.select("part", "id", functions.lit(True).alias("core"))
    extra = reached.select("part", "id", functions.lit(False).alias("core"))
    return own.unionByName(extra).groupBy("part", "id").agg(functions.max("core").alias("core"))


def _hops_from(city: SparkNetwork, sources: DataFrame, relations: Iterable[str] | None) -> DataFrame:
    """``id`` and ``hops``: ties from the nearest of ``sources`` to every partner connected to one."""
    functions = _pyspark().functions
    both = arcs(city, weight=None, relations=relations).select("a", "b").cache()
    found = sources.distinct().select("id", functions.lit(0).cast("bigint").alias("hops")).localCheckpoint()
    frontier, step = found, 0
    while True:
        step += 1
        further = (
            frontier.join(both, frontier["id"] == both["a"])
            .select(functions.col("b").alias("id"))
            .distinct()
            .join(found, "id", "left_anti")
            .select("id", functions.lit(step).cast("bigint").alias("hops"))
            .localCheckpoint()
        )
        if further.isEmpty():
            both.unpersist()
            return found
        found = found.unionByName(further).localCheckpoint()
        frontier = further


def _provider_kinds(city: SparkNetwork, providers: Iterable[str] | str | None) -> list[str]:
    chosen = (
        default_providers(city.schema)
        if providers is None
        else _known(providers, city.schema.kinds, "providers")
    )
    return list(dict.fromkeys(chosen))


def _known(values: Iterable[str] | str, known: Iterable[str], name: str) -> list[str]:
    chosen = [values] if isinstance(values, str) else list(values)
    unknown = [value for value in chosen if value not in set(known)]
    if unknown:
        raise GovGraphError(f"{name}: unknown {unknown}; expected some of {sorted(known)}")
    return chosen


def _whole(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise GovGraphError(f"{name}: expected a whole number, 1 or more, got {value!r}")
    return value


def _check_city(city: object) -> None:
    if not isinstance(city, SparkNetwork):
        raise GovGraphError(f"city: expected a SparkNetwork, got {type(city).__name__}")
