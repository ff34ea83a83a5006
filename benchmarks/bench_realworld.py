"""Real-world files benchmark: peak memory (RSS) and wall time of `zccheck scan`, one process per case.

Run:  PYTHONPATH=src python benchmarks/bench_realworld.py [--corpus ../shared/corpora/real-world] [--only NAME]

Cases:
* every file of the shared real-world corpus, placed as its README says (a page of a scanned work summary,
  or an evidence PDF under 07-1) in a copy of `samples/complete`;
* a scanned multi-file work summary read with OCR: 20 JPEG pages of Chinese text (200 dpi, generated like
  benchmarks/bench_ocr.py; needs a CJK font, e.g. Debian's fonts-wqy-microhei), 130 字 each, so that OCR has
  to read most of them before the 2000 字 are reached;
* large 600-dpi A3 pages in every image format: `benchmarks/bench_memory.py`.

Each case runs `python -m zccheck scan DIR --format json` in its own process; its peak RSS comes from
`os.wait4` (the child's own maximum resident set size). Target: peak RSS ≤ 500 MB per process.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "samples" / "complete"
TARGET_MB = 500.0
SUMMARY_DIR = "10 专业技术工作总结"
EVIDENCE_DIR = "07-1 专业技术工作经历"
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp")
# Suffixes a summary part keeps when placed (anything else, e.g. a `.fuzz` PDF, is placed as `.pdf`).
SUMMARY_SUFFIXES = (*IMAGE_SUFFIXES, ".jfif", ".gif", ".webp", ".avif", ".heic", ".heif", ".docx")


def default_corpus() -> Path | None:
    for base in (REPO.parent, REPO.parent.parent):
        candidate = base / "shared" / "corpora" / "real-world"
        if (candidate / "README.md").is_file():
            return candidate
    return None


def corpus_cases(corpus: Path) -> list[tuple[str, str]]:
    """(relative file name, "summary" or "evidence") from the corpus README's table."""
    cases = []
    for line in (corpus / "README.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.split("|")]
        if len(cells) > 4 and "/" in cells[1] and not cells[1].startswith("-"):
            placed = "evidence" if "evidence" in cells[3] else "summary"
            cases.append((cells[1], placed))
    return cases


def measure(root: Path, out: Path | None = None) -> tuple[float, float, int]:
    """(wall seconds, peak RSS in MB, exit code) of one cold `zccheck scan` process (no content cache).

    The peak is the child's own maximum resident set (`os.wait4`); Linux counts the parent's high-water mark
    at exec time into it too, so keep large work out of the calling process (see bench_memory.py).
    With `out`, the JSON report is kept there (to compare verdicts between two versions)."""
    env = {**os.environ, "PYTHONPATH": str(REPO / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}
    started = time.perf_counter()
    sink = open(out, "wb") if out is not None else subprocess.DEVNULL  # noqa: SIM115 (closed below)
    try:
        process = subprocess.Popen([sys.executable, "-m", "zccheck", "scan", str(root), "--format", "json",
                                    "--no-cache"], stdout=sink, stderr=subprocess.DEVNULL, env=env)
        _, status, usage = os.wait4(process.pid, 0)
    finally:
        if out is not None:
            sink.close()
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    return seconds, usage.ru_maxrss / 1024.0, process.returncode


PHOTO_DIR = "01 基本信息"


def placed_name(source: Path, how: str) -> str:
    """Where `placed` puts `source` for `how`, relative to the root (an evidence image stays an image)."""
    suffix = source.suffix.lower()
    if how == "evidence":
        return f"{EVIDENCE_DIR}/佐证-{source.stem}{suffix if suffix in IMAGE_SUFFIXES else '.pdf'}"
    if how == "photo":
        return f"{PHOTO_DIR}/个人证件照{suffix}"
    return f"{SUMMARY_DIR}/专业技术工作总结{suffix if suffix in SUMMARY_SUFFIXES else '.pdf'}"


def placed(tmp: Path, source: Path, how: str) -> Path:
    """A fresh copy of samples/complete under `tmp` with `source` placed `how`: "none", "evidence" (an extra
    file under 07-1), "summary" (the only work-summary file) or "photo" (the only ID photo)."""
    root = tmp / "materials"
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(SAMPLE, root)
    if how == "none":
        return root
    if how != "evidence":
        folder = root / (PHOTO_DIR if how == "photo" else SUMMARY_DIR)
        shutil.rmtree(folder)
        folder.mkdir()
    shutil.copyfile(source, root / placed_name(source, how))
    return root


def scanned_pages(tmp: Path, count: int, chars: int) -> Path:
    """A copy of samples/complete whose summary is `count` JPEG pages of `chars` 字 each."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import pypdfium2 as pdfium
    from bench_ocr import scanned_pdf, summary_text

    root = placed(tmp, SAMPLE / "zccheck.toml", "summary")
    folder = root / SUMMARY_DIR
    for path in folder.iterdir():
        path.unlink()
    for number in range(count):
        data = scanned_pdf([summary_text(chars, number)])
        document = pdfium.PdfDocument(data)
        image = document[0].render(scale=200 / 72, grayscale=True).to_pil().convert("L")
        image.save(folder / f"专业技术工作总结-{number + 1:02d}.jpg", "JPEG", quality=80, dpi=(200, 200))
        document.close()
    return root


def print_table(rows: list[tuple[str, str, float, float, int]]) -> None:
    """Print (case, placed as, wall s, peak RSS MB, exit code) rows against the memory target."""
    width = max(len(r[0]) for r in rows)
    print(f"{'case':<{width}}  placed    wall s  peak RSS MB  exit")
    for case, how, seconds, rss, code in rows:
        flag = "" if rss <= TARGET_MB else f"  over the {TARGET_MB:.0f} MB target"
        print(f"{case:<{width}}  {how:<8}  {seconds:6.2f}  {rss:11.0f}  {code:4d}{flag}")
    worst = max(r[3] for r in rows)
    print(f"peak RSS over all cases: {worst:.0f} MB (target ≤ {TARGET_MB:.0f} MB): "
          f"{'OK' if worst <= TARGET_MB else 'OVER'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=default_corpus())
    parser.add_argument("--only", default="", help="run only cases whose name contains this")
    parser.add_argument("--pages", type=int, default=20, help="pages of the scanned multi-file summary")
    args = parser.parse_args()
    rows: list[tuple[str, str, float, float, int]] = []
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        baseline = measure(placed(tmp, SAMPLE / "zccheck.toml", "none"))
        rows.append(("samples/complete (baseline)", "-", *baseline))
        if args.corpus is None:
            print("real-world corpus not found beside the repository: only the generated cases run")
        else:
            for rel, how in corpus_cases(args.corpus):
                if args.only and args.only not in rel:
                    continue
                rows.append((rel, how, *measure(placed(tmp, args.corpus / rel, how))))
        if not args.only or args.only in "ocr-summary":
            rows.append((f"{args.pages}-file scanned summary, OCR", "summary",
                         *measure(scanned_pages(tmp, args.pages, 130))))
    print_table(rows)


if __name__ == "__main__":
    main()
