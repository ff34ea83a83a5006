"""Direct application (直接申报) for 工程师: professional work years by education (§一.(二)4).

The notice: "获得硕士学位的从事专业技术工作4年以上，大学本科学历的…7年以上，大专学历的…9年以上", and no lower
figure for anyone else. A 博士 holds a degree above 硕士, so 4 years certainly suffice; whether fewer do is
not stated (a doctorate usually leads to 工程师 by 考核认定 rather than by direct application), so a 博士 with
fewer years gets a `review`, not an error. 中专 and below are not eligible for direct application.
Years run from `work_start` to the apply date ("以上" includes the number: the anniversary day counts).

The years must also be *proved* (§三.1(3)② "专业技术工作年限证明"). The checklist lets the pension record stand in
for the proof (`satisfied_by`), but a pension export proves only the months it lists: an 18-month export does
not prove 7 years. So when there is no file of the proof item itself, this check looks for another proof by
name anywhere in the materials (公积金, 个税, 工资流水, 聘任文件, 劳动合同 … — `other_proof_keywords`) and
otherwise counts the pension months the record shows as paid (any unit: the years are the applicant's whole
career). Fewer than the required years is `service-years-proof-short` (the item counts as missing, the
message says what is covered); a pension file that cannot be read for months is `service-years-proof-unread`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any

from zccheck.checks.base import CheckContext, Scope
from zccheck.classify.normalize import normalize
from zccheck.content.errors import ContentError
from zccheck.findings import Problem
from zccheck.rules.service_years import Span, check_years

ID = "direct-application-years"
SCOPE = Scope.APPLICANT
DATE_DEPENDENT = True  # judged over the submission window when no date is given (zccheck.datewindow)
DEFAULTS: dict[str, Any] = {
    "route": "直接申报",
    "levels": ["工程师"],
    "required_years": {"博士": 4, "硕士": 4, "本科": 7, "大专": 9},
    "review_short_for": ["博士"],
    # "apply-date": count to the apply date; "year-end": to 31 December of the apply year.
    "count_to": "apply-date",
    # The proof of the years (§三.1(3)②): its item, the pension item that may stand in for it when it covers
    # the required years, and names of other proofs that satisfy it wherever they are filed.
    "proof_item": "service-years-proof",
    "pension_item": "pension-record",
    "other_proof_keywords": ["公积金", "个税", "个人所得税", "纳税", "完税", "工资流水", "银行流水", "工资发放",
                             "工资单", "聘任", "聘书", "聘用", "劳动合同", "任职文件", "任命文件"],
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
    yield from _proof_coverage(ctx, options, facts.education, required)


def _proof_coverage(ctx: CheckContext, options: Mapping[str, Any], education: str,
                    required: int) -> Iterator[Problem]:
    """service-years-proof-short / -unread when only a pension record stands in for the proof of the years."""
    proof_item, pension_item = str(options["proof_item"]), str(options["pension_item"])
    if proof_item not in ctx.checklist.items or ctx.classification.documents(proof_item):
        return
    pension_docs = ctx.classification.documents(pension_item)
    if not pension_docs:
        return  # nothing stands in: presence reports the proof as missing
    keywords = [normalize(str(k)) for k in options["other_proof_keywords"]]
    others = [d.rel_path for d in ctx.documents if any(k in normalize(d.rel_path) for k in keywords)]
    if others:
        return
    months: set[tuple[int, int]] = set()
    unread: list[str] = []
    for doc in pension_docs:
        try:
            months |= _paid_pension_months(doc)
        except ContentError:
            unread.append(doc.rel_path)
    covered = Span(len(months))
    spec = ctx.checklist.items[proof_item]
    params = {"item_name": spec.name_zh, "item_name_en": spec.name_en, "education": education,
              "required": required, "covered_zh": covered.label_zh(), "covered_en": covered.label_en()}
    details = {"education": education, "required_years": required, "covered_months": len(months),
               "pension_files": [d.rel_path for d in pension_docs], "unread_files": unread,
               "first_month": _month_text(min(months)) if months else None,
               "last_month": _month_text(max(months)) if months else None}
    if len(months) >= required * 12:
        return
    if unread:
        yield Problem("service-years-proof-unread", item=proof_item, path=unread[0],
                      params={**params, "file": unread[0]}, details=details)
        return
    yield Problem("service-years-proof-short", item=proof_item, params=params, details=details)


def _month_text(month: tuple[int, int]) -> str:
    return f"{month[0]:04d}-{month[1]:02d}"


def _paid_pension_months(doc: Any) -> set[tuple[int, int]]:
    """Months of pension (养老, or insurance not stated) the record does not mark as unpaid; ContentError when
    the file cannot be read as a pension record (a scan, another kind of file)."""
    from zccheck.content.pension import read_pension_document

    record = read_pension_document(doc)
    return {row.month for row in record.rows if row.paid is not False and row.kind in ("养老", "")}
