"""The catalogue of finding codes: one table keyed by code, assembled from one file per area."""

from __future__ import annotations

from zccheck.catalogue import core, eligibility, papers, pension, photo, recognition, scan, summary
from zccheck.catalogue.model import CodeSpec


def _merge(*tables: dict[str, CodeSpec]) -> dict[str, CodeSpec]:
    merged: dict[str, CodeSpec] = {}
    for table in tables:
        clash = merged.keys() & table.keys()
        if clash:
            raise ValueError(f"finding codes defined twice: {sorted(clash)}")
        merged.update(table)
    return merged


CATALOGUE: dict[str, CodeSpec] = _merge(
    core.CODES,
    photo.CODES,
    summary.CODES,
    pension.CODES,
    papers.CODES,
    scan.CODES,
    eligibility.CODES,
    recognition.CODES,
)


def spec(code: str) -> CodeSpec:
    """The spec of `code`; KeyError for an uncatalogued code (a programming error the tests catch)."""
    return CATALOGUE[code]
