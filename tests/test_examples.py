"""The example scripts run as users run them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd

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


def test_coordinator_report_from_a_workbook(tmp_path):
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / "coordinator_report.py")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    index = tmp_path / "govgraph-report" / "index.html"
    assert f"open in a browser: {index.as_uri()}" in result.stdout
    assert gg.read(tmp_path / "datun_north.xlsx") == gg.load_dataset()
    assert "富成花园社区" in index.read_text(encoding="utf-8")


def test_coordinator_report_stops_on_a_bad_workbook(tmp_path):
    folder = write_csvs(
        tmp_path / "in", partners=VALID_PARTNERS + "X,shop,店,C1,G1\n", relations=VALID_RELATIONS
    )
    workbook = tmp_path / "bad.xlsx"
    tables = {name: pd.read_csv(folder / f"{name}.csv", dtype=str) for name in ("partners", "relations")}
    with pd.ExcelWriter(workbook) as writer:
        for name, table in tables.items():
            table.to_excel(writer, sheet_name=name, index=False)
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / "coordinator_report.py"), str(workbook), str(tmp_path / "out")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 3
    assert "bad.xlsx[partners], row 5, column 'kind': unknown partner kind 'shop'" in result.stderr
    assert not (tmp_path / "out").exists()
