"""SVG bar charts: well-formed, escaped, scaled, and refusing what cannot be drawn."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd
import pytest

import govgraph as gg
from govgraph.viz.charts import bar_chart
from tests.conftest import HOSTILE

SVG = "{http://www.w3.org/2000/svg}"


def test_bars_are_proportional_and_labelled():
    values = pd.DataFrame({"a": [10.0, 5.0], "b": [np.nan, 20.0]}, index=["甲", HOSTILE])
    svg = ET.fromstring(bar_chart(values, f"title {HOSTILE}"))
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert HOSTILE in texts and f"title {HOSTILE}" in texts  # escaped in the file, text once parsed
    bars = [r for r in svg.iter(f"{SVG}rect") if float(r.get("height")) > 10]
    widths = sorted(float(r.get("width")) for r in bars)
    assert len(bars) == 3  # the NaN draws nothing
    assert widths[0] * 2 == pytest.approx(widths[1], abs=0.2) and widths[0] * 4 == pytest.approx(
        widths[2], abs=0.2
    )
    assert {"a", "b"} <= set(texts)  # a legend for two series


def test_percent_axis_runs_to_one_hundred():
    svg = bar_chart(pd.Series([0.25], index=["x"]), "share", percent=True)
    assert "100%" in svg and "25%" in svg


def test_negative_values_are_refused():
    with pytest.raises(gg.GovGraphError, match="must not be negative"):
        bar_chart(pd.Series([-1.0], index=["x"]), "bad")


def test_empty_and_huge_values_still_draw():
    ET.fromstring(bar_chart(pd.Series([], dtype=float), "empty"))
    svg = ET.fromstring(bar_chart(pd.Series([1e300, 0.0], index=["big", "zero"]), "huge"))
    assert all(np.isfinite(float(r.get("width"))) for r in svg.iter(f"{SVG}rect"))


def test_legend_rows_never_overlap():
    frame = pd.DataFrame(
        {
            "需求匹配率 needs matched, a long series name": [0.5, 0.9],
            "最低网格匹配率 lowest grid rate": [0.2, 0.4],
        },
        index=["greedy", "optimal"],
    )
    svg = bar_chart(frame, "Strategies", percent=True)
    rows = [float(y) for y in re.findall(r'<rect x="[\d.]+" y="([\d.]+)" width="10" height="10"', svg)]
    assert len(rows) == 2 and rows[1] - rows[0] >= 12  # one legend row per series
    title_bottom = 16
    assert min(rows) > title_bottom
    first_bar = min(
        float(y) for y in re.findall(r'<rect x="[\d.]+" y="([\d.]+)" width="[\d.]+" height="12"', svg)
    )
    assert first_bar > max(rows) + 10  # the bars start below the legend
