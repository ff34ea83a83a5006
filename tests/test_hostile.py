"""Hostile and broken input: every case is a clear finding, no traceback, no hang, the documented exit code.

The corpus is built by `hostile_corpus.py` in tmp_path. Each case is scanned in-process through the CLI
(the main thread, so the SIGALRM time limits are live) and the JSON report is checked.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import threading
import time
import zipfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, ClassVar

import pytest
from typer.testing import CliRunner

import hostile_corpus as corpus
from zccheck.cli import app
from zccheck.inventory import folder as folder_module
from zccheck.inventory import probe as probe_module
from zccheck.inventory.document import Document
from zccheck.inventory.folder import walk_folder
from zccheck.inventory.zipguard import (
    ZipLimits,
    archive_refusal,
    central_directory_size,
    member_refusal,
    zip_refusal,
)
from zccheck.timeouts import CheckTimeout, limits_enforced, time_limit

runner = CliRunner()
SCAN_BUDGET_S = 30.0
_QUIET = {"missing-item", "missing-recommended-item", "facts-file-missing", "deadline-closed", "deadline-open",
          "id-number-missing", "retirement-age-unknown", "unrecognised-file"}


def scan(target: Path, *extra: str) -> tuple[int, str, str, float]:
    """Run `zccheck scan target --format json` in-process: exit code, stdout, stderr, seconds."""
    start = time.monotonic()
    result = runner.invoke(app, ["scan", str(target), "--format", "json", "--as-of", "2024-08-20", *extra])
    elapsed = time.monotonic() - start
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr, elapsed


def findings(stdout: str) -> list[Mapping[str, Any]]:
    """The findings of a JSON report."""
    return json.loads(stdout)["findings"]


@pytest.mark.parametrize("case", corpus.CASES, ids=[case.name for case in corpus.CASES])
def test_hostile_case(case: corpus.Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if corpus.usable(case):
        pytest.skip(corpus.usable(case))
    if case.needs_non_root and corpus.IS_ROOT:
        pytest.skip("running as root: file permissions do not stop reads (simulated in test_permission_denied)")
    if "timeout" in case.tags:
        monkeypatch.setattr(probe_module, "PROBE_TIME_LIMIT_S", 0.5)
    target = corpus.build_case(case, tmp_path)
    code, out, err, elapsed = scan(target)
    assert "Traceback" not in out + err
    assert code == case.exit_code, (out[-2000:], err)
    assert elapsed < SCAN_BUDGET_S
    if not out:  # refused before any report: exit 2 (facts file) or 3 (the materials themselves)
        assert code in (2, 3) and ("无法读取材料" in err or "申报信息文件有误" in err), err
        return
    found = findings(out)
    assert not [f for f in found if f["code"] == "internal-error"], "a hostile input made a check fail"
    for code_name in case.codes:
        matching = [f for f in found if f["code"] == code_name and (case.path is None or f["path"] == case.path)]
        assert matching, (code_name, case.path, [(f["code"], f["path"]) for f in found if f["code"] not in _QUIET])
        assert matching[0]["message"] and any("\u4e00" <= ch <= "\u9fff" for ch in matching[0]["message"])
        if case.reason:
            assert case.reason in json.dumps(matching[0].get("details", {}), ensure_ascii=False)
    for code_name in case.forbidden:
        assert not [f for f in found if f["code"] == code_name and f["path"] == case.path], code_name


def test_the_slow_pdf_is_stopped_by_the_probe_time_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without pdfium, pypdf decides alone: a parse stopped by the time limit is `pdf-unverified`, no guess."""
    from zccheck.inventory.pdf_view import ViewerOpinion

    monkeypatch.setattr(probe_module, "PROBE_TIME_LIMIT_S", 0.3)
    monkeypatch.setattr(probe_module, "viewer_opinion", lambda data: ViewerOpinion("unavailable"))
    monkeypatch.setattr(probe_module, "viewer_available", lambda: False)
    doc = Document("slow.pdf", 0, "pdf", "pdf", None, lambda: b"")
    start = time.monotonic()
    probe_module.probe_document(doc, corpus.slow_pdf(3 * corpus.MB))
    assert time.monotonic() - start < 1.5
    assert doc.pdf is None and "秒" in doc.cache["pdf_unverified"] and "corrupt" not in doc.cache


def test_the_slow_pdf_displays_in_a_viewer_so_it_is_not_corrupt() -> None:
    pytest.importorskip("pypdfium2", reason="the viewer's opinion needs the vision extra")
    doc = Document("slow.pdf", 0, "pdf", "pdf", None, lambda: b"")
    start = time.monotonic()
    probe_module.probe_document(doc, corpus.slow_pdf(3 * corpus.MB))
    assert time.monotonic() - start < 3.0
    assert doc.pdf is not None and doc.pdf.pages == 1 and "corrupt" not in doc.cache


def test_zip_unsafe_members_write_nothing_anywhere(tmp_path: Path) -> None:
    case = next(c for c in corpus.CASES if c.name == "zip-unsafe-paths")
    target = corpus.build_case(case, tmp_path / "deep" / "er")
    before = sorted(str(p) for p in tmp_path.rglob("*"))
    code, out, _, _ = scan(target)
    assert code == 1
    reasons = {f["details"]["member"] for f in findings(out) if f["code"] == "zip-member-skipped"}
    assert reasons == {"../../escape.pdf", "/etc/cron.d/evil.pdf", "C:\\Windows\\evil.pdf", "ok/../../up.pdf"}
    assert sorted(str(p) for p in tmp_path.rglob("*")) == before
    assert not Path("/etc/cron.d/evil.pdf").exists()


# --- files that vanish or cannot be read -------------------------------------------------------------------


def test_file_vanishing_between_listing_and_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "营业执照.pdf").write_bytes(corpus.pdf_bytes())
    (tmp_path / "照片.jpg").write_bytes(corpus.jpeg_bytes())
    real_open = os.open

    def vanishing_open(path: Any, flags: int, *args: Any) -> int:
        if os.fsdecode(path).endswith("照片.jpg") and os.path.exists(path):
            os.unlink(path)  # deleted by someone else just before we open it
        return real_open(path, flags, *args)

    monkeypatch.setattr(folder_module.os, "open", vanishing_open)
    code, out, err, _ = scan(tmp_path)
    assert code == 1 and "Traceback" not in err
    gone = [f for f in findings(out) if f["code"] == "unreadable-file"]
    assert [f["path"] for f in gone] == ["照片.jpg"]
    assert "被删除或移动" in gone[0]["message"]


def test_file_vanishing_after_the_inventory_is_unreadable_not_internal_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from zccheck.checks import REGISTRY
    from zccheck.checks.base import Scope

    materials = tmp_path / "m"
    materials.mkdir()
    (materials / "营业执照.pdf").write_bytes(corpus.pdf_bytes())

    class Rereader:  # a document check that reads the bytes again, after the file has gone
        ID, SCOPE, DEFAULTS = "rereader", Scope.DOCUMENT, {}

        @staticmethod
        def check(ctx: Any, options: Any) -> Iterator[Any]:
            for path in materials.glob("*.pdf"):
                path.unlink()
            ctx.document.read_bytes()
            return iter(())

    monkeypatch.setitem(REGISTRY, "rereader", Rereader)
    _, out, _, _ = scan(materials, "-c", str(_checklist_with(tmp_path, document_checks=["rereader"])))
    unreadable = [f for f in findings(out) if f["code"] == "unreadable-file" and f["check"] == "rereader"]
    assert unreadable and unreadable[0]["path"] == "营业执照.pdf"
    assert "被删除或移动" in unreadable[0]["message"]
    assert not [f for f in findings(out) if f["code"] == "internal-error"]


def test_permission_denied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Simulated (root reads anything): every file unreadable -> unreadable-file for each, exit 3."""
    (tmp_path / "营业执照.pdf").write_bytes(corpus.pdf_bytes())
    (tmp_path / "承诺书.pdf").write_bytes(corpus.pdf_bytes())
    real_open = os.open

    def denied(path: Any, flags: int, *args: Any) -> int:
        if os.fsdecode(path).endswith(".pdf"):
            raise PermissionError(errno.EACCES, "Permission denied", os.fsdecode(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(folder_module.os, "open", denied)
    code, out, err, _ = scan(tmp_path)
    assert code == 3 and "Traceback" not in err
    denied_paths = sorted(f["path"] for f in findings(out) if f["code"] == "unreadable-file")
    assert denied_paths == ["承诺书.pdf", "营业执照.pdf"]
    assert all("没有读取权限" in f["message"] for f in findings(out) if f["code"] == "unreadable-file")


def test_one_unreadable_file_among_readable_ones_is_not_exit_3(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "营业执照.pdf").write_bytes(corpus.pdf_bytes())
    (tmp_path / "承诺书.pdf").write_bytes(corpus.pdf_bytes())
    real_open = os.open

    def denied(path: Any, flags: int, *args: Any) -> int:
        if os.fsdecode(path).endswith("承诺书.pdf"):
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(path, flags, *args)

    monkeypatch.setattr(folder_module.os, "open", denied)
    assert scan(tmp_path)[0] == 1


@pytest.mark.skipif(corpus.IS_ROOT or os.name != "posix", reason="root reads files whatever their mode")
def test_permission_denied_for_real(tmp_path: Path) -> None:
    (tmp_path / "营业执照.pdf").write_bytes(corpus.pdf_bytes())
    (tmp_path / "营业执照.pdf").chmod(0)
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "x.pdf").write_bytes(corpus.pdf_bytes())
    locked.chmod(0)
    try:
        code, out, _, _ = scan(tmp_path)
    finally:
        locked.chmod(0o755)
    assert code == 3
    paths = {f["path"] for f in findings(out) if f["code"] == "unreadable-file"}
    assert paths == {"营业执照.pdf", "locked"}


def test_materials_path_itself_unreadable(tmp_path: Path) -> None:
    for target in (tmp_path / "nowhere", tmp_path / "plain.txt"):
        if target.suffix:
            target.write_text("not materials")
        code, out, err, _ = scan(target)
        assert code == 3 and not out and "无法读取材料" in err and "Traceback" not in err


@pytest.mark.skipif(os.name != "posix", reason="symlinks")
def test_links_inside_the_root_are_followed_only_to_files(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "营业执照.pdf").write_bytes(corpus.pdf_bytes())
    (tmp_path / "承诺书.pdf").symlink_to(tmp_path / "sub" / "营业执照.pdf")
    (tmp_path / "sub-link").symlink_to(tmp_path / "sub")
    (tmp_path / "dangling.pdf").symlink_to(tmp_path / "nothing.pdf")
    inventory = walk_folder(tmp_path)
    assert sorted(d.rel_path for d in inventory.documents) == ["sub/营业执照.pdf", "承诺书.pdf"]
    reasons = {p.path: p.details["reason"] for p in inventory.problems if p.code == "symlink-skipped"}
    assert reasons == {"sub-link": "directory", "dangling.pdf": "dangling"}


def test_reader_refuses_files_over_the_cap_and_non_regular_files(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from zccheck.inventory.document import ReadError

    big = tmp_path / "big.pdf"
    big.write_bytes(b"%PDF-" + b"0" * 5000)
    monkeypatch.setattr(folder_module, "READ_CAP_BYTES", 1000)
    with pytest.raises(ReadError, match="未读取"):
        folder_module.read_regular_file(big)
    assert folder_module.read_regular_file(big, 10) == b"%PDF-00000"
    with pytest.raises(ReadError, match="不是普通文件"):
        folder_module.read_regular_file(tmp_path)
    if os.name == "posix":
        os.mkfifo(tmp_path / "pipe")
        start = time.monotonic()
        with pytest.raises(ReadError, match="不是普通文件"):
            folder_module.read_regular_file(tmp_path / "pipe")  # O_NONBLOCK: no writer, no wait
        assert time.monotonic() - start < 1
        (tmp_path / "link.pdf").symlink_to(big)
        with pytest.raises(ReadError, match="链接"):
            folder_module.read_regular_file(tmp_path / "link.pdf")  # O_NOFOLLOW


# --- zip guards -------------------------------------------------------------------------------------------


def test_central_directory_is_measured_before_zipfile_parses_it(tmp_path: Path) -> None:
    data = corpus.zip_of({f"f{i}.txt": b"x" for i in range(300)})
    import io

    entries, size = central_directory_size(io.BytesIO(data))
    assert entries == 300 and size > 300 * 46
    assert archive_refusal(io.BytesIO(data), max_directory_bytes=size - 1).reason == "too-many-members"
    assert archive_refusal(io.BytesIO(data)) is None
    zip64 = io.BytesIO()
    with zipfile.ZipFile(zip64, "w") as archive:
        archive.writestr("a.txt", b"a")
    forced = io.BytesIO()
    with zipfile.ZipFile(forced, "w", allowZip64=True) as archive, archive.open("b.bin", "w", force_zip64=True) as f:
        f.write(b"b")
    assert central_directory_size(io.BytesIO(forced.getvalue()))[0] == 1
    assert central_directory_size(io.BytesIO(b"not a zip")) is None


def test_member_and_container_refusals() -> None:
    import io

    limits = ZipLimits(max_members=3, max_total_bytes=10 * corpus.MB, max_member_bytes=5 * corpus.MB, max_ratio=100,
                       ratio_min_bytes=corpus.MB)
    info = zipfile.ZipInfo("a")
    info.file_size, info.compress_size = 6 * corpus.MB, 6 * corpus.MB
    assert member_refusal(info, limits).reason == "too-large"
    info.file_size, info.compress_size = 2 * corpus.MB, 1000
    assert member_refusal(info, limits).reason == "bomb"
    info.compress_size = 2 * corpus.MB
    assert member_refusal(info, limits, total=9 * corpus.MB).reason == "total-too-large"
    assert member_refusal(info, limits) is None
    many = corpus.zip_of({f"{i}.txt": b"x" for i in range(4)})
    assert zip_refusal(io.BytesIO(many), limits).reason == "too-many-members"
    assert zip_refusal(io.BytesIO(b"PK\x03\x04 broken"), limits).reason == "corrupt"


def test_openpyxl_parses_workbooks_with_defusedxml() -> None:
    """What the xlsx readers rely on: openpyxl uses defusedxml (and lxml without entity resolution)."""
    import io

    import openpyxl
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML is True
    laughs = corpus.with_dtd(corpus.xlsx_bytes(), "xl/worksheets/sheet1.xml", corpus._LAUGHS, "&lol9;", "<v>5</v>")
    start = time.monotonic()
    with pytest.raises(Exception) as caught:
        workbook = openpyxl.load_workbook(io.BytesIO(laughs), read_only=True)
        list(workbook.worksheets[0].iter_rows(values_only=True))
    chain = []
    error: BaseException | None = caught.value
    while error is not None:
        chain.append(type(error).__module__)
        error = error.__cause__ or error.__context__
    assert any(module.startswith("defusedxml") for module in chain), chain
    assert time.monotonic() - start < 2
    xxe = corpus.with_dtd(corpus.xlsx_bytes(), "xl/workbook.xml", corpus._XXE, "&xxe;", 'name="Sheet"')
    try:
        names = openpyxl.load_workbook(io.BytesIO(xxe), read_only=True).sheetnames
    except Exception:  # refused outright: fine
        names = []
    assert not any("root:" in name for name in names)


def test_probe_container_accepts_real_office_files() -> None:
    probe_module.probe_container(corpus.xlsx_bytes())
    probe_module.probe_container(corpus.docx_bytes())


# --- time limits ------------------------------------------------------------------------------------------


def _spin(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


@pytest.fixture(params=["signal", "thread"])
def limit_method(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each time-limit test runs with SIGALRM (POSIX main thread) and with the watchdog-thread way that Windows
    uses, forced here by ZCCHECK_TIMEOUT_METHOD=thread."""
    from zccheck import timeouts

    if request.param == "thread":
        monkeypatch.setenv(timeouts.METHOD_ENV, "thread")
    else:
        monkeypatch.delenv(timeouts.METHOD_ENV, raising=False)
    assert timeouts.method() == request.param
    return request.param


def test_time_limit_interrupts_and_is_not_swallowed_by_except_exception(limit_method: str) -> None:
    assert limits_enforced()
    start = time.monotonic()
    with pytest.raises(CheckTimeout) as raised, time_limit(0.2):
        try:
            _spin(5)
        except Exception:  # a library's broad handler must not swallow the timeout
            pytest.fail("CheckTimeout was caught as an Exception")
    assert time.monotonic() - start < 1
    assert raised.value.seconds == 0.2


def test_time_limits_nest(limit_method: str) -> None:
    start = time.monotonic()
    with pytest.raises(CheckTimeout) as outer, time_limit(0.4):
        with pytest.raises(CheckTimeout) as inner, time_limit(0.1):
            _spin(5)
        assert inner.value.seconds == 0.1
        with time_limit(10):  # a longer inner limit must not extend the outer one
            _spin(5)
    assert outer.value.seconds == 0.4
    assert 0.35 < time.monotonic() - start < 1.5
    with time_limit(0.2):
        _spin(0.05)
    _spin(0.3)  # nothing left armed


def test_a_limit_that_ends_in_time_never_goes_off_later(limit_method: str) -> None:
    for number in range(300):
        with contextlib.suppress(CheckTimeout), time_limit(0.001 + (number % 3) * 0.001):
            _spin(0.001)
    _spin(0.3)  # a withdrawn or disarmed limit raises nothing here


def test_time_limit_off_the_main_thread_uses_the_watchdog_thread() -> None:
    """Worker threads (and Windows, which has no SIGALRM) get limits too."""
    from zccheck.timeouts import method

    seen: dict[str, Any] = {}

    def work() -> None:
        seen["method"] = method()
        start = time.monotonic()
        try:
            with time_limit(0.1):
                _spin(3)
        except CheckTimeout as exc:
            seen["timeout"] = exc.seconds
        seen["fast"] = time.monotonic() - start < 1

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert seen == {"method": "thread", "timeout": 0.1, "fast": True}


# --- internal errors in checks ----------------------------------------------------------------------------


def _checklist_with(tmp_path: Path, *, applicant_checks: list[str] | None = None,
                    document_checks: list[str] | None = None) -> Path:
    """The real checklist with extra checks added to [run]."""
    from zccheck.checklist.loader import resolve_checklist

    text = resolve_checklist(None).read_text(encoding="utf-8")
    for key, extra in (("applicant_checks", applicant_checks), ("document_checks", document_checks)):
        if extra:
            marker = f"{key} = ["
            assert marker in text
            text = text.replace(marker, marker + "".join(f'"{name}", ' for name in extra), 1)
    path = tmp_path / "test-checklist.toml"
    path.write_text(text, encoding="utf-8")
    return path


class _Broken:
    """A document check with a bug."""

    ID = "broken"
    DEFAULTS: ClassVar[dict[str, Any]] = {}

    @staticmethod
    def check(ctx: Any, options: Any) -> Iterator[Any]:
        if ctx.document.name == "营业执照.pdf":
            raise ZeroDivisionError("deliberate bug")
        return iter(())


class _BadCode:
    """An applicant check that yields a code nobody catalogued."""

    ID = "bad-code"
    DEFAULTS: ClassVar[dict[str, Any]] = {}

    @staticmethod
    def check(ctx: Any, options: Any) -> Iterator[Any]:
        from zccheck.findings import Problem

        yield Problem("no-such-code")


@pytest.fixture
def broken_checks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    from zccheck.checks import REGISTRY
    from zccheck.checks.base import Scope

    monkeypatch.setattr(_Broken, "SCOPE", Scope.DOCUMENT, raising=False)
    monkeypatch.setattr(_BadCode, "SCOPE", Scope.APPLICANT, raising=False)
    monkeypatch.setitem(REGISTRY, "broken", _Broken)
    monkeypatch.setitem(REGISTRY, "bad-code", _BadCode)
    materials = tmp_path / "materials"
    materials.mkdir()
    (materials / "营业执照.pdf").write_bytes(corpus.pdf_bytes())
    (materials / "承诺书.pdf").write_bytes(corpus.pdf_bytes())
    (materials / "empty.pdf").write_bytes(b"")
    return _checklist_with(tmp_path, applicant_checks=["bad-code"], document_checks=["broken"])


def test_a_broken_check_is_an_internal_error_naming_check_and_file(tmp_path: Path, broken_checks: Path) -> None:
    code, out, err, _ = scan(tmp_path / "materials", "-c", str(broken_checks))
    assert "Traceback" not in out + err
    assert code == 1
    errors = [f for f in findings(out) if f["code"] == "internal-error"]
    by_check = {f["check"]: f for f in errors}
    assert set(by_check) == {"broken", "bad-code"}
    broken = by_check["broken"]
    assert broken["path"] == "营业执照.pdf" and broken["severity"] == "review"
    assert "broken" in broken["message"] and "营业执照.pdf" in broken["message"]
    assert "ZeroDivisionError" in broken["message"] and "traceback" not in broken.get("details", {})
    assert "no-such-code" in by_check["bad-code"]["message"]
    others = {(f["code"], f["path"]) for f in findings(out)}
    assert ("empty-file", "empty.pdf") in others  # the report went on


def test_debug_shows_the_traceback_in_json_and_in_the_rich_report(tmp_path: Path, broken_checks: Path) -> None:
    _, out, _, _ = scan(tmp_path / "materials", "-c", str(broken_checks), "--debug")
    broken = next(f for f in findings(out) if f["check"] == "broken")
    assert "ZeroDivisionError: deliberate bug" in broken["details"]["traceback"]
    result = runner.invoke(app, ["scan", str(tmp_path / "materials"), "-c", str(broken_checks), "--debug",
                                 "--no-color", "--as-of", "2024-08-20"])
    assert "Traceback (most recent call last)" in result.stdout and "deliberate bug" in result.stdout
    plain = runner.invoke(app, ["scan", str(tmp_path / "materials"), "-c", str(broken_checks), "--no-color",
                                "--as-of", "2024-08-20"])
    assert "Traceback" not in plain.stdout and "deliberate bug" in plain.stdout


def test_a_hanging_check_times_out_and_the_scan_goes_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      limit_method: str) -> None:
    from zccheck.checks import REGISTRY
    from zccheck.checks.base import Scope
    from zccheck.engine import ScanOptions
    from zccheck.engine import scan as engine_scan

    class Hang:
        ID, SCOPE, DEFAULTS = "hang", Scope.DOCUMENT, {}

        @staticmethod
        def check(ctx: Any, options: Any) -> Iterator[Any]:
            while True:
                try:
                    _spin(1)
                except Exception:  # a check that swallows everything still cannot stop the limit
                    continue

    monkeypatch.setitem(REGISTRY, "hang", Hang)
    materials = tmp_path / "materials"
    materials.mkdir()
    (materials / "营业执照.pdf").write_bytes(corpus.pdf_bytes())
    (materials / "empty.pdf").write_bytes(b"")
    start = time.monotonic()
    result = engine_scan(materials, ScanOptions(checklist=str(_checklist_with(tmp_path, document_checks=["hang"])),
                                                file_time_limit_s=0.2))
    assert time.monotonic() - start < 5
    timeouts = sorted(f.path for f in result.findings if f.code == "check-timeout")
    assert timeouts == ["empty.pdf", "营业执照.pdf"]
    assert ("empty-file", "empty.pdf") in {(f.code, f.path) for f in result.findings}


# --- malformed checklist and facts file: exit 2 in Chinese with file and line --------------------------------


def test_malformed_checklist_is_exit_2_in_chinese_with_file_and_line(tmp_path: Path) -> None:
    from zccheck.checklist.loader import resolve_checklist

    text = resolve_checklist(None).read_text(encoding="utf-8")
    broken = tmp_path / "x.toml"
    broken.write_text(text.replace("max_files = 1", 'max_files = "一个"', 1), encoding="utf-8")
    line = next(i for i, row in enumerate(broken.read_text("utf-8").splitlines(), 1) if 'max_files = "一个"' in row)
    (tmp_path / "m").mkdir()
    code, out, err, _ = scan(tmp_path / "m", "-c", str(broken))
    assert code == 2 and not out
    assert err.startswith(f"清单错误：{broken} 第 {line} 行：项目 photo 的 max_files 必须是整数"), err
    syntax = tmp_path / "y.toml"
    syntax.write_text("[checklist]\nid = \n", encoding="utf-8")
    code, _, err, _ = scan(tmp_path / "m", "-c", str(syntax))
    assert code == 2 and f"{syntax} 第 2 行：不是有效的 TOML 格式" in err


def test_facts_file_in_gbk_is_read_and_binary_is_exit_2(tmp_path: Path) -> None:
    materials = tmp_path / "m"
    materials.mkdir()
    (materials / "zccheck.toml").write_bytes('[applicant]\nname = "张三"\nlevel = "工程师"\n'.encode("gbk"))
    code, out, _, _ = scan(materials)
    data = json.loads(out)
    assert data["applicant"]["name"] == "张三" and data["applicant"]["facts_file"] is True
    (materials / "zccheck.toml").write_bytes(b"\x00\xff" * 100)
    code, out, err, _ = scan(materials)
    assert code == 2 and "申报信息文件有误" in err and "zccheck.toml" in err
    with open(materials / "zccheck.toml", "wb") as handle:
        handle.truncate(50 * corpus.MB)  # sparse: never read whole
    code, _, err, _ = scan(materials)
    assert code == 2 and "过大" in err


def test_toml_that_breaks_tomllib_itself_is_a_file_error(tmp_path: Path) -> None:
    """tomllib raises ValueError (not TOMLDecodeError) for a 5000-digit integer, RecursionError for deep arrays."""
    from zccheck.checklist.loader import ChecklistError, load_checklist
    from zccheck.facts_loader import FactsFileError, load_facts

    for text in ("[applicant]\nname = " + "9" * 5000 + "\n", "a = " + "[" * 5000 + "]" * 5000 + "\n"):
        with pytest.raises(FactsFileError, match="不是有效的 TOML"):
            load_facts(text)
        path = tmp_path / "c.toml"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(ChecklistError, match="不是有效的 TOML"):
            load_checklist(path)


def test_facts_file_decoding() -> None:
    from zccheck.inventory.factsfile import FACTS_MAX_LINE, FactsDecodeError, decode_facts

    text = '[applicant]\nname = "张三"\n'
    for data in (text.encode("utf-8"), b"\xef\xbb\xbf" + text.encode("utf-8"), text.encode("utf-16"),
                 text.encode("gbk")):
        assert decode_facts(data) == text
    with pytest.raises(FactsDecodeError, match="过长"):
        decode_facts(b"a" * (FACTS_MAX_LINE + 1) + b" = 1\n")
    with pytest.raises(FactsDecodeError, match="不是文本"):
        decode_facts(b"\x00" * 10)
