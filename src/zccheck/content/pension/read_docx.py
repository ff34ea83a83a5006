"""Source reader: a Word .docx (python-docx): its paragraphs, then its tables' rows."""

from __future__ import annotations

import io
from typing import Any

from zccheck.content.errors import ContentError
from zccheck.content.pension.guards import guard_zip
from zccheck.content.pension.limits import MAX_COLS, MAX_ROWS


def docx_rows(data: bytes) -> list[list[Any]]:
    """Paragraphs (title, person rows) as one-cell rows, then every table's rows."""
    guard_zip(data)
    import docx

    from zccheck.content.text import docx_errors

    try:
        document = docx.Document(io.BytesIO(data))
        rows: list[list[Any]] = [[p.text] for p in document.paragraphs if p.text.strip()]
        for table in document.tables:
            for row in table.rows:
                if len(rows) >= MAX_ROWS:
                    break
                rows.append([cell.text for cell in row.cells][:MAX_COLS])
    except docx_errors() as exc:  # python-docx/lxml's failures on broken files; our own bugs propagate
        raise ContentError("corrupt", f"{type(exc).__name__}: {exc}") from None
    return rows
