"""Text from .docx, .txt and PDF text layers (no OCR), plus the generators the summary tests share."""

from __future__ import annotations

import io
import random
import zipfile
from typing import Any

import pytest

from zccheck.content.errors import ContentError
from zccheck.content.similarity import compare, normalise, shingles
from zccheck.content.text import docx_text, extract_text, pdf_text, plain_text
from zccheck.content.wordcount import count_words

# --- shared generators (imported by the other summary test modules) ---------------------------------------

COMMON = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后"
    "多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合"
    "还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只"
    "没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边"
    "流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处府研"
)
POOL = "".join(dict.fromkeys(COMMON))  # de-duplicated, order kept

SENTENCES = (
    "本人自参加工作以来，一直从事建筑工程施工技术与管理工作。",
    "在项目中负责混凝土结构施工方案的编制与现场技术交底。",
    "通过优化模板支撑体系，缩短工期约十五天，节约成本三十余万元。",
    "主持完成了地下室防水工程的质量控制，获得业主好评。",
    "积极参加继续教育，学习新规范、新工艺和新材料的应用。",
    "指导青年技术人员开展测量放线和质量检验工作。",
)


def random_chinese(chars: int, seed: int) -> str:
    """`chars` 字 of random common characters, a full-width 。 after every 19 ideographs (all count one)."""
    rnd = random.Random(seed)
    out: list[str] = []
    for i in range(chars):
        out.append("。" if i % 20 == 19 else rnd.choice(POOL))
    return "".join(out)


def sentence_text(chars: int, seed: int = 1) -> str:
    """Natural-looking summary text of exactly `chars` 字 (sentences from a small pool, cut to length)."""
    rnd = random.Random(seed)
    text = ""
    while len(text) < chars:
        text += rnd.choice(SENTENCES)
    return text[:chars]


def text_pdf(pages: list[str], per_line: int = 36, size: float = 12) -> bytes:
    """A PDF with a text layer (reportlab's built-in CID font STSong-Light), one string per page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    for page in pages:
        pdf.setFont("STSong-Light", size)
        y = A4[1] - 60
        for start in range(0, len(page), per_line):
            pdf.drawString(56, y, page[start:start + per_line])
            y -= size * 1.7
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def image_pdf(images: list[Any], dpi: int = 200) -> bytes:
    """A PDF whose pages are only images (PIL images), each drawn full-page: what a scanner makes."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    for image in images:
        width, height = image.width * 72 / dpi, image.height * 72 / dpi
        pdf.setPageSize((width, height))
        jpeg = io.BytesIO()
        image.convert("L").save(jpeg, "JPEG", quality=80)
        jpeg.seek(0)
        pdf.drawImage(ImageReader(jpeg), 0, 0, width=width, height=height)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def drawing_page(seed: int = 0) -> Any:
    """An A4 page at 100 dpi with boxes and lines but no text: a "scan" without a text layer."""
    from PIL import Image, ImageDraw

    rnd = random.Random(seed)
    image = Image.new("L", (827, 1169), 255)
    draw = ImageDraw.Draw(image)
    for _ in range(20):
        x, y = rnd.randrange(50, 700), rnd.randrange(50, 1000)
        draw.rectangle((x, y, x + rnd.randrange(20, 100), y + rnd.randrange(5, 60)), outline=0, width=2)
    return image


def docx_bytes(paragraphs: list[str], *, table: list[list[str]] | None = None, nested: str | None = None,
               header: str | None = None, footer: str | None = None, extra_xml: list[str] = (),
               footnote: str | None = None) -> bytes:
    """A .docx made with python-docx: paragraphs, an optional table (with a nested table in its first cell),
    header/footer, raw body XML snippets (w:p elements) and a footnote part."""
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
        if nested:
            inner = grid.cell(0, 0).add_table(rows=1, cols=1)
            inner.cell(0, 0).text = nested
    section = document.sections[0]
    if header:
        section.header.paragraphs[0].text = header
    if footer:
        section.footer.paragraphs[0].text = footer
    body = document.element.body
    for snippet in extra_xml:
        body.insert(len(body) - 1, parse_xml(snippet))
    if footnote:
        _add_footnotes(document, footnote)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


_NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
       'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
       'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
       'xmlns:v="urn:schemas-microsoft-com:vml"')


def textbox_xml(text: str) -> str:
    """A paragraph holding a text box stored twice (DrawingML choice and VML fallback), as Word saves it."""
    inner = f"<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>"
    return (f"<w:p {_NS}><w:r><w:t>框外</w:t></w:r><w:r><mc:AlternateContent>"
            f"<mc:Choice Requires=\"wps\"><wps:txbx>{inner}</wps:txbx></mc:Choice>"
            f"<mc:Fallback><v:textbox>{inner}</v:textbox></mc:Fallback></mc:AlternateContent></w:r></w:p>")


def revisions_xml(kept: str, deleted: str, inserted: str) -> str:
    """A paragraph with tracked changes: a deletion (w:delText) and an insertion, plus a field code."""
    return (f"<w:p {_NS}><w:r><w:t>{kept}</w:t></w:r><w:del><w:r><w:delText>{deleted}</w:delText></w:r></w:del>"
            f"<w:ins><w:r><w:t>{inserted}</w:t></w:r></w:ins>"
            f"<w:r><w:instrText> PAGE </w:instrText></w:r></w:p>")


def _add_footnotes(document: Any, text: str) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    xml = (f'<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           f'<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
           f'<w:footnote w:id="1"><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:footnote></w:footnotes>')
    part = Part(PackURI("/word/footnotes.xml"),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
                xml.encode("utf-8"), document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)


def encrypted_pdf(user_password: str) -> bytes:
    """A one-page text PDF encrypted with `user_password` ("" = owner password only)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(text_pdf([sentence_text(100)]))).pages:
        writer.add_page(page)
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="AES-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


# --- .docx ------------------------------------------------------------------------------------------------


def test_docx_counts_paragraphs_and_tables_but_not_headers() -> None:
    body = sentence_text(300, seed=2)
    data = docx_bytes([body[:150], body[150:]], table=[["项目名称", "本人作用"], ["某某大厦", "技术负责人"]],
                      nested="嵌套表格", header="页眉不计入", footer="第1页")
    result = docx_text(data)
    assert result.method == "docx"
    assert body[:150] in result.text and body[150:] in result.text
    assert "技术负责人" in result.text and "嵌套表格" in result.text
    assert "页眉" not in result.text and "第1页" not in result.text
    assert count_words(result.text) == 300 + 4 + 4 + 4 + 5 + 4


def test_docx_text_box_counted_once_and_revisions_as_final() -> None:
    data = docx_bytes(["正文"], extra_xml=[textbox_xml("框内文字"), revisions_xml("保留", "删掉的字", "新增")])
    text = docx_text(data).text
    assert text.count("框内文字") == 1
    assert "框外" in text
    assert "保留新增" in text and "删掉" not in text and "PAGE" not in text
    assert count_words(text) == 2 + 2 + 4 + 4


def test_docx_footnotes_are_counted() -> None:
    text = docx_text(docx_bytes(["正文内容"], footnote="脚注内容")).text
    assert "脚注内容" in text


def test_docx_zip_bomb_is_refused_before_parsing() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (25 * 1024 * 1024))
    with pytest.raises(ContentError) as raised:
        docx_text(buffer.getvalue())
    assert raised.value.reason == "bomb"


@pytest.mark.parametrize("data", [b"PK\x03\x04 truncated zip", b"not a zip at all"])
def test_docx_corrupt(data: bytes) -> None:
    with pytest.raises(ContentError) as raised:
        docx_text(data)
    assert raised.value.reason == "corrupt"


def test_docx_zip_without_word_document_is_corrupt() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(ContentError) as raised:
        docx_text(buffer.getvalue())
    assert raised.value.reason in ("corrupt", "unsupported")


# --- .txt -------------------------------------------------------------------------------------------------

TEXT = "专业技术工作总结：本人从事BIM技术应用。\n第二段。"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
        (b"\xff\xfe" + TEXT.encode("utf-16-le"), "utf-16-le"),
        (b"\xfe\xff" + TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),
        (TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT.encode("gb18030"), "gb18030"),
        (TEXT.encode("gbk"), "gb18030"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf16le-nobom", "utf16be-nobom", "gb18030", "gbk"],
)
def test_txt_encodings(data: bytes, encoding: str) -> None:
    result = plain_text(data)
    assert result.text == TEXT
    assert result.encoding == encoding
    assert result.method == "txt"


def test_txt_windows_line_ends_and_binary() -> None:
    assert plain_text("第一行\r\n第二行\r第三行".encode()).text == "第一行\n第二行\n第三行"
    with pytest.raises(ContentError) as raised:
        plain_text(b"\x00\x01\x02\x03binary\x00\x00\xff")
    assert raised.value.reason == "unsupported"


# --- PDF text layer ---------------------------------------------------------------------------------------


def test_pdf_text_layer_per_page() -> None:
    pages = [sentence_text(400, seed=1), sentence_text(250, seed=2)]
    result = pdf_text(text_pdf(pages))
    assert result.method == "text-layer"
    assert result.pages == 2
    assert result.chars_per_page == (400, 250)
    assert result.image_pages == () and not result.is_scan
    assert count_words(result.text) == 650


def test_scanned_pdf_is_recognised_as_scan() -> None:
    result = pdf_text(image_pdf([drawing_page(1), drawing_page(2)]))
    assert result.pages == 2
    assert result.chars_per_page == (0, 0)
    assert result.is_scan
    assert result.text == ""


def test_mixed_pdf_reports_its_image_only_pages() -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for source in (text_pdf([sentence_text(300)]), image_pdf([drawing_page()])):
        for page in PdfReader(io.BytesIO(source)).pages:
            writer.add_page(page)
    buffer = io.BytesIO()
    writer.write(buffer)
    result = pdf_text(buffer.getvalue())
    assert result.image_pages == (1,)
    assert result.text_pages == (0,)
    assert not result.is_scan
    assert count_words(result.text) == 300


def test_a_page_with_only_a_scanner_watermark_is_image_only() -> None:
    result = pdf_text(text_pdf(["扫描全能王 创建"]))
    assert result.chars_per_page == (7,)
    assert result.is_scan


def test_pdf_needing_a_password_is_encrypted() -> None:
    with pytest.raises(ContentError) as raised:
        pdf_text(encrypted_pdf("secret"))
    assert raised.value.reason == "encrypted"


def test_pdf_with_owner_password_only_is_readable() -> None:
    assert count_words(pdf_text(encrypted_pdf("")).text) == 100


@pytest.mark.parametrize("data", [b"%PDF-1.4\n garbage", b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n"])
def test_corrupt_pdf(data: bytes) -> None:
    with pytest.raises(ContentError) as raised:
        pdf_text(data)
    assert raised.value.reason == "corrupt"


def test_extract_text_dispatch_and_bad_kinds() -> None:
    assert extract_text("工作".encode(), "txt").text == "工作"
    with pytest.raises(ContentError) as raised:
        extract_text(b"", "pdf")
    assert raised.value.reason == "empty"
    with pytest.raises(ContentError) as raised:
        extract_text(b"\xff\xd8\xff", "jpeg")
    assert raised.value.reason == "unsupported"


# --- similarity -------------------------------------------------------------------------------------------


def test_similarity_survives_reordering_and_reformatting() -> None:
    paragraphs = [random_chinese(400, seed) for seed in range(5)]
    original = "\n".join(paragraphs)
    shuffled = "\n\n".join(reversed(paragraphs)).replace("。", ". ")
    similarity = compare(original, shuffled)
    assert similarity.resemblance > 0.95
    assert similarity.score > 0.95


def test_similarity_of_different_texts_on_one_subject_is_low() -> None:
    similarity = compare(random_chinese(3000, 1), random_chinese(3000, 2))
    assert similarity.score < 0.05
    natural = compare(sentence_text(2000, seed=1), "".join(reversed(sentence_text(2000, seed=1))))
    assert natural.score < 0.1


def test_containment_one_way() -> None:
    summary = random_chinese(2000, 7)
    report = summary + random_chinese(2000, 8)  # the summary plus pages of its own
    similarity = compare(report, summary)
    assert similarity.b_in_a == pytest.approx(1.0)
    assert 0.4 < similarity.a_in_b < 0.6


def test_normalise_folds_width_case_and_drops_punctuation() -> None:
    assert normalise("ＢＩＭ技术， (BIM) 技术。") == "bim技术bim技术"
    assert shingles("") == frozenset()
    assert shingles("短") == frozenset({"短"})


def test_similarity_is_fast_on_20k_characters() -> None:
    import time

    a, b = random_chinese(20000, 1), random_chinese(20000, 2)
    started = time.perf_counter()
    compare(a, b)
    assert time.perf_counter() - started < 1.0


def test_macro_enabled_docx_is_read() -> None:
    source = docx_bytes(["宏文档的正文内容"])
    macro_type = b"application/vnd.ms-word.document.macroEnabled.main+xml"
    plain_type = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as zin, zipfile.ZipFile(buffer, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(plain_type, macro_type)
            zout.writestr(info, data)
    assert docx_text(buffer.getvalue()).text == "宏文档的正文内容"


@pytest.mark.parametrize("error", ["LimitReachedError", "NotImplementedError"])
def test_pdf_text_turns_any_pypdf_failure_into_content_error(monkeypatch: pytest.MonkeyPatch, error: str) -> None:
    import pypdf
    import pypdf.errors

    from zccheck.content.errors import ContentError
    from zccheck.content.text import pdf_text

    exc_type = getattr(pypdf.errors, error, None) or NotImplementedError

    def explode(*args: object, **kwargs: object) -> None:
        raise exc_type("boom")

    monkeypatch.setattr(pypdf, "PdfReader", explode)
    with pytest.raises(ContentError) as caught:
        pdf_text(b"%PDF-1.4\n")
    assert caught.value.reason == "corrupt"
