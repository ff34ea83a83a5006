"""Text from a file's bytes: Word .docx, plain text, or a PDF's text layer. No OCR here (see ocr.py).

`extract_text(data, kind)` returns an `ExtractedText`; unreadable content raises `ContentError` with reason
"corrupt", "encrypted", "unsupported", "bomb" or "too-large".

What is read:
* .docx — every paragraph of the body in document order, at any depth: table cells, nested tables, text
  boxes and content controls included (text boxes stored twice for old readers, under mc:Fallback, are
  read once), plus footnotes and endnotes. Headers and footers are left out, as Word's 字数 leaves them
  out. Deleted revisions (w:delText) and field codes (w:instrText) are not text; inserted revisions are.
  Before python-docx opens the package, the zip's declared sizes are checked (zip-bomb guard).
* .txt — BOM (UTF-8, UTF-16 LE/BE, UTF-32), then strict UTF-8, BOM-less UTF-16 (by its NUL pattern),
  then GB 18030 (a superset of GBK and GB 2312), then Big5; the encoding used is reported.
* PDF — the text layer page by page (`content.pdf_pages`: pdfium, or pypdf without it), with the
  count of visible characters per page. A page whose text layer has fewer than `scan_page_chars`
  visible characters (or whose "text" is mostly replacement, private-use or control characters, as
  broken font encodings give) is an *image-only page*; a PDF whose pages are all image-only is a scan
  and needs OCR.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from zccheck.content.errors import ContentError
from zccheck.content.wordcount import count_nonspace

if TYPE_CHECKING:
    from zccheck.content.pdf_pages import TextPages
from zccheck.inventory.zipguard import ZIP_READ_ERRORS, office_zip_refusal

DEFAULT_SCAN_PAGE_CHARS = 30  # a PDF page with fewer visible characters in its text layer is image-only

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_TEXT_TAGS = {f"{_W}t": "", f"{_W}tab": "\t", f"{_W}br": "\n", f"{_W}cr": "\n"}


@dataclass(frozen=True)
class ExtractedText:
    """Text read from a file without OCR.

    `method` is "docx", "txt" or "text-layer". For PDFs, `pages` is the page count, `chars_per_page` the
    visible characters of each page's text layer, `page_texts` each page's text and `image_pages` the
    0-based pages whose text layer is (nearly) empty. `encoding` is set for .txt.
    """

    text: str
    method: str
    pages: int | None = None
    chars_per_page: tuple[int, ...] = ()
    page_texts: tuple[str, ...] = ()
    image_pages: tuple[int, ...] = ()
    encoding: str | None = None

    @property
    def is_scan(self) -> bool:
        """True for a PDF whose every page is image-only (≈0 characters of text layer per page)."""
        return bool(self.pages) and len(self.image_pages) == self.pages

    @property
    def text_pages(self) -> tuple[int, ...]:
        """0-based pages whose text layer is usable."""
        skipped = set(self.image_pages)
        return tuple(i for i in range(self.pages or 0) if i not in skipped)


def extract_text(data: bytes, kind: str, *, scan_page_chars: int = DEFAULT_SCAN_PAGE_CHARS) -> ExtractedText:
    """Text of `data`, a file of detected `kind` ("docx", "txt", "csv" or "pdf")."""
    if not data:
        raise ContentError("empty", "the file has no bytes")
    if kind == "docx":
        return docx_text(data)
    if kind in ("txt", "csv"):
        return plain_text(data)
    if kind == "pdf":
        return pdf_text(data, scan_page_chars=scan_page_chars)
    raise ContentError("unsupported", f"no text reader for {kind!r}")


# --- .docx ----------------------------------------------------------------------------------------------


def check_zip_bomb(data: bytes) -> None:
    """Raise ContentError("bomb"/"corrupt") unless the zip's declared sizes are sane. Opens no member.

    The one zip guard (inventory/zipguard.py) with its Office limits."""
    refusal = office_zip_refusal(data)
    if refusal is not None:
        raise ContentError("corrupt" if refusal.reason == "corrupt" else "bomb", refusal.message_zh)


def docx_errors() -> tuple[type[BaseException], ...]:
    """What python-docx and lxml raise on a malformed package: a missing part (KeyError), a wrong content
    type (ValueError), broken XML, a damaged zip, a package that is not Word."""
    from docx.opc.exceptions import OpcError
    from lxml.etree import LxmlError

    return (OpcError, LxmlError, KeyError, ValueError, TypeError, AttributeError, *ZIP_READ_ERRORS)


def docx_text(data: bytes) -> ExtractedText:
    """Body text (tables, nested tables, text boxes), footnotes and endnotes of a .docx (no headers)."""
    check_zip_bomb(data)
    try:
        import docx
        from docx.opc.package import OpcPackage
        from docx.oxml.parser import parse_xml
    except ImportError as exc:  # a core dependency; guard anyway
        raise ContentError("unsupported", "python-docx is not installed") from exc
    try:
        try:
            document = docx.Document(io.BytesIO(data))
            root, package = document.element.body, document.part.package
        except ValueError:  # macro-enabled (.docm) or template (.dotx): the same XML under another content type
            package = OpcPackage.open(io.BytesIO(data))
            root = parse_xml(package.main_document_part.blob)
    except docx_errors() as exc:  # a missing part, broken XML, a damaged zip, not a Word package
        raise ContentError("corrupt", f"{type(exc).__name__}: {exc}") from exc
    blocks = _paragraph_texts(root)
    for part in package.iter_parts():
        if str(part.partname) in ("/word/footnotes.xml", "/word/endnotes.xml"):
            blocks.extend(_part_paragraphs(part.blob))
    return ExtractedText(text="\n".join(blocks), method="docx")


def _part_paragraphs(blob: bytes) -> list[str]:
    from docx.oxml.parser import parse_xml  # lxml parser with entity resolution off

    try:
        return _paragraph_texts(parse_xml(blob))
    except docx_errors():  # a damaged footnotes part must not lose the body's text
        return []


def _paragraph_texts(root: Any) -> list[str]:
    """Text of every w:p under `root` (document order), skipping mc:Fallback copies."""
    texts: list[str] = []
    for paragraph in root.iter(f"{_W}p"):
        if _under_fallback(paragraph, root):
            continue
        pieces: list[str] = []
        for node in paragraph.iter(*_TEXT_TAGS):
            if _nearest_paragraph(node) is not paragraph:  # belongs to a paragraph nested in a text box
                continue
            pieces.append(_TEXT_TAGS[node.tag] if node.tag != f"{_W}t" else node.text or "")
        texts.append("".join(pieces))
    return texts


def _nearest_paragraph(node: Any) -> Any:
    parent = node.getparent()
    while parent is not None and parent.tag != f"{_W}p":
        parent = parent.getparent()
    return parent


def _under_fallback(node: Any, root: Any) -> bool:
    parent = node.getparent()
    while parent is not None and parent is not root:
        if parent.tag == _MC_FALLBACK:
            return True
        parent = parent.getparent()
    return False


# --- .txt -------------------------------------------------------------------------------------------------

_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def plain_text(data: bytes) -> ExtractedText:
    """Decode a text file; raises ContentError("unsupported") for binary content."""
    text, encoding = _decode(data)
    return ExtractedText(text=text.replace("\r\n", "\n").replace("\r", "\n"), method="txt", encoding=encoding)


def _decode(data: bytes) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding.replace("-sig", "")), encoding
            except UnicodeDecodeError as exc:
                raise ContentError("corrupt", f"{encoding}: {exc}") from exc
    if b"\x00" in data[:4096]:  # BOM-less UTF-16 (ASCII characters give NUL bytes) or binary
        best = max(("utf-16-le", "utf-16-be"), key=lambda enc: _plausible(data[:4096], enc))
        if _plausible(data[:4096], best) >= 0.9:
            return _strict(data, best)
        raise ContentError("unsupported", "binary content (NUL bytes), not a text file")
    for encoding in ("utf-8", "gb18030", "big5"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise ContentError("unsupported", "not UTF-8, UTF-16, GB 18030 or Big5 text")


def _plausible(sample: bytes, encoding: str) -> float:
    """Share of `sample` decoded as `encoding` that is everyday text: ASCII, CJK ideographs and punctuation.

    The wrong byte order turns ASCII into U+xx00 characters, which this does not count as text.
    """
    text = sample[: len(sample) // 2 * 2].decode(encoding, errors="replace")
    if not text:
        return 0.0
    good = sum(1 for char in text if _everyday(ord(char)))
    return good / len(text)


def _everyday(code: int) -> bool:
    if code < 0x80:
        return 0x20 <= code < 0x7F or code in (0x09, 0x0A, 0x0D)
    if code & 0xFF == 0 and code != 0x4E00:  # byte-swapped ASCII (一 U+4E00 is the common exception)
        return False
    return 0x4E00 <= code <= 0x9FFF or 0x3000 <= code <= 0x303F or 0xFF00 <= code <= 0xFFEF or 0x2000 <= code <= 0x206F


def _strict(data: bytes, encoding: str) -> tuple[str, str]:
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError as exc:
        raise ContentError("corrupt", f"{encoding}: {exc}") from exc


# --- PDF text layer ---------------------------------------------------------------------------------------


def pdf_text(data: bytes, *, scan_page_chars: int = DEFAULT_SCAN_PAGE_CHARS) -> ExtractedText:
    """The text layer of a PDF, page by page; encrypted (password needed) → ContentError("encrypted")."""
    from zccheck.content.pdf_pages import pdf_text_pages

    return from_text_pages(pdf_text_pages(data), scan_page_chars=scan_page_chars)


def from_text_pages(pages: TextPages, *, scan_page_chars: int = DEFAULT_SCAN_PAGE_CHARS) -> ExtractedText:
    """An ExtractedText from a PDF's parsed text layer (`content.pdf_pages`): which pages are image-only."""
    count = pages.pages
    texts = list(pages.texts) + [""] * (count - len(pages.texts))
    chars: list[int] = []
    image_pages: list[int] = []
    for index, page_text in enumerate(texts):
        visible = count_nonspace(page_text)
        chars.append(visible)
        if visible < scan_page_chars or _mostly_garbage(page_text, visible):
            image_pages.append(index)
    skipped = set(image_pages)
    return ExtractedText(
        text="\n".join(texts[i] for i in range(count) if i not in skipped),
        method="text-layer",
        pages=count,
        chars_per_page=tuple(chars),
        page_texts=tuple(texts),
        image_pages=tuple(image_pages),
    )


def decrypt_blank(reader: Any) -> None:
    """Open a PDF protected only by an owner password (empty user password); else ContentError."""
    from pypdf.errors import DependencyError, PdfReadError

    try:
        result = reader.decrypt("")
    except (DependencyError, PdfReadError, NotImplementedError, ValueError, KeyError, TypeError) as exc:
        # an unsupported algorithm, a missing crypto provider or a broken encryption dictionary
        raise ContentError("encrypted", f"{type(exc).__name__}: {exc}") from exc
    if not result:
        raise ContentError("encrypted", "a password is needed to open this PDF")


def _mostly_garbage(text: str, visible: int) -> bool:
    """True when over 30% of the visible characters are replacement, private-use or unassigned characters."""
    if visible == 0:
        return False
    bad = sum(1 for char in text if char == "\ufffd" or 0xE000 <= ord(char) <= 0xF8FF)
    return bad > 0.3 * visible
