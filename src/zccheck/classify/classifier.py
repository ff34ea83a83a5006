"""Assign documents to checklist items from their folder and file names.

Rules (deepest evidence wins):
1. A component that starts with a numbered group prefix of a multi-file item ("论文2-…", "业绩 3", "成果三")
   decides: the document belongs to that item and that group, whatever its own file name says.
2. Otherwise the deepest component (file name first, then its folders upward) that contains keywords decides;
   the item with the longest matching keyword wins; a tie between items is "ambiguous" (flagged, not assigned).
   An exclude keyword vetoes an item for that component.
3. A folder named after a platform section that holds exactly one item assigns that item ("01 基本信息/张三.jpg").
4. Nothing matched: the document is unrecognised.
Multi-file items are split into groups: a numbered folder, a folder directly below the item's folder, files
sharing a numbered prefix, or else one group per file.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from zccheck.checklist.model import Checklist, ItemSpec
from zccheck.classify.model import Classification, Group
from zccheck.classify.normalize import chinese_number, normalize, stem_of
from zccheck.inventory.document import Document

MARKERS = {"代表作": ("代表作",), "代表性成果": ("代表性成果", "代表成果")}
_NUMERAL = r"([0-9]+|[一二三四五六七八九十]{1,3})"


@dataclass(frozen=True)
class _Matcher:
    item: ItemSpec
    keywords: tuple[str, ...]
    excludes: tuple[str, ...]
    group_pattern: re.Pattern[str] | None
    parts: tuple[str, ...] = ()

    def score(self, component: str) -> int:
        if any(word in component for word in self.excludes):
            return 0
        return max((len(word) for word in self.keywords if word in component), default=0)


def _matchers(checklist: Checklist) -> list[_Matcher]:
    matchers = []
    for item in checklist.items.values():
        pattern = None
        if item.multi and item.group_prefixes:
            prefixes = "|".join(re.escape(normalize(p)) for p in item.group_prefixes)
            pattern = re.compile(rf"^(?:{prefixes}){_NUMERAL}")
        matchers.append(_Matcher(item, tuple(normalize(k) for k in item.keywords),
                                 tuple(normalize(k) for k in item.exclude_keywords), pattern,
                                 tuple(normalize(k) for k in item.part_keywords)))
    return matchers


def _group_number(matcher: _Matcher, raw: str) -> str | None:
    """The group key ("论文2") when `raw` starts with a numbered prefix of the matcher's item."""
    if matcher.group_pattern is None:
        return None
    folded = normalize(raw)
    match = matcher.group_pattern.match(folded)
    if not match:
        return None
    number = chinese_number(match.group(1))
    if number is None:
        return None
    prefix = folded[: match.start(1)]
    return f"{prefix}{number}"


def _section_items(checklist: Checklist) -> dict[str, str]:
    by_section: dict[str, list[str]] = defaultdict(list)
    for item in checklist.items.values():
        by_section[item.section].append(item.id)
    return {normalize(s.name_zh): ids[0] for s in checklist.sections
            if len(ids := by_section.get(s.id, [])) == 1}


def names_material(name: str, checklist: Checklist) -> bool:
    """Whether a folder name alone points at the checklist (an item's keyword or group prefix, a section name):
    such a lone folder is material, not a wrapper to look through (inventory.shape)."""
    folded = normalize(name)
    if not folded:
        return False
    matchers = _matchers(checklist)
    if any(_group_number(m, name) for m in matchers) or any(m.score(folded) > 0 for m in matchers):
        return True
    return folded in {normalize(s.name_zh) for s in checklist.sections}


def classify(documents: list[Document], checklist: Checklist) -> Classification:
    """Classify every document; deterministic for a given list."""
    matchers = _matchers(checklist)
    sections = _section_items(checklist)
    result = Classification()
    members: dict[str, dict[str, list[tuple[Document, str]]]] = defaultdict(lambda: defaultdict(list))
    for doc in documents:
        components = [*doc.parts[:-1], stem_of(doc.parts[-1])]
        decision = _decide(components, matchers, sections)
        if decision is None:
            result.unrecognised.append(doc)
            continue
        if isinstance(decision, tuple) and decision and decision[0] == "ambiguous":
            result.ambiguous.append((doc, decision[1]))
            continue
        item_id, anchor, group_key = decision
        result.assign(doc, item_id)
        item = checklist.items[item_id]
        if item.multi:
            matcher = next(m for m in matchers if m.item.id == item_id)
            key, label = _group_of(components, anchor, group_key, matcher)
            members[item_id][key].append((doc, label))
    for item_id, groups in members.items():
        result.groups[item_id] = [_make_group(item_id, key, entries) for key, entries in
                                  sorted(groups.items(), key=lambda kv: _sort_key(kv[0]))]
    return result


def _decide(components: list[str], matchers: list[_Matcher], sections: dict[str, str]):
    """(item_id, anchor_index, group_key) | ("ambiguous", candidates) | None."""
    for index, raw in enumerate(components):
        for matcher in matchers:
            key = _group_number(matcher, raw)
            if key is not None:
                return matcher.item.id, index, key
    for index in range(len(components) - 1, -1, -1):
        component = normalize(components[index])
        if not component:
            continue
        scores = {m.item.id: s for m in matchers if (s := m.score(component)) > 0}
        if scores:
            best = max(scores.values())
            top = tuple(sorted(i for i, s in scores.items() if s == best))
            if len(top) > 1:
                return ("ambiguous", top)
            return top[0], index, None
    for index in range(len(components) - 2, -1, -1):
        item_id = sections.get(normalize(components[index]))
        if item_id:
            return item_id, index, None
    return None


def _group_of(components: list[str], anchor: int, group_key: str | None, matcher: _Matcher) -> tuple[str, str]:
    """(key, label) of the group a document of a multi-file item belongs to.

    Folders that only name the item ("09 学术成果", "业绩成果材料") are containers; the first folder below the
    item's shallowest container that is not one is the group ("基于BIM的研究（代表作）", "某桥梁项目"). A file lying
    directly in a container is grouped by a numbered prefix ("论文1-封面.jpg"); else, when its name is one of
    the item's part names ("封面.jpg", "版权页.jpg"), it joins the container's one entry; else it stands alone.
    """
    if group_key is not None:
        return group_key, components[anchor]
    last = len(components) - 1
    top = next((index for index in range(anchor) if matcher.score(normalize(components[index])) > 0), anchor)
    for index in range(top, last):
        label = components[index]
        if not _is_container(matcher, label):
            return _group_number(matcher, label) or normalize(label) or label, label
    number = _group_number(matcher, components[last])
    if number:
        return number, number
    stem = normalize(components[last])
    if last > 0 and matcher.parts and any(part in stem for part in matcher.parts):
        return normalize(components[last - 1]) or components[last - 1], components[last - 1]
    return stem or components[last], components[last]


_GENERIC_WORDS = ("材料", "扫描件", "文件", "资料", "附件", "汇总", "清单", "证明材料", "佐证材料")


def _is_container(matcher: _Matcher, label: str) -> bool:
    """True when a folder name says nothing but the item's own name (a section folder, not one entry)."""
    rest = normalize(label)
    if not rest or any(word in rest for words in MARKERS.values() for word in words):
        return not rest
    for word in sorted((*matcher.keywords, *_GENERIC_WORDS), key=len, reverse=True):
        rest = rest.replace(word, "")
    return not rest


def _make_group(item_id: str, key: str, entries: list[tuple[Document, str]]) -> Group:
    docs = tuple(doc for doc, _ in entries)
    label = entries[0][1]
    names = [label, *(stem_of(d.parts[-1]) for d in docs)]
    folded = [normalize(n) for n in names]
    markers = frozenset(mark for mark, words in MARKERS.items()
                        if any(word in text for word in words for text in folded))
    return Group(item=item_id, key=key, label=label, documents=docs, markers=markers)


def _sort_key(key: str) -> tuple[str, int, str]:
    match = re.match(r"^(\D*)(\d+)", key)
    return (match.group(1), int(match.group(2)), key) if match else (key, 0, key)
