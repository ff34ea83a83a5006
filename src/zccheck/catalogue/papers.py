"""Finding codes of the papers checks (学术成果: journal papers, monographs, unpublished reports)."""

from __future__ import annotations

from zccheck.catalogue.model import CodeSpec, codes
from zccheck.findings import Severity

E, W, R, I = Severity.ERROR, Severity.WARNING, Severity.REVIEW, Severity.INFO

CODES: dict[str, CodeSpec] = codes(
    CodeSpec("paper-part-missing", E, "学术成果缺少佐证部分", "Paper evidence part missing",
             "“{group}”缺少{part}（{kind}须提供，{clause}）。",
             "“{group}” lacks the {part_en} (required for a {kind_en}, {clause}).",
             "补充{part}（原件扫描或网页截图），放进“{group}”，文件名写明是哪一部分（如“{example}”）；"
             "一个文件包含几部分时，文件名写全，如“封面及目录.jpg”。",
             "Add the {part_en} (a scan of the original or a screenshot) to “{group}”, named after what it is "
             "(e.g. “{example}”); a file holding several parts names them all, e.g. “封面及目录.jpg”.", ("papers",)),
    CodeSpec("paper-parts-complete", I, "学术成果佐证部分齐全", "Paper evidence complete",
             "“{group}”各组成部分齐全（{kind}，{clause}）。",
             "“{group}” has every part a {kind_en} needs ({clause}).", "", "", ("papers",)),
    CodeSpec("paper-parts-unconfirmed", R, "学术成果佐证部分需人工确认", "Paper evidence parts to confirm by eye",
             "“{group}”的文件名未写明{parts}，无法自动确认（{kind}须提供，{clause}）：请打开{files}核对是否包含这些部分。",
             "The file names in “{group}” do not show the {parts_en}, so they cannot be confirmed automatically "
             "({kind_en}, {clause}): open {files} and check they are there.",
             "确认后，建议按部分拆分文件并命名（如“封面.jpg”“版权页.jpg”“全文.pdf”），审核人员更容易找到。",
             "Consider splitting the file by part and naming each (e.g. “封面.jpg”, “版权页.jpg”, “全文.pdf”).",
             ("papers",)),
    CodeSpec("paper-report-sign-stamp", R, "未发表报告须署名并盖章", "Unpublished report: signature and unit stamp",
             "“{group}”是未在期刊发表的报告，上传前须本人署名并加盖申报单位公章（{clause}），请人工确认。",
             "“{group}” is an unpublished report: it must carry your signature and the applying unit's stamp "
             "before upload ({clause}); confirm by eye.",
             "在报告封面或末页署名，由申报单位盖章后重新扫描上传。",
             "Sign the report (cover or last page), have the unit stamp it and scan it again.", ("papers",)),
)
