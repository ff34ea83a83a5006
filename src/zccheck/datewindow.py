"""No application date given: judge date-dependent rules over the notice's submission window, in the
applicant's favour.

An applicant who has not said when they will submit (no `apply_date` in zccheck.toml, no `--as-of`) may submit
on any day of the notice's first-submission window ([deadlines] submission_start … first_submission in the
checklist; from today on when today falls inside it). Falling back to *today* would judge a 2024 application in
2026: the deadline "closed", six pension months "missing". Instead a check that depends on the date (its
module sets `DATE_DEPENDENT = True`) runs once per candidate date — the window's first and last day and the
first day of every month in between, enough for rules that move by month (the pension window) or only grow
(years of service, age) — and:

* when some date passes (no error), the verdict is that date's (the most favourable: fewest errors, then
  fewest warnings, then the latest date); if other dates fail, a `date-dependent` review says which dates fail;
* when every date fails, the verdict is the most favourable date's errors: the rule fails whatever the date.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from zccheck.findings import Problem, Severity


def submission_window(start: date | None, end: date) -> tuple[date, date]:
    """The window as dates (a window without a start is its last day only)."""
    return (start or end, end)


def candidate_dates(start: date, end: date, today: date) -> tuple[date, ...]:
    """The dates a date-dependent rule is judged at: from `start` (or `today`, when it falls inside the
    window) to `end`: both ends and the first day of every month in between, in order."""
    low = today if start <= today <= end else start
    dates = {low, end}
    month = date(low.year, low.month, 1)
    while month <= end:
        if month >= low:
            dates.add(month)
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return tuple(sorted(dates))


@dataclass(frozen=True)
class DatedVerdict:
    """The problems to report, and the candidate dates on which the rule fails and passes."""

    problems: list[Problem]
    failing: tuple[date, ...]
    passing: tuple[date, ...]
    failing_codes: tuple[str, ...]

    @property
    def depends_on_date(self) -> bool:
        """True when the rule fails on some dates of the window and passes on others."""
        return bool(self.failing) and bool(self.passing)


def choose(runs: Sequence[tuple[date, list[Problem]]], severity_of: Callable[[str], Severity]) -> DatedVerdict:
    """The applicant-favourable verdict over `runs` (the problems of one check at each candidate date).

    An error code that appears on some dates and not on others makes the verdict depend on the date (an error
    that appears on every date does not: that rule fails whatever the date)."""
    def counts(problems: list[Problem]) -> tuple[int, int]:
        severities = [severity_of(p.code) for p in problems]
        return severities.count(Severity.ERROR), severities.count(Severity.WARNING)

    scored = [(counts(problems), when, problems) for when, problems in runs]
    best = min(scored, key=lambda entry: (entry[0], -entry[1].toordinal()))
    errors_on = [(when, {p.code for p in problems if severity_of(p.code) is Severity.ERROR}) for when, problems in runs]
    everywhere = set.intersection(*(codes for _, codes in errors_on)) if errors_on else set()
    varying = {when: codes - everywhere for when, codes in errors_on}
    failing = tuple(when for when, codes in varying.items() if codes)
    passing = tuple(when for when, codes in varying.items() if not codes)
    codes = tuple(dict.fromkeys(code for when, _ in errors_on for code in sorted(varying[when])))
    return DatedVerdict(list(best[2]), failing, passing, codes)
