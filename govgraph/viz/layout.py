"""Where partners sit on the page: a layout by place, computed once in Python.

Each partner has a container: the building it lives or is located in, else
its grid (a micro grid's container is its large grid), else its community.
Containers are drawn at the centre of what they hold: the partners without
anything of their own in a sunflower around the centre, the containers in a
ring around those. The result reads like a map of the street (communities,
their grids, their buildings) and needs no physics in the browser, so a page
of thousands of partners is still at once.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from govgraph.network import PartnerNetwork

__all__ = ["containers", "places_layout"]

#: Radius of one partner's disc in layout units (vis-network pixels at zoom 1).
NODE_RADIUS = 12.0
_GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
_HOME_RELATIONS = ("resides_in", "located_in")


def containers(net: PartnerNetwork) -> pd.Series:
    """The partner id each partner is drawn inside, or NA at the top (communities, street-wide partners).

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


def places_layout(net: PartnerNetwork, parent: pd.Series | None = None) -> pd.DataFrame:
    """Positions ``x`` and ``y`` of every partner (index: partner id), communities around the street's centre.

    ``parent`` gives the containers (default :func:`containers`); partners
    are placed in id order within their container, so the layout repeats.
    """
    parent = containers(net) if parent is None else parent
    ids = parent.index
    children: dict[str, list[str]] = {}
    for child, holder in zip(ids, parent.to_numpy(dtype=object, na_value=None)):
        children.setdefault("" if holder is None else holder, []).append(child)
    radius: dict[str, float] = {}
    arrangement: dict[str, list[tuple[str, float, float]]] = {}
    for holder in _bottom_up(children):
        held = sorted(children[holder])
        leaves = [c for c in held if c not in children]
        groups = sorted((c for c in held if c in children), key=lambda c: -radius[c])
        spacing = 2.6 * NODE_RADIUS
        placed = []
        for i, leaf in enumerate(leaves, start=1):
            distance, angle = spacing * math.sqrt(i), i * _GOLDEN_ANGLE
            placed.append((leaf, distance * math.cos(angle), distance * math.sin(angle)))
        core = spacing * math.sqrt(len(leaves)) + NODE_RADIUS if leaves else 0.0
        outer = core
        if groups:
            widths = [2 * radius[g] + 2 * NODE_RADIUS for g in groups]
            ring = (
                max(core + max(widths) / 2, sum(widths) / (2 * math.pi)) if len(groups) > 1 or core else 0.0
            )
            angle = 0.0
            for group, width in zip(groups, widths):
                turn = width / ring / 2 if ring else 0.0
                angle += turn
                placed.append((group, ring * math.cos(angle), ring * math.sin(angle)))
                angle += turn
            outer = ring + max(widths) / 2
        radius[holder] = max(outer, NODE_RADIUS)
        arrangement[holder] = placed
    position: dict[str, tuple[float, float]] = {}
    stack = [("", 0.0, 0.0)]
    while stack:
        holder, cx, cy = stack.pop()
        for child, dx, dy in arrangement[holder]:
            position[child] = (cx + dx, cy + dy)
            if child in arrangement:
                stack.append((child, cx + dx, cy + dy))
    return pd.DataFrame.from_dict(position, orient="index", columns=["x", "y"]).reindex(ids).round(1)


def _bottom_up(children: dict[str, list[str]]) -> list[str]:
    """Containers, each after every container it holds; the street (``""``) last."""
    order: list[str] = []
    stack = [("", False)]
    while stack:
        holder, done = stack.pop()
        if done:
            order.append(holder)
            continue
        stack.append((holder, True))
        stack.extend((c, False) for c in children[holder] if c in children)
    return order
