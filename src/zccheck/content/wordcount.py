"""Word's 字数: how Microsoft Word (Chinese UI, "字数统计" → "字数") counts a text.

Word's 字数 is 中文字符和朝鲜语单词 + 非中文单词. Which characters are "中文字符" Word decides by Unicode block, not by
display width; the rules below follow Word's behaviour as verified character by character in Word (the public
validation table of the office-wordcount project, github.com/bebe3/office-wordcount, `validation_dataset.md`,
each row checked against Word's 字数统计):

* Every CJK ideograph (all blocks, including extensions B–H and the compatibility blocks in planes 0, 2
  and 3), kana, hangul, bopomofo, full-width forms ("Ａ", "１", "，。、；：？！（）"), CJK symbols and punctuation
  (《》〈〉「」〆々), enclosed CJK letters (㈱ ㊀), CJK compatibility (㍻ ㎡) and Kangxi radicals count **one** each
  ("ＡＢＣＤＥ" is 5, "㈱テスト㈲" is 5).
* Punctuation and symbols whose East Asian width is *ambiguous* — “ ” ‘ ’ … — · × ÷ ± ° ℃ § № Ⅲ and the like —
  are drawn full-width in Chinese text (Word gives them the East Asian font) and count **one** each.
* Private-use characters (rare characters from custom fonts, what broken PDF text layers often yield)
  stand for a visible glyph: **one** each.
* **Circled digits are not 中文字符**: ① ② ③ … ⑳ ⑴ ⒈ (Enclosed Alphanumerics, U+2460–U+24FF) and the dingbat
  circled digits ❶ ➀ (U+2776–U+2793) are letters of a western word: Word counts "①②③④⑤" as **1**, and "第①条"
  as 3 (第 ① 条).
* **Emoji are not 中文字符** either: an emoji is a letter of a western word. Word counts "👍" as 1, "👍👎👏" as 1,
  "Hello👍World" as 1, "hello 🙂 world" as 3 and "こんにちは👋" as 6. The parts of an emoji sequence — zero-width
  joiner (👨‍👩‍👧‍👦 is 1), skin-tone modifiers (👍🏻 is 1), regional indicators (🇯🇵 is 1), keycaps (1️⃣2️⃣3️⃣ is 1) —
  stay inside that one word.
* **Zero-width and invisible format characters count nothing and do not separate words**: zero-width space
  U+200B, zero-width non-joiner U+200C, zero-width joiner U+200D, word joiner U+2060, the BOM / zero-width
  no-break space U+FEFF, soft hyphen U+00AD, variation selectors U+FE00–U+FE0F and U+E0100–U+E01EF. Word counts
  "foo\u200bbar", "foo\u200dbar" and "\ufeffHello" as **1** word each; "中\u200b文" is 2.
* Everything else that is not a space or a control character forms *western words*: a maximal run of such
  characters between spaces, control characters and the 中文字符 above. A run counts **one** when it holds a
  letter, a digit, a circled digit or an emoji, otherwise **nothing**. So, like Word (which splits western text
  on spaces only), "3.5", "1,000", "COVID-19", "e-mail", "GB50010-2010", "don't", "A/B" and
  "https://example.com/a" are one word each, and "(BIM)" or "BIM," count as one; a lone half-width
  punctuation mark or symbol ("-", "...", "&") counts nothing.
* Spaces (including the ideographic space U+3000), line breaks, tabs and other control characters count
  nothing and separate western words. (Word counts a literal U+2028/U+2029 separator as a word of its own;
  zccheck's readers turn line and paragraph breaks into newlines, so they separate here.)

Examples: "采用BIM技术" → 5 (采 用 BIM 技 术); "混凝土C30，强度等级。" → 10 (3 + C30 + ， + 4 + 。);
"①②③项目" → 3 (①②③ 项 目).
Deliberate simplification: hangul syllables count one each (Word counts Korean words); irrelevant here.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# What one character is for counting.
_SEPARATOR = 0  # space, control, format: counts nothing, ends a western word
_ASIAN = 1  # counts one on its own, ends a western word
_WORD_ALNUM = 2  # letter/digit/mark of a western word
_WORD_OTHER = 3  # half-width punctuation/symbol: joins a western word, counts nothing alone
_INVISIBLE = 4  # zero-width/format character: joins a western word, counts nothing, is not "text"

# Invisible characters that Word neither counts nor treats as a word break.
_INVISIBLE_CHARS = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff")


def _is_invisible(code: int) -> bool:
    return (chr(code) in _INVISIBLE_CHARS or 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF
            or 0x1F3FB <= code <= 0x1F3FF or code == 0x20E3 or 0xE0020 <= code <= 0xE007F)


def _is_letterlike_symbol(code: int, category: str, width: str) -> bool:
    """Circled digits and emoji: letters of a western word for Word, never 中文字符."""
    if 0x2460 <= code <= 0x24FF or 0x2776 <= code <= 0x2793:  # ① ⑴ ⒈ ⓐ, ❶ ➀
        return True
    if 0x1F1E6 <= code <= 0x1F1FF:  # regional indicators (flags)
        return True
    emoji_block = 0x2600 <= code <= 0x27BF or 0x2B00 <= code <= 0x2BFF or 0x1F000 <= code <= 0x1FAFF
    return emoji_block and category in ("So", "Sk") and width == "W"


def _is_cjk_plane_or_block(code: int) -> bool:
    """CJK ideograph ranges that an older `unicodedata` may not know yet (treat as wide regardless)."""
    return (
        0x3400 <= code <= 0x4DBF  # Extension A
        or 0x4E00 <= code <= 0x9FFF  # Unified Ideographs
        or 0xF900 <= code <= 0xFAFF  # Compatibility Ideographs
        or 0x20000 <= code <= 0x3FFFD  # planes 2 and 3: Extensions B–H, compatibility supplement
    )


@lru_cache(maxsize=8192)
def _char_class(char: str) -> int:
    code = ord(char)
    if _is_cjk_plane_or_block(code):
        return _ASIAN
    if _is_invisible(code):
        return _INVISIBLE
    category = unicodedata.category(char)
    if category.startswith("Z") or category in ("Cc", "Cf", "Cs", "Cn"):
        return _SEPARATOR
    if category == "Co":
        return _ASIAN
    width = unicodedata.east_asian_width(char)
    if _is_letterlike_symbol(code, category, width):
        return _WORD_ALNUM
    if width in ("W", "F"):
        return _ASIAN
    if width == "A" and (category[0] in "PS" or category == "No"):
        return _ASIAN
    if category[0] in "LNM":
        return _WORD_ALNUM
    return _WORD_OTHER


def count_words(text: str) -> int:
    """Word's 字数 of `text` (see the module docstring for the exact rule)."""
    total = 0
    in_word = False
    word_has_alnum = False
    for char in text:
        kind = _char_class(char)
        if kind >= _WORD_ALNUM:
            in_word = True
            word_has_alnum = word_has_alnum or kind == _WORD_ALNUM
            continue
        if in_word:
            total += word_has_alnum
            in_word = word_has_alnum = False
        if kind == _ASIAN:
            total += 1
    if in_word:
        total += word_has_alnum
    return total


def count_nonspace(text: str) -> int:
    """Characters that are neither spaces nor control/format/zero-width characters (a cheap "is there text"
    measure)."""
    return sum(1 for char in text if _char_class(char) not in (_SEPARATOR, _INVISIBLE))
