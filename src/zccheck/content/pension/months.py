"""Calendar months: reading a month or a month range from a cell, month arithmetic, display."""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from typing import Any

from zccheck.content.pension.limits import MAX_YEAR, MIN_YEAR
from zccheck.content.pension.model import Month
from zccheck.content.pension.values import clean
from zccheck.content.pension.vocabulary import OPEN_END_WORDS

_MONTH_TEXT = re.compile(
    r"^(\d{4})\s*(?:[-./年]|\s)\s*(\d{1,2})\s*(?:月份?)?"
    r"(?:\s*[-./]?\s*\d{1,2}\s*日?)?(?:[T\s]\s*\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)
_MONTH_DIGITS = re.compile(r"^(\d{4})(\d{2})(?:(\d{2}))?$")
_RANGE_SEP = re.compile(r"\s*(?:至|到|~|～|—+|–|－|-{1,2}|/)\s*")
_OPEN_SEPARATORS = ("至", "到", "-", "~", "～")  # "2020.01-" with nothing after: an open range


def _valid(year: int, month: int) -> Month | None:
    return (year, month) if MIN_YEAR <= year <= MAX_YEAR and 1 <= month <= 12 else None


def parse_month(value: Any) -> Month | None:
    """A (year, month) from a cell: 202403, 202403.0, "2024-03", "2024.03", "2024/3", "2024年3月", a date."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, datetime | date):
        return _valid(value.year, value.month)
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        if value.is_integer():
            return parse_month(int(value))
        year = int(value)
        return _valid(year, round((value - year) * 100)) if MIN_YEAR <= year <= MAX_YEAR else None
    if isinstance(value, int):
        return _month_from_digits(str(value))
    text = clean(value)
    if not text:
        return None
    if text.isdigit():
        return _month_from_digits(text)
    match = _MONTH_TEXT.match(text)
    if match:
        return _valid(int(match.group(1)), int(match.group(2)))
    return None


def _month_from_digits(text: str) -> Month | None:
    """YYYYMM or YYYYMMDD."""
    match = _MONTH_DIGITS.match(text)
    if not match:
        return None
    if match.group(3) is not None and not 1 <= int(match.group(3)) <= 31:
        return None
    return _valid(int(match.group(1)), int(match.group(2)))


def parse_month_span(value: Any) -> tuple[Month, Month | None] | None:
    """A range written in one cell ("202001-202312", "2020年1月至2023年12月", "2020.01-至今").

    Returns (start, end) with end None for an open range; None when the value is no range.
    """
    if not isinstance(value, str):
        return None
    text = clean(value)
    for match in _RANGE_SEP.finditer(text):
        left, right = text[: match.start()], text[match.end():]
        start = parse_month(left)
        if start is None:
            continue
        if right in OPEN_END_WORDS or (not right and match.group(0).strip() in _OPEN_SEPARATORS):
            return start, None
        end = parse_month(right)
        if end is not None and end >= start:
            return start, end
    return None


def month_add(month: Month, delta: int) -> Month:
    """`month` shifted by `delta` months."""
    index = month[0] * 12 + month[1] - 1 + delta
    return index // 12, index % 12 + 1


def month_diff(later: Month, earlier: Month) -> int:
    """Number of months from `earlier` to `later`."""
    return (later[0] - earlier[0]) * 12 + later[1] - earlier[1]


def months_between(start: Month, end: Month) -> list[Month]:
    """Every month from `start` to `end` inclusive (empty when end < start)."""
    span = month_diff(end, start)
    return [month_add(start, i) for i in range(span + 1)] if span >= 0 else []


def format_month(month: Month) -> str:
    """(2024, 3) → "2024-03"."""
    return f"{month[0]:04d}-{month[1]:02d}"
