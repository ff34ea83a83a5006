"""Which format a file's bytes are in, from their content (a file name is never trusted)."""

from __future__ import annotations

from zccheck.content.pension.guards import zip_member_names

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls/.doc, or a password-protected Office file
_IMAGE_MAGIC = (b"\xff\xd8\xff", b"\x89PNG", b"GIF8", b"BM", b"II*\x00", b"MM\x00*")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def sniff_format(data: bytes) -> str:
    """The format of `data` from its first bytes.

    One of xlsx, docx, zip, broken-zip, pdf, xls, image, xml2003, html, csv (any other text) or binary."""
    head = data[:4096]
    if head.startswith(b"PK\x03\x04"):
        names = zip_member_names(data)
        if names is None:
            return "broken-zip"
        if "xl/workbook.xml" in names:
            return "xlsx"
        return "docx" if "word/document.xml" in names else "zip"
    if head.lstrip().startswith(b"%PDF") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(_OLE2):
        return "xls"
    if head.startswith(_IMAGE_MAGIC) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP"):
        return "image"
    low = head.lower()
    if b"urn:schemas-microsoft-com:office:spreadsheet" in low:
        return "xml2003"
    if b"<table" in data[:200_000].lower() or low.lstrip().startswith((b"<!doctype html", b"<html")):
        return "html"
    if head.startswith(_UTF16_BOMS):
        return "csv"
    if b"\x00" in head:
        return "binary"
    return "csv"
