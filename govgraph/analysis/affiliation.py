"""The two-mode network of partners and what they do together: 活动联办、项目连抓.

Partners meet in activities (a 公益市集, a 网格议事会, a festival) and
projects (a stairway repair, restored property management) as well as in
pairwise ties. :func:`affiliation` turns the links of ``net.links`` into
the partner × activity (or partner × project) incidence and answers the
questions of a two-mode analysis:

- who is central in it, by degree, closeness and betweenness normalised for
  two-mode networks as Borgatti & Everett (1997) do (the numbers of
  ``networkx.algorithms.bipartite``'s centrality functions);
- who does things with whom: the projection to partner × partner
  (co-participation counts, or Newman's (2001) collaboration weighting, in
  which an activity of ``k`` partners adds ``1 / (k - 1)`` to each pair) and
  to activity × activity (the partners two activities share);
- the circles: groups of partners and activities joined through each other,
  and the partners who bridge circles that would otherwise be separate;
- how far each activity reaches: its grids and the households living in them.

>>> import govgraph as gg
>>> together = gg.affiliation(gg.load_dataset("datun_north"))
>>> together.incidence.shape
(116, 46)
>>> top = together.projection().iloc[0]
>>> top["source"], top["target"], int(top["shared"])
('JM-SO-CH', 'JM-SO-JL', 17)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from govgraph.analysis.paths import path_totals
from govgraph.errors import GovGraphError
from govgraph.model.checks import check_choice, check_network
from govgraph.model.network import PartnerNetwork
from govgraph.model.places import grids_containing, partner_table
from govgraph.model.schema import ACTIVITY, PROJECT

__all__ = ["MODES", "WEIGHTINGS", "Affiliation", "affiliation"]

#: What partners take part in: the activities or the projects table.
MODES = ("activities", "projects")
#: How :meth:`Affiliation.projection` weighs a pair: shared items, or Newman's collaboration weighting.
WEIGHTINGS = ("count", "newman")
_NODE = {"activities": ACTIVITY, "projects": PROJECT}


@dataclass(frozen=True)
class Affiliation:
    """Partners and the activities (or projects) they take part in, as a two-mode network.

    Attributes
    ----------
    mode : {"activities", "projects"}
    relations : tuple of str
        The link relations counted (``organises``, ``takes_part_in`` ...).
    matrix : scipy.sparse.csr_array
        ``matrix[i, j]``: how many links of those relations join partner
        ``partners.index[i]`` to item ``items.index[j]`` (two when it both
        organises and takes part). The measures use whether it is non-zero.
    partners : DataFrame
        The partners with at least one such link: ``kind``, ``name``,
        ``community``, ``grid`` (their places), by id.
    items : DataFrame
        Every activity (or project) of the network, by id, as in
        ``net.activities`` (``net.projects``).
    reach : DataFrame
        For every item: ``participants`` (partners linked to it),
        ``organisers`` (of them, those who organise it), ``grids`` and
        ``communities`` it touches (those of its participants and of its
        place; a partner in a large grid touches it, and so the micro grids
        inside), ``grid_ids`` (the touched grids, innermost, comma-separated)
        and ``households`` (living in the buildings of the touched grids).
    """

    mode: str
    relations: tuple[str, ...]
    matrix: sp.csr_array
    partners: pd.DataFrame
    items: pd.DataFrame
    reach: pd.DataFrame

    @property
    def incidence(self) -> pd.DataFrame:
        """The partner × item incidence as a table: partners as rows, items as columns, link counts."""
        return pd.DataFrame(
            self.matrix.toarray().astype("int64"), index=self.partners.index, columns=self.items.index
        )

    @cached_property
    def _pattern(self) -> sp.csr_array:
        """The two-mode graph as one symmetric 0/1 adjacency: partners first, then items."""
        binary = (self.matrix != 0).astype(np.float64)
        return sp.csr_array(sp.block_array([[None, binary], [binary.T, None]], format="csr"))

    def centrality(self) -> pd.DataFrame:
        """Two-mode degree, closeness and betweenness of every partner and item (Borgatti & Everett 1997).

        Returns
        -------
        DataFrame
            Index: partner and item ids, partners first. Columns ``side``
            (``partner``, ``activity`` or ``project``), ``name``, ``kind``
            (the partner kind, or the activity kind / project status),
            ``neighbours`` (items a partner takes part in; partners an item
            has), ``degree`` (neighbours over the size of the other side),
            ``closeness`` (``(m + 2(n - 1)) / d`` for a node of a side of
            ``n`` facing ``m``, ``d`` its summed distance, scaled by the share
            of the network it reaches) and ``betweenness`` (over the largest
            a node of its side can have in a two-mode network). Equal to
            networkx's ``bipartite.degree_centrality``,
            ``closeness_centrality`` and ``betweenness_centrality``. Empty
            when either side is.
        """
        n, m = self.matrix.shape
        side = np.array(["partner"] * n + [_NODE[self.mode]] * m, dtype=object)
        names = pd.concat([self.partners["name"], self.items["name"]])
        kinds = pd.concat(
            [self.partners["kind"], self.items["kind" if self.mode == "activities" else "status"]]
        )
        table = pd.DataFrame(
            {"side": side, "name": names.to_numpy(), "kind": kinds.to_numpy()}, index=names.index
        )
        table.index.name = "id"
        if n == 0 or m == 0:
            return table.iloc[:0].assign(neighbours=0, degree=0.0, closeness=0.0, betweenness=0.0)
        pattern = self._pattern
        neighbours = np.diff(pattern.indptr)
        other = np.where(np.arange(n + m) < n, m, n).astype(np.float64)
        own = np.where(np.arange(n + m) < n, n, m).astype(np.float64)
        totals = path_totals(pattern, np.arange(n + m))
        with np.errstate(divide="ignore", invalid="ignore"):
            closeness = np.where(
                totals.distance > 0,
                (other + 2 * (own - 1)) / totals.distance * totals.reached / max(n + m - 1, 1),
                0.0,
            )
        table["neighbours"] = neighbours.astype("int64")
        table["degree"] = neighbours / other
        table["closeness"] = closeness
        table["betweenness"] = (
            totals.dependency / 2 / np.where(np.arange(n + m) < n, _most(n, m), _most(m, n))
        )
        return table

    def projection(self, side: str = "partners", *, weighting: str = "count") -> pd.DataFrame:
        """Pairs of partners who take part in the same items (or items sharing partners), one row per pair.

        Parameters
        ----------
        side : {"partners", "items"}
            ``partners``: partner × partner, who does things with whom;
            ``items``: activity × activity, which activities share partners.
        weighting : {"count", "newman"}
            ``count``: the weight is the number shared; ``newman``: each
            shared item adds ``1 / (k - 1)``, ``k`` its number of partners
            (Newman 2001; networkx's ``collaboration_weighted_projected_graph``),
            so a pair meeting in a small group weighs more than one meeting in
            a crowd. Only for ``side="partners"``.

        Returns
        -------
        DataFrame
            Columns ``source``, ``target`` (ids, each pair once, ``source <
            target``), ``shared`` (items, or partners, the two share) and
            ``weight``; heaviest first.
        """
        check_choice(side, ("partners", "items"), "side")
        check_choice(weighting, WEIGHTINGS, "weighting")
        binary = (self.matrix != 0).astype(np.float64)
        ids = self.partners.index if side == "partners" else self.items.index
        if side == "items":
            if weighting != "count":
                raise GovGraphError("weighting: Newman's weighting projects partners; use side='partners'")
            binary = sp.csr_array(binary.T)
        shared = sp.coo_array(sp.triu(binary @ binary.T, k=1))
        weight = shared.data.astype(np.float64)
        if weighting == "newman":
            size = np.asarray(binary.sum(axis=0)).ravel()
            scale = np.where(size > 1, 1.0 / np.maximum(size - 1, 1), 0.0)
            weighted = sp.csr_array(sp.triu((binary * scale) @ binary.T, k=1))
            weight = np.asarray(weighted[shared.row, shared.col]).ravel()
        a, b = ids.to_numpy()[shared.row], ids.to_numpy()[shared.col]
        swap = a > b
        pairs = pd.DataFrame(
            {
                "source": np.where(swap, b, a),
                "target": np.where(swap, a, b),
                "shared": shared.data.astype("int64"),
                "weight": weight,
            }
        )
        pairs = pairs.sort_values(["weight", "source", "target"], ascending=[False, True, True])
        return pairs.reset_index(drop=True)

    @cached_property
    def _components(self) -> np.ndarray:
        return connected_components(self._pattern, directed=False)[1]

    def circles(self) -> pd.DataFrame:
        """The circles: partners and items joined through one another (connected components).

        Returns
        -------
        DataFrame
            Index: partner and item ids (items no partner joins left out).
            Columns ``side``, ``name`` and ``circle``, numbered from 1, the
            circle with the most items first (then the most partners, then
            the smallest id).
        """
        n, m = self.matrix.shape
        label = self._components
        ids = self.partners.index.append(self.items.index)
        side = np.array(["partner"] * n + [_NODE[self.mode]] * m, dtype=object)
        joined = np.diff(self._pattern.indptr) > 0
        table = pd.DataFrame(
            {
                "side": side,
                "name": pd.concat([self.partners["name"], self.items["name"]]).to_numpy(),
                "label": label,
            },
            index=pd.Index(ids, name="id"),
        )[joined]
        sizes = table.groupby("label").agg(
            items=("side", lambda s: int((s != "partner").sum())),
            partners=("side", lambda s: int((s == "partner").sum())),
            first=("side", lambda s: min(s.index)),
        )
        order = sizes.sort_values(["items", "partners", "first"], ascending=[False, False, True]).index
        number = pd.Series(np.arange(1, len(order) + 1), index=order)
        table["circle"] = table["label"].map(number).astype("int64")
        return table.drop(columns="label").sort_values(["circle", "side"], kind="stable")

    def bridges(self) -> pd.DataFrame:
        """Partners who bridge circles that would otherwise be separate.

        A partner bridges when, without it, the items it takes part in would
        fall into two or more groups that share no one: it is a cut point
        of the two-mode network. ``circles_joined`` counts those groups.

        Returns
        -------
        DataFrame
            Index: partner id, most circles joined first. Columns ``kind``,
            ``name``, ``community``, ``grid``, ``items`` (items it takes part
            in) and ``circles_joined`` (two or more).
        """
        n = self.matrix.shape[0]
        table = self.partners.copy()
        table["items"] = np.diff(self._pattern.indptr)[:n].astype("int64")
        table["circles_joined"] = _blocks(self._pattern)[:n]
        table = table[table["circles_joined"] >= 2]
        return table.sort_values(["circles_joined", "items"], ascending=False, kind="stable")


def _blocks(pattern: sp.csr_array) -> np.ndarray:
    """How many biconnected components (blocks) hold each node of an undirected graph: two or more at a cut
    point, whose removal splits its neighbours into that many groups (Hopcroft & Tarjan 1973, one
    iterative depth-first search; an isolated node is in none).

    A block is counted at the node it hangs from, when the search returns from a child whose subtree
    reaches no higher; every node but a search root also lies in the block of the tie to its parent.
    """
    n = pattern.shape[0]
    indptr, indices = pattern.indptr, pattern.indices
    order = np.full(n, -1, dtype=np.int64)  # discovery time
    low = np.zeros(n, dtype=np.int64)
    blocks = np.zeros(n, dtype=np.int64)
    time = 0
    for root in range(n):
        if order[root] >= 0 or indptr[root] == indptr[root + 1]:
            continue
        order[root] = low[root] = time
        time += 1
        stack = [(root, -1, int(indptr[root]))]
        while stack:
            node, parent, edge = stack[-1]
            if edge < indptr[node + 1]:
                stack[-1] = (node, parent, edge + 1)
                child = int(indices[edge])
                if order[child] < 0:
                    order[child] = low[child] = time
                    time += 1
                    stack.append((child, node, int(indptr[child])))
                elif child != parent:
                    low[node] = min(low[node], order[child])
                continue
            stack.pop()
            if parent >= 0:
                low[parent] = min(low[parent], low[node])
                if low[node] >= order[parent]:
                    blocks[parent] += 1
            else:
                blocks[node] -= 1  # a root lies in no block above it
    return blocks + (order >= 0)


def _most(n: int, m: int) -> float:
    """The largest betweenness a node of a side of ``n`` facing a side of ``m`` can have
    (Borgatti & Everett 1997), as networkx's ``bipartite.betweenness_centrality`` divides by it."""
    s, t = divmod(n - 1, m)
    most = ((m**2) * ((s + 1) ** 2) + m * (s + 1) * (2 * t - s - 1) - t * (2 * s - t + 3)) / 2.0
    return most if most > 0 else np.inf


def affiliation(
    net: PartnerNetwork,
    *,
    mode: str = "activities",
    relations: Iterable[str] | str | None = None,
) -> Affiliation:
    """The two-mode network of partners and the activities (or projects) they take part in.

    Parameters
    ----------
    net : PartnerNetwork
    mode : {"activities", "projects"}
    relations : iterable of str, optional
        The link relations that count as taking part. Default: those of the
        roles ``organising`` and ``participation`` (``organises`` and
        ``takes_part_in``); pass ``net.schema.taking_part`` to count also who
        serves at (``serves_in``) or funds (``funds``) an activity.

    Returns
    -------
    Affiliation
        The incidence, the two-mode measures, the projections, circles,
        bridges and each item's reach.

    Examples
    --------
    >>> import govgraph as gg
    >>> net = gg.load_dataset("datun_north")
    >>> organising = gg.affiliation(net, relations="organises")
    >>> organising.bridges().index[0]
    'JM-SO-CH'
    """
    net = check_network(net)
    check_choice(mode, MODES, "mode")
    chosen = _participation(net, relations)
    items = getattr(net, mode)
    links = net.links
    links = links[links["relation"].isin(chosen) & links["target"].isin(items.index)]
    partners = partner_table(net)
    taking_part = partners.index[partners.index.isin(links["source"])]  # in the order of the partners
    rows = taking_part.get_indexer(links["source"])
    cols = items.index.get_indexer(links["target"])
    matrix = sp.csr_array(
        sp.coo_array((np.ones(len(links)), (rows, cols)), shape=(len(taking_part), len(items)))
    )
    matrix.sum_duplicates()
    organising = links["relation"].isin(net.schema.relations_with("organising")).to_numpy()
    reach = _reach(net, items, links, organising)
    return Affiliation(mode, chosen, matrix, partners.loc[taking_part], items, reach)


def _participation(net: PartnerNetwork, relations: Iterable[str] | str | None) -> tuple[str, ...]:
    """The link relations from partners to activities and projects that ``relations`` names."""
    schema = net.schema
    allowed = schema.taking_part
    if relations is None:
        return schema.relations_with("organising", "participation")
    listed = [relations] if isinstance(relations, str) else list(relations)
    wrong = [r for r in listed if r not in allowed]
    if wrong or not listed:
        raise GovGraphError(
            f"relations: expected relations from partners to activities or projects, of {list(allowed)}; "
            f"got {wrong or listed}"
        )
    return tuple(dict.fromkeys(listed))


def _reach(
    net: PartnerNetwork, items: pd.DataFrame, links: pd.DataFrame, organising: np.ndarray
) -> pd.DataFrame:
    places = net.places
    table = items[["name"]].copy()
    table["participants"] = links.groupby("target")["source"].nunique().reindex(items.index, fill_value=0)
    organisers = links[organising].groupby("target")["source"].nunique()
    table["organisers"] = organisers.reindex(items.index, fill_value=0).astype("int64")
    # The grids an item touches: the innermost grid of each participant and of its place.
    touched = pd.concat(
        [
            pd.DataFrame({"item": links["target"].to_numpy(), "partner": links["source"].to_numpy()}),
            pd.DataFrame({"item": items.index, "partner": items["place"].to_numpy()}).dropna(),
        ]
    )
    touched["grid"] = places["grid"].reindex(touched["partner"]).to_numpy()
    touched["community"] = places["community"].reindex(touched["partner"]).to_numpy()
    grids = touched.dropna(subset=["grid"]).drop_duplicates(["item", "grid"])
    table["grids"] = grids.groupby("item").size().reindex(items.index, fill_value=0).astype("int64")
    table["grid_ids"] = grids.groupby("item")["grid"].agg(lambda g: ",".join(sorted(g))).reindex(items.index)
    communities = touched.dropna(subset=["community"]).drop_duplicates(["item", "community"])
    table["communities"] = (
        communities.groupby("item").size().reindex(items.index, fill_value=0).astype("int64")
    )
    partners = net.partners
    buildings = partners.index[partners["kind"].isin(net.schema.kinds_at("building")).to_numpy()]
    held = grids_containing(net, buildings)
    homes = pd.DataFrame({"building": held.index, "grid": held.to_numpy()})
    homes["households"] = partners["households"].reindex(homes["building"]).fillna(0).to_numpy()
    reached = grids[["item", "grid"]].merge(homes, on="grid").drop_duplicates(["item", "building"])
    households = reached.groupby("item")["households"].sum()
    table["households"] = households.reindex(items.index, fill_value=0).astype("int64")
    table["participants"] = table["participants"].astype("int64")
    return table
