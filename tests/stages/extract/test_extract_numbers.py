"""Numbers, percentages and ratios as written: digits, full-width digits, Chinese numerals
(simplified and traditional), ℅ and ∶."""

import pytest
from jianghua.stages.extract.numbers import (
    format_ratio,
    normalized_weights,
    parse_number,
    parse_percent,
    parse_ratio,
    to_ascii,
)


@pytest.mark.parametrize(("text", "expected"), [
    ("45", 45), ("４５", 45), ("1.5", 1.5), ("１.５", 1.5), ("１．５", 1.5),
    ("三", 3), ("两", 2), ("兩", 2), ("十二", 12), ("三十", 30), ("一百", 100), ("壹佰", 100),
    ("二〇一四", 2014), ("1,256", 1256), ("12,345.5", 12345.5), ("一萬", 10000), ("零点五", 0.5),
    ("", None), ("abc", None), ("三个", None), ("一把手", None),
])
def test_parse_number(text, expected):
    assert parse_number(text) == expected


def test_a_number_too_large_for_a_float_is_none():
    # review 10, finding 9: 311 nines read as infinity, 6,000 三 as an int too large for a float (OverflowError)
    assert parse_number("9" * 311) is None
    assert parse_number("三" * 6000) is None
    assert parse_number("9" * 20) == 10 ** 20


@pytest.mark.parametrize("text", ["竞聘人员年龄在" + "9" * 311 + "周岁以下。", "挂职期限为" + "三" * 6000 + "年。"])
def test_a_page_with_a_number_too_large_for_a_float_does_not_raise(text):
    from jianghua.stages.runner import process_page

    page = process_page(text.encode(), "huge.txt")
    assert [item for doc in page.documents for item in (doc.rules or {}).get("eligibility", {}).get("max_age", [])] == []


def test_a_numeral_after_a_word_ending_in_a_numeral_character_is_read():
    import re

    from jianghua.stages.extract.numbers import CHINESE_NUMERAL
    # finding 8: 统一三年, 唯一两名 (the 一 belongs to the word, the numeral after it starts a number of its own)
    assert [m.group("n") for m in re.finditer(rf"(?:统一|唯一)(?P<n>{CHINESE_NUMERAL})[年名]", "聘期统一三年，唯一两名")] == [
        "三", "两"]
    # ... and inside a run of numerals no number starts (十二 is read whole, never 二)
    assert re.search(rf"共(?P<n>{CHINESE_NUMERAL})名", "共十二名").group("n") == "十二"
    assert re.search(rf"十(?P<n>{CHINESE_NUMERAL})名", "共十二名") is None
    # ... the 一 of 统一 starts no number, the 一 of 之一 does (百分之一)
    assert [m.group() for m in re.finditer(CHINESE_NUMERAL, "年龄统一三十五周岁，百分之一")] == ["三十五", "百", "一"]


@pytest.mark.parametrize(("text", "expected"), [
    ("40%", 40), ("４０℅", 40), ("40％", 40), ("40 %", 40), ("12.5%", 12.5),
    ("百分之四十", 40), ("百分之40", 40), ("40", None), ("四十%", None),
])
def test_parse_percent(text, expected):
    assert parse_percent(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("4：3：1.5：1.5", [4, 3, 1.5, 1.5]),
    ("４：３：１.５：１.５", [4, 3, 1.5, 1.5]),
    ("4∶3∶1.5∶1.5", [4, 3, 1.5, 1.5]),
    ("1:1", [1, 1]), ("1：2", [1, 2]), ("1比2", [1, 2]), ("一比三", [1, 3]),
    ("4", None), ("4：x", None),
])
def test_parse_ratio(text, expected):
    assert parse_ratio(text) == expected


@pytest.mark.parametrize(("parts", "expected"), [
    ([4, 3, 1.5, 1.5], [0.4, 0.3, 0.15, 0.15]),
    ([30, 40, 30], [0.3, 0.4, 0.3]),
    ([1, 1], [0.5, 0.5]),
    ([1, 2], [0.333333, 0.666667]),
    ([0, 0], []),
])
def test_normalized_weights(parts, expected):
    assert normalized_weights(parts) == expected


def test_to_ascii_folds_full_width_and_traditional_numerals():
    assert to_ascii("４：３∶１．５，４０℅，兩萬") == "4:3:1.5，40%，两万"


def test_format_ratio():
    assert format_ratio([4, 3, 1.5, 1.5]) == "4:3:1.5:1.5"
