"""A real headless Chromium (Debian's ``chromium``, driven by playwright) for the page tests.

Without Chromium these tests skip, unless GOVGRAPH_REQUIRE_BROWSER=1 (as in CI), when they
fail. Pages open from ``file://`` in an offline context; every request is recorded.
Screenshots go to ``build/test-artifacts/`` (or GOVGRAPH_ARTIFACTS).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(os.environ.get("GOVGRAPH_ARTIFACTS", ROOT / "build" / "test-artifacts"))
CHROMIUM_NAMES = ("chromium", "chromium-browser")


def no_browser(reason: str) -> None:
    if os.environ.get("GOVGRAPH_REQUIRE_BROWSER") == "1":
        pytest.fail(f"GOVGRAPH_REQUIRE_BROWSER=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium() -> Iterator[object]:
    executable = os.environ.get("GOVGRAPH_CHROMIUM") or next(
        filter(None, map(shutil.which, CHROMIUM_NAMES)), None
    )
    if executable is None:
        no_browser("no Chromium: run `bash scripts/test`, which installs Debian's chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        no_browser("playwright is not installed: pip install 'govgraph[test]'")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield browser
        browser.close()


@dataclass
class Visit:
    """A page opened offline: its playwright page, console errors, uncaught errors and every request."""

    page: object
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=False)  # type: ignore[attr-defined]
        return path


@pytest.fixture
def visit(chromium):
    contexts = []

    def open_page(path: Path, wait_for: str | None = None, size: tuple[int, int] = (1400, 900)) -> Visit:
        context = chromium.new_context(
            offline=True, viewport={"width": size[0], "height": size[1]}, accept_downloads=True
        )
        contexts.append(context)
        page = context.new_page()
        seen = Visit(page)
        page.on("console", lambda m: seen.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: seen.errors.append(str(e)))
        page.on("request", lambda r: seen.requests.append(r.url))
        page.on("dialog", lambda d: (seen.errors.append(f"dialog: {d.message}"), d.dismiss()))
        page.goto(path.resolve().as_uri())
        if wait_for:
            page.wait_for_selector(wait_for, state="attached", timeout=60_000)
        return seen

    yield open_page
    for context in contexts:
        context.close()
