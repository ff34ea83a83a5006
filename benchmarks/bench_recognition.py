"""Recognition benchmark: accuracy on generated messy folders, the wrong-file case, and cold/warm times.

Run:  PYTHONPATH=src python benchmarks/bench_recognition.py [--folders 4] [--first-seed 1] [--size full]

For each seed, `samples/messy.py` generates a folder (size "full": 36 files, about 25 of them phone photos,
screenshots or scanned PDFs; names, formats, fonts, title sizes, angles, noise and resolutions vary with the
seed) and `zccheck scan --format json` runs on it in a fresh process:
* cold — an empty cache directory (OCR engine start-up, every title region read);
* warm — the same folder again with the cache the cold run filled.
Accuracy is the share of files placed in the item the generator put them in; "wrong" counts files placed in
another item (the dangerous case: a silent misfiling), "review" those left for a human (uncertain), "parts"
the share of a paper's files whose part (封面, 版权页, …) was recognised correctly.

The wrong-file case: the licence of seed 1's folder is replaced by its commitment letter under the name
营业执照.pdf, once as a text PDF (cross-checked from the text layer) and once as a scan; the benchmark prints
whether `content-name-mismatch` and `missing-item business-license` were reported.

Finally the good-name sample (`samples/complete`, every item decided by its name) is timed with the
recognition stage on and with it switched off (the stage replaced by a no-op), without the cache.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "samples"))

import messy  # noqa: E402 - samples/messy.py, the messy-folder generator

# The CLI with the recognition stage replaced by a no-op: the "before" of the good-name comparison.
_WITHOUT_STAGE = ("import sys, zccheck.engine as e; e.recognize = lambda *a, **k: None; "
                  "from zccheck.cli import app; sys.argv[0] = 'zccheck'; app()")


def scan(folder: Path, cache: Path | None, stage: bool = True) -> tuple[float, dict]:
    """Run `zccheck scan --format json` in a new process; (seconds, parsed JSON)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    command = ["-m", "zccheck"] if stage else ["-c", _WITHOUT_STAGE]
    args = [sys.executable, *command, "scan", str(folder), "--format", "json"]
    if cache is None:
        args.append("--no-cache")
    else:
        env["ZCCHECK_CACHE_DIR"] = str(cache)
    started = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True, env=env, check=False)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"zccheck failed ({done.returncode}): {done.stderr[-2000:]}")
    return seconds, json.loads(done.stdout)


def placement(result: dict) -> dict[str, str]:
    return {path: item["item"] for item in result["items"] for path in item["files"]}


def score(truth: dict[str, str], result: dict) -> dict[str, float]:
    """Right / wrong / review counts and the part accuracy of one folder."""
    placed = placement(result)
    parts = {r["path"]: r.get("part") for r in result.get("recognitions", [])}
    part_names = {"cover": "封面", "contents": "目录", "copyright": "版权页", "fulltext": "论文全文",
                  "publisher-query": "国家新闻出版署期刊查询截图", "paper-query": "论文查询截图及网址"}
    right = wrong = 0
    part_right = part_total = 0
    misses = []
    for path, expected in truth.items():
        item, _, part = expected.partition("#")
        got = placed.get(path)
        if got == item:
            right += 1
        elif got is not None:
            wrong += 1
            misses.append(f"    wrong: {path} → {got} (expected {item})")
        else:
            misses.append(f"    not placed: {path} (expected {expected})")
        if part:
            part_total += 1
            part_right += parts.get(path) == part_names[part]
    for line in misses:
        print(line)
    return {"files": len(truth), "right": right, "wrong": wrong, "unplaced": len(truth) - right - wrong,
            "part_right": part_right, "part_total": part_total}


def wrong_file_case(work: Path, seed: int) -> None:
    """The commitment letter in the licence's place, as a text PDF and as a scan."""
    sys.path.insert(0, str(ROOT / "samples"))
    import generate as g

    files, truth = messy.messy_folder(seed, "full")
    licence = next(p for p, item in truth.items() if item == "business-license")
    for label, data in (("text PDF", g.text_pdf(g.COMMITMENT_LINES[0], g.COMMITMENT_LINES[1:])),
                        ("scan", g.scan_pdf([g.Page(g.COMMITMENT_LINES[0], tuple(g.COMMITMENT_LINES[1:]))]))):
        case = dict(files)
        del case[licence]
        case["11 其他材料/营业执照.pdf"] = data
        folder = work / f"wrong-{label.replace(' ', '-')}"
        if folder.exists():
            shutil.rmtree(folder)
        g.write_tree(folder, case)
        _, result = scan(folder, None)
        codes = {(f["code"], f["item"], f["path"]) for f in result["findings"]}
        mismatch = ("content-name-mismatch", "business-license", "11 其他材料/营业执照.pdf") in codes
        missing = ("missing-item", "business-license", None) in codes
        print(f"wrong file ({label:8s}) named 营业执照.pdf: content-name-mismatch={mismatch}  "
              f"missing-item business-license={missing}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folders", type=int, default=4)
    parser.add_argument("--first-seed", type=int, default=1)
    parser.add_argument("--size", choices=("small", "full"), default="full")
    parser.add_argument("--skip-wrong-file", action="store_true")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="zccheck-bench-recognition-"))
    totals = {"files": 0, "right": 0, "wrong": 0, "unplaced": 0, "part_right": 0, "part_total": 0}
    colds, warms = [], []
    try:
        for seed in range(args.first_seed, args.first_seed + args.folders):
            folder = work / f"messy-{seed}"
            truth = messy.write(folder, seed, args.size)
            images = sum(1 for p in truth if p.lower().endswith((".jpg", ".png")))
            scans = sum(1 for p in truth if p.lower().endswith(".pdf"))
            cache = work / f"cache-{seed}"
            cold, result = scan(folder, cache)
            warm, again = scan(folder, cache)
            assert placement(again) == placement(result), "warm run placed files differently"
            counts = score(truth, result)
            for key in totals:
                totals[key] += counts[key]
            colds.append(cold)
            warms.append(warm)
            print(f"seed {seed}: {counts['files']} files ({images} images, {scans} PDFs): "
                  f"{counts['right']} right, {counts['wrong']} wrong, {counts['unplaced']} not placed; "
                  f"parts {counts['part_right']}/{counts['part_total']}; cold {cold:.1f} s, warm {warm:.2f} s",
                  flush=True)
        accuracy = 100.0 * totals["right"] / max(1, totals["files"])
        print(f"\naccuracy: {accuracy:.1f}% of {totals['files']} files in the right item; "
              f"{totals['wrong']} in a wrong item; {totals['unplaced']} left for review or unrecognised; "
              f"paper parts {totals['part_right']}/{totals['part_total']}")
        print(f"time per folder: cold median {statistics.median(colds):.1f} s (max {max(colds):.1f}), "
              f"warm median {statistics.median(warms):.2f} s (max {max(warms):.2f})")
        if not args.skip_wrong_file:
            wrong_file_case(work, args.first_seed)
        good = ROOT / "samples" / "complete"
        on = statistics.median(scan(good, None)[0] for _ in range(3))
        off = statistics.median(scan(good, None, stage=False)[0] for _ in range(3))
        print(f"good names (samples/complete, no cache): {on:.2f} s with recognition, {off:.2f} s without")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
