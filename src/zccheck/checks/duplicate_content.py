"""The same file content used for two items (or for two achievements: 菜单二 forbids reuse)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from typing import Any

from zccheck.checks.base import CheckContext, Scope
from zccheck.findings import Problem
from zccheck.inventory.document import Document

ID = "duplicate-content"
SCOPE = Scope.APPLICANT
DEFAULTS: dict[str, Any] = {"reuse_forbidden_items": ["achievements", "papers"]}


def check(ctx: CheckContext, options: Mapping[str, Any]) -> Iterator[Problem]:
    """Group documents by content hash; report each hash used in two places."""
    owner = {id(doc): item_id for doc in ctx.documents if (item_id := ctx.classification.item_of(doc))}
    group_of: dict[int, str] = {}
    for item_id, groups in ctx.classification.groups.items():
        for group in groups:
            for doc in group.documents:
                group_of[id(doc)] = f"{item_id}:{group.key}"

    by_hash: dict[str, list[Document]] = defaultdict(list)
    for doc in ctx.documents:
        if doc.sha256 and doc.size > 0 and id(doc) in owner:
            by_hash[doc.sha256].append(doc)
    forbidden = set(options["reuse_forbidden_items"])
    for docs in by_hash.values():
        if len(docs) < 2:
            continue
        items = sorted({owner[id(d)] for d in docs})
        groups = {group_of.get(id(d)) for d in docs}
        paths = [d.rel_path for d in docs]
        details = {"files": paths, "items": items}
        params = {"files": "、".join(f"“{p}”" for p in paths)}
        if len(items) == 1 and items[0] in forbidden and len(groups) > 1:
            yield Problem("achievement-reused", path=paths[1], item=items[0], params=params, details=details)
        elif len(items) > 1:
            yield Problem("duplicate-content", path=paths[1], item=owner[id(docs[1])], params=params,
                          details=details)
