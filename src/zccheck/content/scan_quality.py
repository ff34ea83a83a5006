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
- Upside down, only on pages that can tell:
  - a scanned page, an image, or an image covering at least `SMALL_SCAN_COVERAGE` of a page with no text
    layer (an ID card placed on A4): the image is decoded at about 100 dpi, turned the way the page shows
    it (the image's placement matrix and the page's /Rotate; pages where that fails are rendered with
    pypdfium2), and given to `content.orientation.classify_page`: rapidocr's text-line orientation
    classifier alone, on onnxruntime, when that optional stack is installed. A page is called upside down
    only when enough lines vote with high confidence and nearly all of them say 180°; anything less is
    "undecided", never a finding.
  - a page with a text layer and no scan: the direction its characters are displayed in, which the file
    states exactly, so no classifier is needed. When every placement and text matrix in its content is
    upright and unturned (what word processors write), the page's /Rotate alone says it (0 upright, 180
    upside down, 90/270 sideways); any other page has its characters' displayed angles counted with pypdfium2.
  - a scan with a text layer of at least `SCAN_TEXT_CHARS` characters (an OCR'd scan): that layer first; the
    classifier only when it does not decide.
  Pages with neither (vector drawings) are not examined for orientation.

Work per document is capped (`max_pages`, `orientation_max_pages`, `time_budget_s`); the result says what
was examined and why it stopped.
"""

from __future__ import annotations

import contextlib
import io
import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, BinaryIO

from zccheck.content.errors import ContentError
from zccheck.content.pdf_pages import pypdf_errors
from zccheck.timeouts import CheckTimeout, time_limit

A4_IN = (8.27, 11.69)                 # short, long side in inches
A4_PT = (595.28, 841.89)
ORIENT_LONG_SIDE = 1169               # image files are decoded at least this large for the orientation test
DECODE_LONG_SIDE = 2400               # ... and at most this large (bounded memory for large TIFF pages)
ORIENT_PIXELS = 1_000_000             # scanned pages are decoded (or rendered) to about this many pixels
BLANK_LONG_SIDE = 600                 # thumbnail for the blank test
BLANK_MARGIN = 0.06                   # share of each edge ignored by the blank test (scanner shadows)
INK_CONTRAST = 60                     # grey levels below the paper's that count as ink
SCAN_COVERAGE = 0.5                   # an image covering at least this share of the page makes it a scan
MAX_PIXELS = 100_000_000
OPEN_SHARE = 0.4                      # share of the time budget pypdf may spend opening a PDF
PYPDF_MAX_OBJECTS = 20_000            # more declared objects: pypdf would take seconds, render with pdfium
TRAILER_WINDOW = 64 * 1024            # where the last trailer's /Size is looked for
SMALL_SCAN_COVERAGE = 0.15            # an image this large on a page without text is examined for orientation
MIN_TEXT_CHARS = 20                   # characters a text layer needs before its direction decides the page
SCAN_TEXT_CHARS = 40                  # ... over a scan (an OCR layer; fewer could be a stamped-on page number)
_SQUARE = 1.05                        # pages within this aspect of square are neither portrait nor landscape

_PAINT = re.compile(rb"(?<![A-Za-z0-9*'\"])(Tj|TJ|'|\"|f\*?|F|S|s|B\*?|b\*?|sh|BI|Do)(?![A-Za-z0-9*])")
_TEXT = re.compile(rb"(?<![A-Za-z0-9*'\"])(Tj|TJ|'|\")(?![A-Za-z0-9*])")
_SIZE = re.compile(rb"/Size\s+(\d{1,9})")
_STARTXREF = re.compile(rb"startxref\s+(\d{1,12})")
_NUMBER = rb"([+-]?(?:\d+\.?\d*|\.\d+))"
_MATRIX = re.compile(rb"(?<![\w.+-])" + rb"\s+".join([_NUMBER] * 6) + rb"\s+(?:cm|Tm)(?![A-Za-z0-9*])")
_MATRIX_OPERATOR = re.compile(rb"(?<=\s)(?:cm|Tm)(?![A-Za-z0-9*])")
_NUMBER_TOKEN = re.compile(_NUMBER)
_OPERAND_START = re.compile(rb"[^\w.+-]")  # what may stand right before a matrix's first number
_OPERAND_WINDOW = 256                  # bytes before an operator searched for its six operands


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
    annotations: int = 0                    # visible markup annotations (stamps, ink, free text...) drawn on it
    votes: tuple[int, int] | None = None    # (upright, upside-down) votes: text lines or text-layer characters
    orientation_by: str | None = None       # "text-line-classifier" or "text-layer", when examined

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
            "annotations": self.annotations,
            "votes": list(self.votes) if self.votes else None,
            "orientation_by": self.orientation_by,
        }


@dataclass(frozen=True)
class ScanReport:
    """Scan quality of one document.

    `orientations` covers every page (cheap); `pages` only those examined. `limited` says why examination
    stopped early ("max-pages" or "time-budget"). `orientation` says how upside-down pages were looked for:
    "off", "none" (no page could tell), or the methods used joined by "+": "text-layer",
    "text-line-classifier", and "unavailable" when scanned pages needed the classifier but its optional
    stack (onnxruntime, rapidocr's model, numpy, OpenCV) is missing. `orientation_pages` counts the pages
    examined for orientation by either method.
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
    data: bytes | BinaryIO,
    kind: str,
    *,
    max_pages: int = 30,
    time_budget_s: float = 5.0,
    orientation: bool = True,
    orientation_max_pages: int = 10,
    min_votes: int = 6,
    upside_down_share: float = 0.85,
    blank_ink: float = 0.0005,
    frame: ScanFrame | None = None,
) -> ScanReport:
    """Measure a "pdf" or an image kind. `data` is the file's bytes, or for an image a seekable binary stream
    of it (read part by part: an uncompressed scan is then never held whole). An image's `frame`, when given
    (decoded already by the inventory's probe: `decode_scan_frame`), is measured instead of decoding `data`.

    Raises ContentError with reason "corrupt", "encrypted", "unsupported" or "bomb".
    """
    started = time.perf_counter()
    settings = _Settings(max_pages, started + max(0.0, time_budget_s), orientation, orientation_max_pages,
                         min_votes, upside_down_share, blank_ink)
    if kind == "pdf":
        report = _measure_pdf(data.read() if not isinstance(data, bytes | bytearray) else data, settings)
    else:
        report = _measure_image(data, settings, frame)
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
    orientation_used: int = 0                       # pages given to the classifier
    orientation_pages: int = 0                      # pages examined for orientation by any method
    methods: set[str] = field(default_factory=set)

    def time_left(self) -> bool:
        return time.perf_counter() < self.deadline

    def method(self) -> str:
        """ScanReport.orientation."""
        if not self.orientation:
            return "off"
        return "+".join(sorted(self.methods)) or "none"

    def classifier_wanted(self) -> bool:
        """True while the page cap and the time budget allow one more page for the classifier."""
        return self.orientation and self.orientation_used < self.orientation_max_pages and self.time_left()


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


@dataclass(eq=False)
class ScanFrame:
    """An image file's first frame as the scan measures use it: grey, upright (EXIF), at most
    `DECODE_LONG_SIDE` pixels on its longer side (a JPEG decoded reduced to no less than `ORIENT_LONG_SIDE`),
    with what the file declared: its stored pixel size, its dpi and its EXIF orientation tag."""

    grey: Any
    stored_size: tuple[int, int]
    declared_dpi: Any
    orientation_tag: int

    @property
    def nbytes(self) -> int:
        """Memory the grey pixels take."""
        return int(self.grey.width * self.grey.height)


def decode_scan_frame(image: Any) -> ScanFrame:
    """The ScanFrame of an opened Pillow image (the one decoding shared by the inventory's integrity probe,
    which hands its frame on, and the scan measures). Raises ContentError("bomb"), FrameTooLarge and what
    Pillow raises on a damaged file."""
    from zccheck.content.image_frame import bounded_frame, orientation_tag

    width, height = image.size
    if width * height > MAX_PIXELS:
        raise ContentError("bomb", f"{width}x{height} pixels")
    declared = image.info.get("dpi")
    tag = orientation_tag(image)
    if image.format == "JPEG":
        image.draft("L", (ORIENT_LONG_SIDE, ORIENT_LONG_SIDE))  # (a no-op on a frame decoded already)
    # Decoded within bounds (a large TIFF page is shrunk before any conversion), EXIF applied when readable.
    grey = bounded_frame(image, DECODE_LONG_SIDE).convert("L")
    return ScanFrame(grey, (width, height), declared, tag)


def _measure_image(data: bytes | BinaryIO, s: _Settings, frame: ScanFrame | None = None) -> ScanReport:
    if frame is None:
        frame = _decoded_frame(data)
    width, height = frame.stored_size
    declared, tag, grey = frame.declared_dpi, frame.orientation_tag, frame.grey
    if tag in (5, 6, 7, 8):
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
    if not page.blank:
        page = _classified(page, lambda: grey, s)
    return ScanReport("image", 1, (page.orientation,), (page,), None, s.method(), s.orientation_pages, 0.0)


def _decoded_frame(data: bytes | BinaryIO) -> ScanFrame:
    """The ScanFrame of an image file's bytes or stream; ContentError when it cannot be decoded."""
    from PIL import Image, UnidentifiedImageError

    from zccheck.content.image_frame import FrameTooLarge

    try:
        image = Image.open(io.BytesIO(data) if isinstance(data, bytes | bytearray) else data)
        try:
            return decode_scan_frame(image)
        finally:
            image.close()  # frees the decoded frame now (leaving it to the garbage collector may take a while)
    except ContentError:
        raise
    except FrameTooLarge as exc:
        raise ContentError("too-large", str(exc)) from exc
    except UnidentifiedImageError as exc:
        raise ContentError("unsupported", str(exc)) from exc
    except (OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombError) as exc:
        raise ContentError("corrupt", f"{type(exc).__name__}: {exc}") from exc


def _fit(image: Any, long_side: int) -> Any:
    """`image` box-reduced by the smallest whole factor that brings its longer side to `long_side` or less.

    A box average is all the blank test needs (each thumbnail pixel is the mean of the page pixels it
    covers) and costs a quarter of a filtered resize to the exact size (0.8 ms against 3.3 ms for an A4 page
    at 150 dpi), which over a batch's thousands of scanned pages is seconds. The ink shares of pen strokes
    stay within a few per cent of the filtered thumbnail's, and a dark hairline, which that one lost, is kept."""
    factor = math.ceil(max(image.size) / long_side)
    return image.reduce(factor) if factor >= 2 else image


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

    # pypdf's structural reading is cheap on ordinary files; on a damaged file, or one whose object streams
    # make pypdf slow (a real 1.5 MB PDF with 65,000 objects took 13 s to open), the page is measured on a
    # pdfium rendering instead, within what is left of the time budget.
    objects = _declared_objects(data)
    if objects > PYPDF_MAX_OBJECTS:
        return _measure_rendered(data, s, f"{objects} objects: too many for pypdf within the time budget")
    open_budget = max(0.5, OPEN_SHARE * (s.deadline - time.perf_counter()))
    try:
        with time_limit(open_budget):
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                try:
                    if not reader.decrypt(""):
                        raise ContentError("encrypted", "needs a password")
                except (NotImplementedError, PdfReadError) as exc:
                    raise ContentError("encrypted", str(exc)) from exc
            pages = reader.pages
            count = len(pages)
    except ContentError as exc:
        if exc.reason == "encrypted":
            return _measure_rendered(data, s, f"pypdf: {exc.detail}")
        raise
    except CheckTimeout:
        return _measure_rendered(data, s, f"pypdf open over {open_budget:.1f} s")
    except pypdf_errors() as exc:  # damaged for pypdf: a viewer may still show it
        return _measure_rendered(data, s, f"pypdf: {type(exc).__name__}")
    if count == 0:
        raise ContentError("corrupt", "no pages")

    sizes: list[tuple[float, float, int]] = []
    for index in range(min(count, 2000)):
        try:
            sizes.append(_display_size(pages[index]))
        except pypdf_errors():  # one malformed page must not hide the others
            sizes.append((0.0, 0.0, 0))
    orientations = tuple(_orientation_of(w, h) if w and h else "square" for w, h, _ in sizes)

    examined: list[PageScan] = []
    limited: str | None = None
    notes: list[str] = []
    pdfium = _Pdfium(data)
    try:
        for index in range(count):
            if index >= s.max_pages:
                limited = "max-pages"
                break
            if not s.time_left():
                limited = "time-budget"
                break
            width, height, rotation = sizes[index] if index < len(sizes) else (0.0, 0.0, 0)
            try:
                page, main, plain = _examine_page(pages[index], index + 1, width, height, s)
            except pypdf_errors() as exc:  # a malformed page: note it and go on with the next page
                notes.append(f"page {index + 1}: {type(exc).__name__}")
                continue
            if page.blank is not False:
                page = _with_annotations(page, pages[index], index, pdfium)
            if page.blank is not False:
                page = _confirmed_blank(page, index, pdfium, s)
            if s.orientation and page.blank is not True:
                page = _pdf_page_orientation(page, main, plain, index, rotation, pdfium, s)
            examined.append(page)
    finally:
        pdfium.close()
    return ScanReport("pdf", count, orientations, tuple(examined), limited, s.method(), s.orientation_pages,
                      0.0, tuple(notes))


# Annotations that are navigation or hidden furniture, not something drawn on the page.
_NOT_DRAWN = frozenset({"/Link", "/Popup", "/Widget", "/Screen", "/Movie", "/Sound", "/PrinterMark", "/TrapNet",
                        "/RichMedia", "/3D", "/Projection"})
_HIDDEN_FLAGS = 0x02 | 0x20  # Hidden, NoView


def _markup_annotations(page: Any) -> int:
    """How many annotations draw something on the page: stamps (electronic seals, 电子印章, are often stamp
    annotations), ink, free text, shapes, highlights, text notes... Links, popups, form widgets and hidden
    ones are not counted."""
    try:
        annots = page.get("/Annots")
        annots = annots.get_object() if annots is not None else []
        count = 0
        for ref in list(annots)[:500]:
            annot = ref.get_object()
            if not hasattr(annot, "get") or annot.get("/Subtype") in _NOT_DRAWN:
                continue
            if int(annot.get("/F", 0) or 0) & _HIDDEN_FLAGS:
                continue
            rect = [float(v) for v in annot.get("/Rect", [0, 0, 0, 0])]
            if len(rect) == 4 and abs(rect[2] - rect[0]) * abs(rect[3] - rect[1]) > 0:
                count += 1
        return count
    except pypdf_errors():  # a malformed /Annots array: nothing known to be drawn
        return 0


def _with_annotations(page: PageScan, pdf_page: Any, index: int, pdfium: _Pdfium) -> PageScan:
    """A page whose own content is blank (or undecided) but that carries markup annotations is not blank:
    their ink is measured on a rendering WITH annotations (pdfium) when it can be, for the details."""
    marks = _markup_annotations(pdf_page)
    if not marks:
        return page
    grey = pdfium.render(index)
    ink = _ink(grey) if grey is not None else page.ink
    return replace(page, blank=False, annotations=marks, ink=ink)


def _confirmed_blank(page: PageScan, index: int, pdfium: _Pdfium, s: _Settings) -> PageScan:
    """A page pypdf's reading found blank, checked on the viewer's rendering: pypdf can miss what a viewer
    draws (objects a broken cross-reference table hides, filters it cannot undo), and a page the reviewer sees
    ink on must never be called blank. Blank pages are rare, so this rendering costs little. A page left
    undecided (its one image could not be decoded here, e.g. JBIG2 without the jbig2dec program) is decided
    on the same rendering; without one it stays undecided (not called blank)."""
    grey = pdfium.render(index)
    if grey is None:
        return page
    ink = _ink(grey)
    return replace(page, blank=ink < s.blank_ink, ink=ink) if page.blank is None or ink >= s.blank_ink else page


def _declared_objects(data: bytes) -> int:
    """The object count the file's last trailer (or cross-reference stream) declares (/Size), 0 if none:
    looked for in the trailer at the end, else at the cross-reference stream `startxref` points to."""
    tail = data[-TRAILER_WINDOW:]
    sizes = _SIZE.findall(tail)
    if sizes:
        return int(sizes[-1])
    start = _STARTXREF.findall(tail)
    if start and int(start[-1]) < len(data):
        sizes = _SIZE.findall(data[int(start[-1]):int(start[-1]) + 4096])
    return int(sizes[0]) if sizes else 0


def _measure_rendered(data: bytes, s: _Settings, why: str) -> ScanReport:
    """The PDF measured on pdfium renderings (annotations drawn): page sizes, blank pages (ink of the
    rendering, or a text layer), orientation of text pages by their characters. Used when pypdf cannot read
    the structure (damage a viewer repairs) or is too slow; ContentError when pdfium cannot open it either."""
    try:
        import pypdfium2 as pdfium
    except ImportError as exc:
        raise ContentError("corrupt", why) from exc
    try:
        document = _viewer_document(data)
    except pdfium.PdfiumError as exc:
        raise ContentError("corrupt", f"{why}; pdfium: {exc}") from exc
    notes = [f"measured on renderings ({why})"]
    examined: list[PageScan] = []
    orientations: list[str] = []
    limited: str | None = None
    try:
        count = len(document)
        for index in range(count):
            try:
                page = document[index]
            except pdfium.PdfiumError:
                notes.append(f"page {index + 1}: cannot be loaded")
                orientations.append("square")
                continue
            try:
                width, height = page.get_size()
                if page.get_rotation() in (90, 270):
                    width, height = height, width
                orientation = _orientation_of(width, height)
                orientations.append(orientation)
                if limited is not None:
                    continue
                if index >= s.max_pages or not s.time_left():
                    limited = "max-pages" if index >= s.max_pages else "time-budget"
                    continue
                textpage = page.get_textpage()
                chars = textpage.count_chars()
                textpage.close()
                scale = min(4.0, BLANK_LONG_SIDE / max(width, height, 1.0))
                bitmap = page.render(scale=scale, grayscale=True)
                ink = _ink(bitmap.to_pil().convert("L"))
                bitmap.close()
                examined.append(PageScan(index + 1, width, height, orientation, has_text=chars > 0,
                                         blank=chars == 0 and ink < s.blank_ink, ink=ink))
            finally:
                page.close()
    finally:
        document.close()
    return ScanReport("pdf", count, tuple(orientations), tuple(examined), limited, s.method(), s.orientation_pages,
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
    ctm: tuple[float, ...] = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)  # maps the image's unit square onto the page


def _examine_page(page: Any, number: int, width: float, height: float,
                  s: _Settings) -> tuple[PageScan, _Drawn | None, bool]:
    """What the page's structure tells (and the blank test of its one image), with its largest image and
    whether every placement and text matrix in its content is upright and unturned."""
    orientation = _orientation_of(width, height) if width and height else "square"
    resources = page.get("/Resources")
    resources = resources.get_object() if resources is not None else {}
    contents = page.get_contents()
    raw = contents.get_data() if contents is not None else b""
    has_xobjects = bool(_xobjects(resources))
    if not has_xobjects:
        paints = bool(_PAINT.search(raw))
        plain = _matrices_upright(raw)
        return PageScan(number, width, height, orientation, has_text=bool(_TEXT.search(raw)),
                        blank=not paints), None, plain
    drawn: list[_Drawn] = []
    counts = {"text": 0, "paint": 0, "turned": 0}
    _walk(contents, resources, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), drawn, counts, depth=0)
    has_text = counts["text"] > 0
    plain = counts["turned"] == 0
    if not drawn:
        return PageScan(number, width, height, orientation, has_text=has_text,
                        blank=counts["paint"] == 0 and not has_text), None, plain
    page_area = max(width * height, 1.0)
    main = max(drawn, key=lambda d: d.shown[0] * d.shown[1])
    coverage = min(1.0, main.shown[0] * main.shown[1] / page_area)
    if coverage < SCAN_COVERAGE:
        return PageScan(number, width, height, orientation, has_text=has_text, blank=False, coverage=coverage,
                        image_px=main.px), main, plain
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
                    dpi=dpi, has_text=has_text, blank=blank, ink=ink), main, plain


def _xobjects(resources: Any) -> dict[str, Any]:
    try:
        table = resources.get("/XObject") if resources else None
        return dict(table.get_object()) if table is not None else {}
    except pypdf_errors():
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
            counts["turned"] += not _upright(operands)
            ctm = _multiply(tuple(float(v) for v in operands), ctm)
        elif operator == b"Tm":
            counts["turned"] += not _upright(operands)
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
                drawn.append(_Drawn((int(obj.get("/Width", 0)), int(obj.get("/Height", 0))), shown, obj, ctm))
            elif subtype == "/Form" and depth < 3:
                matrix = obj.get("/Matrix")
                inner = ctm
                if matrix and len(matrix) == 6:
                    counts["turned"] += not _upright(matrix)
                    inner = _multiply(tuple(float(v) for v in matrix), ctm)
                form_resources = obj.get("/Resources")
                _walk(obj, form_resources.get_object() if form_resources is not None else resources,
                      inner, drawn, counts, depth + 1)


def _matrices_upright(raw: bytes) -> bool:
    """True when every `a b c d e f cm` and `... Tm` in the content stream `raw` is upright (`_upright`).

    The same matrices as `_MATRIX.finditer(raw)` finds, read from the operator backwards: a regular
    expression that ends in the operator tries a match at every byte of the stream (0.7 ms for a page of
    text against 0.3 ms here, for each of a batch's thousands of pages)."""
    for found in _MATRIX_OPERATOR.finditer(raw):
        start = max(0, found.start() - _OPERAND_WINDOW)
        pieces = raw[start:found.start()].rsplit(None, 6)
        if len(pieces) < 7 and start > 0:  # six operands longer than the window: read them the slow way
            window = _MATRIX.search(raw, max(0, start - 4 * _OPERAND_WINDOW), found.end())
            operands = window.groups() if window is not None and window.end() == found.end() else None
        else:
            operands = _matrix_operands(pieces[-6:])
        if operands is not None and not _upright(operands):
            return False
    return True


def _matrix_operands(tokens: list[bytes]) -> tuple[bytes, ...] | None:
    """The six numbers of a matrix from the six tokens before its operator, or None when they are not six
    numbers (the operator was then part of something else, a string or a name)."""
    if len(tokens) != 6:
        return None
    first = tokens[0]
    cut = max((m.end() for m in _OPERAND_START.finditer(first)), default=0)  # "(x)1" → "1", as _MATRIX reads it
    tokens = [first[cut:], *tokens[1:]]
    if not all(_NUMBER_TOKEN.fullmatch(token) for token in tokens):
        return None
    return tuple(tokens)


def _upright(matrix: Any) -> bool:
    """True for a matrix [a b c d e f] that scales and moves but neither turns, mirrors nor skews; False
    for anything else, including operands that are not six numbers."""
    try:
        a, b, c, d, _, _ = (float(v) for v in matrix)
    except (TypeError, ValueError):
        return False
    return a > 0 and d > 0 and b == 0 and c == 0


def _multiply(m: tuple[float, ...], n: tuple[float, ...]) -> tuple[float, ...]:
    """m × n for PDF matrices [a b c d e f]."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def _norm(x: float, y: float) -> float:
    return float((x * x + y * y) ** 0.5)


def _decode_image(xobject: Any, size: tuple[int, int] = (BLANK_LONG_SIDE, BLANK_LONG_SIDE)) -> Any:
    """A grey copy of an image XObject (a JPEG is decoded at the largest reduction still at least `size`;
    a large Flate image is decoded band by band to the same reduction, never whole), or None when
    undecodable."""
    from PIL import Image
    from pypdf.errors import DependencyError

    from zccheck.content import flate_image
    from zccheck.content.page_image import LARGE_IMAGE_BYTES

    try:
        filters = xobject.get("/Filter")
        names = [filters] if isinstance(filters, str) else list(filters or [])
        if names and names[-1] == "/DCTDecode":  # pypdf undoes the filters before; the JPEG stays as it is
            image = Image.open(io.BytesIO(xobject.get_data()))
            image.draft("L", size)
            return image.convert("L")
        pixels = int(xobject.get("/Width", 0) or 0) * int(xobject.get("/Height", 0) or 0)
        flate = flate_image.from_xobject(xobject) if pixels * 3 > LARGE_IMAGE_BYTES else None
        if flate is not None:
            try:
                return flate_image.reduced_grey(flate, flate_image.factor_covering(
                    (flate.width, flate.height), size, powers_of_two=True))
            except flate_image.FlateError:
                return None  # a damaged stream: blankness goes to the viewer's rendering, as below
        return xobject.decode_as_image().convert("L")
    except (*pypdf_errors(), DependencyError, SyntaxError, Image.DecompressionBombError):
        # undecodable here (damaged, or a decoder pypdf lacks: JBIG2 needs the jbig2dec program) leaves
        # blankness to the viewer's rendering and orientation undecided
        return None


# --- orientation -----------------------------------------------------------------------------------------


def _pdf_page_orientation(page: PageScan, main: _Drawn | None, plain: bool, index: int, rotation: int,
                          pdfium: _Pdfium, s: _Settings) -> PageScan:
    """`page` with its upside-down verdict, from the cheapest evidence that decides.

    1. A text page whose every placement and text matrix is upright and unturned (`plain`: what word
       processors write) shows its text in the direction of the page's /Rotate: 0 upright, 180 upside down,
       90/270 sideways (no verdict here; the page geometry reports landscape pages). Nothing is rendered.
    2. Any other text page: the displayed angle of its characters (pypdfium2's text layer).
    3. A scanned page with a text layer (an OCR'd scan): that text layer first, when it has at least
       `SCAN_TEXT_CHARS` characters and decides.
    4. Only then a scan (or an image on a page without text) goes to the text-line classifier.
    """
    scan = page.scanned or (main is not None and not page.has_text and page.coverage >= SMALL_SCAN_COVERAGE)
    if scan:
        if page.has_text and s.time_left():
            votes = pdfium.text_votes(index)
            if _text_verdict(votes, s, SCAN_TEXT_CHARS) is not None:
                return _text_layer_orientation(page, votes, s)

        def grey() -> Any:
            shown = _displayed_image(main, rotation)
            return shown if shown is not None else pdfium.render(index)

        return _classified(page, grey, s)
    if not page.has_text or not s.time_left():
        return page
    if plain:
        s.methods.add("text-layer")
        s.orientation_pages += 1
        return replace(page, upside_down={0: False, 180: True}.get(rotation), orientation_by="text-layer")
    return _text_layer_orientation(page, pdfium.text_votes(index), s)


def _classified(page: PageScan, grey_of: Callable[[], Any], s: _Settings) -> PageScan:
    """`page` with the text-line classifier's verdict on the grey page image `grey_of()` returns, when the
    page cap, the time budget and the optional stack allow."""
    from zccheck.content import orientation

    if not s.classifier_wanted() or not _classifier_ready(s):
        return page
    grey = grey_of()
    if grey is None:
        return page
    s.orientation_used += 1
    s.orientation_pages += 1
    try:
        vote = orientation.classify_page(grey, min_votes=s.min_votes, upside_down_share=s.upside_down_share,
                                         deadline=s.deadline)
    except ContentError:  # the model failed on first use: nothing was decided
        s.methods.discard("text-line-classifier")
        s.methods.add("unavailable")
        return page
    return replace(page, votes=(vote.upright, vote.flipped), upside_down=vote.upside_down,
                   orientation_by="text-line-classifier")


def _classifier_ready(s: _Settings) -> bool:
    """Load the classifier (once per process); False, noted as "unavailable", when it cannot be."""
    from zccheck.content import orientation

    started = time.perf_counter()
    try:
        orientation.session()
    except ContentError:  # DependencyMissing included: the optional stack is not installed
        s.methods.add("unavailable")
        return False
    finally:
        s.deadline += time.perf_counter() - started  # the one-off model load is not this document's work
    s.methods.add("text-line-classifier")
    return True


def _text_verdict(votes: tuple[int, int] | None, s: _Settings, min_chars: int = 0) -> bool | None:
    """Upside down (True), upright (False) or undecided (None) from text-layer character votes."""
    if votes is None:
        return None
    upright, flipped = votes
    total = upright + flipped
    if total < max(MIN_TEXT_CHARS, min_chars):
        return None
    if flipped >= s.upside_down_share * total:
        return True
    if upright >= s.upside_down_share * total:
        return False
    return None


def _text_layer_orientation(page: PageScan, votes: tuple[int, int] | None, s: _Settings) -> PageScan:
    """`page` judged by the displayed direction of its text layer's characters (upright, upside down)."""
    if votes is None:
        return page
    s.methods.add("text-layer")
    s.orientation_pages += 1
    return replace(page, votes=votes, upside_down=_text_verdict(votes, s), orientation_by="text-layer")


_AXES = {("R", "D"): (), ("L", "U"): ("ROTATE_180",), ("L", "D"): ("FLIP_LEFT_RIGHT",),
         ("R", "U"): ("FLIP_TOP_BOTTOM",), ("D", "L"): ("ROTATE_270",), ("U", "R"): ("ROTATE_90",),
         ("D", "R"): ("TRANSPOSE",), ("U", "L"): ("TRANSVERSE",)}


def _turns(ctm: tuple[float, ...], rotation: int) -> tuple[str, ...] | None:
    """The Pillow transposes that show an image's pixels as the page displays them, or None when the image
    is not placed square to the page.

    The image's columns run along (a, b) of its placement matrix and its rows, top to bottom, along
    (−c, −d) (PDF space, y up); on screen (y down) that is (a, −b) and (−c, d), then turned clockwise by
    the page's /Rotate.
    """
    a, b, c, d = ctm[:4]
    columns, rows = (a, -b), (-c, d)
    for _ in range((rotation // 90) % 4):
        columns, rows = (-columns[1], columns[0]), (-rows[1], rows[0])
    return _AXES.get((_axis(columns), _axis(rows)))


def _axis(vector: tuple[float, float]) -> str | None:
    """"R", "L", "D" or "U" for a screen vector within about 1° of an axis, else None."""
    x, y = vector
    if x and abs(y) <= 0.02 * abs(x):
        return "R" if x > 0 else "L"
    if y and abs(x) <= 0.02 * abs(y):
        return "D" if y > 0 else "U"
    return None


def _displayed_image(main: _Drawn | None, rotation: int) -> Any:
    """The page's main image, grey, decoded to about `ORIENT_PIXELS` and turned as the page shows it; None
    when it is placed askew, is a mask or has a /Decode array (then the page is rendered instead)."""
    from PIL import Image

    if main is None:
        return None
    turns = _turns(main.ctm, rotation)
    width, height = main.px
    if turns is None or width <= 0 or height <= 0 or width * height > MAX_PIXELS:
        return None
    if main.xobject.get("/ImageMask") or main.xobject.get("/Decode") is not None:
        return None
    scale = min(1.0, (ORIENT_PIXELS / (width * height)) ** 0.5)
    grey = _decode_image(main.xobject, (max(1, int(width * scale)), max(1, int(height * scale))))
    if grey is None:
        return None
    for turn in turns:
        grey = grey.transpose(getattr(Image.Transpose, turn))
    return grey


def _viewer_document(data: bytes) -> Any:
    """`data` opened with pdfium as a viewer shows it: with its form fields drawn. Without `init_forms`
    pdfium renders every annotation except widgets, so a page whose ink is a filled form field (a form filled
    in a reader and saved without flattening) would look blank. Raises pdfium's PdfiumError."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    # Before any page is loaded; without a form environment the other annotations are still drawn.
    with contextlib.suppress(pdfium.PdfiumError):
        document.init_forms()
    return document


class _Pdfium:
    """pypdfium2's view of the document (opened on first use): page rendering and text-layer direction.
    Both give None when pypdfium2 is missing or cannot read the page."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._document: Any = None
        self._failed = False
        self._source: Any = None  # page_image.PdfSource, made on first rendering

    def _page(self, index: int) -> Any:
        if self._failed:
            return None
        try:
            if self._document is None:  # ImportError without pypdfium2
                self._document = _viewer_document(self._data)
            return self._document[index]
        except Exception:  # not installed, or a file or page it cannot read
            self._failed = self._document is None
            return None

    def render(self, index: int) -> Any:
        """Page `index` rendered grey at about `ORIENT_PIXELS`."""
        page = self._page(index)
        if page is None:
            return None
        try:
            from zccheck.content.page_image import PdfSource, scanned_page_image

            width, height = page.get_size()
            scale = min(4.0, (ORIENT_PIXELS / max(width * height, 1.0)) ** 0.5)
            if self._source is None:
                self._source = PdfSource(self._data)
            grey = scanned_page_image(page, scale, self._source, index)  # one large full-page image: reduced
            return grey if grey is not None else page.render(scale=scale, grayscale=True).to_pil().convert("L")
        except Exception:  # a page pdfium cannot render
            return None
        finally:
            page.close()

    def text_votes(self, index: int) -> tuple[int, int] | None:
        """(upright, upside-down) characters of page `index` as displayed."""
        from zccheck.content.orientation import text_layer_votes

        page = self._page(index)
        if page is None:
            return None
        try:
            return text_layer_votes(page)
        except Exception:  # a page whose text pdfium cannot read
            return None
        finally:
            page.close()

    def close(self) -> None:
        if self._document is not None:
            self._document.close()
