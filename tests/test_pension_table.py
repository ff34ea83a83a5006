"""Reading pension records: the layouts real exports use, and bad input."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from typing import Any

import pytest

from zccheck.content.errors import ContentError
from zccheck.content.pension import (
    PensionRecord,
    header_role,
    insurance_kind,
    parse_month,
    parse_month_span,
    parse_payment_type,
    parse_status,
    read_pension_record,
    sniff_format,
)

ID = "450102199001011234"
UNIT = "柳州某某科技有限责任公司"


# --- helpers shared with the check tests (imported there) --------------------------------------------------


def make_xlsx(sheets: dict[str, list[list[Any]]], merges: dict[str, list[str]] | None = None) -> bytes:
    """An .xlsx with one worksheet per entry (rows as lists of cell values)."""
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
        for cell_range in (merges or {}).get(title, []):
            sheet.merge_cells(cell_range)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def make_pdf(lines: list[list[tuple[float, str]]], pages: int = 1) -> bytes:
    """A PDF whose lines are lists of (x, text) drawn with reportlab's built-in STSong-Light."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    per_page = max(1, -(-len(lines) // pages))
    for start in range(0, len(lines), per_page):
        y = 800.0
        for line in lines[start : start + per_page]:
            for x, text in line:
                pdf.setFont("STSong-Light", 8)
                pdf.drawString(x, y, text)
            y -= 13
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def guangxi_rows(
    months: list[int],
    unit: str = UNIT,
    insurance: str = "企业职工基本养老保险",
    status: str = "已实缴",
    kind: str = "正常应缴",
) -> list[list[Any]]:
    """Title, person and print-time rows above a 费款所属期 table, as Guangxi exports put them."""
    rows: list[list[Any]] = [
        ["广西壮族自治区社会保险个人缴费明细"],
        ["姓名：", "张三", "身份证号码：", ID, "个人编号：", "4501000123"],
        ["打印时间：2024-08-02", None, None, "经办机构：柳州市社会保险事业局"],
        [
            "序号",
            "费款所属期",
            "险种类型",
            "单位名称",
            "缴费基数",
            "个人缴费",
            "单位缴费",
            "缴费类型",
            "缴费标志",
        ],
    ]
    for i, month in enumerate(months, 1):
        rows.append([i, month, insurance, unit, 4000, 320, 640, kind, status])
    return rows


def months_of(record: PensionRecord, kind: str = "养老") -> list[tuple[int, int]]:
    return sorted({row.month for row in record.rows if row.kind == kind})


# --- value parsing ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (202403, (2024, 3)),
        (202403.0, (2024, 3)),
        ("202403", (2024, 3)),
        ("2024-03", (2024, 3)),
        ("2024.03", (2024, 3)),
        ("2024/3", (2024, 3)),
        ("2024年03月", (2024, 3)),
        ("2024年3月", (2024, 3)),
        ("２０２４年３月", (2024, 3)),
        ("2024-03-01 00:00:00", (2024, 3)),
        ("2024-03-01T00:00:00.000", (2024, 3)),
        ("20240315", (2024, 3)),
        (date(2024, 3, 9), (2024, 3)),
        (datetime(2024, 3, 9, 12, 0), (2024, 3)),
        (2024.03, (2024, 3)),
        (2024.1, (2024, 10)),
        ("2024.1", (2024, 1)),
        (202413, None),
        ("2024-13", None),
        (1, None),
        ("张三", None),
        (None, None),
        (True, None),
        (float("nan"), None),
        ("", None),
    ],
)
def test_parse_month(value: Any, expected: tuple[int, int] | None) -> None:
    assert parse_month(value) == expected


def test_parse_month_span() -> None:
    assert parse_month_span("202001-202312") == ((2020, 1), (2023, 12))
    assert parse_month_span("2020年01月至2023年12月") == ((2020, 1), (2023, 12))
    assert parse_month_span("2020.01-2023.12") == ((2020, 1), (2023, 12))
    assert parse_month_span("2020-01至今") == ((2020, 1), None)
    assert parse_month_span("2023-12-2020-01") is None  # end before start
    assert parse_month_span("2024-03") is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1, True),
        ("1", True),
        ("已实缴", True),
        ("已缴费", True),
        ("已到账", True),
        ("正常", True),
        ("已足额到账", True),
        (0, False),
        ("欠费", False),
        ("未缴", False),
        ("未到账", False),
        ("中断", False),
        ("未足额到账", False),
        ("暂停缴费", False),
        ("在途", None),
        ("", None),
        (None, None),
        ("xyz", None),
    ],
)
def test_parse_status(value: Any, expected: bool | None) -> None:
    assert parse_status(value) is expected


def test_payment_type_and_insurance_kind() -> None:
    assert parse_payment_type("10") == "normal"
    assert parse_payment_type("正常应缴") == "normal"
    assert parse_payment_type("补缴") == "backpaid"
    assert parse_payment_type("31") == "backpaid"
    assert parse_payment_type("中断补收") == "backpaid"
    assert parse_payment_type("退收") == "refund"
    assert parse_payment_type("") is None
    assert insurance_kind("企业职工基本养老保险") == "养老"
    assert insurance_kind("机关事业单位养老保险") == "养老"
    assert insurance_kind("110") == "养老"
    assert insurance_kind("失业保险") == "失业"
    assert insurance_kind("职工医保") == "医疗"
    assert insurance_kind("") == ""


@pytest.mark.parametrize(
    ("label", "role"),
    [
        ("费款所属期", "period"),
        ("对应费款所属期", "period"),
        ("所属期", "period"),
        ("年月", "month"),
        ("缴费年月", "month"),
        ("参保年月", "month"),
        ("缴费月份", "month"),
        ("记账年月", "booking"),
        ("单位名称", "unit"),
        ("参保单位名称", "unit"),
        ("参保单位", "unit"),
        ("缴费单位", "unit"),
        ("险种", "insurance"),
        ("险种类型", "insurance"),
        ("缴费标志", "status"),
        ("缴费状态", "status"),
        ("到账情况", "status"),
        ("缴费情况", "status"),
        ("缴费类型", "type"),
        ("缴费基数", "amount"),
        ("个人缴费", "amount"),
        ("单位缴费", "amount"),
        ("开始年月", "start"),
        ("结束年月", "end"),
        ("缴费月数", "count"),
        ("单 位 名 称", "unit"),
        ("缴费基数(元)", "amount"),
        ("姓名", "name"),
        ("身份证号码", "id"),
        ("广西壮族自治区社会保险个人缴费明细", None),
        ("2024年", None),
    ],
)
def test_header_roles(label: str, role: str | None) -> None:
    assert header_role(label) == role


# --- xlsx layouts ----------------------------------------------------------------------------------------


def test_guangxi_export_with_title_and_person_rows() -> None:
    data = make_xlsx({"Sheet1": guangxi_rows([202401, 202402, 202403, 202404, 202405, 202406, 202407])})
    record = read_pension_record(data, "养老保险.xlsx")
    assert record.person_name == "张三"
    assert record.id_number == ID
    assert record.personal_number == "4501000123"
    assert record.source_layout == "xlsx:long"
    assert months_of(record) == [(2024, m) for m in range(1, 8)]
    assert record.unit_names == (UNIT,)
    assert all(row.paid is True and not row.backpaid for row in record.rows)


def test_period_month_preferred_over_booking_month_and_late_booking_is_backpaid() -> None:
    rows = [
        ["姓名：李四  身份证号：" + ID],
        ["记账年月", "费款所属期", "险种", "单位名称", "缴费状态"],
        [202402, 202401, "企业职工基本养老保险", UNIT, "已到账"],
        [202403, 202402, "企业职工基本养老保险", UNIT, "已到账"],
        [202406, 202403, "企业职工基本养老保险", UNIT, "已到账"],  # booked three months late
    ]
    record = read_pension_record(make_xlsx({"明细": rows}))
    assert record.person_name == "李四"
    assert [(r.month, r.backpaid) for r in record.rows] == [
        ((2024, 1), False),
        ((2024, 2), False),
        ((2024, 3), True),
    ]


def test_range_form_with_month_count() -> None:
    rows = [
        ["广西壮族自治区社会保险个人参保证明"],
        ["姓名", "王五", "身份证号", ID],
        ["险种", "参保单位", "开始年月", "结束年月", "缴费月数"],
        ["企业职工基本养老保险", "旧单位有限公司", "2020-01", "2023-12", 48],
        ["企业职工基本养老保险", UNIT, "2024-01", "2024-07", 7],
        ["失业保险", UNIT, "2024-01", "2024-07", 7],
        ["企业职工基本养老保险", "另一单位", "2019-01", "2019-12", 10],
    ]
    record = read_pension_record(make_xlsx({"Sheet1": rows}))
    assert record.source_layout == "xlsx:range"
    assert record.person_name == "王五"
    pension = [r for r in record.rows if r.kind == "养老"]
    assert len(pension) == 48 + 7 + 12
    assert {r.unit for r in pension if r.month >= (2024, 1)} == {UNIT}
    assert record.gap_ranges == (((2019, 1), (2019, 12), 10, 12),)


def test_open_range_ends_at_print_month() -> None:
    rows = [
        ["打印日期：2024年08月05日"],
        ["险种", "单位名称", "起始年月", "截止年月"],
        ["企业职工基本养老保险", UNIT, "202403", "至今"],
    ]
    record = read_pension_record(make_xlsx({"Sheet1": rows}))
    assert months_of(record) == [(2024, m) for m in range(3, 9)]


def test_date_cells_and_float_months() -> None:
    rows = [
        ["缴费年月", "单位名称", "险种", "缴费情况"],
        [datetime(2024, 1, 1), UNIT, "企业职工基本养老保险", "已缴费"],
        [202402.0, UNIT, "企业职工基本养老保险", "已缴费"],
        ["2024年3月", UNIT, "企业职工基本养老保险", "欠费"],
        ["2024/4", UNIT, "企业职工基本养老保险", "1"],
    ]
    record = read_pension_record(make_xlsx({"Sheet1": rows}))
    assert [(r.month, r.paid) for r in record.rows] == [
        ((2024, 1), True),
        ((2024, 2), True),
        ((2024, 3), False),
        ((2024, 4), True),
    ]


def test_merged_unit_cells_are_inherited() -> None:
    rows = [
        ["参保单位名称", "所属期", "险种类型", "到账情况"],
        [UNIT, 202401, "企业职工基本养老保险", "已到账"],
        [None, 202402, "企业职工基本养老保险", "已到账"],
        [None, 202403, "企业职工基本养老保险", "已到账"],
    ]
    record = read_pension_record(make_xlsx({"Sheet1": rows}, merges={"Sheet1": ["A2:A4"]}))
    assert [r.unit for r in record.rows] == [UNIT] * 3


def test_two_row_wide_header_with_insurance_groups() -> None:
    rows = [
        ["姓名：赵六"],
        ["费款所属期", "单位名称", "养老保险", None, "失业保险", None],
        [None, None, "单位缴费", "个人缴费", "单位缴费", "个人缴费"],
        [202401, UNIT, 640, 320, 20, 10],
        [202402, UNIT, 0, 0, 20, 10],
    ]
    record = read_pension_record(make_xlsx({"Sheet1": rows}, merges={"Sheet1": ["C2:D2", "E2:F2"]}))
    assert record.source_layout == "xlsx:wide"
    pension = [(r.month, r.paid) for r in record.rows if r.kind == "养老"]
    assert pension == [((2024, 1), True), ((2024, 2), False)]
    assert {r.kind for r in record.rows} == {"养老", "失业"}


def test_insurance_from_title_when_no_insurance_column() -> None:
    rows = [["城镇职工基本养老保险个人缴费明细"], ["年月", "缴费单位", "缴费基数"], [202401, UNIT, 4000]]
    record = read_pension_record(make_xlsx({"Sheet1": rows}))
    assert record.rows[0].insurance == "城镇职工基本养老保险"
    assert record.rows[0].kind == "养老"
    assert record.rows[0].paid is None


def test_insurance_from_sheet_name_and_several_sheets() -> None:
    pension = [["缴费年月", "单位名称", "缴费状态"], [202401, UNIT, "已缴费"]]
    medical = [["缴费年月", "单位名称", "缴费状态"], [202401, UNIT, "已缴费"], [202402, UNIT, "已缴费"]]
    record = read_pension_record(make_xlsx({"养老保险": pension, "医疗保险": medical, "空表": []}))
    assert months_of(record) == [(2024, 1)]
    assert months_of(record, "医疗") == [(2024, 1), (2024, 2)]


def test_unit_from_person_rows_when_table_has_none() -> None:
    rows = [
        ["参保单位：" + UNIT],
        ["险种：企业职工基本养老保险"],
        ["缴费年月", "缴费基数", "个人缴费"],
        ["2024-01", 4000, 320],
    ]
    record = read_pension_record(make_xlsx({"Sheet1": rows}))
    assert record.rows[0].unit == UNIT
    assert record.rows[0].kind == "养老"


def test_backpaid_type_and_refund_rows() -> None:
    rows = [
        *guangxi_rows([202401]),
        [2, 202402, "企业职工基本养老保险", UNIT, 4000, 320, 640, "补缴", "已实缴"],
        [3, 202402, "企业职工基本养老保险", UNIT, -4000, -320, -640, "退收", "已实缴"],
    ]
    record = read_pension_record(make_xlsx({"Sheet1": rows}))
    assert [(r.month, r.backpaid) for r in record.rows] == [((2024, 1), False), ((2024, 2), True)]


def test_empty_sheet_and_header_absent() -> None:
    with pytest.raises(ContentError) as empty:
        read_pension_record(make_xlsx({"Sheet1": []}))
    assert empty.value.reason == "no-table"
    with pytest.raises(ContentError) as absent:
        read_pension_record(make_xlsx({"Sheet1": [["兹证明张三同志在我单位工作"], ["特此证明"]]}))
    assert absent.value.reason == "no-table"


def test_header_below_row_30_is_not_searched() -> None:
    rows: list[list[Any]] = [[f"说明第{i}行"] for i in range(40)] + [["缴费年月", "单位名称"], [202401, UNIT]]
    with pytest.raises(ContentError) as caught:
        read_pension_record(make_xlsx({"Sheet1": rows}))
    assert caught.value.reason == "no-table"


# --- other formats ---------------------------------------------------------------------------------------


def test_csv_in_gbk_with_tabs_and_semicolons() -> None:
    for delimiter in (",", "\t", ";"):
        text = delimiter.join(["缴费年月", "单位名称", "险种", "缴费标志"]) + "\r\n"
        text += delimiter.join(["2024-01", UNIT, "企业职工基本养老保险", "1"]) + "\r\n"
        text += delimiter.join(["2024-02", UNIT, "企业职工基本养老保险", "0"]) + "\r\n"
        record = read_pension_record(("姓名：张三\r\n" + text).encode("gbk"), "明细.csv")
        assert record.source_layout == "csv:long"
        assert [(r.month, r.paid) for r in record.rows] == [((2024, 1), True), ((2024, 2), False)]
        assert record.person_name == "张三"


def test_csv_utf8_bom_and_utf16() -> None:
    text = "费款所属期,单位名称,险种\n202401," + UNIT + ",110\n"
    assert read_pension_record(text.encode("utf-8-sig")).rows[0].kind == "养老"
    assert read_pension_record(text.replace(",", "\t").encode("utf-16")).rows[0].month == (2024, 1)


def test_html_table_saved_as_xls() -> None:
    html = (
        "<html><head><meta charset='gbk'></head><body><p>养老保险个人缴费明细</p>"
        "<table><tr><td>姓名：张三</td><td>身份证号：" + ID + "</td></tr></table>"
        "<table><tr><th>费款所属期</th><th>单位名称</th><th colspan='2'>缴费</th><th>到账标志</th></tr>"
        "<tr><td>202401</td><td>" + UNIT + "</td><td>640</td><td>320</td><td>已到账</td></tr></table>"
        "</body></html>"
    ).encode("gbk")
    record = read_pension_record(html, "明细.xls")
    assert record.source_layout == "html:long"
    assert record.person_name == "张三"
    assert record.rows[0].kind == "养老" and record.rows[0].paid is True


def test_xml_spreadsheet_2003() -> None:
    xml = (
        '<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
        'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="养老"><Table>'
        '<Row><Cell><Data ss:Type="String">缴费年月</Data></Cell>'
        '<Cell><Data ss:Type="String">单位名称</Data></Cell>'
        '<Cell><Data ss:Type="String">缴费状态</Data></Cell></Row>'
        '<Row><Cell><Data ss:Type="Number">202401</Data></Cell><Cell><Data ss:Type="String">'
        + UNIT
        + '</Data></Cell><Cell><Data ss:Type="String">已缴费</Data></Cell></Row>'
        "</Table></Worksheet></Workbook>"
    ).encode()
    record = read_pension_record(xml, "export.xls")
    assert record.source_layout == "xml2003:long"
    assert [(r.month, r.kind, r.paid) for r in record.rows] == [((2024, 1), "养老", True)]


def test_docx_table() -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("养老保险缴费明细  姓名：张三")
    table = document.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ["缴费年月", "单位名称", "缴费状态"], strict=True):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ["2024-01", UNIT, "已缴费"], strict=True):
        cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    record = read_pension_record(buffer.getvalue())
    assert record.source_layout == "docx:long"
    assert [(r.month, r.kind, r.paid) for r in record.rows] == [((2024, 1), "养老", True)]


def _statement_lines(months: list[int], unit_words: list[str]) -> list[list[tuple[float, str]]]:
    cols = [40, 100, 190, 330, 390, 440, 500]
    lines = [
        [(150, "广西壮族自治区社会保险个人缴费明细")],
        [(40, "姓名：张三"), (200, "身份证号：" + ID), (420, "个人编号：4501000123")],
        [
            (x, h)
            for x, h in zip(
                cols,
                ["费款所属期", "险种类型", "单位名称", "缴费基数", "个人缴费", "缴费类型", "到账标志"],
                strict=True,
            )
        ],
    ]
    for month in months:
        values = [
            str(month),
            "企业职工基本养老保险",
            " ".join(unit_words),
            "4000.00",
            "320.00",
            "正常应缴",
            "已到账",
        ]
        lines.append(list(zip(cols, values, strict=True)))
    lines.append([(250, "第 1 页 共 1 页")])
    return lines


def test_pdf_statement_with_text_layer() -> None:
    data = make_pdf(_statement_lines([202401, 202402, 202403], ["柳州某某", "科技有限责任公司"]))
    record = read_pension_record(data, "缴费明细.pdf")
    assert record.source_layout == "pdf:long"
    assert record.person_name == "张三"
    assert record.id_number == ID
    assert months_of(record) == [(2024, 1), (2024, 2), (2024, 3)]
    assert {r.unit.replace(" ", "") for r in record.rows} == {UNIT}
    assert all(r.paid is True for r in record.rows)


def test_pdf_statement_over_two_pages_repeats_header() -> None:
    lines = _statement_lines(list(range(202301, 202313)) + list(range(202401, 202408)), [UNIT])
    header = lines[2]
    lines = [*lines[:12], header, *lines[12:]]
    record = read_pension_record(make_pdf(lines, pages=2))
    assert len(months_of(record)) == 19


def test_pdf_range_statement() -> None:
    lines = [
        [(150, "参保缴费证明")],
        [(40, "姓名：张三")],
        [(40, "险种"), (160, "参保单位"), (330, "开始年月"), (400, "结束年月"), (470, "缴费月数")],
        [(40, "企业职工基本养老保险"), (160, UNIT), (330, "2023-01"), (400, "2024-07"), (470, "19")],
    ]
    record = read_pension_record(make_pdf(lines))
    assert record.source_layout == "pdf:range"
    assert months_of(record) == [(2023, m) for m in range(1, 13)] + [(2024, m) for m in range(1, 8)]


def test_pdf_header_wrapped_onto_two_lines() -> None:
    cols = [40, 100, 190, 330, 390, 440, 500]
    lines = [
        [(40, "姓名：张三")],
        [
            (40, "费款"),
            (100, "险种"),
            (190, "单位名称"),
            (330, "缴费"),
            (390, "个人"),
            (440, "缴费"),
            (500, "到账"),
        ],
        [(40, "所属期"), (100, "类型"), (330, "基数"), (390, "缴费"), (440, "类型"), (500, "标志")],
    ]
    for month in (202401, 202402):
        values = [str(month), "企业职工基本养老保险", UNIT, "4000.00", "320.00", "正常应缴", "已到账"]
        lines.append(list(zip(cols, values, strict=True)))
    record = read_pension_record(make_pdf(lines))
    assert [(r.month, r.unit, r.paid) for r in record.rows] == [
        ((2024, 1), UNIT, True),
        ((2024, 2), UNIT, True),
    ]


def test_pdf_cells_glued_by_tight_columns() -> None:
    cols = [40, 80, 170, 290, 320, 350]
    lines = [
        [(40, "姓名：张三 身份证号码：" + ID)],
        list(zip(cols, ["缴费年月", "险种", "参保单位名称", "基数", "状态", "类型"], strict=True)),
    ]
    for month, kind in (("2024-01", "正常"), ("2024-02", "正常"), ("2024-03", "补缴")):
        values = [month, "基本养老保险", "广西 柳州 某某有限公司", "3500", "足额到账", kind]
        lines.append(list(zip(cols, values, strict=True)))
    record = read_pension_record(make_pdf(lines))
    assert [(r.month, r.kind, r.paid, r.backpaid) for r in record.rows] == [
        ((2024, 1), "养老", True, False),
        ((2024, 2), "养老", True, False),
        ((2024, 3), "养老", True, True),
    ]
    assert record.unit_names == ("广西 柳州 某某有限公司",)


def test_pdf_unit_name_wrapped_onto_the_next_line() -> None:
    cols = [40, 100, 200, 330, 400]
    lines = [list(zip(cols, ["费款所属期", "险种", "单位名称", "缴费基数", "到账标志"], strict=True))]
    for month in ("202401", "202402"):
        values = [month, "企业职工基本养老保险", "柳州某某科技", "4000", "已到账"]
        lines.append(list(zip(cols, values, strict=True)))
        lines.append([(200, "有限责任公司")])
    lines.append([(250, "第 1 页")])
    record = read_pension_record(make_pdf(lines))
    assert [(r.month, r.unit) for r in record.rows] == [((2024, 1), UNIT), ((2024, 2), UNIT)]


def test_year_by_month_matrix_in_xlsx() -> None:
    rows = [
        ["参保单位：" + UNIT],
        ["险种", "年度", *[f"{m}月" for m in range(1, 13)]],
        ["企业职工基本养老保险", 2023, *(["√"] * 12)],
        ["企业职工基本养老保险", "2024年", "√", "√", "×", "√", 4000, 0, "-", None, None, None, None, None],
    ]
    record = read_pension_record(make_xlsx({"Sheet1": rows}))
    assert record.source_layout == "xlsx:matrix"
    got = {r.month: r.paid for r in record.rows if r.month >= (2024, 1)}
    assert got == {
        (2024, 1): True,
        (2024, 2): True,
        (2024, 3): False,
        (2024, 4): True,
        (2024, 5): True,
        (2024, 6): False,
    }
    assert len([r for r in record.rows if r.month[0] == 2023]) == 12
    assert {r.unit for r in record.rows} == {UNIT}


def test_year_by_month_matrix_in_pdf_places_marks_by_position() -> None:
    lines = [
        [(40, "养老保险缴费情况")],
        [(40, "年度")] + [(80 + i * 35, f"{i + 1}月") for i in range(12)],
        [(40, "2024")] + [(80 + i * 35, "√") for i in range(7)],
        [(40, "2023")] + [(80 + i * 35, "√") for i in range(12) if i != 3],
    ]
    record = read_pension_record(make_pdf(lines))
    assert record.source_layout == "pdf:matrix"
    months = sorted(r.month for r in record.rows)
    assert (2023, 4) not in months and (2023, 5) in months
    assert months[-1] == (2024, 7) and len(months) == 18
    assert all(r.kind == "养老" for r in record.rows)


def test_scanned_pdf_and_image_have_no_text() -> None:
    from PIL import Image
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.rect(50, 50, 200, 200, fill=1)
    pdf.save()
    with pytest.raises(ContentError) as scan:
        read_pension_record(buffer.getvalue())
    assert scan.value.reason == "no-text"
    image = io.BytesIO()
    Image.new("RGB", (20, 20), "white").save(image, "PNG")
    with pytest.raises(ContentError) as picture:
        read_pension_record(image.getvalue())
    assert picture.value.reason == "no-text"


# --- bad input -------------------------------------------------------------------------------------------


def test_legacy_xls_is_unsupported() -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    assert sniff_format(ole) == "xls"
    with pytest.raises(ContentError) as caught:
        read_pension_record(ole, "明细.xls")
    assert caught.value.reason == "unsupported"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (bytes(range(256)) * 8, "corrupt"),
        (b"PK\x03\x04" + b"\x00" * 100, "corrupt"),
        (b"%PDF-1.7\n garbage that is no pdf", "corrupt"),
        (b"just,some\ntext,here\n", "no-table"),
    ],
    ids=["empty", "blank", "binary", "broken-zip", "broken-pdf", "text"],
)
def test_garbage_bytes(data: bytes, reason: str) -> None:
    with pytest.raises(ContentError) as caught:
        read_pension_record(data)
    assert caught.value.reason == reason


def test_truncated_xlsx_is_corrupt() -> None:
    data = make_xlsx({"Sheet1": guangxi_rows([202401])})
    with pytest.raises(ContentError) as caught:
        read_pension_record(data[: len(data) // 2])
    assert caught.value.reason == "corrupt"


def test_xlsx_zip_bomb_is_refused() -> None:
    data = make_xlsx({"Sheet1": guangxi_rows([202401])})
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\x00" * (8 * 1024 * 1024))
    with pytest.raises(ContentError) as caught:
        read_pension_record(buffer.getvalue())
    assert caught.value.reason == "bomb"


def test_xlsx_with_too_many_members_is_refused() -> None:
    buffer = io.BytesIO(make_xlsx({"Sheet1": guangxi_rows([202401])}))
    with zipfile.ZipFile(buffer, "a") as archive:
        for i in range(2001):
            archive.writestr(f"xl/extra/{i}.xml", b"")
    with pytest.raises(ContentError) as caught:
        read_pension_record(buffer.getvalue())
    assert caught.value.reason == "bomb"


def test_xml_entity_bomb_is_refused() -> None:
    xml = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
        b'<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet><Table><Row><Cell>'
        b"<Data>&lol2;</Data></Cell></Row></Table></Worksheet></Workbook>"
    )
    with pytest.raises(ContentError) as caught:
        read_pension_record(xml)
    assert caught.value.reason == "bomb"
