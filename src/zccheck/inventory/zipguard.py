"""THE zip-bomb guard: used by the materials zip source, the Office-container probe, the .docx/.xlsx content
readers (text, pension tables) and the roster. One implementation, two named sets of limits:
`ARCHIVE_LIMITS` for a materials .zip (a whole folder of scans) and `OFFICE_LIMITS` for an Office container
(.docx/.xlsx/.pptx/.ofd), which a real file stays far below.

Two levels, both from declared sizes only (no member is decompressed):
* the archive: the central directory's size, read from the end-of-central-directory record *before*
  `zipfile` parses it (`zipfile` builds one ZipInfo per entry for the whole directory, so a directory of
  millions of tiny entries would exhaust memory before any per-member cap could apply);
* each member: unpacked size, compression ratio, and the running total.

Declared sizes can lie, but `zipfile` never returns more than a member's declared size (a lying member
fails its CRC check instead), so caps on declared sizes bound what is actually decompressed.
"""

from __future__ import annotations

import contextlib
import struct
import zipfile
from dataclasses import dataclass
from typing import BinaryIO

_EOCD = struct.Struct("<4s4H2LH")
_ZIP64_LOCATOR = struct.Struct("<4sLQL")
_ZIP64_EOCD = struct.Struct("<4sQ2H2L4Q")
_MB = 1024 * 1024
# A central directory larger than this is not parsed (about 700,000 entries of 46 bytes).
MAX_DIRECTORY_BYTES = 32 * _MB


_ARCHIVE_MEMBER_BYTES = 200 * _MB  # = inventory.build.READ_CAP_BYTES: no member is read beyond this

ZIP_READ_ERRORS: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, struct.error)
"""What zipfile raises on a broken archive (NotImplementedError: a compression method it does not support)."""


@dataclass(frozen=True)
class ZipLimits:
    """Caps on what a zip may declare."""

    max_members: int
    max_total_bytes: int
    max_member_bytes: int
    max_ratio: float  # unpacked / packed, checked for members of at least `ratio_min_bytes`
    ratio_min_bytes: int
    max_directory_bytes: int = MAX_DIRECTORY_BYTES


ARCHIVE_LIMITS = ZipLimits(max_members=5000, max_total_bytes=2 * 1024 * _MB, max_member_bytes=_ARCHIVE_MEMBER_BYTES,
                           max_ratio=200, ratio_min_bytes=1 * _MB)
"""A materials .zip: up to 5000 files, 2 GB unpacked, members up to the read cap, ratio ≤ 200 above 1 MB."""
OFFICE_LIMITS = ZipLimits(max_members=2000, max_total_bytes=200 * _MB, max_member_bytes=64 * _MB,
                          max_ratio=200, ratio_min_bytes=1 * _MB)
"""An Office container: up to 2000 parts, 200 MB unpacked, one part up to 64 MB, ratio ≤ 200 above 1 MB."""


@dataclass(frozen=True)
class Refusal:
    """Why a zip or a member is not opened: a stable token and a short Chinese reason."""

    reason: str  # "corrupt", "too-many-members", "too-large", "bomb", "total-too-large", "encrypted"
    message_zh: str


def central_directory_size(handle: BinaryIO) -> tuple[int, int] | None:
    """(declared entries, central directory bytes) from the end record (zip64 aware); None if not found."""
    handle.seek(0, 2)
    size = handle.tell()
    tail_start = max(0, size - (_EOCD.size + 65535))
    handle.seek(tail_start)
    tail = handle.read()
    pos = tail.rfind(b"PK\x05\x06")
    if pos < 0 or pos + _EOCD.size > len(tail):
        return None
    _, _, _, _, entries, cd_size, _, _ = _EOCD.unpack_from(tail, pos)
    if entries == 0xFFFF or cd_size == 0xFFFFFFFF:
        locator_at = tail_start + pos - _ZIP64_LOCATOR.size
        if locator_at < 0:
            return entries, cd_size
        handle.seek(locator_at)
        sig, _, eocd64_at, _ = _ZIP64_LOCATOR.unpack(handle.read(_ZIP64_LOCATOR.size))
        if sig != b"PK\x06\x07" or eocd64_at + _ZIP64_EOCD.size > size:
            return entries, cd_size
        handle.seek(eocd64_at)
        record = handle.read(_ZIP64_EOCD.size)
        if len(record) == _ZIP64_EOCD.size and record[:4] == b"PK\x06\x06":
            values = _ZIP64_EOCD.unpack(record)
            entries, cd_size = values[7], values[8]
    return entries, cd_size


def archive_refusal(handle: BinaryIO, max_directory_bytes: int = MAX_DIRECTORY_BYTES) -> Refusal | None:
    """Refuse a zip whose central directory is too large to parse safely (checked before zipfile opens it)."""
    try:
        found = central_directory_size(handle)
    except (OSError, struct.error, ValueError) as exc:
        return Refusal("corrupt", f"压缩结构无法读取（{exc}）")
    finally:
        with contextlib.suppress(OSError, ValueError):
            handle.seek(0)
    if found is None:
        return None  # zipfile will report what is wrong
    _, cd_size = found
    if cd_size > max_directory_bytes:
        return Refusal("too-many-members", f"压缩目录有 {cd_size // _MB} MB（约 {cd_size // 46} 个文件），异常庞大")
    return None


def member_refusal(info: zipfile.ZipInfo, limits: ZipLimits, total: int = 0) -> Refusal | None:
    """Refuse one member by its declared sizes (`total`: what earlier accepted members unpack to)."""
    if info.flag_bits & 0x1:
        return Refusal("encrypted", "该文件在压缩包中设了密码")
    if info.file_size > limits.max_member_bytes:
        return Refusal("too-large", f"解压后 {info.file_size // _MB} MB，过大")
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size >= limits.ratio_min_bytes and ratio > limits.max_ratio:
        return Refusal("bomb", f"压缩比 {ratio:.0f}:1 异常（解压后 {info.file_size // _MB} MB，疑似压缩炸弹）")
    if total + info.file_size > limits.max_total_bytes:
        return Refusal("total-too-large", f"压缩包解压总量超过 {limits.max_total_bytes // _MB} MB")
    return None


def zip_refusal(handle: BinaryIO, limits: ZipLimits) -> Refusal | None:
    """Refuse a whole zip (e.g. an Office container) if the archive or any member is out of bounds."""
    refusal = archive_refusal(handle, limits.max_directory_bytes)
    if refusal is not None:
        return refusal
    try:
        with zipfile.ZipFile(handle) as archive:
            infos = archive.infolist()
    except ZIP_READ_ERRORS as exc:
        return Refusal("corrupt", f"压缩结构损坏（{type(exc).__name__}）")
    if len(infos) > limits.max_members:
        return Refusal("too-many-members", f"内含 {len(infos)} 个部件，异常")
    total = 0
    for info in infos:
        refusal = member_refusal(info, limits, total)
        if refusal is not None and refusal.reason != "encrypted":
            return Refusal(refusal.reason, f"内部文件 {info.filename}：{refusal.message_zh}")
        total += info.file_size
    return None


def office_zip_refusal(data: bytes) -> Refusal | None:
    """`zip_refusal` of an Office container's bytes with `OFFICE_LIMITS` (None: safe to open)."""
    import io

    return zip_refusal(io.BytesIO(data), OFFICE_LIMITS)
