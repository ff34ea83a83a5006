"""Turn one file (a name, a size and a way to read it) into a Document: read once, hash, detect, probe."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import PurePosixPath

from zccheck.inventory.document import IMAGE_KINDS, Document, ReadError
from zccheck.inventory.filetype import detect_kind, extension_kind
from zccheck.inventory.probe import ProbeError, probe_image, probe_pdf

FACTS_FILE = "zccheck.toml"
# Files larger than this are not read into memory at all (the upload limit is far lower).
READ_CAP_BYTES = 200 * 1024 * 1024
_CLUTTER_NAMES = {"thumbs.db", "desktop.ini", ".ds_store", "ehthumbs.db", "icon\r"}
_CLUTTER_DIRS = {"__macosx", ".git", ".svn", "$recycle.bin", "system volume information", ".trash", ".trashes",
                 ".spotlight-v100", ".fseventsd"}
_TEMP = re.compile(r"^(~\$|\._|~.*\.tmp$)|\.(tmp|bak|crdownload|part)$", re.IGNORECASE)


def is_clutter(rel_path: str) -> bool:
    """System and editor clutter that nobody uploads: ignored silently."""
    parts = PurePosixPath(rel_path).parts
    if any(p.lower() in _CLUTTER_DIRS for p in parts[:-1]):
        return True
    name = parts[-1] if parts else ""
    return name.lower() in _CLUTTER_NAMES or bool(_TEMP.search(name))


def display_name(raw: str) -> str:
    """A name safe to print and to put in JSON: undecodable bytes become U+FFFD, control chars '?'."""
    text = raw.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return "".join("?" if ord(ch) < 32 or ord(ch) == 127 else ch for ch in text)


def make_document(rel_path: str, size: int, reader: Callable[[], bytes], *, mtime: float | None = None,
                  head_reader: Callable[[], bytes] | None = None) -> Document:
    """Build a Document, reading its bytes once (unless over READ_CAP_BYTES) to hash, type and probe it."""
    claimed = extension_kind(rel_path)
    if size > READ_CAP_BYTES:
        head = b""
        error = None
        if head_reader is not None:
            try:
                head = head_reader()
            except ReadError as exc:
                error = exc.reason
        doc = Document(rel_path, size, detect_kind(head, rel_path) if head else "unknown", claimed, None,
                       reader, mtime=mtime, read_error=error)
        doc.cache["not_read"] = True
        return doc
    try:
        data = reader()
    except ReadError as exc:
        return Document(rel_path, size, "unknown", claimed, None, reader, mtime=mtime, read_error=exc.reason)
    kind = detect_kind(data, rel_path)
    doc = Document(rel_path, len(data), kind, claimed, hashlib.sha256(data).hexdigest(), reader, mtime=mtime)
    try:
        if kind == "pdf":
            doc.pdf = probe_pdf(data)
        elif kind in IMAGE_KINDS and kind != "heic":
            doc.image = probe_image(data)
    except ProbeError as exc:
        doc.cache["corrupt"] = str(exc)
    return doc
