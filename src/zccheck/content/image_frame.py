"""Decoding one image frame safely and within bounds.

EXIF orientation, applied safely: a broken EXIF block (Pillow raises SyntaxError "not a TIFF file",
struct.error, ValueError...) means "no orientation known", never an unreadable image."""

from __future__ import annotations

import struct
from typing import Any

# Decoded bytes one frame may take before it is shrunk (a 600-dpi A4 colour page is 104 MB, a 600-dpi A3
# greyscale page 70 MB). Formats without reduced decoding (TIFF, PNG) are decoded whole first, so a larger
# frame is refused instead of pushing the process over its memory target (500 MB with the OCR engine).
MAX_DECODE_BYTES = 160 * 1024 * 1024
_BYTES_PER_PIXEL = {"1": 0.125, "L": 1, "P": 1, "LA": 2, "I;16": 2, "RGB": 3, "YCbCr": 3, "LAB": 3, "HSV": 3,
                    "RGBA": 4, "CMYK": 4, "I": 4, "F": 4}


class FrameTooLarge(ValueError):
    """A frame whose decoded size is over MAX_DECODE_BYTES (and whose format cannot decode it reduced)."""


# What Pillow raises while parsing a malformed EXIF/TIFF block (documented and observed on real files).
EXIF_ERRORS = (SyntaxError, struct.error, ValueError, KeyError, TypeError, IndexError, OSError, EOFError,
               ZeroDivisionError)


def orientation_tag(image: Any) -> int:
    """The EXIF orientation (1–8) of `image`, 1 when absent or unreadable."""
    try:
        value = int(image.getexif().get(0x0112, 1) or 1)
    except EXIF_ERRORS:
        return 1
    return value if 1 <= value <= 8 else 1


def upright(frame: Any, source: Any | None = None) -> tuple[Any, bool]:
    """`frame` turned as the EXIF orientation of `source` (default: `frame`) says, and whether the EXIF
    could be read. A broken EXIF block leaves the frame as it is stored."""
    from PIL import Image

    source = frame if source is None else source
    try:
        tag = int(source.getexif().get(0x0112, 1) or 1)
    except EXIF_ERRORS:
        return frame, False
    method = {2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180,
              4: Image.Transpose.FLIP_TOP_BOTTOM, 5: Image.Transpose.TRANSPOSE, 6: Image.Transpose.ROTATE_270,
              7: Image.Transpose.TRANSVERSE, 8: Image.Transpose.ROTATE_90}.get(tag)
    return (frame.transpose(method) if method is not None else frame), True


def bounded_frame(image: Any, max_side: int) -> Any:
    """The current frame of `image`, upright (EXIF; a broken EXIF block is ignored), at most
    `max_side` pixels on its longer side. Memory stays near one decoded frame in its own mode: a JPEG is
    decoded already reduced (draft), other formats are shrunk before any colour conversion, and a frame over
    MAX_DECODE_BYTES decoded raises FrameTooLarge before anything is decoded."""
    from PIL import Image

    if image.format == "JPEG":
        image.draft("RGB", (max_side, max_side))
    width, height = image.size
    decoded = width * height * _BYTES_PER_PIXEL.get(image.mode, 4)
    if decoded > MAX_DECODE_BYTES:
        raise FrameTooLarge(f"{width}×{height} {image.mode}: {decoded / 2**20:.0f} MB decoded "
                            f"(limit {MAX_DECODE_BYTES / 2**20:.0f} MB)")
    frame = image.convert("L") if image.mode == "1" else image  # bilevel scans: grey before shrinking
    factor = int(max(frame.size) // max_side)
    if factor >= 2 and _reducible(frame):
        frame = frame.reduce(factor)  # box average by an integer factor, on the frame's own mode
    frame, _ = upright(frame, image)
    longest = max(frame.size)
    if longest > max_side:
        ratio = max_side / longest
        size = (max(1, round(frame.width * ratio)), max(1, round(frame.height * ratio)))
        frame = frame.resize(size, Image.Resampling.BOX if _reducible(frame) else Image.Resampling.NEAREST)
    return frame if frame.mode in ("L", "RGB") else frame.convert("RGB")


def _reducible(image: Any) -> bool:
    return image.mode in ("L", "RGB", "RGBA", "LA", "I", "F", "CMYK")


# Formats whose frames are pages: a multi-page TIFF is how scanners save a multi-page scan. In every other
# format extra frames are an animation (GIF, APNG, WebP) or a second view (MPO): a viewer, and the upload
# platform, show the first frame, so that is the one page.
PAGED_FORMATS = frozenset({"TIFF"})


def page_count(image: Any) -> int:
    """How many pages an opened image file holds (see PAGED_FORMATS)."""
    if image.format in PAGED_FORMATS:
        return max(1, int(getattr(image, "n_frames", 1)))
    return 1
