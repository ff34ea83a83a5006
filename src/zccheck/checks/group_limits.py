"""Multi-file items: at most N entries (20 achievements, 7 papers), one 代表作, one 代表性成果."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from zccheck.checks.base import CheckContext, Scope
from zccheck.findings import Problem

ID = "group-limits"
SCOPE = Scope.APPLICANT
DEFAULTS: dict[str, Any] = {
    "masterpiece_item": "papers",
    "masterpiece_marker": "代表作",
    "representative_items": ["achievements", "papers"],
    "representative_marker": "代表性成果",
}


def check(ctx: CheckContext, options: Mapping[str, Any]) -> Iterator[Problem]:
    """Count groups per multi-file item and the 代表作 / 代表性成果 marks."""
    for item in ctx.checklist.items.values():
        groups = ctx.classification.groups.get(item.id, [])
        if item.max_groups is not None and len(groups) > item.max_groups:
            yield Problem("too-many-entries", item=item.id,
                          params={"item_name": item.name_zh, "item_name_en": item.name_en,
                                  "count": len(groups), "limit": item.max_groups},
                          details={"count": len(groups), "limit": item.max_groups,
                                   "entries": [g.label for g in groups]})

    masterpiece_item = options["masterpiece_item"]
    papers = ctx.classification.groups.get(masterpiece_item, [])
    if papers:
        marked = [g for g in papers if options["masterpiece_marker"] in g.markers]
        if not marked:
            yield Problem("no-masterpiece", item=masterpiece_item,
                          details={"entries": [g.label for g in papers]})
        elif len(marked) > 1:
            yield Problem("several-masterpieces", item=masterpiece_item,
                          params={"entries": "、".join(g.label for g in marked)},
                          details={"entries": [g.label for g in marked]})

    candidates = [g for item_id in options["representative_items"]
                  for g in ctx.classification.groups.get(item_id, [])]
    if candidates:
        marked = [g for g in candidates if options["representative_marker"] in g.markers]
        first_item = options["representative_items"][0]
        if not marked:
            yield Problem("no-representative-achievement", item=first_item,
                          details={"entries": [g.label for g in candidates]})
        elif len(marked) > 1:
            yield Problem("several-representative-achievements", item=marked[0].item,
                          params={"entries": "、".join(g.label for g in marked)},
                          details={"entries": [g.label for g in marked]})
