"""The pension-record check on generated exports: pass, each failure, bad input, and what details carry."""

from __future__ import annotations

import io
import string
import zipfile
from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest

from test_pension_table import ID, UNIT, guangxi_rows, make_pdf, make_xlsx
from zccheck.catalogue import CATALOGUE
from zccheck.checklist.model import Checklist, Deadlines, ItemSpec, Section
from zccheck.checks import pension
from zccheck.checks.base import CheckContext
from zccheck.classify.model import Classification
from zccheck.conditions import ALWAYS
from zccheck.facts import Facts
from zccheck.findings import Problem
from zccheck.inventory.document import Document

TZ = timezone(timedelta(hours=8))
APPLY = date(2024, 8, 15)
SIX = [202402, 202403, 202404, 202405, 202406, 202407]


def make_checklist() -> Checklist:
    items = {
        item_id: ItemSpec(
            id=item_id,
            name_zh=name,
            name_en=item_id,
            section="6-2",
            presence="required",
            when=ALWAYS,
            keywords=(name,),
            source="§三.1(6)",
        )
        for item_id, name in (
            ("pension-record", "养老保险缴费记录"),
            ("unit-change-explanation", "单位变动情况说明"),
        )
    }
    return Checklist(
        id="test",
        title_zh="测试",
        title_en="test",
        path="test.toml",
        region="r",
        year=2024,
        series="工程系列",
        notice="n",
        sections=(Section("6-2", "个人社保缴纳记录", "Social insurance"),),
        items=items,
        checks=(),
        deadlines=Deadlines(
            datetime(2024, 9, 6, 17, tzinfo=TZ),
            datetime(2024, 9, 7, tzinfo=TZ),
            datetime(2024, 9, 30, 17, tzinfo=TZ),
        ),
        fees={},
        max_file_mb=10,
        upload_formats=("pdf", "jpg"),
        readable_formats=("xlsx",),
    )


CHECKLIST = make_checklist()


def make_doc(rel_path: str, data: bytes, kind: str, read_error: str | None = None) -> Document:
    suffix = rel_path.rsplit(".", 1)[-1].lower()
    return Document(
        rel_path=rel_path,
        size=len(data),
        kind=kind,
        extension_kind=suffix,
        sha256=None,
        _reader=lambda: data,
        read_error=read_error,
    )


def run(
    docs: list[Document],
    *,
    unit: str | None = UNIT,
    explanation: bool = False,
    options: dict[str, Any] | None = None,
    apply: date = APPLY,
    flags: dict[str, bool] | None = None,
) -> list[Problem]:
    by_item = {"pension-record": docs}
    if explanation:
        by_item["unit-change-explanation"] = [make_doc("单位变动情况说明.pdf", b"%PDF-1.4", "pdf")]
    ctx = CheckContext(
        facts=Facts(name="张三", unit=unit, apply_date=apply, flags=flags or {}),
        checklist=CHECKLIST,
        as_of=apply,
        documents=docs,
        classification=Classification(by_item=by_item),
        item=CHECKLIST.items["pension-record"],
        item_documents=docs,
    )
    problems = list(pension.check(ctx, {**pension.DEFAULTS, **(options or {})}))
    for problem in problems:  # every code is catalogued and every template field is filled
        spec = CATALOGUE[problem.code]
        for template in (spec.message_zh, spec.message_en, spec.hint_zh, spec.hint_en):
            fields = {name for _t, name, _f, _c in string.Formatter().parse(template) if name}
            assert fields <= set(problem.params), (problem.code, fields - set(problem.params))
    return problems


def xlsx_doc(months: list[int], name: str = "养老保险缴费明细.xlsx", **kwargs: Any) -> Document:
    return make_doc(name, make_xlsx({"Sheet1": guangxi_rows(months, **kwargs)}), "xlsx")


def codes(problems: list[Problem]) -> list[str]:
    return [p.code for p in problems]


def by_code(problems: list[Problem], code: str) -> Problem:
    return next(p for p in problems if p.code == code)


def test_six_paid_months_pass_with_a_summary() -> None:
    problems = run([xlsx_doc([202401, *SIX, 202408])])
    assert codes(problems) == ["pension-summary"]
    summary = problems[0]
    assert summary.path == "养老保险缴费明细.xlsx"
    assert summary.details["paid_months"] == [
        "2024-02",
        "2024-03",
        "2024-04",
        "2024-05",
        "2024-06",
        "2024-07",
    ]
    assert summary.details["missing_months"] == []
    assert summary.details["person_name"] == "张三"
    assert summary.details["id_number_masked"] == "450*************34"
    assert ID not in str(summary.details)
    assert summary.details["strip"][-1] == ["2024-07", "here"]
    assert len(summary.details["strip"]) == 12
    assert summary.params["count"] == 6


def test_missing_months_are_an_error_listing_them() -> None:
    problems = run([xlsx_doc([202402, 202403, 202405, 202407])])
    missing = by_code(problems, "pension-months-missing")
    assert missing.details["missing_months"] == ["2024-04", "2024-06"]
    assert missing.params["months"] == "2024-04、2024-06"
    assert missing.item is None  # the item the check runs for


def test_record_that_ends_early() -> None:
    problems = run([xlsx_doc([202401, 202402, 202403, 202404, 202405])])
    assert {"pension-months-missing", "pension-record-ends-early"} <= set(codes(problems))
    assert by_code(problems, "pension-record-ends-early").params["last_month"] == "2024-05"


def test_other_unit_without_explanation_points_at_the_explanation_item() -> None:
    rows = guangxi_rows([202402, 202403], unit="旧单位有限公司") + guangxi_rows(SIX[2:])[4:]
    doc = make_doc("社保.xlsx", make_xlsx({"Sheet1": rows}), "xlsx")
    problems = run([doc])
    change = by_code(problems, "pension-unit-change-unexplained")
    assert change.item == "unit-change-explanation"
    assert change.path == "社保.xlsx"
    assert change.details["other_unit_months"] == [
        {"month": "2024-02", "unit": "旧单位有限公司"},
        {"month": "2024-03", "unit": "旧单位有限公司"},
    ]
    assert "pension-months-missing" not in codes(problems)
    explained = run([doc], explanation=True)
    assert "pension-unit-change-explained" in codes(explained)
    assert "pension-unit-change-unexplained" not in codes(explained)


def test_backpaid_months_warn_and_can_count_as_missing() -> None:
    rows = [
        *guangxi_rows(SIX[:-1]),
        [9, 202407, "企业职工基本养老保险", UNIT, 4000, 320, 640, "补缴", "已实缴"],
    ]
    doc = make_doc("养老.xlsx", make_xlsx({"Sheet1": rows}), "xlsx")
    problems = run([doc])
    assert by_code(problems, "pension-backpaid").details["backpaid_months"] == ["2024-07"]
    assert "pension-months-missing" not in codes(problems)
    strict = run([doc], options={"backpaid_counts_as_paid": False, "report_backpaid": False})
    assert "pension-backpaid" not in codes(strict)
    assert by_code(strict, "pension-months-missing").details["missing_months"] == ["2024-07"]


def test_unit_unknown_is_review_with_presumed_unit() -> None:
    problems = run([xlsx_doc(SIX)], unit=None)
    unknown = by_code(problems, "pension-unit-unknown")
    assert unknown.params["unit"] == UNIT
    assert unknown.details["unit_presumed"] is True


def test_declared_unit_not_in_record() -> None:
    problems = run([xlsx_doc(SIX)], unit="完全不同的单位")
    assert {"pension-unit-not-found", "pension-unit-change-unexplained"} <= set(codes(problems))


def test_unit_alias_and_similar_name() -> None:
    assert codes(run([xlsx_doc(SIX)], unit="新名称", options={"unit_aliases": [UNIT]})) == ["pension-summary"]
    similar = run([xlsx_doc(SIX, unit="广西" + UNIT)], unit=UNIT)
    assert codes(similar) == ["pension-unit-name-differs", "pension-summary"]


def test_several_files_are_combined() -> None:
    first = xlsx_doc([202402, 202403, 202404], name="2024上半年.xlsx")
    second = xlsx_doc([202405, 202406, 202407], name="2024下半年.xlsx")
    problems = run([first, second])
    assert codes(problems) == ["pension-summary"]
    assert problems[0].path is None
    assert problems[0].details["files"] == ["2024上半年.xlsx", "2024下半年.xlsx"]


def test_pdf_statement() -> None:
    lines = [
        [(40, "姓名：张三"), (200, "身份证号：" + ID)],
        [(40, "费款所属期"), (110, "险种"), (220, "单位名称"), (400, "到账标志")],
    ]
    lines += [[(40, str(m)), (110, "企业职工基本养老保险"), (220, UNIT), (400, "已到账")] for m in SIX[1:]]
    problems = run([make_doc("缴费明细.pdf", make_pdf(lines), "pdf")])
    assert by_code(problems, "pension-months-missing").details["missing_months"] == ["2024-02"]


def test_scan_needs_a_look_unless_a_readable_record_settles_it() -> None:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), "white").save(buffer, "JPEG")
    scan = make_doc("养老保险证明.jpg", buffer.getvalue(), "jpeg")
    problems = run([scan])
    assert codes(problems) == ["pension-scan"]
    assert problems[0].details["months_to_check"] == [
        "2024-02",
        "2024-03",
        "2024-04",
        "2024-05",
        "2024-06",
        "2024-07",
    ]
    assert codes(run([scan, xlsx_doc(SIX)])) == ["pension-summary"]
    assert "pension-scan" in codes(run([scan, xlsx_doc(SIX[:3])]))


def test_scanned_pdf_without_text() -> None:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.rect(10, 10, 100, 100, fill=1)
    pdf.save()
    assert codes(run([make_doc("养老.pdf", buffer.getvalue(), "pdf")])) == ["pension-scan"]


def test_no_pension_rows() -> None:
    problems = run([xlsx_doc(SIX, insurance="失业保险")])
    assert codes(problems) == ["pension-no-pension-rows"]
    assert problems[0].details["kinds"] == ["失业"]


def test_no_table() -> None:
    doc = make_doc("证明.xlsx", make_xlsx({"Sheet1": [["兹证明张三在我单位工作"]]}), "xlsx")
    assert codes(run([doc])) == ["pension-no-table"]


def test_xls_gets_a_save_as_hint() -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    assert codes(run([make_doc("明细.xls", ole, "xls")])) == ["pension-xls-unsupported"]
    word = run([make_doc("缴费证明.doc", ole, "doc")])
    assert codes(word) == ["pension-unreadable"]
    assert word[0].details["reason"] == "unsupported"


@pytest.mark.parametrize(
    ("data", "kind", "code"),
    [
        (b"PK\x03\x04broken", "xlsx", "pension-unreadable"),
        (bytes(range(256)) * 4, "unknown", "pension-unreadable"),
        (b"", "empty", "pension-unreadable"),
    ],
    ids=["broken-zip", "binary", "empty"],
)
def test_unreadable(data: bytes, kind: str, code: str) -> None:
    problems = run([make_doc("x.xlsx", data, kind)])
    assert codes(problems) == [code]
    assert problems[0].details["reason"] in ("corrupt", "empty")


def test_zip_bomb_is_refused() -> None:
    buffer = io.BytesIO(make_xlsx({"Sheet1": guangxi_rows(SIX)}))
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/pad.bin", b"\x00" * (4 * 1024 * 1024))
    assert codes(run([make_doc("x.xlsx", buffer.getvalue(), "xlsx")])) == ["pension-file-unsafe"]


def test_file_with_read_error_is_left_to_file_integrity() -> None:
    assert run([make_doc("x.xlsx", b"", "xlsx", read_error="vanished")]) == []
    assert run([]) == []


def test_apply_in_january() -> None:
    problems = run([xlsx_doc([202407, 202408, 202409, 202410, 202411, 202412])], apply=date(2025, 1, 2))
    assert codes(problems) == ["pension-summary"]
    assert problems[0].details["window"][0] == "2024-07"


def test_months_option() -> None:
    problems = run([xlsx_doc(SIX)], options={"months": 12})
    assert len(by_code(problems, "pension-months-missing").details["missing_months"]) == 6


def test_strip_is_carried_once_unless_the_summary_is_off() -> None:
    problems = run([xlsx_doc(SIX[1:])])
    assert "strip" not in by_code(problems, "pension-months-missing").details
    assert by_code(problems, "pension-summary").details["strip"][-6:][0] == ["2024-02", "unpaid"]
    quiet = run([xlsx_doc(SIX[1:])], options={"summary": False})
    assert "pension-summary" not in codes(quiet)
    assert len(by_code(quiet, "pension-months-missing").details["strip"]) == 12


def test_through_the_engine_with_the_bundled_checklist(materials: Any) -> None:
    from conftest import run as run_engine

    unit = "柳州市柳东新区示例建设工程有限公司"
    materials.facts()
    rows = guangxi_rows([202402, 202403, 202405, 202406, 202407], unit=unit)
    materials.add("6-2 社保/养老保险缴费明细.xlsx", make_xlsx({"Sheet1": rows}))
    result = run_engine(materials.root)
    found = {(f.code, f.severity.value, f.item) for f in result.findings if f.code.startswith("pension-")}
    assert ("pension-months-missing", "error", "pension-record") in found
    missing = next(f for f in result.findings if f.code == "pension-months-missing")
    assert missing.details["missing_months"] == ["2024-04"]
    assert "2024-04" in missing.message


def test_dispatched_worker_paid_by_the_agency() -> None:
    agency = [xlsx_doc(SIX, unit="广西某某人力资源有限公司")]
    problems = run(agency, flags={"dispatched": True})
    assert codes(problems) == ["pension-paid-by-agency", "pension-summary"]
    assert by_code(problems, "pension-paid-by-agency").details["agency"] == "广西某某人力资源有限公司"
    assert "pension-unit-change-unexplained" in codes(run(agency))
    off = run(agency, flags={"dispatched": True}, options={"dispatched_agency_ok": False})
    assert "pension-unit-change-unexplained" in codes(off)


def test_an_xlsx_is_parsed_once_for_its_text_and_its_pension_record(tmp_path, monkeypatch) -> None:
    """One parse per document per run: the cheap text (names, ID numbers) and the pension record read the
    same parsed sheets."""
    import openpyxl

    from zccheck.content.pension.reader import read_pension_document
    from zccheck.content.quick_text import document_text
    from zccheck.inventory.materials import open_materials

    rows = guangxi_rows(list(range(202401, 202407)))
    (tmp_path / "养老保险缴费记录.xlsx").write_bytes(make_xlsx({"缴费明细": rows}))
    calls = []
    real = openpyxl.load_workbook
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: calls.append(1) or real(*a, **k))
    doc = open_materials(tmp_path).documents[0]
    assert UNIT in document_text(doc)
    record = read_pension_document(doc)
    assert len(record.rows) == 6
    assert len(calls) == 1
