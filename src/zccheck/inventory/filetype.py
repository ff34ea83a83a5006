"""File type from content, not from the name.

Signatures for the formats that matter here are recognised directly (the same answer on every platform);
anything else goes to libmagic through python-magic, or, where libmagic cannot be loaded (Windows, slim
images), to the pure-Python `filetype` package. Zip containers are told apart by their member names
(docx, xlsx, ofd, plain zip); OLE2 containers (doc, xls, wps) by the extension they claim.
"""

from __future__ import annotations

import io
import zipfile
from functools import lru_cache

HEAD_BYTES = 8192

EXTENSION_KINDS: dict[str, str] = {
    ".pdf": "pdf", ".jpg": "jpeg", ".jpeg": "jpeg", ".jpe": "jpeg", ".jfif": "jpeg", ".png": "png",
    ".gif": "gif", ".bmp": "bmp", ".tif": "tiff", ".tiff": "tiff", ".webp": "webp", ".heic": "heic",
    ".heif": "heic", ".avif": "avif", ".docx": "docx", ".doc": "doc", ".wps": "wps", ".xlsx": "xlsx",
    ".xls": "xls", ".et": "xls", ".csv": "csv", ".txt": "txt", ".zip": "zip", ".rar": "rar", ".7z": "7z",
    ".ofd": "ofd", ".pptx": "pptx", ".ppt": "ppt", ".xlsm": "xlsx", ".docm": "docx",
}

_MIME_KINDS: dict[str, str] = {
    "application/pdf": "pdf", "image/jpeg": "jpeg", "image/png": "png", "image/gif": "gif",
    "image/bmp": "bmp", "image/x-ms-bmp": "bmp", "image/tiff": "tiff", "image/webp": "webp",
    "image/heic": "heic", "image/heif": "heic", "image/avif": "avif",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/msword": "doc", "application/vnd.ms-excel": "xls", "application/zip": "zip",
    "application/x-rar": "rar", "application/vnd.rar": "rar", "application/x-rar-compressed": "rar",
    "application/x-7z-compressed": "7z", "text/csv": "csv",
}


def extension_kind(name: str) -> str | None:
    """The kind a file name's extension claims, or None for an unknown/absent extension."""
    dot = name.rfind(".")
    return EXTENSION_KINDS.get(name[dot:].lower()) if dot > 0 else None


@lru_cache(maxsize=1)
def _magic_detector():
    try:
        import magic

        return magic.Magic(mime=True)
    except Exception:  # ImportError, or libmagic present but broken
        return None


def libmagic_available() -> bool:
    """True when python-magic could load the system libmagic."""
    return _magic_detector() is not None


def _zip_kind(data: bytes, claimed: str | None) -> str:
    """docx/xlsx/pptx/ofd/zip from member names; an archive too large to list safely keeps its claimed kind."""
    from zccheck.inventory.zipguard import archive_refusal

    fallback = claimed if claimed in ("docx", "xlsx", "pptx", "ofd") else "zip"
    if archive_refusal(io.BytesIO(data)) is not None:
        return fallback
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    except Exception:  # BadZipFile, OSError, ValueError, EOFError, struct.error, ... on hostile bytes
        return fallback
    if any(n.startswith("word/") for n in names):
        return "docx"
    if any(n.startswith("xl/") for n in names):
        return "xlsx"
    if any(n.startswith("ppt/") for n in names):
        return "pptx"
    if "OFD.xml" in names or any(n.endswith("/OFD.xml") for n in names):
        return "ofd"
    return "zip"


def _looks_like_text(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return True
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
            return True
        except UnicodeDecodeError as exc:
            if encoding == "utf-8" and exc.start >= len(head) - 4:  # a character cut by the head limit
                return True
    return False


def detect_kind(data: bytes, name: str) -> str:
    """Kind of `data` (the whole file or at least its first HEAD_BYTES); `name` only breaks OLE2/text ties."""
    if not data:
        return "empty"
    head = data[:HEAD_BYTES]
    claimed = extension_kind(name)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head.startswith(b"BM") and len(head) > 14:
        return "bmp"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "tiff"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[4:8] == b"ftyp":
        brand = _isobmff_image_brand(head)
        if brand is not None:
            return brand
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_kind(data, claimed) if len(data) > len(head) or len(data) <= HEAD_BYTES else "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return claimed if claimed in ("doc", "xls", "wps", "ppt") else "doc"
    if head.startswith(b"Rar!\x1a\x07"):
        return "rar"
    if head.startswith(b"7z\xbc\xaf\x27\x1c"):
        return "7z"
    if b"%PDF-" in head[:1024]:  # some scanners and mail gateways prepend bytes before the header
        return "pdf"
    mime = _sniff_mime(head)
    if mime:
        if mime.startswith("text/") and mime != "text/csv":
            return "csv" if claimed == "csv" else "txt"
        if mime in _MIME_KINDS:
            return _MIME_KINDS[mime]
    if _looks_like_text(head):
        return "csv" if claimed == "csv" else "txt"
    return "unknown"


def _sniff_mime(head: bytes) -> str | None:
    detector = _magic_detector()
    if detector is not None:
        try:
            return str(detector.from_buffer(head))
        except Exception:
            return None
    import filetype

    guess = filetype.guess(head)
    return guess.mime if guess else None


_HEIF_BRANDS = frozenset({b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis"})
_AVIF_BRANDS = frozenset({b"avif", b"avis"})
_GENERIC_BRANDS = frozenset({b"mif1", b"msf1"})


def _isobmff_image_brand(head: bytes) -> str | None:
    """"avif" or "heic" for an ISO-BMFF (ftyp) image, from its major and compatible brands; None otherwise.

    The generic brands mif1/msf1 say only "HEIF container": the compatible brands tell AV1 (avif) from
    HEVC (heic); a generic file that names neither is reported as heic (the older, commoner case).
    """
    size = int.from_bytes(head[0:4], "big")
    end = min(len(head), size if 16 <= size <= 4096 else 64)
    brands = [head[8:12]] + [head[i:i + 4] for i in range(16, end - 3, 4)]
    if brands[0] in _AVIF_BRANDS or (brands[0] in _GENERIC_BRANDS and _AVIF_BRANDS & set(brands[1:])):
        return "avif"
    if brands[0] in _HEIF_BRANDS or brands[0] in _GENERIC_BRANDS:
        return "heic"
    return None

