"""Heavy optional modules are imported only by the work that needs them (issue 12).

Each case runs in a fresh interpreter (a subprocess), since this test process has imported everything.
These are tests of behaviour (what is in sys.modules), not of time: benchmarks/bench_startup.py measures.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("cv2", "onnxruntime", "rapidocr", "openpyxl", "numpy", "docx", "pypdfium2", "jinja2", "reportlab")

PROBE = """
import json, sys
from zccheck.cli import app
for args in ARGS:
    try:
        app(args, prog_name="zccheck")
    except SystemExit:
        pass
print(json.dumps(sorted(m for m in HEAVY if m in sys.modules)), file=sys.stderr)
"""


def imported_after(*commands: list[str]) -> list[str]:
    """The HEAVY modules a fresh interpreter holds after importing zccheck.cli and running `commands`."""
    return run_fresh(*commands)[0]


def run_fresh(*commands: list[str]) -> tuple[list[str], str]:
    """(HEAVY modules imported, standard output) of a fresh interpreter running `commands`."""
    code = PROBE.replace("ARGS", repr(list(commands))).replace("HEAVY", repr(HEAVY))
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, env=env, timeout=120, check=False)
    last = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1]
    return json.loads(last), done.stdout.decode("utf-8", "replace")


def test_help_imports_no_heavy_module() -> None:
    assert imported_after(["--help"], ["scan", "--help"], ["batch", "--help"], ["checklist", "--help"]) == []


def test_importing_the_engine_and_every_check_imports_no_heavy_module() -> None:
    code = ("import json, sys, zccheck.cli, zccheck.engine, zccheck.checks, zccheck.reporters, "
            "zccheck.batch.runner\n"
            f"print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, env=env, timeout=120, check=True)
    assert json.loads(done.stdout) == []


def test_text_pdf_folder_needs_neither_the_classifier_nor_opencv(tmp_path: Path) -> None:
    """A born-digital PDF, even one shown upside down (/Rotate 180), is judged from its text layer: the
    orientation classifier (onnxruntime), OpenCV, numpy and openpyxl are never loaded."""
    from pypdf import PdfReader, PdfWriter

    source = ROOT / "samples" / "complete" / "10 专业技术工作总结" / "专业技术工作总结.pdf"
    folder = tmp_path / "申报材料" / "10 专业技术工作总结"
    folder.mkdir(parents=True)
    writer = PdfWriter()
    for page in PdfReader(source).pages:
        writer.add_page(page)
    writer.pages[0].rotate(180)
    with open(folder / "专业技术工作总结.pdf", "wb") as handle:
        writer.write(handle)
    loaded, output = run_fresh(["scan", str(tmp_path / "申报材料"), "--format", "json"])
    assert not {"onnxruntime", "rapidocr", "cv2", "numpy", "openpyxl"} & set(loaded)
    upside_down = [f for f in json.loads(output)["findings"] if f["code"] == "scan-page-upside-down"]
    assert [f["path"] for f in upside_down] == ["10 专业技术工作总结/专业技术工作总结.pdf"]
