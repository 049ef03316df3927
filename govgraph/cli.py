"""The ``govgraph`` command.

Exit codes: 0 success, 1 any other govgraph error, 2 usage error, 3 invalid
data (every problem is printed, one per line, to standard error).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
import pandas as pd

from govgraph.datasets import load_dataset
from govgraph.errors import DataError, GovGraphError
from govgraph.io import read
from govgraph.network import PartnerNetwork
from govgraph.privacy import anonymize

__all__ = ["main"]

EXIT_INVALID_DATA = 3

_PATH = click.Path(exists=True, path_type=Path)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="govgraph")
def main() -> None:
    """Stakeholder networks of grid-based community governance (社区网格治理合伙人网络).

    PATH is a folder of CSV files (partners.csv, relations.csv, needs.csv,
    resources.csv), an .xlsx workbook with sheets of those names, or a
    .graphml/.gexf/.json graph file.
    """


def _load(path: Path) -> PartnerNetwork:
    """Read a network or exit: 3 with every problem listed, 1 on other errors."""
    try:
        return read(path)
    except DataError as error:
        _print_problems(error)
        sys.exit(EXIT_INVALID_DATA)
    except GovGraphError as error:
        raise click.ClickException(str(error)) from None


def _print_problems(error: DataError) -> None:
    count = len(error.problems)
    click.echo(f"invalid data: {count} problem{'s' if count != 1 else ''} (数据有误)", err=True)
    for problem in error.problems:
        click.echo(f"  {problem}", err=True)


@main.command()
@click.argument("path", type=_PATH)
def validate(path: Path) -> None:
    """Check PATH and list every problem with its file, row and column (exit 3 if any)."""
    net = _load(path)
    click.echo(f"valid (数据有效): {_counts(net)}")


@main.command()
@click.argument("path", type=_PATH)
def summary(path: Path) -> None:
    """Print partners by kind and community (按社区和类型统计合伙人)."""
    _print_summary(_load(path))


@main.command()
def demo() -> None:
    """Summarise the bundled Datun North network (大屯街道北片区)."""
    net = load_dataset("datun_north")
    click.echo("Datun Street north cluster, Chaoyang District, Beijing (大屯街道北片区雁阵)")
    _print_summary(net)
    click.echo("\nThe tables: " + str(Path(_bundled_dataset_path())))


@main.command()
@click.argument("path", type=_PATH)
@click.argument("output", type=click.Path(path_type=Path))
def convert(path: Path, output: Path) -> None:
    """Validate PATH and write it to OUTPUT: a folder, .xlsx, .graphml, .gexf or .json.

    GraphML and GEXF open in Gephi and Cytoscape.
    """
    net = _load(path)
    try:
        net.write(output)
    except GovGraphError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"wrote {output}: {_counts(net)}")


@main.command(name="anonymize")
@click.argument("path", type=_PATH)
@click.argument("output", type=click.Path(path_type=Path))
@click.option(
    "--salt-env",
    default="GOVGRAPH_SALT",
    show_default=True,
    help="Environment variable holding the secret salt (never given on the command line).",
)
@click.option("--ids", is_flag=True, help="Also replace residents' ids.")
def anonymize_command(path: Path, output: Path, salt_env: str, ids: bool) -> None:
    """Write a copy of PATH with residents' names and contact fields pseudonymised."""
    salt = os.environ.get(salt_env)
    if not salt:
        raise click.UsageError(f"set the secret salt in the environment variable {salt_env}")
    net = _load(path)
    anonymize(net, salt, ids=ids).write(output)
    click.echo(f"wrote {output}: {_counts(net)}")


def _counts(net: PartnerNetwork) -> str:
    return (
        f"{len(net.partners):,} partners, {len(net.relations):,} relations, "
        f"{len(net.needs):,} needs, {len(net.resources):,} resources"
    )


def _print_summary(net: PartnerNetwork) -> None:
    table = net.summary().T
    partners = net.partners
    names = partners.loc[partners["kind"] == "community", "name"]
    table.columns = [names.get(c, c) for c in table.columns]
    table.index = [net.schema.kind_label(k) if k != "total" else "合计 total" for k in table.index]
    click.echo(_counts(net))
    with pd.option_context("display.width", 200, "display.max_columns", 50):
        click.echo(table.to_string())


def _bundled_dataset_path() -> Path:
    from govgraph.datasets import bundled_path

    return bundled_path("datasets") / "datun_north"


if __name__ == "__main__":  # pragma: no cover
    main()
