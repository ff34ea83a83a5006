"""The printable checklist of one applicant: exactly the materials that apply to these facts, in the platform's
upload order, with the clause and the accepted file types, as boxes to tick on paper.

Whether an item applies is decided by the item's own condition (`ItemSpec.when`, the checklist's one condition
evaluator), the same the engine uses.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from zccheck import __version__
from zccheck.catalogue import CATALOGUE
from zccheck.checklist.model import Checklist, ItemSpec
from zccheck.facts import Facts
from zccheck.findings import Problem
from zccheck.masking import mask_id_number, mask_ids
from zccheck.reporters.html.words import words

_FORMAT_NAMES = {"pdf": "PDF", "jpeg": "JPG", "png": "PNG", "docx": "DOCX", "xlsx": "XLSX", "txt": "TXT"}


@dataclass(frozen=True)
class ChecklistRow:
    """One material of the applicant's checklist."""

    item: ItemSpec
    applies: bool
    presence: str
    formats: tuple[str, ...]


def rows(checklist: Checklist, facts: Facts | None) -> list[ChecklistRow]:
    """Every item in platform order; `applies` is its condition on `facts` (True for all when facts is None)."""
    order = {section.id: index for index, section in enumerate(checklist.sections)}
    items = sorted(checklist.items.values(), key=lambda i: order.get(i.section, len(order)))
    return [ChecklistRow(item=item, applies=facts is None or item.applies(facts), presence=item.presence,
                         formats=tuple(item.formats or checklist.upload_formats)) for item in items]


def format_names(formats: tuple[str, ...]) -> str:
    """"pdf", "jpeg" → "PDF/JPG"."""
    return "/".join(_FORMAT_NAMES.get(f, f.upper()) for f in formats)


def build(checklist: Checklist, facts: Facts | None, problems: tuple[Problem, ...], lang: str) -> dict[str, Any]:
    """The checklist page's view model."""
    w = words(lang)
    en = lang == "en"
    all_rows = rows(checklist, facts)
    sections = []
    for section in checklist.sections:
        members = [r for r in all_rows if r.applies and r.item.section == section.id]
        if not members:
            continue
        sections.append({"id": section.id, "name": section.name_en if en else section.name_zh, "rows": [
            {"id": r.item.id, "name": r.item.name(lang), "presence": r.presence, "presence_text": w[r.presence],
             "clause": r.item.source, "formats": format_names(r.formats),
             "description": (r.item.description_en if en and r.item.description_en else r.item.description_zh),
             "multi": r.item.multi, "max_groups": r.item.max_groups,
             "condition": "" if r.item.when.text == "always" else r.item.when.text} for r in members]})
    skipped = [{"name": r.item.name(lang), "condition": r.item.when.text, "clause": r.item.source}
               for r in all_rows if not r.applies]
    applicant: list[tuple[str, str]] = []
    if facts is not None:
        for key, value in (("applicant", facts.name), ("id_number", mask_id_number(facts.id_number)),
                           ("level", facts.level), ("industry", facts.industry), ("route", facts.route),
                           ("unit", facts.unit)):
            if value:
                applicant.append((w[key], str(value)))
    notes = []
    for problem in problems:
        spec = CATALOGUE.get(problem.code)
        if spec is not None:
            notes.append(mask_ids(spec.message(lang, problem.params)))
    return {"lang": "en" if en else "zh-CN", "w": w, "title": w["checklist_title"],
            "checklist_title": checklist.title(lang), "applicant": applicant, "facts_given": facts is not None,
            "sections": sections, "skipped": skipped, "notes": notes,
            "count": sum(len(s["rows"]) for s in sections),
            "generated": w["generated"].format(version=__version__)}
