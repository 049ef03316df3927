"""Coverage plans: whom to recruit or assign so that every unit is reached.

Three problems from location science, all solved on one coverage matrix
(which candidate reaches which unit within ``hops`` ties):

- **set covering** (Toregas et al. 1971): the cheapest set of candidates that
  covers every unit, or, with ``target`` below 1, that share of households;
- **maximal covering** (Church & ReVelle 1974): the candidates within a
  budget that cover the most households;
- **backup coverage** (Hogan & ReVelle 1986): either of the above, asking for
  every unit to be covered twice.

Exact plans are integer programs solved by HiGHS (``scipy.optimize.milp``);
the greedy method is the fallback for instances too large to prove.
"""

from __future__ import annotations

import heapq
import math
import warnings
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.optimize import Bounds, LinearConstraint, milp

from govgraph.errors import GovGraphError, InfeasiblePlanError
from govgraph.model.checks import check_choice, check_count, check_network, check_relations
from govgraph.model.network import PartnerNetwork
from govgraph.model.places import UNITS, partner_table, unit_people, unit_rows
from govgraph.model.ties import Ties

__all__ = ["PLAN_METHODS", "UNIT_VALUES", "CoveragePlan", "plan_coverage"]

#: How a plan is found.
PLAN_METHODS = ("exact", "greedy")
#: What a covered unit is worth.
UNIT_VALUES = ("households", "units", "vulnerable_residents")
#: HiGHS stops when the best plan is within this share of its proven bound.
RELATIVE_GAP = 1e-9


@dataclass(frozen=True)
class CoveragePlan:
    """A coverage plan, complete when returned.

    Attributes
    ----------
    selected : tuple of str
        Candidate ids in the plan (not the locked ones), in the order of
        ``table``.
    covers : DataFrame
        Columns ``candidate``, ``unit``, ``locked``: every unit each selected
        or locked candidate reaches.
    objective : float
        Set covering: the total cost of ``selected``. Maximal covering: the
        value covered, with locked candidates (for ``backup``: covered once
        plus covered twice).
    optimal : bool
        True when HiGHS proved the plan optimal; always False for greedy.
    gap : float
        Relative distance between ``objective`` and the best proven bound
        (0 when optimal; NaN when no bound is known, as for greedy).
    table : DataFrame
        One row per locked then selected candidate, in the order that
        explains the plan best (each row adds the most of what is left):
        ``kind``, ``name``, ``at``, ``cost``, ``locked``, ``units_reached``,
        ``units_newly_covered``, ``households_newly_covered``,
        ``vulnerable_newly_covered``, ``units_newly_backed_up`` (covered a
        second time), ``households_covered_so_far`` and ``newly_covered``
        (tuple of unit ids).
    units : DataFrame
        One row per unit: ``kind``, ``name``, ``community``, ``grid``,
        ``households``, ``vulnerable_residents``, ``value``, ``covers_before``
        (by locked candidates), ``covers_after`` (with the plan), ``covered``
        (at least the number asked for) and ``coverable`` (every candidate
        together would cover it).
    uncoverable : tuple of str
        Units no choice of candidates can cover as asked.
    problem : str
        ``"set_covering"``, ``"partial_covering"`` or ``"maximal_covering"``.
    method : str
        ``"exact"`` or ``"greedy"``.
    """

    selected: tuple[str, ...]
    covers: pd.DataFrame
    objective: float
    optimal: bool
    gap: float
    table: pd.DataFrame
    units: pd.DataFrame
    uncoverable: tuple[str, ...]
    problem: str
    method: str


def plan_coverage(
    net: PartnerNetwork,
    candidates: Iterable[str] | pd.DataFrame,
    *,
    unit: str = "building",
    budget: float | None = None,
    target: float = 1.0,
    hops: int = 1,
    method: str = "exact",
    unit_value: str | pd.Series = "households",
    backup: bool = False,
    locked: Iterable[str] = (),
    relations: Iterable[str] | None = None,
    time_limit: float | None = 60.0,
) -> CoveragePlan:
    """Choose the candidates that close the coverage gaps, optimally where it can be proven.

    Without a ``budget`` this is set covering: the fewest candidates (or the
    cheapest, when candidates carry a cost) that cover every unit, or the
    ``target`` share of their value. With a ``budget`` it is maximal covering:
    the candidates within the budget that cover the most value. A
    coordinator asks "who must we recruit so that every building has a party
    member?"; a researcher compares the exact optimum with the greedy rule.

    Parameters
    ----------
    net : PartnerNetwork
    candidates : iterable of str or DataFrame
        Who could be added. Partner ids name existing partners (a party
        member who could take on buildings). A frame has a column ``id`` and
        optionally ``at`` (a partner id: the candidate is a hypothetical
        recruit tied to it, e.g. "a party member in building B12"; its id
        must then be new), ``cost`` (positive; blank or absent means 1), ``kind`` and
        ``name`` (labels; default ``"recruit"`` and the id).
    unit : {"building", "grid", "resident"}
        What must be covered.
    budget : float, optional
        Total cost allowed (with unit costs: how many candidates).
    target : float
        Share of the units' total value to cover, in (0, 1]; set covering only.
        Below 1, units no candidate reaches are reported in ``uncoverable``
        instead of raising.
    hops : int
        A candidate covers the units at most this many ties away; a recruit
        is one tie from its ``at`` partner.
    method : {"exact", "greedy"}
        ``exact`` solves an integer program with HiGHS; ``greedy`` adds the
        candidate with the most new value per cost until done.
    unit_value : {"households", "units", "vulnerable_residents"} or Series
        What a covered unit is worth (see :func:`coverage` for the columns),
        or a Series of non-negative numbers indexed by unit id, e.g.
        households weighted up by vulnerability:
        ``table["households"] + 10 * table["vulnerable_residents"]``.
    backup : bool
        Ask for every unit to be covered twice (maximal covering: count the
        value covered once plus the value covered twice).
    locked : iterable of str
        Partners or candidates already in place: they cost nothing, use no
        budget, and what they reach counts as covered.
    relations : iterable of str, optional
        Relation kinds that count as ties (default: all).
    time_limit : float or None
        Seconds HiGHS may search (None: no limit). If it stops with a plan,
        the plan is returned with ``optimal=False`` and its gap; if it stops
        with none, the greedy plan is returned with a warning.

    Returns
    -------
    CoveragePlan

    Raises
    ------
    InfeasiblePlanError
        When every unit must be covered and some cannot be (``units`` names
        them), or when ``target`` is above the share every candidate together
        covers.
    GovGraphError
        For malformed candidates (the row is named), unknown ids, or
        arguments out of range.

    See Also
    --------
    coverage : who reaches each unit now.

    Notes
    -----
    Reach is computed as in :func:`coverage`. Units reached by exactly the
    same candidates and needing the same number of covers are merged before
    solving, which shrinks real instances many times. Greedy maximal
    covering with equal costs covers at least (1 - 1/e) of the optimum
    (Nemhauser, Wolsey & Fisher 1978); with costs, the better of greedy and
    the best single candidate is returned (Khuller, Moss & Naor 1999).

    References
    ----------
    .. [1] Toregas, Swain, ReVelle & Bergman (1971). The location of
       emergency service facilities. Operations Research 19(6).
    .. [2] Church & ReVelle (1974). The maximal covering location problem.
       Papers of the Regional Science Association 32.
    .. [3] Hogan & ReVelle (1986). Concepts and applications of backup
       coverage. Management Science 32(11).

    Examples
    --------
    >>> import govgraph as gg
    >>> net = gg.load_dataset("datun_north")
    >>> members = net.partners.index[net.partners["kind"] == "party_member"]
    >>> plan = gg.plan_coverage(net, members, target=0.9, hops=1)
    >>> plan.optimal, plan.problem
    (True, 'partial_covering')
    """
    net = check_network(net)
    check_choice(unit, UNITS, "unit")
    check_choice(method, PLAN_METHODS, "method")
    if not isinstance(unit_value, pd.Series):
        check_choice(unit_value, UNIT_VALUES, "unit_value")
    hops = check_count(hops, "hops")
    if not isinstance(backup, bool):
        raise GovGraphError(f"backup: expected True or False, got {backup!r}")
    if isinstance(target, bool) or not isinstance(target, (int, float)) or not 0 < target <= 1:
        raise GovGraphError(f"target: expected a share in (0, 1], got {target!r}")
    if budget is not None:
        if isinstance(budget, bool) or not isinstance(budget, (int, float)) or not 0 <= budget < math.inf:
            raise GovGraphError(f"budget: expected a non-negative number, got {budget!r}")
        if target != 1:
            raise GovGraphError(
                "target: a budget asks for maximal covering; give a budget or a target, not both"
            )
    if time_limit is not None and (
        isinstance(time_limit, bool) or not isinstance(time_limit, (int, float)) or not time_limit > 0
    ):
        raise GovGraphError(f"time_limit: expected a positive number of seconds or None, got {time_limit!r}")

    pool = _candidate_table(net, candidates)
    in_place = _locked(net, pool, locked)
    pool = pool.drop(index=in_place.index.intersection(pool.index))
    rows = unit_rows(net, unit)
    units = partner_table(net).iloc[rows]
    units["households"], units["vulnerable_residents"] = unit_people(net, unit, rows)
    units["value"] = _unit_values(units, unit_value)
    graph = net.ties(weight=None, relations=check_relations(net, relations))
    reach = _reach(graph, pool, rows, hops)
    given_reach = _reach(graph, in_place, rows, hops)
    level = 2 if backup else 1
    given = np.asarray(given_reach.sum(axis=1)).ravel().astype(np.int64)
    reachable = np.asarray(reach.sum(axis=1)).ravel().astype(np.int64)
    coverable = given + reachable >= level
    uncoverable = tuple(units.index[~coverable])
    problem = (
        "maximal_covering" if budget is not None else "set_covering" if target == 1 else "partial_covering"
    )
    if problem == "set_covering" and uncoverable:
        raise InfeasiblePlanError(
            f"{len(uncoverable)} {unit}(s) cannot be covered {'twice ' if backup else ''}by any candidate "
            f"within {hops} hop(s): {list(uncoverable[:10])}{' ...' if len(uncoverable) > 10 else ''}",
            uncoverable,
        )
    values = units["value"].to_numpy(dtype=np.float64)
    instance = _Instance.build(reach, values, np.maximum(level - given, 0), pool["cost"].to_numpy())
    required = 0.0
    if problem == "partial_covering":
        total = values.sum()
        done = values[given >= level].sum()
        required = target * total - done
        best = done + values[coverable & (given < level)].sum()
        value_name = unit_value if isinstance(unit_value, str) else "value"
        if target * total > best + 1e-9 * max(total, 1.0):
            raise InfeasiblePlanError(
                f"target: at most {best / total:.4f} of the {value_name} can be covered "
                f"{'twice ' if backup else ''}with every candidate, {target} was asked; "
                f"{len(uncoverable)} {unit}(s) are out of reach",
                uncoverable,
            )

    chosen, optimal, gap, used = _solve(instance, problem, budget, required, method, time_limit)
    # Explain the plan in the order that adds the most value first.
    order = _greedy(instance, instance.value, chosen)
    order += sorted(set(chosen.tolist()) - set(order))
    return _plan(pool, in_place, reach, given_reach, units, level, chosen, order, problem, used, optimal, gap)


@dataclass(frozen=True)
class _Instance:
    """The reduced problem: groups of units reached by the same candidates."""

    cover: sp.csc_array  # groups x candidates, 0/1
    value: np.ndarray  # summed value of each group's units
    units: np.ndarray  # how many units each group holds
    need: np.ndarray  # covers each group still needs (1 or 2)
    cost: np.ndarray  # per candidate

    @classmethod
    def build(cls, reach: sp.csr_array, value: np.ndarray, need: np.ndarray, cost: np.ndarray) -> _Instance:
        reach = sp.csr_array(reach)
        reach.sort_indices()
        active = np.flatnonzero((need > 0) & (np.diff(reach.indptr) > 0))
        keys = [
            (int(need[u]), reach.indices[reach.indptr[u] : reach.indptr[u + 1]].tobytes()) for u in active
        ]
        group = pd.factorize(pd.Series(keys, dtype=object))[0]
        n_groups = int(group.max()) + 1 if len(group) else 0
        to_group = sp.csr_array((np.ones(len(active)), (group, active)), shape=(n_groups, reach.shape[0]))
        cover = sp.csc_array(to_group @ reach)
        cover.data[:] = 1.0
        group_need = np.zeros(n_groups, dtype=np.int64)
        group_need[group] = need[active]
        return cls(
            cover=cover,
            value=np.bincount(group, weights=value[active], minlength=n_groups),
            units=np.bincount(group, minlength=n_groups).astype(np.float64),
            need=group_need,
            cost=np.asarray(cost, dtype=np.float64),
        )


def _unit_values(units: pd.DataFrame, unit_value: str | pd.Series) -> np.ndarray:
    if isinstance(unit_value, str):
        if unit_value == "units":
            return np.ones(len(units))
        return units[unit_value].fillna(0).to_numpy(dtype=np.float64)
    missing = units.index.difference(unit_value.index)
    if len(missing):
        raise GovGraphError(f"unit_value: no value for the unit(s) {list(missing[:10])}")
    if unit_value.index.has_duplicates:
        listed = unit_value.index[unit_value.index.duplicated()]
        raise GovGraphError(f"unit_value: a unit is listed twice: {list(listed[:10])}")
    values = pd.to_numeric(unit_value.reindex(units.index), errors="coerce").to_numpy(dtype=np.float64)
    bad = ~(np.isfinite(values) & (values >= 0))
    if bad.any():
        shown = unit_value.reindex(units.index)[bad].head(5).to_dict()
        raise GovGraphError(f"unit_value: expected non-negative finite numbers, got {shown}")
    return values


def _candidate_table(net: PartnerNetwork, candidates: object) -> pd.DataFrame:
    """Candidates as a frame indexed by id: ``at`` (where its reach starts), ``start`` (0 or 1 tie
    before it), ``cost``, ``kind``, ``name``."""
    partners = net.partners
    if isinstance(candidates, (str, bytes)) or not isinstance(candidates, (pd.DataFrame, Iterable)):
        raise GovGraphError(
            "candidates: expected partner ids or a frame with an 'id' column, "
            f"got {type(candidates).__name__}"
        )
    frame = (
        candidates.reset_index(drop=True)
        if isinstance(candidates, pd.DataFrame)
        else pd.DataFrame({"id": pd.Series(list(candidates), dtype=object)})
    )
    if "id" not in frame.columns:
        raise GovGraphError(
            f"candidates: the frame needs an 'id' column, has {list(map(str, frame.columns))}"
        )
    problems = []
    ids = frame["id"]
    at = frame["at"] if "at" in frame.columns else pd.Series(None, index=frame.index, dtype=object)
    cost = frame["cost"] if "cost" in frame.columns else pd.Series(1.0, index=frame.index)
    # A blank cost means the default of 1; anything else written there must be a positive number.
    numeric_cost = pd.to_numeric(cost, errors="coerce").astype("float64").where(cost.notna(), 1.0)
    for i, listed in enumerate(ids.tolist()):
        where = f"candidates row {i + 1} (id {listed!r})"
        if not isinstance(ids[i], str) or not ids[i]:
            problems.append(f"{where}: the id must be a non-empty string")
            continue
        here = at[i]
        if isinstance(here, str) and here:
            if here not in partners.index:
                problems.append(f"{where}: 'at' names no partner: {here!r}")
            if ids[i] in partners.index:
                problems.append(f"{where}: a recruit needs a new id, {ids[i]!r} is an existing partner")
        elif not pd.isna(here):
            problems.append(f"{where}: 'at' must be a partner id, got {here!r}")
        elif ids[i] not in partners.index:
            problems.append(f"{where}: no partner has this id (give 'at' for a hypothetical recruit)")
        if not (numeric_cost[i] > 0 and math.isfinite(numeric_cost[i])):  # NaN fails too
            problems.append(f"{where}: cost must be a positive finite number, got {cost[i]!r}")
    duplicated = ids[ids.duplicated()].unique()
    if len(duplicated):
        problems.append(f"candidates: an id is listed twice: {list(duplicated[:10])}")
    if problems:
        raise GovGraphError(
            "\n".join(problems[:20]) + (f"\n... and {len(problems) - 20} more" if len(problems) > 20 else "")
        )
    recruit = at.notna().to_numpy()
    table = pd.DataFrame(
        {
            "at": np.where(recruit, at.astype(object), ids),
            "start": recruit.astype(np.int64),
            "cost": numeric_cost.to_numpy(),
        },
        index=pd.Index(ids.astype(str), name="candidate"),
    )
    existing = partners.reindex(table.index)
    label = frame["kind"].to_numpy(dtype=object) if "kind" in frame.columns else np.full(len(frame), None)
    table["kind"] = np.where(
        recruit, pd.Series(label).fillna("recruit").to_numpy(), existing["kind"].to_numpy()
    )
    names = frame["name"].to_numpy(dtype=object) if "name" in frame.columns else np.full(len(frame), None)
    table["name"] = np.where(
        recruit, pd.Series(names).fillna(pd.Series(table.index)).to_numpy(), existing["name"].to_numpy()
    )
    return table


def _locked(net: PartnerNetwork, pool: pd.DataFrame, locked: object) -> pd.DataFrame:
    if isinstance(locked, (str, bytes)) or not isinstance(locked, Iterable):
        raise GovGraphError(f"locked: expected a list of partner or candidate ids, got {locked!r}")
    listed = pd.Index([str(i) for i in locked], dtype=object)
    if listed.has_duplicates:
        raise GovGraphError(
            f"locked: an id is listed twice: {list(listed[listed.duplicated()].unique()[:10])}"
        )
    unknown = listed.difference(pool.index).difference(net.partners.index)
    if len(unknown):
        raise GovGraphError(f"locked: no partner or candidate has the id(s) {list(unknown[:10])}")
    from_pool = listed.intersection(pool.index, sort=False)
    partners = net.partners.reindex(listed.difference(pool.index, sort=False))
    others = pd.DataFrame(
        {"at": partners.index, "start": 0, "cost": 0.0, "kind": partners["kind"], "name": partners["name"]},
        index=partners.index,
    )
    table = pd.concat([pool.loc[from_pool].assign(cost=0.0), others]).reindex(listed)
    table.index.name = "candidate"
    return table


def _reach(graph: Ties, table: pd.DataFrame, rows: np.ndarray, hops: int) -> sp.csr_array:
    """0/1 matrix units x candidates: who reaches whom within ``hops``."""
    blocks = []
    order = []
    for start in (0, 1):
        chosen = np.flatnonzero(table["start"].to_numpy() == start)
        if len(chosen) and hops - start >= 0:
            at = graph.index.get_indexer(table["at"].to_numpy()[chosen])
            blocks.append(graph.within_hops(at, hops - start)[:, rows])
            order.append(chosen)
    if not blocks:
        return sp.csr_array((len(rows), len(table)))
    stacked = sp.csr_array(sp.vstack(blocks))
    back = np.argsort(np.concatenate(order))
    return sp.csr_array(stacked[back].T)


def _solve(
    instance: _Instance,
    problem: str,
    budget: float | None,
    required: float,
    method: str,
    time_limit: float | None,
) -> tuple[np.ndarray, bool, float, str]:
    """Chosen candidate positions, whether proven optimal, the gap, and the method used."""
    if method == "exact":
        solved = _exact(instance, problem, budget, required, time_limit)
        if solved is not None:
            return solved[0], solved[1], solved[2], "exact"
        warnings.warn(
            f"HiGHS found no plan within time_limit={time_limit} s; returning the greedy plan instead",
            stacklevel=3,
        )
    return _greedy_plan(instance, problem, budget, required), False, math.nan, "greedy"


def _exact(
    instance: _Instance, problem: str, budget: float | None, required: float, time_limit: float | None
) -> tuple[np.ndarray, bool, float] | None:
    n_groups, n_candidates = instance.cover.shape
    if n_groups == 0 or n_candidates == 0 or (problem == "partial_covering" and required <= 0):
        return np.array([], dtype=np.int64), True, 0.0
    cover = sp.csr_array(instance.cover)
    if problem == "set_covering":
        objective = instance.cost
        constraints = [LinearConstraint(cover, lb=instance.need, ub=np.inf)]
        integrality = np.ones(n_candidates)
        bounds = Bounds(0, 1)
    else:
        # One variable per cover a group may still gain (maximal) or per group (partial).
        slot_group = (
            np.repeat(np.arange(n_groups), instance.need)
            if problem == "maximal_covering"
            else np.arange(n_groups)
        )
        slots = sp.csr_array(
            (np.ones(len(slot_group)), (slot_group, np.arange(len(slot_group)))),
            shape=(n_groups, len(slot_group)),
        )
        if problem == "partial_covering":
            slots = sp.csr_array(slots * instance.need[:, None])
        linking = sp.hstack([-cover, slots], format="csr")
        constraints = [LinearConstraint(linking, lb=-np.inf, ub=0)]
        if problem == "maximal_covering":
            objective = np.concatenate([np.zeros(n_candidates), -instance.value[slot_group]])
            spend = np.concatenate([instance.cost, np.zeros(len(slot_group))])
            constraints.append(LinearConstraint(spend[None, :], lb=-np.inf, ub=budget))
            integrality = np.concatenate([np.ones(n_candidates), np.zeros(len(slot_group))])
        else:
            objective = np.concatenate([instance.cost, np.zeros(n_groups)])
            reached = np.concatenate([np.zeros(n_candidates), instance.value])
            constraints.append(LinearConstraint(reached[None, :], lb=required, ub=np.inf))
            integrality = np.ones(n_candidates + n_groups)
        bounds = Bounds(0, 1)
    options: dict[str, object] = {"mip_rel_gap": RELATIVE_GAP, "disp": False}
    if time_limit is not None:
        options["time_limit"] = float(time_limit)
    result = milp(objective, integrality=integrality, bounds=bounds, constraints=constraints, options=options)
    if result.x is None:
        if result.status == 2:
            raise GovGraphError(f"HiGHS reports the plan infeasible: {result.message}")
        return None
    chosen = np.flatnonzero(result.x[:n_candidates] > 0.5)
    gap = float(getattr(result, "mip_gap", math.nan) or 0.0)
    return chosen, bool(result.status == 0), gap


def _greedy(
    instance: _Instance,
    value: np.ndarray,
    allowed: Iterable[int],
    budget: float = math.inf,
    enough: float = math.inf,
) -> list[int]:
    """Lazy greedy: take the allowed candidate adding the most value per cost, until the budget is
    spent, nothing adds value, or the groups completed weigh ``enough``.

    ``value`` is what one more cover of a group is worth while it still needs covers. Gains only
    shrink as candidates are taken, so a stale gain in the heap is an upper bound (Minoux 1978).
    """
    indptr, indices = instance.cover.indptr, instance.cover.indices
    remaining = instance.need.copy()
    cost = instance.cost

    def gain(j: int) -> float:
        groups = indices[indptr[j] : indptr[j + 1]]
        return float(value[groups[remaining[groups] > 0]].sum()) / cost[j]

    heap = [(-gain(j), j) for j in allowed]
    heapq.heapify(heap)
    spent, completed, order = 0.0, 0.0, []
    while heap and completed < enough:
        _, j = heapq.heappop(heap)
        if spent + cost[j] > budget * (1 + 1e-12):
            continue
        now = gain(j)
        if heap and now < -heap[0][0]:
            heapq.heappush(heap, (-now, j))
            continue
        if now <= 0:
            break
        groups = indices[indptr[j] : indptr[j + 1]]
        groups = groups[remaining[groups] > 0]
        remaining[groups] -= 1
        completed += instance.value[groups[remaining[groups] == 0]].sum()
        spent += cost[j]
        order.append(j)
    return order


def _greedy_plan(instance: _Instance, problem: str, budget: float | None, required: float) -> np.ndarray:
    n_candidates = instance.cover.shape[1]
    everyone = range(n_candidates)
    if problem == "maximal_covering":
        assert budget is not None
        order = _greedy(instance, instance.value, everyone, budget=budget)
        value = _credits(instance, order)
        # Greedy by value per cost can be beaten by one dear candidate; the better of the two
        # keeps half the (1 - 1/e) guarantee when costs differ.
        single = [j for j in everyone if instance.cost[j] <= budget * (1 + 1e-12)]
        if single:
            best = max(single, key=lambda j: (_credits(instance, [j]), -j))
            if _credits(instance, [best]) > value:
                order = [best]
        return np.sort(np.asarray(order, dtype=np.int64))
    if problem == "set_covering":
        order = _greedy(instance, instance.units, everyone)
        enough = math.inf
    else:
        if required <= 0:
            return np.array([], dtype=np.int64)
        enough = required * (1 - 1e-12)
        order = _greedy(instance, instance.value / np.maximum(instance.need, 1), everyone, enough=enough)
    return _drop_redundant(instance, order, problem, required)


def _credits(instance: _Instance, chosen: Iterable[int]) -> float:
    """Value covered, counting each cover a group still needed."""
    counts = np.asarray(instance.cover[:, list(chosen)].sum(axis=1)).ravel()
    return float((instance.value * np.minimum(counts, instance.need)).sum())


def _drop_redundant(instance: _Instance, order: list[int], problem: str, required: float) -> np.ndarray:
    """Remove chosen candidates, dearest first, while the plan still meets its constraint."""
    indptr, indices = instance.cover.indptr, instance.cover.indices
    counts = np.zeros(instance.cover.shape[0], dtype=np.int64)
    for j in order:
        counts[indices[indptr[j] : indptr[j + 1]]] += 1
    met = counts >= instance.need
    completed = instance.value[met].sum()
    kept = set(order)
    for j in sorted(order, key=lambda j: (-instance.cost[j], -j)):
        groups = indices[indptr[j] : indptr[j + 1]]
        lost = groups[met[groups] & (counts[groups] - 1 < instance.need[groups])]
        if problem == "set_covering" and len(lost):
            continue
        if problem == "partial_covering" and completed - instance.value[lost].sum() < required * (1 - 1e-12):
            continue
        counts[groups] -= 1
        met[lost] = False
        completed -= instance.value[lost].sum()
        kept.discard(j)
    return np.sort(np.fromiter(kept, dtype=np.int64, count=len(kept)))


def _plan(
    pool: pd.DataFrame,
    in_place: pd.DataFrame,
    reach: sp.csr_array,
    given_reach: sp.csr_array,
    units: pd.DataFrame,
    level: int,
    chosen: np.ndarray,
    order: list[int],
    problem: str,
    method: str,
    optimal: bool,
    gap: float,
) -> CoveragePlan:
    reach_by_candidate = sp.csc_array(reach)
    given_by_candidate = sp.csc_array(given_reach)
    households = units["households"].fillna(0).to_numpy(dtype=np.float64)
    vulnerable = units["vulnerable_residents"].fillna(0).to_numpy(dtype=np.int64)
    counts = np.zeros(len(units), dtype=np.int64)
    rows, pairs = [], []
    so_far = 0.0
    explained = [(in_place, given_by_candidate, i, True) for i in range(len(in_place))]
    explained += [(pool, reach_by_candidate, j, False) for j in order]
    for table, matrix, j, is_locked in explained:
        reached = matrix.indices[matrix.indptr[j] : matrix.indptr[j + 1]]
        before = counts[reached]
        newly = reached[before == 0]
        counts[reached] += 1
        so_far += households[newly].sum()
        candidate = table.index[j]
        record = table.iloc[j]
        rows.append(
            {
                "candidate": candidate,
                "kind": record["kind"],
                "name": record["name"],
                "at": record["at"],
                "cost": float(record["cost"]),
                "locked": is_locked,
                "units_reached": len(reached),
                "units_newly_covered": len(newly),
                "households_newly_covered": float(households[newly].sum()),
                "vulnerable_newly_covered": int(vulnerable[newly].sum()),
                "units_newly_backed_up": int((before == 1).sum()),
                "households_covered_so_far": so_far,
                "newly_covered": tuple(units.index[newly]),
            }
        )
        pairs.append(
            pd.DataFrame({"candidate": candidate, "unit": units.index[reached], "locked": is_locked})
        )
    columns = [
        "kind", "name", "at", "cost", "locked", "units_reached", "units_newly_covered",
        "households_newly_covered", "vulnerable_newly_covered", "units_newly_backed_up",
        "households_covered_so_far", "newly_covered",
    ]  # fmt: skip
    table = pd.DataFrame(rows, columns=["candidate", *columns]).set_index("candidate")
    covers = (
        pd.concat(pairs, ignore_index=True)
        if pairs
        else pd.DataFrame({"candidate": [], "unit": [], "locked": []}).astype({"locked": bool})
    )
    given = np.asarray(given_reach.sum(axis=1)).ravel().astype(np.int64)
    after = given + np.asarray(reach[:, chosen].sum(axis=1)).ravel().astype(np.int64)
    reachable = given + np.asarray(reach.sum(axis=1)).ravel().astype(np.int64)
    units = units.assign(
        covers_before=given, covers_after=after, covered=after >= level, coverable=reachable >= level
    )
    if problem == "maximal_covering":
        objective = float((units["value"].to_numpy() * np.minimum(after, level)).sum())
    else:
        objective = float(pool["cost"].to_numpy()[chosen].sum())
    return CoveragePlan(
        selected=tuple(pool.index[order]),
        covers=covers,
        objective=objective,
        optimal=optimal,
        gap=gap,
        table=table,
        units=units,
        uncoverable=tuple(units.index[~units["coverable"].to_numpy()]),
        problem=problem,
        method=method,
    )
