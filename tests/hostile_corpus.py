"""A corpus of hostile and broken materials, generated on demand (nothing big is committed).

Each `Case` builds one applicant's materials (a folder, or for the zip cases a .zip) holding one hostile
input, and says what a scan must report about it: the finding codes, the path they name and the exit code.
`tests/test_hostile.py` scans every case in-process; `benchmarks/hostile_table.py` runs each through
`zccheck scan` in a subprocess and measures time and peak memory.

`big=True` builds full-size inputs for the benchmark (a PDF whose parsing runs past the default probe time
limit); the tests use small ones and lower the limit instead.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import stat
import struct
import sys
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

MB = 1024 * 1024
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@dataclass(frozen=True)
class Case:
    """One hostile input: how to build it and what the scan must say."""

    name: str
    description: str
    build: Callable[[Path, bool], Path]  # (folder to build in, big) -> the path to scan
    codes: frozenset[str] = frozenset()  # codes that must be reported (about `path` when given)
    path: str | None = None  # the rel path the codes name
    exit_code: int = 1
    forbidden: frozenset[str] = frozenset()  # codes that must not appear (e.g. corrupt-file for a repairable PDF)
    reason: str | None = None  # a substring of details.reason of the first expected code
    posix_only: bool = False
    needs_non_root: bool = False  # permissions do not stop root: the outcome differs under root
    tags: tuple[str, ...] = field(default_factory=tuple)


# --- small builders ----------------------------------------------------------------------------------------


def pdf_bytes(pages: int = 1, password: str | None = None, owner_only: bool = False) -> bytes:
    """A valid PDF with blank A4 pages (optionally encrypted, RC4 so no extra package is needed)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if password is not None:
        writer.encrypt(user_password="" if owner_only else password, owner_password=password, algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def raw_pdf(objects: list[bytes], root: int = 1) -> bytes:
    """A PDF from object bodies (numbered from 1), with a correct xref table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref))
    return out.getvalue()


_PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"


def looping_pdf() -> bytes:
    """A page tree whose Pages node lists itself as its kid."""
    return raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>"])


def page_dag_pdf(depth: int = 40) -> bytes:
    """Pages nodes that each list the next one twice: 2**depth leaves from a few hundred bytes."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for level in range(depth):
        child = 3 + level
        objects.append(b"<< /Type /Pages /Kids [%d 0 R %d 0 R] /Count 2 >>" % (child, child))
    objects.append(_PAGE)
    return raw_pdf(objects)


def deep_nesting_pdf(depth: int = 100_000) -> bytes:
    """A catalog holding an array nested `depth` levels deep."""
    catalog = b"<< /Type /Catalog /Pages 2 0 R /Deep " + b"[" * depth + b"]" * depth + b" >>"
    return raw_pdf([catalog, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", _PAGE])


def slow_pdf(hex_bytes: int) -> bytes:
    """A valid PDF whose catalog holds one huge hex string: pypdf reads it a byte at a time (~1 µs/byte)."""
    catalog = b"<< /Type /Catalog /Pages 2 0 R /Pad <" + b"0" * hex_bytes + b"> >>"
    return raw_pdf([catalog, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", _PAGE])


def jpeg_bytes(size: tuple[int, int] = (600, 800)) -> bytes:
    """A JPEG with some structure (so truncation cuts real scan data)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, (240, 240, 240))
    draw = ImageDraw.Draw(image)
    for y in range(0, size[1], 16):
        draw.line([(0, y), (size[0], y)], fill=(y % 255, 60, 120), width=3)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def png_bytes(size: tuple[int, int] = (600, 800)) -> bytes:
    """A PNG with some structure."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, (255, 255, 255))
    draw = ImageDraw.Draw(image)
    for x in range(0, size[0], 10):
        draw.line([(x, 0), (x, size[1])], fill=(x % 255, 0, 0), width=2)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_header_bomb(width: int = 100_000, height: int = 100_000) -> bytes:
    """A tiny PNG whose header claims `width`×`height` pixels (10 gigapixels by default)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header)
            + _png_chunk(b"IDAT", zlib.compress(b"\x00" * 4096)) + _png_chunk(b"IEND", b""))


def png_large_blank(side: int) -> bytes:
    """A real side×side greyscale PNG (highly compressible), written row by row without Pillow."""
    raw_row = b"\x00" + b"\xff" * side
    compressor = zlib.compressobj(9)
    body = b"".join(compressor.compress(raw_row) for _ in range(side)) + compressor.flush()
    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", body) + _png_chunk(b"IEND", b"")


def jpeg_header_bomb() -> bytes:
    """A small JPEG whose SOF marker is patched to claim 65000×65000 pixels."""
    data = bytearray(jpeg_bytes((64, 64)))
    for marker in (b"\xff\xc0", b"\xff\xc2"):
        at = data.find(marker)
        if at >= 0:
            struct.pack_into(">HH", data, at + 5, 65000, 65000)
            return bytes(data)
    raise AssertionError("no SOF marker")


def xlsx_bytes() -> bytes:
    """A small valid workbook with one cell of text."""
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "缴费记录"
    workbook.active["A2"] = 5
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def docx_bytes() -> bytes:
    """A small valid Word document."""
    import docx

    document = docx.Document()
    document.add_paragraph("专业技术工作总结")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


_LAUGHS = ('<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol0 "lolololololol">'
           + "".join(f'<!ENTITY lol{i} "' + f"&lol{i - 1};" * 10 + '">' for i in range(1, 10)) + "]>\n")
_XXE = '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'


def with_dtd(package: bytes, member: str, prolog: str, reference: str, anchor: str) -> bytes:
    """`package` with `member` prefixed by a DTD `prolog` and `anchor` (some text in it) replaced by `reference`."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == member:
                text = data.decode("utf-8")
                if text.startswith("<?xml"):
                    text = text[text.index("?>") + 2:].lstrip()
                assert anchor in text, (member, anchor)
                data = (prolog + text.replace(anchor, reference, 1)).encode("utf-8")
            target.writestr(info, data)
    return out.getvalue()


def with_zero_member(package: bytes, member: str, size: int) -> bytes:
    """`package` (a zip) plus `member` of `size` zero bytes, deflated (ratio ~1000:1)."""
    out = io.BytesIO(package)
    block = b"\x00" * MB
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive, \
            archive.open(member, "w", force_zip64=True) as sink:
        for _ in range(size // MB):
            sink.write(block)
    return out.getvalue()


def zip_of(members: dict[str, bytes], *, utf8_names: bool = True) -> bytes:
    """A zip of `members`: names as UTF-8 (flagged), or as raw GBK bytes without the UTF-8 flag (what
    Windows' built-in compression writes on a Chinese system)."""
    out = io.BytesIO()
    raw_names: dict[bytes, bytes] = {}
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (name, data) in enumerate(members.items()):
            if utf8_names:
                archive.writestr(name, data)
                continue
            raw = name.encode("gbk")
            placeholder = f"~{index:05d}~".encode().ljust(len(raw), b"_")
            assert len(placeholder) == len(raw), "names under 7 bytes are not supported"
            raw_names[placeholder] = raw
            archive.writestr(placeholder.decode("ascii"), data)
    data = out.getvalue()
    for placeholder, raw in raw_names.items():  # same length: every offset stays valid
        data = data.replace(placeholder, raw)
    return data


def mark_encrypted(package: bytes) -> bytes:
    """Set the "encrypted" flag on every member of a zip (local and central headers)."""
    data = bytearray(package)
    for signature, flag_offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature)
        while at >= 0:
            (flags,) = struct.unpack_from("<H", data, at + flag_offset)
            struct.pack_into("<H", data, at + flag_offset, flags | 0x1)
            at = data.find(signature, at + 4)
    return bytes(data)


def _folder(base: Path, name: str) -> Path:
    folder = base / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _one_file(rel: str, make: Callable[[bool], bytes]) -> Callable[[Path, bool], Path]:
    """A builder for a materials folder holding one file at `rel`."""

    def build(folder: Path, big: bool) -> Path:
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(make(big))
        return folder

    return build


# --- cases whose build is more than one file -------------------------------------------------------------


def _invalid_utf8_name(folder: Path, big: bool) -> Path:
    name = os.fsencode(folder) + b"/\xff\xfe\xb0\xa1-scan.pdf"  # bytes that are not UTF-8
    with open(name, "wb") as handle:
        handle.write(pdf_bytes())
    return folder


def _gbk_name(folder: Path, big: bool) -> Path:
    with open(os.fsencode(folder) + b"/" + "营业执照.pdf".encode("gbk"), "wb") as handle:
        handle.write(pdf_bytes())
    return folder


def _control_char_name(folder: Path, big: bool) -> Path:
    (folder / "line\nbreak\t.pdf").write_bytes(pdf_bytes())
    return folder


def _long_names(folder: Path, big: bool) -> Path:
    sub = folder / ("长" * 84)  # 252 bytes in UTF-8
    sub.mkdir()
    (sub / ("名" * 83 + ".pdf")).write_bytes(pdf_bytes())  # 253 bytes
    (folder / "营业执照.pdf").write_bytes(pdf_bytes())  # a root file: the long folder is not a wrapper to unwrap
    return folder


def _symlink_outside(folder: Path, big: bool) -> Path:
    secret = folder.parent / f"{folder.name}-outside-secret.pdf"
    secret.write_bytes(pdf_bytes())
    (folder / "营业执照.pdf").symlink_to(secret)
    (folder / "etc-passwd").symlink_to("/etc/passwd")
    return folder


def _symlink_loop(folder: Path, big: bool) -> Path:
    (folder / "a.pdf").symlink_to(folder / "b.pdf")
    (folder / "b.pdf").symlink_to(folder / "a.pdf")
    (folder / "self").symlink_to(".")  # a folder link back to the root
    return folder


def _unreadable(folder: Path, big: bool) -> Path:
    target = folder / "营业执照.pdf"
    target.write_bytes(pdf_bytes())
    target.chmod(0)
    return folder


def _fifo(folder: Path, big: bool) -> Path:
    os.mkfifo(folder / "pipe.pdf")
    return folder


def _sparse(folder: Path, big: bool) -> Path:
    with open(folder / "huge-scan.pdf", "wb") as handle:
        handle.truncate(1024 * MB)
    return folder


def _folder_named_like_file(folder: Path, big: bool) -> Path:
    (folder / "照片.jpg").mkdir()
    (folder / "照片.jpg" / "说明.txt").write_text("这是一个文件夹", encoding="utf-8")
    return folder


def _deep(folder: Path, big: bool) -> Path:
    deep = folder.joinpath(*["层"] * 30)
    deep.mkdir(parents=True)
    (deep / "buried.pdf").write_bytes(pdf_bytes())
    return folder


def _zip_materials(name: str, members: Callable[[bool], bytes]) -> Callable[[Path, bool], Path]:
    def build(folder: Path, big: bool) -> Path:
        target = folder / name
        target.write_bytes(members(big))
        return target

    return build


def _zip_bomb(big: bool) -> bytes:
    return with_zero_member(zip_of({"材料/营业执照.pdf": pdf_bytes()}), "材料/zeros.pdf", (256 if big else 64) * MB)


def _zip_unsafe(big: bool) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("营业执照.pdf", pdf_bytes())
        for name in ("../../escape.pdf", "/etc/cron.d/evil.pdf", "C:\\Windows\\evil.pdf", "ok/../../up.pdf"):
            info = zipfile.ZipInfo("placeholder")
            info.filename = name  # ZipInfo() would normalise the name; a crafted zip does not
            archive.writestr(info, pdf_bytes())
    return out.getvalue()


def _truncated_zip(big: bool) -> bytes:
    data = zip_of({"营业执照.pdf": pdf_bytes(), "照片.jpg": jpeg_bytes()})
    return data[: len(data) // 2]


def _facts(text: bytes) -> Callable[[Path, bool], Path]:
    def build(folder: Path, big: bool) -> Path:
        (folder / "zccheck.toml").write_bytes(text)
        (folder / "营业执照.pdf").write_bytes(pdf_bytes())
        return folder

    return build


def _half(data: bytes) -> bytes:
    return data[: len(data) // 2]


CASES: tuple[Case, ...] = (
    # --- PDFs
    Case("pdf-truncated", "PDF cut in half (interrupted download)",
         _one_file("truncated.pdf", lambda big: _half(pdf_bytes(3))), frozenset({"corrupt-file"}), "truncated.pdf",
         reason="%%EOF"),
    Case("pdf-garbage", "PDF header followed by random bytes",
         _one_file("garbage.pdf", lambda big: b"%PDF-1.7\n" + os.urandom(20_000) + b"\n%%EOF\n"),
         frozenset({"corrupt-file"}), "garbage.pdf"),
    Case("pdf-broken-xref-repairable", "startxref points nowhere; the objects are intact (pypdf rebuilds)",
         _one_file("xref.pdf", lambda big: re.sub(rb"startxref\s+\d+", b"startxref\n999999", pdf_bytes(2))),
         frozenset(), "xref.pdf", forbidden=frozenset({"corrupt-file"})),
    Case("pdf-broken-xref-unrepairable", "startxref points nowhere and no object can be found",
         _one_file("xref-dead.pdf", lambda big: re.sub(rb"startxref\s+\d+", b"startxref\n999999",
                                                       pdf_bytes(2)).replace(b" obj", b" jbo")),
         frozenset({"corrupt-file"}), "xref-dead.pdf"),
    Case("pdf-user-password", "encrypted, needs a password to open",
         _one_file("locked.pdf", lambda big: pdf_bytes(password="secret")), frozenset({"encrypted-pdf"}), "locked.pdf"),
    Case("pdf-owner-password", "encrypted with permissions only (opens without a password)",
         _one_file("restricted.pdf", lambda big: pdf_bytes(password="owner", owner_only=True)),
         frozenset({"restricted-pdf"}), "restricted.pdf"),
    Case("pdf-self-referencing", "page tree node that is its own kid",
         _one_file("loop.pdf", lambda big: looping_pdf()), frozenset({"corrupt-file"}), "loop.pdf"),
    # The three below display in a viewer (pdfium, the judge of `corrupt-file`): no error about the file,
    # and the scan still ends (content readers are bounded). Without pdfium they are `pdf-unverified`.
    Case("pdf-page-dag", "page tree of 2**40 leaves in 1 KB (each node lists the next twice)",
         _one_file("dag.pdf", lambda big: page_dag_pdf()), frozenset(), "dag.pdf", exit_code=1,
         forbidden=frozenset({"corrupt-file", "internal-error"})),
    Case("pdf-deep-nesting", "an array nested 100,000 levels deep",
         _one_file("deep.pdf", lambda big: deep_nesting_pdf()), frozenset(), "deep.pdf",
         forbidden=frozenset({"corrupt-file", "internal-error"})),
    Case("pdf-slow-parse", "valid PDF whose parsing takes ~1 µs per byte of a 40 MB hex string",
         _one_file("slow.pdf", lambda big: slow_pdf(40 * MB if big else 3 * MB)), frozenset(),
         "slow.pdf", forbidden=frozenset({"corrupt-file", "internal-error"}), tags=("timeout",)),
    # --- empty and images
    Case("zero-byte-pdf", "0-byte PDF", _one_file("empty.pdf", lambda big: b""), frozenset({"empty-file"}),
         "empty.pdf"),
    Case("zero-byte-jpeg", "0-byte JPEG", _one_file("empty.jpg", lambda big: b""), frozenset({"empty-file"}),
         "empty.jpg"),
    Case("jpeg-truncated", "JPEG cut in half", _one_file("cut.jpg", lambda big: _half(jpeg_bytes())),
         frozenset({"corrupt-file"}), "cut.jpg", reason="截断"),
    Case("png-truncated", "PNG cut in half", _one_file("cut.png", lambda big: _half(png_bytes())),
         frozenset({"corrupt-file"}), "cut.png"),
    Case("png-pixel-bomb", "PNG header claiming 100000×100000 pixels",
         _one_file("bomb.png", lambda big: png_header_bomb()), frozenset({"corrupt-file"}), "bomb.png",
         reason="解压炸弹"),
    Case("jpeg-pixel-bomb", "JPEG header claiming 65000×65000 pixels",
         _one_file("bomb.jpg", lambda big: jpeg_header_bomb()), frozenset({"corrupt-file"}), "bomb.jpg",
         reason="解压炸弹"),
    Case("png-100-megapixels", "a real 10000×10000 PNG (under the pixel limit, ~100 KB on disk)",
         _one_file("big.png", lambda big: png_large_blank(10_000)), frozenset(), "big.png",
         forbidden=frozenset({"corrupt-file"})),
    # --- Office containers
    Case("xlsx-zip-bomb", "xlsx with a member of 64 MB of zeros (ratio ~1000:1)",
         _one_file("养老保险缴费记录.xlsx", lambda big: with_zero_member(xlsx_bytes(), "xl/media/zeros.bin",
                                                                         (256 if big else 64) * MB)),
         frozenset({"corrupt-file"}), "养老保险缴费记录.xlsx", reason="压缩"),
    Case("xlsx-billion-laughs", "xlsx whose sheet XML defines nested entities (billion laughs)",
         _one_file("laughs.xlsx", lambda big: with_dtd(xlsx_bytes(), "xl/worksheets/sheet1.xml", _LAUGHS,
                                                        "&lol9;", "<v>5</v>")),
         frozenset({"corrupt-file"}), "laughs.xlsx", reason="实体"),
    Case("xlsx-external-entity", "xlsx whose workbook XML references file:///etc/passwd",
         _one_file("xxe.xlsx", lambda big: with_dtd(xlsx_bytes(), "xl/workbook.xml", _XXE, "&xxe;",
                                                     'name="Sheet"')),
         frozenset({"corrupt-file"}), "xxe.xlsx", reason="实体"),
    Case("docx-billion-laughs", "a 工作总结 .docx whose document XML defines nested entities",
         _one_file("专业技术工作总结.docx", lambda big: with_dtd(docx_bytes(), "word/document.xml", _LAUGHS,
                                                                "&lol9;", "专业技术工作总结")),
         frozenset({"corrupt-file"}), "专业技术工作总结.docx", reason="实体"),
    # --- names and the file system
    Case("name-invalid-utf8", "file name with bytes that are not UTF-8", _invalid_utf8_name,
         frozenset({"unrecognised-file"}), "\ufffd\ufffd\ufffd\ufffd-scan.pdf", posix_only=True),
    Case("name-gbk-bytes", "营业执照.pdf named in GBK bytes (a Windows zip unpacked on Linux)", _gbk_name,
         frozenset(), "营业执照.pdf", forbidden=frozenset({"unrecognised-file"}), posix_only=True),
    Case("name-control-chars", "file name with a newline and a tab", _control_char_name,
         frozenset({"unrecognised-file"}), "line?break?.pdf", posix_only=True),
    Case("name-very-long", "folder and file names of 252/253 bytes", _long_names,
         frozenset({"unrecognised-file"}), "长" * 84 + "/" + "名" * 83 + ".pdf"),
    Case("symlink-outside", "links to a file outside the root and to /etc/passwd", _symlink_outside,
         frozenset({"symlink-skipped"}), "营业执照.pdf", posix_only=True),
    Case("symlink-loop", "two links pointing at each other, and a link to the root itself", _symlink_loop,
         frozenset({"symlink-skipped"}), "a.pdf", posix_only=True),
    Case("unreadable-file", "chmod 000 file", _unreadable, frozenset({"unreadable-file"}), "营业执照.pdf",
         posix_only=True, needs_non_root=True, exit_code=3),
    Case("fifo", "a named pipe called pipe.pdf (a naive reader blocks forever)", _fifo,
         frozenset({"unreadable-file"}), "pipe.pdf", posix_only=True, exit_code=3),
    Case("sparse-1gb", "1 GB sparse file", _sparse, frozenset({"file-too-large"}), "huge-scan.pdf"),
    Case("folder-named-like-file", "a folder called 照片.jpg", _folder_named_like_file,
         frozenset({"folder-named-like-file"}), "照片.jpg"),
    Case("deep-nesting", "30 nested folders", _deep, frozenset({"folder-too-deep"})),
    # --- the materials as a zip
    Case("zip-bomb-materials", "materials .zip with a 64 MB-of-zeros member", _zip_materials("bomb.zip", _zip_bomb),
         frozenset({"zip-member-skipped"}), "zeros.pdf", reason="bomb"),
    Case("zip-unsafe-paths", "materials .zip with ../, absolute and drive-letter member names",
         _zip_materials("unsafe.zip", _zip_unsafe), frozenset({"zip-member-skipped"}), reason="unsafe-path"),
    Case("zip-encrypted-members", "materials .zip whose every member is encrypted",
         _zip_materials("locked.zip", lambda big: mark_encrypted(zip_of({"营业执照.pdf": pdf_bytes()}))),
         frozenset({"zip-member-skipped"}), "营业执照.pdf", exit_code=3, reason="encrypted"),
    Case("zip-truncated", "materials .zip cut in half", _zip_materials("cut.zip", _truncated_zip), exit_code=3),
    Case("zip-zero-byte", "0-byte materials .zip", _zip_materials("empty.zip", lambda big: b""), exit_code=3),
    # --- the facts file
    Case("facts-binary", "zccheck.toml holding binary bytes", _facts(b"\x00\x01\x02\xff" * 64), exit_code=2),
    Case("facts-bad-toml", "zccheck.toml with a syntax error on line 2",
         _facts('[applicant]\nname = "张三\n'.encode()), exit_code=2),
    Case("facts-dotted-key-bomb", "zccheck.toml with a 100,000-part dotted key (quadratic in tomllib)",
         _facts(b"a." * 100_000 + b"b = 1\n"), exit_code=2),
    Case("facts-huge-integer", "zccheck.toml with a 5000-digit integer (ValueError in tomllib)",
         _facts(b"[applicant]\nname = " + b"9" * 5000 + b"\n"), exit_code=2),
)


def build_case(case: Case, base: Path, *, big: bool = False) -> Path:
    """Build `case` under `base/<case.name>/` and return the path to scan."""
    return case.build(_folder(base, case.name), big)


def usable(case: Case) -> str | None:
    """Why `case` cannot run here, or None."""
    if case.posix_only and sys.platform == "win32":
        return "needs POSIX file-system features"
    return None


# --- the read-only check ------------------------------------------------------------------------------------

FULL_HASH_LIMIT = 64 * MB
Fingerprint = dict[bytes, tuple]


def fingerprint(top: Path) -> Fingerprint:
    """Every entry below `top` (and `top` itself): type, mode, size, mtime, ctime, link target, content hash."""
    prints: Fingerprint = {}
    stack = [os.fsencode(top)]
    while stack:
        folder = stack.pop()
        info = os.lstat(folder)
        prints[folder] = ("dir", info.st_mode, info.st_mtime_ns, info.st_ctime_ns, sorted(os.listdir(folder)))
        for name in os.listdir(folder):
            path = os.path.join(folder, name)
            info = os.lstat(path)
            if stat.S_ISDIR(info.st_mode):
                stack.append(path)
            elif stat.S_ISLNK(info.st_mode):
                prints[path] = ("link", os.readlink(path), info.st_mtime_ns, info.st_ctime_ns)
            elif stat.S_ISREG(info.st_mode):
                prints[path] = ("file", info.st_mode, info.st_size, info.st_mtime_ns, info.st_ctime_ns,
                                _content_hash(path, info.st_size, info.st_mode))
            else:
                prints[path] = ("special", info.st_mode, info.st_mtime_ns, info.st_ctime_ns)
    return prints


def _content_hash(path: bytes, size: int, mode: int) -> str:
    if not mode & stat.S_IRUSR and not IS_ROOT:
        return "unreadable"
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        if size <= FULL_HASH_LIMIT:
            for chunk in iter(lambda: handle.read(MB), b""):  # in chunks: the benchmark's RSS stays small
                digest.update(chunk)
        else:  # a huge (sparse) file: its ends; any write changes mtime/ctime anyway
            digest.update(handle.read(MB))
            handle.seek(size - MB)
            digest.update(handle.read())
    return digest.hexdigest()


def diff(before: Fingerprint, after: Fingerprint) -> list[str]:
    """What changed between two fingerprints, readable."""
    changes = [f"created {os.fsdecode(p)}" for p in sorted(set(after) - set(before))]
    changes += [f"removed {os.fsdecode(p)}" for p in sorted(set(before) - set(after))]
    changes += [f"changed {os.fsdecode(p)}" for p in sorted(set(before) & set(after)) if before[p] != after[p]]
    return changes
