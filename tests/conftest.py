"""Shared test helpers: build small applicant folders in tmp_path and run the engine on them."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import pytest

from zccheck.checklist.loader import load_checklist, resolve_checklist
from zccheck.checklist.model import Checklist
from zccheck.classify.classifier import names_material
from zccheck.engine import ScanOptions, evaluate
from zccheck.inventory.materials import open_materials
from zccheck.result import Result

sys.dont_write_bytecode = True


def pdf_bytes(pages: int = 1, password: str | None = None, owner_only: bool = False,
              text: str = "营业执照 统一社会信用代码 91450200MA5XXXXX0X") -> bytes:
    """A small valid A4 PDF with a line of Chinese text per page (optionally encrypted)."""
    from pypdf import PdfReader, PdfWriter
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    drawing = canvas.Canvas(buffer, pagesize=(595, 842), invariant=1)
    for number in range(pages):
        drawing.setFont("STSong-Light", 14)
        drawing.drawString(72, 760, f"{text} 第{number + 1}页")
        drawing.showPage()
    drawing.save()
    if password is None:
        return buffer.getvalue()
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(buffer.getvalue())))
    writer.encrypt(user_password="" if owner_only else password, owner_password=password or "owner")
    encrypted = io.BytesIO()
    writer.write(encrypted)
    return encrypted.getvalue()


def jpeg_bytes(size: tuple[int, int] = (1240, 1754), color: tuple[int, int, int] = (250, 250, 250)) -> bytes:
    """A plain JPEG of `size` pixels."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG", quality=85, dpi=(150, 150))
    return buffer.getvalue()


def png_bytes(size: tuple[int, int] = (800, 600)) -> bytes:
    """A plain PNG."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (255, 255, 255)).save(buffer, "PNG")
    return buffer.getvalue()


FACTS = """\
[applicant]
name = "张三"
level = "工程师"
industry = "工程"
route = "正常"
unit = "柳州市柳东新区示例建设工程有限公司"
education = "本科"
apply_date = 2024-08-20
"""


class Materials:
    """A folder of materials being built for a test."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)

    def add(self, rel: str, data: bytes | str = b"") -> Path:
        """Write `data` at `rel` (parents created)."""
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return path

    def facts(self, text: str = FACTS, **changes: str) -> None:
        """Write zccheck.toml, replacing `key = ...` lines of [applicant] given in `changes`."""
        lines = []
        for line in text.splitlines():
            key = line.split("=")[0].strip()
            lines.append(f'{key} = "{changes.pop(key)}"' if key in changes else line)
        lines += [f'{k} = "{v}"' for k, v in changes.items()]
        self.add("zccheck.toml", "\n".join(lines) + "\n")


@pytest.fixture
def materials(tmp_path: Path) -> Materials:
    """An empty materials folder."""
    return Materials(tmp_path / "materials")


@pytest.fixture(scope="session")
def checklist() -> Checklist:
    """The bundled checklist."""
    return load_checklist(resolve_checklist(None))


def run(root: Path, checklist: Checklist | None = None, *, as_of: date | None = None, lang: str = "zh",
        **overrides: object) -> Result:
    """Scan `root` with the engine (no CLI)."""
    loaded = checklist or load_checklist(resolve_checklist(None))
    options = ScanOptions(lang=lang, as_of=as_of, overrides={k: v for k, v in overrides.items() if v is not None})
    return evaluate(open_materials(root, keep=lambda name: names_material(name, loaded)), loaded, options)


def keys(result: Result) -> set[tuple[str, str | None, str | None]]:
    """The findings as a flat set of (code, item, path)."""
    return {f.key() for f in result.findings}


def codes(result: Result, item: str | None = ...) -> set[str]:  # type: ignore[assignment]
    """Finding codes, optionally only those of `item`."""
    return {f.code for f in result.findings if item is ... or f.item == item}


def by_code(result: Result, code: str) -> list:
    """Findings with `code`."""
    return [f for f in result.findings if f.code == code]


def status(result: Result, item_id: str) -> str:
    """The status of one item."""
    return next(ir.status for ir in result.items if ir.item.id == item_id)


def paths(findings: Iterable) -> set[str | None]:
    """Paths of findings."""
    return {f.path for f in findings}
