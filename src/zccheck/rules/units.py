"""Is this the same unit (单位)? The one matcher every check uses: pension window, consistency, roster.

Names are compared after `normalise_unit`:
* NFKC (full width → half width), case folded;
* whitespace, brackets of every kind (（）()【】〔〕[]《》…), quotes and separating punctuation removed, their
  content kept: "广西某某（集团）有限公司" ≡ "广西某某集团有限公司", "某某(广西)有限公司" ≡ "某某（广西）有限公司";
* "有限责任公司" ≡ "有限公司" (the same legal form, written both ways by different systems).

What stays distinct:
* "股份有限公司" vs "有限公司": another legal form; a change between the two is a change of registered name the
  applicant should explain (or declare as an alias);
* a branch (分公司, 分厂, 分院, 分行, 支行, 办事处, 子公司 …) is another unit than its parent, even though its
  name contains the parent's: "某某有限公司柳州分公司" is not "某某有限公司".

Names where one contains the other otherwise (e.g. "广西某某有限公司" vs "某某有限公司", both at least
`SIMILAR_MIN_CHARS` long) are `SIMILAR`: probably the unit, written with or without its region; checks count
them as the unit and may ask the applicant to confirm.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from enum import StrEnum

_DROP = re.compile(r"[\s()\[\]{}<>【】〔〕〖〗《》〈〉「」『』\"'“”‘’·•・.,，、。:：;；\-_—–~～/\\]+")
SIMILAR_MIN_CHARS = 4  # both normalised names must be this long for containment to count
BRANCH_MARKERS = ("分公司", "分厂", "分院", "分行", "支行", "分所", "分部", "分店", "分中心", "分局", "分校",
                  "办事处", "子公司", "营业部", "分支机构")

# A branch's name right after its parent's: "某某有限公司" + up to 4 characters of place + "分公司".
_BRANCH_AFTER = re.compile(r"[^\d]{0,4}?(?:" + "|".join(BRANCH_MARKERS) + ")")


class UnitRelation(StrEnum):
    """How two unit names relate."""

    SAME = "same"
    SIMILAR = "similar"
    DIFFERENT = "different"


def normalise_unit(name: str | None) -> str:
    """A unit name reduced for comparison (see the module docstring for what is and is not equated)."""
    text = unicodedata.normalize("NFKC", name or "").casefold()
    text = _DROP.sub("", text)
    return text.replace("有限责任公司", "有限公司")


def _is_branch_extra(longer: str, shorter: str) -> bool:
    """True when what `longer` adds to `shorter` names a branch (the parent's name plus "…分公司")."""
    extra = longer.replace(shorter, "", 1)
    return any(marker in extra for marker in BRANCH_MARKERS)


def relation(a: str | None, b: str | None) -> UnitRelation:
    """SAME, SIMILAR (one name contains the other, not as a branch) or DIFFERENT."""
    x, y = normalise_unit(a), normalise_unit(b)
    if not x or not y:
        return UnitRelation.DIFFERENT
    if x == y:
        return UnitRelation.SAME
    shorter, longer = sorted((x, y), key=len)
    if len(shorter) >= SIMILAR_MIN_CHARS and shorter in longer and not _is_branch_extra(longer, shorter):
        return UnitRelation.SIMILAR
    return UnitRelation.DIFFERENT


def same_unit(a: str | None, b: str | None, *, similar_counts: bool = True) -> bool:
    """True when `a` and `b` name the same unit (SIMILAR names count unless `similar_counts` is False)."""
    found = relation(a, b)
    return found is UnitRelation.SAME or (similar_counts and found is UnitRelation.SIMILAR)


def mentions_unit(text: str, unit: str) -> bool:
    """True when `unit` is written in `text` and not only as the start of a branch's name."""
    key, haystack = normalise_unit(unit), normalise_unit(text)
    if len(key) < SIMILAR_MIN_CHARS:
        return False
    start = haystack.find(key)
    while start >= 0:
        if not _BRANCH_AFTER.match(haystack, start + len(key)):
            return True
        start = haystack.find(key, start + 1)
    return False


class UnitMatcher:
    """Decides whether a record's unit name is the applying unit (or one of its aliases)."""

    def __init__(self, unit: str | None, aliases: Iterable[str], match_similar: bool) -> None:
        self.targets = [u for u in dict.fromkeys((unit, *aliases)) if u and normalise_unit(u)]
        self.match_similar = match_similar
        self.similar: dict[str, None] = {}  # names matched by containment only, in order of first match

    def __call__(self, name: str) -> bool:
        if not normalise_unit(name) or not self.targets:
            return False
        found = [relation(target, name) for target in self.targets]
        if UnitRelation.SAME in found:
            return True
        if self.match_similar and UnitRelation.SIMILAR in found:
            self.similar[name] = None
            return True
        return False
