"""The layering of docs/architecture.md, checked on the source (AST): who may print, who may import whom,
and one implementation of each shared idea (zip guard, an item's condition)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "zccheck"


def _modules(under: str = "") -> list[Path]:
    return sorted(p for p in (PACKAGE / under).rglob("*.py") if "__pycache__" not in p.parts)


def _rel(path: Path) -> str:
    return path.relative_to(PACKAGE).as_posix()


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _imports(path: Path, source: str | None = None) -> set[str]:
    """Every module `path` (or `source` as if it were at `path`) imports, at any depth of the file: absolute
    names, relative imports resolved."""
    package = ["zccheck", *path.relative_to(PACKAGE).parent.parts]
    found: set[str] = set()
    for node in ast.walk(ast.parse(source) if source is not None else _tree(path)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package[: len(package) - node.level + 1] + ([base] if base else []))
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def _prints(path: Path) -> list[int]:
    """Lines that call print(...) or <anything>.print(...) (a rich Console)."""
    lines = []
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Call):
            func = node.func
            if (isinstance(func, ast.Name) and func.id == "print") or (
                    isinstance(func, ast.Attribute) and func.attr == "print"):
                lines.append(node.lineno)
    return lines


def test_only_reporters_print() -> None:
    offenders = {_rel(p): lines for p in _modules() if not _rel(p).startswith("reporters/")
                 and (lines := _prints(p))}
    assert offenders == {}


def test_checks_do_not_import_each_other() -> None:
    checks = {p.stem for p in _modules("checks")} - {"__init__", "base"}
    offenders = {}
    for path in _modules("checks"):
        if path.stem == "__init__":
            continue  # the registry imports every check, by design
        bad = {name for name in _imports(path)
               if name.startswith("zccheck.checks.") and name.split(".")[2] in checks - {path.stem}}
        if bad:
            offenders[_rel(path)] = sorted(bad)
    assert offenders == {}


@pytest.mark.parametrize("layer", ["batch", "checks", "content", "inventory", "rules", "classify", "checklist"])
def test_lower_layers_never_import_reporters(layer: str) -> None:
    offenders = {_rel(p): sorted(n for n in _imports(p) if n.startswith("zccheck.reporters"))
                 for p in _modules(layer)}
    assert {k: v for k, v in offenders.items() if v} == {}
    for name in ("engine.py", "result.py", "result_json.py"):
        assert not any(n.startswith("zccheck.reporters") for n in _imports(PACKAGE / name)), name


def test_batch_worker_does_not_import_reporters() -> None:
    assert not any(n.startswith("zccheck.reporters") for n in _imports(PACKAGE / "batch" / "worker.py"))


def test_the_architecture_test_sees_what_it_forbids(tmp_path: Path) -> None:
    """The checks above would fail on the patterns they forbid (they are not vacuous)."""
    sample = tmp_path / "sample.py"
    sample.write_text("from rich.console import Console\nConsole().print('x')\nprint('y')\n", encoding="utf-8")
    assert _prints(sample) == [2, 3]
    assert "zccheck.checks.work_summary" in _imports(PACKAGE / "checks" / "report_vs_summary.py",
                                                     "from zccheck.checks.work_summary import document_text\n")
    assert "zccheck.reporters.json_report" in _imports(PACKAGE / "batch" / "worker.py",
                                                       "def f():\n    from ..reporters import json_report\n")
    sample.write_text("ratio = info.file_size / max(info.compress_size, 1)\n", encoding="utf-8")
    assert _zip_size_checks(sample) == [1]


# --- one implementation of each shared idea -----------------------------------------------------------------

def _zip_size_checks(path: Path) -> list[int]:
    """Lines computing a compression ratio (… / compress_size): what every zip-bomb guard does."""
    def mentions(node: ast.AST, attr: str) -> bool:
        return any(isinstance(n, ast.Attribute) and n.attr == attr for n in ast.walk(node))

    lines = []
    for node in ast.walk(_tree(path)):
        ratio = isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div) and mentions(node.right, "compress_size")
        if ratio or (isinstance(node, ast.Compare) and mentions(node, "compress_size")):
            lines.append(node.lineno)
    return lines


def test_one_zip_guard() -> None:
    """Only inventory/zipguard.py judges a zip's compression ratio."""
    users = {_rel(p) for p in _modules() if _zip_size_checks(p)}
    assert users == {"inventory/zipguard.py"}


def test_the_zip_guard_is_the_same_for_every_office_reader(tmp_path: Path) -> None:
    """One set of Office limits: the docx text reader, the pension reader, the roster and the probe all refuse
    (or all accept) the same bytes."""
    import io
    import zipfile

    from zccheck.batch.roster import RosterError, read_roster
    from zccheck.content.errors import ContentError
    from zccheck.content.pension.read_xlsx import xlsx_grids
    from zccheck.content.text import docx_text
    from zccheck.inventory.probe import ProbeError, probe_container
    from zccheck.inventory.zipguard import OFFICE_LIMITS

    def refused_by_all(data: bytes) -> set[str]:
        refused = set()
        for name, call, error in (
                ("docx", lambda: docx_text(data), ContentError), ("pension", lambda: xlsx_grids(data), ContentError),
                ("probe", lambda: probe_container(data), ProbeError)):
            try:
                call()
            except error as exc:
                if getattr(exc, "reason", getattr(exc, "token", "")) in ("bomb", "zip-bomb"):
                    refused.add(name)
        path = tmp_path / "roster.xlsx"
        path.write_bytes(data)
        try:
            read_roster(path)
        except RosterError as exc:
            if "压缩炸弹" in str(exc):
                refused.add("roster")
        return refused

    def office_zip(members: int) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")
            for number in range(members - 1):
                archive.writestr(f"xl/extra/{number}.xml", b"")
        return buffer.getvalue()

    everyone = {"docx", "pension", "probe", "roster"}
    assert refused_by_all(office_zip(OFFICE_LIMITS.max_members + 1)) == everyone
    assert refused_by_all(office_zip(OFFICE_LIMITS.max_members)) == set()


def test_one_place_evaluates_an_items_condition() -> None:
    """`when.evaluate(...)` is called only by ItemSpec.applies (checklist/model.py)."""
    callers = set()
    for path in _modules():
        for node in ast.walk(_tree(path)):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "evaluate"
                    and isinstance(node.func.value, ast.Attribute) and node.func.value.attr == "when"):
                callers.add(_rel(path))
    assert callers == {"checklist/model.py"}
