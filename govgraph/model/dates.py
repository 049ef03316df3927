"""Dates as a column type: read from Excel date cells and from text as people write it, written back exactly.

A date column holds local wall-clock times (``datetime64[us]``, no time
zone), as ledgers keep them; a value without a time of day is midnight.
Text is read in the year-month-day order Chinese offices write:

- ``2024-03-15``, ``2024/3/15``, ``2024.3.15``, ``2024年3月15日``;
- each optionally followed by a time: ``2024-03-15 10:30``,
  ``2024-03-15T10:30:05``, ``2024年3月15日 10时30分``, with fractions of a
  second up to microseconds.

Anything else (``3/15/2024``, ``15.03.2024``, ``2024-02-30``, a number, a
time zone such as ``Z`` or ``+08:00``) is not a date: the caller reports
it, naming the cell. Written as text, a column whose values are all at
midnight is written as dates alone (``2024-03-15``), any other with times,
to the microsecond.

>>> import pandas as pd
>>> parsed, bad = parse_dates(pd.Series(["2024/3/15", "2024年3月5日 9:05", "３/15", None]))
>>> [str(v) for v in parsed]
['2024-03-15 00:00:00', '2024-03-05 09:05:00', 'NaT', 'NaT']
>>> bad.tolist()
[False, False, True, False]
>>> date_text(parsed).tolist()
['2024-03-15 00:00:00', '2024-03-05 09:05:00', nan, nan]
>>> date_text(parsed[:1]).tolist()
['2024-03-15']
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd
from pandas.api import types as pdt

__all__ = ["DATE_DTYPE", "ZONE", "date_text", "dates_only", "is_date_value", "parse_dates", "written_as_date"]

#: The dtype of a date column.
DATE_DTYPE = "datetime64[us]"

_DATE = (
    r"(?P<year>\d{4})\s*[-/.年]\s*(?P<month>\d{1,2})\s*[-/.月]\s*(?P<day>\d{1,2})\s*日?"
    r"(?:(?:\s*T\s*|\s+|(?<=日))"
    r"(?P<hour>\d{1,2})\s*[:：时点]\s*(?P<minute>\d{1,2})\s*分?"
    r"(?:\s*[:：]?\s*(?P<second>\d{1,2})(?P<fraction>\.\d{1,6})?\s*秒?)?)?"
)
_DATE_ONLY = re.compile(_DATE)
#: A time-zone suffix, which local dates never carry.
ZONE = re.compile(_DATE + r"\s*(?:Z|UTC|GMT|[+-]\d{2}:?\d{2})", re.IGNORECASE)


def is_date_value(value: object) -> bool:
    """Whether a cell holds a date as an object (an Excel date cell, a datetime)."""
    return isinstance(value, (dt.date, np.datetime64)) and not isinstance(value, dt.time)


def written_as_date(strings: pd.Series) -> pd.Series:
    """Which texts are written as a date (any of the forms above), valid or not."""
    return strings.str.strip().str.fullmatch(_DATE).fillna(False).astype(bool)


def parse_dates(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Dates from text, date objects or both; and which present values are not dates.

    Returns a ``datetime64[us]`` Series (NaT where missing or bad) and a
    boolean Series marking the present values that are not dates.
    """
    present = values.notna()
    if pdt.is_datetime64_any_dtype(values.dtype):
        return _local(values), pd.Series(False, index=values.index)
    objects = values.astype(object)
    is_object = objects.map(is_date_value).astype(bool)
    parsed = pd.Series(pd.NaT, index=values.index, dtype=DATE_DTYPE)
    if is_object.any():
        converted = [_timestamp(v) for v in objects[is_object]]
        parsed[is_object] = pd.Series(converted, index=objects.index[is_object], dtype=DATE_DTYPE)
    texts = objects[present & ~is_object]
    is_text = texts.map(lambda v: isinstance(v, str)).astype(bool)
    strings = texts[is_text].astype(str).str.strip()
    iso = _iso(strings)
    if iso is not None:
        parsed[iso.index] = iso
    elif len(strings):
        parts = strings.str.extract(f"^{_DATE}$")
        ok = parts["year"].notna()
        numbers = parts[ok].drop(columns="fraction").fillna("0").astype("int64")
        micro = (parts.loc[ok, "fraction"].fillna(".0").astype(float) * 1e6).round().astype("int64")
        stamps = pd.to_datetime(
            numbers.assign(us=micro)[["year", "month", "day", "hour", "minute", "second", "us"]],
            errors="coerce",
        )
        parsed[stamps.index] = stamps.astype(DATE_DTYPE)
    bad = present & parsed.isna()
    return parsed, bad


#: The forms date_text writes, which most date columns hold: parsed in one pass, the others by the regex.
_ISO_FORMS = ("%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M:%S.%f")


def _iso(strings: pd.Series) -> pd.Series | None:
    """The texts as dates when every one is written in one of :data:`_ISO_FORMS`, else None."""
    if not len(strings) or strings.str.contains(r"\.\d{7}", regex=True).any():
        return None  # fractions finer than a microsecond are not dates (the regex says so)
    for form in _ISO_FORMS:
        try:
            return pd.to_datetime(strings, format=form, exact=True).astype(DATE_DTYPE)
        except (ValueError, TypeError):
            continue
    return None


def _timestamp(value: object) -> pd.Timestamp:
    stamp = pd.Timestamp(value)  # type: ignore[arg-type]
    if stamp.tzinfo is not None:
        return pd.NaT  # type: ignore[return-value]
    return stamp


def _local(values: pd.Series) -> pd.Series:
    if getattr(values.dt, "tz", None) is not None:  # an aware column: not a local date
        return pd.Series(pd.NaT, index=values.index, dtype=DATE_DTYPE)
    return values.astype(DATE_DTYPE)


def date_text(values: pd.Series) -> pd.Series:
    """A date column as text, one form for the whole column: ``2024-03-15`` when every value is at
    midnight, ``2024-03-15 10:30:00`` when some has a time, with ``.123456`` when some has a fraction."""
    values = values.astype(DATE_DTYPE)
    present = values.dropna()
    if (present == present.dt.normalize()).all():
        form = "%Y-%m-%d"
    elif (present.dt.microsecond == 0).all():
        form = "%Y-%m-%d %H:%M:%S"
    else:
        form = "%Y-%m-%d %H:%M:%S.%f"
    return values.dt.strftime(form).where(values.notna(), np.nan).astype(object)


def dates_only(values: pd.Series) -> bool:
    """Whether every value of a date column is at midnight (a date without a time of day)."""
    present = values.dropna()
    return bool((present == present.dt.normalize()).all())
