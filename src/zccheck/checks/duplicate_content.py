"""Byte-identical files: one content used for two items (or for two achievements: 菜单二 forbids reuse), or
copies of one file in one place (`承诺书.pdf`, `承诺书 - 副本.pdf`, `承诺书(1).pdf`): each set is ONE finding
naming every file, whichever of the three it is."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from typing import Any

from zccheck.checks.base import CheckContext, Scope
from zccheck.classify.model import Classification
from zccheck.findings import Problem
from zccheck.inventory.document import Document

ID = "duplicate-content"
SCOPE = Scope.APPLICANT
DEFAULTS: dict[str, Any] = {"reuse_forbidden_items": ["achievements", "papers"]}


def identical_sets(documents: tuple[Document, ...] | list[Document]) -> list[list[Document]]:
    """Sets of two or more non-empty documents with the same content, in inventory order."""
    by_hash: dict[str, list[Document]] = defaultdict(list)
    for doc in documents:
        if doc.sha256 and doc.size > 0:
            by_hash[doc.sha256].append(doc)
    return [docs for docs in by_hash.values() if len(docs) > 1]


def group_keys(classification: Classification) -> dict[int, str]:
    """id(document) -> "item:group key" for members of multi-file items' groups."""
    group_of: dict[int, str] = {}
    for item_id, groups in classification.groups.items():
        for group in groups:
            for doc in group.documents:
                group_of[id(doc)] = f"{item_id}:{group.key}"
    return group_of


def check(ctx: CheckContext, options: Mapping[str, Any]) -> Iterator[Problem]:
    """One problem per set of identical files: reuse across items or achievements, else plain copies."""
    classification = ctx.classification
    group_of = group_keys(classification)
    forbidden = set(options["reuse_forbidden_items"])
    for docs in identical_sets(ctx.documents):
        owned = [d for d in docs if classification.item_of(d)]
        items = sorted({classification.item_of(d) for d in owned})
        groups = {group_of.get(id(d)) for d in owned}
        if len(owned) > 1 and len(items) == 1 and items[0] in forbidden and len(groups) > 1:
            yield _problem("achievement-reused", owned, items[0], {"items": items})
        elif len(owned) > 1 and len(items) > 1:
            yield _problem("duplicate-content", owned, classification.item_of(owned[1]), {"items": items})
        else:
            yield _problem("duplicate-copies", docs, items[0] if items else None,
                           {"items": items, "keep": docs[0].rel_path})


def _problem(code: str, docs: list[Document], item: str | None, extra: dict[str, Any]) -> Problem:
    paths = [d.rel_path for d in docs]
    return Problem(code, path=paths[1] if code != "duplicate-copies" else paths[0], item=item,
                   params={"files": "、".join(f"“{p}”" for p in paths), "count": len(paths)},
                   details={"files": paths, **extra})
