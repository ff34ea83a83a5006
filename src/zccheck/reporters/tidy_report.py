"""The mapping of `zccheck tidy`: original → new, with how each file was placed; also the manifest's rows.

Printed as plain lines (safe on GBK consoles), Chinese first, English with --lang en; `TidyLabels` gives the
same wording to 整理清单.csv so the printed mapping and the file agree.
"""

from __future__ import annotations

from collections import Counter
from typing import IO

from zccheck.checklist.model import Checklist
from zccheck.inventory.shape import MANIFEST_HEADER
from zccheck.tidy.plan import DUPLICATE, FACTS, HEIC_TO_JPEG, PLACE, SHRINK, SKIP, UNRECOGNISED, Placement

_TEXT = {
    "zh": {
        PLACE: "归入", UNRECOGNISED: "未识别", DUPLICATE: "重复副本，未复制", SKIP: "无法读取，未复制",
        FACTS: "申报信息文件", "name": "按文件名", "content": "按内容识别", "copy": "内容相同", "none": "—",
        HEIC_TO_JPEG: "HEIC 已转为 JPEG", SHRINK: "已压缩到 {limit} 以内", "same_as": "与“{path}”内容完全相同",
        "suggest": "可能是“{item}”，请人工确认", "ambiguous": "文件名同时符合：{items}", "title": "整理：{src} → {dst}",
        "dry": "（预演 --dry-run：未写入任何文件）",
        "summary": "共 {total} 个文件：归入 {placed} 个，未识别 {unrecognised} 个，去掉重复副本 {duplicates} 个，"
                   "转换/压缩 {converted} 个，未复制 {skipped} 个。",
        "manifest": "清单已写入：{path}",
        "next": "下一步：zccheck scan \"{dst}\" 检查整理后的材料；“未识别”文件夹中的文件请人工归类。",
        "no_facts": "材料中没有 zccheck.toml，整理结果中也没有；请运行 zccheck init 生成后填写。",
        "bad_facts": "材料中的 zccheck.toml 无法读取（{reason}），未复制；请按 zccheck init 的模板重新保存。",
    },
    "en": {
        PLACE: "placed", UNRECOGNISED: "unrecognised", DUPLICATE: "duplicate copy, not copied",
        SKIP: "unreadable, not copied", FACTS: "facts file", "name": "by name", "content": "by content",
        "copy": "identical content", "none": "-", HEIC_TO_JPEG: "HEIC converted to JPEG",
        SHRINK: "re-encoded under {limit}", "same_as": "identical to “{path}”",
        "suggest": "maybe “{item}”: please confirm", "ambiguous": "the name matches several: {items}",
        "title": "tidy: {src} → {dst}",
        "dry": "(dry run: nothing written)",
        "summary": "{total} files: {placed} placed, {unrecognised} unrecognised, {duplicates} duplicate copies "
                   "dropped, {converted} converted, {skipped} not copied.",
        "manifest": "mapping written to {path}",
        "next": "Next: zccheck scan \"{dst}\"; sort the files in 未识别 by hand.",
        "no_facts": "No zccheck.toml in the materials, so none in the copy: run zccheck init and fill it in.",
        "bad_facts": "The zccheck.toml in the materials cannot be read ({reason}); not copied.",
    },
}


def _size(limit: int | None) -> str:
    if limit is None:
        return ""
    return f"{limit / 1024 / 1024:g} MB" if limit >= 1024 * 1024 else f"{limit // 1024} KB"


class TidyLabels:
    """Words for one placement in the report's language (the printed mapping and 整理清单.csv)."""

    def __init__(self, checklist: Checklist, lang: str) -> None:
        self.checklist = checklist
        self.lang = lang if lang in _TEXT else "zh"
        self.text = _TEXT[self.lang]

    def header(self) -> list[str]:
        """The manifest's column titles."""
        return MANIFEST_HEADER[self.lang]

    def item(self, item_id: str | None) -> str:
        """An item's name, or "" for none."""
        item = self.checklist.items.get(item_id) if item_id else None
        return item.name(self.lang) if item else ""

    def action(self, p: Placement) -> str:
        """What happened to the file."""
        return self.text["content"] if p.action == PLACE and p.how == "content" else self.text[p.action]

    def evidence(self, p: Placement) -> str:
        """The words that decided (or the copy it duplicates)."""
        if p.action == DUPLICATE and p.same_as:
            return self.text["same_as"].format(path=p.same_as)
        return "；".join(p.evidence) if self.lang == "zh" else "; ".join(p.evidence)

    def note(self, p: Placement) -> str:
        """Conversions, suggestions, read errors."""
        notes = []
        if p.convert is not None:
            notes.append(self.text[p.convert].format(limit=_size(p.limit_bytes)))
        if p.note.startswith("suggest:"):
            notes.append(self.text["suggest"].format(item=self.item(p.note.removeprefix("suggest:"))))
        elif p.note.startswith("ambiguous:"):
            names = [self.item(i) for i in p.note.removeprefix("ambiguous:").split(",")]
            notes.append(self.text["ambiguous"].format(items=("、" if self.lang == "zh" else ", ").join(names)))
        elif p.note:
            notes.append(p.note)
        return "；".join(notes) if self.lang == "zh" else "; ".join(notes)

    def row(self, p: Placement) -> list[str]:
        """One manifest row: original, new, action, item, decided by, evidence, note."""
        return [p.source, p.target or "", self.action(p), self.item(p.item), self.text[p.how],
                self.evidence(p), self.note(p)]


def render(placements: list[Placement], stream: IO[str], *, labels: TidyLabels, src: str, dst: str,
           dry_run: bool, manifest: str | None, facts_found: bool, facts_error: str | None = None) -> None:
    """Print the mapping, a summary line and the next step."""
    text = labels.text
    stream.write(text["title"].format(src=src, dst=dst) + (" " + text["dry"] if dry_run else "") + "\n\n")
    for p in placements:
        head = f"{p.source} → {p.target}" if p.target else f"{p.source} ×"
        detail = [labels.action(p)]
        for extra in (labels.item(p.item), labels.evidence(p), labels.note(p)):
            if extra:
                detail.append(extra)
        stream.write(f"  {head}\n      [{' · '.join(detail)}]\n")
    actions = Counter(p.action for p in placements if p.action != FACTS)
    stream.write("\n" + text["summary"].format(
        total=sum(actions.values()), placed=actions[PLACE], unrecognised=actions[UNRECOGNISED],
        duplicates=actions[DUPLICATE], skipped=actions[SKIP],
        converted=sum(1 for p in placements if p.convert)) + "\n")
    if facts_error:
        stream.write(text["bad_facts"].format(reason=facts_error) + "\n")
    elif not facts_found:
        stream.write(text["no_facts"] + "\n")
    if manifest:
        stream.write(text["manifest"].format(path=manifest) + "\n")
    if not dry_run:
        stream.write(text["next"].format(dst=dst) + "\n")
