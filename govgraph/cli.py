"""The ``govgraph`` command.

Exit codes: 0 success, 1 any other govgraph error, 2 usage error, 3 invalid
data (every problem is printed, one per line, to standard error).
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
import numpy as np
import pandas as pd

from govgraph.analysis import MEASURES, centrality
from govgraph.analysis.measures import SAMPLED_SOURCES
from govgraph.datasets import load_dataset
from govgraph.errors import DataError, GovGraphError
from govgraph.io import READ_WORKBOOK_FORMATS, import_ledger, read, read_ledger, write_template
from govgraph.io.ledger import LOG_COLUMNS
from govgraph.io.sheets import write_csv_for_people, write_workbook_for_people
from govgraph.matching import BUILT_IN_STRATEGIES, Matching, candidates, match
from govgraph.model.glossary import LANGUAGES
from govgraph.model.network import PartnerNetwork, file_tables
from govgraph.model.places import UNITS
from govgraph.privacy import anonymize, personal_data
from govgraph.report import PDF, REPORT_STEPS, labelled_summary, report
from govgraph.report.activities import activity_counts
from govgraph.report.pdf import print_pdf
from govgraph.store import available_queries
from govgraph.viz import LAYOUTS, MAX_NODES, network_page

if TYPE_CHECKING:
    from govgraph.store import Neo4jStore

__all__ = ["main"]

EXIT_INVALID_DATA = 3
#: The import log ``govgraph import`` writes beside the tables.
IMPORT_LOG = "import_log.csv"
#: Where the data format is documented.
README_URL = "https://github.com/govgraph/govgraph/blob/main/README.md"

_PATH = click.Path(exists=True, path_type=Path)
_NAMES = click.option("--names", is_flag=True, help="Show residents' names (default: by role and place).")
_LANG = click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    help="Language of the pages: zh, en or both (default: zh when most names are Chinese, else en).",
)
_STRATEGY = click.option(
    "-s", "--strategy", type=click.Choice(BUILT_IN_STRATEGIES), default="optimal", show_default=True
)


def _provider_hops(default: int) -> Any:
    """The ``--hops`` option: how far from a place a provider may be."""
    return click.option(
        "--hops",
        default=default,
        show_default=True,
        type=click.IntRange(min=1),
        help="Reach of a provider, in ties.",
    )


#: The report's steps as the progress bar names them.
_STEP_WORDS = {
    "summary": "概况 summary",
    "connectors": "关键连接者 connectors",
    "brokerage": "跨社区牵线 brokerage",
    "weak points": "薄弱环节 weak points",
    "coverage": "覆盖 coverage",
    "workload": "工作量 workload",
    "work list": "待办清单 work list",
    "pipeline": "需求流程 pipeline",
    "trends": "趋势 trends",
    "matching": "匹配方法 matching",
    "activities": "活动与项目 activities",
    "network page": "网络图 network page",
    "grid pages": "网格页 grid pages",
    "files": "写出文件 files",
}


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="govgraph")
def main() -> None:
    """Stakeholder networks of grid-based community governance (社区网格治理合伙人网络).

    PATH is a community ledger (台账: an .xlsx workbook with sheets such as 网格,
    网格员, 居民诉求; start from `govgraph template`), a folder of CSV files
    (partners.csv, relations.csv, needs.csv, resources.csv), an .xlsx workbook
    with sheets of those names, or a .graphml/.gexf/.json graph file.
    """


_MAPPING_KEY = "govgraph.mapping"


def _remember_mapping(context: click.Context, _: click.Parameter, value: Path | None) -> None:
    context.meta[_MAPPING_KEY] = value


#: ``--mapping`` on every command that reads PATH: a ledger's mapping file, read by :func:`_load`.
_mapping_option = click.option(
    "--mapping",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    expose_value=False,
    callback=_remember_mapping,
    help="For a ledger (台账): a .toml (or .yaml) file naming sheets and columns the built-in lists "
    "do not know.",
)


def _mapping() -> Path | None:
    """The running command's --mapping (see :data:`_mapping_option`)."""
    return click.get_current_context().meta.get(_MAPPING_KEY)


def _load(path: Path) -> PartnerNetwork:
    """Read a network (a ledger with the command's --mapping, if any) or exit: 3 with every problem listed,
    1 on other errors."""
    mapping = _mapping()
    if mapping is not None and path.suffix.lower() not in READ_WORKBOOK_FORMATS:
        raise click.UsageError(
            f"--mapping 只用于台账工作簿（.xlsx 或 .xls）· --mapping is for a ledger workbook "
            f"(.xlsx or .xls), not {path.name}"
        )
    try:
        return read(path) if mapping is None else read_ledger(path, mapping=mapping)
    except DataError as error:
        _print_problems(error)
        sys.exit(EXIT_INVALID_DATA)
    except GovGraphError as error:
        raise click.ClickException(str(error)) from None


def _print_problems(error: DataError) -> None:
    count = len(error.problems)
    click.echo(
        f"数据有误，共 {count} 处，请逐条修改后再运行 · "
        f"invalid data: {count} problem{'s' if count != 1 else ''}",
        err=True,
    )
    for problem in error.problems:
        lines = _printable(problem.describe("both")).splitlines()
        click.echo("- " + "\n  ".join(lines), err=True)


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _printable(text: str) -> str:
    """Text from the data, safe for a terminal: control characters (escape sequences too) shown, not run."""
    return _CONTROL.sub(lambda found: f"\\x{ord(found.group()):02x}", text)


@main.command()
@click.argument("path", type=_PATH)
@_mapping_option
def validate(path: Path) -> None:
    """Check PATH and list every problem with its file, row and column (exit 3 if any)."""
    net = _load(path)
    click.echo(f"数据有效 valid: {_counts(net)}")


@main.command()
@click.argument("path", type=_PATH)
@_mapping_option
def summary(path: Path) -> None:
    """Print partners by kind and community (按社区和类型统计合伙人)."""
    _print_summary(_load(path))


@main.command()
@click.option(
    "-o",
    "--output",
    default="govgraph-demo",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the report.",
)
def demo(output: Path) -> None:
    """Report on the bundled Datun North network (大屯街道北片区) into ./govgraph-demo/."""
    net = load_dataset("datun_north")
    click.echo("Datun Street north cluster, Chaoyang District, Beijing (大屯街道北片区雁阵): " + _counts(net))
    _write_report(net, output, title="大屯街道北片区 Datun Street north cluster")
    click.echo(
        "\n下一步：用自己社区的台账 · Next, your own community's ledger:\n"
        "  govgraph template -o 台账模板.xlsx       写出台账模板，填好后保存 · write the template\n"
        "  govgraph report 台账模板.xlsx -o 报告    生成本社区的报告 · your community's report\n"
        "  已有台账可直接使用：govgraph import 台账.xlsx -o 数据  （import_log.csv 说明每一步）\n"
        f"  数据格式说明 · the data format: {README_URL}#从台账开始--start-from-your-own-ledger"
    )


@main.command(name="import")
@click.argument("ledger", type=_PATH)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the tables and import_log.csv.",
)
@_mapping_option
@click.option("--community", help="The community's name, for rows no column places in one.")
def import_command(ledger: Path, output: Path, community: str | None) -> None:
    """Read a community ledger (台账) into the standard tables in OUTPUT, with import_log.csv (导入台账).

    The log says, for every sheet and column, what it became, every value that
    was normalised and every row skipped, and why.
    """
    try:
        imported = import_ledger(ledger, mapping=_mapping(), community=community)
    except DataError as error:
        _print_problems(error)
        sys.exit(EXIT_INVALID_DATA)
    except GovGraphError as error:
        raise click.ClickException(str(error)) from None
    output.mkdir(parents=True, exist_ok=True)
    log = output / IMPORT_LOG
    try:
        net = imported.network()
    except DataError as error:
        problems = pd.DataFrame(
            [
                {"sheet": p.source, "row": p.row, "column": p.column, "action": "problem"}
                | {"zh": p.zh, "en": p.message}
             for p in error.problems]
        )  # fmt: skip
        write_csv_for_people(
            pd.concat([imported.log, problems], ignore_index=True).rename(columns=LOG_COLUMNS),
            log,
            index=False,
        )
        _print_problems(error)
        click.echo(f"导入日志 import log: {log}", err=True)
        sys.exit(EXIT_INVALID_DATA)
    net.write(output)
    write_csv_for_people(imported.log_for_people(), log, index=False)
    click.echo(f"导入完成 imported: {_counts(net)}")
    if unread := imported.unread_sheets():
        names = "、".join(unread)
        click.echo(
            f"  未导入的工作表（见日志）：{names} · sheets not read (see the log): {', '.join(unread)}"
        )
    written = [f"{name}.csv" for name in file_tables(net)]
    click.echo(f"已写出 wrote {output}{os.sep} ({', '.join([*written, IMPORT_LOG])})")


@main.command()
@click.option(
    "-o",
    "--output",
    default="台账模板.xlsx",
    show_default=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The .xlsx file to write.",
)
@click.option(
    "--community", default="示例社区", show_default=True, help="The community's name for the titles."
)
def template(output: Path, community: str) -> None:
    """Write a fill-in ledger workbook (台账模板): Chinese headers, drop-down lists, example rows."""
    if output.suffix.lower() != ".xlsx":
        raise click.UsageError(f"OUTPUT must end in .xlsx, got {output.name!r}")
    write_template(output, community=community)
    click.echo(
        f"已写出 wrote {output}: "
        "说明, 网格, 楼栋, 网格员, 党员, 商户, 社会组织, 志愿者, 其他合伙人, 居民, 居民诉求, "
        "活动台账, 项目清单"
    )
    click.echo(f"填好后 when filled in: govgraph report {output} -o 报告")


@main.command(name="report")
@click.argument("path", type=_PATH)
@_mapping_option
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the report.",
)
@click.option("--title", help="Heading of the report (default: the communities' names).")
@click.option("--hops", default=2, show_default=True, type=click.IntRange(min=1), help="Reach for coverage.")
@click.option(
    "--exact", is_flag=True, help="Compute betweenness exactly instead of from 256 sampled sources (slower)."
)
@_NAMES
@_LANG
@click.option("--pdf", is_flag=True, help="Also print report.pdf with headless Chromium (打印 PDF).")
def report_command(
    path: Path,
    output: Path,
    title: str | None,
    hops: int,
    exact: bool,
    names: bool,
    lang: str | None,
    pdf: bool,
) -> None:
    """Write the report on PATH into OUTPUT (报告): index.html with the work list, a page per grid, the
    network page, every table as CSV and a workbook."""
    net = _load(path)
    _write_report(
        net,
        output,
        title=title,
        hops=hops,
        sources=None if exact else SAMPLED_SOURCES,
        names=names,
        lang=lang,
    )
    if pdf:
        try:
            printed = print_pdf(output / "index.html", output / PDF)
        except GovGraphError as error:
            raise click.ClickException(str(error)) from None
        click.echo(f"已写出 wrote {printed}")


def _write_report(net: PartnerNetwork, output: Path, **options: Any) -> None:
    with click.progressbar(
        length=len(REPORT_STEPS), label="报告 report", show_pos=True, file=sys.stderr
    ) as bar:

        def progress(step: str) -> None:
            bar.label = f"报告 report: {_STEP_WORDS.get(step, step)}"
            bar.update(0 if step == REPORT_STEPS[0] else 1)

        try:
            index = report(net, output, progress=progress, **options)
        except GovGraphError as error:
            raise click.ClickException(str(error)) from None
        bar.update(1)
    click.echo(
        f"已写出 wrote {output}{os.sep}"
        "（待办清单、各网格页、网络图、表格 work list, grid pages, network page, tables）"
    )
    click.echo(f"open 打开: {index.resolve().as_uri()}")


@main.command(name="viz")
@click.argument("path", type=_PATH)
@_mapping_option
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The .html file to write.",
)
@click.option(
    "--color-by", default="kind", show_default=True, help="Partner column giving each node its colour."
)
@click.option(
    "--size-by", help="Numeric partner column, or a centrality measure (e.g. pagerank), giving sizes."
)
@click.option(
    "--layout",
    type=click.Choice(LAYOUTS),
    default="places",
    show_default=True,
    help="Positions by place, or physics.",
)
@click.option(
    "--max-nodes",
    default=MAX_NODES,
    show_default=True,
    type=click.IntRange(min=1),
    help="Above this, residents are folded into their buildings (then other kinds into their places).",
)
@_NAMES
@_LANG
def viz_command(
    path: Path,
    output: Path,
    color_by: str,
    size_by: str | None,
    layout: str,
    max_nodes: int,
    names: bool,
    lang: str | None,
) -> None:
    """Write the interactive network page of PATH to OUTPUT: one HTML file that works offline (网络图)."""
    net = _load(path)
    try:
        measures = None
        if size_by in MEASURES:
            with _spinner(f"centrality: {size_by}"):
                measures = centrality(net, measures=[size_by])[[size_by]]
        page = network_page(
            net,
            color_by=color_by,
            size_by=size_by,
            layout=layout,
            max_nodes=max_nodes,
            measures=measures,
            names=names,
            lang=lang,
        )
    except GovGraphError as error:
        raise click.ClickException(str(error)) from None
    page.save(output)
    click.echo(
        f"已写出 wrote {output}: {page.nodes:,} nodes, {page.edges:,} edges"
        + (f"; {page.note}" if page.note else "")
    )
    click.echo(f"open 打开: {output.resolve().as_uri()}")


@contextmanager
def _spinner(label: str) -> Iterator[None]:
    """A one-step progress bar for a step that reports no progress of its own."""
    with click.progressbar(length=1, label=label, file=sys.stderr) as bar:
        yield
        bar.update(1)


@main.command()
@click.argument("path", type=_PATH)
@_mapping_option
@click.argument("output", type=click.Path(path_type=Path))
def convert(path: Path, output: Path) -> None:
    """Validate PATH and write it to OUTPUT: a folder, .parquet (a folder of Parquet tables), .xlsx,
    .graphml, .gexf or .json.

    GraphML and GEXF open in Gephi and Cytoscape; Parquet in Spark, pandas and data platforms.
    """
    net = _load(path)
    try:
        net.write(output)
    except GovGraphError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"已写出 wrote {output}: {_counts(net)}")


@main.command(name="anonymize")
@click.argument("path", type=_PATH)
@_mapping_option
@click.argument("output", type=click.Path(path_type=Path))
@click.option(
    "--key-env",
    default="GOVGRAPH_KEY",
    show_default=True,
    help="Environment variable holding the secret key (never given on the command line).",
)
@click.option("--ids", is_flag=True, help="Also replace residents' ids.")
def anonymize_command(path: Path, output: Path, key_env: str, ids: bool) -> None:
    """Write a copy of PATH with residents' names and contact fields pseudonymised."""
    key = os.environ.get(key_env)
    if not key:
        raise click.UsageError(f"set the secret key in the environment variable {key_env}")
    net = _load(path)
    anonymize(net, key=key, ids=ids).write(output)
    click.echo(f"已写出 wrote {output}: {_counts(net)}")
    found = personal_data(net)
    if found.empty:
        click.echo("nothing personal found (未发现个人信息)")
    for row in found.itertuples(index=False):
        click.echo(f"  replaced 已替换: {row.table}.{row.column}: {row.what}, {row.cells:,} cells")


@main.command(name="match")
@click.argument("path", type=_PATH)
@_mapping_option
@_STRATEGY
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="A .csv file (one row per need) or an .xlsx workbook (assignments, unmatched, metrics).",
)
@_provider_hops(3)
@_NAMES
def match_command(path: Path, strategy: str, output: Path, hops: int, names: bool) -> None:
    """Assign resources to the needs in PATH and write who answers which need, and why (需求与资源匹配)."""
    if output.suffix.lower() not in (".csv", ".xlsx"):
        raise click.UsageError(f"OUTPUT must end in .csv or .xlsx, got {output.name!r}")
    net = _load(path)
    try:
        table = candidates(net, hops=hops, names=names)
        result = match(net, strategy=strategy, table=table)
    except GovGraphError as error:
        raise click.ClickException(str(error)) from None
    if output.suffix.lower() == ".csv":
        write_csv_for_people(_one_row_per_need(net, result), output)
    else:
        sheets = {
            "assignments": result.assignments,
            "unmatched": result.unmatched,
            "metrics": pd.Series(dict(result.metrics), name="value").to_frame(),
        }
        try:
            write_workbook_for_people(sheets, output)
        except GovGraphError as error:
            raise click.ClickException(str(error)) from None
    metrics = result.metrics
    click.echo(
        f"{strategy}: matched {int(metrics['matched']):,} of {int(metrics['needs']):,} needs "
        f"({metrics['match_rate']:.1%}; urgency-weighted {metrics['urgency_weighted_match_rate']:.1%}; "
        f"lowest grid {metrics['lowest_grid_match_rate']:.1%}) 已匹配"
    )
    click.echo(f"已写出 wrote {output}")


def _one_row_per_need(net: PartnerNetwork, result: Matching) -> pd.DataFrame:
    """Every need with its status (matched / unmatched, 已匹配 / 未匹配), its resource or the reason."""
    table = net.needs[["requester", "category", "urgency"]].copy()
    matched = table.index.isin(result.assignments.index)
    table.insert(0, "status", np.where(matched, "matched", "unmatched"))
    table.insert(1, "status_zh", np.where(matched, "已匹配", "未匹配"))
    chosen = ["resource", "provider", "score", "hops", "explanation_zh", "explanation_en"]
    table = table.join(result.assignments[chosen]).join(result.unmatched[["reason", "reason_zh"]])
    table["hops"] = table["hops"].astype("Int64")
    table.index.name = "need"
    return table


@main.group()
def neo4j() -> None:
    """Push to, pull from and query a Neo4j database.

    The connection comes from GOVGRAPH_NEO4J_URI, GOVGRAPH_NEO4J_USER,
    GOVGRAPH_NEO4J_PASSWORD and GOVGRAPH_NEO4J_DATABASE (the password is never
    taken on the command line). `bash scripts/neo4j-server start` runs a local
    server for trying it out.
    """


def _store() -> Neo4jStore:
    from govgraph.store import Neo4jStore

    try:
        return Neo4jStore()
    except GovGraphError as error:
        raise click.ClickException(str(error)) from None


@neo4j.command()
@click.argument("path", type=_PATH)
@_mapping_option
@click.option("--replace", is_flag=True, help="Also remove what is in the database but not in PATH.")
@click.option("--batch-size", default=10_000, show_default=True, type=click.IntRange(min=1))
def push(path: Path, replace: bool, batch_size: int) -> None:
    """Validate PATH and save it to Neo4j (merge by id; saving twice changes nothing)."""
    net = _load(path)
    with _store() as store:
        try:
            counts = store.save(net, mode="replace" if replace else "merge", batch_size=batch_size)
        except GovGraphError as error:
            raise click.ClickException(str(error)) from None
    click.echo(f"已保存 saved to {store.uri}: " + ", ".join(f"{v:,} {k}" for k, v in counts.items()))


@neo4j.command()
@click.option(
    "-o", "--output", required=True, type=click.Path(path_type=Path), help="Folder or file to write."
)
@click.option("--community", "communities", multiple=True, help="Only this community (repeatable).")
def pull(output: Path, communities: tuple[str, ...]) -> None:
    """Load the network from Neo4j and write it to OUTPUT (folder, .xlsx, .graphml, ...)."""
    with _store() as store:
        try:
            net = store.load(communities=list(communities) or None)
        except DataError as error:
            _print_problems(error)
            sys.exit(EXIT_INVALID_DATA)
        except GovGraphError as error:
            raise click.ClickException(str(error)) from None
    net.write(output)
    click.echo(f"已写出 wrote {output}: {_counts(net)}")


@neo4j.command(name="query")
@click.argument("name", type=click.Choice(available_queries()))
@click.option(
    "-p",
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="A parameter; VALUE is read as JSON if it can be.",
)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write the rows to this CSV file.")
def query_command(name: str, params: tuple[str, ...], output: Path | None) -> None:
    """Run a shipped query (cypher/queries/NAME.cypher) and print its rows."""
    arguments = dict(_parameter(p) for p in params)
    with _store() as store:
        try:
            frame = store.query(name, **arguments)
        except GovGraphError as error:
            raise click.ClickException(str(error)) from None
    if output is not None:
        write_csv_for_people(frame, output, index=False)
        click.echo(f"已写出 wrote {len(frame):,} rows to {output}")
        return
    with pd.option_context("display.width", 200, "display.max_columns", 50, "display.max_rows", 200):
        click.echo(_printable(frame.to_string(index=False)) if len(frame) else "(no rows)")


def _parameter(text: str) -> tuple[str, object]:
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise click.BadParameter(f"expected NAME=VALUE, got {text!r}", param_hint="--param")
    try:
        return name, json.loads(value)
    except json.JSONDecodeError:
        return name, value


def _counts(net: PartnerNetwork) -> str:
    zh, en = activity_counts(net)
    return (
        f"{len(net.partners):,} 个合伙人、{len(net.relations):,} 条关系、{len(net.needs):,} 件诉求、"
        f"{len(net.resources):,} 项资源{zh} · {len(net.partners):,} partners, "
        f"{len(net.relations):,} relations, {len(net.needs):,} needs, {len(net.resources):,} resources{en}"
    )


def _print_summary(net: PartnerNetwork) -> None:
    click.echo(_counts(net))
    with pd.option_context("display.width", 200, "display.max_columns", 50):
        click.echo(_printable(labelled_summary(net).to_string()))


if __name__ == "__main__":  # pragma: no cover
    main()


# -- govgraph spark ---------------------------------------------------------------------------

_MASTER = click.option(
    "--master",
    default=None,
    help="Spark master URL: local[N] on this machine, spark://host:7077 or yarn on a cluster "
    "(default: spark-submit's --master, else local[*]).",
)
_SPARK_INPUT = click.argument("path", metavar="INPUT")
_SPARK_OUTPUT = click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(path_type=Path),
    help="A folder (Parquet part files, for the cluster's next job) or a .csv file (for people).",
)
#: Problems printed before the count of the rest.
_SHOWN_PROBLEMS = 50


@main.group()
def spark() -> None:
    """A city on Apache Spark: validate, cover and match community by community (needs govgraph[spark])."""


@spark.command(name="coverage")
@_SPARK_INPUT
@_SPARK_OUTPUT
@_MASTER
@click.option("--unit", type=click.Choice(UNITS), default="building", show_default=True)
@_provider_hops(1)
def spark_coverage(path: str, output: Path, master: str | None, unit: str, hops: int) -> None:
    """Who reaches every building, grid or resident of the city in INPUT (a Parquet folder)."""
    ggs, city = _spark_city(path, master)
    table = _spark_step("覆盖 coverage", lambda: ggs.coverage(city, unit=unit, hops=hops))
    _spark_write(table, output)
    total, covered = table.count(), table.where("covered").count()
    click.echo(f"{unit}: 已覆盖 {covered:,} / {total:,} covered ({covered / max(total, 1):.1%})")
    click.echo(f"已写出 wrote {output}")


@spark.command(name="match")
@_SPARK_INPUT
@_SPARK_OUTPUT
@_MASTER
@_STRATEGY
@_provider_hops(3)
def spark_match(path: str, output: Path, master: str | None, strategy: str, hops: int) -> None:
    """Assign the city's resources to its needs, each competing group solved whole (需求与资源匹配)."""
    ggs, city = _spark_city(path, master)
    result = _spark_step("匹配 matching", lambda: ggs.match(city, strategy=strategy, hops=hops))
    _spark_write(result.assignments, output)
    click.echo(_match_line(strategy, result.metrics))
    click.echo(f"已写出 wrote {output}")


@spark.command(name="report")
@_SPARK_INPUT
@_SPARK_OUTPUT
@_MASTER
@_STRATEGY
def spark_report(path: str, output: Path, master: str | None, strategy: str) -> None:
    """The city's tables in one folder: measures, building coverage, matching and a line per community.

    OUTPUT (a folder) gets measures.parquet (degree, strength, component and
    PageRank of every partner), coverage.parquet, assignments.parquet,
    communities.csv (for people) and metrics.json.
    """
    if output.suffix.lower() == ".csv":
        raise click.UsageError("OUTPUT of spark report is a folder")
    ggs, city = _spark_city(path, master)
    placed = _spark_step("位置 places", lambda: ggs.places(city).localCheckpoint())
    measures = _spark_step(
        "指标 measures",
        lambda: ggs.degrees(city).join(ggs.components(city), "id").join(ggs.pagerank(city, tol=1e-9), "id"),
    )
    _spark_write(measures, output / "measures.parquet")
    coverage = _spark_step("覆盖 coverage", lambda: ggs.coverage(city, placed).localCheckpoint())
    _spark_write(coverage, output / "coverage.parquet")
    result = _spark_step("匹配 matching", lambda: ggs.match(city, placed, strategy=strategy))
    _spark_write(result.assignments, output / "assignments.parquet")
    communities = _communities(city, placed, coverage, result.assignments)
    write_csv_for_people(communities, output / "communities.csv", index=False)
    metrics = {"strategy": strategy, **result.metrics}
    (output / "metrics.json").write_text(json.dumps(metrics, ensure_ascii=False, indent=2), encoding="utf-8")
    click.echo(f"{len(communities):,} 个社区 communities · " + _match_line(strategy, result.metrics))
    click.echo(f"已写出 wrote {output}")


def _spark_city(path: str, master: str | None) -> tuple[Any, Any]:
    """Start Spark, check every table of the city at PATH (exit 3 listing the problems), read it."""
    try:
        import govgraph.spark as ggs

        session = ggs.session(master)
    except GovGraphError as error:
        raise click.ClickException(str(error)) from None
    session.sparkContext.setLogLevel("ERROR")
    found = _spark_step("检查 checking", lambda: ggs.problems(session, path))
    shown = pd.DataFrame(found.limit(_SHOWN_PROBLEMS).toPandas())
    if len(shown):
        count = found.count()
        click.echo(
            f"数据有误，共 {count:,} 处，请逐条修改后再运行 · invalid data: {count:,} problems", err=True
        )
        for row in shown.itertuples(index=False):
            where = f"{row.source}" + (
                "" if pd.isna(row.row) else f" 第 {int(row.row)} 行 row {int(row.row)}"
            )
            where += "" if row.column is None else f" [{row.column}]"
            click.echo(_printable(f"- {where}: {row.zh or row.message}\n  {row.message}"), err=True)
        if count > len(shown):
            click.echo(f"… 另有 {count - len(shown):,} 处 and {count - len(shown):,} more", err=True)
        sys.exit(EXIT_INVALID_DATA)
    return ggs, ggs.SparkNetwork.read(session, path)


def _spark_step(label: str, work: Any) -> Any:
    with _spinner(label):
        try:
            return work()
        except GovGraphError as error:
            raise click.ClickException(str(error)) from None


def _spark_write(frame: Any, output: Path) -> None:
    if output.suffix.lower() == ".csv":
        write_csv_for_people(pd.DataFrame(frame.toPandas()), output, index=False)
    else:
        frame.write.mode("overwrite").parquet(str(output))


def _match_line(strategy: str, metrics: Any) -> str:
    return (
        f"{strategy}: 已匹配 matched {int(metrics['matched']):,} of {int(metrics['needs']):,} needs "
        f"({metrics['match_rate']:.1%}; lowest grid {metrics['lowest_grid_match_rate']:.1%}; "
        f"{int(metrics['groups']):,} competing groups, largest {int(metrics['largest_group']):,} pairs)"
    )


def _communities(city: Any, placed: Any, coverage: Any, assignments: Any) -> pd.DataFrame:
    """One line per community: partners, residents, buildings covered, needs matched (for people)."""
    from pyspark.sql import functions as F

    placed = placed.select("id", F.coalesce("community", F.lit("")).alias("community"))
    partners = city.partners.select("id", "kind").join(placed, "id")
    residents = list(city.schema.kinds_with("resident"))
    people = partners.groupBy("community").agg(
        F.count("*").alias("partners"), F.sum(F.col("kind").isin(residents).cast("int")).alias("residents")
    )
    buildings = (
        coverage.withColumn("community", F.coalesce("community", F.lit("")))
        .groupBy("community")
        .agg(F.count("*").alias("buildings"), F.sum(F.col("covered").cast("int")).alias("buildings_covered"))
    )
    needs = (
        city.tables["needs"]
        .join(placed.select(F.col("id").alias("requester"), "community"), "requester")
        .join(assignments.select(F.col("need").alias("id"), F.lit(1).alias("taken")), "id", "left")
        .groupBy("community")
        .agg(F.count("*").alias("needs"), F.sum(F.coalesce("taken", F.lit(0))).alias("needs_matched"))
    )
    counts = ["partners", "residents", "buildings", "buildings_covered", "needs", "needs_matched"]
    names = city.partners.select(F.col("id").alias("community"), "name")
    joined = people.join(buildings, "community", "left").join(needs, "community", "left")
    joined = joined.join(names, "community", "left").fillna(0, subset=counts).orderBy("community")
    table = pd.DataFrame(joined.toPandas())
    table[counts] = table[counts].astype("int64")
    table["community"] = table["community"].replace("", "（无社区 none）")
    headers = {
        "community": "社区 community",
        "name": "名称 name",
        "partners": "合伙人 partners",
        "residents": "居民 residents",
        "buildings": "楼栋 buildings",
        "buildings_covered": "已覆盖楼栋 buildings covered",
        "needs": "需求 needs",
        "needs_matched": "已匹配需求 needs matched",
    }
    return table[list(headers)].rename(columns=headers)
