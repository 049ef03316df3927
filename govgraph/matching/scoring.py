"""Candidates: every resource that could answer each need, scored and explained.

A resident's need should meet the partner best placed to answer it: one
whose service fits, who is close (same building, grid or community), whom the
resident can reach through people they share (the grid's party branch, the
door head), and who has room. Each candidate row carries its score, the
components behind it and an explanation in Chinese and English, so a
coordinator can see why a suggestion was made and a researcher can re-weight.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

import numpy as np
import pandas as pd
import scipy.sparse as sp

from govgraph.analysis._checks import check_count, check_network
from govgraph.analysis._places import grids_sited, vulnerable_residents
from govgraph.analysis._ties import ties, within_hops
from govgraph.errors import GovGraphError
from govgraph.matching.categories import TAXONOMY, Taxonomy
from govgraph.network import PartnerNetwork

__all__ = ["COMPONENTS", "SCORE_WEIGHTS", "candidates", "suggest"]

#: Score components, each in [0, 1].
COMPONENTS = ("fit", "proximity", "trust", "capacity", "urgency", "vulnerability")
#: Default weight of each component in the score (they sum to 1).
SCORE_WEIGHTS: Mapping[str, float] = MappingProxyType(
    {"fit": 0.30, "proximity": 0.25, "trust": 0.15, "capacity": 0.10, "urgency": 0.10, "vulnerability": 0.10}
)
#: Fit of a resource whose category answers the need through the taxonomy rather than by name.
OVERLAP_FIT = 0.6
#: Proximity of a provider in the requester's building, grid, community, or only within reach.
PROXIMITY: Mapping[str, float] = MappingProxyType(
    {"building": 1.0, "grid": 0.75, "community": 0.5, "network": 0.25}
)
#: Trust paths from requester to provider are searched up to this many ties.
TRUST_HOPS = 4

# Who names a trust path best: the party organisations the article puts first, then the grid's people.
_INTERMEDIARY_RANK = {
    "party_branch": 9,
    "party_committee": 8,
    "party_group": 7,
    "grid_worker": 6,
    "grid": 5,
    "service_station": 4,
    "community": 4,
    "social_org": 3,
    "property_manager": 3,
    "building": 2,
}


def candidates(
    net: PartnerNetwork,
    needs: Iterable[str] | None = None,
    max_hops: int = 3,
    *,
    weights: Mapping[str, float] | None = None,
    taxonomy: Taxonomy | None = None,
) -> pd.DataFrame:
    """Every feasible (need, resource) pair, with its score, the components and an explanation.

    A resource is feasible for a need when its category answers the need's
    category (see :data:`govgraph.matching.TAXONOMY`) and its provider is at
    most ``max_hops`` ties from the need's place: the requester's grid (the
    requester itself when it has none). From a grid, 3 ties reach the
    merchants located in it, the community's service station and property
    manager, and the partners of its community's party committee.

    Parameters
    ----------
    net : PartnerNetwork
    needs : iterable of str, optional
        Need ids to consider (default: every need).
    max_hops : int
        How far from the need's place a provider may be.
    weights : mapping, optional
        Weight of each component in :data:`COMPONENTS` (default
        :data:`SCORE_WEIGHTS`); components left out weigh 0.
    taxonomy : Taxonomy, optional
        Which resource categories answer which needs.

    Returns
    -------
    DataFrame
        Index (``need``, ``resource``), sorted by need, best score first.
        Columns ``requester``, ``provider``, ``need_category``,
        ``resource_category``, ``capacity_total``, ``score``, the components
        ``fit`` (1 same category, :data:`OVERLAP_FIT` an overlap),
        ``proximity`` (:data:`PROXIMITY` by ``place``), ``trust`` (1 / ties
        from requester to provider, 0 beyond :data:`TRUST_HOPS`),
        ``capacity`` (the resource's capacity over the largest among the
        need's candidates), ``urgency`` ((urgency - 1) / 4) and
        ``vulnerability`` (1 for a vulnerable requester); then ``place``
        (``building``, ``grid``, ``community`` or ``network``), ``hops``
        (need's place to provider), ``trust_hops`` (missing beyond
        :data:`TRUST_HOPS`), ``through`` (ids of the partners on one
        shortest trust path, party organisations first), ``explanation_zh``
        and ``explanation_en``.

    Raises
    ------
    GovGraphError
        For unknown or repeated need ids, weights that are not
        non-negative numbers or name unknown components, or ``max_hops``
        below 1.

    Notes
    -----
    Distances from the needs' places are found by sparse breadth-first
    expansion from every distinct place at once; trust paths meet in the
    middle (balls of two ties around requester and provider), so the cost
    grows with the candidate pairs, not with needs × resources.

    Examples
    --------
    >>> import govgraph as gg
    >>> table = gg.candidates(gg.load_dataset("datun_north"), needs=["FC-N0001"])
    >>> row = table.iloc[0]
    >>> row.name[0], row["need_category"], bool(row["score"] > 0)
    ('FC-N0001', 'elderly_care', True)
    """
    net = check_network(net)
    max_hops = check_count(max_hops, "max_hops")
    weights = _check_weights(weights)
    if taxonomy is None:
        taxonomy = TAXONOMY
    elif not isinstance(taxonomy, Taxonomy):
        raise GovGraphError(f"taxonomy: expected a Taxonomy, got {type(taxonomy).__name__}")
    chosen = check_needs(net, needs)
    partners = net.partners
    index = partners.index
    kind = partners["kind"].to_numpy()
    graph = ties(net, None, None)

    requester = index.get_indexer(chosen["requester"])
    own_grid = partners["grid"].to_numpy(dtype=object)[requester]
    grid_position = index.get_indexer(pd.Series(own_grid).fillna(""))
    is_grid = (grid_position >= 0) & (kind[np.maximum(grid_position, 0)] == "grid")
    place = np.where(is_grid, grid_position, requester)

    resources = net.resources
    provider = index.get_indexer(resources["provider"])
    places, place_code = np.unique(place, return_inverse=True)
    providers, provider_code = np.unique(provider, return_inverse=True)
    hops = _hops_between(graph.pattern, places, providers, max_hops)

    # (place, resource) within reach, widened to every need category the resource answers.
    near_place, near_provider = np.nonzero(hops >= 0)
    by_provider = pd.DataFrame({"provider": provider_code, "resource": np.arange(len(resources))})
    reach = pd.DataFrame(
        {"place": near_place, "provider": near_provider, "hops": hops[near_place, near_provider]}
    ).merge(by_provider, on="provider")
    offered = resources["category"].to_numpy(dtype=object)[reach["resource"].to_numpy()]
    answers = pd.DataFrame(
        [
            (need, given, 1.0 if need == given else OVERLAP_FIT)
            for need in dict.fromkeys([*taxonomy.categories, *chosen["category"]])
            for given in taxonomy.answering(need)
        ],
        columns=["need_category", "resource_category", "fit"],
    )
    reach = reach.assign(resource_category=offered).merge(answers, on="resource_category")
    wanted = pd.DataFrame(
        {"need": np.arange(len(chosen)), "place": place_code, "need_category": chosen["category"].to_numpy()}
    )
    rows = wanted.merge(reach, on=["place", "need_category"])
    rows = rows.sort_values(["need", "resource"], kind="stable").reset_index(drop=True)
    if rows.empty:
        return _EMPTY.copy()

    need_at = rows["need"].to_numpy()
    resource_at = rows["resource"].to_numpy()
    who = requester[need_at]
    by = provider[resource_at]
    table = pd.DataFrame(
        {
            "need": chosen.index[need_at],
            "resource": resources.index[resource_at],
            "requester": index[who],
            "provider": index[by],
            "need_category": rows["need_category"].to_numpy(),
            "resource_category": rows["resource_category"].to_numpy(),
            "capacity_total": resources["capacity"].to_numpy()[resource_at].astype(np.int64),
        }
    )
    tier, shared = _places_in_common(net, who, by, grid_position[need_at], is_grid[need_at])
    trust_hops, through = _trust_paths(graph.pattern, kind, who, by)
    urgency = chosen["urgency"].fillna(1).to_numpy(dtype=np.float64)[need_at]
    vulnerable = vulnerable_residents(net).reindex(chosen["requester"]).fillna(False).to_numpy(dtype=bool)
    capacity = table["capacity_total"].to_numpy(dtype=np.float64)
    largest = pd.Series(capacity).groupby(need_at).transform("max").to_numpy()

    components = {
        "fit": rows["fit"].to_numpy(),
        "proximity": np.array([PROXIMITY[t] for t in tier]) if len(tier) else np.zeros(0),
        "trust": np.where(trust_hops >= 0, 1.0 / np.maximum(trust_hops, 1), 0.0),
        "capacity": np.divide(capacity, largest, out=np.zeros_like(capacity), where=largest > 0),
        "urgency": (urgency - 1) / 4,
        "vulnerability": vulnerable[need_at].astype(np.float64),
    }
    table["score"] = sum(weights[c] * components[c] for c in COMPONENTS)
    for component in COMPONENTS:
        table[component] = components[component]
    table["place"] = tier
    table["hops"] = rows["hops"].to_numpy().astype(np.int64)
    table["trust_hops"] = pd.array(np.where(trust_hops >= 0, trust_hops, -1), dtype="Int64")
    table.loc[trust_hops < 0, "trust_hops"] = pd.NA
    ids = index.to_numpy(dtype=object)
    table["through"] = [tuple(ids[i] for i in path) for path in through]
    table["explanation_zh"], table["explanation_en"] = _explain(
        net, table, shared, through, urgency, vulnerable[need_at], taxonomy
    )
    table = table.sort_values(["need", "score", "resource"], ascending=[True, False, True], kind="stable")
    return table.set_index(["need", "resource"])


_EMPTY = pd.DataFrame(
    {
        "need": pd.Series(dtype=object),
        "resource": pd.Series(dtype=object),
        "requester": pd.Series(dtype=object),
        "provider": pd.Series(dtype=object),
        "need_category": pd.Series(dtype=object),
        "resource_category": pd.Series(dtype=object),
        "capacity_total": pd.Series(dtype=np.int64),
        "score": pd.Series(dtype=np.float64),
        **{c: pd.Series(dtype=np.float64) for c in COMPONENTS},
        "place": pd.Series(dtype=object),
        "hops": pd.Series(dtype=np.int64),
        "trust_hops": pd.Series(dtype="Int64"),
        "through": pd.Series(dtype=object),
        "explanation_zh": pd.Series(dtype=object),
        "explanation_en": pd.Series(dtype=object),
    }
).set_index(["need", "resource"])


def suggest(net: PartnerNetwork, need_id: str, top: int = 5, **options: object) -> pd.DataFrame:
    """The ranked, explained resources for one need: the first ``top`` rows of :func:`candidates`.

    Examples
    --------
    >>> import govgraph as gg
    >>> ranked = gg.suggest(gg.load_dataset("datun_north"), "FC-N0001", top=3)
    >>> len(ranked) <= 3 and list(ranked.index.names)
    ['need', 'resource']
    """
    if not isinstance(need_id, str):
        raise GovGraphError(f"need_id: expected a need id, got {need_id!r}")
    top = check_count(top, "top")
    return candidates(net, [need_id], **options).head(top)  # type: ignore[arg-type]


def _check_weights(weights: Mapping[str, float] | None) -> dict[str, float]:
    if weights is None:
        return dict(SCORE_WEIGHTS)
    if not isinstance(weights, Mapping):
        raise GovGraphError(f"weights: expected a mapping of component to weight, got {weights!r}")
    unknown = sorted(set(weights) - set(COMPONENTS))
    if unknown:
        raise GovGraphError(f"weights: unknown components {unknown}; expected some of {list(COMPONENTS)}")
    for key, value in weights.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value < np.inf:
            raise GovGraphError(f"weights[{key!r}]: expected a non-negative number, got {value!r}")
    return {c: float(weights.get(c, 0.0)) for c in COMPONENTS}


def check_needs(net: PartnerNetwork, needs: Iterable[str] | None) -> pd.DataFrame:
    table = net.needs
    if needs is None:
        return table
    if isinstance(needs, str) or not isinstance(needs, Iterable):
        raise GovGraphError(f"needs: expected a list of need ids, got {needs!r}")
    listed = pd.Index([str(n) for n in needs])
    missing = listed.difference(table.index)
    if len(missing):
        raise GovGraphError(f"needs: no need has the id(s) {list(missing[:10])}")
    if listed.has_duplicates:
        raise GovGraphError(
            f"needs: a need id is listed twice: {list(listed[listed.duplicated()].unique()[:10])}"
        )
    return table.loc[listed]


def _hops_between(pattern: sp.csr_array, sources: np.ndarray, targets: np.ndarray, limit: int) -> np.ndarray:
    """Dense sources x targets: ties on the shortest path, -1 beyond ``limit``."""
    hops = np.full((len(sources), len(targets)), -1, dtype=np.int64)
    if not len(sources) or not len(targets):
        return hops
    reach = within_hops(pattern, sources, 0)
    step = sp.csr_array(pattern + sp.eye_array(pattern.shape[0], format="csr"))
    for level in range(limit + 1):
        if level:
            reach = sp.csr_array(reach @ step)
            reach.data[:] = 1.0
        hit = reach[:, targets].toarray() > 0
        hops[hit & (hops < 0)] = level
    return hops


def _places_in_common(
    net: PartnerNetwork, who: np.ndarray, by: np.ndarray, own_grid: np.ndarray, has_grid: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The closest place requester and provider share (tier name per row) and its partner position."""
    partners, relations = net.partners, net.relations
    index = partners.index
    n = len(index)
    kind = partners["kind"].to_numpy()
    # Where each partner is: buildings it lives or sits in, grids (nested ones too), its community.
    sited = relations[relations["relation"].isin(["resides_in", "located_in"]).to_numpy()]
    source = index.get_indexer(sited["source"])
    target = index.get_indexer(sited["target"])
    building = kind[target] == "building"
    in_building = sp.csr_array((np.ones(building.sum()), (source[building], target[building])), shape=(n, n))
    sites = grids_sited(net, partners)
    rows_g, cols_g = index.get_indexer(sites.index), index.get_indexer(sites.to_numpy())
    keep = cols_g >= 0
    in_grid = sp.csr_array((np.ones(keep.sum()), (rows_g[keep], cols_g[keep])), shape=(n, n))

    same_building = _shared(in_building, who, by)
    same_grid = _shared(in_grid, who, by)
    community = partners["community"].to_numpy(dtype=object)
    same_community = pd.notna(community[who]) & (community[who] == community[by])
    tier = np.where(
        same_building >= 0,
        "building",
        np.where(same_grid >= 0, "grid", np.where(same_community, "community", "network")),
    )
    # Name the requester's own grid when the provider is in it.
    own = has_grid & (np.asarray(in_grid[by, np.maximum(own_grid, 0)]).ravel() > 0)
    same_grid = np.where(own, own_grid, same_grid)
    community_position = index.get_indexer(pd.Series(community[who]).fillna(""))
    shared = np.where(
        tier == "building", same_building, np.where(tier == "grid", same_grid, community_position)
    )
    return tier, shared


def _shared(membership: sp.csr_array, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Per row, one column both ``a`` and ``b`` rows hold (-1 when none)."""
    if not len(a):
        return np.zeros(0, dtype=np.int64)
    both = sp.csr_array(membership[a].multiply(membership[b]))
    found = np.diff(both.indptr) > 0
    first = np.full(len(a), -1, dtype=np.int64)
    first[found] = both.indices[both.indptr[:-1][found]]
    return first


def _trust_paths(pattern: sp.csr_array, kind: np.ndarray, who: np.ndarray, by: np.ndarray):
    """Ties from requester to provider (-1 beyond :data:`TRUST_HOPS`) and the partners on one such path."""
    pairs = pd.DataFrame({"who": who, "by": by})
    distinct = pairs.drop_duplicates().reset_index(drop=True)
    a, b = distinct["who"].to_numpy(), distinct["by"].to_numpy()
    n = pattern.shape[0]
    rank = np.array([_INTERMEDIARY_RANK.get(k, 1) for k in kind], dtype=np.float64)
    adjacent = sp.csr_array(pattern)
    ball1 = sp.csr_array(adjacent + sp.eye_array(n, format="csr"))
    ball1.data[:] = 1.0
    ends = np.unique(np.concatenate([a, b]))
    ball2_rows = sp.csr_array(ball1[ends] @ ball1)
    ball2_rows.data[:] = 1.0
    at = pd.Series(np.arange(len(ends)), index=ends)
    ball2_a = ball2_rows[at[a].to_numpy()] if len(a) else ball2_rows[:0]
    ball2_b = ball2_rows[at[b].to_numpy()] if len(b) else ball2_rows[:0]

    def meets(x: sp.csr_array, y: sp.csr_array) -> sp.csr_array:
        return sp.csr_array(x.multiply(y))

    def pick(m: sp.csr_array) -> np.ndarray:
        """Per row, the highest-ranked partner in it (-1 for an empty row)."""
        best = np.full(m.shape[0], -1, dtype=np.int64)
        found = np.diff(m.indptr) > 0
        if found.any():
            # argmax keeps the first (lowest) column among equal ranks.
            ranked = sp.csr_array(m.multiply(rank[None, :]))
            ranked.sort_indices()
            best[found] = np.asarray(ranked.argmax(axis=1)).ravel()[found]
        return best

    distance = np.full(len(a), -1, dtype=np.int64)
    paths: list[tuple[int, ...]] = [()] * len(a)
    distance[a == b] = 0
    direct = np.asarray(adjacent[a, b]).ravel() > 0 if len(a) else np.zeros(0, dtype=bool)
    distance[(distance < 0) & direct] = 1
    two = meets(ball1[a], ball1[b])
    open_ = distance < 0
    at_two = open_ & (np.diff(two.indptr) > 0)
    distance[at_two] = 2
    three = meets(ball2_a, ball1[b])
    at_three = (distance < 0) & (np.diff(three.indptr) > 0)
    distance[at_three] = 3
    four = meets(ball2_a, ball2_b)
    at_four = (distance < 0) & (np.diff(four.indptr) > 0)
    distance[at_four] = 4

    rows = np.flatnonzero(at_two)
    for r, m in zip(rows, pick(two[rows])):
        paths[r] = (m,)
    rows = np.flatnonzero(at_three)
    if len(rows):
        first = pick(meets(adjacent[a[rows]], ball2_rows[at[b[rows]].to_numpy()]))
        second = pick(meets(adjacent[first], adjacent[b[rows]]))
        for r, x, y in zip(rows, first, second):
            paths[r] = (x, y)
    rows = np.flatnonzero(at_four)
    for r, m in zip(rows, pick(four[rows])):
        paths[r] = (m,)

    distinct["distance"] = distance
    distinct["path"] = paths
    merged = pairs.merge(distinct, on=["who", "by"], how="left")
    return merged["distance"].to_numpy(), merged["path"].tolist()


def _explain(
    net: PartnerNetwork,
    table: pd.DataFrame,
    shared: np.ndarray,
    through: list[tuple[int, ...]],
    urgency: np.ndarray,
    vulnerable: np.ndarray,
    taxonomy: Taxonomy,
) -> tuple[list[str], list[str]]:
    """One Chinese and one English sentence per candidate row."""
    partners, relations = net.partners, net.relations
    names = partners["name"].to_numpy(dtype=object)
    leads = relations[(relations["relation"] == "leads").to_numpy()]
    committee_of = dict(zip(leads["target"], leads["source"]))
    partnered = relations[(relations["relation"] == "partners_with").to_numpy()]
    community_partners = set(zip(partnered["source"], partnered["target"])) | set(
        zip(partnered["target"], partnered["source"])
    )
    community = partners["community"].reindex(table["requester"]).to_numpy(dtype=object)
    community_name = partners["name"].reindex(pd.Series(community).fillna("")).to_numpy(dtype=object)
    zh_rows, en_rows = [], []
    columns = ["need_category", "resource_category", "place", "hops", "provider", "trust_hops"]
    rows = zip(*(table[c].to_numpy(dtype=object) for c in columns))
    for i, (need_cat, given_cat, place, hops, provider, trust_hops) in enumerate(rows):
        zh, en = [], []
        if need_cat == given_cat:
            zh.append("同类服务")
            en.append("same category")
        else:
            zh.append(f"{_zh(taxonomy, given_cat)}可解决{_zh(taxonomy, need_cat)}")
            en.append(f"{_en(taxonomy, given_cat)} answers {_en(taxonomy, need_cat)}")
        place_name = names[shared[i]] if shared[i] >= 0 else ""
        if place == "building":
            zh.append(f"同楼（{place_name}）")
            en.append(f"same building ({place_name})")
        elif place == "grid":
            zh.append(f"同网格（{place_name}）")
            en.append(f"same grid ({place_name})")
        elif place == "community":
            zh.append(f"同社区（{place_name}）")
            en.append(f"same community ({place_name})")
        else:
            zh.append(f"相距{hops}步")
            en.append(f"{hops} ties away")
        committee = committee_of.get(community[i])
        if committee is not None and (provider, committee) in community_partners:
            zh.append(f"服务方是{community_name[i]}的共建伙伴")
            en.append(f"provider is a community partner of {community_name[i]}")
        if through[i]:
            via = [str(names[p]) for p in through[i]]
            zh.append(f"经由{'、'.join(via)}联系")
            en.append(f"reached through {', '.join(via)}")
        elif trust_hops is not pd.NA and trust_hops == 1:
            zh.append("双方直接相识")
            en.append("requester and provider are directly tied")
        if urgency[i] >= 4:
            zh.append(f"紧急（{int(urgency[i])}级）")
            en.append(f"urgent ({int(urgency[i])})")
        if vulnerable[i]:
            zh.append("困难群体优先")
            en.append("vulnerable requester")
        zh_rows.append("；".join(zh))
        en_rows.append("; ".join(en))
    return zh_rows, en_rows


def _zh(taxonomy: Taxonomy, key: str) -> str:
    category = taxonomy.categories.get(key)
    return category.zh if category else key


def _en(taxonomy: Taxonomy, key: str) -> str:
    category = taxonomy.categories.get(key)
    return category.en.lower() if category else key
