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
        value = int(_exif(image).get(0x0112, 1) or 1)
    except EXIF_ERRORS:
        return 1
    return value if 1 <= value <= 8 else 1


def _exif(image: Any) -> Any:
    """`image.getexif()`, except that a PNG without an eXIf chunk before its pixels is not decoded whole to
    look for one after them (what Pillow's getexif does: 278 MB for a 600-dpi A3 colour page); the PNG
    specification puts eXIf before the image data."""
    if image.format == "PNG" and "exif" not in image.info:
        return {}
    return image.getexif()


def upright(frame: Any, source: Any | None = None) -> tuple[Any, bool]:
    """`frame` turned as the EXIF orientation of `source` (default: `frame`) says, and whether the EXIF
    could be read. A broken EXIF block leaves the frame as it is stored."""
    from PIL import Image

    source = frame if source is None else source
    try:
        tag = int(_exif(source).get(0x0112, 1) or 1)
    except EXIF_ERRORS:
        return frame, False
    method = {2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180,
              4: Image.Transpose.FLIP_TOP_BOTTOM, 5: Image.Transpose.TRANSPOSE, 6: Image.Transpose.ROTATE_270,
              7: Image.Transpose.TRANSVERSE, 8: Image.Transpose.ROTATE_90}.get(tag)
    return (frame.transpose(method) if method is not None else frame), True


def bounded_frame(image: Any, max_side: int) -> Any:
    """The current frame of `image`, upright (EXIF; a broken EXIF block is ignored), at most
    `max_side` pixels on its longer side, in mode L or RGB.

    Memory stays near the reduced frame wherever the format allows it, and near one decoded frame in its
    own mode otherwise:
    - a JPEG is decoded already reduced (draft: the DCT scale whose long side still covers `max_side`);
    - an uncompressed frame (TIFF strips, BMP: Pillow's "raw" tiles) is read and box-reduced band by band
      from the file, never whole;
    - any other format is decoded whole in its own mode (refused with FrameTooLarge, before anything is
      decoded, when that would be over MAX_DECODE_BYTES), then reduced band by band, so that no full-size
      converted copy (bilevel → grey) is ever made.
    The integer box reduction is the same whichever way the frame was read."""
    from PIL import Image

    if image.format == "JPEG":
        image.draft("RGB", _draft_size(image.size, max_side))
    width, height = image.size
    factor = int(max(width, height) // max_side)
    layout = _raw_layout(image) if factor >= 2 else None
    if layout is None:
        decoded = width * height * _BYTES_PER_PIXEL.get(image.mode, 4)
        if decoded > MAX_DECODE_BYTES:
            raise FrameTooLarge(f"{width}×{height} {image.mode}: {decoded / 2**20:.0f} MB decoded "
                                f"(limit {MAX_DECODE_BYTES / 2**20:.0f} MB)")
        image.load()
    frame = _reduced(image, factor, layout)
    frame, _ = upright(frame, image)
    longest = max(frame.size)
    if longest > max_side:
        ratio = max_side / longest
        size = (max(1, round(frame.width * ratio)), max(1, round(frame.height * ratio)))
        frame = frame.resize(size, Image.Resampling.BOX if _reducible(frame) else Image.Resampling.NEAREST)
    return frame if frame.mode in ("L", "RGB") else frame.convert("RGB")


# Rows of the full-size frame handled at once when reducing band by band (7016 px wide RGB: ~7 MB a band).
BAND_ROWS = 256
# Bits per pixel of the raw layouts read band by band; other raw layouts are decoded whole.
_RAW_BITS = {"1": 1, "1;I": 1, "L": 8, "L;I": 8, "RGB": 24, "BGR": 24, "RGBX": 32, "RGBA": 32, "BGRX": 32,
             "BGRA": 32, "CMYK": 32, "LA": 16}


def _draft_size(size: tuple[int, int], max_side: int) -> tuple[int, int]:
    """The draft request for a JPEG: its own proportions, the long side at `max_side` (JPEG's DCT scaling
    then picks the smallest scale that still covers it)."""
    width, height = size
    longest = max(width, height, 1)
    if longest <= max_side:
        return size
    return (max(1, -(-width * max_side // longest)), max(1, -(-height * max_side // longest)))


def _raw_layout(image: Any) -> list[tuple[int, int, int, str, int, int]] | None:
    """The frame's uncompressed strips as (first row, end row, file offset, raw mode, bytes per row,
    orientation), when every strip is full-width raw data in a mode that can be reduced band by band;
    else None."""
    if image.mode not in ("1", "L", "RGB", "RGBA", "CMYK", "LA") or getattr(image, "fp", None) is None:
        return None
    width = image.size[0]
    layout = []
    for tile in image.tile:
        name, extents, offset, args = tile[0], tile[1], tile[2], tile[3]
        if name != "raw" or extents[0] != 0 or extents[2] != width:
            return None
        args = (args,) if isinstance(args, str) else tuple(args)
        rawmode = args[0]
        stride = args[1] if len(args) > 1 and args[1] else 0
        orientation = args[2] if len(args) > 2 else 1
        if rawmode not in _RAW_BITS or orientation not in (1, -1):
            return None
        stride = stride or (_RAW_BITS[rawmode] * width + 7) // 8
        layout.append((extents[1], extents[3], offset, rawmode, stride, orientation))
    return layout or None


def raw_data_complete(image: Any, size: int) -> bool | None:
    """For an uncompressed frame (see `_raw_layout`): whether the file's `size` bytes hold all its rows.
    None when the frame is not stored that way (it must be decoded to find out)."""
    layout = _raw_layout(image)
    if layout is None:
        return None
    return all(offset + (end - first) * stride <= size for first, end, offset, _, stride, _ in layout)


def _raw_rows(image: Any, layout: list[tuple[int, int, int, str, int, int]], top: int, rows: int) -> Any:
    """Rows `top`..`top+rows` of an uncompressed frame, read from its file. OSError when the file ends
    before them (as Pillow says for a truncated image)."""
    from PIL import Image

    band = Image.new(image.mode, (image.size[0], rows))
    for first, end, offset, rawmode, stride, orientation in layout:
        start, stop = max(top, first), min(top + rows, end)
        if start >= stop:
            continue
        skip = (start - first) if orientation == 1 else (end - stop)  # bottom-up strips store the last row first
        image.fp.seek(offset + skip * stride)
        wanted = (stop - start) * stride
        data = image.fp.read(wanted)
        if len(data) < wanted:
            raise OSError(f"image file is truncated ({wanted - len(data)} bytes missing)")
        piece = Image.frombytes(image.mode, (image.size[0], stop - start), data, "raw", rawmode, stride,
                                orientation)
        band.paste(piece, (0, start - top))
    return band


def _reduced(image: Any, factor: int, layout: list[tuple[int, int, int, str, int, int]] | None) -> Any:
    """`image` box-reduced by `factor` (bilevel made grey first), band by band: from its file when `layout`
    is given, else from the decoded frame. Without a reduction, the frame itself (bilevel made grey)."""
    from PIL import Image

    mode = "L" if image.mode == "1" else image.mode
    if factor < 2 or not _reducible_mode(mode):
        return image.convert("L") if image.mode == "1" else image
    width, height = image.size
    out = Image.new(mode, (-(-width // factor), -(-height // factor)))
    step = max(1, BAND_ROWS // factor) * factor
    for top in range(0, height, step):
        rows = min(step, height - top)
        band = _raw_rows(image, layout, top, rows) if layout else image.crop((0, top, width, top + rows))
        if band.mode == "1":
            band = band.convert("L")
        out.paste(band.reduce(factor), (0, top // factor))
    return out


def _reducible_mode(mode: str) -> bool:
    return mode in ("L", "RGB", "RGBA", "LA", "I", "F", "CMYK")


def _reducible(image: Any) -> bool:
    return _reducible_mode(image.mode)


# Formats whose frames are pages: a multi-page TIFF is how scanners save a multi-page scan. In every other
# format extra frames are an animation (GIF, APNG, WebP) or a second view (MPO): a viewer, and the upload
# platform, show the first frame, so that is the one page.
PAGED_FORMATS = frozenset({"TIFF"})


def page_count(image: Any) -> int:
    """How many pages an opened image file holds (see PAGED_FORMATS)."""
    if image.format in PAGED_FORMATS:
        return max(1, int(getattr(image, "n_frames", 1)))
    return 1
