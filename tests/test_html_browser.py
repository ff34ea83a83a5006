"""The HTML report in a real browser (system Chromium, headless): loads with no request and no console error,
renders something (not a blank screenshot) and prints on A4."""

from __future__ import annotations

import io
import shutil
from datetime import date
from pathlib import Path

import pytest
from PIL import Image, ImageStat

from browser import chromium_path, load
from conftest import jpeg_bytes, run
from zccheck.reporters.html import report_html

SAMPLES = Path(__file__).resolve().parents[1] / "samples"

pytestmark = pytest.mark.skipif(chromium_path() is None,
                                reason="no chromium on this machine (.ci/run installs Debian's chromium)")


def spread(png: bytes) -> float:
    """Standard deviation of the grey levels: ≈0 for a blank screenshot."""
    return ImageStat.Stat(Image.open(io.BytesIO(png)).convert("L")).stddev[0]


@pytest.fixture(scope="module")
def report_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    materials = tmp_path_factory.mktemp("m") / "材料"
    shutil.copytree(SAMPLES / "pension-gap", materials)
    (materials / "07-1 专业技术工作经历" / "任命文件（扫描）.jpg").write_bytes(jpeg_bytes((1240, 1754)))
    page = tmp_path_factory.mktemp("out") / "报告.html"
    page.write_text(report_html(run(materials, as_of=date(2024, 8, 20))), encoding="utf-8")
    return page


def test_report_loads_cleanly_and_is_not_blank(report_file: Path) -> None:
    result = load(report_file, pdf=True)
    assert result.problems == []
    assert result.requests == [report_file.resolve().as_uri()]
    assert spread(result.screenshot) > 20
    from pypdf import PdfReader

    printed = PdfReader(io.BytesIO(result.pdf))
    assert len(printed.pages) >= 2  # sections break onto new pages
    box = printed.pages[0].mediabox
    assert abs(float(box.width) - 595.3) < 2 and abs(float(box.height) - 841.9) < 2  # A4


def test_the_harness_catches_requests_console_errors_and_blank_pages(tmp_path: Path) -> None:
    bad = tmp_path / "bad.html"
    bad.write_text('<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>'
                   '<img src="http://127.0.0.1:9/x.png"><script>console.error("boom")</script></body></html>',
                   encoding="utf-8")
    result = load(bad)
    assert any("127.0.0.1:9" in p for p in result.problems)
    assert any("boom" in p for p in result.problems)
    blank = tmp_path / "blank.html"
    blank.write_text("<!DOCTYPE html><html><body></body></html>", encoding="utf-8")
    assert spread(load(blank).screenshot) < 1


def test_printable_checklist_loads_cleanly(tmp_path: Path) -> None:
    from zccheck.checklist.loader import load_checklist, resolve_checklist
    from zccheck.facts_loader import load_facts
    from zccheck.reporters.html import checklist_html

    facts = load_facts((SAMPLES / "direct-application" / "zccheck.toml").read_text(encoding="utf-8"))
    page = tmp_path / "清单.html"
    page.write_text(checklist_html(load_checklist(resolve_checklist(None)), facts.facts, facts.problems),
                    encoding="utf-8")
    result = load(page, pdf=True)
    assert result.problems == []
    assert spread(result.screenshot) > 20
    from pypdf import PdfReader

    assert len(PdfReader(io.BytesIO(result.pdf)).pages) >= 1
