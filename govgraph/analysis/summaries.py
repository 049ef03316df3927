"""One call that turns any per-partner table into a per-group summary for the report."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from govgraph.errors import GovGraphError
from govgraph.model.checks import check_count

__all__ = ["summarize_by"]


def summarize_by(
    table: pd.DataFrame,
    *,
    by: str = "kind",
    columns: Iterable[str] | None = None,
    top: int = 3,
    rank_by: str | None = None,
) -> pd.DataFrame:
    """Aggregate a per-partner table by kind, grid, community or any column.

    Parameters
    ----------
    table : DataFrame
        A table with one row per partner, e.g. from :func:`centrality`,
        :func:`brokerage` or ``weak_points(net).partners``: it needs the
        ``by`` column, and ``name`` for the top partners.
    by : str
        Column to group by (``"kind"``, ``"grid"``, ``"community"`` …);
        rows without a value are grouped as ``"(none)"``.
    columns : iterable of str, optional
        Numeric columns to aggregate (default: every numeric column).
    top : int
        How many top partners to name per group (0 for none).
    rank_by : str, optional
        Column that ranks the top partners (default: the first of ``columns``).

    Returns
    -------
    DataFrame
        Index: the groups, largest first. Columns ``partners`` (rows in the
        group), then ``<column>_mean`` and ``<column>_max`` for every column,
        and ``top_partners``: ``name (value)`` of the highest-ranked rows,
        joined by ``、``.

    Examples
    --------
    >>> import govgraph as gg
    >>> table = gg.centrality(gg.load_dataset("datun_north"), measures=["degree"])
    >>> summary = gg.summarize_by(table, by="kind", top=1)
    >>> row = summary.loc["building"]
    >>> int(row["partners"]), int(row["degree_max"]), row["top_partners"]
    (204, 982, '欧陆大厦 (982)')
    """
    if not isinstance(table, pd.DataFrame):
        raise GovGraphError(f"table: expected a pandas DataFrame, got {type(table).__name__}")
    if not isinstance(by, str) or by not in table.columns:
        raise GovGraphError(f"by: expected a column of the table {list(map(str, table.columns))}, got {by!r}")
    if columns is None:
        chosen = [c for c in table.select_dtypes("number").columns if c != by]
    else:
        chosen = [columns] if isinstance(columns, str) else list(columns)
        bad = [c for c in chosen if c not in table.columns or not pd.api.types.is_numeric_dtype(table[c])]
        if bad:
            raise GovGraphError(f"columns: not numeric columns of the table: {bad}")
    top = check_count(top, "top", minimum=0)
    rank = rank_by if rank_by is not None else (chosen[0] if chosen else None)
    if rank is not None and rank not in table.columns:
        raise GovGraphError(f"rank_by: the table has no column {rank!r}")
    if top and rank is not None and "name" not in table.columns:
        raise GovGraphError("table: naming the top partners needs a 'name' column")

    keys = table[by].astype("string").fillna("(none)")
    grouped = table.groupby(keys, sort=False)
    summary = pd.DataFrame({"partners": grouped.size()})
    for column in chosen:
        summary[f"{column}_mean"] = grouped[column].mean()
        summary[f"{column}_max"] = grouped[column].max()
    if top and rank is not None:
        ranked = table.assign(_key=keys).sort_values(rank, ascending=False, kind="stable")
        best = ranked.groupby("_key", sort=False).head(top)
        summary["top_partners"] = best.groupby("_key", sort=False).apply(
            lambda rows: "、".join(
                f"{name} ({_short(value)})" for name, value in zip(rows["name"], rows[rank], strict=True)
            ),
            include_groups=False,
        )
    summary.index.name = by
    return summary.sort_values("partners", ascending=False, kind="stable")


def _short(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)
