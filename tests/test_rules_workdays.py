"""Working days with Chinese public holidays and adjusted working days."""

from __future__ import annotations

from datetime import date

import pytest

from zccheck.rules.workdays import CalendarUnavailable, count_workdays, is_workday, supported_years


def test_an_ordinary_week() -> None:
    counted = count_workdays(date(2024, 8, 5), date(2024, 8, 11))  # Monday..Sunday
    assert counted.workdays == 5
    assert counted.calendar_days == 7
    assert counted.holidays == () and counted.adjusted_workdays == ()


def test_four_versus_five_working_days() -> None:
    assert count_workdays(date(2024, 8, 5), date(2024, 8, 8)).workdays == 4
    assert count_workdays(date(2024, 8, 5), date(2024, 8, 9)).workdays == 5
    # Thursday to Wednesday across a weekend: 5.
    assert count_workdays(date(2024, 8, 1), date(2024, 8, 7)).workdays == 5


def test_national_day_week_2024() -> None:
    # 2024: 9-29 (Sunday) is an adjusted working day; 10-1..10-7 are holidays; 10-12 (Saturday) works.
    assert is_workday(date(2024, 9, 29))
    assert not is_workday(date(2024, 10, 1))
    assert is_workday(date(2024, 10, 12))
    counted = count_workdays(date(2024, 9, 27), date(2024, 10, 8))
    assert counted.workdays == 4  # 9-27, 9-29, 9-30, 10-8
    assert counted.adjusted_workdays == (date(2024, 9, 29),)
    assert counted.holidays == tuple(date(2024, 10, d) for d in range(1, 8) if date(2024, 10, d).weekday() < 5)
    assert count_workdays(date(2024, 9, 27), date(2024, 10, 9)).workdays == 5


def test_adjusted_saturday_counts() -> None:
    counted = count_workdays(date(2024, 10, 8), date(2024, 10, 12))  # Tue..Sat, Saturday worked
    assert counted.workdays == 5
    assert counted.adjusted_workdays == (date(2024, 10, 12),)


def test_single_day_and_reversed_span() -> None:
    assert count_workdays(date(2024, 8, 5), date(2024, 8, 5)).workdays == 1
    with pytest.raises(ValueError):
        count_workdays(date(2024, 8, 6), date(2024, 8, 5))


def test_outside_the_calendar_years() -> None:
    first, last = supported_years()
    assert first <= 2024 <= last
    with pytest.raises(CalendarUnavailable) as caught:
        count_workdays(date(last + 1, 3, 2), date(last + 1, 3, 9))
    assert caught.value.reason == "unsupported-year"
    with pytest.raises(CalendarUnavailable):
        is_workday(date(first - 1, 6, 1))
