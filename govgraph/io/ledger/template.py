"""A fill-in ledger workbook (台账模板): the sheets a community office keeps, ready to type into.

Each sheet has a title row, a Chinese header and two example rows; columns
with fixed choices (grids, buildings, kinds, categories, urgency, status,
yes/no) have drop-down lists, and date columns accept only dates. A filled
template reads back with :func:`govgraph.read` and no mapping.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import xlsxwriter

from govgraph.model.files import output_file
from govgraph.model.schema import Schema, check_schema

__all__ = ["TEMPLATE_ROWS", "write_template"]

#: Rows each sheet's drop-down lists and date checks cover.
TEMPLATE_ROWS = 2_000

_TITLE_ROW, _HEADER_ROW, _FIRST_ROW = 0, 1, 2


@dataclass(frozen=True)
class _Column:
    header: str
    width: int
    choices: str | None = None  # a key of the choice lists, or a sheet whose first column lists them
    note: str = ""


def _sheets(community: str) -> dict[str, tuple[list[_Column], list[list[object]]]]:
    day = dt.datetime(2024, 3, 15)
    return {
        "网格": (
            [
                _Column("网格名称", 14),
                _Column("所属社区", 16),
                _Column("户数", 8),
                _Column("网格长", 12),
                _Column("所辖楼栋", 22, note="多个楼栋用顿号分开：1号楼、2号楼"),
            ],
            [
                ["第一网格", community, 420, "示例网格员甲", "1号楼"],
                ["第二网格", community, 380, "示例网格员乙", "2号楼"],
            ],
        ),
        "楼栋": (
            [_Column("楼号", 10), _Column("所属网格", 14, "网格"), _Column("户数", 8)],
            [["1号楼", "第一网格", 210], ["2号楼", "第二网格", 190]],
        ),
        "网格员": (
            [
                _Column("姓名", 12),
                _Column("所属网格", 14, "网格"),
                _Column("负责楼栋", 22),
                _Column("联系电话", 16),
                _Column("所在支部", 18),
            ],
            [
                ["示例网格员甲", "第一网格", "1号楼", "010-00000001", "第一网格党支部"],
                ["示例网格员乙", "第二网格", "2号楼", "010-00000002", "第二网格党支部"],
            ],
        ),
        "党员": (
            [
                _Column("姓名", 12),
                _Column("所属网格", 14, "网格"),
                _Column("居住楼栋", 12, "楼栋"),
                _Column("所在支部", 18),
                _Column("联系电话", 16),
            ],
            [
                ["示例党员甲", "第一网格", "1号楼", "第一网格党支部", "010-00000003"],
                ["示例党员乙", "第二网格", "2号楼", "第二网格党支部", "010-00000004"],
            ],
        ),
        "商户": (
            [
                _Column("名称", 18),
                _Column("所属网格", 14, "网格"),
                _Column("地址", 16),
                _Column("可提供服务", 26, note="如：上门理发，每月10人次"),
                _Column("服务范围", 14),
            ],
            [
                ["示例理发店", "第一网格", "1号楼底商", "上门理发，每月10人次", "全社区"],
                ["示例维修部", "第二网格", "2号楼底商", "家电维修，每月8人次", "第二网格"],
            ],
        ),
        "社会组织": (
            [
                _Column("名称", 18),
                _Column("类型", 12, "组织类型"),
                _Column("所属网格", 14, "网格"),
                _Column("可提供服务", 26),
                _Column("服务范围", 14),
            ],
            [
                ["示例助老服务队", "社会组织", "第一网格", "养老助老，每周5人次", "全社区"],
                ["示例律师事务所", "专业力量", "第二网格", "法律咨询，每月4人次", "全社区"],
            ],
        ),
        "志愿者": (
            [
                _Column("姓名", 12),
                _Column("所属网格", 14, "网格"),
                _Column("居住楼栋", 12, "楼栋"),
                _Column("可提供服务", 22),
            ],
            [
                ["示例志愿者甲", "第一网格", "1号楼", "图书配送，每月6人次"],
                ["示例志愿者乙", "第二网格", "2号楼", "文体活动，每月2人次"],
            ],
        ),
        "其他合伙人": (
            [
                _Column("名称", 18),
                _Column("类型", 14, "合伙人类型"),
                _Column("所属网格", 14, "网格"),
                _Column("可提供服务", 22),
            ],
            [
                ["示例物业公司", "物业", "第一网格", "物业服务，每月20人次"],
                ["示例党群服务站", "服务站点", "第二网格", "义诊，每月15人次"],
            ],
        ),
        "居民": (
            [
                _Column("姓名", 12),
                _Column("居住楼栋", 12, "楼栋"),
                _Column("所属网格", 14, "网格"),
                _Column("年龄", 6),
                _Column("是否独居", 10, "是否"),
                _Column("是否残疾", 10, "是否"),
                _Column("联系电话", 16),
            ],
            [
                ["示例居民甲", "1号楼", "第一网格", 82, "是", "否", "010-00000005"],
                ["示例居民乙", "2号楼", "第二网格", 45, "否", "否", "010-00000006"],
            ],
        ),
        "居民诉求": (
            [
                _Column("登记日期", 12, "日期"),
                _Column("诉求人", 12),
                _Column("楼栋", 10, "楼栋"),
                _Column("诉求内容", 28),
                _Column("诉求类别", 14, "类别"),
                _Column("紧急程度", 10, "紧急程度"),
                _Column("办理状态", 12, "办理状态"),
                _Column("承办人", 12),
                _Column("响应时间", 16, "时间", "第一次联系居民的日期和时间，如 2024-03-15 10:30"),
                _Column("办结日期", 12, "日期"),
                _Column("是否解决", 10, "是否", "回访时居民认为是否已解决"),
                _Column("满意度", 10, "满意度", "回访时居民的评价"),
            ],
            [
                [
                    day,
                    "示例居民甲",
                    "1号楼",
                    "楼道灯不亮",
                    "维修",
                    "较急",
                    "办理中",
                    "示例网格员甲",
                    day + dt.timedelta(hours=10, minutes=20),
                ],
                [
                    day + dt.timedelta(days=3),
                    "示例居民乙",
                    "2号楼",
                    "想了解法律咨询",
                    "法律咨询",
                    "一般",
                    "待受理",
                    "示例网格员乙",
                ],
            ],
        ),
        "活动台账": (
            [
                _Column("活动名称", 18),
                _Column("活动类型", 12, "活动类型"),
                _Column("活动日期", 12, "日期", "系列活动（如每周便民服务）填第一次的日期"),
                _Column("结束日期", 12, "日期", "系列活动或多日活动的最后一天；单日活动留空"),
                _Column("活动地点", 14, note="网格、楼栋或社区的名称；全社区的活动可填“全社区”"),
                _Column("组织方", 22, note="多个用顿号分开：示例网格员甲、示例理发店"),
                _Column("参与方", 22),
                _Column("服务方", 22, note="在活动中提供服务的商户、志愿者等"),
            ],
            [
                ["公益市集", "市集", day, None, "全社区", "示例网格员甲", "示例助老服务队", "示例理发店"],
                [
                    "第一网格议事会",
                    "议事会",
                    day + dt.timedelta(days=7),
                    None,
                    "第一网格",
                    "示例网格员甲",
                    "示例居民甲、示例党员甲",
                    None,
                ],
            ],
        ),
        "项目清单": (
            [
                _Column("项目名称", 20),
                _Column("项目状态", 10, "项目状态"),
                _Column("开始日期", 12, "日期"),
                _Column("完成日期", 12, "日期"),
                _Column("实施地点", 14),
                _Column("预算", 10, note="单位：元；也可写“12万”"),
                _Column("牵头单位", 18),
                _Column("参与单位", 22),
                _Column("对应需求", 16, note="这个项目回应的需求的编号，多个用顿号分开"),
                _Column("使用资源", 16, note="用到的资源的编号或名称"),
            ],
            [
                [
                    "1号楼楼道修缮",
                    "实施中",
                    day,
                    None,
                    "1号楼",
                    "5万",
                    "示例网格员甲",
                    "示例维修部",
                    None,
                    None,
                ],
                [
                    "第二网格环境整治",
                    "计划中",
                    None,
                    None,
                    "第二网格",
                    30000,
                    "示例网格员乙",
                    "示例志愿者乙",
                    None,
                    None,
                ],
            ],
        ),
    }


_INSTRUCTIONS = [
    "怎样填写这本台账 How to fill in this ledger",
    "",
    "1. 每张表的第 2 行是列名，请从第 3 行起填写；灰色示例行可以直接改写或删除。",
    "2. 同一个网格、楼栋，在各表中请写同样的名称（如“第一网格”“1号楼”）；全角数字、首尾空格会自动规范。",
    "3. 多个楼栋写在一格里，用顿号分开：1号楼、2号楼；连续的可写 1-6号楼。",
    "4. “可提供服务”写服务和数量，如“上门理发，每月10人次”；",
    "   类别会按常用说法识别（维修、养老助老、理发、法律咨询……）。",
    "   活动台账、项目清单中的组织方、参与方请写名册中的名称，多个用顿号分开。",
    "5. 带下拉箭头的列请从列表中选择；日期列请填日期（2024-03-15 或 2024/3/15）。",
    "6. 电话号码按文字保存，不会变成科学计数法。没有的内容留空即可。",
    "7. 填好后运行：govgraph report 台账.xlsx -o 报告   （先检查可运行：govgraph validate 台账.xlsx）",
    "",
    "Row 2 of each sheet holds the column names; fill in from row 3 (overwrite the grey examples).",
    "Write each grid and building the same way on every sheet; lists go in one cell separated by 、.",
    "Then run: govgraph report ledger.xlsx -o report  (or govgraph validate ledger.xlsx first).",
]


def write_template(path: str | Path, *, community: str = "示例社区", schema: Schema | None = None) -> Path:
    """Write a fill-in ledger workbook: Chinese headers, drop-down lists, two example rows per sheet.

    Parameters
    ----------
    path : str or path
        The ``.xlsx`` file to write.
    community : str
        The community's name, shown in every sheet's title and read back as
        the community of every row.
    schema : Schema, optional
        Whose categories, partner kinds, urgency and status words fill the
        drop-down lists (default :data:`govgraph.DEFAULT_SCHEMA`).

    Returns
    -------
    Path
    """
    schema = check_schema(schema)
    path = output_file(Path(path))
    sheets = _sheets(community)
    choices = {
        "类别": [term.label_zh for term in schema.taxonomy.words.values()],
        "紧急程度": [term.label_zh for term in schema.urgency.values()],
        "办理状态": [term.label_zh for term in schema.statuses.values()],
        "合伙人类型": [kind.label_zh for key, kind in schema.kinds.items() if schema.level_of(key) is None],
        "组织类型": ["社会组织", "专业力量"],
        "是否": ["是", "否"],
        "满意度": [term.label_zh for key, term in schema.satisfaction.items() if not key.isdigit()],
        "活动类型": [term.label_zh for term in schema.activity_kinds.values()],
        "项目状态": [term.label_zh for term in schema.project_statuses.values()],
    }
    book = xlsxwriter.Workbook(
        str(path), {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    )
    try:
        title = book.add_format({"bold": True, "font_size": 14})
        header = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True})
        example = book.add_format({"font_color": "#7F7F7F"})
        example_date = book.add_format({"font_color": "#7F7F7F", "num_format": "yyyy-mm-dd"})
        date = book.add_format({"num_format": "yyyy-mm-dd"})
        moment = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        example_moment = book.add_format({"font_color": "#7F7F7F", "num_format": "yyyy-mm-dd hh:mm"})
        text = book.add_format({"num_format": "@"})
        guide = book.add_worksheet("说明")
        guide.set_column(0, 0, 110)
        for row, line in enumerate(_INSTRUCTIONS):
            guide.write_string(row, 0, line, title if row == 0 else None)
        lists = book.add_worksheet("选项")
        for place, (name, values) in enumerate(choices.items()):
            lists.write_string(0, place, name, header)
            for row, value in enumerate(values, start=1):
                lists.write_string(row, place, value)
        lists.hide()
        last = _FIRST_ROW + TEMPLATE_ROWS - 1
        for name, (columns, examples) in sheets.items():
            sheet = book.add_worksheet(name)
            sheet.write_string(
                _TITLE_ROW, 0, f"{community} · {name}台账（从第 3 行起填写；灰色为示例）", title
            )
            sheet.freeze_panes(_FIRST_ROW, 0)
            for position, column in enumerate(columns):
                width_format = {"日期": date, "时间": moment}.get(column.choices or "")
                if "电话" in column.header:
                    width_format = text
                sheet.set_column(position, position, column.width, width_format)
                sheet.write_string(_HEADER_ROW, position, column.header, header)
                if column.note:
                    sheet.write_comment(_HEADER_ROW, position, column.note)
                source = _choice_source(column.choices, choices)
                if column.choices in ("日期", "时间"):
                    sheet.data_validation(
                        _FIRST_ROW,
                        position,
                        last,
                        position,
                        {
                            "validate": "date",
                            "criteria": ">=",
                            "value": dt.date(1900, 1, 1),
                            "error_title": column.choices,
                            "error_message": "请填写日期，如 2024-03-15（时间可写 2024-03-15 10:30）",
                        },
                    )
                elif source is not None:
                    sheet.data_validation(
                        _FIRST_ROW,
                        position,
                        last,
                        position,
                        {
                            "validate": "list",
                            "source": source,
                            "error_type": "warning",
                            "error_title": column.header,
                            "error_message": "请从下拉列表中选择（也可填写其他写法，导入时会检查）",
                        },
                    )
            for offset, cells in enumerate(examples):
                for position, cell in enumerate(cells):
                    row = _FIRST_ROW + offset
                    if cell is None:
                        continue  # an example leaves the cell empty
                    if isinstance(cell, dt.datetime):
                        timed = cell != dt.datetime.combine(cell.date(), dt.time())
                        sheet.write_datetime(row, position, cell, example_moment if timed else example_date)
                    elif isinstance(cell, (int, float)):
                        sheet.write_number(row, position, cell, example)
                    else:
                        sheet.write_string(row, position, str(cell), example)
    finally:
        book.close()
    return path


def _choice_source(choices: str | None, lists: dict[str, list[str]]) -> str | None:
    """The cell range a drop-down list takes its values from."""
    if choices in ("网格", "楼栋"):
        return f"='{choices}'!$A${_FIRST_ROW + 1}:$A${_FIRST_ROW + TEMPLATE_ROWS}"
    if choices in lists:
        column = chr(65 + list(lists).index(choices))
        return f"='选项'!${column}$2:${column}${len(lists[choices]) + 1}"
    return None
