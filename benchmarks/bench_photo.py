"""Time the photo check: ms per photo (target ≤ 100 ms on 2 cores).

Run from the repository root:  PYTHONPATH=src python benchmarks/bench_photo.py [repeats]
Measures the committed 2寸 ID photo (samples/assets/id-photo-413x579.jpg) and, for the range of inputs a
real run sees, a 2x phone export, a greyscale copy and a no-face picture. Each figure is the median of
`repeats` full checks (decode, measures, two Haar cascades, rules) on fresh documents, after one warm-up
that loads the cascades; the one-off cascade load is printed separately. "cpu" is the process CPU time
(all threads): on a busy machine wall time rises, CPU time much less.
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from datetime import date
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from zccheck.checks import photo  # noqa: E402
from zccheck.checks.base import CheckContext  # noqa: E402
from zccheck.classify.model import Classification  # noqa: E402
from zccheck.facts import Facts  # noqa: E402
from zccheck.inventory.document import Document  # noqa: E402

ASSET = ROOT / "samples" / "assets" / "id-photo-413x579.jpg"


def _jpeg(image: Image.Image, quality: int = 90) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality)
    return out.getvalue()


def _inputs() -> dict[str, bytes]:
    base = Image.open(ASSET).convert("RGB")
    no_face = Image.new("RGB", (413, 579), (200, 190, 170))
    draw = ImageDraw.Draw(no_face)
    for i in range(12):
        draw.rectangle((10 + i * 25, 30 + i * 40, 60 + i * 29, 90 + i * 40), fill=(30 * i % 256, 90, 160))
    return {
        "2寸 413×579 (asset)": ASSET.read_bytes(),
        "2x export 826×1158": _jpeg(base.resize((826, 1158), Image.Resampling.LANCZOS), 92),
        "grey stored as RGB": _jpeg(base.convert("L").convert("RGB")),
        "no face (error path)": _jpeg(no_face),
    }


def _check_once(data: bytes) -> tuple[float, float]:
    doc = Document(rel_path="个人相片.jpg", size=len(data), kind="jpeg", extension_kind="jpeg", sha256=None,
                   _reader=lambda: data)
    ctx = CheckContext(facts=Facts(), checklist=None, as_of=date(2024, 8, 20), documents=(doc,),  # type: ignore[arg-type]
                       classification=Classification(), item=None, item_documents=(doc,))
    started, cpu = time.perf_counter(), time.process_time()
    list(photo.check(ctx, photo.DEFAULTS))
    return (time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000


def main(argv: list[str]) -> int:
    repeats = int(argv[1]) if len(argv) > 1 else 20
    from zccheck.content import photo_measure

    started = time.perf_counter()
    photo_measure._cascade(photo_measure.FACE_CASCADE)
    photo_measure._cascade("haarcascade_frontalface_alt2.xml")
    print(f"one-off Haar cascade load: {(time.perf_counter() - started) * 1000:.0f} ms")
    for label, data in _inputs().items():
        _check_once(data)
        runs = [_check_once(data) for _ in range(repeats)]
        wall = [r[0] for r in runs]
        cpu = [r[1] for r in runs]
        print(f"{label:24s} median {statistics.median(wall):6.1f} ms   min {min(wall):6.1f} ms   "
              f"max {max(wall):6.1f} ms   cpu {statistics.median(cpu):6.1f} ms   ({repeats} runs)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
