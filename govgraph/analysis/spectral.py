"""Measures computed by sparse linear algebra on the tie graph.

PageRank and eigenvector centrality iterate sparse matrix-vector products;
core numbers peel the graph in whole layers; Burt's constraint and
effective size use sparse products masked to each partner's ego network.
"""

from __future__ import annotations

import itertools

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components
from scipy.sparse.linalg import ArpackNoConvergence, eigsh

from govgraph.errors import GovGraphError

__all__ = ["constraint", "core_number", "effective_size", "eigenvector", "hits", "pagerank"]

#: Rows of the ego-network products computed at once (bounds their memory).
_EGO_ROWS = 1 << 14


def pagerank(
    strength: sp.csr_array, alpha: float = 0.85, tol: float = 1e-12, max_iter: int = 1000
) -> np.ndarray:
    """PageRank with uniform teleport; partners without ties spread their score evenly."""
    n = strength.shape[0]
    if n == 0:
        return np.zeros(0)
    out = np.asarray(strength.sum(axis=1)).ravel()
    dangling = out == 0
    inverse = np.divide(1.0, out, out=np.zeros(n), where=~dangling)
    walk = sp.csr_array(strength.T) @ sp.dia_array((inverse, 0), shape=(n, n))
    walk = sp.csr_array(walk)
    x = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        previous = x
        x = alpha * (walk @ x + previous[dangling].sum() / n) + (1.0 - alpha) / n
        if np.abs(x - previous).sum() < tol:
            return x / x.sum()
    raise GovGraphError(f"pagerank did not converge in {max_iter} iterations")


def eigenvector(strength: sp.csr_array) -> np.ndarray:
    """Principal eigenvector of the tie strengths, unit length within each connected piece.

    One eigenvector of a network in several pieces lives on one piece only
    (networkx refuses such networks), so each piece gets its own; partners
    without ties get 0.
    """
    n = strength.shape[0]
    if strength.nnz == 0:
        raise GovGraphError("eigenvector centrality is undefined for a network without ties")
    pieces, label = connected_components(strength, directed=False)
    order = np.argsort(label, kind="stable")
    bounds = np.searchsorted(label[order], np.arange(pieces + 1))
    result = np.zeros(n)
    for start, stop in itertools.pairwise(bounds):
        if stop - start > 1:
            members = order[start:stop]
            result[members] = _principal(sp.csr_array(strength[members][:, members]))
    return result


def hits(arcs: sp.csr_array) -> tuple[np.ndarray, np.ndarray]:
    """Kleinberg's hub and authority scores of weighted arcs, each scaled to a largest value of 1.

    Authorities are the principal eigenvector of ``AᵀA``, hubs ``A`` times
    the authorities (igraph's ``hub_score``/``authority_score`` with
    ``scale=TRUE``); all 0 without arcs.
    """
    n = arcs.shape[0]
    if arcs.nnz == 0:
        return np.zeros(n), np.zeros(n)
    authority = np.abs(_principal(sp.csr_array(arcs.T @ arcs)))
    hub = arcs @ authority
    return hub / hub.max(), authority / authority.max()


def _principal(strength: sp.csr_array) -> np.ndarray:
    n = strength.shape[0]
    if n <= 512:
        _, vectors = np.linalg.eigh(strength.toarray())
        vector = vectors[:, -1]
    else:
        try:
            _, vectors = eigsh(strength.astype(np.float64), k=1, which="LA", tol=0, v0=np.ones(n))
        except ArpackNoConvergence as error:  # pragma: no cover - ARPACK rarely fails on these graphs
            raise GovGraphError("eigenvector centrality: ARPACK did not converge") from error
        vector = vectors[:, 0]
    return vector * np.sign(vector.sum()) / np.linalg.norm(vector)


def core_number(pattern: sp.csr_array) -> np.ndarray:
    """k-core number of every partner, peeling all partners of degree <= k at once."""
    n = pattern.shape[0]
    degree = np.asarray(pattern.sum(axis=1)).ravel().astype(np.int64)
    core = np.zeros(n, dtype=np.int64)
    alive = np.ones(n, dtype=bool)
    k = 0
    while alive.any():
        peel = alive & (degree <= k)
        if not peel.any():
            k = int(degree[alive].min())
            continue
        core[peel] = k
        alive[peel] = False
        removed = np.flatnonzero(peel)
        degree -= np.asarray(pattern[removed].sum(axis=0)).ravel().astype(np.int64)
    return core


def constraint(strength: sp.csr_array, pattern: sp.csr_array) -> np.ndarray:
    """Burt's constraint: how much a partner's contacts are tied to each other.

    ``c_i = sum_j (p_ij + sum_q p_iq p_qj)^2`` over the contacts ``j`` of
    ``i`` (the ties of ``pattern``, a tie of strength 0 included), where
    ``p_ij`` is ``i``'s share of its tie strength spent on ``j``. NaN for
    partners without ties.
    """
    share = _row_shares(strength, "sum")
    result = np.zeros(strength.shape[0])
    for rows in _row_chunks(strength.shape[0]):
        part = share[rows]
        indirect = sp.csr_array(part @ share).multiply(pattern[rows])
        local = sp.csr_array(part + indirect)
        result[rows] = np.asarray(local.power(2).sum(axis=1)).ravel()
    return _nan_when_isolated(pattern, result)


def effective_size(strength: sp.csr_array, pattern: sp.csr_array) -> np.ndarray:
    """Burt's effective size: contacts minus their redundancy with each other.

    ``e_i = sum_j (1 - sum_q p_iq m_jq)`` over contacts ``j`` of ``i`` (the
    ties of ``pattern``), with ``m_jq`` the strength of ``j``'s tie to ``q``
    over ``j``'s strongest tie. For equal ties this is ``n - 2t/n`` (Borgatti
    1997). NaN without ties.
    """
    share = _row_shares(strength, "sum")
    relative = _row_shares(strength, "max")
    degree = np.diff(pattern.indptr).astype(np.float64)
    result = np.zeros(strength.shape[0])
    for rows in _row_chunks(strength.shape[0]):
        redundancy = sp.csr_array(pattern[rows] @ relative).multiply(share[rows])
        result[rows] = degree[rows] - np.asarray(redundancy.sum(axis=1)).ravel()
    return _nan_when_isolated(pattern, result)


def _row_shares(strength: sp.csr_array, norm: str) -> sp.csr_array:
    rows = np.diff(strength.indptr)
    if norm == "sum":
        scale = np.asarray(strength.sum(axis=1)).ravel()
    else:
        scale = np.zeros(strength.shape[0])
        has = rows > 0
        scale[has] = np.maximum.reduceat(strength.data, strength.indptr[:-1][has])
    shares = strength.copy().astype(np.float64)
    shares.data = shares.data / np.repeat(scale, rows)
    return shares


def _row_chunks(n: int) -> list[slice]:
    return [slice(start, min(n, start + _EGO_ROWS)) for start in range(0, n, _EGO_ROWS)]


def _nan_when_isolated(pattern: sp.csr_array, values: np.ndarray) -> np.ndarray:
    values[np.diff(pattern.indptr) == 0] = np.nan
    return values
