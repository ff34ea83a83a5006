"""Upside-down pages by rapidocr's text-line orientation classifier alone (content/orientation.py).

Pages are made here: Chinese text PDFs with reportlab's built-in STSong-Light rasterised by pypdfium2 (at
several resolutions, degraded like scans), pages drawn with Pillow and a Chinese TrueType font when the
machine has one, tables, photos and noise. Each text page is judged upright and turned by 180°.
"""

from __future__ import annotations

import importlib.util
import io
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from zccheck.content import orientation
from zccheck.content.errors import ContentError, DependencyMissing

HAS_PDFIUM = importlib.util.find_spec("pypdfium2") is not None
needs_pdfium = pytest.mark.skipif(not HAS_PDFIUM, reason="needs pypdfium2")
needs_stack = pytest.mark.skipif(not (orientation.available() and HAS_PDFIUM),
                                 reason="needs onnxruntime, rapidocr, OpenCV and pypdfium2")

pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
TEXT = ("本人自参加工作以来，一直从事工程技术工作，认真负责，积极进取，完成了多项重要工程任务。"
        "在柳东某厂房钢结构工程中担任项目技术负责人，组织编制施工组织设计和专项施工方案，"
        "解决了大跨度钢结构吊装、高强螺栓连接质量控制等技术难题，工程于2023年5月通过竣工验收，"
        "质量等级为合格。参与编写企业工法一项，发表论文一篇，获得单位先进工作者称号。")
FONT_CANDIDATES = ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
                   "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
                   "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
                   "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", "C:/Windows/Fonts/simsun.ttc")
CJK_FONT = next((path for path in FONT_CANDIDATES if Path(path).exists()), None)


# --- page makers -----------------------------------------------------------------------------------------


def text_pdf(pt: float = 12, lines: int = 30, *, columns: int = 1, rotate_page: int = 0,
             turn_content: int = 0, seal: bool = False) -> bytes:
    """One A4 page of Chinese text in STSong-Light (`columns` side by side), optionally with /Rotate, the
    content turned by `turn_content` degrees, or a round seal whose characters stand at every angle."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    if turn_content:
        pdf.translate(A4[0] / 2, A4[1] / 2)
        pdf.rotate(turn_content)
        pdf.translate(-A4[0] / 2, -A4[1] / 2)
    pdf.setFont("STSong-Light", pt)
    width = (A4[0] - 120 - (columns - 1) * 20) / columns
    per_line = max(4, int(width / pt))
    position = 0
    for column in range(columns):
        x = 60 + column * (width + 20)
        for i in range(lines):
            count = per_line if i % 7 != 6 else per_line // 2  # paragraph ends are short
            pdf.drawString(x, 780 - i * pt * 1.8, (TEXT * 3)[position:position + count])
            position = (position + count) % len(TEXT)
    if seal:
        for k, char in enumerate("柳州市某建设工程有限公司"):
            pdf.saveState()
            pdf.translate(420, 150)
            pdf.rotate(150 - k * 25)
            pdf.drawString(0, 45, char)
            pdf.restoreState()
    if rotate_page:
        pdf.setPageRotation(rotate_page)
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def rasterise(data: bytes, dpi: int = 150) -> Image.Image:
    """Page 1 of a PDF as a grey image, the way it is displayed."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        return document[0].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    finally:
        document.close()


def scanned(image: Image.Image, *, seed: int = 0, skew: float = 0.8) -> Image.Image:
    """`image` as a mediocre scan: slightly turned, blurred, noisy, low JPEG quality, grey paper."""
    import numpy as np

    turned = image.rotate(skew, resample=Image.Resampling.BICUBIC, fillcolor=255)
    array = np.asarray(turned.filter(ImageFilter.GaussianBlur(0.8)), dtype=np.float32) * 0.92 + 8
    array += np.random.default_rng(seed).normal(0, 9, array.shape)
    out = io.BytesIO()
    Image.fromarray(np.clip(array, 0, 255).astype(np.uint8)).save(out, "JPEG", quality=45)
    return Image.open(io.BytesIO(out.getvalue())).convert("L")


def pillow_page(font_path: str, px: int = 27, size: tuple[int, int] = (1240, 1754)) -> Image.Image:
    """A 150-dpi A4 page drawn with Pillow: a title and lines of Chinese text with a stamp-free margin."""
    image = Image.new("L", size, 250)
    draw = ImageDraw.Draw(image)
    body = ImageFont.truetype(font_path, px)
    draw.text((size[0] // 2, 150), "项目技术负责人任命文件", font=ImageFont.truetype(font_path, px * 2), fill=20,
              anchor="mm")
    per_line = (size[0] - 300) // px
    y, position = 260, 0
    while y < size[1] - 150:
        draw.text((150, y), (TEXT * 3)[position:position + per_line], font=body, fill=25)
        position = (position + per_line) % len(TEXT)
        y += int(px * 1.75)
    return image


def table_page() -> Image.Image:
    """A ruled table with short numbers in its cells (a pension statement): no lines of text."""
    image = Image.new("L", (1240, 1754), 252)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=22)
    for row in range(30):
        for column in range(8):
            x, y = 100 + column * 130, 150 + row * 48
            draw.rectangle((x, y, x + 130, y + 48), outline=0, width=2)
            if (row * 8 + column) % 5:
                draw.text((x + 12, y + 12), f"{(row * 37 + column * 11) % 999}.5", font=font, fill=10)
    return image


def photo() -> Image.Image:
    """A real photograph (scikit-image's astronaut), grey, on a portrait page."""
    from skimage import data

    picture = Image.fromarray(data.astronaut()).convert("L")
    return picture.resize((1240, 1240)).crop((0, 0, 1240, 1240)).resize((1240, 1754))


def judge(image: Image.Image, **options: Any) -> orientation.OrientationVote:
    return orientation.classify_page(image, **options)


# --- text pages ------------------------------------------------------------------------------------------


@needs_stack
@pytest.mark.parametrize(("pt", "dpi"), [(9, 100), (10.5, 150), (12, 100), (12, 200), (16, 150)])
def test_rasterised_text_page(pt: float, dpi: int) -> None:
    page = rasterise(text_pdf(pt=pt), dpi)
    upright = judge(page)
    assert upright.upside_down is False
    assert upright.upright >= 6 and upright.flipped == 0
    turned = judge(page.rotate(180))
    assert turned.upside_down is True
    assert turned.flipped >= 6 and turned.upright <= 0.15 * turned.flipped


@needs_stack
def test_upright_page_is_settled_by_the_first_batch() -> None:
    vote = judge(rasterise(text_pdf(), 100))
    assert vote.classified == orientation.FIRST_BATCH  # no second batch, no turned copies
    turned = judge(rasterise(text_pdf(), 100).rotate(180))
    assert orientation.FIRST_BATCH < turned.classified <= 2 * orientation.MAX_STRIPS


@needs_stack
def test_poor_scan_of_a_text_page() -> None:
    page = scanned(rasterise(text_pdf(pt=11), 150), seed=1)
    assert judge(page).upside_down is False
    assert judge(scanned(rasterise(text_pdf(pt=11), 150).rotate(180), seed=2)).upside_down is True


@needs_stack
def test_two_column_page() -> None:
    page = rasterise(text_pdf(pt=10.5, columns=2), 150)
    assert judge(page).upside_down is False
    assert judge(page.rotate(180)).upside_down is True


@needs_stack
@pytest.mark.skipif(CJK_FONT is None, reason="no Chinese TrueType font on this machine")
@pytest.mark.parametrize("px", [20, 27, 40])
def test_pillow_page_with_a_chinese_font(px: int) -> None:
    assert CJK_FONT is not None
    page = pillow_page(CJK_FONT, px)
    assert judge(page).upside_down is False
    assert judge(page.rotate(180)).upside_down is True


@needs_stack
def test_phone_photo_of_a_page_is_scaled_down_first() -> None:
    page = rasterise(text_pdf(pt=12), 300)  # 2480×3508 px
    assert page.width * page.height > 4 * orientation.MAX_WORK_PIXELS
    assert orientation.working_copy(page).size <= orientation.MAX_WORK_PIXELS
    assert judge(page).upside_down is False
    assert judge(page.rotate(180)).upside_down is True


# --- pages that cannot tell ------------------------------------------------------------------------------


@pytest.mark.parametrize("make", [table_page, photo, lambda: Image.effect_noise((1240, 1754), 60).convert("L"),
                                  lambda: Image.new("L", (1240, 1754), 250)],
                         ids=["table", "photo", "noise", "blank"])
@needs_stack
def test_no_verdict_without_lines_of_text(make: Any) -> None:
    page = make()
    for image in (page, page.rotate(180)):
        vote = judge(image)
        assert vote.upside_down is None
        assert vote.classified == 0  # the model is not even asked
        assert vote.lines < 6


@needs_stack
def test_sideways_text_is_not_called_upside_down() -> None:
    page = rasterise(text_pdf(), 100)
    for angle in (90, 270):
        assert judge(page.rotate(angle, expand=True)).upside_down is not True


@needs_stack
def test_too_few_lines_give_no_verdict() -> None:
    # One line across the page: a strip from each of its pieces in the column slabs, fewer than min_votes.
    page = rasterise(text_pdf(lines=1), 150).rotate(180)
    vote = judge(page)
    assert 0 < vote.lines < 6
    assert vote.upside_down is None and vote.classified == 0
    # Asking for fewer votes lets the same page decide.
    assert judge(page, min_votes=2).upside_down is True


@needs_stack
def test_vote_thresholds_are_options() -> None:
    page = rasterise(text_pdf(), 100).rotate(180)
    assert judge(page, min_votes=200).upside_down is None  # more votes than the page has lines
    assert judge(page, min_votes=30).upside_down is True


def test_vote_rule() -> None:
    up, down, unsure = (0.99, 0.01), (0.02, 0.98), (0.5, 0.5)
    assert orientation._vote([down] * 6 + [up], None, 6, 0.85) == (True, 1, 6)  # 6/7 ≥ 0.85
    assert orientation._vote([down] * 5 + [up], None, 6, 0.85) == (None, 1, 5)  # 5/6 < 0.85
    assert orientation._vote([down] * 5 + [unsure] * 9, None, 6, 0.85) == (None, 0, 5)  # too few confident
    assert orientation._vote([up] * 6, None, 6, 0.85) == (False, 6, 0)
    # An upside-down vote counts only when the turned strip confirmed it.
    confirmed = {i: i < 4 for i in range(8)}
    assert orientation._vote([down] * 8, confirmed, 6, 0.85) == (None, 0, 4)
    assert orientation._vote([down] * 8, confirmed, 4, 0.85) == (True, 0, 4)


@needs_stack
def test_deadline_stops_classification() -> None:
    vote = judge(rasterise(text_pdf(), 100).rotate(180), deadline=time.perf_counter() - 1)
    assert vote.upside_down is None and vote.classified == 0


@needs_stack
def test_small_or_odd_images_do_not_raise() -> None:
    for image in (Image.new("L", (5, 5), 255), Image.new("L", (2000, 20), 0), Image.new("RGB", (300, 200), "red"),
                  Image.new("L", (1, 4000), 128)):
        assert judge(image).upside_down is None


# --- exactly rapidocr's classifier -----------------------------------------------------------------------


@needs_stack
def test_preprocessing_and_scores_match_rapidocr() -> None:
    import numpy as np
    from rapidocr import RapidOCR

    page = np.asarray(orientation.working_copy(rasterise(text_pdf(), 120)))
    lines = orientation.LineStrips(page)
    crops = [lines.crop(strip) for strip in lines.take(6)]
    crops += [page[100:130, 60:700], page[200:260, 60:120]]  # squashed (wider than 4:1) and padded
    engine = RapidOCR(params={"Global.log_level": "error"})
    classifier = engine._load_cls_model()  # rapidocr's own TextClassifier, cls model only
    for crop in crops:
        bgr = np.repeat(crop[:, :, np.newaxis], 3, axis=2)
        assert np.array_equal(orientation.preprocess(crop), classifier.resize_norm_img(bgr))
    ours = orientation._classify(crops, None)
    theirs = classifier([np.repeat(c[:, :, np.newaxis], 3, axis=2) for c in crops]).cls_res
    for probabilities, (label, score) in zip(ours, theirs, strict=True):
        assert orientation.CLS_LABELS[int(probabilities.argmax())] == label
        assert float(probabilities.max()) == pytest.approx(float(score), abs=1e-4)


@needs_stack
def test_model_is_the_one_rapidocr_ships() -> None:
    path = orientation.model_path()
    assert path.name == orientation.CLS_MODEL_FILE and path.parent.name == "models"
    assert path.stat().st_size < 2_000_000
    first = orientation.session()
    assert orientation.session() is first
    assert [i.shape[1] for i in first.get_inputs()] == [3]


@needs_stack
def test_only_the_classifier_is_loaded() -> None:
    """In a fresh interpreter: one InferenceSession (the classifier), rapidocr itself never imported."""
    script = f"""
import sys
import onnxruntime
created = []
original = onnxruntime.InferenceSession
class Counting(original):
    def __init__(self, path, *args, **kwargs):
        created.append(str(path))
        super().__init__(path, *args, **kwargs)
onnxruntime.InferenceSession = Counting
sys.path.insert(0, {str(Path(__file__).parent)!r})
from test_orientation import rasterise, text_pdf
from zccheck.content import orientation
page = rasterise(text_pdf(), 100)
assert orientation.classify_page(page.rotate(180)).upside_down is True
assert orientation.classify_page(page).upside_down is False
print(len(created), created[0].rsplit("/", 1)[-1], [m for m in sys.modules if m.startswith("rapidocr")])
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["1", orientation.CLS_MODEL_FILE, "[]"]


def test_cli_start_up_imports_no_vision_stack() -> None:
    script = ("import sys, zccheck.cli, zccheck.content.orientation, zccheck.content.scan_quality, "
              "zccheck.checks.scan_quality; "
              "print(sorted(m for m in ('onnxruntime', 'cv2', 'numpy', 'rapidocr', 'pypdfium2') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


# --- missing pieces --------------------------------------------------------------------------------------


def test_missing_rapidocr_is_a_dependency_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "rapidocr" else real(name, *a))
    with pytest.raises(DependencyMissing) as caught:
        orientation.model_path()
    assert caught.value.package == "rapidocr"
    assert orientation.available() is False


@needs_pdfium
@pytest.mark.parametrize("blocked", ["onnxruntime", "rapidocr"])
def test_without_the_stack_scans_are_skipped_honestly(blocked: str) -> None:
    """In a fresh interpreter where a package cannot be imported: no crash, no verdict, "unavailable"."""
    script = f"""
import sys
sys.modules[{blocked!r}] = None  # as if not installed
sys.path.insert(0, {str(Path(__file__).parent)!r})
from test_orientation import rasterise, text_pdf
from test_check_scan_quality import jpeg, scan_pdf
from zccheck.content import orientation
from zccheck.content.scan_quality import measure_scan
turned = rasterise(text_pdf(), 100).convert("RGB").rotate(180)
assert orientation.available() is False
for report in (measure_scan(scan_pdf([turned]), "pdf"), measure_scan(jpeg(turned), "jpeg")):
    assert report.orientation == "unavailable", report.orientation
    assert report.orientation_pages == 0 and report.pages[0].upside_down is None
born_digital = measure_scan(text_pdf(rotate_page=180), "pdf")
print(born_digital.orientation, born_digital.pages[0].upside_down)
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["text-layer", "True"]  # the text layer needs no classifier


@needs_stack
def test_failed_session_is_not_retried(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []

    def broken() -> Any:
        calls.append(1)
        raise DependencyMissing("onnxruntime")

    monkeypatch.setattr(orientation, "_SESSION", None)
    monkeypatch.setattr(orientation, "_SESSION_ERROR", None)
    monkeypatch.setattr(orientation, "_create_session", broken)
    for _ in range(3):
        with pytest.raises(DependencyMissing):
            orientation.session()
    assert calls == [1]
    # A page with lines then raises too (the caller reports orientation as unavailable) ...
    with pytest.raises(ContentError):
        judge(rasterise(text_pdf(), 100))
    # ... but a page without any needs no model at all.
    assert judge(table_page()).upside_down is None


# --- text layers -----------------------------------------------------------------------------------------


def text_votes(data: bytes) -> tuple[int, int]:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        return orientation.text_layer_votes(document[0])
    finally:
        document.close()


@pytest.mark.parametrize(("rotate_page", "turn_content", "flipped"),
                         [(0, 0, False), (180, 0, True), (0, 180, True), (180, 180, False), (90, 90, False),
                          (270, 90, True)])
@needs_pdfium
def test_text_layer_direction(rotate_page: int, turn_content: int, flipped: bool) -> None:
    upright, upside_down = text_votes(text_pdf(lines=8, rotate_page=rotate_page, turn_content=turn_content))
    if flipped:
        assert upside_down >= 20 and upright == 0
    else:
        assert upright >= 20 and upside_down == 0


@needs_pdfium
def test_text_layer_sideways_and_seal_characters() -> None:
    upright, upside_down = text_votes(text_pdf(lines=8, rotate_page=90))
    assert upright == upside_down == 0
    upright, upside_down = text_votes(text_pdf(lines=8, seal=True))  # seal characters stand at many angles
    assert upright >= 100 and upside_down == 0


@needs_stack
def test_pages_without_text_lines_are_given_up_after_a_few_bands() -> None:
    lines = orientation.LineStrips(orientation.working_copy(table_page()))
    assert len(lines._bands) > orientation.GIVE_UP_BANDS  # many bands, none of them a text line
    assert lines.take(6) == []
    assert lines.examined == orientation.GIVE_UP_BANDS
    assert lines.take(6) == []  # and no more are looked at later
    assert lines.examined == orientation.GIVE_UP_BANDS


@needs_stack
def test_a_text_page_is_never_given_up() -> None:
    lines = orientation.LineStrips(orientation.working_copy(rasterise(text_pdf(12, 30), 150)))
    assert len(lines.take(6)) == 6
    assert lines.examined < orientation.GIVE_UP_BANDS
