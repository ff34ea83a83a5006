"""The checklist as loaded: policy as data, one file per region/year/series."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from zccheck.findings import Severity

if TYPE_CHECKING:
    from zccheck.conditions import Condition

PRESENCES = ("required", "recommended", "optional")
NOT_APPLICABLE = "not-applicable"


@dataclass(frozen=True)
class CheckUse:
    """One check applied to an item (or to the whole application), with its merged options."""

    id: str
    options: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Section:
    """A section of the platform's upload form, used to order reports the way applicants upload."""

    id: str
    name_zh: str
    name_en: str


@dataclass(frozen=True)
class ItemSpec:
    """One material of the checklist (ids are the digest's, a public interface)."""

    id: str
    name_zh: str
    name_en: str
    section: str
    presence: str
    when: Condition
    keywords: tuple[str, ...]
    source: str
    description_zh: str = ""
    description_en: str = ""
    exclude_keywords: tuple[str, ...] = ()
    multi: bool = False
    group_prefixes: tuple[str, ...] = ()
    part_keywords: tuple[str, ...] = ()
    min_files: int = 1
    max_files: int | None = None
    max_groups: int | None = None
    formats: tuple[str, ...] = ()
    satisfied_by: tuple[str, ...] = ()
    checks: tuple[CheckUse, ...] = ()

    def name(self, lang: str) -> str:
        """The item's name in `lang`."""
        return self.name_en if lang == "en" else self.name_zh

    def applies(self, facts: Any) -> bool:
        """Whether the item's condition (`when`) holds for `facts`: the ONE place a condition is evaluated
        (engine statuses, the presence check, CheckContext.required and every view go through here)."""
        return bool(self.when.evaluate(facts))

    def requirement(self, facts: Any) -> str:
        """"required", "recommended" or "optional" (the item's presence) when its condition holds for
        `facts`, else "not-applicable"."""
        return self.presence if self.applies(facts) else NOT_APPLICABLE


@dataclass(frozen=True)
class Deadlines:
    """Submission dates of the notice (§五)."""

    first_submission: datetime
    correction_start: datetime
    correction_end: datetime
    submission_start: datetime | None = None  # when applications open; None: the window is its last day only

    def window(self) -> tuple[date, date]:
        """The first-submission window as dates: (submission_start or first_submission, first_submission)."""
        end = self.first_submission.date()
        return (self.submission_start.date() if self.submission_start else end, end)


@dataclass(frozen=True)
class Checklist:
    """A validated checklist."""

    id: str
    title_zh: str
    title_en: str
    path: str
    region: str
    year: int
    series: str
    notice: str
    sections: tuple[Section, ...]
    items: Mapping[str, ItemSpec]
    checks: tuple[CheckUse, ...]
    deadlines: Deadlines
    fees: Mapping[str, int]
    max_file_mb: float
    upload_formats: tuple[str, ...]
    readable_formats: tuple[str, ...]
    severity: Mapping[str, Severity] = field(default_factory=dict)
    rules: Mapping[str, Any] = field(default_factory=dict)

    def title(self, lang: str) -> str:
        """The checklist's title in `lang`."""
        return self.title_en if lang == "en" else self.title_zh

    def section(self, section_id: str) -> Section | None:
        """The section with this id, if any."""
        return next((s for s in self.sections if s.id == section_id), None)
