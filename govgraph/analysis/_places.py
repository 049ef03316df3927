"""Where partners are: the nesting of grids, and each partner's innermost place."""

from __future__ import annotations

import numpy as np
import pandas as pd

from govgraph.network import PartnerNetwork

#: Kinds of unit coverage is counted for.
UNITS = ("building", "grid", "resident")
#: True/false resident columns that mark a resident as vulnerable, where present.
VULNERABILITY_COLUMNS = ("elderly", "disabled", "living_alone", "vulnerable")
#: Relations to a building that make it a partner's place.
_HOME_RELATIONS = ("resides_in", "located_in")


def grid_ancestors(net: PartnerNetwork) -> dict[str, list[str]]:
    """Each grid with the grids that contain it (``grid part_of grid``), itself first."""
    relations = net.relations
    grids = net.partners.index[net.partners["kind"] == "grid"]
    # Select the few part_of relations first: matching ids over every relation is slow at scale.
    nested = relations[(relations["relation"] == "part_of").to_numpy()]
    nested = nested[(nested["source"].isin(grids) & nested["target"].isin(grids)).to_numpy()]
    parents = nested.groupby("source")["target"].apply(list).to_dict()
    result = {}
    for grid in grids:
        chain, frontier = [grid], list(parents.get(grid, []))
        while frontier:
            parent = frontier.pop()
            if parent not in chain:
                chain.append(parent)
                frontier.extend(parents.get(parent, []))
        result[grid] = chain
    return result


def grids_containing(net: PartnerNetwork, members: pd.DataFrame) -> pd.Series:
    """Every grid each member lies in: its own and those containing it.

    Index: member id (repeated once per grid); values: grid ids. A ``grid``
    value that names no grid partner stands for itself.
    """
    placed = members["grid"].dropna()
    return _with_containers(net, placed.index, placed.to_numpy(dtype=object), members.index.name)


def grids_sited(net: PartnerNetwork, members: pd.DataFrame) -> pd.Series:
    """Like :func:`grids_containing`, counting also the grids a member is ``located_in``."""
    relations = net.relations
    located = relations[(relations["relation"] == "located_in").to_numpy()]
    grids = net.partners.index[net.partners["kind"] == "grid"]
    # get_indexer, not isin: isin over a large set of Arrow strings is slow.
    located = located[
        (members.index.get_indexer(located["source"]) >= 0) & (grids.get_indexer(located["target"]) >= 0)
    ]
    placed = members["grid"].dropna()
    member = np.concatenate([placed.index.to_numpy(dtype=object), located["source"].to_numpy(dtype=object)])
    grid = np.concatenate([placed.to_numpy(dtype=object), located["target"].to_numpy(dtype=object)])
    sited = _with_containers(net, pd.Index(member), grid, members.index.name)
    return sited[~pd.MultiIndex.from_arrays([sited.index, sited.to_numpy()]).duplicated()]


def places_of(net: PartnerNetwork, members: pd.DataFrame, level: str) -> pd.Series:
    """Every place (grid or community) each member lies in; index member id, repeated.

    Grids stand in themselves and in the grids containing them.
    """
    if level == "community":
        return members["community"].dropna().astype(object)
    if (members["kind"] == "grid").all() and len(members):
        return _with_containers(net, members.index, members.index.to_numpy(dtype=object), members.index.name)
    return grids_containing(net, members)


def _with_containers(net: PartnerNetwork, member: pd.Index, grid: np.ndarray, name: object) -> pd.Series:
    """(member, grid) pairs widened to every grid containing that grid."""
    chains = [(g, container) for g, chain in grid_ancestors(net).items() for container in chain]
    nesting = pd.DataFrame(chains, columns=["grid", "container"], dtype=object)
    pairs = pd.DataFrame({"member": np.asarray(member, dtype=object), "grid": grid})
    pairs = pairs.merge(nesting, on="grid", how="left", sort=False)
    container = pairs["container"].fillna(pairs["grid"])
    return pd.Series(container.to_numpy(dtype=object), index=pd.Index(pairs["member"], name=name))


def containers(net: PartnerNetwork) -> pd.Series:
    """The innermost place of each partner, or NA at the top (communities, street-wide partners).

    A building a partner resides in or is located in comes first, then the
    grid a grid is part of, then the ``grid`` column, then the ``community``
    column. A container that would close a loop is dropped.
    """
    partners = net.partners
    relations = net.relations
    kinds = partners["kind"]

    ids = partners.index.to_numpy(dtype=object)
    chosen = np.full(len(ids), None, dtype=object)

    def fill(candidates: pd.Series) -> None:
        values = candidates.reindex(partners.index).to_numpy(dtype=object, na_value=None)
        usable = (chosen == None) & (partners.index.get_indexer(values) >= 0) & (values != ids)  # noqa: E711
        chosen[usable] = values[usable]

    homes = relations[relations["relation"].isin(_HOME_RELATIONS).to_numpy()]
    homes = homes[homes["target"].map(kinds).eq("building").to_numpy()]
    fill(homes.drop_duplicates("source").set_index("source")["target"])
    grid_parts = relations[(relations["relation"] == "part_of").to_numpy()]
    grid_parts = grid_parts[
        (grid_parts["source"].map(kinds).eq("grid") & grid_parts["target"].map(kinds).eq("grid")).to_numpy()
    ]
    fill(grid_parts.drop_duplicates("source").set_index("source")["target"])
    fill(partners["grid"].where(kinds != "grid"))
    fill(partners["community"].where(kinds != "community"))
    return _without_loops(pd.Series(chosen, index=partners.index, dtype="string"))


def _without_loops(parent: pd.Series) -> pd.Series:
    """Drop the container of any partner whose chain of containers returns to itself."""
    positions = pd.Index(parent.index).get_indexer(parent.to_numpy(dtype=object, na_value=None))
    up = np.where(positions >= 0, positions, np.arange(len(parent)))
    walker = up.copy()
    for _ in range(int(np.log2(max(len(parent), 2))) + 2):
        walker = walker[walker]  # after step s, each partner points 2^s levels up
    looping = up[walker] != walker  # a chain that ends reaches a top partner, which points to itself
    result = parent.copy()
    result[looping] = pd.NA
    return result


def vulnerable_residents(net: PartnerNetwork) -> pd.Series:
    """True for each resident marked true in any of :data:`VULNERABILITY_COLUMNS`; index: resident ids."""
    residents = net.partners[net.partners["kind"] == "resident"]
    flags = [c for c in VULNERABILITY_COLUMNS if c in residents.columns]
    if not flags:
        return pd.Series(False, index=residents.index)
    return residents[flags].fillna(False).astype(bool).any(axis=1)


def unit_people(net: PartnerNetwork, unit: str, rows: np.ndarray) -> tuple[pd.Series, pd.Series]:
    """Households and vulnerable residents of each unit (partners at ``rows``)."""
    partners = net.partners
    ids = partners.index[rows]
    residents = partners[partners["kind"] == "resident"]
    vulnerable = vulnerable_residents(net)
    households = partners["households"].fillna(0)
    if unit == "resident":
        return pd.Series(1, index=ids, dtype="Int64"), vulnerable.reindex(ids).astype("Int64")
    if unit == "building":
        relations = net.relations
        home = relations[(relations["relation"] == "resides_in").to_numpy()]
        who = partners.index.get_indexer(home["source"])
        flag = np.zeros(len(partners), dtype=np.int64)
        flag[partners.index.get_indexer(vulnerable.index[vulnerable.to_numpy()])] = 1
        where = partners.index.get_indexer(home["target"])
        living = pd.Series(
            np.bincount(where, weights=flag[who], minlength=len(partners)), index=partners.index
        )
        return households.reindex(ids).astype("Int64"), living.reindex(ids, fill_value=0).astype("Int64")
    # A large grid holds the buildings and residents of the micro grids inside it.
    building_grids = grids_containing(net, partners[partners["kind"] == "building"])
    per_grid = households.reindex(building_grids.index).groupby(building_grids.to_numpy()).sum()
    resident_grids = grids_containing(net, residents)
    in_grid = vulnerable.reindex(resident_grids.index).groupby(resident_grids.to_numpy()).sum()
    return (
        per_grid.reindex(ids, fill_value=0).astype("Int64"),
        in_grid.reindex(ids, fill_value=0).astype("Int64"),
    )
