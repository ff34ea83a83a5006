"""Boundary and pinning tests: the exact limits of the shipped checklist, published ID vectors, exit codes.

Each test here exists because a one-character mutation (`>` for `>=`, a swapped table entry, a 6 edited to
5 in the shipped TOML) used to leave the whole suite green.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from conftest import Materials, by_code, codes, pdf_bytes, run
from zccheck.checklist.loader import load_checklist
from zccheck.rules.idcard import IdProblem, check_char, is_valid_id_number, parse_id_number

AUG = date(2024, 8, 20)
SHIPPED = Path(__file__).resolve().parents[1] / "checklists" / "liudong-2024-engineering.toml"


# --- 7 papers, 20 achievements: the limit itself passes, one more fails ------------------------------------

def _papers(materials: Materials, count: int) -> None:
    for number in range(1, count + 1):
        mark = "（代表作）" if number == 1 else ""
        materials.add(f"09 学术成果/论文{number}-题目{number}{mark}/全文.pdf", pdf_bytes(1) + bytes(number))


def _achievements(materials: Materials, count: int) -> None:
    for number in range(1, count + 1):
        mark = "（代表性成果）" if number == 1 else ""
        materials.add(f"08-1 业绩成果/业绩{number}-项目{number}{mark}/验收报告.pdf", pdf_bytes(1) + bytes(number))


def test_shipped_limits_are_7_papers_and_20_achievements() -> None:
    shipped = load_checklist(SHIPPED)
    assert shipped.items["papers"].max_groups == 7
    assert shipped.items["achievements"].max_groups == 20


@pytest.mark.parametrize(("count", "too_many"), [(7, False), (8, True)])
def test_papers_at_the_limit(materials: Materials, count: int, too_many: bool) -> None:
    materials.facts()
    _papers(materials, count)
    result = run(materials.root, load_checklist(SHIPPED), as_of=AUG)
    found = [f for f in by_code(result, "too-many-entries") if f.item == "papers"]
    assert bool(found) is too_many
    if too_many:
        assert found[0].details == {**found[0].details, "count": 8, "limit": 7}


@pytest.mark.parametrize(("count", "too_many"), [(20, False), (21, True)])
def test_achievements_at_the_limit(materials: Materials, count: int, too_many: bool) -> None:
    materials.facts()
    _achievements(materials, count)
    result = run(materials.root, load_checklist(SHIPPED), as_of=AUG)
    found = [f for f in by_code(result, "too-many-entries") if f.item == "achievements"]
    assert bool(found) is too_many
    if too_many:
        assert (found[0].details["count"], found[0].details["limit"]) == (21, 20)


# --- GB 11643-1999 check characters: every one of the 11 -----------------------------------------------------

def _iso7064_mod11_2(body: str) -> str:
    """The check character by the ISO 7064 definition (not by a weight table): the c in 0..10 for which
    c + Σ a_i·2^(i-1) ≡ 1 (mod 11), positions counted from the right with the check character at i = 1."""
    for candidate in range(11):
        total = candidate + sum(int(d) * pow(2, i, 11) for i, d in enumerate(reversed(body), start=1))
        if total % 11 == 1:
            return "X" if candidate == 10 else str(candidate)
    raise AssertionError("no check character")  # pragma: no cover - the equation always has one solution


# GB 11643-1999's own examples (11010519491231002X and 440524188001010014), then one number for each other
# check character, constructed with the ISO 7064 definition above (same region and birth date, sequence varied).
PUBLISHED = {"11010519491231002X": "X", "440524188001010014": "4"}
CONSTRUCTED = {
    "450203198506121070": "0", "450203198506121011": "1", "450203198506121062": "2",
    "450203198506121003": "3", "450203198506121054": "4", "450203198506121185": "5",
    "450203198506121046": "6", "450203198506121097": "7", "450203198506121038": "8",
    "450203198506121089": "9", "45020319850612102X": "X",
}


@pytest.mark.parametrize(("number", "expected"), [*PUBLISHED.items(), *CONSTRUCTED.items()])
def test_check_character_vectors(number: str, expected: str) -> None:
    assert number[-1] == expected
    assert _iso7064_mod11_2(number[:17]) == expected  # the vector itself is right by the definition
    assert check_char(number[:17]) == expected
    assert parse_id_number(number).problem is not IdProblem.CHECKSUM  # (1880 is refused as a birth year)
    assert is_valid_id_number(number) or number.startswith("440524188")


def test_vectors_cover_all_eleven_check_characters() -> None:
    assert set(CONSTRUCTED.values()) == set("0123456789X")


@pytest.mark.parametrize("number", list(CONSTRUCTED))
def test_every_other_check_character_is_a_checksum_error(number: str) -> None:
    for wrong in sorted(set("0123456789X") - {number[-1]}):
        assert parse_id_number(number[:17] + wrong).problem is IdProblem.CHECKSUM, wrong


# --- the pension window: 6 months, read from the SHIPPED checklist -------------------------------------------

def test_pension_window_is_six_months_in_the_shipped_checklist() -> None:
    from test_check_pension import make_doc
    from test_pension_table import UNIT, guangxi_rows, make_xlsx
    from zccheck.checks import pension
    from zccheck.checks.base import CheckContext
    from zccheck.classify.model import Classification
    from zccheck.facts import Facts

    shipped = load_checklist(SHIPPED)
    item = shipped.items["pension-record"]
    options = next(use.options for use in item.checks if use.id == pension.ID)
    assert options["months"] == 6

    def problems(months: list[int]) -> list:
        doc = make_doc("养老保险缴费明细.xlsx", make_xlsx({"Sheet1": guangxi_rows(months)}), "xlsx")
        apply = date(2024, 8, 15)
        ctx = CheckContext(facts=Facts(name="张三", unit=UNIT, apply_date=apply), checklist=shipped, as_of=apply,
                           documents=(doc,), classification=Classification(by_item={"pension-record": [doc]}),
                           item=item, item_documents=(doc,))
        return list(pension.check(ctx, options))

    exactly_six = problems([202402, 202403, 202404, 202405, 202406, 202407])
    assert "pension-months-missing" not in {p.code for p in exactly_six}
    five = problems([202403, 202404, 202405, 202406, 202407])
    missing = next(p for p in five if p.code == "pension-months-missing")
    assert missing.details["missing_months"] == ["2024-02"]


# --- --strict: warnings fail, reviews and infos never change the exit code ----------------------------------

def _with_severities(result, *severities):
    from dataclasses import replace

    from zccheck.findings import Finding, Severity

    findings = tuple(Finding(code="x", severity=Severity(s), item=None, path=None, message="m", hint="h",
                             source=None, check=None) for s in severities)
    return replace(result, findings=findings)


@pytest.mark.parametrize(("severities", "plain", "strict"), [
    ((), 0, 0), (("info",), 0, 0), (("review",), 0, 0), (("review", "info"), 0, 0),
    (("warning",), 0, 1), (("warning", "review"), 0, 1), (("error",), 1, 1),
])
def test_strict_counts_warnings_not_reviews(materials: Materials, severities: tuple, plain: int,
                                            strict: int) -> None:
    materials.facts()
    result = _with_severities(run(materials.root, as_of=AUG), *severities)
    assert (result.exit_code(), result.exit_code(strict=True)) == (plain, strict)


def test_strict_in_batch_counts_warnings_not_reviews() -> None:
    from zccheck.batch.model import CHECKED, ApplicantReport, BatchResult

    def batch(summary: dict) -> BatchResult:
        report = ApplicantReport(index=0, entry="a", label="a", path="a", source="folder", status=CHECKED,
                                 result={"summary": {"errors": 0, "warnings": 0, "reviews": 0, "infos": 0,
                                                     **summary}})
        return BatchResult(root=".", lang="zh", checklist={}, applicants=[report])

    assert (batch({"reviews": 3}).exit_code(), batch({"reviews": 3}).exit_code(strict=True)) == (0, 0)
    assert (batch({"warnings": 1}).exit_code(), batch({"warnings": 1}).exit_code(strict=True)) == (0, 1)
    assert batch({"errors": 1}).exit_code() == 1


def test_readme_exit_code_table_says_reviews_do_not_count() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("### 退出码"):]
    table = table[:table.index("\n#", 4)]
    assert "--strict" in table and "人工核对" in table


# --- a locked PDF is never given to a content check ------------------------------------------------------------

def test_locked_pdfs_never_reach_content_checks(materials: Materials, monkeypatch: pytest.MonkeyPatch) -> None:
    from zccheck.checklist.loader import resolve_checklist
    from zccheck.engine import ScanOptions, evaluate
    from zccheck.inventory.document import Document
    from zccheck.inventory.materials import open_materials

    materials.facts()
    locked = {
        "05 工作总结/专业技术工作总结.pdf", "04 公示/公示情况说明.pdf", "09 学术成果/论文1-题目（代表作）/全文.pdf",
        "06-2 社保/养老保险缴费记录.pdf", "02 学历/毕业证书.pdf", "03 职称/助理工程师证书.pdf",
    }
    for rel in locked:
        materials.add(rel, pdf_bytes(2, password="secret"))
    inventory = open_materials(materials.root)
    assert {d.rel_path for d in inventory.documents if d.pdf is not None and d.pdf.needs_password} == locked
    touched: list[str] = []
    real_memo, real_read = Document.memo, Document.read_bytes

    def memo(self, key, compute):
        touched.append(self.rel_path)
        return real_memo(self, key, compute)

    def read_bytes(self):
        touched.append(self.rel_path)
        return real_read(self)

    monkeypatch.setattr(Document, "memo", memo)
    monkeypatch.setattr(Document, "read_bytes", read_bytes)
    result = evaluate(inventory, load_checklist(resolve_checklist(None)), ScanOptions(as_of=AUG))
    assert not set(touched) & locked, sorted(set(touched) & locked)
    assert {f.path for f in by_code(result, "encrypted-pdf")} == locked
    assert "internal-error" not in codes(result)
