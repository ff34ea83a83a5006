"""The explicit registry of checks: id -> module (see checks/base.py for the contract)."""

from __future__ import annotations

from types import ModuleType

from zccheck.checks import (
    deadline,
    duplicate_content,
    file_integrity,
    group_limits,
    naming,
    presence,
)

REGISTRY: dict[str, ModuleType] = {
    presence.ID: presence,
    group_limits.ID: group_limits,
    duplicate_content.ID: duplicate_content,
    naming.ID: naming,
    deadline.ID: deadline,
    file_integrity.ID: file_integrity,
}
