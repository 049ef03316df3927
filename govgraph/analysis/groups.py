"""Communities detected in the tie graph, compared with the administrative ones.

Grid governance draws lines on a map; the ties people keep draw their own.
Comparing the two shows where a grid works as one neighbourhood and where
two grids are really one (or one grid is really two), and the partners whose
ties cross community lines hold the cluster (雁阵) together.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import scipy.sparse as sp

from govgraph.model.checks import check_choice, check_network, check_relations, check_seed
from govgraph.model.network import PartnerNetwork
from govgraph.model.places import partner_table

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["METHODS", "CommunityDetection", "communities", "cross_community_ties"]

#: Detection methods (networkx's; louvain is seeded).
METHODS = ("louvain", "label_propagation")


@dataclass(frozen=True)
class CommunityDetection:
    """Detected groups and how they line up with grids and communities.

    Attributes
    ----------
    groups : DataFrame
        Index: partner id (every partner); ``kind``, ``name``,
        ``community``, ``grid`` and ``group`` (0 = the largest detected group).
    comparison : DataFrame
        One row per partition (``detected``, ``community``, ``grid``):
        ``groups`` (how many), ``modularity`` of that partition on the tie
        graph, and ``adjusted_rand`` and ``normalized_mutual_info`` against
        the detected groups (over the partners the partition assigns).
    crosstab : DataFrame
        Partners per detected group (rows) and community (columns).
    method : str
    seed : int
    """

    groups: pd.DataFrame
    comparison: pd.DataFrame
    crosstab: pd.DataFrame
    method: str
    seed: int


def communities(
    net: PartnerNetwork,
    *,
    method: str = "louvain",
    seed: int = 0,
    weight: str | None = "weight",
    resolution: float = 1.0,
    relations: Iterable[str] | None = None,
) -> CommunityDetection:
    """Detect groups of closely tied partners and compare them with grids and communities.

    Parameters
    ----------
    net : PartnerNetwork
    method : {"louvain", "label_propagation"}
        ``louvain`` (default) maximises modularity (Blondel et al. 2008);
        ``label_propagation`` is the deterministic semi-synchronous variant
        (Cordasco & Gargano 2010), faster and coarser.
    seed : int
        Seed of the randomised methods (default 0).
    weight : str or None
        Relation column of tie strength (None: every relation counts 1).
    resolution : float
        Modularity resolution of louvain (larger → smaller groups).
    relations : iterable of str, optional
        Relation kinds that count as ties (default: all).

    Returns
    -------
    CommunityDetection

    Notes
    -----
    Ties are undirected, parallel relations merged (as in :func:`centrality`).
    Partners without ties form groups of their own. Adjusted Rand and NMI
    (arithmetic normalisation) are computed from the contingency table.

    Examples
    --------
    >>> import govgraph as gg
    >>> found = gg.communities(gg.load_dataset("datun_north"))
    >>> round(float(found.comparison.loc["community", "normalized_mutual_info"]), 2)
    0.64
    """
    import networkx as nx  # imported when used: it takes a fifth of a second to load

    net = check_network(net)
    check_choice(method, METHODS, "method")
    seed = check_seed(seed)
    graph = net.ties(weight=weight, relations=check_relations(net, relations))
    simple = nx.from_scipy_sparse_array(graph.strength)
    found = _detect(simple, method, seed, resolution)
    found.sort(key=lambda group: (-len(group), min(group)))
    labels = np.empty(graph.size, dtype=np.int64)
    for number, members in enumerate(found):
        labels[list(members)] = number
    table = partner_table(net)
    table["group"] = labels
    partitions = {
        "detected": pd.Series(labels, index=table.index),
        "community": table["community"],
        "grid": table["grid"],
    }
    comparison = pd.DataFrame(
        [_compare(simple, partitions[name], partitions["detected"]) for name in partitions],
        index=pd.Index(list(partitions), name="partition"),
    )
    crosstab = pd.crosstab(table["group"], table["community"].fillna("(none)"))
    return CommunityDetection(table, comparison, crosstab, method, seed)


def _detect(graph: nx.Graph, method: str, seed: int, resolution: float) -> list[set[int]]:
    import networkx as nx  # imported when used: it takes a fifth of a second to load

    if method == "louvain":
        return list(
            nx.community.louvain_communities(graph, weight="weight", resolution=resolution, seed=seed)
        )
    return list(nx.community.label_propagation_communities(graph))


def _compare(graph: nx.Graph, partition: pd.Series, detected: pd.Series) -> dict[str, float]:
    import networkx as nx  # imported when used: it takes a fifth of a second to load

    assigned = partition.notna().to_numpy()
    codes = pd.factorize(partition)[0]
    groups = [set(np.flatnonzero(codes == c)) for c in range(codes.max() + 1)] if assigned.any() else []
    unassigned = set(np.flatnonzero(~assigned))
    modularity = (
        nx.community.modularity(graph, [*groups, *({v} for v in unassigned)], weight="weight")
        if graph.number_of_edges()
        else np.nan
    )
    return {
        "groups": len(groups),
        "modularity": modularity,
        "adjusted_rand": _adjusted_rand(codes[assigned], detected.to_numpy()[assigned]),
        "normalized_mutual_info": _normalized_mutual_info(codes[assigned], detected.to_numpy()[assigned]),
    }


def _contingency(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    _, ai = np.unique(a, return_inverse=True)
    _, bi = np.unique(b, return_inverse=True)
    table = sp.coo_array((np.ones(len(a)), (ai, bi)))
    return table.toarray()


def _adjusted_rand(a: np.ndarray, b: np.ndarray) -> float:
    if len(a) < 2:
        return np.nan
    table = _contingency(a, b)

    def pairs(x: np.ndarray) -> float:
        return float((x * (x - 1) / 2).sum())

    both, rows, cols = pairs(table), pairs(table.sum(axis=1)), pairs(table.sum(axis=0))
    expected = rows * cols / (len(a) * (len(a) - 1) / 2)
    top = (rows + cols) / 2
    return 1.0 if top == expected else (both - expected) / (top - expected)


def _normalized_mutual_info(a: np.ndarray, b: np.ndarray) -> float:
    if len(a) == 0:
        return np.nan
    joint = _contingency(a, b) / len(a)
    pa, pb = joint.sum(axis=1), joint.sum(axis=0)
    nonzero = joint > 0
    mutual = float((joint[nonzero] * np.log(joint[nonzero] / np.outer(pa, pb)[nonzero])).sum())
    ha, hb = -float((pa * np.log(pa)).sum()), -float((pb * np.log(pb)).sum())
    if ha + hb == 0:
        return 1.0
    return 2 * mutual / (ha + hb)


def cross_community_ties(net: PartnerNetwork, *, relations: Iterable[str] | None = None) -> pd.DataFrame:
    """Partners whose ties reach beyond their own community: the bridges of the cluster.

    Parameters
    ----------
    net : PartnerNetwork
    relations : iterable of str, optional
        Relation kinds that count as ties (default: all).

    Returns
    -------
    DataFrame
        Index: partner id, only partners tied to at least one partner of
        another community (or, for partners without a community, to two
        communities). Columns ``kind``, ``name``, ``community``, ``grid``,
        ``ties``, ``cross_community_ties`` (ties to partners of another
        community), ``communities_reached`` (communities among its
        neighbours, other than its own) and ``reached`` (their ids, ``、``
        separated). Sorted by communities reached, then cross ties.

    Notes
    -----
    Ties are undirected, parallel relations merged; neighbours without a
    community are not counted.

    Examples
    --------
    >>> import govgraph as gg
    >>> bridges = gg.cross_community_ties(gg.load_dataset("datun_north"))
    >>> top = bridges.iloc[0]
    >>> top["name"], int(top["communities_reached"])
    ('富成花园社区党委', 4)
    """
    net = check_network(net)
    graph = net.ties(weight=None, relations=check_relations(net, relations))
    table = partner_table(net)
    community = table["community"]
    codes, uniques = pd.factorize(community)
    names = np.asarray(uniques, dtype=object)
    has = codes >= 0
    coo = sp.coo_array(graph.pattern)
    u, v = coo.coords
    keep = has[v]
    u, v = u[keep], v[keep]
    other = codes[v] != codes[u]
    reached = sp.csr_array(
        (np.ones(int(other.sum())), (u[other], codes[v][other])), shape=(graph.size, max(len(names), 1))
    )
    table["ties"] = np.diff(graph.pattern.indptr)
    table["cross_community_ties"] = np.asarray(reached.sum(axis=1)).ravel().astype(np.int64)
    reached.data[:] = 1
    table["communities_reached"] = np.diff(reached.indptr)
    table["reached"] = ["、".join(names[reached.indices[a:b]]) for a, b in itertools.pairwise(reached.indptr)]
    bridging = (table["communities_reached"] >= np.where(has, 1, 2)).to_numpy()
    table = table[bridging]
    return table.sort_values(["communities_reached", "cross_community_ties"], ascending=False, kind="stable")
