"""Ratios and periods: the inspection ratio (按照拟选人数1：1的比例确定考察对象), publicity days (任前公示
（7天）, 公示期为7个工作日), term years (聘期三年, 三年聘期满), probation (试用期一年, 第一年为试聘期) and other
quotas (差额比例)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from .context import Context, Fields
from .dates import find_dates
from .numbers import NUMBER, RATIO, RATIO_SEPARATOR, format_ratio, parse_number, parse_ratio

PERIOD_FIELDS = ("inspection_ratio", "shortlist_ratio", "publicity", "term", "probation", "other")

# A ratio of people to posts and the step it governs: 按1:3比例确定考察对象 (考察), 按1:5的比例确定进入面试 (面试),
# 按不超过计划3倍比例入围 (入围), in any spelling (3∶1, 1︰3, 十比一, 3倍).
# (the ratio of two parts, whole: a run such as 1:1比1:1比… is no ratio, and it is not read again from each of its digits)
# (nor from inside a run of numerals, _FIRST_NUMERAL: tried from each numeral of a long run, the search was
# quadratic, 1.5 s on 2,000 numerals; an Arabic digit after a word's last numeral is a number's first: 统一1:3)
_FIRST_NUMERAL = r"(?:(?=[0-9０-９])|(?<![零〇一二两兩三四五六七八九十百千万萬亿億壹贰貳叁參肆伍陆陸柒捌玖拾佰仟]))"
_TWO_PARTS = (rf"(?<![0-9０-９.．:：∶︰﹕]){_FIRST_NUMERAL}(?<![0-9０-９零一二两三四五六七八九十]比)(?>{NUMBER}\s*{RATIO_SEPARATOR}\s*{NUMBER})"
              rf"(?!\s*{RATIO_SEPARATOR}\s*[0-9０-９零一二两三四五六七八九十])")
_SELECTION_RATIO = re.compile(
    rf"(?P<cmp>不超过|不低于|不少于)?(?:[^，。；\d不]{{0,8}}?)(?P<core>(?:(?P<ratio>{_TWO_PARTS})|(?<![0-9０-９]){_FIRST_NUMERAL}(?P<mult>{NUMBER})\s*倍)(?:的)?"
    rf"(?P<competitive>差额)?(?:比例)?)[^。；\d:：∶︰﹕%]{{0,18}}?(?P<governs>考察|面试|入围|笔试|适岗评价|答辩|推荐|测评|遴薦|遴荐)")
# The step named first: 考察对象按1:1.5的比例确定 / 面试和考察分别按1:5和1:3的比例确定人选.
_GOVERNED_FIRST = re.compile(
    rf"(?P<governs>考察|面试|入围|笔试|推荐)(?:对象|人选)?(?:人数)?(?:按|按照|以)(?:[^，。；\d]{{0,6}}?)(?P<core>(?P<ratio>{RATIO})(?:的)?(?:差额)?(?:比例)?)")
_PAIRED = re.compile(
    rf"(?P<first>考察|面试|入围|笔试)(?:和|、|及)(?P<second>考察|面试|入围|笔试)(?:人选)?分别(?:按|按照)"
    rf"(?P<r1>{RATIO})(?:和|、)(?P<r2>{RATIO})(?:的)?(?:比例)?")
_WEIGHING = re.compile(r"折算|折合|加权|权重|比重|计入")
_GOVERNS = {"遴薦": "推荐", "遴荐": "推荐", "适岗评价": "面试"}
# (事情日 is 工作日 spun by a synonym rewriter: 工作 -> 事情)
_PUBLICITY = re.compile(
    rf"公示(?:[，,]?(?:期|期限|时间))?(?:为|不少于|不得少于|不低于)?[（(]?(?P<n>{NUMBER})\s*(?P<unit>个工作日|工作日|个事情日|天|日)|"
    rf"为期(?P<n2>{NUMBER})\s*(?P<unit2>个工作日|工作日|天|日)的(?:任前|任职前)?公示")
# Terms in every form: 聘期三年, 挂职期限为一年半, 为期半年, 挂职时间为6个月, 驻村时间不少于两年, 任期为三年到五年 (a
# range), 挂职时间一般为1至2年, 挂职期限：一年, 三年一轮, 两年一届, 3年聘期, 三年为一个任期.
_AMOUNT = (rf"(?:(?P<n>{NUMBER})\s*(?:(?:年|个月)?\s*(?:至|到|-|~|～|—)\s*(?P<m>{NUMBER})\s*)?(?P<unit>个月|年)(?P<half>半)?"
           rf"|(?P<half_year>半)年)")
_TERM_HEAD = (r"(?:聘期|任期|挂职(?:锻炼)?(?:的)?(?:时间|期限|期)|锻炼期(?:限)?|挂职交流的期限|驻村(?:工作)?(?:时间|期限|任期)|任职时间|"
              r"服务期(?:限)?|有效期|为期|聘用期(?:限)?|聘任期(?:限)?|"
              # 选派期为两年, 交流期一般为3年
              r"(?:选派|派驻|下派|援派|交流|帮扶)期(?!间|满|内)|"
              # 选派期限, 聘任期限, 援疆工作时间, 在疆工作时间, 交流期限 (a secondment's or a post's span, however named)
              r"(?:选派|派驻|下派|援派|援疆|援藏|援建|帮扶|交流|聘任|轮岗|在(?:疆|藏|村|基层|乡镇|农村))(?:锻炼|工作|帮扶)?(?:的)?(?:时间|期限))")
_TERM = (re.compile(rf"(?P<about>{_TERM_HEAD})(?:一般|原则上|统一|均|一律)*(?:为|是|[：:])?\s*(?P<cmp>不少于|不超过|最长不超过|不低于)?"
                    rf"\s*{_AMOUNT}"),
         re.compile(rf"{_AMOUNT}(?:的)?(?P<about>聘期|任期)"),
         # 三年为一个任期 / 两年为一届
         re.compile(rf"{_AMOUNT}(?:为|是)一(?:个)?(?P<about>任期|聘期|届|轮)"),
         # 一聘三年 / 一届五年 (group "about": the word after 一)
         re.compile(rf"(?<![统唯第每万])一(?P<about>聘|届|任)(?P<n>{NUMBER})\s*(?P<unit>年)(?![以来多])"),
         # 三年一轮 / 两年一届 / 三年一聘 / 五年一换届
         re.compile(rf"(?<![0-9一二两三四五六七八九十])(?P<n>{NUMBER})\s*(?P<unit>年)一(?P<about>轮|届|聘|换届)(?!届|轮)"),
         re.compile(rf"(?<![在去])(?P<about>挂职|驻村)(?:锻炼|帮扶)?\s*{_AMOUNT}(?![来多以])"),  # 他们挂职两年 (not 挂职两年来)
         # 将在基层锻炼两年 (not 在基层工作两年来, not 在村工作5年以上: a tenure)
         re.compile(rf"(?<=将|要|需|须|应)(?P<about>在(?:基层|村|乡镇|农村|一线)(?:锻炼|工作|服务))\s*{_AMOUNT}(?![来多以])"))
# A term written as the span of its dates: 挂职期限自2023年3月至2024年3月, 聘期自2023年1月1日至2025年12月31日 (the
# years between the first day and the day after the last, to the half year)
# (挂职期限为2023年3月至6月: the end's year is the start's; 自2023年3月起至2024年3月止; a hard break before 至)
# A validity (成绩有效期自…至…) is no term.
_TERM_DATES = re.compile(rf"(?P<about>{_TERM_HEAD})(?<!有效期)(?:一般|原则上|统一|均|一律)*(?:为|是|[：:])?\s*(?:自|从)?\s*"
                         r"(?P<span>[0-9０-９]{4}\s*年[^，。；\n]{1,24}?\s*(?:至|到|—|－|-|~|～)\s*(?:[0-9０-９]{4}\s*年\s*)?[0-9０-９]{1,2}\s*月"
                         r"(?:\s*[0-9０-９]{1,2}\s*[日号])?)")
_TERM_DATES_SLACK = 0.02  # years a span of days may miss a half year by (a week: 2023年3月1日至2024年2月28日)
# 选派10名干部到乡镇挂职，时间为两年: a term named 时间 or 期限 alone, after a clause about a secondment
_CLAUSE_TERM = re.compile(rf"(?<=[，,])(?P<about>时间|期限)(?:一般|原则上|统一|均|一律)*(?:为|是|[：:])\s*{_AMOUNT}(?![来多以])")
_SECONDED = re.compile(r"挂职|驻村|选派|下派|派驻|援疆|援藏|援派|交流|帮扶|锻炼|挂任")
# ... unless that clause is about training or study (选派30名干部参加脱产培训，时间为3个月 / 挂职学习，时间为半年): no term
_TRAINING = re.compile(r"培训|学习|进修|研修|调训|轮训|集训|考察|研讨")
_PROBATION = (re.compile(rf"(?:试用期|试聘期|见习期)(?:为|是)?(?P<n>{NUMBER})(?P<unit>年|个月)(?P<half>(?<=年)半)?"),  # 一年半
              re.compile(r"第(?P<n>一)(?P<unit>年)为(?:试用期|试聘期|见习期)"),
              re.compile(rf"(?P<n>{NUMBER})(?P<unit>年|个月)(?:的)?(?:试用期|试聘期|见习期)"),
              re.compile(r"(?:试用期|试聘期|见习期)(?:为)?(?P<n>半)(?P<unit>年)"))
_QUOTA = re.compile(rf"差额(?:比例)?(?:为|按)?(?P<ratio>{RATIO}|{NUMBER}\s*[%％])")
_PREFILTER = re.compile(r"考察|公示|聘期|任期|试用|试聘|见习|差额|挂职|驻村|为期|服务期|有效期|任职时间|一轮|一届|一聘|面试|入围|笔试|比例|倍|"
                        r"期限|工作时间|锻炼|派驻|选派|下派|援派|援疆|援藏|援建|轮岗")  # (派驻时间：两年)


def _term_years(match: re.Match[str]) -> tuple[float | int, float | int] | None:
    """(low, high) years of a term match: 一年半 -> 1.5, 6个月 -> 0.5, 三年到五年 -> (3, 5)."""
    groups = match.groupdict()
    if groups.get("half_year"):
        return 0.5, 0.5
    low = parse_number(groups["n"]) if groups.get("n") else None
    high = parse_number(groups["m"]) if groups.get("m") else low
    if low is None or high is None:
        return None
    scale = 1 / 12 if groups.get("unit") == "个月" else 1
    extra = 0.5 if groups.get("half") else 0
    low, high = round(low * scale + extra, 4), round(high * scale + extra, 4)
    if not 0 < low <= high <= 10:
        return None
    return (int(low) if low == int(low) else low), (int(high) if high == int(high) else high)


def _span_years(written: str) -> float | int | None:
    """The years from the first date of a range to the day after its last (months alone: see below), to the
    half year; None when the range is not one of whole or half years (``_TERM_DATES_SLACK``) or not 0-10 years."""
    found = find_dates(written)
    if not found or found[0].end is None:
        return None
    first, last = found[0].start, found[0].end
    if first.year is None or last.year is None or first.month is None or last.month is None:
        return None
    if first.day is None and last.day is None:  # months alone: whole or half years from month to month (2023年3月至
        # 2024年3月) or counting the last month (2023年3月至2025年2月); 5 or 11 months are neither
        months = (last.year - first.year) * 12 + last.month - first.month
        whole = next((count for count in (months, months + 1) if count > 0 and count % 6 == 0), None)
        return _half_years(whole / 12, 0) if whole is not None else None
    try:
        start = date(first.year, first.month, first.day or 1)
        end = (date(last.year, last.month, last.day) + timedelta(days=1) if last.day
               else date(last.year + last.month // 12, last.month % 12 + 1, 1))
    except ValueError:
        return None
    return _half_years((end - start).days / 365.25, _TERM_DATES_SLACK)


def _half_years(years: float, slack: float) -> float | int | None:
    """``years`` as whole or half years, None when it misses them by more than ``slack`` or is not 0-10 years."""
    rounded = round(years * 2) / 2
    if not 0 < rounded <= 10 or abs(years - rounded) > slack:
        return None
    return int(rounded) if rounded == int(rounded) else rounded


# A time of day is no ratio: 上午9:00-11:30, 14:30至17:00, 于10:30前 (hours, then two digits of minutes, by a clock word,
# a range or 于/前/后 around it)
_CLOCK = re.compile(r"(?<![0-9.])(?:[01]?[0-9]|2[0-4])\s*[:：]\s*[0-5][0-9](?![0-9.])")
_CLOCK_CONTEXT = re.compile(r"上午|下午|早上|晚上|中午|时间|[-—–~～至到于]\s*$|^\s*[-—–~～至到]\s*[0-9]"
                            r"|^\s*(?:之前|以前|之后|以后|前|后|开始|起|止|整)")


def _is_clock(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]``, read as a ratio, is a time of day."""
    return any(clock.end() > start and clock.start() < end
               and (_CLOCK_CONTEXT.search(text[max(0, clock.start() - 8):clock.start()])
                    or _CLOCK_CONTEXT.search(text[clock.end():clock.end() + 8]))
               for clock in _CLOCK.finditer(text, max(0, start - 6), min(len(text), end + 6)))


def ratios_and_periods(ctx: Context) -> dict[str, list[dict[str, Any]]]:
    values = Fields(ctx, PERIOD_FIELDS)
    add = values.add
    for sentence in ctx.select(_PREFILTER):
        text, base = sentence.text, sentence.start
        for match in _SELECTION_RATIO.finditer(text):
            multiple = parse_number(match.group("mult")) if match.group("mult") else None
            ratio = [1, multiple] if multiple is not None else parse_ratio(match.group("ratio") or "")
            if not ratio or len(ratio) != 2 or not all(part > 0 for part in ratio):
                continue
            if match.group("ratio") and _is_clock(text, match.start("ratio"), match.end("ratio")):
                continue
            if _WEIGHING.search(text, match.end("core"), match.start("governs")) or _WEIGHING.match(text, match.end("core")):
                continue  # 按6:4的比例折算笔试和面试成绩: a weight (scoring), no selection ratio
            governs = _GOVERNS.get(match.group("governs"), match.group("governs"))
            field = "inspection_ratio" if governs == "考察" else "shortlist_ratio"
            start = match.start("ratio") if match.group("ratio") else match.start("mult")
            if match.group("cmp"):
                start = match.start("cmp")
            # the evidence is the ratio's own words (按1:2的比例), the step it governs may stand further on
            add(field, (governs, format_ratio(ratio)), base + start, base + match.end("core"), ratio=format_ratio(ratio),
                multiple=multiple, comparator=match.group("cmp"), governs=governs,
                competitive=bool(match.group("competitive")) or ratio[-1] > ratio[0])
        for match in _GOVERNED_FIRST.finditer(text):
            ratio = parse_ratio(match.group("ratio"))
            if ratio and len(ratio) == 2 and all(part > 0 for part in ratio) and not _is_clock(text, *match.span("ratio")):
                governs = match.group("governs")
                add("inspection_ratio" if governs == "考察" else "shortlist_ratio", (governs, format_ratio(ratio)),
                    base + match.start("core"), base + match.end("core"), ratio=format_ratio(ratio), governs=governs,
                    competitive=ratio[-1] > ratio[0])
        for match in _PAIRED.finditer(text):
            for step, group in ((match.group("first"), "r1"), (match.group("second"), "r2")):
                ratio = parse_ratio(match.group(group))
                if ratio and len(ratio) == 2 and all(part > 0 for part in ratio) and not _is_clock(text, *match.span(group)):
                    add("inspection_ratio" if step == "考察" else "shortlist_ratio", (step, format_ratio(ratio)),
                        base + match.start(group), base + match.end(group), ratio=format_ratio(ratio), governs=step,
                        competitive=ratio[-1] > ratio[0])
        for match in _PUBLICITY.finditer(text):
            days = parse_number(match.group("n") or match.group("n2"))
            unit = match.group("unit") or match.group("unit2")
            comma = max(match.group().find("，"), match.group().find(","))  # 公示，时间不少于3个工作日: from 时间
            add("publicity", days, base + match.start() + comma + 1, base + match.end(), days=days,
                working_days=True if unit.endswith(("工作日", "事情日")) else None)
        for pattern in _TERM:
            for match in pattern.finditer(text):
                if text[max(0, match.start() - 2):match.start()] in ("试用", "试聘", "见习"):
                    continue
                term = _term_years(match)
                if term is None:
                    continue
                low, high = term
                about = match.group("about")
                comparator = match.groupdict().get("cmp")
                fields: dict[str, Any] = {"years": low} if low == high else {"min_years": low, "max_years": high}
                add("term", (about, low, high), base + match.start(), base + match.end(), **fields,
                    comparator=comparator, about=None if about in ("为期", "轮") else about)
        for match in _TERM_DATES.finditer(text):
            years = _span_years(re.sub(r"(?<=[月日号])\s*起", "", match.group("span")))
            if years is not None:
                add("term", (match.group("about"), years, years), base + match.start(), base + match.end(), years=years,
                    about=None if match.group("about") == "为期" else match.group("about"))
        for match in _CLAUSE_TERM.finditer(text):
            term = _term_years(match)
            clause_before = re.split(r"[，,；;]", text[:match.start() - 1])[-1]
            if term is not None and _SECONDED.search(text, 0, match.start()) and not _TRAINING.search(clause_before):
                low, high = term
                fields = {"years": low} if low == high else {"min_years": low, "max_years": high}
                add("term", (match.group("about"), low, high), base + match.start(), base + match.end(), **fields,
                    about=match.group("about"))
        for pattern in _PROBATION:
            for match in pattern.finditer(text):
                value = 0.5 if match.group("n") == "半" else parse_number(match.group("n"))
                months = value * 12 if match.group("unit") == "年" and value is not None else value
                if months is not None and match.groupdict().get("half"):
                    months += 6
                add("probation", months, base + match.start(), base + match.end(), months=months)
        for match in _QUOTA.finditer(text):
            add("other", match.group(), base + match.start(), base + match.end(), name="差额", value=match.group("ratio"))
    return values.result
