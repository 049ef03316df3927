"""Centrality: who holds the partner network together.

One call computes every standard measure on the same tie graph and returns
one row per partner, so a coordinator can sort by any column and a
researcher can correlate them.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable

import numpy as np
import pandas as pd
import scipy.sparse as sp

from govgraph.analysis.paths import PathTotals, path_totals
from govgraph.analysis.spectral import constraint, core_number, effective_size, eigenvector, hits, pagerank
from govgraph.errors import GovGraphError
from govgraph.model.checks import check_choice, check_count, check_network, check_relations, check_seed
from govgraph.model.network import PartnerNetwork
from govgraph.model.places import partner_table
from govgraph.model.ties import Ties

__all__ = [
    "DIRECTED_MEASURES",
    "EXACT_PATHS_WORK",
    "MEASURES",
    "RELATIVE_TOLERANCE",
    "SAMPLED_SOURCES",
    "centrality",
]

#: Every measure :func:`centrality` knows, in column order.
MEASURES = (
    "degree",
    "strength",
    "betweenness",
    "closeness",
    "harmonic_closeness",
    "eigenvector",
    "pagerank",
    "core_number",
    "constraint",
    "effective_size",
)
#: Measures that follow the direction of relations (asked for by name; never computed by default).
DIRECTED_MEASURES = (
    "in_degree",
    "out_degree",
    "in_strength",
    "out_strength",
    "directed_betweenness",
    "in_closeness",
    "out_closeness",
    "hub",
    "authority",
)
_UNDIRECTED_PATHS = ("betweenness", "closeness", "harmonic_closeness")
_DIRECTED_PATHS = ("directed_betweenness", "in_closeness", "out_closeness")
#: Path measures are exact while partners × ties stays below this (Datun North:
#: 3,881 × 6,197 ≈ 24 million); above it they sample sources unless ``k`` is given.
EXACT_PATHS_WORK = 50_000_000
#: The fewest sources sampled automatically: as many as the work budget allows, and at least this.
SAMPLED_SOURCES = 256
#: Path lengths that differ by less than this share are equal (igraph's rule; see :func:`centrality`).
RELATIVE_TOLERANCE = 1e-9


def centrality(
    net: PartnerNetwork,
    *,
    measures: Iterable[str] | None = None,
    weight: str | None = "weight",
    relations: Iterable[str] | None = None,
    k: int | None = None,
    seed: int = 0,
    path_length: str = "inverse_weight",
) -> pd.DataFrame:
    """Standard centrality measures of every partner, in one table.

    Parameters
    ----------
    net : PartnerNetwork
    measures : iterable of str, optional
        Any of :data:`MEASURES` (default: all of them) and of
        :data:`DIRECTED_MEASURES`, which follow the direction of relations
        and are computed only when named.
    weight : str or None
        Relation column giving tie strength (default ``"weight"``); None
        counts every relation as 1.
    relations : iterable of str, optional
        Use only these relation kinds (default: all).
    k : int, optional
        Number of sampled sources for betweenness and the closeness
        measures. None computes them exactly while partners × ties stays
        under :data:`EXACT_PATHS_WORK` (Datun North's 24 million take
        about 8 s with weighted ties, 2 s in hops) and otherwise samples
        as many sources as that budget allows, at least :data:`SAMPLED_SOURCES`.
    seed : int
        Seed of the source sample (default 0, so results repeat). The
        sample is the one networkx draws for the same seed.
    path_length : {"inverse_weight", "hops"}
        Length of a tie for the path measures: ``1 / strength`` (default,
        stronger ties are shorter) or one hop whatever its strength.

    Returns
    -------
    DataFrame
        Index: partner id (every partner). Columns ``kind``, ``name``,
        ``community``, ``grid`` (from ``net.places``), then one per measure:

        - ``degree``: number of partners tied to this one;
        - ``strength``: sum of tie strengths (weighted degree);
        - ``betweenness``: share of shortest paths between other partners
          that pass through this one, normalised by ``(n-1)(n-2)``;
        - ``closeness``: inverse mean distance to the partners it reaches,
          scaled by the share it reaches (Wasserman–Faust);
        - ``harmonic_closeness``: sum of inverse distances to every other partner;
        - ``eigenvector``: principal eigenvector of tie strengths, unit length
          within each connected piece (0 without ties);
        - ``pagerank``: random-walk score with damping 0.85 (sums to 1);
        - ``core_number``: largest ``k`` with the partner in the k-core;
        - ``constraint`` and ``effective_size``: Burt's structural holes
          (NaN for partners without ties).

        Directed measures, on the arcs of ``net.ties(directed=True)``:

        - ``in_degree`` / ``out_degree``: partners with a relation into /
          out of this one; ``in_strength`` / ``out_strength``: their weights;
        - ``directed_betweenness``: share of the directed shortest paths
          between other partners through this one, over ``(n-1)(n-2)``;
        - ``in_closeness`` / ``out_closeness``: closeness (as above) by the
          paths that reach this partner / that leave it;
        - ``hub`` / ``authority``: Kleinberg's HITS scores on the tie
          strengths, the largest 1 (igraph's ``hub_score``/``authority_score``).

        When the path measures are sampled, each has a standard error beside
        it (``betweenness_se``, ``closeness_se`` …): the spread of the
        estimate over samples of ``k`` sources drawn without replacement,
        estimated from the sample itself (the delta method for closeness).
        Its square estimates the variance without bias; for betweenness, where
        a few sources carry most of a partner's paths, one sample's standard
        error is more often too small than too large.
        ``attrs["paths"]`` records how the path measures were computed:
        ``exact``, ``sources``, ``seed``, ``automatic`` and ``lengths``
        (``"hops"`` or ``"1/weight"``).

    Raises
    ------
    GovGraphError
        For an unknown measure or relation kind, a missing weight column,
        negative weights, or ``k`` outside 1 … number of partners.

    See Also
    --------
    brokerage, weak_points, summarize_by

    Notes
    -----
    All measures of :data:`MEASURES` use the same undirected tie graph
    (``net.ties()``): relations are ties in both directions whatever their
    direction in the schema, and parallel relations between two partners
    merge into one tie whose strength is the sum of their weights. The
    directed measures use the arcs instead: a relation of a directed kind
    (``leads``, ``visits``, ``serves``) runs from its source to its target,
    one of an undirected kind (``partners_with``) both ways, parallel
    relations merged the same way (igraph's and sna's reading of a mixed
    network as a digraph). ``degree`` and
    ``core_number`` count ties whatever their strength, a relation of weight
    0 included (as :func:`weak_points` and :func:`coverage` do); ``strength``,
    ``eigenvector``, ``pagerank``, ``constraint`` and ``effective_size`` use
    the strength (a tie of strength 0 is a contact that adds nothing); path
    measures use the length ``1 / strength`` (stronger ties are shorter; a tie
    of strength 0 cannot be crossed) and count hops when every tie has the
    same strength or ``path_length="hops"``.

    The measures equal networkx's on ``nx.Graph`` with the same ties
    (``weight`` for strength, ``distance = 1/weight`` for paths), with one
    deliberate difference: two weighted paths whose lengths differ by less
    than a relative :data:`RELATIVE_TOLERANCE` (1e-9) are equally short, as
    igraph counts them. networkx compares the floating-point sums exactly,
    so ties s–x 2, x–y 3, y–t 6, s–t 1 give x a betweenness of 0.5833 there
    (1/2 + 1/3 + 1/6 rounds just below 1 one way round and to 1 the other)
    and 0.5 here, as in exact arithmetic. Path measures run Brandes'
    algorithm for a batch of sources at once (O(k·m) work); sampled
    closeness is the Eppstein–Wang estimate from the ``k`` sources.

    References
    ----------
    Brandes, U. (2001). A faster algorithm for betweenness centrality.
    Burt, R. S. (1992). Structural Holes. Harvard University Press.
    Eppstein, D., & Wang, J. (2004). Fast approximation of centrality.

    Examples
    --------
    >>> import govgraph as gg
    >>> table = gg.centrality(gg.load_dataset("datun_north"), measures=["degree", "pagerank"])
    >>> table.sort_values("pagerank").index[-1]
    'OL-B-TOWER'
    """
    net = check_network(net)
    chosen = _check_measures(measures)
    seed = check_seed(seed)
    relations = check_relations(net, relations)
    check_choice(path_length, ("inverse_weight", "hops"), "path_length")
    table = partner_table(net)
    computed: dict[str, np.ndarray] = {}
    for paths, directed in ((_UNDIRECTED_PATHS, False), (_DIRECTED_PATHS, True)):
        wanted = [name for name in paths if name in chosen]
        if wanted:
            graph = net.ties(weight=weight, relations=relations, directed=directed)
            edges = graph.pattern.nnz if directed else graph.pattern.nnz // 2
            sources, info = source_sample(graph.size, edges, k, seed)
            lengths = graph.lengths() if path_length == "inverse_weight" else None
            info["lengths"] = "hops" if lengths is None else "1/weight"
            computed.update(path_measure_values(graph, sources, lengths, wanted))
            table.attrs["paths"] = info
    for name in chosen:
        if name not in computed:
            directed = name in DIRECTED_MEASURES
            computed[name] = _SIMPLE[name](net.ties(weight=weight, relations=relations, directed=directed))
        table[name] = computed[name]
        if f"{name}_se" in computed:
            table[f"{name}_se"] = computed[f"{name}_se"]
    return table


_SIMPLE: dict[str, Callable[[Ties], np.ndarray]] = {
    "degree": lambda g: np.diff(g.pattern.indptr),
    "strength": lambda g: np.asarray(g.strength.sum(axis=1)).ravel(),
    "eigenvector": lambda g: eigenvector(g.strength),
    "pagerank": lambda g: pagerank(g.strength),
    "core_number": lambda g: core_number(g.pattern),
    "constraint": lambda g: constraint(g.strength, g.pattern),
    "effective_size": lambda g: effective_size(g.strength, g.pattern),
    "in_degree": lambda g: np.diff(sp.csc_array(g.pattern).indptr),
    "out_degree": lambda g: np.diff(g.pattern.indptr),
    "in_strength": lambda g: np.asarray(g.strength.sum(axis=0)).ravel(),
    "out_strength": lambda g: np.asarray(g.strength.sum(axis=1)).ravel(),
    "hub": lambda g: hits(g.strength)[0],
    "authority": lambda g: hits(g.strength)[1],
}


def _check_measures(measures: Iterable[str] | None) -> list[str]:
    if measures is None:
        return list(MEASURES)
    if isinstance(measures, str):
        measures = [measures]
    chosen = list(measures)
    known = (*MEASURES, *DIRECTED_MEASURES)
    unknown = [m for m in chosen if m not in known]
    if unknown or not chosen:
        raise GovGraphError(f"measures: expected some of {list(known)}, got {chosen!r}")
    return [m for m in known if m in chosen]


def source_sample(n: int, ties: int, k: int | None, seed: int) -> tuple[np.ndarray, dict[str, object]]:
    """The sources path measures search from (positions), and what to say about them.

    All ``n`` partners when ``k`` is None and the work stays under
    :data:`EXACT_PATHS_WORK` (or ``k == n``); otherwise ``k`` of them (as many
    as the budget allows when ``k`` is None), drawn as networkx draws them.
    """
    automatic = k is None and n * ties > EXACT_PATHS_WORK
    if automatic:
        k = min(n, max(SAMPLED_SOURCES, EXACT_PATHS_WORK // ties))
    if k is None or k == n:
        return np.arange(n), {"exact": True, "sources": n, "seed": None, "automatic": False}
    k = check_count(k, "k")
    if k > n:
        raise GovGraphError(f"k: expected at most the number of partners ({n}), got {k}")
    # The same draw as networkx's betweenness_centrality(G, k, seed=seed).
    sample = np.array(sorted(random.Random(seed).sample(range(n), k)))
    return sample, {"exact": False, "sources": k, "seed": seed, "automatic": automatic}


def path_measure_values(
    graph: Ties,
    sources: np.ndarray,
    lengths: sp.csr_array | None,
    wanted: list[str],
    totals_of: Callable[..., PathTotals] = path_totals,
) -> dict[str, np.ndarray]:
    """The path measures asked for, with standard errors when ``sources`` is a sample.

    Undirected: betweenness, closeness and harmonic closeness from one run.
    Directed: betweenness and in-closeness from the paths leaving the sources,
    out-closeness from a run on the reversed arcs. ``totals_of`` finds the
    totals (:func:`~govgraph.analysis.paths.path_totals`, or its sum over
    Spark tasks in :mod:`govgraph.spark`).
    """
    n, k = graph.size, len(sources)
    is_source = np.zeros(n, dtype=bool)
    is_source[sources] = True
    # A source never counts paths from itself: it saw one source fewer. With
    # k = 1 the source saw none, and its values are unknown (NaN, as networkx).
    seen = np.where(is_source, k - 1, k).astype(np.float64)
    seen[seen == 0] = np.nan
    sampled = k < n
    names = dict(zip(_UNDIRECTED_PATHS, ("betweenness", "closeness", "harmonic")))
    if graph.directed:
        names = {"directed_betweenness": "betweenness", "in_closeness": "closeness"}
    values: dict[str, np.ndarray] = {}
    if set(names) & set(wanted):
        totals = totals_of(
            graph.pattern, sources, lengths, tolerance=RELATIVE_TOLERANCE, directed=graph.directed
        )
        values.update(_estimates(totals, seen, n, names, sampled))
    if "out_closeness" in wanted:
        reverse = None if lengths is None else sp.csr_array(lengths.T)
        totals = totals_of(
            sp.csr_array(graph.pattern.T), sources, reverse, tolerance=RELATIVE_TOLERANCE, directed=True
        )
        values.update(_estimates(totals, seen, n, {"out_closeness": "closeness"}, sampled))
    return values


def _estimates(
    totals: PathTotals, seen: np.ndarray, n: int, names: dict[str, str], sampled: bool
) -> dict[str, np.ndarray]:
    """Path measures (named ``names``' keys) from the totals over the sources each partner saw.

    Each is a function of per-source means; the standard error of a mean over
    ``m`` of ``n - 1`` sources drawn without replacement is ``s / √m ·
    √(1 - m / (n - 1))``, and closeness (a ratio of two means) takes the
    delta method.
    """
    dependency_sq, distance_sq, harmonic_sq = totals.squares
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = 1.0 / (n - 2) if n > 2 else 0.0
        reached, mean_distance = totals.reached / seen, totals.distance / seen
        estimate = {
            "betweenness": totals.dependency / seen * scale,
            "closeness": np.where(totals.distance > 0, reached * reached / mean_distance, 0.0),
            "harmonic": totals.harmonic / seen * (n - 1),
        }
        estimate["closeness"][np.isnan(seen)] = np.nan
        values = {name: estimate[kind] for name, kind in names.items()}
        if not sampled:
            return values
        shrink = np.clip(1.0 - seen / max(n - 1, 1), 0.0, None) / seen

        def variance(total: np.ndarray, squares: np.ndarray) -> np.ndarray:
            """Sample variance of a per-source quantity from its sum and sum of squares."""
            return np.clip((squares - total * total / seen) / (seen - 1.0), 0.0, None)

        # Closeness = r² / d for the means r (reached or not) and d (distance, 0 if not):
        # its gradient is (2r/d, -r²/d²); r·d sums to the distance total, r² to r.
        grad_r, grad_d = 2 * reached / mean_distance, -reached * reached / mean_distance**2
        spread = (
            grad_r**2 * variance(totals.reached, totals.reached)
            + 2 * grad_r * grad_d * _covariance(totals.reached, totals.distance, totals.distance, seen)
            + grad_d**2 * variance(totals.distance, distance_sq)
        )
        closeness_var = np.where(totals.distance > 0, spread, 0.0)
        error = {
            "betweenness": np.sqrt(variance(totals.dependency, dependency_sq) * shrink) * scale,
            "closeness": np.sqrt(np.clip(closeness_var, 0.0, None) * shrink),
            "harmonic": np.sqrt(variance(totals.harmonic, harmonic_sq) * shrink) * (n - 1),
        }
    values.update({f"{name}_se": error[kind] for name, kind in names.items()})
    return values


def _covariance(first: np.ndarray, second: np.ndarray, products: np.ndarray, seen: np.ndarray) -> np.ndarray:
    """Sample covariance of two per-source quantities from their sums and the sum of their products."""
    return (products - first * second / seen) / (seen - 1.0)
