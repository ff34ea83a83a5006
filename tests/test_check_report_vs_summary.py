"""report-not-summary: an unpublished report among the papers must not be the work summary (§三.2(3)③)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from test_check_work_summary import CHECKLIST, make_doc
from test_content_text import docx_bytes, drawing_page, image_pdf, random_chinese, text_pdf
from zccheck.catalogue import CATALOGUE
from zccheck.checks import REGISTRY, report_vs_summary
from zccheck.checks.base import CheckContext
from zccheck.classify.model import Classification, Group
from zccheck.facts import Facts
from zccheck.findings import Problem
from zccheck.inventory.document import Document

SUMMARY = [random_chinese(700, seed) for seed in (31, 32, 33)]  # three paragraphs, 2100 字


def group(label: str, *docs: Document, key: str | None = None) -> Group:
    return Group(item="papers", key=key or label.split("-")[0], label=label, documents=tuple(docs))


def run(groups: list[Group], summary: list[Document], *, use_groups: bool = True, **options: Any) -> list[Problem]:
    papers = [d for g in groups for d in g.documents]
    classification = Classification(by_item={"papers": papers, "work-summary": summary},
                                    groups={"papers": groups} if use_groups else {})
    ctx = CheckContext(facts=Facts(), checklist=CHECKLIST, as_of=date(2024, 8, 20), documents=papers + summary,
                       classification=classification, item=CHECKLIST.items["papers"], item_documents=papers,
                       groups=tuple(groups) if use_groups else ())
    problems = list(report_vs_summary.check(ctx, {**report_vs_summary.DEFAULTS, **options}))
    for problem in problems:
        spec = CATALOGUE[problem.code]
        for lang in ("zh", "en"):
            assert "{" not in spec.message(lang, problem.params) + spec.hint(lang, problem.params)
    return problems


def codes(problems: list[Problem]) -> list[tuple[str, str | None]]:
    return [(p.code, p.path) for p in problems]


@pytest.fixture
def summary_docx() -> Document:
    return make_doc("10 工作总结/专业技术工作总结.docx", docx_bytes(SUMMARY))


def test_registered_and_enabled_on_papers() -> None:
    assert REGISTRY["report-not-summary"] is report_vs_summary
    assert "report-not-summary" in [use.id for use in CHECKLIST.items["papers"].checks]


def test_report_that_is_the_summary_is_an_error(summary_docx: Document) -> None:
    report = make_doc("09 学术成果/论文2-技术工作总结/技术工作总结.pdf", text_pdf(["\n".join(SUMMARY)]))
    problems = run([group("论文2-技术工作总结", report)], [summary_docx])
    assert codes(problems) == [("report-same-as-summary", report.rel_path)]
    problem = problems[0]
    assert problem.item is None  # the papers item (the one the check runs for)
    assert problem.details["score"] > 0.95
    assert problem.details["summary"] == [summary_docx.rel_path]
    assert problem.params["percent"] >= 95
    assert CATALOGUE[problem.code].severity == "error"


def test_reordered_summary_with_pages_added_is_still_the_summary(summary_docx: Document) -> None:
    text = "\n\n".join([SUMMARY[2], random_chinese(1500, 34), SUMMARY[0], SUMMARY[1]])
    report = make_doc("学术成果/报告1/专项调查报告.pdf", text_pdf([text[:1800], text[1800:]]))
    problems = run([group("报告1", report)], [summary_docx])
    assert codes(problems) == [("report-same-as-summary", report.rel_path)]
    assert problems[0].details["b_in_a"] > 0.95  # the summary lies inside the report


def test_partial_overlap_is_review(summary_docx: Document) -> None:
    text = SUMMARY[0] + SUMMARY[1] + random_chinese(1400, 35)
    report = make_doc("论文3-分析报告/分析报告.docx", docx_bytes([text]))
    problems = run([group("论文3-分析报告", report)], [summary_docx])
    assert codes(problems) == [("report-overlaps-summary", report.rel_path)]
    assert 0.5 <= problems[0].details["score"] < 0.8


def test_a_different_report_passes(summary_docx: Document) -> None:
    report = make_doc("论文2-立项研究报告/立项研究报告.pdf", text_pdf([random_chinese(1500, 36)]))
    assert run([group("论文2-立项研究报告", report)], [summary_docx]) == []


def test_journal_papers_are_not_compared(summary_docx: Document) -> None:
    paper = make_doc("论文1-混凝土施工技术/全文.pdf", text_pdf(["\n".join(SUMMARY)]))
    assert run([group("论文1-混凝土施工技术", paper)], [summary_docx]) == []


def test_report_recognised_by_its_file_name(summary_docx: Document) -> None:
    report = make_doc("论文4/研究报告正文.docx", docx_bytes(SUMMARY))
    assert [c for c, _ in codes(run([group("论文4", report)], [summary_docx]))] == ["report-same-as-summary"]


def test_attachments_do_not_hide_the_copy_and_one_finding_per_entry(summary_docx: Document) -> None:
    report = make_doc("报告1-技术总结/正文.pdf", text_pdf(["\n".join(SUMMARY)]))
    copy = make_doc("报告1-技术总结/正文（副本）.docx", docx_bytes(SUMMARY[:2]))
    approval = make_doc("报告1-技术总结/验收意见.pdf", text_pdf([random_chinese(400, 37)]))
    problems = run([group("报告1-技术总结", approval, copy, report)], [summary_docx])
    assert codes(problems) == [("report-same-as-summary", report.rel_path)]


def test_summary_in_parts_is_compared_as_a_whole() -> None:
    part1 = make_doc("工作总结/工作总结1.pdf", text_pdf([SUMMARY[0] + SUMMARY[1]]))
    part2 = make_doc("工作总结/工作总结2.docx", docx_bytes([SUMMARY[2]]))
    report = make_doc("论文5-技术工作总结/技术工作总结.docx", docx_bytes(SUMMARY))
    problems = run([group("论文5-技术工作总结", report)], [part2, part1])
    assert codes(problems) == [("report-same-as-summary", report.rel_path)]
    assert problems[0].details["summary"] == [part1.rel_path, part2.rel_path]


def test_scanned_report_is_not_compared_info(summary_docx: Document) -> None:
    scan = make_doc("论文2-技术工作总结/技术工作总结（盖章）.pdf", image_pdf([drawing_page(1)]))
    problems = run([group("论文2-技术工作总结", scan)], [summary_docx])
    assert codes(problems) == [("report-not-compared", scan.rel_path)]
    assert CATALOGUE["report-not-compared"].severity == "info"
    assert problems[0].details["summary_has_text"] is True


def test_scanned_summary_means_not_compared() -> None:
    summary = make_doc("工作总结.pdf", image_pdf([drawing_page(2)]))
    report = make_doc("论文2-技术工作总结/技术工作总结.docx", docx_bytes(SUMMARY))
    problems = run([group("论文2-技术工作总结", report)], [summary])
    assert codes(problems) == [("report-not-compared", report.rel_path)]
    assert problems[0].details["summary_has_text"] is False
    assert "工作总结是扫描件" in CATALOGUE["report-not-compared"].message("zh", problems[0].params)


def test_nothing_to_do(summary_docx: Document) -> None:
    report = make_doc("论文2-技术工作总结/技术工作总结.docx", docx_bytes(SUMMARY))
    assert run([group("论文2-技术工作总结", report)], []) == []
    assert run([], [summary_docx]) == []


def test_tiny_cover_page_is_not_compared(summary_docx: Document) -> None:
    cover = make_doc("论文2-技术工作总结/封面.pdf", text_pdf(["技术工作总结：" + random_chinese(80, 38)]))
    assert run([group("论文2-技术工作总结", cover)], [summary_docx]) == []


def test_without_groups_each_report_file_is_an_entry(summary_docx: Document) -> None:
    report = make_doc("学术成果/专项调查报告.docx", docx_bytes(SUMMARY))
    other = make_doc("学术成果/论文全文.pdf", text_pdf(["\n".join(SUMMARY)]))
    problems = run([group("x", report), group("y", other)], [summary_docx], use_groups=False)
    assert codes(problems) == [("report-same-as-summary", report.rel_path)]


@pytest.mark.parametrize("data", [b"%PDF-1.4 broken", b"PK\x03\x04broken", b""])
def test_unreadable_report_is_left_to_other_checks(summary_docx: Document, data: bytes) -> None:
    report = make_doc("论文2-技术工作总结/技术工作总结.pdf", data)
    assert run([group("论文2-技术工作总结", report)], [summary_docx]) == []


def test_thresholds_are_options(summary_docx: Document) -> None:
    text = SUMMARY[0] + SUMMARY[1] + random_chinese(1400, 35)
    report = make_doc("论文3-分析报告/分析报告.docx", docx_bytes([text]))
    strict = run([group("论文3-分析报告", report)], [summary_docx], threshold=0.6)
    assert codes(strict)[0][0] == "report-same-as-summary"
    assert run([group("论文3-分析报告", report)], [summary_docx], review_threshold=0.9, threshold=0.95) == []


def test_engine_flags_a_report_copied_from_the_summary(materials: Any) -> None:
    import conftest

    materials.facts()
    materials.add("10 专业技术工作总结/专业技术工作总结.docx", docx_bytes(SUMMARY))
    materials.add("09 学术成果/论文1-某项目技术工作总结（代表作）/技术工作总结.pdf", text_pdf(["\n".join(SUMMARY)]))
    materials.add("09 学术成果/论文1-某项目技术工作总结（代表作）/验收意见.pdf", text_pdf([random_chinese(300, 42)]))
    result = conftest.run(materials.root, as_of=date(2024, 8, 20))
    found = [(f.code, f.item, f.path, f.severity) for f in result.findings if f.check == "report-not-summary"]
    assert found == [("report-same-as-summary", "papers",
                      "09 学术成果/论文1-某项目技术工作总结（代表作）/技术工作总结.pdf", "error")]
