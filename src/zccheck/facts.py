"""Applicant facts: who applies, for what, by which route; they decide which items are required."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

LEVELS = ("工程师", "助理工程师", "技术员")
INDUSTRIES = ("工程", "住建", "自然资源", "水利水电", "生态环境")
ROUTES = ("正常", "直接申报", "破格")
EDUCATIONS = ("博士", "硕士", "本科", "大专", "中专", "高中", "其他")
FLAGS = (
    "dispatched",
    "name_changed",
    "central_unit",
    "education_unverifiable",
    "title_not_shared",
    "pension_not_shared",
    "epidemic",
    "high_skill",
    "retirement_extended",
)


@dataclass(frozen=True)
class Facts:
    """The applicant's facts after reading zccheck.toml and applying command-line overrides.

    A fact that is missing or invalid is None here (the loader reports it as a finding).
    `extra` holds optional policy facts such as degree_code, publicity_start, publicity_end.
    """

    name: str | None = None
    id_number: str | None = None
    level: str | None = None
    industry: str | None = None
    route: str | None = None
    unit: str | None = None
    education: str | None = None
    work_start: date | None = None
    apply_date: date | None = None
    flags: Mapping[str, bool] = field(default_factory=dict)
    extra: Mapping[str, Any] = field(default_factory=dict)

    def flag(self, name: str) -> bool:
        """A boolean flag (false when not given)."""
        return bool(self.flags.get(name, False))

    def lookup(self, name: str) -> Any:
        """Value of a fact by the name conditions use: "route", "flags.dispatched", "extra.degree_code"."""
        if name.startswith("flags."):
            return self.flag(name.removeprefix("flags."))
        if name.startswith("extra."):
            return self.extra.get(name.removeprefix("extra."))
        return getattr(self, name)


def condition_names() -> frozenset[str]:
    """Every name a checklist condition may use."""
    plain = {"name", "id_number", "level", "industry", "route", "unit", "education", "work_start", "apply_date"}
    return frozenset(plain | {f"flags.{flag}" for flag in FLAGS})


def condition_vocabularies() -> dict[str, tuple[Any, ...]]:
    """The values a checklist condition may compare each closed-vocabulary fact with."""
    table: dict[str, tuple[Any, ...]] = {"level": LEVELS, "industry": INDUSTRIES, "route": ROUTES,
                                         "education": EDUCATIONS}
    table.update({f"flags.{flag}": (True, False) for flag in FLAGS})
    return table
