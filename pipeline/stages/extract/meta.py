"""The document's organization, speaker and own date (``date_of_text``).

- date_of_text: among the first lines and the last ones, a line that is only a date (``（2014年9月）``,
  ``二00八年十一月二十日``, ``2022/9/21 16:42:08``) or a date and the act it dates (``2021年9月16日印发``), a labelled date (``发布时间:2023-03-09``), a line opening with a
  full date (``2009-04-10 来源:光明日报``), a timestamp (``…动员部署会2025-04-18 16:30``), a date in brackets after a unit (``…工作队（2023年11月20日）``), or the
  year of a title ``在2025年…座谈会上的讲话``.
- speaker: a subtitle naming who speaks, ``王秀卓局长在…大会上的讲话`` / ``街道党工委书记在…的讲话`` /
  ``——县委常委、组织部部长王建华同志在…上的讲话``; a byline
  ``乡党委书记 周建国`` (a masked name too: ``党委书记、董事长  XX``) or a line holding only a unit and a role
  (``…驻村工作队队长``); in a news report, who spoke at the event (``党组成员、副局长周明远出席并讲话``,
  ``刘建平同志作了总结发言``, ``会上，集团党委副书记、总经理孙维民表示``). Not a speaker: a writer's byline
  (``作者：``/``编辑：``… on a news report, ``编辑：``/``供稿：``… anywhere), a title about a speech
  (``学习…书记在…上的讲话心得体会``), the subject of a profile opening the text (``驻村第一书记李某某`` over no salutation).
- organization: the unit running the campaign, from the patterns in ``extract/organization.tsv``, with the
  ``mentions`` of every place a pattern names that same unit.

A speaker or a date stated outside the text is cited there (evidence ``source``, ``evidence.outside_evidence``):
a speaker or a year in the title (source ``title``), a byline the cleaner removed with the title or a news
report's stamp in a removed metadata line (source ``metadata``).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from ... import resources
from ..salutations import alternation as salutation_words
from .context import Context
from .dates import DATE, find_dates
from .evidence import outside_evidence
from .gates import may_match
from .lexicon import CJK, is_name, name_pattern, org_suffixes, role_pattern

# (where a dateline, a byline or a speaker's subtitle stands: ``head_paragraphs``, ``tail_paragraphs`` and
# ``byline_head_chars`` of ExtractSettings, resources/settings.toml [extract])
_ORG_NOT_A_NAME = ("我", "本", "该", "各", "全", "此", "这", "其", "为", "对", "驻", "在", "到", "从", "同级", "上级", "上一级", "下级")
_SPEECH = r"(?:讲话|致辞|发言|报告|动员)"
# (the day takes two digits when it can: a timestamp glued to the next sentence, 2023-03-093月8日上午)
_ISO_DATE = r"(?<![0-9])(?P<y>(?:19|20)[0-9]{2})\s*[-/.／]\s*(?P<m>[01]?[0-9])\s*[-/.／]\s*(?P<d>[0-3][0-9]|[0-9])"
_CLOCK = r"(?:\s*[0-9]{1,2}[:：][0-9]{2}(?:[:：][0-9]{2})?)?"
# (a bare 时间： opens its line or follows a space: 报名时间：5月6日 dates a step, not the text)
_DATE_LABEL = r"(?:(?:发布|发表|更新|印发|成文|发文)(?:时间|日期)|(?<![\u4e00-\u9fff])(?:时间|日期))\s*[:：]\s*"
# A bullet before a dateline and the blanks after it, one optional part (blanks on both sides of an optional
# bullet and an optional bracket, each a run of its own, took cubic time on a line of blanks: 3.4 s on 500)
_BULLETED = r"(?:[•·●▪\-]\s*)?"
_SPACES = re.compile(r"[ \t\u3000]+")
# A masked name: ××, XXX, 某某, or a surname kept before the mask (刘××, 王某某, 张某).
# A two-character name spaced out to the width of three in a byline: 王　平.
_SPACED_NAME = rf"[{CJK}][ \t\u3000]{{1,2}}[{CJK}]"
_MASKED_NAME = rf"(?:[{CJK}]?(?:[Xx×＊*Ｘ]{{2,3}}|某某)|[{CJK}](?:[Xx×＊*Ｘ]|某))"


@cache
def _datelines() -> tuple[re.Pattern[str], ...]:
    """Line forms of a document's own date, tried in this order on each edge line (module docstring)."""
    any_date = rf"(?:(?P<date>{DATE})|{_ISO_DATE})"
    return (
        re.compile(rf"^\s*{_BULLETED}(?:[（(]\s*)?{any_date}(?:\s*[)）])?{_CLOCK}\s*$"),
        # 2021年9月16日印发 under a signature, or after the unit on its line (县委组织部办公室 2021年3月2日印发)
        re.compile(rf"^\s*(?:[^\s，。；：]{{2,20}}[ \t\u3000]+)?{any_date}\s*(?:印发|发布|制定|制发|通过|修订)\s*$"),
        re.compile(rf"{_DATE_LABEL}{any_date}"),
        re.compile(rf"^\s*{_BULLETED}{any_date}{_CLOCK}\s+\S"),
        re.compile(rf"{_ISO_DATE}\s*[0-9]{{1,2}}[:：][0-9]{{2}}"),  # a timestamp glued to a title
        re.compile(rf"[{CJK}][（(]\s*(?P<date>{DATE})\s*[)）]"),
        # the day of a speech, in its subtitle (——在2023年3月5日全县…会议上的讲话, 2023年3月5日在…上的讲话) or in a
        # bracket with a note (（2022年6月8日，根据录音整理）)
        # (a full date: a year alone there is the year of the event a title names, 在2025年劳动竞赛启动仪式讲话精神)
        re.compile(rf"(?:^|[—－\-\s]|(?<=[{CJK}]))在\s*(?P<spoken>{DATE})[^，。；！？\n]{{0,40}}?{_SPEECH}"),
        re.compile(rf"^\s*{_BULLETED}(?P<spoken>{DATE})\s*在[^，。；！？\n]{{2,60}}?{_SPEECH}"),
        re.compile(rf"^\s*[（(]\s*(?P<spoken>{DATE})\s*[，,；;、]\s*[^（()）\n]{{1,20}}[)）]\s*$"),
        re.compile(r"^\s*在\s*(?P<title_year>(?:19|20)[0-9]{2})\s*年"),
    )


@cache
def _speaker_line() -> re.Pattern[str]:
    roles = role_pattern()
    # (a masked name too: XXX同志在…, 县委书记×××在…; a bare role: 局长在…的讲话)
    name = rf"(?:{name_pattern()}|{_MASKED_NAME})"
    return re.compile(
        rf"^[—－―─\-\s]*(?:(?P<name>{name})(?P<role>{roles})|(?P<chain>{_role_chain()})(?P<named>{name})(?=同志|在)|"
        rf"(?P<role_only>[{CJK}]{{0,12}}?(?:{roles}))|(?P<bare>{name})(?=同志|[：:]))(?:同志)?(?:[：:][ \t\u3000]*)?在[^。]{{2,60}}{_SPEECH}")


# Words before 在…讲话 that make the line about someone's speech, not the speech itself: 学习…总书记在…上的讲话,
# 认真贯彻县委书记在…讲话精神, 关于党委书记在…讲话的学习体会.
_ABOUT_A_SPEECH = re.compile(r"学习|贯彻|落实|领会|传达|解读|关于")
# What may follow the speech word at the end of a title that is the speech: 讲话稿, 讲话（摘要）, 讲话（2023年3月）.
# (its blanks taken whole, *+: the blanks before and after an optional bracket, both runs backtracking, took
# quadratic time on a line of blanks)
_SPEECH_TAIL = re.compile(r"(?:稿|提纲|要点|全文|摘要|节选|摘登)?[ \t\u3000]*+(?:[（(][^）)]{0,20}[）)])?[ \t\u3000。.！!]*+$")


def _names_its_speaker(line: str, match: re.Match[str], whole: bool) -> bool:
    """Whether a ``_speaker_line`` match is a speech's subtitle: no verb of studying and no 关于 before the
    speaker's 在 (学习习近平总书记在…上的重要讲话心得体会), and with ``whole`` (a title), the line ends at the
    speech word (…上的讲话精神, …讲话的学习体会 are about the speech)."""
    speaker_end = max(match.end(group) for group in ("name", "role", "chain", "named", "role_only", "bare") if match.group(group))
    if _ABOUT_A_SPEECH.search(line, match.start(), speaker_end):
        return False
    return not whole or bool(_SPEECH_TAIL.match(line, match.end()))


# The most roles a speaker's chain holds (局党组书记、局长; a city's secretary-general holds seven or more): a list of
# 3,000 posts (办公室主任、…) read as one chain and given back one role at a time at each of its items made the
# search quadratic (2.6 s); twelve keeps the cost per item bounded and no real byline lists more
ROLE_CHAIN_MAX = 12


@cache
def _role_chain() -> str:
    roles = role_pattern()
    return rf"[{CJK}]{{0,12}}?(?:{roles})(?:、[{CJK}]{{0,12}}?(?:{roles})){{0,{ROLE_CHAIN_MAX - 1}}}"


@cache
def _byline() -> re.Pattern[str]:
    # (a byline in brackets too: （县财政局驻石门村第一书记 王建设）)
    # (a note naming the author: （作者系县委书记 王建国）)
    return re.compile(rf"(?:^|(?<=\s)|(?<=作者[：:])|(?<=讲话人[：:])|(?<=[（(])|(?<=[（(]作者[系为是]))(?!作者[系为是])"
                      rf"(?P<role>[Xx×＊*Ｘ]{{0,3}}{_role_chain()})[ \t\u3000]+"
                      rf"(?P<name>{name_pattern()}|{_MASKED_NAME}|{_SPACED_NAME})"
                      rf"(?=[ \t\u3000]*(?:[）)][ \t\u3000]*)?(?:\n|{salutation_words('opening')}|$))")


@cache
def _name_line() -> re.Pattern[str]:
    """A byline holding only a name (and 同志), right over the salutation: 李建国 / 同志们："""
    return re.compile(rf"(?m)^[ \t\u3000]*(?P<name>{name_pattern()}|{_SPACED_NAME})(?:同志)?[ \t\u3000]*\n[ \t\u3000]*{salutation_words('opening')}")


@cache
def _glued_byline() -> re.Pattern[str]:
    """A role and a name glued on a line of their own (县委书记王某某, 县委书记王某某：, ——县委书记王某某), as the splitter
    leaves a speaker cut from the front of a title: used on the text's first lines only."""
    name = rf"(?:{name_pattern()}|{_MASKED_NAME})"
    return re.compile(rf"[ \t\u3000]*(?:[—－―─]{{1,2}}[ \t\u3000]*)?(?P<role>{_role_chain()})(?P<name>{name})(?:同志)?(?:[ \t\u3000]*[：:])?[ \t\u3000]*$")


@cache
def _role_line() -> re.Pattern[str]:
    return re.compile(rf"\s*(?P<role>[{CJK}]{{2,24}}?(?:{role_pattern()}))\s*$")  # (used with match at a position)


@cache
def _reported_speaker() -> re.Pattern[str]:
    return re.compile(
        rf"(?:^|(?<=[，。；：\s、]))(?:会上[，,]?|最后[，,]?)?(?P<role>{_role_chain()})?(?P<name>{name_pattern()})(?:同志)?"
        r"(?=出席(?:[^，。；]{0,12}?(?:会议|会|仪式))?并(?:作)?(?:了)?(?:重要|动员|总结)?讲话|作(?:了)?(?:总结|重要|动员)?(?:讲话|发言)|"
        r"在(?:[^，。；]{0,12}?(?:会|仪式))?上(?:讲话|强调|指出)|"
        r"在(?:讲话|动员讲话|总结讲话|发言)中(?:指出|强调|要求)|讲话时(?:指出|强调)|讲话[。；，,]|"
        r"就[^，。]{2,20}?(?:作(?:了)?(?:动员|部署)|提出(?:了)?[^，。]{0,6}?要求)|(?:表示|强调|指出|要求)[，,：:]|"
        r"对[^，。]{0,10}提出(?:了)?[^，。]{0,4}?要求|对[^，。]{2,20}?(?:进行了|作了|作)(?:动员部署|动员|部署))")


def _edge_spans(ctx: Context, head: int, tail: int = 0) -> list[tuple[int, int]]:
    """The spans of the first ``head`` and then the last ``tail`` paragraphs (lines when the document
    has no paragraphs); only those are built, not the spans of every paragraph."""
    paragraphs = ctx.paragraph_spans()
    if paragraphs:
        return paragraphs[:head] + (paragraphs[-tail:] if tail else [])
    lines, position = [], 0
    for line in ctx.text.split("\n"):
        lines.append((position, position + len(line)))
        position += len(line) + 1
    return lines[:head] + (lines[-tail:] if tail else [])


def date_of_text(ctx: Context, stamp: dict[str, Any] | None = None) -> dict[str, Any] | None:
    """The text's own date: a dateline among its first and last lines, else one in its title (evidence
    source ``title``), else, for a news report, the page's ``stamp`` (a metadata line the cleaner removed
    above the body, ``发布时间：2023-03-09``: the stage ``date`` finds it; evidence source ``metadata``). A
    news report is dated by its publication; a speech, a plan or a report posted by a site is not dated
    by the day the site posted its copy."""
    for start, end in _edge_spans(ctx, ctx.settings.head_paragraphs, ctx.settings.tail_paragraphs):
        found = _dateline(ctx.text[start:end])
        if found is not None:
            begin, finish, value = found
            return ctx.value(start + begin, start + finish, value=value)
    found = _dateline(ctx.doc.title) if ctx.doc.title.strip() else None
    if found is not None:
        begin, finish, value = found
        return ctx.title_value(begin, finish, value=value)
    classification = ctx.doc.classification
    if stamp is not None and isinstance(classification, dict) and classification.get("genre") == "news_report":
        return {"value": stamp["value"], "evidence": {
            "doc_id": ctx.doc_id, "start": stamp["start"], "end": stamp["end"], "orig_start": stamp["orig_start"],
            "orig_end": stamp["orig_end"], "text": stamp["canon"][stamp["start"]:stamp["end"]], "sentence": stamp["canon"],
            "source": "metadata", "line": stamp["line"]}}
    return None


def _dateline(line: str) -> tuple[int, int, str] | None:
    """The span and ISO value of the first dateline form (``_datelines``) ``line`` holds."""
    for pattern in _datelines():
        match = pattern.search(line)
        if match is None or (match.groupdict().get("spoken") and "在" in match.group()
                             and not _a_speech_of_its_own(line, match)):
            continue
        value = _date_value(match)
        if value is not None:
            begin, finish = _date_span(match)
            return begin, finish, value
    return None


# Someone named before 在DATE…讲话 whose speech the line is about (学习贯彻…总书记在DATE…重要讲话精神).
_ANOTHERS_SPEECH = re.compile(r"总书记|主席|总理")


def _a_speech_of_its_own(line: str, match: re.Match[str]) -> bool:
    """Whether a dated 在…讲话 line is the text's own subtitle: no verb of studying and no leader's title
    before it (学习贯彻习近平总书记在2023年3月5日…重要讲话精神), and a speech word ending the line (not
    …时的重要讲话，为我们指明了方向)."""
    before = line[:match.start()]
    if _ABOUT_A_SPEECH.search(before) or _ANOTHERS_SPEECH.search(before):
        return False
    spoken = match.start("spoken")
    return any(_SPEECH_TAIL.match(line, spoken + speech.end()) for speech in re.finditer(_SPEECH, line[spoken:]))


def _date_span(match: re.Match[str]) -> tuple[int, int]:
    for group in ("date", "spoken", "title_year"):
        if match.groupdict().get(group):
            return match.span(group)
    return match.start("y"), match.end("d")


def _date_value(match: re.Match[str]) -> str | None:
    """The ISO value of a dateline match: a point with a year (or a year alone, from a title)."""
    groups = match.groupdict()
    if groups.get("title_year"):
        return groups["title_year"]
    if groups.get("date") or groups.get("spoken"):
        found = find_dates(groups.get("date") or groups["spoken"])
        if len(found) == 1 and found[0].start.year is not None and found[0].is_point:
            value = found[0].start.iso()
            return value if groups.get("date") or len(value) == len("2023-03-05") else None
        return None
    year, month, day = int(groups["y"]), int(groups["m"]), int(groups["d"])
    return f"{year:04d}-{month:02d}-{day:02d}" if 1 <= month <= 12 and 1 <= day <= 31 else None


def speaker(ctx: Context, head: list[dict[str, Any]] | None = None) -> dict[str, Any] | None:
    """Who speaks (module docstring): a subtitle or a byline in the text, the title, a byline in a line
    the cleaner removed above the body (``head``: ``{"line", "canon", "orig", "omap"}``; evidence source
    ``metadata``), a line holding a unit and a role, or in a news report who spoke at the event."""
    edges = _edge_spans(ctx, ctx.settings.head_paragraphs)
    for index, (start, end) in enumerate(edges):
        match = _speaker_line().match(ctx.text[start:end])
        if not match or not _names_its_speaker(ctx.text[start:end], match, whole=False):
            continue
        if match.group("named") and is_name(match.group("named")):  # ——县委常委、组织部部长王建华同志在…上的讲话
            return ctx.value(start + match.start("chain"), start + match.end("named"),
                             name=match.group("named"), role=match.group("chain"))
        if match.group("name") and is_name(match.group("name")):
            return ctx.value(start + match.start("name"), start + match.end("role"),
                             name=match.group("name"), role=match.group("role"))
        if match.group("bare"):  # 李建国同志在…上的讲话 opening the text: a name without a role (further down, a caption)
            if index > 0 or not is_name(match.group("bare")):
                continue
            return ctx.value(start + match.start("bare"), start + match.end("bare"), name=match.group("bare"), role=None)
        role = match.group("role_only") or match.group("role")
        group = "role_only" if match.group("role_only") else "role"
        return ctx.value(start + match.start(group), start + match.end(group), name=None, role=role)
    head_end = min(len(ctx.text), max([ctx.settings.byline_head_chars] + [end for _start, end in edges[:ctx.settings.head_paragraphs]]))
    news = isinstance(ctx.doc.classification, dict) and ctx.doc.classification.get("genre") == "news_report"
    # (a news report's or a plan's closing line names its reporter or its contact, not a speaker: （县委宣传部 李红） /
    # 人事科科长 李明 under a short report or plan)
    closing = _closing_line_start(ctx) if news or _a_plan(ctx) else len(ctx.text)
    byline = _byline().search(ctx.text, 0, min(head_end, closing))
    if byline and is_name(byline.group("name")) and not _by_a_writer(ctx.text, byline.start("role"), news):
        return ctx.value(byline.start("role"), byline.end("name"), name=_SPACES.sub("", byline.group("name")),
                         role=byline.group("role"))
    name_line = _name_line().search(ctx.text, 0, head_end)
    if name_line and is_name(name_line.group("name")):
        return ctx.value(name_line.start("name"), name_line.end("name"), name=_SPACES.sub("", name_line.group("name")),
                         role=None)
    for index, (start, end) in enumerate(edges[:2]):  # 县委书记王某某 on a line of its own, opening the text
        glued = _glued_byline().match(ctx.text, start, end)
        # (over the salutation: a profile's first line 驻村第一书记李大伟 names its subject, not a speaker)
        over_salutation = index + 1 < len(edges) and _SALUTATION.match(ctx.text, edges[index + 1][0], edges[index + 1][1])
        if glued and over_salutation and is_name(glued.group("name")):
            return ctx.value(glued.start("role"), glued.end("name"), name=glued.group("name"), role=glued.group("role"))
    title = (ctx.doc.title or "").strip()
    from_title = _title_speaker(ctx)
    if from_title is not None:
        return from_title
    for line in head or ():
        byline = _byline().search(line["canon"])
        if byline and is_name(byline.group("name")) and not _by_a_writer(line["canon"], byline.start("role"), news):
            evidence = outside_evidence(ctx.doc_id, "metadata", line["canon"], line["orig"], byline.start("role"),
                                        byline.end("name"), line["omap"], line["line"])
            return {"name": _SPACES.sub("", byline.group("name")), "role": byline.group("role"), "evidence": evidence}
    for start, end in () if news or _a_plan(ctx) else _edge_spans(ctx, 0, ctx.settings.tail_paragraphs):
        signed = _signature().search(ctx.text, start, end)  # a signature closing a speech (not a report's or a plan's)
        if signed and is_name(signed.group("name")) and not _by_a_writer(ctx.text, signed.start("role"), news):
            return ctx.value(signed.start("role"), signed.end("name"), name=_SPACES.sub("", signed.group("name")),
                             role=signed.group("role"))
    for start, end in _edge_spans(ctx, 0, ctx.settings.tail_paragraphs):  # （作者系市委常委、组织部部长） closing a speech
        note = _author_note().search(ctx.text, start, end)
        if note and (not note.group("name") or is_name(note.group("name"))):
            return ctx.value(note.start("role"), note.end("name") if note.group("name") else note.end("role"),
                             name=note.group("name"), role=note.group("role"))
    first_is_title = not title or bool(edges) and ctx.text[edges[0][0]:edges[0][1]].strip() in (title, "")
    # (a line holding a role only, in a plan or a notice, is a post of its table: 综合科科长 / 1 / 财务科副科长)
    plan = isinstance(ctx.doc.classification, dict) and ctx.doc.classification.get("genre") == "plan_or_regulation"
    for start, end in () if plan else edges[1:] if first_is_title else edges:  # (a title kept as the first line names no speaker)
        role_line = _role_line().match(ctx.text, start, end)
        if role_line and not re.search(_SPEECH, role_line.group("role")):
            return ctx.value(role_line.start("role"), role_line.end("role"), name=None, role=role_line.group("role"))
    classification = ctx.doc.classification
    if isinstance(classification, dict) and classification.get("genre") == "news_report":
        reported = _reported_speaker().search(ctx.text)
        if reported and is_name(reported.group("name")):
            start = reported.start("role") if reported.group("role") else reported.start("name")
            return ctx.value(start, reported.end("name"), name=reported.group("name"), role=reported.group("role"))
    return None


def _a_plan(ctx: Context) -> bool:
    return isinstance(ctx.doc.classification, dict) and ctx.doc.classification.get("genre") == "plan_or_regulation"


def _closing_line_start(ctx: Context) -> int:
    """Where the text's last paragraph starts, when the text has three or more (else its end)."""
    edges = _edge_spans(ctx, 3)
    return _edge_spans(ctx, 0, 1)[-1][0] if len(edges) >= 3 else len(ctx.text)


@cache
def _signature() -> re.Pattern[str]:
    """A line holding only a role and a name (in brackets, or after 讲话人：), as a speech's last lines sign it:
    局党组书记、局长 陈志明 / （县委副书记 王××）."""
    name = rf"(?:{name_pattern()}|{_MASKED_NAME}|{_SPACED_NAME})"
    return re.compile(rf"^[ \t\u3000]*(?:[（(][ \t\u3000]*)?(?:讲话人[：:][ \t\u3000]*)?(?P<role>{_role_chain()})[ \t\u3000]+"
                      rf"(?P<name>{name})(?:同志)?(?:[ \t\u3000]*[)）])?[ \t\u3000]*$", re.M)


@cache
def _author_note() -> re.Pattern[str]:
    """A note naming who the author (the speaker) is, in brackets on a line of its own: （作者系县委书记）,
    （作者系市委常委、组织部部长 王某某）."""
    name = rf"(?:{name_pattern()}|{_MASKED_NAME})"
    return re.compile(rf"^[ \t\u3000]*[（(][ \t\u3000]*(?:本文)?(?:作者|讲话人)(?:系|为|是)[ \t\u3000]*(?P<role>{_role_chain()})"
                      rf"(?:[ \t\u3000]*(?P<name>{name}))?(?:同志)?[ \t\u3000]*[)）][ \t\u3000。]*$", re.M)


# A label naming who wrote or edited a page (作者：办公室主任 王明华, 供稿：…, 责任编辑：…): a writer, not a
# speaker. 作者 is a speech's speaker on a page that posts a speech, never on a news report.
_WRITER_LABEL = re.compile(r"(?:(?P<author>作者)|供稿|编辑|责编|撰稿|撰文|通讯员|记者|核稿|编发|审核|审稿|校对|摄影|来稿)[ \t\u3000]*[：:]?[ \t\u3000]*$")
# A speech's salutation opening a line (同志们：, 各位领导：, 尊敬的…).
_SALUTATION = re.compile(rf"[ \t\u3000]*{salutation_words('opening')}")


def _by_a_writer(line: str, role_start: int, news: bool) -> bool:
    """Whether the byline whose role opens at ``role_start`` follows a writer's label (``_WRITER_LABEL``)."""
    label = _WRITER_LABEL.search(line, max(0, role_start - 8), role_start)
    return label is not None and (news or not label.group("author"))


def _title_speaker(ctx: Context) -> dict[str, Any] | None:
    """Who speaks, named in the document's title (``公司党委书记在…动员会上的讲话``, ``王建华同志在…上的讲话``):
    evidence source ``title``."""
    title = ctx.doc.title or ""
    match = _speaker_line().match(title) if title.strip() else None
    if not match or not _names_its_speaker(title, match, whole=True):
        return None
    if match.group("named") and is_name(match.group("named")):
        return ctx.title_value(match.start("chain"), match.end("named"), name=match.group("named"), role=match.group("chain"))
    if match.group("name") and is_name(match.group("name")):
        return ctx.title_value(match.start("name"), match.end("role"), name=match.group("name"), role=match.group("role"))
    if match.group("bare"):
        return ctx.title_value(match.start("bare"), match.end("bare"), name=match.group("bare"), role=None) \
            if is_name(match.group("bare")) else None
    group = "role_only" if match.group("role_only") else "role"
    return ctx.title_value(match.start(group), match.end(group), name=None, role=match.group(group))


def _valid_org(name: str) -> bool:
    if name.startswith(_ORG_NOT_A_NAME) or _QUESTION.search(name):
        return False
    return name in _BARE_UNITS or any(name.endswith(suffix) and len(name) > len(suffix) for suffix in org_suffixes())


# Unit words that name a unit on their own (经党组研究: the speaker's own 党组).
_BARE_UNITS = frozenset({"党组", "党委", "党工委", "党委会", "党组会"})


# Words that may open the clause an organization is the subject of, not part of its name.
_ORG_LEADING = re.compile(r"(?:这次|此次|本次|今天|今年|去年|近日|日前|目前|同时|为此|随后|首先|其中|并|由|经|于|在|按照|根据|依据)+")
# What ends a name inside a pattern's region (县卫生健康局|于今年4月在局机关…) or stands between two unit
# words that are not one name (县委|、县政府).
# (和 inside a unit's own name is no break: 人力资源和社会保障局, 住房和城乡建设局, 文化和旅游局)
_ORG_BREAK = re.compile(r"[于在对从把将按根经由与及同向给为是的了、，,：:（(）)“”《》！？!?\s0-9]|和(?!社会保障|城乡建设|信息化|旅游|改革|计划生育|规划)")
# A question names no unit (挂职期满考核不合格怎么办 ends with 办 as 县委办 does).
_QUESTION = re.compile(r"怎么|怎样|如何|什么|为何|哪|吗|呢")
# The unit words after a name extend it (市委 -> 市委组织部) up to a verb: 县委组织部|联合县人社局开展乡镇… is not one name.
_ORG_VERB = re.compile(r"联合|会同|牵头|开展|组织(?!部)|举办|召开|实施|印发|制定|下发|决定|研究(?![院所室会中])|成立|推行|实行|部署|启动|选派|负责")
# A unit word followed by one of these is part of a longer word, not the end of a name: 局长, 办公室, 委员,
# 县委书记, 管理办法.
_WORD_GOES_ON = frozenset("长公员书主领法规议")
_NAME_ENDS_BEFORE = ("主办", "主持", "领导下")  # …校团委主办 / 在局党委领导下: the verb, not 委主任


@cache
def _unit_at_end() -> re.Pattern[str]:
    """A unit word ending the searched span (one regex for every word of org_suffixes.txt)."""
    return re.compile(rf"(?:{'|'.join(map(re.escape, org_suffixes()))})$")


def _goes_on(text: str, end: int) -> bool:
    """Whether the unit word ending at ``end`` is part of a longer word (局长, 委员, 县委书记)."""
    return text[end:end + 1] in _WORD_GOES_ON and not text.startswith(_NAME_ENDS_BEFORE, end)


def _org_span(text: str, start: int, end: int, extension_chars: int) -> tuple[int, int] | None:
    """The organization's name in a pattern's ``org`` region (see organization.tsv): leading clause
    words dropped, cut at the first word that ends a name, the longest part that ends with a unit word,
    extended over the unit words right after it (市委 -> 市委组织部, 县公司 -> 县公司党委)."""
    leading = _ORG_LEADING.match(text, start, end)
    if leading:
        start = leading.end()
    if start < end and _ORG_BREAK.match(text, start):
        return None  # 依据《公司章程》: a unit's name opens with no quote, bracket or stop
    if text.startswith("委", start) and start > 0 and "\u4e00" <= text[start - 1] <= "\u9fff":
        start -= 1  # 经委党委, 教委: the character before 委 is the unit's own (经济委员会), not 经…研究
    cut = _ORG_BREAK.search(text, start + 1, end)
    if cut:
        end = cut.start()
    verb = _ORG_VERB.search(text, start + 2, end)
    if verb:
        end = verb.start()
    ends_with_unit = _unit_at_end()
    while end - start >= 2 and (not ends_with_unit.search(text, start, end)
                                or _goes_on(text, end)):
        end -= 1
    if end - start < 2:
        return None
    ahead = text[end:end + extension_chars]
    stop = _ORG_BREAK.search(ahead)
    ahead = ahead[:stop.start()] if stop else ahead
    verb = _ORG_VERB.search(ahead)
    ahead = ahead[:verb.start()] if verb else ahead
    if ahead.startswith(_NAME_ENDS_BEFORE):
        ahead = ""
    for size in range(len(ahead), 0, -1):
        if not _goes_on(ahead, size) and ends_with_unit.search(ahead, 0, size):
            end += size
            break
    return (start, end) if _valid_org(text[start:end]) else None


def organization(ctx: Context, from_title: bool = True) -> dict[str, Any] | None:
    """The unit running the campaign: of the first valid match of each pattern of
    ``extract/organization.tsv``, the one that comes first in the text (a text names its unit where
    the campaign is first decided, organized or run). ``mentions``: the evidence of every valid match of
    any pattern naming that same unit (经局党组研究决定, 本方案由…负责解释, the signature), in text order.
    With ``from_title``, a text that names no unit is described by the issuer its title names (a notice's or a
    plan's title: 中共青山县委组织部关于…的公告, 青山县财政局中层干部竞争上岗实施方案; evidence source ``title``).
    (Not a unit before the campaign in the title of a speech, a report or a news item: 中心学校中层干部竞聘
    动员会讲话 names where the campaign is run, which the devset's labels do not count as its organization.)"""
    named, generic, every = _org_candidates(ctx.text, ctx.settings.org_extension_chars, body=True)
    candidates = sorted(named or generic)
    if not candidates:
        title = ctx.doc.title or ""
        if from_title and title.strip():
            named, generic, _every = _org_candidates(title, ctx.settings.org_extension_chars, body=False)
            if named or generic:
                start, end, _code = sorted(named or generic)[0]
                return ctx.title_value(start, end, name=title[start:end])
        return None
    start, end, code = candidates[0]
    if code in _YIELDING:  # 根据县委组织部的批复，县卫生健康局于今年4月…开展: the unit that acts is the one after
        after = [c for c in sorted(named + generic) if end <= c[0] <= end + ctx.settings.org_yield_chars
                 and not _SENTENCE_END.search(ctx.text, end, c[0])]
        if after:
            start, end, code = after[0]
    found = ctx.value(start, end, name=ctx.text[start:end])
    mentions = [ctx.evidence(*span) for span in sorted(every) if ctx.text[span[0]:span[1]] == found["name"]]
    if len(mentions) > 1:
        found["mentions"] = mentions
    return found


def _org_candidates(text: str, extension_chars: int, body: bool) -> tuple[list[tuple[int, int, str]], list[tuple[int, int, str]],
                                                                          set[tuple[int, int]]]:
    """The units the patterns of ``extract/organization.tsv`` name in ``text`` (the body; with ``body``
    False a title: the rows of ``_TITLE_ROWS`` only): the first valid match of each pattern naming a unit
    by its name, the matches naming units by their level only (局党组) before it, and every valid match of
    every pattern (for the mentions)."""
    named: list[tuple[int, int, str]] = []
    generic: list[tuple[int, int, str]] = []
    every: set[tuple[int, int]] = set()
    for code, pattern, _example in resources.pattern_table("extract/organization.tsv"):
        if (not body and code not in _TITLE_ROWS) or not may_match(pattern, text):
            continue
        first_named = True
        for match in pattern.finditer(text):
            span = _org_span(text, match.start("org"), match.end("org"), extension_chars)
            if span is None or (code in _WHOLE_REGION and span[1] != _trimmed_end(text, *match.span("org"))):
                continue
            every.add(span)
            if _GENERIC_ORG.fullmatch(text[span[0]:span[1]]):
                if first_named:  # (a pattern's candidates end at its first named unit)
                    generic.append((*span, code))
                continue
            if first_named:
                named.append((*span, code))
                first_named = False
    return named, generic, every


def _trimmed_end(text: str, start: int, end: int) -> int:
    """Where a region ends without its trailing whitespace."""
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


# Rows whose region must be the name and nothing more (a signature line, not a title naming a unit).
_WHOLE_REGION = frozenset({"signed", "dated"})
# Rows tried on a title (a notice's or a plan's title naming its issuer).
_TITLE_ROWS = frozenset({"issuer", "title_line"})
# A unit a text acts on the orders of (按照省委统一部署) gives way to the unit acting in the same sentence.
_YIELDING = frozenset({"deploys"})
_SENTENCE_END = re.compile(r"[。！？!?\n]")


# A unit named by its level only (镇党委, 局党组, 市委组织部): a text that also names its unit (金港镇) is
# better described by that name.
_LEVEL = "[省市县区州镇乡村街道局委院校所处科厂站]"
_UNIT = "(?:委|党委|党组|党工委|党委会|党组会|组织部|常委会|政府|局|院)"
_GENERIC_ORG = re.compile(rf"(?:中共)?(?:{_LEVEL}{{1,3}}{_UNIT}?|{_LEVEL}{{0,3}}{_UNIT})")
