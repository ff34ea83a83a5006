"""Content recognition: signatures, decisions, conflicts, uncertainty, the vision fallback, good names unchanged."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest

from conftest import Materials, by_code, codes, keys, run, status
from zccheck.checklist.loader import ChecklistError, load_checklist, resolve_checklist
from zccheck.recognize import evidence as evidence_module
from zccheck.recognize.signatures import CompiledSignature, fold, score_texts
from zccheck.recognize.stage import Recognizer

AUG = date(2024, 8, 20)
ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"


def text_pdf(*lines: str) -> bytes:
    """A one-page text PDF with one line per entry (first line = title)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    drawing = canvas.Canvas(buffer, pagesize=(595, 842), invariant=1)
    y = 780
    for line in lines:
        drawing.setFont("STSong-Light", 14)
        drawing.drawString(72, y, line)
        y -= 24
    drawing.showPage()
    drawing.save()
    return buffer.getvalue()


def docx_bytes(*paragraphs: str) -> bytes:
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


LICENCE = ("营 业 执 照", "统一社会信用代码 91450200MA5L000X7K", "名称 柳州市柳东新区示例建设工程有限公司",
           "法定代表人 黄立新", "注册资本 伍仟万圆整", "成立日期 2008年05月16日")
COMMITMENT = ("承诺书", "本人郑重承诺：所提交的全部申报材料真实、准确、完整，",
              "如有弄虚作假，本人自愿承担一切后果和相应责任。")
SUMMARY = ("专业技术工作总结", "本人自2012年7月参加工作以来，一直从事建筑工程施工技术管理工作，",
           "先后担任施工员、技术员、项目技术负责人，主要工作和取得的业绩总结如下。")


@pytest.fixture(scope="module")
def recognizer() -> Recognizer:
    return Recognizer(load_checklist(resolve_checklist(None)))


# --- scoring --------------------------------------------------------------------------------------------


def test_fold_ignores_width_spacing_punctuation_and_ocr_confusions() -> None:
    assert fold("营 业　执照（副本）") == "营业执照副本"
    assert fold("ＩＳＳＮ 1672-1233") == "issn16721233"
    assert fold("已") == fold("己") == fold("巳")


def test_one_misread_character_in_a_long_title_still_matches(recognizer: Recognizer) -> None:
    lines = ["营业执熙", "统一社会信用代码 9145", "法定代表人 黄立新"]
    verdict = recognizer.verdict({"lines": lines, "method": "ocr-title"})
    assert verdict.item == "business-license"
    assert recognizer.decided(verdict)  # fuzzy title 2.5 + 2 words = 4.5 → 0.9
    short = recognizer.verdict({"lines": ["承诺诗"], "method": "ocr-title"})  # 3 characters: no slip allowed
    assert short.score == 1.0 and not recognizer.decided(short)  # only the word 承诺, no title


def test_longest_title_wins_where_titles_overlap() -> None:
    signatures = {"a": CompiledSignature.build(_sig(["推荐意见"])),
                  "b": CompiledSignature.build(_sig(["审议推荐意见"]))}
    scores = score_texts(signatures, "审议推荐意见", "")
    assert "a" not in scores and scores["b"].score == 3.0


def _sig(titles: list[str], words: list[str] | None = None):
    from zccheck.checklist.model import Signature

    return Signature(titles=tuple(titles), words=tuple(words or ()))


def test_strong_threshold_boundary(recognizer: Recognizer) -> None:
    """Title in the first lines (3) + one supporting word (1) = 4 → 0.80 = strong; the title alone is 0.60."""
    with_word = recognizer.verdict({"lines": ["承诺书", "郑重承诺"], "method": "text-layer"})
    assert with_word.confidence == 0.8 and recognizer.decided(with_word)
    alone = recognizer.verdict({"lines": ["承诺书"], "method": "text-layer"})
    assert alone.confidence == 0.6 and not recognizer.decided(alone)
    assert alone.confidence >= recognizer.settings.weak


def test_title_further_down_counts_less_than_in_the_first_lines(recognizer: Recognizer) -> None:
    lines = ["某某说明"] * recognizer.settings.head_lines + ["承诺书"]
    verdict = recognizer.verdict({"lines": lines, "method": "text-layer"})
    assert verdict.item == "commitment-letter" and verdict.confidence == 0.3


def test_pension_export_recognised_by_its_columns(recognizer: Recognizer) -> None:
    lines = ["某某 导出", "缴费年月 单位名称 险种 缴费基数 个人缴费"]
    header = evidence_module.pension_header(lines)
    assert {"缴费年月", "缴费基数", "个人缴费"} <= set(header)
    verdict = recognizer.verdict({"lines": lines, "pension_columns": header, "method": "spreadsheet"})
    assert verdict.item == "pension-record" and recognizer.decided(verdict)
    assert any(e.startswith("表头：") for e in verdict.evidence)
    assert evidence_module.pension_header(["姓名 性别 出生日期", "张三 男 1988"]) == []


def test_face_decides_the_photo_only_when_large_enough(recognizer: Recognizer) -> None:
    share = recognizer.face_items["photo"]
    big = recognizer.verdict({"lines": [], "faces": 1, "face_share": share, "method": "face"})
    assert big.item == "photo" and recognizer.decided(big)
    small = recognizer.verdict({"lines": [], "faces": 1, "face_share": share - 0.01, "method": "face"})
    assert small.item is None
    two = recognizer.verdict({"lines": [], "faces": 2, "face_share": 0.5, "method": "face"})
    assert two.item is None


def test_paper_part_needs_to_lead_the_other_parts(recognizer: Recognizer) -> None:
    copyright_page = ["某某学报", "主管单位：某协会", "主办单位：某研究院", "编辑出版：某编辑部",
                      "国际标准连续出版物号：ISSN 1672-1233", "国内统一连续出版物号：CN 45-1412/TU", "定价：15.00元"]
    verdict = recognizer.verdict({"lines": copyright_page, "method": "ocr-title"})
    assert (verdict.item, verdict.part) == ("papers", "copyright")
    both = recognizer.verdict({"lines": ["2023年第5期", "ISSN 1672-1233"], "method": "ocr-title"})
    assert both.part is None or both.part == "cover"


# --- the checklist's recognize tables are validated -----------------------------------------------------


def _checklist_with(tmp_path: Path, old: str, new: str) -> Path:
    text = resolve_checklist(None).read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "custom.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(("old", "new", "key"), [
    ("[items.business-license.recognize]\n", "[items.business-license.recognize]\ntitle = [\"x\"]\n", "title"),
    ("[items.business-license.recognize]\n", "[items.business-license.recognize]\npatterns = ['(']\n", "patterns"),
    ("pension_columns = 3", "pension_columns = 0", "pension_columns"),
    ("strong = 0.8 ", "strong = 1.5 ", "strong"),
    ("[recognition]\n", "[recognition]\nthreshold = 1\n", "threshold"),
])
def test_bad_recognize_tables_are_refused(tmp_path: Path, old: str, new: str, key: str) -> None:
    with pytest.raises(ChecklistError) as caught:
        load_checklist(_checklist_with(tmp_path, old, new))
    assert caught.value.key == key
    assert caught.value.line is not None


def test_paper_parts_need_a_name(tmp_path: Path) -> None:
    with pytest.raises(ChecklistError) as caught:
        load_checklist(_checklist_with(tmp_path, 'name = "封面"\n', ""))
    assert caught.value.key == "name"


# --- the stage on folders -------------------------------------------------------------------------------


def test_default_names_are_recognised_by_text_content(materials: Materials) -> None:
    materials.facts()
    materials.add("扫描全能王 2024-07-15 10.23.pdf", text_pdf(*LICENCE))
    materials.add("新建文件夹/doc858199320240709115141.pdf", text_pdf(*COMMITMENT))
    materials.add("新建 Microsoft Word 文档.docx", docx_bytes(*SUMMARY))
    materials.add("导出数据.xlsx", xlsx_bytes([["社会保险个人缴费明细"],
                                          ["费款所属期", "单位名称", "险种类型", "缴费基数", "个人缴费"],
                                          [202401, "某公司", "养老保险", 5600, 448]]))
    result = run(materials.root, as_of=AUG)
    missing = {f.item for f in by_code(result, "missing-item")}
    assert not missing & {"business-license", "commitment-letter", "work-summary", "pension-record"}
    assert "unrecognised-file" not in codes(result)
    assigned = {f.path: f.item for f in by_code(result, "recognised-by-content")}
    assert assigned == {"扫描全能王 2024-07-15 10.23.pdf": "business-license",
                        "新建文件夹/doc858199320240709115141.pdf": "commitment-letter",
                        "新建 Microsoft Word 文档.docx": "work-summary", "导出数据.xlsx": "pension-record"}
    licence = next(f for f in by_code(result, "recognised-by-content") if f.item == "business-license")
    assert "按内容识别为“单位营业执照”" in licence.message and "统一社会信用代码" in licence.message
    recognised = {r.path: r for r in result.recognitions}
    assert recognised["导出数据.xlsx"].method == "spreadsheet" and recognised["导出数据.xlsx"].source == "content"
    # the content checks ran on what content assigned: the summary's 字数 is counted (too short here)
    assert "summary-too-short" in codes(result, "work-summary")


def test_misnamed_file_leaves_the_named_item_missing(materials: Materials) -> None:
    materials.facts()
    materials.add("11 其他材料/营业执照.pdf", text_pdf(*COMMITMENT))
    result = run(materials.root, as_of=AUG)
    mismatch = by_code(result, "content-name-mismatch")
    assert [(f.path, f.item, f.severity.value) for f in mismatch] == [
        ("11 其他材料/营业执照.pdf", "business-license", "warning")]
    assert "内容是“承诺书”" in mismatch[0].message
    assert ("missing-item", "business-license", None) in keys(result)
    assert ("missing-item", "commitment-letter", None) not in keys(result)
    assert status(result, "business-license") == "missing"


def test_named_file_whose_content_agrees_is_unchanged(materials: Materials) -> None:
    materials.facts()
    materials.add("11 其他材料/营业执照.pdf", text_pdf(*LICENCE))
    result = run(materials.root, as_of=AUG)
    assert not by_code(result, "content-name-mismatch") and not by_code(result, "recognised-by-content")
    assert [(r.path, r.source, r.item) for r in result.recognitions] == [
        ("11 其他材料/营业执照.pdf", "name", "business-license")]


def test_weak_evidence_is_a_review_not_a_guess(materials: Materials) -> None:
    materials.facts()
    materials.add("Scan_0022.pdf", text_pdf("承诺书", "（此页为扫描件，内容见附件）", "某某某某某某某某某某某某某"))
    result = run(materials.root, as_of=AUG)
    uncertain = by_code(result, "recognition-uncertain")
    assert [(f.path, f.severity.value, f.item) for f in uncertain] == [("Scan_0022.pdf", "review", None)]
    assert "可能是“承诺书”" in uncertain[0].message
    assert "unrecognised-file" not in codes(result)
    assert ("missing-item", "commitment-letter", None) in keys(result)


def test_nothing_recognisable_stays_unrecognised(materials: Materials) -> None:
    materials.facts()
    materials.add("doc1.pdf", text_pdf("某某某某某某某某某某某某某某某", "某某某某某某某某某某某某某某某某"))
    result = run(materials.root, as_of=AUG)
    assert [f.path for f in by_code(result, "unrecognised-file")] == ["doc1.pdf"]


def test_without_the_vision_extra_images_are_one_review_and_text_still_decides(
        materials: Materials, monkeypatch: pytest.MonkeyPatch) -> None:
    import zccheck.content.ocr as ocr

    monkeypatch.setattr(ocr, "ocr_available", lambda: False)
    materials.facts()
    from conftest import jpeg_bytes

    materials.add("IMG_20240716_093012.jpg", jpeg_bytes())
    materials.add("微信图片_20240715102301.jpg", jpeg_bytes((1000, 1400)))
    materials.add("扫描全能王 2024-07-15 10.23.pdf", text_pdf(*LICENCE))
    result = run(materials.root, as_of=AUG)
    needs = by_code(result, "recognition-needs-vision")
    assert len(needs) == 1 and needs[0].severity.value == "review"
    assert needs[0].details["files"] == ["IMG_20240716_093012.jpg", "微信图片_20240715102301.jpg"]
    assert "pip install" in needs[0].hint
    assert "unrecognised-file" not in codes(result)
    assert [f.item for f in by_code(result, "recognised-by-content")] == ["business-license"]


def test_paper_folder_member_keeps_its_group_and_gets_its_part(materials: Materials) -> None:
    materials.facts()
    folder = "09 学术成果/论文1-某研究（代表作）"
    materials.add(f"{folder}/doc001.pdf", text_pdf("某某学报", "主管单位：某协会", "主办单位：某研究院",
                                                   "编辑出版：某编辑部", "国内统一连续出版物号：CN 45-1412/TU",
                                                   "定价：15.00元"))
    result = run(materials.root, as_of=AUG)
    found = {r.path: r for r in result.recognitions}[f"{folder}/doc001.pdf"]
    assert (found.item, found.part, found.source) == ("papers", "版权页", "name")
    parts = [f for f in result.findings if f.code in ("paper-part-missing", "paper-parts-unconfirmed")]
    assert all("版权页" not in f.message for f in parts)
    assert all(f.details.get("group") for f in parts)


def test_no_signature_in_a_checklist_means_no_stage(materials: Materials) -> None:
    from dataclasses import replace

    loaded = load_checklist(resolve_checklist(None))
    plain = replace(loaded, items={k: replace(v, recognize=None) for k, v in loaded.items.items()})
    materials.facts()
    materials.add("扫描全能王 2024-07-15 10.23.pdf", text_pdf(*LICENCE))
    result = run(materials.root, plain, as_of=AUG)
    assert [f.path for f in by_code(result, "unrecognised-file")] == ["扫描全能王 2024-07-15 10.23.pdf"]
    assert result.recognitions == ()


# --- good names: exactly the same findings as without the stage -----------------------------------------

GOOD_NAME_SAMPLES = ["complete", "missing-items", "short-summary", "pension-gap", "bad-photo", "paper-incomplete",
                     "direct-application", "broken-files"]


@pytest.mark.parametrize("sample", GOOD_NAME_SAMPLES)
def test_good_names_give_the_same_findings_with_and_without_recognition(
        sample: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with_stage = sorted(f.key() for f in run(SAMPLES / sample).findings)
    import zccheck.engine as engine

    monkeypatch.setattr(engine, "recognize", lambda *args, **kwargs: None)
    without = sorted(f.key() for f in run(SAMPLES / sample).findings)
    assert with_stage == without


def test_complete_sample_findings_match_the_recorded_list() -> None:
    """The recorded list (tests/data/complete_findings.json: every finding but the informational notes) was
    taken with the recognition stage switched off. A new check that adds a finding to the complete sample
    regenerates it the same way (see test_good_names_give_the_same_findings_with_and_without_recognition)."""
    recorded = json.loads((Path(__file__).parent / "data" / "complete_findings.json").read_text(encoding="utf-8"))
    found = sorted([f.code, f.item, f.path] for f in run(SAMPLES / "complete").findings
                   if f.severity.value != "info")
    assert found == sorted(recorded)


# --- the checked-in messy sample (OCR) --------------------------------------------------------------------


@pytest.fixture(scope="module")
def messy_result():
    from zccheck.content.ocr import ocr_available

    if not ocr_available():
        pytest.skip("the vision extra is not installed")
    return run(SAMPLES / "messy")


def test_messy_sample_every_file_recognised(messy_result) -> None:
    assert "missing-item" not in codes(messy_result)
    assert not by_code(messy_result, "unrecognised-file") and not by_code(messy_result, "recognition-uncertain")
    assert len(by_code(messy_result, "recognised-by-content")) == messy_result.document_count
    parts = {r.part for r in messy_result.recognitions if r.item == "papers"}
    assert parts == {"封面", "目录", "版权页", "论文全文", "国家新闻出版署期刊查询截图", "论文查询截图及网址"}
    assert not by_code(messy_result, "paper-part-missing") and not by_code(messy_result, "paper-parts-unconfirmed")


def test_messy_sample_content_checks_run(messy_result) -> None:
    for item in ("photo", "pension-record", "work-summary", "publicity-record", "business-license"):
        assert status(messy_result, item) in ("ok", "warning"), item
    # the checks looked at the content: no "could not check" reviews on these items
    assert not [f for f in messy_result.findings if f.item in ("photo", "pension-record", "work-summary")
                and f.severity.value in ("error", "review")]


def test_report_lists_unplaced_files_in_one_table_with_the_hint_once(materials: Materials) -> None:
    from zccheck.reporters import rich_report

    materials.facts()
    materials.add("Scan_0022.pdf", text_pdf("承诺书", "（此页为扫描件，内容见附件）", "某某某某某某某某某某某某某"))
    for name in ("doc1.pdf", "doc2.pdf"):
        materials.add(name, text_pdf("某某某某某某某某某某某某某某某", "某某某某某某某某某某某某某某某某"))
    materials.add("扫描全能王 1.pdf", text_pdf(*LICENCE))
    result = run(materials.root, as_of=AUG)
    out = io.StringIO()
    rich_report.render(result, out, color=False)
    report = out.getvalue()
    problems = report.split("文件问题", 1)[1].split("下一步要做的事", 1)[0]
    hint = by_code(result, "unrecognised-file")[0].hint
    assert problems.count(hint) == 1
    assert "Scan_0022.pdf" in problems and "可能是“承诺书”" in problems
    assert problems.count("看不出是哪项材料") == 2
    licence_block = report.split("单位营业执照", 1)[1].split("──", 1)[0]
    assert "按内容识别为“单位营业执照”" in licence_block and "统一社会信用代码" in licence_block


def test_messy_generator_is_deterministic_and_the_sample_is_fresh(tmp_path: Path) -> None:
    import sys

    sys.path.insert(0, str(SAMPLES))
    try:
        import generate
        import messy
    finally:
        sys.path.remove(str(SAMPLES))
    if generate.cjk_font_path() is None:
        pytest.skip("no CJK font on this machine: rendered pages cannot match the committed bytes")
    truth = messy.write(tmp_path / "messy", 0, "small")
    produced = sorted(p.relative_to(tmp_path / "messy") for p in (tmp_path / "messy").rglob("*") if p.is_file())
    committed = sorted(p.relative_to(SAMPLES / "messy") for p in (SAMPLES / "messy").rglob("*") if p.is_file())
    assert produced == committed
    for rel in produced:
        assert (tmp_path / "messy" / rel).read_bytes() == (SAMPLES / "messy" / rel).read_bytes(), rel
    assert len(truth) == 18 and set(truth.values()) >= {"photo", "pension-record", "work-summary", "papers#cover"}


# --- scores kept in the persistent cache ----------------------------------------------------------------


def test_scores_are_kept_by_text_and_signatures(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A re-run takes a document's scores from the cache; another text or edited signatures score again."""
    from zccheck import cache
    from zccheck.recognize import stage

    calls: list[str] = []
    real = stage.score_texts

    def counted(signatures, head, body):  # type: ignore[no-untyped-def]
        calls.append(head)
        return real(signatures, head, body)

    monkeypatch.setattr(stage, "score_texts", counted)
    store = cache.Cache.open(tmp_path / "cache")
    evidence = {"lines": list(SUMMARY), "method": "text"}
    bundled = load_checklist(resolve_checklist(None))
    with cache.using(store):
        first = Recognizer(bundled).verdict(evidence)
        again = Recognizer(bundled).verdict(evidence)  # a new run: a new Recognizer, the same cache
        assert len(calls) == 1 and again == first and first.item == "work-summary"
        Recognizer(bundled).verdict({"lines": [*SUMMARY, "另一段文字"], "method": "text"})
        assert len(calls) == 2
        text = resolve_checklist(None).read_text(encoding="utf-8")
        edited = tmp_path / "edited.toml"
        old_words = 'words = ["统一社会信用代码", '
        one_more_word = text.replace(old_words, old_words.replace("[", "[\"营业执照副本\", "), 1)
        assert one_more_word != text
        edited.write_text(one_more_word, encoding="utf-8")
        other = Recognizer(load_checklist(edited))
        assert other.signatures_digest != Recognizer(bundled).signatures_digest
        assert other.verdict(evidence) == first
        assert len(calls) == 3
    assert store.stats.errors == 0
