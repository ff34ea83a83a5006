"""The work-summary check: 字数 from .docx/.txt/text layers/OCR, parts summed, duplicates, bad input."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from test_content_text import (
    docx_bytes,
    drawing_page,
    encrypted_pdf,
    image_pdf,
    random_chinese,
    text_pdf,
)
from zccheck.catalogue import CATALOGUE
from zccheck.checklist.loader import load_checklist
from zccheck.checks import REGISTRY, work_summary
from zccheck.checks.base import CheckContext
from zccheck.classify.model import Classification
from zccheck.content import ocr as ocr_module
from zccheck.content.errors import DependencyMissing
from zccheck.content.ocr import OcrResult
from zccheck.facts import Facts
from zccheck.findings import Problem
from zccheck.inventory.document import Document
from zccheck.inventory.filetype import detect_kind, extension_kind

CHECKLIST = load_checklist(Path(__file__).resolve().parents[1] / "checklists" / "liudong-2024-engineering.toml")


def make_doc(rel: str, data: bytes, kind: str | None = None) -> Document:
    """A Document over `data` as the inventory would build it (kind detected from the content)."""
    name = rel.rsplit("/", 1)[-1]
    return Document(rel_path=rel, size=len(data), kind=kind or detect_kind(data, name),
                    extension_kind=extension_kind(name), sha256=hashlib.sha256(data).hexdigest() if data else None,
                    _reader=lambda: data)


def context(docs: list[Document], item: str = "work-summary", **by_item: list[Document]) -> CheckContext:
    classification = Classification(by_item={item: list(docs), **by_item})
    everything = [d for ds in classification.by_item.values() for d in ds]
    return CheckContext(facts=Facts(), checklist=CHECKLIST, as_of=date(2024, 8, 20), documents=everything,
                        classification=classification, item=CHECKLIST.items[item], item_documents=docs)


def run(docs: list[Document], **options: Any) -> list[Problem]:
    merged = {**work_summary.DEFAULTS, **options}
    problems = list(work_summary.check(context(docs), merged))
    for problem in problems:  # every code is catalogued and renders without a missing field
        spec = CATALOGUE[problem.code]
        for lang in ("zh", "en"):
            for text in (spec.message(lang, problem.params), spec.hint(lang, problem.params)):
                assert "{" not in text and "None" not in text, (problem.code, text)
    return problems


def codes(problems: list[Problem]) -> list[tuple[str, str | None]]:
    return [(p.code, p.path) for p in problems]


def outcome(problems: list[Problem]) -> Problem:
    found = [p for p in problems if p.code in OUTCOMES]
    assert len(found) == 1, codes(problems)
    return found[0]


OUTCOMES = {"summary-word-count", "summary-too-short", "summary-count-uncertain", "summary-partly-counted",
            "summary-ocr-incomplete"}


class FakeOcr:
    """Stands in for `ocr_count`: returns a prepared result and records how it was called."""

    def __init__(self, *results: OcrResult) -> None:
        self.results = list(results)
        self.calls: list[dict[str, Any]] = []

    def __call__(self, data: bytes, kind: str, **kwargs: Any) -> OcrResult:
        self.calls.append({"kind": kind, **kwargs})
        return self.results.pop(0)


def ocr_result(count: int, *, text: str | None = None, stopped: bool = False, timed_out: bool = False,
               pages: int = 2, done: int | None = None) -> OcrResult:
    done = pages if done is None else done
    return OcrResult(text if text is not None else random_chinese(count, count), count, done, pages, 1.5, stopped,
                     timed_out, 150, pages_complete=done - 1 if (stopped or timed_out) else done)


@pytest.fixture
def fake_ocr(monkeypatch: pytest.MonkeyPatch) -> Any:
    def install(*results: OcrResult) -> FakeOcr:
        fake = FakeOcr(*results)
        monkeypatch.setattr(ocr_module, "ocr_count", fake)
        monkeypatch.setattr(ocr_module, "get_engine", lambda: object())
        return fake

    return install


def scanned(pages: int = 2) -> bytes:
    return image_pdf([drawing_page(i) for i in range(pages)])


def test_registered_with_its_defaults() -> None:
    assert REGISTRY["work-summary"] is work_summary
    use = CHECKLIST.items["work-summary"].checks[0]
    assert use.id == "work-summary" and use.options["min_chars"] == 2000


# --- exact counts ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("chars", "code"), [(2000, "summary-word-count"), (1999, "summary-too-short"),
                                             (3500, "summary-word-count"), (120, "summary-too-short")])
def test_docx_threshold(chars: int, code: str) -> None:
    doc = make_doc("10 专业技术工作总结/工作总结.docx", docx_bytes([random_chinese(chars, 1)]))
    problem = outcome(run([doc]))
    assert problem.code == code
    assert problem.path == doc.rel_path
    assert problem.details["count"] == chars
    assert problem.details["method"] == "docx" and problem.details["exact"] is True
    assert problem.details["lower_bound"] is False
    assert problem.params["min_chars"] == 2000
    assert f"{chars} 字" in CATALOGUE[problem.code].message("zh", problem.params)


def test_docx_tables_count_towards_the_total() -> None:
    body = random_chinese(1900, 2)
    data = docx_bytes([body], table=[["项目名称", "本人作用"], [random_chinese(100, 3), "技术负责人"]])
    problem = outcome(run([make_doc("工作总结.docx", data)]))
    assert problem.code == "summary-word-count"
    assert problem.details["count"] == 1900 + 4 + 4 + 100 + 5


def test_txt_in_gb18030() -> None:
    doc = make_doc("总结.txt", random_chinese(2100, 4).encode("gb18030"))
    problem = outcome(run([doc]))
    assert problem.code == "summary-word-count"
    assert problem.details["parts"][0]["encoding"] == "gb18030"
    assert problem.details["method"] == "txt"


def test_text_layer_pdf() -> None:
    text = random_chinese(2400, 5)
    doc = make_doc("个人专业技术工作总结.pdf", text_pdf([text[:1200], text[1200:]]))
    problem = outcome(run([doc]))
    assert problem.code == "summary-word-count"
    assert problem.details["method"] == "text-layer"
    assert problem.details["parts"][0]["chars_per_page"] == [1200, 1200]


def test_short_text_layer_pdf_is_an_error_without_ocr(fake_ocr: Any) -> None:
    fake = fake_ocr()
    doc = make_doc("工作总结.pdf", text_pdf([random_chinese(1500, 6)]))
    problem = outcome(run([doc]))
    assert problem.code == "summary-too-short"
    assert problem.details["count"] == 1500
    assert fake.calls == []


def test_min_chars_option() -> None:
    doc = make_doc("工作总结.docx", docx_bytes([random_chinese(1500, 7)]))
    assert outcome(run([doc], min_chars=1000)).code == "summary-word-count"


# --- several files ---------------------------------------------------------------------------------------


def test_parts_are_summed_in_path_order() -> None:
    part1 = make_doc("工作总结/工作总结（一）.pdf", text_pdf([random_chinese(1200, 8)]))
    part2 = make_doc("工作总结/工作总结（二）.docx", docx_bytes([random_chinese(1000, 9)]))
    problems = run([part2, part1])
    problem = outcome(problems)
    assert problem.code == "summary-word-count"
    assert problem.path is None
    assert problem.details["count"] == 2200
    assert problem.details["files_summed"] == 2
    assert problem.details["method"] == "docx+text-layer"
    assert [p["path"] for p in problem.details["parts"]] == [part1.rel_path, part2.rel_path]
    assert "2 个文件合计" in CATALOGUE[problem.code].message("zh", problem.params)


def test_the_same_text_in_two_formats_is_counted_once() -> None:
    text = random_chinese(1500, 10)
    docx = make_doc("工作总结.docx", docx_bytes([text]))
    pdf = make_doc("工作总结.pdf", text_pdf([text]))
    problems = run([docx, pdf])
    assert ("summary-duplicate-part", pdf.rel_path) in codes(problems)
    problem = outcome(problems)
    assert problem.code == "summary-too-short"
    assert problem.details["count"] == 1500
    duplicate = next(p for p in problem.details["parts"] if p["status"] == "duplicate")
    assert duplicate["duplicate_of"] == docx.rel_path and duplicate["overlap"] > 0.95


def test_identical_files_are_counted_once() -> None:
    data = docx_bytes([random_chinese(1200, 11)])
    problems = run([make_doc("a/工作总结.docx", data), make_doc("b/工作总结.docx", data)])
    assert ("summary-duplicate-part", "b/工作总结.docx") in codes(problems)
    assert outcome(problems).details["count"] == 1200


# --- OCR routes (the engine replaced by a recorder; real OCR below) --------------------------------------


def test_scan_passes_once_ocr_is_safely_past_the_threshold(fake_ocr: Any) -> None:
    fake = fake_ocr(ocr_result(2230, stopped=True, pages=4, done=3))
    doc = make_doc("工作总结.pdf", scanned(2))
    problem = outcome(run([doc]))
    assert problem.code == "summary-word-count"
    assert problem.details["method"] == "ocr" and problem.details["exact"] is False
    assert fake.calls[0]["stop_at"] == 2200 and fake.calls[0]["dpi"] == 150 and fake.calls[0]["pages"] is None
    part = problem.details["parts"][0]
    assert part["ocr_stopped_early"] is True and part["ocr_pages_read"] == 3 and part["ocr_seconds"] == 1.5
    assert problem.details["lower_bound"] is True
    assert "至少 2230 字" in CATALOGUE[problem.code].message("zh", problem.params)


@pytest.mark.parametrize(("count", "code"), [(2199, "summary-count-uncertain"), (1800, "summary-count-uncertain"),
                                             (1799, "summary-too-short"), (2200, "summary-word-count")])
def test_ocr_margin_band(fake_ocr: Any, count: int, code: str) -> None:
    fake_ocr(ocr_result(count, stopped=count >= 2200))
    problem = outcome(run([make_doc("工作总结.pdf", scanned())]))
    assert problem.code == code
    assert problem.details["ocr"]["margin"] == 200


def test_images_go_to_ocr(fake_ocr: Any) -> None:
    from io import BytesIO

    from test_content_text import drawing_page

    buffer = BytesIO()
    drawing_page().save(buffer, "PNG")
    fake = fake_ocr(ocr_result(1300, pages=1), ocr_result(1000, pages=1))
    docs = [make_doc("工作总结-1.png", buffer.getvalue()), make_doc("工作总结-2.jpg", _jpeg())]
    problem = outcome(run(docs))
    assert [c["kind"] for c in fake.calls] == ["png", "jpeg"]
    assert fake.calls[1]["stop_at"] == 2200 - 1300
    assert problem.code == "summary-word-count" and problem.details["count"] == 2300


def _jpeg() -> bytes:
    from io import BytesIO

    buffer = BytesIO()
    drawing_page(5).convert("RGB").save(buffer, "JPEG")
    return buffer.getvalue()


def test_ocr_is_skipped_when_exact_parts_already_suffice(fake_ocr: Any) -> None:
    fake = fake_ocr()
    docx = make_doc("工作总结.docx", docx_bytes([random_chinese(2100, 12)]))
    scan = make_doc("工作总结扫描件.pdf", scanned())
    problem = outcome(run([docx, scan]))
    assert fake.calls == []
    assert problem.code == "summary-word-count"
    statuses = {p["path"]: p["status"] for p in problem.details["parts"]}
    assert statuses == {docx.rel_path: "counted", scan.rel_path: "not-needed"}


def test_mixed_pdf_ocrs_only_its_image_pages(fake_ocr: Any) -> None:
    from io import BytesIO

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for source in (text_pdf([random_chinese(1500, 13)]), scanned(1)):
        for page in PdfReader(BytesIO(source)).pages:
            writer.add_page(page)
    buffer = BytesIO()
    writer.write(buffer)
    fake = fake_ocr(ocr_result(800, stopped=True, pages=1))
    problem = outcome(run([make_doc("工作总结.pdf", buffer.getvalue())]))
    assert fake.calls[0]["pages"] == (1,) and fake.calls[0]["stop_at"] == 700
    assert problem.code == "summary-word-count" and problem.details["count"] == 2300
    assert problem.details["parts"][0]["method"] == "text-layer+ocr"
    assert problem.details["parts"][0]["image_pages"] == [2]


def test_ocr_text_that_repeats_a_counted_part_is_a_duplicate(fake_ocr: Any) -> None:
    text = random_chinese(1500, 14)
    fake_ocr(ocr_result(1500, text=text, pages=2))
    docx = make_doc("工作总结.docx", docx_bytes([text]))
    scan = make_doc("工作总结（扫描）.pdf", scanned())
    problems = run([docx, scan])
    assert ("summary-duplicate-part", scan.rel_path) in codes(problems)
    assert outcome(problems).details["count"] == 1500


def test_ocr_time_budget_exhausted_is_review(fake_ocr: Any) -> None:
    fake_ocr(ocr_result(800, timed_out=True, pages=6, done=2))
    problem = outcome(run([make_doc("工作总结.pdf", scanned())], ocr_time_budget_s=5.0))
    assert problem.code == "summary-ocr-incomplete"
    assert problem.params["pages_done"] == 1 and problem.params["pages_total"] == 6  # the 2nd page was cut short
    assert problem.details["ocr"]["timed_out"] is True


def test_blank_scan_finds_no_text(fake_ocr: Any) -> None:
    fake_ocr(ocr_result(0, text="", pages=2))
    problems = run([make_doc("工作总结.pdf", scanned())])
    assert codes(problems) == [("summary-no-text-found", "工作总结.pdf")]


def test_without_the_ocr_extra_a_scan_is_review_with_the_install_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing() -> None:
        raise DependencyMissing("rapidocr")

    monkeypatch.setattr(ocr_module, "get_engine", missing)
    problems = run([make_doc("工作总结.pdf", scanned())])
    assert codes(problems) == [("summary-ocr-unavailable", "工作总结.pdf")]
    problem = problems[0]
    assert problem.params["package"] == "rapidocr"
    assert 'pip install "zccheck[vision]"' in CATALOGUE[problem.code].hint("zh", problem.params)
    assert CATALOGUE[problem.code].severity == "review"


def test_without_ocr_a_mixed_summary_keeps_its_exact_part(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing() -> None:
        raise DependencyMissing("onnxruntime")

    monkeypatch.setattr(ocr_module, "get_engine", missing)
    docx = make_doc("工作总结（一）.docx", docx_bytes([random_chinese(900, 15)]))
    problems = run([docx, make_doc("工作总结（二）.pdf", scanned())])
    assert [c for c, _ in codes(problems)] == ["summary-ocr-unavailable"]


# --- formats and bad input -------------------------------------------------------------------------------


def test_legacy_doc_and_wps_get_a_conversion_hint() -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600
    problems = run([make_doc("工作总结.doc", ole), make_doc("工作总结.wps", ole)])
    assert codes(problems) == [("summary-legacy-format", "工作总结.doc"), ("summary-legacy-format", "工作总结.wps")]
    assert "另存为" in CATALOGUE["summary-legacy-format"].hint("zh", problems[0].params)


def test_short_readable_part_plus_legacy_part_is_review() -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600
    problems = run([make_doc("工作总结1.docx", docx_bytes([random_chinese(900, 16)])), make_doc("工作总结2.doc", ole)])
    problem = outcome(problems)
    assert problem.code == "summary-partly-counted"
    assert problem.params["uncounted"] == 1


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("工作总结.pdf", b"%PDF-1.4\n garbage that is no pdf", "corrupt"),
        ("工作总结.pdf", None, "encrypted"),
        ("工作总结.docx", b"PK\x03\x04" + b"\0" * 40, "corrupt"),
        ("工作总结.pdf", b"", "empty"),
    ],
    ids=["corrupt-pdf", "encrypted-pdf", "corrupt-docx", "empty"],
)
def test_unreadable_files(name: str, data: bytes | None, reason: str) -> None:
    doc = make_doc(name, encrypted_pdf("secret") if data is None else data)
    problems = run([doc])
    assert codes(problems) == [("summary-unreadable", name)]
    assert problems[0].details["reason"] == reason


def test_read_error_from_the_source() -> None:
    doc = make_doc("工作总结.pdf", b"%PDF-1.4")
    doc.read_error = "permission denied"
    problems = run([doc])
    assert codes(problems) == [("summary-unreadable", "工作总结.pdf")]


def test_bytes_vanishing_while_reading_is_a_problem_not_a_crash() -> None:
    from zccheck.inventory.document import ReadError

    def vanish() -> bytes:
        raise ReadError("vanished", "the file is gone")

    doc = Document(rel_path="工作总结.docx", size=100, kind="docx", extension_kind="docx", sha256=None,
                   _reader=vanish)
    assert codes(run([doc])) == [("summary-unreadable", "工作总结.docx")]


@pytest.mark.parametrize(("name", "kind", "target"),
                         [("总结.heic", "heic", "JPEG"), ("总结.xlsx", "xlsx", "PDF"), ("总结.ofd", "ofd", "PDF")])
def test_formats_without_a_counter(name: str, kind: str, target: str) -> None:
    problems = run([make_doc(name, b"some bytes", kind=kind)])
    assert codes(problems) == [("summary-unsupported-format", name)]
    assert problems[0].params["target"] == target


def test_no_documents_no_findings() -> None:
    assert run([]) == []


# --- real OCR, end to end --------------------------------------------------------------------------------


def test_real_ocr_scanned_summary_decided() -> None:
    pytest.importorskip("rapidocr")
    from test_ocr import PER_LINE, scanned_pdf

    pages = [random_chinese(PER_LINE * 6, seed) for seed in (21, 22, 23)]  # 3 pages × 180 字
    doc = make_doc("专业技术工作总结.pdf", scanned_pdf(pages))
    problem = outcome(run([doc], min_chars=250, ocr_margin=25))
    assert problem.code == "summary-word-count"
    part = problem.details["parts"][0]
    assert part["method"] == "ocr" and part["ocr_stopped_early"] is True
    assert part["ocr_pages_read"] == 2 and part["pages"] == 3  # stopped on page 2: page 3 never read
    assert 275 <= problem.details["count"] < 275 + PER_LINE + 2

    short = make_doc("工作总结-短.pdf", scanned_pdf(pages[:1]))
    problem = outcome(run([short], min_chars=250, ocr_margin=25))
    assert problem.code == "summary-too-short"
    assert abs(problem.details["count"] - 180) <= 4


def test_options_are_checked_by_the_loader(tmp_path: Path) -> None:
    text = (Path(__file__).resolve().parents[1] / "checklists" / "liudong-2024-engineering.toml").read_text("utf-8")
    bad = text.replace("min_chars = 2000", 'min_chars = "2000"', 1)
    path = tmp_path / "bad.toml"
    path.write_text(bad, "utf-8")
    from zccheck.checklist.loader import ChecklistError

    with pytest.raises(ChecklistError):
        load_checklist(path)


def details_are_json(problems: list[Problem]) -> None:
    import json

    for problem in problems:
        json.dumps(dict(problem.details), ensure_ascii=False)


def test_details_are_json_serialisable(fake_ocr: Any) -> None:
    fake_ocr(ocr_result(1900))
    problems = run([make_doc("a.pdf", scanned()), make_doc("b.docx", docx_bytes([random_chinese(100, 1)]))])
    details_are_json(problems)


# --- through the engine ----------------------------------------------------------------------------------


def test_engine_reports_the_count_with_its_method(materials: Any) -> None:
    import conftest

    materials.facts()
    materials.add("10 专业技术工作总结/专业技术工作总结.docx", docx_bytes([random_chinese(1500, 40)]))
    result = conftest.run(materials.root, as_of=date(2024, 8, 20))
    found = [f for f in result.findings if f.check == "work-summary"]
    assert [(f.code, f.item, f.severity) for f in found] == [("summary-too-short", "work-summary", "error")]
    assert found[0].details["count"] == 1500 and found[0].details["method"] == "docx"
    assert "1500" in found[0].message and "2000" in found[0].message

    materials.add("10 专业技术工作总结/专业技术工作总结.docx", docx_bytes([random_chinese(2600, 41)]))
    result = conftest.run(materials.root, as_of=date(2024, 8, 20))
    found = [f for f in result.findings if f.check == "work-summary"]
    assert [(f.code, f.severity) for f in found] == [("summary-word-count", "info")]
    assert found[0].details["count"] == 2600


# Zero-width characters, emoji sequences and circled digits counted as Word does, at the exact threshold.
_PADDING = "\u200b\u200d\u2060\ufeff\ufe0f"  # none of these counts, none separates words


def _summary_text(count: int) -> str:
    """`count` Word 字数 made of ideographs interleaved with invisible characters, circled-digit runs and emoji
    sequences: every "①②③" run and every "👨‍👩‍👧" family is one word, each ideograph one."""
    body = random_chinese(count - 20, 7)
    units = ["①②③", "👨\u200d👩\u200d👧", "⑴⑵", "👍🏻"] * 5  # 20 words
    chunks = [body[i * 90:(i + 1) * 90] + _PADDING + unit for i, unit in enumerate(units)]
    return "".join(chunks) + body[20 * 90:]


@pytest.mark.parametrize(("count", "code"), [(2000, "summary-word-count"), (1999, "summary-too-short")])
def test_threshold_with_invisible_characters_emoji_and_circled_digits(count: int, code: str) -> None:
    text = _summary_text(count)
    assert any(c in text for c in "\u200b①👨")
    doc = make_doc("10 专业技术工作总结/工作总结.docx", docx_bytes([text]))
    problem = outcome(run([doc]))
    assert (problem.code, problem.details["count"]) == (code, count)
