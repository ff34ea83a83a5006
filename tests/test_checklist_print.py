"""The applicant's printable checklist: exactly the materials that apply, platform order, clause, formats."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from html_page import parse
from zccheck.checklist.loader import load_checklist, resolve_checklist
from zccheck.facts_loader import load_facts
from zccheck.reporters.checklist_text import checklist_lines
from zccheck.reporters.html import checklist_html

ROOT = Path(__file__).resolve().parents[1]
CHECKLIST = load_checklist(resolve_checklist(None))
FULL_ID = "450205198803150030"
BASE = f"""[applicant]
name = "覃志远"
id_number = "{FULL_ID}"
level = "工程师"
industry = "工程"
route = "{{route}}"
unit = "柳州市柳东新区示例建设工程有限公司"
education = "本科"
[flags]
name_changed = {{name_changed}}
"""


def items_of(html: str) -> list[str]:
    return [e.attrs["data-item"] for e in parse(html).find("tr", "material")]


def page(route: str = "正常", name_changed: str = "false", lang: str = "zh") -> str:
    facts = load_facts(BASE.format(route=route, name_changed=name_changed))
    return checklist_html(CHECKLIST, facts.facts, facts.problems, lang)


def test_conditions_decide_the_materials() -> None:
    normal = items_of(page())
    direct = items_of(page(route="直接申报"))
    assert "direct-approval-form" not in normal and "service-years-proof" not in normal
    assert {"direct-approval-form", "service-years-proof"} <= set(direct)
    assert "exception-approval-form" not in direct
    assert "household-register" not in normal
    assert "household-register" in items_of(page(name_changed="true"))
    assert {"photo", "pension-record", "work-summary", "commitment-letter"} <= set(normal)


def test_platform_order_clause_formats_and_boxes() -> None:
    html = page(route="直接申报")
    order = {s.id: i for i, s in enumerate(CHECKLIST.sections)}
    sections = [order[CHECKLIST.items[item].section] for item in items_of(html)]
    assert sections == sorted(sections)
    rows = parse(html).find("tr", "material")
    assert len(parse(html).find("span", "box")) == len(rows)
    text = parse(html).text
    assert "§三.1(1)" in text and "JPG/PNG" in text and "§三.1(3)②" in text
    assert FULL_ID not in html and "450*************30" in html
    assert "破格申报职称审批表" in text  # listed under "does not apply", not as a box
    assert "exception-approval-form" not in items_of(html)


def test_without_facts_every_item_is_listed_with_its_condition() -> None:
    html = checklist_html(CHECKLIST, None, (), "zh")
    assert len(items_of(html)) == len(CHECKLIST.items)
    assert 'route == "直接申报"' in parse(html).text


def test_text_and_english() -> None:
    facts = load_facts(BASE.format(route="正常", name_changed="false"))
    lines = checklist_lines(CHECKLIST, facts.facts, facts.problems, "zh")
    assert any(line.startswith("  [ ] 个人相片（必需）") and "JPG/PNG" in line for line in lines)
    assert "Materials checklist" in page(lang="en") and "ID photo" in page(lang="en")


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "zccheck", "checklist", *args], capture_output=True, cwd=cwd,
                          env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin", "HOME": str(cwd),
                               "PYTHONIOENCODING": "gbk"}, timeout=120)


def test_cli_writes_the_html_file(tmp_path: Path) -> None:
    folder = tmp_path / "材料"
    folder.mkdir()
    (folder / "zccheck.toml").write_text(BASE.format(route="直接申报", name_changed="false"), encoding="gbk")
    done = cli("--facts", str(folder / "zccheck.toml"), "--format", "html", "-o", "清单.html", cwd=tmp_path)
    assert done.returncode == 0, done.stderr.decode("gbk", "replace")
    assert "direct-approval-form" in items_of((tmp_path / "清单.html").read_text(encoding="utf-8"))
    assert cli("--facts", str(folder), cwd=tmp_path).stdout.decode("gbk").count("[ ]") >= 10


@pytest.mark.parametrize("content", [b"[applicant\nname = 1", b"\x00\x01\x02" * 10])
def test_cli_bad_facts_file_exits_2(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "zccheck.toml").write_bytes(content)
    done = cli("--facts", str(tmp_path / "zccheck.toml"), cwd=tmp_path)
    assert done.returncode == 2 and b"Traceback" not in done.stderr


def test_cli_refuses_to_write_inside_the_materials(tmp_path: Path) -> None:
    (tmp_path / "zccheck.toml").write_text(BASE.format(route="正常", name_changed="false"), encoding="utf-8")
    done = cli("--facts", str(tmp_path / "zccheck.toml"), "-f", "html", "-o", str(tmp_path / "清单.html"),
               cwd=tmp_path)
    assert done.returncode == 2 and not (tmp_path / "清单.html").exists()
