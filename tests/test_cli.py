"""The command line: exit codes, the JSON shape, languages, init, checklist views."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import Materials, pdf_bytes
from zccheck.cli import app

runner = CliRunner()
VALID_ID = "450202198801015811"


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_json_shape_and_exit_1_on_errors(materials: Materials) -> None:
    materials.facts(id_number=VALID_ID)
    materials.add("11 其他材料/营业执照.pdf", pdf_bytes())
    code, out, _ = invoke("scan", str(materials.root), "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert set(data) >= {"schema_version", "tool_version", "checklist", "root", "applicant", "summary", "items",
                         "findings"}
    assert data["schema_version"] == 1
    assert set(data["summary"]) >= {"errors", "warnings", "reviews", "infos"}
    assert data["summary"]["errors"] == sum(1 for f in data["findings"] if f["severity"] == "error")
    assert data["applicant"]["id_number"] == "450*************11"
    assert VALID_ID not in out
    for finding in data["findings"]:
        assert set(finding) >= {"code", "severity", "item", "path", "message", "hint", "source"}
    items = {i["item"]: i for i in data["items"]}
    assert items["business-license"]["status"] == "ok"
    assert items["business-license"]["files"] == ["11 其他材料/营业执照.pdf"]
    assert items["photo"]["status"] == "missing"


def test_exit_0_when_only_warnings_and_1_with_strict(tmp_path: Path) -> None:
    checklist = tmp_path / "tiny.toml"
    from zccheck.checklist.loader import resolve_checklist

    text = resolve_checklist(None).read_text("utf-8").replace('presence = "required"', 'presence = "optional"')
    checklist.write_text(text, "utf-8")
    folder = Materials(tmp_path / "m")
    folder.facts()
    folder.add("IMG_0001.pdf", pdf_bytes())  # unrecognised: a warning
    code, out, _ = invoke("scan", str(folder.root), "-c", str(checklist), "--format", "json")
    data = json.loads(out)
    assert (code, data["summary"]["errors"]) == (0, 0)
    assert data["summary"]["warnings"] >= 1
    code, _, _ = invoke("scan", str(folder.root), "-c", str(checklist), "--format", "json", "--strict")
    assert code == 1


def test_exit_2_for_a_broken_checklist_and_bad_usage(materials: Materials, tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("[checklist\n", "utf-8")
    code, _, err = invoke("scan", str(materials.root), "-c", str(broken))
    assert code == 2
    assert "清单错误" in err and "broken.toml" in err
    code, _, _ = invoke("scan", str(materials.root), "--format", "yaml")
    assert code == 2
    code, _, err = invoke("scan", str(materials.root), "--as-of", "someday")
    assert code == 2


def test_exit_2_for_a_malformed_facts_file_with_its_line(materials: Materials) -> None:
    materials.add("zccheck.toml", '[applicant]\nname = "张三\n')
    code, _, err = invoke("scan", str(materials.root))
    assert code == 2
    assert "zccheck.toml 第 2 行" in err and "申报信息文件有误" in err


def test_exit_3_when_the_materials_cannot_be_read(tmp_path: Path) -> None:
    code, _, err = invoke("scan", str(tmp_path / "nowhere"))
    assert code == 3
    assert "无法读取材料" in err
    not_zip = tmp_path / "notes.txt"
    not_zip.write_text("hello")
    assert invoke("scan", str(not_zip))[0] == 3


def test_rich_report_is_plain_when_not_a_tty(materials: Materials) -> None:
    materials.facts()
    code, out, _ = invoke("scan", str(materials.root))
    assert code == 1
    assert "\x1b[" not in out
    assert "缺少" in out and "下一步" in out
    assert "个人相片" in out


def test_text_and_english_reports(materials: Materials) -> None:
    materials.facts()
    _, out, _ = invoke("scan", str(materials.root), "--format", "text")
    assert out.splitlines()[0].startswith("zccheck")
    assert "1. 【错误】" in out
    _, out, _ = invoke("scan", str(materials.root), "--lang", "en")
    assert "What to do next" in out and "missing" in out


def test_option_overrides(materials: Materials) -> None:
    materials.facts()
    _, out, _ = invoke("scan", str(materials.root), "--format", "json", "--route", "直接申报",
                       "--as-of", "2024-08-01")
    data = json.loads(out)
    assert data["applicant"]["route"] == "直接申报"
    assert data["as_of"] == "2024-08-01"
    assert any(f["code"] == "missing-item" and f["item"] == "direct-approval-form" for f in data["findings"])
    code, out, err = invoke("scan", str(materials.root), "--format", "json", "--level", "高级工程师")
    assert code == 2 and "--level" in err  # a bad command-line value is a usage error (zccheck.toml: a finding)


def test_init_writes_template_and_skeleton_and_never_overwrites(tmp_path: Path) -> None:
    target = tmp_path / "我的材料"
    code, out, _ = invoke("init", str(target))
    assert code == 0
    assert (target / "zccheck.toml").exists()
    assert (target / "01 基本信息").is_dir()
    assert (target / "06-2 个人社保缴纳记录").is_dir()
    assert (target / "03-2 破格、直接申报").is_dir()
    (target / "zccheck.toml").write_text('[applicant]\nname = "已填写"\n', "utf-8")
    code, out, _ = invoke("init", str(target))
    assert code == 0
    assert "已存在" in out
    assert (target / "zccheck.toml").read_text("utf-8") == '[applicant]\nname = "已填写"\n'
    # The template itself is valid and its facts load without invalid values.
    from zccheck.facts_loader import load_facts
    from zccheck.init_template import FACTS_TEMPLATE

    assert not [p for p in load_facts(FACTS_TEMPLATE).problems if p.code == "invalid-fact"]


def test_init_skeleton_classifies_into_the_right_sections(tmp_path: Path) -> None:
    target = tmp_path / "m"
    invoke("init", str(target))
    (target / "01 基本信息" / "张三.jpg").write_bytes(b"")
    _, out, _ = invoke("scan", str(target), "--format", "json", "--as-of", "2024-08-20")
    items = {i["item"]: i for i in json.loads(out)["items"]}
    assert items["photo"]["files"] == ["01 基本信息/张三.jpg"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_checklist_list_and_show(lang: str) -> None:
    code, out, _ = invoke("checklist", "list", "--lang", lang)
    assert code == 0
    assert "pension-record" in out and "unit-recommendation" in out
    code, out, _ = invoke("checklist", "show", "photo", "--lang", lang)
    assert code == 0
    assert "§三.1(1)" in out and "证件照" in out
    code, _, err = invoke("checklist", "show", "nope")
    assert code == 2 and "nope" in err


def test_version() -> None:
    code, out, _ = invoke("--version")
    assert code == 0 and out.startswith("zccheck ")


def test_scan_with_cache_gives_the_same_result_and_writes_only_the_cache(
        materials: Materials, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache_dir = tmp_path / "cache"
    monkeypatch.setenv("ZCCHECK_CACHE_DIR", str(cache_dir))
    materials.facts()
    materials.add("11 其他材料/营业执照.pdf", pdf_bytes())
    before = sorted(p.relative_to(materials.root) for p in materials.root.rglob("*"))
    plain = json.loads(invoke("scan", str(materials.root), "-f", "json")[1])
    first = json.loads(invoke("scan", str(materials.root), "-f", "json", "--cache")[1])
    second = json.loads(invoke("scan", str(materials.root), "-f", "json", "--cache")[1])
    assert plain["findings"] == first["findings"] == second["findings"]
    assert any(cache_dir.rglob("*"))
    assert sorted(p.relative_to(materials.root) for p in materials.root.rglob("*")) == before
    inside = materials.root / ".cache"
    monkeypatch.setenv("ZCCHECK_CACHE_DIR", str(inside))
    _, out, _ = invoke("scan", str(materials.root), "-f", "json", "--cache")
    assert json.loads(out)["findings"] == plain["findings"]
    assert not inside.exists()


def test_library_chatter_never_reaches_the_console(tmp_path: Path) -> None:
    """pypdf logs English warnings ("incorrect startxref pointer", "Object 3 0 not defined") for damaged PDFs;
    the console shows only zccheck's report, where the damage is a finding naming the file."""
    import subprocess
    import sys

    from test_check_scan_quality import _shifted, page_image, scan_pdf

    folder = tmp_path / "材料"
    folder.mkdir()
    (folder / "营业执照.pdf").write_bytes(_shifted(scan_pdf([page_image()])))
    done = subprocess.run([sys.executable, "-m", "zccheck", "scan", str(folder), "--format", "json", "--no-cache"],
                          capture_output=True, text=True, encoding="utf-8", check=False)
    assert done.returncode in (0, 1), done.stderr
    assert done.stderr == ""
    found = {(f["code"], f["path"]) for f in json.loads(done.stdout)["findings"]}
    assert ("pdf-damaged", "营业执照.pdf") in found
    assert ("scan-blank-page", "营业执照.pdf") not in found
