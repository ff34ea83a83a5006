"""Report files: any reporter's output written to a file as UTF-8 (whatever the console's encoding),
never inside the materials being checked."""

from __future__ import annotations

import io
import os
from pathlib import Path
from types import ModuleType

from zccheck.result import Result


def render_text(reporter: ModuleType, result: Result) -> str:
    """What `reporter` would print for `result`, as text (no colour: it goes to a file)."""
    buffer = io.StringIO()
    reporter.render(result, buffer, color=False)
    return buffer.getvalue()


def inside_materials(target: str | Path, materials: str | Path) -> bool:
    """True when writing `target` would write into (or over) the materials at `materials`."""
    try:
        real_target = Path(target).resolve()
        real_materials = Path(materials).resolve()
    except (OSError, RuntimeError):
        return False
    if real_target == real_materials:
        return True
    return real_materials.is_dir() and real_materials in real_target.parents


def write_text(path: str | Path, text: str) -> Path:
    """Write `text` to `path` as UTF-8 through a temporary file beside it (no half-written report)."""
    target = Path(path)
    if target.parent and not target.parent.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(temporary, target)
    finally:
        if temporary.exists():
            temporary.unlink()
    return target


def write_html_report(result: Result, path: str) -> None:
    """Write `result`'s HTML page to `path` (what `batch --html` workers are given to call)."""
    from zccheck.reporters.html import report_html

    write_text(path, report_html(result))
