"""Where every partner is: the one answer to "which building, grid and community?".

``net.places`` is computed here, once per network, from the schema's roles
(which kinds are places of which level, which relations mean nesting,
residence, location, leadership and responsibility) and the ``grid`` and
``community`` columns. Every analysis, matching strategy, view and the
privacy code asks it instead of reading columns or relations themselves.

The rules, in order of precedence:

``self``
    A place is its own building, innermost grid or community.
``column``
    A partner's own ``grid`` or ``community`` column, when it names a place
    of that level.
``residence``, ``location``, ``responsibility``
    The place a partner lives in, is sited in, or answers for or leads. When a
    partner is tied so to several places, the innermost place holding all of
    them counts (a grid worker responsible for two buildings of one grid is in
    that grid).
``nesting``
    A place inside another (a building ``part_of`` a grid, a micro grid
    ``part_of`` a large grid) lies in everything that one lies in; so does
    whatever is in it.

A need belongs to its requester's **innermost grid** (a micro grid, a
courtyard); tables by grid count it there once, and ``level="community"``
rolls it up to the community. ``grid_chain`` names the innermost grid and
every grid containing it, for code that must look outwards (the party
branch of a large grid also serves its micro grids).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow as pa

from govgraph.model.contract import VULNERABILITY_COLUMNS, positions
from govgraph.model.glossary import Words
from govgraph.model.schema import LEVELS, Schema

if TYPE_CHECKING:
    from govgraph.model.network import PartnerNetwork

__all__ = [
    "PLACE_RULES",
    "UNITS",
    "Placement",
    "grids_containing",
    "partner_table",
    "pin_places",
    "placement",
    "places_frame",
    "shown_names",
    "unit_people",
    "unit_rows",
    "vulnerable_residents",
]

#: How a partner was placed (the ``*_rule`` columns of ``net.places``).
PLACE_RULES = ("self", "column", "residence", "location", "responsibility", "nesting")
#: Units coverage and plans count: buildings, grids (place levels) and residents.
UNITS = ("building", "grid", "resident")
_COMMUNITY, _GRID, _BUILDING = range(len(LEVELS))
_NONE = -1


@dataclass(frozen=True)
class Placement:
    """Positions (in ``net.partners`` order; -1 for none) of every partner's places, and the rules.

    Attributes
    ----------
    building, grid, community : ndarray of int
        The building, the innermost grid and the community of each partner.
    container : ndarray of int
        The innermost place holding each partner: its building, else its
        grid, else its community; for a place, the place it is part of.
    grid_chain : ndarray of int, shape (partners, depth)
        The innermost grid and every grid containing it, innermost first,
        padded with -1.
    rules : dict of str to ndarray of int
        Per level, the index into :data:`PLACE_RULES` of the rule that placed
        each partner (-1 where it has no place of that level).
    """

    building: np.ndarray
    grid: np.ndarray
    community: np.ndarray
    container: np.ndarray
    grid_chain: np.ndarray
    rules: dict[str, np.ndarray]


def placement(net: PartnerNetwork) -> Placement:
    """The places of every partner of ``net`` as positions (cached on the network)."""
    cached = net.__dict__.get("_placement")
    if cached is None:
        cached = _compute(net.partners, net.relations, net.schema, net.relation_ends())
        net.__dict__["_placement"] = cached
    return cached


def places_frame(net: PartnerNetwork) -> pd.DataFrame:
    """``net.places``: building, grid, grid_chain, community, container and the rules, by partner id."""
    found = placement(net)
    ids = net.partners.index
    values = ids.to_numpy(dtype=object)

    def named(at: np.ndarray, names: pa.Array) -> pd.Series:
        taken = names.take(pa.array(at, mask=at < 0))  # Arrow: no Python string per row
        return pd.Series(pd.array(taken, dtype="str"), index=ids)

    id_array = pa.array(ids, type=pa.large_string())
    chains = np.empty(len(ids), dtype=object)
    chains[:] = [()]
    known = found.grid >= 0
    if known.any():
        # One tuple per grid, shared by everything in it.
        grids, first = np.unique(found.grid[known], return_index=True)
        rows = found.grid_chain[np.flatnonzero(known)[first]]
        tuples = {g: tuple(values[p] for p in row if p >= 0) for g, row in zip(grids, rows)}
        chains[known] = pd.Series(found.grid[known]).map(tuples).to_numpy(dtype=object)
    frame = pd.DataFrame(
        {
            "building": named(found.building, id_array),
            "grid": named(found.grid, id_array),
            "grid_chain": pd.Series(chains, index=ids, dtype=object),
            "community": named(found.community, id_array),
            "container": named(found.container, id_array),
        }
    )
    rule_names = pa.array(PLACE_RULES, type=pa.large_string())
    for level in ("building", "grid", "community"):
        frame[f"{level}_rule"] = named(found.rules[level], rule_names)
    return frame


def pin_places(net: PartnerNetwork, places: pd.DataFrame) -> None:
    """Give ``net`` the places found on a larger network it is part of, instead of finding its own.

    ``places`` is a ``net.places`` frame of the whole network (rows for at least
    ``net``'s partners). A part cut from a network may lack the ties or places
    that placed its partners (a grid worker's second building, a grid's
    community); :mod:`govgraph.spark` cuts a city into such parts and pins the
    places found on the whole. Places the part lacks become missing; the
    grid chains keep the grids the part has.
    """
    ids = net.partners.index
    frame = places.reindex(ids)

    def at(column: str) -> np.ndarray:
        return positions(frame[column], ids)

    links = frame["grid_chain"].reset_index(drop=True).explode().dropna()  # a row per (partner, grid)
    row = links.index.to_numpy()
    grid = positions(links.astype("str"), ids)
    row, grid = row[grid >= 0], grid[grid >= 0]
    column = pd.Series(row).groupby(row).cumcount().to_numpy()  # innermost first, as given
    grid_chain = np.full((len(ids), int(column.max()) + 1 if len(column) else 1), _NONE, dtype=np.int64)
    grid_chain[row, column] = grid
    rules = {level: positions(frame[f"{level}_rule"], list(PLACE_RULES)) for level in LEVELS}
    net.__dict__["_placement"] = Placement(
        at("building"), at("grid"), at("community"), at("container"), grid_chain, rules
    )
    net.__dict__.pop("places", None)


def _compute(
    partners: pd.DataFrame, relations: pd.DataFrame, schema: Schema, ends: tuple[np.ndarray, np.ndarray]
) -> Placement:
    ids = partners.index
    n = len(ids)
    kinds = list(schema.kinds)
    kind_rank = np.array([_level_rank(schema.kinds[k].level) for k in kinds] + [_NONE], dtype=np.int64)
    rank = kind_rank[positions(partners["kind"], kinds)]
    source, target = ends
    relation_kinds = list(schema.relations)
    relation_role = np.array([schema.relations[r].role for r in relation_kinds] + [None], dtype=object)
    role = relation_role[positions(relations["relation"], relation_kinds)]
    grid_column = _places_named(ids, partners["grid"], rank, _GRID)
    community_column = _places_named(ids, partners["community"], rank, _COMMUNITY)

    parent = _parents(rank, source, target, role, grid_column, community_column)
    ancestors = _ancestors(parent)
    is_place = rank >= 0
    # For places: the nearest place of each level among themselves and what holds them.
    nearest = {level: _nearest(ancestors, rank, LEVELS.index(level)) for level in LEVELS}
    own = np.arange(n)
    found: dict[str, np.ndarray] = {}
    rules: dict[str, np.ndarray] = {}
    for level in LEVELS:
        at = np.where(is_place, nearest[level], _NONE)
        rules[level] = np.where(at == own, _rule("self"), np.where(at >= 0, _rule("nesting"), _NONE))
        found[level] = at
    # Partners that are not places: the first of their anchors that lies in a place of each level.
    anchors = [
        (community_column, _rule("column")),
        (grid_column, _rule("column")),
        *(
            (_lowest_common(ancestors, rank, source, target, role, roles), _rule(name))
            for name, roles in (
                ("residence", ("residence",)),
                ("location", ("location",)),
                ("responsibility", ("responsibility", "leadership")),
            )
        ),
    ]
    for level in LEVELS:
        for anchor, code in anchors:
            candidate = np.where(anchor >= 0, nearest[level][np.maximum(anchor, 0)], _NONE)
            take = ~is_place & (found[level] < 0) & (candidate >= 0)
            found[level][take] = candidate[take]
            rules[level][take] = code
    building, grid, community = found["building"], found["grid"], found["community"]
    container = np.where(
        is_place, parent, np.where(building >= 0, building, np.where(grid >= 0, grid, community))
    )
    return Placement(building, grid, community, container, _grid_chains(ancestors, rank, grid), rules)


def _rule(name: str) -> int:
    return PLACE_RULES.index(name)


def _level_rank(level: str | None) -> int:
    return _NONE if level is None else LEVELS.index(level)


def _places_named(ids: pd.Index, column: pd.Series, rank: np.ndarray, level: int) -> np.ndarray:
    """Positions of the places of ``level`` a column names (-1 where it names none)."""
    position = positions(column, ids)
    ok = (position >= 0) & (rank[np.maximum(position, 0)] == level)
    return np.where(ok, position, _NONE)


def _parents(
    rank: np.ndarray,
    source: np.ndarray,
    target: np.ndarray,
    role: np.ndarray,
    grid_column: np.ndarray,
    community_column: np.ndarray,
) -> np.ndarray:
    """The place each place lies in: the innermost of its nesting relations and columns; -1 at the top.

    A place may lie in a place of its own level (a micro grid in a large grid)
    or an outer one, never an inner one. Validation refuses loops (G1 in G2 in G1).
    """
    n = len(rank)
    nested = (role == "nesting") & (source >= 0) & (target >= 0) & (source != target)
    nested &= (rank[np.maximum(source, 0)] >= 0) & (rank[np.maximum(target, 0)] >= 0)
    nested &= rank[np.maximum(target, 0)] <= rank[np.maximum(source, 0)]
    places = np.flatnonzero(rank >= 0)
    columns = [(grid_column[places], 0), (community_column[places], 1)]
    child = np.concatenate([places, places, source[nested]])
    holder = np.concatenate([columns[0][0], columns[1][0], target[nested]])
    priority = np.concatenate([np.zeros(len(places)), np.ones(len(places)), 2 + np.arange(int(nested.sum()))])
    keep = (holder >= 0) & (holder != child)
    keep &= rank[np.maximum(holder, 0)] <= rank[child]
    child, holder, priority = child[keep], holder[keep], priority[keep]
    # The innermost holder first; at one level a column before a relation, relations in table order.
    order = np.lexsort((priority, -rank[holder], child))
    child, holder = child[order], holder[order]
    first = np.r_[True, child[1:] != child[:-1]] if len(child) else np.zeros(0, dtype=bool)
    parent = np.full(n, _NONE, dtype=np.int64)
    parent[child[first]] = holder[first]
    return parent


def _ancestors(parent: np.ndarray) -> np.ndarray:
    """Per partner: itself, then the places holding it, outwards; padded with -1."""
    columns = [np.arange(len(parent))]
    while True:
        up = np.where(columns[-1] >= 0, parent[np.maximum(columns[-1], 0)], _NONE)
        if not (up >= 0).any():
            break
        columns.append(up)
    return np.column_stack(columns)


def _nearest(ancestors: np.ndarray, rank: np.ndarray, level: int) -> np.ndarray:
    """Per partner, the nearest place of ``level`` among itself and its ancestors (-1 for none)."""
    hit = (ancestors >= 0) & (rank[np.maximum(ancestors, 0)] == level)
    first = hit.argmax(axis=1)
    return np.where(hit.any(axis=1), ancestors[np.arange(len(ancestors)), first], _NONE)


def _lowest_common(
    ancestors: np.ndarray,
    rank: np.ndarray,
    source: np.ndarray,
    target: np.ndarray,
    role: np.ndarray,
    roles: tuple[str, ...],
) -> np.ndarray:
    """Per partner, the innermost place holding every place it is tied to by a relation of ``roles``."""
    n = len(rank)
    tied = np.isin(role, roles) & (source >= 0) & (target >= 0)
    tied &= (rank[np.maximum(source, 0)] < 0) & (rank[np.maximum(target, 0)] >= 0)
    pairs = np.unique(source[tied] * n + target[tied])  # sorted by partner, then place
    result = np.full(n, _NONE, dtype=np.int64)
    if not len(pairs):
        return result
    who, where = pairs // n, pairs % n
    starts = np.flatnonzero(np.r_[True, who[1:] != who[:-1]])
    counts = np.diff(np.r_[starts, len(who)])
    single = counts == 1
    result[who[starts[single]]] = where[starts[single]]
    if single.all():
        return result
    # Several places: compare their paths from the top; the last place all share is the answer.
    rows = ancestors[where]
    length = (rows >= 0).sum(axis=1)
    depth = rows.shape[1]
    top_first = np.full_like(rows, _NONE)
    for j in range(depth):
        pick = length - 1 - j
        top_first[:, j] = np.where(pick >= 0, rows[np.arange(len(rows)), np.maximum(pick, 0)], _NONE)
    lowest = np.minimum.reduceat(top_first, starts, axis=0)
    highest = np.maximum.reduceat(top_first, starts, axis=0)
    shared = np.logical_and.accumulate((lowest == highest) & (lowest >= 0), axis=1)
    deepest = shared.sum(axis=1) - 1
    common = np.where(deepest >= 0, lowest[np.arange(len(starts)), np.maximum(deepest, 0)], _NONE)
    many = ~single
    result[who[starts[many]]] = common[many]
    return result


def _grid_chains(ancestors: np.ndarray, rank: np.ndarray, grid: np.ndarray) -> np.ndarray:
    """Per partner, its innermost grid and the grids holding it, innermost first, padded with -1."""
    is_grid = (ancestors >= 0) & (rank[np.maximum(ancestors, 0)] == _GRID)
    width = max(int(is_grid.sum(axis=1).max()) if len(ancestors) else 0, 1)
    # Per grid place, its grid ancestors packed to the left.
    order = np.argsort(~is_grid, axis=1, kind="stable")
    packed = np.where(
        np.take_along_axis(is_grid, order, axis=1), np.take_along_axis(ancestors, order, axis=1), _NONE
    )[:, :width]
    return np.where((grid >= 0)[:, None], packed[np.maximum(grid, 0)], _NONE)


def partner_table(net: PartnerNetwork) -> pd.DataFrame:
    """``kind``, ``name``, ``community`` and ``grid`` (innermost) of every partner, by id.

    The first columns of every per-partner table govgraph returns; the
    places come from ``net.places``.
    """
    places = net.places
    table = net.partners[["kind", "name"]].copy()
    table["community"] = places["community"]
    table["grid"] = places["grid"]
    return table


def grids_containing(net: PartnerNetwork, ids: pd.Index | None = None) -> pd.Series:
    """Every grid each partner lies in: its innermost grid and the grids holding it.

    Index: partner id, repeated once per grid (partners in no grid left out);
    values: grid ids, innermost first.
    """
    partners = net.partners.index
    chain = placement(net).grid_chain
    rows = np.arange(len(partners)) if ids is None else partners.get_indexer(ids)
    chain = chain[rows]
    who, depth = np.nonzero(chain >= 0)
    values = partners.to_numpy(dtype=object)
    return pd.Series(
        values[chain[who, depth]], index=pd.Index(values[rows[who]], name=partners.name), dtype=object
    )


def unit_rows(net: PartnerNetwork, unit: str) -> np.ndarray:
    """Positions of the units coverage counts: the places of a level, or the residents."""
    kinds = net.schema.kinds_at(unit) if unit in LEVELS else net.schema.kinds_with("resident")
    return np.flatnonzero(net.partners["kind"].isin(kinds).to_numpy())


def vulnerable_residents(net: PartnerNetwork) -> pd.Series:
    """True for each resident marked true in any of :data:`VULNERABILITY_COLUMNS`; index: resident ids."""
    partners = net.partners
    residents = partners[partners["kind"].isin(net.schema.kinds_with("resident"))]
    flags = [c for c in VULNERABILITY_COLUMNS if c in residents.columns]
    if not flags:
        return pd.Series(False, index=residents.index)
    return residents[flags].fillna(False).astype(bool).any(axis=1)


def unit_people(net: PartnerNetwork, unit: str, rows: np.ndarray) -> tuple[pd.Series, pd.Series]:
    """Households and vulnerable residents of each unit (partners at ``rows``).

    A building counts its own households and the vulnerable residents whose
    building it is; a grid, those of every building and resident inside it
    (micro grids included); a resident, one household and itself.
    """
    partners = net.partners
    ids = partners.index[rows]
    vulnerable = vulnerable_residents(net)
    households = partners["households"].fillna(0)
    if unit not in LEVELS:
        return pd.Series(1, index=ids, dtype="Int64"), vulnerable.reindex(ids).astype("Int64")
    places = net.places
    if unit == "building":
        home = places["building"].reindex(vulnerable.index[vulnerable.to_numpy()])
        living = home.value_counts()
        return households.reindex(ids).astype("Int64"), living.reindex(ids, fill_value=0).astype("Int64")
    buildings = partners.index[partners["kind"].isin(net.schema.kinds_at("building"))]
    building_grids = grids_containing(net, buildings)
    per_grid = households.reindex(building_grids.index).groupby(building_grids.to_numpy()).sum()
    resident_grids = grids_containing(net, vulnerable.index)
    in_grid = vulnerable.reindex(resident_grids.index).groupby(resident_grids.to_numpy()).sum()
    return (
        per_grid.reindex(ids, fill_value=0).astype("Int64"),
        in_grid.reindex(ids, fill_value=0).astype("Int64"),
    )


def shown_names(net: PartnerNetwork, *, names: bool = False, lang: str = "both") -> pd.Series:
    """Every partner's name as views and reports show it: a resident by role and place, not by name.

    A resident (a kind with the ``resident`` role) shows as its kind's label
    and the place holding it (``"居民 resident · 3号楼"``: its building, else
    its grid, else its community, by name); ``names=True`` keeps the real
    names. ``lang`` is the language of the kind's label (see
    :data:`govgraph.model.glossary.LANGUAGES`). Index: partner id.

    Examples
    --------
    >>> import govgraph as gg
    >>> shown = shown_names(gg.load_dataset("datun_north"))
    >>> shown["FC-R0023"], shown["FC-B03"]
    ('居民 resident · 3号楼', '3号楼')
    """
    Words(lang)  # a language it knows
    return net.cached(f"shown_names:{bool(names)}:{lang}", lambda: _shown_names(net, names, lang)).copy()


def _shown_names(net: PartnerNetwork, names: bool, lang: str) -> pd.Series:
    partners = net.partners
    shown = partners["name"].astype("string").fillna("")
    if names:
        return shown
    hidden = partners["kind"].isin(net.schema.kinds_with("resident"))
    place_name = net.places["container"].map(shown).fillna("")
    words = Words(lang)
    kinds = net.schema.kinds
    labels = (
        partners["kind"].map({key: words.term(kind) for key, kind in kinds.items()}).fillna(partners["kind"])
    )
    shown[hidden] = (labels + " · " + place_name).where(place_name != "", labels)[hidden]
    return shown
