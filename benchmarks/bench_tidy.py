"""Time of `zccheck tidy` on a generated messy zip: inventory + classification, plan, and writing the copy.

Run from the repository root:  PYTHONPATH=src python benchmarks/bench_tidy.py [repeats]
The zip holds one applicant's materials in a top folder with __MACOSX litter: 36 files with phone/scanner
names, byte-identical copies, 4 HEIC photos and 3 images over the 10 MB upload limit (fine-grained 4000×5600
scans). Prints the median wall time of each phase over `repeats` runs and what the copy holds.
"""

from __future__ import annotations

import io
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from zccheck.checklist.loader import load_checklist, resolve_checklist  # noqa: E402
from zccheck.classify.classifier import names_material  # noqa: E402
from zccheck.engine import ScanOptions, classify_inventory  # noqa: E402
from zccheck.inventory.materials import open_materials  # noqa: E402
from zccheck.reporters.tidy_report import TidyLabels  # noqa: E402
from zccheck.tidy.plan import plan_tidy  # noqa: E402
from zccheck.tidy.writer import write_tidy  # noqa: E402

FACTS = '[applicant]\nname = "张三"\nlevel = "工程师"\nindustry = "工程"\nroute = "正常"\napply_date = 2024-08-20\n'


def _image(size: tuple[int, int], fmt: str, seed: int) -> bytes:
    import numpy as np
    from PIL import Image

    if fmt == "HEIF":
        from pillow_heif import register_heif_opener

        register_heif_opener()
    rng = np.random.default_rng(seed)
    pixels = rng.integers(0, 256, (size[1], size[0], 3), dtype=np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, fmt, quality=95)
    return buffer.getvalue()


def _pdf(text: str) -> bytes:
    body = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    return (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj "
            b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R>>endobj 4 0 obj<</Length "
            + str(len(body)).encode() + b">>stream\n" + body + b"\nendstream endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def messy_zip() -> bytes:
    """The benchmark's zip (deterministic)."""
    members: dict[str, bytes] = {"申报材料/zccheck.toml": FACTS.encode()}
    for index, name in enumerate(("营业执照", "承诺书", "劳动合同", "专业技术工作总结", "单位推荐意见", "公示材料")):
        data = _pdf(f"doc {index}")
        members[f"申报材料/{name}.pdf"] = data
        members[f"申报材料/{name} - 副本.pdf"] = data
    for index in range(4):
        members[f"申报材料/IMG_2024071{index}_0930{index}2.HEIC"] = _image((800, 1100), "HEIF", index)
    for index in range(3):
        members[f"申报材料/业绩成果/业绩{index + 1}-某工程/中标通知书.jpg"] = _image((4000, 5600), "JPEG", 10 + index)
    for index in range(10):
        members[f"申报材料/论文/论文1-某研究（代表作）/扫描{index}.jpg"] = _image((300, 400), "JPEG", 20 + index)
    for index in range(7):
        members[f"申报材料/微信图片_2024071510230{index}.jpg"] = _image((200, 300), "JPEG", 40 + index)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
            folder, _, base = name.rpartition("/")
            archive.writestr(f"__MACOSX/{folder}/._{base}", b"\x00\x05\x16\x07")
    return out.getvalue()


def main(repeats: int = 3) -> None:
    """Print the median seconds of each phase."""
    checklist = load_checklist(resolve_checklist(None))
    labels = TidyLabels(checklist, "zh")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "messy.zip"
        src.write_bytes(messy_zip())
        phases: dict[str, list[float]] = {"read+classify": [], "plan": [], "write": []}
        outcome = None
        for run in range(repeats):
            started = time.perf_counter()
            inventory = open_materials(src, keep=lambda name: names_material(name, checklist))
            classification = classify_inventory(inventory, checklist, ScanOptions())
            planned = time.perf_counter()
            plan = plan_tidy(inventory, checklist, classification)
            written = time.perf_counter()
            outcome = write_tidy(plan, inventory, Path(tmp) / f"out{run}", dry_run=False, labels=labels)
            done = time.perf_counter()
            phases["read+classify"].append(planned - started)
            phases["plan"].append(written - planned)
            phases["write"].append(done - written)
        assert outcome is not None
        actions: dict[str, int] = {}
        for placement in outcome.placements:
            actions[placement.action] = actions.get(placement.action, 0) + 1
        print(f"zip: {src.stat().st_size / 1024 / 1024:.1f} MB, {len(inventory.documents)} files; actions: {actions}; "
              f"converted: {sum(1 for p in outcome.placements if p.convert)}")
        for phase, values in phases.items():
            print(f"{phase:14s} median {statistics.median(values):7.2f} s over {repeats} runs")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
