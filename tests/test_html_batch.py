"""`zccheck batch ROOT --html DIR`: index.html with everyone's status, one self-contained page per applicant."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import pytest

from html_page import parse

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
FULL_ID = "450205198803150030"


def batch(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "zccheck", "batch", *args, "--as-of", "2024-08-20", "--jobs", "1",
                           "--no-cache"], capture_output=True, cwd=cwd, timeout=600,
                          env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin", "HOME": str(cwd),
                               "PYTHONIOENCODING": "gbk"})


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess]:
    base = tmp_path_factory.mktemp("batch")
    root = base / "全部申报人"
    shutil.copytree(SAMPLES / "complete", root / "张三")
    shutil.copytree(SAMPLES / "pension-gap", root / f"李四<script>{FULL_ID}")
    (root / "王五").mkdir()
    done = batch(str(root), "--html", str(base / "网页报告"), cwd=base)
    return base / "网页报告", done


def test_index_lists_everyone_with_status_and_links(written: tuple[Path, subprocess.CompletedProcess]) -> None:
    folder, done = written
    assert done.returncode == 1, done.stderr.decode("gbk", "replace")
    index = (folder / "index.html").read_text(encoding="utf-8")
    page = parse(index)
    rows = page.find("tr", "applicant")
    assert len(rows) == 3
    assert [sorted(r.classes - {"applicant"})[0] for r in rows] == ["warning", "error", "error"]
    links = [unquote(a.attrs["href"]) for a in page.find("a")]
    assert len(links) == 3 and all((folder / link).is_file() for link in links)
    assert not re.search(r"https?://", index) and not page.find("script")
    assert FULL_ID not in index and "李四<script>450*************30" in page.text


def test_one_self_contained_page_per_applicant(written: tuple[Path, subprocess.CompletedProcess]) -> None:
    folder, _ = written
    pages = sorted(p.name for p in folder.glob("*.html") if p.name != "index.html")
    assert pages == ["001-张三.html", "002-李四_script_450_____________30.html", "003-王五.html"]
    for name in pages:
        html = (folder / name).read_text(encoding="utf-8")
        parsed = parse(html)
        assert "todo" in parsed.ids() and not parsed.find("script")
        assert all(img.attrs["src"].startswith("data:image/jpeg;base64,") for img in parsed.find("img"))
        assert FULL_ID not in html and not re.search(r"https?://", html)
    photo_page = parse((folder / "002-李四_script_450_____________30.html").read_text(encoding="utf-8"))
    assert {"photo", "pension"} <= photo_page.ids() and photo_page.find("div", "face")


def test_html_folder_is_never_taken_for_an_applicant(written: tuple[Path, subprocess.CompletedProcess]) -> None:
    folder, _ = written
    assert any(p.name.startswith(".zccheck") for p in folder.iterdir())


def test_html_inside_an_applicant_folder_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "root"
    shutil.copytree(SAMPLES / "complete", root / "张三")
    done = batch(str(root), "--html", str(root / "张三" / "报告"), cwd=tmp_path)
    assert done.returncode == 2
    assert not (root / "张三" / "报告").exists()
