"""Long-running fuzz harness (outside CI): mutate real and hostile files and feed them to zccheck's readers.

    python benchmarks/fuzz_harness.py --seconds 600 [--seed 1] [--save /tmp/zccheck-fuzz] [--targets document,zip]

Every target has a set of expected exceptions (a reader may refuse bytes, with its documented error); any
other exception, and any input that runs past the per-input time limit, is recorded with its traceback's
last frame and the input's sha256, and the input is saved under --save when given. Prints a Markdown table
and exits 1 when something unexpected was found.

Targets:
  document   inventory.build.make_document (type detection + probes): must never raise
  zip        inventory.zipsource.read_zip + reading every member: MaterialsUnreadable, ReadError only
  names      inventory.zipsource.decode_member_name on random bytes: must never raise
  checklist  checklist.loader.load_checklist on a mutated real checklist: ChecklistError only
  facts      facts_loader.load_facts on mutated zccheck.toml text: FactsFileError only
  pension    content.pension.read_pension_record: ContentError only
  text       content.text.extract_text (pdf, docx, txt): ContentError only
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import tempfile
import time
import traceback
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

import hostile_corpus as corpus  # noqa: E402
from zccheck.timeouts import CheckTimeout, time_limit  # noqa: E402

PER_INPUT_SECONDS = 20.0


@dataclass
class Target:
    """One function under test, its inputs and the exceptions it may raise."""

    name: str
    make_input: Callable[[random.Random], bytes]
    run: Callable[[bytes], object]
    expected: tuple[type[BaseException], ...]
    counts: Counter = field(default_factory=Counter)


@dataclass
class Failure:
    """Something unexpected."""

    target: str
    kind: str  # exception type, or "hang"
    message: str
    where: str
    sha256: str


def mutate(data: bytes, rng: random.Random, pool: list[bytes]) -> bytes:
    """Byte-level mutations: flips, cuts, inserts, deletions, duplications, splices from other seeds."""
    raw = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        at = rng.randrange(len(raw)) if raw else 0
        operation = rng.choice(["flip", "cut", "insert", "delete", "duplicate", "splice", "repeat", "magic"])
        if operation == "flip" and raw:
            raw[at] ^= 1 << rng.randrange(8)
        elif operation == "cut" and len(raw) > 16:
            del raw[rng.randrange(len(raw) // 2, len(raw)):]
        elif operation == "insert":
            raw[at:at] = rng.randbytes(rng.randint(1, 64))
        elif operation == "delete":
            del raw[at:at + rng.randint(1, 256)]
        elif operation == "duplicate":
            raw[at:at] = raw[at:at + rng.randint(1, 4096)]
        elif operation == "splice":
            other = rng.choice(pool)
            start = rng.randrange(len(other)) if other else 0
            raw[at:at] = other[start:start + rng.randint(1, 2048)]
        elif operation == "repeat":
            chunk = raw[at:at + rng.randint(1, 32)]
            raw[at:at] = chunk * rng.randint(2, 2000)
        elif operation == "magic":
            raw[at:at] = rng.choice([b"obj", b"endobj", b"stream", b"R", b"<<", b">>", b"[", b"]", b"%%EOF",
                                     b"xref", b"trailer", b"/Kids", b"PK\x03\x04", b"PK\x01\x02", b"PK\x05\x06",
                                     b"IDAT", b"IHDR", b"\xff\xd8", b"\xff\xc0", b"<!DOCTYPE", b"&lol;"])
    return bytes(raw)


def build_targets(workdir: Path) -> list[Target]:
    """The targets with their seeds."""
    from zccheck.checklist.loader import ChecklistError, load_checklist, resolve_checklist
    from zccheck.content.errors import ContentError
    from zccheck.content.pension import read_pension_record
    from zccheck.content.text import extract_text
    from zccheck.facts_loader import FactsFileError, load_facts
    from zccheck.inventory.build import make_document
    from zccheck.inventory.document import ReadError
    from zccheck.inventory.model import MaterialsUnreadable
    from zccheck.inventory.zipsource import decode_member_name, read_zip

    files = {
        "a.pdf": corpus.pdf_bytes(2), "locked.pdf": corpus.pdf_bytes(password="x"), "loop.pdf": corpus.looping_pdf(),
        "dag.pdf": corpus.page_dag_pdf(12), "slow.pdf": corpus.slow_pdf(2000), "a.png": corpus.png_bytes((64, 64)),
        "a.jpg": corpus.jpeg_bytes((64, 64)), "bomb.png": corpus.png_header_bomb(), "a.xlsx": corpus.xlsx_bytes(),
        "a.docx": corpus.docx_bytes(), "laughs.xlsx": corpus.with_dtd(corpus.xlsx_bytes(), "xl/worksheets/sheet1.xml",
                                                                    corpus._LAUGHS, "&lol9;", "<v>5</v>"),
        "a.txt": "专业技术工作总结\n".encode("gbk"), "a.csv": "缴费年月,缴费状态\n202301,已缴费\n".encode(),
    }
    pool = list(files.values())
    names = list(files)
    materials_zip = corpus.zip_of({"张三/营业执照.pdf": files["a.pdf"], "张三/照片.jpg": files["a.jpg"],
                                   "张三/养老保险缴费记录.xlsx": files["a.xlsx"]}, utf8_names=False)
    checklist_text = resolve_checklist(None).read_text(encoding="utf-8")
    facts_text = '[applicant]\nname = "张三"\nlevel = "工程师"\napply_date = 2024-08-20\n[flags]\ndispatched = true\n'

    def document(data: bytes) -> object:
        name = document.name  # type: ignore[attr-defined]
        return make_document(name, len(data), lambda: data)

    def pick_file(rng: random.Random) -> bytes:
        document.name = rng.choice(names)  # type: ignore[attr-defined]
        return mutate(files[document.name], rng, pool)  # type: ignore[attr-defined]

    def materials(data: bytes) -> object:
        path = workdir / "materials.zip"
        path.write_bytes(data)
        inventory = read_zip(path)
        for doc in inventory.documents:
            doc.read_bytes()
        return inventory

    def member_name(data: bytes) -> object:
        info = zipfile.ZipInfo()
        info.filename = data.decode("cp437")
        info.flag_bits = data[0] if data else 0
        return decode_member_name(info).encode("utf-8")

    def checklist(data: bytes) -> object:
        path = workdir / "checklist.toml"
        path.write_bytes(data)
        return load_checklist(path)

    def text_kind(data: bytes) -> object:
        kind = {"pdf": "pdf", "docx": "docx"}.get(text_kind.kind, "txt")  # type: ignore[attr-defined]
        return extract_text(data, kind)

    def pick_text(rng: random.Random) -> bytes:
        text_kind.kind = rng.choice(["pdf", "docx", "txt"])  # type: ignore[attr-defined]
        seed = {"pdf": files["a.pdf"], "docx": files["a.docx"], "txt": files["a.txt"]}[text_kind.kind]
        return mutate(seed, rng, pool)

    return [
        Target("document", pick_file, document, ()),
        Target("zip", lambda rng: mutate(materials_zip, rng, pool), materials, (MaterialsUnreadable, ReadError)),
        Target("names", lambda rng: rng.randbytes(rng.randint(1, 80)), member_name, ()),
        Target("checklist", lambda rng: mutate(checklist_text.encode(), rng, [checklist_text.encode()]), checklist,
               (ChecklistError,)),
        Target("facts", lambda rng: mutate(facts_text.encode(), rng, [facts_text.encode()]),
               lambda data: load_facts(data.decode("utf-8", "replace")), (FactsFileError,)),
        Target("pension", lambda rng: mutate(rng.choice([files["a.xlsx"], files["a.csv"], files["laughs.xlsx"]]),
                                             rng, pool),
               lambda data: read_pension_record(data, "养老保险缴费记录"), (ContentError,)),
        Target("text", pick_text, text_kind, (ContentError,)),
    ]


def main(argv: list[str] | None = None) -> int:
    """Run the harness; 1 when anything unexpected was found."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=300.0, help="total time budget")
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: time)")
    parser.add_argument("--save", type=Path, default=None, help="folder to save failing inputs into")
    parser.add_argument("--targets", default="", help="comma-separated subset of targets")
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else int(time.time())
    rng = random.Random(seed)
    failures: list[Failure] = []
    with tempfile.TemporaryDirectory(prefix="zccheck-fuzz-") as scratch:
        targets = build_targets(Path(scratch))
        if args.targets:
            wanted = set(args.targets.split(","))
            targets = [t for t in targets if t.name in wanted]
        deadline = time.monotonic() + args.seconds
        while time.monotonic() < deadline:
            target = rng.choice(targets)
            data = target.make_input(rng)
            target.counts["runs"] += 1
            try:
                with time_limit(PER_INPUT_SECONDS):
                    target.run(data)
                target.counts["ok"] += 1
            except CheckTimeout:
                failures.append(_record(target, data, "hang", f"over {PER_INPUT_SECONDS:g} s", "", args.save))
            except target.expected:
                target.counts["refused"] += 1
            except Exception as exc:  # the point of the harness
                frame = traceback.extract_tb(exc.__traceback__)[-1]
                failures.append(_record(target, data, type(exc).__name__, str(exc)[:160],
                                        f"{Path(frame.filename).name}:{frame.lineno}", args.save))
    print(f"seed {seed}, {args.seconds:g} s\n")
    print("| target | inputs | accepted | refused (expected) | unexpected |")
    print("|---|---:|---:|---:|---:|")
    for target in targets:
        bad = sum(1 for f in failures if f.target == target.name)
        counts = target.counts
        print(f"| {target.name} | {counts['runs']} | {counts['ok']} | {counts['refused']} | {bad} |")
    if failures:
        print("\n| target | exception | where | message | input sha256 |\n|---|---|---|---|---|")
        seen = set()
        for failure in failures:
            key = (failure.target, failure.kind, failure.where)
            if key not in seen:
                seen.add(key)
                print(f"| {failure.target} | {failure.kind} | {failure.where} | {failure.message} | "
                      f"{failure.sha256[:12]} |")
    return 1 if failures else 0


def _record(target: Target, data: bytes, kind: str, message: str, where: str, save: Path | None) -> Failure:
    digest = hashlib.sha256(data).hexdigest()
    if save is not None:
        save.mkdir(parents=True, exist_ok=True)
        (save / f"{target.name}-{digest[:16]}.bin").write_bytes(data)
    return Failure(target.name, kind, message.replace("|", "/").replace("\n", " "), where, digest)


if __name__ == "__main__":
    sys.exit(main())
