"""The coordinator's views: ``govgraph demo`` end to end, the report of a whole district, and a
5,000-partner page settling in Chromium.

Usage: python benchmarks/bench_views.py [--partners N] [--district N] [--skip demo|report|page|pyvis]

demo   ``govgraph demo`` run as a coordinator runs it (a fresh process, wall
       time, into a temporary folder), with the Python that runs this script.
       Whether the Excel workbook is written depends on openpyxl being
       installed; the output says which.
report ``gg.report(synthetic(1,000,000))``: the whole report of a district of a
       million partners (every section, the network page, a page per grid,
       the files), timed step by step from the built network; the
       reference is the same report on Datun North, measured in the same run.
page   ``gg.viz.save_html(synthetic(N))`` (timed), then the page opened in
       headless Chromium from file:// until it is usable: physics off and
       every node placed (``body[data-settled]``).
pyvis  The reference: the same nodes and edges written by plain pyvis
       (``Network.add_nodes``/``add_edges``, ``cdn_resources="in_line"``,
       its default physics), opened the same way, until the page has loaded:
       vis-network runs its stabilisation iterations before that, and the
       page answers nothing meanwhile.

Targets: demo under 5 s; the district's report under 2 minutes; the page usable in under 10 s.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_DEMO = 5.0
TARGET_REPORT = 120.0
TARGET_PAGE = 10.0
PYVIS_LIMIT = 180.0


def time_demo() -> None:
    import importlib.util

    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "govgraph.cli", "demo", "-o", str(Path(folder) / "demo")],
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - start
        if done.returncode != 0:
            raise SystemExit(done.stderr)
        files = sorted(p.name for p in (Path(folder) / "demo").iterdir())
    workbook = "with" if importlib.util.find_spec("openpyxl") else "without"
    print(
        f"govgraph demo ({workbook} openpyxl: {len(files)} files): {seconds:.2f} s wall (target < {TARGET_DEMO:.0f} s)"
    )


def time_report(partners: int) -> None:
    import govgraph as gg

    def timed(net: object) -> tuple[float, dict[str, float]]:
        steps: dict[str, float] = {}
        last = [time.perf_counter(), ""]

        def progress(step: str) -> None:
            now = time.perf_counter()
            if last[1]:
                steps[str(last[1])] = now - float(last[0])
            last[:] = [now, step]

        with tempfile.TemporaryDirectory() as folder:
            start = time.perf_counter()
            gg.report(net, folder, progress=progress)  # type: ignore[arg-type]
            progress("")
            return time.perf_counter() - start, steps

    datun, _ = timed(gg.load_dataset("datun_north"))
    start = time.perf_counter()
    net = gg.datasets.synthetic(partners, seed=0)
    built = time.perf_counter() - start
    seconds, steps = timed(net)
    slowest = ", ".join(f"{k} {v:.1f} s" for k, v in sorted(steps.items(), key=lambda kv: -kv[1])[:5])
    print(
        f"report of synthetic({partners:,}) (built in {built:.1f} s): {seconds:.1f} s (target < {TARGET_REPORT:.0f} s)"
    )
    print(f"  slowest steps: {slowest}")
    print(
        f"  the same report on Datun North ({len(gg.load_dataset('datun_north').partners):,} partners): {datun:.2f} s"
    )


def open_until(path: Path, ready: str | None, limit: float) -> float:
    """Seconds from navigation until ``ready`` holds (None: until the load event), inf past ``limit``."""
    from playwright.sync_api import Error, sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_context(offline=True, viewport={"width": 1400, "height": 900}).new_page()
        start = time.perf_counter()
        try:
            page.goto(path.as_uri(), wait_until="load", timeout=limit * 1000)
            if ready is not None:
                page.wait_for_function(ready, timeout=limit * 1000, polling=100)
            seconds = time.perf_counter() - start
        except Error:
            seconds = float("inf")
        browser.close()
    return seconds


def time_pages(partners: int, skip: set[str]) -> None:
    import govgraph as gg

    net = gg.datasets.synthetic(partners, seed=0)
    folder = Path(tempfile.mkdtemp())
    start = time.perf_counter()
    page = gg.viz.network_page(net, max_nodes=partners)
    page.save(folder / "govgraph.html")
    written = time.perf_counter() - start
    print(
        f"synthetic({partners:,}): {page.nodes:,} nodes, {page.edges:,} edges; page written in {written:.2f} s"
    )
    ours = open_until(folder / "govgraph.html", "document.body.hasAttribute('data-settled')", 60)
    print(f"govgraph page usable in Chromium: {ours:.2f} s (target < {TARGET_PAGE:.0f} s)")
    if "pyvis" in skip:
        return
    from pyvis.network import Network

    plain = Network(height="900px", width="100%", cdn_resources="in_line")
    plain.add_nodes(list(net.partners.index), label=[str(n) for n in net.partners["name"]])
    for source, target in zip(net.relations["source"], net.relations["target"]):
        plain.add_edge(source, target)
    plain.write_html(str(folder / "pyvis.html"))
    theirs = open_until(folder / "pyvis.html", None, PYVIS_LIMIT)
    shown = f"{theirs:.2f} s" if theirs != float("inf") else f"not settled within {PYVIS_LIMIT:.0f} s"
    print(f"plain pyvis page (default physics) loaded: {shown}")
    if theirs != float("inf"):
        print(f"ratio govgraph / pyvis: {ours / theirs:.3f}")
    else:
        print(f"ratio govgraph / pyvis: < {ours / PYVIS_LIMIT:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--partners", type=int, default=5_000)
    parser.add_argument("--district", type=int, default=1_000_000, help="partners of the district report")
    parser.add_argument("--skip", action="append", default=[], choices=["demo", "report", "page", "pyvis"])
    arguments = parser.parse_args()
    skip = set(arguments.skip)
    if "demo" not in skip:
        time_demo()
    if "report" not in skip:
        time_report(arguments.district)
    if "page" not in skip:
        time_pages(arguments.partners, skip)


if __name__ == "__main__":
    main()
