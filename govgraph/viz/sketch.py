"""A printable sketch of part of the network: an SVG of some partners and the ties among them.

Positions come from :func:`govgraph.viz.layout.places_layout`, so a grid's
buildings, residents and workers sit together as on the network page.
Residents are folded into the buildings they live in (a building's circle
grows with them); everyone is labelled by name where the label overlaps no
other.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

import numpy as np
import pandas as pd
import scipy.sparse as sp

from govgraph.model.glossary import Words
from govgraph.model.network import PartnerNetwork

__all__ = ["Sketching", "grid_sketch"]

_WIDTH = 700
_MARGIN = 40
_OTHER_COLOR = "#888888"


@dataclass(frozen=True)
class Sketching:
    """What every sketch of one network draws from, by partner position: made once, used per sketch."""

    xy: np.ndarray  # positions (n × 2)
    names: np.ndarray  # names as shown
    kinds: np.ndarray  # kind keys
    resident: np.ndarray  # whether each is a resident (folded into the place holding it)
    residents: np.ndarray  # residents each partner holds (a building: those living in it)
    ties: sp.csr_array  # the tie pattern, in partner order
    lookup: np.ndarray  # scratch: -1 everywhere between sketches

    @classmethod
    def of(cls, net: PartnerNetwork, shown: pd.Series, positions: pd.DataFrame) -> Sketching:
        index = net.partners.index
        graph = net.ties(weight=None)
        order = graph.index.get_indexer(index)
        kinds = net.partners["kind"]
        resident = kinds.isin(net.schema.kinds_with("resident")).to_numpy()
        holder = index.get_indexer(net.places["container"].to_numpy()[resident])
        return cls(
            xy=np.nan_to_num(positions.reindex(index)[["x", "y"]].to_numpy(dtype=np.float64)),
            names=shown.reindex(index).fillna("").astype(str).to_numpy(dtype=object),
            kinds=kinds.to_numpy(dtype=object),
            resident=resident,
            residents=np.bincount(holder[holder >= 0], minlength=len(index)),
            ties=sp.csr_array(graph.pattern[order][:, order]),
            lookup=np.full(len(index), -1, dtype=np.int64),
        )


def grid_sketch(net: PartnerNetwork, members: np.ndarray, sketching: Sketching, words: Words) -> str:
    """An ``<svg>`` of the partners at positions ``members`` and their ties, with a legend ("" if none)."""
    members = np.asarray(members, dtype=np.int64)
    members = members[members >= 0]
    members = members[~sketching.resident[members]]  # residents are counted in their buildings
    if not len(members):
        return ""
    rows = sketching.ties[members]
    lookup = sketching.lookup
    lookup[members] = np.arange(len(members))  # partner position -> place in this sketch, for a moment
    heads = lookup[rows.indices]
    lookup[members] = -1
    tails = np.repeat(np.arange(len(members)), np.diff(rows.indptr))
    keep = (heads >= 0) & (tails < heads)
    xy = sketching.xy[members]
    low, high = xy.min(axis=0), xy.max(axis=0)
    scale = (_WIDTH - 2 * _MARGIN) / max(float((high - low).max()), 1.0)
    points = (xy - low) * scale + _MARGIN
    height = float(points[:, 1].max()) + _MARGIN
    schema = net.schema
    kinds = sketching.kinds[members].tolist()
    legend = list(dict.fromkeys(kinds))
    colour = {k: escape(schema.kinds[k].color if k in schema.kinds else _OTHER_COLOR) for k in legend}
    total = height + 24 * ((len(legend) + 3) // 4) + 8
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="sketch" role="img" width="100%" '
        f'style="max-width: {_WIDTH}px" viewBox="0 0 {_WIDTH} {total:.0f}" font-size="11" '
        'font-family="Microsoft YaHei, PingFang SC, Noto Sans CJK SC, sans-serif">'
    ]
    if keep.any():
        ends = np.round(np.column_stack([points[tails[keep]], points[heads[keep]]]), 1).tolist()
        path = "".join(f"M{a} {b}L{c} {d}" for a, b, c, d in ends)
        parts.append(f'<path d="{path}" stroke="#cccccc" fill="none"/>')
    taken: list[tuple[float, float, float, float]] = []  # labels drawn; one that would overlap is left out
    names = sketching.names[members].tolist()
    held = sketching.residents[members].tolist()
    for (x, y), kind, count, name in zip(np.round(points, 1).tolist(), kinds, held, names, strict=True):
        radius = 5 + 1.5 * np.sqrt(count)  # a building is larger the more residents live in it
        parts.append(f'<circle cx="{x}" cy="{y}" r="{radius:.1f}" fill="{colour[kind]}"/>')
        text = _clip(name)
        width = 11 * len(text)
        right = x + radius + 3 + width <= _WIDTH  # else the label goes left of its dot
        left = x + radius + 3 if right else x - radius - 3 - width
        box = (left, y - 8, left + width, y + 4)
        if not any(_overlap(box, other) for other in taken):
            taken.append(box)
            parts.append(f'<text x="{left:.1f}" y="{y + 4:.1f}">{escape(text)}</text>')
    for n, kind in enumerate(legend):
        x, y = _MARGIN + (n % 4) * 160, height + 16 + (n // 4) * 24
        label = words.term(schema.kinds[kind]) if kind in schema.kinds else str(kind)
        parts.append(f'<circle cx="{x}" cy="{y - 4}" r="5" fill="{colour[kind]}"/>')
        parts.append(f'<text x="{x + 10}" y="{y}">{escape(_clip(label, 14))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _clip(text: str, limit: int = 12) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
