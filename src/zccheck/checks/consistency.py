"""Cross-document consistency: the applicant's name and ID number in documents that name a person, and the
pension record's unit against the declared unit.

Only text already in the files is read (PDF text layer of the first pages, .docx, .xlsx first rows, .txt):
scans are skipped, never OCR'd here. For the pension record the pension reader
(`zccheck.content.pension.read_pension_document`, shared with the pension check) gives the insured
person, ID number and units when it can parse the file; the text is the fallback.

A name is what follows a 姓名 / 申报人 / 申请人 / 参保人 label (2-4 Chinese characters); an ID number is an
18-character number with a valid check character, or a masked one (450***********123X) compared on its
visible digits. A document that mentions the applicant's own name (or ID number) anywhere is consistent,
whatever other names it holds; a pension record whose parsed insured person is someone else is not.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from zccheck.checks.base import CheckContext, Scope
from zccheck.content.errors import ContentError
from zccheck.content.quick_text import document_text
from zccheck.findings import Problem
from zccheck.inventory.document import Document
from zccheck.masking import mask_id_number
from zccheck.rules.idcard import normalise as normalise_id
from zccheck.rules.idcard import parse_id_number
from zccheck.rules.units import mentions_unit, same_unit

ID = "consistency"
SCOPE = Scope.APPLICANT
DEFAULTS: dict[str, Any] = {
    # Items whose documents name the applicant.
    "items": [
        "pension-record",
        "service-years-proof",
        "work-summary",
        "direct-approval-form",
        "exception-approval-form",
        "unit-recommendation",
        "ce-hours-certificate",
    ],
    # Of those, items whose text must contain the applicant's name (else a review).
    "name_required_items": ["pension-record", "direct-approval-form", "exception-approval-form"],
    # Items whose unit (单位名称 / 参保单位 / 缴费单位) must be the declared unit.
    "unit_items": ["pension-record"],
    # The item read with the pension reader (person, ID number, units), when it is installed.
    "pension_item": "pension-record",
    # Where a name or ID number change is documented (§三.3(2)).
    "change_item": "household-register",
    # PDF pages read for text (the same limit as publicity-period shares one extraction).
    "max_pages": 5,
    # Fewer characters than this is no text layer worth judging.
    "min_text_chars": 30,
}

_CJK = "\u4e00-\u9fff"
_NAME_LABEL = re.compile(
    rf"(?:姓\s*名|本人姓名|职工姓名)\s*[:：]?\s*(?:[（(][^）)]{{0,6}}[）)])?\s*[:：]?\s*([{_CJK}·]{{2,5}})"
    rf"|(?:申\s*报\s*人|申\s*请\s*人|参\s*保\s*人)\s*(?:姓名)?\s*[:：\s]\s*([{_CJK}·]{{2,5}})"
)
# Words that follow a name in forms and must not be read as part of it (or as a name on their own).
_LABEL_WORDS = (
    "性别", "出生", "民族", "身份", "证件", "证号", "单位", "职务", "职称", "年龄", "编号", "个人", "工作", "学历",
    "专业", "签名", "签字", "签章", "盖章", "日期", "电话", "联系", "手机", "籍贯", "政治", "所在", "参保", "缴费",
    "申报", "现任", "照片", "姓名", "部门", "岗位", "毕业", "人员", "本人", "填写", "必填", "不详",
)
_UNIT_LABEL = re.compile(r"(?:参保单位名称|单位名称|参保单位|缴费单位|用人单位|工作单位)\s*[:：]?\s*(\S{2,60})")
_UNIT_SUFFIX = re.compile(
    r"(?:有限责任公司|股份有限公司|有限公司|分公司|公司|集团|工厂|厂|研究院|设计院|医院|学院|大学|学校|院|研究所|"
    r"事务所|所|中心|局|站|队|委员会|协会|学会|合作社|商行|经营部)"
)
_UNIT_STOP = ("缴费", "年月", "个人", "险种", "所属", "身份", "姓名", "编号", "参保", "起止", "基数", "状态",
              "证件", "打印", "统一社会信用代码", "信用代码", "地址")
_ID_TOKEN = re.compile(r"(?<![0-9A-Za-z*])[0-9*]{17}[0-9Xx*](?![0-9A-Za-z*])")


@dataclass(frozen=True)
class _Seen:
    """What one document says about a person.

    `person` is the insured person a pension parser found (authoritative when set); `names` are labelled
    names in the text; `parsed` is True when the pension parser read the document.
    """

    chars: int
    compact: str
    names: tuple[str, ...]
    ids: tuple[str, ...]
    masked_ids: tuple[str, ...]
    units: tuple[str, ...]
    person: str | None = None
    parsed: bool = False


def _clean_name(raw: str) -> str | None:
    name = raw
    for word in _LABEL_WORDS:
        index = name.find(word)
        if index == 0:
            return None
        if index > 0:
            name = name[:index]
    name = name.strip("·")
    return name if 2 <= len(name) <= 4 else None


def names_in(text: str) -> list[str]:
    """Names written after 姓名 / 申报人 / 申请人 / 参保人 labels, in order, without repeats."""
    found: list[str] = []
    for match in _NAME_LABEL.finditer(text):
        name = _clean_name(match.group(1) or match.group(2) or "")
        if name and name not in found:
            found.append(name)
    return found


def _clean_unit(raw: str) -> str | None:
    unit = raw
    for word in _UNIT_STOP:
        index = unit.find(word)
        if index == 0:
            return None
        if index > 0:
            unit = unit[:index]
    ends = [m.end() for m in _UNIT_SUFFIX.finditer(unit)]
    if not ends:
        return None
    unit = unit[:ends[-1]]
    return unit if len(unit) >= 4 else None


def units_in(text: str) -> list[str]:
    """Organisation names written after 单位名称 / 参保单位 / 缴费单位 / 用人单位 / 工作单位 labels."""
    found: list[str] = []
    for match in _UNIT_LABEL.finditer(unicodedata.normalize("NFKC", text)):
        unit = _clean_unit(match.group(1))
        if unit and unit not in found:
            found.append(unit)
    return found


def ids_in(text: str) -> tuple[list[str], list[str]]:
    """(valid 18-character ID numbers, masked ones with at least 6 visible digits) found in `text`."""
    valid: list[str] = []
    masked: list[str] = []
    for match in _ID_TOKEN.finditer(unicodedata.normalize("NFKC", text)):
        token = match.group(0).upper()
        if "*" in token:
            if sum(ch != "*" for ch in token) >= 6 and token not in masked:
                masked.append(token)
        elif parse_id_number(token).valid and token not in valid:
            valid.append(token)
    return valid, masked


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _masked_matches(token: str, id_number: str) -> bool:
    return len(token) == len(id_number) and all(t == "*" or t == c for t, c in zip(token, id_number, strict=True))


def _pension_record(doc: Document) -> Any:
    """The pension reader's record of `doc`, or None (reader absent, or the file not parseable as a record)."""
    try:
        from zccheck.content.pension import read_pension_document
    except ImportError:
        return None
    try:
        return read_pension_document(doc)
    except ContentError:
        return None


SPREADSHEET_KINDS = frozenset({"xlsx", "csv"})


def _seen(doc: Document, max_pages: int, as_pension: bool) -> _Seen | None:
    """Memoised extraction; None when the document has neither readable text nor a pension record."""

    def compute() -> _Seen | None:
        record = _pension_record(doc) if as_pension else None
        text = ""
        if record is None or doc.kind not in SPREADSHEET_KINDS:  # a parsed spreadsheet says it all already
            try:
                text = document_text(doc, max_pages)
            except ContentError:
                text = ""
        if not text.strip() and record is None:
            return None
        valid, masked = ids_in(text)
        units = units_in(text)
        person = None
        if record is not None:
            person = re.sub(r"[\s·•]", "", record.person_name or "") or None
            record_id = normalise_id(record.id_number or "")
            if "*" in record_id and record_id not in masked:
                masked.insert(0, record_id)
            elif parse_id_number(record_id).valid and record_id not in valid:
                valid.insert(0, record_id)
            units = list(dict.fromkeys([*record.unit_names, *units]))
        compact = _compact(text)
        return _Seen(len(compact), compact, tuple(names_in(text)), tuple(valid), tuple(masked), tuple(units),
                     person, parsed=record is not None)

    return doc.memo(f"consistency:{max_pages}:{as_pension}", compute)


def check(ctx: CheckContext, options: Mapping[str, Any]) -> Iterator[Problem]:
    """consistency-name-mismatch / -name-absent / -id-mismatch / -unit-mismatch."""
    facts = ctx.facts
    name = re.sub(r"[\s·]", "", facts.name or "")
    former = _former_names(facts.extra.get("former_names"))
    own_id = normalise_id(facts.id_number or "")
    if not parse_id_number(own_id).valid:
        own_id = ""
    changed = facts.flag("name_changed")
    change_item = str(options["change_item"])
    name_required = set(options["name_required_items"])
    unit_items = set(options["unit_items"])
    min_chars = int(options["min_text_chars"])
    pension_item = str(options["pension_item"])
    aliases = _unit_aliases(ctx, pension_item)
    for item_id in options["items"]:
        for doc in ctx.readable_documents(str(item_id)):
            seen = _seen(doc, int(options["max_pages"]), item_id == pension_item)
            if seen is None or (seen.chars < min_chars and not seen.parsed):
                continue
            base = {"file": doc.name, "document_item": str(item_id)}
            if name:
                yield from _name_problems(doc, seen, name, former, str(item_id), changed, change_item,
                                          name_required, base)
            if own_id:
                yield from _id_problems(doc, seen, own_id, changed, change_item, base)
            if facts.unit and item_id in unit_items:
                yield from _unit_problems(doc, seen, facts.unit, aliases, str(item_id), base)


def _former_names(value: Any) -> tuple[str, ...]:
    """The fact `former_names` (a list, or one string separated by 、 , ; or spaces) as clean names."""
    items = value if isinstance(value, list | tuple) else re.split(r"[、,，;；\s]+", str(value or ""))
    return tuple(n for n in (re.sub(r"[\s·]", "", str(v)) for v in items) if n)


def _name_problems(doc: Document, seen: _Seen, name: str, former: tuple[str, ...], item_id: str, changed: bool,
                   change_item: str, name_required: set[str], base: dict[str, str]) -> Iterator[Problem]:
    """A former name (fact `former_names`) still needs the household register, so it is reported unless
    name_changed is set; it does count as the applicant's name appearing in the document."""
    if seen.person is not None:
        others = [] if seen.person == name else [seen.person]
    elif name in seen.compact:
        return
    else:
        others = [n for n in seen.names if n != name]
    if others:
        if not changed:
            yield Problem("consistency-name-mismatch", path=doc.rel_path, item=change_item,
                          params={**base, "found": "、".join(others), "name": name},
                          details={**base, "found_names": others})
    elif item_id in name_required and seen.person is None and not any(f in seen.compact for f in former):
        yield Problem("consistency-name-absent", path=doc.rel_path, item=item_id,
                      params={**base, "name": name}, details={**base, "text_chars": seen.chars})


def _id_problems(doc: Document, seen: _Seen, own_id: str, changed: bool, change_item: str,
                 base: dict[str, str]) -> Iterator[Problem]:
    if changed or own_id in seen.ids:
        return
    if any(_masked_matches(token, own_id) for token in seen.masked_ids):
        return
    others = [mask_id_number(t) or "" for t in seen.ids]
    others += [mask_id_number(t) or "" for t in seen.masked_ids if not _masked_matches(t, own_id)]
    if others:
        yield Problem("consistency-id-mismatch", path=doc.rel_path, item=change_item,
                      params={**base, "found": "、".join(others), "own": mask_id_number(own_id) or ""},
                      details={**base, "found_masked": others})


def _unit_aliases(ctx: CheckContext, pension_item: str) -> tuple[str, ...]:
    """The applying unit's other names declared for the pension check (`unit_aliases`): the same names count
    here, so that the two checks never disagree about one file."""
    spec = ctx.checklist.items.get(pension_item)
    uses = spec.checks if spec is not None else ()
    return tuple(str(a) for use in uses for a in use.options.get("unit_aliases", ()) or ())


def _unit_problems(doc: Document, seen: _Seen, unit: str, aliases: tuple[str, ...], item_id: str,
                   base: dict[str, str]) -> Iterator[Problem]:
    """consistency-unit-mismatch unless the document names the unit (one matcher: zccheck.rules.units)."""
    if not seen.units or any(mentions_unit(seen.compact, name) for name in (unit, *aliases)):
        return
    if any(same_unit(name, found) for name in (unit, *aliases) for found in seen.units):
        return
    yield Problem("consistency-unit-mismatch", path=doc.rel_path, item=item_id,
                  params={**base, "found": "、".join(seen.units), "unit": unit},
                  details={**base, "found_units": list(seen.units), "declared_unit": unit})
