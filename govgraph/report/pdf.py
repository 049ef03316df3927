"""Print a page to PDF with headless Chromium, when it is installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from govgraph.errors import GovGraphError
from govgraph.model.files import output_file

__all__ = ["chromium", "print_pdf"]

#: Where to get Chromium, said when it is missing (Chinese first).
HOW_TO_GET_CHROMIUM = (
    "未找到 Chromium 浏览器，无法生成 PDF：请安装 Chromium 或 Google Chrome（Debian/Ubuntu：apt-get install "
    "chromium），或在浏览器中打开报告后选择“打印 → 另存为 PDF”。 Chromium was not found: install Chromium "
    "or Google Chrome, or open the report in a browser and print it to PDF."
)
_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
_SECONDS = 120


def chromium() -> str | None:
    """The Chromium (or Chrome) to print with: ``$GOVGRAPH_CHROMIUM``, else the first on the PATH."""
    chosen = os.environ.get("GOVGRAPH_CHROMIUM")
    if chosen:
        return chosen if Path(chosen).exists() else shutil.which(chosen)
    return next((found for name in _NAMES if (found := shutil.which(name))), None)


def print_pdf(page: str | Path, pdf: str | Path) -> Path:
    """Print ``page`` (an HTML file) to ``pdf`` on A4 with its print styles; return the PDF's path.

    Raises
    ------
    GovGraphError
        Chromium is not installed (the message says how to get it), or it
        failed to print.
    """
    browser = chromium()
    if browser is None:
        raise GovGraphError(HOW_TO_GET_CHROMIUM)
    target = output_file(pdf)
    with tempfile.TemporaryDirectory() as profile:
        written = Path(profile) / "out.pdf"
        command = [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            f"--user-data-dir={profile}",
            f"--print-to-pdf={written}",
            Path(page).resolve().as_uri(),
        ]
        try:
            done = subprocess.run(
                command, capture_output=True, text=True, timeout=_SECONDS, stdin=subprocess.DEVNULL
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            raise GovGraphError(f"Chromium 打印 PDF 失败 could not print the PDF: {error}") from None
        if done.returncode != 0 or not written.exists() or written.stat().st_size == 0:
            raise GovGraphError(
                f"Chromium 打印 PDF 失败 could not print the PDF (exit {done.returncode}): "
                + done.stderr.strip()[-300:]
            )
        shutil.move(str(written), target)
    return target
