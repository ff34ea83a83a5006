"""Inventory: folder walk and zip reading, types from content, clutter ignored, GBK names decoded."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from conftest import Materials, jpeg_bytes, pdf_bytes, png_bytes
from zccheck.inventory import filetype
from zccheck.inventory.filetype import detect_kind
from zccheck.inventory.materials import open_materials
from zccheck.inventory.model import MaterialsUnreadable
from zccheck.inventory.zipsource import decode_member_name


def _docx_bytes() -> bytes:
    from docx import Document as Docx

    buffer = io.BytesIO()
    document = Docx()
    document.add_paragraph("专业技术工作总结")
    document.save(buffer)
    return buffer.getvalue()


def _xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    buffer = io.BytesIO()
    workbook = Workbook()
    workbook.active.append(["费款所属期", "单位名称"])
    workbook.save(buffer)
    return buffer.getvalue()


CONTENT = {
    "pdf": pdf_bytes(),
    "jpeg": jpeg_bytes((40, 40)),
    "png": png_bytes((40, 40)),
    "docx": _docx_bytes(),
    "xlsx": _xlsx_bytes(),
    "heic": b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64,
    "doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512,
    "txt": "专业技术工作总结\n".encode("gb18030"),
    "zip": b"",
    "empty": b"",
}


@pytest.mark.parametrize("kind", ["pdf", "jpeg", "png", "docx", "xlsx", "heic", "doc", "txt"])
@pytest.mark.parametrize("libmagic", [True, False])
def test_detect_kind_from_content_whatever_the_name(kind: str, libmagic: bool,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    if not libmagic:
        monkeypatch.setattr(filetype, "_magic_detector", lambda: None)
    assert detect_kind(CONTENT[kind], "renamed.bin") == kind
    assert detect_kind(CONTENT[kind], "lies.pdf" if kind != "pdf" else "lies.jpg") == kind


def test_detect_kind_edge_cases() -> None:
    assert detect_kind(b"", "x.pdf") == "empty"
    assert detect_kind(b"junk\n%PDF-1.7\n", "x.pdf") == "pdf"  # scanners sometimes prepend bytes
    assert detect_kind(b"a,b\n1,2\n", "table.csv") == "csv"
    assert detect_kind(bytes(range(256)) * 4, "x.dat") == "unknown"


def test_folder_walk(materials: Materials) -> None:
    materials.add("01 基本信息/照片.jpg", CONTENT["jpeg"])
    materials.add("11 其他材料/营业执照.pdf", CONTENT["jpeg"])  # a JPEG named .pdf
    materials.add("11 其他材料/Thumbs.db", b"x")
    materials.add(".DS_Store", b"x")
    materials.add("__MACOSX/._照片.jpg", b"x")
    materials.add("~$工作总结.docx", b"x")
    materials.add("zccheck.toml", '[applicant]\nname = "张三"\n')
    inventory = open_materials(materials.root)
    by_path = {d.rel_path: d for d in inventory.documents}
    assert set(by_path) == {"01 基本信息/照片.jpg", "11 其他材料/营业执照.pdf"}
    assert by_path["11 其他材料/营业执照.pdf"].kind == "jpeg"
    assert by_path["11 其他材料/营业执照.pdf"].extension_kind == "pdf"
    assert by_path["01 基本信息/照片.jpg"].image is not None
    assert by_path["01 基本信息/照片.jpg"].image.width == 40
    assert inventory.facts_text is not None and "张三" in inventory.facts_text
    assert len(inventory.ignored) == 4


def test_pdf_probe(materials: Materials) -> None:
    materials.add("a.pdf", pdf_bytes(3))
    materials.add("locked.pdf", pdf_bytes(1, password="secret"))
    materials.add("restricted.pdf", pdf_bytes(1, password="owner", owner_only=True))
    materials.add("broken.pdf", pdf_bytes(2)[:200])
    docs = {d.rel_path: d for d in open_materials(materials.root).documents}
    assert docs["a.pdf"].pdf is not None and docs["a.pdf"].pdf.pages == 3
    assert docs["locked.pdf"].pdf is not None and docs["locked.pdf"].pdf.needs_password
    assert docs["restricted.pdf"].pdf is not None and docs["restricted.pdf"].pdf.encrypted
    assert not docs["restricted.pdf"].pdf.needs_password
    assert "corrupt" in docs["broken.pdf"].cache


class _GbkZipInfo(zipfile.ZipInfo):
    """A member whose name is written as raw GBK bytes without the UTF-8 flag (as Windows tools do)."""

    __slots__ = ("raw_name",)

    def _encodeFilenameFlags(self) -> tuple[bytes, int]:
        return self.raw_name, self.flag_bits & ~0x800


def _windows_zip(entries: dict[str, bytes]) -> bytes:
    """A zip as Windows tools write it: member names in GBK, no UTF-8 flag."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            info = _GbkZipInfo(name.encode("gbk").decode("cp437"), date_time=(2024, 8, 1, 0, 0, 0))
            info.raw_name = name.encode("gbk")
            archive.writestr(info, data)
    return buffer.getvalue()


def test_zip_with_gbk_names_and_a_single_top_folder(tmp_path: Path) -> None:
    path = tmp_path / "张三材料.zip"
    path.write_bytes(_windows_zip({
        "张三材料/11 其他材料/营业执照.pdf": pdf_bytes(),
        "张三材料/01 基本信息/个人相片.jpg": CONTENT["jpeg"],
        "张三材料/zccheck.toml": '[applicant]\nname = "张三"\n'.encode(),
    }))
    inventory = open_materials(path)
    assert inventory.source == "zip"
    assert sorted(d.rel_path for d in inventory.documents) == ["01 基本信息/个人相片.jpg", "11 其他材料/营业执照.pdf"]
    assert inventory.facts_text is not None
    assert {d.kind for d in inventory.documents} == {"pdf", "jpeg"}


def test_decode_member_name_utf8_flag_and_gbk() -> None:
    utf8 = zipfile.ZipInfo("营业执照.pdf")
    utf8.flag_bits |= 0x800
    assert decode_member_name(utf8) == "营业执照.pdf"
    gbk = zipfile.ZipInfo("营业执照.pdf".encode("gbk").decode("cp437"))
    assert decode_member_name(gbk) == "营业执照.pdf"
    unflagged_utf8 = zipfile.ZipInfo("营业执照.pdf".encode().decode("cp437"))
    assert decode_member_name(unflagged_utf8) == "营业执照.pdf"


def test_unsafe_zip_members_are_reported_not_read(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("../evil.pdf", pdf_bytes())
        archive.writestr("/etc/passwd.pdf", pdf_bytes())
        archive.writestr("营业执照.pdf", pdf_bytes())
    path = tmp_path / "m.zip"
    path.write_bytes(buffer.getvalue())
    inventory = open_materials(path)
    assert [d.rel_path for d in inventory.documents] == ["营业执照.pdf"]
    assert [p.code for p in inventory.problems] == ["zip-member-skipped", "zip-member-skipped"]
    assert not (tmp_path.parent / "evil.pdf").exists()


@pytest.mark.parametrize("make", ["missing", "plain-file", "corrupt-zip"])
def test_unreadable_materials(tmp_path: Path, make: str) -> None:
    target = tmp_path / "materials.zip"
    if make == "plain-file":
        target.write_text("hello")
    elif make == "corrupt-zip":
        target.write_bytes(b"PK\x05\x06" + b"\x00" * 10)
    with pytest.raises(MaterialsUnreadable):
        open_materials(target)


def _handmade_pdf(kids: list[bytes], objects: dict[int, bytes]) -> bytes:
    """A small PDF with a correct cross-reference table: catalog 1, page tree 2 with `kids`, then `objects`."""
    body = {1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: b"<< /Type /Pages /Kids [" + b" ".join(kids) + b"] /Count %d >>" % len(kids), **objects}
    out = bytearray(b"%PDF-1.4\n")
    offsets = {}
    for number in sorted(body):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + body[number] + b"\nendobj\n"
    xref = len(out)
    size = max(body) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        out += b"%010d 00000 n \n" % offsets[number] if number in offsets else b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    return bytes(out)


def test_pdf_probe_names_the_pages_a_viewer_cannot_show(materials: Materials) -> None:
    """A page-tree entry that is not a page (a number where the page dictionary should be) is a page the
    viewer cannot show; a page whose content stream is garbage still shows (the viewer draws what it can)."""
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 6 0 R >>"
    garbage = b"<< /Length 19 >>\nstream\n(((( BT ]] Tj >> ET\nendstream"
    objects = {3: page, 4: b"42", 5: page, 6: garbage}
    materials.add("damaged.pdf", _handmade_pdf([b"3 0 R", b"4 0 R", b"5 0 R"], objects))
    materials.add("garbled.pdf", _handmade_pdf([b"3 0 R", b"5 0 R"], {3: page, 5: page, 6: garbage}))
    docs = {d.rel_path: d for d in open_materials(materials.root).documents}
    damaged = docs["damaged.pdf"].pdf
    assert damaged is not None and damaged.bad_pages == (2,) and "第 2 页无法显示" in (damaged.damage or "")
    garbled = docs["garbled.pdf"].pdf
    assert garbled is not None and garbled.pages == 2 and garbled.bad_pages == () and garbled.damage is None
