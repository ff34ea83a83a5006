"""One unit matcher (zccheck.rules.units) for the pension window and the consistency check: they agree."""

from __future__ import annotations

import pytest

from conftest import FACTS, Materials, codes, run
from test_pension_table import guangxi_rows, make_xlsx
from zccheck.rules.units import UnitMatcher, UnitRelation, mentions_unit, normalise_unit, relation, same_unit

DECLARED = "柳州市柳东新区示例建设工程有限公司"
SIX = [202402, 202403, 202404, 202405, 202406, 202407]


@pytest.mark.parametrize(("a", "b", "expected"), [
    ("某某科技有限责任公司", "某某科技有限公司", UnitRelation.SAME),
    ("某某科技（广西）有限公司", "某某科技(广西)有限公司", UnitRelation.SAME),
    ("某某科技（广西）有限公司", "某某科技广西有限公司", UnitRelation.SAME),
    ("某某科技【广西】有限公司", "某某科技 (广西) 有限公司", UnitRelation.SAME),
    ("ＡＢＣ科技有限公司", "abc科技有限公司", UnitRelation.SAME),
    ("某某科技股份有限公司", "某某科技有限公司", UnitRelation.DIFFERENT),
    ("某某科技股份有限公司", "某某科技有限责任公司", UnitRelation.DIFFERENT),
    ("广西某某科技有限公司", "某某科技有限公司", UnitRelation.SIMILAR),
    ("某某科技有限公司柳州分公司", "某某科技有限公司", UnitRelation.DIFFERENT),
    ("某某科技有限公司", "某某科技有限公司南宁办事处", UnitRelation.DIFFERENT),
    ("某某建设集团有限公司", "某某建设集团有限公司第一子公司", UnitRelation.DIFFERENT),
    ("某某科技有限公司", "另一家科技有限公司", UnitRelation.DIFFERENT),
    ("", "某某科技有限公司", UnitRelation.DIFFERENT),
])
def test_relation(a: str, b: str, expected: UnitRelation) -> None:
    assert relation(a, b) is expected
    assert relation(b, a) is expected
    assert same_unit(a, b) is (expected is not UnitRelation.DIFFERENT)
    assert same_unit(a, b, similar_counts=False) is (expected is UnitRelation.SAME)


def test_normalise() -> None:
    assert normalise_unit("ＡＢＣ科技（广西）有限责任公司") == "abc科技广西有限公司"


def test_matcher_remembers_similar_names_and_uses_aliases() -> None:
    matcher = UnitMatcher("某某科技有限公司", ["旧名称建设有限公司"], match_similar=True)
    assert matcher("广西某某科技有限公司") and list(matcher.similar) == ["广西某某科技有限公司"]
    assert matcher("旧名称建设有限责任公司")
    assert not matcher("某某科技有限公司柳州分公司")
    assert not UnitMatcher("某某科技有限公司", [], match_similar=False)("广西某某科技有限公司")


def test_mentions_unit_ignores_a_branch_of_it() -> None:
    assert mentions_unit("单位名称：某某科技（广西）有限公司 个人编号 123", "某某科技(广西)有限公司")
    assert not mentions_unit("单位名称：某某科技有限公司柳州分公司", "某某科技有限公司")
    assert mentions_unit("某某科技有限公司柳州分公司；某某科技有限公司", "某某科技有限公司")


def _folder(materials: Materials, record_unit: str) -> None:
    materials.facts(FACTS, unit=DECLARED)
    materials.add("6-2 个人社保缴纳记录/养老保险缴费明细.xlsx",
                  make_xlsx({"Sheet1": guangxi_rows([202401, *SIX], unit=record_unit)}))


@pytest.mark.parametrize("record_unit", [
    "柳州市柳东新区示例建设工程有限责任公司", "柳州市柳东新区示例建设工程有限公司",
    "柳州市柳东新区示例建设工程（有限公司）", " 柳州市柳东新区示例建设工程 有限公司",
])
def test_pension_and_consistency_agree_on_the_same_unit(materials: Materials, record_unit: str) -> None:
    _folder(materials, record_unit)
    found = codes(run(materials.root), "pension-record")
    assert "pension-summary" in found
    assert not found & {"consistency-unit-mismatch", "pension-months-missing", "pension-unit-not-found"}


@pytest.mark.parametrize("record_unit", [
    "柳州市柳东新区示例建设工程有限公司鹿寨分公司", "柳州市柳东新区示例建设工程股份有限公司",
])
def test_pension_and_consistency_agree_on_another_unit(materials: Materials, record_unit: str) -> None:
    _folder(materials, record_unit)
    result = run(materials.root)
    assert "consistency-unit-mismatch" in codes(result, "pension-record")
    assert "pension-unit-not-found" in codes(result, "pension-record")


def test_the_roster_tells_namesakes_apart_by_their_unit(tmp_path) -> None:
    from zccheck.batch.discover import discover
    from zccheck.batch.roster import match_roster, read_roster

    root = tmp_path / "unit"
    for name in ("01-王五-某某建设有限责任公司", "02-王五（另一家设计院）", "03-王五-某某建设有限公司柳州分公司"):
        (root / name).mkdir(parents=True)
    roster_csv = tmp_path / "花名册.csv"
    roster_csv.write_text("姓名,申报单位\n王五,某某建设有限公司\n王五,另一家设计院\n", encoding="utf-8")
    match = match_roster(discover(root).applicants, read_roster(roster_csv))
    assert {entry: row.line for entry, row in match.matched.items()} == {
        "01-王五-某某建设有限责任公司": 2, "02-王五（另一家设计院）": 3}
    assert list(match.ambiguous) == ["03-王五-某某建设有限公司柳州分公司"]  # a branch is another unit
