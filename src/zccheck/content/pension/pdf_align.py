"""Assigning the words of a PDF line to the header's columns by their kind (months, money, unit names,
status words), where a column may take no word (a blank cell) or several (a unit name with spaces)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from zccheck.content.pension.header import MONTH_ROLES, Columns
from zccheck.content.pension.months import parse_month, parse_month_span
from zccheck.content.pension.values import clean, insurance_kind, number, parse_payment_type, parse_status
from zccheck.content.pension.vocabulary import INSURANCE_CODES, OPEN_END_WORDS, ORG_SUFFIX, PLACEHOLDERS

NEG = -1e9
"""The score of a word that cannot sit in a column."""

MAX_WORDS = 80  # a longer line is not a table row
# The most words one cell of a role may take (other roles: one).
_MULTI_WORD_ROLES = {"unit": 6, "insurance": 3, "status": 2, "type": 2, "note": 6, "name": 2}
_SPACED_ROLES = ("unit", "note")  # words joined with a space; other roles' words are glued
_SKIP_SCORE = -0.5  # a column left without a word
_EXTRA_WORD_COST = 0.1  # per word beyond the first in one cell


def token_score(role: str | None, text: str) -> float:
    """How well `text` fits a column of `role` (NEG when it cannot)."""
    is_month = parse_month(text) is not None
    amount = number(text)
    if role in MONTH_ROLES:
        return 3.0 if is_month or (role != "booking" and parse_month_span(text)) else NEG
    if role == "year":
        return 3.0 if re.fullmatch(r"\d{4}年?度?", text) else NEG
    if role and re.fullmatch(r"m\d{1,2}", role):
        return 1.0 if amount is not None or parse_status(text) is not None or text in PLACEHOLDERS else NEG
    if role == "end":
        return 3.0 if is_month or text in OPEN_END_WORDS else NEG
    if role in ("amount", "count", "seq"):
        return 1.0 if amount is not None else (0.2 if text in ("-", "—", "/") else NEG)
    if role == "id":
        return 2.0 if re.fullmatch(r"[0-9][0-9*]{13,16}[0-9Xx*]", text) else NEG
    if role == "person_no":
        return 0.5 if re.fullmatch(r"[0-9A-Za-z]+", text) else NEG
    if role == "status":
        return 2.0 if parse_status(text) is not None else (0.0 if not is_month and amount is None else NEG)
    if role == "type":
        return 2.0 if parse_payment_type(text) else (0.0 if not is_month and amount is None else NEG)
    if role == "backflag":
        return 1.0 if parse_status(text) is not None else NEG
    if role == "insurance":
        if text in INSURANCE_CODES or re.search(r"(保险|养老|失业|工伤|医疗|生育|医保)$", text):
            return 2.0
        if insurance_kind(text) or "保险" in text:
            return 1.0
        return 0.0 if not is_month and amount is None else NEG
    if role == "wide":
        return 1.0 if amount is not None or parse_status(text) is not None else NEG
    if role in ("unit", "name", "note"):
        if is_month or amount is not None:
            return NEG
        if role == "unit":
            if insurance_kind(text) and "保险" in text:
                return -2.0
            return 2.0 if ORG_SUFFIX.search(text) else 0.5
        return 0.5
    return 0.0  # an unknown column takes any single word


def _cell_text(role: str | None, words: Sequence[str]) -> str:
    """The words a column takes, as its cell's text."""
    joined = " ".join(words)
    return joined if role in _SPACED_ROLES else joined.replace(" ", "")


def align(cells: Sequence[Any], cols: Columns) -> list[Any] | None:
    """Assign the words of a PDF line to columns in order (a column takes 0..n words).

    None when no assignment fits (the month column must take a word)."""
    tokens = [clean(c) for c in cells if clean(c)]
    if not tokens or len(tokens) > MAX_WORDS:
        return None
    if len(tokens) == len(cols.roles) and all(
        token_score(r, t) > NEG for r, t in zip(cols.roles, tokens, strict=True)
    ):
        return list(tokens)
    if cols.layout == "matrix":
        return None  # a blank month cell leaves no word: which month it was cannot be told
    choice = _best_takes(tokens, cols)
    if choice is None:
        return None
    values: list[Any] = [None] * len(cols.roles)
    j = len(tokens)
    for i in range(len(cols.roles), 0, -1):
        take = choice[i][j]
        if take:
            values[i - 1] = _cell_text(cols.roles[i - 1], tokens[j - take:j])
        j -= take
    return values


def _best_takes(tokens: Sequence[str], cols: Columns) -> list[list[int]] | None:
    """Dynamic programming over (columns, words): choice[i][j] is how many words column i-1 takes when the
    first i columns take the first j words in the best-scoring way; None when no way fits."""
    n, k = len(cols.roles), len(tokens)
    best: list[list[float]] = [[NEG] * (k + 1) for _ in range(n + 1)]
    choice: list[list[int]] = [[0] * (k + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    required = {cols.month, cols.start}
    for i in range(1, n + 1):
        role = cols.roles[i - 1]
        max_take = _MULTI_WORD_ROLES.get(role or "", 1)
        for j in range(k + 1):
            for take in range(min(max_take, j) + 1):
                base = best[i - 1][j - take]
                if base <= NEG / 2:
                    continue
                if take == 0:
                    score = NEG if (i - 1) in required else _SKIP_SCORE
                else:
                    score = token_score(role, _cell_text(role, tokens[j - take:j]))
                    if take > 1:
                        score -= _EXTRA_WORD_COST * (take - 1)
                if score <= NEG / 2:
                    continue
                if base + score > best[i][j]:
                    best[i][j] = base + score
                    choice[i][j] = take
    return choice if best[n][k] > NEG / 2 else None
