"""Whole-network statistics and the conditional uniform graph (CUG) test.

:func:`network_statistics` describes a network (or each group of it) in one
row: size, density, connectedness, distances, closure, reciprocity and
Freeman centralisation, and with ``by=`` how ties fall within and between
groups. :func:`cug_test` asks whether such a statistic is more than chance:
it compares it with the same statistic on random networks that keep the
partners and, as asked, the number of ties or the dyad census.

Definitions follow R's sna (Butts): ``gden``, ``gtrans``, ``grecip``,
``centralization`` and ``cug.test``; transitivity and assortativity equal
igraph's. All statistics of this module read relations as unweighted ties:
a pair of partners is tied or not.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from govgraph.analysis.measures import source_sample
from govgraph.analysis.paths import path_totals
from govgraph.errors import GovGraphError
from govgraph.model.checks import (
    check_choice,
    check_count,
    check_group_column,
    check_network,
    check_relations,
    check_seed,
)
from govgraph.model.network import PartnerNetwork

__all__ = ["CONDITIONING", "STATISTICS", "CUGTest", "cug_test", "network_statistics"]

#: Columns of :func:`network_statistics` (``by=`` adds the four of ``_GROUP_COLUMNS``).
STATISTICS = (
    "partners",
    "ties",
    "density",
    "arcs",
    "reciprocity",
    "components",
    "largest_component",
    "diameter",
    "diameter_upper",
    "average_distance",
    "transitivity",
    "average_clustering",
    "degree_centralization",
    "betweenness_centralization",
    "closeness_centralization",
)
_GROUP_COLUMNS = ("within_ties", "between_ties", "ei_index", "assortativity")
#: What the random networks of :func:`cug_test` keep besides the number of partners.
CONDITIONING = ("size", "edges", "dyad.census")
#: Statistics :func:`cug_test` can name: every column of :func:`network_statistics`.
_TESTABLE = (*STATISTICS, *_GROUP_COLUMNS)


def network_statistics(
    net: PartnerNetwork,
    *,
    by: str | None = None,
    relations: Iterable[str] | None = None,
    k: int | None = None,
    seed: int = 0,
) -> pd.DataFrame:
    """Whole-network statistics, for the network and (with ``by``) for each group in it.

    Parameters
    ----------
    net : PartnerNetwork
    by : str, optional
        Partner column whose values are groups: ``"community"``, ``"grid"``
        (the partners' places, see ``net.places``), ``"kind"`` or any extra
        column. Adds one row per group (the statistics of the network among
        its members) and the columns on ties within and between groups.
    relations : iterable of str, optional
        Use only these relation kinds (default: all).
    k : int, optional
        Sources sampled for the path statistics (distances, betweenness and
        closeness centralisation); None is exact below the work budget of
        :func:`centrality` and samples above it.
    seed : int
        Seed of that sample.

    Returns
    -------
    DataFrame
        Index ``"network"`` (the whole network) then, with ``by``, the groups
        (partners without a value in no group row). Columns:

        - ``partners``; ``ties`` (pairs joined by a relation either way);
          ``density``: ties over ``n(n-1)/2`` (sna ``gden(mode="graph")``);
        - ``arcs``: ordered pairs joined, a relation of an undirected kind
          counting both ways; ``reciprocity``: share of arcs whose reverse is
          an arc too (sna ``grecip(measure="edgewise")``, igraph
          ``reciprocity``) — relations of undirected kinds are mutual by
          nature and count as such;
        - ``components`` and ``largest_component`` (its share of partners);
        - ``diameter``: the longest shortest path in ties within any
          component; ``diameter_upper`` equals it when the paths are exact and
          is an upper bound when sampled (then ``diameter`` is a lower bound:
          the longest path seen from a sampled source);
        - ``average_distance``: mean ties between the ordered pairs of
          partners that reach each other (igraph ``mean_distance``);
        - ``transitivity``: closed over connected triples (sna ``gtrans``,
          igraph ``transitivity(type="global")``); ``average_clustering``:
          mean local clustering, 0 for partners with fewer than two ties
          (networkx ``average_clustering``);
        - Freeman centralisation of ``degree``, ``betweenness`` and
          ``closeness``: the summed gap to the most central partner over its
          largest possible value in a network of that size (sna
          ``centralization(..., mode="graph")``, between 0 and 1); closeness
          centralisation is NaN when the network is not connected (closeness
          is then undefined; sna would report 0).

        With ``by``: ``within_ties`` and ``between_ties`` (ties with both ends
        in one group / in two groups; for a group row, ties touching it);
        ``ei_index``: Krackhardt and Stern's (between − within) / (between +
        within), from −1 (all ties inside groups) to 1 (all across); and
        ``assortativity``: Newman's nominal assortativity coefficient of the
        network row (igraph ``assortativity_nominal``). ``attrs["mixing"]`` is
        the group × group table of tie counts (within ties on the diagonal),
        ``attrs["paths"]`` how the path statistics were computed.

    Raises
    ------
    GovGraphError
        For an unknown column or relation kind, or ``k`` outside 1 … partners.

    See Also
    --------
    cug_test : is a statistic more than chance?
    centrality : the partner-level measures these summarise.

    Notes
    -----
    Cost: the path statistics take one breadth-first search per source
    (exact for Datun North's 3,881 partners in about two seconds); the
    rest are a few sparse products.

    References
    ----------
    Freeman, L. C. (1979). Centrality in social networks: conceptual clarification.
    Krackhardt, D., & Stern, R. N. (1988). Informal networks and organizational crises.
    Newman, M. E. J. (2003). Mixing patterns in networks. Physical Review E 67, 026126.

    Examples
    --------
    >>> import govgraph as gg
    >>> table = gg.network_statistics(gg.load_dataset("datun_north"), by="community")
    >>> int(table.loc["network", "partners"]), int(table.loc["network", "components"])
    (3881, 1)
    """
    net = check_network(net)
    relations = check_relations(net, relations)
    seed = check_seed(seed)
    if k is not None:
        k = check_count(k, "k")
    pattern = net.ties(weight=None, relations=relations).pattern
    arcs = net.ties(weight=None, relations=relations, directed=True).pattern
    rows = {"network": _statistics(pattern, arcs, k, seed)}
    paths = rows["network"].pop("paths")
    mixing = None
    if by is not None:
        labels = check_group_column(net, by)
        codes, names = pd.factorize(labels.astype("string"))
        rows["network"].update(_mixing_statistics(pattern, codes))
        mixing = _mixing(pattern, codes, len(names))
        within, between = _group_ties(pattern, codes, len(names))
        for g, name in enumerate(names):
            members = np.flatnonzero(codes == g)
            sub = sp.csr_array(pattern[members][:, members])
            row = _statistics(sub, sp.csr_array(arcs[members][:, members]), k, seed)
            row.pop("paths")
            total = within[g] + between[g]
            row.update(
                within_ties=int(within[g]),
                between_ties=int(between[g]),
                ei_index=(between[g] - within[g]) / total if total else np.nan,
                assortativity=np.nan,
            )
            rows[str(name)] = row
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = by or None
    table.attrs["paths"] = paths
    if mixing is not None:
        labels_index = pd.Index([str(n) for n in names], name=by)
        table.attrs["mixing"] = pd.DataFrame(mixing, index=labels_index, columns=labels_index.rename(None))
    return table


def _statistics(pattern: sp.csr_array, arcs: sp.csr_array, k: int | None, seed: int) -> dict[str, object]:
    """One row of :func:`network_statistics` for a symmetric pattern and its arcs."""
    n = pattern.shape[0]
    ties = pattern.nnz // 2
    pieces, label = connected_components(pattern, directed=False) if n else (0, np.zeros(0, np.int64))
    sizes = np.bincount(label) if n else np.zeros(0, np.int64)
    row: dict[str, object] = {
        "partners": n,
        "ties": ties,
        "density": density(pattern),
        "arcs": arcs.nnz,
        "reciprocity": reciprocity(arcs),
        "components": pieces,
        "largest_component": sizes.max() / n if n else np.nan,
    }
    row.update(_path_statistics(pattern, label, sizes, k, seed))
    row["transitivity"] = transitivity(pattern)
    row["average_clustering"] = average_clustering(pattern)
    row["degree_centralization"] = degree_centralization(pattern)
    return {name: row[name] for name in (*STATISTICS, "paths")}


def _path_statistics(
    pattern: sp.csr_array, label: np.ndarray, sizes: np.ndarray, k: int | None, seed: int
) -> dict[str, object]:
    """Diameter, average distance and betweenness/closeness centralisation from one set of searches."""
    n = pattern.shape[0]
    if n < 2:
        return {
            "diameter": 0.0 if n else np.nan, "diameter_upper": 0.0 if n else np.nan,
            "average_distance": np.nan, "betweenness_centralization": np.nan,
            "closeness_centralization": np.nan,
            "paths": {"exact": True, "sources": n, "seed": None, "automatic": False},
        }  # fmt: skip
    sources, info = source_sample(n, pattern.nnz // 2, k, seed)
    totals = path_totals(pattern, sources)
    exact = bool(info["exact"])
    is_source = np.zeros(n, dtype=bool)
    is_source[sources] = True
    seen = np.where(is_source, len(sources) - 1, len(sources)).astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        betweenness = np.nan_to_num(totals.dependency / (seen * (n - 2))) if n > 2 else np.zeros(n)
        connected = len(sizes) == 1
        closeness = (n - 1) / (totals.distance / seen * (n - 1))
    diameter = float(np.nanmax(totals.eccentricity)) if np.isfinite(totals.eccentricity).any() else 0.0
    upper = diameter
    if not exact:
        # Any partner's eccentricity bounds its component's diameter by twice itself.
        bound = np.full(len(sizes), np.inf)
        np.minimum.at(bound, label[sources], 2.0 * totals.eccentricity[sources])
        bound = np.where(np.isfinite(bound), bound, sizes - 1.0)
        upper = float(bound.max())
    pairs = totals.reached.sum()
    row: dict[str, object] = {
        "diameter": diameter,
        "diameter_upper": upper,
        "average_distance": totals.distance.sum() / pairs if pairs else np.nan,
        # Freeman: Σ(max − c) over its largest value, the star's: n − 1 for normalised betweenness,
        # (n − 1)(n − 2)/(2n − 3) for closeness (n − 1)/Σd.
        "betweenness_centralization": (betweenness.max() - betweenness).sum() / (n - 1),
        "closeness_centralization": np.nan,
        "paths": info,
    }
    if connected and n > 2:
        row["closeness_centralization"] = (closeness.max() - closeness).sum() / (
            (n - 1) * (n - 2) / (2 * n - 3)
        )
    return row


def density(pattern: sp.csr_array) -> float:
    """Ties over the pairs of partners (sna ``gden`` of an undirected graph)."""
    n = pattern.shape[0]
    return pattern.nnz / (n * (n - 1)) if n > 1 else np.nan


def reciprocity(arcs: sp.csr_array) -> float:
    """Share of arcs whose reverse is an arc (sna ``grecip(measure="edgewise")``)."""
    if arcs.nnz == 0:
        return np.nan
    return float(arcs.multiply(arcs.T).nnz / arcs.nnz)


def triangles(pattern: sp.csr_array) -> np.ndarray:
    """Triangles at each partner, with products kept small by orienting ties from low to high degree."""
    n = pattern.shape[0]
    degree = np.diff(pattern.indptr)
    rank = np.empty(n, dtype=np.int64)
    rank[np.lexsort((np.arange(n), degree))] = np.arange(n)
    upper = sp.coo_array(pattern)
    keep = rank[upper.row] < rank[upper.col]
    up = sp.csr_array((np.ones(int(keep.sum())), (upper.row[keep], upper.col[keep])), shape=(n, n))
    # Each triangle u → v → w (and u → w) once: u and w from the first product, v from the second.
    first = sp.csr_array((up @ up).multiply(up))
    second = sp.csr_array((up.T @ up).multiply(up))
    return (
        np.asarray(first.sum(axis=1)).ravel() + np.asarray(first.sum(axis=0)).ravel()
        + np.asarray(second.sum(axis=1)).ravel()
    )  # fmt: skip


def transitivity(pattern: sp.csr_array) -> float:
    """Three times the triangles over the connected triples (sna ``gtrans``; igraph global transitivity)."""
    degree = np.diff(pattern.indptr).astype(np.float64)
    triples = (degree * (degree - 1)).sum() / 2
    return float(triangles(pattern).sum() / triples) if triples else np.nan


def average_clustering(pattern: sp.csr_array) -> float:
    """Mean local clustering, partners with fewer than two ties counting 0 (networkx)."""
    n = pattern.shape[0]
    if n == 0:
        return np.nan
    degree = np.diff(pattern.indptr).astype(np.float64)
    possible = degree * (degree - 1) / 2
    local = np.divide(triangles(pattern), possible, out=np.zeros(n), where=possible > 0)
    return float(local.mean())


def degree_centralization(pattern: sp.csr_array) -> float:
    """Freeman degree centralisation: Σ(max − degree) over (n − 1)(n − 2), the star's."""
    n = pattern.shape[0]
    if n < 3:
        return np.nan
    degree = np.diff(pattern.indptr)
    return float((degree.max() - degree).sum() / ((n - 1) * (n - 2)))


def _upper_ties(pattern: sp.csr_array) -> tuple[np.ndarray, np.ndarray]:
    coo = sp.coo_array(sp.triu(pattern, k=1))
    return coo.row, coo.col


def _mixing(pattern: sp.csr_array, codes: np.ndarray, groups: int) -> np.ndarray:
    """Group × group tie counts (symmetric; within ties on the diagonal) among labelled partners."""
    i, j = _upper_ties(pattern)
    a, b = codes[i], codes[j]
    known = (a >= 0) & (b >= 0)
    table = np.zeros((groups, groups), dtype=np.int64)
    np.add.at(table, (a[known], b[known]), 1)
    return table + table.T - np.diag(np.diag(table))


def _group_ties(pattern: sp.csr_array, codes: np.ndarray, groups: int) -> tuple[np.ndarray, np.ndarray]:
    """Ties inside each group, and ties from it to another group."""
    table = _mixing(pattern, codes, groups)
    within = np.diag(table)
    return within, table.sum(axis=1) - within


def _mixing_statistics(pattern: sp.csr_array, codes: np.ndarray) -> dict[str, object]:
    """Within and between tie counts, E-I index and nominal assortativity of the whole network."""
    groups = int(codes.max()) + 1 if len(codes) and codes.max() >= 0 else 0
    table = _mixing(pattern, codes, groups)
    within = int(np.trace(table))
    between = int(np.triu(table, k=1).sum())
    return {
        "within_ties": within,
        "between_ties": between,
        "ei_index": ei_index(pattern, codes),
        "assortativity": assortativity(pattern, codes),
    }


def ei_index(pattern: sp.csr_array, codes: np.ndarray) -> float:
    """Krackhardt–Stern E-I index over ties between labelled partners (``codes`` −1: no group)."""
    i, j = _upper_ties(pattern)
    known = (codes[i] >= 0) & (codes[j] >= 0)
    if not known.any():
        return np.nan
    between = (codes[i] != codes[j])[known]
    return float((2 * between.sum() - len(between)) / len(between))


def assortativity(pattern: sp.csr_array, codes: np.ndarray) -> float:
    """Newman's nominal assortativity of ties between labelled partners (igraph ``assortativity_nominal``).

    ``codes`` −1 marks partners in no group; their ties are left out.
    """
    groups = int(codes.max()) + 1 if len(codes) and codes.max() >= 0 else 0
    table = _mixing(pattern, codes, groups).astype(np.float64)
    mixing = table + np.diag(np.diag(table))  # each within tie sits at both of its ends
    total = mixing.sum()
    if total == 0:
        return np.nan
    share = mixing / total
    margin = share.sum(axis=1)
    expected = (margin * margin).sum()
    return float((np.trace(share) - expected) / (1 - expected)) if expected < 1 else np.nan


# -- the conditional uniform graph test ---------------------------------------------


@dataclass(frozen=True)
class CUGTest:
    """Result of :func:`cug_test`.

    Attributes
    ----------
    statistic : str
        What was measured.
    observed : float
        Its value on the network.
    replicates : ndarray
        Its value on each random network.
    conditioning : str
        What the random networks kept (see :data:`CONDITIONING`).
    directed : bool
        Whether ties were read as arcs.
    seed : int
    """

    statistic: str
    observed: float
    replicates: np.ndarray = field(repr=False)
    conditioning: str
    directed: bool
    seed: int

    @property
    def p_greater(self) -> float:
        """Share of random networks whose statistic is at least the observed one (sna ``pgteobs``)."""
        return float(np.mean(self.replicates >= self.observed))

    @property
    def p_less(self) -> float:
        """Share of random networks whose statistic is at most the observed one (sna ``plteobs``)."""
        return float(np.mean(self.replicates <= self.observed))

    def summary(self) -> pd.Series:
        """Observed value, the random networks' mean and 2.5 / 50 / 97.5 % quantiles, and the two p-values."""
        low, mid, high = np.quantile(self.replicates, [0.025, 0.5, 0.975])
        return pd.Series(
            {
                "observed": self.observed,
                "mean": float(self.replicates.mean()),
                "q2.5": low,
                "median": mid,
                "q97.5": high,
                "p_greater": self.p_greater,
                "p_less": self.p_less,
                "reps": len(self.replicates),
            },
            name=self.statistic,
        )


def cug_test(
    net: PartnerNetwork,
    statistic: str | Callable[[sp.csr_array], float],
    *,
    conditioning: str = "edges",
    by: str | None = None,
    relations: Iterable[str] | None = None,
    directed: bool | None = None,
    reps: int = 1000,
    seed: int = 0,
) -> CUGTest:
    """Conditional uniform graph test: is a network statistic more than chance?

    The statistic of the network is compared with its values on ``reps``
    networks drawn uniformly from those with the same partners and, by
    ``conditioning``, the same number of ties or the same dyad census.

    Parameters
    ----------
    net : PartnerNetwork
    statistic : str or callable
        A column of :func:`network_statistics` (``"transitivity"``,
        ``"reciprocity"``, ``"degree_centralization"``, …; with ``by`` also
        ``"ei_index"``, ``"assortativity"``, ``"within_ties"`` and
        ``"between_ties"``) or a function of the 0/1 adjacency
        (``scipy.sparse.csr_array``, symmetric unless ``directed``, rows in
        the order of ``net.partners``) returning a number.
    conditioning : {"size", "edges", "dyad.census"}
        ``"size"``: every pair tied with probability ½ (sna's uniform graphs
        of that size; costly beyond a few hundred partners); ``"edges"``
        (default): exactly as many ties (arcs when directed); ``"dyad.census"``:
        as many mutual and one-way pairs (the same as ``"edges"`` undirected).
    by : str, optional
        Partner column of the groups, for ``"ei_index"`` and
        ``"assortativity"``; the partners keep their groups.
    relations : iterable of str, optional
        Use only these relation kinds.
    directed : bool, optional
        Read relations as arcs (see ``net.ties(directed=True)``). Default:
        True for ``"reciprocity"``, False otherwise.
    reps : int
        Number of random networks (default 1000).
    seed : int
        Seed of the random networks (default 0): the same seed repeats the test.

    Returns
    -------
    CUGTest
        ``observed``, ``replicates``, ``p_greater`` and ``p_less`` (sna's
        ``pgteobs`` and ``plteobs``), ``summary()``.

    Notes
    -----
    With ``reps`` random networks a p-value is known to about
    ``√(p(1−p)/reps)`` (±0.016 at 0.5 with 1,000). Path statistics on the
    random networks are exact whatever the network's size; the rest cost a
    few sparse products per network.

    References
    ----------
    Anderson, B. S., Butts, C., & Carley, K. (1999). The interaction of size
    and density with graph-level indices. Social Networks, 21(3), 239–267.

    Examples
    --------
    >>> import govgraph as gg
    >>> net = gg.load_dataset("datun_north")
    >>> test = gg.cug_test(net, "transitivity", reps=20)
    >>> test.p_greater, round(test.observed, 4)
    (0.0, 0.0058)
    """
    net = check_network(net)
    relations = check_relations(net, relations)
    conditioning = check_choice(conditioning, CONDITIONING, "conditioning")
    reps = check_count(reps, "reps")
    seed = check_seed(seed)
    name, measure = _check_statistic(net, statistic, by)
    if directed is None:
        directed = name == "reciprocity"
    if not isinstance(directed, bool):
        raise GovGraphError(f"directed: expected True or False, got {directed!r}")
    adjacency = net.ties(weight=None, relations=relations, directed=directed).pattern
    observed = measure(adjacency)
    rng = np.random.default_rng(seed)
    replicates = np.array(
        [measure(_uniform_graph(adjacency, conditioning, directed, rng)) for _ in range(reps)],
        dtype=np.float64,
    )
    return CUGTest(name, observed, replicates, conditioning, directed, seed)


def _check_statistic(
    net: PartnerNetwork, statistic: object, by: str | None
) -> tuple[str, Callable[[sp.csr_array], float]]:
    """The statistic's name and a function of the 0/1 adjacency computing it."""
    if callable(statistic):
        function = statistic

        def measure(adjacency: sp.csr_array) -> float:
            value = function(adjacency)
            try:
                return float(value)  # type: ignore[arg-type]
            except (TypeError, ValueError):
                raise GovGraphError(
                    f"statistic: expected the function to return a number, got {value!r}"
                ) from None

        return getattr(statistic, "__name__", "statistic"), measure
    name = check_choice(statistic, _TESTABLE, "statistic")
    if name in _GROUP_COLUMNS:
        if by is None:
            raise GovGraphError(f"by: the statistic {name!r} needs a partner column of groups")
        codes = pd.factorize(check_group_column(net, by).astype("string"))[0]
        return name, lambda a: float(_mixing_statistics(_symmetric(a), codes)[name])  # type: ignore[arg-type]
    if name == "reciprocity":
        return name, reciprocity
    simple: dict[str, Callable[[sp.csr_array], float]] = {
        "density": density,
        "transitivity": transitivity,
        "average_clustering": average_clustering,
        "degree_centralization": degree_centralization,
        "components": lambda p: float(connected_components(p, directed=False)[0]),
    }
    if name in simple:
        return name, lambda a: simple[name](_symmetric(a))

    def whole_row(adjacency: sp.csr_array) -> float:
        """The statistic from a whole row of exact statistics (paths included)."""
        pattern = _symmetric(adjacency)
        return float(_statistics(pattern, adjacency, pattern.shape[0], 0)[name])  # type: ignore[arg-type]

    return name, whole_row


def _symmetric(adjacency: sp.csr_array) -> sp.csr_array:
    """The undirected 0/1 pattern of an adjacency (itself when already symmetric)."""
    if (adjacency != adjacency.T).nnz == 0:
        return adjacency
    pattern = sp.csr_array(adjacency + adjacency.T)
    pattern.data[:] = 1.0
    return pattern


def _uniform_graph(
    adjacency: sp.csr_array, conditioning: str, directed: bool, rng: np.random.Generator
) -> sp.csr_array:
    """A random 0/1 adjacency on the same partners, keeping what ``conditioning`` names."""
    n = adjacency.shape[0]
    pairs = n * (n - 1) // 2
    if conditioning == "size":
        if directed:
            chosen = rng.random((n, n)) < 0.5
            np.fill_diagonal(chosen, False)
            return sp.csr_array(chosen.astype(np.float64))
        rows, cols = _pair(np.flatnonzero(rng.random(pairs) < 0.5), n)
        return _from_pairs(rows, cols, n, both=True)
    if conditioning == "edges" and directed:
        arcs = rng.choice(n * (n - 1), size=adjacency.nnz, replace=False)
        rows, cols = arcs // (n - 1), arcs % (n - 1)
        cols = cols + (cols >= rows)  # skip the diagonal
        return _from_pairs(rows, cols, n, both=False)
    if not directed:
        rows, cols = _pair(rng.choice(pairs, size=adjacency.nnz // 2, replace=False), n)
        return _from_pairs(rows, cols, n, both=True)
    # Dyad census of a digraph: as many mutual pairs and one-way pairs, each placed at random.
    mutual = adjacency.multiply(adjacency.T).nnz // 2
    one_way = adjacency.nnz - 2 * mutual
    rows, cols = _pair(rng.choice(pairs, size=mutual + one_way, replace=False), n)
    flip = rng.random(one_way) < 0.5
    tail = np.concatenate([rows[:mutual], np.where(flip, cols[mutual:], rows[mutual:])])
    head = np.concatenate([cols[:mutual], np.where(flip, rows[mutual:], cols[mutual:])])
    both = np.concatenate([np.ones(mutual, bool), np.zeros(one_way, bool)])
    return _from_pairs(np.concatenate([tail, head[both]]), np.concatenate([head, tail[both]]), n, both=False)


def _pair(index: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Row and column (row < column) of the upper-triangle pairs numbered ``index`` row by row."""
    index = np.asarray(index, dtype=np.int64)
    # Pairs before row i: i·n − i(i+1)/2; invert that quadratic, then correct any float rounding.
    row = np.floor((2 * n - 1 - np.sqrt((2 * n - 1) ** 2 - 8 * index.astype(np.float64))) / 2).astype(
        np.int64
    )
    start = row * n - row * (row + 1) // 2
    row = np.where(index < start, row - 1, row)
    start = row * n - row * (row + 1) // 2
    after = index >= start + (n - 1 - row)
    row = np.where(after, row + 1, row)
    start = row * n - row * (row + 1) // 2
    return row, index - start + row + 1


def _from_pairs(rows: np.ndarray, cols: np.ndarray, n: int, *, both: bool) -> sp.csr_array:
    if both:
        rows, cols = np.concatenate([rows, cols]), np.concatenate([cols, rows])
    return sp.csr_array((np.ones(len(rows)), (rows, cols)), shape=(n, n))
