"""Time limits for work on untrusted files: per check (engine) and per file probe (inventory).

Two ways to interrupt, chosen per call by `method()`:

* **signal** (POSIX, main thread): a POSIX interval timer (`setitimer(ITIMER_REAL)`) whose SIGALRM handler
  raises `CheckTimeout` in the code that is running.
* **thread** (Windows, which has no SIGALRM; any thread that is not the main one; or when forced with
  ``ZCCHECK_TIMEOUT_METHOD=thread``): a watchdog timer thread that, at the deadline, asks CPython to raise
  `CheckTimeout` in the limited thread (`PyThreadState_SetAsyncExc`, through ctypes).

What can be interrupted, honestly: both ways stop Python code between bytecodes, so pure-Python parsers
(pypdf, zipfile's Python parts, openpyxl's readers, our own loops) stop within milliseconds. Neither stops a
single long call inside C (one zlib or libxml2 call, a Pillow decode step, an onnxruntime inference): the
exception is raised as soon as that call returns to Python, which for the libraries used here is after one
buffer, chunk or page. The signal way also cuts some blocking system calls short; the thread way waits for
them. Work that must be stoppable at any instant needs a separate process that can be killed: that is
what `zccheck batch` does for each applicant (batch/worker.py), on every platform.

`CheckTimeout` derives from BaseException, not Exception, on purpose: a library that wraps its work in
`except Exception:` (and so would swallow the timeout and keep running) cannot stop it.

Limits nest: an inner limit never extends an outer one; when the inner block ends, the outer limit goes on
with what is left of it (or fires at once if it already expired).

Where no limit can be enforced (a Python without ctypes' `pythonapi`, e.g. PyPy, off the main thread),
`time_limit` is a no-op and `limits_enforced()` returns False; the read caps, pixel limit, zip caps and
pypdf's own limits still bound the work.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

METHOD_ENV = "ZCCHECK_TIMEOUT_METHOD"  # "thread" forces the watchdog-thread way (tests; any platform)


class CheckTimeout(BaseException):
    """Work on one file (or one check) ran past its time limit. `seconds` is the limit that expired."""

    def __init__(self, seconds: float = 0.0) -> None:
        super().__init__(f"time limit of {seconds:g} s exceeded")
        self.seconds = seconds


def _signal_usable() -> bool:
    return (hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
            and os.environ.get(METHOD_ENV, "").lower() != "thread")


def _async_exc_usable() -> bool:
    try:
        import ctypes

        return hasattr(ctypes, "pythonapi") and hasattr(ctypes.pythonapi, "PyThreadState_SetAsyncExc")
    except (ImportError, AttributeError, OSError):  # pragma: no cover - non-CPython
        return False


def method() -> str | None:
    """How `time_limit` interrupts code in the current thread: "signal", "thread", or None (it cannot)."""
    if _signal_usable():
        return "signal"
    return "thread" if _async_exc_usable() else None


def limits_enforced() -> bool:
    """True when `time_limit` can interrupt code here."""
    return method() is not None


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise CheckTimeout inside the block after `seconds` (no-op for None/0 or where nothing can interrupt)."""
    if not seconds or seconds <= 0:
        yield
        return
    way = method()
    if way == "signal":
        with _signal_limit(seconds):
            yield
    elif way == "thread":
        with _thread_limit(seconds):
            yield
    else:
        yield


@contextmanager
def _signal_limit(seconds: float) -> Iterator[None]:
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


# Deadlines (time.monotonic()) of the thread-way limits active in each thread, outermost first.
_DEADLINES = threading.local()


def _timeout_class(seconds: float) -> type[CheckTimeout]:
    """A CheckTimeout subclass whose no-argument construction carries `seconds` (an asynchronous exception
    is raised by class, without arguments)."""

    def __init__(self: CheckTimeout, limit: float = seconds) -> None:
        CheckTimeout.__init__(self, limit)

    return type("CheckTimeout", (CheckTimeout,), {"__init__": __init__, "__module__": __name__})


def _set_async_exc(thread_id: int, exception: type[BaseException] | None) -> int:
    """Ask CPython to raise `exception` in the thread `thread_id` at its next bytecode (None: withdraw a
    pending one). Returns how many threads were affected."""
    import ctypes

    argument = ctypes.py_object(exception) if exception is not None else None
    return int(ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), argument))


@contextmanager
def _thread_limit(seconds: float) -> Iterator[None]:
    stack: list[float] = _DEADLINES.__dict__.setdefault("stack", [])
    deadline = time.monotonic() + seconds
    if stack and stack[-1] <= deadline:
        yield  # an enclosing limit expires first; it stays in charge
        return
    target = threading.get_ident()
    exception = _timeout_class(seconds)
    lock = threading.Lock()
    state = {"armed": True, "fired": False}

    def _expire() -> None:
        with lock:
            if state["armed"]:
                state["armed"] = False
                state["fired"] = True
                _set_async_exc(target, exception)

    timer = threading.Timer(seconds, _expire)
    timer.daemon = True
    stack.append(deadline)
    delivered = False
    try:
        timer.start()
        yield
    except exception:
        delivered = True
        raise
    finally:
        try:
            with lock:
                state["armed"] = False
                fired = state["fired"]
        finally:
            timer.cancel()
            stack.pop()
        if fired and not delivered:
            # Requested, but the block ended first: withdraw it, so that it cannot go off in the caller's
            # code after the block.
            _set_async_exc(target, None)
