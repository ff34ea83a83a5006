"""Cheap structural facts about a file's bytes: PDF pages and encryption, image size and integrity,
and the safety of Office (OOXML) containers. Every probe treats the bytes as hostile.

`probe_document(doc, data)` runs the probe that fits the detected kind under a time limit and records the
outcome on the Document: `doc.pdf` / `doc.image`, or `doc.cache["corrupt"]`, a short Chinese reason that
the file-integrity check reports as `corrupt-file` (details.reason), or `doc.cache["pdf_unverified"]` when
only pypdf was there to judge a PDF it could not open (`pdf-unverified`, review). It never raises. `ProbeError.token`
classifies the failure for callers of the single probes ("corrupt", "truncated", "pixel-bomb", "zip-bomb",
"xml-entities", "unverified").
"""

from __future__ import annotations

import io
import logging
import re
import warnings
import zipfile
import zlib
from typing import Any

from zccheck.content import frame_handoff
from zccheck.content.image_frame import raw_data_complete
from zccheck.inventory.document import IMAGE_KINDS, UNDECODED_IMAGE_KINDS, Document, ImageInfo, PdfInfo
from zccheck.inventory.pdf_view import viewer_available, viewer_opinion
from zccheck.inventory.zipguard import OFFICE_LIMITS, zip_refusal
from zccheck.timeouts import CheckTimeout, time_limit

# Images larger than this many pixels are refused as decompression bombs (a 600 dpi A3 scan is ~70 MP).
MAX_IMAGE_PIXELS = 120_000_000
# Above this many pixels a PNG is checked chunk by chunk (CRCs) instead of being decoded, to bound memory.
MAX_DECODE_PIXELS = 50_000_000
# Wall-clock limit for probing one file (page count, image decode, container scan).
PROBE_TIME_LIMIT_S = 15.0
# A complete PDF ends with %%EOF; look for it this far from the end (some writers append padding).
PDF_EOF_WINDOW = 64 * 1024
# Office containers: what a real .docx/.xlsx/.pptx stays far below (the one set in zipguard.py).
OOXML_LIMITS = OFFICE_LIMITS
_OOXML_KINDS = frozenset({"docx", "xlsx", "pptx", "ofd"})
_XML_HEAD_BYTES = 4096


class ProbeError(Exception):
    """The bytes are not a well-formed file of the kind detected. `token` says how (see module doc)."""

    def __init__(self, message: str, token: str = "corrupt") -> None:
        super().__init__(message)
        self.token = token


def probe_document(doc: Document, data: bytes, *, seconds: float | None = None) -> None:
    """Probe `data` (the bytes of `doc`) by its detected kind under a time limit; record the outcome on `doc`."""
    limit = PROBE_TIME_LIMIT_S if seconds is None else seconds
    try:
        with time_limit(limit):
            if doc.kind == "pdf":
                doc.pdf = probe_pdf(data)
            elif doc.kind in IMAGE_KINDS and doc.kind not in UNDECODED_IMAGE_KINDS:
                doc.image, frame = probe_image_frame(data)
                if frame is not None:
                    frame_handoff.offer(doc.cache, frame)
            elif doc.kind in _OOXML_KINDS:
                probe_container(data)
    except ProbeError as exc:
        doc.cache["pdf_unverified" if exc.token == "unverified" else "corrupt"] = str(exc)
    except CheckTimeout:
        reason = f"打开超过 {limit:g} 秒仍未完成，已停止（文件结构异常）"
        unverified = doc.kind == "pdf" and not viewer_available()  # pypdf alone was slow: no verdict
        doc.cache["pdf_unverified" if unverified else "corrupt"] = reason
    # Anything else is a bug in zccheck, not damage in the file: the inventory reports it as `internal-error`
    # naming the file (the parsers' own failures are all turned into ProbeError above).


def probe_pdf(data: bytes) -> PdfInfo:
    """Page count, encryption and damage of a PDF as a viewer sees it; raises ProbeError when it cannot be
    shown at all.

    pdfium (the `vision` extra, see `pdf_view`) decides: it opens what browsers open, repairing a broken
    cross-reference table or a missing %%EOF, and it tells a document-open password from encryption that
    only covers attachments or one crypt filter. Damage it had to repair, and pages it cannot load, are
    recorded in `PdfInfo.damage` / `bad_pages` (a warning, not an error). Without pdfium the stricter pypdf
    decides, and a failure or a password it asks for is "unverified" (token), never a guess.
    """
    eof_missing = b"%%EOF" not in data[-PDF_EOF_WINDOW:]
    opinion = viewer_opinion(data)
    if opinion.status == "unavailable":
        return _probe_pdf_pypdf(data, eof_missing)
    if opinion.status == "password":
        return PdfInfo(pages=0, encrypted=True, needs_password=True)
    if opinion.status == "unopenable":
        reason = "文件不完整（缺少 PDF 结尾标记 %%EOF，可能下载或复制中断）" if eof_missing else "PDF 阅读器无法打开"
        raise ProbeError(f"{reason}（pdfium: {opinion.detail}）", "truncated" if eof_missing else "corrupt")
    if opinion.pages == 0:
        raise ProbeError("没有页面")
    if not opinion.displays:
        raise ProbeError(f"共 {opinion.pages} 页，但没有一页能显示（页面结构损坏）")
    damage: list[str] = []
    if eof_missing:
        damage.append("缺少结尾标记 %%EOF")
    if opinion.repaired:
        damage.append("交叉引用表损坏（阅读器自动修复后才能显示）")
    bad = tuple(index + 1 for index in opinion.failed_pages)
    if bad:
        damage.append(f"第 {_page_list(bad)} 页无法显示")
    return PdfInfo(pages=opinion.pages, encrypted=opinion.encrypted, needs_password=False,
                   damage="；".join(damage) or None, bad_pages=bad)


def _page_list(numbers: tuple[int, ...], limit: int = 10) -> str:
    shown = "、".join(str(n) for n in numbers[:limit])
    return shown + (f" 等 {len(numbers)}" if len(numbers) > limit else "")


def _probe_pdf_pypdf(data: bytes, eof_missing: bool) -> PdfInfo:
    """pypdf's view, used only without pdfium: whatever it cannot open, or opens only with a password, is
    reported "unverified" (ProbeError token) because pypdf alone is stricter than any viewer."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PdfReadError, PdfStreamError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False)
            encrypted = bool(reader.is_encrypted)
            if encrypted:
                try:
                    unlocked = reader.decrypt("") != 0
                except DependencyError:
                    # AES without the `cryptography` package: encrypted, whether it opens cannot be told here.
                    return PdfInfo(pages=0, encrypted=True, needs_password=False)
                except (PdfReadError, NotImplementedError, ValueError, KeyError, TypeError) as exc:
                    raise ProbeError(f"加密方式无法识别（{type(exc).__name__}），需要 PDF 阅读器确认能否打开",
                                     "unverified") from None
                if not unlocked:
                    raise ProbeError("pypdf 认为需要密码，但未安装 PDF 阅读器组件（pypdfium2）无法确认", "unverified")
            pages = len(reader.pages)
    except ProbeError:
        raise
    except DependencyError:
        return PdfInfo(pages=0, encrypted=True, needs_password=False)
    except (MemoryError, RecursionError) as exc:
        raise ProbeError(f"结构异常（{type(exc).__name__}），需要 PDF 阅读器确认能否打开", "unverified") from None
    except (PdfReadError, PdfStreamError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            AssertionError, OSError, zlib.error) as exc:  # what pypdf raises on malformed input
        tail = "（缺少 %%EOF）" if eof_missing else ""
        raise ProbeError(f"pypdf 无法解析{tail}（{type(exc).__name__}: {_short(exc)}），需要 PDF 阅读器确认能否打开",
                         "unverified") from None
    if pages == 0:
        raise ProbeError("没有页面")
    return PdfInfo(pages=pages, encrypted=encrypted, needs_password=False,
                   damage="缺少结尾标记 %%EOF" if eof_missing else None)


def probe_image(data: bytes) -> ImageInfo:
    """Size (EXIF orientation applied), mode and DPI of an image; decodes it to catch truncation.

    Raises ProbeError for corrupt or truncated data and for decompression bombs (declared size over
    MAX_IMAGE_PIXELS: refused before any pixel is decoded). PNGs over MAX_DECODE_PIXELS are checked chunk by
    chunk instead of decoded, so memory stays bounded.
    """
    return probe_image_frame(data)[0]


def probe_image_frame(data: bytes) -> tuple[ImageInfo, Any]:
    """`probe_image`, and the frame its decoding gave as the scan measures use it (a ScanFrame; None when
    the image was not decoded whole here: an uncompressed or huge frame, an animation or a multi-page file)."""
    from PIL import Image

    from zccheck.content.scan_quality import ORIENT_LONG_SIDE

    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    image: Any = None
    decoded: Any = None  # the image once decoded whole: handed to _scan_frame, which closes it
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # DecompressionBombWarning and friends: decided below
            image = Image.open(io.BytesIO(data))
            width, height = image.size
            if width <= 0 or height <= 0:
                raise ProbeError(f"尺寸无效（{width}×{height}）")
            if width * height > MAX_IMAGE_PIXELS:
                raise ProbeError(f"声明尺寸 {width}×{height} 像素，异常巨大（疑似解压炸弹），未解码", "pixel-bomb")
            mode, fmt = image.mode, image.format or ""
            huge_png = fmt == "PNG" and width * height > MAX_DECODE_PIXELS
            # PngImageFile.getexif() decodes the whole image to look for an eXIf chunk after the pixels.
            orientation = 1 if huge_png else image.getexif().get(0x0112, 1)
            raw_dpi = image.info.get("dpi")
            if fmt == "JPEG":
                # Decoded (grey) at the size the scan measures use: its entropy decoding, most of the cost,
                # is the same at any scale, and the measures then need not decode it again.
                image.draft("L", (ORIENT_LONG_SIDE, ORIENT_LONG_SIDE))
            # An uncompressed frame (TIFF strips, BMP) cannot fail to decode, only be cut short: its
            # layout says whether every row is there, without holding the decoded frame.
            complete = raw_data_complete(image, len(data))
            if complete is False:
                raise OSError("image file is truncated (rows missing)")
            if not huge_png and complete is None:
                image.load()
                if getattr(image, "n_frames", 1) == 1:
                    decoded = image
            if huge_png:
                with Image.open(io.BytesIO(data)) as fresh:  # verify() must come straight after open()
                    fresh.verify()
    except ProbeError:
        raise
    except Image.DecompressionBombError as exc:
        found = re.search(r"\((\d+) pixels\)", str(exc))
        size = f"{int(found.group(1)):,} 像素" if found else f"超过 {MAX_IMAGE_PIXELS:,} 像素"
        raise ProbeError(f"声明尺寸 {size}，异常巨大（疑似解压炸弹），未解码", "pixel-bomb") from None
    except Exception as exc:  # UnidentifiedImageError, OSError("truncated"), SyntaxError, MemoryError, ...
        token = "truncated" if "truncated" in str(exc).lower() else "corrupt"
        reason = "图像数据不完整（文件被截断）" if token == "truncated" else "无法解码"
        raise ProbeError(f"{reason}（{type(exc).__name__}: {_short(exc)}）", token) from None
    finally:
        if image is not None and decoded is None:
            image.close()
    frame = _scan_frame(decoded) if decoded is not None else None
    return _image_info(width, height, mode, fmt, orientation, raw_dpi), frame


def _scan_frame(image: Any) -> Any:
    """The scan measures' frame of a decoded image (content.scan_quality.decode_scan_frame), or None when it
    cannot be made here (the measures then decode the file themselves and report what they find)."""
    from zccheck.content.errors import ContentError
    from zccheck.content.image_frame import FrameTooLarge
    from zccheck.content.scan_quality import decode_scan_frame

    try:
        return decode_scan_frame(image)
    except (ContentError, FrameTooLarge, OSError, ValueError, EOFError, MemoryError):
        return None  # what the measures would meet again: they decode the file and report it
    finally:
        image.close()


def _image_info(width: int, height: int, mode: str, fmt: str, orientation: Any, raw_dpi: Any) -> ImageInfo:
    if orientation in (5, 6, 7, 8):
        width, height = height, width
    dpi = None
    if isinstance(raw_dpi, tuple) and len(raw_dpi) == 2:
        try:
            dpi = (float(raw_dpi[0]), float(raw_dpi[1]))
        except (TypeError, ValueError):
            dpi = None
    return ImageInfo(width=width, height=height, mode=mode, format=fmt, dpi=dpi)


def probe_container(data: bytes) -> None:
    """Refuse an Office container (docx/xlsx/pptx/ofd) that is a zip bomb or whose XML declares entities.

    Only declared sizes and the first bytes of each XML part are read; OOXML never needs a DTD, so a
    `<!DOCTYPE`/`<!ENTITY` there is an entity-expansion ("billion laughs") or external-entity attempt.
    Raises ProbeError ("zip-bomb", "xml-entities" or "corrupt").
    """
    refusal = zip_refusal(io.BytesIO(data), OOXML_LIMITS)
    if refusal is not None:
        token = "corrupt" if refusal.reason == "corrupt" else "zip-bomb"
        raise ProbeError(refusal.message_zh, token)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for info in archive.infolist():
                if not info.filename.lower().endswith((".xml", ".rels", ".vml")) or info.file_size == 0:
                    continue
                with archive.open(info) as handle:
                    head = handle.read(_XML_HEAD_BYTES)
                if b"<!DOCTYPE" in head or b"<!ENTITY" in head or _utf16_dtd(head):
                    raise ProbeError(f"内部 XML（{info.filename}）含实体声明（DTD），疑似 XML 炸弹或外部实体攻击",
                                     "xml-entities")
    except ProbeError:
        raise
    except Exception as exc:  # BadZipFile, CRC errors, unsupported compression, encrypted members
        raise ProbeError(f"压缩结构损坏（{type(exc).__name__}: {_short(exc)}）") from None


def _utf16_dtd(head: bytes) -> bool:
    """True when a UTF-16 encoded XML head declares a DTD or an entity."""
    if not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    text = head.decode("utf-16", "ignore")
    return "<!DOCTYPE" in text or "<!ENTITY" in text


def _short(exc: BaseException, limit: int = 120) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
