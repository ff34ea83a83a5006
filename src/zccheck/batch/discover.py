"""Find the applicants of a batch: every subfolder or .zip directly under ROOT is one applicant."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from zccheck.inventory.build import display_name, is_clutter

# `batch --out` leaves this file in the folder it writes, so that folder is never taken for an applicant.
OUT_MARKER = ".zccheck-fixit-lists"
# Archives people send instead of a zip: listed as applicants whose materials cannot be read.
UNSUPPORTED_ARCHIVES = (".rar", ".7z")


class RootUnreadable(Exception):
    """ROOT is missing, not a folder, or cannot be listed (exit 3)."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass(frozen=True)
class Applicant:
    """One applicant's materials under ROOT."""

    entry: str  # the folder or file name under ROOT, safe to print
    path: Path  # absolute
    source: str  # "folder", "zip", or "archive" (rar/7z: not readable)

    @property
    def label(self) -> str:
        """The entry name without a .zip/.rar/.7z extension: what reports call the applicant."""
        lower = self.entry.lower()
        for suffix in (".zip", *UNSUPPORTED_ARCHIVES):
            if self.source != "folder" and lower.endswith(suffix):
                return self.entry[: -len(suffix)] or self.entry
        return self.entry


@dataclass
class Discovery:
    """The applicants found (in natural order) and the entries passed over."""

    root: Path
    applicants: list[Applicant] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)


def natural_key(text: str) -> tuple:
    """Sort key that puts "2-李四" before "10-王五"."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part.casefold())
                 for part in re.split(r"(\d+)", text) if part)


def discover(root: str | Path, skip: tuple[Path, ...] = ()) -> Discovery:
    """List the applicants directly under `root`; `skip` are paths never taken for one (e.g. --out DIR).

    Clutter (``__MACOSX``, ``Thumbs.db``, hidden and temporary files) and loose files other than archives
    (the roster itself, a README) are ignored; folders written by `batch --out` are skipped.
    Raises RootUnreadable when `root` cannot be listed.
    """
    base = Path(root)
    try:
        real = base.resolve(strict=True)
    except (OSError, RuntimeError) as exc:
        raise RootUnreadable(str(root), f"cannot open: {getattr(exc, 'strerror', None) or exc}") from None
    if not real.is_dir():
        raise RootUnreadable(str(root), "not a folder")
    try:
        entries = list(os.scandir(real))
    except OSError as exc:
        raise RootUnreadable(str(root), f"cannot list the folder: {exc.strerror or exc}") from None
    skipped = set()
    for path in skip:
        try:
            skipped.add(Path(path).resolve())
        except (OSError, RuntimeError):
            continue
    found = Discovery(root=real)
    for entry in sorted(entries, key=lambda e: natural_key(e.name)):
        name = display_name(entry.name)
        path = Path(entry.path)
        if name.startswith(".") or is_clutter(name) or is_clutter(f"{name}/-"):
            continue
        try:
            is_dir = entry.is_dir()
            is_file = entry.is_file()
            resolved = path.resolve()
        except (OSError, RuntimeError):  # unreadable entry, symlink loop
            found.ignored.append(name)
            continue
        if resolved in skipped:
            continue
        if is_dir:
            if (path / OUT_MARKER).exists():
                continue
            found.applicants.append(Applicant(name, path, "folder"))
        elif is_file and name.lower().endswith(".zip"):
            found.applicants.append(Applicant(name, path, "zip"))
        elif is_file and name.lower().endswith(UNSUPPORTED_ARCHIVES):
            found.applicants.append(Applicant(name, path, "archive"))
        else:
            found.ignored.append(name)
    return found


def output_conflict(target: str | Path, root: str | Path) -> str | None:
    """Why writing `target` (a file or folder the batch writes) would touch an applicant's materials, or None.

    Writing into ROOT itself is fine (loose files are not applicants), and so is a new folder directly
    under ROOT (it is marked so later batches skip it); anything inside an existing applicant folder is not.
    """
    try:
        real_root = Path(root).resolve()
        real = Path(target).resolve()
        relative = real.relative_to(real_root)
    except ValueError:
        return None
    except (OSError, RuntimeError) as exc:
        return f"cannot resolve {target}: {exc}"
    if not relative.parts:
        return None
    top = real_root / relative.parts[0]
    if top == real and (not top.exists() or (top.is_dir() and not any(top.iterdir()))):
        return None  # a new (or still empty) folder for the output
    if top.is_dir() and (top / OUT_MARKER).exists():
        return None
    if top.exists() and (top.is_dir() or top.suffix.lower() == ".zip"):
        return f"{target} is inside the applicant materials {top.name}"
    return None
