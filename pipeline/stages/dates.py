"""A document's year from its own date line: the line that dates the text, as laws, notices, speeches
and news print it.

- a line that is only a date, maybe labelled or timed: ``2014年9月22日``, ``二〇一四年九月二十二日``,
  ``发布日期：2013年11月28日``, ``2016年03月25日 10:42``, ``2022/9/21``, or a month: ``（2014年9月）``;
- a signature: a unit's name and the date (``青溪县委组织部 2023年6月1日``);
- a law's dating line: ``2021年12月1日 广东省……会议通过``, ``（2015年4月24日……修正）``,
  ``1.中华民国八十六年二月十二日……令订定发布`` (years of the Republic of China count from 1912);
- a news dateline: ``人民网北京2023年3月5日电``.

Only the head of the text (up to its first ``head_line_checks`` lines) and its last ``tail_lines`` lines
are read (``DateSettings``, resources/settings.toml [date]): a date inside the body (报名时间为6月10日至6月12日) is a fact of the text, not its date.
Of several date lines the latest year is the document's (a law amended in 2018 is the 2018 text).

``text_year`` is called by the ``extract`` stage (``stages.extract``) when the rules record states no
``date_of_text``; when the text has no date line either, ``head_year`` dates a page of one document by
the page's own stamp, a head line the cleaner removed (``发布时间：2023-03-09``, ``2009-04-10 来源：光明日报``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

from .settings import DateSettings, default_settings

YEARS = (1900, 2100)

_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "O": 0, "o": 0, "0": 0, "Ｏ": 0, "一": 1, "二": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_DIGIT = "0-9〇○零Oo一二三四五六七八九"
_NUMBER = f"[{_DIGIT}十百]"

_YEAR = rf"(?P<y>(?:19|20)[0-9]{{2}}|[{_DIGIT}]{{4}})"
_ROC = rf"中华民国\s*(?P<roc>{_NUMBER}{{1,5}})"
_MONTH = rf"(?P<m>[0-9]{{1,2}}|{_NUMBER}{{1,3}})"
_DAY = rf"(?P<d>[0-9]{{1,2}}|{_NUMBER}{{1,3}})"
_CN_DATE = rf"(?:{_YEAR}|{_ROC})\s*年\s*{_MONTH}\s*月\s*{_DAY}\s*[日号]"
# the day: two digits, or one not followed by another (a stamp glued to the text: 2023-03-093月8日)
_NUM_DATE = r"(?P<ny>(?:19|20)[0-9]{2})\s*(?P<sep>[-/.])\s*(?P<nm>[0-9]{1,2})\s*(?P=sep)\s*(?P<nd>[0-9]{2}|[0-9](?![0-9]))"
_COMPACT = r"(?P<cy>(?:19|20)[0-9]{2})(?P<cm>0[1-9]|1[0-2])(?P<cd>0[1-9]|[12][0-9]|3[01])(?![0-9])"
_DATE = rf"(?:{_CN_DATE}|{_NUM_DATE})"
_TIME = r"(?:\s*[0-9]{1,2}[:：][0-9]{2}(?:[:：][0-9]{2})?)?"
_LABEL = r"(?:(?:发布|发表|更新|成文|印发|公布|最新异动)?(?:时间|日期)\s*[:：]\s*)"
_OPEN, _CLOSE = r"[（(【\[]?\s*", r"\s*[）)】\]]?"
_ENUM = r"(?:[0-9]{1,3}\s*[.、．]\s*)?"
_ACTION = "通过|公布|发布|批准|修正|修订|印发|颁布|订定|制定|废止|会议"
# between a date and its action: no other date (年) and no effective date (a law is dated by its
# adoption or publication, not by the day it takes effect: 2003年11月24日公布 2004年2月1日施行 is 2003)
_GAP = r"(?:(?!施行|生效)[^。年]){0,60}?"

# whole lines: a date alone (maybe labelled, timed, in brackets), a signature (a unit's name, no
# sentence punctuation and no colon, then the date)
# (matched whole on a stripped line, each starts at no blank: (?<!\s) changes nothing there, and keeps a
# search over a line of 5,000 blanks from trying each of them, quadratic, 0.5 s on 800 blanks)
_LINES = [
    re.compile(rf"(?<!\s){_OPEN}{_LABEL}?{_DATE}{_TIME}{_CLOSE}"),
    re.compile(rf"(?<!\s){_OPEN}{_YEAR}\s*年\s*{_MONTH}\s*月{_CLOSE}"),  # a month: （2014年9月）
    re.compile(rf"(?<!\s)[^，。；！？:：,;!?]{{1,30}}?\s*{_DATE}"),
]
# Anywhere in the head (hard line breaks are often undone and the dating lines of a law run together),
# a date counts when what stands around it says it dates the text:
_DATE_ANYWHERE = re.compile(_CN_DATE)
_NUM_DATE_ANYWHERE = re.compile(_NUM_DATE)
_DATING_AFTER = re.compile(
    rf"{_GAP}(?:{_ACTION})"  # 2021年12月1日 广东省……会议通过
    r"|\s*(?:电|讯)"  # 人民网北京2023年3月5日电
    r"|\s*[0-9]{1,2}[:：][0-9]{2}")  # a timestamp: 2016年03月25日 10:42
_DATING_BEFORE = re.compile(rf"{_LABEL}$")  # 发布时间：2023年3月9日
_LABELLED_COMPACT = re.compile(rf"{_LABEL}{_COMPACT}")  # 最新异动日期：20220128
# a numeric date in the head is a page's stamp (2009-04-10 来源：光明日报); a date in brackets is the
# author line's (县人社局工作队（2023年11月20日）)
HEAD_END = "。"  # the head ends at the first full stop: the body's first sentence


@lru_cache(maxsize=4096)
def _number(text: str) -> int | None:
    """A number written in digits, in Chinese digit by digit (二〇一四), or with 十 and 百 (一百零三)."""
    if text.isascii() and text.isdigit():
        return int(text)
    if "十" not in text and "百" not in text:
        digits = [_CN_DIGITS.get(c) for c in text]
        return None if any(d is None for d in digits) else int("".join(str(d) for d in digits))
    value = 0
    rest = text
    if "百" in rest:
        head, rest = rest.split("百", 1)
        hundreds = _CN_DIGITS.get(head) if head else 1
        if hundreds is None:
            return None
        value += hundreds * 100
    rest = rest.lstrip("零〇○")
    if "十" in rest:
        head, rest = rest.split("十", 1)
        tens = _CN_DIGITS.get(head) if head else 1
        if tens is None:
            return None
        value += tens * 10
    if rest:
        units = _CN_DIGITS.get(rest)
        if units is None or len(rest) != 1:
            return None
        value += units
    return value


def _date(match: re.Match[str]) -> tuple[int, int, int] | None:
    """(year, month, day) of a matched date, None when it is not a real calendar date."""
    groups = match.groupdict()
    if groups.get("roc"):
        roc = _number(groups["roc"])
        year = None if roc is None else roc + 1911
        month, day = _number(groups["m"]), _number(groups["d"])
    elif groups.get("y"):
        year, month, day = _number(groups["y"]), _number(groups["m"]), _number(groups["d"]) if groups.get("d") else 1
    elif groups.get("ny"):
        year, month, day = int(groups["ny"]), int(groups["nm"]), int(groups["nd"])
    else:
        year, month, day = int(groups["cy"]), int(groups["cm"]), int(groups["cd"])
    if year is None or month is None or day is None:
        return None
    if not (YEARS[0] <= year <= YEARS[1] and 1 <= month <= 12 and 1 <= day <= 31):
        return None
    return year, month, day


def line_date(line: str, settings: DateSettings | None = None) -> tuple[int, int, int] | None:
    """The date of a date line (a date alone, labelled or timed, or a signature), None otherwise."""
    line = line.strip()
    if not line or len(line) > (settings or default_settings().date).line_chars:
        return None
    for pattern in _LINES:
        match = pattern.fullmatch(line)
        if match and (found := _date(match)) is not None:
            return found
    return None


def _date_matches(head: str) -> Iterator[re.Match[str]]:
    """The dates in ``head``, found from their 年 (or, numeric, their year's 19/20): a scan for a
    character is far cheaper than trying the date pattern at every position."""
    end = 0
    position = head.find("年")
    while position >= 0:
        match = _DATE_ANYWHERE.search(head, max(end, position - 12), position + 16)
        if match and match.start() <= position < match.end():
            end = match.end()
            yield match
        position = head.find("年", max(position + 1, end))
    if "-" in head or "/" in head or "." in head:
        yield from _NUM_DATE_ANYWHERE.finditer(head)


def _dating(head: str) -> list[tuple[int, int, int]]:
    return [date for _start, _end, date in _dating_spans(head)]


def _dating_spans(head: str) -> list[tuple[int, int, tuple[int, int, int]]]:
    """The dates that date ``head`` with their spans: a numeric date, a date in brackets, one followed by
    what it dates (通过, 电, a clock time) or preceded by a label (发布时间：)."""
    found = []
    for match in _date_matches(head):
        start, end = match.span()
        bracketed = head[start - 1:start] in ("（", "(") and head[end:end + 1] in ("）", ")")
        if (match.groupdict().get("ny") or bracketed or _DATING_AFTER.match(head, end)
                or _DATING_BEFORE.search(head[max(0, start - 12):start])) and (date := _date(match)) is not None:
            found.append((start, end, date))
    if "日期" in head or "时间" in head:
        found.extend((match.start("cy"), match.end("cd"), date) for match in _LABELLED_COMPACT.finditer(head)
                     if (date := _date(match)) is not None)
    return found


def date_lines(text: str, settings: DateSettings | None = None) -> list[tuple[int, int, int]]:
    """The dates that date ``text``: dating clauses in its head (up to the first full stop, at most
    ``head_chars``), and whole date lines among its first ``head_line_checks`` lines and its last
    ``tail_lines`` (read from its last ``tail_lines * line_chars`` characters)."""
    s = settings or default_settings().date
    head_chars, checks, tail_lines, line_chars = s.head_chars, s.head_line_checks, s.tail_lines, s.line_chars
    stop = text.find(HEAD_END, 0, head_chars)
    head = text[:head_chars if stop < 0 else stop]
    found = _dating(head)
    first = [line for line in text[:head_chars].split("\n", checks)[:checks] if line.strip()]
    last = [line for line in text[-tail_lines * line_chars:].split("\n")[-tail_lines - 1:] if line.strip()][-tail_lines:]
    for line in first + last:
        if len(line) <= line_chars and ("年" in line or _NUM_DATE_ANYWHERE.search(line)):
            if (date := line_date(line, s)) is not None:
                found.append(date)
    return found


def text_year(text: str, settings: DateSettings | None = None) -> int | None:
    """The year of the latest date that dates ``text`` (``date_lines``); None when it has none."""
    found = date_lines(text, settings)
    return max(date[0] for date in found) if found else None


def head_year(lines: list[tuple[int, str]], first_kept: int, settings: DateSettings | None = None) -> int | None:
    """The year of a page's stamp: the latest dating date (``_dating``) in the removed lines
    (``(line number, text)``) that stand before line ``first_kept`` (the document's body: a stamp may
    stand above or under the title). Lines after it are left alone: a list of related articles at a
    page's foot dates other texts."""
    stamp = head_stamp(lines, first_kept, settings)
    return stamp.date[0] if stamp else None


class Stamp(NamedTuple):
    """A page's stamp: the removed line (its number and text) and the date's span in it."""

    line: int
    text: str
    start: int
    end: int
    date: tuple[int, int, int]


def head_stamp(lines: list[tuple[int, str]], first_kept: int, settings: DateSettings | None = None) -> Stamp | None:
    """The stamp ``head_year`` reads: the latest dating date of the removed lines before ``first_kept``
    (of equal dates, the one nearest the body), with its line and span."""
    line_chars = (settings or default_settings().date).line_chars
    found = [Stamp(number, text, start, end, date) for number, text in lines if number < first_kept and len(text) <= line_chars
             for start, end, date in _dating_spans(text)]
    return max(found, key=lambda stamp: (stamp.date, stamp.line), default=None)
