"""The inventory of one applicant's materials."""

from __future__ import annotations

from dataclasses import dataclass, field

from zccheck.findings import Problem
from zccheck.inventory.document import Document


class MaterialsUnreadable(Exception):
    """The materials as a whole cannot be read (no such path, not a folder or zip, corrupt zip). Exit 3."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass
class Inventory:
    """Documents found, problems met while walking (skipped links, unsafe zip members), the facts file."""

    root: str
    source: str  # "folder" or "zip"
    documents: list[Document] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    facts_text: str | None = None
    facts_error: str | None = None
    ignored: list[str] = field(default_factory=list)
    # Wrapper folders looked through before the materials begin ("申报材料" or "下载/申报材料"), "" when none;
    # document paths are relative to the innermost one.
    prefix: str = ""
    # Where the facts were read from when not at the root ("申报材料/zccheck.toml"), else "".
    facts_origin: str = ""
