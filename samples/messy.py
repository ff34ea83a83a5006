"""Generate "messy" applicant folders: every material present, but named the way phones and scanner apps name
files (微信图片_…, IMG_…, mmexport…, 扫描全能王 …, CamScanner …, Scan_0022, 新建 Microsoft Word 文档, 导出数据.xlsx,
a folder 新建文件夹), as phone photos, scanned PDFs, text PDFs, .docx and .xlsx exports.

`messy_folder(seed, size)` returns (files, truth): relative path -> bytes, and relative path -> the item id the
file belongs to (with the paper part after "#", e.g. "papers#copyright"). Seeds vary the names, the format
of each document (photo, scan, text PDF, docx), the photo's angle, size, lighting and noise, the scan's
resolution, skew and speckle, the font (every CJK font installed), the title size and alignment. Seed 0
with size "small" is the checked-in `samples/messy/`; the benchmark uses other seeds and size "full"
(36 files, about 25 of them images or scans).

    python samples/messy.py --out samples/messy            # the checked-in sample
    python samples/messy.py --out /tmp/m --seed 7 --size full
"""

from __future__ import annotations

import argparse
import io
import random
import shutil
import sys
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate as g

HERE = Path(__file__).resolve().parent
FONT_FILES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/arphic/ukai.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
)

# Extra materials of the "full" folder (fictitious, like the rest of the samples).
TITLE_CERT = ["专业技术资格证书", f"姓名：{g.NAME}    性别：男", "资格名称：助理工程师", "专业：建筑工程施工",
              "评审（审批）机关：柳州市职称改革工作领导小组办公室", "批准时间：2016年12月20日",
              "证书编号：GXZC2016-0451230", "管理号：4502161230"]
DIPLOMA = ["普通高等学校毕业证书",
           f"学生{g.NAME}，性别男，一九八八年三月十五日生，于二〇〇八年九月至二〇一二年六月在本校",
           "土木工程专业四年制本科学习，修完教学计划规定的全部课程，成绩合格，准予毕业。",
           "校名：广西某某大学    校长：", "证书编号：105931201205001234", "二〇一二年六月三十日"]
CE_HOURS = ["个人学时登记证明", f"姓名：{g.NAME}    单位：{g.UNIT}", "2023年度继续教育学时登记情况：",
            "公需科目 30 学时    专业科目 60 学时    合计 90 学时",
            "登记机构：广西壮族自治区住房和城乡建设厅继续教育系统",
            "打印日期：2024年7月10日"]
CONTRACT = ["劳动合同书", f"甲方（用人单位）：{g.UNIT}", f"乙方（劳动者）：{g.NAME}",
            "第一条 劳动合同期限：固定期限，自2021年1月1日起至2025年12月31日止，试用期无。",
            "第二条 工作内容：乙方在甲方从事施工技术管理工作。", "第三条 劳动报酬：甲方按月以货币形式支付乙方工资。",
            "第四条 社会保险：甲方依法为乙方缴纳社会保险。"]
HOUSEHOLD = ["常住人口登记卡", f"姓名：{g.NAME}    户主或与户主关系：户主", "曾用名：覃志源    性别：男    民族：壮族",
             "出生地：广西柳州市    籍贯：广西柳江", "公民身份号码：450205********0030", "登记事项变更和更正记载：",
             "承办人签章    柳州市公安局柳东分局派出所"]
AWARD = ["荣誉证书", f"{g.NAME}同志：", f"你参与完成的“{g.PROJECT_1}”项目", "荣获2023年度柳州市优质结构工程奖。",
         "特发此证，以资鼓励。", "柳州市建筑业协会", "二〇二三年十二月"]
PATENT = ["实用新型专利证书", "实用新型名称：一种钢结构厂房屋面檩条快速定位装置", f"发明人：{g.NAME}；莫晓华",
          "专利号：ZL 2022 2 0123456.7", "专利申请日：2022年01月18日", "授权公告日：2022年06月21日",
          f"专利权人：{g.UNIT}"]
FUND = ["住房公积金缴存证明", f"职工姓名：{g.NAME}    单位名称：{g.UNIT}", "公积金账号：450200012345    账户状态：正常",
        "缴存基数：5600元    月缴存额：1344元", "缴存至：2024年7月", "柳州市住房公积金管理中心（盖章）"]
CHANGE = ["单位变动情况说明", f"本人{g.NAME}，2023年12月由{g.OTHER_UNIT}调入{g.UNIT}工作，",
          "社保关系于2024年1月转移至现单位，特此说明。", "情况属实。", f"{g.UNIT}（盖章）", "2024年8月1日"]
DIRECT_FORM = ["直接申报职称审批表", f"姓名：{g.NAME}    学历：大学本科    申报资格：工程师",
               "申报方式：直接申报", "单位意见：同意直接申报。", "单位盖章", "2024年8月1日"]
SECOND_TITLE = "装配式混凝土结构套筒灌浆质量控制研究"
SECOND_JOURNAL = "建筑技术开发"


@dataclass
class Style:
    """How one document of a folder is rendered."""

    font: str | None
    title_size: int
    left: bool
    photo: bool          # phone photo (JPEG/PNG) rather than a scan
    angle: float
    scale: float
    noise: int
    dpi: int
    quality: int


_FONT_CACHE: dict[tuple[str | None, int], Any] = {}


def _font(path: str | None, size: int):
    from PIL import ImageFont

    key = (path, size)
    if key not in _FONT_CACHE:
        _FONT_CACHE[key] = ImageFont.truetype(path, size) if path else g.font(size)
    return _FONT_CACHE[key]


def fonts() -> list[str]:
    """Every CJK font file found (the generator's own first)."""
    found = [path for path in FONT_FILES if Path(path).exists()]
    return found or [g.cjk_font_path() or ""]


def render(lines: list[str], style: Style, stamp: str | None = None):
    """An A4 page at 150 dpi with `lines[0]` as the title, the rest wrapped body text."""
    from PIL import Image, ImageDraw

    width, height = g.A4
    image = Image.new("RGB", (width, height), g.PAPER)
    draw = ImageDraw.Draw(image)
    title_font = _font(style.font, style.title_size)
    body_font = _font(style.font, 27)
    margin = 150
    if style.left:
        draw.text((margin, 170), lines[0], font=title_font, fill=g.INK)
    else:
        draw.text((width / 2, 190), lines[0], font=title_font, fill=g.INK, anchor="mm")
    y = 190 + style.title_size + 60
    for line in lines[1:]:
        for piece in g.wrap(line, width - 2 * margin, body_font):
            draw.text((margin, y), piece, font=body_font, fill=g.INK)
            y += 47
        y += 14
    if stamp:
        g.draw_stamp(image, (900, min(y + 120, height - 200)), stamp, "")
    return image


def phone_photo(page, style: Style, rng: random.Random, png: bool = False) -> bytes:
    """The page photographed on a desk: turned a little, smaller than the frame, uneven light, sensor noise."""
    from PIL import Image, ImageDraw, ImageFilter

    frame_w = int(1080 * style.scale)
    frame_h = int(1440 * style.scale)
    desk = tuple(rng.randint(90, 160) for _ in range(3))
    canvas = Image.new("RGB", (frame_w, frame_h), desk)
    fit = rng.uniform(0.82, 0.94)
    page_w = int(frame_w * fit)
    page_h = int(page_w * page.height / page.width)
    if page_h > frame_h * 0.96:
        page_h = int(frame_h * 0.96)
        page_w = int(page_h * page.width / page.height)
    shot = page.resize((page_w, page_h), Image.Resampling.LANCZOS).rotate(
        style.angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=desk)
    canvas.paste(shot, ((frame_w - shot.width) // 2, (frame_h - shot.height) // 2))
    shade = Image.new("L", canvas.size, 0)
    ImageDraw.Draw(shade).rectangle((0, 0, frame_w, frame_h), fill=rng.randint(0, 40))
    canvas = Image.composite(Image.new("RGB", canvas.size, (0, 0, 0)), canvas,
                             shade.filter(ImageFilter.GaussianBlur(frame_w // 4)))
    buffer = io.BytesIO()
    if png:  # a photo saved as PNG (an editing app's export): no sensor noise, fewer colours, or it is huge
        canvas.quantize(colors=64, method=Image.Quantize.MEDIANCUT).save(buffer, "PNG", optimize=True)
        return buffer.getvalue()
    canvas = _noise(canvas, style.noise, rng)
    canvas.save(buffer, "JPEG", quality=style.quality, optimize=True)
    return buffer.getvalue()


def scanned(page, style: Style, rng: random.Random):
    """The page through a flatbed scanner: grey, a slight skew, speckle, at `style.dpi`."""
    from PIL import Image

    grey = page.convert("L").rotate(style.angle / 3, resample=Image.Resampling.BICUBIC, fillcolor=250)
    if style.dpi != 150:
        grey = grey.resize((round(grey.width * style.dpi / 150), round(grey.height * style.dpi / 150)),
                           Image.Resampling.LANCZOS)
    return _noise(grey.convert("RGB"), style.noise, rng).convert("L")


def scan_pdf(pages: list, style: Style, rng: random.Random) -> bytes:
    """A PDF of scanned pages (no text layer), deterministic."""
    from reportlab.lib.pagesizes import A4 as A4_PT
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    with g._pdf_settings():
        pdf = canvas.Canvas(buffer, pagesize=A4_PT, invariant=1, pageCompression=1)
        pdf.setCreator(rng.choice(["CamScanner", "扫描全能王", "HP Scan", "Canon iR-ADV"]))
        for page in pages:
            data = io.BytesIO()
            scanned(page, style, rng).save(data, "JPEG", quality=style.quality, optimize=True)
            pdf.drawImage(ImageReader(io.BytesIO(data.getvalue())), 0, 0, width=A4_PT[0], height=A4_PT[1])
            pdf.showPage()
        pdf.save()
    return buffer.getvalue()


def _noise(image, amount: int, rng: random.Random):
    """Add speckle noise of `amount` (0: none) deterministically."""
    if amount <= 0:
        return image
    import numpy as np

    array = np.asarray(image).astype(np.int16)
    noise = np.random.default_rng(rng.randint(0, 2**31)).normal(0, amount, array.shape)
    from PIL import Image

    return Image.fromarray(np.clip(array + noise, 0, 255).astype(np.uint8))


def summary_docx(title: str, paragraphs: list[str]) -> bytes:
    """The work summary as Word saves it (title paragraph, body paragraphs), deterministic."""
    import docx

    document = docx.Document()
    document.add_heading(title, level=1)
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    props = document.core_properties
    props.author = g.NAME
    props.created = props.modified = props.last_printed = datetime(2024, 8, 18, 10, 30)
    buffer = io.BytesIO()
    document.save(buffer)
    return g.repack_zip(buffer.getvalue())


class _Names:
    """Names phones, chat apps and scanner apps give files, drawn without repeats."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()
        self.counter = rng.randint(10, 80)

    def _unique(self, name: str) -> str:
        while name in self.used:
            stem, _, ext = name.rpartition(".")
            name = f"{stem}(1).{ext}"
        self.used.add(name)
        return name

    def photo(self, ext: str = "jpg") -> str:
        self.counter += self.rng.randint(1, 9)
        c, r = self.counter, self.rng
        pattern = r.choice([
            f"微信图片_20240715{102300 + c}.{ext}", f"IMG_20240716_{93000 + c:06d}.{ext}",
            f"mmexport17196838968{c:02d}.{ext}", f"IMG_{4000 + c}.{ext}", f"Screenshot_20240716-{101000 + c}.{ext}",
            f"wx_camera_17196838{c:05d}.{ext}", f"{1719683896 + c}.{ext}", f"Image_{c}.{ext}",
            f"QQ图片20240716{101000 + c}.{ext}", f"DSC0{1000 + c}.{ext}"])
        return self._unique(pattern)

    def scan(self) -> str:
        self.counter += self.rng.randint(1, 9)
        c, r = self.counter, self.rng
        pattern = r.choice([
            f"扫描全能王 2024-07-15 10.{c % 60:02d}.pdf", f"CamScanner 08-05-2024 10.{c % 60:02d}.pdf",
            f"doc8581993202407091151{c:02d}.pdf", f"Scan_{c:04d}.pdf", f"scan{c:03d}.pdf",
            f"新建文档 2024-07-15 10.{c % 60:02d}.{c % 60:02d}.pdf", f"20240715{c:06d}.pdf", f"未命名{c}.pdf"])
        return self._unique(pattern)

    def word(self) -> str:
        return self._unique(self.rng.choice(["新建 Microsoft Word 文档.docx", "文档1.docx", "新建 DOCX 文档.docx",
                                             "Doc1.docx"]))


def _style(rng: random.Random, font_files: list[str], photo: bool) -> Style:
    return Style(font=rng.choice(font_files), title_size=rng.choice([40, 46, 54, 64]), left=rng.random() < 0.25,
                 photo=photo, angle=rng.uniform(-4.0, 4.0) if photo else rng.uniform(-1.5, 1.5),
                 scale=rng.choice([1.0, 1.0, 1.2, 0.85]), noise=rng.choice([0, 4, 8, 12]),
                 dpi=rng.choice([150, 150, 200, 120]), quality=rng.choice([60, 75, 85, 92]))


def _documents(size: str) -> list[tuple[str, Any, str | None]]:
    """(truth, content, stamp): content is a list of lines (a page) or a callable making the bytes."""
    docs: list[tuple[str, Any, str | None]] = [
        ("work-experience-evidence", g.APPOINTMENT_LINES[2:3] + g.APPOINTMENT_LINES[:2] + g.APPOINTMENT_LINES[3:],
         g.UNIT),
        ("achievements", g.ACCEPTANCE_LINES, "柳州市某汽车零部件有限公司"),
        ("achievements", g.BID_LINES, "柳州市某汽车零部件有限公司"),
        ("achievements", g.ACCEPTANCE_2_LINES, "柳州市某房地产开发有限公司"),
        ("business-license", g.LICENCE_LINES, "柳州市行政审批局"),
        ("commitment-letter", g.COMMITMENT_LINES, g.UNIT),
        ("review-opinion", g.REVIEW_LINES, g.UNIT),
        ("unit-recommendation", g.RECOMMENDATION_LINES, g.UNIT),
    ]
    if size == "full":
        docs += [
            ("current-title-certificate", TITLE_CERT, "柳州市职称改革工作领导小组办公室"),
            ("education-certificate", DIPLOMA, None),
            ("ce-hours-certificate", CE_HOURS, None),
            ("labor-contract", CONTRACT, g.UNIT),
            ("household-register", HOUSEHOLD, None),
            ("achievements", AWARD, "柳州市建筑业协会"),
            ("achievements", PATENT, None),
            ("service-years-proof", FUND, None),
            ("unit-change-explanation", CHANGE, g.UNIT),
            ("direct-approval-form", DIRECT_FORM, g.UNIT),
        ]
    return docs


def messy_folder(seed: int = 0, size: str = "small") -> tuple[dict[str, bytes], dict[str, str]]:
    """Files and the truth (item, or "papers#part") of one messy folder; see the module docstring."""
    rng = random.Random(seed)
    font_files = fonts() if seed else fonts()[:1]
    names = _Names(rng)
    files: dict[str, bytes] = {}
    truth: dict[str, str] = {}

    def put(rel: str, data: bytes, item: str) -> None:
        files[rel] = data
        truth[rel] = item

    files["zccheck.toml"] = g.FACTS.replace("{route}", "正常").encode("utf-8")
    put(names.photo(), g.id_photo(), "photo")
    put(rng.choice(["导出数据.xlsx", "个人参保缴费明细导出.xlsx", "export.xlsx", "查询结果.xlsx"]),
        g.pension_xlsx(lambda month: g.UNIT), "pension-record")
    put(names.word(), summary_docx(g.SUMMARY_TITLE, g.SUMMARY_PARAGRAPHS), "work-summary")
    put(names.scan(), g.text_pdf("", g.PUBLICITY_LINES, stamp=g.UNIT, centre_lines=1, size=12), "publicity-record")
    for item, lines, stamp in _documents(size):
        photo = rng.random() < 0.5
        style = _style(rng, font_files, photo)
        page = render(list(lines), style, stamp)
        if photo:
            png = rng.random() < 0.15
            put(names.photo("png" if png else "jpg"), phone_photo(page, style, rng, png=png), item)
        else:
            put(names.scan(), scan_pdf([page], style, rng), item)
    papers = [(g.PAPER_TITLE, g.JOURNAL)] + ([(SECOND_TITLE, SECOND_JOURNAL)] if size == "full" else [])
    for number, (title, journal) in enumerate(papers):
        folder = "新建文件夹" if number == 0 else "新建文件夹 (2)"
        _paper(folder, title, journal, rng, font_files, names, put)
    return files, truth


def _paper(folder: str, title: str, journal: str, rng: random.Random, font_files: list[str], names: _Names,
           put) -> None:
    """A journal paper's evidence: cover, contents, copyright page (photos), full text (text PDF), two
    query screenshots."""
    cover = [journal, "2023年第5期  第19卷  总第101期", "本期要目", title, f"ISSN {g.ISSN}    CN {g.CN}"]
    contents = ["目  次", "施工技术", f"{title} …… {g.NAME}（12）", "超高层建筑核心筒爬模施工技术 …… 莫志刚 等（17）",
                "工程管理", "EPC模式下市政道路工程成本控制 …… 韦建国（27）"]
    copyright_page = [journal, "（双月刊，2005年创刊）  2023年第5期", "主管单位：广西某建设行业协会",
                      "主办单位：广西某建筑科学研究院", f"编辑出版：《{journal}》编辑部",
                      f"国际标准连续出版物号：ISSN {g.ISSN}", f"国内统一连续出版物号：CN {g.CN}", "定价：15.00元"]
    for part, lines in (("cover", cover), ("contents", contents), ("copyright", copyright_page)):
        style = _style(rng, font_files, True)
        put(f"{folder}/{names.photo()}", phone_photo(render(lines, style), style, rng), f"papers#{part}")
    first, second = g.PAPER_PAGES
    put(f"{folder}/{names.scan()}", g.text_pdf("", first[1:] + second, header=first[0], centre_lines=3, size=10.5),
        "papers#fulltext")
    put(f"{folder}/{names.photo('png')}", g.screenshot(
        "https://www.nppa.gov.cn/bsfw/cyjghcpcx/qkcx/", "国家新闻出版署 · 期刊/期刊社查询",
        [f"刊名：{journal}    CN：{g.CN}    ISSN：{g.ISSN}", "主办单位：广西某建筑科学研究院    出版地：广西南宁"]),
        "papers#publisher-query")
    put(f"{folder}/{names.photo('png')}", g.screenshot(
        "https://kns.cnki.net/kcms2/article/abstract?v=GXJZ202305003", "中国知网 · 文献检索",
        [title, f"作者：{g.NAME}    单位：{g.UNIT}", f"来源：《{journal}》2023年第5期 12-16页"]), "papers#paper-query")


def macos_zip(files: dict[str, bytes], top: str = "申报材料") -> bytes:
    """The folder zipped on a Mac: one top folder, plus __MACOSX/ resource forks and .DS_Store."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for rel in sorted(files):
            archive.writestr(zipfile.ZipInfo(f"{top}/{rel}", date_time=g.FIXED_TIME), files[rel])
            parent, _, name = f"{top}/{rel}".rpartition("/")
            archive.writestr(zipfile.ZipInfo(f"__MACOSX/{parent}/._{name}", date_time=g.FIXED_TIME), b"\0\5\26\7")
        archive.writestr(zipfile.ZipInfo(f"{top}/.DS_Store", date_time=g.FIXED_TIME), b"\0\0\0\1Bud1")
    return buffer.getvalue()


def write(out: Path, seed: int = 0, size: str = "small") -> dict[str, str]:
    """Write one messy folder to `out` (replaced) and return its truth."""
    files, truth = messy_folder(seed, size)
    if out.exists():
        shutil.rmtree(out)
    g.write_tree(out, files)
    return truth


def main(argv: list[str] | None = None) -> int:
    """Command line: write a messy folder and print where each file belongs."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE / "messy")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--size", choices=("small", "full"), default="small")
    args = parser.parse_args(argv)
    truth = write(args.out, args.seed, args.size)
    total = sum(p.stat().st_size for p in args.out.rglob("*") if p.is_file())
    for rel, item in sorted(truth.items()):
        print(f"{item:28s} {rel}")
    print(f"{len(truth)} files, {total / 1024:.0f} KiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
