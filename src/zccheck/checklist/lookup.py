"""Find a checklist item by what a person types: its id, its Chinese or English name, a keyword, or a close
variant ("个人相片", "相片", "证件照", "Photo", "养老保险" all find `photo` / `pension-record`)."""

from __future__ import annotations

import difflib
import re
import unicodedata

from zccheck.checklist.model import Checklist

_NOISE = re.compile(r"[\s\-_·.,，。、：:;；()（）\[\]【】“”\"'《》<>]+")


def _norm(text: str) -> str:
    return _NOISE.sub("", unicodedata.normalize("NFKC", text)).casefold()


def find_items(checklist: Checklist, query: str) -> list[str]:
    """Item ids matching `query`, best first: one id for a clear match, several when it is ambiguous, []
    when nothing is close."""
    wanted = _norm(query)
    if not wanted:
        return []
    items = list(checklist.items.values())
    for exact in (lambda i: _norm(i.id) == wanted,
                  lambda i: wanted in (_norm(i.name_zh), _norm(i.name_en)),
                  lambda i: wanted in {_norm(k) for k in i.keywords}):
        found = [item.id for item in items if exact(item)]
        if found:
            return found
    names = {item.id: (_norm(item.name_zh), _norm(item.name_en)) for item in items}
    contained = [item.id for item in items
                 if len(wanted) >= 2 and any(wanted in name or (len(name) >= 2 and name in wanted)
                                             for name in names[item.id])]
    if contained:
        return contained
    by_keyword = [item.id for item in items
                  if len(wanted) >= 2 and any(wanted in _norm(k) for k in item.keywords)]
    if by_keyword:
        return by_keyword
    spelled = {}
    for item in items:
        for text in (item.id, *names[item.id]):
            spelled.setdefault(_norm(text), item.id)
    close = difflib.get_close_matches(wanted, list(spelled), n=3, cutoff=0.6)
    return list(dict.fromkeys(spelled[text] for text in close))
