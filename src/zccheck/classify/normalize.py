"""Normalise folder and file names so that width, numbering, brackets and spacing do not matter."""

from __future__ import annotations

import re
import unicodedata

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
              "九": 9, "十": 10}
# Leading numbering: "3.", "01-", "1、", "(3)", "（三）", "第3项", "3-1 ", "6-2", "一、", "附件:"-free.
_NUMBERING = re.compile(
    r"""^\s*(?:
        [(\[【]\s*[0-9一二三四五六七八九十]+\s*[)\]】]\s*[、.\-_:：]?
      | [0-9]+(?:[-.][0-9]+)+\s*[、.\-_:：)\s]*
      | 第?[0-9]+(?:项|份|个)?\s*[、.\-_:：)\s]+
      | 第?[一二三四五六七八九十]+[、.:：)\s]+
    )""",
    re.VERBOSE,
)
_DROP = re.compile(r"[\s()\[\]{}<>（）【】《》〈〉「」『』\"'“”‘’`~!@#$%^&*+=|\\/:;：；,，.。、?？!！·・…_\-—–－]+")


def strip_numbering(text: str) -> str:
    """Remove leading list numbering (once), e.g. "3.承诺书" -> "承诺书", "8-1 业绩成果" -> "业绩成果"."""
    return _NUMBERING.sub("", text, count=1)


def normalize(text: str) -> str:
    """NFKC (full width -> half width), lower case, leading numbering, brackets, punctuation and spaces removed."""
    folded = unicodedata.normalize("NFKC", text).lower()
    return _DROP.sub("", strip_numbering(folded))


def chinese_number(text: str) -> int | None:
    """Value of a small Arabic or Chinese numeral ("12", "十二", "三"); None when it is not one."""
    if text.isdigit():
        return int(text)
    if not text or any(ch not in _CN_DIGITS for ch in text):
        return None
    if text == "十":
        return 10
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)
    return _CN_DIGITS[text] if len(text) == 1 else None


def stem_of(name: str) -> str:
    """A file name without its extension (only a short, alphanumeric extension counts as one)."""
    match = re.match(r"^(.*)\.([A-Za-z0-9]{1,5})$", name)
    return match.group(1) if match and match.group(1) else name
