"""Ratios and periods: the inspection ratio (按照拟选人数1：1的比例确定考察对象), publicity days (任前公示
（7天）, 公示期为7个工作日), term years (聘期三年, 三年聘期满), probation (试用期一年, 第一年为试聘期) and other
quotas (差额比例)."""

from __future__ import annotations

import re
from typing import Any

from .context import Context, Fields
from .numbers import NUMBER, RATIO, format_ratio, parse_number, parse_ratio

PERIOD_FIELDS = ("inspection_ratio", "shortlist_ratio", "publicity", "term", "probation", "other")

_INSPECTION = re.compile(
    rf"(?P<ratio>{RATIO})(?:的)?(?P<competitive>差额)?(?:比例)?[^，。；]{{0,8}}?(?:确定|产生|提出)?(?:考察对象|考察人选)")
_PUBLICITY = re.compile(
    rf"公示(?:期|期限|时间)?(?:为|不少于|不得少于)?[（(]?(?P<n>{NUMBER})\s*(?P<unit>个工作日|工作日|天|日)")
_TERM = (re.compile(rf"(?:聘期|任期)(?:为|是)?(?P<n>{NUMBER})年"),
         re.compile(rf"(?P<n>{NUMBER})年(?:聘期|任期)"))
_PROBATION = (re.compile(rf"(?:试用期|试聘期|见习期)(?:为|是)?(?P<n>{NUMBER})(?P<unit>年|个月)"),
              re.compile(r"第(?P<n>一)(?P<unit>年)为(?:试用期|试聘期|见习期)"))
_QUOTA = re.compile(rf"差额(?:比例)?(?:为|按)?(?P<ratio>{RATIO}|{NUMBER}\s*[%％])")
_PREFILTER = re.compile(r"考察|公示|聘期|任期|试用|试聘|见习|差额")


def ratios_and_periods(ctx: Context) -> dict[str, list[dict[str, Any]]]:
    values = Fields(ctx, PERIOD_FIELDS)
    add = values.add
    for sentence in ctx.select(_PREFILTER):
        text, base = sentence.text, sentence.start
        for match in _INSPECTION.finditer(text):
            ratio = parse_ratio(match.group("ratio"))
            if ratio:
                add("inspection_ratio", format_ratio(ratio), base + match.start(), base + match.end(),
                    ratio=format_ratio(ratio), competitive=bool(match.group("competitive")) or ratio[-1] > ratio[0])
        for match in _PUBLICITY.finditer(text):
            days = parse_number(match.group("n"))
            add("publicity", days, base + match.start(), base + match.end(), days=days,
                working_days=True if "工作日" in match.group("unit") else None)
        for pattern in _TERM:
            for match in pattern.finditer(text):
                years = parse_number(match.group("n"))
                add("term", years, base + match.start(), base + match.end(), years=years)
        for pattern in _PROBATION:
            for match in pattern.finditer(text):
                value = parse_number(match.group("n"))
                months = value * 12 if match.group("unit") == "年" and value is not None else value
                add("probation", months, base + match.start(), base + match.end(), months=months)
        for match in _QUOTA.finditer(text):
            add("other", match.group(), base + match.start(), base + match.end(), name="差额", value=match.group("ratio"))
    return values.result
