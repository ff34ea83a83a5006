"""The HTML report: structure (parsed), self-containment, masking, escaping, pictures, -o files."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from conftest import FACTS, Materials, jpeg_bytes, pdf_bytes, run
from html_page import parse
from zccheck.reporters import REPORTERS
from zccheck.reporters.html import report_html
from zccheck.reporters.html.thumbs import MAX_SIDE, make_thumbnail
from zccheck.reporters.html.view import MAX_THUMBS, build

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
FULL_ID = "450205198803150030"  # the samples' fictitious ID number
AS_OF = date(2024, 8, 20)


@pytest.fixture(scope="module")
def pension_gap_html() -> str:
    return report_html(run(SAMPLES / "pension-gap", as_of=AS_OF))


def test_sections_present_and_self_contained(pension_gap_html: str) -> None:
    page = parse(pension_gap_html)
    assert {"verdict", "privacy", "todo", "visuals", "photo", "pension", "word-count", "papers", "publicity",
            "items"} <= page.ids()
    images = page.find("img")
    assert images, "the photo at least is shown"
    assert all(img.attrs["src"].startswith("data:image/jpeg;base64,") for img in images)
    assert not re.search(r"https?://", pension_gap_html), "no network address anywhere"
    assert not page.find("script") and not page.find("link")
    assert "个人证件照片" in page.text  # the privacy note
    assert page.find("meta")[0].attrs.get("charset") == "utf-8"


def test_no_full_id_number_anywhere(pension_gap_html: str) -> None:
    assert FULL_ID not in pension_gap_html
    assert "450*************30" in pension_gap_html


def test_verdict_and_todo_follow_the_findings(pension_gap_html: str) -> None:
    page = parse(pension_gap_html)
    verdict = next(e for e in page.elements if e.attrs.get("id") == "verdict")
    assert "not_ready" in verdict.classes
    todo = [e for e in page.find("li") if e.classes & {"error", "warning", "review"}]
    assert [sorted(e.classes)[0] for e in todo] == ["error", "error", "warning"]


def test_pension_strip_marks_months_and_window(pension_gap_html: str) -> None:
    page = parse(pension_gap_html)
    months = [e for e in page.find("div", "month")]
    assert len(months) == 12
    assert [e.attrs["title"].split(":")[0] for e in months if "unpaid" in e.classes] == ["2024-05", "2024-06"]
    assert [e.attrs["title"].split(":")[0] for e in months if "other" in e.classes] == ["2024-03"]
    assert sum("win" in e.classes for e in months) == 6
    assert not any("win" in e.classes for e in months[:6])


def test_photo_shows_face_box_and_measures(pension_gap_html: str) -> None:
    page = parse(pension_gap_html)
    (face,) = page.find("div", "face")
    style = dict(part.split(":") for part in face.attrs["style"].split(";"))
    assert style["left"] == "27.6%" and style["top"] == "20.0%" and style["height"] == "31.6%"
    assert "413×579" in page.text and "43.3 KB" in page.text and "rgb(247,248,250)" in page.text


def test_word_count_papers_and_publicity(pension_gap_html: str) -> None:
    page = parse(pension_gap_html)
    assert "2490" in page.text and "2000" in page.text
    parts = page.find("td", "state")
    assert len(parts) == 6 and all("present" in e.classes for e in parts)
    days = page.find("div", "d")
    assert [e.attrs["title"].split()[0] for e in days] == [f"2024-08-{d}" for d in range(12, 17)]
    assert all("workday" in e.classes for e in days)


def test_missing_paper_part_is_a_cross(tmp_path: Path) -> None:
    html = report_html(run(SAMPLES / "paper-incomplete", as_of=AS_OF))
    states = {e.text.strip(): e.classes for e in parse(html).find("td", "state")}
    absent = [e for e in parse(html).find("td", "state") if "absent" in e.classes]
    assert len(absent) == 2 and len(states) >= 2


def test_publicity_calendar_marks_holidays_and_adjusted_days(materials: Materials) -> None:
    materials.facts(FACTS + 'publicity_start = "2024-09-27"\npublicity_end = "2024-10-08"\n')
    view = build(run(materials.root, as_of=AS_OF), pictures=False)
    kinds = {c["date"]: c["kind"] for c in view["publicity"]["cells"] if c}
    assert kinds["2024-09-29"] == "adjusted" and kinds["2024-10-01"] == "holiday"
    assert kinds["2024-09-28"] == "weekend" and kinds["2024-09-27"] == "workday"
    assert view["publicity"]["ok"] is False and view["publicity"]["workdays"] == 4


def test_hostile_file_names_are_escaped(materials: Materials) -> None:
    materials.facts()
    materials.add("<script>alert(1)</script>.pdf", pdf_bytes())
    materials.add('11 其他材料/"><img src=x onerror=alert(2)>.jpg', jpeg_bytes((600, 800)))
    html = report_html(run(materials.root, as_of=AS_OF))
    page = parse(html)
    assert not page.find("script")
    assert all(img.attrs["src"].startswith("data:") for img in page.find("img"))
    assert not any("onerror" in img.attrs for img in page.find("img"))
    assert "<script>alert(1)</script>.pdf" in page.text  # shown as text
    assert "&lt;script&gt;" in html


def test_id_number_in_a_file_name_is_masked(materials: Materials) -> None:
    materials.facts(id_number=FULL_ID)
    materials.add(f"11 其他材料/身份证{FULL_ID}.pdf", pdf_bytes())
    html = report_html(run(materials.root, as_of=AS_OF))
    assert FULL_ID not in html
    assert "身份证450*************30.pdf" in parse(html).text


def test_flagged_and_unreadable_pages_get_cards(materials: Materials) -> None:
    materials.facts()
    materials.add("11 其他材料/营业执照.pdf", pdf_bytes()[:-300])  # truncated: corrupt
    materials.add("07-1 专业技术工作经历/任命文件.jpg", jpeg_bytes((300, 420)))  # a blank, small image
    result = run(materials.root, as_of=AS_OF)
    view = build(result)
    cards = {(c["finding"]["code"], c["finding"]["path"]): c for c in view["pages"]}
    flagged = [c for (code, path), c in cards.items()
               if path == "07-1 专业技术工作经历/任命文件.jpg" and code.startswith("scan-")]
    assert flagged and all(c["thumb"].src.startswith("data:image/jpeg;base64,") for c in flagged)
    corrupt = next(c for (code, path), c in cards.items() if path == "11 其他材料/营业执照.pdf")
    assert corrupt["thumb"].src is None and corrupt["thumb"].reason_zh
    html = report_html(result)
    assert "任命文件.jpg" in html and "营业执照.pdf" in html


def test_sensitive_items_are_blurred(materials: Materials) -> None:
    materials.facts(FACTS + "[flags]\nname_changed = true\n")
    materials.add("11 其他材料/户口簿本人页.jpg", jpeg_bytes((1240, 1754), (40, 40, 40)))
    result = run(materials.root, as_of=AS_OF)
    from zccheck.reporters.html.view import _Budget, _thumb

    thumb = _thumb(result, "11 其他材料/户口簿本人页.jpg", _Budget(1))
    assert thumb is not None and thumb.blurred
    other = _thumb(result, "01 基本信息/none.jpg", _Budget(1))
    assert other is None


def test_thumbnails_are_small_and_bounded(materials: Materials) -> None:
    materials.facts()
    for number in range(MAX_THUMBS + 5):
        materials.add(f"07-1 专业技术工作经历/扫描{number:02d}.jpg", jpeg_bytes((300, 420)))
    view = build(run(materials.root, as_of=AS_OF))
    pictures = [c for c in view["pages"] if c["thumb"] is not None]
    assert len(pictures) == MAX_THUMBS and view["skipped_thumbs"] >= 5
    assert all(max(c["thumb"].width, c["thumb"].height) <= MAX_SIDE for c in pictures)


def test_pdf_page_thumbnail(materials: Materials) -> None:
    materials.facts()
    materials.add("11 其他材料/营业执照.pdf", pdf_bytes(pages=3))
    result = run(materials.root, as_of=AS_OF)
    doc = result.document("11 其他材料/营业执照.pdf")
    assert doc is not None
    second = make_thumbnail(doc, 2)
    assert second.src and max(second.width, second.height) == MAX_SIDE
    assert make_thumbnail(doc, 9).src is None


def test_english_report(materials: Materials) -> None:
    html = report_html(run(SAMPLES / "pension-gap", as_of=AS_OF, lang="en"))
    page = parse(html)
    assert page.find("html")[0].attrs["lang"] == "en"
    assert "What to do" in page.text and "要做的事" not in page.text


def test_reporter_registered_for_scan() -> None:
    assert "html" in REPORTERS


@pytest.mark.parametrize("fmt", ["rich", "text", "json", "html"])
def test_output_file_is_utf8_under_a_gbk_console(fmt: str, tmp_path: Path) -> None:
    target = tmp_path / f"报告 {fmt}.out"
    env = {"PYTHONIOENCODING": "gbk", "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src"),
           "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "zccheck", "scan", str(SAMPLES / "pension-gap"), "--format", fmt,
                           "--as-of", "2024-08-20", "-o", str(target)], capture_output=True, env=env, timeout=300)
    assert done.returncode == 1, done.stderr.decode("gbk", "replace")
    assert done.stdout == b""
    text = target.read_text(encoding="utf-8")
    assert "覃志远" in text and FULL_ID not in text
    assert "✓" in text or fmt in ("json", "text")


def test_output_inside_the_materials_is_refused(tmp_path: Path) -> None:
    copy = tmp_path / "材料"
    shutil.copytree(SAMPLES / "complete", copy)
    before = sorted(p.name for p in copy.rglob("*"))
    done = subprocess.run([sys.executable, "-m", "zccheck", "scan", str(copy), "-f", "html", "-o",
                           str(copy / "报告.html")], capture_output=True,
                          env={"PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src"), "PATH": "/usr/bin:/bin",
                               "HOME": str(tmp_path)}, timeout=300)
    assert done.returncode == 2
    assert sorted(p.name for p in copy.rglob("*")) == before


def test_files_recognised_by_content_are_shown(materials: Materials) -> None:
    from dataclasses import replace

    from zccheck.classify.model import Recognition

    materials.facts()
    materials.add("扫描件/IMG_0001.pdf", pdf_bytes())
    materials.add("扫描件/IMG_0002.jpg", jpeg_bytes((600, 800), (90, 120, 160)))
    result = run(materials.root, as_of=AS_OF)
    result = replace(result, recognitions=(
        Recognition(path="扫描件/IMG_0001.pdf", item="business-license", confidence=0.92,
                    evidence=("标题：营业执照", "<b>统一社会信用代码</b>"), method="text-layer"),
        Recognition(path="扫描件/IMG_0002.jpg", item="photo", confidence=0.6, evidence=("人脸 1 张",),
                    method="face", source="conflict", named_item="work-summary"),
        Recognition(path="扫描件/IMG_0003.pdf", item="papers", confidence=0.9, source="name"),
    ))
    page = parse(report_html(result))
    assert "recognised" in page.ids()
    view = build(result)
    assert [c["path"] for c in view["recognised"]] == ["扫描件/IMG_0001.pdf", "扫描件/IMG_0002.jpg"]  # not "name"
    assert "单位营业执照" in page.text and "92%" in page.text and "<b>统一社会信用代码</b>" in page.text
    assert [c["thumb"].src is not None for c in view["recognised"]] == [True, True]
    assert view["recognised"][1]["source"] == "conflict"
    register = replace(result, recognitions=(Recognition(path="扫描件/IMG_0002.jpg", item="household-register",
                                                         confidence=0.9),))
    assert build(register)["recognised"][0]["thumb"].blurred


def test_html_to_a_redirected_gbk_stdout_is_utf8(tmp_path: Path) -> None:
    env = {"PYTHONIOENCODING": "gbk", "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src"),
           "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "zccheck", "scan", str(SAMPLES / "paper-incomplete"), "--format",
                           "html", "--as-of", "2024-08-20"], capture_output=True, env=env, timeout=300)
    assert done.returncode == 1
    text = done.stdout.decode("utf-8")  # the page says charset=utf-8: the bytes must be UTF-8
    assert "✓" in text and "✗" in text and "学术成果组成部分" in text


def test_unexpected_measure_shapes_do_not_break_the_report(materials: Materials) -> None:
    from zccheck.reporters.html.view import _photo_measures

    rows = dict(_photo_measures({"aspect": "n/a", "file_kb": None, "faces": "?", "dpi": []}, {}))
    assert rows == {"m.aspect": "n/a"}


def test_report_of_a_zip_shows_pictures_read_from_the_zip() -> None:
    result = run(SAMPLES / "windows-gbk.zip", as_of=AS_OF)
    view = build(result)
    assert view["photo"] is not None and view["photo"]["thumb"].src.startswith("data:image/jpeg;base64,")
    assert view["photo"]["faces"]


def test_heic_photo_says_why_there_is_no_picture() -> None:
    result = run(SAMPLES / "broken-files", as_of=AS_OF)
    photo = build(result)["photo"]
    assert photo["path"].endswith(".heic")
    assert photo["thumb"].src is None and "HEIC" in photo["thumb"].reason_zh


def test_a_phone_heic_photo_is_shown_upright(materials: Materials) -> None:
    """An iPhone photo (HEIC, stored sideways with EXIF orientation 6) is shown as a picture, upright."""
    from test_tidy import heic_bytes

    materials.add("01 基本信息/个人证件照.heic", heic_bytes((579, 413), orientation=6))
    photo = build(run(materials.root, as_of=AS_OF))["photo"]
    assert photo["path"].endswith(".heic")
    thumb = photo["thumb"]
    assert thumb.src is not None and thumb.src.startswith("data:image/jpeg;base64,")
    assert thumb.height > thumb.width


def test_english_report_uses_no_chinese_report_wording() -> None:
    from zccheck.reporters.html.words import words

    html = report_html(run(SAMPLES / "paper-incomplete", as_of=AS_OF, lang="en"))
    for key, zh in words("zh").items():
        if key not in ("colon", "list_sep") and words("en")[key] != zh:
            assert f">{zh}<" not in html, key
    assert "Fix: " in parse(html).text
