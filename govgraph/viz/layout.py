"""Where partners sit on the page: a layout by place, computed once in Python.

Each partner has a container (``net.places["container"]``): the building it
lives or is located in, else its grid (a micro grid's container is its large
grid), else its community. Containers are drawn
at the centre of what they hold: the partners without anything of their
own in a sunflower around the centre, the containers in a
ring around those. The result reads like a map of the street (communities,
their grids, their buildings) and needs no physics in the browser, so a page
of thousands of partners is still at once.
"""

from __future__ import annotations

import math

import pandas as pd

from govgraph.model.network import PartnerNetwork

__all__ = ["places_layout"]

#: Radius of one partner's disc in layout units (vis-network pixels at zoom 1).
NODE_RADIUS = 12.0
_GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))


def places_layout(net: PartnerNetwork, *, parent: pd.Series | None = None) -> pd.DataFrame:
    """Positions ``x`` and ``y`` of every partner (index: partner id), communities around the street's centre.

    ``parent`` gives the containers (default ``net.places["container"]``);
    partners are placed in id order within their container, so the layout
    repeats.
    """
    if parent is None:  # the places of the network itself: laid out once per network
        return net.cached("places_layout", lambda: places_layout(net, parent=net.places["container"])).copy()
    ids = parent.index
    children: dict[str, list[str]] = {"": []}  # "" is the street, holding every top partner
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
