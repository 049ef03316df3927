"""Shortest paths from many sources at once: the engine behind betweenness and closeness.

Brandes' algorithm counts, for every source, the shortest paths to every
partner and then accumulates each partner's dependency on the way back.
Here a batch of sources is processed together:

* when every tie has the same length, the breadth-first searches of the
  whole batch advance one level at a time as one sparse product
  (frontier × adjacency), so each level costs the edges its frontier
  touches, in compiled code;
* otherwise scipy's Dijkstra gives the distances, and the shortest-path
  DAG of each source (arcs with ``d(u) + length(u, v) == d(v)``, compared
  exactly as networkx compares them) is walked in topological layers.

Nothing loops over nodes or edges in Python; loops run over batches and
levels only.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components, dijkstra

__all__ = ["PathTotals", "path_totals"]

#: Cells of the dense (sources × partners) work arrays kept per batch.
_BATCH_CELLS = 1 << 24
#: Small components are batched together up to this many partners.
_SMALL_BLOCK = 1024
#: Arc checks done at once when finding the shortest-path DAG of weighted ties.
_ARC_CHUNK = 1 << 23


@dataclass(frozen=True)
class PathTotals:
    """Sums over the chosen sources ``s`` of quantities about each partner ``v``.

    Attributes
    ----------
    dependency : ndarray
        Brandes dependency: the share of shortest paths from ``s`` to every
        other partner that pass through ``v`` (``v`` never a path's end).
    distance : ndarray
        Sum of ``d(s, v)`` over the sources that reach ``v``.
    reached : ndarray
        Number of sources other than ``v`` that reach ``v``.
    harmonic : ndarray
        Sum of ``1 / d(s, v)`` over those sources.
    """

    dependency: np.ndarray
    distance: np.ndarray
    reached: np.ndarray
    harmonic: np.ndarray


def path_totals(
    pattern: sp.csr_array, sources: np.ndarray, lengths: sp.csr_array | None = None
) -> PathTotals:
    """Shortest-path totals of every partner over ``sources``.

    Parameters
    ----------
    pattern : csr_array
        Symmetric 0/1 adjacency (no self-loops).
    sources : ndarray of int
        Positions of the source partners, without repeats.
    lengths : csr_array, optional
        Symmetric tie lengths (all positive) on the same pattern; None means
        every tie has length 1.
    """
    n = pattern.shape[0]
    # Sources only reach their own connected component, so each batch works on
    # the contiguous block of the components its sources lie in.
    _, label = connected_components(pattern, directed=False)
    order = np.argsort(label, kind="stable")
    position = np.empty(n, dtype=np.int64)
    position[order] = np.arange(n)
    label = label[order]
    first = np.searchsorted(label, label, side="left")
    last = np.searchsorted(label, label, side="right")
    pattern = sp.csr_array(pattern[order][:, order])
    if lengths is not None:
        lengths = sp.csr_array(lengths[order][:, order])
    totals = np.zeros((4, n))
    for chunk in _batches(np.sort(position[np.asarray(sources)]), first, last):
        lo, hi = first[chunk[0]], last[chunk[-1]]
        if lengths is None:
            dist, delta = _hop_batch(pattern[lo:hi, lo:hi], chunk - lo)
        else:
            dist, delta = _weighted_batch(lengths[lo:hi, lo:hi], chunk - lo)
        reached = dist > 0
        with np.errstate(divide="ignore"):
            totals[:, lo:hi] += [
                delta.sum(axis=0),
                np.where(reached, dist, 0).sum(axis=0),
                reached.sum(axis=0),
                np.where(reached, 1.0 / np.where(reached, dist, 1), 0).sum(axis=0),
            ]
    return PathTotals(*totals[:, position])


def _batches(sources: np.ndarray, first: np.ndarray, last: np.ndarray) -> list[np.ndarray]:
    """Split sorted sources into batches of one large component or several small ones.

    A batch costs sources × block width, so components are only merged while
    the block stays small, and a batch never exceeds the cell budget.
    """
    batches, start = [], 0
    while start < len(sources):
        own = last[sources[start]] - first[sources[start]]
        end = start + 1
        while end < len(sources):
            width = last[sources[end]] - first[sources[start]]
            if width > max(own, _SMALL_BLOCK) or (end + 1 - start) * width > _BATCH_CELLS:
                break
            end += 1
        batches.append(sources[start:end])
        start = end
    return batches


def _hop_batch(pattern: sp.csr_array, sources: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Breadth-first Brandes for a batch; returns hop distances (-1 unreached) and dependencies."""
    b, n = len(sources), pattern.shape[0]
    rows = np.arange(b)
    dist = np.full((b, n), -1, dtype=np.int32)
    sigma = np.zeros((b, n))
    dist[rows, sources] = 0
    sigma[rows, sources] = 1.0
    frontier = sp.csr_array((np.ones(b), (rows, sources)), shape=(b, n))
    levels: list[tuple[np.ndarray, np.ndarray]] = []
    while True:
        step = sp.coo_array(frontier @ pattern)
        r, c = step.coords
        new = dist[r, c] < 0
        if not new.any():
            break
        r, c, paths = r[new], c[new], step.data[new]
        dist[r, c] = len(levels) + 1
        sigma[r, c] = paths
        levels.append((r, c))
        frontier = sp.csr_array((paths, (r, c)), shape=(b, n))
    delta = np.zeros((b, n))
    # Partners at level L pass their dependency back to their predecessors at
    # level L - 1; level 1 would credit the source itself, which never counts.
    for level in range(len(levels), 1, -1):
        r, c = levels[level - 1]
        share = (1.0 + delta[r, c]) / sigma[r, c]
        back = sp.coo_array(sp.csr_array((share, (r, c)), shape=(b, n)) @ pattern)
        br, bc = back.coords
        keep = dist[br, bc] == level - 1
        br, bc = br[keep], bc[keep]
        delta[br, bc] += sigma[br, bc] * back.data[keep]
    return dist, delta


def _weighted_batch(lengths: sp.csr_array, sources: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Dijkstra-based Brandes for a batch; returns distances (inf unreached) and dependencies."""
    b, n = len(sources), lengths.shape[0]
    dist = dijkstra(lengths, directed=True, indices=sources)
    tail = np.repeat(np.arange(n), np.diff(lengths.indptr))
    head, length = lengths.indices, lengths.data
    # The shortest-path DAG of every source: arcs (s, u, v) with d(s,u) + len == d(s,v).
    per_chunk = max(1, _ARC_CHUNK // max(len(head), 1))
    dag_s, dag_u, dag_v = [], [], []
    for start in range(0, b, per_chunk):
        s = np.arange(start, min(b, start + per_chunk))[:, None]
        tight = dist[s, tail] + length == dist[s, head]
        row, arc = np.nonzero(tight)
        dag_s.append(row + start)
        dag_u.append(tail[arc])
        dag_v.append(head[arc])
    src = np.concatenate(dag_s)
    u_key = src * n + np.concatenate(dag_u)
    v_key = src * n + np.concatenate(dag_v)
    order = np.argsort(u_key, kind="stable")
    u_key, v_key = u_key[order], v_key[order]

    sigma = np.zeros(b * n)
    waiting = np.bincount(v_key, minlength=b * n)
    frontier = np.arange(b) * n + sources
    sigma[frontier] = 1.0
    layers = []
    while len(frontier):
        arcs = _arcs_from(u_key, frontier)
        layers.append(arcs)
        np.add.at(sigma, v_key[arcs], sigma[u_key[arcs]])
        targets, arrivals = np.unique(v_key[arcs], return_counts=True)
        waiting[targets] -= arrivals
        frontier = targets[waiting[targets] == 0]
    delta = np.zeros(b * n)
    for arcs in reversed(layers):
        u, v = u_key[arcs], v_key[arcs]
        np.add.at(delta, u, sigma[u] / sigma[v] * (1.0 + delta[v]))
    delta[np.arange(b) * n + sources] = 0.0
    return np.where(np.isfinite(dist), dist, -1.0), delta.reshape(b, n)


def _arcs_from(sorted_tail: np.ndarray, nodes: np.ndarray) -> np.ndarray:
    """Positions in ``sorted_tail`` of every arc leaving one of ``nodes``."""
    first = np.searchsorted(sorted_tail, nodes, side="left")
    count = np.searchsorted(sorted_tail, nodes, side="right") - first
    total = int(count.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    offsets = np.repeat(first - np.cumsum(count) + count, count)
    return offsets + np.arange(total)
