"""The bundled checklist loads; a broken one is one clear ChecklistError naming file, item, key and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from zccheck.checklist.loader import ChecklistError, available_checklists, load_checklist, resolve_checklist

DIGEST_ITEMS = {
    "photo", "education-certificate", "current-title-certificate", "direct-approval-form",
    "exception-approval-form", "service-years-proof", "ce-hours-certificate", "pension-record",
    "unit-change-explanation", "labor-contract", "work-experience-evidence", "achievements", "papers",
    "work-summary", "business-license", "household-register", "authorization-letter", "epidemic-proof",
    "commitment-letter", "review-opinion", "publicity-record", "unit-recommendation",
}
REAL = resolve_checklist(None)


def test_bundled_checklist_has_every_digest_item() -> None:
    checklist = load_checklist(REAL)
    assert set(checklist.items) == DIGEST_ITEMS
    assert checklist.fees == {"工程师": 230, "助理工程师": 150, "技术员": 150}
    assert checklist.deadlines.first_submission.isoformat() == "2024-09-06T17:00:00+08:00"
    assert checklist.items["achievements"].max_groups == 20
    assert checklist.items["papers"].max_groups == 7
    assert all(item.source.startswith("§") for item in checklist.items.values())
    assert REAL in available_checklists()


def _mutate(tmp_path: Path, old: str, new: str) -> Path:
    text = REAL.read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / "broken.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "item", "key", "message"),
    [
        ('[items.photo]\nname = "个人相片"', '[items.photo]\nnmae = "个人相片"', "photo", "nmae", "unknown key"),
        ('max_files = 1', 'max_files = "one"', "photo", "max_files", "must be an integer"),
        ('max_files = 1', 'max_files = 0', "photo", "max_files", "at least 1"),
        ('when = "flags.dispatched"', 'when = "flags.dispached"', "labor-contract", "when", "unknown fact"),
        ('when = "flags.dispatched"', 'when = "flags.dispatched and"', "labor-contract", "when", "bad condition"),
        ('presence = "recommended"\nsource = "§三.2(1)"', 'presence = "maybe"\nsource = "§三.2(1)"',
         "work-experience-evidence", "presence", "presence must be one of"),
        ('section = "1"\npresence', 'section = "99"\npresence', "photo", "section", "unknown section"),
        ('keywords = ["个人相片"', 'keywords = [""', "photo", "keywords", "non-empty strings"),
        ('satisfied_by = ["pension-record"]', 'satisfied_by = ["pension"]', "service-years-proof", "satisfied_by",
         "unknown item"),
    ],
)
def test_item_errors_name_item_key_and_line(tmp_path: Path, old: str, new: str, item: str, key: str,
                                            message: str) -> None:
    path = _mutate(tmp_path, old, new)
    with pytest.raises(ChecklistError, match=message) as caught:
        load_checklist(path)
    error = caught.value
    assert (error.item, error.key) == (item, key)
    assert error.path == str(path)
    assert error.line is not None
    line_text = path.read_text(encoding="utf-8").splitlines()[error.line - 1]
    assert key in line_text or f"items.{item}" in line_text


def test_unknown_check_is_an_error(tmp_path: Path) -> None:
    path = _mutate(tmp_path, 'applicant_checks = ["presence"', 'applicant_checks = ["presense"')
    with pytest.raises(ChecklistError, match="unknown check 'presense'"):
        load_checklist(path)


def test_check_in_the_wrong_scope_is_an_error(tmp_path: Path) -> None:
    path = _mutate(tmp_path, 'document_checks = ["file-integrity"', 'document_checks = ["presence"')
    with pytest.raises(ChecklistError, match="scope"):
        load_checklist(path)


def test_unknown_and_mistyped_check_options_are_errors(tmp_path: Path) -> None:
    path = _mutate(tmp_path, "[run]", "[checks.deadline]\nwarn_dayz = 3\n\n[run]")
    with pytest.raises(ChecklistError, match="no option 'warn_dayz'"):
        load_checklist(path)
    path = _mutate(tmp_path, "[run]", '[checks.deadline]\nwarn_days = "3"\n\n[run]')
    with pytest.raises(ChecklistError, match="must be like 7"):
        load_checklist(path)
    path = _mutate(tmp_path, "[run]", "[checks.photo-typo]\nx = 1\n\n[run]")
    with pytest.raises(ChecklistError, match="not among the checks"):
        load_checklist(path)


def test_option_override_is_merged_with_defaults(tmp_path: Path) -> None:
    path = _mutate(tmp_path, "[run]", "[checks.deadline]\nwarn_days = 3\n\n[run]")
    checklist = load_checklist(path)
    deadline = next(use for use in checklist.checks if use.id == "deadline")
    assert deadline.options["warn_days"] == 3


def test_severity_override_validated(tmp_path: Path) -> None:
    ok = load_checklist(_mutate(tmp_path, "[severity]", '[severity]\n"unrecognised-file" = "info"'))
    assert ok.severity["unrecognised-file"].value == "info"
    with pytest.raises(ChecklistError, match="unknown finding code"):
        load_checklist(_mutate(tmp_path, "[severity]", '[severity]\n"no-such-code" = "info"'))
    with pytest.raises(ChecklistError, match="severity must be one of"):
        load_checklist(_mutate(tmp_path, "[severity]", '[severity]\n"unrecognised-file" = "fatal"'))


def test_toml_syntax_error_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ChecklistError, match="not valid TOML"):
        load_checklist(_mutate(tmp_path, "[fees]", "[fees"))
    with pytest.raises(ChecklistError, match="cannot read"):
        load_checklist(tmp_path / "nope.toml")


def test_unit_can_make_an_item_optional_and_add_one(tmp_path: Path) -> None:
    text = REAL.read_text(encoding="utf-8").replace(
        '[items.business-license]\nname = "单位营业执照"\nname_en = "Unit business licence"\nsection = "11"\n'
        'presence = "required"',
        '[items.business-license]\nname = "单位营业执照"\nname_en = "Unit business licence"\nsection = "11"\n'
        'presence = "optional"')
    text += ('\n[items.safety-certificate]\nname = "安全生产考核合格证"\nname_en = "Safety certificate"\n'
             'section = "11"\nsource = "单位要求"\nkeywords = ["安全生产考核", "安全考核合格证"]\n')
    path = tmp_path / "unit.toml"
    path.write_text(text, encoding="utf-8")
    checklist = load_checklist(path)
    assert checklist.items["business-license"].presence == "optional"
    assert checklist.items["safety-certificate"].presence == "required"
