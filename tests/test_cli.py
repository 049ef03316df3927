"""The govgraph command: output, exit codes, every problem printed."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

import govgraph as gg
from govgraph.cli import main
from tests.conftest import VALID_PARTNERS, VALID_RELATIONS, small_tables, write_csvs

DATUN_PATH = gg.datasets.bundled_path("datasets") / "datun_north"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_demo_writes_the_report_and_prints_the_page_to_open(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["demo"])
    assert result.exit_code == 0, result.output
    index = tmp_path / "govgraph-demo" / "index.html"
    assert f"open 打开: {index.resolve().as_uri()}" in result.output
    assert index.exists() and (index.parent / "network.html").exists()
    net = gg.load_dataset()
    assert f"{len(net.partners):,} partners" in result.output
    # The next step: the template, the import, and where the data format is documented.
    assert "govgraph template -o 台账模板.xlsx" in result.output
    assert "govgraph report 台账模板.xlsx -o 报告" in result.output
    assert "README.md#从台账开始" in result.output


def test_report_command(runner, tmp_path):
    folder = write_csvs(tmp_path / "street", partners=VALID_PARTNERS, relations=VALID_RELATIONS)
    out = tmp_path / "out"
    result = runner.invoke(main, ["report", str(folder), "-o", str(out), "--title", "<b>街道</b>", "--exact"])
    assert result.exit_code == 0, result.output
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "&lt;b&gt;街道&lt;/b&gt;" in page and "精确计算" in page
    assert "报告 report" in result.output  # the progress bar, on standard error
    english = runner.invoke(main, ["report", str(folder), "-o", str(tmp_path / "en"), "--lang", "en"])
    assert english.exit_code == 0 and "<h2>Findings</h2>" in (tmp_path / "en" / "index.html").read_text(
        "utf-8"
    )
    assert runner.invoke(main, ["report", str(folder), "-o", str(out), "--lang", "fr"]).exit_code == 2
    bad = write_csvs(
        tmp_path / "bad", partners=VALID_PARTNERS + "X,shop,店,C1,G1\n", relations=VALID_RELATIONS
    )
    failed = runner.invoke(main, ["report", str(bad), "-o", str(tmp_path / "x")])
    assert failed.exit_code == 3 and "unknown partner kind 'shop'" in failed.output
    assert not (tmp_path / "x").exists()  # nothing written from invalid data
    assert runner.invoke(main, ["report", str(folder)]).exit_code == 2  # -o is required
    assert runner.invoke(main, ["report", str(folder), "-o", str(out), "--hops", "0"]).exit_code == 2


def test_viz_command(runner, tmp_path):
    path = str(DATUN_PATH)
    page = tmp_path / "network.html"
    result = runner.invoke(
        main, ["viz", path, "-o", str(page), "--size-by", "pagerank", "--max-nodes", "2500"]
    )
    assert result.exit_code == 0, result.output
    assert "2,075 nodes" in result.output and "1,806 居民已合并到所在位置显示" in result.output
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert runner.invoke(main, ["viz", path, "-o", str(page), "--layout", "spring"]).exit_code == 2
    unknown = runner.invoke(main, ["viz", path, "-o", str(page), "--color-by", "colour"])
    assert unknown.exit_code == 1 and "color_by" in unknown.output


def test_validate_valid_folder(runner, tmp_path):
    folder = write_csvs(tmp_path, partners=VALID_PARTNERS, relations=VALID_RELATIONS)
    result = runner.invoke(main, ["validate", str(folder)])
    assert result.exit_code == 0
    assert "数据有效" in result.output and "3 个合伙人、2 条关系" in result.output
    assert "3 partners, 2 relations" in result.output


def test_validate_prints_every_problem_and_exits_3(runner, tmp_path):
    folder = write_csvs(
        tmp_path,
        partners=VALID_PARTNERS + "X1,shop,店,C1,G1\n",
        relations=VALID_RELATIONS + "B1,GHOST,part_of\n",
    )
    result = runner.invoke(main, ["validate", str(folder)])
    assert result.exit_code == 3
    assert "数据有误，共 2 处" in result.stderr and "invalid data: 2 problems" in result.stderr
    # Chinese first, with the place (file, row, column) and what to do; English below.
    assert "partners.csv 第 5 行「kind」列：不认识的合伙人类型“shop”" in result.stderr
    assert "(row 5, column 'kind': unknown partner kind 'shop'" in result.stderr
    assert "relations.csv 第 4 行「target」列：“GHOST”不是任何合伙人的编号" in result.stderr
    assert "(row 4, column 'target': 'GHOST' is not the id of a partner)" in result.stderr


def test_summary(runner, datun, tmp_path):
    datun.write(tmp_path / "book.xlsx")
    result = runner.invoke(main, ["summary", str(tmp_path / "book.xlsx")])
    assert result.exit_code == 0
    lines = {line.split()[0]: line.split() for line in result.output.splitlines() if line.strip()}
    assert lines["商户企业"][-1] == str((datun.partners["kind"] == "merchant").sum())


def test_usage_errors_exit_2(runner, tmp_path):
    assert runner.invoke(main, ["validate", str(tmp_path / "missing")]).exit_code == 2
    assert runner.invoke(main, ["frobnicate"]).exit_code == 2


def test_other_errors_exit_1(runner, tmp_path):
    (tmp_path / "net.docx").write_text("x")
    result = runner.invoke(main, ["validate", str(tmp_path / "net.docx")])
    assert result.exit_code == 1 and "cannot tell the format" in result.output
    assert "请用 Excel 或 WPS 另存为 .xlsx 工作簿" in result.output


def test_convert_for_gephi(runner, tmp_path):
    folder = write_csvs(tmp_path / "in", partners=VALID_PARTNERS, relations=VALID_RELATIONS)
    result = runner.invoke(main, ["convert", str(folder), str(tmp_path / "net.gexf")])
    assert result.exit_code == 0, result.output
    assert gg.read(tmp_path / "net.gexf") == gg.read(folder)


def test_anonymize_takes_the_key_from_the_environment(runner, datun, tmp_path):
    datun.write(tmp_path / "in")
    refused = runner.invoke(
        main, ["anonymize", str(tmp_path / "in"), str(tmp_path / "out")], env={"GOVGRAPH_KEY": ""}
    )
    assert refused.exit_code == 2 and "GOVGRAPH_KEY" in refused.output
    result = runner.invoke(
        main, ["anonymize", str(tmp_path / "in"), str(tmp_path / "out")], env={"GOVGRAPH_KEY": "secret"}
    )
    assert result.exit_code == 0, result.output
    assert gg.read(tmp_path / "out") == gg.anonymize(datun, key="secret")
    assert "secret" not in result.output
    assert "replaced 已替换: partners.name: resident names, 1,806 cells" in result.output
    assert "partners.phone: contact column" in result.output


def test_match_writes_one_row_per_need(runner, datun, tmp_path):
    out = tmp_path / "matches.csv"
    result = runner.invoke(main, ["match", str(DATUN_PATH), "-s", "fair", "-o", str(out)])
    assert result.exit_code == 0, result.output
    expected = gg.match(datun, strategy="fair")
    assert f"matched {int(expected.metrics['matched'])} of {len(datun.needs)} needs" in result.output
    table = pd.read_csv(out, encoding="utf-8-sig", index_col="need", keep_default_na=False)
    assert list(table.index) == list(datun.needs.index)
    matched = table[table["status"] == "matched"]
    assert matched["resource"].to_dict() == expected.assignments["resource"].to_dict()
    assert set(table.loc[table["status"] == "unmatched", "reason_zh"]) <= {
        "无可及资源",
        "资源容量已满",
        "未被策略选中",
    }
    assert matched["explanation_zh"].str.startswith(("同类服务", "物业管理")).any()


def test_match_to_a_workbook_and_bad_requests(runner, tmp_path):
    path = str(DATUN_PATH)
    book = tmp_path / "matches.xlsx"
    assert runner.invoke(main, ["match", path, "-s", "greedy", "-o", str(book)]).exit_code == 0
    sheets = pd.read_excel(book, sheet_name=None, engine="openpyxl")
    assert set(sheets) == {"assignments", "unmatched", "metrics"}
    assert len(sheets["assignments"]) + len(sheets["unmatched"]) == 554
    assert runner.invoke(main, ["match", path, "-s", "luck", "-o", str(book)]).exit_code == 2
    wrong = runner.invoke(main, ["match", path, "-o", str(tmp_path / "matches.docx")])
    assert wrong.exit_code == 2 and "must end in .csv or .xlsx" in wrong.output
    folder = write_csvs(
        tmp_path / "bad", partners=VALID_PARTNERS + "X,shop,店,C1,G1\n", relations=VALID_RELATIONS
    )
    assert runner.invoke(main, ["match", str(folder), "-o", str(book)]).exit_code == 3


def test_help_on_every_command(runner):
    for command in (
        "validate", "summary", "demo", "report", "viz", "convert", "anonymize", "match", "import", "template",
    ):  # fmt: skip
        result = runner.invoke(main, [command, "--help"])
        assert result.exit_code == 0 and "Usage:" in result.output


def test_installed_script_exit_code(tmp_path):
    # The script pip installed beside this Python, whether or not its folder is on PATH.
    beside = Path(sys.executable).parent / "govgraph"
    script = str(beside) if beside.exists() else shutil.which("govgraph")
    if script is None:
        pytest.fail("the govgraph script is not installed")
    folder = write_csvs(tmp_path, partners=VALID_PARTNERS + "X1,shop,店,C1,G1\n", relations=VALID_RELATIONS)
    result = subprocess.run([script, "validate", str(folder)], capture_output=True, text=True)
    assert result.returncode == 3
    assert "unknown partner kind 'shop'" in result.stderr
    module = subprocess.run(
        [sys.executable, "-m", "govgraph.cli", "demo"], capture_output=True, text=True, cwd=tmp_path
    )
    assert module.returncode == 0, module.stderr
    assert (tmp_path / "govgraph-demo" / "index.html").exists()


def test_match_output_is_safe_to_open_and_names_no_resident(runner, tmp_path):
    from tests.matching.test_scoring import gossip_lane

    net = gossip_lane()
    partners = net.partners.reset_index()
    partners.loc[partners["id"] == "S", "name"] = '=HYPERLINK("http://x","点我")\r理发店'
    folder = tmp_path / "lane"
    gg.PartnerNetwork.from_frames(
        partners, net.relations, needs=net.needs.reset_index(), resources=net.resources.reset_index()
    ).write(folder)
    out = tmp_path / "matches.csv"
    assert runner.invoke(main, ["match", str(folder), "-s", "greedy", "-o", str(out)]).exit_code == 0
    text = out.read_text(encoding="utf-8-sig")
    assert "秘名0644" not in text
    with open(out, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert len(rows) == 1 + len(net.needs) and len({len(row) for row in rows}) == 1
    assert not [cell for row in rows for cell in row if cell.startswith(("=", "@", "+", "\r", "\t"))]
    named = tmp_path / "named.csv"
    assert runner.invoke(main, ["match", str(folder), "-o", str(named), "--names"]).exit_code == 0
    assert "秘名0644" in named.read_text(encoding="utf-8-sig")
    book = tmp_path / "matches.xlsx"
    assert runner.invoke(main, ["match", str(folder), "-o", str(book)]).exit_code == 0
    cells = [c for sheet in openpyxl.load_workbook(book).worksheets for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]


def test_names_cannot_drive_the_terminal(runner, tmp_path):
    tables = small_tables()
    tables["partners"].loc[0, "name"] = "社区\x1b[2J\x1b]0;pwned\x07"
    folder = tmp_path / "street"
    gg.PartnerNetwork.from_frames(**tables).write(folder)
    result = runner.invoke(main, ["summary", str(folder)])
    assert result.exit_code == 0
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "社区\\x1b[2J" in result.output


def test_convert_names_the_cell_a_format_cannot_hold(runner, tmp_path):
    tables = small_tables()
    tables["partners"].loc[3, "name"] = "网格员\x0b甲"
    gg.PartnerNetwork.from_frames(**tables).write(tmp_path / "in")
    result = runner.invoke(main, ["convert", str(tmp_path / "in"), str(tmp_path / "out.xlsx")])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "out.xlsx[partners], row 5, column 'name': text holds a control character" in result.output
    assert runner.invoke(main, ["convert", str(tmp_path / "in"), str(tmp_path / "out.json")]).exit_code == 0


def test_every_report_step_has_words_on_the_progress_line():
    from govgraph.cli import _STEP_WORDS
    from govgraph.report import REPORT_STEPS

    assert set(REPORT_STEPS) == set(_STEP_WORDS)
    assert all(re.search(r"[\u4e00-\u9fff]", words) for words in _STEP_WORDS.values())
