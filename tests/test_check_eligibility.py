"""The eligibility checks on facts and small generated documents: id-number, retirement-age,
direct-application-years, engineering-master, publicity-period, consistency."""

from __future__ import annotations

import io
import string
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta, timezone
from types import ModuleType
from typing import Any

import pytest

from zccheck.catalogue import CATALOGUE
from zccheck.checklist.model import Checklist, Deadlines, ItemSpec, Section
from zccheck.checks import consistency, direct_years, engineering_master, id_number, publicity_period, retirement_age
from zccheck.checks.base import CheckContext
from zccheck.classify.model import Classification
from zccheck.conditions import ALWAYS
from zccheck.facts import Facts
from zccheck.findings import Problem, Severity
from zccheck.inventory.document import Document
from zccheck.rules.idcard import check_char

# --------------------------------------------------------------------------------------------------------
# helpers

TZ = timezone(timedelta(hours=8))
ITEMS = {
    "exception-approval-form": "破格申报职称审批表",
    "direct-approval-form": "直接申报职称审批表",
    "publicity-record": "单位内部公示材料",
    "pension-record": "养老保险缴费记录",
    "household-register": "户口簿本人页或户籍证明",
    "work-summary": "专业技术工作总结",
    "unit-recommendation": "单位推荐意见",
}


def make_checklist() -> Checklist:
    """A minimal checklist holding the items these checks name."""
    items = {
        item_id: ItemSpec(id=item_id, name_zh=name, name_en=item_id, section="11", presence="required", when=ALWAYS,
                          keywords=(name,), source="§")
        for item_id, name in ITEMS.items()
    }
    return Checklist(
        id="test", title_zh="测试", title_en="test", path="test.toml", region="r", year=2024, series="工程系列",
        notice="n", sections=(Section("11", "其他材料", "Other"),), items=items, checks=(),
        deadlines=Deadlines(datetime(2024, 9, 6, 17, tzinfo=TZ), datetime(2024, 9, 7, tzinfo=TZ),
                            datetime(2024, 9, 30, 17, tzinfo=TZ)),
        fees={}, max_file_mb=10, upload_formats=("pdf",), readable_formats=(),
    )


CHECKLIST = make_checklist()


def make_doc(rel_path: str, data: bytes, kind: str) -> Document:
    """A Document over bytes in memory."""
    return Document(rel_path=rel_path, size=len(data), kind=kind, extension_kind=kind, sha256=None,
                    _reader=lambda: data)


def pdf_bytes(*lines: str) -> bytes:
    """A one-page PDF with Chinese text (reportlab's built-in CID font, no font file)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.setFont("STSong-Light", 11)
    y = 800
    for line in lines:
        page.drawString(40, y, line)
        y -= 18
    page.showPage()
    page.save()
    return buffer.getvalue()


def docx_bytes(*paragraphs: str, table: list[list[str]] | None = None) -> bytes:
    """A .docx with paragraphs and an optional table."""
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_id(first17: str) -> str:
    """A valid 18-character ID number from 17 digits."""
    return first17 + check_char(first17)


def run(module: ModuleType, facts: Facts, docs: Mapping[str, Iterable[Document]] | None = None, *,
        as_of: date = date(2024, 8, 20), **options: Any) -> list[Problem]:
    """Run one applicant check with its defaults merged with `options`; check the codes render."""
    unknown = set(options) - set(module.DEFAULTS)
    assert not unknown, unknown
    classification = Classification(by_item={k: list(v) for k, v in (docs or {}).items()})
    all_docs = [d for v in classification.by_item.values() for d in v]
    ctx = CheckContext(facts=facts, checklist=CHECKLIST, as_of=as_of, documents=all_docs,
                       classification=classification)
    problems = list(module.check(ctx, {**module.DEFAULTS, **options}))
    for problem in problems:
        assert_renders(problem)
    return problems


def assert_renders(problem: Problem) -> None:
    """The code is catalogued and every template field is given by the Problem's params."""
    spec = CATALOGUE[problem.code]
    for template in (spec.message_zh, spec.message_en, spec.hint_zh, spec.hint_en):
        fields = {name for _, name, _, _ in string.Formatter().parse(template) if name}
        missing = fields - set(problem.params)
        assert not missing, (problem.code, missing)
    assert "{" not in spec.message("zh", problem.params)
    _json_safe(problem.details)


def _json_safe(value: Any) -> None:
    import json

    json.dumps(value, ensure_ascii=False)


def codes(problems: Iterable[Problem]) -> list[str]:
    """The codes, in order."""
    return [p.code for p in problems]


def severity(code: str) -> Severity:
    """The catalogue's default severity of `code`."""
    return CATALOGUE[code].severity


MAN_1965_05 = make_id("45020319650520001")  # born 1965-05-20, male: statutory age 60y2m -> 2025-07-20
MAN_1965_01 = make_id("45020319650110001")  # born 1965-01-10, male: 60y1m -> 2025-02-10
WOMAN_1970 = make_id("45020319700115002")  # born 1970-01-15, female
YOUNG_MAN = make_id("45020319900101001")


# --------------------------------------------------------------------------------------------------------
# id-number

class TestIdNumber:
    def test_valid_number_is_silent(self) -> None:
        assert run(id_number, Facts(id_number=YOUNG_MAN)) == []
        assert run(id_number, Facts(id_number="11010519491231002x")) == []

    def test_missing_is_review(self) -> None:
        problems = run(id_number, Facts())
        assert codes(problems) == ["id-number-missing"]
        assert severity("id-number-missing") is Severity.REVIEW
        assert codes(run(id_number, Facts(id_number="   "))) == ["id-number-missing"]

    def test_checksum_error_never_shows_the_full_number(self) -> None:
        wrong = YOUNG_MAN[:-1] + ("0" if YOUNG_MAN[-1] != "0" else "1")
        (problem,) = run(id_number, Facts(id_number=wrong))
        assert problem.code == "id-number-invalid-checksum"
        assert severity(problem.code) is Severity.ERROR
        assert problem.details["id_number_masked"] == wrong[:3] + "*" * 13 + wrong[-2:]
        rendered = CATALOGUE[problem.code].message("zh", problem.params)
        assert wrong not in rendered and wrong not in str(problem.details)

    def test_impossible_birth_date(self) -> None:
        (problem,) = run(id_number, Facts(id_number=make_id("45020319990230001")))
        assert problem.code == "id-number-invalid-birth-date"
        assert problem.details["reason"] == "birth-date"

    def test_future_birth_date_against_the_check_date(self) -> None:
        assert codes(run(id_number, Facts(id_number=make_id("45020320250101001")), as_of=date(2024, 8, 1))) == [
            "id-number-invalid-birth-date"]

    def test_format(self) -> None:
        (problem,) = run(id_number, Facts(id_number="45020319900101"))
        assert problem.code == "id-number-invalid-format"
        assert problem.details["length"] == 14

    def test_old_15_digit_number(self) -> None:
        assert codes(run(id_number, Facts(id_number="450203650520001"))) == ["id-number-old-format"]
        assert severity("id-number-old-format") is Severity.WARNING


# --------------------------------------------------------------------------------------------------------
# retirement-age

class TestRetirementAge:
    def test_day_before_and_day_of_retirement(self) -> None:
        facts = Facts(id_number=MAN_1965_05, apply_date=date(2025, 7, 19))
        (near,) = run(retirement_age, facts)
        assert near.code == "retirement-age-near"
        assert near.details["retirement_date"] == "2025-07-20"
        assert near.details["days_left"] == 1
        assert near.params["age_zh"] == "60岁2个月"
        facts = Facts(id_number=MAN_1965_05, apply_date=date(2025, 7, 20))
        (reached,) = run(retirement_age, facts)
        assert reached.code == "retirement-age-reached"
        assert severity("retirement-age-reached") is Severity.ERROR

    def test_rise_schedule_1965_05_versus_1965_01(self) -> None:
        # On 2025-03-01 the man born 1965-01 has reached 60y1m; the man born 1965-05 is still 59.
        on = date(2025, 3, 1)
        assert codes(run(retirement_age, Facts(id_number=MAN_1965_01, apply_date=on))) == ["retirement-age-reached"]
        (problem,) = run(retirement_age, Facts(id_number=MAN_1965_05, apply_date=on))
        assert problem.code == "retirement-age-near" and problem.details["delay_months"] == 2
        # Without the rise (start moved after his original date) the 1965-05 man reaches 60 on 2025-05-20.
        assert codes(run(retirement_age, Facts(id_number=MAN_1965_05, apply_date=date(2025, 6, 1)),
                         reform_start=date(2026, 1, 1))) == ["retirement-age-reached"]
        assert codes(run(retirement_age, Facts(id_number=MAN_1965_05, apply_date=date(2025, 6, 1)))) == [
            "retirement-age-near"]

    def test_birthday_boundary_before_the_rise(self) -> None:
        man = make_id("45020319640820001")  # 60 on 2024-08-20 (original date before 2025)
        assert codes(run(retirement_age, Facts(id_number=man), as_of=date(2024, 8, 19))) == ["retirement-age-near"]
        assert codes(run(retirement_age, Facts(id_number=man), as_of=date(2024, 8, 20))) == [
            "retirement-age-reached"]

    def test_extension_flag(self) -> None:
        facts = Facts(id_number=MAN_1965_01, apply_date=date(2025, 8, 1), flags={"retirement_extended": True})
        (problem,) = run(retirement_age, facts)
        assert problem.code == "retirement-age-extended"
        assert severity(problem.code) is Severity.INFO

    def test_young_applicant_is_silent(self) -> None:
        assert run(retirement_age, Facts(id_number=YOUNG_MAN)) == []

    def test_notice_months_option(self) -> None:
        facts = Facts(id_number=MAN_1965_05, apply_date=date(2024, 8, 20))  # 11 months before
        assert run(retirement_age, facts) == []
        (problem,) = run(retirement_age, facts, notice_months=12)
        assert problem.details["months_left"] == 11

    def test_woman_default_is_55_and_fact_can_say_50(self) -> None:
        # Born 1970-01-15: cadre 55 -> 55y1m on 2025-02-15; worker 50 reached in 2020.
        facts = Facts(id_number=WOMAN_1970, apply_date=date(2024, 6, 1))
        assert run(retirement_age, facts) == []
        facts = Facts(id_number=WOMAN_1970, apply_date=date(2025, 2, 14))
        (near,) = run(retirement_age, facts)
        assert near.code == "retirement-age-near"
        assert near.details["female_base_assumed"] is True
        assert "female_retirement_base" in near.params["assumption_zh"]
        assert codes(run(retirement_age, Facts(id_number=WOMAN_1970, apply_date=date(2025, 2, 15)))) == [
            "retirement-age-reached"]
        worker = Facts(id_number=WOMAN_1970, apply_date=date(2024, 8, 20), extra={"female_retirement_base": 50})
        (problem,) = run(retirement_age, worker)
        assert problem.code == "retirement-age-reached"
        assert problem.details["category"] == "female_worker"
        assert problem.details["female_base_assumed"] is False
        assert problem.params["assumption_zh"] == ""

    def test_female_base_as_float_or_text(self) -> None:
        for value in (50.0, "50", "50岁"):
            facts = Facts(id_number=WOMAN_1970, apply_date=date(2024, 8, 20), extra={"female_retirement_base": value})
            assert codes(run(retirement_age, facts)) == ["retirement-age-reached"]

    def test_default_female_base_option(self) -> None:
        facts = Facts(id_number=WOMAN_1970, apply_date=date(2024, 8, 20))
        assert codes(run(retirement_age, facts, female_default_base_age=50)) == ["retirement-age-reached"]
        (problem,) = run(retirement_age, facts, female_default_base_age=52)
        assert problem.code == "retirement-age-unknown"
        assert problem.details["reason"] == "unknown-female-base-age"

    def test_facts_override_birth_and_sex(self) -> None:
        facts = Facts(extra={"birth_date": date(1964, 1, 1), "sex": "男"}, apply_date=date(2024, 8, 20))
        (problem,) = run(retirement_age, facts)
        assert problem.code == "retirement-age-reached" and problem.details["source"] == "facts"
        facts = Facts(id_number=MAN_1965_05, extra={"sex": "女"}, apply_date=date(2024, 8, 20))
        (problem,) = run(retirement_age, facts)
        assert problem.details["sex"] == "female"  # 1965 woman, 55: reached in 2020

    def test_unknown_without_valid_id(self) -> None:
        assert codes(run(retirement_age, Facts())) == ["retirement-age-unknown"]
        assert codes(run(retirement_age, Facts(id_number="450203196505200019"))) == ["retirement-age-unknown"]
        assert severity("retirement-age-unknown") is Severity.REVIEW

    def test_legacy_number_still_gives_the_birth_date(self) -> None:
        assert codes(run(retirement_age, Facts(id_number="450203640101001"))) == ["retirement-age-reached"]


# --------------------------------------------------------------------------------------------------------
# direct-application-years

def direct(education: str | None, work_start: date | None, apply: date, **kw: Any) -> Facts:
    return Facts(route="直接申报", level=kw.pop("level", "工程师"), education=education, work_start=work_start,
                 apply_date=apply, **kw)


class TestDirectYears:
    def test_other_routes_are_silent(self) -> None:
        assert run(direct_years, Facts(route="正常", education="本科", work_start=date(2023, 1, 1))) == []

    def test_bachelor_anniversary_day(self) -> None:
        start = date(2017, 8, 20)
        (short,) = run(direct_years, direct("本科", start, date(2024, 8, 19)))
        assert short.code == "direct-years-short"
        assert severity(short.code) is Severity.ERROR
        assert short.details["service_months"] == 6 * 12 + 11
        assert short.details["shortfall_months"] == 1
        assert short.details["met_on"] == "2024-08-20"
        assert short.params["short_zh"] == "1个月"
        (met,) = run(direct_years, direct("本科", start, date(2024, 8, 20)))
        assert met.code == "direct-years-met"
        assert severity(met.code) is Severity.INFO

    @pytest.mark.parametrize(("education", "years"), [("硕士", 4), ("本科", 7), ("大专", 9)])
    def test_table(self, education: str, years: int) -> None:
        start = date(2010, 3, 1)
        assert codes(run(direct_years, direct(education, start, date(2010 + years, 2, 28)))) == ["direct-years-short"]
        assert codes(run(direct_years, direct(education, start, date(2010 + years, 3, 1)))) == ["direct-years-met"]

    def test_shortfall_in_years_and_months(self) -> None:
        (problem,) = run(direct_years, direct("大专", date(2020, 5, 10), date(2024, 8, 20)))
        assert problem.params["have_zh"] == "4年3个月"
        assert problem.params["short_zh"] == "4年9个月"
        assert problem.details["shortfall_months"] == 57

    def test_year_end_option(self) -> None:
        facts = direct("硕士", date(2020, 10, 1), date(2024, 8, 20))
        assert codes(run(direct_years, facts)) == ["direct-years-short"]
        (problem,) = run(direct_years, facts, count_to="year-end")
        assert problem.code == "direct-years-met" and problem.details["counted_to"] == "2024-12-31"

    def test_doctor_short_is_review(self) -> None:
        assert codes(run(direct_years, direct("博士", date(2022, 7, 1), date(2024, 8, 20)))) == [
            "direct-years-doctor-review"]
        assert severity("direct-years-doctor-review") is Severity.REVIEW
        assert codes(run(direct_years, direct("博士", date(2020, 7, 1), date(2024, 8, 20)))) == ["direct-years-met"]

    @pytest.mark.parametrize("education", ["中专", "高中", "其他"])
    def test_secondary_school_not_eligible(self, education: str) -> None:
        (problem,) = run(direct_years, direct(education, date(2000, 1, 1), date(2024, 8, 20)))
        assert problem.code == "direct-years-education"
        assert severity(problem.code) is Severity.ERROR

    def test_missing_facts_are_review(self) -> None:
        (problem,) = run(direct_years, direct(None, None, date(2024, 8, 20)))
        assert problem.code == "direct-years-unknown"
        assert problem.details["missing"] == ["education", "work_start"]
        assert codes(run(direct_years, direct("本科", None, date(2024, 8, 20)))) == ["direct-years-unknown"]

    def test_level_other_than_engineer(self) -> None:
        facts = direct("本科", date(2010, 1, 1), date(2024, 8, 20), level="助理工程师")
        assert codes(run(direct_years, facts)) == ["direct-years-level"]

    def test_years_table_is_an_option(self) -> None:
        facts = direct("本科", date(2019, 1, 1), date(2024, 8, 20))
        assert codes(run(direct_years, facts, required_years={"本科": 5})) == ["direct-years-met"]


# --------------------------------------------------------------------------------------------------------
# engineering-master

FORM = make_doc("3-2破格/破格申报职称审批表.pdf", b"%PDF-1.4", "pdf")


class TestEngineeringMaster:
    def test_0855_gets_the_early_note(self) -> None:
        (problem,) = run(engineering_master, Facts(route="正常", extra={"degree_code": "0855"}))
        assert problem.code == "engineering-master-early"
        assert severity(problem.code) is Severity.INFO

    def test_0852_counts_but_0853_does_not(self) -> None:
        assert codes(run(engineering_master, Facts(extra={"degree_code": "0852"}))) == ["engineering-master-early"]
        assert run(engineering_master, Facts(extra={"degree_code": "0853"})) == []
        assert run(engineering_master, Facts(extra={"degree_code": "0862"})) == []
        assert run(engineering_master, Facts()) == []

    def test_route_exception_needs_the_form(self) -> None:
        facts = Facts(route="破格", extra={"degree_code": "0859"})
        problems = run(engineering_master, facts)
        assert codes(problems) == ["engineering-master-early", "engineering-master-form-missing"]
        assert problems[1].item == "exception-approval-form"
        assert severity("engineering-master-form-missing") is Severity.ERROR
        assert codes(run(engineering_master, facts, {"exception-approval-form": [FORM]})) == [
            "engineering-master-early"]

    def test_project_management_field_is_excluded(self) -> None:
        facts = Facts(route="正常", extra={"degree_code": "0852", "degree_field": "项目管理"})
        assert run(engineering_master, facts) == []
        facts = Facts(route="破格", extra={"degree_code": "0852", "degree_field": "项目管理领域"})
        (problem,) = run(engineering_master, facts)
        assert problem.code == "engineering-master-field-excluded"
        assert problem.params["field"] == "项目管理"
        assert codes(run(engineering_master, Facts(route="破格", extra={"degree_code": "085240"}))) == [
            "engineering-master-field-excluded"]

    def test_code_forms(self) -> None:
        assert codes(run(engineering_master, Facts(extra={"degree_code": 855}))) == ["engineering-master-early"]
        assert codes(run(engineering_master, Facts(extra={"degree_code": "机械 0855"}))) == [
            "engineering-master-early"]
        assert codes(run(engineering_master, Facts(extra={"degree_code": "工程硕士"}))) == [
            "engineering-master-code-unrecognised"]

    def test_codes_are_options(self) -> None:
        facts = Facts(extra={"degree_code": "0853"})
        assert codes(run(engineering_master, facts, degree_codes=["0853"])) == ["engineering-master-early"]


# --------------------------------------------------------------------------------------------------------
# publicity-period

def publicity(data: bytes, kind: str, name: str = "公示材料") -> dict[str, list[Document]]:
    return {"publicity-record": [make_doc(f"单位材料/{name}.{kind}", data, kind)]}


class TestPublicityPeriod:
    def test_facts_five_working_days_pass(self) -> None:
        facts = Facts(extra={"publicity_start": date(2024, 8, 1), "publicity_end": date(2024, 8, 7)})
        assert codes(run(publicity_period, facts)) == ["publicity-period-ok"]
        (ok,) = run(publicity_period, facts)
        assert ok.details["workdays"] == 5 and ok.details["start"] == "2024-08-01"
        assert severity(ok.code) is Severity.INFO

    def test_facts_four_working_days_fail(self) -> None:
        facts = Facts(extra={"publicity_start": date(2024, 8, 1), "publicity_end": date(2024, 8, 6)})
        (problem,) = run(publicity_period, facts)
        assert problem.code == "publicity-too-short"
        assert severity(problem.code) is Severity.ERROR
        assert problem.details["workdays"] == 4
        assert problem.path is None and problem.item == "publicity-record"

    def test_national_day_week_with_adjusted_sunday(self) -> None:
        # 9-27 (Fri) .. 10-8 (Tue): 12 calendar days, but 10-1..10-7 are holidays; 9-29 (Sun) works.
        facts = Facts(extra={"publicity_start": "2024-09-27", "publicity_end": "2024-10-08"})
        (problem,) = run(publicity_period, facts)
        assert problem.code == "publicity-too-short"
        assert problem.details["workdays"] == 4
        assert problem.details["calendar_days"] == 12
        assert problem.details["adjusted_workdays"] == ["2024-09-29"]
        assert "2024-10-01" in problem.details["holidays"]
        facts = Facts(extra={"publicity_start": "2024-09-27", "publicity_end": "2024-10-09"})
        assert codes(run(publicity_period, facts)) == ["publicity-period-ok"]

    def test_adjusted_saturday_working_day_counts(self) -> None:
        facts = Facts(extra={"publicity_start": "2024年10月8日", "publicity_end": "2024年10月12日"})
        assert codes(run(publicity_period, facts)) == ["publicity-period-ok"]

    def test_min_workdays_option(self) -> None:
        facts = Facts(extra={"publicity_start": date(2024, 8, 1), "publicity_end": date(2024, 8, 7)})
        assert codes(run(publicity_period, facts, min_workdays=7)) == ["publicity-too-short"]

    def test_from_pdf_text(self) -> None:
        docs = publicity(pdf_bytes("关于推荐张三申报工程师的公示", "公示时间：2024年8月1日至2024年8月7日"), "pdf")
        (problem,) = run(publicity_period, Facts(), docs)
        assert problem.code == "publicity-period-read"
        assert problem.item == "publicity-record"
        assert problem.path == "单位材料/公示材料.pdf"
        assert problem.details["workdays"] == 5 and problem.details["source"] == "document"

    def test_from_pdf_short(self) -> None:
        docs = publicity(pdf_bytes("公示期：2024.8.1-8.6"), "pdf")
        (problem,) = run(publicity_period, Facts(), docs)
        assert problem.code == "publicity-too-short"
        assert problem.details["workdays"] == 4

    def test_from_docx_with_inferred_year(self) -> None:
        data = docx_bytes("公示", "公示时间：9月27日—10月8日", "特此公示。", "某某公司 2024年9月26日")
        (problem,) = run(publicity_period, Facts(), publicity(data, "docx"))
        assert problem.code == "publicity-too-short"
        assert problem.details["start"] == "2024-09-27" and problem.details["end"] == "2024-10-08"

    def test_year_from_apply_date_when_the_text_has_none(self) -> None:
        data = "公示时间：8月1日-8月7日".encode()
        (problem,) = run(publicity_period, Facts(apply_date=date(2023, 8, 20)), publicity(data, "txt"))
        assert problem.details["start"] == "2023-08-01"

    def test_gb18030_text(self) -> None:
        data = "公示期为2024年8月1日起至8月5日止".encode("gb18030")
        (problem,) = run(publicity_period, Facts(), publicity(data, "txt"))
        assert problem.code == "publicity-too-short" and problem.details["workdays"] == 3

    def test_scan_without_text_is_review(self) -> None:
        docs = publicity(pdf_bytes(), "pdf")
        (problem,) = run(publicity_period, Facts(), docs)
        assert problem.code == "publicity-period-unknown"
        assert severity(problem.code) is Severity.REVIEW
        # no text layer: OCR reads the scan (a blank page gives no dates); without the vision extra, no-ocr
        assert problem.details["files"][0]["reason"] in ("ocr-no-dates", "no-ocr")
        assert "扫描件" in problem.params["reason_zh"]

    def test_image_is_review(self) -> None:
        (problem,) = run(publicity_period, Facts(), publicity(b"\xff\xd8\xff\xe0", "jpeg"))
        assert problem.code == "publicity-period-unknown"

    def test_corrupt_pdf_is_review_not_a_crash(self) -> None:
        (problem,) = run(publicity_period, Facts(), publicity(b"%PDF-1.7\n garbage", "pdf"))
        assert problem.code == "publicity-period-unknown"
        assert problem.details["files"][0]["reason"] == "corrupt"

    def test_encrypted_pdf_is_review(self) -> None:
        from pypdf import PdfWriter

        writer = PdfWriter()
        writer.add_blank_page(width=200, height=200)
        writer.encrypt(user_password="secret", owner_password="owner")
        buffer = io.BytesIO()
        writer.write(buffer)
        (problem,) = run(publicity_period, Facts(), publicity(buffer.getvalue(), "pdf"))
        assert problem.code == "publicity-period-unknown"
        assert problem.details["files"][0]["reason"] == "encrypted"

    def test_text_without_dates_is_review(self) -> None:
        (problem,) = run(publicity_period, Facts(), publicity("公示：无异议。".encode(), "txt"))
        assert problem.code == "publicity-period-unknown"
        assert problem.details["files"][0]["reason"] == "no-dates"
        assert "没有找到" in problem.params["reason_zh"]

    def test_nothing_to_go_on_is_silent(self) -> None:
        assert run(publicity_period, Facts()) == []

    def test_incomplete_facts(self) -> None:
        (problem,) = run(publicity_period, Facts(extra={"publicity_start": "2024-08-01"}))
        assert problem.code == "publicity-period-unknown"
        assert problem.details["reason"] == "facts-invalid"

    def test_reversed_facts(self) -> None:
        facts = Facts(extra={"publicity_start": "2024-08-07", "publicity_end": "2024-08-01"})
        assert codes(run(publicity_period, facts)) == ["publicity-dates-reversed"]

    def test_calendar_without_data(self) -> None:
        facts = Facts(extra={"publicity_start": date(2099, 8, 3), "publicity_end": date(2099, 8, 10)})
        (problem,) = run(publicity_period, facts)
        assert problem.code == "publicity-calendar-unsupported"
        assert severity(problem.code) is Severity.REVIEW


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("公示时间：2024年8月1日至2024年8月7日", date(2024, 8, 1), date(2024, 8, 7)),
        ("公示时间: 2024 年 8 月 1 日 至 2024 年 8 月 7 日", date(2024, 8, 1), date(2024, 8, 7)),
        ("2024.8.1-8.7", date(2024, 8, 1), date(2024, 8, 7)),
        ("2024.08.01—2024.08.07", date(2024, 8, 1), date(2024, 8, 7)),
        ("2024/8/1～2024/8/7", date(2024, 8, 1), date(2024, 8, 7)),
        ("８月１日—８月７日", date(2024, 8, 1), date(2024, 8, 7)),
        ("公示期：2024年8月1日（星期四）至8月7日（星期三）", date(2024, 8, 1), date(2024, 8, 7)),
        ("2024年8月1日起至7日止", date(2024, 8, 1), date(2024, 8, 7)),
        ("二〇二四年八月一日至八月七日", date(2024, 8, 1), date(2024, 8, 7)),
        ("2024年12月30日至1月3日", date(2024, 12, 30), date(2025, 1, 3)),
        ("2024年9月27日8:00—10月8日18:00", date(2024, 9, 27), date(2024, 10, 8)),
        ("工作经历 2018年3月1日至2020年5月1日；公示时间 2024年8月1日至8月7日", date(2024, 8, 1), date(2024, 8, 7)),
        ("任职 2024年1月1日-2024年6月30日", None, None),  # longer than a publicity: ignored
        ("电话 0772-2629373，第3-5页", None, None),
    ],
)
def test_find_period(text: str, start: date | None, end: date | None) -> None:
    found = publicity_period.find_period(text, 2024)
    assert found == ((start, end) if start else None)


# --------------------------------------------------------------------------------------------------------
# consistency

UNIT = "柳州某某科技有限公司"
APPLICANT = Facts(name="张三", id_number=YOUNG_MAN, unit=UNIT)
PADDING = "本人自参加工作以来，一直从事机械设计与制造工作，负责多项产品的研发、试验和技术改进。"


def pension_pdf(name: str, id_no: str, unit: str) -> Document:
    data = pdf_bytes("广西壮族自治区社会保险个人缴费明细", f"姓名：{name}  身份证号：{id_no}",
                     f"单位名称：{unit}", "缴费年月 险种 缴费基数", "202401 企业职工基本养老保险 4000")
    return make_doc("6-2社保/养老保险缴费记录.pdf", data, "pdf")


class TestConsistency:
    def test_matching_documents_are_silent(self) -> None:
        summary = docx_bytes("专业技术工作总结", "申报人：张三", PADDING)
        docs = {"pension-record": [pension_pdf("张三", YOUNG_MAN, UNIT)],
                "work-summary": [make_doc("10总结/工作总结.docx", summary, "docx")]}
        assert run(consistency, APPLICANT, docs) == []

    def test_other_name_points_to_household_register(self) -> None:
        summary = make_doc("10总结/工作总结.docx", docx_bytes("专业技术工作总结", "姓名：李四", PADDING), "docx")
        (problem,) = run(consistency, APPLICANT, {"work-summary": [summary]})
        assert problem.code == "consistency-name-mismatch"
        assert problem.item == "household-register"
        assert problem.path == "10总结/工作总结.docx"
        assert problem.details["found_names"] == ["李四"]
        assert problem.details["document_item"] == "work-summary"
        assert severity(problem.code) is Severity.WARNING

    def test_name_changed_flag_silences_the_name_warning(self) -> None:
        summary = make_doc("总结.docx", docx_bytes("姓名：李四", PADDING), "docx")
        facts = Facts(name="张三", flags={"name_changed": True})
        assert run(consistency, facts, {"work-summary": [summary]}) == []

    def test_former_names(self) -> None:
        summary = make_doc("总结.docx", docx_bytes("姓名：张小三", PADDING), "docx")
        facts = Facts(name="张三", extra={"former_names": ["张小三"]})
        (problem,) = run(consistency, facts, {"work-summary": [summary]})
        assert problem.code == "consistency-name-mismatch"  # the flag and the household register are needed
        record = make_doc("养老.txt", ("姓名：张小三 " + PADDING).encode(), "txt")
        changed = Facts(name="张三", extra={"former_names": "张小三、张三三"}, flags={"name_changed": True})
        assert run(consistency, changed, {"pension-record": [record]}) == []
        unlabelled = make_doc("养老.txt", ("社会保险缴费明细 张小三 " + PADDING).encode(), "txt")
        assert run(consistency, changed, {"pension-record": [unlabelled]}) == []
        assert codes(run(consistency, Facts(name="张三"), {"pension-record": [unlabelled]})) == [
            "consistency-name-absent"]

    def test_name_in_a_table_cell_followed_by_labels(self) -> None:
        table = [["姓名", "王五", "性别", "男"], ["单位", UNIT, "", ""]]
        form = make_doc("直接申报职称审批表.docx", docx_bytes("直接申报职称审批表", PADDING, table=table), "docx")
        (problem,) = run(consistency, APPLICANT, {"direct-approval-form": [form]})
        assert problem.code == "consistency-name-mismatch"
        assert problem.details["found_names"] == ["王五"]
        glued = make_doc("表.txt", ("姓名：王五性别：男 " + PADDING).encode(), "txt")
        (problem,) = run(consistency, APPLICANT, {"direct-approval-form": [glued]})
        assert problem.details["found_names"] == ["王五"]

    def test_absent_name_in_pension_record_is_review(self) -> None:
        record = make_doc("养老.txt", f"社会保险个人缴费明细 单位名称：{UNIT} {PADDING}".encode(), "txt")
        (problem,) = run(consistency, APPLICANT, {"pension-record": [record]})
        assert problem.code == "consistency-name-absent"
        assert problem.item == "pension-record"
        assert severity(problem.code) is Severity.REVIEW
        # In a work summary a missing name is not required.
        assert run(consistency, APPLICANT, {"work-summary": [record]}) == []

    def test_other_id_number_is_masked(self) -> None:
        other = make_id("45020319880808002")
        (problem,) = run(consistency, APPLICANT, {"pension-record": [pension_pdf("张三", other, UNIT)]})
        assert problem.code == "consistency-id-mismatch"
        assert problem.item == "household-register"
        assert other not in str(problem.params) and other not in str(problem.details)
        assert problem.details["found_masked"] == [other[:3] + "*" * 13 + other[-2:]]

    def test_masked_id_numbers_compare_on_visible_digits(self) -> None:
        same = YOUNG_MAN[:6] + "*" * 8 + YOUNG_MAN[14:]
        assert run(consistency, APPLICANT, {"pension-record": [pension_pdf("张三", same, UNIT)]}) == []
        other = "450***********9999"
        (problem,) = run(consistency, APPLICANT, {"pension-record": [pension_pdf("张三", other, UNIT)]})
        assert problem.code == "consistency-id-mismatch"
        nearly_full = make_id("45020319880808002")[:-2] + "*" + make_id("45020319880808002")[-1]
        (problem,) = run(consistency, APPLICANT, {"pension-record": [pension_pdf("张三", nearly_full, UNIT)]})
        assert problem.details["found_masked"] == [nearly_full[:3] + "*" * 13 + nearly_full[-2:]]

    def test_random_long_numbers_are_not_id_numbers(self) -> None:
        text = f"张三 单位名称：柳州某某科技有限公司 银行账号 621700123456789012 {PADDING}"
        record = make_doc("养老.txt", text.encode(), "txt")
        assert run(consistency, APPLICANT, {"pension-record": [record]}) == []

    def test_pension_unit_differs(self) -> None:
        docs = {"pension-record": [pension_pdf("张三", YOUNG_MAN, "柳州另一家建筑有限公司")]}
        (problem,) = run(consistency, APPLICANT, docs)
        assert problem.code == "consistency-unit-mismatch"
        assert problem.item == "pension-record"
        assert problem.details["found_units"] == ["柳州另一家建筑有限公司"]
        assert severity(problem.code) is Severity.WARNING

    def test_unit_with_brackets_matches_but_a_branch_is_another_unit(self) -> None:
        facts = Facts(name="张三", unit="广西某某（柳州）机械有限公司")
        docs = {"pension-record": [pension_pdf("张三", YOUNG_MAN, "广西某某(柳州)机械有限公司")]}
        assert run(consistency, facts, docs) == []
        docs = {"pension-record": [pension_pdf("张三", YOUNG_MAN, "广西某某(柳州)机械有限公司柳东分公司")]}
        assert codes(run(consistency, facts, docs)) == ["consistency-unit-mismatch"]

    def test_xlsx_pension_export(self) -> None:
        import openpyxl

        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(["广西壮族自治区社会保险个人缴费明细"])
        sheet.append(["姓名", "李四", "身份证号", YOUNG_MAN, "个人编号", "123456"])
        sheet.append(["费款所属期", "单位名称", "险种", "缴费基数"])
        for month in range(202401, 202407):
            sheet.append([month, "柳州某某科技有限公司", "企业职工基本养老保险", 4000])
        buffer = io.BytesIO()
        book.save(buffer)
        docs = {"pension-record": [make_doc("养老保险.xlsx", buffer.getvalue(), "xlsx")]}
        assert codes(run(consistency, APPLICANT, docs)) == ["consistency-name-mismatch"]

    def test_pension_reader_person_is_authoritative(self) -> None:
        text = "\n".join(["姓名,李四", "身份证号," + YOUNG_MAN, "费款所属期,单位名称,险种,经办人",
                          *[f"2024{m:02d},柳州某某科技有限公司,企业职工基本养老保险,张三" for m in range(1, 7)]])
        docs = {"pension-record": [make_doc("养老保险.csv", text.encode(), "csv")]}
        (problem,) = run(consistency, APPLICANT, docs)
        assert problem.code == "consistency-name-mismatch"  # 张三 appears, but as the clerk
        assert problem.details["found_names"] == ["李四"]
        same = text.replace("姓名,李四", "姓名,张三")
        assert run(consistency, APPLICANT, {"pension-record": [make_doc("养老.csv", same.encode(), "csv")]}) == []

    def test_scans_and_broken_files_are_skipped(self) -> None:
        docs = {"pension-record": [make_doc("scan.pdf", pdf_bytes(), "pdf"),
                                   make_doc("photo.jpg", b"\xff\xd8\xff\xe0", "jpeg"),
                                   make_doc("broken.pdf", b"%PDF-1.4 broken", "pdf"),
                                   make_doc("broken.docx", b"PK\x03\x04 nonsense", "docx")]}
        assert run(consistency, APPLICANT, docs) == []

    def test_text_is_memoised_per_document(self) -> None:
        calls = []
        data = ("姓名：李四 " + PADDING).encode()

        def reader() -> bytes:
            calls.append(1)
            return data

        doc = Document(rel_path="总结.txt", size=len(data), kind="txt", extension_kind="txt", sha256=None,
                       _reader=reader)
        run(consistency, APPLICANT, {"work-summary": [doc]})
        run(consistency, APPLICANT, {"work-summary": [doc]})
        run(publicity_period, Facts(), {"publicity-record": [doc]})
        assert len(calls) == 1

    def test_names_in(self) -> None:
        assert consistency.names_in("姓 名：张三 性别：男") == ["张三"]
        assert consistency.names_in("姓名 性别 出生年月") == []
        assert consistency.names_in("申报人员原则上应有") == []
        assert consistency.names_in("申报人：欧阳小明") == ["欧阳小明"]
        assert consistency.names_in("姓名（签字）：赵六") == ["赵六"]


# --------------------------------------------------------------------------------------------------------
# through the engine with the bundled checklist

def test_bundled_checklist_runs_the_eligibility_checks(tmp_path: Any) -> None:
    from zccheck.checklist.loader import load_checklist, resolve_checklist
    from zccheck.engine import ScanOptions, evaluate
    from zccheck.inventory.materials import open_materials

    checklist = load_checklist(resolve_checklist(None))
    used = {use.id for use in checklist.checks}
    mine = {m.ID for m in (id_number, retirement_age, direct_years, engineering_master, publicity_period, consistency)}
    assert mine <= used
    root = tmp_path / "materials"
    root.mkdir()
    (root / "zccheck.toml").write_text(
        "[applicant]\n"
        'name = "张三"\n'
        f'id_number = "{make_id("45020319640101001")}"\n'
        'level = "工程师"\nindustry = "工程"\nroute = "直接申报"\nunit = "柳州某某科技有限公司"\n'
        'education = "本科"\nwork_start = 2020-03-01\napply_date = 2024-08-20\n',
        encoding="utf-8")
    folder = root / "单位审核推荐材料"
    folder.mkdir()
    (folder / "单位内部公示材料.pdf").write_bytes(pdf_bytes("公示时间：2024年9月27日至2024年10月8日"))
    result = evaluate(open_materials(root), checklist, ScanOptions())
    found = {f.code: f for f in result.findings}
    assert found["retirement-age-reached"].severity is Severity.ERROR
    assert found["direct-years-short"].details["shortfall_months"] == 7 * 12 - 53
    too_short = found["publicity-too-short"]
    assert too_short.item == "publicity-record"
    assert too_short.path == "单位审核推荐材料/单位内部公示材料.pdf"
    assert too_short.details["workdays"] == 4
    assert too_short.check == "publicity-period"
    full_id = make_id("45020319640101001")
    assert all(full_id not in f.message and full_id not in str(f.details) for f in result.findings)


class TestEngineeringMasterScope:
    """The 项目管理/物流工程/工业工程 exclusion is 0852's only; codes are 08xx(xx) tokens, not years."""

    def test_0859_with_engineering_project_management_is_eligible(self) -> None:
        facts = Facts(route="破格", extra={"degree_code": "0859", "degree_field": "工程项目管理"})
        assert codes(run(engineering_master, facts, {"exception-approval-form": [FORM]})) == [
            "engineering-master-early"]

    def test_0852_project_management_stays_excluded(self) -> None:
        facts = Facts(route="破格", extra={"degree_code": "0852", "degree_field": "工程项目管理"})
        assert codes(run(engineering_master, facts)) == ["engineering-master-field-excluded"]

    @pytest.mark.parametrize("field", ["物流工程", "工业工程"])
    def test_other_categories_with_those_field_names_are_eligible(self, field: str) -> None:
        facts = Facts(route="正常", extra={"degree_code": "0861", "degree_field": field})
        assert codes(run(engineering_master, facts)) == ["engineering-master-early"]

    @pytest.mark.parametrize(("raw", "code"), [
        ("2019级 085500 机械", "085500"), ("2019级0855机械", "0855"), ("学位代码：0859（土木水利）", "0859"),
        ("2018-2021 085239", "085239"), ("0855", "0855"), (855, "0855"), (85239, "085239"),
    ])
    def test_the_code_is_the_08_token_not_a_year(self, raw: object, code: str) -> None:
        assert engineering_master.normalise_code(raw) == code

    @pytest.mark.parametrize("raw", ["2019级 机械", "20190855", "0855000", "1234", "085"])
    def test_no_code_in_years_or_longer_numbers(self, raw: str) -> None:
        assert engineering_master.normalise_code(raw) is None

    def test_a_year_before_the_code_leads_to_the_right_verdict(self) -> None:
        facts = Facts(route="正常", extra={"degree_code": "2019级 085500 机械"})
        (problem,) = run(engineering_master, facts)
        assert problem.code == "engineering-master-early"
        assert problem.details["degree_code"] == "085500"
