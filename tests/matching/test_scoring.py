"""Candidates and suggestions: hand-worked scores and explanations, networkx distances, bad input."""

from __future__ import annotations

import itertools

import networkx as nx
import pandas as pd
import pytest

import govgraph as gg
from govgraph.matching import COMPONENTS, SCORE_WEIGHTS
from govgraph.model.taxonomy import TAXONOMY
from tests.conftest import HOSTILE
from tests.matching.lane import lane


def test_candidates_on_the_lane():
    table = gg.candidates(lane())
    assert list(table.index) == [("N1", "S1"), ("N2", "L1"), ("N3", "S1")]
    n1 = table.loc[("N1", "S1")]
    # Same category, same grid, three ties R1-B1-G-S, the only candidate, urgency 5, elderly.
    assert (n1["fit"], n1["proximity"], n1["trust"], n1["capacity"], n1["urgency"], n1["vulnerability"]) == (
        1.0, 0.75, pytest.approx(1 / 3), 1.0, 1.0, 1.0
    )  # fmt: skip
    assert n1["score"] == pytest.approx(0.3 + 0.25 * 0.75 + 0.15 / 3 + 0.1 + 0.1 + 0.1)
    assert (n1["place"], n1["hops"], n1["trust_hops"], n1["through"]) == ("grid", 1, 3, ("B1", "G"))
    assert (
        n1["explanation_zh"]
        == "同类服务；同网格（一网格）；服务方是社区的共建伙伴；经由1号楼、一网格联系；紧急（5级）；困难群体优先"
    )
    assert n1["explanation_en"] == (
        "same category; same grid (一网格); provider is a community partner of 社区; "
        "reached through 1号楼, 一网格; urgent (5); vulnerable requester"
    )
    n2 = table.loc[("N2", "L1")]
    # Legal aid answers a dispute; the lawyer is three ties from grid G (G-C-PC-L), five from R1.
    assert (n2["fit"], n2["proximity"], n2["hops"], n2["trust"]) == (0.6, 0.5, 3, 0.0)
    assert pd.isna(n2["trust_hops"]) and n2["through"] == ()
    assert n2["explanation_zh"].startswith("法律援助可解决矛盾调解；同社区（社区）")
    assert n2["explanation_en"].startswith("legal aid answers dispute mediation; same community (社区)")
    n3 = table.loc[("N3", "S1")]
    assert (n3["place"], n3["hops"], n3["urgency"], n3["vulnerability"]) == ("community", 3, 0.0, 0.0)
    assert n3["score"] == pytest.approx(0.3 + 0.25 * 0.5 + 0.1)


def test_reach_weights_and_suggest():
    assert list(gg.candidates(lane(), hops=2).index) == [("N1", "S1")]
    only_fit = gg.candidates(lane(), score_weights={"fit": 1.0})
    assert only_fit["score"].tolist() == only_fit["fit"].tolist()
    assert list(gg.suggest(lane(), "N1").index) == [("N1", "S1")]
    empty = gg.suggest(lane(), "N4")
    assert empty.empty and list(empty.columns) == list(gg.candidates(lane()).columns)
    assert set(SCORE_WEIGHTS) == set(COMPONENTS) and sum(SCORE_WEIGHTS.values()) == pytest.approx(1.0)


def test_hostile_names_are_kept_verbatim():
    table = gg.candidates(lane(barber=HOSTILE), needs=["N1"])
    assert HOSTILE not in table["explanation_zh"].iloc[0]  # the barber is the provider, not a place
    via = gg.candidates(lane(barber=HOSTILE + "' MATCH (n) DETACH DELETE n"))
    assert len(via) == 3


def test_datun_candidates_hold_to_networkx(datun):
    table = gg.candidates(datun)
    assert table.index.is_unique
    for need_category, given in zip(table["need_category"], table["resource_category"]):
        assert given in TAXONOMY.answering(need_category)
    assert table["hops"].between(0, 3).all()
    assert table[list(COMPONENTS)].apply(lambda c: c.between(0, 1)).all().all()
    graph = nx.Graph(datun.to_networkx())
    sample = table.sample(150, random_state=0)
    for (_need, _), row in sample.iterrows():
        place = datun.partners.loc[row["requester"], "grid"]
        assert nx.shortest_path_length(graph, place, row["provider"]) == row["hops"]
        distance = nx.shortest_path_length(graph, row["requester"], row["provider"])
        if distance <= 4:
            assert row["trust_hops"] == distance
            path = [row["requester"], *row["through"], row["provider"]]
            if distance <= 3:
                assert len(path) == distance + 1
                assert all(graph.has_edge(a, b) for a, b in itertools.pairwise(path))
        else:
            assert pd.isna(row["trust_hops"]) and row["trust"] == 0
    # Within a need, rows are ranked best first.
    assert (table.groupby(level="need")["score"].apply(lambda s: s.is_monotonic_decreasing)).all()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"needs": "N1"}, r"needs: expected a list of need ids"),
        ({"needs": ["N9"]}, r"needs: no need has the id\(s\) \['N9'\]"),
        ({"needs": ["N1", "N1"]}, r"needs: a need id is listed twice"),
        ({"hops": 0}, r"hops: expected a whole number of at least 1"),
        ({"score_weights": {"luck": 1.0}}, r"score_weights: unknown components \['luck'\]"),
        ({"score_weights": {"fit": -1}}, r"score_weights\['fit'\]: expected a non-negative number"),
        ({"score_weights": {"fit": float("nan")}}, r"score_weights\['fit'\]"),
        ({"score_weights": [("fit", 1)]}, r"score_weights: expected a mapping"),
        ({"taxonomy": {}}, r"taxonomy: expected a Taxonomy"),
    ],
)
def test_bad_arguments_are_named(kwargs, message):
    with pytest.raises(gg.GovGraphError, match=message):
        gg.candidates(lane(), **kwargs)


def test_suggest_bad_arguments():
    with pytest.raises(gg.GovGraphError, match="need: expected a need id"):
        gg.suggest(lane(), 7)
    with pytest.raises(gg.GovGraphError, match="top: expected a whole number"):
        gg.suggest(lane(), "N1", top=0)
    with pytest.raises(gg.GovGraphError, match="needs: no need has the id"):
        gg.suggest(lane(), "N9")


def gossip_lane() -> gg.PartnerNetwork:
    """The lane where R1 reaches the barber through a neighbour, resident R3 秘名0644, who knows both."""
    net = lane()
    partners = net.partners.reset_index()
    partners.loc[len(partners)] = {
        "id": "R3",
        "kind": "resident",
        "name": "秘名0644",
        "community": "C",
        "grid": "H",
    }
    extra = pd.DataFrame(
        [("R3", "R1", "visits", 1.0), ("R3", "S", "visits", 1.0), ("R3", "B2", "resides_in", 1.0)],
        columns=["source", "target", "relation", "weight"],
    )
    return gg.PartnerNetwork.from_frames(
        partners,
        pd.concat([net.relations, extra], ignore_index=True),
        needs=net.needs.reset_index(),
        resources=net.resources.reset_index(),
    )


def test_explanations_name_no_resident_unless_asked():
    table = gg.candidates(gossip_lane())
    row = table.loc[("N1", "S1")]
    assert row["through"] == ("R3",)
    assert "秘名0644" not in row["explanation_zh"] + row["explanation_en"]
    assert "经由居民 resident · 2号楼联系" in row["explanation_zh"]
    named = gg.candidates(gossip_lane(), names=True).loc[("N1", "S1")]
    assert "经由秘名0644联系" in named["explanation_zh"]
