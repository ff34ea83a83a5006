"""A Rich progress bar on stderr while the batch runs; nothing at all when stderr is not a terminal."""

from __future__ import annotations

import sys
from types import TracebackType
from typing import Any

from zccheck.batch.model import ApplicantReport
from zccheck.masking import mask_ids


class BatchProgress:
    """`on_start(total)` / `on_done(report)` callbacks for `run_batch`, drawing a bar when `enabled`."""

    def __init__(self, enabled: bool | None = None, lang: str = "zh") -> None:
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self.lang = lang
        self._progress: Any = None
        self._task: Any = None

    def __enter__(self) -> BatchProgress:
        if self.enabled:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self._progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                      TimeElapsedColumn(), TextColumn("{task.fields[last]}", style="dim"),
                                      console=Console(stderr=True), transient=True)
            self._progress.__enter__()
        return self

    def on_start(self, total: int) -> None:
        """The number of applicants is known."""
        if self._progress is not None:
            label = "checking" if self.lang == "en" else "检查中"
            self._task = self._progress.add_task(label, total=total, last="")

    def on_done(self, report: ApplicantReport) -> None:
        """One applicant is finished."""
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, advance=1, last=mask_ids(report.label)[:30])

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._progress is not None:
            self._progress.__exit__(exc_type, exc, tb)
            self._progress = None
