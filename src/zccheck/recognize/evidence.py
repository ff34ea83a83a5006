"""Cheap content evidence of one document, memoised per document (and in the user cache by content hash).

Two depths:
* `text_evidence` — only text already in the file: a PDF's text layer (the same extraction the other checks
  share), a .docx's paragraphs, the first rows of a spreadsheet, plain text. Cheap: used to cross-check
  files whose names already decide their item.
* `full_evidence` — the above, and for images and scanned PDFs a face count (the ID photo) and OCR of the
  title region of the first page (`content.title_ocr`). Used for files whose names say nothing.

Evidence is a plain dict (JSON-friendly, so the cache can store it): `method`, `lines` (text lines, top
first), `faces` and `face_share` (largest face's share of the image height), `pension_columns` (labels of
the best pension-like header row), `needs_vision` (an image or scan, but the vision extra is missing),
`error` (why nothing could be read).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from zccheck.content.errors import ContentError, DependencyMissing
from zccheck.inventory.document import Document, ReadError

if TYPE_CHECKING:
    from zccheck.checklist.model import RecognitionSettings

TEXT_PDF_PAGES = 5        # the page limit the other text checks use: their extraction is shared (memo key)
MIN_TEXT_CHARS = 30       # fewer visible characters in a PDF's text layer: a scan
MAX_LINES = 160
_CELL_SPLIT = re.compile(r"[,\t;|]+|\s{1,}")
_VISIBLE = re.compile(r"\S")
OCR_KINDS = frozenset({"pdf", "jpeg", "png", "gif", "bmp", "tiff", "webp"})
FACE_KINDS = frozenset({"jpeg", "png", "bmp", "webp", "tiff"})
TEXT_KINDS = frozenset({"pdf", "docx", "xlsx", "csv", "txt"})


def text_evidence(doc: Document) -> dict[str, Any]:
    """Evidence from text already in the file (no OCR, no face detection)."""
    if doc.kind not in TEXT_KINDS or doc.read_error or not doc.size:
        return {"method": "", "lines": []}
    from zccheck.content.quick_text import document_text

    try:
        text = document_text(doc, max_pages=TEXT_PDF_PAGES)
    except ContentError as exc:
        return {"method": "", "lines": [], "error": exc.reason}
    if doc.kind == "pdf" and len(_VISIBLE.findall(text)) < MIN_TEXT_CHARS:
        return {"method": "", "lines": [], "scan": True}
    lines = [line.strip() for line in text.splitlines() if line.strip()][:MAX_LINES]
    method = {"pdf": "text-layer", "docx": "docx", "xlsx": "spreadsheet", "csv": "spreadsheet"}.get(doc.kind, "text")
    evidence: dict[str, Any] = {"method": method, "lines": lines}
    if method == "spreadsheet" or doc.kind == "pdf":
        evidence["pension_columns"] = pension_header(lines)
    return evidence


def full_evidence(doc: Document, settings: RecognitionSettings, face_share: float | None,
                  deep: bool = False) -> dict[str, Any]:
    """Text evidence; for an image or a scan also a face count and the OCR of the first page's title region.

    An image with exactly one face of at least `face_share` of its height is not OCRed (an ID photo);
    `face_share` None: faces are not looked for. `deep`: OCR the whole first page (twice the lines), for
    files whose title region left the decision open."""
    evidence = doc.memo("recognize:text:v1", lambda: text_evidence(doc))
    if evidence.get("lines") or doc.kind not in OCR_KINDS or doc.read_error or not doc.size:
        return evidence
    from zccheck.content.ocr import ocr_available

    if not ocr_available():
        return {**evidence, "needs_vision": True}
    region, lines = (1.0, 2 * settings.max_ocr_lines) if deep else (settings.title_region, settings.max_ocr_lines)
    key = f"recognize:image:v1:{region}:{lines}:{face_share}"
    return {**evidence, **doc.memo(key, lambda: _image_evidence(doc, region, lines, face_share))}


def _image_evidence(doc: Document, region: float, max_lines: int, face_share: float | None) -> dict[str, Any]:
    """Face (images) first: a clear ID photo needs no OCR; else OCR of the title region."""
    try:
        data = doc.read_bytes()
    except ReadError as exc:  # the file could not be read: file-integrity reports it
        return {"method": "", "lines": [], "error": exc.reason}
    result: dict[str, Any] = {}
    if doc.kind in FACE_KINDS and face_share is not None:
        result.update(_faces(data))
        if result.get("faces") == 1 and result.get("face_share", 0.0) >= face_share:
            result["method"] = "face"
            result["lines"] = []
            return result
    from zccheck.content.title_ocr import title_lines

    try:
        ocr = title_lines(data, doc.kind, region=region, max_lines=max_lines)
    except DependencyMissing:
        return {**result, "method": "", "lines": [], "needs_vision": True}
    except ContentError as exc:
        return {**result, "method": "", "lines": [], "error": exc.reason}
    return {**result, "method": "ocr-title", "lines": list(ocr.lines), "rotation": ocr.rotation,
            "ocr_seconds": ocr.seconds, "whole_page": ocr.whole_page or region >= 1.0}


def _faces(data: bytes) -> dict[str, Any]:
    """Number of faces and the largest one's share of the image height (nothing when it cannot be measured)."""
    from zccheck.content.photo_measure import measure_photo

    try:
        measures = measure_photo(data)
    except ContentError:
        return {}
    if measures.faces is None:
        return {}
    largest = max((f.height_share for f in measures.faces), default=0.0)
    return {"faces": len(measures.faces), "face_share": round(float(largest), 3)}


def pension_header(lines: list[str]) -> list[str]:
    """Labels of the row (among the first lines) that looks most like a pension table header, by the pension
    reader's own header synonyms; empty when no row has a month column."""
    from zccheck.content.pension.header import MONTH_ROLES, header_role

    best: list[str] = []
    best_roles = 0
    for line in lines[:60]:
        cells = [c for c in _CELL_SPLIT.split(line) if c]
        if len(cells) < 2 or len(cells) > 40:
            continue
        labelled = [(c, header_role(c)) for c in cells]
        roles = {r for _, r in labelled if r and r not in ("name", "id", "seq", "note", "person_no")}
        if not roles & set(MONTH_ROLES) and not any(r and r.startswith("m") and r[1:].isdigit() for r in roles):
            continue
        if len(roles) > best_roles:
            best_roles = len(roles)
            best = [c for c, r in labelled if r and r not in ("name", "id", "seq", "note", "person_no")]
    return best
