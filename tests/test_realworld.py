"""Real-world files (other projects' test corpora) and generated files of the same kinds, each rule once.

The shared real-world files are read from `../shared/corpora/real-world/` beside the repository (CI keeps
the shared folder beside the clone); the tests that need them are skipped cleanly when it is absent. Each file
is placed as that folder's README says (a scanned work summary page, or an evidence PDF) in a copy of
`samples/complete`, and must get the verdict the README states.
"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest

from conftest import Materials, by_code, codes, jpeg_bytes, pdf_bytes, run
from hostile_corpus import raw_pdf
from zccheck.result import Result

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "samples" / "complete"
EVIDENCE_DIR = "07-1 专业技术工作经历"
SUMMARY_DIR = "10 专业技术工作总结"


def _corpus() -> Path | None:
    """`shared/corpora/real-world` beside the repository (a git worktree sits one level deeper)."""
    for base in (REPO.parent, REPO.parent.parent):
        candidate = base / "shared" / "corpora" / "real-world"
        if (candidate / "README.md").is_file():
            return candidate
    return None


CORPUS = _corpus()
needs_corpus = pytest.mark.skipif(CORPUS is None, reason="../shared/corpora/real-world is not beside the repository")

OPENS_WITHOUT_PASSWORD = ("qpdf__qpdf/enc-XI-R6,V5,U=attachment,encrypted-attachments.pdf",
                          "qpdf__qpdf/nontrivial-crypt-filter.pdf", "qpdf__qpdf/unfilterable-with-crypt.pdf",
                          "mozilla__pdf.js/auth-event-ef-open.pdf", "mozilla__pdf.js/encrypted-attachment.pdf")
DAMAGED_BUT_DISPLAYS = ("qpdf__qpdf/filter-abbreviation.pdf", "qpdf__qpdf/issue-117.pdf", "qpdf__qpdf/bad11.pdf",
                        "mozilla__pdf.js/filled-background.pdf", "mozilla__pdf.js/issue6069.pdf",
                        "mozilla__pdf.js/Pages-tree-refs.pdf")
ANNOTATED = ("mozilla__pdf.js/stamps.pdf", "mozilla__pdf.js/firefox_stamp.pdf", "mozilla__pdf.js/inks_basic.pdf",
             "mozilla__pdf.js/freetexts.pdf")
SUMMARY_FILES = ("python-pillow__Pillow/invalid-exif.jpg", "python-pillow__Pillow/truncated_exif_dpi.jpg",
                 "qpdf__qpdf/bad34.pdf", "qpdf__qpdf/15390.fuzz", "qpdf__qpdf/69857.fuzz")
BIG_EVIDENCE = "mozilla__pdf.js/bug1978317.pdf"


def _evidence_name(rel: str) -> str:
    return f"佐证-{Path(rel).stem}.pdf"


def _copy_sample(root: Path) -> Path:
    shutil.copytree(SAMPLE, root)
    return root


def _no_anonymous_internal_errors(result: Result) -> None:
    for finding in result.findings:
        if finding.code in ("internal-error", "check-timeout"):
            pytest.fail(f"{finding.code}: {finding.message} (path {finding.path})")


@pytest.fixture(scope="module")
def evidence_scan(tmp_path_factory: pytest.TempPathFactory) -> Result:
    """One scan of samples/complete with every real-world evidence PDF added as 工作经历 evidence."""
    assert CORPUS is not None
    pytest.importorskip("pypdfium2", reason="the viewer's opinion (vision extra) decides these verdicts")
    root = _copy_sample(tmp_path_factory.mktemp("realworld") / "materials")
    for rel in (*OPENS_WITHOUT_PASSWORD, *DAMAGED_BUT_DISPLAYS, *ANNOTATED, BIG_EVIDENCE):
        shutil.copyfile(CORPUS / rel, root / EVIDENCE_DIR / _evidence_name(rel))
    return run(root)


def _about(result: Result, rel: str) -> list:
    path = f"{EVIDENCE_DIR}/{_evidence_name(rel)}"
    return [f for f in result.findings if f.path == path]


@needs_corpus
def test_real_world_evidence_scan_has_no_internal_error(evidence_scan: Result) -> None:
    _no_anonymous_internal_errors(evidence_scan)


@needs_corpus
@pytest.mark.parametrize("rel", OPENS_WITHOUT_PASSWORD)
def test_encryption_that_viewers_open_is_not_a_password(evidence_scan: Result, rel: str) -> None:
    found = {f.code for f in _about(evidence_scan, rel)}
    assert "encrypted-pdf" not in found and "corrupt-file" not in found, found


@needs_corpus
@pytest.mark.parametrize("rel", DAMAGED_BUT_DISPLAYS)
def test_damage_that_viewers_repair_is_not_corrupt(evidence_scan: Result, rel: str) -> None:
    found = _about(evidence_scan, rel)
    assert not {f.code for f in found} & {"corrupt-file", "encrypted-pdf", "pdf-unverified"}, found
    for finding in found:
        if finding.code == "pdf-damaged":
            assert finding.severity.value == "warning" and finding.details["damage"]


@needs_corpus
def test_page_a_viewer_cannot_show_is_named(evidence_scan: Result) -> None:
    damaged = [f for f in _about(evidence_scan, "mozilla__pdf.js/Pages-tree-refs.pdf") if f.code == "pdf-damaged"]
    assert damaged and damaged[0].details["bad_pages"] == [2]


@needs_corpus
@pytest.mark.parametrize("rel", ANNOTATED)
def test_pages_drawn_by_annotations_are_not_blank(evidence_scan: Result, rel: str) -> None:
    blank = [f for f in _about(evidence_scan, rel) if f.code == "scan-blank-page"]
    # firefox_stamp.pdf's second page has no content and no annotation at all: only that page may be named.
    allowed = [2] if rel.endswith("firefox_stamp.pdf") else []
    assert all(f.details["pages"] == allowed for f in blank), [f.details["pages"] for f in blank]


@needs_corpus
def test_big_evidence_pdf_text_is_parsed_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from zccheck.content import pdf_pages

    assert CORPUS is not None
    calls: list[int] = []
    real = pdf_pages.pdf_text_pages

    def counting(data: bytes) -> pdf_pages.TextPages:
        calls.append(len(data))
        return real(data)

    monkeypatch.setattr(pdf_pages, "pdf_text_pages", counting)
    root = _copy_sample(tmp_path / "m")
    shutil.copyfile(CORPUS / BIG_EVIDENCE, root / EVIDENCE_DIR / "项目佐证.pdf")
    result = run(root)
    _no_anonymous_internal_errors(result)
    size = (CORPUS / BIG_EVIDENCE).stat().st_size
    assert calls.count(size) <= 1, calls


@needs_corpus
@pytest.mark.parametrize("rel", SUMMARY_FILES)
def test_broken_summary_files_are_findings_on_the_file(tmp_path: Path, rel: str) -> None:
    assert CORPUS is not None
    root = _copy_sample(tmp_path / "m")
    folder = root / SUMMARY_DIR
    shutil.rmtree(folder)
    folder.mkdir()
    if rel.endswith(".jpg"):  # a page of a scanned summary, next to a readable page
        name = "专业技术工作总结第1页.jpg"
        shutil.copyfile(CORPUS / rel, folder / name)
        (folder / "专业技术工作总结第2页.jpg").write_bytes(jpeg_bytes((1240, 1754)))
    else:
        name = "专业技术工作总结.pdf"
        shutil.copyfile(CORPUS / rel, folder / name)
    result = run(root)
    _no_anonymous_internal_errors(result)
    path = f"{SUMMARY_DIR}/{name}"
    named = [f for f in result.findings if f.path == path]
    counted = [p for f in result.findings if f.code.startswith("summary-") for p in f.details.get("parts", [])
               if p.get("path") == path]
    assert named or counted, [(f.code, f.path) for f in result.findings]
    if rel.endswith((".pdf", ".fuzz")):  # pdfium cannot show any page of these: an error naming the file
        pytest.importorskip("pypdfium2", reason="the viewer's opinion needs the vision extra")
        assert "corrupt-file" in {f.code for f in named}


# --- generated cases, one per rule ------------------------------------------------------------------------


def _stamp_pdf(flags: int = 4, with_stamp: bool = True) -> bytes:
    """An A4 page with no content of its own and (optionally) a stamp annotation with a red appearance."""
    appearance = b"1 0 0 RG 4 w 50 50 m 150 50 l 150 150 l 50 150 l h S"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> %s >>"
               % (b"/Annots [4 0 R]" if with_stamp else b""),
               b"<< /Type /Annot /Subtype /Stamp /Rect [200 300 400 500] /F %d /AP << /N 5 0 R >> >>" % flags,
               b"<< /Type /XObject /Subtype /Form /BBox [0 0 200 200] /Length %d >>\nstream\n%s\nendstream"
               % (len(appearance), appearance)]
    return raw_pdf(objects)


def _blank_codes(materials: Materials, data: bytes) -> list:
    materials.add(f"{EVIDENCE_DIR}/电子印章佐证.pdf", data)
    return [f for f in by_code(run(materials.root), "scan-blank-page") if f.path.endswith("电子印章佐证.pdf")]


def test_stamp_annotation_on_an_empty_page_is_not_blank(materials: Materials) -> None:
    assert _blank_codes(materials, _stamp_pdf()) == []


def test_empty_page_without_annotation_is_blank(materials: Materials) -> None:
    found = _blank_codes(materials, _stamp_pdf(with_stamp=False))
    assert found and found[0].details["pages"] == [1]


def test_hidden_stamp_does_not_count(materials: Materials) -> None:
    found = _blank_codes(materials, _stamp_pdf(flags=2))  # /F 2: Hidden
    assert found and found[0].details["pages"] == [1]


def _broken_xref_pdf() -> bytes:
    data = re.sub(rb"startxref\s+\d+", b"startxref\n999999", pdf_bytes(2))
    return data[: data.rindex(b"%%EOF")]


def test_broken_xref_and_missing_eof_is_damaged_not_corrupt(materials: Materials) -> None:
    pytest.importorskip("pypdfium2")
    materials.add("11 其他材料/营业执照.pdf", _broken_xref_pdf())
    result = run(materials.root)
    found = [f for f in result.findings if f.path == "11 其他材料/营业执照.pdf"]
    assert "corrupt-file" not in {f.code for f in found}
    damaged = [f for f in found if f.code == "pdf-damaged"]
    assert damaged and "%%EOF" in damaged[0].details["damage"] and damaged[0].severity.value == "warning"


def test_garbage_pdf_is_still_corrupt(materials: Materials) -> None:
    pytest.importorskip("pypdfium2")
    materials.add("11 其他材料/营业执照.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n")
    assert "corrupt-file" in codes(run(materials.root))


def test_without_a_viewer_a_pdf_pypdf_cannot_open_is_review(materials: Materials,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from zccheck.inventory import probe
    from zccheck.inventory.pdf_view import ViewerOpinion

    monkeypatch.setattr(probe, "viewer_opinion", lambda data: ViewerOpinion("unavailable"))
    monkeypatch.setattr(probe, "viewer_available", lambda: False)
    materials.add("11 其他材料/营业执照.pdf", pdf_bytes(1, password="secret"))
    result = run(materials.root)
    found = {f.code: f for f in result.findings if f.path == "11 其他材料/营业执照.pdf"}
    assert "pdf-unverified" in found and found["pdf-unverified"].severity.value == "review"
    assert "encrypted-pdf" not in found and "corrupt-file" not in found


def test_a_user_password_is_still_an_error_with_the_viewer(materials: Materials) -> None:
    pytest.importorskip("pypdfium2")
    materials.add("11 其他材料/营业执照.pdf", pdf_bytes(1, password="secret"))
    assert "encrypted-pdf" in codes(run(materials.root))


def _broken_exif_jpeg() -> bytes:
    """A readable JPEG whose APP1 Exif block is not a TIFF structure (Pillow's exif_transpose raises)."""
    data = jpeg_bytes((900, 1200), (245, 245, 245))
    payload = b"Exif\x00\x00" + b"\xff\xff\xff\xff\x00\x00\x00\x08" + b"\x00" * 8
    segment = b"\xff\xe1" + (len(payload) + 2).to_bytes(2, "big") + payload
    return data[:2] + segment + data[2:]


def test_broken_exif_fixture_really_breaks_exif_transpose() -> None:
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(_broken_exif_jpeg())) as image, pytest.raises(Exception):  # noqa: B017
        ImageOps.exif_transpose(image)


def test_broken_exif_page_is_read_ignoring_exif() -> None:
    from PIL import Image

    from zccheck.content.image_frame import bounded_frame, orientation_tag

    with Image.open(io.BytesIO(_broken_exif_jpeg())) as image:
        assert orientation_tag(image) == 1
        frame = bounded_frame(image, 3000)
    assert frame.size == (900, 1200)


def test_broken_exif_page_in_ocr_page_reader_is_a_page() -> None:
    pytest.importorskip("numpy")
    from zccheck.content.ocr import PageFailure, _image_pages

    pages, total = _image_pages(_broken_exif_jpeg(), None)
    frames = list(pages)
    assert total == 1 and len(frames) == 1 and not isinstance(frames[0], PageFailure)
    assert frames[0].shape[:2] == (1200, 900)


def test_broken_exif_summary_page_gives_no_internal_error(materials: Materials) -> None:
    materials.add(f"{SUMMARY_DIR}/工作总结1.jpg", _broken_exif_jpeg())
    result = run(materials.root)
    _no_anonymous_internal_errors(result)


def test_a_pdf_page_the_viewer_cannot_load_is_skipped_not_fatal() -> None:
    pytest.importorskip("pypdfium2")
    pytest.importorskip("numpy")
    from zccheck.content.ocr import PageFailure, _pdf_pages

    # Page 1 is a real page; page 2 is a Pages node that loops back to itself (pdfium cannot load it).
    data = raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                    b"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
                    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
                    b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>"])
    pages, total = _pdf_pages(data, 72, None)
    read = list(pages)
    assert total == 2
    assert [isinstance(p, PageFailure) for p in read] == [False, True]
    assert read[1].number == 2


def test_large_bilevel_tiff_page_is_decoded_within_bounds() -> None:
    from PIL import Image

    from zccheck.content.image_frame import bounded_frame

    buffer = io.BytesIO()
    Image.new("1", (7000, 9900), 1).save(buffer, "TIFF", compression="group4")
    with Image.open(io.BytesIO(buffer.getvalue())) as image:
        frame = bounded_frame(image, 3000)
    assert max(frame.size) <= 3000 and frame.mode in ("L", "RGB")


def test_avif_is_reported_as_avif_not_heic(materials: Materials) -> None:
    from PIL import Image, features

    from zccheck.inventory.filetype import detect_kind

    if not features.check("avif"):
        pytest.skip("this Pillow cannot write AVIF")
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (200, 30, 30)).save(buffer, "AVIF")
    data = buffer.getvalue()
    assert detect_kind(data, "照片.avif") == "avif"
    materials.add("11 其他材料/营业执照.avif", data)
    result = run(materials.root)
    found = [f for f in result.findings if f.path == "11 其他材料/营业执照.avif"]
    assert found and all("heic" not in f.message.lower() for f in found)
    assert any("avif" in f.message.lower() for f in found)


def test_heic_brand_is_still_heic() -> None:
    from zccheck.inventory.filetype import detect_kind

    head = (24).to_bytes(4, "big") + b"ftypheic" + b"\x00\x00\x00\x00" + b"mif1heic" + b"\x00" * 64
    assert detect_kind(head, "IMG_0001.HEIC") == "heic"
    generic_avif = (24).to_bytes(4, "big") + b"ftypmif1" + b"\x00\x00\x00\x00" + b"mif1avif" + b"\x00" * 64
    assert detect_kind(generic_avif, "x.heic") == "avif"


# --- our own bugs stay internal errors (with the file), never "文件已损坏" -----------------------------------


def test_a_bug_in_the_pdf_text_reader_is_an_internal_error_naming_the_file(
        materials: Materials, monkeypatch: pytest.MonkeyPatch) -> None:
    from zccheck.content import pdf_pages

    def broken(data: bytes) -> pdf_pages.TextPages:
        raise RuntimeError("a bug in zccheck")

    monkeypatch.setattr(pdf_pages, "pdf_text_pages", broken)
    materials.add(f"{SUMMARY_DIR}/专业技术工作总结.pdf", pdf_bytes(2))
    result = run(materials.root)
    internal = [f for f in by_code(result, "internal-error") if f.item == "work-summary"]
    assert internal and internal[0].path == f"{SUMMARY_DIR}/专业技术工作总结.pdf"
    assert not {"summary-unreadable", "corrupt-file"} & codes(result, "work-summary")


def test_a_bug_in_the_docx_reader_is_an_internal_error_not_corrupt(
        materials: Materials, monkeypatch: pytest.MonkeyPatch) -> None:
    import docx

    from zccheck.content import text

    def broken(root: object) -> list[str]:
        raise RuntimeError("a bug in zccheck")

    monkeypatch.setattr(text, "_paragraph_texts", broken)
    document = docx.Document()
    document.add_paragraph("专业技术工作总结")
    buffer = io.BytesIO()
    document.save(buffer)
    materials.add(f"{SUMMARY_DIR}/专业技术工作总结.docx", buffer.getvalue())
    result = run(materials.root)
    internal = [f for f in by_code(result, "internal-error") if f.item == "work-summary"]
    assert internal and internal[0].path == f"{SUMMARY_DIR}/专业技术工作总结.docx"
    assert "summary-unreadable" not in codes(result, "work-summary")


def test_a_parser_failure_is_still_a_content_error() -> None:
    from zccheck.content.errors import ContentError
    from zccheck.content.text import docx_text

    with pytest.raises(ContentError) as caught:
        docx_text(b"PK\x03\x04 not really a zip")
    assert caught.value.reason == "corrupt"


def test_a_bug_in_the_pension_pdf_reader_is_not_corrupt(monkeypatch: pytest.MonkeyPatch) -> None:
    from zccheck.content.pension import read_pdf

    def broken(page: object) -> str:
        raise RuntimeError("a bug in zccheck")

    monkeypatch.setattr(read_pdf, "_page_text", broken)
    with pytest.raises(RuntimeError):
        read_pdf.pdf_rows(pdf_bytes(1))


def test_a_frame_over_the_decode_cap_is_refused_before_decoding(monkeypatch: pytest.MonkeyPatch) -> None:
    from PIL import Image

    from zccheck.content import image_frame

    buffer = io.BytesIO()
    Image.new("RGB", (1000, 1000), (250, 250, 250)).save(buffer, "TIFF", compression="tiff_lzw")
    monkeypatch.setattr(image_frame, "MAX_DECODE_BYTES", 3_000_000 - 1)  # 1000×1000 RGB is 3,000,000 bytes
    with Image.open(io.BytesIO(buffer.getvalue())) as image, pytest.raises(image_frame.FrameTooLarge):
        image_frame.bounded_frame(image, 3000)
    monkeypatch.setattr(image_frame, "MAX_DECODE_BYTES", 3_000_000)  # the exact boundary is allowed
    with Image.open(io.BytesIO(buffer.getvalue())) as image:
        assert image_frame.bounded_frame(image, 3000).size == (1000, 1000)


def test_an_over_large_summary_page_is_a_skipped_page_in_ocr(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("numpy")
    from PIL import Image

    from zccheck.content import image_frame
    from zccheck.content.ocr import PageFailure, _image_pages

    buffer = io.BytesIO()
    Image.new("L", (800, 1000), 250).save(buffer, "TIFF")
    monkeypatch.setattr(image_frame, "MAX_DECODE_BYTES", 100_000)
    pages, total = _image_pages(buffer.getvalue(), None)
    read = list(pages)
    assert total == 1 and isinstance(read[0], PageFailure) and "FrameTooLarge" in read[0].reason


def test_declared_object_count_is_read_from_the_trailer() -> None:
    from zccheck.content.scan_quality import _declared_objects

    assert _declared_objects(_stamp_pdf()) == 6  # 5 objects + the free entry 0
    assert _declared_objects(b"%PDF-1.4\n%%EOF\n") == 0


@pytest.mark.parametrize(("with_stamp", "blank"), [(True, False), (False, True)])
def test_pdfs_pypdf_cannot_handle_are_measured_on_renderings(monkeypatch: pytest.MonkeyPatch, with_stamp: bool,
                                                            blank: bool) -> None:
    pytest.importorskip("pypdfium2")
    from zccheck.content import scan_quality

    monkeypatch.setattr(scan_quality, "PYPDF_MAX_OBJECTS", 5)  # the 6 declared objects are "too many"
    report = scan_quality.measure_scan(_stamp_pdf(with_stamp=with_stamp), "pdf", orientation=False)
    assert any("renderings" in note for note in report.notes)
    assert [p.blank for p in report.pages] == [blank]


def test_ocr_sessions_are_built_without_memory_patterns() -> None:
    pytest.importorskip("rapidocr")
    pytest.importorskip("onnxruntime")
    from rapidocr.inference_engine.onnxruntime import main as ort_main

    from zccheck.content.ocr import _no_memory_patterns

    class Config(dict):
        enable_cpu_mem_arena = False

    before = ort_main.OrtInferSession._init_sess_opts(Config())
    with _no_memory_patterns():
        inside = ort_main.OrtInferSession._init_sess_opts(Config())
    after = ort_main.OrtInferSession._init_sess_opts(Config())
    assert before.enable_mem_pattern and not inside.enable_mem_pattern and after.enable_mem_pattern


def test_a_check_that_fails_before_reading_a_file_still_names_the_items_file(
        materials: Materials, monkeypatch: pytest.MonkeyPatch) -> None:
    """No `internal-error` with `path: null` for a check given files: it names the item's first file."""
    from zccheck.checks import work_summary

    def broken(ctx: object, options: object) -> list:
        raise RuntimeError("a bug in zccheck, before any file is read")

    monkeypatch.setattr(work_summary, "check", broken)
    materials.add(f"{SUMMARY_DIR}/专业技术工作总结.jpg", jpeg_bytes())
    result = run(materials.root)
    internal = [f for f in by_code(result, "internal-error") if f.item == "work-summary"]
    assert internal and internal[0].path == f"{SUMMARY_DIR}/专业技术工作总结.jpg"
    assert "专业技术工作总结.jpg" in internal[0].message


def test_per_file_checks_run_before_item_checks(materials: Materials, monkeypatch: pytest.MonkeyPatch) -> None:
    """Scan quality (per file) is measured before the work-summary OCR (per item): the measures' memory is
    returned before the OCR engine loads, so the two peaks never stack in one process."""
    from zccheck.checks import scan_quality, work_summary

    calls: list[str] = []
    for name, module in (("scan-quality", scan_quality), ("work-summary", work_summary)):
        real = module.check

        def spy(ctx: object, options: object, real: object = real, name: str = name) -> object:
            calls.append(name)
            return real(ctx, options)  # type: ignore[operator]

        monkeypatch.setattr(module, "check", spy)
    materials.add(f"{SUMMARY_DIR}/专业技术工作总结.jpg", jpeg_bytes())
    run(materials.root)
    assert "work-summary" in calls and "scan-quality" in calls
    assert calls.index("scan-quality") < calls.index("work-summary")
