"""Remake the README's screenshots from the bundled data: python scripts/screenshots.py

The report (its top, its trends, its activities and projects), a grid page and the network page (also with
its activities layer) of Datun North, at 1280 px and on a
phone (390 px), into docs/images/. Needs Chromium and playwright (``pip install
-e ".[test]"``).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

import govgraph as gg

IMAGES = Path(__file__).resolve().parents[1] / "docs" / "images"
DESKTOP, PHONE = (1280, 800), (390, 844)


def main() -> None:
    folder = Path(tempfile.mkdtemp())
    index = gg.report(gg.load_dataset("datun_north"), folder, title="大屯街道北片区")
    grid = folder / "grids" / "富成花园社区-第10微网格.html"
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    IMAGES.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])

        def shoot(
            path: Path, name: str, size: tuple[int, int], *scripts: str, height: int | None = None
        ) -> None:
            page = browser.new_page(viewport={"width": size[0], "height": height or size[1]})
            page.goto(path.as_uri())
            if path.name == "network.html":
                page.wait_for_selector("body[data-settled]", state="attached")
            for script in scripts:
                page.evaluate(script)
                page.wait_for_timeout(300)
            page.screenshot(path=str(IMAGES / f"{name}.png"))
            page.close()

        shoot(index, "report", DESKTOP, height=1100)
        shoot(grid, "grid", DESKTOP, height=1100)
        shoot(folder / "network.html", "network", DESKTOP, "govgraph.focus('FC-PC', 1)")
        shoot(
            index,
            "trends",
            DESKTOP,
            "document.getElementById('trends').scrollIntoView()",
            "window.scrollBy(0, -60)",  # below the sticky section links
            height=1000,
        )
        shoot(
            index,
            "activities",
            DESKTOP,
            "document.getElementById('activities').scrollIntoView()",
            "window.scrollBy(0, -60)",
            height=1000,
        )
        shoot(
            folder / "network.html",
            "network-activities",
            DESKTOP,
            "govgraph.showLayer('items')",
            "govgraph.focus('JM-SO-CH', 1)",
        )
        shoot(index, "report-phone", PHONE)
        shoot(folder / "network.html", "network-phone", PHONE)
        browser.close()
    print(f"wrote {', '.join(sorted(p.name for p in IMAGES.glob('*.png')))} into {IMAGES}")


if __name__ == "__main__":
    main()
