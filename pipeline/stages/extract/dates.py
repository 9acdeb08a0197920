"""Dates as written: full and partial dates (1971年5月31日, 2014年9月, 6月12日), month ends and
parts (6月底, 6月上旬), ranges (6月12日至6月14日, 6月12日-14日) and durations (7天, 7个工作日).

A date without a year takes ``default_year`` (the document's own date) when given, and otherwise stays
without one (ISO 8601's truncated ``--MM-DD``): the year is never taken from today.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from .numbers import parse_number, to_ascii

_D = r"[0-9０-９]"
_CN = r"[零〇一二三四五六七八九十]"
YEAR = rf"(?:{_D}{{4}}|[零〇○0一二三四五六七八九]{{4}})"  # 二00八, 二○二一: zeros in any spelling
MONTH = rf"(?:{_D}{{1,2}}|十[一二]?|[一二三四五六七八九])"
DAY = rf"(?:{_D}{{1,2}}|{_CN}{{1,3}})"
DAY_SUFFIX = r"[日号號]"
MONTH_PART = r"(?:底|末|初|上旬|中旬|下旬)"

# year? month (day | part)?   or   year alone
DATE = (
    rf"(?:(?P<year>{YEAR})\s*年\s*)?(?P<month>{MONTH})\s*月(?:\s*(?P<day>{DAY})\s*{DAY_SUFFIX}|(?P<part>{MONTH_PART}))?"
    rf"|(?P<year_only>{YEAR})\s*年(?!\s*{MONTH}\s*月)"
)
DATE_RE = re.compile(DATE)
RANGE_SEPARATOR = r"(?:至|到|~|～|—|–|-|－|──)"
_END_DAY_ONLY = re.compile(rf"\s*{RANGE_SEPARATOR}\s*(?P<day>{DAY})\s*{DAY_SUFFIX}")
_RANGE_SEPARATOR_RE = re.compile(rf"\s*{RANGE_SEPARATOR}\s*")
DURATION_RE = re.compile(
    rf"(?P<n>(?<![0-9０-９]){_D}+|(?<![一二两兩三四五六七八九十])[一二两兩三四五六七八九十]+)\s*(?P<unit>个工作日|個工作日|工作日|天|日|周|個月|个月)")

# When a month is known but no year, month lengths come from a common (non-leap) year.
_COMMON_YEAR = 2001


@dataclass(frozen=True)
class PartialDate:
    year: int | None = None
    month: int | None = None
    day: int | None = None

    def iso(self) -> str:
        """'1971-05-31', '2014-09', '2014', or without a year '--06-12' / '--06'."""
        if self.year is None:
            head = "-"
        else:
            head = f"{self.year:04d}"
        if self.month is None:
            return head
        text = f"{head}-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text


@dataclass(frozen=True)
class DateSpan:
    """A date expression found in a text: ``start``/``end`` are the first and last day it covers."""

    begin: int  # character offsets of the expression in the searched text
    finish: int
    start: PartialDate
    end: PartialDate
    part: str | None = None  # 底, 上旬... when the expression names part of a month

    @property
    def is_point(self) -> bool:
        return self.start == self.end


@dataclass(frozen=True)
class Duration:
    begin: int
    finish: int
    days: int
    working_days: bool


def _int(text: str | None) -> int | None:
    if not text:
        return None
    value = parse_number(to_ascii(text))
    return int(value) if value is not None else None


_YEAR_DIGITS = str.maketrans({**{c: "0" for c in "零〇○０"}, **{c: str(i) for i, c in enumerate("一二三四五六七八九", 1)},
                              **{chr(0xFF10 + i): str(i) for i in range(10)}})


def _year(text: str | None) -> int | None:
    """A year written digit by digit: 2014, ２０１４, 二〇一四, 二00八."""
    if not text:
        return None
    digits = text.translate(_YEAR_DIGITS)
    return int(digits) if digits.isdigit() else None


def _month_days(year: int | None, month: int) -> int:
    return calendar.monthrange(year or _COMMON_YEAR, month)[1]


def _valid(year: int | None, month: int | None, day: int | None) -> bool:
    if month is not None and not 1 <= month <= 12:
        return False
    if day is not None and (month is None or not 1 <= day <= _month_days(year, month)):
        return False
    return True


def _from_match(match: re.Match[str], default_year: int | None) -> tuple[PartialDate, PartialDate, str | None] | None:
    if match.group("year_only"):
        year = _year(match.group("year_only"))
        return (PartialDate(year), PartialDate(year), None) if year else None
    year = _year(match.group("year"))
    if year is None:
        year = default_year
    month = _int(match.group("month"))
    day = _int(match.group("day"))
    part = match.group("part")
    if not _valid(year, month, day) or month is None:
        return None
    if day is not None:
        point = PartialDate(year, month, day)
        return point, point, None
    if part is None:
        return PartialDate(year, month), PartialDate(year, month), None
    last = _month_days(year, month)
    first_day, last_day = {
        "底": (last, last), "末": (last, last), "初": (1, 10),
        "上旬": (1, 10), "中旬": (11, 20), "下旬": (21, last),
    }[part]
    return PartialDate(year, month, first_day), PartialDate(year, month, last_day), part


def parse_date(text: str, default_year: int | None = None) -> PartialDate | None:
    """One date as written ('1971年5月31日', '２０１４年９月', '二〇一四年九月', '6月12日')."""
    match = DATE_RE.fullmatch(text.strip())
    if not match:
        return None
    parsed = _from_match(match, default_year)
    if parsed is None or parsed[2] is not None:
        return None
    return parsed[0]


_MASKED_YEAR = re.compile(r"(?<![0-9])[0-9]{0,2}[xX×＊*Ｘｘ]{1,4}\s*年\s*$")


def find_dates(text: str, default_year: int | None = None) -> list[DateSpan]:
    """Every date, month part and range in ``text``, left to right; a range is one span."""
    found: list[DateSpan] = []
    position = 0
    while True:
        match = DATE_RE.search(text, position)
        if not match:
            return found
        # a masked year (XX年3月, 20XX年5月) leaves the year unknown: never the document's own
        masked = _MASKED_YEAR.search(text, max(0, match.start() - 8), match.start())
        parsed = _from_match(match, None if masked else default_year)
        position = match.end()
        if parsed is None:
            position = match.start() + 1  # 2023-03-093月8日: 93月 is no month, 3月8日 after it is a date
            continue
        start, end, part = parsed
        finish = match.end()
        # A range: "6月12日至6月14日", "6月12日至14日", "6月12日-14日".
        separator = _RANGE_SEPARATOR_RE.match(text, finish)
        if separator and start.day is None and part is None and start.month is not None:  # 3月至5月
            second = DATE_RE.match(text, separator.end())
            second_parsed = _from_match(second, start.year) if second else None
            if second and second_parsed and second_parsed[0].month is not None and second_parsed[0].day is None \
                    and second_parsed[2] is None:
                end, finish = second_parsed[1], second.end()
        elif separator and start.day is not None:
            second = DATE_RE.match(text, separator.end())
            second_parsed = _from_match(second, start.year) if second else None
            if second and second_parsed and not second.group("year_only"):
                end, finish = second_parsed[1], second.end()
            else:
                day_only = _END_DAY_ONLY.match(text, finish)
                day = _int(day_only.group("day")) if day_only else None
                if day_only and day and _valid(start.year, start.month, day):
                    end, finish = PartialDate(start.year, start.month, day), day_only.end()
        found.append(DateSpan(match.start(), finish, start, end, part))
        position = finish


def find_durations(text: str) -> list[Duration]:
    """'7天', '七天', '7个工作日', '2周', '1个月' as days (a month counts 30 days, a week 7)."""
    found = []
    for match in DURATION_RE.finditer(text):
        number = _int(match.group("n"))
        if number is None:
            continue
        unit = match.group("unit")
        working = "工作日" in unit
        days = number * (7 if unit == "周" else 30 if unit.endswith("月") else 1)
        found.append(Duration(match.start(), match.end(), days, working))
    return found
