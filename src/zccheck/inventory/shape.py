"""The shape of the materials: which wrapper folders to look through before the materials begin.

A zip made with Windows' "发送到 → 压缩(zipped)文件夹" or the macOS Finder holds one top folder (`申报材料/…`, with
`__MACOSX/` and `.DS_Store` beside it); people also hand over a folder that holds only the folder they meant
(`下载/张三职称材料/申报材料/…`). Such wrapper folders are looked through — at most MAX_UNWRAP of them — so that
`zccheck.toml` and the section folders are found where the applicant put them.

A single folder is NOT a wrapper when its own name is meaningful to classification (`08-1 业绩成果/`, `论文1-…/`):
the caller passes `keep(name)` to say so. A folder directly holding `zccheck.toml` is always the applicant's
root. OS litter (see litter.py) never counts as content.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from zccheck.inventory.build import FACTS_FILE
from zccheck.inventory.document import ReadError
from zccheck.inventory.factsfile import FactsDecodeError, decode_facts
from zccheck.inventory.litter import is_litter_folder, is_litter_name
from zccheck.inventory.model import Inventory

MAX_UNWRAP = 3
KeepFolder = Callable[[str], bool]
# What a folder holds: (name, is_folder) pairs; None or [] when it cannot be listed or is empty.
Lister = Callable[[tuple[str, ...]], "list[tuple[str, bool]] | None"]


def wrapper_prefix(children: Lister, keep: KeepFolder | None = None) -> tuple[str, ...]:
    """The leading wrapper folders of the materials, outermost first (empty when the root is the materials)."""
    prefix: tuple[str, ...] = ()
    while len(prefix) < MAX_UNWRAP:
        listing = _content(children(prefix))
        if len(listing) != 1 or not listing[0][1]:
            break
        top = listing[0][0]
        inner = _content(children((*prefix, top)))
        if not inner:
            break
        holds_facts = any(not is_dir and name.lower() == FACTS_FILE for name, is_dir in inner)
        if keep is not None and not holds_facts and keep(top):
            break
        prefix = (*prefix, top)
    return prefix


def tree_lister(paths: Iterable[tuple[str, ...]]) -> Lister:
    """A Lister over file paths given as parts (a zip's member names)."""
    tree: dict[tuple[str, ...], dict[str, bool]] = {}
    for parts in paths:
        for depth in range(len(parts)):
            tree.setdefault(parts[:depth], {})
            folder = depth < len(parts) - 1
            tree[parts[:depth]][parts[depth]] = tree[parts[:depth]].get(parts[depth], False) or folder

    def children(prefix: tuple[str, ...]) -> list[tuple[str, bool]]:
        return sorted(tree.get(prefix, {}).items())

    return children


def _content(listing: list[tuple[str, bool]] | None) -> list[tuple[str, bool]]:
    """A listing without OS litter."""
    return [(name, is_dir) for name, is_dir in listing or ()
            if not (is_litter_folder(name) if is_dir else is_litter_name(name))]


def is_facts_file(name: str) -> bool:
    """Whether a file name is the applicant's facts file (any case: Windows does not keep it)."""
    return name.lower() == FACTS_FILE


def adopt_nested_facts(inventory: Inventory, candidates: list[tuple[str, Callable[[], bytes]]]) -> None:
    """zccheck.toml files below the root are never materials; when the root has none and exactly one folder
    does (`申报材料/zccheck.toml` next to a stray `说明.txt`), that one is the applicant's."""
    inventory.ignored.extend(rel for rel, _ in candidates)
    if inventory.facts_text is not None or inventory.facts_error is not None or len(candidates) != 1:
        return
    rel, reader = candidates[0]
    try:
        inventory.facts_text = decode_facts(reader())
        inventory.facts_origin = rel
    except (ReadError, FactsDecodeError) as exc:
        inventory.facts_error = exc.detail if isinstance(exc, ReadError) else str(exc)


TIDY_MANIFEST = "整理清单.csv"
MANIFEST_HEADER = {
    "zh": ["原文件", "整理后", "处理", "材料", "判断方式", "依据", "说明"],
    "en": ["original", "new", "action", "item", "decided by", "evidence", "note"],
}
_MANIFEST_HEADS = tuple(",".join(columns[:2]).encode() + b"," for columns in MANIFEST_HEADER.values())


def is_tidy_manifest(name: str, head: Callable[[], bytes]) -> bool:
    """Whether a root file is the 整理清单.csv `zccheck tidy` wrote (its name and its header row): not a material."""
    if name != TIDY_MANIFEST:
        return False
    try:
        data = head()[:64]
    except ReadError:
        return False
    return data.removeprefix(b"\xef\xbb\xbf").startswith(_MANIFEST_HEADS)
