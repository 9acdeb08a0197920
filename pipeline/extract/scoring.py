"""How candidates are scored.

- Component sets: ``笔试、民主测评、面试分别占30分、40分、30分`` or ``笔试成绩占40%，面试成绩占60%``, with
  weights normalized to sum 1 and ``adds_up`` false when the parts do not make the whole (100% or the
  stated full marks, else 100 points).
- Rater-group weights written as a ratio: ``按专家评委、院党委全体成员、…和优秀教师代表4：3：1.5：1.5的比例计算
  总成绩``.
- Trimming (``去掉1个最高分、1个最低分``), full marks (``满分各为100分``), the scale (``百分制``, a spaCy cue).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from . import nlp
from .context import Context
from .gates import cue, finditer
from .numbers import NUMBER, PERCENT, RATIO, normalized_weights, parse_number, parse_percent, parse_ratio

_NAME = r"[^，。；、：:\d]{2,10}?"
_SET = re.compile(
    rf"(?P<names>{_NAME}(?:、{_NAME}|和{_NAME})+?)(?:成绩)?(?:分别)(?:占|为|按)"
    rf"(?P<values>(?:{NUMBER}\s*(?:分|%)|{PERCENT})(?:[、，,和](?:{NUMBER}\s*(?:分|%)|{PERCENT}))+)")
_SINGLE = re.compile(rf"(?P<name>笔试|面试|民主测评|考试|考核|演讲答辩|答辩|测评|考察)(?:成绩)?(?:占|按)(?P<value>{PERCENT}|{NUMBER}\s*分)")
_FULL_MARKS = re.compile(rf"(?:满分|总分)(?:各|均|为|是|各为|均为)*(?P<n>{NUMBER})\s*分")
_TRIM = re.compile(rf"去掉(?P<high>{NUMBER})个最高分[、，,和]?(?:去掉)?(?P<low>{NUMBER})个最低分")
_RATER_WEIGHTS = re.compile(
    rf"按(?:照)?(?P<groups>[^，。；]{{2,80}}?)(?:按)?(?P<ratio>{RATIO})的?比例(?:计算|折算|合成|加权)(?:总成绩|总分|综合成绩|成绩|得分)?")
_PREFILTER = re.compile(r"分|%|比例|百分制")


@cache
def _cue() -> re.Pattern[str] | None:
    """What a sentence needs for a rule or the SCALE cue to match in it (see ``gates.cue``)."""
    return cue(_FULL_MARKS, _SET, _SINGLE, _TRIM, _RATER_WEIGHTS, nlp.gate("cues", "SCALE"))


def _value(text: str) -> tuple[float | int | None, str]:
    text = text.strip()
    if text.endswith("分"):
        return parse_number(text[:-1].strip()), "分"
    return parse_percent(text), "%"


def _component_set(ctx: Context, start: int, end: int, names: list[str], values: list[tuple[Any, str]],
                   full_marks: Any) -> dict[str, Any] | None:
    units = {unit for _value, unit in values}
    if len(names) != len(values) or len(units) != 1 or any(v is None for v, _u in values):
        return None
    unit = units.pop()
    total = sum(v for v, _u in values)
    expected = 100 if unit == "%" or full_marks is None else full_marks
    weights = normalized_weights([v for v, _u in values])
    components = [{"name": name, ("percent" if unit == "%" else "points"): value, "weight": weight}
                  for name, (value, _u), weight in zip(names, values, weights, strict=True)]
    return ctx.value(start, end, unit=unit, total=total, adds_up=abs(total - expected) < 1e-6,
                     components=components)


def scoring(ctx: Context) -> dict[str, Any]:
    result: dict[str, Any] = {"scale": None, "full_marks": [], "component_sets": [], "rater_weights": [], "trimming": []}
    selected = ctx.select(_PREFILTER, _cue())
    marks_seen: set[Any] = set()
    for sentence in selected:
        for match in _FULL_MARKS.finditer(sentence.text):
            value = parse_number(match.group("n"))
            if value not in marks_seen:
                marks_seen.add(value)
                result["full_marks"].append(ctx.value(sentence.start + match.start(), sentence.start + match.end(),
                                                      value=value))
    full_marks = next(iter(marks_seen)) if len(marks_seen) == 1 else None
    for sentence in selected:
        text, base = sentence.text, sentence.start
        if result["scale"] is None:
            for cue in ctx.matches("cues", sentence, "SCALE"):
                result["scale"] = ctx.value(cue.start, cue.end, value=cue.value)
                break
        has_set = False
        for match in finditer(_SET, text):
            has_set = True
            names = [n.strip() for n in re.split(r"、|和", match.group("names"))]
            values = [_value(v) for v in re.split(r"[、，,和]", match.group("values"))]
            component_set = _component_set(ctx, base + match.start(), base + match.end(), names, values, full_marks)
            if component_set:
                result["component_sets"].append(component_set)
        singles = [] if has_set else list(_SINGLE.finditer(text))
        if singles:
            component_set = _component_set(ctx, base + singles[0].start(), base + singles[-1].end(),
                                           [m.group("name") for m in singles],
                                           [_value(m.group("value")) for m in singles], full_marks)
            if component_set:
                result["component_sets"].append(component_set)
        for match in _TRIM.finditer(text):
            result["trimming"].append(ctx.value(base + match.start(), base + match.end(),
                                                drop_highest=parse_number(match.group("high")),
                                                drop_lowest=parse_number(match.group("low"))))
        for match in _RATER_WEIGHTS.finditer(text):
            ratio = parse_ratio(match.group("ratio"))
            if not ratio:
                continue
            groups = [g.strip() for g in re.split(r"、|和|及", match.group("groups")) if g.strip()]
            result["rater_weights"].append(ctx.value(
                base + match.start("groups"), base + match.end("ratio"),
                groups=groups if len(groups) == len(ratio) else None, ratio=ratio,
                weights=normalized_weights(ratio)))
    return result
