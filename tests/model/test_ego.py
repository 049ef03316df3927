"""Ego networks: everyone within some ties of a partner, equal to networkx's ego_graph."""

from __future__ import annotations

import networkx as nx
import pytest

import govgraph as gg
from tests.together import street_with_activities


def undirected(net: gg.PartnerNetwork, relations: list[str] | None = None) -> nx.Graph:
    graph = nx.Graph()
    graph.add_nodes_from(net.partners.index)
    ties = net.relations if relations is None else net.relations[net.relations["relation"].isin(relations)]
    graph.add_edges_from(zip(ties["source"], ties["target"], strict=True))
    return graph


@pytest.mark.parametrize(
    ("partner", "hops", "relations"),
    [
        ("FC-W003", 1, None),
        ("FC-PC", 2, None),
        ("JM-SO-CH", 1, None),
        ("OL-PC", 0, None),
        ("FC-M07", 2, ["part_of", "responsible_for"]),
        ("RH-SS1", 1, "serves"),
    ],
)
def test_the_ego_network_equals_networkx(datun, partner, hops, relations):
    kinds = [relations] if isinstance(relations, str) else relations
    around = datun.ego(partner, hops=hops, relations=relations)
    expected = set(nx.ego_graph(undirected(datun, kinds), partner, radius=hops))
    assert set(around.partners.index) == expected
    ties = datun.relations
    inside = ties["source"].isin(expected) & ties["target"].isin(expected)
    if kinds is not None:
        inside &= ties["relation"].isin(kinds)
    assert len(around.relations) == int(inside.sum())
    assert around.needs["requester"].isin(expected).all()
    assert set(around.needs.index) == set(datun.needs.index[datun.needs["requester"].isin(expected)])


def test_the_ego_network_keeps_its_activities():
    street = street_with_activities()
    around = street.ego("G", hops=1)  # the grid with its buildings and partners sited in it
    assert {"A1", "P1"} <= set(around.activities.index) | set(around.projects.index)
    assert set(around.links["source"]) | set(around.links["target"]) <= (
        set(around.partners.index)
        | set(around.activities.index)
        | set(around.projects.index)
        | set(around.needs.index)
        | set(around.resources.index)
    )


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("nobody", {}), "no partner has the id 'nobody'"),
        (("FC-PC", {"hops": -1}), "hops"),
        (("FC-PC", {"hops": 1.5}), "hops"),
        (("FC-PC", {"hops": True}), "hops"),
        ((3, {}), "partner"),
        (("FC-PC", {"relations": ["friends"]}), "unknown relation kinds"),
    ],
)
def test_bad_arguments_are_named(datun, arguments, message):
    partner, options = arguments
    with pytest.raises(gg.GovGraphError, match=message):
        datun.ego(partner, **options)
