"""Textbook graphs as partner networks, with the networkx graph they came from."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest

import govgraph as gg


def as_network(graph: nx.Graph) -> tuple[gg.PartnerNetwork, nx.Graph]:
    """Residents joined by ``visits`` relations, and the same graph relabelled to their ids.

    The returned graph carries ``weight`` (1 where the original had none) and
    ``distance = 1 / weight`` (infinite for weight 0) on every edge: the ties govgraph measures.
    """
    ids = {node: f"P{i}" for i, node in enumerate(graph)}
    partners = pd.DataFrame(
        {"id": list(ids.values()), "kind": "resident", "name": [str(node) for node in graph]}
    )
    edges = list(graph.edges(data="weight", default=1.0))
    relations = pd.DataFrame(
        {
            "source": [ids[u] for u, _, _ in edges],
            "target": [ids[v] for _, v, _ in edges],
            "relation": "visits",
            "weight": [float(w) for _, _, w in edges],
        }
    )
    net = gg.PartnerNetwork.from_frames(partners=partners, relations=relations)
    reference = nx.Graph()
    reference.add_nodes_from(ids.values())
    reference.add_edges_from(
        (ids[u], ids[v], {"weight": float(w), "distance": 1.0 / w if w else float("inf")})
        for u, v, w in edges
    )
    return net, reference


def _with_isolates_and_pieces() -> nx.Graph:
    """Two weighted components, a path and two isolated partners."""
    graph = nx.gnm_random_graph(40, 70, seed=4)
    for i, (u, v) in enumerate(graph.edges()):
        graph[u][v]["weight"] = float(1 + i % 4)
    graph = nx.disjoint_union(graph, nx.path_graph(6))
    graph.add_nodes_from(["lonely", "alone"])
    return graph


TEXTBOOK = {
    "karate": nx.karate_club_graph,
    "florentine": nx.florentine_families_graph,
    "les_miserables": nx.les_miserables_graph,
    "pieces": _with_isolates_and_pieces,
}


@pytest.fixture(params=sorted(TEXTBOOK), scope="module")
def textbook(request: pytest.FixtureRequest) -> tuple[gg.PartnerNetwork, nx.Graph]:
    return as_network(TEXTBOOK[request.param]())


def tie_graph(net: gg.PartnerNetwork, weight: str | None = "weight") -> nx.Graph:
    """The undirected tie graph govgraph measures, built independently with networkx."""
    reference = nx.Graph()
    reference.add_nodes_from(net.partners.index)
    for source, target, value in zip(
        net.relations["source"],
        net.relations["target"],
        net.relations[weight] if weight else [1.0] * len(net.relations),
        strict=True,
    ):
        if reference.has_edge(source, target):
            reference[source][target]["weight"] += float(value)
        else:
            reference.add_edge(source, target, weight=float(value))
    for _, _, data in reference.edges(data=True):
        data["distance"] = 1.0 / data["weight"]
    return reference
