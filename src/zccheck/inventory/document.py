"""A Document: one file of the materials as found, with lazily computed, cached facts about it."""

from __future__ import annotations

import io
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any, BinaryIO

# Kinds the type detector reports (detected from content, not from the file name).
IMAGE_KINDS = frozenset({"jpeg", "png", "gif", "bmp", "tiff", "webp", "heic", "avif"})
# Image kinds that Pillow alone does not decode here (HEIF/HEVC, AV1): reported with a conversion hint.
UNDECODED_IMAGE_KINDS = frozenset({"heic", "avif"})
PDF_KIND = "pdf"


# The rel_path of the document whose bytes were read last in this context: the engine names it when a
# check fails on its own bug, so that an internal error still says which file was being processed.
LAST_READ: ContextVar[str | None] = ContextVar("zccheck_last_read", default=None)


class ReadError(Exception):
    """The bytes of a document could not be read (vanished, permission, over the read cap, zip error)."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class PdfInfo:
    """What opening a PDF told us. `damage` names damage a viewer repairs or works around (the file still
    displays); `bad_pages` are the 1-based pages a viewer cannot show."""

    pages: int
    encrypted: bool
    needs_password: bool
    damage: str | None = None
    bad_pages: tuple[int, ...] = ()


@dataclass(frozen=True)
class ImageInfo:
    """What opening an image told us (EXIF orientation already applied to width/height)."""

    width: int
    height: int
    mode: str
    format: str
    dpi: tuple[float, float] | None


@dataclass(eq=False)
class Document:
    """One file in the materials.

    `rel_path` is the POSIX path relative to the scanned root (inside a zip: the decoded member name).
    `kind` is the type detected from the content ("pdf", "jpeg", "png", "docx", "xlsx", "doc", "heic",
    "txt", "csv", "empty", "unknown", ...); `extension_kind` is what the name's extension claims.
    Bytes are read through `read_bytes()` (the source enforces size caps); anything derived from them
    (page count, text, OCR, measures) is memoised in `cache` so each is computed once.
    """

    rel_path: str
    size: int
    kind: str
    extension_kind: str | None
    sha256: str | None
    _reader: Callable[[], bytes] = field(repr=False)
    mtime: float | None = None
    pdf: PdfInfo | None = None
    image: ImageInfo | None = None
    read_error: str | None = None
    cache: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def name(self) -> str:
        """The file name with extension."""
        return PurePosixPath(self.rel_path).name

    @property
    def stem(self) -> str:
        """The file name without its last extension."""
        return PurePosixPath(self.rel_path).stem

    @property
    def suffix(self) -> str:
        """The lower-case extension with its dot ("" when none)."""
        return PurePosixPath(self.rel_path).suffix.lower()

    @property
    def parts(self) -> tuple[str, ...]:
        """Folder names from the root down, then the file name."""
        return PurePosixPath(self.rel_path).parts

    @property
    def is_image(self) -> bool:
        """True when the content is an image format."""
        return self.kind in IMAGE_KINDS

    @property
    def is_pdf(self) -> bool:
        """True when the content is a PDF."""
        return self.kind == PDF_KIND

    @property
    def content_readable(self) -> bool:
        """Whether content checks may look inside: read, non-empty, not corrupt, not password-locked.

        The one definition the engine (ITEM scope) and the applicant/document checks that read content use;
        file-integrity reports the others, once each.
        """
        return not (self.read_error or self.size == 0 or self.kind == "empty" or "corrupt" in self.cache
                    or "not_read" in self.cache or "pdf_unverified" in self.cache
                    or (self.pdf is not None and self.pdf.needs_password))

    def read_bytes(self) -> bytes:
        """The file's bytes; raises ReadError when they cannot be had. Records this file as `LAST_READ`."""
        LAST_READ.set(self.rel_path)
        return self._reader()

    def open_stream(self) -> BinaryIO:
        """The file as a seekable binary stream, which the caller closes: the file itself when its source
        can open it (a folder), so that a reader taking it part by part (a large uncompressed scan read
        band by band) never holds all of its bytes; else its bytes in memory. Raises ReadError."""
        LAST_READ.set(self.rel_path)
        opener = getattr(self._reader, "open", None)
        return opener() if opener is not None else io.BytesIO(self._reader())

    def memo(self, key: str, compute: Callable[[], Any]) -> Any:
        """Return `cache[key]`, computing and storing it on first use.

        When a persistent cache is active (`zccheck.cache.using`), the value is also looked up in and stored
        to it, keyed by sha256 + name + kind + `key`: `compute` must depend only on the file and the key.
        """
        LAST_READ.set(self.rel_path)
        if key not in self.cache:
            from zccheck import cache

            self.cache[key] = _without_frames(cache.memo(self.sha256, self.name, self.kind, key, compute))
        return self.cache[key]


def _without_frames(value: Any) -> Any:
    """`value`; when it is an exception kept as a result (a ContentError), without the tracebacks of it and
    of its causes: they hold the frames that raised them, and with them the file's bytes and decoded images,
    for as long as the memo lives."""
    seen: set[int] = set()
    exc = value if isinstance(value, BaseException) else None
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        exc.__traceback__ = None
        exc = exc.__cause__ or exc.__context__
    return value
