"""Presence, counts, marks, duplicates, file integrity, naming and deadlines on generated folders."""

from __future__ import annotations

from datetime import date

import pytest

from conftest import Materials, by_code, codes, jpeg_bytes, keys, pdf_bytes, run, status

AUG = date(2024, 8, 20)

# Text that names no material: these tests are about names, and content recognition must not overrule them.
NEUTRAL = "扫描件 示例文字"


def test_missing_required_items_follow_the_facts(materials: Materials) -> None:
    materials.facts()
    result = run(materials.root, as_of=AUG)
    missing = {f.item for f in by_code(result, "missing-item")}
    assert {"photo", "pension-record", "achievements", "work-summary", "business-license", "commitment-letter",
            "review-opinion", "publicity-record", "unit-recommendation"} <= missing
    # Conditional items are not required for a 正常 application without flags.
    assert not missing & {"direct-approval-form", "exception-approval-form", "labor-contract",
                          "ce-hours-certificate", "household-register", "authorization-letter", "papers"}
    assert {f.item for f in by_code(result, "missing-recommended-item")} == {"work-experience-evidence"}
    assert status(result, "direct-approval-form") == "not-required"
    assert status(result, "photo") == "missing"
    assert result.exit_code() == 1


@pytest.mark.parametrize(
    ("facts", "item"),
    [
        ({"route": "直接申报"}, "direct-approval-form"),
        ({"route": "直接申报"}, "service-years-proof"),
        ({"route": "破格"}, "exception-approval-form"),
        ({"industry": "住建"}, "ce-hours-certificate"),
    ],
)
def test_conditional_items_become_required(materials: Materials, facts: dict[str, str], item: str) -> None:
    materials.facts(**facts)
    assert ("missing-item", item, None) in keys(run(materials.root, as_of=AUG))


@pytest.mark.parametrize(
    ("flag", "item"),
    [("dispatched", "labor-contract"), ("name_changed", "household-register"),
     ("central_unit", "authorization-letter"), ("education_unverifiable", "education-certificate")],
)
def test_flags_make_items_required(materials: Materials, flag: str, item: str) -> None:
    materials.facts()
    materials.add("zccheck.toml", (materials.root / "zccheck.toml").read_text("utf-8") + f"[flags]\n{flag} = true\n")
    assert ("missing-item", item, None) in keys(run(materials.root, as_of=AUG))


def test_title_certificate_needs_flag_and_not_for_technicians(materials: Materials) -> None:
    materials.facts()
    base = (materials.root / "zccheck.toml").read_text("utf-8")
    materials.add("zccheck.toml", base + "[flags]\ntitle_not_shared = true\n")
    assert ("missing-item", "current-title-certificate", None) in keys(run(materials.root, as_of=AUG))
    materials.add("zccheck.toml", base.replace("工程师", "技术员") + "[flags]\ntitle_not_shared = true\n")
    assert ("missing-item", "current-title-certificate", None) not in keys(run(materials.root, as_of=AUG))


def test_epidemic_proof_is_only_ever_a_warning(materials: Materials) -> None:
    materials.facts()
    materials.add("zccheck.toml", (materials.root / "zccheck.toml").read_text("utf-8") + "[flags]\nepidemic = true\n")
    result = run(materials.root, as_of=AUG)
    assert ("missing-recommended-item", "epidemic-proof", None) in keys(result)
    assert ("missing-item", "epidemic-proof", None) not in keys(result)


def test_pension_record_stands_in_for_service_years_proof(materials: Materials) -> None:
    materials.facts(route="直接申报")
    materials.add("6-2 个人社保缴纳记录/养老保险缴费证明.pdf", pdf_bytes(text=NEUTRAL))
    assert "service-years-proof" not in {f.item for f in by_code(run(materials.root, as_of=AUG), "missing-item")}


def test_present_item_is_not_missing_and_lists_its_files(materials: Materials) -> None:
    materials.facts()
    materials.add("11 其他材料/营业执照副本扫描件.pdf", pdf_bytes())
    result = run(materials.root, as_of=AUG)
    assert "business-license" not in {f.item for f in by_code(result, "missing-item")}
    item = next(ir for ir in result.items if ir.item.id == "business-license")
    assert item.files == ("11 其他材料/营业执照副本扫描件.pdf",)
    assert item.status == "ok"


def test_two_photos_and_a_pdf_photo(materials: Materials) -> None:
    materials.facts()
    materials.add("01 基本信息/照片1.jpg", jpeg_bytes((413, 579)))
    materials.add("01 基本信息/证件照.pdf", pdf_bytes(text=NEUTRAL))
    result = run(materials.root, as_of=AUG)
    assert ("too-many-files", "photo", None) in keys(result)
    assert ("wrong-format-for-item", "photo", "01 基本信息/证件照.pdf") in keys(result)
    assert "“证件照.pdf”是 pdf 文件" in by_code(result, "wrong-format-for-item")[0].message


def _papers(materials: Materials, count: int, masterpieces: int) -> None:
    for number in range(1, count + 1):
        mark = "（代表作）" if number <= masterpieces else ""
        materials.add(f"09 学术成果/论文{number}-题目{number}{mark}/全文.pdf", pdf_bytes(number))


def test_paper_limits_and_masterpiece(materials: Materials) -> None:
    materials.facts()
    _papers(materials, 8, 1)
    result = run(materials.root, as_of=AUG)
    assert ("too-many-entries", "papers", None) in keys(result)
    assert by_code(result, "too-many-entries")[0].details["count"] == 8
    assert "no-masterpiece" not in codes(result)


@pytest.mark.parametrize(("count", "marked", "code"), [(3, 0, "no-masterpiece"), (3, 2, "several-masterpieces")])
def test_masterpiece_errors(materials: Materials, count: int, marked: int, code: str) -> None:
    materials.facts()
    _papers(materials, count, marked)
    result = run(materials.root, as_of=AUG)
    assert (code, "papers", None) in keys(result)
    assert "too-many-entries" not in codes(result)


def test_achievement_limits_and_representative(materials: Materials) -> None:
    materials.facts()
    for number in range(1, 22):
        evidence = pdf_bytes(1 + number % 3) + bytes(number)
        materials.add(f"08-1 业绩成果/业绩{number}-项目{number}/验收报告.pdf", evidence)
    result = run(materials.root, as_of=AUG)
    assert ("too-many-entries", "achievements", None) in keys(result)
    assert ("no-representative-achievement", "achievements", None) in keys(result)


def test_representative_marks(materials: Materials) -> None:
    materials.facts()
    materials.add("08-1 业绩成果/业绩1-厂房（代表性成果）/验收报告.pdf", pdf_bytes(1))
    materials.add("08-1 业绩成果/业绩2-桥梁/验收报告.pdf", pdf_bytes(2))
    assert not {"no-representative-achievement", "several-representative-achievements"} & codes(
        run(materials.root, as_of=AUG))
    materials.add("09 学术成果/论文1-研究（代表作）（代表性成果）/全文.pdf", pdf_bytes(3))
    assert "several-representative-achievements" in codes(run(materials.root, as_of=AUG))


def test_same_file_for_two_items_and_for_two_achievements(materials: Materials) -> None:
    materials.facts()
    same = pdf_bytes(2, text=NEUTRAL)
    materials.add("11 其他材料/营业执照.pdf", same)
    materials.add("承诺书.pdf", same)
    result = run(materials.root, as_of=AUG)
    assert "duplicate-content" in codes(result)
    assert by_code(result, "duplicate-content")[0].details["items"] == ["business-license", "commitment-letter"]

    other = Materials(materials.root.parent / "second")
    other.facts()
    evidence = pdf_bytes(3)
    other.add("08-1 业绩成果/业绩1-A/验收报告.pdf", evidence)
    other.add("08-1 业绩成果/业绩2-B/验收报告.pdf", evidence)
    assert ("achievement-reused", "achievements", "08-1 业绩成果/业绩2-B/验收报告.pdf") in keys(
        run(other.root, as_of=AUG))


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("营业执照.pdf", b"", "empty-file"),
        ("营业执照.pdf", pdf_bytes(2)[:150], "corrupt-file"),
        ("营业执照.pdf", pdf_bytes(1, password="secret"), "encrypted-pdf"),
        ("营业执照.pdf", pdf_bytes(1, password="owner", owner_only=True), "restricted-pdf"),
        ("营业执照.pdf", jpeg_bytes((300, 300)), "extension-mismatch"),
        ("营业执照.jpg", jpeg_bytes((300, 300))[:400], "corrupt-file"),
        ("营业执照.heic", b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64, "unsupported-format"),
        ("营业执照.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "unsupported-format"),
        ("营业执照.txt", "营业执照 统一社会信用代码".encode(), "convert-before-upload"),
    ],
)
def test_file_integrity(materials: Materials, name: str, data: bytes, code: str) -> None:
    materials.facts()
    materials.add(f"11 其他材料/{name}", data)
    result = run(materials.root, as_of=AUG)
    assert (code, "business-license", f"11 其他材料/{name}") in keys(result)
    assert "internal-error" not in codes(result)


def test_good_files_have_no_integrity_findings(materials: Materials) -> None:
    materials.facts()
    materials.add("11 其他材料/营业执照.pdf", pdf_bytes())
    materials.add("承诺书.jpg", jpeg_bytes())
    result = run(materials.root, as_of=AUG)
    file_codes = {"empty-file", "corrupt-file", "encrypted-pdf", "extension-mismatch", "unsupported-format",
                  "file-too-large", "restricted-pdf", "convert-before-upload"}
    assert not file_codes & codes(result)


def test_file_over_the_upload_limit(materials: Materials, monkeypatch: pytest.MonkeyPatch) -> None:
    materials.facts()
    materials.add("11 其他材料/营业执照.pdf", pdf_bytes() + b"\n%" + b"0" * (11 * 1024 * 1024))
    result = run(materials.root, as_of=AUG)
    finding = by_code(result, "file-too-large")[0]
    assert finding.item == "business-license"
    assert finding.details["limit_mb"] == 10


def test_unrecognised_files_get_a_rename_hint(materials: Materials) -> None:
    materials.facts()
    materials.add("IMG_20240801_1234.jpg", jpeg_bytes())
    result = run(materials.root, as_of=AUG)
    finding = by_code(result, "unrecognised-file")[0]
    assert (finding.item, finding.path) == (None, "IMG_20240801_1234.jpg")
    assert "重命名" in finding.hint
    assert result.unrecognised == ("IMG_20240801_1234.jpg",)


def test_ambiguous_file_is_flagged(materials: Materials) -> None:
    materials.facts()
    materials.add("户籍 公示.pdf", pdf_bytes(text=NEUTRAL))
    result = run(materials.root, as_of=AUG)
    finding = by_code(result, "ambiguous-file")[0]
    assert finding.details["candidates"] == ["household-register", "publicity-record"]


@pytest.mark.parametrize(
    ("as_of", "code", "days"),
    [
        (date(2024, 7, 20), "deadline-open", 48),
        (date(2024, 9, 1), "deadline-near", 5),
        (date(2024, 9, 6), "deadline-near", 0),
        (date(2024, 9, 7), "deadline-correction-window", 23),
        (date(2024, 9, 30), "deadline-correction-window", 0),
        (date(2024, 10, 1), "deadline-closed", None),
    ],
)
def test_deadlines(materials: Materials, as_of: date, code: str, days: int | None) -> None:
    materials.facts()
    result = run(materials.root, as_of=as_of)
    finding = by_code(result, code)[0]
    assert finding.details.get("days_left") == days
    assert len({f.code for f in result.findings if f.code.startswith("deadline-")}) == 1


@pytest.mark.parametrize(("level", "fee"), [("工程师", 230), ("助理工程师", 150), ("技术员", 150)])
def test_fee_is_information(materials: Materials, level: str, fee: int) -> None:
    materials.facts(level=level)
    finding = by_code(run(materials.root, as_of=AUG), "fee-info")[0]
    assert finding.severity.value == "info"
    assert finding.details == {"level": level, "fee_yuan": fee}


def test_apply_date_of_the_facts_is_the_default_check_date(materials: Materials) -> None:
    materials.facts()  # apply_date = 2024-08-20
    result = run(materials.root)
    assert result.as_of == AUG
    assert "deadline-open" in codes(result)


def test_no_facts_file(materials: Materials) -> None:
    materials.add("11 其他材料/营业执照.pdf", pdf_bytes())
    result = run(materials.root, as_of=AUG)
    assert "facts-file-missing" in codes(result)
    assert "missing-item" in codes(result)
    assert not result.facts_found


def test_severity_override_from_the_checklist(materials: Materials, tmp_path) -> None:
    from zccheck.checklist.loader import load_checklist, resolve_checklist

    text = resolve_checklist(None).read_text("utf-8").replace("[severity]", '[severity]\n"unrecognised-file" = "info"')
    path = tmp_path / "custom.toml"
    path.write_text(text, "utf-8")
    materials.facts()
    materials.add("IMG_0001.jpg", jpeg_bytes())
    finding = by_code(run(materials.root, load_checklist(path), as_of=AUG), "unrecognised-file")[0]
    assert finding.severity.value == "info"


def test_english_messages(materials: Materials) -> None:
    materials.facts()
    result = run(materials.root, as_of=AUG, lang="en")
    finding = next(f for f in by_code(result, "missing-item") if f.item == "business-license")
    assert finding.message == "Missing “Unit business licence” (§三.3(1))."


def test_archive_inside_the_materials(materials: Materials) -> None:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.pdf", pdf_bytes())
    materials.facts()
    materials.add("11 其他材料/营业执照.zip", buffer.getvalue())
    result = run(materials.root, as_of=AUG)
    assert ("nested-archive", "business-license", "11 其他材料/营业执照.zip") in keys(result)
    assert "unsupported-format" not in codes(result)


@pytest.mark.parametrize(("owner_only", "code"), [(False, "encrypted-pdf"), (True, "restricted-pdf")])
def test_aes_encrypted_pdfs_as_acrobat_writes_them(materials: Materials, owner_only: bool, code: str) -> None:
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes())))
    writer.encrypt(user_password="" if owner_only else "secret", owner_password="owner", algorithm="AES-256")
    buffer = io.BytesIO()
    writer.write(buffer)
    materials.facts()
    materials.add("11 其他材料/营业执照.pdf", buffer.getvalue())
    result = run(materials.root, as_of=AUG)
    assert (code, "business-license", "11 其他材料/营业执照.pdf") in keys(result)
    other = ({"encrypted-pdf", "restricted-pdf"} - {code}).pop()
    assert other not in codes(result)


def test_missing_vision_extra_is_said_once(materials: Materials, monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name in ("cv2", "rapidocr") else real_find_spec(name, *a))
    materials.facts()
    materials.add("11 其他材料/营业执照.pdf", pdf_bytes())
    findings = by_code(run(materials.root, as_of=AUG), "vision-extra-missing")
    assert len(findings) == 1
    assert findings[0].details["missing"] == ["rapidocr", "cv2"]


def test_vision_extra_present_means_no_notice(materials: Materials) -> None:
    materials.facts()
    materials.add("11 其他材料/营业执照.pdf", pdf_bytes())
    assert "vision-extra-missing" not in codes(run(materials.root, as_of=AUG))
