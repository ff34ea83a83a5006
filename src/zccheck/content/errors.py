"""Errors content readers raise; checks turn them into findings."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from zccheck.inventory.document import Document


class ContentError(Exception):
    """A file's content could not be interpreted for this purpose (corrupt, unsupported, too big...).

    `reason` is a short stable token (e.g. "corrupt", "encrypted", "unsupported", "too-large",
    "no-table", "bomb"); `detail` is free text for --debug and details.
    """

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


class DependencyMissing(ContentError):
    """An optional dependency (the `vision` extra: OCR, face detection, PDF rendering) is not installed."""

    def __init__(self, package: str) -> None:
        super().__init__("dependency-missing", package)
        self.package = package


def memoised_read(doc: Document, key: str, read: Callable[[bytes], Any]) -> Any:
    """`read(doc's bytes)`, memoised on the Document under `key`; a ContentError is memoised too and raised
    again on each call, and bytes that cannot be had are ContentError("unreadable")."""
    from zccheck.inventory.document import ReadError

    def compute() -> Any:
        try:
            return read(doc.read_bytes())
        except ContentError as exc:
            return exc
        except ReadError as exc:
            return ContentError("unreadable", str(exc))

    result = doc.memo(key, compute)
    if isinstance(result, ContentError):
        raise result
    return result
