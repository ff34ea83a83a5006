"""The command line when people get it wrong: bad option values, the wrong command for the folder, empty
folders and stray empty files, items asked for by their Chinese name, roster values zccheck cannot use."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import FACTS, pdf_bytes, run
from zccheck.batch.pipeline import BatchOptions, plan_batch
from zccheck.checklist.loader import load_checklist, resolve_checklist
from zccheck.checklist.lookup import find_items
from zccheck.cli import app
from zccheck.conditions import describe_condition
from zccheck.engine import ScanOptions
from zccheck.layout import applicant_evidence, checklist_words, person_name, unit_members

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
runner = CliRunner()


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def words() -> tuple[str, ...]:
    return checklist_words(load_checklist(resolve_checklist(None)))


# --- option values -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("option", "value", "allowed"), [
    ("--level", "高级工程师", "工程师 / 助理工程师 / 技术员"),
    ("--industry", "市政工程", "工程 / 住建 / 自然资源 / 水利水电 / 生态环境"),
    ("--route", "特批", "正常 / 直接申报 / 破格"),
])
def test_a_bad_option_value_is_a_usage_error_naming_the_option(option: str, value: str, allowed: str) -> None:
    code, out, err = invoke("scan", str(SAMPLES / "complete"), option, value, "-f", "json")
    assert code == 2 and out == ""
    assert option in err and value in err and allowed in err


def test_a_bad_date_names_the_option() -> None:
    code, _, err = invoke("scan", str(SAMPLES / "complete"), "--as-of", "someday")
    assert code == 2 and "--as-of" in err and "YYYY-MM-DD" in err
    code, _, err = invoke("batch", str(SAMPLES), "--as-of", "2024-13-45")
    assert code == 2 and "--as-of" in err


def test_option_values_are_tidied_like_the_roster_does() -> None:
    code, out, _ = invoke("scan", str(SAMPLES / "complete"), "--level", "工程师（中级）", "--route", "直接",
                          "-f", "json")
    data = json.loads(out)
    assert data["applicant"]["level"] == "工程师" and data["applicant"]["route"] == "直接申报"
    assert code in (0, 1)


# --- the wrong command for the folder ---------------------------------------------------------------------

def test_batch_on_one_applicant_points_to_scan(tmp_path: Path) -> None:
    code, _, err = invoke("batch", str(SAMPLES / "complete"))
    assert code == 2 and "zccheck scan" in err and "zccheck.toml" in err
    # without a zccheck.toml the section folders still tell
    folder = tmp_path / "张三的材料"
    shutil.copytree(SAMPLES / "complete", folder)
    (folder / "zccheck.toml").unlink()
    code, _, err = invoke("batch", str(folder))
    assert code == 2 and "zccheck scan" in err and "01 基本信息" in err


def test_scan_on_a_unit_folder_points_to_batch(tmp_path: Path) -> None:
    unit = tmp_path / "全部申报人"
    for name in ("01-张三", "02-李四"):
        (unit / name).mkdir(parents=True)
        (unit / name / "zccheck.toml").write_text(FACTS, "utf-8")
        (unit / name / "个人相片.jpg").write_bytes(b"\xff\xd8\xff")
    code, out, err = invoke("scan", str(unit))
    assert code == 2 and "zccheck batch" in err and "01-张三" in err and out == ""
    people = tmp_path / "科室"
    for name in ("张三", "02-李四", "王五（工程师）", "欧阳小明_申报材料"):
        (people / name).mkdir(parents=True)
    code, _, err = invoke("scan", str(people))
    assert code == 2 and "zccheck batch" in err


def test_person_names_and_section_folders(words: tuple[str, ...], tmp_path: Path) -> None:
    assert person_name("01-张三", words) == "张三"
    assert person_name("王五（工程师）", words) == "王五"
    assert person_name("李四-工程师-申报材料.zip", words) == "李四"
    assert person_name("01 基本信息", words) is None
    assert person_name("11 其他材料", words) is None
    assert person_name("06-1 工作简历", words) is None
    assert person_name("论文1-基于BIM的钢结构厂房施工进度管理研究", words) is None
    assert unit_members(SAMPLES / "complete", words) == []
    assert "01 基本信息" in applicant_evidence(SAMPLES / "complete", words)
    # a unit with two applicants is not one applicant's folder
    two = tmp_path / "u"
    for name in ("张三", "李四"):
        (two / name).mkdir(parents=True)
    assert applicant_evidence(two, words) == [] and unit_members(two, words) == []  # 2 names: not enough


# --- empty folders and stray empty files -------------------------------------------------------------------

def test_an_empty_folder_says_it_is_empty(tmp_path: Path) -> None:
    empty = tmp_path / "材料"
    empty.mkdir()
    code, out, _ = invoke("scan", str(empty))
    assert code == 1
    assert "空" in out.splitlines()[1] and "材料" in out.splitlines()[1]
    _, out, _ = invoke("scan", str(empty), "-f", "json")
    assert [f["code"] for f in json.loads(out)["findings"] if f["code"] == "materials-empty"] == ["materials-empty"]
    code, _, err = invoke("batch", str(empty))
    assert code == 2 and "空" in err


def test_a_folder_with_files_is_not_called_empty(materials) -> None:
    materials.facts()
    materials.add("营业执照.pdf", pdf_bytes())
    assert "materials-empty" not in {f.code for f in run(materials.root).findings}


def test_a_stray_empty_file_is_to_be_deleted(materials) -> None:
    materials.facts()
    materials.add("新建文本文档.txt", b"")
    materials.add("01 基本信息/个人相片.jpg", b"")
    result = run(materials.root)
    stray = [f for f in result.findings if f.path == "新建文本文档.txt"]
    assert [f.code for f in stray] == ["empty-stray-file"]  # not also "unrecognised: rename it"
    assert "删除" in stray[0].hint and "重新扫描" not in stray[0].hint.replace("也不用重新扫描", "")
    photo = [f.code for f in result.findings if f.path == "01 基本信息/个人相片.jpg"]
    assert photo == ["empty-file"]  # a material's empty file is still to be scanned again


# --- checklist list / show ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("query", "item"), [("个人相片", "photo"), ("相片", "photo"), ("证件照", "photo"),
                                             ("Photo", "photo"), ("个人像片", "photo"), ("养老保险", "pension-record"),
                                             ("社保", "pension-record"), ("工作总结", "work-summary"),
                                             ("营业执照", "business-license"), ("个人 相片", "photo")])
def test_items_are_found_by_chinese_names_and_close_variants(query: str, item: str) -> None:
    assert find_items(load_checklist(resolve_checklist(None)), query) == [item]


def test_checklist_show_by_chinese_name() -> None:
    code, out, _ = invoke("checklist", "show", "个人相片")
    assert code == 0 and "photo" in out and "§三.1(1)" in out
    code, _, err = invoke("checklist", "show", "证书")
    assert code == 2 and "education-certificate" in err and "current-title-certificate" in err
    code, _, err = invoke("checklist", "show", "没有的东西xyz")
    assert code == 2 and "没有" in err and "photo" in err


def test_checklist_list_shows_conditions_in_words() -> None:
    code, out, _ = invoke("checklist", "list")
    assert code == 0
    assert "申报方式为“直接申报”或“破格”" in out and "全部申报" in out
    assert 'route ==' not in out and "flags." not in out and "always" not in out
    _, out, _ = invoke("checklist", "list", "--lang", "en")
    assert "route is 直接申报 or 破格" in out and "every application" in out


def test_describe_condition() -> None:
    text = 'route == "正常" and flags.title_not_shared and level != "技术员"'
    assert describe_condition(text) == "申报方式为“正常”，且下一级职称未能通过系统数据共享获取，且申报级别不是“技术员”"
    assert describe_condition("not flags.dispatched") == "非“劳务派遣人员”"
    assert describe_condition("flags.dispatched", "en") == "agency (dispatched) worker"


# --- roster values that name no industry ------------------------------------------------------------------

def test_a_roster_specialty_that_names_no_industry_is_reported(tmp_path: Path) -> None:
    root = tmp_path / "unit"
    for name in ("01-张三", "02-李四"):
        (root / name).mkdir(parents=True)
    roster = tmp_path / "花名册.csv"
    roster.write_text("姓名,专业,申报级别\n张三,市政工程,工程师\n李四,住建,工程师\n", "utf-8")
    plan = plan_batch(root, BatchOptions(scan=ScanOptions(), roster=roster, jobs=1))
    assert plan.roster is not None
    zhang = next(row for row in plan.roster.rows if row.name == "张三")
    assert "industry" not in zhang.facts and zhang.unused == {"industry": "市政工程"}
    notes = [n for n in plan.notes if "市政工程" in n]
    assert len(notes) == 1 and "第 2 行" in notes[0] and "张三" in notes[0] and "01-张三" in notes[0]
    assert not any("李四" in n for n in plan.notes)
