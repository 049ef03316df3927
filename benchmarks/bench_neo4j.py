"""Neo4jStore.save and .load against LOAD CSV of the same data on the same server.

Usage:
    bash scripts/neo4j-server start          # NEO4J_HEAP=6g for --partners 1000000
    eval "$(bash scripts/neo4j-server env)"
    python benchmarks/bench_neo4j.py [--partners N ...]

For the Datun North data and each synthetic size, on an emptied database:
LOAD CSV runs the import scripts of cypher/import/ on a govgraph CSV folder in
the server's import directory; save writes the same network through Bolt in
batched managed transactions; load reads it back into a validated network.
Throughput counts rows of all four tables. Target: save at least half as fast
as LOAD CSV.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

import govgraph as gg

TARGET_RATIO = 0.5


def clear(store: gg.Neo4jStore) -> None:
    store.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS")


def measure(store: gg.Neo4jStore, name: str, net: gg.PartnerNetwork, import_dir: Path) -> dict[str, float]:
    rows = sum(len(getattr(net, t)) for t in ("partners", "relations", "needs", "resources"))
    folder = import_dir / f"bench_{name}"
    shutil.rmtree(folder, ignore_errors=True)
    net.write(folder)

    clear(store)
    start = time.perf_counter()
    store.import_csv(f"file:///{folder.name}/")
    load_csv = time.perf_counter() - start

    clear(store)
    start = time.perf_counter()
    store.save(net)
    save = time.perf_counter() - start

    start = time.perf_counter()
    back = store.load()
    load = time.perf_counter() - start
    assert back == net, "the network loaded back differs from the one saved"
    shutil.rmtree(folder, ignore_errors=True)
    return {"rows": rows, "load_csv": rows / load_csv, "save": rows / save, "load": rows / load}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--partners", type=int, nargs="*", default=[100_000], help="synthetic sizes")
    args = parser.parse_args()
    import_dir = os.environ.get("GOVGRAPH_NEO4J_IMPORT")
    if not import_dir:
        sys.exit('set the server\'s variables first: eval "$(bash scripts/neo4j-server env)"')
    networks = {"datun_north": gg.load_dataset("datun_north")}
    for size in args.partners:
        networks[f"synthetic_{size}"] = gg.datasets.synthetic(size, seed=0)
    print(f"{'data':22s} {'rows':>10s} {'LOAD CSV':>12s} {'save':>12s} {'load':>12s}  save / LOAD CSV")
    with gg.Neo4jStore() as store:
        for name, net in networks.items():
            r = measure(store, name, net, Path(import_dir))
            ratio = r["save"] / r["load_csv"]
            print(
                f"{name:22s} {r['rows']:10,.0f} {r['load_csv']:9,.0f}/s {r['save']:9,.0f}/s {r['load']:9,.0f}/s"
                f"  {ratio:.2f} ({'meets' if ratio >= TARGET_RATIO else 'MISSES'} the {TARGET_RATIO} target)"
            )
        clear(store)


if __name__ == "__main__":
    main()
