"""Finding codes of the scan checks (§三 preamble: scans of originals, upright and legible)."""

from __future__ import annotations

from zccheck.catalogue.model import CodeSpec, codes
from zccheck.findings import Severity

E, W, R, I = Severity.ERROR, Severity.WARNING, Severity.REVIEW, Severity.INFO

CODES: dict[str, CodeSpec] = codes(
    CodeSpec("scan-low-resolution", W, "扫描分辨率偏低", "Scan resolution low",
             "“{name}”{where}分辨率约 {dpi} dpi（按 A4 计），低于 {min_dpi} dpi，审核时可能看不清。",
             "“{name}”{where_en} is about {dpi} dpi (at A4), below {min_dpi} dpi: reviewers may not be able to "
             "read it.",
             "用扫描仪以 200–300 dpi 重新扫描原件；用手机拍摄时让文件铺满画面、对焦清晰，不要用截图或聊天软件压缩过的图片。",
             "Rescan the original at 200–300 dpi; with a phone, fill the frame and focus, and do not use "
             "screenshots or chat-app copies.", ("scan",)),
    CodeSpec("screenshot-too-small", W, "截图太小", "Screenshot too small",
             "截图“{name}”只有 {width}×{height} 像素（至少约 {min_long}×{min_short}），文字可能看不清。",
             "The screenshot “{name}” is only {width}×{height} pixels (about {min_long}×{min_short} at least): its "
             "text may not be legible.",
             "在电脑或手机上直接截取完整的查询结果页面并原样保存（PNG），不要缩小，也不要用聊天软件转发后的压缩图。",
             "Capture the whole result page and save it as it is (PNG); do not shrink it or use a chat-app copy.",
             ("scan",)),
    CodeSpec("scan-blank-page", W, "空白页", "Blank page",
             "“{name}”{where}是空白页。", "“{name}”{where_en} is blank.",
             "删除空白页；如果是漏扫了内容（如双面扫描时只扫了背面），请重新扫描。",
             "Remove blank pages; if content is missing (e.g. only the back side was scanned), scan again.",
             ("scan",)),
    CodeSpec("scan-page-sideways", W, "页面方向可能放倒", "Page may be sideways",
             "“{name}”{where}是横向页面，而其余 {portrait} 页都是纵向的，可能放倒了。",
             "“{name}”{where_en} is landscape while the other {portrait} page(s) are portrait: it may be sideways.",
             "把该页旋转为正向后重新导出 PDF；如果该页本来就是横向的（如横版表格、证书），可以忽略。",
             "Turn the page upright and export the PDF again; ignore this if the page is landscape by design "
             "(a wide table or certificate).", ("scan",)),
    CodeSpec("scan-page-upside-down", W, "页面上下颠倒", "Page upside down",
             "“{name}”{where}上下颠倒（文字倒置）。", "“{name}”{where_en} is upside down (text reads upside down).",
             "把该页旋转 180° 后重新导出；材料须正面向上（§三）。",
             "Turn the page by 180° and export again; materials must be upright (§三).", ("scan",)),
    CodeSpec("scan-quality-limited", I, "只检查了部分页面", "Scan quality checked on some pages only",
             "“{name}”共 {pages} 页，扫描质量只检查了前 {examined} 页（{reason_zh}）。",
             "“{name}” has {pages} pages; scan quality was checked on the first {examined} ({reason_en}).",
             "其余页面请自行翻看，确认清晰、正向、无空白页。",
             "Look through the remaining pages yourself: legible, upright, no blank pages.", ("scan",)),
    CodeSpec("scan-quality-unchecked", I, "未能检查扫描质量", "Scan quality not checked",
             "无法读取“{name}”的页面，未检查扫描质量：{reason}。",
             "Could not read the pages of “{name}”; scan quality not checked: {reason}.",
             "确认文件能正常打开；必要时重新导出。", "Check that the file opens; export it again if needed.",
             ("scan",)),
)
