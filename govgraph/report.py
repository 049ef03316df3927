"""The coordinator's report: a folder with ``index.html``, the network page, every table as CSV, a workbook.

Everything in the folder works offline: the page's styles and SVG charts are
inline, and the network page inlines vis-network. Residents appear by role
and place, not by name, unless ``names=True``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from html import escape
from pathlib import Path

import numpy as np
import pandas as pd

from govgraph.analysis import brokerage, centrality, coverage_summary, weak_points, workload
from govgraph.analysis.measures import SAMPLED_SOURCES
from govgraph.io.sheets import write_csv_for_people, write_workbook_for_people
from govgraph.matching import compare_strategies, service_pipeline
from govgraph.model.checks import check_count, check_network
from govgraph.model.files import output_file
from govgraph.model.network import PartnerNetwork
from govgraph.model.places import shown_names
from govgraph.privacy import CONTACT_COLUMNS
from govgraph.viz.charts import bar_chart
from govgraph.viz.network import page_template, save_html

__all__ = ["REPORT_STEPS", "labelled_summary", "report"]

#: The steps of :func:`report`, in order; ``progress`` is called with each before it runs.
REPORT_STEPS = (
    "summary",
    "connectors",
    "brokerage",
    "weak points",
    "coverage",
    "workload",
    "matching",
    "pipeline",
    "network page",
    "files",
)
#: The centrality measures the report shows (and writes for every partner).
CONNECTOR_MEASURES = ("degree", "betweenness", "pagerank", "harmonic_closeness", "constraint")
#: Rows of each table shown on the page; the CSV files hold them all.
SHOWN_ROWS = 15
WORKBOOK = "govgraph-report.xlsx"
#: Tables longer than this (one row per partner or tie) are left out of the workbook; their CSV has them.
WORKBOOK_ROWS = 1_000
NETWORK_PAGE = "network.html"


@dataclass
class _Section:
    key: str
    title: str
    intro: str = ""
    charts: list[str] = field(default_factory=list)
    tables: dict[str, tuple[str, pd.DataFrame]] = field(default_factory=dict)


def report(
    net: PartnerNetwork,
    out_dir: str | Path,
    *,
    title: str | None = None,
    hops: int = 2,
    sources: int | None = SAMPLED_SOURCES,
    strategies: Iterable[str] | None = None,
    names: bool = False,
    progress: Callable[[str], None] | None = None,
) -> Path:
    """Write the report folder and return the path of its ``index.html``.

    Parameters
    ----------
    net : PartnerNetwork
    out_dir : str or Path
        Created if missing; files of the same names are replaced.
    title : str, optional
        Heading of the page (default: the communities' names).
    hops : int
        Reach for coverage (default 2: a grid worker responsible for a grid
        covers its buildings; see :func:`govgraph.coverage`).
    sources : int or None
        Sampled sources for betweenness and closeness (default 256, under a
        second on Datun North; the page says so). None lets
        :func:`govgraph.centrality` decide: exact on networks the size of
        Datun North, which takes several seconds.
    strategies : iterable of str, optional
        Matching strategies compared (default: every built-in one).
    names : bool
        Show residents' names; by default a resident appears by role and place.
    progress : callable, optional
        Called with each step of :data:`REPORT_STEPS` before it runs (the
        command line draws a progress bar with it).

    Returns
    -------
    Path
        ``out_dir / "index.html"``. Beside it: ``network.html``, one CSV
        per table (UTF-8 with a byte-order mark, so Excel reads the Chinese)
        and ``govgraph-report.xlsx`` with a sheet per summary table (the
        tables of at most :data:`WORKBOOK_ROWS` rows; the per-partner tables
        are in their CSV files).

    Notes
    -----
    Sections whose data is missing are left out and the page says why: the
    matching and pipeline sections need needs (and matching resources),
    coverage and gaps need buildings, workload needs grid workers.

    Examples
    --------
    >>> import tempfile, govgraph as gg
    >>> index = gg.report(gg.load_dataset("datun_north"), tempfile.mkdtemp())
    >>> sorted(p.name for p in index.parent.glob("*.csv"))[:3]
    ['brokerage.csv', 'centrality.csv', 'coverage_by_community.csv']
    """
    net = check_network(net)
    hops = check_count(hops, "hops")
    if sources is not None:
        sources = check_count(sources, "sources")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    step = progress or (lambda _: None)
    shown = shown_names(net, names=names)
    labels = net.partners["kind"].map(net.schema.kind_label)
    sections: list[_Section] = []
    skipped: list[str] = []

    step("summary")
    sections.append(_summary(net))
    step("connectors")
    measures = centrality(
        net,
        measures=CONNECTOR_MEASURES,
        k=sources if sources is not None and sources < len(net.partners) else None,
    )
    sections.append(_connectors(measures, shown, labels))
    step("brokerage")
    if net.partners["community"].nunique() > 1:
        sections.append(_brokerage(net, shown, labels))
    else:
        skipped.append("brokerage between communities: there is one community (只有一个社区，无跨社区经纪)")
    step("weak points")
    sections.append(_weak_points(net, shown, labels))
    kinds = set(net.partners["kind"])
    schema = net.schema
    step("coverage")
    if kinds & set(schema.kinds_at("building")):
        sections.extend(_coverage(net, hops))
    else:
        skipped.append("coverage and gaps: the network has no buildings (无楼栋数据)")
    step("workload")
    if kinds & set(schema.kinds_with("worker")):
        sections.append(_workload(net, shown))
    else:
        skipped.append("workload: the network has no grid workers (无网格员)")
    step("matching")
    if len(net.needs) and len(net.resources):
        sections.append(_matching(net, strategies))
    else:
        skipped.append("matching: the network has no needs or no resources (无需求或资源数据)")
    step("pipeline")
    if len(net.needs):
        sections.append(_pipeline(net))
    else:
        skipped.append("needs pipeline: the network has no needs (无需求数据)")
    step("network page")
    save_html(
        net,
        output_file(out / NETWORK_PAGE),
        title=f"{title or _street_name(net)} · 合伙人网络 partner network",
        size_by="betweenness",
        measures=measures[["degree", "betweenness", "pagerank"]],
        names=names,
    )
    step("files")
    tables = {name: table for section in sections for name, (_, table) in section.tables.items()}
    for name, table in tables.items():
        write_csv_for_people(_public(table), out / f"{name}.csv")
    summaries = {name: _public(t) for name, t in tables.items() if len(t) <= WORKBOOK_ROWS}
    workbook = write_workbook_for_people(summaries, out / WORKBOOK)
    index = output_file(out / "index.html")
    index.write_text(
        _page(net, title or _street_name(net), sections, skipped, measures, workbook), encoding="utf-8"
    )
    return index


def _street_name(net: PartnerNetwork) -> str:
    communities = _community_names(net).dropna()
    return "、".join(communities.astype(str)) if 0 < len(communities) <= 6 else "govgraph"


def _public(table: pd.DataFrame) -> pd.DataFrame:
    """The table without contact columns (phone numbers never leave in a report)."""
    return table.drop(columns=[c for c in table.columns if CONTACT_COLUMNS.search(str(c))])


def _with_names(table: pd.DataFrame, shown: pd.Series, labels: pd.Series) -> pd.DataFrame:
    """Partner tables: name as shown (residents by role and place) and the kind's bilingual label."""
    table = table.copy()
    table["name"] = shown.reindex(table.index)
    table["kind"] = labels.reindex(table.index)
    return table


def labelled_summary(net: PartnerNetwork) -> pd.DataFrame:
    """:meth:`PartnerNetwork.summary` for people: kinds (bilingual) by community (by name), with totals."""
    table = net.summary().T
    names = _community_names(net).dropna()
    labels = pd.Series([names.get(c, c) for c in table.columns], index=table.columns)
    shared = labels.duplicated(keep=False)  # two communities of one name: each with its id
    labels[shared] = [f"{label} ({c})" for c, label in labels[shared].items()]
    table.columns = [label if c != "total" else "合计 total" for c, label in labels.items()]
    table.index = [net.schema.kind_label(k) if k != "total" else "合计 total" for k in table.index]
    table.index.name = "类型 kind"
    table.columns.name = None
    return table


def _community_names(net: PartnerNetwork) -> pd.Series:
    partners = net.partners
    return partners.loc[partners["kind"].isin(net.schema.kinds_at("community")), "name"]


def _summary(net: PartnerNetwork) -> _Section:
    partners = net.partners
    counts = labelled_summary(net)
    return _Section(
        "summary",
        "概况 Summary: partners by community and kind",
        f"{len(partners):,} partners (合伙人), {len(net.relations):,} relations (关系), "
        f"{len(net.needs):,} needs (需求), {len(net.resources):,} resources (资源).",
        tables={"partners_by_community": ("Partners by kind × community 各社区合伙人", counts)},
    )


def _connectors(measures: pd.DataFrame, shown: pd.Series, labels: pd.Series) -> _Section:
    paths = measures.attrs.get("paths", {})
    how = (
        "exactly"
        if paths.get("exact", True)
        else f"from {paths.get('sources'):,} sampled sources (seed {paths.get('seed')}), an estimate"
    )
    table = _with_names(measures, shown, labels)
    top = table.sort_values("betweenness", ascending=False)
    chart = bar_chart(
        top["betweenness"].head(SHOWN_ROWS).set_axis(top["name"].head(SHOWN_ROWS)),
        "中介中心度 Betweenness of the key connectors",
    )
    columns = [
        "name",
        "kind",
        "community",
        "degree",
        "betweenness",
        "pagerank",
        "harmonic_closeness",
        "constraint",
    ]
    return _Section(
        "connectors",
        "关键连接者 Key connectors",
        "Partners on the most shortest paths between others hold the network together; "
        f"betweenness and closeness are computed {how}.",
        charts=[chart],
        tables={"centrality": ("Centrality of every partner 中心度", top[[c for c in columns if c in top]])},
    )


def _brokerage(net: PartnerNetwork, shown: pd.Series, labels: pd.Series) -> _Section:
    roles = brokerage(net, by="community")
    table = _with_names(roles[roles["total"] > 0], shown, labels).sort_values("total", ascending=False)
    columns = [
        "name",
        "kind",
        "community",
        "coordinator",
        "itinerant",
        "representative",
        "gatekeeper",
        "liaison",
        "total",
    ]
    return _Section(
        "brokerage",
        "跨社区经纪 Brokerage between communities",
        f"Gould–Fernandez roles by community, for the {len(table):,} partners with any: liaisons link two "
        "other communities, gatekeepers and representatives carry ties into and out of their own.",
        tables={"brokerage": ("Brokerage roles 经纪角色", table[columns])},
    )


def _weak_points(net: PartnerNetwork, shown: pd.Series, labels: pd.Series) -> _Section:
    found = weak_points(net)
    partners = _with_names(found.partners, shown, labels)
    ties = found.ties.copy()
    ties["source_name"] = shown.reindex(ties["source"]).to_numpy()
    ties["target_name"] = shown.reindex(ties["target"]).to_numpy()
    ties = ties.sort_values(["households_cut", "partners_cut_off"], ascending=False)
    partners = partners.sort_values(["households_cut", "partners_cut_off"], ascending=False)
    # A tie to a partner with no other tie (a resident known only by the building) cuts off that one
    # partner and no household: counted in a sentence, not listed.
    leaf = (ties["households_cut"] == 0) & (ties["partners_cut_off"] <= 1)
    ties = ties[~leaf]
    leaves = (
        f" Besides these, {int(leaf.sum()):,} ties each join the network to one partner with no other tie "
        f"(另有 {int(leaf.sum()):,} 条联系各连着一位别无联系的合伙人，如单个居民或商户): losing one cuts off "
        "that partner alone, no household."
        if leaf.any()
        else ""
    )
    return _Section(
        "weak_points",
        "薄弱环节 Weak points",
        f"{len(partners):,} partners and {len(ties):,} ties whose loss cuts the network apart, "
        "largest cut first: households, then partners, that would lose their link." + leaves,
        tables={
            "weak_partners": ("Partners whose loss splits the network 关键节点", partners),
            "weak_ties": (
                "Ties whose loss splits the network 关键关系",
                ties.set_index(["source", "target"]),
            ),
        },
    )


def _coverage(net: PartnerNetwork, hops: int) -> list[_Section]:
    by_community = coverage_summary(net, level="community", hops=hops)
    by_grid = coverage_summary(net, level="grid", hops=hops)
    kinds = [
        c.removeprefix("units_covered_by_") for c in by_community.places if c.startswith("units_covered_by_")
    ]
    series = by_community.places.set_index("name")[[f"household_coverage_{k}" for k in kinds]]
    series.columns = [net.schema.kind_label(k) for k in kinds]
    grids = by_grid.places.sort_values("household_coverage_ratio")
    grid_chart = bar_chart(
        grids.set_index("name")["household_coverage_ratio"].head(SHOWN_ROWS),
        f"覆盖最低的网格 Grids with the lowest household coverage (within {hops} ties)",
        percent=True,
    )
    gaps = by_grid.gaps.copy()
    gaps["missing"] = [
        net.schema.taxonomy.label(m) if gap == "service" else m
        for gap, m in zip(gaps["gap"], gaps["missing"])
    ]
    coverage = _Section(
        "coverage",
        "覆盖 Coverage of buildings and households",
        f"A building is covered by a kind when a partner of that kind is within {hops} ties of it.",
        charts=[
            bar_chart(series, "各社区住户覆盖率 Households covered, by community and kind", percent=True),
            grid_chart,
        ],
        tables={
            "coverage_by_community": ("By community 按社区", by_community.places),
            "coverage_by_grid": ("By grid, lowest first 按网格", grids),
            "services_by_community": (
                "Services within reach, by community and need 服务可及",
                by_community.services,
            ),
        },
    )
    gap_section = _Section(
        "gaps",
        "缺口 Gaps: where to act first",
        "Buildings a kind of partner does not reach (provider gaps) and needs with no resource "
        "within reach (service gaps), largest first by households.",
        tables={"gaps": ("Gaps by grid 网格缺口", gaps)},
    )
    return [coverage, gap_section]


def _workload(net: PartnerNetwork, shown: pd.Series) -> _Section:
    found = workload(net)
    providers = found.providers.copy()
    providers["name"] = shown.reindex(providers.index)
    community = found.spread.loc["community"]
    spread = found.spread.reset_index()
    names = (
        net.partners["name"]
        .reindex(community.index)
        .fillna(pd.Series(community.index, index=community.index))
    )
    chart = bar_chart(
        community["households_per_provider"].set_axis(names),
        "每名网格员服务住户 Households per grid worker, by community",
    )
    return _Section(
        "workload",
        "工作量 Workload of grid workers",
        "Households and buildings each grid worker is responsible for; Gini 0 means an even load.",
        charts=[chart],
        tables={
            "workload": ("Per grid worker, heaviest first 网格员工作量", providers),
            "workload_spread": ("Spread by community and grid 工作量分布", spread),
        },
    )


def _matching(net: PartnerNetwork, strategies: Iterable[str] | None) -> _Section:
    table = compare_strategies(net, strategies=strategies)
    chart = bar_chart(
        table[["match_rate", "lowest_grid_match_rate"]].set_axis(
            ["需求匹配率 needs matched", "最低网格匹配率 lowest grid rate"], axis=1
        ),
        "匹配策略比较 Matching strategies compared",
        percent=True,
    )
    return _Section(
        "matching",
        "资源匹配 Matching needs to resources",
        f"{len(net.needs):,} needs, {len(net.resources):,} resources; each strategy assigns every need "
        "at most one resource within its capacity.",
        charts=[chart],
        tables={"matching_strategies": ("Strategies side by side 策略比较", table)},
    )


def _pipeline(net: PartnerNetwork) -> _Section:
    table = service_pipeline(net, level="community")
    chart = bar_chart(
        table.set_index("name")[["needs", "matched", "resolved"]].set_axis(
            ["收集 collected", "匹配 matched", "解决 resolved"], axis=1
        ),
        "需求流程 Needs collected, matched and resolved, by community",
    )
    return _Section(
        "pipeline",
        "需求流程 Needs pipeline",
        "Needs as recorded: collected, matched to a resource, resolved.",
        charts=[chart],
        tables={"needs_pipeline": ("By community 按社区", table)},
    )


#: What an empty table says instead of a header with no rows.
_NOTHING_TO_LIST = "没有需要列出的项 · nothing to list"


def _html_table(table: pd.DataFrame, limit: int | None) -> str:
    """A table as people read it: empty cells blank (not None), yes/no as 是/否, no row numbers."""
    shown = _public(table if limit is None else table.head(limit)).copy()
    for position in range(shown.shape[1]):
        column = shown.iloc[:, position]
        if pd.api.types.is_bool_dtype(column.dtype) or pd.api.types.is_object_dtype(column.dtype):
            shown.isetitem(position, column.map(_cell_for_people).astype(object))
    text = shown.to_html(
        escape=True,
        na_rep="",
        border=0,
        classes="data",
        float_format=lambda x: f"{x:,.4g}",
        index=not isinstance(shown.index, pd.RangeIndex),
    )
    return re.sub(r' style="[^"]*"', "", text)


def _how_paths(paths: dict[str, object]) -> str:
    """How the path measures were computed, in words."""
    lengths = "边权倒数 1/weight" if paths.get("lengths") == "1/weight" else "联系数 hops"
    if paths.get("exact", True):
        return f"精确计算 exact · 路径长度按{lengths}"
    return (
        f"抽样 {paths.get('sources'):,} 个起点估计 estimated from {paths.get('sources'):,} sampled sources "
        f"(seed {paths.get('seed')}) · 路径长度按{lengths}"
    )


def _cell_for_people(value: object) -> object:
    if isinstance(value, (bool, np.bool_)):
        return "是" if value else "否"
    if not isinstance(value, (list, tuple, set, dict, np.ndarray)) and pd.isna(value):
        return ""  # None, NaN, NaT, <NA>
    return value


def _page(
    net: PartnerNetwork,
    title: str,
    sections: list[_Section],
    skipped: list[str],
    measures: pd.DataFrame,
    workbook: Path,
) -> str:
    nav = "".join(f'<a href="#{s.key}">{escape(s.title.split(" ")[0])}</a>' for s in sections)
    body = []
    for section in sections:
        parts = [f'<section id="{section.key}"><h2>{escape(section.title)}</h2>']
        if section.intro:
            parts.append(f"<p>{escape(section.intro)}</p>")
        parts.extend(f"<figure>{chart}</figure>" for chart in section.charts)
        for name, (caption, table) in section.tables.items():
            limit = None if section.key == "summary" else SHOWN_ROWS
            shown = len(table) if limit is None else min(limit, len(table))
            more = f" · 前 {shown} 行，共 {len(table):,} 行 first {shown} of {len(table):,}"
            more = more if shown < len(table) else ""
            parts.append(
                f'<h3>{escape(caption)} <a class="csv" href="{escape(name)}.csv">{escape(name)}.csv</a>'
                f"<small>{escape(more)}</small></h3>"
                + (_html_table(table, limit) if len(table) else f"<p>{_NOTHING_TO_LIST}</p>")
            )
        parts.append("</section>")
        body.append("".join(parts))
    notes = "".join(f"<li>{escape(s)}</li>" for s in skipped)
    files = f'<a href="{NETWORK_PAGE}">网络图 network page</a>'
    files += f' · <a href="{workbook.name}">Excel 工作簿（汇总表） workbook of the summaries</a>'
    stats = {
        "合伙人 partners": len(net.partners),
        "关系 relations": len(net.relations),
        "需求 needs": len(net.needs),
        "资源 resources": len(net.resources),
        "住户 households": int(np.nansum(pd.to_numeric(net.partners.get("households"), errors="coerce")))
        if "households" in net.partners
        else 0,
    }
    cards = "".join(f'<div class="card"><b>{v:,}</b><span>{escape(k)}</span></div>' for k, v in stats.items())
    return page_template("report.html").substitute(
        title=escape(title),
        date=date.today().isoformat(),
        nav=nav,
        cards=cards,
        files=files,
        body="".join(body),
        skipped=f"<section><h2>未包含 Left out</h2><ul>{notes}</ul></section>" if notes else "",
        paths=escape(_how_paths(measures.attrs.get("paths", {}))),
    )
