"""The unit's internal 公示 lasted at least 5 working days (§四(二)), holidays and adjusted working days counted.

Dates come from the facts `extra.publicity_start` / `extra.publicity_end` or, failing those, from the text
layer of the `publicity-record` item's files (PDF text, .docx, .txt) or, for a scan without a text layer (an
image-only PDF, a photo), from its OCR text when the `vision` extra is installed. Recognised ranges include
"公示时间：2024年8月1日至2024年8月7日", "2024.8.1-8.7", "8月1日—8月7日" (the year taken from a full date
nearby, else from the apply date), "2024年8月1日起至8月7日止", and dates in Chinese numerals (二〇二四年八月一日).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import pairwise
from typing import Any

from zccheck.checks.base import CheckContext, Scope
from zccheck.content.errors import ContentError, DependencyMissing
from zccheck.content.quick_text import document_text
from zccheck.findings import Problem
from zccheck.rules.cn_dates import normalise_dates
from zccheck.rules.workdays import CalendarUnavailable, count_workdays

ID = "publicity-period"
SCOPE = Scope.APPLICANT
DATE_DEPENDENT = True  # a date without a year takes the apply year: the window's when no date is given
DEFAULTS: dict[str, Any] = {
    "min_workdays": 5,
    "item": "publicity-record",
    "max_pages": 5,
    # A "range" longer than this is not a 公示 period (e.g. a work period in the 名册).
    "max_span_days": 60,
}

_TOKEN = re.compile(
    r"(?<!\d)(?P<y>\d{4})\s*[年./\-]\s*(?P<m>\d{1,2})\s*[月./\-]\s*(?P<d>\d{1,2})(?!\d)\s*[日号]?"
    r"|(?<!\d)(?P<mm>\d{1,2})\s*(?P<msep>[月./\-])\s*(?P<md>\d{1,2})(?!\d)\s*[日号]?"
    r"|(?<!\d)(?P<dd>\d{1,2})\s*[日号]"
)
# What may stand between the two dates of a range: a weekday in brackets, a clock time, 起, then the dash.
_SEP = re.compile(
    r"\s*(?:\([^()]{0,8}\))?\s*(?:上午|下午)?\s*(?:\d{1,2}\s*[:点时]\s*(?:\d{1,2}\s*分?)?)?"
    r"\s*(?:起)?\s*(?:至|到|~|-+|—+|–|―|一|－)\s*$"
)
OCR_MAX_PAGES = 3  # a scanned 公示 states its dates on its first page; OCR no more than this
_KEYWORD = "公示"
_KEYWORD_WINDOW = 40


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    year: int | None
    month: int | None
    day: int
    month_by_char: bool


def _tokens(text: str) -> list[_Token]:
    tokens = []
    for m in _TOKEN.finditer(text):
        if m.group("y"):
            tokens.append(_Token(m.start(), m.end(), int(m.group("y")), int(m.group("m")), int(m.group("d")), True))
        elif m.group("mm"):
            tokens.append(_Token(m.start(), m.end(), None, int(m.group("mm")), int(m.group("md")),
                                 m.group("msep") == "月"))
        else:
            tokens.append(_Token(m.start(), m.end(), None, None, int(m.group("dd")), False))
    return tokens


def _make(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _resolve(first: _Token, second: _Token, year: int) -> tuple[date, date] | None:
    start = _make(first.year or year, first.month or 0, first.day)
    if start is None:
        return None
    if second.year is not None:
        end = _make(second.year, second.month or 0, second.day)
    elif second.month is not None:
        end_year = start.year + (1 if second.month < start.month else 0)
        end = _make(end_year, second.month, second.day)
    else:
        month_index = start.year * 12 + start.month - 1 + (1 if second.day < start.day else 0)
        end = _make(month_index // 12, month_index % 12 + 1, second.day)
    return (start, end) if end is not None else None


def _nearest_year(years: list[tuple[int, int]], position: int, default: int) -> int:
    """The year of the full date nearest to `position` (`years` sorted by position), else `default`."""
    if not years:
        return default
    index = bisect.bisect_left(years, (position, 0))
    near = years[max(0, index - 1):index + 1]
    return min(near, key=lambda item: abs(item[0] - position))[1]


def find_period(text: str, default_year: int, max_span_days: int = 60) -> tuple[date, date] | None:
    """The 公示 date range in `text`, or None. A range right after "公示" wins over the first other range.

    A range starts with a full date or a month-day written with 月; the end may be a full date, a month-day
    or a bare day (…至7日). Without a year, the year of the nearest full date in the text is used, else
    `default_year`. Ranges that run backwards or span more than `max_span_days` are ignored.
    """
    text = normalise_dates(text)
    tokens = _tokens(text)
    years = [(t.start, t.year) for t in tokens if t.year is not None]
    fallback: tuple[date, date] | None = None
    for first, second in pairwise(tokens):
        if first.year is None and not first.month_by_char:
            continue
        if not _SEP.match(text[first.end:second.start]):
            continue
        year = first.year if first.year is not None else _nearest_year(years, first.start, default_year)
        period = _resolve(first, second, year)
        if period is None or not timedelta(0) <= period[1] - period[0] <= timedelta(days=max_span_days):
            continue
        if _KEYWORD in text[max(0, first.start - _KEYWORD_WINDOW):first.start]:
            return period
        if fallback is None:
            fallback = period
    return fallback


def _as_date(value: Any, default_year: int) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value.strip():
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
        tokens = _tokens(normalise_dates(value))
        if len(tokens) == 1 and tokens[0].month is not None:
            token = tokens[0]
            return _make(token.year or default_year, token.month or 0, token.day)
    return None


# Why no dates came from a file: (zh, en) for the message.
_REASONS: dict[str, tuple[str, str]] = {
    "no-text-layer": ("公示材料没有文字层（可能是扫描件），无法读取日期", "the publicity material has no text layer "
                      "(probably a scan)"),
    "no-ocr": ("公示材料是扫描件，未安装 OCR（vision 扩展），无法读取日期",
               "the publicity material is a scan and OCR (the vision extra) is not installed"),
    "ocr-no-dates": ("公示材料是扫描件，OCR 识别的文字中没有找到公示起止日期",
                     "the publicity material is a scan and no dates were found in its OCR text"),
    "no-dates": ("公示材料的文字中没有找到公示起止日期", "no publicity dates were found in the material's text"),
    "encrypted": ("公示材料已加密，无法读取", "the publicity material is encrypted"),
    "unreadable": ("公示材料无法读取", "the publicity material cannot be read"),
}


def _from_documents(ctx: CheckContext, options: Mapping[str, Any]) -> tuple[tuple[date, date] | None, str | None,
                                                                           list[dict[str, str]]]:
    """(period, path it came from, per-file reasons when none was found)."""
    notes: list[dict[str, str]] = []
    for doc in ctx.readable_documents(str(options["item"])):
        try:
            text = document_text(doc, int(options["max_pages"]))
        except ContentError as exc:
            notes.append({"path": doc.rel_path, "reason": exc.reason})
            continue
        how = "text"
        if not text.strip():
            text, how = _ocr_text(doc, min(int(options["max_pages"]), OCR_MAX_PAGES))
            if how != "ocr":
                notes.append({"path": doc.rel_path, "reason": how})
                continue
        period = find_period(text, ctx.apply_date.year, int(options["max_span_days"]))
        if period is not None:
            return period, doc.rel_path, notes
        notes.append({"path": doc.rel_path, "reason": "ocr-no-dates" if how == "ocr" else "no-dates"})
    return None, None, notes


def _ocr_text(doc: Any, max_pages: int) -> tuple[str, str]:
    """(text, "ocr") of a scanned 公示, or ("", why not): no-text-layer (not a PDF or image), no-ocr, unreadable."""
    from zccheck.content.ocr import IMAGE_KINDS, document_ocr_text

    if doc.kind != "pdf" and doc.kind not in IMAGE_KINDS:
        return "", "no-text-layer"
    try:
        return document_ocr_text(doc, max_pages), "ocr"
    except DependencyMissing:
        return "", "no-ocr"
    except ContentError:
        return "", "unreadable"


def check(ctx: CheckContext, options: Mapping[str, Any]) -> Iterator[Problem]:
    """publicity-too-short / -period-read / -period-unknown / -dates-reversed / -calendar-unsupported."""
    extra = ctx.facts.extra
    raw_start, raw_end = extra.get("publicity_start"), extra.get("publicity_end")
    path: str | None = None
    if raw_start is not None or raw_end is not None:
        year = ctx.apply_date.year
        start, end = _as_date(raw_start, year), _as_date(raw_end, year)
        if start is None or end is None:
            reasons = {"reason_zh": "zccheck.toml 中的公示起止日期不完整或无法识别",
                       "reason_en": "the publicity dates in zccheck.toml are incomplete or unreadable"}
            yield Problem("publicity-period-unknown", item=str(options["item"]), params=reasons,
                          details={"reason": "facts-invalid", "publicity_start": str(raw_start),
                                   "publicity_end": str(raw_end)})
            return
        source = "facts"
    else:
        period, path, notes = _from_documents(ctx, options)
        if period is None:
            if notes:
                zh, en = _REASONS.get(notes[0]["reason"], _REASONS["unreadable"])
                yield Problem("publicity-period-unknown", path=notes[0]["path"], item=str(options["item"]),
                              params={"reason_zh": zh, "reason_en": en},
                              details={"reason": "not-found", "files": notes})
            return
        start, end = period
        source = "document"
    item = str(options["item"])
    base = {"start": start.isoformat(), "end": end.isoformat(), "min": int(options["min_workdays"])}
    details: dict[str, Any] = {"start": start.isoformat(), "end": end.isoformat(), "source": source}
    if start > end:
        yield Problem("publicity-dates-reversed", path=path, item=item, params=base, details=details)
        return
    try:
        counted = count_workdays(start, end)
    except CalendarUnavailable as exc:
        yield Problem("publicity-calendar-unsupported", path=path, item=item, params=base,
                      details={**details, "reason": exc.reason, "detail": exc.detail})
        return
    details.update({
        "workdays": counted.workdays,
        "calendar_days": counted.calendar_days,
        "holidays": [d.isoformat() for d in counted.holidays],
        "adjusted_workdays": [d.isoformat() for d in counted.adjusted_workdays],
        "min_workdays": int(options["min_workdays"]),
    })
    params = {**base, "workdays": counted.workdays, "days": counted.calendar_days}
    if counted.workdays < int(options["min_workdays"]):
        yield Problem("publicity-too-short", path=path, item=item, params=params, details=details)
    elif source == "document":
        yield Problem("publicity-period-read", path=path, item=item, params=params, details=details)
    else:
        yield Problem("publicity-period-ok", path=path, item=item, params=params, details=details)
