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

from govgraph.analysis.paths import path_totals
from govgraph.analysis.spectral import constraint, core_number, effective_size, eigenvector, pagerank
from govgraph.errors import GovGraphError
from govgraph.model.checks import check_choice, check_count, check_network, check_relations, check_seed
from govgraph.model.network import PartnerNetwork
from govgraph.model.places import partner_table
from govgraph.model.ties import Ties

__all__ = ["EXACT_PATHS_WORK", "MEASURES", "RELATIVE_TOLERANCE", "SAMPLED_SOURCES", "centrality"]

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
_PATH_MEASURES = frozenset({"betweenness", "closeness", "harmonic_closeness"})
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
        Any of :data:`MEASURES` (default: all of them).
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
    All measures use the same undirected tie graph (``net.ties()``):
    relations are ties in both directions whatever their direction in the
    schema, and parallel relations between two partners merge into one tie
    whose strength is the sum of their weights. ``degree`` and
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
    graph = net.ties(weight=weight, relations=check_relations(net, relations))
    table = partner_table(net)
    computed: dict[str, np.ndarray] = {}
    if _PATH_MEASURES & set(chosen):
        sources, info = _sources(graph.size, graph.pattern.nnz // 2, k, seed)
        check_choice(path_length, ("inverse_weight", "hops"), "path_length")
        lengths = graph.lengths() if path_length == "inverse_weight" else None
        info["lengths"] = "hops" if lengths is None else "1/weight"
        computed.update(_path_measures(graph, sources, lengths))
        table.attrs["paths"] = info
    for name in chosen:
        if name not in computed:
            computed[name] = _SIMPLE[name](graph)
        table[name] = computed[name]
    return table


_SIMPLE: dict[str, Callable[[Ties], np.ndarray]] = {
    "degree": lambda g: np.diff(g.pattern.indptr),
    "strength": lambda g: np.asarray(g.strength.sum(axis=1)).ravel(),
    "eigenvector": lambda g: eigenvector(g.strength),
    "pagerank": lambda g: pagerank(g.strength),
    "core_number": lambda g: core_number(g.pattern),
    "constraint": lambda g: constraint(g.strength, g.pattern),
    "effective_size": lambda g: effective_size(g.strength, g.pattern),
}


def _check_measures(measures: Iterable[str] | None) -> list[str]:
    if measures is None:
        return list(MEASURES)
    if isinstance(measures, str):
        measures = [measures]
    chosen = list(measures)
    unknown = [m for m in chosen if m not in MEASURES]
    if unknown or not chosen:
        raise GovGraphError(f"measures: expected some of {list(MEASURES)}, got {chosen!r}")
    return [m for m in MEASURES if m in chosen]


def _sources(n: int, ties: int, k: int | None, seed: int) -> tuple[np.ndarray, dict[str, object]]:
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


def _path_measures(graph: Ties, sources: np.ndarray, lengths: sp.csr_array | None) -> dict[str, np.ndarray]:
    n, k = graph.size, len(sources)
    totals = path_totals(graph.pattern, sources, lengths, tolerance=RELATIVE_TOLERANCE)
    is_source = np.zeros(n, dtype=bool)
    is_source[sources] = True
    # A source never counts paths from itself: it saw one source fewer. With
    # k = 1 the source saw none, and its values are unknown (NaN, as networkx).
    seen = np.where(is_source, k - 1, k).astype(np.float64)
    seen[seen == 0] = np.nan
    with np.errstate(divide="ignore", invalid="ignore"):
        betweenness = totals.dependency / (seen * (n - 2)) if n > 2 else np.zeros(n)
        share = totals.reached / seen
        closeness = np.where(totals.distance > 0, share * totals.reached / totals.distance, 0.0)
        harmonic = totals.harmonic * (n - 1) / seen
    closeness[np.isnan(seen)] = np.nan
    return {"betweenness": betweenness, "closeness": closeness, "harmonic_closeness": harmonic}
