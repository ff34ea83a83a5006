"""Large scanned pages are read within bounds and keep their verdicts.

The decoders under test (content/image_frame.py) read uncompressed frames band by band from the file,
decode JPEGs already reduced and reduce everything else band by band; these tests pin that the reduced
frame is exactly the whole-frame reduction, that the measures taken from it (dpi, blank, orientation) are
those of the page, and that damaged or oversized files are still findings naming the file. Memory itself is
measured by benchmarks/bench_memory.py, never here.
"""

from __future__ import annotations

import io
import os
import shutil
import sys
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFont

from conftest import Materials, by_code, codes, run
from zccheck.content import image_frame
from zccheck.content.errors import ContentError
from zccheck.content.scan_quality import measure_scan
from zccheck.inventory.document import Document
from zccheck.inventory.probe import ProbeError, probe_image

A3_600DPI = (7016, 9921)
SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "complete"


def _noise(size: tuple[int, int] = (503, 761)) -> Image.Image:
    grey = Image.effect_noise(size, 70).convert("L")
    return Image.merge("RGB", [grey, grey.transpose(Image.Transpose.FLIP_LEFT_RIGHT),
                               grey.transpose(Image.Transpose.FLIP_TOP_BOTTOM)])


def _saved(image: Image.Image, fmt: str, **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def _whole_reduction(data: bytes, max_side: int) -> Image.Image:
    """What bounded_frame gave before band-by-band reading: decode whole, grey a bilevel frame, reduce."""
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        frame = image.convert("L") if image.mode == "1" else image.copy()
    factor = max(frame.size) // max_side
    if factor >= 2:
        frame = frame.reduce(factor)
    if max(frame.size) > max_side:
        ratio = max_side / max(frame.size)
        frame = frame.resize((max(1, round(frame.width * ratio)), max(1, round(frame.height * ratio))),
                             Image.Resampling.BOX)
    return frame if frame.mode in ("L", "RGB") else frame.convert("RGB")


RAW_CASES = {
    "tiff-rgb": lambda: _saved(_noise(), "TIFF"),
    "tiff-grey": lambda: _saved(_noise().convert("L"), "TIFF"),
    "tiff-bilevel": lambda: _saved(_noise().convert("1"), "TIFF"),
    "tiff-rgba": lambda: _saved(_noise().convert("RGBA"), "TIFF"),
    "bmp-bottom-up": lambda: _saved(_noise(), "BMP"),
    "bmp-grey": lambda: _saved(_noise().convert("L"), "BMP"),
}


@pytest.mark.parametrize("case", sorted(RAW_CASES))
@pytest.mark.parametrize("max_side", [120, 190, 380])
def test_uncompressed_frames_are_read_band_by_band_and_equal_the_whole_reduction(
        case: str, max_side: int, monkeypatch: pytest.MonkeyPatch) -> None:
    data = RAW_CASES[case]()
    monkeypatch.setattr(image_frame, "BAND_ROWS", 23)  # many bands, most not a multiple of the factor
    reads: list[int] = []
    original = image_frame._raw_rows

    def counted(*args: object) -> Image.Image:
        reads.append(1)
        return original(*args)

    monkeypatch.setattr(image_frame, "_raw_rows", counted)
    with Image.open(io.BytesIO(data)) as image:
        frame = image_frame.bounded_frame(image, max_side)
    expected = _whole_reduction(data, max_side)
    assert len(reads) > 3  # read from the file in bands, never decoded whole
    assert frame.mode == expected.mode and frame.size == expected.size
    assert ImageChops.difference(frame, expected).getbbox() is None


@pytest.mark.parametrize("fmt, options", [("PNG", {}), ("TIFF", {"compression": "tiff_lzw"}),
                                          ("TIFF", {"compression": "group4"})])
def test_compressed_frames_are_reduced_band_by_band_to_the_same_pixels(
        fmt: str, options: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    image = _noise().convert("1") if options.get("compression") == "group4" else _noise()
    data = _saved(image, fmt, **options)
    monkeypatch.setattr(image_frame, "BAND_ROWS", 29)
    with Image.open(io.BytesIO(data)) as opened:
        assert image_frame._raw_layout(opened) is None
        frame = image_frame.bounded_frame(opened, 150)
    assert ImageChops.difference(frame, _whole_reduction(data, 150)).getbbox() is None


def test_jpeg_is_drafted_to_the_smallest_scale_covering_the_long_side() -> None:
    data = _saved(_noise((1600, 2400)), "JPEG", quality=90)
    with Image.open(io.BytesIO(data)) as image:
        frame = image_frame.bounded_frame(image, 600)
        assert image.size == (400, 600)  # DCT scale 1/4: long side exactly 600, nothing larger decoded
    assert frame.size == (400, 600)
    with Image.open(io.BytesIO(data)) as image:
        frame = image_frame.bounded_frame(image, 601)
        assert image.size == (800, 1200)  # 1/4 would be one pixel short of 601: 1/2
    assert max(frame.size) == 601


def test_a_truncated_uncompressed_tiff_is_truncated_not_half_read() -> None:
    data = _saved(_noise().convert("L"), "TIFF")
    cut = data[: len(data) // 2]
    with pytest.raises(ProbeError) as refused:
        probe_image(cut)
    assert refused.value.token == "truncated"
    with Image.open(io.BytesIO(cut)) as image, pytest.raises(OSError, match="truncated"):
        image_frame.bounded_frame(image, 120)
    with pytest.raises(ContentError) as unread:
        measure_scan(cut, "tiff", orientation=False)
    assert unread.value.reason == "corrupt"
    assert probe_image(data).width == 503  # the whole file passes


def test_png_orientation_is_read_without_decoding_the_pixels(monkeypatch: pytest.MonkeyPatch) -> None:
    from PIL import PngImagePlugin

    data = _saved(_noise(), "PNG")

    def no_decode(self: object) -> None:
        raise AssertionError("the PNG was decoded whole to look for EXIF")

    monkeypatch.setattr(PngImagePlugin.PngImageFile, "load", no_decode)
    with Image.open(io.BytesIO(data)) as image:
        assert image_frame.orientation_tag(image) == 1
    exif = Image.Exif()
    exif[0x0112] = 6
    with Image.open(io.BytesIO(_saved(_noise(), "PNG", exif=exif))) as image:
        assert image_frame.orientation_tag(image) == 6  # an eXIf chunk before the pixels is still read


# --- a real 600-dpi A3 page --------------------------------------------------------------------------------


def _a3_page(text: bool, upside_down: bool = False) -> Image.Image:
    """A 600-dpi A3 greyscale page: white, or with 40 lines of large dark text in its upper part."""
    page = Image.new("L", A3_600DPI, 246)
    if text:
        draw = ImageDraw.Draw(page)
        font = ImageFont.load_default(size=110)
        for line in range(40):
            draw.text((500, 500 + line * 180), f"Certificate of professional qualification 2023 no. {line}",
                      fill=20, font=font)
    return page.rotate(180) if upside_down else page


@pytest.mark.parametrize("fmt, options, kind, text", [
    ("TIFF", {}, "tiff", False),                           # uncompressed: read band by band
    ("TIFF", {}, "tiff", True),
    ("BMP", {}, "bmp", True),                              # bottom-up rows
    ("TIFF", {"compression": "group4"}, "tiff", True),     # bilevel: decoded whole (1 byte a pixel), reduced in bands
])
def test_a3_600dpi_page_keeps_its_dpi_and_blank_verdicts(fmt: str, options: dict, kind: str, text: bool) -> None:
    page = _a3_page(text)
    data = _saved(page.convert("1") if "compression" in options else page, fmt, dpi=(600, 600), **options)
    report = measure_scan(data, kind, orientation=False)
    measured = report.pages[0]
    assert measured.image_px == A3_600DPI
    assert round(measured.dpi) == 849  # 9921 px over A4's 11.69 in (the page is larger than A4)
    assert measured.blank is (not text)


HAS_VISION = all(__import__("importlib").util.find_spec(m) for m in ("rapidocr", "onnxruntime", "cv2"))


@pytest.mark.skipif(not HAS_VISION, reason="orientation needs the vision extra")
def test_a3_600dpi_upside_down_tiff_page_is_still_called_upside_down() -> None:
    data = _saved(_a3_page(True, upside_down=True), "TIFF", dpi=(600, 600))
    report = measure_scan(data, "tiff", orientation=True, time_budget_s=120.0)
    assert report.pages[0].upside_down is True
    upright = measure_scan(_saved(_a3_page(True), "TIFF", dpi=(600, 600)), "tiff", orientation=True,
                           time_budget_s=120.0)
    assert upright.pages[0].upside_down is False


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_uncompressed_tiff_bomb_is_a_finding_on_every_reading_path() -> None:
    # An uncompressed TIFF header declaring 11,000 × 11,000 grey pixels (121 MP) over 1 MB of data.
    with Image.open(io.BytesIO(_tiff_header(8, 8) + bytes(64))) as image:  # the header itself is well formed
        assert image.size == (8, 8) and image.mode == "L"
    bomb = _tiff_header(11_000, 11_000) + bytes(1_000_000)
    with pytest.raises(ProbeError) as refused:
        probe_image(bomb)
    assert refused.value.token == "pixel-bomb"
    with pytest.raises(ContentError) as measured:
        measure_scan(bomb, "tiff", orientation=False)
    assert measured.value.reason == "bomb"


def _tiff_header(width: int, height: int) -> bytes:
    """A little-endian, uncompressed, one-strip 8-bit grey TIFF header whose pixels follow at offset 8+IFD."""
    import struct

    entries = [(256, 4, 1, width), (257, 4, 1, height), (258, 3, 1, 8), (259, 3, 1, 1), (262, 3, 1, 1),
               (273, 4, 1, 0), (277, 3, 1, 1), (278, 4, 1, height), (279, 4, 1, width * height)]
    ifd_size = 2 + 12 * len(entries) + 4
    data_offset = 8 + ifd_size
    out = bytearray(b"II*\x00" + struct.pack("<I", 8) + struct.pack("<H", len(entries)))
    for tag, kind, count, value in entries:
        value = data_offset if tag == 273 else value
        packed = struct.pack("<HI", value, 0)[:4] if kind == 3 else struct.pack("<I", value)
        out += struct.pack("<HHI", tag, kind, count) + packed
    out += struct.pack("<I", 0)
    return bytes(out)


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
@pytest.mark.parametrize("placed", ["10 专业技术工作总结/专业技术工作总结.tif", "07-1 专业技术工作经历/佐证-扫描.tif"])
def test_tiff_bomb_and_truncated_page_in_the_materials_are_findings_naming_them(
        materials: Materials, placed: str) -> None:
    shutil.copytree(SAMPLE, materials.root, dirs_exist_ok=True)
    if placed.startswith("10 "):
        for old in (materials.root / "10 专业技术工作总结").iterdir():
            old.unlink()
    materials.add(placed, _tiff_header(11_000, 11_000) + bytes(1_000_000))
    truncated = placed.replace(".tif", "-2.tif")
    materials.add(truncated, _saved(_noise().convert("L"), "TIFF")[:150_000])
    result = run(materials.root)
    assert not {"internal-error", "check-timeout"} & codes(result)
    corrupt = {f.path: f for f in by_code(result, "corrupt-file")}
    assert placed in corrupt and "解压炸弹" in corrupt[placed].details["reason"]
    assert truncated in corrupt and "截断" in corrupt[truncated].details["reason"]


# --- OCR reads large files frame by frame -------------------------------------------------------------------


def test_ocr_reads_a_large_image_file_afresh_for_each_frame(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("numpy")
    from zccheck.content import ocr

    frames = [_noise((300, 420)), _noise((300, 420)).rotate(180), _noise((300, 420)).convert("L")]
    data = _saved(frames[0], "TIFF", save_all=True, append_images=frames[1:])
    reads: list[int] = []

    def read() -> bytes:
        reads.append(1)
        return data

    monkeypatch.setattr(ocr, "KEEP_IMAGE_BYTES", len(data) - 1)  # "large": not kept between frames
    pages, total = ocr._image_pages(read, None)
    from_reader = list(pages)
    assert total == 3 and len(reads) == 4  # once to count the frames, then once per frame
    kept, _ = ocr._image_pages(data, None)
    for a, b in zip(from_reader, kept, strict=True):
        assert a.shape == b.shape and (a == b).all()
    reads.clear()
    monkeypatch.setattr(ocr, "KEEP_IMAGE_BYTES", len(data))  # at the limit: read once and kept
    assert len(list(ocr._image_pages(read, None)[0])) == 3 and len(reads) == 1


def test_ocr_page_whose_file_vanished_between_frames_is_a_page_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("numpy")
    from zccheck.content import ocr
    from zccheck.inventory.document import ReadError

    data = _saved(_noise((200, 300)), "TIFF", save_all=True, append_images=[_noise((200, 300))])
    calls: list[int] = []

    def read() -> bytes:
        calls.append(1)
        if len(calls) > 2:
            raise ReadError("vanished", "文件在检查过程中被删除或移动")
        return data

    monkeypatch.setattr(ocr, "KEEP_IMAGE_BYTES", 0)
    pages = list(ocr._image_pages(read, None)[0])
    assert not isinstance(pages[0], ocr.PageFailure)
    assert isinstance(pages[1], ocr.PageFailure) and pages[1].number == 2 and "ReadError" in pages[1].reason


# --- errors kept as results do not keep what raised them ----------------------------------------------------


def test_a_memoised_error_keeps_no_frames() -> None:
    doc = Document(rel_path="a.tif", size=1, kind="tiff", extension_kind="tiff", sha256=None,
                   _reader=lambda: b"x")

    def compute() -> ContentError:
        big = bytearray(10)  # stands for the file's bytes in the frame that raised
        try:
            try:
                raise ValueError(f"inner {len(big)}")
            except ValueError as inner:
                raise ContentError("corrupt", "outer") from inner
        except ContentError as exc:
            return exc

    value = doc.memo("k", compute)
    assert isinstance(value, ContentError) and value.reason == "corrupt"
    assert value.__traceback__ is None and value.__cause__ is not None
    assert value.__cause__.__traceback__ is None
    assert doc.memo("k", compute) is value


# --- the process heap ---------------------------------------------------------------------------------------


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a glibc setting")
def test_large_blocks_setting_applies_once_in_a_fresh_process() -> None:
    import subprocess

    code = ("from zccheck.heap import return_large_blocks as r; import zccheck.heap as h; "
            "print(r(), r(), h._applied, h.release_free_memory())")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.split() == ["True", "True", "True", "True"]


# --- scanned PDF pages: the JPEG decoded reduced instead of rendered whole --------------------------------


def _jpeg_page_pdf(image: Image.Image, *, rotate: int = 0, placed: tuple[float, float, float, float] | None = None,
                   annotate: bool = False, dpi: int = 300) -> bytes:
    """A PDF page (reportlab) drawing `image` as one JPEG XObject over the page (or at `placed`)."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    width, height = image.width * 72 / dpi, image.height * 72 / dpi
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(width, height))
    jpeg = io.BytesIO(_saved(image, "JPEG", quality=85))
    x, y, w, h = placed or (0, 0, width, height)
    pdf.drawImage(ImageReader(jpeg), x, y, width=w, height=h)
    if annotate:
        pdf.linkURL("https://example.org", (10, 10, 60, 30))
    if rotate:
        pdf.setPageRotation(rotate)
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def _text_page(size: tuple[int, int] = (1240, 1754)) -> Image.Image:
    page = Image.new("RGB", size, (248, 247, 243))
    draw = ImageDraw.Draw(page)
    font = ImageFont.load_default(size=28)
    for line in range(30):
        draw.text((120, 120 + line * 50), f"Professional work summary, line {line}: site, design, review",
                  fill=(25, 25, 25), font=font)
    return page


def test_full_page_jpeg_is_decoded_reduced_like_the_renderer_draws_it(monkeypatch: pytest.MonkeyPatch) -> None:
    pdfium = pytest.importorskip("pypdfium2")
    from PIL import ImageStat

    from zccheck.content import page_image

    monkeypatch.setattr(page_image, "LARGE_IMAGE_BYTES", 0)  # every full-page JPEG counts as large here
    document = pdfium.PdfDocument(_jpeg_page_pdf(_text_page()))
    page = document[0]
    for scale in (150 / 72, 100 / 72, 0.4):
        decoded = page_image.scanned_page_image(page, scale)
        drawn = page.render(scale=scale, grayscale=True).to_pil().convert("L")
        assert decoded is not None and decoded.mode == "L" and decoded.size == drawn.size
        # The same page: equally light overall, differing only where resampling puts the edges of strokes.
        assert abs(ImageStat.Stat(decoded).mean[0] - ImageStat.Stat(drawn).mean[0]) < 2
        assert ImageStat.Stat(ImageChops.difference(decoded, drawn)).mean[0] < 8
    document.close()


@pytest.mark.parametrize("variant", ["small", "rotated", "off-page", "annotated", "png"])
def test_other_pages_are_left_to_the_renderer(variant: str, monkeypatch: pytest.MonkeyPatch) -> None:
    pdfium = pytest.importorskip("pypdfium2")
    from zccheck.content import page_image

    if variant != "small":
        monkeypatch.setattr(page_image, "LARGE_IMAGE_BYTES", 0)
    page = _text_page()
    if variant == "png":
        from reportlab.lib.utils import ImageReader
        from reportlab.pdfgen import canvas

        out = io.BytesIO()
        pdf = canvas.Canvas(out, pagesize=(297.6, 421.0))
        pdf.drawImage(ImageReader(io.BytesIO(_saved(page, "PNG"))), 0, 0, width=297.6, height=421.0)
        pdf.showPage()
        pdf.save()
        data = out.getvalue()
    else:
        data = _jpeg_page_pdf(page, rotate=90 if variant == "rotated" else 0,
                              placed=(-50, 20, 200, 300) if variant == "off-page" else None,
                              annotate=variant == "annotated")
    document = pdfium.PdfDocument(data)
    assert page_image.scanned_page_image(document[0], 150 / 72) is None
    document.close()


def test_ocr_of_a_large_scanned_pdf_page_reads_the_same_words(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("rapidocr", reason="the vision extra is not installed")
    from test_content_text import image_pdf, random_chinese, text_pdf
    from zccheck.content import ocr, page_image

    pdfium = pytest.importorskip("pypdfium2")
    words = random_chinese(30 * 6, 5)
    source = pdfium.PdfDocument(text_pdf([words], per_line=30))
    scan = source[0].render(scale=200 / 72, grayscale=True).to_pil().convert("L")
    source.close()
    data = image_pdf([scan], dpi=200)
    rendered = ocr.ocr_count(data, "pdf")
    monkeypatch.setattr(page_image, "LARGE_IMAGE_BYTES", 0)
    decoded = ocr.ocr_count(data, "pdf")
    assert rendered.count >= 170  # the page was read at all
    assert abs(decoded.count - rendered.count) <= 2
