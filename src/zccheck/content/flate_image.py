"""A large Flate-compressed PDF image decoded reduced, band by band, never whole.

A page scanned to PDF is often one image XObject compressed with /FlateDecode (lossless: what scanners,
img2pdf, ocrmypdf and PDF printers write for PNG/TIFF sources). pypdf and pdfium decode such an image whole
before anything is scaled: a 9000×9000 RGB image costs 243 MB, and more with the copies made on the way.
Here the stream is inflated incrementally (`zlib.decompressobj` with bounded output), its predictor undone
one band of rows at a time, each band made grey and box-reduced, so memory stays near one band and the
reduced result.

Supported (anything else returns None from `from_xobject`: the caller keeps its usual decoder):
- /FlateDecode last, after simple filters (ASCII85, ASCIIHex) at most;
- 8 bits per component; /DeviceGray, /DeviceRGB or /ICCBased with N = 1 or 3;
- no predictor, the TIFF predictor 2, or the PNG predictors 10–15 (each row's own PNG filter type);
- no /Decode array, image mask, soft mask or colour-key mask (those change what a viewer shows).

Undoing the predictors: the PNG row filters (Sub, Up, Average, Paeth, mixed row by row) are undone by
Pillow's own PNG decoder, in C, on a small PNG made of one band of rows preceded by the last row of the band
before (stored unfiltered, so that Up, Average and Paeth see the right row above it); the TIFF predictor 2
on 8-bit components is PNG's Sub filter, so its rows go the same way marked Sub. A stream that ends before
its declared rows, or is not valid zlib data, raises `FlateError`. Inflating stops at the declared size: a
stream that inflates to more (a decompression bomb) is never inflated past it.
"""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

# Rows of the full-size image undone at once (9000 px wide RGB: ~7 MB a band), fewer for very wide images
# (at most BAND_BYTES a band, but always whole boxes of the reduction); a band over MAX_BAND_BYTES (an image
# far wider than any page) is refused with FlateError: the caller's usual decoder decides.
BAND_ROWS = 256
BAND_BYTES = 8 * 1024 * 1024
MAX_BAND_BYTES = 64 * 1024 * 1024
# Compressed bytes handed to the inflater at once.
INPUT_CHUNK = 256 * 1024

_FLATE = frozenset({"/FlateDecode", "/Fl"})
_ASCII85 = frozenset({"/ASCII85Decode", "/A85"})
_ASCIIHEX = frozenset({"/ASCIIHexDecode", "/AHx"})
_DEVICE_COLORS = {"/DeviceGray": 1, "/G": 1, "/DeviceRGB": 3, "/RGB": 3}
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class FlateError(ValueError):
    """The image's stream is not what it declares: corrupt zlib data, or fewer rows than its height."""


@dataclass(frozen=True)
class FlateImage:
    """A Flate-compressed image: its layout and its zlib data (any outer filters already undone)."""

    width: int
    height: int
    colors: int      # 1 (grey) or 3 (RGB), 8 bits each
    predictor: int   # 1 none, 2 TIFF, 10–15 PNG (each row says its filter)
    data: bytes

    @property
    def row_bytes(self) -> int:
        """Bytes of one row as stored (with its PNG filter-type byte when PNG-predicted)."""
        return self.width * self.colors + (1 if self.predictor >= 10 else 0)

    @property
    def declared_bytes(self) -> int:
        """What the whole stream inflates to, by its dictionary; inflating never goes past it."""
        return self.height * self.row_bytes


def from_xobject(xobject: Any) -> FlateImage | None:
    """The image XObject `xobject` (a pypdf stream) as a FlateImage, or None when it is not one of the
    supported kinds (see the module's docstring) or its outer filters cannot be undone."""
    from pypdf.generic import EncodedStreamObject

    from zccheck.content.pdf_pages import pypdf_errors

    try:
        if not isinstance(xobject, EncodedStreamObject) or xobject.get("/Subtype") != "/Image":
            return None
        if xobject.get("/ImageMask") or any(xobject.get(key) is not None for key in ("/Decode", "/SMask", "/Mask")):
            return None
        if int(xobject.get("/BitsPerComponent", 0) or 0) != 8:
            return None
        width, height = int(xobject.get("/Width", 0)), int(xobject.get("/Height", 0))
        colors = _colors(xobject.get("/ColorSpace"))
        filters = _as_list(xobject.get("/Filter"))
        parms = _as_list(xobject.get("/DecodeParms"))
        if width <= 0 or height <= 0 or colors is None or not filters or filters[-1] not in _FLATE:
            return None
        predictor = _predictor(parms[len(filters) - 1] if len(parms) >= len(filters) else None, width, colors)
        if predictor is None:
            return None
        data = _outer_decoded(bytes(xobject._data), filters[:-1])
    except pypdf_errors():  # a malformed dictionary or outer filter: not ours to decode
        return None
    if data is None:
        return None
    return FlateImage(width, height, colors, predictor, data)


def _as_list(value: Any) -> list[Any]:
    value = value.get_object() if hasattr(value, "get_object") else value
    if value is None:
        return []
    if isinstance(value, list):
        return [v.get_object() if hasattr(v, "get_object") else v for v in value]
    return [value]


def _colors(space: Any) -> int | None:
    """Components of a grey or RGB colour space (device or ICC-based), else None."""
    space = space.get_object() if hasattr(space, "get_object") else space
    if isinstance(space, str):
        return _DEVICE_COLORS.get(space)
    if isinstance(space, list) and len(space) == 2 and space[0] == "/ICCBased":
        profile = space[1].get_object()
        count = int(profile.get("/N", 0))
        return count if count in (1, 3) else None
    return None


def _predictor(parms: Any, width: int, colors: int) -> int | None:
    """The predictor the decode parameters declare (1 when none), None when unsupported or inconsistent
    with the image (a predictor over other columns, colours or bit depths than the image's)."""
    if parms is None or not hasattr(parms, "get"):
        return 1
    predictor = int(parms.get("/Predictor", 1) or 1)
    if predictor == 1:
        return 1
    if predictor != 2 and not 10 <= predictor <= 15:
        return None
    if (int(parms.get("/Colors", 1)) != colors or int(parms.get("/BitsPerComponent", 8)) != 8
            or int(parms.get("/Columns", 1)) != width):
        return None
    return predictor


def _outer_decoded(data: bytes, outer: list[Any]) -> bytes | None:
    """`data` with the filters before /FlateDecode undone (ASCII85, ASCIIHex); None for any other."""
    from pypdf.filters import ASCII85Decode, ASCIIHexDecode

    for name in outer:
        if name in _ASCII85:
            data = ASCII85Decode.decode(data)
        elif name in _ASCIIHEX:
            data = ASCIIHexDecode.decode(data)
        else:
            return None
    return data


def factor_covering(size: tuple[int, int], wanted: tuple[int, int], *, powers_of_two: bool = False) -> int:
    """The largest box reduction of an image of `size` that still covers `wanted` on both sides (at least
    1). With `powers_of_two`, only 1, 2, 4 or 8: the scales a JPEG draft offers, for results comparable
    with a JPEG decoded the same way."""
    factor = max(1, min(size[0] // max(wanted[0], 1), size[1] // max(wanted[1], 1)))
    if powers_of_two:
        factor = max(f for f in (1, 2, 4, 8) if f <= factor)
    return factor


def reduced_grey(image: FlateImage, factor: int) -> Any:
    """`image` in grey (Pillow "L"), box-reduced by `factor` (a partial box at the right and bottom edges
    averages what it covers), decoded band by band. Raises FlateError for a corrupt or short stream."""
    from PIL import Image

    factor = max(1, factor)
    rows = min(BAND_ROWS, max(1, BAND_BYTES // image.row_bytes))
    step = max(1, rows // factor) * factor
    if step * image.row_bytes > MAX_BAND_BYTES:
        raise FlateError(f"{image.width} px wide, reduced {factor}×: a band would take "
                         f"{step * image.row_bytes / 2**20:.0f} MB")
    out = Image.new("L", (-(-image.width // factor), -(-image.height // factor)))
    top = 0
    for band in _bands(image, step):
        grey = band if band.mode == "L" else band.convert("L")
        out.paste(grey.reduce(factor) if factor > 1 else grey, (0, top // factor))
        top += band.height
    return out


def _bands(image: FlateImage, step: int) -> Iterator[Any]:
    """The image's rows, `step` at a time, predictor undone, as Pillow images (mode L or RGB)."""
    from PIL import Image

    mode = "L" if image.colors == 1 else "RGB"
    above = b""  # the previous band's last row, unfiltered: what the next band's first row predicts from
    for raw in _inflated(image, step):
        rows = len(raw) // image.row_bytes
        if image.predictor == 1:
            band = Image.frombytes(mode, (image.width, rows), raw)
        else:
            if image.predictor == 2:  # TIFF horizontal differencing on 8-bit samples is PNG's Sub filter
                stride = image.width * image.colors
                raw = b"".join(b"\x01" + raw[i:i + stride] for i in range(0, len(raw), stride))
            band = _png_rows(image.width, image.colors, above, raw, rows)
            above = band.crop((0, rows - 1, image.width, rows)).tobytes()
        yield band


def _inflated(image: FlateImage, step: int) -> Iterator[bytes]:
    """The stream inflated `step` rows at a time (the last piece shorter), never more than its declared
    size. FlateError when the data is not zlib or ends before the declared rows."""
    total = image.declared_bytes
    piece = step * image.row_bytes
    inflater = zlib.decompressobj()
    source = memoryview(image.data)
    position = produced = 0
    buffer = bytearray()
    try:
        while produced < total:
            target = min(piece, total - produced)
            if len(buffer) >= target:
                yield bytes(buffer)
                produced += len(buffer)
                buffer.clear()
                continue
            chunk = inflater.unconsumed_tail
            if not chunk:
                if inflater.eof or position >= len(source):
                    raise FlateError(f"the stream ends after {produced + len(buffer)} of {total} bytes")
                chunk = source[position:position + INPUT_CHUNK]
                position += INPUT_CHUNK
            buffer += inflater.decompress(chunk, target - len(buffer))
    except zlib.error as exc:
        raise FlateError(f"corrupt Flate data: {exc}") from exc


def _png_rows(width: int, colors: int, above: bytes, filtered: bytes, rows: int) -> Any:
    """`rows` PNG-filtered rows (each led by its filter type) unfiltered by Pillow's PNG decoder; `above`
    is the row before them (unfiltered; empty for the first rows of the image). FlateError when a row has
    an unknown filter type."""
    from PIL import Image

    height = rows + (1 if above else 0)
    header = struct.pack(">IIBBBBB", width, height, 8, 0 if colors == 1 else 2, 0, 0, 0)
    packer = zlib.compressobj(0)  # stored blocks: no compression work, only framing and a checksum
    idat = b"".join((packer.compress(b"\x00" + above) if above else b"",  # filter type None: predicts row 1
                     packer.compress(filtered), packer.flush()))
    del filtered
    crc = zlib.crc32(idat, zlib.crc32(b"IDAT")) & 0xFFFFFFFF
    png = b"".join((_PNG_SIGNATURE, _chunk(b"IHDR", header), struct.pack(">I", len(idat)), b"IDAT", idat,
                    struct.pack(">I", crc), _chunk(b"IEND", b"")))
    del idat
    try:
        decoded = Image.open(io.BytesIO(png))
        decoded.load()
        band = decoded.crop((0, 1, width, height)) if above else decoded
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:  # "unknown filter type"
        raise FlateError(f"bad PNG row filter: {exc}") from exc
    return band


def _chunk(kind: bytes, body: bytes) -> bytes:
    """A small PNG chunk: length, type, body, CRC."""
    crc = zlib.crc32(body, zlib.crc32(kind)) & 0xFFFFFFFF
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)
