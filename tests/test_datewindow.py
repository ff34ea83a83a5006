"""No application date: date-dependent rules are judged over the notice's submission window, in the
applicant's favour, and the report says once how to set the date."""

from __future__ import annotations

from datetime import date

import pytest

from conftest import FACTS, Materials, by_code, codes, run
from test_pension_table import guangxi_rows, make_xlsx
from zccheck.checklist.loader import load_checklist, resolve_checklist
from zccheck.content.pension import month_add
from zccheck.datewindow import candidate_dates, choose
from zccheck.findings import Problem, Severity

NO_DATE = FACTS.replace("apply_date = 2024-08-20\n", "")
PENSION = "6-2 个人社保缴纳记录/养老保险缴费明细.xlsx"


def _months(first: tuple[int, int], last: tuple[int, int]) -> list[int]:
    months, month = [], first
    while month <= last:
        months.append(month[0] * 100 + month[1])
        month = month_add(month, 1)
    return months


def _folder(materials: Materials, last: tuple[int, int], facts: str = NO_DATE) -> None:
    materials.facts(facts)
    rows = guangxi_rows(_months((2023, 1), last), unit="柳州市柳东新区示例建设工程有限公司")
    materials.add(PENSION, make_xlsx({"Sheet1": rows}))


def test_the_window_is_checklist_data() -> None:
    deadlines = load_checklist(resolve_checklist(None)).deadlines
    assert deadlines.window() == (date(2024, 7, 12), date(2024, 9, 6))


@pytest.mark.parametrize(("today", "expected"), [
    (date(2026, 12, 3), (date(2024, 7, 12), date(2024, 8, 1), date(2024, 9, 1), date(2024, 9, 6))),
    (date(2024, 1, 5), (date(2024, 7, 12), date(2024, 8, 1), date(2024, 9, 1), date(2024, 9, 6))),
    (date(2024, 8, 20), (date(2024, 8, 20), date(2024, 9, 1), date(2024, 9, 6))),
    (date(2024, 9, 6), (date(2024, 9, 6),)),
])
def test_candidate_dates(today: date, expected: tuple[date, ...]) -> None:
    assert candidate_dates(date(2024, 7, 12), date(2024, 9, 6), today) == expected


def test_choose_prefers_a_passing_date_and_says_the_rest_fail() -> None:
    def severity(code: str) -> Severity:
        return Severity.ERROR if code == "bad" else Severity.INFO

    runs = [(date(2024, 7, 12), [Problem("bad")]), (date(2024, 8, 1), [Problem("good")]),
            (date(2024, 9, 6), [Problem("bad")])]
    verdict = choose(runs, severity)
    assert [p.code for p in verdict.problems] == ["good"]
    assert verdict.failing == (date(2024, 7, 12), date(2024, 9, 6)) and verdict.depends_on_date
    every = choose([(date(2024, 7, 12), [Problem("bad"), Problem("bad")]), (date(2024, 9, 6), [Problem("bad")])],
                   severity)
    assert len(every.problems) == 1 and not every.depends_on_date


def test_no_date_in_2026_does_not_cascade(materials: Materials) -> None:
    _folder(materials, (2024, 8))  # paid through August 2024: any day of the 2024 window passes
    result = run(materials.root)
    assert result.as_of == date.today()
    found = codes(result)
    assert not found & {"deadline-closed", "pension-months-missing", "date-dependent", "pension-unit-not-found"}
    assert "pension-summary" in found
    (note,) = by_code(result, "apply-date-not-given")
    assert note.severity is Severity.INFO and note.item is None
    assert "apply_date = 2024-09-06" in note.hint and "--as-of" in note.hint


def test_a_rule_that_depends_on_the_day_is_review(materials: Materials) -> None:
    _folder(materials, (2024, 7))  # July/August submissions pass; September ones miss August
    result = run(materials.root)
    assert "pension-months-missing" not in codes(result)
    (finding,) = by_code(result, "date-dependent")
    assert finding.severity is Severity.REVIEW and finding.item == "pension-record"
    assert finding.details["failing_dates"] == ["2024-09-01", "2024-09-06"]
    assert finding.details["failing_codes"] == ["pension-months-missing"]
    assert finding.path == PENSION


def test_a_rule_that_fails_on_every_day_is_an_error(materials: Materials) -> None:
    _folder(materials, (2024, 4))
    result = run(materials.root)
    assert "pension-months-missing" in codes(result, "pension-record")
    assert "date-dependent" not in codes(result)


def test_a_given_date_is_used_as_it_is(materials: Materials) -> None:
    _folder(materials, (2024, 7), FACTS.replace("2024-08-20", "2024-09-06"))
    result = run(materials.root)
    assert not codes(result) & {"apply-date-not-given", "date-dependent"}
    assert "pension-months-missing" in codes(result)
    _folder(materials, (2024, 7), NO_DATE)
    assert "apply-date-not-given" not in codes(run(materials.root, as_of=date(2024, 9, 6)))


def test_no_deadline_verdict_from_today_outside_the_window(materials: Materials) -> None:
    _folder(materials, (2024, 8))
    result = run(materials.root)  # today (2026 or later) is outside the 2024 window
    assert not codes(result) & {"deadline-open", "deadline-near", "deadline-closed"}
    assert "deadline-closed" in codes(run(materials.root, as_of=date(2026, 12, 3)))


@pytest.mark.parametrize(("today", "code"), [(date(2024, 8, 20), "deadline-open"), (date(2024, 9, 2), "deadline-near"),
                                             (date(2024, 9, 10), "deadline-correction-window")])
def test_deadline_inside_the_window_still_counts_down(today: date, code: str) -> None:
    from zccheck.checks import deadline
    from zccheck.checks.base import CheckContext
    from zccheck.classify.model import Classification
    from zccheck.facts import Facts

    ctx = CheckContext(facts=Facts(), checklist=load_checklist(resolve_checklist(None)), as_of=today, documents=(),
                       classification=Classification(by_item={}), date_given=False)
    assert [p.code for p in deadline.check(ctx, deadline.DEFAULTS)] == [code]


def test_direct_years_over_the_window(materials: Materials) -> None:
    direct = NO_DATE.replace('route = "正常"', 'route = "直接申报"') + "work_start = 2017-08-15\n"
    materials.facts(direct)  # 7 years on 2024-08-15: July submissions fall short, later ones pass
    result = run(materials.root)
    assert "direct-years-short" not in codes(result)
    assert "direct-years-met" in codes(result)
    (finding,) = by_code(result, "date-dependent")
    assert finding.details["failing_dates"] == ["2024-07-12", "2024-08-01"]
    materials.facts(direct.replace("2017-08-15", "2018-01-01"))
    assert "direct-years-short" in codes(run(materials.root))


def test_an_error_on_every_date_does_not_hide_one_that_depends_on_it() -> None:
    def severity(code: str) -> Severity:
        return Severity.ERROR

    runs = [(date(2024, 7, 12), [Problem("always"), Problem("early")]), (date(2024, 9, 6), [Problem("always")])]
    verdict = choose(runs, severity)
    assert [p.code for p in verdict.problems] == ["always"]
    assert verdict.failing == (date(2024, 7, 12),) and verdict.passing == (date(2024, 9, 6),)
    assert verdict.failing_codes == ("early",)


def test_direct_years_still_date_dependent_beside_a_proof_error(materials: Materials) -> None:
    direct = NO_DATE.replace('route = "正常"', 'route = "直接申报"') + "work_start = 2017-08-15\n"
    materials.facts(direct)
    rows = guangxi_rows(_months((2023, 1), (2024, 8)), unit="柳州市柳东新区示例建设工程有限公司")
    materials.add(PENSION, make_xlsx({"Sheet1": rows}))
    result = run(materials.root)
    assert "service-years-proof-short" in codes(result)
    (finding,) = by_code(result, "date-dependent")
    assert finding.details["failing_codes"] == ["direct-years-short"]


def test_a_publicity_date_without_a_year_takes_the_window_year(materials: Materials) -> None:
    materials.facts(NO_DATE)
    materials.add("单位审核推荐材料/公示材料.txt", "公示时间：8月12日至8月14日")
    (finding,) = by_code(run(materials.root), "publicity-too-short")
    assert (finding.details["start"], finding.details["workdays"]) == ("2024-08-12", 3)
