"""Thresholds that decide who goes on: a vote or approval rate below which a candidate drops out
(得票率低于60%的不予聘任, 赞成率在50%以下(含50%)的取消资格, 得票未达到参加推荐人数三分之一的不得列为面试人选),
a pass mark (以60分为合格线, 面试成绩未达65分的不能进入考察环节, 笔试未达六十分者不得参加口试) and a cap on a
grade (优秀等次比例不超过30%). The evidence is the threshold's own words, up to its consequence."""

from __future__ import annotations

import re
from typing import Any

from ... import resources
from .context import Context, Fields
from .numbers import NUMBER, PERCENT, parse_number, parse_percent

_FRACTION = r"[二三四五六七八九十]分之[一二三四五六七八九]"
_LEVEL = rf"(?:{PERCENT}|{_FRACTION}|{NUMBER}\s*分|半数)"
_SUBJECT = r"(?:得票率|赞成率|满意率|称职票|优秀票|得票|推荐票|测评票|成绩|笔试|面试|口试|总分|综合成绩|测评结果)"
_BELOW = r"(?:低于|未达到|未到达|未达|达不到|不足|缺乏|未超过|没有达到|在)"  # (未到达, 缺乏: spun text)
# The forms of the thresholds (resources/extract/thresholds.tsv says what each is).
_CODES = ("vote", "consequence", "pass_mark", "grade_cap")
_FORMS = resources.rule_table("extract/thresholds.tsv", {"NUMBER": NUMBER, "PERCENT": PERCENT, "LEVEL": _LEVEL,
                                                         "SUBJECT": _SUBJECT, "BELOW": _BELOW}, _CODES, single=_CODES)
(_VOTE,), (_CONSEQUENCE,), (_PASS_MARK,), (_GRADE_CAP,) = (_FORMS[code] for code in _CODES)
_PREFILTER = re.compile(r"低于|未达|未到达|达不到|不足|缺乏|未超过|以下|合格线|及格线|分数线|比例")


def _level(text: str) -> tuple[float | int | None, str]:
    text = text.strip()
    if text == "半数":  # 得票数未超过半数的: half the votes
        return 50.0, "%"
    if text.endswith("分") and "分之" not in text:
        return parse_number(text[:-1].strip()), "分"
    if "分之" in text:
        whole, part = text.split("分之")
        denominator, numerator = parse_number(whole), parse_number(part)
        if denominator and numerator is not None:
            return round(100.0 * numerator / denominator, 2), "%"
        return None, "%"
    return parse_percent(text), "%"


def thresholds(ctx: Context) -> list[dict[str, Any]]:
    fields = Fields(ctx, ("thresholds",))
    add = fields.add
    for sentence in ctx.select(_PREFILTER):
        text, base = sentence.text, sentence.start
        for match in _VOTE.finditer(text):
            if match.group("cmp") == "在" and not match.group("tail"):
                continue  # 在 alone is no comparison: 在80分 ...
            if not _CONSEQUENCE.match(text[match.end():]):
                continue  # a threshold decides something: 的，不予聘任 / 者不得参加
            value, unit = _level(match.group("level"))
            if value is None:
                continue
            comparator = "以下" if match.group("tail") else match.group("cmp")
            add("thresholds", (match.group("subject"), value), base + match.start("rule"), base + match.end("rule"),
                subject=match.group("subject"), comparator=comparator, value=value, unit=unit,
                inclusive=True if match.group("tail") and "含" in match.group("tail") else None)
        for match in _PASS_MARK.finditer(text):
            value = parse_number(match.group("level") or match.group("level2"))
            if value is not None:
                add("thresholds", ("合格线", value), base + match.start("rule"), base + match.end("rule"),
                    subject="合格线", comparator="不低于", value=value, unit="分")
        for match in _GRADE_CAP.finditer(text):
            value = parse_percent(match.group("level"))
            if value is not None:
                add("thresholds", (match.group("grade"), value), base + match.start("rule"), base + match.end("rule"),
                    subject=match.group("grade"), comparator=match.group("cmp"), value=value, unit="%")
    return fields.result["thresholds"]
