"""Scan quality of every PDF and image except the photo: resolution, blank pages, sideways and upside-down
pages (§三 preamble: "正面向上、清晰可见"). One warning per document and kind of problem, naming the pages.

The measuring (content/scan_quality.py) is capped per document; when pages were left out an info finding
says so. Files that cannot be opened are the file-integrity check's business and are skipped here.

Upside-down scans are told by rapidocr's text-line orientation classifier alone (content/orientation.py:
no OCR engine, ≈ 10–20 ms a page), born-digital pages by their text layer; screenshots are not examined
(a screen capture is upright by construction). Without the optional vision
stack scans are not examined for orientation, and every finding's details say so ("orientation_method"
contains "unavailable", "orientation_pages" counts only the pages examined).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from zccheck.checks.base import CheckContext, Scope
from zccheck.content.errors import ContentError
from zccheck.findings import Problem
from zccheck.inventory.document import UNDECODED_IMAGE_KINDS, Document, ReadError

ID = "scan-quality"
SCOPE = Scope.DOCUMENT
DEFAULTS: dict[str, Any] = {
    "min_dpi": 150.0,               # effective resolution at A4 below this: warning
    "dpi_tolerance": 0.03,          # ... by more than this share (1240×1754 px is 149.98 dpi on A4)
    "max_pages": 30,                # pages examined per document (page orientation is read for all)
    "time_budget_s": 5.0,           # per document
    "orientation": True,            # look for upside-down pages (text-line classifier on scans, when
                                    # installed; the text layer on born-digital pages)
    "orientation_max_pages": 10,    # scanned pages per document given to the classifier
    "min_votes": 6,                 # confident text-line pieces needed before a scan is called upside down
    "upside_down_share": 0.85,      # share of those votes (or of text-layer characters) that must be 180°
    "blank_ink": 0.0005,            # share of dark pixels below which a scanned page is blank
    "sideways_max_share": 0.5,      # landscape pages are flagged only while at most this share of the pages
    "skip_items": ["photo"],        # items whose files are not documents (the photo has its own check)
    # Screenshots (query pages the notice asks for) are judged by pixels, not dpi (content/screenshot.py).
    "screenshot_keywords": ["截图", "截屏", "屏幕快照", "屏幕截图", "screenshot", "screen shot", "snipaste",
                            "查询", "检索页", "知网", "cnki", "新闻出版署", "版本数据中心"],
    "screenshot_min_long_px": 600,  # a capture smaller than this (long side) or than
    "screenshot_min_short_px": 240,  # this (short side) was shrunk: its text may not be legible
}

_REASONS = {
    "max-pages": ("页数上限", "page limit"),
    "time-budget": ("时间上限", "time limit"),
}


def check(ctx: CheckContext, options: Mapping[str, Any]) -> Iterator[Problem]:
    """Scan-quality problems of `ctx.document`."""
    doc = ctx.document
    if doc is None or not (doc.is_pdf or doc.is_image) or doc.kind in UNDECODED_IMAGE_KINDS:
        return
    item_id = ctx.item.id if ctx.item is not None else ctx.classification.item_of(doc)
    if item_id is not None and item_id in options.get("skip_items", DEFAULTS["skip_items"]):
        return
    if (doc.read_error or doc.cache.get("corrupt") or doc.cache.get("pdf_unverified")
            or (doc.pdf is not None and doc.pdf.needs_password)):
        return
    opts = {**DEFAULTS, **options}
    report = _measure(doc, opts)
    if isinstance(report, ContentError):
        if report.reason not in ("corrupt", "encrypted", "unsupported", "bomb"):
            yield Problem("scan-quality-unchecked", path=doc.rel_path,
                          params={"name": doc.name, "reason": report.detail or report.reason},
                          details={"reason": report.reason, "detail": report.detail})
        return
    yield from _judge(doc, report, opts)


def _measure(doc: Document, opts: Mapping[str, Any]) -> Any:
    """Memoised ScanReport of `doc`, or the ContentError that measuring raised. An image is given as a
    stream of its file, read part by part (a large uncompressed scan band by band, never held whole)."""
    from zccheck.content import frame_handoff
    from zccheck.content.scan_quality import measure_scan

    # The frame the inventory's probe decoded, when it left one: taken now, so that it is freed even when the
    # measures come from the cache.
    frame = frame_handoff.take(doc.cache)
    # A screen capture shows the screen as it was: it is never upside down, and a screen's text (menus, icons,
    # mixed fonts) is not what the text-line classifier was made for. Its orientation is not looked at.
    orientation = bool(opts["orientation"]) and not (doc.is_image and _screenshot(doc, opts))

    settings = {
        "max_pages": int(opts["max_pages"]),
        "time_budget_s": float(opts["time_budget_s"]),
        "orientation": orientation,
        "orientation_max_pages": int(opts["orientation_max_pages"]),
        "min_votes": int(opts["min_votes"]),
        "upside_down_share": float(opts["upside_down_share"]),
        "blank_ink": float(opts["blank_ink"]),
    }

    def compute() -> Any:
        try:
            if doc.kind == "pdf":
                return measure_scan(doc.read_bytes(), doc.kind, **settings)
            if frame is not None:
                return measure_scan(b"", doc.kind, frame=frame, **settings)
            with doc.open_stream() as stream:
                return measure_scan(stream, doc.kind, **settings)
        except ContentError as exc:
            return exc
        except ReadError as exc:
            return ContentError("read-error", exc.reason)

    # The measures depend on the settings too: they are part of the key (a cache shared by two checklists,
    # or a screenshot and a scan with the same bytes and name, must not mix them up).
    key = "scan-quality:" + hashlib.sha256(json.dumps(settings, sort_keys=True).encode()).hexdigest()[:16]
    return doc.memo(key, compute)


def _judge(doc: Document, report: Any, opts: Mapping[str, Any]) -> Iterator[Problem]:
    is_image = report.kind == "image"
    summary = {
        "kind": report.kind,
        "page_count": report.page_count,
        "examined": len(report.pages),
        "limited": report.limited,
        "orientation_method": report.orientation,
        "orientation_pages": report.orientation_pages,
        "seconds": report.seconds,
        "notes": list(report.notes),
    }

    def problem(code: str, pages: Sequence[Any], **params: Any) -> Problem:
        numbers = [p.number if hasattr(p, "number") else p for p in pages]
        where_zh, where_en = _where(numbers, is_image)
        details = {**summary, "pages": numbers,
                   "measures": [p.as_dict() for p in pages if hasattr(p, "as_dict")]}
        return Problem(code, path=doc.rel_path,
                       params={"name": doc.name, "where": where_zh, "where_en": where_en, **params},
                       details=details)

    min_dpi = float(opts["min_dpi"])
    floor = min_dpi * (1.0 - float(opts["dpi_tolerance"]))
    low = [p for p in report.pages if p.dpi is not None and p.dpi < floor and p.blank is not True]
    if is_image and _screenshot(doc, opts):
        yield from _screenshot_size(doc, opts, summary)
    elif low and _named_screenshot(doc, opts):  # a screenshot pasted into a PDF: its pixels, not dpi at A4
        small = [p for p in low if p.image_px is None or not _legible(p.image_px, opts)]
        if small:
            width, height = small[0].image_px or (0, 0)
            yield problem("screenshot-too-small", small, width=width, height=height,
                          min_long=int(opts["screenshot_min_long_px"]), min_short=int(opts["screenshot_min_short_px"]))
    elif low:
        worst = min(p.dpi for p in low)
        yield problem("scan-low-resolution", low, dpi=f"{worst:.0f}", min_dpi=f"{min_dpi:.0f}")
    blank = [p for p in report.pages if p.blank is True]
    if blank:
        yield problem("scan-blank-page", blank)
    yield from _sideways(report, opts, problem)
    upside = [p for p in report.pages if p.upside_down is True]
    if upside:
        yield problem("scan-page-upside-down", upside)
    if report.limited:
        zh, en = _REASONS.get(report.limited, (report.limited, report.limited))
        yield Problem("scan-quality-limited", path=doc.rel_path,
                      params={"name": doc.name, "pages": report.page_count, "examined": len(report.pages),
                              "reason_zh": zh, "reason_en": en},
                      details=summary)


def _screenshot(doc: Document, opts: Mapping[str, Any]) -> bool:
    from zccheck.content.screenshot import is_screenshot

    info = doc.image
    if info is None:
        return False
    return is_screenshot(doc.rel_path, info.width, info.height, info.format or "", info.dpi,
                         [str(k) for k in opts["screenshot_keywords"]])


def _named_screenshot(doc: Document, opts: Mapping[str, Any]) -> bool:
    from zccheck.content.screenshot import named_as_screenshot

    return named_as_screenshot(doc.rel_path, [str(k) for k in opts["screenshot_keywords"]])


def _legible(size: tuple[int, int], opts: Mapping[str, Any]) -> bool:
    return (max(size) >= int(opts["screenshot_min_long_px"])
            and min(size) >= int(opts["screenshot_min_short_px"]))


def _screenshot_size(doc: Document, opts: Mapping[str, Any], summary: Mapping[str, Any]) -> Iterator[Problem]:
    """screenshot-too-small when a capture was shrunk below the legible pixel size."""
    info = doc.image
    assert info is not None
    need_long, need_short = int(opts["screenshot_min_long_px"]), int(opts["screenshot_min_short_px"])
    if _legible((info.width, info.height), opts):
        return
    yield Problem("screenshot-too-small", path=doc.rel_path,
                  params={"name": doc.name, "width": info.width, "height": info.height,
                          "min_long": need_long, "min_short": need_short},
                  details={**summary, "screenshot": True, "width": info.width, "height": info.height,
                           "min_long_px": need_long, "min_short_px": need_short})


def _sideways(report: Any, opts: Mapping[str, Any], problem: Any) -> Iterator[Problem]:
    """Landscape pages of a document whose other pages are portrait."""
    orientations = report.orientations
    landscape = [i + 1 for i, o in enumerate(orientations) if o == "landscape"]
    portrait = sum(1 for o in orientations if o == "portrait")
    if len(orientations) < 2 or not landscape or not portrait:
        return
    if len(landscape) > float(opts["sideways_max_share"]) * len(orientations):
        return
    examined = {p.number: p for p in report.pages}
    pages = [examined.get(n, n) for n in landscape]
    yield problem("scan-page-sideways", pages, portrait=portrait)


def _where(numbers: Sequence[int], is_image: bool) -> tuple[str, str]:
    """("第 1、3 页", " (page 1, 3)") for PDFs; the image itself for images."""
    if is_image:
        return "", ""
    shown = [str(n) for n in numbers[:12]]
    more = len(numbers) - len(shown)
    zh = "第 " + "、".join(shown) + " 页" + (f"等 {len(numbers)} 页" if more > 0 else "")
    en = " page" + ("s " if len(numbers) > 1 else " ") + ", ".join(shown)
    if more > 0:
        en += f" and {more} more"
    return zh, en
