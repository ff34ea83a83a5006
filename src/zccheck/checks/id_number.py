"""The applicant's ID number (GB 11643-1999): present, 18 characters, real birth date, valid check character."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from zccheck.checks.base import CheckContext, Scope
from zccheck.findings import Problem
from zccheck.masking import mask_id_number
from zccheck.rules.idcard import IdProblem, parse_id_number

ID = "id-number"
SCOPE = Scope.APPLICANT
DEFAULTS: dict[str, Any] = {}

_CODES = {
    IdProblem.FORMAT: "id-number-invalid-format",
    IdProblem.CHECKSUM: "id-number-invalid-checksum",
    IdProblem.BIRTH_DATE: "id-number-invalid-birth-date",
}


def check(ctx: CheckContext, options: Mapping[str, Any]) -> Iterator[Problem]:
    """id-number-missing / id-number-invalid-* / id-number-old-format; silent for a valid number."""
    raw = ctx.facts.id_number
    if not raw or not str(raw).strip():
        yield Problem("id-number-missing")
        return
    info = parse_id_number(str(raw), today=ctx.as_of)
    masked = mask_id_number(info.normalised) or ""
    details: dict[str, Any] = {"id_number_masked": masked, "length": info.length}
    if info.problem is not None:
        yield Problem(_CODES[info.problem], params={"masked": masked, "length": info.length},
                      details={**details, "reason": info.problem.value, "legacy": info.legacy})
        return
    if info.legacy:
        yield Problem("id-number-old-format", params={"masked": masked}, details=details)
