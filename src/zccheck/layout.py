"""What a folder given on the command line looks like: one applicant's materials, or a unit's folder of
applicants. `scan` on a unit folder is pointed to `zccheck batch`, `batch` on one applicant's folder to
`zccheck scan` (people mix them up: a unit's HR office, an applicant with section folders).

Only names are read (never file contents); nothing is written.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from zccheck.inventory.build import display_name, is_clutter

FACTS_FILE = "zccheck.toml"
MIN_PERSON_FOLDERS = 3
"""A folder with at least this many person-named subfolders (and few others) is a unit's folder."""

_LEAD = re.compile(r"^[\d\s._\-—、()（）\[\]【】]+")
_TAIL = re.compile(r"([\s._\-—]*(的)?(申报|职称|评审|材料|资料|文件|工程师|助理工程师|技术员|中级|初级|\d+))+$")
_BRACKETS = re.compile(r"[（(【\[].*?[）)】\]]")
_PERSON = re.compile(r"^[\u4e00-\u9fff]{2,4}$|^[\u4e00-\u9fff]{1,4}[·•][\u4e00-\u9fff]{1,6}$")


def _entries(folder: Path) -> list[tuple[str, Path, bool]]:
    """(display name, path, is_dir) of the folder's entries that matter (no clutter, no hidden files)."""
    try:
        scanned = list(os.scandir(folder))
    except OSError:
        return []
    found = []
    for entry in scanned:
        name = display_name(entry.name)
        if name.startswith(".") or is_clutter(name) or is_clutter(f"{name}/-"):
            continue
        try:
            is_dir = entry.is_dir()
        except OSError:
            continue
        found.append((name, Path(entry.path), is_dir))
    return found


def _has_facts_file(folder: Path) -> bool:
    """zccheck.toml in `folder` or in its only subfolder (a copied folder inside a folder)."""
    if (folder / FACTS_FILE).is_file():
        return True
    inner = [path for _, path, is_dir in _entries(folder) if is_dir]
    return len(inner) == 1 and (inner[0] / FACTS_FILE).is_file()


def person_name(entry: str, words: Iterable[str] = ()) -> str | None:
    """The person a folder or zip name stands for ("01-张三", "张三（工程师）材料.zip" → 张三), or None when the
    name is something else (a section folder such as "01 基本信息", a material, a word of the checklist)."""
    stem = re.sub(r"\.(zip|rar|7z)$", "", entry, flags=re.IGNORECASE)
    stem = _BRACKETS.sub("", stem)
    stem = _TAIL.sub("", _LEAD.sub("", stem)).strip()
    if not _PERSON.match(stem):
        return None
    if any(word and (word in stem or stem in word) for word in words):
        return None
    return stem


def unit_members(folder: Path, words: Iterable[str] = ()) -> list[str]:
    """The applicants' entries when `folder` looks like a unit's folder of applicants, else [].

    A unit folder has no zccheck.toml of its own and either at least two subfolders with their own
    zccheck.toml, or at least MIN_PERSON_FOLDERS person-named subfolders/zips making up most of its entries.
    """
    if (folder / FACTS_FILE).is_file():
        return []
    entries = _entries(folder)
    with_facts = [name for name, path, is_dir in entries if is_dir and _has_facts_file(path)]
    if len(with_facts) >= 2:
        return sorted(with_facts)
    vocabulary = tuple(w for w in words if len(w) >= 2)
    candidates = [(name, is_dir) for name, _, is_dir in entries
                  if is_dir or name.lower().endswith((".zip", ".rar", ".7z"))]
    people = [name for name, _ in candidates if person_name(name, vocabulary)]
    if len(people) >= MIN_PERSON_FOLDERS and len(people) * 3 >= len(candidates) * 2:
        return sorted(people)
    return []


def applicant_evidence(folder: Path, words: Iterable[str]) -> list[str]:
    """Why `folder` looks like ONE applicant's materials (its zccheck.toml, its section folders), else []."""
    evidence = []
    if (folder / FACTS_FILE).is_file():
        evidence.append(FACTS_FILE)
    vocabulary = tuple(w for w in words if len(w) >= 2)
    subfolders = [name for name, _, is_dir in _entries(folder) if is_dir]
    sections = [name for name in subfolders if any(word in name for word in vocabulary)]
    if len(sections) >= 2 and len(sections) * 2 >= len(subfolders):
        evidence.extend(sorted(sections))
    return evidence


def checklist_words(checklist: object) -> tuple[str, ...]:
    """Section names, item names and keywords of a loaded checklist: words a section or material folder uses."""
    words: list[str] = []
    for section in getattr(checklist, "sections", ()):
        words.append(section.name_zh)
    for item in getattr(checklist, "items", {}).values():
        words.append(item.name_zh)
        words.extend(item.keywords)
    return tuple(dict.fromkeys(w for w in words if w))
