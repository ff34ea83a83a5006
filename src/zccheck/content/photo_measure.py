"""Measures of an ID photo: pixel size, dpi, colour, background, sharpness and frontal faces.

Everything except face detection uses Pillow alone, so the measured values are the same whether or not
the optional `vision` extra is installed; faces come from OpenCV's bundled Haar cascade
(opencv-python-headless below 5) and are `None` when OpenCV is missing.

Definitions (all on the photo after its EXIF orientation is applied):
- `saturation`: mean HSV saturation (0..1) of a small thumbnail, over pixels that are not near-black
  (their hue and saturation are noise). Grey stored as RGB measures ≈ 0.
- `background_lightness`: median luma (0..1) of the border band: the top edge and the upper half of the
  left and right edges (the lower edges are shoulders in an ID photo).
- `background_plain`: share (0..1) of border-band pixels within a small distance of the band's median
  colour; a plain backdrop is ≈ 1, a room or street is far lower.
- `bottom_cover`: share (0..1) of the bottom band's pixels (the lowest rows, where an ID photo shows the
  shoulders) that are not the backdrop colour: ≈ 1 when the shoulders fill the bottom edge, ≈ 0 for a head
  floating on the backdrop.
- `sharpness`: variance of the Laplacian over the central region of a grey copy normalised to a fixed
  height, in grey levels squared.
- `faces`: frontal faces found on grey copies normalised to a fixed long side, as fractions of the photo;
  each says whether a second cascade confirmed it.
"""

from __future__ import annotations

import dataclasses
import functools
import io
import statistics
import warnings
from typing import TYPE_CHECKING, Any

from zccheck.content.errors import ContentError

if TYPE_CHECKING:
    from PIL.Image import Image

DEFAULT_MAX_PIXELS = 50_000_000
"""Pixel count above which an image is refused as a decompression bomb (a 2寸 photo has ~0.24 MP)."""

COLOUR_THUMB = 160
"""Long side (px) of the thumbnail used for colour and background measures."""
SHARPNESS_HEIGHT = 448
"""Height (px) of the grey copy on which sharpness is measured."""
FACE_LONG_SIDE = 400
"""Long side (px) of the grey copy searched for small faces (large ones are looked for on a 320-px copy)."""
FACE_CASCADE = "haarcascade_frontalface_default.xml"

_BAND = 0.05          # border band width as a share of the thumbnail's width
_BOTTOM_BAND = 0.06   # bottom band height (shoulders) as a share of the thumbnail's height
_PLAIN_DISTANCE = 24  # max per-channel difference (0..255) from the median colour for a "plain" pixel
_DARK_VALUE = 51      # HSV value below which saturation is ignored (≈ 0.2)
_HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1", b"avif")


class TooManyPixels(ContentError):
    """The image declares more pixels than allowed (a decompression bomb or a far too large photo)."""

    def __init__(self, width: int, height: int, limit: int) -> None:
        super().__init__("bomb", f"{width}x{height} pixels, over the limit of {limit}")
        self.width = width
        self.height = height
        self.limit = limit


@dataclasses.dataclass(frozen=True)
class FaceBox:
    """A detected frontal face; coordinates are fractions (0..1) of the photo's width and height."""

    x: float
    y: float
    w: float
    h: float
    confirmed: bool = True  # also seen by the second cascade (always True when there is none)

    @property
    def height_share(self) -> float:
        """The face box's height as a share of the photo's height."""
        return self.h

    @property
    def centre_x(self) -> float:
        """Horizontal centre of the face box (0 = left edge, 1 = right edge)."""
        return self.x + self.w / 2

    @property
    def top_margin(self) -> float:
        """Distance from the photo's top edge to the face box's top, as a share of the photo's height."""
        return self.y

    def as_dict(self) -> dict[str, float]:
        """JSON-friendly form, rounded to 3 decimals."""
        return {
            "x": round(self.x, 3),
            "y": round(self.y, 3),
            "w": round(self.w, 3),
            "h": round(self.h, 3),
            "height_share": round(self.height_share, 3),
            "centre_x": round(self.centre_x, 3),
            "top_margin": round(self.top_margin, 3),
            "confirmed": self.confirmed,
        }


@dataclasses.dataclass(frozen=True)
class PhotoMeasures:
    """What `measure_photo` found. Sizes are after EXIF orientation.

    `faces` is None when OpenCV is not installed (face detection unavailable), else the detections,
    largest first. `face_rotation` is set only when no face was found upright but one was found after
    turning the photo by that many degrees clockwise (a sideways or upside-down photo); the background
    and sharpness measures then describe the photo so turned, while width and height stay as stored.
    """

    format: str
    mode: str
    width: int
    height: int
    dpi: tuple[float, float] | None
    file_size: int
    exif_rotated: bool
    saturation: float
    background_lightness: float
    background_plain: float
    background_rgb: tuple[int, int, int]
    sharpness: float
    faces: tuple[FaceBox, ...] | None
    face_rotation: int | None = None
    bottom_cover: float = 1.0

    @property
    def aspect(self) -> float:
        """Width divided by height."""
        return self.width / self.height

    @property
    def file_kb(self) -> float:
        """File size in KB (1 KB = 1024 bytes)."""
        return self.file_size / 1024

    def as_dict(self) -> dict[str, Any]:
        """JSON-friendly form of every measure."""
        return {
            "format": self.format,
            "mode": self.mode,
            "width": self.width,
            "height": self.height,
            "aspect": round(self.aspect, 4),
            "dpi": list(self.dpi) if self.dpi else None,
            "file_size": self.file_size,
            "file_kb": round(self.file_kb, 1),
            "exif_rotated": self.exif_rotated,
            "saturation": round(self.saturation, 4),
            "background_lightness": round(self.background_lightness, 3),
            "background_plain": round(self.background_plain, 3),
            "background_rgb": list(self.background_rgb),
            "bottom_cover": round(self.bottom_cover, 3),
            "sharpness": round(self.sharpness, 1),
            "faces": None if self.faces is None else [f.as_dict() for f in self.faces],
            "face_rotation": self.face_rotation,
        }


def measure_photo(data: bytes, *, max_pixels: int = DEFAULT_MAX_PIXELS,
                  detect_faces: bool = True) -> PhotoMeasures:
    """Decode `data` and measure it as an ID photo.

    Raises ContentError with reason "not-image" (not an image at all), "unsupported" (HEIC/AVIF and other
    formats Pillow cannot decode), "bomb" (more than `max_pixels` pixels; `TooManyPixels` when the size is
    known) or "corrupt" (truncated or damaged). With `detect_faces=False`, or when OpenCV is missing,
    `faces` is None.
    """
    image, fmt, mode, size, dpi, rotated = _decode(data, max_pixels)
    rgb = _to_rgb(image)
    saturation = _saturation(rgb)
    lightness, plain, median_rgb = _background(rgb)
    cover = _bottom_cover(rgb, median_rgb)
    grey = rgb.convert("L")
    sharpness = _sharpness(grey)
    faces: tuple[FaceBox, ...] | None = None
    rotation: int | None = None
    if detect_faces:
        found = _detect_faces(grey)
        if found is not None:
            faces, rotation = found
    if rotation:
        # Describe the photo as it should be: background and sharpness of the turned image.
        rgb = rgb.rotate(-rotation, expand=True)
        lightness, plain, median_rgb = _background(rgb)
        cover = _bottom_cover(rgb, median_rgb)
        sharpness = _sharpness(rgb.convert("L"))
    return PhotoMeasures(
        format=fmt,
        mode=mode,
        width=size[0],
        height=size[1],
        dpi=dpi,
        file_size=len(data),
        exif_rotated=rotated,
        saturation=saturation,
        background_lightness=lightness,
        background_plain=plain,
        background_rgb=median_rgb,
        sharpness=sharpness,
        faces=faces,
        face_rotation=rotation,
        bottom_cover=cover,
    )


# --- decoding -------------------------------------------------------------------------------------------


_Decoded = tuple["Image", str, str, tuple[int, int], tuple[float, float] | None, bool]


def _decode(data: bytes, max_pixels: int) -> _Decoded:
    """Open, bound, orient and load the image; returns (image, format, mode, oriented size, dpi, rotated)."""
    from PIL import Image as PILImage
    from PIL import ImageOps, UnidentifiedImageError

    if not data:
        raise ContentError("corrupt", "empty file")
    if _is_heif(data):
        raise ContentError("unsupported", "HEIC/HEIF/AVIF")
    with warnings.catch_warnings():
        # Our own limit (checked below, with the size known) decides; Pillow's warning would only repeat it.
        warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
        try:
            image = PILImage.open(io.BytesIO(data))
        except UnidentifiedImageError as exc:
            raise ContentError("not-image", str(exc)) from exc
        except PILImage.DecompressionBombError as exc:
            raise ContentError("bomb", str(exc)) from exc
        except (OSError, SyntaxError, ValueError) as exc:
            raise ContentError("corrupt", str(exc)) from exc
        width, height = image.size
        if width <= 0 or height <= 0:
            raise ContentError("corrupt", f"size {width}x{height}")
        if width * height > max_pixels:
            raise TooManyPixels(width, height, max_pixels)
        fmt = image.format or "unknown"
        mode = image.mode
        dpi = _dpi(image.info)
        try:
            orientation = int(image.getexif().get(0x0112, 1) or 1)
        except Exception:
            orientation = 1
        rotated = orientation in (5, 6, 7, 8)
        size = (height, width) if rotated else (width, height)
        try:
            if fmt == "JPEG":
                # Decode at a reduced scale when the photo is far larger than what is measured.
                image.draft("RGB", (FACE_LONG_SIDE, FACE_LONG_SIDE))
            image.load()
            if orientation != 1:
                image = ImageOps.exif_transpose(image)
        except PILImage.DecompressionBombError as exc:
            raise ContentError("bomb", str(exc)) from exc
        except (OSError, SyntaxError, ValueError, EOFError) as exc:
            raise ContentError("corrupt", str(exc)) from exc
    return image, fmt, mode, size, dpi, orientation != 1


def _is_heif(data: bytes) -> bool:
    """ISO-BMFF 'ftyp' box with a HEIF/AVIF brand."""
    return len(data) >= 12 and data[4:8] == b"ftyp" and data[8:12] in _HEIF_BRANDS


def _dpi(info: dict[str, Any]) -> tuple[float, float] | None:
    """The dpi the file declares, or None when absent or zero."""
    value = info.get("dpi")
    if not value or len(value) != 2:
        return None
    try:
        x, y = float(value[0]), float(value[1])
    except (TypeError, ValueError):
        return None
    if x <= 0 or y <= 0:
        return None
    return (round(x, 1), round(y, 1))


def _to_rgb(image: Image) -> Image:
    """RGB copy; transparency is composited over white (how a web page shows it)."""
    from PIL import Image as PILImage

    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        white = PILImage.new("RGBA", rgba.size, (255, 255, 255, 255))
        return PILImage.alpha_composite(white, rgba).convert("RGB")
    if image.mode == "RGB":
        return image
    return image.convert("RGB")


def _fit(size: tuple[int, int], long_side: int) -> tuple[int, int]:
    """`size` scaled so that its longer side is `long_side` (never below 1 px)."""
    w, h = size
    scale = long_side / max(w, h)
    return max(1, round(w * scale)), max(1, round(h * scale))


# --- colour and background -------------------------------------------------------------------------------


def _saturation(rgb: Image) -> float:
    """Mean HSV saturation (0..1) of a thumbnail, ignoring near-black pixels."""
    from PIL import Image as PILImage
    from PIL import ImageStat

    thumb = rgb.resize(_fit(rgb.size, COLOUR_THUMB), PILImage.Resampling.BILINEAR)
    _, sat, val = thumb.convert("HSV").split()
    mask = val.point(lambda v: 255 if v >= _DARK_VALUE else 0)
    if not mask.getbbox():
        return 0.0
    return ImageStat.Stat(sat, mask).mean[0] / 255.0


def _background(rgb: Image) -> tuple[float, float, tuple[int, int, int]]:
    """(median luma 0..1, plain share 0..1, median RGB) of the border band."""
    from PIL import Image as PILImage

    thumb = rgb.resize(_fit(rgb.size, COLOUR_THUMB), PILImage.Resampling.BILINEAR)
    w, h = thumb.size
    band = max(2, round(w * _BAND))
    half = max(band + 1, h // 2)
    boxes = [(0, 0, w, band), (0, band, band, half), (max(0, w - band), band, w, half)]
    pixels: list[tuple[int, int, int]] = []
    for box in boxes:
        if box[2] > box[0] and box[3] > box[1]:
            region = thumb.crop(box)
            flat = getattr(region, "get_flattened_data", None)  # Pillow ≥ 12; getdata() goes in Pillow 14
            pixels.extend(flat() if flat is not None else region.getdata())
    median = tuple(int(statistics.median(p[c] for p in pixels)) for c in range(3))
    plain = sum(
        1 for p in pixels
        if abs(p[0] - median[0]) <= _PLAIN_DISTANCE
        and abs(p[1] - median[1]) <= _PLAIN_DISTANCE
        and abs(p[2] - median[2]) <= _PLAIN_DISTANCE
    ) / len(pixels)
    lumas = [(299 * p[0] + 587 * p[1] + 114 * p[2]) / 1000 for p in pixels]
    return statistics.median(lumas) / 255.0, plain, (median[0], median[1], median[2])


def _bottom_cover(rgb: Image, backdrop: tuple[int, int, int]) -> float:
    """Share (0..1) of the bottom band's pixels farther than the plain distance from the `backdrop` colour."""
    from PIL import Image as PILImage

    thumb = rgb.resize(_fit(rgb.size, COLOUR_THUMB), PILImage.Resampling.BILINEAR)
    w, h = thumb.size
    band = max(1, round(h * _BOTTOM_BAND))
    region = thumb.crop((0, h - band, w, h))
    flat = getattr(region, "get_flattened_data", None)
    pixels = list(flat() if flat is not None else region.getdata())
    if not pixels:
        return 0.0
    covered = sum(1 for p in pixels if max(abs(p[c] - backdrop[c]) for c in range(3)) > _PLAIN_DISTANCE)
    return covered / len(pixels)


# --- sharpness -------------------------------------------------------------------------------------------


def _sharpness(grey: Image) -> float:
    """Variance of the Laplacian over the central region of a copy normalised to SHARPNESS_HEIGHT."""
    from PIL import Image as PILImage
    from PIL import ImageFilter, ImageStat

    w, h = grey.size
    norm_w = max(8, min(4 * SHARPNESS_HEIGHT, round(w * SHARPNESS_HEIGHT / h)))
    norm = grey.resize((norm_w, SHARPNESS_HEIGHT), PILImage.Resampling.BILINEAR)
    # Central region: where the face and hair are in an ID photo, not the plain backdrop.
    box = (round(norm_w * 0.2), round(SHARPNESS_HEIGHT * 0.1),
           round(norm_w * 0.8), round(SHARPNESS_HEIGHT * 0.75))
    region = norm.crop(box)
    # Pillow's kernel clips to 0..255: divide by 8 so that the full range fits, then scale back.
    kernel = ImageFilter.Kernel((3, 3), [0, 1, 0, 1, -4, 1, 0, 1, 0], scale=8, offset=128)
    lap = region.filter(kernel)
    rw, rh = lap.size
    if rw < 3 or rh < 3:
        return 0.0
    inner = lap.crop((1, 1, rw - 1, rh - 1))  # the filter leaves the outermost pixels unfiltered
    return ImageStat.Stat(inner).var[0] * 64.0


# --- faces -----------------------------------------------------------------------------------------------

_SECOND_OPINION = "haarcascade_frontalface_alt2.xml"
_ROTATED_MIN_SHARE = 0.2   # a face found only after turning the photo must be at least this tall to count
_FIRST_PASS_SIDE = 320     # long side of the copy searched for large faces
_LARGE_FACE_PX = 32        # first pass: faces at least 10% of the long side (every ID photo's face)
_MIN_FACE_PX = 24          # second pass, on the FACE_LONG_SIDE copy: down to the cascades' own window


@functools.lru_cache(maxsize=4)
def _cascade(name: str = FACE_CASCADE) -> Any:
    """A Haar cascade bundled with OpenCV (loaded once), or None when this OpenCV lacks it."""
    import cv2

    data_dir = getattr(getattr(cv2, "data", None), "haarcascades", None)
    if not data_dir or not hasattr(cv2, "CascadeClassifier"):
        return None
    cascade = cv2.CascadeClassifier(data_dir + name)
    return None if cascade.empty() else cascade


def _detect_faces(grey: Image) -> tuple[tuple[FaceBox, ...], int | None] | None:
    """Frontal faces (largest first) and, when none is upright, the rotation that shows one; None without cv2.

    The default cascade searches for large faces (an ID photo's) on a small copy, then, when there is none,
    for small faces (a snapshot's) on a larger copy. A second bundled cascade (alt2) then looks again in
    the neighbourhood of each face found: faces both see are `confirmed`. When no face is confirmed
    upright, the photo is tried turned by 90°, 270° and 180°, and a turn counts only when both cascades
    see the same large face; otherwise the unconfirmed detections are returned as such (the check treats them
    as uncertain rather than as a clear pass or a clear "no face").
    """
    try:
        import cv2
        import numpy as np
    except ImportError:
        return None
    main, second = _cascade(FACE_CASCADE), _cascade(_SECOND_OPINION)
    if main is None:
        return None
    from PIL import Image as PILImage

    def prepared(long_side: int) -> Any:
        norm = grey.resize(_fit(grey.size, long_side), PILImage.Resampling.BILINEAR)
        return cv2.equalizeHist(np.asarray(norm))

    small = array = prepared(_FIRST_PASS_SIDE)
    faces = _run_cascade(main, array, _LARGE_FACE_PX)
    if not faces:
        array = prepared(FACE_LONG_SIDE)
        faces = _run_cascade(main, array, _MIN_FACE_PX)
    if second is None:
        return faces, None
    faces = tuple(dataclasses.replace(f, confirmed=_seen_near(second, array, f)) for f in faces)
    if any(f.confirmed for f in faces):
        return faces, None
    # Nothing confirmed upright: a turned photo, or a false or weak detection.
    for degrees, turns in ((90, 3), (270, 1), (180, 2)):  # np.rot90 turns anticlockwise
        turned = np.ascontiguousarray(np.rot90(small, turns))
        if any(_seen_near(second, turned, f) for f in _run_cascade(main, turned, _LARGE_FACE_PX)
               if f.h >= _ROTATED_MIN_SHARE):
            return (), degrees
    return faces, None


def _seen_near(cascade: Any, array: Any, face: FaceBox) -> bool:
    """Whether `cascade` also finds a face of about the same size around `face` (a cheap second opinion)."""
    h, w = array.shape[:2]
    fx, fy, fw, fh = face.x * w, face.y * h, face.w * w, face.h * h
    x0, y0 = max(0, round(fx - 0.4 * fw)), max(0, round(fy - 0.4 * fh))
    x1, y1 = min(w, round(fx + 1.4 * fw)), min(h, round(fy + 1.4 * fh))
    region = array[y0:y1, x0:x1]
    smallest, largest = max(20, round(0.6 * fw)), max(24, round(1.6 * fw))
    found = cascade.detectMultiScale(region, scaleFactor=1.1, minNeighbors=4, minSize=(smallest, smallest),
                                     maxSize=(largest, largest))
    return len(found) > 0


def _run_cascade(cascade: Any, array: Any, min_side: int) -> tuple[FaceBox, ...]:
    """Run a cascade on a grey uint8 array; boxes as fractions of the array, largest first."""
    h, w = array.shape[:2]
    found = cascade.detectMultiScale(array, scaleFactor=1.1, minNeighbors=5, minSize=(min_side, min_side))
    boxes = [FaceBox(x / w, y / h, bw / w, bh / h) for (x, y, bw, bh) in (tuple(map(int, f)) for f in found)]
    return tuple(sorted(boxes, key=lambda b: b.w * b.h, reverse=True))
