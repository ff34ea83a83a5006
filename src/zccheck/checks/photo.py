"""The ID photo (个人相片): a recent 2寸 bareheaded frontal colour ID photo (§三.1).

Each image of the item is measured (content/photo_measure.py) and judged against the options: pixel size
and aspect against the presets (scale-tolerant: a 2x export with the right aspect passes), minimum
resolution, file size, colour, a plain light background, sharpness and exactly one frontal face whose
size and position fit an ID photo. A clear failure is an error (or a warning for what a human might
still accept); a borderline measure is `review`. Every problem carries the measures and the preset in
its details, and every measured photo also gets a `photo-measures` info finding with the same values, so
a report can show "413×579 px (2寸 35×49 mm 预设 413×579)" for a photo that passes.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from zccheck.checks.base import CheckContext, Scope
from zccheck.content.errors import ContentError
from zccheck.findings import Problem
from zccheck.inventory.document import UNDECODED_IMAGE_KINDS, Document, ReadError

ID = "photo"
SCOPE = Scope.ITEM
DEFAULTS: dict[str, Any] = {
    # 2寸 presets: 35×49 mm and 35×53 mm at 300 dpi.
    "presets": [
        {"name": "2寸 35×49 mm", "width": 413, "height": 579},
        {"name": "2寸 35×53 mm", "width": 413, "height": 626},
    ],
    "size_tolerance": 0.03,        # pixel size within 3% of a preset counts as that preset's size
    "aspect_tolerance": 0.03,      # aspect within 3% of a preset passes; up to 2x this is review
    "min_width": 295,              # below this (or min_height) the photo is too small
    "min_height": 413,
    "min_kb": 10,
    "max_kb": 500,
    "max_pixels": 50_000_000,      # refused as a decompression bomb above this
    "require_colour": True,
    "saturation_min": 0.03,        # mean saturation below this: not a colour photo (grey stored as RGB ≈ 0)
    "saturation_ok": 0.06,         # between min and ok: review
    "background_lightness_min": 0.35,
    "background_lightness_ok": 0.45,
    "background_plain_min": 0.70,
    "background_plain_ok": 0.85,
    "sharpness_min": 40.0,
    "sharpness_ok": 80.0,
    "check_faces": True,
    "face_height_min": 0.15,       # face box height / photo height below this: life or half-body photo
    "face_height_ok": 0.25,        # between min and ok: review
    "face_height_max": 0.60,       # above this: review (head cut off or far too close)
    "face_centre_tolerance": 0.15,  # |face centre x - 0.5| above this: review
    "face_top_min": 0.04,          # face box top as a share of the height: outside [min, max] review
    "face_top_max": 0.40,
    "secondary_face_ratio": 0.5,   # another face counts when at least this share of the largest one's height
}

_IMAGE_FORMATS = ("jpeg", "png", "bmp", "gif", "tiff", "webp")


def check(ctx: CheckContext, options: Mapping[str, Any]) -> Iterator[Problem]:
    """Judge every document of the photo item."""
    opts = {**DEFAULTS, **options}
    item = ctx.item
    for doc in ctx.item_documents:
        if doc.read_error or doc.size == 0 or doc.kind == "empty" or doc.cache.get("corrupt"):
            continue  # the file-integrity check reports these
        if item is not None and item.formats and doc.kind not in item.formats:
            continue  # the presence check reports wrong-format-for-item for it
        if doc.kind in UNDECODED_IMAGE_KINDS or (not doc.is_image and doc.kind not in _IMAGE_FORMATS):
            yield from _not_an_image(doc)
            continue
        yield from _judge_document(doc, opts)


def _not_an_image(doc: Document) -> Iterator[Problem]:
    params = {"name": doc.name, "kind": doc.kind.upper()}
    if doc.kind in UNDECODED_IMAGE_KINDS:
        yield Problem("photo-unsupported-format", path=doc.rel_path, params=params,
                      details={"kind": doc.kind})
    else:
        yield Problem("photo-not-image", path=doc.rel_path, params=params, details={"kind": doc.kind})


def _measure(doc: Document, max_pixels: int, faces: bool) -> Any:
    """Memoised measures of `doc`, or the ContentError that measuring raised."""
    from zccheck.content.photo_measure import measure_photo

    def compute() -> Any:
        try:
            return measure_photo(doc.read_bytes(), max_pixels=max_pixels, detect_faces=faces)
        except ContentError as exc:
            return exc

    return doc.memo(f"photo-measures:{max_pixels}:{faces}", compute)


def _judge_document(doc: Document, opts: Mapping[str, Any]) -> Iterator[Problem]:
    name = doc.name
    try:
        result = _measure(doc, int(opts["max_pixels"]), bool(opts["check_faces"]))
    except ReadError as exc:
        yield Problem("photo-unreadable", path=doc.rel_path, params={"name": name, "reason": exc.reason},
                      details={"reason": exc.reason, "detail": exc.detail})
        return
    if isinstance(result, ContentError):
        yield from _content_error(doc, result, opts)
        return
    yield from Judgement(doc, result, opts).problems()


def _content_error(doc: Document, exc: ContentError, opts: Mapping[str, Any]) -> Iterator[Problem]:
    params: dict[str, Any] = {"name": doc.name, "kind": doc.kind.upper(), "reason": exc.detail or exc.reason}
    details = {"reason": exc.reason, "detail": exc.detail}
    if exc.reason == "not-image":
        yield Problem("photo-not-image", path=doc.rel_path, params=params, details=details)
    elif exc.reason == "unsupported":
        yield Problem("photo-unsupported-format", path=doc.rel_path, params=params, details=details)
    elif exc.reason == "bomb":
        width, height = getattr(exc, "width", 0), getattr(exc, "height", 0)
        params.update(width=width, height=height, pixels=width * height, max_pixels=opts["max_pixels"])
        details.update(width=width, height=height, max_pixels=opts["max_pixels"])
        yield Problem("photo-too-many-pixels", path=doc.rel_path, params=params, details=details)
    else:
        yield Problem("photo-unreadable", path=doc.rel_path, params=params, details=details)


class Judgement:
    """The rules applied to one photo's measures."""

    def __init__(self, doc: Document, measures: Any, opts: Mapping[str, Any]) -> None:
        self.doc = doc
        self.m = measures
        self.opts = opts
        # A photo found to be turned by 90°/270° is judged in its corrected orientation.
        turned = measures.face_rotation in (90, 270)
        self.width, self.height = measures.width, measures.height
        if turned:
            self.width, self.height = self.height, self.width
        self.aspect = self.width / self.height
        self.preset = _nearest_preset(opts["presets"], self.aspect)
        self.preset_aspect = self.preset["width"] / self.preset["height"]
        self.deviation = abs(self.aspect - self.preset_aspect) / self.preset_aspect
        self.details = self._details()
        self.base = {
            "name": doc.name,
            "size": f"{measures.width}×{measures.height}",
            "preset_name": self.preset["name"],
            "preset_size": f"{self.preset['width']}×{self.preset['height']}",
        }

    def problems(self) -> Iterator[Problem]:
        """Every problem of this photo, then the `photo-measures` summary."""
        yield from self._size()
        yield from self._file_size()
        yield from self._colour()
        yield from self._background()
        yield from self._sharpness()
        yield from self._faces()
        yield self._problem("photo-measures", **self._summary_params())

    # --- rules ---------------------------------------------------------------------------------------

    def _size(self) -> Iterator[Problem]:
        o = self.opts
        if self.width < o["min_width"] or self.height < o["min_height"]:
            yield self._problem("photo-low-resolution", min_size=f"{o['min_width']}×{o['min_height']}")
        params = {
            "aspect": f"{self.aspect:.3f}",
            "preset_aspect": f"{self.preset_aspect:.3f}",
            "deviation_pct": f"{self.deviation * 100:.1f}",
        }
        if self.deviation > 2 * o["aspect_tolerance"]:
            yield self._problem("photo-wrong-aspect", **params)
        elif self.deviation > o["aspect_tolerance"]:
            yield self._problem("photo-aspect-uncertain", **params)

    def _file_size(self) -> Iterator[Problem]:
        kb = round(self.m.file_kb, 1)
        if kb > self.opts["max_kb"]:
            yield self._problem("photo-file-too-large", kb=kb, max_kb=self.opts["max_kb"])
        elif kb < self.opts["min_kb"]:
            yield self._problem("photo-file-too-small", kb=kb, min_kb=self.opts["min_kb"])

    def _colour(self) -> Iterator[Problem]:
        if not self.opts["require_colour"]:
            return
        saturation = f"{self.m.saturation:.3f}"
        grey_mode = self.m.mode in ("1", "L", "LA", "I", "I;16", "F")
        if grey_mode or self.m.saturation < self.opts["saturation_min"]:
            yield self._problem("photo-not-colour", saturation=saturation)
        elif self.m.saturation < self.opts["saturation_ok"]:
            yield self._problem("photo-colour-uncertain", saturation=saturation)

    def _background(self) -> Iterator[Problem]:
        o, m = self.opts, self.m
        params = {
            "lightness": f"{m.background_lightness:.2f}",
            "plain_pct": f"{m.background_plain * 100:.0f}",
            "background_rgb": "({}, {}, {})".format(*m.background_rgb),
        }
        uncertain = False
        if m.background_lightness < o["background_lightness_min"]:
            yield self._problem("photo-background-dark", **params)
        elif m.background_lightness < o["background_lightness_ok"]:
            uncertain = True
        if m.background_plain < o["background_plain_min"]:
            yield self._problem("photo-background-not-plain", **params)
        elif m.background_plain < o["background_plain_ok"]:
            uncertain = True
        if uncertain:
            yield self._problem("photo-background-uncertain", **params)

    def _sharpness(self) -> Iterator[Problem]:
        o = self.opts
        params = {"sharpness": f"{self.m.sharpness:.0f}", "sharpness_min": f"{o['sharpness_min']:.0f}",
                  "sharpness_ok": f"{o['sharpness_ok']:.0f}"}
        if self.m.sharpness < o["sharpness_min"]:
            yield self._problem("photo-blurry", **params)
        elif self.m.sharpness < o["sharpness_ok"]:
            yield self._problem("photo-sharpness-uncertain", **params)

    def _faces(self) -> Iterator[Problem]:
        o, m = self.opts, self.m
        if not o["check_faces"]:
            return
        if m.faces is None:
            yield self._problem("photo-face-check-unavailable")
            return
        if not m.faces:
            if m.face_rotation:
                yield self._problem("photo-rotated", degrees=m.face_rotation)
            else:
                yield self._problem("photo-no-face")
            return
        faces, sure = _faces_to_judge(m.faces, o["secondary_face_ratio"])
        issues_zh: list[str] = []
        issues_en: list[str] = []
        if not sure:
            issues_zh.append("人脸检测结果不确定（两种检测方法结论不一致）")
            issues_en.append("the face detectors disagree")
        if len(faces) > 1:
            if sure:
                yield self._problem("photo-multiple-faces", count=len(faces))
            else:
                issues_zh.append(f"可能有 {len(faces)} 张人脸")
                issues_en.append(f"maybe {len(faces)} faces")
                yield self._problem("photo-face-uncertain", issues_zh="；".join(issues_zh),
                                    issues_en="; ".join(issues_en), face_pct="", face_ok_pct="")
            return
        face = faces[0]
        share = face.height_share
        size_params = {"face_pct": f"{share * 100:.0f}", "face_ok_pct": f"{o['face_height_ok'] * 100:.0f}"}
        if share < o["face_height_min"] and sure:
            yield self._problem("photo-face-too-small", **size_params)
            return
        if share < o["face_height_ok"]:
            issues_zh.append(f"人脸只占画面高度的 {share:.0%}，头部偏小（可能是半身照）")
            issues_en.append(f"the face is only {share:.0%} of the height (maybe a half-body photo)")
        elif share > o["face_height_max"]:
            issues_zh.append(f"人脸占画面高度的 {share:.0%}，头部过大或被裁切")
            issues_en.append(f"the face is {share:.0%} of the height (too close or cut off)")
        if abs(face.centre_x - 0.5) > o["face_centre_tolerance"]:
            issues_zh.append(f"人脸不在水平中央（中心位于 {face.centre_x:.0%} 处）")
            issues_en.append(f"the face is off-centre (centre at {face.centre_x:.0%} of the width)")
        if face.top_margin < o["face_top_min"]:
            issues_zh.append("头部太靠上")
            issues_en.append("the head is too close to the top edge")
        elif face.top_margin > o["face_top_max"]:
            issues_zh.append(f"头部太靠下（人脸上沿位于 {face.top_margin:.0%} 处）")
            issues_en.append(f"the head is too low (face top at {face.top_margin:.0%} of the height)")
        if issues_zh:
            yield self._problem("photo-face-uncertain", issues_zh="；".join(issues_zh),
                                issues_en="; ".join(issues_en), **size_params)

    # --- helpers -------------------------------------------------------------------------------------

    def _problem(self, code: str, **params: Any) -> Problem:
        return Problem(code, path=self.doc.rel_path, params={**self.base, **params}, details=self.details)

    def _details(self) -> dict[str, Any]:
        o, m = self.opts, self.m
        preset = self.preset
        size_tol = o["size_tolerance"]
        matches = (abs(self.width - preset["width"]) <= preset["width"] * size_tol
                   and abs(self.height - preset["height"]) <= preset["height"] * size_tol)
        faces, sure = None, False
        if m.faces is not None:
            faces, sure = _faces_to_judge(m.faces, o["secondary_face_ratio"])
        return {
            "measures": m.as_dict(),
            "preset": {"name": preset["name"], "width": preset["width"], "height": preset["height"],
                       "aspect": round(self.preset_aspect, 4)},
            "size_text": (f"{m.width}×{m.height} px（{preset['name']} 预设 "
                          f"{preset['width']}×{preset['height']}）"),
            "aspect_deviation": round(self.deviation, 4),
            "matches_preset_size": matches,
            "scale_to_preset": round(self.height / preset["height"], 3),
            "face_count": None if faces is None else len(faces),
            "faces_confirmed": sure,
        }

    def _summary_params(self) -> dict[str, Any]:
        m = self.m
        colourful = m.saturation >= self.opts["saturation_ok"] and m.mode not in ("1", "L", "LA")
        count = self.details["face_count"]
        return {
            "faces_zh": "未检测" if count is None else f"{count} 张",
            "faces_en": "not checked" if count is None else str(count),
            "kb": round(m.file_kb, 1),
            "colour_zh": "彩色" if colourful else "色彩很淡或黑白",
            "colour_en": "colour" if colourful else "faint or no colour",
            "lightness": f"{m.background_lightness:.2f}",
            "sharpness": f"{m.sharpness:.0f}",
        }


def _nearest_preset(presets: Any, aspect: float) -> dict[str, Any]:
    """The preset whose aspect is closest to `aspect` (the first default preset when none is configured)."""
    usable = [p for p in presets
              if isinstance(p, Mapping) and _positive(p.get("width")) and _positive(p.get("height"))]
    if not usable:
        usable = list(DEFAULTS["presets"])
    chosen = dict(min(usable, key=lambda p: abs(aspect - p["width"] / p["height"])))
    chosen.setdefault("name", f"{chosen['width']}×{chosen['height']}")
    return chosen


def _positive(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value > 0


def _faces_to_judge(faces: Any, ratio: float) -> tuple[tuple[Any, ...], bool]:
    """The significant faces to judge and whether they are sure: the faces both detectors saw when there
    are any, else the single detector's (then uncertain)."""
    confirmed = tuple(face for face in faces if getattr(face, "confirmed", True))
    return _significant(confirmed or faces, ratio), bool(confirmed)


def _significant(faces: Any, ratio: float) -> tuple[Any, ...]:
    """The faces at least `ratio` as tall as the largest (smaller detections are background or noise)."""
    if not faces:
        return ()
    tallest = max(face.h for face in faces)
    return tuple(face for face in faces if face.h >= ratio * tallest)
