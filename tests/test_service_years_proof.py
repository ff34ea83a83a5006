"""直接申报: the proof of the professional work years must cover the required years (§一.(二)4, §三.1(3)②)."""

from __future__ import annotations

import pytest

from conftest import FACTS, Materials, by_code, codes, pdf_bytes, run, status
from test_pension_table import guangxi_rows, make_xlsx
from zccheck.content.pension import month_add

DIRECT = FACTS.replace('route = "正常"', 'route = "直接申报"') + "work_start = 2015-03-01\n"


def _months(count: int, last: tuple[int, int] = (2024, 7)) -> list[int]:
    months = [month_add(last, -i) for i in range(count)]
    return sorted(y * 100 + m for y, m in months)


def _folder(materials: Materials, months: int, education: str = "本科") -> None:
    materials.facts(DIRECT, education=education)
    materials.add("3-2 直接申报/直接申报职称审批表.pdf", pdf_bytes(text="直接申报职称审批表"))
    materials.add("6-2 个人社保缴纳记录/养老保险缴费明细.xlsx", make_xlsx({"Sheet1": guangxi_rows(_months(months))}))


def test_an_18_month_export_does_not_prove_7_years(materials: Materials) -> None:
    _folder(materials, 18)
    result = run(materials.root)
    (finding,) = by_code(result, "service-years-proof-short")
    assert finding.item == "service-years-proof"
    assert finding.severity.value == "error"
    assert "养老保险记录覆盖 1年6个月，需 7 年" in finding.message
    assert finding.details["covered_months"] == 18 and finding.details["required_years"] == 7
    assert status(result, "service-years-proof") == "missing"
    assert "missing-item" not in codes(result, "service-years-proof")


@pytest.mark.parametrize(("education", "years"), [("硕士", 4), ("本科", 7), ("大专", 9)])
def test_boundary_at_the_required_years(materials: Materials, education: str, years: int) -> None:
    _folder(materials, years * 12 - 1, education)
    assert by_code(run(materials.root), "service-years-proof-short")[0].details["covered_months"] == years * 12 - 1
    _folder(materials, years * 12, education)
    result = run(materials.root)
    assert "service-years-proof-short" not in codes(result)
    assert status(result, "service-years-proof") != "missing"


@pytest.mark.parametrize("name", [
    "3-2 直接申报/住房公积金缴存明细.pdf", "11 其他材料/个人所得税纳税记录.pdf", "3-2 直接申报/工资银行流水.pdf",
    "7-1 专业技术工作经历/聘任文件-2016.pdf", "11 其他材料/劳动合同.pdf",
])
def test_another_proof_by_name_satisfies_it(materials: Materials, name: str) -> None:
    _folder(materials, 18)
    materials.add(name, pdf_bytes(text="证明"))
    assert "service-years-proof-short" not in codes(run(materials.root))


def test_no_pension_record_leaves_the_proof_plainly_missing(materials: Materials) -> None:
    materials.facts(DIRECT)
    result = run(materials.root)
    assert "missing-item" in codes(result, "service-years-proof")
    assert "service-years-proof-short" not in codes(result)


def test_a_scanned_pension_certificate_is_review(materials: Materials) -> None:
    from conftest import jpeg_bytes

    materials.facts(DIRECT)
    materials.add("6-2 个人社保缴纳记录/养老保险缴费证明.jpg", jpeg_bytes())
    (finding,) = by_code(run(materials.root), "service-years-proof-unread")
    assert finding.severity.value == "review"
    assert finding.path == "6-2 个人社保缴纳记录/养老保险缴费证明.jpg"


def test_the_normal_route_does_not_need_the_proof(materials: Materials) -> None:
    materials.facts(FACTS)
    materials.add("6-2 个人社保缴纳记录/养老保险缴费明细.xlsx", make_xlsx({"Sheet1": guangxi_rows(_months(18))}))
    assert not codes(run(materials.root)) & {"service-years-proof-short", "service-years-proof-unread"}
