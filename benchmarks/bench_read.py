"""Read and validate a district-scale CSV folder; compare with pandas + networkx.

Usage: python benchmarks/bench_read.py [--partners N] [--seed S]

govgraph: ``gg.read(folder)`` — parses every table, types every column,
checks every rule (ids, kinds, endpoints, allowed relations, values) and
builds the network's frames.

plain: ``pandas.read_csv`` of partners and relations, then a
``networkx.MultiDiGraph`` with ``add_nodes_from`` (kind) and
``add_edges_from`` (relation, weight) — what a script without govgraph does,
with no validation at all.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET_SECONDS = 20.0
TARGET_PEAK_GB = 4.0


def run_govgraph(folder: Path) -> str:
    import govgraph as gg

    net = gg.read(folder)
    return repr(net)


def run_plain(folder: Path) -> str:
    import networkx as nx
    import pandas as pd

    partners = pd.read_csv(folder / "partners.csv", encoding="utf-8-sig")
    relations = pd.read_csv(folder / "relations.csv", encoding="utf-8-sig")
    graph = nx.MultiDiGraph()
    graph.add_nodes_from((i, {"kind": k}) for i, k in zip(partners["id"], partners["kind"]))
    graph.add_edges_from(
        (s, t, {"relation": r, "weight": w})
        for s, t, r, w in zip(
            relations["source"], relations["target"], relations["relation"], relations["weight"]
        )
    )
    return f"{graph.number_of_nodes():,} nodes, {graph.number_of_edges():,} edges"


def measure(approach: str, folder: Path) -> dict[str, float | str]:
    """Run one approach in a fresh process; return its wall time and peak memory."""
    output = subprocess.run(
        [sys.executable, __file__, "--run", approach, "--folder", str(folder)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.splitlines()[-1])


def ensure_data(partners: int, seed: int) -> Path:
    folder = HERE / ".data" / f"synthetic_{partners}_{seed}"
    if not (folder / "relations.csv").exists():
        import govgraph as gg

        print(f"generating {folder.name} ...", file=sys.stderr)
        gg.datasets.synthetic(partners, seed=seed).write(folder)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--partners", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--run", choices=["govgraph", "plain"], help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.run:
        start = time.perf_counter()
        what = (run_govgraph if args.run == "govgraph" else run_plain)(args.folder)
        seconds = time.perf_counter() - start
        peak_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2  # KiB on Linux
        print(json.dumps({"seconds": seconds, "peak_gb": peak_gb, "what": what}))
        return

    folder = ensure_data(args.partners, args.seed)
    size_mb = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
    print(f"data: {folder.name} ({size_mb:,.0f} MB of CSV)")
    results = {approach: measure(approach, folder) for approach in ("govgraph", "plain")}
    for approach, result in results.items():
        print(f"{approach:9s} {result['seconds']:7.2f} s  peak {result['peak_gb']:5.2f} GB  {result['what']}")
    ours, plain = results["govgraph"], results["plain"]
    speedup = float(plain["seconds"]) / float(ours["seconds"])
    memory = float(ours["peak_gb"]) / float(plain["peak_gb"])
    print(f"ratio: govgraph is {speedup:.2f}x as fast as plain, using {memory:.2f}x its peak memory")
    if args.partners >= 1_000_000:
        met = (
            float(ours["seconds"]) < TARGET_SECONDS
            and float(ours["peak_gb"]) < TARGET_PEAK_GB
            and speedup > 1
        )
        print(
            f"target (< {TARGET_SECONDS:.0f} s, < {TARGET_PEAK_GB:.0f} GB, faster than plain): "
            f"{'met' if met else 'NOT met'}"
        )


if __name__ == "__main__":
    main()
