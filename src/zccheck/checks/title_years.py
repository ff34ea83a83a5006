"""正常 route: enough years since the current title (人社部发〔2019〕16号, the national minimum; checklist data).

The requirement for the applicant's level and education comes from the checklist (`requirements`, see
rules/title_years.py for the table and its source). The Guangxi conditions (桂职办〔2021〕27号 and the industry
texts) may be stricter; a unit edits the table, not the code.

The start date is the fact `title_date` (现职称取得时间) or, failing it, the date after "资格取得时间" / "取得时间"
/ "批准日期" on the current-title certificate (its text layer; OCR when the `vision` extra is installed). For a
见习 requirement it is `work_start`. Outcome at the apply date:
* met → `title-years-met` (info);
* short by more than `review_days` → `title-years-short` (error);
* short by at most `review_days` (a borderline case: the certificate's day, the apply day) → `title-years-borderline`
  (review);
* no start date → `title-years-unknown` (review, saying where the date was looked for).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any

from zccheck.checks.base import CheckContext, Scope
from zccheck.content.errors import ContentError, DependencyMissing
from zccheck.content.quick_text import document_text
from zccheck.findings import Problem
from zccheck.rules.service_years import check_years
from zccheck.rules.title_years import find_title_date, requirement

ID = "title-years"
SCOPE = Scope.APPLICANT
DATE_DEPENDENT = True  # judged over the submission window when no date is given (zccheck.datewindow)
DEFAULTS: dict[str, Any] = {
    "route": "正常",
    "source": "人社部发〔2019〕16号《工程技术人才职称评价基本标准》",
    "review_days": 31,
    "certificate_item": "current-title-certificate",
    "max_pages": 2,
    "requirements": {
        "工程师": {"博士": {"years": 0}, "硕士": {"years": 2, "title": "助理工程师"},
                   "本科": {"years": 4, "title": "助理工程师"}, "大专": {"years": 4, "title": "助理工程师"}},
        "助理工程师": {"博士": {"years": 0}, "硕士": {"years": 0},
                       "本科": {"years": 1, "since": "work_start"},
                       "大专": {"years": 2, "title": "技术员"}, "中专": {"years": 4, "title": "技术员"}},
        "技术员": {"博士": {"years": 0}, "硕士": {"years": 0}, "本科": {"years": 0},
                   "大专": {"years": 1, "since": "work_start"}, "中专": {"years": 1, "since": "work_start"}},
    },
}


def check(ctx: CheckContext, options: Mapping[str, Any]) -> Iterator[Problem]:
    """title-years-met / -short / -borderline / -unknown / -no-rule."""
    facts = ctx.facts
    if facts.route != options["route"]:
        return
    source = str(options["source"])
    if not facts.level or not facts.education:
        missing = [k for k, v in (("level", facts.level), ("education", facts.education)) if not v]
        yield Problem("title-years-unknown", params=_unknown("facts", source, ", ".join(missing)),
                      details={"reason": "facts", "missing": missing})
        return
    need = requirement(dict(options["requirements"]), facts.level, facts.education)
    if need is None:
        yield Problem("title-years-no-rule", params={"level": facts.level, "education": facts.education,
                                                     "source": source},
                      details={"level": facts.level, "education": facts.education})
        return
    if need.years == 0:
        return
    start, origin, path = _start(ctx, options, need.since)
    if start is None:
        key = "work_start" if need.since == "work_start" else "title_date"
        yield Problem("title-years-unknown", path=path, item=None if need.since == "work_start" else
                      str(options["certificate_item"]), params=_unknown(origin, source, key),
                      details={"reason": origin, "missing": [key]})
        return
    until = ctx.apply_date
    result = check_years(start, until, need.years)
    days_short = max(0, (result.met_on - until).days)
    title = need.title or ("见习" if need.since == "work_start" else "")
    params = {"level": facts.level, "education": facts.education, "required": need.years, "title": title,
              "start": start.isoformat(), "until": until.isoformat(), "have_zh": result.span.label_zh(),
              "have_en": result.span.label_en(), "met_on": result.met_on.isoformat(), "days_short": days_short,
              "since_zh": "取得" + title if need.since == "title" else "参加工作（见习）",
              "since_en": f"obtaining {title}" if need.since == "title" else "starting work (probation)",
              "source": source}
    details = {"level": facts.level, "education": facts.education, "required_years": need.years,
               "since": need.since, "start": start.isoformat(), "start_from": origin, "counted_to": until.isoformat(),
               "months": result.span.total_months, "met_on": result.met_on.isoformat(), "days_short": days_short}
    if result.met:
        yield Problem("title-years-met", path=path, params=params, details=details)
    elif days_short <= int(options["review_days"]):
        yield Problem("title-years-borderline", path=path, params=params, details=details)
    else:
        yield Problem("title-years-short", path=path, params=params, details=details)


def _unknown(reason: str, source: str, missing: str) -> dict[str, Any]:
    zh, en = _REASONS.get(reason, _REASONS["no-certificate"])
    return {"reason_zh": zh, "reason_en": en, "source": source, "missing": missing}


_REASONS = {
    "facts": ("zccheck.toml 中缺少申报级别或学历", "level or education is missing from zccheck.toml"),
    "no-work-start": ("zccheck.toml 中没有参加工作时间 work_start", "zccheck.toml has no work_start"),
    "no-certificate": ("没有填写现职称取得时间 title_date，也没有找到现职称证书",
                       "no title_date is given and no current-title certificate was found"),
    "no-date": ("现职称证书上没有读出“资格取得时间/取得时间/批准日期”",
                "no 资格取得时间/取得时间/批准日期 could be read on the current-title certificate"),
    "no-ocr": ("现职称证书是扫描件，未安装 OCR（vision 扩展）无法读取日期",
               "the current-title certificate is a scan and OCR (the vision extra) is not installed"),
}


def _start(ctx: CheckContext, options: Mapping[str, Any], since: str) -> tuple[date | None, str, str | None]:
    """(start date, where it came from or why it is missing, the certificate's path)."""
    facts = ctx.facts
    if since == "work_start":
        return facts.work_start, "facts" if facts.work_start else "no-work-start", None
    if facts.title_date is not None:
        return facts.title_date, "facts", None
    docs = ctx.readable_documents(str(options["certificate_item"]))
    if not docs:
        return None, "no-certificate", None
    reason = "no-date"
    for doc in docs:
        found, why = _date_on(doc, int(options["max_pages"]))
        if found is not None:
            return found, "certificate", doc.rel_path
        reason = why if reason == "no-date" else reason
    return None, reason, docs[0].rel_path


def _date_on(doc: Any, max_pages: int) -> tuple[date | None, str]:
    """The title date on one certificate: its text layer, then OCR of a scan."""
    try:
        text = document_text(doc, max_pages)
    except ContentError:
        text = ""
    from zccheck.content.ocr import IMAGE_KINDS, document_ocr_text

    found = find_title_date(text)
    if found is not None or (doc.kind != "pdf" and doc.kind not in IMAGE_KINDS):
        return found, "no-date"
    try:
        return find_title_date(document_ocr_text(doc, max_pages)), "no-date"
    except DependencyMissing:
        return None, "no-ocr"
    except ContentError:
        return None, "no-date"
