"""A small street built by hand, whose coverage and workload can be counted on paper."""

from __future__ import annotations

import pandas as pd

import govgraph as gg


def street() -> gg.PartnerNetwork:
    """Grid G with buildings B1 (80 households) and B2 (40); B3 (10) in grid H, reached by nobody.

    Worker W is responsible for B1 and B2; party member M lives in B1; resident R
    (elderly) lives in B2 and is visited by W.
    """
    partners = pd.DataFrame(
        {
            "id": ["C", "G", "H", "B1", "B2", "B3", "W", "M", "R"],
            "kind": [
                "community",
                "grid",
                "grid",
                "building",
                "building",
                "building",
                "grid_worker",
                "party_member",
                "resident",
            ],
            "name": ["社区", "一网格", "二网格", "1号楼", "2号楼", "3号楼", "网格员", "党员", "居民"],
            "community": "C",
            "grid": [None, None, None, "G", "G", "H", "G", "G", "G"],
            "households": [None, None, None, 80, 40, 10, None, None, None],
            "elderly": [None, None, None, None, None, None, None, None, True],
        }
    )
    relations = pd.DataFrame(
        [("G", "C", "part_of"), ("H", "C", "part_of"), ("B1", "G", "part_of"), ("B2", "G", "part_of"), ("B3", "H", "part_of"),
         ("W", "B1", "responsible_for"), ("W", "B2", "responsible_for"), ("M", "B1", "resides_in"),
         ("R", "B2", "resides_in"), ("W", "R", "visits")],
        columns=["source", "target", "relation"],
    )  # fmt: skip
    return gg.PartnerNetwork.from_frames(partners=partners, relations=relations)


def street_with(partner: dict, relations: list[tuple[str, str, str]] = ()) -> gg.PartnerNetwork:
    """The street with one more partner and its relations (weight 1)."""
    net = street()
    partners = net.partners.reset_index()
    partners.loc[len(partners)] = {"community": "C", **partner}
    added = pd.DataFrame([(*r, 1.0) for r in relations], columns=["source", "target", "relation", "weight"])
    return gg.PartnerNetwork.from_frames(partners=partners, relations=pd.concat([net.relations, added]))


def street_with_services() -> gg.PartnerNetwork:
    """The street with three providers and four needs.

    Merchant S is located in grid G and repairs; professional P belongs to
    community C but to no grid (legal aid, which also answers disputes); social
    organisation O has no community (haircuts, street-wide). Resident R in G asks
    for a repair, a mediation and an environment clean-up; resident R2 in H asks
    for a repair.
    """
    net = street()
    partners = net.partners.reset_index()
    for row in (
        {"id": "S", "kind": "merchant", "name": "维修店", "community": "C"},
        {"id": "P", "kind": "professional", "name": "律师", "community": "C"},
        {"id": "O", "kind": "social_org", "name": "理发志愿队"},
        {"id": "R2", "kind": "resident", "name": "居民乙", "community": "C", "grid": "H"},
    ):
        partners.loc[len(partners)] = row
    added = pd.DataFrame(
        [("S", "G", "located_in", 1.0), ("R2", "B3", "resides_in", 1.0)],
        columns=["source", "target", "relation", "weight"],
    )
    needs = pd.DataFrame(
        {
            "id": ["N1", "N2", "N3", "N4"],
            "requester": ["R", "R", "R", "R2"],
            "category": ["repair", "dispute_mediation", "environment", "repair"],
        }
    )
    resources = pd.DataFrame(
        {
            "id": ["S1", "P1", "O1"],
            "provider": ["S", "P", "O"],
            "category": ["repair", "legal_aid", "haircut"],
            "capacity": [3, 2, 5],
        }
    )
    return gg.PartnerNetwork.from_frames(
        partners=partners,
        relations=pd.concat([net.relations, added]),
        needs=needs,
        resources=resources,
    )
