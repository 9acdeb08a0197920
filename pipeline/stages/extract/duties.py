"""Duties of the people selected, sent or competing: residency (每月在村工作时间不少于20天, 每周在岗不少于4个工作日),
leave and reporting (离岗3天以上的须报…备案, 每季度向…报告一次, 实行每日签到、每周报告制度), what stays as it was
(人事、工资关系保留在原单位, 原单位职务、工资福利待遇不变), management by two units (由接收单位和派出单位
共同管理), when to arrive (须在15天内到岗), how work is assessed (年度考核分为优秀、称职、基本称职、不称职四个
等次) and how long a candidate may speak (每人演讲时间不超过5分钟，答辩时间不超过3分钟). Each value is the rule as
written, its evidence the rule's own words."""

from __future__ import annotations

import re
from typing import Any

from ... import resources
from .context import Context, Fields
from .numbers import NUMBER, parse_number

_UNIT = r"(?:名|项|篇|次|天|件|个|户|人|份|期|课时|小时|家|条)"
_PLACE = r"(?:驻村|在村|进村|在岗|在镇|在乡|驻点|在当地|在县|在园区|在企业|在校|在单位|到村|在村工作|在岗时间|驻村时间)"
_PREFILTER = re.compile(r"每月|每周|每年|全年|每季度|每半年|离岗|离村|请假|旷岗|关系|制度|不变|等次|分钟|到岗|报到|到位|赴任|由原单位|由派出单位|共同管理|双重管理")
# The forms of each kind of duty (resources/extract/duties.tsv); quotas come last, where no other value took the words.
_KINDS = ("residency", "leave", "reporting", "status_kept", "assessment", "time_limit", "management", "arrival")
_FORMS = resources.rule_table("extract/duties.tsv", {"NUMBER": NUMBER, "PLACE": _PLACE, "UNIT": _UNIT}, (*_KINDS, "quota"))
_RULES = tuple((pattern, kind) for kind in _KINDS for pattern in _FORMS[kind])


# What makes a quantified phrase a hope, not an obligation (力争每人每年至少促成一个协作项目, 争取至少办成一件实事).
_ASPIRATION = re.compile(r"力争|争取|努力|希望|尽量|尽可能")
# A sentence whose subject is a unit that organizes or manages (县委组织部要建立联系制度，每季度至少召开一次座谈会;
# 各级党委要…) states that unit's own work, not a duty of the people selected or sent.
_UNIT_SUBJECT = re.compile(r"^[^，。；,;：:]{0,10}?(?:组织部|组织部门|党委|党组|党工委|人社局|人事科|人事处|领导小组)(?:要(?!求)|将|须|应|会|必须|负责)")
# ... up to a clause naming the people sent as its own subject (县委组织部要加强日常管理，挂职干部每季度至少撰写1篇调研报告)
_PEOPLE_SUBJECT = re.compile(r"[^，。；,;：:]{0,10}?(?:干部|书记|队员|队长|人员|同志|成员|工作队|每人|每名|每位)")
_QUOTA_PREFILTER = re.compile(r"至少|不少于|不得少于|不超过|不得超过|最多|每人|每名|每位|每个")


def quotas(ctx: Context, taken: list[tuple[int, int]]) -> list[dict[str, Any]]:
    """Quantified obligations (kind ``quota``) whose words no other value of the record has as evidence."""
    fields = Fields(ctx, ("duties",))
    for sentence in ctx.select(_QUOTA_PREFILTER):
        base = sentence.start
        unit_subject = bool(_UNIT_SUBJECT.search(sentence.text.lstrip()))
        for pattern in _FORMS["quota"]:
            for match in pattern.finditer(sentence.text):
                if unit_subject and not _own_subject(sentence.text, match.start("rule")):
                    continue  # the unit's own work
                start, end = ctx.trim(base + match.start("rule"), base + match.end("rule"))
                if end - start < 6 or any(a < end and start < b for a, b in taken):
                    continue
                if _ASPIRATION.search(ctx.text, max(sentence.start, start - 6), end):  # 力争每人至少促成一个项目: a hope
                    continue
                taken.append((start, end))
                rule = ctx.text[start:end]
                fields.add("duties", ("quota", rule), start, end, kind="quota", rule=rule,
                           comparator=match.groupdict().get("cmp"))
    return fields.result["duties"]


def _own_subject(text: str, start: int) -> bool:
    """Whether a clause after the sentence's first, up to ``start``, opens with the people sent as its subject."""
    return any(_PEOPLE_SUBJECT.match(text, position + 1) for position, char in enumerate(text[:start]) if char in "，,；;")


def duties(ctx: Context) -> list[dict[str, Any]]:
    fields = Fields(ctx, ("duties",))
    for sentence in ctx.select(_PREFILTER):
        base = sentence.start
        for pattern, kind in _RULES:
            for match in pattern.finditer(sentence.text):
                rule = match.group("rule")
                details: dict[str, Any] = {}
                if kind == "arrival":
                    details = {"days": parse_number(match.group("n"))}
                if kind == "time_limit":
                    details = {"minutes": parse_number(match.group("n") or match.group("n2") or match.group("n3"))}
                if kind == "residency":
                    details = {"per": match.group("per"), "comparator": match.group("cmp"),
                               "days": parse_number(match.group("n")),
                               "working_days": True if "工作日" in match.group("unit") else None}
                fields.add("duties", (kind, rule), base + match.start("rule"), base + match.end("rule"),
                           kind=kind, rule=rule, **details)
    return fields.result["duties"]
