"""A full ID number never reaches any output: file names, paths, lists, messages, details, every format."""

from __future__ import annotations

import json
import re
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from conftest import Materials, pdf_bytes, png_bytes, run
from zccheck.cli import app
from zccheck.masking import mask_id_number, mask_ids, mask_ids_deep

FULL = "450202198801015811"
MASKED = "450*************11"
OLD = "450202880101581"  # a 15-digit number of the first generation


def test_mask_ids_finds_ids_in_names_and_paths() -> None:
    assert mask_ids(f"11 其他材料/身份证-{FULL}.pdf") == f"11 其他材料/身份证-{MASKED}.pdf"
    assert mask_ids(f"身份证{FULL}正面.jpg") == f"身份证{MASKED}正面.jpg"
    assert mask_ids("id_45020219880101581x.png") == "id_450*************1x.png"
    assert mask_ids(f"旧证 {OLD}") == f"旧证 {mask_id_number(OLD)}"
    assert mask_ids("账号 6217001234567890123 金额 202403") == "账号 6217001234567890123 金额 202403"
    assert mask_ids(mask_ids(FULL)) == MASKED
    assert mask_ids_deep({"files": [FULL], FULL: (FULL,)}) == {"files": [MASKED], MASKED: [MASKED]}


def _folder(materials: Materials) -> None:
    materials.facts()
    materials.add(f"11 其他材料/身份证-{FULL}.pdf", pdf_bytes(text=f"身份证 {FULL}"))
    materials.add(f"11 其他材料/营业执照-{FULL}.pdf", pdf_bytes())
    materials.add(f"1 基本信息/个人相片-{FULL}.png", png_bytes((300, 300)))
    materials.add(f"{FULL}/随便.txt", "")


def _no_full_id(text: str) -> None:
    assert FULL not in text
    assert not re.search(r"(?<!\d)4502021988\d{7}[\dXx](?!\d)", text)


def test_the_result_masks_every_field(materials: Materials) -> None:
    _folder(materials)
    result = run(materials.root)
    assert any(FULL in (f.path or "") for f in result.findings)  # the engine keeps the real paths …
    masked = result.masked()  # … and every reporter prints this
    _no_full_id(repr(masked.findings) + repr(masked.items) + repr(masked.unrecognised) + masked.root)
    assert any(MASKED in (f.path or "") for f in masked.findings)


@pytest.mark.parametrize("fmt", ["json", "text", "rich", "html"])
def test_scan_masks_in_every_format(materials: Materials, fmt: str) -> None:
    _folder(materials)
    out = CliRunner().invoke(app, ["scan", str(materials.root), "--format", fmt, "--no-color"])
    assert out.exit_code in (0, 1), out.output
    _no_full_id(out.stdout + out.stderr)
    assert MASKED in out.stdout
    if fmt == "json":
        data = json.loads(out.stdout)
        files = [p for item in data["items"] for p in item["files"]]
        assert f"11 其他材料/营业执照-{MASKED}.pdf" in files
        assert any(MASKED in p for p in data["unrecognised"]) or any(
            MASKED in (f["path"] or "") for f in data["findings"])


def test_scan_error_messages_are_masked(tmp_path: Path) -> None:
    missing = tmp_path / f"材料-{FULL}.zip"
    missing.write_bytes(b"PK\x03\x04 not a zip")
    out = CliRunner().invoke(app, ["scan", str(missing)])
    assert out.exit_code != 0
    _no_full_id(out.stdout + out.stderr)


@pytest.mark.parametrize("fmt", ["json", "text", "rich"])
def test_batch_masks_in_every_format(tmp_path: Path, materials: Materials, fmt: str) -> None:
    materials.root.rename(tmp_path / "unit")
    applicant = Materials(tmp_path / "unit" / f"张三-{FULL}")
    _folder(applicant)
    xlsx, out_dir = tmp_path / "汇总.xlsx", tmp_path / "整改"
    result = CliRunner().invoke(app, ["batch", str(tmp_path / "unit"), "--format", fmt, "--no-cache",
                                      "--jobs", "1", "--xlsx", str(xlsx), "--out", str(out_dir), "--no-color"])
    assert result.exit_code in (0, 1), result.output
    _no_full_id(result.stdout + result.stderr)
    written = "".join(p.read_text("utf-8") for p in out_dir.glob("*.txt"))
    _no_full_id(written + " ".join(p.name for p in out_dir.iterdir()))
    book = openpyxl.load_workbook(xlsx)
    cells = " ".join(str(c.value) for sheet in book for row in sheet.iter_rows() for c in row if c.value)
    _no_full_id(cells)
