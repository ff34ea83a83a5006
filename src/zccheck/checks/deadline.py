"""Where the check date stands against the notice's deadlines (§五), and the level's fee (§六)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime, time
from typing import Any

from zccheck.checks.base import CheckContext, Scope
from zccheck.findings import Problem

ID = "deadline"
SCOPE = Scope.APPLICANT
DEFAULTS: dict[str, Any] = {"warn_days": 7}


def check(ctx: CheckContext, options: Mapping[str, Any]) -> Iterator[Problem]:
    """deadline-open / deadline-near / deadline-correction-window / deadline-closed, then fee-info.

    With no date given (no apply_date, no --as-of) and today outside the notice's dates, nothing is said about
    the deadline: the engine's `apply-date-not-given` says once that the submission window is assumed.
    """
    deadlines = ctx.checklist.deadlines
    start, _ = deadlines.window()
    if ctx.date_given or start <= ctx.as_of <= deadlines.correction_end.date():
        yield from _position(ctx, options)
    yield from _fee(ctx)


def _position(ctx: CheckContext, options: Mapping[str, Any]) -> Iterator[Problem]:
    deadlines = ctx.checklist.deadlines
    tz = deadlines.first_submission.tzinfo
    now = datetime.combine(ctx.as_of, time(0, 0), tzinfo=tz)
    first = deadlines.first_submission
    end = deadlines.correction_end
    details = {"as_of": ctx.as_of.isoformat(), "first_submission": first.isoformat(),
               "correction_end": end.isoformat()}
    fmt = {"first": f"{first:%Y-%m-%d %H:%M}", "end": f"{end:%Y-%m-%d %H:%M}",
           "start": f"{deadlines.correction_start:%Y-%m-%d}"}
    if now <= first:
        days = (first.date() - ctx.as_of).days
        code = "deadline-near" if days <= options["warn_days"] else "deadline-open"
        yield Problem(code, params={**fmt, "days": days}, details={**details, "days_left": days})
    elif now <= end:
        days = (end.date() - ctx.as_of).days
        yield Problem("deadline-correction-window", params={**fmt, "days": days},
                      details={**details, "days_left": days})
    else:
        yield Problem("deadline-closed", params=fmt, details=details)


def _fee(ctx: CheckContext) -> Iterator[Problem]:
    level = ctx.facts.level
    if level and level in ctx.checklist.fees:
        fee = ctx.checklist.fees[level]
        yield Problem("fee-info", params={"level": level, "fee": fee}, details={"level": level, "fee_yuan": fee})
