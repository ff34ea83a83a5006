"""Process heap settings that keep peak memory near what is really in use.

glibc's malloc serves a large block (a decoded page, an onnxruntime tensor) with its own mmap and, by
default, raises that threshold each time such a block is freed (up to 32 MB). After the first large
image or model run, blocks of many megabytes therefore come from the main heap, whose freed pages are
not given back, and the process's resident size keeps every peak it ever had on top of the next one.
Fixing the threshold keeps large blocks in their own mappings, returned to the system on free, which is
what Windows' heap does for blocks over about 1 MB anyway.

Measured (rapidocr engine start plus text-line detection on an A4 page, this 2-core Debian machine):
peak RSS 408 MB with the glibc default, 279 MB with the threshold fixed at 128 KiB; resident afterwards
304 MB → 167 MB. Scanning with OCR is a few per cent slower at most (`benchmarks/bench_memory.py`).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys

MMAP_THRESHOLD_BYTES = 128 * 1024  # glibc's own initial value, kept fixed instead of growing
_M_MMAP_THRESHOLD = -3              # mallopt parameter number (malloc.h)
_applied = False


def return_large_blocks() -> bool:
    """Give every large allocation its own mapping from now on (glibc only; a no-op elsewhere).

    Returns True when the setting was applied in this process (also when it already was)."""
    global _applied
    if _applied:
        return True
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # musl or another libc without mallopt
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    _applied = mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES) == 1
    return _applied
