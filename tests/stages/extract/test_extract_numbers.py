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
    ("二〇一四", 2014), ("一萬", 10000), ("零点五", 0.5),
    ("", None), ("abc", None), ("三个", None), ("一把手", None),
])
def test_parse_number(text, expected):
    assert parse_number(text) == expected


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
