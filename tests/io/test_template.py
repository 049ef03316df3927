"""The fill-in ledger template: its sheets, drop-down lists, and a filled copy read back."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

import govgraph as gg
from govgraph.cli import main
from govgraph.io.ledger import import_ledger, read_ledger, write_template
from govgraph.io.ledger.template import TEMPLATE_ROWS

DATA_SHEETS = [
    "网格",
    "楼栋",
    "网格员",
    "党员",
    "商户",
    "社会组织",
    "志愿者",
    "其他合伙人",
    "居民",
    "居民诉求",
    "活动台账",
    "项目清单",
]


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return write_template(tmp_path_factory.mktemp("template") / "台账模板.xlsx", community="富成花园社区")


def validations(sheet):
    """Header -> the data validation of its column."""
    headers = {cell.column_letter: cell.value for cell in sheet[2]}
    found = {}
    for rule in sheet.data_validations.dataValidation:
        column = str(rule.sqref).split(":")[0].rstrip("0123456789")
        found[headers[column]] = rule
    return found


def options(book, rule):
    """The values a list validation offers, read from the cells its formula names."""
    sheet_name, cells = rule.formula1.lstrip("=").split("!")
    sheet = book[sheet_name.strip("'")]
    first, last = cells.replace("$", "").split(":")
    return [c.value for row in sheet[first:last] for c in row if c.value is not None]


def test_the_template_reads_back_with_its_activities_and_projects(template):
    net = read_ledger(template)
    assert set(net.activities["kind"]) == {"market", "council"}
    assert net.projects.set_index("name").loc["1号楼楼道修缮", "budget"] == 50_000.0  # 5万
    assert set(net.links["relation"]) == {"organises", "takes_part_in", "serves_in"}
    book = openpyxl.load_workbook(template)
    kinds = options(book, validations(book["活动台账"])["活动类型"])
    assert "议事会" in kinds and "市集" in kinds
    assert "实施中" in options(book, validations(book["项目清单"])["项目状态"])


def test_the_template_has_the_ledger_shape(template):
    book = openpyxl.load_workbook(template)
    assert book.sheetnames == ["说明", "选项", *DATA_SHEETS]
    assert book["选项"].sheet_state == "hidden"
    for name in DATA_SHEETS:
        sheet = book[name]
        assert sheet["A1"].value.startswith("富成花园社区 · ")  # the title row
        assert all(isinstance(c.value, str) for c in sheet[2] if c.value is not None)  # the Chinese header
        examples = [row for row in sheet.iter_rows(min_row=3, values_only=True) if any(row)]
        assert len(examples) == 2, name
    assert "govgraph report" in "\n".join(str(c.value) for c in book["说明"]["A"])


def test_drop_down_lists_offer_the_vocabularies(template):
    book = openpyxl.load_workbook(template)
    schema = gg.DEFAULT_SCHEMA
    needs = validations(book["居民诉求"])
    assert options(book, needs["诉求类别"]) == [c.label_zh for c in schema.taxonomy.categories.values()]
    assert options(book, needs["紧急程度"]) == ["不急", "一般", "较急", "紧急", "特急"]
    assert options(book, needs["办理状态"]) == [t.label_zh for t in schema.statuses.values()]
    assert needs["登记日期"].type == "date"
    assert str(needs["登记日期"].sqref) == f"A3:A{2 + TEMPLATE_ROWS}"
    assert needs["楼栋"].formula1 == f"'楼栋'!$A$3:$A${2 + TEMPLATE_ROWS}"
    kinds = options(book, validations(book["其他合伙人"])["类型"])
    assert kinds == [k.label_zh for key, k in schema.kinds.items() if schema.level_of(key) is None]
    assert validations(book["网格员"])["所属网格"].formula1 == f"'网格'!$A$3:$A${2 + TEMPLATE_ROWS}"
    assert options(book, validations(book["居民"])["是否独居"]) == ["是", "否"]


def test_the_template_reads_back_with_no_mapping(template):
    imported = import_ledger(template)
    net = imported.network()
    assert set(net.partners["kind"]) >= {"community", "grid", "building", "grid_worker", "party_member",
                                         "merchant", "social_org", "professional", "volunteer",
                                         "property_manager", "service_station", "resident", "party_branch"}  # fmt: skip
    assert len(net.needs) == 2 and len(net.resources) == 8
    assert net.needs["responded_at"].iloc[0] == pd.Timestamp("2024-03-15 10:20")  # the example's response
    assert not (imported.log["action"] == "problem").any()
    assert net.partners.loc[net.partners["kind"] == "community", "name"].tolist() == ["富成花园社区"]


def test_every_choice_of_every_list_reads_back(template, tmp_path):
    """A template filled with each drop-down choice, as a coordinator picks them, is valid."""
    book = openpyxl.load_workbook(template)
    lists = {name: options(book, rule) for name, rule in validations(book["居民诉求"]).items()
             if rule.type == "list" and rule.formula1.startswith("'选项'")}  # fmt: skip
    needs = book["居民诉求"]
    rows = max(len(values) for values in lists.values())
    headers = [c.value for c in needs[2]]
    for offset in range(rows):
        values = {"登记日期": dt.datetime(2024, 5, 1 + offset % 28), "诉求人": f"填写人{offset}", "楼栋": "1号楼",
                  "诉求内容": "示例"}  # fmt: skip
        for name, choices in lists.items():
            values[name] = choices[offset % len(choices)]
        needs.append([values.get(h) for h in headers])
    others = book["其他合伙人"]
    for offset, kind in enumerate(options(book, validations(others)["类型"])):
        others.append([f"合伙人{offset}", kind, "第一网格", None])
    filled = tmp_path / "filled.xlsx"
    book.save(filled)
    net = read_ledger(filled)
    assert set(net.needs["category"]) == set(gg.DEFAULT_SCHEMA.taxonomy.categories)
    assert set(net.needs["status"]) == set(gg.DEFAULT_SCHEMA.statuses)
    assert set(net.needs["urgency"]) == {1, 2, 3, 4, 5}
    assert set(net.needs["satisfaction"].dropna()) == {"satisfied", "basically_satisfied", "dissatisfied"}
    assert set(net.needs["solved"].dropna()) == {True, False}  # 是否解决: 是 / 否
    added = net.partners[net.partners["name"].str.startswith("合伙人", na=False)]
    assert len(added) == len(options(book, validations(others)["类型"]))


def test_govgraph_template_then_report(tmp_path):
    runner = CliRunner()
    book = tmp_path / "台账模板.xlsx"
    result = runner.invoke(main, ["template", "-o", str(book), "--community", "某某社区"])
    assert result.exit_code == 0, result.output
    assert f"govgraph report {book} -o 报告" in result.output
    report = runner.invoke(main, ["report", str(book), "-o", str(tmp_path / "报告")])
    assert report.exit_code == 0, report.output
    assert runner.invoke(main, ["template", "-o", str(tmp_path / "x.csv")]).exit_code == 2
