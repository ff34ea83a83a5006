"""Benchmark `zccheck scan samples/complete` end to end and show what it imports.

Run:  python benchmarks/bench_startup.py [--runs 11] [--folder samples/complete]

Prints (no assertions; a benchmark, not a test):

* the median, best and worst wall time of `python -m zccheck scan FOLDER --format json` over `--runs` runs
  after one warm-up (interpreter start-up included, like a user's command), and the median CPU seconds
  (user + system) of those processes: on a shared machine wall time includes waiting for a core, CPU
  time does not;
* the same for `python -m zccheck --help`;
* from one `python -X importtime` run of the scan: the total import time and, for each heavy third-party
  package, whether it was imported and its cumulative import time, plus the slowest top-level imports.

The zccheck measured is the one in this checkout (`src/` first on PYTHONPATH). Target (issue 12): ≤ 0.6 s
wall on an idle 2-core machine.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HEAVY = ("numpy", "cv2", "onnxruntime", "rapidocr", "openpyxl", "pypdf", "pypdfium2", "docx", "PIL", "lxml",
         "cryptography", "jinja2", "reportlab", "magic", "pydantic", "rich", "typer")
TARGET_S = 0.6


def environment() -> dict[str, str]:
    """This checkout's sources first on the path."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO / "src"), env.get("PYTHONPATH")]))
    return env


def timed(args: list[str], runs: int) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds of `python -m zccheck args...`, `runs` times after one warm-up."""
    walls: list[float] = []
    cpus: list[float] = []
    env = environment()
    for index in range(runs + 1):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "zccheck", *args], capture_output=True, env=env, check=False)
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if index:  # the first run warms the page cache and writes byte code
            walls.append(wall)
            cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return walls, cpus


def import_times(args: list[str]) -> dict[str, tuple[int, int, int]]:
    """{module: (self µs, cumulative µs, nesting level)} from one `-X importtime` run."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "zccheck", *args], capture_output=True,
                          env=environment(), check=False)
    table: dict[str, tuple[int, int, int]] = {}
    for line in done.stderr.decode("utf-8", "replace").splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, cumulative, name = line[len("import time:"):].split("|", 2)
        level = (len(name) - len(name.lstrip(" "))) // 2
        table.setdefault(name.strip(), (int(self_us), int(cumulative), level))
    return table


def describe(label: str, walls: list[float], cpus: list[float]) -> None:
    print(f"{label}: median {statistics.median(walls):.3f} s wall (best {min(walls):.3f}, worst {max(walls):.3f}, "
          f"{len(walls)} runs); median CPU {statistics.median(cpus):.3f} s")


def main() -> None:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=11, help="timed runs (default 11)")
    parser.add_argument("--folder", type=Path, default=REPO / "samples" / "complete", help="folder to scan")
    args = parser.parse_args()
    scan = ["scan", str(args.folder), "--format", "json"]

    print(f"load average: {' '.join(f'{v:.2f}' for v in os.getloadavg())} on {os.cpu_count()} cores")
    walls, cpus = timed(scan, args.runs)
    describe(f"zccheck scan {args.folder.name}", walls, cpus)
    print(f"  target ≤ {TARGET_S} s wall on an idle 2-core machine: "
          f"{'PASS' if statistics.median(walls) <= TARGET_S else 'over'} in this run")
    describe("zccheck --help", *timed(["--help"], args.runs))

    table = import_times(scan)
    top = {name: value for name, value in table.items() if value[2] == 0}
    print(f"imports: {len(table)} modules, {sum(v[1] for v in top.values()) / 1000:.0f} ms in total")
    for package in HEAVY:
        if package in table:
            print(f"  {package:<13} imported   {table[package][1] / 1000:7.1f} ms")
        else:
            print(f"  {package:<13} not imported")
    print("slowest top-level imports:")
    for name, (_, cumulative, _) in sorted(top.items(), key=lambda kv: -kv[1][1])[:12]:
        print(f"  {cumulative / 1000:7.1f} ms  {name}")


if __name__ == "__main__":
    main()
