"""Finding codes of the pension continuity check (养老保险缴费记录, §三.1(6)).

Params the templates use: `name` (file name), `months` (YYYY-MM joined by "、"), `count`, `window_size`,
`window` ("2024-02 至 2024-07"), `apply_month`, `unit` (declared or presumed unit), `units` (unit names of
the record), `last_month`, `reason_zh`/`reason_en`, `kinds` (insurances found).
"""

from __future__ import annotations

from zccheck.catalogue.model import CodeSpec, codes
from zccheck.findings import Severity

E, W, R, I = Severity.ERROR, Severity.WARNING, Severity.REVIEW, Severity.INFO
_T = ("pension",)

_REPRINT_ZH = "请从社保经办机构或“广西数字人社”/“智桂通”等渠道重新打印最新的养老保险个人缴费明细（需盖章的请盖章）。"
_REPRINT_EN = "Print a fresh personal pension payment detail from the social-insurance office or its online service."

CODES: dict[str, CodeSpec] = codes(
    # --- the rule ----------------------------------------------------------------------------------------
    CodeSpec("pension-months-missing", E, "申报前6个月养老保险未连续缴纳", "Pension months missing",
             "养老保险记录中，申报当月（{apply_month}）之前的 {window_size} 个月（{window}）有 {count} 个月"
             "没有缴费记录：{months}。",
             "The pension record shows no payment for {count} of the {window_size} months before the apply "
             "month {apply_month} ({window}): {months}.",
             "须在申报单位连续缴纳养老保险满 {window_size} 个月（不含申报当月）。如已补缴或记录未更新，"
             + _REPRINT_ZH,
             "Six consecutive months at the applying unit are required (the apply month not counted). If the "
             "months were paid since, " + _REPRINT_EN[0].lower() + _REPRINT_EN[1:], _T),
    CodeSpec("pension-unit-change-unexplained", E, "6个月内变动单位，缺少情况说明",
             "Change of unit without an explanation",
             "养老保险记录显示 {months} 在其他单位（{units}）缴费，申报单位为“{unit}”，"
             "但未找到单位变动情况说明。",
             "The pension record shows {months} paid at another unit ({units}) while the applying unit is "
             "“{unit}”, and no explanation of the change of unit was found.",
             "提供单位变动的情况说明及证明材料（如调动文件、劳动合同、离职证明），文件名写明“单位变动情况说明”。",
             "Add a statement explaining the change of unit with proof (transfer letter, contract, leaving "
             "certificate), named “单位变动情况说明”.", _T),
    CodeSpec("pension-unit-change-explained", I, "6个月内变动单位，已有情况说明",
             "Change of unit, explanation present",
             "养老保险记录显示 {months} 在其他单位（{units}）缴费；已提供单位变动情况说明。",
             "The pension record shows {months} paid at another unit ({units}); an explanation is present.",
             "请确认情况说明写清变动时间和原因，并附证明材料。",
             "Make sure the explanation gives the dates and the reason, with proof attached.", _T),
    CodeSpec("pension-backpaid", W, "申报前6个月内有补缴", "Back-paid months in the window",
             "养老保险记录中 {months} 为补缴（补收）记录，不是按月正常缴纳。",
             "The pension record shows {months} as back-paid (补缴), not paid month by month.",
             "补缴月份可能不被认可为连续缴费。请准备补缴原因的说明（如单位漏缴证明），或咨询评审机构。",
             "Back-paid months may not count as continuous payment; prepare an explanation of the back "
             "payment or ask the review office.", _T),
    CodeSpec("pension-record-ends-early", W, "缴费记录不是最新的", "Record ends before the window does",
             "养老保险记录最后一个缴费月份是 {last_month}，而需要核对到 {window_end}。",
             "The pension record's last paid month is {last_month}; the check needs months up to {window_end}.",
             _REPRINT_ZH, _REPRINT_EN, _T),
    CodeSpec("pension-paid-by-agency", I, "劳务派遣：由派遣单位缴费", "Dispatched: paid by the agency",
             "养老保险记录显示 {months} 由“{units}”缴费（劳务派遣）。",
             "The pension record shows {months} paid by “{units}” (labour dispatch).",
             "劳务派遣人员按实际工作单位申报，请同时提供劳动合同或劳务派遣合同（§一.(一)2）。",
             "Dispatched workers apply through the actual employer; add the dispatch contract (§一.(一)2).", _T),
    # --- the unit ----------------------------------------------------------------------------------------
    CodeSpec("pension-unit-unknown", R, "未填写申报单位", "Applying unit not declared",
             "未填写申报单位（zccheck.toml 中的 unit），暂按记录中最近的缴费单位“{unit}”核对。",
             "The applying unit is not declared (unit in zccheck.toml); the record's latest unit “{unit}” "
             "was assumed.",
             "在 zccheck.toml 中填写 unit = \"申报单位全称\" 后重新检查，并核对缴费单位是否为申报单位。",
             "Set unit = \"full unit name\" in zccheck.toml and run the check again.", _T),
    CodeSpec("pension-unit-not-found", W, "记录中没有申报单位", "Applying unit not in the record",
             "养老保险记录中没有出现申报单位“{unit}”；记录中的单位：{units}。",
             "The applying unit “{unit}” does not appear in the pension record; the record shows: {units}.",
             "核对申报单位名称是否与社保登记的单位全称一致；若只是写法不同，在检查清单的 unit_aliases 中加上记录里的名称。",
             "Check that the declared unit matches the name registered with social insurance; if only the "
             "spelling differs, add the record's name to unit_aliases.", _T),
    CodeSpec("pension-unit-name-differs", W, "缴费单位名称与申报单位写法不同", "Unit name differs slightly",
             "养老保险记录中的单位名称“{units}”与申报单位“{unit}”写法不同，已按同一单位核对。",
             "The record's unit name “{units}” differs from the applying unit “{unit}”; it was taken as the "
             "same unit.",
             "确认两者是同一单位（不是分公司或另一法人）；申报材料中的单位名称应与社保登记一致。",
             "Confirm that both are the same unit (not a branch or another company); use the registered name.",
             _T),
    CodeSpec("pension-unit-unstated", R, "记录未写明缴费单位", "Record names no unit",
             "养老保险记录没有写明 {months} 的缴费单位，无法确认是否在申报单位缴费。",
             "The pension record does not name the unit for {months}; payment at the applying unit cannot "
             "be confirmed.",
             "请提供写明参保单位的缴费明细，或人工核对。",
             "Provide a detail that names the paying unit, or check by hand.", _T),
    CodeSpec("pension-range-uncertain", R, "起止时间段内缴费月数不足", "Range with fewer months than its span",
             "养老保险记录按起止年月列出，其中包含 {months} 的时间段缴费月数少于时间跨度，无法确认这些月份是否缴费。",
             "The record lists ranges; a range covering {months} has fewer paid months than its span, so "
             "these months cannot be confirmed.",
             "请提供按月列出的缴费明细，或人工核对这些月份。",
             "Provide a month-by-month detail, or check these months by hand.", _T),
    # --- reading -----------------------------------------------------------------------------------------
    CodeSpec("pension-scan", R, "缴费记录是扫描件，需人工核对", "Scanned record: check by eye",
             "“{name}”是扫描件或图片，无法自动读取缴费月份；请人工核对 {months} 是否均在“{unit}”缴费。",
             "“{name}” is a scan or image and cannot be read automatically; check by eye that {months} "
             "were all paid at “{unit}”.",
             "如能下载电子版缴费明细（Excel 或带文字的 PDF），一并放入该文件夹即可自动核对。",
             "If an electronic detail (Excel or a text PDF) can be downloaded, add it to check automatically.",
             _T),
    CodeSpec("pension-xls-unsupported", R, "旧版 Excel 无法读取", "Legacy .xls not readable",
             "“{name}”是旧版 .xls（或加密的 Office 文件），无法自动核对缴费月份。",
             "“{name}” is a legacy .xls (or a password-protected Office file) and cannot be checked.",
             "用 Excel 或 WPS 打开后“另存为 .xlsx”（不要设置密码），放回原文件夹后重新检查。",
             "Open it in Excel or WPS, “Save as .xlsx” without a password, and run the check again.", _T),
    CodeSpec("pension-no-table", R, "未找到缴费明细表", "No payment table found",
             "在“{name}”中没有找到按月份列出的缴费明细（缺少“费款所属期/缴费年月”等表头）。",
             "No month-by-month payment table was found in “{name}” (no header such as 费款所属期/缴费年月).",
             "请提供社保系统导出的养老保险个人缴费明细；文字证明请人工核对是否写明在申报单位连续缴费6个月。",
             "Provide the pension payment detail exported from the social-insurance system; a prose "
             "certificate must be checked by hand.", _T),
    CodeSpec("pension-no-pension-rows", E, "记录中没有养老保险", "No pension rows in the record",
             "“{name}”中没有养老保险的缴费记录（只找到：{kinds}）。",
             "“{name}” holds no pension (养老) payments (found only: {kinds}).",
             "请提供养老保险（企业职工基本养老保险或机关事业单位养老保险）的缴费明细，而不是医疗、失业或工伤保险的。",
             "Provide the pension (养老) payment detail, not the medical, unemployment or injury one.", _T),
    CodeSpec("pension-unreadable", E, "缴费记录无法读取", "Pension record unreadable",
             "“{name}”无法读取：{reason_zh}。", "“{name}” cannot be read: {reason_en}.",
             "请重新下载或导出缴费明细（PDF 或 .xlsx），确认能正常打开后再放入。",
             "Download or export the payment detail again (PDF or .xlsx) and check that it opens.", _T),
    CodeSpec("pension-file-unsafe", E, "文件结构异常，已拒绝读取", "Unsafe file refused",
             "“{name}”的压缩结构或 XML 异常（疑似压缩炸弹），已拒绝读取。",
             "“{name}” has an abnormal zip or XML structure (a possible decompression bomb) and was refused.",
             "请从社保系统重新导出该文件。", "Export the file again from the social-insurance system.", _T),
    # --- summary -----------------------------------------------------------------------------------------
    CodeSpec("pension-summary", I, "养老保险缴费情况", "Pension payments",
             "申报当月（{apply_month}）之前 {window_size} 个月中，{count} 个月在申报单位“{unit}”缴费。",
             "{count} of the {window_size} months before {apply_month} were paid at “{unit}”.",
             "", "", _T),
)
