"""Read a .zip of materials in place (nothing is extracted), decoding Windows (GBK) member names.

Members are read lazily through the open archive with caps on member size, on total size and on the
compression ratio, and the central directory's size is checked before it is parsed, so a zip bomb is a
finding, not an exhausted machine (see zipguard.py). Unsafe member names (`../`, absolute paths, drive
letters) are reported and skipped; since nothing is extracted they could not escape anywhere anyway.
"""

from __future__ import annotations

import threading
import zipfile
from pathlib import Path, PurePosixPath

from zccheck.findings import Problem
from zccheck.inventory.build import display_name, is_clutter, make_document
from zccheck.inventory.document import ReadError
from zccheck.inventory.factsfile import FACTS_MAX_BYTES, FactsDecodeError, decode_facts
from zccheck.inventory.filetype import extension_kind
from zccheck.inventory.model import Inventory, MaterialsUnreadable
from zccheck.inventory.shape import (
    KeepFolder,
    adopt_nested_facts,
    is_facts_file,
    is_tidy_manifest,
    tree_lister,
    wrapper_prefix,
)
from zccheck.inventory.zipguard import ARCHIVE_LIMITS, archive_refusal, member_refusal

LIMITS = ARCHIVE_LIMITS
MAX_MEMBERS = LIMITS.max_members
MAX_TOTAL_BYTES = LIMITS.max_total_bytes
MAX_RATIO = LIMITS.max_ratio
_UTF8_FLAG = 0x800


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


def _open_archive(path: Path) -> zipfile.ZipFile:
    try:
        handle = open(path, "rb")  # noqa: SIM115 - owned by the ZipFile, which members read through lazily
    except OSError as exc:
        raise MaterialsUnreadable(str(path), f"无法打开 / cannot open: {exc.strerror or exc}") from None
    refusal = archive_refusal(handle)
    if refusal is not None:
        handle.close()
        raise MaterialsUnreadable(str(path), f"压缩包无法安全读取 / unsafe zip: {refusal.message_zh}")
    try:
        return zipfile.ZipFile(handle)
    except Exception as exc:  # BadZipFile, OSError, ValueError, EOFError, unsupported compression, struct.error
        handle.close()
        raise MaterialsUnreadable(str(path), f"不是可读取的 zip 文件 / not a readable zip: {exc}") from None


def read_zip(path: Path, keep: KeepFolder | None = None) -> Inventory:
    """Inventory a zip of materials, looking through wrapper folders (a single top folder beside `__MACOSX/`,
    see shape.py; `keep(name)` says a lone folder is itself material, e.g. "08-1 业绩成果")."""
    archive = _open_archive(path)
    infos = archive.infolist()
    inventory = Inventory(root=str(path), source="zip")
    lock = threading.Lock()
    entries = []
    for info in infos[:MAX_MEMBERS]:
        parts, unsafe = _safe_parts(decode_member_name(info))
        if info.filename.endswith("/"):  # a folder entry (ZipInfo.is_dir() fails on an empty name)
            continue
        if parts:
            entries.append((info, parts, unsafe))
    if len(infos) > MAX_MEMBERS:
        inventory.problems.append(Problem("zip-member-skipped", path=None,
                                          params={"name": f"{len(infos) - MAX_MEMBERS} 个文件",
                                                  "reason": f"压缩包文件数超过 {MAX_MEMBERS}"},
                                          details={"reason": "too-many-members"}))
    prefix = wrapper_prefix(tree_lister(parts for _, parts, _ in entries), keep)
    inventory.prefix = "/".join(display_name(p) for p in prefix)
    strip = len(prefix)
    outside = [(info, parts) for info, parts, _ in entries if parts[:strip] != prefix]
    entries = [entry for entry in entries if entry[1][:strip] == prefix]
    inventory.ignored.extend("/".join(display_name(p) for p in parts) for _, parts in outside)
    _report_file_like_folders([parts[strip:] for _, parts, _ in entries], inventory)
    nested_facts: list = []
    total = 0
    for info, parts, unsafe in entries:
        rel_parts = parts[strip:]
        rel = "/".join(display_name(p) for p in rel_parts)
        if is_clutter(rel):
            inventory.ignored.append(rel)
            continue
        if len(rel_parts) > 1 and is_facts_file(rel_parts[-1]) and not unsafe:  # never a material
            if info.file_size <= FACTS_MAX_BYTES:
                nested_facts.append((rel, _member_reader(archive, info, lock)))
            else:
                inventory.ignored.append(rel)
            continue
        if unsafe:
            inventory.problems.append(Problem("zip-member-skipped", path=rel,
                                              params={"name": rel, "reason": "成员路径含“../”或绝对路径，不安全"},
                                              details={"reason": "unsafe-path", "member": display_name(info.filename)}))
            continue
        refusal = member_refusal(info, LIMITS, total)
        if refusal is not None:
            inventory.problems.append(Problem("zip-member-skipped", path=rel,
                                              params={"name": rel, "reason": refusal.message_zh},
                                              details={"reason": refusal.reason, "declared_bytes": info.file_size,
                                                       "compressed_bytes": info.compress_size}))
            continue
        total += info.file_size
        try:
            _member(archive, info, lock, rel, rel_parts, inventory)
        except Exception as exc:  # a bug met on one member must not stop the inventory
            inventory.problems.append(Problem("internal-error", path=rel, params={
                "check": "inventory", "target": f"“{rel}”", "error": f"{type(exc).__name__}: {exc}"},
                details={"exception": type(exc).__name__}))
    adopt_nested_facts(inventory, nested_facts)
    return inventory


def _member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, lock: threading.Lock, rel: str,
            rel_parts: tuple[str, ...], inventory: Inventory) -> None:
    reader = _member_reader(archive, info, lock)
    if len(rel_parts) == 1 and info.file_size < 10 * 1024 * 1024 and is_tidy_manifest(rel, reader):
        inventory.ignored.append(rel)
        return
    if len(rel_parts) == 1 and is_facts_file(rel):
        if info.file_size > FACTS_MAX_BYTES:
            inventory.facts_error = f"文件过大（{info.file_size // 1024} KB），不是有效的申报信息文件"
            return
        try:
            inventory.facts_text = decode_facts(reader())
        except (ReadError, FactsDecodeError) as exc:
            inventory.facts_error = exc.detail if isinstance(exc, ReadError) else str(exc)
        return
    inventory.documents.append(make_document(rel, info.file_size, reader, mtime=None))


def _report_file_like_folders(all_parts: list[tuple[str, ...]], inventory: Inventory) -> None:
    """One `folder-named-like-file` per folder inside the zip whose name carries a file extension."""
    seen: set[str] = set()
    for parts in all_parts:
        for depth in range(1, len(parts)):
            if extension_kind(parts[depth - 1]) is None:
                continue
            rel = "/".join(display_name(p) for p in parts[:depth])
            if rel not in seen and not is_clutter(rel + "/x"):
                seen.add(rel)
                inventory.problems.append(Problem("folder-named-like-file", path=rel, params={"name": rel}))


def _member_reader(archive: zipfile.ZipFile, info: zipfile.ZipInfo, lock: threading.Lock):
    def read() -> bytes:
        try:
            with lock, archive.open(info) as handle:
                data = handle.read(info.file_size + 1)
        except RuntimeError as exc:  # encrypted member
            raise ReadError("zip", f"压缩包中的文件设了密码（{exc}）") from None
        except Exception as exc:  # BadZipFile (CRC), OSError, EOFError, unsupported compression, zlib.error
            raise ReadError("zip", f"压缩包中的数据损坏（{type(exc).__name__}: {exc}）") from None
        if len(data) > info.file_size:
            raise ReadError("zip", "解压后的数据比声明的大，压缩包已损坏")
        return data

    return read
