"""Read-only guarantee: scanning (and batch-checking) materials changes nothing and creates nothing in them.

The whole tree is fingerprinted before and after — every entry's name (as bytes), type, mode, size, mtime
and ctime, a link's target, a file's content hash — and so is the folder that holds it. The commands run in
a subprocess with bytecode writing allowed and TMPDIR pointed at an empty folder, so stray __pycache__
folders and leftover temporary files would show up too.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import hostile_corpus as corpus
from hostile_corpus import diff, fingerprint


def zccheck(*args: str, tmpdir: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    """Run zccheck in a subprocess that may write bytecode and temporary files (so we would see them)."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env.update(TMPDIR=str(tmpdir), ZCCHECK_CACHE_DIR=str(cache), NO_COLOR="1")
    src = Path(__file__).resolve().parents[1] / "src"
    env["PYTHONPATH"] = os.pathsep.join([str(src), env.get("PYTHONPATH", "")])
    return subprocess.run([sys.executable, "-m", "zccheck", *args], capture_output=True, text=True, env=env,
                          timeout=600, cwd=tmpdir)


@pytest.fixture(scope="module")
def materials(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A parent folder holding one applicant folder per hostile case (zips and links included)."""
    parent = tmp_path_factory.mktemp("readonly")
    root = parent / "单位申报材料"
    root.mkdir()
    for case in corpus.CASES:
        if corpus.usable(case) is None and "timeout" not in case.tags:
            corpus.build_case(case, root)
    applicant = root / "张三"
    (applicant / "01 基本信息").mkdir(parents=True)
    (applicant / "01 基本信息" / "个人相片.jpg").write_bytes(corpus.jpeg_bytes((295, 413)))
    (applicant / "营业执照.pdf").write_bytes(corpus.pdf_bytes())
    (applicant / "养老保险缴费记录.xlsx").write_bytes(corpus.xlsx_bytes())
    (applicant / "专业技术工作总结.docx").write_bytes(corpus.docx_bytes())
    (applicant / "zccheck.toml").write_text('[applicant]\nname = "张三"\nlevel = "工程师"\n', encoding="utf-8")
    (root / "李四.zip").write_bytes(corpus.zip_of({"李四/营业执照.pdf": corpus.pdf_bytes(),
                                                   "李四/个人相片.jpg": corpus.jpeg_bytes((295, 413))},
                                                  utf8_names=False))
    return root


@pytest.fixture
def sandbox(tmp_path: Path) -> tuple[Path, Path]:
    """An empty TMPDIR and a cache folder, both outside the materials."""
    (tmp_path / "tmp").mkdir()
    return tmp_path / "tmp", tmp_path / "cache"


@pytest.mark.parametrize("output", ["json", "rich", "text"])
def test_scan_writes_nothing(materials: Path, sandbox: tuple[Path, Path], output: str) -> None:
    tmpdir, cache = sandbox
    before = fingerprint(materials.parent)
    targets = [materials]
    if output == "json":
        targets += [materials / "张三", materials / "李四.zip", materials / "zip-unsafe-paths" / "unsafe.zip",
                    materials / "zip-bomb-materials" / "bomb.zip"]
    for target in targets:
        run = zccheck("scan", str(target), "--format", output, "--as-of", "2024-08-20", tmpdir=tmpdir, cache=cache)
        assert run.returncode in (0, 1, 2, 3), run.stderr
        assert "Traceback" not in run.stderr, run.stderr
    assert diff(before, fingerprint(materials.parent)) == []
    assert _left_over(tmpdir) == []


# onnxruntime (1.32, imported for OCR) writes a telemetry session file `.ses` into $TMPDIR at import, and
# ~/.cache/Microsoft/DeveloperTools/; neither is in the materials and neither is ours.
THIRD_PARTY_TEMP = {".ses"}


def _left_over(tmpdir: Path) -> list[str]:
    """Files left in TMPDIR, other than known third-party ones."""
    return [f"{p.name}: {p.read_bytes()[:200]!r}" if p.is_file() else p.name
            for p in tmpdir.iterdir() if p.name not in THIRD_PARTY_TEMP]


def test_batch_writes_nothing(materials: Path, sandbox: tuple[Path, Path]) -> None:
    tmpdir, cache = sandbox
    probe = zccheck("batch", "--help", tmpdir=tmpdir, cache=cache)
    if probe.returncode != 0:
        pytest.skip("`zccheck batch` does not exist yet")
    before = fingerprint(materials.parent)
    run = zccheck("batch", str(materials), "--format", "json", "--as-of", "2024-08-20", "--jobs", "2",
                  tmpdir=tmpdir, cache=cache)
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
    assert run.returncode in (0, 1), run.stderr[-3000:]
    assert diff(before, fingerprint(materials.parent)) == []
    assert _left_over(tmpdir) == []
