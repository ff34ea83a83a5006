"""Property tests: whatever the bytes or cells, the pension reader raises nothing but ContentError, and
what it returns is well formed; the window analysis accounts for every window month."""

from __future__ import annotations

import csv
import io
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zccheck.content.errors import ContentError
from zccheck.content.pension import (
    MAX_YEAR,
    MIN_YEAR,
    PensionRecord,
    PensionRow,
    analyse,
    parse_month,
    parse_month_span,
    read_pension_record,
)
from zccheck.content.pension.model import Grid as _Grid
from zccheck.content.pension.record import build_record as _build_record

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

VOCABULARY = [
    "费款所属期",
    "缴费年月",
    "记账年月",
    "年月",
    "开始年月",
    "结束年月",
    "缴费月数",
    "单位名称",
    "参保单位",
    "险种",
    "险种类型",
    "缴费标志",
    "缴费状态",
    "到账情况",
    "缴费类型",
    "缴费基数",
    "个人缴费",
    "养老保险",
    "失业保险",
    "企业职工基本养老保险",
    "110",
    "已实缴",
    "欠费",
    "补缴",
    "退收",
    "10",
    "31",
    "1",
    "0",
    "至今",
    "姓名：张三",
    "身份证号：450102199001011234",
    "打印时间：2024-08-01",
    "柳州某某有限公司",
    "202401",
    "2024-02",
    "2024年3月",
    "202001-202312",
    "2024.1",
    "",
    " ",
    "合计",
    "第1页",
]
cell = st.one_of(
    st.none(),
    st.sampled_from(VOCABULARY),
    st.text(max_size=12),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)),
    st.booleans(),
)
grid = st.lists(st.lists(cell, max_size=9), max_size=25)


def _well_formed(record: PensionRecord) -> None:
    assert isinstance(record, PensionRecord)
    for row in record.rows:
        year, month = row.month
        assert MIN_YEAR <= year <= MAX_YEAR and 1 <= month <= 12
        assert isinstance(row.unit, str) and isinstance(row.insurance, str)
        assert row.paid in (True, False, None)


def _read(data: bytes) -> None:
    try:
        record = read_pension_record(data)
    except ContentError:
        return
    _well_formed(record)


@FAST
@given(st.binary(max_size=3000))
def test_arbitrary_bytes(data: bytes) -> None:
    _read(data)


@FAST
@given(
    st.sampled_from(
        [b"PK\x03\x04", b"%PDF-1.4\n", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"<table>", b"\xff\xfe"]
    ),
    st.binary(max_size=2000),
)
def test_bytes_behind_a_known_signature(head: bytes, tail: bytes) -> None:
    _read(head + tail)


@FAST
@given(grid, st.sampled_from([",", "\t", ";"]), st.sampled_from(["utf-8", "gb18030", "utf-8-sig"]))
def test_csv_of_arbitrary_cells(rows: list[list[object]], delimiter: str, encoding: str) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    for row in rows:
        writer.writerow(["" if c is None else str(c) for c in row])
    _read(buffer.getvalue().encode(encoding, errors="replace"))


@FAST
@given(grid, st.booleans())
def test_grids_of_arbitrary_cells(rows: list[list[object]], loose: bool) -> None:
    if loose:  # a PDF's lines
        rows = [["   ".join("" if c is None else str(c) for c in row)] for row in rows]
    try:
        record = _build_record([_Grid("养老", rows)], "test", loose)
    except ContentError:
        return
    _well_formed(record)


@SLOW
@given(grid)
def test_xlsx_of_arbitrary_cells(rows: list[list[object]]) -> None:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(
            [c if not isinstance(c, str) else "".join(ch for ch in c if ch.isprintable()) for c in row]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    _read(buffer.getvalue())


@FAST
@given(cell)
def test_month_parsers(value: object) -> None:
    month = parse_month(value)
    assert month is None or (MIN_YEAR <= month[0] <= MAX_YEAR and 1 <= month[1] <= 12)
    span = parse_month_span(value)
    assert span is None or span[1] is None or span[0] <= span[1]


months = st.tuples(st.integers(2018, 2026), st.integers(1, 12))
rows = st.lists(
    st.builds(
        PensionRow,
        month=months,
        unit=st.sampled_from(["甲公司", "甲有限责任公司", "乙公司", "", "甲有限公司"]),
        insurance=st.sampled_from(["企业职工基本养老保险", "失业保险", "", "110"]),
        paid=st.sampled_from([True, False, None]),
        backpaid=st.booleans(),
    ),
    max_size=40,
)


@FAST
@given(rows, months, st.sampled_from(["甲有限公司", "乙公司", None]), st.integers(1, 24), st.booleans())
def test_analysis_accounts_for_every_window_month(
    records: list[PensionRow], apply: tuple[int, int], unit: str | None, size: int, backpaid_counts: bool
) -> None:
    record = PensionRecord("张三", None, tuple(records), "test")
    result = analyse(record, apply, unit, size, backpaid_counts=backpaid_counts)
    assert len(result.window) == size and all(m < apply for m in result.window)
    other = {m for m, _u in result.other_months}
    for month in result.window:
        assert month in result.here_months or month in result.missing_months or month in other
        assert not (month in result.here_months and month in result.missing_months)
    assert len(result.strip) == 12
    assert result.complete == (not result.missing_months and not other)
