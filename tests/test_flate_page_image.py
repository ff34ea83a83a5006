"""Large Flate-compressed page images decoded band by band (content/flate_image.py) and where they are used.

Every PDF here is generated: a raw one-page PDF drawing one image XObject whose stream is encoded in this file
with each predictor (none, TIFF 2, PNG None/Sub/Up/Average/Paeth and mixed row by row), grey and RGB, so the
decoder is checked against an independent encoder, against pypdf's whole decode and against pdfium's rendering.
"""

from __future__ import annotations

import io
import random
import shutil
import sys
import zlib
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFont, ImageStat

from conftest import Materials, keys, run
from zccheck.content import flate_image, page_image
from zccheck.content.scan_quality import measure_scan

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from raw_pdf import image_page_pdf  # the one PDF writer, shared with bench_memory.py

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "complete"


# --- encoders (independent of the decoder) ----------------------------------------------------------------


def _paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else b if pb <= pc else c


def _png_filtered(raw: bytes, width: int, colors: int, types: list[int]) -> bytes:
    """Rows of `raw` PNG-filtered, row r with filter type types[r % len(types)], each led by its type."""
    stride = width * colors
    out = bytearray()
    prior = bytes(stride)
    for r in range(len(raw) // stride):
        row = raw[r * stride:(r + 1) * stride]
        kind = types[r % len(types)]
        out.append(kind)
        for i in range(stride):
            a = row[i - colors] if i >= colors else 0
            b = prior[i]
            c = prior[i - colors] if i >= colors else 0
            predicted = (0, a, b, (a + b) // 2, _paeth(a, b, c))[kind]
            out.append((row[i] - predicted) & 0xFF)
        prior = row
    return bytes(out)


def _tiff_differenced(raw: bytes, width: int, colors: int) -> bytes:
    """TIFF predictor 2: each sample minus the same sample of the pixel to its left (8 bits)."""
    stride = width * colors
    out = bytearray(raw)
    for start in range(0, len(raw), stride):
        for i in range(stride - 1, colors - 1, -1):
            out[start + i] = (raw[start + i] - raw[start + i - colors]) & 0xFF
    return bytes(out)


PREDICTORS = {  # name: (/Predictor, PNG row types or None)
    "none": (1, None), "tiff": (2, None), "png-none": (10, [0]), "sub": (11, [1]), "up": (12, [2]),
    "average": (13, [3]), "paeth": (14, [4]), "mixed": (15, [0, 1, 2, 3, 4, 4, 3, 2, 1]),
}


def _encoded(image: Image.Image, predictor: str) -> tuple[bytes, int]:
    """The zlib stream of `image` (L or RGB) with the named predictor, and its /Predictor value."""
    raw = image.tobytes()
    colors = 1 if image.mode == "L" else 3
    value, types = PREDICTORS[predictor]
    if value == 2:
        raw = _tiff_differenced(raw, image.width, colors)
    elif types is not None:
        raw = _png_filtered(raw, image.width, colors, types)
    return zlib.compress(raw, 6), value


def _noise(size: tuple[int, int], mode: str, seed: int = 3) -> Image.Image:
    """Noise over a gradient: every predictor's mistakes show up as wrong pixels."""
    rnd = random.Random(seed)
    colors = 1 if mode == "L" else 3
    width, height = size
    data = bytes((x * 7 + y * 3 + rnd.randrange(60) + 40 * (k % 2)) & 0xFF
                 for y in range(height) for x in range(width) for k in range(colors))
    return Image.frombytes(mode, size, data)


# --- a raw PDF: one page drawing one image over the whole page --------------------------------------------


def _pdf(image_dict: str, stream: bytes, page_pt: tuple[float, float], extra: list[bytes] | None = None) -> bytes:
    """A one-page PDF whose page draws image XObject 5 (dictionary `image_dict`, data `stream`) over it;
    `extra` objects are numbered from 6."""
    return image_page_pdf(image_dict, stream, page_pt, extra)


def _image_pdf(image: Image.Image, predictor: str = "none", *, filters: str = "/FlateDecode",
               space: str | None = None, extra_dict: str = "", stream: bytes | None = None,
               dpi: float = 300.0, extra: list[bytes] | None = None) -> bytes:
    colors = 1 if image.mode == "L" else 3
    data, value = _encoded(image, predictor)
    inner = f"<< /Predictor {value} /Colors {colors} /BitsPerComponent 8 /Columns {image.width} >>"
    parms = f"/DecodeParms {inner}" if value > 1 else ""
    if filters.startswith("[/ASCIIHexDecode"):
        data = data.hex().encode() + b">"
        parms = f"/DecodeParms [null {inner}]" if value > 1 else ""
    space = space or ("/DeviceGray" if colors == 1 else "/DeviceRGB")
    dictionary = (f"/Width {image.width} /Height {image.height} /ColorSpace {space} /BitsPerComponent 8 "
                  f"/Filter {filters} {parms} {extra_dict}")
    return _pdf(dictionary, data if stream is None else stream,
                (image.width * 72 / dpi, image.height * 72 / dpi), extra)


def _xobject(pdf: bytes) -> object:
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]["/XObject"]["/Im0"].get_object()


# --- the decoder ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["L", "RGB"])
@pytest.mark.parametrize("predictor", list(PREDICTORS))
def test_each_predictor_decodes_band_by_band_to_the_whole_decode(
        predictor: str, mode: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(flate_image, "BAND_ROWS", 8)  # many bands: rows predicted across band edges
    original = _noise((37, 29), mode)
    pdf = _image_pdf(original, predictor)
    flate = flate_image.from_xobject(_xobject(pdf))
    assert flate is not None and flate.predictor == PREDICTORS[predictor][0]
    grey = original.convert("L")
    assert flate_image.reduced_grey(flate, 1).tobytes() == grey.tobytes()
    for factor in (2, 3):
        assert flate_image.reduced_grey(flate, factor).tobytes() == grey.reduce(factor).tobytes()
    # pypdf's whole decode (what scan quality used before) gives the same pixels
    whole = _xobject(pdf).decode_as_image().convert("L")
    assert flate_image.reduced_grey(flate, 3).tobytes() == whole.reduce(3).tobytes()


@pytest.mark.parametrize("filters", ["[/ASCIIHexDecode /FlateDecode]", "/Fl"])
def test_simple_outer_filters_and_abbreviations(filters: str) -> None:
    original = _noise((21, 13), "RGB")
    flate = flate_image.from_xobject(_xobject(_image_pdf(original, "mixed", filters=filters)))
    assert flate is not None
    assert flate_image.reduced_grey(flate, 1).tobytes() == original.convert("L").tobytes()


def _icc(colors: int) -> bytes:
    from PIL import ImageCms

    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    return b"<< /N %d /Length %d >>\nstream\n" % (colors, len(profile)) + profile + b"\nendstream"


@pytest.mark.parametrize("mode", ["L", "RGB"])
def test_icc_based_grey_and_rgb_are_decoded(mode: str) -> None:
    original = _noise((16, 9), mode)
    colors = 1 if mode == "L" else 3
    pdf = _image_pdf(original, "paeth", space="[/ICCBased 6 0 R]", extra=[_icc(colors)])
    flate = flate_image.from_xobject(_xobject(pdf))
    assert flate is not None and flate.colors == colors
    assert flate_image.reduced_grey(flate, 1).tobytes() == original.convert("L").tobytes()


@pytest.mark.parametrize("variant", ["cmyk-icc", "soft-mask", "decode", "mask", "dct-filter", "lzw-outer",
                                     "columns", "predictor-3", "bits-16"])
def test_other_kinds_are_left_to_the_usual_decoder(variant: str) -> None:
    original = _noise((16, 9), "RGB")
    options: dict = {}
    if variant == "cmyk-icc":
        options = {"space": "[/ICCBased 6 0 R]", "extra": [_icc(4)]}
    elif variant == "soft-mask":
        options = {"extra_dict": "/SMask 6 0 R", "extra": [b"<< /Length 0 >>\nstream\n\nendstream"]}
    elif variant == "decode":
        options = {"extra_dict": "/Decode [1 0 1 0 1 0]"}
    elif variant == "mask":
        options = {"extra_dict": "/Mask [0 10 0 10 0 10]"}
    elif variant == "dct-filter":
        options = {"filters": "[/FlateDecode /DCTDecode]"}
    elif variant == "lzw-outer":
        options = {"filters": "[/LZWDecode /FlateDecode]"}
    if variant in ("columns", "predictor-3", "bits-16"):
        data, _ = _encoded(original, "sub")
        parms = {"columns": "/Predictor 11 /Colors 3 /Columns 15", "predictor-3": "/Predictor 3 /Colors 3 /Columns 16",
                 "bits-16": "/Predictor 11 /Colors 3 /BitsPerComponent 16 /Columns 16"}[variant]
        pdf = _pdf(f"/Width 16 /Height 9 /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode "
                   f"/DecodeParms << {parms} >>", data, (16, 9))
    else:
        pdf = _image_pdf(original, **options)
    assert flate_image.from_xobject(_xobject(pdf)) is None


@pytest.mark.parametrize("damage", ["truncated", "garbage", "bad-row-filter"])
def test_a_damaged_stream_is_a_flate_error(damage: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(flate_image, "BAND_ROWS", 4)
    original = _noise((30, 20), "RGB")
    data, _ = _encoded(original, "mixed")
    if damage == "truncated":
        data = data[: len(data) // 2]
    elif damage == "garbage":
        data = data[:40] + bytes(range(256)) * 4
    else:
        raw = bytearray(zlib.decompress(data))
        raw[7 * (30 * 3 + 1)] = 7  # row 7's filter type: there is no type 7
        data = zlib.compress(bytes(raw))
    flate = flate_image.FlateImage(30, 20, 3, 15, data)
    with pytest.raises(flate_image.FlateError):
        flate_image.reduced_grey(flate, 2)


def test_a_stream_inflating_past_its_declared_size_is_not_inflated_past_it(monkeypatch: pytest.MonkeyPatch) -> None:
    bomb = zlib.compress(bytes(64 * 1024 * 1024), 9)  # 64 MB of zeros in ~64 KB
    produced: list[int] = []
    real = zlib.decompressobj

    class Counting:
        def __init__(self) -> None:
            self.inner = real()

        def decompress(self, data: bytes, max_length: int = 0) -> bytes:
            out = self.inner.decompress(data, max_length)
            produced.append(len(out))
            return out

        def __getattr__(self, name: str) -> object:
            return getattr(self.inner, name)

    monkeypatch.setattr(flate_image.zlib, "decompressobj", Counting)
    flate = flate_image.FlateImage(100, 80, 1, 1, bomb)  # declares 8,000 bytes
    grey = flate_image.reduced_grey(flate, 1)
    assert grey.size == (100, 80) and grey.getextrema() == (0, 0)
    assert sum(produced) == flate.declared_bytes == 8000


def test_factor_covering_keeps_the_wanted_size_covered() -> None:
    assert flate_image.factor_covering((9000, 9000), (2400, 2400)) == 3
    assert flate_image.factor_covering((9000, 9000), (600, 600)) == 15
    assert flate_image.factor_covering((9000, 9000), (600, 600), powers_of_two=True) == 8
    assert flate_image.factor_covering((1000, 1000), (600, 600), powers_of_two=True) == 1
    assert flate_image.factor_covering((100, 9000), (60, 600)) == 1


# --- pages: what the renderer would show ------------------------------------------------------------------


def _text_page(size: tuple[int, int] = (1240, 1754), mode: str = "RGB") -> Image.Image:
    page = Image.new(mode, size, (248, 247, 243) if mode == "RGB" else 246)
    draw = ImageDraw.Draw(page)
    font = ImageFont.load_default(size=28)
    for line in range(30):
        draw.text((120, 120 + line * 50), f"Professional work summary, line {line}: site, design, review",
                  fill=(25, 25, 25) if mode == "RGB" else 25, font=font)
    return page


def _pillow_png_pdf(image: Image.Image, dpi: float = 150.0) -> bytes:
    """A PDF page drawing `image` as a Flate image with predictor 15, rows filtered as Pillow's PNG encoder
    chooses (adaptive: mixed types row by row, as real PNG-sourced PDFs are)."""
    png = io.BytesIO()
    image.save(png, "PNG", compress_level=6)
    data, position, idat = png.getvalue(), 8, b""
    while position < len(data):
        length = int.from_bytes(data[position:position + 4], "big")
        if data[position + 4:position + 8] == b"IDAT":
            idat += data[position + 8:position + 8 + length]
        position += 12 + length
    colors = 1 if image.mode == "L" else 3
    return _image_pdf(image, "none", stream=idat, dpi=dpi, extra_dict=(
        f"/DecodeParms << /Predictor 15 /Colors {colors} /BitsPerComponent 8 /Columns {image.width} >>"))


@pytest.mark.parametrize("mode", ["L", "RGB"])
def test_full_page_flate_image_is_decoded_reduced_like_the_renderer_draws_it(
        mode: str, monkeypatch: pytest.MonkeyPatch) -> None:
    pdfium = pytest.importorskip("pypdfium2")
    monkeypatch.setattr(page_image, "LARGE_IMAGE_BYTES", 0)  # every full-page image counts as large here
    data = _pillow_png_pdf(_text_page(mode=mode))
    document = pdfium.PdfDocument(data)
    page = document[0]
    source = page_image.PdfSource(data)
    for scale in (150 / 72, 100 / 72, 0.4):
        decoded = page_image.scanned_page_image(page, scale, source, 0)
        drawn = page.render(scale=scale, grayscale=True).to_pil().convert("L")
        assert decoded is not None and decoded.mode == "L" and decoded.size == drawn.size
        assert abs(ImageStat.Stat(decoded).mean[0] - ImageStat.Stat(drawn).mean[0]) < 2
        assert ImageStat.Stat(ImageChops.difference(decoded, drawn)).mean[0] < 8
    assert page_image.scanned_page_image(page, 0.4) is None  # without the document: rendered instead
    document.close()


@pytest.mark.parametrize("variant", ["corrupt", "soft-mask", "small"])
def test_other_flate_pages_are_left_to_the_renderer(variant: str, monkeypatch: pytest.MonkeyPatch) -> None:
    pdfium = pytest.importorskip("pypdfium2")
    if variant != "small":
        monkeypatch.setattr(page_image, "LARGE_IMAGE_BYTES", 0)
    original = _noise((64, 48), "RGB")
    if variant == "corrupt":
        good, _ = _encoded(original, "up")
        data = _image_pdf(original, "up", stream=good[: len(good) // 3])
    elif variant == "soft-mask":
        mask = zlib.compress(bytes(64 * 48))
        data = _image_pdf(original, extra_dict="/SMask 6 0 R", extra=[
            b"<< /Type /XObject /Subtype /Image /Width 64 /Height 48 /ColorSpace /DeviceGray "
            b"/BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n" % len(mask) + mask
            + b"\nendstream"])
    else:
        data = _image_pdf(original, "up")
    document = pdfium.PdfDocument(data)
    assert page_image.scanned_page_image(document[0], 1.0, page_image.PdfSource(data), 0) is None
    document.close()


# --- scan quality and whole scans: the same verdicts -----------------------------------------------------


def _flate_scan(text: bool, upside_down: bool = False) -> bytes:
    page = _text_page(mode="L") if text else Image.new("L", (1240, 1754), 246)
    return _pillow_png_pdf(page.rotate(180) if upside_down else page)


@pytest.mark.parametrize("text", [True, False])
def test_scan_quality_verdicts_are_the_same_from_the_bounded_decoder(
        text: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    from pypdf.generic import StreamObject

    data = _flate_scan(text)
    whole = measure_scan(data, "pdf", orientation=False).pages[0]
    monkeypatch.setattr(page_image, "LARGE_IMAGE_BYTES", 0)
    calls: list[int] = []
    real = StreamObject.decode_as_image
    monkeypatch.setattr(StreamObject, "decode_as_image", lambda self, *a, **k: calls.append(1) or real(self, *a, **k))
    bounded = measure_scan(data, "pdf", orientation=False).pages[0]
    assert calls == []  # the page's image was not decoded whole
    assert bounded.blank is whole.blank is (not text)
    assert bounded.dpi == whole.dpi and bounded.image_px == whole.image_px == (1240, 1754)
    assert abs(bounded.ink - whole.ink) < 0.01


def test_a_damaged_large_flate_scan_goes_to_the_viewers_rendering(monkeypatch: pytest.MonkeyPatch) -> None:
    page = _text_page((620, 877), mode="L")
    good, _ = _encoded(page, "none")
    data = _image_pdf(page, stream=good[: len(good) // 2])  # the text's rows are there, the rest is cut off
    whole = measure_scan(data, "pdf", orientation=False).pages[0]
    monkeypatch.setattr(page_image, "LARGE_IMAGE_BYTES", 0)
    failures: list[str] = []
    real = flate_image.reduced_grey

    def spy(*args: object) -> object:
        try:
            return real(*args)
        except flate_image.FlateError as exc:
            failures.append(str(exc))
            raise

    monkeypatch.setattr(flate_image, "reduced_grey", spy)
    bounded = measure_scan(data, "pdf", orientation=False).pages[0]
    assert failures and "ends after" in failures[0]  # the bounded decoder saw the damage and gave up
    assert bounded == whole  # the same page measures as before: the viewer's rendering decided


HAS_VISION = all(__import__("importlib").util.find_spec(m) for m in ("rapidocr", "onnxruntime", "cv2", "pypdfium2"))


@pytest.mark.skipif(not HAS_VISION, reason="orientation needs the vision extra")
def test_an_upside_down_flate_scan_is_still_called_upside_down(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(page_image, "LARGE_IMAGE_BYTES", 0)
    flipped = measure_scan(_flate_scan(True, upside_down=True), "pdf", orientation=True, time_budget_s=120.0)
    upright = measure_scan(_flate_scan(True), "pdf", orientation=True, time_budget_s=120.0)
    assert flipped.pages[0].upside_down is True and upright.pages[0].upside_down is False


def test_a_flate_scanned_summary_gets_the_same_findings(materials: Materials, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(SAMPLE, materials.root, dirs_exist_ok=True)
    summary = materials.root / "10 专业技术工作总结" / "专业技术工作总结.pdf"
    summary.write_bytes(_flate_scan(True))
    rendered = run(materials.root)
    monkeypatch.setattr(page_image, "LARGE_IMAGE_BYTES", 0)
    bounded = run(materials.root)
    assert keys(bounded) == keys(rendered)
    counts = [next((f.details.get("count") for f in result.findings if f.code.startswith("summary-")
                    and f.details.get("count") is not None), None) for result in (rendered, bounded)]
    if HAS_VISION:  # the page was read both ways (30 lines of text), to about the same count
        assert counts[0] is not None and counts[0] > 100, counts
        assert abs(counts[0] - counts[1]) <= 5, counts
    else:
        assert counts[0] == counts[1]


# --- the detector's input: bounded in area as well as in length --------------------------------------------


@pytest.mark.parametrize("shape, given", [
    ((2400, 1697, 3), (1100, 778)),   # an A4 page: only its length counts, as before
    ((1697, 2400, 3), (778, 1100)),
    ((2400, 2400, 3), (925, 925)),    # a square page (enormous.pdf's 30-inch square): A4's area at most
    ((1800, 2400, 3), (801, 1068)),   # a 4:3 phone photo
    ((900, 800, 3), (900, 800)),      # small enough: as it is
])
def test_the_detector_gets_at_most_an_a4_page_area(shape: tuple[int, int, int], given: tuple[int, int]) -> None:
    np = pytest.importorskip("numpy")
    pytest.importorskip("cv2")
    from zccheck.content.ocr import DET_MAX_PIXELS, _detect

    shapes: list[tuple[int, ...]] = []

    def detector(image: object, **_: object) -> object:
        shapes.append(image.shape)  # type: ignore[attr-defined]
        return type("Detected", (), {"boxes": None})()

    _detect(detector, np.full(shape, 255, dtype=np.uint8))
    assert shapes[0][:2] == given
    assert shapes[0][0] * shapes[0][1] <= DET_MAX_PIXELS + 2 * max(shapes[0][:2])


def test_an_image_far_wider_than_a_page_is_refused_not_decoded_in_huge_bands() -> None:
    wide = flate_image.FlateImage(3_000_000, 200, 3, 1, zlib.compress(bytes(9_000_000 * 3)))
    with pytest.raises(flate_image.FlateError, match="band"):
        flate_image.reduced_grey(wide, 100)  # 100 rows of 9 MB: over MAX_BAND_BYTES
    narrow_enough = flate_image.FlateImage(300_000, 40, 1, 1, zlib.compress(bytes(300_000 * 40)))
    assert flate_image.reduced_grey(narrow_enough, 20).size == (15_000, 2)  # 20-row bands of 6 MB


@pytest.mark.parametrize("stream", [b"\xff\xfe not ascii85 at all", b"<~ 9jqo^ ~>", b""])
def test_a_broken_outer_filter_is_not_a_traceback(stream: bytes) -> None:
    pdf = _pdf("/Width 16 /Height 9 /ColorSpace /DeviceRGB /BitsPerComponent 8 "
               "/Filter [/ASCII85Decode /FlateDecode]", stream, (16, 9))
    flate = flate_image.from_xobject(_xobject(pdf))
    if flate is not None:
        with pytest.raises(flate_image.FlateError):
            flate_image.reduced_grey(flate, 1)


# --- a full-page JPEG with an ICC profile (img2pdf, phones, ocrmypdf keep it) ---------------------------------


@pytest.mark.parametrize("mode", ["RGB", "L", "CMYK"])
def test_icc_based_full_page_jpeg_is_decoded_reduced_unless_cmyk(mode: str, monkeypatch: pytest.MonkeyPatch) -> None:
    pdfium = pytest.importorskip("pypdfium2")
    monkeypatch.setattr(page_image, "LARGE_IMAGE_BYTES", 0)
    page = _text_page(mode="L" if mode == "L" else "RGB").convert(mode)
    jpeg = io.BytesIO()
    page.save(jpeg, "JPEG", quality=90)
    colors = {"L": 1, "RGB": 3, "CMYK": 4}[mode]
    data = _pdf(f"/Width {page.width} /Height {page.height} /ColorSpace [/ICCBased 6 0 R] /BitsPerComponent 8 "
                f"/Filter /DCTDecode", jpeg.getvalue(), (page.width * 72 / 150, page.height * 72 / 150),
                [_icc(colors)])
    document = pdfium.PdfDocument(data)
    decoded = page_image.scanned_page_image(document[0], 100 / 72, page_image.PdfSource(data), 0)
    if mode == "CMYK":
        assert decoded is None  # Pillow's CMYK JPEG is not grey or RGB: rendered
    else:
        drawn = document[0].render(scale=100 / 72, grayscale=True).to_pil().convert("L")
        assert decoded is not None and decoded.size == drawn.size
        assert abs(ImageStat.Stat(decoded).mean[0] - ImageStat.Stat(drawn).mean[0]) < 3
        assert ImageStat.Stat(ImageChops.difference(decoded, drawn)).mean[0] < 8
    document.close()


# --- an image placed inside the page with margins ("print to PDF" of a photo) ----------------------------------


@pytest.mark.parametrize("kind", ["jpeg", "flate"])
def test_an_image_placed_with_margins_is_pasted_where_the_renderer_draws_it(
        kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
    pdfium = pytest.importorskip("pypdfium2")
    monkeypatch.setattr(page_image, "LARGE_IMAGE_BYTES", 0)
    picture = _text_page((900, 1200), mode="L")
    if kind == "jpeg":
        jpeg = io.BytesIO()
        picture.save(jpeg, "JPEG", quality=90)
        dictionary, stream = "/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode", jpeg.getvalue()
    else:
        stream, _ = _encoded(picture, "up")
        dictionary = ("/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode "
                      "/DecodeParms << /Predictor 12 /Colors 1 /Columns 900 >>")
    content = b"q 400 0 0 533.33 97.6 180 cm /Im0 Do Q"  # on A4, 97.6 pt from the left, 180 pt from the bottom
    data = _pdf(f"/Width 900 /Height 1200 {dictionary}", stream, (595.2, 841.8)).replace(
        b"q 595.2 0 0 841.8 0 0 cm /Im0 Do Q", content.ljust(len(b"q 595.2 0 0 841.8 0 0 cm /Im0 Do Q")))
    document = pdfium.PdfDocument(data)
    page = document[0]
    for scale in (150 / 72, 0.5):
        decoded = page_image.scanned_page_image(page, scale, page_image.PdfSource(data), 0)
        drawn = page.render(scale=scale, grayscale=True).to_pil().convert("L")
        assert decoded is not None and decoded.size == drawn.size
        assert decoded.getpixel((5, 5)) == drawn.getpixel((5, 5)) == 255  # the margin: white paper
        assert abs(ImageStat.Stat(decoded).mean[0] - ImageStat.Stat(drawn).mean[0]) < 2
        assert ImageStat.Stat(ImageChops.difference(decoded, drawn)).mean[0] < 8
        # the image lands where the renderer puts it: the box of its dark text is the same within 2 px
        boxes = [im.point(lambda v: 255 if v < 128 else 0).getbbox() for im in (decoded, drawn)]
        assert boxes[0] is not None and all(abs(u - v) <= 2 for u, v in zip(*boxes, strict=True)), boxes
    document.close()


def test_the_pdf_source_does_not_keep_each_pages_image_stream() -> None:
    original = _noise((40, 30), "RGB")
    data = _image_pdf(original, "sub")
    source = page_image.PdfSource(data)
    raw = bytes(_xobject(data)._data)
    found = source.image_xobject(0, raw, (40, 30))
    assert found is not None and found.get("/Width") == 40
    assert (0, 5) not in source._reader.resolved_objects  # object 5, the image: not cached for later pages
    assert source.image_xobject(0, raw + b"x", (40, 30)) is None  # another stream: not this image
    assert source.image_xobject(3, raw, (40, 30)) is None  # no such page: None, not an exception
