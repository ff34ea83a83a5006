"""The cheaper paths taken for a batch's CPU time (issue 11: 100 applicants in ≤ 30 s) give the same answers.

* batch workers run OpenCV and the OCR engine on one thread each (the workers are the parallelism);
* the blank test's thumbnail is a whole-factor box reduction;
* the upright-matrix test of a text page's content stream reads each operator's operands backwards
  instead of running a regular expression over the whole stream;
* a scanned image is decoded once: the inventory's integrity probe hands its frame to the scan measures.
"""

from __future__ import annotations

import gc
import io
import json
import os
import random
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from zccheck.checklist.loader import load_checklist, resolve_checklist
from zccheck.content import frame_handoff
from zccheck.content import scan_quality as sq
from zccheck.inventory.probe import ProbeError, probe_image_frame

ROOT = Path(__file__).resolve().parents[1]


def _fresh(code: str) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    env.pop("OPENCV_FOR_THREADS_NUM", None)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, env=env, timeout=120, check=True)
    return json.loads(done.stdout.decode().strip().splitlines()[-1])


def test_batch_worker_runs_opencv_and_ocr_on_one_thread_and_imports_nothing_for_it() -> None:
    pytest.importorskip("cv2")
    seen = _fresh(
        "import json, sys\n"
        "from zccheck.batch.worker import init_worker\n"
        "from zccheck.content.threads import ocr_threads\n"
        "init_worker(False)\n"
        "loaded = 'cv2' in sys.modules\n"
        "import cv2\n"
        "print(json.dumps({'loaded_by_init': loaded, 'cv2': cv2.getNumThreads(), 'ocr': ocr_threads()}))\n")
    assert seen == {"loaded_by_init": False, "cv2": 1, "ocr": 1}


def test_scan_keeps_the_libraries_thread_defaults() -> None:
    pytest.importorskip("cv2")
    seen = _fresh(
        "import json, os\n"
        "import cv2\n"
        "from zccheck.content.threads import ocr_threads\n"
        "print(json.dumps({'cv2': cv2.getNumThreads(), 'cpus': os.cpu_count(), 'ocr': ocr_threads()}))\n")
    assert seen["ocr"] == -1
    assert seen["cv2"] == seen["cpus"] or seen["cpus"] == 1


def test_batch_worker_limits_opencv_already_loaded() -> None:
    pytest.importorskip("cv2")
    seen = _fresh(
        "import json\n"
        "import cv2\n"
        "from zccheck.content.threads import one_thread_each\n"
        "one_thread_each()\n"
        "print(json.dumps({'cv2': cv2.getNumThreads()}))\n")
    assert seen == {"cv2": 1}


def test_ocr_engine_is_created_with_the_thread_count() -> None:
    pytest.importorskip("rapidocr")
    seen = _fresh(
        "import json\n"
        "from zccheck.content import ocr, threads\n"
        "threads.one_thread_each()\n"
        "engine = ocr._create_engine()\n"
        "options = engine.text_det.session.session.get_session_options()\n"
        "print(json.dumps({'intra': options.intra_op_num_threads}))\n")
    assert seen == {"intra": 1}


@pytest.mark.parametrize(("size", "factor"), [((1240, 1754), 3), ((600, 400), 1), ((601, 10), 2),
                                              ((2400, 1700), 4), ((10000, 5), 17), ((300, 200), 1)])
def test_blank_thumbnail_is_the_smallest_whole_box_reduction_within_the_long_side(
        size: tuple[int, int], factor: int) -> None:
    image = Image.effect_noise(size, 40).convert("L")
    thumb = sq._fit(image, sq.BLANK_LONG_SIDE)
    assert max(thumb.size) <= sq.BLANK_LONG_SIDE
    expected = image.reduce(factor) if factor > 1 else image
    assert thumb.size == expected.size
    assert thumb.tobytes() == expected.tobytes()


def test_hairline_page_is_not_blank_and_paper_only_page_is() -> None:
    """A 150-dpi A4 page whose only writing is one dark hairline (1 px, 400 px long: a pen stroke) keeps its
    ink in the box-averaged thumbnail; the former reduce-then-resample thumbnail lost it (ink 0)."""
    page = Image.new("L", (1240, 1754), 246)
    ImageDraw.Draw(page).line([(200, 900), (600, 900)], fill=30, width=1)
    assert sq._ink(page) >= 0.0005  # the default blank_ink: this page has writing on it
    assert sq._ink(Image.new("L", (1240, 1754), 246)) == 0.0


def _content_stream(rng: random.Random) -> bytes:
    """A content stream mixing matrices (upright or not, numbers in every PDF spelling) with text, names,
    strings and lookalikes of the operators."""
    numbers = [b"1", b"0", b"-1", b"0.5", b".5", b"+2", b"3.", b"-0", b"12.75", b"0.0"]
    noise = [b"q", b"Q", b"BT", b"ET", b"/F1 12 Tf", b"(cm)", b"(a)1", b"abc1", b"]0", b"Tmx", b"cm*", b"/Tm",
             b"(x) Tj", b"[(a) 3 (b)] TJ", b"<00ff>"]
    parts = []
    for _ in range(rng.randint(1, 25)):
        if rng.random() < 0.5:
            six = [rng.choice(numbers) for _ in range(6)]
            if rng.random() < 0.7:  # upright: a > 0, b = c = 0, d > 0
                six[0], six[1], six[2], six[3] = rng.choice([b"1", b"0.5", b"+2"]), b"0", b"0", b"1"
            glue = rng.choice([b" ", b"\n", b"  ", b"\t", b"\r\n"])
            head = rng.choice([b"", b")", b"]"]) if rng.random() < 0.2 else b""
            parts.append(head + glue.join(six) + glue + rng.choice([b"cm", b"Tm"]))
        else:
            parts.append(rng.choice(noise))
    return b" ".join(parts)


def test_upright_matrix_reading_matches_the_regular_expression() -> None:
    rng = random.Random(11)
    outcomes = {True: 0, False: 0}
    for _ in range(3000):
        raw = _content_stream(rng)
        expected = all(sq._upright(m.groups()) for m in sq._MATRIX.finditer(raw))
        assert sq._matrices_upright(raw) is expected, raw
        outcomes[expected] += 1
    assert min(outcomes.values()) > 600  # both answers are well represented


@pytest.mark.parametrize(("raw", "upright"), [
    (b"BT 1 0 0 1 72 700 Tm (Hello) Tj ET", True),
    (b"BT -1 0 0 -1 500 100 Tm (upside down) Tj ET", False),
    (b"q 0 1 -1 0 595 0 cm /Im0 Do Q", False),
    (b"(label)1 0 0 1 5 5 Tm", True),
    (b"(turned)0 1 -1 0 5 5 Tm", False),
    (b"BT /F1 12 Tf (0 1 -1 0 5 5 Tmx) Tj ET", True),        # not an operator
    (b"abc0 1 -1 0 0 0 cm", True),                          # the first operand is glued to a word
    (b"x" * 300 + b" 1 0 0 1 " + b"7" * 300 + b" 0 cm", True),   # operands longer than the window
    (b"x" * 300 + b" 0 1 -1 0 " + b"7" * 300 + b" 0 cm", False),
])
def test_upright_matrix_reading_cases(raw: bytes, upright: bool) -> None:
    assert sq._matrices_upright(raw) is upright
    assert all(sq._upright(m.groups()) for m in sq._MATRIX.finditer(raw)) is upright


# --- one decode per scanned image: the probe hands its frame to the scan measures -------------------------


def _page_picture(size: tuple[int, int] = (1240, 1754)) -> Image.Image:
    image = Image.new("RGB", size, (246, 245, 240))
    draw = ImageDraw.Draw(image)
    for row in range(40):
        draw.rectangle((100, 120 + row * 38, 100 + (row * 97) % 900 + 200, 136 + row * 38), fill=(30, 30, 30))
    return image


def _encoded(image: Image.Image, fmt: str, **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_probe_frame_is_the_frame_the_measures_decode(fmt: str) -> None:
    data = _encoded(_page_picture(), fmt, **({"dpi": (150, 150)} if fmt != "WEBP" else {}))
    info, frame = probe_image_frame(data)
    assert (info.width, info.height) == (1240, 1754)
    own = sq._decoded_frame(data)
    assert frame is not None
    assert frame.grey.mode == "L"
    assert frame.grey.size == own.grey.size
    assert frame.grey.tobytes() == own.grey.tobytes()
    assert (frame.stored_size, frame.orientation_tag) == (own.stored_size, own.orientation_tag)
    handed, decoded = sq.measure_scan(b"", "jpeg", frame=frame), sq.measure_scan(data, "jpeg")
    assert replace(handed, seconds=0.0) == replace(decoded, seconds=0.0)


def test_probe_frame_keeps_the_exif_turn() -> None:
    picture = _page_picture((600, 848))
    exif = Image.Exif()
    exif[0x0112] = 6  # shown turned by 90°: the measures see it landscape-stored, portrait-shown
    data = _encoded(picture.rotate(90, expand=True), "JPEG", exif=exif.tobytes())
    info, frame = probe_image_frame(data)
    assert (info.width, info.height) == (600, 848)
    assert frame is not None and frame.grey.size == (600, 848) and frame.orientation_tag == 6


def test_no_frame_where_the_probe_does_not_decode_whole() -> None:
    bmp = _encoded(_page_picture((400, 560)), "BMP")  # uncompressed: checked by its layout, not decoded
    assert probe_image_frame(bmp)[1] is None
    pages = io.BytesIO()
    first = _page_picture((400, 560))
    first.save(pages, "TIFF", save_all=True, append_images=[_page_picture((400, 560))], compression="tiff_lzw")
    assert probe_image_frame(pages.getvalue())[1] is None  # a multi-page TIFF is measured from the file


def test_damaged_images_are_still_refused_by_the_probe() -> None:
    data = _encoded(_page_picture(), "JPEG")
    with pytest.raises(ProbeError) as refused:
        probe_image_frame(data[: len(data) // 2])
    assert refused.value.token == "truncated"


def test_handoff_budget_take_and_release(monkeypatch: pytest.MonkeyPatch) -> None:
    _, frame = probe_image_frame(_encoded(_page_picture(), "JPEG"))
    _, other = probe_image_frame(_encoded(_page_picture(), "PNG"))
    assert frame is not None and other is not None
    monkeypatch.setattr(frame_handoff, "BUDGET_BYTES", frame.nbytes + other.nbytes - 1)
    first: dict = {}
    second: dict = {}
    assert frame_handoff.offer(first, frame) is True
    assert frame_handoff.offer(second, other) is False  # over the budget: that image is decoded again later
    assert frame_handoff.FRAME_KEY not in second
    assert frame_handoff.waiting_bytes() == frame.nbytes
    assert frame_handoff.take(first) is frame
    assert frame_handoff.take(first) is None
    assert frame_handoff.waiting_bytes() == 0
    third: dict = {}
    assert frame_handoff.offer(third, other) is True
    del third, other
    gc.collect()
    assert frame_handoff.waiting_bytes() == 0  # a frame nobody took is freed with its document


def test_a_folder_scan_decodes_each_scanned_image_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The scan-quality check measures the probe's frame: it never decodes the scans again."""
    from zccheck.engine import ScanOptions, evaluate
    from zccheck.inventory.materials import open_materials

    folder = tmp_path / "材料"
    (folder / "07 专业技术工作经历").mkdir(parents=True)
    for name in ("聘书.jpg", "任命文件.jpg"):
        (folder / "07 专业技术工作经历" / name).write_bytes(_encoded(_page_picture(), "JPEG", dpi=(150, 150)))
    (folder / "07 专业技术工作经历" / "空白页.png").write_bytes(
        _encoded(Image.new("RGB", (1240, 1754), (250, 250, 250)), "PNG", dpi=(150, 150)))
    decoded_again: list = []
    original = sq._decoded_frame
    monkeypatch.setattr(sq, "_decoded_frame", lambda data: decoded_again.append(data) or original(data))
    checklist = load_checklist(resolve_checklist(None))
    result = evaluate(open_materials(folder), checklist, ScanOptions())
    blank = [f for f in result.findings if f.code == "scan-blank-page"]
    assert [f.path for f in blank] == ["空白页.png"]  # (the one top folder is unwrapped)
    assert decoded_again == []


def test_a_documents_second_verdict_reuses_its_scores(monkeypatch: pytest.MonkeyPatch) -> None:
    """The cross-check asks for a verdict, then for the named item's own score (`only`): one scoring."""
    from zccheck.recognize import stage

    calls: list[str] = []
    original = stage.score_texts
    monkeypatch.setattr(stage, "score_texts", lambda sigs, head, body: calls.append(head) or original(sigs, head, body))
    recognizer = stage.Recognizer(load_checklist(resolve_checklist(None)))
    promise = {"lines": ["承诺书", "本人承诺所提交的申报材料真实有效，如有虚假，愿承担一切责任。", "承诺人："]}
    first = recognizer.verdict(promise)
    own = recognizer.verdict(promise, only=["business-license"])
    assert len(calls) == 1
    assert first.item == "commitment-letter" and own.item in (None, "business-license")
    fresh = stage.Recognizer(load_checklist(resolve_checklist(None)))
    assert fresh.verdict(promise, only=["business-license"]) == own  # the same answer as scored afresh
    recognizer.verdict({"lines": ["营业执照", "统一社会信用代码", "法定代表人"]})
    assert len(calls) == 3  # (fresh's own scoring, then a new text)
