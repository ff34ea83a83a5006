"""Source readers: HTML tables and XML Spreadsheet 2003 files, which government systems save as ".xls"."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

from zccheck.content.errors import ContentError
from zccheck.content.pension.guards import limited
from zccheck.content.pension.limits import MAX_COLS, MAX_ROWS
from zccheck.content.pension.model import Grid
from zccheck.content.pension.values import number

_SPREADSHEET_NS = "{urn:schemas-microsoft-com:office:spreadsheet}"
_LOOSE_TEXT_ENDS = ("p", "div", "h1", "h2", "h3", "h4", "table", "caption", "title")


class _TableParser(HTMLParser):
    """Rows of every HTML table in document order; text outside rows becomes one-cell rows."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[Any]] = []
        self._row: list[Any] | None = None
        self._cell: list[str] | None = None
        self._colspan = 1
        self._loose: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Open a row or cell (a cell's colspan remembered); a block tag ends loose text."""
        if tag in ("script", "style"):
            self._skip += 1
        elif tag == "tr":
            self.flush_loose()
            self._row = []
        elif tag in ("td", "th"):
            if self._row is None:
                self._row = []
            self._cell = []
            span = dict(attrs).get("colspan") or "1"
            self._colspan = min(int(span), 50) if span.isdigit() and int(span) > 0 else 1
        elif tag in ("br", "p", "div") and self._cell is None:
            self.flush_loose()

    def handle_endtag(self, tag: str) -> None:
        """Close a cell (padded for its colspan) or a row (kept up to MAX_ROWS × MAX_COLS)."""
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag in ("td", "th") and self._row is not None and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._row.extend([None] * (self._colspan - 1))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            if len(self.rows) < MAX_ROWS:
                self.rows.append(self._row[:MAX_COLS])
            self._row = None
        elif tag in _LOOSE_TEXT_ENDS:
            self.flush_loose()

    def handle_data(self, data: str) -> None:
        """Text goes to the open cell, else (outside rows) to the loose text; script/style text is dropped."""
        if self._skip:
            return
        if self._cell is not None:
            self._cell.append(data)
        elif self._row is None and data.strip():
            self._loose.append(data.strip())

    def flush_loose(self) -> None:
        """Emit the text gathered outside table rows as a one-cell row."""
        if self._loose:
            self.rows.append([" ".join(self._loose)])
            self._loose = []


def _decode_html(data: bytes) -> str:
    """HTML text in its declared charset, else UTF-8, else GB18030 (undecodable bytes replaced)."""
    head = data[:2048].lower()
    match = re.search(rb"charset=[\"']?([a-z0-9_-]+)", head)
    text = None
    if match:
        try:
            text = data.decode(match.group(1).decode("ascii"), errors="replace")
        except LookupError:
            text = None
    if text is None:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("gb18030", errors="replace")
    return text


def html_rows(data: bytes) -> list[list[Any]]:
    """Rows of all tables of an HTML page (colspan cells padded), with loose text as one-cell rows."""
    text = _decode_html(data)
    parser = _TableParser()
    try:
        parser.feed(text)
        parser.close()
    except (ValueError, AssertionError) as exc:
        raise ContentError("corrupt", f"html: {exc}") from None
    parser.flush_loose()
    return parser.rows


def _xml2003_cells(row: Any) -> list[Any]:
    """The cells of a <Row>, placed by ss:Index and padded after ss:MergeAcross; Number data as floats."""
    ns = _SPREADSHEET_NS
    cells: list[Any] = []
    for cell in row.iter(f"{ns}Cell"):
        index = cell.get(f"{ns}Index")
        if index and index.isdigit():
            cells.extend([None] * max(0, min(int(index), MAX_COLS) - 1 - len(cells)))
        data_el = cell.find(f"{ns}Data")
        value: Any = "".join(data_el.itertext()) if data_el is not None else None
        if data_el is not None and data_el.get(f"{ns}Type") == "Number":
            value = number(value) if number(value) is not None else value
        cells.append(value)
        across = cell.get(f"{ns}MergeAcross")
        if across and across.isdigit():
            cells.extend([None] * min(int(across), MAX_COLS))
    return cells[:MAX_COLS]


def xml2003_grids(data: bytes) -> list[Grid]:
    """A Grid per <Worksheet> of an XML Spreadsheet 2003 file (defusedxml: entity bombs are refused)."""
    from defusedxml import ElementTree
    from defusedxml.common import DefusedXmlException

    ns = _SPREADSHEET_NS
    try:
        root = ElementTree.fromstring(data)
    except DefusedXmlException as exc:
        raise ContentError("bomb", f"unsafe XML: {exc}") from None
    except (ElementTree.ParseError, ValueError, UnicodeError) as exc:  # malformed XML
        raise ContentError("corrupt", f"xml: {exc}") from None
    grids: list[Grid] = []
    for sheet in root.iter(f"{ns}Worksheet"):
        rows = [_xml2003_cells(row) for row in limited(sheet.iter(f"{ns}Row"), MAX_ROWS)]
        grids.append(Grid(sheet.get(f"{ns}Name") or "", rows))
    return grids
