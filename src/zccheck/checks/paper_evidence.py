"""Paper and monograph evidence (学术成果, §三.2(3)①②③): each entry has the parts its kind requires.

Each group of the `papers` item (a folder such as "论文1-基于BIM的…（代表作）", or files sharing a "论文1-"
prefix) gets a kind from its folder and file names: the first kind of the `kinds` option whose words appear
(unpublished report, monograph, 核心期刊, foreign, then the plain journal paper as the default). Each kind
lists the parts it needs; a part is recognised when a file name (normalised: width, numbering, brackets
and spaces do not matter) contains one of its synonyms and none of its exclusions. One file may satisfy
several parts ("封面及目录.jpg").

A part no file name shows is an error — unless the group holds files whose names show no part at all (a
merged "论文1-题目.pdf", phone photos "IMG_0001.jpg"). Those files are searched for textual evidence
(PDF text layer, .docx, .txt; no OCR: e.g. a CN 刊号 for the 版权页, 摘要…关键词 for the full text), and
what is still not found becomes one `review` listing the parts to confirm by eye: never a blind "missing".
An unpublished report also gets one `review` reminder: it must be signed and unit-stamped (§三.2(3)③),
which names cannot show.

All kinds and parts are data (DEFAULTS); a checklist may replace them under
`[items.papers.options.paper-evidence]`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from zccheck.checks.base import CheckContext, Scope
from zccheck.classify.model import Group
from zccheck.classify.normalize import normalize, stem_of
from zccheck.content.errors import ContentError
from zccheck.findings import Problem
from zccheck.inventory.document import Document

ID = "paper-evidence"
SCOPE = Scope.ITEM

# Parts of the evidence. `synonyms` are matched in normalised file names (pure ASCII synonyms only as whole
# words, so "ei" does not match "beijing"); `exclude` vetoes the part for that file; `text` are regular
# expressions (case-insensitive) looked for in the text of files whose names show no part; `example` is the
# file name the fix hint suggests.
_PARTS: dict[str, dict[str, Any]] = {
    "cover": {
        "name": "封面", "name_en": "cover", "example": "封面.jpg",
        "synonyms": ["封面", "书影", "书封", "封一", "cover"],
        "exclude": [],
        "text": [r"(?:19|20)\d{2}\s*年\s*第\s*\d{1,2}\s*期", r"第\s*\d{1,3}\s*卷\s*第\s*\d{1,2}\s*期",
                 r"\bvol\.?\s*\d+\s*,?\s*no\.?\s*\d+", r"总第\s*\d+\s*期"],
    },
    "contents": {
        "name": "目录", "name_en": "table of contents", "example": "目录.jpg",
        "synonyms": ["目录", "目次", "contents", "toc"],
        "exclude": ["核心", "总览", "统计源"],
        "text": [r"目\s*[录次]", r"\bcontents\b"],
    },
    "copyright": {
        "name": "版权页", "name_en": "copyright page", "example": "版权页.jpg",
        "synonyms": ["版权页", "版权", "刊号页", "刊号", "版本记录", "在版编目", "cip", "copyright"],
        "exclude": ["查询", "截图", "数据中心"],
        # A cover shows ISSN and CN too: a bare CN number is not taken as the 版权页.
        "text": [r"国内统一连续出版物号", r"国际标准连续出版物号", r"刊\s*号\s*[:：]?\s*CN\s*\d{2}",
                 r"主\s*管[\s\S]{0,60}?主\s*办", r"编\s*辑\s*出\s*版", r"图书在版编目", r"\bCIP\s*数据",
                 r"\bISBN\s*[:：]?\s*(?:97[89][\s-]?)?\d"],
    },
    "fulltext": {
        "name": "论文全文", "name_en": "full text", "example": "全文.pdf",
        "synonyms": ["全文", "正文", "原文", "论文内容", "fulltext"],
        "exclude": [],
        "text": [r"摘\s*要[\s\S]{0,3000}?关\s*键\s*词", r"\babstract\b[\s\S]{0,4000}?\bkey\s*words?\b",
                 r"参\s*考\s*文\s*献"],
    },
    "publisher-query": {
        "name": "国家新闻出版署期刊查询截图", "name_en": "NPPA journal query screenshot",
        "example": "国家新闻出版署期刊查询截图.png",
        "synonyms": ["国家新闻出版署", "新闻出版署", "新闻出版总署", "出版署", "期刊查询", "刊号查询",
                     "报刊查询", "nppa"],
        "exclude": [],
        "text": [r"国家新闻出版署", r"新闻出版总署", r"nppa\.gov\.cn"],
    },
    "paper-query": {
        "name": "论文查询截图及网址", "name_en": "paper query screenshot with URL",
        "example": "知网论文查询截图（含网址）.png",
        "synonyms": ["论文查询", "论文检索截图", "检索截图", "知网", "cnki", "万方", "wanfang", "维普", "cqvip",
                     "百度学术", "网址", "链接", "url"],
        "exclude": [],
        "text": [r"cnki\.(?:net|com)", r"知网", r"wanfangdata", r"万方数据", r"cqvip", r"维普", r"https?://"],
    },
    "core-list": {
        "name": "核心期刊目录佐证", "name_en": "core-journal list evidence", "example": "北大核心期刊目录.jpg",
        "synonyms": ["核心期刊目录", "核心期刊", "北大核心", "中文核心", "科技核心", "统计源", "要目总览", "目录总览"],
        "exclude": [],
        "text": [r"中文核心期刊", r"北大核心", r"科技核心", r"统计源期刊", r"核心期刊"],
    },
    "indexing": {
        "name": "EI/SCI收录证明", "name_en": "EI/SCI indexing evidence", "example": "EI收录证明.pdf",
        "synonyms": ["收录", "ei", "sci", "scie", "compendex", "webofscience", "engineeringvillage"],
        "exclude": [],
        "text": [r"\bEI\b", r"\bSCIE?\b", r"Compendex", r"Web\s*of\s*Science", r"Engineering\s*Village", r"收\s*录"],
    },
    "chinese-abstract": {
        "name": "中文标题和摘要", "name_en": "Chinese title and abstract", "example": "中文标题和摘要.pdf",
        "synonyms": ["中文标题", "中文题目", "中文摘要", "中文翻译", "译文", "摘要翻译"],
        "exclude": [],
        "text": [r"摘\s*要"],
    },
    "retrieval-certificate": {
        "name": "论文检索证明", "name_en": "retrieval certificate", "example": "论文收录检索证明.pdf",
        "synonyms": ["检索证明", "检索报告", "查收查引", "收录证明", "引证报告", "检索证书"],
        "exclude": [],
        "text": [r"检\s*索\s*证\s*明", r"检\s*索\s*报\s*告", r"查收查引", r"收\s*录\s*证\s*明"],
    },
    "synopsis": {
        "name": "内容提要或本人完成的主要章节", "name_en": "synopsis or own chapters", "example": "内容提要.jpg",
        "synonyms": ["内容提要", "内容简介", "内容摘要", "提要", "简介", "主要章节", "本人章节", "本人完成", "本人撰写",
                     "章节"],
        "exclude": [],
        "text": [r"内\s*容\s*提\s*要", r"内\s*容\s*简\s*介"],
    },
    "book-query": {
        "name": "国家版本数据中心查询截图", "name_en": "national edition data centre query screenshot",
        "example": "国家版本数据中心查询截图.png",
        "synonyms": ["国家版本数据中心", "版本数据", "版本图书馆", "书号查询", "isbn查询", "cip查询", "图书查询"],
        "exclude": [],
        "text": [r"国家版本数据中心", r"版本图书馆", r"capub"],
    },
    "report-text": {
        "name": "报告正文", "name_en": "report text", "example": "专项调查报告.pdf",
        "synonyms": ["报告", "总结", "正文", "全文"],
        "exclude": ["立项", "结项", "验收", "鉴定", "评价", "采纳", "证明", "检索", "批复"],
        "text": [r"报\s*告", r"总\s*结"],
    },
    "project-documents": {
        "name": "项目立项、结项、验收或鉴定材料",
        "name_en": "project approval, closing, acceptance or appraisal documents",
        "example": "项目验收意见.pdf",
        "synonyms": ["立项", "结项", "结题", "验收", "鉴定", "任务书", "批复", "开题", "项目文件", "项目材料",
                     "实践材料"],
        "exclude": [],
        "text": [r"立\s*项", r"结\s*项", r"验\s*收", r"鉴\s*定", r"任\s*务\s*书"],
    },
    "adoption": {
        "name": "采纳单位书面评价和认可证明", "name_en": "adopting unit's written evaluation",
        "example": "采纳单位评价意见.pdf",
        "synonyms": ["采纳", "应用证明", "使用证明", "应用情况", "评价", "认可"],
        "exclude": [],
        "text": [r"采\s*纳", r"应\s*用\s*证\s*明", r"评\s*价\s*意\s*见"],
    },
}

_JOURNAL = ["cover", "contents", "copyright", "fulltext", "publisher-query", "paper-query"]

# Kinds in order of precedence: the first whose `words` appear in the group's folder or file names (or whose
# `label_words` appear in the group's own name) wins; a kind without words is the default. `ignore_words`
# are removed from the names before that kind's words are looked for (e.g. 核心筒 is not a 核心期刊 claim).
# Assumption (the notice does not say): a foreign journal is not in the 国家新闻出版署 database and has no
# Chinese 版权页, so the foreign kind asks for cover, contents, full text and the paper's query screenshot
# plus the three foreign parts of §三.2(3)①.
_KINDS: list[dict[str, Any]] = [
    {"id": "report", "name": "未发表的技术报告", "name_en": "unpublished report", "clause": "§三.2(3)③",
     "words": ["技术工作总结", "技术总结", "专项调查", "调查报告", "分析报告", "研究报告", "立项", "未发表",
               "技术报告"],
     "label_words": ["报告"],
     "ignore_words": [],
     "parts": ["report-text", "project-documents", "adoption"],
     "sign_stamp_reminder": True},
    {"id": "monograph", "name": "专著", "name_en": "monograph", "clause": "§三.2(3)②",
     "words": ["专著", "著作", "编著", "合著", "书影", "书号", "版本数据", "isbn"],
     "label_words": [],
     "ignore_words": ["著作权"],
     "parts": ["cover", "copyright", "contents", "synopsis", "book-query"],
     "sign_stamp_reminder": False},
    {"id": "core", "name": "核心期刊论文", "name_en": "core-journal paper", "clause": "§三.2(3)①",
     "words": ["核心", "统计源"],
     "label_words": [],
     # Engineering terms in paper titles that are not a 核心期刊 claim.
     "ignore_words": ["核心筒", "核心区", "核心层", "核心墙", "核心技术", "核心部件", "核心模块", "核心算法",
                      "核心网", "核心板", "核心设备", "核心价值", "核心竞争", "核心素养", "核心问题", "核心指标"],
     "parts": [*_JOURNAL, "core-list"],
     "sign_stamp_reminder": False},
    {"id": "foreign", "name": "国外刊物论文", "name_en": "foreign-journal paper", "clause": "§三.2(3)①",
     "words": ["ei", "sci", "scie", "外文", "英文", "国外", "境外", "外刊", "国际期刊"],
     "label_words": [],
     "ignore_words": ["英文摘要"],
     "parts": ["cover", "contents", "fulltext", "paper-query", "indexing", "chinese-abstract",
               "retrieval-certificate"],
     "sign_stamp_reminder": False},
    {"id": "journal", "name": "期刊论文", "name_en": "journal paper", "clause": "§三.2(3)①",
     "words": [], "label_words": [], "ignore_words": [],
     "parts": list(_JOURNAL),
     "sign_stamp_reminder": False},
]

DEFAULTS: dict[str, Any] = {
    "kinds": _KINDS,
    "parts": _PARTS,
    # Text of a file without part names is read from this many PDF pages (text layer only, no OCR).
    "text_max_pages": 30,
    # Fewer visible characters than this is no text layer (a scan).
    "min_text_chars": 30,
}

_ASCII_WORD = re.compile(r"^[a-z0-9]+$")
_SPACE = re.compile(r"\s+")
_SEPARATORS = re.compile(r"[\s_\-.·]+")


@dataclass(frozen=True)
class _Part:
    id: str
    name: str
    name_en: str
    example: str
    synonyms: tuple[str, ...]
    exclude: tuple[str, ...]
    text: tuple[re.Pattern[str], ...]


@dataclass(frozen=True)
class _Kind:
    id: str
    name: str
    name_en: str
    clause: str
    words: tuple[str, ...]
    label_words: tuple[str, ...]
    ignore_words: tuple[str, ...]
    parts: tuple[str, ...]
    sign_stamp_reminder: bool


def _words(values: Any, where: str) -> tuple[str, ...]:
    if not isinstance(values, list | tuple) or not all(isinstance(v, str) and v.strip() for v in values):
        raise ValueError(f"paper-evidence option {where} must be a list of non-empty strings")
    return tuple(values)


def _parse_parts(raw: Any) -> dict[str, _Part]:
    if not isinstance(raw, Mapping):
        raise ValueError("paper-evidence option parts must be a table of part id -> part")
    parts = {}
    for part_id, spec in raw.items():
        if not isinstance(spec, Mapping) or not isinstance(spec.get("name"), str):
            raise ValueError(f"paper-evidence part {part_id!r} needs at least a name and synonyms")
        synonyms = _words(spec.get("synonyms"), f"parts.{part_id}.synonyms")
        try:
            patterns = tuple(re.compile(p, re.IGNORECASE) for p in _words(spec.get("text", []) or [], "text"))
        except re.error as exc:
            raise ValueError(f"paper-evidence part {part_id!r}: bad text pattern: {exc}") from None
        parts[part_id] = _Part(
            id=part_id, name=spec["name"], name_en=str(spec.get("name_en", spec["name"])),
            example=str(spec.get("example", f"{spec['name']}.jpg")),
            synonyms=tuple(_fold(s) for s in synonyms),
            exclude=tuple(_fold(s) for s in (spec.get("exclude") or [])),
            text=patterns)
    return parts


def _parse_kinds(raw: Any, parts: Mapping[str, _Part]) -> list[_Kind]:
    if not isinstance(raw, list | tuple) or not raw:
        raise ValueError("paper-evidence option kinds must be a non-empty list")
    kinds = []
    for index, spec in enumerate(raw):
        if not isinstance(spec, Mapping) or not isinstance(spec.get("id"), str):
            raise ValueError(f"paper-evidence kinds[{index}] needs an id")
        part_ids = _words(spec.get("parts"), f"kinds[{index}].parts")
        unknown = [p for p in part_ids if p not in parts]
        if unknown:
            raise ValueError(f"paper-evidence kind {spec['id']!r} names unknown parts {unknown}")
        kinds.append(_Kind(
            id=spec["id"], name=str(spec.get("name", spec["id"])), name_en=str(spec.get("name_en", spec["id"])),
            clause=str(spec.get("clause", "§三.2(3)")),
            words=tuple(_fold(w) for w in (spec.get("words") or [])),
            label_words=tuple(_fold(w) for w in (spec.get("label_words") or [])),
            ignore_words=tuple(_fold(w) for w in (spec.get("ignore_words") or [])),
            parts=part_ids, sign_stamp_reminder=bool(spec.get("sign_stamp_reminder", False))))
    return kinds


def _fold(word: str) -> str:
    return normalize(word)


def _contains(name: str, raw_name: str, word: str) -> bool:
    """`word` (normalised) in a normalised name; a pure ASCII word only as a whole word of the raw name
    ("EI收录" and "EI-SCI" match "ei", "Beijing" does not; "Web of Science" matches "webofscience")."""
    if _ASCII_WORD.match(word):
        folded = unicodedata.normalize("NFKC", raw_name).lower()
        pattern = re.compile(rf"(?<![a-z]){re.escape(word)}(?![a-z])")
        return bool(pattern.search(folded) or pattern.search(_SEPARATORS.sub("", folded)))
    return word in name


def _names(doc: Document) -> tuple[str, str]:
    raw = stem_of(doc.parts[-1])
    return normalize(raw), raw


def parts_in_name(raw_name: str, parts: Mapping[str, _Part]) -> set[str]:
    """Ids of the parts a file name (stem) shows."""
    name = normalize(raw_name)
    found = set()
    for part in parts.values():
        if any(_contains(name, raw_name, word) for word in part.exclude):
            continue
        if any(_contains(name, raw_name, word) for word in part.synonyms):
            found.add(part.id)
    return found


def kind_of(group: Group, kinds: Sequence[_Kind]) -> _Kind:
    """The first kind whose words appear in the group's label or file names; else the default kind."""
    label_raw = group.label
    names = [(normalize(label_raw), label_raw), *(_names(d) for d in group.documents)]
    default = None
    for kind in kinds:
        if not kind.words and not kind.label_words:
            default = default or kind
            continue
        seen = [(_without(name, kind.ignore_words), raw) for name, raw in names]
        if any(_contains(seen[0][0], label_raw, w) for w in kind.label_words):
            return kind
        if any(_contains(name, raw, w) for w in kind.words for name, raw in seen):
            return kind
    return default or kinds[-1]


def _without(name: str, words: Sequence[str]) -> str:
    for word in words:
        name = name.replace(word, "")
    return name


def _display_label(group: Group) -> str:
    """The folder name when the group is a folder, else the shared prefix key ("论文1")."""
    if group.documents and all(group.label in doc.parts[:-1] for doc in group.documents):
        return group.label
    return group.key


def _document_text(doc: Document, max_pages: int) -> str | None:
    """Text already in the file (no OCR); None when there is none to read (image, scan, unreadable)."""
    if doc.read_error or doc.size == 0 or doc.kind not in ("pdf", "docx", "txt"):
        return None
    from zccheck.content.quick_text import document_text

    try:
        return document_text(doc, max_pages=max_pages)
    except ContentError:
        return None


def parts_in_text(text: str, parts: Mapping[str, _Part], wanted: Sequence[str]) -> set[str]:
    """Ids among `wanted` whose text patterns occur in `text` (spacing ignored for CJK words)."""
    folded = unicodedata.normalize("NFKC", text)
    spaced = _SPACE.sub(" ", folded)
    tight = _SPACE.sub("", folded)
    return {pid for pid in wanted
            if any(p.search(spaced) or p.search(tight) for p in parts[pid].text)}


def check(ctx: CheckContext, options: Mapping[str, Any]) -> Iterator[Problem]:
    """For each paper group: the parts its kind requires, from names (and text for unnamed files)."""
    opts = {**DEFAULTS, **options}
    parts = _parse_parts(opts["parts"])
    kinds = _parse_kinds(opts["kinds"], parts)
    for group in ctx.groups:
        yield from _check_group(group, kinds, parts, opts)


def _check_group(group: Group, kinds: Sequence[_Kind], parts: Mapping[str, _Part],
                 opts: Mapping[str, Any]) -> Iterator[Problem]:
    kind = kind_of(group, kinds)
    label = _display_label(group)
    by_name: dict[str, list[str]] = {}
    unnamed: list[Document] = []
    for doc in group.documents:
        shown = parts_in_name(stem_of(doc.parts[-1]), parts) & set(kind.parts)
        if not shown and not parts_in_name(stem_of(doc.parts[-1]), parts):
            unnamed.append(doc)
        for part_id in shown:
            by_name.setdefault(part_id, []).append(doc.rel_path)
    missing = [p for p in kind.parts if p not in by_name]
    by_text: dict[str, list[str]] = {}
    text_layers: dict[str, bool] = {}
    if missing and unnamed:
        for doc in unnamed:
            text = _document_text(doc, int(opts["text_max_pages"]))
            has_text = text is not None and len(_SPACE.sub("", text)) >= int(opts["min_text_chars"])
            text_layers[doc.rel_path] = has_text
            if has_text:
                assert text is not None
                for part_id in parts_in_text(text, parts, missing):
                    by_text.setdefault(part_id, []).append(doc.rel_path)
        missing = [p for p in missing if p not in by_text]
    details: dict[str, Any] = {
        "group": label,
        "kind": kind.id,
        "parts_required": list(kind.parts),
        "parts_found": {p: sorted(paths) for p, paths in sorted(by_name.items())},
        "parts_found_in_text": {p: sorted(paths) for p, paths in sorted(by_text.items())},
        "parts_missing": list(missing),
        "part_names": {p: {"zh": parts[p].name, "en": parts[p].name_en} for p in kind.parts if p in parts},
        "files": [d.rel_path for d in group.documents],
    }
    base = {"group": label, "kind": kind.name, "kind_en": kind.name_en, "clause": kind.clause}
    if missing and unnamed:
        names = [parts[p] for p in missing]
        files = [d.rel_path for d in unnamed]
        yield Problem("paper-parts-unconfirmed", path=files[0] if len(files) == 1 else None,
                      params={**base, "parts": "、".join(p.name for p in names),
                              "parts_en": ", ".join(p.name_en for p in names),
                              "files": "、".join(f"“{d.name}”" for d in unnamed)},
                      details={**details, "unnamed_files": files, "text_layer": text_layers})
    elif missing:
        for part_id in missing:
            part = parts[part_id]
            yield Problem("paper-part-missing",
                          params={**base, "part": part.name, "part_en": part.name_en, "example": part.example},
                          details={**details, "part": part_id})
    else:
        yield Problem("paper-parts-complete", params=base, details=details)
    if kind.sign_stamp_reminder:
        yield Problem("paper-report-sign-stamp", params=base,
                      details={"group": label, "kind": kind.id, "files": details["files"]})
