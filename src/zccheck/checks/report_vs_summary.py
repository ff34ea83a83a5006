"""An unpublished technical report among the papers must not be the work summary (§三.2(3)③).

Applied to the `papers` item. A paper entry (a `Group`) is a report when its label or one of its file names
holds a report word (技术工作总结, 技术总结, 专项调查报告, 分析报告, 立项研究报告, 研究报告, ... — the `keywords`
option). Each document of such an entry is compared with the work summary (all its files' text together):
character 6-gram containment either way, so paragraph order, layout and punctuation do not matter, and
a report that is the summary with attachments added still matches.

* containment ≥ `threshold` (0.8) → `report-same-as-summary` (error);
* containment ≥ `review_threshold` (0.5) → `report-overlaps-summary` (review).

Only text that is in the files is compared (.docx, .txt, a PDF's text layer): no OCR, which would cost
seconds per page for a rule that rarely fires. When the report or the summary has no text (a scan — usual
for a signed and stamped report), the pair is not compared and an `info` finding says so, once per report
entry; a report and summary that are the same file are already reported by `duplicate-content`.
Tiny texts (below `min_chars` normalised characters, e.g. a cover page) are not compared either.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from zccheck.checks.base import CheckContext, Scope
from zccheck.classify.model import Group
from zccheck.content.document_text import document_text, has_text_reader
from zccheck.content.errors import ContentError
from zccheck.content.similarity import compare, normalise
from zccheck.findings import Problem
from zccheck.inventory.document import Document

ID = "report-not-summary"
SCOPE = Scope.ITEM
DEFAULTS: dict[str, Any] = {
    "summary_item": "work-summary",
    "keywords": ["技术工作总结", "技术总结", "工作总结", "专项调查报告", "调查报告", "分析报告", "立项研究报告",
                 "研究报告", "技术报告"],
    "threshold": 0.8,
    "review_threshold": 0.5,
    "min_chars": 200,
    "ngram": 6,
}


def check(ctx: CheckContext, options: Mapping[str, Any]) -> Iterator[Problem]:
    """Compare every document of every report entry with the work summary's text."""
    reports = _report_groups(ctx, tuple(options["keywords"]))
    if not reports:
        return
    summary_docs = sorted(ctx.readable_documents(str(options["summary_item"])), key=lambda d: d.rel_path)
    if not summary_docs:
        return
    summary_text = "\n".join(t for t in (_text(d) for d in summary_docs) if t)
    summary_names = "、".join(d.name for d in summary_docs)
    summary_ok = len(normalise(summary_text)) >= int(options["min_chars"])
    for group in reports:
        yield from _compare_group(group, summary_text if summary_ok else "", summary_names, summary_docs, options)


def _report_groups(ctx: CheckContext, keywords: Sequence[str]) -> list[Group]:
    """The item's entries that are reports; without groups, each matching document is its own entry."""
    groups = list(ctx.groups) or [
        Group(item=ctx.item.id if ctx.item else "papers", key=doc.stem, label=doc.stem, documents=(doc,))
        for doc in ctx.item_documents
    ]
    return [g for g in groups if _is_report(g, keywords)]


def _is_report(group: Group, keywords: Sequence[str]) -> bool:
    names = [group.label, *(part for d in group.documents for part in d.parts)]
    return any(word in name for word in keywords for name in names)


def _compare_group(group: Group, summary_text: str, summary_names: str, summary_docs: Sequence[Document],
                   options: Mapping[str, Any]) -> Iterator[Problem]:
    threshold = float(options["threshold"])
    review = float(options["review_threshold"])
    min_chars = int(options["min_chars"])
    ngram = int(options["ngram"])
    summary_ids = {id(d) for d in summary_docs}
    compared = False
    not_compared: list[Document] = []
    worst: tuple[float, Document, dict[str, Any]] | None = None
    for doc in sorted(group.documents, key=lambda d: d.rel_path):
        if id(doc) in summary_ids:
            continue
        text = _text(doc)
        if len(normalise(text)) < min_chars:
            if _looks_scanned(doc):
                not_compared.append(doc)
            continue
        if not summary_text:
            not_compared.append(doc)
            continue
        compared = True
        similarity = compare(text, summary_text, ngram)
        details = {**similarity.as_details(), "summary": [d.rel_path for d in summary_docs], "ngram": ngram}
        if worst is None or similarity.score > worst[0]:
            worst = (similarity.score, doc, details)
    if worst is not None and worst[0] >= review:
        score, doc, details = worst
        code = "report-same-as-summary" if score >= threshold else "report-overlaps-summary"
        yield Problem(code, path=doc.rel_path,
                      params={"group": group.label, "name": doc.name, "summary": summary_names,
                              "percent": round(score * 100)},
                      details={**details, "group": group.key, "score": round(score, 3)})
    elif not compared and not_compared:
        if summary_text:
            why_zh, why_en = "它是扫描件或图片，没有文字层", "it is a scan or an image, with no text layer"
        else:
            why_zh, why_en = "工作总结是扫描件或图片，没有文字层", "the work summary is a scan, with no text layer"
        doc = not_compared[0]
        yield Problem("report-not-compared", path=doc.rel_path,
                      params={"group": group.label, "name": doc.name, "why_zh": why_zh, "why_en": why_en},
                      details={"group": group.key, "summary_has_text": bool(summary_text),
                               "files": [d.rel_path for d in not_compared]})


def _text(doc: Document) -> str:
    """Text without OCR, or "" when the document has none or cannot be read (other checks report that)."""
    if doc.read_error or not has_text_reader(doc):
        return ""
    try:
        return document_text(doc).text
    except ContentError:
        return ""


def _looks_scanned(doc: Document) -> bool:
    """A scan or an image: worth saying it was not compared (not a tiny text file or an unreadable one)."""
    if doc.is_image:
        return True
    if not doc.is_pdf or doc.read_error:
        return False
    try:
        return document_text(doc).is_scan
    except ContentError:
        return False
