"""Saves that cannot destroy each other or be half-read, with real processes against the real server."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time

import pandas as pd
import pytest

import govgraph as gg
from tests.conftest import small_tables
from tests.store.conftest import clear, counts

pytestmark = pytest.mark.neo4j


def street(prefix: str, size: int = 3_000) -> gg.PartnerNetwork:
    """A synthetic district whose ids all start with ``prefix``: two of them share no partner."""
    tables = gg.datasets.synthetic_tables(size, seed=len(prefix))
    for name, columns in (("partners", ["id"]), ("relations", ["source", "target"]), ("needs", ["id", "requester"]),
                          ("resources", ["id", "provider"])):  # fmt: skip
        for column in columns:
            tables[name][column] = prefix + tables[name][column].astype(str)
    for column in ("community", "grid"):
        tables["partners"][column] = (prefix + tables["partners"][column].astype("object")).where(
            tables["partners"][column].notna()
        )
    return gg.PartnerNetwork.from_frames(**tables)


def _save(prefix: str, mode: str) -> None:
    with gg.Neo4jStore() as store:
        store.save(street(prefix), mode=mode, batch_size=500)


@pytest.mark.parametrize("mode", ["replace", "merge"])
def test_two_processes_saving_at_once_leave_one_whole_network(neo4j_server, mode):
    first, second = street("A-"), street("B-")
    for _ in range(2):
        with gg.Neo4jStore() as store:
            clear(store)
        context = multiprocessing.get_context("spawn")
        workers = [context.Process(target=_save, args=(p, mode)) for p in ("A-", "B-")]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=300)
        assert [w.exitcode for w in workers] == [0, 0]
        with gg.Neo4jStore() as store:
            back = store.load()
        if mode == "replace":
            assert back in (first, second)  # the last to commit, whole; never empty, never mixed
        else:  # merge keeps both, whole
            assert len(back.partners) == len(first.partners) + len(second.partners)
            assert len(back.relations) == len(first.relations) + len(second.relations)


def test_two_threads_saving_at_once(store):
    nets = [street("T1-", 2_000), street("T2-", 2_000)]
    errors: list[BaseException] = []

    def save(net: gg.PartnerNetwork) -> None:
        try:
            with gg.Neo4jStore() as own:
                own.save(net, mode="replace", batch_size=300)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=save, args=(net,)) for net in nets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert store.load() in nets


KILLED_SAVE = """
import govgraph as gg, sys
net = gg.datasets.synthetic(40_000, seed=3)
with gg.Neo4jStore(lease_seconds=float(sys.argv[1])) as store:
    print("saving", flush=True)
    store.save(net, mode="replace", batch_size=1_000)
"""


def test_a_killed_save_is_never_read_and_the_next_save_completes(store):
    store.save(gg.PartnerNetwork.from_frames(**small_tables()))
    process = subprocess.Popen([sys.executable, "-c", KILLED_SAVE, "4"], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stdout.readline().strip() == "saving"
    deadline = time.monotonic() + 120
    while counts(store)[0] < 3_000 and time.monotonic() < deadline:
        time.sleep(0.2)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    with pytest.raises(gg.GovGraphError, match=r"still writing|did not finish"):
        store.load()
    time.sleep(4.5)  # the killed save's lease runs out
    with pytest.raises(gg.GovGraphError, match=r"the last save \(started at .*\) did not finish"):
        store.load()
    complete = gg.datasets.synthetic(5_000, seed=9)
    store.save(complete, mode="replace")
    assert store.load() == complete


def test_replace_touches_only_govgraphs_own_data(store, small):
    store.run(
        "CREATE (:Partner {id: 'other-app-1', note: 'not ours'})-[:PART_OF]->(:Partner {id: 'other-app-2'}), "
        "(:Invoice {id: 'INV-1'})"
    )
    store.save(small, mode="replace")
    store.save(small, mode="replace")
    left = store.run("MATCH (n) WHERE n.id IN ['other-app-1', 'other-app-2', 'INV-1'] RETURN count(n) AS n")
    assert left.loc[0, "n"] == 3
    assert (
        store.run("MATCH (:Partner {id: 'other-app-1'})-[r:PART_OF]->() RETURN count(r) AS n").loc[0, "n"]
        == 1
    )


def test_a_password_in_the_uri_is_never_shown(neo4j_server, monkeypatch):
    password = os.environ["GOVGRAPH_NEO4J_PASSWORD"]
    uri = os.environ["GOVGRAPH_NEO4J_URI"].replace("bolt://", "bolt://neo4j:SECRET-IN-URI@")
    monkeypatch.delenv("GOVGRAPH_NEO4J_PASSWORD")
    with pytest.raises(gg.GovGraphError) as refused:
        gg.Neo4jStore(uri=uri)
    assert "SECRET-IN-URI" not in str(refused.value) and "refused the user 'neo4j'" in str(refused.value)
    wrong_port = uri.rsplit(":", 1)[0] + ":1"
    with pytest.raises(gg.GovGraphError) as unreachable:
        gg.Neo4jStore(uri=wrong_port)
    assert "SECRET-IN-URI" not in str(
        unreachable.value
    ) and "cannot reach Neo4j at bolt://127.0.0.1:1" in str(unreachable.value)
    good = os.environ["GOVGRAPH_NEO4J_URI"].replace("bolt://", f"bolt://neo4j:{password}@")
    with gg.Neo4jStore(uri=good) as store:
        assert password not in repr(store) and "@" not in store.uri


def test_load_csv_import_reads_a_cell_ending_in_a_backslash(store, tmp_path):
    import_dir = os.environ.get("GOVGRAPH_NEO4J_IMPORT")
    if not import_dir:
        pytest.skip("the server's import folder is unknown (set by scripts/neo4j-server env)")
    tables = small_tables()
    tables["partners"].loc[0, "name"] = "C:\\folder\\"
    tables["partners"].loc[1, "name"] = 'a, "quoted" \\'
    net = gg.PartnerNetwork.from_frames(**tables)
    folder = os.path.join(import_dir, "backslash")
    net.write(folder)
    store.import_csv("file:///backslash/")
    assert store.load() == net
    assert pd.Series(store.load().partners["name"]).loc["C1"] == "C:\\folder\\"
