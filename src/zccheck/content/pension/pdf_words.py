"""The words of PDF layout text: a line cut into cells, cells glued by tight columns split, words placed
under the header by position, and a header wrapped onto two lines joined."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from zccheck.content.pension.header import header_role
from zccheck.content.pension.values import clean

_GLUED = re.compile(r"\d{4}年\d{1,2}月(?:\d{1,2}日)?|\d{4}[-./]\d{1,2}(?:[-./]\d{1,2})?|\d+(?:\.\d+)?|\D+")
_WORD = re.compile(r"\S+")

Span = tuple[int, int]
"""Start and end character offsets of a word in a layout line."""


def line_cells(row: Sequence[Any]) -> list[Any]:
    """Cells of a PDF line (a one-cell row): runs of 2+ spaces, then single spaces, separate cells.

    A spaced-out label such as "单 位 名 称" stays one cell."""
    line = clean(row[0]) if row else ""
    cells: list[str] = []
    for chunk in re.split(r"\s{2,}", line):
        if not chunk:
            continue
        words = chunk.split()
        if len(words) > 1 and header_role("".join(words)) is not None and not all(
            len(word) >= 2 and header_role(word) is not None for word in words
        ):
            cells.append("".join(words))
        else:
            cells.extend(words)
    return cells


def split_glued(cells: Sequence[Any]) -> list[str]:
    """Words split where digits meet text: layout text glues cells that touch ("2024-01基本养老保险")."""
    return [m.group(0) for c in cells for m in _GLUED.finditer(clean(c))]


def word_spans(line: str) -> list[Span]:
    """Where each word of a layout line sits."""
    return [(m.start(), m.end()) for m in _WORD.finditer(line)]


def place_by_position(line: str, spans: Sequence[Span]) -> list[Any] | None:
    """Words of a layout line put under the header word nearest to them; None when two share a column."""
    values: list[Any] = [None] * len(spans)
    for match in _WORD.finditer(line):
        centre = (match.start() + match.end()) / 2
        column = min(range(len(spans)), key=lambda i: abs((spans[i][0] + spans[i][1]) / 2 - centre))
        if values[column] is not None:
            return None
        values[column] = match.group(0)
    return values


def merge_header_lines(top: str, bottom: str) -> list[str]:
    """Header labels of a PDF header whose cells wrap onto a second line, paired by horizontal overlap."""
    upper = [[m.start(), m.end(), m.group(0)] for m in _WORD.finditer(top)]
    lower = [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(bottom)]
    alone: list[list[Any]] = []
    for start, end, text in lower:
        def overlap(span: list[Any], start: int = start, end: int = end) -> int:
            return min(end, span[1]) - max(start, span[0])

        best = max(upper, key=overlap, default=None)
        if best is not None and overlap(best) > -2:
            best[2] += text
        else:
            alone.append([start, end, text])
    return [text for _s, _e, text in sorted(upper + alone)]
