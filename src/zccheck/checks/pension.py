"""Pension continuity (养老保险缴费记录, §三.1(6)): six months paid at the applying unit before applying.

Every document of the item is read (content/pension/: .xlsx, CSV, HTML/XML "xls" exports, .docx
tables, PDFs with a text layer); the 养老 rows of all readable documents are combined and compared with the
window (content/pension/window.py). A scan or image cannot be read here: it gets a `review` naming the months
to check by eye, unless a readable record already settles the window.

Findings: missing months → error; months paid at another unit → error pointing at `unit-change-explanation`
when none was provided, else info; back-paid months → warning (counted as paid unless
`backpaid_counts_as_paid` is false); a record that ends before the window → warning; an undeclared unit →
review (the record's latest unit is presumed); a unit name that only resembles the declared one → warning.
A dispatched applicant (flags.dispatched, §一.(一)2) whose window was paid by one other unit alone (the
派遣单位) gets an info instead of the unit-change error.
Every record read gives a `pension-summary` info with the 12-month strip for the report (the other findings
leave the strip out so that it shows once; with `summary = false` they all carry it). Details carry the
paid, missing, other-unit and back-paid months, the person's name and the MASKED ID number.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from zccheck.checks.base import CheckContext, Scope
from zccheck.content.errors import ContentError
from zccheck.content.pension import (
    Month,
    PensionRecord,
    WindowResult,
    analyse,
    format_month,
    merge_records,
    pension_rows,
    read_pension_document,
    window_months,
)
from zccheck.findings import Problem
from zccheck.inventory.document import Document
from zccheck.masking import mask_id_number

ID = "pension-record"
SCOPE = Scope.ITEM
DATE_DEPENDENT = True  # judged over the submission window when no date is given (zccheck.datewindow)
DEFAULTS: dict[str, Any] = {
    "months": 6,                        # months before the apply month that must be paid (apply month not)
    "unit_aliases": [],                 # other names of the applying unit as the record may write them
    "match_similar_units": True,        # a unit name containing (or contained in) the declared one counts
    "backpaid_counts_as_paid": True,    # false: a back-paid (补缴) month counts as missing
    "report_backpaid": True,            # warn about back-paid months (severity: the checklist's [severity])
    "strip_months": 12,                 # length of the month strip shown in reports
    "explanation_item": "unit-change-explanation",
    "dispatched_agency_ok": True,       # flags.dispatched: one other payer (the 派遣单位) all along is fine
    "summary": True,                    # emit the pension-summary info with the strip
}

_REASONS: dict[str, tuple[str, str]] = {
    "corrupt": ("文件损坏或格式不对", "the file is damaged or not the format it claims"),
    "encrypted": ("文件设置了密码", "the file is password-protected"),
    "empty": ("文件是空的", "the file is empty"),
    "too-large": ("文件过大", "the file is too large"),
    "unsupported": ("不支持的文件格式", "unsupported file format"),
    "unreadable": ("文件读取失败", "the file could not be read"),
}
_SCAN_REASONS = frozenset({"no-text"})


@dataclass(frozen=True)
class _Read:
    doc: Document
    record: PensionRecord


def check(ctx: CheckContext, options: Mapping[str, Any]) -> Iterator[Problem]:
    """Read the item's pension records and judge the months before the apply month."""
    opts = {**DEFAULTS, **options}
    docs = list(ctx.item_documents)
    if not docs:
        return
    apply_month = (ctx.apply_date.year, ctx.apply_date.month)
    months = max(1, int(opts["months"]))
    unit = (ctx.facts.unit or "").strip() or None

    read: list[_Read] = []
    scans: list[Document] = []
    for doc in docs:
        if doc.read_error:
            continue  # file-integrity reports unreadable files
        if doc.is_image:
            scans.append(doc)
            continue
        try:
            read.append(_Read(doc, read_pension_document(doc)))
        except ContentError as exc:
            if exc.reason in _SCAN_REASONS:
                scans.append(doc)
            else:
                yield _read_problem(doc, exc)

    result: WindowResult | None = None
    if read:
        record = merge_records([r.record for r in read])
        if pension_rows(record)[0]:
            result = analyse(
                record, apply_month, unit, months,
                aliases=[str(a) for a in opts["unit_aliases"]],
                backpaid_counts=bool(opts["backpaid_counts_as_paid"]),
                match_similar=bool(opts["match_similar_units"]),
                strip_months=int(opts["strip_months"]),
            )
            yield from _judge(ctx, opts, result, record, [r.doc for r in read])
        else:
            yield from _no_pension_rows(read, record)

    if scans and (result is None or not result.complete):
        yield from _scan_problems(scans, window_months(apply_month, months), apply_month,
                                  (result.unit if result else None) or unit or "申报单位")


def _no_pension_rows(read: Sequence[_Read], record: PensionRecord) -> Iterator[Problem]:
    """Records were read but none of their rows is 养老: one finding per file, naming the kinds found."""
    kinds = sorted({row.kind or "?" for row in record.rows}) or ["无"]
    for r in read:
        yield Problem("pension-no-pension-rows", path=r.doc.rel_path,
                      params={"name": r.doc.name, "kinds": "、".join(kinds)},
                      details={"kinds": kinds, "rows": len(r.record.rows), **_person(record)})


def _scan_problems(
    scans: Sequence[Document], window: Sequence[Month], apply_month: Month, unit_shown: str
) -> Iterator[Problem]:
    """A scan or image is not read here: ask for the window months to be checked by eye."""
    for doc in scans:
        month_list = [format_month(m) for m in window]
        yield Problem("pension-scan", path=doc.rel_path,
                      params={"name": doc.name, "months": _join(month_list), "unit": unit_shown},
                      details={"months_to_check": month_list, "apply_month": format_month(apply_month),
                               "unit": unit_shown})


def _read_problem(doc: Document, exc: ContentError) -> Problem:
    base = {"name": doc.name}
    details = {"reason": exc.reason, "detail": exc.detail[:300]}
    if exc.reason == "bomb":
        return Problem("pension-file-unsafe", path=doc.rel_path, params=base, details=details)
    if exc.reason == "no-table":
        return Problem("pension-no-table", path=doc.rel_path, params=base, details=details)
    is_word = doc.kind in ("doc", "wps") or doc.suffix in (".doc", ".wps")
    if exc.reason == "unsupported" and not is_word and (doc.kind == "xls" or "xls" in exc.detail):
        return Problem("pension-xls-unsupported", path=doc.rel_path, params=base, details=details)
    zh, en = _REASONS.get(exc.reason, _REASONS["unreadable"])
    return Problem("pension-unreadable", path=doc.rel_path,
                   params={**base, "reason_zh": zh, "reason_en": en}, details=details)


def _person(record: PensionRecord) -> dict[str, Any]:
    return {
        "person_name": record.person_name,
        "id_number_masked": mask_id_number(record.id_number),
        "record_units": list(record.unit_names),
        "layout": record.source_layout,
    }


def _join(months: Sequence[str]) -> str:
    return "、".join(months)


def _dispatch_agency(ctx: CheckContext, opts: Mapping[str, Any], result: WindowResult) -> str | None:
    """The 劳务派遣 agency's name when a dispatched applicant's window was paid by that one unit alone."""
    if not (ctx.facts.flag("dispatched") and opts["dispatched_agency_ok"]) or not result.other_months:
        return None
    payers = {u for _m, u in result.other_months}
    if len(payers) != 1 or result.here_months:
        return None
    return payers.pop()


def _judge(
    ctx: CheckContext,
    opts: Mapping[str, Any],
    result: WindowResult,
    record: PensionRecord,
    docs: Sequence[Document],
) -> Iterator[Problem]:
    """The findings on a record's window, in report order; the summary (with the strip) last."""
    full = _details(result, record, docs)
    # the month strip is shown once, under the summary
    details = {k: v for k, v in full.items() if k != "strip"} if opts["summary"] else full
    out = _Out(docs[0].rel_path if len(docs) == 1 else None, _base_params(result), details)
    agency = _dispatch_agency(ctx, opts, result)
    yield from _unit_findings(out, result, agency)
    yield from _month_findings(out, result)
    yield from _other_unit_findings(ctx, opts, out, result, agency)
    yield from _note_findings(opts, out, result)
    if opts["summary"]:
        yield Problem("pension-summary", path=out.path, params={**out.base, "count": len(result.here_months)},
                      details=full)


@dataclass(frozen=True)
class _Out:
    """What every finding on one window shares: its path (None for several files), params and details."""

    path: str | None
    base: dict[str, Any]
    details: dict[str, Any]

    def problem(self, code: str, item: str | None = None, **params: Any) -> Problem:
        """A finding with the shared details and the shared params updated by `params`."""
        return Problem(code, path=self.path, item=item, params={**self.base, **params}, details=self.details)


def _details(result: WindowResult, record: PensionRecord, docs: Sequence[Document]) -> dict[str, Any]:
    """The measured months, units and person of a window (MASKED ID number), JSON-serialisable."""
    return {
        "apply_month": format_month(result.apply_month),
        "window": [format_month(m) for m in result.window],
        "unit": result.unit,
        "unit_presumed": result.unit_presumed,
        "paid_months": [format_month(m) for m in result.here_months],
        "missing_months": [format_month(m) for m in result.missing_months],
        "unpaid_flagged_months": [format_month(m) for m in result.unpaid_flagged],
        "other_unit_months": [{"month": format_month(m), "unit": u} for m, u in result.other_months],
        "backpaid_months": [format_month(m) for m in result.backpaid_months],
        "last_paid_month": format_month(result.last_month) if result.last_month else None,
        "strip": [[month, state] for month, state in result.strip],
        "units": list(result.units_seen),
        "insurance_assumed": result.insurance_assumed,
        "files": [d.rel_path for d in docs],
        **_person(record),
    }


def _base_params(result: WindowResult) -> dict[str, Any]:
    """The message params every window finding has."""
    window = [format_month(m) for m in result.window]
    return {
        "apply_month": format_month(result.apply_month),
        "window_size": len(window),
        "window": f"{window[0]} 至 {window[-1]}",
        "unit": result.unit or "?",
        "units": _join(result.units_seen) or "?",
    }


def _months_text(months: Sequence[Month]) -> str:
    return _join([format_month(m) for m in months])


def _unit_findings(out: _Out, result: WindowResult, agency: str | None) -> Iterator[Problem]:
    """The applying unit undeclared, absent from the record, or only resembling a record's unit."""
    if result.unit_presumed or not result.unit:
        yield out.problem("pension-unit-unknown")
    elif result.unit and not result.unit_found and result.units_seen and agency is None:
        yield out.problem("pension-unit-not-found")
    if result.similar_units:
        yield Problem("pension-unit-name-differs", path=out.path,
                      params={**out.base, "units": _join(result.similar_units)},
                      details={**out.details, "similar_units": list(result.similar_units)})


def _month_findings(out: _Out, result: WindowResult) -> Iterator[Problem]:
    """Window months paid nowhere; a record whose last paid month is before the window's end."""
    if result.missing_months:
        yield out.problem("pension-months-missing", months=_months_text(result.missing_months),
                          count=len(result.missing_months))
    if result.last_month is not None and result.last_month < result.window[-1]:
        yield out.problem("pension-record-ends-early", last_month=format_month(result.last_month),
                          window_end=format_month(result.window[-1]))


def _other_unit_findings(
    ctx: CheckContext, opts: Mapping[str, Any], out: _Out, result: WindowResult, agency: str | None
) -> Iterator[Problem]:
    """Window months paid at another unit: by a dispatch agency, explained, or needing an explanation."""
    months = _months_text([m for m, _u in result.other_months])
    if agency is not None:
        yield Problem("pension-paid-by-agency", path=out.path,
                      params={**out.base, "months": months, "units": agency},
                      details={**out.details, "agency": agency})
    elif result.other_months:
        others = _join(list(dict.fromkeys(u for _m, u in result.other_months)))
        explanation = str(opts["explanation_item"])
        if ctx.classification.documents(explanation):
            yield out.problem("pension-unit-change-explained", months=months, units=others)
        else:
            yield out.problem("pension-unit-change-unexplained", item=explanation,
                              months=months, units=others)


def _note_findings(opts: Mapping[str, Any], out: _Out, result: WindowResult) -> Iterator[Problem]:
    """Back-paid months, months on rows naming no unit, months inside a range with too few months."""
    if result.backpaid_months and opts["report_backpaid"]:
        yield out.problem("pension-backpaid", months=_months_text(result.backpaid_months))
    if result.unit_unstated_months:
        yield out.problem("pension-unit-unstated", months=_months_text(result.unit_unstated_months))
    if result.uncertain_months:
        yield out.problem("pension-range-uncertain", months=_months_text(result.uncertain_months))
