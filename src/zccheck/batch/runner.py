"""Run applicant tasks in worker processes, surviving anything one applicant can do to a worker.

Workers are started with the "spawn" method on every platform (no fork of a parent that runs a progress
thread; the same behaviour on Windows and macOS). At most `jobs` tasks are in flight, so when a worker
dies (BrokenProcessPool: a crash in native code, the OOM killer, the hard time limit) only those tasks are
suspects: a suspect that left a time-limit marker timed out; the others are re-run one at a time in a
fresh single-worker pool, and one that breaks its pool again is reported as crashed. The rest of the batch
continues in a new pool.
"""

from __future__ import annotations

import multiprocessing
import os
import tempfile
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from zccheck.batch.model import CRASHED, FAILED, TIMEOUT, ApplicantReport
from zccheck.batch.worker import Task, init_worker, marker_path, run_task, warm_up

Callback = Callable[[ApplicantReport], None]


class BatchInterrupted(BaseException):
    """Ctrl-C (SIGINT) stopped the batch; `reports` holds every applicant finished before it, in task order.

    A BaseException like KeyboardInterrupt, so no `except Exception` on the way swallows it."""

    def __init__(self, reports: list[ApplicantReport]) -> None:
        super().__init__(f"interrupted after {len(reports)} applicants")
        self.reports = reports
Work = Callable[[Task, ApplicantReport], None]


class WarmPool:
    """Worker processes started before the batch is planned, for `run_tasks` to take over.

    Starting a worker (interpreter, zccheck, the PDF, image and vision libraries, the checklist) takes about a
    second; started here, that overlaps the parent's reading of the folders and the roster instead of
    following it. Use as a context manager: on leaving, workers that were never taken over are stopped (the
    planning failed, or there was nothing to check). The pool must be made with the `quiet` of the batch;
    `libraries` as in `worker.warm_up`."""

    def __init__(self, jobs: int, *, quiet: bool = True, checklist: str | None = None,
                 libraries: bool = True) -> None:
        jobs = max(1, jobs)
        self._executor: ProcessPoolExecutor | None = _executor(jobs, quiet)
        for _ in range(jobs):  # one per worker: each submission starts a process until there are `jobs`
            self._executor.submit(warm_up, checklist, libraries)

    def take(self) -> ProcessPoolExecutor | None:
        """The started executor, handed over once (None after)."""
        executor, self._executor = self._executor, None
        return executor

    def close(self) -> None:
        """Stop the workers unless they were taken over."""
        executor, self._executor = self._executor, None
        if executor is not None:
            _stop(executor)

    def __enter__(self) -> WarmPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def default_jobs() -> int:
    """The number of worker processes by default: the CPU count."""
    return max(1, os.cpu_count() or 1)


def run_tasks(tasks: Iterable[Task], jobs: int, on_done: Callback | None = None, *, quiet_workers: bool = True,
              work: Work | None = None, pool: WarmPool | None = None) -> list[ApplicantReport]:
    """Run every task; return the reports in task order. `on_done` is called (in this process) as each ends.

    `work` replaces `worker.check_applicant` (for tools and tests); it must be a module-level function, as
    workers import it by name. `pool`: workers started earlier (see `WarmPool`), used for the first tasks.
    """
    queue = deque(tasks)
    total = len(queue)
    reports: dict[int, ApplicantReport] = {}
    jobs = max(1, min(jobs, total or 1))
    with tempfile.TemporaryDirectory(prefix="zccheck-batch-") as marker_dir:
        queue = deque(_with_marker(task, marker_dir) for task in queue)
        try:
            _drain(queue, jobs, reports, on_done, quiet_workers, work, pool.take() if pool is not None else None)
        except KeyboardInterrupt:
            raise BatchInterrupted([reports[index] for index in sorted(reports)]) from None
    return [reports[index] for index in sorted(reports)]


def _drain(queue: deque[Task], jobs: int, reports: dict[int, ApplicantReport], on_done: Callback | None,
           quiet_workers: bool, work: Work | None, started: ProcessPoolExecutor | None = None) -> None:
    """Run the queue to its end (the first tasks on `started` workers, when given), re-running the tasks of a
    broken pool one at a time."""
    while queue:
        suspects = _run_pool(queue, jobs, reports, on_done, quiet_workers, work, started)
        started = None
        if not suspects:
            continue
        if len(suspects) == 1:
            _finish(reports, _crashed(suspects[0]), on_done)
            continue
        for task in suspects:  # which of them broke the pool? run each alone
            alone = deque([task])
            again = _run_pool(alone, 1, reports, on_done, quiet_workers, work)
            for suspect in again:
                _finish(reports, _crashed(suspect), on_done)




def _with_marker(task: Task, marker_dir: str) -> Task:
    from dataclasses import replace

    return replace(task, marker_dir=marker_dir)


def _executor(jobs: int, quiet: bool) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"),
                               initializer=init_worker, initargs=(quiet,))


def _run_pool(queue: deque[Task], jobs: int, reports: dict[int, ApplicantReport], on_done: Callback | None,
              quiet: bool, work: Work | None, executor: ProcessPoolExecutor | None = None) -> list[Task]:
    """Drain `queue` through one pool (`executor`, else a new one); return the tasks in flight when the pool
    broke (none if it did not)."""
    executor = executor or _executor(jobs, quiet)
    running: dict[Future, Task] = {}
    try:
        while queue or running:
            while queue and len(running) < jobs:
                task = queue.popleft()
                try:
                    running[executor.submit(run_task, task, work)] = task
                except BrokenProcessPool:
                    queue.appendleft(task)
                    return _collect_broken(running, reports, on_done)
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            broken = False
            for future in done:
                task = running.pop(future)
                try:
                    _finish(reports, future.result(), on_done)
                except BrokenProcessPool:
                    running[future] = task
                    broken = True
                except Exception as exc:  # a report that did not pickle, a bug outside run_task's guard
                    _finish(reports, _failed(task, FAILED, "exception", f"{type(exc).__name__}: {exc}"), on_done)
            if broken:
                return _collect_broken(running, reports, on_done)
        return []
    except KeyboardInterrupt:
        _terminate(executor)
        raise
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def _terminate(executor: ProcessPoolExecutor) -> None:
    """End the executor's worker processes now (what they are doing is abandoned)."""
    for process in list((getattr(executor, "_processes", None) or {}).values()):
        process.terminate()


def _stop(executor: ProcessPoolExecutor) -> None:
    _terminate(executor)
    executor.shutdown(wait=True, cancel_futures=True)


def _collect_broken(running: dict[Future, Task], reports: dict[int, ApplicantReport],
                    on_done: Callback | None) -> list[Task]:
    """After a pool broke: keep finished results, turn marked tasks into timeouts, return the suspects."""
    wait(running)
    suspects = []
    for future, task in running.items():
        try:
            _finish(reports, future.result(), on_done)
            continue
        except BrokenProcessPool:
            pass
        except Exception as exc:
            _finish(reports, _failed(task, FAILED, "exception", f"{type(exc).__name__}: {exc}"), on_done)
            continue
        marker = marker_path(task.marker_dir, task.index) if task.marker_dir else None
        if marker is not None and marker.exists():
            _finish(reports, _failed(task, TIMEOUT, "timeout", f"{task.time_limit_s:g} s"), on_done)
        else:
            suspects.append(task)
    return sorted(suspects, key=lambda t: t.index)


def _finish(reports: dict[int, ApplicantReport], report: ApplicantReport, on_done: Callback | None) -> None:
    reports[report.index] = report
    if on_done is not None:
        on_done(report)


def _failed(task: Task, status: str, reason: str, detail: str) -> ApplicantReport:
    return ApplicantReport(index=task.index, entry=task.entry, label=task.label, path=task.path,
                           source=task.source, status=status, problem={"reason": reason, "detail": detail})


def _crashed(task: Task) -> ApplicantReport:
    return _failed(task, CRASHED, "crashed", "the worker process ended abruptly")
