"""paper-evidence: the parts each kind of 学术成果 needs, recognised from file names (and text when unnamed)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

import pytest

from zccheck.catalogue import CATALOGUE
from zccheck.checklist.loader import load_checklist, resolve_checklist
from zccheck.checklist.model import Checklist
from zccheck.checks import REGISTRY, paper_evidence
from zccheck.checks.base import CheckContext
from zccheck.classify.classifier import classify
from zccheck.facts import Facts
from zccheck.findings import Problem
from zccheck.inventory.document import Document

CHECKLIST: Checklist = load_checklist(resolve_checklist(None))
FOLDER = "09 学术成果"

JOURNAL_FILES = ["期刊封面.jpg", "目录.jpg", "版权页.jpg", "论文全文.pdf", "国家新闻出版署期刊查询截图.png",
                 "知网论文查询截图（含网址）.png"]
MONOGRAPH_FILES = ["封面.jpg", "版权页（CIP数据）.jpg", "目录.jpg", "内容提要.jpg", "国家版本数据中心查询截图.png"]
REPORT_FILES = ["专项调查报告（署名盖章）.pdf", "项目验收意见.pdf", "采纳单位评价意见.pdf"]


# --------------------------------------------------------------------------------------------------------
# helpers


def pdf_bytes(pages: Iterable[Iterable[str]]) -> bytes:
    """A PDF with one page per list of Chinese text lines (reportlab's built-in STSong-Light)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, invariant=1)
    for lines in pages:
        page.setFont("STSong-Light", 11)
        y = 800
        for line in lines:
            page.drawString(40, y, line)
            y -= 18
        page.showPage()
    page.save()
    return buffer.getvalue()


def scan_pdf_bytes() -> bytes:
    """A PDF whose page is an image only (no text layer), as a scanner makes it."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (300, 420), (240, 240, 240)).save(buffer, "PDF", resolution=50)
    return buffer.getvalue()


def make_doc(rel: str, data: bytes = b"x", kind: str | None = None) -> Document:
    """A Document over bytes in memory; the kind defaults to the extension's."""
    ext = rel.rsplit(".", 1)[-1].lower()
    detected = kind or {"jpg": "jpeg", "png": "png", "pdf": "pdf", "docx": "docx"}.get(ext, ext)
    return Document(rel_path=rel, size=len(data), kind=detected, extension_kind=detected, sha256=None,
                    _reader=lambda: data)


def run_check(docs: list[Document], options: Mapping[str, Any] | None = None) -> list[Problem]:
    """Classify `docs` with the bundled checklist and run paper-evidence on the papers item (without the
    informational `paper-parts-complete` summary, see `run_all`)."""
    return [p for p in run_all(docs, options) if p.code != "paper-parts-complete"]


def run_all(docs: list[Document], options: Mapping[str, Any] | None = None) -> list[Problem]:
    """Every problem paper-evidence yields, including the informational summary of complete groups."""
    classification = classify(docs, CHECKLIST)
    item = CHECKLIST.items["papers"]
    ctx = CheckContext(facts=Facts(), checklist=CHECKLIST, as_of=date(2024, 8, 20), documents=tuple(docs),
                       classification=classification, item=item,
                       item_documents=tuple(classification.documents("papers")),
                       groups=tuple(classification.groups.get("papers", [])))
    return list(paper_evidence.check(ctx, {**paper_evidence.DEFAULTS, **(options or {})}))


def test_complete_paper_yields_its_parts_table() -> None:
    problems = run_all(folder("论文1-基于BIM的钢结构施工管理研究（代表作）", JOURNAL_FILES))
    assert [p.code for p in problems] == ["paper-parts-complete"]
    details = problems[0].details
    assert details["parts_missing"] == []
    assert set(details["parts_found"]) == set(details["parts_required"])
    assert details["part_names"]["copyright"] == {"zh": "版权页", "en": "copyright page"}


def test_missing_part_carries_part_names_for_the_table() -> None:
    names = [n for n in JOURNAL_FILES if "版权" not in n]
    problems = run_all(folder("论文1-某研究", names))
    assert [p.code for p in problems] == ["paper-part-missing"]
    assert problems[0].details["parts_missing"] == ["copyright"]
    assert "copyright" in problems[0].details["part_names"]


def folder(group: str, names: Iterable[str]) -> list[Document]:
    """Documents `09 学术成果/<group>/<name>` for each name."""
    return [make_doc(f"{FOLDER}/{group}/{name}") for name in names]


def missing_parts(problems: Iterable[Problem]) -> set[str]:
    return {p.details["part"] for p in problems if p.code == "paper-part-missing"}


def codes(problems: Iterable[Problem]) -> list[str]:
    return [p.code for p in problems]


# --------------------------------------------------------------------------------------------------------
# registry, catalogue, checklist


def test_registered_catalogued_and_enabled() -> None:
    assert REGISTRY["paper-evidence"] is paper_evidence
    for code in ("paper-part-missing", "paper-parts-unconfirmed", "paper-report-sign-stamp"):
        assert code in CATALOGUE
    assert "paper-evidence" in [use.id for use in CHECKLIST.items["papers"].checks]


def test_every_kind_names_known_parts() -> None:
    parts = paper_evidence.DEFAULTS["parts"]
    for kind in paper_evidence.DEFAULTS["kinds"]:
        assert kind["parts"] and all(p in parts for p in kind["parts"])
        assert all(parts[p]["synonyms"] and parts[p]["name"] for p in kind["parts"])


# --------------------------------------------------------------------------------------------------------
# complete groups pass


def test_complete_journal_paper_passes() -> None:
    assert run_check(folder("论文1-基于BIM的钢结构施工管理研究（代表作）", JOURNAL_FILES)) == []


def test_complete_monograph_passes() -> None:
    assert run_check(folder("专著1-钢结构厂房施工技术", MONOGRAPH_FILES)) == []


def test_complete_report_passes_with_one_sign_stamp_reminder() -> None:
    problems = run_check(folder("报告1-柳东新区钢结构厂房质量专项调查", REPORT_FILES))
    assert codes(problems) == ["paper-report-sign-stamp"]
    assert problems[0].details["kind"] == "report"
    assert problems[0].params["group"] == "报告1-柳东新区钢结构厂房质量专项调查"


def test_complete_core_and_foreign_papers_pass() -> None:
    core = folder("论文2-装配式建筑施工质量控制（北大核心）", [*JOURNAL_FILES, "北大核心期刊目录.jpg"])
    foreign = folder("论文3-Steel frame analysis（EI）", [
        "Cover.jpg", "Contents.jpg", "Full text.pdf", "Engineering Village检索截图.png", "中文标题和摘要.pdf",
        "图书馆论文收录检索证明.pdf"])
    assert run_check(core + foreign) == []


def test_several_parts_in_one_file_name() -> None:
    docs = folder("论文1-某研究", ["封面及目录.jpg", "版权页+全文.pdf", "国家新闻出版署查询、知网查询截图.png"])
    assert run_check(docs) == []


# --------------------------------------------------------------------------------------------------------
# each missing part, per kind


@pytest.mark.parametrize(("dropped", "part"), list(zip(JOURNAL_FILES, paper_evidence._JOURNAL, strict=True)))
def test_journal_each_missing_part(dropped: str, part: str) -> None:
    names = [n for n in JOURNAL_FILES if n != dropped]
    problems = run_check(folder("论文1-某研究（代表作）", names))
    assert codes(problems) == ["paper-part-missing"]
    problem = problems[0]
    assert problem.details["part"] == part
    assert problem.details["kind"] == "journal"
    assert problem.details["parts_missing"] == [part]
    assert problem.params["group"] == "论文1-某研究（代表作）"
    assert problem.params["part"] == paper_evidence.DEFAULTS["parts"][part]["name"]
    assert part not in problem.details["parts_found"]
    assert len(problem.details["files"]) == 5


@pytest.mark.parametrize(("dropped", "part"), [
    ("封面.jpg", "cover"), ("版权页（CIP数据）.jpg", "copyright"), ("目录.jpg", "contents"),
    ("内容提要.jpg", "synopsis"), ("国家版本数据中心查询截图.png", "book-query")])
def test_monograph_each_missing_part(dropped: str, part: str) -> None:
    names = [n for n in MONOGRAPH_FILES if n != dropped]
    problems = run_check(folder("专著1-钢结构厂房施工技术", names))
    assert missing_parts(problems) == {part}
    assert problems[0].details["kind"] == "monograph"


def test_monograph_own_chapters_stand_for_the_synopsis() -> None:
    names = [n for n in MONOGRAPH_FILES if n != "内容提要.jpg"] + ["本人完成的主要章节.pdf"]
    assert run_check(folder("著作1-某书", names)) == []


@pytest.mark.parametrize(("dropped", "part"), [
    ("专项调查报告（署名盖章）.pdf", "report-text"), ("项目验收意见.pdf", "project-documents"),
    ("采纳单位评价意见.pdf", "adoption")])
def test_report_each_missing_part(dropped: str, part: str) -> None:
    names = [n for n in REPORT_FILES if n != dropped]
    problems = run_check(folder("报告1-柳东新区钢结构厂房质量专项调查", names))
    assert missing_parts(problems) == {part}
    assert codes(problems).count("paper-report-sign-stamp") == 1


def test_core_paper_needs_the_core_list() -> None:
    problems = run_check(folder("论文2-装配式建筑施工（北大核心）", JOURNAL_FILES))
    assert missing_parts(problems) == {"core-list"}
    assert problems[0].details["kind"] == "core"
    assert problems[0].params["part"] == "核心期刊目录佐证"


@pytest.mark.parametrize("label", ["论文2-X研究（科技核心）", "论文2-X研究（中国科技论文统计源期刊）",
                                   "论文2-X研究【核心期刊】"])
def test_core_claims_in_various_words(label: str) -> None:
    problems = run_check(folder(label, JOURNAL_FILES))
    assert missing_parts(problems) == {"core-list"}


def test_core_tube_in_a_title_is_not_a_core_journal_claim() -> None:
    assert run_check(folder("论文1-超高层核心筒爬模施工技术", JOURNAL_FILES)) == []


def test_foreign_paper_extras() -> None:
    names = ["封面.jpg", "目录.jpg", "全文.pdf", "论文查询截图.png"]
    problems = run_check(folder("论文3-Seismic analysis（SCI）", names))
    assert problems[0].details["kind"] == "foreign"
    assert missing_parts(problems) == {"indexing", "chinese-abstract", "retrieval-certificate"}


def test_foreign_paper_needs_no_publisher_query() -> None:
    names = ["封面.jpg", "目录.jpg", "全文.pdf", "论文查询截图.png", "EI收录证明.pdf", "中文摘要.pdf"]
    problems = run_check(folder("论文3-英文论文", names))
    # 收录证明 is the library's retrieval certificate too.
    assert problems == []


def test_ei_inside_an_english_word_is_not_ei() -> None:
    problems = run_check(folder("论文1-Beijing case study", JOURNAL_FILES))
    assert problems == []


# --------------------------------------------------------------------------------------------------------
# merged single file: text evidence or review


JOURNAL_PAGES = [
    ["建筑施工", "2023年第5期  第45卷", "ISSN 1004-1001  CN 31-1310/TU"],
    ["目 录", "基于BIM的钢结构施工管理研究 ……… 12"],
    ["主管：上海市建设工程协会  主办：建筑施工杂志社", "国内统一连续出版物号 CN 31-1310/TU"],
    ["基于BIM的钢结构施工管理研究", "摘 要：本文以柳东新区某厂房为例……", "关键词：BIM；钢结构；施工管理",
     "参考文献"],
    ["国家新闻出版署 期刊查询 结果：建筑施工 CN 31-1310/TU"],
    ["中国知网 检索结果", "https://kns.cnki.net/kcms/detail/xxx.html"],
]


def test_merged_pdf_with_text_layer_showing_every_part_passes() -> None:
    docs = [make_doc(f"{FOLDER}/论文1-基于BIM的钢结构施工管理研究（代表作）.pdf", pdf_bytes(JOURNAL_PAGES))]
    assert run_check(docs) == []


def test_merged_pdf_with_text_layer_missing_some_parts_is_review() -> None:
    pages = [p for i, p in enumerate(JOURNAL_PAGES) if i not in (2, 4)]  # no 版权页, no 新闻出版署 query
    doc = make_doc(f"{FOLDER}/论文1-基于BIM的钢结构施工管理研究（代表作）.pdf", pdf_bytes(pages))
    problems = run_check([doc])
    assert codes(problems) == ["paper-parts-unconfirmed"]
    problem = problems[0]
    assert problem.path == doc.rel_path
    assert problem.details["parts_missing"] == ["copyright", "publisher-query"]
    assert set(problem.details["parts_found_in_text"]) == {"cover", "contents", "fulltext", "paper-query"}
    assert problem.details["text_layer"] == {doc.rel_path: True}
    assert "版权页" in problem.params["parts"]


def test_merged_scan_without_text_layer_is_review_listing_every_part() -> None:
    doc = make_doc(f"{FOLDER}/论文1-基于BIM的钢结构施工管理研究.pdf", scan_pdf_bytes())
    problems = run_check([doc])
    assert codes(problems) == ["paper-parts-unconfirmed"]
    assert problems[0].details["parts_missing"] == paper_evidence._JOURNAL
    assert problems[0].details["text_layer"] == {doc.rel_path: False}


def test_unnamed_photos_in_a_group_are_review_not_missing() -> None:
    docs = folder("论文1-某研究", ["期刊封面.jpg", "IMG_0001.jpg", "IMG_0002.jpg"])
    problems = run_check(docs)
    assert codes(problems) == ["paper-parts-unconfirmed"]
    assert problems[0].path is None
    assert problems[0].details["unnamed_files"] == [d.rel_path for d in docs[1:]]
    assert "cover" not in problems[0].details["parts_missing"]


@pytest.mark.parametrize(("data", "kind"), [(b"", "empty"), (b"%PDF-1.4 truncated", "pdf"),
                                            (b"\xff\xd8\xff\xe0 not really", "pdf")])
def test_bad_input_is_review_not_a_crash(data: bytes, kind: str) -> None:
    doc = make_doc(f"{FOLDER}/论文1-某研究.pdf", data, kind)
    problems = run_check([doc])
    assert codes(problems) == ["paper-parts-unconfirmed"]
    assert problems[0].details["text_layer"] == {doc.rel_path: False}


def test_encrypted_pdf_is_review() -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(pdf_bytes(JOURNAL_PAGES))).pages:
        writer.add_page(page)
    writer.encrypt(user_password="secret", owner_password="owner")
    buffer = io.BytesIO()
    writer.write(buffer)
    problems = run_check([make_doc(f"{FOLDER}/论文1-某研究.pdf", buffer.getvalue())])
    assert codes(problems) == ["paper-parts-unconfirmed"]


# --------------------------------------------------------------------------------------------------------
# odd names


def test_full_width_numbering_and_brackets() -> None:
    names = ["１．期刊封面.JPG", "（2）目 录.jpg", "【3】版权页.jpeg", "4-论文正文.PDF", "⑤国家新闻出版署截图.png",
             "6、论文在知网的查询结果及网址.png"]
    assert run_check(folder("论文１－基于ＢＩＭ的研究（代表作）", names)) == []


def test_files_sharing_a_prefix_form_a_group() -> None:
    docs = [make_doc(f"{FOLDER}/论文2-{name}") for name in JOURNAL_FILES if name != "版权页.jpg"]
    problems = run_check(docs)
    assert missing_parts(problems) == {"copyright"}
    assert problems[0].params["group"] == "论文2"


def test_english_names_for_foreign_papers() -> None:
    names = ["cover.jpg", "table of contents.jpg", "fulltext.pdf", "CNKI query url.png", "SCI indexing.pdf",
             "中文题目与摘要.docx", "查收查引报告.pdf"]
    assert run_check(folder("Paper 3 (SCI)", names)) == []
    assert run_check(folder("论文3-Concrete（SCI）", names)) == []


def test_two_groups_reported_separately() -> None:
    docs = folder("论文1-甲（代表作）", JOURNAL_FILES[:-1]) + folder("论文2-乙", JOURNAL_FILES[1:])
    problems = run_check(docs)
    assert {(p.params["group"], p.details["part"]) for p in problems} == {
        ("论文1-甲（代表作）", "paper-query"), ("论文2-乙", "cover")}


# --------------------------------------------------------------------------------------------------------
# options are data


def test_options_can_change_the_parts_of_a_kind() -> None:
    kinds = [dict(k) for k in paper_evidence.DEFAULTS["kinds"]]
    journal = next(k for k in kinds if k["id"] == "journal")
    journal["parts"] = ["cover", "fulltext"]
    assert run_check(folder("论文1-某研究", ["封面.jpg", "全文.pdf"]), {"kinds": kinds}) == []


def test_options_can_add_a_synonym() -> None:
    parts = {k: dict(v) for k, v in paper_evidence.DEFAULTS["parts"].items()}
    parts["copyright"]["synonyms"] = [*parts["copyright"]["synonyms"], "版权信息页"]
    names = [n if n != "版权页.jpg" else "稿约与版权信息页.jpg" for n in JOURNAL_FILES]
    assert run_check(folder("论文1-某研究", names), {"parts": parts}) == []


def test_bad_options_raise_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown parts"):
        run_check(folder("论文1-某研究", JOURNAL_FILES), {"kinds": [{"id": "journal", "parts": ["nope"]}]})


def test_checklist_override_loads(tmp_path) -> None:
    text = resolve_checklist(None).read_text(encoding="utf-8")
    text += '\n[items.papers.options.paper-evidence]\ntext_max_pages = 10\n'
    path = tmp_path / "c.toml"
    path.write_text(text, encoding="utf-8")
    loaded = load_checklist(path)
    use = next(u for u in loaded.items["papers"].checks if u.id == "paper-evidence")
    assert use.options["text_max_pages"] == 10
    assert use.options["kinds"] == paper_evidence.DEFAULTS["kinds"]
