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
    # Framing, from the Chinese ID-photo norms (2寸 35×49 mm: head about 2/3 of the height, top of the head
    # 3–5 mm below the edge, centred, shoulders showing). The face box (Haar: eyebrows to chin) is about 0.6
    # of the head's height, so a head of 2/3 gives a box of ≈ 0.35–0.45 of the height; the committed photo
    # has 0.32. A box under 0.22 means a head under about 1/3 of the height: a half-body or life photo.
    "face_height_min": 0.22,       # face box height / photo height below this: half-body photo (error)
    "face_height_ok": 0.25,        # between min and ok: framing issue (review)
    "face_height_max": 0.60,       # above this: framing issue (head cut off or far too close)
    "face_width_min": 0.30,        # face box width / photo width below this: half-body photo (error)
    "face_width_ok": 0.35,         # between min and ok: framing issue
    "face_centre_tolerance": 0.15,  # |face centre x - 0.5| above this: framing issue
    "face_top_min": 0.04,          # face box top as a share of the height: outside [min, max] framing issue
    "face_top_max": 0.40,
    "shoulders_min": 0.25,         # share of the bottom edge not in the backdrop colour below this: no shoulders
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
        self.faces: tuple[Any, ...] = ()
        self.sure = False
        if measures.faces is not None:
            self.faces, self.sure = _faces_to_judge(measures.faces, opts["secondary_face_ratio"])
        # One person found: a busy or borderline background is judged with the framing (portrait verdict).
        self.portrait = bool(opts["check_faces"]) and len(self.faces) == 1
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

    def _background_params(self) -> dict[str, Any]:
        m = self.m
        return {
            "lightness": f"{m.background_lightness:.2f}",
            "plain_pct": f"{m.background_plain * 100:.0f}",
            "background_rgb": "({}, {}, {})".format(*m.background_rgb),
        }

    def _busy(self) -> bool:
        """The backdrop is clearly not plain."""
        return self.m.background_plain < self.opts["background_plain_min"]

    def _background_borderline(self) -> bool:
        """The backdrop is between clearly fine and clearly wrong (plainness or lightness)."""
        o, m = self.opts, self.m
        return (not self._busy() and (m.background_plain < o["background_plain_ok"]
                or o["background_lightness_min"] <= m.background_lightness < o["background_lightness_ok"]))

    def _background(self) -> Iterator[Problem]:
        o, m = self.opts, self.m
        params = self._background_params()
        if m.background_lightness < o["background_lightness_min"]:
            yield self._problem("photo-background-dark", **params)
        if self.portrait:
            return  # plainness is judged together with the framing (`_faces`)
        if self._busy():
            yield self._problem("photo-background-not-plain", **params)
        elif self._background_borderline():
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
        faces, sure = self.faces, self.sure
        if len(faces) > 1:
            if sure:
                yield self._problem("photo-multiple-faces", count=len(faces))
            else:
                yield self._problem("photo-face-uncertain", issues_zh=f"人脸检测结果不确定，可能有 {len(faces)} 张人脸",
                                    issues_en=f"the face detectors disagree; maybe {len(faces)} faces",
                                    face_pct="", face_ok_pct="")
            return
        yield from self._portrait(faces[0], sure)

    def _portrait(self, face: Any, sure: bool) -> Iterator[Problem]:
        """One person: framing (head size and place, shoulders) and backdrop judged together.

        A head clearly too small is `photo-face-too-small`; a busy backdrop behind a person, or a borderline
        backdrop together with a smallish head, is `photo-not-id-photo` (a life or half-body photo);
        framing issues on a plain backdrop are `photo-face-uncertain` (review), and so is a borderline
        backdrop alone (`photo-background-uncertain`).
        """
        o = self.opts
        size_params = {"face_pct": f"{face.h * 100:.0f}", "face_ok_pct": f"{o['face_height_ok'] * 100:.0f}"}
        half_body = sure and (face.h < o["face_height_min"] or face.w < o["face_width_min"])
        if half_body:
            yield self._problem("photo-face-too-small", **size_params)
        framing = [] if half_body else self._framing_issues(face)
        if not sure:
            framing.insert(0, ("人脸检测结果不确定（两种检测方法结论不一致）", "the face detectors disagree"))
        background = self._background_issue()
        busy = self._busy()
        small_head = face.h < o["face_height_ok"] or face.w < o["face_width_ok"]
        if busy or (background and small_head and sure):
            issues = ([background] if background else []) + framing
            if half_body:
                issues.append((f"人脸只占画面高度的 {face.h:.0%}，像半身照",
                               f"the face is only {face.h:.0%} of the height"))
            yield self._problem("photo-not-id-photo", issues_zh="；".join(zh for zh, _ in issues),
                                issues_en="; ".join(en for _, en in issues), **size_params,
                                **self._background_params())
            return
        if background:
            yield self._problem("photo-background-uncertain", **self._background_params())
        if framing:
            yield self._problem("photo-face-uncertain", issues_zh="；".join(zh for zh, _ in framing),
                                issues_en="; ".join(en for _, en in framing), **size_params)

    def _background_issue(self) -> tuple[str, str] | None:
        """The backdrop's problem as (zh, en) when it is busy or borderline, else None."""
        m = self.m
        if self._busy():
            return (f"背景不是纯色（边缘只有 {m.background_plain:.0%} 接近背景主色）",
                    f"the background is busy (only {m.background_plain:.0%} of the border is the backdrop colour)")
        if self._background_borderline():
            return (f"背景不够纯净或偏暗（纯色占比 {m.background_plain:.0%}，亮度 {m.background_lightness:.2f}）",
                    f"the background is not quite plain or light (plain {m.background_plain:.0%}, "
                    f"lightness {m.background_lightness:.2f})")
        return None

    def _framing_issues(self, face: Any) -> list[tuple[str, str]]:
        """(zh, en) framing issues of one face against the ID-photo norms, in the options' thresholds."""
        o, m = self.opts, self.m
        issues: list[tuple[str, str]] = []
        if face.h < o["face_height_ok"]:
            issues.append((f"人脸只占画面高度的 {face.h:.0%}，头部偏小（可能是半身照）",
                           f"the face is only {face.h:.0%} of the height (maybe a half-body photo)"))
        elif face.h > o["face_height_max"]:
            issues.append((f"人脸占画面高度的 {face.h:.0%}，头部过大或被裁切",
                           f"the face is {face.h:.0%} of the height (too close or cut off)"))
        if face.w < o["face_width_ok"] and face.h >= o["face_height_ok"]:
            issues.append((f"人脸只占画面宽度的 {face.w:.0%}，头部偏窄（可能是半身照）",
                           f"the face is only {face.w:.0%} of the width (maybe a half-body photo)"))
        if abs(face.centre_x - 0.5) > o["face_centre_tolerance"]:
            issues.append((f"人脸不在水平中央（中心位于 {face.centre_x:.0%} 处）",
                           f"the face is off-centre (centre at {face.centre_x:.0%} of the width)"))
        if face.top_margin < o["face_top_min"]:
            issues.append(("头部太靠上", "the head is too close to the top edge"))
        elif face.top_margin > o["face_top_max"]:
            issues.append((f"头部太靠下（人脸上沿位于 {face.top_margin:.0%} 处）",
                           f"the head is too low (face top at {face.top_margin:.0%} of the height)"))
        if m.bottom_cover < o["shoulders_min"]:
            issues.append(("下边缘看不到双肩（只露出头部）", "no shoulders along the bottom edge (a head only)"))
        return issues

    # --- helpers -------------------------------------------------------------------------------------

    def _problem(self, code: str, **params: Any) -> Problem:
        return Problem(code, path=self.doc.rel_path, params={**self.base, **params}, details=self.details)

    def _details(self) -> dict[str, Any]:
        o, m = self.opts, self.m
        preset = self.preset
        size_tol = o["size_tolerance"]
        matches = (abs(self.width - preset["width"]) <= preset["width"] * size_tol
                   and abs(self.height - preset["height"]) <= preset["height"] * size_tol)
        faces = None if m.faces is None else self.faces
        sure = self.sure
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
