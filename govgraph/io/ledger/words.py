"""The words of a community ledger (台账): sheet names, column headers, and a mapping file for others.

A ledger sheet is recognised by its name (网格员花名册 → grid workers) or,
failing that, by its title row; each column by its header (所属网格 → the
partner's grid). The lists below are the words Beijing community offices
use; a mapping file (TOML, or YAML when PyYAML is installed) adds others::

    # 台账映射 mapping.toml
    community = "富成花园社区"        # the community of every row, when no column says

    [sheets]                           # sheet name = role
    "楼门长名册" = "volunteer"         # a partner kind (key or Chinese), "needs", "resources",
                                       # "activities", "projects" or "skip"

    [columns]                          # header = field, on every sheet
    "楼门号" = "building"
    "备注" = "skip"

    [columns."楼门长名册"]             # header = field, on one sheet only
    "姓名" = "name"

    [aliases.kind]                     # more words for values (see Schema.with_aliases)
    "楼门长" = "volunteer"
    [aliases.category]
    "修水管" = "repair"

The fields a column may become are :data:`FIELDS`; a header no list names
is kept as an attribute under its own name.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from govgraph.errors import DataError, Problem
from govgraph.model.vocabulary import Vocabulary

__all__ = [
    "ACTIVITIES",
    "FIELDS",
    "FIELD_LABELS",
    "NEEDS",
    "PARTNERS",
    "PROJECTS",
    "RESOURCES",
    "SKIP",
    "TABLE_ROLES",
    "LedgerWords",
    "load_mapping",
    "word_key",
]

#: Roles of a sheet besides the partner kinds.
NEEDS = "needs"
RESOURCES = "resources"
SKIP = "skip"
#: A sheet of partners of several kinds, each row's kind in its 类型 column.
PARTNERS = "partners"
#: Sheets of activities (活动台账) and projects (项目清单).
ACTIVITIES = "activities"
PROJECTS = "projects"
#: The roles of sheets whose rows are not partners of the sheet's kind.
TABLE_ROLES = (NEEDS, RESOURCES, PARTNERS, ACTIVITIES, PROJECTS, SKIP)

#: What a column may become, with its meaning (for the import log and the mapping file's documentation).
FIELDS: Mapping[str, str] = MappingProxyType(
    {
        "id": "the row's id (generated from kind and name when there is none)",
        "row_number": "a row number (序号), not an id: left out",
        "kind": "on a sheet of several kinds (其他合伙人): the row's partner kind, in Chinese or English",
        "name": "the partner's name",
        "community": "the community the partner belongs to",
        "grid": "the grid the partner belongs to (by name or id)",
        "parent_grid": "for a grid: the larger grid it lies in",
        "households": "number of households (96户 → 96)",
        "phone": "a phone number, kept as text exactly as written",
        "building": "for a person: the building they live in (resides_in); for an organisation: where it is "
        "(located_in); for a need: the requester's building",
        "buildings": "buildings the partner answers for (a responsibility relation), a list: 1号楼、2号楼, "
        "1-6号楼",
        "leader": "for a grid: the person leading it (网格长)",
        "branch": "the party branch the person is a member of (member_of; created when missing)",
        "address": "an address (住址, 地址); when it names a building, a person lives in it (resides_in), an "
        "organisation is located_in it, and a need's requester lives there",
        "services": "services offered (resources): categories through the taxonomy, capacity from 每月10人次",
        "capacity": "how many a resource serves per month",
        "scope": "where the partner serves (serves): 全社区, or a list of grids",
        "type": "the organisation's type (专业力量, 律师, 医疗 ... make it a professional)",
        "age": "age in years (72岁 → 72)",
        "elderly": "yes/no: elderly",
        "disabled": "yes/no: disabled",
        "living_alone": "yes/no: living alone",
        "created_at": "for a need: the date it was registered",
        "responded_at": "for a need: when it was first answered (first contact)",
        "resolved_at": "for a need: the date it was resolved",
        "solved": "for a need: whether the resident judged it solved (是/否, 已解决/未解决)",
        "satisfaction": "for a need: the resident's evaluation (满意, 基本满意, 不满意, or 1-5)",
        "requester": "for a need: who raised it (a resident, created when not on a roster)",
        "description": "for a need: what was asked",
        "category": "for a need or resource: its category (through the taxonomy's Chinese aliases)",
        "urgency": "for a need: 1-5 or 不急/一般/较急/紧急/特急",
        "status": "for a need: 待受理, 办理中, 已办结, 已回访, 不予受理 ...",
        "handler": "for a need: who handles it (承办人)",
        "provider": "for a resource: who offers it (by name or id)",
        "date": "for an activity: the day it was held (the first day of a series)",
        "start": "for a project: the day it started",
        "end": "for an activity or project: the last day",
        "place": "for an activity or project: where, a community, grid or building (by name or id)",
        "budget": "for a project: its budget in yuan (12万 → 120000)",
        "organisers": "for an activity or project: who organises it (organises), a list of names or ids",
        "participants": "for an activity or project: who takes part (takes_part_in), a list",
        "servers": "for an activity or project: who serves in it (serves_in), a list",
        "funders": "for an activity or project: who funds it (funds), a list",
        "needs_answered": "for a project: the needs it answers (answers), a list of need ids",
        "resources_used": "for a project: the resources it uses (uses), a list of resource ids or names",
        SKIP: "left out",
    }
)

#: Each field in the words of the import log.
FIELD_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "id": "编号",
        "row_number": "序号（不作编号）",
        "kind": "合伙人类型",
        "name": "名称",
        "community": "所属社区",
        "grid": "所属网格",
        "parent_grid": "上级网格",
        "households": "户数",
        "phone": "电话（按文字保存）",
        "building": "所在楼栋（居住或位于）",
        "buildings": "负责的楼栋（关系）",
        "leader": "网格长（领导关系）",
        "branch": "所在党支部（成员关系）",
        "address": "地址",
        "services": "可提供的服务（资源）",
        "capacity": "服务数量",
        "scope": "服务范围（服务关系）",
        "type": "组织类型",
        "age": "年龄",
        "elderly": "是否高龄",
        "disabled": "是否残疾",
        "living_alone": "是否独居",
        "created_at": "登记日期",
        "responded_at": "响应时间",
        "resolved_at": "办结日期",
        "solved": "是否解决",
        "satisfaction": "满意度",
        "requester": "诉求人",
        "description": "诉求内容",
        "category": "类别",
        "urgency": "紧急程度",
        "status": "办理状态",
        "handler": "承办人",
        "provider": "提供方",
        "date": "活动日期",
        "start": "开始日期",
        "end": "结束日期",
        "place": "地点",
        "budget": "预算（元）",
        "organisers": "组织方（组织关系）",
        "participants": "参与方（参与关系）",
        "servers": "服务方（参与服务关系）",
        "funders": "资助方（资助关系）",
        "needs_answered": "回应的需求（回应需求关系）",
        "resources_used": "使用的资源（使用资源关系）",
        SKIP: "忽略",
    }
)

#: Sheet names (and title words) for the roles that are not partner kinds. A sheet of partners is
#: named by a word for its kind: the schema's labels and aliases (网格员, 包楼社工, 辖区商户 ...).
_SHEETS: dict[str, tuple[str, ...]] = {
    NEEDS: ("居民诉求", "诉求", "诉求台账", "需求清单", "需求", "接诉即办", "民意", "诉求登记"),
    RESOURCES: ("资源清单", "服务资源", "资源", "服务清单"),
    PARTNERS: ("合伙人", "其他合伙人", "共建力量", "合伙人名单"),
    ACTIVITIES: ("活动台账", "活动", "活动记录", "活动清单", "活动登记", "联办活动", "活动联办"),
    PROJECTS: ("项目清单", "项目", "项目台账", "项目库", "实事项目", "项目连抓"),
    SKIP: ("说明", "填表说明", "使用说明", "选项", "下拉选项", "字典"),
}

#: Words a ledger sheet's title may add after the role word (网格员花名册, 党员一览表).
TITLE_WORDS = ("台账", "花名册", "名册", "一览表", "统计表", "登记表", "信息表", "清单", "表")

#: Headers for every sheet.
_COMMON_HEADERS: dict[str, tuple[str, ...]] = {
    "id": ("编号", "ID", "代码", "网格编号", "楼栋编号", "工单号", "工单编号", "诉求编号", "资源编号"),
    "row_number": ("序号", "排序", "No", "No."),
    "name": (
        "姓名",
        "名称",
        "商户名称",
        "组织名称",
        "单位名称",
        "店名",
        "店铺名称",
        "队伍名称",
        "支部名称",
        "党组织名称",
        "资源名称",
        "服务名称",
        "物业名称",
        "物业公司",
    ),
    "community": ("所属社区", "社区", "社区名称", "所在社区"),
    "grid": ("所属网格", "所在网格", "负责网格", "网格", "网格名称"),
    "households": ("户数", "住户数", "总户数", "常住户数", "户籍户数", "居民户数"),
    "phone": ("联系电话", "电话", "手机", "手机号", "手机号码", "联系方式"),
    "buildings": ("负责楼栋", "包联楼栋", "所辖楼栋", "分包楼栋", "联系楼栋", "包片楼栋"),
    "building": ("居住楼栋", "楼栋", "住址楼栋", "所住楼栋", "楼号", "楼栋号", "居住地址"),
    "branch": ("所在支部", "所属支部", "所在党支部", "所属党支部", "党支部"),
    "address": (
        "地址",
        "位置",
        "所在位置",
        "经营地址",
        "办公地址",
        "详细地址",
        "住址",
        "家庭住址",
        "现住址",
    ),
    "services": ("可提供服务", "服务内容", "服务项目", "提供服务", "特长", "服务专长"),
    "capacity": ("数量", "容量", "服务数量", "服务能力", "服务人次", "每月可服务"),
    "scope": ("服务范围", "服务区域"),
    "type": ("类型", "组织类型", "性质", "单位性质"),
    "age": ("年龄",),
    "elderly": ("是否高龄", "高龄", "老年人", "是否老年人", "高龄老人"),
    "disabled": ("是否残疾", "残疾", "残疾人"),
    "living_alone": ("是否独居", "独居", "独居老人", "空巢独居"),
}

#: Headers whose meaning depends on the sheet: on a sheet of places of a level (grid, building), of a
#: grid's party organisation (the kind role ``grid_party``), of partners of several kinds, needs or
#: resources. They come before the common ones.
_ROLE_HEADERS: dict[str, dict[str, tuple[str, ...]]] = {
    "grid": {
        "name": ("网格名称", "网格", "名称"),
        "leader": ("网格长",),
        "parent_grid": ("上级网格", "所属党建网格", "党建网格", "所属大网格"),
        "buildings": ("所辖楼栋", "包含楼栋", "楼栋", "楼栋范围"),
    },
    "building": {"name": ("楼号", "楼栋", "楼栋号", "楼栋名称", "名称")},
    "grid_party": {"grid": ("负责网格", "所属网格", "网格"), "name": ("支部名称", "党组织名称", "名称")},
    PARTNERS: {"kind": ("类型", "合伙人类型", "类别", "身份")},
    NEEDS: {
        "requester": ("诉求人", "反映人", "居民姓名", "姓名", "来电人"),
        "created_at": (
            "登记日期",
            "受理日期",
            "登记时间",
            "受理时间",
            "日期",
            "反映时间",
            "诉求时间",
            "来电时间",
        ),
        "responded_at": ("响应时间", "首次联系时间", "联系时间", "响应日期", "接单时间", "签收时间"),
        "resolved_at": ("办结日期", "办结时间", "完成日期", "完成时间"),
        "solved": ("是否解决", "解决情况", "问题是否解决", "解决结果"),
        "satisfaction": ("满意度", "满意情况", "回访评价", "评价结果", "回访满意度", "群众评价"),
        "description": ("诉求内容", "反映问题", "问题描述", "内容", "事项", "诉求事项"),
        "category": ("诉求类别", "类别", "诉求类型", "问题类别", "分类", "问题类型"),
        "urgency": ("紧急程度", "紧急度", "缓急", "紧急"),
        "status": ("办理状态", "状态", "处理状态", "办理情况", "办理结果"),
        "handler": ("承办人", "处理人", "责任人", "经办人", "承办网格员"),
    },
    ACTIVITIES: {
        "name": ("活动名称", "名称", "活动", "活动主题", "主题"),
        "kind": ("活动类型", "类型", "类别", "活动类别", "形式"),
        "date": ("活动日期", "日期", "活动时间", "时间", "举办日期", "举办时间", "开始日期", "开始时间"),
        "end": ("结束日期", "结束时间", "截止日期"),
        "place": ("活动地点", "地点", "举办地点", "所在网格", "网格", "社区", "场地"),
        "organisers": (
            "组织方",
            "主办方",
            "主办单位",
            "承办方",
            "承办单位",
            "组织单位",
            "牵头单位",
            "联办单位",
            "联办方",
        ),
        "participants": ("参与方", "参与单位", "参加单位", "参与人员", "参加人员", "参与者"),
        "servers": ("服务方", "服务单位", "服务人员", "志愿服务方", "提供服务方"),
        "funders": ("资助方", "出资方", "赞助方", "赞助单位"),
    },
    PROJECTS: {
        "name": ("项目名称", "名称", "项目", "项目内容"),
        "status": ("项目状态", "状态", "进展", "进度", "实施进度", "完成情况"),
        "start": ("开始日期", "开工日期", "启动日期", "开始时间", "立项日期", "实施时间"),
        "end": ("结束日期", "完成日期", "竣工日期", "完工日期", "结项日期"),
        "place": ("实施地点", "地点", "所在网格", "网格", "社区", "位置"),
        "budget": ("预算", "预算金额", "金额", "资金", "经费", "投入资金", "投资"),
        "organisers": ("牵头单位", "实施单位", "负责单位", "组织方", "责任单位", "主办方"),
        "participants": ("参与单位", "参与方", "参与人员", "配合单位"),
        "servers": ("服务方", "服务单位"),
        "funders": ("出资方", "资助方", "资金来源"),
        "needs_answered": (
            "对应需求",
            "回应需求",
            "解决需求",
            "需求编号",
            "关联诉求",
            "对应诉求",
            "诉求编号",
        ),
        "resources_used": ("使用资源", "关联资源", "所用资源", "资源编号", "使用的资源"),
    },
    RESOURCES: {
        "provider": ("提供方", "提供单位", "提供者", "服务主体", "资源提供方", "服务提供方"),
        "category": ("服务类别", "类别", "资源类别", "类型"),
        "name": ("资源名称", "服务名称", "名称", "服务内容"),
    },
}


def word_key(text: object) -> str:
    """A sheet name or header as compared: NFKC, no spaces, no colon, no unit in brackets, lower case."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"\s+", "", text).rstrip(":：*")
    text = re.sub(r"[(（\[【][^)）\]】]*[)）\]】]$", "", text)  # 户数（户）, 电话(手机)
    return text.casefold()


@dataclass(frozen=True)
class LedgerWords:
    """Which sheet names mean which role and which headers mean which field; extended by a mapping."""

    sheets: Mapping[str, str]
    headers: Mapping[str, str]
    role_headers: Mapping[str, Mapping[str, str]]
    sheet_headers: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    aliases: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    community: str | None = None

    @classmethod
    def default(cls) -> LedgerWords:
        sheets = {word_key(w): role for role, words in _SHEETS.items() for w in words}
        headers = {word_key(w): f for f, words in _COMMON_HEADERS.items() for w in words}
        role_headers = {
            role: {word_key(w): f for f, words in fields.items() for w in words}
            for role, fields in _ROLE_HEADERS.items()
        }
        return cls(sheets, headers, role_headers)

    def role_of(self, name: str, kinds: Vocabulary) -> str | None:
        """The role a sheet name (or title) names: a kind of ``kinds`` (网格员 → its key), or needs,
        resources, partners, skip. An exact word first; else the longest word written in the name
        (网格员花名册 → 网格员), the first written when two are as long (社会组织及专业力量)."""
        key = word_key(name)
        key = re.sub(r"^[0-9一二三四五六七八九十]+[、.．]", "", key)  # "1、网格员" "二.党员"
        words = {**{word_key(w): k for w, k in kinds.word_map.items()}, **self.sheets}
        if key in words:
            return words[key]
        stripped = key
        for word in TITLE_WORDS:
            stripped = stripped.replace(word, "")
        if stripped in words:
            return words[stripped]
        found = [w for w in words if w and w in key]
        if not found:
            return None
        longest = max(len(w) for w in found)
        return words[min((w for w in found if len(w) == longest), key=key.index)]

    def field_of(self, header: object, role: str, sheet: str) -> str | None:
        """The field a header names on a sheet of this role, or None (kept as an attribute)."""
        key = word_key(header)
        if not key:
            return None
        for table in (self.sheet_headers.get(sheet, {}), self.role_headers.get(role, {}), self.headers):
            if key in table:
                return table[key]
        return None

    def with_mapping(self, mapping: Mapping[str, Any], source: str) -> LedgerWords:
        """These words with a mapping's (see the module docstring); problems name the mapping file."""
        problems: list[Problem] = []
        unknown = sorted(set(mapping) - {"community", "sheets", "columns", "aliases"})
        for key in unknown:
            problems.append(
                Problem(
                    source,
                    None,
                    key,
                    "unknown section; expected community, sheets, columns or aliases",
                    "无法识别的设置项；应为 community、sheets、columns 或 aliases",
                )
            )
        sheets = dict(self.sheets)
        for name, role in _table(mapping, "sheets", source, problems).items():
            sheets[word_key(name)] = str(role)
        headers = dict(self.headers)
        sheet_headers = {k: dict(v) for k, v in self.sheet_headers.items()}
        for header, target in _table(mapping, "columns", source, problems).items():
            if isinstance(target, Mapping):
                for inner, field_name in target.items():
                    _check_field(field_name, f"columns.{header}.{inner}", source, problems)
                    sheet_headers.setdefault(str(header), {})[word_key(inner)] = str(field_name)
            else:
                _check_field(target, f"columns.{header}", source, problems)
                headers[word_key(header)] = str(target)
        aliases = {k: dict(v) for k, v in self.aliases.items()}
        for vocabulary, words in _table(mapping, "aliases", source, problems).items():
            if not isinstance(words, Mapping):
                problems.append(
                    Problem(
                        source,
                        None,
                        f"aliases.{vocabulary}",
                        "expected a table of word = key",
                        "应为“词 = 取值”的表",
                    )
                )
                continue
            aliases.setdefault(str(vocabulary), {}).update({str(k): str(v) for k, v in words.items()})
        community = mapping.get("community", self.community)
        if community is not None and not isinstance(community, str):
            problems.append(
                Problem(
                    source,
                    None,
                    "community",
                    "expected the community's name as text",
                    "应填写社区名称（文字）",
                )
            )
            community = None
        if problems:
            raise DataError(problems)
        return LedgerWords(sheets, headers, self.role_headers, sheet_headers, aliases, community)


def _table(mapping: Mapping[str, Any], key: str, source: str, problems: list[Problem]) -> Mapping[str, Any]:
    value = mapping.get(key, {})
    if not isinstance(value, Mapping):
        problems.append(Problem(source, None, key, "expected a table", "应为一个表（[...] 小节）"))
        return {}
    return value


def _check_field(name: object, where: str, source: str, problems: list[Problem]) -> None:
    if name not in FIELDS:
        problems.append(
            Problem(
                source,
                None,
                where,
                f"{name!r} is not a field; use one of {', '.join(FIELDS)}",
                f"“{name}”不是可用的字段；可用：{', '.join(FIELDS)}",
            )
        )


def load_mapping(path: str | Path) -> dict[str, Any]:
    """Read a mapping file: ``.toml``, or ``.yaml``/``.yml`` when PyYAML is installed."""
    path = Path(path)
    source = path.name
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise DataError(
            [Problem(source, None, None, f"cannot be read: {error}", f"无法读取：{error}")]
        ) from None
    if path.suffix.lower() in (".yaml", ".yml"):
        try:
            import yaml  # type: ignore[import-untyped]
        except ImportError:
            raise DataError(
                [
                    Problem(
                        source,
                        None,
                        None,
                        "reading YAML needs PyYAML (pip install 'govgraph[yaml]'); or write TOML",
                        "读取 YAML 需要安装 PyYAML（pip install 'govgraph[yaml]'）；或改用 TOML 格式",
                    )
                ]
            ) from None
        try:
            loaded = yaml.safe_load(text)
        except yaml.YAMLError as error:
            raise DataError(
                [Problem(source, None, None, f"is not valid YAML: {error}", "不是有效的 YAML")]
            ) from None
    else:
        try:
            loaded = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise DataError(
                [Problem(source, None, None, f"is not valid TOML: {error}", f"不是有效的 TOML：{error}")]
            ) from None
    if not isinstance(loaded, dict):
        raise DataError(
            [
                Problem(
                    source,
                    None,
                    None,
                    "expected sections sheets, columns, aliases",
                    "应包含 sheets、columns、aliases 等小节",
                )
            ]
        )
    return loaded
