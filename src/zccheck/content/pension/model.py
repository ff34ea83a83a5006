"""The shapes of a pension record: a month, one paid month (PensionRow), a whole record (PensionRecord),
and the Grid of cells every source reader produces."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from zccheck.content.pension.values import insurance_kind

Month = tuple[int, int]
"""(year, month), e.g. (2024, 3)."""


@dataclass(frozen=True)
class PensionRow:
    """One month of one insurance at one unit.

    `paid` is True (paid/arrived), False (owed, interrupted, not arrived) or None (not stated).
    `backpaid` marks a 补缴/补收 payment (by type, a 补缴 flag, or a booking month well after the period).
    """

    month: Month
    unit: str
    insurance: str
    paid: bool | None
    backpaid: bool

    @property
    def kind(self) -> str:
        """The insurance kind ("养老", "失业", "工伤", "医疗", "生育") or "" when not stated."""
        return insurance_kind(self.insurance)


@dataclass(frozen=True)
class PensionRecord:
    """What a pension export says: whose it is and which months were paid where.

    `source_layout` names the format and layouts seen, e.g. "xlsx:long", "pdf:range", "csv:long+wide".
    `gap_ranges` lists range rows whose month count is smaller than their span: (start, end, count, span);
    which months inside such a range were unpaid cannot be known.
    """

    person_name: str | None
    id_number: str | None
    rows: tuple[PensionRow, ...]
    source_layout: str
    personal_number: str | None = None
    gap_ranges: tuple[tuple[Month, Month, int, int], ...] = ()

    @property
    def unit_names(self) -> tuple[str, ...]:
        """Distinct unit names as written in the record, in order of appearance."""
        return tuple(dict.fromkeys(r.unit for r in self.rows if r.unit))

    @property
    def months(self) -> tuple[Month, ...]:
        """Distinct months of the record, sorted."""
        return tuple(sorted({r.month for r in self.rows}))


def merge_records(records: Sequence[PensionRecord]) -> PensionRecord:
    """One record from several files (a record split by year, a PDF and its xlsx twin).

    Rows and gap ranges are concatenated in order; the first stated person, ID and personal number win."""
    if len(records) == 1:
        return records[0]
    rows: list[PensionRow] = [row for record in records for row in record.rows]
    return PensionRecord(
        person_name=next((r.person_name for r in records if r.person_name), None),
        id_number=next((r.id_number for r in records if r.id_number), None),
        rows=tuple(rows),
        source_layout="+".join(dict.fromkeys(r.source_layout for r in records)),
        personal_number=next((r.personal_number for r in records if r.personal_number), None),
        gap_ranges=tuple(g for r in records for g in r.gap_ranges),
    )


@dataclass
class Grid:
    """A sheet (or text) as rows of cells, named by its sheet or file name; PDF grids hold a line per row."""

    name: str
    rows: list[list[Any]]
