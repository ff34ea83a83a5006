"""Folder shape: wrapper folders in zips and folders, OS litter, zccheck.toml never a material, bare numbers,
identical copies as one finding."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

import pytest

from conftest import FACTS, Materials, by_code, codes, jpeg_bytes, pdf_bytes, run
from hostile_corpus import zip_of
from zccheck.engine import ScanOptions
from zccheck.engine import scan as run_scan
from zccheck.inventory.litter import is_clutter
from zccheck.inventory.shape import MAX_UNWRAP, tree_lister, wrapper_prefix

TODAY_AFTER_DEADLINE = ScanOptions()  # no --as-of: the date must come from apply_date in the zip's zccheck.toml


def _materials(top: str = "申报材料") -> dict[str, bytes]:
    pre = f"{top}/" if top else ""
    return {
        f"{pre}zccheck.toml": FACTS.encode(),
        f"{pre}01 基本信息/个人相片.jpg": jpeg_bytes((413, 579)),
        f"{pre}11 其他材料/营业执照.pdf": pdf_bytes(),
        f"{pre}10 专业技术工作总结/专业技术工作总结.pdf": pdf_bytes(text="专业技术工作总结"),
    }


def _windows_zip(members: dict[str, bytes]) -> bytes:
    """As Windows' 发送到 → 压缩(zipped)文件夹 writes it on a Chinese system: GBK names, no UTF-8 flag, folder
    entries included."""
    folders = sorted({name.rsplit("/", 1)[0] + "/" for name in members if "/" in name})
    with_dirs: dict[str, bytes] = {f: b"" for f in folders}
    with_dirs.update(members)
    data = zip_of(with_dirs, utf8_names=False)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert not any(info.flag_bits & 0x800 for info in archive.infolist())
    return data


def _mac_zip(members: dict[str, bytes]) -> bytes:
    """As the macOS Finder's 压缩 writes it: UTF-8 flagged names, __MACOSX/._ resource forks, .DS_Store."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
            folder, _, base = name.rpartition("/")
            archive.writestr(f"__MACOSX/{folder}/._{base}" if folder else f"__MACOSX/._{base}", b"\x00\x05\x16\x07")
        top = next(iter(members)).rsplit("/", 1)[0]
        archive.writestr(f"{top}/.DS_Store", b"\x00\x00\x00\x01Bud1")
        archive.writestr(f"{top}/01 基本信息/.DS_Store", b"\x00\x00\x00\x01Bud1")
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as archive:
        assert all(info.flag_bits & 0x800 for info in archive.infolist() if not info.filename.isascii())
    return out.getvalue()


def _assert_read_from_inside(result, prefix: str) -> None:
    assert result.facts_found, "the zccheck.toml inside the top folder must be read"
    assert result.facts.name == "张三"
    assert result.as_of == date(2024, 8, 20)  # apply_date, not a today fallback
    found = codes(result)
    assert "deadline-closed" not in found
    assert "facts-file-missing" not in found
    assert not any("zccheck.toml" in (f.path or "") for f in result.findings)
    assert [f.details["folder"] for f in by_code(result, "top-folder-unwrapped")] == [prefix]
    assert "photo" not in {f.item for f in by_code(result, "missing-item")}
    assert "business-license" not in {f.item for f in by_code(result, "missing-item")}


def test_windows_send_to_compressed_folder_zip(tmp_path: Path) -> None:
    path = tmp_path / "张三.zip"
    path.write_bytes(_windows_zip(_materials()))
    result = run_scan(path, TODAY_AFTER_DEADLINE)
    _assert_read_from_inside(result, "申报材料")
    assert "11 其他材料/营业执照.pdf" not in result.unrecognised


def test_macos_finder_zip_with_macosx_and_ds_store(tmp_path: Path) -> None:
    path = tmp_path / "申报材料.zip"
    path.write_bytes(_mac_zip(_materials()))
    result = run_scan(path, TODAY_AFTER_DEADLINE)
    _assert_read_from_inside(result, "申报材料")
    assert result.unrecognised == ()
    assert not any("._" in (f.path or "") or "DS_Store" in (f.path or "") for f in result.findings)


def test_nested_top_folders_are_looked_through(tmp_path: Path) -> None:
    path = tmp_path / "m.zip"
    path.write_bytes(_mac_zip(_materials("申报材料/张三")))
    result = run_scan(path, TODAY_AFTER_DEADLINE)
    _assert_read_from_inside(result, "申报材料/张三")


def test_folder_with_a_single_top_folder_and_windows_litter(tmp_path: Path) -> None:
    materials = Materials(tmp_path / "下载")
    for rel, data in _materials("张三职称材料").items():
        materials.add(rel, data)
    for litter in ("Thumbs.db", "desktop.ini", ".DS_Store", "张三职称材料/~$承诺书.docx",
                   "张三职称材料/.~lock.总结.docx#", "$RECYCLE.BIN/S-1-5/x.pdf", "Icon\r"):
        materials.add(litter, b"x")
    result = run_scan(materials.root, TODAY_AFTER_DEADLINE)
    _assert_read_from_inside(result, "张三职称材料")
    assert result.unrecognised == ()


def test_a_lone_section_folder_is_material_not_a_wrapper(tmp_path: Path) -> None:
    materials = Materials(tmp_path / "m")
    materials.add("08-1 业绩成果/业绩1-某工程/中标通知书.pdf", pdf_bytes())
    result = run(materials.root, as_of=date(2024, 8, 1))
    assert result.unrecognised == ()
    assert not by_code(result, "top-folder-unwrapped")
    assert "achievements" not in {f.item for f in by_code(result, "missing-item")}


def test_a_folder_holding_zccheck_toml_is_the_root_even_with_a_material_name(tmp_path: Path) -> None:
    path = tmp_path / "m.zip"
    path.write_bytes(_mac_zip(_materials("业绩成果材料")))
    result = run_scan(path, TODAY_AFTER_DEADLINE)
    _assert_read_from_inside(result, "业绩成果材料")


def test_unwrapping_stops_after_max_levels() -> None:
    deep = tuple(f"d{i}" for i in range(MAX_UNWRAP + 2))
    assert wrapper_prefix(tree_lister([(*deep, "a.pdf")])) == deep[:MAX_UNWRAP]
    assert wrapper_prefix(tree_lister([("a", "x.pdf"), ("b", "y.pdf")])) == ()
    assert wrapper_prefix(tree_lister([("a", "x.pdf"), ("readme.txt",)])) == ()
    assert wrapper_prefix(tree_lister([("a", "x.pdf"), ("__MACOSX", "a", "._x.pdf"), (".DS_Store",)])) == ("a",)


def test_nested_zccheck_toml_is_never_a_material_and_a_single_one_is_used(tmp_path: Path) -> None:
    materials = Materials(tmp_path / "m")
    for rel, data in _materials().items():
        materials.add(rel, data)
    materials.add("说明.txt", "请查收")  # a file beside the folder: no unwrapping
    result = run_scan(materials.root, TODAY_AFTER_DEADLINE)
    assert result.facts_found and result.as_of == date(2024, 8, 20)
    assert not any((f.path or "").endswith("zccheck.toml") for f in result.findings)
    materials.add("旧材料/zccheck.toml", FACTS)  # two candidates: neither is guessed, neither is a material
    result = run_scan(materials.root, ScanOptions(as_of=date(2024, 8, 1)))
    assert not result.facts_found
    assert not any((f.path or "").lower().endswith("zccheck.toml") for f in result.findings)


@pytest.mark.parametrize("name", [
    "Thumbs.db", "desktop.ini", ".DS_Store", "Icon\r", "~$承诺书.docx", ".~lock.工作总结.docx#", "._营业执照.pdf",
    "~WRL0001.tmp", "总结.docx~", ".工作总结.docx.swp", "下载.crdownload", "__MACOSX/a/._b.pdf", ".Trash-1000/x.pdf",
    "$RECYCLE.BIN/x.pdf", ".Spotlight-V100/store.db", "@eaDir/x.jpg", "a/.fseventsd/x", ".localized",
])
def test_os_litter_is_ignored(name: str) -> None:
    assert is_clutter(name)


@pytest.mark.parametrize("name", ["营业执照.pdf", "承诺书 - 副本.pdf", "IMG_0001.JPG", "Icon.png", "desktop.pdf",
                                  "~承诺书.pdf", "论文1-封面.jpg"])
def test_materials_are_not_litter(name: str) -> None:
    assert not is_clutter(name)


@pytest.mark.parametrize("name", ["4.pdf", "8.pdf", "9.jpg", "1.pdf", "8-1.pdf", "12.pdf", "(3).pdf", "04.pdf",
                                  "第4项.pdf", "四.pdf", "2024.pdf", "20240715.jpg"])
def test_a_bare_number_is_not_a_group(tmp_path: Path, name: str) -> None:
    materials = Materials(tmp_path / "m")
    materials.facts()
    materials.add(name, pdf_bytes() if name.endswith(".pdf") else jpeg_bytes())
    materials.add("个人相片.jpg", jpeg_bytes((413, 579)))
    result = run(materials.root)
    assert result.unrecognised == (name,)
    assert "achievements" in {f.item for f in by_code(result, "missing-item")}


COPY_NAMES = ["承诺书.pdf", "承诺书 - 副本.pdf", "承诺书 - 副本 (2).pdf", "承诺书(1).pdf", "Copy of 承诺书.pdf",
              "承诺书 copy.pdf"]


def test_identical_copies_are_one_finding_naming_all(tmp_path: Path) -> None:
    materials = Materials(tmp_path / "m")
    materials.facts()
    letter = pdf_bytes(text="承诺书 本人承诺")
    for name in COPY_NAMES:
        materials.add(f"12 单位审核推荐材料/{name}", letter)
    materials.add("扫描件.pdf", letter)  # an unrecognised copy belongs to the same set
    result = run(materials.root)
    copies = by_code(result, "duplicate-copies")
    assert len(copies) == 1
    assert sorted(copies[0].details["files"]) == sorted(
        [f"12 单位审核推荐材料/{n}" for n in COPY_NAMES] + ["扫描件.pdf"])
    assert copies[0].severity == "warning" and copies[0].item == "commitment-letter"
    assert all(n in copies[0].message for n in COPY_NAMES)
    assert not by_code(result, "duplicate-content")


def test_copies_across_items_are_reported_once_as_duplicate_content(tmp_path: Path) -> None:
    materials = Materials(tmp_path / "m")
    materials.facts()
    same = pdf_bytes(text="同一份")
    materials.add("营业执照.pdf", same)
    materials.add("承诺书.pdf", same)
    materials.add("承诺书 - 副本.pdf", same)
    result = run(materials.root)
    assert len(by_code(result, "duplicate-content")) == 1
    assert not by_code(result, "duplicate-copies")


def test_different_content_is_not_a_copy(tmp_path: Path) -> None:
    materials = Materials(tmp_path / "m")
    materials.facts()
    materials.add("承诺书.pdf", pdf_bytes(text="承诺书 一"))
    materials.add("承诺书 - 副本.pdf", pdf_bytes(text="承诺书 二"))
    assert not by_code(run(materials.root), "duplicate-copies")
