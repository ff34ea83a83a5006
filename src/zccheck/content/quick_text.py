"""Cheap text of a document for rules that look for a few words (names, ID numbers, dates).

Only text that is already in the file is read: a PDF's text layer (first pages, via pypdf), a .docx's
paragraphs at any depth and plain text (both via `zccheck.content.text`), and the first rows of an .xlsx.
No OCR: a scan gives "" and the caller decides what that means. Readers raise `ContentError`;
`document_text` memoises per document (and, for a PDF, per page limit) so several checks share one extraction.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from zccheck.content.errors import ContentError

if TYPE_CHECKING:
    from zccheck.inventory.document import Document

# Guards against pathological files (the inventory's size cap still applies first).
MAX_TEXT_CHARS = 200_000
MAX_XLSX_ROWS = 60
TEXT_KINDS = frozenset({"txt", "csv"})


def pdf_text(data: bytes, max_pages: int = 5) -> str:
    """The text layer of the first `max_pages` pages (a damaged page reads as "")."""
    import logging

    from pypdf import PdfReader

    from zccheck.content.text import decrypt_blank

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # pypdf warns loudly about harmless damage
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            decrypt_blank(reader)
        pages = list(reader.pages[:max_pages])
    except ContentError:
        raise
    except Exception as exc:  # pypdf raises many kinds on damaged files; none may escape as a crash
        raise ContentError("corrupt", f"{type(exc).__name__}: {exc}") from None
    parts: list[str] = []
    for page in pages:
        try:
            parts.append(page.extract_text() or "")
        except Exception:  # one damaged page (bad content stream, font) has no usable text
            parts.append("")
        if sum(map(len, parts)) > MAX_TEXT_CHARS:
            break
    return "\n".join(parts)[:MAX_TEXT_CHARS]


def docx_text(data: bytes) -> str:
    """Paragraphs of a .docx at any depth (tables, text boxes), via `zccheck.content.text`."""
    from zccheck.content.text import docx_text as read_docx

    return read_docx(data).text[:MAX_TEXT_CHARS]


def xlsx_text(data: bytes, max_rows: int = MAX_XLSX_ROWS) -> str:
    """The first `max_rows` rows of every sheet, cells separated by spaces."""
    from zccheck.content.text import check_zip_bomb

    check_zip_bomb(data)
    try:
        import openpyxl
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise ContentError("dependency-missing", "openpyxl") from exc
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        lines = []
        try:
            for sheet in book.worksheets:
                for row in sheet.iter_rows(max_row=max_rows, values_only=True):
                    cells = [str(v).strip() for v in row if v is not None and str(v).strip()]
                    if cells:
                        lines.append(" ".join(cells))
        finally:
            book.close()
    except Exception as exc:
        raise ContentError("corrupt", f"{type(exc).__name__}: {exc}") from None
    return "\n".join(lines)[:MAX_TEXT_CHARS]


def plain_text(data: bytes) -> str:
    """Plain text in whatever encoding `zccheck.content.text` recognises (BOMs, UTF-8, UTF-16, GB18030...)."""
    from zccheck.content.text import plain_text as read_plain

    return read_plain(data).text[:MAX_TEXT_CHARS]


def extract_text(data: bytes, kind: str, max_pages: int = 5) -> str:
    """Text of bytes of detected `kind`; "" for kinds without a text layer (images, unknown)."""
    if kind == "pdf":
        return pdf_text(data, max_pages)
    if kind == "docx":
        return docx_text(data)
    if kind == "xlsx":
        return xlsx_text(data)
    if kind in TEXT_KINDS:
        return plain_text(data)
    return ""


def document_text(doc: Document, max_pages: int = 5) -> str:
    """Memoised `extract_text` of a Document. Raises ContentError (also memoised) when unreadable."""
    from zccheck.inventory.document import ReadError

    def compute() -> str | ContentError:
        if doc.read_error:
            return ContentError("unreadable", doc.read_error)
        try:
            return extract_text(doc.read_bytes(), doc.kind, max_pages)
        except ContentError as exc:
            return exc
        except ReadError as exc:
            return ContentError("unreadable", str(exc))

    key = f"quick_text:pdf:{max_pages}" if doc.kind == "pdf" else "quick_text"
    result = doc.memo(key, compute)
    if isinstance(result, ContentError):
        raise result
    return result
