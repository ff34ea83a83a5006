"""Load and strictly validate a checklist TOML file.

Every problem is one `ChecklistError` naming the file, the item (when inside one), the key and, where it can
be found, the line. Unknown keys, unknown checks, unknown check options, options of the wrong type, unknown
facts in conditions and malformed conditions are all errors: a typo must never silently disable a rule.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

from zccheck.checklist.model import PRESENCES, Checklist, CheckUse, Deadlines, ItemSpec, Section
from zccheck.conditions import ALWAYS, ConditionError, parse_condition
from zccheck.facts import condition_names, condition_vocabularies
from zccheck.facts_loader import toml_error_line
from zccheck.findings import Severity

CHINA_TZ = timezone(timedelta(hours=8))
_TOP_KEYS = {"checklist", "deadlines", "fees", "files", "severity", "run", "checks", "sections", "items", "rules"}
_ITEM_KEYS = {
    "name", "name_en", "section", "presence", "when", "keywords", "exclude_keywords", "source",
    "description", "description_en", "multi", "group_prefixes", "part_keywords", "min_files", "max_files", "max_groups",
    "formats", "satisfied_by", "checks", "options",
}


class ChecklistError(Exception):
    """A checklist that cannot be used. Reported with exit code 2."""

    def __init__(self, path: str, message: str, *, item: str | None = None, key: str | None = None,
                 line: int | None = None) -> None:
        self.path = path
        self.item = item
        self.key = key
        self.line = line
        self.detail = message
        where = path + (f" 第 {line} 行" if line else "")
        scope = ""
        if item:
            scope = f"项目 {item} 的 " if key and message.startswith(key) else f"项目 {item}："
        super().__init__(f"{where}：{scope}{message}")


def _msg(zh: str, en: str) -> str:
    """A loader message: Chinese first, then the English original."""
    return f"{zh} / {en}"


@dataclass
class _Reader:
    """Typed access to one TOML table, raising ChecklistError with location."""

    path: str
    text: str
    table: Mapping[str, Any]
    where: str
    item: str | None = None

    def fail(self, key: str | None, message: str) -> ChecklistError:
        return ChecklistError(self.path, message, item=self.item, key=key,
                              line=_find_line(self.text, self.where, key))

    def only(self, allowed: set[str]) -> None:
        unknown = sorted(set(self.table) - allowed)
        if unknown:
            raise self.fail(unknown[0], _msg(f"{unknown[0]} 不是可用的键（可用：{'、'.join(sorted(allowed))}）",
                                             f"unknown key {unknown[0]!r}"))

    def get(self, key: str, kind: type | tuple[type, ...], default: Any = ..., *, required: bool = False) -> Any:
        if key not in self.table:
            if required or default is ...:
                raise self.fail(key, _msg(f"{key} 缺少，必须填写", f"missing required key {key!r}"))
            return default
        value = self.table[key]
        if isinstance(value, bool) and kind in (int, float):
            raise self.fail(key, _msg(f"{key} 必须是数字，不能是 true/false",
                                      f"{key!r} must be a number, not a boolean"))
        if not isinstance(value, kind):
            raise self.fail(key, _msg(f"{key} 必须是{_type_name_zh(kind)}，现为{_type_name_zh(type(value))}",
                                      f"{key!r} must be {_type_name(kind)}, found {type(value).__name__}"))
        return value

    def strings(self, key: str, default: tuple[str, ...] = ()) -> tuple[str, ...]:
        values = self.get(key, list, list(default))
        if not all(isinstance(v, str) and v.strip() for v in values):
            raise self.fail(key, _msg(f"{key} 必须是由非空文字组成的列表",
                                      f"{key!r} must be a list of non-empty strings"))
        return tuple(values)


def _type_name(kind: type | tuple[type, ...]) -> str:
    names = {str: "a string", int: "an integer", float: "a number", bool: "true or false", list: "a list",
             dict: "a table", datetime: "a date-time", date: "a date"}
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(names.get(k, k.__name__) for k in kinds)


def _type_name_zh(kind: type | tuple[type, ...]) -> str:
    names = {str: "文字（字符串）", int: "整数", float: "数字", bool: "true 或 false", list: "列表", dict: "表",
             datetime: "日期时间", date: "日期"}
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return "或".join(names.get(k, k.__name__) for k in kinds)


def _find_line(text: str, where: str, key: str | None) -> int | None:
    """Best-effort line number of `key` inside the table header `where` (e.g. "items.photo")."""
    lines = text.splitlines()
    start = 0
    if where:
        headers = (f"[{where}]", f"[[{where}]]")
        for number, line in enumerate(lines):
            if line.strip().startswith(headers):
                start = number
                break
        else:
            return None
    if key is None:
        return start + 1
    for number in range(start, len(lines)):
        stripped = lines[number].strip()
        if number > start and stripped.startswith("[") and not stripped.startswith(f"[{where}."):
            break
        if stripped.split("=")[0].strip().strip('"') == key:
            return number + 1
    return start + 1


def _as_datetime(reader: _Reader, key: str) -> datetime:
    value = reader.get(key, (datetime, date), required=True)
    if not isinstance(value, datetime):
        value = datetime.combine(value, time(0, 0))
    return value if value.tzinfo else value.replace(tzinfo=CHINA_TZ)


def _deadlines(dates: _Reader) -> Deadlines:
    deadlines = Deadlines(_as_datetime(dates, "first_submission"), _as_datetime(dates, "correction_start"),
                          _as_datetime(dates, "correction_end"),
                          _as_datetime(dates, "submission_start") if "submission_start" in dates.table else None)
    if deadlines.submission_start and deadlines.submission_start > deadlines.first_submission:
        raise dates.fail("submission_start", _msg("submission_start 不能晚于 first_submission",
                                                  "submission_start is after first_submission"))
    return deadlines


def _check_uses(
    reader: _Reader, names: tuple[str, ...], options: Mapping[str, Any], scope: str
) -> tuple[CheckUse, ...]:
    from zccheck.checks import REGISTRY

    uses = []
    for check_id in names:
        module = REGISTRY.get(check_id)
        if module is None:
            raise reader.fail("checks", _msg(f"没有名为 {check_id} 的检查（已有：{'、'.join(sorted(REGISTRY))}）",
                                             f"unknown check {check_id!r}"))
        if module.SCOPE.value != scope:
            raise reader.fail("checks", _msg(f"检查 {check_id} 的作用范围是 {module.SCOPE.value}，不能用在 {scope}",
                                             f"check {check_id!r} runs on scope {module.SCOPE.value!r}, not {scope!r}"))
        given = options.get(check_id, {})
        if not isinstance(given, dict):
            raise reader.fail(check_id, _msg(f"检查 {check_id} 的选项必须是表",
                                             f"options of {check_id!r} must be a table"))
        uses.append(CheckUse(check_id, _merge_options(reader, check_id, module.DEFAULTS, given)))
    return tuple(uses)


def _refuse_stray_options(reader: _Reader, options: Mapping[str, Any], names: set[str]) -> None:
    stray = sorted(set(options) - names)
    if stray:
        raise reader.fail(stray[0], _msg(f"为 {stray[0]} 设置了选项，但这里没有使用该检查",
                                         f"options given for {stray[0]!r}, which is not among the checks used here"))


def _merge_options(reader: _Reader, check_id: str, defaults: Mapping[str, Any], given: Mapping[str, Any]) -> dict:
    merged = dict(defaults)
    for key, value in given.items():
        if key not in defaults:
            raise reader.fail(key, _msg(f"检查 {check_id} 没有选项 {key}（可用：{'、'.join(sorted(defaults))}）",
                                        f"check {check_id!r} has no option {key!r}"))
        if not _same_kind(defaults[key], value):
            raise reader.fail(key, _msg(f"检查 {check_id} 的选项 {key} 类型不对，应与默认值 {defaults[key]!r} 同类",
                                        f"option {key!r} of {check_id!r} must be like {defaults[key]!r}"))
        merged[key] = value
    return merged


def _same_kind(default: Any, value: Any) -> bool:
    """True when `value` may replace `default`: same JSON-ish kind (an int may stand for a float)."""
    if default is None:
        return True
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(default, bool) and isinstance(value, bool)
    if isinstance(default, float):
        return isinstance(value, int | float)
    return isinstance(value, type(default))


def _item(reader: _Reader, item_id: str, section_ids: set[str]) -> ItemSpec:
    reader.only(_ITEM_KEYS)
    section = reader.get("section", str, required=True)
    if section not in section_ids:
        raise reader.fail("section", _msg(f"section 指向不存在的栏目 {section!r}", f"unknown section {section!r}"))
    presence = reader.get("presence", str, "required")
    if presence not in PRESENCES:
        raise reader.fail("presence", _msg(f"presence 必须是 {'、'.join(PRESENCES)} 之一",
                                           f"presence must be one of {', '.join(PRESENCES)}"))
    when_text = reader.get("when", str, "always")
    try:
        when = (parse_condition(when_text, condition_names(), condition_vocabularies())
                if when_text != "always" else ALWAYS)
    except ConditionError as exc:
        raise reader.fail("when", _msg(f"when 条件 {when_text!r} 有误（{exc}）",
                                       f"bad condition {when_text!r}: {exc}")) from None
    keywords = reader.strings("keywords")
    if not keywords:
        raise reader.fail("keywords", _msg("keywords 至少要有一个关键词", "an item needs at least one keyword"))
    limits = {key: reader.get(key, int, None) for key in ("min_files", "max_files", "max_groups")}
    for key, value in limits.items():
        if value is not None and value < 1:
            raise reader.fail(key, _msg(f"{key} 至少为 1", f"{key!r} must be at least 1"))
    if limits["min_files"] and limits["max_files"] and limits["min_files"] > limits["max_files"]:
        raise reader.fail("min_files", _msg("min_files 不能大于 max_files", "min_files exceeds max_files"))
    checks = reader.strings("checks")
    options = reader.get("options", dict, {})
    return ItemSpec(
        id=item_id,
        name_zh=reader.get("name", str, required=True),
        name_en=reader.get("name_en", str, required=True),
        section=section,
        presence=presence,
        when=when,
        keywords=keywords,
        exclude_keywords=reader.strings("exclude_keywords"),
        source=reader.get("source", str, required=True),
        description_zh=reader.get("description", str, ""),
        description_en=reader.get("description_en", str, ""),
        multi=reader.get("multi", bool, False),
        group_prefixes=reader.strings("group_prefixes"),
        part_keywords=reader.strings("part_keywords"),
        min_files=limits["min_files"] or 1,
        max_files=limits["max_files"],
        max_groups=limits["max_groups"],
        formats=reader.strings("formats"),
        satisfied_by=reader.strings("satisfied_by"),
        checks=_item_checks(reader, checks, options),
    )


def _item_checks(reader: _Reader, checks: tuple[str, ...], options: Mapping[str, Any]) -> tuple[CheckUse, ...]:
    _refuse_stray_options(reader, options, set(checks))
    return _check_uses(reader, checks, options, "item")


def load_checklist(path: str | Path) -> Checklist:
    """Read and validate the checklist at `path`; raise ChecklistError on any problem."""
    path = Path(path)
    label = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ChecklistError(label, _msg("无法读取清单文件", f"cannot read the checklist: {exc}")) from None
    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, ValueError, RecursionError) as exc:  # ValueError: a 5000-digit integer
        raise ChecklistError(label, _msg("不是有效的 TOML 格式", f"not valid TOML: {exc}"),
                             line=toml_error_line(exc)) from None
    return _build(label, text, data)


def _build(label: str, text: str, data: Mapping[str, Any]) -> Checklist:
    top = _Reader(label, text, data, "")
    top.only(_TOP_KEYS)
    meta = _Reader(label, text, top.get("checklist", dict, required=True), "checklist")
    meta.only({"id", "title", "title_en", "region", "year", "series", "notice"})
    dates = _Reader(label, text, top.get("deadlines", dict, required=True), "deadlines")
    dates.only({"submission_start", "first_submission", "correction_start", "correction_end"})
    files = _Reader(label, text, top.get("files", dict, required=True), "files")
    files.only({"max_file_mb", "upload_formats", "readable_formats"})
    fees = top.get("fees", dict, {})
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in fees.values()):
        raise top.fail("fees", _msg("fees 的每一项必须是整数金额（元）",
                                    "fees must map a level to a whole number of yuan"))

    severity = {}
    severity_table = _Reader(label, text, top.get("severity", dict, {}), "severity")
    from zccheck.catalogue import CATALOGUE

    for code, value in severity_table.table.items():
        if code not in CATALOGUE:
            raise severity_table.fail(code, _msg(f"没有结论代码 {code}", f"unknown finding code {code!r}"))
        try:
            severity[code] = Severity(value)
        except ValueError:
            allowed = ", ".join(s.value for s in Severity)
            raise severity_table.fail(code, _msg(f"{code} 的严重程度必须是 {allowed} 之一",
                                                 f"severity must be one of {allowed}")) from None

    sections = []
    for raw in top.get("sections", list, required=True):
        section = _Reader(label, text, raw if isinstance(raw, dict) else {}, "sections")
        section.only({"id", "name", "name_en"})
        sections.append(Section(section.get("id", str, required=True), section.get("name", str, required=True),
                                section.get("name_en", str, required=True)))
    section_ids = {s.id for s in sections}
    if len(section_ids) != len(sections):
        raise top.fail("sections", _msg("有两个栏目的 id 相同", "two sections share an id"))

    items: dict[str, ItemSpec] = {}
    for item_id, raw in top.get("items", dict, required=True).items():
        if not isinstance(raw, dict):
            raise top.fail(item_id, _msg(f"项目 {item_id} 必须是表", f"item {item_id!r} must be a table"))
        items[item_id] = _item(_Reader(label, text, raw, f"items.{item_id}", item_id), item_id, section_ids)

    for item in items.values():
        for other in item.satisfied_by:
            if other not in items:
                raise ChecklistError(label, _msg(f"satisfied_by 引用了不存在的项目 {other}",
                                                 f"satisfied_by names unknown item {other!r}"), item=item.id,
                                     key="satisfied_by", line=_find_line(text, f"items.{item.id}", "satisfied_by"))

    run = _Reader(label, text, top.get("run", dict, {}), "run")
    run.only({"applicant_checks", "document_checks"})
    check_options = top.get("checks", dict, {})
    options_reader = _Reader(label, text, check_options, "checks")
    applicant = run.strings("applicant_checks")
    document = run.strings("document_checks")
    _refuse_stray_options(options_reader, check_options, set(applicant) | set(document))
    applicant_uses = _check_uses(options_reader, applicant, check_options, "applicant")
    document_uses = _check_uses(options_reader, document, check_options, "document")

    return Checklist(
        id=meta.get("id", str, required=True),
        title_zh=meta.get("title", str, required=True),
        title_en=meta.get("title_en", str, required=True),
        path=label,
        region=meta.get("region", str, required=True),
        year=meta.get("year", int, required=True),
        series=meta.get("series", str, required=True),
        notice=meta.get("notice", str, required=True),
        sections=tuple(sections),
        items=items,
        checks=applicant_uses + document_uses,
        deadlines=_deadlines(dates),
        fees=dict(fees),
        max_file_mb=float(files.get("max_file_mb", (int, float), required=True)),
        upload_formats=files.strings("upload_formats"),
        readable_formats=files.strings("readable_formats"),
        severity=severity,
        rules=top.get("rules", dict, {}),
    )


def bundled_checklists_dir() -> Path:
    """Where the bundled checklists live: inside the installed package, or the repository's `checklists/`."""
    packaged = Path(__file__).resolve().parent.parent / "checklists"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "checklists"


DEFAULT_CHECKLIST = "liudong-2024-engineering"


def resolve_checklist(name_or_path: str | None) -> Path:
    """A checklist path from a bundled name (e.g. "liudong-2024-engineering") or a file path."""
    value = name_or_path or DEFAULT_CHECKLIST
    candidate = Path(value)
    if candidate.suffix == ".toml" or candidate.exists():
        return candidate
    return bundled_checklists_dir() / f"{value}.toml"


def available_checklists() -> list[Path]:
    """The bundled checklist files."""
    folder = bundled_checklists_dir()
    return sorted(folder.glob("*.toml")) if folder.is_dir() else []
