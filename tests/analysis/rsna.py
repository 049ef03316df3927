"""R's sna and network packages (Debian's ``r-cran-sna``), run as a real ``Rscript`` process.

Without R these tests skip, unless GOVGRAPH_REQUIRE_R=1 (as in CI: ``bash scripts/test``
installs R as root), when they fail. Matrices travel as CSV files; R prints one JSON-like
line per value, ``name value``, which :func:`run_r` reads back.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pytest


def no_r(reason: str) -> None:
    if os.environ.get("GOVGRAPH_REQUIRE_R") == "1":
        pytest.fail(f"GOVGRAPH_REQUIRE_R=1 but {reason}")
    pytest.skip(reason)


def rscript() -> str:
    """The Rscript executable, with sna installed; skips (or fails in CI) otherwise."""
    executable = shutil.which("Rscript")
    if executable is None:
        no_r("no Rscript: run `bash scripts/test` as root, which installs r-base and r-cran-sna")
    probe = subprocess.run(
        [executable, "-e", "suppressMessages(library(sna)); library(network)"], capture_output=True, text=True
    )
    if probe.returncode != 0:
        no_r(f"R's sna or network package is missing: {probe.stderr.strip()[-300:]}")
    return executable  # type: ignore[return-value]


def run_r(
    executable: str, folder: Path, matrices: Mapping[str, np.ndarray], script: str
) -> dict[str, np.ndarray]:
    """Write ``matrices`` as ``<name>.csv`` in ``folder``, run ``script`` with them loaded, read ``put`` values.

    In the script, ``m$name`` is each matrix and ``put("label", x)`` reports numbers back.
    """
    for name, matrix in matrices.items():
        np.savetxt(folder / f"{name}.csv", np.asarray(matrix, dtype=np.float64), fmt="%.17g", delimiter=",")
    prelude = f"""
suppressMessages(library(sna)); suppressMessages(library(network))
m <- list()
for (name in c({", ".join(repr(n) for n in matrices)})) {{
  m[[name]] <- unname(as.matrix(read.csv(file.path("{folder}", paste0(name, ".csv")), header = FALSE)))
}}
put <- function(label, x) cat(label, format(as.numeric(x), digits = 17), "\\n")
"""
    done = subprocess.run([executable, "-e", prelude + script], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    values: dict[str, np.ndarray] = {}
    for line in done.stdout.splitlines():
        label, *numbers = line.split()
        values[label] = np.array([float(x) for x in numbers])
    return values
