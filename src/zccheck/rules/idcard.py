"""Chinese resident identity numbers (GB 11643-1999): format, check character, birth date and sex.

An 18-character number is 6 digits of address code, 8 digits of birth date (YYYYMMDD), 3 digits of
sequence (odd for men, even for women) and one check character computed with ISO 7064 MOD 11-2
(0-9 or X). The legacy 15-digit number (first-generation cards) has a 6-digit birth date YYMMDD in the
19xx century and no check character; it is recognised and reported as old-format.

Everything here is pure: no I/O, no findings. Full numbers never leave this module in messages.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

# ISO 7064 MOD 11-2 weights for positions 1..17 (2^(18-i) mod 11) and the check character table.
WEIGHTS: tuple[int, ...] = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"

MALE = "male"
FEMALE = "female"


class IdProblem(StrEnum):
    """Why an ID number is not usable."""

    FORMAT = "format"
    CHECKSUM = "checksum"
    BIRTH_DATE = "birth-date"


@dataclass(frozen=True)
class IdNumberInfo:
    """What an ID number says, or why it is not valid.

    `problem` is None for a valid number. `birth_date` and `sex` are set whenever the birth date part is a
    real date (also for a checksum error, since the digits are then probably still the applicant's).
    `legacy` is True for a 15-digit first-generation number.
    """

    normalised: str
    length: int
    problem: IdProblem | None
    legacy: bool = False
    birth_date: date | None = None
    sex: str | None = None
    region_code: str | None = None

    @property
    def valid(self) -> bool:
        """True when the number passed every test."""
        return self.problem is None


def normalise(text: str) -> str:
    """Full-width characters to ASCII, spaces and hyphens dropped, a lower-case x made upper-case."""
    folded = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in folded if not ch.isspace() and ch != "-").upper()


def check_char(first17: str) -> str:
    """The ISO 7064 MOD 11-2 check character for 17 digits."""
    if len(first17) != 17 or not first17.isascii() or not first17.isdigit():
        raise ValueError("need exactly 17 ASCII digits")
    total = sum(int(digit) * weight for digit, weight in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARS[total % 11]


def _date_or_none(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _sex_of(sequence_digit: str) -> str:
    return MALE if int(sequence_digit) % 2 == 1 else FEMALE


def parse_id_number(text: str, *, today: date | None = None) -> IdNumberInfo:
    """Check an ID number. A birth date after `today` (when given) or before 1900 is invalid."""
    number = normalise(text)
    length = len(number)
    if length == 15 and number.isascii() and number.isdigit():
        born = _date_or_none(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12]))
        if born is None:
            return IdNumberInfo(number, length, IdProblem.BIRTH_DATE, legacy=True, region_code=number[:6])
        return IdNumberInfo(number, length, None, legacy=True, birth_date=born, sex=_sex_of(number[14]),
                            region_code=number[:6])
    body = number[:17]
    if length != 18 or not (body.isascii() and body.isdigit()) or number[17] not in "0123456789X":
        return IdNumberInfo(number, length, IdProblem.FORMAT)
    born = _date_or_none(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    if born is None or born.year < 1900 or (today is not None and born > today):
        return IdNumberInfo(number, length, IdProblem.BIRTH_DATE, region_code=number[:6])
    sex = _sex_of(number[16])
    problem = None if check_char(body) == number[17] else IdProblem.CHECKSUM
    return IdNumberInfo(number, length, problem, birth_date=born, sex=sex, region_code=number[:6])


def is_valid_id_number(text: str) -> bool:
    """True for a valid 18-character number (legacy 15-digit numbers are not valid today)."""
    info = parse_id_number(text)
    return info.valid and not info.legacy


def sex_from_text(value: object) -> str | None:
    """A sex fact given as 男/女/male/female/m/f (any case) to MALE/FEMALE; None when not recognised."""
    if not isinstance(value, str):
        return None
    text = value.strip().lower()
    if text in ("男", "male", "m", "man"):
        return MALE
    if text in ("女", "female", "f", "woman"):
        return FEMALE
    return None
