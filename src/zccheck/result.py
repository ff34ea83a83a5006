"""The result of one scan: items with their status, and every finding."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from zccheck.checklist.model import Checklist, ItemSpec
from zccheck.classify.model import Recognition
from zccheck.facts import Facts
from zccheck.findings import Finding, Severity
from zccheck.inventory.document import Document
from zccheck.masking import mask_ids, mask_ids_deep

# Item statuses, in the JSON as they are.
OK, MISSING, ERROR, WARNING, REVIEW, NOT_REQUIRED, OPTIONAL = (
    "ok", "missing", "error", "warning", "review", "not-required", "optional-absent")


@dataclass(frozen=True)
class ItemResult:
    """One checklist item: is it required here, which files satisfy it, its status and findings."""

    item: ItemSpec
    required: bool
    status: str
    files: tuple[str, ...]
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class Result:
    """Everything a reporter needs; built by the engine, never modified."""

    root: str
    checklist: Checklist
    facts: Facts
    facts_found: bool
    as_of: date
    lang: str
    items: tuple[ItemResult, ...]
    findings: tuple[Finding, ...]
    unrecognised: tuple[str, ...]
    document_count: int
    ignored: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)
    recognitions: tuple[Recognition, ...] = ()
    # The materials' documents, read-only (`Document.read_bytes()`): reporters that show pages and photos
    # (HTML) render thumbnails from them. Not part of the JSON; never written to.
    documents: tuple[Document, ...] = field(default=(), compare=False, repr=False)

    def document(self, rel_path: str | None) -> Document | None:
        """The document at `rel_path` (as findings name it), or None."""
        if rel_path is None:
            return None
        found = next((d for d in self.documents if d.rel_path == rel_path), None)
        if found is None:  # a path as `masked()` shows it
            found = next((d for d in self.documents if mask_ids(d.rel_path) == rel_path), None)
        return found

    def masked(self) -> Result:
        """This result with every ID number masked in what a reporter prints: paths, file lists, messages,
        hints, details, the root and the facts' texts. Reporters call it first; masking twice changes nothing."""
        def finding(f: Finding) -> Finding:
            return replace(f, path=mask_ids(f.path) if f.path else f.path, message=mask_ids(f.message),
                           hint=mask_ids(f.hint), details=mask_ids_deep(dict(f.details)))

        findings = {id(f): finding(f) for f in self.findings}
        items = tuple(replace(ir, files=tuple(mask_ids(p) for p in ir.files),
                              findings=tuple(findings.get(id(f)) or finding(f) for f in ir.findings))
                      for ir in self.items)
        facts = replace(self.facts, **{name: mask_ids(value) for name in ("name", "unit")
                                       if isinstance(value := getattr(self.facts, name), str)})
        return replace(self, root=mask_ids(self.root), facts=facts, items=items,
                       findings=tuple(findings[id(f)] for f in self.findings),
                       unrecognised=tuple(mask_ids(p) for p in self.unrecognised),
                       ignored=tuple(mask_ids(p) for p in self.ignored),
                       recognitions=tuple(replace(r, path=mask_ids(r.path),
                                                  evidence=tuple(mask_ids(e) for e in r.evidence))
                                          for r in self.recognitions))

    def count(self, severity: Severity) -> int:
        """How many findings have `severity`."""
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def summary(self) -> dict[str, int]:
        """Counts by severity, keyed as the JSON shape names them."""
        return {"errors": self.count(Severity.ERROR), "warnings": self.count(Severity.WARNING),
                "reviews": self.count(Severity.REVIEW), "infos": self.count(Severity.INFO)}

    def exit_code(self, strict: bool = False) -> int:
        """0 no errors; 1 errors (or warnings with `strict`). Reviews and infos never count, strict or not."""
        if self.count(Severity.ERROR) or (strict and self.count(Severity.WARNING)):
            return 1
        return 0
