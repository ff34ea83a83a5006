"""Unit names compared the way the pension window needs: is a record's unit the applying unit?

Unit names are compared after `normalise_unit`:
* NFKC (full width → half width), case folded;
* whitespace, brackets of every kind (（）()【】〔〕[]《》…), quotes and separating punctuation
  removed, their content kept ("广西某某（集团）有限公司" ≡ "广西某某集团有限公司");
* "有限责任公司" ≡ "有限公司" (the same legal form, written both ways by different systems);
* "股份有限公司" stays distinct from "有限公司": a 股份 company is another legal form, and a change
  between the two is a change of registered name the applicant should explain (or declare as an alias).
Names where one contains the other (e.g. "广西某某有限公司" vs "某某有限公司") count as the unit when
`match_similar` is on, and are remembered in `UnitMatcher.similar` so the check can ask for a confirmation.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_DROP = re.compile(r"[\s()\[\]{}<>【】〔〕〖〗《》〈〉「」『』\"'“”‘’·•・.,，、。:：;；\-_—–~～/\\]+")
SIMILAR_MIN_CHARS = 4  # both normalised names must be this long for containment to count


def normalise_unit(name: str | None) -> str:
    """A unit name reduced for comparison (see the module docstring for what is and is not equated)."""
    text = unicodedata.normalize("NFKC", name or "").casefold()
    text = _DROP.sub("", text)
    return text.replace("有限责任公司", "有限公司")


class UnitMatcher:
    """Decides whether a record's unit name is the applying unit (or one of its aliases)."""

    def __init__(self, unit: str | None, aliases: Iterable[str], match_similar: bool) -> None:
        self.targets = {normalise_unit(u) for u in (unit, *aliases) if u and normalise_unit(u)}
        self.match_similar = match_similar
        self.similar: dict[str, None] = {}  # names matched by containment only, in order of first match

    def __call__(self, name: str) -> bool:
        key = normalise_unit(name)
        if not key or not self.targets:
            return False
        if key in self.targets:
            return True
        if self.match_similar and any(
            min(len(key), len(t)) >= SIMILAR_MIN_CHARS and (key in t or t in key) for t in self.targets
        ):
            self.similar[name] = None
            return True
        return False
