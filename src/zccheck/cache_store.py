"""Where the persistent cache keeps its entries: one SQLite database per cache generation.

A batch's first run stores about a hundred entries per applicant (≈ 9,700 for 100 applicants). As one small
file each (the layout before), every entry cost a file creation, a rename and two directory updates: on
ext4 0.4–1 ms of CPU, mostly in the kernel, and 3–13 s of system CPU per 100-applicant run, varying with the
file system's journal. A row in one SQLite file (WAL journal, one short transaction per entry) costs about
0.05 ms, and a warm run reads rows instead of opening thousands of files. The same approach as mypy's
`--sqlite-cache`.

The store only moves bytes: `cache.py` decides the keys and verifies every body it reads (format, key and
checksum), so a damaged, foreign or forged row is ignored like a damaged file was. Nothing here may fail a
scan: every SQLite or OS error is counted and turns into a miss or a skipped write. A database file that is
not one (damaged, truncated) is deleted and created again, once. Worker processes share the file: WAL lets
readers run beside the one writer, and a writer waits up to `BUSY_TIMEOUT_S` for another's transaction.
Connections are per process (a connection inherited through fork() is left alone, never used or closed).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from pathlib import Path

DB_NAME = "entries.sqlite3"
BUSY_TIMEOUT_S = 10.0
_SCHEMA = ("CREATE TABLE IF NOT EXISTS entries (layer TEXT NOT NULL, name TEXT NOT NULL, body BLOB NOT NULL, "
           "PRIMARY KEY (layer, name)) WITHOUT ROWID")
# Connections opened by a parent before fork(): referenced so that the child never closes them (closing one
# could checkpoint or remove the parent's WAL file).
_INHERITED: list[sqlite3.Connection] = []


class EntryStore:
    """The entry rows of one cache generation folder, opened on first use."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / DB_NAME
        self.errors = 0
        self._db: sqlite3.Connection | None = None
        self._pid = 0
        self._broken = False
        self._lock = threading.Lock()

    def __getstate__(self) -> dict:
        """Pickled without its connection (a new process opens its own)."""
        state = dict(self.__dict__)
        state.update(_db=None, _pid=0, _lock=None)
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._lock = threading.Lock()

    def get(self, layer: str, name: str) -> bytes | None:
        """The body stored under (layer, name), or None (absent, or the store cannot be read)."""
        with self._lock:
            db = self._connection()
            if db is None:
                return None
            try:
                row = db.execute("SELECT body FROM entries WHERE layer = ? AND name = ?", (layer, name)).fetchone()
            except sqlite3.Error:
                self.errors += 1
                return None
        return bytes(row[0]) if row is not None else None

    def put(self, layer: str, name: str, body: bytes) -> bool:
        """Store `body` under (layer, name), replacing what was there; False when it could not be written."""
        with self._lock:
            if self._db is not None and not self.path.exists():  # the cache was cleared meanwhile: start again
                self._forget_connection()
            db = self._connection()
            if db is None:
                return False
            try:
                db.execute("INSERT OR REPLACE INTO entries (layer, name, body) VALUES (?, ?, ?)",
                           (layer, name, sqlite3.Binary(body)))
            except sqlite3.Error:  # a full disk, a lock held past the timeout: never a reason to fail a scan
                self.errors += 1
                return False
        return True

    def drop(self, layer: str, name: str) -> None:
        """Delete the row (layer, name), if any."""
        with self._lock:
            db = self._connection()
            if db is None:
                return
            try:
                db.execute("DELETE FROM entries WHERE layer = ? AND name = ?", (layer, name))
            except sqlite3.Error:
                self.errors += 1

    def close(self) -> None:
        """Close this process's connection (the next use opens a new one)."""
        with self._lock:
            if self._db is not None and self._pid == os.getpid():
                with contextlib.suppress(sqlite3.Error):
                    self._db.close()
            self._db = None

    # -- connection ------------------------------------------------------------------------------------------
    def _connection(self) -> sqlite3.Connection | None:
        if self._db is not None and self._pid != os.getpid():
            self._forget_connection()
        if self._db is not None or self._broken:
            return self._db
        for attempt in range(2):
            try:
                self._db = self._connect()
                self._pid = os.getpid()
                return self._db
            except sqlite3.OperationalError:  # cannot open, or another process held the lock past the timeout
                self.errors += 1
            except sqlite3.DatabaseError:  # not a database: damaged, truncated, something else under our name
                self.errors += 1
                if attempt == 0:
                    self._remove_files()
                    continue
            except OSError:
                self.errors += 1
            break
        self._broken = True  # this process goes on without the cache
        return None

    def _connect(self) -> sqlite3.Connection:
        self.folder.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(str(self.path), timeout=BUSY_TIMEOUT_S, isolation_level=None,
                             check_same_thread=False)
        try:
            db.execute("PRAGMA journal_mode=WAL")  # on a file system without shared memory it stays as it was
            db.execute("PRAGMA synchronous=NORMAL")  # a cache may lose its last entries on power loss
            db.execute(_SCHEMA)
            db.execute("SELECT 1 FROM entries LIMIT 1").fetchall()
        except BaseException:
            db.close()
            raise
        if os.name == "posix":
            for suffix in ("", "-wal", "-shm"):
                with contextlib.suppress(OSError):
                    os.chmod(f"{self.path}{suffix}", 0o600)
        return db

    def _remove_files(self) -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(OSError):
                os.unlink(f"{self.path}{suffix}")

    def _forget_connection(self) -> None:
        if self._db is not None:
            if self._pid == os.getpid():
                with contextlib.suppress(sqlite3.Error):
                    self._db.close()
            else:
                _INHERITED.append(self._db)
        self._db = None
