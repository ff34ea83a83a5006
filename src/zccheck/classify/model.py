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


@dataclass
class Classification:
    """Documents by item; multi-file items also by group; what matched nothing or too much."""

    by_item: dict[str, list[Document]] = field(default_factory=dict)
    groups: dict[str, list[Group]] = field(default_factory=dict)
    unrecognised: list[Document] = field(default_factory=list)
    ambiguous: list[tuple[Document, tuple[str, ...]]] = field(default_factory=list)
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
