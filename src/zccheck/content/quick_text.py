"""Cheap text of a document for rules that look for a few words (names, ID numbers, dates).

Only text that is already in the file is read: a PDF's text layer (first pages, from the shared parse in
`zccheck.content.pdf_pages`), a .docx's
paragraphs at any depth and plain text (both via `zccheck.content.text`), and the first rows of an .xlsx.
No OCR: a scan gives "" and the caller decides what that means. Readers raise `ContentError`;
`document_text` memoises per document (and, for a PDF, per page limit) so several checks share one extraction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from zccheck.content.errors import ContentError, memoised_read

if TYPE_CHECKING:
    from zccheck.inventory.document import Document

# Guards against pathological files (the inventory's size cap still applies first).
MAX_TEXT_CHARS = 200_000
MAX_XLSX_ROWS = 60
TEXT_KINDS = frozenset({"txt", "csv"})


def pdf_text(data: bytes, max_pages: int = 5) -> str:
    """The text layer of the first `max_pages` pages (a damaged page reads as "")."""
    from zccheck.content.pdf_pages import pdf_text_pages

    return pdf_text_pages(data).first(max_pages)[:MAX_TEXT_CHARS]


def docx_text(data: bytes) -> str:
    """Paragraphs of a .docx at any depth (tables, text boxes), via `zccheck.content.text`."""
    from zccheck.content.text import docx_text as read_docx

    return read_docx(data).text[:MAX_TEXT_CHARS]


def xlsx_text(data: bytes, max_rows: int = MAX_XLSX_ROWS) -> str:
    """The first `max_rows` rows of every sheet, cells separated by spaces (the sheets as the pension reader
    parses them: one xlsx reader)."""
    from zccheck.content.pension.read_xlsx import xlsx_grids

    return grid_text(xlsx_grids(data), max_rows)


def grid_text(grids: list[Any], max_rows: int = MAX_XLSX_ROWS) -> str:
    """The first `max_rows` rows of each sheet grid, non-empty cells joined by spaces, a line per row."""
    lines = []
    for grid in grids:
        for row in grid.rows[:max_rows]:
            cells = [str(v).strip() for v in row if v is not None and str(v).strip()]
            if cells:
                lines.append(" ".join(cells))
    return "\n".join(lines)[:MAX_TEXT_CHARS]


def xlsx_errors() -> tuple[type[BaseException], ...]:
    """What openpyxl raises on a malformed workbook: its own InvalidFileException, broken XML, a missing
    part (KeyError), bad values (ValueError/TypeError), a damaged zip."""
    from xml.etree.ElementTree import ParseError

    from openpyxl.utils.exceptions import InvalidFileException

    from zccheck.inventory.zipguard import ZIP_READ_ERRORS

    return (InvalidFileException, ParseError, KeyError, ValueError, TypeError, IndexError, AttributeError,
            *ZIP_READ_ERRORS)


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
    if doc.read_error:
        raise ContentError("unreadable", doc.read_error)
    if doc.kind == "pdf":  # the shared, once-per-document parse of the text layer
        from zccheck.content.pdf_pages import document_text_pages

        pages = document_text_pages(doc)
        return pages.first(max_pages)[:MAX_TEXT_CHARS]
    if doc.kind == "xlsx":  # the shared, once-per-document parse of the sheets
        from zccheck.content.pension.read_xlsx import document_grids

        return grid_text(document_grids(doc))
    return memoised_read(doc, "quick_text", lambda data: extract_text(data, doc.kind, max_pages))
