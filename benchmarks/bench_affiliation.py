"""Two-mode analysis of partners and activities: govgraph against networkx's bipartite functions.

Usage: python benchmarks/bench_affiliation.py [--partners N] [--activities M] [--per-partner K]

A random two-mode network: every partner takes part in 1 to K activities
(about K/2 on average), drawn with a preference for popular activities, as
markets and councils draw crowds. Both compute the same thing on the same
network and must agree to 1e-9:

govgraph  ``gg.affiliation(net).centrality()`` (two-mode degree, closeness,
          betweenness) and ``.projection(weighting="newman")``.
networkx  ``bipartite.degree_centrality``, ``closeness_centrality``,
          ``betweenness_centrality`` and ``collaboration_weighted_projected_graph``.

Building the network (govgraph's validation, networkx's graph) is not timed.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

TARGET_SPEEDUP = 10.0


def two_mode(partners: int, activities: int, per_partner: int, seed: int):
    import govgraph as gg

    rng = np.random.default_rng(seed)
    popularity = rng.pareto(1.5, activities) + 1
    popularity /= popularity.sum()
    rows = []
    for p in range(partners):
        count = int(rng.integers(1, per_partner + 1))
        for a in rng.choice(activities, size=min(count, activities), replace=False, p=popularity):
            rows.append((f"P{p:06d}", f"A{a:05d}", "takes_part_in"))
    partner_table = pd.DataFrame(
        {
            "id": ["C", *(f"P{p:06d}" for p in range(partners))],
            "kind": ["community"] + ["resident"] * partners,
        }
    )
    activity_table = pd.DataFrame({"id": [f"A{a:05d}" for a in range(activities)], "place": "C"})
    relations = pd.DataFrame(rows, columns=["source", "target", "relation"])
    net = gg.PartnerNetwork.from_frames(partner_table, relations, activities=activity_table)
    return net, relations


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--partners", type=int, default=5_000)
    parser.add_argument("--activities", type=int, default=500)
    parser.add_argument("--per-partner", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    import networkx as nx
    from networkx.algorithms import bipartite

    import govgraph as gg

    net, relations = two_mode(args.partners, args.activities, args.per_partner, args.seed)
    print(f"{args.partners:,} partners x {args.activities:,} activities, {len(relations):,} links")

    start = time.perf_counter()
    together = gg.affiliation(net)
    measures = together.centrality()
    newman = together.projection(weighting="newman")
    ours = time.perf_counter() - start

    graph = nx.Graph()
    top = [p for p in net.partners.index if p != "C" and p in together.partners.index]
    graph.add_nodes_from(top)
    graph.add_nodes_from(net.activities.index)
    graph.add_edges_from(zip(relations["source"], relations["target"]))
    start = time.perf_counter()
    reference = {
        "degree": bipartite.degree_centrality(graph, top),
        "closeness": bipartite.closeness_centrality(graph, top),
        "betweenness": bipartite.betweenness_centrality(graph, top),
    }
    projected = bipartite.collaboration_weighted_projected_graph(graph, top)
    theirs = time.perf_counter() - start

    worst = max(
        float(
            np.max(np.abs(measures[name].to_numpy() - pd.Series(values).reindex(measures.index).to_numpy()))
        )
        for name, values in reference.items()
    )
    weights = {tuple(sorted((a, b))): w for a, b, w in projected.edges(data="weight")}
    worst = max(
        worst,
        max(
            abs(weights[(a, b)] - w)
            for a, b, w in newman[["source", "target", "weight"]].itertuples(index=False)
        ),
    )
    assert len(weights) == len(newman), (len(weights), len(newman))
    print(f"govgraph  {ours:8.2f} s")
    print(f"networkx  {theirs:8.2f} s")
    print(f"speed-up  {theirs / ours:8.1f}x   (target at least {TARGET_SPEEDUP:.0f}x)")
    print(f"largest difference {worst:.1e}  (must be below 1e-9)")
    assert worst < 1e-9


if __name__ == "__main__":
    main()
