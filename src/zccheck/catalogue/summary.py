"""Finding codes of the summary checks: the work summary's 字数 (§三.2(4)) and technical reports among the
papers that repeat it (§三.2(3)③)."""

from __future__ import annotations

from zccheck.catalogue.model import CodeSpec, codes
from zccheck.findings import Severity

E, W, R, I = Severity.ERROR, Severity.WARNING, Severity.REVIEW, Severity.INFO

CODES: dict[str, CodeSpec] = codes(
    # --- work-summary: the count ----------------------------------------------------------------------------
    CodeSpec("summary-word-count", I, "工作总结字数达标", "Work summary long enough",
             "专业技术工作总结{qualifier_zh} {count} 字（{method_zh}{parts_zh}），不少于 {min_chars} 字。",
             "The work summary has {qualifier_en}{count} 字 ({method_en}{parts_en}): at least {min_chars}.",
             "", "", ("summary",)),
    CodeSpec("summary-too-short", E, "工作总结字数不足", "Work summary too short",
             "专业技术工作总结只有 {count} 字（{method_zh}{parts_zh}），少于要求的 {min_chars} 字（§三.2(4)）。",
             "The work summary has only {count} 字 ({method_en}{parts_en}); at least {min_chars} are required "
             "(§三.2(4)).",
             "围绕专业技术工作经历和主要业绩成果补充内容，使字数不少于 {min_chars} 字（按 Word“字数统计”中的“字数”计，"
             "标点计入、空格不计），留出余量后重新扫描上传。",
             "Extend the summary (work history, main achievements) to at least {min_chars} 字 as Word's word "
             "count shows them (punctuation counts, spaces do not), with some margin, then rescan it.",
             ("summary",)),
    CodeSpec("summary-count-uncertain", R, "工作总结字数接近下限，需人工核对", "Work summary near the limit",
             "文字识别得到专业技术工作总结约 {count} 字（{method_zh}{parts_zh}），与 {min_chars} 字的下限相差不到 "
             "{margin} 字，识别误差可能左右结论。",
             "OCR reads about {count} 字 in the work summary ({method_en}{parts_en}), within {margin} of the "
             "{min_chars} limit: recognition errors may decide the outcome.",
             "请用 Word 打开原稿核对“字数”；最好补充内容、留出余量后重新扫描。",
             "Check the count in Word on the original; better, extend the summary to leave a margin and rescan.",
             ("summary", "ocr")),
    CodeSpec("summary-partly-counted", R, "工作总结部分文件无法计数", "Work summary partly counted",
             "能读取的部分共 {count} 字（{method_zh}），少于 {min_chars} 字；另有 {uncounted} 个文件无法统计字数"
             "（见该文件的提示），无法判断总字数是否达标。",
             "The readable parts have {count} 字 ({method_en}), fewer than {min_chars}; {uncounted} file(s) "
             "could not be counted (see their findings), so the total cannot be decided.",
             "按各文件的提示处理后重新检查，或人工核对总字数不少于 {min_chars} 字。",
             "Fix those files as their findings say and check again, or verify the total by hand.",
             ("summary",)),
    CodeSpec("summary-ocr-unavailable", R, "未安装文字识别组件，无法统计扫描件字数",
             "OCR not installed: scanned summary not counted",
             "“{name}”是扫描件或图片，需要文字识别（OCR）才能统计字数，但本机未安装 OCR 组件（缺少 {package}）。",
             "“{name}” is a scan or an image: counting its 字 needs OCR, which is not installed (missing "
             "{package}).",
             "安装 OCR 组件后重新检查：pip install \"zccheck[vision]\"；或人工核对字数不少于 {min_chars} 字。",
             "Install the OCR extra and check again: pip install \"zccheck[vision]\"; or verify the count "
             "(at least {min_chars}) by hand.",
             ("summary", "ocr")),
    CodeSpec("summary-ocr-incomplete", R, "文字识别超时，字数未能判定", "OCR ran out of time",
             "文字识别在 {budget_s} 秒时限内读完 {pages_done}/{pages_total} 页，识别出 {count} 字，尚未达到 "
             "{min_chars} 字，无法判断。",
             "OCR finished {pages_done} of {pages_total} page(s) within its {budget_s} s budget and found {count} "
             "字, not yet {min_chars}: undecided.",
             "在清单中加大 ocr_time_budget_s 后重新检查，或人工核对字数。",
             "Raise ocr_time_budget_s in the checklist and check again, or verify the count by hand.",
             ("summary", "ocr")),
    # --- work-summary: the files ----------------------------------------------------------------------------
    CodeSpec("summary-legacy-format", R, "旧版文档无法统计字数", "Legacy document: not counted",
             "“{name}”是旧版 {kind} 文档，无法统计字数。",
             "“{name}” is a legacy {kind} document; its 字 cannot be counted.",
             "用 Word 或 WPS 打开，“另存为”.docx 或导出为 PDF 后再检查（平台上传请用 PDF 扫描件）。",
             "Open it in Word or WPS and save it as .docx or export it as PDF, then check again.",
             ("summary", "format")),
    CodeSpec("summary-unreadable", E, "工作总结文件无法读取", "Work summary file unreadable",
             "“{name}”无法读取（{reason_zh}），无法统计字数。",
             "“{name}” cannot be read ({reason_en}); its 字 cannot be counted.",
             "重新导出或重新扫描该文件；有密码的 PDF 请去掉密码后再上传。",
             "Export or scan the file again; remove any PDF password.",
             ("summary", "format"), kind="redo"),
    CodeSpec("summary-unsupported-format", R, "工作总结格式无法统计字数", "Work summary format not countable",
             "“{name}”（{kind}）不是能统计字数的格式。",
             "“{name}” ({kind}) is not a format whose 字 can be counted.",
             "工作总结请提供 PDF 扫描件（或 Word .docx、清晰的 JPEG 图片）；此文件可转换为 {target}。",
             "Provide the summary as a PDF scan (or .docx, or clear JPEG images); convert this file to {target}.",
             ("summary", "format")),
    CodeSpec("summary-page-unreadable", W, "工作总结有页面无法读取", "Work summary page cannot be read",
             "“{name}”第 {pages} 页无法显示或解码，已跳过（其余页面照常统计字数）。",
             "Page(s) {pages} of “{name}” cannot be displayed or decoded and were skipped (the others were counted).",
             "请重新扫描或重新导出这些页面，确认每页都能正常打开后再上传。",
             "Scan or export those pages again and check every page opens.", ("summary", "ocr")),
    CodeSpec("summary-no-text-found", R, "工作总结中未识别出文字", "No text found in the work summary file",
             "“{name}”中没有识别出文字（{pages_done} 页）：可能是空白页、手写稿或图像过于模糊。",
             "No text was recognised in “{name}” ({pages_done} page(s)): blank, handwritten or too blurred?",
             "请上传打印稿的清晰扫描件（建议 200–300 dpi）。",
             "Upload a clear scan of the printed summary (200–300 dpi).",
             ("summary", "ocr")),
    CodeSpec("summary-duplicate-part", W, "工作总结重复上传", "Work summary uploaded twice",
             "“{name}”与“{other}”内容相同（重合度 {percent}%），字数只计一次。",
             "“{name}” holds the same text as “{other}” ({percent}% overlap); counted once.",
             "同一份工作总结只保留一个文件（平台上传 PDF 扫描件），删除重复的文件。",
             "Keep one file of the summary (the PDF scan for the platform); remove the duplicate.",
             ("summary",)),
    # --- report-not-summary ------------------------------------------------------------------------------
    CodeSpec("report-same-as-summary", E, "技术报告与工作总结一致", "Technical report repeats the work summary",
             "学术成果“{group}”中的“{name}”与专业技术工作总结“{summary}”内容基本一致（重合度 {percent}%）；"
             "未发表的技术报告不得与工作总结一致（§三.2(3)③）。",
             "“{name}” in paper entry “{group}” is essentially the work summary “{summary}” ({percent}% "
             "overlap); an unpublished report must not be the same as the summary (§三.2(3)③).",
             "学术成果应提交独立撰写的技术报告（本人署名、单位盖章，附项目立项、验收等实践材料和采纳单位评价），"
             "不能用工作总结代替；否则删去这一项学术成果。",
             "Submit a separately written report (signed, unit-stamped, with project documents and the adopting "
             "unit's evaluation) instead of the summary, or drop this entry.",
             ("papers", "summary")),
    CodeSpec("report-overlaps-summary", R, "技术报告与工作总结大量重复", "Technical report overlaps the summary",
             "学术成果“{group}”中的“{name}”与专业技术工作总结“{summary}”有大量相同内容（重合度 {percent}%）。",
             "“{name}” in paper entry “{group}” shares much of its text with the work summary “{summary}” "
             "({percent}% overlap).",
             "请确认技术报告是独立的材料，而不是工作总结的改写或节选（§三.2(3)③）。",
             "Make sure the report is a separate work, not a rewrite or excerpt of the summary (§三.2(3)③).",
             ("papers", "summary")),
    CodeSpec("report-not-compared", I, "技术报告未能与工作总结自动比对", "Report not compared with the summary",
             "学术成果“{group}”中的“{name}”未能与工作总结自动比对：{why_zh}。",
             "“{name}” in paper entry “{group}” was not compared with the work summary: {why_en}.",
             "请自行确认技术报告与工作总结不是同一份材料（§三.2(3)③）。",
             "Make sure yourself that the report is not the work summary (§三.2(3)③).",
             ("papers", "summary")),
)
