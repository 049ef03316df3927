"""The network as an interactive page that works offline: pyvis nodes and edges, one self-contained file.

Coordinators open the page on office machines without internet access, so
vis-network and every style are inlined and nothing is fetched (the page's
Content-Security-Policy forbids it). Every string from the data goes into the
page as JSON inside a ``<script type="application/json">`` element with
``</`` escaped, and is shown with ``textContent`` or in vis-network's canvas
and tooltips (plain text), so a partner named ``<script>`` is only a name.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from string import Template
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from govgraph.errors import GovGraphError
from govgraph.model.checks import check_choice, check_count, check_network
from govgraph.model.files import output_file
from govgraph.model.glossary import GLOSSARY, LANGUAGES, Words, language_of
from govgraph.model.network import PartnerNetwork
from govgraph.model.places import shown_names
from govgraph.viz.layout import places_layout

if TYPE_CHECKING:
    from pyvis.network import Network

__all__ = ["LAYOUTS", "MAX_NODES", "NetworkPage", "network_page", "network_view", "save_html"]

#: Above this many partners a view folds partners into their containers (residents into buildings first).
MAX_NODES = 5_000
#: ``"places"``: positions by community, grid and building, no physics;
#: ``"force"``: those positions as the start of vis-network's physics, which stops once settled.
LAYOUTS = ("places", "force")
#: Never folded: the places of these levels, which everything else is folded into.
_UNFOLDED_LEVELS = ("community", "grid")
_PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f")
_OTHER_COLOR = "#888888"
_ROLE_COLUMNS = ("role_zh", "role")


def network_view(
    net: PartnerNetwork,
    *,
    color_by: str = "kind",
    size_by: str | pd.Series | None = None,
    label_by: str = "name",
    highlight: Iterable[str] | None = None,
    layout: str | Mapping[str, tuple[float, float]] | pd.DataFrame = "places",
    max_nodes: int = MAX_NODES,
    measures: pd.DataFrame | None = None,
    names: bool = False,
    lang: str | None = None,
) -> Network:
    """A pyvis ``Network`` of the partners, coloured, sized and labelled from their attributes.

    Parameters
    ----------
    net : PartnerNetwork
    color_by : str
        ``"kind"`` (the schema's colours, with its bilingual legend) or any
        column of the partners or of ``measures`` (one colour per value).
    size_by : str or Series, optional
        A numeric column of the partners or of ``measures``, or a Series by
        partner id (e.g. ``gg.centrality(net)["pagerank"]``); sizes scale
        from 8 to 40. Default: every partner the same size.
    label_by : str
        The partner column written on each node.
    highlight : iterable of str, optional
        Partner ids drawn with a thick dark border.
    layout : {"places", "force"} or mapping or DataFrame
        ``"places"`` (default) positions partners by community, grid and
        building, with physics off: thousands of partners are usable at
        once. ``"force"`` starts vis-network's physics from those positions
        and stops it once it has settled. A mapping of id to ``(x, y)`` or a
        frame with ``x`` and ``y`` columns (e.g. from
        ``networkx.spring_layout``, any scale) places partners yourself;
        partners it leaves out are placed by place.
    max_nodes : int
        Above this many partners the view folds partners into their
        containers until it fits: residents into their buildings first, then
        the next most numerous kind, and so on (communities and grids are
        never folded). A folded partner's relations are drawn to its
        container, and each container's tooltip counts what it holds.
    measures : DataFrame, optional
        Numeric columns by partner id (e.g. a :func:`govgraph.centrality`
        table) shown in every tooltip and usable by ``color_by`` and ``size_by``.
    lang : {"zh", "en", "both"}, optional
        Language of the legend, tooltips and controls (default: ``"zh"``
        when most names in the data are Chinese, else ``"en"``).
    names : bool
        Show residents' names; by default a resident appears by role and
        place (``居民 · 3号楼``), as personal data should.

    Returns
    -------
    pyvis.network.Network
        ``view.nodes`` carry ``x`` and ``y``; every relation is one edge
        (parallel relations are kept). ``view.govgraph`` holds what the
        page needs besides: the legend, the note on what was folded, and
        whether physics runs.

    Raises
    ------
    GovGraphError
        For a column that is not there, an unknown layout, positions that
        are not finite numbers, or ``max_nodes`` below 1.

    Examples
    --------
    >>> import govgraph as gg
    >>> net = gg.load_dataset("datun_north")
    >>> view = gg.viz.network_view(net)
    >>> distinct = net.relations.drop_duplicates(["source", "target", "relation"])
    >>> len(view.nodes) == len(net.partners), len(view.edges) == len(distinct)
    (True, True)
    >>> small = gg.viz.network_view(net, max_nodes=2_500)
    >>> len(small.nodes), small.govgraph["note"]
    (2075, '1,806 居民已合并到所在位置显示')
    """
    from pyvis.network import Network  # imported here: the page itself does not need pyvis

    data = _view_data(
        net,
        color_by=color_by,
        size_by=size_by,
        label_by=label_by,
        highlight=highlight,
        layout=layout,
        max_nodes=max_nodes,
        measures=measures,
        names=names,
        lang=lang,
    )
    view = Network(height="100%", width="100%", directed=False, cdn_resources="local")
    view.nodes = data.pop("nodes")
    view.edges = data.pop("edges")
    view.node_ids = [node["id"] for node in view.nodes]
    view.node_map = {node["id"]: node for node in view.nodes}
    view.govgraph = data  # type: ignore[attr-defined]
    return view


def _view_data(
    net: PartnerNetwork,
    *,
    color_by: str = "kind",
    size_by: str | pd.Series | None = None,
    label_by: str = "name",
    highlight: Iterable[str] | None = None,
    layout: str | Mapping[str, tuple[float, float]] | pd.DataFrame = "places",
    max_nodes: int = MAX_NODES,
    measures: pd.DataFrame | None = None,
    names: bool = False,
    lang: str | None = None,
) -> dict[str, Any]:
    """What a view shows, as plain data: nodes, edges, legend, filters, words, note, whether physics runs."""

    net = check_network(net)
    words = Words(
        language_of(net.partners["name"]) if lang is None else check_choice(lang, LANGUAGES, "lang")
    )
    max_nodes = check_count(max_nodes, "max_nodes")
    places = net.places
    partners = net.partners.assign(community=places["community"], grid=places["grid"])
    table = _with_measures(partners, measures)
    for name, column in (("color_by", color_by), ("label_by", label_by)):
        if not isinstance(column, str) or column not in table.columns:
            raise GovGraphError(f"{name}: expected a column of the partners or measures, got {column!r}")
    parent = places["container"]
    positions = _positions(net, layout, parent)
    shown, folded_into, note = _fold(net, parent, max_nodes, words)
    holdings = _holdings(net, folded_into)
    table = table.loc[shown]
    colours, legend = _colours(net, table, color_by, words)
    sizes = _sizes(table, size_by)
    marked = set() if highlight is None else {str(h) for h in highlight}
    labels = _labels(net, table, label_by, names, words)
    tooltips = _tooltips(
        net,
        table,
        labels if label_by == "name" else _labels(net, table, "name", names, words),
        measures,
        holdings,
        words,
    )
    xy = positions.reindex(table.index).to_numpy(dtype=np.float64)
    kinds = table["kind"].tolist()
    rank = _label_rank(net)
    communities = [_text(c) for c in table["community"].tolist()]
    chains = places["grid_chain"].reindex(table.index).tolist()
    nodes = [
        {
            "id": pid,
            "label": labels[i],
            "title": tooltips[i],
            "color": {"background": colours[i], "border": "#222222" if pid in marked else colours[i]},
            "borderWidth": 5 if pid in marked else 1,
            "size": float(sizes[i]),
            "group": kinds[i],
            "community": communities[i],
            "grids": list(chains[i]) if isinstance(chains[i], tuple) else [],
            "rank": rank.get(kinds[i], len(rank)),
            "x": float(xy[i, 0]),
            "y": float(xy[i, 1]),
            "shape": "dot",
        }
        for i, pid in enumerate(table.index)
    ]
    kinds = net.schema.kinds
    items, links, together = _taking_part(net, folded_into, positions, words)
    return {
        "nodes": nodes,
        "edges": _edges(net, folded_into, words),
        "items": items,
        "item_legend": [
            {
                "label": words.pick(label_zh, label_en),
                "color": _ITEM_STYLE[name][1],
                "shape": _ITEM_STYLE[name][0],
            }
            for name, label_zh, label_en in (
                ("activities", "活动", "activity"),
                ("projects", "项目", "project"),
            )
            if len(getattr(net, name))
        ],
        "links": links,
        "together": together,
        "legend": legend,
        "kinds": [
            {"value": k, "label": words.term(kinds[k]) if k in kinds else str(k)}
            for k in sorted(table["kind"].unique())
        ],
        "communities": _places_of(net, table, "community", words),
        "grids": _places_of(net, table, "grid", words),
        "note": note,
        "physics": layout == "force",
        "words": _page_words(words),
        "lang": words.lang,
    }


def _label_rank(net: PartnerNetwork) -> dict[str, int]:
    """Whose label the page draws first where labels would overlap: communities and their party
    committees, then grids and their branches, then buildings; everyone else after (largest first)."""
    schema = net.schema
    order = [
        schema.kinds_at("community"),
        schema.kinds_with("community_party"),
        schema.kinds_at("grid"),
        schema.kinds_with("grid_party"),
        schema.kinds_at("building"),
    ]
    rank: dict[str, int] = {}
    for position, kinds in enumerate(order):
        for kind in kinds:
            rank.setdefault(kind, position)
    return rank


def _places_of(net: PartnerNetwork, table: pd.DataFrame, level: str, words: Words) -> list[dict[str, object]]:
    """The communities or grids of the shown partners, by name (with their community's name when grids of
    several communities share one), for the filters."""
    names = net.partners["name"]
    places = net.places
    if level == "community":
        found = sorted({c for c in table["community"].dropna()})
    else:
        found = sorted(
            {
                g
                for chain in places["grid_chain"].reindex(table.index)
                if isinstance(chain, tuple)
                for g in chain
            }
        )
    several = places["community"].nunique() > 1
    options = []
    for place in found:
        label = _text(names.get(place)) or str(place)
        if level == "grid" and several:
            community = places["community"].get(place)
            prefix = _text(names.get(community)) if isinstance(community, str) else ""
            label = f"{prefix} · {label}" if prefix else label
        chain = places["grid_chain"].get(place)
        depth = len(chain) - 1 if isinstance(chain, tuple) and level == "grid" else 0
        options.append({"value": str(place), "label": label, "depth": depth})
    return sorted(
        options, key=lambda o: (str(o["label"]).split(" · ")[0], _nested_key(places, str(o["value"]), names))
    )


def _nested_key(places: pd.DataFrame, grid: str, names: pd.Series) -> tuple[str, ...]:
    """Sort key putting a grid after the grid holding it: the names along its chain, outermost first."""
    chain = places["grid_chain"].get(grid)
    chain = chain if isinstance(chain, tuple) else (grid,)
    return tuple(_text(names.get(g)) or g for g in reversed(chain))


def _page_words(words: Words) -> dict[str, str]:
    """Every word the page's controls show."""
    pick = words.pick
    return {
        "search": pick("搜索姓名或名称，回车聚焦", "search a name, Enter to focus"),
        "all_kinds": pick("全部类型", "all kinds"),
        "all_communities": pick("全部社区", "all communities"),
        "all_grids": pick("全部网格", "all grids"),
        "legend": pick("图例", "legend"),
        "focus": pick("只看其周边", "focus on it"),
        "ties1": pick("1 层联系", "1 tie"),
        "ties2": pick("2 层联系", "2 ties"),
        "back": pick("返回全图", "back to the whole network"),
        "png": pick("导出图片", "save as PNG"),
        "shown": pick("显示", "shown"),
        "of": pick("共", "of"),
        "around": pick("周边", "around"),
        "none": pick("没有找到", "nothing found"),
        "fit": pick("适应屏幕", "fit to screen"),
        "layer_relations": pick("显示：合伙人关系", "show: relations"),
        "layer_items": pick("显示：关系 + 活动与项目", "show: relations + activities and projects"),
        "layer_together": pick("显示：共同参与活动", "show: who takes part together"),
    }


@dataclass(frozen=True)
class NetworkPage:
    """One self-contained HTML page of a network view: ``.html`` is the page, ``.save(path)`` writes it.

    In Jupyter the page shows inline (in a sandboxed frame), with nothing fetched.
    """

    html: str = field(repr=False)
    nodes: int
    edges: int
    note: str

    def save(self, path: str | Path) -> Path:
        """Write the page to ``path`` (UTF-8) and return the path."""
        path = output_file(path)
        path.write_text(self.html, encoding="utf-8")
        return path

    def _repr_html_(self) -> str:
        return (
            f'<iframe srcdoc="{html.escape(self.html, quote=True)}" sandbox="allow-scripts" '
            'style="width: 100%; height: 640px; border: 1px solid #ddd;"></iframe>'
        )


def network_page(net: PartnerNetwork, *, title: str | None = None, **options: object) -> NetworkPage:
    """The network page: vis-network, styles and data inlined, with a legend, search and filters.

    Options are those of :func:`network_view`. The page has a bilingual
    legend of kinds, a search box (by name or id) and filters by kind and
    community; under ``layout="force"`` physics stops once the layout has
    settled. ``title`` defaults to the number of partners shown.
    """
    data = _view_data(net, **options)  # type: ignore[arg-type]
    spec = find_spec("pyvis")
    assets = Path(next(iter(spec.submodule_search_locations or []))) / "lib" / "vis-9.1.2"  # type: ignore[union-attr]
    page = page_template("network.html").substitute(
        style=(assets / "vis-network.css").read_text(encoding="utf-8"),
        script=(assets / "vis-network.min.js").read_text(encoding="utf-8"),
        data=script_json(data),
        title=html.escape(title or f"govgraph · {len(data['nodes']):,}"),
        lang="en" if data["lang"] == "en" else "zh-CN",
    )
    return NetworkPage(page, len(data["nodes"]), len(data["edges"]), data["note"])


def save_html(net: PartnerNetwork, path: str | Path, *, title: str | None = None, **options: object) -> Path:
    """Write the network page (see :func:`network_page`) to ``path``: one HTML file that needs no network.

    Examples
    --------
    >>> import tempfile, pathlib, govgraph as gg
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> path = gg.viz.save_html(gg.load_dataset("datun_north"), folder / "network.html", size_by="households")
    >>> page = path.read_text(encoding="utf-8")
    >>> "<script src" in page or "<link" in page
    False
    """
    return network_page(net, title=title, **options).save(path)


@cache
def page_template(name: str) -> Template:
    """One of the page templates shipped in ``govgraph/viz/templates/`` (``$name`` placeholders)."""
    return Template((Path(__file__).parent / "templates" / name).read_text(encoding="utf-8"))


def script_json(value: object) -> str:
    """JSON that is safe inside a ``<script>`` element: no ``</``, ``<!--`` or line separator breaks out."""
    text = json.dumps(value, ensure_ascii=False, allow_nan=False)
    for raw, escaped in (
        ("</", "<\\/"),
        ("<!--", "\\u003c!--"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(raw, escaped)
    return text


def _text(value: object) -> str:
    return (
        ""
        if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value))
        else str(value)
    )


def _with_measures(partners: pd.DataFrame, measures: pd.DataFrame | None) -> pd.DataFrame:
    if measures is None:
        return partners
    if not isinstance(measures, pd.DataFrame):
        raise GovGraphError(f"measures: expected a DataFrame by partner id, got {type(measures).__name__}")
    if not measures.index.is_unique:
        raise GovGraphError("measures: partner ids repeat in the index")
    new = measures.drop(columns=[c for c in measures.columns if c in partners.columns])
    return partners.join(new)


def _positions(
    net: PartnerNetwork, layout: str | Mapping[str, tuple[float, float]] | pd.DataFrame, parent: pd.Series
) -> pd.DataFrame:
    same = parent.equals(net.places["container"])
    placed = places_layout(net) if same else places_layout(net, parent=parent)
    if isinstance(layout, str):
        check_choice(layout, LAYOUTS, "layout")
        return placed
    if isinstance(layout, pd.DataFrame):
        if not {"x", "y"} <= set(layout.columns):
            raise GovGraphError("layout: a frame of positions needs columns 'x' and 'y'")
        given = layout[["x", "y"]]
    elif isinstance(layout, Mapping):
        given = pd.DataFrame.from_dict({str(k): tuple(v) for k, v in layout.items()}, orient="index")
        if given.shape[1] != 2:
            raise GovGraphError("layout: expected (x, y) for every partner id")
        given.columns = ["x", "y"]
    else:
        raise GovGraphError(
            f"layout: expected one of {LAYOUTS}, a mapping or a frame, got {type(layout).__name__}"
        )
    values = given.apply(pd.to_numeric, errors="coerce").reindex(net.partners.index).dropna(how="all")
    if not np.isfinite(values.to_numpy(dtype=np.float64)).all():
        raise GovGraphError("layout: positions must be finite numbers")
    if values.empty:
        return placed
    # Scale the given positions to the size of the places layout so node sizes fit either.
    span = float(np.ptp(values.to_numpy(), axis=0).max()) or 1.0
    target = float(np.ptp(placed.to_numpy(), axis=0).max()) or 1.0
    scaled = (values - values.mean()) * (target / span)
    placed.loc[scaled.index] = scaled.round(1).to_numpy()
    return placed


def _fold(
    net: PartnerNetwork, parent: pd.Series, max_nodes: int, words: Words
) -> tuple[pd.Index, pd.Series, str]:
    """The partners shown, where each hidden partner is drawn instead, and a note saying so."""
    partners = net.partners
    folded_into = pd.Series(partners.index, index=partners.index, dtype=object)
    if len(partners) <= max_nodes:
        return partners.index, folded_into, ""
    kinds = partners["kind"]
    hidden = pd.Series(False, index=partners.index)
    folded: list[str] = []
    unfolded = {k for level in _UNFOLDED_LEVELS for k in net.schema.kinds_at(level)}
    for kind in kinds[parent.notna()].value_counts().index:
        if (~hidden).sum() <= max_nodes:
            break
        if kind in unfolded:
            continue
        foldable = (kinds == kind) & parent.notna()
        hidden |= foldable
        folded.append(f"{int(foldable.sum()):,} {words.term(net.schema.kinds[kind])}")
    # Each hidden partner is drawn as its nearest shown container.
    target = parent.where(hidden).astype(object)
    while True:
        still = target.notna() & target.map(hidden).fillna(False).astype(bool)
        if not still.any():
            break
        target[still] = parent.reindex(target[still].to_numpy()).to_numpy()
    folded_into[hidden] = target[hidden]
    shown = partners.index[~hidden.to_numpy()]
    note = words.pick(
        f"{'、'.join(folded)}已合并到所在位置显示", f"{', '.join(folded)} folded into their places"
    )
    return shown, folded_into, note


def _holdings(net: PartnerNetwork, folded_into: pd.Series) -> pd.DataFrame:
    """Per shown partner, how many partners of each kind are folded into it."""
    hidden = folded_into[folded_into.to_numpy() != folded_into.index.to_numpy()]
    if hidden.empty:
        return pd.DataFrame()
    kinds = net.partners["kind"].reindex(hidden.index)
    return pd.crosstab(hidden.to_numpy(), kinds.to_numpy())


def _edges(net: PartnerNetwork, folded_into: pd.Series, words: Words) -> list[dict[str, object]]:
    """One edge per pair and relation kind: parallel relations (a visit on each of several days) and the
    relations of folded partners, moved to their containers, merge into one edge with their count."""
    relations = net.relations
    labels = {key: words.term(kind) for key, kind in net.schema.relations.items()}
    source = relations["source"].map(folded_into)
    target = relations["target"].map(folded_into)
    frame = pd.DataFrame({"from": source, "to": target, "relation": relations["relation"]})
    counts = frame[(source != target).to_numpy()].value_counts(sort=False)
    return [
        {"from": a, "to": b, "title": labels.get(r, r)}
        if n == 1
        else {
            "from": a,
            "to": b,
            "title": f"{labels.get(r, r)} × {n}",
            "width": float(min(1 + np.log2(n), 8)),
        }
        for (a, b, r), n in counts.items()
    ]


#: How the page draws activities and projects when they are shown as nodes.
_ITEM_STYLE = {"activities": ("square", "#d37295"), "projects": ("diamond", "#8f6d31")}


def _taking_part(
    net: PartnerNetwork, folded_into: pd.Series, positions: pd.DataFrame, words: Words
) -> tuple[list[dict[str, object]], list[dict[str, object]], list[dict[str, object]]]:
    """What the page's second layers draw: activities and projects as nodes beside their place, the links of
    partners to them, and the co-participation projection (partners who take part in the same
    activities or projects, one edge per pair with how many they share)."""
    links = net.links
    links = links[links["source"].isin(folded_into.index)]
    partners = links["source"].map(folded_into)
    places = net.places
    relation_words = {key: words.term(kind) for key, kind in net.schema.relations.items()}
    items: list[dict[str, object]] = []
    drawn: list[dict[str, object]] = []
    for name, (shape, colour) in _ITEM_STYLE.items():
        table = getattr(net, name)
        if table.empty:
            continue
        kind_words = net.schema.activity_kinds if name == "activities" else net.schema.project_statuses
        label = words.pick("活动", "activity") if name == "activities" else words.pick("项目", "project")
        joined = links["target"].isin(table.index).to_numpy()
        who = pd.DataFrame(
            {"item": links["target"][joined].to_numpy(), "partner": partners[joined].to_numpy()}
        )
        sited = table["place"].astype(object).map(folded_into).where(table["place"].isin(folded_into.index))
        first = who.drop_duplicates("item").set_index("item")["partner"].astype(object)
        anchor = sited.astype(object).fillna(first.reindex(table.index))
        at = positions.reindex(anchor.to_numpy()).to_numpy(dtype=np.float64)
        count = who.drop_duplicates().groupby("item").size().reindex(table.index, fill_value=0)
        for i, (item, row) in enumerate(table.iterrows()):
            if not np.isfinite(at[i]).all():
                continue  # sited nowhere and nobody shown takes part
            angle = 2.399963 * i  # the golden angle spreads the items of one place around it
            place = anchor.iloc[i]
            kind = row["kind"] if name == "activities" else row["status"]
            lines = [f"{label} · {_text(row['name'])}"]
            if isinstance(kind, str) and kind in kind_words:
                lines.append(words.term(kind_words[kind]))
            day = row["date"] if name == "activities" else row["start"]
            if pd.notna(day):
                lines.append(pd.Timestamp(day).strftime("%Y-%m-%d"))
            lines.append(
                words.pick(f"参与的合伙人：{count.iloc[i]}", f"partners taking part: {count.iloc[i]}")
            )
            items.append(
                {
                    "id": f"{name}:{item}",
                    "label": _text(row["name"]),
                    "title": "\n".join(lines),
                    "shape": shape,
                    "color": {"background": colour, "border": colour},
                    "size": 12.0,
                    "group": name,
                    "community": _text(places["community"].get(place)),
                    "grids": list(places["grid_chain"].get(place) or ()),
                    "rank": 0,
                    "x": float(at[i, 0] + 40 * np.cos(angle) * (1 + i % 3)),
                    "y": float(at[i, 1] + 40 * np.sin(angle) * (1 + i % 3)),
                }
            )
        shown = {str(entry["id"]) for entry in items}
        relations = who.assign(relation=links["relation"][joined].to_numpy()).drop_duplicates()
        for item, partner, relation in relations.itertuples(index=False):
            if f"{name}:{item}" in shown:
                drawn.append(
                    {"from": partner, "to": f"{name}:{item}", "title": relation_words.get(relation, relation)}
                )
    return items, drawn, _co_participation(links["target"].to_numpy(), partners.to_numpy(), words)


def _co_participation(items: np.ndarray, partners: np.ndarray, words: Words) -> list[dict[str, object]]:
    """One edge per pair of shown partners who take part in the same activities or projects, with how many
    they share: the upper triangle of member × member, from the (item, partner) rows of the links."""
    if not len(items):
        return []
    people, person = np.unique(partners.astype(str), return_inverse=True)
    things, thing = np.unique(items.astype(str), return_inverse=True)
    member = sp.csr_array((np.ones(len(person)), (person, thing)), shape=(len(people), len(things)))
    member.sum_duplicates()
    member.data[:] = 1.0  # taking part twice in one item (organises and serves) counts once
    shared = sp.coo_array(sp.triu(member @ member.T, k=1))
    label = words.pick("一起参与", "take part together")
    return [
        {
            "from": people[a],
            "to": people[b],
            "title": f"{label} × {n:.0f}",
            "width": float(min(1 + np.log2(n), 8)),
        }
        for a, b, n in zip(shared.row, shared.col, shared.data, strict=True)
    ]


def _colours(
    net: PartnerNetwork, table: pd.DataFrame, color_by: str, words: Words
) -> tuple[list[str], list[dict[str, str]]]:
    """A colour per shown partner and the legend: the schema's colours by kind, else a palette by value."""
    if color_by == "kind":
        legend_values = sorted(table["kind"].unique())
        colour = {
            k: net.schema.kinds[k].color if k in net.schema.kinds else _OTHER_COLOR for k in legend_values
        }
        kinds = net.schema.kinds
        legend = [
            {"value": k, "label": words.term(kinds[k]) if k in kinds else str(k), "color": colour[k]}
            for k in legend_values
        ]
        return [colour[k] for k in table["kind"]], legend
    values = table[color_by].astype("string").fillna(words.pick("（无）", "(none)"))
    codes, uniques = pd.factorize(values, sort=True)
    legend = [
        {"value": str(u), "label": str(u), "color": _PALETTE[i % len(_PALETTE)]}
        for i, u in enumerate(uniques)
    ]
    return [_PALETTE[c % len(_PALETTE)] for c in codes], legend


def _sizes(table: pd.DataFrame, size_by: str | pd.Series | None) -> np.ndarray:
    if size_by is None:
        return np.full(len(table), 14.0)
    if isinstance(size_by, str):
        if size_by not in table.columns:
            raise GovGraphError(
                f"size_by: expected a column of the partners or measures, or a Series, got {size_by!r}"
            )
        values = pd.to_numeric(table[size_by], errors="coerce")
    elif isinstance(size_by, pd.Series):
        if not size_by.index.is_unique:
            raise GovGraphError("size_by: partner ids repeat in the Series' index")
        values = pd.to_numeric(size_by, errors="coerce").reindex(table.index)
    else:
        raise GovGraphError(f"size_by: expected a column name or a Series, got {type(size_by).__name__}")
    x = values.to_numpy(dtype=np.float64, na_value=np.nan)
    finite = np.isfinite(x)
    if not finite.any():
        return np.full(len(table), 14.0)
    low, high = x[finite].min(), x[finite].max()
    scaled = np.where(finite, (x - low) / (high - low) if high > low else 0.5, 0.0)
    return 8 + 32 * scaled


def _labels(net: PartnerNetwork, table: pd.DataFrame, label_by: str, names: bool, words: Words) -> list[str]:
    """The text on each node: the column asked for, but residents by role and place unless names are asked."""
    labels = [_text(v) for v in table[label_by].tolist()]
    if names:
        return labels
    shown = shown_names(net, lang=words.lang).reindex(table.index).tolist()
    residents = set(net.schema.kinds_with("resident"))
    return [
        shown[i] if kind in residents else label for i, (kind, label) in enumerate(zip(table["kind"], labels))
    ]


def _tooltips(
    net: PartnerNetwork,
    table: pd.DataFrame,
    names: list[str],
    measures: pd.DataFrame | None,
    holdings: pd.DataFrame,
    words: Words,
) -> list[str]:
    """Plain-text tooltips in the page's language: name, kind, role, grid, community, explained measures,
    and what is folded in. No identifiers: places by name, measures by their glossary label."""
    kinds = net.schema.kinds
    roles = [c for c in _ROLE_COLUMNS if c in table.columns]
    numeric = (
        []
        if measures is None
        else [c for c in measures.columns if pd.api.types.is_numeric_dtype(measures[c])]
    )
    columns = {c: [_text(v) for v in table[c].tolist()] for c in ["kind", *roles]}
    names_of = net.partners["name"]
    for place in ("grid", "community"):  # places by name (by id only where one has no name)
        found = names_of.reindex(table[place].to_numpy()).astype(object).to_numpy()
        columns[place] = [
            _text(name) or _text(place_id)
            for name, place_id in zip(found, table[place].tolist(), strict=True)
        ]
    values = {c: table[c].tolist() for c in numeric}
    held = {pid: [(k, int(n)) for k, n in row.items() if n] for pid, row in holdings.iterrows()}
    separator = words.pick("：", ": ")
    measure_lines = {c: _measure_line(c, len(table), words) for c in numeric}
    role_label, place_label = words("role"), {c: words(c) for c in ("grid", "community")}
    tips = []
    for i, pid in enumerate(table.index):
        kind = columns["kind"][i]
        lines = [names[i], words.term(kinds[kind]) if kind in kinds else kind]
        role = " / ".join(dict.fromkeys(columns[c][i] for c in roles if columns[c][i]))
        if role:
            lines.append(f"{role_label}{separator}{role}")
        for column in ("grid", "community"):
            place = columns[column][i]
            if place:
                lines.append(f"{place_label[column]}{separator}{place}")
        for c in numeric:
            if _text(values[c][i]):
                lines.append(measure_lines[c](values[c][i]))
        lines.extend(
            f"{words.term(kinds[k]) if k in kinds else k}{separator}{n:,}" for k, n in held.get(pid, ())
        )
        tips.append("\n".join(lines))
    return tips


def _measure_line(column: str, size: int, words: Words) -> Callable[[object], str]:
    """How a measure reads in a tooltip: ``中介中心度：0.5%（有多少条最短联系要经过此人）``, its label,
    the value rounded, and what it means."""
    separator = words.pick("：", ": ")
    if column not in GLOSSARY:
        return lambda value: f"{column}{separator}{_number(value)}"
    shown: Callable[[Any], str] = {
        "betweenness": lambda v: f"{float(v) * 100:.1f}%",
        "pagerank": lambda v: words.pick(
            f"平均值的 {float(v) * size:.1f} 倍", f"{float(v) * size:.1f} × average"
        ),
        "harmonic_closeness": lambda v: f"{float(v):.2f}",
        "constraint": lambda v: f"{float(v):.2f}",
    }.get(column, _number)
    why = words.explain(column)
    after = words.pick(f"（{why}）", f" ({why})") if why else ""
    before = f"{words(column)}{separator}"
    return lambda value: before + shown(value) + after


def _number(value: object) -> str:
    if isinstance(value, (int, np.integer)):
        return f"{int(value):,}"
    return f"{float(value):.3g}"  # type: ignore[arg-type]
