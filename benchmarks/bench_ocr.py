"""OCR benchmark: seconds per scanned page, and the time the work-summary check needs to decide a scanned
4-page summary (target ≤ 15 s on a 2-core machine).

Run:  PYTHONPATH=src python benchmarks/bench_ocr.py [--repeat 3] [--idle 1.0]

With `--idle L`, every measurement first waits (up to 10 minutes) until the 1-minute load average is below L,
so that figures taken on a shared machine are not other processes' time; each line shows the load it ran at.

Pages are generated: Chinese text typeset with reportlab's STSong-Light (小四, 12 pt; 1.5 line spacing),
rasterised at 200 dpi with pypdfium2 (needs a CJK system font, e.g. Debian's fonts-wqy-microhei), blurred a
little, saved as JPEG and wrapped in an image-only PDF: what a scanner produces. Figures are medians over
`--repeat` runs; "cold" includes importing the OCR stack and loading the models (once per process).
"""

from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

SENTENCES = (
    "本人自参加工作以来，一直从事建筑工程施工技术与管理工作。",
    "在项目中负责混凝土结构施工方案的编制与现场技术交底。",
    "通过优化模板支撑体系，缩短工期约十五天，节约成本三十余万元。",
    "主持完成了地下室防水工程的质量控制，获得业主好评。",
    "积极参加继续教育，学习新规范、新工艺和新材料的应用。",
    "指导青年技术人员开展测量放线和质量检验工作。",
)


IDLE: float | None = None


def settle() -> str:
    """Wait for the machine to be idle (see --idle); the 1-minute load average as text."""
    if IDLE is not None:
        deadline = time.monotonic() + 600
        while os.getloadavg()[0] >= IDLE and time.monotonic() < deadline:
            time.sleep(5)
    return f"load {os.getloadavg()[0]:.2f}"


def summary_text(chars: int, seed: int) -> str:
    rnd = random.Random(seed)
    text = ""
    while len(text) < chars:
        text += rnd.choice(SENTENCES)
    return text[:chars]


def scanned_pdf(pages: list[str], per_line: int = 34, size: float = 12.0, dpi: int = 200) -> bytes:
    """An image-only PDF of A4 pages holding `pages` (one string each)."""
    import pypdfium2 as pdfium
    from PIL import ImageFilter
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    source = io.BytesIO()
    pdf = canvas.Canvas(source, pagesize=A4)
    for page in pages:
        pdf.setFont("STSong-Light", size)
        y = A4[1] - 72
        for start in range(0, len(page), per_line):
            pdf.drawString(72, y, page[start:start + per_line])
            y -= size * 1.5 * 1.2
        pdf.showPage()
    pdf.save()
    document = pdfium.PdfDocument(source.getvalue())
    out = io.BytesIO()
    scan = canvas.Canvas(out, pagesize=A4)
    for page in document:
        image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
        if sum(image.histogram()[:128]) < 0.002 * image.width * image.height:
            sys.exit("blank render: install a CJK font (Debian: apt-get install fonts-wqy-microhei)")
        image = image.filter(ImageFilter.GaussianBlur(0.6))
        jpeg = io.BytesIO()
        image.save(jpeg, "JPEG", quality=75)
        jpeg.seek(0)
        scan.drawImage(ImageReader(jpeg), 0, 0, width=A4[0], height=A4[1])
        scan.showPage()
    scan.save()
    return out.getvalue()


def decide(data: bytes) -> tuple[float, float, dict]:
    """Run the work-summary check on one scanned file; (wall seconds, CPU seconds, the outcome's details)."""
    import hashlib

    from zccheck.checklist.loader import load_checklist
    from zccheck.checks import work_summary
    from zccheck.checks.base import CheckContext
    from zccheck.classify.model import Classification
    from zccheck.facts import Facts
    from zccheck.inventory.document import Document

    checklist = load_checklist(Path(__file__).resolve().parents[1] / "checklists" / "liudong-2024-engineering.toml")
    doc = Document(rel_path="专业技术工作总结.pdf", size=len(data), kind="pdf", extension_kind="pdf",
                   sha256=hashlib.sha256(data).hexdigest(), _reader=lambda: data)
    ctx = CheckContext(facts=Facts(), checklist=checklist, as_of=date(2024, 8, 20), documents=[doc],
                       classification=Classification(by_item={"work-summary": [doc]}),
                       item=checklist.items["work-summary"], item_documents=[doc])
    options = dict(checklist.items["work-summary"].checks[0].options)
    started, cpu = time.perf_counter(), time.process_time()
    problems = list(work_summary.check(ctx, options))
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    final = [p for p in problems if p.code.startswith("summary-")][-1]
    return seconds, cpu, {"code": final.code, **{k: final.details.get(k) for k in ("count", "method")},
                     **{k: final.details["parts"][0].get(k) for k in ("ocr_pages_read", "ocr_stopped_early")}}


def per_page(repeat: int) -> None:
    from zccheck.content.ocr import get_engine, ocr_count

    started = time.perf_counter()
    get_engine()
    print(f"engine start (import + models): {time.perf_counter() - started:.2f} s")
    for label, chars in (("typical page (34×26 ≈ 880 字, 小四, 1.5 spacing)", 880),
                         ("dense page (40×40 = 1600 字, 五号, single spacing)", 1600)):
        per_line, size = (34, 12.0) if chars < 1000 else (40, 10.5)
        data = scanned_pdf([summary_text(chars, 1)], per_line=per_line, size=size)
        runs, cpus, loads = [], [], []
        for _ in range(repeat):
            loads.append(settle())
            cpu = time.process_time()
            result = ocr_count(data, "pdf")
            runs.append(result.seconds)
            cpus.append(time.process_time() - cpu)
        print(f"{label}: {statistics.median(runs):.2f} s/page wall, {statistics.median(cpus):.2f} s CPU "
              f"(median of {repeat}; wall runs {', '.join(f'{r:.2f}' for r in runs)}; {', '.join(loads)}), "
              f"read {result.count} 字")


def summaries(repeat: int) -> None:
    cases = (("4-page summary, 3,520 字 (pass)", [summary_text(880, s) for s in range(4)]),
             ("4-page summary, 1,700 字 (short: every page read)", [summary_text(425, s) for s in range(4)]),
             ("4-page summary, 2,100 字 (near the limit: every page read)", [summary_text(525, s) for s in range(4)]))
    for label, pages in cases:
        data = scanned_pdf(pages)
        runs, cpus, loads = [], [], []
        for _ in range(repeat):
            loads.append(settle())
            seconds, cpu, details = decide(data)
            runs.append(seconds)
            cpus.append(cpu)
        print(f"{label}: decided in {statistics.median(runs):.2f} s wall, {statistics.median(cpus):.2f} s CPU, "
              f"warm (median of {repeat}; wall runs {', '.join(f'{r:.2f}' for r in runs)}; {', '.join(loads)}) "
              f"→ {details}")


def cold(data_path: Path) -> None:
    """Decide the 4-page pass case in a fresh process, engine start included."""
    code = (
        "import sys, time; t = time.perf_counter(); sys.path[:0] = ['src', 'benchmarks']\n"
        "import bench_ocr; from pathlib import Path\n"
        f"s, c, d = bench_ocr.decide(Path({str(data_path)!r}).read_bytes())\n"
        "print(f'{time.perf_counter() - t:.2f} {s:.2f} {time.process_time():.2f} {d}')\n"
    )
    load = settle()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[1]).stdout.split(maxsplit=3)
    print(f"4-page summary, 3,520 字, cold process: {out[0]} s wall in total (the check {out[1]} s, engine start "
          f"included; process CPU {out[2]} s; {load}) → {out[3].strip()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--idle", type=float, default=None, help="wait for a load average below this first")
    args = parser.parse_args()
    global IDLE
    IDLE = args.idle
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "summary.pdf"
        path.write_bytes(scanned_pdf([summary_text(880, s) for s in range(4)]))
        cold(path)
    per_page(args.repeat)
    summaries(args.repeat)


if __name__ == "__main__":
    main()
