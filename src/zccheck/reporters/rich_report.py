"""The human report: a summary line, the items by platform section, unrecognised files, what to do next."""

from __future__ import annotations

from collections.abc import Mapping
from typing import IO, Any

from rich.console import Console
from rich.text import Text

from zccheck.findings import Finding, Severity
from zccheck.masking import mask_id_number
from zccheck.reporters.labels import label
from zccheck.result import MISSING, NOT_REQUIRED, OPTIONAL, ItemResult, Result

_SEVERITY_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.REVIEW: "magenta",
                   Severity.INFO: "cyan"}
_SEVERITY_MARK = {Severity.ERROR: "✗", Severity.WARNING: "!", Severity.REVIEW: "?", Severity.INFO: "i"}
_STATUS_STYLE = {"ok": "green", "missing": "bold red", "error": "bold red", "warning": "yellow",
                 "review": "magenta", "not-required": "dim", "optional-absent": "dim"}
_STRIP_STYLE = {"here": "green", "other": "yellow", "unpaid": "bold red", "backpaid": "yellow"}
_STRIP_MARK = {"here": "■", "other": "◆", "unpaid": "□", "backpaid": "▲"}


def render(result: Result, stream: IO[str], *, color: bool = True) -> None:
    """Write the report to `stream` (colour only when `color`; ID numbers masked everywhere)."""
    result = result.masked()
    console = Console(file=stream, color_system="auto" if color else None, no_color=not color,
                      highlight=False, emoji=False, width=None if color else 110)
    lang = result.lang
    _header(console, result)
    for section in result.checklist.sections:
        rows = [ir for ir in result.items if ir.item.section == section.id and _worth_showing(ir)]
        if not rows:
            continue
        name = section.name_en if lang == "en" else section.name_zh
        console.rule(Text(f"{section.id if section.id != 'unit' else ''} {name}".strip(), style="bold"),
                     align="left")
        for item_result in rows:
            _item(console, item_result, lang)
    loose = [f for f in result.findings if f.item is None and f.severity != Severity.INFO]
    if loose or result.unrecognised:
        console.rule(Text(label(lang, "file_problems"), style="bold"), align="left")
        for finding in loose:
            _finding(console, finding, indent=2, lang=lang)
    _next_steps(console, result)


def _header(console: Console, result: Result) -> None:
    lang = result.lang
    facts = result.facts
    summary = result.summary
    ok = summary["errors"] == 0
    who = " · ".join(p for p in (facts.name, mask_id_number(facts.id_number), facts.level, facts.industry,
                                 facts.route, facts.unit) if p) or label(lang, "no_facts")
    line = Text()
    line.append("✓ " if ok else "✗ ", style="bold green" if ok else "bold red")
    line.append(label(lang, "ready") if ok else label(lang, "not_ready"), style="bold")
    line.append(f"  —  {summary['errors']} {label(lang, 'errors')} · {summary['warnings']} "
                f"{label(lang, 'warnings')} · {summary['reviews']} {label(lang, 'reviews')} · "
                f"{result.document_count} {label(lang, 'files')}")
    console.print(line)
    console.print(Text(f"{label(lang, 'applicant')}: {who}"))
    console.print(Text(f"{label(lang, 'checklist')}: {result.checklist.title(lang)}  ·  "
                       f"{label(lang, 'as_of')}: {result.as_of.isoformat()}", style="dim"))
    for finding in result.findings:
        if finding.item is None and finding.severity == Severity.INFO:
            console.print(Text(f"  i {finding.message}", style="cyan"))
    console.print()


def _worth_showing(item_result: ItemResult) -> bool:
    return item_result.status not in (NOT_REQUIRED, OPTIONAL) or bool(item_result.findings)


def _item(console: Console, item_result: ItemResult, lang: str) -> None:
    status = item_result.status
    line = Text("  ")
    mark, style = label(lang, "status." + status), _STATUS_STYLE.get(status, "")
    if status == MISSING and all(f.severity != Severity.ERROR for f in item_result.findings):
        mark, style = mark.replace("✗", "!"), "yellow"
    line.append(f"{mark:<3}", style=style)
    line.append(" ")
    line.append(item_result.item.name(lang), style="bold" if status == MISSING else "")
    line.append(f"  [{item_result.item.id}]", style="dim")
    console.print(line)
    for path in item_result.files[:12]:
        console.print(Text(f"        {path}", style="dim"))
    if len(item_result.files) > 12:
        console.print(Text(f"        … +{len(item_result.files) - 12}", style="dim"))
    for finding in item_result.findings:
        if finding.code in ("missing-item",):
            console.print(Text(f"      → {finding.hint}", style="dim"))
            continue
        _finding(console, finding, indent=6, lang=lang)


def _finding(console: Console, finding: Finding, indent: int, lang: str = "zh") -> None:
    pad = " " * indent
    text = Text(pad)
    text.append(f"{_SEVERITY_MARK[finding.severity]} ", style=_SEVERITY_STYLE[finding.severity])
    text.append(finding.message)
    if finding.path and finding.path not in finding.message:
        text.append(f"  ({finding.path})", style="dim")
    console.print(text)
    _details(console, finding.details, pad + "    ", lang)
    if finding.hint and finding.severity != Severity.INFO:
        console.print(Text(f"{pad}  → {finding.hint}", style="dim"))


def _details(console: Console, details: Mapping[str, Any], pad: str, lang: str) -> None:
    """Render the detail shapes checks agree on: a month strip, measured-vs-expected values."""
    strip = details.get("strip")
    if isinstance(strip, list) and strip:
        line = Text(pad)
        for entry in strip:
            state = entry.get("status") if isinstance(entry, dict) else entry[1]
            line.append(_STRIP_MARK.get(str(state), "·"), style=_STRIP_STYLE.get(str(state), "dim"))
        first = strip[0]["month"] if isinstance(strip[0], dict) else strip[0][0]
        last = strip[-1]["month"] if isinstance(strip[-1], dict) else strip[-1][0]
        legend = "  ".join(f"{_STRIP_MARK[k]} {label(lang, 'strip.' + k)}" for k in _STRIP_MARK)
        line.append(f"  {first} … {last}   {legend}", style="dim")
        console.print(line)
    measured = details.get("measured")
    expected = details.get("expected")
    if isinstance(measured, dict) and measured:
        parts = []
        for key, value in measured.items():
            want = expected.get(key) if isinstance(expected, dict) else None
            parts.append(f"{key}={value}" + (f" (≈{want})" if want is not None else ""))
        console.print(Text(pad + ", ".join(parts), style="dim"))
    trace = details.get("traceback")  # internal errors under --debug
    if isinstance(trace, str) and trace:
        console.print(Text("\n".join(pad + line for line in trace.rstrip().splitlines()), style="dim"))


def _next_steps(console: Console, result: Result) -> None:
    lang = result.lang
    console.print()
    console.rule(Text(label(lang, "next"), style="bold"), align="left")
    actionable = [f for f in result.findings if f.severity in (Severity.ERROR, Severity.WARNING, Severity.REVIEW)]
    if not actionable:
        console.print(Text("  " + label(lang, "nothing"), style="green"))
        return
    for number, finding in enumerate(actionable, 1):
        text = Text(f"  {number}. ")
        text.append(_SEVERITY_MARK[finding.severity] + " ", style=_SEVERITY_STYLE[finding.severity])
        text.append(finding.hint or finding.message)
        if finding.hint:
            text.append(f"  — {finding.message}", style="dim")
        console.print(text)
