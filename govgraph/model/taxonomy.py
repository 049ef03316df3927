"""Need and resource categories, their Chinese aliases, and which resources answer which needs.

A resident's need (a stairway to repair, a dispute between neighbours) is
answered by resources of the same category and, where the work overlaps, by
others: a property manager repairs, a legal-aid lawyer mediates. The
taxonomy is data, like the schema: labelled in Chinese and English with the
schema's conventions (``label_zh``, ``label_en``, ``label``), with the words
a community office writes for each category (维修, 报修 → ``repair``), and
extended by the user with :meth:`Taxonomy.extend`.

Examples
--------
>>> from govgraph.model.taxonomy import TAXONOMY
>>> TAXONOMY.label("repair"), TAXONOMY.resolve("报修"), TAXONOMY.resolve("养老")
('维修 repair', 'repair', 'elderly_care')
>>> sorted(TAXONOMY.answering("repair"))
['property_management', 'repair']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

import pandas as pd

from govgraph.errors import GovGraphError
from govgraph.model.vocabulary import Term, Vocabulary

__all__ = ["TAXONOMY", "Category", "Taxonomy", "check_taxonomy"]


class Category(Term):
    """A need or resource category: its key in the data, its labels and its Chinese aliases.

    Parameters
    ----------
    key : str
        Stable English key used in tables (``category`` column).
    label_zh, label_en : str
        Labels shown to people.
    aliases : iterable of str
        Other words for the category, as coordinators write them (维修, 报修).
    """


@dataclass(frozen=True)
class Taxonomy:
    """Categories and, for each need category, the resource categories that answer it.

    Attributes
    ----------
    categories : Mapping[str, Category]
    answers : Mapping[str, frozenset of str]
        Need category -> resource categories that can answer it (its own
        always included). A category the taxonomy does not know is answered
        by resources of the same category only.
    """

    categories: Mapping[str, Category]
    answers: Mapping[str, frozenset[str]]
    words: Vocabulary = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "categories", MappingProxyType(dict(self.categories)))
        answers = {need: frozenset(by) | {need} for need, by in self.answers.items()}
        for need, by in answers.items():
            unknown = sorted((by | {need}) - set(self.categories))
            if unknown:
                raise GovGraphError(f"answers[{need!r}]: unknown categories {unknown}")
        for key in self.categories:
            answers.setdefault(key, frozenset({key}))
        object.__setattr__(self, "answers", MappingProxyType(answers))
        object.__setattr__(self, "words", Vocabulary("category", self.categories.values()))

    def answering(self, need: str) -> frozenset[str]:
        """Resource categories that can answer a need of this category."""
        return self.answers.get(need, frozenset({need}))

    def label(self, key: str) -> str:
        """``"中文 English"`` for a known category, the key itself otherwise."""
        category = self.categories.get(key)
        return category.label if category else key

    def resolve(self, text: str) -> str | None:
        """The category key a word names: the key, either label or an alias; None when none does.

        Case, surrounding spaces and full-width characters do not matter.
        """
        return self.words.resolve(text)

    def extend(
        self,
        categories: Iterable[Category | tuple[str, ...]] = (),
        answers: Mapping[str, Iterable[str]] | None = None,
        *,
        aliases: Mapping[str, str] | None = None,
    ) -> Taxonomy:
        """A new taxonomy with more categories and more (need -> resources) answers.

        ``categories`` holds :class:`Category` objects or tuples
        ``(key, 中文, English)``, optionally followed by aliases; ``aliases``
        maps more words to categories old or new (``{"修水管": "repair"}``).

        Examples
        --------
        >>> from govgraph.model.taxonomy import TAXONOMY
        >>> pets = TAXONOMY.extend(
        ...     [("pet_care", "宠物照看", "pet care", "遛狗")], {"pet_care": ["elderly_care"]}
        ... )
        >>> sorted(pets.answering("pet_care")), pets.resolve("遛狗")
        (['elderly_care', 'pet_care'], 'pet_care')
        """
        added = {}
        for item in categories:
            category = item if isinstance(item, Category) else _category(item)
            if category.key in self.categories or category.key in added:
                raise GovGraphError(f"categories: {category.key!r} is declared twice")
            added[category.key] = category
        known = {**self.categories, **added}
        for word, key in (aliases or {}).items():
            if key not in known:
                raise GovGraphError(f"aliases: {word!r} names {key!r}, which is not a category")
            known[key] = replace(known[key], aliases=(*known[key].aliases, word))
        merged = {need: set(by) for need, by in self.answers.items()}
        for need, by in (answers or {}).items():
            if isinstance(by, str):
                raise GovGraphError(
                    f"answers[{need!r}]: expected a list of categories, got the string {by!r}"
                )
            merged.setdefault(need, {need}).update(by)
        return Taxonomy(known, {k: frozenset(v) for k, v in merged.items()})

    def table(self) -> pd.DataFrame:
        """One row per (need category, resource category that answers it), with both labels."""
        rows = [
            (need, resource, self.label(need), self.label(resource))
            for need in self.categories
            for resource in sorted(self.answering(need))
        ]
        return pd.DataFrame(
            rows, columns=["need_category", "resource_category", "need_label", "resource_label"]
        )


def _category(item: object) -> Category:
    if not (isinstance(item, tuple) and len(item) >= 3 and all(isinstance(x, str) and x for x in item)):
        raise GovGraphError(
            f"categories: expected Category or (key, 中文, English, aliases...), got {item!r}"
        )
    key, zh, en, *aliases = item
    return Category(key, zh, en, aliases=aliases)


def check_taxonomy(taxonomy: object, default: Taxonomy | None = None) -> Taxonomy:
    """The taxonomy argument of a public function; when None, ``default`` or :data:`TAXONOMY`."""
    if taxonomy is None:
        return default if default is not None else TAXONOMY
    if not isinstance(taxonomy, Taxonomy):
        raise GovGraphError(f"taxonomy: expected a Taxonomy, got {type(taxonomy).__name__}")
    return taxonomy


_CATEGORIES = [
    Category(
        "elderly_care",
        "养老助老",
        "elderly care",
        aliases=("养老", "助老", "为老服务", "居家养老", "助餐", "养老服务"),
    ),
    Category(
        "health_clinic",
        "医疗健康",
        "health and clinic",
        aliases=("医疗", "健康", "义诊", "就医", "健康咨询", "医疗服务"),
    ),
    Category("haircut", "理发", "haircut", aliases=("上门理发", "剪发")),
    Category("book_delivery", "图书配送", "book delivery", aliases=("送书", "图书")),
    Category("legal_aid", "法律援助", "legal aid", aliases=("法律", "法律咨询", "法律服务", "律师")),
    Category(
        "psychological_support", "心理支持", "psychological support", aliases=("心理", "心理咨询", "心理疏导")
    ),
    Category("child_care", "托育照护", "child care", aliases=("托育", "儿童照护", "看护儿童")),
    Category(
        "culture_recreation",
        "文化娱乐",
        "culture and recreation",
        aliases=("文化", "文体", "文体活动", "文艺"),
    ),
    Category("repair", "维修", "repair", aliases=("报修", "修缮", "维修服务", "疏通", "管道疏通", "修理")),
    Category(
        "environment", "环境整治", "environment", aliases=("环境", "卫生", "环境卫生", "垃圾分类", "绿化")
    ),
    Category("safety_hazard", "安全隐患", "safety hazard", aliases=("隐患", "安全", "消防")),
    Category(
        "parking_ev_charging", "停车与充电", "parking and EV charging", aliases=("停车", "充电", "充电桩")
    ),
    Category(
        "dispute_mediation",
        "矛盾调解",
        "dispute mediation",
        aliases=("纠纷", "纠纷调解", "调解", "矛盾纠纷", "邻里纠纷"),
    ),
    Category("employment", "就业服务", "employment", aliases=("就业", "求职", "招聘")),
    Category("property_management", "物业管理", "property management", aliases=("物业", "物业服务")),
    Category("noise", "噪音扰民", "noise", aliases=("噪音", "扰民")),
    Category("group_rental", "群租整治", "group rental", aliases=("群租",)),
]

#: The default taxonomy: the article's services, each answering its own category and the overlaps below.
TAXONOMY = Taxonomy(
    {c.key: c for c in _CATEGORIES},
    {
        "elderly_care": frozenset({"health_clinic"}),
        "psychological_support": frozenset({"health_clinic"}),
        "book_delivery": frozenset({"culture_recreation"}),
        "dispute_mediation": frozenset({"legal_aid"}),
        "noise": frozenset({"dispute_mediation", "property_management"}),
        "group_rental": frozenset({"property_management", "safety_hazard"}),
        "repair": frozenset({"property_management"}),
        "environment": frozenset({"property_management"}),
        "safety_hazard": frozenset({"property_management"}),
        "parking_ev_charging": frozenset({"property_management"}),
    },
)
