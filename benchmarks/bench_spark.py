"""govgraph.spark on a synthetic city in local mode, against the in-memory functions where they fit.

Usage: python benchmarks/bench_spark.py [--partners 1000000 5000000] [--master local[2]]
                                        [--memory 8g] [--skip-memory-run] [--k 256]

For each size, a city of ``partners / 2,500`` communities is made by ``ggs.synthetic_city`` and
written as Parquet; then each step runs in Spark and, unless the in-memory run is skipped (or the
size is above 2M partners, where one 24 GiB machine is the limit this bench will not risk), the
same step runs in memory on ``gg.read`` of the same folder:

problems     gg.read's checks (in memory: gg.read itself)
places       net.places
degrees      degree and strength                 (in memory: gg.centrality degree, strength)
components   connected pieces                    (in memory: scipy connected_components)
pagerank     to tol 1e-6                         (in memory: gg.centrality pagerank)
betweenness  sampled from k sources              (in memory: gg.centrality(k=k))
coverage     buildings, hops 1
candidates   every feasible pair
match        optimal, per competing group        (in memory: gg.match on the same candidates)

Time is wall-clock on this machine. Peak memory is the highest resident set of the Spark JVM
(driver and executor in one, in local mode) and of the largest Python worker, sampled every 0.2 s;
with the per-partition costs it gives the projection in benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

PARTNERS_PER_COMMUNITY = 2_500
IN_MEMORY_LIMIT = 2_000_000


class PeakMemory:
    """The highest resident memory of a process and of its largest descendant, sampled in a thread."""

    def __init__(self, pid: int) -> None:
        self.pid, self.jvm, self.worker = pid, 0, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._stop.wait(0.2):
            self.jvm = max(self.jvm, _rss(self.pid))
            for child in _descendants(self.pid):
                self.worker = max(self.worker, _rss(child))

    def reset(self) -> None:
        self.jvm = self.worker = 0

    def stop(self) -> None:
        self._stop.set()


def _rss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _descendants(pid: int) -> list[int]:
    children = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, stack = [], [pid]
    while stack:
        for child in children.get(stack.pop(), []):
            found.append(child)
            stack.append(child)
    return found


def computed(frame) -> None:
    """Compute every row and column of a Spark DataFrame, keeping nothing (Spark's no-op sink)."""
    frame.write.format("noop").mode("overwrite").save()


def timed(function):
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def gib(value: int) -> str:
    return f"{value / 2**30:5.2f} GiB"


def bench(partners: int, master: str, memory: str, in_memory: bool, k: int, folder: Path) -> None:
    from scipy.sparse.csgraph import connected_components

    import govgraph as gg
    from govgraph import spark as ggs

    communities = max(1, round(partners / PARTNERS_PER_COMMUNITY))
    session = ggs.session(master, config={"spark.driver.memory": memory})
    session.sparkContext.setLogLevel("ERROR")
    peak = PeakMemory(session.sparkContext._gateway.proc.pid)  # type: ignore[union-attr]
    path = folder / f"city-{partners}.parquet"
    print(f"\n== {communities:,} communities ({communities * PARTNERS_PER_COMMUNITY:,} partners), {master}")
    seconds, _ = timed(lambda: ggs.synthetic_city(session, communities, seed=1).write(path))
    print(f"  {'make + write':12s} {seconds:9.1f} s   JVM {gib(peak.jvm)}  worker {gib(peak.worker)}")
    city = ggs.SparkNetwork.read(session, path)
    steps = {
        "problems": lambda: computed(ggs.problems(session, path)),
        "places": lambda: ggs.places(city).localCheckpoint(),
    }
    results = {}
    for name, work in steps.items():
        peak.reset()
        results[name] = timed(work)
        print(f"  {name:12s} {results[name][0]:9.1f} s   JVM {gib(peak.jvm)}  worker {gib(peak.worker)}")
    placed = results["places"][1]
    later = {
        "degrees": lambda: computed(ggs.degrees(city)),
        "components": lambda: computed(ggs.components(city)),
        "pagerank": lambda: computed(ggs.pagerank(city, tol=1e-6)),
        "betweenness": lambda: computed(ggs.path_measures(city, k=k, path_length="hops")),
        "coverage": lambda: computed(ggs.coverage(city, placed)),
        "candidates": lambda: ggs.candidates(city, placed).localCheckpoint(),
    }
    for name, work in later.items():
        peak.reset()
        results[name] = timed(work)
        print(f"  {name:12s} {results[name][0]:9.1f} s   JVM {gib(peak.jvm)}  worker {gib(peak.worker)}")
    peak.reset()
    table = results["candidates"][1]
    results["match"] = timed(lambda: ggs.match(city, placed, table=table))
    metrics = results["match"][1].metrics
    print(
        f"  {'match':12s} {results['match'][0]:9.1f} s   JVM {gib(peak.jvm)}  worker {gib(peak.worker)}"
        f"   ({int(metrics['groups']):,} competing groups, largest {int(metrics['largest_group']):,} pairs)"
    )
    peak.stop()
    session.stop()
    spark_total = sum(seconds for seconds, _ in results.values())
    print(f"  {'Spark total':12s} {spark_total:9.1f} s")
    if not in_memory:
        print("  in memory: not run at this size")
        return
    memory_steps = {}
    memory_steps["problems"], net = timed(lambda: gg.read(path))
    memory_steps["places"], _ = timed(lambda: net.places)
    memory_steps["degrees"], _ = timed(lambda: gg.centrality(net, measures=["degree", "strength"]))
    memory_steps["components"], _ = timed(lambda: connected_components(net.ties().pattern, directed=False))
    memory_steps["pagerank"], _ = timed(lambda: gg.centrality(net, measures=["pagerank"]))
    memory_steps["betweenness"], _ = timed(
        lambda: gg.centrality(net, measures=["betweenness"], k=k, path_length="hops")
    )
    memory_steps["coverage"], _ = timed(lambda: gg.coverage(net))
    memory_steps["candidates"], candidates = timed(lambda: gg.candidates(net))
    memory_steps["match"], matched = timed(lambda: gg.match(net, table=candidates))
    print("  in memory (one process):")
    for name, seconds in memory_steps.items():
        print(f"  {name:12s} {seconds:9.1f} s   Spark / in memory {results[name][0] / seconds:6.1f}x")
    print(f"  {'total':12s} {sum(memory_steps.values()):9.1f} s")
    print(
        f"  match: Spark {int(metrics['matched']):,} matched, total score {metrics['total_score']:.3f}; "
        f"in memory {int(matched.metrics['matched']):,}, {matched.metrics['total_score']:.3f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--partners", type=int, nargs="+", default=[1_000_000, 5_000_000])
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--memory", default="8g", help="Spark driver memory (the executor, in local mode)")
    parser.add_argument("--skip-memory-run", action="store_true")
    parser.add_argument("--k", type=int, default=256, help="sampled sources for betweenness")
    arguments = parser.parse_args()
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    folder = Path(tempfile.mkdtemp(prefix="govgraph-spark-"))
    try:
        for partners in arguments.partners:
            in_memory = not arguments.skip_memory_run and partners <= IN_MEMORY_LIMIT
            bench(partners, arguments.master, arguments.memory, in_memory, arguments.k, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
