"""The kind of work a finding asks of the applicant, for the report's first screen ("补 3 项材料 · 重命名 8 个文件").

A code's kind is its CodeSpec `kind` when set, otherwise derived from its tags; anything a human must decide
(severity review) is "review"; an info asks for nothing.
"""

from __future__ import annotations

from zccheck.catalogue import CATALOGUE
from zccheck.findings import Severity

ADD, RENAME, CONVERT, REDO, REMOVE, FIX, REVIEW = "add", "rename", "convert", "redo", "remove", "fix", "review"
KINDS: tuple[str, ...] = (ADD, RENAME, CONVERT, REDO, REMOVE, FIX, REVIEW)
"""In the order the first screen lists them."""

TAG_KIND: tuple[tuple[str, str], ...] = (
    ("format", CONVERT),
    ("names", RENAME),
    ("presence", ADD),
    ("files", REDO),
    ("scan", REDO),
    ("photo", REDO),
)
"""First matching tag wins; a code with none of these tags is "fix"."""


def work_kind(code: str, severity: Severity) -> str | None:
    """The kind of work for a finding of `code` at `severity` (None for info)."""
    if severity == Severity.INFO:
        return None
    if severity == Severity.REVIEW:
        return REVIEW
    spec = CATALOGUE.get(code)
    if spec is None:
        return FIX
    if spec.kind:
        return spec.kind
    tags = set(spec.tags)
    return next((kind for tag, kind in TAG_KIND if tag in tags), FIX)
