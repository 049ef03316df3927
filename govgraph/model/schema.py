"""Kinds of partner, kinds of relation, which relation may join which kinds, and what they mean.

The schema is data: it drives validation, the colours and legends of views,
the Neo4j labels and relationship types (which come *only* from here, so
nothing user-supplied ever becomes part of a Cypher statement) and, through
its **roles**, the meaning every analysis relies on:

- a partner kind may be a *place* at one of the :data:`LEVELS` (community ⊃
  grid ⊃ building); places of one level may nest (a micro grid or a
  courtyard inside a grid);
- a partner kind may hold roles from :data:`KIND_ROLES` (residents, the party
  organisation of a level, grid workers ...);
- a relation kind may hold one role from :data:`RELATION_ROLES` (nesting,
  residence, location, leadership, responsibility ...).

Code outside the model asks the schema for a role and never spells a kind or
relation name, so a schema extended with a place kind of its own (a
``courtyard`` between grid and building, as 亚运新新家园's 院落网格) works
through every analysis.

Examples
--------
>>> from govgraph.model.schema import DEFAULT_SCHEMA, PartnerKind, RelationKind
>>> DEFAULT_SCHEMA.kinds["grid_worker"].label
'网格员 grid worker'
>>> DEFAULT_SCHEMA.allows("resides_in", "resident", "building")
True
>>> DEFAULT_SCHEMA.kinds_at("grid"), DEFAULT_SCHEMA.relations_with("residence")
(('grid',), ('resides_in',))
>>> custom = DEFAULT_SCHEMA.extend(
...     kinds=[PartnerKind("courtyard", "院落", "courtyard", level="grid")],
...     like={"courtyard": "grid"},
... )
>>> custom.kinds_at("grid"), custom.allows("part_of", "building", "courtyard")
(('grid', 'courtyard'), True)
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from govgraph.errors import GovGraphError, SchemaError
from govgraph.model.taxonomy import TAXONOMY, Taxonomy
from govgraph.model.vocabulary import (
    ACTIVITY_KINDS,
    PROJECT_STATUSES,
    SATISFACTION,
    STATUSES,
    URGENCY,
    Term,
    Vocabulary,
)

__all__ = [
    "ACTIVITY",
    "ALIAS_VOCABULARIES",
    "ANY",
    "DEFAULT_SCHEMA",
    "KIND_ROLES",
    "LEVELS",
    "NEED",
    "PROJECT",
    "RELATION_ROLES",
    "RESOURCE",
    "PartnerKind",
    "RelationKind",
    "Schema",
    "check_schema",
]

#: Stands for every partner kind in a relation's allowed pairs.
ANY = "*"
#: Node kinds given to needs and resources when they are drawn as graph nodes.
NEED = "need"
RESOURCE = "resource"
#: Node kinds of the rows of the activities and projects tables: what partners take part in.
ACTIVITY = "activity"
PROJECT = "project"
#: The kinds of node that are not partners, each with its table.
ITEM_TABLES: Mapping[str, str] = MappingProxyType(
    {NEED: "needs", RESOURCE: "resources", ACTIVITY: "activities", PROJECT: "projects"}
)

#: The place levels, outermost first: a community holds grids, a grid holds buildings.
#: Places of one level may nest (a micro grid or courtyard inside a large grid).
LEVELS = ("community", "grid", "building")

#: What a partner kind may mean, beyond being a place.
KIND_ROLES: Mapping[str, str] = MappingProxyType(
    {
        "resident": "a person the network serves: raises needs, may be vulnerable, lives in a building; "
        "the name is personal data, shown by role and place unless asked",
        "community_party": "the party organisation of a community (社区党委), top of the party chain",
        "grid_party": "the party organisation of a grid (网格党支部)",
        "building_party": "the party organisation of a building (楼栋党小组)",
        "party_member": "a party member (党员): counted by default when coverage asks who reaches a unit",
        "worker": "a grid worker (网格员): whose workload is measured; counted by default in coverage",
        "organisation": "a community organisation that can vouch for a provider on a trust path",
    }
)

#: What a relation kind may mean.
RELATION_ROLES: Mapping[str, str] = MappingProxyType(
    {
        "nesting": "one place inside a larger one, or one organisation inside a larger one",
        "membership": "a person in an organisation",
        "leadership": "a partner leading a place or an organisation",
        "responsibility": "a partner answering for a place or a person",
        "residence": "a person living in a building",
        "location": "an organisation sited in a place",
        "partnership": "a co-building partnership with the community (共建)",
        "service": "a partner serving residents or places",
        "collaboration": "partners working together",
        "visit": "a visit to a resident, building or merchant",
        "request": "a partner raising a need (the requester of the needs table)",
        "offer": "a partner offering a resource (the provider of the resources table)",
        "organising": "a partner organising an activity or a project (主办、联办、牵头实施)",
        "participation": "a partner taking part in an activity or a project",
        "funding": "a partner funding an activity or a project",
        "serving_in": "a partner serving in an activity or a project (a market stall, a volunteer shift)",
        "answer": "a project answering a resident's need",
        "use": "a project using a resource",
    }
)

#: The vocabularies :meth:`Schema.with_aliases` extends, by the column whose values they name.
ALIAS_VOCABULARIES: Mapping[str, str] = MappingProxyType(
    {
        "kind": "partners.kind",
        "relation": "relations.relation",
        "category": "needs.category and resources.category",
        "status": "needs.status",
        "urgency": "needs.urgency",
        "satisfaction": "needs.satisfaction",
        "activity_kind": "activities.kind",
        "project_status": "projects.status",
    }
)

#: The schema field of each alias vocabulary whose name differs from it.
_VOCABULARY_FIELDS = {
    "status": "statuses",
    "activity_kind": "activity_kinds",
    "project_status": "project_statuses",
}

_KEY = re.compile(r"[a-z][a-z0-9_]{0,62}")


def _check_key(key: str, what: str) -> None:
    if not isinstance(key, str) or not _KEY.fullmatch(key):
        raise SchemaError(
            f"{what} key {key!r} must be lower-case ASCII letters, digits and "
            "underscores, starting with a letter (it becomes a Neo4j label or type)"
        )


@dataclass(frozen=True)
class PartnerKind(Term):
    """A kind of community partner, e.g. ``party_member`` (党员).

    Parameters
    ----------
    key : str
        Stable English key used in tables (``kind`` column).
    label_zh, label_en : str
        Labels shown to people.
    aliases : iterable of str
        Other words for the kind, accepted in the ``kind`` column (党支部, 支部).
    color : str
        Colour of the kind in network views (CSS hex).
    level : {"community", "grid", "building"}, optional
        The place level when partners of this kind are places.
    roles : iterable of str
        Roles from :data:`KIND_ROLES`.
    """

    color: str = "#888888"
    level: str | None = field(default=None, kw_only=True)
    roles: Collection[str] = field(default=frozenset(), kw_only=True)

    def __post_init__(self) -> None:
        _check_key(self.key, "partner kind")
        super().__post_init__()
        if self.level is not None and self.level not in LEVELS:
            raise SchemaError(f"partner kind {self.key!r}: level must be one of {LEVELS}, got {self.level!r}")
        roles = frozenset([self.roles] if isinstance(self.roles, str) else self.roles)
        unknown = sorted(roles - set(KIND_ROLES))
        if unknown:
            raise SchemaError(
                f"partner kind {self.key!r}: unknown roles {unknown}; known: {list(KIND_ROLES)}"
            )
        object.__setattr__(self, "roles", roles)

    @property
    def neo4j_label(self) -> str:
        """Node label in Neo4j: the key in CamelCase (``PartyMember``)."""
        return "".join(part.capitalize() for part in self.key.split("_"))


@dataclass(frozen=True)
class RelationKind(Term):
    """A kind of relation between partners, e.g. ``resides_in`` (居住于).

    Parameters
    ----------
    key : str
        Stable English key used in tables (``relation`` column).
    label_zh, label_en : str
        Labels shown to people.
    aliases : iterable of str
        Other words for the relation, accepted in the ``relation`` column (居住, 住在).
    pairs : iterable of (source kind, target kind)
        The kinds this relation may join; ``"*"`` stands for any partner kind.
    directed : bool
        Whether the relation has a direction. An undirected relation may be
        written either way round in the tables.
    role : str, optional
        Its role from :data:`RELATION_ROLES`.
    """

    pairs: Collection[tuple[str, str]] = field(default_factory=frozenset)
    directed: bool = True
    role: str | None = field(default=None, kw_only=True)

    def __post_init__(self) -> None:
        _check_key(self.key, "relation kind")
        super().__post_init__()
        if self.role is not None and self.role not in RELATION_ROLES:
            raise SchemaError(
                f"relation kind {self.key!r}: unknown role {self.role!r}; known: {list(RELATION_ROLES)}"
            )
        object.__setattr__(self, "pairs", frozenset(tuple(p) for p in self.pairs))

    @property
    def neo4j_type(self) -> str:
        """Relationship type in Neo4j: the key in upper case (``RESIDES_IN``)."""
        return self.key.upper()


@dataclass(frozen=True)
class Schema:
    """What the values of a network may be and mean: partner and relation kinds, categories, statuses.

    Build a custom schema with :meth:`extend`, :meth:`with_taxonomy` and
    :meth:`with_aliases`; the default is :data:`DEFAULT_SCHEMA`. Ask it for
    roles with :meth:`kinds_at`, :meth:`level_of`, :meth:`kinds_with` and
    :meth:`relations_with`.

    Attributes
    ----------
    kinds, relations : Mapping of key to PartnerKind / RelationKind
    taxonomy : Taxonomy
        The need and resource categories (default :data:`govgraph.TAXONOMY`).
    statuses, urgency, satisfaction : Vocabulary
        The words of the needs' ``status``, ``urgency`` and ``satisfaction`` columns.
    activity_kinds, project_statuses : Vocabulary
        The words of the activities' ``kind`` and the projects' ``status`` columns.
    kind_words, relation_words : Vocabulary
        The kinds and relations as vocabularies: every word (key, labels,
        aliases) the ``kind`` and ``relation`` columns accept.
    """

    kinds: Mapping[str, PartnerKind]
    relations: Mapping[str, RelationKind]
    taxonomy: Taxonomy = field(default=TAXONOMY, kw_only=True)
    statuses: Vocabulary = field(default=STATUSES, kw_only=True)
    urgency: Vocabulary = field(default=URGENCY, kw_only=True)
    satisfaction: Vocabulary = field(default=SATISFACTION, kw_only=True)
    activity_kinds: Vocabulary = field(default=ACTIVITY_KINDS, kw_only=True)
    project_statuses: Vocabulary = field(default=PROJECT_STATUSES, kw_only=True)
    kind_words: Vocabulary = field(init=False, repr=False, compare=False)
    relation_words: Vocabulary = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "kinds", MappingProxyType(dict(self.kinds)))
        object.__setattr__(self, "relations", MappingProxyType(dict(self.relations)))
        for key, kind in self.kinds.items():
            if key != kind.key:
                raise SchemaError(f"partner kind stored under {key!r} has key {kind.key!r}")
        node_kinds = set(self.kinds) | {ANY, *ITEM_TABLES}
        for relation in self.relations.values():
            for source, target in relation.pairs:
                for end in (source, target):
                    if end not in node_kinds:
                        raise SchemaError(f"relation {relation.key!r} names unknown partner kind {end!r}")
        vocabularies = ("statuses", "urgency", "satisfaction", "activity_kinds", "project_statuses")
        for name, expected in (("taxonomy", Taxonomy), *((v, Vocabulary) for v in vocabularies)):
            if not isinstance(getattr(self, name), expected):
                raise SchemaError(f"{name}: expected a {expected.__name__}")
        try:
            object.__setattr__(self, "kind_words", Vocabulary("partner kind", self.kinds.values()))
            object.__setattr__(self, "relation_words", Vocabulary("relation", self.relations.values()))
        except GovGraphError as error:
            raise SchemaError(str(error)) from None

    def with_taxonomy(self, taxonomy: Taxonomy) -> Schema:
        """The same schema with other need and resource categories."""
        return dataclasses.replace(self, taxonomy=taxonomy)

    def with_aliases(self, aliases: Mapping[str, Mapping[str, str]]) -> Schema:
        """The same schema with more words for its values.

        Parameters
        ----------
        aliases : mapping of vocabulary to {word: key}
            Vocabularies: ``"kind"``, ``"relation"``, ``"category"``,
            ``"status"``, ``"urgency"``, ``"satisfaction"``, ``"activity_kind"``,
            ``"project_status"``; e.g. ``{"kind": {"楼门长": "volunteer"},
            "category": {"修水管": "repair"}}``.

        Examples
        --------
        >>> from govgraph.model.schema import DEFAULT_SCHEMA
        >>> DEFAULT_SCHEMA.with_aliases({"kind": {"楼门长": "volunteer"}}).kind_words.resolve("楼门长")
        'volunteer'
        """
        unknown = sorted(set(aliases) - set(ALIAS_VOCABULARIES))
        if unknown:
            raise SchemaError(f"aliases: unknown vocabularies {unknown}; known: {list(ALIAS_VOCABULARIES)}")
        schema = self
        for name, words in aliases.items():
            schema = schema._with_words(name, dict(words))
        return schema

    def _with_words(self, name: str, words: dict[str, str]) -> Schema:
        try:
            if name in ("kind", "relation"):
                terms: dict[str, Any] = dict(self.kinds if name == "kind" else self.relations)
                for word, key in words.items():
                    if key not in terms:
                        raise SchemaError(
                            f"aliases: {word!r} names the {name} {key!r}, which is not declared"
                        )
                    terms[key] = dataclasses.replace(terms[key], aliases=(*terms[key].aliases, word))
                if name == "kind":
                    return dataclasses.replace(self, kinds=terms)
                return dataclasses.replace(self, relations=terms)
            if name == "category":
                return self.with_taxonomy(self.taxonomy.extend(aliases=words))
            field_name = _VOCABULARY_FIELDS.get(name, name)
            return dataclasses.replace(self, **{field_name: getattr(self, field_name).extend(aliases=words)})
        except SchemaError:
            raise
        except GovGraphError as error:
            raise SchemaError(str(error)) from None

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
        *,
        like: Mapping[str, str] | None = None,
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
        like : mapping of new kind to existing kind, optional
            The new kind may take part in every relation the existing kind
            may, at either end: ``like={"courtyard": "grid"}`` lets buildings
            be ``part_of`` a courtyard, a courtyard ``part_of`` a grid, grid
            workers be ``responsible_for`` it, and so on.
        """
        schema = Schema.from_kinds([*self.kinds.values(), *kinds], [*self.relations.values(), *relations])
        extra: dict[str, set[tuple[str, str]]] = {}
        for relation, source, target in allow:
            if relation not in schema.relations:
                raise SchemaError(f"cannot allow pairs for unknown relation {relation!r}")
            extra.setdefault(relation, set()).add((source, target))
        for new, old in (like or {}).items():
            for key in (new, old):
                if key not in schema.kinds:
                    raise SchemaError(f"like: {key!r} is not a partner kind of the schema")
            for rel in schema.relations.values():
                for source, target in rel.pairs:
                    if old in (source, target):
                        swap = {old: new}
                        extra.setdefault(rel.key, set()).update(
                            {(swap.get(source, source), target), (source, swap.get(target, target)),
                             (swap.get(source, source), swap.get(target, target))}
                        )  # fmt: skip
        merged = {
            key: dataclasses.replace(rel, pairs=frozenset(rel.pairs) | extra.get(key, set()))
            for key, rel in schema.relations.items()
        }
        return dataclasses.replace(self, kinds=schema.kinds, relations=merged)

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

    def kinds_at(self, level: str) -> tuple[str, ...]:
        """The place kinds of one of the :data:`LEVELS`, in schema order."""
        if level not in LEVELS:
            raise SchemaError(f"level: expected one of {list(LEVELS)}, got {level!r}")
        return tuple(key for key, kind in self.kinds.items() if kind.level == level)

    def level_of(self, kind: str) -> str | None:
        """The place level of a partner kind, or None when its partners are not places."""
        found = self.kinds.get(kind)
        return None if found is None else found.level

    def kinds_with(self, *roles: str) -> tuple[str, ...]:
        """The partner kinds holding any of these roles (from :data:`KIND_ROLES`), in schema order."""
        unknown = sorted(set(roles) - set(KIND_ROLES))
        if unknown:
            raise SchemaError(f"roles: unknown partner kind roles {unknown}; known: {list(KIND_ROLES)}")
        return tuple(key for key, kind in self.kinds.items() if set(kind.roles) & set(roles))

    def relations_with(self, *roles: str) -> tuple[str, ...]:
        """The relation kinds holding any of these roles (from :data:`RELATION_ROLES`), in schema order."""
        unknown = sorted(set(roles) - set(RELATION_ROLES))
        if unknown:
            raise SchemaError(f"roles: unknown relation roles {unknown}; known: {list(RELATION_ROLES)}")
        return tuple(key for key, rel in self.relations.items() if rel.role in roles)

    @property
    def link_relations(self) -> tuple[str, ...]:
        """The relation kinds that join partners to activities and projects, and projects to the needs
        they answer and the resources they use: the rows of the relations table that become
        :attr:`PartnerNetwork.links <govgraph.model.network.PartnerNetwork.links>`."""
        return tuple(
            key
            for key, rel in self.relations.items()
            if any(end in (ACTIVITY, PROJECT) for pair in rel.pairs for end in pair)
        )

    @property
    def taking_part(self) -> tuple[str, ...]:
        """The link relations from a partner to an activity or project (organises, takes part in, funds,
        serves in), in schema order."""
        return tuple(
            key
            for key in self.link_relations
            if any(
                source == ANY and target in (ACTIVITY, PROJECT)
                for source, target in self.relations[key].pairs
            )
        )

    def kind_label(self, key: str) -> str:
        """Bilingual label of a partner kind (or of ``need``/``resource``/``activity``/``project``)."""
        if key in self.kinds:
            return self.kinds[key].label
        return _ITEM_LABELS.get(key, key)


_ITEM_LABELS = {
    NEED: "需求 need",
    RESOURCE: "资源 resource",
    ACTIVITY: "活动 activity",
    PROJECT: "项目 project",
}


def _fits(declared: str, actual: str) -> bool:
    return declared == actual or (declared == ANY and actual not in ITEM_TABLES)


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
    PartnerKind(
        "community", "社区", "community", "#4e79a7", level="community", aliases=("居委会", "社区居委会")
    ),
    PartnerKind("grid", "网格", "grid", "#76b7b2", level="grid", aliases=("微网格", "网格单元")),
    PartnerKind("building", "楼栋", "building", "#bab0ac", level="building", aliases=("楼", "楼宇", "楼房")),
    PartnerKind(
        "party_committee",
        "社区党委",
        "community party committee",
        "#c00000",
        roles={"community_party"},
        aliases=("党委", "社区党组织", "党总支"),
    ),
    PartnerKind(
        "party_branch",
        "网格党支部",
        "grid party branch",
        "#e15759",
        roles={"grid_party"},
        aliases=("党支部", "支部", "党组织"),
    ),
    PartnerKind(
        "party_group",
        "楼栋党小组",
        "building party group",
        "#ff9d9a",
        roles={"building_party"},
        aliases=("党小组",),
    ),
    PartnerKind(
        "party_member",
        "党员",
        "party member",
        "#f28e2b",
        roles={"party_member"},
        aliases=("在职党员", "社区党员"),
    ),
    PartnerKind(
        "grid_worker",
        "网格员",
        "grid worker",
        "#59a14f",
        roles={"worker"},
        aliases=("专职网格员", "社工", "社区工作者", "包楼社工"),
    ),
    PartnerKind(
        "property_manager",
        "物业",
        "property manager",
        "#9c755f",
        roles={"organisation"},
        aliases=("物业公司", "物业服务企业"),
    ),
    PartnerKind(
        "merchant",
        "商户企业",
        "merchant or enterprise",
        "#edc948",
        aliases=("商户", "商家", "企业", "辖区商户", "驻区单位", "共建单位"),
    ),
    PartnerKind(
        "social_org",
        "社会组织",
        "social organisation",
        "#b07aa1",
        roles={"organisation"},
        aliases=("社区社会组织", "社团"),
    ),
    PartnerKind(
        "professional",
        "专业力量",
        "professional service provider",
        "#17becf",
        aliases=(
            "专业机构",
            "专业服务",
            "律师",
            "律师事务所",
            "法律服务所",
            "医院",
            "诊所",
            "心理咨询机构",
            "心理工作室",
        ),
    ),
    PartnerKind("volunteer", "志愿者", "volunteer", "#8cd17d", aliases=("志愿服务队", "楼门长")),
    PartnerKind(
        "service_station",
        "服务站点",
        "service station",
        "#499894",
        roles={"organisation"},
        aliases=("服务站", "党群服务站", "党群服务中心", "驿站"),
    ),
    PartnerKind(
        "resident",
        "居民",
        "resident",
        "#a0cbe8",
        roles={"resident"},
        aliases=("住户", "群众", "重点人群", "特殊人群"),
    ),
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
        role="nesting",
        aliases=("属于", "隶属于"),
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
        role="membership",
        aliases=("成员于", "加入"),
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
        role="leadership",
        aliases=("带领", "牵头"),
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
        role="responsibility",
        aliases=("负责于", "包联", "联系", "分包"),
    ),
    RelationKind(
        "resides_in",
        "居住于",
        "resides in",
        _pairs(_PEOPLE, ["building"]),
        role="residence",
        aliases=("居住", "住在"),
    ),
    RelationKind(
        "located_in",
        "位于",
        "located in",
        _pairs(
            ("property_manager", "merchant", "social_org", "professional", "service_station"),
            _PLACES,
        ),
        role="location",
        aliases=("坐落于", "位置"),
    ),
    RelationKind(
        "partners_with",
        "共建合作",
        "partners with",
        _pairs(("community", "party_committee", "party_branch", "grid"), _ORGANISATIONS),
        directed=False,
        role="partnership",
        aliases=("共建", "合作共建"),
    ),
    RelationKind(
        "serves",
        "服务",
        "serves",
        _pairs(_SERVICE_GIVERS, ("resident", *_PLACES, "merchant")),
        role="service",
        aliases=("服务于",),
    ),
    RelationKind(
        "collaborates",
        "协作",
        "collaborates with",
        _pairs(_SERVICE_GIVERS, _SERVICE_GIVERS),
        directed=False,
        role="collaboration",
        aliases=("协同", "协作于"),
    ),
    RelationKind(
        "visits",
        "走访",
        "visits",
        _pairs(
            ("party_member", "grid_worker", "volunteer", "social_org", "professional", "resident"),
            ("resident", "building", "merchant"),
        ),
        role="visit",
        aliases=("入户", "探访", "走访慰问"),
    ),
    RelationKind(
        "organises",
        "组织",
        "organises",
        [(ANY, ACTIVITY), (ANY, PROJECT)],
        role="organising",
        aliases=("主办", "承办", "联办", "组织方", "主办方", "牵头实施", "实施"),
    ),
    RelationKind(
        "takes_part_in",
        "参与",
        "takes part in",
        [(ANY, ACTIVITY), (ANY, PROJECT)],
        role="participation",
        aliases=("参加", "参与方", "出席", "参会"),
    ),
    RelationKind(
        "funds",
        "资助",
        "funds",
        [(ANY, ACTIVITY), (ANY, PROJECT)],
        role="funding",
        aliases=("出资", "赞助", "捐赠", "资金支持", "出资方"),
    ),
    RelationKind(
        "serves_in",
        "参与服务",
        "serves in",
        [(ANY, ACTIVITY), (ANY, PROJECT)],
        role="serving_in",
        aliases=("驻场服务", "志愿服务于", "服务方"),
    ),
    RelationKind(
        "answers",
        "回应需求",
        "answers",
        [(PROJECT, NEED)],
        role="answer",
        aliases=("回应", "解决需求", "对应需求"),
    ),
    RelationKind("uses", "使用资源", "uses", [(PROJECT, RESOURCE)], role="use", aliases=("使用", "利用资源")),
    RelationKind("offers", "提供", "offers", [(ANY, RESOURCE)], role="offer"),
    RelationKind("raised", "提出", "raised", [(ANY, NEED)], role="request"),
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
