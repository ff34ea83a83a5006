"""Pension (养老保险) payment records: reading them from exports and statements, and judging the window of
months before the apply month.

Supported sources, recognised from their content (never trusted from the name alone):

* .xlsx (openpyxl read-only, values only; defusedxml guards the XML; the zip is checked for bombs first);
* .docx tables (python-docx), for records typed into Word;
* CSV / tab-separated text (UTF-8, UTF-8 with BOM, UTF-16 with BOM, GB18030; `,` `\\t` `;`);
* HTML tables and XML Spreadsheet 2003 files that government systems save with an ``.xls`` name;
* PDF statements with a text layer (pypdf layout text; each line's words are aligned to the header's
  columns by their kind: months, money, unit names, status words; cells glued by tight columns are split
  where digits meet text; a header or unit name wrapped onto a second line is joined).

A real legacy .xls (OLE2 compound file) is not read: ``ContentError("unsupported")`` lets the check ask for
an .xlsx. A PDF without text or an image raises ``ContentError("no-text")``.

The header row is found by synonyms anywhere in the first rows (title, person and stamp/print-time rows sit
above it); two-row headers ("养老保险" over "单位/个人") are combined. Four layouts are understood:
``long`` (a row per month, usually per insurance), ``range`` (开始年月 … 结束年月 per unit and insurance),
``wide`` (a row per month with a column group per insurance) and ``matrix`` (a row per year, a column per
month "1月" … "12月" holding a mark or an amount; in a PDF the marks are placed by their position under
the header). When both a period month (费款所属期) and a booking month (记账年月) exist, the period month is
used; a booking ``LATE_BOOKING_MONTHS`` or more after the period marks the month as back-paid.

Decisions worth knowing:
* a row with no status column counts as ``paid=None`` (listed but not stated), except when every amount on it
  is zero (``paid=False``);
* refund rows (退收/退费) are dropped;
* an empty unit or insurance cell under a filled one inherits it (merged cells read as empty);
* a record without an insurance column takes the insurance named in the title/sheet name, or "" (unknown);
* an open range (结束年月 "至今" or empty) ends at the print month written on the statement, else today.

Modules, from data to entry points:
  limits, vocabulary (data) · values, months (one cell) · model (Month, PensionRow, PensionRecord, Grid) ·
  guards, sniff (hostile input, format) · read_xlsx, read_csv, read_html_xml, read_docx, read_pdf (bytes →
  grids) · header, context, layouts, rows, pdf_words, pdf_align (grids → rows) · record (grids → record) ·
  reader (the entry points) · units, window (the six-month window at the applying unit).
"""

from __future__ import annotations

from zccheck.content.pension.guards import guard_zip
from zccheck.content.pension.header import MONTH_ROLES, header_role
from zccheck.content.pension.limits import (
    HEADER_SEARCH_ROWS,
    LATE_BOOKING_MONTHS,
    MAX_BYTES,
    MAX_COLS,
    MAX_PDF_PAGES,
    MAX_RANGE_MONTHS,
    MAX_ROWS,
    MAX_YEAR,
    MIN_YEAR,
    ZIP_MAX_MEMBERS,
    ZIP_MAX_RATIO,
    ZIP_MAX_TOTAL,
    ZIP_RATIO_MIN_SIZE,
)
from zccheck.content.pension.model import Month, PensionRecord, PensionRow, merge_records
from zccheck.content.pension.months import (
    format_month,
    month_add,
    month_diff,
    months_between,
    parse_month,
    parse_month_span,
)
from zccheck.content.pension.read_csv import decode_text
from zccheck.content.pension.reader import read_pension_document, read_pension_record
from zccheck.content.pension.sniff import sniff_format
from zccheck.content.pension.values import insurance_kind, insurance_name, parse_payment_type, parse_status
from zccheck.content.pension.vocabulary import INSURANCE_KINDS
from zccheck.content.pension.window import STRIP_STATES, WindowResult, analyse, pension_rows, window_months
from zccheck.rules.units import normalise_unit

__all__ = [
    "HEADER_SEARCH_ROWS",
    "INSURANCE_KINDS",
    "LATE_BOOKING_MONTHS",
    "MAX_BYTES",
    "MAX_COLS",
    "MAX_PDF_PAGES",
    "MAX_RANGE_MONTHS",
    "MAX_ROWS",
    "MAX_YEAR",
    "MIN_YEAR",
    "MONTH_ROLES",
    "STRIP_STATES",
    "ZIP_MAX_MEMBERS",
    "ZIP_MAX_RATIO",
    "ZIP_MAX_TOTAL",
    "ZIP_RATIO_MIN_SIZE",
    "Month",
    "PensionRecord",
    "PensionRow",
    "WindowResult",
    "analyse",
    "decode_text",
    "format_month",
    "guard_zip",
    "header_role",
    "insurance_kind",
    "insurance_name",
    "merge_records",
    "month_add",
    "month_diff",
    "months_between",
    "normalise_unit",
    "parse_month",
    "parse_month_span",
    "parse_payment_type",
    "parse_status",
    "pension_rows",
    "read_pension_document",
    "read_pension_record",
    "sniff_format",
    "window_months",
]
