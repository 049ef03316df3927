"""Bar charts as SVG text for the report: horizontal bars, one group per row, one colour per series.

The browser lays out the text, so Chinese labels show in whatever font the
office machine has; every label is escaped.
"""

from __future__ import annotations

import math
from html import escape

import numpy as np
import pandas as pd

from govgraph.errors import GovGraphError

__all__ = ["bar_chart"]

SERIES_COLORS = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#b07aa1", "#edc948", "#9c755f")
_WIDTH = 760
_LABEL_WIDTH = 210
_BAR_HEIGHT = 14
_LEGEND_ROW = 16
_FONT = 'font-family="Microsoft YaHei, PingFang SC, Noto Sans CJK SC, WenQuanYi Micro Hei, sans-serif"'


def bar_chart(values: pd.DataFrame | pd.Series, title: str, *, percent: bool = False) -> str:
    """An SVG of horizontal bars: a row per index label, a bar per column, the value written at its end.

    Parameters
    ----------
    values : DataFrame or Series
        Non-negative numbers; the index labels the rows, the columns name
        the series (shown in a legend when there are several). NaN draws no bar.
    title : str
        Shown above the chart and as the SVG's accessible title.
    percent : bool
        Values are shares (0 … 1) on a 0–100 % axis.

    Returns
    -------
    str
        An ``<svg>`` element.

    Examples
    --------
    >>> import pandas as pd
    >>> svg = bar_chart(pd.Series([0.5, 1.0], index=["A <b>", "B"], name="covered"), "Coverage", percent=True)
    >>> svg.startswith("<svg") and "A &lt;b&gt;" in svg and "100%" in svg
    True
    """
    frame = values.to_frame() if isinstance(values, pd.Series) else values
    numbers = frame.apply(pd.to_numeric, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
    if (numbers[np.isfinite(numbers)] < 0).any():
        raise GovGraphError(f"bar_chart {title!r}: values must not be negative")
    finite = numbers[np.isfinite(numbers)]
    top = 1.0 if percent else _nice(finite.max() if finite.size else 1.0)
    rows, series = numbers.shape
    legend = series > 1
    row_height = series * _BAR_HEIGHT + 8
    head = 30 + (_LEGEND_ROW * series + 4 if legend else 0)  # one legend row per series: nothing overlaps
    height = head + rows * row_height + 28
    plot = _WIDTH - _LABEL_WIDTH - 70
    parts = [
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'width="100%" style="max-width: {_WIDTH}px" '
        f'viewBox="0 0 {_WIDTH} {height}" {_FONT} font-size="12">',
        f"<title>{escape(title)}</title>",
        f'<text x="0" y="16" font-size="14" font-weight="bold">{escape(title)}</text>',
    ]
    if legend:
        for j, name in enumerate(frame.columns):
            y = 26 + j * _LEGEND_ROW
            parts.append(f'<rect x="{_LABEL_WIDTH}" y="{y}" width="10" height="10" fill="{_color(j)}"/>')
            parts.append(f'<text x="{_LABEL_WIDTH + 14}" y="{y + 9}">{escape(_clip(str(name), 40))}</text>')
    for tick in np.linspace(0, top, 5):
        x = _LABEL_WIDTH + plot * tick / top
        parts.append(f'<line x1="{x:.1f}" y1="{head}" x2="{x:.1f}" y2="{height - 24}" stroke="#e3e3e3"/>')
        parts.append(
            f'<text x="{x:.1f}" y="{height - 8}" text-anchor="middle" fill="#666">'
            f"{_format(tick, percent)}</text>"
        )
    for i, label in enumerate(frame.index):
        y = head + i * row_height + 4
        parts.append(
            f'<text x="{_LABEL_WIDTH - 8}" y="{y + row_height / 2}" text-anchor="end">'
            f"{escape(_clip(str(label), 28))}</text>"
        )
        for j in range(series):
            value = numbers[i, j]
            if not np.isfinite(value):
                continue
            width = plot * min(value / top, 1.0)
            bar_y = y + j * _BAR_HEIGHT
            parts.append(
                f'<rect x="{_LABEL_WIDTH}" y="{bar_y}" width="{width:.1f}" '
                f'height="{_BAR_HEIGHT - 2}" fill="{_color(j)}"/>'
            )
            parts.append(
                f'<text x="{_LABEL_WIDTH + width + 4:.1f}" y="{bar_y + _BAR_HEIGHT - 3}" font-size="11">'
                f"{_format(value, percent)}</text>"
            )
    parts.append("</svg>")
    return "".join(parts)


def _color(j: int) -> str:
    return SERIES_COLORS[j % len(SERIES_COLORS)]


def _nice(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 × 10^k at or above ``value``."""
    if value <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 2.5, 5, 10) if step * power >= value)


def _format(value: float, percent: bool) -> str:
    if percent:
        return f"{value:.0%}"
    return f"{value:,.0f}" if value >= 100 or float(value).is_integer() else f"{value:.3g}"


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
