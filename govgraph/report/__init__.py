"""The coordinator's report: a folder a community secretary opens, prints and acts on.

``index.html`` opens with the findings in sentences and the work list
(待办: every open need with the resource and provider to ask, and why), then
the network's connectors, weak points, coverage, workload and needs. Each
grid has a printable page in ``grids/`` for the grid meeting (网格议事会);
``network.html`` is the interactive network; every table is also a CSV
file (and, when short, a sheet of the workbook), headed and filled exactly
as on the page. Everything works offline and prints on A4.

The words come from one glossary (:mod:`govgraph.model.glossary`) in the
language asked for: ``lang="zh"`` (default for data named mostly in
Chinese), ``"en"`` or ``"both"``. No identifier reaches a page: partners,
places and resources appear by name, residents by role and place unless
``names=True``.
"""

from __future__ import annotations

import multiprocessing
import re
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from html import escape
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

import numpy as np
import pandas as pd

from govgraph.analysis import (
    brokerage,
    centrality,
    coverage,
    coverage_summary,
    weak_points,
    workload,
)
from govgraph.analysis.measures import SAMPLED_SOURCES
from govgraph.analysis.reach import CoverageSummary
from govgraph.io.sheets import write_csv_for_people, write_workbook_for_people
from govgraph.matching import STRATEGIES, candidates, compare_strategies, service_pipeline
from govgraph.model.checks import check_choice, check_count, check_network
from govgraph.model.files import output_file
from govgraph.model.glossary import LANGUAGES, Words, language_of
from govgraph.model.network import PartnerNetwork
from govgraph.model.places import shown_names
from govgraph.privacy import CONTACT_COLUMNS
from govgraph.report.activities import ActivityTables, activity_counts, activity_tables
from govgraph.report.pdf import print_pdf
from govgraph.report.tables import (
    Column,
    Table,
    counter,
    explained,
    html_from_rows,
    html_rows,
    html_table,
    people_table,
)
from govgraph.report.trends import RECENT_MONTHS, TrendTables, trend_tables
from govgraph.report.worklist import OPTIMAL_NEEDS, open_needs, work_list
from govgraph.viz.charts import bar_chart, time_chart
from govgraph.viz.layout import places_layout
from govgraph.viz.network import page_template, save_html
from govgraph.viz.sketch import Sketching, grid_sketch

__all__ = ["REPORT_STEPS", "labelled_summary", "report"]

_Result = TypeVar("_Result")

#: The steps of :func:`report`, in order; ``progress`` is called with each before it runs.
REPORT_STEPS = (
    "summary",
    "brokerage",
    "weak points",
    "coverage",
    "workload",
    "work list",
    "pipeline",
    "trends",
    "matching",
    "activities",
    "connectors",
    "network page",
    "grid pages",
    "files",
)
#: The centrality measures the report shows (and writes for every partner).
CONNECTOR_MEASURES = ("degree", "betweenness", "pagerank", "harmonic_closeness", "constraint")
#: On very large networks the report samples fewer sources, so that sources × partners stays under this
#: (16 sources for a million partners, about 20 s), but never fewer than :data:`MIN_SOURCES`.
PATH_VISITS = 16_000_000
MIN_SOURCES = 16
#: From this many partners the path measures and the network page are made in a second process beside
#: the other sections (where processes can be forked: Linux), so the report uses two cores.
BESIDE_FROM = 2_000
#: Above this many needs the report leaves the slow strategies out of its comparison.
COMPARED_NEEDS = 20_000
SLOW_STRATEGIES = ("fair",)
#: Rows of each table shown on the page; the CSV files hold them all.
SHOWN_ROWS = 15
#: Rows of the work list shown on the report page; the grid pages and the CSV file hold every one.
WORK_LIST_ROWS = 1_000
WORKBOOK = "govgraph-report.xlsx"
#: Tables longer than this are left out of the workbook; their CSV has them.
WORKBOOK_ROWS = 1_000
NETWORK_PAGE = "network.html"
GRID_FOLDER = "grids"
#: The styles the report and the grid pages share (screen, phone and print).
_SHARED_CSS = page_template("pages.css").template
PDF = "report.pdf"


@dataclass
class _Section:
    key: str
    title: str
    intro: str = ""
    charts: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    extra: str = ""  # trusted HTML after the tables


@dataclass(frozen=True)
class _Context:
    net: PartnerNetwork
    words: Words
    shown: pd.Series  # partner id -> name as shown
    place_names: pd.Series  # partner id -> name (id where unnamed)
    hops: int


def report(
    net: PartnerNetwork,
    out_dir: str | Path,
    *,
    title: str | None = None,
    lang: str | None = None,
    hops: int = 2,
    sources: int | None = SAMPLED_SOURCES,
    strategies: Iterable[str] | None = None,
    names: bool = False,
    pdf: bool = False,
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
    lang : {"zh", "en", "both"}, optional
        Language of every word on the pages and in the files (default:
        ``"zh"`` when most names in the data are Chinese, else ``"en"``).
    hops : int
        Reach for coverage (default 2: a grid worker responsible for a grid
        covers its buildings; see :func:`govgraph.coverage`).
    sources : int or None
        Sampled sources for betweenness and closeness (default 256, under a
        second on Datun North; the page says so). Above 62,500 partners
        fewer are sampled, so that sources × partners stays under
        :data:`PATH_VISITS` (at least :data:`MIN_SOURCES`): a report on a
        million partners takes minutes, not an hour. None lets
        :func:`govgraph.centrality` decide: exact on networks the size of
        Datun North, which takes several seconds.
    strategies : iterable of str, optional
        Matching strategies compared (default: every built-in one; above
        :data:`COMPARED_NEEDS` needs, all but :data:`SLOW_STRATEGIES`, and
        the page says so).
    names : bool
        Show residents' names; by default a resident appears by role and place.
    pdf : bool
        Also print ``report.pdf`` with headless Chromium (raises
        :class:`govgraph.GovGraphError` saying how to install it when missing).
    progress : callable, optional
        Called with each step of :data:`REPORT_STEPS` before it runs (the
        command line draws a progress bar with it).

    Returns
    -------
    Path
        ``out_dir / "index.html"``. Beside it: ``network.html``, ``grids/``
        with a page per grid, one CSV per table (UTF-8 with a byte-order
        mark, so Excel reads the Chinese), among them ``worklist.csv``, and
        ``govgraph-report.xlsx`` with a sheet per table of at most
        :data:`WORKBOOK_ROWS` rows.

    Notes
    -----
    Sections adapt to the data: brokerage between communities needs two
    communities; coverage needs buildings; workload needs grid workers; the
    work list, needs pipeline and matching need needs. A section with
    nothing to show says so in a sentence.

    Examples
    --------
    >>> import tempfile, govgraph as gg
    >>> index = gg.report(gg.load_dataset("datun_north"), tempfile.mkdtemp())
    >>> (index.parent / "worklist.csv").exists(), len(list((index.parent / "grids").glob("*.html"))) > 0
    (True, True)
    """
    net = check_network(net)
    hops = check_count(hops, "hops")
    if sources is not None:
        sources = check_count(sources, "sources")
    lang = language_of(net.partners["name"]) if lang is None else check_choice(lang, LANGUAGES, "lang")
    words = Words(lang)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    step = progress or (lambda _: None)
    names_column = net.partners["name"]
    context = _Context(
        net=net,
        words=words,
        shown=shown_names(net, names=names, lang=lang),
        place_names=names_column.astype(object).where(names_column.notna(), net.partners.index.to_series()),
        hops=hops,
    )
    sections: list[_Section] = []
    skipped: list[str] = []
    facts: dict[str, Any] = {}

    step("summary")
    sections.append(_summary(context))
    # The path measures and the network page take longest: on a large network they are made in a
    # second process while this one writes the other sections.
    page_title = title or _street_name(net)
    pending = _beside(
        len(net.partners) >= BESIDE_FROM,
        _measures_and_page,
        net,
        out / NETWORK_PAGE,
        k=_sampled_sources(sources, len(net.partners)),
        title=f"{page_title} · {words.pick('合伙人网络', 'partner network')}",
        names=names,
        lang=lang,
    )
    step("brokerage")
    if net.partners["community"].nunique() > 1:
        sections.append(_brokerage(context))
    else:
        skipped.append(
            words.pick("跨社区经纪：只有一个社区。", "brokerage between communities: there is one community.")
        )
    step("weak points")
    sections.append(_weak_points(context, facts))
    schema = net.schema
    kinds = set(net.partners["kind"])
    step("coverage")
    by_grid = None
    if kinds & set(schema.kinds_at("building")):
        coverage_sections, by_grid = _coverage(context, facts)
        sections.extend(coverage_sections)
    else:
        skipped.append(
            words.pick("覆盖与缺口：数据中没有楼栋。", "coverage and gaps: the data has no buildings.")
        )
    step("workload")
    if kinds & set(schema.kinds_with("worker")):
        sections.append(_workload(context))
    else:
        skipped.append(words.pick("工作量：数据中没有网格员。", "workload: the data has no grid workers."))
    step("work list")
    table = candidates(net) if len(net.needs) and len(net.resources) else None
    todo = work_list(net, words, context.shown, table=table)
    if len(net.needs):
        sections.insert(0, _work_section(context, todo))
    else:
        skipped.append(
            words.pick("待办与需求流程：数据中没有需求。", "work list and pipeline: the data has no needs.")
        )
    step("pipeline")
    if len(net.needs):
        sections.append(_pipeline(context))
    step("trends")  # made beside, with the measures
    step("matching")
    if len(net.needs) and len(net.resources):
        sections.append(_matching(context, strategies, table))
    elif len(net.needs):
        skipped.append(
            words.pick("匹配方法比较：数据中没有资源。", "matching strategies: the data has no resources.")
        )
    step("activities")  # made beside, with the measures
    step("connectors")
    measures, layout, trends, together = pending()
    if together is not None:
        sections.append(_activities(context, facts, together))
    else:
        skipped.append(
            words.pick("活动与项目：数据中没有活动或项目。", "activities and projects: the data has none.")
        )
    net.cached("places_layout", lambda: layout)  # the grid pages draw on the page's layout
    if trends is not None:
        after_pipeline = next((i + 1 for i, s in enumerate(sections) if s.key == "pipeline"), len(sections))
        sections.insert(after_pipeline, _trends(context, facts, trends))
    else:
        skipped.append(words.pick("趋势：数据中没有日期。", "trends: the data has no dates."))
    after_summary = next(i for i, section in enumerate(sections) if section.key == "summary") + 1
    sections.insert(after_summary, _connectors(context, measures, facts))
    step("network page")  # written beside, with the measures
    step("grid pages")
    grid_sentences = _grid_findings(context, todo, by_grid, facts)
    grid_links = _grid_pages(context, out, todo, grid_sentences, by_grid is not None, page_title)
    sections.insert(0, _findings(context, todo, facts, grid_sentences, grid_links))
    step("files")
    tables = [table for section in sections for table in section.tables]
    for table in tables:
        write_csv_for_people(_public(table.frame), out / f"{table.name}.csv", index=False)
    workbook = write_workbook_for_people(
        {table.name: _public(table.frame) for table in tables if len(table.frame) <= WORKBOOK_ROWS},
        out / WORKBOOK,
        index=False,
    )
    index = output_file(out / "index.html")
    index.write_text(_page(context, page_title, sections, skipped, measures, workbook), encoding="utf-8")
    if pdf:
        print_pdf(index, out / PDF)
    return index


def _measures_and_page(
    net: PartnerNetwork, page: Path, *, k: int | None, title: str, names: bool, lang: str
) -> tuple[pd.DataFrame, pd.DataFrame, TrendTables | None, ActivityTables | None]:
    """The connectors' measures, and the network page sized by betweenness; with the places layout and
    the tables of the trends and the activities sections."""
    measures = centrality(net, measures=CONNECTOR_MEASURES, k=k)
    save_html(
        net,
        output_file(page),
        title=title,
        size_by="betweenness",
        measures=measures[["degree", "betweenness", "pagerank"]],
        names=names,
        lang=lang,
    )
    return measures, places_layout(net), trend_tables(net), activity_tables(net)


def _beside(
    parallel: bool, work: Callable[..., _Result], *args: Any, **options: Any
) -> Callable[[], _Result]:
    """Start ``work(*args, **options)`` in a forked process when ``parallel`` (and fork exists); return
    what waits for its answer. Otherwise the work is done when the answer is asked for."""
    job = partial(work, *args, **options)
    if parallel and "fork" in multiprocessing.get_all_start_methods():
        global _JOB
        _JOB = (
            job  # the forked process finds the work in its copy of memory: nothing is pickled but the answer
        )
        pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))
        try:
            future = pool.submit(_run_job)  # forks now
        finally:
            _JOB = None
            pool.shutdown(wait=False)
        return future.result
    return job


_JOB: Callable[[], Any] | None = None


def _run_job() -> Any:
    assert _JOB is not None
    return _JOB()


def _sampled_sources(sources: int | None, partners: int) -> int | None:
    """Sources for the path measures: ``sources``, fewer on very large networks (see :data:`PATH_VISITS`)."""
    if sources is None or sources >= partners:
        return None
    return min(sources, max(MIN_SOURCES, PATH_VISITS // max(partners, 1)))


def _street_name(net: PartnerNetwork) -> str:
    communities = _community_names(net).dropna()
    return "、".join(communities.astype(str)) if 0 < len(communities) <= 6 else "govgraph"


def _public(table: pd.DataFrame) -> pd.DataFrame:
    """The table without contact columns (phone numbers never leave in a report)."""
    return table.drop(columns=[c for c in table.columns if CONTACT_COLUMNS.search(str(c))])


def labelled_summary(net: PartnerNetwork, lang: str = "both") -> pd.DataFrame:
    """:meth:`PartnerNetwork.summary` for people: kinds by community (by name), with totals."""
    words = Words(lang)
    table = net.summary().T
    names = _community_names(net).dropna()
    labels = pd.Series([names.get(c, c) for c in table.columns], index=table.columns)
    shared = labels.duplicated(keep=False)  # two communities of one name: numbered
    labels[shared] = [f"{label} ({i + 1})" for i, label in enumerate(labels[shared])]
    table.columns = [label if c != "total" else words("total") for c, label in labels.items()]
    table.index = [
        words.term(net.schema.kinds[k]) if k in net.schema.kinds else words("total") for k in table.index
    ]
    table.index.name = words("kind")
    table.columns.name = None
    return table


def _community_names(net: PartnerNetwork) -> pd.Series:
    partners = net.partners
    return partners.loc[partners["kind"].isin(net.schema.kinds_at("community")), "name"]


def _kind(context: _Context, kinds: pd.Series) -> list[str]:
    """Each kind in the report's language (a kind the schema does not know, as written)."""
    labels = {key: context.words.term(kind) for key, kind in context.net.schema.kinds.items()}
    kinds = pd.Series(kinds, dtype=object)
    return kinds.map(labels).fillna(kinds).fillna("").astype(str).tolist()


def _place_name(context: _Context, places: pd.Series) -> list[str]:
    """Each place by name ("" where there is none)."""
    places = pd.Series(places, dtype=object)
    found = context.place_names.reindex(places.to_numpy()).to_numpy(dtype=object)
    return (
        pd.Series(found, dtype=object).fillna(places.reset_index(drop=True)).fillna("").astype(str).tolist()
    )


def _summary(context: _Context) -> _Section:
    net, words = context.net, context.words
    counts = labelled_summary(net, context.words.lang)
    frame = counts.reset_index().astype(object)
    frame = frame.map(lambda v: f"{v:,}" if isinstance(v, (int, np.integer)) else v)
    return _Section(
        "summary",
        words.pick("概况", "Summary"),
        words.pick(
            f"共 {len(net.partners):,} 位合伙人、{len(net.relations):,} 条关系、{len(net.needs):,} 件需求、"
            f"{len(net.resources):,} 项资源{activity_counts(net)[0]}。下表按社区列出各类合伙人的人数。",
            f"{len(net.partners):,} partners, {len(net.relations):,} relations, {len(net.needs):,} needs, "
            f"{len(net.resources):,} resources{activity_counts(net)[1]}. Partners by kind and community:",
        ),
        tables=[Table("partners_by_community", words.pick("各社区合伙人", "Partners by community"), frame)],
    )


def _connectors(context: _Context, measures: pd.DataFrame, facts: dict[str, Any]) -> _Section:
    net, words = context.net, context.words
    table = measures.assign(
        name=context.shown.reindex(measures.index).to_numpy(),
        kind=_kind(context, net.partners["kind"].reindex(measures.index)),
        community=_place_name(context, net.places["community"].reindex(measures.index)),
        pagerank=measures["pagerank"] * len(measures),
    ).sort_values("betweenness", ascending=False, kind="stable")
    if len(table):
        facts["connector"] = (table["name"].iloc[0], table["kind"].iloc[0], table["betweenness"].iloc[0])
    columns = [
        Column("name"),
        Column("kind"),
        Column("community"),
        Column("degree", show="int"),
        Column("betweenness", show="percent1"),
        Column("pagerank", show="relative", label=words.pick("影响力（平均为 1）", "influence (average 1)")),
        Column("harmonic_closeness", show="two"),
        Column("constraint", show="two"),
    ]
    chart = bar_chart(
        table["betweenness"].head(SHOWN_ROWS).set_axis(table["name"].head(SHOWN_ROWS)),
        words.pick("中介中心度最高的合伙人", "Partners with the highest betweenness"),
        percent=True,
    )
    return _Section(
        "connectors",
        words.pick("关键连接者", "Key connectors"),
        words.pick(
            "最短联系经过得越多的合伙人，越是网络的“枢纽”：他们不在，很多人之间就要绕远路或联系不上。",
            "Partners on many shortest chains between others hold the network together: without them, "
            "many people are further apart or cut off.",
        ),
        charts=[chart],
        tables=[
            Table(
                "centrality",
                words.pick("每位合伙人的中心度", "Centrality of every partner"),
                people_table(table, columns, words),
                SHOWN_ROWS,
                explained(columns, words),
            )
        ],
    )


def _brokerage(context: _Context) -> _Section:
    net, words = context.net, context.words
    roles = brokerage(net, by="community")
    # Between communities: a coordinator links two partners of its own community, so is not listed for it.
    across = roles["total"] - roles["coordinator"]
    roles = roles[across > 0].assign(across=across[across > 0])
    roles = roles.sort_values(["across", "total"], ascending=False, kind="stable")
    roles = roles.assign(
        name=context.shown.reindex(roles.index).to_numpy(),
        kind=_kind(context, net.partners["kind"].reindex(roles.index)),
        community=_place_name(context, net.places["community"].reindex(roles.index)),
    )
    kinds = ["liaison", "gatekeeper", "representative", "itinerant", "coordinator"]
    columns = [Column("name"), Column("kind"), Column("community")]
    columns += [Column(k, show="int") for k in kinds] + [Column("brokerage_total", "total", "int")]
    return _Section(
        "brokerage",
        words.pick("跨社区牵线人", "Brokers between communities"),
        words.pick(
            f"{len(roles):,} 位合伙人在不同社区之间牵线"
            "（按 Gould–Fernandez 经纪角色计数，跨社区牵线多的在前）。",
            f"{len(roles):,} partners link people across communities (Gould–Fernandez brokerage roles), "
            "most links across first.",
        ),
        tables=[
            Table(
                "brokerage",
                words.pick("牵线角色", "Brokerage roles"),
                people_table(roles, columns, words),
                SHOWN_ROWS,
                explained(columns, words),
            )
        ],
    )


def _weak_points(context: _Context, facts: dict[str, Any]) -> _Section:
    net, words = context.net, context.words
    found = weak_points(net)
    partners = found.partners
    partners = partners.assign(
        name=context.shown.reindex(partners.index).to_numpy(),
        kind=_kind(context, net.partners["kind"].reindex(partners.index)),
        building_names=partners["buildings"],
    )
    ties = found.ties.assign(
        one_side=context.shown.reindex(found.ties["source"]).to_numpy(),
        other_side=context.shown.reindex(found.ties["target"]).to_numpy(),
        relation_kinds=[_relation_words(net, words, r) for r in found.ties["relations"]],
        building_names=found.ties["buildings"],
    )
    # Only what cuts off households, or more than one partner, is listed; the rest is counted.
    matters_p = (partners["households_cut"] > 0) | (partners["partners_cut_off"] > 1)
    matters_t = (ties["households_cut"] > 0) | (ties["partners_cut_off"] > 1)
    lone_partners, lone_ties = int((~matters_p).sum()), int((~matters_t).sum())
    partners, ties = partners[matters_p], ties[matters_t]
    if len(partners):
        worst = partners.iloc[0]
        facts["weakest"] = (worst["name"], int(worst["buildings_cut"]), float(worst["households_cut"]))
    effects = [
        Column("pieces", show="int"),
        Column("partners_cut_off", show="int"),
        Column("buildings_cut", show="int"),
        Column("households_cut", show="int"),
        Column("building_names"),
    ]
    intro = words.pick(
        f"{len(partners):,} 位合伙人、{len(ties):,} 条关系一旦缺失，就会有住户或多位合伙人与网络断开"
        "（按失联住户从多到少排列）。",
        f"{len(partners):,} partners and {len(ties):,} ties whose loss cuts households or several partners "
        "off the network, most households first.",
    )
    if lone_partners or lone_ties:
        intro += words.pick(
            f"另有 {lone_partners:,} 位合伙人、{lone_ties:,} 条关系各只连着一位别无联系的合伙人"
            "（如单个居民或商户）：缺了只影响那一位，不影响住户，不逐条列出。",
            f" Besides, {lone_partners:,} partners and {lone_ties:,} ties each join just one otherwise "
            "unlinked partner (a single resident or merchant): losing one affects that partner alone, "
            "no household; they are not listed.",
        )
    return _Section(
        "weak_points",
        words.pick("薄弱环节", "Weak points"),
        intro,
        tables=[
            Table(
                "weak_partners",
                words.pick("缺了就断的合伙人", "Partners whose loss cuts people off"),
                people_table(partners, [Column("name"), Column("kind"), *effects], words),
                SHOWN_ROWS,
                explained(effects, words),
            ),
            Table(
                "weak_ties",
                words.pick("断了就断的关系", "Ties whose loss cuts people off"),
                people_table(
                    ties,
                    [Column("one_side"), Column("other_side"), Column("relation_kinds"), *effects],
                    words,
                ),
                SHOWN_ROWS,
            ),
        ],
    )


def _relation_words(net: PartnerNetwork, words: Words, kinds: str) -> str:
    relations = net.schema.relations
    return "、".join(words.term(relations[k]) if k in relations else k for k in str(kinds).split(", ") if k)


def _coverage(context: _Context, facts: dict[str, Any]) -> tuple[list[_Section], CoverageSummary]:
    net, words, hops = context.net, context.words, context.hops
    schema = net.schema
    by_community = coverage_summary(net, level="community", hops=hops)
    by_grid = coverage_summary(net, level="grid", hops=hops)
    kinds = [
        c.removeprefix("units_covered_by_") for c in by_community.places if c.startswith("units_covered_by_")
    ]
    kind_words = {k: words.term(schema.kinds[k]) if k in schema.kinds else k for k in kinds}

    def place_table(places: pd.DataFrame) -> pd.DataFrame:
        columns = [Column("name"), Column("units", show="int"), Column("households", show="int")]
        columns += [
            Column(
                f"household_coverage_{k}",
                show="percent",
                label=words.pick(f"住户覆盖率（{kind_words[k]}）", f"households covered ({kind_words[k]})"),
            )
            for k in kinds
        ]
        columns.append(Column("household_coverage_ratio", show="percent", label=words("household_coverage")))
        return people_table(places, columns, words)

    series = by_community.places.set_index("name")[[f"household_coverage_{k}" for k in kinds]]
    series.columns = [kind_words[k] for k in kinds]
    grids = by_grid.places.sort_values("household_coverage_ratio", kind="stable")
    grid_names = [
        f"{n}（{c}）" if c else str(n)
        for n, c in zip(grids["name"], _place_name(context, grids["community"]))
    ]
    charts = [
        bar_chart(series, words.pick("各社区住户覆盖率", "Households covered, by community"), percent=True),
        bar_chart(
            grids["household_coverage_ratio"].head(SHOWN_ROWS).set_axis(grid_names[:SHOWN_ROWS]),
            words.pick("住户覆盖率最低的网格", "Grids with the lowest household coverage"),
            percent=True,
        ),
    ]
    services = by_community.services.rename(columns={"place_name": "name", "category_label": "category"})
    services["category"] = (
        [
            words.term(schema.taxonomy.categories[c]) if c in schema.taxonomy.categories else c
            for c in by_community.services.index.get_level_values(-1)
        ]
        if isinstance(by_community.services.index, pd.MultiIndex)
        else services["category"]
    )
    coverage_section = _Section(
        "coverage",
        words.pick("覆盖：谁联系着哪些楼栋和住户", "Coverage: who reaches which buildings and households"),
        words.pick(
            f"某类合伙人在 {hops} 层联系之内能到达一栋楼，就算覆盖了这栋楼的住户。",
            f"A building is covered by a kind of partner when one is within {hops} ties of it.",
        ),
        charts=charts,
        tables=[
            Table(
                "coverage_by_community",
                words.pick("按社区", "By community"),
                place_table(by_community.places),
            ),
            Table(
                "coverage_by_grid",
                words.pick("按网格（覆盖最低的在前）", "By grid, lowest first"),
                place_table(grids.assign(name=grid_names)),
                SHOWN_ROWS,
                [words.pick("住户覆盖率：", "households covered: ") + words.explain("household_coverage")],
            ),
            Table(
                "services_by_community",
                words.pick(
                    "各类服务够不够：需求与附近的资源", "Services: needs and the resources within reach"
                ),
                people_table(
                    services,
                    [
                        Column("name"),
                        Column("category"),
                        Column("needs", show="int"),
                        Column("resources", show="int"),
                        Column("capacity", show="int"),
                        Column("served", show="int"),
                    ],
                    words,
                ),
                SHOWN_ROWS,
            ),
        ],
    )
    gaps = by_grid.gaps.copy()
    gaps["gap"] = [words("provider_gap") if g != "service" else words("service_gap") for g in gaps["gap"]]
    said = words.pick("、", ", ")
    gaps["missing"] = [  # a category, or the kinds that reach no unit of it (grid_worker, party_member)
        words.term(schema.taxonomy.categories[m])
        if m in schema.taxonomy.categories
        else said.join(words.term(schema.kinds[k]) if k in schema.kinds else k for k in m.split(", "))
        for m in by_grid.gaps["missing"]
    ]
    gaps["place"] = gaps["place_name"]
    gaps["building"] = gaps["unit_name"]
    gap_section = _Section(
        "gaps",
        words.pick("缺口：先从哪里着手", "Gaps: where to act first"),
        words.pick(
            "某类合伙人联系不到的楼栋（无人联系），以及附近没有对应资源的需求（附近无服务），住户多的在前。",
            "Buildings a kind of partner does not reach, and needs with no resource within reach, "
            "largest first by households.",
        ),
        tables=[
            Table(
                "gaps",
                words.pick("各网格缺口", "Gaps by grid"),
                people_table(
                    gaps,
                    [
                        Column("place", label=words("grid")),
                        Column("building"),
                        Column("gap"),
                        Column("missing"),
                        Column("households", show="int"),
                        Column("vulnerable_residents", show="int"),
                        Column("needs", show="int"),
                    ],
                    words,
                ),
                SHOWN_ROWS,
            )
        ],
    )
    facts["coverage"] = by_community.places
    return [coverage_section, gap_section], by_grid


def _workload(context: _Context) -> _Section:
    net, words = context.net, context.words
    found = workload(net)
    providers = found.providers.assign(
        name=context.shown.reindex(found.providers.index).to_numpy(),
        kind=_kind(context, found.providers["kind"]),
        community=_place_name(context, found.providers["community"]),
        grid=_place_name(context, found.providers["grid"]),
    )
    community = found.spread.loc["community"]
    spread = found.spread.reset_index()
    spread["place"] = _place_name(context, spread["place"])
    spread["level"] = [words.pick(*_LEVEL_WORDS.get(v, (v, v))) for v in spread["level"]]
    chart = bar_chart(
        community["households_per_provider"].set_axis(_place_name(context, community.index.to_series())),
        words.pick("各社区每名网格员服务的住户", "Households per grid worker, by community"),
    )
    spread_columns = [
        Column("level"), Column("place", label=words.pick("地方", "place")), Column("providers", show="int"),
        Column("households_per_provider", show="number"), Column("max_share", show="percent"),
        Column("gini", show="two"),
    ]  # fmt: skip
    return _Section(
        "workload",
        words.pick("网格员工作量", "Workload of grid workers"),
        words.pick(
            "每名网格员负责的楼栋和住户；“不均衡程度”为 0 表示负担平均。",
            "Households and buildings each grid worker is responsible for; unevenness 0 means an even load.",
        ),
        charts=[chart],
        tables=[
            Table(
                "workload",
                words.pick("每名网格员（负担最重的在前）", "Per grid worker, heaviest first"),
                people_table(
                    providers,
                    [
                        Column("name"),
                        Column("community"),
                        Column("grid"),
                        Column("buildings", show="int"),
                        Column("households", show="int"),
                        Column("household_share", show="percent"),
                        Column("above_norm", show="yesno"),
                    ],
                    words,
                ),
                SHOWN_ROWS,
            ),
            Table(
                "workload_spread",
                words.pick("各社区、各网格的负担分布", "Spread by community and grid"),
                people_table(spread, spread_columns, words),
                SHOWN_ROWS,
                explained(spread_columns, words),
            ),
        ],
    )


_LEVEL_WORDS = {
    "community": ("社区", "community"),
    "grid": ("网格", "grid"),
    "building": ("楼栋", "building"),
}
_STRATEGY_WORDS = {
    "greedy": ("先到先配（分高者先）", "greedy"),
    "optimal": ("总体最优", "optimal"),
    "stable": ("稳定匹配", "stable"),
    "fair": ("兼顾公平", "fair"),
    "nearest": ("就近", "nearest"),
    "random": ("随机（对照）", "random (baseline)"),
}


def _matching(
    context: _Context, strategies: Iterable[str] | None, candidate_table: pd.DataFrame | None
) -> _Section:
    net, words = context.net, context.words
    left_out = ""
    if strategies is None and len(net.needs) > COMPARED_NEEDS:
        strategies = [s for s in STRATEGIES if s not in SLOW_STRATEGIES]
        slow_zh = "、".join(_STRATEGY_WORDS.get(s, (s, s))[0] for s in SLOW_STRATEGIES)
        slow_en = ", ".join(_STRATEGY_WORDS.get(s, (s, s))[1] for s in SLOW_STRATEGIES)
        left_out = words.pick(
            f"需求超过 {COMPARED_NEEDS:,} 件，未比较计算较慢的方法（{slow_zh}）。",
            f" With more than {COMPARED_NEEDS:,} needs, the slow strategies ({slow_en}) are not compared.",
        )
    table = compare_strategies(net, strategies=strategies, table=candidate_table)
    shown = table.reset_index()
    first = shown.columns[0]
    shown["strategy"] = [words.pick(*_STRATEGY_WORDS.get(s, (s, s))) for s in shown[first]]
    columns = [
        Column("strategy"), Column("needs", show="int"), Column("matched", show="int"),
        Column("match_rate", show="percent"), Column("urgency_weighted_match_rate", show="percent"),
        Column("lowest_grid_match_rate", show="percent"), Column("mean_hops", show="two"),
        Column("resource_utilisation", show="percent"), Column("run_seconds", show="two"),
    ]  # fmt: skip
    chart = bar_chart(
        table[["match_rate", "lowest_grid_match_rate"]]
        .set_axis(list(shown["strategy"]), axis=0)
        .set_axis([words("match_rate"), words("lowest_grid_match_rate")], axis=1),
        words.pick("各种匹配方法的效果", "Matching strategies compared"),
        percent=True,
    )
    return _Section(
        "matching",
        words.pick("匹配方法比较（供研究参考）", "Matching strategies compared (for analysts)"),
        words.pick(
            f"把 {len(net.needs):,} 件需求（含已解决的）与 {len(net.resources):,} 项资源按不同方法匹配，"
            "每项资源不超过其名额。待办清单采用“总体最优”。",
            f"{len(net.needs):,} needs (resolved ones included) and {len(net.resources):,} resources, "
            "matched "
            "by each strategy within every resource's places. The work list uses the optimal one.",
        )
        + left_out,
        charts=[chart],
        tables=[
            Table(
                "matching_strategies",
                words.pick("方法对比", "Strategies side by side"),
                people_table(shown, columns, words),
            )
        ],
    )


def _pipeline(context: _Context) -> _Section:
    net, words = context.net, context.words
    table = service_pipeline(net, level="community")
    table = table.assign(name=_place_name(context, table.index.to_series()))
    chart = bar_chart(
        table.set_index("name")[["needs", "matched", "resolved"]].set_axis(
            [words.pick("收集", "collected"), words("matched"), words("resolved")], axis=1
        ),
        words.pick("各社区需求：收集、匹配、解决", "Needs collected, matched and resolved, by community"),
    )
    columns = [
        Column("name", label=words("community")), Column("needs", show="int"), Column("matched", show="int"),
        Column("resolved", show="int"), Column("match_rate", show="percent"),
        Column("closure_rate", show="percent"), Column("median_days_to_resolution", show="number"),
    ]  # fmt: skip
    return _Section(
        "pipeline",
        words.pick("需求流程", "Needs pipeline"),
        words.pick(
            "按台账记录：收集了多少、匹配了多少、解决了多少。",
            "Needs as recorded: collected, matched, resolved.",
        ),
        charts=[chart],
        tables=[
            Table("needs_pipeline", words.pick("按社区", "By community"), people_table(table, columns, words))
        ],
    )


def _month(words: Words, month: pd.Period) -> str:
    return words.pick(f"{month.year}年{month.month}月", f"{month.year}-{month.month:02d}")


def _trends(context: _Context, facts: dict[str, Any], trends: TrendTables) -> _Section:
    net, words = context.net, context.words
    by_grid_month, months = trends.by_grid_month, trends.months
    labels = [_month(words, m) for m in months.index]
    rate_names = [words("response_rate"), words("resolution_rate"), words("satisfaction_rate")]
    charts = []
    if months[["needs_raised", "resolved"]].to_numpy().any():
        charts.append(
            time_chart(
                months[["needs_raised", "resolved"]]
                .set_axis(labels)
                .set_axis([words("needs_raised"), words("resolved")], axis=1),
                words.pick("每月新增与办结的诉求", "Needs raised and resolved, by month"),
            )
        )
    rates = months[["response_rate", "resolution_rate", "satisfaction_rate"]]
    if rates.notna().to_numpy().any():
        charts.append(
            time_chart(
                rates.set_axis(labels).set_axis(rate_names, axis=1),
                words.pick("每月“三率”（按诉求登记月份）", "The three rates, by month raised"),
                percent=True,
                lines=True,
            )
        )
    if months["visit_count"].any():
        charts.append(
            time_chart(
                months["visit_count"].set_axis(labels).rename(words("visit_count")),
                words.pick("每月走访次数", "Visits, by month"),
            )
        )
    changed = months[["began", "ended", "joined", "left"]]
    if changed.to_numpy().any():
        charts.append(
            time_chart(
                changed.set_axis(labels).set_axis(
                    [
                        words.pick("新建立的关系", "relations begun"),
                        words.pick("结束的关系", "relations ended"),
                        words.pick("新加入的合伙人", "partners joined"),
                        words.pick("离开的合伙人", "partners left"),
                    ],
                    axis=1,
                ),
                words.pick("每月网络的变化", "How the network changed, by month"),
            )
        )
    rate_columns = [
        Column("response_rate", show="percent"), Column("resolution_rate", show="percent"),
        Column("satisfaction_rate", show="percent"),
    ]  # fmt: skip
    by_month = months.reset_index(drop=True).assign(month=labels)
    tables = [
        Table(
            "trends_by_month",
            words.pick("逐月数字", "Month by month"),
            people_table(
                by_month,
                [
                    Column("month", label=words.pick("月份", "month")), Column("needs_raised", show="int",
                    label=words("needs_raised")), Column("resolved", show="int"), *rate_columns,
                    *([Column("visit_count", show="int")] if months["visit_count"].any() else []),
                ],
                words,
            ),
            notes=explained(rate_columns, words),
        )
    ]  # fmt: skip
    if len(net.needs):
        grids = trends.by_grid[trends.by_grid["needs"] > 0].sort_values(
            ["response_rate", "needs"], kind="stable"
        )
        grids = grids.assign(
            name=_grid_labels(context, grids["grid"]),
            median_hours_to_response=grids["median_days_to_response"] * 24,
        )
        tables.append(
            Table(
                "rates_by_grid",
                words.pick("各网格“三率”（响应率最低的在前）", "The three rates by grid, lowest first"),
                people_table(
                    grids,
                    [
                        Column("name", label=words("grid")), Column("needs", show="int"), *rate_columns,
                        Column("median_hours_to_response", show="number"), Column("open_at_end", show="int"),
                    ],
                    words,
                ),
                SHOWN_ROWS,
            )
        )  # fmt: skip
        fell = trends.falling
        by_grid_month = by_grid_month[by_grid_month["needs"] > 0]
        # The latest month first, its lowest response rates first; the file holds every month.
        order = by_grid_month["period"].map(lambda p: p.ordinal if pd.notna(p) else np.iinfo(np.int64).min)
        by_grid_month = by_grid_month.assign(_order=-order).sort_values(
            ["_order", "response_rate", "needs"], kind="stable"
        )
        tables.append(
            Table(
                "rates_by_grid_and_month",
                words.pick("各网格逐月“三率”（最近的月份在前）", "The rates by grid and month, latest first"),
                people_table(
                    by_grid_month.assign(
                        name=_grid_labels(context, by_grid_month["grid"]),
                        month=[
                            _month(words, m) if pd.notna(m) else words.pick("日期不详", "undated")
                            for m in by_grid_month["period"]
                        ],
                    ),
                    [
                        Column("name", label=words("grid")),
                        Column("month", label=words.pick("月份", "month")),
                        Column("needs", show="int"), *rate_columns,
                    ],
                    words,
                ),
                SHOWN_ROWS,
            )
        )  # fmt: skip
        if len(fell):
            fell = fell.assign(name=_grid_labels(context, fell["grid"]))
            facts["falling"] = fell
            tables.append(
                Table(
                    "falling_grids",
                    words.pick(
                        f"最近 {RECENT_MONTHS} 个月响应率或满意率明显下降的网格",
                        f"Grids whose response or satisfaction rate fell in the last {RECENT_MONTHS} months",
                    ),
                    people_table(
                        fell,
                        [
                            Column("name", label=words("grid")),
                            Column("needs", show="int", label=words.pick("近期诉求", "recent needs")),
                            Column("response_rate_before", show="percent",
                                   label=words.pick("此前响应率", "response rate before")),
                            Column("response_rate_recent", show="percent",
                                   label=words.pick("近期响应率", "response rate recently")),
                            Column("satisfaction_rate_before", show="percent",
                                   label=words.pick("此前满意率", "satisfaction before")),
                            Column("satisfaction_rate_recent", show="percent",
                                   label=words.pick("近期满意率", "satisfaction recently")),
                        ],
                        words,
                    ),
                    SHOWN_ROWS,
                )
            )  # fmt: skip
    return _Section(
        "trends",
        words.pick("趋势", "Trends"),
        words.pick(
            "按月份看诉求的办理和走访。响应率：24 小时内首次联系的诉求所占比例；解决率、满意率：回访评价中"
            "居民认为已解决、表示满意（含基本满意）的比例。诉求算在登记的月份。",
            "Needs and visits month by month. Response rate: needs first answered within 24 hours; "
            "resolution and satisfaction rates: of the needs evaluated at the callback, those the resident "
            "judged solved, and satisfied (or basically satisfied). A need counts in the month it was "
            "raised.",
        ),
        charts=charts,
        tables=tables,
    )


def _activities(context: _Context, facts: dict[str, Any], found: ActivityTables) -> _Section:
    """活动与项目: who organises together, activities per grid and month, projects and the needs they answer,
    and the three lists side by side."""
    net, words = context.net, context.words
    charts: list[str] = []
    tables: list[Table] = []
    counted = found.by_grid_month
    if len(counted):
        monthly = counted.groupby("month")["activities"].sum().sort_index()
        charts.append(
            time_chart(
                monthly.set_axis([_month(words, m) for m in monthly.index]).rename(words("activities")),
                words.pick("每月举办或进行中的活动", "Activities held or running, by month"),
            )
        )
        whole = words.pick("全社区", "whole community")
        nowhere = words.pick("地点未登记", "no place recorded")
        where = [
            label if isinstance(grid, str) else f"{community} {whole}" if community else nowhere
            for grid, label, community in zip(
                counted["grid"],
                _grid_labels(context, counted["grid"]),
                _place_name(context, counted["community"]),
            )
        ]
        wide = counted.assign(where=where).pivot_table(
            index="where", columns="month", values="activities", aggfunc="sum", fill_value=0, sort=True
        )
        month_columns = [_month(words, m) for m in wide.columns]
        wide = wide.set_axis(month_columns, axis=1)
        wide[words("total")] = wide.sum(axis=1)
        wide = wide.sort_values(words("total"), ascending=False, kind="stable").reset_index()
        tables.append(
            Table(
                "activities_by_grid_and_month",
                words.pick("各网格每月的活动（含持续进行的系列活动）", "Activities per grid and month"),
                people_table(
                    wide,
                    [
                        Column("where", label=words("grid")),
                        *(Column(m, show="int", label=m) for m in wide.columns[1:]),
                    ],
                    words,
                ),
                SHOWN_ROWS,
            )
        )
    if len(net.activities):
        pairs = found.co_organisers
        if len(pairs):
            facts["co_organisers"] = (
                context.shown[pairs.iloc[0]["source"]],
                context.shown[pairs.iloc[0]["target"]],
                int(pairs.iloc[0]["shared"]),
            )
            shown = pairs.assign(
                first=context.shown.reindex(pairs["source"]).to_numpy(),
                first_kind=_kind(context, net.partners["kind"].reindex(pairs["source"])),
                second=context.shown.reindex(pairs["target"]).to_numpy(),
                second_kind=_kind(context, net.partners["kind"].reindex(pairs["target"])),
            )
            columns = [
                Column("first", label=words.pick("一方", "one partner")),
                Column("first_kind", label=words.pick("一方类型", "its kind")),
                Column("second", label=words.pick("另一方", "the other")),
                Column("second_kind", label=words.pick("另一方类型", "the other's kind")),
                Column("co_organised", source="shared", show="int"),
            ]
            tables.append(
                Table(
                    "co_organisers",
                    words.pick("谁和谁一起组织活动最多", "Who organises activities together most"),
                    people_table(shown, columns, words),
                    SHOWN_ROWS,
                    notes=explained(columns, words),
                )
            )
        bridges = found.bridges
        if len(bridges):
            columns = [
                Column("shown", label=words.pick("合伙人", "partner")),
                Column("kind_label", label=words("kind")),
                Column("items", show="int"),
                Column("circles_joined", show="int"),
            ]
            tables.append(
                Table(
                    "activity_bridges",
                    words.pick(
                        "把不同活动圈子连起来的合伙人", "Partners who join otherwise separate circles"
                    ),
                    people_table(
                        bridges.assign(
                            shown=context.shown.reindex(bridges.index).to_numpy(),
                            kind_label=_kind(context, bridges["kind"]),
                        ),
                        columns,
                        words,
                    ),
                    SHOWN_ROWS,
                    notes=explained(columns, words),
                )
            )
        reach = found.reach
        reach = reach.sort_values(["households", "participants"], ascending=False, kind="stable")
        kinds = {key: words.term(term) for key, term in net.schema.activity_kinds.items()}
        tables.append(
            Table(
                "activity_reach",
                words.pick("各项活动涉及的网格和住户", "The grids and households each activity reaches"),
                people_table(
                    reach.assign(
                        kind_label=reach["kind"].map(kinds), day=reach["date"].dt.strftime("%Y-%m-%d")
                    ),
                    [
                        Column("name", label=words("activity")),
                        Column("kind_label", label=words("kind")),
                        Column("day", label=words("date")),
                        Column("participants", show="int"),
                        Column("grids_reached", source="grids", show="int"),
                        Column("households", show="int"),
                    ],
                    words,
                ),
                SHOWN_ROWS,
                notes=[
                    words.pick(
                        "涉及网格：参与的合伙人和活动地点所在的网格；住户：这些网格中各楼栋的住户合计。",
                        "Grids reached: those of the partners taking part and of the place; households: "
                        "those living in the buildings of those grids.",
                    )
                ],
            )
        )
    if len(net.projects):
        summary = found.projects
        statuses = {key: words.term(term) for key, term in net.schema.project_statuses.items()}
        links = net.links[net.links["relation"].isin(net.schema.relations_with("organising"))]
        links = links[links["target"].isin(summary.index)]
        said = words.pick("、", ", ")
        organisers = (
            links.assign(shown=context.shown.reindex(links["source"]).to_numpy())
            .groupby("target")["shown"]
            .agg(lambda names: said.join(dict.fromkeys(names)))
        )
        projects = summary.assign(
            status_label=summary["status"].map(statuses),
            where=_place_name(context, net.projects["place"]),
            organisers=organisers.reindex(summary.index).fillna("").to_numpy(),
        ).sort_values(["needs_answered", "budget"], ascending=False, kind="stable")
        tables.append(
            Table(
                "projects",
                words.pick("项目及其回应的需求", "Projects and the needs they answer"),
                people_table(
                    projects,
                    [
                        Column("name", label=words("project")),
                        Column("status_label", label=words("status")),
                        Column("where", label=words.pick("地点", "place")),
                        Column("budget", show="int"),
                        Column("organisers"),
                        Column("needs_answered", show="int"),
                        Column("needs_resolved", show="int"),
                        Column("resources_used", show="int"),
                    ],
                    words,
                ),
                SHOWN_ROWS,
            )
        )
    lists = found.lists
    names = _place_name(context, lists.summary.index.to_series())
    nowhere = words.pick("未归属社区", "in no community")
    by_community = lists.summary.assign(
        name=[nowhere if place == "(none)" else name for place, name in zip(lists.summary.index, names)]
    )
    facts["three_lists"] = int(lists.summary["needs_without_answer"].sum()), len(lists.projects)
    list_columns = [
        Column("name", label=words("community")),
        Column("open_needs", show="int"),
        Column("needs_answered_by_project", show="int"),
        Column("needs_without_answer", show="int"),
        Column("resources", show="int"),
        Column("resources_unused", show="int"),
        Column("projects", show="int"),
        Column("projects_without_need", show="int"),
    ]
    tables.append(
        Table(
            "three_lists",
            words.pick(
                "需求、资源、项目三张清单对照", "The needs, resources and projects lists side by side"
            ),
            people_table(by_community, list_columns, words),
            notes=explained(list_columns, words),
        )
    )
    return _Section(
        "activities",
        words.pick("活动与项目", "Activities and projects"),
        words.pick(
            "活动联办、项目连抓：谁和谁一起组织活动，各网格每月办了多少活动，项目回应了哪些需求，"
            "以及需求、资源、项目三张清单之间还缺什么。",
            "Who organises activities together, how many activities each grid holds each month, which needs "
            "the projects answer, and what falls between the needs, resources and projects lists.",
        ),
        charts=charts,
        tables=tables,
    )


_WORK_COLUMNS = [
    Column("grid_name", label=None, show="text"),
    Column("parent_name", show="text"),
    Column("category"),
    Column("description"),
    Column("requester"),
    Column("urgency"),
    Column("age_days", show="int"),
    Column("status"),
    Column("resource"),
    Column("provider"),
    Column("reason"),
]


def _work_columns(words: Words) -> list[Column]:
    columns = list(_WORK_COLUMNS)
    columns[0] = Column("grid_name", label=words("grid"))
    columns[1] = Column("parent_name", label=words("parent_grid"))
    return columns


def _work_section(context: _Context, todo: pd.DataFrame) -> _Section:
    words = context.words
    urgent = int(todo["urgent"].sum())
    without = int((~todo["matched"].astype(bool)).sum())
    table = Table(
        "worklist",
        words.pick("待办清单（按网格）", "Work list, by grid"),
        people_table(todo, _work_columns(words), words),
        WORK_LIST_ROWS,
    )
    return _Section(
        "worklist",
        words.pick("待办", "To do"),
        words.pick(
            f"{len(todo):,} 件需求尚未办结，其中紧急 {urgent:,} 件；"
            f"{len(todo) - without:,} 件已找到建议的资源和服务方，"
            f"{without:,} 件暂无合适资源（理由一栏写明原因和办法）。同一网格的需求排在一起，紧急的在前。",
            f"{len(todo):,} needs are still open, {urgent:,} of them urgent; {len(todo) - without:,} have a "
            f"suggested resource and provider, {without:,} have none yet (the last column says why and what "
            "would help). Needs of one grid are together, most urgent first.",
        )
        + (
            words.pick(
                f"待办超过 {OPTIMAL_NEEDS:,} 件，建议按“分高者先”给出（快得多，结果接近最优）。",
                f" With more than {OPTIMAL_NEEDS:,} open needs the suggestions are greedy (highest score "
                "first): much faster, and close to the optimum.",
            )
            if len(todo) > OPTIMAL_NEEDS
            else ""
        ),
        tables=[table],
    )


def _findings(
    context: _Context,
    todo: pd.DataFrame,
    facts: dict[str, Any],
    grid_sentences: dict[str, list[str]],
    grid_links: dict[str, str],
) -> _Section:
    """The top of the report in sentences, from the numbers below it, and the links to the grid pages."""
    words = context.words
    lines: list[str] = []
    if "connector" in facts:
        name, kind, share = facts["connector"]
        lines.append(
            words.pick(
                f"网络最依靠{name}（{kind}）：{_share(share)}的最短联系经过这里。",
                f"The network leans most on {name} ({kind}): "
                f"{_share(share)} of shortest chains pass through it.",
            )
        )
    if "weakest" in facts:
        name, buildings, households = facts["weakest"]
        if buildings:
            lines.append(
                words.pick(
                    f"最薄弱的一环是{name}：缺了它，{buildings:,} 栋楼、{households:,.0f} 户"
                    "与党组织失去联系。",
                    f"The weakest link is {name}: without it {buildings:,} buildings and "
                    f"{households:,.0f} households lose their link to the party organisation.",
                )
            )
    if "coverage" in facts:
        places = facts["coverage"]
        assert isinstance(places, pd.DataFrame)
        for _, row in places.iterrows():
            share = words.percent(row["household_coverage_ratio"])
            lines.append(
                words.pick(
                    f"{row['name']}：住户覆盖率 {share}。", f"{row['name']}: {share} of households covered."
                )
            )
    if "co_organisers" in facts:
        first, second, together = facts["co_organisers"]
        lists = facts.get("three_lists", (0, 0))
        lines.append(
            words.pick(
                f"一起组织活动最多的是{first}和{second}（{together:,} 项）；"
                f"{lists[0]:,} 件未办结需求既无项目回应、也无对口资源，{lists[1]:,} 个项目未登记回应的需求。",
                f"{first} and {second} organise the most activities together ({together:,}); "
                f"{lists[0]:,} open needs have no project and no resource, {lists[1]:,} projects record no "
                "need they answer.",
            )
        )
    if "falling" in facts:
        fell = facts["falling"].iloc[0]
        lines.append(
            words.pick(
                f"{fell['name']}{_fall(words, fell)}，需要关注。",
                f"{fell['name']}: {_fall(words, fell)}.",
            )
        )
    if len(context.net.needs):
        urgent, without = int(todo["urgent"].sum()), int((~todo["matched"].astype(bool)).sum())
        lines.append(
            words.pick(
                f"待办需求 {len(todo):,} 件，其中紧急 {urgent:,} 件；{without:,} 件暂无合适资源。",
                f"{len(todo):,} open needs, {urgent:,} urgent; {without:,} without a suitable resource.",
            )
        )
    parts = [_list(lines)]
    said = words.pick("，", ", ")
    grids = [(g, said.join(parts)) for g, parts in grid_sentences.items() if len(parts) > 1][:5]
    if grids:
        heading = words.pick("最需要关注的网格", "Grids to look at first")
        items = [(_grid_label(context, g), grid_links.get(g), text) for g, text in grids]
        parts.append(
            f"<h3>{escape(heading)}</h3><ul class='findings'>"
            + "".join(
                f"<li>{_link(label, href)}{escape(words.pick('：', ': ') + text)}</li>"
                for label, href, text in items
            )
            + "</ul>"
        )
    if grid_links:
        heading = words.pick("各网格一页纸（网格议事会用）", "One page per grid (for the grid meeting)")
        parts.append(f"<h3>{escape(heading)}</h3>")
        community = context.net.places["community"]
        by_community: dict[str, list[str]] = {}
        for grid, href in grid_links.items():
            place = community.get(grid)
            key = str(context.place_names.get(place, "")) if isinstance(place, str) else ""
            by_community.setdefault(key, []).append(_link(str(context.place_names.get(grid, grid)), href))
        parts.extend(
            f"<p class='grids'>{escape(name + words.pick('：', ': ')) if name else ''}{' · '.join(links)}</p>"
            for name, links in by_community.items()
        )
    return _Section("findings", words.pick("要点", "Findings"), extra="".join(parts))


def _fall(words: Words, fell: pd.Series) -> str:
    """How a grid's rate fell (a row of :func:`falling_grids`): the rate that fell most."""
    response_fall = fell["response_rate_before"] - fell["response_rate_recent"]
    key = "response_rate" if response_fall >= fell["fall"] - 1e-9 else "satisfaction_rate"
    rate_zh, rate_en = {
        "response_rate": ("响应率", "response rate"),
        "satisfaction_rate": ("满意率", "satisfaction"),
    }[key]
    before, recent = words.percent(fell[f"{key}_before"]), words.percent(fell[f"{key}_recent"])
    return words.pick(
        f"最近 {RECENT_MONTHS} 个月{rate_zh}从 {before} 降到 {recent}",
        f"the {rate_en} fell from {before} to {recent} in the last {RECENT_MONTHS} months",
    )


def _list(lines: list[str]) -> str:
    return "<ul class='findings'>" + "".join(f"<li>{escape(line)}</li>" for line in lines) + "</ul>"


def _link(label: str, href: str | None) -> str:
    return f'<a href="{escape(href)}">{escape(label)}</a>' if href else escape(label)


def _grid_label(context: _Context, grid: str) -> str:
    """A grid's name, after its community's when the report covers several."""
    return _grid_labels(context, pd.Series([grid], dtype=object))[0]


def _grid_labels(context: _Context, grids: pd.Series) -> list[str]:
    """Each grid's name, after its community's when the report covers several; "in no grid" for none."""
    names = _place_name(context, grids)
    if context.net.partners["community"].nunique() > 1:
        communities = _place_name(context, context.net.places["community"].reindex(grids.to_numpy()))
        names = [f"{c} {n}".strip() for c, n in zip(communities, names)]
    nowhere = context.words.pick("未归属网格", "in no grid")
    return [name if isinstance(grid, str) else nowhere for grid, name in zip(grids, names)]


def _share(value: float) -> str:
    return f"{value * 100:.1f}%" if value < 0.1 else f"{value * 100:.0f}%"


def _grid_findings(
    context: _Context, todo: pd.DataFrame, by_grid: CoverageSummary | None, facts: dict[str, Any]
) -> dict[str, list[str]]:
    """What to say about each grid: its coverage, buildings no party member reaches, urgent open needs,
    a rate that fell.

    Grids most in need first: those with more to say, then the lowest coverage.
    """
    words = context.words
    sentences: dict[str, list[str]] = {}
    if by_grid is not None:
        places = by_grid.places.sort_values("household_coverage_ratio", kind="stable")
        gaps = by_grid.gaps
        party = set(context.net.schema.kinds_with("party_member"))
        lacking = gaps[(gaps["gap"] != "service") & gaps["missing"].isin(party)]
        lacking_by_grid = {grid: rows for grid, rows in lacking.groupby("place", sort=False)}
        for grid, share in zip(places.index, places["household_coverage_ratio"], strict=True):
            shown = words.percent(share)
            parts = [words.pick(f"住户覆盖率 {shown}", f"{shown} of households covered")]
            rows = lacking_by_grid.get(grid)
            if rows is not None:
                kind = words.term(context.net.schema.kinds[rows["missing"].iloc[0]])
                buildings = "、".join(str(n) for n in rows["unit_name"].head(3))
                more = words.pick("等", " and others") if len(rows) > 3 else ""
                parts.append(
                    words.pick(f"{buildings}{more}无{kind}联系", f"{buildings}{more} reached by no {kind}")
                )
            sentences[str(grid)] = parts
    if len(todo):
        urgent = todo[todo["urgent"].astype(bool)]
        for grid, count in urgent.groupby("grid", dropna=True).size().items():
            sentences.setdefault(str(grid), []).append(
                words.pick(f"{count} 件紧急诉求待办", f"{count} urgent needs open")
            )
    if "falling" in facts:
        for _, fell in facts["falling"].iterrows():
            sentences.setdefault(str(fell["grid"]), []).append(_fall(words, fell))
    ranked = sorted(sentences, key=lambda g: -len(sentences[g]))  # stable: lowest coverage first within
    return {grid: sentences[grid] for grid in ranked}


@dataclass(frozen=True)
class _Rows:
    """A people's table rendered once, row by row, and which row is each partner's (for the grid pages)."""

    columns: list[str]
    rows: np.ndarray  # of ``<tr>`` strings
    at: np.ndarray  # partner position -> row, -1 for partners without one (unused for the work list)

    @classmethod
    def of(cls, frame: pd.DataFrame, positions: np.ndarray | None = None, size: int = 0) -> _Rows:
        at = np.full(size, -1, dtype=np.int64)
        if positions is not None:
            at[positions] = np.arange(len(frame))
        return cls(list(frame.columns), np.array(html_rows(frame), dtype=object), at)

    def html(self, rows: np.ndarray | list[int], words: Words) -> str:
        return html_from_rows(self.columns, self.rows[np.asarray(rows, dtype=np.int64)].tolist(), words)

    def of_partners(self, members: np.ndarray, words: Words) -> str:
        rows = self.at[members]
        return self.html(np.sort(rows[rows >= 0]), words)


@dataclass(frozen=True)
class _GridTables:
    """What every grid page draws from, made once for the whole network (by partner position)."""

    people: _Rows  # partners other than residents and grids: name, kind, role
    buildings: _Rows | None  # buildings and who reaches them
    needs: _Rows  # the work list without its grid columns
    households: np.ndarray  # households (0 where none)
    resident: np.ndarray  # a resident
    above: dict[
        str, str
    ]  # grid -> the grid holding it and its community, by name ("第4大网格 · 富成花园社区")


def _grid_pages(
    context: _Context,
    out: Path,
    todo: pd.DataFrame,
    grid_sentences: dict[str, list[str]],
    with_buildings: bool,
    title: str,
) -> dict[str, str]:
    """One printable page per grid in ``grids/``; returns grid id -> link from the report."""
    net = context.net
    grids = net.partners.index[net.partners["kind"].isin(net.schema.kinds_at("grid"))]
    if not len(grids):
        return {}
    folder = out / GRID_FOLDER
    folder.mkdir(exist_ok=True)
    chains = net.places["grid_chain"]
    members: dict[str, list[int]] = {}  # grid -> positions of the partners in it or in a grid it holds
    for position, chain in enumerate(chains.tolist()):
        for grid in chain if isinstance(chain, tuple) else ():
            members.setdefault(grid, []).append(position)
    needs_of: dict[str, list[int]] = {}  # grid -> rows of the work list in it or in a grid it holds
    for row, chain in enumerate(chains.reindex(todo["grid"]).tolist()):
        for grid in chain if isinstance(chain, tuple) else ():
            needs_of.setdefault(grid, []).append(row)
    tables = _grid_tables(context, todo, with_buildings, grids)
    sentences = {g: context.words.pick("，", ", ").join(parts) for g, parts in grid_sentences.items()}
    sketching = Sketching.of(net, context.shown, places_layout(net))
    files = _file_names(context, grids)
    links: dict[str, str] = {}
    for grid in grids:
        inside = np.array(members.get(grid, []), dtype=np.int64)
        html = _grid_page(
            context, grid, inside, needs_of.get(grid, []), tables, sentences.get(grid, ""), title, sketching
        )
        output_file(folder / files[grid]).write_text(html, encoding="utf-8")
        links[grid] = f"{GRID_FOLDER}/{files[grid]}"  # the name holds letters, digits, CJK, - and _ only
    return links


def _first_known(table: pd.DataFrame, columns: list[str]) -> pd.Series | str:
    """Per row, the first of ``columns`` that is filled ("" when none is there)."""
    if not columns:
        return ""
    found = table[columns[0]].astype(object)
    for column in columns[1:]:
        found = found.where(found.notna(), table[column].astype(object))
    return found


def _grid_tables(context: _Context, todo: pd.DataFrame, with_buildings: bool, grids: pd.Index) -> _GridTables:
    net, words = context.net, context.words
    schema = net.schema
    partners = net.partners
    index, size = partners.index, len(partners)
    kinds = partners["kind"]
    resident = kinds.isin(schema.kinds_with("resident"))
    people = partners[~resident & ~kinds.isin(schema.kinds_at("grid"))]
    people = people.assign(
        name=context.shown.reindex(people.index).to_numpy(),
        kind=_kind(context, people["kind"]),
        role=_first_known(people, [c for c in ("role_zh", "role") if c in people]),
    ).sort_values("kind", kind="stable")
    shown_people = people_table(people, [Column("name"), Column("kind"), Column("role")], words)
    buildings = None
    if with_buildings:
        found = coverage(net, unit="building", hops=context.hops)
        covered = [c.removeprefix("covered_by_") for c in found.columns if c.startswith("covered_by_")]
        columns = [Column("name", label=words("building")), Column("households", show="int")]
        columns += [
            Column(
                f"covered_by_{k}",
                show="yesno",
                label=words.pick(
                    f"有{words.term(schema.kinds[k])}联系", f"reached by {words.term(schema.kinds[k])}"
                ),
            )
            for k in covered
            if k in schema.kinds
        ]
        buildings = _Rows.of(people_table(found, columns, words), index.get_indexer(found.index), size)
    households = (
        pd.to_numeric(partners["households"], errors="coerce").fillna(0).to_numpy(dtype=np.float64)
        if "households" in partners
        else np.zeros(size)
    )
    places = net.places
    names = context.place_names
    above = {}
    for grid, chain, community in zip(
        grids, places["grid_chain"].reindex(grids), places["community"].reindex(grids), strict=True
    ):
        holders = [chain[1]] if isinstance(chain, tuple) and len(chain) > 1 else []
        holders += [community] if isinstance(community, str) else []
        above[grid] = " · ".join(str(names.get(place, "")) for place in holders)
    return _GridTables(
        people=_Rows.of(shown_people, index.get_indexer(people.index), size),
        buildings=buildings,
        needs=_Rows.of(people_table(todo, _work_columns(words)[2:], words)),
        households=households,
        resident=resident.to_numpy(),
        above=above,
    )


def _file_names(context: _Context, grids: pd.Index) -> dict[str, str]:
    """A file name per grid page: its community's name and its own, made safe; repeats numbered."""
    names = context.place_names
    communities = context.net.places["community"].reindex(grids)
    files: dict[str, str] = {}
    used: set[str] = set()
    for grid, community in zip(grids, communities, strict=True):
        parts = [
            str(names.get(community, "")) if isinstance(community, str) else "",
            str(names.get(grid, grid)),
        ]
        stem = re.sub(r"[^\w\u3400-\u9fff-]+", "_", "-".join(p for p in parts if p)).strip("_")[:60] or "grid"
        name, n = stem, 1
        while name.lower() in used:
            n += 1
            name = f"{stem}-{n}"
        used.add(name.lower())
        files[grid] = f"{name}.html"
    return files


def _grid_page(
    context: _Context,
    grid: str,
    inside: np.ndarray,
    need_rows: list[int],
    tables: _GridTables,
    sentence: str,
    title: str,
    sketching: Sketching,
) -> str:
    net, words = context.net, context.words
    sections = [
        (words.pick("网格里的合伙人", "The grid's partners"), tables.people.of_partners(inside, words))
    ]
    if tables.buildings is not None:
        sections.append(
            (words.pick("楼栋覆盖", "Buildings reached"), tables.buildings.of_partners(inside, words))
        )
    sections.append(
        (words.pick("待办需求与建议", "Open needs and suggestions"), tables.needs.html(need_rows, words))
    )
    cards = {
        words("partners"): f"{len(inside):,}",
        words.pick("居民", "residents"): f"{int(tables.resident[inside].sum()):,}",
        words("households"): f"{tables.households[inside].sum():,.0f}",
        words.pick("待办需求", "open needs"): f"{len(need_rows):,}",
    }
    body = "".join(f"<section><h2>{escape(caption)}</h2>{html}</section>" for caption, html in sections)
    return page_template("grid.html").substitute(
        shared=_SHARED_CSS,
        lang="zh-CN" if words.lang != "en" else "en",
        title=escape(str(context.place_names.get(grid, grid))),
        where=escape(tables.above.get(grid, "")),
        report=escape(title),
        back=escape(words.pick("返回报告", "back to the report")),
        network=escape(words.pick("在网络图中查看本网格", "this grid on the network page")),
        grid_hash=escape(quote(f"grid={grid}")),
        cards="".join(
            f'<div class="card"><b>{escape(v)}</b><span>{escape(k)}</span></div>' for k, v in cards.items()
        ),
        sentence=escape(sentence),
        body=body,
        sketch_title=escape(words.pick("本网格的联系", "The grid's ties")),
        sketch=grid_sketch(net, inside, sketching, words),
        date=date.today().isoformat(),
    )


def _how_paths(words: Words, paths: dict[str, object]) -> str:
    """How the path measures were computed, in words."""
    lengths = (
        words.pick("按关系强弱折算的距离", "by tie strength (1/weight)")
        if paths.get("lengths") == "1/weight"
        else words.pick("按联系层数", "in ties")
    )
    if paths.get("exact", True):
        return words.pick(f"精确计算，路径长度{lengths}", f"computed exactly, path lengths {lengths}")
    return words.pick(
        f"从 {paths.get('sources'):,} 个随机起点估计（随机种子 {paths.get('seed')}），路径长度{lengths}",
        f"estimated from {paths.get('sources'):,} sampled sources (seed {paths.get('seed')}), "
        f"path lengths {lengths}",
    )


def _page(
    context: _Context,
    title: str,
    sections: list[_Section],
    skipped: list[str],
    measures: pd.DataFrame,
    workbook: Path,
) -> str:
    net, words = context.net, context.words
    nav = "".join(f'<a href="#{s.key}">{escape(s.title.split("：")[0].split("（")[0])}</a>' for s in sections)
    body = []
    for section in sections:
        parts = [f'<section id="{section.key}"><h2>{escape(section.title)}</h2>']
        if section.intro:
            parts.append(f"<p>{escape(section.intro)}</p>")
        parts.append(section.extra)
        parts.extend(f"<figure>{chart}</figure>" for chart in section.charts)
        for table in section.tables:
            more = counter(table, words)
            download = words.pick("下载全部", "download all")
            parts.append(
                f'<div class="table"><h3>{escape(table.caption)}'
                f'<a class="csv" href="{escape(table.name)}.csv">{escape(download)}</a>'
                f"<small>{escape(more)}</small></h3>{html_table(table, words)}"
                + "".join(f'<p class="note">{escape(n)}</p>' for n in table.notes)
                + "</div>"
            )
        parts.append("</section>")
        body.append("".join(parts))
    notes = "".join(f"<li>{escape(s)}</li>" for s in skipped)
    files = f'<a href="{NETWORK_PAGE}">{escape(words.pick("网络图", "network page"))}</a>'
    book = words.pick("Excel 工作簿（全部表格）", "Excel workbook of the tables")
    files += f' · <a href="{workbook.name}">{escape(book)}</a>'
    households = (
        int(np.nansum(pd.to_numeric(net.partners["households"], errors="coerce")))
        if "households" in net.partners
        else 0
    )
    stats = {
        words("partners"): len(net.partners),
        words("relations"): len(net.relations),
        words.pick("待办需求", "open needs"): len(open_needs(net)),
        words("resources"): len(net.resources),
        words("households"): households,
    }
    cards = "".join(f'<div class="card"><b>{v:,}</b><span>{escape(k)}</span></div>' for k, v in stats.items())
    left_out = words.pick("未包含的部分", "Left out")
    return page_template("report.html").substitute(
        shared=_SHARED_CSS,
        lang="zh-CN" if words.lang != "en" else "en",
        title=escape(title),
        subtitle=escape(words.pick("社区合伙人网络报告", "Community partner network report")),
        date=date.today().isoformat(),
        nav=nav,
        cards=cards,
        files=files,
        body="".join(body),
        skipped=f"<section><h2>{escape(left_out)}</h2><ul>{notes}</ul></section>" if notes else "",
        paths=escape(
            words.pick("中心度计算方式：", "Path measures: ")
            + _how_paths(words, measures.attrs.get("paths", {}))
        ),
    )
