"""A scanned 公示 (no text layer) has its dates read with OCR: a 3-day 公示 is an error, not "无法读取日期"."""

from __future__ import annotations

import pytest

from conftest import FACTS, Materials, by_code, codes, run

PUBLICITY = "单位审核推荐材料/公示材料.pdf"
NO_DATES = FACTS


def _scan(text: str) -> bytes:
    pytest.importorskip("rapidocr", reason="the vision extra is not installed")
    from test_ocr import scanned_pdf

    page = ("关于张三同志申报工程师职称的公示 " + text + " 公示期间如有异议，请向单位人事部门反映。联系人：李四 ") * 2
    return scanned_pdf([page], size=16)


def test_a_scanned_three_day_publicity_is_an_error(materials: Materials) -> None:
    materials.facts(NO_DATES)
    materials.add(PUBLICITY, _scan("公示时间：2024年8月12日至2024年8月14日"))
    result = run(materials.root)
    (finding,) = by_code(result, "publicity-too-short")
    assert finding.severity.value == "error" and finding.item == "publicity-record"
    assert finding.path == PUBLICITY
    assert (finding.details["start"], finding.details["end"], finding.details["workdays"]) == (
        "2024-08-12", "2024-08-14", 3)
    assert "publicity-period-unknown" not in codes(result)


def test_a_scanned_five_day_publicity_passes(materials: Materials) -> None:
    materials.facts(NO_DATES)
    materials.add(PUBLICITY, _scan("公示时间：2024年8月12日至2024年8月16日"))
    (finding,) = by_code(run(materials.root), "publicity-period-read")
    assert finding.details["workdays"] == 5 and finding.path == PUBLICITY


def test_without_ocr_a_scan_is_review_naming_the_reason(materials: Materials, monkeypatch: pytest.MonkeyPatch) -> None:
    from test_content_text import drawing_page, image_pdf
    from zccheck.content import ocr
    from zccheck.content.errors import DependencyMissing

    def missing(*args: object, **kwargs: object) -> str:
        raise DependencyMissing("rapidocr")

    monkeypatch.setattr(ocr, "document_ocr_text", missing)
    materials.facts(NO_DATES)
    materials.add(PUBLICITY, image_pdf([drawing_page()]))
    (finding,) = by_code(run(materials.root), "publicity-period-unknown")
    assert finding.details["files"] == [{"path": PUBLICITY, "reason": "no-ocr"}]
    assert "OCR" in finding.message
