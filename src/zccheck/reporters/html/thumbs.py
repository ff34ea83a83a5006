"""Thumbnails for the HTML report: one page of a PDF or an image, downscaled, as a JPEG data URI.

Read-only: bytes come from `Document.read_bytes()` (the folder or zip is never written to). Memory stays
bounded: JPEG images are decoded at reduced size (`Image.draft`), PDF pages are rendered directly at the
thumbnail's scale, and the pixel count of anything decoded is capped. A thumbnail that cannot be made is a
`Thumb` with `src=None` and the reason in words, shown in place of the picture.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass

from PIL import Image, ImageFilter, ImageOps

from zccheck.content.heif import enable_heif
from zccheck.inventory.document import Document, ReadError

MAX_SIDE = 360          # px, long side: pages stay recognisable, body text is not legible
JPEG_QUALITY = 70
MAX_DECODE_PIXELS = 40_000_000
BLUR_RADIUS = 6


@dataclass(frozen=True)
class Thumb:
    """A picture for the report: `src` is a `data:image/jpeg;base64,…` URI, or None with `reason`."""

    src: str | None
    width: int = 0
    height: int = 0
    reason_zh: str = ""
    reason_en: str = ""
    blurred: bool = False

    def reason(self, lang: str) -> str:
        """Why there is no picture, in `lang`."""
        return self.reason_en if lang == "en" else self.reason_zh


def _failed(zh: str, en: str) -> Thumb:
    return Thumb(None, reason_zh=zh, reason_en=en)


def make_thumbnail(doc: Document, page: int = 1, *, max_side: int = MAX_SIDE, blur: bool = False) -> Thumb:
    """A thumbnail of `page` (1-based) of `doc`; a `Thumb` without `src` when it cannot be drawn."""
    if not (doc.is_pdf or doc.is_image):
        return _failed("此类文件无法预览", "no preview for this file type")
    if doc.kind == "heic" and not enable_heif():  # pillow-heif is a core dependency; a broken install lacks it
        return _failed("HEIC 格式无法预览，请先转换为 JPG", "HEIC cannot be previewed: convert it to JPG")
    try:
        data = doc.read_bytes()
    except ReadError as exc:
        return _failed(f"无法读取：{exc.detail or exc.reason}", f"cannot read: {exc.detail or exc.reason}")
    try:
        picture = _render_pdf(data, page, max_side) if doc.is_pdf else _render_image(data, max_side)
    except _NoPreview as exc:
        if doc.kind in ("heic", "avif"):  # a phone format the platform does not take anyway: say what to do
            name = doc.kind.upper()
            return _failed(f"{name} {exc.zh}，请先转换为 JPG", f"{name} {exc.en}: convert it to JPG")
        return _failed(exc.zh, exc.en)
    if blur:
        picture = picture.filter(ImageFilter.GaussianBlur(BLUR_RADIUS))
    return _encode(picture, blurred=blur)


class _NoPreview(Exception):
    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh, self.en = zh, en


def _render_image(data: bytes, max_side: int) -> Image.Image:
    try:
        with Image.open(io.BytesIO(data)) as opened:
            if opened.width * opened.height > MAX_DECODE_PIXELS * 4:
                raise _NoPreview("图片像素过多，未预览", "image too large to preview")
            opened.draft("RGB", (max_side * 2, max_side * 2))  # JPEG: decode at a fraction of full size
            if opened.width * opened.height > MAX_DECODE_PIXELS:
                raise _NoPreview("图片像素过多，未预览", "image too large to preview")
            picture = ImageOps.exif_transpose(opened)
            picture.thumbnail((max_side, max_side))
            return _flatten(picture)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise _NoPreview(f"图片无法打开（{type(exc).__name__}）",
                        f"image cannot be opened ({type(exc).__name__})") from None


def _flatten(picture: Image.Image) -> Image.Image:
    """RGB on white (transparent PNGs, palette and CMYK images)."""
    if picture.mode in ("RGBA", "LA", "P", "PA"):
        rgba = picture.convert("RGBA")
        canvas = Image.new("RGB", rgba.size, (255, 255, 255))
        canvas.paste(rgba, mask=rgba.getchannel("A"))
        return canvas
    return picture.convert("RGB")


def _render_pdf(data: bytes, page_number: int, max_side: int) -> Image.Image:
    try:
        import pypdfium2 as pdfium
    except ImportError:
        raise _NoPreview("PDF 预览需要 vision 扩展（pypdfium2）",
                        "PDF preview needs the vision extra (pypdfium2)") from None
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise _NoPreview(f"PDF 无法打开（{exc}）", f"PDF cannot be opened ({exc})") from None
    try:
        if not 1 <= page_number <= len(pdf):
            raise _NoPreview(f"没有第 {page_number} 页", f"no page {page_number}")
        page = pdf[page_number - 1]
        try:
            width, height = page.get_size()
            longest = max(width, height, 1.0)
            bitmap = page.render(scale=max(0.05, min(max_side / longest, 4.0)), draw_annots=True)
            try:
                return _flatten(bitmap.to_pil())
            finally:
                bitmap.close()
        finally:
            page.close()
    except pdfium.PdfiumError as exc:
        raise _NoPreview(f"页面无法显示（{exc}）", f"page cannot be drawn ({exc})") from None
    finally:
        pdf.close()


def _encode(picture: Image.Image, *, blurred: bool) -> Thumb:
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True)
    uri = "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
    return Thumb(uri, picture.width, picture.height, blurred=blurred)
