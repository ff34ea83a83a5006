"""Header rows: the role of a header label, which row is the header, and where each role's column sits.

Roles: period / month / booking (a month column), start / end / count (a range), year and m1 … m12 (a year ×
month matrix), unit, insurance, status, type, backflag, amount, wide (an insurance's column group), name,
id, person_no, seq, note. A two-row header ("养老保险" over "单位/个人") is combined into one band.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from zccheck.content.pension import vocabulary as v
from zccheck.content.pension.months import parse_month, parse_month_span
from zccheck.content.pension.values import clean, insurance_kind

MONTH_ROLES = ("period", "month", "booking", "start")
_COUNT_ROLES = frozenset(
    {"unit", "insurance", "status", "type", "amount", "end", "count", "wide", "backflag"}
)
MATRIX_MIN_MONTHS = 6  # month columns ("1月" …) a year × month matrix header needs


def _norm_label(value: Any) -> str:
    """A header cell without whitespace, a trailing unit such as (元) or (YYYYMM), and "*:：#" around it."""
    text = re.sub(r"\s+", "", clean(value))
    text = re.sub(r"[(\[【][^)\]】]{0,8}[)\]】]$", "", text)
    return text.strip("*:：#")


def header_role(label: Any) -> str | None:
    """The column role of a header cell, or None (the synonyms are in vocabulary.py)."""
    t = _norm_label(label)
    month_column = v.MONTH_COLUMN_LABEL.fullmatch(t)
    if month_column:
        return f"m{int(month_column.group(1))}"
    if t in v.YEAR_LABELS:
        return "year"
    if not t or len(t) > 18 or re.search(r"\d{2}", t) or v.TITLE_WORDS.search(t):
        return None
    if t in v.SEQ_LABELS:
        return "seq"
    if t in v.NAME_LABELS:
        return "name"
    if v.ID_LABEL_WORD in t or t in v.ID_LABELS:
        return "id"
    if t in v.PERSON_NO_LABELS:
        return "person_no"
    if v.SPAN_LABEL_WORD in t:
        return "month"
    if v.START_LABEL.search(t):
        return "start"
    if v.END_LABEL.search(t):
        return "end"
    if v.COUNT_LABEL.search(t):
        return "count"
    if v.BOOKING_LABEL.search(t):
        return "booking"
    if v.PERIOD_LABEL_WORD in t or t in v.PERIOD_LABELS:
        return "period"
    if v.MONTH_LABEL.search(t) or t in v.MONTH_LABELS:
        return "month"
    if v.INSURANCE_LABEL_WORD in t or t in v.INSURANCE_LABELS:
        return "insurance"
    if v.UNIT_LABEL.search(t) and "编" not in t:
        return "unit"
    if t in v.BACKFLAG_LABELS:
        return "backflag"
    if t in v.TYPE_LABELS or (v.TYPE_LABEL.search(t) and v.TYPE_CHARS.search(t)):
        return "type"
    if (v.STATUS_LABEL.search(t) and v.STATUS_CHARS.search(t)) or t in v.STATUS_LABELS:
        return "status"
    if any(kind in t for kind in v.INSURANCE_KINDS):
        return "wide"
    if v.AMOUNT_LABEL.search(t):
        return "amount"
    if t in v.NOTE_LABELS:
        return "note"
    return None


def month_columns(roles: Sequence[str | None]) -> dict[int, int]:
    """Month number → column index of a year × month matrix header ("1月" … "12月")."""
    found: dict[int, int] = {}
    for index, role in enumerate(roles):
        if role and re.fullmatch(r"m\d{1,2}", role):
            found.setdefault(int(role[1:]), index)
    return found


@dataclass
class Columns:
    """Where each role sits in a table, by column index."""

    roles: list[str | None]
    labels: list[str]
    month: int | None = None
    booking: int | None = None
    start: int | None = None
    end: int | None = None
    count: int | None = None
    unit: int | None = None
    insurance: int | None = None
    status: int | None = None
    type_: int | None = None
    backflag: int | None = None
    name: int | None = None
    id_: int | None = None
    person_no: int | None = None
    amounts: list[int] = field(default_factory=list)
    wide: dict[str, list[int]] = field(default_factory=dict)
    year: int | None = None
    month_columns: dict[int, int] = field(default_factory=dict)

    @classmethod
    def build(cls, labels: list[str], roles: list[str | None]) -> Columns:
        """The columns of a header: the first column of each role; a period month beats a booking month."""
        cols = cls(roles=roles, labels=labels)

        def first(role: str) -> int | None:
            return next((i for i, r in enumerate(roles) if r == role), None)

        for role in ("period", "month", "booking"):
            if cols.month is None and first(role) is not None:
                cols.month = first(role)
        if cols.month is not None and roles[cols.month] != "booking":
            cols.booking = first("booking")
        cols.start, cols.end, cols.count = first("start"), first("end"), first("count")
        if cols.start is not None and cols.end is not None:
            cols.month = None  # the range form wins over a single month column
        cols.unit, cols.insurance, cols.status = first("unit"), first("insurance"), first("status")
        cols.type_, cols.backflag = first("type"), first("backflag")
        cols.name, cols.id_, cols.person_no = first("name"), first("id"), first("person_no")
        cols.amounts = [i for i, r in enumerate(roles) if r == "amount"]
        cols.year, cols.month_columns = first("year"), month_columns(roles)
        for i, role in enumerate(roles):
            if role == "wide":
                cols.wide.setdefault(insurance_kind(labels[i]) or "?", []).append(i)
        return cols

    @property
    def layout(self) -> str:
        """long, range, wide or matrix (a row per year, a column per month)."""
        if self.start is not None and self.end is not None:
            return "range"
        if self.month is None and self.year is not None and len(self.month_columns) >= MATRIX_MIN_MONTHS:
            return "matrix"
        if self.insurance is None and self.wide:
            return "wide"
        return "long"


def header_score(roles: Sequence[str | None]) -> int:
    """How header-like a row of roles is: 0 without a month (or year × month) column, else 1 + roles found.

    A header needs a score of 2 or more."""
    present = set(roles)
    matrix = "year" in present and len(month_columns(roles)) >= MATRIX_MIN_MONTHS
    if not present & set(MONTH_ROLES) and not matrix:
        return 0
    if "start" in present and "end" not in present and not present & {"period", "month", "booking"}:
        return 0
    return 1 + len(present & _COUNT_ROLES) + int(matrix)


def header_candidates(
    row: Sequence[Any], above: Sequence[Any] | None
) -> tuple[int, list[str], list[str | None]]:
    """(score, labels, roles) of `row` as a header, or of `above` + `row` when that band scores higher."""
    labels = [clean(c) for c in row]
    roles = [header_role(c) if not isinstance(c, int | float) else None for c in row]
    best = (header_score(roles), labels, roles)
    if above is not None and best[0] >= 1 and any(clean(c) for c in above):
        merged_labels, merged_roles = combine_band(above, row)
        score = header_score(merged_roles)
        if score > best[0]:
            best = (score, merged_labels, merged_roles)
    return best


def combine_band(upper: Sequence[Any], lower: Sequence[Any]) -> tuple[list[str], list[str | None]]:
    """Labels and roles of a two-row header; a group label with an insurance name spans to its right."""
    width = max(len(upper), len(lower))
    up = [clean(upper[i]) if i < len(upper) else "" for i in range(width)]
    low = [clean(lower[i]) if i < len(lower) else "" for i in range(width)]
    carried = ""
    labels: list[str] = []
    roles: list[str | None] = []
    for u, lo in zip(up, low, strict=True):
        if u:
            carried = u if insurance_kind(u) else ""
        group = u or (carried if lo else "")
        if not u and not lo:
            carried = ""
        if group and lo:
            role = header_role(group + lo) if insurance_kind(group) else header_role(lo) or header_role(group)
            label = group + lo
        else:
            label = group or lo
            role = header_role(label)
        labels.append(label)
        roles.append(role)
    return labels, roles


def looks_like_header(cells: Sequence[Any]) -> bool:
    """Two or more text cells and none of them a month: worth scoring as a header."""
    texts = [c for c in cells if isinstance(c, str) and c.strip()]
    return len(texts) >= 2 and not any(parse_month(c) or parse_month_span(c) for c in texts)


def looks_like_subheader(cells: Sequence[Any]) -> bool:
    """Short text cells without digits: possibly the lower half of a two-row header."""
    texts = [clean(c) for c in cells if clean(c)]
    return bool(texts) and all(
        isinstance(c, str) and len(clean(c)) <= 12 and not re.search(r"\d", c) for c in cells if clean(c)
    )
