"""Benchmark `zccheck batch` on a synthetic unit and print the figures of issue 4 against their targets.

Run:  python benchmarks/bench_batch.py [--n 100] [--corpus DIR] [--regenerate] [--jobs 2] [--ocr]

Every figure is the wall time of a real `zccheck` process (interpreter start-up, worker start-up and the
report included), on a corpus written by make_batch_corpus.py (generated on first use):

* seconds and applicants/s: `zccheck batch` with 2 jobs and an empty cache (what a first run costs);
* speed-up 1 → 2 jobs: the same with --no-cache and --jobs 1, then --jobs 2;
* ratio to the I/O floor: that first run against reading and sha256-hashing every byte of the corpus in
  this process, measured in the same run (the files are in the OS page cache for both);
* warm/cold: a second run on the same cache against the first;
* peak RSS per worker: resource.getrusage(RUSAGE_CHILDREN).ru_maxrss after the runs (the largest process
  among the zccheck processes and their workers);
* `zccheck scan samples/complete` and `zccheck --help` wall time (best of 5, after one warm-up).

"Without OCR" (the default): the runs use a copy of the bundled checklist with the OCR-based options turned
off (scan-quality page orientation, work-summary OCR budget); `--ocr` uses the bundled checklist as it is.

The code measured is a byte-compiled snapshot of src/ and checklists/ taken at the start, run with
`python -m zccheck`: what an installed copy does, and immune to edits made in the tree during the run
(zccheck's sources are part of the cache key, so an edit would otherwise make the warm run cold).
"""

from __future__ import annotations

import argparse
import compileall
import hashlib
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

# option -> value that turns the OCR stack off, per (table header, check id)
NO_OCR_OPTIONS = (
    ("[checks.scan-quality]", "scan-quality", "orientation", "false"),
    ("[items.work-summary.options.work-summary]", "work-summary", "ocr_time_budget_s", "0.0"),
)
TARGETS = {"seconds": 30.0, "speedup": 1.6, "warm_ratio": 0.20, "rss_mb": 500.0, "scan_s": 1.0, "help_s": 0.5}


SNAPSHOT: Path = REPO  # replaced by take_snapshot()


def take_snapshot(folder: Path) -> Path:
    """Copy src/zccheck and checklists/ into `folder` and byte-compile them; measure that copy from now on."""
    global SNAPSHOT
    shutil.copytree(REPO / "src" / "zccheck", folder / "src" / "zccheck",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO / "checklists", folder / "checklists")
    compileall.compile_dir(folder / "src", quiet=1)
    SNAPSHOT = folder
    return folder


def zccheck_command() -> list[str]:
    """How to start the zccheck being measured."""
    return [sys.executable, "-m", "zccheck"]


def environment(cache_dir: Path | None = None) -> dict[str, str]:
    """The child's environment (the snapshot first on the path; the cache directory when given)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SNAPSHOT / "src"), env.get("PYTHONPATH")]))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if cache_dir is not None:
        env["ZCCHECK_CACHE_DIR"] = str(cache_dir)
    return env


def set_option(text: str, header: str, key: str, value: str) -> str:
    """`text` (TOML) with `key = value` set in the table `header` (added at the end when absent)."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.split("#")[0].strip() == header), None)
    if start is None:
        return text.rstrip("\n") + f"\n\n{header}\n{key} = {value}\n"
    end = next((i for i in range(start + 1, len(lines)) if lines[i].lstrip().startswith("[")), len(lines))
    for i in range(start + 1, end):
        if re.match(rf"\s*{re.escape(key)}\s*=", lines[i]):
            lines[i] = f"{key} = {value}"
            return "\n".join(lines) + "\n"
    lines.insert(start + 1, f"{key} = {value}")
    return "\n".join(lines) + "\n"


def no_ocr_checklist(folder: Path) -> Path:
    """A copy of the bundled checklist with the OCR-based options that exist in this version turned off."""
    from zccheck.checklist.loader import load_checklist
    from zccheck.checks import REGISTRY

    source = SNAPSHOT / "checklists" / "liudong-2024-engineering.toml"
    text = source.read_text(encoding="utf-8")
    for header, check, key, value in NO_OCR_OPTIONS:
        if check in REGISTRY and key in REGISTRY[check].DEFAULTS:
            text = set_option(text, header, key, value)
    target = folder / "no-ocr.toml"
    target.write_text(text, encoding="utf-8")
    load_checklist(target)  # fail here, clearly, if the variant is not valid
    return target


def io_floor(root: Path) -> tuple[float, int]:
    """Seconds to read and sha256 every file under `root` (one thread), and the bytes read."""
    started = time.perf_counter()
    total = 0
    for path in sorted(root.rglob("*")):
        if path.is_file():
            with open(path, "rb") as handle:
                digest = hashlib.file_digest(handle, "sha256")
            total += path.stat().st_size
            digest.hexdigest()
    return time.perf_counter() - started, total


def children_cpu() -> float:
    """User + system CPU seconds of every finished child process so far (workers included)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_batch(root: Path, checklist: Path | None, jobs: int, cache_dir: Path | None) -> tuple[float, float, dict]:
    """Wall seconds and CPU seconds of one `zccheck batch` process (with its workers), and its JSON document."""
    command = [*zccheck_command(), "batch", str(root), "--roster", str(root / "花名册.xlsx"), "--format", "json",
               "--as-of", "2024-08-20", "--jobs", str(jobs)]
    if checklist is not None:
        command += ["--checklist", str(checklist)]
    if cache_dir is None:
        command.append("--no-cache")
    cpu = children_cpu()
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, env=environment(cache_dir), check=False)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"zccheck batch failed ({done.returncode}): {done.stderr.decode(errors='replace')}")
    return seconds, children_cpu() - cpu, json.loads(done.stdout)


def cold_and_warm(root: Path, checklist: Path | None, jobs: int, work: Path) -> tuple:
    """A first run on an empty cache, then a second run on it. zccheck's own sources are part of the cache
    key (an edited check never reuses old results): when they changed in between (a shared development
    tree), the pair is measured again, up to three times."""
    for attempt in range(3):
        cache_dir = work / f"cache-{attempt}"
        cold = run_batch(root, checklist, jobs, cache_dir)
        warm = run_batch(root, checklist, jobs, cache_dir)
        from zccheck.cache import FORMAT

        generations = list((cache_dir / FORMAT).iterdir()) if (cache_dir / FORMAT).is_dir() else []
        if len(generations) <= 1:
            return cold, warm, True
    return cold, warm, False


def best_wall(args: list[str], repeat: int = 5) -> tuple[float, float]:
    """(first, best of `repeat`) wall seconds of `zccheck args...`."""
    times = []
    for _ in range(repeat + 1):
        started = time.perf_counter()
        subprocess.run([*zccheck_command(), *args], capture_output=True, env=environment(), check=False)
        times.append(time.perf_counter() - started)
    return times[0], min(times[1:])


def verdict(value: float, target: float, higher_is_better: bool = False) -> str:
    """PASS/FAIL against a target."""
    ok = value >= target if higher_is_better else value <= target
    return "PASS" if ok else "FAIL"


def main() -> None:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100, help="applicants (default 100)")
    parser.add_argument("--corpus", type=Path, default=None, help="corpus folder (default /tmp/zccheck-batch-corpus-N)")
    parser.add_argument("--regenerate", action="store_true", help="write the corpus again")
    parser.add_argument("--jobs", type=int, default=2, help="jobs of the parallel runs (default 2)")
    parser.add_argument("--ocr", action="store_true", help="use the bundled checklist as it is (OCR on)")
    args = parser.parse_args()

    from make_batch_corpus import make_corpus

    root = args.corpus or Path(f"/tmp/zccheck-batch-corpus-{args.n}")
    if args.regenerate or not (root / "花名册.xlsx").exists():
        started = time.perf_counter()
        files = make_corpus(root, args.n)
        print(f"corpus: {args.n} applicants, {files} files written in {time.perf_counter() - started:.1f} s")
    with tempfile.TemporaryDirectory(prefix="zccheck-bench-") as scratch:
        work = Path(scratch)
        take_snapshot(work / "snapshot")
        sys.path.insert(0, str(SNAPSHOT / "src"))
        for name in [m for m in sys.modules if m == "zccheck" or m.startswith("zccheck.")]:
            del sys.modules[name]
        checklist = None if args.ocr else no_ocr_checklist(work)
        floor_s, floor_bytes = io_floor(root)
        files = sum(1 for p in root.rglob("*") if p.is_file())
        print(f"corpus: {root} · {files} files · {floor_bytes / 1024 / 1024:.0f} MB · checklist: "
              f"{'bundled (OCR on)' if checklist is None else 'bundled, OCR options off'}")

        load_before = os.getloadavg()[0]
        serial_s, serial_cpu, serial = run_batch(root, checklist, 1, None)
        parallel_s, parallel_cpu, parallel = run_batch(root, checklist, args.jobs, None)
        (cold_s, cold_cpu, cold), (warm_s, warm_cpu, warm), stable = cold_and_warm(root, checklist, args.jobs, work)
        load_after = os.getloadavg()[0]
        floor_again, _ = io_floor(root)
        floor_s = min(floor_s, floor_again)
        rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        same = [a["summary"] for a in cold["applicants"]] == [a["summary"] for a in warm["applicants"]] == \
               [a["summary"] for a in serial["applicants"]] == [a["summary"] for a in parallel["applicants"]]

        sample = REPO / "samples" / "complete"
        scan_first = scan_best = scan_default = float("nan")
        if sample.is_dir():
            scan_args = ["scan", str(sample), "--format", "json"]
            if checklist is not None:
                scan_first, scan_best = best_wall([*scan_args, "--checklist", str(checklist)])
            scan_default = best_wall(scan_args, 1)[1]
        help_first, help_best = best_wall(["--help"])

    n = len(cold["applicants"])
    statuses = cold["summary"]["statuses"]
    rows = [
        ("applicants", f"{n} ({', '.join(f'{k} {v}' for k, v in sorted(statuses.items()))})", ""),
        ("seconds, first run (2 jobs, empty cache)", f"{cold_s:.1f} s", verdict(cold_s, TARGETS["seconds"])),
        ("applicants per second", f"{n / cold_s:.2f}", ""),
        ("CPU seconds of that run (all processes)", f"{cold_cpu:.1f} s", ""),
        ("seconds, 1 job / 2 jobs, no cache", f"{serial_s:.1f} s / {parallel_s:.1f} s", ""),
        ("CPU seconds, 1 job / 2 jobs", f"{serial_cpu:.1f} s / {parallel_cpu:.1f} s", ""),
        ("speed-up 1 → 2 jobs", f"{serial_s / parallel_s:.2f}×",
         verdict(serial_s / parallel_s, TARGETS["speedup"], higher_is_better=True)),
        ("I/O floor (read + sha256, 1 thread)", f"{floor_s:.2f} s ({floor_bytes / floor_s / 2 ** 20:.0f} MB/s)", ""),
        ("first run / I/O floor", f"{cold_s / floor_s:.1f}×", ""),
        ("warm re-run (CPU)", f"{warm_s:.2f} s ({warm_cpu:.1f} s)" + ("" if stable else " sources changed!"), ""),
        ("warm / cold", f"{warm_s / cold_s:.1%}", verdict(warm_s / cold_s, TARGETS["warm_ratio"])),
        ("peak RSS of the largest process", f"{rss_mb:.0f} MB", verdict(rss_mb, TARGETS["rss_mb"])),
        ("same summaries in all four runs", str(same), "PASS" if same else "FAIL"),
        ("zccheck scan samples/complete (no OCR)", f"{scan_best:.2f} s (first {scan_first:.2f} s)",
         verdict(scan_best, TARGETS["scan_s"]) if scan_best == scan_best else "n/a"),
        ("zccheck scan samples/complete (bundled)", f"{scan_default:.2f} s", ""),
        ("zccheck --help", f"{help_best:.2f} s (first {help_first:.2f} s)", verdict(help_best, TARGETS["help_s"])),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"python {sys.version.split()[0]} · {os.cpu_count()} CPUs · load average {load_before:.1f} before, "
          f"{load_after:.1f} after the batch runs")
    for label, value, mark in rows:
        print(f"{label:<{width}}  {value:<34} {mark}")


if __name__ == "__main__":
    main()
