"""Weak points and resilience: what breaks if a partner leaves.

A building is *linked* while it can still reach, over any chain of ties,
the party organisation of its grid (a partner of a ``grid_party`` kind, the
网格党支部, that leads its grid or a grid holding it, or is placed in one)
and of its community (a ``community_party`` kind in the same community, the
社区党委) — the chain 社区党组织—网格党支部—楼栋党小组—楼门党员 the street
relies on. The kinds come from the schema's roles.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components, depth_first_order

from govgraph.analysis.measures import MEASURES, centrality
from govgraph.errors import GovGraphError
from govgraph.model.checks import (
    check_choice,
    check_count,
    check_network,
    check_partner_ids,
    check_relations,
    check_seed,
)
from govgraph.model.network import PartnerNetwork
from govgraph.model.places import partner_table, placement

__all__ = ["WeakPoints", "resilience", "weak_points"]


@dataclass(frozen=True)
class _Links:
    """Each building with the party organisations it must reach."""

    buildings: np.ndarray  # positions of buildings
    households: np.ndarray  # households per building (0 where unknown)
    building_of_pair: np.ndarray  # per (building, organisation) pair: index into ``buildings``
    organisation: np.ndarray  # per pair: position of the organisation
    level: np.ndarray  # per pair: 0 grid, 1 community

    def linked(self, labels: np.ndarray) -> np.ndarray:
        """Whether each building reaches an organisation of every level it has (labels -1 = removed)."""
        b = self.buildings[self.building_of_pair]
        reach = (labels[b] == labels[self.organisation]) & (labels[b] >= 0)
        needed = np.zeros((len(self.buildings), 2), dtype=bool)
        found = np.zeros((len(self.buildings), 2), dtype=bool)
        needed[self.building_of_pair, self.level] = True
        np.logical_or.at(found, (self.building_of_pair, self.level), reach)
        return (found | ~needed).all(axis=1) & (labels[self.buildings] >= 0)


@dataclass(frozen=True)
class _Blocks:
    """The block-cut tree of a graph, from one depth-first search (Hopcroft–Tarjan).

    Every block (biconnected piece; a bridge is a block of two partners) and
    every cut partner is a node of a forest; ``node`` places each partner
    in it: at its own node when it is a cut partner, else at its block.
    """

    parent: np.ndarray  # per partner: parent in the search tree (-1 for roots)
    size: np.ndarray  # per partner: size of its subtree in the search tree
    label: np.ndarray  # per partner: its connected component
    component: np.ndarray  # per partner: size of its connected component
    head: np.ndarray  # per partner: its tie to its parent opens a block (the parent separates it)
    cut: np.ndarray  # per partner: an articulation point
    bridge: np.ndarray  # per partner: its tie to its parent is a bridge
    node: np.ndarray  # per partner: node in the block-cut forest (-1 when alone)
    up: np.ndarray  # per forest node: its parent node (-1 at a root)
    depth: np.ndarray  # per forest node
    cut_partner: np.ndarray  # per forest node: the cut partner it stands for, else -1
    bridge_end: np.ndarray  # per forest node: the lower end of the bridge it stands for, else -1


def _blocks(pattern: sp.csr_array) -> _Blocks:
    n = pattern.shape[0]
    labels = connected_components(pattern, directed=False)[1]
    roots = np.unique(labels, return_index=True)[1]
    # One search from a virtual partner n joined to one partner of every component.
    joined = sp.csr_array(
        sp.bmat(
            [
                [pattern, sp.csr_array((np.ones(len(roots)), (roots, np.zeros(len(roots), int))), (n, 1))],
                [None, sp.csr_array((1, 1))],
            ]
        )
    )
    order, parent = depth_first_order(joined, n, directed=False)
    order, parent = order[1:], parent[:n].astype(np.int64)
    parent[roots] = -1
    found = np.empty(n, dtype=np.int64)
    found[order] = np.arange(n)
    # low[v]: the earliest partner reached from v's subtree by a tie other than v's tie to its parent.
    rows = np.repeat(np.arange(n), np.diff(pattern.indptr))
    reached = found[pattern.indices]
    reached[pattern.indices == parent[rows]] = n
    low = found.copy()
    np.minimum.at(low, rows, reached)
    low_list, size_list, parent_list = low.tolist(), [1] * n, parent.tolist()
    for v in order[::-1].tolist():
        p = parent_list[v]
        if p >= 0:
            size_list[p] += size_list[v]
            if low_list[v] < low_list[p]:
                low_list[p] = low_list[v]
    low, size = np.array(low_list, dtype=np.int64), np.array(size_list, dtype=np.int64)
    child = parent >= 0
    head = np.zeros(n, dtype=bool)
    head[child] = low[child] >= found[parent[child]]
    heads = np.bincount(parent[head], minlength=n)
    cut = (heads >= 2) | ((heads == 1) & child)
    bridge = np.zeros(n, dtype=bool)
    bridge[child] = low[child] > found[parent[child]]
    # The forest, built in search order: a node per block (opened by its head) and per cut partner.
    up: list[int] = []
    depth: list[int] = []
    cut_partner: list[int] = []
    bridge_end: list[int] = []

    def new_node(above: int, partner: int, bridge_end_: int) -> int:
        up.append(above)
        depth.append(depth[above] + 1 if above >= 0 else 0)
        cut_partner.append(partner)
        bridge_end.append(bridge_end_)
        return len(up) - 1

    node, block = [-1] * n, [-1] * n
    head_list, cut_list, bridge_list = head.tolist(), cut.tolist(), bridge.tolist()
    for v in order.tolist():
        p = parent_list[v]
        if p < 0:
            if cut_list[v]:
                node[v] = new_node(-1, v, -1)
            continue
        if head_list[v]:
            block[v] = new_node(node[p] if cut_list[p] else -1, -1, v if bridge_list[v] else -1)
            if not cut_list[p]:  # a root with one block lies in it
                node[p] = block[v]
        else:
            block[v] = block[p]
        node[v] = new_node(block[v], v, -1) if cut_list[v] else block[v]
    return _Blocks(
        parent=parent,
        size=size,
        label=labels,
        component=np.bincount(labels)[labels],
        head=head,
        cut=cut,
        bridge=bridge,
        node=np.array(node, dtype=np.int64),
        up=np.array(up, dtype=np.int64),
        depth=np.array(depth, dtype=np.int64),
        cut_partner=np.array(cut_partner, dtype=np.int64),
        bridge_end=np.array(bridge_end, dtype=np.int64),
    )


@dataclass(frozen=True)
class WeakPoints:
    """Single points of failure of a partner network.

    Attributes
    ----------
    partners : DataFrame
        Articulation points (index: partner id): partners whose leaving splits
        the network. Columns ``kind``, ``name``, ``community``, ``grid``,
        ``pieces`` (how many pieces its part of the network falls into
        without it), ``partners_cut_off`` (partners of that part left outside
        its largest piece),
        ``buildings_cut``, ``households_cut`` (buildings that lose their last
        link to their grid or community party organisation, and their
        households) and ``buildings`` (their names). Sorted by households cut.
    ties : DataFrame
        Bridges: ties whose loss splits the network, with ``source``,
        ``target``, their names, ``relations`` (the relation kinds of the
        tie), and the same dependency columns.
    """

    partners: pd.DataFrame
    ties: pd.DataFrame


def weak_points(net: PartnerNetwork, *, relations: Iterable[str] | None = None) -> WeakPoints:
    """Articulation points and bridges, with the buildings that depend on each.

    Parameters
    ----------
    net : PartnerNetwork
    relations : iterable of str, optional
        Relation kinds that count as ties (default: all).

    Returns
    -------
    WeakPoints

    See Also
    --------
    resilience : remove partners one after another.

    Notes
    -----
    Ties are undirected. One depth-first search (Hopcroft–Tarjan) finds the
    articulation points and bridges and the block-cut forest; what each one
    cuts off follows from the search tree, and the buildings it unlinks
    from the forest paths between each building and its party
    organisations, so the cost is O(n + m) plus the length of those paths
    (a few nodes each in a street). Buildings not linked in the whole
    network do not count as cut.

    Examples
    --------
    >>> import govgraph as gg
    >>> weak = gg.weak_points(gg.load_dataset("datun_north"))
    >>> worst = weak.partners.iloc[0]
    >>> worst["name"], int(worst["buildings_cut"])
    ('富成花园社区党委', 59)
    """
    net = check_network(net)
    graph = net.ties(weight=None, relations=check_relations(net, relations))
    links = _links(net)
    pattern = graph.pattern
    found = _blocks(pattern)
    named = net.partners["name"]  # a partner without a name is shown by its id
    names = named.astype(object).where(named.notna(), net.partners.index.to_series()).to_numpy()
    cut_by = _buildings_cut(found, links)

    def effect(node: int, pieces: int, cut_off: int) -> dict[str, object]:
        cut = np.array(sorted(cut_by.get(node, ())), dtype=np.int64)
        return {
            "pieces": pieces,
            "partners_cut_off": cut_off,
            "buildings_cut": len(cut),
            "households_cut": float(links.households[cut].sum()),
            "buildings": "、".join(names[links.buildings[cut]]),
        }

    # Without a cut partner its part falls into the subtrees it separates and the rest.
    heads = np.flatnonzero(found.head)
    above = found.parent[heads]
    separated = np.bincount(above, weights=found.size[heads], minlength=len(names)).astype(np.int64)
    largest = np.zeros(len(names), dtype=np.int64)
    np.maximum.at(largest, above, found.size[heads])
    cuts = np.flatnonzero(found.cut)
    rest = found.component[cuts] - 1 - separated[cuts]
    pieces = np.bincount(above, minlength=len(names))[cuts] + (rest > 0)
    cut_off = found.component[cuts] - 1 - np.maximum(largest[cuts], rest)
    rows = [effect(found.node[p], int(k), int(c)) for p, k, c in zip(cuts, pieces, cut_off, strict=True)]
    partners = _with_effects(partner_table(net).iloc[cuts], rows)

    lower = np.flatnonzero(found.bridge)
    ends = np.sort(np.column_stack([found.parent[lower], lower]), axis=1)
    order = np.lexsort((ends[:, 1], ends[:, 0]))
    lower, ends = lower[order], ends[order]
    bridge_node = np.full(len(names), -1, dtype=np.int64)
    bridge_node[found.bridge_end[found.bridge_end >= 0]] = np.flatnonzero(found.bridge_end >= 0)
    smaller = np.minimum(found.size[lower], found.component[lower] - found.size[lower])
    rows = [effect(bridge_node[v], 2, int(c)) for v, c in zip(lower, smaller, strict=True)]
    index = graph.index
    tie_table = pd.DataFrame(
        {
            "source": index[ends[:, 0]],
            "target": index[ends[:, 1]],
            "source_name": names[ends[:, 0]],
            "target_name": names[ends[:, 1]],
            "relations": _relation_kinds(net, index[ends[:, 0]], index[ends[:, 1]]),
        }
    )
    tie_table = _with_effects(tie_table, rows)
    return WeakPoints(partners, tie_table.reset_index(drop=True))


def _buildings_cut(found: _Blocks, links: _Links) -> dict[int, list[int]]:
    """For each node of the block-cut forest, the buildings its loss unlinks (positions in ``links``).

    A building stays linked at a level while one of its organisations of
    that level is in its piece; a cut partner or bridge separates two
    partners exactly when it lies on their path in the forest. So the loss
    of a node unlinks a building when it lies on the paths to all of the
    building's organisations of one level (the building itself aside).
    """
    node, up, depth = found.node.tolist(), found.up.tolist(), found.depth.tolist()

    def path(x: int, y: int) -> set[int]:
        nodes = [x, y]
        while x != y:
            if depth[x] >= depth[y]:
                x = up[x]
                nodes.append(x)
            else:
                y = up[y]
                nodes.append(y)
        return set(nodes)

    before = links.linked(found.label)
    separating: dict[tuple[int, int], set[int]] = {}
    building = links.buildings[links.building_of_pair].tolist()
    for b, position, organisation, level in zip(
        links.building_of_pair.tolist(),
        building,
        links.organisation.tolist(),
        links.level.tolist(),
        strict=True,
    ):
        x, y = node[position], node[organisation]
        if not before[b] or x < 0 or y < 0 or found.label[position] != found.label[organisation]:
            continue
        nodes = path(x, y)
        separating[b, level] = separating[b, level] & nodes if (b, level) in separating else nodes
    cut_by: dict[int, list[int]] = {}
    own = found.node[links.buildings]
    for (b, _), nodes in separating.items():
        for n in nodes - {int(own[b])} if found.cut[links.buildings[b]] else nodes:
            if found.cut_partner[n] >= 0 or found.bridge_end[n] >= 0:
                cut_by.setdefault(n, []).append(b)
    return {n: sorted(set(b)) for n, b in cut_by.items()}


def resilience(
    net: PartnerNetwork,
    *,
    remove: str | Iterable[str] = "betweenness",
    order: str = "targeted",
    seed: int = 0,
    steps: int | None = None,
    relations: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Remove partners one after another and follow how many buildings stay linked.

    Parameters
    ----------
    net : PartnerNetwork
    remove : str or list of str
        What to remove: a centrality measure (``"betweenness"``,
        ``"degree"``, …: every partner, highest first), a partner kind
        (``"grid_worker"``: those partners, highest degree first) or a list of
        partner ids (in the order given).
    order : {"targeted", "random"}
        ``"random"`` shuffles the same partners (seeded) — the baseline a
        targeted attack is compared with.
    seed : int
        Seed of the shuffle and of sampled centrality (default 0).
    steps : int, optional
        Stop after this many removals (default: all of them, at most 1,000).
    relations : iterable of str, optional
        Relation kinds that count as ties (default: all).

    Returns
    -------
    DataFrame
        One row per step (index ``step``, 0 = nothing removed): ``removed``
        (partner id), ``name``, ``kind``, ``buildings_linked``,
        ``buildings_linked_share``, ``households_linked_share`` and
        ``largest_piece_share`` (partners left in the largest piece, over
        all partners).

    Raises
    ------
    GovGraphError
        For an unknown measure, kind or partner id, a bad ``order`` or ``steps``.

    Notes
    -----
    The ranking is computed once on the whole network (a static attack);
    each step recomputes the pieces with scipy, O(n + m).

    Examples
    --------
    >>> import govgraph as gg
    >>> curve = gg.resilience(gg.load_dataset("datun_north"), remove="party_branch")
    >>> float(curve["buildings_linked_share"].iloc[0]), float(curve["buildings_linked_share"].iloc[-1])
    (1.0, 0.0)
    """
    net = check_network(net)
    check_choice(order, ("targeted", "random"), "order")
    seed = check_seed(seed)
    relations = check_relations(net, relations)
    sequence = _removal_order(net, remove, seed, relations)
    if order == "random":
        random.Random(seed).shuffle(sequence)
    limit = min(len(sequence), 1_000) if steps is None else check_count(steps, "steps", minimum=0)
    sequence = sequence[:limit]
    graph = net.ties(weight=None, relations=relations)
    links = _links(net)
    n = graph.size
    households = links.households.sum()
    position = graph.index.get_indexer(sequence)
    alive = np.ones(n, dtype=bool)
    rows = []
    for step in range(len(sequence) + 1):
        if step:
            alive[position[step - 1]] = False
        labels = _labels(graph.pattern, alive)
        linked = links.linked(labels)
        sizes = np.bincount(labels[labels >= 0]) if alive.any() else np.zeros(1)
        rows.append(
            {
                "step": step,
                "removed": sequence[step - 1] if step else None,
                "buildings_linked": int(linked.sum()),
                "buildings_linked_share": linked.mean() if len(linked) else np.nan,
                "households_linked_share": links.households[linked].sum() / households
                if households
                else np.nan,
                "largest_piece_share": sizes.max() / n if n else np.nan,
            }
        )
    table = pd.DataFrame(rows).set_index("step")
    partners = net.partners
    table.insert(1, "name", partners["name"].reindex(table["removed"]).to_numpy())
    table.insert(2, "kind", partners["kind"].reindex(table["removed"]).to_numpy())
    return table


def _removal_order(
    net: PartnerNetwork, remove: str | Iterable[str], seed: int, relations: Iterable[str] | None
) -> list[str]:
    partners = net.partners
    if isinstance(remove, str):
        if remove in MEASURES:
            scores = centrality(net, measures=[remove], relations=relations, seed=seed)[remove]
            return list(scores.sort_values(ascending=False, kind="stable").index)
        if remove in net.schema.kinds:
            degree = centrality(net, measures=["degree"], relations=relations)["degree"]
            chosen = degree[partners["kind"] == remove]
            return list(chosen.sort_values(ascending=False, kind="stable").index)
        raise GovGraphError(
            f"remove: expected a measure {list(MEASURES)}, a partner kind or a list of partner ids, "
            f"got {remove!r}"
        )
    return check_partner_ids(net, remove, "remove")


def _links(net: PartnerNetwork) -> _Links:
    schema = net.schema
    partners = net.partners
    kind = partners["kind"]
    found = placement(net)
    buildings = np.flatnonzero(kind.isin(schema.kinds_at("building")).to_numpy())
    households = partners["households"].iloc[buildings].fillna(0).to_numpy(dtype=np.float64)
    # The grid party organisations of each grid: those leading it, and those placed in it.
    branch = np.flatnonzero(kind.isin(schema.kinds_with("grid_party")).to_numpy())
    relations = net.relations
    leads = relations[relations["relation"].isin(schema.relations_with("leadership")).to_numpy()]
    leader = partners.index.get_indexer(leads["source"])
    led = partners.index.get_indexer(leads["target"])
    by_grid = pd.DataFrame(
        {
            "grid": np.concatenate([led[np.isin(leader, branch)], found.grid[branch]]),
            "organisation": np.concatenate([leader[np.isin(leader, branch)], branch]),
        }
    )
    # Each building needs a branch of its grid or of a grid holding it.
    chain = found.grid_chain[buildings]
    row, depth = np.nonzero(chain >= 0)
    needs_grid = pd.DataFrame({"building": row, "grid": chain[row, depth]}).merge(by_grid, on="grid")
    committee = np.flatnonzero(kind.isin(schema.kinds_with("community_party")).to_numpy())
    by_community = pd.DataFrame({"community": found.community[committee], "organisation": committee})
    by_community = by_community[by_community["community"] >= 0]
    needs_community = pd.DataFrame(
        {"building": np.arange(len(buildings)), "community": found.community[buildings]}
    ).merge(by_community, on="community")
    table = pd.concat(
        [
            needs_grid[["building", "organisation"]].assign(level=0),
            needs_community[["building", "organisation"]].assign(level=1),
        ]
    )
    table = (
        table[table["organisation"] >= 0].drop_duplicates().sort_values(["building", "organisation", "level"])
    )
    pairs = table.to_numpy(dtype=np.int64).reshape(-1, 3)
    return _Links(buildings, households, pairs[:, 0], pairs[:, 1], pairs[:, 2])


def _labels(pattern: sp.csr_array, alive: np.ndarray) -> np.ndarray:
    """Piece of every partner among the ``alive`` ones (-1 for removed partners)."""
    keep = sp.dia_array((alive.astype(np.float64), 0), shape=pattern.shape)
    _, labels = connected_components(sp.csr_array(keep @ pattern @ keep), directed=False)
    return np.where(alive, labels, -1)


def _with_effects(table: pd.DataFrame, rows: list[dict[str, object]]) -> pd.DataFrame:
    columns = ("pieces", "partners_cut_off", "buildings_cut", "households_cut", "buildings")
    table = table.assign(**{column: [row[column] for row in rows] for column in columns})
    order = ["households_cut", "buildings_cut", "partners_cut_off"]
    return table.sort_values(order, ascending=False, kind="stable")


def _relation_kinds(net: PartnerNetwork, sources: pd.Index, targets: pd.Index) -> list[str]:
    """The relation kinds joining each pair, either way round, joined by ", "."""
    relations = net.relations
    wanted = _pair_key(pd.Series(sources), pd.Series(targets))
    found = pd.DataFrame(
        {
            "key": _pair_key(relations["source"], relations["target"]),
            "relation": relations["relation"].to_numpy(),
        }
    )
    found = found[found["key"].isin(wanted)].drop_duplicates().sort_values("relation")
    kinds = found.groupby("key", sort=False)["relation"].agg(", ".join)
    return kinds.reindex(wanted).fillna("").tolist()


def _pair_key(a: pd.Series, b: pd.Series) -> pd.Series:
    a, b = a.astype("string").to_numpy(dtype=object), b.astype("string").to_numpy(dtype=object)
    low, high = np.where(a < b, a, b), np.where(a < b, b, a)
    return pd.Series(low + "\x00" + high)
