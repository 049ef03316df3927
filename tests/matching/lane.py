"""A lane of two grids whose candidates, scores and assignments can be worked out on paper."""

from __future__ import annotations

import pandas as pd

import govgraph as gg


def lane(barber: str = "理发店") -> gg.PartnerNetwork:
    """Community C (committee PC, branch PB leading grid G) with grids G and H.

    Elderly resident R1 lives in B1 (grid G), resident R2 in B2 (grid H). Barber S
    sits in grid G and partners the committee; lawyer L partners the committee and
    sits in no grid. R1 needs a haircut (urgency 5) and a mediation (urgency 2);
    R2 needs a haircut (urgency 1) and a repair nobody offers. The barber can take
    one customer, the lawyer two.
    """
    partners = pd.DataFrame(
        [
            ("C", "community", "社区", "C", None, None, None),
            ("PC", "party_committee", "社区党委", "C", None, None, None),
            ("G", "grid", "一网格", "C", None, None, None),
            ("H", "grid", "二网格", "C", None, None, None),
            ("PB", "party_branch", "网格党支部1", "C", "G", None, None),
            ("B1", "building", "1号楼", "C", "G", 50, None),
            ("B2", "building", "2号楼", "C", "H", 30, None),
            ("R1", "resident", "居民甲", "C", "G", None, True),
            ("R2", "resident", "居民乙", "C", "H", None, False),
            ("S", "merchant", barber, "C", "G", None, None),
            ("L", "professional", "律师", "C", None, None, None),
        ],
        columns=["id", "kind", "name", "community", "grid", "households", "elderly"],
    )
    relations = pd.DataFrame(
        [("PC", "C", "leads"), ("G", "C", "part_of"), ("H", "C", "part_of"), ("PB", "G", "leads"),
         ("PB", "PC", "part_of"), ("B1", "G", "part_of"), ("B2", "H", "part_of"), ("R1", "B1", "resides_in"),
         ("R2", "B2", "resides_in"), ("S", "G", "located_in"), ("S", "PC", "partners_with"),
         ("L", "PC", "partners_with")],
        columns=["source", "target", "relation"],
    )  # fmt: skip
    needs = pd.DataFrame(
        {
            "id": ["N1", "N2", "N3", "N4"],
            "requester": ["R1", "R1", "R2", "R2"],
            "category": ["haircut", "dispute_mediation", "haircut", "repair"],
            "urgency": [5, 2, 1, 3],
            "status": ["resolved", "open", "open", "open"],
        }
    )
    resources = pd.DataFrame(
        {"id": ["S1", "L1"], "provider": ["S", "L"], "category": ["haircut", "legal_aid"], "capacity": [1, 2]}
    )
    return gg.PartnerNetwork.from_frames(
        partners=partners, relations=relations, needs=needs, resources=resources
    )
