"""Walk a folder read-only: never follow links out of the root, never write, survive anything."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from zccheck.findings import Problem
from zccheck.inventory.build import FACTS_FILE, display_name, is_clutter, make_document
from zccheck.inventory.document import ReadError
from zccheck.inventory.filetype import HEAD_BYTES
from zccheck.inventory.model import Inventory, MaterialsUnreadable

MAX_DEPTH = 24


def _reader(path: Path, limit: int | None = None):
    def read() -> bytes:
        try:
            with open(path, "rb") as handle:
                return handle.read() if limit is None else handle.read(limit)
        except FileNotFoundError:
            raise ReadError("vanished", "文件在检查过程中被删除或移动") from None
        except PermissionError:
            raise ReadError("permission", "没有读取权限") from None
        except IsADirectoryError:
            raise ReadError("not-a-file", "不是普通文件") from None
        except OSError as exc:
            raise ReadError("io", exc.strerror or str(exc)) from None

    return read


def _inside(root: Path, target: Path) -> bool:
    try:
        target.relative_to(root)
        return True
    except ValueError:
        return False


def walk_folder(root: Path) -> Inventory:
    """Inventory every file below `root` (sorted, deterministic)."""
    try:
        real_root = root.resolve(strict=True)
    except (OSError, RuntimeError) as exc:
        raise MaterialsUnreadable(str(root), f"cannot open: {exc}") from None
    if not real_root.is_dir():
        raise MaterialsUnreadable(str(root), "not a folder")
    try:
        os.listdir(real_root)
    except OSError as exc:
        raise MaterialsUnreadable(str(root), f"cannot list the folder: {exc.strerror or exc}") from None
    inventory = Inventory(root=str(root), source="folder")
    _walk(real_root, real_root, (), inventory)
    return inventory


def _walk(root: Path, folder: Path, rel_parts: tuple[str, ...], inventory: Inventory) -> None:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        rel = "/".join(display_name(p) for p in rel_parts) or "."
        inventory.problems.append(Problem("unreadable-file", path=rel, params={"name": rel, "reason": str(exc.strerror)},
                                          details={"reason": "folder-unlistable"}))
        return
    for entry in entries:
        parts = (*rel_parts, entry.name)
        rel = "/".join(display_name(p) for p in parts)
        if is_clutter(rel):
            inventory.ignored.append(rel)
            continue
        path = Path(entry.path)
        try:
            if entry.is_symlink():
                _link(root, path, rel, inventory)
                continue
            mode = entry.stat(follow_symlinks=False).st_mode
        except OSError as exc:
            inventory.problems.append(Problem("unreadable-file", path=rel,
                                              params={"name": rel, "reason": exc.strerror or str(exc)}))
            continue
        if stat.S_ISDIR(mode):
            if len(parts) >= MAX_DEPTH:
                inventory.problems.append(Problem("folder-too-deep", path=rel,
                                                  params={"name": rel, "depth": MAX_DEPTH}))
                continue
            _walk(root, path, parts, inventory)
        elif stat.S_ISREG(mode):
            _file(path, rel, inventory, top_level=len(parts) == 1)
        else:
            inventory.problems.append(Problem("unreadable-file", path=rel,
                                              params={"name": rel, "reason": "不是普通文件（设备、管道或套接字）"},
                                              details={"reason": "special-file"}))


def _link(root: Path, path: Path, rel: str, inventory: Inventory) -> None:
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        target = None
    if target is None or not _inside(root, target) or not target.is_file():
        inventory.problems.append(Problem("symlink-skipped", path=rel, params={"name": rel}))
        return
    _file(target, rel, inventory, top_level="/" not in rel)


def _file(path: Path, rel: str, inventory: Inventory, *, top_level: bool) -> None:
    try:
        info = path.stat()
    except OSError as exc:
        inventory.problems.append(Problem("unreadable-file", path=rel,
                                          params={"name": rel, "reason": exc.strerror or str(exc)}))
        return
    if top_level and path.name == FACTS_FILE:
        try:
            inventory.facts_text = _reader(path)().decode("utf-8-sig")
        except (ReadError, UnicodeDecodeError) as exc:
            inventory.facts_error = str(exc)
        return
    inventory.documents.append(make_document(rel, info.st_size, _reader(path), mtime=info.st_mtime,
                                             head_reader=_reader(path, HEAD_BYTES)))
