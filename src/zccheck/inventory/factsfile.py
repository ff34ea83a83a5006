"""Decode the applicant's zccheck.toml, whichever editor saved it (Windows Notepad often saves GBK)."""

from __future__ import annotations

# A real zccheck.toml is a few hundred bytes; anything this large is not one.
FACTS_MAX_BYTES = 64 * 1024
# tomllib's work on a dotted key grows with the square of its length ("a.a.a…" of 100,000 parts needs tens of
# GB): lines are capped before parsing (keys cannot span lines in TOML).
FACTS_MAX_LINE = 4096


class FactsDecodeError(ValueError):
    """The facts file is not text in a known encoding, or too large to be one."""


def decode_facts(data: bytes) -> str:
    """Text of zccheck.toml: UTF-8 (with or without BOM), UTF-16 with BOM, else GB 18030 (a superset of GBK)."""
    if len(data) > FACTS_MAX_BYTES:
        raise FactsDecodeError(f"文件过大（{len(data) // 1024} KB），不是有效的申报信息文件")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _checked_lines(data.decode("utf-16"))
        except UnicodeDecodeError:
            raise FactsDecodeError("不是有效的 UTF-16 文本") from None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return _checked_lines(text)
    raise FactsDecodeError("不是文本文件（请用记事本等编辑器按 UTF-8 编码保存）")


def _checked_lines(text: str) -> str:
    for number, line in enumerate(text.splitlines(), 1):
        if len(line) > FACTS_MAX_LINE:
            raise FactsDecodeError(f"第 {number} 行过长（{len(line)} 个字符），不是有效的申报信息文件")
    return text
