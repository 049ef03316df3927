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

from govgraph.errors import GovGraphError
from govgraph.matching.trust import trust_paths
from govgraph.model.checks import check_count, check_network
from govgraph.model.network import PartnerNetwork
from govgraph.model.places import placement, shown_names, vulnerable_residents
from govgraph.model.taxonomy import Taxonomy, check_taxonomy

__all__ = ["COMPONENTS", "SCORE_WEIGHTS", "candidates", "check_needs", "suggest"]

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


def candidates(
    net: PartnerNetwork,
    *,
    needs: Iterable[str] | None = None,
    hops: int = 3,
    score_weights: Mapping[str, float] | None = None,
    taxonomy: Taxonomy | None = None,
    names: bool = False,
) -> pd.DataFrame:
    """Every feasible (need, resource) pair, with its score, the components and an explanation.

    A resource is feasible for a need when its category answers the need's
    category (see :data:`govgraph.TAXONOMY`) and its provider is at most
    ``hops`` ties from the need's place: the requester's innermost grid (see
    ``net.places``; the requester itself when it has none). From a grid, 3
    ties reach the merchants located in it, the community's service station
    and property manager, and the partners of its community's party committee.

    Parameters
    ----------
    net : PartnerNetwork
    needs : iterable of str, optional
        Need ids to consider (default: every need).
    hops : int
        How far from the need's place a provider may be.
    score_weights : mapping, optional
        Weight of each component in :data:`COMPONENTS` (default
        :data:`SCORE_WEIGHTS`); components left out weigh 0.
    taxonomy : Taxonomy, optional
        Which resource categories answer which needs (default: the
        network's, ``net.schema.taxonomy``).
    names : bool
        Name residents in the explanations; by default a resident on a
        trust path appears by role and place (``居民 resident · 3号楼``), as
        personal data should in anything a coordinator passes on.

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
        (the closest place requester and provider share: ``building``,
        ``grid``, ``community``, or ``network`` when none), ``hops`` (need's
        place to provider), ``trust_hops`` (missing beyond
        :data:`TRUST_HOPS`), ``through`` (ids of the partners on one
        shortest trust path, party organisations first), ``explanation_zh``
        and ``explanation_en``.

    Raises
    ------
    GovGraphError
        For unknown or repeated need ids, score weights that are not
        non-negative numbers or name unknown components, or ``hops`` below 1.

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
    hops = check_count(hops, "hops")
    weights = _check_weights(score_weights)
    taxonomy = check_taxonomy(taxonomy, net.schema.taxonomy)
    chosen = check_needs(net, needs)
    partners = net.partners
    index = partners.index
    graph = net.ties(weight=None)
    found = placement(net)

    requester = index.get_indexer(chosen["requester"])
    place = np.where(found.grid[requester] >= 0, found.grid[requester], requester)

    resources = net.resources
    provider = index.get_indexer(resources["provider"])
    places, place_code = np.unique(place, return_inverse=True)
    providers, provider_code = np.unique(provider, return_inverse=True)
    distance = graph.hops_between(places, providers, hops)

    # (place, resource) within reach, widened to every need category the resource answers.
    near_place, near_provider = np.nonzero(distance >= 0)
    by_provider = pd.DataFrame({"provider": provider_code, "resource": np.arange(len(resources))})
    reach = pd.DataFrame(
        {"place": near_place, "provider": near_provider, "hops": distance[near_place, near_provider]}
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
    tier, shared = _places_in_common(net, who, by)
    trust_hops, through = trust_paths(net, who, by)
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
        net, table, shared, through, urgency, vulnerable[need_at], taxonomy, names
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


def suggest(net: PartnerNetwork, need: str, *, top: int = 5, **options: object) -> pd.DataFrame:
    """The ranked, explained resources for one need: the first ``top`` rows of :func:`candidates`.

    ``options`` are those of :func:`candidates` (``hops``, ``score_weights``, ``taxonomy``).

    Examples
    --------
    >>> import govgraph as gg
    >>> ranked = gg.suggest(gg.load_dataset("datun_north"), "FC-N0001", top=3)
    >>> len(ranked) <= 3 and list(ranked.index.names)
    ['need', 'resource']
    """
    if not isinstance(need, str):
        raise GovGraphError(f"need: expected a need id, got {need!r}")
    top = check_count(top, "top")
    return candidates(net, needs=[need], **options).head(top)  # type: ignore[arg-type]


def _check_weights(weights: Mapping[str, float] | None) -> dict[str, float]:
    if weights is None:
        return dict(SCORE_WEIGHTS)
    if not isinstance(weights, Mapping):
        raise GovGraphError(f"score_weights: expected a mapping of component to weight, got {weights!r}")
    unknown = sorted(set(weights) - set(COMPONENTS))
    if unknown:
        raise GovGraphError(
            f"score_weights: unknown components {unknown}; expected some of {list(COMPONENTS)}"
        )
    for key, value in weights.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value < np.inf:
            raise GovGraphError(f"score_weights[{key!r}]: expected a non-negative number, got {value!r}")
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


def _places_in_common(net: PartnerNetwork, who: np.ndarray, by: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The closest place requester and provider share (its tier per row) and its position (-1 for none).

    Grids are shared through nesting: two partners of the micro grids of one
    large grid share the large grid.
    """
    found = placement(net)
    building_a, building_b = found.building[who], found.building[by]
    chain_a, chain_b = found.grid_chain[who], found.grid_chain[by]
    common = (chain_a[:, :, None] == chain_b[:, None, :]).any(axis=2) & (chain_a >= 0)
    shared_grid = np.where(common.any(axis=1), chain_a[np.arange(len(who)), common.argmax(axis=1)], -1)
    community = found.community[who]
    same_community = (community >= 0) & (community == found.community[by])
    same_building = (building_a >= 0) & (building_a == building_b)
    tier = np.where(
        same_building,
        "building",
        np.where(shared_grid >= 0, "grid", np.where(same_community, "community", "network")),
    )
    shared = np.where(same_building, building_a, np.where(shared_grid >= 0, shared_grid, community))
    return tier, shared


def _explain(
    net: PartnerNetwork,
    table: pd.DataFrame,
    shared: np.ndarray,
    through: list[tuple[int, ...]],
    urgency: np.ndarray,
    vulnerable: np.ndarray,
    taxonomy: Taxonomy,
    real_names: bool,
) -> tuple[list[str], list[str]]:
    """One Chinese and one English sentence per candidate row."""
    partners, relations, schema = net.partners, net.relations, net.schema
    names = shown_names(net, names=real_names).to_numpy(dtype=object)
    places = net.places
    # The community party organisations of each community, and who partners with them (共建).
    committees = places.loc[partners["kind"].isin(schema.kinds_with("community_party")), "community"]
    committees_of = committees.dropna().groupby(committees.dropna()).groups
    partnered = relations[relations["relation"].isin(schema.relations_with("partnership")).to_numpy()]
    community_partners = set(zip(partnered["source"], partnered["target"])) | set(
        zip(partnered["target"], partnered["source"])
    )
    community = places["community"].reindex(table["requester"]).to_numpy(dtype=object)
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
        if place in _SAME_PLACE:
            same_zh, same_en = _SAME_PLACE[place]
            zh.append(f"{same_zh}（{place_name}）")
            en.append(f"{same_en} ({place_name})")
        else:
            zh.append(f"相距{hops}步")
            en.append(f"{hops} ties away")
        committee = committees_of.get(community[i], ())
        if any((provider, c) in community_partners for c in committee):
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


_SAME_PLACE = {
    "building": ("同楼", "same building"),
    "grid": ("同网格", "same grid"),
    "community": ("同社区", "same community"),
}


def _zh(taxonomy: Taxonomy, key: str) -> str:
    category = taxonomy.categories.get(key)
    return category.label_zh if category else key


def _en(taxonomy: Taxonomy, key: str) -> str:
    category = taxonomy.categories.get(key)
    return category.label_en if category else key
