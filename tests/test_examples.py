"""The example scripts run as users run them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import govgraph as gg
from tests.conftest import VALID_PARTNERS, VALID_RELATIONS, write_csvs

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_validate_and_export_on_the_bundled_data(tmp_path):
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / "validate_and_export.py")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    exported = gg.read(tmp_path / "govgraph-export" / "network.gexf")
    assert exported == gg.read(tmp_path / "govgraph-export" / "network.xlsx")
    assert len(exported.partners) == len(gg.load_dataset().partners)


def test_validate_and_export_stops_on_bad_data(tmp_path):
    folder = write_csvs(
        tmp_path / "in", partners=VALID_PARTNERS + "X,shop,店,C1,G1\n", relations=VALID_RELATIONS
    )
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / "validate_and_export.py"), str(folder), str(tmp_path / "out")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 3
    assert "partners.csv, row 5, column 'kind'" in result.stderr
    assert not (tmp_path / "out").exists()
