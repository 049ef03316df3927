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
from govgraph.analysis._places import UNITS, VULNERABILITY_COLUMNS, grids_containing, unit_people
from govgraph.analysis._ties import ties, within_hops
from govgraph.errors import GovGraphError
from govgraph.network import PartnerNetwork

__all__ = ["UNITS", "VULNERABILITY_COLUMNS", "Workload", "coverage", "workload"]


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


@dataclass(frozen=True)
class Workload:
    """Households and buildings per provider, and how evenly they are spread.

    Attributes
    ----------
    providers : DataFrame
        Index: provider id (every partner of the kind). Columns ``kind``,
        ``name``, ``community``, ``grid``, ``buildings`` (buildings it is
        responsible for), ``households`` (their households), ``household_share``
        (each building's households split equally among its providers) and
        ``above_norm`` (share above ``norm``; False without a norm). Sorted
        by share, heaviest first.
    spread : DataFrame
        One row per community and per grid (index ``level``, ``place``):
        ``providers``, ``households_per_provider`` (mean share), ``max_share``,
        ``gini`` and ``coefficient_of_variation`` of the shares.
    norm : float or None
    """

    providers: pd.DataFrame
    spread: pd.DataFrame
    norm: float | None


def workload(
    net: PartnerNetwork,
    provider: str = "grid_worker",
    norm: float | None = None,
    relations: Iterable[str] = ("responsible_for",),
) -> Workload:
    """How many households each provider answers for, and how evenly the load is shared.

    Parameters
    ----------
    net : PartnerNetwork
    provider : str
        Partner kind whose load is measured (default grid workers).
    norm : float, optional
        Households per provider above which a provider is flagged.
    relations : iterable of str
        Relation kinds that make a provider responsible for a building,
        directly or through a grid (every building of that grid and of the
        grids inside it). Default ``responsible_for``.

    Returns
    -------
    Workload

    Notes
    -----
    Gini is the mean absolute difference over twice the mean (0 = equal
    shares); the coefficient of variation is the population standard
    deviation over the mean. Both are NaN where the mean share is 0.

    Examples
    --------
    >>> import govgraph as gg
    >>> load = gg.workload(gg.load_dataset("datun_north"), norm=300)
    >>> int(load.providers["above_norm"].sum()) > 0
    True
    """
    net = check_network(net)
    (kind,) = check_kinds(net, [provider], "provider")
    if norm is not None and (isinstance(norm, bool) or not isinstance(norm, (int, float)) or not norm >= 0):
        raise GovGraphError(f"norm: expected a non-negative number of households, got {norm!r}")
    chosen = [relations] if isinstance(relations, str) else list(relations)
    unknown = [r for r in chosen if r not in net.schema.relations]
    if unknown:
        raise GovGraphError(f"relations: unknown relation kinds {unknown}")
    partners = net.partners
    is_provider = partners["kind"] == kind
    links = net.relations[net.relations["relation"].isin(chosen)]
    links = links[links["source"].isin(partners.index[is_provider])]
    buildings = partners[partners["kind"] == "building"]
    # A grid stands for its buildings and those of the grids inside it.
    within = grids_containing(net, buildings)
    inside = pd.DataFrame({"place": within.to_numpy(), "building": within.index})
    direct = links[links["target"].isin(buildings.index)][["source", "target"]]
    direct = direct.rename(columns={"target": "building"})
    via_grid = links.merge(inside, left_on="target", right_on="place")[["source", "building"]]
    pairs = pd.concat([direct, via_grid]).drop_duplicates()
    households = buildings["households"].fillna(0).astype("float64")
    pairs["households"] = households.reindex(pairs["building"]).to_numpy()
    pairs["share"] = pairs["households"] / pairs.groupby("building")["source"].transform("size").to_numpy()
    per = pairs.groupby("source").agg(
        buildings=("building", "size"), households=("households", "sum"), household_share=("share", "sum")
    )
    table = partners[is_provider][["kind", "name", "community", "grid"]].copy()
    table["buildings"] = per["buildings"].reindex(table.index, fill_value=0).astype("int64")
    table["households"] = per["households"].reindex(table.index, fill_value=0.0)
    table["household_share"] = per["household_share"].reindex(table.index, fill_value=0.0)
    table["above_norm"] = table["household_share"] > norm if norm is not None else False
    table = table.sort_values("household_share", ascending=False, kind="stable")
    spread = pd.concat(
        [_spread(table, "community"), _spread(table, "grid")],
        keys=["community", "grid"],
        names=["level", "place"],
    )
    return Workload(table, spread, None if norm is None else float(norm))


def _spread(table: pd.DataFrame, level: str) -> pd.DataFrame:
    groups = table.groupby(table[level].astype("string").fillna("(none)"))["household_share"]
    return pd.DataFrame(
        {
            "providers": groups.size(),
            "households_per_provider": groups.mean(),
            "max_share": groups.max(),
            "gini": groups.apply(_gini),
            "coefficient_of_variation": groups.apply(_variation),
        }
    )


def _gini(values: pd.Series) -> float:
    x = values.to_numpy(dtype=np.float64)
    mean = x.mean() if len(x) else 0.0
    if mean == 0:
        return np.nan
    return float(np.abs(x[:, None] - x[None, :]).mean() / (2 * mean))


def _variation(values: pd.Series) -> float:
    x = values.to_numpy(dtype=np.float64)
    mean = x.mean() if len(x) else 0.0
    return float(x.std() / mean) if mean else np.nan
