"""Write the tidy copy: every planned file (converted where planned), zccheck.toml, and 整理清单.csv.

Files are created with exclusive mode ("x"): nothing existing is ever overwritten. The source is only read
(through the inventory's Documents, so a zip is never extracted anywhere).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from zccheck.content.errors import ContentError
from zccheck.inventory.document import Document, ReadError
from zccheck.inventory.model import Inventory
from zccheck.tidy.images import to_jpeg
from zccheck.tidy.plan import FACTS, MANIFEST_NAME, SKIP, Placement, TidyPlan


@dataclass
class TidyOutcome:
    """What was (or, with dry_run, would be) written: the final placements and the manifest's path."""

    placements: list[Placement]
    manifest: str | None
    dry_run: bool


def write_tidy(plan: TidyPlan, inventory: Inventory, dst: Path, *, dry_run: bool, labels) -> TidyOutcome:
    """Carry out `plan` into `dst` (created); with `dry_run` nothing is written. `labels(placement)` gives a
    manifest row's action, item, decided-by, evidence and note texts in the report's language."""
    documents = {doc.rel_path: doc for doc in inventory.documents}
    if dry_run:
        return TidyOutcome(list(plan.placements), None, True)
    dst.mkdir(parents=True, exist_ok=True)
    done: list[Placement] = []
    for placement in plan.placements:
        if placement.target is None:
            done.append(placement)
            continue
        if placement.action == FACTS:
            _write(dst, placement.target, (inventory.facts_text or "").encode("utf-8"))
            done.append(placement)
            continue
        done.append(_copy(documents[placement.rel], placement, dst))
    manifest = dst / MANIFEST_NAME
    with open(manifest, "x", encoding="utf-8-sig", newline="") as handle:  # BOM: Excel on Windows reads UTF-8
        rows = csv.writer(handle)
        rows.writerow(labels.header())
        for placement in done:
            rows.writerow(labels.row(placement))
    return TidyOutcome(done, str(manifest), False)


def _copy(doc: Document, placement: Placement, dst: Path) -> Placement:
    try:
        data = doc.read_bytes()
    except ReadError as exc:
        return replace(placement, target=None, action=SKIP, note=exc.detail or exc.reason)
    if placement.convert is not None:
        try:
            converted = to_jpeg(data, placement.limit_bytes)
        except ContentError as exc:  # keep the original bytes and name; scan will report the file as it is
            suffix = PurePosixPath(doc.name).suffix.lower()
            target = str(PurePosixPath(placement.target).with_suffix(suffix)) if suffix else placement.target
            placement = replace(placement, target=_free(dst, target), convert=None,
                                note=f"未能转换（{exc.detail or exc.reason}），按原样复制")
        else:
            _write(dst, placement.target, converted)
            return replace(placement, note=f"{len(data) // 1024} KB → {len(converted) // 1024} KB")
    _write(dst, placement.target, data)
    return placement


def _free(dst: Path, target: str) -> str:
    """`target`, or target-2, -3 … when a converted name's fallback collides with a file already written."""
    path = PurePosixPath(target)
    candidate, number = target, 1
    while (dst / candidate).exists():
        number += 1
        candidate = str(path.with_name(f"{path.stem}-{number}{path.suffix}"))
    return candidate


def _write(dst: Path, target: str, data: bytes) -> None:
    path = dst.joinpath(*PurePosixPath(target).parts)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "xb") as handle:
        handle.write(data)
