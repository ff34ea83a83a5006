"""Time and size of the HTML report: ms to render (view + thumbnails + template) and KB written, per sample.

Run from the repository root:  PYTHONPATH=src python benchmarks/bench_html.py [repeats]
The scan itself is done once per sample and not timed; each figure is the median of `repeats` renders of the
report from that result (thumbnails are rendered again each time: nothing is cached between renders), with
the process CPU time beside the wall time. Also prints the peak traced Python memory of one render.
"""

from __future__ import annotations

import statistics
import sys
import time
import tracemalloc
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from zccheck.engine import ScanOptions, scan  # noqa: E402
from zccheck.reporters.html import report_html  # noqa: E402

SAMPLES = ("complete", "pension-gap", "paper-incomplete", "broken-files")
FLAGGED = 45  # blank A4 scans at 150 dpi in a generated folder: more than the report's picture cap


def _flagged_folder(folder: Path) -> Path:
    """A folder of FLAGGED blank page scans (each one a flagged page with a thumbnail, up to the cap)."""
    from PIL import Image

    (folder / "07-1 专业技术工作经历").mkdir(parents=True)
    page = Image.new("RGB", (1240, 1754), (250, 250, 248))
    for number in range(FLAGGED):
        page.save(folder / "07-1 专业技术工作经历" / f"扫描{number:02d}.jpg", "JPEG", quality=85, dpi=(150, 150))
    return folder


def main(repeats: int = 5) -> None:
    """Print one line per sample: wall ms, cpu ms, KB, images, peak MB."""
    print(f"{'sample':<18} {'wall ms':>8} {'cpu ms':>8} {'KB':>7} {'images':>6} {'peak MB':>8}")
    import tempfile

    temporary = tempfile.TemporaryDirectory()
    folders = {name: ROOT / "samples" / name for name in SAMPLES}
    folders[f"{FLAGGED} blank scans"] = _flagged_folder(Path(temporary.name) / "m")
    for name, folder in folders.items():
        result = scan(folder, ScanOptions(as_of=date(2024, 8, 20)))
        report_html(result)  # warm-up: templates compiled once per process
        walls, cpus = [], []
        for _ in range(repeats):
            wall, cpu = time.perf_counter(), time.process_time()
            html = report_html(result)
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
        tracemalloc.start()
        report_html(result)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(f"{name:<18} {1000 * statistics.median(walls):8.1f} {1000 * statistics.median(cpus):8.1f} "
              f"{len(html.encode('utf-8')) / 1024:7.1f} {html.count('<img '):6d} {peak / 2**20:8.1f}")
    temporary.cleanup()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
