from __future__ import annotations

import pytest

import govgraph as gg
from govgraph.model.schema import ANY, DEFAULT_SCHEMA, PartnerKind, RelationKind

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

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for kind in DEFAULT_SCHEMA.kinds.values():
        assert f"`{kind.key}` {kind.label_zh}" in readme
    for relation in DEFAULT_SCHEMA.relations.values():
        assert f"`{relation.key}` {relation.label_zh}" in readme


def test_roles_say_what_kinds_and_relations_mean():
    assert DEFAULT_SCHEMA.kinds_at("community") == ("community",)
    assert DEFAULT_SCHEMA.kinds_at("building") == ("building",)
    assert DEFAULT_SCHEMA.level_of("grid") == "grid" and DEFAULT_SCHEMA.level_of("merchant") is None
    assert DEFAULT_SCHEMA.kinds_with("resident") == ("resident",)
    assert DEFAULT_SCHEMA.kinds_with("grid_party") == ("party_branch",)
    assert DEFAULT_SCHEMA.kinds_with("worker", "party_member") == ("party_member", "grid_worker")
    roles = {role: DEFAULT_SCHEMA.relations_with(role) for role in gg.model.RELATION_ROLES}
    assert roles["nesting"] == ("part_of",) and roles["residence"] == ("resides_in",)
    assert roles["location"] == ("located_in",) and roles["leadership"] == ("leads",)
    assert roles["responsibility"] == ("responsible_for",) and roles["request"] == ("raised",)
    assert all(roles.values())  # every role is held by one relation of the default schema
    with pytest.raises(gg.SchemaError, match=r"unknown partner kind roles \['mayor'\]"):
        DEFAULT_SCHEMA.kinds_with("mayor")
    with pytest.raises(gg.SchemaError, match=r"unknown relation roles \['gossip'\]"):
        DEFAULT_SCHEMA.relations_with("gossip")
    with pytest.raises(gg.SchemaError, match="level: expected one of"):
        DEFAULT_SCHEMA.kinds_at("street")


def test_a_new_place_kind_takes_the_pairs_of_the_kind_it_is_like():
    schema = DEFAULT_SCHEMA.extend(
        kinds=[PartnerKind("courtyard", "院落", "courtyard", level="grid")], like={"courtyard": "grid"}
    )
    for relation, source, target in [
        ("part_of", "building", "courtyard"),
        ("part_of", "courtyard", "grid"),
        ("part_of", "courtyard", "community"),
        ("responsible_for", "grid_worker", "courtyard"),
        ("located_in", "merchant", "courtyard"),
        ("leads", "party_branch", "courtyard"),
    ]:
        assert schema.allows(relation, source, target), (relation, source, target)
    assert not schema.allows("resides_in", "resident", "courtyard")  # people live in buildings
    assert schema.relations["part_of"].role == "nesting"
    with pytest.raises(gg.SchemaError, match="like: 'yard' is not a partner kind"):
        DEFAULT_SCHEMA.extend(like={"yard": "grid"})


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: PartnerKind("yard", "院", "yard", level="street"), "level must be one of"),
        (lambda: PartnerKind("yard", "院", "yard", roles={"mayor"}), r"unknown roles \['mayor'\]"),
        (lambda: RelationKind("owns", "拥有", "owns", role="owning"), "unknown role 'owning'"),
        (lambda: PartnerKind("yard\n", "院", "yard"), "must be lower-case ASCII"),
    ],
)
def test_bad_roles_and_levels_are_refused(make, message):
    with pytest.raises(gg.SchemaError, match=message):
        make()
