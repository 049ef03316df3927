"""Chinese everywhere a coordinator types: kinds, relations, categories, statuses and urgency."""

from __future__ import annotations

import pandas as pd
import pytest

import govgraph as gg
from govgraph.model.vocabulary import STATUSES, URGENCY, Term, Vocabulary
from tests.conftest import write_csvs

CHINESE_PARTNERS = (
    "id,kind,name,community,grid\n"
    "C1,社区,社区,C1,\nG1,网格,第一网格,C1,\nB1,楼栋,1号楼,C1,G1\nW1,网格员,甲,C1,G1\nR1,居民,乙,C1,G1\n"
    "M1,商户,店,C1,G1\nL1,律师事务所,所,C1,G1\n"
)
CHINESE_RELATIONS = (
    "source,target,relation\nG1,C1,隶属\nB1,G1,隶属\nR1,B1,居住于\nW1,B1,负责\nM1,B1,位于\nL1,C1,服务\n"
)
CHINESE_NEEDS = (
    "id,requester,category,urgency,status\n"
    "N1,R1,维修,紧急,未办理\nN2,R1,报修,1,待受理\nN3,R1,养老,特急,已受理\nN4,R1,助老,一般,办理中\n"
    "N5,R1,养老助老,较急,已办结\nN6,R1,纠纷,不急,已回访\nN7,R1,纠纷调解,2,不予受理\nN8,R1,矛盾调解,3,\n"
    "N9,R1,理发,4,\nN10,R1,法律,5,\nN11,R1,法律咨询,1,\nN12,R1,文化,1,\n"
)
CHINESE_RESOURCES = "id,provider,category,capacity\nS1,L1,法律援助,3\nS2,M1,维修,2\n"


@pytest.fixture
def chinese(tmp_path):
    return write_csvs(
        tmp_path, partners=CHINESE_PARTNERS, relations=CHINESE_RELATIONS, needs=CHINESE_NEEDS,
        resources=CHINESE_RESOURCES,
    )  # fmt: skip


def test_chinese_labels_and_aliases_read_as_keys(chinese):
    net = gg.read(chinese)
    assert net.partners["kind"].tolist() == [
        "community", "grid", "building", "grid_worker", "resident", "merchant", "professional",
    ]  # fmt: skip
    assert net.relations["relation"].tolist() == [
        "part_of", "part_of", "resides_in", "responsible_for", "located_in", "serves",
    ]  # fmt: skip
    needs = net.needs
    assert needs["category"].tolist() == [
        "repair", "repair", "elderly_care", "elderly_care", "elderly_care", "dispute_mediation",
        "dispute_mediation", "dispute_mediation", "haircut", "legal_aid", "legal_aid", "culture_recreation",
    ]  # fmt: skip
    assert needs["urgency"].tolist() == [4, 1, 5, 2, 3, 1, 2, 3, 4, 5, 1, 1]
    assert needs["status"].tolist()[:7] == [
        "open", "open", "in_progress", "in_progress", "resolved", "evaluated", "rejected",
    ]  # fmt: skip
    assert needs["status"].isna().sum() == 5
    assert net.resources["category"].tolist() == ["legal_aid", "repair"]


@pytest.mark.parametrize("target", ["net.xlsx", "net.graphml", "net.gexf", "net.json"])
def test_chinese_values_read_the_same_in_every_format(chinese, tmp_path, target):
    net = gg.read(chinese)
    tables = {name: getattr(net, name).reset_index() for name in ("partners", "needs", "resources")}
    for name, column, words in (("partners", "kind", gg.DEFAULT_SCHEMA.kind_words),
                                ("needs", "category", gg.DEFAULT_SCHEMA.taxonomy.words)):  # fmt: skip
        tables[name][column] = tables[name][column].map(lambda k, words=words: words[k].label_zh)
    relations = net.relations.assign(
        relation=net.relations["relation"].map(lambda r: gg.DEFAULT_SCHEMA.relations[r].label_zh)
    )
    written = gg.PartnerNetwork.from_frames(
        tables["partners"], relations, needs=tables["needs"], resources=tables["resources"]
    )
    assert written == net  # from frames, Chinese labels too
    written.write(tmp_path / target)
    assert gg.read(tmp_path / target) == net


def test_an_unknown_word_is_a_located_problem_with_the_nearest_terms(tmp_path):
    folder = write_csvs(
        tmp_path, partners=CHINESE_PARTNERS.replace("C1,网格,", "C1,网格长,", 1).replace("G1,网格,", "G1,网格长,"),
        relations=CHINESE_RELATIONS.replace("R1,B1,居住于", "R1,B1,住"),
        needs="id,requester,category,urgency,status\nN1,R1,修锁,紧,办完了\n",
    )  # fmt: skip
    with pytest.raises(gg.DataError) as error:
        gg.read(folder)
    problems = {(p.source, p.row, p.column): p for p in error.value.problems}
    kind = problems[("partners.csv", 3, "kind")]
    assert "unknown partner kind '网格长'; did you mean grid (网格) or grid_worker (网格员)?" in kind.message
    assert "不认识的合伙人类型“网格长”；您是不是指：网格 或 网格员？" in kind.zh
    assert "可填：社区、网格、楼栋" in kind.zh
    category = problems[("needs.csv", 2, "category")]
    assert "did you mean repair (维修)?" in category.message and "您是不是指：维修？" in category.zh
    assert "“紧”不是紧急程度" in problems[("needs.csv", 2, "urgency")].zh
    assert "不认识的办理状态“办完了”" in problems[("needs.csv", 2, "status")].zh
    assert "unknown relation '住'" in problems[("relations.csv", 4, "relation")].message
    # No follow-on problem: the kind-less grid's relations are not "not allowed" as well.
    assert not [p for p in error.value.problems if "not allowed" in p.message]


def test_a_reference_that_matches_no_id_gets_a_suggestion(tmp_path):
    folder = write_csvs(
        tmp_path,
        partners="id,kind,name,community,grid\nC1,community,社区,C1,\nG1,grid,第一网格,C1,\nB1,building,1号楼,C1,G1\n",
        relations="source,target,relation\nG1,C1,part_of\nB1,第一网格,part_of\nB1,ｇ１,part_of\n",
    )
    with pytest.raises(gg.DataError) as error:
        gg.read(folder)
    by_row = {p.row: p for p in error.value.problems}
    assert "did you mean 'G1' (第一网格)?" in by_row[3].message  # the grid's name, not its id
    assert "您是不是指 'G1' (第一网格)？" in by_row[3].zh
    assert "did you mean 'G1' (第一网格)?" in by_row[4].message  # full-width, lower case


def test_the_alias_table_is_data_and_extends():
    table = gg.DEFAULT_SCHEMA.taxonomy.words.table()
    assert {"维修", "报修"} <= set(table.loc[table["key"] == "repair", "word"])
    extended = gg.DEFAULT_SCHEMA.with_aliases(
        {"kind": {"楼门长": "volunteer"}, "relation": {"包保": "responsible_for"}, "category": {"修水管": "repair"},
         "status": {"挂起": "in_progress"}, "urgency": {"十万火急": "5"}}
    )  # fmt: skip
    assert extended.kind_words.resolve("楼门长") == "volunteer"
    assert extended.relation_words.resolve("包保") == "responsible_for"
    assert extended.taxonomy.resolve("修水管") == "repair"
    assert extended.statuses.resolve("挂起") == "in_progress" and extended.urgency.resolve("十万火急") == "5"
    assert gg.DEFAULT_SCHEMA.kind_words.resolve("十万火急") is None  # the default is unchanged
    with pytest.raises(gg.SchemaError, match="unknown vocabularies"):
        gg.DEFAULT_SCHEMA.with_aliases({"colour": {"红": "red"}})
    with pytest.raises(gg.SchemaError, match="names both"):
        gg.DEFAULT_SCHEMA.with_aliases({"kind": {"网格员": "volunteer"}})


def test_a_network_carries_its_taxonomy(tmp_path):
    pets = gg.DEFAULT_SCHEMA.with_taxonomy(gg.TAXONOMY.extend([("pet_care", "宠物照看", "pet care", "遛狗")]))
    folder = write_csvs(
        tmp_path, partners="id,kind,name,community,grid\nC1,community,社区,C1,\nR1,resident,甲,C1,\nV1,volunteer,乙,C1,\n",
        relations="source,target,relation\nV1,R1,serves\n", needs="id,requester,category\nN1,R1,遛狗\n",
        resources="id,provider,category,capacity\nS1,V1,宠物照看,1\n",
    )  # fmt: skip
    with pytest.raises(gg.DataError, match="unknown category '遛狗'"):
        gg.read(folder)
    net = gg.read(folder, schema=pets)
    assert net.needs["category"].tolist() == ["pet_care"]
    assert net.schema.taxonomy is pets.taxonomy
    # Matching answers the need by the network's own taxonomy, not the default one.
    table = gg.candidates(net)
    assert table.reset_index()[["need", "resource"]].values.tolist() == [["N1", "S1"]]


def test_vocabulary_basics():
    assert STATUSES.resolve("ＤＯＮＥ") == "resolved" and STATUSES.resolve(3) is None
    assert URGENCY.label("4") == "紧急 urgent"
    assert STATUSES.nearest("") == []
    assert "已办结" in set(STATUSES.table()["word"])
    with pytest.raises(gg.GovGraphError, match="declared twice"):
        Vocabulary("x", [Term("a", "甲", "A"), Term("a", "乙", "B")])
    with pytest.raises(gg.GovGraphError, match="not one of"):
        STATUSES.extend(aliases={"x": "nope"})
    with pytest.raises(gg.GovGraphError, match="expected a key and labels"):
        Term("a", "", "A")
    assert isinstance(STATUSES.extend([Term("paused", "暂停", "paused")]), Vocabulary)
    assert pd.Series(["x"]).map(STATUSES.resolve).isna().all()
