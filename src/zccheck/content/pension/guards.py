"""Guards against hostile input: zip bombs in .xlsx/.docx files, and row caps on any reader."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator
from typing import TypeVar

from zccheck.content.errors import ContentError
from zccheck.content.pension.limits import ZIP_MAX_MEMBERS, ZIP_MAX_RATIO, ZIP_MAX_TOTAL, ZIP_RATIO_MIN_SIZE
from zccheck.inventory.zipguard import ZIP_READ_ERRORS

T = TypeVar("T")

ZIP_ERRORS = ZIP_READ_ERRORS


def guard_zip(data: bytes) -> None:
    """Refuse a zip whose member count, total size or compression ratio is out of bounds (ContentError)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except ZIP_ERRORS as exc:
        raise ContentError("corrupt", f"not a valid xlsx zip: {exc}") from None
    if len(infos) > ZIP_MAX_MEMBERS:
        raise ContentError("bomb", f"{len(infos)} zip members")
    total = sum(info.file_size for info in infos)
    if total > ZIP_MAX_TOTAL:
        raise ContentError("bomb", f"{total} bytes uncompressed")
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > ZIP_RATIO_MIN_SIZE and ratio > ZIP_MAX_RATIO:
            raise ContentError("bomb", f"{info.filename}: {info.file_size} from {info.compress_size} bytes")


def zip_member_names(data: bytes) -> set[str] | None:
    """The names of a zip's first members (at most ZIP_MAX_MEMBERS + 1), or None when it is no valid zip."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return set(archive.namelist()[:ZIP_MAX_MEMBERS + 1])
    except ZIP_ERRORS:
        return None


def limited(rows: Iterable[T], limit: int) -> Iterator[T]:
    """The first `limit` items of `rows`, the rest never pulled from the iterator."""
    for i, row in enumerate(rows):
        if i >= limit:
            break
        yield row
