"""A progress line on stderr while files are recognised by content (OCR can take a while).

Shown only on a terminal and only once the work has taken more than `DELAY_S` seconds, so quick scans and
pipes (JSON for scripts) never see it; cleared when the work is done.
"""

from __future__ import annotations

import sys
import time
from typing import IO

DELAY_S = 1.5
WIDTH = 24


class RecognitionProgress:
    """Callable as `progress(done, total, path)` (ScanOptions.progress); prints a bar after DELAY_S."""

    def __init__(self, stream: IO[str] | None = None, lang: str = "zh", delay_s: float = DELAY_S,
                 force: bool = False) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.lang = lang
        self.delay_s = delay_s
        self.enabled = force or bool(getattr(self.stream, "isatty", lambda: False)())
        self.started = time.monotonic()
        self.shown = False

    def __call__(self, done: int, total: int, path: str) -> None:
        if not self.enabled or total <= 0:
            return
        if not self.shown and time.monotonic() - self.started < self.delay_s and done < total:
            return
        if not self.shown and done >= total:
            return  # finished before the delay: nothing to show
        self.shown = True
        filled = round(WIDTH * done / total)
        label = "按内容识别文件" if self.lang != "en" else "Recognising files by content"
        name = path.rsplit("/", 1)[-1][:30]
        self.stream.write(f"\r{label} [{'#' * filled}{'.' * (WIDTH - filled)}] {done}/{total} {name:<30}")
        if done >= total:
            self.stream.write("\r" + " " * (len(label) + WIDTH + 45) + "\r")
        self.stream.flush()
