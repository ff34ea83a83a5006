"""The stable JSON shape (schema_version 1) of one scan, as plain data.

The data contract of scripts, CI and batch workers; reporters/json_report.py writes it. It lives beside
`result.py` (not among the reporters) so that batch workers build it without depending on reporters.
"""

from __future__ import annotations

from typing import Any

from zccheck import __version__
from zccheck.findings import Finding
from zccheck.masking import mask_id_number
from zccheck.result import Result

SCHEMA_VERSION = 1


def finding_to_dict(finding: Finding) -> dict[str, Any]:
    """One finding as JSON-ready data."""
    data: dict[str, Any] = {
        "code": finding.code, "severity": finding.severity.value, "item": finding.item, "path": finding.path,
        "message": finding.message, "hint": finding.hint, "source": finding.source, "check": finding.check,
    }
    if finding.details:
        data["details"] = dict(finding.details)
    return data


def applicant_dict(result: Result) -> dict[str, Any]:
    """The applicant's facts with the ID number masked."""
    facts = result.facts
    return {
        "name": facts.name, "id_number": mask_id_number(facts.id_number), "level": facts.level,
        "industry": facts.industry, "route": facts.route, "unit": facts.unit, "education": facts.education,
        "work_start": facts.work_start.isoformat() if facts.work_start else None,
        "apply_date": (facts.apply_date or result.as_of).isoformat(),
        "flags": {k: v for k, v in sorted(facts.flags.items()) if v},
        "facts_file": result.facts_found,
    }


def to_dict(result: Result) -> dict[str, Any]:
    """The whole result as the documented JSON document (ID numbers masked everywhere)."""
    result = result.masked()
    return {
        "schema_version": SCHEMA_VERSION,
        "tool_version": __version__,
        "checklist": {"id": result.checklist.id, "title": result.checklist.title(result.lang),
                      "path": result.checklist.path},
        "root": result.root,
        "as_of": result.as_of.isoformat(),
        "applicant": applicant_dict(result),
        "summary": {**result.summary, "files": result.document_count},
        "items": [{"item": ir.item.id, "name": ir.item.name(result.lang), "section": ir.item.section,
                   "required": ir.required, "status": ir.status, "files": list(ir.files)}
                  for ir in result.items],
        "unrecognised": list(result.unrecognised),
        "findings": [finding_to_dict(f) for f in result.findings],
    }
