"""Offline OCR of scanned PDFs and images, counting Word's 字数 as it reads and stopping once it is enough.

Engine: rapidocr 3.x with the models bundled in its wheel (no download, no network), on onnxruntime;
PDF pages are rendered with pypdfium2, images decoded with Pillow (EXIF orientation applied, every frame of
a multi-page TIFF is a page). All of these belong to the optional `vision` extra and are imported here,
lazily; a missing one raises `DependencyMissing(package)`.

How a page is read: text lines are detected on the whole page (one detector pass), then recognised line by
line, top to bottom. After each line the running 字数 is compared with `stop_at`, so reading stops within
one line of the point where the threshold is safely passed instead of finishing the page: that is where
the time goes (recognition costs ≈3 ms per character on 2 cores, detection ≈0.7 s per A4 page).

Resolution: 150 dpi by default. rapidocr scales a page so that its longer side is at most 2000 px before
detection (A4 at 2000 px ≈ 171 dpi) and scales every text line to 48 px height for recognition, so higher
resolutions buy no accuracy and cost memory; on degraded 200-dpi scans of 9–12 pt 宋体 text, 120, 150 and
200 dpi all read 100% of the characters, and 150 keeps margin for 小五 (9 pt) text, whose lines are then
≈19 px high. Pages are capped at `MAX_SIDE_PX` on their longer side (large drawings, phone photos).
"""

from __future__ import annotations

import io
import itertools
import threading
import time
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from zccheck.content.errors import ContentError, DependencyMissing
from zccheck.content.wordcount import count_words

DEFAULT_DPI = 150
MAX_SIDE_PX = 2400
DET_MAX_SIDE = 1100  # text-line detection runs on a copy this long at most (bounded memory, see _detect)
DET_MAX_PIXELS = DET_MAX_SIDE * 778  # ... and of at most an A4 page's area at that length (a square page: 925²)
DET_LIMIT_SIDE = 736  # rapidocr's Det.limit_side_len: the detector scales a shorter short side up to this
DET_UPSCALED_MAX_SIDE = DET_MAX_SIDE  # ... and a strip is padded so that its long side stays within this then
MIN_LINE_SCORE = 0.5  # rapidocr's own default text_score: lines recognised with less confidence are dropped
MAX_PAGES = 200
# An image file larger than this is not kept in memory while its pages are read: each frame is read afresh
# (given a reader), decoded within bounds and the file's bytes dropped before the page is recognised.
KEEP_IMAGE_BYTES = 32 * 1024 * 1024
ORIENTATION_SAMPLE = 7  # lines per page whose 0°/180° classification decides the page's orientation
IMAGE_KINDS = frozenset({"jpeg", "png", "gif", "bmp", "tiff", "webp"})

_STACK = (("numpy", "numpy"), ("cv2", "opencv-python-headless"), ("onnxruntime", "onnxruntime"),
          ("rapidocr", "rapidocr"), ("pypdfium2", "pypdfium2"), ("PIL", "pillow"))
Pages = Generator[Any, None, None]  # RGB page images (numpy arrays) or PageFailure, closed when done
_ENGINE: Any = None
_ENGINE_LOCK = threading.Lock()


@dataclass(frozen=True)
class PageFailure:
    """A page that could not be rendered or decoded (1-based `number`); the others are still read."""

    number: int
    reason: str


@dataclass(frozen=True)
class OcrResult:
    """What OCR read: the text, its 字数, and how far it went.

    `pages_done` counts pages fully or partly read, `pages_complete` those read to their end;
    `stopped_early` is True when reading stopped because the count reached `stop_at`; `timed_out` when the
    time budget ran out before that (the count is then a lower bound). `seconds` covers rendering and
    recognition, not the one-off engine start (`init_seconds`).
    """

    text: str
    count: int
    pages_done: int
    pages_total: int
    seconds: float
    stopped_early: bool
    timed_out: bool
    dpi: int
    init_seconds: float = 0.0
    pages_complete: int = 0
    unreadable_pages: tuple[int, ...] = ()

    # `unreadable_pages`: 1-based pages that could not be rendered or decoded (a damaged page); they are
    # skipped and the other pages are still read.

    @property
    def complete(self) -> bool:
        """True when every requested page was read to its end."""
        return not self.stopped_early and not self.timed_out


def ocr_available() -> bool:
    """True when the OCR stack can be imported (does not load the models)."""
    try:
        _import_stack()
    except DependencyMissing:
        return False
    return True


def _import_stack() -> None:
    for module, package in _STACK:
        try:
            __import__(module)
        except ImportError as exc:
            raise DependencyMissing(package) from exc


def get_engine() -> Any:
    """The process-wide rapidocr engine, created on first use with its bundled models, then reused.

    Raises DependencyMissing when the stack is not installed and ContentError("ocr-unavailable") when the
    engine did not initialise (a model missing or unloadable): checked by loading detector, classifier and
    recogniser right away instead of on the first page.
    """
    global _ENGINE
    if _ENGINE is not None:
        return _ENGINE
    with _ENGINE_LOCK:
        if _ENGINE is None:
            _import_stack()
            _ENGINE = _create_engine()
    return _ENGINE


def _create_engine() -> Any:
    import numpy as np
    from rapidocr import RapidOCR

    from zccheck.content.threads import ocr_threads

    try:
        with _no_memory_patterns():
            engine = RapidOCR(params={"Global.log_level": "error",
                                      "EngineConfig.onnxruntime.intra_op_num_threads": ocr_threads()})
            # The models load lazily on first use; make them load now so a broken install fails here, clearly.
            engine(np.full((48, 160, 3), 255, dtype=np.uint8), use_det=False, use_cls=True, use_rec=True)
            engine(np.full((64, 64, 3), 255, dtype=np.uint8), use_det=True, use_cls=False, use_rec=False)
    except Exception as exc:
        raise ContentError("ocr-unavailable", f"rapidocr did not start: {type(exc).__name__}: {exc}") from exc
    missing = [name for name in ("text_det", "text_cls", "text_rec") if getattr(engine, name, None) is None]
    if missing:
        raise ContentError("ocr-unavailable", f"rapidocr models not initialised: {', '.join(missing)}")
    return engine


@contextmanager
def _no_memory_patterns() -> Iterator[None]:
    """Create rapidocr's onnxruntime sessions with memory patterns off.

    onnxruntime keeps a memory plan per input shape it has seen; text lines come in many widths, so over a
    20-page scan the plans added ≈ 85 MB (peak RSS 528 → 444 MB measured with benchmarks/bench_realworld.py).
    rapidocr does not expose the option, so its session-options factory is wrapped while the engine is built.
    """
    try:
        from rapidocr.inference_engine.onnxruntime import main as ort_main
    except ImportError:  # another rapidocr layout: keep its defaults
        yield
        return
    factory = ort_main.OrtInferSession.__dict__.get("_init_sess_opts")
    if not isinstance(factory, staticmethod):
        yield
        return

    def options(cfg: Any) -> Any:
        made = factory.__func__(cfg)
        made.enable_mem_pattern = False
        return made

    ort_main.OrtInferSession._init_sess_opts = staticmethod(options)
    try:
        yield
    finally:
        ort_main.OrtInferSession._init_sess_opts = factory


def ocr_count(
    data: bytes | Callable[[], Any],
    kind: str,
    *,
    stop_at: int | None = None,
    dpi: int = DEFAULT_DPI,
    time_budget_s: float = 40.0,
    pages: Sequence[int] | None = None,
) -> OcrResult:
    """OCR `data` (a "pdf" or an image kind) and count its 字数, stopping once the count reaches `stop_at`.

    `data` is the file's bytes, or a function giving its bytes (`Document.read_bytes`) or a binary stream
    of it (`Document.open_stream`): then a large image file is not held while its pages are recognised.
    `pages` limits a PDF to these 0-based pages (e.g. the image-only pages of a mixed PDF). The time budget
    covers this call after the engine has started; when it runs out the result says `timed_out`.
    Raises DependencyMissing, ContentError("corrupt"/"encrypted"/"unsupported"/"too-large"/"ocr-unavailable").
    """
    _import_stack()
    clock = time.perf_counter()
    page_images, total = _pages(data, kind, dpi, pages)
    lines: list[str] = []
    unreadable: list[int] = []
    count = 0
    done = complete = 0
    stopped = timed_out = False
    try:
        # The first page is decoded before the engine takes its memory: a large image file's bytes are
        # dropped by then, so the two never add up.
        first = next(page_images, None)
        started = time.perf_counter()
        engine = get_engine()
        init_seconds = time.perf_counter() - started
        deadline = clock + init_seconds + max(time_budget_s, 0.0)
        frames = itertools.chain(() if first is None else (first,), page_images)
        first = None  # the chain alone holds it: freed once read
        for image in frames:
            if isinstance(image, PageFailure):
                unreadable.append(image.number)
                continue
            if time.perf_counter() >= deadline:
                timed_out = True
                break
            done += 1
            page_state: dict[str, bool] = {}
            for line in _read_lines(engine, image, deadline, page_state):
                lines.append(line)
                count += count_words(line)
                if stop_at is not None and count >= stop_at:
                    stopped = True
                    break
            timed_out = page_state.get("timed_out", False)
            if stopped or timed_out:
                break
            complete += 1
    finally:
        page_images.close()
    return OcrResult(
        text="\n".join(lines),
        count=count,
        pages_done=done,
        pages_total=total,
        seconds=round(time.perf_counter() - clock, 3),
        stopped_early=stopped,
        timed_out=timed_out and not stopped,
        dpi=dpi,
        init_seconds=round(init_seconds, 3),
        pages_complete=complete,
        unreadable_pages=tuple(unreadable),
    )


# --- pages ------------------------------------------------------------------------------------------------


def _pages(data: bytes | Callable[[], Any], kind: str, dpi: int,
           pages: Sequence[int] | None) -> tuple[Pages, int]:
    if kind == "pdf":
        got = data() if callable(data) else data
        if hasattr(got, "read"):
            with got:
                got = got.read()
        return _pdf_pages(got, dpi, pages)
    if kind in IMAGE_KINDS:
        return _image_pages(data, pages)
    if kind in ("heic", "avif"):
        raise ContentError("unsupported", f"{kind.upper()} images cannot be decoded; convert to JPEG")
    raise ContentError("unsupported", f"cannot OCR {kind!r}")


def _pdf_pages(data: bytes, dpi: int, pages: Sequence[int] | None) -> tuple[Pages, int]:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc)
        reason = "encrypted" if "password" in message.lower() else "corrupt"
        raise ContentError(reason, message) from exc
    total = len(document)
    if total == 0:
        document.close()
        raise ContentError("corrupt", "the PDF has no pages")
    wanted = [p for p in (range(total) if pages is None else pages) if 0 <= p < total][:MAX_PAGES]

    def generate() -> Pages:
        import numpy as np

        from zccheck.content.page_image import PdfSource, scanned_page_image

        source = PdfSource(data)
        try:
            for index in wanted:
                try:
                    page = document[index]
                except pdfium.PdfiumError as exc:  # a page the viewer cannot load: skip it, read the others
                    yield PageFailure(index + 1, str(exc))
                    continue
                try:
                    width, height = page.get_size()  # points
                    scale = min(dpi / 72.0, MAX_SIDE_PX / max(width, height, 1.0))
                    grey = scanned_page_image(page, scale, source, index)  # one large full-page image: reduced
                    if grey is None:
                        bitmap = page.render(scale=scale, grayscale=True)
                        image = bitmap.to_pil().convert("RGB")  # a copy: to_pil() shares the bitmap's memory
                        bitmap.close()
                    else:
                        image = grey.convert("RGB")
                        del grey
                except pdfium.PdfiumError as exc:
                    yield PageFailure(index + 1, str(exc))
                    continue
                finally:
                    page.close()
                array = np.asarray(image)
                del image
                yield array
        finally:
            source.close()
            document.close()

    return generate(), len(wanted)


def _image_pages(source: bytes | Callable[[], Any], pages: Sequence[int] | None) -> tuple[Pages, int]:
    """The frames of an image file, each decoded within bounds when it is reached. `source` is the bytes,
    or a function giving the bytes or a binary stream (Document.open_stream): a stream is opened afresh
    for each frame, so that an uncompressed scan is read band by band and never held whole."""
    from PIL import Image, UnidentifiedImageError

    from zccheck.content.image_frame import page_count

    read = source if callable(source) else None
    got = source() if callable(source) else source
    streamed = hasattr(got, "read")
    data: bytes | None = None if streamed else got
    try:
        with Image.open(got if streamed else io.BytesIO(got)) as image:
            frames = page_count(image)  # an animation's frames are not pages
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise ContentError("corrupt", f"{type(exc).__name__}: {exc}") from exc
    finally:
        if streamed:
            got.close()
    del got
    wanted = [p for p in (range(frames) if pages is None else pages) if 0 <= p < frames][:MAX_PAGES]
    if read is not None and data is not None and len(data) > KEEP_IMAGE_BYTES:
        data = None  # read afresh for each frame (see KEEP_IMAGE_BYTES)

    def generate() -> Pages:
        import numpy as np

        from zccheck.content.image_frame import bounded_frame
        from zccheck.inventory.document import ReadError

        for index in wanted:
            try:
                blob = data if data is not None else read()
            except ReadError as exc:  # the file vanished or changed between two frames
                yield PageFailure(index + 1, f"ReadError: {exc.detail or exc.reason}")
                continue
            # Opened afresh for each frame and closed before OCR runs: leaving a `with` block only closes
            # Pillow's file, while close() frees the decoded frame this generator would otherwise keep.
            stream = blob if hasattr(blob, "read") else io.BytesIO(blob)
            image = None
            try:
                image = Image.open(stream)
                image.seek(index)
                frame = bounded_frame(image, MAX_SIDE_PX).convert("RGB")
            except (OSError, ValueError, EOFError, SyntaxError, Image.DecompressionBombError) as exc:
                yield PageFailure(index + 1, f"{type(exc).__name__}: {exc}")
                continue
            finally:
                if image is not None:
                    image.close()
                stream.close()
                del blob, stream
            array = np.asarray(frame)
            del frame
            yield array

    return generate(), len(wanted)


# --- lines ------------------------------------------------------------------------------------------------


def _read_lines(engine: Any, image: Any, deadline: float, state: dict[str, bool]) -> Iterator[str]:
    """Detect the page's text lines once, then recognise them one by one (a generator: the caller may stop).
    When `deadline` (a perf_counter value) passes before a line is recognised, `state["timed_out"]` is set
    and the page ends there.

    The page's orientation is voted once from its longest lines (rapidocr's 0°/180° classifier) instead of
    classifying every line: an upside-down scan is read upside up, and a straight page pays almost nothing.
    """
    import numpy as np

    boxes = _detect(engine, image)
    if boxes is None or len(boxes) == 0:
        return
    crops = [_crop_line(image, box) for box in boxes]
    flip = _upside_down(engine, [c for c in crops if c is not None])
    for crop in crops:
        if crop is None:
            continue
        if time.perf_counter() >= deadline:
            state["timed_out"] = True
            return
        if flip:
            crop = np.ascontiguousarray(crop[::-1, ::-1])
        result = engine(crop, use_det=False, use_cls=False, use_rec=True)
        texts = getattr(result, "txts", None) or ()
        scores = getattr(result, "scores", None) or ()
        line = "".join(t for t, s in zip(texts, scores, strict=False) if s >= MIN_LINE_SCORE)
        if line.strip():
            yield line


def _detect(engine: Any, image: Any) -> Any:
    """Text-line boxes of the page, in the page's pixels. The detector runs on a copy at most
    `DET_MAX_SIDE` pixels long and `DET_MAX_PIXELS` in area (its memory grows faster than the page's area:
    +315 MB at 1754 px, +72 MB at 1000 px; a square page at 1100² took ~60 MB more than at A4's 1100×778),
    and the boxes are scaled back so that lines are cut from the full-resolution page."""
    import cv2
    import numpy as np

    from zccheck.heap import release_free_memory

    release_free_memory()  # the detector's peak should not stack on memory freed but still held
    height, width = image.shape[:2]
    factor = min(1.0, DET_MAX_SIDE / max(height, width, 1), (DET_MAX_PIXELS / max(height * width, 1)) ** 0.5)
    small = image if factor >= 1.0 else cv2.resize(image, (max(1, round(width * factor)),
                                                          max(1, round(height * factor))),
                                                   interpolation=cv2.INTER_AREA)
    small = _padded_for_detector(small)
    detected = engine(small, use_det=True, use_cls=False, use_rec=False)
    del small
    boxes = getattr(detected, "boxes", None)
    if boxes is None or len(boxes) == 0 or factor >= 1.0:
        return boxes
    return np.asarray(boxes, dtype=np.float32) / factor


def _padded_for_detector(image: Any) -> Any:
    """`image` padded with white on the right or at the bottom so that the detector's own resize (the short
    side scaled up to DET_LIMIT_SIDE) gives a map at most DET_UPSCALED_MAX_SIDE long, like a page's. A narrow
    strip (a 590×88 px TIFF, a receipt, a long screenshot) would otherwise become a 736×4934 px map: 900 MB.
    Page coordinates are unchanged (nothing is added above or to the left)."""
    import numpy as np

    height, width = image.shape[:2]
    short, long = min(height, width), max(height, width)
    if short >= DET_LIMIT_SIDE or long * DET_LIMIT_SIDE <= DET_UPSCALED_MAX_SIDE * short:
        return image
    needed = -(-long * DET_LIMIT_SIDE // DET_UPSCALED_MAX_SIDE)  # ceil
    pad = ((0, needed - height), (0, 0)) if height < width else ((0, 0), (0, needed - width))
    return np.pad(image, (*pad, (0, 0))[: image.ndim], constant_values=255)


def _upside_down(engine: Any, crops: list[Any], sample: int = ORIENTATION_SAMPLE) -> bool:
    """True when most of the `sample` widest lines are classified as turned by 180°."""
    widest = sorted(crops, key=lambda c: c.shape[1], reverse=True)[:sample]
    votes = 0.0
    for crop in widest:
        result = engine(crop, use_det=False, use_cls=True, use_rec=False)
        for label, score in getattr(result, "cls_res", None) or ():
            votes += float(score) if str(label) == "180" else -float(score)
    return votes > 0


def _crop_line(image: Any, box: Any) -> Any:
    """The quadrilateral `box` (4×2 points, clockwise from top-left) cut out and straightened.

    Lines much taller than wide are vertical text or a sideways page: they are turned upright (the angle
    classifier then fixes a remaining 180° turn).
    """
    import cv2
    import numpy as np

    points = np.asarray(box, dtype=np.float32).reshape(4, 2)
    width = int(max(np.linalg.norm(points[0] - points[1]), np.linalg.norm(points[2] - points[3])))
    height = int(max(np.linalg.norm(points[0] - points[3]), np.linalg.norm(points[1] - points[2])))
    if width < 2 or height < 2:
        return None
    target = np.array([[0, 0], [width, 0], [width, height], [0, height]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(points, target)
    crop = cv2.warpPerspective(image, matrix, (width, height), borderMode=cv2.BORDER_REPLICATE,
                               flags=cv2.INTER_CUBIC)
    if height / width >= 1.5:
        crop = np.rot90(crop)
    return np.ascontiguousarray(crop)


# --- text of a document -----------------------------------------------------------------------------------

OCR_TEXT_DPI = 200  # dates and small print on certificates and notices need more than the 字数 count's dpi


def document_ocr_text(doc: Any, max_pages: int = 2, time_budget_s: float = 30.0) -> str:
    """The OCR text of the first `max_pages` pages of a scanned PDF or an image `Document`, memoised on it.

    For rules that look for a few words (a date, a label) in scans without a text layer. Raises
    DependencyMissing (no `vision` extra) or ContentError (unreadable, unsupported, OCR unavailable), each
    time it is asked (the error is memoised too).
    """

    def compute() -> str | ContentError | DependencyMissing:
        try:
            return ocr_count(doc.open_stream, doc.kind, dpi=OCR_TEXT_DPI, time_budget_s=time_budget_s,
                             pages=list(range(max_pages))).text
        except (ContentError, DependencyMissing) as exc:
            return exc

    result = doc.memo(f"ocr-text:{max_pages}", compute)
    if isinstance(result, ContentError | DependencyMissing):
        raise result
    return result
