"""正常 route: years since the current title (人社部发〔2019〕16号 minimum, checklist data), boundaries,
the title date from the facts or the certificate (text layer, OCR)."""

from __future__ import annotations

from datetime import date

import pytest

from conftest import FACTS, Materials, by_code, codes, pdf_bytes, run
from zccheck.checklist.loader import load_checklist, resolve_checklist
from zccheck.findings import Severity
from zccheck.rules.title_years import find_title_date, requirement

APPLY = date(2024, 8, 20)
CODES = {"title-years-met", "title-years-short", "title-years-borderline", "title-years-unknown",
         "title-years-no-rule"}


def _options() -> dict:
    checklist = load_checklist(resolve_checklist(None))
    return dict(next(use for use in checklist.checks if use.id == "title-years").options)


def test_the_shipped_table_is_the_national_minimum() -> None:
    options = _options()
    table = options["requirements"]
    got = {(level, edu): (r.years, r.since, r.title) for level in table for edu in table[level]
           if (r := requirement(table, level, edu)) is not None}
    assert got == {
        ("工程师", "博士"): (0, "title", None), ("工程师", "硕士"): (2, "title", "助理工程师"),
        ("工程师", "本科"): (4, "title", "助理工程师"), ("工程师", "大专"): (4, "title", "助理工程师"),
        ("助理工程师", "博士"): (0, "title", None), ("助理工程师", "硕士"): (0, "title", None),
        ("助理工程师", "本科"): (1, "work_start", None), ("助理工程师", "大专"): (2, "title", "技术员"),
        ("助理工程师", "中专"): (4, "title", "技术员"),
        ("技术员", "博士"): (0, "title", None), ("技术员", "硕士"): (0, "title", None),
        ("技术员", "本科"): (0, "title", None),
        ("技术员", "大专"): (1, "work_start", None), ("技术员", "中专"): (1, "work_start", None),
    }
    assert options["review_days"] == 31
    assert "人社部发〔2019〕16号" in options["source"]


@pytest.mark.parametrize(("text", "expected"), [
    ("资格取得时间：2020年08月20日", date(2020, 8, 20)),
    ("资 格 取 得 时 间 2020 年 8 月 20 日", date(2020, 8, 20)),
    ("取得时间 2020.8.20 发证日期 2021.1.5", date(2020, 8, 20)),
    ("批准日期：二〇二〇年八月二十日", date(2020, 8, 20)),
    ("取得资格时间：2020-08", date(2020, 8, 1)),
    ("发证日期：2021年1月5日", None),
    ("资格取得时间：2020年13月1日", None),
])
def test_find_title_date(text: str, expected: date | None) -> None:
    assert find_title_date(text) == expected


def _years_codes(materials: Materials, **facts: str) -> list:
    materials.facts(FACTS, **facts)
    return [f for f in run(materials.root).findings if f.code in CODES]


# (level, education, required years, since): every row of the table that needs something.
ROWS = [("工程师", "硕士", 2, "title"), ("工程师", "本科", 4, "title"), ("工程师", "大专", 4, "title"),
        ("助理工程师", "本科", 1, "work_start"), ("助理工程师", "大专", 2, "title"), ("助理工程师", "中专", 4, "title"),
        ("技术员", "大专", 1, "work_start"), ("技术员", "中专", 1, "work_start")]


@pytest.mark.parametrize(("level", "education", "years", "since"), ROWS)
def test_exactly_the_required_years_and_one_day_short(materials: Materials, level: str, education: str,
                                                      years: int, since: str) -> None:
    key = "title_date" if since == "title" else "work_start"
    exact = APPLY.replace(year=APPLY.year - years)
    (met,) = _years_codes(materials, level=level, education=education, **{key: exact.isoformat()})
    assert met.code == "title-years-met" and met.severity is Severity.INFO
    assert met.details["required_years"] == years and met.details["since"] == since
    (short,) = _years_codes(materials, level=level, education=education,
                            **{key: exact.replace(day=exact.day + 1).isoformat()})
    assert short.code == "title-years-borderline" and short.severity is Severity.REVIEW
    assert short.details["days_short"] == 1


def test_review_within_a_month_error_beyond(materials: Materials) -> None:
    (review,) = _years_codes(materials, title_date="2020-09-20")  # 工程师/本科: met 2024-09-20, 31 days short
    assert (review.code, review.details["days_short"]) == ("title-years-borderline", 31)
    (error,) = _years_codes(materials, title_date="2020-09-21")
    assert (error.code, error.details["days_short"]) == ("title-years-short", 32)
    assert error.severity is Severity.ERROR
    assert "2024-09-21 起满足" in error.message and "人社部发〔2019〕16号" in error.message


@pytest.mark.parametrize(("level", "education"), [("工程师", "博士"), ("助理工程师", "硕士"), ("技术员", "本科")])
def test_no_years_needed(materials: Materials, level: str, education: str) -> None:
    assert _years_codes(materials, level=level, education=education) == []


def test_other_routes_and_unlisted_education(materials: Materials) -> None:
    assert _years_codes(materials, route="直接申报") == []
    (finding,) = _years_codes(materials, level="工程师", education="中专")
    assert finding.code == "title-years-no-rule" and finding.severity is Severity.REVIEW


def test_no_date_anywhere_is_review_with_the_hint(materials: Materials) -> None:
    (finding,) = _years_codes(materials)
    assert finding.code == "title-years-unknown" and finding.details["reason"] == "no-certificate"
    assert "title_date" in finding.hint


CERT = "3-1 现任专业技术资格/助理工程师资格证书.pdf"


def test_the_date_is_read_from_the_certificate_text(materials: Materials) -> None:
    materials.facts(FACTS)
    materials.add(CERT, pdf_bytes(text="专业技术资格证书 助理工程师 资格取得时间：2020年08月20日"))
    (met,) = by_code(run(materials.root), "title-years-met")
    assert met.path == CERT and met.details["start_from"] == "certificate"
    materials.add(CERT, pdf_bytes(text="专业技术资格证书 助理工程师 资格取得时间：2021年08月20日"))
    (short,) = by_code(run(materials.root), "title-years-short")
    assert short.path == CERT


def test_a_fact_wins_over_the_certificate(materials: Materials) -> None:
    materials.facts(FACTS, title_date="2020-01-01")
    materials.add(CERT, pdf_bytes(text="资格取得时间：2022年08月20日"))
    assert "title-years-met" in codes(run(materials.root))


def test_a_scanned_certificate_without_ocr_is_review(materials: Materials, monkeypatch: pytest.MonkeyPatch) -> None:
    from test_content_text import drawing_page, image_pdf
    from zccheck.content import ocr
    from zccheck.content.errors import DependencyMissing

    def missing(*args: object, **kwargs: object) -> str:
        raise DependencyMissing("rapidocr")

    monkeypatch.setattr(ocr, "document_ocr_text", missing)
    materials.facts(FACTS)
    materials.add(CERT, image_pdf([drawing_page()]))
    (finding,) = by_code(run(materials.root), "title-years-unknown")
    assert finding.details["reason"] == "no-ocr" and finding.path == CERT


def test_a_scanned_certificate_is_read_with_ocr(materials: Materials) -> None:
    pytest.importorskip("rapidocr", reason="the vision extra is not installed")
    from test_ocr import scanned_pdf

    materials.facts(FACTS)
    page = "专业技术资格证书 姓名：张三 专业：建筑工程 资格名称：助理工程师 资格取得时间：2021年06月01日 " * 3
    materials.add(CERT, scanned_pdf([page], size=16))
    (finding,) = by_code(run(materials.root), "title-years-short")
    assert finding.details["start"] == "2021-06-01" and finding.details["start_from"] == "certificate"
