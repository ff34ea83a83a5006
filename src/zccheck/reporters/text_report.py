"""A plain fix-it list: numbered, Chinese first, file names quoted. Also what batch --out writes per applicant."""

from __future__ import annotations

from typing import IO

from zccheck.findings import Severity
from zccheck.masking import mask_id_number
from zccheck.reporters.labels import label
from zccheck.result import Result

_ACTIONABLE = (Severity.ERROR, Severity.WARNING, Severity.REVIEW)
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
        "",
    ]
    actionable = [f for f in result.findings if f.severity in _ACTIONABLE]
    if not actionable:
        lines.append(label(lang, "nothing"))
        return lines
    lines.append(label(lang, "next") + ":")
    marks = _MARK_EN if lang == "en" else _MARK
    for number, finding in enumerate(actionable, 1):
        where = f"“{finding.path}”" if finding.path else ""
        lines.append(f"{number}. {marks[finding.severity]}{finding.message}" + (f" {where}" if where and
                                                                                  finding.path not in finding.message
                                                                                  else ""))
        if finding.hint:
            lines.append(f"   {label(lang, 'fix')}: {finding.hint}")
    return lines


def render(result: Result, stream: IO[str], *, color: bool = False) -> None:
    """Write the fix-it list."""
    stream.write("\n".join(fixit_lines(result)) + "\n")
