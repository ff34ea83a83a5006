"""Findings are data: what a check reports (a Problem) and what the engine publishes (a Finding)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    """How much a finding matters; `review` means a human must look (cannot be decided automatically)."""

    ERROR = "error"
    WARNING = "warning"
    REVIEW = "review"
    INFO = "info"


SEVERITY_ORDER: dict[Severity, int] = {
    Severity.ERROR: 0,
    Severity.WARNING: 1,
    Severity.REVIEW: 2,
    Severity.INFO: 3,
}


@dataclass(frozen=True)
class Problem:
    """What a check yields: a catalogued code and where it applies. No severity, no wording.

    `params` fill the catalogue's message and hint templates; `details` are machine-readable measured
    values (pixel size, 字数, paid months, ...) that the JSON report carries as they are.
    `item` defaults to the item the check runs for; set it to point a problem at another item.
    """

    code: str
    path: str | None = None
    item: str | None = None
    params: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)
    details: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Finding:
    """A problem as published: code, severity attached by the engine, wording from the catalogue."""

    code: str
    severity: Severity
    item: str | None
    path: str | None
    message: str
    hint: str
    source: str | None = None
    check: str | None = None
    details: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def key(self) -> tuple[str, str | None, str | None]:
        """(code, item, path): the flat form tests and diffs compare."""
        return (self.code, self.item, self.path)
