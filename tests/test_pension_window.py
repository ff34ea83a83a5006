"""The six-month window before the apply month, unit names, and the 12-month strip."""

from __future__ import annotations

import pytest

from zccheck.content.pension import (
    PensionRecord,
    PensionRow,
    analyse,
    format_month,
    normalise_unit,
    window_months,
)

UNIT = "柳州某某科技有限公司"
PENSION = "企业职工基本养老保险"


def record(*rows: PensionRow, gaps: tuple = ()) -> PensionRecord:
    return PensionRecord("张三", None, tuple(rows), "test", gap_ranges=gaps)


def paid(
    year: int,
    month: int,
    unit: str = UNIT,
    insurance: str = PENSION,
    *,
    state: bool | None = True,
    backpaid: bool = False,
) -> PensionRow:
    return PensionRow((year, month), unit, insurance, state, backpaid)


def run(months: list[tuple[int, int]], apply: tuple[int, int], unit: str | None = UNIT, **kwargs):
    return analyse(record(*(paid(y, m) for y, m in months)), apply, unit, **kwargs)


def test_window_is_the_six_months_before_the_apply_month() -> None:
    assert window_months((2024, 8)) == ((2024, 2), (2024, 3), (2024, 4), (2024, 5), (2024, 6), (2024, 7))


def test_apply_in_january_crosses_the_year() -> None:
    assert window_months((2025, 1)) == ((2024, 7), (2024, 8), (2024, 9), (2024, 10), (2024, 11), (2024, 12))
    result = run([(2024, m) for m in range(7, 13)], (2025, 1))
    assert result.complete
    assert result.missing_months == ()


def test_window_crossing_a_year_with_a_gap_in_december() -> None:
    result = run([(2023, 10), (2023, 11), (2024, 1), (2024, 2), (2024, 3)], (2024, 4))
    assert result.window[0] == (2023, 10)
    assert result.missing_months == ((2023, 12),)
    assert not result.complete


def test_the_apply_month_itself_is_not_counted() -> None:
    six = [(2024, m) for m in range(2, 8)]
    assert run(six, (2024, 8)).complete
    # paying in the apply month does not replace a missing month before it
    result = run([*six[1:], (2024, 8)], (2024, 8))
    assert result.missing_months == ((2024, 2),)
    # and the apply month missing does not matter
    assert run(six, (2024, 8)).missing_months == ()


def test_only_the_last_six_months_matter() -> None:
    result = run([(2023, 1), (2023, 2)] + [(2024, m) for m in range(2, 8)], (2024, 8))
    assert result.complete


def test_months_paid_at_another_unit_and_missing_months() -> None:
    rows = [paid(2024, 2, "旧单位有限公司"), paid(2024, 3, "旧单位有限公司")] + [
        paid(2024, m) for m in (5, 6, 7)
    ]
    result = analyse(record(*rows), (2024, 8), UNIT)
    assert result.other_months == (((2024, 2), "旧单位有限公司"), ((2024, 3), "旧单位有限公司"))
    assert result.missing_months == ((2024, 4),)
    assert result.here_months == ((2024, 5), (2024, 6), (2024, 7))
    assert [state for _m, state in result.strip][-6:] == ["other", "other", "unpaid", "here", "here", "here"]


def test_unpaid_rows_and_other_insurances() -> None:
    rows = [paid(2024, m) for m in range(2, 7)] + [
        paid(2024, 7, state=False),
        paid(2024, 7, insurance="失业保险"),
        paid(2024, 7, insurance="职工基本医疗保险"),
    ]
    result = analyse(record(*rows), (2024, 8), UNIT)
    assert result.missing_months == ((2024, 7),)
    assert result.unpaid_flagged == ((2024, 7),)
    assert result.pension_rows == 6


def test_status_not_stated_counts_as_paid() -> None:
    rows = [paid(2024, m, state=None) for m in range(2, 8)]
    assert analyse(record(*rows), (2024, 8), UNIT).complete


def test_backpaid_months() -> None:
    rows = [paid(2024, m) for m in range(2, 7)] + [paid(2024, 7, backpaid=True)]
    result = analyse(record(*rows), (2024, 8), UNIT)
    assert result.backpaid_months == ((2024, 7),)
    assert result.missing_months == ()
    assert result.strip[-1] == ("2024-07", "backpaid")
    strict = analyse(record(*rows), (2024, 8), UNIT, backpaid_counts=False)
    assert strict.missing_months == ((2024, 7),)


def test_base_adjustment_beside_a_normal_payment_is_not_backpaid() -> None:
    rows = [paid(2024, m) for m in range(2, 8)] + [paid(2024, 7, backpaid=True)]
    assert analyse(record(*rows), (2024, 8), UNIT).backpaid_months == ()


@pytest.mark.parametrize(
    "variant",
    [
        "柳州某某科技有限责任公司",
        "柳州某某科技有限公司 ",
        "柳州某某 科技 有限公司",
        "（柳州）某某科技有限公司",
        "柳州某某科技有限公司",
        "柳州某某【科技】有限公司",
    ],
)
def test_unit_name_variants_match(variant: str) -> None:
    assert normalise_unit(variant) == normalise_unit(UNIT)
    result = analyse(record(*(paid(2024, m, variant) for m in range(2, 8))), (2024, 8), UNIT)
    assert result.complete and result.similar_units == ()


def test_normalise_unit_keeps_joint_stock_companies_distinct() -> None:
    assert normalise_unit("ＡＢＣ科技（广西）有限公司") == "abc科技广西有限公司"
    assert normalise_unit("某某股份有限公司") != normalise_unit("某某有限公司")
    result = analyse(
        record(*(paid(2024, m, "某某股份有限公司") for m in range(2, 8))), (2024, 8), "某某有限公司"
    )
    assert len(result.other_months) == 6 and not result.unit_found


def test_similar_names_count_and_are_listed() -> None:
    rows = [paid(2024, m, "广西" + UNIT) for m in range(2, 8)]
    result = analyse(record(*rows), (2024, 8), UNIT)
    assert result.complete
    assert result.similar_units == ("广西" + UNIT,)
    strict = analyse(record(*rows), (2024, 8), UNIT, match_similar=False)
    assert len(strict.other_months) == 6


def test_aliases() -> None:
    rows = [paid(2024, m, "旧名称公司") for m in range(2, 8)]
    assert analyse(record(*rows), (2024, 8), UNIT, aliases=["旧名称公司"]).complete


def test_unit_unknown_presumes_the_latest_unit() -> None:
    rows = [paid(2024, m, "旧单位") for m in (2, 3)] + [paid(2024, m) for m in range(4, 8)]
    result = analyse(record(*rows), (2024, 8), None)
    assert result.unit_presumed and result.unit == UNIT
    assert [m for m, _u in result.other_months] == [(2024, 2), (2024, 3)]


def test_rows_without_unit_count_as_here_but_are_reported() -> None:
    rows = [paid(2024, m, "") for m in range(2, 8)]
    result = analyse(record(*rows), (2024, 8), UNIT)
    assert result.complete
    assert len(result.unit_unstated_months) == 6


def test_unknown_insurance_is_assumed_pension_only_when_nothing_is_named() -> None:
    unnamed = [paid(2024, m, insurance="") for m in range(2, 8)]
    result = analyse(record(*unnamed), (2024, 8), UNIT)
    assert result.complete and result.insurance_assumed
    mixed = analyse(record(*unnamed, paid(2024, 7, insurance="失业保险")), (2024, 8), UNIT)
    assert mixed.pension_rows == 0


def test_strip_has_twelve_months_oldest_first() -> None:
    result = run([(2024, m) for m in range(2, 8)], (2024, 8))
    assert len(result.strip) == 12
    assert result.strip[0] == ("2023-08", "unpaid")
    assert result.strip[-1] == ("2024-07", "here")
    assert result.last_month == (2024, 7)


def test_gap_ranges_make_window_months_uncertain() -> None:
    rows = [paid(2024, m) for m in range(1, 8)]
    result = analyse(record(*rows, gaps=(((2024, 1), (2024, 7), 5, 7),)), (2024, 8), UNIT)
    assert result.uncertain_months == tuple((2024, m) for m in range(2, 8))


def test_format_month() -> None:
    assert format_month((2024, 3)) == "2024-03"
