"""Every file: readable, not empty, not corrupt, not encrypted, honest extension, uploadable format and size.

A PDF is judged as a viewer shows it (the inventory's probe asks pdfium): damage a viewer repairs is a
`pdf-damaged` warning; `corrupt-file` / `encrypted-pdf` only when it cannot be shown or needs a password;
without pdfium a PDF pypdf cannot open is `pdf-unverified` (review), not a guess.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from zccheck.checks.base import CheckContext, Scope, is_stray_empty
from zccheck.findings import Problem

ID = "file-integrity"
SCOPE = Scope.DOCUMENT
DEFAULTS: dict[str, Any] = {}

# What to convert a format the platform will not take into, by detected kind.
CONVERSION_HINTS: dict[str, str] = {
    "heic": "jpeg",
    "avif": "jpeg",
    "webp": "jpeg",
    "bmp": "jpeg",
    "tiff": "pdf",
    "gif": "jpeg",
    "doc": "pdf",
    "wps": "pdf",
    "xls": "xlsx",
    "docx": "pdf",
    "xlsx": "pdf",
    "txt": "pdf",
    "csv": "pdf",
    "ofd": "pdf",
    "rar": "pdf",
    "7z": "pdf",
    "zip": "pdf",
}


ARCHIVE_KINDS = frozenset({"zip", "rar", "7z"})


def check(ctx: CheckContext, options: Mapping[str, Any]) -> Iterator[Problem]:
    """File-level problems for `ctx.document`; at most one problem about its readability."""
    doc = ctx.document
    assert doc is not None
    item = ctx.item.id if ctx.item else None
    base = {"name": doc.name}
    if doc.read_error:
        yield Problem("unreadable-file", path=doc.rel_path, item=item, params={**base, "reason": doc.read_error},
                      details={"reason": doc.read_error})
        return
    if doc.size == 0 or doc.kind == "empty":
        # an empty file that is no material (新建文本文档.txt) is to be deleted, not scanned again
        stray = is_stray_empty(doc, ctx.checklist, ctx.item)
        yield Problem("empty-stray-file" if stray else "empty-file", path=doc.rel_path, item=item, params=base)
        return
    limit_mb = ctx.checklist.max_file_mb
    if doc.size > limit_mb * 1024 * 1024:
        size_mb = round(doc.size / 1024 / 1024, 1)
        yield Problem("file-too-large", path=doc.rel_path, item=item,
                      params={**base, "size_mb": size_mb, "limit_mb": limit_mb},
                      details={"size_bytes": doc.size, "limit_mb": limit_mb})
    corrupt = doc.cache.get("corrupt")
    if corrupt:
        yield Problem("corrupt-file", path=doc.rel_path, item=item, params={**base, "kind": doc.kind},
                      details={"kind": doc.kind, "reason": corrupt})
        return
    unverified = doc.cache.get("pdf_unverified")
    if unverified:
        yield Problem("pdf-unverified", path=doc.rel_path, item=item, params={**base, "reason": unverified},
                      details={"reason": unverified})
        return
    if doc.pdf is not None and doc.pdf.needs_password:
        yield Problem("encrypted-pdf", path=doc.rel_path, item=item, params=base)
        return
    if doc.pdf is not None and doc.pdf.damage:
        yield Problem("pdf-damaged", path=doc.rel_path, item=item, params={**base, "damage": doc.pdf.damage},
                      details={"damage": doc.pdf.damage, "bad_pages": list(doc.pdf.bad_pages)})
    if doc.pdf is not None and doc.pdf.encrypted:
        yield Problem("restricted-pdf", path=doc.rel_path, item=item, params=base)
    if doc.extension_kind and doc.kind != "unknown" and not _compatible(doc.extension_kind, doc.kind):
        yield Problem("extension-mismatch", path=doc.rel_path, item=item,
                      params={**base, "claimed": doc.extension_kind, "actual": doc.kind},
                      details={"claimed": doc.extension_kind, "actual": doc.kind})
    if doc.kind in ctx.checklist.upload_formats:
        return
    if doc.kind in ARCHIVE_KINDS:
        yield Problem("nested-archive", path=doc.rel_path, item=item, params=base, details={"kind": doc.kind})
        return
    target = CONVERSION_HINTS.get(doc.kind, "pdf")
    code = "convert-before-upload" if doc.kind in ctx.checklist.readable_formats else "unsupported-format"
    yield Problem(code, path=doc.rel_path, item=item,
                  params={**base, "kind": doc.kind, "target": target.upper()},
                  details={"kind": doc.kind, "convert_to": target})


def _compatible(claimed: str, actual: str) -> bool:
    """Whether an extension's claim fits the content (xlsx/docx are zips; txt and csv are both text)."""
    if claimed == actual:
        return True
    families = ({"txt", "csv"}, {"zip", "docx", "xlsx"}, {"jpeg"}, {"tiff"})
    return any(claimed in family and actual in family for family in families) and claimed != "zip"
