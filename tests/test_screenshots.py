"""Screenshots (query pages the notice asks for) are judged as screenshots: legible pixels, not dpi at A4."""

from __future__ import annotations

import io

import pytest

from conftest import Materials, by_code, run
from zccheck.content.screenshot import is_screenshot, screen_shaped

PAPER = "09 学术成果/论文1-基于BIM的施工管理研究（代表作）"


def _image(size: tuple[int, int], fmt: str = "PNG", dpi: tuple[int, int] | None = None) -> bytes:
    """An image with lines of "text" (ink), like a captured web page or a scanned sheet."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, (255, 255, 255))
    draw = ImageDraw.Draw(image)
    for y in range(20, size[1] - 20, max(12, size[1] // 40)):
        draw.line((20, y, size[0] - 40, y), fill=(30, 30, 30), width=2)
    buffer = io.BytesIO()
    image.save(buffer, fmt, **({"dpi": dpi} if dpi else {}))
    return buffer.getvalue()


def _low_res_paths(materials: Materials) -> set[str | None]:
    return {f.path for f in by_code(run(materials.root), "scan-low-resolution")}


@pytest.mark.parametrize(("name", "size"), [
    ("国家新闻出版署查询.png", (1280, 800)), ("知网查询.png", (1920, 1080)), ("论文查询截图.png", (2560, 1600)),
    ("手机截图.png", (1080, 2400)), ("Screenshot_20240801-101010.png", (1080, 2400)),
    ("IMG_0012.png", (1280, 800)), ("image.png", (1366, 768)), ("微信图片.png", (1920, 1080)),
])
def test_screen_captures_are_not_told_to_rescan(materials: Materials, name: str, size: tuple[int, int]) -> None:
    materials.facts()
    materials.add(f"{PAPER}/{name}", _image(size))
    result = run(materials.root)
    path = f"{PAPER}/{name}"
    assert path not in {f.path for f in by_code(result, "scan-low-resolution")}
    assert path not in {f.path for f in by_code(result, "screenshot-too-small")}
    assert not any("不要用截图" in f.hint and f.path == path for f in result.findings)


def test_a_named_jpeg_screenshot_with_72_dpi_passes(materials: Materials) -> None:
    materials.facts()
    materials.add(f"{PAPER}/查询截图.jpg", _image((1280, 800), "JPEG", (72, 72)))
    assert f"{PAPER}/查询截图.jpg" not in _low_res_paths(materials)


def test_a_low_resolution_scan_still_warns(materials: Materials) -> None:
    materials.facts()
    materials.add("11 其他材料/营业执照.png", _image((827, 1169)))  # A4 proportions at 100 dpi
    materials.add("11 其他材料/承诺书.jpg", _image((1280, 960), "JPEG", (72, 72)))  # a 4:3 camera-like JPEG
    assert _low_res_paths(materials) == {"11 其他材料/营业执照.png", "11 其他材料/承诺书.jpg"}


def test_a_png_with_a_scanner_dpi_is_a_scan(materials: Materials) -> None:
    materials.facts()
    materials.add("11 其他材料/营业执照.png", _image((1280, 800), dpi=(100, 100)))
    assert _low_res_paths(materials) == {"11 其他材料/营业执照.png"}


@pytest.mark.parametrize(("size", "small"), [((600, 240), False), ((599, 300), True), ((800, 239), True),
                                             ((400, 250), True)])
def test_legibility_in_pixels_boundary(materials: Materials, size: tuple[int, int], small: bool) -> None:
    materials.facts()
    path = f"{PAPER}/查询截图.png"
    materials.add(path, _image(size))
    result = run(materials.root)
    found = by_code(result, "screenshot-too-small")
    assert bool(found) is small
    assert path not in {f.path for f in by_code(result, "scan-low-resolution")}
    if small:
        assert found[0].path == path and found[0].details["width"] == size[0]


@pytest.mark.parametrize(("size", "fmt", "dpi", "expected"), [
    ((1280, 800), "PNG", None, True), ((800, 1280), "PNG", (72.0, 72.0), True),
    ((2880, 1800), "PNG", (144.0, 144.0), True), ((1080, 2400), "PNG", None, True), ((1170, 2532), "PNG", None, True),
    ((1280, 800), "PNG", (300.0, 300.0), False),
    ((2480, 3508), "PNG", None, False), ((1280, 800), "JPEG", None, False), ((1000, 777), "PNG", None, False),
])
def test_screen_shaped(size: tuple[int, int], fmt: str, dpi: tuple[float, float] | None, expected: bool) -> None:
    assert screen_shaped(*size, fmt, dpi) is expected


def test_named_screenshots() -> None:
    assert is_screenshot("论文/SCREENSHOT 2024.jpg", 10, 10, "JPEG", None, ["screenshot"])
    assert not is_screenshot("论文/版权页.jpg", 1280, 960, "JPEG", (72.0, 72.0), ["截图"])


def test_a_screenshot_pasted_into_a_pdf_is_judged_by_its_pixels(materials: Materials) -> None:
    from PIL import Image

    from test_content_text import image_pdf

    materials.facts()
    big = Image.open(io.BytesIO(_image((1280, 800))))
    small = Image.open(io.BytesIO(_image((400, 250))))
    materials.add(f"{PAPER}/知网查询截图.pdf", image_pdf([big], dpi=96))
    materials.add(f"{PAPER}/国家新闻出版署查询截图.pdf", image_pdf([small], dpi=96))
    materials.add("11 其他材料/营业执照.pdf", image_pdf([big], dpi=96))  # a scan: dpi at A4 still applies
    result = run(materials.root)
    assert {f.path for f in by_code(result, "scan-low-resolution")} == {"11 其他材料/营业执照.pdf"}
    assert {f.path for f in by_code(result, "screenshot-too-small")} == {f"{PAPER}/国家新闻出版署查询截图.pdf"}
