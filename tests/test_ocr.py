"""Offline OCR (rapidocr + onnxruntime + pypdfium2) on scans the tests make: real recognition, no mocks.

Fixture recipe: Chinese text typeset with reportlab's built-in CID font STSong-Light, rasterised with
pypdfium2 (which draws the non-embedded font with a CJK system font: Debian's fonts-wqy-microhei, installed
by the CI setup), then wrapped as an image-only PDF — a scanner's output with no text layer.
"""

from __future__ import annotations

import io
from typing import Any

import pytest

from test_content_text import drawing_page, image_pdf, random_chinese, text_pdf
from zccheck.content import ocr
from zccheck.content.errors import ContentError, DependencyMissing
from zccheck.content.similarity import compare

pytest.importorskip("rapidocr", reason="the vision extra is not installed")  # CI installs it: never skipped there

PER_LINE = 30


def render_pages(pdf: bytes, dpi: int = 200) -> list[Any]:
    """Rasterise every page of `pdf` (PIL greyscale images), failing clearly when no CJK font drew the text."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    images = [page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L") for page in document]
    document.close()
    for image in images:
        ink = sum(image.histogram()[:128]) / (image.width * image.height)
        if ink < 0.002:
            pytest.fail("the rendered page is blank: pdfium found no CJK font for STSong-Light; install one "
                        "(Debian: apt-get install fonts-wqy-microhei)")
    return images


def scanned_pdf(pages: list[str], *, size: float = 12, dpi: int = 200) -> bytes:
    """An image-only PDF of `pages` (one string per page)."""
    return image_pdf(render_pages(text_pdf(pages, per_line=PER_LINE, size=size), dpi), dpi=dpi)


def scanned_image(text: str, *, rotate: int = 0, exif_orientation: int | None = None) -> bytes:
    """A JPEG "photo" of a page: optionally turned by `rotate` degrees and tagged with an EXIF orientation."""
    from PIL import Image

    image = render_pages(text_pdf([text], per_line=PER_LINE), dpi=150)[0]
    if rotate:
        image = image.rotate(rotate, expand=True, fillcolor=255)
    buffer = io.BytesIO()
    exif = Image.Exif()
    if exif_orientation:
        exif[0x0112] = exif_orientation
    image.convert("RGB").save(buffer, "JPEG", quality=85, exif=exif.tobytes())
    return buffer.getvalue()


@pytest.fixture(scope="module")
def page_text() -> str:
    return random_chinese(PER_LINE * 8, 3)  # 8 lines, 240 字


def test_engine_is_created_once_and_initialised() -> None:
    engine = ocr.get_engine()
    assert ocr.get_engine() is engine
    assert engine.text_det is not None and engine.text_rec is not None and engine.text_cls is not None
    assert ocr.ocr_available()


def test_reads_a_scanned_page_completely(page_text: str) -> None:
    result = ocr.ocr_count(scanned_pdf([page_text]), "pdf")
    assert result.pages_done == result.pages_total == result.pages_complete == 1
    assert result.complete and not result.stopped_early and not result.timed_out
    assert abs(result.count - 240) <= 5
    assert compare(result.text, page_text, 4).resemblance > 0.9
    assert result.seconds < 60  # speed is measured by benchmarks/bench_ocr.py, not asserted under load


def test_stops_once_the_count_is_reached(page_text: str) -> None:
    data = scanned_pdf([page_text, page_text, page_text])
    result = ocr.ocr_count(data, "pdf", stop_at=100)
    assert result.stopped_early
    assert result.pages_done == 1 and result.pages_total == 3 and result.pages_complete == 0
    assert 100 <= result.count < 100 + PER_LINE + 2  # stops within one line of the threshold


def test_reads_only_the_pages_asked_for(page_text: str) -> None:
    data = scanned_pdf([page_text, random_chinese(PER_LINE * 2, 9)])
    result = ocr.ocr_count(data, "pdf", pages=[1])
    assert result.pages_total == 1
    assert abs(result.count - PER_LINE * 2) <= 3


def test_time_budget_is_honoured(page_text: str) -> None:
    result = ocr.ocr_count(scanned_pdf([page_text, page_text]), "pdf", time_budget_s=0.0)
    assert result.timed_out and result.pages_done == 0 and result.count == 0


def test_upside_down_scan_is_read(page_text: str) -> None:
    result = ocr.ocr_count(scanned_image(page_text, rotate=180), "jpeg")
    assert abs(result.count - 240) <= 10


def test_exif_orientation_is_applied(page_text: str) -> None:
    # The pixels are stored turned 90° clockwise; EXIF orientation 6 says "turn 90° clockwise to display"...
    # so store them turned counter-clockwise (rotate=90) and tag 6: upright once applied.
    data = scanned_image(page_text, rotate=90, exif_orientation=6)
    frames, total = ocr._image_pages(data, None)
    height, width = next(frames).shape[:2]
    frames.close()
    assert total == 1 and height > width  # stored landscape, displayed (and read) portrait
    result = ocr.ocr_count(data, "jpeg")
    assert abs(result.count - 240) <= 10


def test_blank_scan_reads_nothing() -> None:
    result = ocr.ocr_count(image_pdf([drawing_page(4)]), "pdf")
    assert result.count <= 3 and result.complete


@pytest.mark.parametrize(
    ("data", "kind", "reason"),
    [
        (b"%PDF-1.4 broken", "pdf", "corrupt"),
        (b"\xff\xd8\xff\xe0 not really a jpeg", "jpeg", "corrupt"),
        (b"....ftypheic", "heic", "unsupported"),
        (b"PK\x03\x04", "docx", "unsupported"),
    ],
)
def test_bad_input_is_a_content_error(data: bytes, kind: str, reason: str) -> None:
    with pytest.raises(ContentError) as raised:
        ocr.ocr_count(data, kind)
    assert raised.value.reason == reason


def test_encrypted_pdf_is_reported() -> None:
    from test_content_text import encrypted_pdf

    with pytest.raises(ContentError) as raised:
        ocr.ocr_count(encrypted_pdf("secret"), "pdf")
    assert raised.value.reason == "encrypted"


def test_missing_package_raises_dependency_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_import = builtins.__import__

    def fake_import(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "rapidocr":
            raise ImportError("No module named 'rapidocr'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    monkeypatch.setattr(ocr, "_ENGINE", None)
    with pytest.raises(DependencyMissing) as raised:
        ocr.get_engine()
    assert raised.value.package == "rapidocr"
    assert not ocr.ocr_available()


def test_an_engine_that_does_not_initialise_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import rapidocr

    class Broken:
        text_det = text_cls = text_rec = None

        def __init__(self, params: dict[str, Any]) -> None:
            pass

        def __call__(self, *args: Any, **kwargs: Any) -> None:
            return None

    monkeypatch.setattr(rapidocr, "RapidOCR", Broken)
    monkeypatch.setattr(ocr, "_ENGINE", None)
    with pytest.raises(ContentError) as raised:
        ocr.get_engine()
    assert raised.value.reason == "ocr-unavailable"
