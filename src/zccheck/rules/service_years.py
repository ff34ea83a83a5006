"""Professional work years: whole years and months from a start date to a given date.

A year is complete on the anniversary day: someone who started on 2017-03-15 has 7 years on 2024-03-15 and
6 years 11 months on 2024-03-14 ("7年以上" includes exactly 7 years). Month anniversaries that do not exist
(the 31st) fall on the month's last day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from zccheck.rules.retirement import add_months, months_between


@dataclass(frozen=True)
class Span:
    """A duration in whole months, shown as years and months."""

    total_months: int

    @property
    def years(self) -> int:
        """Whole years."""
        return self.total_months // 12

    @property
    def months(self) -> int:
        """Months beyond the whole years."""
        return self.total_months % 12

    def label_zh(self) -> str:
        """E.g. "6年11个月", "7年", "3个月"."""
        if not self.years:
            return f"{self.months}个月"
        return f"{self.years}年{self.months}个月" if self.months else f"{self.years}年"

    def label_en(self) -> str:
        """E.g. "6 years 11 months", "1 year", "1 month"."""
        years = f"{self.years} year{'s' if self.years != 1 else ''}"
        months = f"{self.months} month{'s' if self.months != 1 else ''}"
        if not self.years:
            return months
        return f"{years} {months}" if self.months else years


def service_span(start: date, until: date) -> Span:
    """Whole months of work from `start` up to and including `until` (zero when `until` is earlier)."""
    return Span(months_between(start, until))


@dataclass(frozen=True)
class YearsCheck:
    """Service years against a requirement: what there is, what is missing, when it will be met."""

    span: Span
    required_years: int
    shortfall: Span
    met_on: date

    @property
    def met(self) -> bool:
        """True when the requirement is met."""
        return self.shortfall.total_months == 0


def check_years(start: date, until: date, required_years: int) -> YearsCheck:
    """Compare the service from `start` to `until` with `required_years` whole years."""
    span = service_span(start, until)
    missing = max(0, required_years * 12 - span.total_months)
    return YearsCheck(span, required_years, Span(missing), add_months(start, required_years * 12))
