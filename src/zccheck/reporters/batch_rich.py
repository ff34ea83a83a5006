"""The batch on screen: one row per applicant, then the unit's fault rate against the notice's lines."""

from __future__ import annotations

from typing import IO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from zccheck.batch.model import FACTS_NONE, BatchResult
from zccheck.masking import mask_ids
from zccheck.reporters.batch_labels import blabel, interrupted_line, threshold_lines
from zccheck.reporters.console import make_console

FIRST_FIX_WIDTH = 60


def _short(text: str, width: int = FIRST_FIX_WIDTH) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def render(batch: BatchResult, stream: IO[str], *, color: bool = True) -> None:
    """Write the summary table and the fault rate to `stream` (colour only when `color`)."""
    batch = batch.masked()
    console = make_console(stream, color=color)
    lang = batch.lang
    stopped = interrupted_line(batch)
    if stopped:
        console.print(Text(stopped, style="bold red"))
    if not batch.applicants:
        console.print(blabel(lang, "none_found"))
    else:
        console.print(_table(batch))
    summary = batch.summary()
    console.print()
    rate = Text()
    rate.append(f"{blabel(lang, 'rate')} {summary['fault_rate'] * 100:.1f}%", style="bold")
    rate.append(f"  —  {blabel(lang, 'applicants_n', n=summary['applicants'])} · "
                f"{blabel(lang, 'faulty_n', k=summary['with_errors'])}")
    console.print(rate)
    for sentence, reached in threshold_lines(summary, lang):
        console.print(Text(("✗ " if reached else "✓ ") + sentence, style="bold red" if reached else "green"))
    _roster(console, batch)
    if batch.ignored:
        console.print(Text(f"{blabel(lang, 'ignored')}: " + _sep(lang).join(batch.ignored[:20])
                           + (" …" if len(batch.ignored) > 20 else ""), style="dim"))
    for note in batch.notes:
        console.print(Text(note, style="yellow"))
    console.print(Text(blabel(lang, "timing", seconds=batch.seconds, jobs=batch.jobs,
                              cache=batch.cache or blabel(lang, "cache_off")), style="dim"))


def _table(batch: BatchResult) -> Table:
    lang = batch.lang
    table = Table(show_lines=False, header_style="bold", pad_edge=False)
    table.add_column(blabel(lang, "index"), justify="right", style="dim")
    table.add_column(blabel(lang, "applicant"), overflow="fold")
    table.add_column(blabel(lang, "level"))
    table.add_column(blabel(lang, "errors"), justify="right")
    table.add_column(blabel(lang, "warnings"), justify="right")
    table.add_column(blabel(lang, "reviews"), justify="right")
    table.add_column(blabel(lang, "first_fix"), overflow="fold")
    for number, applicant in enumerate(batch.applicants, 1):
        if applicant.scanned:
            errors, warnings, reviews = (applicant.count(k) for k in ("errors", "warnings", "reviews"))
            cells = [Text(str(errors), style="bold red" if errors else "green"),
                     Text(str(warnings), style="yellow" if warnings else ""),
                     Text(str(reviews), style="magenta" if reviews else "")]
        else:
            cells = [Text("✗", style="bold red"), Text("—"), Text("—")]
        first = mask_ids(applicant.first_fix(lang)) or ("✓ " + blabel(lang, "ready"))
        level = applicant.fact("level") or ("—" if not applicant.scanned or applicant.facts_source != FACTS_NONE
                                            else blabel(lang, "no_facts"))
        table.add_row(str(number), applicant.label, level, *cells,
                      Text(_short(first), style="red" if applicant.faulty else "green"))
    return table


def _sep(lang: str) -> str:
    return ", " if lang == "en" else "、"


def _roster(console: Console, batch: BatchResult) -> None:
    roster = batch.roster
    if roster is None:
        return
    lang = batch.lang
    console.print(Text(blabel(lang, "roster_rows", rows=roster.rows, matched=roster.matched)
                       + f"  ({roster.path})", style="dim"))
    if roster.unmatched_rows:
        people = _sep(lang).join(f"{row['name']}（{blabel(lang, 'line_no', line=row['line'])}）"
                          for row in roster.unmatched_rows)
        console.print(Text(f"! {blabel(lang, 'unmatched_rows')}: {people}", style="yellow"))
    if roster.unmatched_applicants:
        console.print(Text(f"! {blabel(lang, 'unmatched_folders')}: " + _sep(lang).join(roster.unmatched_applicants),
                           style="yellow"))
    for entry, lines in roster.ambiguous.items():
        where = _sep(lang).join(blabel(lang, "line_no", line=line) for line in lines)
        console.print(Text(f"! {blabel(lang, 'ambiguous')}: {entry} → {where}", style="yellow"))
    if roster.id_lost_lines:
        where = _sep(lang).join(blabel(lang, "line_no", line=line) for line in roster.id_lost_lines)
        console.print(Text(f"! {blabel(lang, 'id_lost')}: {where}", style="yellow"))
    for line, entries in roster.shared_rows.items():
        console.print(Text(f"! {blabel(lang, 'shared')}: {blabel(lang, 'line_no', line=line)} → "
                           + _sep(lang).join(entries), style="yellow"))
