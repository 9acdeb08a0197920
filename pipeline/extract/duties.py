"""Duties of the people selected or sent: residency (每月在村工作时间不少于20天, 每周在岗不少于4个工作日),
leave and reporting (离岗3天以上的须报…备案, 每季度向…报告一次), and what stays as it was (人事、工资关系保留在原
单位, 人事关系不变). Each value is the rule as written, its evidence the rule's own words."""

from __future__ import annotations

import re
from typing import Any

from .context import Context, Fields
from .numbers import NUMBER, parse_number

_PLACE = r"(?:驻村|在村|进村|在岗|在镇|在乡|驻点|在当地|在县|在园区|在企业|在校|在单位|到村|在村工作|在岗时间|驻村时间)"
# 每月在村工作时间不少于20天 / 驻村时间每月不少于20天 / 全年累计不少于220天
_RESIDENCY = re.compile(
    rf"(?P<rule>(?:{_PLACE}[^，。；,]{{0,6}}?)?(?P<per>每月|每周|每年|全年|每季度)(?:累计)?[^，。；,\d]{{0,10}}?"
    rf"(?P<cmp>不少于|不得少于|不低于|至少|不超过)(?P<n>{NUMBER})\s*(?P<unit>个工作日|天|日))")
_LEAVE = re.compile(
    rf"(?P<rule>(?:离岗|离村|请假|旷岗|外出)[^，。；]{{0,6}}?(?P<n>{NUMBER})\s*天(?:以上|以内)[^，。；]{{0,20}}?"
    rf"(?:备案|批准|审批|召回|报告))")
_REPORT = re.compile(
    r"(?P<rule>每(?:月|季度|半年|年|周)(?:向|到)[^，。；]{1,16}?(?:报告|报送|汇报)[^，。；]{0,4}?(?:一次|工作)?)")
_KEPT = re.compile(
    r"(?P<rule>(?:人事|工资|组织|党组织)(?:关系|、工资关系|和工资关系|、工资)[^，。；]{0,8}?(?:保留在原单位|不变|保持不变|留在原单位))")
_PREFILTER = re.compile(r"每月|每周|每年|全年|每季度|每半年|离岗|离村|请假|旷岗|关系")
_RULES = ((_RESIDENCY, "residency"), (_LEAVE, "leave"), (_REPORT, "reporting"), (_KEPT, "status_kept"))


def duties(ctx: Context) -> list[dict[str, Any]]:
    fields = Fields(ctx, ("duties",))
    for sentence in ctx.select(_PREFILTER):
        base = sentence.start
        for pattern, kind in _RULES:
            for match in pattern.finditer(sentence.text):
                rule = match.group("rule")
                details: dict[str, Any] = {}
                if kind == "residency":
                    details = {"per": match.group("per"), "comparator": match.group("cmp"),
                               "days": parse_number(match.group("n")),
                               "working_days": True if "工作日" in match.group("unit") else None}
                fields.add("duties", (kind, rule), base + match.start("rule"), base + match.end("rule"),
                           kind=kind, rule=rule, **details)
    return fields.result["duties"]
