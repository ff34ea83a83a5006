"""Files no item could be given to, as one table: each file with its own suggestion, the shared hint once.

Used by the rich report for the findings about names (`unrecognised-file`, `recognition-uncertain`,
`ambiguous-file`); everything else keeps its usual one-line form.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from rich import box
from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from zccheck.checklist.model import ItemSpec
from zccheck.findings import Finding

NAMING_CODES = frozenset({"unrecognised-file", "recognition-uncertain", "ambiguous-file"})


def split(findings: Iterable[Finding]) -> tuple[list[Finding], list[Finding]]:
    """(findings about unplaced files, the others), order kept."""
    naming, rest = [], []
    for finding in findings:
        (naming if finding.code in NAMING_CODES else rest).append(finding)
    return naming, rest


def suggestion(finding: Finding, items: Mapping[str, ItemSpec], lang: str) -> str:
    """What to do with one unplaced file."""
    details = finding.details
    en = lang == "en"
    if finding.code == "recognition-uncertain":
        item = items.get(str(details.get("item") or ""))
        name = item.name(lang) if item else str(details.get("item"))
        part = f"（{details['part']}）" if details.get("part") else ""
        evidence = "；".join(str(e) for e in details.get("evidence") or [])
        suffix = finding.path.rsplit(".", 1)[-1] if finding.path and "." in finding.path else "pdf"
        if en:
            return f"may be “{name}”{part} ({evidence}); if so, rename it “{item.name_zh if item else name}.{suffix}”"
        return f"可能是“{name}”{part}（{evidence}）；确认后重命名为“{name}.{suffix}”"
    if finding.code == "ambiguous-file":
        names = [items[c].name(lang) if c in items else c for c in details.get("candidates") or []]
        joined = ", ".join(names) if en else "、".join(names)
        if en:
            return f"name fits several materials: {joined}; keep one"
        return f"文件名同时符合：{joined}；改成其中一项的名称"
    return ("open it and rename it after the material it is" if en
            else "看不出是哪项材料：打开确认后，按材料名称重命名或移出材料文件夹")


def render_table(console: Console, findings: list[Finding], items: Mapping[str, ItemSpec], lang: str) -> None:
    """The table of unplaced files, then each distinct hint once."""
    if not findings:
        return
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold")
    table.add_column("File" if lang == "en" else "文件", overflow="fold")
    table.add_column("Suggestion" if lang == "en" else "建议", overflow="fold")
    for finding in findings:
        table.add_row(Text(finding.path or "", style="dim"), suggestion(finding, items, lang))
    console.print(Padding(table, (0, 0, 0, 2)))
    shown: list[str] = []
    for finding in findings:
        if finding.code == "recognition-uncertain" or not finding.hint or finding.hint in shown:
            continue  # an uncertain file's hint is its own row's suggestion
        shown.append(finding.hint)
        console.print(Padding(Text(f"→ {finding.hint}", style="dim"), (0, 0, 0, 4)))
