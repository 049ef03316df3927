"""The words of every page a coordinator reads: headings, columns, legends, tooltips, in one glossary.

A :class:`Words` speaks one of :data:`LANGUAGES`: ``"zh"`` (Chinese only),
``"en"`` (English only) or ``"both"`` (Chinese first, English after). It
labels glossary entries (``words("betweenness")`` is 中介中心度), explains
them in one plain sentence (``words.explain("betweenness")``), and labels
the data's own terms (partner kinds, relations, categories, statuses,
urgency) from their :class:`~govgraph.model.vocabulary.Term`.

Examples
--------
>>> from govgraph.model.glossary import Words
>>> Words("zh")("betweenness"), Words("en")("betweenness"), Words("both")("betweenness")
('中介中心度', 'betweenness', '中介中心度 betweenness')
>>> Words("zh").explain("betweenness")
'有多少条最短联系要经过此人（占全部的比例）'
>>> Words("zh").percent(0.4712)
'47%'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import pandas as pd

from govgraph.errors import GovGraphError
from govgraph.model.vocabulary import Term

__all__ = ["GLOSSARY", "LANGUAGES", "Words", "known", "language_of"]

#: The languages a page can speak.
LANGUAGES = ("zh", "en", "both")

# key: (中文, English, 中文解释, English explanation); the explanations are shown where a measure is.
_ENTRIES: dict[str, tuple[str, str, str, str]] = {
    # who
    "name": ("名称", "name", "", ""),
    "kind": ("类型", "kind", "", ""),
    "community": ("社区", "community", "", ""),
    "grid": ("网格", "grid", "", ""),
    "parent_grid": ("上级网格", "grid above", "", ""),
    "building": ("楼栋", "building", "", ""),
    "role": ("职务", "role", "", ""),
    "partners": ("合伙人", "partners", "网络中的人和组织", "people and organisations in the network"),
    "relations": ("关系", "relations", "", ""),
    "needs": ("需求", "needs", "", ""),
    "resources": ("资源", "resources", "", ""),
    "households": ("住户", "households", "", ""),
    "buildings": ("楼栋数", "buildings", "", ""),
    "total": ("合计", "total", "", ""),
    # connectors
    "degree": ("联系数", "ties", "直接联系的合伙人有多少", "how many partners one is tied to directly"),
    "betweenness": (
        "中介中心度",
        "betweenness",
        "有多少条最短联系要经过此人（占全部的比例）",
        "the share of shortest chains between others that pass through this partner",
    ),
    "pagerank": (
        "影响力",
        "influence (PageRank)",
        "被联系广的合伙人联系得越多，影响力越高",
        "higher when tied to partners who are themselves well tied",
    ),
    "harmonic_closeness": (
        "接近度",
        "closeness",
        "离其他所有人平均有多近（1 表示与每个人直接相连）",
        "how near everyone else is on average (1: tied to everyone directly)",
    ),
    "constraint": (
        "结构约束",
        "constraint",
        "联系人彼此也相连的程度；越低越能沟通互不相识的群体",
        "how much one's contacts are tied to each other; lower means bridging separate groups",
    ),
    # brokerage
    "coordinator": ("协调者", "coordinator", "在本社区内部牵线", "links two partners of its own community"),
    "itinerant": ("顾问", "consultant", "为另一个社区内部牵线", "links two partners of another community"),
    "representative": ("代表", "representative", "把本社区的联系带出去", "carries its community's ties out"),
    "gatekeeper": ("守门人", "gatekeeper", "把外来联系带进本社区", "brings outside ties into its community"),
    "liaison": ("联络者", "liaison", "在两个其他社区之间牵线", "links two other communities"),
    "brokerage_total": ("牵线总数", "brokerage in all", "", ""),
    # weak points
    "pieces": (
        "断开后分成",
        "pieces without it",
        "失去后网络在此处分成几块",
        "how many pieces its part falls into",
    ),
    "partners_cut_off": ("被隔断的合伙人", "partners cut off", "", ""),
    "buildings_cut": ("失联楼栋", "buildings cut off", "失去与网格或社区党组织联系的楼栋", ""),
    "households_cut": ("失联住户", "households cut off", "", ""),
    "building_names": ("失联楼栋名单", "which buildings", "", ""),
    "one_side": ("一方", "one side", "", ""),
    "other_side": ("另一方", "other side", "", ""),
    "relation_kinds": ("关系类型", "relation", "", ""),
    # coverage and gaps
    "units": ("楼栋数", "buildings", "", ""),
    "vulnerable_residents": ("困难群众", "vulnerable residents", "", ""),
    "household_coverage": (
        "住户覆盖率",
        "households covered",
        "住在有人联系的楼栋里的住户所占比例",
        "share of households living in a building someone reaches",
    ),
    "building_coverage": ("楼栋覆盖率", "buildings covered", "", ""),
    "gap": ("缺口", "gap", "", ""),
    "provider_gap": ("无人联系", "nobody reaches it", "", ""),
    "service_gap": ("附近无服务", "no service within reach", "", ""),
    "place": ("地方", "place", "", ""),
    "missing": ("缺少", "missing", "", ""),
    "category": ("类别", "category", "", ""),
    "capacity": ("名额", "places", "", ""),
    "served": ("可服务", "can be served", "", ""),
    # workload
    "household_share": ("占本社区住户", "share of its community's households", "", ""),
    "above_norm": ("超出标准", "above the norm", "", ""),
    "providers": ("网格员人数", "grid workers", "", ""),
    "households_per_provider": ("人均住户", "households each", "", ""),
    "max_share": ("最重负担占比", "largest share", "", ""),
    "gini": (
        "不均衡程度",
        "unevenness (Gini)",
        "0 表示平均，越接近 1 越集中在少数人",
        "0 is even, near 1 is on a few",
    ),
    "level": ("层级", "level", "", ""),
    # matching
    "strategy": ("匹配方法", "strategy", "", ""),
    "matched": ("已匹配", "matched", "", ""),
    "match_rate": ("匹配率", "matched share", "", ""),
    "urgency_weighted_match_rate": ("按紧急程度加权的匹配率", "matched share weighted by urgency", "", ""),
    "mean_score": ("平均匹配分", "mean score", "", ""),
    "mean_hops": ("平均相隔联系", "mean ties apart", "", ""),
    "lowest_grid_match_rate": ("最低的网格匹配率", "lowest grid's matched share", "", ""),
    "resource_utilisation": ("资源使用率", "resources used", "", ""),
    "run_seconds": ("计算用时（秒）", "seconds to compute", "", ""),
    # pipeline
    "resolved": ("已办结", "resolved", "", ""),
    "closure_rate": (
        "办结率",
        "resolved share",
        "已办结的需求占全部需求的比例",
        "needs resolved over needs raised",
    ),
    "median_days_to_resolution": ("办结用时中位数（天）", "median days to resolve", "", ""),
    # the 接诉即办 rates
    "period": ("时段", "period", "", ""),
    "needs_raised": ("新增诉求", "needs raised", "", ""),
    "undated": ("无登记日期", "undated", "", ""),
    "responded": ("已响应", "responded", "", ""),
    "responded_on_time": ("按时响应", "responded on time", "", ""),
    "evaluated": ("已回访评价", "evaluated", "", ""),
    "solved": ("评价已解决", "judged solved", "", ""),
    "satisfied": ("评价满意", "satisfied", "", ""),
    "response_rate": (
        "响应率",
        "response rate",
        "规定时限内首次联系的诉求占全部诉求的比例",
        "needs first answered in time over needs raised",
    ),
    "resolution_rate": (
        "解决率",
        "resolution rate",
        "回访中居民认为已解决的占参加评价的比例",
        "needs the resident judged solved over needs evaluated",
    ),
    "satisfaction_rate": (
        "满意率",
        "satisfaction rate",
        "回访中居民表示满意或基本满意的占参加评价的比例",
        "needs rated satisfied or basically satisfied over needs evaluated",
    ),
    "median_days_to_response": ("响应用时中位数（天）", "median days to respond", "", ""),
    "median_hours_to_response": ("响应用时中位数（小时）", "median hours to respond", "", ""),
    "open_at_end": ("期末未办结", "open at the period's end", "", ""),
    # visits
    "visit_count": ("走访次数", "visits", "", ""),
    "households_visited": ("走访到的住户", "households visited", "", ""),
    "household_visit_ratio": ("住户走访覆盖率", "share of households visited", "", ""),
    "vulnerable_visited": ("走访到的困难群众", "vulnerable residents visited", "", ""),
    "vulnerable_visit_ratio": ("困难群众走访覆盖率", "share of vulnerable residents visited", "", ""),
    # activities and projects
    "activity": ("活动", "activity", "", ""),
    "activities": ("活动数", "activities", "", ""),
    "project": ("项目", "project", "", ""),
    "projects": ("项目数", "projects", "", ""),
    "date": ("日期", "date", "", ""),
    "co_organised": (
        "一起组织的次数",
        "organised together",
        "两个合伙人共同组织的活动有几项",
        "activities the two organised together",
    ),
    "participants": ("参与的合伙人", "partners taking part", "", ""),
    "organisers": ("组织方", "organisers", "", ""),
    "grids_reached": ("涉及网格", "grids reached", "", ""),
    "items": ("参与的活动", "activities joined", "", ""),
    "circles_joined": (
        "连起的活动圈",
        "circles joined",
        "如果少了这个合伙人，它参加的活动会分成几个互不相识的圈子",
        "without this partner, the activities it joins would fall into this many groups sharing no one",
    ),
    "budget": ("预算（元）", "budget (yuan)", "", ""),
    "needs_answered": ("回应的需求", "needs answered", "", ""),
    "needs_resolved": ("其中已办结", "of them resolved", "", ""),
    "resources_used": ("使用的资源", "resources used", "", ""),
    "open_needs": ("未办结需求", "open needs", "", ""),
    "needs_answered_by_project": ("有项目回应的需求", "needs a project answers", "", ""),
    "needs_without_answer": (
        "既无项目也无资源的需求",
        "needs with no project and no resource",
        "未办结、没有项目回应、本社区也没有对口资源的需求",
        "open needs no project answers and no resource of the community offers",
    ),
    "resources_unused": ("未被项目使用的资源", "resources no project uses", "", ""),
    "projects_without_need": (
        "未对应需求的项目",
        "projects answering no need",
        "项目清单中没有登记回应哪件需求的项目",
        "projects whose answered needs are not recorded",
    ),
    # the work list
    "need": ("需求", "need", "", ""),
    "description": ("内容", "description", "", ""),
    "requester": ("提出人", "raised by", "", ""),
    "urgency": ("紧急程度", "urgency", "", ""),
    "status": ("状态", "status", "", ""),
    "age_days": ("已等待（天）", "waiting (days)", "", ""),
    "created_at": ("登记日期", "registered", "", ""),
    "resource": ("建议资源", "suggested resource", "", ""),
    "provider": ("服务方", "provider", "", ""),
    "reason": ("理由 / 建议", "why / what would help", "", ""),
}

#: Every glossary entry as a Term (key, Chinese, English); explanations in :data:`EXPLANATIONS`.
GLOSSARY: Mapping[str, Term] = MappingProxyType(
    {key: Term(key, zh, en) for key, (zh, en, _, _) in _ENTRIES.items()}
)
EXPLANATIONS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {key: (zh_why, en_why) for key, (_, _, zh_why, en_why) in _ENTRIES.items() if zh_why or en_why}
)
_SAMPLE = 2_000
_HAN = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True)
class Words:
    """The words of one language (see :data:`LANGUAGES`)."""

    lang: str = "zh"

    def __post_init__(self) -> None:
        if self.lang not in LANGUAGES:
            raise GovGraphError(f"lang: expected one of {', '.join(LANGUAGES)}, got {self.lang!r}")

    def __call__(self, key: str) -> str:
        """The label of a glossary entry."""
        return self.term(GLOSSARY[key])

    def pick(self, zh: str, en: str) -> str:
        """The Chinese text, the English text, or both (Chinese first)."""
        if self.lang == "zh" or not en:
            return zh
        if self.lang == "en" or not zh:
            return en
        return f"{zh} {en}" if zh != en else zh

    def term(self, term: Term) -> str:
        """The label of a term of the data (a kind, relation, category, status or urgency)."""
        return self.pick(term.label_zh, term.label_en)

    def explain(self, key: str) -> str:
        """One plain sentence saying what a measure means ("" for entries that need none)."""
        zh, en = EXPLANATIONS.get(key, ("", ""))
        return self.pick(zh, en)

    def percent(self, share: object) -> str:
        """A share as a whole percentage ("47%"); blank when unknown."""
        if not known(share):
            return ""
        return f"{float(share) * 100:.0f}%"  # type: ignore[arg-type]

    def number(self, value: object, digits: int = 3) -> str:
        """A number for people: whole numbers with separators, others to ``digits`` significant digits."""
        if not known(value):
            return ""
        number = float(value)  # type: ignore[arg-type]
        if number == int(number) and abs(number) < 1e15:
            return f"{int(number):,}"
        return f"{number:,.{digits}g}" if abs(number) >= 1 else f"{number:.{digits}g}"

    def yes_no(self, value: object) -> str:
        if not known(value):
            return ""
        return self.pick("是", "yes") if bool(value) else self.pick("否", "no")


def language_of(names: pd.Series) -> str:
    """``"zh"`` when most of the names are Chinese (judged on up to 2,000 spread over them), else ``"en"``."""
    texts = names.dropna()
    texts = texts.iloc[:: max(1, len(texts) // _SAMPLE)].astype(str)  # a spread sample says as much
    if not len(texts):
        return "zh"
    chinese = texts.map(lambda text: bool(_HAN.search(text))).mean()
    return "zh" if chinese >= 0.5 else "en"


def known(value: object) -> bool:
    """Whether a cell holds a value: None, NaN, NaT and ``<NA>`` do not; text and collections do."""
    if isinstance(value, (list, tuple, set, dict)):
        return True
    try:
        return not bool(pd.isna(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return True
