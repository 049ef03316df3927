"""GraphML, GEXF and node-link JSON: the formats Gephi, Cytoscape and D3 read.

Needs and resources travel as nodes of kind ``need`` and ``resource`` joined
by ``raised`` and ``offers`` edges (see
:meth:`~govgraph.network.PartnerNetwork.to_networkx`), so a network written
and read back in any of these formats is equal to the original.
"""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx

from govgraph.errors import DataError, Problem

__all__ = ["GRAPH_FORMATS", "read_graph", "write_graph"]

GRAPH_FORMATS = (".graphml", ".gexf", ".json")


def write_graph(graph: nx.MultiDiGraph, path: Path) -> None:
    """Write a graph in the format its file suffix names."""
    suffix = path.suffix.lower()
    if suffix == ".graphml":
        nx.write_graphml(graph, path)
    elif suffix == ".gexf":
        nx.write_gexf(graph, path)
    else:
        data = nx.node_link_data(graph, edges="edges")
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def read_graph(path: Path) -> nx.MultiDiGraph:
    """Read a graph written by :func:`write_graph` (or by Gephi and friends)."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".graphml":
            graph = nx.read_graphml(path, force_multigraph=True)
        elif suffix == ".gexf":
            graph = nx.read_gexf(path)
            _drop_gexf_bookkeeping(graph)
        else:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
            graph = nx.node_link_graph(data, edges="edges")
    except (ValueError, KeyError, TypeError, SyntaxError) as error:
        # ElementTree's ParseError is a SyntaxError; json's is a ValueError.
        raise DataError(
            [Problem(path.name, None, None, f"is not a readable {suffix[1:]} file: {error}")]
        ) from None
    return graph


def _drop_gexf_bookkeeping(graph: nx.Graph) -> None:
    # GEXF gives every node a label (its id when none was set) and every edge an id.
    for node, data in graph.nodes(data=True):
        if data.get("label") == str(node):
            del data["label"]
    for *_, data in graph.edges(data=True):
        data.pop("id", None)
