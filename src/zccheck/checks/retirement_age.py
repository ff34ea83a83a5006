"""Statutory retirement age at the apply date (§一.(一)3), with the gradual rise from 2025-01-01 as options.

Birth date and sex come from the ID number; `extra.birth_date` and `extra.sex` (男/女) override them (e.g.
when the number changed). Whether a woman's original statutory age is 55 (cadres and professional staff,
the usual case for 职称 applicants) or 50 (workers) cannot be read from the ID: `female_default_base_age`
decides, and the fact `extra.female_retirement_base` (50 or 55) overrides it per applicant.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date, datetime
from typing import Any

from zccheck.checks.base import CheckContext, Scope
from zccheck.findings import Problem
from zccheck.rules.idcard import FEMALE, MALE, parse_id_number, sex_from_text
from zccheck.rules.retirement import RetirementAge, RiseSchedule, months_between, statutory_age

ID = "retirement-age"
SCOPE = Scope.APPLICANT
DATE_DEPENDENT = True  # judged over the submission window when no date is given (zccheck.datewindow)
DEFAULTS: dict[str, Any] = {
    # 全国人大常委会关于实施渐进式延迟法定退休年龄的决定 (2024-09-13): the rise starts on this date.
    "reform_start": date(2025, 1, 1),
    "step_months": 1,
    "male_base_age": 60,
    "male_final_age": 63,
    "male_every_months": 4,
    "female_cadre_base_age": 55,
    "female_cadre_final_age": 58,
    "female_cadre_every_months": 4,
    "female_worker_base_age": 50,
    "female_worker_final_age": 55,
    "female_worker_every_months": 2,
    # Original statutory age assumed for women when extra.female_retirement_base is not given.
    "female_default_base_age": 55,
    # Tell the applicant when the statutory age is reached within this many months after the apply date.
    "notice_months": 6,
}

_SEX_ZH = {MALE: "男", FEMALE: "女"}


def _as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _schedule(options: Mapping[str, Any], category: str) -> RiseSchedule:
    start = _as_date(options["reform_start"])
    if start is None:
        raise ValueError("reform_start must be a date")
    return RiseSchedule(
        base_age=int(options[f"{category}_base_age"]),
        final_age=int(options[f"{category}_final_age"]),
        step_months=int(options["step_months"]),
        every_months=int(options[f"{category}_every_months"]),
        start=start,
    )


def _female_category(options: Mapping[str, Any], fact: Any) -> tuple[str | None, int | None]:
    """("female_cadre" | "female_worker" | None, the base age asked for)."""
    wanted = fact if fact is not None else options["female_default_base_age"]
    try:
        base = int(float(str(wanted).strip().removesuffix("岁")))
    except ValueError:
        return None, None
    for category in ("female_cadre", "female_worker"):
        if int(options[f"{category}_base_age"]) == base:
            return category, base
    return None, base


def _birth_and_sex(ctx: CheckContext) -> tuple[date | None, str | None, str]:
    """Birth date, sex and where they came from ("id-number", "facts", "id-number+facts")."""
    birth: date | None = None
    sex: str | None = None
    source = []
    if ctx.facts.id_number:
        info = parse_id_number(str(ctx.facts.id_number), today=ctx.as_of)
        if info.valid:
            birth, sex = info.birth_date, info.sex
            source.append("id-number")
    extra_birth = _as_date(ctx.facts.extra.get("birth_date"))
    extra_sex = sex_from_text(ctx.facts.extra.get("sex"))
    if extra_birth is not None or extra_sex is not None:
        birth = extra_birth or birth
        sex = extra_sex or sex
        source.append("facts")
    return birth, sex, "+".join(source)


def check(ctx: CheckContext, options: Mapping[str, Any]) -> Iterator[Problem]:
    """retirement-age-reached / -extended / -near / -unknown."""
    birth, sex, source = _birth_and_sex(ctx)
    if birth is None or sex is None:
        yield Problem("retirement-age-unknown", details={"reason": "no-birth-date-or-sex"})
        return
    assumed_base: int | None = None
    if sex == MALE:
        category: str | None = "male"
    else:
        fact = ctx.facts.extra.get("female_retirement_base")
        category, base = _female_category(options, fact)
        assumed_base = base if fact is None else None
        if category is None:
            yield Problem("retirement-age-unknown", params={"base": base or ""},
                          details={"reason": "unknown-female-base-age", "base_age": base})
            return
    age = statutory_age(birth, _schedule(options, category))
    apply_date = ctx.apply_date
    params = _params(age, sex, apply_date, assumed_base)
    details: dict[str, Any] = {
        "sex": sex,
        "category": category,
        "statutory_age_months": age.total_months,
        "delay_months": age.delay_months,
        "retirement_date": age.retirement_date.isoformat(),
        "apply_date": apply_date.isoformat(),
        "source": source,
        "female_base_assumed": assumed_base is not None,
    }
    if apply_date >= age.retirement_date:
        code = "retirement-age-extended" if ctx.facts.flag("retirement_extended") else "retirement-age-reached"
        yield Problem(code, params=params, details=details)
        return
    months_left = months_between(apply_date, age.retirement_date)
    if months_left < int(options["notice_months"]):
        days_left = (age.retirement_date - apply_date).days
        yield Problem("retirement-age-near", params={**params, "months_left": months_left, "days_left": days_left},
                      details={**details, "months_left": months_left, "days_left": days_left})


def _params(age: RetirementAge, sex: str, apply_date: date, assumed_base: int | None) -> dict[str, Any]:
    assumption_zh = assumption_en = ""
    if assumed_base is not None:
        assumption_zh = (f"（按女性原法定退休年龄{assumed_base}岁计算；如不适用，请在 zccheck.toml 的 [applicant] 中"
                         f"填写 female_retirement_base = 50 或 55）")
        assumption_en = (f" (assuming an original statutory age of {assumed_base} for women; set "
                         f"female_retirement_base = 50 or 55 under [applicant] in zccheck.toml if that is wrong)")
    return {
        "assumption_zh": assumption_zh,
        "assumption_en": assumption_en,
        "age_zh": age.label_zh(),
        "age_en": age.label_en(),
        "sex_zh": _SEX_ZH[sex],
        "sex_en": sex,
        "retirement_date": age.retirement_date.isoformat(),
        "apply_date": apply_date.isoformat(),
    }
