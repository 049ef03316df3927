"""Neo4jStore against a real Neo4j server: round trips, idempotence, replace, faults, errors."""

from __future__ import annotations

import os
import shutil
import threading
import time

import hypothesis.strategies as st
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings

import govgraph as gg
from govgraph.model.contract import TABLE_NAMES
from govgraph.model.schema import PartnerKind
from tests.conftest import hostile_text, small_tables
from tests.store.conftest import clear, counts, managed_server, server

pytestmark = pytest.mark.neo4j

#: govgraph's own nodes beside the data: a :GovGraphTable per table and the :GovGraphStore marker.
BOOKKEEPING = len(TABLE_NAMES) + 1


def assert_same_tables(left: gg.PartnerNetwork, right: gg.PartnerNetwork) -> None:
    for name in ("partners", "needs", "resources"):
        a, b = getattr(left, name), getattr(right, name)
        pd.testing.assert_frame_equal(a.sort_index(), b.sort_index()[a.columns])
    a, b = left.relations, right.relations
    columns = list(a.columns)
    pd.testing.assert_frame_equal(
        a.sort_values(columns).reset_index(drop=True), b[columns].sort_values(columns).reset_index(drop=True)
    )


def test_round_trip_of_datun_north(store, datun):
    written = store.save(datun)
    assert written == {"partners": 3881, "relations": 8776, "needs": 554, "resources": 123, "deleted": 0} or (
        written["partners"] == len(datun.partners) and written["relations"] == len(datun.relations)
    )
    back = store.load()
    assert back == datun
    assert_same_tables(back, datun)  # column order, Chinese text, extras and types too
    # a year of dates: visits by day, needs by the minute, the evaluation as a boolean
    march = store.run(
        "MATCH ()-[v:VISITS]->() WHERE date('2024-03-01') <= v.date <= date('2024-03-31') RETURN count(v) AS n"
    )
    visits = datun.relations[datun.relations["relation"] == "visits"]
    assert march.loc[0, "n"] == visits["date"].between("2024-03-01", "2024-03-31").sum() > 0
    unsolved = store.run("MATCH (n:Need) WHERE n.solved = false RETURN count(n) AS n").loc[0, "n"]
    assert unsolved == (datun.needs["solved"] == False).sum() > 0  # noqa: E712
    assert back.partners.loc["JM-SO-JL", "name"] == "“嘉”领袖志愿服务队"
    assert back.partners["phone"].dtype == "str" and back.partners["age"].dtype == "Int64"


def test_graph_model(store, small):
    store.save(small)
    labels = store.run("MATCH (n:Partner {id: 'R1'}) RETURN labels(n) AS labels").loc[0, "labels"]
    assert sorted(labels) == ["Partner", "Resident"]
    types = set(store.run("MATCH (:Partner)-[r]->() RETURN DISTINCT type(r) AS t")["t"])
    assert types == {"PART_OF", "RESPONSIBLE_FOR", "RESIDES_IN", "VISITS", "RAISED", "OFFERS"}
    need = store.run("MATCH (p:Partner)-[:RAISED]->(n:Need) RETURN p.id AS p, n.urgency AS u")
    assert need.to_dict("records") == [{"p": "R1", "u": 3}]


def test_saving_twice_changes_nothing(store, datun):
    store.save(datun)
    first = counts(store)
    store.save(datun, batch_size=997)
    assert (
        counts(store)
        == first
        == (
            len(datun.partners)
            + len(datun.needs)
            + len(datun.resources)
            + BOOKKEEPING
            + len(datun.activities)
            + len(datun.projects),
            len(datun.relations) + len(datun.needs) + len(datun.resources) + len(datun.links),
        )
    )
    assert store.load() == datun


def test_merge_keeps_and_replace_removes(store, datun):
    fucheng = datun.subnetwork(communities=["FC"])
    store.save(datun)
    store.run("CREATE (:Note {text: 'kept'})")
    store.run("MATCH (a:Partner {id: 'FC-B01'}), (b:Partner {id: 'FC-B02'}) CREATE (a)-[:KNOWS]->(b)")
    assert store.save(fucheng)["deleted"] == 0  # merge: the rest stays
    assert store.load() == datun
    result = store.save(fucheng, mode="replace")
    assert result["deleted"] > 0
    assert store.load() == fucheng
    assert len(store.run("MATCH (n:Note) RETURN n")) == 1  # not govgraph's: untouched
    assert len(store.run("MATCH ()-[r:KNOWS]->() RETURN r")) == 1


def test_replace_removes_a_dropped_relation_only(store, small):
    store.save(small)
    tables = small_tables()
    tables["relations"] = tables["relations"].iloc[:-1]  # drop the visit
    fewer = gg.PartnerNetwork.from_frames(**tables)
    assert store.save(fewer, mode="replace")["deleted"] == 1
    assert store.load() == fewer


def test_changed_kind_and_owner_are_updated(store, small):
    store.save(small)
    tables = small_tables()
    tables["partners"].loc[3, "kind"] = "volunteer"
    tables["relations"].loc[2, "relation"] = "visits"  # volunteer -> building
    tables["resources"]["provider"] = "R1"
    changed = gg.PartnerNetwork.from_frames(**tables)
    store.save(changed, mode="replace")
    assert store.load() == changed
    labels = store.run("MATCH (n:Partner {id: 'W1'}) RETURN labels(n) AS l").loc[0, "l"]
    assert sorted(labels) == ["Partner", "Volunteer"]


def test_load_communities(store, datun):
    store.save(datun)
    assert store.load(communities=["FC", "RH"]) == datun.subnetwork(communities=["FC", "RH"])
    assert store.load(communities="YY") == datun.subnetwork(communities=["YY"])


def test_empty_database_loads_an_empty_network(store):
    net = store.load()
    assert len(net.partners) == 0 and len(net.relations) == 0


HOSTILE = hostile_text()
SHORT_HOSTILE = hostile_text(max_bytes=8_000)  # what Neo4j can index


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    names=st.lists(HOSTILE, min_size=5, max_size=5),
    note=HOSTILE,
    category=SHORT_HOSTILE.filter(lambda c: c.strip() and gg.TAXONOMY.words.resolve(c) is None),
)
def test_hostile_strings_are_stored_verbatim(store, names, note, category):
    clear(store)
    tables = small_tables()
    tables["partners"]["name"] = names
    tables["relations"]["note"] = note
    tables["needs"]["category"] = category  # an indexed property, in a taxonomy that knows it
    taxonomy = gg.TAXONOMY.extend([gg.Category(category, "类别", "category")], answers={category: ["repair"]})
    schema = gg.DEFAULT_SCHEMA.with_taxonomy(taxonomy)
    net = gg.PartnerNetwork.from_frames(**tables, schema=schema)
    with gg.Neo4jStore(schema=schema) as knowing:
        knowing.save(net, mode="replace")
        assert knowing.load() == net
    assert counts(store)[0] == 5 + 1 + 1 + BOOKKEEPING


def test_values_too_long_to_index_are_refused_before_any_query(store):
    tables = small_tables()
    long = "长" * 3_000  # 9,000 bytes in UTF-8
    tables["needs"]["category"] = long
    tables["partners"].loc[4, "grid"] = None
    tables["partners"]["community"] = None
    tables["partners"].loc[0, "community"] = None
    taxonomy = gg.TAXONOMY.extend([gg.Category(long, "长类别", "long")], answers={long: ["repair"]})
    schema = gg.DEFAULT_SCHEMA.with_taxonomy(taxonomy)
    net = gg.PartnerNetwork.from_frames(**tables, schema=schema)
    with pytest.raises(gg.GovGraphError, match=r"does not declare categories \['长长长"):
        store.save(net)  # a category this store's schema does not know
    with (
        gg.Neo4jStore(schema=schema) as knowing,
        pytest.raises(
            gg.DataError,
            match=r"needs table, column 'category': the value of 'N1' is longer than the 8,000 bytes",
        ),
    ):
        knowing.save(net)
    assert counts(store) == (0, 0)


def test_unknown_kinds_are_rejected_before_any_query(store, small):
    schema = gg.DEFAULT_SCHEMA.extend(kinds=[PartnerKind("school", "学校", "school")])
    tables = small_tables()
    tables["partners"].loc[3, "kind"] = "school"
    tables["relations"] = tables["relations"][tables["relations"]["source"] != "W1"]
    tables["resources"]["provider"] = "C1"
    net = gg.PartnerNetwork.from_frames(**tables, schema=schema)
    with pytest.raises(gg.GovGraphError, match=r"does not declare partner kinds \['school'\]"):
        store.save(net)
    assert counts(store) == (0, 0)
    with gg.Neo4jStore(schema=schema) as wider:
        wider.save(net)
        assert wider.load() == net


def test_bad_save_arguments(store, small):
    with pytest.raises(gg.GovGraphError, match="mode: expected 'merge' or 'replace'"):
        store.save(small, mode="overwrite")
    with pytest.raises(gg.GovGraphError, match="batch_size: expected a positive whole number"):
        store.save(small, batch_size=0)
    with pytest.raises(gg.GovGraphError, match="net: expected a PartnerNetwork, got DataFrame"):
        store.save(small.partners)
    assert counts(store) == (0, 0)


def test_connection_refused_names_the_uri_not_the_password(neo4j_server):
    with pytest.raises(gg.GovGraphError, match=r"cannot reach Neo4j at bolt://127.0.0.1:1\b") as caught:
        gg.Neo4jStore(uri="bolt://127.0.0.1:1", password="s3cret-password")
    assert "s3cret-password" not in str(caught.value)


def test_wrong_password(neo4j_server):
    with pytest.raises(gg.GovGraphError, match="refused the user 'neo4j': wrong user or password") as caught:
        gg.Neo4jStore(password="not-the-password")
    assert "not-the-password" not in str(caught.value)
    assert os.environ["GOVGRAPH_NEO4J_URI"] in str(caught.value)


def test_unknown_database(neo4j_server):
    with pytest.raises(gg.GovGraphError, match="has no database 'nosuchdb'"):
        gg.Neo4jStore(database="nosuchdb")


def test_missing_password_and_bad_uri(neo4j_server, monkeypatch):
    monkeypatch.delenv("GOVGRAPH_NEO4J_PASSWORD")
    with pytest.raises(gg.GovGraphError, match="password: give it or set GOVGRAPH_NEO4J_PASSWORD"):
        gg.Neo4jStore()
    with pytest.raises(gg.GovGraphError, match="uri: 'http://x' is not a Neo4j URI"):
        gg.Neo4jStore(uri="http://x", password="p")


def test_repr_hides_the_password(store):
    assert os.environ["GOVGRAPH_NEO4J_PASSWORD"] not in repr(store)


def test_setup_schema_is_idempotent(store):
    store.setup_schema()
    first = set(store.run("SHOW CONSTRAINTS YIELD name")["name"])
    store.setup_schema()
    assert set(store.run("SHOW CONSTRAINTS YIELD name")["name"]) == first
    assert {"govgraph_partner_id", "govgraph_need_id", "govgraph_resource_id"} <= first
    indexes = set(store.run("SHOW INDEXES YIELD name")["name"])
    assert {"govgraph_partner_kind", "govgraph_partner_community", "govgraph_partner_grid"} <= indexes


def test_load_csv_import_gives_the_same_graph_as_save(store, datun, tmp_path):
    import_dir = os.environ.get("GOVGRAPH_NEO4J_IMPORT")
    if not import_dir:
        pytest.skip("GOVGRAPH_NEO4J_IMPORT (the server's import folder) is not set")
    folder = os.path.join(import_dir, "test_datun_north")
    shutil.rmtree(folder, ignore_errors=True)
    datun.write(folder)
    created = store.import_csv("file:///test_datun_north/")
    nodes = len(datun.partners) + len(datun.needs) + len(datun.resources)
    assert created["nodes"] == nodes + len(datun.activities) + len(datun.projects) + len(TABLE_NAMES)
    assert store.load() == datun
    imported = counts(store)
    store.save(datun)  # the same graph: saving it adds nothing
    assert counts(store) == imported


@pytest.mark.slow
def test_server_stopped_in_the_middle_of_a_save(neo4j_server):
    if not managed_server():
        pytest.skip("the server is not managed by scripts/neo4j-server, so it cannot be stopped here")
    big = gg.datasets.synthetic(40_000, seed=7)
    with gg.Neo4jStore() as store:
        clear(store)
    failure: list[BaseException] = []

    def save() -> None:
        try:
            with gg.Neo4jStore(retry_seconds=3, lease_seconds=5) as store:
                store.save(big, batch_size=2_000)
        except BaseException as error:
            failure.append(error)

    saving = threading.Thread(target=save)
    saving.start()
    with gg.Neo4jStore() as watcher:
        deadline = time.monotonic() + 120
        while counts(watcher)[0] < 5_000 and saving.is_alive() and time.monotonic() < deadline:
            time.sleep(0.2)
    assert saving.is_alive(), "the save finished before the server could be stopped"
    server("stop")
    try:
        saving.join(timeout=180)
        assert not saving.is_alive()
        assert len(failure) == 1 and isinstance(failure[0], gg.GovGraphError), failure
        assert os.environ["GOVGRAPH_NEO4J_URI"] in str(failure[0])
    finally:
        server("start")
    with gg.Neo4jStore() as store:
        partial = counts(store)
        assert 0 < partial[0] < len(big.partners)
        with pytest.raises(gg.GovGraphError, match=r"did not finish|still writing"):
            store.load()  # never half a network
        store.save(big, batch_size=10_000)
        assert store.load() == big
        assert counts(store) == (
            len(big.partners) + len(big.needs) + len(big.resources) + BOOKKEEPING,
            len(big.relations) + len(big.needs) + len(big.resources),
        )


def dated_network() -> gg.PartnerNetwork:
    """The small network with dates: a day-only column, a column with times, and a missing date."""
    tables = small_tables()
    tables["needs"] = pd.concat([tables["needs"]] * 2, ignore_index=True)
    tables["needs"]["id"] = ["N1", "N2"]
    tables["needs"]["created_at"] = ["2024/3/15", "2024年3月20日 10时30分"]
    tables["needs"]["resolved_at"] = ["2024-03-18", None]
    tables["relations"]["valid_from"] = ["2023.1.1", None, "2024-02-29", None, "2024-03-16"]
    return gg.PartnerNetwork.from_frames(**tables)


def test_dates_are_stored_as_temporal_values_and_round_trip(store):
    net = dated_network()
    assert net.needs["created_at"].dtype == "datetime64[us]"
    store.save(net)
    back = store.load()
    assert back == net
    assert_same_tables(back, net)
    kinds = store.run(
        "MATCH (n:Need) RETURN n.id AS id, valueType(n.created_at) AS created, valueType(n.resolved_at) AS "
        "resolved ORDER BY id"
    )
    assert kinds["created"].str.startswith("LOCAL DATETIME").all()  # one column, one type: it holds a time
    assert kinds["resolved"].tolist()[0].startswith("DATE")  # midnight only: a Date
    late = store.run(
        "MATCH (n:Need) WHERE n.created_at >= localdatetime('2024-03-16T00:00') RETURN n.id AS id"
    )
    assert late["id"].tolist() == ["N2"]
    since = store.run("MATCH ()-[r:VISITS]->() WHERE r.valid_from > date('2024-03-01') RETURN count(r) AS n")
    assert since.loc[0, "n"] == 1


def test_load_csv_import_reads_dates(store, tmp_path):
    import_dir = os.environ.get("GOVGRAPH_NEO4J_IMPORT")
    if not import_dir:
        pytest.skip("GOVGRAPH_NEO4J_IMPORT (the server's import folder) is not set")
    net = dated_network()
    folder = os.path.join(import_dir, "test_dates")
    shutil.rmtree(folder, ignore_errors=True)
    net.write(folder)
    store.import_csv("file:///test_dates/")
    assert store.load() == net
    assert (
        store.run("MATCH (n:Need {id: 'N1'}) RETURN valueType(n.resolved_at) AS t")
        .loc[0, "t"]
        .startswith("DATE")
    )
