"""The report's view model: what the HTML template shows, built from a Result (data only, no markup).

Checks put their measures in finding `details`; this module picks them up (photo measures and face boxes,
the pension month strip, 字数, paper parts, 公示 days) and asks `thumbs` for pictures of the photo, of flagged
pages and of files recognised by content. Nothing here judges the materials again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from zccheck import __version__
from zccheck.catalogue import CATALOGUE
from zccheck.findings import SEVERITY_ORDER, Finding, Severity
from zccheck.masking import mask_id_number
from zccheck.reporters.html.thumbs import Thumb, make_thumbnail
from zccheck.reporters.html.words import words
from zccheck.result import Result

MAX_THUMBS = 40            # pictures per report (memory and file size stay bounded)
MAX_PAGES_PER_FINDING = 6
MAX_CALENDAR_DAYS = 62
# Identity documents: their thumbnails are blurred (the report may be mailed around).
SENSITIVE_ITEMS = frozenset({"household-register"})
_PAGE_CODES_UNREADABLE = ("corrupt-file", "unreadable-file", "encrypted-pdf")
_SUMMARY_COUNT_CODES = ("summary-word-count", "summary-too-short", "summary-count-uncertain", "summary-partly-counted")
_PAPER_CODES = ("paper-parts-complete", "paper-part-missing", "paper-parts-unconfirmed")
_PUBLICITY_CODES = ("publicity-period-ok", "publicity-period-read", "publicity-too-short")
_ACTIONABLE = (Severity.ERROR, Severity.WARNING, Severity.REVIEW)


class _Budget:
    """Counts thumbnails so a report never embeds more than MAX_THUMBS pictures."""

    def __init__(self, limit: int) -> None:
        self.left = limit
        self.skipped = 0

    def take(self) -> bool:
        if self.left <= 0:
            self.skipped += 1
            return False
        self.left -= 1
        return True


def build(result: Result, *, pictures: bool = True) -> dict[str, Any]:
    """Everything the report template needs, as plain data."""
    lang = result.lang
    w = words(lang)
    budget = _Budget(MAX_THUMBS if pictures else 0)
    summary = result.summary
    verdict = "not_ready" if summary["errors"] else ("check" if summary["warnings"] or summary["reviews"] else "ready")
    view: dict[str, Any] = {
        "lang": "en" if lang == "en" else "zh-CN",
        "w": w,
        "title": w["doc_title"],
        "checklist_title": result.checklist.title(lang),
        "as_of": result.as_of.isoformat(),
        "root": result.root,
        "applicant": _applicant_rows(result, w),
        "summary": {**summary, "files": result.document_count},
        "verdict": verdict,
        "verdict_text": w["verdict." + verdict],
        "todo": [_finding(f, lang) for f in result.findings if f.severity in _ACTIONABLE],
        "infos": [_finding(f, lang) for f in result.findings if f.severity is Severity.INFO and f.item is None],
        "photo": _photo(result, budget, lang),
        "pension": _pension(result, w),
        "word_count": _word_count(result),
        "papers": _papers(result, lang),
        "publicity": _publicity(result),
        "pages": _flagged_pages(result, budget, lang),
        "recognised": _recognised(result, budget, lang),
        "sections": _sections(result, lang, w),
        "unrecognised": list(result.unrecognised),
        "generated": w["generated"].format(version=__version__),
    }
    view["skipped_thumbs"] = budget.skipped
    return view


def _applicant_rows(result: Result, w: Mapping[str, str]) -> list[tuple[str, str]]:
    facts = result.facts
    rows = [(w["applicant"], facts.name), (w["id_number"], mask_id_number(facts.id_number)),
            (w["level"], facts.level), (w["industry"], facts.industry), (w["route"], facts.route),
            (w["unit"], facts.unit)]
    return [(key, str(value)) for key, value in rows if value]


def _finding(finding: Finding, lang: str) -> dict[str, Any]:
    spec = CATALOGUE.get(finding.code)
    return {"code": finding.code, "severity": finding.severity.value, "item": finding.item, "path": finding.path,
            "title": spec.title(lang) if spec else finding.code, "message": finding.message, "hint": finding.hint,
            "source": finding.source,
            "show_path": bool(finding.path) and finding.path not in finding.message}


def _first(findings: Iterable[Finding], codes: Iterable[str] | None = None, key: str | None = None) -> Finding | None:
    wanted = tuple(codes) if codes is not None else None
    for finding in findings:
        if wanted is not None and finding.code not in wanted:
            continue
        if key is not None and not isinstance(finding.details.get(key), list | dict):
            continue
        return finding
    return None


def _thumb(result: Result, path: str | None, budget: _Budget, page: int = 1, *,
           max_side: int | None = None, sensitive: bool = False) -> Thumb | None:
    doc = result.document(path)
    if doc is None or not budget.take():
        return None
    blur = sensitive or any(ir.item.id in SENSITIVE_ITEMS and path in ir.files for ir in result.items)
    kwargs = {"max_side": max_side} if max_side else {}
    return make_thumbnail(doc, page, blur=blur, **kwargs)


# --- ID photo ----------------------------------------------------------------------------------------------

def _photo(result: Result, budget: _Budget, lang: str) -> dict[str, Any] | None:
    photo_findings = [f for f in result.findings if f.item == "photo"]
    source = _first(photo_findings, key="measures")
    files = next((ir.files for ir in result.items if ir.item.id == "photo"), ())
    path = source.path if source is not None else (files[0] if files else None)
    if path is None:
        return None
    details = source.details if source is not None else {}
    measures = details.get("measures") if isinstance(details.get("measures"), dict) else {}
    faces = [_box(face) for face in measures.get("faces") or [] if isinstance(face, dict)]
    return {
        "path": path,
        "thumb": _thumb(result, path, budget, max_side=300),
        "faces": [face for face in faces if face is not None],
        "measures": _photo_measures(measures, details),
        "background_rgb": _rgb(measures.get("background_rgb")),
        "findings": [_finding(f, lang) for f in photo_findings if f.severity in _ACTIONABLE],
    }


def _box(face: Mapping[str, Any]) -> dict[str, float] | None:
    try:
        box = {k: max(0.0, min(1.0, float(face[k]))) * 100 for k in ("x", "y", "w", "h")}
    except (KeyError, TypeError, ValueError):
        return None
    return {**{k: round(v, 2) for k, v in box.items()}, "confirmed": bool(face.get("confirmed", True))}


def _rgb(value: Any) -> str | None:
    if isinstance(value, list | tuple) and len(value) == 3 and all(isinstance(v, int | float) for v in value):
        return "rgb({},{},{})".format(*(max(0, min(255, int(v))) for v in value))
    return None


def _photo_measures(measures: Mapping[str, Any], details: Mapping[str, Any]) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []

    def add(key: str, value: Any, fmt: str = "{}") -> None:
        if value is None or value == "":
            return
        try:
            rows.append((key, fmt.format(value)))
        except (TypeError, ValueError):  # a measure of another shape than expected: shown as it is
            rows.append((key, str(value)))

    if details.get("size_text"):
        add("m.size", details["size_text"])
    elif measures.get("width") and measures.get("height"):
        add("m.size", f"{measures['width']}×{measures['height']} px")
    add("m.aspect", measures.get("aspect"), "{:.3f}")
    dpi = measures.get("dpi")
    if isinstance(dpi, list | tuple) and dpi:
        add("m.dpi", f"{float(dpi[0]):.0f} dpi")
    add("m.file", measures.get("file_kb"), "{} KB")
    add("m.lightness", measures.get("background_lightness"), "{:.3f}")
    add("m.plain", measures.get("background_plain"), "{:.3f}")
    add("m.colour", measures.get("saturation"), "{:.3f}")
    add("m.sharpness", measures.get("sharpness"), "{}")
    faces = measures.get("faces")
    if isinstance(faces, list):
        add("m.faces", len(faces))
        if len(faces) == 1 and isinstance(faces[0], dict):
            add("m.face_height", faces[0].get("height_share"), "{:.0%}")
    return rows


# --- pension strip -----------------------------------------------------------------------------------------

def _pension(result: Result, w: Mapping[str, str]) -> dict[str, Any] | None:
    source = _first((f for f in result.findings if f.item in ("pension-record", "unit-change-explanation")),
                    key="strip")
    if source is None:
        return None
    window = set(source.details.get("window") or [])
    cells = []
    for entry in source.details["strip"]:
        if isinstance(entry, dict):
            month, state = entry.get("month"), entry.get("status")
        elif isinstance(entry, list | tuple) and len(entry) >= 2:
            month, state = entry[0], entry[1]
        else:
            continue
        state = str(state) if str(state) in ("here", "other", "unpaid", "backpaid") else "unknown"
        text = str(month)
        cells.append({"month": text, "short": text[-2:].lstrip("0") or text, "year": text[:4], "state": state,
                      "in_window": text in window, "title": f"{text}: {w['strip.' + state]}"})
    if not cells:
        return None
    inside = [i for i, c in enumerate(cells) if c["in_window"]]
    window = (inside[0] + 1, inside[-1] - inside[0] + 1) if inside else None
    return {"cells": cells, "window": window, "path": source.path, "apply_month": source.details.get("apply_month"),
            "missing": list(source.details.get("missing_months") or []),
            "states": [s for s in ("here", "other", "backpaid", "unpaid", "unknown")
                       if any(c["state"] == s for c in cells)]}


# --- 字数 ---------------------------------------------------------------------------------------------------

def _word_count(result: Result) -> dict[str, Any] | None:
    source = next((f for f in result.findings if f.code in _SUMMARY_COUNT_CODES and "count" in f.details), None)
    if source is None:
        return None
    try:
        count = int(source.details["count"])
        minimum = int(source.details.get("min_chars") or 2000)
    except (TypeError, ValueError):
        return None
    scale = max(count, minimum) * 1.15
    return {"count": count, "min": minimum, "ok": count >= minimum, "severity": source.severity.value,
            "exact": bool(source.details.get("exact")), "bar": round(100 * count / scale, 1),
            "mark": round(100 * minimum / scale, 1), "path": source.path,
            "lower_bound": bool(source.details.get("lower_bound"))}


# --- paper parts -------------------------------------------------------------------------------------------

def _papers(result: Result, lang: str) -> list[dict[str, Any]]:
    groups: dict[str, dict[str, Any]] = {}
    for finding in result.findings:
        details = finding.details
        if finding.code not in _PAPER_CODES or not isinstance(details.get("parts_required"), list):
            continue
        label = str(details.get("group") or "")
        if label in groups:
            continue
        names = details.get("part_names") if isinstance(details.get("part_names"), dict) else {}
        found = details.get("parts_found") or {}
        in_text = details.get("parts_found_in_text") or {}
        missing = set(details.get("parts_missing") or [])
        unsure = finding.code == "paper-parts-unconfirmed"
        rows = []
        for part in details["parts_required"]:
            name = names.get(part, {}).get("en" if lang == "en" else "zh", part) if isinstance(
                names.get(part), dict) else part
            if part in found:
                state, files = "present", found[part]
            elif part in in_text:
                state, files = "text", in_text[part]
            else:
                state, files = ("unsure" if unsure and part in missing else "absent"), []
            rows.append({"part": name, "state": state, "files": [str(f).rsplit("/", 1)[-1] for f in files]})
        groups[label] = {"group": label, "kind": details.get("kind"), "rows": rows}
    return list(groups.values())


# --- 公示 calendar ------------------------------------------------------------------------------------------

def _publicity(result: Result) -> dict[str, Any] | None:
    source = next((f for f in result.findings if f.code in _PUBLICITY_CODES and "workdays" in f.details), None)
    if source is None:
        return None
    details = source.details
    try:
        start, end = date.fromisoformat(details["start"]), date.fromisoformat(details["end"])
    except (KeyError, TypeError, ValueError):
        return None
    holidays = set(details.get("holidays") or [])
    adjusted = set(details.get("adjusted_workdays") or [])
    days = []
    day = start
    while day <= end and len(days) < MAX_CALENDAR_DAYS:
        iso = day.isoformat()
        if iso in holidays:
            kind = "holiday"
        elif iso in adjusted:
            kind = "adjusted"
        elif day.weekday() >= 5:
            kind = "weekend"
        else:
            kind = "workday"
        days.append({"date": iso, "day": day.day, "month": day.month, "weekday": day.weekday(), "kind": kind})
        day += timedelta(days=1)
    lead = [None] * (days[0]["weekday"] if days else 0)
    return {"start": details["start"], "end": details["end"], "workdays": details.get("workdays"),
            "min": details.get("min_workdays"), "ok": source.code != "publicity-too-short",
            "cells": lead + days, "source": details.get("source")}


# --- flagged pages and recognised files ---------------------------------------------------------------------

def _flagged_pages(result: Result, budget: _Budget, lang: str) -> list[dict[str, Any]]:
    w = words(lang)
    cards = []
    ordered = sorted(result.findings, key=lambda f: SEVERITY_ORDER[f.severity])
    for finding in ordered:
        spec = CATALOGUE.get(finding.code)
        if finding.path is None or spec is None:
            continue
        pages = finding.details.get("pages")
        if "scan" in spec.tags and isinstance(pages, list) and pages:
            numbers = [p for p in pages if isinstance(p, int)][:MAX_PAGES_PER_FINDING]
        elif finding.code in _PAGE_CODES_UNREADABLE:
            numbers = [1]
        else:
            continue
        doc = result.document(finding.path)
        is_image = doc is not None and doc.is_image
        for number in numbers:
            cards.append({"finding": _finding(finding, lang), "page": number,
                          "label": w["image"] if is_image else w["page"].format(n=number),
                          "thumb": _thumb(result, finding.path, budget, number)})
    return cards


def _recognised(result: Result, budget: _Budget, lang: str) -> list[dict[str, Any]]:
    cards = []
    names = {ir.item.id: ir.item.name(lang) for ir in result.items}
    for recognition in result.recognitions:
        if recognition.source not in ("content", "conflict"):
            continue
        cards.append({"path": recognition.path, "source": recognition.source,
                      "item": names.get(recognition.item or "", recognition.item or "?"),
                      "named_item": names.get(recognition.named_item or "", recognition.named_item),
                      "part": recognition.part, "confidence": round(100 * recognition.confidence),
                      "evidence": list(recognition.evidence),
                      "thumb": _thumb(result, recognition.path, budget,
                                      sensitive=recognition.item in SENSITIVE_ITEMS)})
    return cards


# --- items by platform section ------------------------------------------------------------------------------

def _sections(result: Result, lang: str, w: Mapping[str, str]) -> list[dict[str, Any]]:
    sections = []
    for section in result.checklist.sections:
        rows = []
        for ir in result.items:
            if ir.item.section != section.id:
                continue
            rows.append({"id": ir.item.id, "name": ir.item.name(lang), "status": ir.status,
                         "status_text": w.get("status." + ir.status, ir.status), "source": ir.item.source,
                         "files": list(ir.files), "findings": [_finding(f, lang) for f in ir.findings]})
        if rows:
            name = section.name_en if lang == "en" else section.name_zh
            sections.append({"id": section.id, "name": name, "rows": rows, "loose": []})
    loose = [_finding(f, lang) for f in result.findings if f.item is None and f.severity is not Severity.INFO]
    if loose:
        sections.append({"id": "", "name": "", "rows": [], "loose": loose})
    return sections
