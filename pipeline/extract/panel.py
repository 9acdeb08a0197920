"""Who scores and how many: the rater groups (参加演讲答辩会的人员为专家评委、…和优秀教师代表), group sizes
(专家评委人数原则上不少于7人), shares within a group (其中高级职称人数不少于40%) and where raters come from
(全部从校外聘请; the 校外聘请 cue is a spaCy pattern in ``rules/cues.jsonl``)."""

from __future__ import annotations

import re
from typing import Any

from .context import Context, Fields, clauses
from .numbers import NUMBER, PERCENT, parse_number, parse_percent

PANEL_FIELDS = ("raters", "sizes", "shares", "sources")

_PREFILTER = re.compile(r"评委|评审|考官|打分|评分|答辩会|测评人员|代表人数")
_RATERS = re.compile(r"(?:人员|评委|打分人员|评分人员|评审组)(?:为|由|包括)(?P<list>[^。；]+?)(?:组成|参加)?(?:[。；]|$)")
_SIZE = re.compile(
    rf"^(?P<group>[^，。；、\d]{{2,12}}?)(?:人数)?(?:原则上|一般)?(?P<cmp>不少于|不低于|不得少于|至少|不超过|不多于)"
    rf"(?P<n>{NUMBER})(?:人|名)")
_SHARE = re.compile(
    rf"^其中(?P<group>[^，。；\d]{{2,12}}?)(?:人数|比例)?(?P<cmp>不少于|不低于|不得少于|不超过|不高于|占)(?P<pct>{PERCENT})")


def panel(ctx: Context) -> dict[str, list[dict[str, Any]]]:
    fields = Fields(ctx, PANEL_FIELDS)
    result, add = fields.result, fields.add

    for sentence in ctx.select(_PREFILTER):
        text, base = sentence.text, sentence.start
        for match in _RATERS.finditer(text):
            items = re.split(r"、|和(?=[^、]*$)|及(?=[^、]*$)", match.group("list"))
            if len(items) < 2:
                continue
            position = base + match.start("list")
            for item in items:
                name = item.strip()
                if 2 <= len(name) <= 16:
                    add("raters", name, position, position + len(item), group=name)
                position += len(item) + 1
        group: str | None = None
        for clause_start, clause_end in clauses(sentence):
            clause = ctx.text[clause_start:clause_end]
            size = _SIZE.match(clause)
            if size and "报名" not in size.group("group"):
                group = size.group("group")
                add("sizes", group, clause_start, clause_start + size.end(), group=group,
                    count=parse_number(size.group("n")), comparator=size.group("cmp"))
            share = _SHARE.match(clause)
            if share:
                add("shares", share.group("group"), clause_start, clause_start + share.end(),
                    group=share.group("group"), of_group=group, percent=parse_percent(share.group("pct")),
                    comparator=share.group("cmp"))
            for cue in ctx.matches("cues", sentence, "EXTERNAL"):
                if clause_start <= cue.start and cue.end <= clause_end:
                    start = clause_start + (clause.find("全部") if "全部" in clause else cue.start - clause_start)
                    add("sources", f"{group}|{cue.value}", min(start, cue.start), cue.end, group=group,
                        source=cue.value, all=True if "全部" in clause else None)
    return result
