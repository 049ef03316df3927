from __future__ import annotations

import pytest

import govgraph as gg
from govgraph.schema import ANY, DEFAULT_SCHEMA, PartnerKind, RelationKind

REQUIRED_KINDS = {
    "community",
    "grid",
    "building",
    "party_committee",
    "party_branch",
    "party_group",
    "party_member",
    "grid_worker",
    "property_manager",
    "merchant",
    "social_org",
    "professional",
    "volunteer",
    "service_station",
    "resident",
}
REQUIRED_RELATIONS = {
    "part_of",
    "member_of",
    "leads",
    "responsible_for",
    "resides_in",
    "partners_with",
    "serves",
    "collaborates",
    "visits",
    "offers",
    "raised",
}


def test_default_schema_declares_the_kinds_and_relations_of_grid_governance():
    assert set(DEFAULT_SCHEMA.kinds) >= REQUIRED_KINDS
    assert set(DEFAULT_SCHEMA.relations) >= REQUIRED_RELATIONS
    for kind in DEFAULT_SCHEMA.kinds.values():
        assert kind.label_zh and kind.label_en and kind.color.startswith("#")
    for relation in DEFAULT_SCHEMA.relations.values():
        assert relation.label_zh and relation.label_en and relation.pairs


def test_party_chain_is_allowed_in_order():
    assert DEFAULT_SCHEMA.allows("part_of", "party_branch", "party_committee")
    assert DEFAULT_SCHEMA.allows("part_of", "party_group", "party_branch")
    assert DEFAULT_SCHEMA.allows("member_of", "party_member", "party_group")
    assert not DEFAULT_SCHEMA.allows("part_of", "party_committee", "party_group")


def test_direction_matters_only_for_directed_relations():
    assert DEFAULT_SCHEMA.allows("resides_in", "resident", "building")
    assert not DEFAULT_SCHEMA.allows("resides_in", "building", "resident")
    assert not DEFAULT_SCHEMA.relations["partners_with"].directed
    assert DEFAULT_SCHEMA.allows("partners_with", "merchant", "party_committee")
    assert DEFAULT_SCHEMA.allows("partners_with", "party_committee", "merchant")


def test_labels_and_neo4j_names():
    assert DEFAULT_SCHEMA.kinds["party_member"].label == "党员 party member"
    assert DEFAULT_SCHEMA.kinds["party_member"].neo4j_label == "PartyMember"
    assert DEFAULT_SCHEMA.relations["resides_in"].neo4j_type == "RESIDES_IN"
    assert DEFAULT_SCHEMA.kind_label("need") == "需求 need"


def test_extend_with_a_kind_and_relation(tmp_path):
    schema = DEFAULT_SCHEMA.extend(
        kinds=[PartnerKind("school", "学校", "school")],
        relations=[RelationKind("teaches", "教学", "teaches", pairs=[("school", "resident")])],
        allow=[("serves", "school", "resident")],
    )
    assert schema.allows("teaches", "school", "resident")
    assert schema.allows("serves", "school", "resident")
    assert "school" not in DEFAULT_SCHEMA.kinds  # the default is untouched
    (tmp_path / "partners.csv").write_text("id,kind\nS1,school\nR1,resident\n", encoding="utf-8")
    (tmp_path / "relations.csv").write_text("source,target,relation\nS1,R1,teaches\n", encoding="utf-8")
    assert len(gg.read(tmp_path, schema=schema).relations) == 1
    with pytest.raises(gg.DataError, match="unknown partner kind 'school'"):
        gg.read(tmp_path)


def test_wildcard_pairs():
    schema = DEFAULT_SCHEMA.extend(relations=[RelationKind("knows", "认识", "knows", pairs=[(ANY, ANY)])])
    assert schema.allows("knows", "merchant", "resident")


@pytest.mark.parametrize("key", ["Bad", "has space", "1st", "x`) DETACH DELETE n //", ""])
def test_keys_that_could_not_be_neo4j_names_are_refused(key):
    with pytest.raises(gg.SchemaError, match="must be lower-case ASCII"):
        PartnerKind(key, "坏", "bad")
    with pytest.raises(gg.SchemaError, match="must be lower-case ASCII"):
        RelationKind(key, "坏", "bad")


def test_duplicates_and_unknown_kinds_are_refused():
    with pytest.raises(gg.SchemaError, match="declared twice"):
        DEFAULT_SCHEMA.extend(kinds=[PartnerKind("grid", "网格", "grid")])
    with pytest.raises(gg.SchemaError, match="names unknown partner kind 'school'"):
        DEFAULT_SCHEMA.extend(
            relations=[RelationKind("teaches", "教学", "teaches", pairs=[("school", "resident")])]
        )
    with pytest.raises(gg.SchemaError, match="unknown relation 'teaches'"):
        DEFAULT_SCHEMA.extend(allow=[("teaches", "grid", "grid")])


def test_readme_names_every_kind_and_relation():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for kind in DEFAULT_SCHEMA.kinds.values():
        assert f"`{kind.key}` {kind.label_zh}" in readme
    for relation in DEFAULT_SCHEMA.relations.values():
        assert f"`{relation.key}` {relation.label_zh}" in readme
