"""The batch as an Excel workbook for the HR office: 汇总 (summary), 材料矩阵 (applicant × item), 问题清单 (findings).

Every sheet has a frozen header row and an autofilter; column widths follow the content (CJK characters
count double); long texts wrap. ID numbers are masked in every cell, and no cell is ever written as a
formula (file names are applicants' free text). The file is written to a temporary name and moved into
place, so a half-written workbook never replaces a good one.
"""

from __future__ import annotations

import os
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

from zccheck.batch.model import NO_MATERIALS, BatchResult, status_hint, status_label
from zccheck.masking import mask_ids
from zccheck.reporters.batch_fixit import file_mode
from zccheck.reporters.batch_labels import blabel, interrupted_line, item_mark, threshold_lines

_MARK_FILLS = {"✓": "C6EFCE", "✗": "FFC7CE", "!": "FFEB9C", "?": "E4DFEC", "n/a": "EDEDED"}
_SEVERITY_FILLS = {"error": "FFC7CE", "warning": "FFEB9C", "review": "E4DFEC", "info": "DDEBF7"}
_HEADER_FILL = "D9E1F2"
_WRAP_COLUMNS_WIDTH = 60
_MIN_WIDTH, _MAX_WIDTH = 5, 60


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


class _Sheet:
    """A worksheet written row by row, tracking column widths."""

    def __init__(self, sheet: Any, header: list[str], wrap: set[int] | None = None,
                 max_widths: dict[int, int] | None = None) -> None:
        from openpyxl.styles import Alignment, Font, PatternFill

        self.sheet = sheet
        self.wrap = wrap or set()
        self.max_widths = max_widths or {}
        self.widths = [_display_width(h) + 2 for h in header]
        self._wrapped: dict[int, list[tuple[int, str]]] = {}
        self.header_row = sheet.max_row + 1 if sheet.max_row > 1 or sheet["A1"].value is not None else 1
        self._alignment = Alignment
        self._fill = PatternFill
        for col, title in enumerate(header, 1):
            cell = sheet.cell(row=self.header_row, column=col, value=title)
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor=_HEADER_FILL)
            cell.alignment = Alignment(vertical="center", wrap_text=True)
        self.row = self.header_row

    def add(self, values: list[Any], fills: dict[int, str] | None = None) -> int:
        """Append a row; `fills` maps 1-based columns to fill colours. Returns the row number."""
        self.row += 1
        for col, value in enumerate(values, 1):
            cell = self.sheet.cell(row=self.row, column=col)
            if isinstance(value, str):
                value = mask_ids(value)
                cell.value = value
                cell.data_type = "s"  # never a formula, whatever the text starts with
            else:
                cell.value = value
            text = "" if value is None else str(value)
            limit = self.max_widths.get(col, _MAX_WIDTH)
            self.widths[col - 1] = max(self.widths[col - 1], min(_display_width(text) + 2, limit))
            if col in self.wrap:
                cell.alignment = self._alignment(wrap_text=True, vertical="top")
                if text:
                    self._wrapped.setdefault(self.row, []).append((col, text))
            if fills and col in fills:
                cell.fill = self._fill("solid", fgColor=fills[col])
                if col not in self.wrap:
                    cell.alignment = self._alignment(horizontal="center")
        return self.row

    def finish(self, freeze_col: str = "B") -> None:
        """Freeze the header (and the first column), filter the table, set the widths."""
        from openpyxl.utils import get_column_letter

        last = get_column_letter(len(self.widths))
        self.sheet.freeze_panes = f"{freeze_col}{self.header_row + 1}"
        self.sheet.auto_filter.ref = f"A{self.header_row}:{last}{max(self.row, self.header_row)}"
        final = [max(_MIN_WIDTH, min(width, _MAX_WIDTH)) for width in self.widths]
        for col, width in enumerate(final, 1):
            self.sheet.column_dimensions[get_column_letter(col)].width = width
        for row, cells in self._wrapped.items():  # spreadsheet programs do not grow rows for wrapped text
            lines = max(sum(-(-_display_width(part) // max(final[col - 1] - 1, 1)) or 1 for part in text.split("\n"))
                        for col, text in cells)
            if lines > 1:
                self.sheet.row_dimensions[row].height = 15 * min(lines, 30)


def write(batch: BatchResult, path: str | Path) -> Path:
    """Write the workbook to `path` (atomically); return the path."""
    batch = batch.masked()
    from openpyxl import Workbook

    workbook = Workbook()
    summary_sheet = workbook.active
    summary_sheet.title = blabel(batch.lang, "sheet.summary")
    _summary(batch, summary_sheet)
    _matrix(batch, workbook.create_sheet(blabel(batch.lang, "sheet.matrix")))
    _findings(batch, workbook.create_sheet(blabel(batch.lang, "sheet.findings")))
    target = Path(path)
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=".zccheck-", suffix=".xlsx")
    os.close(handle)
    try:
        workbook.save(temp)
        os.chmod(temp, file_mode())
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return target


def _summary(batch: BatchResult, sheet: Any) -> None:
    from openpyxl.styles import Font, PatternFill

    lang = batch.lang
    summary = batch.summary()
    sheet["A1"] = (f"{blabel(lang, 'rate')} {summary['fault_rate'] * 100:.1f}%  —  "
                   f"{blabel(lang, 'applicants_n', n=summary['applicants'])} · "
                   f"{blabel(lang, 'faulty_n', k=summary['with_errors'])}  ·  {batch.checklist.get('title', '')}")
    stopped = interrupted_line(batch)
    if stopped:
        sheet["A1"] = f"{stopped}  ·  {sheet['A1'].value}"
    sheet["A1"].font = Font(bold=True, size=13, color="9C0006" if stopped else None)
    sentences = threshold_lines(summary, lang)
    sheet["A2"] = "    ".join(("✗ " if reached else "✓ ") + text for text, reached in sentences)
    if any(reached for _, reached in sentences):
        sheet["A2"].fill = PatternFill("solid", fgColor=_MARK_FILLS["✗"])
        sheet["A2"].font = Font(bold=True, color="9C0006")
    roster = batch.roster is not None
    header = [blabel(lang, k) for k in ("index", "applicant", "name", "id_number", "level", "industry", "route",
                                        "unit", "facts")]
    if roster:
        header.append(blabel(lang, "roster"))
    header += [blabel(lang, k) for k in ("status", "errors", "warnings", "reviews", "files", "verdict",
                                         "first_fix")]
    first_fix_col = len(header)
    table = _Sheet(sheet, header, wrap={first_fix_col}, max_widths={first_fix_col: _WRAP_COLUMNS_WIDTH})
    ambiguous = batch.roster.ambiguous if batch.roster else {}
    for number, applicant in enumerate(batch.applicants, 1):
        row = [number, applicant.label, applicant.fact("name"), applicant.fact("id_number"),
               applicant.fact("level"), applicant.fact("industry"), applicant.fact("route"), applicant.fact("unit"),
               blabel(lang, f"facts.{applicant.facts_source}") if applicant.scanned else None]
        if roster:
            if applicant.roster_line is not None:
                row.append(blabel(lang, "line_no", line=applicant.roster_line))
            elif applicant.entry in ambiguous:
                row.append(blabel(lang, "ambiguous"))
            else:
                row.append("—")
        scanned = applicant.scanned
        verdict = blabel(lang, applicant.verdict())
        row += [status_label(applicant.status, lang), applicant.count("errors") if scanned else None,
                applicant.count("warnings") if scanned else None, applicant.count("reviews") if scanned else None,
                (applicant.result or {}).get("summary", {}).get("files") if scanned else None, verdict,
                applicant.first_fix(lang)]
        status_col = header.index(blabel(lang, "status")) + 1
        fills = {status_col + 5: _MARK_FILLS["✗" if applicant.faulty else "✓"]}
        if applicant.status != "checked":
            fills[status_col] = _MARK_FILLS["✗"]
        table.add(row, fills)
    if batch.roster is not None:
        for person in batch.roster.unmatched_rows:
            row = [None, None, person.get("name"), person.get("id_number"), None, None, None, person.get("unit"),
                   blabel(lang, "facts.roster"), blabel(lang, "line_no", line=person["line"]),
                   status_label(NO_MATERIALS, lang), None, None, None, None, None, status_hint(NO_MATERIALS, lang)]
            table.add(row, {header.index(blabel(lang, "status")) + 1: _MARK_FILLS["!"]})
    table.finish(freeze_col="C")


def _matrix(batch: BatchResult, sheet: Any) -> None:
    lang = batch.lang
    items: list[tuple[str, str]] = []
    for applicant in batch.applicants:
        if applicant.result is not None:
            items = [(entry["item"], entry["name"]) for entry in applicant.result.get("items", [])]
            break
    header = [blabel(lang, "applicant"), blabel(lang, "status"), *(name for _, name in items)]
    table = _Sheet(sheet, header, max_widths={c: 14 for c in range(3, len(header) + 1)})
    table.widths[2:] = [min(max(_display_width(name) // 2 + 2, 8), 14) for _, name in items]
    for applicant in batch.applicants:
        if applicant.result is None:
            table.add([applicant.label, status_label(applicant.status, lang), *([None] * len(items))],
                      {2: _MARK_FILLS["✗"]})
            continue
        findings = applicant.result.get("findings", [])
        marks = {entry["item"]: item_mark(entry, findings) for entry in applicant.result.get("items", [])}
        state = (blabel(lang, applicant.verdict()) if applicant.status == "checked"
                 else status_label(applicant.status, lang))
        values = [applicant.label, state, *(marks.get(i, "") for i, _ in items)]
        fills = {col: _MARK_FILLS[mark] for col, mark in enumerate(values[2:], 3) if mark in _MARK_FILLS}
        fills[2] = _MARK_FILLS["✗" if applicant.faulty else "✓"]
        table.add(values, fills)
    sheet.row_dimensions[table.header_row].height = 45
    table.finish(freeze_col="C")
    legend_row = table.row + 2
    sheet.cell(row=legend_row, column=1, value=blabel(lang, "legend"))
    for col, (item_id, _) in enumerate(items, 3):
        sheet.cell(row=legend_row + 1, column=col, value=item_id).data_type = "s"


def _findings(batch: BatchResult, sheet: Any) -> None:
    lang = batch.lang
    header = [blabel(lang, k) for k in ("applicant", "name", "severity", "item", "path", "message", "hint",
                                        "source", "code")]
    wrap = {5, 6, 7}
    table = _Sheet(sheet, header, wrap=wrap, max_widths={5: 40, 6: _WRAP_COLUMNS_WIDTH, 7: _WRAP_COLUMNS_WIDTH})
    for applicant in batch.applicants:
        if applicant.result is None or applicant.problem is not None:
            detail = (applicant.problem or {}).get("detail") or ""
            table.add([applicant.label, applicant.fact("name"), blabel(lang, "sev.error"), None, None,
                       status_label(applicant.status, lang) + (f"：{detail}" if detail else ""),
                       status_hint(applicant.status, lang), None, applicant.status], {3: _SEVERITY_FILLS["error"]})
            if applicant.result is None:
                continue
        names = {entry["item"]: entry["name"] for entry in applicant.result.get("items", [])}
        for finding in applicant.result.get("findings", []):
            severity = finding.get("severity", "")
            table.add([applicant.label, applicant.fact("name"), blabel(lang, f"sev.{severity}"),
                       names.get(finding.get("item"), finding.get("item")), finding.get("path"),
                       finding.get("message"), finding.get("hint"), finding.get("source"), finding.get("code")],
                      {3: _SEVERITY_FILLS.get(severity, _HEADER_FILL)})
    table.finish(freeze_col="B")
