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

from ... import resources
from .context import Context
from .eligibility import EDUCATION
from .numbers import MASKED_FIGURE, NUMBER, PERCENT, parse_number, parse_percent, parse_ratio
from .scoring import component_names

# (from the start of a run of digits, thousands grouped by commas: numbers.DIGITS, ASCII digits only)
_DIGITS = r"(?<![0-9.])(?<![0-9],)(?:[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])|[0-9]+)(?:\.[0-9]+)?"
_NUMERAL = r"[零〇一二两三四五六七八九十百]{1,4}"
_NUMERALS = r"(?<![零〇一二两三四五六七八九十百千万])[零〇一二两三四五六七八九十百千万]{2,8}(?:点[零〇一二三四五六七八九]+)?"
_PREFILTER = re.compile(r"[0-9xX×＊*Ｘｘ]\s*(?:余|多)?\s*(?:名|人|位|%|亿|万|元|个|家|件|张|户|支|批|轮|岁|:|：)|平均[^，。；0-9]{0,4}[0-9]|"
                        r"[零〇一二两三四五六七八九十百千万]\s*(?:余|多)?\s*(?:名|人|位|岁)|[一二三四五六七八九十]比[一二三四五六七八九十]")
# The forms of the figures (resources/extract/statistics.tsv says what each is).
_CODES = ("about_campaign", "funds", "average_age", "average_score", "competition", "age_profile", "education_profile", "head_count",
          "head_count_spelled",
          "masked_count", "count", "not_counted", "share", "rate", "money", "not_a_figure", "staffing_rule", "papers_before", "rule_or_change",
          "quota_before")
_FORMS = resources.rule_table("extract/statistics.tsv", {"NUMBER": NUMBER, "PERCENT": PERCENT, "MASKED_FIGURE": MASKED_FIGURE,
                                                         "EDUCATION": EDUCATION, "DECIMAL": _DIGITS,
                                                         "NUMERAL": _NUMERAL, "NUMERALS": _NUMERALS}, _CODES, single=_CODES)
((_ABOUT_CAMPAIGN,), (_FUNDS,), (_AVERAGE_AGE,), (_AVERAGE_SCORE,), (_COMPETITION,), (_AGE_PROFILE,), (_EDUCATION_PROFILE,), (_HEAD_COUNT,), (_HEAD_COUNT_SPELLED,),
 (_MASKED_COUNT,), (_COUNT,), (_DURATION_AFTER,), (_SHARE,), (_RATE,), (_MONEY,), (_NOT_A_FIGURE,), (_STAFFING_RULE,),
 (_PAPERS_BEFORE,), (_RULE_OR_CHANGE,), (_QUOTA_BEFORE,)) = (_FORMS[c] for c in _CODES)
_POSTS = re.compile(r"职位|岗位|职数|正职|副职")
# two neighbouring numerals are a guess, not a figure: 一两个, 三四人, 七八十名 (it would read as 12, 34, 780)
_APPROXIMATE = re.compile(r"(?:一两|两三|二三|三四|三五|四五|五六|六七|七八|八九)(?:十|百|千|万)?$")
_TITLE = re.compile(r"《[^《》]*》")
# A sentence profiling a place or a unit as it stands (全村现有党员41名, 全乡共有耕地…): its shares are no campaign's figures
_STANDING_PROFILE = re.compile(r"(?:全村|全乡|全镇|全县|村里|该村|本村|全社区)(?:现有|共有|有)")
_PROFILE_LOOKBACK = 80


def statistics(ctx: Context) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    seen: set[tuple[Any, ...]] = set()
    near = ctx.settings.post_words_near

    def add(key: tuple[Any, ...], start: int, end: int, **fields: Any) -> None:
        if key not in seen:
            seen.add(key)
            found.append(ctx.value(start, end, **fields))

    for sentence in ctx.select(_PREFILTER):
        text, base = sentence.text, sentence.start
        taken: list[tuple[int, int]] = []
        if not _ABOUT_CAMPAIGN.search(_TITLE.sub("", text)):  # (a document's title is not what the sentence is about)
            # (全村现有党员41名，其中60岁以上的26人，占63.4%；35岁以下的4人，占9.8%: a village's profile, told over the
            # clauses of its sentence up to its full stop)
            told_before = re.split(r"[。！？!?\n]", ctx.text[max(0, base - _PROFILE_LOOKBACK):base])[-1]
            if not _STANDING_PROFILE.search(told_before + text):
                _shares(text, base, add)  # a share is a figure of its own: 占机关人数的比例不足5%
            continue
        for match in _AVERAGE_AGE.finditer(text):
            age = parse_number(match.group("n"))
            add(("average_age", age), base + match.start(), base + match.end(), kind="average_age", value=age, unit="岁")
        for match in _AVERAGE_SCORE.finditer(text):
            score = parse_number(match.group("n"))
            taken.append(match.span())
            add(("average_score", match.start()), base + match.start(), base + match.end(), kind="average_score",
                value=score, unit="分")
        for match in _COMPETITION.finditer(text):
            written = match.group("ratio") or match.group("ratio2")
            parts = parse_ratio(written) if "比" in written else None  # 十比一 -> 10:1
            ratio = (":".join(str(part) for part in parts) if parts else
                     re.sub(r"\s|[：∶︰]", ":", written).replace("::", ":"))
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
        for match in (*_HEAD_COUNT.finditer(text), *_HEAD_COUNT_SPELLED.finditer(text)):
            if any(a <= match.start() < b for a, b in taken):
                continue
            if (_RULE_OR_CHANGE.search(text[max(0, match.start() - 3):match.start()]) or _APPROXIMATE.search(match.group("n"))
                    or _set_by_quota(text, match.start())):
                continue
            if _counts_no_campaign_figure(text, match.start(), match.end("unit")):
                continue
            count = parse_number(match.group("n"))
            add(("people", count), base + match.start(), base + match.end("unit"), kind="people", value=count,
                unit=match.group("unit"), comparator=match.group("approx") or None, about=match.group("about").strip() or None)
        for match in _COUNT.finditer(text):
            if (_RULE_OR_CHANGE.search(text[max(0, match.start() - 3):match.start()]) or _DURATION_AFTER.match(match.group("about"))
                    or _POSTS.search(text, max(0, match.start() - near), match.end() + near) or _set_by_quota(text, match.start())):
                continue  # a rule, a change or a post count (positions counts posts)
            if (re.match(r"\s*(?:以上|以下|以内|左右)", text[match.end("unit"):]) or "由" in text[max(0, match.start() - 6):match.start()]
                    or _APPROXIMATE.search(match.group("n")) or _PAPERS_BEFORE.search(text[max(0, match.start() - 4):match.start()])):
                continue  # (照片3张: what an applicant hands in)
            count = parse_number(match.group("n"))
            add(("count", count, match.group("unit")), base + match.start(), base + match.end("unit"), kind="count",
                value=count, unit=match.group("unit"), comparator=match.group("approx"),
                about=match.group("about").strip() or None)
        for match in _MASKED_COUNT.finditer(text):  # x名竞聘者: a masked figure, never a number
            if _counts_no_campaign_figure(text, match.start(), match.end("unit")):
                continue
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


def _set_by_quota(text: str, start: int) -> bool:
    """Whether the count at ``text[start:]`` is what a quota of its clause sets (每周至少走访5户): a rule."""
    return bool(_QUOTA_BEFORE.search(re.split(r"[，。；,;：:]", text[:start])[-1]))


def _counts_no_campaign_figure(text: str, start: int, end: int) -> bool:
    """Whether the head count ``text[start:end]`` counts no campaign figure: those who failed or were warned
    (未竞聘成功的7名干部, 对3名出勤不足的干部进行了提醒谈话) or a post a rule sets (设队长1名, 每户有1名联系干部).
    Read on the count's clause with the count written as ``#``."""
    before = re.split(r"[，。；,;：:]", text[:start])[-1]
    after = re.split(r"[，。；,;]", text[end:])[0]
    return bool(_NOT_A_FIGURE.search(f"{before}#{after}") or _STAFFING_RULE.search(before))


# 笔试、面试成绩各占50%: each score's weight (a score or component named right before 各/均/分别)
_WEIGHT_BEFORE = re.compile(r"(?:成绩|分数|得分|笔试|面试|测评|考核|答辩|演讲)(?:各|均|分别)$")


def _shares(text: str, base: int, add: Any) -> None:
    for match in _SHARE.finditer(text):
        about = match.group("about")
        before = text[max(0, match.start() - 8):match.start()].rstrip("（( ")  # (笔试成绩（占30%）: a weight)
        if "成绩" in about or "分" in about or before.endswith(("成绩", *component_names())) or _WEIGHT_BEFORE.search(before):
            continue  # a score's weight (笔试占40%), not a share of people
        percent = parse_percent(match.group("pct"))
        add(("share", percent), base + match.start(), base + match.end(), kind="share", value=percent,
            unit="%", comparator=match.group("cmp"), about=about.strip() or None)
