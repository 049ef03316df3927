"""Reading and writing partner networks: CSV folders, workbooks, Parquet folders, graph formats.

>>> import govgraph as gg, tempfile, pathlib
>>> net = gg.load_dataset("datun_north")
>>> folder = pathlib.Path(tempfile.mkdtemp()) / "datun"
>>> net.write(folder)
>>> gg.read(folder) == net
True
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from govgraph.errors import DataError, GovGraphError, Problem
from govgraph.io.exchange import GRAPH_FORMATS, graph_types, read_graph, write_graph
from govgraph.io.ledger import LedgerImport, import_ledger, is_ledger, read_ledger, write_template
from govgraph.io.parquet import PARQUET_SUFFIX, is_parquet_folder, read_parquet_tables, write_parquet
from govgraph.io.tables import read_folder_tables, types_frame, write_folder
from govgraph.io.workbooks import read_workbook_tables, write_workbook
from govgraph.model.contract import TABLE_NAMES
from govgraph.model.network import PartnerNetwork, PathLike, file_tables, graph_tables, register_writer
from govgraph.model.schema import Schema, check_schema
from govgraph.model.validation import prepare_tables

__all__ = [
    "GRAPH_FORMATS",
    "PARQUET_SUFFIX",
    "READ_WORKBOOK_FORMATS",
    "WORKBOOK_FORMATS",
    "LedgerImport",
    "import_ledger",
    "read",
    "read_ledger",
    "write",
    "write_template",
]

WORKBOOK_FORMATS = (".xlsx", ".xlsm")
#: Workbooks :func:`read` also takes: .xls, as older Excel and WPS save ledgers.
READ_WORKBOOK_FORMATS = (*WORKBOOK_FORMATS, ".xls")


def read(path: PathLike, *, schema: Schema | None = None) -> PartnerNetwork:
    """Read and validate a partner network.

    Parameters
    ----------
    path : str or path
        A folder of CSV files (``partners.csv``, ``relations.csv``, optional
        ``needs.csv`` and ``resources.csv``), a folder of Parquet tables
        (``partners.parquet`` …, each a file or a folder of part files as
        Spark writes them), an ``.xlsx`` workbook with
        sheets of those names, a community ledger (台账: a workbook with
        sheets such as 网格, 网格员, 居民诉求; see :func:`read_ledger`), or a
        ``.graphml``, ``.gexf`` or node-link ``.json`` file.
    schema : Schema, optional
        Partner and relation kinds to validate against (default
        :data:`govgraph.DEFAULT_SCHEMA`).

    Returns
    -------
    PartnerNetwork

    Raises
    ------
    DataError
        Listing every problem found, each with its file or sheet, its
        spreadsheet row (the header is row 1) and its column.
    """
    path = _as_path(path)
    schema = check_schema(schema)
    if not path.exists():
        raise DataError([Problem(str(path), None, None, "no such file or folder")])
    suffix = path.suffix.lower()
    if path.is_dir() and is_parquet_folder(path):
        raw, sources, types, problems = read_parquet_tables(path)
        return PartnerNetwork(prepare_tables(raw, schema, sources, types, problems=problems), schema)
    if path.is_dir():
        raw, sources, types, problems = read_folder_tables(path)
        return PartnerNetwork(
            prepare_tables(raw, schema, sources, types, text=True, problems=problems), schema
        )
    if suffix in READ_WORKBOOK_FORMATS:
        if is_ledger(path):
            return read_ledger(path, schema=schema)
        raw, sources, types, problems = read_workbook_tables(path)
        return PartnerNetwork(prepare_tables(raw, schema, sources, types, problems=problems), schema)
    if suffix in GRAPH_FORMATS:
        graph = read_graph(path)
        types = graph_types(graph)
        raw = graph_tables(graph, schema)
        for name, declared in types.items():  # a column no row has a value in is still a column
            frame = raw.get(name)
            if frame is not None:
                for column in declared:
                    if column not in frame.columns:
                        frame[column] = pd.Series([None] * len(frame), dtype=object)
        sources = {name: f"{path.name} ({name})" for name in TABLE_NAMES}
        return PartnerNetwork(prepare_tables(raw, schema, sources, types), schema)
    raise GovGraphError(
        f"无法识别“{path.name}”的格式：请用 Excel 或 WPS 另存为 .xlsx 工作簿，或提供 CSV 文件夹 · "
        f"path: cannot tell the format of {path.name!r}; give a folder of CSV files, "
        f"or a file ending in {', '.join(READ_WORKBOOK_FORMATS + GRAPH_FORMATS)}"
    )


def write(net: PartnerNetwork, path: PathLike) -> None:
    """Write a network in the format ``path`` names.

    A path without a suffix (or an existing folder) becomes a folder of CSV
    files; ``.parquet`` a folder of Parquet tables; ``.xlsx`` a workbook;
    ``.graphml``, ``.gexf`` and ``.json`` graph files with needs and
    resources as nodes. Every format reads back with :func:`read` into an
    equal network.
    """
    path = _as_path(path)
    suffix = path.suffix.lower()
    tables = file_tables(net)
    if suffix == PARQUET_SUFFIX:
        write_parquet(tables, path)
    elif path.is_dir() or not suffix:
        write_folder(tables, path)
    elif suffix in WORKBOOK_FORMATS:
        write_workbook(tables, path)
    elif suffix in GRAPH_FORMATS:
        write_graph(net.to_networkx(include_needs=True), path, types=types_frame(tables))
    else:
        raise GovGraphError(
            f"path: cannot tell the format of {path.name!r}; give a folder (a .parquet one for Parquet), "
            f"or a file ending in {', '.join(WORKBOOK_FORMATS + GRAPH_FORMATS)}"
        )


def _as_path(path: object) -> Path:
    if not isinstance(path, (str, os.PathLike)):
        raise GovGraphError(f"path: expected a file or folder path, got {type(path).__name__}")
    return Path(path)


register_writer(write)
