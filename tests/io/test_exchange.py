"""GraphML, GEXF and node-link JSON: readable by networkx and round-tripping."""

from __future__ import annotations

import json

import networkx as nx
import pytest

import govgraph as gg

READERS = {
    "net.graphml": nx.read_graphml,
    "net.gexf": nx.read_gexf,
    "net.json": lambda p: nx.node_link_graph(json.loads(p.read_text(encoding="utf-8")), edges="edges"),
}


@pytest.mark.parametrize("name", sorted(READERS))
def test_export_is_readable_by_networkx(datun, tmp_path, name):
    datun.write(tmp_path / name)
    graph = READERS[name](tmp_path / name)
    items = len(datun.needs) + len(datun.resources)
    assert graph.number_of_nodes() == len(datun.partners) + items + len(datun.activities) + len(
        datun.projects
    )
    assert graph.number_of_edges() == len(datun.relations) + items + len(datun.links)
    assert graph.nodes["FC"]["name"] == "富成花园社区"
    assert graph.nodes["FC"]["kind"] == "community"
    assert graph.nodes["FC-ACT001"]["kind"] == "activity"
    assert graph.nodes["FC-ACT001"]["activity_kind"] == "market"
    kinds = nx.get_node_attributes(graph, "kind")
    assert sum(1 for k in kinds.values() if k == "need") == len(datun.needs)
    assert sum(1 for k in kinds.values() if k == "project") == len(datun.projects) > 0


@pytest.mark.parametrize("name", sorted(READERS))
def test_round_trip(datun, tmp_path, name):
    datun.write(tmp_path / name)
    assert gg.read(tmp_path / name) == datun


@pytest.mark.parametrize("name", sorted(READERS))
def test_damaged_file_is_reported(tmp_path, name):
    (tmp_path / name).write_text("<graphml><broken", encoding="utf-8")
    with pytest.raises(gg.DataError, match=rf"{name}: is not a readable {name.split('.')[1]} file"):
        gg.read(tmp_path / name)


def test_graph_without_kinds_is_reported(tmp_path):
    nx.write_graphml(nx.path_graph(3), tmp_path / "plain.graphml")
    with pytest.raises(gg.DataError) as caught:
        gg.read(tmp_path / "plain.graphml")
    assert any(p.column == "kind" for p in caught.value.problems)
    assert any(p.column == "relation" for p in caught.value.problems)
