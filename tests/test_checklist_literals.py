"""Checklist conditions: a literal must be a value of its fact (a typo is exit 2); `min_files` is enforced."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import Materials, by_code, codes, pdf_bytes, run
from zccheck.checklist.loader import ChecklistError, load_checklist, resolve_checklist
from zccheck.cli import app
from zccheck.conditions import ConditionError, parse_condition
from zccheck.facts import condition_names, condition_vocabularies

REAL = resolve_checklist(None)


def _mutate(tmp_path: Path, old: str, new: str) -> Path:
    text = REAL.read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / "typo.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize("text", [
    'route == "直接申请"', 'route != "正 常"', 'route in ["直接申报", "破例"]', 'level == "高级工程师"',
    'industry == "建筑"', 'education == "研究生"', "flags.dispatched == \"yes\"",
])
def test_a_literal_outside_the_vocabulary_is_refused(text: str) -> None:
    with pytest.raises(ConditionError, match="is not a value of"):
        parse_condition(text, condition_names(), condition_vocabularies())


@pytest.mark.parametrize("text", [
    'route == "直接申报"', 'route in ["直接申报", "破格"]', 'level != "技术员"', 'industry == "住建"',
    'education == "中专"', "flags.dispatched == true", 'route == "正常" and flags.title_not_shared',
])
def test_vocabulary_literals_are_accepted(text: str) -> None:
    parse_condition(text, condition_names(), condition_vocabularies())


def test_a_checklist_with_a_route_typo_is_a_checklist_error(tmp_path: Path) -> None:
    path = _mutate(tmp_path, """when = 'route == "直接申报"'""", """when = 'route == "直接申请"'""")
    with pytest.raises(ChecklistError, match="直接申请") as caught:
        load_checklist(path)
    assert (caught.value.item, caught.value.key) == ("direct-approval-form", "when")
    assert caught.value.line is not None


def test_the_typo_exits_2_from_the_command_line(tmp_path: Path, materials: Materials) -> None:
    materials.facts()
    path = _mutate(tmp_path, """when = 'route == "直接申报"'""", """when = 'route == "直接申请"'""")
    result = CliRunner().invoke(app, ["scan", str(materials.root), "-c", str(path), "--format", "json"])
    assert result.exit_code == 2
    assert "直接申请" in result.stderr


def _with_min_files(tmp_path: Path, value: int) -> Path:
    return _mutate(tmp_path, '[items.business-license]\nname = "单位营业执照"',
                   f'[items.business-license]\nmin_files = {value}\nname = "单位营业执照"')


def test_min_files_is_enforced(tmp_path: Path, materials: Materials) -> None:
    materials.facts()
    materials.add("11 其他材料/营业执照-正本.pdf", pdf_bytes())
    checklist = load_checklist(_with_min_files(tmp_path, 2))
    assert checklist.items["business-license"].min_files == 2
    result = run(materials.root, checklist)
    (finding,) = by_code(result, "too-few-files")
    assert finding.item == "business-license"
    assert (finding.details["count"], finding.details["limit"]) == (1, 2)
    materials.add("11 其他材料/营业执照-副本.pdf", pdf_bytes(text="营业执照 副本"))
    assert "too-few-files" not in codes(run(materials.root, checklist))


def test_min_files_default_is_one_and_never_fires_for_a_present_item(materials: Materials) -> None:
    materials.facts()
    materials.add("11 其他材料/营业执照.pdf", pdf_bytes())
    assert load_checklist(REAL).items["business-license"].min_files == 1
    assert "too-few-files" not in codes(run(materials.root))


@pytest.mark.parametrize(("value", "message"), [("0", "at least 1"), ('"two"', "must be an integer")])
def test_bad_min_files_is_a_checklist_error(tmp_path: Path, value: str, message: str) -> None:
    path = _mutate(tmp_path, '[items.business-license]\nname = "单位营业执照"',
                   f'[items.business-license]\nmin_files = {value}\nname = "单位营业执照"')
    with pytest.raises(ChecklistError, match=message) as caught:
        load_checklist(path)
    assert (caught.value.item, caught.value.key) == ("business-license", "min_files")


def test_min_files_above_max_files_is_a_checklist_error(tmp_path: Path) -> None:
    path = _mutate(tmp_path, "max_files = 1\nformats", "max_files = 1\nmin_files = 2\nformats")
    with pytest.raises(ChecklistError, match="min_files"):
        load_checklist(path)
