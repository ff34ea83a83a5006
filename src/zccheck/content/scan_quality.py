"""Scan quality of a PDF or an image: effective resolution, blank pages, page orientation.

Cheap first: a PDF's pages are read structurally with pypdf (page size and rotation, the images each page
draws and where, whether it shows text or paints anything); only a page that is mostly one image is
decoded, at a reduced size, to tell whether it is blank. Nothing is rendered for that.

- Effective resolution of a scanned page: the pixels of the image covering most of the page against the
  size it is shown at, or against A4 when the page is scaled to fit A4, whichever is higher (a photo
  placed on a page sized at 72 dpi is judged by its pixels, a scanned ID card by its own small page).
  An image file: its pixels against A4 (long side 11.69 in, short side 8.27 in), or its declared dpi when
  that is higher.
- Blank: a page that paints nothing, or a scanned page (or image) whose central area has almost no pixel
  darker than the paper.
- Upside down: only when the optional OCR stack is installed. Text lines are found by a projection
  profile on a 100-dpi grey copy (rendered with pypdfium2) and each is given to rapidocr's text-line
  orientation classifier (0° or 180°). A page is called upside down only when enough lines vote with high
  confidence and nearly all of them say 180°; anything less is "undecided", never a finding.

Work per document is capped (`max_pages`, `orientation_max_pages`, `time_budget_s`); the result says what
was examined and why it stopped.
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from zccheck.content.errors import ContentError

A4_IN = (8.27, 11.69)                 # short, long side in inches
A4_PT = (595.28, 841.89)
ORIENT_LONG_SIDE = 1169               # A4 at 100 dpi: the page size the orientation classifier sees
BLANK_LONG_SIDE = 600                 # thumbnail for the blank test
BLANK_MARGIN = 0.06                   # share of each edge ignored by the blank test (scanner shadows)
INK_CONTRAST = 60                     # grey levels below the paper's that count as ink
SCAN_COVERAGE = 0.5                   # an image covering at least this share of the page makes it a scan
MAX_PIXELS = 100_000_000
MAX_ORIENTATION_LINES = 30
_SQUARE = 1.05                        # pages within this aspect of square are neither portrait nor landscape

_PAINT = re.compile(rb"(?<![A-Za-z0-9*'\"])(Tj|TJ|'|\"|f\*?|F|S|s|B\*?|b\*?|sh|BI|Do)(?![A-Za-z0-9*])")
_TEXT = re.compile(rb"(?<![A-Za-z0-9*'\"])(Tj|TJ|'|\")(?![A-Za-z0-9*])")


@dataclass(frozen=True)
class PageScan:
    """What was measured on one page (1-based `number`). None means "not measured" or "undecided"."""

    number: int
    width_pt: float
    height_pt: float
    orientation: str                        # "portrait" | "landscape" | "square"
    scanned: bool = False                   # mostly one image
    image_px: tuple[int, int] | None = None  # that image's pixels
    coverage: float = 0.0                   # share of the page it covers
    dpi: float | None = None                # effective resolution (scanned pages and images)
    has_text: bool = False
    blank: bool | None = None
    ink: float | None = None                # share of dark pixels in the central area, when measured
    upside_down: bool | None = None
    votes: tuple[int, int] | None = None    # confident (upright, upside-down) text-line votes

    def as_dict(self) -> dict[str, Any]:
        """JSON-friendly form."""
        return {
            "page": self.number,
            "width_pt": round(self.width_pt, 1),
            "height_pt": round(self.height_pt, 1),
            "orientation": self.orientation,
            "scanned": self.scanned,
            "image_px": list(self.image_px) if self.image_px else None,
            "coverage": round(self.coverage, 3),
            "dpi": None if self.dpi is None else round(self.dpi),
            "has_text": self.has_text,
            "blank": self.blank,
            "ink": None if self.ink is None else round(self.ink, 5),
            "upside_down": self.upside_down,
            "votes": list(self.votes) if self.votes else None,
        }


@dataclass(frozen=True)
class ScanReport:
    """Scan quality of one document.

    `orientations` covers every page (cheap); `pages` only those examined. `limited` says why examination
    stopped early ("max-pages" or "time-budget"), `orientation` how upside-down pages were looked for:
    "text-line-classifier", "unavailable" (OCR stack missing) or "off".
    """

    kind: str
    page_count: int
    orientations: tuple[str, ...]
    pages: tuple[PageScan, ...]
    limited: str | None
    orientation: str
    orientation_pages: int
    seconds: float
    notes: tuple[str, ...] = field(default=())


def measure_scan(
    data: bytes,
    kind: str,
    *,
    max_pages: int = 30,
    time_budget_s: float = 5.0,
    orientation: bool = True,
    orientation_max_pages: int = 10,
    min_votes: int = 6,
    upside_down_share: float = 0.85,
    blank_ink: float = 0.0005,
) -> ScanReport:
    """Measure a "pdf" or an image kind.

    Raises ContentError with reason "corrupt", "encrypted", "unsupported" or "bomb".
    """
    started = time.perf_counter()
    settings = _Settings(max_pages, started + max(0.0, time_budget_s), orientation, orientation_max_pages,
                         min_votes, upside_down_share, blank_ink)
    report = _measure_pdf(data, settings) if kind == "pdf" else _measure_image(data, settings)
    return ScanReport(**{**report.__dict__, "seconds": round(time.perf_counter() - started, 3)})


@dataclass
class _Settings:
    max_pages: int
    deadline: float
    orientation: bool
    orientation_max_pages: int
    min_votes: int
    upside_down_share: float
    blank_ink: float
    orientation_used: int = 0
    classifier: str = "off"

    def time_left(self) -> bool:
        return time.perf_counter() < self.deadline


def _orientation_of(width: float, height: float) -> str:
    if width > height * _SQUARE:
        return "landscape"
    if height > width * _SQUARE:
        return "portrait"
    return "square"


def _a4_fit_dpi(px_w: float, px_h: float) -> float:
    """Resolution of `px_w`×`px_h` pixels fitted onto A4 in the matching orientation."""
    short, long = sorted((px_w, px_h))
    return max(long / A4_IN[1], short / A4_IN[0])


# --- images ----------------------------------------------------------------------------------------------


def _measure_image(data: bytes, s: _Settings) -> ScanReport:
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
        width, height = image.size
        if width * height > MAX_PIXELS:
            raise ContentError("bomb", f"{width}x{height} pixels")
        declared = image.info.get("dpi")
        orientation_tag = int(image.getexif().get(0x0112, 1) or 1)
        if image.format == "JPEG":
            image.draft("L", (ORIENT_LONG_SIDE, ORIENT_LONG_SIDE))
        image = ImageOps.exif_transpose(image.convert("L") if image.mode not in ("L", "RGB") else image)
        grey = image.convert("L")
    except ContentError:
        raise
    except UnidentifiedImageError as exc:
        raise ContentError("unsupported", str(exc)) from exc
    except (OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombError) as exc:
        raise ContentError("corrupt", f"{type(exc).__name__}: {exc}") from exc
    if orientation_tag in (5, 6, 7, 8):
        width, height = height, width
    dpi = _a4_fit_dpi(width, height)
    try:
        declared_dpi = min(float(declared[0]), float(declared[1])) if declared else 0.0
    except (TypeError, ValueError, IndexError):
        declared_dpi = 0.0
    dpi = max(dpi, declared_dpi)
    ink = _ink(grey)
    page = PageScan(1, float(width), float(height), _orientation_of(width, height), scanned=True,
                    image_px=(width, height), coverage=1.0, dpi=dpi, blank=ink < s.blank_ink, ink=ink)
    if s.orientation and not page.blank:
        page = _with_orientation(page, lambda: _fit(grey, ORIENT_LONG_SIDE), s)
    return ScanReport("image", 1, (page.orientation,), (page,), None, s.classifier, s.orientation_used, 0.0)


def _fit(image: Any, long_side: int) -> Any:
    from PIL import Image

    w, h = image.size
    scale = long_side / max(w, h)
    if scale >= 1:
        return image
    return image.resize((max(1, round(w * scale)), max(1, round(h * scale))), Image.Resampling.BILINEAR)


def _ink(grey: Any) -> float:
    """Share of pixels in the central area clearly darker than the paper (the median level)."""
    thumb = _fit(grey, BLANK_LONG_SIDE)
    w, h = thumb.size
    mx, my = round(w * BLANK_MARGIN), round(h * BLANK_MARGIN)
    if w - 2 * mx < 4 or h - 2 * my < 4:
        mx = my = 0
    histogram = thumb.crop((mx, my, w - mx, h - my)).histogram()[:256]
    total = sum(histogram)
    if not total:
        return 0.0
    running, median = 0, 255
    for level, count in enumerate(histogram):
        running += count
        if running * 2 >= total:
            median = level
            break
    cut = median - INK_CONTRAST
    return sum(histogram[:cut]) / total if cut > 0 else 0.0


# --- PDF -------------------------------------------------------------------------------------------------


def _measure_pdf(data: bytes, s: _Settings) -> ScanReport:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    raise ContentError("encrypted", "needs a password")
            except (NotImplementedError, PdfReadError) as exc:
                raise ContentError("encrypted", str(exc)) from exc
        pages = reader.pages
        count = len(pages)
    except ContentError:
        raise
    except Exception as exc:  # pypdf raises many kinds on damaged files
        raise ContentError("corrupt", f"{type(exc).__name__}: {exc}") from exc
    if count == 0:
        raise ContentError("corrupt", "no pages")

    sizes: list[tuple[float, float, int]] = []
    for index in range(min(count, 2000)):
        try:
            sizes.append(_display_size(pages[index]))
        except Exception:  # one malformed page must not hide the others
            sizes.append((0.0, 0.0, 0))
    orientations = tuple(_orientation_of(w, h) if w and h else "square" for w, h, _ in sizes)

    examined: list[PageScan] = []
    limited: str | None = None
    notes: list[str] = []
    renderer = _Renderer(data) if s.orientation else None
    try:
        for index in range(count):
            if index >= s.max_pages:
                limited = "max-pages"
                break
            if not s.time_left():
                limited = "time-budget"
                break
            width, height, _ = sizes[index] if index < len(sizes) else (0.0, 0.0, 0)
            try:
                page = _examine_page(pages[index], index + 1, width, height, s)
            except Exception as exc:  # note it and go on with the next page
                notes.append(f"page {index + 1}: {type(exc).__name__}")
                continue
            if renderer is not None and page.blank is not True:
                page = _with_orientation(page, lambda i=index: renderer.grey(i), s)
            examined.append(page)
    finally:
        if renderer is not None:
            renderer.close()
    return ScanReport("pdf", count, orientations, tuple(examined), limited, s.classifier, s.orientation_used,
                      0.0, tuple(notes))


def _display_size(page: Any) -> tuple[float, float, int]:
    """(width, height) in points as displayed (crop box, /Rotate applied) and the rotation."""
    box = page.cropbox
    width, height = abs(float(box.width)), abs(float(box.height))
    rotation = int(page.get("/Rotate", 0) or 0) % 360
    if rotation in (90, 270):
        width, height = height, width
    return width, height, rotation


@dataclass
class _Drawn:
    """An image a page draws: its pixels and the size it is shown at (points)."""

    px: tuple[int, int]
    shown: tuple[float, float]
    xobject: Any


def _examine_page(page: Any, number: int, width: float, height: float, s: _Settings) -> PageScan:
    orientation = _orientation_of(width, height) if width and height else "square"
    resources = page.get("/Resources")
    resources = resources.get_object() if resources is not None else {}
    contents = page.get_contents()
    raw = contents.get_data() if contents is not None else b""
    has_xobjects = bool(_xobjects(resources))
    if not has_xobjects:
        paints = bool(_PAINT.search(raw))
        return PageScan(number, width, height, orientation, has_text=bool(_TEXT.search(raw)),
                        blank=not paints)
    drawn: list[_Drawn] = []
    counts = {"text": 0, "paint": 0}
    _walk(contents, resources, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), drawn, counts, depth=0)
    has_text = counts["text"] > 0
    if not drawn:
        return PageScan(number, width, height, orientation, has_text=has_text,
                        blank=counts["paint"] == 0 and not has_text)
    page_area = max(width * height, 1.0)
    main = max(drawn, key=lambda d: d.shown[0] * d.shown[1])
    coverage = min(1.0, main.shown[0] * main.shown[1] / page_area)
    if coverage < SCAN_COVERAGE:
        return PageScan(number, width, height, orientation, has_text=has_text, blank=False, coverage=coverage,
                        image_px=main.px)
    native = min(main.px[0] / max(main.shown[0] / 72.0, 1e-6), main.px[1] / max(main.shown[1] / 72.0, 1e-6))
    short_pt, long_pt = sorted((width, height))
    fit = min(A4_PT[0] / short_pt, A4_PT[1] / long_pt) if short_pt and long_pt else 1.0
    dpi = max(native, native / fit)
    blank: bool | None = False if has_text or len(drawn) > 1 or counts["paint"] > 0 else None
    ink: float | None = None
    if blank is None:
        grey = _decode_image(main.xobject)
        if grey is not None:
            ink = _ink(grey)
            blank = ink < s.blank_ink
    return PageScan(number, width, height, orientation, scanned=True, image_px=main.px, coverage=coverage,
                    dpi=dpi, has_text=has_text, blank=blank, ink=ink)


def _xobjects(resources: Any) -> dict[str, Any]:
    try:
        table = resources.get("/XObject") if resources else None
        return dict(table.get_object()) if table is not None else {}
    except Exception:
        return {}


def _walk(stream: Any, resources: Any, ctm: tuple[float, ...], drawn: list[_Drawn], counts: dict[str, int],
          depth: int) -> None:
    """Follow q/Q/cm and Do through a content stream (and forms, 3 deep) collecting drawn images."""
    from pypdf.generic import ContentStream

    content = stream if isinstance(stream, ContentStream) else ContentStream(stream, None)
    xobjects = _xobjects(resources)
    stack: list[tuple[float, ...]] = []
    for operands, operator in content.operations:
        if operator == b"q":
            stack.append(ctm)
        elif operator == b"Q":
            ctm = stack.pop() if stack else ctm
        elif operator == b"cm" and len(operands) == 6:
            ctm = _multiply(tuple(float(v) for v in operands), ctm)
        elif operator in (b"Tj", b"TJ", b"'", b'"'):
            counts["text"] += 1
        elif operator in (b"f", b"F", b"f*", b"S", b"s", b"B", b"B*", b"b", b"b*", b"sh", b"INLINE IMAGE"):
            counts["paint"] += 1
        elif operator == b"Do" and operands:
            ref = xobjects.get(operands[0])
            obj = ref.get_object() if ref is not None else None
            if obj is None:
                continue
            subtype = obj.get("/Subtype")
            if subtype == "/Image":
                shown = (_norm(ctm[0], ctm[1]), _norm(ctm[2], ctm[3]))
                drawn.append(_Drawn((int(obj.get("/Width", 0)), int(obj.get("/Height", 0))), shown, obj))
            elif subtype == "/Form" and depth < 3:
                matrix = obj.get("/Matrix")
                inner = ctm
                if matrix and len(matrix) == 6:
                    inner = _multiply(tuple(float(v) for v in matrix), ctm)
                form_resources = obj.get("/Resources")
                _walk(obj, form_resources.get_object() if form_resources is not None else resources,
                      inner, drawn, counts, depth + 1)


def _multiply(m: tuple[float, ...], n: tuple[float, ...]) -> tuple[float, ...]:
    """m × n for PDF matrices [a b c d e f]."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def _norm(x: float, y: float) -> float:
    return float((x * x + y * y) ** 0.5)


def _decode_image(xobject: Any) -> Any:
    """A grey, reduced copy of an image XObject (JPEG decoded at reduced scale), or None when undecodable."""
    from PIL import Image

    try:
        filters = xobject.get("/Filter")
        names = [filters] if isinstance(filters, str) else list(filters or [])
        if names and names[-1] == "/DCTDecode":  # pypdf undoes the filters before; the JPEG stays as it is
            image = Image.open(io.BytesIO(xobject.get_data()))
            image.draft("L", (BLANK_LONG_SIDE, BLANK_LONG_SIDE))
            return image.convert("L")
        return xobject.decode_as_image().convert("L")
    except Exception:  # undecodable images leave blankness undecided
        return None


# --- orientation -----------------------------------------------------------------------------------------


class _Renderer:
    """Renders PDF pages to grey images with pypdfium2 (when installed), opened once per document."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._document: Any = None
        self._failed = False

    def grey(self, index: int) -> Any:
        if self._failed:
            return None
        try:
            if self._document is None:
                import pypdfium2 as pdfium

                self._document = pdfium.PdfDocument(self._data)
            page = self._document[index]
            try:
                width, height = page.get_size()
                scale = ORIENT_LONG_SIDE / max(width, height, 1.0)
                return page.render(scale=scale, grayscale=True).to_pil().convert("L")
            finally:
                page.close()
        except Exception:  # no renderer, or a page it cannot render
            self._failed = self._document is None
            return None

    def close(self) -> None:
        if self._document is not None:
            self._document.close()


_CLASSIFIER_STATE: dict[str, Any] = {}


def _classifier() -> Any:
    """rapidocr's text-line orientation classifier, or None when the OCR stack is unavailable."""
    if "engine" not in _CLASSIFIER_STATE:
        try:
            import cv2  # noqa: F401
            import numpy  # noqa: F401

            from zccheck.content.ocr import get_engine

            engine = get_engine()
            _CLASSIFIER_STATE["engine"] = getattr(engine, "text_cls", None)
        except (ContentError, ImportError):
            _CLASSIFIER_STATE["engine"] = None
    return _CLASSIFIER_STATE["engine"]


def _with_orientation(page: PageScan, grey_of: Any, s: _Settings) -> PageScan:
    """`page` with its upside-down verdict, when the budget and the OCR stack allow."""
    if s.orientation_used >= s.orientation_max_pages or not s.time_left():
        return page
    started = time.perf_counter()
    classifier = _classifier()
    s.deadline += time.perf_counter() - started  # the one-off engine start is not this document's work
    if classifier is None:
        s.classifier = "unavailable"
        return page
    s.classifier = "text-line-classifier"
    grey = grey_of()
    if grey is None:
        return page
    s.orientation_used += 1
    crops = list(_line_crops(_fit(grey, ORIENT_LONG_SIDE)))
    if not crops:
        return PageScan(**{**page.__dict__, "votes": (0, 0)})
    results = classifier(crops).cls_res
    upright = sum(1 for label, score in results if score >= 0.9 and "180" not in label)
    flipped = sum(1 for label, score in results if score >= 0.9 and "180" in label)
    confident = upright + flipped
    verdict: bool | None = None
    if confident >= s.min_votes:
        if flipped >= s.upside_down_share * confident:
            verdict = True
        elif upright >= s.upside_down_share * confident:
            verdict = False
    return PageScan(**{**page.__dict__, "votes": (upright, flipped), "upside_down": verdict})


def _line_crops(grey: Any) -> Iterator[Any]:
    """Crops of horizontal text lines (RGB arrays), found by a horizontal projection of the inked pixels."""
    import cv2
    import numpy as np

    array = np.asarray(grey)
    _, ink = cv2.threshold(array, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    if ink.mean() < 0.002:
        return
    height, width = array.shape
    rows = ink.sum(axis=1) > max(2, 0.004 * width)
    bands: list[tuple[int, int]] = []
    start: int | None = None
    for y, on in enumerate([*rows.tolist(), False]):
        if on and start is None:
            start = y
        elif not on and start is not None:
            bands.append((start, y))
            start = None
    lines = [(y0, y1) for y0, y1 in bands if 8 <= y1 - y0 <= 60]
    if len(lines) > MAX_ORIENTATION_LINES:
        step = len(lines) / MAX_ORIENTATION_LINES
        lines = [lines[int(i * step)] for i in range(MAX_ORIENTATION_LINES)]
    for y0, y1 in lines:
        band = y1 - y0
        columns = np.flatnonzero(ink[y0:y1].sum(axis=0) > 0)
        if columns.size == 0:
            continue
        segments: list[tuple[int, int]] = []
        seg_start = prev = int(columns[0])
        for x in columns[1:].tolist():
            if x - prev > 2 * band:
                segments.append((seg_start, prev + 1))
                seg_start = x
            prev = x
        segments.append((seg_start, prev + 1))
        pad = max(2, band // 4)
        for x0, x1 in segments:
            if x1 - x0 >= 3 * band:
                crop = array[max(0, y0 - pad):min(height, y1 + pad), x0:x1]
                yield np.ascontiguousarray(np.stack([crop] * 3, axis=-1))
