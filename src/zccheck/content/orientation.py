"""Is a page of text upside down? Told cheaply, with rapidocr's text-line orientation classifier alone.

Only the small classifier model that ships inside the rapidocr wheel (`ch_ppocr_mobile_v2.0_cls_mobile.onnx`,
0.6 MB, labels "0" and "180", rapidocr's default) is loaded, straight into onnxruntime: one `InferenceSession`
per process, created on first use, one thread. The detection and recognition models are never loaded, and
rapidocr itself is not imported (its package directory is only looked up to find the model file). Creating
the session costs ≈ 25 ms and classifying a strip ≈ 1 ms, against ≈ 2 s CPU and 300 MB for the whole OCR
engine.

Text lines are found without a detector, on a grey copy of the page of at most `MAX_WORK_PIXELS` (A4 at
about 100 dpi; smaller images are used as they are):

1. ink: pixels clearly darker than their neighbourhood (adaptive threshold), minus long horizontal and
   vertical rules (table borders, underlines, frames), which a morphological opening picks out;
2. the page is cut into a few vertical slabs (columns of text, mild skew) and each slab's horizontal ink
   projection profile gives bands: runs of inked rows between clean gaps;
3. a band of plausible line height whose inked columns form a long enough run yields one strip of the
   shape the classifier was trained on (48×192 px after scaling: four times as wide as high), kept only
   when its ink density and number of glyph gaps look like text.

The strips are scaled and normalised exactly as rapidocr's `TextClassifier.resize_norm_img` does
(`cv2.resize` to height 48 keeping the aspect, at most 192 wide, INTER_LINEAR; (x/255 − 0.5)/0.5; zero
padding on the right) and classified in one batch. Votes are counted only at rapidocr's own confidence
threshold (0.9). Calling a page upside down is the costly mistake, so a "180" vote counts only when the same
strip turned by 180° is then confidently read as "0"; and the page is called upside down only when at least
`min_votes` strips (pieces of text lines, at most one per line and slab) vote and at least
`upside_down_share` of them say "180". Most pages are upright: they are settled by a first batch of
`FIRST_BATCH` strips that is unanimously upright; only the others pay for more strips and the turned copies.
A page with too few well-formed strips (a photo, a drawing, a sparse table) gets no verdict and costs no
inference.

`text_layer_votes` answers the same question for a PDF page with a text layer, from the displayed angle of
its characters (pypdfium2), without any model.
"""

from __future__ import annotations

import importlib.util
import itertools
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zccheck.content.errors import ContentError, DependencyMissing

CLS_MODEL_FILE = "ch_ppocr_mobile_v2.0_cls_mobile.onnx"  # rapidocr's default (PP-OCRv4 mobile) classifier
CLS_HEIGHT, CLS_WIDTH = 48, 192                          # its input shape (rapidocr CLS_SHAPE_BY_OCR_VERSION)
CLS_LABELS = ("0", "180")
CONFIDENT = 0.9                                          # rapidocr's cls_thresh

MAX_WORK_PIXELS = 1_000_000  # larger pages are scaled down to this many pixels (A4 at ≈100 dpi)
INK_CONTRAST = 25            # grey levels below the local mean that count as ink
SLAB_WIDTH = 330             # target width of the vertical slabs whose profiles give line bands
MIN_LINE_PX, MAX_LINE_PX = 9, 90   # plausible text-line heights on the working copy
MIN_INK, MAX_INK = 0.06, 0.6  # ink share of a text strip's band rows
MIN_GLYPH_RUNS = 3           # separate inked column runs in a strip (glyphs or glyph groups)
FIRST_BATCH = 6              # strips classified first; most upright pages are settled by these
MAX_STRIPS = 24              # strips classified at most per page (not counting turned copies)
GIVE_UP_BANDS = 16           # bands looked at without finding one text strip: the page has no text lines
TEXT_SAMPLE = 120            # characters of a text layer looked at, evenly spaced
TURN_TOLERANCE = 10.0        # degrees off 0° or 180° a text-layer character may be and still vote

_STACK = (("numpy", "numpy"), ("cv2", "opencv-python-headless"), ("onnxruntime", "onnxruntime"),
          ("rapidocr", "rapidocr"))

_SESSION: Any = None
_SESSION_ERROR: ContentError | None = None
_SESSION_LOCK = threading.Lock()


@dataclass(frozen=True)
class OrientationVote:
    """The verdict on one page and how it was reached.

    `upside_down` is True, False, or None when undecided (too few confident lines, a split vote, the time
    ran out, or no text lines at all). `upright` and `flipped` count the confident votes ("180" votes only
    when the turned strip confirmed them); `lines` the well-formed text strips found; `classified` the
    classifier inputs used (strips and turned copies).
    """

    upside_down: bool | None
    upright: int
    flipped: int
    lines: int
    classified: int


@dataclass(frozen=True)
class Strip:
    """A text-line strip of the working copy: rows y0:y1, columns x0:x1."""

    y0: int
    y1: int
    x0: int
    x1: int


def model_path() -> Path:
    """The classifier model inside the installed rapidocr package (rapidocr is not imported).

    Raises DependencyMissing("rapidocr") when rapidocr is not installed, ContentError("ocr-unavailable")
    when its package holds no such model.
    """
    spec = importlib.util.find_spec("rapidocr")
    if spec is None or not spec.submodule_search_locations:
        raise DependencyMissing("rapidocr")
    for location in spec.submodule_search_locations:
        path = Path(location) / "models" / CLS_MODEL_FILE
        if path.is_file():
            return path
    raise ContentError("ocr-unavailable", f"{CLS_MODEL_FILE} is not in the installed rapidocr")


def available() -> bool:
    """True when numpy, OpenCV, onnxruntime and rapidocr's classifier model are installed (nothing loaded)."""
    try:
        for module, package in _STACK:
            if importlib.util.find_spec(module) is None:
                raise DependencyMissing(package)
        model_path()
    except ContentError:
        return False
    return True


def session() -> Any:
    """The process-wide onnxruntime session of the classifier, created on first use.

    Raises DependencyMissing when numpy, OpenCV, onnxruntime or rapidocr is missing and
    ContentError("ocr-unavailable") when the model does not load.
    """
    global _SESSION, _SESSION_ERROR
    if _SESSION is not None:
        return _SESSION
    with _SESSION_LOCK:
        if _SESSION is None:
            if _SESSION_ERROR is not None:  # failed before: do not pay for the imports again
                raise _SESSION_ERROR
            try:
                _SESSION = _create_session()
            except ContentError as exc:
                _SESSION_ERROR = exc
                raise
    return _SESSION


def _create_session() -> Any:
    for module, package in _STACK[:3]:
        try:
            __import__(module)
        except ImportError as exc:
            raise DependencyMissing(package) from exc
    import onnxruntime as ort

    path = model_path()
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.log_severity_level = 4
    try:
        return ort.InferenceSession(str(path), sess_options=options, providers=["CPUExecutionProvider"])
    except Exception as exc:  # onnxruntime raises its own exception types for unreadable models
        raise ContentError("ocr-unavailable", f"{path.name} did not load: {type(exc).__name__}: {exc}") from exc


def classify_page(
    grey: Any,
    *,
    min_votes: int = 6,
    upside_down_share: float = 0.85,
    deadline: float | None = None,
) -> OrientationVote:
    """The upside-down verdict on one page, from a Pillow image (or a grey array) of it as displayed.

    Any size is accepted; pages over `MAX_WORK_PIXELS` are scaled down first (A4 to about 100 dpi).
    `deadline` is a `time.perf_counter()` value: past it no more strips are classified (the verdict is then
    made from what was classified, usually undecided). Raises DependencyMissing / ContentError like
    `session()`; the model is loaded only when the page has enough text lines to be worth classifying.
    """
    import numpy as np

    lines = LineStrips(working_copy(grey))
    wanted = max(FIRST_BATCH, min_votes, 1)
    first = lines.take(wanted)
    if len(first) < max(1, min_votes):
        return OrientationVote(None, 0, 0, len(first), 0)
    probabilities = _classify([lines.crop(s) for s in first], deadline)
    chosen = first[:len(probabilities)]
    verdict, upright, flipped = _vote(probabilities, None, min_votes, upside_down_share)
    if verdict is False and flipped == 0:
        return OrientationVote(False, upright, 0, lines.found, len(probabilities))
    used = len(probabilities)
    if used == len(first):
        more = lines.take(max(0, MAX_STRIPS - len(first)))
        extra = _classify([lines.crop(s) for s in more], deadline)
        probabilities = np.concatenate([probabilities, extra])
        chosen += more[:len(extra)]
        used += len(extra)
    says_180 = [i for i, p in enumerate(probabilities) if p[1] >= CONFIDENT]
    turned = _classify([lines.crop(chosen[i])[::-1, ::-1] for i in says_180], deadline)
    used += len(turned)
    confirmed = {index: bool(p[0] >= CONFIDENT) for index, p in zip(says_180, turned, strict=False)}
    verdict, upright, flipped = _vote(probabilities, confirmed, min_votes, upside_down_share)
    return OrientationVote(verdict, upright, flipped, lines.found, used)


def _vote(probabilities: Any, confirmed: dict[int, bool] | None, min_votes: int,
          share: float) -> tuple[bool | None, int, int]:
    """(verdict, upright votes, upside-down votes). Without `confirmed`, "180" votes count unconfirmed."""
    upright = sum(1 for p in probabilities if p[0] >= CONFIDENT)
    flipped = sum(1 for i, p in enumerate(probabilities)
                  if p[1] >= CONFIDENT and (confirmed is None or confirmed.get(i, False)))
    confident = upright + flipped
    if confident < max(1, min_votes):
        return None, upright, flipped
    if flipped >= share * confident:
        return True, upright, flipped
    if upright >= share * confident:
        return False, upright, flipped
    return None, upright, flipped


def working_copy(grey: Any) -> Any:
    """A uint8 array of `grey` (a Pillow image or a 2-D array), shrunk to at most `MAX_WORK_PIXELS`."""
    import cv2
    import numpy as np

    if hasattr(grey, "mode"):
        grey = grey if grey.mode == "L" else grey.convert("L")
    array = np.asarray(grey, dtype=np.uint8)
    height, width = array.shape[:2]
    if height * width <= MAX_WORK_PIXELS:
        return array
    while height * width > 4 * MAX_WORK_PIXELS:  # exact halving: cheap, and no aliasing
        height, width = height // 2, width // 2
        array = cv2.resize(array[:2 * height, :2 * width], (width, height), interpolation=cv2.INTER_AREA)
    scale = (MAX_WORK_PIXELS / (height * width)) ** 0.5
    if scale >= 1.0:
        return array
    size = (max(1, int(width * scale)), max(1, int(height * scale)))
    return cv2.resize(array, size, interpolation=cv2.INTER_LINEAR)


class LineStrips:
    """Text-line strips of one grey page (uint8 array), found on demand.

    The ink mask and the line bands (runs of inked rows in each vertical slab, of plausible line height)
    are computed at once; bands are then examined in an order spread evenly over the page, each giving at
    most one strip: four times as wide as high (the classifier's input shape), with a margin above and below
    the ink, passing the ink-density and glyph-gap tests. `take(n)` returns the next n strips found; when
    the first `GIVE_UP_BANDS` bands (spread over the page) give no strip at all, the page has no text lines
    and the rest are not looked at.
    """

    def __init__(self, array: Any) -> None:
        self.array = array
        self.found = 0
        self.examined = 0
        height, width = array.shape
        self._bands: list[tuple[int, int, int, int]] = []
        if height >= 3 * MIN_LINE_PX and width >= 8 * MIN_LINE_PX:
            self._ink = _ink(array)
            self._bands = _bands(self._ink)
        self._order = iter(_spread(len(self._bands)))

    def take(self, count: int) -> list[Strip]:
        """Up to `count` further strips (fewer when the page has no more)."""
        strips: list[Strip] = []
        while len(strips) < count:
            if self.found == 0 and not strips and self.examined >= GIVE_UP_BANDS:
                break  # the bands, spread over the page, are not text lines (drawings, photos, solid bars)
            index = next(self._order, None)
            if index is None:
                break
            self.examined += 1
            strip = self._strip(*self._bands[index])
            if strip is not None:
                strips.append(strip)
        self.found += len(strips)
        return strips

    def crop(self, strip: Strip) -> Any:
        """The grey pixels of `strip`."""
        return self.array[strip.y0:strip.y1, strip.x0:strip.x1]

    def _strip(self, y0: int, y1: int, x0: int, x1: int) -> Strip | None:
        import numpy as np

        band = self._ink[y0:y1, x0:x1]
        line = y1 - y0
        pad = max(2, round(line * 0.2))
        top, bottom = max(0, y0 - pad), min(self.array.shape[0], y1 + pad)
        strip_width = round((bottom - top) * CLS_WIDTH / CLS_HEIGHT)
        for start, end in _merged_runs(band.any(axis=0), gap=max(3, round(line * 0.8))):
            if end - start < strip_width:
                continue
            window = band[:, start:start + strip_width]
            if not MIN_INK <= float(window.mean()) <= MAX_INK:
                continue
            if len(_runs(window.any(axis=0))) < MIN_GLYPH_RUNS:
                continue
            if np.count_nonzero(window.any(axis=1)) < 0.8 * line:
                continue
            return Strip(top, bottom, x0 + start, x0 + start + strip_width)
        return None


def _ink(array: Any) -> Any:
    """Boolean ink mask: darker than the local mean by `INK_CONTRAST`, long straight rules removed.

    Rules (table borders, frames, underlines) are found by a morphological opening of a half-size copy of
    the mask with line-shaped kernels longer than any text line is high.
    """
    import cv2
    import numpy as np

    height, width = array.shape
    block = max(15, round(max(height, width) / 40)) | 1
    ink = cv2.adaptiveThreshold(array, 1, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block,
                                INK_CONTRAST)
    h2, w2 = height // 2, width // 2
    half = cv2.resize(ink[:2 * h2, :2 * w2], (w2, h2), interpolation=cv2.INTER_AREA)  # exact halving
    half = (half > 0).astype(np.uint8)
    rule = max(MAX_LINE_PX // 2 + 1, round(max(height, width) / 50))
    rules = cv2.morphologyEx(half, cv2.MORPH_OPEN, np.ones((1, rule), np.uint8))
    rules |= cv2.morphologyEx(half, cv2.MORPH_OPEN, np.ones((rule, 1), np.uint8))
    if rules.any():
        # Each half-size rule pixel clears its 2×2 block (a nearest-neighbour doubling).
        doubled = cv2.resize(rules, (2 * w2, 2 * h2), interpolation=cv2.INTER_NEAREST)
        ink[:2 * h2, :2 * w2] &= 1 - doubled
    return ink.astype(bool)


def _bands(ink: Any) -> list[tuple[int, int, int, int]]:
    """(y0, y1, x0, x1) of the line bands of every slab: runs of inked rows of plausible line height."""
    import cv2
    import numpy as np

    height, width = ink.shape
    slabs = max(1, min(6, round(width / SLAB_WIDTH)))
    edges = [round(i * width / slabs) for i in range(slabs + 1)]
    flags = ink.view(np.uint8)
    rows = np.stack([cv2.reduce(flags[:, x0:x1], 1, cv2.REDUCE_SUM, dtype=cv2.CV_32S)[:, 0]
                     for x0, x1 in itertools.pairwise(edges)], axis=1)  # inked pixels per row and slab
    bands: list[tuple[int, int, int, int]] = []
    for column, (x0, x1) in enumerate(itertools.pairwise(edges)):
        on = rows[:, column] >= max(2, 0.012 * (x1 - x0))
        for y0, y1 in _runs(on):
            if MIN_LINE_PX <= y1 - y0 <= MAX_LINE_PX and y0 > 0 and y1 < height:
                bands.append((y0, y1, x0, x1))
    bands.sort()
    return bands


def _runs(flags: Any) -> list[tuple[int, int]]:
    """[start, end) of the runs of True in a 1-D boolean array."""
    import numpy as np

    padded = np.concatenate(([False], np.asarray(flags, dtype=bool), [False]))
    changes = np.flatnonzero(padded[1:] != padded[:-1]).tolist()
    return list(zip(changes[::2], changes[1::2], strict=True))


def _merged_runs(flags: Any, gap: int) -> list[tuple[int, int]]:
    """Runs of True joined across gaps shorter than `gap` (letters and words of one line)."""
    merged: list[tuple[int, int]] = []
    for start, end in _runs(flags):
        if merged and start - merged[-1][1] < gap:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _spread(count: int) -> list[int]:
    """0..count-1 reordered so that every prefix is spread evenly over the page (bit-reversal order)."""
    bits = max(1, (count - 1).bit_length())
    keyed = sorted(range(1 << bits), key=lambda i: int(format(i, f"0{bits}b")[::-1], 2))
    return [i for i in keyed if i < count]


def _classify(crops: list[Any], deadline: float | None) -> Any:
    """[[p(0°), p(180°)], ...] for grey crops, in one batch (none when `deadline` has passed)."""
    import numpy as np

    if not crops or (deadline is not None and time.perf_counter() >= deadline):
        return np.zeros((0, 2), dtype=np.float32)
    batch = np.stack([preprocess(crop) for crop in crops])
    model = session()
    output = model.run(None, {model.get_inputs()[0].name: batch})[0]
    return np.asarray(output, dtype=np.float32)


def preprocess(crop: Any) -> Any:
    """One classifier input (3×48×192 float32) from a grey or BGR crop: rapidocr's `resize_norm_img`."""
    import math

    import cv2
    import numpy as np

    height, width = crop.shape[:2]
    ratio = width / float(height)
    resized_w = min(CLS_WIDTH, math.ceil(CLS_HEIGHT * ratio))
    resized = cv2.resize(np.ascontiguousarray(crop), (resized_w, CLS_HEIGHT), interpolation=cv2.INTER_LINEAR)
    resized = resized.astype("float32")
    # A grey crop stands for the three equal channels rapidocr would see.
    resized = np.repeat(resized[np.newaxis], 3, axis=0) if resized.ndim == 2 else resized.transpose((2, 0, 1))
    resized = resized / 255
    resized -= 0.5
    resized /= 0.5
    padded = np.zeros((3, CLS_HEIGHT, CLS_WIDTH), dtype=np.float32)
    padded[:, :, :resized_w] = resized
    return padded


def text_layer_votes(page: Any) -> tuple[int, int]:
    """(upright, upside-down) counts of the characters of a pypdfium2 page's text layer, as displayed.

    A character's angle comes from its text and placement matrices (pdfium measures it clockwise); the
    page's /Rotate (clockwise too) is added to get the direction it is shown in. Characters within
    `TURN_TOLERANCE` of 0° or 180° vote; spaces, generated characters and other directions do not. At most `TEXT_SAMPLE`
    characters, spread over the page, are looked at.
    """
    import math

    import pypdfium2.raw as raw

    rotation = int(page.get_rotation() or 0)
    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        upright = flipped = 0
        for index in range(0, count, max(1, count // TEXT_SAMPLE)):
            code = raw.FPDFText_GetUnicode(textpage, index)
            if code <= 0x20 or 0xD800 <= code <= 0xDFFF or code > 0x10FFFF or chr(code).isspace():
                continue
            if raw.FPDFText_IsGenerated(textpage, index) == 1:
                continue
            angle = raw.FPDFText_GetCharAngle(textpage, index)
            if angle < 0:
                continue
            shown = (math.degrees(angle) + rotation) % 360
            if min(shown, 360 - shown) <= TURN_TOLERANCE:
                upright += 1
            elif abs(shown - 180) <= TURN_TOLERANCE:
                flipped += 1
    finally:
        textpage.close()
    return upright, flipped
