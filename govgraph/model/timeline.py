"""Time in the network: what was in force on a day, and what happened in a window.

Three kinds of record carry time:

- **lasting relations** (a grid worker responsible for a grid, a merchant in
  the partnership) and **partners** may carry ``valid_from`` and
  ``valid_to``: the first and the last moment they hold. A missing bound is
  open: no ``valid_from`` means "since always", no ``valid_to`` "still".
- **events** are relations with a ``date`` (a visit, a service given): they
  happen at one moment and, once happened, stay in the history.
- **needs** are raised at ``created_at``.
- **activities** are held from ``date`` (to ``end``, for a series or a festival of several days);
  **projects** run from ``start`` to ``end``. Like events they stay in the history once begun.

:meth:`PartnerNetwork.at(day) <govgraph.model.network.PartnerNetwork.at>`
keeps what was in force on that day (a relation or partner whose validity
overlaps the day), the events on or before it (the history so far) and the
needs raised on or before it. :meth:`PartnerNetwork.between(start, end)
<govgraph.model.network.PartnerNetwork.between>` keeps what was in force at
some moment of the window, and only the events and needs of the window.
Windows are inclusive at both ends, and a bound given as a day (no time,
or midnight) covers the whole day, so ``between("2024-01-01",
"2024-01-31")`` is January. Records without a date are timeless and always
kept. A partner left out takes with it its relations, needs and resources.

>>> import pandas as pd
>>> window("2024-01-01", "2024-01-31")
(Timestamp('2024-01-01 00:00:00'), Timestamp('2024-01-31 23:59:59.999999'))
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from govgraph.errors import GovGraphError
from govgraph.model.dates import DATE_DTYPE, parse_dates

__all__ = ["as_moment", "happened", "in_force", "spans", "window"]

_DAY = pd.Timedelta(days=1) - pd.Timedelta(microseconds=1)


def as_moment(value: object, name: str) -> pd.Timestamp:
    """A date argument (``"2024-03-15"``, ``"2024年3月15日"``, a date, a datetime) as a local Timestamp."""
    if isinstance(value, (str, dt.date, np.datetime64)):
        parsed, bad = parse_dates(pd.Series([value], dtype=object))
        if not bad.iloc[0] and pd.notna(parsed.iloc[0]):
            return pd.Timestamp(parsed.iloc[0])
    raise GovGraphError(
        f"{name}: expected a date such as '2024-03-15' (or a date or datetime without a time zone), "
        f"got {value!r}"
    )


def window(
    start: object, end: object, names: tuple[str, str] = ("start", "end")
) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The first and last moment of a window; an ``end`` at midnight covers its whole day."""
    first, last = as_moment(start, names[0]), as_moment(end, names[1])
    if last == last.normalize():
        last = last + _DAY
    if last < first:
        raise GovGraphError(f"{names[1]}: {end!r} is before {names[0]} {start!r}")
    return first, last


def in_force(frame: pd.DataFrame, first: pd.Timestamp, last: pd.Timestamp) -> np.ndarray:
    """Rows whose validity (``valid_from`` .. ``valid_to``, open where missing) overlaps the window."""
    keep = np.ones(len(frame), dtype=bool)
    if "valid_from" in frame:
        keep &= ~(frame["valid_from"].astype(DATE_DTYPE) > last).to_numpy(dtype=bool, na_value=False)
    if "valid_to" in frame:
        keep &= ~(frame["valid_to"].astype(DATE_DTYPE) < first).to_numpy(dtype=bool, na_value=False)
    return keep


def happened(dates: pd.Series, first: pd.Timestamp | None, last: pd.Timestamp) -> np.ndarray:
    """Rows dated in ``first`` .. ``last`` (from the beginning when ``first`` is None), and undated rows."""
    dates = dates.astype(DATE_DTYPE)
    late = (dates > last).to_numpy(dtype=bool, na_value=False)
    early = (dates < first).to_numpy(dtype=bool, na_value=False) if first is not None else False
    return ~(late | early)


def spans(start: pd.Series, end: pd.Series, first: pd.Timestamp | None, last: pd.Timestamp) -> np.ndarray:
    """Rows whose span ``start`` .. ``end`` (``end`` missing: the start alone) meets ``first`` .. ``last``
    (from the beginning when ``first`` is None); rows without a start are timeless and kept."""
    start = start.astype(DATE_DTYPE)
    end = end.astype(DATE_DTYPE).fillna(start)
    late = (start > last).to_numpy(dtype=bool, na_value=False)
    early = (end < first).to_numpy(dtype=bool, na_value=False) if first is not None else False
    return ~(late | early)
