"""Property tests for the ID check character (bounded examples)."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from zccheck.rules.idcard import CHECK_CHARS, IdProblem, check_char, parse_id_number

REGIONS = st.from_regex(r"[1-8][0-9]{5}", fullmatch=True)
BIRTHS = st.dates(min_value=date(1900, 1, 1), max_value=date(2024, 12, 31))
SEQUENCES = st.from_regex(r"[0-9]{3}", fullmatch=True)


def _number(region: str, birth: date, sequence: str) -> str:
    first17 = f"{region}{birth:%Y%m%d}{sequence}"
    return first17 + check_char(first17)


@settings(max_examples=200, deadline=None)
@given(REGIONS, BIRTHS, SEQUENCES)
def test_generated_numbers_are_valid_and_round_trip(region: str, birth: date, sequence: str) -> None:
    info = parse_id_number(_number(region, birth, sequence))
    assert info.valid
    assert info.birth_date == birth
    assert info.sex == ("male" if int(sequence[-1]) % 2 else "female")


@settings(max_examples=200, deadline=None)
@given(REGIONS, BIRTHS, SEQUENCES, st.sampled_from(CHECK_CHARS))
def test_any_other_check_character_is_rejected(region: str, birth: date, sequence: str, other: str) -> None:
    number = _number(region, birth, sequence)
    if other == number[-1]:
        return
    assert parse_id_number(number[:-1] + other).problem is IdProblem.CHECKSUM


@settings(max_examples=200, deadline=None)
@given(REGIONS, BIRTHS, SEQUENCES, st.integers(min_value=0, max_value=16), st.integers(min_value=1, max_value=9))
def test_a_single_mistyped_digit_is_caught(region: str, birth: date, sequence: str, position: int,
                                           delta: int) -> None:
    number = _number(region, birth, sequence)
    digit = (int(number[position]) + delta) % 10
    typo = number[:position] + str(digit) + number[position + 1:]
    # MOD 11-2 detects every single-digit substitution: it is never valid (date or checksum fails).
    assert not parse_id_number(typo).valid


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30))
def test_arbitrary_text_never_raises(text: str) -> None:
    info = parse_id_number(text)
    assert info.valid == (info.problem is None)
