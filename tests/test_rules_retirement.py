"""Statutory retirement age with the gradual rise from 2025-01-01 (schedule as data)."""

from __future__ import annotations

from datetime import date

import pytest

from zccheck.rules.retirement import RiseSchedule, add_months, has_reached, months_between, statutory_age

START = date(2025, 1, 1)
MEN = RiseSchedule(base_age=60, final_age=63, step_months=1, every_months=4, start=START)
WOMEN_CADRES = RiseSchedule(base_age=55, final_age=58, step_months=1, every_months=4, start=START)
WOMEN_WORKERS = RiseSchedule(base_age=50, final_age=55, step_months=1, every_months=2, start=START)


@pytest.mark.parametrize(
    ("birth", "years", "months", "retires"),
    [
        (date(1964, 12, 31), 60, 0, date(2024, 12, 31)),  # original date before the start: unchanged
        (date(1965, 1, 1), 60, 1, date(2025, 2, 1)),
        (date(1965, 1, 15), 60, 1, date(2025, 2, 15)),
        (date(1965, 4, 30), 60, 1, date(2025, 5, 30)),
        (date(1965, 5, 1), 60, 2, date(2025, 7, 1)),
        (date(1965, 5, 20), 60, 2, date(2025, 7, 20)),
        (date(1965, 9, 1), 60, 3, date(2025, 12, 1)),
        (date(1970, 1, 10), 61, 4, date(2031, 5, 10)),
        (date(1976, 8, 31), 62, 11, date(2039, 7, 31)),
        (date(1976, 9, 1), 63, 0, date(2039, 9, 1)),
        (date(1990, 6, 15), 63, 0, date(2053, 6, 15)),  # capped at the final age
    ],
)
def test_men(birth: date, years: int, months: int, retires: date) -> None:
    age = statutory_age(birth, MEN)
    assert (age.years, age.months) == (years, months)
    assert age.retirement_date == retires


def test_men_born_1965_05_retire_later_than_1965_01() -> None:
    january = statutory_age(date(1965, 1, 10), MEN)
    may = statutory_age(date(1965, 5, 10), MEN)
    assert january.label_zh() == "60岁1个月" and may.label_zh() == "60岁2个月"
    assert may.retirement_date == date(2025, 7, 10)
    assert january.retirement_date == date(2025, 2, 10)


@pytest.mark.parametrize(
    ("birth", "years", "months"),
    [(date(1969, 12, 1), 55, 0), (date(1970, 1, 1), 55, 1), (date(1970, 5, 1), 55, 2), (date(1981, 8, 1), 57, 11),
     (date(1981, 9, 1), 58, 0)],
)
def test_women_cadres(birth: date, years: int, months: int) -> None:
    age = statutory_age(birth, WOMEN_CADRES)
    assert (age.years, age.months) == (years, months)


@pytest.mark.parametrize(
    ("birth", "years", "months"),
    [(date(1974, 12, 1), 50, 0), (date(1975, 1, 1), 50, 1), (date(1975, 2, 28), 50, 1), (date(1975, 3, 1), 50, 2),
     (date(1984, 10, 1), 54, 11), (date(1984, 11, 1), 55, 0)],
)
def test_women_workers_every_two_months(birth: date, years: int, months: int) -> None:
    age = statutory_age(birth, WOMEN_WORKERS)
    assert (age.years, age.months) == (years, months)


def test_the_day_before_and_the_day_of_the_retirement_date() -> None:
    birth = date(1965, 5, 20)  # 60 years 2 months: 2025-07-20
    assert not has_reached(birth, MEN, date(2025, 7, 19))
    assert has_reached(birth, MEN, date(2025, 7, 20))
    old = date(1963, 3, 8)  # before the rise: the 60th birthday
    assert not has_reached(old, MEN, date(2023, 3, 7))
    assert has_reached(old, MEN, date(2023, 3, 8))


def test_month_end_birthdays_clamp() -> None:
    age = statutory_age(date(1965, 11, 30), MEN)  # 60 years 3 months: 2026-02-30 does not exist
    assert age.label_en() == "60 years 3 months"
    assert age.retirement_date == date(2026, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)


def test_the_schedule_is_data() -> None:
    faster = RiseSchedule(base_age=60, final_age=61, step_months=2, every_months=1, start=date(2030, 1, 1))
    assert statutory_age(date(1969, 12, 5), faster).months == 0
    assert statutory_age(date(1970, 1, 5), faster).months == 2
    assert statutory_age(date(1970, 3, 5), faster).months == 6
    assert statutory_age(date(1975, 3, 5), faster).total_months == 61 * 12
    with pytest.raises(ValueError):
        RiseSchedule(base_age=60, final_age=55, step_months=1, every_months=4, start=START)
    with pytest.raises(ValueError):
        RiseSchedule(base_age=60, final_age=63, step_months=1, every_months=0, start=START)


def test_months_between() -> None:
    assert months_between(date(2024, 8, 1), date(2025, 2, 1)) == 6
    assert months_between(date(2024, 8, 1), date(2025, 1, 31)) == 5
    assert months_between(date(2024, 8, 1), date(2024, 7, 1)) == 0
