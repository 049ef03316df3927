"""Research statistics: QAP permutations and whole-network statistics, against sna and networkx.

Usage: python benchmarks/bench_statistics.py [--reps N] [--partners N] [--skip qap|statistics|sna]

QAP      ``gg.qap`` regressions of Datun North's ties (3,881 partners, 7.5 million pairs) on
         same grid, same community and "involves a party member", 1,000 permutations of
         y and 1,000 of Dekker's, against (a) R's sna ``netlm`` (``qapy``, ``qapspp``) when
         Rscript is present, timed with 2 and 4 permutations so that its cost per
         permutation is the difference, and (b) the plain numpy approach (relabel the dense
         n × n outcome, least squares on every pair), timed on 3 permutations. Both give
         the same coefficients (checked to 1e-9).
stats    ``gg.network_statistics`` of a synthetic district of 100,000 partners against
         networkx computing the same quantities on the same graph (density, components,
         transitivity, average clustering, degree centralisation, nominal assortativity by
         community and betweenness from the same 64 sampled sources), and, when Rscript is
         present, of Datun North against sna's ``gden``, ``gtrans``, ``grecip`` and
         ``centralization``.

Building each library's graph or matrices is not timed.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp

TARGET_QAP_SECONDS = 10.0
TERMS = ["same_grid", "same_community", "involves_party_member"]


def timed(function):
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def bench_qap(reps: int, with_r: bool) -> None:
    import govgraph as gg

    net = gg.load_dataset("datun_north")
    d = gg.dyads(net, same=["grid", "community"], involves=["party_member"])
    n = len(d.index)
    print(f"QAP on Datun North: {n:,} partners, {n * (n - 1) // 2:,} pairs, {reps:,} permutations")
    ours = {}
    for permutation in ("y", "dekker"):
        seconds, fit = timed(lambda p=permutation: gg.qap(d["ties"], d[TERMS], permutation=p, reps=reps))
        ours[permutation] = seconds
        print(
            f"  govgraph {permutation:7s} {seconds:8.2f} s  ({seconds / reps * 1000:.2f} ms per permutation)"
        )
    # The plain way: dense matrices, relabel y, least squares on every pair.
    rows, cols = np.triu_indices(n, k=1)
    full = {name: d.matrix(name).to_numpy() for name in ["ties", *TERMS]}
    design = np.column_stack([np.ones(len(rows)), *[full[t][rows, cols] for t in TERMS]])
    rng = np.random.default_rng(0)

    def plain(times: int) -> np.ndarray:
        beta = np.linalg.lstsq(design, full["ties"][rows, cols], rcond=None)[0]
        for _ in range(times):
            perm = rng.permutation(n)
            np.linalg.lstsq(design, full["ties"][np.ix_(perm, perm)][rows, cols], rcond=None)
        return beta

    seconds, beta = timed(lambda: plain(3))
    per = seconds / 3
    difference = float(np.max(np.abs(beta - fit.table["estimate"].to_numpy())))
    print(
        f"  numpy    y       {per * reps:8.2f} s  (extrapolated from 3 permutations; {per * 1000:.0f} ms each)"
    )
    print(f"  speed-up over numpy: {per * reps / ours['y']:.0f}x   coefficients differ by {difference:.1e}")
    assert difference < 1e-9
    if with_r:
        folder = Path(tempfile.mkdtemp())
        for name in ["ties", *TERMS]:
            coo = sp.coo_array(sp.triu(full[name], 1))
            pd.DataFrame({"i": coo.row + 1, "j": coo.col + 1}).to_csv(folder / f"{name}.csv", index=False)
        load = "".join(
            f'e <- read.csv("{folder}/{name}.csv"); m_{name} <- matrix(0, {n}, {n}); '
            f"m_{name}[cbind(e$i, e$j)] <- 1; m_{name}[cbind(e$j, e$i)] <- 1\n"
            for name in ["ties", *TERMS]
        )
        for null, label in (("qapy", "y"), ("qapspp", "dekker")):
            costs = []
            for times in (2, 4):
                script = (
                    "suppressMessages(library(sna))\n" + load + "t0 <- Sys.time()\n"
                    f"f <- netlm(m_ties, list({', '.join('m_' + t for t in TERMS)}), mode = 'graph', "
                    f"nullhyp = '{null}', reps = {times})\ncat(as.numeric(Sys.time() - t0, units = 'secs'))\n"
                )
                done = subprocess.run(["Rscript", "-e", script], capture_output=True, text=True)
                if done.returncode:
                    raise SystemExit(done.stderr[-2000:])
                costs.append(float(done.stdout.split()[-1]))
            per_r = max(costs[1] - costs[0], 1e-9) / 2
            print(
                f"  sna      {label:7s} {costs[0] - 2 * per_r + per_r * reps:8.0f} s  (extrapolated: "
                f"{per_r:.1f} s per permutation)   speed-up {(per_r * reps) / ours[label]:,.0f}x"
            )
        shutil.rmtree(folder)
    target = max(ours.values())
    print(
        f"  target: {reps:,} permutations under {TARGET_QAP_SECONDS:.0f} s -> {'met' if target < TARGET_QAP_SECONDS else 'MISSED'}"
    )


def bench_statistics(partners: int, with_r: bool) -> None:
    import networkx as nx

    import govgraph as gg

    net = gg.datasets.synthetic(partners, seed=0)
    pattern = net.ties(weight=None).pattern
    community = net.places["community"].astype("string").fillna("(none)")
    print(f"network_statistics on a synthetic district: {partners:,} partners, {pattern.nnz // 2:,} ties")
    ours, table = timed(lambda: gg.network_statistics(net, k=64))
    row = table.loc["network"]
    grouped_seconds, grouped = timed(lambda: gg.network_statistics(net, by="community", k=64))
    graph = nx.from_scipy_sparse_array(pattern)
    nx.set_node_attributes(graph, dict(enumerate(community.tolist())), "community")
    k_sources = sorted(random.Random(0).sample(range(pattern.shape[0]), 64))

    def networkx_side() -> dict[str, float]:
        degree = np.array([d for _, d in graph.degree()])
        n = graph.number_of_nodes()
        betweenness = nx.betweenness_centrality(graph, k=64, seed=0)
        values = np.array(list(betweenness.values()))
        lengths = [nx.single_source_shortest_path_length(graph, s) for s in k_sources]
        return {
            "density": nx.density(graph),
            "components": nx.number_connected_components(graph),
            "transitivity": nx.transitivity(graph),
            "average_clustering": nx.average_clustering(graph),
            "degree_centralization": (degree.max() - degree).sum() / ((n - 1) * (n - 2)),
            "assortativity": nx.attribute_assortativity_coefficient(graph, "community"),
            "betweenness_centralization": (values.max() - values).sum() / (n - 1),
            "diameter": max(max(d.values()) for d in lengths),
        }

    theirs, reference = timed(networkx_side)
    print(
        f"  govgraph  {ours:8.2f} s   (with by='community', every community's row too: {grouped_seconds:.2f} s)"
    )
    print(f"  networkx  {theirs:8.2f} s   speed-up {theirs / ours:.1f}x")
    for name in ("density", "components", "transitivity", "average_clustering", "degree_centralization"):
        assert abs(row[name] - reference[name]) < 1e-9, (name, row[name], reference[name])
    assert abs(grouped.loc["network", "assortativity"] - reference["assortativity"]) < 1e-9
    assert abs(row["betweenness_centralization"] - reference["betweenness_centralization"]) < 1e-9
    assert row["diameter"] == reference["diameter"]
    print(
        "  equal to networkx (1e-9): density, components, transitivity, clustering, centralisation, assortativity"
    )
    if with_r:
        datun = gg.load_dataset("datun_north")
        ours_small, _ = timed(lambda: gg.network_statistics(datun))
        folder = Path(tempfile.mkdtemp())
        und = sp.coo_array(sp.triu(datun.ties(weight=None).pattern, 1))
        arcs = sp.coo_array(datun.ties(weight=None, directed=True).pattern)
        pd.DataFrame({"i": und.row + 1, "j": und.col + 1}).to_csv(folder / "u.csv", index=False)
        pd.DataFrame({"i": arcs.row + 1, "j": arcs.col + 1}).to_csv(folder / "d.csv", index=False)
        n = len(datun.partners)
        script = f"""suppressMessages(library(sna))
e <- read.csv("{folder}/u.csv"); g <- matrix(0, {n}, {n}); g[cbind(e$i, e$j)] <- 1; g[cbind(e$j, e$i)] <- 1
e <- read.csv("{folder}/d.csv"); a <- matrix(0, {n}, {n}); a[cbind(e$i, e$j)] <- 1
t0 <- Sys.time()
x <- c(gden(g, mode = "graph"), gtrans(g, mode = "graph", use.adjacency = FALSE), grecip(a, measure = "edgewise"),
       centralization(g, degree, mode = "graph"), centralization(g, betweenness, mode = "graph"),
       centralization(g, closeness, mode = "graph"))
cat(as.numeric(Sys.time() - t0, units = "secs"))
"""
        done = subprocess.run(["Rscript", "-e", script], capture_output=True, text=True)
        if done.returncode:
            raise SystemExit(done.stderr[-2000:])
        sna_seconds = float(done.stdout.split()[-1])
        shutil.rmtree(folder)
        print(f"Datun North ({n:,} partners), the same six statistics:")
        print(f"  govgraph  {ours_small:8.2f} s   (every column, exact paths)")
        print(f"  sna       {sna_seconds:8.2f} s   speed-up {sna_seconds / ours_small:.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--reps", type=int, default=1000)
    parser.add_argument("--partners", type=int, default=100_000)
    parser.add_argument("--skip", action="append", default=[], choices=["qap", "statistics", "sna"])
    args = parser.parse_args()
    with_r = "sna" not in args.skip and shutil.which("Rscript") is not None
    if not with_r and "sna" not in args.skip:
        print("(no Rscript: the sna comparisons are skipped)")
    if "qap" not in args.skip:
        bench_qap(args.reps, with_r)
    if "statistics" not in args.skip:
        bench_statistics(args.partners, with_r)


if __name__ == "__main__":
    main()
