"""Charts as SVG text for the report: horizontal bars (one group per row) and time charts (columns or
lines along the months), one colour per series.

The browser lays out the text, so Chinese labels show in whatever font the
office machine has; every label is escaped.
"""

from __future__ import annotations

import math
from html import escape

import numpy as np
import pandas as pd

from govgraph.errors import GovGraphError

__all__ = ["bar_chart", "time_chart"]

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
    frame, numbers, top = _values(values, f"bar_chart {title!r}", percent)
    rows, series = numbers.shape
    legend = series > 1
    row_height = series * _BAR_HEIGHT + 8
    head = 30 + (_LEGEND_ROW * series + 4 if legend else 0)  # one legend row per series: nothing overlaps
    height = head + rows * row_height + 28
    plot = _WIDTH - _LABEL_WIDTH - 70
    parts = _opening(title, height)
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


def time_chart(
    values: pd.DataFrame | pd.Series, title: str, *, percent: bool = False, lines: bool = False
) -> str:
    """An SVG of values along time: a group of columns per period, or (``lines=True``) a line per series.

    Parameters
    ----------
    values : DataFrame or Series
        Non-negative numbers; the index labels the periods, left to right
        (``"2024年1月"``), the columns name the series. NaN leaves a gap.
    title : str
    percent : bool
        Values are shares (0 … 1) on a 0–100 % axis.
    lines : bool
        Draw lines with a dot per value (for rates) instead of columns.

    Examples
    --------
    >>> import pandas as pd
    >>> counts = pd.DataFrame({"raised": [3, 5], "<resolved>": [1, 4]}, index=["1月", "2月"])
    >>> svg = time_chart(counts, "Needs")
    >>> svg.count("<rect") > 4 and "&lt;resolved&gt;" in svg
    True
    """
    frame, numbers, top = _values(values, f"time_chart {title!r}", percent)
    periods, series = numbers.shape
    left, right = 52, 12
    head = 30 + (_LEGEND_ROW if series > 1 else 0)
    slot = (_WIDTH - left - right) / max(periods, 1)
    tilted = slot < 56
    plot_height = 170
    base = head + plot_height
    height = base + (62 if tilted else 30)
    parts = _opening(title, height)
    if series > 1:
        x = left
        for j, name in enumerate(frame.columns):
            label = escape(_clip(str(name), 24))
            parts.append(f'<rect x="{x}" y="26" width="10" height="10" fill="{_color(j)}"/>')
            parts.append(f'<text x="{x + 14}" y="35">{label}</text>')
            x += 28 + 12 * len(_clip(str(name), 24))
    for tick in np.linspace(0, top, 5):
        y = base - plot_height * tick / top
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{_WIDTH - right}" y2="{y:.1f}" stroke="#e3e3e3"/>')
        parts.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#666">'
            f"{_format(tick, percent)}</text>"
        )
    for i, label in enumerate(frame.index):
        x = left + slot * (i + 0.5)
        text = escape(_clip(str(label), 14))
        if tilted:
            parts.append(
                f'<text x="{x:.1f}" y="{base + 14}" text-anchor="end" '
                f'transform="rotate(-40 {x:.1f} {base + 14})">{text}</text>'
            )
        else:
            parts.append(f'<text x="{x:.1f}" y="{base + 16}" text-anchor="middle">{text}</text>')
    for j, name in enumerate(frame.columns):
        points: list[tuple[float, float] | None] = []
        for i in range(periods):
            value = numbers[i, j]
            if not np.isfinite(value):
                points.append(None)
                continue
            shown = f"{escape(str(frame.index[i]))} {escape(str(name))}: {_format(value, percent)}"
            y = base - plot_height * min(value / top, 1.0)
            if lines:
                x = left + slot * (i + 0.5)
                points.append((x, y))
                parts.append(
                    f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{_color(j)}">'
                    f"<title>{shown}</title></circle>"
                )
            else:
                width = slot * 0.8 / series
                x = left + slot * (i + 0.1) + width * j
                parts.append(
                    f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{base - y:.1f}" '
                    f'fill="{_color(j)}"><title>{shown}</title></rect>'
                )
                if series <= 2 and periods <= 24 and width >= 12:
                    parts.append(
                        f'<text x="{x + width / 2:.1f}" y="{y - 3:.1f}" text-anchor="middle" font-size="10">'
                        f"{_format(value, percent)}</text>"
                    )
        if lines:
            for run in _runs(points):
                path = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
                parts.append(f'<polyline points="{path}" fill="none" stroke="{_color(j)}" stroke-width="2"/>')
    parts.append(f'<line x1="{left}" y1="{base}" x2="{_WIDTH - right}" y2="{base}" stroke="#999"/>')
    parts.append("</svg>")
    return "".join(parts)


def _opening(title: str, height: float) -> list[str]:
    """The start of a chart's SVG: its size, font, accessible title and the title shown above it."""
    return [
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'width="100%" style="max-width: {_WIDTH}px" '
        f'viewBox="0 0 {_WIDTH} {height}" {_FONT} font-size="12">',
        f"<title>{escape(title)}</title>",
        f'<text x="0" y="16" font-size="14" font-weight="bold">{escape(title)}</text>',
    ]


def _values(
    values: pd.DataFrame | pd.Series, what: str, percent: bool
) -> tuple[pd.DataFrame, np.ndarray, float]:
    """The values as a frame and as floats (NaN where not a number), and the top of the axis."""
    frame = values.to_frame() if isinstance(values, pd.Series) else values
    numbers = frame.apply(pd.to_numeric, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
    finite = numbers[np.isfinite(numbers)]
    if (finite < 0).any():
        raise GovGraphError(f"{what}: values must not be negative")
    return frame, numbers, 1.0 if percent else _nice(finite.max() if finite.size else 1.0)


def _runs(points: list[tuple[float, float] | None]) -> list[list[tuple[float, float]]]:
    """The unbroken stretches of a line with gaps (None)."""
    runs: list[list[tuple[float, float]]] = [[]]
    for point in points:
        if point is None:
            runs.append([])
        else:
            runs[-1].append(point)
    return [run for run in runs if len(run) > 1]


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
