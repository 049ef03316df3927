"""Kinds of partner, kinds of relation, and which relation may join which kinds.

The schema is data: it drives validation, the colours and legends of views,
and the Neo4j labels and relationship types (which come *only* from here, so
nothing user-supplied ever becomes part of a Cypher statement).

Examples
--------
>>> from govgraph.schema import DEFAULT_SCHEMA, PartnerKind, RelationKind
>>> DEFAULT_SCHEMA.kinds["grid_worker"].label
'网格员 grid worker'
>>> DEFAULT_SCHEMA.allows("resides_in", "resident", "building")
True
>>> custom = DEFAULT_SCHEMA.extend(
...     kinds=[PartnerKind("school", "学校", "school")],
...     relations=[RelationKind("teaches", "教学", "teaches", pairs=[("school", "resident")])],
... )
>>> custom.allows("teaches", "school", "resident")
True
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from govgraph.errors import SchemaError

__all__ = [
    "ANY",
    "DEFAULT_SCHEMA",
    "NEED",
    "RESOURCE",
    "PartnerKind",
    "RelationKind",
    "Schema",
]

#: Stands for every partner kind in a relation's allowed pairs.
ANY = "*"
#: Node kinds given to needs and resources when they are drawn as graph nodes.
NEED = "need"
RESOURCE = "resource"

_KEY = re.compile(r"^[a-z][a-z0-9_]{0,62}$")


def _check_key(key: str, what: str) -> None:
    if not isinstance(key, str) or not _KEY.match(key):
        raise SchemaError(
            f"{what} key {key!r} must be lower-case ASCII letters, digits and "
            "underscores, starting with a letter (it becomes a Neo4j label or type)"
        )


@dataclass(frozen=True)
class PartnerKind:
    """A kind of community partner, e.g. ``party_member`` (党员).

    Parameters
    ----------
    key : str
        Stable English key used in tables (``kind`` column).
    label_zh, label_en : str
        Labels shown to people.
    color : str
        Colour of the kind in network views (CSS hex).
    """

    key: str
    label_zh: str
    label_en: str
    color: str = "#888888"

    def __post_init__(self) -> None:
        _check_key(self.key, "partner kind")

    @property
    def label(self) -> str:
        """Bilingual label, Chinese first: ``'党员 party member'``."""
        return f"{self.label_zh} {self.label_en}"

    @property
    def neo4j_label(self) -> str:
        """Node label in Neo4j: the key in CamelCase (``PartyMember``)."""
        return "".join(part.capitalize() for part in self.key.split("_"))


@dataclass(frozen=True)
class RelationKind:
    """A kind of relation between partners, e.g. ``resides_in`` (居住于).

    Parameters
    ----------
    key : str
        Stable English key used in tables (``relation`` column).
    label_zh, label_en : str
        Labels shown to people.
    pairs : iterable of (source kind, target kind)
        The kinds this relation may join; ``"*"`` stands for any partner kind.
    directed : bool
        Whether the relation has a direction. An undirected relation may be
        written either way round in the tables.
    """

    key: str
    label_zh: str
    label_en: str
    pairs: Collection[tuple[str, str]] = field(default_factory=frozenset)
    directed: bool = True

    def __post_init__(self) -> None:
        _check_key(self.key, "relation kind")
        object.__setattr__(self, "pairs", frozenset(tuple(p) for p in self.pairs))

    @property
    def label(self) -> str:
        """Bilingual label, Chinese first: ``'居住于 resides in'``."""
        return f"{self.label_zh} {self.label_en}"

    @property
    def neo4j_type(self) -> str:
        """Relationship type in Neo4j: the key in upper case (``RESIDES_IN``)."""
        return self.key.upper()


@dataclass(frozen=True)
class Schema:
    """The partner kinds and relation kinds a network may use.

    Build a custom schema with :meth:`extend`; the default is
    :data:`DEFAULT_SCHEMA`.
    """

    kinds: Mapping[str, PartnerKind]
    relations: Mapping[str, RelationKind]

    def __post_init__(self) -> None:
        object.__setattr__(self, "kinds", MappingProxyType(dict(self.kinds)))
        object.__setattr__(self, "relations", MappingProxyType(dict(self.relations)))
        for key, kind in self.kinds.items():
            if key != kind.key:
                raise SchemaError(f"partner kind stored under {key!r} has key {kind.key!r}")
        node_kinds = set(self.kinds) | {ANY, NEED, RESOURCE}
        for relation in self.relations.values():
            for source, target in relation.pairs:
                for end in (source, target):
                    if end not in node_kinds:
                        raise SchemaError(f"relation {relation.key!r} names unknown partner kind {end!r}")

    @classmethod
    def from_kinds(cls, kinds: Iterable[PartnerKind], relations: Iterable[RelationKind]) -> Schema:
        """Build a schema from lists of kinds, refusing duplicate keys."""
        kind_map: dict[str, PartnerKind] = {}
        for kind in kinds:
            if kind.key in kind_map:
                raise SchemaError(f"partner kind {kind.key!r} is declared twice")
            kind_map[kind.key] = kind
        relation_map: dict[str, RelationKind] = {}
        for relation in relations:
            if relation.key in relation_map:
                raise SchemaError(f"relation kind {relation.key!r} is declared twice")
            relation_map[relation.key] = relation
        return cls(kind_map, relation_map)

    def extend(
        self,
        kinds: Iterable[PartnerKind] = (),
        relations: Iterable[RelationKind] = (),
        allow: Iterable[tuple[str, str, str]] = (),
    ) -> Schema:
        """Return a new schema with more kinds, relations or allowed pairs.

        Parameters
        ----------
        kinds : iterable of PartnerKind
            New partner kinds; a key already declared raises SchemaError.
        relations : iterable of RelationKind
            New relation kinds; a key already declared raises SchemaError.
        allow : iterable of (relation, source kind, target kind)
            Extra pairs for existing or new relations.
        """
        schema = Schema.from_kinds([*self.kinds.values(), *kinds], [*self.relations.values(), *relations])
        extra: dict[str, set[tuple[str, str]]] = {}
        for relation, source, target in allow:
            if relation not in schema.relations:
                raise SchemaError(f"cannot allow pairs for unknown relation {relation!r}")
            extra.setdefault(relation, set()).add((source, target))
        merged = {
            key: RelationKind(
                rel.key,
                rel.label_zh,
                rel.label_en,
                frozenset(rel.pairs) | extra.get(key, set()),
                rel.directed,
            )
            for key, rel in schema.relations.items()
        }
        return Schema(schema.kinds, merged)

    def allows(self, relation: str, source_kind: str, target_kind: str) -> bool:
        """Whether ``relation`` may join a ``source_kind`` to a ``target_kind``."""
        rel = self.relations.get(relation)
        if rel is None:
            return False
        for source, target in rel.pairs:
            if _fits(source, source_kind) and _fits(target, target_kind):
                return True
            if not rel.directed and _fits(source, target_kind) and _fits(target, source_kind):
                return True
        return False

    def allowed_triples(self) -> frozenset[tuple[str, str, str]]:
        """Every allowed (relation, source kind, target kind) between partner kinds."""
        return frozenset(
            (rel, source, target)
            for rel in self.relations
            for source in self.kinds
            for target in self.kinds
            if self.allows(rel, source, target)
        )

    def kind_label(self, key: str) -> str:
        """Bilingual label of a partner kind (or of ``need``/``resource``)."""
        if key in self.kinds:
            return self.kinds[key].label
        return {NEED: "需求 need", RESOURCE: "资源 resource"}.get(key, key)


def _fits(declared: str, actual: str) -> bool:
    return declared == actual or (declared == ANY and actual not in (NEED, RESOURCE))


_PEOPLE = ("party_member", "grid_worker", "volunteer", "resident")
_ORGANISATIONS = (
    "party_committee",
    "party_branch",
    "party_group",
    "property_manager",
    "merchant",
    "social_org",
    "professional",
    "service_station",
)
_SERVICE_GIVERS = (
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
)
_PLACES = ("community", "grid", "building")


def _pairs(sources: Iterable[str], targets: Iterable[str]) -> list[tuple[str, str]]:
    targets = tuple(targets)
    return [(s, t) for s in sources for t in targets]


_KINDS = [
    PartnerKind("community", "社区", "community", "#4e79a7"),
    PartnerKind("grid", "网格", "grid", "#76b7b2"),
    PartnerKind("building", "楼栋", "building", "#bab0ac"),
    PartnerKind("party_committee", "社区党委", "community party committee", "#c00000"),
    PartnerKind("party_branch", "网格党支部", "grid party branch", "#e15759"),
    PartnerKind("party_group", "楼栋党小组", "building party group", "#ff9d9a"),
    PartnerKind("party_member", "党员", "party member", "#f28e2b"),
    PartnerKind("grid_worker", "网格员", "grid worker", "#59a14f"),
    PartnerKind("property_manager", "物业", "property manager", "#9c755f"),
    PartnerKind("merchant", "商户企业", "merchant or enterprise", "#edc948"),
    PartnerKind("social_org", "社会组织", "social organisation", "#b07aa1"),
    PartnerKind("professional", "专业力量", "professional service provider", "#17becf"),
    PartnerKind("volunteer", "志愿者", "volunteer", "#8cd17d"),
    PartnerKind("service_station", "服务站点", "service station", "#499894"),
    PartnerKind("resident", "居民", "resident", "#a0cbe8"),
]

_RELATIONS = [
    RelationKind(
        "part_of",
        "隶属",
        "part of",
        [
            ("building", "grid"),
            ("grid", "grid"),
            ("grid", "community"),
            ("party_branch", "party_committee"),
            ("party_group", "party_branch"),
            ("service_station", "community"),
            ("service_station", "grid"),
        ],
    ),
    RelationKind(
        "member_of",
        "成员",
        "member of",
        [
            ("party_member", "party_group"),
            ("party_member", "party_branch"),
            ("party_member", "party_committee"),
            *_pairs(_PEOPLE, ["social_org"]),
            ("volunteer", "service_station"),
            ("grid_worker", "party_branch"),
        ],
    ),
    RelationKind(
        "leads",
        "领导",
        "leads",
        [
            ("party_committee", "community"),
            ("party_branch", "grid"),
            ("party_group", "building"),
            *_pairs(("party_member", "grid_worker"), ("grid", "party_branch", "party_group")),
            *_pairs(_PEOPLE, ["social_org"]),
        ],
    ),
    RelationKind(
        "responsible_for",
        "负责",
        "responsible for",
        _pairs(
            (
                "party_committee",
                "party_branch",
                "party_group",
                "party_member",
                "grid_worker",
                "property_manager",
                "service_station",
            ),
            _PLACES,
        ),
    ),
    RelationKind(
        "resides_in",
        "居住于",
        "resides in",
        _pairs(_PEOPLE, ["building"]),
    ),
    RelationKind(
        "located_in",
        "位于",
        "located in",
        _pairs(
            ("property_manager", "merchant", "social_org", "professional", "service_station"),
            _PLACES,
        ),
    ),
    RelationKind(
        "partners_with",
        "共建合作",
        "partners with",
        _pairs(("community", "party_committee", "party_branch", "grid"), _ORGANISATIONS),
        directed=False,
    ),
    RelationKind(
        "serves",
        "服务",
        "serves",
        _pairs(_SERVICE_GIVERS, ("resident", *_PLACES, "merchant")),
    ),
    RelationKind(
        "collaborates",
        "协作",
        "collaborates with",
        _pairs(_SERVICE_GIVERS, _SERVICE_GIVERS),
        directed=False,
    ),
    RelationKind(
        "visits",
        "走访",
        "visits",
        _pairs(
            ("party_member", "grid_worker", "volunteer", "social_org", "professional", "resident"),
            ("resident", "building", "merchant"),
        ),
    ),
    RelationKind("offers", "提供", "offers", [(ANY, RESOURCE)]),
    RelationKind("raised", "提出", "raised", [(ANY, NEED)]),
]

#: The kinds and relations of grid governance in a Chinese street (街道).
DEFAULT_SCHEMA = Schema.from_kinds(_KINDS, _RELATIONS)


def check_schema(schema: object) -> Schema:
    """The schema argument of a public function, or the default when None."""
    if schema is None:
        return DEFAULT_SCHEMA
    if not isinstance(schema, Schema):
        raise SchemaError(f"schema: expected a govgraph Schema, got {type(schema).__name__}")
    return schema
