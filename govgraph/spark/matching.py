"""Matching across a city: each group of needs and resources that compete, solved where it lies.

Two needs compete only through a resource both could use, and two
resources only through a need. So the candidate pairs of a city split into
**competing groups**: the connected pieces of the graph joining each need
to its candidate resources. No resource is shared between groups, so
solving every group alone never assigns a resource twice, and a group that
spans communities is simply one group: no capacity is split between
partitions and nothing needs reconciling. Spark finds the groups by label
propagation and solves each in one task with govgraph's own strategies.

For ``optimal`` (the largest total score), ``greedy`` and ``stable`` the
decisions in one group depend only on that group, so the city-wide answer
is the one ``gg.match`` gives on the whole network. ``fair`` balances match
rates across grids, and a grid's needs may lie in several groups: per group
it raises the lowest rate within that group, which can leave the city's
lowest rate below what a whole-network solve reaches; :class:`CityMatching`
reports the figures to compare.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

import pandas as pd

from govgraph.matching.problem import NO_GRID, MatchingProblem, check_assignment
from govgraph.matching.scoring import COMPONENTS
from govgraph.matching.strategies import STRATEGIES, Strategy, check_strategy
from govgraph.model.checks import check_seed
from govgraph.spark.measures import smallest_labels
from govgraph.spark.network import SparkNetwork, _pyspark
from govgraph.spark.partitions import _check_city, candidates, places
from govgraph.spark.pieces import run_pieces

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

__all__ = ["CityMatching", "match"]

#: The columns of :attr:`CityMatching.assignments`, by Spark type.
ASSIGNMENT_COLUMNS = {
    "need": "string",
    "resource": "string",
    "requester": "string",
    "provider": "string",
    "grid": "string",
    "score": "double",
    "hops": "bigint",
    "group": "string",
}


@dataclass(frozen=True)
class CityMatching:
    """The result of :func:`match`.

    Attributes
    ----------
    assignments : DataFrame
        A Spark DataFrame, one row per assigned need: ``need``, ``resource``,
        ``requester``, ``provider``, ``grid`` (the requester's innermost
        grid), ``score``, ``hops`` and ``group`` (its competing group, named
        by its smallest member).
    metrics : mapping of str to float
        ``needs``, ``matched``, ``match_rate``, ``total_score``,
        ``mean_score`` and ``lowest_grid_match_rate`` as in ``gg.match``;
        ``groups`` (competing groups) and ``largest_group`` (candidate pairs
        in the largest, which one task solves whole).
    strategy : str
    """

    assignments: DataFrame
    metrics: Mapping[str, float]
    strategy: str


def match(
    city: SparkNetwork,
    placed: DataFrame | None = None,
    *,
    strategy: str = "optimal",
    table: DataFrame | None = None,
    hops: int = 3,
    score_weights: Mapping[str, float] | None = None,
    seed: int = 0,
) -> CityMatching:
    """``gg.match`` of a city: resources assigned to needs under every resource's capacity.

    ``table`` is :func:`~govgraph.spark.candidates` of the city (found from
    ``placed``, ``hops`` and ``score_weights`` when not given). Needs and
    resources are ordered by id in each group, as ``gg.match`` orders them
    on a network whose tables are sorted by id.
    """
    functions = _pyspark().functions
    _check_city(city)
    check_strategy(strategy)
    seed = check_seed(seed)
    placed = places(city) if placed is None else placed
    if table is None:
        table = candidates(city, placed, hops=hops, score_weights=score_weights)
    group_of = _competing_groups(table).cache()
    urgency = city.tables["needs"].select(
        functions.col("id").alias("need"),
        functions.coalesce("urgency", functions.lit(1)).alias("urgency_level"),
    )
    capacity = city.tables["resources"].select(
        functions.col("id").alias("resource"), functions.col("capacity").alias("capacity_units")
    )
    grids = placed.select(functions.col("id").alias("requester"), "grid")
    columns = ["need", "resource", "requester", "provider", "need_category", "resource_category", "score"]
    rows = (
        table.select(*columns, *COMPONENTS, "hops")
        .join(group_of, "need")
        .join(urgency, "need")
        .join(capacity, "resource")
        .join(grids, "requester", "left")
    )
    solve = partial(_solve, strategy=strategy, chosen_by=STRATEGIES[strategy], seed=seed)
    assignments = run_pieces({"pairs": rows}, "group", solve, ASSIGNMENT_COLUMNS).localCheckpoint()
    metrics = _metrics(table, city.tables["needs"].count(), assignments, grids)
    sizes = table.join(group_of, "need").groupBy("group").count()
    found = sizes.agg(functions.count("*"), functions.max("count")).first()
    metrics["groups"] = float(found[0]) if found else 0.0
    metrics["largest_group"] = float(found[1] or 0) if found else 0.0
    group_of.unpersist()
    return CityMatching(assignments, metrics, strategy)


def _competing_groups(table: DataFrame) -> DataFrame:
    """``need`` and ``group``: the piece of the need–candidate-resource graph each need lies in."""
    functions = _pyspark().functions
    need = functions.concat(functions.lit("n:"), "need").alias("a")
    resource = functions.concat(functions.lit("r:"), "resource").alias("b")
    pairs = table.select(need, resource)
    both = pairs.unionByName(pairs.select(functions.col("b").alias("a"), functions.col("a").alias("b")))
    groups = smallest_labels(both.select(functions.col("a").alias("id")).distinct(), both)
    return groups.where(functions.col("id").startswith("n:")).select(
        functions.expr("substring(id, 3)").alias("need"), functions.col("label").alias("group")
    )


def _solve(group: dict[str, pd.DataFrame], *, strategy: str, chosen_by: Strategy, seed: int) -> pd.DataFrame:
    """Solve one competing group with govgraph's own strategy (in a Spark task)."""
    frame = group["pairs"].sort_values(
        ["need", "score", "resource"], ascending=[True, False, True], kind="stable"
    )
    needs = frame.drop_duplicates("need").set_index("need").sort_index()
    resources = frame.drop_duplicates("resource").set_index("resource").sort_index()
    problem_needs = pd.DataFrame(
        {
            "requester": needs["requester"],
            "grid": needs["grid"],
            "category": needs["need_category"],
            "urgency": needs["urgency_level"].astype("int64"),
            "vulnerable": needs["vulnerability"].to_numpy() > 0,
        },
        index=needs.index,
    )
    problem_resources = pd.DataFrame(
        {
            "provider": resources["provider"],
            "category": resources["resource_category"],
            "capacity": resources["capacity_units"].fillna(0).astype("int64"),
        },
        index=resources.index,
    )
    pairs = frame[["need", "resource", "score", *COMPONENTS, "hops"]].reset_index(drop=True)
    pairs["priority"] = pairs["urgency"] + pairs["vulnerability"] + pairs["proximity"]
    problem = MatchingProblem(problem_needs, problem_resources, pairs, seed)
    rows = check_assignment(problem, chosen_by(problem), strategy)
    taken = frame.reset_index(drop=True).iloc[rows]
    return taken


def _metrics(table: DataFrame, needs: int, assignments: DataFrame, grids: DataFrame) -> dict[str, float]:
    functions = _pyspark().functions
    row = assignments.agg(functions.count("*"), functions.sum("score")).first()
    matched, score = (int(row[0]), float(row[1] or 0.0)) if row else (0, 0.0)
    # Grid match rates over the needs that have a candidate, as gg.match counts them.
    taken = assignments.select("need", functions.lit(1.0).alias("taken"))
    rates = (
        table.select("need", "requester")
        .distinct()
        .join(grids, "requester", "left")
        .join(taken, "need", "left")
        .groupBy(functions.coalesce("grid", functions.lit(NO_GRID)).alias("grid"))
        .agg(functions.avg(functions.coalesce("taken", functions.lit(0.0))).alias("rate"))
        .agg(functions.min("rate"))
        .first()
    )
    return {
        "needs": float(needs),
        "matched": float(matched),
        "match_rate": matched / needs if needs else 0.0,
        "total_score": score,
        "mean_score": score / matched if matched else 0.0,
        "lowest_grid_match_rate": float(rates[0]) if rates and rates[0] is not None else 0.0,
    }
