"""File names the batch writes per applicant (fix-it lists, HTML pages): safe on Windows, macOS and Linux."""

from __future__ import annotations

import re

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}


def safe_file_stem(label: str) -> str:
    """`label` usable as a file name on Windows, macOS and Linux."""
    stem = _UNSAFE.sub("_", label).strip(" .") or "applicant"
    if stem.lower() in _RESERVED:
        stem = f"_{stem}"
    return stem[:120]
