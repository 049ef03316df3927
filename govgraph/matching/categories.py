"""Need and resource categories, and which resources answer which needs.

A resident's need (a stairway to repair, a dispute between neighbours) is
answered by resources of the same category and, where the work overlaps, by
others: a property manager repairs, a legal-aid lawyer mediates. The
taxonomy is data, like the schema: labelled in Chinese and English, and
extended by the user with :meth:`Taxonomy.extend`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import pandas as pd

from govgraph.errors import GovGraphError

__all__ = ["TAXONOMY", "Category", "Taxonomy"]


@dataclass(frozen=True)
class Category:
    """A need or resource category: its key in the data and its labels."""

    key: str
    zh: str
    en: str

    @property
    def label(self) -> str:
        return f"{self.zh} / {self.en}"


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

    def answering(self, need: str) -> frozenset[str]:
        """Resource categories that can answer a need of this category."""
        return self.answers.get(need, frozenset({need}))

    def label(self, key: str) -> str:
        """``"中文 / English"`` for a known category, the key itself otherwise."""
        category = self.categories.get(key)
        return category.label if category else key

    def extend(
        self,
        categories: Iterable[Category | tuple[str, str, str]] = (),
        answers: Mapping[str, Iterable[str]] | None = None,
    ) -> Taxonomy:
        """A new taxonomy with more categories and more (need -> resources) answers.

        Examples
        --------
        >>> from govgraph.matching import TAXONOMY
        >>> pets = TAXONOMY.extend([("pet_care", "宠物照看", "Pet care")], {"pet_care": ["elderly_care"]})
        >>> sorted(pets.answering("pet_care"))
        ['elderly_care', 'pet_care']
        """
        added = {}
        for item in categories:
            category = item if isinstance(item, Category) else _category(item)
            if category.key in self.categories or category.key in added:
                raise GovGraphError(f"categories: {category.key!r} is declared twice")
            added[category.key] = category
        merged = {need: set(by) for need, by in self.answers.items()}
        for need, by in (answers or {}).items():
            if isinstance(by, str):
                raise GovGraphError(
                    f"answers[{need!r}]: expected a list of categories, got the string {by!r}"
                )
            merged.setdefault(need, {need}).update(by)
        return Taxonomy({**self.categories, **added}, {k: frozenset(v) for k, v in merged.items()})

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
    if not (isinstance(item, tuple) and len(item) == 3 and all(isinstance(x, str) and x for x in item)):
        raise GovGraphError(f"categories: expected Category or (key, 中文, English), got {item!r}")
    return Category(*item)


_CATEGORIES = [
    Category("elderly_care", "养老助老", "Elderly care"),
    Category("health_clinic", "医疗健康", "Health and clinic"),
    Category("haircut", "理发", "Haircut"),
    Category("book_delivery", "图书配送", "Book delivery"),
    Category("legal_aid", "法律援助", "Legal aid"),
    Category("psychological_support", "心理支持", "Psychological support"),
    Category("child_care", "托育照护", "Child care"),
    Category("culture_recreation", "文化娱乐", "Culture and recreation"),
    Category("repair", "维修", "Repair"),
    Category("environment", "环境整治", "Environment"),
    Category("safety_hazard", "安全隐患", "Safety hazard"),
    Category("parking_ev_charging", "停车与充电", "Parking and EV charging"),
    Category("dispute_mediation", "矛盾调解", "Dispute mediation"),
    Category("employment", "就业服务", "Employment"),
    Category("property_management", "物业管理", "Property management"),
    Category("noise", "噪音扰民", "Noise"),
    Category("group_rental", "群租整治", "Group rental"),
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
