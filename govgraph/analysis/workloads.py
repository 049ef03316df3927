"""Workload: how many households each grid worker (or other provider) answers for, and how evenly.

A worker with 1,100 households beside one with 300 is a gap as real as an
unreached building; the spread is measured per community and per grid.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from govgraph.errors import GovGraphError
from govgraph.model.checks import check_kinds, check_network, check_relations
from govgraph.model.network import PartnerNetwork
from govgraph.model.places import grids_containing, partner_table
from govgraph.model.statistics import coefficient_of_variation, gini

__all__ = ["Workload", "workload"]


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
    *,
    provider: str | None = None,
    norm: float | None = None,
    relations: Iterable[str] | None = None,
) -> Workload:
    """How many households each provider answers for, and how evenly the load is shared.

    Parameters
    ----------
    net : PartnerNetwork
    provider : str, optional
        Partner kind whose load is measured (default: the schema's grid
        workers, the kind with the ``worker`` role).
    norm : float, optional
        Households per provider above which a provider is flagged.
    relations : iterable of str, optional
        Relation kinds that make a provider responsible for a building,
        directly or through a grid (every building of that grid and of the
        grids inside it). Default: the schema's responsibility relations
        (``responsible_for``).

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
    schema = net.schema
    if provider is None:
        workers = schema.kinds_with("worker")
        if not workers:
            raise GovGraphError("provider: the schema has no kind with the 'worker' role; name a kind")
        provider = workers[0]
    (kind,) = check_kinds(net, [provider], "provider")
    if norm is not None and (isinstance(norm, bool) or not isinstance(norm, (int, float)) or not norm >= 0):
        raise GovGraphError(f"norm: expected a non-negative number of households, got {norm!r}")
    chosen = schema.relations_with("responsibility") if relations is None else check_relations(net, relations)
    partners = net.partners
    is_provider = partners["kind"] == kind
    links = net.relations[net.relations["relation"].isin(chosen)]
    links = links[links["source"].isin(partners.index[is_provider])]
    buildings = partners[partners["kind"].isin(schema.kinds_at("building"))]
    # A grid stands for its buildings and those of the grids inside it.
    within = grids_containing(net, buildings.index)
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
    table = partner_table(net)[is_provider.to_numpy()]
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
            "gini": groups.apply(gini),
            "coefficient_of_variation": groups.apply(coefficient_of_variation),
        }
    )
