"""Working days in mainland China between two dates, from the offline `chinese_calendar` package.

The package knows the State Council's public holidays and the adjusted working days (调休上班的周末) for
the years it ships data for; outside them it cannot answer, and neither can we: `CalendarUnavailable`
says so, and a check turns it into a finding for a human to review.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from types import ModuleType


class CalendarUnavailable(Exception):
    """The working-day calendar cannot answer for these dates (years outside its data, or not installed)."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class WorkdayCount:
    """Working days in a span, and the calendar's exceptions inside it (for explaining the count)."""

    start: date
    end: date
    workdays: int
    calendar_days: int
    holidays: tuple[date, ...]
    adjusted_workdays: tuple[date, ...]


def _calendar() -> ModuleType:
    try:
        import chinese_calendar
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise CalendarUnavailable("not-installed", "chinesecalendar") from exc
    return chinese_calendar


def is_workday(day: date) -> bool:
    """True on a working day (weekday that is not a holiday, or an adjusted working weekend day)."""
    cal = _calendar()
    try:
        return bool(cal.is_workday(day))
    except NotImplementedError as exc:
        raise CalendarUnavailable("unsupported-year", str(exc)) from None


def count_workdays(start: date, end: date) -> WorkdayCount:
    """Working days from `start` to `end`, both included. `start` after `end` is a ValueError."""
    if start > end:
        raise ValueError(f"start {start} is after end {end}")
    holidays: list[date] = []
    adjusted: list[date] = []
    workdays = 0
    day = start
    while day <= end:
        if is_workday(day):
            workdays += 1
            if day.weekday() >= 5:
                adjusted.append(day)
        elif day.weekday() < 5:
            holidays.append(day)
        day += timedelta(days=1)
    return WorkdayCount(start, end, workdays, (end - start).days + 1, tuple(holidays), tuple(adjusted))


def supported_years() -> tuple[int, int]:
    """The first and last year the installed calendar has data for."""
    cal = _calendar()
    years = sorted({d.year for d in cal.holidays} | {d.year for d in cal.workdays})
    return years[0], years[-1]
