"""Time limits for work on untrusted files: per check (engine) and per file probe (inventory).

How it works: `time_limit(seconds)` arms a POSIX interval timer (`setitimer(ITIMER_REAL)`) whose SIGALRM
handler raises `CheckTimeout` in the code that is running. Pure-Python parsers (pypdf, zipfile's Python
parts, openpyxl's readers) are interrupted between bytecodes; a long call inside C (one zlib or libxml2
call, a Pillow decode step) is interrupted as soon as it returns to Python, which for the libraries used
here is after one buffer or chunk.

`CheckTimeout` derives from BaseException, not Exception, on purpose: a library that wraps its work in
`except Exception:` (and so would swallow the timeout and keep running) cannot stop it.

Limits nest: an inner limit never extends an outer one; when the inner block ends, the outer timer is
re-armed with what is left of it (or fires at once if it already expired).

Where no limit can be enforced: signals are delivered only to the main thread, and Windows has no
`setitimer`. There `time_limit` is a no-op and `limits_enforced()` returns False: the code runs to
completion, and only the other guards (read caps, pixel limit, zip size and ratio caps, pypdf's own
limits) bound it. Callers that run scans in worker threads and need a hard limit should run each scan in a
separate process (whose main thread then gets the limit) and kill the process when it overruns.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager


class CheckTimeout(BaseException):
    """Work on one file (or one check) ran past its time limit. `seconds` is the limit that expired."""

    def __init__(self, seconds: float = 0.0) -> None:
        super().__init__(f"time limit of {seconds:g} s exceeded")
        self.seconds = seconds


def limits_enforced() -> bool:
    """True when `time_limit` can interrupt code here (POSIX with setitimer, in the main thread)."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise CheckTimeout inside the block after `seconds` (no-op for None/0, on Windows, off the main thread)."""
    if not seconds or seconds <= 0 or not limits_enforced():
        yield
        return
    outer_left, _ = signal.getitimer(signal.ITIMER_REAL)
    if 0 < outer_left <= seconds:
        yield  # an enclosing limit expires first; it stays in charge
        return
    start = time.monotonic()
    state = {"armed": True}

    def _expire(signum: int, frame: object) -> None:
        if state["armed"]:
            state["armed"] = False
            raise CheckTimeout(seconds)

    previous = signal.signal(signal.SIGALRM, _expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        try:
            state["armed"] = False
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous if previous is not None else signal.SIG_DFL)
            if outer_left > 0:
                # Hand the rest of the enclosing limit back (a tiny delay when it has already run out).
                signal.setitimer(signal.ITIMER_REAL, max(outer_left - (time.monotonic() - start), 1e-4))
