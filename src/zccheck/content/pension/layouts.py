"""The four table layouts: which months a data row covers, and whether they were paid.

* long — a row per month (usually per insurance): the month column, status or amounts;
* range — 开始年月 … 结束年月 (and maybe 月数) per unit and insurance; an open end runs to the print month;
* wide — a row per month with a column group per insurance, paid when the group holds an amount or mark;
* matrix — a row per year with a column per month ("1月" … "12月") holding a mark or an amount.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from zccheck.content.pension.header import Columns
from zccheck.content.pension.limits import MAX_RANGE_MONTHS, MAX_YEAR, MIN_YEAR
from zccheck.content.pension.model import Month
from zccheck.content.pension.months import months_between, parse_month, parse_month_span
from zccheck.content.pension.values import clean, number, parse_status
from zccheck.content.pension.vocabulary import OPEN_END_WORDS, PLACEHOLDERS

Gap = tuple[Month, Month, int, int]
"""A range whose month count is smaller than its span: (start, end, count, span)."""

ABSENT = "absent"
"""`group_paid` of a column group that holds nothing."""


def cell(values: Sequence[Any], index: int | None) -> Any:
    """The value at column `index`, or None when there is no such column (or the row is shorter)."""
    return values[index] if index is not None and index < len(values) else None


def row_months(values: Sequence[Any], cols: Columns, printed: Month | None, gaps: list[Gap]) -> list[Month]:
    """The months of a long or range row ([] when it holds none); a short range count is added to `gaps`.

    `printed` (the statement's print month) ends an open range; without it the range ends this month."""
    if cols.month is not None:
        value = cell(values, cols.month)
        month = parse_month(value)
        if month is not None:
            return [month]
        span = parse_month_span(value)
        if span is None:
            return []
        return _expand(span[0], span[1], None, printed, gaps)
    if cols.start is not None and cols.end is not None:
        start = parse_month(cell(values, cols.start))
        if start is None:
            return []
        end_cell = cell(values, cols.end)
        end = parse_month(end_cell)
        if end is None and clean(end_cell) not in ("", *OPEN_END_WORDS):
            return []
        count = number(cell(values, cols.count)) if cols.count is not None else None
        return _expand(start, end, int(count) if count is not None else None, printed, gaps)
    return []


def _expand(
    start: Month, end: Month | None, count: int | None, printed: Month | None, gaps: list[Gap]
) -> list[Month]:
    """The months of a range (at most MAX_RANGE_MONTHS); a count below the span is recorded in `gaps`."""
    if end is None:
        today = date.today()
        end = printed or (today.year, today.month)
    months = months_between(start, end)[:MAX_RANGE_MONTHS]
    if count is not None and 0 <= count < len(months):
        gaps.append((start, end, count, len(months)))
    return months


def row_paid(values: Sequence[Any], cols: Columns) -> bool | None:
    """Paid state of a long or range row: its status cell, else False when every amount on it is zero."""
    if cols.status is not None:
        status = parse_status(cell(values, cols.status))
        if status is not None or clean(cell(values, cols.status)):
            return status
    amounts = [number(cell(values, i)) for i in cols.amounts]
    if amounts and all(a is not None and a == 0 for a in amounts):
        return False
    return None


def group_paid(cells: Sequence[Any]) -> bool | str | None:
    """Paid state of one insurance's column group in a wide row (or a matrix cell); ABSENT when empty.

    Amounts: paid when any is positive. Marks: unpaid when any says so, else paid when any says so."""
    cells = [c for c in cells if clean(c) not in PLACEHOLDERS]
    if not cells:
        return ABSENT
    numbers = [number(c) for c in cells]
    if all(n is not None for n in numbers):
        return any(n for n in numbers if n is not None and n > 0)
    states = [parse_status(c) for c in cells]
    if any(s is False for s in states):
        return False
    if any(s is True for s in states):
        return True
    return None


def matrix_marks(values: Sequence[Any], cols: Columns) -> list[tuple[Month, bool | None]] | None:
    """(month, paid) of a year row of a matrix; None when the row holds no year."""
    year_text = clean(cell(values, cols.year)).removesuffix("年度").removesuffix("年")
    if not re.fullmatch(r"\d{4}", year_text) or not MIN_YEAR <= int(year_text) <= MAX_YEAR:
        return None
    marks: list[tuple[Month, bool | None]] = []
    for month_number, index in sorted(cols.month_columns.items()):
        paid = group_paid([cell(values, index)])
        if paid != ABSENT:
            marks.append(((int(year_text), month_number), paid if isinstance(paid, bool) else None))
    return marks


def matrix_year_gap(cells: Sequence[Any]) -> Gap | None:
    """A PDF matrix line whose blank month cells vanished: its whole year, as a gap of uncertain months.

    None when the line does not start with a plausible year."""
    first = clean(cells[0]) if cells else ""
    match = re.fullmatch(r"(\d{4})年?度?", first)
    if not match or not MIN_YEAR <= int(match.group(1)) <= MAX_YEAR:
        return None
    year = int(match.group(1))
    return (year, 1), (year, 12), max(0, len(cells) - 1), 12
