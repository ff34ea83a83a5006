"""Recognising items from the names people really give their files."""

from __future__ import annotations

import pytest

from zccheck.checklist.model import Checklist
from zccheck.classify.classifier import classify
from zccheck.classify.normalize import chinese_number, normalize, stem_of
from zccheck.inventory.document import Document


def doc(rel: str) -> Document:
    return Document(rel_path=rel, size=1, kind="pdf", extension_kind="pdf", sha256=None, _reader=lambda: b"x")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("3.承诺书（盖章版）", "承诺书盖章版"),
        ("８－１　业绩成果", "业绩成果"),
        ("01 基本信息", "基本信息"),
        ("6-2个人社保缴纳记录", "个人社保缴纳记录"),
        ("（三）单位推荐意见", "单位推荐意见"),
        ("一、营业执照", "营业执照"),
        ("2寸照片", "2寸照片"),
        ("【扫描件】 营业执照 副本", "扫描件营业执照副本"),
        ("Photo_ZhangSan", "photozhangsan"),
    ],
)
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_helpers() -> None:
    assert chinese_number("十二") == 12
    assert chinese_number("三") == 3
    assert chinese_number("7") == 7
    assert chinese_number("十") == 10
    assert chinese_number("甲") is None
    assert stem_of("营业执照副本扫描件.pdf") == "营业执照副本扫描件"
    assert stem_of("论文1-封面") == "论文1-封面"
    assert stem_of("v1.2 说明.docx") == "v1.2 说明"


@pytest.mark.parametrize(
    ("rel", "item"),
    [
        ("身份证-张三.jpg", None),
        ("营业执照副本扫描件.pdf", "business-license"),
        ("3.承诺书（盖章版）.pdf", "commitment-letter"),
        ("学术成果/论文2-基于XX的研究（代表作）/版权页.jpg", "papers"),
        ("个人证件照.jpg", "photo"),
        ("01 基本信息/张三.jpg", "photo"),
        ("二寸免冠照片.png", "photo"),
        ("身份证照片.jpg", None),
        ("毕业证书.jpg", "education-certificate"),
        ("02学历情况/学信网学历认证报告.pdf", "education-certificate"),
        ("职称证书（助理工程师）.jpg", "current-title-certificate"),
        ("附件5 直接申报职称审批表.pdf", "direct-approval-form"),
        ("破格申报审批表(盖章).pdf", "exception-approval-form"),
        ("公积金缴存证明.pdf", "service-years-proof"),
        ("住建学时登记证明2023.pdf", "ce-hours-certificate"),
        ("6-2 个人社保缴纳记录/养老保险缴费明细(2023.8-2024.7).xlsx", "pension-record"),
        ("社保缴费证明.pdf", "pension-record"),
        ("工作单位变动情况说明.pdf", "unit-change-explanation"),
        ("劳务派遣合同.pdf", "labor-contract"),
        ("7-1专业技术工作经历/项目任命文件.pdf", "work-experience-evidence"),
        ("08-1 业绩成果/业绩1-某厂房钢结构工程（代表性成果）/竣工验收报告.pdf", "achievements"),
        ("08-1 业绩成果/业绩1-某厂房/现场照片.jpg", "achievements"),
        ("业绩成果/专利证书.pdf", "achievements"),
        ("10 专业技术工作总结/专业技术工作总结.pdf", "work-summary"),
        ("个人工作总结（2000字）.docx", "work-summary"),
        ("学术成果/论文3-技术工作总结/全文.pdf", "papers"),
        ("户口本本人页.jpg", "household-register"),
        ("委托函.pdf", "authorization-letter"),
        ("疫情防控工作证明.pdf", "epidemic-proof"),
        ("审议推荐意见.pdf", "review-opinion"),
        ("评议专家名单.pdf", "review-opinion"),
        ("公示材料.pdf", "publicity-record"),
        ("单位推荐意见.pdf", "unit-recommendation"),
        ("random-scan-0001.pdf", None),
    ],
)
def test_items_from_names(checklist: Checklist, rel: str, item: str | None) -> None:
    document = doc(rel)
    result = classify([document], checklist)
    assert result.item_of(document) == item
    if item is None:
        assert document in result.unrecognised or any(d is document for d, _ in result.ambiguous)


def test_ambiguous_name_is_flagged_not_assigned(checklist: Checklist) -> None:
    document = doc("承诺书及公示材料.pdf")  # 承诺书 (3) vs 公示材料 (4) -> longest wins
    assert classify([document], checklist).item_of(document) == "publicity-record"
    tie = doc("审议 推荐信.pdf")  # 审议 (2) vs 推荐信 (3) -> unit-recommendation by length
    assert classify([tie], checklist).item_of(tie) == "unit-recommendation"
    both = doc("户籍 公示.pdf")  # 户籍 (2) vs 公示 (2): a real tie
    result = classify([both], checklist)
    assert result.item_of(both) is None
    assert result.ambiguous == [(both, ("household-register", "publicity-record"))]


def test_groups_from_folders_and_prefixes(checklist: Checklist) -> None:
    docs = [
        doc("09 学术成果/论文1-基于BIM的研究（代表作）/期刊封面.jpg"),
        doc("09 学术成果/论文1-基于BIM的研究（代表作）/版权页.jpg"),
        doc("09 学术成果/论文2-钢结构/全文.pdf"),
        doc("09 学术成果/论文三-混凝土.pdf"),
        doc("学术成果/论文4-封面.jpg"),
        doc("学术成果/论文4-目录.jpg"),
        doc("08-1 业绩成果/业绩1-厂房（代表性成果）/验收报告.pdf"),
        doc("08-1 业绩成果/某桥梁项目/中标通知书.pdf"),
        doc("08-1 业绩成果/专利证书.pdf"),
    ]
    result = classify(docs, checklist)
    papers = {g.key: g for g in result.groups["papers"]}
    assert set(papers) == {"论文1", "论文2", "论文3", "论文4"}
    assert len(papers["论文1"].documents) == 2
    assert len(papers["论文4"].documents) == 2
    assert papers["论文1"].markers == {"代表作"}
    assert papers["论文2"].markers == frozenset()
    achievements = {g.key: g for g in result.groups["achievements"]}
    assert len(achievements) == 3
    assert achievements["业绩1"].markers == {"代表性成果"}
    assert "某桥梁项目" in achievements


def test_file_name_wins_over_an_unnumbered_section_folder(checklist: Checklist) -> None:
    misplaced = doc("09 学术成果/营业执照.pdf")
    assert classify([misplaced], checklist).item_of(misplaced) == "business-license"


def test_unnumbered_entry_folders_are_groups(checklist: Checklist) -> None:
    docs = [
        doc("09 学术成果/基于BIM的钢结构研究（代表作）/期刊封面.jpg"),
        doc("09 学术成果/基于BIM的钢结构研究（代表作）/版权页.jpg"),
        doc("09 学术成果/基于BIM的钢结构研究（代表作）/全文.pdf"),
        doc("学术成果材料/混凝土裂缝分析/全文.pdf"),
        doc("学术成果材料/混凝土裂缝分析/目录.jpg"),
        doc("8-1 业绩成果/某桥梁项目/中标通知书.pdf"),
        doc("8-1 业绩成果/某桥梁项目/验收证明.pdf"),
    ]
    result = classify(docs, checklist)
    papers = {g.label: g for g in result.groups["papers"]}
    assert set(papers) == {"基于BIM的钢结构研究（代表作）", "混凝土裂缝分析"}
    assert len(papers["基于BIM的钢结构研究（代表作）"].documents) == 3
    assert papers["基于BIM的钢结构研究（代表作）"].markers == {"代表作"}
    assert [len(g.documents) for g in result.groups["achievements"]] == [2]


def test_loose_part_files_form_one_paper_and_loose_titles_stand_alone(checklist: Checklist) -> None:
    docs = [doc("论文/封面.jpg"), doc("论文/版权页.jpg"), doc("论文/目录.jpg"), doc("论文/全文.pdf"),
            doc("学术成果/基于BIM的研究.pdf"), doc("学术成果/钢结构裂缝分析.pdf")]
    groups = {g.label: len(g.documents) for g in classify(docs, checklist).groups["papers"]}
    assert groups == {"论文": 4, "基于BIM的研究": 1, "钢结构裂缝分析": 1}
