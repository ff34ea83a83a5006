"""Fixed wording of the batch reports (Chinese and English) and the fault-rate sentences."""

from __future__ import annotations

from typing import Any

_LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "index": "序号", "applicant": "申报人", "name": "姓名", "id_number": "身份证号",
        "level": "申报级别", "industry": "行业", "route": "申报方式", "unit": "申报单位", "facts": "申报信息来源",
        "status": "状态", "errors": "错误", "warnings": "警告", "reviews": "需核对",
        "files": "文件数", "first_fix": "首先要改", "verdict": "结论", "ready": "可以上报", "not_ready": "需修改",
        "fix_first": "先处理警告",
        "severity": "严重程度", "item": "材料", "path": "文件", "message": "问题", "hint": "修改方法",
        "source": "依据", "code": "代码", "seconds": "用时(秒)",
        "facts.zccheck.toml": "zccheck.toml", "facts.roster": "花名册", "facts.none": "无",
        "sev.error": "错误", "sev.warning": "警告", "sev.review": "需人工核对", "sev.info": "提示",
        "sheet.summary": "汇总", "sheet.matrix": "材料矩阵", "sheet.findings": "问题清单",
        "rate": "问题比例", "applicants_n": "申报人 {n} 人", "faulty_n": "有错误或无法检查 {k} 人",
        "line.unit": "{source} 10% 线：{state}（达到或超过本单位申报总数 10% 的，单位须作出说明，主管部门通报）",
        "line.supervisor": "{source} 20% 线：{state}（达到或超过 20% 的，须作出说明并报送书面整改方案）",
        "reached": "已达到", "not_reached": "未达到",
        "roster": "花名册", "roster_rows": "花名册 {rows} 人，已对应 {matched} 人",
        "unmatched_rows": "花名册中有、但没有找到材料的人", "unmatched_folders": "花名册中找不到的申报人文件夹/压缩包",
        "ambiguous": "无法确定对应花名册哪一行（同名）", "shared": "花名册同一行对应了多个文件夹",
        "line_no": "第 {line} 行", "ignored": "ROOT 下未作为申报人处理的文件", "notes": "说明",
        "timing": "用时 {seconds:.1f} 秒 · {jobs} 个进程 · 缓存：{cache}", "cache_off": "未启用",
        "interrupted": "已中断：完成 {done}/{total} 人（以下只含已完成的申报人；问题比例按已完成的人计算）",
        "none_found": "没有找到申报人文件夹或 .zip。",
        "legend": "✓ 合格  ✗ 缺少/错误  ! 警告  ? 需人工核对  n/a 不需要",
        "fixit_header": "整改清单", "no_facts": "无申报信息",
        "id_lost": "花名册中这些行的身份证号被 Excel 存成了数字，末几位已丢失，已忽略（请把该列设为“文本”后重新录入）",
    },
    "en": {
        "index": "#", "applicant": "applicant", "name": "name", "id_number": "ID number",
        "level": "level", "industry": "industry", "route": "route", "unit": "unit", "facts": "facts from",
        "status": "status", "errors": "errors", "warnings": "warnings", "reviews": "review",
        "files": "files", "first_fix": "fix first", "verdict": "verdict", "ready": "ready", "not_ready": "to fix",
        "fix_first": "warnings to handle",
        "severity": "severity", "item": "item", "path": "file", "message": "problem", "hint": "how to fix",
        "source": "source", "code": "code", "seconds": "seconds",
        "facts.zccheck.toml": "zccheck.toml", "facts.roster": "roster", "facts.none": "none",
        "sev.error": "error", "sev.warning": "warning", "sev.review": "review", "sev.info": "info",
        "sheet.summary": "汇总", "sheet.matrix": "材料矩阵", "sheet.findings": "问题清单",
        "rate": "fault rate", "applicants_n": "{n} applicants", "faulty_n": "{k} with errors or not checkable",
        "line.unit": "{source} 10% line: {state} (at or above 10% the unit must explain and is named)",
        "line.supervisor": "{source} 20% line: {state} (at or above 20%: explanation and written rectification plan)",
        "reached": "reached", "not_reached": "not reached",
        "roster": "roster", "roster_rows": "roster: {rows} people, {matched} matched",
        "unmatched_rows": "On the roster, no materials found", "unmatched_folders": "Folders/zips not on the roster",
        "ambiguous": "Cannot tell which roster row (namesakes)", "shared": "One roster row matched several folders",
        "line_no": "line {line}", "ignored": "Entries under ROOT that are not applicants", "notes": "notes",
        "timing": "{seconds:.1f} s · {jobs} processes · cache: {cache}", "cache_off": "off",
        "interrupted": "Interrupted: {done}/{total} applicants done (only those are below; the rate counts them only)",
        "none_found": "No applicant folders or .zip files found.", "legend": "✓ ok  ✗ missing/error  ! warning  "
                                                                             "? review  n/a not required",
        "fixit_header": "Fix-it list", "no_facts": "no facts",
        "id_lost": "ID numbers stored as numbers in these roster lines lost their last digits and were ignored "
                   "(format the column as text and re-enter them)",
    },
}


def blabel(lang: str, key: str, **params: Any) -> str:
    """The batch report label `key` in `lang`, formatted with `params`."""
    table = _LABELS["en" if lang == "en" else "zh"]
    text = table.get(key, _LABELS["zh"].get(key, key))
    return text.format(**params) if params else text


def threshold_lines(summary: dict[str, Any], lang: str) -> list[tuple[str, bool]]:
    """The sentences about the notice's 10% and 20% lines, each with whether it is reached."""
    lines = []
    for line in summary["thresholds"]:
        state = blabel(lang, "reached" if line["reached"] else "not_reached")
        lines.append((blabel(lang, f"line.{line['id']}", source=line["source"], state=state), bool(line["reached"])))
    return lines


def item_mark(item: dict[str, Any], findings: list[dict[str, Any]]) -> str:
    """The matrix mark of an item of a scan result: ✓ ✗ ! ? or n/a."""
    status = item.get("status")
    if status == "ok":
        return "✓"
    if status == "error":
        return "✗"
    if status == "missing":
        own = [f for f in findings if f.get("item") == item.get("item")]
        return "✗" if any(f.get("severity") == "error" for f in own) else "!"
    if status == "warning":
        return "!"
    if status == "review":
        return "?"
    return "n/a"


def interrupted_line(batch: Any) -> str | None:
    """"已中断：完成 N/M 人" when Ctrl-C stopped the batch, else None."""
    if not getattr(batch, "interrupted", False):
        return None
    return blabel(batch.lang, "interrupted", done=len(batch.applicants), total=batch.total)
