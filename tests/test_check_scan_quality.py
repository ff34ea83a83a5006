"""The scan-quality check on scanned-looking PDFs and images the tests make (reportlab + Pillow).

Upside-down scans need the optional vision stack (rapidocr's text-line orientation classifier on
onnxruntime, pypdfium2 to render); those tests are skipped only where it is not installed. The others run
with orientation off.
"""

from __future__ import annotations

import importlib.util
import io
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from zccheck.catalogue import CATALOGUE
from zccheck.checklist.loader import load_checklist
from zccheck.checks import REGISTRY, scan_quality
from zccheck.checks.base import CheckContext, Scope
from zccheck.classify.model import Classification
from zccheck.content.scan_quality import measure_scan
from zccheck.facts import Facts
from zccheck.findings import Problem, Severity
from zccheck.inventory.document import Document, ImageInfo, PdfInfo

ROOT = Path(__file__).resolve().parents[1]
CHECKLIST = load_checklist(str(ROOT / "checklists" / "liudong-2024-engineering.toml"))
FAST = {"orientation": False}
OCR = {"orientation": True, "time_budget_s": 120.0}  # generous: CI machines may be busy
HAS_OCR = all(importlib.util.find_spec(m) for m in ("rapidocr", "onnxruntime", "pypdfium2", "cv2"))
needs_ocr = pytest.mark.skipif(not HAS_OCR, reason="upside-down detection needs the vision extra")

pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
SENTENCE = "本人自参加工作以来，一直从事工程技术工作，认真负责，积极进取，完成了多项重要工程任务。"


# --- material makers -------------------------------------------------------------------------------------


def page_image(size: tuple[int, int] = (1654, 2339), lines: int = 28) -> Image.Image:
    """A white page with lines of dark text (Pillow's own font), like a scanned letter."""
    image = Image.new("RGB", size, (247, 246, 242))
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=max(10, size[1] // 70))
    step = size[1] // (lines + 6)
    for i in range(lines):
        text = "Certificate of professional qualification, 2023 - record " + str(i) * (i % 5 + 1)
        draw.text((size[0] // 10, size[1] // 12 + i * step), text, fill=(20, 20, 20), font=font)
    return image


def blank_image(size: tuple[int, int] = (1654, 2339)) -> Image.Image:
    return Image.new("RGB", size, (250, 249, 246))


def jpeg(image: Image.Image, **options: Any) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80, **options)
    return out.getvalue()


def scan_pdf(images: Sequence[Image.Image], page_sizes: Sequence[tuple[float, float]] | None = None) -> bytes:
    """A PDF with one full-page JPEG per page (what scanners and phone apps produce)."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    for index, image in enumerate(images):
        size = page_sizes[index] if page_sizes else (A4 if image.width <= image.height else landscape(A4))
        pdf.setPageSize(size)
        pdf.drawImage(ImageReader(io.BytesIO(jpeg(image))), 0, 0, size[0], size[1])
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def text_pdf(pages: int = 1, rotate: int = 0, lines: int = 30) -> bytes:
    """A born-digital Chinese text PDF (reportlab's built-in STSong-Light)."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    for _ in range(pages):
        pdf.setFont("STSong-Light", 12)
        for i in range(lines):
            pdf.drawString(60, 780 - i * 22, SENTENCE[: 18 + i % 20])
        if rotate:
            pdf.setPageRotation(rotate)
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def rendered(pdf_data: bytes, dpi: int = 150) -> Image.Image:
    """Page 1 of a PDF rendered like a scan (needs pypdfium2)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf_data)
    try:
        return document[0].render(scale=dpi / 72, grayscale=True).to_pil().convert("RGB")
    finally:
        document.close()


def document(data: bytes, name: str, kind: str = "pdf", pages: int | None = None) -> Document:
    doc = Document(rel_path=name, size=len(data), kind=kind, extension_kind=kind, sha256=None,
                   _reader=lambda: data)
    if kind == "pdf" and pages is not None:
        doc.pdf = PdfInfo(pages=pages, encrypted=False, needs_password=False)
    return doc


def run_scan(data: bytes, name: str = "11其他材料/营业执照.pdf", kind: str = "pdf", *,
             item: str | None = None, options: Mapping[str, Any] | None = None) -> list[Problem]:
    """Run the check as the engine does for one document."""
    doc = document(data, name, kind)
    spec = CHECKLIST.items.get(item) if item else None
    ctx = CheckContext(facts=Facts(), checklist=CHECKLIST, as_of=date(2024, 8, 20), documents=(doc,),
                       classification=Classification(by_item={item: [doc]} if item else {}), item=spec,
                       document=doc)
    return list(scan_quality.check(ctx, {**scan_quality.DEFAULTS, **(FAST if options is None else options)}))


def one(problems: list[Problem], code: str) -> Problem:
    found = [p for p in problems if p.code == code]
    assert len(found) == 1, [p.code for p in problems]
    return found[0]


# --- contract --------------------------------------------------------------------------------------------


def test_registered_as_document_check_in_the_checklist() -> None:
    assert REGISTRY["scan-quality"] is scan_quality
    assert scan_quality.SCOPE is Scope.DOCUMENT
    assert "scan-quality" in [use.id for use in CHECKLIST.checks]


# --- pass ------------------------------------------------------------------------------------------------


def test_clean_200dpi_scan_passes() -> None:
    assert run_scan(scan_pdf([page_image()] * 3)) == []


def test_exactly_150dpi_a4_passes() -> None:
    # 1240×1754 px is what scanners write for A4 at 150 dpi: 149.98 dpi by the inch.
    assert run_scan(scan_pdf([page_image((1240, 1754))])) == []
    assert run_scan(jpeg(page_image((1240, 1754))), name="证书.jpg", kind="jpeg") == []


def test_born_digital_text_pdf_passes() -> None:
    assert run_scan(text_pdf(pages=2)) == []


def test_sharp_phone_photo_of_a_page_passes() -> None:
    assert run_scan(jpeg(page_image((2448, 3264))), name="学历证书.jpg", kind="jpeg") == []


def test_image_on_a_page_sized_at_72_dpi_is_judged_at_a4() -> None:
    # 1654×2339 px on a 1654×2339 pt page: 72 dpi as laid out, 200 dpi printed on A4.
    assert run_scan(scan_pdf([page_image()], page_sizes=[(1654, 2339)])) == []


def test_small_card_scanned_at_300_dpi_passes() -> None:
    card = page_image((1011, 638), lines=4)
    card_page = (85.6 / 25.4 * 72, 54 / 25.4 * 72)
    assert "scan-low-resolution" not in {p.code for p in run_scan(scan_pdf([card], page_sizes=[card_page]))}


def test_small_logo_on_a_text_page_is_not_a_scan() -> None:
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    pdf.setFont("STSong-Light", 12)
    pdf.drawString(60, 780, SENTENCE)
    pdf.drawImage(ImageReader(io.BytesIO(jpeg(page_image((60, 60), lines=1)))), 60, 700, 72, 72)
    pdf.showPage()
    pdf.save()
    assert run_scan(out.getvalue()) == []


# --- failures --------------------------------------------------------------------------------------------


def test_low_resolution_scan() -> None:
    low = page_image((595, 842))  # 72 dpi at A4
    problems = run_scan(scan_pdf([low, low]))
    found = one(problems, "scan-low-resolution")
    assert found.details["pages"] == [1, 2]
    assert found.params["dpi"] == "72" and found.params["min_dpi"] == "150"
    assert found.params["where"] == "第 1、2 页"
    assert found.details["measures"][0]["dpi"] == 72
    assert found.details["measures"][0]["image_px"] == [595, 842]
    assert CATALOGUE["scan-low-resolution"].severity is Severity.WARNING


def test_low_resolution_only_on_the_bad_page() -> None:
    problems = run_scan(scan_pdf([page_image(), page_image((700, 990)), page_image()]))
    assert one(problems, "scan-low-resolution").details["pages"] == [2]


def test_low_resolution_scan_inside_a_form_xobject() -> None:
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    pdf.beginForm("scan")
    pdf.drawImage(ImageReader(io.BytesIO(jpeg(page_image((595, 842))))), 0, 0, A4[0], A4[1])
    pdf.endForm()
    pdf.doForm("scan")
    pdf.showPage()
    pdf.save()
    assert one(run_scan(out.getvalue()), "scan-low-resolution").params["dpi"] == "72"


def test_low_resolution_image() -> None:
    problems = run_scan(jpeg(page_image((800, 1000))), name="职称证书.jpg", kind="jpeg")
    found = one(problems, "scan-low-resolution")
    assert found.params["where"] == ""
    assert found.details["kind"] == "image"
    assert 80 < found.details["measures"][0]["dpi"] < 100


def test_blank_page_in_the_middle() -> None:
    problems = run_scan(scan_pdf([page_image(), blank_image(), page_image()]))
    blank = one(problems, "scan-blank-page")
    assert blank.details["pages"] == [2]
    assert blank.details["measures"][0]["ink"] < 0.0005
    assert [p.code for p in problems] == ["scan-blank-page"]


def test_page_with_one_line_is_not_blank() -> None:
    one_line = page_image(lines=1)
    assert run_scan(scan_pdf([one_line])) == []


def test_blank_born_digital_page() -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.append(io.BytesIO(text_pdf()))
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    assert one(run_scan(out.getvalue()), "scan-blank-page").details["pages"] == [2]


def test_blank_image() -> None:
    problems = run_scan(jpeg(blank_image()), name="身份证背面.jpg", kind="jpeg")
    assert [p.code for p in problems] == ["scan-blank-page"]


def test_landscape_page_among_portrait_pages() -> None:
    sideways = page_image().rotate(90, expand=True)
    problems = run_scan(scan_pdf([page_image(), sideways, page_image()]))
    found = one(problems, "scan-page-sideways")
    assert found.details["pages"] == [2]
    assert found.params["portrait"] == 2
    assert "第 2 页" in CATALOGUE["scan-page-sideways"].message("zh", found.params)


def test_landscape_documents_are_not_sideways() -> None:
    wide = page_image().rotate(90, expand=True)
    assert run_scan(scan_pdf([wide, wide])) == []
    assert run_scan(scan_pdf([wide])) == []


def test_rotate_attribute_counts_for_orientation() -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for index, page in enumerate(PdfReader(io.BytesIO(scan_pdf([page_image()] * 3))).pages):
        writer.add_page(page)
        if index == 2:
            writer.pages[index].rotate(90)
    out = io.BytesIO()
    writer.write(out)
    assert one(run_scan(out.getvalue()), "scan-page-sideways").details["pages"] == [3]


def test_page_cap_is_reported() -> None:
    problems = run_scan(scan_pdf([page_image((827, 1169))] * 6), options={**FAST, "max_pages": 4})
    limited = one(problems, "scan-quality-limited")
    assert limited.params["pages"] == 6 and limited.params["examined"] == 4
    assert limited.details["limited"] == "max-pages"
    assert CATALOGUE["scan-quality-limited"].severity is Severity.INFO


# --- upside down (OCR classifier) ------------------------------------------------------------------------


@needs_ocr
def test_upside_down_scanned_page() -> None:
    upright = rendered(text_pdf())
    problems = run_scan(scan_pdf([upright, upright.rotate(180), upright]), options=OCR)
    found = one(problems, "scan-page-upside-down")
    assert found.details["pages"] == [2]
    assert found.details["orientation_method"] == "text-line-classifier"
    votes = found.details["measures"][0]["votes"]
    assert votes[1] >= 6 and votes[0] <= votes[1] * 0.15
    assert [p.code for p in problems] == ["scan-page-upside-down"]


@needs_ocr
def test_upside_down_image_and_born_digital_page() -> None:
    upright = rendered(text_pdf())
    assert [p.code for p in run_scan(jpeg(upright.rotate(180)), name="a.jpg", kind="jpeg", options=OCR)] == [
        "scan-page-upside-down"]
    assert [p.code for p in run_scan(text_pdf(rotate=180), options=OCR)] == ["scan-page-upside-down"]


def _scan_image_check(data: bytes, name: str, image: Image.Image, dpi: tuple[float, float] | None,
                      options: Mapping[str, Any]) -> tuple[list[Problem], Any]:
    """The check on an image file whose probe found `image`'s size and `dpi`; (problems, measured report)."""
    doc = document(data, name, "png" if name.endswith(".png") else "jpeg")
    doc.image = ImageInfo(width=image.width, height=image.height, mode="RGB",
                          format="PNG" if name.endswith(".png") else "JPEG", dpi=dpi)
    ctx = CheckContext(facts=Facts(), checklist=CHECKLIST, as_of=date(2024, 8, 20), documents=(doc,),
                       classification=Classification(by_item={}), item=None, document=doc)
    opts = {**scan_quality.DEFAULTS, **options}
    return list(scan_quality.check(ctx, opts)), scan_quality._measure(doc, opts)


@needs_ocr
def test_screenshots_are_not_examined_for_orientation_scans_are() -> None:
    """A screen capture is upright by construction: the classifier is not run on it (cheap evidence first,
    and a batch's many query screenshots cost nothing). The same upside-down picture as a scan is flagged."""
    picture = rendered(text_pdf()).rotate(180)
    out = io.BytesIO()
    picture.save(out, "PNG")
    shot, shot_report = _scan_image_check(out.getvalue(), "09学术成果/论文1/知网查询截图.png", picture, None, OCR)
    assert "scan-page-upside-down" not in {p.code for p in shot}
    assert shot_report.orientation_pages == 0
    scan, scan_report = _scan_image_check(jpeg(picture, dpi=(150, 150)), "07任职资格/聘书.jpg", picture,
                                          (150.0, 150.0), OCR)
    assert [p.code for p in scan] == ["scan-page-upside-down"]
    assert scan_report.orientation_pages == 1


def test_scan_measures_are_kept_apart_by_their_settings() -> None:
    """The memo key holds the settings: a run with other options does not reuse the first run's measures."""
    data = jpeg(page_image((827, 1170)), dpi=(100, 100))
    doc = document(data, "a.jpg", "jpeg")
    low = scan_quality._measure(doc, {**scan_quality.DEFAULTS, **FAST, "blank_ink": 0.0005})
    high = scan_quality._measure(doc, {**scan_quality.DEFAULTS, **FAST, "blank_ink": 0.99})
    assert low.pages[0].blank is False
    assert high.pages[0].blank is True


@needs_ocr
def test_upright_text_is_not_called_upside_down() -> None:
    upright = rendered(text_pdf())
    assert run_scan(scan_pdf([upright, upright]), options=OCR) == []
    assert run_scan(text_pdf(pages=2), options=OCR) == []
    # Pictures and tables give the classifier too little to decide: never a finding.
    picture = Image.effect_noise((1240, 1754), 60).convert("RGB")
    assert "scan-page-upside-down" not in {p.code for p in run_scan(scan_pdf([picture]), options=OCR)}


def placed_scan_pdf(image: Image.Image, matrix: tuple[float, ...], rotate: int = 0,
                    page_size: tuple[float, float] = A4) -> bytes:
    """A page drawing `image` through `matrix` (the unit square onto the page), with /Rotate `rotate`."""
    from pypdf import PdfWriter

    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=page_size)
    pdf.transform(*matrix)
    pdf.drawImage(ImageReader(io.BytesIO(jpeg(image))), 0, 0, 1, 1)
    pdf.showPage()
    pdf.save()
    if not rotate:
        return out.getvalue()
    writer = PdfWriter()
    writer.append(io.BytesIO(out.getvalue()))
    writer.pages[0].rotate(rotate)  # /Rotate only; the media box stays as drawn
    rotated = io.BytesIO()
    writer.write(rotated)
    return rotated.getvalue()


_W, _H = A4
PLACEMENTS = {  # the eight ways to lay an image square onto an A4 page
    "as-is": (_W, 0, 0, _H, 0, 0), "turned-180": (-_W, 0, 0, -_H, _W, _H),
    "mirrored": (-_W, 0, 0, _H, _W, 0), "flipped": (_W, 0, 0, -_H, 0, _H),
    "turned-90": (0, _H, -_W, 0, _W, 0), "turned-270": (0, -_H, _W, 0, 0, _H),
    "transposed": (0, _H, _W, 0, 0, 0), "transversed": (0, -_H, -_W, 0, _W, _H),
}


@pytest.mark.skipif(importlib.util.find_spec("pypdfium2") is None, reason="needs pypdfium2")
@pytest.mark.parametrize("rotate", [0, 90, 180, 270])
@pytest.mark.parametrize("placement", list(PLACEMENTS))
def test_scanned_image_is_turned_as_the_page_shows_it(placement: str, rotate: int) -> None:
    """The decoded image, turned by its placement and /Rotate, is what a renderer shows."""
    import numpy as np
    from pypdf import PdfReader

    from zccheck.content import scan_quality as content

    picture = Image.new("L", (300, 420), 240)
    draw = ImageDraw.Draw(picture)
    draw.rectangle((20, 20, 140, 90), fill=0)     # a block top left
    draw.rectangle((250, 300, 280, 400), fill=90)  # a bar bottom right
    matrix = PLACEMENTS[placement]
    data = placed_scan_pdf(picture, matrix, rotate)
    page = PdfReader(io.BytesIO(data)).pages[0]
    width, height, rotation = content._display_size(page)
    settings = content._Settings(30, 1e18, True, 10, 6, 0.85, 0.0005)
    scan, main, _ = content._examine_page(page, 1, width, height, settings)
    assert scan.scanned and main is not None
    shown = content._displayed_image(main, rotation)
    truth = rendered(data, dpi=40).convert("L")
    assert shown is not None  # both fill the page: compare them at one size
    difference = np.abs(np.asarray(shown.resize((60, 60)), dtype=float) - np.asarray(truth.resize((60, 60)),
                                                                                         dtype=float))
    assert difference.mean() < 12, (placement, rotate, difference.mean())


@needs_ocr
def test_upside_down_by_placement_or_rotate() -> None:
    upright = rendered(text_pdf(), dpi=120)
    stored_turned = upright.rotate(180)
    wide = upright.crop((0, 0, upright.width, round(upright.width / 1.414)))  # fits a page turned by 90°
    cases = [  # (stored image, placement, /Rotate, shown upside down)
        (upright, "turned-180", 0, True), (stored_turned, "turned-180", 0, False),
        (upright, "as-is", 180, True), (stored_turned, "as-is", 180, False),
        (wide, "turned-90", 90, False), (wide, "turned-90", 270, True),
    ]
    for image, placement, rotate, flipped in cases:
        problems = run_scan(placed_scan_pdf(image, PLACEMENTS[placement], rotate), options=OCR)
        codes = [p.code for p in problems]
        assert ("scan-page-upside-down" in codes) is flipped, (placement, rotate, codes)


@needs_ocr
def test_askew_placed_scan_is_rendered_instead() -> None:
    import math

    from pypdf import PdfReader

    from zccheck.content import scan_quality as content

    angle = math.radians(2.0)  # placed 2° off square: the decoded pixels are not what the page shows
    cos, sin = math.cos(angle), math.sin(angle)
    matrix = (_W * cos, _W * sin, -_H * sin, _H * cos, 20, 0)
    turned = rendered(text_pdf(), dpi=120).rotate(180)
    data = placed_scan_pdf(turned, matrix)
    page = PdfReader(io.BytesIO(data)).pages[0]
    settings = content._Settings(30, 1e18, True, 10, 6, 0.85, 0.0005)
    _, main, _ = content._examine_page(page, 1, *content._display_size(page)[:2], settings)
    assert main is not None and content._displayed_image(main, 0) is None
    assert "scan-page-upside-down" in {p.code for p in run_scan(data, options=OCR)}


@needs_ocr
def test_black_and_white_flate_scan() -> None:
    """A bilevel scan stored losslessly (Flate, not JPEG) is decoded by pypdf and judged the same way."""
    turned = rendered(text_pdf(), dpi=150).rotate(180).point(lambda v: 255 if v > 128 else 0).convert("1")
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    pdf.drawImage(ImageReader(turned), 0, 0, A4[0], A4[1])
    pdf.showPage()
    pdf.save()
    assert b"/DCTDecode" not in out.getvalue()
    found = one(run_scan(out.getvalue(), options=OCR), "scan-page-upside-down")
    assert found.details["measures"][0]["orientation_by"] == "text-line-classifier"


@needs_ocr
def test_id_card_placed_upside_down_on_a4() -> None:
    card = rendered(text_pdf(lines=8), dpi=150).crop((0, 0, 1240, 560)).rotate(180)
    data = placed_scan_pdf(card, (450, 0, 0, 203, 70, 500))  # ≈18% of the page, no text layer
    found = one(run_scan(data, options=OCR), "scan-page-upside-down")
    assert found.details["measures"][0]["coverage"] < 0.5
    assert found.details["measures"][0]["orientation_by"] == "text-line-classifier"


@needs_ocr
def test_classifier_page_cap() -> None:
    turned = rendered(text_pdf(), dpi=100).rotate(180)
    problems = run_scan(scan_pdf([turned] * 3), options={**OCR, "orientation_max_pages": 2})
    found = one(problems, "scan-page-upside-down")
    assert found.details["pages"] == [1, 2]
    assert found.details["orientation_pages"] == 2


def test_born_digital_pages_are_judged_by_their_text_layer() -> None:
    from pypdf import PdfReader, PdfWriter

    options = {"orientation": True}
    upright = measure_scan(text_pdf(pages=2), "pdf")
    assert upright.orientation == "text-layer" and upright.orientation_pages == 2
    assert [p.upside_down for p in upright.pages] == [False, False]
    # Content turned by 180° inside the page (no /Rotate) is shown upside down.
    writer = PdfWriter()
    writer.append(io.BytesIO(text_pdf()))
    writer.pages[0].add_transformation((-1, 0, 0, -1, A4[0], A4[1]))
    out = io.BytesIO()
    writer.write(out)
    assert PdfReader(io.BytesIO(out.getvalue())).pages[0].get("/Rotate", 0) == 0
    found = one(run_scan(out.getvalue(), options=options), "scan-page-upside-down")
    assert found.details["measures"][0]["orientation_by"] == "text-layer"
    assert found.details["measures"][0]["votes"][1] >= 20
    # ... and /Rotate 180 on top turns it upright again.
    writer.pages[0].rotate(180)
    out = io.BytesIO()
    writer.write(out)
    assert run_scan(out.getvalue(), options=options) == []


def test_electronic_seal_does_not_turn_a_text_page() -> None:
    """A seal's characters stand at every angle; the page's text is upright."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    pdf.setFont("STSong-Light", 12)
    for i in range(20):
        pdf.drawString(60, 780 - i * 22, SENTENCE[: 18 + i % 20])
    for k, char in enumerate("柳州市某建设工程有限公司公章"):
        pdf.saveState()
        pdf.translate(420, 200)
        pdf.rotate(160 - k * 24)
        pdf.drawString(0, 50, char)
        pdf.restoreState()
    pdf.showPage()
    pdf.save()
    report = measure_scan(out.getvalue(), "pdf")
    assert report.pages[0].upside_down is False
    assert report.pages[0].votes is not None and report.pages[0].votes[1] == 0


def test_without_classifier_orientation_is_not_claimed(monkeypatch: pytest.MonkeyPatch) -> None:
    from zccheck.content import orientation
    from zccheck.content.errors import DependencyMissing

    def missing() -> None:
        raise DependencyMissing("onnxruntime")

    monkeypatch.setattr(orientation, "session", missing)
    report = measure_scan(scan_pdf([page_image().rotate(180)]), "pdf")
    assert report.orientation == "unavailable"
    assert report.orientation_pages == 0
    assert report.pages[0].upside_down is None and report.pages[0].votes is None
    image = measure_scan(jpeg(page_image().rotate(180)), "jpeg")
    assert image.orientation == "unavailable" and image.pages[0].upside_down is None
    # A born-digital page needs no classifier: its text layer says which way up it is shown.
    mixed = measure_scan(text_pdf(rotate=180), "pdf")
    assert mixed.orientation == "text-layer"
    assert mixed.pages[0].upside_down is True


# --- what is skipped, bad input --------------------------------------------------------------------------


def test_photo_item_is_skipped() -> None:
    tiny = jpeg(page_image((300, 400)))
    assert run_scan(tiny, name="1基本信息/个人相片.jpg", kind="jpeg", item="photo") == []
    assert one(run_scan(tiny, name="学历证书.jpg", kind="jpeg", item="education-certificate"),
               "scan-low-resolution")


def test_other_kinds_are_skipped() -> None:
    assert run_scan(b"PK\x03\x04 docx", name="总结.docx", kind="docx") == []


@pytest.mark.parametrize("data", [b"%PDF-1.4\n garbage", b"", b"\x00" * 100])
def test_corrupt_pdf_does_not_raise(data: bytes) -> None:
    problems = run_scan(data)
    assert all(p.code == "scan-quality-unchecked" for p in problems)


def test_encrypted_pdf_is_left_to_file_integrity() -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt(user_password="secret", owner_password="owner")
    out = io.BytesIO()
    writer.write(out)
    assert run_scan(out.getvalue()) == []


def test_read_error_is_left_to_file_integrity() -> None:
    doc = document(b"", "a.pdf")
    doc.read_error = "vanished"
    ctx = CheckContext(facts=Facts(), checklist=CHECKLIST, as_of=date(2024, 8, 20), documents=(doc,),
                       classification=Classification(), document=doc)
    assert list(scan_quality.check(ctx, scan_quality.DEFAULTS)) == []


def test_messages_render_in_both_languages() -> None:
    pages = [page_image((595, 842)), blank_image(), page_image().rotate(90, expand=True)]
    problems = run_scan(scan_pdf(pages))
    assert {p.code for p in problems} == {"scan-low-resolution", "scan-blank-page", "scan-page-sideways"}
    for problem in problems:
        spec = CATALOGUE[problem.code]
        for lang in ("zh", "en"):
            text = spec.message(lang, problem.params) + spec.hint(lang, problem.params)
            assert "{" not in text and "}" not in text
    for code in ("scan-page-upside-down", "scan-quality-limited", "scan-quality-unchecked"):
        assert code in CATALOGUE


# --- cheap evidence before the classifier ----------------------------------------------------------------


class Spy:
    """Counts calls of the costly orientation paths; the classifier answers `upside_down`."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, upside_down: bool | None = True) -> None:
        from zccheck.content import orientation
        from zccheck.content import scan_quality as content

        self.classified = 0
        self.text_votes = 0

        def classify(*args: Any, **kwargs: Any) -> Any:
            self.classified += 1
            return orientation.OrientationVote(upside_down, 0, 6, 6, 6)

        original = content._Pdfium.text_votes

        def text_votes(pdfium: Any, index: int) -> Any:
            self.text_votes += 1
            return original(pdfium, index)

        monkeypatch.setattr(orientation, "session", lambda: object())
        monkeypatch.setattr(orientation, "classify_page", classify)
        monkeypatch.setattr(content._Pdfium, "text_votes", text_votes)


@pytest.mark.parametrize(("rotate", "upside_down"), [(0, False), (180, True), (90, None), (270, None)])
def test_text_page_direction_comes_from_rotate_without_pdfium_or_classifier(
        monkeypatch: pytest.MonkeyPatch, rotate: int, upside_down: bool | None) -> None:
    spy = Spy(monkeypatch)
    report = measure_scan(text_pdf(rotate=rotate), "pdf")
    page = report.pages[0]
    assert (page.upside_down, page.orientation_by, page.votes) == (upside_down, "text-layer", None)
    assert report.orientation == "text-layer"
    assert (spy.classified, spy.text_votes) == (0, 0)
    codes = [p.code for p in run_scan(text_pdf(rotate=rotate), options={"orientation": True})]
    assert codes == (["scan-page-upside-down"] if upside_down else [])


def ocr_layer_scan(image: Image.Image, text: str, *, text_upside_down: bool) -> bytes:
    """A full-page scan with an invisible text layer over it (what OCR software writes), `len(text)`
    characters on one line, drawn upright or turned by 180°."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    pdf.drawImage(ImageReader(io.BytesIO(jpeg(image))), 0, 0, A4[0], A4[1])
    pdf.saveState()
    if text_upside_down:
        pdf.translate(A4[0], A4[1])
        pdf.rotate(180)
    words = pdf.beginText(40, 700)
    words.setTextRenderMode(3)  # invisible
    words.setFont("STSong-Light", 10)
    words.textLine(text)
    pdf.drawText(words)
    pdf.restoreState()
    pdf.showPage()
    pdf.save()
    return out.getvalue()


@pytest.mark.parametrize("text_upside_down", [True, False])
def test_ocr_layer_of_a_scan_decides_before_the_classifier(monkeypatch: pytest.MonkeyPatch,
                                                           text_upside_down: bool) -> None:
    spy = Spy(monkeypatch, upside_down=not text_upside_down)
    image = page_image().rotate(180) if text_upside_down else page_image()
    report = measure_scan(ocr_layer_scan(image, SENTENCE[:40], text_upside_down=text_upside_down), "pdf")
    page = report.pages[0]
    assert page.scanned and page.has_text
    assert (page.upside_down, page.orientation_by) == (text_upside_down, "text-layer")
    assert page.votes == ((0, 40) if text_upside_down else (40, 0))
    assert spy.classified == 0 and report.orientation_pages == 1


def test_short_text_on_a_scan_leaves_it_to_the_classifier(monkeypatch: pytest.MonkeyPatch) -> None:
    """39 characters (under SCAN_TEXT_CHARS = 40) could be a page number or a note stamped on: the scan's own
    lines decide."""
    from zccheck.content import scan_quality as content

    assert content.SCAN_TEXT_CHARS == 40
    spy = Spy(monkeypatch, upside_down=True)
    data = ocr_layer_scan(page_image().rotate(180), SENTENCE[:39], text_upside_down=False)
    report = measure_scan(data, "pdf")
    assert spy.classified == 1 and spy.text_votes == 1
    assert (report.pages[0].upside_down, report.pages[0].orientation_by) == (True, "text-line-classifier")
    assert report.orientation_pages == 1


@needs_ocr
def test_upside_down_scan_without_text_layer_is_still_found_by_the_classifier() -> None:
    report = measure_scan(scan_pdf([rendered(text_pdf()).rotate(180)]), "pdf")
    assert (report.pages[0].upside_down, report.pages[0].orientation_by) == (True, "text-line-classifier")


def _shifted(pdf: bytes) -> bytes:
    """`pdf` with a stray line written into the header of its image object ("3% …\n 0 obj"), which also
    moves every later object away from its cross-reference offset: damage a viewer repairs (pdfium finds the
    object and shows the scan) and pypdf does not (the page's image is "not defined" for it)."""
    at = pdf.rindex(b" 0 obj", 0, pdf.index(b"/Subtype /Image"))
    return pdf[:at] + b"% a line inserted by some tool\n" + pdf[at:]


def test_a_page_the_viewer_shows_ink_on_is_never_blank_even_when_pypdf_misreads_it() -> None:
    report = measure_scan(_shifted(scan_pdf([page_image()])), "pdf")
    assert [page.blank for page in report.pages] == [False]
    assert scan_quality_codes(_shifted(scan_pdf([page_image()]))) == set()


def test_a_truly_blank_page_stays_blank_after_the_viewer_check() -> None:
    report = measure_scan(_shifted(scan_pdf([blank_image()])), "pdf")
    assert [page.blank for page in report.pages] == [True]
    assert "scan-blank-page" in scan_quality_codes(_shifted(scan_pdf([blank_image()])))


def scan_quality_codes(data: bytes) -> set[str]:
    return {p.code for p in run_scan(data)}
