"""Community ledgers (台账) as offices keep them: import, the log, problems at the ledger's own cells."""

from __future__ import annotations

import datetime as dt
import re

import hypothesis.strategies as st
import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings

import govgraph as gg
from govgraph.cli import main
from govgraph.io.ledger import import_ledger, read_ledger
from tests.conftest import HOSTILE_STRINGS
from tests.io import ledger_books as books


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("ledgers")


@pytest.fixture(scope="module")
def imported(folder):
    """Each community's ledger imported once: (LedgerImport, network)."""
    found = {}
    for name, build in books.COMMUNITIES.items():
        result = import_ledger(build(folder))
        found[name] = (result, result.network())
    return found


def partner(net, name):
    found = net.partners[net.partners["name"] == name]
    assert len(found) == 1, f"{name!r}: {len(found)} partners"
    return found.iloc[0]


def related(net, source, relation):
    ids = net.partners.reset_index().set_index("name")["id"]
    rel = net.relations
    chosen = rel[(rel["source"] == ids[source]) & (rel["relation"] == relation)]
    return sorted(net.partners.loc[chosen["target"], "name"])


def log_rows(result, action, sheet=None):
    log = result.log
    log = log[log["action"] == action]
    return log if sheet is None else log[log["sheet"] == sheet]


# -- the five communities ------------------------------------------------------------


def test_fucheng_ledger_reads_as_kept(imported):
    _, net = imported["fucheng"]
    kinds = net.partners["kind"].value_counts()
    assert kinds["grid"] == 3 and kinds["building"] == 6  # the 合计 row is no building
    assert partner(net, "第一网格")["households"] == 420  # "420户"
    assert partner(net, "第二网格")["households"] == 380  # "３８０户": full-width digits
    assert partner(net, "第三网格")["households"] == 356  # "第三网格 ": the trailing space is gone
    assert partner(net, "1号楼")["households"] == 96  # "96户"
    six = partner(net, "6号楼")  # "６号楼", in "第2网格" = 第二网格
    assert six["households"] == 110 and net.partners.loc[six["grid"], "name"] == "第二网格"
    assert partner(net, "3号楼")["grid"] == partner(net, "1号楼")["grid"]
    worker = partner(net, "张某某")
    assert worker["kind"] == "grid_worker" and worker["phone"] == "13800000001"  # a number, kept as text
    assert partner(net, "李某某")["phone"] == "010-64000002"
    assert related(net, "张某某", "responsible_for") == ["1号楼", "2号楼", "3号楼"]  # 1号楼、2号楼、3号楼
    assert related(net, "李某某", "responsible_for") == ["5号楼", "6号楼"]  # 5号楼，6号楼
    assert related(net, "张某某", "leads") == ["第一网格"]  # the grid sheet's 网格长
    assert related(net, "张某某", "member_of") == ["第一网格党支部"]  # the branch, created ...
    assert related(net, "第一网格党支部", "leads") == ["第一网格"]  # ... and leading the grid its name names
    hired = net.partners["入职日期"]
    assert hired.dtype == "datetime64[us]"  # Excel date cells and "2023年1月9日" alike
    assert hired[worker.name] == pd.Timestamp("2021-03-01")
    assert hired[partner(net, "王某某").name] == pd.Timestamp("2023-01-09")
    assert partner(net, "某某律师事务所")["kind"] == "professional"  # 类型 律师事务所
    assert partner(net, "某某心理工作室")["kind"] == "professional"  # 类型 专业力量（心理）
    assert partner(net, "某某助老服务队")["kind"] == "social_org"
    assert related(net, "某某理发店", "located_in") == ["2号楼"]  # 地址 2号楼底商
    assert related(net, "某某维修部", "serves") == ["第三网格", "第二网格"]
    assert "全社区" in partner(net, "某某理发店")["services"] or True
    assert set(related(net, "某某理发店", "serves")) == {"富成花园社区"}


def test_fucheng_requests_become_needs(imported):
    _, net = imported["fucheng"]
    needs = net.needs.sort_values("created_at")
    assert len(needs) == 5  # the 合计 line below is no request
    assert needs["created_at"].tolist() == [
        pd.Timestamp(d) for d in ("2024-03-15", "2024-03-18", "2024-03-20", "2024-03-22", "2024-03-25")
    ]  # Excel dates, 2024/3/20, 2024.3.22, 2024年3月25日
    assert needs["category"].tolist() == [
        "repair",
        "elderly_care",
        "dispute_mediation",
        "haircut",
        "legal_aid",
    ]
    assert needs["urgency"].tolist() == [3, 4, 2, 1, 2]  # 较急 紧急 一般 不急 一般
    assert needs["status"].tolist() == ["resolved", "in_progress", "open", "evaluated", "open"]
    requesters = net.partners.loc[needs["requester"]]
    assert (requesters["kind"] == "resident").all()
    assert related(net, "居民乙", "resides_in") == ["6号楼"]  # placed by the request's 楼栋
    handled = net.partners.loc[needs["handled_by"].dropna(), "name"].tolist()
    assert handled == ["张某某", "李某某", "王某某", "张某某"]
    assert net.places.loc[needs.index[1:2].map(lambda n: net.needs.loc[n, "requester"]), "grid"].notna().all()


def test_jiamingyuan_sixteen_grids_in_six_party_grids(imported):
    result, net = imported["jiamingyuan"]
    grids = net.partners[net.partners["kind"] == "grid"]
    assert len(grids) == 22
    administrative = grids[grids["name"].str.fullmatch(r"第\d+网格")]
    assert len(administrative) == 16
    parents = net.partners.loc[administrative["grid"], "name"]
    assert set(parents) == {f"第{c}党建网格" for c in "一二三四五六"}
    nesting = net.relations[net.relations["relation"] == "part_of"]
    assert len(nesting[nesting["source"].isin(administrative.index)]) == 16
    # The grid cell merged down two rows gives both buildings their grid.
    assert partner(net, "2号楼")["grid"] == partner(net, "1号楼")["grid"] == partner(net, "第1网格").name
    assert len(log_rows(result, "merge", "楼宇")) == 16
    assert related(net, "社工1", "responsible_for") == ["1号楼", "2号楼"]  # "1-2号楼" written out
    assert related(net, "书记1", "leads") == ["第一党建网格"]
    places = net.places
    assert places.loc[partner(net, "32号楼").name, "grid_chain"][-1] == partner(net, "第六党建网格").name


def test_yayun_courtyard_grids_and_text_dates(imported):
    result, net = imported["yayun"]
    grids = net.partners[net.partners["kind"] == "grid"]
    assert sorted(grids["name"]) == sorted(f"{c}号院" for c in "一二三四五六七八")
    # No building sheet: the buildings the courtyards list are created inside them.
    assert partner(net, "16号楼")["grid"] == partner(net, "八号院").name
    assert len(log_rows(result, "create", "院落网格")) == 16
    elder = partner(net, "老人甲")
    assert elder["age"] == 86 and bool(elder["living_alone"]) and not bool(elder["disabled"])  # 86岁 是 否
    assert partner(net, "老人丙")["phone"] == "010-64000009"
    needs = net.needs
    assert list(needs.index) == ["JS2024001", "JS2024002", "JS2024003"]  # the 工单号 is the id
    assert needs.loc["JS2024001", "created_at"] == pd.Timestamp("2024-06-03 09:30")
    assert needs.loc["JS2024001", "status"] == "evaluated" and needs.loc["JS2024001", "urgency"] == 5
    assert needs.loc["JS2024002", "urgency"] == 4 and needs.loc["JS2024003", "category"] == "noise"
    # the 接诉即办 columns: first response, resolution (an Excel date cell) and the callback
    assert needs.loc["JS2024001", "responded_at"] == pd.Timestamp("2024-06-03 10:05")
    assert needs.loc["JS2024001", "resolved_at"] == pd.Timestamp("2024-06-04 16:00")
    assert bool(needs.loc["JS2024001", "solved"]) and needs.loc["JS2024001", "satisfaction"] == "satisfied"
    assert pd.isna(needs.loc["JS2024002", "solved"]) and pd.isna(needs.loc["JS2024003", "responded_at"])
    rates = gg.case_rates(net, level=None, period=None).iloc[0]
    assert (rates["responded_on_time"], rates["response_rate"], rates["satisfaction_rate"]) == (1, 1 / 3, 1.0)


def test_oulu_commercial_building_grid(imported):
    result, net = imported["oulu"]
    business = partner(net, "商务楼宇网格")
    towers = net.partners[net.partners["grid"] == business.name]
    assert set(towers["name"]) == {"欧陆大厦A座", "欧陆大厦B座", "某某科技公司", "某某银行网点"}
    assert related(net, "某某科技公司", "located_in") == ["欧陆大厦A座"]  # 地址 欧陆大厦A座12层
    branches = net.partners[net.partners["kind"] == "party_branch"]
    assert len(branches) == 8
    led = net.relations[(net.relations["relation"] == "leads") & net.relations["source"].isin(branches.index)]
    assert led["target"].nunique() == 13  # every residential grid, by the branches' 负责网格 lists
    # A service no category names is kept as text and logged, not made a resource nor an error.
    assert partner(net, "某某银行网点")["services"] == "金融知识讲座"
    problems = log_rows(result, "problem", "驻区单位")
    assert problems["zh"].str.contains("金融知识讲座").any()
    assert (net.resources["provider"] == partner(net, "楼门长乙").name).any()  # 特长 调解


def test_ronghua_resources_and_categories_from_what_was_asked(imported):
    result, net = imported["ronghua"]
    resources = net.resources.set_index("name")
    assert resources.loc["上门理发", "capacity"] == 92 and resources.loc["上门理发", "category"] == "haircut"
    assert (
        resources.loc["送书上门", "capacity"] == 69
        and resources.loc["送书上门", "category"] == "book_delivery"
    )
    assert resources.loc["义诊", "capacity"] == 30
    assert sorted(net.needs["category"]) == ["book_delivery", "haircut", "health_clinic"]
    inferred = log_rows(result, "infer", "需求清单")
    assert inferred["zh"].str.startswith("按诉求内容推断类别").sum() == 3


@pytest.mark.parametrize("community", sorted(books.COMMUNITIES))
def test_an_xls_ledger_reads_as_its_xlsx(folder, imported, community):
    xls = books.as_xls(books.COMMUNITIES[community](folder))
    assert gg.read(xls) == imported[community][1]
    columns = ["sheet", "row", "column", "action", "zh"]

    def explained(log):  # the same explanations (merged cells may be met in another order)
        return log[columns].astype(str).sort_values(columns).reset_index(drop=True)

    pd.testing.assert_frame_equal(explained(import_ledger(xls).log), explained(imported[community][0].log))


def test_merged_cells_in_an_xls_tables_workbook_are_located(tmp_path, small):
    small.write(tmp_path / "net.xlsx")
    book = openpyxl.load_workbook(tmp_path / "net.xlsx")
    book["partners"].merge_cells("D2:D3")
    book.save(tmp_path / "net.xlsx")
    with pytest.raises(gg.DataError, match=r"net.xls\[partners\], row 2: cells D2:D3 are merged"):
        gg.read(books.as_xls(tmp_path / "net.xlsx"))


@pytest.mark.parametrize("community", sorted(books.COMMUNITIES))
def test_a_ledger_goes_from_file_to_report(folder, community, tmp_path):
    path = books.COMMUNITIES[community](folder)
    result = CliRunner().invoke(main, ["report", str(path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "Traceback" not in page and (tmp_path / "out" / "network.html").exists()


# -- the import log -----------------------------------------------------------------------


def test_the_log_explains_every_sheet_column_and_skipped_row(imported):
    result, _ = imported["fucheng"]
    log = result.log
    sheets = log_rows(result, "sheet")
    assert set(sheets["sheet"]) == {"网格划分", "楼栋信息", "网格员花名册", "党员名册", "辖区商户",
                                    "社会组织及专业力量", "居民诉求台账"}  # fmt: skip
    columns = log_rows(result, "column", "网格员花名册").set_index("column")["zh"]
    assert columns["所属网格"] == "作为：所属网格" and columns["负责楼栋"] == "作为：负责的楼栋（关系）"
    assert columns["序号"].startswith("序号列") and columns["入职日期"] == "保留为附加属性“入职日期”"
    titles = log_rows(result, "title")
    assert "富成花园社区网格员花名册" in titles[titles["sheet"] == "网格员花名册"]["zh"].iloc[0]
    skipped = log_rows(result, "skip_row")
    reasons = dict(zip(skipped["sheet"] + ":" + skipped["row"].astype(str), skipped["zh"]))
    assert reasons["楼栋信息:9"].startswith("合计行") and reasons["网格员花名册:6"].startswith("签名或备注行")
    assert reasons["居民诉求台账:8"].startswith("合计行")
    normalised = log_rows(result, "normalise")
    pairs = set(zip(normalised["before"], normalised["after"]))
    assert {("96户", "96"), ("３８０户", "380户"), ("６号楼", "6号楼"), ("第三网格 ", "第三网格")} <= pairs
    assert (
        ("13800000001", "13800000001") in pairs
        or ("13800000001.0", "13800000001") in pairs
        or any(after == "13800000001" for _, after in pairs)
    )
    assert log["en"].notna().all() and log["zh"].notna().all()


def test_govgraph_import_writes_the_tables_and_the_log(folder, tmp_path):
    path = books.fucheng(folder)
    out = tmp_path / "数据"
    result = CliRunner().invoke(main, ["import", str(path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "导入完成 imported: 30 个合伙人" in result.output and "30 partners" in result.output
    assert gg.read(out) == read_ledger(path)
    raw = (out / "import_log.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel opens the Chinese
    log = pd.read_csv(out / "import_log.csv", encoding="utf-8-sig")
    assert list(log.columns)[:4] == ["工作表 sheet", "行 row", "列 column", "处理 action"]
    assert len(log) == len(import_ledger(path).log)


def test_import_of_a_broken_ledger_writes_the_log_and_exits_3(folder, tmp_path):
    book = books.new_book()
    books.add_sheet(book, "网格", ["网格名称"], [["第一网格"]])
    books.add_sheet(book, "网格员", ["姓名", "所属网格"], [["甲", "第七网格"], ["乙", "第一网格"]])
    path = tmp_path / "坏台账.xlsx"
    book.save(path)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["import", str(path), "-o", str(out)])
    assert result.exit_code == 3
    assert "坏台账.xlsx[网格员] 第 2 行「所属网格」列：“第七网格”不在网格表中" in result.stderr
    assert not (out / "partners.csv").exists()
    log = pd.read_csv(out / "import_log.csv", encoding="utf-8-sig")
    assert log["说明"].str.contains("第七网格").any()


# -- problems at the ledger's own cells -------------------------------------------------------


@pytest.fixture(scope="module")
def broken(folder):
    """A ledger with one mistake of each kind a coordinator makes."""
    book = books.new_book()
    books.add_sheet(
        book, "网格", ["网格编号", "网格名称", "户数"],
        [["G1", "第一网格", "９６x"], ["G2", "第二网格", "abc"], ["G3", "第三网格", 120]],
        title="某某社区网格",
    )  # fmt: skip
    books.add_sheet(
        book, "网格员", ["编号", "姓名", "所属网格"],
        [["G1", "重复编号", "第一网格"], ["W2", "甲", "第七网格"], ["W3", "乙", "第二网格"]],
    )  # fmt: skip
    books.add_sheet(
        book, "居民诉求", ["登记日期", "诉求人", "诉求内容", "诉求类别", "紧急程度", "办理状态"],
        [[dt.datetime(2024, 3, 1), "丙", "锁坏了", "修锁", "一般", "已办结"],
         ["2024-02-30", "丁", "楼道灯坏", "报修", "很急", "处理完了"],
         ["2024-03-05", "戊", "噪音", "噪音", 9, "待受理"]],
    )  # fmt: skip
    path = folder / "有错的台账.xlsx"
    book.save(path)
    with pytest.raises(gg.DataError) as error:
        read_ledger(path)
    return error.value.problems


def found(problems, sheet, row, column, pattern):
    at = [p for p in problems if (p.source, p.row, p.column) == (f"有错的台账.xlsx[{sheet}]", row, column)]
    assert at, f"nothing at {sheet} row {row} column {column}: {problems}"
    assert any(re.search(pattern, p.zh) for p in at), at
    return at


def test_every_problem_is_at_its_sheet_row_and_column_in_both_languages(broken):
    found(broken, "网格", 3, "户数", "“96x”不是整数")  # its own value, not another row's
    found(broken, "网格", 4, "户数", "“abc”不是整数")
    found(broken, "网格员", 3, "所属网格", "“第七网格”不在网格表中；您是不是指：第二网格")
    found(broken, "居民诉求", 2, "诉求类别", "不认识的需求类别“修锁”；您是不是指：维修？")
    found(broken, "居民诉求", 3, "登记日期", "“2024-02-30”不是有效日期")
    found(broken, "居民诉求", 3, "紧急程度", "“很急”不是紧急程度；请填 1 到 5 或：不急 1")
    found(broken, "居民诉求", 3, "办理状态", "不认识的办理状态“处理完了”")
    found(broken, "居民诉求", 4, "紧急程度", "“9”大于 5")
    duplicated = found(broken, "网格", 3, "网格编号", "编号“G1”重复出现")  # row 1 is the title
    assert "网格员 第 2 行" in duplicated[0].zh and "ledger:" not in duplicated[0].message
    assert all(p.message and p.zh for p in broken)
    assert all(not p.source.startswith("ledger:") for p in broken)


def test_no_follow_on_problems(broken):
    # The grid worker in an unknown grid is one problem, not also a dangling grid id.
    assert len([p for p in broken if p.source.endswith("[网格员]") and p.row == 3]) == 1
    assert len(broken) == 10


def test_a_formula_without_its_value_and_an_error_cell_are_problems(tmp_path):
    book = books.new_book()
    books.add_sheet(book, "网格", ["网格名称", "户数"], [["第一网格", "=SUM(1,2)"], ["第二网格", "#N/A"]])
    sheet = book["网格"]
    sheet["B3"].data_type = "e"
    path = tmp_path / "formula.xlsx"
    book.save(path)
    with pytest.raises(gg.DataError) as error:
        read_ledger(path)
    text = "\n".join(p.describe() for p in error.value.problems)
    assert "单元格 B2 是公式" in text and "单元格 B3 是 Excel 错误值 #N/A" in text


def test_an_unrecognised_sheet_and_a_header_less_value_are_logged_not_lost(tmp_path):
    book = books.new_book()
    books.add_sheet(book, "网格", ["网格名称"], [["第一网格"]])
    books.add_sheet(book, "Sheet3", ["月份", "走访次数"], [["一月", 12]])
    book["网格"]["C2"] = "没有列名的值"
    path = tmp_path / "extra.xlsx"
    book.save(path)
    result = import_ledger(path)
    assert result.network().partners["kind"].tolist().count("grid") == 1
    log = result.log
    assert log[(log["sheet"] == "Sheet3")]["zh"].str.contains("无法识别").any()
    assert log[(log["sheet"] == "网格") & (log["column"] == "C")]["zh"].str.contains("没有列名").any()
    assert result.unread_sheets() == ["Sheet3"]
    cli = CliRunner().invoke(main, ["import", str(path), "-o", str(tmp_path / "out")])
    assert cli.exit_code == 0, cli.output
    assert "未导入的工作表（见日志）：Sheet3" in cli.output


def test_a_sheet_named_sheet1_is_recognised_by_its_title(tmp_path):
    book = books.new_book()
    books.add_sheet(book, "Sheet1", ["姓名", "所属网格"], [["甲", "第一网格"]], title="某某社区网格员花名册")
    path = tmp_path / "sheet1.xlsx"
    book.save(path)
    net = read_ledger(path)
    assert partner(net, "甲")["kind"] == "grid_worker"
    assert partner(net, "第一网格")["kind"] == "grid"  # no grid sheet: created from the reference
    assert net.partners.loc[partner(net, "甲")["community"], "name"] == "某某社区"


def test_hostile_text_in_a_ledger_is_data(tmp_path):
    book = books.new_book()
    hostile = [s for s in HOSTILE_STRINGS if s.strip() and not re.search(r"[\x00-\x1f]", s)]
    books.add_sheet(
        book, "网格员", ["姓名", "所属网格", "备注"],
        [[text, "第一网格", "=HYPERLINK(\"http://x\")"] for text in hostile]
        + [["<script>alert(1)</script>", "第一网格", "' OR 1=1 //"]],
    )  # fmt: skip
    for row in book["网格员"].iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # typed as text, as Excel keeps '=... (a formula would be refused)
    path = tmp_path / "hostile.xlsx"
    book.save(path)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["import", str(path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    net = gg.read(out)
    assert "<script>alert(1)</script>" in set(net.partners["name"])
    log = (out / "import_log.csv").read_text(encoding="utf-8-sig")
    assert ",=HYPERLINK" not in log  # a formula in a spreadsheet for people is neutralised
    report = CliRunner().invoke(main, ["report", str(path), "-o", str(tmp_path / "rep"), "--names"])
    assert report.exit_code == 0, report.output
    assert "<script>alert(1)</script>" not in (tmp_path / "rep" / "index.html").read_text(encoding="utf-8")


# -- mapping files ------------------------------------------------------------------------


def test_a_mapping_names_sheets_headers_and_words_the_lists_do_not_know(tmp_path):
    book = books.new_book()
    books.add_sheet(book, "楼门长名册", ["楼门长", "楼门号", "所属网格"], [["甲", "1号楼", "第一网格"]])
    books.add_sheet(
        book, "登记簿", ["日期", "住户", "事情", "归类"], [["2024-01-02", "乙", "水管漏", "修水管"]]
    )
    path = tmp_path / "own.xlsx"
    book.save(path)
    mapping = tmp_path / "映射.toml"
    mapping.write_text(
        'community = "某某社区"\n'
        '[sheets]\n"楼门长名册" = "楼门长"\n"登记簿" = "needs"\n'
        '[columns]\n"楼门号" = "building"\n"住户" = "requester"\n"事情" = "description"\n"归类" = "category"\n'
        '[columns."楼门长名册"]\n"楼门长" = "name"\n'
        '[aliases.kind]\n"楼门长" = "volunteer"\n[aliases.category]\n"修水管" = "repair"\n',
        encoding="utf-8",
    )
    net = read_ledger(path, mapping=mapping)
    assert partner(net, "甲")["kind"] == "volunteer"
    assert related(net, "甲", "resides_in") == ["1号楼"]
    assert net.needs["category"].tolist() == ["repair"]
    assert net.partners.loc[partner(net, "甲")["community"], "name"] == "某某社区"
    cli = CliRunner().invoke(
        main, ["import", str(path), "-o", str(tmp_path / "out"), "--mapping", str(mapping)]
    )
    assert cli.exit_code == 0, cli.output
    plain = import_ledger(path)  # without the mapping, 登记簿 is no sheet the lists know: logged, skipped
    assert plain.network().needs.empty
    assert plain.log[plain.log["sheet"] == "登记簿"]["zh"].str.contains("无法识别").any()
    for command in (
        ["validate"],
        ["report", "-o", str(tmp_path / "rep")],
        ["match", "-o", str(tmp_path / "m.csv")],
    ):
        cli = CliRunner().invoke(main, [*command, str(path), "--mapping", str(mapping)])
        assert cli.exit_code == 0, (command, cli.output)
    assert "1 件诉求" in CliRunner().invoke(main, ["validate", str(path), "--mapping", str(mapping)]).output
    wrong = CliRunner().invoke(main, ["validate", str(tmp_path / "out"), "--mapping", str(mapping)])
    assert wrong.exit_code == 2 and "--mapping is for a ledger workbook" in wrong.output


def test_a_yaml_mapping(tmp_path):
    pytest.importorskip("yaml")
    book = books.new_book()
    books.add_sheet(book, "楼门长名册", ["名字"], [["甲"]])
    path = tmp_path / "own.xlsx"
    book.save(path)
    mapping = tmp_path / "map.yaml"
    mapping.write_text("sheets:\n  楼门长名册: volunteer\ncolumns:\n  名字: name\n", encoding="utf-8")
    assert partner(read_ledger(path, mapping=mapping), "甲")["kind"] == "volunteer"


@pytest.mark.parametrize(
    ("text", "pattern"),
    [
        ('[columns]\n"楼门号" = "floor"\n', r"'columns.楼门号': 'floor' is not a field"),
        ("[sheets\n", r"is not valid TOML"),
        ('colour = "red"\n', r"'colour': unknown section"),
        ('[aliases.kind]\n"楼门长" = "janitor"\n', r"'janitor', which is not declared"),
    ],
)
def test_a_bad_mapping_is_a_clear_error(tmp_path, text, pattern):
    book = books.new_book()
    books.add_sheet(book, "网格", ["网格名称"], [["第一网格"]])
    path = tmp_path / "own.xlsx"
    book.save(path)
    mapping = tmp_path / "bad.toml"
    mapping.write_text(text, encoding="utf-8")
    with pytest.raises(gg.GovGraphError, match=pattern):
        read_ledger(path, mapping=mapping)


# -- recognising a ledger ------------------------------------------------------------------


def test_read_tells_a_ledger_from_a_workbook_of_tables(folder, tmp_path, small):
    assert gg.read(books.ronghua(folder)) == read_ledger(books.ronghua(folder))
    small.write(tmp_path / "tables.xlsx")
    assert gg.read(tmp_path / "tables.xlsx") == small
    book = books.new_book()
    books.add_sheet(book, "月报", ["月份", "次数"], [["一月", 1]])
    book.save(tmp_path / "other.xlsx")
    with pytest.raises(gg.DataError) as error:
        gg.read(tmp_path / "other.xlsx")
    assert "partners" in str(error.value)


def test_a_two_row_header_addresses_and_the_ways_places_are_written(tmp_path):
    """A merged header over sub-headers, 住址 naming a building, 1# = 1号楼, 一网格 = 第一网格, 1-2号楼."""
    book = books.new_book()
    books.add_sheet(
        book,
        "网格信息表",
        ["序号", "网格名称", "户数（户）", "网格长"],
        [[1, "一网格", "96 户", "张三"], [2, "2网格", "120户", "李四"]],
        title="某社区网格信息一览表",
    )
    books.add_sheet(
        book,
        "楼栋",
        ["序号", "楼号", "所属网格", "户数"],
        [[i, f"{i}#", "第一网格" if i < 3 else "第二网格", 40] for i in range(1, 5)],
    )
    sheet = book.create_sheet("网格员")
    sheet.append(["某社区网格员花名册"])
    sheet.append(["序号", "基本信息", None, "工作信息", None])
    sheet.append([None, "姓名", "联系电话", "所属网格", "负责楼栋"])
    for cells in ("A1:E1", "B2:C2", "D2:E2", "A2:A3"):
        sheet.merge_cells(cells)
    sheet.append([1, "张三", 13800000001, "一网格", "1-2号楼"])
    sheet.append([2, "李四", 13800000002, "二网格", "3#、4#"])
    books.add_sheet(
        book,
        "居民信息",
        ["序号", "姓名", "住址", "联系电话"],
        [[1, "王五", "1号楼2单元301", 13900000001], [2, "赵六", "3号楼1单元101", None]],
    )
    books.add_sheet(book, "居民诉求登记表（2024）", ["序号", "日期", "诉求人", "住址", "诉求内容", "诉求类别"],
                    [[1, "2024.3.20", "孙七", "4号楼", "老人助餐", "助老"]])  # fmt: skip
    path = tmp_path / "variants.xlsx"
    book.save(path)
    net = gg.read(path)
    partners = net.partners
    grids = partners[partners["kind"] == "grid"].set_index("name")["households"]
    assert grids.to_dict() == {"一网格": 96, "2网格": 120}
    workers = partners[partners["kind"] == "grid_worker"].set_index("name")
    assert workers["phone"].tolist() == ["13800000001", "13800000002"]
    name = partners["name"]
    ties = net.relations.assign(source=name.reindex(net.relations["source"]).to_numpy(),
                                target=name.reindex(net.relations["target"]).to_numpy())  # fmt: skip
    pairs = set(zip(ties["source"], ties["target"], ties["relation"]))
    assert {("张三", "1#", "responsible_for"), ("张三", "2#", "responsible_for"), ("李四", "3#", "responsible_for"),
            ("李四", "4#", "responsible_for"), ("张三", "一网格", "leads"), ("王五", "1#", "resides_in"),
            ("赵六", "3#", "resides_in"), ("孙七", "4#", "resides_in")} <= pairs  # fmt: skip
    assert workers.loc["李四", "grid"] == partners.index[name == "2网格"][0]  # 二网格 = 2网格
    need = net.needs.iloc[0]
    assert need["category"] == "elderly_care" and str(need["created_at"].date()) == "2024-03-20"


def test_building_numbers_typed_as_numbers_and_a_column_of_numbers_and_text(tmp_path):
    book = books.new_book()
    books.add_sheet(book, "楼栋", ["楼号", "户数"], [[3, 40], [5, 60]])
    books.add_sheet(
        book, "居民", ["姓名", "楼号", "单元", "门牌号"], [["王五", 3, 2, 301], ["赵六", "5", 1, "101"]]
    )
    path = tmp_path / "numbers.xlsx"
    book.save(path)
    result = import_ledger(path, community="某社区")
    net = result.network()
    residents = net.partners[net.partners["kind"] == "resident"]
    assert residents["门牌号"].tolist() == ["301", "101"] and residents["单元"].tolist() == [2, 1]
    lives = net.relations[net.relations["relation"] == "resides_in"]
    assert net.partners.loc[lives["target"], "name"].tolist() == ["3", "5"]
    mixed = log_rows(result, "normalise", "居民")
    assert mixed[mixed["column"] == "门牌号"]["zh"].str.contains("数字和文字混排").sum() == 1


def test_no_residents_name_leaves_through_an_id(folder, imported, tmp_path):
    """Ids are generated from kind and name, except a resident's: from sheet and row."""
    path = books.fucheng(folder)
    net = imported["fucheng"][1]
    residents = net.partners[net.partners["kind"] == "resident"]
    names = [n for n in residents["name"] if isinstance(n, str)]
    assert names and not any(name in identifier for name in names for identifier in residents.index)
    out = tmp_path / "rep"
    assert CliRunner().invoke(main, ["report", str(path), "-o", str(out)]).exit_code == 0
    assert CliRunner().invoke(main, ["match", str(path), "-o", str(tmp_path / "m.csv")]).exit_code == 0
    for written in [*out.rglob("*.csv"), *out.rglob("*.html"), tmp_path / "m.csv"]:
        text = written.read_text(encoding="utf-8-sig")
        assert not [name for name in names if name in text], written.name


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32))
def test_no_ledger_causes_a_traceback(tmp_path, seed):
    """Random sheets, headers and cells: a network or located problems; a network gives a report."""
    path = books.random_ledger(tmp_path / f"random{seed}.xlsx", seed)
    try:
        net = import_ledger(path).network()
    except gg.DataError as error:
        assert all(p.source.startswith(path.name) for p in error.problems)
        return
    gg.match(net)
    gg.report(net, tmp_path / f"report{seed}")


def test_sheets_named_for_one_grid_give_their_rows_that_grid(tmp_path):
    book = books.new_book()
    books.add_sheet(book, "网格", ["网格名称"], [["第一网格"], ["第二网格"]])
    books.add_sheet(book, "1网格楼栋", ["楼号", "户数"], [["1号楼", 40], ["2号楼", 50]])
    books.add_sheet(book, "第二网格楼栋", ["楼号", "户数"], [["3号楼", 60]])
    books.add_sheet(book, "第一网格居民", ["姓名", "楼号"], [["王五", "1号楼"]])
    books.add_sheet(book, "第二网格居民", ["姓名", "所属网格"], [["赵六", "第一网格"]])  # the row says
    path = tmp_path / "by_grid.xlsx"
    book.save(path)
    result = import_ledger(path, community="某社区")
    net = result.network()
    grid_name = net.partners["name"].reindex(net.partners["grid"]).to_numpy()
    placed = dict(zip(net.partners["name"], grid_name, strict=True))
    assert placed["1号楼"] == placed["2号楼"] == "第一网格" and placed["3号楼"] == "第二网格"
    assert placed["王五"] == "第一网格" and placed["赵六"] == "第一网格"
    assert set(net.partners["kind"]) == {"community", "grid", "building", "resident"}
    said = log_rows(result, "sheet", "第二网格居民")["zh"]
    assert said.str.contains("表名中的“第二网格”作为各行的所属网格").any()


def test_activity_and_project_sheets_become_activities_projects_and_links(tmp_path):
    net = read_ledger(books.yayun_together(tmp_path))
    activities = net.activities.set_index("name")
    assert activities["kind"].to_dict() == {
        "一号院网格议事会": "council",
        "二号院网格议事会": "council",
        "中秋联欢": "culture",
    }
    assert activities.loc["二号院网格议事会", "date"] == pd.Timestamp("2024-06-07")  # 2024年6月7日
    assert net.partners.loc[activities.loc["中秋联欢", "place"], "kind"] == "community"  # 全社区
    projects = net.projects.set_index("name")
    assert projects.loc["院落道路修缮", ["status", "budget"]].tolist() == ["ongoing", 300_000.0]  # 30万元
    assert projects.loc["一号院恢复物业管理", "status"] == "done"  # 已完工
    links = net.links.assign(
        target=net.links["target"]
        .map({**net.activities["name"], **net.projects["name"]})
        .fillna(net.links["target"])
    )
    named = {
        (net.partners["name"].get(s, s), t, r)
        for s, t, r in links[["source", "target", "relation"]].itertuples(index=False)
    }
    assert ("院长1", "中秋联欢", "organises") in named and ("院长3", "中秋联欢", "organises") in named
    assert ("院长4", "中秋联欢", "serves_in") in named
    assert ("老人甲", "一号院网格议事会", "takes_part_in") in named
    assert (net.projects.index[net.projects["name"] == "院落道路修缮"][0], "JS2024002", "answers") in {
        tuple(row) for row in net.links[["source", "target", "relation"]].itertuples(index=False)
    }
    assert gg.affiliation(net).incidence.to_numpy().sum() == 8  # organises and takes part


def test_activity_sheet_problems_name_the_cell(tmp_path):
    path = books.yayun_together(tmp_path)
    book = openpyxl.load_workbook(path)
    sheet = book["活动台账"]
    sheet["F3"] = "院长9"  # on no roster
    sheet["E4"] = "九号院"  # no such courtyard
    book["项目清单"]["J3"] = "JS2099999"  # no such need
    book.save(path)
    with pytest.raises(gg.DataError) as caught:
        read_ledger(path)
    found = {(p.source, p.row, p.column): p for p in caught.value.problems}
    book_name = path.name
    assert "院长9" in found[(f"{book_name}[活动台账]", 3, "组织方")].zh
    assert "您是不是指" in found[(f"{book_name}[活动台账]", 3, "组织方")].zh
    assert "九号院" in found[(f"{book_name}[活动台账]", 4, "活动地点")].zh
    assert "JS2099999" in found[(f"{book_name}[项目清单]", 3, "对应需求")].zh


def test_govgraph_import_writes_the_activities_and_projects(tmp_path):
    book = books.yayun_together(tmp_path)
    result = CliRunner().invoke(main, ["import", str(book), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "3 项活动、2 个项目" in result.output and "activities.csv, projects.csv" in result.output
    assert gg.read(tmp_path / "out") == read_ledger(book)
