"""Numbers as written in campaign texts: digits (half- or full-width), Chinese numerals, percentages
and ratios.

Chinese numerals go through cn2an, and only on the short span a rule has matched: converting a whole
text would turn 一去二三里 or 一把手 into digits. Parsers accept raw input (traditional script,
full-width digits, ℅, ∶) as well as the canonical text the pipeline produces, so they can be reused on
any span.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

import cn2an

# Full-width digits, separators and percent signs to ASCII; traditional numeral characters to the
# simplified ones cn2an knows.
_TO_ASCII = str.maketrans({
    **{chr(0xFF10 + i): str(i) for i in range(10)},
    "．": ".", "﹒": ".", "：": ":", "∶": ":", "﹕": ":", "︰": ":", "％": "%", "℅": "%", "﹪": "%",
    "萬": "万", "億": "亿", "兩": "两", "貳": "贰", "參": "叁", "陸": "陆", "點": "点", "〇": "零",
})

# A number starts at the start of its run (not after a digit or a decimal point, not after a Chinese numeral): tried
# from each character of a long run of digits or numerals, a pattern reading a number and then failing scanned the
# run to its end from each of them (quadratic: seconds on one line of 8,000 digits); a number that fails whole never
# held a figure from its middle.
# (thousands may be grouped by commas, 1,256: never a number from after such a comma)
DIGITS = r"(?<![0-9０-９.．])(?<![0-9],)(?:[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])|[0-9０-９]+)(?:[.．][0-9０-９]+)?"
NUMERAL_CHARS = "零〇一二两兩三四五六七八九十百千万萬亿億壹贰貳叁參肆伍陆陸柒捌玖拾佰仟"
# (a numeral may follow a word whose last character is a numeral, and that 一 starts none: 统一三年, 唯一两名, 年龄统一
# 三十五周岁; 之一 stays a number, 百分之一)
CHINESE_NUMERAL = rf"(?:(?<![{NUMERAL_CHARS}])(?!一(?<=[统唯同单逐]一))|(?<=[统唯之同单逐]一))[{NUMERAL_CHARS}]+(?:[点點][零〇一二三四五六七八九]+)?"
NUMBER = rf"(?:{DIGITS}|{CHINESE_NUMERAL})"
PERCENT_SIGN = r"[%％℅﹪]"
RATIO_SEPARATOR = r"[:：∶︰﹕比]"  # ︰ is U+FE30, ∶ U+2236
PERCENT = rf"(?:{DIGITS}\s*{PERCENT_SIGN}|百分之{NUMBER})"
RATIO = rf"{NUMBER}(?:\s*{RATIO_SEPARATOR}\s*{NUMBER})+"

# A figure a page masks or blanks (x名, ××个, ***人): never read as a number.
MASKED_FIGURE = r"(?<![A-Za-z0-9])(?:[xX×＊*Ｘｘ]{1,3})(?![A-Za-z0-9])"
_NUMBER_RE = re.compile(rf"^\s*({NUMBER})\s*$")
_PERCENT_RE = re.compile(rf"^\s*(?:({DIGITS})\s*{PERCENT_SIGN}|百分之({NUMBER}))\s*$")
_RATIO_SPLIT = re.compile(rf"\s*{RATIO_SEPARATOR}\s*")

Number = int | float


def to_ascii(text: str) -> str:
    """Full-width digits and punctuation used in numbers to ASCII (４：３ -> 4:3, ４０℅ -> 40%)."""
    return text.translate(_TO_ASCII)


def _tidy(value: float) -> Number:
    rounded = round(value, 6)
    return int(rounded) if rounded == int(rounded) else rounded


@lru_cache(maxsize=8192)  # cn2an is slow and the same few numbers recur
def parse_number(text: str) -> Number | None:
    """One number as written: '45', '４５', '1.5', '三', '两', '十二', '二〇一四', '兩'. None if not one."""
    match = _NUMBER_RE.match(text)
    if not match:
        return None
    token = to_ascii(match.group(1)).replace(",", "")  # (1,256)
    if re.fullmatch(r"[0-9]+(?:\.[0-9]+)?", token):
        return _finite(float(token))
    try:
        return _finite(float(cn2an.cn2an(token, "smart")))
    except (ValueError, KeyError, OverflowError):  # (6,000 三 make an int too large for a float)
        return None


def _finite(value: float) -> Number | None:
    """None for no finite number: 311 nines read as infinity, and int() of infinity raises."""
    return _tidy(value) if math.isfinite(value) else None


def parse_percent(text: str) -> Number | None:
    """A percentage as a number of percent: '40%', '４０℅', '40％', '百分之四十' -> 40."""
    match = _PERCENT_RE.match(text)
    if not match:
        return None
    return parse_number(match.group(1) or match.group(2))


def parse_ratio(text: str) -> list[Number] | None:
    """A ratio's parts: '4：3：1.5：1.5', '４：３：１.５：１.５', '1∶1', '1比2' -> [4, 3, 1.5, 1.5]."""
    parts = _RATIO_SPLIT.split(text.strip())
    if len(parts) < 2:
        return None
    values = [parse_number(part) for part in parts]
    if any(value is None for value in values):
        return None
    return [value for value in values if value is not None]


def normalized_weights(parts: list[Number]) -> list[Number]:
    """Parts scaled to sum to 1 (4:3:1.5:1.5 -> 0.4, 0.3, 0.15, 0.15); empty if they sum to 0."""
    total = sum(parts)
    if not total:
        return []
    return [_tidy(part / total) for part in parts]


def format_ratio(parts: list[Number]) -> str:
    return ":".join(str(part) for part in parts)
