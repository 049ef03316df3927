"""The full centrality table at district scale: govgraph against networkx and igraph.

Usage: python benchmarks/bench_centrality.py [--partners N ...] [--k K] [--networkx-up-to N]

Every contender computes the same ten measures on the same tie graph
(relations merged into undirected ties, strength = summed weight, path
length = 1 / strength) from the same ``k`` sampled sources:

govgraph  ``gg.centrality(net, k=K, seed=0)``.
networkx  degree, strength, ``betweenness_centrality(k=K, weight="distance")``,
          closeness and harmonic closeness from ``single_source_dijkstra_path_length``
          of the same sources, ``eigenvector_centrality_numpy``, ``pagerank``,
          ``core_number``, ``constraint`` and ``effective_size``. The last two
          are timed on 1,000 sampled partners and scaled to all: networkx 3.6's
          all-nodes shortcuts build a dense n × n matrix (80 GB at 100,000
          partners) and its per-node path would take about an hour.
igraph    ``degree``, ``strength``, ``betweenness(sources=…)``, ``distances(source=…)``
          for both closeness measures, ``eigenvector_centrality``, ``pagerank``,
          ``coreness``, ``constraint`` (igraph has no effective size: it
          computes nine measures to govgraph's ten).

Each contender runs in a fresh process; the time covers the measures only
(building each library's graph is not timed), peak memory the whole process.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time

import numpy as np

TARGET_SECONDS_1M = 120.0
TARGET_PEAK_GB_1M = 6.0
TARGET_SPEEDUP_NETWORKX = 10.0
TARGET_IGRAPH_RATIO = 3.0
#: Partners whose structural holes networkx computes; its time is scaled to all partners.
HOLES_SAMPLE = 1_000


def tie_table(partners: int, seed: int):
    """The network and its ties as (source, target, weight) arrays of positions."""
    import govgraph as gg

    net = gg.datasets.synthetic(partners, seed=seed)
    graph = net.ties()
    upper = graph.strength.tocoo()
    keep = upper.row < upper.col
    return net, graph.size, upper.row[keep], upper.col[keep], upper.data[keep]


def sources(n: int, k: int, seed: int) -> list[int]:
    return sorted(random.Random(seed).sample(range(n), k))


def closeness_from(
    distances: np.ndarray, n: int, k: int, is_source: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Eppstein–Wang closeness and harmonic closeness from a k × n distance matrix (inf unreached)."""
    hit = np.isfinite(distances) & (distances > 0)
    reached = hit.sum(axis=0)
    total = np.where(hit, distances, 0).sum(axis=0)
    seen = np.where(is_source, k - 1, k)
    closeness = np.where(total > 0, reached / seen * reached / np.where(total > 0, total, 1), 0.0)
    harmonic = np.where(hit, 1 / np.where(hit, distances, 1), 0).sum(axis=0) * (n - 1) / seen
    return closeness, harmonic


def run_govgraph(partners: int, k: int, seed: int) -> tuple[float, float]:
    import govgraph as gg

    net = gg.datasets.synthetic(partners, seed=seed)
    start = time.perf_counter()
    table = gg.centrality(net, k=k, seed=seed)
    elapsed = time.perf_counter() - start
    assert len(table) == partners and table.attrs["paths"]["sources"] == k
    start = time.perf_counter()
    gg.centrality(net, measures=["constraint", "effective_size"])
    return elapsed, time.perf_counter() - start


def run_networkx(partners: int, k: int, seed: int) -> tuple[float, float]:
    import networkx as nx

    _, n, u, v, w = tie_table(partners, seed)
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    graph.add_edges_from(
        (a, b, {"weight": c, "distance": 1 / c})
        for a, b, c in zip(u.tolist(), v.tolist(), w.tolist(), strict=True)
    )
    chosen = sources(n, k, seed)
    start = time.perf_counter()
    dict(graph.degree())
    dict(graph.degree(weight="weight"))
    nx.betweenness_centrality(graph, k=k, seed=seed, weight="distance")
    distances = np.full((k, n), np.inf)
    for row, source in enumerate(chosen):
        lengths = nx.single_source_dijkstra_path_length(graph, source, weight="distance")
        distances[row, list(lengths)] = list(lengths.values())
    is_source = np.zeros(n, dtype=bool)
    is_source[chosen] = True
    closeness_from(distances, n, k, is_source)
    nx.eigenvector_centrality_numpy(graph, weight="weight")
    nx.pagerank(graph, weight="weight")
    nx.core_number(graph)
    elapsed = time.perf_counter() - start
    # networkx's all-nodes shortcuts build a dense n × n matrix (80 GB at 100,000
    # partners) and its per-node path takes hours at this scale: time it on a
    # sample of partners and scale up to all of them.
    sample = random.Random(seed).sample(range(n), min(n, HOLES_SAMPLE))
    start = time.perf_counter()
    nx.constraint(graph, nodes=sample, weight="weight")
    nx.effective_size(graph, nodes=sample, weight="weight")
    holes = (time.perf_counter() - start) * n / len(sample)
    return elapsed + holes, holes


def run_igraph(partners: int, k: int, seed: int) -> tuple[float, float]:
    import igraph as ig

    _, n, u, v, w = tie_table(partners, seed)
    graph = ig.Graph(n=n, edges=np.column_stack([u, v]).tolist())
    graph.es["weight"] = w.tolist()
    graph.es["distance"] = (1 / w).tolist()
    chosen = sources(n, k, seed)
    start = time.perf_counter()
    graph.degree()
    graph.strength(weights="weight")
    graph.betweenness(weights="distance", sources=chosen)
    distances = np.array(graph.distances(source=chosen, weights="distance"))
    is_source = np.zeros(n, dtype=bool)
    is_source[chosen] = True
    closeness_from(distances, n, k, is_source)
    graph.eigenvector_centrality(weights="weight")
    graph.pagerank(weights="weight")
    graph.coreness()
    before_holes = time.perf_counter()
    graph.constraint(weights="weight")
    end = time.perf_counter()
    return end - start, end - before_holes


RUNNERS = {"govgraph": run_govgraph, "networkx": run_networkx, "igraph": run_igraph}


def measure(contender: str, partners: int, k: int, seed: int) -> dict[str, float]:
    output = subprocess.run(
        [
            sys.executable,
            __file__,
            "--run",
            contender,
            "--partners",
            str(partners),
            "--k",
            str(k),
            "--seed",
            str(seed),
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--partners", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--k", type=int, default=64, help="sampled sources for the path measures")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--networkx-up-to",
        type=int,
        default=100_000,
        help="skip networkx above this many partners (it takes hours)",
    )
    parser.add_argument("--run", choices=sorted(RUNNERS), help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.run:
        seconds, holes = RUNNERS[args.run](args.partners[0], args.k, args.seed)
        peak_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
        print(json.dumps({"seconds": seconds, "holes": holes, "peak_gb": peak_gb}))
        return

    for partners in args.partners:
        print(f"synthetic district: {partners:,} partners, ~{3 * partners:,} relations, k = {args.k} sources")
        results = {}
        for contender in RUNNERS:
            if contender == "networkx" and partners > args.networkx_up_to:
                print(f"  {contender:9s} not run (above --networkx-up-to {args.networkx_up_to:,})")
                continue
            results[contender] = measure(contender, partners, args.k, args.seed)
            r = results[contender]
            print(
                f"  {contender:9s} {r['seconds']:8.2f} s  peak {r['peak_gb']:5.2f} GB"
                f"  (structural holes {r['holes']:.2f} s of it)",
                flush=True,
            )
        ours = results["govgraph"]["seconds"]
        if "networkx" in results:
            speedup = results["networkx"]["seconds"] / ours
            verdict = "met" if speedup >= TARGET_SPEEDUP_NETWORKX else "NOT met"
            print(
                f"  ratio: govgraph is {speedup:.1f}x as fast as networkx "
                f"(target >= {TARGET_SPEEDUP_NETWORKX:.0f}x: {verdict})"
            )
            rest = (results["networkx"]["seconds"] - results["networkx"]["holes"]) / (
                ours - results["govgraph"]["holes"]
            )
            print(f"  ratio without constraint and effective size (networkx's take hours): {rest:.1f}x")
        ratio = ours / results["igraph"]["seconds"]
        verdict = "met" if ratio <= TARGET_IGRAPH_RATIO else "NOT met"
        print(
            f"  ratio: govgraph takes {ratio:.2f}x igraph's time (target <= {TARGET_IGRAPH_RATIO:.0f}x: {verdict})"
        )
        if partners >= 1_000_000:
            peak = results["govgraph"]["peak_gb"]
            met = ours < TARGET_SECONDS_1M and peak < TARGET_PEAK_GB_1M
            print(
                f"  target at 1,000,000 (< {TARGET_SECONDS_1M:.0f} s, < {TARGET_PEAK_GB_1M:.0f} GB): "
                f"{'met' if met else 'NOT met'}"
            )


if __name__ == "__main__":
    main()
