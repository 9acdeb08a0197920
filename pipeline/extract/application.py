"""Application rules: how many posts one applicant may apply for (每人限报1个职位, 每人可填报2个竞聘岗位),
how few applicants a post needs to go ahead (每一职位报名人数原则上不能低于3人), and the recommendation
modes (个人自荐, 组织推荐, 群众推荐, 单位推荐; spaCy patterns in ``rules/recommendation.jsonl``)."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from . import nlp
from .context import Context, Fields
from .gates import cue, finditer
from .numbers import NUMBER, parse_number

APPLICATION_FIELDS = ("max_posts_per_applicant", "min_applicants_per_post", "recommendation_modes")

_MAX_POSTS = re.compile(
    rf"每(?:人|名(?:干部|同志|竞争者|报名者|竞聘者)?|位(?:竞聘者|报名者)?)(?:只能|最多|限|可|可以|只可|仅限|限定)?"
    rf"(?:填|申)?报(?:名)?(?:竞聘)?(?P<n>{NUMBER})个")
_MIN_APPLICANTS = re.compile(
    rf"报名(?:人数|者)(?:原则上)?(?:一般)?(?P<cmp>不能低于|不得低于|不低于|不少于|不得少于|不能少于|低于|少于|须达到|应达到|达到)"
    rf"(?P<n>{NUMBER})(?:人|名)")
_PREFILTER = re.compile(r"报|推荐|自荐")


@cache
def _cue() -> re.Pattern[str] | None:
    """What a sentence needs for a rule or a recommendation pattern to match in it (``gates.cue``)."""
    return cue(_MAX_POSTS, _MIN_APPLICANTS, nlp.gate("recommendation", "RECOMMENDATION"))


def application_rules(ctx: Context) -> dict[str, list[dict[str, Any]]]:
    values = Fields(ctx, APPLICATION_FIELDS)
    for sentence in ctx.select(_PREFILTER, _cue()):
        base = sentence.start
        for match in finditer(_MAX_POSTS, sentence.text):
            value = parse_number(match.group("n"))
            values.add("max_posts_per_applicant", value, base + match.start(), base + match.end(), value=value)
        for match in finditer(_MIN_APPLICANTS, sentence.text):
            value = parse_number(match.group("n"))
            values.add("min_applicants_per_post", value, base + match.start(), base + match.end(), value=value,
                       comparator=match.group("cmp"))
        if re.search(r"推荐|自荐|报名", sentence.text):
            for rule_match in ctx.matches("recommendation", sentence, "RECOMMENDATION"):
                values.add("recommendation_modes", rule_match.value, rule_match.start, rule_match.end,
                           value=rule_match.value)
    return values.result
