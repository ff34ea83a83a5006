"""The engine: materials + checklist + facts -> Result. Runs every check in use, guarded; prints nothing."""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from zccheck import __version__
from zccheck.catalogue import CATALOGUE
from zccheck.checklist.loader import load_checklist, resolve_checklist
from zccheck.checklist.model import NOT_APPLICABLE, Checklist, CheckUse, ItemSpec
from zccheck.checks import REGISTRY
from zccheck.checks.base import CheckContext, Scope
from zccheck.classify.classifier import classify, names_material
from zccheck.classify.model import Classification
from zccheck.datewindow import candidate_dates, choose
from zccheck.facts_loader import FactsFileError, load_facts
from zccheck.findings import SEVERITY_ORDER, Finding, Problem, Severity
from zccheck.inventory.document import LAST_READ, ReadError
from zccheck.inventory.filetype import libmagic_available
from zccheck.inventory.materials import open_materials
from zccheck.inventory.model import Inventory
from zccheck.recognize.stage import recognize
from zccheck.result import ERROR, MISSING, NOT_REQUIRED, OK, OPTIONAL, REVIEW, WARNING, ItemResult, Result
from zccheck.timeouts import CheckTimeout, time_limit


@dataclass(frozen=True)
class ScanOptions:
    """What the caller decides: checklist, language, check date, fact overrides, limits, debug."""

    checklist: str | None = None
    lang: str = "zh"
    as_of: date | None = None
    overrides: Mapping[str, Any] = field(default_factory=dict)
    debug: bool = False
    file_time_limit_s: float = 60.0
    # Called as progress(done, total, path) while files are recognised by content (a reporter prints it).
    progress: Callable[[int, int, str], None] | None = None


def scan(path: str | Path, options: ScanOptions) -> Result:
    """Scan one applicant's materials. Raises ChecklistError (exit 2), FactsFileError (exit 2) or
    MaterialsUnreadable (exit 3); every other problem becomes a finding."""
    checklist = load_checklist(resolve_checklist(options.checklist))
    inventory = open_materials(path, keep=lambda name: names_material(name, checklist))
    if inventory.facts_error is not None:  # zccheck.toml present but not text (encoding, size): exit 2
        raise FactsFileError(inventory.facts_error)
    return evaluate(inventory, checklist, options)


def evaluate(inventory: Inventory, checklist: Checklist, options: ScanOptions) -> Result:
    """Run the checks on an inventory already read."""
    facts_result = load_facts(inventory.facts_text, options.overrides)
    # The date the check is about: --as-of, else the planned application date of the facts, else today.
    as_of = options.as_of or facts_result.facts.apply_date or date.today()
    date_given = options.as_of is not None or facts_result.facts.apply_date is not None
    classification = classify_inventory(inventory, checklist, options)
    base = CheckContext(facts=facts_result.facts, checklist=checklist, as_of=as_of,
                        documents=tuple(inventory.documents), classification=classification,
                        date_given=date_given)
    runner = _Runner(checklist, options)
    if not date_given:  # said once: date-dependent rules are judged over the submission window
        start, end = checklist.deadlines.window()
        dates = candidate_dates(start, end, as_of)
        runner.add([Problem("apply-date-not-given", params={"start": dates[0].isoformat(), "end": end.isoformat()},
                            details={"window": [start.isoformat(), end.isoformat()],
                                     "judged_from": dates[0].isoformat(), "today": as_of.isoformat()})],
                   None, None)
    runner.add(facts_result.problems, None, None)
    runner.add(inventory.problems, None, None)
    if inventory.prefix:
        runner.add([Problem("top-folder-unwrapped", params={"folder": inventory.prefix},
                            details={"folder": inventory.prefix, "facts_origin": inventory.facts_origin})], None, None)
    if inventory.facts_error is not None and inventory.facts_text is None:  # callers other than scan()
        runner.add([Problem("facts-file-invalid", params={"reason": inventory.facts_error})], None, None)
    if inventory.documents and not libmagic_available():
        runner.add([Problem("type-detection-fallback")], None, None)
    if not inventory.documents and not inventory.problems:
        runner.add([Problem("materials-empty", params={"name": Path(str(inventory.root)).name or str(inventory.root)},
                            details={"ignored": list(inventory.ignored)})], None, None)
    missing_vision = missing_vision_packages()
    if inventory.documents and missing_vision:
        runner.add([Problem("vision-extra-missing", params={"packages": ", ".join(missing_vision)},
                            details={"missing": list(missing_vision)})], None, None)

    for use in checklist.checks:
        if REGISTRY[use.id].SCOPE is Scope.APPLICANT:
            runner.run(use, base, None)
    # Per-file checks (integrity, scan quality) before the item checks: each file's scan measures are done and
    # their memory returned before the OCR engine of the item checks is loaded, so the two peaks never stack
    # (a 9000×9000 page image: 600 MB in the other order, 430 MB in this one). The report is sorted anyway.
    for doc in inventory.documents:
        item_id = classification.item_of(doc)
        item = checklist.items.get(item_id) if item_id else None
        ctx = CheckContext(**{**base.__dict__, "item": item, "document": doc})
        for use in checklist.checks:
            if REGISTRY[use.id].SCOPE is Scope.DOCUMENT:
                runner.run(use, ctx, item, doc.rel_path)
    for item in checklist.items.values():
        # Content checks see only files that could be opened; file-integrity reports the others once.
        docs = [doc for doc in classification.documents(item.id) if doc.content_readable]
        if not docs:
            continue
        ctx = CheckContext(**{**base.__dict__, "item": item, "item_documents": tuple(docs),
                              "groups": tuple(classification.groups.get(item.id, []))})
        for use in item.checks:
            runner.run(use, ctx, item)

    findings = _ordered(runner.findings, checklist)
    items = tuple(_item_result(item, base, classification.documents(item.id), findings)
                  for item in _items_in_section_order(checklist))
    return Result(root=str(inventory.root), checklist=checklist, facts=facts_result.facts,
                  facts_found=facts_result.found, as_of=as_of, lang=options.lang, items=items,
                  findings=tuple(findings), unrecognised=tuple(d.rel_path for d in classification.unrecognised),
                  document_count=len(inventory.documents), ignored=tuple(inventory.ignored),
                  notes=(f"zccheck {__version__}",), documents=tuple(inventory.documents),
                  recognitions=tuple(classification.recognitions[p] for p in sorted(classification.recognitions)))


def classify_inventory(inventory: Inventory, checklist: Checklist, options: ScanOptions) -> Classification:
    """Documents to items: names first, then every later stage that decides items (the one place `scan` and
    `tidy` share, so tidy places exactly what scan recognises): the recognition stage decides by content what
    names could not, and cross-checks named files against their text."""
    classification = classify(inventory.documents, checklist)
    recognize(inventory.documents, classification, checklist, progress=options.progress)
    return classification


def _first_document(ctx: CheckContext) -> str | None:
    """The path of the first file a check was given (its document, else its item's first file), or None for
    a check about the applicant rather than files."""
    if ctx.document is not None:
        return ctx.document.rel_path
    return ctx.item_documents[0].rel_path if ctx.item_documents else None


VISION_PACKAGES = ("rapidocr", "onnxruntime", "cv2", "pypdfium2")


def missing_vision_packages() -> tuple[str, ...]:
    """Packages of the `vision` extra that are not installed (looked up, not imported: start-up stays fast)."""
    from importlib.util import find_spec

    return tuple(name for name in VISION_PACKAGES if find_spec(name) is None)


class _Runner:
    """Runs checks with a guard and a time limit; turns Problems into Findings (severity, wording)."""

    def __init__(self, checklist: Checklist, options: ScanOptions) -> None:
        self.checklist = checklist
        self.options = options
        self.findings: list[Finding] = []

    def run(self, use: CheckUse, ctx: CheckContext, item: ItemSpec | None, target: str | None = None) -> None:
        module = REGISTRY[use.id]
        LAST_READ.set(target)
        try:  # rendering is guarded too: a Problem with an unknown code is the check's bug, not the scan's
            with time_limit(self.options.file_time_limit_s):
                if getattr(module, "DATE_DEPENDENT", False) and not ctx.date_given:
                    problems = self.over_window(module, use, ctx)
                else:
                    problems = list(module.check(ctx, use.options))
                findings = self.render(problems, item, use.id)
        except CheckTimeout:
            target = target or LAST_READ.get() or _first_document(ctx)
            findings = self.render([Problem("check-timeout", path=target, params={
                "check": use.id, "name": target or "", "seconds": self.options.file_time_limit_s})], item, use.id)
        except ReadError as exc:  # the file vanished or became unreadable after the inventory
            target = target or LAST_READ.get() or _first_document(ctx)
            findings = self.render([Problem("unreadable-file", path=target, params={
                "name": target or "", "reason": exc.detail or exc.reason}, details={"reason": exc.reason})],
                item, use.id)
        except Exception as exc:  # a bug in one check must never stop the scan
            details = {"exception": type(exc).__name__}
            if self.options.debug:
                details["traceback"] = traceback.format_exc()
            # The file being processed: the check's own target, else the file whose bytes it read last, else
            # the item's first file (a check that failed before reading anything still names where to look).
            target = target or LAST_READ.get() or _first_document(ctx)
            label = f"“{target}”" if target else (f"“{item.name_zh}”" if item else "申报材料")
            findings = self.render([Problem("internal-error", path=target, params={
                "check": use.id, "target": label, "error": f"{type(exc).__name__}: {exc}"}, details=details)],
                item, use.id)
        self.findings.extend(findings)

    def over_window(self, module: Any, use: CheckUse, ctx: CheckContext) -> list[Problem]:
        """A date-dependent check judged at every candidate date of the submission window (no date given):
        the applicant-favourable verdict, plus a `date-dependent` review when the answer depends on the date."""
        start, end = self.checklist.deadlines.window()
        runs = [(when, list(module.check(replace(ctx, as_of=when), use.options)))
                for when in candidate_dates(start, end, ctx.as_of)]
        verdict = choose(runs, self.severity_of)
        problems = verdict.problems
        if verdict.depends_on_date:
            failing = next(p for when, ps in runs if when == verdict.failing[0] for p in ps
                           if p.code in verdict.failing_codes)
            spec = self.checklist.items.get(failing.item or (ctx.item.id if ctx.item else ""))
            title = CATALOGUE[failing.code]
            problems.append(Problem("date-dependent", path=failing.path, item=failing.item, params={
                "check": use.id, "subject": spec.name_zh if spec else title.title_zh,
                "subject_en": spec.name_en if spec else title.title_en,
                "failing": "、".join(d.isoformat() for d in verdict.failing),
                "failing_en": ", ".join(d.isoformat() for d in verdict.failing),
                "passing_en": ", ".join(d.isoformat() for d in verdict.passing),
                "passing": "、".join(d.isoformat() for d in verdict.passing),
                "codes": "、".join(CATALOGUE[c].title_zh for c in verdict.failing_codes),
                "codes_en": "; ".join(CATALOGUE[c].title_en for c in verdict.failing_codes)}, details={
                "failing_dates": [d.isoformat() for d in verdict.failing],
                "passing_dates": [d.isoformat() for d in verdict.passing],
                "failing_codes": list(verdict.failing_codes)}))
        return problems

    def severity_of(self, code: str) -> Severity:
        """A code's severity here (the checklist's override, else the catalogue's)."""
        return self.checklist.severity.get(code, CATALOGUE[code].severity)

    def add(self, problems: Iterable[Problem], item: ItemSpec | None, check: str | None) -> None:
        self.findings.extend(self.render(problems, item, check))

    def render(self, problems: Iterable[Problem], item: ItemSpec | None, check: str | None) -> list[Finding]:
        """Findings for `problems`: severity from the checklist or catalogue, wording in the options' language."""
        lang = self.options.lang
        rendered: list[Finding] = []
        for problem in problems:
            spec = CATALOGUE[problem.code]
            item_id = problem.item if problem.item is not None else (item.id if item else None)
            target_item = self.checklist.items.get(item_id) if item_id else None
            params: dict[str, Any] = {}
            if target_item is not None:
                params.update(item_name=target_item.name_zh, item_name_en=target_item.name_en,
                              source=target_item.source)
            params.update(problem.params)
            rendered.append(Finding(
                code=problem.code,
                severity=self.checklist.severity.get(problem.code, spec.severity),
                item=item_id,
                path=problem.path,
                message=spec.message(lang, params),
                hint=spec.hint(lang, params),
                source=target_item.source if target_item else None,
                check=check,
                details=dict(problem.details),
            ))
        return rendered


def _items_in_section_order(checklist: Checklist) -> list[ItemSpec]:
    order = {s.id: i for i, s in enumerate(checklist.sections)}
    return sorted(checklist.items.values(), key=lambda it: order.get(it.section, len(order)))


def _ordered(findings: list[Finding], checklist: Checklist) -> list[Finding]:
    order = {item.id: i for i, item in enumerate(_items_in_section_order(checklist))}
    return sorted(findings, key=lambda f: (SEVERITY_ORDER[f.severity], order.get(f.item or "", -1),
                                           f.path or "", f.code))


def _item_result(item: ItemSpec, ctx: CheckContext, docs: list, findings: list[Finding]) -> ItemResult:
    need = item.requirement(ctx.facts)
    required = need in ("required", "recommended")
    own = tuple(f for f in findings if f.item == item.id)
    severities = {f.severity for f in own}
    if not docs:
        if any(f.code in ("missing-item", "missing-recommended-item") or "missing" in CATALOGUE[f.code].tags
               for f in own):
            status = MISSING
        elif Severity.ERROR in severities:
            status = ERROR
        else:
            status = NOT_REQUIRED if need == NOT_APPLICABLE else OPTIONAL
    elif Severity.ERROR in severities:
        status = ERROR
    elif Severity.WARNING in severities:
        status = WARNING
    elif Severity.REVIEW in severities:
        status = REVIEW
    else:
        status = OK
    return ItemResult(item=item, required=required, status=status, files=tuple(d.rel_path for d in docs),
                      findings=own)
