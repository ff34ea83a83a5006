"""The first screen of a report, as data every human reporter shares: the verdict, the work counted by kind,
and the steps to take (each hint once, with the findings it fixes)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from zccheck.catalogue.kinds import ADD, KINDS, work_kind
from zccheck.findings import SEVERITY_ORDER, Finding, Severity
from zccheck.result import Result

# Verdicts, worst first.
NOT_READY, FIX_FIRST, REVIEW_FIRST, READY = "not-ready", "fix-first", "review-first", "ready"

_ACTIONABLE = (Severity.ERROR, Severity.WARNING, Severity.REVIEW)

_VERDICT = {
    "zh": {NOT_READY: "有错误，上传前请修改", FIX_FIRST: "未发现错误，但上传前还有要处理的事",
           REVIEW_FIRST: "未发现错误，请人工核对后再上传", READY: "未发现问题，可以上传"},
    "en": {NOT_READY: "errors to fix before upload", FIX_FIRST: "no errors, but some things to do before upload",
           REVIEW_FIRST: "no errors; review the points below before upload", READY: "no problems: ready to upload"},
}
_KIND = {
    "zh": {"add": "补 {n} 项材料", "rename": "重命名 {n} 个文件", "convert": "转换 {n} 个文件格式",
           "redo": "重新扫描或导出 {n} 个文件", "remove": "删除 {n} 个多余的文件", "fix": "修改 {n} 处其他问题",
           "review": "人工核对 {n} 项"},
    "en": {"add": "add {n} material(s)", "rename": "rename {n} file(s)", "convert": "convert {n} file(s)",
           "redo": "scan or export {n} file(s) again", "remove": "delete {n} stray file(s)",
           "fix": "fix {n} other problem(s)",
           "review": "review {n} point(s)"},
}
_WORK_LABEL = {"zh": "要做的事", "en": "To do"}
HEADLINE_CODES = ("materials-empty",)
"""Findings said right under the headline (they explain everything else)."""


def verdict(result: Result) -> str:
    """NOT_READY with any error; FIX_FIRST with any warning; REVIEW_FIRST with reviews only; else READY."""
    if result.count(Severity.ERROR):
        return NOT_READY
    if result.count(Severity.WARNING):
        return FIX_FIRST
    if result.count(Severity.REVIEW):
        return REVIEW_FIRST
    return READY


def verdict_text(result: Result) -> str:
    """The headline sentence in the report's language (never "可以上传" while anything is to be done)."""
    return _VERDICT["en" if result.lang == "en" else "zh"][verdict(result)]


def work_counts(findings: Iterable[Finding]) -> dict[str, int]:
    """How much work of each kind: materials to add, files to rename/convert/redo, other fixes, reviews."""
    seen: dict[str, set[tuple[str | None, ...]]] = {kind: set() for kind in KINDS}
    for finding in findings:
        kind = work_kind(finding.code, finding.severity)
        if kind is None:
            continue
        if kind == ADD:
            if finding.item is None:
                continue  # "补 N 项材料" counts materials (an empty folder is said in the headline)
            key: tuple[str | None, ...] = (finding.item,)
        elif kind in ("rename", "convert", "redo", "remove"):
            key = (finding.path or finding.item or finding.code,)
        else:
            key = (finding.code, finding.item, finding.path, finding.message)
        seen[kind].add(key)
    return {kind: len(keys) for kind, keys in seen.items() if keys}


def work_line(result: Result) -> str:
    """"要做的事：补 3 项材料 · 重命名 8 个文件 · …" (empty when there is nothing to do)."""
    lang = "en" if result.lang == "en" else "zh"
    counts = work_counts(result.findings)
    if not counts:
        return ""
    parts = [_KIND[lang][kind].format(n=counts[kind]) for kind in KINDS if kind in counts]
    return f"{_WORK_LABEL[lang]}{': ' if lang == 'en' else '：'}" + " · ".join(parts)


@dataclass(frozen=True)
class Step:
    """One thing to do: a hint (said once) and every finding it fixes, worst severity first."""

    severity: Severity
    hint: str
    findings: tuple[Finding, ...]

    @property
    def paths(self) -> tuple[str, ...]:
        """The files concerned, each once, in order."""
        return tuple(dict.fromkeys(f.path for f in self.findings if f.path))


def platform_order(result: Result) -> dict[str | None, int]:
    """Item id → its position in the checklist (platform order); findings without an item come last."""
    order: dict[str | None, int] = {ir.item.id: n for n, ir in enumerate(result.items)}
    order[None] = len(order)
    return order


def steps(result: Result, findings: Sequence[Finding] | None = None) -> list[Step]:
    """The actionable findings grouped by hint: errors first, then in platform order."""
    position = platform_order(result)
    actionable = [f for f in (result.findings if findings is None else findings) if f.severity in _ACTIONABLE]
    actionable.sort(key=lambda f: (SEVERITY_ORDER[f.severity], position.get(f.item, len(position))))
    groups: dict[str, list[Finding]] = {}
    for finding in actionable:
        groups.setdefault(finding.hint or finding.message, []).append(finding)
    result_steps = []
    for hint, members in groups.items():
        worst = min((f.severity for f in members), key=SEVERITY_ORDER.__getitem__)
        result_steps.append(Step(worst, hint if any(f.hint for f in members) else "", tuple(members)))
    return result_steps


def hint_blocks(findings: Sequence[Finding]) -> list[tuple[str, list[Finding]]]:
    """Findings of one item grouped by hint, in first-seen order: each hint is shown once after its findings."""
    blocks: dict[str, list[Finding]] = {}
    for finding in findings:
        blocks.setdefault(finding.hint if finding.severity != Severity.INFO else "", []).append(finding)
    return list(blocks.items())

