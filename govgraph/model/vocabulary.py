"""The words people write for the values govgraph knows, and the terms they stand for.

A coordinator writes 网格 for ``grid``, 报修 for ``repair``, 已办结 for
``resolved`` and 紧急 for urgency 4. Every such value is a :class:`Term`
(a stable key, a Chinese and an English label, and aliases) in a
:class:`Vocabulary`, which resolves any of those words to the key, whatever
the case, character width (``ＲＥＰＡＩＲ``) or surrounding spaces, and
suggests the nearest terms for a word it does not know.

The vocabularies of the data are the schema's partner and relation kinds
(:mod:`govgraph.model.schema`), the need and resource categories
(:mod:`govgraph.model.taxonomy`), and those here: need :data:`STATUSES`,
:data:`URGENCY` levels, the requester's :data:`SATISFACTION` and the
:data:`YES_NO` of true/false columns (``solved``: 已解决/未解决), the
:data:`ACTIVITY_KINDS` of the activities table and the :data:`PROJECT_STATUSES` of the projects table.
:meth:`Vocabulary.extend` adds terms and aliases; :meth:`Vocabulary.table` lists every word for
documentation.

Examples
--------
>>> from govgraph.model.vocabulary import STATUSES, URGENCY
>>> STATUSES.resolve("已办结"), STATUSES.resolve(" 办理中 "), URGENCY.resolve("紧急")
('resolved', 'in_progress', '4')
>>> STATUSES.nearest("已办")
['resolved (已办结)', 'open (待办理)']
>>> STATUSES.extend(aliases={"挂起": "in_progress"}).resolve("挂起")
'in_progress'
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

import pandas as pd

from govgraph.errors import GovGraphError

__all__ = [
    "ACTIVITY_KINDS",
    "CLOSED_STATUSES",
    "PROJECT_STATUSES",
    "RESOLVED_STATUSES",
    "SATISFACTION",
    "SATISFIED",
    "STATUSES",
    "URGENCY",
    "YES_NO",
    "Term",
    "Vocabulary",
    "normal_word",
]

_SPACES = re.compile(r"\s+")


def normal_word(text: str) -> str:
    """A word as compared with keys, labels and aliases.

    NFKC-folded (full-width letters and digits become ASCII), lower case,
    with spaces at either end removed and runs of inner spaces made one.
    """
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text)).strip().lower()


@dataclass(frozen=True)
class Term:
    """A value govgraph knows: its key in the data, its labels and the other words for it.

    Parameters
    ----------
    key : str
        Stable key used in tables.
    label_zh, label_en : str
        Labels shown to people.
    aliases : iterable of str
        Other words for the term, as people write them (报修 for ``repair``).
    """

    key: str
    label_zh: str
    label_en: str
    aliases: Collection[str] = field(default=(), kw_only=True)

    def __post_init__(self) -> None:
        texts = (self.key, self.label_zh, self.label_en)
        if not all(isinstance(text, str) and text.strip() for text in texts):
            raise GovGraphError(f"expected a key and labels in Chinese and English, got {texts!r}")
        aliases = (self.aliases,) if isinstance(self.aliases, str) else tuple(self.aliases)
        if not all(isinstance(alias, str) and alias.strip() for alias in aliases):
            raise GovGraphError(f"aliases of {self.key!r} must be non-empty strings")
        object.__setattr__(self, "aliases", aliases)

    @property
    def label(self) -> str:
        """Bilingual label, Chinese first: ``'维修 repair'``."""
        return f"{self.label_zh} {self.label_en}"

    @property
    def words(self) -> tuple[str, ...]:
        """Every word naming the term: key, labels, aliases."""
        return (self.key, self.label_zh, self.label_en, *self.aliases)


class Vocabulary(Mapping[str, Term]):
    """Terms by key, and every word that names one of them.

    A mapping from key to :class:`Term`, in the order given.

    Parameters
    ----------
    what : str
        What the terms are, for messages (``"need status"``).
    terms : iterable of Term
    """

    def __init__(self, what: str, terms: Iterable[Term]):
        self.what = what
        found: dict[str, Term] = {}
        for term in terms:
            if term.key in found:
                raise GovGraphError(f"{what}: {term.key!r} is declared twice")
            found[term.key] = term
        self._terms = MappingProxyType(found)
        words: dict[str, str] = {}
        for key, term in found.items():
            for word in {normal_word(w) for w in term.words}:
                if words.setdefault(word, key) != key:
                    raise GovGraphError(
                        f"{what}: {word!r} names both {words[word]!r} and {key!r}; give it to one of them"
                    )
        self._words = MappingProxyType(words)

    def __getitem__(self, key: str) -> Term:
        return self._terms[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._terms)

    def __len__(self) -> int:
        return len(self._terms)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Vocabulary) and (self.what, self._words, dict(self._terms)) == (
            other.what,
            other._words,
            dict(other._terms),
        )

    def __hash__(self) -> int:
        return hash((self.what, tuple(self._terms)))

    def __repr__(self) -> str:
        return f"Vocabulary({self.what!r}, {len(self)} terms)"

    @property
    def word_map(self) -> Mapping[str, str]:
        """Every word (normalised: see :func:`normal_word`) and the key it names."""
        return self._words

    def resolve(self, text: object) -> str | None:
        """The key a word names (a key, either label or an alias), or None when none does."""
        if not isinstance(text, str):
            return None
        return self._words.get(normal_word(text))

    def label(self, key: str) -> str:
        """``"中文 English"`` for a known key, the key itself otherwise."""
        term = self._terms.get(key)
        return term.label if term else key

    def nearest(self, text: str, count: int = 2, *, lang: str = "en") -> list[str]:
        """The terms closest to a word no term has, closest first: shown as ``"key (中文)"``, or for
        ``lang="zh"`` by their Chinese label alone (维修).

        Close means: one word contains the other (养老服务 and 养老), or most
        characters agree (``repiar`` and ``repair``).
        """
        word = normal_word(text)
        if not word:
            return []
        keys: list[str] = []
        containing = sorted(
            (w for w in self._words if len(w) > 1 and (w in word or word in w)),
            key=lambda w: (-len(w), w),
        )
        close = difflib.get_close_matches(word, list(self._words), n=count * 3, cutoff=0.5)
        for found in (*containing, *close):
            key = self._words[found]
            if key not in keys:
                keys.append(key)
        return [self._shown(key, lang) for key in keys[:count]]

    def _shown(self, key: str, lang: str) -> str:
        term = self._terms[key]
        if lang == "zh":
            return term.label_zh
        return key if term.label_zh == key else f"{key} ({term.label_zh})"

    def find_in(self, text: str) -> str | None:
        """The key of the longest word of the vocabulary written inside ``text`` (上门理发服务 → haircut)."""
        word = normal_word(text)
        best = max((w for w in self._words if len(w) > 1 and w in word), key=len, default=None)
        return None if best is None else self._words[best]

    def extend(self, terms: Iterable[Term] = (), *, aliases: Mapping[str, str] | None = None) -> Vocabulary:
        """A new vocabulary with more terms, and more aliases (word -> key) for terms old or new."""
        merged = {**self._terms}
        for term in terms:
            if term.key in merged:
                raise GovGraphError(f"{self.what}: {term.key!r} is declared twice")
            merged[term.key] = term
        for word, key in (aliases or {}).items():
            if key not in merged:
                raise GovGraphError(
                    f"{self.what}: alias {word!r} names {key!r}, which is not one of {list(merged)}"
                )
            term = merged[key]
            merged[key] = replace(term, aliases=(*term.aliases, word))
        return Vocabulary(self.what, merged.values())

    def table(self) -> pd.DataFrame:
        """One row per word: the word, the key it names and the key's bilingual label."""
        rows = [(word, key, self.label(key)) for key, term in self._terms.items() for word in term.words]
        return pd.DataFrame(rows, columns=["word", "key", "label"]).drop_duplicates(ignore_index=True)


#: The life of a resident's request (诉求), as 接诉即办 ledgers record it.
STATUSES = Vocabulary(
    "need status",
    [
        Term("open", "待办理", "open", aliases=("未办理", "待受理", "未受理", "待办", "未处理", "新建")),
        Term(
            "in_progress",
            "办理中",
            "in progress",
            aliases=("已受理", "处理中", "已派单", "已分派", "跟进中", "已匹配", "matched", "assigned"),
        ),
        Term(
            "resolved",
            "已办结",
            "resolved",
            aliases=("办结", "已解决", "已完成", "已处理", "完成", "closed", "done", "solved"),
        ),
        Term("evaluated", "已回访", "resolved and evaluated", aliases=("回访", "已评价", "已回访评价")),
        Term("rejected", "不予受理", "rejected", aliases=("不受理", "退回", "已退回", "驳回")),
    ],
)

#: Statuses of a need that is resolved (已办结, 已回访), and of one that is closed either way (不予受理 too).
RESOLVED_STATUSES = frozenset({"resolved", "evaluated"})
CLOSED_STATUSES = RESOLVED_STATUSES | {"rejected"}

#: Need urgency, 1 (不急) to 5 (特急); the key is the number as written in the ``urgency`` column.
URGENCY = Vocabulary(
    "urgency",
    [
        Term("1", "不急", "not urgent", aliases=("不紧急",)),
        Term("2", "一般", "normal", aliases=("普通",)),
        Term("3", "较急", "fairly urgent", aliases=("比较紧急", "较紧急")),
        Term("4", "紧急", "urgent", aliases=("急",)),
        Term("5", "特急", "very urgent", aliases=("特别紧急", "非常紧急", "加急")),
    ],
)

#: The requester's evaluation after resolution (回访评价): the three words of 接诉即办, or a score 1-5.
SATISFACTION = Vocabulary(
    "satisfaction",
    [
        Term("satisfied", "满意", "satisfied", aliases=("非常满意", "很满意")),
        Term(
            "basically_satisfied",
            "基本满意",
            "basically satisfied",
            aliases=("比较满意", "较满意", "还算满意"),
        ),
        Term("dissatisfied", "不满意", "dissatisfied", aliases=("非常不满意", "很不满意", "不太满意")),
        *(
            Term(str(n), f"{n}分", f"score {n}", aliases=(f"{'一二三四五'[n - 1]}分", f"{n}星"))
            for n in range(1, 6)
        ),
    ],
)

#: The satisfaction values that count as satisfied unless told otherwise: 满意 and 基本满意, or 4-5.
SATISFIED = frozenset({"satisfied", "basically_satisfied", "4", "5"})

#: True and false as ledgers write them; ``solved`` also takes 已解决 / 未解决.
YES_NO = Vocabulary(
    "yes or no",
    [
        Term(
            "true",
            "是",
            "yes",
            aliases=("有", "对", "√", "✓", "✔", "y", "1", "已解决", "解决", "已经解决", "solved"),
        ),
        Term(
            "false",
            "否",
            "no",
            aliases=("无", "没有", "不是", "×", "✗", "n", "0", "未解决", "没解决", "没有解决", "unsolved"),
        ),
    ],
)

#: What kind of activity a row of the activities table records (活动台账's 活动类型).
ACTIVITY_KINDS = Vocabulary(
    "activity kind",
    [
        Term("market", "市集", "market", aliases=("公益市集", "便民市集", "集市", "义卖", "跳蚤市场")),
        Term(
            "council",
            "议事会",
            "deliberation meeting",
            aliases=("网格议事会", "居民议事会", "议事协商", "协商议事", "恳谈会", "听证会", "座谈会"),
        ),
        Term(
            "culture",
            "文化活动",
            "cultural event",
            aliases=("文化节", "联欢", "联欢会", "季度联欢", "晚会", "文艺演出", "节日活动", "文体活动"),
        ),
        Term(
            "volunteering",
            "志愿服务",
            "volunteer service",
            aliases=("公益活动", "月度公益", "志愿活动", "公益", "清洁", "环境整治"),
        ),
        Term(
            "convenience",
            "便民服务",
            "convenience service",
            aliases=("周便民服务", "便民活动", "义诊", "义剪", "理发", "磨刀", "维修服务"),
        ),
        Term("home_service", "上门服务", "home service", aliases=("入户服务", "送餐", "送书", "上门")),
        Term("training", "培训讲座", "training or talk", aliases=("讲座", "培训", "宣讲", "课堂", "普法")),
        Term("meeting", "会议", "meeting", aliases=("联席会议", "例会", "党建联席会")),
        Term("other", "其他", "other", aliases=("其它",)),
    ],
)

#: Where a project stands (项目清单's 项目状态).
PROJECT_STATUSES = Vocabulary(
    "project status",
    [
        Term("planned", "计划中", "planned", aliases=("筹备中", "待实施", "未开始", "拟实施", "立项")),
        Term("ongoing", "实施中", "ongoing", aliases=("进行中", "在建", "推进中", "施工中", "in progress")),
        Term("done", "已完成", "done", aliases=("完成", "已完工", "完工", "已结项", "结项", "completed")),
        Term("paused", "暂停", "paused", aliases=("搁置", "暂缓", "停工")),
        Term("cancelled", "已取消", "cancelled", aliases=("取消", "终止", "撤销", "canceled")),
    ],
)
