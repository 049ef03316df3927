"""GraphML, GEXF and node-link JSON: the formats Gephi, Cytoscape and D3 read.

Needs and resources travel as nodes of kind ``need`` and ``resource`` joined
by ``raised`` and ``offers`` edges, activities and projects as nodes of kind
``activity`` (its own kind in ``activity_kind``) and ``project`` joined by
their links (see :meth:`~govgraph.network.PartnerNetwork.to_networkx`), so a
network written and read back in any of these formats is equal to the original.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from govgraph.errors import DataError, Problem
from govgraph.model.files import output_file

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["GRAPH_FORMATS", "read_graph", "write_graph"]

GRAPH_FORMATS = (".graphml", ".gexf", ".json")
#: Characters XML 1.0, and so GraphML and GEXF, cannot hold.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


#: The graph attribute that carries each column's type (as ``_types.csv`` does for a folder).
TYPES_ATTRIBUTE = "govgraph_types"


def write_graph(graph: nx.MultiDiGraph, path: Path, *, types: pd.DataFrame | None = None) -> None:
    """Write a graph in the format its file suffix names.

    Dates are written as ISO text (``2024-03-15``, ``2024-03-15 10:30:00``).
    GraphML and GEXF are XML: text with a control character cannot be
    written (DataError names where it is; JSON can hold it), and a line break
    ``\r\n`` reads back as ``\n``. ``types`` (table, column, type) travel as a
    graph attribute in GraphML and JSON, so a column no row has a value in
    comes back; GEXF keeps no graph attributes, and drops such a column.
    """
    import networkx as nx  # imported when used: it takes a fifth of a second to load

    graph = graph.copy(as_view=False)
    if types is not None:
        graph.graph[TYPES_ATTRIBUTE] = json.dumps(types.to_numpy().tolist(), ensure_ascii=False)
    for attrs in [data for _, data in graph.nodes(data=True)] + [data for *_, data in graph.edges(data=True)]:
        for key, value in attrs.items():
            if isinstance(
                value, dt.datetime
            ):  # no graph format has dates: ISO text, typed by TYPES_ATTRIBUTE
                attrs[key] = (
                    value.isoformat(sep=" ") if value.time() != dt.time() else value.date().isoformat()
                )
    suffix = path.suffix.lower()
    if suffix in (".graphml", ".gexf"):
        _refuse_what_xml_cannot_hold(graph, path.name)
    path = output_file(path)
    if suffix == ".graphml":
        nx.write_graphml(graph, path)
    elif suffix == ".gexf":
        nx.write_gexf(graph, path)
    else:
        data = nx.node_link_data(graph, edges="edges")
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def read_graph(path: Path) -> nx.MultiDiGraph:
    """Read a graph written by :func:`write_graph` (or by Gephi and friends)."""
    import networkx as nx  # imported when used: it takes a fifth of a second to load

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


def graph_types(graph: nx.Graph) -> dict[str, dict[str, str]]:
    """The column types a graph carries (see :func:`write_graph`): table -> column -> type."""
    try:
        rows = json.loads(graph.graph.pop(TYPES_ATTRIBUTE, "[]"))
    except (TypeError, ValueError):
        return {}
    found: dict[str, dict[str, str]] = {}
    for row in rows if isinstance(rows, list) else []:
        if isinstance(row, list) and len(row) == 3 and all(isinstance(x, str) for x in row):
            found.setdefault(row[0], {})[row[1]] = row[2]
    return found


def _drop_gexf_bookkeeping(graph: nx.Graph) -> None:
    # GEXF gives every node a label (its id when none was set) and every edge an id.
    for node, data in graph.nodes(data=True):
        if data.get("label") == str(node):
            del data["label"]
    for *_, data in graph.edges(data=True):
        data.pop("id", None)


def _refuse_what_xml_cannot_hold(graph: nx.MultiDiGraph, name: str) -> None:
    problems = []

    def check(where: str, attrs: dict[str, object]) -> None:
        for key, value in attrs.items():
            for text, what in ((key, "attribute name"), (value, "value")):
                if isinstance(text, str) and XML_ILLEGAL.search(text):
                    problems.append(
                        Problem(name, None, str(key), f"{where}: the {what} holds a control character XML "
                                "cannot store; write a CSV folder or .json instead")
                    )  # fmt: skip

    for node, attrs in graph.nodes(data=True):
        check(f"node {str(node)[:40]!r}", {"id": node, **attrs})
    for source, target, attrs in graph.edges(data=True):
        check(f"edge {str(source)[:40]!r} -> {str(target)[:40]!r}", attrs)
    if problems:
        raise DataError(problems)
