"""What every check module provides, and the context the engine hands it.

A check module exposes:
    ID: str                       stable check id used in checklists (e.g. "photo")
    SCOPE: Scope                  APPLICANT (once), ITEM (once per item that lists it), DOCUMENT (per file)
    DEFAULTS: dict[str, Any]      its options with defaults; a checklist may override any of them
    def check(ctx: CheckContext, options: Mapping[str, Any]) -> Iterable[Problem]

A check yields Problems (code, path, params, details) and never prints, never decides severity and never
raises on bad input: unreadable content is a Problem too. The engine catches anything unexpected as an
`internal-error` finding naming the check and the file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from zccheck.checklist.model import Checklist, ItemSpec
from zccheck.classify.model import Classification, Group
from zccheck.facts import Facts
from zccheck.inventory.document import Document


class Scope(StrEnum):
    """When a check runs."""

    APPLICANT = "applicant"
    ITEM = "item"
    DOCUMENT = "document"


@dataclass(frozen=True)
class CheckContext:
    """Everything a check may look at. Built by the engine; checks treat it as read-only.

    For ITEM scope, `item`, `item_documents` and (for multi-file items) `groups` are set.
    For DOCUMENT scope, `document` is set (and `item` when the document belongs to one).
    `as_of` is the date of the check (`--as-of`, default today); the apply month derives from
    `facts.apply_date` or, when absent, from `as_of`. `date_given` is False when neither was given: the
    engine then runs checks marked `DATE_DEPENDENT = True` once per date of the notice's submission window
    (with `as_of` set to that date) and keeps the applicant-favourable verdict (zccheck.datewindow).
    """

    facts: Facts
    checklist: Checklist
    as_of: date
    documents: Sequence[Document]
    classification: Classification
    item: ItemSpec | None = None
    item_documents: Sequence[Document] = ()
    groups: Sequence[Group] = ()
    document: Document | None = None
    date_given: bool = True  # False: no apply_date and no --as-of; see zccheck.datewindow

    @property
    def apply_date(self) -> date:
        """The application date: the fact when given, else the date of the check."""
        return self.facts.apply_date or self.as_of

    def readable_documents(self, item_id: str) -> list[Document]:
        """The documents of `item_id` whose content may be read (not locked, empty or corrupt): what an
        APPLICANT-scope check that looks inside another item's files must iterate over."""
        return [doc for doc in self.classification.documents(item_id) if doc.content_readable]

    def required(self, item_id: str) -> bool:
        """True when `item_id` exists in the checklist and its condition holds for these facts."""
        item = self.checklist.items.get(item_id)
        return item is not None and item.applies(self.facts)


def is_stray_empty(doc: Document, checklist: Checklist, item: ItemSpec | None) -> bool:
    """True for a 0-byte file that belongs to no material and is not even of an uploadable type (a
    "新建文本文档.txt"): it is to be deleted, not scanned again or renamed."""
    return item is None and doc.size == 0 and doc.extension_kind not in checklist.upload_formats
