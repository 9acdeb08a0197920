"""When each stage happens: ``1、报名（6月12日至6月14日）``, ``于6月18日参加演讲答辩``, ``6月底前基本结束``,
``任前公示（7天）``, and when the campaign's events happen: ``县卫生健康局于今年4月在局机关开展了股级干部竞争上岗``,
``6月12日，公开竞聘演讲答辩会在集团总部举行``, ``我于去年4月从县财政局到镇挂任副镇长``, ``这次军训为期14天``.

A date in a sentence goes to a stage named by a spaCy STAGE match (``rules/stages.jsonl``): to every
stage of a label it follows in parentheses (考试及民主测评（6月18日） -> 考试 and 民主测评), otherwise to
the nearest stage after it in its clause, else the nearest before. A date with no stage in a clause
that ends the whole campaign (…结束) belongs to the stage ``全程``. Durations attach only to a
stage right before them (公示7天, 公示期为7个工作日). Then every other date of a sentence about the
campaign's events (``_EVENT``: 竞聘, 挂职, 进驻, 动员会, 举行...) is dated too: ``动员`` for a mobilization
meeting, otherwise ``全程``, with the date alone as evidence; a birth date, a cut-off date, a bare month
in words (秋风送爽的九月) and a sentence about anything else (中央颁布了5个文件) are no timeline. Years
come from the document's own date (今年, 去年 too), never from today; a damaged year (202222年) is dropped.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache
from typing import Any

from ... import resources
from . import nlp
from .context import Context, clauses
from .dates import DateSpan, find_dates, find_durations
from .gates import cue
from .nlp import RuleMatch
from .procedure import step_headings

OVERALL = "全程"
MOBILIZATION = "动员"
# The words of the campaign's events and the forms of its durations (resources/extract/timeline.tsv).
_FORMS = resources.rule_table("extract/timeline.tsv", {},
                              _CODES := ("event", "mobilization_event", "duration_event", "overall_subject", "overall_verb"),
                              single=_CODES)
(_EVENT,), (_MOBILIZATION_EVENT,), (_DURATION_EVENT,), (_OVERALL_SUBJECT,), (_OVERALL_VERB,) = (_FORMS[c] for c in _CODES)
_NOT_AN_EVENT_DATE = re.compile(r"^\s*(?:及|以)?(?:以后|之后|以前|之前|前|后)?出生")
_CUTOFF_BEFORE = re.compile(r"(?:截至|截止|截止到|截止至)\s*$")
_DATELINE_BEFORE = re.compile(r"本报[^，。\n]{0,8}$")
_RELATIVE_YEAR = re.compile(r"(?P<which>今年|去年|明年|当年)\s*$")
_TITLE = re.compile(r"《[^《》]*》")
_YEARS = range(1950, 2100)  # a year outside is damage (202222年), not a year
_PREFILTER = re.compile(r"[0-9一二三四五六七八九十]\s*月|[0-9一二三四五六七八九十]\s*(?:天|个工作日|工作日)")
_DURATION_GAP = re.compile(r"^(?:期|期限|时间)?(?:为|不少于|不得少于)?[（(]?\s*$")


@cache
def _cue() -> re.Pattern[str] | None:
    """What a sentence needs to date anything (``gates.cue``): a stage, or words about the campaign."""
    return cue(nlp.gate("stages", "STAGE"), _OVERALL_SUBJECT)


def _stage_for(date: DateSpan, clause_start: int, clause_end: int, stages: list[RuleMatch],
               text: str) -> list[RuleMatch]:
    absolute_begin = clause_start + date.begin
    in_clause = [s for s in stages if clause_start <= s.start and s.end <= clause_end]
    before = [s for s in in_clause if s.end <= absolute_begin]
    after = [s for s in in_clause if s.start >= clause_start + date.finish]
    opening = text[absolute_begin - 1] if absolute_begin > 0 else ""
    if opening in "（(" and before:
        return before  # a label followed by its dates in parentheses
    if after:
        return [after[0]]
    if before:
        return [before[-1]]
    return []


def timeline(ctx: Context) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    seen: set[tuple[str, str | None, str | None, int | None]] = set()

    def add(stage: str, label: str, span_start: int, span_end: int, /, **fields: Any) -> None:
        key = (stage, fields.get("start"), fields.get("end"), fields.get("duration_days"))
        if key not in seen:
            seen.add(key)
            entries.append(ctx.value(span_start, span_end, stage=stage, label=label or None, **fields))

    for sentence in ctx.select(_PREFILTER, _cue()):
        stages = ctx.matches("stages", sentence, "STAGE")
        about_campaign = bool(_OVERALL_SUBJECT.search(sentence.text))
        if not stages and not about_campaign:
            continue  # no stage to date and not the whole campaign: nothing to find here
        for clause_start, clause_end in clauses(sentence):
            clause = ctx.text[clause_start:clause_end]
            if not any(clause_start <= s.start and s.end <= clause_end for s in stages) and not (
                    about_campaign and _OVERALL_VERB.search(clause)):
                continue  # dates and durations attach only to a stage of their clause or to 全程
            for date in find_dates(clause, ctx.default_year):
                if date.start.month is None:
                    continue  # a year alone dates no stage
                fields = {"start": None if date.part in ("底", "末") else date.start.iso(), "end": date.end.iso(),
                          "text": clause[date.begin:date.finish]}
                if date.part in ("底", "末") and not re.match(r"\s*(?:前|以前|之前)", clause[date.finish:]):
                    fields["start"] = date.start.iso()
                targets = _stage_for(date, clause_start, clause_end, stages, ctx.text)
                for target in targets:
                    add(target.value, target.text, min(target.start, clause_start + date.begin),
                        max(target.end, clause_start + date.finish), **fields)
                if not targets and about_campaign and _OVERALL_VERB.search(clause):
                    add(OVERALL, "", clause_start + date.begin, clause_start + date.finish, **fields)
            for duration in find_durations(clause):
                begin = clause_start + duration.begin
                preceding = [s for s in stages if clause_start <= s.start and s.end <= begin
                             and _DURATION_GAP.match(ctx.text[s.end:begin])]
                if preceding:
                    target = preceding[-1]
                    add(target.value, target.text, target.start, clause_start + duration.finish,
                        duration_days=duration.days, working_days=duration.working_days or None,
                        text=clause[duration.begin:duration.finish])
    _dated_steps(ctx, entries, add)
    _campaign_dates(ctx, entries, add)
    return entries


# What may stand between a step's heading and its date: （3月1日-3月5日） / 个人报名。3月2日至3月6日，… / 笔试：时间为…
_HEADING_TO_DATE = re.compile(r"^(?:阶段|工作)?\s*(?:[（(]|[。：:，,]\s*(?:(?:时间|日期)(?:为|是|安排在)?[：:]?)?)?\s*$")
_HEADING_DATE_CHARS = 40  # (a date this far after a heading at most)
_PHASE_WORDS = re.compile(r"(?:阶段|工作|环节)$")


def _dated_steps(ctx: Context, entries: list[dict[str, Any]], add: Any) -> None:
    """A date right after a step named as a heading or a list item (``procedure.step_headings``:
    （一）动员部署阶段（3月1日-3月5日） / 2、个人报名。3月2日至3月6日，填写报名表) dates that step, when no
    stage has taken it: its stage the canonical stage the heading names (a STAGE match in it), else the
    heading's words; its evidence the heading and the date."""
    taken = [(entry["evidence"]["start"], entry["evidence"]["end"]) for entry in entries]
    for start, end, name in step_headings(ctx):
        window = ctx.text[end:end + _HEADING_DATE_CHARS]
        dates = [date for date in find_dates(window, ctx.default_year) if date.start.month is not None]
        if not dates or not _HEADING_TO_DATE.match(window[:dates[0].begin]):
            continue
        date = dates[0]
        begin, finish = end + date.begin, end + date.finish
        if any(a < finish and begin < b for a, b in taken):
            continue
        sentence = next((s for s in ctx.sentences if s.start <= start < s.end), None)
        named = [m for m in ctx.matches("stages", sentence, "STAGE") if start <= m.start and m.end <= end] if sentence else []
        if named:
            stage = named[0].value
        else:  # (动员部署阶段 dates the mobilization; 组织实施阶段 names a phase of its own)
            stage = MOBILIZATION if _MOBILIZATION_EVENT.search(name) else (_PHASE_WORDS.sub("", name) or name)
        fields = {"start": None if date.part in ("底", "末") else date.start.iso(), "end": date.end.iso(),
                  "text": window[date.begin:date.finish]}
        add(stage, name, start, finish, **fields)
        taken.append((start, finish))


def _campaign_dates(ctx: Context, entries: list[dict[str, Any]], add: Any) -> None:
    """Dates and durations of the campaign's events that no stage has taken (module docstring)."""
    taken = [(entry["evidence"]["start"], entry["evidence"]["end"]) for entry in entries]
    for sentence in ctx.select(_EVENT_PREFILTER):
        text, base = sentence.text, sentence.start
        about = _TITLE.sub("", text)  # a document's title names no event of this campaign
        if not _EVENT.search(about):
            continue
        stage = MOBILIZATION if _MOBILIZATION_EVENT.search(about) else OVERALL
        for date in find_dates(text, ctx.default_year):
            begin, finish = base + date.begin, base + date.finish
            if date.start.month is None or any(a < finish and begin < b for a, b in taken):
                continue
            written = text[date.begin:date.finish]
            before = text[:date.begin]
            relative = _RELATIVE_YEAR.search(before)
            if (_NOT_AN_EVENT_DATE.match(text[date.finish:]) or _CUTOFF_BEFORE.search(before)
                    or _DATELINE_BEFORE.search(before)
                    or (date.start.day is None and not re.match(r"[0-9０-９]", written) and "年" not in written
                        and not relative)):
                continue
            start, end = date.start, date.end
            year = start.year
            if relative and "年" not in written:
                shift = {"今年": 0, "当年": 0, "去年": -1, "明年": 1}[relative.group("which")]
                year = ctx.default_year + shift if ctx.default_year is not None else None
            elif year is not None and year not in _YEARS:
                year = None
            # (a range across a year end keeps its own end year: 2023年7月至2024年6月 ends in 2024-06)
            end_year = year if year is None or start.year is None or end.year is None else year + end.year - start.year
            start, end = replace(start, year=year), replace(end, year=end_year)
            fields = {"start": None if date.part in ("底", "末") else start.iso(), "end": end.iso(), "text": written}
            labelled = _LABELLED_TIME.search(before)
            named = [m for m in ctx.matches("stages", sentence, "STAGE")
                     if labelled and base + labelled.start() <= m.start and m.end <= base + labelled.end("label")]
            if named:  # 报名时间：3月1日至3月5日 / 竞聘演讲时间：5月8日 (the stage, its label and the date as evidence)
                add(named[-1].value, named[-1].text, named[-1].start, finish, **fields)
                taken.append((named[-1].start, finish))
                continue
            add(stage, "", begin, finish, **fields)
            taken.append((begin, finish))
        for duration in _DURATION_EVENT.finditer(text):
            days = find_durations(duration.group())
            if days and not any(a < base + duration.end() and base + duration.start() < b for a, b in taken):
                named = [s for s in ctx.matches("stages", sentence, "STAGE") if s.end <= base + duration.start()]
                add(named[-1].value if named and duration.group().startswith("之日起") else stage, "",
                    base + duration.start(), base + duration.end(), duration_days=days[0].days,
                    working_days=days[0].working_days or None, text=duration.group())


# A date after a label naming a stage's time (报名时间：, 公示日期为) -- group "label"
_LABELLED_TIME = re.compile(r"(?P<label>[\u4e00-\u9fff]{2,10}?)(?:时间|日期)(?:安排)?(?:为|是)?[：:]?\s*$")
_EVENT_PREFILTER = re.compile(r"[0-9０-９一二三四五六七八九十]\s*月|为期|之日起|结束后|期满后|公布后|确定后")
