"""The pension continuity window: which of the months before the apply month were paid at the unit.

The rule (notice §三.1(6)): the `months` (6) months immediately before the apply month, the apply month itself
not counted, must each be paid at the applying unit. A month paid at another unit inside the window needs a
unit-change explanation; a back-paid (补缴) month is worth a warning. Unit names are compared as units.py
describes.

Only 养老 rows count (企业职工基本养老保险, 机关事业单位养老保险, 城镇职工养老…); rows whose insurance is not
stated are used only when the record has no row of a known insurance at all (`insurance_assumed`).
A row with `paid=None` (listed, status not stated) counts as paid: a payment detail lists payments.
A row naming no unit (a statement that gives none) counts as paid at the unit and is reported in
`unit_unstated_months`, so the check can ask for a look instead of inventing a change of unit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from zccheck.content.pension.model import Month, PensionRecord, PensionRow
from zccheck.content.pension.months import format_month, month_add
from zccheck.rules.units import UnitMatcher

STRIP_STATES = ("here", "other", "unpaid", "backpaid")


def window_months(apply_month: Month, months: int = 6) -> tuple[Month, ...]:
    """The `months` months before `apply_month`, oldest first (the apply month itself not included)."""
    return tuple(month_add(apply_month, -i) for i in range(months, 0, -1))


@dataclass(frozen=True)
class WindowResult:
    """What the record says about the window before the apply month.

    `missing_months`: no payment at all (back-paid months too when back payments do not count);
    `other_months`: (month, unit names) paid at another unit; `backpaid_months`: months whose only payments
    are back payments; `unpaid_flagged`: months with an explicit unpaid/欠费 row and no payment;
    `uncertain_months`: months inside a range row whose month count is smaller than its span;
    `unit_unstated_months`: window months paid on rows that name no unit (counted as paid at the unit);
    `strip`: (YYYY-MM, "here" | "other" | "unpaid" | "backpaid") for the `strip_months` months before the
    apply month, oldest first.
    """

    apply_month: Month
    window: tuple[Month, ...]
    unit: str | None
    unit_presumed: bool
    unit_found: bool
    here_months: tuple[Month, ...]
    missing_months: tuple[Month, ...]
    other_months: tuple[tuple[Month, str], ...]
    backpaid_months: tuple[Month, ...]
    unpaid_flagged: tuple[Month, ...]
    uncertain_months: tuple[Month, ...]
    unit_unstated_months: tuple[Month, ...]
    similar_units: tuple[str, ...]
    units_seen: tuple[str, ...]
    strip: tuple[tuple[str, str], ...]
    pension_rows: int
    insurance_assumed: bool
    last_month: Month | None

    @property
    def complete(self) -> bool:
        """True when every window month was paid at the unit and at no other unit."""
        return not self.missing_months and not self.other_months and len(self.here_months) == len(self.window)


def pension_rows(record: PensionRecord) -> tuple[list[PensionRow], bool]:
    """The 养老 rows of a record, and whether rows of unstated insurance were taken as 养老."""
    kinds = [row.kind for row in record.rows]
    rows = [row for row, kind in zip(record.rows, kinds, strict=True) if kind == "养老"]
    if rows or any(kinds):
        return rows, False
    return list(record.rows), bool(record.rows)


def analyse(
    record: PensionRecord,
    apply_month: Month,
    unit: str | None,
    months: int = 6,
    *,
    aliases: Sequence[str] = (),
    backpaid_counts: bool = True,
    match_similar: bool = True,
    strip_months: int = 12,
) -> WindowResult:
    """Compare the record's 养老 months with the window before `apply_month` at `unit`.

    When `unit` is None the unit of the latest paid month in the window (else in the record) is presumed,
    so a change of unit inside the window is still found (`unit_presumed`).
    """
    rows, assumed = pension_rows(record)
    paid_rows = [row for row in rows if row.paid is not False]
    window = window_months(apply_month, months)
    presumed = False
    if not unit:
        unit = _presume_unit(paid_rows, window)
        presumed = unit is not None
    is_here = UnitMatcher(unit, aliases, match_similar)
    by_month: dict[Month, list[PensionRow]] = {}
    for row in rows:
        by_month.setdefault(row.month, []).append(row)

    classes = _classify_window(window, by_month, is_here, backpaid_counts)
    strip = tuple(
        (format_month(m), _month_state(by_month.get(m, []), is_here).strip_state)
        for m in window_months(apply_month, strip_months)
    )
    uncertain = sorted(
        {m for start, end, _count, _span in record.gap_ranges for m in window if start <= m <= end}
    )
    units_seen = tuple(dict.fromkeys(row.unit for row in rows if row.unit))
    return WindowResult(
        apply_month=apply_month,
        window=window,
        unit=unit,
        unit_presumed=presumed,
        unit_found=any(is_here(name) for name in units_seen),
        here_months=tuple(classes.here),
        missing_months=tuple(classes.missing),
        other_months=tuple(classes.other),
        backpaid_months=tuple(classes.backpaid),
        unpaid_flagged=tuple(classes.flagged),
        uncertain_months=tuple(uncertain),
        unit_unstated_months=tuple(classes.unstated),
        similar_units=tuple(is_here.similar),  # after unit_found: that may add a similar name too
        units_seen=units_seen,
        strip=strip,
        pension_rows=len(rows),
        insurance_assumed=assumed,
        last_month=max((row.month for row in paid_rows), default=None),
    )


def _presume_unit(paid_rows: Sequence[PensionRow], window: Sequence[Month]) -> str | None:
    """The unit of the latest paid month in the window, else in the record; None when no row names one."""
    in_window = [row for row in paid_rows if row.unit and row.month in set(window)]
    candidates = in_window or [row for row in paid_rows if row.unit]
    if not candidates:
        return None
    return max(candidates, key=lambda row: row.month).unit


@dataclass
class _WindowMonths:
    """The window's months sorted by what was paid where (a month may be in several lists)."""

    here: list[Month] = field(default_factory=list)
    missing: list[Month] = field(default_factory=list)
    other: list[tuple[Month, str]] = field(default_factory=list)
    backpaid: list[Month] = field(default_factory=list)
    flagged: list[Month] = field(default_factory=list)
    unstated: list[Month] = field(default_factory=list)


def _classify_window(
    window: Sequence[Month],
    by_month: dict[Month, list[PensionRow]],
    is_here: UnitMatcher,
    backpaid_counts: bool,
) -> _WindowMonths:
    """Each window month into the lists its rows put it in (see WindowResult)."""
    out = _WindowMonths()
    for month in window:
        state = _month_state(by_month.get(month, []), is_here)
        if state.unit_unstated:
            out.unstated.append(month)
        if state.here_normal or (state.here_back and backpaid_counts):
            out.here.append(month)
        if state.other_units:
            out.other.append((month, "、".join(state.other_units)))
        if not state.here_normal and not state.other_normal and (state.here_back or state.other_back):
            out.backpaid.append(month)
        if not state.here_normal and not state.other_units and not (state.here_back and backpaid_counts):
            out.missing.append(month)
            if state.flagged_unpaid:
                out.flagged.append(month)
    return out


@dataclass
class _MonthState:
    """What the rows of one month say: paid here / elsewhere, normally or back-paid, flagged unpaid."""

    here_normal: bool = False
    here_back: bool = False
    other_normal: bool = False
    other_back: bool = False
    flagged_unpaid: bool = False
    unit_unstated: bool = False
    other_units: tuple[str, ...] = ()

    @property
    def strip_state(self) -> str:
        """The month's state in the report's strip (one of STRIP_STATES)."""
        if self.here_normal:
            return "here"
        if self.here_back:
            return "backpaid"
        if self.other_units:
            return "other"
        return "unpaid"


def _month_state(rows: Sequence[PensionRow], is_here: UnitMatcher) -> _MonthState:
    state = _MonthState()
    others: dict[str, None] = {}
    for row in rows:
        if row.paid is False:
            state.flagged_unpaid = True
            continue
        if not row.unit:
            state.unit_unstated = True
        if not row.unit or is_here(row.unit):
            if row.backpaid:
                state.here_back = True
            else:
                state.here_normal = True
        else:
            others[row.unit or "?"] = None
            if row.backpaid:
                state.other_back = True
            else:
                state.other_normal = True
    state.other_units = tuple(others)
    return state
