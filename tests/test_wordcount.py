"""Word's 字数, table-driven: every expected value is counted by hand (the comment shows the units)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zccheck.content.wordcount import count_nonspace, count_words

CASES = [
    # (text, expected, how it is counted)
    ("", 0, "nothing"),
    ("   \t\n\r\u3000", 0, "spaces, tabs, newlines and the ideographic space count nothing"),
    ("工作总结", 4, "4 ideographs"),
    ("本人，男。", 5, "本 人 ， 男 。"),
    ("采用BIM技术", 5, "采 用 BIM 技 术"),
    ("混凝土C30，强度等级。", 10, "混 凝 土 C30 ， 强 度 等 级 。"),
    ("hello world", 2, "two western words"),
    ("hello, world!", 2, "half-width punctuation joins its word and adds nothing"),
    ("3.5", 1, "a decimal number is one word (Word splits western text on spaces only)"),
    ("1,000", 1, "thousands separator inside a number"),
    ("COVID-19", 1, "hyphenated code"),
    ("e-mail", 1, "hyphenated word"),
    ("don't", 1, "apostrophe inside a word"),
    ("GB50010-2010", 1, "a standard's number"),
    ("https://example.com/a?b=1", 1, "a URL is one word"),
    (" - ", 0, "a lone half-width dash counts nothing"),
    ("... & ##", 0, "runs of half-width punctuation/symbols without a letter or digit count nothing"),
    ("(BIM)", 1, "half-width brackets around a word"),
    ("（BIM）", 3, "full-width brackets count one each: （ BIM ）"),
    ("“你好”", 4, "curly quotes (East Asian width ambiguous) count like full-width marks: “ 你 好 ”"),
    ("……——", 4, "Chinese ellipsis and dash: 4 ambiguous-width marks"),
    ("温度25℃", 4, "温 度 25 ℃"),
    ("①②③", 1, "circled numbers are one western word for Word (①②③④⑤ is 1)"),
    ("Ａ１", 2, "full-width letters and digits count one each"),
    ("ｈｅｌｌｏ", 5, "full-width letters: one each, not one word"),
    ("《建筑法》", 5, "《 建 筑 法 》"),
    ("\U00020000\U0002a6d6\U00030000", 3, "extension B, B (last) and G ideographs"),
    ("\U00031350", 1, "extension H (newer than this Python's Unicode tables) still counts"),
    ("\uf900\ufa0e", 2, "compatibility ideographs"),
    ("\ue000", 1, "a private-use glyph (rare character from a custom font) counts one"),
    ("第3章", 3, "第 3 章"),
    ("2024年8月", 4, "2024 年 8 月"),
    ("α射线", 3, "Greek letter is a western word: α 射 线"),
    ("a\u200bb", 1, "zero-width space neither counts nor separates words (Word: foo+ZWSP+bar is 1)"),
    ("\ufeff工程", 2, "a BOM counts nothing"),
    ("x\ty\nz", 3, "tab and newline separate words"),
    ("项目A、B两期", 7, "项 目 A 、 B 两 期"),
    ("Ⅲ级", 2, "Roman numeral Ⅲ (ambiguous width, a number) counts one: Ⅲ 级"),
]


@pytest.mark.parametrize(("text", "expected", "how"), CASES, ids=[c[2][:40] for c in CASES])
def test_count_words_matches_hand_count(text: str, expected: int, how: str) -> None:
    assert count_words(text) == expected, how


def test_a_realistic_paragraph() -> None:
    text = "本人于2015年参加工作，主要从事BIM技术应用和混凝土结构施工管理（详见附件1）。"
    # 本人于 (3) 2015 (1) 年参加工作 (5) ， (1) 主要从事 (4) BIM (1) 技术应用和混凝土结构施工管理 (14)
    # （ (1) 详见附件 (4) 1 (1) ） (1) 。 (1)  = 37
    assert count_words(text) == 37


def test_counting_20k_characters_is_fast() -> None:
    import time

    text = ("本人自参加工作以来，一直从事BIM技术与施工管理工作（2015-2024）。" * 700)[:20000]
    started = time.perf_counter()
    count_words(text)
    assert time.perf_counter() - started < 0.5


def test_count_nonspace_counts_visible_characters() -> None:
    assert count_nonspace(" 工 程\n ab,\u200b") == 5


@given(st.lists(st.sampled_from(["工", "程", "，", "ab", "3.5", " ", "\n", "-", "（"]), max_size=40))
def test_sum_over_space_separated_pieces(pieces: list[str]) -> None:
    """Counting is additive across a separator: joining pieces with spaces never merges or splits units."""
    assert count_words(" ".join(pieces)) == sum(count_words(p) for p in pieces)


@given(st.text(max_size=200))
def test_never_more_than_visible_characters(text: str) -> None:
    assert 0 <= count_words(text) <= count_nonspace(text)


# Rows of the office-wordcount project's validation table (github.com/bebe3/office-wordcount,
# validation_dataset.md), each checked there against Word's own 字数统计.
WORD_VERIFIED = [
    ("Hello World", 2), ("中文测试", 4), ("Hello 世界", 3), ("㈱テスト㈲", 5), ("㍻㍼㍽㍾", 4),
    ("①②③④⑤", 1), ("ＡＢＣＤＥ", 5), ("１２３４５", 5), ("⼀⼆⼃", 3), ("「こんにちは」", 7), ("Hello、World。", 4),
    ("〽々〆", 3), ("👍", 1), ("👍👎👏", 1), ("👨\u200d👩\u200d👧\u200d👦", 1), ("👍🏻", 1), ("🇯🇵", 1),
    ("Hello👍World", 1), ("こんにちは👋", 6), ("hello 🙂 world", 3), ("1\ufe0f\u20e32\ufe0f\u20e33\ufe0f\u20e3", 1),
    ("\ufeffHello", 1), ("foo\u200bbar", 1), ("foo\u200dbar", 1), ("foo\u200cbar", 1),
]


@pytest.mark.parametrize(("text", "expected"), WORD_VERIFIED, ids=[repr(t)[:24] for t, _ in WORD_VERIFIED])
def test_counts_verified_in_word(text: str, expected: int) -> None:
    assert count_words(text) == expected


@pytest.mark.parametrize(("text", "expected", "how"), [
    ("第①条", 3, "第 ①(a western word) 条"),
    ("①项目②项目", 6, "① 项 目 ② 项 目"),
    ("中\u200b文", 2, "a zero-width space between ideographs adds nothing"),
    ("中\u2060文\ufeff", 2, "word joiner and BOM add nothing"),
    ("好\ufe0f", 1, "a variation selector adds nothing"),
    ("总结👍👍👍", 3, "总 结 👍👍👍(one word)"),
    ("\u200b\u200c\u200d\u2060\ufeff\ufe0f", 0, "invisible characters alone count nothing"),
])
def test_invisible_and_letterlike_characters(text: str, expected: int, how: str) -> None:
    assert count_words(text) == expected, how


def test_invisible_characters_are_not_text() -> None:
    assert count_nonspace("\u200b\u200c\u200d\u2060\ufeff\ufe0f") == 0
