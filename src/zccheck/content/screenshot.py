"""Is an image a screen capture? Screenshots are judged as screenshots, not as scans.

The notice *asks* for screenshots (国家新闻出版署 / 知网 / 国家版本数据中心 query pages, §三.2(3)); judging a 1280×800
capture "at A4" (≈ 109 dpi) and telling the applicant not to use screenshots is wrong. A capture is readable when
it was not shrunk: its legibility is a matter of pixels, not of dpi.

An image is taken for a screenshot when
* its path names one (words such as 截图, 截屏, 屏幕快照, Screenshot, 查询 — the checklist's `screenshot_keywords`), or
* it is a PNG (what screenshot tools write) that records no scanner resolution (no dpi, or a screen value: 72, 96,
  120, 144, 192) and whose pixel size has a screen's proportions (4:3, 3:2, 16:10, 16:9, 18:9 … 21:9, portrait
  or landscape, within 1%): 1280×800, 1366×768, 1920×1080, 2560×1600, a phone's 1080×2400.
A JPEG is recognised by its name only: a camera photo of a page is 4:3 with 72 dpi too.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

SCREEN_ASPECTS = (4 / 3, 3 / 2, 16 / 10, 16 / 9, 18 / 9, 19 / 9, 19.5 / 9, 20 / 9, 21 / 9)
SCREEN_DPIS = (72.0, 96.0, 120.0, 144.0, 192.0)
ASPECT_TOLERANCE = 0.01


def named_as_screenshot(path: str, keywords: Iterable[str]) -> bool:
    """True when a word of `keywords` appears in `path` (NFKC, case-insensitive)."""
    folded = unicodedata.normalize("NFKC", path).casefold()
    return any(unicodedata.normalize("NFKC", word).casefold() in folded for word in keywords if word)


def screen_shaped(width: int, height: int, image_format: str, dpi: tuple[float, float] | None) -> bool:
    """True for a PNG without a scanner's dpi whose proportions are a screen's."""
    if image_format.upper() != "PNG" or min(width, height) <= 0:
        return False
    if dpi and min(dpi) > 0 and not any(abs(min(dpi) - screen) < 1.0 for screen in SCREEN_DPIS):
        return False
    ratio = max(width, height) / min(width, height)
    return any(abs(ratio - aspect) / aspect <= ASPECT_TOLERANCE for aspect in SCREEN_ASPECTS)


def is_screenshot(path: str, width: int, height: int, image_format: str, dpi: tuple[float, float] | None,
                  keywords: Iterable[str]) -> bool:
    """Named as a screenshot, or a screen-shaped PNG (see the module docstring)."""
    return named_as_screenshot(path, keywords) or screen_shaped(width, height, image_format, dpi)
