"""Grids → a PensionRecord: each grid is walked row by row, finding header rows (again after a page break
or a second table), reading data rows under the current header, and gathering the text around them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from zccheck.content.errors import ContentError
from zccheck.content.pension.context import Person, context_insurance
from zccheck.content.pension.header import (
    Columns,
    combine_band,
    header_candidates,
    header_role,
    header_score,
    looks_like_header,
    looks_like_subheader,
)
from zccheck.content.pension.layouts import matrix_year_gap
from zccheck.content.pension.limits import HEADER_SEARCH_ROWS
from zccheck.content.pension.model import Grid, PensionRecord
from zccheck.content.pension.pdf_align import align
from zccheck.content.pension.pdf_words import (
    Span,
    line_cells,
    merge_header_lines,
    place_by_position,
    split_glued,
    word_spans,
)
from zccheck.content.pension.rows import Collected, extend_unit, is_continuation, parse_data_row
from zccheck.content.pension.values import clean

MIN_HEADER_SCORE = 2


def build_record(grids: Iterable[Grid], fmt: str, loose: bool) -> PensionRecord:
    """The record the grids of one source hold; ContentError "no-table" when no header row was found.

    `fmt` names the source format in `source_layout`; `loose` grids are PDF text, a line per row."""
    person = Person()
    collected = Collected()
    for grid in grids:
        _GridReader(grid, loose, person, collected).read()
    if collected.headers == 0:
        raise ContentError("no-table", "no header row with a month column was found")
    layouts = "+".join(dict.fromkeys(collected.layouts)) or "long"
    return PensionRecord(
        person_name=person.name,
        id_number=person.id_number,
        rows=tuple(collected.rows),
        source_layout=f"{fmt}:{layouts}",
        personal_number=person.personal_number,
        gap_ranges=tuple(collected.gaps),
    )


def _row_text(row: Sequence[Any]) -> str:
    return "  ".join(clean(c) for c in row if clean(c))


def _is_blank(cells: Sequence[Any]) -> bool:
    return not any(clean(c) for c in cells)


def _next_filled(rows: Sequence[Sequence[Any]], index: int) -> int | None:
    """The index of the next non-blank row within the two rows after `index`."""
    for following in range(index + 1, min(index + 3, len(rows))):
        if not _is_blank(rows[following]):
            return following
    return None


class _GridReader:
    """Reads one grid into `person` and `out`; the state of the table currently being read."""

    def __init__(self, grid: Grid, loose: bool, person: Person, out: Collected) -> None:
        self.grid = grid
        self.loose = loose
        self.person = person
        self.out = out
        self.rows = [line_cells(raw) if loose else list(raw) for raw in grid.rows]
        self.lines = [clean(raw[0]) if loose and raw else "" for raw in grid.rows]
        self.columns: Columns | None = None
        self.context_lines: list[str] = [grid.name]  # text since the last header (titles, person rows)
        self.context = ""  # the insurance the title above the current header names
        self.last: dict[str, str] = {}  # the unit and insurance of the data rows above
        self.previous: list[Any] | None = None  # the row above, maybe the upper half of a two-row header
        self.spans: list[Span] = []  # where the header words of a PDF matrix sit

    def read(self) -> None:
        """Walk the rows: data rows under the current header, else a (new) header, else surrounding text."""
        index = 0
        while index < len(self.rows):
            cells = self.rows[index]
            if not _is_blank(cells) and not self._data_row(index):
                header_end = self._header(index)
                if header_end is None:
                    self._other_line(cells)
                else:
                    index = header_end
            index += 1

    def _data_row(self, index: int) -> bool:
        """Read row `index` as a data row of the current table; False when it is none."""
        columns, cells = self.columns, self.rows[index]
        if columns is None:
            return False
        values = align(cells, columns) if self.loose else cells
        if values is None and self.loose:
            values = align(split_glued(cells), columns)
        if values is not None and self._parse(values, columns):
            self.previous = None  # a data row is never the upper half of a header
            return True
        if values is None and columns.layout == "matrix":
            placed = place_by_position(self.lines[index], self.spans) if self.spans else None
            if placed is not None and self._parse(placed, columns):
                return True
            gap = matrix_year_gap(cells)
            if gap is not None:
                self.out.gaps.append(gap)
                return True
        return False

    def _parse(self, values: Sequence[Any], columns: Columns) -> int:
        return parse_data_row(values, columns, self.context, self.person, self.last, self.out)

    def _header(self, index: int) -> int | None:
        """Start a new table when row `index` is a header; returns the header's last row index, else None."""
        cells = self.rows[index]
        if not (self.columns is not None or index < HEADER_SEARCH_ROWS) or not looks_like_header(cells):
            return None
        score, labels, roles = header_candidates(cells, None if self.loose else self.previous)
        following = _next_filled(self.rows, index)
        end = index
        if self.loose and score < MIN_HEADER_SCORE and following is not None and looks_like_subheader(
            self.rows[following]
        ):
            labels = merge_header_lines(self.lines[index], self.lines[following])
            roles = [header_role(label) for label in labels]
            score = header_score(roles)
            if score >= MIN_HEADER_SCORE:
                end = following
        if score < MIN_HEADER_SCORE:
            return None
        if not self.loose and following is not None and looks_like_subheader(self.rows[following]):
            band_labels, band_roles = combine_band(cells, self.rows[following])
            if header_score(band_roles) > score:
                labels, roles, end = band_labels, band_roles, following
        self._start_table(labels, roles, end)
        return end

    def _start_table(self, labels: list[str], roles: list[str | None], end: int) -> None:
        """Make `labels`/`roles` (the header ends at row `end`) current; the text above gives its context."""
        columns = Columns.build(labels, roles)
        spans = word_spans(self.lines[end]) if self.loose else []
        self.spans = spans if len(spans) == len(roles) else []
        self.columns = columns
        self.context = context_insurance(" ".join(self.context_lines))
        self.context_lines = [self.grid.name]
        self.last = {}
        self.out.headers += 1
        self.out.layouts.append(columns.layout)
        self.previous = self.rows[end]

    def _other_line(self, cells: list[Any]) -> None:
        """A title, person, footer or wrapped-unit line: its text feeds the person info and the context."""
        self.previous = cells
        text = _row_text(cells)
        self.person.update(text)
        if self.columns is not None and self.loose and self.out.last_added and is_continuation(
            cells, self.columns
        ):
            extend_unit(self.out, text, self.last)
        else:
            self.context_lines.append(text)
        self.out.last_added = 0
