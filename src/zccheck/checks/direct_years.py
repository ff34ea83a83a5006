"""Direct application (直接申报) for 工程师: professional work years by education (§一.(二)4).

The notice: "获得硕士学位的从事专业技术工作4年以上，大学本科学历的…7年以上，大专学历的…9年以上", and no lower
figure for anyone else. A 博士 holds a degree above 硕士, so 4 years certainly suffice; whether fewer do is
not stated (a doctorate usually leads to 工程师 by 考核认定 rather than by direct application), so a 博士 with
fewer years gets a `review`, not an error. 中专 and below are not eligible for direct application.
Years run from `work_start` to the apply date ("以上" includes the number: the anniversary day counts).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any

from zccheck.checks.base import CheckContext, Scope
from zccheck.findings import Problem
from zccheck.rules.service_years import check_years

ID = "direct-application-years"
SCOPE = Scope.APPLICANT
DEFAULTS: dict[str, Any] = {
    "route": "直接申报",
    "levels": ["工程师"],
    "required_years": {"博士": 4, "硕士": 4, "本科": 7, "大专": 9},
    "review_short_for": ["博士"],
    # "apply-date": count to the apply date; "year-end": to 31 December of the apply year.
    "count_to": "apply-date",
}

COUNT_TO = ("apply-date", "year-end")


def _until(ctx: CheckContext, count_to: str) -> date:
    if count_to not in COUNT_TO:
        raise ValueError(f"count_to must be one of {COUNT_TO}, not {count_to!r}")
    apply_date = ctx.apply_date
    return date(apply_date.year, 12, 31) if count_to == "year-end" else apply_date


def check(ctx: CheckContext, options: Mapping[str, Any]) -> Iterator[Problem]:
    """direct-years-short / -doctor-review / -education / -level / -unknown / -met."""
    facts = ctx.facts
    if facts.route != options["route"]:
        return
    levels = list(options["levels"])
    if facts.level and facts.level not in levels:
        yield Problem("direct-years-level", params={"level": facts.level, "levels": "、".join(levels)},
                      details={"level": facts.level, "levels": levels})
        return
    missing = [name for name, value in (("education", facts.education), ("work_start", facts.work_start))
               if value is None]
    if missing:
        yield Problem("direct-years-unknown", params={"missing": ", ".join(missing)}, details={"missing": missing})
        return
    assert facts.education is not None and facts.work_start is not None
    table = {str(k): int(v) for k, v in dict(options["required_years"]).items()}
    required = table.get(facts.education)
    if required is None:
        accepted = "、".join(table)
        yield Problem("direct-years-education", params={"education": facts.education, "accepted": accepted},
                      details={"education": facts.education, "accepted": list(table)})
        return
    until = _until(ctx, str(options["count_to"]))
    result = check_years(facts.work_start, until, required)
    params = {
        "education": facts.education,
        "required": required,
        "have_zh": result.span.label_zh(),
        "have_en": result.span.label_en(),
        "short_zh": result.shortfall.label_zh(),
        "short_en": result.shortfall.label_en(),
        "until": until.isoformat(),
        "met_on": result.met_on.isoformat(),
    }
    details = {
        "education": facts.education,
        "work_start": facts.work_start.isoformat(),
        "counted_to": until.isoformat(),
        "service_months": result.span.total_months,
        "required_years": required,
        "shortfall_months": result.shortfall.total_months,
        "met_on": result.met_on.isoformat(),
    }
    if result.met:
        yield Problem("direct-years-met", params=params, details=details)
    elif facts.education in list(options["review_short_for"]):
        yield Problem("direct-years-doctor-review", params=params, details=details)
    else:
        yield Problem("direct-years-short", params=params, details=details)
