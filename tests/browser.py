"""Load an HTML page in the system's headless Chromium (Playwright drives it; no browser download).

Used by the browser tests and to make the README's screenshot:
    python tests/browser.py samples/pension-gap docs/report-screenshot.png
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-extensions", "--disable-default-apps"]


def chromium_path() -> str | None:
    """The system Chromium (Debian's `chromium` package), or None."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@dataclass
class BrowserRun:
    """What loading one page showed: console messages, page errors, requests and the failed ones."""

    url: str
    console: list[tuple[str, str]] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    screenshot: bytes = b""
    pdf: bytes = b""

    @property
    def problems(self) -> list[str]:
        """Everything that means the page did not load cleanly and self-contained."""
        found = [f"console {kind}: {text}" for kind, text in self.console if kind in ("error", "warning")]
        found += [f"page error: {text}" for text in self.page_errors]
        found += [f"failed request: {url}" for url in self.failed]
        found += [f"request: {url}" for url in self.requests if url != self.url and not url.startswith("data:")]
        return found


def load(page_file: Path, *, width: int = 1000, height: int = 1400, pdf: bool = False) -> BrowserRun:
    """Open `page_file` headless; collect console output and requests, a screenshot, optionally print to A4 PDF."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    if executable is None:
        raise FileNotFoundError("chromium")
    url = page_file.resolve().as_uri()
    run = BrowserRun(url)
    with tempfile.TemporaryDirectory() as profile, sync_playwright() as driver:
        context = driver.chromium.launch_persistent_context(
            profile, executable_path=executable, headless=True, args=CHROMIUM_ARGS,
            viewport={"width": width, "height": height}, offline=True)
        try:
            page = context.new_page()
            page.on("console", lambda message: run.console.append((message.type, message.text)))
            page.on("pageerror", lambda error: run.page_errors.append(str(error)))
            page.on("request", lambda request: run.requests.append(request.url))
            page.on("requestfailed", lambda request: run.failed.append(request.url))
            page.goto(url, wait_until="load")
            page.wait_for_load_state("networkidle")
            run.screenshot = page.screenshot(type="png")
            if pdf:
                page.emulate_media(media="print")
                run.pdf = page.pdf(prefer_css_page_size=True, print_background=True)
        finally:
            context.close()
    return run


def main(argv: list[str]) -> int:
    """Scan a materials folder, write its HTML report beside the PNG and screenshot it."""
    from datetime import date

    from zccheck.engine import ScanOptions, scan
    from zccheck.reporters.html import report_html

    materials, png = Path(argv[0]), Path(argv[1])
    as_of = date.fromisoformat(argv[2]) if len(argv) > 2 else date(2024, 8, 20)
    with tempfile.TemporaryDirectory() as folder:
        page_file = Path(folder) / "report.html"
        page_file.write_text(report_html(scan(materials, ScanOptions(as_of=as_of))), encoding="utf-8")
        run = load(page_file, width=1000, height=1900)
    if run.problems:
        print("\n".join(run.problems), file=sys.stderr)
        return 1
    png.write_bytes(run.screenshot)
    print(f"{png} {len(run.screenshot)} bytes")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    raise SystemExit(main(sys.argv[1:]))
