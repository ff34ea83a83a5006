"""Re-encode images for upload: HEIC/HEIF to JPEG (pillow-heif), oversized images to fit a byte limit.

EXIF orientation is applied to the pixels (the platform's viewers do not all honour the tag), the DPI and
the colour profile are kept, and the highest JPEG quality that fits is chosen; only when even quality
MIN_QUALITY is too large is the image scaled down, by the square root of the size ratio, as little as fits.
"""

from __future__ import annotations

import io
import math

from zccheck.content.errors import ContentError, DependencyMissing
from zccheck.content.heif import enable_heif, is_heif

MAX_QUALITY = 95
MIN_QUALITY = 60
_MIN_SIDE = 300


def _open(data: bytes):
    from PIL import Image, ImageOps, UnidentifiedImageError

    heif = enable_heif()
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError, SyntaxError) as exc:
        if not heif and is_heif(data):
            raise DependencyMissing("pillow-heif") from None
        raise ContentError("image-unreadable", f"{type(exc).__name__}: {exc}") from None
    info = dict(image.info)
    image = ImageOps.exif_transpose(image)
    if image.mode not in ("RGB", "L"):
        image = _flatten(image)
    return image, info


def _flatten(image):
    from PIL import Image

    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        white = Image.new("RGB", rgba.size, (255, 255, 255))
        white.paste(rgba, mask=rgba.getchannel("A"))
        return white
    return image.convert("RGB")


def _encode(image, info: dict, quality: int) -> bytes:
    buffer = io.BytesIO()
    options = {"quality": quality, "optimize": True}
    if info.get("dpi"):
        options["dpi"] = tuple(round(float(v)) for v in info["dpi"])
    if info.get("icc_profile"):
        options["icc_profile"] = info["icc_profile"]
    exif = image.getexif()
    if exif:
        exif.pop(0x0112, None)  # orientation already applied to the pixels
        options["exif"] = exif.tobytes()
    image.save(buffer, "JPEG", **options)
    return buffer.getvalue()


def to_jpeg(data: bytes, limit_bytes: int | None = None) -> bytes:
    """JPEG bytes of an image (any format Pillow or pillow-heif reads), at most `limit_bytes` when given.

    Raises ContentError when the image cannot be decoded or cannot fit, DependencyMissing for HEIC without
    pillow-heif.
    """
    image, info = _open(data)
    best = _best_quality(image, info, limit_bytes)
    while best is None:
        scale = math.sqrt(limit_bytes / len(_encode(image, info, MIN_QUALITY))) * 0.95  # type: ignore[operator]
        size = (max(1, int(image.width * scale)), max(1, int(image.height * scale)))
        if min(size) < _MIN_SIDE:
            raise ContentError("cannot-fit", f"缩小到 {size[0]}×{size[1]} 像素仍超过限制")
        image = image.resize(size, resample=_lanczos())
        best = _best_quality(image, info, limit_bytes)
    return best


def _best_quality(image, info: dict, limit_bytes: int | None) -> bytes | None:
    """The highest quality in MIN..MAX whose encoding fits (binary search), or None."""
    top = _encode(image, info, MAX_QUALITY)
    if limit_bytes is None or len(top) <= limit_bytes:
        return top
    low, high, found = MIN_QUALITY, MAX_QUALITY - 1, None
    while low <= high:
        middle = (low + high) // 2
        encoded = _encode(image, info, middle)
        if len(encoded) <= limit_bytes:
            found, low = encoded, middle + 1
        else:
            high = middle - 1
    return found


def _lanczos():
    from PIL import Image

    return Image.Resampling.LANCZOS
