"""How people really start zccheck, normalised before the command line is parsed.

- Dragging a folder onto zccheck.exe (Windows) runs `zccheck D:\\材料`: a path without a command means `scan PATH`.
- cmd keeps a quote when a quoted path ends in a backslash: `"D:\\材料\\"` arrives as `D:\\材料"`, and
  `"D:\\材料\\" -f json` as one argument `D:\\材料" -f json`. Stray quotes are stripped and such an argument is split.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from pathlib import Path

GROUP_OPTIONS = frozenset({"--version", "--help", "-h", "--install-completion", "--show-completion"})
_DRIVE = re.compile(r"^[A-Za-z]:")
_QUOTES = "\"'“”"


def strip_quotes(token: str) -> list[str]:
    """`token` without stray quotes; a token that swallowed further arguments after a stray quote is split."""
    if token.startswith("-") or not any(q in token for q in _QUOTES):
        return [token]
    head, quote, tail = token.partition('"')
    if quote and head and tail.strip() and tail[:1].isspace():
        # `D:\材料" -f json`: the quote closed the path, the rest were separate arguments
        return [*strip_quotes(head), *tail.split()]
    cleaned = token.strip().strip('"“”').strip()
    if len(cleaned) >= 2 and cleaned[0] == cleaned[-1] == "'":
        cleaned = cleaned[1:-1].strip()
    return [cleaned or token]


def looks_like_path(token: str) -> bool:
    """True when `token` is (or names) a file or folder rather than a command: it exists, has a separator or a
    drive letter, ends in .zip, or is not plain ASCII (no command is)."""
    if token.startswith("-"):
        return False
    if "/" in token or "\\" in token or _DRIVE.match(token) or token.lower().endswith(".zip"):
        return True
    if not token.isascii():
        return True
    try:
        return Path(token).exists()
    except (OSError, ValueError):
        return False


def normalise_argv(args: Sequence[str], commands: Collection[str]) -> list[str]:
    """`args` with stray quotes stripped and `scan` inserted when a path is given without a command."""
    tokens = [part for token in args for part in strip_quotes(token)]
    if not tokens:
        return tokens
    first = tokens[0]
    if first in commands or first in GROUP_OPTIONS:
        return tokens
    if not first.startswith("-"):
        return ["scan", *tokens] if looks_like_path(first) else tokens
    # options first (`zccheck -f json D:\材料`): scan when no command follows and some argument is a path
    if any(t in commands for t in tokens) or not any(looks_like_path(t) for t in tokens[1:]):
        return tokens
    return ["scan", *tokens]
