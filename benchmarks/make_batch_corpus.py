"""Generate N synthetic applicant folders for `zccheck batch` benchmarks, deterministically.

Run:  python benchmarks/make_batch_corpus.py [--n 100] [--out /tmp/zccheck-batch-corpus-100] [--jobs 2]

Each applicant gets about 40 files laid out the way people upload them: an ID photo (JPEG), a pension
export (.xlsx), a work-history .docx, text PDFs (work summary, project reports, the paper, the unit's
opinions), image-only PDFs (scans of the licence, the appointment, the commitment letter), JPEG scans
(bid notices, certificates, journal pages), PNG photos and screenshots. Every file's bytes differ between
applicants (names, numbers and drawn marks vary), so a cold run cannot profit from identical content.
Every fifth applicant has no zccheck.toml (the roster `花名册.xlsx` at the root gives its facts) and every
tenth is a .zip instead of a folder. People, units and ID numbers are fictitious (valid GB 11643 check
characters). Output is byte-for-byte reproducible for the same N (PDFs in reportlab's invariant mode,
fixed zip timestamps and workbook properties, seeded pseudo-randomness) and every mtime is fixed.

Needs Pillow, reportlab, openpyxl and python-docx (the test extra).
"""

from __future__ import annotations

import argparse
import io
import os
import random
import shutil
import zipfile
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
PHOTO = HERE.parent / "samples" / "assets" / "id-photo-413x579.jpg"
FIXED_TIME = (2024, 8, 18, 10, 30, 0)
FIXED_DATETIME = datetime(*FIXED_TIME)
FIXED_EPOCH = FIXED_DATETIME.timestamp()
UNIT = "柳州市柳东新区示例建设工程有限公司"
A4 = (1240, 1754)  # 150 dpi

SURNAMES = "覃韦黄莫蓝梁李王张刘陈杨赵周吴徐孙朱马胡郭何高林罗郑谢宋唐许邓冯"
GIVEN = ["志远", "海涛", "建华", "立新", "文博", "晓东", "振宇", "国强", "明辉", "俊杰", "丽萍", "秀梅", "春燕",
         "雪莲", "思源", "嘉怡", "宏伟", "永康", "德胜", "家豪", "子涵", "雨桐", "浩然", "一鸣", "晨曦", "若溪",
         "世杰", "卫东", "红梅", "玉兰", "庆丰", "学军", "锦程", "天佑", "梓萱", "欣怡", "博文", "耀华", "兆麟",
         "凤英"]
PROJECTS = ["厂房钢结构工程", "安置小区住宅楼主体结构工程", "市政道路改造工程", "污水处理厂扩建工程", "学校教学楼工程",
            "物流仓储中心工程", "综合管廊工程", "桥梁加固工程", "医院门诊楼工程", "产业园标准厂房工程"]
SENTENCES = ["本人自参加工作以来，一直从事建筑工程施工技术与管理工作，认真履行岗位职责。",
             "在项目中负责混凝土结构施工方案的编制与现场技术交底，组织关键工序旁站。",
             "通过优化模板支撑体系，缩短工期约十五天，节约成本三十余万元，获得业主好评。",
             "主持完成地下室防水工程的质量控制，建立隐蔽工程验收台账，一次验收合格。",
             "积极参加继续教育，学习新规范、新工艺和新材料，并在项目中推广应用。",
             "指导青年技术人员开展测量放线和质量检验工作，带领班组完成技术攻关。",
             "牵头建立项目信息模型，将深化设计、构件加工、运输和吊装纳入统一管理。",
             "针对大跨度屋面易渗漏的问题，优化天沟节点构造，投入使用后未发生渗漏。"]


def id_number(rng: random.Random) -> str:
    """A fictitious 18-character ID number with a valid check character."""
    body = f"450205{rng.randint(1975, 1998)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]


def person(index: int) -> dict[str, str]:
    """The applicant of `index` (unique names for up to 30 × 40 applicants)."""
    rng = random.Random(f"person-{index}")
    name = SURNAMES[index % len(SURNAMES)] + GIVEN[(index // len(SURNAMES) + index * 7) % len(GIVEN)]
    return {"name": name, "id_number": id_number(rng), "level": "工程师" if index % 4 else "助理工程师"}


def repack_zip(data: bytes) -> bytes:
    """The same zip with fixed member timestamps (Office writers stamp the current time)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o600 << 16
            target.writestr(member, source.read(info))
    return out.getvalue()


# ---------------------------------------------------------------------------------------------------------
# file makers

def text_pdf(title: str, lines: list[str], pages: int) -> bytes:
    """A PDF with a Chinese text layer (reportlab's built-in STSong-Light, invariant mode)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, invariant=1)
    per_page = max(1, len(lines) // pages)
    for page in range(pages):
        pdf.setFont("STSong-Light", 16)
        pdf.drawCentredString(297, 790, title)
        pdf.setFont("STSong-Light", 11)
        for number, line in enumerate(lines[page * per_page:(page + 1) * per_page]):
            pdf.drawString(60, 750 - 18 * number, line)
        pdf.drawCentredString(297, 40, f"第 {page + 1} 页")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def scan_image(rng: random.Random, mark: str, stamp: bool = True):
    """A page as a scanner sees it: paper, lines of 'words', a title block and a red stamp (PIL image)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", A4, (248, 247, 243))
    draw = ImageDraw.Draw(image)
    draw.rectangle((420, 140, 820, 180), fill=(40, 40, 44))  # title
    y = 260
    while y < 1500:
        x = 150 if rng.random() < 0.2 else 120
        while x < 1100:
            width = rng.randint(18, 90)
            draw.rectangle((x, y, min(x + width, 1120), y + 14), fill=(35 + rng.randint(0, 25),) * 3)
            x += width + rng.randint(8, 16)
        y += rng.choice((28, 30, 32))
    for offset, char in enumerate(mark.encode()):  # a drawn serial number: unique bytes per applicant
        draw.rectangle((130 + offset * 12, 1600, 136 + offset * 12, 1600 + char % 40), fill=(60, 60, 60))
    if stamp:
        draw.ellipse((840, 1420, 1040, 1620), outline=(214, 36, 40), width=8)
        draw.regular_polygon((940, 1520, 30), 5, fill=(214, 36, 40))
    return image


def jpeg(image, quality: int = 80) -> bytes:
    """JPEG bytes of a PIL image (150 dpi)."""
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality, dpi=(150, 150))
    return buffer.getvalue()


def scan_pdf(pages: list[bytes]) -> bytes:
    """An image-only PDF of JPEG pages (what a scanner produces: binary DCT streams, no ASCII85 wrapping)."""
    from reportlab import rl_config
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    rl_config.useA85 = 0

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(595.27, 841.89), invariant=1)
    for page in pages:
        pdf.drawImage(ImageReader(io.BytesIO(page)), 0, 0, width=595.27, height=841.89)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def png_photo(rng: random.Random, size: tuple[int, int] = (800, 600)) -> bytes:
    """A site photo-like PNG: sky, ground and a few shapes."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, (150, 185, 220))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, size[1] * 2 // 3, size[0], size[1]), fill=(120, 110, 90))
    for _ in range(6):
        x, y = rng.randint(0, size[0] - 100), rng.randint(size[1] // 3, size[1] * 2 // 3)
        draw.rectangle((x, y, x + rng.randint(40, 200), size[1] * 2 // 3), fill=tuple(rng.randint(60, 200)
                                                                                       for _ in range(3)))
    buffer = io.BytesIO()
    image.save(buffer, "PNG", compress_level=6)
    return buffer.getvalue()


def screenshot_png(rng: random.Random, text_rows: int = 18) -> bytes:
    """A browser screenshot-like PNG (flat colours, 'text' rows)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (1280, 800), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 1280, 60), fill=(32, 92, 168))
    for row in range(text_rows):
        width = rng.randint(300, 1000)
        draw.rectangle((60, 100 + row * 36, 60 + width, 114 + row * 36), fill=(70, 70, 70))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def photo(index: int) -> bytes:
    """The ID photo: the bundled sample's (a real face) or a plain one, re-encoded with a per-applicant comment."""
    from PIL import Image

    exists = PHOTO.exists()
    image = Image.open(PHOTO).convert("RGB") if exists else Image.new("RGB", (413, 579), (246, 248, 250))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90, dpi=(300, 300), comment=f"applicant {index}".encode())
    return buffer.getvalue()


def pension_xlsx(who: dict[str, str]) -> bytes:
    """A 社会保险个人缴费明细 export: 2022-08 … 2024-07, 养老 and 失业 rows per month, all paid at UNIT."""
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    book = Workbook()
    sheet = book.active
    sheet.title = "缴费明细"
    sheet.append(["广西壮族自治区社会保险个人缴费明细"])
    sheet.append([f"姓名：{who['name']}", None, f"身份证号码：{who['id_number']}", None, "个人编号：4502000123456"])
    sheet.append(["打印时间：2024-08-15 10:23:41", None, None, None, "打印机构：柳州市社会保险事业管理中心"])
    sheet.append(["费款所属期", "单位名称", "险种类型", "缴费基数", "个人缴费", "缴费标志"])
    for number in range(24):
        year, month = 2022 + (7 + number) // 12, (7 + number) % 12 + 1
        for insurance, rate in (("企业职工基本养老保险", 0.08), ("失业保险", 0.005)):
            sheet.append([f"{year}{month:02d}", UNIT, insurance, 5200, round(5200 * rate, 2), "已实缴"])
    book.properties.created = book.properties.modified = FIXED_DATETIME
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()
    return repack_zip(buffer.getvalue())


def history_docx(who: dict[str, str], rng: random.Random) -> bytes:
    """A work-history Word document with a table."""
    from docx import Document

    document = Document()
    document.core_properties.created = document.core_properties.modified = FIXED_DATETIME
    document.add_heading(f"{who['name']} 专业技术工作经历", level=1)
    table = document.add_table(rows=1, cols=3)
    for cell, text in zip(table.rows[0].cells, ("起止时间", "单位", "职务/工作内容"), strict=True):
        cell.text = text
    for year in range(2012, 2024, 2):
        row = table.add_row().cells
        row[0].text, row[1].text = f"{year}.07-{year + 2}.06", UNIT
        row[2].text = rng.choice(SENTENCES)
    for _ in range(6):
        document.add_paragraph(rng.choice(SENTENCES))
    buffer = io.BytesIO()
    document.save(buffer)
    return repack_zip(buffer.getvalue())


def facts_toml(who: dict[str, str]) -> str:
    """The applicant's zccheck.toml."""
    return (f'[applicant]\nname = "{who["name"]}"\nid_number = "{who["id_number"]}"\nlevel = "{who["level"]}"\n'
            f'industry = "工程"\nroute = "正常"\nunit = "{UNIT}"\neducation = "本科"\nwork_start = 2012-07-01\n'
            "apply_date = 2024-08-20\npublicity_start = 2024-08-12\npublicity_end = 2024-08-16\n")


def applicant_files(index: int) -> dict[str, bytes]:
    """Relative path -> bytes of one applicant's materials (about 40 files)."""
    who = person(index)
    rng = random.Random(f"files-{index}")
    serial = f"{index:04d}-{who['id_number'][-6:]}"

    def lines(count: int) -> list[str]:
        return [f"{who['name']}：{rng.choice(SENTENCES)}" for _ in range(count)]

    def scan(name: str, stamp: bool = True) -> bytes:
        return jpeg(scan_image(rng, f"{serial}-{name}", stamp))

    files: dict[str, bytes] = {}
    if index % 5:
        files["zccheck.toml"] = facts_toml(who).encode()
    files["01 基本信息/个人证件照.jpg"] = photo(index)
    files["06-2 个人社保缴纳记录/养老保险缴费明细(2022.8-2024.7).xlsx"] = pension_xlsx(who)
    files["07-1 专业技术工作经历/专业技术工作经历.docx"] = history_docx(who, rng)
    files["07-1 专业技术工作经历/项目技术负责人任命文件.pdf"] = scan_pdf([scan("任命")])
    files["07-1 专业技术工作经历/聘书.jpg"] = scan("聘书")
    for number in range(1, 9):
        project = f"业绩{number}-柳东{PROJECTS[(index + number) % len(PROJECTS)]}"
        if number == 1:
            project += "（代表性成果）"
        folder = f"08-1 业绩成果/{project}"
        files[f"{folder}/竣工验收报告.pdf"] = text_pdf("竣工验收报告", lines(30), 1 + number % 2)
        files[f"{folder}/中标通知书.jpg"] = scan(f"中标{number}")
        if number <= 4:
            files[f"{folder}/现场照片.png"] = png_photo(rng)
    paper = "09 学术成果/论文1-钢结构厂房施工进度管理研究（代表作）"
    files[f"{paper}/期刊封面.jpg"] = scan("封面", stamp=False)
    files[f"{paper}/目录.jpg"] = scan("目录", stamp=False)
    files[f"{paper}/版权页.jpg"] = scan("版权页", stamp=False)
    files[f"{paper}/论文全文.pdf"] = text_pdf("钢结构厂房施工进度管理研究", lines(120), 4)
    files[f"{paper}/知网论文查询截图（含网址）.png"] = screenshot_png(rng)
    files[f"{paper}/国家新闻出版署期刊查询截图.png"] = screenshot_png(rng, 10)
    files["10 专业技术工作总结/专业技术工作总结.pdf"] = text_pdf("专业技术工作总结", lines(120), 3)
    files["11 其他材料/营业执照.pdf"] = scan_pdf([scan("执照")])
    unit = "12 单位审核推荐材料（由单位上传）"
    files[f"{unit}/承诺书.pdf"] = scan_pdf([scan("承诺")])
    files[f"{unit}/审议推荐意见及评议专家名单.pdf"] = text_pdf("审议推荐意见", lines(60), 2)
    files[f"{unit}/单位内部公示材料.pdf"] = text_pdf("公示", [f"公示期：2024年8月12日至8月16日 {who['name']}",
                                                             *lines(20)], 1)
    files[f"{unit}/单位推荐意见.pdf"] = text_pdf("单位推荐意见", lines(25), 1)
    return files


def folder_name(index: int) -> str:
    """The applicant's folder (or zip) name under ROOT."""
    return f"{index + 1:03d}-{person(index)['name']}"


def write_applicant(args: tuple[int, str]) -> int:
    """Write one applicant (folder, or .zip for every tenth) under `root`; return its file count."""
    index, root = args
    files = applicant_files(index)
    name = folder_name(index)
    if index % 10 == 9:
        target = Path(root) / f"{name}.zip"
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for rel, data in sorted(files.items()):
                member = zipfile.ZipInfo(f"{name}/{rel}", date_time=FIXED_TIME)
                member.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(member, data)
        os.utime(target, (FIXED_EPOCH, FIXED_EPOCH))
        return len(files)
    for rel, data in files.items():
        path = Path(root) / name / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        os.utime(path, (FIXED_EPOCH, FIXED_EPOCH))
    return len(files)


def write_roster(root: Path, n: int) -> Path:
    """花名册.xlsx with every applicant (ID numbers as text, as a careful HR office stores them)."""
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    book = Workbook()
    sheet = book.active
    sheet.title = "花名册"
    sheet.append(["2024年度工程系列中、初级职称申报人员花名册"])
    sheet.append(["序号", "姓名", "身份证号码", "申报级别", "行业", "申报方式", "申报单位"])
    for index in range(n):
        who = person(index)
        sheet.append([index + 1, who["name"], who["id_number"], who["level"], "工程", "正常", UNIT])
    book.properties.created = book.properties.modified = FIXED_DATETIME
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()
    path = root / "花名册.xlsx"
    path.write_bytes(repack_zip(buffer.getvalue()))
    os.utime(path, (FIXED_EPOCH, FIXED_EPOCH))
    return path


def make_corpus(root: Path, n: int = 100, jobs: int | None = None) -> int:
    """Write the corpus (replacing `root`); return the number of files written."""
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    with ProcessPoolExecutor(max_workers=jobs or os.cpu_count() or 1) as pool:
        counts = list(pool.map(write_applicant, [(i, str(root)) for i in range(n)], chunksize=4))
    write_roster(root, n)
    for path in sorted(root.rglob("*"), reverse=True):
        if path.is_dir():
            os.utime(path, (FIXED_EPOCH, FIXED_EPOCH))
    return sum(counts)


def main() -> None:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100, help="number of applicants (default 100)")
    parser.add_argument("--out", type=Path, default=None, help="folder to write (default /tmp/zccheck-batch-corpus-N)")
    parser.add_argument("--jobs", type=int, default=None, help="processes (default: CPU count)")
    args = parser.parse_args()
    root = args.out or Path(f"/tmp/zccheck-batch-corpus-{args.n}")
    total = make_corpus(root, args.n, args.jobs)
    size = sum(p.stat().st_size for p in root.rglob("*") if p.is_file())
    print(f"{args.n} applicants, {total} files, {size / 1024 / 1024:.1f} MB in {root}")


if __name__ == "__main__":
    main()
