"""Errors content readers raise; checks turn them into findings."""

from __future__ import annotations


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
