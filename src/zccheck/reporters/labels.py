"""Fixed wording of the reports (not of findings, which come from the catalogue), Chinese and English."""

from __future__ import annotations

_LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "errors": "错误", "warnings": "警告", "reviews": "需人工核对", "infos": "提示", "files": "个文件",
        "ready": "未发现错误，可以上传", "not_ready": "有错误，上传前请修改",
        "unrecognised": "无法识别的文件", "file_problems": "文件问题（未归入任何材料）",
        "next": "下一步要做的事", "nothing": "没有需要修改的地方。",
        "status.ok": "✓", "status.missing": "✗ 缺少", "status.error": "✗", "status.warning": "!",
        "status.review": "?", "status.not-required": "—", "status.optional-absent": "—",
        "not_required": "不需要", "optional": "可选，未提供", "no_facts": "（无 zccheck.toml）",
        "checklist": "清单", "as_of": "检查日期", "fix": "修改方法", "applicant": "申报人",
        "strip": "近12个月缴费", "strip.here": "本单位", "strip.other": "其他单位", "strip.unpaid": "未缴",
        "strip.backpaid": "补缴", "measured": "实测", "expected": "要求",
        "unit_section": "单位审核推荐", "masked": "身份证号",
    },
    "en": {
        "errors": "errors", "warnings": "warnings", "reviews": "to review", "infos": "notes", "files": "files",
        "ready": "no errors: ready to upload", "not_ready": "errors to fix before upload",
        "unrecognised": "Unrecognised files", "file_problems": "File problems (no material)",
        "next": "What to do next", "nothing": "Nothing to fix.",
        "status.ok": "✓", "status.missing": "✗ missing", "status.error": "✗", "status.warning": "!",
        "status.review": "?", "status.not-required": "—", "status.optional-absent": "—",
        "not_required": "not required", "optional": "optional, absent", "no_facts": "(no zccheck.toml)",
        "checklist": "checklist", "as_of": "as of", "fix": "fix", "applicant": "applicant",
        "strip": "last 12 months", "strip.here": "this unit", "strip.other": "other unit", "strip.unpaid": "unpaid",
        "strip.backpaid": "back-paid", "measured": "measured", "expected": "expected",
        "unit_section": "unit review", "masked": "ID number",
    },
}


def label(lang: str, key: str) -> str:
    """The report label `key` in `lang` (Chinese when `lang` is not "en")."""
    table = _LABELS["en" if lang == "en" else "zh"]
    return table.get(key, _LABELS["zh"].get(key, key))
