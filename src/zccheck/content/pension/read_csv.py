"""Source reader: CSV / tab- or semicolon-separated text in UTF-8 (BOM or not), UTF-16 (BOM) or GB18030."""

from __future__ import annotations

import csv
import io
from typing import Any

from zccheck.content.errors import ContentError
from zccheck.content.pension.guards import limited
from zccheck.content.pension.limits import MAX_COLS, MAX_ROWS

_DELIMITERS = (",", "\t", ";")


def decode_text(data: bytes) -> str:
    """Text of a CSV/TSV export: UTF-16 (BOM), UTF-8 (with or without BOM), else GB18030."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings: tuple[str, ...] = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        controls = sum(1 for ch in text[:4000] if ord(ch) < 32 and ch not in "\t\r\n")
        if "\x00" in text or controls > 4:
            raise ContentError("corrupt", "binary content")
        return text
    raise ContentError("corrupt", "not text in UTF-8, UTF-16 or GB18030")


def csv_rows(data: bytes) -> list[list[Any]]:
    """The rows of a delimited text export; the delimiter is the one most used in its first 40 lines."""
    text = decode_text(data)
    sample = text.splitlines()[:40]
    delimiter = max(_DELIMITERS, key=lambda d: sum(line.count(d) for line in sample))
    try:
        return [
            list(row)[:MAX_COLS]
            for row in limited(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), MAX_ROWS)
        ]
    except csv.Error as exc:
        raise ContentError("corrupt", f"csv: {exc}") from None
