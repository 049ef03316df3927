"""Coverage: which buildings, grids or residents each kind of provider reaches.

Grid governance promises every building someone responsible, a party member
nearby and services within reach. Here *reach* is exact and the same every
time: a provider reaches a unit when a chain of at most ``hops`` ties joins
them, over the relation kinds chosen.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp

from govgraph.analysis._checks import check_choice, check_count, check_kinds, check_network
from govgraph.analysis._places import (
    UNITS,
    VULNERABILITY_COLUMNS,
    grids_sited,
    places_of,
    unit_people,
)
from govgraph.analysis._ties import ties, within_hops
from govgraph.errors import GovGraphError
from govgraph.matching.categories import TAXONOMY, Taxonomy
from govgraph.network import PartnerNetwork

__all__ = ["UNITS", "VULNERABILITY_COLUMNS", "CoverageSummary", "coverage", "coverage_summary"]


def coverage(
    net: PartnerNetwork,
    unit: str = "building",
    providers: Iterable[str] | str = ("grid_worker", "party_member"),
    hops: int = 1,
    relations: Iterable[str] | None = None,
    min_providers: int = 1,
) -> pd.DataFrame:
    """How many providers of each kind reach every building, grid or resident.

    Parameters
    ----------
    net : PartnerNetwork
    unit : {"building", "grid", "resident"}
        What is covered.
    providers : iterable of str
        Partner kinds that cover (default grid workers and party members).
    hops : int
        A provider reaches a unit joined to it by at most this many ties
        (1: directly, e.g. ``responsible_for`` or ``resides_in``).
    relations : iterable of str, optional
        Relation kinds that count as ties (default: all).
    min_providers : int
        Providers of a kind needed for a unit to count as covered by that kind.

    Returns
    -------
    DataFrame
        Index: unit id (every partner of that kind). Columns ``kind``,
        ``name``, ``community``, ``grid``; ``households`` (a building's own,
        a grid's buildings' summed, with the micro grids ``part_of`` it; 1
        per resident); ``vulnerable_residents`` (residents living there —
        by ``resides_in`` for buildings, by ``grid`` for grids — who are marked true in any of
        :data:`VULNERABILITY_COLUMNS`; for a resident 1 or 0); then per
        provider kind ``<kind>_providers`` (how many reach it),
        ``covered_by_<kind>`` (at least ``min_providers``),
        ``redundant_<kind>`` (at least twice that) and ``hops_to_<kind>``
        (ties to the nearest one, any distance; missing if none is
        connected); finally ``covered`` (covered by every kind).

    Raises
    ------
    GovGraphError
        For an unknown unit, provider kind or relation kind, or ``hops`` or
        ``min_providers`` below 1.

    Notes
    -----
    Ties are undirected and every relation counts, whatever its weight.
    Counts come from sparse products of the unit rows with ``(I + A)``,
    ``hops`` times; the nearest provider from one breadth-first search per
    provider kind started from all its providers at once — O(hops·m) and
    O(kinds·diameter·m), no loop over units.

    Examples
    --------
    >>> import govgraph as gg
    >>> table = gg.coverage(gg.load_dataset("datun_north"), unit="building")
    >>> int(table["covered"].sum()), len(table)
    (159, 204)
    """
    net = check_network(net)
    check_choice(unit, UNITS, "unit")
    kinds = list(dict.fromkeys(check_kinds(net, providers, "providers")))
    hops = check_count(hops, "hops")
    min_providers = check_count(min_providers, "min_providers")
    graph = ties(net, None, relations)
    partners = net.partners
    is_unit = (partners["kind"] == unit).to_numpy()
    rows = np.flatnonzero(is_unit)
    table = partners.iloc[rows][["kind", "name", "community", "grid"]].copy()
    table["households"], table["vulnerable_residents"] = unit_people(net, unit, rows)

    reach = within_hops(graph.pattern, rows, hops)
    kind = partners["kind"].to_numpy()
    for provider in kinds:
        members = (kind == provider).astype(np.float64)
        members[rows] = 0.0  # a unit does not cover itself
        count = (reach @ members).astype(np.int64)
        table[f"{provider}_providers"] = count
        table[f"covered_by_{provider}"] = count >= min_providers
        table[f"redundant_{provider}"] = count >= 2 * min_providers
        nearest = _hops_from(graph.pattern, members > 0)[rows]
        table[f"hops_to_{provider}"] = (
            pd.Series(nearest, index=table.index).where(nearest >= 0).astype("Int64")
        )
    covered = np.ones(len(rows), dtype=bool)
    for provider in kinds:
        covered &= table[f"covered_by_{provider}"].to_numpy()
    table["covered"] = covered
    table.attrs["coverage"] = {"unit": unit, "providers": kinds, "hops": hops, "min_providers": min_providers}
    return table


def _hops_from(pattern: sp.csr_array, sources: np.ndarray) -> np.ndarray:
    """Hops from the nearest source to every partner (-1 where none is connected)."""
    dist = np.where(sources, 0, -1)
    frontier = sources.astype(np.float64)
    level = 0
    while frontier.any():
        level += 1
        nearby = (pattern @ frontier > 0) & (dist < 0)
        dist[nearby] = level
        frontier = nearby.astype(np.float64)
    return dist


#: Levels a coverage summary is drawn up at.
LEVELS = ("grid", "community")


@dataclass(frozen=True)
class CoverageSummary:
    """Coverage by grid or community: ratios, services within reach, and the gaps to close.

    Attributes
    ----------
    places : DataFrame
        Index: every grid (or community) id. Columns ``name``, ``community``,
        ``units``, ``households``, ``vulnerable_residents``; per provider
        kind ``units_covered_by_<kind>``, ``unit_coverage_<kind>`` and
        ``household_coverage_<kind>`` (shares, NaN where the place has no
        units or no households); then ``units_covered``,
        ``unit_coverage_ratio`` and ``household_coverage_ratio`` (covered by
        every kind).
    services : DataFrame
        Index: (``place``, ``category``), every place with every need
        category of the taxonomy and of the data. Columns ``place_name``,
        ``category_label`` (中文 / English), ``needs`` (raised by partners in
        the place), ``resources`` and ``capacity`` (of the resources within
        reach that answer the category) and ``served`` (at least one).
    gaps : DataFrame
        The work list, largest first by households, then vulnerable
        residents, then needs: one row per unit some provider kind does not
        cover (``gap`` = ``"provider"``, ``missing`` = the kinds) and per
        place and category with needs but no resource within reach
        (``gap`` = ``"service"``, ``missing`` = the category). Columns
        ``gap``, ``place``, ``place_name``, ``unit``, ``unit_name``,
        ``missing``, ``households``, ``vulnerable_residents``, ``needs``.
    level : str
    """

    places: pd.DataFrame
    services: pd.DataFrame
    gaps: pd.DataFrame
    level: str


def coverage_summary(
    net: PartnerNetwork,
    level: str = "grid",
    unit: str = "building",
    providers: Iterable[str] | str = ("grid_worker", "party_member"),
    hops: int = 1,
    relations: Iterable[str] | None = None,
    min_providers: int = 1,
    taxonomy: Taxonomy | None = None,
) -> CoverageSummary:
    """Coverage ratios, services within reach and the gaps, per grid or community.

    The table a coordinator reads first: which share of each grid's
    buildings and households has a grid worker and a party member, which
    needs have no service within reach, and which gaps are largest.

    Parameters
    ----------
    net : PartnerNetwork
    level : {"grid", "community"}
        A building in a micro grid counts for that grid and every grid
        containing it.
    unit, providers, hops, relations, min_providers
        As for :func:`coverage`.
    taxonomy : Taxonomy, optional
        Which resource categories answer which needs (default
        :data:`govgraph.matching.TAXONOMY`).

    Returns
    -------
    CoverageSummary

    Raises
    ------
    GovGraphError
        For an unknown level, or any argument :func:`coverage` refuses.

    Notes
    -----
    A resource is within reach of a place when its provider lies there (by
    its ``grid`` column or a ``located_in`` tie to the grid, nested grids
    included), or serves the place's whole community (a provider with a
    community and no grid), or the whole street (neither).

    Examples
    --------
    >>> import govgraph as gg
    >>> summary = gg.coverage_summary(gg.load_dataset("datun_north"), level="community", hops=2)
    >>> fc = summary.places.loc["FC"]
    >>> int(fc["units"]), int(fc["households"]), float(fc["unit_coverage_ratio"])
    (59, 7188, 1.0)
    >>> print(summary.gaps.loc[0, ["gap", "place", "missing", "needs"]].to_dict())
    {'gap': 'service', 'place': 'FC', 'missing': 'parking_ev_charging', 'needs': 14}
    """
    net = check_network(net)
    check_choice(level, LEVELS, "level")
    if taxonomy is None:
        taxonomy = TAXONOMY
    elif not isinstance(taxonomy, Taxonomy):
        raise GovGraphError(f"taxonomy: expected a Taxonomy, got {type(taxonomy).__name__}")
    table = coverage(net, unit, providers, hops, relations, min_providers)
    kinds = table.attrs["coverage"]["providers"]
    partners = net.partners
    places = partners[partners["kind"] == level][["name", "community"]].copy()
    where = places_of(net, table, level)
    long = table.loc[where.index].assign(place=where.to_numpy())
    long["covered_households"] = long["households"].where(long["covered"], 0)
    grouped = long.groupby("place")
    places["units"] = grouped.size().reindex(places.index, fill_value=0)
    for column in ("households", "vulnerable_residents"):
        places[column] = grouped[column].sum().reindex(places.index, fill_value=0).astype("int64")
    units = places["units"].where(places["units"] > 0)
    households = places["households"].astype("float64").where(places["households"] > 0)
    for kind in kinds:
        flag = f"covered_by_{kind}"
        covered = grouped[flag].sum().reindex(places.index, fill_value=0)
        reached = long["households"].where(long[flag], 0).groupby(long["place"]).sum().astype("float64")
        places[f"units_covered_by_{kind}"] = covered
        places[f"unit_coverage_{kind}"] = covered / units
        places[f"household_coverage_{kind}"] = reached.reindex(places.index, fill_value=0) / households
    covered = grouped["covered"].sum().reindex(places.index, fill_value=0)
    places["units_covered"] = covered
    places["unit_coverage_ratio"] = covered / units
    covered_households = grouped["covered_households"].sum().astype("float64")
    places["household_coverage_ratio"] = covered_households.reindex(places.index, fill_value=0) / households
    services = _services(net, places, level, taxonomy)
    gaps = _gaps(table, places, services, kinds, level)
    return CoverageSummary(places, services, gaps, level)


def _services(net: PartnerNetwork, places: pd.DataFrame, level: str, taxonomy: Taxonomy) -> pd.DataFrame:
    partners, needs = net.partners, net.needs
    requesters = partners.reindex(needs["requester"]).set_axis(needs.index)
    need_place = places_of(net, requesters, level)
    raised = pd.DataFrame(
        {"place": need_place.to_numpy(), "category": needs["category"].reindex(need_place.index)}
    )
    categories = list(dict.fromkeys([*taxonomy.categories, *needs["category"].unique()]))
    offered = _resource_places(net, places, level)
    answers = pd.DataFrame(
        [(need, by) for need in categories for by in taxonomy.answering(need)],
        columns=["category", "offered"],
    )
    reach = offered.merge(answers, on="offered")
    full = pd.MultiIndex.from_product([places.index, categories], names=["place", "category"])
    services = pd.DataFrame(index=full)
    services["place_name"] = places["name"].reindex(full.get_level_values("place")).to_numpy()
    services["category_label"] = [taxonomy.label(c) for c in full.get_level_values("category")]
    services["needs"] = (
        raised.groupby(["place", "category"]).size().reindex(full, fill_value=0).astype("int64")
    )
    by_place = reach.groupby(["place", "category"])
    services["resources"] = by_place["resource"].nunique().reindex(full, fill_value=0).astype("int64")
    capacity = reach.drop_duplicates(["place", "category", "resource"]).groupby(["place", "category"])[
        "capacity"
    ]
    services["capacity"] = capacity.sum().reindex(full, fill_value=0)
    services["served"] = services["resources"] > 0
    return services


def _resource_places(net: PartnerNetwork, places: pd.DataFrame, level: str) -> pd.DataFrame:
    """Columns ``resource``, ``place``, ``offered`` (its category), ``capacity``: one row per place
    each resource is within reach of."""
    partners, resources = net.partners, net.resources
    providers = partners.reindex(resources["provider"]).set_axis(resources.index)
    if level == "grid":
        by_provider = grids_sited(net, partners.loc[resources["provider"].unique()])
        offers = pd.DataFrame({"resource": resources.index, "provider": resources["provider"].to_numpy()})
        sited = offers.merge(
            pd.DataFrame({"provider": by_provider.index, "place": by_provider.to_numpy()}), on="provider"
        )
        placed = pd.Series(sited["place"].to_numpy(), index=sited["resource"].to_numpy())
    else:
        placed = places_of(net, providers, level)
    unplaced = providers.loc[resources.index.difference(placed.index), "community"]
    # A provider with a community but no place in it serves the whole community; with neither, the street.
    place_community = places["community"] if level == "grid" else pd.Series(places.index, index=places.index)
    by_community = pd.DataFrame({"resource": unplaced.index, "community": unplaced.to_numpy()}).merge(
        pd.DataFrame({"place": place_community.index, "community": place_community.to_numpy()}),
        on="community",
    )
    street_wide = pd.MultiIndex.from_product([unplaced.index[unplaced.isna()], places.index]).to_frame(
        index=False, name=["resource", "place"]
    )
    pairs = pd.concat(
        [
            pd.DataFrame({"resource": placed.index, "place": placed.to_numpy()}),
            by_community[["resource", "place"]],
            street_wide,
        ]
    ).drop_duplicates()
    pairs["offered"] = resources["category"].reindex(pairs["resource"]).to_numpy()
    pairs["capacity"] = resources["capacity"].reindex(pairs["resource"]).to_numpy()
    return pairs


def _gaps(
    table: pd.DataFrame, places: pd.DataFrame, services: pd.DataFrame, kinds: list[str], level: str
) -> pd.DataFrame:
    flags = table[[f"covered_by_{kind}" for kind in kinds]].to_numpy()
    short = ~flags.all(axis=1)
    missing = [", ".join(k for k, ok in zip(kinds, row) if not ok) for row in flags[short]]
    uncovered = table[short]
    if level == "community":
        place = uncovered["community"]
    else:
        place = uncovered["grid"].where(
            uncovered["kind"] != "grid", pd.Series(uncovered.index, index=uncovered.index)
        )
    provider_gaps = pd.DataFrame(
        {
            "gap": "provider",
            "place": place.to_numpy(),
            "place_name": places["name"].reindex(place).to_numpy(),
            "unit": uncovered.index,
            "unit_name": uncovered["name"].to_numpy(),
            "missing": missing,
            "households": uncovered["households"].to_numpy(),
            "vulnerable_residents": uncovered["vulnerable_residents"].to_numpy(),
            "needs": pd.NA,
        }
    )
    unserved = services[(services["needs"] > 0) & ~services["served"]].reset_index()
    service_gaps = pd.DataFrame(
        {
            "gap": "service",
            "place": unserved["place"],
            "place_name": unserved["place_name"],
            "unit": None,
            "unit_name": None,
            "missing": unserved["category"],
            "households": places["households"].reindex(unserved["place"]).to_numpy(),
            "vulnerable_residents": places["vulnerable_residents"].reindex(unserved["place"]).to_numpy(),
            "needs": unserved["needs"],
        }
    )
    gaps = pd.concat([provider_gaps, service_gaps], ignore_index=True)
    gaps = gaps.astype({"households": "Int64", "vulnerable_residents": "Int64", "needs": "Int64"})
    order = ["households", "vulnerable_residents", "needs"]
    return gaps.sort_values(order, ascending=False, na_position="last", kind="stable").reset_index(drop=True)
