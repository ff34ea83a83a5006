"""The batch as one JSON document (schema_version 1).

Shape::

    {"schema_version": 1, "kind": "zccheck-batch", "tool_version", "root", "checklist",
     "summary": {"applicants", "checked", "with_errors", "without_errors", "fault_rate",
                 "thresholds": [{"id", "rate", "source", "reached"}], "errors", "warnings", "reviews",
                 "statuses": {status: count}, "seconds", "planned", "interrupted"},
     "roster": null | {"path", "sheet", "header_line", "columns", "rows", "matched", "unmatched_rows",
                       "unmatched_applicants", "ambiguous", "shared_rows", "skipped_lines"},
     "applicants": [{"entry", "label", "path", "source", "status", "facts_source", "roster_line", "seconds",
                     ...the single-scan document of reporters/json_report.py (checked/empty applicants),
                     or "problem": {"reason", "detail", "message", "hint"} with empty items/findings}],
     "ignored": [names under ROOT that are not applicants], "notes": [...]}

`status` is one of checked, empty, unreadable, failed, timeout, crashed. ID numbers are masked everywhere.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import IO, Any

from zccheck import __version__
from zccheck.batch.model import ApplicantReport, BatchResult, status_hint, status_label
from zccheck.masking import mask_ids_deep
from zccheck.reporters.batch_labels import interrupted_line
from zccheck.reporters.console import unicode_stream
from zccheck.reporters.json_report import SCHEMA_VERSION


def applicant_dict(applicant: ApplicantReport, lang: str) -> dict[str, Any]:
    """One applicant: batch fields plus the single-scan shape (or the problem that prevented the scan)."""
    data: dict[str, Any] = {
        "entry": applicant.entry, "label": applicant.label, "path": applicant.path, "source": applicant.source,
        "status": applicant.status, "facts_source": applicant.facts_source, "roster_line": applicant.roster_line,
        "seconds": applicant.seconds,
    }
    if applicant.result is not None:
        data.update(applicant.result)
    else:
        data.update({"root": applicant.path, "applicant": None, "summary": None, "items": [], "unrecognised": [],
                     "findings": []})
    if applicant.problem is not None or applicant.result is None:
        data["problem"] = {**(applicant.problem or {}), "message": status_label(applicant.status, lang),
                           "hint": status_hint(applicant.status, lang)}
    return data


def to_dict(batch: BatchResult) -> dict[str, Any]:
    """The whole batch as JSON-ready data, ID numbers masked."""
    batch = batch.masked()
    return mask_ids_deep({
        "schema_version": SCHEMA_VERSION,
        "kind": "zccheck-batch",
        "tool_version": __version__,
        "root": batch.root,
        "checklist": batch.checklist,
        "summary": batch.summary(),
        "roster": asdict(batch.roster) if batch.roster is not None else None,
        "applicants": [applicant_dict(a, batch.lang) for a in batch.applicants],
        "ignored": list(batch.ignored),
        "notes": [line for line in (interrupted_line(batch),) if line] + list(batch.notes),
    })


def render(batch: BatchResult, stream: IO[str], *, color: bool = False) -> None:
    """Write the JSON document (and nothing else) to `stream`."""
    # a console that is not UTF-8 gets \\u escapes: the same JSON, nothing lost or replaced
    json.dump(to_dict(batch), stream, ensure_ascii=not unicode_stream(stream), indent=2, default=str)
    stream.write("\n")
