"""The recognition stage: between classification by names and the checks, content decides what names cannot.

For every document:
* its name and folders decided nothing (unrecognised or ambiguous): full evidence (text layer, .docx,
  spreadsheet header, or for images and scans a face and the OCR of the first page's title region) is scored
  against every item's signature. Strong and clearly ahead → the item is assigned (`source="content"`);
  weaker or too close to another item → a `review` suggestion, the file stays unassigned; images and scans
  without the vision extra → listed once as needing it.
* a member of a paper's group whose file name shows no part ("论文1/IMG_0001.jpg"): its group stays the
  folder's; only its part is recognised from content (`part`, `part_id`), for the paper-evidence check.
* its name decided a single-file item: cheap cross-check on text already in the file (never OCR, so good
  names stay fast). Content clearly naming another item, with nothing of the named item found, is a
  conflict: the file is moved to the item its content shows and the named item is absent unless another
  file supplies it.

The stage changes the Classification in place and records every decision in `classification.recognitions`.
It never prints: `progress(done, total, path)` is called after each document that needed full evidence.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from zccheck import cache
from zccheck.checklist.model import Checklist, ItemSpec
from zccheck.classify.model import Classification, Group, Recognition
from zccheck.classify.normalize import normalize, stem_of
from zccheck.inventory.document import Document
from zccheck.recognize.evidence import OCR_KINDS, full_evidence, text_evidence
from zccheck.recognize.signatures import FULL_SCORE, CompiledSignature, Match, confidence, score_texts

Progress = Callable[[int, int, str], None]
PENSION_COLUMNS_SCORE = 4.0
_PART_SEP = "#"


@dataclass(frozen=True)
class Verdict:
    """The best item (and part) for a document's content, the runner-up, and the evidence."""

    item: str | None
    part: str | None
    score: float
    runner_up: str | None
    runner_up_score: float
    evidence: tuple[str, ...]
    method: str

    @property
    def confidence(self) -> float:
        return confidence(self.score)


class Recognizer:
    """Compiled signatures of a checklist, and the scoring of one document's evidence."""

    def __init__(self, checklist: Checklist) -> None:
        self.checklist = checklist
        self.settings = checklist.recognition
        self.signatures: dict[str, CompiledSignature] = {}
        self.part_names: dict[str, str] = {}
        self.face_items: dict[str, float] = {}
        self.pension_items: dict[str, int] = {}
        self._scored: dict[tuple[str, str], dict[str, Match]] = {}  # last text scored (a verdict, then `only`)
        sources: list[tuple[str, object]] = []
        for item in checklist.items.values():
            spec = item.recognize
            if spec is None:
                continue
            self.signatures[item.id] = CompiledSignature.build(spec.signature)
            sources.append((item.id, spec.signature))
            for part_id, part in spec.parts.items():
                key = f"{item.id}{_PART_SEP}{part_id}"
                self.signatures[key] = CompiledSignature.build(part)
                self.part_names[key] = part.name or part_id
                sources.append((key, part))
            if spec.face_min_height_share is not None:
                self.face_items[item.id] = spec.face_min_height_share
            if spec.pension_columns is not None:
                self.pension_items[item.id] = spec.pension_columns
        # What the scores depend on besides the text: the signatures as the checklist writes them.
        self.signatures_digest = hashlib.sha256(repr(sorted(sources, key=lambda s: s[0])).encode()).hexdigest()

    def _scores(self, head: str, body: str) -> dict[str, Match]:
        """`score_texts` of every signature on this head and body; a document's second verdict (the cross-check
        asks again with `only`) reuses the first one's scores instead of scoring all signatures again. With
        the persistent cache, scores are kept by the text and the signatures (a re-run does not score again:
        scoring was a fifth of a warm batch's CPU)."""
        key = (head, body)
        if key not in self._scored:
            text = hashlib.sha256(f"{head}\x00{body}".encode("utf-8", "surrogatepass")).hexdigest()
            self._scored = {key: cache.memo(text, "", "text", f"recognize:scores:v1:{self.signatures_digest}",
                                            lambda: score_texts(self.signatures, head, body))}
        return self._scored[key]

    @property
    def face_share(self) -> float | None:
        """The smallest face share any item accepts (None: no item is recognised by a face)."""
        return min(self.face_items.values(), default=None)

    def verdict(self, evidence: dict, only: Iterable[str] | None = None) -> Verdict:
        """Score `evidence` against the signatures (only those of the items in `only`, when given)."""
        lines = [str(line) for line in evidence.get("lines") or []]
        head_lines = self.settings.head_lines
        head = "\n".join(lines[:head_lines])[:240]
        body = "\n".join(lines[head_lines:])[:6000]
        matches = dict(self._scores(head, body)) if lines else {}
        faces, share = evidence.get("faces"), float(evidence.get("face_share") or 0.0)
        for item_id, minimum in self.face_items.items():
            if faces == 1 and share >= minimum:
                matches[item_id] = Match(FULL_SCORE, (f"人脸 1 张（占高度 {share:.0%}）",))
        header = evidence.get("pension_columns") or []
        for item_id, needed in self.pension_items.items():
            if len(set(header)) >= needed:
                old = matches.get(item_id, Match(0.0, ()))
                matches[item_id] = Match(old.score + PENSION_COLUMNS_SCORE,
                                         ("表头：" + "/".join(list(dict.fromkeys(header))[:6]), *old.evidence))
        allowed = set(only) if only is not None else None
        best: dict[str, tuple[float, str | None, tuple[str, ...]]] = {}
        part_scores: dict[str, list[float]] = {}
        for key, match in matches.items():
            item_id, _, part = key.partition(_PART_SEP)
            if allowed is not None and item_id not in allowed:
                continue
            if part:
                part_scores.setdefault(item_id, []).append(match.score)
            if match.score > best.get(item_id, (0.0, None, ()))[0]:
                best[item_id] = (match.score, part or None, match.evidence)
        # A part only counts when it clearly leads the item's other parts (a cover and a copyright page both
        # print the ISSN and the issue).
        margin = self.settings.margin * FULL_SCORE
        for item_id, scores in part_scores.items():
            ordered = sorted(scores, reverse=True)
            if len(ordered) > 1 and ordered[0] - ordered[1] < margin and best[item_id][1] is not None:
                score, _, shown = best[item_id]
                best[item_id] = (score, None, shown)
        ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], kv[0]))
        method = str(evidence.get("method") or "")
        if not ranked:
            return Verdict(None, None, 0.0, None, 0.0, (), method)
        (top, (score, part, shown)), rest = ranked[0], ranked[1:]
        second, second_score = (rest[0][0], rest[0][1][0]) if rest else (None, 0.0)
        return Verdict(top, part, score, second, second_score, shown, method)

    def decided(self, verdict: Verdict) -> bool:
        """Strong and clearly ahead of the runner-up."""
        margin = self.settings.margin * FULL_SCORE
        return (verdict.item is not None and verdict.confidence >= self.settings.strong
                and verdict.score - verdict.runner_up_score >= margin)

    def part_name(self, item_id: str, part: str | None) -> str | None:
        return self.part_names.get(f"{item_id}{_PART_SEP}{part}") if part else None


def recognize(documents: list[Document], classification: Classification, checklist: Checklist,
              progress: Progress | None = None) -> None:
    """Run the stage on `classification` (changed in place; see the module docstring)."""
    recognizer = Recognizer(checklist)
    if not recognizer.signatures:
        return
    ambiguous = {id(doc): candidates for doc, candidates in classification.ambiguous}
    unnamed = [d for d in documents if _usable(d) and (d in classification.unrecognised or id(d) in ambiguous)]
    part_members = [d for d in documents if _usable(d) and _needs_part(d, classification, checklist)]
    work = unnamed + part_members
    for done, doc in enumerate(work, 1):
        evidence = _guarded(lambda d=doc: full_evidence(d, recognizer.settings, recognizer.face_share))
        if evidence is not None and _worth_deeper(doc, evidence, recognizer, classification, part_members):
            evidence = _guarded(lambda d=doc: full_evidence(d, recognizer.settings, recognizer.face_share, deep=True))
        if evidence is None:
            pass
        elif doc in part_members:
            _recognize_part(doc, evidence, recognizer, classification)
        else:
            _recognize_unnamed(doc, evidence, recognizer, classification, checklist)
        if progress is not None:
            progress(done, len(work), doc.rel_path)
    for doc in documents:
        named = classification.item_of(doc)
        item = checklist.items.get(named) if named else None
        if item is None or item.multi or not _usable(doc) or doc.rel_path in classification.recognitions:
            continue
        evidence = _guarded(lambda d=doc: d.memo("recognize:text:v1", lambda: text_evidence(d)))
        if evidence and (evidence.get("lines") or evidence.get("pension_columns")):
            _cross_check(doc, item, evidence, recognizer, classification, checklist)


def _guarded(read: Callable[[], dict]) -> dict | None:
    """Evidence, or None when reading it hit a bug in zccheck's own readers: the file then keeps what its name
    says, and the check that reads it next reports the bug as `internal-error` naming the file (inside the
    engine's guard) instead of the whole scan stopping here."""
    try:
        return read()
    except Exception:  # not swallowed: the checks hit and report the same bug, naming the file
        return None


def _worth_deeper(doc: Document, evidence: dict, recognizer: Recognizer, classification: Classification,
                  part_members: list[Document]) -> bool:
    """OCR of the title region left the decision open: read the whole first page (this file only)."""
    if evidence.get("method") != "ocr-title" or evidence.get("whole_page"):
        return False
    item_id = classification.item_of(doc) if doc in part_members else None
    verdict = recognizer.verdict(evidence, only=[item_id] if item_id else None)
    spec = recognizer.checklist.items[verdict.item].recognize if verdict.item else None
    part_open = spec is not None and bool(spec.parts) and verdict.part is None
    return not recognizer.decided(verdict) or part_open


def _usable(doc: Document) -> bool:
    return not (doc.read_error or doc.size == 0 or doc.kind in ("empty", "unknown") or "corrupt" in doc.cache
                or (doc.pdf is not None and doc.pdf.needs_password))


def _needs_part(doc: Document, classification: Classification, checklist: Checklist) -> bool:
    """A member of a multi-file item with evidence parts whose file name shows no part."""
    item_id = classification.item_of(doc)
    item = checklist.items.get(item_id) if item_id else None
    if item is None or not item.multi or item.recognize is None or not item.recognize.parts:
        return False
    if doc.kind not in OCR_KINDS and doc.kind not in ("docx", "txt"):
        return False
    stem = normalize(stem_of(doc.parts[-1]))
    words = [normalize(w) for w in (*item.part_keywords, *_part_words(item))]
    return not any(w and w in stem for w in words)


def _part_words(item: ItemSpec) -> list[str]:
    spec = item.recognize
    return [p.name for p in spec.parts.values() if p.name] if spec else []


def _recognize_unnamed(doc: Document, evidence: dict, recognizer: Recognizer, classification: Classification,
                       checklist: Checklist) -> None:
    rel = doc.rel_path
    if evidence.get("needs_vision"):
        classification.recognitions[rel] = Recognition(rel, None, 0.0, ("需要安装 vision 扩展才能识别图片和扫描件",),
                                                       "needs-vision", "content")
        return
    verdict = recognizer.verdict(evidence)
    if verdict.item is None or verdict.confidence < recognizer.settings.weak:
        return
    part_name = recognizer.part_name(verdict.item, verdict.part)
    if not recognizer.decided(verdict):
        evidence_shown = verdict.evidence
        if verdict.runner_up and verdict.runner_up_score >= verdict.score - recognizer.settings.margin * FULL_SCORE:
            other = checklist.items[verdict.runner_up].name_zh
            evidence_shown = (*evidence_shown, f"也像“{other}”")
        classification.recognitions[rel] = Recognition(rel, verdict.item, verdict.confidence, evidence_shown,
                                                       verdict.method, "content", part_name)
        return
    classification.recognitions[rel] = Recognition(rel, verdict.item, verdict.confidence, verdict.evidence,
                                                   verdict.method, "content", part_name)
    if doc in classification.unrecognised:
        classification.unrecognised.remove(doc)
    classification.ambiguous = [(d, c) for d, c in classification.ambiguous if d is not doc]
    if verdict.part:
        classification.part_ids[rel] = verdict.part
    _assign(doc, checklist.items[verdict.item], classification)


def _recognize_part(doc: Document, evidence: dict, recognizer: Recognizer, classification: Classification) -> None:
    """Only the part of a group member: its item and group stay what its folder says."""
    rel = doc.rel_path
    item_id = classification.item_of(doc)
    if item_id is None:
        return
    if evidence.get("needs_vision"):
        classification.recognitions[rel] = Recognition(rel, item_id, 0.0, ("需要安装 vision 扩展才能识别图片和扫描件",),
                                                       "needs-vision", "name")
        return
    verdict = recognizer.verdict(evidence, only=[item_id])
    if verdict.part is None or verdict.confidence < recognizer.settings.weak:
        return
    classification.recognitions[rel] = Recognition(
        rel, item_id, verdict.confidence, verdict.evidence, verdict.method, "name",
        recognizer.part_name(item_id, verdict.part), item_id)
    if verdict.confidence >= recognizer.settings.strong:
        classification.part_ids[rel] = verdict.part


def _cross_check(doc: Document, item: ItemSpec, evidence: dict, recognizer: Recognizer,
                 classification: Classification, checklist: Checklist) -> None:
    """A named file whose text clearly shows another item, and nothing of its own: a conflict."""
    rel = doc.rel_path
    verdict = recognizer.verdict(evidence)
    if verdict.item is None:
        return
    if verdict.item == item.id:
        classification.recognitions[rel] = Recognition(rel, item.id, verdict.confidence, verdict.evidence,
                                                       verdict.method, "name", None, item.id)
        return
    own = recognizer.verdict(evidence, only=[item.id])
    related = verdict.item in item.satisfied_by or item.id in checklist.items[verdict.item].satisfied_by
    if related or own.score >= 1.0 or not recognizer.decided(verdict):
        return
    target = checklist.items[verdict.item]
    classification.recognitions[rel] = Recognition(
        rel, target.id, verdict.confidence, verdict.evidence, verdict.method, "conflict",
        recognizer.part_name(target.id, verdict.part), item.id)
    classification.unassign(doc)
    _assign(doc, target, classification)


def _assign(doc: Document, item: ItemSpec, classification: Classification) -> None:
    """Assign `doc`; for a multi-file item, content-recognised files of one folder form one entry."""
    classification.assign(doc, item.id)
    if not item.multi:
        return
    folder = "/".join(doc.parts[:-1])
    key = f"content:{folder}"
    label = doc.parts[-2] if len(doc.parts) > 1 else item.name_zh
    groups = classification.groups.setdefault(item.id, [])
    for index, group in enumerate(groups):
        if group.key == key:
            groups[index] = replace(group, documents=(*group.documents, doc))
            return
    groups.append(Group(item=item.id, key=key, label=label, documents=(doc,)))
