"""HR batch mode: discovery, roster, workers and their failures, JSON, workbook, fix-it lists, CLI exit codes."""

from __future__ import annotations

import hashlib
import io
import json
import os
import signal
import time
import zipfile
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import FACTS, jpeg_bytes, pdf_bytes
from zccheck.batch.discover import OUT_MARKER, RootUnreadable, discover, output_conflict
from zccheck.batch.model import (
    CHECKED,
    CRASHED,
    EMPTY,
    FAILED,
    TIMEOUT,
    UNREADABLE,
    ApplicantReport,
    BatchResult,
    mask_ids,
)
from zccheck.batch.pipeline import BatchOptions, run_batch
from zccheck.batch.roster import RosterError, match_roster, read_roster
from zccheck.batch.runner import WarmPool, run_tasks
from zccheck.batch.worker import Task, check_applicant, run_task
from zccheck.cache import FORMAT
from zccheck.cli import app
from zccheck.engine import ScanOptions
from zccheck.reporters import batch_fixit, batch_json, batch_rich, batch_xlsx, text_report

AUG = date(2024, 8, 20)
LI_ID = "450102199001011233"  # fictitious
SUN_ID = "450102199203041237"
QIAN_ID = "450102198805061235"
MINI_CHECKLIST = """\
[checklist]
id = "mini"
title = "最小清单"
title_en = "Minimal checklist"
region = "测试"
year = 2024
series = "工程系列"
notice = "测试"

[deadlines]
first_submission = 2024-09-06T17:00:00+08:00
correction_start = 2024-09-07T00:00:00+08:00
correction_end = 2024-09-30T17:00:00+08:00

[fees]
"工程师" = 230

[files]
max_file_mb = 10
upload_formats = ["pdf", "jpeg", "png"]
readable_formats = ["docx", "xlsx", "csv", "txt"]

[run]
applicant_checks = ["presence"]
document_checks = ["file-integrity"]

[[sections]]
id = "10"
name = "专业技术工作总结"
name_en = "Work summary"

[items.work-summary]
name = "专业技术工作总结"
name_en = "Work summary"
section = "10"
presence = "required"
source = "§三.2(4)"
keywords = ["工作总结", "总结"]
checks = []
"""


# ---------------------------------------------------------------------------------------------------------
# helpers

def write(path: Path, data: bytes | str) -> Path:
    """Write bytes or UTF-8 text at `path`, creating parents."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def text_pdf(lines: list[str], pages: int = 1) -> bytes:
    """A PDF with a Chinese text layer (reportlab's built-in CID font; invariant, so deterministic)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, invariant=1)
    for _ in range(pages):
        pdf.setFont("STSong-Light", 11)
        for number, line in enumerate(lines):
            pdf.drawString(50, 800 - 16 * number, line)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


SUMMARY_LINES = ["本人自参加工作以来，一直从事建筑工程施工技术管理工作，负责施工方案编制与现场技术指导。"] * 40


def age(root: Path, seconds: float = 3600) -> None:
    """Make every file under `root` look last modified `seconds` ago (as real materials are)."""
    past = time.time() - seconds
    for path in [root, *root.rglob("*")]:
        os.utime(path, (past, past))


def applicant_files(folder: Path, facts: str | None = FACTS) -> Path:
    """A small applicant folder: photo, pension record and work summary (and zccheck.toml unless None)."""
    if facts is not None:
        write(folder / "zccheck.toml", facts)
    write(folder / "01 基本信息" / "个人相片.jpg", jpeg_bytes((413, 579), (200, 150, 120)))
    write(folder / "06-2 社保" / "养老保险缴费记录.pdf", text_pdf(["养老保险个人缴费明细", "姓名：张三"]))
    write(folder / "10 专业技术工作总结" / "专业技术工作总结.pdf", text_pdf(SUMMARY_LINES, 2))
    return folder


def zip_of(folder: Path, target: Path, top: str | None = None) -> Path:
    """Zip `folder`'s files into `target` (under `top`/ when given)."""
    with zipfile.ZipFile(target, "w") as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                name = path.relative_to(folder).as_posix()
                archive.write(path, f"{top}/{name}" if top else name)
    return target


def roster_xlsx(path: Path, rows: list[list[Any]], title_rows: int = 2) -> Path:
    """A roster workbook with title rows above the header."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "花名册"
    if title_rows:
        sheet.append(["2024年度工程系列职称申报人员花名册"])
        for _ in range(title_rows - 1):
            sheet.append([])
    sheet.append(["序号", "姓 名", "身份证号码", "申报资格", "专业", "申报方式", "工作单位"])
    for number, row in enumerate(rows, 1):
        sheet.append([number, *row])
    workbook.save(path)
    return path


def tree_digest(root: Path) -> str:
    """A digest of every path, size and content under `root`."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        digest.update(path.relative_to(root).as_posix().encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def strip_volatile(data: Any) -> Any:
    """A batch JSON document without timings, process ids and cache counters."""
    if isinstance(data, dict):
        return {k: strip_volatile(v) for k, v in data.items()
                if k not in ("seconds", "pid", "max_rss_kb", "cache_stats", "notes")}
    if isinstance(data, list):
        return [strip_volatile(v) for v in data]
    return data


def by_entry(batch: BatchResult) -> dict[str, ApplicantReport]:
    """Reports keyed by folder/zip name."""
    return {a.entry: a for a in batch.applicants}


# ---------------------------------------------------------------------------------------------------------
# a unit's ROOT with every kind of applicant, checked once for the module

@pytest.fixture(scope="module")
def unit(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """ROOT with good, roster-only, empty, corrupt, unsupported and factless applicants; checked with 2 jobs."""
    base = tmp_path_factory.mktemp("unit")
    root = base / "root"
    applicant_files(root / "01-张三")
    applicant_files(root / "02-李四", facts=None)
    (root / "03-王五").mkdir()
    write(root / "04-赵六.zip", b"PK\x03\x04 this is not really a zip")
    staging = applicant_files(base / "staging-sun", facts=None)
    zip_of(staging, root / "孙七_工程师_材料.zip", top="孙七")
    applicant_files(root / "06-周八", facts=None)
    applicant_files(root / "07-吴九", facts='[applicant]\nname = "吴九\nlevel = 工程师\n')
    write(root / "08-郑十.rar", b"Rar!\x1a\x07\x00 rar bytes")
    write(root / "__MACOSX" / "._x", b"x")
    write(root / ".DS_Store", b"x")
    write(root / "Thumbs.db", b"x")
    write(root / "说明.txt", "各申报人材料")
    roster = roster_xlsx(root / "花名册.xlsx", [
        ["李四", LI_ID, "工程师（中级）", "工程", "正常申报", "柳州市示例建设有限公司"],
        ["孙 七", SUN_ID, "助理工程师", "住建", "正常", "柳州市示例建设有限公司"],
        ["钱多多", QIAN_ID, "工程师", "工程", "正常", "柳州市示例建设有限公司"],
        ["合计", None, None, None, None, None],
    ])
    cache = base / "cache"
    age(root)
    before = tree_digest(root)
    options = BatchOptions(scan=ScanOptions(as_of=AUG, overrides={"apply_date": AUG}), roster=roster, jobs=2,
                           cache_dir=str(cache), want_fixit=True,
                           fixit_lines=text_report.fixit_lines)
    result = run_batch(root, options)
    return {"root": root, "base": base, "roster": roster, "options": options, "result": result,
            "before": before, "cache": cache}


def test_discovery_takes_folders_and_zips_and_ignores_clutter(unit: dict[str, Any]) -> None:
    found = discover(unit["root"])
    assert [a.entry for a in found.applicants] == ["01-张三", "02-李四", "03-王五", "04-赵六.zip", "06-周八",
                                                   "07-吴九", "08-郑十.rar", "孙七_工程师_材料.zip"]
    assert {a.entry: a.source for a in found.applicants}["08-郑十.rar"] == "archive"
    assert found.applicants[-1].label == "孙七_工程师_材料"
    assert set(found.ignored) == {"说明.txt", "花名册.xlsx"}


def test_discovery_order_is_natural_and_marked_output_folders_are_skipped(tmp_path: Path) -> None:
    for name in ("10-王", "2-李", "1-张"):
        (tmp_path / name).mkdir()
    write(tmp_path / "整改清单" / OUT_MARKER, "x")
    assert [a.entry for a in discover(tmp_path).applicants] == ["1-张", "2-李", "10-王"]
    assert [a.entry for a in discover(tmp_path, skip=(tmp_path / "2-李",)).applicants] == ["1-张", "10-王"]


def test_unreadable_root(tmp_path: Path) -> None:
    with pytest.raises(RootUnreadable):
        discover(tmp_path / "absent")
    with pytest.raises(RootUnreadable):
        discover(write(tmp_path / "a.zip", b"x"))


def test_every_applicant_gets_a_status_and_failures_do_not_stop_the_batch(unit: dict[str, Any]) -> None:
    reports = by_entry(unit["result"])
    assert {entry: r.status for entry, r in reports.items()} == {
        "01-张三": CHECKED, "02-李四": CHECKED, "03-王五": EMPTY, "04-赵六.zip": UNREADABLE, "06-周八": CHECKED,
        "07-吴九": CHECKED, "08-郑十.rar": UNREADABLE, "孙七_工程师_材料.zip": CHECKED}
    assert reports["08-郑十.rar"].problem["reason"] == "unsupported-archive"
    assert reports["04-赵六.zip"].problem["reason"] == "unreadable"
    assert reports["03-王五"].faulty and reports["04-赵六.zip"].faulty
    assert reports["孙七_工程师_材料.zip"].count("errors") >= 1  # missing items
    assert all(r.pid for r in reports.values() if r.source != "archive")


def test_facts_come_from_zccheck_toml_then_the_roster_else_none(unit: dict[str, Any]) -> None:
    reports = by_entry(unit["result"])
    assert reports["01-张三"].facts_source == "zccheck.toml"
    li = reports["02-李四"]
    assert li.facts_source == "roster" and li.roster_line == 4
    assert li.fact("level") == "工程师" and li.fact("route") == "正常" and li.fact("industry") == "工程"
    assert li.fact("id_number") == "450*************33" and li.fact("facts_file") is False
    sun = reports["孙七_工程师_材料.zip"]
    assert sun.facts_source == "roster" and sun.fact("level") == "助理工程师" and sun.fact("industry") == "住建"
    zhou = reports["06-周八"]
    assert zhou.facts_source == "none"
    assert "facts-file-missing" in {f["code"] for f in zhou.result["findings"]}


def test_a_broken_zccheck_toml_is_a_finding_and_the_materials_are_still_checked(unit: dict[str, Any]) -> None:
    wu = by_entry(unit["result"])["07-吴九"]
    codes = {f["code"]: f for f in wu.result["findings"]}
    assert codes["facts-file-invalid"]["severity"] == "error"
    assert wu.result["summary"]["files"] == 3


@pytest.mark.parametrize("roster", [None, {"name": "冯一", "level": "工程师"}])
def test_an_unreadable_zccheck_toml_is_reported_once(tmp_path: Path, roster: dict[str, str] | None) -> None:
    folder = write(tmp_path / "冯一" / "zccheck.toml", b"\xff\xfe\x00garbage").parent
    write(folder / "工作总结.pdf", pdf_bytes(1))
    task = Task(index=0, entry="冯一", label="冯一", path=str(folder), source="folder",
                options=ScanOptions(checklist=str(write(tmp_path / "mini.toml", MINI_CHECKLIST)), as_of=AUG),
                roster_facts=roster)
    report = run_task(task)  # in this process: the worker function itself
    assert report.status == CHECKED
    assert [f["code"] for f in report.result["findings"]].count("facts-file-invalid") == 1
    assert report.facts_source == ("roster" if roster else "none")


def test_roster_unmatched_both_ways(unit: dict[str, Any]) -> None:
    roster = unit["result"].roster
    assert roster is not None and roster.rows == 3 and roster.matched == 2
    assert [(r["line"], r["name"], r["id_number"]) for r in roster.unmatched_rows] == [
        (6, "钱多多", "450*************35")]
    assert roster.unmatched_applicants == ["01-张三", "03-王五", "04-赵六.zip", "06-周八", "07-吴九", "08-郑十.rar"]


def test_fault_rate_and_exit_code(unit: dict[str, Any]) -> None:
    batch = unit["result"]
    summary = batch.summary()
    assert summary["applicants"] == 8 and summary["with_errors"] == 8
    assert summary["fault_rate"] == 1.0
    assert [t["reached"] for t in summary["thresholds"]] == [True, True]
    assert batch.exit_code() == 1


def test_fault_rate_against_the_ten_and_twenty_percent_lines() -> None:
    def report(index: int, errors: int) -> ApplicantReport:
        return ApplicantReport(index=index, entry=str(index), label=str(index), path="", source="folder",
                               status=CHECKED, result={"summary": {"errors": errors, "warnings": 1, "reviews": 0}})

    batch = BatchResult(root="", lang="zh", checklist={}, applicants=[report(i, int(i < 3)) for i in range(20)])
    summary = batch.summary()
    assert summary["fault_rate"] == 0.15
    assert [t["reached"] for t in summary["thresholds"]] == [True, False]
    assert batch.exit_code() == 1
    clean = BatchResult(root="", lang="zh", checklist={}, applicants=[report(i, 0) for i in range(9)])
    assert clean.exit_code() == 0 and clean.exit_code(strict=True) == 1
    assert clean.summary()["thresholds"][0]["reached"] is False


def test_materials_are_never_written(unit: dict[str, Any]) -> None:
    assert tree_digest(unit["root"]) == unit["before"]


def test_batch_json_is_one_document_with_the_single_scan_shape(unit: dict[str, Any]) -> None:
    stream = io.StringIO()
    batch_json.render(unit["result"], stream)
    text = stream.getvalue()
    data = json.loads(text)
    assert data["schema_version"] == 1 and data["kind"] == "zccheck-batch"
    assert {"tool_version", "root", "checklist", "summary", "roster", "applicants", "ignored"} <= set(data)
    assert data["summary"]["fault_rate"] == 1.0
    checked = next(a for a in data["applicants"] if a["entry"] == "01-张三")
    assert {"schema_version", "checklist", "root", "as_of", "applicant", "summary", "items", "unrecognised",
            "findings", "status", "facts_source"} <= set(checked)
    broken = next(a for a in data["applicants"] if a["entry"] == "04-赵六.zip")
    assert broken["status"] == "unreadable" and broken["findings"] == [] and broken["problem"]["hint"]
    for full in (LI_ID, SUN_ID, QIAN_ID):
        assert full not in text
    assert "450*************33" in text


def test_rich_summary_lists_every_applicant_and_the_fault_rate(unit: dict[str, Any]) -> None:
    stream = io.StringIO()
    batch_rich.render(unit["result"], stream, color=False)
    text = stream.getvalue()
    for label in ("01-张三", "03-王五", "04-赵六", "孙七_工程师_材料"):
        assert label in text
    assert "问题比例 100.0%" in text and "§四(三) 10% 线：已达到" in text and "钱多多" in text
    assert "文件夹是空的" in text and "材料无法打开" in text and "无申报信息" in text  # 06-周八
    assert LI_ID not in text


def test_workbook_has_three_sheets_with_frozen_headers_filters_and_masked_ids(unit: dict[str, Any],
                                                                             tmp_path: Path) -> None:
    import openpyxl

    path = batch_xlsx.write(unit["result"], tmp_path / "汇总.xlsx")
    assert os.name == "nt" or path.stat().st_mode & 0o777 == batch_fixit.file_mode()  # not 0600 like a temp file
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["汇总", "材料矩阵", "问题清单"]
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes is not None
        assert sheet.auto_filter.ref
        assert sheet.column_dimensions["B"].width >= 5
    summary, matrix, findings = workbook.worksheets
    header = [c.value for c in summary[3]]
    assert header[:4] == ["序号", "申报人", "姓名", "身份证号"] and "首先要改" in header
    rows = {r[1]: r for r in summary.iter_rows(min_row=4, values_only=True) if r[1]}
    assert rows["02-李四"][3] == "450*************33"
    assert any(r[2] == "钱多多" and "没有找到材料" in str(r) for r in summary.iter_rows(values_only=True))
    assert [c.value for c in matrix[1]][:3] == ["申报人", "状态", "个人相片"]
    marks = {v for row in matrix.iter_rows(min_row=2, max_row=9, min_col=3, values_only=True) for v in row}
    assert marks <= {"✓", "✗", "!", "?", "n/a", None} and "✗" in marks and "n/a" in marks
    assert [c.value for c in findings[1]] == ["申报人", "姓名", "严重程度", "材料", "文件", "问题", "修改方法", "依据",
                                              "代码"]
    assert any(r[8] == "missing-item" and r[6] for r in findings.iter_rows(min_row=2, values_only=True))
    # wrapped long texts get taller rows (spreadsheet programs do not grow them on their own)
    assert any((findings.row_dimensions[r].height or 0) > 15 for r in range(2, findings.max_row + 1))
    every_text = " ".join(str(c.value) for s in workbook.worksheets for row in s.iter_rows() for c in row)
    for full in (LI_ID, SUN_ID, QIAN_ID):
        assert full not in every_text


def test_workbook_never_writes_formulas(tmp_path: Path) -> None:
    import openpyxl

    report = ApplicantReport(index=0, entry="=1+1", label="=HYPERLINK(\"x\")", path="", source="folder",
                             status=FAILED, problem={"reason": "exception", "detail": "=2*3"})
    path = batch_xlsx.write(BatchResult(root="", lang="zh", checklist={}, applicants=[report]), tmp_path / "x.xlsx")
    workbook = openpyxl.load_workbook(path)
    cells = [c for s in workbook.worksheets for row in s.iter_rows() for c in row if c.value]
    assert all(c.data_type != "f" for c in cells)


def test_fixit_lists_are_written_only_into_the_out_folder(unit: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "整改清单"
    written = batch_fixit.write_all(unit["result"], out)
    names = sorted(p.name for p in written)
    assert len(names) == 8 and "01-张三-整改清单.txt" in names and "孙七_工程师_材料-整改清单.txt" in names
    assert sorted(p.name for p in out.iterdir()) == sorted([*names, OUT_MARKER])
    raw = (out / "02-李四-整改清单.txt").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    text = raw.decode("utf-8-sig")
    assert "1. 【错误】" in text and "修改方法" in text and LI_ID not in text
    broken = (out / "04-赵六-整改清单.txt").read_text(encoding="utf-8-sig")
    assert "材料无法打开" in broken and "重新打包" in broken
    assert tree_digest(unit["root"]) == unit["before"]
    assert OUT_MARKER  # a later batch over ROOT would skip this folder
    assert [a.entry for a in discover(tmp_path).applicants] == []


def test_output_inside_an_applicant_folder_is_refused(tmp_path: Path) -> None:
    applicant_files(tmp_path / "01-张三")
    write(tmp_path / "02-李四.zip", b"PK")
    assert output_conflict(tmp_path / "01-张三" / "out", tmp_path)
    assert output_conflict(tmp_path / "01-张三", tmp_path)
    assert output_conflict(tmp_path / "02-李四.zip", tmp_path)
    assert output_conflict(tmp_path / "整改清单", tmp_path) is None
    assert output_conflict(tmp_path / "汇总.xlsx", tmp_path) is None
    assert output_conflict(tmp_path, tmp_path) is None
    assert output_conflict(tmp_path.parent / "elsewhere", tmp_path) is None


def test_parallel_and_serial_give_the_same_results(unit: dict[str, Any]) -> None:
    serial = run_batch(unit["root"], replace(unit["options"], jobs=1, cache_dir=None))
    assert strip_volatile(batch_json.to_dict(serial)) == strip_volatile(batch_json.to_dict(unit["result"]))


def test_a_warm_cached_run_gives_the_same_results(unit: dict[str, Any]) -> None:
    warm = run_batch(unit["root"], unit["options"])
    assert strip_volatile(batch_json.to_dict(warm)) == strip_volatile(batch_json.to_dict(unit["result"]))
    if len(list((unit["cache"] / FORMAT).iterdir())) > 1:
        pytest.skip("zccheck's own sources changed between the runs (a new cache generation, by design)")
    for entry in ("01-张三", "06-周八", "孙七_工程师_材料.zip"):
        stats = by_entry(warm)[entry].cache_stats
        assert stats is not None and stats["probe_hits"] == 3 and stats["probe_misses"] == 0
        assert stats["memo_misses"] == 0 and stats["memo_hits"] > 0


# ---------------------------------------------------------------------------------------------------------
# roster

def test_roster_header_is_found_by_synonyms_below_title_rows(tmp_path: Path) -> None:
    person = ["张三", 450102199001011233, "中级工程师", "机械设计", "直接申报", "甲公司"]
    path = roster_xlsx(tmp_path / "r.xlsx", [person], title_rows=3)
    roster = read_roster(path)
    assert roster.header_line == 4
    assert roster.columns == {"name": "姓名", "id_number": "身份证号码", "level": "申报资格", "industry": "专业",
                              "route": "申报方式", "unit": "工作单位"}
    row = roster.rows[0]
    # a 专业 column holding a specialty gives no industry rather than an invalid one; an ID number typed as a
    # number kept only 15 significant digits in Excel, so it is dropped and reported, never used
    assert row.line == 5 and row.facts == {"name": "张三", "level": "工程师", "route": "直接申报", "unit": "甲公司"}
    assert roster.id_lost_lines == [5]


def test_roster_csv_in_gbk_with_an_industry_column(tmp_path: Path) -> None:
    text = ("申报人员名单\n姓名,身份证号,申报级别,行业,申报方式,申报单位\n"
            "李四,,技术员,水利,破格申报,乙单位\n王五,,高级工程师,环保,,\n")
    roster = read_roster(write(tmp_path / "r.csv", text.encode("gb18030")))
    assert [r.facts for r in roster.rows] == [
        {"name": "李四", "level": "技术员", "industry": "水利水电", "route": "破格", "unit": "乙单位"},
        {"name": "王五", "level": "高级工程师", "industry": "环保"},  # passed on as written: reported as invalid
    ]


@pytest.mark.parametrize(("name", "data", "reason"), [
    ("r.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "另存为"),
    ("r.csv", "标题\n编号,备注\n1,x\n".encode(), "表头"),
    ("r.xlsx", b"PK\x03\x04broken", "不是有效"),
])
def test_unusable_rosters_are_refused(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    with pytest.raises(RosterError, match=reason):
        read_roster(write(tmp_path / name, data))
    with pytest.raises(RosterError):
        read_roster(tmp_path / "absent.xlsx")


def test_roster_zip_bomb_is_refused(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<x/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (8 * 1024 * 1024))
    with pytest.raises(RosterError, match="压缩炸弹"):
        read_roster(write(tmp_path / "bomb.xlsx", buffer.getvalue()))


def test_matching_by_name_in_folder_and_zip_names(tmp_path: Path) -> None:
    for name in ("01-张三", "02-张三丰", "李四_工程师_材料.zip", "03-王五(4521)", "04-王五", "赵六"):
        if name.endswith(".zip"):
            write(tmp_path / name, b"PK")
        else:
            (tmp_path / name).mkdir()
    csv_text = ("姓名,身份证号\n张三,450102199001011233\n张三丰,450102199001011241\n李四,\n"
                "王五,450102199001014521\n王五,450102199001019999\n孙七,\n")
    roster = read_roster(write(tmp_path.parent / "r.csv", csv_text))
    match = match_roster(discover(tmp_path).applicants, roster)
    assert {entry: row.name for entry, row in match.matched.items()} == {
        "01-张三": "张三", "02-张三丰": "张三丰", "李四_工程师_材料.zip": "李四", "03-王五(4521)": "王五"}
    assert match.matched["03-王五(4521)"].line == 5  # namesakes told apart by the ID number's last digits
    assert list(match.ambiguous) == ["04-王五"]
    assert match.unmatched_applicants == ["赵六"]
    assert [row.name for row in match.unmatched_rows] == ["孙七"]


def test_mask_ids_in_free_text() -> None:
    assert mask_ids(f"身份证号{LI_ID}与社保记录不一致") == "身份证号450*************33与社保记录不一致"
    assert mask_ids("统一社会信用代码91450200MA5L000X7K，电话13800000000") == \
        "统一社会信用代码91450200MA5L000X7K，电话13800000000"


# ---------------------------------------------------------------------------------------------------------
# workers: crashes, exceptions and time limits become statuses

def crash_on_second(task: Task, report: ApplicantReport) -> None:
    """A worker that dies (as a native crash would) on the applicant with index 1."""
    if task.index == 1:
        os._exit(3)
    check_applicant(task, report)


def raise_on_second(task: Task, report: ApplicantReport) -> None:
    """A bug outside the checks' own guards."""
    if task.index == 1:
        raise RuntimeError("boom")
    check_applicant(task, report)


def sleep_on_second(task: Task, report: ApplicantReport) -> None:
    """Python code that takes too long (interruptible)."""
    if task.index == 1:
        time.sleep(30)
    check_applicant(task, report)


def stuck_on_second(task: Task, report: ApplicantReport) -> None:
    """Code that ignores the interrupt (as native code does): the worker must end itself."""
    if task.index == 1:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGUSR1})
        time.sleep(30)
    check_applicant(task, report)


@pytest.fixture(scope="module")
def three(tmp_path_factory: pytest.TempPathFactory) -> list[Task]:
    """Three small applicants as worker tasks (on a one-item checklist: these tests are about the workers)."""
    root = tmp_path_factory.mktemp("three")
    checklist = write(root / "mini.toml", MINI_CHECKLIST)
    tasks = []
    for index, name in enumerate(("a", "b", "c")):
        folder = write(root / name / "工作总结.pdf", pdf_bytes(1)).parent
        tasks.append(Task(index=index, entry=name, label=name, path=str(folder), source="folder",
                          options=ScanOptions(checklist=str(checklist), as_of=AUG), time_limit_s=20.0))
    return tasks


@pytest.mark.parametrize(("function", "status"), [(crash_on_second, CRASHED), (raise_on_second, FAILED)])
def test_a_worker_crash_or_exception_is_that_applicants_status(three: list[Task], function: Any,
                                                               status: str) -> None:
    done: list[str] = []
    reports = run_tasks(three, 2, lambda r: done.append(r.entry), work=function)
    assert [r.status for r in reports] == [CHECKED, status, CHECKED]
    assert sorted(done) == ["a", "b", "c"]
    assert reports[0].result is not None and reports[2].result is not None


def test_the_time_limit_interrupts_a_slow_applicant(three: list[Task]) -> None:
    tasks = [replace(t, time_limit_s=1.0) for t in three]
    started = time.perf_counter()
    reports = run_tasks(tasks, 2, work=sleep_on_second)
    assert [r.status for r in reports] == [CHECKED, TIMEOUT, CHECKED]
    assert time.perf_counter() - started < 20


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="POSIX signal masks")
def test_a_worker_stuck_past_the_grace_period_ends_itself(three: list[Task]) -> None:
    tasks = [replace(t, time_limit_s=1.0, grace_s=0.5) for t in three]
    reports = run_tasks(tasks, 2, work=stuck_on_second)
    assert [r.status for r in reports] == [CHECKED, TIMEOUT, CHECKED]


def how_warm(task: Task, report: ApplicantReport) -> None:
    """Reports whether the engine and the task's checklist were already loaded when the applicant arrived."""
    import sys

    from zccheck.batch import worker

    report.status = CHECKED
    report.problem = {"reason": "warmth", "detail": json.dumps(
        {"engine": "zccheck.engine" in sys.modules, "checklist": task.options.checklist in worker._CHECKLISTS})}


def test_a_warm_pool_is_taken_over_with_everything_loaded(three: list[Task]) -> None:
    """Workers started before planning run the tasks, with the engine and the checklist already loaded."""
    checklist = three[0].options.checklist
    with WarmPool(2, checklist=checklist) as pool:
        started = {p.pid for p in pool._executor._processes.values()}
        assert len(started) == 2
        reports = run_tasks(three, 2, work=how_warm, pool=pool)
        assert pool.take() is None  # handed over once
    assert [r.status for r in reports] == [CHECKED] * 3
    assert {r.pid for r in reports} <= started  # no new process was started
    assert [json.loads(r.problem["detail"]) for r in reports] == [{"engine": True, "checklist": True}] * 3


def test_a_warm_pool_never_taken_is_stopped(three: list[Task]) -> None:
    pool = WarmPool(2, checklist=three[0].options.checklist)
    processes = list(pool._executor._processes.values())
    pool.close()
    assert processes and not any(p.is_alive() for p in processes)
    pool.close()  # twice is harmless


def test_a_warm_pool_that_broke_before_the_tasks_costs_nothing(three: list[Task]) -> None:
    pool = WarmPool(2, checklist=three[0].options.checklist)
    victim = next(iter(pool._executor._processes.values()))
    os.kill(victim.pid, signal.SIGKILL)  # as if the OOM killer took a worker while it was starting
    victim.join(10)
    reports = run_tasks(three, 2, pool=pool)
    assert [r.status for r in reports] == [CHECKED] * 3


@pytest.mark.parametrize("libraries", [True, False])
def test_warm_up_loads_the_file_libraries_only_when_asked(libraries: bool, tmp_path: Path) -> None:
    import subprocess
    import sys

    src = Path(__file__).resolve().parents[1] / "src"
    code = ("import sys\nfrom zccheck.batch.worker import warm_up\n"
            f"warm_up(None, libraries={libraries})\n"
            "print(sorted(m for m in ('zccheck.engine', 'openpyxl', 'pypdf', 'PIL.Image') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          env={**os.environ, "PYTHONPATH": str(src)})
    loaded = {True: "['PIL.Image', 'openpyxl', 'pypdf', 'zccheck.engine']", False: "['zccheck.engine']"}
    assert done.stdout.strip() == loaded[libraries]


def test_the_libraries_are_warmed_only_for_a_cold_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A warm re-run answers from the cache: loading the file libraries ahead would only cost it time."""
    from zccheck.batch import runner
    from zccheck.cache import Cache

    asked: list[bool] = []

    class Recorded(runner.WarmPool):
        def __init__(self, jobs: int, **kwargs: Any) -> None:
            asked.append(kwargs["libraries"])
            super().__init__(jobs, **kwargs)

    monkeypatch.setattr(runner, "WarmPool", Recorded)
    root = tmp_path / "unit"
    write(root / "01-张三" / "工作总结.pdf", pdf_bytes(1))
    cache_dir = tmp_path / "cache"
    monkeypatch.setenv("ZCCHECK_CACHE_DIR", str(cache_dir))
    for _ in range(2):
        assert invoke(str(root), "--format", "json", "--jobs", "1", "--as-of", "2024-08-20").exit_code in (0, 1)
    assert invoke(str(root), "--format", "json", "--jobs", "1", "--no-cache").exit_code in (0, 1)
    assert asked == [True, False, True]  # empty cache, then filled by the first run, then no cache
    assert Cache.open(cache_dir).stats.errors == 0


def test_a_batch_whose_planning_fails_leaves_no_worker(tmp_path: Path) -> None:
    import multiprocessing

    root = tmp_path / "unit"
    write(root / "01-张三" / "工作总结.pdf", pdf_bytes(1))
    roster = write(tmp_path / "花名册.xlsx", b"not a workbook")
    result = invoke(str(root), "--roster", str(roster), "--format", "json", "--no-cache")
    assert result.exit_code == 2, result.output
    assert multiprocessing.active_children() == []


# ---------------------------------------------------------------------------------------------------------
# the command

def invoke(*args: str) -> Any:
    """Run `zccheck batch ...` in-process."""
    return CliRunner().invoke(app, ["batch", *args])


def test_cli_exit_codes_and_json_on_stdout(unit: dict[str, Any], tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZCCHECK_CACHE_DIR", str(unit["cache"]))  # warm: the module's first run filled it
    result = invoke(str(unit["root"]), "--roster", str(unit["roster"]), "--format", "json", "--as-of",
                    "2024-08-20", "--jobs", "2")
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    assert len(data["applicants"]) == 8
    assert invoke(str(tmp_path / "absent")).exit_code == 3
    (tmp_path / "empty").mkdir()
    assert invoke(str(tmp_path / "empty")).exit_code == 2
    assert invoke(str(unit["root"]), "--roster", str(write(tmp_path / "r.xls", b"\xd0\xcf\x11\xe0"))).exit_code == 2
    assert invoke(str(unit["root"]), "--out", str(unit["root"] / "01-张三" / "out")).exit_code == 2
    assert invoke(str(unit["root"]), "--jobs", "0").exit_code == 2


def test_cli_exit_zero_strict_and_outputs(tmp_path: Path) -> None:
    checklist = write(tmp_path / "mini.toml", MINI_CHECKLIST)
    root = tmp_path / "root"
    write(root / "01-甲" / "工作总结.pdf", pdf_bytes(1))
    write(root / "01-甲" / "zccheck.toml", FACTS)
    write(root / "02-乙" / "工作总结.pdf", pdf_bytes(2))
    write(root / "02-乙" / "工作总结.txt", "工作总结正文")
    write(root / "02-乙" / "zccheck.toml", FACTS)
    before = tree_digest(root)
    out, xlsx = root / "整改清单", tmp_path / "汇总.xlsx"
    common = [str(root), "--checklist", str(checklist), "--as-of", "2024-08-20", "--no-cache"]
    result = invoke(*common, "--xlsx", str(xlsx), "--out", str(out), "--format", "text")
    assert result.exit_code == 0, result.output
    assert "01-甲" in result.stdout and "问题比例 0.0%" in result.stdout
    assert xlsx.exists() and sorted(p.name for p in out.iterdir()) == [OUT_MARKER, "01-甲-整改清单.txt",
                                                                       "02-乙-整改清单.txt"]
    assert invoke(*common, "--strict").exit_code == 1  # 02-乙 has a warning
    # the out folder is not taken for an applicant on the next run, and nothing else was written
    assert [a.entry for a in discover(root).applicants] == ["01-甲", "02-乙"]
    (out / OUT_MARKER).unlink()
    for path in out.iterdir():
        path.unlink()
    out.rmdir()
    assert tree_digest(root) == before


def test_progress_bar_only_on_a_terminal(tmp_path: Path) -> None:
    from zccheck.reporters.batch_progress import BatchProgress

    with BatchProgress() as progress:  # stderr is captured by pytest: not a terminal
        assert progress.enabled is False
        progress.on_start(3)
        progress.on_done(ApplicantReport(index=0, entry="a", label="a", path="", source="folder", status=CHECKED))
