"""Turn one file (a name, a size and a way to read it) into a Document: read once, hash, detect, probe."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable

from zccheck import cache
from zccheck.inventory.document import Document, ImageInfo, PdfInfo, ReadError
from zccheck.inventory.filetype import detect_kind, extension_kind
from zccheck.inventory.litter import is_clutter
from zccheck.inventory.probe import PROBE_TIME_LIMIT_S, probe_document

FACTS_FILE = "zccheck.toml"
__all__ = ["FACTS_FILE", "READ_CAP_BYTES", "display_name", "is_clutter", "make_document"]
# Files larger than this are not read into memory at all (the upload limit is far lower).
READ_CAP_BYTES = 200 * 1024 * 1024


def display_name(raw: str) -> str:
    """A name safe to print and to put in JSON: undecodable bytes become U+FFFD, control chars '?'.

    A name whose bytes are not UTF-8 but are GB 18030 (a Windows zip unpacked by a tool that kept the GBK
    bytes) is shown decoded, so "营业执照.pdf" stays recognisable.
    """
    data = raw.encode("utf-8", "surrogateescape")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            text = data.decode("utf-8", "replace")
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
                error = exc.detail or exc.reason
        doc = Document(rel_path, size, detect_kind(head, rel_path) if head else "unknown", claimed, None,
                       reader, mtime=mtime, read_error=error)
        doc.cache["not_read"] = True
        return doc
    identity = cache.file_identity(rel_path, size)  # None unless a persistent cache is active
    if identity is not None:
        cached = _cached_document(identity, rel_path, reader, claimed, mtime)
        if cached is not None:
            return cached
    try:
        data = reader()
    except ReadError as exc:
        return Document(rel_path, size, "unknown", claimed, None, reader, mtime=mtime,
                        read_error=exc.detail or exc.reason)
    kind = detect_kind(data, rel_path)
    doc = Document(rel_path, len(data), kind, claimed, hashlib.sha256(data).hexdigest(), reader, mtime=mtime)
    started = time.monotonic()
    probe_document(doc, data)  # time-limited; never raises (sets doc.pdf / doc.image / cache["corrupt"])
    if identity is not None and len(data) == size and time.monotonic() - started < PROBE_TIME_LIMIT_S / 2:
        cache.put_probe(identity, rel_path, size, _probe_record(doc))  # (a probe cut by its time limit is not)
    return doc


def _probe_record(doc: Document) -> dict:
    """What make_document learnt from the bytes, as JSON-ready data for the persistent cache."""
    image = doc.image
    return {"sha256": doc.sha256, "size": doc.size, "kind": doc.kind, "corrupt": doc.cache.get("corrupt"),
            "pdf": [doc.pdf.pages, doc.pdf.encrypted, doc.pdf.needs_password] if doc.pdf else None,
            "pdf_damage": [doc.pdf.damage, list(doc.pdf.bad_pages)] if doc.pdf and doc.pdf.damage else None,
            "pdf_unverified": doc.cache.get("pdf_unverified"),
            "image": [image.width, image.height, image.mode, image.format, list(image.dpi) if image.dpi else None]
            if image else None}


def _cached_document(identity: tuple, rel_path: str, reader: Callable[[], bytes], claimed: str | None,
                     mtime: float | None) -> Document | None:
    """The Document a cached probe record describes, without reading the file; None when not cached."""
    record = cache.get_probe(identity)
    if record is None:
        return None
    try:
        doc = Document(rel_path, int(record["size"]), str(record["kind"]), claimed, str(record["sha256"]), reader,
                       mtime=mtime)
        if record["pdf"] is not None:
            pages, encrypted, needs_password = record["pdf"]
            damage, bad_pages = record.get("pdf_damage") or (None, [])
            doc.pdf = PdfInfo(pages=int(pages), encrypted=bool(encrypted), needs_password=bool(needs_password),
                              damage=str(damage) if damage else None, bad_pages=tuple(int(n) for n in bad_pages))
        if record["image"] is not None:
            width, height, mode, fmt, dpi = record["image"]
            doc.image = ImageInfo(width=int(width), height=int(height), mode=str(mode), format=str(fmt),
                                  dpi=(float(dpi[0]), float(dpi[1])) if dpi else None)
        if record["corrupt"] is not None:
            doc.cache["corrupt"] = str(record["corrupt"])
        if record.get("pdf_unverified") is not None:
            doc.cache["pdf_unverified"] = str(record["pdf_unverified"])
    except (KeyError, TypeError, ValueError, IndexError):  # an entry of another shape: recompute
        return None
    return doc
