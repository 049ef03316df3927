"""The tie graph every analysis shares: partners joined by summed, undirected ties."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp

from govgraph.errors import GovGraphError
from govgraph.network import PartnerNetwork


@dataclass(frozen=True)
class Ties:
    """Undirected ties between partners, parallel relations merged.

    Attributes
    ----------
    strength : csr_array
        Symmetric; ``strength[i, j]`` sums the weights of every relation
        between partners ``i`` and ``j``, in either direction.
    pattern : csr_array
        Symmetric 0/1 matrix of the pairs that have a tie of positive strength.
    index : pandas.Index
        Partner ids in matrix order.
    """

    strength: sp.csr_array
    pattern: sp.csr_array
    index: pd.Index

    @property
    def size(self) -> int:
        return len(self.index)

    def distances(self) -> sp.csr_array | None:
        """Tie lengths 1/strength, or None when every tie has the same strength.

        Equal strengths make every shortest path a fewest-hops path, which
        the breadth-first search finds much faster than Dijkstra's algorithm.
        """
        values = self.strength.data[self.strength.data > 0]
        if len(values) == 0 or np.all(values == values[0]):
            return None
        length = self.strength.copy()
        positive = length.data > 0
        length.data[positive] = 1.0 / length.data[positive]
        length.data[~positive] = 0.0
        length.eliminate_zeros()
        return length


def ties(net: PartnerNetwork, weight: str | None = "weight", relations: Iterable[str] | None = None) -> Ties:
    """The undirected tie graph of ``net`` (see :class:`Ties`)."""
    if weight is not None and not isinstance(weight, str):
        raise GovGraphError(f"weight: expected a relation column name or None, got {weight!r}")
    if relations is not None and isinstance(relations, str):
        relations = [relations]
    adjacency = net.adjacency(weight=weight, relations=relations, directed=False)
    strength = adjacency.matrix.copy()
    if strength.nnz and (not np.all(np.isfinite(strength.data)) or strength.data.min() < 0):
        raise GovGraphError(f"weight: column {weight!r} must hold finite, non-negative numbers")
    strength.eliminate_zeros()
    pattern = strength.copy()
    pattern.data = np.ones_like(pattern.data)
    return Ties(strength, pattern, adjacency.index)


def within_hops(pattern: sp.csr_array, rows: np.ndarray, hops: int) -> sp.csr_array:
    """0/1 matrix: row ``i`` marks every partner at most ``hops`` ties from partner ``rows[i]``."""
    size = pattern.shape[0]
    reach = sp.csr_array((np.ones(len(rows)), (np.arange(len(rows)), rows)), shape=(len(rows), size))
    step = sp.csr_array(pattern + sp.eye_array(size, format="csr"))
    for _ in range(hops):
        reach = sp.csr_array(reach @ step)
        reach.data[:] = 1.0
    return reach
