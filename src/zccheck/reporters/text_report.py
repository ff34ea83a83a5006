"""A plain fix-it list: numbered, Chinese first, file names quoted. Also what batch --out writes per applicant.

The headline and the work counts come first (reporters/overview.py); then one numbered step per distinct hint,
listing every problem it fixes, so a hint is never repeated."""

from __future__ import annotations

from typing import IO

from zccheck.findings import Severity
from zccheck.masking import mask_id_number
from zccheck.reporters.console import safe_stream
from zccheck.reporters.labels import label
from zccheck.reporters.overview import steps, verdict_text, work_line
from zccheck.result import Result

_MARK = {Severity.ERROR: "【错误】", Severity.WARNING: "【警告】", Severity.REVIEW: "【人工核对】"}
_MARK_EN = {Severity.ERROR: "[error]", Severity.WARNING: "[warning]", Severity.REVIEW: "[review]"}


def fixit_lines(result: Result) -> list[str]:
    """The fix-it list as lines of plain text (ID numbers masked everywhere)."""
    result = result.masked()
    lang = result.lang
    facts = result.facts
    who = " ".join(p for p in (facts.name, mask_id_number(facts.id_number), facts.level, facts.unit) if p)
    summary = result.summary
    lines = [
        f"zccheck — {result.checklist.title(lang)}",
        f"{label(lang, 'applicant')}: {who or result.root}",
        f"{label(lang, 'as_of')}: {result.as_of.isoformat()}  ·  "
        f"{summary['errors']} {label(lang, 'errors')} · {summary['warnings']} {label(lang, 'warnings')} · "
        f"{summary['reviews']} {label(lang, 'reviews')}",
        verdict_text(result),
    ]
    work = work_line(result)
    if work:
        lines.append(work)
    lines.append("")
    todo = steps(result)
    if not todo:
        lines.append(label(lang, "nothing"))
        return lines
    lines.append(label(lang, "next") + ":")
    marks = _MARK_EN if lang == "en" else _MARK
    for number, step in enumerate(todo, 1):
        for index, finding in enumerate(step.findings):
            where = f"“{finding.path}”" if finding.path and finding.path not in finding.message else ""
            lead = f"{number}. {marks[step.severity]}" if index == 0 else "   - "
            lines.append(f"{lead}{finding.message}" + (f" {where}" if where else ""))
        if step.hint:
            lines.append(f"   {label(lang, 'fix')}: {step.hint}")
    return lines


def render(result: Result, stream: IO[str], *, color: bool = False) -> None:
    """Write the fix-it list."""
    safe_stream(stream).write("\n".join(fixit_lines(result)) + "\n")
