"""Output that never crashes (GBK/ASCII/cp1252 consoles, redirected output), the command line people type,
and the first screen (headline, work counts, each hint once)."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import pdf_bytes, run
from zccheck.argv import normalise_argv, strip_quotes
from zccheck.catalogue import CATALOGUE
from zccheck.catalogue.kinds import KINDS, work_kind
from zccheck.cli import app
from zccheck.findings import Finding, Severity
from zccheck.reporters import rich_report, text_report
from zccheck.reporters.console import SafeStream
from zccheck.reporters.overview import FIX_FIRST, NOT_READY, READY, verdict, work_counts

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
COMMANDS = {"scan", "batch", "init", "checklist"}
runner = CliRunner()


def _zccheck(args: list[str], encoding: str, stdout_file: Path, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": encoding, "PYTHONPATH": str(ROOT / "src"), "NO_COLOR": "1"}
    env.pop("PYTHONUTF8", None)
    with open(stdout_file, "wb") as out:
        return subprocess.run([sys.executable, "-m", "zccheck", *args], stdout=out, stderr=subprocess.PIPE,
                              env=env, cwd=cwd, timeout=300, check=False)


# --- the stream -------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("encoding", "check", "cross"), [("gbk", "√", "×"), ("cp936", "√", "×"),
                                                          ("ascii", "v", "x"), ("cp1252", "v", "×")])
def test_symbols_fall_back_to_what_the_encoding_can_show(encoding: str, check: str, cross: str) -> None:
    raw = io.BytesIO()
    wrapper = io.TextIOWrapper(raw, encoding=encoding)
    stream = SafeStream(wrapper)
    stream.write("✓ 合格 ✗ 错误 ⚠ → …\n")
    stream.flush()
    text = raw.getvalue().decode(encoding)
    assert text.startswith(f"{check} ") and f" {cross} " in text
    assert "✓" not in text and "✗" not in text and "⚠" not in text
    if encoding in ("gbk", "cp936"):
        assert "合格" in text and "错误" in text  # Chinese is kept where the console can show it
    else:
        assert "??" in text  # replaced, never an exception


def test_utf8_stream_is_left_alone() -> None:
    raw = io.BytesIO()
    stream = SafeStream(io.TextIOWrapper(raw, encoding="utf-8"))
    stream.write("✓ ✗ ⚠ 材料\n")
    stream.flush()
    assert raw.getvalue().decode("utf-8") == "✓ ✗ ⚠ 材料\n"


# --- redirected runs under GBK / ASCII ---------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["gbk", "ascii"])
def test_redirected_scan_under_a_narrow_encoding_writes_the_whole_report(encoding: str, tmp_path: Path) -> None:
    report = tmp_path / "报告.txt"
    done = _zccheck(["scan", str(SAMPLES / "complete")], encoding, report)
    assert b"Traceback" not in done.stderr and b"UnicodeEncodeError" not in done.stderr
    assert done.returncode == 0  # one warning, no error
    text = report.read_bytes().decode(encoding)
    assert "✓" not in text and "✗" not in text
    lines = text.splitlines()
    assert len(lines) > 20  # the report is complete, not cut at the first symbol
    if encoding == "gbk":
        # only a convert warning: the headline must not say 可以上传; the counts line says what to do
        assert "可以上传" not in lines[0] and "上传前还有要处理的事" in lines[0]
        assert lines[1] == "要做的事：转换 1 个文件格式"
        assert "√" in text
        assert "[photo]" not in text and "[pension-record]" not in text
    else:
        assert lines[0].startswith("! ")
        assert "?" in lines[0]


def test_redirected_json_under_ascii_is_valid_and_lossless(tmp_path: Path) -> None:
    import json

    report = tmp_path / "r.json"
    done = _zccheck(["scan", str(SAMPLES / "complete"), "-f", "json"], "ascii", report)
    assert done.returncode == 0 and b"Traceback" not in done.stderr
    data = json.loads(report.read_bytes().decode("ascii"))
    assert data["applicant"]["name"] == "覃志远"
    assert data["overview"] == {"verdict": "fix-first", "work": {"convert": 1}}


def test_redirected_batch_under_gbk_writes_workbook_and_fixit_lists(tmp_path: Path) -> None:
    root = tmp_path / "全部申报人"
    shutil.copytree(SAMPLES / "complete", root / "覃志远")
    shutil.copytree(SAMPLES / "broken-files", root / "李四")
    log = tmp_path / "log.txt"
    done = _zccheck(["batch", str(root), "--xlsx", str(tmp_path / "汇总.xlsx"), "--out", str(tmp_path / "整改清单"),
                     "-j", "1", "--no-cache"], "gbk", log)
    assert b"Traceback" not in done.stderr, done.stderr.decode("gbk", "replace")
    assert done.returncode == 1  # 李四 has errors
    assert (tmp_path / "汇总.xlsx").stat().st_size > 0
    lists = sorted(p.name for p in (tmp_path / "整改清单").glob("*.txt"))
    assert lists == ["李四-整改清单.txt", "覃志远-整改清单.txt"]
    text = log.read_bytes().decode("gbk")
    assert "李四" in text and "✗" not in text and "✓" not in text
    fixit = (tmp_path / "整改清单" / "覃志远-整改清单.txt").read_text("utf-8-sig")
    assert "可以上传" not in fixit and "转换 1 个文件格式" in fixit
    import openpyxl

    sheet = openpyxl.load_workbook(tmp_path / "汇总.xlsx", read_only=True).worksheets[0]
    values = [str(v) for row in sheet.iter_rows(values_only=True) for v in row if v is not None]
    assert "先处理警告" in values and "需修改" in values and "可以上报" not in values  # only a convert warning


def test_batch_writes_files_before_printing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from zccheck.reporters import batch_rich

    root = tmp_path / "unit"
    shutil.copytree(SAMPLES / "complete", root / "覃志远")

    def broken_console(*args: object, **kwargs: object) -> None:
        raise OSError("console gone")

    monkeypatch.setattr(batch_rich, "render", broken_console)
    runner.invoke(app, ["batch", str(root), "--xlsx", str(tmp_path / "x.xlsx"), "--out", str(tmp_path / "out"),
                        "-j", "1", "--no-cache"])
    assert (tmp_path / "x.xlsx").exists()
    assert (tmp_path / "out" / "覃志远-整改清单.txt").exists()


def test_redirected_report_is_not_wrapped(materials, tmp_path: Path) -> None:
    materials.facts()
    long_dir = "08-1 业绩成果/" + "业绩1-柳东新区某安置小区3号住宅楼主体结构工程及附属配套设施施工总承包项目" * 2
    materials.add(f"{long_dir}/竣工验收证明书.pdf", b"")
    out = tmp_path / "out.txt"
    _zccheck(["scan", str(materials.root)], "gbk", out)
    text = out.read_bytes().decode("gbk")
    assert any(f"{long_dir}/竣工验收证明书.pdf" in line for line in text.splitlines())


# --- the command line --------------------------------------------------------------------------------------

@pytest.mark.parametrize("args", [["-h"], ["scan", "-h"], ["batch", "-h"], ["checklist", "show", "-h"]])
def test_dash_h_is_help(args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 0 and "Usage" in result.output


def test_a_path_without_a_command_is_scanned(tmp_path: Path) -> None:
    assert normalise_argv([r"D:\材料"], COMMANDS) == ["scan", r"D:\材料"]
    assert normalise_argv(["材料"], COMMANDS) == ["scan", "材料"]
    assert normalise_argv(["scan", "x"], COMMANDS) == ["scan", "x"]
    assert normalise_argv(["--version"], COMMANDS) == ["--version"]
    assert normalise_argv(["scna"], COMMANDS) == ["scna"]  # a typo stays a typo (click suggests `scan`)
    assert normalise_argv(["-f", "json", "./材料"], COMMANDS) == ["scan", "-f", "json", "./材料"]
    result = runner.invoke(app, [str(SAMPLES / "complete"), "-f", "json"])
    assert result.exit_code == 0 and '"schema_version": 1' in result.output


def test_stray_quotes_from_cmd_are_stripped() -> None:
    assert strip_quotes('D:\\材料"') == ["D:\\材料"]
    assert strip_quotes('"D:\\my files\\材料"') == ["D:\\my files\\材料"]
    assert strip_quotes("'D:\\材料'") == ["D:\\材料"]
    assert strip_quotes('D:\\材料" -f json') == ["D:\\材料", "-f", "json"]
    assert strip_quotes("--unit") == ["--unit"]
    assert normalise_argv(['D:\\材料"'], COMMANDS) == ["scan", "D:\\材料"]
    result = runner.invoke(app, ["scan", str(SAMPLES / "complete") + '"', "-f", "json"])
    assert result.exit_code == 0


# --- the first screen ----------------------------------------------------------------------------------------

def _finding(code: str, severity: Severity, path: str | None = None, item: str | None = None,
             hint: str = "h") -> Finding:
    return Finding(code=code, severity=severity, item=item, path=path, message=f"{code} {path}", hint=hint)


def test_work_kind_comes_from_the_catalogue() -> None:
    assert work_kind("missing-item", Severity.ERROR) == "add"
    assert work_kind("unrecognised-file", Severity.WARNING) == "rename"
    assert work_kind("convert-before-upload", Severity.WARNING) == "convert"
    assert work_kind("extension-mismatch", Severity.ERROR) == "convert"
    assert work_kind("empty-file", Severity.ERROR) == "redo"
    assert work_kind("too-many-files", Severity.ERROR) == "fix"
    assert work_kind("pension-months-missing", Severity.ERROR) == "fix"
    assert work_kind("convert-before-upload", Severity.REVIEW) == "review"  # a checklist may lower a severity
    assert work_kind("deadline-open", Severity.INFO) is None
    assert all(spec.kind in ("", *KINDS) for spec in CATALOGUE.values())


def test_work_counts_count_files_and_items_once() -> None:
    findings = [
        _finding("missing-item", Severity.ERROR, item="photo"),
        _finding("missing-item", Severity.ERROR, item="work-summary"),
        _finding("unsupported-format", Severity.ERROR, "a.heic"),
        _finding("wrong-format-for-item", Severity.ERROR, "a.heic"),  # the same file: converted once
        _finding("convert-before-upload", Severity.WARNING, "b.xlsx"),
        _finding("unrecognised-file", Severity.WARNING, "IMG_0001.jpg"),
        _finding("summary-count-uncertain", Severity.REVIEW, "s.pdf"),
        _finding("deadline-open", Severity.INFO),
    ]
    assert work_counts(findings) == {"add": 2, "convert": 2, "rename": 1, "review": 1}


def test_headline_agrees_with_the_findings(materials) -> None:
    materials.facts()
    assert verdict(run(SAMPLES / "complete")) == FIX_FIRST  # a convert warning only
    assert verdict(run(materials.root)) == NOT_READY


def test_ready_only_when_nothing_is_to_be_done(tmp_path: Path) -> None:
    from dataclasses import replace

    result = run(SAMPLES / "complete")
    clean = replace(result, findings=tuple(f for f in result.findings if f.severity == Severity.INFO))
    assert verdict(clean) == READY
    out = io.StringIO()
    rich_report.render(clean, out, color=False)
    assert out.getvalue().splitlines()[0].startswith("✓ 未发现问题，可以上传")


def test_a_hint_appears_once(materials) -> None:
    materials.facts()
    for name in ("IMG_20240101_0001.jpg", "IMG_20240101_0002.jpg", "扫描全能王 2024-08-01 10.31.pdf"):
        materials.add(name, pdf_bytes() if name.endswith(".pdf") else b"\xff\xd8\xff\xe0" + b"0" * 100)
    result = run(materials.root)
    hint = next(f.hint for f in result.findings if f.code == "unrecognised-file")
    assert sum(1 for f in result.findings if f.code == "unrecognised-file") == 3
    text = "\n".join(text_report.fixit_lines(result))
    assert text.count(hint) == 1
    out = io.StringIO()
    rich_report.render(result, out, color=False)
    report = out.getvalue()
    assert report.count(hint) == 2  # once under the unrecognised files, once in 下一步要做的事
    next_steps = report.split("下一步要做的事", 1)[1]
    assert next_steps.count(hint) == 1
    assert "IMG_20240101_0001.jpg、IMG_20240101_0002.jpg" in next_steps
    assert "重命名 3 个文件" in report.splitlines()[1]
    assert "[photo]" not in report and "[work-summary]" not in report


def test_wrapped_lines_keep_their_indent_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from rich.text import Text

    from zccheck.reporters.console import make_console, print_indented

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setenv("COLUMNS", "40")
    screen = Terminal()
    console = make_console(screen, color=False)
    print_indented(console, Text("“养老保险缴费明细(2023.8-2024.7).xlsx”是 xlsx 文件，平台上传的材料应为扫描件。"), 6)
    lines = screen.getvalue().rstrip("\n").splitlines()
    assert len(lines) >= 2  # wrapped at the terminal's width
    assert all((line.startswith("      ") and not line.startswith("       ")) or line.strip() == "" for line in lines)
