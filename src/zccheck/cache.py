"""A persistent cache of expensive per-file results, in the user's cache directory (never in the materials).

Two layers, both keyed so that a stale entry can never be returned:

* **probe** — what building a Document costs (reading the file, sha256, type detection, PDF/image probe),
  keyed by the file's identity: absolute path, size and mtime_ns (for a zip member: the zip's path, size and
  mtime_ns plus the member's name and size). A warm run does not even read an unchanged file. Stored as JSON.
* **memo** — `Document.memo(key, fn)` results (text layers, OCR text, photo measures, pension tables), keyed
  by the content's sha256, the file's name and detected kind, and the memo key. Only plain data is stored
  (`plaindata.encode`: JSON types, tuples, dates, a ContentError, allow-listed dataclasses field by field);
  anything else is recomputed each run. Values that are not a pure function of those are not kept
  (see `_worth_keeping`).

Every entry is a JSON document: ``{"format", "version", "key", "sha256", "payload"}``. On read the format
and version must be ours, `key` must be exactly the key asked for and `sha256` must be the hash of the
payload's canonical JSON; an entry that fails any of these is ignored and deleted. Nothing read from the
cache is ever executed or unpickled (a shared ``ZCCHECK_CACHE_DIR`` can at worst make a scan slower, or feed
it a well-formed but wrong value for a file whose sha256 it knows — which the entry's key pins to that
content).

The entries of a generation live in one SQLite file (`cache_store.py`: rows, not one file each, which cost a
batch seconds of system CPU), ``<cache dir>/v3/<zccheck version>-<environment fingerprint>/entries.sqlite3``;
the fingerprint covers the installed distributions and zccheck's own source files, so upgrading a library
(or editing a check) starts a fresh cache. Each entry is written in one transaction, so concurrent workers
never see half an entry; an entry that cannot be read or does not carry the key asked for is ignored.

The cache is used through `using(cache, materials)`, which activates it for the code inside the block::

    with cache.using(Cache.open(), materials=path):
        result = engine.scan(path, options)

The directory must be this user's (created 0700 on POSIX); a directory owned by someone else disables the
cache rather than trusting it. Earlier layouts are deleted, never read: ``v1/`` (pickles) and ``v2/`` (one
JSON file per entry).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import sys
import time
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from zccheck import __version__, plaindata
from zccheck.cache_store import DB_NAME, EntryStore

CACHE_ENV = "ZCCHECK_CACHE_DIR"
FORMAT = "v3"
# Earlier layouts under the cache directory, deleted when the cache opens: v1 stored memo values as pickles,
# v2 one JSON file per entry.
LEGACY_FORMATS = ("v1", "v2")
ENTRY_FORMAT = "zccheck-cache-entry"
ENTRY_VERSION = 2
_ENVELOPE_KEYS = frozenset({"format", "version", "key", "sha256", "payload"})
_MISSING = object()
# An entry whose JSON is larger than this is not stored (rendered pages, big arrays).
MAX_ENTRY_BYTES = 32 * 1024 * 1024
# A file modified this recently may still be changing within the same mtime tick: not cached.
RACY_SECONDS = 2.0
# Generations (other zccheck versions or environments) unused for this long are deleted when the cache opens.
PRUNE_AFTER_DAYS = 30
_USED_MARKER = "last-used"
_TIMEOUT_REASONS = frozenset({"timeout", "timed-out", "dependency-missing"})


class CacheUnavailable(Exception):
    """The cache directory cannot be used (not creatable, not ours, inside the materials)."""


def default_cache_dir() -> Path:
    """$ZCCHECK_CACHE_DIR; else %LOCALAPPDATA%\\zccheck\\Cache on Windows; else $XDG_CACHE_HOME/zccheck or
    ~/.cache/zccheck."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override).expanduser()
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "zccheck" / "Cache"
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and Path(xdg).is_absolute():
        return Path(xdg) / "zccheck"
    return Path.home() / ".cache" / "zccheck"


@lru_cache(maxsize=1)
def environment_fingerprint() -> str:
    """A short hash of what results depend on besides the bytes: installed distributions (names carry their
    versions) and zccheck's source files (so an edited check never reuses old results)."""
    digest = hashlib.sha256(f"{__version__}|{sys.version_info[:2]}".encode())
    for entry in sys.path:
        try:
            names = sorted(n for n in os.listdir(entry or ".") if n.endswith((".dist-info", ".egg-info")))
        except OSError:
            continue
        digest.update("\n".join(names).encode("utf-8", "surrogateescape"))
    package = Path(__file__).resolve().parent
    for folder, dirs, files in os.walk(package):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith((".py", ".toml")):
                with contextlib.suppress(OSError):
                    info = os.stat(os.path.join(folder, name))
                    digest.update(f"{name}:{info.st_size}:{info.st_mtime_ns}".encode("utf-8", "surrogateescape"))
    try:
        from zccheck.inventory.filetype import libmagic_available

        digest.update(b"magic" if libmagic_available() else b"nomagic")
    except Exception:  # pragma: no cover - detection must never break the cache
        pass
    return digest.hexdigest()[:16]


def generation_folder(directory: Path) -> Path:
    """Where this zccheck version's entries live under a cache directory, for this environment."""
    return directory / FORMAT / f"{__version__}-{environment_fingerprint()}"


def holds_entries(directory: str | Path | None = None) -> bool:
    """Whether the cache at `directory` (the default one when None) already holds entries of this zccheck
    and environment; False means a run on it computes everything. Creates nothing."""
    root = Path(directory) if directory is not None else default_cache_dir()
    try:
        return (generation_folder(root) / DB_NAME).stat().st_size > 0
    except OSError:
        return False


def _key_name(key: Any) -> str:
    return hashlib.sha256(json.dumps(key, ensure_ascii=False, default=str).encode("utf-8")).hexdigest()


def _canonical(value: Any) -> str:
    """One text for a JSON value (sorted keys, no spaces): what the payload checksum covers."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=True)


def _verified_payload(raw: bytes, key: list) -> Any:
    """The payload of an entry file when it is our format and version, for exactly `key`, and its sha256
    matches; else `_MISSING`. Only `json.loads` ever looks at the bytes: nothing in a file is executed."""
    try:
        envelope = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return _MISSING
    if not isinstance(envelope, dict) or set(envelope) != _ENVELOPE_KEYS:
        return _MISSING
    if envelope["format"] != ENTRY_FORMAT or envelope["version"] != ENTRY_VERSION:
        return _MISSING
    try:
        if _canonical(envelope["key"]) != _canonical(json.loads(_canonical(key))):
            return _MISSING
        digest = hashlib.sha256(_canonical(envelope["payload"]).encode("utf-8")).hexdigest()
    except (TypeError, ValueError, RecursionError):
        return _MISSING
    if not isinstance(envelope["sha256"], str) or envelope["sha256"] != digest:
        return _MISSING
    return envelope["payload"]


def _is_inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except (ValueError, OSError, RuntimeError):
        return False


@dataclass
class CacheStats:
    """Hits and misses of one process (for tests and benchmarks)."""

    probe_hits: int = 0
    probe_misses: int = 0
    memo_hits: int = 0
    memo_misses: int = 0
    writes: int = 0
    errors: int = 0


@dataclass
class Cache:
    """The on-disk cache rooted at `directory` (entries under a version/environment subfolder)."""

    directory: Path
    stats: CacheStats = field(default_factory=CacheStats)

    @classmethod
    def open(cls, directory: str | Path | None = None, *, outside: str | Path | None = None) -> Cache:
        """Open (creating if needed) the cache at `directory` or the default; raises CacheUnavailable.

        `outside`: materials (a folder or zip) the cache must not lie in; checked before anything is created.
        """
        root = Path(directory) if directory is not None else default_cache_dir()
        if outside is not None and (_is_inside(root, Path(outside)) or root.resolve() == Path(outside).resolve()):
            raise CacheUnavailable(f"{root}: inside the materials {outside}")
        try:
            root.mkdir(parents=True, exist_ok=True, mode=0o700)
            info = root.stat()
        except OSError as exc:
            raise CacheUnavailable(f"{root}: {exc.strerror or exc}") from None
        if not stat.S_ISDIR(info.st_mode):
            raise CacheUnavailable(f"{root}: not a directory")
        if hasattr(os, "getuid") and info.st_uid != os.getuid():
            raise CacheUnavailable(f"{root}: owned by another user")
        opened = cls(root.resolve())
        opened._mark_used_and_prune()
        return opened

    def _mark_used_and_prune(self) -> None:
        """Note that this generation is in use; delete generations nobody used for PRUNE_AFTER_DAYS."""
        import shutil

        generations = self.directory / FORMAT
        for legacy in LEGACY_FORMATS:  # pickles from an earlier zccheck are never read: remove them
            if (self.directory / legacy).is_dir():
                shutil.rmtree(self.directory / legacy, ignore_errors=True)
        try:
            self.base.mkdir(parents=True, exist_ok=True)
            (self.base / _USED_MARKER).touch()
            cutoff = time.time() - PRUNE_AFTER_DAYS * 86400
            for other in generations.iterdir():
                if other == self.base or not other.is_dir():
                    continue
                marker = other / _USED_MARKER
                last = marker.stat().st_mtime if marker.exists() else other.stat().st_mtime
                if last < cutoff:
                    shutil.rmtree(other, ignore_errors=True)
        except OSError:  # pruning is housekeeping: never a reason to fail
            self.stats.errors += 1

    @cached_property
    def base(self) -> Path:
        """Where this version's entries live (computed once: it is on the path of every entry)."""
        return generation_folder(self.directory)

    def check_outside(self, materials: str | Path) -> None:
        """Raise CacheUnavailable when the cache directory lies inside `materials`."""
        target = Path(materials)
        if target.is_dir() and _is_inside(self.directory, target):
            raise CacheUnavailable(f"{self.directory}: inside the materials {materials}")

    # -- probe layer ------------------------------------------------------------------------------------
    def get_probe(self, identity: tuple) -> dict[str, Any] | None:
        """The stored probe record for a file identity, or None."""
        record = self._read_entry("probe", ["probe", *identity])
        if not isinstance(record, dict):
            self.stats.probe_misses += 1
            return None
        self.stats.probe_hits += 1
        return record

    def put_probe(self, identity: tuple, record: dict[str, Any]) -> None:
        """Store a probe record (JSON-ready values only)."""
        self._write_entry("probe", ["probe", *identity], dict(record))

    # -- memo layer -------------------------------------------------------------------------------------
    def get_memo(self, key: tuple) -> tuple[bool, Any]:
        """(True, value) when stored and verified, else (False, None)."""
        data = self._read_entry("memo", ["memo", *key], missing=_MISSING)
        if data is _MISSING:
            self.stats.memo_misses += 1
            return False, None
        try:
            value = plaindata.decode(data)
        except plaindata.NotPlainData:  # written by another layout of a type: drop it
            self.stats.memo_misses += 1
            self.stats.errors += 1
            self.store.drop("memo", _key_name(["memo", *key]))
            return False, None
        self.stats.memo_hits += 1
        return True, value

    def put_memo(self, key: tuple, value: Any) -> None:
        """Store `value` when it is plain data (see plaindata.py) and not too large; skip it otherwise."""
        try:
            data = plaindata.encode(value)
        except (plaindata.NotPlainData, RecursionError):  # live objects, arrays: not for a persistent cache
            return
        self._write_entry("memo", ["memo", *key], data)

    # -- entries: JSON with a format version, the full key and a sha256 of the payload ----------------------
    @cached_property
    def store(self) -> EntryStore:
        """The rows of this generation (one SQLite file, opened on first use by each process)."""
        return EntryStore(self.base)

    def close(self) -> None:
        """Close this process's connection to the entries (the cache stays usable: it opens again)."""
        self.store.close()

    def entry_body(self, layer: str, key: list) -> bytes | None:
        """The stored bytes of an entry, unverified (for tests and tools), or None."""
        return self.store.get(layer, _key_name(key))

    def _read_entry(self, layer: str, key: list, missing: Any = None) -> Any:
        """The verified payload stored for `key`, else `missing`. An entry that does not verify (not JSON,
        another format, another key, a payload whose sha256 differs) is ignored and deleted."""
        name = _key_name(key)
        raw = self._stored(layer, name)
        if raw is None:
            return missing
        payload = _verified_payload(raw, key)
        if payload is _MISSING:
            self.stats.errors += 1
            self.store.drop(layer, name)
            return missing
        return payload

    def _stored(self, layer: str, name: str) -> bytes | None:
        before = self.store.errors
        raw = self.store.get(layer, name)
        self.stats.errors += self.store.errors - before
        return raw

    def _write_entry(self, layer: str, key: list, payload: Any) -> None:
        try:
            body = _canonical(payload)
            head = {"format": ENTRY_FORMAT, "version": ENTRY_VERSION, "key": json.loads(_canonical(key)),
                    "sha256": hashlib.sha256(body.encode("utf-8")).hexdigest()}
            # The payload is written as its canonical text, the one its checksum covers: encoded once.
            data = (json.dumps(head, ensure_ascii=False, allow_nan=True)[:-1] + ', "payload": ' + body
                    + "}").encode("utf-8")
        except (TypeError, ValueError, RecursionError):
            return
        if len(data) > MAX_ENTRY_BYTES:
            return
        if self.store.put(layer, _key_name(key), data):
            self.stats.writes += 1
        else:
            self.stats.errors += 1


# ------------------------------------------------------------------------------------------------------
# Activation: which cache (if any) and which materials the code running now belongs to.

@dataclass(frozen=True)
class _Scope:
    cache: Cache
    root: Path | None  # absolute folder of the materials, or the .zip file
    is_zip: bool


_SCOPE: ContextVar[_Scope | None] = ContextVar("zccheck_cache_scope", default=None)


@contextlib.contextmanager
def using(cache: Cache | None, materials: str | Path | None = None) -> Iterator[Cache | None]:
    """Activate `cache` (None: no cache) for the block; `materials` (a folder or .zip) enables the probe
    layer for its files. Raises CacheUnavailable when the cache directory is inside the materials."""
    if cache is None:
        token = _SCOPE.set(None)
    else:
        root = None
        is_zip = False
        if materials is not None:
            target = Path(materials)
            with contextlib.suppress(OSError, RuntimeError):
                target = target.resolve()
            is_zip = target.is_file()
            root = target
            cache.check_outside(target)
        token = _SCOPE.set(_Scope(cache, root, is_zip))
    try:
        yield cache
    finally:
        _SCOPE.reset(token)


def active() -> Cache | None:
    """The cache activated by `using`, or None."""
    scope = _SCOPE.get()
    return scope.cache if scope is not None else None


def file_identity(rel_path: str, size: int) -> tuple | None:
    """The probe key of a materials file, or None when there is no active cache, the file cannot be
    identified on disk, or it changed too recently to be trusted."""
    scope = _SCOPE.get()
    if scope is None or scope.root is None:
        return None
    try:
        if scope.is_zip:
            info = os.stat(scope.root)
            identity: tuple = ("zip", str(scope.root), info.st_size, info.st_mtime_ns, rel_path, size)
        else:
            path = scope.root.joinpath(*rel_path.split("/"))
            info = os.stat(path)
            if not stat.S_ISREG(info.st_mode) or info.st_size != size:
                return None
            identity = ("file", str(path), info.st_size, info.st_mtime_ns)
    except (OSError, ValueError):
        return None
    if time.time_ns() - info.st_mtime_ns < RACY_SECONDS * 1e9:
        return None
    return identity


def get_probe(identity: tuple) -> dict[str, Any] | None:
    """The active cache's probe record for `identity`."""
    cache = active()
    return cache.get_probe(identity) if cache is not None else None


def put_probe(identity: tuple, rel_path: str, size: int, record: dict[str, Any]) -> None:
    """Store a probe record, unless the file changed while it was being read."""
    cache = active()
    if cache is not None and file_identity(rel_path, size) == identity:
        cache.put_probe(identity, record)


def memo(sha256: str | None, name: str, kind: str, key: str, compute: Callable[[], Any]) -> Any:
    """`compute()`, through the active cache when there is one and the content hash is known."""
    cache = active()
    if cache is None or not sha256:
        return compute()
    full_key = (sha256, name, kind, key)
    hit, value = cache.get_memo(full_key)
    if hit:
        return value
    value = compute()
    if _worth_keeping(value):
        cache.put_memo(full_key, value)
    return value


def _worth_keeping(value: Any) -> bool:
    """False for results that depend on more than the bytes: time-budget cut-offs and missing packages."""
    if getattr(value, "timed_out", False) is True:
        return False
    if isinstance(value, BaseException):
        reason = str(getattr(value, "reason", "")).lower()
        if reason in _TIMEOUT_REASONS or "timeout" in type(value).__name__.lower() or "Timeout" in str(value):
            return False
    return True
