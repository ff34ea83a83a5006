"""Files whose names say nothing the checklist recognises or point at two items at once, and what their
content said instead (the recognition stage's decisions, recorded in `classification.recognitions`)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from zccheck.checks.base import CheckContext, Scope, is_stray_empty
from zccheck.classify.model import Recognition
from zccheck.findings import Problem

ID = "naming"
SCOPE = Scope.APPLICANT
DEFAULTS: dict[str, Any] = {}
SHOWN_FILES = 8  # files named in the one vision-extra finding (all are in its details)


def check(ctx: CheckContext, options: Mapping[str, Any]) -> Iterator[Problem]:
    """unrecognised-file / ambiguous-file per file, unless content said something (an empty file is told to
    be deleted instead, by file-integrity); recognised-by-content, recognition-uncertain, content-name-mismatch
    per file; recognition-needs-vision once."""
    recognitions = ctx.classification.recognitions
    needs_vision: list[str] = []
    for doc in ctx.classification.unrecognised:
        if is_stray_empty(doc, ctx.checklist, None):
            continue  # file-integrity says: delete it
        found = recognitions.get(doc.rel_path)
        if found is not None and found.method == "needs-vision":
            needs_vision.append(doc.rel_path)
        elif found is not None and found.item is not None:
            yield _uncertain(ctx, found, doc.name)
        else:
            yield Problem("unrecognised-file", path=doc.rel_path, item=None, params={"name": doc.name})
    for doc, candidates in ctx.classification.ambiguous:
        found = recognitions.get(doc.rel_path)
        if found is not None and found.item is not None and found.method != "needs-vision":
            yield _uncertain(ctx, found, doc.name)
            continue
        names = [ctx.checklist.items[c].name_zh for c in candidates]
        names_en = [ctx.checklist.items[c].name_en for c in candidates]
        yield Problem("ambiguous-file", path=doc.rel_path, item=None,
                      params={"name": doc.name, "candidates": "、".join(names),
                              "candidates_en": ", ".join(names_en)},
                      details={"candidates": list(candidates)})
    by_path = {d.rel_path: d for d in ctx.documents}
    for found in recognitions.values():
        if found.item is None or found.item not in ctx.checklist.items or found.path not in by_path:
            continue
        if ctx.classification.item_of(by_path[found.path]) != found.item:
            continue  # not assigned (uncertain: reported above)
        if found.source == "content":
            yield Problem("recognised-by-content", path=found.path, item=found.item,
                          params=_params(ctx, found), details=_details(found))
        elif found.source == "conflict":
            named = ctx.checklist.items.get(found.named_item or "")
            yield Problem("content-name-mismatch", path=found.path, item=found.named_item,
                          params={**_params(ctx, found),
                                  "named_item": named.name_zh if named else found.named_item,
                                  "named_item_en": named.name_en if named else found.named_item},
                          details=_details(found))
    if needs_vision:
        shown = "、".join(needs_vision[:SHOWN_FILES]) + ("……" if len(needs_vision) > SHOWN_FILES else "")
        yield Problem("recognition-needs-vision", item=None, params={"count": len(needs_vision), "files": shown},
                      details={"files": needs_vision})


def _params(ctx: CheckContext, found: Recognition) -> dict[str, Any]:
    item = ctx.checklist.items[found.item] if found.item else None
    name = found.path.rsplit("/", 1)[-1]
    return {"name": name, "item_name": item.name_zh if item else "", "item_name_en": item.name_en if item else "",
            "part": f"的“{found.part}”" if found.part else "", "part_en": f" ({found.part})" if found.part else "",
            "evidence": "；".join(found.evidence), "confidence": f"{found.confidence:.2f}",
            "example": f"{item.name_zh}{_suffix(name)}" if item else name}


def _suffix(name: str) -> str:
    return name[name.rfind("."):] if "." in name else ""


def _details(found: Recognition) -> dict[str, Any]:
    return {"item": found.item, "part": found.part, "confidence": found.confidence,
            "evidence": list(found.evidence), "method": found.method, "source": found.source,
            "named_item": found.named_item}


def _uncertain(ctx: CheckContext, found: Recognition, name: str) -> Problem:
    return Problem("recognition-uncertain", path=found.path, item=None, params=_params(ctx, found),
                   details=_details(found))
