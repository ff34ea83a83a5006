"""How many threads the native libraries may use inside one process.

OpenCV (the ink masks of the orientation test, the photo's face detector) and onnxruntime (the OCR engine)
split each operation over every core by default. That shortens one `zccheck scan` a little, but in a batch
the parallelism is already one worker process per core: the libraries' extra threads then only compete with
the other workers, and each split of a small operation costs more CPU than it saves. Measured on this 2-core
machine: classifying 120 scanned pages took 0.93 s CPU with OpenCV's 2 threads against 0.64 s with one.

`one_thread_each()` is called once in each batch worker before any check runs; `ocr_threads()` is what the
OCR engine is created with.
"""

from __future__ import annotations

import os
import sys

_single = False


def one_thread_each() -> None:
    """Let OpenCV and onnxruntime use one thread in this process (parallelism comes from the processes).

    Nothing is imported: OpenCV reads `OPENCV_FOR_THREADS_NUM` when it is first imported, so a worker that
    only meets text PDFs never loads it."""
    global _single
    _single = True
    os.environ["OPENCV_FOR_THREADS_NUM"] = "1"
    if "cv2" in sys.modules:  # already loaded (a test, a tool): tell it directly
        sys.modules["cv2"].setNumThreads(1)


def ocr_threads() -> int:
    """onnxruntime's intra-op thread count for the OCR engine: 1 in a batch worker, else -1 (its default:
    one per core)."""
    return 1 if _single else -1
