"""A scanned PDF page taken from its one image instead of rendered, when rendering would decode it whole.

pdfium decodes a page's image at its full size before scaling it to the output: a 600-dpi A3 colour scan
(7016×9921 pixels) costs about 265 MB for a page rendered at 150 dpi, a 9000×9000 RGB image 243 MB. Most
scanned PDFs are one image per page, drawn upright over the whole page and nothing else: a JPEG, or a
Flate-compressed (lossless) image. For such a page the image is decoded already reduced, in grey, and
resized to exactly the size `render(scale=..., grayscale=True)` would give (an image placed upright inside
the page with margins, as "print to PDF" of a photo does, is pasted on white paper where it is drawn):
- a JPEG with Pillow's draft (libjpeg's DCT scaling to the smallest scale that still covers the output);
- a Flate image band by band with `content.flate_image` (its predictor and decode parameters are read from
  the file with pypdf: `PdfSource`).
Any other page (more objects, annotations, a turned placement or one partly off the page, another filter
or colour space, /Rotate, masks) is left to the renderer, as is any image small enough for it to be cheap.
"""

from __future__ import annotations

import io
import math
from typing import Any

# Decoded size (3 bytes a pixel) above which a full-page JPEG is decoded reduced instead of rendered:
# ~21 MP, a 300-dpi A3 or 450-dpi A4 colour scan. Below it, rendering costs at most this much.
LARGE_IMAGE_BYTES = 64 * 1024 * 1024
_PLACEMENT_TOLERANCE_PT = 1.0


class PdfSource:
    """The PDF's bytes, read with pypdf on first need: what pdfium does not tell about an image (a Flate
    image's decode parameters: its predictor). One per document; `close` drops the reader."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._reader: Any = None
        self._failed = False

    def image_xobject(self, index: int, raw: bytes, size: tuple[int, int]) -> Any:
        """The image XObject page `index` draws whose stream is `raw` (the bytes pdfium reads for it) and
        whose pixels are `size`; None when pypdf cannot read the file or finds no such image there."""
        from zccheck.content.pdf_pages import pypdf_errors

        if self._failed:
            return None
        try:
            if self._reader is None:
                from pypdf import PdfReader

                self._reader = PdfReader(io.BytesIO(self._data), strict=False)
            resources = self._reader.pages[index].get("/Resources")
            table = resources.get_object().get("/XObject") if resources is not None else None
            for ref in (table.get_object().values() if table is not None else ()):
                image = ref.get_object()
                self._forget(ref)  # pypdf would keep every page's image stream for the document's life
                if (image.get("/Subtype") == "/Image" and (image.get("/Width"), image.get("/Height")) == size
                        and getattr(image, "_data", None) == raw):
                    return image
        except pypdf_errors():  # damaged for pypdf: render instead
            self._failed = self._reader is None
        return None

    def _forget(self, ref: Any) -> None:
        """Drop indirect object `ref` from the reader's cache (it is read again if asked for again)."""
        key = (getattr(ref, "generation", None), getattr(ref, "idnum", None))
        self._reader.resolved_objects.pop(key, None)

    def close(self) -> None:
        """Drop the pypdf reader."""
        self._reader = None


def scanned_page_image(page: Any, scale: float, source: PdfSource | None = None, index: int = 0) -> Any:
    """The grey image `page.render(scale=scale, grayscale=True)` would show, decoded from the page's one
    image at a reduced scale (drawn over the whole page, or upright somewhere inside it on white paper);
    None when the page is not such a page (render it instead).
    A Flate image needs `source` (the document, `index` the page's 0-based number); without it such a page
    is left to the renderer."""
    import pypdfium2.raw as pdfium_c
    from PIL import Image

    found = _page_image(page, pdfium_c)
    if found is None:
        return None
    image, shown = found
    width, height = page.get_size()
    size = (math.ceil(width * scale), math.ceil(height * scale))  # what pypdfium2's render makes
    left, _, _, top = page.get_cropbox()
    box = (round((shown[0] - left) * scale), round((top - shown[3]) * scale),
           round((shown[2] - left) * scale), round((top - shown[1]) * scale))
    whole = _covers(shown, page.get_cropbox())
    wanted = size if whole else (max(1, box[2] - box[0]), max(1, box[3] - box[1]))
    if image.get_filters()[-1] == "DCTDecode":
        grey = _reduced_jpeg(image, wanted)
    elif source is not None:
        grey = _reduced_flate(image, wanted, source, index)
    else:
        grey = None
    if grey is None:
        return None
    if grey.size != wanted:
        grey = grey.resize(wanted, _bilinear(), reducing_gap=2.0)
    if whole:
        return grey
    paper = Image.new("L", size, 255)  # the page's white around the image, as the renderer fills it
    paper.paste(grey, box[:2])
    return paper


def _covers(shown: tuple[float, float, float, float], cropbox: tuple[float, float, float, float]) -> bool:
    """Whether the image's placement is the whole page (within the placement tolerance)."""
    return all(abs(u - v) <= _PLACEMENT_TOLERANCE_PT for u, v in zip(shown, cropbox, strict=True))


def _bilinear() -> Any:
    from PIL import Image

    return Image.Resampling.BILINEAR


def _reduced_jpeg(image: Any, size: tuple[int, int]) -> Any:
    """The JPEG decoded grey at the smallest DCT scale covering `size`; None when Pillow cannot read it."""
    from PIL import Image

    try:
        data = bytes(image.get_data(decode_simple=True))  # the JPEG itself
        jpeg = Image.open(io.BytesIO(data))
        if jpeg.format != "JPEG" or jpeg.mode not in ("L", "RGB"):
            return None
        jpeg.draft("L", size)
        grey = jpeg.convert("L")
        jpeg.close()
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return None  # a JPEG Pillow cannot read: the renderer decides
    return grey


def _reduced_flate(image: Any, size: tuple[int, int], source: PdfSource, index: int) -> Any:
    """The Flate image decoded grey band by band, box-reduced to just cover `size`; None when it is not a
    supported kind (see `flate_image`) or its stream is damaged (the renderer decides)."""
    from zccheck.content import flate_image

    raw = bytes(image.get_data(decode_simple=False))  # the stream as stored: small, it is compressed
    xobject = source.image_xobject(index, raw, image.get_px_size())
    flate = flate_image.from_xobject(xobject) if xobject is not None else None
    if flate is None:
        return None
    try:
        return flate_image.reduced_grey(flate, flate_image.factor_covering((flate.width, flate.height), size))
    except flate_image.FlateError:
        return None


# Colour spaces taken from the image itself; an ICC-based one only with a grey or RGB image (a JPEG decoded
# as L or RGB by Pillow, a Flate image whose profile has N = 1 or 3): its profile is not applied, which moves
# grey levels a little for the usual sRGB-like profiles of scanners and cameras.
_JPEG_SPACES = ("DEVICEGRAY", "DEVICERGB", "ICCBASED")
_FLATE_SPACES = ("DEVICEGRAY", "DEVICERGB", "ICCBASED")


def _page_image(page: Any, pdfium_c: Any) -> tuple[Any, tuple[float, float, float, float]] | None:
    """The page's only object and where it lands (left, bottom, right, top in the page's space), when it is
    a large JPEG (DCTDecode) or Flate image (FlateDecode; inside simple filters such as ASCII85 at most; grey
    or RGB) drawn upright inside the page, on a page without annotations or /Rotate; else None."""
    if page.get_rotation() != 0 or pdfium_c.FPDFPage_GetAnnotCount(page) > 0:
        return None
    objects = list(page.get_objects(max_depth=1))
    if len(objects) != 1 or objects[0].type != pdfium_c.FPDF_PAGEOBJ_IMAGE:
        return None
    image = objects[0]
    width_px, height_px = image.get_px_size()
    filters = image.get_filters()
    if width_px * height_px * 3 <= LARGE_IMAGE_BYTES or not filters:
        return None
    if filters[-1] == "DCTDecode":
        spaces = _JPEG_SPACES
    elif filters[-1] in ("FlateDecode", "Fl"):
        spaces = _FLATE_SPACES
    else:
        return None
    if any(name not in image.SIMPLE_FILTERS for name in filters[:-1]):  # e.g. ASCII85 around the image
        return None
    if image.get_metadata().colorspace not in [getattr(pdfium_c, f"FPDF_COLORSPACE_{n}") for n in spaces]:
        return None
    a, b, c, d, e, f = image.get_matrix().get()
    if b != 0 or c != 0 or a <= 0 or d <= 0:
        return None
    shown = (e, f, e + a, f + d)  # where the image's unit square lands, in the page's space
    left, bottom, right, top = page.get_cropbox()
    tolerance = _PLACEMENT_TOLERANCE_PT
    if shown[0] < left - tolerance or shown[1] < bottom - tolerance or shown[2] > right + tolerance \
            or shown[3] > top + tolerance:
        return None  # partly off the page: the renderer crops it
    return image, shown
