"""The checklist itself for `zccheck checklist list|show`: items, conditions in words, clauses, checks."""

from __future__ import annotations

from typing import IO

from rich.table import Table
from rich.text import Text

from zccheck.checklist.model import Checklist
from zccheck.conditions import describe_condition
from zccheck.reporters.console import make_console

_PRESENCE = {"zh": {"required": "必需", "recommended": "建议", "optional": "可选"},
             "en": {"required": "required", "recommended": "recommended", "optional": "optional"}}


def render_list(checklist: Checklist, lang: str, stream: IO[str], *, color: bool = False) -> None:
    """A table of every item: id, name, section, presence, when it applies (in words), checks."""
    console = make_console(stream, color=color)
    en = lang == "en"
    table = Table(title=checklist.title(lang), show_lines=False)
    for header in (("item", "编号"), ("name", "名称"), ("section", "栏目"), ("presence", "要求"),
                   ("applies when", "适用条件"), ("checks", "检查")):
        table.add_column(header[0] if en else header[1])
    presence = _PRESENCE["en" if en else "zh"]
    for item in checklist.items.values():
        table.add_row(item.id, item.name(lang), item.section, presence[item.presence],
                      describe_condition(item.when.text, lang), ", ".join(c.id for c in item.checks) or "—")
    console.print(table)
    console.print(Text(("Applies to every application: " if en else "全部申报均检查：")
                       + ", ".join(c.id for c in checklist.checks)))
    console.print(Text("zccheck checklist show ITEM — " + ("an item in full (id or name)" if en
                                                          else "查看一项材料的详情（编号或中文名称均可）"),
                       style="dim"))


def render_item(checklist: Checklist, item_id: str, lang: str, stream: IO[str], *, color: bool = False) -> None:
    """One item in full: requirement, clause, recognised names and the checks with their options."""
    console = make_console(stream, color=color)
    item = checklist.items[item_id]
    en = lang == "en"
    section = checklist.section(item.section)
    rows = [
        ("编号 item", item.id),
        ("名称 name", item.name(lang)),
        ("栏目 section", f"{item.section} {section.name_en if en else section.name_zh}" if section else item.section),
        ("要求 presence", _PRESENCE["en" if en else "zh"][item.presence]),
        ("适用条件 applies when", describe_condition(item.when.text, lang)),
        ("依据 source", item.source),
        ("说明 description", item.description_en if en and item.description_en else item.description_zh),
        ("识别关键词 keywords", "、".join(item.keywords)),
    ]
    if item.exclude_keywords:
        rows.append(("排除词 exclude", "、".join(item.exclude_keywords)))
    if item.multi:
        rows.append(("分组前缀 group prefixes", "、".join(item.group_prefixes) + " + 序号"))
    if item.part_keywords:
        rows.append(("组成部分 parts", "、".join(item.part_keywords)))
    if item.max_files:
        rows.append(("文件数上限 max files", str(item.max_files)))
    if item.max_groups:
        rows.append(("条目上限 max entries", str(item.max_groups)))
    if item.formats:
        rows.append(("格式 formats", "/".join(item.formats)))
    if item.satisfied_by:
        rows.append(("可由其代替 satisfied by", ", ".join(item.satisfied_by)))
    table = Table(show_header=False, box=None)
    table.add_column(style="bold")
    table.add_column()
    for key, value in rows:
        table.add_row(key, value)
    for use in item.checks:
        options = ", ".join(f"{k}={v!r}" for k, v in use.options.items()) or "—"
        table.add_row(f"检查 check {use.id}", options)
    console.print(table)


def render_candidates(checklist: Checklist, query: str, found: list[str], lang: str, stream: IO[str]) -> None:
    """`checklist show` could not decide: the items the query may mean, or every item when none is close."""
    console = make_console(stream, color=False)
    en = lang == "en"
    ids = found or list(checklist.items)
    if found:
        console.print(Text(f"“{query}” may mean:" if en else f"“{query}”可能是以下几项，请用编号或完整名称："))
    else:
        console.print(Text(f"No item “{query}”. Items:" if en else f"没有“{query}”这一项。可用的材料："))
    for item_id in ids:
        item = checklist.items[item_id]
        console.print(Text(f"  {item.id}  {item.name(lang)}"))
