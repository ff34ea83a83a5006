"""The stable JSON shape (schema_version 1) for scripts and CI: writes `result_json.to_dict`."""

from __future__ import annotations

import json
from typing import IO

from zccheck.reporters.console import unicode_stream
from zccheck.result import Result
from zccheck.result_json import SCHEMA_VERSION, applicant_dict, finding_to_dict, to_dict

__all__ = ["SCHEMA_VERSION", "applicant_dict", "finding_to_dict", "render", "to_dict"]


def render(result: Result, stream: IO[str], *, color: bool = False) -> None:
    """Write the JSON document (and nothing else) to `stream`."""
    # a console that is not UTF-8 gets \\u escapes: the same JSON, nothing lost or replaced
    json.dump(to_dict(result), stream, ensure_ascii=not unicode_stream(stream), indent=2, default=str)
    stream.write("\n")
