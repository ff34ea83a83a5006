"""GB 11643-1999 ID numbers: check character, birth date, sex, legacy 15-digit numbers."""

from __future__ import annotations

from datetime import date

import pytest

from zccheck.rules.idcard import (
    FEMALE,
    MALE,
    IdProblem,
    check_char,
    is_valid_id_number,
    normalise,
    parse_id_number,
    sex_from_text,
)


def make_id(first17: str) -> str:
    """A valid 18-character number from its first 17 digits."""
    return first17 + check_char(first17)


def test_standard_example_with_x() -> None:
    info = parse_id_number("11010519491231002X")
    assert info.valid
    assert info.birth_date == date(1949, 12, 31)
    assert info.sex == FEMALE  # sequence 002: even
    assert info.region_code == "110105"
    assert not info.legacy


def test_lower_case_x_and_full_width_are_normalised() -> None:
    assert parse_id_number("11010519491231002x").valid
    assert parse_id_number("１１０１０５１９４９１２３１００２Ｘ").valid
    assert parse_id_number(" 110105 19491231 002X ").valid
    assert normalise("4501-0219 90x") == "4501021990X"


def test_wrong_check_character() -> None:
    info = parse_id_number("110105194912310021")
    assert info.problem is IdProblem.CHECKSUM
    # The digits still give a birth date and sex (probably a typo elsewhere).
    assert info.birth_date == date(1949, 12, 31)
    assert not is_valid_id_number("110105194912310021")


def test_x_in_the_wrong_place_is_format() -> None:
    assert parse_id_number("1101051949123100X2").problem is IdProblem.FORMAT


def test_check_char_for_known_numbers() -> None:
    assert check_char("11010519491231002") == "X"
    assert check_char("44052418800101001") == "4"
    with pytest.raises(ValueError):
        check_char("1234")


@pytest.mark.parametrize("birth", ["19990230", "19991301", "19990000", "20230229", "18991231"])
def test_impossible_birth_dates(birth: str) -> None:
    info = parse_id_number(make_id("450102" + birth + "123"))
    assert info.problem is IdProblem.BIRTH_DATE
    assert info.birth_date is None


def test_leap_day_is_a_real_date() -> None:
    info = parse_id_number(make_id("45010220000229123"))
    assert info.valid and info.birth_date == date(2000, 2, 29)


def test_birth_after_today_is_invalid() -> None:
    number = make_id("45010220300101123")
    assert parse_id_number(number).valid  # without a reference date only the calendar is checked
    assert parse_id_number(number, today=date(2024, 8, 1)).problem is IdProblem.BIRTH_DATE


def test_sex_from_the_17th_digit() -> None:
    assert parse_id_number(make_id("45010219900101001")).sex == MALE
    assert parse_id_number(make_id("45010219900101002")).sex == FEMALE


@pytest.mark.parametrize("text", ["", "12345", "45010219900101001", "4501021990010100123", "45010219900101ABCD",
                                  "四五〇一〇二一九九〇〇一〇一〇〇一X"])
def test_bad_formats(text: str) -> None:
    assert parse_id_number(text).problem is IdProblem.FORMAT


def test_legacy_15_digit() -> None:
    info = parse_id_number("450102650501123")
    assert info.valid and info.legacy
    assert info.birth_date == date(1965, 5, 1)
    assert info.sex == MALE  # last digit 3: odd
    assert not is_valid_id_number("450102650501123")
    assert parse_id_number("450102651301123").problem is IdProblem.BIRTH_DATE


def test_sex_from_text() -> None:
    assert sex_from_text("男") == MALE
    assert sex_from_text(" Female ") == FEMALE
    assert sex_from_text("?") is None
    assert sex_from_text(1) is None
