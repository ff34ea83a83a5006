"""Property tests with fixed example budgets: hostile bytes never escape as anything but the documented errors.

* the PDF, image and Office-container probes: mutated real files -> info or ProbeError, within a time limit;
  `probe_document` never raises at all;
* zip member names: GBK and UTF-8 names round-trip; arbitrary bytes never raise;
* the file-type detector: any bytes and name -> one of the known kinds;
* the checklist loader: TOML-ish mutations of the real checklist -> a Checklist or a ChecklistError.

Longer runs outside CI: `python benchmarks/fuzz_harness.py --seconds 600`.
"""

from __future__ import annotations

import contextlib
import zipfile
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import hostile_corpus as corpus
from zccheck.checklist.loader import ChecklistError, load_checklist, resolve_checklist
from zccheck.checklist.model import Checklist
from zccheck.inventory.document import Document, ImageInfo, PdfInfo
from zccheck.inventory.filetype import _MIME_KINDS, EXTENSION_KINDS, detect_kind
from zccheck.inventory.probe import ProbeError, probe_container, probe_document, probe_image, probe_pdf
from zccheck.inventory.zipsource import decode_member_name
from zccheck.timeouts import time_limit

BUDGET = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SMALL_BUDGET = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
EXAMPLE_SECONDS = 10  # one example taking longer is a hang, and a failure
KINDS = set(EXTENSION_KINDS.values()) | set(_MIME_KINDS.values()) | {"empty", "unknown", "txt", "csv"}


@cache
def seeds() -> dict[str, bytes]:
    """Real files to mutate."""
    return {"pdf": corpus.pdf_bytes(2), "png": corpus.png_bytes((64, 48)), "jpeg": corpus.jpeg_bytes((64, 48)),
            "xlsx": corpus.xlsx_bytes(), "docx": corpus.docx_bytes()}


MUTATION = st.tuples(st.sampled_from(["flip", "cut", "insert", "delete", "duplicate"]),
                     st.floats(min_value=0, max_value=1, allow_nan=False), st.binary(min_size=1, max_size=24))


def mutate(data: bytes, mutations: list[tuple[str, float, bytes]]) -> bytes:
    """Apply byte-level mutations at relative positions."""
    raw = bytearray(data)
    for operation, where, blob in mutations:
        at = min(int(where * len(raw)), max(len(raw) - 1, 0))
        if operation == "flip" and raw:
            raw[at] ^= blob[0] or 0xFF
        elif operation == "cut":
            del raw[at:]
        elif operation == "insert":
            raw[at:at] = blob
        elif operation == "delete":
            del raw[at:at + len(blob)]
        elif operation == "duplicate":
            raw[at:at] = raw[at:at + 256]
    return bytes(raw)


@BUDGET
@given(st.lists(MUTATION, min_size=1, max_size=6))
def test_pdf_probe_on_mutated_pdfs(mutations: list[tuple[str, float, bytes]]) -> None:
    data = mutate(seeds()["pdf"], mutations)
    with time_limit(EXAMPLE_SECONDS):
        try:
            info = probe_pdf(data)
        except ProbeError:
            return
    assert isinstance(info, PdfInfo) and info.pages >= 0


@BUDGET
@given(st.sampled_from(["png", "jpeg"]), st.lists(MUTATION, min_size=1, max_size=6))
def test_image_probe_on_mutated_images(kind: str, mutations: list[tuple[str, float, bytes]]) -> None:
    data = mutate(seeds()[kind], mutations)
    with time_limit(EXAMPLE_SECONDS):
        try:
            info = probe_image(data)
        except ProbeError:
            return
    assert isinstance(info, ImageInfo) and info.width > 0 and info.height > 0


@SMALL_BUDGET
@given(st.sampled_from(["xlsx", "docx"]), st.lists(MUTATION, min_size=1, max_size=4))
def test_container_probe_on_mutated_office_files(kind: str, mutations: list[tuple[str, float, bytes]]) -> None:
    data = mutate(seeds()[kind], mutations)
    with time_limit(EXAMPLE_SECONDS), contextlib.suppress(ProbeError):
        probe_container(data)


@BUDGET
@given(st.sampled_from(["pdf", "png", "jpeg", "gif", "tiff", "webp", "bmp", "xlsx", "docx", "pptx", "ofd"]),
       st.one_of(st.binary(max_size=2048), st.lists(MUTATION, min_size=1, max_size=4)))
def test_probe_document_never_raises(kind: str, source: bytes | list) -> None:
    if isinstance(source, list):
        source = mutate(seeds()["pdf" if kind == "pdf" else "xlsx" if kind in ("xlsx", "docx", "pptx", "ofd")
                              else "png"], source)
    doc = Document("x", len(source), kind, kind, None, lambda: source)
    probe_document(doc, source, seconds=EXAMPLE_SECONDS)
    assert doc.pdf is not None or doc.image is not None or "corrupt" in doc.cache or kind in (
        "xlsx", "docx", "pptx", "ofd")


# --- zip member names --------------------------------------------------------------------------------------

CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
NAME_CHARS = st.one_of(CJK, st.sampled_from(list("abcXYZ0129 -_()（）、.·")))
NAMES = st.text(NAME_CHARS, min_size=1, max_size=24).map(lambda s: s.strip() or "x")


def _member(raw_name: str, flags: int = 0) -> zipfile.ZipInfo:
    """A ZipInfo as zipfile builds it when reading (non-UTF-8 names are decoded as cp437)."""
    info = zipfile.ZipInfo()
    info.filename = raw_name
    info.flag_bits = flags
    return info


def _gbk(name: str) -> bytes | None:
    try:
        return name.encode("gbk")
    except UnicodeEncodeError:
        return None


@settings(max_examples=300, deadline=None)
@given(NAMES)
def test_gbk_member_names_round_trip(name: str) -> None:
    raw = _gbk(name)
    assume(raw is not None)
    try:
        raw.decode("utf-8")
        assume(False)  # bytes valid as both: UTF-8 wins by design (documented ambiguity)
    except UnicodeDecodeError:
        pass
    assert decode_member_name(_member(raw.decode("cp437"))) == name


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=30).filter(lambda s: "\x00" not in s))
def test_utf8_member_names_round_trip_with_and_without_the_flag(name: str) -> None:
    assume(not any(0xD800 <= ord(ch) <= 0xDFFF for ch in name))
    assert decode_member_name(_member(name, 0x800)) == name
    assert decode_member_name(_member(name.encode("utf-8").decode("cp437"))) == name  # macOS Archive Utility


@settings(max_examples=300, deadline=None)
@given(st.binary(min_size=1, max_size=64), st.integers(min_value=0, max_value=0xFFFF))
def test_arbitrary_member_name_bytes_never_raise(raw: bytes, flags: int) -> None:
    name = decode_member_name(_member(raw.decode("cp437"), flags & ~0x800))
    name.encode("utf-8")  # no lone surrogates: printable and JSON-safe


def test_real_zip_with_gbk_names() -> None:
    import io

    data = corpus.zip_of({"论文1-题目（代表作）/版权页.jpg": b"x", "营业执照.pdf": b"y"}, utf8_names=False)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = [decode_member_name(info) for info in archive.infolist()]
    assert names == ["论文1-题目（代表作）/版权页.jpg", "营业执照.pdf"]


# --- file types --------------------------------------------------------------------------------------------

SIGNATURES = [b"%PDF-1.7\n", b"\xff\xd8\xff\xe0", b"\x89PNG\r\n\x1a\n", b"GIF89a", b"BM", b"II*\x00", b"MM\x00*",
              b"RIFF\x00\x00\x00\x00WEBP", b"\x00\x00\x00\x18ftypheic", b"PK\x03\x04", b"PK\x05\x06",
              b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"Rar!\x1a\x07", b"7z\xbc\xaf\x27\x1c", b"\xef\xbb\xbf", b""]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(SIGNATURES), st.binary(max_size=3000),
       st.sampled_from(["a.pdf", "b.jpg", "c.xlsx", "d.doc", "e.csv", "f", "g.txt", ".hidden", "h.zip"]))
def test_detect_kind_returns_a_known_kind(prefix: bytes, body: bytes, name: str) -> None:
    assert detect_kind(prefix + body, name) in KINDS


@SMALL_BUDGET
@given(st.sampled_from(["xlsx", "docx"]), st.lists(MUTATION, min_size=1, max_size=4))
def test_detect_kind_on_mutated_zips(kind: str, mutations: list[tuple[str, float, bytes]]) -> None:
    assert detect_kind(mutate(seeds()[kind], mutations), f"x.{kind}") in KINDS


# --- the checklist loader ----------------------------------------------------------------------------------

TOMLISH = ['""', "0", "-1", "99999999999999999999", "true", "[]", "{}", '"x"', "1.5", '[1, "a"]', "2024-13-45",
           '"🙂"', "'''", "[[", "]", "=", '"a" = 1', "nan", "inf", "[items.photo]", "[[sections]]", '"\\u0000"',
           "1979-05-27T07:32:00Z", '{a = {b = 1}}', "#", '"""', "[run]\napplicant_checks = []"]


@cache
def real_checklist() -> tuple[Path, list[str]]:
    """The bundled checklist: its path and lines."""
    path = resolve_checklist(None)
    return path, path.read_text(encoding="utf-8").splitlines()


MUTATIONS = st.lists(
    st.tuples(st.sampled_from(["delete", "duplicate", "value", "insert", "swap", "truncate"]),
              st.floats(min_value=0, max_value=1, allow_nan=False), st.floats(min_value=0, max_value=1,
                                                                             allow_nan=False),
              st.sampled_from(TOMLISH)),
    min_size=1, max_size=4)


def mutate_lines(lines: list[str], mutations: list[tuple[str, float, float, str]]) -> str:
    """Apply line-level, TOML-aware mutations."""
    rows = list(lines)
    for operation, where, other, token in mutations:
        if not rows:
            break
        at = int(where * (len(rows) - 1))
        if operation == "delete":
            del rows[at]
        elif operation == "duplicate":
            rows.insert(at, rows[at])
        elif operation == "value" and "=" in rows[at]:
            rows[at] = rows[at].split("=", 1)[0] + "= " + token
        elif operation == "insert":
            rows.insert(at, token)
        elif operation == "swap":
            there = int(other * (len(rows) - 1))
            rows[at], rows[there] = rows[there], rows[at]
        elif operation == "truncate":
            text = "\n".join(rows)
            rows = text[: int(where * len(text))].splitlines()
    return "\n".join(rows) + "\n"


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder for mutated checklists (module scope: hypothesis reruns the test body many times)."""
    return tmp_path_factory.mktemp("checklists")


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(MUTATIONS)
def test_checklist_loader_mutations(scratch: Path, mutations: list[tuple[str, float, float, str]]) -> None:
    _, lines = real_checklist()
    path = scratch / "mutated.toml"
    path.write_text(mutate_lines(lines, mutations), encoding="utf-8")
    try:
        checklist = load_checklist(path)
    except ChecklistError as error:
        assert str(error).startswith(str(path)) and error.detail
        return
    assert isinstance(checklist, Checklist)


def test_mutation_helper_keeps_the_unmutated_checklist_valid(scratch: Path) -> None:
    path, lines = real_checklist()
    copy = scratch / "same.toml"
    copy.write_text(mutate_lines(lines, []), encoding="utf-8")
    assert load_checklist(copy).items.keys() == load_checklist(path).items.keys()
