"""When each stage happens: ``1、报名（6月12日至6月14日）``, ``于6月18日参加演讲答辩``, ``6月底前基本结束``,
``任前公示（7天）``.

A date in a sentence goes to a stage named by a spaCy STAGE match (``rules/stages.jsonl``): to every
stage of a label it follows in parentheses (考试及民主测评（6月18日） -> 考试 and 民主测评), otherwise to
the nearest stage after it in its clause, else the nearest before. A date with no stage in a clause
that ends the whole campaign (…结束) belongs to the stage ``全程``. Durations attach only to a
stage right before them (公示7天, 公示期为7个工作日). Years come from the document's own date, never
from today.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from . import nlp
from .context import Context, clauses
from .dates import DateSpan, find_dates, find_durations
from .gates import cue
from .nlp import RuleMatch

OVERALL = "全程"
_PREFILTER = re.compile(r"[0-9一二三四五六七八九十]\s*月|[0-9一二三四五六七八九十]\s*(?:天|个工作日|工作日)")
# A sentence about the whole campaign (本次竞争上岗工作…) and a clause saying when it ends or starts.
_OVERALL_SUBJECT = re.compile(r"(?:竞争上岗|竞聘|选拔|公选)(?:工作)?")
_OVERALL_VERB = re.compile(r"结束|完成|开始|启动")
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
    return entries
