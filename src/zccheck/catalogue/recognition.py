"""Finding codes of content recognition (files whose names say nothing, or something else)."""

from __future__ import annotations

from zccheck.catalogue.model import CodeSpec, codes
from zccheck.findings import Severity

I, W, R = Severity.INFO, Severity.WARNING, Severity.REVIEW

CODES = codes(
    CodeSpec("recognised-by-content", I, "按内容识别", "Recognised by content",
             "“{name}”按内容识别为“{item_name}”{part}（{evidence}）。",
             "“{name}” was recognised by its content as “{item_name_en}”{part_en} ({evidence}).",
             "上传前可按材料名称重命名，便于审核人员查找（zccheck tidy 可自动整理）。",
             "Consider renaming it after the material before upload (zccheck tidy does it).", ("names", "content")),
    CodeSpec("recognition-uncertain", R, "内容识别不确定", "Content recognition uncertain",
             "“{name}”可能是“{item_name}”{part}，但依据不足（{evidence}，把握 {confidence}），未自动归类。",
             "“{name}” may be “{item_name_en}”{part_en}, but the evidence is weak ({evidence}, confidence "
             "{confidence}); not assigned.",
             "请人工确认：若是该材料，按材料名称重命名（如“{example}”）或放入对应栏目的文件夹。",
             "Check it by eye: if it is that material, rename it (e.g. “{example}”) or move it into its section's "
             "folder.", ("names", "content")),
    # Warning, not error: the reading is automatic (OCR, text layer) and may be wrong, and the consequence that
    # blocks upload — the named material being absent — is already its own `missing-item` error when required.
    CodeSpec("content-name-mismatch", W, "文件名与内容不符", "Name and content disagree",
             "“{name}”的文件名表示“{named_item}”，但内容是“{item_name}”（{evidence}）；已按内容归类，"
             "“{named_item}”视为未提供。",
             "“{name}” is named as “{named_item_en}” but its content is “{item_name_en}” ({evidence}); it was "
             "counted by its content and “{named_item_en}” as not provided.",
             "换成正确的“{named_item}”文件，并把这份文件按内容重命名。",
             "Put the right “{named_item_en}” file in its place and rename this one after its content.",
             ("names", "content")),
    CodeSpec("recognition-needs-vision", R, "图片和扫描件无法按内容识别", "Images and scans need the vision extra",
             "{count} 个文件名无法识别的图片或扫描件需要 OCR 才能按内容识别：{files}。",
             "{count} images or scans with uninformative names need OCR to be recognised: {files}.",
             "运行 pip install \"zccheck[vision]\" 安装离线 OCR，或按材料名称重命名这些文件。",
             "Run pip install \"zccheck[vision]\" (offline OCR), or rename these files after their material.",
             ("names", "content")),
)
