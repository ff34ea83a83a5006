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

FACT_WORDS: dict[str, tuple[str, str]] = {
    "name": ("姓名", "name"), "id_number": ("身份证号", "ID number"), "level": ("申报级别", "level"),
    "industry": ("行业", "industry"), "route": ("申报方式", "route"), "unit": ("申报单位", "unit"),
    "education": ("学历", "education"), "work_start": ("参加专业技术工作时间", "work start"),
    "apply_date": ("申报日期", "application date"),
    "flags.dispatched": ("劳务派遣人员", "agency (dispatched) worker"),
    "flags.name_changed": ("使用曾用名或身份证号变动", "name or ID number changed"),
    "flags.central_unit": ("中直、区直驻柳或外省外市单位驻柳分支机构", "central/regional unit or branch in Liuzhou"),
    "flags.education_unverifiable": ("学信网查不到学历", "degree not verifiable on 学信网"),
    "flags.title_not_shared": ("下一级职称未能通过系统数据共享获取", "current title not shared by the platform"),
    "flags.pension_not_shared": ("社保未能通过系统数据共享获取", "pension record not shared by the platform"),
    "flags.epidemic": ("参与疫情防控工作", "took part in epidemic prevention"),
    "flags.high_skill": ("高技能人才", "highly skilled worker"),
    "flags.retirement_extended": ("已办理延长退休手续", "retirement extended"),
}
"""How a fact name reads in words (Chinese, English): `checklist list` shows conditions with these."""


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
    title_date: date | None = None  # when the current (lower) title was obtained: 现职称取得时间
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
    plain = {"name", "id_number", "level", "industry", "route", "unit", "education", "work_start", "title_date",
             "apply_date"}
    return frozenset(plain | {f"flags.{flag}" for flag in FLAGS})


def condition_vocabularies() -> dict[str, tuple[Any, ...]]:
    """The values a checklist condition may compare each closed-vocabulary fact with."""
    table: dict[str, tuple[Any, ...]] = {"level": LEVELS, "industry": INDUSTRIES, "route": ROUTES,
                                         "education": EDUCATIONS}
    table.update({f"flags.{flag}": (True, False) for flag in FLAGS})
    return table
