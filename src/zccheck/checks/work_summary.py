"""The work summary's 字数 (§三.2(4): 不少于 2000 字), counted as Word counts, from whatever file it is.

Sources, per document of the item:
* .docx → python-docx (tables, text boxes, footnotes; no headers/footers), .txt → decoded text,
  PDF with a text layer → the layer: all exact counts ("docx", "txt", "text-layer").
* A scanned PDF, the image-only pages of a mixed PDF, or an image → offline OCR ("ocr"), which stops as
  soon as the running total reaches `min_chars + ocr_margin`. OCR is run only when the exact counts do
  not already reach `min_chars`, so a typed summary never waits for it.
* .doc / .wps → a conversion hint (review); other formats → review; unreadable files → error.

Several files are parts of one summary (e.g. 工作总结1.pdf, 工作总结2.pdf): their counts are summed, in path
order. A file whose text is the same as another's (the .docx and its PDF export, the same scan twice) is a
duplicate: it is reported and counted once (the larger count is kept).

Outcome, one finding for the item (with the count, method and per-file figures in its details):
* exact count ≥ min_chars, or a count with OCR ≥ min_chars + ocr_margin → `summary-word-count` (info);
* exact count < min_chars, or a count with OCR < min_chars − ocr_margin → `summary-too-short` (error);
* a count with OCR in between → `summary-count-uncertain` (review);
* OCR needed but not installed → `summary-ocr-unavailable` (review, with the install hint);
* OCR out of time before deciding → `summary-ocr-incomplete` (review);
* short, but some file could not be counted → `summary-partly-counted` (review).
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from zccheck.checks.base import CheckContext, Scope
from zccheck.content import ocr as ocr_module
from zccheck.content.document_text import SCAN_PAGE_CHARS, TEXT_KINDS, document_text, text_kind
from zccheck.content.errors import ContentError, DependencyMissing
from zccheck.content.similarity import compare
from zccheck.content.wordcount import count_words
from zccheck.findings import Problem
from zccheck.inventory.document import IMAGE_KINDS, UNDECODED_IMAGE_KINDS, Document, ReadError

ID = "work-summary"
SCOPE = Scope.ITEM
DEFAULTS: dict[str, Any] = {
    "min_chars": 2000,  # §三.2(4)
    "ocr_margin": 200,  # ± 字 around min_chars where an OCR count is not trusted to decide (10%)
    "ocr_dpi": 150,  # rendering resolution of scanned PDF pages (see content/ocr.py for why)
    # OCR time for the whole item (engine start excluded); kept under the engine's per-check limit (60 s) so
    # that a slow machine ends in `summary-ocr-incomplete` with the pages read, not in a bare check-timeout.
    "ocr_time_budget_s": 40.0,
    "scan_page_chars": SCAN_PAGE_CHARS,  # a PDF page with fewer visible characters in its text layer is image-only
    "duplicate_threshold": 0.8,  # containment above which two files are the same text
}

LEGACY_KINDS = frozenset({"doc", "wps"})
OCR_KINDS = frozenset(IMAGE_KINDS - UNDECODED_IMAGE_KINDS)
CONVERT_TO = {"heic": "JPEG", "avif": "JPEG", "ofd": "PDF", "xlsx": "PDF", "xls": "PDF", "pptx": "PDF", "ppt": "PDF"}

METHOD_ZH = {"docx": "Word 文档", "txt": "文本文件", "text-layer": "PDF 文字层", "ocr": "文字识别"}
METHOD_EN = {"docx": "Word document", "txt": "text file", "text-layer": "PDF text layer", "ocr": "OCR"}
REASON_ZH = {
    "corrupt": "文件已损坏", "encrypted": "PDF 有密码", "empty": "空文件",
    "bomb": "压缩包异常（疑似压缩炸弹）", "too-large": "页数或尺寸过大",
    "unsupported": "内容不是所声称的格式", "read-error": "读取失败",
}
REASON_EN = {
    "corrupt": "damaged", "encrypted": "password-protected PDF", "empty": "empty file",
    "bomb": "abnormal zip (a zip bomb?)", "too-large": "too many pages or too large", "unsupported":
    "content is not what it claims", "read-error": "could not be read",
}


# --- the check -------------------------------------------------------------------------------------------


@dataclass
class _Part:
    """One file of the summary and what was learned about it.

    `status`: "counted" (its count is in the total), "ocr-pending" (a scan waiting for OCR), "duplicate",
    "uncounted" (unreadable, legacy, no OCR...) or "not-needed" (a scan left unread: the total was enough).
    A mixed PDF is "counted" from its text layer with `ocr_pages` still to read.
    """

    doc: Document
    status: str = "pending"
    method: str | None = None
    count: int = 0
    text: str = ""
    ocr_pages: tuple[int, ...] | None = None
    needs_ocr: bool = False
    info: dict[str, Any] = field(default_factory=dict)

    def details(self) -> dict[str, Any]:
        out: dict[str, Any] = {"path": self.doc.rel_path, "status": self.status, "method": self.method,
                               "count": self.count}
        out.update(self.info)
        return out


def check(ctx: CheckContext, options: Mapping[str, Any]) -> Iterator[Problem]:
    """Count the summary's 字数 across the item's documents and judge it against `min_chars`."""
    docs = sorted(ctx.item_documents, key=lambda d: d.rel_path)
    if not docs:
        return
    parts = [_Part(doc) for doc in docs]
    for part in parts:
        yield from _read_without_ocr(part, options)
    yield from _mark_duplicates(parts, float(options["duplicate_threshold"]))

    min_chars = int(options["min_chars"])
    margin = int(options["ocr_margin"])
    exact_total = sum(p.count for p in parts if p.status == "counted")
    waiting = [p for p in parts if p.needs_ocr and p.status in ("counted", "ocr-pending")]
    ocr_state: dict[str, Any] = {}
    if waiting and exact_total < min_chars:
        yield from _run_ocr(parts, waiting, exact_total, min_chars + margin, options, ocr_state)
    for part in waiting:
        if part.status == "ocr-pending":
            part.status = "not-needed"
    yield from _outcome(parts, min_chars, margin, ocr_state)


def _read_without_ocr(part: _Part, options: Mapping[str, Any]) -> Iterator[Problem]:
    doc = part.doc
    base = {"name": doc.name}
    if doc.read_error:
        part.status = "uncounted"
        yield _unreadable(doc, "read-error", doc.read_error)
        return
    if doc.size == 0 or doc.kind == "empty":
        part.status = "uncounted"
        yield _unreadable(doc, "empty", "")
        return
    kind = text_kind(doc)
    if kind in LEGACY_KINDS:
        part.status = "uncounted"
        yield Problem("summary-legacy-format", path=doc.rel_path, params={**base, "kind": f".{kind}"},
                      details={"kind": kind})
        return
    if kind in OCR_KINDS:
        part.status, part.method, part.needs_ocr = "ocr-pending", "ocr", True
        return
    if kind not in TEXT_KINDS:
        part.status = "uncounted"
        target = CONVERT_TO.get(kind, "PDF")
        yield Problem("summary-unsupported-format", path=doc.rel_path,
                      params={**base, "kind": kind, "target": target},
                      details={"kind": kind, "convert_to": target})
        return
    try:
        extracted = document_text(doc, int(options["scan_page_chars"]))
    except ContentError as exc:
        part.status = "uncounted"
        yield _unreadable(doc, exc.reason, exc.detail)
        return
    if extracted.pages is not None:
        part.info.update({"pages": extracted.pages, "chars_per_page": list(extracted.chars_per_page)})
    if extracted.encoding:
        part.info["encoding"] = extracted.encoding
    if extracted.is_scan:
        part.status, part.method, part.needs_ocr = "ocr-pending", "ocr", True
        return
    part.text = extracted.text
    part.count = count_words(extracted.text)
    part.method = extracted.method
    part.status = "counted"
    if extracted.image_pages:  # a mixed PDF: text-layer pages counted, image-only pages wait for OCR
        part.info["image_pages"] = [i + 1 for i in extracted.image_pages]
        part.ocr_pages = extracted.image_pages
        part.needs_ocr = True


def _unreadable(doc: Document, reason: str, detail: str) -> Problem:
    return Problem("summary-unreadable", path=doc.rel_path,
                   params={"name": doc.name, "reason_zh": REASON_ZH.get(reason, reason),
                           "reason_en": REASON_EN.get(reason, reason)},
                   details={"reason": reason, "detail": detail[:300]})


def _mark_duplicates(parts: list[_Part], threshold: float) -> Iterator[Problem]:
    """Same bytes, or (for parts with text) the same text: the smaller of the two is the duplicate."""
    kept: list[_Part] = []
    for part in parts:
        if part.status not in ("counted", "ocr-pending"):
            continue
        found = _twin(part, kept, threshold)
        if found is None:
            kept.append(part)
            continue
        twin, overlap = found
        if part.count > twin.count:  # keep the fuller one (e.g. the .docx rather than a partial text layer)
            kept[kept.index(twin)] = part
            twin, part = part, twin
        yield _duplicate(part, twin, overlap)


def _twin(part: _Part, kept: list[_Part], threshold: float) -> tuple[_Part, float] | None:
    for other in kept:
        if part.doc.sha256 and part.doc.sha256 == other.doc.sha256:
            return other, 1.0
        if not part.text.strip() or not other.text.strip():
            continue
        similarity = compare(part.text, other.text)
        if min(similarity.a_in_b, similarity.b_in_a) >= threshold:
            return other, round(similarity.score, 3)
    return None


def _duplicate(duplicate: _Part, original: _Part, overlap: float) -> Problem:
    duplicate.status = "duplicate"
    duplicate.info.update({"duplicate_of": original.doc.rel_path, "overlap": overlap})
    return Problem("summary-duplicate-part", path=duplicate.doc.rel_path,
                   params={"name": duplicate.doc.name, "other": original.doc.name,
                           "percent": round(overlap * 100)},
                   details={"duplicate_of": original.doc.rel_path, "overlap": overlap})


def _run_ocr(parts: list[_Part], waiting: list[_Part], exact_total: int, stop_total: int,
             options: Mapping[str, Any], state: dict[str, Any]) -> Iterator[Problem]:
    """OCR the waiting parts in order until the running total reaches `stop_total` or the budget ends."""
    budget = float(options["ocr_time_budget_s"])
    dpi = int(options["ocr_dpi"])
    min_chars = int(options["min_chars"])
    started = time.perf_counter()
    total = exact_total
    state.update({"budget_s": budget, "pages_done": 0, "pages_complete": 0, "pages_total": 0, "seconds": 0.0,
                  "timed_out": False})
    for part in waiting:
        if total >= stop_total:
            break
        mixed = part.status == "counted"
        remaining = budget - (time.perf_counter() - started)
        try:
            result = _ocr(part.doc, dpi, part.ocr_pages, stop_total - total, remaining)
        except ContentError as exc:
            if not mixed:
                part.status = "uncounted"
            if isinstance(exc, DependencyMissing) or exc.reason == "ocr-unavailable":
                package = exc.package if isinstance(exc, DependencyMissing) else exc.detail
                state["unavailable"] = package
                yield Problem("summary-ocr-unavailable", path=part.doc.rel_path,
                              params={"name": part.doc.name, "package": package, "min_chars": min_chars},
                              details={"package": package, "pages": part.info.get("image_pages")})
            else:
                yield _unreadable(part.doc, exc.reason, exc.detail)
            continue
        if result.unreadable_pages:
            pages = "、".join(str(n) for n in result.unreadable_pages[:12])
            yield Problem("summary-page-unreadable", path=part.doc.rel_path,
                          params={"name": part.doc.name, "pages": pages},
                          details={"pages": list(result.unreadable_pages)})
            if result.pages_done == 0 and not result.timed_out:
                if not mixed:
                    part.status = "uncounted"
                continue
        state["used"] = True
        state["pages_done"] += result.pages_done
        state["pages_complete"] += result.pages_complete
        state["pages_total"] += result.pages_total
        state["seconds"] = round(state["seconds"] + result.seconds, 3)
        state["timed_out"] = state["timed_out"] or result.timed_out
        part.info.update({"ocr_count": result.count, "ocr_pages_read": result.pages_done,
                          "ocr_pages": result.pages_total, "ocr_seconds": result.seconds,
                          "ocr_stopped_early": result.stopped_early, "ocr_dpi": result.dpi})
        part.info.setdefault("pages", result.pages_total)
        if not mixed and result.count == 0 and result.complete:
            part.status = "uncounted"
            yield Problem("summary-no-text-found", path=part.doc.rel_path,
                          params={"name": part.doc.name, "pages_done": result.pages_done},
                          details={"pages": result.pages_total})
            continue
        part.text = f"{part.text}\n{result.text}" if mixed else result.text
        part.count += result.count
        part.method = "text-layer+ocr" if mixed else "ocr"
        part.status = "counted"
        duplicate = _ocr_twin(part, parts, float(options["duplicate_threshold"]))
        if duplicate is not None:
            yield duplicate
            continue
        total += result.count


def _ocr(doc: Document, dpi: int, pages: tuple[int, ...] | None, stop_at: int,
         budget_s: float) -> ocr_module.OcrResult:
    """OCR through the document's memo (a result depends on the bytes, dpi, pages and stop_at only; a
    timed-out one is never kept by the persistent cache)."""
    if budget_s <= 0:
        total = len(pages) if pages is not None else (doc.pdf.pages if doc.pdf else 1)
        return ocr_module.OcrResult("", 0, 0, total, 0.0, False, True, dpi, pages_complete=0)

    def compute() -> ocr_module.OcrResult:
        return ocr_module.ocr_count(doc.open_stream, doc.kind, stop_at=stop_at, dpi=dpi, time_budget_s=budget_s,
                                    pages=pages)

    try:
        return doc.memo(f"work-summary.ocr:{dpi}:{pages}:{stop_at}", compute)
    except ReadError as exc:
        raise ContentError("read-error", str(exc)) from exc


def _ocr_twin(part: _Part, parts: list[_Part], threshold: float) -> Problem | None:
    """An OCR'd part whose (possibly partial) text lies inside another counted part is that part again."""
    for other in parts:
        if other is part or other.status != "counted" or not other.text.strip() or not part.text.strip():
            continue
        similarity = compare(part.text, other.text)
        if similarity.a_in_b >= threshold:
            return _duplicate(part, other, round(similarity.a_in_b, 3))
    return None


def _outcome(parts: list[_Part], min_chars: int, margin: int,
             ocr_state: Mapping[str, Any]) -> Iterator[Problem]:
    counted = [p for p in parts if p.status == "counted"]
    if not counted and not ocr_state.get("unavailable"):
        return  # every file already has its own finding saying why it could not be counted
    total = sum(p.count for p in counted)
    methods = sorted({m for p in counted for m in (p.method or "").split("+") if m})
    used_ocr = "ocr" in methods
    uncounted = [p for p in parts if p.status == "uncounted"]
    partial = any(p.info.get("ocr_stopped_early") for p in counted) or any(p.status == "not-needed" for p in parts)
    params: dict[str, Any] = {
        "count": total, "min_chars": min_chars, "margin": margin,
        "method_zh": "、".join(METHOD_ZH[m] for m in methods) or "—",
        "method_en": ", ".join(METHOD_EN[m] for m in methods) or "—",
        "parts_zh": f"，{len(counted)} 个文件合计" if len(counted) > 1 else "",
        "parts_en": f", {len(counted)} files added up" if len(counted) > 1 else "",
        "uncounted": len(uncounted),
        # OCR stops once the count is safely enough: the count is then a lower bound.
        "qualifier_zh": "至少" if partial else "共",
        "qualifier_en": "at least " if partial else "",
    }
    details: dict[str, Any] = {
        "count": total, "method": "+".join(methods) or None, "exact": not used_ocr, "min_chars": min_chars,
        "lower_bound": partial, "files_summed": len(counted), "parts": [p.details() for p in parts],
    }
    if used_ocr or ocr_state:
        details["ocr"] = {**ocr_state, "margin": margin}
    path = parts[0].doc.rel_path if len(parts) == 1 else None

    def problem(code: str, **extra: Any) -> Problem:
        return Problem(code, path=path, params={**params, **extra}, details=details)

    decided_pass = total >= (min_chars + margin if used_ocr else min_chars)
    if decided_pass:
        yield problem("summary-word-count")
    elif ocr_state.get("unavailable"):
        return  # the summary-ocr-unavailable finding says it all
    elif ocr_state.get("timed_out"):
        yield problem("summary-ocr-incomplete", budget_s=ocr_state.get("budget_s"),
                      pages_done=ocr_state.get("pages_complete"), pages_total=ocr_state.get("pages_total"))
    elif uncounted and total < min_chars:
        yield problem("summary-partly-counted")
    elif total < (min_chars - margin if used_ocr else min_chars):
        yield problem("summary-too-short")
    else:
        yield problem("summary-count-uncertain")
