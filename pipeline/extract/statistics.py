"""Counts a text reports: head counts (108名机关干部, 43人报名, 25位干部职工), shares (占干部总数的40%),
age and education profiles (35周岁以下12人, 大专以上文化程度达22人, 其中本科15人) and money amounts
(突破200亿元). Figures that state a rule (不少于7人, 不能低于3人), a change (较竞岗前多8人) or a threshold
(3000万元以上投资项目) are not statistics; head counts must be written in digits (三名同志 in a speech
is talk, not a reported figure)."""

from __future__ import annotations

import re
from typing import Any

from .context import Context
from .eligibility import EDUCATION
from .numbers import NUMBER, PERCENT, parse_number, parse_percent

_DIGITS = r"[0-9]+(?:\.[0-9]+)?"
_PREFILTER = re.compile(r"[0-9]\s*(?:名|人|位|%|亿|万)")
_AGE_PROFILE = re.compile(
    rf"(?P<age>{NUMBER})\s*周?岁(?P<cmp>及以下|及以上|以下|以上|以内)(?:的)?(?:有|达|为)?(?P<n>{_DIGITS})\s*(?:人|名)")
_EDUCATION_PROFILE = re.compile(
    rf"(?P<edu>{EDUCATION})(?P<cmp>及以上|以上)?(?:学历|文化程度)?(?:的)?(?:达|有|为)?(?P<n>{_DIGITS})\s*(?:人|名)")
_HEAD_COUNT = re.compile(rf"(?<![0-9.第])(?P<n>{_DIGITS})\s*(?P<unit>名|人|位)(?P<about>[^，。；、,\d%]{{0,8}})")
_RULE_OR_CHANGE = re.compile(r"(?:不少于|不低于|低于|少于|至少|不超过|超过|多于|不足|多|少|每|第)$")
_SHARE = re.compile(
    rf"占(?P<about>[^，。；%,]{{0,12}}?)(?:的)?(?:比例)?(?P<cmp>不足|超过|近|约|达)?(?P<pct>{PERCENT})")
_MONEY = re.compile(rf"(?P<n>{_DIGITS})\s*(?P<unit>亿美元|万美元|亿元|万元)(?!以上|以下|以内|及以上)")


def statistics(ctx: Context) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    seen: set[tuple[Any, ...]] = set()

    def add(key: tuple[Any, ...], start: int, end: int, **fields: Any) -> None:
        if key not in seen:
            seen.add(key)
            found.append(ctx.value(start, end, **fields))

    for sentence in ctx.select(_PREFILTER):
        text, base = sentence.text, sentence.start
        taken: list[tuple[int, int]] = []
        for match in _AGE_PROFILE.finditer(text):
            taken.append(match.span())
            age, count = parse_number(match.group("age")), parse_number(match.group("n"))
            add(("age_profile", age, count), base + match.start(), base + match.end(), kind="age_profile",
                value=count, unit="人", age=age, comparator=match.group("cmp"))
        for match in _EDUCATION_PROFILE.finditer(text):
            taken.append(match.span())
            count = parse_number(match.group("n"))
            add(("education_profile", match.group("edu"), count), base + match.start(), base + match.end(),
                kind="education_profile", value=count, unit="人", education=match.group("edu"),
                comparator=match.group("cmp"))
        for match in _HEAD_COUNT.finditer(text):
            if any(a <= match.start() < b for a, b in taken):
                continue
            if _RULE_OR_CHANGE.search(text[max(0, match.start() - 3):match.start()]):
                continue
            count = parse_number(match.group("n"))
            add(("people", count), base + match.start(), base + match.end(), kind="people", value=count,
                unit=match.group("unit"), about=match.group("about").strip() or None)
        for match in _SHARE.finditer(text):
            about = match.group("about")
            if "成绩" in about or "分" in about or text[max(0, match.start() - 2):match.start()].endswith("成绩"):
                continue
            percent = parse_percent(match.group("pct"))
            add(("share", percent), base + match.start(), base + match.end(), kind="share", value=percent,
                unit="%", comparator=match.group("cmp"), about=about.strip() or None)
        for match in _MONEY.finditer(text):
            amount = parse_number(match.group("n"))
            add(("money", amount, match.group("unit")), base + match.start(), base + match.end(), kind="money",
                value=amount, unit=match.group("unit"))
    return found
