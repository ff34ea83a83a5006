"""The persistent cache: probe and memo layers, hits and misses, invalidation, corruption, never in the materials."""

from __future__ import annotations

import contextlib
import hashlib
import os
import threading
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from conftest import jpeg_bytes, pdf_bytes
from zccheck import cache, plaindata
from zccheck.cache import Cache, CacheUnavailable, default_cache_dir
from zccheck.content.errors import ContentError, DependencyMissing
from zccheck.inventory import build
from zccheck.inventory.document import Document
from zccheck.inventory.materials import open_materials


def write(path: Path, data: bytes | str) -> Path:
    """Write bytes or UTF-8 text at `path`, creating parents."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def age(path: Path, seconds: float = 3600) -> None:
    """Set `path`'s (and everything below it) mtime `seconds` into the past."""
    past = time.time() - seconds
    for item in [path, *path.rglob("*")] if path.is_dir() else [path]:
        os.utime(item, (past, past))


def tree_digest(root: Path) -> str:
    """A digest of every path, content and mtime under `root`."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        info = path.stat()
        digest.update(f"{path.relative_to(root).as_posix()}:{info.st_mtime_ns}".encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.fixture
def materials(tmp_path: Path) -> Path:
    """A folder with a PDF, a JPEG, a corrupt PDF and a text file, all an hour old."""
    root = tmp_path / "materials"
    write(root / "总结.pdf", pdf_bytes(3))
    write(root / "照片.jpg", jpeg_bytes((413, 579)))
    write(root / "坏.pdf", b"%PDF-1.4\n1 0 obj broken")
    write(root / "说明.txt", "说明文字")
    age(root)
    return root


@pytest.fixture
def store(tmp_path: Path) -> Cache:
    """An empty cache outside the materials."""
    return Cache.open(tmp_path / "cache")


def documents(root: Path, store: Cache | None) -> dict[str, Document]:
    """The materials' documents, read through `store`."""
    with cache.using(store, root):
        return {d.rel_path: d for d in open_materials(root).documents}


def rows(store: Cache) -> list[tuple[str, str]]:
    """(layer, name) of every stored entry, read from the database file itself."""
    import sqlite3

    with contextlib.closing(sqlite3.connect(store.store.path)) as db:
        return db.execute("SELECT layer, name FROM entries ORDER BY layer, name").fetchall()


def overwrite(store: Cache, layer: str, name: str, body: bytes) -> None:
    """Replace an entry's stored bytes behind the cache's back (damage, or a planted entry)."""
    import sqlite3

    with contextlib.closing(sqlite3.connect(store.store.path)) as db, db:
        db.execute("UPDATE entries SET body = ? WHERE layer = ? AND name = ?", (body, layer, name))


def facts_of(doc: Document) -> tuple:
    """What the probe layer must reproduce."""
    return (doc.size, doc.kind, doc.extension_kind, doc.sha256, doc.pdf, doc.image, doc.cache.get("corrupt"))


def test_probe_miss_then_hit_without_reading_the_files(materials: Path, store: Cache,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    plain = documents(materials, None)
    cold = documents(materials, store)
    assert store.stats.probe_misses == 4 and store.stats.probe_hits == 0 and store.stats.writes == 4
    assert {k: facts_of(d) for k, d in cold.items()} == {k: facts_of(d) for k, d in plain.items()}

    def no_detection(*args: Any) -> str:
        raise AssertionError("a cached file was read and detected again")

    monkeypatch.setattr(build, "detect_kind", no_detection)
    warm = documents(materials, store)
    assert store.stats.probe_hits == 4
    assert {k: facts_of(d) for k, d in warm.items()} == {k: facts_of(d) for k, d in plain.items()}
    assert warm["坏.pdf"].cache["corrupt"] and warm["总结.pdf"].pdf.pages == 3
    assert warm["照片.jpg"].image.width == 413
    assert warm["总结.pdf"].read_bytes() == (materials / "总结.pdf").read_bytes()  # still readable on demand


def test_no_cache_means_no_lookups(materials: Path, store: Cache) -> None:
    documents(materials, None)
    with cache.using(None, materials):
        assert cache.active() is None
        assert cache.file_identity("总结.pdf", 10) is None
    assert not (store.base / "probe").exists() and not (store.base / "memo").exists()


def test_a_changed_mtime_or_size_invalidates(materials: Path, store: Cache) -> None:
    documents(materials, store)
    target = materials / "说明.txt"
    info = target.stat()
    os.utime(target, ns=(info.st_atime_ns, info.st_mtime_ns - 5_000_000_000))
    documents(materials, store)
    assert store.stats.probe_misses == 5  # 4 cold + the touched file
    write(target, "说明文字，已经修改过了")
    age(target)
    changed = documents(materials, store)
    assert store.stats.probe_misses == 6
    assert changed["说明.txt"].sha256 == hashlib.sha256(target.read_bytes()).hexdigest()


def test_files_changed_just_now_are_not_cached(materials: Path, store: Cache) -> None:
    write(materials / "新.pdf", pdf_bytes(1))
    documents(materials, store)
    documents(materials, store)
    assert store.stats.probe_hits == 4  # the fresh file is read both times, never trusted from the cache


def test_zip_members_are_keyed_by_the_zip(tmp_path: Path, store: Cache) -> None:
    archive = tmp_path / "张三.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr("张三/总结.pdf", pdf_bytes(2))
        handle.writestr("张三/照片.jpg", jpeg_bytes((413, 579)))
    age(archive)
    cold = documents(archive, store)
    warm = documents(archive, store)
    assert store.stats.probe_hits == 2
    assert {k: facts_of(d) for k, d in warm.items()} == {k: facts_of(d) for k, d in cold.items()}
    with zipfile.ZipFile(archive, "a") as handle:
        handle.writestr("张三/业绩.pdf", pdf_bytes(1))
    age(archive)
    documents(archive, store)
    assert store.stats.probe_hits == 2 and store.stats.probe_misses == 5


def test_corrupt_entries_are_ignored_and_replaced(materials: Path, store: Cache) -> None:
    documents(materials, store)
    entries = rows(store)
    assert len(entries) == 4 and {layer for layer, _ in entries} == {"probe"}
    for number, (layer, name) in enumerate(entries):
        overwrite(store, layer, name, [b"", b"{not json", b"[1, 2]", b'{"key": ["other"]}'][number])
    again = documents(materials, store)
    assert store.stats.probe_hits == 0 and store.stats.probe_misses == 8
    assert again["总结.pdf"].pdf.pages == 3
    documents(materials, store)
    assert store.stats.probe_hits == 4


@dataclass
class OcrLike:
    """A result shaped like content.ocr.OcrResult."""

    text: str
    timed_out: bool


plaindata.register(OcrLike)  # allow-listed, as the real OcrResult is

def doc_with(data: bytes, name: str = "总结.pdf", kind: str = "pdf") -> Document:
    """A Document over bytes with its real hash."""
    return Document(rel_path=name, size=len(data), kind=kind, extension_kind=kind,
                    sha256=hashlib.sha256(data).hexdigest(), _reader=lambda: data)


def test_memo_values_persist_by_content_and_key(store: Cache) -> None:
    calls: list[str] = []

    def compute() -> dict[str, Any]:
        calls.append("x")
        return {"chars": 2100, "pages": [1, 2]}

    data = pdf_bytes(2)
    with cache.using(store):
        assert doc_with(data).memo("summary:v1", compute) == {"chars": 2100, "pages": [1, 2]}
        assert doc_with(data).memo("summary:v1", compute) == {"chars": 2100, "pages": [1, 2]}
        assert len(calls) == 1
        doc_with(data).memo("summary:v2", compute)  # another key
        doc_with(pdf_bytes(3)).memo("summary:v1", compute)  # other bytes
        doc_with(data, name="另一个.pdf").memo("summary:v1", compute)  # another name: may read differently
        assert len(calls) == 4
    doc_with(data).memo("summary:v1", compute)  # no active cache: computed
    assert len(calls) == 5
    assert store.stats.memo_hits == 1


@pytest.mark.parametrize("value", [
    DependencyMissing("rapidocr"),
    ContentError("timeout", "60 s"),
    ContentError("unreadable", "CheckTimeout: "),  # a time limit caught by a broad `except Exception`
    OcrLike("前半部分", timed_out=True),
    lambda: None,  # not plain data
])
def test_memo_values_that_depend_on_more_than_the_bytes_are_not_kept(store: Cache, value: Any) -> None:
    calls: list[int] = []

    def compute() -> Any:
        calls.append(1)
        return value

    data = b"%PDF-1.4 tiny"
    with cache.using(store):
        assert doc_with(data).memo("k", compute) is value
        doc_with(data).memo("k", compute)
    assert len(calls) == 2


def test_memo_keeps_complete_results(store: Cache) -> None:
    calls: list[int] = []

    def compute() -> OcrLike:
        calls.append(1)
        return OcrLike("全文", timed_out=False)

    with cache.using(store):
        doc_with(b"scan").memo("ocr", compute)
        assert doc_with(b"scan").memo("ocr", compute) == OcrLike("全文", timed_out=False)
    assert len(calls) == 1


def test_memo_keeps_content_errors(store: Cache) -> None:
    calls: list[int] = []

    def compute() -> ContentError:
        calls.append(1)
        return ContentError("corrupt", "bad xref")

    with cache.using(store):
        first = doc_with(b"broken").memo("text", compute)
        second = doc_with(b"broken").memo("text", compute)
    assert len(calls) == 1 and isinstance(second, ContentError) and second.reason == first.reason == "corrupt"


def test_concurrent_writers_leave_a_valid_entry(store: Cache) -> None:
    key = ("a" * 64, "x.pdf", "pdf", "k")
    errors: list[BaseException] = []

    def writer(number: int) -> None:
        try:
            for _ in range(20):
                store.put_memo(key, {"value": "same", "n": 1})
                store.get_memo(key)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert store.get_memo(key) == (True, {"value": "same", "n": 1})
    assert rows(store) == [("memo", cache._key_name(["memo", *key]))]


def _write_many(directory: str, worker: int, count: int) -> None:
    """In a separate process: store `count` entries of its own and one shared key, through its own Cache."""
    store = Cache.open(directory)
    for number in range(count):
        store.put_memo((f"{worker:02d}{number:062d}", "x.pdf", "pdf", "k"), {"worker": worker, "n": number})
        store.put_memo(("f" * 64, "shared.pdf", "pdf", "k"), {"same": True})
    assert store.stats.errors == 0, store.stats


def test_worker_processes_write_side_by_side(store: Cache) -> None:
    """Batch workers are processes sharing one database: every entry of each arrives, none is damaged."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_write_many, args=(str(store.directory), n, 150)) for n in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    assert [w.exitcode for w in workers] == [0, 0, 0]
    assert len(rows(store)) == 3 * 150 + 1
    for n in range(3):
        assert store.get_memo((f"{n:02d}{149:062d}", "x.pdf", "pdf", "k")) == (True, {"worker": n, "n": 149})
    assert store.get_memo(("f" * 64, "shared.pdf", "pdf", "k")) == (True, {"same": True})
    assert store.stats.errors == 0


def test_the_cache_never_writes_inside_the_materials(materials: Path, store: Cache) -> None:
    before = tree_digest(materials)
    documents(materials, store)
    documents(materials, store)
    assert tree_digest(materials) == before
    inside = Cache.open(materials / ".zccheck-cache")
    with pytest.raises(CacheUnavailable), cache.using(inside, materials):
        pass


def test_a_cache_directory_inside_the_batch_root_is_not_used(materials: Path, tmp_path: Path) -> None:
    from zccheck.batch.pipeline import _usable_cache_dir

    notes: list[str] = []
    assert _usable_cache_dir(str(tmp_path / "root" / "cache"), tmp_path / "root", notes) is None
    assert notes and "cache disabled" in notes[0]
    assert _usable_cache_dir(str(tmp_path / "elsewhere"), tmp_path / "root", []) == str(tmp_path / "elsewhere")


def test_default_directory(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ZCCHECK_CACHE_DIR", str(tmp_path / "override"))
    assert default_cache_dir() == tmp_path / "override"
    monkeypatch.delenv("ZCCHECK_CACHE_DIR")
    monkeypatch.setattr("sys.platform", "linux")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "zccheck"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_cache_dir() == tmp_path / "home" / ".cache" / "zccheck"
    monkeypatch.setattr("sys.platform", "win32")
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "local"))
    assert default_cache_dir() == tmp_path / "local" / "zccheck" / "Cache"


def test_a_directory_that_cannot_be_created_is_reported(tmp_path: Path) -> None:
    blocker = write(tmp_path / "file", b"x")
    with pytest.raises(CacheUnavailable):
        Cache.open(blocker / "cache")


def test_entries_are_grouped_by_version_and_environment(store: Cache) -> None:
    from zccheck import __version__

    assert store.base.parent == store.directory / cache.FORMAT
    assert store.base.name.startswith(f"{__version__}-") and len(store.base.name) > len(__version__) + 8


def test_generations_unused_for_a_month_are_pruned(tmp_path: Path) -> None:
    old = tmp_path / "cache" / cache.FORMAT / "0.0.9-0123456789abcdef"
    recent = tmp_path / "cache" / cache.FORMAT / "0.0.9-fedcba9876543210"
    for folder in (old, recent):
        write(folder / "memo" / "aa" / "x.json", b"{}")
        write(folder / "last-used", b"")
    month_ago = time.time() - 31 * 86400
    os.utime(old / "last-used", (month_ago, month_ago))
    opened = Cache.open(tmp_path / "cache")
    assert not old.exists() and recent.exists()
    assert (opened.base / "last-used").exists()


def test_writing_survives_the_cache_being_cleared_meanwhile(store: Cache) -> None:
    import shutil

    key = ("b" * 64, "x.pdf", "pdf", "k")
    store.put_memo(key, 1)
    shutil.rmtree(store.base)
    store.put_memo(key, 2)
    assert store.get_memo(key) == (True, 2) and store.stats.errors == 0
    assert Cache.open(store.directory).get_memo(key) == (True, 2)  # written to the new file, not the deleted one


def test_a_damaged_database_file_is_replaced(tmp_path: Path) -> None:
    first = Cache.open(tmp_path / "cache")
    first.put_memo(("c" * 64, "x.pdf", "pdf", "k"), "一")
    first.close()
    first.store.path.write_bytes(b"this is not a database" * 100)
    for suffix in ("-wal", "-shm"):
        Path(f"{first.store.path}{suffix}").unlink(missing_ok=True)
    again = Cache.open(tmp_path / "cache")
    assert again.get_memo(("c" * 64, "x.pdf", "pdf", "k")) == (False, None)
    assert again.stats.errors == 1  # noticed, and the file made again
    again.put_memo(("c" * 64, "x.pdf", "pdf", "k"), "二")
    assert Cache.open(tmp_path / "cache").get_memo(("c" * 64, "x.pdf", "pdf", "k")) == (True, "二")


def test_a_database_held_locked_only_costs_the_writes(store: Cache, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another process holding the write lock past the timeout: the write is skipped and counted, reads go on."""
    import sqlite3

    from zccheck import cache_store

    key = ("d" * 64, "x.pdf", "pdf", "k")
    store.put_memo(key, "旧")
    store.close()
    monkeypatch.setattr(cache_store, "BUSY_TIMEOUT_S", 0.2)
    holder = sqlite3.connect(store.store.path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        store.put_memo(("e" * 64, "y.pdf", "pdf", "k"), "新")
        assert store.stats.errors == 1 and store.stats.writes == 1
        assert store.get_memo(key) == (True, "旧")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    store.put_memo(("e" * 64, "y.pdf", "pdf", "k"), "新")
    assert store.get_memo(("e" * 64, "y.pdf", "pdf", "k")) == (True, "新")


def test_a_cache_whose_folder_cannot_hold_a_database_is_only_slower(tmp_path: Path) -> None:
    import shutil

    store = Cache.open(tmp_path / "cache")
    shutil.rmtree(store.base)
    store.base.write_bytes(b"")  # a file where the generation folder should be
    data = b"%PDF-1.4 whatever"
    with cache.using(store):
        assert doc_with(data).memo("text", lambda: "算出来") == "算出来"
        assert doc_with(data).memo("text", lambda: "再算") == "再算"
    assert store.stats.writes == 0 and store.stats.errors >= 1


def test_the_one_file_per_entry_layout_is_deleted(tmp_path: Path) -> None:
    old = tmp_path / "cache" / "v2" / "0.1.0-0123456789abcdef" / "memo" / "aa"
    write(old / "x.json", b"{}")
    Cache.open(tmp_path / "cache")
    assert not (tmp_path / "cache" / "v2").exists()


def test_open_refuses_a_directory_inside_the_materials_before_creating_it(tmp_path: Path) -> None:
    from zccheck.cache import Cache, CacheUnavailable

    materials = tmp_path / "materials"
    materials.mkdir()
    with pytest.raises(CacheUnavailable):
        Cache.open(materials / ".zccheck-cache", outside=materials)
    with pytest.raises(CacheUnavailable):
        Cache.open(materials, outside=materials)
    assert list(materials.iterdir()) == []
    assert Cache.open(tmp_path / "cache", outside=materials).directory.is_dir()


# --- the cache stores data, never code ---------------------------------------------------------------------------

class _Planted:
    """Unpickling this runs `os.system`: what a hostile shared cache directory would plant."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple:
        return (os.system, (f"touch '{self.marker}'",))


def _memo_entry(store: Cache, key: tuple) -> bytes | None:
    return store.entry_body("memo", ["memo", *key])


def _plant(store: Cache, key: tuple, body: bytes) -> None:
    overwrite(store, "memo", cache._key_name(["memo", *key]), body)


@pytest.mark.parametrize("planted", ["pickle", "garbage", "other-key", "bad-sha", "other-version", "bad-type"])
def test_planted_or_mismatched_memo_entries_are_ignored_dropped_and_never_run(
        store: Cache, tmp_path: Path, planted: str) -> None:
    import json
    import pickle

    marker = tmp_path / "executed"
    data = b"%PDF-1.4 planted"
    doc = doc_with(data)
    key = (doc.sha256, doc.name, doc.kind, "text")
    with cache.using(store):
        assert doc_with(data).memo("text", lambda: "真实内容") == "真实内容"
    good = json.loads(_memo_entry(store, key).decode("utf-8"))
    assert good["format"] == cache.ENTRY_FORMAT and good["payload"] == "真实内容"
    if planted == "pickle":
        _plant(store, key, pickle.dumps((key, _Planted(marker))))
    elif planted == "garbage":
        _plant(store, key, os.urandom(200))
    else:
        forged = dict(good, payload="伪造内容")
        forged["sha256"] = hashlib.sha256(cache._canonical("伪造内容").encode()).hexdigest()
        if planted == "other-key":
            forged["key"] = ["memo", "0" * 64, doc.name, doc.kind, "text"]
        elif planted == "bad-sha":
            forged["sha256"] = good["sha256"]
        elif planted == "other-version":
            forged["version"] = cache.ENTRY_VERSION + 1
        else:  # a type tag outside the allow-list: never imported, never called
            forged["payload"] = {"$": "dc", "t": "os:system", "f": {"command": f"touch '{marker}'"}}
            forged["sha256"] = hashlib.sha256(cache._canonical(forged["payload"]).encode()).hexdigest()
        _plant(store, key, json.dumps(forged, ensure_ascii=False).encode("utf-8"))
    calls: list[int] = []

    def compute() -> str:
        calls.append(1)
        return "真实内容"

    with cache.using(store):
        assert doc_with(data).memo("text", compute) == "真实内容"
    assert calls == [1]  # the planted entry was not used
    assert not marker.exists()  # and nothing in it ran
    assert json.loads(_memo_entry(store, key).decode("utf-8"))["payload"] == "真实内容"  # dropped and rewritten


def test_old_pickle_generations_are_deleted_unread(tmp_path: Path) -> None:
    import pickle

    marker = tmp_path / "executed"
    legacy = tmp_path / "cache" / "v1" / "0.1.0-0123456789abcdef" / "memo" / "aa"
    write(legacy / "x.pkl", pickle.dumps(_Planted(marker)))
    Cache.open(tmp_path / "cache")
    assert not (tmp_path / "cache" / "v1").exists() and not marker.exists()


def test_no_pickle_in_the_cache_module() -> None:
    source = Path(cache.__file__).read_text(encoding="utf-8")
    assert "import pickle" not in source and "pickle.loads" not in source


def test_memo_types_round_trip_as_plain_data(store: Cache) -> None:
    from datetime import date

    from zccheck.content.ocr import OcrResult
    from zccheck.content.pension.model import PensionRecord, PensionRow
    from zccheck.content.photo_measure import FaceBox, PhotoMeasures
    from zccheck.content.scan_quality import PageScan, ScanReport
    from zccheck.content.text import ExtractedText

    values = [
        ExtractedText("正文", "text-layer", 2, (10, 0), ("正文", ""), (1,)),
        OcrResult("识别", 2, 1, 1, 0.5, False, False, 150, pages_complete=1),
        PhotoMeasures("JPEG", "RGB", 413, 579, (300.0, 300.0), 12345, False, 0.2, 0.95, 0.9, (250, 250, 250),
                      120.5, (FaceBox(0.3, 0.2, 0.4, 0.5),), None),
        ScanReport("pdf", 1, ("portrait",), (PageScan(1, 595.0, 842.0, "portrait", votes=(3, 0)),), None,
                   "text-layer", 1, 0.1),
        PensionRecord("张三", None, (PensionRow((2024, 2), "某公司", "养老", True, False),), "xlsx:long",
                      gap_ranges=(((2024, 1), (2024, 3), 2, 3),)),
        ("ok", {"a": [1, 2.5, None], 3: frozenset({"x"})}, date(2024, 8, 20)),
        ContentError("corrupt", "bad xref"),
    ]
    for number, value in enumerate(values):
        key = ("f" * 64, "x.pdf", "pdf", f"k{number}")
        store.put_memo(key, value)
        hit, back = store.get_memo(key)
        assert hit, type(value).__name__
        if isinstance(value, ContentError):
            assert (type(back), back.reason, back.detail) == (ContentError, "corrupt", "bad xref")
        else:
            assert back == value and type(back) is type(value)


def test_every_memo_value_of_a_real_scan_is_stored_as_plain_data(tmp_path: Path) -> None:
    """A warm scan of the bundled sample recomputes nothing: every memo value the checks produce is plain data
    (a new memo type that is not allow-listed in plaindata.PLAIN_TYPES shows up here as a miss)."""
    from zccheck.engine import ScanOptions, scan

    sample = Path(__file__).resolve().parents[1] / "samples" / "complete"
    store = Cache.open(tmp_path / "cache")
    with cache.using(store, sample):
        cold = scan(sample, ScanOptions())
    assert store.stats.memo_misses > 0 and store.stats.errors == 0
    warm_store = Cache.open(tmp_path / "cache")
    with cache.using(warm_store, sample):
        warm = scan(sample, ScanOptions())
    assert warm_store.stats.memo_misses == 0, warm_store.stats
    assert warm_store.stats.memo_hits > 0 and warm_store.stats.errors == 0
    assert [f.key() for f in warm.findings] == [f.key() for f in cold.findings]


def test_an_entry_is_plain_json_whose_payload_is_its_checksummed_canonical_text(store: Cache) -> None:
    """The payload is encoded once, as the canonical text its sha256 covers; the entry stays ordinary JSON."""
    import json

    key = ("b" * 64, "总结.pdf", "pdf", "k")
    value = {"文字": "工作总结", "pages": [1, 2], "ratio": 0.5}
    store.put_memo(key, value)
    entry = _memo_entry(store, key).decode("utf-8")
    envelope = json.loads(entry)
    body = json.dumps(envelope["payload"], ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    assert envelope["sha256"] == hashlib.sha256(body.encode("utf-8")).hexdigest()
    assert body in entry  # written as that very text
    assert store.get_memo(key) == (True, value)


def test_holds_entries_tells_an_empty_cache_from_a_used_one_and_creates_nothing(tmp_path: Path) -> None:
    directory = tmp_path / "cache"
    assert not cache.holds_entries(directory) and not directory.exists()
    store = Cache.open(directory)
    assert not cache.holds_entries(directory)
    store.put_memo(("a" * 64, "x.pdf", "pdf", "k"), "值")
    assert cache.holds_entries(directory)
    assert store.base == cache.generation_folder(directory)
