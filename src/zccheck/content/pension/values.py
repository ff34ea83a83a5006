"""Single cells read as values: clean text, amounts, payment status, payment type, insurance names."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from zccheck.content.pension.vocabulary import (
    EMPTY_STATUS,
    FALSE_TOKENS,
    INSURANCE_CODES,
    INSURANCE_KINDS,
    PAID_WORDS,
    TRUE_TOKENS,
    UNKNOWN_WORDS,
    UNPAID_WORDS,
)


def clean(value: Any) -> str:
    """A cell as NFKC text without surrounding whitespace ("" for None; 3.0 reads as "3")."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFKC", str(value)).strip()


def number(value: Any) -> float | None:
    """An amount from a cell (12, 1.5, "1,234.50", "¥12", "12元"), or None when the cell is no number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    text = clean(value).replace(",", "").replace("¥", "").replace("元", "")
    try:
        return float(text) if re.fullmatch(r"-?\d+(?:\.\d+)?", text) else None
    except ValueError:
        return None


def parse_status(value: Any) -> bool | None:
    """Paid (True), unpaid (False) or unknown (None) from a status cell (缴费标志/缴费状态/到账情况)."""
    text = clean(value).upper().replace(" ", "")
    text = text.removesuffix(".0")
    if not text or text in EMPTY_STATUS:
        return None
    if text in TRUE_TOKENS:
        return True
    if text in FALSE_TOKENS:
        return False
    if any(word in text for word in UNKNOWN_WORDS):
        return None
    if any(word in text for word in UNPAID_WORDS):
        return False
    if any(word in text for word in PAID_WORDS):
        return True
    return None


def parse_payment_type(value: Any) -> str | None:
    """"normal", "backpaid", "refund" or None from a 缴费类型 cell (codes: 10 正常应缴, 2x 退收, 3x 补收)."""
    text = clean(value).replace(" ", "")
    text = text.removesuffix(".0")
    if not text:
        return None
    if "退" in text:
        return "refund"
    if "补" in text or "追缴" in text or "趸缴" in text:
        return "backpaid"
    if re.fullmatch(r"3\d", text):
        return "backpaid"
    if re.fullmatch(r"2\d", text):
        return "refund"
    if re.fullmatch(r"1\d{0,2}", text) or "正常" in text or "转入" in text or "当期" in text:
        return "normal"
    return None


def insurance_kind(text: str) -> str:
    """The kind of an insurance name or code: "养老", "失业", "工伤", "医疗", "生育" or ""."""
    name = clean(text)
    name = INSURANCE_CODES.get(name.removesuffix(".0"), name)
    if "医保" in name:
        return "医疗"
    found = [kind for kind in INSURANCE_KINDS if kind in name]
    return found[0] if len(found) == 1 else ""


def insurance_name(value: Any) -> str:
    """An insurance cell as a display name (codes such as 110 become their names)."""
    text = clean(value)
    return INSURANCE_CODES.get(text.removesuffix(".0"), text)
