"""Folders of Parquet tables: the format of data platforms and of Apache Spark.

A Parquet network is a folder (by convention named ``….parquet``) holding
``partners.parquet``, ``relations.parquet`` and optionally the other tables,
each a Parquet file or a folder of part files as Spark writes them
(``part-00000-….parquet``; ``_SUCCESS`` and other names starting with ``_``
or ``.`` are ignored, and ``key=value`` sub-folders become a text column).
Parquet keeps types, so a round trip is exact without a ``_types`` table (which
Spark would skip anyway, as it skips every name starting with ``_``): whole
numbers and booleans with gaps come back as nullable types, never as floats.
Parquet has no header row, so
the row a problem names is the record's number, counted from 1 (across the
part files in the order they are read).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.dataset as pads
import pyarrow.parquet as pq

from govgraph.errors import Problem
from govgraph.io.tables import RawTables, flat_tables, read_each_table
from govgraph.model.contract import ROWS_ATTR
from govgraph.model.files import output_file

__all__ = ["PARQUET_SUFFIX", "arrow_frame", "is_parquet_folder", "read_parquet_tables", "write_parquet"]

#: The suffix that makes :func:`govgraph.write` write Parquet.
PARQUET_SUFFIX = ".parquet"


def is_parquet_folder(folder: Path) -> bool:
    """Whether a folder holds its tables as Parquet (a ``partners`` or ``relations`` Parquet table)."""
    return any((folder / f"{name}{PARQUET_SUFFIX}").exists() for name in ("partners", "relations"))


def read_parquet_tables(folder: Path) -> RawTables:
    """Read every table of a Parquet folder with its own types.

    Returns the raw tables, their sources, no declared types (the files
    carry them) and the problems found in the files themselves (an
    unreadable file), which validation reports together with its own.
    """
    raw, sources, problems = read_each_table(folder, PARQUET_SUFFIX, _read)
    return raw, sources, {}, problems


_NULLABLE = {
    pa.int8(): pd.Int64Dtype(),
    pa.int16(): pd.Int64Dtype(),
    pa.int32(): pd.Int64Dtype(),
    pa.int64(): pd.Int64Dtype(),
    pa.uint8(): pd.Int64Dtype(),
    pa.uint16(): pd.Int64Dtype(),
    pa.uint32(): pd.Int64Dtype(),
    pa.bool_(): pd.BooleanDtype(),
}


def arrow_frame(table: pa.Table) -> pd.DataFrame:
    """An Arrow table as the frame ``gg.read`` makes of it: gaps stay gaps, partition keys text."""
    # Whole numbers and booleans with gaps stay exact (nullable types, never float64).
    frame = table.to_pandas(types_mapper=_NULLABLE.get)
    # Partition folders (community=FC/) come back as categories; they are text.
    for column in frame.columns:
        if isinstance(frame[column].dtype, pd.CategoricalDtype):
            frame[column] = frame[column].astype("string")
    return frame


def _read(path: Path, problems: list[Problem]) -> pd.DataFrame | None:
    try:
        if path.is_dir():
            table = pads.dataset(path, format="parquet", partitioning="hive").to_table()
        else:
            table = pq.read_table(path)
        frame = arrow_frame(table)
    except (pa.ArrowException, OSError, ValueError) as error:
        problems.append(Problem(path.name, None, None, f"is not a readable Parquet table ({error})"))
        return None
    # Parquet has no header row: messages count records from 1.
    frame.attrs[ROWS_ATTR] = np.arange(1, len(frame) + 1)
    return frame


def write_parquet(tables: Mapping[str, pd.DataFrame], folder: Path) -> None:
    """Write the tables as one Parquet file each in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in flat_tables(tables).items():
        table = pa.Table.from_pandas(frame, preserve_index=False)
        pq.write_table(table, output_file(folder / f"{name}{PARQUET_SUFFIX}"))
