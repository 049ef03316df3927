"""Ledger workbooks as Beijing community offices keep them, written with openpyxl (as Excel would).

Each builder returns the path of a workbook in the style of one of the seed
article's communities. Names are invented (示例…, 张某 style); the shapes are
the real ones: merged title rows, Chinese headers, 序号 columns, ``96户``,
full-width digits, trailing spaces, phone numbers typed as numbers, Excel
date cells, building lists, 合计 rows and 填表人 lines.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter


def add_sheet(
    book: openpyxl.Workbook,
    name: str,
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    title: str | None = None,
    subtitle: str | None = None,
    footer: Sequence[Sequence[object]] = (),
    merge_down: Sequence[tuple[int, int, int]] = (),
) -> None:
    """A sheet: an optional merged title (and subtitle) row, the header, the rows, then footer lines.

    ``merge_down`` holds (column, first data row, last data row), 1-based
    column and 0-based data rows, merged vertically as offices do for 所属网格.
    """
    sheet = book.create_sheet(name)
    width = len(header)
    for text in (title, subtitle):
        if text is not None:
            sheet.append([text])
            row = sheet.max_row
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    sheet.append(list(header))
    first = sheet.max_row + 1
    for values in rows:
        sheet.append(list(values))
    for values in footer:
        sheet.append(list(values))
    for column, start, end in merge_down:
        top = first + start
        for row in range(top + 1, first + end + 1):
            sheet.cell(row=row, column=column).value = None
        sheet.merge_cells(start_row=top, start_column=column, end_row=first + end, end_column=column)
    for position in range(1, width + 1):
        sheet.column_dimensions[get_column_letter(position)].width = 14


def new_book() -> openpyxl.Workbook:
    book = openpyxl.Workbook()
    book.remove(book.active)
    return book


def fucheng(folder: Path) -> Path:
    """富成花园: the usual ledger — grids, buildings, grid workers, party members, merchants, social
    organisations and professionals, and a requests ledger with Excel dates."""
    book = new_book()
    add_sheet(
        book, "网格划分", ["序号", "网格名称", "网格编号", "户数", "网格长"],
        [[1, "第一网格", "FC-G1", "420户", "张某某"], [2, "第二网格", "FC-G2", "３８０户", "李某某"],
         [3, "第三网格 ", "FC-G3", 356, "王某某"]],
        title="大屯街道富成花园社区网格划分一览表",
    )  # fmt: skip
    add_sheet(
        book, "楼栋信息", ["序号", "楼号", "所属网格", "户数"],
        [[1, "1号楼", "第一网格", "96户"], [2, "2号楼", "第一网格", 88], [3, "３号楼", "第一网格", 120],
         [4, "5号楼", "第二网格", 140], [5, "６号楼", "第2网格", "110户"], [6, "7号楼 ", "第三网格", 98],
         [None, "合计", None, 652]],
        title="富成花园社区楼栋信息台账",
    )  # fmt: skip
    add_sheet(
        book, "网格员花名册", ["序号", "姓名", "所属网格", "负责楼栋", "联系电话", "所在支部", "入职日期"],
        [[1, "张某某", "第一网格", "1号楼、2号楼、3号楼", 13800000001, "第一网格党支部", dt.datetime(2021, 3, 1)],
         [2, "李某某", "第二网格", "5号楼，6号楼", "010-64000002", "第二网格党支部", dt.datetime(2022, 7, 15)],
         [3, "王某某 ", "第三网格", "7号楼", 13800000003, "第三网格党支部", "2023年1月9日"]],
        title="富成花园社区网格员花名册", footer=[["填表人：赵某", None, None, "填表日期：2024年3月1日"]],
    )  # fmt: skip
    add_sheet(
        book, "党员名册", ["序号", "姓名", "所属网格", "居住楼栋", "所在支部", "联系电话"],
        [[1, "党员甲", "第一网格", "1号楼", "第一网格党支部", 13900000001],
         [2, "党员乙", "第二网格", "５号楼", "第二网格党支部", 13900000002],
         [3, "党员丙", "第三网格", "7号楼", "第三网格党支部", None]],
        title="富成花园社区党员名册",
    )  # fmt: skip
    add_sheet(
        book, "辖区商户", ["序号", "商户名称", "所属网格", "地址", "可提供服务", "服务范围", "联系电话"],
        [[1, "某某理发店", "第一网格", "2号楼底商", "上门理发，每月10人次", "全社区", 13700000001],
         [2, "某某维修部", "第二网格", "6号楼底商", "家电维修、管道疏通，每周3次", "第二网格、第三网格", 13700000002],
         [3, "某某超市", "第三网格", "7号楼一层", None, None, "010-64000003"]],
        title="富成花园社区辖区商户台账",
    )  # fmt: skip
    add_sheet(
        book, "社会组织及专业力量", ["序号", "组织名称", "类型", "可提供服务", "服务范围"],
        [[1, "某某助老服务队", "社区社会组织", "养老助老，每周5人次", "全社区"],
         [2, "某某律师事务所", "律师事务所", "法律咨询，每月4人次", "全社区"],
         [3, "某某心理工作室", "专业力量（心理）", "心理咨询，每月6人次", "第一网格"]],
        title="富成花园社区社会组织及专业力量",
    )  # fmt: skip
    add_sheet(
        book, "居民诉求台账", ["序号", "登记日期", "诉求人", "楼栋", "诉求内容", "诉求类别", "紧急程度", "办理状态", "承办人"],
        [[1, dt.datetime(2024, 3, 15), "居民甲", "1号楼", "楼道灯不亮", "报修", "较急", "已办结", "张某某"],
         [2, dt.datetime(2024, 3, 18), "居民乙", "6号楼", "独居老人需要助餐", "养老助老", "紧急", "办理中", "李某某"],
         [3, "2024/3/20", "居民丙", "7号楼", "邻里噪音纠纷", "纠纷调解", "一般", "待受理", "王某某"],
         [4, "2024.3.22", "居民丁", "2号楼", "想理发", "理发", "不急", "已回访", "张某某"],
         [5, "2024年3月25日", "居民戊", "5号楼", "咨询法律问题", "法律咨询", "一般", "未办理", None]],
        title="富成花园社区居民诉求台账（2024年）",
        footer=[["合计", None, "5件"]],
    )  # fmt: skip
    path = folder / "富成花园社区台账.xlsx"
    book.save(path)
    return path


def jiamingyuan(folder: Path) -> Path:
    """嘉铭园: sixteen administrative grids regrouped into six party grids (党建网格), each led by its branch
    secretary; buildings with the grid merged down the rows; grid workers are 包楼社工."""
    book = new_book()
    party = ["第一党建网格", "第二党建网格", "第三党建网格", "第四党建网格", "第五党建网格", "第六党建网格"]
    add_sheet(
        book,
        "党建网格",
        ["序号", "网格名称", "网格长", "户数"],
        [[i + 1, name, f"书记{i + 1}", 300 + 10 * i] for i, name in enumerate(party)],
        title="嘉铭园社区党建网格划分（16个行政网格调整为6个党建网格）",
    )
    add_sheet(
        book,
        "行政网格",
        ["序号", "网格名称", "所属党建网格"],
        [[i + 1, f"第{i + 1}网格", party[i * 6 // 16]] for i in range(16)],
        title="嘉铭园社区行政网格",
    )
    buildings = [[i + 1, f"{i + 1}号楼", f"第{i // 2 + 1}网格", 40 + i] for i in range(32)]
    add_sheet(
        book, "楼宇", ["序号", "楼号", "所属网格", "户数"], buildings,
        title="嘉铭园社区楼宇信息",
        merge_down=[(3, 2 * g, 2 * g + 1) for g in range(16)],
    )  # fmt: skip
    add_sheet(
        book, "包楼社工", ["序号", "姓名", "所属网格", "包联楼栋", "联系电话"],
        [[g + 1, f"社工{g + 1}", f"第{g + 1}网格", f"{2 * g + 1}-{2 * g + 2}号楼", 13600000000 + g] for g in range(16)],
        title="嘉铭园社区包楼社工名册",
    )  # fmt: skip
    add_sheet(
        book, "党员", ["序号", "姓名", "所属网格", "居住楼栋", "所在支部"],
        [[i + 1, f"书记{i + 1}", f"第{(16 * i) // 6 + 1}网格", f"{(32 * i) // 6 + 1}号楼", f"第{'一二三四五六'[i]}党支部"]
         for i in range(6)],
        title="嘉铭园社区党员名册",
    )  # fmt: skip
    add_sheet(
        book, "诉求", ["序号", "日期", "反映人", "楼栋", "反映问题", "类别", "状态"],
        [[1, dt.date(2024, 5, 6), "住户甲", "3号楼", "电梯故障", "维修", "已办结"],
         [2, dt.date(2024, 5, 9), "住户乙", "12号楼", "老人需要陪诊", "医疗", "办理中"],
         [3, dt.date(2024, 5, 12), "住户丙", "20号楼", "文体活动场地", "文化", "待受理"]],
        title="嘉铭园社区诉求登记",
    )  # fmt: skip
    path = folder / "嘉铭园社区台账.xlsx"
    book.save(path)
    return path


def yayun(folder: Path) -> Path:
    """亚运新新家园: eight courtyard grids (院落网格) drawn by the natural courtyards; 重点人群 with 年龄 in
    岁 and 是/否 flags; 接诉即办 requests with dates typed as text."""
    book = new_book()
    yards = [f"{'一二三四五六七八'[i]}号院" for i in range(8)]
    add_sheet(
        book, "院落网格", ["网格名称", "户数", "网格长", "所辖楼栋"],
        [[yard, 200 + i, f"院长{i + 1}", f"{2 * i + 1}号楼、{2 * i + 2}号楼"] for i, yard in enumerate(yards)],
        title="亚运新新家园社区院落网格", subtitle="（按自然院落划分，共8个）",
    )  # fmt: skip
    add_sheet(
        book, "网格员", ["姓名", "所属网格", "负责楼栋", "手机"],
        [[f"院长{i + 1}", yards[i], f"{2 * i + 1}号楼、{2 * i + 2}号楼", 15000000000 + i] for i in range(8)],
        title="亚运新新家园社区网格员",
    )  # fmt: skip
    add_sheet(
        book, "重点人群", ["姓名", "居住楼栋", "年龄", "是否独居", "是否残疾", "联系电话"],
        [["老人甲", "1号楼", "86岁", "是", "否", 13100000001], ["老人乙", "4号楼", 79, "否", "是", None],
         ["老人丙", "9号楼", "92岁", "是", "否", "010-64000009"]],
        title="亚运新新家园社区重点人群台账",
    )  # fmt: skip
    add_sheet(
        book, "接诉即办", ["工单号", "受理时间", "来电人", "楼栋", "诉求内容", "问题类型", "紧急程度", "办理状态",
                       "响应时间", "办结时间", "是否解决", "满意度"],
        [["JS2024001", "2024年6月3日 09:30", "老人甲", "1号楼", "独居老人需要助餐", "养老", "特急", "已回访",
          "2024年6月3日 10:05", dt.datetime(2024, 6, 4, 16, 0), "已解决", "满意"],
         ["JS2024002", "2024-06-05", "老人乙", "4号楼", "轮椅坡道损坏", "维修", 4, "已受理",
          "2024-06-06 14:00", None, None, None],
         ["JS2024003", "2024/6/9", "居民某", "15号楼", "楼下饭店噪音扰民", "噪音", "较急", "办理中",
          None, None, None, None]],
        title="亚运新新家园社区接诉即办工单",
    )  # fmt: skip
    path = folder / "亚运新新家园社区台账.xlsx"
    book.save(path)
    return path


def yayun_together(folder: Path) -> Path:
    """亚运新新家园 with its 活动台账 (grid councils, a cultural evening) and 项目清单 (road repairs, the
    restored property management), as a community office adds them to the book."""
    path = yayun(folder)
    book = openpyxl.load_workbook(path)
    add_sheet(
        book, "活动台账", ["序号", "活动名称", "活动类型", "活动日期", "活动地点", "组织方", "参与方", "服务方"],
        [[1, "一号院网格议事会", "网格议事会", dt.date(2024, 3, 8), "一号院", "院长1", "老人甲、院长2", None],
         [2, "二号院网格议事会", "议事会", "2024年6月7日", "二号院", "院长2", "老人乙", None],
         [3, "中秋联欢", "文化活动", dt.date(2024, 9, 14), "全社区", "院长1，院长3", "老人丙", "院长4"]],
        title="亚运新新家园社区活动台账",
    )  # fmt: skip
    add_sheet(
        book, "项目清单", ["序号", "项目名称", "项目状态", "开始日期", "完成日期", "实施地点", "预算", "牵头单位",
                       "参与单位", "对应需求"],
        [[1, "院落道路修缮", "实施中", dt.date(2024, 9, 2), None, "二号院", "30万元", "院长2", "老人乙",
          "JS2024002"],
         [2, "一号院恢复物业管理", "已完工", "2024-01-15", "2024-06-30", "一号院", 50000, "院长1", None, None]],
        title="亚运新新家园社区项目清单",
    )  # fmt: skip
    path = folder / "亚运新新家园社区活动与项目.xlsx"
    book.save(path)
    return path


def oulu(folder: Path) -> Path:
    """欧陆经典: eight party branches and the commercial buildings drawn into grids; the office buildings
    form a commercial-building grid (商务楼宇网格) whose units are on the 驻区单位 sheet."""
    book = new_book()
    add_sheet(
        book,
        "网格信息",
        ["网格编号", "网格名称", "户数"],
        [[f"OL-G{i + 1}", f"第{i + 1}网格", 150 + i] for i in range(13)] + [["OL-G14", "商务楼宇网格", 0]],
        title="欧陆经典社区网格信息（14个）",
    )
    add_sheet(
        book, "楼栋", ["楼栋名称", "所属网格", "户数"],
        [[f"{i + 1}号楼", f"OL-G{i + 1}", 150 + i] for i in range(13)] + [["欧陆大厦A座", "商务楼宇网格", None],
                                                                        ["欧陆大厦B座", "商务楼宇网格", None]],
        title="欧陆经典社区楼栋",
    )  # fmt: skip
    add_sheet(
        book, "党组织", ["支部名称", "负责网格", "书记"],
        [[f"第{'一二三四五六七八'[i]}党支部", "、".join(f"第{g}网格" for g in range(1 + 13 * i // 8, 1 + 13 * (i + 1) // 8)), f"支书{i + 1}"]
         for i in range(8)],
        title="欧陆经典社区党组织",
    )  # fmt: skip
    add_sheet(
        book, "驻区单位", ["单位名称", "所属网格", "地址", "可提供服务", "服务范围"],
        [["某某科技公司", "商务楼宇网格", "欧陆大厦A座12层", "就业招聘，每月20人次", "全社区"],
         ["某某银行网点", "商务楼宇网格", "欧陆大厦B座1层", "金融知识讲座", "全社区"],
         ["某某诊所", "第3网格", "3号楼底商", "义诊，每月15人次", "第3网格、第4网格"]],
        title="欧陆经典社区驻区单位",
    )  # fmt: skip
    add_sheet(
        book, "志愿者", ["姓名", "所属网格", "居住楼栋", "特长"],
        [["楼门长甲", "第1网格", "1号楼", "文艺"], ["楼门长乙", "第2网格", "2号楼", "调解"]],
        title="欧陆经典社区为民服务网格员（志愿者）",
    )  # fmt: skip
    path = folder / "欧陆经典社区台账.xlsx"
    book.save(path)
    return path


def ronghua(folder: Path) -> Path:
    """融华嘉园: a resources list (资源清单) by provider, a volunteer team, and requests without a category
    column (the category comes from what was asked)."""
    book = new_book()
    add_sheet(
        book, "网格", ["网格名称", "户数"], [["第一网格", 500], ["第二网格", 460]], title="融华嘉园社区网格",
    )  # fmt: skip
    add_sheet(
        book, "楼栋", ["楼号", "所属网格", "户数"],
        [["1号楼", "第一网格", 250], ["2号楼", "第一网格", 250], ["3号楼", "第二网格", 230], ["4号楼", "第二网格", 230]],
    )  # fmt: skip
    add_sheet(
        book, "志愿服务队", ["队伍名称", "所属网格", "特长"],
        [["理发志愿队", "第一网格", "理发"], ["送书志愿队", "第二网格", "图书配送"]],
        title="融华嘉园社区志愿服务队",
    )  # fmt: skip
    add_sheet(
        book, "社区社会组织", ["组织名称", "所属网格"], [["健康小屋", "第二网格"]],
    )  # fmt: skip
    add_sheet(
        book, "资源清单", ["序号", "提供方", "服务内容", "数量"],
        [[1, "理发志愿队", "上门理发", "每月92人次"], [2, "送书志愿队", "送书上门", "每月69人次"],
         [3, "健康小屋", "义诊", 30]],
        title="融华嘉园社区服务资源清单",
    )  # fmt: skip
    add_sheet(
        book, "需求清单", ["序号", "诉求人", "楼栋", "诉求内容", "登记日期"],
        [[1, "住户甲", "1号楼", "行动不便，希望上门理发", dt.datetime(2024, 4, 1)],
         [2, "住户乙", "3号楼", "想借书，希望送书上门", dt.datetime(2024, 4, 2)],
         [3, "住户丙", "4号楼", "血压高，想义诊", dt.datetime(2024, 4, 3)]],
        title="融华嘉园社区需求清单",
    )  # fmt: skip
    path = folder / "融华嘉园社区台账.xlsx"
    book.save(path)
    return path


COMMUNITIES = {
    "fucheng": fucheng,
    "jiamingyuan": jiamingyuan,
    "yayun": yayun,
    "oulu": oulu,
    "ronghua": ronghua,
}


def as_xls(path: Path) -> Path:
    """The same workbook saved as .xls (as older Excel and WPS save it): values, dates and merged cells."""
    import xlwt

    source = openpyxl.load_workbook(path)
    book = xlwt.Workbook(encoding="utf-8")
    dates = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    for sheet in source.worksheets:
        target = book.add_sheet(sheet.title, cell_overwrite_ok=True)
        merged = {(r.min_row, r.min_col): r for r in sheet.merged_cells.ranges}
        for r in merged.values():
            value = sheet.cell(row=r.min_row, column=r.min_col).value
            target.write_merge(r.min_row - 1, r.max_row - 1, r.min_col - 1, r.max_col - 1, value)
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is None or (cell.row, cell.column) in merged:
                    continue
                if isinstance(cell.value, dt.date):
                    target.write(cell.row - 1, cell.column - 1, cell.value, dates)
                else:
                    target.write(cell.row - 1, cell.column - 1, cell.value)
    xls = path.with_suffix(".xls")
    book.save(str(xls))
    return xls


def random_ledger(path: Path, seed: int) -> Path:
    """A workbook of ledger-like sheets with random headers from the known lists and random cells: numbers,
    dates, place names, words, hostile and broken values, merged title rows and merged columns."""
    import random

    from govgraph.io.ledger import words

    rng = random.Random(seed)
    sheets = ["网格", "楼栋", "网格员花名册", "党员名册", "商户", "社会组织及专业力量", "志愿者", "居民信息",
              "居民诉求台账", "资源清单", "其他合伙人", "物业", "党支部", "Sheet1", "说明"]  # fmt: skip
    known = [*words._COMMON_HEADERS.values(), *(h for r in words._ROLE_HEADERS.values() for h in r.values())]
    headers = sorted({h for group in known for h in group} | {"备注", "性别", "门牌号"})
    values = ["第一网格", "第1网格", "二网格", "1号楼", "６号楼", "1-3号楼", "1号楼、2号楼", "3#", "96户", "72岁",
              "全社区", "理发，每月10人次", "维修", "已办结", "紧急", "特急", "abc", " ", "合计", "是", "否", "律师",
              "专业力量", "张三", "李四", "<script>", "=1+1", "2024/3/15", "2024年3月15日", "2024-13-45", "居民甲",
              "第一网格党支部", "#N/A", "\u200b", "x" * 300, "10:30"]  # fmt: skip

    def cell() -> object:
        r = rng.random()
        if r < 0.5:
            return rng.choice(values)
        if r < 0.6:
            return rng.randint(-5, 10**6)
        if r < 0.65:
            return rng.random() * 100
        if r < 0.7:
            return dt.datetime(2024, rng.randint(1, 12), rng.randint(1, 28))
        if r < 0.75:
            return True
        if r < 0.8:
            return 10**17 + rng.randint(0, 9)
        return None

    book = new_book()
    for name in rng.sample(sheets, rng.randint(1, 6)):
        sheet = book.create_sheet(name)
        width = rng.randint(1, 7)
        if rng.random() < 0.5:
            sheet.append([f"某社区{name}"])
            sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
        sheet.append(rng.sample(headers, width))
        for _ in range(rng.randint(0, 8)):
            sheet.append([cell() for _ in range(width + rng.randint(0, 1))])
        if rng.random() < 0.3 and sheet.max_row > 3:
            sheet.merge_cells(start_row=3, start_column=1, end_row=sheet.max_row, end_column=1)
    book.save(path)
    return path
