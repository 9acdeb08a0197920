"""Application rules: how many posts one applicant may apply for (每人限报1个职位, 每人可填报2个竞聘岗位,
竞聘者限填报一个岗位, 每人只能报名竞争一个职位, 最多可填报两个志愿部门), how few applicants a post needs to go
ahead (每一职位报名人数原则上不能低于3人, 每个岗位报名不足3人的，暂缓竞聘, 报名人数与职位数比例不低于3:1 and
its floor 但不得低于2∶1), and the recommendation modes (个人自荐, 组织推荐, 群众推荐, 单位推荐; spaCy patterns in
``rules/recommendation.jsonl``)."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from . import nlp
from .context import Context, Fields
from .gates import cue, finditer
from .numbers import NUMBER, RATIO, format_ratio, parse_number, parse_ratio

APPLICATION_FIELDS = ("max_posts_per_applicant", "min_applicants_per_post", "recommendation_modes")

_APPLICANT = (r"(?:每(?:人|名(?:干部|同志|员工|职工|竞争者|报名者|竞聘者|教师)?|位(?:竞聘者|报名者|员工)?)|"
              r"竞聘者|竞争者|报名者|报考者|应聘者|参聘人员)")
_MAX_POSTS = re.compile(
    rf"(?:{_APPLICANT}(?:只能|最多|至多|限|可|可以|只可|仅限|限定|仅能|只)*|(?:最多|至多)(?:可|只能)?)"
    rf"(?:填报|申报|报名竞争|报名竞聘|报考|报名|竞聘|竞争|选报|报)(?:名)?(?:竞聘|竞争)?(?P<n>{NUMBER})个"
    r"(?:职位|岗位|志愿|部门)?")
_MIN_APPLICANTS = (
    re.compile(rf"报名(?:人数|者)(?:原则上)?(?:一般)?(?P<cmp>不能低于|不得低于|不低于|不少于|不得少于|不能少于|低于|少于|须达到|应达到|达到)"
               rf"(?P<n>{NUMBER})(?:人|名)"),
    # 每个岗位报名不足3人的，暂缓竞聘
    re.compile(rf"(?:每个|每一|同一)?(?:岗位|职位)?报名(?:人数)?(?P<cmp>不足|缺乏|少于|低于)(?P<n>{NUMBER})(?:人|名)(?:的)?"
               r"(?:[，,]?(?:该)?(?:岗位|职位)?(?P<consequence>暂缓竞聘|暂不开展竞聘|暂缓|取消|核减|不予)[^，。；]{0,4})?"),
    # 报名人数与职位数比例不低于3:1 / 参加笔试人数与职位数比例不低于8:1 / 报名人数与遴选计划数之比原则上不低于3:1
    re.compile(rf"(?:报名|报考|参考|参加笔试|参加考试)?人数与(?:竞聘|竞争|所报|拟选拔|拟任)?(?:职位|岗位|遴选计划|选拔计划|招考计划|计划)数?(?:之比|的比例|比例)"
               rf"(?:原则上|一般)?(?P<cmp>不低于|不得低于|不少于|不足|低于|达到)(?P<ratio>{RATIO})"),
)
# ... and the floor below that ratio: 可适当降低开考比例，但不得低于2∶1
_RATIO_FLOOR = re.compile(rf"比例[^。；\d]{{0,10}}?(?P<rule>(?:但|最低)(?P<cmp>不得低于|不能低于|不低于)(?P<ratio>{RATIO}))")
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
