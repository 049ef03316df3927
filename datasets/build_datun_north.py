"""Build the Datun North dataset (datasets/datun_north/) from the article's figures.

Run from the repository root:

    python datasets/build_datun_north.py

The output is deterministic: the same script gives byte-identical CSV files.
Every figure the article reports is reproduced exactly (see README.md in the
output folder); everything else is invented and says so. No real person's
name appears: people are named by role and number.
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import govgraph as gg  # noqa: E402

SEED = 20241018  # the article's publication date

# Need categories (keys of the matching taxonomy) with a Chinese description.
NEED_TEXT = {
    "elderly_care": "老人日常照料",
    "health_clinic": "上门义诊",
    "haircut": "上门理发",
    "book_delivery": "送书上门",
    "legal_aid": "法律咨询",
    "psychological_support": "心理疏导",
    "child_care": "儿童托管",
    "culture_recreation": "文化活动",
    "repair": "设施维修",
    "environment": "环境整治",
    "safety_hazard": "安全隐患",
    "parking_ev_charging": "停车与充电",
    "dispute_mediation": "邻里纠纷调解",
    "employment": "就业帮扶",
    "property_management": "物业管理",
    "noise": "噪音扰民",
    "group_rental": "群租房",
}

ROLE_ZH = {
    "grid_head": "网格长",
    "dual_grid_head": "双格长",
    "building_social_worker": "包楼社工",
    "building_door_head": "楼门长",
    "commercial_grid_worker": "楼宇网格员",
    "branch_secretary": "支部书记",
    "stairwell_member": "楼门党员",
    "in_service_member": "在职党员",
    "property_butler": "物业管家",
    "property_company": "物业公司",
    "children_councillor": "儿童议员",
    "womens_federation_member": "妇联执委",
    "residents_representative": "居民代表",
    "grid_voice": "网格发声员",
    "elderly_station": "老年驿站",
    "volunteer_team": "志愿服务队",
}


@dataclass
class Data:
    rng: random.Random
    partners: list[dict] = field(default_factory=list)
    relations: list[dict] = field(default_factory=list)
    needs: list[dict] = field(default_factory=list)
    resources: list[dict] = field(default_factory=list)
    activities: list[dict] = field(default_factory=list)
    projects: list[dict] = field(default_factory=list)
    counters: dict[str, int] = field(default_factory=dict)

    def next_id(self, prefix: str, width: int = 3) -> str:
        self.counters[prefix] = self.counters.get(prefix, 0) + 1
        return f"{prefix}{self.counters[prefix]:0{width}d}"

    def add(self, id: str, kind: str, name: str, community: str, grid: str | None = None, **extra) -> str:
        if "role" in extra:  # every role carries its Chinese label
            role = extra.pop("role")
            extra = {"role": role, "role_zh": ROLE_ZH[role], **extra}
        self.partners.append(
            {"id": id, "kind": kind, "name": name, "community": community, "grid": grid, **extra}
        )
        return id

    def person(self, prefix: str, kind: str, label: str, community: str, grid: str | None, **extra) -> str:
        id = self.next_id(f"{community}-{prefix}", 4 if kind == "resident" else 3)
        number = id.removeprefix(f"{community}-{prefix}")
        return self.add(id, kind, f"{label}{number}", community, grid, **extra)

    def link(self, source: str, target: str, relation: str, weight: float = 1.0, **extra) -> None:
        self.relations.append(
            {"source": source, "target": target, "relation": relation, "weight": weight, **extra}
        )

    def need(
        self, community: str, requester: str, category: str, urgency: int, status: str, channel: str
    ) -> None:
        self.needs.append(
            {
                "id": self.next_id(f"{community}-N", 4),
                "requester": requester,
                "category": category,
                "urgency": urgency,
                "status": status,
                "channel": channel,
                "description": NEED_TEXT[category],
            }
        )

    def resource(self, community: str, provider: str, category: str, capacity: int, name: str) -> None:
        self.resources.append(
            {
                "id": self.next_id(f"{community}-S", 3),
                "provider": provider,
                "category": category,
                "capacity": capacity,
                "name": name,
            }
        )


@dataclass
class Place:
    """A finest-level grid with its buildings and who lives there."""

    grid: str
    buildings: list[str] = field(default_factory=list)
    residents: dict[str, list[str]] = field(default_factory=dict)


def buildings_and_residents(
    d: Data,
    community: str,
    places: list[Place],
    per_grid: tuple[int, int],
    residents: tuple[int, int],
    managed: bool = True,
) -> None:
    """Residential buildings in every grid, with households and a few residents each."""
    for place in places:
        for _ in range(d.rng.randint(*per_grid)):
            number = d.counters.get(f"{community}-bldg", 0) + 1
            d.counters[f"{community}-bldg"] = number
            building = d.add(
                f"{community}-B{number:02d}",
                "building",
                f"{number}号楼",
                community,
                place.grid,
                households=d.rng.randint(48, 180),
                building_type="residential",
                property_managed=managed,
            )
            d.link(building, place.grid, "part_of")
            place.buildings.append(building)
            place.residents[building] = []
            for _ in range(d.rng.randint(*residents)):
                add_resident(d, community, place, building)


def add_resident(d: Data, community: str, place: Place, building: str, **traits) -> str:
    age = traits.pop("age", d.rng.randint(8, 92))
    elderly = age >= 60
    resident = d.person(
        "R",
        "resident",
        "居民",
        community,
        place.grid,
        age=age,
        elderly=elderly,
        disabled=traits.pop("disabled", d.rng.random() < 0.04),
        living_alone=elderly and d.rng.random() < 0.25,
        phone=f"000-{d.rng.randint(0, 9999):04d}-{d.rng.randint(0, 9999):04d}",
        **traits,
    )
    d.link(resident, building, "resides_in")
    place.residents[building].append(resident)
    return resident


def party_chain(
    d: Data, community: str, committee: str, branch: str, place: Place, members: tuple[int, int]
) -> None:
    """Building party group and stairwell party members for every building of a place."""
    for building in place.buildings:
        number = building.rsplit("B", 1)[1]
        group = d.add(f"{community}-PG{number}", "party_group", f"{number}号楼党小组", community, place.grid)
        d.link(group, branch, "part_of")
        d.link(group, building, "responsible_for")
        for _ in range(d.rng.randint(*members)):
            member = d.person(
                "PM",
                "party_member",
                "党员",
                community,
                place.grid,
                role="stairwell_member",
                in_service=d.rng.random() < 0.3,
            )
            d.link(member, group, "member_of")
            d.link(member, building, "resides_in")
            d.link(member, building, "responsible_for")


def door_heads(d: Data, community: str, place: Place) -> list[str]:
    heads = []
    for building in place.buildings:
        head = d.person(
            "W",
            "grid_worker",
            "楼门长",
            community,
            place.grid,
            role="building_door_head",
        )
        d.link(head, building, "resides_in")
        d.link(head, building, "responsible_for")
        heads.append(head)
    return heads


def visit_residents(d: Data, worker: str, place: Place, share: float) -> int:
    total = 0
    for residents in place.residents.values():
        for resident in residents:
            if d.rng.random() < share:
                times = d.rng.randint(1, 4)
                d.link(worker, resident, "visits", weight=float(times))
                total += times
    return total


def community_and_committee(d: Data, code: str, name: str, **extra) -> str:
    d.add(code, "community", f"{name}社区", code, **extra)
    committee = d.add(f"{code}-PC", "party_committee", f"{name}社区党委", code)
    d.link(committee, code, "leads")
    return committee


def raise_needs(
    d: Data,
    community: str,
    places: list[Place],
    counts: dict[str, int],
    solved_share: float,
    channel: str = "visit",
) -> None:
    residents = [r for p in places for rs in p.residents.values() for r in rs]
    for category, count in counts.items():
        for _ in range(count):
            d.need(
                community,
                d.rng.choice(residents),
                category,
                d.rng.choices([1, 2, 3, 4, 5], [30, 30, 20, 12, 8])[0],
                "resolved" if d.rng.random() < solved_share else "open",
                channel,
            )


def offer_resources(d: Data, community: str, providers: list[str], count: int, categories: list[str]) -> None:
    for i in range(count):
        provider = providers[i % len(providers)]
        category = categories[i % len(categories)]
        d.resource(community, provider, category, d.rng.randint(2, 30), f"{NEED_TEXT[category]}服务")


def partners_of_committee(
    d: Data, code: str, committee: str, kind: str, prefix: str, label: str, count: int, places: list[Place]
) -> list[str]:
    made = []
    for _ in range(count):
        place = d.rng.choice(places)
        partner = d.person(prefix, kind, label, code, place.grid)
        d.link(committee, partner, "partners_with")
        d.link(partner, place.grid, "located_in")
        made.append(partner)
    return made


def fucheng(d: Data) -> None:
    """富成花园: 4 large grids, 11 micro grids, dual grid heads + property butler, 35/20/3 partners."""
    code = "FC"
    committee = community_and_committee(d, code, "富成花园", area_km2=1.92)
    micro_per_large = [3, 3, 3, 2]
    places: list[Place] = []
    for large_no, micros in enumerate(micro_per_large, start=1):
        large = d.add(f"FC-L{large_no}", "grid", f"第{large_no}大网格", code, grid_type="large")
        d.link(large, code, "part_of")
        branch = d.add(f"FC-PB{large_no}", "party_branch", f"第{large_no}网格党支部", code, large)
        d.link(branch, committee, "part_of")
        d.link(branch, large, "leads")
        for _ in range(2):  # 双格长: a community cadre and a property head
            head = d.person(
                "W",
                "grid_worker",
                "网格长",
                code,
                large,
                role="dual_grid_head",
            )
            d.link(head, large, "responsible_for")
            d.link(head, branch, "member_of")
        butler = d.person(
            "PMG",
            "property_manager",
            "物业管家",
            code,
            large,
            role="property_butler",
        )
        d.link(butler, large, "responsible_for")
        d.link(committee, butler, "partners_with")
        for _ in range(micros):
            number = len(places) + 1
            micro = d.add(f"FC-M{number:02d}", "grid", f"第{number}微网格", code, grid_type="micro")
            d.link(micro, large, "part_of")
            places.append(Place(micro))
            buildings_and_residents(d, code, [places[-1]], (4, 6), (8, 12))
            party_chain(d, code, committee, branch, places[-1], (1, 2))
            worker = d.person(
                "W",
                "grid_worker",
                "包楼社工",
                code,
                micro,
                role="building_social_worker",
            )
            for building in places[-1].buildings:
                d.link(worker, building, "responsible_for")
            visit_residents(d, worker, places[-1], 0.9)
    for place in places:  # children councillors and women's-federation members
        building = d.rng.choice(place.buildings)
        add_resident(
            d,
            code,
            place,
            building,
            age=d.rng.randint(9, 13),
            role="children_councillor",
        )
        volunteer = d.person(
            "V",
            "volunteer",
            "妇联执委",
            code,
            place.grid,
            role="womens_federation_member",
        )
        d.link(volunteer, building, "resides_in")
        visit_residents(d, volunteer, place, 0.3)
    merchants = partners_of_committee(d, code, committee, "merchant", "MC", "商户", 35, places)
    orgs = partners_of_committee(d, code, committee, "social_org", "SO", "社区组织", 20, places)
    pros = partners_of_committee(d, code, committee, "professional", "PR", "专业力量", 3, places)
    for org in orgs:
        d.link(org, d.rng.choice(merchants), "collaborates")
    raise_needs(
        d,
        code,
        places,
        {
            "elderly_care": 30,
            "health_clinic": 18,
            "haircut": 12,
            "repair": 36,
            "environment": 25,
            "child_care": 14,
            "culture_recreation": 20,
            "legal_aid": 8,
            "employment": 6,
            "parking_ev_charging": 14,
        },
        solved_share=0.8,
    )  # 183 needs collected (收集需求183项)
    offer_resources(
        d,
        code,
        merchants + orgs + pros,
        78,
        [
            "haircut",
            "repair",
            "culture_recreation",
            "child_care",
            "health_clinic",
            "elderly_care",
            "legal_aid",
            "employment",
            "environment",
        ],
    )  # 78 resources integrated (整合资源78项)


def ronghua(d: Data) -> None:
    """融华嘉园: 6 grids, an elderly-care grid with an elderly station and its services."""
    code = "RH"
    committee = community_and_committee(d, code, "融华嘉园")
    station = d.add(
        "RH-SS1",
        "service_station",
        "老年驿站",
        code,
        role="elderly_station",
    )
    d.link(station, code, "part_of")
    d.link(committee, station, "partners_with")
    company = d.add(
        "RH-PMC",
        "property_manager",
        "融华嘉园物业",
        code,
        role="property_company",
    )
    d.link(committee, company, "partners_with")
    places: list[Place] = []
    for number in range(1, 7):
        grid_name = "第一网格（嘉铭园B区）" if number == 1 else f"第{number}网格"
        grid = d.add(
            f"RH-G{number}", "grid", grid_name, code, grid_type="elderly_care" if number == 1 else "standard"
        )
        d.link(grid, code, "part_of")
        place = Place(grid)
        places.append(place)
        branch = d.add(f"RH-PB{number}", "party_branch", f"第{number}网格党支部", code, grid)
        d.link(branch, committee, "part_of")
        d.link(branch, grid, "leads")
        buildings_and_residents(d, code, [place], (4, 5), (6, 9))
        party_chain(d, code, committee, branch, place, (1, 2))
        secretary = d.person(
            "PM",
            "party_member",
            "支部书记",
            code,
            grid,
            role="branch_secretary",
        )
        d.link(secretary, branch, "member_of")
        d.link(secretary, grid, "leads")  # 支部书记担任网格长
        worker = d.person(
            "W",
            "grid_worker",
            "包楼社工",
            code,
            grid,
            role="building_social_worker",
        )
        d.link(worker, grid, "responsible_for")
        d.link(company, grid, "responsible_for")
        door_heads(d, code, place)
        for _ in range(2):
            volunteer = d.person("V", "volunteer", "志愿者", code, grid)
            d.link(volunteer, station, "member_of")
            d.link(volunteer, d.rng.choice(place.buildings), "resides_in")
    # 累计走访慰问老人及残疾人225人: exactly 225 elderly or disabled residents, each visited.
    vulnerable = _vulnerable(d, code)
    while len(vulnerable) < 225:
        place = places[0] if d.rng.random() < 0.5 else d.rng.choice(places)
        add_resident(d, code, place, d.rng.choice(place.buildings), age=d.rng.randint(60, 95))
        vulnerable = _vulnerable(d, code)
    assert len(vulnerable) == 225, len(vulnerable)
    workers = {
        p["grid"]: p["id"]
        for p in d.partners
        if p["community"] == code and p.get("role") == "building_social_worker"
    }
    grid_of = {p["id"]: p["grid"] for p in d.partners}
    for resident in vulnerable:
        d.link(workers[grid_of[resident]], resident, "visits", weight=float(d.rng.randint(1, 3)))
    # 上门理发义诊92次, 送书上门69次: service counts as weights of the station's serves relations.
    for service, total in (("haircut_clinic", 92), ("book_delivery", 69)):
        served = d.rng.sample(vulnerable, 40 if service == "haircut_clinic" else 30)
        counts = _split(d.rng, total, len(served))
        for resident, times in zip(served, counts):
            d.link(station, resident, "serves", weight=float(times), service=service)
    # 为阿尔茨海默症老人办理防走失2张
    for resident in d.rng.sample([r for r in vulnerable if _partner(d, r)["elderly"]], 2):
        _partner(d, resident)["anti_wandering_card"] = True
    raise_needs(
        d,
        code,
        places,
        {
            "elderly_care": 40,
            "health_clinic": 20,
            "haircut": 15,
            "book_delivery": 10,
            "psychological_support": 8,
            "repair": 12,
        },
        solved_share=0.7,
    )
    offer_resources(
        d,
        code,
        [station, company],
        12,
        ["elderly_care", "haircut", "health_clinic", "book_delivery", "repair"],
    )


def _vulnerable(d: Data, code: str) -> list[str]:
    return [
        p["id"]
        for p in d.partners
        if p["community"] == code and p["kind"] == "resident" and (p["elderly"] or p["disabled"])
    ]


def _partner(d: Data, id: str) -> dict:
    return next(p for p in d.partners if p["id"] == id)


def _split(rng: random.Random, total: int, parts: int) -> list[int]:
    """``parts`` positive whole numbers adding up to ``total``."""
    cuts = sorted(rng.sample(range(1, total), parts - 1))
    return [b - a for a, b in zip([0, *cuts], [*cuts, total])]


def jiamingyuan(d: Data) -> None:
    """嘉铭园: 16 administrative grids regrouped into 6 party grids; 春晖 society; 嘉 leaders team."""
    code = "JM"
    committee = community_and_committee(d, code, "嘉铭园")
    company = d.add(
        "JM-PMC",
        "property_manager",
        "嘉铭园物业",
        code,
        role="property_company",
    )
    d.link(committee, company, "partners_with")
    society = d.add("JM-SO-CH", "social_org", "春晖公益社团", code)
    team = d.add(
        "JM-SO-JL",
        "social_org",
        "“嘉”领袖志愿服务队",
        code,
        role="volunteer_team",
    )
    for org in (society, team):
        d.link(committee, org, "partners_with")
    admin_per_party = [3, 3, 3, 3, 2, 2]
    places: list[Place] = []
    for party_no, admins in enumerate(admin_per_party, start=1):
        party_grid = d.add(f"JM-P{party_no}", "grid", f"第{party_no}党建网格", code, grid_type="party")
        d.link(party_grid, code, "part_of")
        branch = d.add(f"JM-PB{party_no}", "party_branch", f"第{party_no}党支部", code, party_grid)
        d.link(branch, committee, "part_of")
        d.link(branch, party_grid, "leads")
        secretary = d.person(
            "PM",
            "party_member",
            "支部书记",
            code,
            party_grid,
            role="branch_secretary",
        )
        d.link(secretary, branch, "member_of")
        d.link(secretary, party_grid, "leads")
        worker = d.person(
            "W",
            "grid_worker",
            "包楼社工",
            code,
            party_grid,
            role="building_social_worker",
        )
        d.link(worker, party_grid, "responsible_for")
        d.link(company, party_grid, "responsible_for")
        for _ in range(admins):
            number = len(places) + 1
            admin = d.add(
                f"JM-A{number:02d}", "grid", f"第{number}行政网格", code, grid_type="administrative"
            )
            d.link(admin, party_grid, "part_of")
            place = Place(admin)
            places.append(place)
            buildings_and_residents(d, code, [place], (2, 4), (6, 9))
            party_chain(d, code, committee, branch, place, (1, 2))
            visit_residents(d, worker, place, 0.6)
    for _ in range(24):  # the 嘉 leaders: volunteers cultivated in the grids
        place = d.rng.choice(places)
        volunteer = d.person("V", "volunteer", "“嘉”领袖", code, place.grid)
        d.link(volunteer, team, "member_of")
        d.link(volunteer, d.rng.choice(place.buildings), "resides_in")
        visit_residents(d, volunteer, place, 0.15)
    for place in places:  # 春晖 festivals and galas serve the grids
        d.link(
            society, place.grid, "serves", weight=float(d.rng.randint(2, 12)), service="culture_recreation"
        )
    d.link(society, team, "collaborates")
    raise_needs(
        d,
        code,
        places,
        {
            "culture_recreation": 20,
            "dispute_mediation": 15,
            "repair": 18,
            "environment": 12,
            "property_management": 10,
            "elderly_care": 8,
        },
        0.75,
    )
    offer_resources(
        d,
        code,
        [society, team, company],
        15,
        ["culture_recreation", "dispute_mediation", "repair", "environment", "property_management"],
    )


def oulu(d: Data) -> None:
    """欧陆经典: 8 party branches, 14 grids, one of them a commercial-building grid of 980 enterprises."""
    code = "OL"
    committee = community_and_committee(d, code, "欧陆经典")
    company = d.add(
        "OL-PMC",
        "property_manager",
        "欧陆经典物业",
        code,
        role="property_company",
    )
    d.link(committee, company, "partners_with")
    branches = []
    for number in range(1, 9):
        branch = d.add(f"OL-PB{number}", "party_branch", f"第{number}党支部", code)
        d.link(branch, committee, "part_of")
        branches.append(branch)
    places: list[Place] = []
    for number in range(1, 14):
        grid = d.add(f"OL-G{number:02d}", "grid", f"第{number}网格", code, grid_type="residential")
        d.link(grid, code, "part_of")
        branch = branches[(number - 1) * 7 // 13]  # 13 residential grids over the first 7 branches
        d.link(branch, grid, "leads")
        place = Place(grid)
        places.append(place)
        buildings_and_residents(d, code, [place], (3, 5), (6, 9))
        party_chain(d, code, committee, branch, place, (1, 2))
        heads = door_heads(d, code, place)
        visit_residents(d, heads[0], place, 0.5)
        add_resident(
            d,
            code,
            place,
            place.buildings[0],
            role="residents_representative",
        )
        in_service = d.person(
            "PM",
            "party_member",
            "在职党员",
            code,
            grid,
            role="in_service_member",
            in_service=True,
        )
        d.link(in_service, branch, "member_of")
        d.link(in_service, d.rng.choice(place.buildings), "resides_in")
        volunteer = d.person("V", "volunteer", "志愿者", code, grid)
        d.link(volunteer, d.rng.choice(place.buildings), "resides_in")
        d.link(company, grid, "responsible_for")
    # 针对辖区980余家企业，社区党委设立商务楼宇独立网格
    commercial = d.add("OL-G14", "grid", "商务楼宇网格", code, grid_type="commercial")
    d.link(commercial, code, "part_of")
    d.link(branches[7], commercial, "leads")
    tower = d.add(
        "OL-B-TOWER",
        "building",
        "欧陆大厦",
        code,
        commercial,
        households=0,
        building_type="commercial",
        property_managed=True,
    )
    d.link(tower, commercial, "part_of")
    worker = d.person(
        "W",
        "grid_worker",
        "楼宇网格员",
        code,
        commercial,
        role="commercial_grid_worker",
    )
    d.link(worker, tower, "responsible_for")
    d.link(worker, commercial, "responsible_for")
    for _ in range(980):
        enterprise = d.person("E", "merchant", "企业", code, commercial)
        d.link(enterprise, tower, "located_in")
        if d.rng.random() < 0.05:
            d.link(worker, enterprise, "visits")
    d.link(committee, commercial, "responsible_for")
    # 征集民意120余件 ... 排除安全隐患35次: 123 opinions, 35 of them safety hazards (all resolved).
    raise_needs(
        d, code, places, {"dispute_mediation": 32, "noise": 30, "group_rental": 22, "repair": 4}, 0.85
    )
    for _ in range(35):
        d.need(
            code,
            d.rng.choice([r for p in places for rs in p.residents.values() for r in rs]),
            "safety_hazard",
            d.rng.randint(3, 5),
            "resolved",
            "visit",
        )
    # 增设充电桩200个、新建车棚2个
    d.resource(code, company, "parking_ev_charging", 200, "新增电动车充电桩")
    d.resource(code, company, "parking_ev_charging", 2, "新建车棚")
    offer_resources(
        d, code, [company, committee], 10, ["dispute_mediation", "repair", "safety_hazard", "noise"]
    )


def yayun(d: Data) -> None:
    """亚运新新家园: 8 courtyard grids, grid voices, property management restored in one building."""
    code = "YY"
    committee = community_and_committee(d, code, "亚运新新家园")
    places: list[Place] = []
    branches = []
    for number in range(1, 5):
        branch = d.add(f"YY-PB{number}", "party_branch", f"第{number}党支部", code)
        d.link(branch, committee, "part_of")
        branches.append(branch)
    for number in range(1, 9):
        grid = d.add(f"YY-G{number}", "grid", f"第{number}院落网格", code, grid_type="courtyard")
        d.link(grid, code, "part_of")
        branch = branches[(number - 1) // 2]
        d.link(branch, grid, "leads")
        place = Place(grid)
        places.append(place)
        # compounds without property management (军产小区物业管理缺失)
        buildings_and_residents(d, code, [place], (2, 4), (6, 9), managed=False)
        party_chain(d, code, committee, branch, place, (1, 2))
        heads = door_heads(d, code, place)
        visit_residents(d, heads[0], place, 0.5)
        add_resident(d, code, place, place.buildings[0], role="grid_voice")
    # 恢复了六王坟2号院4号楼的物业管理模式，缴费率达100%，近年来实现零投诉
    restored = d.add(
        "YY-B-LWF2-4",
        "building",
        "六王坟2号院4号楼",
        code,
        places[0].grid,
        households=64,
        building_type="residential",
        property_managed=True,
    )
    d.link(restored, places[0].grid, "part_of")
    places[0].buildings.append(restored)
    places[0].residents[restored] = []
    for _ in range(6):
        add_resident(d, code, places[0], restored)
    party_chain(d, code, committee, branches[0], Place(places[0].grid, [restored]), (1, 1))
    manager = d.add(
        "YY-PMC",
        "property_manager",
        "六王坟2号院物业",
        code,
        places[0].grid,
        role="property_company",
        fee_rate=1.0,
        complaints=0,
    )
    d.link(manager, restored, "responsible_for")
    d.link(committee, manager, "partners_with")
    raise_needs(
        d,
        code,
        places,
        {"property_management": 18, "environment": 14, "repair": 16, "noise": 6, "parking_ev_charging": 6},
        0.6,
        channel="hotline",
    )
    offer_resources(d, code, [manager, committee], 6, ["repair", "environment", "property_management"])


def cluster(d: Data) -> None:
    """The five community party committees meet as the cluster (片区联席会议): the 雁阵 itself."""
    committees = [f"{code}-PC" for code in ("FC", "RH", "JM", "OL", "YY")]
    for i, first in enumerate(committees):
        for second in committees[i + 1 :]:
            d.link(first, second, "collaborates")


YEAR = 2024
#: The micro grid whose building social worker leaves in the autumn (invented, to show a grid whose rates
#: fall): the dual grid head of its large grid takes its buildings over six weeks later.
LEFT_GRID = "FC-M07"
LEFT_ON, TAKEN_OVER_ON = pd.Timestamp(f"{YEAR}-08-31"), pd.Timestamp(f"{YEAR}-10-15")


def history(d: Data) -> None:
    """A year of dates (2024), invented on top of the article's totals, which stay exactly as they are.

    Every visit and every service of the elderly station becomes one dated event (a relation of weight 1
    with a ``date``): a relation that stood for three visits becomes three, so tie strengths and every
    reported total are unchanged. Needs are raised through the year and get their first response,
    resolution and the requester's evaluation. One building social worker leaves (``valid_to``), and
    merchants join the partnership during the year (``valid_from``).
    """
    rng = random.Random(SEED + 1)  # a stream of its own: everything above stays byte for byte the same
    days = pd.date_range(f"{YEAR}-01-02", f"{YEAR}-12-31", freq="B")
    partners = {p["id"]: p for p in d.partners}
    leaver = next(
        p["id"] for p in d.partners if p["grid"] == LEFT_GRID and p.get("role") == "building_social_worker"
    )
    partners[leaver]["valid_to"] = LEFT_ON
    large = next(r["target"] for r in d.relations if r["source"] == LEFT_GRID and r["relation"] == "part_of")
    head = next(
        r["source"]
        for r in d.relations
        if r["target"] == large
        and r["relation"] == "responsible_for"
        and partners[r["source"]]["kind"] == "grid_worker"
    )
    relations = []
    for relation in d.relations:
        events = relation["relation"] == "visits" or (
            relation["source"] == "RH-SS1" and relation["relation"] == "serves"
        )
        if not events:
            relations.append(relation)
            continue
        open_days = days[days <= LEFT_ON] if relation["source"] == leaver else days
        for _ in range(int(relation["weight"])):
            relations.append({**relation, "weight": 1.0, "date": rng.choice(open_days)})
    for relation in relations:
        if relation["source"] == leaver and relation["relation"] == "responsible_for":
            relation["valid_to"] = LEFT_ON
    taken = [r["target"] for r in relations if r["source"] == leaver and r["relation"] == "responsible_for"]
    relations += [
        {
            "source": head,
            "target": building,
            "relation": "responsible_for",
            "weight": 1.0,
            "valid_from": TAKEN_OVER_ON,
        }
        for building in taken
    ]
    merchants = [
        r
        for r in relations
        if r["relation"] == "partners_with"
        and r["source"] == "FC-PC"
        and partners[r["target"]]["kind"] == "merchant"
    ]
    for relation in rng.sample(merchants, 8):  # joined the partnership during the year
        relation["valid_from"] = rng.choice(days[days >= pd.Timestamp(f"{YEAR}-03-01")])
    d.relations[:] = relations
    grid_of = {p["id"]: p["grid"] for p in d.partners}
    for need in d.needs:
        _need_history(rng, need, days, late=grid_of[need["requester"]] == LEFT_GRID)


def _need_history(rng: random.Random, need: dict, days: pd.DatetimeIndex, late: bool) -> None:
    """When a need was raised, first answered and resolved, and how its requester judged it."""
    resolved = need["status"] == "resolved"
    pool = (
        days[days <= pd.Timestamp(f"{YEAR}-12-15")]
        if resolved
        else days[days >= pd.Timestamp(f"{YEAR}-06-01")]
    )
    created = rng.choice(pool) + pd.Timedelta(minutes=rng.randint(8 * 60, 20 * 60))
    need["created_at"] = created
    after_leaving = late and created > LEFT_ON  # the grid without its worker, then with a stand-in
    if not resolved and created > pd.Timestamp(f"{YEAR}-12-20") and rng.random() < 0.5:
        return  # raised in the last days of the year, not yet answered
    if after_leaving:
        hours = rng.uniform(30, 120)
    else:
        hours = rng.uniform(0.5, 20) if rng.random() < 0.9 else rng.uniform(25, 72)
    responded = created + pd.Timedelta(minutes=round(hours * 60))
    need["responded_at"] = responded
    if not resolved:
        return
    resolved_at = responded + pd.Timedelta(minutes=round(rng.expovariate(1 / 7) * 24 * 60 + 30))
    need["resolved_at"] = resolved_at
    if rng.random() < 0.15:
        return  # resolved, not yet called back
    solved = rng.random() < (0.55 if after_leaving else 0.92)
    need["solved"] = solved
    if solved:
        need["satisfaction"] = rng.choices(["满意", "基本满意", "不满意"], [75, 20, 5])[0]
    else:
        need["satisfaction"] = rng.choices(["基本满意", "不满意"], [30, 70])[0]


def taking_part(d: Data) -> None:
    """Activities and projects: 活动联办、项目连抓, as the article describes them, with invented dates and
    participants (a stream of their own, so that everything above stays byte for byte the same)."""
    rng = random.Random(SEED + 2)
    people = pd.DataFrame(d.partners).set_index("id")

    def who(
        community: str, kind: str | None = None, role: str | None = None, grid: str | None = None
    ) -> list:
        chosen = people["community"].eq(community)
        if kind is not None:
            chosen &= people["kind"].eq(kind)
        if role is not None:
            chosen &= people["role"].eq(role)
        if grid is not None:
            chosen &= people["grid"].eq(grid)
        return list(people.index[chosen])

    def activity(code: str, name: str, kind: str, date: str, place: str, end: str | None = None) -> str:
        id = d.next_id(f"{code}-ACT", 3)
        d.activities.append({"id": id, "name": name, "kind": kind, "date": date, "end": end, "place": place})
        return id

    def project(
        code: str, name: str, status: str, start: str, end: str | None, place: str, budget: int
    ) -> str:
        id = d.next_id(f"{code}-PRJ", 2)
        d.projects.append(
            {
                "id": id,
                "name": name,
                "status": status,
                "start": start,
                "end": end,
                "place": place,
                "budget": budget,
            }
        )
        return id

    def joins(partners: list, item: str, relation: str) -> None:
        for partner in partners:
            d.link(partner, item, relation)

    def serves(project: str, items: list, relation: str) -> None:
        for item in items:
            d.link(project, item, relation)

    def needs_of(code: str, categories: set, count: int, grids: set | None = None) -> list:
        found = [
            n["id"]
            for n in d.needs
            if n["id"].startswith(f"{code}-")
            and n["category"] in categories
            and (grids is None or people.at[n["requester"], "grid"] in grids)
        ]
        return rng.sample(found, min(count, len(found)))

    def resources_of(code: str, names: set) -> list:
        return [r["id"] for r in d.resources if r["id"].startswith(f"{code}-") and r["name"] in names]

    # 富成花园: 公益市集 each quarter with the merchants, organisations and professional forces; 周便民服务,
    # a weekly convenience service in every large grid; the 日定制项目 answering elderly residents' needs.
    merchants, orgs, pros = (who("FC", kind) for kind in ("merchant", "social_org", "professional"))
    for date in ("2024-03-16", "2024-06-15", "2024-09-21", "2024-12-14"):
        market = activity("FC", "公益市集", "market", date, "FC")
        joins(["FC-PC", *rng.sample(orgs, 2)], market, "organises")
        joins(rng.sample(merchants, 12), market, "serves_in")
        joins(rng.sample(orgs, 6) + rng.sample(pros, 2), market, "takes_part_in")
        joins(rng.sample(who("FC", "volunteer"), 4), market, "serves_in")
    for large in range(1, 5):
        grid = f"FC-L{large}"
        weekly = activity(
            "FC", f"第{large}大网格周便民服务", "convenience", "2024-01-06", grid, end="2024-12-28"
        )
        joins(who("FC", "grid_worker", "dual_grid_head", grid), weekly, "organises")
        joins(who("FC", "property_manager", "property_butler", grid), weekly, "takes_part_in")
        joins(rng.sample(merchants, 4) + rng.sample(pros, 1), weekly, "serves_in")
    daily = project("FC", "日定制服务项目", "ongoing", "2024-03-01", None, "FC", 80_000)
    joins(["FC-PC"], daily, "organises")
    joins(pros + rng.sample(orgs, 4), daily, "serves_in")
    serves(daily, needs_of("FC", {"elderly_care", "health_clinic", "haircut"}, 24), "answers")
    serves(daily, resources_of("FC", {"老人日常照料服务", "上门义诊服务", "上门理发服务"})[:6], "uses")

    # 融华嘉园: the elderly station's home services, month after month.
    home = activity("RH", "助老上门服务", "home_service", "2024-01-08", "RH-G1", end="2024-12-27")
    joins(["RH-SS1"], home, "organises")
    joins(rng.sample(who("RH", "volunteer"), 6), home, "serves_in")

    # 嘉铭园: 春晖公益社团's 文化节, 季度联欢 and 月度公益, with the “嘉” leaders.
    leaders = who("JM", "volunteer")
    festival = activity("JM", "春晖文化节", "culture", "2024-09-13", "JM", end="2024-09-15")
    joins(["JM-SO-CH", "JM-PC"], festival, "organises")
    joins(["JM-SO-JL", "JM-PMC", *rng.sample(leaders, 10)], festival, "takes_part_in")
    for quarter, date in enumerate(("2024-01-27", "2024-04-27", "2024-07-27", "2024-12-28"), start=1):
        gala = activity("JM", f"第{quarter}季度联欢", "culture", date, "JM")
        joins(["JM-SO-CH"], gala, "organises")
        joins(["JM-SO-JL", *rng.sample(leaders, 6)], gala, "takes_part_in")
    for month in range(1, 13):
        party_grid = f"JM-P{(month - 1) % 6 + 1}"
        charity = activity("JM", f"{month}月月度公益", "volunteering", f"2024-{month:02d}-15", party_grid)
        joins(["JM-SO-CH", "JM-SO-JL"], charity, "organises")
        joins(rng.sample(leaders, 5), charity, "serves_in")
        joins(who("JM", "party_branch", grid=party_grid), charity, "takes_part_in")

    # 欧陆经典: 200 chargers, 2 bike sheds, 5 roads and 23 stairways, and the residents' councils.
    repairs = [
        ("新增电动车充电桩200个", "2024-03-01", "2024-06-30", 600_000, {"新增电动车充电桩"}, set()),
        ("新建车棚2个", "2024-04-01", "2024-05-31", 90_000, {"新建车棚"}, set()),
        ("道路修缮5条", "2024-05-06", "2024-08-30", 450_000, set(), {"repair"}),
        ("楼梯修缮23处", "2024-06-03", "2024-10-31", 230_000, set(), {"repair", "safety_hazard"}),
    ]
    for name, start, end, budget, used, answered in repairs:
        works = project("OL", name, "done", start, end, "OL", budget)
        joins(["OL-PC"], works, "organises")
        joins(["OL-PMC"], works, "takes_part_in")
        joins(rng.sample(who("OL", "resident", "residents_representative"), 3), works, "takes_part_in")
        serves(works, resources_of("OL", used), "uses")
        serves(works, needs_of("OL", answered, 4), "answers")
    for quarter, date in enumerate(("2024-02-22", "2024-05-23", "2024-08-22", "2024-11-21"), start=1):
        council = activity("OL", f"第{quarter}季度居民议事会", "council", date, "OL")
        joins(["OL-PC"], council, "organises")
        joins(who("OL", "resident", "residents_representative"), council, "takes_part_in")
        joins(
            ["OL-PMC", *rng.sample(who("OL", "party_member", "in_service_member"), 4)],
            council,
            "takes_part_in",
        )

    # 亚运新新家园: 网格议事会 in every courtyard, and the projects they decide on.
    for grid in (f"YY-G{n}" for n in range(1, 9)):
        branch = next(r["source"] for r in d.relations if r["target"] == grid and r["relation"] == "leads")
        for date in rng.sample(["2024-03-08", "2024-06-07", "2024-09-06", "2024-12-06"], 2):
            council = activity("YY", "网格议事会", "council", date, grid)
            joins([branch], council, "organises")
            joins(
                who("YY", "resident", "grid_voice", grid) + who("YY", "grid_worker", grid=grid)[:2],
                council,
                "takes_part_in",
            )
    restored = project(
        "YY", "六王坟2号院4号楼恢复物业管理", "done", "2024-01-15", "2024-06-30", "YY-B-LWF2-4", 50_000
    )
    joins(["YY-PC", "YY-PB1"], restored, "organises")
    joins(["YY-PMC", *who("YY", "resident", "grid_voice", "YY-G1")], restored, "takes_part_in")
    serves(restored, needs_of("YY", {"property_management"}, 6, {"YY-G1"}), "answers")
    serves(restored, resources_of("YY", {"物业管理服务"})[:1], "uses")
    roads = project("YY", "院落道路修缮", "ongoing", "2024-09-02", None, "YY", 300_000)
    joins(["YY-PC"], roads, "organises")
    joins(["YY-PMC", *who("YY", "resident", "grid_voice")[:4]], roads, "takes_part_in")
    serves(roads, needs_of("YY", {"repair"}, 6), "answers")
    greening = project("YY", "院落环境整治", "planned", "2025-03-01", None, "YY", 120_000)
    joins(["YY-PC", *who("YY", "party_branch")], greening, "organises")
    serves(greening, needs_of("YY", {"environment"}, 5), "answers")


def build() -> gg.PartnerNetwork:
    d = Data(random.Random(SEED))
    for community in (fucheng, ronghua, jiamingyuan, oulu, yayun):
        community(d)
    cluster(d)
    history(d)
    taking_part(d)
    frames = {
        name: pd.DataFrame(getattr(d, name))
        for name in ("partners", "relations", "needs", "resources", "activities", "projects")
    }
    # Whole-number attributes that only some partners have (pandas would make them float).
    for column in ("age", "complaints"):
        frames["partners"][column] = frames["partners"][column].astype("Int64")
    return gg.PartnerNetwork.from_frames(**frames)


if __name__ == "__main__":
    out = HERE / "datun_north"
    net = build()
    net.write(out)
    print(net)
    print(net.summary().to_string())
