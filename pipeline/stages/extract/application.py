"""Application rules: how many posts one applicant may apply for (每人限报1个职位, 每人可填报2个竞聘岗位,
竞聘者限填报一个岗位, 每人只能报名竞争一个职位, 最多可填报两个志愿部门), how few applicants a post needs to go
ahead (每一职位报名人数原则上不能低于3人, 每个岗位报名不足3人的，暂缓竞聘, 报名人数与职位数比例不低于3:1 and
its floor 但不得低于2∶1), and the recommendation modes (个人自荐, 组织推荐, 群众推荐, 单位推荐; spaCy patterns in
``rules/recommendation.jsonl``)."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from ... import resources
from . import nlp
from .context import Context, Fields
from .gates import cue, finditer
from .numbers import NUMBER, RATIO, format_ratio, parse_number, parse_ratio

APPLICATION_FIELDS = ("max_posts_per_applicant", "min_applicants_per_post", "recommendation_modes")

_APPLICANT = (r"(?:每(?:人|名(?:干部|同志|员工|职工|竞争者|报名者|竞聘者|教师)?|位(?:竞聘者|报名者|员工)?)|"
              r"竞聘者|竞争者|报名者|报考者|应聘者|参聘人员)")
# The forms of the application rules (resources/extract/application.tsv says what each is).
_FORMS = resources.rule_table("extract/application.tsv", {"NUMBER": NUMBER, "RATIO": RATIO, "APPLICANT": _APPLICANT},
                              ("max_posts", "min_applicants", "ratio_floor"), single=("max_posts", "ratio_floor"))
(_MAX_POSTS,), _MIN_APPLICANTS, (_RATIO_FLOOR,) = _FORMS["max_posts"], _FORMS["min_applicants"], _FORMS["ratio_floor"]
_PREFILTER = re.compile(r"报|推荐|自荐|人数与|比例")


@cache
def _cue() -> re.Pattern[str] | None:
    """What a sentence needs for a rule or a recommendation pattern to match in it (``gates.cue``)."""
    return cue(_MAX_POSTS, *_MIN_APPLICANTS, _RATIO_FLOOR, nlp.gate("recommendation", "RECOMMENDATION"))


def application_rules(ctx: Context) -> dict[str, list[dict[str, Any]]]:
    values = Fields(ctx, APPLICATION_FIELDS)
    for sentence in ctx.select(_PREFILTER, _cue()):
        base = sentence.start
        for match in finditer(_MAX_POSTS, sentence.text):
            value = parse_number(match.group("n"))
            values.add("max_posts_per_applicant", value, base + match.start(), base + match.end(), value=value)
        for pattern in _MIN_APPLICANTS:
            for match in finditer(pattern, sentence.text):
                groups = match.groupdict()
                value = parse_number(groups["n"]) if groups.get("n") else None
                ratio = parse_ratio(groups["ratio"]) if groups.get("ratio") else None
                if value is None and not ratio:
                    continue
                values.add("min_applicants_per_post", (value, ratio and format_ratio(ratio)), base + match.start(),
                           base + match.end(), value=value, ratio=ratio and format_ratio(ratio),
                           comparator=match.group("cmp"), consequence=groups.get("consequence"))
        for match in _RATIO_FLOOR.finditer(sentence.text):
            ratio = parse_ratio(match.group("ratio"))
            if ratio:
                values.add("min_applicants_per_post", (None, format_ratio(ratio)), base + match.start("rule"),
                           base + match.end("rule"), ratio=format_ratio(ratio), comparator=match.group("cmp"))
        if re.search(r"推荐|自荐|报名", sentence.text):
            for rule_match in ctx.matches("recommendation", sentence, "RECOMMENDATION"):
                values.add("recommendation_modes", rule_match.value, rule_match.start, rule_match.end,
                           value=rule_match.value)
    return values.result
