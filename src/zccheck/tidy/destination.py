"""Where `zccheck tidy` may write: a new or empty folder that is not inside the materials."""

from __future__ import annotations

from pathlib import Path


class TidyRefused(Exception):
    """The destination cannot be used; `zh`/`en` say why (the CLI prints them and exits 2)."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(zh)
        self.zh = zh
        self.en = en


def check_destination(src: Path, dst: Path) -> None:
    """Raise TidyRefused when writing DST could touch SRC or anything already there."""
    try:
        real_src = src.resolve(strict=True)
        real_dst = dst.resolve()
    except (OSError, RuntimeError) as exc:
        raise TidyRefused(f"无法解析路径：{exc}", f"cannot resolve the paths: {exc}") from None
    if real_dst == real_src or real_src in real_dst.parents:
        raise TidyRefused(f"输出文件夹“{dst}”在材料“{src}”之内；zccheck 从不写入申报材料，请换一个材料之外的文件夹。",
                          f"“{dst}” is inside the materials “{src}”; zccheck never writes there.")
    if dst.exists() or dst.is_symlink():
        if not dst.is_dir():
            raise TidyRefused(f"“{dst}”已存在且不是文件夹，请指定一个新的或空的文件夹。",
                              f"“{dst}” exists and is not a folder; give a new or empty folder.")
        try:
            occupied = any(dst.iterdir())
        except OSError as exc:
            raise TidyRefused(f"无法读取“{dst}”：{exc.strerror or exc}", f"cannot read “{dst}”: {exc}") from None
        if occupied:
            raise TidyRefused(f"输出文件夹“{dst}”不是空的；为避免覆盖已有文件，请指定一个新的或空的文件夹。",
                              f"“{dst}” is not empty; give a new or empty folder so nothing is overwritten.")
