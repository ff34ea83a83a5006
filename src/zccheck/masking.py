"""The one masking helper: never print a full resident ID number, wherever it comes from.

An ID number can reach an output from the facts (`id_number`), from a document's text (a pension export,
a form) or from a *file name* ("身份证-450202198801015811.pdf"). Every reporter (scan and batch, every format)
masks what it prints with this module: `mask_id_number` for a value known to be an ID number,
`mask_ids` for any text (file names, paths, messages), `mask_ids_deep` for JSON-like data.
Masking keeps the first 3 and the last 2 characters: 450202198801015811 → 450*************11.
"""

from __future__ import annotations

import re
from typing import Any

# 18-character numbers (GB 11643) and the old 15-digit ones, with a plausible birth date, not inside a longer
# run of letters or digits. Something ID-shaped that is not an ID gets masked too: harmless, and safer.
_ID_PATTERN = re.compile(
    r"(?<![0-9A-Za-z])(?:"
    r"[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[0-9Xx]"
    r"|[1-9]\d{7}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}"
    r")(?![0-9A-Za-z])"
)


def mask_id_number(id_number: str | None) -> str | None:
    """Mask an ID number for display: first 3 and last 2 kept, e.g. 450***********123X -> "450*************3X"."""
    if not id_number:
        return id_number
    text = id_number.strip()
    if len(text) <= 5:
        return "*" * len(text)
    return text[:3] + "*" * (len(text) - 5) + text[-2:]


def mask_ids(text: str) -> str:
    """`text` with every ID number in it masked (file names, paths, messages, anything printed)."""
    return _ID_PATTERN.sub(lambda m: mask_id_number(m.group(0)) or "", text) if text else text


def mask_ids_deep(value: Any) -> Any:
    """`mask_ids` applied to every string inside JSON-like data (dict keys too); tuples become lists."""
    if isinstance(value, str):
        return mask_ids(value)
    if isinstance(value, dict):
        return {mask_ids_deep(k): mask_ids_deep(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [mask_ids_deep(v) for v in value]
    return value
