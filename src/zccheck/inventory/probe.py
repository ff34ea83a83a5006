"""Cheap structural facts about a file's bytes: PDF pages and encryption, image size and integrity."""

from __future__ import annotations

import io
import logging

from zccheck.inventory.document import ImageInfo, PdfInfo

# Images larger than this many pixels are refused as decompression bombs (a 600 dpi A3 scan is ~70 MP).
MAX_IMAGE_PIXELS = 120_000_000


class ProbeError(Exception):
    """The bytes are not a well-formed file of the kind detected."""


def probe_pdf(data: bytes) -> PdfInfo:
    """Page count and encryption of a PDF; raises ProbeError when it cannot be opened at all."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        encrypted = bool(reader.is_encrypted)
        needs_password = False
        if encrypted:
            try:
                needs_password = reader.decrypt("") == 0
            except Exception:  # unsupported algorithm, broken encryption dictionary
                needs_password = True
            if needs_password:
                return PdfInfo(pages=0, encrypted=True, needs_password=True)
        pages = len(reader.pages)
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError,
            RecursionError, AssertionError, ZeroDivisionError) as exc:
        raise ProbeError(f"{type(exc).__name__}: {exc}") from None
    if pages == 0:
        raise ProbeError("no pages")
    return PdfInfo(pages=pages, encrypted=encrypted, needs_password=False)


def probe_image(data: bytes) -> ImageInfo:
    """Size (EXIF orientation applied), mode and DPI of an image; decodes it to catch truncation.

    Raises ProbeError for corrupt or truncated data and for decompression bombs.
    """
    from PIL import Image, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                raise ProbeError(f"decompression bomb: {width}x{height} pixels")
            orientation = image.getexif().get(0x0112, 1)
            mode, fmt = image.mode, image.format or ""
            raw_dpi = image.info.get("dpi")
            if image.format == "JPEG":
                image.draft("RGB", (max(1, width // 8), max(1, height // 8)))
            image.load()
    except ProbeError:
        raise
    except Image.DecompressionBombError as exc:
        raise ProbeError(f"decompression bomb: {exc}") from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError, MemoryError,
            Image.DecompressionBombWarning, ZeroDivisionError, KeyError, IndexError, TypeError) as exc:
        raise ProbeError(f"{type(exc).__name__}: {exc}") from None
    if orientation in (5, 6, 7, 8):
        width, height = height, width
    dpi = None
    if isinstance(raw_dpi, tuple) and len(raw_dpi) == 2:
        try:
            dpi = (float(raw_dpi[0]), float(raw_dpi[1]))
        except (TypeError, ValueError):
            dpi = None
    return ImageInfo(width=width, height=height, mode=mode, format=fmt, dpi=dpi)
