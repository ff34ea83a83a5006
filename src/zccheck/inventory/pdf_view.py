"""How a PDF viewer sees a file: pdfium (the engine of Chrome's viewer, pypdfium2 in the `vision` extra)
opens it and finds every page, the way a reviewer's browser would.

This is the judge before the harsh verdicts (`corrupt-file`, `encrypted-pdf`): pypdf is strict about damage
that viewers repair silently (a bad cross-reference table, a missing %%EOF, a deprecated filter name) and
cannot tell a document-open password from encryption that only covers attachments or one crypt filter.
`viewer_opinion(data)` answers without raising:

* "ok" — pdfium opened it without a password; `failed_pages` lists pages it cannot load (0-based),
  `repaired` says its cross-reference table was broken and rebuilt, `encrypted` that a security handler is
  present (permissions or attachment encryption, but no password needed to read it);
* "password" — a password is needed to open it;
* "unopenable" — pdfium cannot open it at all (`detail` says why);
* "unavailable" — pypdfium2 is not installed: no second opinion, the caller must not guess.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass

MAX_PAGES_LOADED = 2000  # pages looked up one by one to prove they display; beyond this only the count is used

_ERRORS = {1: "unknown error", 2: "file not found or not readable", 3: "not a PDF or corrupted",
           4: "password required", 5: "unsupported security scheme", 6: "page not found"}


@dataclass(frozen=True)
class ViewerOpinion:
    """pdfium's view of a PDF (see module doc). `pages` is the page count pdfium reports."""

    status: str
    pages: int = 0
    failed_pages: tuple[int, ...] = ()
    repaired: bool = False
    encrypted: bool = False
    detail: str = ""

    @property
    def displays(self) -> bool:
        """True when pdfium opened it and at least one page loads."""
        return self.status == "ok" and self.pages > 0 and len(self.failed_pages) < self.pages


def viewer_available() -> bool:
    """True when pypdfium2 can be imported."""
    try:
        import pypdfium2  # noqa: F401
    except ImportError:
        return False
    return True


def viewer_opinion(data: bytes) -> ViewerOpinion:
    """Open `data` with pdfium and look up every page (up to MAX_PAGES_LOADED). Never raises on bad bytes.

    A page is looked up with FPDF_GetPageSizeByIndexF: pdfium fails it exactly when FPDF_LoadPage fails (the
    page dictionary cannot be found or built; content-stream errors never fail a load, the viewer draws
    what it can), without parsing the page's content and fonts, which is most of a load's cost.
    """
    try:
        import pypdfium2 as pdfium
        import pypdfium2.raw as raw
    except ImportError:
        return ViewerOpinion("unavailable", detail="pypdfium2 is not installed")
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = int(raw.FPDF_GetLastError())
        if code == raw.FPDF_ERR_PASSWORD:
            return ViewerOpinion("password", detail=str(exc))
        return ViewerOpinion("unopenable", detail=_ERRORS.get(code, str(exc)))
    try:
        count = len(document)
        encrypted = int(raw.FPDF_GetSecurityHandlerRevision(document.raw)) != -1
        repaired = not bool(raw.FPDF_DocumentHasValidCrossReferenceTable(document.raw))
        size = raw.FS_SIZEF()
        failed = [index for index in range(min(count, MAX_PAGES_LOADED))
                  if not raw.FPDF_GetPageSizeByIndexF(document.raw, index, ctypes.byref(size))]
        return ViewerOpinion("ok", pages=count, failed_pages=tuple(failed), repaired=repaired, encrypted=encrypted)
    finally:
        document.close()
