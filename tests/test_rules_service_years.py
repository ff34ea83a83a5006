"""Professional work years: whole years and months, anniversary-day boundaries."""

from __future__ import annotations

from datetime import date

from zccheck.rules.service_years import Span, check_years, service_span


def test_the_day_before_and_the_day_of_the_anniversary() -> None:
    start = date(2017, 3, 15)
    before = service_span(start, date(2024, 3, 14))
    assert (before.years, before.months) == (6, 11)
    on = service_span(start, date(2024, 3, 15))
    assert (on.years, on.months) == (7, 0)


def test_check_years_boundaries() -> None:
    start = date(2017, 3, 15)
    short = check_years(start, date(2024, 3, 14), 7)
    assert not short.met
    assert short.shortfall.total_months == 1
    assert short.met_on == date(2024, 3, 15)
    assert check_years(start, date(2024, 3, 15), 7).met
    far = check_years(start, date(2020, 1, 1), 7)
    assert far.shortfall.label_zh() == "4年3个月"  # 2 years 9 months done of 7 years


def test_month_end_start() -> None:
    start = date(2016, 1, 31)
    assert service_span(start, date(2016, 2, 28)).total_months == 0
    assert service_span(start, date(2016, 2, 29)).total_months == 1  # leap year: the month's last day
    assert service_span(start, date(2017, 2, 28)).total_months == 13


def test_until_before_start_is_zero() -> None:
    assert service_span(date(2024, 5, 1), date(2024, 1, 1)).total_months == 0


def test_labels() -> None:
    assert Span(83).label_zh() == "6年11个月"
    assert Span(84).label_zh() == "7年"
    assert Span(3).label_zh() == "3个月"
    assert Span(13).label_en() == "1 year 1 month"
    assert Span(26).label_en() == "2 years 2 months"
    assert Span(1).label_en() == "1 month"
