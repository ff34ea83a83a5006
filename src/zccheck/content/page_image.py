"""A scanned PDF page taken from its JPEG instead of rendered, when rendering would decode it whole.

pdfium decodes a page's image at its full size before scaling it to the output: a 600-dpi A3 colour scan
(7016×9921 pixels) costs about 265 MB for a page rendered at 150 dpi. Most scanned PDFs are one JPEG per
page, drawn upright over the whole page and nothing else. For such a page the JPEG is decoded already
reduced (Pillow's draft: libjpeg's DCT scaling to the smallest scale that still covers the output), in grey,
and resized to exactly the size `render(scale=..., grayscale=True)` would give. Any other page (more
objects, annotations, a turned or partial placement, another filter or colour space, /Rotate) is left to
the renderer, as is any image small enough for it to be cheap.
"""

from __future__ import annotations

import io
import math
from typing import Any

# Decoded size (3 bytes a pixel) above which a full-page JPEG is decoded reduced instead of rendered:
# ~21 MP, a 300-dpi A3 or 450-dpi A4 colour scan. Below it, rendering costs at most this much.
LARGE_IMAGE_BYTES = 64 * 1024 * 1024
_PLACEMENT_TOLERANCE_PT = 1.0


def scanned_page_image(page: Any, scale: float) -> Any:
    """The grey image `page.render(scale=scale, grayscale=True)` would show, decoded from the page's one
    full-page JPEG at a reduced scale; None when the page is not such a page (render it instead)."""
    import pypdfium2.raw as pdfium_c
    from PIL import Image

    image = _full_page_jpeg(page, pdfium_c)
    if image is None:
        return None
    width, height = page.get_size()
    size = (math.ceil(width * scale), math.ceil(height * scale))  # what pypdfium2's render makes
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
    return grey if grey.size == size else grey.resize(size, Image.Resampling.BILINEAR, reducing_gap=2.0)


def _full_page_jpeg(page: Any, pdfium_c: Any) -> Any:
    """The page's only object when it is a large JPEG (DCTDecode, inside simple filters such as ASCII85 at
    most; grey or RGB) drawn upright over
    the whole page, on a page without annotations or /Rotate; else None."""
    if page.get_rotation() != 0 or pdfium_c.FPDFPage_GetAnnotCount(page) > 0:
        return None
    objects = list(page.get_objects(max_depth=1))
    if len(objects) != 1 or objects[0].type != pdfium_c.FPDF_PAGEOBJ_IMAGE:
        return None
    image = objects[0]
    width_px, height_px = image.get_px_size()
    filters = image.get_filters()
    if width_px * height_px * 3 <= LARGE_IMAGE_BYTES or not filters or filters[-1] != "DCTDecode":
        return None
    if any(name not in image.SIMPLE_FILTERS for name in filters[:-1]):  # e.g. ASCII85 around the JPEG
        return None
    if image.get_metadata().colorspace not in (pdfium_c.FPDF_COLORSPACE_DEVICEGRAY,
                                               pdfium_c.FPDF_COLORSPACE_DEVICERGB):
        return None
    a, b, c, d, e, f = image.get_matrix().get()
    if b != 0 or c != 0 or a <= 0 or d <= 0:
        return None
    shown = (e, f, e + a, f + d)  # where the image's unit square lands, in the page's space
    if any(abs(u - v) > _PLACEMENT_TOLERANCE_PT for u, v in zip(shown, page.get_cropbox(), strict=True)):
        return None
    return image
