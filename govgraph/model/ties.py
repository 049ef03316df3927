"""The tie graph every analysis shares: partners joined by summed, undirected ties.

``net.ties()`` builds it once per weight column, relation filter and
direction and caches it on the network (``directed=True`` gives the arcs
that directed measures use). Parallel relations between two partners merge into
one tie whose strength is the sum of their weights. A relation of weight 0
is still a tie: it counts for the structure (degree, cores, reach, weak
points) but adds no strength, and a path measure that takes ``1 / strength``
as a tie's length cannot cross it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp

__all__ = ["Ties"]


@dataclass(frozen=True)
class Ties:
    """Ties between partners, parallel relations merged.

    Attributes
    ----------
    strength : csr_array
        ``strength[i, j]`` sums the weights of every relation between
        partners ``i`` and ``j``: in either direction (symmetric) when
        undirected, from ``i`` to ``j`` when directed (ties of strength 0
        are not stored).
    pattern : csr_array
        0/1 matrix of the pairs joined by at least one relation, whatever its
        weight (symmetric when undirected).
    index : pandas.Index
        Partner ids in matrix order (the order of ``net.partners``).
    directed : bool
        Whether these are arcs (see ``PartnerNetwork.ties``).
    """

    strength: sp.csr_array
    pattern: sp.csr_array
    index: pd.Index
    directed: bool = False

    @property
    def size(self) -> int:
        """Number of partners."""
        return len(self.index)

    def lengths(self) -> sp.csr_array | None:
        """Tie lengths ``1 / strength``, or None when every tie has the same positive strength.

        Equal strengths make every shortest path a fewest-hops path, which
        a breadth-first search finds much faster than Dijkstra's algorithm.
        Ties of strength 0 have no length: a path cannot cross them.
        """
        values = self.strength.data
        if self.strength.nnz == self.pattern.nnz and (len(values) == 0 or np.all(values == values[0])):
            return None
        length = self.strength.copy()
        length.data = 1.0 / length.data
        return length

    def within_hops(self, rows: np.ndarray, hops: int) -> sp.csr_array:
        """0/1 matrix: row ``i`` marks every partner at most ``hops`` ties from partner ``rows[i]``."""
        size = self.size
        reach = sp.csr_array((np.ones(len(rows)), (np.arange(len(rows)), rows)), shape=(len(rows), size))
        step = sp.csr_array(self.pattern + sp.eye_array(size, format="csr"))
        for _ in range(hops):
            reach = sp.csr_array(reach @ step)
            reach.data[:] = 1.0
        return reach

    def hops_from(self, sources: np.ndarray) -> np.ndarray:
        """Hops from the nearest of ``sources`` (a boolean mask) to each partner; -1 if none is connected."""
        dist = np.where(sources, 0, -1)
        frontier = sources.astype(np.float64)
        level = 0
        while frontier.any():
            level += 1
            nearby = (self.pattern @ frontier > 0) & (dist < 0)
            dist[nearby] = level
            frontier = nearby.astype(np.float64)
        return dist

    def hops_between(self, sources: np.ndarray, targets: np.ndarray, limit: int) -> np.ndarray:
        """Dense ``sources × targets`` (positions): ties on a shortest path, -1 beyond ``limit``."""
        hops = np.full((len(sources), len(targets)), -1, dtype=np.int64)
        if not len(sources) or not len(targets):
            return hops
        reach = self.within_hops(sources, 0)
        step = sp.csr_array(self.pattern + sp.eye_array(self.size, format="csr"))
        for level in range(limit + 1):
            if level:
                reach = sp.csr_array(reach @ step)
                reach.data[:] = 1.0
            hit = reach[:, targets].toarray() > 0
            hops[hit & (hops < 0)] = level
        return hops
