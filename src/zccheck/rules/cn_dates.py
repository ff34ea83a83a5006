"""Dates as Chinese documents write them: full-width digits, Chinese numerals (二〇一九年十二月三十日)."""

from __future__ import annotations

import re
import unicodedata

_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}
_CN_NUMBER = re.compile(r"[〇○零一二三四五六七八九十]{1,4}(?=\s*[年月日号])")


def _cn_to_int(text: str) -> int | None:
    if "十" in text:
        tens, _, units = text.partition("十")
        if len(tens) > 1 or len(units) > 1:
            return None
        value = (_CN_DIGITS.get(tens, -99) if tens else 1) * 10 + (_CN_DIGITS.get(units, -99) if units else 0)
        return value if value > 0 else None
    digits = [_CN_DIGITS.get(ch) for ch in text]
    if any(d is None for d in digits):
        return None
    return int("".join(str(d) for d in digits))


def normalise_dates(text: str) -> str:
    """NFKC (full-width digits and punctuation to ASCII) and Chinese-numeral dates to digits."""
    folded = unicodedata.normalize("NFKC", text)

    def replace(match: re.Match[str]) -> str:
        value = _cn_to_int(match.group(0))
        return str(value) if value is not None else match.group(0)

    return _CN_NUMBER.sub(replace, folded)
