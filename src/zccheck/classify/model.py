"""The result of recognising items from folder and file names."""

from __future__ import annotations

from dataclasses import dataclass, field

from zccheck.inventory.document import Document


@dataclass(frozen=True)
class Group:
    """One entry of a multi-file item (a paper, an achievement): a subfolder or files sharing a prefix.

    `key` is stable within the item (e.g. "论文2"); `label` is what the applicant wrote (folder or prefix);
    `markers` are the marks found in the group's folder or file names: "代表作", "代表性成果".
    `part_names` map each document to the normalised file-name stem used to recognise evidence parts.
    """

    item: str
    key: str
    label: str
    documents: tuple[Document, ...]
    markers: frozenset[str] = frozenset()

    @property
    def paths(self) -> tuple[str, ...]:
        """Relative paths of the group's documents."""
        return tuple(d.rel_path for d in self.documents)


@dataclass(frozen=True)
class Recognition:
    """How one document's item (or paper/achievement part) was decided from its content, not its name.

    `source` is "content" when content decided an unnamed file, "name" when a named file's content agrees,
    "conflict" when a named file's content clearly says it is something else; `item` is the item content
    points to (None when content could not decide); `part` the evidence part ("版权页") for members of a
    paper's or an achievement's group; `confidence` in 0..1 (strong ≥ 0.8 assigns; weaker is a review
    suggestion, never a silent guess); `evidence` the words, headers or measures that decided, as shown
    to the applicant ("标题：承诺书", "表头：缴费年月/缴费基数", "人脸 1 张"); `method` how they were read
    ("text-layer", "docx", "spreadsheet", "ocr-title", "face").
    """

    path: str
    item: str | None
    confidence: float
    evidence: tuple[str, ...] = ()
    method: str = ""
    source: str = "content"
    part: str | None = None
    named_item: str | None = None


@dataclass
class Classification:
    """Documents by item; multi-file items also by group; what matched nothing or too much."""

    by_item: dict[str, list[Document]] = field(default_factory=dict)
    groups: dict[str, list[Group]] = field(default_factory=dict)
    unrecognised: list[Document] = field(default_factory=list)
    ambiguous: list[tuple[Document, tuple[str, ...]]] = field(default_factory=list)
    recognitions: dict[str, Recognition] = field(default_factory=dict)
    part_ids: dict[str, str] = field(default_factory=dict)  # rel_path -> evidence part id read from content
    _owner: dict[int, str] = field(default_factory=dict, repr=False)

    def documents(self, item_id: str) -> list[Document]:
        """Documents recognised as `item_id` (empty when none)."""
        return self.by_item.get(item_id, [])

    def assign(self, doc: Document, item_id: str) -> None:
        """Record that `doc` belongs to `item_id`."""
        self.by_item.setdefault(item_id, []).append(doc)
        self._owner[id(doc)] = item_id

    def item_of(self, doc: Document) -> str | None:
        """The item a document was assigned to, or None."""
        return self._owner.get(id(doc))

    def unassign(self, doc: Document) -> None:
        """Forget that `doc` belongs to its item (content showed it is something else)."""
        item_id = self._owner.pop(id(doc), None)
        if item_id is None:
            return
        remaining = [d for d in self.by_item.get(item_id, []) if d is not doc]
        if remaining:
            self.by_item[item_id] = remaining
        else:
            self.by_item.pop(item_id, None)
