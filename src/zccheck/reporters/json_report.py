"""The stable JSON shape (schema_version 1) for scripts and CI: `result_json.to_dict` plus the overview."""

from __future__ import annotations

import json
from typing import IO, Any

from zccheck.reporters.console import unicode_stream
from zccheck.reporters.overview import verdict, work_counts
from zccheck.result import Result
from zccheck.result_json import SCHEMA_VERSION, applicant_dict, finding_to_dict
from zccheck.result_json import to_dict as result_data

__all__ = ["SCHEMA_VERSION", "applicant_dict", "finding_to_dict", "render", "to_dict"]


def to_dict(result: Result) -> dict[str, Any]:
    """The whole result as the documented JSON document: `result_json.to_dict` (ID numbers masked everywhere)
    plus the additive "overview" (the first screen as data; verdict: not-ready | fix-first | review-first |
    ready), right after "summary"."""
    data = result_data(result)
    masked = result.masked()
    overview = {"verdict": verdict(masked), "work": work_counts(masked.findings)}
    ordered: dict[str, Any] = {}
    for key, value in data.items():
        ordered[key] = value
        if key == "summary":
            ordered["overview"] = overview
    return ordered


def render(result: Result, stream: IO[str], *, color: bool = False) -> None:
    """Write the JSON document (and nothing else) to `stream`."""
    # a console that is not UTF-8 gets \\u escapes: the same JSON, nothing lost or replaced
    json.dump(to_dict(result), stream, ensure_ascii=not unicode_stream(stream), indent=2, default=str)
    stream.write("\n")
