"""Where partners are: the nesting of grids."""

from __future__ import annotations

import pandas as pd

from govgraph.network import PartnerNetwork


def grid_ancestors(net: PartnerNetwork) -> dict[str, list[str]]:
    """Each grid with the grids that contain it (``grid part_of grid``), itself first."""
    relations = net.relations
    kind = net.partners["kind"]
    nested = relations[
        (relations["relation"] == "part_of")
        & (kind.reindex(relations["source"]).to_numpy() == "grid")
        & (kind.reindex(relations["target"]).to_numpy() == "grid")
    ]
    parents = nested.groupby("source")["target"].apply(list).to_dict()
    result = {}
    for grid in net.partners.index[kind == "grid"]:
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

    Index: member id (repeated once per grid); values: grid ids.
    """
    ancestors = grid_ancestors(net)
    chains = members["grid"].map(lambda g: ancestors.get(g, [g]) if isinstance(g, str) else [])
    return chains.explode().dropna()
