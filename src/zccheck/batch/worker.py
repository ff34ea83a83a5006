"""Check one applicant inside a worker process. Top-level, spawn-safe functions; plain data in and out.

A worker returns an `ApplicantReport` (the scan's JSON dict, the fix-it lines and a few numbers), never live
objects. Whatever goes wrong with one applicant — unreadable materials, a broken zccheck.toml, an exception,
the time limit — becomes that applicant's status. The time limit is enforced in two steps: the main thread
is interrupted (a signal raising `ApplicantTimeout`); if it is stuck in native code and does not return
within `GRACE_SECONDS`, the worker leaves a marker file for the parent and ends itself.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zccheck.batch.model import (
    CHECKED,
    EMPTY,
    FACTS_FILE,
    FACTS_NONE,
    FACTS_ROSTER,
    FAILED,
    TIMEOUT,
    UNREADABLE,
    ApplicantReport,
)

GRACE_SECONDS = 15.0
HARD_TIMEOUT_EXIT = 75
MARKER_SUFFIX = ".timeout"

_CHECKLISTS: dict[str | None, Any] = {}
_CACHES: dict[str, Any] = {}


class ApplicantTimeout(BaseException):
    """The applicant ran past its time limit. A BaseException, so no check's `except Exception` swallows it."""


@dataclass(frozen=True)
class Task:
    """What a worker needs to check one applicant (picklable)."""

    index: int
    entry: str
    label: str
    path: str
    source: str
    options: Any  # engine.ScanOptions
    roster_facts: Mapping[str, str] | None = None
    roster_line: int | None = None
    cache_dir: str | None = None
    time_limit_s: float = 0.0
    marker_dir: str | None = None
    want_fixit: bool = False
    html_path: str | None = None  # write the applicant's HTML report here (batch --html)
    grace_s: float = GRACE_SECONDS
    # Renders a Result as fix-it lines, given by the caller (the CLI passes reporters.text_report.fixit_lines):
    # batch depends on the result, never on reporters. A module-level function: workers import it by name.
    fixit_lines: Callable[[Any], list[str]] | None = None
    # The Result as the JSON document (the CLI passes reporters.json_report.to_dict; default result_json.to_dict).
    result_data: Callable[[Any], dict[str, Any]] | None = None
    # Writes a Result's HTML page to `html_path` (the CLI passes reporters.output.write_html_report).
    html_writer: Callable[[Any, str], None] | None = None


def init_worker(quiet: bool = True) -> None:
    """Process initialiser: keep stdout clean (the parent may be writing JSON there) and stderr quiet; leave
    Ctrl-C to the parent."""
    import logging
    import warnings

    from zccheck.content.threads import one_thread_each

    # Workers keep glibc's default heap (no zccheck.heap.return_large_blocks): its fixed mmap threshold
    # lowers one process's peak with OCR, but it costs a batch that decodes thousands of pages about 6 s of
    # system CPU per 100 applicants (page faults on fresh mappings), measured with bench_batch.py --ocr; a
    # worker's peak stays far below the 500 MB target without it (bench_batch.py: ~170 MB).
    warnings.simplefilter("ignore")
    logging.disable(logging.WARNING)
    one_thread_each()  # one process per core already: native libraries' own threads would only compete
    if os.name == "posix":  # Ctrl-C is the parent's to handle (it keeps what is finished and stops the workers).
        # Not on Windows: there the watchdog interrupts the main thread through a simulated SIGINT.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    if quiet:
        with contextlib.suppress(OSError, ValueError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            os.dup2(devnull, 2)
            os.close(devnull)


# What checking an applicant imports first: the engine and its checks.
WARM_MODULES = ("zccheck.engine", "zccheck.inventory.materials")
# ... and sooner or later when files are read, not answered from the cache: the libraries of PDFs, images and
# Office files and the optional vision stack (an ID photo's face detection, scanned pages' orientation).
WARM_LIBRARIES = ("numpy", "PIL.Image", "pypdf", "pypdfium2", "openpyxl", "docx", "cv2", "onnxruntime")


def warm_up(checklist: str | None = None, libraries: bool = True) -> None:
    """Import what checking an applicant needs and load the checklist before the first applicant arrives.

    Sent to each worker as soon as the batch starts, so that this start-up runs while the parent is still
    reading the folders and the roster. `libraries`: also import the file libraries (about 1 s of CPU) —
    worth it when the files will be read, not when a warm cache answers (a re-run would only pay for them).
    Nothing here is reported: a module that cannot be imported (the optional vision stack) or a checklist
    that does not load is met again, and reported, where it is used."""
    import importlib

    from zccheck.checklist.loader import ChecklistError

    for name in WARM_MODULES + (WARM_LIBRARIES if libraries else ()):
        with contextlib.suppress(ImportError):
            importlib.import_module(name)
    with contextlib.suppress(ChecklistError, OSError):
        _checklist(checklist)


def facts_toml(facts: Mapping[str, str]) -> str:
    """A zccheck.toml text for roster facts (strings quoted as TOML basic strings)."""
    lines = ["[applicant]"]
    for key, value in facts.items():
        lines.append(f"{key} = {json.dumps(str(value), ensure_ascii=False)}")
    return "\n".join(lines) + "\n"


def marker_path(marker_dir: str, index: int) -> Path:
    """Where a worker that had to end itself on the time limit leaves its note."""
    return Path(marker_dir) / f"{index}{MARKER_SUFFIX}"


def _max_rss_kb() -> int | None:
    try:
        import resource
    except ImportError:  # Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(peak // 1024 if sys.platform == "darwin" else peak)


def _checklist(name: str | None) -> Any:
    if name not in _CHECKLISTS:
        from zccheck.checklist.loader import load_checklist, resolve_checklist

        _CHECKLISTS[name] = load_checklist(resolve_checklist(name))
    return _CHECKLISTS[name]


def _cache(directory: str | None) -> Any:
    if directory is None:
        return None
    if directory not in _CACHES:
        from zccheck.cache import Cache, CacheUnavailable

        try:
            _CACHES[directory] = Cache.open(directory)
        except CacheUnavailable:
            _CACHES[directory] = None
    return _CACHES[directory]


class _Watchdog:
    """Interrupts the main thread after `seconds`; ends the process when that does not work."""

    def __init__(self, seconds: float, marker: Path | None, grace: float = GRACE_SECONDS) -> None:
        self.seconds = seconds
        self.marker = marker
        self.grace = grace
        self.fired = False
        self._armed = False
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._previous: Any = None
        self._use_signal = (hasattr(signal, "pthread_kill") and hasattr(signal, "SIGUSR1")
                            and threading.current_thread() is threading.main_thread())

    def __enter__(self) -> _Watchdog:
        if self.seconds and self.seconds > 0:
            if self._use_signal:
                self._previous = signal.signal(signal.SIGUSR1, self._on_signal)
            self._armed = True
            self._main = threading.main_thread().ident
            threading.Thread(target=self._watch, name="zccheck-watchdog", daemon=True).start()
        return self

    def _on_signal(self, signum: int, frame: object) -> None:
        if self._armed:
            self._armed = False
            raise ApplicantTimeout()

    def _watch(self) -> None:
        if self._done.wait(self.seconds):
            return
        with self._lock:
            if not self._armed:
                return
            self.fired = True
            if self._use_signal:
                signal.pthread_kill(self._main, signal.SIGUSR1)
            else:  # pragma: no cover - Windows
                import _thread

                self._armed = False
                _thread.interrupt_main()
        if self._done.wait(self.grace):
            return
        if self.marker is not None:
            with contextlib.suppress(OSError):
                self.marker.write_text(str(self.seconds), encoding="utf-8")
        os._exit(HARD_TIMEOUT_EXIT)

    def disarm(self) -> None:
        """The work is over: nothing may interrupt it any more."""
        with self._lock:
            self._armed = False
        self._done.set()

    def __exit__(self, *exc: object) -> None:
        self.disarm()
        if self._use_signal and self._previous is not None:
            signal.signal(signal.SIGUSR1, self._previous)


def run_task(task: Task, work: Callable[[Task, ApplicantReport], None] | None = None) -> ApplicantReport:
    """Check one applicant under the time limit; never raises for anything the materials can cause.

    `work` (default `check_applicant`) fills the report; tools and tests may pass another module-level
    function (workers import it by name).
    """
    started = time.perf_counter()
    report = ApplicantReport(index=task.index, entry=task.entry, label=task.label, path=task.path,
                             source=task.source, status=FAILED, roster_line=None, pid=os.getpid())
    marker = marker_path(task.marker_dir, task.index) if task.marker_dir else None
    watchdog = _Watchdog(task.time_limit_s, marker, task.grace_s)
    try:
        with watchdog:
            try:
                (work or check_applicant)(task, report)
            finally:
                watchdog.disarm()
    except ApplicantTimeout:
        report.status = TIMEOUT
        report.result = None
        report.fixit = None
        report.problem = {"reason": "timeout", "detail": f"{task.time_limit_s:g} s"}
    except KeyboardInterrupt:
        if not watchdog.fired:
            raise
        report.status = TIMEOUT
        report.problem = {"reason": "timeout", "detail": f"{task.time_limit_s:g} s"}
    report.seconds = round(time.perf_counter() - started, 4)
    report.max_rss_kb = _max_rss_kb()
    return report


def _write_html(result: Any, task: Task, report: ApplicantReport) -> None:
    """Write the applicant's HTML report with the writer the caller gave (thumbnails are rendered here, in the
    worker, under its time limit)."""
    assert task.html_path is not None and task.html_writer is not None
    try:
        task.html_writer(result, task.html_path)
    except OSError as exc:
        report.problem = {"reason": "html-not-written",
                          "detail": f"{exc.filename or task.html_path}: {exc.strerror or exc}"}
        return
    report.html_page = Path(task.html_path).name


def check_applicant(task: Task, report: ApplicantReport) -> None:
    """Open, check and summarise one applicant's materials into `report` (statuses for what goes wrong)."""
    from zccheck import cache as persistent
    from zccheck.cache import CacheUnavailable
    from zccheck.classify.classifier import names_material
    from zccheck.engine import evaluate
    from zccheck.facts_loader import FactsFileError
    from zccheck.findings import Problem
    from zccheck.inventory.materials import open_materials
    from zccheck.inventory.model import MaterialsUnreadable
    from zccheck.result_json import to_dict

    options = task.options
    store = _cache(task.cache_dir)
    if store is not None:
        try:
            store.check_outside(task.path)
        except CacheUnavailable:
            store = None
    before = dict(vars(store.stats)) if store is not None else {}
    try:
        checklist = _checklist(options.checklist)
        with persistent.using(store, task.path):
            inventory = open_materials(task.path, keep=lambda name: names_material(name, checklist))
            source = FACTS_FILE if inventory.facts_text is not None else FACTS_NONE
            if inventory.facts_text is None and task.roster_facts:
                if inventory.facts_error is not None:  # the engine reports it only while there are no facts
                    inventory.problems.append(Problem("facts-file-invalid", params={"reason": inventory.facts_error}))
                inventory.facts_text = facts_toml(task.roster_facts)
                source = FACTS_ROSTER
            try:
                result = evaluate(inventory, checklist, options)
            except FactsFileError as exc:
                where = f"第 {exc.line} 行：" if exc.line else ""
                inventory.problems.append(Problem("facts-file-invalid", params={"reason": f"{where}{exc}"},
                                                  details={"line": exc.line}))
                inventory.facts_text = facts_toml(task.roster_facts) if task.roster_facts else None
                source = FACTS_ROSTER if task.roster_facts else FACTS_NONE
                result = evaluate(inventory, checklist, options)
    except MaterialsUnreadable as exc:
        report.status = UNREADABLE
        report.problem = {"reason": "unreadable", "detail": exc.reason}
        return
    except ApplicantTimeout:
        raise
    except Exception as exc:  # one applicant must never stop the batch
        report.status = FAILED
        detail: dict[str, Any] = {"reason": "exception", "detail": f"{type(exc).__name__}: {exc}"}
        if options.debug:
            detail["traceback"] = traceback.format_exc()
        report.problem = detail
        return
    data = (task.result_data or to_dict)(result)
    if source == FACTS_ROSTER:
        data["applicant"]["facts_file"] = False
        report.roster_line = task.roster_line
    report.result = data
    report.facts_source = source
    report.fixit = task.fixit_lines(result) if task.want_fixit and task.fixit_lines is not None else None
    if task.html_path is not None and task.html_writer is not None:
        _write_html(result, task, report)
    report.status = EMPTY if result.document_count == 0 else CHECKED
    if store is not None:
        report.cache_stats = {key: value - before.get(key, 0) for key, value in vars(store.stats).items()}
