"""Every shipped query gives the answer computed in Python on the same network."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest

import govgraph as gg
from govgraph.store.cypher import cypher_path, query_parameters
from tests.store.conftest import clear

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def bridged(datun) -> gg.PartnerNetwork:
    """Datun North plus a street-level lawyer and a clinic that serve several communities."""
    partners = datun.partners.reset_index()
    extra = pd.DataFrame(
        {
            "id": ["ST-LAW", "ST-CLINIC"],
            "kind": ["professional", "service_station"],
            "name": ["律师事务所", "社区卫生服务中心"],
        }
    )
    relations = pd.concat(
        [
            datun.relations,
            pd.DataFrame(
                {
                    "source": ["FC-PC", "RH-PC", "OL-PC", "ST-CLINIC", "ST-CLINIC"],
                    "target": ["ST-LAW", "ST-LAW", "ST-LAW", "FC-R0001", "JM-R0001"],
                    "relation": ["partners_with", "partners_with", "partners_with", "serves", "serves"],
                    "weight": 1.0,
                }
            ),
        ]
    )
    buildings = pd.DataFrame(
        {
            "id": ["FC-B-NEW"],
            "kind": ["building"],
            "community": ["FC"],
            "grid": ["FC-M01"],
            "households": [77],
        }
    )
    relations.loc[len(relations)] = {
        "source": "FC-B-NEW",
        "target": "FC-M01",
        "relation": "part_of",
        "weight": 1.0,
    }
    return gg.PartnerNetwork.from_frames(
        pd.concat([partners, extra, buildings], ignore_index=True),
        pd.concat([relations, datun.links], ignore_index=True),  # with who takes part in what
        needs=datun.needs,
        resources=datun.resources,
        activities=datun.activities,
        projects=datun.projects,
    )


@pytest.fixture(scope="module")
def saved(neo4j_server, bridged):
    """The network saved once for the module: every query here only reads."""
    with gg.Neo4jStore() as store:
        clear(store)
        store.save(bridged)
        yield store


def undirected_partner_graph(net: gg.PartnerNetwork) -> nx.MultiGraph:
    return nx.MultiGraph(net.to_networkx())


def test_key_connectors(saved, bridged):
    got = saved.query("key_connectors", limit=25)
    graph = bridged.to_networkx()
    strength = dict(graph.degree(weight="weight"))
    expected = pd.DataFrame(
        {
            "id": list(graph.nodes),
            "degree": [graph.degree(n) for n in graph],
            "strength": [strength[n] for n in graph],
        }
    )
    expected = expected.sort_values(["degree", "strength", "id"], ascending=[False, False, True]).head(25)
    assert got["id"].tolist() == expected["id"].tolist()
    assert got["degree"].tolist() == expected["degree"].tolist()
    assert got["strength"].tolist() == pytest.approx(expected["strength"].tolist())
    assert saved.query("key_connectors")["id"].tolist() == expected["id"].head(20).tolist()  # default limit


@pytest.mark.parametrize("providers", [None, ["grid_worker"], ["party_member", "volunteer"]])
def test_coverage_gaps(saved, bridged, providers):
    got = (
        saved.query("coverage_gaps")
        if providers is None
        else saved.query("coverage_gaps", providers=providers)
    )
    kinds = providers or query_parameters(cypher_path("queries", "coverage_gaps.cypher"))["providers"]
    graph = undirected_partner_graph(bridged)
    p = bridged.partners
    gaps = [
        b
        for b in p.index[p["kind"] == "building"]
        if not any(graph.nodes[n]["kind"] in kinds for n in graph.neighbors(b))
    ]
    expected = p.loc[gaps].sort_values("households", ascending=False).reset_index()
    expected = expected.sort_values(["households", "id"], ascending=[False, True])
    assert got["id"].tolist() == expected["id"].tolist()
    assert "FC-B-NEW" in got["id"].tolist()


def test_needs_without_candidates(saved, bridged):
    got = saved.query("needs_without_candidates")
    community = bridged.partners["community"]
    needs = bridged.needs.assign(community=community[bridged.needs["requester"]].to_numpy())
    offered = bridged.resources[bridged.resources["capacity"] > 0]
    offered = set(zip(community[offered["provider"]].to_numpy(), offered["category"]))
    lacking = needs[[(c, k) not in offered for c, k in zip(needs["community"], needs["category"])]]
    expected = lacking.reset_index().sort_values(["urgency", "id"], ascending=[False, True])
    assert len(expected) > 0
    assert got["id"].tolist() == expected["id"].tolist()
    assert got["requester"].tolist() == expected["requester"].tolist()


@pytest.mark.parametrize(("start", "hops"), [("FC-B01", 1), ("FC-B01", 2), ("ST-LAW", 3), ("RH-SS1", 2)])
def test_reach(saved, bridged, start, hops):
    got = saved.query("reach", id=start, hops=hops)
    lengths = nx.single_source_shortest_path_length(nx.Graph(bridged.to_networkx()), start, cutoff=hops)
    lengths.pop(start)
    expected = sorted(lengths.items(), key=lambda item: (item[1], item[0]))
    assert list(zip(got["id"], got["hops"])) == expected


def test_bridging_partners(saved, bridged):
    got = saved.query("bridging_partners")
    graph = undirected_partner_graph(bridged)
    community = bridged.partners["community"]
    reached = {n: sorted({community[m] for m in graph.neighbors(n) if pd.notna(community[m])}) for n in graph}
    expected = sorted(
        ((n, c) for n, c in reached.items() if len(c) >= 2), key=lambda item: (-len(item[1]), item[0])
    )
    assert [(i, list(c)) for i, c in zip(got["id"], got["communities"])] == expected
    assert {"ST-LAW", "ST-CLINIC"} <= set(got["id"])


@pytest.mark.parametrize(
    "relations", [None, ["organises"], ["organises", "takes_part_in", "serves_in", "funds"]]
)
def test_co_participation(saved, bridged, relations):
    options = {} if relations is None else {"relations": relations}
    got = saved.query("co_participation", limit=10_000, **options)
    chosen = relations or ["organises", "takes_part_in"]
    pairs = pd.concat(
        [
            gg.affiliation(bridged, mode=mode, relations=chosen).projection()
            for mode in ("activities", "projects")
        ]
    )
    expected = pairs.groupby(["source", "target"], as_index=False)["shared"].sum()
    expected = expected.sort_values(["shared", "source", "target"], ascending=[False, True, True])
    assert got[["source", "target", "shared"]].to_dict("records") == expected.to_dict("records")
    assert got.loc[0, "source_name"] == bridged.partners.at[got.loc[0, "source"], "name"]


def test_query_errors(saved):
    with pytest.raises(gg.GovGraphError, match=r"name: no query '\.\./schema'"):
        saved.query("../schema")
    with pytest.raises(gg.GovGraphError, match=r"reach: missing parameters \['id'\]"):
        saved.query("reach")
    with pytest.raises(gg.GovGraphError, match=r"reach: unknown parameters \['depth'\]"):
        saved.query("reach", id="FC", depth=2)


def test_every_query_documents_its_parameters_and_columns():
    for name in gg.store.available_queries():
        text = cypher_path("queries", f"{name}.cypher").read_text(encoding="utf-8")
        assert "// Parameters:" in text and "// Columns:" in text, name


def test_shipped_relations_imports_are_rendered_from_the_default_schema():
    from govgraph.store.neo4j_store import LINKS_IMPORT, RELATIONS_IMPORT, relations_import

    shipped = cypher_path("import", RELATIONS_IMPORT).read_text(encoding="utf-8")
    assert shipped == relations_import(gg.DEFAULT_SCHEMA)
    links = cypher_path("import", LINKS_IMPORT).read_text(encoding="utf-8")
    assert links == relations_import(gg.DEFAULT_SCHEMA, links=True)
    assert '"takes_part_in"' in links and '"takes_part_in"' not in shipped
