"""Required items present (conditional on the facts), per-item file counts and accepted formats."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from zccheck.checks.base import CheckContext, Scope
from zccheck.findings import Problem

ID = "presence"
SCOPE = Scope.APPLICANT
DEFAULTS: dict[str, Any] = {}


def check(ctx: CheckContext, options: Mapping[str, Any]) -> Iterator[Problem]:
    """Yield missing-item / missing-recommended-item / too-few-files / too-many-files / wrong-format-for-item.

    `min_files` (checklist, default 1) is the fewest files an item present at all must have, e.g. 2 for a
    certificate scanned front and back as two images.
    """
    for item in ctx.checklist.items.values():
        documents = ctx.classification.documents(item.id)
        stand_ins = [d for other in item.satisfied_by for d in ctx.classification.documents(other)]
        params = {"item_name": item.name_zh, "item_name_en": item.name_en, "source": item.source}
        if not documents:
            if stand_ins:
                continue
            need = item.requirement(ctx.facts)
            if need == "required":
                yield Problem("missing-item", item=item.id, params=params)
            elif need == "recommended":
                yield Problem("missing-recommended-item", item=item.id, params=params)
            continue
        if len(documents) < item.min_files:
            yield Problem("too-few-files", item=item.id,
                          params={**params, "count": len(documents), "limit": item.min_files},
                          details={"count": len(documents), "limit": item.min_files,
                                   "files": [d.rel_path for d in documents]})
        if item.max_files is not None and len(documents) > item.max_files:
            yield Problem("too-many-files", item=item.id,
                          params={**params, "count": len(documents), "limit": item.max_files},
                          details={"count": len(documents), "limit": item.max_files,
                                   "files": [d.rel_path for d in documents]})
        if item.formats:
            for doc in documents:
                if doc.kind not in item.formats and doc.kind not in ("empty", "unknown"):
                    yield Problem("wrong-format-for-item", path=doc.rel_path, item=item.id,
                                  params={**params, "name": doc.name, "kind": doc.kind,
                                          "formats": "/".join(item.formats)},
                                  details={"kind": doc.kind, "accepted": list(item.formats)})
