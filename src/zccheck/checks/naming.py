"""Files whose names say nothing the checklist recognises, or point at two items at once."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from zccheck.checks.base import CheckContext, Scope, is_stray_empty
from zccheck.findings import Problem

ID = "naming"
SCOPE = Scope.APPLICANT
DEFAULTS: dict[str, Any] = {}


def check(ctx: CheckContext, options: Mapping[str, Any]) -> Iterator[Problem]:
    """One problem per unrecognised file and per ambiguous file (an empty one is told to be deleted instead)."""
    for doc in ctx.classification.unrecognised:
        if is_stray_empty(doc, ctx.checklist, None):
            continue  # file-integrity says: delete it
        yield Problem("unrecognised-file", path=doc.rel_path, item=None, params={"name": doc.name})
    for doc, candidates in ctx.classification.ambiguous:
        names = [ctx.checklist.items[c].name_zh for c in candidates]
        names_en = [ctx.checklist.items[c].name_en for c in candidates]
        yield Problem("ambiguous-file", path=doc.rel_path, item=None,
                      params={"name": doc.name, "candidates": "、".join(names),
                              "candidates_en": ", ".join(names_en)},
                      details={"candidates": list(candidates)})
