"""`zccheck tidy`: the upload-ready copy, its refusals, and that `scan DST` finds what `scan SRC` found."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import stat
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import FACTS, Materials, jpeg_bytes, pdf_bytes
from zccheck.checklist.loader import load_checklist, resolve_checklist
from zccheck.classify.classifier import classify, names_material
from zccheck.engine import ScanOptions, classify_inventory
from zccheck.engine import scan as run_scan
from zccheck.inventory.document import Document
from zccheck.inventory.materials import open_materials
from zccheck.inventory.model import Inventory
from zccheck.tidy.images import MAX_QUALITY, to_jpeg
from zccheck.tidy.plan import DUPLICATE, PLACE, UNRECOGNISED, plan_tidy, upload_limit

runner = CliRunner()
CHECKLIST = load_checklist(resolve_checklist(None))
# Codes about names and about what tidy itself fixes (copies, HEIC, sizes): absent from scan DST by design.
TIDY_FIXES = {"unrecognised-file", "ambiguous-file", "duplicate-copies", "top-folder-unwrapped",
              "photo-file-too-large", "file-too-large", "extension-mismatch"}
# A HEIC photo cannot be measured; once tidy made it a JPEG the photo checks run on it.
HEIC_KINDS = {"convert-before-upload", "unsupported-format", "wrong-format-for-item"}


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app_(), list(args))
    return result.exit_code, result.stdout, result.stderr


def app_():
    from zccheck.cli import app

    return app


def heic_bytes(size: tuple[int, int], orientation: int | None = None) -> bytes:
    """An HEIC photo as iPhones save it (optionally stored sideways with an EXIF orientation)."""
    from PIL import Image
    from pillow_heif import register_heif_opener

    register_heif_opener()
    image = Image.new("RGB", size, (200, 30, 30))
    image.paste((30, 30, 200), (0, 0, size[0] // 2, size[1] // 3))  # a mark to see the rotation by
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    buffer = io.BytesIO()
    image.save(buffer, "HEIF", quality=90, exif=exif.tobytes())
    return buffer.getvalue()


def noisy_jpeg(size: tuple[int, int], seed: int = 1) -> bytes:
    """A JPEG with fine detail, so its size depends on the quality (a scan's texture)."""
    import numpy as np
    from PIL import Image

    pixels = np.random.default_rng(seed).integers(0, 256, (size[1], size[0], 3), dtype=np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, "JPEG", quality=98)
    return buffer.getvalue()


def messy_members() -> dict[str, bytes]:
    """One applicant's materials as phones, scanners and Windows name them, in a top folder."""
    letter = pdf_bytes(text="承诺书 本人承诺")
    licence = pdf_bytes(text="营业执照 统一社会信用代码")
    return {
        "申报材料/zccheck.toml": FACTS.encode(),
        "申报材料/证件照.HEIC": heic_bytes((579, 413), orientation=6),  # stored sideways: portrait once turned
        "申报材料/营业执照.pdf": licence,
        "申报材料/营业执照 - 副本.pdf": licence,
        "申报材料/承诺书.pdf": letter,
        "申报材料/承诺书(1).pdf": letter,
        "申报材料/Copy of 承诺书.pdf": letter,
        "申报材料/个人总结 - 专业技术工作总结.pdf": pdf_bytes(text="专业技术工作总结"),
        "申报材料/论文/论文1 基于BIM的施工管理研究（代表作）/期刊封面.jpg": jpeg_bytes((600, 800)),
        "申报材料/论文/论文1 基于BIM的施工管理研究（代表作）/版权页.jpg": jpeg_bytes((600, 801)),
        "申报材料/业绩成果/某厂房钢结构工程/中标通知书.jpg": jpeg_bytes((600, 802)),
        "申报材料/IMG_20240716_093012.jpg": jpeg_bytes((640, 480), color=(10, 200, 10)),
        "申报材料/新建文件夹/Scan_0022.pdf": pdf_bytes(text="无关的扫描件"),
        # named by a scanner app; its text layer says what it is (placed once content recognition decides it)
        "申报材料/doc858199320240709115141.pdf": pdf_bytes(text="劳动合同书 甲方：柳州市示例公司 乙方：张三 合同期限"),
    }


def mac_zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
            folder, _, base = name.rpartition("/")
            archive.writestr(f"__MACOSX/{folder}/._{base}", b"\x00\x05\x16\x07")
        archive.writestr("申报材料/.DS_Store", b"\x00\x00\x00\x01Bud1")
    return out.getvalue()


def material_problems(result) -> set[tuple[str, str | None]]:
    """(code, item) of a scan's findings, less naming and what tidy fixes."""
    return {(f.code, f.item) for f in result.findings if f.code not in TIDY_FIXES}


def tree_hash(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
            for p in sorted(root.rglob("*"))}


ZIP_HASH: dict[Path, str] = {}


@pytest.fixture(scope="module")
def messy_zip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("src") / "张三 申报材料.zip"
    path.write_bytes(mac_zip(messy_members()))
    ZIP_HASH[path] = hashlib.sha256(path.read_bytes()).hexdigest()
    return path


@pytest.fixture(scope="module")
def tidied(messy_zip: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    dst = tmp_path_factory.mktemp("dst") / "整理后"
    code, out, err = invoke("tidy", str(messy_zip), "--out", str(dst))
    assert code == 0, err
    return dst, out


@pytest.fixture(scope="module")
def scans(messy_zip: Path, tidied: tuple[Path, str]):
    """scan SRC and scan DST."""
    return run_scan(messy_zip, ScanOptions()), run_scan(tidied[0], ScanOptions())


def test_tidy_writes_sections_and_canonical_names(tidied: tuple[Path, str]) -> None:
    dst, out = tidied
    files = {str(p.relative_to(dst)).replace(os.sep, "/") for p in dst.rglob("*") if p.is_file()}
    assert "zccheck.toml" in files and "整理清单.csv" in files
    assert "01 基本信息/个人相片.jpg" in files
    assert "11 其他材料/单位营业执照.pdf" in files
    assert "12 单位审核推荐材料（由单位上传）/承诺书.pdf" in files
    assert "10 专业技术工作总结/专业技术工作总结.pdf" in files
    assert {"09 学术成果/论文1-基于BIM的施工管理研究（代表作）/期刊封面.jpg",
            "09 学术成果/论文1-基于BIM的施工管理研究（代表作）/版权页.jpg"} <= files
    assert "08-1 业绩成果/业绩1-某厂房钢结构工程/中标通知书.jpg" in files
    # copies dropped: one licence, one letter
    assert sum("营业执照" in f for f in files) == 1
    assert sum("承诺书" in f for f in files) == 1
    # nothing of the Finder's litter, nothing kept under the top folder's name
    assert not any("__MACOSX" in f or "._" in f or "DS_Store" in f or f.startswith("申报材料") for f in files)
    # unrecognised files keep their names in 未识别/ (unless content recognition placed them)
    for name in ("IMG_20240716_093012.jpg", "Scan_0022.pdf", "doc858199320240709115141.pdf"):
        assert f"未识别/{name}" in files or not any(f.endswith(name) for f in files)
    assert (dst / "zccheck.toml").read_text(encoding="utf-8") == FACTS
    assert "→" in out and "未识别" in out


def test_heic_photo_becomes_an_upright_jpeg_within_the_photo_limit(tidied: tuple[Path, str]) -> None:
    from PIL import Image

    dst, _ = tidied
    photo = dst / "01 基本信息" / "个人相片.jpg"
    data = photo.read_bytes()
    assert data[:3] == b"\xff\xd8\xff"
    with Image.open(photo) as image:
        assert image.size == (413, 579)  # EXIF orientation 6 applied: portrait
        assert image.getexif().get(0x0112) in (None, 1)
        assert image.getpixel((400, 10))[2] > 150  # the blue mark, turned to the top right
    assert len(data) <= upload_limit(CHECKLIST, CHECKLIST.items["photo"])


def test_manifest_is_excel_readable_and_lists_every_file(tidied: tuple[Path, str]) -> None:
    dst, _ = tidied
    raw = (dst / "整理清单.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:3] == ["原文件", "整理后", "处理"]
    sources = {row[0] for row in rows[1:]}
    assert {f"申报材料/{name}" for name in ("营业执照 - 副本.pdf", "承诺书(1).pdf", "Copy of 承诺书.pdf")} <= sources
    dropped = {row[0]: row for row in rows[1:] if not row[1]}
    assert set(dropped) == {"申报材料/营业执照 - 副本.pdf", "申报材料/承诺书(1).pdf", "申报材料/Copy of 承诺书.pdf"}
    assert "与“申报材料/营业执照.pdf”内容完全相同" in dropped["申报材料/营业执照 - 副本.pdf"][5]
    photo = next(row for row in rows if row[1] == "01 基本信息/个人相片.jpg")
    assert photo[0] == "申报材料/证件照.HEIC" and "HEIC" in photo[6]


def test_scan_of_the_copy_recognises_every_file_and_finds_the_same_problems(scans) -> None:
    source, result = scans
    assert all(path.startswith("未识别/") for path in result.unrecognised)
    assert "整理清单.csv" not in result.unrecognised and result.facts_found
    assert not [f for f in result.findings if f.path and "整理清单" in f.path]
    before, after = material_problems(source), material_problems(result)
    assert before - after <= {(code, "photo") for code in HEIC_KINDS}
    assert {p for p in after - before if p[1] != "photo"} == set()  # only the photo, now measurable, says more
    assert ("wrong-format-for-item", "photo") in before
    assert {"duplicate-copies", "top-folder-unwrapped"} <= {f.code for f in source.findings}
    assert not {"duplicate-copies", "top-folder-unwrapped"} & {f.code for f in result.findings}
    assert {f.item for f in result.findings if f.code == "missing-item"} == {
        f.item for f in source.findings if f.code == "missing-item"}


def test_tidy_places_exactly_what_scan_recognises(messy_zip: Path, scans) -> None:
    inventory = open_materials(messy_zip, keep=lambda name: names_material(name, CHECKLIST))
    classification = classify_inventory(inventory, CHECKLIST, ScanOptions())
    plan = plan_tidy(inventory, CHECKLIST, classification)
    scanned = scans[0]
    unplaced = {p.rel for p in plan.placements if p.action == UNRECOGNISED}
    dropped = {p.rel for p in plan.placements if p.action == DUPLICATE}
    assert unplaced == set(scanned.unrecognised) - dropped


def test_the_zip_is_not_touched(messy_zip: Path, tidied: tuple[Path, str]) -> None:
    assert hashlib.sha256(messy_zip.read_bytes()).hexdigest() == ZIP_HASH[messy_zip]
    assert sorted(p.name for p in messy_zip.parent.iterdir()) == [messy_zip.name]


def _folder_src(tmp_path: Path) -> Path:
    materials = Materials(tmp_path / "材料 张三")
    for rel, data in messy_members().items():
        if not rel.endswith(".HEIC"):
            materials.add(rel.removeprefix("申报材料/"), data)
    return materials.root


def test_dst_inside_src_is_refused(tmp_path: Path) -> None:
    src = _folder_src(tmp_path)
    before = tree_hash(src)
    code, _, err = invoke("tidy", str(src), "--out", str(src / "整理后"))
    assert code == 2 and "在材料" in err and "之内" in err
    assert tree_hash(src) == before
    code, _, err = invoke("tidy", str(src), "--out", str(src))
    assert code == 2
    assert tree_hash(src) == before


def test_non_empty_dst_or_a_file_is_refused(tmp_path: Path) -> None:
    src = _folder_src(tmp_path)
    dst = tmp_path / "out"
    dst.mkdir()
    (dst / "旧文件.txt").write_text("keep me", encoding="utf-8")
    code, _, err = invoke("tidy", str(src), "--out", str(dst))
    assert code == 2 and "不是空的" in err
    assert sorted(p.name for p in dst.iterdir()) == ["旧文件.txt"]
    target = tmp_path / "a-file"
    target.write_text("x")
    code, _, err = invoke("tidy", str(src), "--out", str(target))
    assert code == 2 and "不是文件夹" in err
    code, _, err = invoke("tidy", str(tmp_path / "nowhere"), "--out", str(tmp_path / "o2"))
    assert code == 3 and not (tmp_path / "o2").exists()


def test_an_empty_existing_dst_is_accepted(tmp_path: Path) -> None:
    src = _folder_src(tmp_path)
    dst = tmp_path / "empty"
    dst.mkdir()
    code, _, _ = invoke("tidy", str(src), "--out", str(dst))
    assert code == 0 and (dst / "整理清单.csv").exists()


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    src = _folder_src(tmp_path)
    before = tree_hash(tmp_path)
    code, out, _ = invoke("tidy", str(src), "--out", str(tmp_path / "out"), "--dry-run")
    assert code == 0
    assert ("未写入任何文件" in out and "01 基本信息" not in out) or "→" in out
    assert "11 其他材料/单位营业执照.pdf" in out
    assert tree_hash(tmp_path) == before
    assert not (tmp_path / "out").exists()


def test_read_only_source_is_left_exactly_as_it_was(tmp_path: Path) -> None:
    src = _folder_src(tmp_path)
    before = tree_hash(src)
    modes = {}
    for path in [src, *src.rglob("*")]:
        modes[path] = path.stat().st_mode
        path.chmod(path.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    try:
        code, _, err = invoke("tidy", str(src), "--out", str(tmp_path / "out"))
        assert code == 0, err
        assert tree_hash(src) == before
        assert {p: p.stat().st_mode for p in [src, *src.rglob("*")]} == {
            p: m & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) for p, m in modes.items()}
    finally:
        for path, mode in sorted(modes.items(), key=lambda kv: len(kv[0].parts)):
            path.chmod(mode)
    assert (tmp_path / "out" / "11 其他材料" / "单位营业执照.pdf").exists()


def test_english_manifest_and_messages(tmp_path: Path) -> None:
    src = _folder_src(tmp_path)
    code, out, _ = invoke("tidy", str(src), "--out", str(tmp_path / "out"), "--lang", "en")
    assert code == 0 and "placed" in out
    header = (tmp_path / "out" / "整理清单.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.startswith("original,new,")
    assert "整理清单.csv" not in run_scan(tmp_path / "out", ScanOptions()).unrecognised


def test_name_collisions_are_resolved_deterministically(tmp_path: Path) -> None:
    materials = Materials(tmp_path / "m")
    materials.add("承诺书.pdf", pdf_bytes(text="承诺书 一"))
    materials.add("单位/承诺书.pdf", pdf_bytes(text="承诺书 二"))
    materials.add("a/IMG_0001.JPG", jpeg_bytes((100, 100), color=(1, 2, 3)))
    materials.add("b/IMG_0001.jpg", jpeg_bytes((100, 100), color=(3, 2, 1)))
    targets = []
    for _ in range(2):
        inventory = open_materials(materials.root)
        plan = plan_tidy(inventory, CHECKLIST, classify(inventory.documents, CHECKLIST))
        targets.append([(p.source, p.target) for p in plan.placements])
    assert targets[0] == targets[1]
    placed = dict(targets[0])
    assert placed["单位/承诺书.pdf"] == "12 单位审核推荐材料（由单位上传）/承诺书-1.pdf"
    assert placed["承诺书.pdf"] == "12 单位审核推荐材料（由单位上传）/承诺书-2.pdf"
    assert placed["a/IMG_0001.JPG"] == "未识别/IMG_0001.JPG"
    assert placed["b/IMG_0001.jpg"] == "未识别/IMG_0001-2.jpg"  # Windows does not tell the case apart


@pytest.mark.parametrize("item_id", sorted(CHECKLIST.items))
def test_every_canonical_name_is_recognised_as_its_item(item_id: str) -> None:
    item = CHECKLIST.items[item_id]
    doc = _doc("x/" + ("论文1-题目/封面.pdf" if item_id == "papers" else "业绩1-某工程/证明.pdf"
                       if item_id == "achievements" else "某文件.pdf"))
    from zccheck.classify.model import Classification, Group

    classification = Classification()
    classification.assign(doc, item_id)
    if item.multi:
        classification.groups[item_id] = [Group(item_id, "1", "题目", (doc,), frozenset({"代表作"}))]
    plan = plan_tidy(Inventory(root="m", source="folder", documents=[doc]), CHECKLIST, classification)
    target = plan.placements[0].target
    assert target is not None and plan.placements[0].action == PLACE
    again = classify([_doc(target)], CHECKLIST)
    assert again.item_of(again.by_item.get(item_id, [None])[0]) == item_id, target  # type: ignore[arg-type]
    if item.multi:
        assert again.groups[item_id][0].markers == frozenset({"代表作"})


def _doc(rel: str) -> Document:
    return Document(rel, 10, "pdf", "pdf", hashlib.sha256(rel.encode()).hexdigest(), lambda: b"")


def test_upload_limits_come_from_the_checklist() -> None:
    assert upload_limit(CHECKLIST, CHECKLIST.items["photo"]) == 500 * 1024
    assert upload_limit(CHECKLIST, CHECKLIST.items["business-license"]) == 10 * 1024 * 1024
    smaller = replace(CHECKLIST, max_file_mb=0.25)
    assert upload_limit(smaller, CHECKLIST.items["business-license"]) == 256 * 1024


def test_oversized_images_are_re_encoded_at_the_highest_quality_that_fits() -> None:
    from PIL import Image

    from zccheck.tidy.images import _encode

    data = noisy_jpeg((800, 1000))
    limit = len(data) // 3
    fitted = to_jpeg(data, limit)
    assert len(fitted) <= limit
    with Image.open(io.BytesIO(fitted)) as image:
        assert image.size == (800, 1000)  # quality was enough: no downscaling
        quality = _estimate_quality(fitted)
    assert quality < MAX_QUALITY
    with Image.open(io.BytesIO(data)) as original:
        assert len(_encode(original.convert("RGB"), {}, quality + 1)) > limit  # one step better would not fit


def test_images_that_cannot_fit_by_quality_are_scaled_down_just_enough() -> None:
    from PIL import Image

    data = noisy_jpeg((1200, 1500))
    fitted = to_jpeg(data, 120 * 1024)
    assert len(fitted) <= 120 * 1024
    with Image.open(io.BytesIO(fitted)) as image:
        assert image.width < 1200 and image.width > 300
        assert abs(image.width / image.height - 0.8) < 0.01


def _estimate_quality(data: bytes) -> int:
    """The quality a JPEG was saved with, found by re-encoding until the quantisation tables match."""
    from PIL import Image

    from zccheck.tidy.images import MIN_QUALITY, _encode

    with Image.open(io.BytesIO(data)) as image:
        tables = image.quantization
        rgb = image.convert("RGB")
        for quality in range(MAX_QUALITY, MIN_QUALITY - 1, -1):
            with Image.open(io.BytesIO(_encode(rgb, {}, quality))) as probe:
                if probe.quantization == tables:
                    return quality
    raise AssertionError("quality not found")


def test_an_oversized_photo_is_shrunk_and_scan_stops_reporting_it(tmp_path: Path) -> None:
    materials = Materials(tmp_path / "src")
    materials.facts()
    materials.add("01 基本信息/个人相片.jpg", noisy_jpeg((620, 868)))
    assert (materials.root / "01 基本信息/个人相片.jpg").stat().st_size > 500 * 1024
    src_codes = {f.code for f in run_scan(materials.root, ScanOptions()).findings}
    assert "photo-file-too-large" in src_codes
    code, _, err = invoke("tidy", str(materials.root), "--out", str(tmp_path / "out"))
    assert code == 0, err
    out = tmp_path / "out" / "01 基本信息" / "个人相片.jpg"
    assert out.stat().st_size <= 500 * 1024
    assert "photo-file-too-large" not in {f.code for f in run_scan(tmp_path / "out", ScanOptions()).findings}


def test_ambiguous_and_refused_files_are_in_the_mapping(tmp_path: Path) -> None:
    members = {"m/zccheck.toml": FACTS.encode(), "m/劳动合同 营业执照.pdf": pdf_bytes(text="两者"),
               "m/营业执照.pdf": pdf_bytes(), "m/../evil.pdf": pdf_bytes(text="逃逸")}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    src = tmp_path / "m.zip"
    src.write_bytes(out.getvalue())
    code, _, err = invoke("tidy", str(src), "--out", str(tmp_path / "out"))
    assert code == 0, err
    rows = list(csv.reader(io.StringIO((tmp_path / "out" / "整理清单.csv").read_text(encoding="utf-8-sig"))))
    by_source = {row[0]: row for row in rows[1:]}
    ambiguous = by_source["m/劳动合同 营业执照.pdf"]
    assert ambiguous[1] == "未识别/劳动合同 营业执照.pdf"
    assert "单位营业执照" in ambiguous[6] and "劳动合同" in ambiguous[6]
    refused = next(row for source, row in by_source.items() if "evil.pdf" in source)
    assert refused[1] == "" and refused[2] == "无法读取，未复制"
    assert not (tmp_path / "evil.pdf").exists() and not (tmp_path / "out" / "evil.pdf").exists()


def test_an_unreadable_facts_file_is_said_not_copied(tmp_path: Path) -> None:
    materials = Materials(tmp_path / "src")
    materials.add("zccheck.toml", b"\xff\xfe\x00\xd8" + b"\x00" * 10)  # not text in any encoding
    materials.add("营业执照.pdf", pdf_bytes())
    code, out, _ = invoke("tidy", str(materials.root), "--out", str(tmp_path / "out"))
    assert code == 0
    assert "zccheck.toml 无法读取" in out
    assert not (tmp_path / "out" / "zccheck.toml").exists()
