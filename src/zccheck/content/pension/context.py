"""The text around a table: whose record it is (name, ID, personal number, unit, print month), and which
insurance a title or sheet name names."""

from __future__ import annotations

import re
from dataclasses import dataclass

from zccheck.content.pension.model import Month
from zccheck.content.pension.months import parse_month
from zccheck.content.pension.values import clean
from zccheck.content.pension.vocabulary import INSURANCE_KINDS, INSURANCE_PREFIXES

# Labels a 姓名 value may run into when a line has no separators ("姓名：张三性别：男").
_LABELS_AFTER_NAME = (
    "性别", "身份", "证件", "个人", "单位", "参保", "出生", "社会", "民族", "联系", "险种", "查询"
)
_NAME_RE = re.compile(r"姓\s*名\s*[:：]?\s*([\u4e00-\u9fff·•]{2,16})")
_ID_LABELLED = re.compile(
    r"(?:身份证(?:号码|号)?|公民身份号码|证件号码|社会保障号码|社会保障号)\s*[:：]?\s*([0-9][0-9*]{13,16}[0-9Xx*])"
)
_ID_ANY = re.compile(r"(?<![0-9A-Za-z*])([1-9][0-9]{5}(?:19|20)[0-9]{2}[0-9*]{7}[0-9Xx])(?![0-9A-Za-z*])")
_PERSON_NO_RE = re.compile(
    r"(?:个人编号|个人社保编号|社保编号|个人识别号|电脑号)\s*[:：]?\s*([0-9A-Za-z]{2,30})"
)
_UNIT_RE = re.compile(
    r"(?:参保单位|缴费单位|单位名称|单位全称|工作单位|用人单位)(?:名称)?\s*[:：]\s*([^\s:：]{2,60})"
)
_PRINT_RE = re.compile(
    r"(?:打印|出具|制表|查询|开具|生成)(?:时间|日期)\s*[:：]?\s*(\d{4}\s*[-./年]\s*\d{1,2})"
)


@dataclass
class Person:
    """What the lines outside the table say about the record; the first value found of each wins."""

    name: str | None = None
    id_number: str | None = None
    personal_number: str | None = None
    unit: str | None = None
    printed: Month | None = None

    def update(self, text: str) -> None:
        """Take the still unknown values that the line `text` states."""
        if self.name is None and (m := _NAME_RE.search(text)):
            name = m.group(1)
            for label in _LABELS_AFTER_NAME:
                cut = name.find(label)
                if cut > 0:
                    name = name[:cut]
            if len(name) >= 2:
                self.name = name
        if self.id_number is None:
            m = _ID_LABELLED.search(text) or _ID_ANY.search(text)
            if m:
                self.id_number = m.group(1).upper()
        if self.personal_number is None and (m := _PERSON_NO_RE.search(text)):
            self.personal_number = m.group(1)
        if self.unit is None and (m := _UNIT_RE.search(text)):
            self.unit = m.group(1)
        if self.printed is None and (m := _PRINT_RE.search(text)):
            self.printed = parse_month(re.sub(r"\s+", "", m.group(1)))


def context_insurance(text: str) -> str:
    """The insurance a title or sheet name names when it names exactly one kind ("" otherwise)."""
    text = clean(text)
    kinds = {kind for kind in INSURANCE_KINDS if kind in text} | ({"医疗"} if "医保" in text else set())
    if len(kinds) != 1:
        return ""
    kind = kinds.pop()
    for prefix in INSURANCE_PREFIXES:
        if prefix + kind + "保险" in text:
            return prefix + kind + "保险"
    return kind + "保险"
