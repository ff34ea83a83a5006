"""Source reader: the text layer of a PDF (pypdf layout text), a one-cell row per line."""

from __future__ import annotations

import io
from typing import Any

from zccheck.content.errors import ContentError
from zccheck.content.pdf_pages import pypdf_errors
from zccheck.content.pension.limits import MAX_PDF_PAGES, MAX_ROWS

MIN_TEXT_CHARS = 20  # fewer non-blank characters in all pages: a scan without a text layer


def _page_text(page: Any) -> str:
    """A page's layout text (columns kept apart by spaces), else its plain text."""
    try:
        return page.extract_text(extraction_mode="layout") or ""
    except pypdf_errors():  # layout mode fails on some damaged fonts; plain mode may still work
        return page.extract_text() or ""


def pdf_rows(data: bytes) -> list[list[Any]]:
    """Every non-blank line of the first pages as a one-cell row.

    ContentError "encrypted" (a password is needed), "no-text" (a scan) or "corrupt"."""
    from pypdf import PdfReader

    from zccheck.content.text import decrypt_blank

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            decrypt_blank(reader)
        lines: list[list[Any]] = []
        chars = 0
        for page in reader.pages[:MAX_PDF_PAGES]:
            text = _page_text(page)
            chars += len("".join(text.split()))
            lines.extend([line] for line in text.splitlines() if line.strip())
    except ContentError:
        raise
    except pypdf_errors() as exc:  # the parser's failures on malformed input; our own bugs propagate
        raise ContentError("corrupt", f"{type(exc).__name__}: {exc}") from None
    if chars < MIN_TEXT_CHARS:
        raise ContentError("no-text", "the PDF has no text layer (a scan)")
    return lines[:MAX_ROWS]
