"""The shape of one catalogued finding code."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from zccheck.findings import Severity


class _Blank(dict):
    """format_map helper: a missing template value renders as an empty string, never a KeyError."""

    def __missing__(self, key: str) -> str:
        return ""


@dataclass(frozen=True)
class CodeSpec:
    """A finding code with its default severity, title, message template and fix hint, zh and en.

    Templates use `str.format` fields filled from a Problem's params, e.g. "缺少{item_name}".
    `kind` (add, rename, convert, redo, fix) overrides the kind of work derived from `tags`.
    """

    code: str
    severity: Severity
    title_zh: str
    title_en: str
    message_zh: str
    message_en: str
    hint_zh: str = ""
    hint_en: str = ""
    tags: tuple[str, ...] = ()
    kind: str = ""
    """What the applicant does about it (see catalogue/kinds.py); empty: derived from `tags`."""

    def title(self, lang: str) -> str:
        """The title in `lang` ("zh" or "en")."""
        return self.title_en if lang == "en" else self.title_zh

    def message(self, lang: str, params: Mapping[str, Any]) -> str:
        """The message rendered in `lang` with `params`."""
        template = self.message_en if lang == "en" else self.message_zh
        return template.format_map(_Blank(params))

    def hint(self, lang: str, params: Mapping[str, Any]) -> str:
        """The fix hint rendered in `lang` with `params`."""
        template = self.hint_en if lang == "en" else self.hint_zh
        return template.format_map(_Blank(params))


def codes(*specs: CodeSpec) -> dict[str, CodeSpec]:
    """Build a code -> spec dict, refusing a code defined twice."""
    table: dict[str, CodeSpec] = {}
    for spec in specs:
        if spec.code in table:
            raise ValueError(f"finding code defined twice: {spec.code}")
        table[spec.code] = spec
    return table
