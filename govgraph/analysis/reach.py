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

from govgraph.model.checks import (
    check_choice,
    check_count,
    check_kinds,
    check_level,
    check_network,
    check_relations,
)
from govgraph.model.network import PartnerNetwork
from govgraph.model.places import UNITS, grids_containing, partner_table, unit_people, unit_rows
from govgraph.model.schema import Schema
from govgraph.model.taxonomy import Taxonomy, check_taxonomy

__all__ = ["SUMMARY_LEVELS", "CoverageSummary", "coverage", "coverage_summary", "default_providers"]

#: Levels a coverage summary is drawn up at.
SUMMARY_LEVELS = ("community", "grid")


def default_providers(schema: Schema) -> list[str]:
    """The kinds coverage counts unless told: grid workers and party members (the schema's roles)."""
    return [*schema.kinds_with("worker"), *schema.kinds_with("party_member")]


def coverage(
    net: PartnerNetwork,
    *,
    unit: str = "building",
    providers: Iterable[str] | str | None = None,
    hops: int = 1,
    relations: Iterable[str] | None = None,
    min_providers: int = 1,
) -> pd.DataFrame:
    """How many providers of each kind reach every building, grid or resident.

    Parameters
    ----------
    net : PartnerNetwork
    unit : {"building", "grid", "resident"}
        What is covered: the places of a level, or the residents.
    providers : iterable of str, optional
        Partner kinds that cover (default: the schema's grid workers and
        party members).
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
        Index: unit id (every unit). Columns ``kind``, ``name``,
        ``community``, ``grid``; ``households`` (a building's own, a grid's
        buildings' summed, micro grids included; 1 per resident);
        ``vulnerable_residents`` (residents living there who are marked true
        in any of ``govgraph.model.contract.VULNERABILITY_COLUMNS``; for a
        resident 1 or 0); then per provider kind ``<kind>_providers`` (how
        many reach it), ``covered_by_<kind>`` (at least ``min_providers``),
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
    chosen = default_providers(net.schema) if providers is None else check_kinds(net, providers, "providers")
    kinds = list(dict.fromkeys(chosen))
    hops = check_count(hops, "hops")
    min_providers = check_count(min_providers, "min_providers")
    graph = net.ties(weight=None, relations=check_relations(net, relations))
    rows = unit_rows(net, unit)
    table = partner_table(net).iloc[rows]
    table["households"], table["vulnerable_residents"] = unit_people(net, unit, rows)

    reach = graph.within_hops(rows, hops)
    kind = net.partners["kind"].to_numpy()
    for provider in kinds:
        members = (kind == provider).astype(np.float64)
        members[rows] = 0.0  # a unit does not cover itself
        count = (reach @ members).astype(np.int64)
        table[f"{provider}_providers"] = count
        table[f"covered_by_{provider}"] = count >= min_providers
        table[f"redundant_{provider}"] = count >= 2 * min_providers
        nearest = graph.hops_from(members > 0)[rows]
        table[f"hops_to_{provider}"] = (
            pd.Series(nearest, index=table.index).where(nearest >= 0).astype("Int64")
        )
    covered = np.ones(len(rows), dtype=bool)
    for provider in kinds:
        covered &= table[f"covered_by_{provider}"].to_numpy()
    table["covered"] = covered
    table.attrs["coverage"] = {"unit": unit, "providers": kinds, "hops": hops, "min_providers": min_providers}
    return table


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
        ``category_label`` (中文 English), ``needs`` (raised by partners in
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
    *,
    level: str = "grid",
    unit: str = "building",
    providers: Iterable[str] | str | None = None,
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
        Where units and needs are counted: in their innermost grid (a
        micro grid, a courtyard: see ``net.places``), each once, or rolled
        up to their community.
    unit, providers, hops, relations, min_providers
        As for :func:`coverage`.
    taxonomy : Taxonomy, optional
        Which resource categories answer which needs (default: the
        network's, ``net.schema.taxonomy``).

    Returns
    -------
    CoverageSummary

    Raises
    ------
    GovGraphError
        For an unknown level, or any argument :func:`coverage` refuses.

    Notes
    -----
    A resource is within reach of a grid when its provider lies in that grid,
    in a grid holding it (a large grid's property butler serves its micro
    grids) or in a grid inside it; of a community when its provider lies in
    it. A provider with a community but no grid serves every grid of its
    community; one with neither, the whole street.

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
    check_level(level, options=SUMMARY_LEVELS)
    taxonomy = check_taxonomy(taxonomy, net.schema.taxonomy)
    table = coverage(
        net, unit=unit, providers=providers, hops=hops, relations=relations, min_providers=min_providers
    )
    kinds = table.attrs["coverage"]["providers"]
    places = partner_table(net)
    places = places[places["kind"].isin(net.schema.kinds_at(level))][["name", "community"]]
    long = table.assign(place=net.places[level].reindex(table.index))
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
    gaps = _gaps(long, places, services, kinds)
    return CoverageSummary(places, services, gaps, level)


def _services(net: PartnerNetwork, places: pd.DataFrame, level: str, taxonomy: Taxonomy) -> pd.DataFrame:
    needs = net.needs
    raised = pd.DataFrame(
        {
            "place": net.places[level].reindex(needs["requester"]).to_numpy(),
            "category": needs["category"].to_numpy(),
        }
    ).dropna(subset=["place"])
    categories = list(dict.fromkeys([*taxonomy.categories, *needs["category"].unique()]))
    answers = pd.DataFrame(
        [(need, by) for need in categories for by in taxonomy.answering(need)],
        columns=["category", "offered"],
    )
    reach = _resource_places(net, places, level).merge(answers, on="offered")
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
    resources = net.resources
    offers = pd.DataFrame({"resource": resources.index, "provider": resources["provider"].to_numpy()})
    where = net.places.reindex(offers["provider"])
    placed = where[level].notna().to_numpy()
    pairs = [pd.DataFrame({"resource": offers["resource"][placed], "place": where[level][placed].to_numpy()})]
    if level == "grid":
        # A grid's resources reach the grids holding it and the grids inside it.
        inside = grids_containing(net, places.index)
        within = pd.DataFrame({"place": inside.index, "holder": inside.to_numpy()})
        sited = pairs[0].rename(columns={"place": "holder"})
        pairs.append(within.merge(sited, on="holder")[["resource", "place"]])
        outwards = grids_containing(net, pd.Index(pairs[0]["place"].unique()))
        holders = pd.DataFrame({"place": outwards.index, "holder": outwards.to_numpy()})
        pairs.append(
            pairs[0]
            .merge(holders, on="place")[["resource", "holder"]]
            .set_axis(["resource", "place"], axis=1)
        )
    # A provider placed in a community but nowhere at this level serves the whole community; with
    # no community, the street.
    community = where["community"].to_numpy(dtype=object)[~placed]
    loose = offers["resource"].to_numpy()[~placed]
    place_community = places["community"] if level == "grid" else pd.Series(places.index, index=places.index)
    in_community = pd.DataFrame({"resource": loose, "community": community}).merge(
        pd.DataFrame({"place": place_community.index, "community": place_community.to_numpy()}),
        on="community",
    )
    pairs.append(in_community[["resource", "place"]])
    street_wide = loose[pd.isna(community)]
    pairs.append(
        pd.MultiIndex.from_product([street_wide, places.index]).to_frame(
            index=False, name=["resource", "place"]
        )
    )
    result = pd.concat(pairs, ignore_index=True).drop_duplicates()
    result = result[result["place"].isin(places.index)]
    result["offered"] = resources["category"].reindex(result["resource"]).to_numpy()
    result["capacity"] = resources["capacity"].reindex(result["resource"]).to_numpy()
    return result


def _gaps(long: pd.DataFrame, places: pd.DataFrame, services: pd.DataFrame, kinds: list[str]) -> pd.DataFrame:
    flags = long[[f"covered_by_{kind}" for kind in kinds]].to_numpy()
    short = ~flags.all(axis=1)
    missing = [", ".join(k for k, ok in zip(kinds, row) if not ok) for row in flags[short]]
    uncovered = long[short]
    provider_gaps = pd.DataFrame(
        {
            "gap": "provider",
            "place": uncovered["place"].to_numpy(),
            "place_name": places["name"].reindex(uncovered["place"]).to_numpy(),
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
