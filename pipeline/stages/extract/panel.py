"""Who scores and how many: the rater groups (参加演讲答辩会的人员为专家评委、…和优秀教师代表, 评委由公司领导、…和
职工代表组成, 集团领导班子成员担任评委), group sizes (专家评委人数原则上不少于7人), shares within a group (其中高级
职称人数不少于40%), where raters come from (全部从校外聘请; the 校外聘请 cue is a spaCy pattern in
``rules/cues.jsonl``) and the members of the group that runs or reviews the campaign (组长：孙立平；副组长：…)."""

from __future__ import annotations

import re
from typing import Any

from ... import resources
from .context import Context, Fields, clauses
from .numbers import NUMBER, PERCENT, parse_number, parse_percent

PANEL_FIELDS = ("raters", "sizes", "shares", "sources", "members", "bodies")
# A body set up to run, supervise or review the campaign: 市委成立公开选拔工作领导小组 / 成立了以局长为组长的竞争上岗
# 领导小组 / 各单位成立竞争上岗工作小组.
_BODY_WORD = r"(?:领导小组|工作小组|工作组|评审小组|考评小组|监督小组|监督组|评委会|考官组|考评组|工作委员会|评审委员会)"
_BODY_CUE = re.compile(r"成立")
_PREFILTER = re.compile(r"评委|评审|考官|打分|评分|答辩会|测评人员|代表人数|组长|成员[：:]|组员[：:]|组由|团由|委员会由")
# The forms of raters, sizes, shares and bodies (resources/extract/panel.tsv says what each is).
_CODES = ("raters", "composed", "serving", "members", "size", "share", "body")
_FORMS = resources.rule_table("extract/panel.tsv", {"NUMBER": NUMBER, "PERCENT": PERCENT, "BODY_WORD": _BODY_WORD}, _CODES,
                              single=_CODES[2:])
_RATERS, _COMPOSED = _FORMS["raters"], _FORMS["composed"]
(_SERVING,), (_MEMBERS,), (_SIZE,), (_SHARE,), (_BODY,) = (_FORMS[c] for c in _CODES[2:])
_MEMBERS_LISTED = re.compile(r"组长[：:]")

def panel(ctx: Context) -> dict[str, list[dict[str, Any]]]:
    fields = Fields(ctx, PANEL_FIELDS)
    result, add = fields.result, fields.add

    listed_members = "组长" in ctx.text and _MEMBERS_LISTED.search(ctx.text) is not None
    for sentence in ctx.select(_PREFILTER):
        text, base = sentence.text, sentence.start
        for match in (found for pattern in _RATERS for found in pattern.finditer(text)):
            items = re.split(r"、|和(?=[^、]*$)|及(?=[^、]*$)", match.group("list"))
            if len(items) < 2:
                continue
            position = base + match.start("list")
            for item in items:
                name = item.strip()
                if 2 <= len(name) <= 16:
                    add("raters", name, position, position + len(item), group=name)
                position += len(item) + 1
        for match in (found for pattern in _COMPOSED for found in pattern.finditer(text)):
            count = parse_number(match.group("n"))
            if count is not None:  # (the evidence starts at the members, or at the count or the group when none are named)
                start = match.start("members") if match.group("members") else min(match.start("n"), match.start("group"))
                end = max(match.end(), match.end("group"))
                add("sizes", match.group("group"), base + start, base + end, group=match.group("group"), count=int(count))
        for match in _SERVING.finditer(text):
            group = match.group("group").strip()
            add("raters", group, base + match.start("group"), base + match.end("group"), group=group)
        if listed_members:
            for match in _MEMBERS.finditer(text):
                who = match.group("who").strip()
                add("members", (match.group("role"), who), base + match.start(), base + match.start("who") + len(who),
                    role=match.group("role"), who=who)
        group = None
        for clause_start, clause_end in clauses(sentence):  # (bodies: see below)
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
    for sentence in ctx.select(_BODY_CUE):
        for match in _BODY.finditer(sentence.text):
            name = match.group("name")
            if len(name) >= 4:  # (a body's name holds more than its kind: 竞争上岗领导小组, not 工作组)
                add("bodies", name, sentence.start + match.start("name"), sentence.start + match.end(), name=name,
                    leader=match.group("leader") or match.group("named_leader"))
    return result
