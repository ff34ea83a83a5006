"""Open the materials, a folder or a .zip, as an Inventory."""

from __future__ import annotations

import zipfile
from pathlib import Path

from zccheck.inventory.folder import walk_folder
from zccheck.inventory.model import Inventory, MaterialsUnreadable
from zccheck.inventory.shape import KeepFolder
from zccheck.inventory.zipsource import read_zip

NOT_MATERIALS = "不是文件夹，也不是可读的 .zip 文件 / not a folder or a readable .zip file"


def open_materials(path: str | Path, keep: KeepFolder | None = None) -> Inventory:
    """Inventory `path`; raise MaterialsUnreadable when it is neither a readable folder nor a zip.

    Wrapper folders (a lone top folder, also inside a zip beside `__MACOSX/`) are looked through unless
    `keep(name)` says the lone folder is itself material (classify.classifier.names_material).
    """
    target = Path(path)
    if target.is_dir():
        return walk_folder(target, keep)
    if not target.exists():
        raise MaterialsUnreadable(str(path), "路径不存在 / no such file or folder")
    if target.is_file():
        try:
            is_zip = zipfile.is_zipfile(target)
        except OSError as exc:
            raise MaterialsUnreadable(str(path), exc.strerror or str(exc)) from None
        if is_zip:
            return read_zip(target, keep)
        raise MaterialsUnreadable(str(path), NOT_MATERIALS)
    raise MaterialsUnreadable(str(path), NOT_MATERIALS)
