"""Shortest paths from many sources at once: the engine behind betweenness and closeness.

Brandes' algorithm counts, for every source, the shortest paths to every
partner and then accumulates each partner's dependency on the way back.
Here a batch of sources is processed together:

* when every tie has the same length, the breadth-first searches of the
  whole batch advance one level at a time as one sparse product
  (frontier × adjacency), so each level costs the edges its frontier
  touches, in compiled code;
* otherwise scipy's Dijkstra gives the distances, and the shortest-path
  DAG of each source (arcs with ``d(u) + length(u, v) == d(v)`` within a
  relative tolerance, as igraph compares them, and ``d(u) < d(v)``) is
  walked in topological layers.

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
    eccentricity : ndarray
        Each source's distance to the farthest partner it reaches (NaN for
        partners that were not sources).
    squares : tuple of ndarray
        Sums over the sources of the squares of the dependency, the distance
        and the inverse distance, for the standard errors of sampled
        estimates (zeros when every partner is a source of undirected ties:
        exact totals have no sampling error).
    """

    dependency: np.ndarray
    distance: np.ndarray
    reached: np.ndarray
    harmonic: np.ndarray
    eccentricity: np.ndarray
    squares: tuple[np.ndarray, np.ndarray, np.ndarray]


def path_totals(
    pattern: sp.csr_array,
    sources: np.ndarray,
    lengths: sp.csr_array | None = None,
    *,
    tolerance: float = 0.0,
    directed: bool = False,
) -> PathTotals:
    """Shortest-path totals of every partner over ``sources``.

    Parameters
    ----------
    pattern : csr_array
        0/1 adjacency (no self-loops), symmetric unless ``directed``.
    sources : ndarray of int
        Positions of the source partners, without repeats; all of them for
        exact totals.
    lengths : csr_array, optional
        Symmetric tie lengths (all positive) on the pattern or part of it;
        None means every tie of the pattern has length 1.
    tolerance : float
        Weighted path lengths that differ by at most this share of the
        longer are equal (0: only exactly equal sums, as networkx).
    directed : bool
        Paths follow ``pattern[u, v]`` from ``u`` to ``v`` only; the
        distance totals are then of paths *from* the sources *to* each
        partner (run on the transpose for paths the other way).

    Notes
    -----
    With every partner a source and hop lengths, partners with a single tie (residents
    known only by their building, say) are not searched from: their paths are
    their anchor's paths plus one tie, so their totals and the dependencies
    they cause follow from the anchor's search (the degree-1 folding of
    Baglioni et al. 2012).
    """
    n = pattern.shape[0]
    sources = np.asarray(sources, dtype=np.int64)
    exact = len(sources) == n
    # Folding adds a leaf's tie to its anchor's distances, which rounds differently
    # from the sums a search from the leaf would make; exact float ties (as
    # networkx compares them) then differ, so only hop counts are folded.
    fold = exact and lengths is None and not directed
    leaves, anchors = _foldable_leaves(pattern) if fold else (np.zeros(0, np.int64), np.zeros(0, np.int64))
    leaf_length = np.ones(len(leaves)) if lengths is None else lengths.data[lengths.indptr[leaves]]
    multiplicity = 1.0 + np.bincount(anchors, minlength=n)
    if fold:
        folded = np.zeros(n, dtype=bool)
        folded[leaves] = True
        sources = np.flatnonzero(~folded)

    # Sources only reach their own (weakly) connected component, so each batch
    # works on the contiguous block of the components its sources lie in.
    _, label = connected_components(pattern, directed=False)
    order = np.argsort(label, kind="stable")
    position = np.empty(n, dtype=np.int64)
    position[order] = np.arange(n)
    label = label[order]
    first = np.searchsorted(label, label, side="left")
    last = np.searchsorted(label, label, side="right")
    pattern = sp.csr_array(pattern[order][:, order])
    backward = sp.csr_array(pattern.T) if directed else pattern
    if lengths is not None:
        lengths = sp.csr_array(lengths[order][:, order])
    multiplicity = multiplicity[order]
    leaves, anchors = position[leaves], position[anchors]
    leaf_order = np.argsort(anchors, kind="stable")
    leaves, anchors, leaf_length = leaves[leaf_order], anchors[leaf_order], leaf_length[leaf_order]

    dependency, distance, reached, harmonic = np.zeros((4, n))
    squares = np.zeros((3, n))
    eccentricity = np.full(n, np.nan)
    for chunk in _batches(np.sort(position[sources]), first, last):
        lo, hi = first[chunk[0]], last[chunk[-1]]
        if lengths is None:
            dist, delta = _hop_batch(pattern[lo:hi, lo:hi], backward[lo:hi, lo:hi], chunk - lo)
        else:
            dist, delta = _weighted_batch(lengths[lo:hi, lo:hi], chunk - lo, tolerance)
        dependency[lo:hi] += multiplicity[chunk] @ delta
        eccentricity[chunk] = np.maximum(dist.max(axis=1), 0)
        hit = dist > 0
        length = np.where(hit, dist, 1).astype(np.float64)
        with np.errstate(divide="ignore"):
            inverse = np.where(hit, 1.0 / length, 0.0)
        if not exact or directed:
            covered = np.where(hit, length, 0.0)
            distance[lo:hi] += covered.sum(axis=0)
            reached[lo:hi] += hit.sum(axis=0)
            harmonic[lo:hi] += inverse.sum(axis=0)
            squares[:, lo:hi] += [(delta * delta).sum(axis=0), (covered * covered).sum(axis=0),
                                  (inverse * inverse).sum(axis=0)]  # fmt: skip
            continue
        # Exact: by symmetry a partner's totals over all sources are its own row's.
        distance[chunk] = np.where(hit, length, 0.0).sum(axis=1)
        reached[chunk] = hit.sum(axis=1)
        harmonic[chunk] = inverse.sum(axis=1)
        start, stop = np.searchsorted(anchors, [chunk[0], chunk[-1] + 1])
        if stop > start:
            row = np.searchsorted(chunk, anchors[start:stop])
            _leaf_totals(
                leaves[start:stop], anchors[start:stop], row, leaf_length[start:stop], length, hit,
                (distance, reached, harmonic),
            )  # fmt: skip
    if exact:
        # A leaf's paths to everyone else run through its anchor, one hop further.
        np.add.at(dependency, anchors, reached[anchors] - 1.0)
        eccentricity[leaves] = eccentricity[anchors] + 1.0
    return PathTotals(
        dependency[position], distance[position], reached[position], harmonic[position],
        eccentricity[position], (squares[0, position], squares[1, position], squares[2, position]),
    )  # fmt: skip


def _foldable_leaves(pattern: sp.csr_array) -> tuple[np.ndarray, np.ndarray]:
    """Partners with one tie whose one neighbour has more, and that neighbour."""
    degree = np.diff(pattern.indptr)
    leaves = np.flatnonzero(degree == 1)
    anchors = pattern.indices[pattern.indptr[leaves]].astype(np.int64)
    keep = degree[anchors] > 1
    return leaves[keep], anchors[keep]


def _leaf_totals(
    leaves: np.ndarray,
    anchors: np.ndarray,
    row: np.ndarray,
    tie: np.ndarray,
    length: np.ndarray,
    hit: np.ndarray,
    totals: tuple[np.ndarray, np.ndarray, np.ndarray],
) -> None:
    """Row totals of leaves from their anchor's row (the leaf itself is one of the anchor's targets)."""
    distance, reached, harmonic = totals
    distance[leaves] = tie * (reached[anchors] - 1) + distance[anchors]
    reached[leaves] = reached[anchors]
    # Leaves of one anchor with the same tie length have the same sum; compute each once.
    pairs, which = np.unique(np.column_stack([row, tie]), axis=0, return_inverse=True)
    sums = np.empty(len(pairs))
    step = max(1, _BATCH_CELLS // max(length.shape[1], 1))
    for start in range(0, len(pairs), step):
        part = pairs[start : start + step]
        rows = part[:, 0].astype(np.int64)
        sums[start : start + step] = np.where(hit[rows], 1.0 / (part[:, 1:2] + length[rows]), 0.0).sum(axis=1)
    harmonic[leaves] = 1.0 / tie - 1.0 / (2.0 * tie) + sums[which.ravel()]


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


def _hop_batch(
    pattern: sp.csr_array, backward: sp.csr_array, sources: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Breadth-first Brandes for a batch; returns hop distances (-1 unreached) and dependencies.

    ``backward`` is the transpose of ``pattern`` (the same matrix when undirected).
    """
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
        back = sp.coo_array(sp.csr_array((share, (r, c)), shape=(b, n)) @ backward)
        br, bc = back.coords
        keep = dist[br, bc] == level - 1
        br, bc = br[keep], bc[keep]
        delta[br, bc] += sigma[br, bc] * back.data[keep]
    return dist, delta


def _weighted_batch(
    lengths: sp.csr_array, sources: np.ndarray, tolerance: float
) -> tuple[np.ndarray, np.ndarray]:
    """Dijkstra-based Brandes for a batch; returns distances (-1 unreached) and dependencies.

    Work arrays are flat, ``key = source * n + partner``; the arcs of the
    shortest-path DAGs are found source by source in tail order, so their
    keys come out sorted and each node's out-arcs are one contiguous run.
    """
    b, n = len(sources), lengths.shape[0]
    dist = dijkstra(lengths, directed=True, indices=sources)
    tail = np.repeat(np.arange(n, dtype=np.int32), np.diff(lengths.indptr))
    head, length = lengths.indices.astype(np.int32), lengths.data
    # Arcs u -> v with d(s,u) + len == d(s,v) within the tolerance; d(s,u) < d(s,v) keeps
    # the arcs acyclic even where a tie is shorter than the tolerance.
    step = max(1, _ARC_CHUNK // max(len(head), 1))
    tails, heads = [], []
    for start in range(0, b, step):
        s = np.arange(start, min(b, start + step))
        before, after = dist[s[:, None], tail], dist[s[:, None], head]
        with np.errstate(invalid="ignore"):  # unreached: inf - inf is NaN, never on a path
            on_path = np.abs(before + length - after) <= tolerance * after
        row, arc = np.nonzero(on_path & (before < after))
        base = (s[row] * n).astype(np.int32)
        tails.append(base + tail[arc])
        heads.append(base + head[arc])
    u_key, v_key = np.concatenate(tails), np.concatenate(heads)

    cells = b * n
    out_count = np.bincount(u_key, minlength=cells)
    out_start = np.cumsum(out_count) - out_count
    waiting = np.bincount(v_key, minlength=cells)
    sigma = np.zeros(cells)
    frontier = (np.arange(b) * n + sources).astype(np.int32)
    sigma[frontier] = 1.0
    layers = []
    while len(frontier):
        count = out_count[frontier]
        total = int(count.sum())
        if total == 0:
            break
        arcs = np.repeat(out_start[frontier] - np.cumsum(count) + count, count) + np.arange(total)
        u, v = np.repeat(frontier, count), v_key[arcs]
        layers.append((u, v))
        np.add.at(sigma, v, sigma[u])
        np.subtract.at(waiting, v, 1)
        done = np.sort(v[waiting[v] == 0])
        frontier = done[np.r_[True, done[1:] != done[:-1]]] if len(done) else done
    delta = np.zeros(cells)
    for u, v in reversed(layers):
        np.add.at(delta, u, sigma[u] / sigma[v] * (1.0 + delta[v]))
    delta[np.arange(b) * n + sources] = 0.0
    return np.where(np.isfinite(dist), dist, -1.0), delta.reshape(b, n)
