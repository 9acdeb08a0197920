"""``stages.screens``: ``any_of`` finds something in exactly the texts that hold one of its strings."""

from __future__ import annotations

import random
import re

from jianghua import resources
from jianghua.stages.clean import INLINE_PATTERNS, LINE_PATTERNS, TAIL_PATTERNS
from jianghua.stages.screens import any_of, requirement
from jianghua.training.devset import load_devset

from tests.support import needs_screens

# words with the shapes that matter: one holding another (关注 / 关注我们), a shared first character
# (关灯, 关注…), a lone character, a word that is a prefix of another (上一 / 上一页), escapes (A+, .doc)
WORDS = ("关注公众号", "关注我们", "关注", "关灯", "一键复制", "一起来看看吧", "上一", "上一页", "»", "A+", ".doc", "下载", "载入")


def _holds_one(words, text: str) -> bool:
    return any(word in text for word in words)


def test_any_of_puts_the_words_under_their_first_characters():
    # 关注公众号, 关注我们 and 上一页 hold a shorter word of the set: they add nothing
    assert any_of(WORDS).pattern == r"\.doc|A\+|»|一(?:起来看看吧|键复制)|上一|下载|关(?:注|灯)|载入"
    assert any_of(["第一", "第二", "首先"]).pattern == "第(?:一|二)|首先"
    assert any_of(["要"]).pattern == "要"


def test_any_of_of_nothing_finds_nothing_and_of_the_empty_string_everything():
    assert any_of([]).search("关注我们") is None and any_of([]).search("") is None
    assert any_of(["", "关注"]).search("") is not None and any_of(["", "关注"]).search("同志们") is not None


def test_any_of_agrees_with_the_plain_test_on_made_texts():
    pieces = [*WORDS, "关", "注", "一", "键", "上", "页", "A", "+", ".", "doc", "同志们", "，", " ", "\n"]
    rng = random.Random(7)
    texts = ["", *WORDS, *(w[:-1] for w in WORDS), *(w[1:] for w in WORDS)]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 6))) for _ in range(3000)]
    pattern = any_of(WORDS)
    found = 0
    for text in texts:
        holds = _holds_one(WORDS, text)
        assert (pattern.search(text) is not None) == holds, text
        found += holds
    assert 1000 < found < len(texts) - 500  # both answers are well exercised


def _table_words() -> list[frozenset[str]]:
    """The word sets the furniture tables' screens are built from: each row's most selective requirement."""
    sets = []
    for table in (LINE_PATTERNS, INLINE_PATTERNS, TAIL_PATTERNS):
        for _code, pattern, _description in resources.pattern_table(table):
            needed = requirement(pattern).best
            if needed:
                sets.append(needed)
    return sets


@needs_screens
def test_any_of_agrees_with_the_plain_test_on_seed_and_dev_lines(seed_pages, devset_dir):
    lines = [line.canon for page in seed_pages.values() for line in page.lines if line.canon]
    lines += [line for page in load_devset(devset_dir, "dev") for line in page.raw.split("\n") if line.strip()]
    union = frozenset().union(*_table_words())
    word_sets = [union, *_table_words()]
    assert len(union) > 150 and len(lines) > 1500
    hits = 0
    for words in word_sets:
        pattern = any_of(words)
        for text in lines:
            holds = _holds_one(words, text)
            assert (pattern.search(text) is not None) == holds, (sorted(words)[:5], text)
            hits += holds
    assert hits > 500


@needs_screens
def test_a_requirement_with_words_still_screens_exactly():
    needed = requirement(re.compile(r"(?:满分|总分|分值)为?(\d+)分"))
    assert needed.words == ("分值", "总分", "满分")
    assert needed("总分为100分") and needed("分值20分") and not needed("得分为100")


@needs_screens
def test_a_requirement_names_the_characters_every_match_holds():
    def chars(regex: str) -> list[str]:
        return sorted(requirement(re.compile(regex)).chars)

    assert chars(r"第\s*\d+\s*页\s*共\s*\d+\s*页") == ["共", "第", "页"]
    assert chars(r"[（(]\s*第\s*\d{1,3}\s*(?:页）|页\))") == ["第", "页"]  # 页 is in each word of the set
    assert chars(r"(?:满分|总分)为?(\d+)") == ["分"]
    assert chars(r"a[bc]d?") == ["a"]
    assert chars(r"\d+") == []


@needs_screens
def test_a_union_of_rows_that_share_characters_is_tried_only_where_they_stand():
    from jianghua.stages.screens import table_screen

    regexes = [r"第\s*\d+\s*页\s*共\s*\d+\s*页", r"共\s*\d+\s*页\s*第\s*\d+\s*页", r"[（(【]\s*第\s*\d{1,3}\s*(?:页）|页\)|页】)"]
    rows = tuple((f"r{n}", re.compile(regex), "") for n, regex in enumerate(regexes))
    screen = table_screen(rows)
    probes = ["第2页共3页", "共3页 第2页", "（第3页）", "(第 3 页)", "【第12页】", "第2页", "共3页", "第页共页", "页第", "第二页",
              "同志们：第2页共3页", "第 2 页 共 3 页（完）", "第1章 共3页"]
    matched = 0
    for text in probes:
        row_matches = any(pattern.search(text) for _code, pattern, _d in rows)
        assert bool(screen(text)) == row_matches, text  # a union of rows alone: exactly where a row matches
        matched += row_matches
    assert matched == 7
