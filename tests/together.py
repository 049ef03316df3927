"""A street whose activities and projects can be counted on paper."""

from __future__ import annotations

import pandas as pd

import govgraph as gg


def street_with_activities(**overrides: pd.DataFrame) -> gg.PartnerNetwork:
    """Community C with grids G (buildings B1: 80 households, B2: 40) and H (B3: 10).

    Partners: party committee PC, merchants M1 and M2 (sited in G), social organisation S (in H),
    volunteer V (lives in B3), residents R1 (B1) and R2 (B3).

    Activities: A1 market in G (PC organises; M1, M2, S take part), A2 council in H (S organises; V, R2
    take part), A3 culture at C (PC organises, M1 takes part), A4 held by nobody.
    Projects: P1 repairs in G (PC organises, M1 funds) answers N1 and uses X1; P2 at C answers nothing.
    Needs: N1 repair by R1 (open, answered by P1), N2 elderly care by R2 (open: no project, no resource
    in C answers elderly care), N3 repair by R2 (resolved). Resources: X1 repair by M1 (used by P1),
    X2 culture by S (unused).
    """
    partners = pd.DataFrame(
        {
            "id": ["C", "G", "H", "B1", "B2", "B3", "PC", "M1", "M2", "S", "V", "R1", "R2"],
            "kind": [
                "community", "grid", "grid", "building", "building", "building", "party_committee",
                "merchant", "merchant", "social_org", "volunteer", "resident", "resident",
            ],
            "name": ["社区", "一网格", "二网格", "1号楼", "2号楼", "3号楼", "党委", "商户甲", "商户乙", "社团",
                     "志愿者", "居民甲", "居民乙"],
            "community": "C",
            "grid": [None, None, None, "G", "G", "H", None, "G", "G", "H", "H", "G", "H"],
            "households": [None, None, None, 80, 40, 10, None, None, None, None, None, None, None],
        }
    )  # fmt: skip
    relations = pd.DataFrame(
        [
            ("G", "C", "part_of"), ("H", "C", "part_of"), ("B1", "G", "part_of"), ("B2", "G", "part_of"),
            ("B3", "H", "part_of"), ("PC", "C", "leads"), ("V", "B3", "resides_in"), ("R1", "B1", "resides_in"),
            ("R2", "B3", "resides_in"),
            ("PC", "A1", "organises"), ("M1", "A1", "takes_part_in"), ("M2", "A1", "takes_part_in"),
            ("S", "A1", "takes_part_in"), ("S", "A2", "organises"), ("V", "A2", "takes_part_in"),
            ("R2", "A2", "takes_part_in"), ("PC", "A3", "organises"), ("M1", "A3", "takes_part_in"),
            ("M1", "A3", "serves_in"), ("PC", "P1", "organises"), ("M1", "P1", "funds"),
            ("P1", "N1", "answers"), ("P1", "X1", "uses"), ("PC", "P2", "organises"),
        ],
        columns=["source", "target", "relation"],
    )  # fmt: skip
    activities = pd.DataFrame(
        {
            "id": ["A1", "A2", "A3", "A4"],
            "name": ["公益市集", "网格议事会", "文化节", "无人活动"],
            "kind": ["市集", "议事会", "文化节", "其他"],
            "date": ["2024-03-16", "2024-05-10", "2024-09-13", "2024-12-01"],
            "end": [None, None, "2024-09-15", None],
            "place": ["G", "H", "C", None],
        }
    )
    projects = pd.DataFrame(
        {
            "id": ["P1", "P2"],
            "name": ["楼道修缮", "绿化"],
            "status": ["实施中", "计划中"],
            "start": ["2024-04-01", "2025-03-01"],
            "place": ["G", "C"],
            "budget": [12000, None],
        }
    )
    needs = pd.DataFrame(
        {
            "id": ["N1", "N2", "N3"],
            "requester": ["R1", "R2", "R2"],
            "category": ["repair", "elderly_care", "repair"],
            "status": ["open", "open", "resolved"],
        }
    )
    resources = pd.DataFrame(
        {
            "id": ["X1", "X2"],
            "provider": ["M1", "S"],
            "category": ["repair", "culture_recreation"],
            "capacity": [3, 5],
        }
    )
    tables = {
        "partners": partners,
        "relations": relations,
        "needs": needs,
        "resources": resources,
        "activities": activities,
        "projects": projects,
        **overrides,
    }
    return gg.PartnerNetwork.from_frames(**tables)
