"""Guards against hostile input: zip bombs in .xlsx/.docx files, and row caps on any reader."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator
from typing import TypeVar

from zccheck.content.errors import ContentError
from zccheck.inventory.zipguard import OFFICE_LIMITS, ZIP_READ_ERRORS, office_zip_refusal

T = TypeVar("T")

ZIP_ERRORS = ZIP_READ_ERRORS


def guard_zip(data: bytes) -> None:
    """Refuse an Office container out of bounds (ContentError "corrupt" or "bomb"): the one guard,
    inventory/zipguard.py, with its Office limits."""
    refusal = office_zip_refusal(data)
    if refusal is not None:
        raise ContentError("corrupt" if refusal.reason == "corrupt" else "bomb", refusal.message_zh)


def zip_member_names(data: bytes) -> set[str] | None:
    """The names of a zip's first members (at most OFFICE_LIMITS.max_members + 1), or None when it is no valid zip."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return set(archive.namelist()[:OFFICE_LIMITS.max_members + 1])
    except ZIP_ERRORS:
        return None


def limited(rows: Iterable[T], limit: int) -> Iterator[T]:
    """The first `limit` items of `rows`, the rest never pulled from the iterator."""
    for i, row in enumerate(rows):
        if i >= limit:
            break
        yield row
