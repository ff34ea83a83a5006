"""Statutory retirement age with the gradual rise that began on 2025-01-01.

The 全国人民代表大会常务委员会关于实施渐进式延迟法定退休年龄的决定 (2024-09-13) raises the statutory age
step by step for people whose *original* retirement date (birth date + original age) falls on or after the
start date: men 60 → 63 and women with an original age of 55 → 58 by one month every four months, women with
an original age of 50 → 55 by one month every two months. The first cohort (original retirement in the first
"every" months from the start) gets one step, the next cohort two steps, and so on up to the final age.

The schedule is data (`RiseSchedule`), built by the caller from checklist options; nothing here knows the
numbers. "Reached" means: on or after the day the person turns the statutory age (birth date plus the age in
years and months; a 31st that does not exist in the target month becomes that month's last day).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class RiseSchedule:
    """One category's statutory age and its gradual rise.

    `base_age` and `final_age` are in years; every `every_months` months of original retirement date after
    `start` add `step_months` to the age, never beyond `final_age`.
    """

    base_age: int
    final_age: int
    step_months: int
    every_months: int
    start: date

    def __post_init__(self) -> None:
        if self.base_age <= 0 or self.final_age < self.base_age:
            raise ValueError("final_age must be at least base_age, both positive")
        if self.step_months < 0 or self.every_months <= 0:
            raise ValueError("step_months must be >= 0 and every_months > 0")


@dataclass(frozen=True)
class RetirementAge:
    """The statutory age that applies to one birth date, and the day it is reached."""

    years: int
    months: int
    delay_months: int
    original_date: date
    retirement_date: date

    @property
    def total_months(self) -> int:
        """The age in months."""
        return self.years * 12 + self.months

    def label_zh(self) -> str:
        """E.g. "60岁3个月" or "63岁"."""
        return f"{self.years}岁{self.months}个月" if self.months else f"{self.years}岁"

    def label_en(self) -> str:
        """E.g. "60 years 3 months" or "63 years"."""
        months = f"{self.months} month{'s' if self.months != 1 else ''}"
        return f"{self.years} years {months}" if self.months else f"{self.years} years"


def add_months(day: date, months: int) -> date:
    """`day` moved by `months` calendar months; a day missing in the target month becomes its last day."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def statutory_age(birth: date, schedule: RiseSchedule) -> RetirementAge:
    """The statutory retirement age for someone born on `birth` under `schedule`."""
    original = add_months(birth, schedule.base_age * 12)
    cap = (schedule.final_age - schedule.base_age) * 12
    if original < schedule.start:
        delay = 0
    else:
        elapsed = (original.year - schedule.start.year) * 12 + (original.month - schedule.start.month)
        delay = min(cap, (elapsed // schedule.every_months + 1) * schedule.step_months)
    total = schedule.base_age * 12 + delay
    return RetirementAge(
        years=total // 12,
        months=total % 12,
        delay_months=delay,
        original_date=original,
        retirement_date=add_months(birth, total),
    )


def has_reached(birth: date, schedule: RiseSchedule, on: date) -> bool:
    """True when the statutory age is reached on or before `on`."""
    return on >= statutory_age(birth, schedule).retirement_date


def months_between(earlier: date, later: date) -> int:
    """Whole calendar months from `earlier` to `later` (0 when `later` is not after `earlier`)."""
    if later <= earlier:
        return 0
    months = (later.year - earlier.year) * 12 + (later.month - earlier.month)
    if add_months(earlier, months) > later:
        months -= 1
    return months
