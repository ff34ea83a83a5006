"""The bundled samples (samples/README.md): the complete one passes, each failing one fails as documented.

Every sample is scanned through the command line (`zccheck scan <sample> --format json`) in process. The
expected (code, item) pairs below are the ones samples/README.md documents; a test keeps the two in step.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from zccheck.cli import app

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
README = SAMPLES / "README.md"

# sample -> the (code, item) errors it is documented to produce; item None = a file-level finding.
EXPECTED_ERRORS: dict[str, set[tuple[str, str | None]]] = {
    "missing-items": {("missing-item", "business-license"), ("missing-item", "work-summary")},
    "short-summary": {("summary-too-short", "work-summary")},
    "pension-gap": {("pension-months-missing", "pension-record"),
                    ("pension-unit-change-unexplained", "unit-change-explanation")},
    "bad-photo": {("photo-not-colour", "photo"), ("photo-face-too-small", "photo")},
    "paper-incomplete": {("paper-part-missing", "papers")},
    "broken-files": {("corrupt-file", "business-license"), ("encrypted-pdf", "commitment-letter"),
                     ("extension-mismatch", "work-experience-evidence"), ("empty-file", "achievements"),
                     ("unsupported-format", "photo"), ("unsupported-format", "work-summary")},
    "direct-application": {("missing-item", "direct-approval-form")},
}
# Items whose status each failing sample must leave untouched (everything else is as in complete).
FAILING_ITEMS: dict[str, set[str]] = {
    "missing-items": {"business-license", "work-summary"},
    "short-summary": {"work-summary"},
    "pension-gap": {"pension-record", "unit-change-explanation"},
    "bad-photo": {"photo"},
    "paper-incomplete": {"papers"},
    "broken-files": {"business-license", "commitment-letter", "work-experience-evidence", "achievements",
                     "photo", "work-summary"},
    "direct-application": {"direct-approval-form", "service-years-proof"},
}

runner = CliRunner()
_SCANNED: dict[str, tuple[int, dict[str, Any], float]] = {}


def scanned(sample: str) -> tuple[int, dict[str, Any], float]:
    """`scan(samples/<sample>)`, once per test session."""
    if sample not in _SCANNED:
        _SCANNED[sample] = scan(SAMPLES / sample)
    return _SCANNED[sample]


def scan(target: Path) -> tuple[int, dict[str, Any], float]:
    """Exit code, parsed JSON and wall time of `zccheck scan target --format json`."""
    started = time.perf_counter()
    result = runner.invoke(app, ["scan", str(target), "--format", "json"])
    elapsed = time.perf_counter() - started
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, json.loads(result.stdout), elapsed


@pytest.fixture(scope="module")
def complete() -> dict[str, Any]:
    code, data, elapsed = scan(SAMPLES / "complete")
    warm_code, _, warm = scan(SAMPLES / "complete")
    print(f"\nzccheck scan samples/complete: {elapsed:.2f} s first run, {warm:.2f} s second run", file=sys.stderr)
    return {"code": code, "data": data, "warm_code": warm_code, "seconds": (elapsed, warm)}


def errors(data: dict[str, Any]) -> set[tuple[str, str | None]]:
    return {(f["code"], f["item"]) for f in data["findings"] if f["severity"] == "error"}


def statuses(data: dict[str, Any]) -> dict[str, str]:
    return {item["item"]: item["status"] for item in data["items"]}


def test_complete_sample_passes(complete: dict[str, Any], record_property) -> None:
    record_property("scan_seconds", complete["seconds"])
    data = complete["data"]
    assert complete["code"] == 0 and complete["warm_code"] == 0
    assert data["summary"]["errors"] == 0, [f["message"] for f in data["findings"] if f["severity"] == "error"]
    assert errors(data) == set()
    assert data["applicant"]["id_number"] == "450*************30"
    found = statuses(data)
    for item in ("photo", "pension-record", "achievements", "papers", "work-summary", "business-license",
                 "commitment-letter", "review-opinion", "publicity-record", "unit-recommendation",
                 "work-experience-evidence"):
        assert found[item] in ("ok", "warning", "review"), (item, found[item])
    assert not [f for f in data["findings"] if f["code"] in ("unrecognised-file", "ambiguous-file")]


def test_complete_sample_measures(complete: dict[str, Any]) -> None:
    findings = {f["code"]: f for f in complete["data"]["findings"]}
    count = findings["summary-word-count"]
    assert "2" in count["message"]  # the count is shown
    assert "paper-part-missing" not in findings and "paper-parts-unconfirmed" not in findings


@pytest.mark.parametrize("sample", sorted(EXPECTED_ERRORS))
def test_failing_sample(sample: str, complete: dict[str, Any]) -> None:
    code, data, _ = scanned(sample)
    assert code == 1
    assert EXPECTED_ERRORS[sample] <= errors(data), errors(data)
    # It fails in its own way only: every other item has the status it has in the complete sample.
    reference = statuses(complete["data"])
    changed = {item for item, status in statuses(data).items() if status != reference[item]}
    assert changed <= FAILING_ITEMS[sample], changed
    assert {item for _, item in errors(data)} <= FAILING_ITEMS[sample] | {None}


def test_paper_incomplete_names_the_two_parts() -> None:
    _, data, _ = scanned("paper-incomplete")
    parts = {f["details"]["part"] for f in data["findings"] if f["code"] == "paper-part-missing"}
    assert parts == {"copyright", "publisher-query"}


def test_windows_zip_gives_the_folder_result(complete: dict[str, Any]) -> None:
    code, data, _ = scanned("windows-gbk.zip")
    assert code == 0
    assert statuses(data) == statuses(complete["data"])
    files = {path for item in data["items"] for path in item["files"]}
    assert "10 专业技术工作总结/专业技术工作总结.pdf" in files  # GBK names decoded, top folder stripped


def test_zip_members_are_gbk_without_utf8_flag() -> None:
    import zipfile

    with zipfile.ZipFile(SAMPLES / "windows-gbk.zip") as archive:
        infos = archive.infolist()
    assert infos and all(not info.flag_bits & 0x800 for info in infos)
    raw = infos[0].filename.encode("cp437")  # how zipfile decodes names without the flag
    assert raw.decode("gbk").startswith("覃志远-职称申报材料/")


def test_readme_documents_every_expected_error() -> None:
    text = README.read_text(encoding="utf-8")
    for sample, expected in EXPECTED_ERRORS.items():
        assert f"`{sample}/`" in text, sample
        for code, item in expected:
            assert f"`{code}`" in text and (item is None or f"`{item}`" in text), (sample, code, item)


def test_generator_is_deterministic_and_samples_are_fresh(tmp_path: Path) -> None:
    sys.path.insert(0, str(SAMPLES))
    try:
        import generate
    finally:
        sys.path.remove(str(SAMPLES))
    if generate.cjk_font_path() is None:
        pytest.skip("no CJK font on this machine: scanned pages cannot match the committed bytes")
    generate.generate(tmp_path)
    produced = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    committed = sorted(p.relative_to(SAMPLES) for p in SAMPLES.rglob("*") if p.is_file()
                       and p.relative_to(SAMPLES).parts[0] in (*generate.SAMPLES, generate.ZIP_NAME))
    assert produced == committed
    for rel in produced:
        assert (tmp_path / rel).read_bytes() == (SAMPLES / rel).read_bytes(), rel
