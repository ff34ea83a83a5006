"""Output that never crashes: a stream wrapper for any locale encoding and the Rich console every reporter uses.

A Chinese Windows console redirected to a file writes GBK (cp936); a Western one cp1252; a CI log may be ASCII.
`SafeStream` writes each symbol the encoding cannot show as its closest fallback (✓ → √ → v), and anything else
it cannot show as "?", so a report is always written in full. `make_console` gives Rich that stream, keeps
colour off when asked, and never wraps text that goes to a file or a pipe (paths are never split).
"""

from __future__ import annotations

import codecs
import re
import sys
from typing import IO, Any

from rich.console import Console, RenderableType
from rich.padding import Padding
from rich.text import Text

# Symbol → fallbacks, best first; the first one the stream's encoding can show is used. GBK shows √ × ■ □ ◆ ▲ → …
FALLBACKS: dict[str, tuple[str, ...]] = {
    "✓": ("√", "v"), "✔": ("√", "v"), "✗": ("×", "x"), "✘": ("×", "x"), "⚠": ("！", "!"),
    "→": ("->",), "←": ("<-",), "…": ("...",), "·": ("・", "-"), "—": ("-",), "–": ("-",),
    "■": ("#",), "□": ("_",), "☐": ("□", "[ ]"), "☑": ("√", "[v]"), "◆": ("*",), "▲": ("^",), "●": ("*",),
    "○": ("o",), "≈": ("~",),
    "≥": (">=",), "≤": ("<=",), "×": ("x",), "√": ("v",), "“": ('"',), "”": ('"',), "‘": ("'",), "’": ("'",),
    "─": ("-",), "━": ("=",), "│": ("|",), "【": ("[",), "】": ("]",), "（": ("(",), "）": (")",),
    "：": (":",), "，": (",",), "。": (".",), "、": (",",), "；": (";",), "！": ("!",), "？": ("?",),
}


def stream_encoding(stream: Any) -> str:
    """The codec name `stream` encodes with ("utf-8" when it does not say)."""
    name = getattr(stream, "encoding", None) or "utf-8"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return "utf-8"


def unicode_stream(stream: Any) -> bool:
    """True when `stream` encodes with a Unicode encoding (UTF-8/16/32), so it can show any text."""
    return stream_encoding(stream).replace("_", "-").startswith("utf")


class SafeStream:
    """A text stream that never raises UnicodeEncodeError: symbols fall back, anything else becomes "?"."""

    def __init__(self, stream: IO[str], *, strip_trailing: bool = False) -> None:
        self._stream = stream
        self._strip = strip_trailing
        self.encoding = stream_encoding(stream)
        self._unicode = unicode_stream(stream)
        self._table: dict[int, str] = {} if self._unicode else _table_for(self.encoding)

    @property
    def wrapped(self) -> IO[str]:
        """The stream written to."""
        return self._stream

    def writable(self) -> bool:
        return True

    @property
    def closed(self) -> bool:
        return bool(getattr(self._stream, "closed", False))

    def isatty(self) -> bool:
        return bool(getattr(self._stream, "isatty", lambda: False)())

    def fileno(self) -> int:
        return self._stream.fileno()

    def write(self, text: str) -> int:
        if self._strip:  # table cells padded to a column's width: no trailing blanks in a saved report
            text = _TRAILING.sub("", text)
        self._stream.write(self.safe(text))
        return len(text)

    def flush(self) -> None:
        self._stream.flush()

    def safe(self, text: str) -> str:
        """`text` as this stream's encoding can show it."""
        if self._unicode:
            return text
        text = text.translate(self._table)
        return text.encode(self.encoding, errors="replace").decode(self.encoding, errors="replace")


_TRAILING = re.compile(r"[ \t]+(?=\r?\n)")


def _encodable(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeError:
        return False
    return True


def _table_for(encoding: str) -> dict[int, str]:
    table: dict[int, str] = {}
    for symbol, choices in FALLBACKS.items():
        if _encodable(symbol, encoding):
            continue
        table[ord(symbol)] = next((c for c in choices if _encodable(c, encoding)), "?")
    return table


def safe_stream(stream: IO[str]) -> IO[str]:
    """`stream` wrapped in a SafeStream (once)."""
    return stream if isinstance(stream, SafeStream) else SafeStream(stream)  # type: ignore[return-value]


def harden_std_streams() -> None:
    """Make sys.stdout/sys.stderr replace what their encoding cannot show instead of raising (CLI start-up)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None:
            continue
        try:
            if getattr(stream, "errors", "strict") == "strict":
                reconfigure(errors="replace")
        except (ValueError, OSError):  # a detached or closed stream: leave it
            continue


def silence_library_chatter() -> None:
    """Keep the libraries' own log records and warnings off the console (CLI start-up).

    pypdf logs "incorrect startxref pointer", "Object 3 0 not defined" and the like in English for every damaged
    PDF, and Pillow or openpyxl warn about odd files: Python prints such records to stderr when nobody has
    configured logging. zccheck reports the damage itself, in the user's language, as findings naming the
    file; a NullHandler on the root logger and ignored warnings keep the console to the report.
    """
    import logging
    import warnings

    root = logging.getLogger()
    if not any(isinstance(handler, logging.NullHandler) for handler in root.handlers):
        root.addHandler(logging.NullHandler())
    warnings.simplefilter("ignore")


def is_terminal(stream: Any) -> bool:
    """True when `stream` is an interactive terminal (not a file or a pipe)."""
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


FILE_WIDTH = 100
"""Width of a heading's rule when the output goes to a file."""
UNWRAPPED_WIDTH = 1000
"""Console width in a file or a pipe: text and tables take the width they need, nothing is folded."""


def make_console(stream: IO[str], *, color: bool) -> Console:
    """The Rich console for `stream`: safe for its encoding; on a terminal it wraps (keeping indents), in a file
    or a pipe it never wraps (a saved report keeps every path on one line)."""
    terminal = is_terminal(stream)
    target = stream.wrapped if isinstance(stream, SafeStream) else stream
    safe = SafeStream(target, strip_trailing=not terminal)
    return Console(file=safe, color_system="auto" if color else None, no_color=not color, highlight=False,
                   emoji=False, markup=False, width=None if terminal else UNWRAPPED_WIDTH, soft_wrap=not terminal)


def print_indented(console: Console, renderable: RenderableType, indent: int) -> None:
    """Print `renderable` indented by `indent` spaces; on a terminal, wrapped lines keep the indent."""
    if console.soft_wrap:
        if isinstance(renderable, Text):
            line = Text(" " * indent)
            line.append_text(renderable)
            console.print(line)
        else:
            console.print(Padding(renderable, (0, 0, 0, indent), expand=False))
        return
    console.print(Padding(renderable, (0, 0, 0, indent)))


def heading(console: Console, title: str, *, style: str = "bold") -> None:
    """A section heading: the title and a short rule, the same in a terminal and in a file."""
    line = Text(title, style=style)
    fill = max(4, min(console.width, FILE_WIDTH) - len(title) * 2 - 1)
    line.append(" " + "─" * min(fill, 60), style="dim")
    console.print(line)
