"""From the records of every sheet to the four tables: partners, the ties their rows name, needs and
resources."""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from collections.abc import Collection, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from govgraph.errors import Problem, shortened
from govgraph.io.ledger.records import Log, Origin, Record, cell_text
from govgraph.io.ledger.words import ACTIVITIES, NEEDS, PARTNERS, PROJECTS, RESOURCES
from govgraph.model.schema import Schema

__all__ = ["Builder"]

#: What separates the items of a list in a cell: 1号楼、2号楼；3号楼 / 4号楼.
LIST_SEPARATORS = re.compile(r"[、,，;；/／|\s]+")
#: Capacity written in words: 每月10人次, 每天30份, 每周2次, 10人次/月.
_CAPACITY = re.compile(
    r"(?:每(?P<per>月|周|天|日|年)\s*(?P<n>\d+)|(?P<m>\d+)\s*(?:人次|次|份|人|户|个|单)?\s*[/每]\s*(?P<per2>月|周|天|日|年))"
)
_PER_MONTH = {"月": 1.0, "周": 4.0, "天": 30.0, "日": 30.0, "年": 1 / 12}
_NUMBER_WITH_UNIT = re.compile(r"^([+-]?\d+)\s*(户|人|岁|人次|次|份|个|间|套|名|位|栋|家)?$")
_YES = {"是", "有", "√", "✓", "✔", "y", "yes", "true", "1", "对"}
_NO = {"否", "无", "没有", "×", "✗", "n", "no", "false", "0", "不是"}
_CN_DIGITS = {
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_WHOLE_COMMUNITY = ("全社区", "本社区", "社区", "全部", "全体居民", "辖区")


_PARTNER_COLUMNS = ("id", "kind", "name", "community", "grid", "households")
#: The columns of an activity or project sheet that name partners, with the role of the link each makes.
_TAKING_PART = (
    ("organisers", "organising"),
    ("participants", "participation"),
    ("servers", "serving_in"),
    ("funders", "funding"),
)
_BUDGET = re.compile(r"^([0-9]+(?:\.[0-9]+)?)\s*(万)?\s*元?$")


class Builder:
    """Partners, relations, needs and resources from the records of every sheet, with their origins."""

    def __init__(self, path: Path, schema: Schema, log: Log, community: str | None):
        self.path, self.schema, self.log = path, schema, log
        self.community_name = community
        self.rows: dict[str, list[dict[str, Any]]] = {
            t: [] for t in ("partners", "relations", "needs", "resources", "activities", "projects")
        }
        self.origins: dict[str, list[Origin]] = {t: [] for t in self.rows}
        self.problems: list[Problem] = []
        self.partner_at: dict[str, dict[str, Any]] = {}
        self.ids_of_kind: dict[str, list[str]] = {}
        self.names: dict[str, dict[str, list[str]]] = {}  # kind -> name key -> ids
        self.listed_kinds: set[str] = set()  # kinds some sheet lists
        self.relation_keys: set[tuple[str, str, str]] = set()
        self.used_ids: set[str] = set()
        levels = {level: schema.kinds_at(level) for level in ("community", "grid", "building")}
        self.community_kind = levels["community"][0] if levels["community"] else None
        self.grid_kinds = levels["grid"]
        self.building_kinds = levels["building"]
        self.branch_kinds = schema.kinds_with("grid_party")
        self.resident_kind = _first(schema.kinds_with("resident"))

    # -- the whole build -------------------------------------------------------

    def build(self, records: list[Record]) -> None:
        self.listed_kinds = {r.role for r in records if r.role in self.schema.kinds}
        self.default_community = self._default_community(records)
        order = {
            k: i
            for i, k in enumerate(
                (
                    *([self.community_kind] if self.community_kind else []),
                    *self.grid_kinds,
                    *self.building_kinds,
                    *self.branch_kinds,
                )
            )
        }
        partner_records = sorted(
            (r for r in records if r.role in self.schema.kinds or r.role == PARTNERS),
            key=lambda r: order.get(r.role, len(order)),
        )
        created = [(r, p) for r in partner_records if (p := self._partner(r)) is not None]
        for record, partner in created:
            self._places_of(record, partner)
        for record, partner in created:
            self._ties_of(record, partner)
        for record in records:
            if record.role == NEEDS:
                self._need(record)
            elif record.role == RESOURCES:
                self._resource_row(record)
        for record in records:  # after the needs and resources a project may answer and use
            if record.role in (ACTIVITIES, PROJECTS):
                self._taking_part(record)
        self._nest_places()

    def tables(self) -> dict[str, pd.DataFrame]:
        frames = {}
        for name, rows in self.rows.items():
            first = {
                "partners": _PARTNER_COLUMNS,
                "relations": ("source", "target", "relation"),
                "needs": ("id", "requester", "category"),
                "resources": ("id", "provider", "category", "capacity"),
                "activities": ("id", "name", "kind"),
                "projects": ("id", "name", "status"),
            }[name]
            columns = list(dict.fromkeys([*first, *(k for row in rows for k in row)]))
            frame = pd.DataFrame(rows, columns=columns, dtype=object)
            for column in columns[len(first) :]:
                self._as_text_when_mixed(name, frame, column)
            frames[name] = frame
        return frames

    def _as_text_when_mixed(self, table: str, frame: pd.DataFrame, column: str) -> None:
        """A kept column of numbers and text (门牌号 301 and "101"), as a spreadsheet holds it: all text."""
        values = frame[column]
        numbers = values.map(
            lambda v: isinstance(v, (int, float)) and not isinstance(v, bool) and not pd.isna(v)
        )
        if not (numbers.any() and values.map(lambda v: isinstance(v, str)).any()):
            return
        frame[column] = values.where(~numbers, values[numbers].map(cell_text))
        origins = self.origins[table]
        for sheet in dict.fromkeys(origins[i].sheet for i in np.flatnonzero(numbers.to_numpy())):
            header = next((o.headers.get(column, column) for o in origins if o.sheet == sheet), column)
            self.log.add(
                sheet,
                None,
                header,
                "normalise",
                "这一列数字和文字混排，数字按文字保存",
                "numbers and text in one column: the numbers are kept as text",
            )

    # -- partners ------------------------------------------------------------------

    def _default_community(self, records: list[Record]) -> str | None:
        if self.community_kind is None:
            return None
        name = self.community_name
        how = ("按参数指定", "as given")
        if name is None:
            hints = [r.community_hint for r in records if r.community_hint]
            if hints:
                name, how = hints[0], ("取自表格标题", "from a sheet's title")
        if name is None and any(r.value("community") for r in records):
            return None  # every row says its own
        if name is None:
            name, how = (
                re.sub(r"(台账|模板|花名册)$", "", self.path.stem) or self.path.stem,
                ("取自文件名", "from the file's name"),
            )
        identifier = self._community_id(name)
        self.log.add("", None, None, "infer", f"社区：{name}（{how[0]}）", f"community: {name} ({how[1]})")
        return identifier

    def _community_id(self, name: str) -> str:
        assert self.community_kind is not None
        found = self._find((self.community_kind,), name, community=None)
        if found:
            return found
        origin = Origin("", 0, {})
        return self._add_partner(self.community_kind, name, None, origin, {"name": name})

    def _partner(self, record: Record) -> dict[str, Any] | None:
        kind = record.role
        if kind == PARTNERS:
            written = record.value("kind")
            kind = self.schema.kind_words.resolve(written) or ""
            if not kind:
                near = self.schema.kind_words.nearest(str(written or ""))
                self._problem(
                    record,
                    record.header("kind"),
                    f"unknown partner kind {shortened(written)!r}"
                    + (f"; did you mean {' or '.join(near)}?" if near else ""),
                    f"不认识的合伙人类型“{shortened(written or '')}”"
                    + (
                        "；您是不是指："
                        + "、".join(self.schema.kind_words.nearest(str(written), lang="zh"))
                        + "？"
                        if near
                        else "；请从下拉列表中选择"
                    ),
                )
                return None
        kind_type = record.value("type")
        typed = self.schema.kind_words.find_in(kind_type) if isinstance(kind_type, str) else None
        if typed is not None and typed != kind and self.schema.level_of(typed) is None:
            kind = typed  # 类型 律师事务所 on the 社会组织 sheet: a professional
            self.log.add(
                record.sheet,
                record.row,
                record.header("type"),
                "infer",
                f"类型“{kind_type}”→ {self.schema.kinds[kind].label_zh}",
                f"type {kind_type!r}: a {kind}",
            )
        name = record.value("name")
        identifier = record.value("id")
        headers = {f: h for f, (_, h) in record.fields.items()}
        origin = Origin(
            record.sheet, record.row, {**headers, "id": headers.get("id", headers.get("name", "id"))}
        )
        row: dict[str, Any] = {"name": name}
        community = self._community_of(record)
        households = self._whole(record, "households")
        if households is not None:
            row["households"] = households
        for field_name in ("phone", "age", "elderly", "disabled", "living_alone", "address", "type"):
            value = record.value(field_name)
            if value is None:
                continue
            if field_name in ("elderly", "disabled", "living_alone"):
                value = self._yes_no(record, field_name)
            elif field_name == "age":
                value = self._whole(record, "age")
            row[field_name] = value
        for header, value in record.attributes.items():
            row[header] = value
            origin.headers.setdefault(header, header)
        identifier = self._add_partner(
            kind, row.get("name"), identifier, origin, row, community=community, record=record
        )
        return self.partner_at[identifier]

    def _add_partner(
        self,
        kind: str,
        name: object,
        identifier: object,
        origin: Origin,
        row: dict[str, Any],
        *,
        community: str | None = None,
        record: Record | None = None,
    ) -> str:
        if identifier is not None:
            given = str(identifier)
            identifier = re.sub(r"\s+", "", unicodedata.normalize("NFKC", given))
            if identifier != given and record is not None:
                self.log.add(
                    record.sheet,
                    record.row,
                    record.header("id"),
                    "normalise",
                    "编号中的空格和全角字符已去除",
                    "spaces and full-width characters removed from the id",
                    given,
                    identifier,
                )
        else:
            label = self.schema.kinds[kind].label_zh
            if kind in self.schema.kinds_with("resident") or name is None:
                base = f"{label}-{origin.sheet}-{origin.row}"  # a resident's name never goes into an id
            else:
                base = f"{label}-{name}"
            identifier, n = base, 1
            while identifier in self.used_ids:
                n += 1
                identifier = f"{base}-{n}"
            if record is not None:
                self.log.add(
                    record.sheet,
                    record.row,
                    None,
                    "id",
                    f"生成编号“{identifier}”",
                    f"id {identifier!r} generated from kind and name (a resident's from sheet and row)",
                    None,
                    identifier,
                )
        self.used_ids.add(str(identifier))
        full = {"id": identifier, "kind": kind, **row}
        if community is None and kind != self.community_kind:
            community = self.default_community
        if kind == self.community_kind:
            community = str(identifier)
        full["community"] = community
        full.setdefault("name", name)
        self.rows["partners"].append(full)
        self.origins["partners"].append(origin)
        self.partner_at[str(identifier)] = full
        self.ids_of_kind.setdefault(kind, []).append(str(identifier))
        for key in _name_keys(full.get("name"), kind, self.schema) | _name_keys(
            str(identifier), kind, self.schema
        ):
            self.names.setdefault(kind, {}).setdefault(key, [])
            if str(identifier) not in self.names[kind][key]:
                self.names[kind][key].append(str(identifier))
        return str(identifier)

    def _partners_of(self, kinds: Iterable[str]) -> Iterator[tuple[str, dict[str, Any]]]:
        """Every partner of these kinds so far, with its id."""
        for kind in kinds:
            for identifier in self.ids_of_kind.get(kind, ()):
                yield identifier, self.partner_at[identifier]

    def _community_of(self, record: Record) -> str | None:
        name = record.value("community")
        if name is None or self.community_kind is None:
            return self.default_community
        return self._community_id(str(name))

    # -- references ----------------------------------------------------------------

    def _find(self, kinds: Collection[str], text: object, community: object) -> str | None:
        """The id of the one partner of these kinds this text names (an id or a name), within the community
        first."""
        if text is None:
            return None
        text = str(text)
        if text in self.partner_at and self.partner_at[text]["kind"] in kinds:
            return text
        found: list[str] = []
        for kind in kinds:
            for key in _name_keys(text, kind, self.schema):
                found += [i for i in self.names.get(kind, {}).get(key, []) if i not in found]
        if community is not None and len(found) > 1:
            local = [i for i in found if self.partner_at[i].get("community") == community]
            found = local or found
        return found[0] if len(found) == 1 else None

    def _ambiguous(self, kinds: Iterable[str], text: str) -> list[str]:
        found = []
        for kind in kinds:
            for key in _name_keys(text, kind, self.schema):
                found += self.names.get(kind, {}).get(key, [])
        return sorted(set(found))

    def _place(
        self,
        kinds: tuple[str, ...],
        text: object,
        record: Record,
        field_name: str,
        community: str | None,
        *,
        grid: str | None = None,
    ) -> str | None:
        """A place (grid, building) by name; created when no sheet lists places of its kind."""
        if text is None or not kinds:
            return None
        found = self._find(kinds, text, community)
        if found:
            return found
        header = record.header(field_name)
        label = self.schema.kinds[kinds[0]].label_zh
        if len(self._ambiguous(kinds, str(text))) > 1:
            self._problem(
                record,
                header,
                f"{shortened(text)!r} names more than one {kinds[0]}; use its id",
                f"“{shortened(text)}”对应多个{label}；请改填编号",
            )
            return None
        if any(k in self.listed_kinds for k in kinds):
            near = self._nearest(kinds, str(text))
            hint_en = (
                f"; did you mean {' or '.join(near)}?" if near else f"; add it to the {label} sheet first"
            )
            hint_zh = f"；您是不是指：{'、'.join(near)}？" if near else f"；请先在{label}表中添加它"
            self._problem(
                record,
                header,
                f"{shortened(text)!r} is not on the {label} sheet{hint_en}",
                f"“{shortened(text)}”不在{label}表中{hint_zh}",
            )
            return None
        row: dict[str, Any] = {"name": str(text)}
        if grid is not None and kinds == self.building_kinds:
            row["grid"] = grid
        identifier = self._add_partner(
            kinds[0],
            str(text),
            None,
            Origin(record.sheet, record.row, {"name": header, "id": header}),
            row,
            community=community,
        )
        self.log.add(
            record.sheet,
            record.row,
            header,
            "create",
            f"表中没有{label}表，按名称新建{label}“{text}”（编号 {identifier}）",
            f"no {kinds[0]} sheet: {kinds[0]} {text!r} created (id {identifier!r})",
            text,
            identifier,
        )
        return identifier

    def _nearest(self, kinds: Collection[str], text: str) -> list[str]:
        names = {str(p.get("name")): i for i, p in self._partners_of(kinds) if p.get("name")}
        return difflib.get_close_matches(text, list(names), n=2, cutoff=0.5)

    def _problem(self, record: Record, column: str | None, message: str, zh: str) -> None:
        self.problems.append(Problem(f"{self.path.name}[{record.sheet}]", record.row, column, message, zh))
        self.log.add(record.sheet, record.row, column, "problem", zh, message)

    def _relate(
        self, source: str, target: str, role: str | tuple[str, ...], record: Record, header: str
    ) -> str | None:
        """A relation of the first kind with this role the schema allows between the two partners (its kind;
        None, with a problem, when none is allowed)."""
        roles = (role,) if isinstance(role, str) else role
        source_kind = str(self.partner_at[source]["kind"])
        target_kind = str(self.partner_at[target]["kind"])
        for relation in self.schema.relations_with(*roles):
            if self.schema.allows(relation, source_kind, target_kind):
                key = (source, target, relation)
                if key not in self.relation_keys:
                    self.relation_keys.add(key)
                    self.rows["relations"].append({"source": source, "target": target, "relation": relation})
                    self.origins["relations"].append(
                        Origin(
                            record.sheet, record.row, {"source": header, "target": header, "relation": header}
                        )
                    )
                return relation
        zh_source, zh_target = (
            self.schema.kinds[source_kind].label_zh,
            self.schema.kinds[target_kind].label_zh,
        )
        self._problem(
            record,
            header,
            f"a {source_kind} cannot be tied to a {target_kind} this way",
            f"{zh_source}与{zh_target}之间不能建立这种关系",
        )
        return None

    # -- what each partner's row says -----------------------------------------------

    def _places_of(self, record: Record, partner: dict[str, Any]) -> None:
        """The grid the partner belongs to (its ``grid`` column)."""
        community = partner.get("community")
        text = record.value("parent_grid") if partner["kind"] in self.grid_kinds else None
        text = text if text is not None else record.value("grid")
        field_name = "parent_grid" if record.value("parent_grid") is not None else "grid"
        if text is None or not self.grid_kinds:
            return
        if partner["kind"] in self.branch_kinds:  # a branch's grid is the grid it leads
            for name in _items(str(text)):
                grid = self._place(self.grid_kinds, name, record, "grid", community)
                if grid:
                    self._relate(str(partner["id"]), grid, "leadership", record, record.header("grid"))
            return
        grid = self._place(self.grid_kinds, text, record, field_name, community)
        if grid and grid != partner["id"]:
            partner["grid"] = grid

    def _ties_of(self, record: Record, partner: dict[str, Any]) -> None:
        identifier, kind = str(partner["id"]), str(partner["kind"])
        community = partner.get("community")
        grid = partner.get("grid")
        is_place = kind in self.grid_kinds or kind in self.building_kinds or kind == self.community_kind
        for text in _listed(record, "buildings", self.log):
            building = self._place(
                self.building_kinds,
                text,
                record,
                "buildings",
                community,
                grid=identifier if kind in self.grid_kinds else None,
            )
            if building is None:
                continue
            if kind in self.grid_kinds:
                self.partner_at[building].setdefault("grid", identifier)
                if not self.partner_at[building].get("grid"):
                    self.partner_at[building]["grid"] = identifier
            else:
                self._relate(
                    identifier,
                    building,
                    ("responsibility", "service"),
                    record,
                    record.header("buildings"),
                )
        building_text = record.value("building")
        if building_text is not None and not is_place:
            building = self._place(
                self.building_kinds, building_text, record, "building", community, grid=grid
            )
            if building:
                self._relate(
                    identifier, building, ("residence", "location"), record, record.header("building")
                )
        address = record.value("address")
        if isinstance(address, str) and building_text is None and not is_place:
            building = self._building_in(address, community)
            if building:
                relation = self._relate(
                    identifier, building, ("residence", "location"), record, record.header("address")
                )
                lives = relation in self.schema.relations_with("residence")
                self.log.add(
                    record.sheet,
                    record.row,
                    record.header("address"),
                    "infer",
                    f"地址中有楼栋“{self.partner_at[building]['name']}”→ {'住在' if lives else '位于'}该楼栋",
                    f"the address names building {building!r}: {'lives' if lives else 'located'} in it",
                    address,
                    building,
                )
        leader = record.value("leader")
        if leader is not None and kind in self.grid_kinds:
            for name in _items(str(leader)):
                person = self._find(self.schema.kinds_with("worker", "party_member"), name, community)
                if person is None:
                    worker = _first(self.schema.kinds_with("worker"))
                    person = self._add_partner(
                        worker,
                        name,
                        None,
                        Origin(
                            record.sheet,
                            record.row,
                            {"name": record.header("leader"), "id": record.header("leader")},
                        ),
                        {"name": name, "grid": identifier},
                        community=community,
                    )
                    self.log.add(
                        record.sheet,
                        record.row,
                        record.header("leader"),
                        "create",
                        f"网格长“{name}”不在任何名册中，按网格员新建",
                        f"grid leader {name!r} is on no roster: created as a grid worker",
                        name,
                        person,
                    )
                self._relate(person, identifier, "leadership", record, record.header("leader"))
        branch = record.value("branch")
        if branch is not None and self.branch_kinds:
            for name in _items(str(branch)):
                found_branch = self._find(self.branch_kinds, name, community)
                if found_branch is None:
                    found_branch = self._add_partner(
                        self.branch_kinds[0],
                        name,
                        None,
                        Origin(
                            record.sheet,
                            record.row,
                            {"name": record.header("branch"), "id": record.header("branch")},
                        ),
                        {"name": name},
                        community=community,
                    )
                    self.log.add(
                        record.sheet,
                        record.row,
                        record.header("branch"),
                        "create",
                        f"党支部“{name}”不在任何表中，已新建",
                        f"branch {name!r} created",
                        name,
                        found_branch,
                    )
                    self._branch_grid(found_branch, record)
                self._relate(identifier, found_branch, "membership", record, record.header("branch"))
        scope = record.value("scope")
        if scope is not None:
            self._scope(record, identifier, str(scope), community)
        services = record.value("services")
        if services is not None:
            partner["services"] = services
            items = self._services(str(services))
            for item in items:
                capacity = self._capacity(record, item, column=len(items) == 1)
                self._resource(record, identifier, item, record.header("services"), capacity)

    def _building_in(self, address: str, community: str | None) -> str | None:
        """The building an address names: a known building's name in it (the longest), or its number."""
        text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", address))
        named = [
            (len(str(p.get("name"))), i)
            for i, p in self._partners_of(self.building_kinds)
            if p.get("community") == community
            and len(str(p.get("name") or "")) > 1
            and str(p.get("name")) in text
        ]
        if named:
            return max(named)[1]
        found = re.search(r"(\d+)\s*(号楼|栋|幢|#)", text)
        return self._find(self.building_kinds, found.group(0), community) if found else None

    def _branch_grid(self, branch: str, record: Record) -> None:
        """A branch named after a grid (第一网格党支部) leads that grid."""
        name = str(self.partner_at[branch].get("name") or "")
        community = self.partner_at[branch].get("community")
        grids = [
            i
            for i, p in self._partners_of(self.grid_kinds)
            if p.get("community") == community
            and len(str(p.get("name") or "")) > 1
            and str(p.get("name")) in name
        ]
        if len(grids) == 1:
            self.partner_at[branch]["grid"] = grids[0]
            self._relate(branch, grids[0], "leadership", record, record.header("branch"))
            self.log.add(
                record.sheet,
                record.row,
                record.header("branch"),
                "infer",
                f"党支部“{name}”按名称领导网格“{self.partner_at[grids[0]]['name']}”",
                f"branch {name!r} leads the grid its name names",
                name,
                grids[0],
            )

    def _services(self, text: str) -> list[str]:
        """The services a cell lists (养老助老、理发，每月10人次): a piece naming no category but a number
        (每月10人次) belongs to the service before it."""
        items: list[str] = []
        for piece in re.split(r"[、,，;；\n/／|]+", text):
            piece = piece.strip()
            if not piece:
                continue
            names_none = self.schema.taxonomy.words.find_in(piece) is None
            if items and names_none and re.search(r"\d", piece):
                items[-1] = f"{items[-1]}，{piece}"
            else:
                items.append(piece)
        return items

    def _scope(self, record: Record, identifier: str, scope: str, community: str | None) -> None:
        header = record.header("scope")
        if scope.replace(" ", "") in _WHOLE_COMMUNITY or scope.endswith("社区"):
            target = community or self.default_community
            if target:
                self._relate(identifier, target, "service", record, header)
            return
        for name in _items(scope):
            place = self._find((*self.grid_kinds, *self.building_kinds), name, community)
            if place is None:
                place = self._place(self.grid_kinds, name, record, "scope", community)
            if place:
                self._relate(identifier, place, "service", record, header)

    # -- needs and resources ---------------------------------------------------------

    def _need(self, record: Record) -> None:
        community = self._community_of(record)
        headers = {f: h for f, (_, h) in record.fields.items()}
        origin = Origin(record.sheet, record.row, {**headers, "id": headers.get("id", "id")})
        identifier = self._record_id(record, f"{record.sheet}-{record.row}")
        building_text = record.value("building")
        building = None
        if building_text is not None:
            building = self._place(self.building_kinds, building_text, record, "building", community)
        elif isinstance(address := record.value("address"), str):
            building = self._building_in(address, community)
        requester = self._requester(record, community, building)
        row: dict[str, Any] = {"id": identifier, "requester": requester}
        category = record.value("category")
        description = record.value("description")
        if category is None and isinstance(description, str):
            inferred = self.schema.taxonomy.words.find_in(description)
            if inferred:
                category = inferred
                self.log.add(
                    record.sheet,
                    record.row,
                    record.header("description"),
                    "infer",
                    f"按诉求内容推断类别：{self.schema.taxonomy.label(inferred)}",
                    f"category inferred from the description: {inferred}",
                    description,
                    inferred,
                )
                origin.headers["category"] = record.header("description")
        row["category"] = category
        need_fields = (
            "urgency", "status", "created_at", "responded_at", "resolved_at", "solved", "satisfaction",
            "description",
        )  # fmt: skip
        for field_name in need_fields:
            value = record.value(field_name)
            if value is not None:
                row[field_name] = value
        handler = record.value("handler")
        if handler is not None:
            person = self._find([k for k in self.schema.kinds if k != self.resident_kind], handler, community)
            if person:
                row["handled_by"] = person
            else:
                row["handler"] = handler
                self.log.add(
                    record.sheet,
                    record.row,
                    record.header("handler"),
                    "infer",
                    "承办人不在任何名册中，按文字保留",
                    "the handler is on no roster: kept as text",
                    handler,
                )
        for header, value in record.attributes.items():
            row[header] = value
            origin.headers.setdefault(header, header)
        self.rows["needs"].append(row)
        self.origins["needs"].append(origin)

    def _taking_part(self, record: Record) -> None:
        """An activity (活动台账) or a project (项目清单): its row, and a link from each partner it names
        and, for a project, to each need it answers and resource it uses."""
        table = record.role
        community = self._community_of(record)
        headers = {f: h for f, (_, h) in record.fields.items()}
        prefix = "活动" if table == ACTIVITIES else "项目"
        identifier = self._record_id(record, f"{prefix}-{record.sheet}-{record.row}")
        row: dict[str, Any] = {"id": identifier}
        own = ("name", "kind", "date", "end") if table == ACTIVITIES else ("name", "status", "start", "end")
        for field_name in own:
            if record.value(field_name) is not None:
                row[field_name] = record.value(field_name)
        if table == PROJECTS and record.value("budget") is not None:
            row["budget"] = self._budget(record)
        place_text = record.value("place")
        if place_text is not None:
            kinds = tuple(k for k in self.schema.kinds if self.schema.level_of(k) is not None)
            place = self._find(kinds, place_text, community)
            if place is None and community is not None and str(place_text) in _WHOLE_COMMUNITY:
                place = community
            if place is None:
                near = self._nearest(kinds, str(place_text))
                self._problem(
                    record,
                    record.header("place"),
                    f"place {shortened(place_text)!r} is no community, grid or building on the sheets"
                    + (f"; did you mean {' or '.join(near)}?" if near else ""),
                    f"地点“{shortened(place_text)}”不是表中的社区、网格或楼栋"
                    + (f"；您是不是指：{'、'.join(near)}？" if near else "；请填写网格或楼栋的名称"),
                )
            row["place"] = place
        for header, value in record.attributes.items():
            row[header] = value
            headers.setdefault(header, header)
        self.rows[table].append(row)
        headers["id"] = headers.get("id", "id")
        self.origins[table].append(Origin(record.sheet, record.row, headers))
        partners = tuple(self.schema.kinds)
        for field_name, role in _TAKING_PART:
            for name in _items(str(record.value(field_name) or "")):
                partner = self._find(partners, name, community)
                if partner is None:
                    near = self._nearest(partners, name)
                    self._problem(
                        record,
                        record.header(field_name),
                        f"{shortened(name)!r} is on no roster"
                        + (f"; did you mean {' or '.join(near)}?" if near else "; add it to a roster first"),
                        f"“{shortened(name)}”不在任何名册中"
                        + (f"；您是不是指：{'、'.join(near)}？" if near else "；请先在相应名册中添加它"),
                    )
                    continue
                self._link(partner, identifier, role, record, field_name)
        if table == PROJECTS:
            needs = {str(n["id"]): str(n["id"]) for n in self.rows["needs"]}
            resources = {str(r["id"]): str(r["id"]) for r in self.rows["resources"]}
            resources.update({str(r["name"]): str(r["id"]) for r in self.rows["resources"] if r.get("name")})
            for field_name, role, known, what, what_zh in (
                ("needs_answered", "answer", needs, "need", "需求"),
                ("resources_used", "use", resources, "resource", "资源"),
            ):
                for item in _items(str(record.value(field_name) or "")):
                    if item in known:
                        self._link(identifier, known[item], role, record, field_name)
                    else:
                        self._problem(
                            record,
                            record.header(field_name),
                            f"{shortened(item)!r} is no {what} of the ledger; write its number (编号)",
                            f"“{shortened(item)}”不是台账中任何{what_zh}的编号；请填写{what_zh}编号",
                        )

    def _record_id(self, record: Record, default: str) -> str:
        """The id of a need, activity or project row: its id column without spaces, or ``default``; made
        unique by its sheet and row when taken."""
        given = record.value("id")
        identifier = re.sub(r"\s+", "", str(given)) if given is not None else default
        if identifier in self.used_ids:
            identifier = f"{identifier}@{record.sheet}-{record.row}"
        self.used_ids.add(identifier)
        return identifier

    def _link(self, source: str, target: str, role: str, record: Record, field_name: str) -> None:
        (relation, *_) = self.schema.relations_with(role)
        header = record.header(field_name)
        self.rows["relations"].append({"source": source, "target": target, "relation": relation})
        self.origins["relations"].append(
            Origin(record.sheet, record.row, {"source": header, "target": header, "relation": header})
        )

    def _budget(self, record: Record) -> object:
        """A budget as written in a ledger: 120000, 12万, 12万元, 1,200元 (in yuan)."""
        value = record.value("budget")
        if not isinstance(value, str):
            return value
        found = _BUDGET.fullmatch(value.replace(",", "").replace("，", "").strip())
        if not found:
            return value  # validation names the cell
        number = float(found.group(1)) * (10_000 if found.group(2) else 1)
        yuan = int(number) if number.is_integer() else number
        self.log.add(
            record.sheet, record.row, record.header("budget"), "normalise", f"“{value}”→ {yuan} 元",
            f"{value!r} -> {yuan} yuan", value, yuan,
        )  # fmt: skip
        return yuan

    def _requester(self, record: Record, community: str | None, building: str | None) -> str | None:
        if self.resident_kind is None:
            return None
        name = record.value("requester")
        header = record.header("requester")
        if name is not None:
            kinds = tuple(self.schema.kinds)
            found = self._find((self.resident_kind,), name, community) or self._find(kinds, name, community)
            if found and (
                building is None
                or self._lives_in(found, building)
                or self.partner_at[found]["kind"] != self.resident_kind
            ):
                return found
        label = (
            str(name)
            if name is not None
            else f"{self.partner_at[building]['name']}居民"
            if building
            else "未具名居民"
        )
        if name is None:
            existing = self._find((self.resident_kind,), label, community)
            if existing:
                return existing
        row = {"name": label}
        requester = self._add_partner(
            self.resident_kind,
            label,
            None,
            Origin(record.sheet, record.row, {"name": header, "id": header}),
            row,
            community=community,
        )
        phone = record.value("phone")
        if phone is not None:
            self.partner_at[requester]["phone"] = phone
        if building:
            self._relate(requester, building, "residence", record, record.header("building"))
        why = "不在居民名册中" if name is not None else "诉求人未填写"
        self.log.add(
            record.sheet,
            record.row,
            header,
            "create",
            f"诉求人{why}，新建居民“{label}”" + ("，住在诉求所在楼栋" if building else ""),
            f"requester {'not on a roster' if name is not None else 'not given'}: resident {label!r} created",
            name,
            requester,
        )
        return requester

    def _lives_in(self, person: str, building: str) -> bool:
        return any(
            (person, building, r) in self.relation_keys for r in self.schema.relations_with("residence")
        )

    def _resource_row(self, record: Record) -> None:
        provider_text = record.value("provider")
        community = self._community_of(record)
        if provider_text is None:
            self._problem(
                record, record.header("provider"), "a resource needs a provider", "资源须填写提供方"
            )
            return
        provider = self._find(tuple(self.schema.kinds), provider_text, community)
        if provider is None:
            near = self._nearest(tuple(self.schema.kinds), str(provider_text))
            hint = f"；您是不是指：{'、'.join(near)}？" if near else "；请先在相应名册中添加它"
            self._problem(
                record,
                record.header("provider"),
                f"provider {shortened(provider_text)!r} is on no sheet"
                + (f"; did you mean {' or '.join(near)}?" if near else ""),
                f"提供方“{shortened(provider_text)}”不在任何名册中{hint}",
            )
            return
        field_name = "category" if record.value("category") is not None else "name"
        self._resource(
            record,
            provider,
            str(record.value(field_name) or ""),
            record.header(field_name),
            self._capacity(record),
            name=record.value("name"),
            attributes=record.attributes,
            strict=True,
        )

    def _capacity(self, record: Record, text: object = None, *, column: bool = True) -> int | object | None:
        """A capacity a month: from 每月10人次 / 每周3次 / 10人次/月 in ``text``, else the capacity column."""
        sources = [(text, None)] + ([(record.value("capacity"), record.header("capacity"))] if column else [])
        for source, header in sources:
            if source is None:
                continue
            found = _CAPACITY.search(unicodedata.normalize("NFKC", str(source)))
            if found:
                number = int(found.group("n") or found.group("m"))
                per = found.group("per") or found.group("per2")
                capacity = max(1, math.ceil(number * _PER_MONTH[per])) if number else 0
                note = "" if per == "月" else f"，折合每月 {capacity}"
                self.log.add(
                    record.sheet,
                    record.row,
                    header or record.header("services"),
                    "normalise",
                    f"服务数量“{found.group(0)}”{note}",
                    f"capacity {found.group(0)!r}: {capacity} a month",
                    source,
                    capacity,
                )
                return capacity
            if header is not None:
                return self._whole(record, "capacity")
        return None

    def _resource(
        self,
        record: Record,
        provider: str,
        item: str,
        header: str,
        capacity: int | object | None,
        *,
        name: object = None,
        attributes: Mapping[str, object] | None = None,
        strict: bool = False,
    ) -> None:
        """A resource of ``provider``; a free-text service whose category no word names is logged, not kept
        (``strict``: kept, for validation to report with the nearest categories)."""
        words = self.schema.taxonomy.words
        category = words.resolve(item) or words.find_in(item)
        if category is None and not strict:
            self.log.add(
                record.sheet,
                record.row,
                header,
                "problem",
                f"服务“{item}”对应不到任何类别，未作为资源导入（原文保留在 services 列）；"
                "可改写为常用说法（如 维修、理发、养老助老），或在映射文件 [aliases.category] 中说明",
                f"service {item!r} names no category: not made a resource (the text is kept in the "
                "services column); use a common word or add it to the mapping's [aliases.category]",
                item,
            )
            return
        if category and words.resolve(item) is None:
            self.log.add(
                record.sheet,
                record.row,
                header,
                "infer",
                f"“{item}”→ 类别 {self.schema.taxonomy.label(category)}",
                f"{item!r}: category {category}",
                item,
                category,
            )
        if capacity is None:
            capacity = 1
            self.log.add(
                record.sheet,
                record.row,
                header,
                "infer",
                "未写服务数量，按每月 1 次计；可写“每月10人次”",
                "no capacity given: 1 a month assumed (write 每月10人次 to say more)",
                item,
                1,
            )
        provider_name = self.partner_at[provider].get("name") or provider
        base = f"资源-{provider_name}-{words[category].label_zh if category else item}"
        identifier, n = base, 1
        while identifier in self.used_ids:
            n += 1
            identifier = f"{base}-{n}"
        self.used_ids.add(identifier)
        row: dict[str, Any] = {
            "id": identifier,
            "provider": provider,
            "category": category or item,
            "capacity": capacity,
            "name": name if name is not None else item,
        }
        for key, value in (attributes or {}).items():
            row[key] = value
        self.rows["resources"].append(row)
        capacity_header = record.header("capacity") if "capacity" in record.fields else header
        self.origins["resources"].append(
            Origin(
                record.sheet,
                record.row,
                {
                    "id": header,
                    "category": header,
                    "capacity": capacity_header,
                    "provider": record.header("provider"),
                    "name": header,
                    **{k: k for k in (attributes or {})},
                },
            )
        )

    # -- places inside places ---------------------------------------------------------

    def _nest_places(self) -> None:
        """Nesting relations for the places: a building in its grid, a grid in its grid or community."""
        nesting = self.schema.relations_with("nesting")
        for row, origin in zip(list(self.rows["partners"]), list(self.origins["partners"])):
            kind = str(row["kind"])
            outer = None
            if kind in self.building_kinds or kind in self.grid_kinds:
                outer = row.get("grid") or (row.get("community") if kind in self.grid_kinds else None)
            if not outer or outer == row["id"] or str(outer) not in self.partner_at:
                continue
            outer_kind = str(self.partner_at[str(outer)]["kind"])
            for relation in nesting:
                if self.schema.allows(relation, kind, outer_kind):
                    key = (str(row["id"]), str(outer), relation)
                    if key not in self.relation_keys:
                        self.relation_keys.add(key)
                        self.rows["relations"].append(
                            {"source": row["id"], "target": outer, "relation": relation}
                        )
                        self.origins["relations"].append(
                            Origin(origin.sheet, origin.row, {"target": origin.headers.get("grid", "grid")})
                        )
                    break

    # -- values -------------------------------------------------------------------

    def _whole(self, record: Record, field_name: str) -> object:
        value = record.value(field_name)
        if isinstance(value, str):
            found = _NUMBER_WITH_UNIT.fullmatch(value.replace(",", ""))
            if found:
                number = int(found.group(1))
                if found.group(2):
                    self.log.add(
                        record.sheet,
                        record.row,
                        record.header(field_name),
                        "normalise",
                        f"“{value}”→ {number}",
                        f"{value!r} -> {number}",
                        value,
                        number,
                    )
                return number
        return value

    def _yes_no(self, record: Record, field_name: str) -> object:
        value = record.value(field_name)
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in _YES:
            return True
        if text in _NO:
            return False
        return value


def _first(values: Iterable[str]) -> str:
    return next(iter(values), "")


def _items(text: str) -> list[str]:
    """The items of a list written in one cell: 1号楼、2号楼；3号楼."""
    return [item.strip() for item in re.split(LIST_SEPARATORS, text) if item.strip()]


_RANGE = re.compile(r"^(\d+)\s*(?:号楼|号|栋|#)?\s*[-—–~～至到]\s*(\d+)\s*(号楼|号|栋|幢|#)?$")


def _listed(record: Record, field_name: str, log: Log) -> list[str]:
    """The buildings a cell lists, ranges (1-3号楼) written out."""
    value = record.value(field_name)
    if value is None:
        return []
    items = []
    for item in _items(str(value)):
        found = _RANGE.fullmatch(item)
        if found and int(found.group(1)) <= int(found.group(2)) <= int(found.group(1)) + 200:
            suffix = found.group(3) or "号楼"
            expanded = [f"{n}{suffix}" for n in range(int(found.group(1)), int(found.group(2)) + 1)]
            log.add(
                record.sheet,
                record.row,
                record.header(field_name),
                "normalise",
                f"“{item}”展开为 {'、'.join(expanded)}",
                f"{item!r} written out as {len(expanded)} buildings",
                item,
            )
            items += expanded
        else:
            items.append(item)
    return items


def _name_keys(name: object, kind: str, schema: Schema) -> set[str]:
    """The keys a name is found by: itself without spaces, width or case; for places, their number."""
    if not isinstance(name, str) or not name:
        return set()
    plain = re.sub(r"\s+", "", unicodedata.normalize("NFKC", name)).casefold()
    keys = {plain}
    level = schema.level_of(kind)
    if level == "building":
        found = re.fullmatch(r"(?:第)?([0-9一二三四五六七八九十两]+)\s*(?:号楼|号|栋|幢|#|楼|号楼栋)?", plain)
        if found:
            keys.add(f"#{_number(found.group(1))}")
    elif level == "grid":
        found = re.fullmatch(
            r"(?:第)?([0-9一二三四五六七八九十两]+)(?:号)?网格|网格([0-9一二三四五六七八九十两]+)", plain
        )
        if found:
            keys.add(f"#{_number(found.group(1) or found.group(2))}")
    elif level == "community":
        keys.add(plain.removesuffix("社区").removesuffix("居委会"))
    return keys


def _number(text: str) -> int:
    """A number written in digits or Chinese numerals up to 99 (十二 = 12, 二十 = 20)."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return _CN_DIGITS.get(tens, 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)
    value = 0
    for char in text:
        value = value * 10 + _CN_DIGITS.get(char, 0)
    return value
