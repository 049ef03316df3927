"""PartnerNetwork: the immutable container of a community-partner network.

These data frames are the source of truth:

``partners``
    index ``id``; columns ``kind``, ``name``, ``community``, ``grid``,
    ``households``, then any extra attributes.
``relations``
    columns ``source``, ``target``, ``relation``, ``weight``, then extras;
    ``valid_from``/``valid_to`` bound a lasting relation, ``date`` dates an
    event (see :mod:`govgraph.model.timeline`).
``needs``
    index ``id``; columns ``requester`` (a partner id), ``category``,
    ``urgency`` (1 routine ... 5 emergency), then extras.
``resources``
    index ``id``; columns ``provider`` (a partner id), ``category``,
    ``capacity``, then extras.
``activities``
    index ``id``; columns ``name``, ``kind`` (市集, 议事会, 文化活动 ...),
    ``date`` (to ``end`` for a series), ``place`` (a place partner), then extras.
``projects``
    index ``id``; columns ``name``, ``status``, ``start``, ``end``,
    ``place``, ``budget``, then extras.
``links``
    the rows of the relations table whose relation joins a partner to an
    activity or project (``organises``, ``takes_part_in``, ``funds``,
    ``serves_in``) or a project to the needs it ``answers`` and the
    resources it ``uses``: columns as ``relations``. They are written back
    into the relations table of every file.

Everything else is a view derived from them on demand and cached: where
every partner is (:attr:`PartnerNetwork.places`), the undirected tie graph
every measure shares (:meth:`PartnerNetwork.ties`), the sparse adjacency and
the networkx graph. Every transformation returns a new network.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np
import pandas as pd
import scipy.sparse as sp

from govgraph.errors import GovGraphError
from govgraph.model.contract import TABLE_NAMES, TABLES, plain_records, positions
from govgraph.model.places import places_frame
from govgraph.model.schema import ACTIVITY, NEED, PROJECT, RESOURCE, Schema, check_schema
from govgraph.model.ties import Ties
from govgraph.model.timeline import happened, in_force, spans, window
from govgraph.model.validation import prepare_tables

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "Adjacency",
    "PartnerNetwork",
    "PathLike",
    "attached",
    "file_tables",
    "graph_tables",
    "register_writer",
]

PathLike = str | os.PathLike[str]
_WRITERS: list[Callable[[PartnerNetwork, PathLike], None]] = []


def register_writer(writer: Callable[[PartnerNetwork, PathLike], None]) -> None:
    """Give :meth:`PartnerNetwork.write` its formats (``govgraph.io`` registers itself on import).

    The model knows no file formats; this hook lets the formats layer above it
    serve ``net.write`` without the model importing it.
    """
    _WRITERS[:] = [writer]


@dataclass(frozen=True)
class Adjacency:
    """A sparse adjacency matrix with the partner id of every row and column.

    Attributes
    ----------
    matrix : scipy.sparse.csr_array
        ``matrix[i, j]`` is the summed weight of relations from partner
        ``index[i]`` to partner ``index[j]`` (both ways when undirected).
    index : pandas.Index
        Partner ids in matrix order (the order of ``net.partners``).
    """

    matrix: sp.csr_array
    index: pd.Index


_View = TypeVar("_View")

#: The node attribute that carries an activity's own ``kind`` (市集, 议事会) in a graph, where ``kind``
#: says that the node is an activity.
ACTIVITY_KIND = "activity_kind"


class PartnerNetwork:
    """An immutable network of community partners, their relations, needs and resources.

    Build one with :func:`govgraph.read`, :meth:`from_frames`,
    :meth:`from_networkx` or :func:`govgraph.load_dataset`; they all
    validate the tables and raise :class:`~govgraph.DataError` listing every
    problem.

    Examples
    --------
    >>> import pandas as pd
    >>> import govgraph as gg
    >>> partners = pd.DataFrame({
    ...     "id": ["C1", "G1", "B1", "W1", "R1"],
    ...     "kind": ["community", "grid", "building", "grid_worker", "resident"],
    ...     "name": ["富成花园", "第一网格", "1号楼", "网格员甲", "居民甲"],
    ...     "community": ["C1"] * 5,
    ...     "grid": [None, "G1", "G1", "G1", "G1"],
    ...     "households": [None, None, 120, None, None],
    ... })
    >>> relations = pd.DataFrame({
    ...     "source": ["G1", "B1", "W1", "R1"],
    ...     "target": ["C1", "G1", "B1", "B1"],
    ...     "relation": ["part_of", "part_of", "responsible_for", "resides_in"],
    ... })
    >>> net = gg.PartnerNetwork.from_frames(partners, relations)
    >>> net
    <PartnerNetwork: 5 partners, 4 relations, 0 needs, 0 resources>
    >>> net.partners.loc["B1", "households"]
    np.int64(120)
    """

    __slots__ = ("__dict__", "_schema", "_tables")

    def __init__(self, tables: dict[str, pd.DataFrame], schema: Schema) -> None:
        # Private: tables must already be canonical. Use from_frames() or read().
        self._tables = tables
        self._schema = schema

    # -- construction -------------------------------------------------------

    @classmethod
    def from_frames(
        cls,
        partners: pd.DataFrame,
        relations: pd.DataFrame,
        *,
        needs: pd.DataFrame | None = None,
        resources: pd.DataFrame | None = None,
        activities: pd.DataFrame | None = None,
        projects: pd.DataFrame | None = None,
        schema: Schema | None = None,
    ) -> PartnerNetwork:
        """Build a network from data frames, validating every table.

        Ids may be a column named ``id`` or the index. Ids are text; numbers
        become their decimal text. Empty text counts as missing. Who takes
        part in an activity or project, and which needs a project answers,
        are rows of ``relations`` (``takes_part_in``, ``answers`` ...): they
        become :attr:`links`.

        Raises
        ------
        DataError
            Listing every problem, with the table, row (as in a spreadsheet:
            the header is row 1) and column.
        """
        raw = {
            "partners": _with_id_column(partners, "partners"),
            "relations": _frame(relations, "relations"),
            "needs": None if needs is None else _with_id_column(needs, "needs"),
            "resources": None if resources is None else _with_id_column(resources, "resources"),
            "activities": None if activities is None else _with_id_column(activities, "activities"),
            "projects": None if projects is None else _with_id_column(projects, "projects"),
        }
        sources = {name: f"{name} frame" for name in TABLE_NAMES}
        schema = check_schema(schema)
        return cls(prepare_tables(raw, schema, sources), schema)

    @classmethod
    def from_networkx(cls, graph: nx.Graph, *, schema: Schema | None = None) -> PartnerNetwork:
        """Build a network from a networkx graph made by :meth:`to_networkx`.

        Nodes carry ``kind`` and other partner attributes; edges carry
        ``relation`` and optionally ``weight``. Nodes of kind ``need`` and
        ``resource`` become rows of the needs and resources tables, their
        ``raised`` and ``offers`` edges give the requester and provider;
        nodes of kind ``activity`` and ``project`` rows of the activities
        and projects tables. Node ids become text.
        """
        return cls.from_frames(**graph_tables(graph, check_schema(schema)), schema=schema)

    # -- the frames -------------------------------------------------------

    @property
    def schema(self) -> Schema:
        """The kinds and relations this network was validated against."""
        return self._schema

    @property
    def partners(self) -> pd.DataFrame:
        """Partners indexed by id: kind, name, community, grid, households, extras."""
        return self._tables["partners"].copy(deep=False)

    @property
    def relations(self) -> pd.DataFrame:
        """Relations between partners: source, target, relation, weight, extras."""
        return self._tables["relations"].copy(deep=False)

    @property
    def links(self) -> pd.DataFrame:
        """Who organises, takes part in, funds or serves in which activity or project, and which needs a
        project answers and which resources it uses: source, target, relation, weight, extras."""
        return self._tables["links"].copy(deep=False)

    @property
    def activities(self) -> pd.DataFrame:
        """Activities indexed by id: name, kind, date, end, place, extras."""
        return self._tables["activities"].copy(deep=False)

    @property
    def projects(self) -> pd.DataFrame:
        """Projects indexed by id: name, status, start, end, place, budget, extras."""
        return self._tables["projects"].copy(deep=False)

    @property
    def needs(self) -> pd.DataFrame:
        """Needs indexed by id: requester, category, urgency, extras."""
        return self._tables["needs"].copy(deep=False)

    @property
    def resources(self) -> pd.DataFrame:
        """Resources indexed by id: provider, category, capacity, extras."""
        return self._tables["resources"].copy(deep=False)

    def __repr__(self) -> str:
        shown = [*TABLE_NAMES[:4], *(n for n in (*TABLE_NAMES[4:], "links") if len(self._tables[n]))]
        counts = ", ".join(f"{len(self._tables[name]):,} {name}" for name in shown)
        return f"<PartnerNetwork: {counts}>"

    def __eq__(self, other: object) -> bool:
        """Equal when the schema and every table hold the same rows and typed columns.

        Row order and the order of extra columns do not matter.
        """
        if not isinstance(other, PartnerNetwork):
            return NotImplemented
        if self._schema != other._schema:
            return False
        return all(_same_table(self._tables[name], other._tables[name]) for name in self._tables)

    __hash__ = None  # type: ignore[assignment]

    # -- derived views ------------------------------------------------------

    @property
    def places(self) -> pd.DataFrame:
        """Where every partner is: the one answer every analysis, strategy and view uses (cached).

        Index: partner id (every partner). Columns ``building``, ``grid``
        (the innermost grid: a micro grid, a courtyard), ``grid_chain`` (a
        tuple: the innermost grid and every grid holding it, innermost
        first), ``community``, ``container`` (the innermost place holding the
        partner; for a place, the place it is part of), and
        ``building_rule``, ``grid_rule``, ``community_rule``: how each was
        found (``self``, ``column``, ``residence``, ``location``,
        ``responsibility`` or ``nesting``; see :mod:`govgraph.model.places`).
        Missing where a partner has no place of that level.

        Examples
        --------
        >>> import govgraph as gg
        >>> places = gg.load_dataset("datun_north").places
        >>> places.loc["FC-R0023", ["building", "grid", "community", "building_rule"]].tolist()
        ['FC-B03', 'FC-M01', 'FC', 'residence']
        >>> places.loc["FC-M01", "grid_chain"]
        ('FC-M01', 'FC-L1')
        """
        cached = self.__dict__.get("places")
        if cached is None:
            cached = places_frame(self)
            self.__dict__["places"] = cached
        return cached.copy(deep=False)

    def ties(
        self,
        *,
        weight: str | None = "weight",
        relations: Iterable[str] | None = None,
        directed: bool = False,
    ) -> Ties:
        """The tie graph every measure shares (cached per weight, relation filter and direction).

        Parameters
        ----------
        weight : str or None
            Relation column summed into each tie's strength (default
            ``"weight"``); None counts relations.
        relations : iterable of str, optional
            Keep only these relation kinds.
        directed : bool
            False (default): undirected ties, every relation counted both ways.
            True: arcs, a relation of a directed kind (``leads``, ``visits``, …)
            from its source to its target and one of an undirected kind
            (``partners_with``, …) both ways.

        Returns
        -------
        Ties
            ``strength`` (summed weights), ``pattern`` (pairs joined by any
            relation, whatever its weight) and ``index`` (partner ids).
        """
        if weight is not None and not isinstance(weight, str):
            raise GovGraphError(f"weight: expected a relation column name or None, got {weight!r}")
        if isinstance(relations, str):
            relations = [relations]
        rel_key = None if relations is None else tuple(sorted(set(relations)))
        directed = bool(directed)
        key = ("ties", weight, rel_key, directed)
        cached = self.__dict__.get(key)  # type: ignore[call-overload]
        if cached is not None:
            return cached  # type: ignore[no-any-return]
        strength = self.adjacency(weight=weight, relations=rel_key, directed=directed).matrix.copy()
        if strength.nnz and (not np.all(np.isfinite(strength.data)) or strength.data.min() < 0):
            raise GovGraphError(f"weight: column {weight!r} must hold finite, non-negative numbers")
        counted = self.adjacency(weight=None, relations=rel_key, directed=directed)
        pattern = counted.matrix.copy()
        pattern.data = np.ones_like(pattern.data)
        strength.eliminate_zeros()
        result = Ties(strength, pattern, counted.index, directed)
        self.__dict__[key] = result  # type: ignore[index]
        return result

    def cached(self, key: str, make: Callable[[], _View]) -> _View:
        """A view other parts derive from the frames (a layout, say), made on first use and kept:
        the frames never change. Treat it as read-only."""
        slot = ("view", key)
        if slot not in self.__dict__:
            self.__dict__[slot] = make()  # type: ignore[index]
        return self.__dict__[slot]  # type: ignore[index,no-any-return]

    def to_networkx(self, *, include_needs: bool = False) -> nx.MultiDiGraph:
        """The network as a networkx MultiDiGraph (cached; treat it as read-only).

        Nodes are partner ids with every non-missing partner attribute
        (``kind`` among them); edges carry ``relation``, ``weight`` and
        every non-missing extra. With ``include_needs``, needs and resources
        are added as nodes of kind ``need`` and ``resource`` joined by
        ``raised`` and ``offers`` edges, and activities and projects as
        nodes of kind ``activity`` and ``project`` with the :attr:`links`
        as edges, which is what :meth:`from_networkx` and the
        GraphML/GEXF/JSON exports use.
        """
        key = "graph_with_needs" if include_needs else "graph"
        cached = self.__dict__.get(key)
        if cached is None:
            cached = self._build_graph(include_needs)
            self.__dict__[key] = cached
        return cached

    def _build_graph(self, include_needs: bool) -> nx.MultiDiGraph:
        import networkx as nx  # imported when used: it takes a fifth of a second to load

        graph = nx.MultiDiGraph()
        graph.add_nodes_from(_node_records(self._tables["partners"]))
        relations = self._tables["relations"]
        attrs = plain_records(relations.drop(columns=["source", "target"]))
        graph.add_edges_from(zip(relations["source"], relations["target"], attrs))
        if include_needs:
            for name, kind, link in (("needs", NEED, "requester"), ("resources", RESOURCE, "provider")):
                (relation, *_) = _item_relations(self._schema, kind) or (kind,)
                table = self._tables[name]
                nodes = _node_records(table.drop(columns=[link]))
                graph.add_nodes_from((node, {"kind": kind, **data}) for node, data in nodes)
                graph.add_edges_from(
                    (owner, item, {"relation": relation, "weight": 1.0})
                    for item, owner in table[link].items()
                )
            for name, kind in (("activities", ACTIVITY), ("projects", PROJECT)):
                nodes = _node_records(self._tables[name].rename(columns={"kind": ACTIVITY_KIND}))
                graph.add_nodes_from((node, {**data, "kind": kind}) for node, data in nodes)
            links = self._tables["links"]
            attrs = plain_records(links.drop(columns=["source", "target"]))
            graph.add_edges_from(zip(links["source"], links["target"], attrs))
        return graph

    def relation_ends(self) -> tuple[np.ndarray, np.ndarray]:
        """Positions in ``partners`` of every relation's source and target (cached; read-only)."""
        cached = self.__dict__.get("_relation_ends")
        if cached is None:
            relations, ids = self._tables["relations"], self._tables["partners"].index
            cached = (positions(relations["source"], ids), positions(relations["target"], ids))
            for array in cached:
                array.flags.writeable = False
            self.__dict__["_relation_ends"] = cached
        return cached  # type: ignore[no-any-return]

    def adjacency(
        self,
        *,
        weight: str | None = "weight",
        relations: Iterable[str] | None = None,
        directed: bool = False,
    ) -> Adjacency:
        """Sparse adjacency of the partners (cached per argument set).

        Parameters
        ----------
        weight : str or None
            Relation column summed into each entry; None counts relations.
        relations : iterable of str, optional
            Keep only these relation kinds.
        directed : bool
            If False (default) the matrix is symmetric: a relation counts in
            both directions, as for reach and coverage. If True a relation of a
            directed kind counts from its source to its target only, one of an
            undirected kind both ways.
        """
        rel_key = None if relations is None else tuple(sorted(set(relations)))
        key = ("adjacency", weight, rel_key, directed)
        cached = self.__dict__.get(key)  # type: ignore[call-overload]
        if cached is not None:
            return cached
        table = self._tables["relations"]
        rows, cols = self.relation_ends()
        if rel_key is not None:
            unknown = set(rel_key) - set(self._schema.relations)
            if unknown:
                raise GovGraphError(f"relations: unknown relation kinds {sorted(unknown)}")
            kept = table["relation"].isin(rel_key).to_numpy()
            table, rows, cols = table[kept], rows[kept], cols[kept]
        if weight is not None and weight not in table.columns:
            raise GovGraphError(f"weight: the relations table has no column {weight!r}")
        index = self._tables["partners"].index
        values = (
            np.ones(len(table)) if weight is None else table[weight].to_numpy(dtype="float64", na_value=0.0)
        )
        n = len(index)
        if directed:
            kinds = self._schema.relations
            both = ~table["relation"].map({k: r.directed for k, r in kinds.items()}).to_numpy(dtype=bool)
            rows, cols = np.concatenate([rows, cols[both]]), np.concatenate([cols, rows[both]])
            values = np.concatenate([values, values[both]])
        matrix = sp.csr_array(sp.coo_array((values, (rows, cols)), shape=(n, n)))
        if not directed:
            matrix = sp.csr_array(matrix + matrix.T)
        matrix.sum_duplicates()
        result = Adjacency(matrix, index)
        self.__dict__[key] = result  # type: ignore[index]
        return result

    # -- transformations ---------------------------------------------------

    def subnetwork(
        self,
        *,
        communities: Iterable[str] | None = None,
        kinds: Iterable[str] | None = None,
    ) -> PartnerNetwork:
        """The partners of some communities and/or kinds, with what joins them.

        Parameters
        ----------
        communities : iterable of str, optional
            Community ids: keeps the partners in those communities (see
            :attr:`places`), the communities themselves among them.
        kinds : iterable of str, optional
            Partner kinds to keep.

        Relations are kept when both ends are kept; needs and resources when
        their requester or provider is.
        """
        partners = self._tables["partners"]
        keep = pd.Series(True, index=partners.index)
        if communities is not None:
            wanted = _as_list(communities, "communities")
            community = self.places["community"]
            missing = [c for c in wanted if c not in set(community.dropna())]
            if missing:
                raise GovGraphError(f"communities: no partner belongs to {missing}")
            keep &= community.isin(wanted)
        if kinds is not None:
            wanted_kinds = _as_list(kinds, "kinds")
            unknown = [k for k in wanted_kinds if k not in self._schema.kinds]
            if unknown:
                raise GovGraphError(f"kinds: unknown partner kinds {unknown}")
            keep &= partners["kind"].isin(wanted_kinds)
        return self._keeping(keep.to_numpy())

    def ego(self, partner: str, *, hops: int = 1, relations: Iterable[str] | None = None) -> PartnerNetwork:
        """The ego network of a partner: everyone within ``hops`` ties of it, and what joins them.

        Ties count either way round, as in :meth:`ties` (sna's ``ego.extract`` with ``neighborhood=
        "combined"``; networkx's ``ego_graph(..., undirected=True)``). The ego network keeps the
        relations among those partners (of the ``relations`` kinds when given), their needs and
        resources, and, as :meth:`subnetwork` does, the activities and projects sited among them (or
        sited nowhere, with one of them taking part) with the links between what it keeps.

        Parameters
        ----------
        partner : str
            The ego's id.
        hops : int
            How many ties away alters may be (0: the ego alone).
        relations : iterable of str, optional
            The relation kinds that count as ties, and that the ego network keeps.

        Examples
        --------
        >>> import govgraph as gg
        >>> net = gg.load_dataset("datun_north")
        >>> around = net.ego("FC-W003", hops=1)
        >>> "FC-W003" in around.partners.index, len(around.partners) < len(net.partners)
        (True, True)
        """
        partners = self._tables["partners"].index
        if not isinstance(partner, str):
            raise GovGraphError(f"partner: expected a partner id (text), got {type(partner).__name__}")
        if partner not in partners:
            raise GovGraphError(f"partner: no partner has the id {partner!r}")
        if isinstance(hops, bool) or not isinstance(hops, (int, np.integer)) or hops < 0:
            raise GovGraphError(f"hops: expected a whole number of ties, 0 or more, got {hops!r}")
        if isinstance(relations, str):
            relations = [relations]
        rel_key = None if relations is None else tuple(sorted(set(relations)))
        from scipy.sparse.csgraph import dijkstra  # imported when used

        pattern = self.adjacency(weight=None, relations=rel_key).matrix
        start = int(partners.get_loc(partner))
        distance = dijkstra(pattern, indices=start, unweighted=True, limit=float(hops) + 0.5)
        kept = np.isfinite(distance)
        chosen = None if rel_key is None else self._tables["relations"]["relation"].isin(rel_key).to_numpy()
        return self._keeping(kept, chosen)

    def at(self, day: object) -> PartnerNetwork:
        """The network as it stood on a day: what was in force then, and the history up to it.

        Keeps the partners and lasting relations whose ``valid_from`` ..
        ``valid_to`` overlaps the day, the events (relations with a
        ``date``) and the needs raised on or before it. Undated records are
        kept. See :mod:`govgraph.model.timeline`.

        Parameters
        ----------
        day : str, date or datetime
            ``"2024-06-30"``, ``"2024年6月30日"``; a day without a time covers the whole day.

        Examples
        --------
        >>> import govgraph as gg
        >>> net = gg.load_dataset("datun_north")
        >>> len(net.at("2024-03-31").needs) < len(net.at("2024-12-31").needs) <= len(net.needs)
        True
        """
        first, last = window(day, day, ("day", "day"))
        return self._in_time(first, last, since=None)

    def between(self, start: object, end: object) -> PartnerNetwork:
        """What happened from ``start`` to ``end`` (both days included): the events and needs of the window,
        with the partners and lasting relations in force at some moment of it. Undated records are kept.

        See :mod:`govgraph.model.timeline`.

        Examples
        --------
        >>> import govgraph as gg
        >>> march = gg.load_dataset("datun_north").between("2024-03-01", "2024-03-31")
        >>> bool(march.needs["created_at"].dt.month.eq(3).all())
        True
        """
        first, last = window(start, end)
        return self._in_time(first, last, since=first)

    def _in_time(self, first: pd.Timestamp, last: pd.Timestamp, since: pd.Timestamp | None) -> PartnerNetwork:
        relations, needs = self._tables["relations"], self._tables["needs"]
        lasting = in_force(relations, first, last)
        if "date" in relations:
            dated = relations["date"].notna().to_numpy()
            lasting = np.where(dated, happened(relations["date"], since, last), lasting)
        raised = happened(needs["created_at"], since, last) if "created_at" in needs else None
        activities, projects = self._tables["activities"], self._tables["projects"]
        held = {
            "activities": spans(activities["date"], activities["end"], since, last),
            "projects": spans(projects["start"], projects["end"], since, last),
        }
        return self._keeping(in_force(self._tables["partners"], first, last), lasting, raised, held)

    def _keeping(
        self,
        partners: np.ndarray,
        relations: np.ndarray | None = None,
        needs: np.ndarray | None = None,
        held: dict[str, np.ndarray] | None = None,
    ) -> PartnerNetwork:
        """The network of the partners, relations, needs, activities and projects marked true, with what
        they leave dangling dropped: relations whose ends are gone, needs and resources of absent
        partners, activities and projects sited in an absent place (or, sited nowhere, with none of their
        partners left), links whose ends are gone."""
        table = self._tables
        kept = table["partners"].index[partners]
        ties = table["relations"]
        keep = ties["source"].isin(kept) & ties["target"].isin(kept)
        if relations is not None:
            keep &= relations
        raised = table["needs"]["requester"].isin(kept)
        if needs is not None:
            raised &= needs
        tables = {
            "partners": table["partners"][partners],
            "relations": ties[keep.to_numpy()].reset_index(drop=True),
            "needs": table["needs"][raised.to_numpy()],
            "resources": table["resources"][table["resources"]["provider"].isin(kept).to_numpy()],
        }
        links = table["links"]
        for name in ("activities", "projects"):
            sited = attached(table[name]["place"], links, kept)
            if held is not None:
                sited = sited & held[name]
            tables[name] = table[name][sited]
        nodes = kept.append([tables[name].index for name in ("needs", "resources", "activities", "projects")])
        linked = links["source"].isin(nodes) & links["target"].isin(nodes)
        tables["links"] = links[linked.to_numpy()].reset_index(drop=True)
        return PartnerNetwork(tables, self._schema)

    def summary(self) -> pd.DataFrame:
        """Partners by community (rows) and kind (columns), with totals.

        Returns
        -------
        DataFrame
            Index: community id (from :attr:`places`; ``"(none)"`` for
            partners in none) and ``"total"``; one column per kind present,
            in schema order, and ``total``. An empty network gives the
            ``total`` row and column alone.
        """
        partners = self._tables["partners"]
        community = self.places["community"].fillna("(none)")
        present = set(partners["kind"])
        kinds = [k for k in self._schema.kinds if k in present]
        table = pd.crosstab(community, partners["kind"]).reindex(columns=kinds, fill_value=0).astype("int64")
        table["total"] = table.sum(axis=1)
        table.loc["total"] = table.sum(axis=0)
        table = table.astype("int64")
        table.index.name = "community"
        table.columns.name = "kind"
        return table

    def write(self, path: PathLike) -> None:
        """Write the network: a folder of CSVs, ``.xlsx``, ``.graphml``, ``.gexf`` or ``.json``.

        See :func:`govgraph.io.write` for the formats.
        """
        if not _WRITERS:
            raise GovGraphError("no file formats are registered: import govgraph first")
        _WRITERS[0](self, path)


def graph_tables(graph: nx.Graph, schema: Schema) -> dict[str, pd.DataFrame]:
    """The four raw tables of a graph made by :meth:`PartnerNetwork.to_networkx` (see ``from_networkx``)."""
    partners: list[dict[str, Any]] = []
    items: dict[str, list[dict[str, Any]]] = {NEED: [], RESOURCE: [], ACTIVITY: [], PROJECT: []}
    for node, attrs in graph.nodes(data=True):
        row = {**attrs, "id": str(node)}
        kind = attrs.get("kind")
        if kind in items:
            row.pop("kind")
            if ACTIVITY_KIND in row:
                row["kind"] = row.pop(ACTIVITY_KIND)
            items[kind].append(row)
        else:
            partners.append(row)
    needs, resources = items[NEED], items[RESOURCE]
    node_kind = {str(n): k for n, k in graph.nodes(data="kind")}
    relations: list[dict[str, Any]] = []
    links: dict[str, dict[str, str]] = {NEED: {}, RESOURCE: {}}
    for source, target, attrs in graph.edges(data=True):
        source, target = str(source), str(target)
        item = node_kind.get(target)
        if item in links and attrs.get("relation") in _item_relations(schema, item):
            links[item][target] = source
            continue
        relations.append({"source": source, "target": target, **attrs})
    for rows, column, item in ((needs, "requester", NEED), (resources, "provider", RESOURCE)):
        for row in rows:
            row.setdefault(column, links[item].get(row["id"]))
    return {
        "partners": _records(partners, ["id", "kind"]),
        "relations": _records(relations, ["source", "target", "relation"]),
        "needs": _records(needs, ["id", "requester", "category"]),
        "resources": _records(resources, ["id", "provider", "category", "capacity"]),
        "activities": _records(items[ACTIVITY], ["id"]),
        "projects": _records(items[PROJECT], ["id"]),
    }


def attached(place: pd.Series, links: pd.DataFrame, partners: pd.Index) -> np.ndarray:
    """Which activities or projects (``place`` indexed by their ids) belong with a part of a network
    whose partners are ``partners``: those sited in one of its places, and those sited nowhere that one
    of its partners takes part in (through ``links``: source, target)."""
    joined = links["target"][links["source"].isin(partners)]
    return (place.isin(partners) | (place.isna() & place.index.isin(joined))).to_numpy(dtype=bool)


def file_tables(net: PartnerNetwork) -> dict[str, pd.DataFrame]:
    """The tables as files hold them (see :data:`~govgraph.model.contract.TABLE_NAMES`): the links written
    back among the relations, after them; activities and projects only when the network has some (or a
    column of its own for them)."""
    tables = {name: getattr(net, name) for name in TABLE_NAMES}
    for name in ("activities", "projects"):
        if tables[name].empty and set(tables[name].columns) <= {c.name for c in TABLES[name]}:
            del tables[name]
    if len(net.links):
        tables["relations"] = pd.concat([tables["relations"], net.links], ignore_index=True)
    return tables


def _item_relations(schema: Schema, item: str) -> tuple[str, ...]:
    """The relation kinds that join a partner to a need (``raised``) or a resource (``offers``)."""
    return schema.relations_with("request" if item == NEED else "offer")


def _frame(frame: object, name: str) -> pd.DataFrame:
    if not isinstance(frame, pd.DataFrame):
        raise GovGraphError(f"{name}: expected a pandas DataFrame, got {type(frame).__name__}")
    return frame


def _with_id_column(frame: object, name: str) -> pd.DataFrame:
    table = _frame(frame, name)
    if "id" in table.columns:
        return table.reset_index(drop=True)
    if table.index.name == "id" or not isinstance(table.index, pd.RangeIndex):
        return table.rename_axis("id").reset_index()
    return table


def _records(rows: list[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    # object columns keep each value's own Python type (an int stays an int
    # next to missing values) for coerce_table to read.
    frame = pd.DataFrame(rows, dtype=object)
    for column in columns:
        if column not in frame.columns:
            frame[column] = pd.Series(dtype="object")
    return frame


def _node_records(frame: pd.DataFrame) -> list[tuple[Hashable, dict[str, Any]]]:
    return list(zip(frame.index, plain_records(frame)))


def _as_list(values: Iterable[str], name: str) -> list[str]:
    if isinstance(values, str):
        return [values]
    try:
        return list(values)
    except TypeError:
        raise GovGraphError(f"{name}: expected a string or a list of strings") from None


def _same_table(left: pd.DataFrame, right: pd.DataFrame) -> bool:
    if set(left.columns) != set(right.columns) or len(left) != len(right):
        return False
    columns = sorted(left.columns)
    left, right = left[columns], right[columns]
    if isinstance(left.index, pd.RangeIndex):
        left = left.sort_values(columns, na_position="first").reset_index(drop=True)
        right = right.sort_values(columns, na_position="first").reset_index(drop=True)
    else:
        left, right = left.sort_index(), right.sort_index()
    return left.equals(right)
