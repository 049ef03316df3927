"""Summary statistics shared by analyses and matching: how evenly something is spread."""

from __future__ import annotations

import numpy as np

__all__ = ["coefficient_of_variation", "gini"]


def gini(values: object) -> float:
    """Gini coefficient: mean absolute difference over twice the mean (0 = equal; NaN when the mean is 0).

    >>> gini([1, 1, 1]), gini([0, 0, 3])
    (0.0, 0.6666666666666666)
    """
    x = np.asarray(values, dtype=np.float64)
    mean = x.mean() if len(x) else 0.0
    if mean == 0:
        return np.nan
    return float(np.abs(x[:, None] - x[None, :]).mean() / (2 * mean))


def coefficient_of_variation(values: object) -> float:
    """Population standard deviation over the mean (NaN when the mean is 0)."""
    x = np.asarray(values, dtype=np.float64)
    mean = x.mean() if len(x) else 0.0
    return float(x.std() / mean) if mean else np.nan
