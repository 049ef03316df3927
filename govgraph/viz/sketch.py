"""A printable sketch of part of the network: an SVG of some partners and the ties among them.

Positions come from :func:`govgraph.viz.layout.places_layout`, so a grid's
buildings, residents and workers sit together as on the network page.
Residents are dots without a label; everyone else is labelled by name.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

import numpy as np
import pandas as pd

from govgraph.model.glossary import Words
from govgraph.model.network import PartnerNetwork

__all__ = ["grid_sketch"]

_WIDTH = 700
_MARGIN = 40


def grid_sketch(
    net: PartnerNetwork, partners: Sequence[str], shown: pd.Series, words: Words, positions: pd.DataFrame
) -> str:
    """An ``<svg>`` of ``partners`` (ids) and their ties, with a legend of the kinds drawn ("" if none)."""
    if not len(partners):
        return ""
    graph = net.ties(weight=None)
    at = graph.index.get_indexer(pd.Index(partners))
    sub = graph.pattern[at][:, at].tocoo()
    xy = positions.reindex(pd.Index(partners))[["x", "y"]].to_numpy(dtype=np.float64)
    xy = np.nan_to_num(xy)
    low, high = xy.min(axis=0), xy.max(axis=0)
    span = max(float((high - low).max()), 1.0)
    scale = (_WIDTH - 2 * _MARGIN) / span
    points = (xy - low) * scale + _MARGIN
    height = float(points[:, 1].max()) + _MARGIN
    schema = net.schema
    kinds = net.partners["kind"].reindex(pd.Index(partners)).tolist()
    residents = set(schema.kinds_with("resident"))
    colour = [schema.kinds[k].color if k in schema.kinds else "#888888" for k in kinds]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="sketch" role="img" width="100%" '
        f'style="max-width: {_WIDTH}px" viewBox="0 0 {_WIDTH} {height + 24 * len(set(kinds)) // 4 + 24:.0f}" '
        'font-size="11" font-family="Microsoft YaHei, PingFang SC, Noto Sans CJK SC, sans-serif">'
    ]
    for i, j in zip(sub.row.tolist(), sub.col.tolist()):
        if i < j:
            (x1, y1), (x2, y2) = points[i], points[j]
            parts.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#cccccc"/>')
    names = shown.reindex(pd.Index(partners)).fillna("").tolist()
    taken: list[
        tuple[float, float, float, float]
    ] = []  # label boxes drawn: a label that would overlap one is left out
    for (x, y), kind, fill, name in zip(points.tolist(), kinds, colour, names, strict=True):
        resident = kind in residents
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{3 if resident else 6}" fill="{escape(fill)}"/>')
        text = _clip(str(name))
        right = x + 8 + 11 * len(text) <= _WIDTH  # else the label goes left of its dot
        box = (
            (x + 8, y - 8, x + 8 + 11 * len(text), y + 4)
            if right
            else (x - 8 - 11 * len(text), y - 8, x - 8, y + 4)
        )
        if not resident and not any(_overlap(box, other) for other in taken):
            taken.append(box)
            anchor = "" if right else ' text-anchor="end"'
            parts.append(
                f'<text x="{x + 8 if right else x - 8:.1f}" y="{y + 4:.1f}"{anchor}>{escape(text)}</text>'
            )
    for n, kind in enumerate(dict.fromkeys(kinds)):
        x, y = _MARGIN + (n % 4) * 160, height + 16 + (n // 4) * 24
        label = words.term(schema.kinds[kind]) if kind in schema.kinds else str(kind)
        fill = schema.kinds[kind].color if kind in schema.kinds else "#888888"
        parts.append(f'<circle cx="{x}" cy="{y - 4}" r="5" fill="{escape(fill)}"/>')
        parts.append(f'<text x="{x + 10}" y="{y}">{escape(_clip(label, 14))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _clip(text: str, limit: int = 12) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
