"""SVG bar charts: well-formed, escaped, scaled, and refusing what cannot be drawn."""

from __future__ import annotations

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
