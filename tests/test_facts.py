"""Applicant facts from zccheck.toml and overrides; bad facts are findings, bad TOML is an error."""

from __future__ import annotations

from datetime import date

import pytest

from zccheck.facts_loader import FactsFileError, load_facts, parse_date
from zccheck.masking import mask_id_number


def test_full_facts() -> None:
    result = load_facts("""
[applicant]
name = "张三"
id_number = "450202198801011234"
level = "工程师"
industry = "住建"
route = "直接申报"
unit = "示例公司"
education = "本科"
work_start = 2012-07-01
apply_date = "2024年8月20日"
degree_code = "0855"
publicity_start = 2024-08-01
[flags]
dispatched = true
""")
    facts = result.facts
    assert result.problems == ()
    assert (facts.level, facts.industry, facts.route) == ("工程师", "住建", "直接申报")
    assert facts.work_start == date(2012, 7, 1)
    assert facts.apply_date == date(2024, 8, 20)
    assert facts.flag("dispatched") and not facts.flag("epidemic")
    assert facts.extra == {"degree_code": "0855", "publicity_start": date(2024, 8, 1)}


def test_invalid_missing_and_unknown_facts_are_problems() -> None:
    result = load_facts("""
[applicant]
name = ""
level = "高级工程师"
route = "正常"
unit = "示例公司"
work_start = "去年"
hobby = "钓鱼"
[flags]
dispatched = "yes"
typo_flag = true
[other]
x = 1
""")
    codes = sorted((p.code, p.details.get("fact") or p.params.get("key")) for p in result.problems)
    assert ("invalid-fact", "level") in codes
    assert ("invalid-fact", "work_start") in codes
    assert ("invalid-fact", "flags.dispatched") in codes
    assert ("missing-fact", "industry") in codes
    assert ("unknown-fact", "applicant.hobby") in codes
    assert ("unknown-fact", "flags.typo_flag") in codes
    assert ("unknown-fact", "other") in codes
    assert result.facts.level is None and result.facts.name is None


def test_overrides_win_and_no_file_is_reported() -> None:
    result = load_facts(None, {"level": "助理工程师", "route": "破格"})
    assert result.facts.level == "助理工程师" and result.facts.route == "破格"
    assert [p.code for p in result.problems] == ["facts-file-missing"]
    assert not result.found
    overridden = load_facts('[applicant]\nlevel = "工程师"\n', {"level": "技术员"})
    assert overridden.facts.level == "技术员"


def test_bad_toml_is_an_error_with_a_line() -> None:
    with pytest.raises(FactsFileError) as caught:
        load_facts('[applicant]\nname = "张三\nlevel = "工程师"\n')
    assert caught.value.line == 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2024-08-20", date(2024, 8, 20)), ("2024.8.2", date(2024, 8, 2)), ("2024/08/20", date(2024, 8, 20)),
     ("2024年8月20日", date(2024, 8, 20)), ("2024-08", date(2024, 8, 1)), ("2024年8月", date(2024, 8, 1)),
     ("2024-02-30", None), ("soon", None), (20240820, None)],
)
def test_parse_date(text: object, expected: date | None) -> None:
    assert parse_date(text) == expected


def test_mask_id_number_never_shows_the_whole_number() -> None:
    assert mask_id_number("450202198801011234") == "450*************34"
    assert mask_id_number("12345") == "*****"
    assert mask_id_number(None) is None


def test_extra_dates_are_parsed_or_reported() -> None:
    result = load_facts('[applicant]\nbirth_date = 1988-01-01\npublicity_start = "8月"\n')
    assert result.facts.extra == {"birth_date": date(1988, 1, 1)}
    assert [(p.code, p.details["fact"]) for p in result.problems if p.code == "invalid-fact"] == [
        ("invalid-fact", "publicity_start")]
