"""Read the applicant's facts from zccheck.toml at the root of the materials, then apply CLI overrides."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from zccheck.facts import EDUCATIONS, FLAGS, INDUSTRIES, LEVELS, ROUTES, Facts
from zccheck.findings import Problem

FACT_LABELS: dict[str, tuple[str, str]] = {
    "name": ("姓名", "--name"), "id_number": ("身份证号", "--id-number"), "level": ("申报级别", "--level"),
    "industry": ("申报行业", "--industry"), "route": ("申报方式", "--route"), "unit": ("申报单位", "--unit"),
    "education": ("学历", "--education"), "work_start": ("参加工作时间", "--work-start"),
    "title_date": ("现职称取得时间", "--title-date"),
    "apply_date": ("申报日期", "--as-of"),
}
_CHOICES: dict[str, tuple[str, ...]] = {"level": LEVELS, "industry": INDUSTRIES, "route": ROUTES,
                                        "education": EDUCATIONS}
_DATES = ("work_start", "title_date", "apply_date")
EXTRA_FACTS: dict[str, str] = {
    "degree_code": "text", "degree_field": "text", "publicity_start": "date", "publicity_end": "date",
    "sex": "text", "former_names": "list", "female_retirement_base": "number", "birth_date": "date",
}
# Facts whose absence weakens the check enough to say so.
IMPORTANT = ("level", "industry", "route", "unit")


class FactsFileError(Exception):
    """zccheck.toml is not valid TOML (or not UTF-8): exit 2 with the file and line."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class FactsResult:
    """Facts plus the problems met reading them; `found` is False when there was no zccheck.toml."""

    facts: Facts
    problems: tuple[Problem, ...]
    found: bool


def toml_error_line(exc: Exception) -> int | None:
    """The line number of a TOML syntax error (Python 3.11 only puts it in the message)."""
    line = getattr(exc, "lineno", None)
    if line is None:
        match = re.search(r"line (\d+)", str(exc))
        line = int(match.group(1)) if match else None
    return line


def parse_date(value: Any) -> date | None:
    """A date from a TOML date/datetime or text such as 2024-08-20, 2024.8.20, 2024/8/20, 2024年8月20日, 2024-08."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    match = re.fullmatch(r"\s*(\d{4})\s*[-./年]\s*(\d{1,2})\s*(?:[-./月]\s*(\d{1,2})\s*日?)?\s*月?\s*", value)
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3) or 1))
    except ValueError:
        return None


def load_facts(text: str | None, overrides: Mapping[str, Any] | None = None) -> FactsResult:
    """Facts from the text of zccheck.toml (None: no file) and `overrides` (CLI options, already typed)."""
    problems: list[Problem] = []
    applicant: dict[str, Any] = {}
    flags_raw: dict[str, Any] = {}
    if text is not None:
        try:
            data = tomllib.loads(text)
        except (tomllib.TOMLDecodeError, ValueError, RecursionError) as exc:  # ValueError: a 5000-digit integer
            raise FactsFileError(f"不是有效的 TOML 格式（{exc}）", toml_error_line(exc)) from None
        applicant = dict(data.get("applicant", {})) if isinstance(data.get("applicant"), dict) else {}
        flags_raw = dict(data.get("flags", {})) if isinstance(data.get("flags"), dict) else {}
        for key in sorted(set(data) - {"applicant", "flags"}):
            problems.append(Problem("unknown-fact", params={"key": key}))
    values: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for key, raw in applicant.items():
        if isinstance(raw, str) and not raw.strip():
            continue  # an empty template field is a fact not given
        if key in FACT_LABELS:
            values[key] = raw
        elif key in EXTRA_FACTS:
            value = parse_date(raw) if EXTRA_FACTS[key] == "date" else raw
            if value is None:
                problems.append(Problem("invalid-fact", params={"fact": key, "value": str(raw),
                                                                "allowed": "日期，如 2024-08-20", "key": key},
                                        details={"fact": key}))
            else:
                extra[key] = value
        else:
            problems.append(Problem("unknown-fact", params={"key": f"applicant.{key}"}))
    for key, raw in (overrides or {}).items():
        if raw is not None:
            values[key] = raw

    fields: dict[str, Any] = {}
    for key, raw in values.items():
        label, option = FACT_LABELS[key]
        checked = _check_value(key, raw)
        if checked is None:
            if key in _CHOICES:
                allowed = "、".join(_CHOICES[key])
            else:
                allowed = "日期，如 2024-08-20" if key in _DATES else "文字"
            problems.append(Problem("invalid-fact", params={"fact": label, "value": str(raw), "allowed": allowed,
                                                            "key": key, "option": option},
                                    details={"fact": key}))
        else:
            fields[key] = checked
    flags: dict[str, bool] = {}
    for key, raw in flags_raw.items():
        if key not in FLAGS:
            problems.append(Problem("unknown-fact", params={"key": f"flags.{key}"}))
        elif not isinstance(raw, bool):
            problems.append(Problem("invalid-fact", params={"fact": f"flags.{key}", "value": str(raw),
                                                            "allowed": "true/false", "key": f"flags.{key}"}))
        else:
            flags[key] = raw
    if text is not None:
        for key in IMPORTANT:
            if key not in values:
                label, option = FACT_LABELS[key]
                problems.append(Problem("missing-fact", params={"fact": label, "key": f"applicant.{key}",
                                                                "option": option}, details={"fact": key}))
    if text is None:
        problems.append(Problem("facts-file-missing"))
    facts = Facts(**fields, flags=flags, extra=extra)
    return FactsResult(facts=facts, problems=tuple(problems), found=text is not None)


def _check_value(key: str, raw: Any) -> Any:
    if key in _DATES:
        return parse_date(raw)
    if not isinstance(raw, str) or not raw.strip():
        return None
    value = raw.strip()
    if key in _CHOICES:
        return value if value in _CHOICES[key] else None
    if key == "id_number":
        return value.upper().replace(" ", "")
    return value
