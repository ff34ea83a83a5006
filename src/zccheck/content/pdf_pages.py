"""A PDF's text layer, page by page, parsed ONCE per document and shared by every check.

`document_text_pages(doc)` is the accessor the checks (work summary, report-vs-summary, consistency,
publicity, paper evidence, content recognition) use: it returns `TextPages` (the page count and each page's
text) from `doc.memo`, so a document is parsed once per run (and once per cache lifetime with the
persistent cache). `pdf_text_pages(data)` is the pure reader underneath.

Engine: pdfium (pypdfium2, the `vision` extra) when installed — a C parser, 1–3 ms a page, that repairs what
viewers repair; otherwise pypdf. A real 1.5 MB evidence PDF with a 65,000-object stream took pypdf 13 s
to open and 9 s to read; pdfium reads it in 0.5 s.

Errors are data: the memo holds ("ok", pages, texts, engine) or ("error", reason, detail), plain JSON-friendly
values. Reasons: "corrupt", "encrypted", "too-large". Only the parsers' documented failures become content
errors; anything else is a bug in zccheck and propagates (the engine reports `internal-error` with the path).
"""

from __future__ import annotations

import io
import logging
import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from zccheck.content.errors import ContentError

if TYPE_CHECKING:
    from zccheck.inventory.document import Document

MAX_PDF_PAGES = 500  # pages whose text is read; a longer PDF is "too-large" for text work
MEMO_KEY = "pdf.text-pages"


def pypdf_errors() -> tuple[type[BaseException], ...]:
    """What pypdf raises on malformed input: its own errors, and the ValueError/KeyError/TypeError/
    AttributeError/IndexError/AssertionError/RecursionError/zlib.error/OSError that its parsing code lets through
    on broken objects, streams and filters (observed on the qpdf and pdf.js test corpora)."""
    from pypdf.errors import PdfReadError, PdfStreamError, PyPdfError

    return (PyPdfError, PdfReadError, PdfStreamError, ValueError, KeyError, TypeError, AttributeError,
            IndexError, AssertionError, RecursionError, zlib.error, OSError, NotImplementedError, EOFError)


@dataclass(frozen=True)
class TextPages:
    """The text layer of a PDF: `pages` is the page count, `texts` each page's text (the first
    `MAX_PDF_PAGES` pages; a page that could not be read is ""), `engine` "pdfium" or "pypdf"."""

    pages: int
    texts: tuple[str, ...]
    engine: str

    def first(self, count: int) -> str:
        """The text of the first `count` pages, joined by newlines (what "cheap text" readers want)."""
        return "\n".join(self.texts[:count])


def document_text_pages(doc: Document) -> TextPages:
    """The memoised text layer of a PDF Document; raises ContentError when it cannot be read (a ReadError,
    the bytes not being available, is raised as ContentError("read-error") and not memoised)."""
    from zccheck.inventory.document import ReadError

    def compute() -> list[Any]:
        data = doc.read_bytes()
        try:
            result = pdf_text_pages(data)
        except ContentError as exc:
            return ["error", exc.reason, exc.detail]
        return ["ok", result.pages, list(result.texts), result.engine]

    try:
        outcome = doc.memo(MEMO_KEY, compute)
    except ReadError as exc:
        raise ContentError("read-error", str(exc)) from exc
    if outcome[0] != "ok":
        raise ContentError(str(outcome[1]), str(outcome[2]))
    return TextPages(pages=int(outcome[1]), texts=tuple(outcome[2]), engine=str(outcome[3]))


def pdf_text_pages(data: bytes) -> TextPages:
    """Read the text layer of `data` (a PDF), pdfium first, pypdf without it. ContentError when unreadable."""
    try:
        import pypdfium2  # noqa: F401
    except ImportError:
        return _pypdf_pages(data)
    return _pdfium_pages(data)


def _pdfium_pages(data: bytes) -> TextPages:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        reason = "encrypted" if int(raw.FPDF_GetLastError()) == raw.FPDF_ERR_PASSWORD else "corrupt"
        raise ContentError(reason, str(exc)) from exc
    try:
        count = len(document)
        if count == 0:
            raise ContentError("corrupt", "the PDF has no pages")
        if count > MAX_PDF_PAGES:
            raise ContentError("too-large", f"{count} pages")
        texts: list[str] = []
        for index in range(count):
            try:
                page = document[index]
            except pdfium.PdfiumError:  # a page the viewer cannot load has no text
                texts.append("")
                continue
            try:
                textpage = page.get_textpage()
                try:
                    texts.append(_clean(textpage.get_text_range()))
                finally:
                    textpage.close()
            except pdfium.PdfiumError:
                texts.append("")
            finally:
                page.close()
    finally:
        document.close()
    return TextPages(pages=count, texts=tuple(texts), engine="pdfium")


def _clean(text: str) -> str:
    """pdfium's line breaks are CR LF; NULs and soft hyphens from some encoders are dropped."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "").replace("\ufffe", "")


def _pypdf_pages(data: bytes) -> TextPages:
    from pypdf import PdfReader

    from zccheck.content.text import decrypt_blank

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # pypdf warns loudly about harmless damage
    errors = pypdf_errors()
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            decrypt_blank(reader)
        count = len(reader.pages)
    except ContentError:
        raise
    except errors as exc:
        raise ContentError("corrupt", f"{type(exc).__name__}: {exc}") from exc
    if count == 0:
        raise ContentError("corrupt", "the PDF has no pages")
    if count > MAX_PDF_PAGES:
        raise ContentError("too-large", f"{count} pages")
    texts: list[str] = []
    for index in range(count):
        try:
            texts.append(reader.pages[index].extract_text() or "")
        except errors:  # one damaged page (bad content stream, font) has no usable text
            texts.append("")
    return TextPages(pages=count, texts=tuple(texts), engine="pypdf")
