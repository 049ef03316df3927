"""Global measures computed by Spark: degree and strength by aggregation, components by label
propagation, PageRank by power iteration, sampled betweenness and closeness by spreading the
sampled sources over tasks.

They equal ``gg.centrality(net, measures=["degree", "strength"])`` and the
connected pieces of ``net.ties()``: ties are undirected, parallel relations
merge into one tie whose strength sums their weights, and a relation of
weight 0 is still a tie.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from govgraph.analysis.measures import path_measure_values, source_sample
from govgraph.analysis.paths import PathTotals, path_totals
from govgraph.errors import GovGraphError
from govgraph.model.checks import check_choice, check_seed
from govgraph.model.ties import Ties
from govgraph.spark.network import SparkNetwork, _pyspark

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

__all__ = ["arcs", "components", "degrees", "pagerank", "path_measures", "tie_graph", "ties"]


def ties(
    net: SparkNetwork, *, weight: str | None = "weight", relations: Iterable[str] | None = None
) -> DataFrame:
    """Undirected ties, one row per pair of partners (``a`` < ``b``), with their summed ``strength``."""
    functions = _pyspark().functions
    if not isinstance(net, SparkNetwork):
        raise GovGraphError(f"net: expected a SparkNetwork, got {type(net).__name__}")
    table = net.relations
    if relations is not None:
        kinds = [relations] if isinstance(relations, str) else list(relations)
        table = table.where(functions.col("relation").isin(kinds))
    if weight is not None and weight not in table.columns:
        raise GovGraphError(f"weight: the relations table has no column {weight!r}")
    value = (
        functions.lit(1.0)
        if weight is None
        else functions.coalesce(functions.col(weight).cast("double"), functions.lit(0.0))
    )
    pairs = table.select(
        functions.least("source", "target").alias("a"),
        functions.greatest("source", "target").alias("b"),
        value.alias("weight"),
    ).where(functions.col("a") != functions.col("b"))
    return pairs.groupBy("a", "b").agg(functions.sum("weight").alias("strength"))


def arcs(
    net: SparkNetwork, *, weight: str | None = "weight", relations: Iterable[str] | None = None
) -> DataFrame:
    """The ties both ways round: ``a``, ``b`` and ``strength``, a row for a→b and one for b→a."""
    functions = _pyspark().functions
    pairs = ties(net, weight=weight, relations=relations)
    back = pairs.select(functions.col("b").alias("a"), functions.col("a").alias("b"), "strength")
    return pairs.unionByName(back)


def degrees(
    net: SparkNetwork, *, weight: str | None = "weight", relations: Iterable[str] | None = None
) -> DataFrame:
    """``id``, ``degree`` (partners tied to it) and ``strength`` (summed tie strength) of every partner."""
    functions = _pyspark().functions
    pairs = ties(net, weight=weight, relations=relations)
    ends = pairs.select(functions.col("a").alias("id"), "strength").unionByName(
        pairs.select(functions.col("b").alias("id"), "strength")
    )
    per = ends.groupBy("id").agg(
        functions.count("*").alias("degree"), functions.sum("strength").alias("strength")
    )
    return net.partners.select("id").join(per, "id", "left").fillna({"degree": 0, "strength": 0.0})


def components(
    net: SparkNetwork, *, relations: Iterable[str] | None = None, max_iter: int = 10_000
) -> DataFrame:
    """``id`` and ``component`` of every partner: the smallest partner id in its connected piece.

    Each round, every partner takes the smallest label among itself and its
    neighbours; the labels stop changing after at most (longest shortest
    path + 1) rounds, each one join and one aggregation.
    """
    both = arcs(net, weight=None, relations=relations).select("a", "b")
    labels = smallest_labels(net.partners.select("id"), both, max_iter=max_iter)
    return labels.withColumnRenamed("label", "component")


def smallest_labels(nodes: DataFrame, both: DataFrame, *, max_iter: int = 10_000) -> DataFrame:
    """``id`` and ``label`` of every node: the smallest id in its connected piece.

    ``both`` holds the edges both ways round (``a``, ``b``). Each round, every
    node takes the smallest label among itself and its neighbours.
    """
    functions = _pyspark().functions
    if isinstance(max_iter, bool) or not isinstance(max_iter, int) or max_iter < 1:
        raise GovGraphError(f"max_iter: expected a whole number of rounds, 1 or more, got {max_iter!r}")
    both = both.cache()
    labels = nodes.select("id", functions.col("id").alias("label")).localCheckpoint()
    for _ in range(max_iter):
        offered = (
            both.join(labels.withColumnRenamed("id", "a"), "a")
            .groupBy("b")
            .agg(functions.min("label").alias("offered"))
            .withColumnRenamed("b", "id")
        )
        updated = (
            labels.join(offered, "id", "left")
            .select("id", functions.least("label", functions.coalesce("offered", "label")).alias("label"))
            .localCheckpoint()
        )
        moved = updated.alias("new").join(labels.alias("old"), "id").where("new.label != old.label").count()
        labels = updated
        if moved == 0:
            both.unpersist()
            return labels
    raise GovGraphError(f"components: labels still changing after {max_iter} rounds")


def pagerank(
    net: SparkNetwork,
    *,
    weight: str | None = "weight",
    relations: Iterable[str] | None = None,
    alpha: float = 0.85,
    tol: float = 1e-9,
    max_iter: int = 1000,
) -> DataFrame:
    """``id`` and ``pagerank`` of every partner, by power iteration over joins; scores sum to 1.

    The walk of ``gg.centrality``'s ``pagerank``: along undirected ties in
    proportion to their strength, teleporting uniformly with probability
    ``1 - alpha``, and from a partner without strength to anyone. It stops
    when an iteration moves the scores by less than ``tol`` in total (L1),
    so the scores are within about ``tol · alpha / (1 − alpha)`` of the
    fixed point; each iteration is one join and one aggregation over the ties.
    """
    functions = _pyspark().functions
    if not (isinstance(tol, float | int) and tol > 0):
        raise GovGraphError(f"tol: expected a positive number, got {tol!r}")
    if not (isinstance(alpha, float | int) and 0 < alpha < 1):
        raise GovGraphError(f"alpha: expected a number between 0 and 1, got {alpha!r}")
    both = arcs(net, weight=weight, relations=relations).where(functions.col("strength") > 0)
    out = both.groupBy("a").agg(functions.sum("strength").alias("out"))
    walk = both.join(out, "a").select(
        "a", "b", (functions.col("strength") / functions.col("out")).alias("share")
    )
    walk = walk.cache()
    partners = net.partners.select("id").join(out.withColumnRenamed("a", "id"), "id", "left")
    partners = partners.select("id", functions.col("out").isNull().alias("dangling")).cache()
    n = partners.count()
    if n == 0:
        return partners.select("id", functions.lit(0.0).alias("pagerank"))
    scores = partners.select("id", "dangling", functions.lit(1.0 / n).alias("score")).localCheckpoint()
    lost = scores.where("dangling").agg(functions.sum("score")).first()
    lost_mass = float(lost[0] or 0.0) if lost else 0.0
    for _ in range(max_iter):
        arriving = (
            walk.join(scores.select(functions.col("id").alias("a"), "score"), "a")
            .groupBy("b")
            .agg(functions.sum(functions.col("share") * functions.col("score")).alias("arriving"))
            .withColumnRenamed("b", "id")
        )
        teleport = alpha * lost_mass / n + (1.0 - alpha) / n
        updated = (
            scores.join(arriving, "id", "left")
            .select(
                "id",
                "dangling",
                functions.col("score").alias("before"),
                (alpha * functions.coalesce("arriving", functions.lit(0.0)) + teleport).alias("score"),
            )
            .localCheckpoint()
        )
        # One pass gives the change and the mass the partners without strength hand on next.
        row = updated.agg(
            functions.sum(functions.abs(functions.col("score") - functions.col("before"))),
            functions.sum(functions.when(functions.col("dangling"), functions.col("score")).otherwise(0.0)),
            functions.sum("score"),
        ).first()
        assert row is not None
        moved, lost_mass, total = float(row[0]), float(row[1]), float(row[2])
        scores = updated.drop("before")
        if moved < tol:
            walk.unpersist()
            return scores.select("id", (functions.col("score") / total).alias("pagerank"))
    raise GovGraphError(f"pagerank: did not converge in {max_iter} iterations")


#: The path measures :func:`path_measures` gives, each with its standard error.
PATH_MEASURES = ("betweenness", "closeness", "harmonic_closeness")


def tie_graph(
    net: SparkNetwork, *, weight: str | None = "weight", relations: Iterable[str] | None = None
) -> Ties:
    """The city's ties collected as one compact sparse graph (CSR), partners in id order.

    Two arrays of ties' ends and one of strengths: 3M ties take about 60 MB,
    small enough to send to every task. Equal to ``net.ties()`` of the
    network with its partners sorted by id.
    """
    pairs = pd.DataFrame(ties(net, weight=weight, relations=relations).toPandas())
    ids = pd.Index(np.sort(pd.DataFrame(net.partners.select("id").toPandas())["id"].to_numpy(dtype=object)))
    n = len(ids)
    a, b = ids.get_indexer(pairs["a"]), ids.get_indexer(pairs["b"])
    value = pairs["strength"].to_numpy(dtype=np.float64)
    rows, cols = np.concatenate([a, b]), np.concatenate([b, a])
    pattern = sp.csr_array((np.ones(len(rows)), (rows, cols)), shape=(n, n))
    strength = sp.csr_array((np.concatenate([value, value]), (rows, cols)), shape=(n, n))
    strength.eliminate_zeros()
    return Ties(strength, pattern, ids)


def path_measures(
    net: SparkNetwork,
    *,
    k: int | None,
    seed: int = 0,
    weight: str | None = "weight",
    relations: Iterable[str] | None = None,
    path_length: str = "inverse_weight",
    tasks: int | None = None,
) -> DataFrame:
    """``id``, betweenness, closeness and harmonic closeness with their ``_se``, from ``k`` sources.

    The sources are ``gg.centrality``'s sample for the same ``k`` and
    ``seed`` on the network with its partners in id order (None: every
    partner, exact). The compact tie graph (:func:`tie_graph`) goes to every
    task once (a broadcast); each of ``tasks`` tasks (default: Spark's
    parallelism) runs Brandes' searches from its share of the sources, and
    the sums over sources are added up, so the values equal
    ``gg.centrality(..., k=k, seed=seed)`` on that network.
    """
    check_choice(path_length, ("inverse_weight", "hops"), "path_length")
    seed = check_seed(seed)
    if tasks is not None and (isinstance(tasks, bool) or not isinstance(tasks, int) or tasks < 1):
        raise GovGraphError(f"tasks: expected a whole number of tasks, 1 or more, got {tasks!r}")
    graph = tie_graph(net, weight=weight, relations=relations)
    sources, _ = source_sample(graph.size, graph.pattern.nnz // 2, k, seed)
    lengths = graph.lengths() if path_length == "inverse_weight" else None
    context = net.partners.sparkSession.sparkContext
    shared = context.broadcast((graph.pattern, lengths))
    groups = [group for group in np.array_split(sources, tasks or context.defaultParallelism) if len(group)]

    def spread(pattern: sp.csr_array, chosen: np.ndarray, _: Any, **options: Any) -> PathTotals:
        def searched(group: np.ndarray) -> PathTotals:
            pattern, lengths = shared.value
            return path_totals(pattern, group, lengths, **options)

        return context.parallelize(groups, len(groups)).map(searched).treeReduce(_added)  # type: ignore[no-any-return]

    values = path_measure_values(graph, sources, lengths, list(PATH_MEASURES), spread)
    shared.unpersist()
    table = pd.DataFrame({"id": graph.index.to_numpy(dtype=object)})
    for name in PATH_MEASURES:
        table[name] = values[name]
        if f"{name}_se" in values:
            table[f"{name}_se"] = values[f"{name}_se"]
    return net.partners.sparkSession.createDataFrame(table)


def _added(first: PathTotals, second: PathTotals) -> PathTotals:
    """The totals over two disjoint sets of sources."""
    return PathTotals(
        first.dependency + second.dependency,
        first.distance + second.distance,
        first.reached + second.reached,
        first.harmonic + second.harmonic,
        np.fmax(first.eccentricity, second.eccentricity),  # each source's, NaN elsewhere
        (
            first.squares[0] + second.squares[0],
            first.squares[1] + second.squares[1],
            first.squares[2] + second.squares[2],
        ),
    )
