"""The entry points: bytes (or a Document) → PensionRecord, dispatching on the sniffed format."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from zccheck.content.errors import ContentError, memoised_read
from zccheck.content.pension.limits import MAX_BYTES
from zccheck.content.pension.model import Grid, PensionRecord
from zccheck.content.pension.read_csv import csv_rows
from zccheck.content.pension.read_docx import docx_rows
from zccheck.content.pension.read_html_xml import html_rows, xml2003_grids
from zccheck.content.pension.read_pdf import pdf_rows
from zccheck.content.pension.read_xlsx import document_grids, xlsx_grids
from zccheck.content.pension.record import build_record
from zccheck.content.pension.sniff import sniff_format

if TYPE_CHECKING:
    from zccheck.inventory.document import Document

MEMO_KEY = "pension-record"
"""The Document memo key under which `read_pension_document` keeps its result."""

# Formats read as several named sheets, and formats read as one table named after the file.
_SHEET_READERS: dict[str, Callable[[bytes], list[Grid]]] = {"xlsx": xlsx_grids, "xml2003": xml2003_grids}
_TABLE_READERS = {"csv": csv_rows, "docx": docx_rows, "html": html_rows, "pdf": pdf_rows}
_LOOSE_FORMATS = frozenset({"pdf"})  # text lines whose words are aligned to the header's columns


def read_pension_record(data: bytes, name: str = "", sheets: Callable[[], list[Grid]] | None = None) -> PensionRecord:
    """Parse a pension record from `data`; raises ContentError.

    `name` (the file name) is read like a sheet name: "养老保险明细.csv" says which insurance rows are.
    `sheets`, when given, returns the workbook's sheets already parsed (an .xlsx Document's shared parse).
    """
    if not data or not data.strip():
        raise ContentError("empty", "no bytes")
    if len(data) > MAX_BYTES:
        raise ContentError("too-large", f"{len(data)} bytes")
    fmt = sniff_format(data)
    if fmt == "xlsx" and sheets is not None:
        grids = sheets()
    elif fmt in _SHEET_READERS:
        grids = _SHEET_READERS[fmt](data)
    elif fmt in _TABLE_READERS:
        grids = [Grid(name, _TABLE_READERS[fmt](data))]
    elif fmt == "xls":
        raise ContentError("unsupported", "legacy .xls (or a password-protected Office file)")
    elif fmt in ("binary", "broken-zip"):
        raise ContentError("corrupt", fmt)
    elif fmt == "image":
        raise ContentError("no-text", "an image")
    else:
        raise ContentError("unsupported", fmt)
    return build_record(grids, fmt, fmt in _LOOSE_FORMATS)


def read_pension_document(doc: Document) -> PensionRecord:
    """`read_pension_record` of a Document, memoised on it (errors too, re-raised on each call)."""

    return memoised_read(doc, MEMO_KEY, lambda data: read_pension_record(
        data, doc.name, sheets=lambda: document_grids(doc)))
