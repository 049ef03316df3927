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


def tie_graph(net: gg.PartnerNetwork, weight: str | None = "weight", *, directed: bool = False) -> nx.Graph:
    """The tie graph govgraph measures, built independently with networkx.

    Undirected (default): every relation a tie. Directed: the arcs of ``net.ties(directed=True)``,
    a relation of a directed kind one way and of an undirected kind both ways. Parallel relations
    sum their weights; ``distance`` is ``1 / weight``.
    """
    reference = nx.DiGraph() if directed else nx.Graph()
    reference.add_nodes_from(net.partners.index)
    one_way = {kind: rel.directed for kind, rel in net.schema.relations.items()}
    for source, target, kind, value in zip(
        net.relations["source"],
        net.relations["target"],
        net.relations["relation"],
        net.relations[weight] if weight else [1.0] * len(net.relations),
        strict=True,
    ):
        both_ways = directed and not one_way[kind]
        for u, v in [(source, target), (target, source)] if both_ways else [(source, target)]:
            if reference.has_edge(u, v):
                reference[u][v]["weight"] += float(value)
            else:
                reference.add_edge(u, v, weight=float(value))
    for _, _, data in reference.edges(data=True):
        data["distance"] = 1.0 / data["weight"]
    return reference
