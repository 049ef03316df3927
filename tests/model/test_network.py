"""PartnerNetwork: construction, immutability, derived views, subnetworks, equality."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govgraph as gg
from tests.conftest import small_tables


def test_frames_have_canonical_shape(small):
    assert small.partners.index.name == "id"
    assert list(small.partners.columns) == ["kind", "name", "community", "grid", "households", "phone"]
    assert list(small.relations.columns) == ["source", "target", "relation", "weight"]
    assert list(small.needs.columns) == ["requester", "category", "urgency"]
    assert list(small.resources.columns) == ["provider", "category", "capacity"]
    assert small.partners["households"].dtype == "Int64"
    assert small.needs["urgency"].dtype == "int64"


def test_ids_from_the_index_and_numbers_become_text():
    partners = pd.DataFrame({"kind": ["community", "grid"]}, index=pd.Index([1, 2], name="id"))
    relations = pd.DataFrame({"source": [2], "target": [1], "relation": ["part_of"]})
    net = gg.PartnerNetwork.from_frames(partners, relations)
    assert list(net.partners.index) == ["1", "2"]
    assert list(net.relations["source"]) == ["2"]
    assert net.relations["weight"].tolist() == [1.0]  # absent weight column: every relation weighs 1


def test_absent_optional_tables_are_empty(small):
    tables = small_tables()
    net = gg.PartnerNetwork.from_frames(tables["partners"], tables["relations"])
    assert len(net.needs) == 0 and list(net.needs.columns) == ["requester", "category", "urgency"]
    assert len(net.resources) == 0


def test_network_cannot_be_changed_through_its_frames(small):
    partners = small.partners
    partners.loc["R1", "name"] = "改名"
    partners["new"] = 1
    relations = small.relations
    relations.loc[0, "weight"] = 99.0
    assert small.partners.loc["R1", "name"] == "居民甲"
    assert "new" not in small.partners.columns
    assert small.relations.loc[0, "weight"] == 1.0


def test_input_frames_are_not_changed():
    tables = small_tables()
    before = {k: v.copy() for k, v in tables.items()}
    gg.PartnerNetwork.from_frames(**tables)
    for name, frame in tables.items():
        pd.testing.assert_frame_equal(frame, before[name])


def test_to_networkx(small):
    graph = small.to_networkx()
    assert isinstance(graph, nx.MultiDiGraph)
    assert graph.number_of_nodes() == 5 and graph.number_of_edges() == 5
    assert graph.nodes["B1"] == {
        "kind": "building",
        "name": "1号楼",
        "community": "C1",
        "grid": "G1",
        "households": 120,
    }
    assert graph.edges["W1", "R1", 0] == {"relation": "visits", "weight": 3.0}
    assert small.to_networkx() is graph  # cached
    with_needs = small.to_networkx(include_needs=True)
    assert with_needs.nodes["N1"]["kind"] == "need"
    assert with_needs.edges["R1", "N1", 0]["relation"] == "raised"
    assert with_needs.edges["W1", "S1", 0]["relation"] == "offers"


def test_adjacency_matches_networkx(datun):
    adjacency = datun.adjacency()
    graph = datun.to_networkx()
    undirected = nx.Graph()
    undirected.add_nodes_from(graph)
    for u, v, w in graph.edges(data="weight"):
        previous = undirected.get_edge_data(u, v, {"weight": 0.0})["weight"]
        undirected.add_edge(u, v, weight=previous + w)
    expected = nx.to_scipy_sparse_array(undirected, nodelist=list(adjacency.index), weight="weight")
    assert list(adjacency.index) == list(datun.partners.index)
    assert abs(adjacency.matrix - expected).max() < 1e-12


def test_adjacency_directed_counts_and_relation_filter(small):
    adjacency = small.adjacency(weight=None, relations=["visits", "resides_in"], directed=True)
    dense = pd.DataFrame(adjacency.matrix.toarray(), index=adjacency.index, columns=adjacency.index)
    assert dense.loc["W1", "R1"] == 1 and dense.loc["R1", "W1"] == 0
    assert dense.loc["R1", "B1"] == 1
    assert dense.to_numpy().sum() == 2
    assert small.adjacency(weight=None, relations=["visits", "resides_in"], directed=True) is adjacency


def test_adjacency_bad_arguments(small):
    with pytest.raises(gg.GovGraphError, match=r"relations: unknown relation kinds \['owns'\]"):
        small.adjacency(relations=["owns"])
    with pytest.raises(gg.GovGraphError, match="weight: the relations table has no column 'cost'"):
        small.adjacency(weight="cost")


def test_subnetwork_by_community(datun):
    fucheng = datun.subnetwork(communities=["FC"])
    assert set(fucheng.partners["community"]) == {"FC"}
    assert (fucheng.partners["kind"] == "merchant").sum() == 35
    kept = set(fucheng.partners.index)
    assert set(fucheng.relations["source"]) <= kept and set(fucheng.relations["target"]) <= kept
    assert len(fucheng.needs) == 183 and len(fucheng.resources) == 78
    assert datun.partners.shape[0] > fucheng.partners.shape[0]  # the original is untouched


def test_subnetwork_by_kind(datun):
    people = datun.subnetwork(kinds=["resident", "building"])
    assert set(people.partners["kind"]) == {"resident", "building"}
    assert set(people.relations["relation"]) == {"resides_in"}


def test_subnetwork_bad_arguments(datun):
    with pytest.raises(gg.GovGraphError, match=r"communities: no partner belongs to \['XX'\]"):
        datun.subnetwork(communities=["XX"])
    with pytest.raises(gg.GovGraphError, match=r"kinds: unknown partner kinds \['shop'\]"):
        datun.subnetwork(kinds="shop")
    with pytest.raises(gg.GovGraphError, match="communities: expected a string or a list"):
        datun.subnetwork(communities=3)


def test_summary(small, datun):
    table = small.summary()
    assert table.loc["C1", "resident"] == 1
    assert table.loc["total", "total"] == 5
    assert list(table.columns) == ["community", "grid", "building", "grid_worker", "resident", "total"]
    assert datun.summary().loc["total", "total"] == len(datun.partners)


def test_equality_ignores_row_and_column_order(small):
    tables = small_tables()
    tables["relations"] = tables["relations"].iloc[::-1]
    tables["partners"] = tables["partners"].iloc[::-1][["phone", *tables["partners"].columns[:-1]]]
    assert gg.PartnerNetwork.from_frames(**tables) == small
    tables["relations"].loc[0, "weight"] = 2.0
    assert gg.PartnerNetwork.from_frames(**tables) != small
    assert small != "a network"
    with pytest.raises(TypeError):
        hash(small)


def test_from_networkx_round_trip(datun):
    assert gg.PartnerNetwork.from_networkx(datun.to_networkx(include_needs=True)) == datun


def test_from_networkx_karate_club():
    graph = nx.karate_club_graph()
    nx.set_node_attributes(graph, "resident", "kind")
    nx.set_edge_attributes(graph, "visits", "relation")
    net = gg.PartnerNetwork.from_networkx(graph)
    assert len(net.partners) == 34 and len(net.relations) == 78
    assert net.partners.loc["0", "club"] == "Mr. Hi"
    assert net.relations["weight"].sum() == sum(w for *_, w in graph.edges(data="weight"))


def test_repr(small):
    assert repr(small) == "<PartnerNetwork: 5 partners, 5 relations, 1 needs, 1 resources>"


@settings(max_examples=30, deadline=None)
@given(
    n=st.integers(min_value=2, max_value=30),
    edges=st.lists(st.tuples(st.integers(0, 29), st.integers(0, 29), st.floats(0, 100)), max_size=60),
)
def test_adjacency_sums_every_relation_weight(n, edges):
    edges = [(a % n, b % n, w) for a, b, w in edges if a % n != b % n]
    partners = pd.DataFrame({"id": [f"V{i}" for i in range(n)], "kind": "volunteer"})
    relations = pd.DataFrame(
        {
            "source": [f"V{a}" for a, _, _ in edges],
            "target": [f"V{b}" for _, b, _ in edges],
            "relation": "collaborates",
            "weight": [w for *_, w in edges],
        }
    )
    net = gg.PartnerNetwork.from_frames(partners, relations)
    matrix = net.adjacency().matrix
    assert np.isclose(matrix.sum(), 2 * sum(w for *_, w in edges))
    assert abs(matrix - matrix.T).max() == 0 if edges else matrix.nnz == 0
