"""OCR of the title region of a document's first page: enough to tell which material it is, cheaply.

Only the top `region` of the first page (a PDF page rendered with pypdfium2, or an image with its EXIF
orientation applied) is read, at a modest resolution, and at most `max_lines` text lines are recognised, top
to bottom. A page photographed or scanned sideways (most detected lines taller than wide) is turned by 90°,
an upside-down one (the angle classifier's vote, as in `content.ocr`) by 180°, and the region read again.
When the region holds almost no text (a cover picture, a photo with a wide margin) the whole page is read
instead, still capped at `max_lines`. Uses the process-wide engine of `content.ocr`; raises
`DependencyMissing` without the vision extra and `ContentError` for files that cannot be rendered.
"""

from __future__ import annotations

import io
import time
from dataclasses import dataclass
from typing import Any

from zccheck.content.errors import ContentError
from zccheck.content.ocr import IMAGE_KINDS, MIN_LINE_SCORE, _crop_line, _upside_down, get_engine

PAGE_LONG_SIDE = 1600   # px: a 150 dpi A4 scan is ~1750 px high; titles stay well readable at this size
MIN_REGION_CHARS = 6    # fewer recognised characters in the title region: read the whole page instead
MAX_LINE_RATIO = 20     # a line is recognised up to 20 × its height wide (≈20 characters): titles and labels
                        # are at the start of lines, and recognition time grows with the width


@dataclass(frozen=True)
class TitleOcr:
    """The lines read (top to bottom), the turn applied to the page (0, 90, 180, 270) and the time taken."""

    lines: tuple[str, ...]
    rotation: int
    seconds: float
    whole_page: bool = False


def title_lines(data: bytes, kind: str, *, region: float = 0.4, max_lines: int = 14,
                time_budget_s: float = 20.0) -> TitleOcr:
    """OCR the title region of the first page of `data` (a "pdf" or an image kind)."""
    engine = get_engine()
    started = time.perf_counter()
    deadline = started + time_budget_s
    page = _first_page(data, kind)
    rotation = 0
    lines, boxes = _read_region(engine, page, region, max_lines, deadline)
    if boxes and _mostly_vertical(boxes):
        page, rotation = page.rotate(90, expand=True), 90
        lines, boxes = _read_region(engine, page, region, max_lines, deadline)
    if boxes and _flipped(engine, page, boxes):
        page, rotation = page.rotate(180), (rotation + 180) % 360
        lines, boxes = _read_region(engine, page, region, max_lines, deadline)
    whole = False
    if sum(len(line) for line in lines) < MIN_REGION_CHARS and region < 1.0:
        lines, _ = _read_region(engine, page, 1.0, max_lines, deadline)
        whole = True
    return TitleOcr(tuple(lines), rotation, round(time.perf_counter() - started, 3), whole)


def _first_page(data: bytes, kind: str) -> Any:
    """The first page as an RGB Pillow image, its longer side at most PAGE_LONG_SIDE."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    if kind == "pdf":
        import pypdfium2 as pdfium

        from zccheck.content.page_image import PdfSource, scanned_page_image

        try:
            document = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            raise ContentError("encrypted" if "password" in str(exc).lower() else "corrupt", str(exc)) from exc
        try:
            if len(document) == 0:
                raise ContentError("corrupt", "the PDF has no pages")
            pdf_page = document[0]
            try:
                width, height = pdf_page.get_size()
                scale = PAGE_LONG_SIDE / max(width, height, 1.0)
                grey = scanned_page_image(pdf_page, scale, PdfSource(data), 0)  # one large image: reduced
                if grey is None:
                    grey = pdf_page.render(scale=scale, grayscale=True).to_pil()
                image = grey.convert("RGB")
            except pdfium.PdfiumError as exc:
                raise ContentError("corrupt", f"page 1: {exc}") from exc
            finally:
                pdf_page.close()
        finally:
            document.close()
        return image
    if kind not in IMAGE_KINDS:
        raise ContentError("unsupported", f"cannot OCR {kind!r}")
    try:
        image = Image.open(io.BytesIO(data))
        image.draft("RGB", (PAGE_LONG_SIDE, PAGE_LONG_SIDE))  # JPEG: decode at a reduced scale, much faster
        image = ImageOps.exif_transpose(image).convert("RGB")
    except (UnidentifiedImageError, OSError, ValueError, EOFError, Image.DecompressionBombError) as exc:
        raise ContentError("corrupt", f"{type(exc).__name__}: {exc}") from exc
    longest = max(image.size)
    if longest > PAGE_LONG_SIDE:
        ratio = PAGE_LONG_SIDE / longest
        image = image.resize((max(1, round(image.width * ratio)), max(1, round(image.height * ratio))),
                             Image.Resampling.BILINEAR)
    return image


def _read_region(engine: Any, page: Any, region: float, max_lines: int,
                 deadline: float) -> tuple[list[str], list[Any]]:
    """Recognised lines of the top `region` of `page`, and the detected boxes."""
    import numpy as np

    height = max(1, round(page.height * region))
    array = np.asarray(page.crop((0, 0, page.width, height)))
    detected = engine(array, use_det=True, use_cls=False, use_rec=False)
    boxes = getattr(detected, "boxes", None)
    if boxes is None or len(boxes) == 0:
        return [], []
    ordered = sorted(boxes, key=lambda b: (float(np.min(np.asarray(b)[:, 1])), float(np.min(np.asarray(b)[:, 0]))))
    lines: list[str] = []
    for box in ordered[:max_lines]:
        if time.perf_counter() >= deadline:
            break
        crop = _crop_line(array, box)
        if crop is None:
            continue
        crop = crop[:, : crop.shape[0] * MAX_LINE_RATIO]
        result = engine(crop, use_det=False, use_cls=False, use_rec=True)
        texts = getattr(result, "txts", None) or ()
        scores = getattr(result, "scores", None) or ()
        line = "".join(t for t, s in zip(texts, scores, strict=False) if s >= MIN_LINE_SCORE)
        if line.strip():
            lines.append(line)
    return lines, list(ordered)


def _mostly_vertical(boxes: list[Any]) -> bool:
    """True when most detected lines are much taller than wide: the page lies on its side."""
    import numpy as np

    tall = 0
    for box in boxes:
        points = np.asarray(box, dtype=float).reshape(4, 2)
        width = np.linalg.norm(points[0] - points[1])
        height = np.linalg.norm(points[0] - points[3])
        tall += height >= 1.5 * width
    return tall * 2 > len(boxes)


def _flipped(engine: Any, page: Any, boxes: list[Any]) -> bool:
    """The angle classifier's vote on the region's widest lines: is the page upside down?"""
    import numpy as np

    array = np.asarray(page)
    crops = [c for c in (_crop_line(array, b) for b in boxes[:20]) if c is not None]
    return bool(crops) and _upside_down(engine, crops)
