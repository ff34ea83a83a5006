"""Finding codes of the photo checks (个人相片: 2寸 免冠 正面 彩色 证件照, §三.1)."""

from __future__ import annotations

from zccheck.catalogue.model import CodeSpec, codes
from zccheck.findings import Severity

E, W, R, I = Severity.ERROR, Severity.WARNING, Severity.REVIEW, Severity.INFO

_RETAKE_ZH = "请到照相馆或用证件照工具拍摄近期 2 寸免冠正面彩色证件照（35×49 mm，413×579 像素），导出为 JPG 后上传。"
_RETAKE_EN = ("Have a recent 2-inch bareheaded frontal colour ID photo taken (35×49 mm, 413×579 px) and upload "
              "it as JPG.")

CODES: dict[str, CodeSpec] = codes(
    # --- file ------------------------------------------------------------------------------------------
    CodeSpec("photo-not-image", E, "个人相片不是图片", "Photo is not an image",
             "个人相片“{name}”是 {kind} 文件，不是图片。", "The photo “{name}” is a {kind} file, not an image.",
             "请直接上传证件照图片（JPG），不要把照片放进 PDF 或 Word 文档，也不要上传照片的扫描件。",
             "Upload the ID photo itself as a JPG, not inside a PDF or Word document and not a scan of it.",
             ("photo",)),
    CodeSpec("photo-unsupported-format", E, "相片格式无法读取", "Photo format not readable",
             "个人相片“{name}”是 {kind} 格式，平台和本工具都无法读取。",
             "The photo “{name}” is {kind}, which neither the platform nor this tool can read.",
             "在手机或电脑上把照片另存为 JPG（苹果手机：设置 → 相机 → 格式 → 兼容性最佳）。",
             "Save the photo as JPG (iPhone: Settings → Camera → Formats → Most Compatible).", ("photo",)),
    CodeSpec("photo-unreadable", E, "相片文件损坏", "Photo file damaged",
             "个人相片“{name}”无法解码（文件损坏或不完整）：{reason}。",
             "The photo “{name}” cannot be decoded (damaged or incomplete): {reason}.",
             "从原始照片重新导出 JPG，打开确认能正常显示后再上传。",
             "Export the JPG again from the original and check that it opens before uploading.", ("photo",)),
    CodeSpec("photo-too-many-pixels", E, "相片像素数异常", "Photo has far too many pixels",
             "个人相片“{name}”有 {pixels} 像素（{width}×{height}），超过上限 {max_pixels}。",
             "The photo “{name}” has {pixels} pixels ({width}×{height}), over the limit of {max_pixels}.",
             "把照片缩放为 413×579 像素后另存为 JPG。", "Resize the photo to 413×579 px and save it as JPG.",
             ("photo",)),
    # --- size, aspect, file size --------------------------------------------------------------------------
    CodeSpec("photo-low-resolution", E, "相片分辨率太低", "Photo resolution too low",
             "个人相片“{name}”只有 {size} 像素，低于最低要求 {min_size} 像素（{preset_name} 预设 {preset_size}）。",
             "The photo “{name}” is only {size} px, below the minimum {min_size} px ({preset_name}: {preset_size}).",
             "使用原始照片，不要用截图或聊天软件压缩过的图片；" + _RETAKE_ZH,
             "Use the original photo, not a screenshot or a chat-app copy. " + _RETAKE_EN, ("photo",)),
    CodeSpec("photo-wrong-aspect", E, "相片比例不是 2 寸", "Photo proportions are not 2-inch",
             "个人相片“{name}”为 {size} 像素，宽高比 {aspect}，与 {preset_name}（{preset_size}，宽高比 {preset_aspect}）"
             "相差 {deviation_pct}%，上传后人像会被拉伸变形。",
             "The photo “{name}” is {size} px, aspect {aspect}; {preset_name} ({preset_size}, aspect "
             "{preset_aspect}) differs by {deviation_pct}%: the platform would distort the face.",
             "按 35:49 的比例裁剪（如 413×579 像素），不要直接拉伸；" + _RETAKE_ZH,
             "Crop to 35:49 (e.g. 413×579 px); do not stretch. " + _RETAKE_EN, ("photo",)),
    CodeSpec("photo-aspect-uncertain", R, "相片比例略有偏差", "Photo proportions slightly off",
             "个人相片“{name}”为 {size} 像素，宽高比 {aspect}，与 {preset_name}（{preset_aspect}）相差 {deviation_pct}%。",
             "The photo “{name}” is {size} px, aspect {aspect}, {deviation_pct}% off {preset_name} ({preset_aspect}).",
             "请确认上传后人像没有变形；最好按 35:49（413×579 像素）重新裁剪。",
             "Check that the face is not distorted; better crop to 35:49 (413×579 px).", ("photo",)),
    CodeSpec("photo-file-too-large", W, "相片文件过大", "Photo file too large",
             "个人相片“{name}”有 {kb} KB，超过 {max_kb} KB（{size} 像素）。",
             "The photo “{name}” is {kb} KB, over {max_kb} KB ({size} px).",
             "把照片缩放为 {preset_size} 像素，另存为 JPG（质量 85 左右）。",
             "Resize the photo to {preset_size} px and save it as JPG (quality about 85).", ("photo",)),
    CodeSpec("photo-file-too-small", W, "相片文件过小", "Photo file very small",
             "个人相片“{name}”只有 {kb} KB（下限 {min_kb} KB），可能被过度压缩，不够清晰。",
             "The photo “{name}” is only {kb} KB (minimum {min_kb} KB): probably over-compressed.",
             "用原始照片重新导出 JPG（质量 85 以上），不要用聊天软件传过的图片。",
             "Export the original again as JPG (quality 85 or more), not a copy sent through a chat app.",
             ("photo",)),
    # --- colour and background ------------------------------------------------------------------------
    CodeSpec("photo-not-colour", E, "相片不是彩色照片", "Photo is not in colour",
             "个人相片“{name}”是黑白（灰度）照片（平均饱和度 {saturation}），要求彩色证件照。",
             "The photo “{name}” is black-and-white (mean saturation {saturation}); a colour photo is required.",
             "请上传彩色证件照，不要用黑白复印或扫描件。", "Upload a colour ID photo, not a black-and-white copy.",
             ("photo",)),
    CodeSpec("photo-colour-uncertain", R, "相片色彩很淡", "Photo colours very faint",
             "个人相片“{name}”色彩很淡（平均饱和度 {saturation}），可能是黑白照片或褪色照片的翻拍。",
             "The photo “{name}” has very faint colours (mean saturation {saturation}): maybe black-and-white or a "
             "faded re-shot print.",
             "请确认是近期彩色证件照，而不是旧照片的翻拍或扫描件。",
             "Check that it is a recent colour photo, not a re-shot or scanned print.", ("photo",)),
    CodeSpec("photo-background-dark", W, "相片背景太暗", "Photo background too dark",
             "个人相片“{name}”背景偏暗（亮度 {lightness}，背景色 RGB {background_rgb}），证件照应为浅色纯色背景。",
             "The photo “{name}” has a dark background (lightness {lightness}, RGB {background_rgb}); an ID photo "
             "needs a plain light background.",
             "使用白色或浅蓝色等浅色纯色背景重新拍摄。", "Retake it against a plain white or light blue background.",
             ("photo",)),
    CodeSpec("photo-background-not-plain", W, "相片背景不是纯色", "Photo background not plain",
             "个人相片“{name}”背景不是纯色（边缘只有 {plain_pct}% 接近背景主色），像是生活照或自拍。",
             "The photo “{name}” has a busy background (only {plain_pct}% of the border is the backdrop colour): "
             "it looks like a snapshot or selfie.",
             "不能用生活照、自拍照；" + _RETAKE_ZH, "Snapshots and selfies are not accepted. " + _RETAKE_EN,
             ("photo",)),
    CodeSpec("photo-background-uncertain", R, "相片背景需人工确认", "Photo background needs a look",
             "个人相片“{name}”的背景介于合格与不合格之间（亮度 {lightness}，纯色占比 {plain_pct}%）。",
             "The photo “{name}” has a borderline background (lightness {lightness}, plain {plain_pct}%).",
             "请确认背景为浅色纯色（白色或浅蓝色），没有家具、墙面花纹或阴影。",
             "Check that the background is plain and light (white or light blue), with no furniture or shadows.",
             ("photo",)),
    # --- sharpness -------------------------------------------------------------------------------------
    CodeSpec("photo-blurry", W, "相片模糊", "Photo blurred",
             "个人相片“{name}”不清晰（清晰度 {sharpness}，低于 {sharpness_min}）。",
             "The photo “{name}” is not sharp (sharpness {sharpness}, below {sharpness_min}).",
             "不要放大小图或翻拍旧照片；" + _RETAKE_ZH, "Do not enlarge a small picture or re-shoot a print. " + _RETAKE_EN,
             ("photo",)),
    CodeSpec("photo-sharpness-uncertain", R, "相片清晰度偏低", "Photo sharpness borderline",
             "个人相片“{name}”清晰度偏低（{sharpness}，合格线 {sharpness_ok}）。",
             "The photo “{name}” is somewhat soft (sharpness {sharpness}; {sharpness_ok} passes).",
             "请放大查看五官和头发是否清晰；不清晰就换用原始照片。",
             "Zoom in: if eyes and hair are not crisp, use the original photo.", ("photo",)),
    # --- face ------------------------------------------------------------------------------------------
    CodeSpec("photo-no-face", E, "相片中未检测到正面人脸", "No frontal face found",
             "个人相片“{name}”中没有检测到正面人脸。",
             "No frontal face was found in the photo “{name}”.",
             "证件照须正面、免冠、露出五官；不能用侧脸、戴帽、远景生活照或风景图。" + _RETAKE_ZH,
             "The photo must show the face frontally and bareheaded, not in profile or from afar. " + _RETAKE_EN,
             ("photo",)),
    CodeSpec("photo-rotated", E, "相片方向不正", "Photo is turned",
             "个人相片“{name}”方向不正：顺时针旋转 {degrees}° 后才是正的人像。",
             "The photo “{name}” is turned: the portrait is upright only after turning it {degrees}° clockwise.",
             "把照片顺时针旋转 {degrees}° 后另存为 JPG 再上传。", "Turn it {degrees}° clockwise, save as JPG and upload.",
             ("photo",)),
    CodeSpec("photo-multiple-faces", E, "相片中有多张人脸", "Several faces in the photo",
             "个人相片“{name}”中检测到 {count} 张人脸，证件照只能有本人一人。",
             "{count} faces were found in the photo “{name}”; an ID photo shows one person only.",
             "不能用合影或多人照片裁剪；" + _RETAKE_ZH, "Group photos are not accepted. " + _RETAKE_EN, ("photo",)),
    CodeSpec("photo-face-too-small", E, "人脸太小：像生活照或半身照", "Face too small: snapshot or half-body",
             "个人相片“{name}”中人脸只占画面高度的 {face_pct}%（证件照一般不低于 {face_ok_pct}%），像是生活照或半身照。",
             "The face takes only {face_pct}% of the photo's height (an ID photo has at least {face_ok_pct}%): "
             "it looks like a snapshot or a half-body photo.",
             "不能用生活照、半身照、自拍照裁剪；" + _RETAKE_ZH,
             "Snapshots, half-body photos and selfies are not accepted. " + _RETAKE_EN, ("photo",)),
    CodeSpec("photo-not-id-photo", E, "相片像生活照，不是证件照", "Photo looks like a snapshot, not an ID photo",
             "个人相片“{name}”不像证件照，像生活照或半身照：{issues_zh}。",
             "The photo “{name}” does not look like an ID photo but like a snapshot or half-body photo: {issues_en}.",
             "不能用生活照、半身照、自拍照裁剪；证件照为浅色纯色背景，头部居中约占画面高度的 2/3，露出双肩。" + _RETAKE_ZH,
             "Snapshots, half-body photos and selfies are not accepted: an ID photo has a plain light background, "
             "the head centred and about 2/3 of the height, shoulders showing. " + _RETAKE_EN, ("photo",)),
    CodeSpec("photo-face-uncertain", R, "人像构图需人工确认", "Face framing needs a look",
             "个人相片“{name}”的人像构图不太像标准证件照：{issues_zh}。",
             "The framing of the photo “{name}” is not typical of an ID photo: {issues_en}.",
             "标准 2 寸证件照：头部居中，头顶距上边约 3–5 mm，头部约占画面高度的 2/3，露出双肩。",
             "A 2-inch ID photo: head centred, 3–5 mm from the top edge, about 2/3 of the height, shoulders visible.",
             ("photo",)),
    CodeSpec("photo-face-check-unavailable", R, "未能检查相片人脸", "Face check not available",
             "未安装人脸检测组件（OpenCV），无法检查“{name}”是否为一人正面证件照。",
             "Face detection (OpenCV) is not installed: cannot tell whether “{name}” is a one-person frontal photo.",
             "安装完整版：pip install \"zccheck[vision]\"；或人工确认照片为本人正面免冠证件照。",
             "Install the full version: pip install \"zccheck[vision]\", or check the photo by eye.", ("photo",)),
    # --- summary ---------------------------------------------------------------------------------------
    CodeSpec("photo-measures", I, "相片测量结果", "Photo measures",
             "个人相片“{name}”：{size} 像素（{preset_name} 预设 {preset_size}），{kb} KB，{colour_zh}，"
             "背景亮度 {lightness}，清晰度 {sharpness}，人脸 {faces_zh}。",
             "Photo “{name}”: {size} px ({preset_name} preset {preset_size}), {kb} KB, {colour_en}, "
             "background lightness {lightness}, sharpness {sharpness}, faces {faces_en}.",
             "", "", ("photo",)),
)
