"""`batch --out DIR`: one plain fix-it list per applicant, `<applicant>-整改清单.txt`, written only into DIR.

The lines are those of reporters/text_report.py (numbered, Chinese first, file names quoted). Files are
UTF-8 with a BOM and CRLF line ends, so Notepad and WPS on any Windows open them correctly. DIR gets a marker
file so a later batch over the same ROOT never takes DIR for an applicant.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from zccheck.batch.discover import OUT_MARKER
from zccheck.batch.filenames import safe_file_stem
from zccheck.batch.model import ApplicantReport, BatchResult, status_hint, status_label
from zccheck.masking import mask_ids
from zccheck.reporters.batch_labels import blabel

SUFFIX = "-整改清单.txt"


def failure_lines(applicant: ApplicantReport, lang: str) -> list[str]:
    """The fix-it list of an applicant whose materials could not be checked."""
    detail = (applicant.problem or {}).get("detail") or ""
    return [
        f"zccheck — {blabel(lang, 'fixit_header')}",
        f"{blabel(lang, 'applicant')}: {applicant.label}",
        "",
        f"1. 【{status_label(applicant.status, lang)}】" + (f"{detail}" if detail else ""),
        f"   {'fix' if lang == 'en' else '修改方法'}: {status_hint(applicant.status, lang)}",
    ]


def write_all(batch: BatchResult, out_dir: str | Path) -> list[Path]:
    """Write every applicant's list into `out_dir` (created if needed); return the files written."""
    batch = batch.masked()
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / OUT_MARKER).write_text("zccheck batch --out: fix-it lists, not an applicant\n", encoding="utf-8")
    written: list[Path] = []
    used: set[str] = set()
    for applicant in batch.applicants:
        lines = applicant.fixit if applicant.fixit is not None and applicant.result is not None else \
            failure_lines(applicant, batch.lang)
        stem = safe_file_stem(mask_ids(applicant.label))
        name, number = stem + SUFFIX, 2
        while name.casefold() in used:
            name, number = f"{stem}({number}){SUFFIX}", number + 1
        used.add(name.casefold())
        text = "\r\n".join(mask_ids(line) for line in lines) + "\r\n"
        written.append(_write_text(folder / name, text))
    return written


def file_mode() -> int:
    """The mode a new file gets under the current umask (temporary files are created 0600)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def _write_text(path: Path, text: str) -> Path:
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".zccheck-", suffix=".txt")
    try:
        with os.fdopen(handle, "w", encoding="utf-8-sig", newline="") as stream:
            stream.write(text)
        os.chmod(temp, file_mode())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return path
