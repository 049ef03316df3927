"""Gould–Fernandez brokerage: who passes things between which groups.

A partner ``j`` brokers when ``i → j → k`` and not ``i → k``. Who the three
belong to names the role (Gould & Fernandez 1989):

=============== ========================= ==================================
role            groups                    in a street
=============== ========================= ==================================
coordinator     i, j, k in one group      a grid worker between two residents of their grid
itinerant       i, k in one group, j not  an outside professional between two residents
representative  i, j in one group, k not  a branch secretary reporting to the street
gatekeeper      j, k in one group, i not  a community office taking in an outside request
liaison         all three different       a social organisation between two communities
=============== ========================= ==================================
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp

from govgraph.model.checks import check_group_column, check_network
from govgraph.model.network import PartnerNetwork
from govgraph.model.places import partner_table

__all__ = ["ROLES", "brokerage"]

#: The five roles, in the order of their columns.
ROLES = ("coordinator", "itinerant", "representative", "gatekeeper", "liaison")
_NO_GROUP = "(none)"


def brokerage(net: PartnerNetwork, *, by: str = "kind") -> pd.DataFrame:
    """Count the five Gould–Fernandez brokerage roles of every partner.

    Parameters
    ----------
    net : PartnerNetwork
    by : str
        Partner column whose values are the groups: ``"kind"`` (default),
        ``"community"``, ``"grid"`` (the partners' places, see
        ``net.places``) or any extra column. Partners without a value form
        one group, ``"(none)"``.

    Returns
    -------
    DataFrame
        Index: partner id (every partner). Columns ``kind``, ``name``,
        ``community``, ``grid``, ``group``; the counts ``coordinator``,
        ``itinerant``, ``representative``, ``gatekeeper``, ``liaison`` and
        ``total``; then ``<role>_z`` and ``total_z``: how many standard
        deviations each count lies above its expectation in a random network
        of the same density and group sizes (NaN where that expectation has
        no spread, e.g. a coordinator role in a group of two).
        ``attrs["density"]`` holds the density used.

    See Also
    --------
    centrality : betweenness counts brokerage without the groups.

    Notes
    -----
    The relations are read as directed ties: a relation of a directed kind
    (``leads``, ``visits``, …) from source to target, an undirected one
    (``partners_with``, ``collaborates``) both ways; parallel relations
    count once. Counts and z-scores follow R's ``sna::brokerage`` (Butts),
    which follows Gould & Fernandez: ``i ≠ k``, and only the tie ``i → k``
    closes a path. Cost: one sparse pass over the two-paths that are closed.

    What the z-scores assume: the expectation and spread of each count are
    those of a Bernoulli random digraph with the observed density and group
    sizes, every arc independent of every other (sna's analytic moments).
    Real partner networks are nothing like that: a community office or a
    building is tied to hundreds of partners while the density is below
    0.1 %, so its expected count is near 0 with a tiny spread and its
    z-score runs into the thousands (Datun North's largest is about 3,000).
    Read a z-score as "far more than a random network of this density
    would give", a ranking within one network — not as a normal deviate
    with a p-value, and not across networks of different density. For a
    test that keeps the degrees or the dyad census, use :func:`cug_test`
    with the brokerage total as the statistic.

    References
    ----------
    Gould, R. V., & Fernandez, R. M. (1989). Structures of mediation: A
    formal approach to brokerage in transaction networks. Sociological
    Methodology, 19, 89–126.

    Examples
    --------
    >>> import govgraph as gg
    >>> roles = gg.brokerage(gg.load_dataset("datun_north"), by="kind")
    >>> top = roles.sort_values("total").iloc[-1]
    >>> top["name"], int(top["total"])
    ('富成花园社区党委', 4572)
    """
    net = check_network(net)
    groups = check_group_column(net, by).astype("string").fillna(_NO_GROUP)
    codes, names = pd.factorize(groups)
    arcs = net.ties(weight=None, directed=True).pattern
    counts = _role_counts(arcs, codes, len(names))
    n = arcs.shape[0]
    density = arcs.nnz / (n * (n - 1)) if n > 1 else 0.0
    expected, spread = _moments(codes, len(names), density)
    table = partner_table(net)
    table["group"] = groups.to_numpy()
    columns = [*ROLES, "total"]
    for i, role in enumerate(columns):
        table[role] = counts[:, i].astype(np.int64)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (counts - expected) / spread
    z[spread == 0] = np.nan
    for i, role in enumerate(columns):
        table[f"{role}_z"] = z[:, i]
    table.attrs["density"] = density
    return table


def _role_counts(arcs: sp.csr_array, codes: np.ndarray, groups: int) -> np.ndarray:
    """Raw role counts (n × 6, the last column the total) of every partner."""
    n = arcs.shape[0]
    member = sp.csr_array((np.ones(n), (np.arange(n), codes)), shape=(n, groups))
    into = sp.csr_array(arcs.T @ member)  # in-neighbours of j by group
    out = sp.csr_array(arcs @ member)  # out-neighbours of j by group
    mutual = sp.csr_array(arcs.multiply(arcs.T) @ member)  # i -> j -> i, never a brokerage
    own = (np.arange(n), codes)
    in_own, out_own, mutual_own = (np.asarray(m[own]).ravel() for m in (into, out, mutual))
    in_all = np.asarray(into.sum(axis=1)).ravel()
    out_all = np.asarray(out.sum(axis=1)).ravel()
    mutual_all = np.asarray(mutual.sum(axis=1)).ravel()
    same_outside = np.asarray(into.multiply(out).sum(axis=1)).ravel() - in_own * out_own
    counts = np.zeros((n, 5))
    counts[:, 0] = in_own * out_own - mutual_own
    counts[:, 1] = same_outside - (mutual_all - mutual_own)
    counts[:, 2] = in_own * (out_all - out_own)
    counts[:, 3] = (in_all - in_own) * out_own
    counts[:, 4] = (in_all - in_own) * (out_all - out_own) - same_outside
    counts -= _closed_counts(arcs, codes)
    return np.column_stack([counts, counts.sum(axis=1)])


def _closed_counts(arcs: sp.csr_array, codes: np.ndarray) -> np.ndarray:
    """Role counts of the two-paths i -> j -> k that i -> k closes, by broker j."""
    n = arcs.shape[0]
    coo = sp.coo_array(arcs)
    i, k = coo.coords
    keep = i != k
    i, k = i[keep], k[keep]
    result = np.zeros((n, 5))
    # Brokers between i and k are out(i) ∩ in(k); chunks bound the memory.
    transposed = sp.csr_array(arcs.T)
    step = 1 << 16
    for start in range(0, len(i), step):
        a, c = i[start : start + step], k[start : start + step]
        both = sp.coo_array(arcs[a].multiply(transposed[c]))
        row, j = both.coords
        result += _classify(codes[a[row]], codes[j], codes[c[row]], j, n)
    return result


def _classify(gi: np.ndarray, gj: np.ndarray, gk: np.ndarray, broker: np.ndarray, n: int) -> np.ndarray:
    role = np.where(
        gi == gj,
        np.where(gj == gk, 0, 2),
        np.where(gj == gk, 3, np.where(gi == gk, 1, 4)),
    )
    counts = np.zeros((n, 5))
    np.add.at(counts, (broker, role), 1.0)
    return counts


def _moments(codes: np.ndarray, groups: int, density: float) -> tuple[np.ndarray, np.ndarray]:
    """Expected counts and standard deviations by broker, as ``sna::brokerage``."""
    size = np.bincount(codes, minlength=groups).astype(np.float64)
    n = float(len(codes))
    d, p = density, density**2 * (1 - density)
    q = d**3 * (1 - d) ** 3
    expected = np.zeros((groups, 6))
    variance = np.zeros((groups, 6))
    for g in range(groups):
        own, others = size[g], np.delete(size, g)
        expected[g] = p * np.array(
            [
                (own - 1) * (own - 2),
                (others * (others - 1)).sum(),
                (n - own) * (own - 1),
                (n - own) * (own - 1),
                others.sum() ** 2 - (others**2).sum(),
                (n - 1) * (n - 2),
            ]
        )
        extra = np.array(
            [
                2 * (own - 1) * (own - 2) * (own - 3),
                2 * (others * (others - 1) * (others - 2)).sum(),
                2 * ((own - 1) * _pairs(n - own) + (n - own) * _pairs(own - 1)),
                2 * ((own - 1) * _pairs(n - own) + (n - own) * _pairs(own - 1)),
                4 * (others * _pairs(n - others - own)).sum(),
                2 * (n - 1) * (n - 2) * (n - 3),
            ]
        )
        variance[g] = expected[g] * (1 - p) + extra * q
    return expected[codes], np.sqrt(np.maximum(variance, 0))[codes]


def _pairs(count: np.ndarray | float) -> np.ndarray | float:
    return count * (count - 1) / 2
