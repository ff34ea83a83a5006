"""One data row → PensionRows: the layout's months and paid states, the unit and insurance (inherited from
the row above when empty), back-pay marks, refunds dropped; a unit name wrapped onto the next PDF line."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from zccheck.content.pension.context import Person
from zccheck.content.pension.header import Columns
from zccheck.content.pension.layouts import (
    ABSENT,
    Gap,
    cell,
    group_paid,
    matrix_marks,
    row_months,
    row_paid,
)
from zccheck.content.pension.limits import LATE_BOOKING_MONTHS
from zccheck.content.pension.model import Month, PensionRow
from zccheck.content.pension.months import month_diff, parse_month
from zccheck.content.pension.values import clean, insurance_name, parse_payment_type, parse_status

_NOT_A_UNIT_WORDS = ("页", "打印", "合计", "经办", "盖章", "说明")  # footer lines, not a unit name's tail


@dataclass
class Collected:
    """What the tables of a source have given so far.

    `headers` counts the header rows found; `last_added` the rows the last data row added (0 after any
    other line), so a wrapped unit name can be appended to them."""

    rows: list[PensionRow] = field(default_factory=list)
    layouts: list[str] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    headers: int = 0
    last_added: int = 0


def parse_data_row(
    values: Sequence[Any],
    cols: Columns,
    context: str,
    person: Person,
    last: dict[str, str],
    out: Collected,
) -> int:
    """Append the PensionRows of one data row to `out`; returns its number of months (0: no data row).

    `context` is the insurance the title names; `last` holds the unit and insurance of the rows above
    (an empty cell under a filled one inherits it: merged cells read as empty)."""
    marks: list[tuple[Month, bool | None]] | None = None
    if cols.layout == "matrix":
        marks = matrix_marks(values, cols)
        if marks is None:
            return 0
        months = [month for month, _paid in marks]
    else:
        months = row_months(values, cols, person.printed, out.gaps)
    if not months:
        return 0
    person_from_row(values, cols, person)
    unit = _row_unit(values, cols, person, last)
    kind_type = _payment_type(values, cols)
    if kind_type == "refund":
        out.last_added = 0
        return len(months)  # a refund row is understood and dropped
    backpaid = kind_type == "backpaid" or _marked_backpaid(values, cols, months)
    entries = _insurance_entries(values, cols, context, last)
    before = len(out.rows)
    if marks is not None:
        insurance = entries[0][0] if entries else ""
        out.rows.extend(PensionRow(m, unit, insurance, paid, backpaid) for m, paid in marks)
    else:
        for insurance, paid in entries:
            out.rows.extend(PensionRow(month, unit, insurance, paid, backpaid) for month in months)
    out.last_added = len(out.rows) - before
    return len(months)


def _row_unit(values: Sequence[Any], cols: Columns, person: Person, last: dict[str, str]) -> str:
    """The row's unit, else the unit above it, else the unit the statement names; remembered in `last`."""
    unit = clean(cell(values, cols.unit)) if cols.unit is not None else ""
    unit = unit or last.get("unit", "") or (person.unit or "")
    if unit:
        last["unit"] = unit
    return unit


def _payment_type(values: Sequence[Any], cols: Columns) -> str | None:
    """The row's payment type: its type cell, else its status cell (cells glued in a PDF line)."""
    kind_type = parse_payment_type(cell(values, cols.type_)) if cols.type_ is not None else None
    if kind_type is None and cols.type_ is not None and cols.status is not None:
        kind_type = parse_payment_type(cell(values, cols.status))
    return kind_type


def _marked_backpaid(values: Sequence[Any], cols: Columns, months: Sequence[Month]) -> bool:
    """A 补缴 flag, or a single-month row booked LATE_BOOKING_MONTHS or more after its period month."""
    if cols.backflag is not None and parse_status(cell(values, cols.backflag)) is True:
        return True
    if cols.booking is not None and cols.month is not None:
        booked = parse_month(cell(values, cols.booking))
        if booked is not None and len(months) == 1 and month_diff(booked, months[0]) >= LATE_BOOKING_MONTHS:
            return True
    return False


def _insurance_entries(
    values: Sequence[Any], cols: Columns, context: str, last: dict[str, str]
) -> list[tuple[str, bool | None]]:
    """(insurance, paid) of the row: one entry, or one per filled column group of a wide row."""
    entries: list[tuple[str, bool | None]] = []
    if cols.insurance is not None or not cols.wide:
        insurance = insurance_name(cell(values, cols.insurance)) if cols.insurance is not None else ""
        insurance = insurance or last.get("insurance", "") or context
        if insurance:
            last["insurance"] = insurance
        entries.append((insurance, row_paid(values, cols)))
    else:
        for kind, indexes in cols.wide.items():
            paid = group_paid([cell(values, i) for i in indexes])
            if paid != ABSENT:
                entries.append((kind + "保险" if kind != "?" else "", paid))
    return entries


def person_from_row(values: Sequence[Any], cols: Columns, person: Person) -> None:
    """Take the name, ID and personal number from a data row's columns when the statement gave none."""
    if person.name is None and cols.name is not None:
        person.name = clean(cell(values, cols.name)) or None
    if person.id_number is None and cols.id_ is not None:
        person.id_number = clean(cell(values, cols.id_)).upper() or None
    if person.personal_number is None and cols.person_no is not None:
        person.personal_number = clean(cell(values, cols.person_no)) or None


def is_continuation(cells: Sequence[Any], columns: Columns) -> bool:
    """A PDF line of one or two Chinese words under a table with a unit column: a unit name's second line."""
    texts = [clean(c) for c in cells]
    return (
        columns.unit is not None
        and 0 < len(texts) <= 2
        and all(re.fullmatch(r"[\u4e00-\u9fff()（）]+", t) for t in texts)
        and not any(w in "".join(texts) for w in _NOT_A_UNIT_WORDS)
    )


def extend_unit(out: Collected, text: str, last: dict[str, str]) -> None:
    """Append a wrapped unit name's second line to the rows of the last data row."""
    tail = text.replace(" ", "")
    for i in range(len(out.rows) - out.last_added, len(out.rows)):
        row = out.rows[i]
        if row.unit:
            out.rows[i] = PensionRow(row.month, row.unit + tail, row.insurance, row.paid, row.backpaid)
            last["unit"] = row.unit + tail
