"""A document's full text without OCR (docx, txt, a PDF's text layer), memoised per document.

Shared by the work-summary and report-not-summary checks (a check never imports another check's helpers).
`content/quick_text.py` is the cheaper page-capped reader the consistency and publicity checks use.
"""

from __future__ import annotations

from typing import Any

from zccheck.content.errors import ContentError
from zccheck.content.text import ExtractedText, extract_text
from zccheck.inventory.document import Document, ReadError

TEXT_KINDS = frozenset({"docx", "txt", "pdf"})
SCAN_PAGE_CHARS = 30  # a PDF page with fewer visible characters in its text layer is image-only


def document_text(doc: Document, scan_page_chars: int = SCAN_PAGE_CHARS) -> ExtractedText:
    """The document's text without OCR, memoised (also in the persistent cache); ContentError when unreadable.

    The memo holds ("ok", ExtractedText) or ("error", reason, detail): plain data (zccheck.plaindata).
    A failure to read the bytes at all is not memoised (it says nothing about the content).
    """
    if text_kind(doc) == "pdf":  # the shared, once-per-document parse of the text layer
        from zccheck.content.pdf_pages import document_text_pages
        from zccheck.content.text import from_text_pages

        return from_text_pages(document_text_pages(doc), scan_page_chars=scan_page_chars)

    def compute() -> tuple[Any, ...]:
        data = doc.read_bytes()  # a ReadError propagates: not stored
        try:
            return ("ok", extract_text(data, text_kind(doc), scan_page_chars=scan_page_chars))
        except ContentError as exc:
            return ("error", exc.reason, exc.detail)

    try:
        outcome = doc.memo(f"work-summary.text:{scan_page_chars}", compute)
    except ReadError as exc:
        raise ContentError("read-error", str(exc)) from exc
    if outcome[0] != "ok":
        raise ContentError(outcome[1], outcome[2])
    return outcome[1]


def text_kind(doc: Document) -> str:
    """The kind `extract_text` reads `doc` as (a .docx detected as a plain zip is still a .docx)."""
    return "docx" if doc.kind == "zip" and doc.extension_kind == "docx" else doc.kind


def has_text_reader(doc: Document) -> bool:
    """True when `document_text` can read this kind of document."""
    return text_kind(doc) in TEXT_KINDS
