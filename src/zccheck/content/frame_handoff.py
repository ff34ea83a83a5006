"""A scanned image decoded once: the inventory's integrity probe hands its decoded frame to the scan measures.

The probe must decode every image to catch truncation and damage; the scan measures (blank page, upside
down) decode the same image again a moment later. Decoding is the largest share of a batch's CPU time (a
JPEG's entropy decoding costs about as much at 1/8 scale as at full size; a PNG is always inflated whole),
so the probe decodes at the size the measures use and leaves the grey frame on the document, where the
scan-quality check takes it (and so frees it).

Frames wait between the inventory and the checks, so the frames waiting at once are capped at
`BUDGET_BYTES` (an applicant's usual dozen or two scans at 150–300 dpi fit; a folder of hundreds of phone
photos does not, and its later images are simply decoded twice, as before). A frame nobody takes (the
photo, a file outside every item) is freed with its document.
"""

from __future__ import annotations

import weakref
from typing import Any

BUDGET_BYTES = 48 * 1024 * 1024  # grey pixels waiting at once in one process
FRAME_KEY = "scan_frame"          # the in-memory cache entry of a Document that holds it (never persisted)

_waiting: weakref.WeakSet[Any] = weakref.WeakSet()


def offer(cache: dict[str, Any], frame: Any) -> bool:
    """Leave `frame` (a content.scan_quality.ScanFrame) in a document's `cache` when the budget allows."""
    if frame.nbytes + waiting_bytes() > BUDGET_BYTES:
        return False
    cache[FRAME_KEY] = frame
    _waiting.add(frame)
    return True


def take(cache: dict[str, Any]) -> Any:
    """The frame left in `cache`, removed from it (None when there is none)."""
    frame = cache.pop(FRAME_KEY, None)
    if frame is not None:
        _waiting.discard(frame)
    return frame


def waiting_bytes() -> int:
    """Grey pixels of the frames waiting now (documents already freed no longer count)."""
    return sum(frame.nbytes for frame in list(_waiting))
