"""The work list (待办): every open need, where it is, what should answer it and why.

A need is open unless its status says it is done (resolved or evaluated);
a need without a status is open. Open needs are matched by the optimal
strategy (:func:`govgraph.match`; greedy above :data:`OPTIMAL_NEEDS` of
them) within the usual reach; a need left without a resource says why,
and what would help: the nearest provider of an answering category at
any distance, asking a provider with no places left for more, or
recruiting one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
from scipy.sparse.csgraph import dijkstra

from govgraph.matching import candidates, match
from govgraph.model.glossary import Words, known
from govgraph.model.network import PartnerNetwork
from govgraph.model.vocabulary import CLOSED_STATUSES, STATUSES, URGENCY, Term

__all__ = ["URGENT", "open_needs", "work_list"]
#: Up to this many open needs the work list matches them optimally, above it greedily (highest score first).
OPTIMAL_NEEDS = 20_000
#: An urgency at or above this is urgent (紧急, see :data:`govgraph.model.vocabulary.URGENCY`).
URGENT = 4


def open_needs(net: PartnerNetwork) -> pd.DataFrame:
    """The needs still to act on: not closed (resolved, evaluated or rejected, by status or by a
    ``resolved_at`` date); a missing status counts as open."""
    needs = net.needs
    closed = np.zeros(len(needs), dtype=bool)
    if "status" in needs:
        closed |= needs["status"].isin(CLOSED_STATUSES).to_numpy(dtype=bool, na_value=False)
    if "resolved_at" in needs:
        closed |= needs["resolved_at"].notna().to_numpy()
    return needs[~closed]


def work_list(
    net: PartnerNetwork,
    words: Words,
    shown: pd.Series,
    *,
    table: pd.DataFrame | None = None,
    today: date | None = None,
) -> pd.DataFrame:
    """One row per open need, by grid (innermost, then the grid or community above it), most urgent first.

    Columns (raw, for the page and grid pages to format): ``need``, ``grid``
    (id), ``grid_name``, ``parent_name``, ``category``, ``description``,
    ``requester``, ``urgency`` (in words), ``urgent`` (urgency at least
    :data:`URGENT`), ``status``, ``age_days``, ``resource``,
    ``provider`` (names), ``reason`` (a sentence) and ``matched`` (False
    when the resource named is only what would help: a full one, or the
    nearest one beyond reach).
    """
    needs = open_needs(net)
    columns = [
        "need", "grid", "grid_name", "parent_name", "category", "description", "requester",
        "urgency", "urgent", "status", "age_days", "resource", "provider", "reason", "matched",
    ]  # fmt: skip
    if not len(needs):
        return pd.DataFrame(columns=columns)
    names = net.partners["name"]
    place_names = names.astype(object).where(names.notna(), pd.Series(names.index, index=names.index))
    places = net.places.reindex(needs["requester"])
    grid = places["grid"].to_numpy(dtype=object)
    chain = places["grid_chain"].tolist()
    above = [
        c[1] if isinstance(c, tuple) and len(c) > 1 else community
        for c, community in zip(chain, places["community"].tolist(), strict=True)
    ]
    rows = pd.DataFrame(
        {
            "need": needs.index,
            "grid": grid,
            "grid_name": _each(grid, lambda g: _place(place_names, g, words)),
            "parent_name": _each(above, lambda a: _place(place_names, a, words) if known(a) else ""),
            "category": _each(needs["category"], lambda c: words.term(_category(net, c)) if known(c) else ""),
            "description": needs["description"].tolist() if "description" in needs else "",
            "requester": shown.reindex(needs["requester"]).fillna("").tolist(),
            "urgency_level": pd.to_numeric(needs["urgency"], errors="coerce").to_numpy()
            if "urgency" in needs
            else np.nan,
            "status": _each(needs["status"], lambda v: _status(v, words))
            if "status" in needs
            else _status(None, words),
            "age_days": _ages(needs, today or date.today()),
        }
    )
    rows["urgency"] = _each(rows["urgency_level"], lambda u: _urgency(u, words))
    rows["urgent"] = (rows["urgency_level"] >= URGENT).to_numpy(dtype=bool)
    suggested = _suggestions(net, needs, words, shown, table)
    rows = rows.join(suggested, on="need")
    # One grid's needs together (grids by community, then in natural order: 第2 before 第10), urgent first.
    rows["_community"] = _each(places["community"], lambda c: _natural(_place(place_names, c, words)))
    rows["_grid"] = _each(grid, lambda g: _natural(_place(place_names, g, words)) + "\x00" + str(g))
    rows["_order"] = rows["urgency_level"].fillna(0)
    rows = rows.sort_values(
        ["_community", "_grid", "_order", "age_days"], ascending=[True, True, False, False], kind="stable"
    )
    return rows[columns].reset_index(drop=True)


def _suggestions(
    net: PartnerNetwork, needs: pd.DataFrame, words: Words, shown: pd.Series, table: pd.DataFrame | None
) -> pd.DataFrame:
    """Resource, provider and reason for each open need (index: need id).

    ``table`` is :func:`govgraph.candidates` of the network, when already computed.
    """
    resources = net.resources
    resource = pd.Series("", index=needs.index, dtype=object)
    provider, reason = resource.copy(), resource.copy()
    if not len(resources):
        reason[:] = words.pick(
            "本社区尚未登记任何服务资源：建议招募共建单位、志愿者或专业服务方",
            "no resources are recorded: recruit partners, volunteers or professional services",
        )
        return pd.DataFrame({"resource": resource, "provider": provider, "reason": reason, "matched": False})
    if table is not None:
        table = table[table.index.get_level_values(0).isin(needs.index)]
    # The optimal matching; with very many open needs the greedy one, which is close and much faster.
    strategy = "optimal" if len(needs) <= OPTIMAL_NEEDS else "greedy"
    found = match(net, strategy=strategy, needs=list(needs.index), table=table)
    chosen = found.assignments
    resource[chosen.index] = _resource_names(net, chosen["resource"], words)
    provider[chosen.index] = shown.reindex(chosen["provider"]).fillna("").to_numpy()
    explanation = chosen["explanation_zh"] if words.lang != "en" else chosen["explanation_en"]
    if words.lang == "both":
        explanation = chosen["explanation_zh"] + " · " + chosen["explanation_en"]
    reason[chosen.index] = explanation.to_numpy()
    left = found.unmatched
    if len(left):
        # What would help: the best resource within reach (full, or not chosen), else the nearest anywhere.
        within = candidates(net, needs=list(left.index)) if table is None else table
        within = within[within.index.get_level_values(0).isin(left.index)].reset_index()
        within = within.sort_values(["need", "hops", "score"], ascending=[True, True, False]).drop_duplicates(
            "need"
        )
        best = pd.DataFrame(
            {"resource": within["resource"].to_numpy(), "hops": within["hops"].to_numpy()},
            index=within["need"].to_numpy(),
        )
        unreached = left[left["reason"] == "no resource within reach"]
        best = pd.concat([best, _nearest(net, unreached)])
        best = best[~best.index.duplicated()].reindex(left.index)
        has = best["resource"].notna().to_numpy()
        picked = best["resource"][has]
        names = shown.reindex(resources.loc[picked, "provider"]).fillna("").to_numpy()
        resource[left.index[has]] = _resource_names(net, picked, words)
        provider[left.index[has]] = names
        categories = [words.term(_category(net, c)) if known(c) else "" for c in left["category"]]
        reason[left.index] = [
            _advice(why, int(hops), who, category, words)
            if found_one
            else words.pick(
                f"没有能提供“{category}”的资源：建议招募此类服务方",
                f"no resource answers {category}: recruit a provider",
            )
            for why, hops, who, category, found_one in zip(
                left["reason"],
                best["hops"].fillna(0),
                provider[left.index],
                categories,
                has,
                strict=True,
            )
        ]
    matched = pd.Series(needs.index.isin(chosen.index), index=needs.index)
    return pd.DataFrame({"resource": resource, "provider": provider, "reason": reason, "matched": matched})


def _nearest(net: PartnerNetwork, needs: pd.DataFrame) -> pd.DataFrame:
    """For needs with no resource within reach: the nearest resource that answers each, at any distance.

    One breadth-first search per need category, from every provider of an
    answering resource at once (scipy's multi-source Dijkstra with unit
    lengths), measured like :func:`govgraph.candidates`: from the requester's
    innermost grid, else the requester. Columns ``resource`` and ``hops``.
    """
    found = pd.DataFrame({"resource": pd.Series(dtype=object), "hops": pd.Series(dtype="float64")})
    if not len(needs):
        return found
    graph = net.ties(weight=None)
    resources = net.resources
    places = net.places.reindex(needs["requester"])
    start = places["grid"].where(places["grid"].notna(), needs["requester"].to_numpy())
    at = graph.index.get_indexer(start.to_numpy())
    parts = []
    for category, rows in needs.groupby("category", sort=False).indices.items():
        offered = resources[resources["category"].isin(net.schema.taxonomy.answering(category))]
        offered = offered.sort_values("capacity", ascending=False, kind="stable").drop_duplicates("provider")
        sources = graph.index.get_indexer(offered["provider"])
        keep = sources >= 0
        if not keep.any():
            continue
        hops, _, nearest = dijkstra(
            graph.pattern, directed=False, indices=sources[keep], unweighted=True, min_only=True,
            return_predecessors=True,
        )  # fmt: skip
        by_provider = pd.Series(offered.index[keep], index=sources[keep])
        here = at[rows]
        reached = (here >= 0) & np.isfinite(hops[np.maximum(here, 0)])
        parts.append(
            pd.DataFrame(
                {
                    "resource": by_provider.reindex(nearest[here[reached]]).to_numpy(),
                    "hops": hops[here[reached]],
                },
                index=needs.index[rows[reached]],
            )
        )
    return pd.concat([found, *parts]) if parts else found


def _resource_names(net: PartnerNetwork, resources: pd.Series, words: Words) -> list[str]:
    """Each resource by its name, else by its category (上门理发 / 理发服务)."""
    table = net.resources.reindex(resources.to_numpy())
    names = table["name"] if "name" in table else pd.Series(pd.NA, index=table.index)
    named = names.astype("string").str.strip().fillna("")
    labels = {
        c: words.pick(f"{words.term(_category(net, c))}服务", f"{words.term(_category(net, c))} service")
        for c in table["category"].dropna().unique()
    }
    by_category = table["category"].map(labels).fillna("")
    return named.where(named != "", by_category).tolist()


def _advice(reason: str, hops: int, provider: str, category: str, words: Words) -> str:
    if reason == "capacity exhausted":
        return words.pick(
            f"附近提供“{category}”的资源名额已满：建议与{provider}协商增加名额，或招募新的服务方",
            f"the nearby {category} resources are full: ask {provider} for more places, "
            "or recruit a provider",
        )
    if reason == "not chosen":
        return words.pick(
            f"可安排{provider}（相隔 {hops} 层联系）", f"{provider} can take it ({hops} ties away)"
        )
    return words.pick(
        f"3 层联系内没有“{category}”资源；最近的是{provider}（相隔 {hops} 层联系），"
        "可请其跨网格服务，或就近招募",
        f"no {category} resource within 3 ties; the nearest is {provider} ({hops} ties away): ask it to "
        "serve across grids, or recruit nearby",
    )


def _category(net: PartnerNetwork, key: str) -> Term:
    category = net.schema.taxonomy.categories.get(key)
    return category if category is not None else Term(str(key), str(key), str(key))


def _status(value: object, words: Words) -> str:
    if not known(value):
        return words.pick("未登记（按待办理）", "not recorded (taken as open)")
    term = STATUSES.get(str(value))
    return words.term(term) if term is not None else str(value)


def _urgency(value: object, words: Words) -> str:
    if not known(value):
        return ""
    term = URGENCY.get(str(int(value)))  # type: ignore[call-overload]
    return words.term(term) if term is not None else str(value)


def _ages(needs: pd.DataFrame, today: date) -> list[float]:
    if "created_at" not in needs:
        return [np.nan] * len(needs)
    created = pd.to_datetime(needs["created_at"], errors="coerce")
    return ((pd.Timestamp(today) - created).dt.days).astype("float64").tolist()


def _each(values: object, word: Callable[[Any], str]) -> list[str]:
    """``word`` of every value, computed once per distinct value (a missing value is passed as None)."""
    codes, distinct = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
    said = np.array([*(word(v) for v in distinct), word(None)], dtype=object)
    return said[codes].tolist()


def _natural(text: str) -> str:
    """A sort key in which numbers compare by value: 第2网格 before 第10网格."""
    return re.sub(r"\d+", lambda number: number.group().zfill(12), text)


def _place(place_names: pd.Series, place: object, words: Words) -> str:
    if not known(place):
        return words.pick("未分网格", "no grid")
    return str(place_names.get(place, place))
