"""The photo check on the committed 2寸 ID photo and on failing variants derived from it.

Face tests use OpenCV's bundled Haar cascades for real (the `vision` extra); they are skipped only where
OpenCV is not installed, and a separate test covers that case (review, never a crash or a pass).
"""

from __future__ import annotations

import dataclasses
import importlib.util
import io
import random
import sys
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFilter

from zccheck.catalogue import CATALOGUE
from zccheck.checklist.loader import load_checklist
from zccheck.checks import REGISTRY, photo
from zccheck.checks.base import CheckContext, Scope
from zccheck.classify.model import Classification
from zccheck.facts import Facts
from zccheck.findings import Problem, Severity
from zccheck.inventory.document import Document

ROOT = Path(__file__).resolve().parents[1]
ASSET = ROOT / "samples" / "assets" / "id-photo-413x579.jpg"
CHECKLIST = load_checklist(str(ROOT / "checklists" / "liudong-2024-engineering.toml"))
PHOTO_ITEM = CHECKLIST.items["photo"]
PHOTO_OPTIONS = next(use.options for use in PHOTO_ITEM.checks if use.id == "photo")

needs_cv2 = pytest.mark.skipif(importlib.util.find_spec("cv2") is None,
                               reason="face detection needs opencv-python-headless")


# --- helpers ---------------------------------------------------------------------------------------------


def document(data: bytes, name: str = "1基本信息/个人相片.jpg", kind: str = "jpeg") -> Document:
    """A Document over in-memory bytes."""
    return Document(rel_path=name, size=len(data), kind=kind, extension_kind=kind, sha256=None,
                    _reader=lambda: data)


def run_photo(data: bytes, *, name: str = "1基本信息/个人相片.jpg", kind: str = "jpeg",
              options: Mapping[str, Any] | None = None, item: Any = PHOTO_ITEM) -> list[Problem]:
    """Run the photo check as the engine would on one file of the photo item."""
    doc = document(data, name, kind)
    ctx = CheckContext(facts=Facts(), checklist=CHECKLIST, as_of=date(2024, 8, 20), documents=(doc,),
                       classification=Classification(by_item={"photo": [doc]}), item=item,
                       item_documents=(doc,))
    return list(photo.check(ctx, {**PHOTO_OPTIONS, **(options or {})}))


def codes_of(problems: list[Problem]) -> set[str]:
    """Codes other than the always-present measures summary."""
    return {p.code for p in problems} - {"photo-measures"}


def one(problems: list[Problem], code: str) -> Problem:
    found = [p for p in problems if p.code == code]
    assert len(found) == 1, [p.code for p in problems]
    return found[0]


def asset() -> Image.Image:
    return Image.open(ASSET).convert("RGB")


def jpeg(image: Image.Image, quality: int = 90, **options: Any) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality, **options)
    return out.getvalue()


def busy_background(size: tuple[int, int], seed: int = 7) -> Image.Image:
    """A colourful, cluttered scene: what a snapshot has behind the person."""
    rng = random.Random(seed)
    image = Image.new("RGB", size, (120, 90, 60))
    draw = ImageDraw.Draw(image)
    for _ in range(160):
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        w, h = rng.randrange(10, 90), rng.randrange(10, 90)
        colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
        draw.rectangle((x, y, x + w, y + h), fill=colour)
    return image


def on_background(colour: tuple[int, int, int]) -> Image.Image:
    """The asset with its plain backdrop flood-filled with `colour`."""
    image = asset()
    for corner in ((0, 0), (image.width - 1, 0)):
        ImageDraw.floodfill(image, corner, colour, thresh=24)
    return image


# --- module contract -------------------------------------------------------------------------------------


def test_registered_with_item_scope() -> None:
    assert REGISTRY["photo"] is photo
    assert photo.SCOPE is Scope.ITEM
    assert photo.DEFAULTS["presets"][0] == {"name": "2寸 35×49 mm", "width": 413, "height": 579}


def test_checklist_uses_the_photo_check() -> None:
    assert [use.id for use in PHOTO_ITEM.checks] == ["photo"]
    assert PHOTO_OPTIONS["presets"][1]["height"] == 626


# --- pass ------------------------------------------------------------------------------------------------


@needs_cv2
def test_asset_passes_with_measures_against_the_preset() -> None:
    problems = run_photo(ASSET.read_bytes())
    assert codes_of(problems) == set()
    summary = one(problems, "photo-measures")
    assert CATALOGUE["photo-measures"].severity is Severity.INFO
    details = summary.details
    assert details["measures"]["width"] == 413 and details["measures"]["height"] == 579
    assert details["preset"] == {"name": "2寸 35×49 mm", "width": 413, "height": 579, "aspect": 0.7133}
    assert details["size_text"] == "413×579 px（2寸 35×49 mm 预设 413×579）"
    assert details["matches_preset_size"] is True
    assert details["face_count"] == 1
    assert summary.path == "1基本信息/个人相片.jpg"
    message = CATALOGUE["photo-measures"].message("zh", summary.params)
    assert "413×579" in message and "2寸 35×49 mm" in message


@needs_cv2
def test_double_resolution_export_passes() -> None:
    big = asset().resize((826, 1158), Image.Resampling.LANCZOS)
    problems = run_photo(jpeg(big, quality=92))
    assert codes_of(problems) == set()
    details = one(problems, "photo-measures").details
    assert details["matches_preset_size"] is False
    assert details["scale_to_preset"] == pytest.approx(2.0, rel=0.01)


@needs_cv2
def test_35x53_preset_is_recognised() -> None:
    taller = Image.new("RGB", (413, 626), (246, 248, 250))
    taller.paste(asset(), (0, 47))
    problems = run_photo(jpeg(taller))
    assert "photo-wrong-aspect" not in codes_of(problems)
    assert one(problems, "photo-measures").details["preset"]["height"] == 626


@needs_cv2
def test_exif_rotated_phone_photo_passes() -> None:
    exif = Image.Exif()
    exif[0x0112] = 6
    problems = run_photo(jpeg(asset().rotate(90, expand=True), exif=exif.tobytes()))
    assert codes_of(problems) == set()


# --- failures --------------------------------------------------------------------------------------------


def test_grey_stored_as_rgb_is_not_colour() -> None:
    problems = run_photo(jpeg(asset().convert("L").convert("RGB")))
    assert "photo-not-colour" in codes_of(problems)
    assert float(one(problems, "photo-not-colour").params["saturation"]) < 0.01
    assert CATALOGUE["photo-not-colour"].severity is Severity.ERROR


def test_greyscale_mode_is_not_colour() -> None:
    assert "photo-not-colour" in codes_of(run_photo(jpeg(asset().convert("L"))))


def test_faint_colour_is_review() -> None:
    faded = Image.blend(asset().convert("L").convert("RGB"), asset(), 0.15)
    problems = run_photo(jpeg(faded))
    assert "photo-colour-uncertain" in codes_of(problems)
    assert "photo-not-colour" not in codes_of(problems)


@needs_cv2
def test_no_face() -> None:
    landscape = busy_background((413, 579))
    problems = run_photo(jpeg(landscape))
    assert "photo-no-face" in codes_of(problems)
    assert CATALOGUE["photo-no-face"].severity is Severity.ERROR


@needs_cv2
def test_two_faces_composite() -> None:
    canvas = Image.new("RGB", (413, 579), (246, 248, 250))
    half = asset().resize((206, 289), Image.Resampling.LANCZOS)
    canvas.paste(half, (0, 150))
    canvas.paste(half, (207, 150))
    problems = run_photo(jpeg(canvas))
    assert "photo-multiple-faces" in codes_of(problems)
    assert one(problems, "photo-multiple-faces").params["count"] == 2
    assert one(problems, "photo-multiple-faces").details["face_count"] == 2


@needs_cv2
def test_small_face_life_photo() -> None:
    scene = busy_background((413, 579))
    person = asset().resize((150, 210), Image.Resampling.LANCZOS)  # a person far from the camera
    scene.paste(person, (130, 200))
    problems = run_photo(jpeg(scene))
    found = codes_of(problems)
    assert found == {"photo-face-too-small", "photo-not-id-photo"}
    small = one(problems, "photo-face-too-small")
    assert int(small.params["face_pct"]) < 15
    assert small.details["measures"]["faces"][0]["height_share"] < 0.15
    assert "背景不是纯色" in one(problems, "photo-not-id-photo").params["issues_zh"]


def scaled_on_plain(scale: float) -> Image.Image:
    """The asset shrunk by `scale`, standing on the bottom edge of a plain 413×579 frame (more body, smaller
    head: the framing of a half-body photo as the scale drops)."""
    frame = Image.new("RGB", (413, 579), (246, 248, 250))
    width, height = round(413 * scale), round(579 * scale)
    frame.paste(asset().resize((width, height), Image.Resampling.LANCZOS), ((413 - width) // 2, 579 - height))
    return frame


@needs_cv2
def test_half_body_framing_on_plain_background_is_an_error() -> None:
    problems = run_photo(jpeg(scaled_on_plain(0.6)))  # face box ≈ 19% of the height
    assert codes_of(problems) == {"photo-face-too-small"}
    assert CATALOGUE["photo-face-too-small"].severity is Severity.ERROR


@needs_cv2
def test_slightly_small_head_on_plain_background_is_review() -> None:
    problems = run_photo(jpeg(scaled_on_plain(0.8)))  # face box ≈ 23%: between 22% and 25%
    assert codes_of(problems) == {"photo-face-uncertain"}
    assert "头部偏小" in one(problems, "photo-face-uncertain").params["issues_zh"]
    assert CATALOGUE["photo-face-uncertain"].severity is Severity.REVIEW


@needs_cv2
def test_off_centre_face_is_review() -> None:
    frame = Image.new("RGB", (413, 579), (246, 248, 250))
    frame.paste(asset(), (100, 0))
    problems = run_photo(jpeg(frame))
    assert "photo-face-uncertain" in codes_of(problems)
    assert "不在水平中央" in one(problems, "photo-face-uncertain").params["issues_zh"]


@needs_cv2
def test_face_seen_by_one_detector_only_is_review(monkeypatch: pytest.MonkeyPatch) -> None:
    from zccheck.content import photo_measure

    monkeypatch.setattr(photo_measure, "_seen_near", lambda *args: False)
    problems = run_photo(ASSET.read_bytes())
    uncertain = one(problems, "photo-face-uncertain")
    assert "不确定" in uncertain.params["issues_zh"]
    assert uncertain.details["faces_confirmed"] is False
    assert not {"photo-no-face", "photo-rotated"} & codes_of(problems)


def test_tiny_photo_is_low_resolution() -> None:
    problems = run_photo(jpeg(asset().resize((102, 143), Image.Resampling.LANCZOS)))
    low = one(problems, "photo-low-resolution")
    assert low.params["size"] == "102×143"
    assert low.params["min_size"] == "295×413"
    assert low.details["measures"]["width"] == 102


@needs_cv2
def test_square_crop_is_wrong_aspect() -> None:
    problems = run_photo(jpeg(asset().crop((0, 0, 413, 413))))
    wrong = one(problems, "photo-wrong-aspect")
    assert wrong.params["aspect"] == "1.000"
    assert wrong.details["aspect_deviation"] > 0.3


def test_three_by_four_is_aspect_review() -> None:
    wider = Image.new("RGB", (434, 579), (246, 248, 250))  # 3:4, 5% off 35:49
    wider.paste(asset(), (10, 0))
    problems = run_photo(jpeg(wider))
    assert "photo-aspect-uncertain" in codes_of(problems)
    assert "photo-wrong-aspect" not in codes_of(problems)


def test_dark_background() -> None:
    problems = run_photo(jpeg(on_background((35, 35, 45))))
    assert "photo-background-dark" in codes_of(problems)
    assert one(problems, "photo-background-dark").details["measures"]["background_lightness"] < 0.3


def test_standard_blue_background_passes() -> None:
    problems = run_photo(jpeg(on_background((67, 142, 219))))
    assert not {"photo-background-dark", "photo-background-uncertain"} & codes_of(problems)


def test_busy_background_behind_a_person_is_not_an_id_photo() -> None:
    person = asset()
    keyed = person.copy()
    for corner in ((0, 0), (person.width - 1, 0)):
        ImageDraw.floodfill(keyed, corner, (0, 255, 0), thresh=24)
    sentinel = Image.new("RGB", person.size, (0, 255, 0))
    mask = ImageChops.difference(keyed, sentinel).convert("L").point(lambda v: 255 if v else 0)
    scene = busy_background(person.size)
    scene.paste(person, mask=mask)
    problems = run_photo(jpeg(scene))
    if importlib.util.find_spec("cv2") is None:  # no face check: the backdrop alone is judged
        assert "photo-background-not-plain" in codes_of(problems)
        return
    assert codes_of(problems) == {"photo-not-id-photo"}
    wrong = one(problems, "photo-not-id-photo")
    assert int(wrong.params["plain_pct"]) < 70
    assert "背景不是纯色" in wrong.params["issues_zh"]
    assert CATALOGUE["photo-not-id-photo"].severity is Severity.ERROR


@needs_cv2
def test_busy_background_without_a_face_is_a_warning() -> None:
    problems = run_photo(jpeg(busy_background((413, 579))))
    assert {"photo-no-face", "photo-background-not-plain"} <= codes_of(problems)
    assert "photo-not-id-photo" not in codes_of(problems)


def test_blurred_photo() -> None:
    problems = run_photo(jpeg(asset().filter(ImageFilter.GaussianBlur(2.5))))
    blurry = one(problems, "photo-blurry")
    assert float(blurry.params["sharpness"]) < 40
    assert CATALOGUE["photo-blurry"].severity is Severity.WARNING


@needs_cv2
def test_sideways_photo_without_exif_is_rotated() -> None:
    problems = run_photo(jpeg(asset().rotate(90, expand=True)))
    turned = one(problems, "photo-rotated")
    assert turned.params["degrees"] == 90
    assert "photo-wrong-aspect" not in codes_of(problems)  # judged as it will be once turned


def test_file_too_large_suggests_the_preset_size() -> None:
    big = asset().resize((826, 1158), Image.Resampling.LANCZOS)
    problems = run_photo(jpeg(big, quality=95), options={"max_kb": 50})
    large = one(problems, "photo-file-too-large")
    assert large.params["preset_size"] == "413×579"
    assert "413×579" in CATALOGUE["photo-file-too-large"].hint("zh", large.params)


def test_file_too_small() -> None:
    problems = run_photo(jpeg(asset(), quality=5), options={"min_kb": 20})
    assert "photo-file-too-small" in codes_of(problems)


# --- bad input and other formats -------------------------------------------------------------------------


def test_pdf_photo_when_item_has_no_format_list() -> None:
    item = dataclasses.replace(PHOTO_ITEM, formats=())
    problems = run_photo(b"%PDF-1.4\n%%EOF\n", name="1基本信息/个人相片.pdf", kind="pdf", item=item)
    assert [p.code for p in problems] == ["photo-not-image"]
    hint = CATALOGUE["photo-not-image"].hint("zh", problems[0].params)
    assert "不要把照片放进 PDF" in hint


def test_pdf_photo_left_to_presence_when_formats_are_listed() -> None:
    assert run_photo(b"%PDF-1.4\n%%EOF\n", name="个人相片.pdf", kind="pdf") == []


def test_heic_photo() -> None:
    item = dataclasses.replace(PHOTO_ITEM, formats=())
    heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64
    problems = run_photo(heic, name="个人相片.HEIC", kind="heic", item=item)
    assert [p.code for p in problems] == ["photo-unsupported-format"]
    # Not among the item's formats: the presence check reports it.
    assert run_photo(heic, name="个人相片.HEIC", kind="heic") == []


def test_truncated_jpeg_is_unreadable() -> None:
    data = ASSET.read_bytes()
    problems = run_photo(data[: len(data) // 3])
    assert [p.code for p in problems] == ["photo-unreadable"]


def test_image_claiming_jpeg_but_garbage() -> None:
    problems = run_photo(b"\xff\xd8\xff\xe0 not really a jpeg" * 10)
    assert [p.code for p in problems] in (["photo-unreadable"], ["photo-not-image"])


def test_decompression_bomb() -> None:
    out = io.BytesIO()
    Image.new("1", (12000, 9000)).save(out, "PNG")
    problems = run_photo(out.getvalue(), name="个人相片.png", kind="png")
    assert [p.code for p in problems] == ["photo-too-many-pixels"]
    assert problems[0].params["width"] == 12000 and problems[0].params["height"] == 9000


def test_unreadable_or_corrupt_documents_are_left_to_file_integrity() -> None:
    doc = document(ASSET.read_bytes())
    doc.read_error = "permission denied"
    ctx = CheckContext(facts=Facts(), checklist=CHECKLIST, as_of=date(2024, 8, 20), documents=(doc,),
                       classification=Classification(), item=PHOTO_ITEM, item_documents=(doc,))
    assert list(photo.check(ctx, PHOTO_OPTIONS)) == []


def test_without_opencv_face_check_is_review(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "cv2", None)
    problems = run_photo(ASSET.read_bytes())
    assert codes_of(problems) == {"photo-face-check-unavailable"}
    assert CATALOGUE["photo-face-check-unavailable"].severity is Severity.REVIEW
    assert "zccheck[vision]" in CATALOGUE["photo-face-check-unavailable"].hint("zh", {})


def test_every_code_is_catalogued_and_renders() -> None:
    images = [jpeg(asset()), jpeg(asset().convert("L")), jpeg(on_background((35, 35, 45))),
              jpeg(asset().resize((102, 143))), jpeg(asset().crop((0, 0, 413, 413)))]
    seen: set[str] = set()
    for data in images:
        for problem in run_photo(data):
            spec = CATALOGUE[problem.code]
            for lang in ("zh", "en"):
                text = spec.message(lang, problem.params) + spec.hint(lang, problem.params)
                assert "{" not in text and "}" not in text
            seen.add(problem.code)
    assert {"photo-measures", "photo-not-colour", "photo-background-dark", "photo-low-resolution"} <= seen
    assert all(code.startswith("photo-") for code in seen)


@needs_cv2
def test_asset_script_reproduces_the_committed_photo() -> None:
    pytest.importorskip("skimage")
    script = ROOT / "samples" / "assets" / "make_id_photo.py"
    spec = importlib.util.spec_from_file_location("make_id_photo", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    fresh = module.make_id_photo()
    assert len(fresh) <= 80 * 1024
    assert codes_of(run_photo(fresh)) == set()
    # Same picture as the committed one (bytes may differ across Pillow/OpenCV builds).
    difference = ImageChops.difference(Image.open(io.BytesIO(fresh)).convert("L"), asset().convert("L"))
    histogram = difference.histogram()
    mean_difference = sum(level * count for level, count in enumerate(histogram)) / sum(histogram)
    assert mean_difference < 3


# --- framing and background together: exact boundaries on measured values -------------------------------

FRAMING_KEYS = ("face_height_min", "face_height_ok", "face_height_max", "face_width_min", "face_width_ok",
                "face_centre_tolerance", "face_top_min", "face_top_max", "shoulders_min", "background_plain_min",
                "background_plain_ok", "background_lightness_min", "background_lightness_ok")


def test_framing_thresholds_are_checklist_data_pinned_to_the_defaults() -> None:
    assert {key: PHOTO_OPTIONS[key] for key in FRAMING_KEYS} == {key: photo.DEFAULTS[key] for key in FRAMING_KEYS}
    assert (photo.DEFAULTS["face_height_min"], photo.DEFAULTS["face_height_ok"]) == (0.22, 0.25)
    assert (photo.DEFAULTS["face_width_min"], photo.DEFAULTS["face_width_ok"]) == (0.30, 0.35)
    assert photo.DEFAULTS["shoulders_min"] == 0.25
    assert (photo.DEFAULTS["background_plain_min"], photo.DEFAULTS["background_plain_ok"]) == (0.70, 0.85)


def judge(*, h: float = 0.32, w: float = 0.44, x: float | None = None, y: float = 0.2, plain: float = 1.0,
          lightness: float = 0.97, cover: float = 1.0, confirmed: bool = True) -> set[str]:
    """Codes of the photo rules on the asset's measures with one face box and backdrop values replaced."""
    from zccheck.content.photo_measure import FaceBox, measure_photo

    base = measure_photo(ASSET.read_bytes(), detect_faces=False)
    face = FaceBox(0.5 - w / 2 if x is None else x, y, w, h, confirmed=confirmed)
    measures = dataclasses.replace(base, faces=(face,), background_plain=plain, background_lightness=lightness,
                                   bottom_cover=cover)
    options = {**photo.DEFAULTS, **PHOTO_OPTIONS}
    return codes_of(list(photo.Judgement(document(ASSET.read_bytes()), measures, options).problems()))


def test_measured_asset_values_are_clean() -> None:
    assert judge() == set()


@pytest.mark.parametrize(("h", "expected"), [
    (0.22, {"photo-face-uncertain"}), (0.2199, {"photo-face-too-small"}),
    (0.25, set()), (0.2499, {"photo-face-uncertain"}),
    (0.60, set()), (0.6001, {"photo-face-uncertain"}),
])
def test_face_height_boundaries(h: float, expected: set[str]) -> None:
    assert judge(h=h, w=0.44, y=0.1) == expected


@pytest.mark.parametrize(("w", "expected"), [
    (0.30, {"photo-face-uncertain"}), (0.2999, {"photo-face-too-small"}),
    (0.35, set()), (0.3499, {"photo-face-uncertain"}),
])
def test_face_width_boundaries(w: float, expected: set[str]) -> None:
    assert judge(w=w) == expected


def test_unconfirmed_small_face_is_review_not_error() -> None:
    assert judge(h=0.18, confirmed=False) == {"photo-face-uncertain"}


@pytest.mark.parametrize(("centre", "expected"), [(0.6499, set()), (0.6501, {"photo-face-uncertain"}),
                                                  (0.3501, set()), (0.3499, {"photo-face-uncertain"})])
def test_face_centre_boundaries(centre: float, expected: set[str]) -> None:
    assert judge(x=centre - 0.22, w=0.44) == expected


@pytest.mark.parametrize(("top", "expected"), [(0.04, set()), (0.0399, {"photo-face-uncertain"}),
                                               (0.40, set()), (0.4001, {"photo-face-uncertain"})])
def test_face_top_boundaries(top: float, expected: set[str]) -> None:
    assert judge(y=top) == expected


@pytest.mark.parametrize(("cover", "expected"), [(0.25, set()), (0.2499, {"photo-face-uncertain"})])
def test_shoulders_boundary(cover: float, expected: set[str]) -> None:
    assert judge(cover=cover) == expected


@pytest.mark.parametrize(("plain", "expected"), [
    (0.70, {"photo-background-uncertain"}), (0.6999, {"photo-not-id-photo"}),
    (0.85, set()), (0.8499, {"photo-background-uncertain"}),
])
def test_background_plainness_boundaries_behind_a_person(plain: float, expected: set[str]) -> None:
    assert judge(plain=plain) == expected


def test_borderline_background_with_a_smallish_head_is_not_an_id_photo() -> None:
    assert judge(plain=0.80, h=0.24) == {"photo-not-id-photo"}
    assert judge(plain=0.80, h=0.25) == {"photo-background-uncertain"}
    assert judge(plain=0.80, w=0.34) == {"photo-not-id-photo"}
    assert judge(lightness=0.44, h=0.24) == {"photo-not-id-photo"}
    assert judge(lightness=0.45, h=0.24) == {"photo-face-uncertain"}
    # Off-centre is a framing issue, not a life-photo sign: review, not an error.
    assert judge(plain=0.80, x=0.5) == {"photo-background-uncertain", "photo-face-uncertain"}


def test_half_body_on_busy_background_gets_both_errors() -> None:
    assert judge(h=0.19, w=0.27, plain=0.45) == {"photo-face-too-small", "photo-not-id-photo"}


def test_not_id_photo_message_renders() -> None:
    spec = CATALOGUE["photo-not-id-photo"]
    params = {"name": "a.jpg", "issues_zh": "背景不是纯色", "issues_en": "busy"}
    assert "生活照" in spec.message("zh", params) and "2/3" in spec.hint("zh", params)


# --- real portraits: skimage.data.astronaut() (NASA, public domain) --------------------------------------


def astronaut() -> Image.Image:
    data = pytest.importorskip("skimage.data")
    return Image.fromarray(data.astronaut())


@needs_cv2
@pytest.mark.parametrize("box", [(60, 0, 426, 512), (0, 0, 366, 512), None])
def test_astronaut_half_body_with_flag_and_spacecraft_is_an_error(box: tuple[int, int, int, int] | None) -> None:
    portrait = astronaut()
    cropped = portrait.crop(box) if box else portrait
    problems = run_photo(jpeg(cropped.resize((413, 579), Image.Resampling.LANCZOS)))
    assert codes_of(problems) == {"photo-face-too-small", "photo-not-id-photo"}
    assert all(CATALOGUE[code].severity is Severity.ERROR for code in codes_of(problems))
    assert one(problems, "photo-not-id-photo").path == "1基本信息/个人相片.jpg"


@needs_cv2
@pytest.mark.parametrize("share", [0.28, 0.33])
def test_astronaut_cropped_to_head_and_shoulders_is_clean(share: float) -> None:
    """The same NASA portrait cropped to ID framing: the flag and spacecraft are out of the frame and the
    studio's mottled grey backdrop is plain enough; a real studio portrait passes."""
    import cv2
    import numpy as np

    portrait = astronaut()
    grey = cv2.cvtColor(np.asarray(portrait), cv2.COLOR_RGB2GRAY)
    cascade = cv2.CascadeClassifier(cv2.data.haarcascades + "haarcascade_frontalface_default.xml")
    fx, fy, fw, fh = max(cascade.detectMultiScale(grey, 1.1, 5, minSize=(40, 40)), key=lambda b: b[2] * b[3])
    height = round(fh / share)  # ID framing: face box about a third of the height, centred
    width = round(height * 413 / 579)
    left, top = round(fx + fw / 2 - width / 2), max(0, round(fy - 0.2 * height))
    crop = portrait.crop((left, top, left + width, top + height)).resize((413, 579), Image.Resampling.LANCZOS)
    problems = run_photo(jpeg(crop))
    assert codes_of(problems) == set()
    assert one(problems, "photo-measures").details["measures"]["background_plain"] >= 0.85


def make_portrait(face_share: float, face_top: float, background: tuple[int, int, int]) -> bytes:
    """The astronaut's face and shoulders composited onto a uniform backdrop (samples/assets/make_id_photo.py
    with other framing and backdrop colours)."""
    pytest.importorskip("skimage")
    script = ROOT / "samples" / "assets" / "make_id_photo.py"
    spec = importlib.util.spec_from_file_location("make_id_photo_variant", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.FACE_SHARE, module.FACE_TOP, module.BACKGROUND = face_share, face_top, background
    return module.make_id_photo()


@needs_cv2
@pytest.mark.parametrize(("share", "top", "background"), [
    (0.28, 0.20, (200, 225, 245)),   # light blue, a smaller head
    (0.33, 0.22, (235, 235, 235)),   # light grey
    (0.36, 0.17, (255, 255, 255)),   # white, a larger head
    (0.40, 0.15, (67, 142, 219)),    # standard ID blue, head about 2/3 of the height
])
def test_plain_background_studio_portraits_are_clean(share: float, top: float,
                                                     background: tuple[int, int, int]) -> None:
    problems = run_photo(make_portrait(share, top, background))
    assert codes_of(problems) == set()
    assert one(problems, "photo-measures").details["face_count"] == 1
