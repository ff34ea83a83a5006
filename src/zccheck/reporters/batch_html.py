"""`batch --html DIR`: an index.html with every applicant's status, linking to one report page per applicant.

Each applicant's page is the scan's HTML report, written by the worker that checked them (the thumbnails are
rendered there, from their own materials, under their time limit); this module prepares DIR and writes the
index. DIR gets the marker file that keeps later batches from taking it for an applicant.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from zccheck import __version__
from zccheck.batch.discover import OUT_MARKER
from zccheck.batch.model import BatchResult, status_hint, status_label
from zccheck.reporters.html import render_page
from zccheck.reporters.html.words import words
from zccheck.reporters.output import write_text

INDEX = "index.html"


def prepare(folder: str | Path) -> Path:
    """Create DIR (and its marker) before the workers write into it."""
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    (target / OUT_MARKER).write_text("zccheck batch --html: report pages, not an applicant\n", encoding="utf-8")
    return target


def index_view(batch: BatchResult) -> dict[str, Any]:
    """The index page's view model (ID numbers already masked by `BatchResult.masked`)."""
    batch = batch.masked()
    lang = batch.lang
    w = words(lang)
    rows = []
    for applicant in batch.applicants:
        state = ("error" if applicant.faulty else "warning" if applicant.count("warnings") or
                 applicant.count("reviews") else "ok")
        rows.append({"number": applicant.index + 1, "label": applicant.label, "name": applicant.name() or "",
                     "level": applicant.fact("level") or "", "status": status_label(applicant.status, lang),
                     "hint": status_hint(applicant.status, lang), "state": state,
                     "errors": applicant.count("errors"), "warnings": applicant.count("warnings"),
                     "reviews": applicant.count("reviews"), "first": applicant.first_fix(lang),
                     "page": applicant.html_page})
    summary = batch.summary()
    return {"lang": "en" if lang == "en" else "zh-CN", "w": w, "title": w["batch_title"],
            "checklist_title": batch.checklist.get("title", ""), "root": batch.root, "rows": rows,
            "summary": summary, "rate": f"{summary['fault_rate']:.0%}",
            "generated": w["generated"].format(version=__version__)}


def write_index(batch: BatchResult, folder: str | Path) -> Path:
    """Write DIR/index.html; return its path."""
    return write_text(Path(folder) / INDEX, render_page("batch_index.html.j2", index_view(batch)))
