"""Source reader: the worksheets of an .xlsx (openpyxl read-only, values only), after the zip-bomb guard.

The one xlsx parse of a run: `document_grids(doc)` memoises the sheets on the Document, and both the pension
reader and the cheap text of `zccheck.content.quick_text` read them from there.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from zccheck.content.errors import ContentError, memoised_read
from zccheck.content.pension.guards import guard_zip, limited
from zccheck.content.pension.limits import MAX_COLS, MAX_ROWS
from zccheck.content.pension.model import Grid

if TYPE_CHECKING:
    from zccheck.inventory.document import Document

GRIDS_MEMO_KEY = "xlsx-grids"
"""The Document memo key of `document_grids` (kept for the run only: grids are not plain data)."""


def xlsx_grids(data: bytes) -> list[Grid]:
    """A Grid per worksheet (chart sheets skipped); ContentError "bomb" or "corrupt" on hostile or broken files."""
    guard_zip(data)
    import openpyxl

    from zccheck.content.quick_text import xlsx_errors

    DefusedXmlException: type[Exception]
    try:
        from defusedxml.common import DefusedXmlException
    except ImportError:  # pragma: no cover - declared dependency
        DefusedXmlException = ValueError

    grids: list[Grid] = []
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            for sheet in workbook.worksheets:
                if not hasattr(sheet, "iter_rows"):
                    continue
                cells = sheet.iter_rows(max_col=MAX_COLS, values_only=True)
                rows: list[list[Any]] = [list(row) for row in limited(cells, MAX_ROWS)]
                grids.append(Grid(str(sheet.title), rows))
        finally:
            workbook.close()
    except DefusedXmlException as exc:
        raise ContentError("bomb", f"unsafe XML: {exc}") from None
    except ContentError:
        raise
    except xlsx_errors() as exc:  # openpyxl's failures on a malformed workbook; our own bugs propagate
        raise ContentError("corrupt", f"{type(exc).__name__}: {exc}") from None
    return grids


def document_grids(doc: Document) -> list[Grid]:
    """`xlsx_grids` of a Document, parsed once per run and shared by every reader (errors too: a
    ContentError is memoised and raised again on each call)."""
    return memoised_read(doc, GRIDS_MEMO_KEY, xlsx_grids)
