"""Time: the 接诉即办 rates of residents' requests, visits in a window, what changed between two moments.

Three questions coordinators are assessed on, month by month, and researchers
ask of a network that moves:

- :func:`case_rates` — the three rates (三率) of 接诉即办, Beijing's
  hotline system, per place and period;
- :func:`visit_coverage` — the households and vulnerable residents visited
  within a window, per place (the 五访五清 / 四到户 practice);
- :func:`changes` — partners joined and left, relations gained and lost,
  and whose centrality rank moved most between two networks (two moments
  of one network: ``net.at(day)``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from govgraph.analysis.measures import MEASURES, centrality
from govgraph.errors import GovGraphError
from govgraph.model.checks import check_choice, check_count, check_level, check_network
from govgraph.model.dates import DATE_DTYPE
from govgraph.model.network import PartnerNetwork
from govgraph.model.places import grids_containing, unit_people, unit_rows, vulnerable_residents
from govgraph.model.timeline import window as timeline_window
from govgraph.model.vocabulary import CLOSED_STATUSES, RESOLVED_STATUSES, SATISFIED

__all__ = ["PERIODS", "RATE_COLUMNS", "Changes", "case_rates", "changes", "pool_rates", "visit_coverage"]

#: Periods of :func:`case_rates`: month, quarter, year (pandas period codes).
PERIODS = ("M", "Q", "Y")
#: The columns of :func:`case_rates` after the place and the period.
RATE_COLUMNS = (
    "needs",
    "undated",
    "responded",
    "responded_on_time",
    "resolved",
    "evaluated",
    "solved",
    "solved_recorded",
    "satisfied",
    "satisfaction_recorded",
    "response_rate",
    "resolution_rate",
    "satisfaction_rate",
    "median_days_to_response",
    "median_days_to_resolution",
    "open_at_end",
)
_DAY_SECONDS = 86_400


def case_rates(
    net: PartnerNetwork,
    *,
    level: str | None = "grid",
    period: str | None = "M",
    respond_within: str | dt.timedelta = "24h",
    satisfied: Iterable[str] | None = None,
    window: tuple[object, object] | None = None,
) -> pd.DataFrame:
    """The three rates of 接诉即办 (response, resolution, satisfaction) per place and period.

    The definitions follow the 三率 by which Beijing assesses the handling of
    residents' requests (《北京市接诉即办工作条例》, adopted 24 September
    2021: 响应率、解决率、满意率), computed from the need columns
    ``created_at``, ``responded_at`` (first contact), ``resolved_at``,
    ``status``, ``solved`` and ``satisfaction``:

    ``response_rate`` (响应率)
        needs first answered within ``respond_within`` of being raised
        (``responded_at - created_at <= respond_within``), over the needs
        whose ``created_at`` is known. A need never answered, or answered
        late, is not on time.
    ``resolution_rate`` (解决率)
        needs the requester judged solved (``solved`` true), over the
        needs whose ``solved`` is recorded.
    ``satisfaction_rate`` (满意率)
        needs whose ``satisfaction`` is one of ``satisfied`` (满意 and
        基本满意, or a score of 4 or 5, unless told otherwise), over the
        needs whose ``satisfaction`` is recorded.

    A ledger records ``solved`` and ``satisfaction`` together at the
    callback (回访), so both rates are usually over ``evaluated``: the
    needs with either recorded. A need belongs to the period of its
    ``created_at``; with a ``period``, needs without one form a row of their
    own whose ``period`` is missing (``undated`` counts them in every row).
    Rejected needs (不予受理) count like any other.

    Parameters
    ----------
    net : PartnerNetwork
    level : {"grid", "community"} or None
        A need counts in its requester's innermost grid (see ``net.places``)
        or community; None puts every need in one row.
    period : {"M", "Q", "Y"} or None
        Month, quarter or year; None gives one row per place.
    respond_within : str or timedelta
        The time allowed for the first response (``"24h"``, ``"2D"``).
    satisfied : iterable of str, optional
        Satisfaction values counted as satisfied: keys or words of
        ``net.schema.satisfaction`` (default :data:`~govgraph.model.vocabulary.SATISFIED`;
        ``["满意", "5"]`` counts only full satisfaction).
    window : (start, end), optional
        Only the needs raised from ``start`` to ``end`` (days, both
        included; see :meth:`~govgraph.model.network.PartnerNetwork.between`),
        undated needs left out: ``window=("2024-10-01", "2024-12-31")``.

    Returns
    -------
    DataFrame
        One row per place (every place of the level) and period (every
        period from the first need to the last): the place id (column named
        after the level) and ``name``, ``period`` (a pandas Period), then
        :data:`RATE_COLUMNS`: counts of ``needs`` raised, ``undated``,
        ``responded``, ``responded_on_time``, ``resolved`` (a
        ``resolved_at``, or a resolved status), ``evaluated``, ``solved``
        and ``solved_recorded``, ``satisfied`` and ``satisfaction_recorded``
        (the denominators: sum the counts to pool periods or places
        exactly); the three rates (NaN where nothing to count);
        median days from raising to the first response and to resolution;
        and ``open_at_end``: needs of the place raised by the period's end
        and not closed by then (resolved or rejected; a need closed by its
        status alone counts as closed when raised). Without a period,
        ``open_at_end`` counts the needs not closed.

    Examples
    --------
    >>> import govgraph as gg
    >>> rates = gg.case_rates(gg.load_dataset("datun_north"), level=None, period="Q")
    >>> [(str(q), n, round(r, 3)) for q, n, r in rates[["period", "needs", "response_rate"]].to_numpy()[:2]]
    [('2024Q1', 109, 0.945), ('2024Q2', 126, 0.913)]
    """
    net = check_network(net)
    if level is not None:
        check_level(level, options=("grid", "community"))
    if period is not None:
        check_choice(period, PERIODS, "period")
    within = _duration(respond_within, "respond_within")
    counted = _satisfied(net, satisfied)
    needs = net.needs
    if window is not None:
        if not isinstance(window, tuple) or len(window) != 2:
            raise GovGraphError(f"window: expected a (start, end) pair of days, got {window!r}")
        first, last = timeline_window(*window)
        raised = _dates(needs, "created_at")
        needs = needs[((raised >= first) & (raised <= last)).to_numpy()]
    created = _dates(needs, "created_at")
    responded = _dates(needs, "responded_at")
    resolved_at = _dates(needs, "resolved_at")
    status = needs["status"] if "status" in needs else pd.Series(pd.NA, index=needs.index, dtype=object)
    solved = needs["solved"].astype("boolean") if "solved" in needs else pd.Series(pd.NA, index=needs.index)
    satisfaction = needs["satisfaction"] if "satisfaction" in needs else pd.Series(pd.NA, index=needs.index)
    to_response = (responded - created).dt.total_seconds() / _DAY_SECONDS
    to_resolution = (resolved_at - created).dt.total_seconds() / _DAY_SECONDS
    closed_by_status = status.isin(CLOSED_STATUSES).to_numpy(dtype=bool, na_value=False)
    flags = pd.DataFrame(
        {
            "needs": 1,
            "undated": created.isna().astype("int64"),
            "responded": responded.notna().astype("int64"),
            "responded_on_time": (to_response <= within.total_seconds() / _DAY_SECONDS).astype("int64"),
            "resolved": (
                resolved_at.notna() | status.isin(RESOLVED_STATUSES).fillna(False).astype(bool)
            ).astype("int64"),
            "evaluated": (solved.notna() | satisfaction.notna()).astype("int64"),
            "solved": solved.fillna(False).astype("int64"),
            "solved_recorded": solved.notna().astype("int64"),
            "satisfied": satisfaction.isin(counted).fillna(False).astype("int64"),
            "satisfaction_recorded": satisfaction.notna().astype("int64"),
            "days_to_response": to_response,
            "days_to_resolution": to_resolution,
            "open": (~closed_by_status & resolved_at.isna().to_numpy()).astype("int64"),
        },
        index=needs.index,
    )
    place = _need_places(net, needs, level)
    flags["place"] = place
    periods = created.dt.to_period(period) if period is not None else None
    keys = ["place"] if periods is None else ["place", "period"]
    if periods is not None:
        flags["period"] = periods
    grouped = flags.groupby(keys, dropna=False, sort=False)
    counts = grouped[
        [c for c in flags.columns if c not in ("place", "period", "days_to_response", "days_to_resolution")]
    ].sum()
    counts["median_days_to_response"] = grouped["days_to_response"].median()
    counts["median_days_to_resolution"] = grouped["days_to_resolution"].median()
    table = counts.reindex(_frame_index(net, level, periods, place), fill_value=0)
    for column in ("median_days_to_response", "median_days_to_resolution"):
        table[column] = table[column].astype("float64").where(table["needs"] > 0)
    table = _with_rates(table)
    if periods is None:
        table["open_at_end"] = table["open"]
    else:
        table["open_at_end"] = _open_at_end(table.index, place, created, resolved_at, closed_by_status, flags)
    table = table.reset_index()
    out = table[[*keys, *RATE_COLUMNS]]
    counts_columns = [c for c in RATE_COLUMNS if "rate" not in c and "median" not in c]
    out = out.astype({c: "int64" for c in counts_columns})
    if level is None:
        return out.drop(columns="place")
    names = net.partners["name"].reindex(out["place"]).to_numpy()
    out = out.rename(columns={"place": level})
    out.insert(1, "name", names)
    return out


def pool_rates(rates: pd.DataFrame, *, by: str | list[str] | None = None) -> pd.DataFrame:
    """Rows of :func:`case_rates` pooled: counts summed over the rows sharing ``by``, the rates
    recomputed from the sums (a quarter from its months, a community from its grids).

    Medians and ``open_at_end`` cannot be pooled and are left out.

    Examples
    --------
    >>> import govgraph as gg
    >>> months = gg.case_rates(gg.load_dataset("datun_north"), level=None, period="M")
    >>> year = gg.pool_rates(months)
    >>> bool(year["response_rate"].iloc[0] == gg.case_rates(gg.load_dataset("datun_north"), level=None,
    ...     period=None)["response_rate"].iloc[0])
    True
    """
    counts = [c for c in RATE_COLUMNS if "rate" not in c and "median" not in c and c != "open_at_end"]
    if by is None:
        summed = rates[counts].sum().to_frame().T
    else:
        summed = rates.groupby(by, sort=False, dropna=False)[counts].sum().reset_index()
    return _with_rates(summed.astype({c: "int64" for c in counts}))


def _with_rates(table: pd.DataFrame) -> pd.DataFrame:
    """The three rates from the counts of a table of :func:`case_rates`."""
    dated = table["needs"] - table["undated"]
    recorded = {"solved": table["solved_recorded"], "satisfied": table["satisfaction_recorded"]}
    return table.assign(
        response_rate=table["responded_on_time"] / dated.where(dated > 0),
        resolution_rate=table["solved"] / recorded["solved"].where(recorded["solved"] > 0),
        satisfaction_rate=table["satisfied"] / recorded["satisfied"].where(recorded["satisfied"] > 0),
    )


def _duration(value: object, name: str) -> pd.Timedelta:
    try:
        if isinstance(value, (str, dt.timedelta)):
            duration = pd.Timedelta(value)
            if duration > pd.Timedelta(0):
                return duration
    except ValueError:
        pass
    raise GovGraphError(f"{name}: expected a positive duration such as '24h' or '90D', got {value!r}")


def _satisfied(net: PartnerNetwork, satisfied: Iterable[str] | None) -> list[str]:
    if satisfied is None:
        return sorted(SATISFIED)
    words = [satisfied] if isinstance(satisfied, str) else list(satisfied)
    keys = [net.schema.satisfaction.resolve(word) for word in words]
    unknown = [w for w, k in zip(words, keys) if k is None]
    if unknown or not words:
        raise GovGraphError(
            f"satisfied: expected satisfaction words such as 满意, 基本满意 or 4, got {unknown or words!r}"
        )
    return [k for k in keys if k is not None]


def _dates(table: pd.DataFrame, column: str) -> pd.Series:
    if column in table:
        return table[column].astype(DATE_DTYPE)
    return pd.Series(pd.NaT, index=table.index, dtype=DATE_DTYPE)


def _need_places(net: PartnerNetwork, needs: pd.DataFrame, level: str | None) -> pd.Series:
    if level is None:
        return pd.Series("", index=needs.index, dtype=object)
    return pd.Series(
        net.places[level].reindex(needs["requester"]).to_numpy(), index=needs.index, dtype=object
    )


def _frame_index(
    net: PartnerNetwork, level: str | None, periods: pd.Series | None, place: pd.Series
) -> pd.Index:
    """Every place of the level (and any other place needs fall in), by every period from first to last."""
    if level is None:
        places = [""]
    else:
        kinds = net.schema.kinds_at(level)
        places = list(net.partners.index[net.partners["kind"].isin(kinds)])
        places += [p for p in pd.unique(place) if p not in set(places)]
    if periods is None:
        return pd.Index(places, name="place")
    present = periods.dropna()
    span = list(pd.period_range(present.min(), present.max(), freq=present.dt.freq)) if len(present) else []
    pairs = [(p, q) for p in places for q in span]
    undated = set(place[periods.isna().to_numpy()])
    pairs += [(p, pd.NaT) for p in places if p in undated]
    return (
        pd.MultiIndex.from_tuples(pairs, names=["place", "period"])
        if pairs
        else pd.MultiIndex.from_arrays(
            [[], pd.PeriodIndex([], freq=periods.dt.freq if len(present) else "M")], names=["place", "period"]
        )
    )


def _open_at_end(
    index: pd.MultiIndex,
    place: pd.Series,
    created: pd.Series,
    resolved_at: pd.Series,
    closed_by_status: np.ndarray,
    flags: pd.DataFrame,
) -> np.ndarray:
    """Needs raised by each period's end and not closed by then; the undated row counts its open needs."""
    dated = created.notna().to_numpy()
    # When each dated need closed: its resolution, else (closed by status alone) when raised, else never.
    closes = resolved_at.where(resolved_at.notna(), created.where(closed_by_status))
    raised_times = {p: np.sort(g.to_numpy()) for p, g in created[dated].groupby(place[dated].to_numpy())}
    closed = closes[dated].dropna()
    closed_times = {p: np.sort(g.to_numpy()) for p, g in closed.groupby(place[closed.index].to_numpy())}
    undated_open = flags.loc[~dated].groupby("place")["open"].sum()
    places = index.get_level_values("place").to_numpy(dtype=object)
    periods = index.get_level_values("period")
    result = np.zeros(len(index), dtype=np.int64)
    known = ~periods.isna()
    ends = np.full(len(index), np.datetime64("NaT"), dtype="datetime64[us]")
    if known.any():
        ends[known] = pd.PeriodIndex(periods[known]).end_time.to_numpy().astype("datetime64[us]")
    empty = np.array([], dtype="datetime64[us]")
    for where in pd.unique(places):
        rows = np.flatnonzero(places == where)
        timed, untimed = rows[known[rows]], rows[~known[rows]]
        result[timed] = np.searchsorted(raised_times.get(where, empty), ends[timed], side="right")
        result[timed] -= np.searchsorted(closed_times.get(where, empty), ends[timed], side="right")
        result[untimed] = int(undated_open.get(where, 0))
    return result


def visit_coverage(
    net: PartnerNetwork, *, within: str | dt.timedelta = "90D", as_of: object = None, level: str = "grid"
) -> pd.DataFrame:
    """Households and vulnerable residents visited within a window, per place (五访五清, 四到户).

    A visit is a relation whose kind has the ``visit`` role (走访, 入户) and
    which carries a ``date``; it counts when dated after ``as_of - within``
    and up to ``as_of``. A visited resident stands for their household:
    households visited are the distinct residents visited (or, when
    residents carry a ``household`` column, the distinct households). A
    visit to a building counts among the place's ``visit_count`` but visits no
    household. Undated visit relations cannot be placed in a window and are
    left out.

    Parameters
    ----------
    net : PartnerNetwork
    within : str or timedelta
        The window's length (``"90D"``: a quarter; ``"30D"``; ``"365D"``).
    as_of : str, date or datetime, optional
        The window's last day (default: the day of the latest visit); a day
        without a time covers the whole day.
    level : {"building", "grid", "community"}
        A grid counts the buildings and residents of its micro grids too.

    Returns
    -------
    DataFrame
        Index: every place of the level. Columns ``name``, ``visit_count`` (the
        visits to residents and buildings of the place, each relation
        counting its ``weight`` of visits), ``households``,
        ``households_visited``, ``household_visit_ratio`` (NaN without
        households), ``vulnerable_residents``, ``vulnerable_visited``,
        ``vulnerable_visit_ratio``. ``attrs["window"]`` holds the first and last
        moment counted.

    Examples
    --------
    >>> import govgraph as gg
    >>> visited = gg.visit_coverage(gg.load_dataset("datun_north"), within="365D", level="community")
    >>> int(visited.loc["RH", "vulnerable_visited"])  # 走访慰问老人及残疾人225人
    225
    """
    net = check_network(net)
    check_level(level)
    length = _duration(within, "within")
    relations = net.relations
    visiting = relations["relation"].isin(net.schema.relations_with("visit")).to_numpy()
    dates = _dates(relations, "date")
    visits = relations[visiting & dates.notna().to_numpy()]
    when = dates[visits.index]
    if as_of is None:
        as_of = when.max().normalize() if len(when) else pd.Timestamp.now().normalize()
    last = timeline_window(as_of, as_of, ("as_of", "as_of"))[1]  # a day covers the whole day
    first = last - length + pd.Timedelta(microseconds=1)
    visits = visits[((when >= first) & (when <= last)).to_numpy()]
    rows = unit_rows(net, level)
    partners = net.partners
    ids = partners.index[rows]
    households, vulnerable_count = _people(net, level, rows)
    residents = set(partners.index[partners["kind"].isin(net.schema.kinds_with("resident"))])
    visited = pd.Index(pd.unique(visits.loc[visits["target"].isin(residents), "target"]))
    vulnerable = vulnerable_residents(net)
    table = pd.DataFrame({"name": partners["name"].reindex(ids).to_numpy()}, index=ids)
    weights = visits.groupby("target")["weight"].sum()
    table["visit_count"] = _per_place(net, level, weights).reindex(ids, fill_value=0).astype("float64")
    if "household" in partners:
        homes = partners["household"].reindex(visited)
        who = pd.Series(
            homes.where(homes.notna(), pd.Series(visited, index=visited)).to_numpy(), index=visited
        )
    else:
        who = pd.Series(visited, index=visited)
    table["households"] = households.astype("Int64")
    table["households_visited"] = _distinct_per_place(net, level, who).reindex(ids, fill_value=0)
    homes = table["households"].astype("float64")
    table["household_visit_ratio"] = table["households_visited"] / homes.where(homes > 0)
    table["vulnerable_residents"] = vulnerable_count.astype("Int64")
    hit = visited[vulnerable.reindex(visited, fill_value=False).to_numpy(dtype=bool)]
    table["vulnerable_visited"] = _distinct_per_place(net, level, pd.Series(hit, index=hit)).reindex(
        ids, fill_value=0
    )
    table["vulnerable_visit_ratio"] = table["vulnerable_visited"] / table["vulnerable_residents"].astype(
        "float64"
    ).where(table["vulnerable_residents"] > 0)
    table = table.astype({"households_visited": "int64", "vulnerable_visited": "int64"})
    table.index.name = level
    table.attrs["window"] = (first, last)
    return table


def _people(net: PartnerNetwork, level: str, rows: np.ndarray) -> tuple[pd.Series, pd.Series]:
    if level != "community":
        return unit_people(net, level, rows)
    partners, places = net.partners, net.places
    ids = partners.index[rows]
    buildings = partners["kind"].isin(net.schema.kinds_at("building"))
    households = partners.loc[buildings, "households"].fillna(0).groupby(places["community"][buildings]).sum()
    vulnerable = vulnerable_residents(net)
    living = places["community"].reindex(vulnerable.index[vulnerable.to_numpy()]).value_counts()
    return households.reindex(ids, fill_value=0), living.reindex(ids, fill_value=0)


def _per_place(net: PartnerNetwork, level: str, values: pd.Series) -> pd.Series:
    """Sum of values (indexed by partner id) per place holding each partner."""
    holders = _holders(net, level, values.index)
    return values.reindex(holders.index).groupby(holders.to_numpy()).sum()


def _distinct_per_place(net: PartnerNetwork, level: str, who: pd.Series) -> pd.Series:
    """Distinct values of ``who`` (indexed by partner id) per place holding each partner."""
    holders = _holders(net, level, who.index)
    pairs = pd.DataFrame({"place": holders.to_numpy(), "who": who.reindex(holders.index).to_numpy()})
    return pairs.drop_duplicates().groupby("place").size()


def _holders(net: PartnerNetwork, level: str, ids: pd.Index) -> pd.Series:
    """The places of a level holding each partner (index: partner id, repeated; every grid holding it)."""
    if level == "grid":
        return grids_containing(net, ids)
    found = net.places[level].reindex(ids)
    return found[found.notna()]


@dataclass(frozen=True)
class Changes:
    """What changed from one network to another (see :func:`changes`).

    Attributes
    ----------
    joined, left : DataFrame
        Partners in the second network only / the first only; index: id;
        columns ``kind``, ``grid``, ``community`` (from ``places``).
    gained, lost : DataFrame
        Relations (``source``, ``target``, ``relation``) in the second
        network only / the first only, each counted once however many rows
        record it; an undirected relation's ends in id order.
    moved : DataFrame
        Partners in both, the largest moves of centrality rank first; index:
        id; columns ``kind``, ``rank_before``, ``rank_after``, ``rise``
        (positive: moved up) and the measure's values ``before``, ``after``.
    measure : str
    """

    joined: pd.DataFrame
    left: pd.DataFrame
    gained: pd.DataFrame
    lost: pd.DataFrame
    moved: pd.DataFrame
    measure: str

    def __repr__(self) -> str:
        return (
            f"<Changes: {len(self.joined)} joined, {len(self.left)} left, "
            f"{len(self.gained)} relations gained, {len(self.lost)} lost; "
            f"top {len(self.moved)} moves of {self.measure} rank>"
        )


def changes(
    before: PartnerNetwork, after: PartnerNetwork, *, measure: str = "pagerank", top: int = 10
) -> Changes:
    """Partners joined and left, relations gained and lost, and the largest moves of centrality rank.

    Parameters
    ----------
    before, after : PartnerNetwork
        Usually one network at two moments: ``net.at("2024-06-30")`` and
        ``net.at("2024-12-31")``.
    measure : str
        The centrality measure ranked (one of :data:`~govgraph.analysis.measures.MEASURES`,
        default ``"pagerank"``). Rank 1 is the highest; ties share the best rank.
    top : int
        How many of the largest moves to keep (ties broken by id).

    Returns
    -------
    Changes

    Examples
    --------
    >>> import govgraph as gg
    >>> net = gg.load_dataset("datun_north")
    >>> changed = gg.changes(net.at("2024-06-30"), net.at("2024-12-31"))
    >>> changed.left.index.tolist(), len(changed.lost)  # a building social worker left in August
    (['FC-W013'], 51)
    """
    before = check_network(before, "before")
    after = check_network(after, "after")
    check_choice(measure, MEASURES, "measure")
    top = check_count(top, "top")
    old, new = before.partners.index, after.partners.index
    joined = _partner_rows(after, new.difference(old, sort=False))
    left = _partner_rows(before, old.difference(new, sort=False))
    old_links, new_links = _links(before), _links(after)
    gained = _minus(new_links, old_links)
    lost = _minus(old_links, new_links)
    both = old.intersection(new, sort=False)
    values_before = centrality(before, measures=[measure])[measure]
    values_after = centrality(after, measures=[measure])[measure]
    ranks_before = _ranks(values_before).reindex(both)
    ranks_after = _ranks(values_after).reindex(both)
    values_before, values_after = values_before.reindex(both), values_after.reindex(both)
    moved = pd.DataFrame(
        {
            "kind": after.partners["kind"].reindex(both).to_numpy(),
            "rank_before": ranks_before.to_numpy(),
            "rank_after": ranks_after.to_numpy(),
            "rise": (ranks_before - ranks_after).to_numpy(),
            "before": values_before.to_numpy(),
            "after": values_after.to_numpy(),
        },
        index=both,
    )
    order = np.lexsort((moved.index.to_numpy(dtype=str), -moved["rise"].abs().to_numpy()))
    moved = moved.iloc[order[:top]]
    moved.index.name = "id"
    return Changes(joined, left, gained, lost, moved, measure)


def _ranks(values: pd.Series) -> pd.Series:
    """1 for the highest value; ties share the best rank."""
    return values.rank(ascending=False, method="min").astype("int64")


def _partner_rows(net: PartnerNetwork, ids: pd.Index) -> pd.DataFrame:
    table = pd.DataFrame(
        {
            "kind": net.partners["kind"].reindex(ids).to_numpy(),
            "grid": net.places["grid"].reindex(ids).to_numpy(),
            "community": net.places["community"].reindex(ids).to_numpy(),
        },
        index=pd.Index(ids, name="id"),
    )
    return table.sort_index()


def _links(net: PartnerNetwork) -> pd.DataFrame:
    relations = net.relations[["source", "target", "relation"]]
    undirected = [key for key, kind in net.schema.relations.items() if not kind.directed]
    swap = (relations["relation"].isin(undirected) & (relations["source"] > relations["target"])).to_numpy()
    source = np.where(swap, relations["target"], relations["source"])
    target = np.where(swap, relations["source"], relations["target"])
    links = pd.DataFrame({"source": source, "target": target, "relation": relations["relation"].to_numpy()})
    return links.drop_duplicates(ignore_index=True)


def _minus(left: pd.DataFrame, right: pd.DataFrame) -> pd.DataFrame:
    merged = left.merge(right, how="left", indicator=True)
    only = merged.loc[merged["_merge"] == "left_only", ["source", "target", "relation"]]
    return only.sort_values(["source", "target", "relation"], ignore_index=True)
