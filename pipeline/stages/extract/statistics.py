"""Figures a text reports about its campaign: head counts (108名机关干部, 43人报名, 25位干部职工, 2860余名干部),
shares (占干部总数的40%), age and education profiles (35周岁以下12人, 大专以上文化程度达22人, 其中本科15人),
average ages (平均年龄31.2岁), competition ratios (竞聘比例达到2.4:1, 平均6.3人竞争一个职位), other counts
(在市直23个部门, 300多件), rates (群众满意率为98%) and funds (争取帮扶资金186.5万元,
每人每月发放400元的到村工作补贴). Figures that state a rule (不少于7人, 不能低于3人), a
change (较竞岗前多8人) or a threshold (3000万元以上投资项目) are not statistics; head counts must be written in
digits (三名同志 in a speech is talk, not a reported figure). Only a sentence about the campaign's people and
work (``_ABOUT_CAMPAIGN``: 报名, 选派, 挂职, 人选, 提拔, 职工代表...) reports its figures, and money only as funds
(资金, 经费, 补助): a village's income or a county's output is no figure of the campaign."""

from __future__ import annotations

import re
from typing import Any

from .context import Context
from .eligibility import EDUCATION
from .numbers import MASKED_FIGURE, NUMBER, PERCENT, parse_number, parse_percent
from .scoring import component_names

_DIGITS = r"[0-9]+(?:\.[0-9]+)?"
_PREFILTER = re.compile(r"[0-9xX×＊*Ｘｘ]\s*(?:余|多)?\s*(?:名|人|位|%|亿|万|元|个|家|件|张|户|支|批|轮|岁|:|：)")
_ABOUT_CAMPAIGN = re.compile(
    r"竞争上岗|竞聘|竞岗|竞职|竞争|选拔|遴选|选调|报名|报考|参加|参与|参训|列席|参会|到会|选派|派出|下派|派驻|挂职|驻村|援疆|援藏|援派|"
    r"帮扶|资金|经费|补助|考察|测评|考官|评委|拟任|拟聘|人选|提拔|提任|任用|聘任|上岗|落聘|选手|决赛|队员|第一书记|工作队|"
    r"职位|岗位|受表彰|先进|新任|中层|干部职工|职工代表|同志|竞赛|比赛|参赛|培训|援建|包联|包村|结对|抽调|进驻|组成|干部|人才|学员|名额|"
    r"累计|实事|满意率|满意度|补贴")
_MASKED_COUNT = re.compile(rf"(?P<masked>{MASKED_FIGURE})\s*(?P<unit>名|人|位)(?P<about>[^，。；、,\d%]{{0,8}})")
_FUNDS = re.compile(r"资金|经费|补助|补贴|拨款|奖金|奖励")
_AVERAGE_AGE = re.compile(rf"平均年龄(?:为|是|仅|只有|约|达)?\s*(?P<n>{_DIGITS})\s*周?岁")
_COMPETITION = re.compile(
    rf"(?:(?:竞争|竞聘|报考|报名)比例|比例)(?:平均)?(?:达到|达|为|是|约)?\s*(?P<ratio>{_DIGITS}\s*[:：∶︰]\s*{_DIGITS})|"
    rf"平均(?:为|达)?\s*(?P<ratio2>{_DIGITS}\s*[:：∶︰]\s*1)(?![0-9])")
_COUNT = re.compile(rf"(?<![0-9.第每])(?P<n>{_DIGITS})\s*(?P<approx>余|多)?\s*(?P<unit>个|家|件|张|户|支|批次|批|人次|轮)"
                    r"(?P<about>[^，。；、,\d%个]{0,6})")
_POSTS = re.compile(r"职位|岗位|职数|正职|副职")
_POST_WORDS_NEAR = 8
# a duration, a trimming rule, or a count of things that are no figure (5个文件, 三个方面, 两个环节)
_DURATION_AFTER = re.compile(r"^(?:工作日|月|小时|星期|年|学时|最高|最低|文件|方面|环节|步骤|程序|阶段|原则|要求|问题|措施|意见|"
                             r"重点|特点|作用|能力|方向|目标|任务|字|条|等次|档次|层次)")
_TITLE = re.compile(r"《[^《》]*》")
_AGE_PROFILE = re.compile(
    rf"(?P<age>{NUMBER})\s*周?岁(?P<cmp>及以下|及以上|以下|以上|以内)(?:的)?(?:有|达|为)?(?P<n>{_DIGITS})\s*(?:人|名)")
_EDUCATION_PROFILE = re.compile(
    rf"(?P<edu>{EDUCATION})(?P<cmp>及以上|以上)?(?:学历|文化程度)?(?:的)?(?:达|有|为)?(?P<n>{_DIGITS})\s*(?:人|名)")
_HEAD_COUNT = re.compile(rf"(?<![0-9.第])(?P<n>{_DIGITS})\s*(?P<approx>余|多)?\s*(?P<unit>名|人|位)(?!次)"
                         rf"(?P<about>[^，。；、,\d%]{{0,8}})")
_RULE_OR_CHANGE = re.compile(r"(?:不少于|不低于|低于|少于|至少|不超过|超过|多于|不足|缺乏|多|少|每|第)$")
_SHARE = re.compile(
    rf"占(?P<about>[^，。；%,]{{0,12}}?)(?:的)?(?:比例)?(?P<cmp>不足|超过|近|约|达)?(?P<pct>{PERCENT})")
_MONEY = re.compile(rf"(?P<n>{_DIGITS})\s*(?P<unit>亿美元|万美元|亿元|万元|元)(?!以上|以下|以内|及以上)")
# A rate the text reports (群众满意率为98%, 满意度达96.5%): not a threshold (得票率低于60%, 达到60%以上).
_RATE = re.compile(rf"(?P<about>满意率|满意度|知晓率|参评率|出勤率|到岗率|覆盖率|脱贫率|合格率|优秀率|赞成率|得票率|参与率)"
                   rf"(?:为|达|达到|是|高达)?\s*(?P<pct>{PERCENT})(?!以上|以下|及以上|及以下|以内)")


def statistics(ctx: Context) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    seen: set[tuple[Any, ...]] = set()

    def add(key: tuple[Any, ...], start: int, end: int, **fields: Any) -> None:
        if key not in seen:
            seen.add(key)
            found.append(ctx.value(start, end, **fields))

    for sentence in ctx.select(_PREFILTER):
        text, base = sentence.text, sentence.start
        taken: list[tuple[int, int]] = []
        if not _ABOUT_CAMPAIGN.search(_TITLE.sub("", text)):  # (a document's title is not what the sentence is about)
            _shares(text, base, add)  # a share is a figure of its own: 占机关人数的比例不足5%
            continue
        for match in _AVERAGE_AGE.finditer(text):
            age = parse_number(match.group("n"))
            add(("average_age", age), base + match.start(), base + match.end(), kind="average_age", value=age, unit="岁")
        for match in _COMPETITION.finditer(text):
            ratio = re.sub(r"\s|[：∶︰]", ":", match.group("ratio") or match.group("ratio2")).replace("::", ":")
            group = "ratio" if match.group("ratio") else "ratio2"
            taken.append(match.span(group))
            add(("ratio", ratio), base + match.start(group), base + match.end(group), kind="ratio", ratio=ratio)
        for match in _AGE_PROFILE.finditer(text):
            taken.append(match.span())
            age, count = parse_number(match.group("age")), parse_number(match.group("n"))
            add(("age_profile", age, count), base + match.start(), base + match.end(), kind="age_profile",
                value=count, unit="人", age=age, comparator=match.group("cmp"))
        for match in _EDUCATION_PROFILE.finditer(text):
            taken.append(match.span())
            count = parse_number(match.group("n"))
            add(("education_profile", match.group("edu"), count), base + match.start(), base + match.end(),
                kind="education_profile", value=count, unit="人", education=match.group("edu"),
                comparator=match.group("cmp"))
        for match in _HEAD_COUNT.finditer(text):
            if any(a <= match.start() < b for a, b in taken):
                continue
            if _RULE_OR_CHANGE.search(text[max(0, match.start() - 3):match.start()]):
                continue
            count = parse_number(match.group("n"))
            add(("people", count), base + match.start(), base + match.end("unit"), kind="people", value=count,
                unit=match.group("unit"), comparator=match.group("approx"), about=match.group("about").strip() or None)
        for match in _COUNT.finditer(text):
            if (_RULE_OR_CHANGE.search(text[max(0, match.start() - 3):match.start()]) or _DURATION_AFTER.match(match.group("about"))
                    or _POSTS.search(text, max(0, match.start() - _POST_WORDS_NEAR), match.end() + _POST_WORDS_NEAR)):
                continue  # a rule, a change or a post count (positions counts posts)
            if re.match(r"\s*(?:以上|以下|以内|左右)", text[match.end("unit"):]) or "由" in text[max(0, match.start() - 6):match.start()]:
                continue
            count = parse_number(match.group("n"))
            add(("count", count, match.group("unit")), base + match.start(), base + match.end("unit"), kind="count",
                value=count, unit=match.group("unit"), comparator=match.group("approx"),
                about=match.group("about").strip() or None)
        for match in _MASKED_COUNT.finditer(text):  # x名竞聘者: a masked figure, never a number
            add(("masked", match.start()), base + match.start(), base + match.end("unit"), kind="people",
                masked=match.group("masked"), unit=match.group("unit"), about=match.group("about").strip() or None)
        _shares(text, base, add)
        for match in _RATE.finditer(text):
            if _RULE_OR_CHANGE.search(text[max(0, match.start("pct") - 3):match.start("pct")]):
                continue
            percent = parse_percent(match.group("pct"))
            add(("rate", match.group("about"), percent), base + match.start(), base + match.end(), kind="share",
                value=percent, unit="%", about=match.group("about"))
        for match in _MONEY.finditer(text):
            clause = re.split(r"[，。；,;]", text[:match.start()])[-1] + re.split(r"[，。；,;]", text[match.end():])[0]
            if not _FUNDS.search(clause):
                continue  # an income, an investment or an output, not the campaign's funds (补贴: 400元的到村工作补贴)
            amount = parse_number(match.group("n"))
            add(("money", amount, match.group("unit")), base + match.start(), base + match.end(), kind="money",
                value=amount, unit=match.group("unit"))
    return found


def _shares(text: str, base: int, add: Any) -> None:
    for match in _SHARE.finditer(text):
        about = match.group("about")
        before = text[max(0, match.start() - 8):match.start()]
        if "成绩" in about or "分" in about or before.endswith(("成绩", *component_names())):
            continue  # a score's weight (笔试占40%), not a share of people
        percent = parse_percent(match.group("pct"))
        add(("share", percent), base + match.start(), base + match.end(), kind="share", value=percent,
            unit="%", comparator=match.group("cmp"), about=about.strip() or None)
