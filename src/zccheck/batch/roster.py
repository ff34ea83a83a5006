"""The unit's roster (花名册, .xlsx or .csv): facts for applicants without zccheck.toml, matched by name.

The header row is found by synonyms (姓名; 身份证号/身份证号码/证件号码; 申报级别/级别/申报资格; 行业/专业/申报专业;
申报方式; 申报单位/单位/工作单位) anywhere in the first `HEADER_SEARCH_ROWS` rows of the first sheet that has
one (titles and notes often sit above it). Values are tidied to the fact vocabularies where that is
unambiguous ("工程师（中级）" → 工程师, "正常申报" → 正常); anything else is passed on as written, so the
facts loader reports it as an invalid fact instead of zccheck guessing.

Untrusted input: the .xlsx is checked for zip bombs before openpyxl opens it (read-only, values only;
defusedxml, a dependency, guards its XML parsing); sizes and rows are capped.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zccheck.batch.discover import Applicant
from zccheck.facts import INDUSTRIES, LEVELS
from zccheck.rules.units import mentions_unit

HEADER_SEARCH_ROWS = 20
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLS = 100

# Fact -> header synonyms, in order of preference when several are present.
FIELD_SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "申报人姓名", "申报人", "人员姓名"),
    "id_number": ("身份证号", "身份证号码", "证件号码", "公民身份号码", "身份证", "证件号"),
    "level": ("申报级别", "级别", "申报资格", "申报资格名称", "申报职称", "申报层级"),
    "industry": ("行业", "申报行业", "专业", "申报专业"),
    "route": ("申报方式", "申报途径", "申报类型"),
    "unit": ("申报单位", "单位", "工作单位", "单位名称", "所在单位"),
}
_INDUSTRY_HEADERS = ("行业", "申报行业")  # a 专业 column holds specialties: only exact industries are taken from it
_INDUSTRY_WORDS = (("住房和城乡建设", "住建"), ("住建", "住建"), ("自然资源", "自然资源"), ("水利水电", "水利水电"),
                   ("水利", "水利水电"), ("生态环境", "生态环境"))
_ROUTE_WORDS = (("直接", "直接申报"), ("破格", "破格"), ("正常", "正常"), ("常规", "正常"))
_NOT_NAMES = {"合计", "小计", "总计", "备注", "说明", "制表人", "审核人", "填表人"}


class RosterError(Exception):
    """The roster cannot be used (unreadable, wrong format, no header row). Exit 2."""


@dataclass(frozen=True)
class RosterRow:
    """One person of the roster: the spreadsheet line (1-based) and the facts it gives."""

    line: int
    facts: dict[str, str]
    unused: dict[str, str] = field(default_factory=dict)
    """Values the roster gives but zccheck could not take (fact -> value as written), e.g. a 专业 "市政工程"
    that names no 行业: reported to the user, never dropped silently."""

    @property
    def name(self) -> str:
        """The person's name as written (spaces removed)."""
        return self.facts.get("name", "")


@dataclass
class Roster:
    """A roster as read: where its header was, which columns became which facts, and its people."""

    path: str
    sheet: str
    header_line: int
    columns: dict[str, str]
    rows: list[RosterRow] = field(default_factory=list)
    skipped_lines: list[int] = field(default_factory=list)
    id_lost_lines: list[int] = field(default_factory=list)  # ID numbers stored as numbers: digits lost


@dataclass
class RosterMatch:
    """Applicants (by entry name) matched to roster rows, and what could not be matched either way."""

    matched: dict[str, RosterRow] = field(default_factory=dict)
    ambiguous: dict[str, list[RosterRow]] = field(default_factory=dict)
    unmatched_applicants: list[str] = field(default_factory=list)
    unmatched_rows: list[RosterRow] = field(default_factory=list)
    shared_rows: dict[int, list[str]] = field(default_factory=dict)  # roster line -> several applicants


# ------------------------------------------------------------------------------------------------------
# Reading

def read_roster(path: str | Path) -> Roster:
    """Read a roster (.xlsx/.xlsm or .csv/.txt); raises RosterError with a reason a person can act on."""
    target = Path(path)
    try:
        size = target.stat().st_size
    except OSError as exc:
        raise RosterError(f"无法打开花名册 / cannot open the roster: {path}: {exc.strerror or exc}") from None
    if size > MAX_FILE_BYTES:
        raise RosterError(f"花名册过大 / roster too large: {path} ({size // 1024 // 1024} MB)")
    try:
        data = target.read_bytes()
    except OSError as exc:
        raise RosterError(f"无法读取花名册 / cannot read the roster: {path}: {exc.strerror or exc}") from None
    if data.startswith(b"PK\x03\x04"):
        sheets = _xlsx_sheets(data, str(path))
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        raise RosterError(f"不支持旧版 .xls 花名册，请在 Excel/WPS 中另存为 .xlsx 或 .csv / legacy .xls is not "
                          f"supported, save it as .xlsx or .csv: {path}")
    else:
        sheets = [("csv", _csv_rows(data, str(path)))]
    for sheet_name, rows in sheets:
        roster = _parse_sheet(rows, str(path), sheet_name)
        if roster is not None:
            return roster
    raise RosterError(f"花名册中没有找到表头（需含“姓名”列，以及身份证号、申报级别、行业、申报方式或申报单位之一）/ "
                      f"no header row with 姓名 and another known column in the first {HEADER_SEARCH_ROWS} rows: "
                      f"{path}")


def _guard_zip(data: bytes, path: str) -> None:
    """The one zip guard (inventory/zipguard.py, Office limits), worded for a roster."""
    from zccheck.inventory.zipguard import office_zip_refusal

    refusal = office_zip_refusal(data)
    if refusal is None:
        return
    if refusal.reason == "corrupt":
        raise RosterError(f"花名册不是有效的 .xlsx 文件 / not a valid .xlsx: {path}: {refusal.message_zh}")
    raise RosterError(f"花名册压缩结构异常（疑似压缩炸弹），已拒绝 / refused (zip bomb?): {path}")


def _xlsx_sheets(data: bytes, path: str) -> list[tuple[str, list[list[Any]]]]:
    _guard_zip(data, path)
    import openpyxl

    try:
        from defusedxml.common import DefusedXmlException
    except ImportError:  # pragma: no cover - declared dependency
        DefusedXmlException = ValueError

    sheets: list[tuple[str, list[list[Any]]]] = []
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            for sheet in workbook.worksheets:
                rows = [list(row[:MAX_COLS]) for row in sheet.iter_rows(max_row=MAX_ROWS, values_only=True)]
                sheets.append((sheet.title, rows))
        finally:
            workbook.close()
    except (DefusedXmlException, zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, EOFError,
            AttributeError, IndexError) as exc:
        raise RosterError(f"无法读取花名册 / cannot read the roster: {path}: {type(exc).__name__}: {exc}") from None
    return sheets


def _csv_rows(data: bytes, path: str) -> list[list[Any]]:
    text = None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", "replace")
    else:
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
    if text is None:
        raise RosterError(f"花名册编码无法识别（请用 UTF-8 或 GBK 保存）/ unknown text encoding: {path}")
    lines = text.splitlines()[:MAX_ROWS]
    head = "\n".join(lines[:HEADER_SEARCH_ROWS])
    delimiter = max(",\t;，", key=head.count)
    if delimiter == "，":  # a full-width comma only when nothing else separates the columns
        lines = [line.replace("，", ",") for line in lines]
        delimiter = ","
    return [row[:MAX_COLS] for row in csv.reader(lines, delimiter=delimiter)]


def _header_text(value: Any) -> str:
    text = unicodedata.normalize("NFKC", str(value or ""))
    text = re.sub(r"[(（\[【].*?[)）\]】]", "", text)
    return re.sub(r"[\s*:：]", "", text)


def _find_columns(row: Sequence[Any]) -> dict[str, int]:
    labels = [_header_text(cell) for cell in row]
    columns: dict[str, int] = {}
    for fact, synonyms in FIELD_SYNONYMS.items():
        for synonym in synonyms:
            if synonym in labels:
                columns[fact] = labels.index(synonym)
                break
    return columns


def _parse_sheet(rows: list[list[Any]], path: str, sheet: str) -> Roster | None:
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        columns = _find_columns(row)
        if "name" in columns and len(columns) >= 2:
            header = [_header_text(cell) for cell in row]
            roster = Roster(path=path, sheet=sheet, header_line=index + 1,
                            columns={fact: header[col] for fact, col in columns.items()})
            for line, values in enumerate(rows[index + 1:], start=index + 2):
                unused: dict[str, str] = {}
                person = _row_facts(values, columns, roster.columns, unused)
                if person is None:
                    if any(_cell(v) for v in values):
                        roster.skipped_lines.append(line)
                    continue
                if _id_digits_lost(values, columns.get("id_number")):
                    person.pop("id_number", None)
                    roster.id_lost_lines.append(line)
                roster.rows.append(RosterRow(line=line, facts=person, unused=unused))
            return roster
    return None


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # ID numbers typed as numbers
    return unicodedata.normalize("NFKC", str(value)).strip()


def _id_digits_lost(values: Sequence[Any], col: int | None) -> bool:
    """True when the ID cell holds a number of more than 15 digits: Excel kept only 15 significant digits."""
    if col is None or col >= len(values):
        return False
    value = values[col]
    return isinstance(value, int | float) and not isinstance(value, bool) and abs(value) >= 1e15


def clean_name(value: Any) -> str:
    """A person's name without spaces (full- or half-width); "·" kept."""
    return re.sub(r"\s+", "", _cell(value))


def _valid_name(name: str) -> bool:
    return (2 <= len(name) <= 30 and name not in _NOT_NAMES and not re.search(r"[\d:：/\\]", name)
            and bool(re.search(r"[\u4e00-\u9fffA-Za-z]", name)))


def _row_facts(values: Sequence[Any], columns: dict[str, int], headers: dict[str, str],
               unused: dict[str, str]) -> dict[str, str] | None:
    def get(fact: str) -> str:
        col = columns.get(fact)
        return _cell(values[col]) if col is not None and col < len(values) else ""

    name = clean_name(get("name"))
    if not _valid_name(name):
        return None
    facts = {"name": name}
    id_number = re.sub(r"\s+", "", get("id_number")).upper()
    if id_number:
        facts["id_number"] = id_number
    level = normalise_level(get("level"))
    if level:
        facts["level"] = level
    industry = normalise_industry(get("industry"), strict=headers.get("industry") not in _INDUSTRY_HEADERS)
    if industry:
        facts["industry"] = industry
    elif get("industry"):
        unused["industry"] = get("industry")
    route = normalise_route(get("route"))
    if route:
        facts["route"] = route
    unit = re.sub(r"\s+", " ", get("unit")).strip()
    if unit:
        facts["unit"] = unit
    return facts


def normalise_level(value: str) -> str:
    """申报级别 as the facts vocabulary names it when unambiguous, else the value as written."""
    text = re.sub(r"\s+", "", value)
    if not text or text in LEVELS:
        return text
    found = [level for level in ("助理工程师", "技术员") if level in text]
    if not found and ("工程师" in text or text.startswith("中级")) and "高级" not in text and "正高" not in text:
        found = ["工程师"]
    return found[0] if len(found) == 1 else text


def normalise_industry(value: str, strict: bool = False) -> str:
    """行业 as the vocabulary names it; from a 专业 column (`strict`) only a value that names an industry."""
    text = re.sub(r"\s+", "", value)
    if not text or text in INDUSTRIES:
        return text
    for word, industry in _INDUSTRY_WORDS:
        if word in text:
            return industry
    if text.endswith("行业") and text[:-2] in INDUSTRIES:
        return text[:-2]
    return "" if strict else text


def unused_note(row: RosterRow, column: str, entry: str) -> str:
    """The sentence telling the user a roster value was not used: applicant, roster line, column and value."""
    value = row.unused.get("industry", "")
    allowed = "/".join(INDUSTRIES)
    return (f"花名册第 {row.line} 行（{row.name}，{entry}）的“{column}”为“{value}”，不是申报行业（{allowed}），"
            f"未作为行业使用；请在花名册中加“行业”列，或在 zccheck.toml 中填写 industry / roster line {row.line} "
            f"({row.name}): {column} “{value}” names no industry ({allowed}); not used — add an 行业 column or "
            f"set industry in zccheck.toml")


def normalise_route(value: str) -> str:
    """申报方式 as the vocabulary names it when unambiguous, else the value as written."""
    text = re.sub(r"\s+", "", value)
    found = {route for word, route in _ROUTE_WORDS if word in text}
    return found.pop() if len(found) == 1 else text


# ------------------------------------------------------------------------------------------------------
# Matching

def _match_text(text: str) -> str:
    return re.sub(r"[\s·•・.]", "", unicodedata.normalize("NFKC", text))


def match_roster(applicants: Iterable[Applicant], roster: Roster) -> RosterMatch:
    """Match each applicant to the roster row whose name its folder/zip name contains.

    The longest contained name wins ("张三丰" over "张三"); namesakes are told apart by the last 4+ characters
    of the ID number appearing in the folder name, else by their unit written in it (the one unit matcher,
    zccheck.rules.units), else the applicant is ambiguous (no roster facts).
    """
    match = RosterMatch()
    by_name: dict[str, list[RosterRow]] = {}
    for row in roster.rows:
        key = _match_text(row.name)
        if key:
            by_name.setdefault(key, []).append(row)
    claimed: dict[int, list[str]] = {}
    maybe: set[int] = set()
    for applicant in applicants:
        text = _match_text(applicant.label)
        names = [name for name in by_name if name in text]
        if not names:
            match.unmatched_applicants.append(applicant.entry)
            continue
        longest = max(len(n) for n in names)
        best = [n for n in names if len(n) == longest]
        candidates = [row for n in best for row in by_name[n]]
        if len(candidates) > 1:
            tail = [row for row in candidates if len(row.facts.get("id_number", "")) >= 4
                    and row.facts["id_number"][-4:] in text.upper()]
            candidates = tail if len(tail) == 1 else candidates
        if len(candidates) > 1:  # namesakes of different units: the unit written in the folder name
            named = [row for row in candidates if mentions_unit(applicant.label, row.facts.get("unit", ""))]
            candidates = named if len(named) == 1 else candidates
        if len(candidates) > 1:
            match.ambiguous[applicant.entry] = candidates
            maybe.update(row.line for row in candidates)
            continue
        row = candidates[0]
        match.matched[applicant.entry] = row
        claimed.setdefault(row.line, []).append(applicant.entry)
    match.unmatched_rows = [row for row in roster.rows if row.line not in claimed and row.line not in maybe]
    match.shared_rows = {line: entries for line, entries in claimed.items() if len(entries) > 1}
    return match
