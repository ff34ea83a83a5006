"""Run every hostile input through `zccheck scan` in a subprocess; print a Markdown table of what happened.

    python benchmarks/hostile_table.py [--small] [--keep DIR]

For each case of `tests/hostile_corpus.py` (full-size inputs unless --small): the finding codes about the
hostile input, the exit code, wall time, the peak RSS of the scanning process (os.wait4's rusage), whether
the expectation was met, whether stderr held a Python traceback and whether the materials changed (their
whole tree fingerprinted before and after: names, types, sizes, mtimes, ctimes, contents). Then the totals.
Exit status 1 when any run had a traceback, a write or a missed expectation.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

import hostile_corpus as corpus  # noqa: E402

# Findings every one of these near-empty folders gets; not about the hostile input.
BACKGROUND = {"missing-item", "missing-recommended-item", "facts-file-missing", "deadline-closed", "deadline-open",
              "deadline-near", "deadline-correction-window", "fee-info", "id-number-missing",
              "retirement-age-unknown", "unrecognised-file", "type-detection-fallback"}


@dataclass
class Run:
    """One scan of one hostile input."""

    case: corpus.Case
    codes: list[str]
    exit_code: int
    seconds: float
    peak_mb: float
    traceback: bool
    writes: list[str]
    met: bool
    note: str


def scan(case: corpus.Case, target: Path, scratch: Path) -> Run:
    """Scan `target` in a subprocess; measure it; check the expectation and the tree."""
    watched = target if target.is_dir() else target.parent
    before = corpus.fingerprint(watched)
    out_path, err_path = scratch / "stdout.json", scratch / "stderr.txt"
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": os.pathsep.join([str(ROOT / "src"),
                                                                          os.environ.get("PYTHONPATH", "")])}
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        start = time.monotonic()
        process = subprocess.Popen([sys.executable, "-m", "zccheck", "scan", str(target), "--format", "json",
                                    "--as-of", "2024-08-20"], stdout=out, stderr=err, env=env, cwd=scratch)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.monotonic() - start
        process.returncode = os.waitstatus_to_exitcode(status)
    stdout = out_path.read_text(encoding="utf-8", errors="replace")
    stderr = err_path.read_text(encoding="utf-8", errors="replace")
    codes: list[str] = []
    note = ""
    findings = []
    if stdout.strip():
        findings = json.loads(stdout)["findings"]
        about = [f for f in findings if case.path is None or f["path"] == case.path]
        codes = sorted({f["code"] for f in about if f["code"] not in BACKGROUND} | (
            {f["code"] for f in about} & case.codes))
        detail = next((f.get("details", {}).get("reason") for f in about if f["code"] in case.codes), None)
        note = str(detail) if detail else ""
    else:
        note = stderr.strip().splitlines()[-1] if stderr.strip() else ""
    met = process.returncode == case.exit_code and all(
        any(f["code"] == code and (case.path is None or f["path"] == case.path) for f in findings)
        for code in case.codes) and not any(
        f["code"] in case.forbidden and f["path"] == case.path for f in findings)
    if case.needs_non_root and corpus.IS_ROOT:
        note = "run as root: permissions do not stop reads"
    return Run(case, codes, process.returncode, seconds, usage.ru_maxrss / 1024, "Traceback" in stderr,
               corpus.diff(before, corpus.fingerprint(watched)), met, note)


def table(runs: list[Run], big: bool) -> str:
    """The Markdown report."""
    lines = ["| input | what it is | finding code(s) | exit | seconds | peak RSS MB | as expected |",
             "|---|---|---|---:|---:|---:|---|"]
    for run in runs:
        codes = ", ".join(f"`{c}`" for c in run.codes) or "—"
        expected = "yes" if run.met else ("n/a (root)" if run.case.needs_non_root and corpus.IS_ROOT else "**no**")
        note = f" ({_cell(run.note)})" if run.note else ""
        lines.append(f"| {run.case.name} | {run.case.description} | {codes}{note} | {run.exit_code} | "
                     f"{run.seconds:.2f} | {run.peak_mb:.0f} | {expected} |")
    slowest = max(runs, key=lambda r: r.seconds)
    biggest = max(runs, key=lambda r: r.peak_mb)
    tracebacks = sum(r.traceback for r in runs)
    writes = sum(bool(r.writes) for r in runs)
    missed = [r.case.name for r in runs if not r.met and not (r.case.needs_non_root and corpus.IS_ROOT)]
    lines += ["", f"Totals ({'full-size' if big else 'small'} inputs): {len(runs)} inputs, {tracebacks} tracebacks, "
              f"{writes} writes, {len(missed)} missed expectations{': ' + ', '.join(missed) if missed else ''}; "
              f"slowest {slowest.case.name} ({slowest.seconds:.2f} s); highest RSS {biggest.case.name} "
              f"({biggest.peak_mb:.0f} MB); total {sum(r.seconds for r in runs):.1f} s."]
    for run in runs:
        for change in run.writes:
            lines.append(f"- WRITE in {run.case.name}: {change}")
    return "\n".join(lines)


def _cell(text: str) -> str:
    text = " ".join(text.split()).replace("|", "/")
    return text if len(text) <= 90 else text[:89] + "…"


def main(argv: list[str] | None = None) -> int:
    """Build the corpus (in a child process), scan each input, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="small inputs (as the tests use)")
    parser.add_argument("--keep", type=Path, default=None, help="build the corpus here and keep it")
    parser.add_argument("--build-only", type=Path, nargs=2, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.build_only:  # the child: build, and list what to scan
        base, manifest = args.build_only
        targets = {case.name: str(corpus.build_case(case, base, big=not args.small))
                   for case in corpus.CASES if not corpus.usable(case)}
        manifest.write_text(json.dumps(targets), encoding="utf-8")
        return 0
    with tempfile.TemporaryDirectory(prefix="zccheck-hostile-") as temp:
        base = args.keep or Path(temp) / "corpus"
        scratch = Path(temp) / "scratch"
        scratch.mkdir(parents=True)
        manifest = Path(temp) / "targets.json"
        # Built in a child: on Linux a child's peak RSS starts at its parent's RSS at fork time, so this
        # process must stay small for the measured peaks to be the scans' own.
        subprocess.run([sys.executable, __file__, "--build-only", str(base), str(manifest),
                        *(["--small"] if args.small else [])], check=True)
        targets = json.loads(manifest.read_text(encoding="utf-8"))
        runs = []
        for case in corpus.CASES:
            if case.name in targets:
                runs.append(scan(case, Path(targets[case.name]), scratch))
                print(f"{case.name}: exit {runs[-1].exit_code}, {runs[-1].seconds:.1f} s", file=sys.stderr)
        if not args.keep:
            for path in base.rglob("*"):  # make chmod-000 files removable
                if not path.is_symlink():
                    path.chmod(0o700 if path.is_dir() else 0o600)
    print(table(runs, not args.small))
    bad = any(r.traceback or r.writes for r in runs) or any(
        not r.met and not (r.case.needs_non_root and corpus.IS_ROOT) for r in runs)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
