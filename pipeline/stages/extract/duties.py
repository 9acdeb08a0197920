"""Duties of the people selected, sent or competing: residency (每月在村工作时间不少于20天, 每周在岗不少于4个工作日),
leave and reporting (离岗3天以上的须报…备案, 每季度向…报告一次, 实行每日签到、每周报告制度), what stays as it was
(人事、工资关系保留在原单位, 原单位职务、工资福利待遇不变), when to arrive (须在15天内到岗), how work is assessed (年度考核分为优秀、称职、基本称职、不称职四个
等次) and how long a candidate may speak (每人演讲时间不超过5分钟，答辩时间不超过3分钟). Each value is the rule as
written, its evidence the rule's own words."""

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
    rf"(?P<rule>(?:离岗|离村|请假|旷岗|外出)[^，。；]{{0,6}}?(?P<n>{NUMBER})\s*天(?:以上|以内)[^。；]{{0,20}}?"
    rf"(?:备案|批准|审批|召回|报告))")
_REPORT = re.compile(
    r"(?P<rule>每(?:月|季度|半年|年|周)(?:向|到)[^，。；]{1,16}?(?:报告|报送|汇报)[^，。；]{0,4}?(?:一次|工作)?|"
    r"实行[^，。；]{0,20}?(?:签到|报告|例会|述职|销假|督查)[^，。；]{0,6}?制度)")
_KEPT = re.compile(
    r"(?P<rule>(?:人事|工资|组织|党组织)(?:关系|、工资关系|和工资关系|、工资)[^，。；]{0,8}?(?:保留在原单位|不变|保持不变|留在原单位)|"
    r"原单位(?:职务|工资|福利|待遇)[^，。；]{0,10}?(?:不变|保持不变)|(?:工资|福利|待遇)[^，。；]{0,8}?由(?:原|派出)单位(?:负责|发放|承担))")
_ARRIVAL = re.compile(rf"(?P<rule>(?:须|应|要|必须)?(?:在|于)(?P<n>{NUMBER})\s*(?:天|日|个工作日)(?:内|以内)(?:到岗|报到|到位|赴任))")
_ASSESSMENT = re.compile(r"(?P<rule>(?:年度)?考核(?:结果)?分为[^，。；]{4,30}?[一二两三四五六]个等次)")
_TIME_LIMIT = re.compile(
    rf"(?P<rule>(?:每人|每位|每名[^，。；\d]{{0,4}})?(?:演讲|答辩|陈述|述职|发言)(?:时间)?(?:一般|原则上)?"
    rf"(?P<cmp>不超过|不得超过|限时|限|控制在)(?P<n>{NUMBER})\s*分钟(?:以内)?|每人限时(?P<n2>{NUMBER})\s*分钟)")
_PREFILTER = re.compile(r"每月|每周|每年|全年|每季度|每半年|离岗|离村|请假|旷岗|关系|制度|不变|等次|分钟|到岗|报到|到位|赴任|由原单位|由派出单位")
_RULES = ((_RESIDENCY, "residency"), (_LEAVE, "leave"), (_REPORT, "reporting"), (_KEPT, "status_kept"),
          (_ASSESSMENT, "assessment"), (_TIME_LIMIT, "time_limit"), (_ARRIVAL, "arrival"))


# A quantified obligation (each one must do at least / at most so much): 每人至少承担一项专项工作任务, 要帮带当地至少
# 2名业务骨干, 原则上每人分管或协管1至2项具体工作, 每位挂职干部要完成一篇调研报告. Taken only where no other rule
# has taken its words (``quotas``).
_UNIT = r"(?:名|项|篇|次|天|件|个|户|人|份|期|课时|小时|家|条)"
_QUOTA = (
    re.compile(rf"(?P<rule>(?:要|须|应|必须|原则上)?[^，。；：:、\d]{{0,14}}?(?P<cmp>至少|不少于|不得少于|不超过|不得超过|最多|累计不超过)"
               rf"[^，。；：:\d]{{0,6}}?(?P<n>{NUMBER})\s*{_UNIT}[^，。；：:]{{0,10}})"),
    re.compile(rf"(?P<rule>(?:原则上)?每(?:人|名|位|个)[^，。；：:\d]{{0,12}}?(?P<n>{NUMBER})(?:至|到|-|～)(?P<m>{NUMBER})\s*{_UNIT}"
               rf"[^，。；：:]{{0,10}})"),
    re.compile(r"(?P<rule>每(?:位|名|人|个)[^，。；：:\d]{0,16}?(?:要|须|应|必须)(?:完成|撰写|形成|提交|办成)(?P<n>一|1)\s*(?:篇|份|件)"
               r"[^，。；：:]{0,12})"),
)
_QUOTA_PREFILTER = re.compile(r"至少|不少于|不得少于|不超过|不得超过|最多|每人|每名|每位|每个")


def quotas(ctx: Context, taken: list[tuple[int, int]]) -> list[dict[str, Any]]:
    """Quantified obligations (kind ``quota``) whose words no other value of the record has as evidence."""
    fields = Fields(ctx, ("duties",))
    for sentence in ctx.select(_QUOTA_PREFILTER):
        base = sentence.start
        for pattern in _QUOTA:
            for match in pattern.finditer(sentence.text):
                start, end = ctx.trim(base + match.start("rule"), base + match.end("rule"))
                if end - start < 6 or any(a < end and start < b for a, b in taken):
                    continue
                taken.append((start, end))
                rule = ctx.text[start:end]
                fields.add("duties", ("quota", rule), start, end, kind="quota", rule=rule,
                           comparator=match.groupdict().get("cmp"))
    return fields.result["duties"]


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
                    details = {"minutes": parse_number(match.group("n") or match.group("n2"))}
                if kind == "residency":
                    details = {"per": match.group("per"), "comparator": match.group("cmp"),
                               "days": parse_number(match.group("n")),
                               "working_days": True if "工作日" in match.group("unit") else None}
                fields.add("duties", (kind, rule), base + match.start("rule"), base + match.end("rule"),
                           kind=kind, rule=rule, **details)
    return fields.result["duties"]
