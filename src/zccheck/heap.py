"""Process heap settings that keep peak memory near what is really in use.

glibc's malloc serves a large block (a decoded page, an onnxruntime tensor) with its own mmap and, by
default, raises that threshold each time such a block is freed (up to 32 MB). After the first large
image or model run, blocks of many megabytes therefore come from the main heap, whose freed pages are
mostly not given back, and the process's resident size keeps earlier peaks on top of the next one.
Fixing the threshold at 8 MiB keeps decoded pages and the detector's tensors in their own mappings,
returned to the system on free (what Windows' heap does for large blocks anyway); the trim threshold is
raised with it, so that the heap is not shrunk and grown again around every recognised text line.

Measured on this 2-core machine (a scanned 4-page work summary read to its end, warm engine,
`benchmarks/bench_ocr.py`'s material; three runs each): peak RSS 421–483 MB with glibc's defaults,
359–393 MB with these settings, for 13.2–15.1 s CPU against 12.3–13.5 s (about +8%). Smaller thresholds
lower the peak further (297 MB at 128 KiB) but double the CPU time: recognition's per-line output tensors
(several MB) would each be mapped and zero-filled afresh.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys

MMAP_THRESHOLD_BYTES = 8 * 1024 * 1024   # blocks this large get their own mapping (fixed, not growing)
TRIM_THRESHOLD_BYTES = 128 * 1024 * 1024  # free memory kept at the top of the heap before it is shrunk
_M_TRIM_THRESHOLD = -1                    # mallopt parameter numbers (malloc.h)
_M_MMAP_THRESHOLD = -3
_applied = False


def return_large_blocks() -> bool:
    """Give large allocations their own mapping from now on (glibc only; a no-op elsewhere).

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
    _applied = (mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES) == 1
                and mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD_BYTES) == 1)
    return _applied
