"""Read a .zip of materials in place (nothing is extracted), decoding Windows (GBK) member names.

Members are read lazily through the open archive with caps on member size, on total size and on the
compression ratio, so a zip bomb is a finding, not an exhausted machine. Unsafe member names (`../`,
absolute paths) are reported; since nothing is extracted they cannot escape anywhere.
"""

from __future__ import annotations

import threading
import zipfile
from pathlib import Path, PurePosixPath

from zccheck.findings import Problem
from zccheck.inventory.build import FACTS_FILE, READ_CAP_BYTES, display_name, is_clutter, make_document
from zccheck.inventory.document import ReadError
from zccheck.inventory.model import Inventory, MaterialsUnreadable

MAX_MEMBERS = 5000
MAX_TOTAL_BYTES = 2 * 1024 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed, for members over 1 MB
_UTF8_FLAG = 0x800
_ENCRYPTED_FLAG = 0x1


def decode_member_name(info: zipfile.ZipInfo) -> str:
    """The member's real name: UTF-8 when flagged; otherwise the raw bytes tried as UTF-8, then GB18030."""
    if info.flag_bits & _UTF8_FLAG:
        return info.filename
    try:
        raw = info.filename.encode("cp437")
    except UnicodeEncodeError:
        return info.filename
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("gb18030", "replace")


def _safe_parts(name: str) -> tuple[tuple[str, ...], bool]:
    """Path parts of a member name with drive letters, leading slashes and `..` removed; and whether any were."""
    cleaned = name.replace("\\", "/")
    unsafe = cleaned.startswith("/") or (len(cleaned) > 1 and cleaned[1] == ":")
    parts = []
    for part in PurePosixPath(cleaned.lstrip("/")).parts:
        if part in ("..", ".") or part.endswith(":"):
            unsafe = True
            continue
        parts.append(part)
    return tuple(parts), unsafe


def read_zip(path: Path) -> Inventory:
    """Inventory a zip of materials. A single top folder common to all members is stripped."""
    try:
        archive = zipfile.ZipFile(path)
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise MaterialsUnreadable(str(path), f"not a readable zip: {exc}") from None
    inventory = Inventory(root=str(path), source="zip")
    lock = threading.Lock()
    entries = []
    for info in infos[:MAX_MEMBERS]:
        if info.is_dir():
            continue
        parts, unsafe = _safe_parts(decode_member_name(info))
        if parts:
            entries.append((info, parts, unsafe))
    if len(infos) > MAX_MEMBERS:
        inventory.problems.append(Problem("zip-member-skipped", path=None,
                                          params={"name": f"{len(infos) - MAX_MEMBERS} 个文件",
                                                  "reason": f"压缩包文件数超过 {MAX_MEMBERS}"}))
    tops = {parts[0] for _, parts, _ in entries if len(parts) > 1}
    strip = len(tops) == 1 and all(len(parts) > 1 for _, parts, _ in entries)
    total = 0
    for info, parts, unsafe in entries:
        rel_parts = parts[1:] if strip else parts
        rel = "/".join(display_name(p) for p in rel_parts)
        if is_clutter(rel):
            inventory.ignored.append(rel)
            continue
        reason = _refusal(info, total)
        if unsafe:
            inventory.problems.append(Problem("zip-member-skipped", path=rel,
                                              params={"name": rel, "reason": "成员路径含“../”或绝对路径，不安全"},
                                              details={"reason": "unsafe-path", "member": display_name(info.filename)}))
            continue
        if reason:
            inventory.problems.append(Problem("zip-member-skipped", path=rel, params={"name": rel, "reason": reason[1]},
                                              details={"reason": reason[0]}))
            continue
        total += info.file_size
        reader = _member_reader(archive, info, lock)
        if len(rel_parts) == 1 and rel == FACTS_FILE:
            try:
                inventory.facts_text = reader().decode("utf-8-sig")
            except (ReadError, UnicodeDecodeError) as exc:
                inventory.facts_error = str(exc)
            continue
        inventory.documents.append(make_document(rel, info.file_size, reader, mtime=None))
    return inventory


def _refusal(info: zipfile.ZipInfo, total: int) -> tuple[str, str] | None:
    if info.flag_bits & _ENCRYPTED_FLAG:
        return "encrypted", "该文件在压缩包中设了密码"
    if info.file_size > READ_CAP_BYTES:
        return "too-large", f"解压后 {info.file_size // 1024 // 1024} MB，过大"
    if info.file_size > 1024 * 1024 and info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
        return "bomb", "压缩比异常（疑似压缩炸弹）"
    if total + info.file_size > MAX_TOTAL_BYTES:
        return "total-too-large", "压缩包解压总量过大"
    return None


def _member_reader(archive: zipfile.ZipFile, info: zipfile.ZipInfo, lock: threading.Lock):
    def read() -> bytes:
        try:
            with lock, archive.open(info) as handle:
                data = handle.read(info.file_size + 1)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError) as exc:
            raise ReadError("zip", str(exc)) from None
        if len(data) > info.file_size:
            raise ReadError("zip", "member larger than its header says")
        return data

    return read
