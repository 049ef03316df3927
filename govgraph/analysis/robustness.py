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

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

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
    Ties are undirected. Articulation points and bridges come from networkx
    (Tarjan's linear-time search); each is then removed in turn and the
    pieces recomputed with scipy, so the cost is O(w·(n + m)) for w weak
    points. Buildings not linked in the whole network do not count as cut.

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
    simple = nx.from_scipy_sparse_array(pattern)
    whole = connected_components(pattern, directed=False)[1]
    before = links.linked(whole)

    named = net.partners["name"]  # a partner without a name is shown by its id
    names = named.astype(object).where(named.notna(), net.partners.index.to_series()).to_numpy()
    # Most weak points only cut off partners with a single tie (a resident known
    # only by the building): their effect needs no search of the whole network.
    degree = np.diff(pattern.indptr)
    single = degree == 1
    organisation = np.zeros(graph.size, dtype=bool)
    organisation[links.organisation] = True
    building = np.full(graph.size, -1)
    building[links.buildings] = np.arange(len(links.buildings))
    core = set(nx.articulation_points(simple.subgraph(np.flatnonzero(~single).tolist())))

    def cut_off_singles(singles: np.ndarray, rest_remains: bool) -> dict[str, object]:
        cut = building[singles]
        cut = cut[(cut >= 0)]
        cut = cut[before[cut]]
        return {
            "pieces": len(singles) + rest_remains,
            "partners_cut_off": len(singles) - (not rest_remains),
            "buildings_cut": len(cut),
            "households_cut": float(links.households[cut].sum()),
            "buildings": "、".join(names[links.buildings[cut]]),
        }

    def partner_effect(p: int) -> dict[str, object]:
        neighbours = pattern.indices[pattern.indptr[p] : pattern.indptr[p + 1]]
        singles = neighbours[single[neighbours]]
        if p not in core and not organisation[p] and not organisation[singles].any():
            return cut_off_singles(singles, len(singles) < len(neighbours))
        return _effect(_without_partner(pattern, p), whole == whole[p], links, before, names)

    def tie_effect(u: int, v: int) -> dict[str, object]:
        end = v if single[v] else u
        if single[end] and not single[u + v - end] and not organisation[end]:
            return cut_off_singles(np.array([end]), True)
        return _effect(_without_tie(pattern, u, v), whole == whole[u], links, before, names)

    cuts = sorted(nx.articulation_points(simple))
    partners = _with_effects(partner_table(net).iloc[cuts], [partner_effect(p) for p in cuts])

    bridges = sorted(tuple(sorted(edge)) for edge in nx.bridges(simple))
    rows = [tie_effect(u, v) for u, v in bridges]
    index = graph.index
    ends = np.array(bridges, dtype=np.int64).reshape(-1, 2)
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


def _without_partner(pattern: sp.csr_array, position: int) -> np.ndarray:
    alive = np.ones(pattern.shape[0], dtype=bool)
    alive[position] = False
    return _labels(pattern, alive)


def _without_tie(pattern: sp.csr_array, u: int, v: int) -> np.ndarray:
    cut = pattern.copy()
    for row, col in ((u, v), (v, u)):
        start = cut.indptr[row]
        cut.data[start + np.searchsorted(cut.indices[start : cut.indptr[row + 1]], col)] = 0
    cut.eliminate_zeros()
    _, labels = connected_components(cut, directed=False)
    return labels


def _effect(
    labels: np.ndarray, piece: np.ndarray, links: _Links, before: np.ndarray, names: np.ndarray
) -> dict[str, object]:
    """What removing something from the piece ``piece`` (a mask) does to it."""
    inside = labels[piece & (labels >= 0)]
    sizes = np.unique(inside, return_counts=True)[1]
    cut = before & ~links.linked(labels) & (labels[links.buildings] >= 0)
    return {
        "pieces": len(sizes),
        "partners_cut_off": int(sizes.sum() - sizes.max()) if len(sizes) else 0,
        "buildings_cut": int(cut.sum()),
        "households_cut": float(links.households[cut].sum()),
        "buildings": "、".join(names[links.buildings[cut]]),
    }


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
