"""Walk a folder read-only: never follow links out of the root, never write, survive anything.

* Files are opened read-only with O_NOFOLLOW and O_NONBLOCK and checked with fstat to be regular files, so
  a file swapped for a link or a pipe between listing and opening is refused, not followed or waited on.
* Links are followed only to regular files inside the root; links to folders, out of the root, dangling or
  looping are reported (`symlink-skipped`) and never followed, so the walk cannot leave the root or cycle.
* Folders deeper than MAX_DEPTH are reported (`folder-too-deep`), not walked.
* One file's failure is one finding; nothing met while walking stops the walk.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO

from zccheck.findings import Problem
from zccheck.inventory.build import READ_CAP_BYTES, display_name, is_clutter, make_document
from zccheck.inventory.document import ReadError
from zccheck.inventory.factsfile import FACTS_MAX_BYTES, FactsDecodeError, decode_facts
from zccheck.inventory.filetype import HEAD_BYTES, extension_kind
from zccheck.inventory.model import Inventory, MaterialsUnreadable
from zccheck.inventory.shape import (
    KeepFolder,
    adopt_nested_facts,
    is_facts_file,
    is_tidy_manifest,
    wrapper_prefix,
)

MAX_DEPTH = 24
_OPEN_FLAGS = (os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
               | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
_MB = 1024 * 1024
_LINK_REASONS = {
    "dangling": ("目标不存在", "its target does not exist"),
    "loop": ("循环链接", "a link loop"),
    "outside": ("指向材料文件夹之外", "it points out of the materials folder"),
    "directory": ("指向文件夹，文件夹链接不跟随", "it points to a folder; folder links are not followed"),
    "special-file": ("指向的不是普通文件", "it points to something that is not a regular file"),
}


def read_regular_file(path: Path | str, limit: int | None = None) -> bytes:
    """The bytes of a regular file (at most `limit` bytes when given); ReadError with a Chinese detail otherwise.

    Without `limit`, a file over READ_CAP_BYTES is refused rather than read into memory.
    """
    fd = _open_regular(path)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ReadError("not-a-file", "不是普通文件")
        cap = limit if limit is not None else READ_CAP_BYTES
        if limit is None and info.st_size > cap:
            raise ReadError("too-large", f"超过 {cap // _MB} MB，未读取")
        # One read of the size the file says it has: a single buffer, never chunks joined into a second copy
        # (a 200 MB scan would briefly take 400 MB). A file that grows meanwhile is read on, up to the cap.
        chunks = [os.read(fd, min(info.st_size, cap) + 1)]
        total = len(chunks[0])
        while chunks[-1] and total <= cap:
            chunk = os.read(fd, min(cap + 1 - total, 4 * _MB))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        data = chunks[0] if len(chunks) == 1 else b"".join(chunks)
    except OSError as exc:
        raise ReadError("io", f"读取出错：{exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if len(data) > cap:
        if limit is not None:
            return data[:limit]
        raise ReadError("too-large", f"超过 {cap // _MB} MB，未读取")
    return data


def _open_regular(path: Path | str) -> int:
    """A read-only descriptor of `path`, not following a final link; ReadError with a Chinese detail."""
    try:
        return os.open(path, _OPEN_FLAGS)
    except FileNotFoundError:
        raise ReadError("vanished", "文件在检查过程中被删除或移动") from None
    except PermissionError:
        raise ReadError("permission", "没有读取权限") from None
    except IsADirectoryError:
        raise ReadError("not-a-file", "不是普通文件") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise ReadError("not-a-file", "在检查过程中变成了链接，未跟随") from None
        raise ReadError("io", f"读取出错：{exc.strerror or exc}") from None


def open_regular_file(path: Path | str) -> BinaryIO:
    """A regular file opened read-only as a binary stream (the same refusals as `read_regular_file`), for
    readers that take a large file part by part instead of holding all of its bytes."""
    fd = _open_regular(path)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ReadError("not-a-file", "不是普通文件")
        if info.st_size > READ_CAP_BYTES:
            raise ReadError("too-large", f"超过 {READ_CAP_BYTES // _MB} MB，未读取")
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


class _FileReader:
    """Reads one file of the folder: called, its bytes (`read_regular_file`); `open()`, a binary stream."""

    def __init__(self, path: Path, limit: int | None = None) -> None:
        self.path = path
        self.limit = limit

    def __call__(self) -> bytes:
        return read_regular_file(self.path, self.limit)

    def open(self) -> BinaryIO:
        """The file as a seekable binary stream (see `open_regular_file`); the caller closes it."""
        return open_regular_file(self.path)


def _reader(path: Path, limit: int | None = None) -> _FileReader:
    return _FileReader(path, limit)


def _inside(root: Path, target: Path) -> bool:
    try:
        target.relative_to(root)
        return True
    except ValueError:
        return False


def walk_folder(root: Path, keep: KeepFolder | None = None) -> Inventory:
    """Inventory every file below `root` (sorted, deterministic), looking through wrapper folders (shape.py;
    `keep(name)` says a lone folder is itself material, e.g. "08-1 业绩成果")."""
    try:
        real_root = root.resolve(strict=True)
    except (OSError, RuntimeError) as exc:
        raise MaterialsUnreadable(str(root), f"无法打开 / cannot open: {exc}") from None
    if not real_root.is_dir():
        raise MaterialsUnreadable(str(root), "不是文件夹 / not a folder")
    try:
        os.listdir(real_root)
    except OSError as exc:
        reason = f"无法列出文件夹内容 / cannot list the folder: {exc.strerror or exc}"
        raise MaterialsUnreadable(str(root), reason) from None
    inventory = Inventory(root=str(root), source="folder")
    prefix = wrapper_prefix(_folder_lister(real_root), keep)
    inventory.prefix = "/".join(display_name(p) for p in prefix)
    nested_facts: list[tuple[str, object]] = []
    _walk(real_root, real_root.joinpath(*prefix), (), inventory, nested_facts)
    adopt_nested_facts(inventory, nested_facts)
    return inventory


def _folder_lister(root: Path):
    """What a folder below `root` holds, links excluded (a wrapper is never looked through via a link)."""
    def children(prefix: tuple[str, ...]) -> list[tuple[str, bool]] | None:
        try:
            with os.scandir(root.joinpath(*prefix)) as entries:
                return [(e.name, e.is_dir(follow_symlinks=False)) for e in entries if not e.is_symlink()
                        or not e.is_dir()]
        except OSError:
            return None

    return children


def _walk(root: Path, folder: Path, rel_parts: tuple[str, ...], inventory: Inventory, nested_facts: list) -> None:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        rel = "/".join(display_name(p) for p in rel_parts) or "."
        inventory.problems.append(Problem("unreadable-file", path=rel,
                                          params={"name": rel, "reason": f"文件夹无法打开（{exc.strerror or exc}）"},
                                          details={"reason": "folder-unlistable"}))
        return
    for entry in entries:
        parts = (*rel_parts, entry.name)
        rel = "/".join(display_name(p) for p in parts)
        if is_clutter(rel):
            inventory.ignored.append(rel)
            continue
        try:
            _entry(root, entry, parts, rel, inventory, nested_facts)
        except Exception as exc:  # a bug met on one entry must not stop the walk
            inventory.problems.append(Problem("internal-error", path=rel, params={
                "check": "inventory", "target": f"“{rel}”", "error": f"{type(exc).__name__}: {exc}"},
                details={"exception": type(exc).__name__}))


def _entry(root: Path, entry: os.DirEntry, parts: tuple[str, ...], rel: str, inventory: Inventory,
           nested_facts: list) -> None:
    path = Path(entry.path)
    try:
        if entry.is_symlink():
            _link(root, path, rel, inventory)
            return
        mode = entry.stat(follow_symlinks=False).st_mode
    except OSError as exc:
        reason = "文件在检查过程中被删除或移动" if isinstance(exc, FileNotFoundError) else (exc.strerror or str(exc))
        inventory.problems.append(Problem("unreadable-file", path=rel, params={"name": rel, "reason": reason},
                                          details={"reason": "stat-failed"}))
        return
    if stat.S_ISDIR(mode):
        if len(parts) >= MAX_DEPTH:
            inventory.problems.append(Problem("folder-too-deep", path=rel, params={"name": rel, "depth": MAX_DEPTH}))
            return
        if extension_kind(entry.name) is not None:
            inventory.problems.append(Problem("folder-named-like-file", path=rel, params={"name": rel}))
        _walk(root, path, parts, inventory, nested_facts)
    elif stat.S_ISREG(mode):
        if len(parts) > 1 and is_facts_file(entry.name):  # never a material
            nested_facts.append((rel, _reader(path, FACTS_MAX_BYTES + 1)))
            return
        _file(path, rel, inventory, top_level=len(parts) == 1)
    else:
        inventory.problems.append(Problem("unreadable-file", path=rel,
                                          params={"name": rel, "reason": "不是普通文件（设备、管道或套接字）"},
                                          details={"reason": "special-file"}))


def _link(root: Path, path: Path, rel: str, inventory: Inventory) -> None:
    token = None
    try:
        target = path.resolve(strict=True)
    except FileNotFoundError:
        token = "dangling"
    except (OSError, RuntimeError):  # ELOOP; RuntimeError("Symlink loop") on older Pythons
        token = "loop"
    else:
        if not _inside(root, target):
            token = "outside"
        elif target.is_dir():
            token = "directory"
        elif not target.is_file():
            token = "special-file"
    if token is not None:
        zh, en = _LINK_REASONS[token]
        inventory.problems.append(Problem("symlink-skipped", path=rel, params={"name": rel, "reason": zh,
                                                                               "reason_en": en},
                                          details={"reason": token}))
        return
    _file(target, rel, inventory, top_level="/" not in rel)


def _file(path: Path, rel: str, inventory: Inventory, *, top_level: bool) -> None:
    try:
        info = path.stat()
    except OSError as exc:
        reason = "文件在检查过程中被删除或移动" if isinstance(exc, FileNotFoundError) else (exc.strerror or str(exc))
        inventory.problems.append(Problem("unreadable-file", path=rel, params={"name": rel, "reason": reason},
                                          details={"reason": "stat-failed"}))
        return
    if not top_level and is_facts_file(rel.rsplit("/", 1)[-1]):  # a linked one below the root: not a material
        inventory.ignored.append(rel)
        return
    if top_level and is_tidy_manifest(rel, _reader(path, 64)):
        inventory.ignored.append(rel)
        return
    if top_level and is_facts_file(rel):
        try:
            inventory.facts_text = decode_facts(read_regular_file(path, FACTS_MAX_BYTES + 1))
        except (ReadError, FactsDecodeError) as exc:
            inventory.facts_error = exc.detail if isinstance(exc, ReadError) else str(exc)
        return
    inventory.documents.append(make_document(rel, info.st_size, _reader(path), mtime=info.st_mtime,
                                             head_reader=_reader(path, HEAD_BYTES)))
