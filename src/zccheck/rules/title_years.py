"""Years since the current title (正常 route): the national minimum and the title date on a certificate.

The national minimum of 人社部发〔2019〕16号《工程技术人才职称评价基本标准》 (the checklist holds it as data):

| applying for | education | needs |
|---|---|---|
| 工程师 | 博士 | nothing more |
| 工程师 | 硕士 | 助理工程师, at least 2 years |
| 工程师 | 本科 or 大专 | 助理工程师, at least 4 years |
| 助理工程师 | 硕士 | nothing more |
| 助理工程师 | 本科 | one year of 见习 (counted from the start of work) |
| 助理工程师 | 大专 | 技术员, at least 2 years |
| 助理工程师 | 中专 | 技术员, at least 4 years |
| 技术员 | 本科 | nothing more |
| 技术员 | 大专 or 中专 | one year of 见习 (counted from the start of work) |

A requirement is `{years = N, since = "title" | "work_start"}`; `years = 0` needs nothing. A year is complete on
the anniversary day (see rules/service_years).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from zccheck.rules.cn_dates import normalise_dates

SINCE = ("title", "work_start")

# "资格取得时间：2019年12月30日", "取得时间 2019.12.30", "批准日期：二〇一九年十二月三十日", "取得资格时间 2019-12".
# Matched on the text without spaces (OCR often spaces out the characters of a label).
_LABEL = r"(?:资格取得|取得资格|取得|批准|评审通过)(?:时间|日期)"
_DATE = r"(?P<y>(?:19|20)\d{2})[年./\-](?P<m>\d{1,2})(?:[月./\-](?P<d>\d{1,2}))?(?!\d)"
_LABELLED = re.compile(_LABEL + r"[:：]?" + _DATE)
_SPACES = re.compile(r"[ \t\u3000]+")


@dataclass(frozen=True)
class Requirement:
    """What a level and education need: `years` since `since` ("title": the current title; "work_start")."""

    years: int
    since: str
    title: str | None = None


def requirement(table: Mapping[str, Any], level: str, education: str) -> Requirement | None:
    """The requirement for `level` and `education` in the checklist's table; None when the table has none.

    Raises ValueError when the table entry is malformed (a checklist error the engine reports)."""
    entry = dict(table.get(level, {})).get(education)
    if entry is None:
        return None
    if not isinstance(entry, Mapping) or not isinstance(entry.get("years"), int):
        raise ValueError(f"requirements.{level}.{education} must be a table with an integer `years`")
    since = str(entry.get("since", "title"))
    if since not in SINCE:
        raise ValueError(f"requirements.{level}.{education}.since must be one of {SINCE}")
    title = entry.get("title")
    return Requirement(int(entry["years"]), since, str(title) if title else None)


def find_title_date(text: str) -> date | None:
    """The date after "资格取得时间" / "取得时间" / "批准日期" (and like labels) in a certificate's text; a month
    without a day is its first day. The earliest such date when several appear; None when none does."""
    found: list[date] = []
    for match in _LABELLED.finditer(_SPACES.sub("", normalise_dates(text))):
        try:
            found.append(date(int(match.group("y")), int(match.group("m")), int(match.group("d") or 1)))
        except ValueError:
            continue
    return min(found) if found else None
