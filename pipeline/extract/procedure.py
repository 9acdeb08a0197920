"""The procedure's steps in order (the record's ``stages``).

- An enumeration: ``经过公开职位、组织报名、笔试、民主测评、面试、组织考察和公示七个环节`` -- at least three
  items, each holding a spaCy STAGE match, after 经过/按照/包括/程序为 or before N个环节/步骤/程序.
- Numbered headings under a heading about the procedure (时间安排及方法程序, 工作程序, 方法步骤):
  ``1、报名（6月12日至6月14日）。`` ``2、资格审查（…）。`` each give the label before its dates.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from ..document import Section
from . import nlp
from .context import Context
from .evidence import Sentence
from .gates import cue, finditer

_ENUMERATION_CUE = re.compile(r"环节|步骤|程序|经过|按照")
_PROCEDURE_HEADING = re.compile(r"程序|步骤|流程|时间安排|方法步骤|环节")
_LIST = re.compile(
    r"(?:(?P<lead>经过|经|按照|包括|分为|程序为|程序是|程序：|步骤为|步骤：)[：:]?)?"
    r"(?P<list>[^，。；：、,;:%\d]{2,12}(?:、[^，。；：、,;:%\d]{2,12}){1,}(?:和|及|、)[^，。；：、,;:%\d]{2,12}?)"
    r"(?=[0-9一二三四五六七八九十]+个(?:环节|步骤|程序|阶段)|[，。；：,;（(]|$)"
    r"(?P<tail>[0-9一二三四五六七八九十]+个(?:环节|步骤|程序|阶段))?")
_HEADING_LABEL = re.compile(r"^(?:[0-9]+[、.．]|[（(][0-9一二三四五六七八九十]+[)）])\s*(?P<label>[^（(。，,]{2,16})")


def _has_stage(ctx: Context, sentence: Sentence, start: int, end: int) -> bool:
    return any(start <= m.start and m.end <= end for m in ctx.matches("stages", sentence, "STAGE"))


def _items(list_text: str) -> list[tuple[int, int]]:
    spans, position = [], 0
    for separator in re.finditer(r"、|和(?=[^、]*$)|及(?=[^、]*$)", list_text):
        spans.append((position, separator.start()))
        position = separator.end()
    spans.append((position, len(list_text)))
    return spans


@cache
def _stage_cue() -> re.Pattern[str] | None:
    """What a sentence needs to hold a stage (``gates.cue``)."""
    return cue(nlp.gate("stages", "STAGE"))


def _from_enumerations(ctx: Context) -> list[dict[str, Any]]:
    # every item of an enumeration must hold a stage: sentences without one are skipped at once
    for sentence in ctx.select(_ENUMERATION_CUE, _stage_cue()):
        for match in finditer(_LIST, sentence.text):
            if not (match.group("lead") or match.group("tail")):
                continue
            base = sentence.start + match.start("list")
            spans = _items(match.group("list"))
            if len(spans) < 3 or not all(_has_stage(ctx, sentence, base + a, base + b) for a, b in spans):
                continue
            return [ctx.value(base + a, base + b, order=order, name=match.group("list")[a:b].strip())
                    for order, (a, b) in enumerate(spans, start=1)]
    return []


def _from_headings(ctx: Context) -> list[dict[str, Any]]:
    sections = ctx.doc.sections
    if not _PROCEDURE_HEADING.search("\n".join(section.heading for section in sections)):
        return []  # one search for all headings: none is about the procedure
    children: dict[int | None, list[Section]] | None = None
    for index, parent in enumerate(sections):
        if not _PROCEDURE_HEADING.search(parent.heading):
            continue
        if children is None:
            children = {}
            for section in sections:
                children.setdefault(section.parent, []).append(section)
        steps = []
        for child in children.get(index, []):
            label = _HEADING_LABEL.match(ctx.text[child.start:child.end])
            if not label:
                continue
            start = child.start + label.start("label")
            end = child.start + label.end("label")
            sentence = Sentence(start, end, ctx.text[start:end])
            if _has_stage(ctx, sentence, start, end):
                steps.append((start, end, label.group("label").strip()))
        if len(steps) >= 2:
            return [ctx.value(start, end, order=order, name=name)
                    for order, (start, end, name) in enumerate(steps, start=1)]
    return []


def stages(ctx: Context) -> list[dict[str, Any]]:
    return _from_enumerations(ctx) or _from_headings(ctx)
