"""Trust paths: through whom a requester can reach a provider.

A resident asks the people they know: the grid's party branch, the grid
worker, the door head. For every candidate pair the shortest chain of ties
from requester to provider is found (up to :data:`TRUST_HOPS`), naming the
partners on it whom a coordinator would mention first.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp

from govgraph.model.network import PartnerNetwork
from govgraph.model.schema import LEVELS

__all__ = ["TRUST_HOPS", "intermediary_rank", "trust_paths"]

#: Trust paths from requester to provider are searched up to this many ties.
TRUST_HOPS = 4

# Who names a trust path best, by the schema's roles: the party organisations the article
# puts first, then grid workers, then places and community organisations.
_ROLE_RANK = {"grid_party": 9, "community_party": 8, "building_party": 7, "worker": 6, "organisation": 3}
_LEVEL_RANK = {"grid": 5, "community": 4, "building": 2}


def intermediary_rank(net: PartnerNetwork) -> np.ndarray:
    """How well each partner names a trust path (higher first; 1 for anyone else)."""
    schema = net.schema
    by_kind = {key: 1.0 for key in schema.kinds}
    for level in LEVELS:
        by_kind.update(dict.fromkeys(schema.kinds_at(level), float(_LEVEL_RANK[level])))
    for role, value in sorted(_ROLE_RANK.items(), key=lambda item: item[1]):
        by_kind.update(dict.fromkeys(schema.kinds_with(role), float(value)))
    return net.partners["kind"].map(by_kind).fillna(1.0).to_numpy(dtype=np.float64)


def trust_paths(
    net: PartnerNetwork, who: np.ndarray, by: np.ndarray
) -> tuple[np.ndarray, list[tuple[int, ...]]]:
    """Ties from each requester to its provider (positions; -1 beyond :data:`TRUST_HOPS`) and the
    partners on one such path, the best-placed intermediaries first (see :func:`intermediary_rank`)."""
    pattern = net.ties(weight=None).pattern
    pairs = pd.DataFrame({"who": who, "by": by})
    distinct = pairs.drop_duplicates().reset_index(drop=True)
    a, b = distinct["who"].to_numpy(), distinct["by"].to_numpy()
    n = pattern.shape[0]
    rank = intermediary_rank(net)
    adjacent = sp.csr_array(pattern)
    ball1 = sp.csr_array(adjacent + sp.eye_array(n, format="csr"))
    ball1.data[:] = 1.0
    ends = np.unique(np.concatenate([a, b]))
    ball2_rows = sp.csr_array(ball1[ends] @ ball1)
    ball2_rows.data[:] = 1.0
    at = pd.Series(np.arange(len(ends)), index=ends)
    ball2_a = ball2_rows[at[a].to_numpy()] if len(a) else ball2_rows[:0]
    ball2_b = ball2_rows[at[b].to_numpy()] if len(b) else ball2_rows[:0]

    def meets(x: sp.csr_array, y: sp.csr_array) -> sp.csr_array:
        return sp.csr_array(x.multiply(y))

    def pick(m: sp.csr_array) -> np.ndarray:
        """Per row, the highest-ranked partner in it (-1 for an empty row)."""
        best = np.full(m.shape[0], -1, dtype=np.int64)
        found = np.diff(m.indptr) > 0
        if found.any():
            # argmax keeps the first (lowest) column among equal ranks.
            ranked = sp.csr_array(m.multiply(rank[None, :]))
            ranked.sort_indices()
            best[found] = np.asarray(ranked.argmax(axis=1)).ravel()[found]
        return best

    distance = np.full(len(a), -1, dtype=np.int64)
    paths: list[tuple[int, ...]] = [()] * len(a)
    distance[a == b] = 0
    direct = np.asarray(adjacent[a, b]).ravel() > 0 if len(a) else np.zeros(0, dtype=bool)
    distance[(distance < 0) & direct] = 1
    two = meets(ball1[a], ball1[b])
    open_ = distance < 0
    at_two = open_ & (np.diff(two.indptr) > 0)
    distance[at_two] = 2
    three = meets(ball2_a, ball1[b])
    at_three = (distance < 0) & (np.diff(three.indptr) > 0)
    distance[at_three] = 3
    four = meets(ball2_a, ball2_b)
    at_four = (distance < 0) & (np.diff(four.indptr) > 0)
    distance[at_four] = 4

    rows = np.flatnonzero(at_two)
    for r, m in zip(rows, pick(two[rows])):
        paths[r] = (m,)
    rows = np.flatnonzero(at_three)
    if len(rows):
        first = pick(meets(adjacent[a[rows]], ball2_rows[at[b[rows]].to_numpy()]))
        second = pick(meets(adjacent[first], adjacent[b[rows]]))
        for r, x, y in zip(rows, first, second):
            paths[r] = (x, y)
    rows = np.flatnonzero(at_four)
    for r, m in zip(rows, pick(four[rows])):
        paths[r] = (m,)

    distinct["distance"] = distance
    distinct["path"] = paths
    merged = pairs.merge(distinct, on=["who", "by"], how="left")
    return merged["distance"].to_numpy(), merged["path"].tolist()
