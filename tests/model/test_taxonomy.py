"""The bilingual taxonomy of need and resource categories."""

from __future__ import annotations

import pytest

import govgraph as gg
from govgraph.model.taxonomy import TAXONOMY, Category, Taxonomy

ISSUE_CATEGORIES = [
    "elderly_care", "health_clinic", "haircut", "book_delivery", "legal_aid", "psychological_support",
    "child_care", "culture_recreation", "repair", "environment", "safety_hazard", "parking_ev_charging",
    "dispute_mediation", "employment", "property_management",
]  # fmt: skip


def test_default_categories_are_labelled_in_both_languages():
    assert set(ISSUE_CATEGORIES) <= set(TAXONOMY.categories)
    for key, category in TAXONOMY.categories.items():
        assert category.key == key
        assert category.label_zh and not category.label_zh.isascii()
        assert category.label_en and category.label_en.isascii()
        assert category.label == f"{category.label_zh} {category.label_en}"
    assert TAXONOMY.label("repair") == "维修 repair"


def test_every_category_in_the_bundled_data_is_known(datun):
    used = set(datun.needs["category"]) | set(datun.resources["category"])
    assert used <= set(TAXONOMY.categories)


def test_answers_include_the_category_itself_and_the_overlaps():
    assert TAXONOMY.answering("repair") == {"repair", "property_management"}
    assert TAXONOMY.answering("dispute_mediation") == {"dispute_mediation", "legal_aid"}
    assert TAXONOMY.answering("haircut") == {"haircut"}
    # A category the taxonomy does not know is answered by its own kind only.
    assert TAXONOMY.answering("鸽子") == {"鸽子"}
    assert TAXONOMY.label("鸽子") == "鸽子"
    table = TAXONOMY.table()
    assert len(table) == sum(len(TAXONOMY.answering(c)) for c in TAXONOMY.categories)
    assert ("repair", "property_management") in set(zip(table["need_category"], table["resource_category"]))


def test_extend_adds_without_touching_the_original():
    extended = TAXONOMY.extend(
        [("pet_care", "宠物照看", "Pet care"), Category("tutoring", "课业辅导", "Tutoring")],
        {"pet_care": ["elderly_care"], "child_care": ["tutoring"]},
    )
    assert extended.answering("pet_care") == {"pet_care", "elderly_care"}
    assert extended.answering("child_care") == {"child_care", "tutoring"}
    assert "pet_care" not in TAXONOMY.categories
    assert TAXONOMY.answering("child_care") == {"child_care"}
    with pytest.raises(TypeError):
        TAXONOMY.categories["x"] = Category("x", "x", "x")  # type: ignore[index]


@pytest.mark.parametrize(
    ("categories", "answers", "message"),
    [
        ([("repair", "维修", "Repair")], None, r"'repair' is declared twice"),
        ([("a", "甲", "A"), ("a", "甲", "A")], None, r"'a' is declared twice"),
        ([("a", "甲")], None, r"expected Category or \(key, 中文, English, aliases...\)"),
        ([("a", "", "A")], None, r"expected Category"),
        ([], {"repair": ["plumbing"]}, r"answers\['repair'\]: unknown categories \['plumbing'\]"),
        ([], {"repair": "property_management"}, r"expected a list of categories"),
    ],
)
def test_bad_extensions_are_named(categories, answers, message):
    with pytest.raises(gg.GovGraphError, match=message):
        TAXONOMY.extend(categories, answers)


def test_a_taxonomy_checks_its_own_answers():
    with pytest.raises(gg.GovGraphError, match=r"answers\['b'\]: unknown categories \['b'\]"):
        Taxonomy({"a": Category("a", "甲", "A")}, {"b": frozenset({"a"})})


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("repair", "repair"),
        ("维修", "repair"),
        ("报修", "repair"),
        (" 养老 ", "elderly_care"),
        ("助老", "elderly_care"),
        ("养老助老", "elderly_care"),
        ("纠纷", "dispute_mediation"),
        ("纠纷调解", "dispute_mediation"),
        ("矛盾调解", "dispute_mediation"),
        ("理发", "haircut"),
        ("法律", "legal_aid"),
        ("法律咨询", "legal_aid"),
        ("文化", "culture_recreation"),
        ("Legal Aid", "legal_aid"),
        ("ＲＥＰＡＩＲ", "repair"),  # full-width letters, as typed with a Chinese input method
        ("鸽子", None),
        ("", None),
    ],
)
def test_the_words_coordinators_write_name_categories(text, key):
    assert TAXONOMY.resolve(text) == key


def test_every_category_has_chinese_aliases_and_no_word_names_two():
    assert all(category.aliases for category in TAXONOMY.categories.values())
    words = [w for c in TAXONOMY.categories.values() for w in (c.label_zh, *c.aliases)]
    assert len(words) == len(set(words))
    with pytest.raises(gg.GovGraphError, match=r"'维修' names both 'repair' and 'plumbing'"):
        TAXONOMY.extend([Category("plumbing", "水管", "plumbing", aliases=("维修",))])
    assert TAXONOMY.resolve(7) is None  # type: ignore[arg-type]
