"""Ctrl-C during `zccheck batch`: what is finished is written (workbook, fix-it lists, JSON) and the exit code is
130. Deterministic: a sitecustomize hook makes every applicant after the first block in its worker and leaves a
marker when it starts; with one job, the second applicant starts only after the parent took the first's
report, so SIGINT is sent exactly then (no sleeps deciding the outcome).

The batch is started with SIGINT at its default disposition, as from a terminal: a test runner started as a
background job of a non-interactive shell (`pytest … &` in a script, some CI agents) ignores SIGINT, children
inherit an ignored signal across exec, and Python then never raises KeyboardInterrupt — so the Ctrl-C would
never arrive. A batch that does not end is aborted with faulthandler on, and its threads' stacks are shown."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import pdf_bytes
from test_batch import MINI_CHECKLIST, write

HOOK = '''
import os

if os.environ.get("ZCCHECK_TEST_MARKERS"):  # in the batch process and in each of its spawned workers
    import time
    from pathlib import Path

    from zccheck.batch import worker

    _original = worker.check_applicant
    _markers = Path(os.environ["ZCCHECK_TEST_MARKERS"])

    def _check_applicant(task, report):
        if task.index >= 1:
            (_markers / f"started-{task.index}").write_text("", encoding="utf-8")
            parent, until = os.getppid(), time.monotonic() + 600
            while os.getppid() == parent and time.monotonic() < until:  # until the parent ends this worker
                time.sleep(0.2)  # (or the parent died: no worker is left behind by a failed test)
            os._exit(1)
        _original(task, report)

    worker.check_applicant = _check_applicant
'''


def _sigint_as_from_a_terminal() -> None:
    """In the child before exec: SIGINT at its default, whatever the test runner inherited."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.skipif(os.name != "posix", reason="sends SIGINT to a child process")
def test_ctrl_c_keeps_what_is_finished_and_exits_130(tmp_path: Path) -> None:
    root = tmp_path / "unit"
    checklist = write(tmp_path / "mini.toml", MINI_CHECKLIST)
    for name in ("01-张三", "02-李四", "03-王五"):
        write(root / name / "工作总结.pdf", pdf_bytes(1))
    hook = write(tmp_path / "hook" / "sitecustomize.py", HOOK)
    markers = tmp_path / "markers"
    markers.mkdir()
    xlsx, out = tmp_path / "汇总.xlsx", tmp_path / "整改清单"
    src = Path(__file__).resolve().parents[1] / "src"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(hook.parent), str(src)]),
           "ZCCHECK_TEST_MARKERS": str(markers), "ZCCHECK_CACHE_DIR": str(tmp_path / "cache"),
           "PYTHONFAULTHANDLER": "1"}
    stdout_path, stderr_path = tmp_path / "stdout.json", tmp_path / "stderr.txt"
    # Files, not pipes: workers still alive after a failure would keep a pipe open.
    with stdout_path.open("wb") as stdout_file, stderr_path.open("wb") as stderr_file:
        process = subprocess.Popen(
            [sys.executable, "-m", "zccheck", "batch", str(root), "--jobs", "1", "--checklist", str(checklist),
             "--as-of", "2024-08-20", "--format", "json", "--xlsx", str(xlsx), "--out", str(out), "--no-cache"],
            stdout=stdout_file, stderr=stderr_file, env=env, preexec_fn=_sigint_as_from_a_terminal)
    try:
        deadline = time.monotonic() + 120
        while not (markers / "started-1").exists():  # the first applicant's report is in the parent
            assert process.poll() is None, stderr_path.read_text("utf-8", "replace")
            assert time.monotonic() < deadline, "the second applicant never started"
            time.sleep(0.05)
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=120)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGABRT)  # faulthandler writes every thread's stack to stderr
            process.wait(timeout=30)
            pytest.fail("the batch did not end after SIGINT:\n" + stderr_path.read_text("utf-8", "replace"))
    finally:
        if process.poll() is None:
            process.kill()
    err = stderr_path.read_text("utf-8", "replace")
    assert process.returncode == 130, err
    assert "已中断：完成 1/3 人" in err
    document = json.loads(stdout_path.read_text("utf-8"))
    assert [a["entry"] for a in document["applicants"]] == ["01-张三"]
    assert document["applicants"][0]["status"] == "checked"
    assert document["summary"]["interrupted"] is True and document["summary"]["planned"] == 3
    assert document["notes"][0].startswith("已中断：完成 1/3 人")
    import openpyxl

    sheet = openpyxl.load_workbook(xlsx).worksheets[0]
    assert str(sheet["A1"].value).startswith("已中断：完成 1/3 人")
    labels = [row[1] for row in sheet.iter_rows(min_row=4, values_only=True) if row[1]]
    assert labels == ["01-张三"]
    assert sorted(p.name for p in out.glob("*.txt")) == ["01-张三-整改清单.txt"]


def test_batch_result_knows_it_was_interrupted() -> None:
    from zccheck.batch.model import CHECKED, ApplicantReport, BatchResult
    from zccheck.reporters.batch_labels import interrupted_line

    report = ApplicantReport(index=0, entry="a", label="a", path="a", source="folder", status=CHECKED,
                             result={"summary": {"errors": 0}})
    whole = BatchResult(root=".", lang="zh", checklist={}, applicants=[report])
    assert interrupted_line(whole) is None and whole.summary()["interrupted"] is False
    stopped = BatchResult(root=".", lang="en", checklist={}, applicants=[report], planned=4, interrupted=True)
    assert interrupted_line(stopped).startswith("Interrupted: 1/4")
    assert stopped.summary()["planned"] == 4
