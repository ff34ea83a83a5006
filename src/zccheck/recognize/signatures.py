"""Scoring text against the checklist's content signatures (titles, supporting words, patterns).

Text is folded before matching so that what OCR and PDF extraction do to it does not matter: NFKC (full
width → half width), lower case, whitespace and punctuation removed, and characters OCR commonly confuses
mapped to one (己/已/巳, 未/末, 土/士, 人/入, 日/曰). A title of four or more characters also matches with one
character misread. When titles of two items overlap at the same place ("推荐意见" inside "审议推荐意见"),
only the longer counts, as for file names.

Score of an item: a title in the first lines 3 (2.5 with a misread character), a title further down 1.5,
each distinct supporting word or pattern 1 (at most 6); confidence = score / 5, capped at 1.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from zccheck.checklist.model import Signature

TITLE_HEAD, TITLE_FUZZY, TITLE_BODY, WORD = 3.0, 2.5, 1.5, 1.0
MAX_WORDS = 6
FULL_SCORE = 5.0

_CONFUSED = str.maketrans({"已": "己", "巳": "己", "末": "未", "士": "土", "入": "人", "曰": "日", "〇": "0"})
_DROP = re.compile(r"[\s()\[\]{}<>（）【】《》〈〉「」『』\"'“”‘’`~!@#$%^&*+=|\\/:;：；,，.。、?？!！·・…_\-—–－]+")
_SPACE = re.compile(r"\s+")


def fold(text: str) -> str:
    """Text as matched: NFKC, lower case, confusable characters unified, spaces and punctuation removed."""
    return _DROP.sub("", unicodedata.normalize("NFKC", text).lower().translate(_CONFUSED))


def tight(text: str) -> str:
    """Text for patterns: NFKC and whitespace removed, punctuation kept."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


@dataclass(frozen=True)
class Match:
    """One signature's result: score, the evidence shown to the applicant, and title spans in the head."""

    score: float
    evidence: tuple[str, ...]
    spans: tuple[tuple[int, int, float, str], ...] = ()


@dataclass
class CompiledSignature:
    """A signature ready to score folded text."""

    titles: tuple[str, ...]
    words: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...]
    _fuzzy: list[tuple[str, re.Pattern[str]]] = field(default_factory=list)
    original: dict[str, str] = field(default_factory=dict)  # folded word -> as the checklist writes it

    @classmethod
    def build(cls, signature: Signature) -> CompiledSignature:
        titles = tuple(dict.fromkeys(t for t in (fold(t) for t in signature.titles) if t))
        words = tuple(dict.fromkeys(w for w in (fold(w) for w in signature.words) if w))
        patterns = tuple(re.compile(p, re.IGNORECASE) for p in signature.patterns)
        fuzzy = []
        for title in titles:
            if len(title) >= 4:
                variants = [re.escape(title[:i]) + "." + re.escape(title[i + 1:]) for i in range(len(title))]
                fuzzy.append((title, re.compile("|".join(variants))))
        original = {fold(w): w for w in (*signature.titles, *signature.words)}
        return cls(titles, words, patterns, fuzzy, original)

    @property
    def empty(self) -> bool:
        return not (self.titles or self.words or self.patterns)

    def title_spans(self, head: str) -> list[tuple[int, int, float, str]]:
        """(start, end, points, title) of every title found in the folded head."""
        spans = []
        for title in self.titles:
            start = head.find(title)
            if start >= 0:
                spans.append((start, start + len(title), TITLE_HEAD, title))
        for title, pattern in self._fuzzy:
            if any(title == s[3] for s in spans):
                continue
            found = pattern.search(head)
            if found:
                spans.append((found.start(), found.end(), TITLE_FUZZY, title))
        return spans

    def supporting(self, folded: str, raw_tight: str, exclude: Iterable[str]) -> list[str]:
        """Supporting words and patterns found (words contained in a matched title do not count again)."""
        taken = tuple(exclude)
        found = [w for w in self.words if w in folded and not any(w in t for t in taken)]
        found = [w for w in found if not any(w != other and w in other for other in found)]  # 月刊 in 双月刊
        found += [p.pattern for p in self.patterns if p.search(raw_tight) or p.search(folded)]
        return found

    def head_pattern(self, head_raw: str) -> str | None:
        """The text the first matching pattern found (shown as evidence: "2023年第5期")."""
        for pattern in self.patterns:
            found = pattern.search(head_raw)
            if found:
                return found.group(0)
        return None


def score_texts(signatures: Mapping[str, CompiledSignature], head: str, body: str) -> dict[str, Match]:
    """Score every signature on a document's head (first lines) and body; overlapping titles: longest wins."""
    head_f, body_f = fold(head), fold(body)
    raw = tight(head + "\n" + body)
    everything = head_f + body_f
    spans = {key: sig.title_spans(head_f) for key, sig in signatures.items()}
    spans = _longest_only(spans)
    results: dict[str, Match] = {}
    for key, sig in signatures.items():
        if sig.empty:
            continue
        score = 0.0
        evidence: list[str] = []
        titles_seen: list[str] = []
        if spans[key]:
            best = max(spans[key], key=lambda s: (s[2], s[1] - s[0]))
            score += best[2]
            titles_seen.append(best[3])
            evidence.append(f"标题：{head_f[best[0]:best[1]]}")
        else:
            body_title = next((t for t in sorted(sig.titles, key=len, reverse=True) if t in body_f), None)
            if body_title:
                score += TITLE_BODY
                titles_seen.append(body_title)
                evidence.append(f"正文：{body_title}")
        words = sig.supporting(everything, raw, titles_seen)
        if words:
            score += WORD * min(MAX_WORDS, len(words))
            shown = [w for w in words if w in sig.words][:6]
            printed = sig.head_pattern(raw) if len(shown) < len(words) else None
            if shown or printed:
                listed = [*(_shown(sig.original.get(w, w)) for w in shown), *([_shown(printed)] if printed else [])]
                evidence.append("关键词：" + "/".join(listed))
        if score > 0:
            results[key] = Match(score, tuple(evidence), tuple(spans[key]))
    return results


def confidence(score: float) -> float:
    """Score → confidence in 0..1."""
    return round(min(1.0, score / FULL_SCORE), 2)


def _shown(word: str) -> str:
    return word if len(word) <= 16 else word[:16] + "…"


def _longest_only(spans: dict[str, list[tuple[int, int, float, str]]]) -> dict[str, list]:
    """Drop a title match lying inside a longer title match of another signature."""
    out: dict[str, list] = {}
    for key, own in spans.items():
        kept = []
        for start, end, points, title in own:
            covered = any(o_start <= start and end <= o_end and (o_end - o_start) > (end - start)
                          for other, theirs in spans.items() if other != key
                          for o_start, o_end, _, _ in theirs)
            if not covered:
                kept.append((start, end, points, title))
        out[key] = kept
    return out
