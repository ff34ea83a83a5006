"""Where each file of the materials goes in the tidy copy, and why. Pure: reads no bytes, writes nothing.

* Files assigned to an item (by name, or by content once the recognition stage decided) go to the item's
  platform section folder (the layout `zccheck init` makes) under the item's name: `01 基本信息/个人相片.jpg`,
  `11 其他材料/单位营业执照.pdf`; several files of one item are numbered (`劳动合同-1.pdf`, `劳动合同-2.pdf`).
* Entries of multi-file items keep their group and marks: `09 学术成果/论文1-题目（代表作）/版权页.jpg`; the
  applicant's own entry numbers are kept where given, others take the next free number. Inside an entry a
  file keeps its name (it names the evidence part) unless content recognised the part.
* Byte-identical copies in one place (same item and entry, or all unrecognised) are dropped but one; copies
  used for two different items stay (`zccheck scan` reports that reuse, it is the applicant's decision).
* Unrecognised and ambiguous files go to `未识别/` under their original names.
* HEIC/HEIF images become JPEG; images over the upload limit (the checklist's `max_file_mb`, or an item's
  own `max_kb` such as the photo's) are re-encoded to fit.
Every name is safe on Windows; collisions (case-insensitive, as on Windows) get "-2", "-3" deterministically.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import PurePosixPath

from zccheck.checklist.model import Checklist, ItemSpec
from zccheck.checks.duplicate_content import group_keys, identical_sets
from zccheck.classify.classifier import MARKERS
from zccheck.classify.model import Classification, Group
from zccheck.classify.normalize import chinese_number, normalize, stem_of
from zccheck.init_template import section_folder_name
from zccheck.inventory.build import FACTS_FILE
from zccheck.inventory.document import Document
from zccheck.inventory.model import Inventory
from zccheck.inventory.shape import TIDY_MANIFEST

UNRECOGNISED_FOLDER = "未识别"
MANIFEST_NAME = TIDY_MANIFEST

# Actions
PLACE, UNRECOGNISED, DUPLICATE, SKIP, FACTS = "place", "unrecognised", "duplicate", "skip", "facts"
# Conversions
HEIC_TO_JPEG, SHRINK = "heic-to-jpeg", "shrink"

_KIND_EXT = {"pdf": ".pdf", "jpeg": ".jpg", "png": ".png", "docx": ".docx", "xlsx": ".xlsx", "doc": ".doc",
             "xls": ".xls", "csv": ".csv", "txt": ".txt", "ofd": ".ofd", "tiff": ".tif", "bmp": ".bmp",
             "gif": ".gif", "webp": ".webp", "wps": ".wps", "zip": ".zip", "rar": ".rar", "7z": ".7z"}
_RESIZABLE = {"jpeg", "png", "bmp", "tiff", "webp", "gif", "heic"}
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')
_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$", re.IGNORECASE)
_COPY_MARK = re.compile(r"副本|copy|\(\d+\)$|（\d+）$|\s-\s\d+$", re.IGNORECASE)
MAX_TITLE = 60
MAX_NAME = 120


@dataclass(frozen=True)
class Placement:
    """One line of the mapping: a source file (or the facts file), where it goes and how that was decided.

    `how`: "name" (folder or file name), "content" (the recognition stage), "copy" (identical to `same_as`),
    "none" (nothing decided); `evidence`: the words that decided, as shown to the applicant.
    `convert`: None, HEIC_TO_JPEG or SHRINK; `limit_bytes` the size the file must fit (SHRINK and HEIC).
    `source` and `same_as` are paths as they are in SRC (with the wrapper folders, "申报材料/承诺书.pdf").
    """

    source: str
    target: str | None
    action: str
    item: str | None = None
    how: str = "name"
    evidence: tuple[str, ...] = ()
    convert: str | None = None
    limit_bytes: int | None = None
    same_as: str | None = None
    note: str = ""
    rel: str = ""  # the document's path in the inventory (below the wrapper folders); "" for the facts file


@dataclass
class TidyPlan:
    """All placements, in output order (facts file first, then by target path, dropped and skipped last)."""

    placements: list[Placement] = field(default_factory=list)

    def written(self) -> list[Placement]:
        """Placements that produce a file in DST."""
        return [p for p in self.placements if p.target is not None]


def plan_tidy(inventory: Inventory, checklist: Checklist, classification: Classification) -> TidyPlan:
    """Decide every file's place in the tidy copy."""
    names = _Names()
    drop = _copies_to_drop(inventory.documents, classification)
    placements: list[Placement] = []
    if inventory.facts_text is not None:
        names.claim(FACTS_FILE)
        origin = inventory.facts_origin or "/".join(p for p in (inventory.prefix, FACTS_FILE) if p)
        placements.append(Placement(origin, FACTS_FILE, FACTS, how="name"))
    names.claim(MANIFEST_NAME)
    dropped: list[Placement] = []
    for doc in inventory.documents:
        if doc.rel_path in drop:
            dropped.append(Placement(doc.rel_path, None, DUPLICATE, classification.item_of(doc), how="copy",
                                     same_as=drop[doc.rel_path]))
        elif doc.read_error or "not_read" in doc.cache:
            dropped.append(Placement(doc.rel_path, None, SKIP, classification.item_of(doc), how="none",
                                     note=doc.read_error or "too-large"))
    skip = {p.source for p in dropped}
    for item in _items_in_section_order(checklist):
        docs = [d for d in classification.documents(item.id) if d.rel_path not in skip]
        if not docs:
            continue
        folder = _section_folder(checklist, item)
        if item.multi:
            placements += _place_groups(item, folder, classification, docs, checklist, names)
        else:
            for index, doc in enumerate(sorted(docs, key=lambda d: d.rel_path), 1):
                stem = item.name_zh if len(docs) == 1 else f"{item.name_zh}-{index}"
                placements.append(_placement(doc, folder, stem, item, classification, checklist, names))
    candidates = {doc.rel_path: items for doc, items in classification.ambiguous}
    leftovers = [*classification.unrecognised, *(doc for doc, _ in classification.ambiguous)]
    for doc in sorted(leftovers, key=lambda d: d.rel_path):
        if doc.rel_path in skip:
            continue
        recognition = classification.recognitions.get(doc.rel_path)
        convert, limit, ext = _conversion(doc, checklist, None)
        name = f"{stem_of(doc.name)}{ext}" if convert else doc.name
        target = names.claim(f"{UNRECOGNISED_FOLDER}/{_safe(name)}")
        evidence = recognition.evidence if recognition is not None else ()
        if recognition is not None and recognition.item:
            note = f"suggest:{recognition.item}"
        elif doc.rel_path in candidates:
            note = "ambiguous:" + ",".join(candidates[doc.rel_path])
        else:
            note = ""
        placements.append(Placement(doc.rel_path, target, UNRECOGNISED, None, how="none", evidence=evidence,
                                    convert=convert, limit_bytes=limit, note=note))
    dropped += _not_copied(inventory, skip)
    placements.sort(key=lambda p: (p.action != FACTS, p.target or ""))
    ordered = placements + sorted(dropped, key=lambda p: p.source)
    return TidyPlan([_in_source(p, inventory.prefix) for p in ordered])


def _in_source(placement: Placement, prefix: str) -> Placement:
    """The placement with its paths as they are in SRC (wrapper folders included); `rel` keeps the inventory's."""
    if placement.action == FACTS:
        return placement
    def full(path: str) -> str:
        return f"{prefix}/{path}" if prefix else path
    return replace(placement, source=full(placement.source), rel=placement.source,
                   same_as=full(placement.same_as) if placement.same_as else None)


# Files the inventory met but could not take (refused zip members, links out of the folder, unreadable files).
_NOT_COPIED = {"zip-member-skipped": "压缩包中的文件未读取", "symlink-skipped": "链接未跟随",
               "unreadable-file": "无法读取", "folder-too-deep": "文件夹层级过深"}


def _not_copied(inventory: Inventory, seen: set[str]) -> list[Placement]:
    """One SKIP placement per file the inventory reported but holds no document for."""
    out = []
    for problem in inventory.problems:
        if problem.path and problem.code in _NOT_COPIED and problem.path not in seen:
            seen.add(problem.path)
            reason = problem.params.get("reason") or _NOT_COPIED[problem.code]
            out.append(Placement(problem.path, None, SKIP, None, how="none", note=str(reason)))
    return out


def upload_limit(checklist: Checklist, item: ItemSpec | None) -> int:
    """Bytes a file may have on the platform: `max_file_mb`, or an item's own smaller `max_kb` (the photo)."""
    limit = int(checklist.max_file_mb * 1024 * 1024)
    for use in item.checks if item is not None else ():
        max_kb = use.options.get("max_kb")
        if isinstance(max_kb, int | float) and max_kb > 0:
            limit = min(limit, int(max_kb * 1024))
    return limit


def _placement(doc: Document, folder: str, stem: str, item: ItemSpec, classification: Classification,
               checklist: Checklist, names: _Names) -> Placement:
    recognition = classification.recognitions.get(doc.rel_path)
    by_content = recognition is not None and recognition.source == "content" and recognition.item == item.id
    convert, limit, ext = _conversion(doc, checklist, item)
    target = names.claim(f"{folder}/{_safe(stem, MAX_NAME)}{ext}")
    evidence = recognition.evidence if by_content else _name_evidence(doc, item)
    return Placement(doc.rel_path, target, PLACE, item.id, how="content" if by_content else "name",
                     evidence=evidence, convert=convert, limit_bytes=limit)


def _conversion(doc: Document, checklist: Checklist, item: ItemSpec | None) -> tuple[str | None, int | None, str]:
    """(conversion, byte limit, extension) for a document."""
    limit = upload_limit(checklist, item)
    if doc.kind == "heic":
        return HEIC_TO_JPEG, limit, ".jpg"
    if doc.kind in _RESIZABLE and doc.size > limit and "corrupt" not in doc.cache:
        return SHRINK, limit, ".jpg"
    return None, None, _extension(doc)


def _extension(doc: Document) -> str:
    """The extension the content has (a PNG named .jpg becomes .png), else the name's own, lower case."""
    if doc.kind in _KIND_EXT and "corrupt" not in doc.cache:
        return _KIND_EXT[doc.kind]
    suffix = PurePosixPath(doc.name).suffix.lower()
    return suffix if re.fullmatch(r"\.[a-z0-9]{1,5}", suffix) else ""


def _place_groups(item: ItemSpec, folder: str, classification: Classification, docs: list[Document],
                  checklist: Checklist, names: _Names) -> list[Placement]:
    keep = {id(d) for d in docs}
    groups = [g for g in classification.groups.get(item.id, []) if any(id(d) in keep for d in g.documents)]
    grouped = {id(d) for g in groups for d in g.documents}
    groups += [Group(item=item.id, key=stem_of(d.name), label=stem_of(d.name), documents=(d,))
               for d in sorted(docs, key=lambda d: d.rel_path) if id(d) not in grouped]  # content-placed files
    prefix = item.group_prefixes[0] if item.group_prefixes else item.name_zh
    numbers = _group_numbers(groups)
    placements = []
    for group, number in zip(groups, numbers, strict=True):
        title = _group_title(item, group)
        marks = "".join(f"（{mark}）" for mark in sorted(group.markers))
        entry = _safe(f"{prefix}{number}" + (f"-{title}" if title else "") + marks, MAX_NAME)
        for doc in sorted((d for d in group.documents if id(d) in keep), key=lambda d: d.rel_path):
            recognition = classification.recognitions.get(doc.rel_path)
            part = recognition.part if recognition is not None and recognition.part else None
            stem = part or _strip_group_prefix(item, stem_of(doc.name)) or f"{prefix}{number}"
            convert, limit, ext = _conversion(doc, checklist, item)
            candidate = _safe(stem, MAX_NAME)
            target = names.claim(f"{folder}/{entry}/{candidate}{ext}")
            by_content = part is not None or (recognition is not None and recognition.source == "content"
                                              and recognition.item == item.id)
            evidence = recognition.evidence if by_content and recognition else (f"“{group.label}”",)
            placements.append(Placement(doc.rel_path, target, PLACE, item.id,
                                        how="content" if by_content else "name", evidence=evidence,
                                        convert=convert, limit_bytes=limit))
    return placements


def _group_numbers(groups: list[Group]) -> list[int]:
    """The applicant's own entry numbers where given and unique, else the next free numbers in order."""
    wanted: list[int | None] = []
    for group in groups:
        match = re.search(r"(\d+)$", group.key)
        wanted.append(int(match.group(1)) if match and int(match.group(1)) > 0 else None)
    taken: set[int] = set()
    numbers: list[int | None] = []
    for number in wanted:
        if number is not None and number not in taken:
            taken.add(number)
            numbers.append(number)
        else:
            numbers.append(None)
    free = (n for n in range(1, 10_000) if n not in taken)
    return [n if n is not None else next(free) for n in numbers]


def _group_title(item: ItemSpec, group: Group) -> str:
    """The entry's title from the applicant's label: numbering, group prefix and marks removed."""
    title = _strip_group_prefix(item, group.label)
    for words in MARKERS.values():
        for word in words:
            title = re.sub(rf"[(（\[【]?\s*{re.escape(word)}\s*[)）\]】]?", "", title)
    title = title.strip(" -_—.、")
    if not normalize(title) or normalize(title) in {normalize(k) for k in (*item.keywords, item.name_zh)}:
        return ""
    return title[:MAX_TITLE].strip()


def _strip_group_prefix(item: ItemSpec, text: str) -> str:
    """"论文1-封面" -> "封面"; "业绩 3、某工程" -> "某工程"; other text unchanged (stripped)."""
    for prefix in item.group_prefixes:
        match = re.match(rf"^\s*(?:\d+\s*[-.、_\s]\s*)?{re.escape(prefix)}\s*([0-9]+|[一二三四五六七八九十]{{1,3}})"
                         r"\s*[-—_.、:：\s]*", text)
        if match and chinese_number(match.group(1)) is not None:
            return text[match.end():].strip()
    return text.strip()


def _name_evidence(doc: Document, item: ItemSpec) -> tuple[str, ...]:
    """The folder or file name (deepest first) that carries one of the item's keywords or group prefixes."""
    components = [*doc.parts[:-1], stem_of(doc.parts[-1])]
    words = sorted({*item.keywords, *item.group_prefixes}, key=len, reverse=True)
    for component in reversed(components):
        folded = normalize(component)
        for word in words:
            if normalize(word) and normalize(word) in folded:
                return (f"“{component}”" if normalize(word) == folded else f"“{component}”含“{word}”",)
    return (f"“{components[-2]}”",) if len(components) > 1 else ()


def _copies_to_drop(documents: list[Document], classification: Classification) -> dict[str, str]:
    """rel_path of each copy to drop -> rel_path of the copy kept. Copies in one place (same item and entry,
    or unrecognised) keep one; unrecognised copies of a placed file are dropped; reuse across items stays."""
    groups = group_keys(classification)
    drop: dict[str, str] = {}
    for docs in identical_sets(documents):
        places = {_place_key(d, classification, groups) for d in docs}
        placed = {p for p in places if p is not None}
        if len(placed) > 1:  # reuse for two items or entries: scan reports it; keep every placed one
            keep_doc = min((d for d in docs if _place_key(d, classification, groups)), key=_preference)
            for doc in docs:
                if _place_key(doc, classification, groups) is None:
                    drop[doc.rel_path] = keep_doc.rel_path
            continue
        keep_doc = min(docs, key=lambda d: (_place_key(d, classification, groups) is None, *_preference(d)))
        for doc in docs:
            if doc is not keep_doc:
                drop[doc.rel_path] = keep_doc.rel_path
    return drop


def _place_key(doc: Document, classification: Classification, groups: dict[int, str]) -> str | None:
    item = classification.item_of(doc)
    return groups.get(id(doc), item) if item else None


def _preference(doc: Document) -> tuple[bool, int, str]:
    """Prefer the original over "… - 副本", "Copy of …", "…(1)": no copy mark, then the shorter name."""
    return bool(_COPY_MARK.search(stem_of(doc.name))), len(doc.rel_path), doc.rel_path


def _section_folder(checklist: Checklist, item: ItemSpec) -> str:
    section = checklist.section(item.section)
    return section_folder_name(item.section, section.name_zh if section else item.name_zh)


def _items_in_section_order(checklist: Checklist) -> list[ItemSpec]:
    order = {s.id: i for i, s in enumerate(checklist.sections)}
    return sorted(checklist.items.values(), key=lambda it: order.get(it.section, len(order)))


def _safe(name: str, limit: int = MAX_NAME) -> str:
    """A name Windows accepts: no reserved characters or device names, no trailing dots or spaces."""
    cleaned = _UNSAFE.sub("_", name).strip().rstrip(". ")
    if _RESERVED.match(cleaned):
        cleaned = f"_{cleaned}"
    if len(cleaned) > limit:
        stem, dot, ext = cleaned.rpartition(".")
        cleaned = (stem[: limit - len(ext) - 1] + dot + ext) if dot and len(ext) <= 5 else cleaned[:limit]
    return cleaned or "_"


class _Names:
    """Targets already used in DST, case-insensitively (Windows); a collision gets "-2", "-3" …"""

    def __init__(self) -> None:
        self._used: set[str] = set()

    def claim(self, target: str) -> str:
        folder, _, name = target.rpartition("/")
        stem, ext = (name[: -len(PurePosixPath(name).suffix)], PurePosixPath(name).suffix) \
            if PurePosixPath(name).suffix else (name, "")
        candidate, number = target, 1
        while candidate.lower() in self._used:
            number += 1
            candidate = f"{folder}/{stem}-{number}{ext}" if folder else f"{stem}-{number}{ext}"
        self._used.add(candidate.lower())
        return candidate
