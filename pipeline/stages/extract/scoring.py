"""How candidates are scored.

- Component sets, each component with its own weight and its own evidence (the words naming it and
  its weight), in every form pages use: ``笔试占30%、面试答辩占40%``, ``笔试：…，满分100分，占总成绩40%``, ``笔试30%+面试50%``, ``竞聘演说(占50%)``,
  ``综合成绩=笔试成绩×30%+演讲答辩成绩×50%``, ``笔试、民主测评、面试分别占30分、40分、30分``, ``分别按照30%、40%、30%``,
  ``各50%``, ``占三成``, ``百分之六十``, ratios ``笔试和面试成绩按4︰6的比例折合`` / ``按笔试、面试、民主测评4︰4︰2的比例``,
  and ``赞成率乘以30即为民主测评成绩`` (a multiplier). Component names come from
  ``resources/extract/score_components.txt``; weights are normalized to sum 1 and ``adds_up`` is false
  when the parts do not make the whole (100% or the stated full marks, else 100 points).
- Rater-group weights: the same forms where the parts are groups of people
  (``班子成员、中层人员、职工代表按4︰3︰3加权计算``, ``管理人员评价占60%,职工代表评价占40%``).
- Trimming (``去掉一个最高分和一个最低分``), full marks (``满分100分``), the scale (``百分制``, a spaCy cue).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from ... import resources
from . import nlp
from .context import Context
from .gates import cue, finditer
from .lexicon import CJK
from .markers import LIST_CODES, alternation
from .numbers import DIGITS, NUMBER, RATIO, normalized_weights, parse_number, parse_ratio

_TENTHS = r"[一二三四五六七八九]"
# a weight: 30% / 百分之六十 / 三成, 7成 / 30分 / a factor after a times sign (笔试成绩×0.4: 40%)
_WEIGHT = (rf"(?:(?P<pct>{DIGITS})\s*[%％℅﹪]|百分之\s*(?P<pct_cn>{NUMBER})|(?P<tenths>{_TENTHS}|[1-9])\s*成(?![绩员])"
           rf"|(?P<pts>{NUMBER})\s*分(?![之钟别数])"
           r"|(?:(?<=[×*＊])|(?<=乘以))\s*(?P<factor>0?\.[0-9]{1,3})(?![0-9]))")
_PLAIN_WEIGHT = "(?:" + re.sub(r"\?P<\w+>", "?:", _WEIGHT) + ")"
_OF_TOTAL = r"(?:总成绩|综合成绩|总分|考察成绩|考试总成绩|综合得分|最终成绩|成绩)"
# a people group scoring (rater weights): 班子成员, 职工代表, 群众, 管理人员评价
_PEOPLE = re.compile(r"成员|代表|干部|群众|职工|教师|人员|班子|委员会|领导(?!小组)|评委|专家|同事|员工")
# a sentence weighting raters speaks of rating (测评, 评价, 投票, 权重...): 女性干部占32% weights nobody
_RATING = re.compile(r"测评|评价|评议|投票|打分|评分|权重|加权|成绩|得分|票|分值|计分|折合|折算")
_FULL_MARKS = re.compile(rf"(?:满分|总分)(?:各|均|为|是|各为|均为)*(?P<n>{NUMBER})\s*分")
_TRIM = re.compile(
    rf"(?:去掉|去除|除去)(?:(?P<high>{NUMBER})个)?最高分(?:[、，,和及与]|后)?(?:去掉|去除)?(?:(?P<low>{NUMBER})个)?最低分")
_PREFILTER = re.compile(r"分|%|％|比例|百分|成|权重|加权|乘以|[:：∶︰]")


@cache
def component_names() -> tuple[str, ...]:
    return tuple(sorted(resources.phrase_list("extract/score_components.txt"), key=len, reverse=True))


@cache
def _component_word() -> re.Pattern[str]:
    return re.compile("|".join(re.escape(n) for n in component_names()))


def _marked_component(before: str) -> str | None:
    """The last component named before a full mark in its sentence (面试满分100分; 笔试…，满分100分): each
    component's full marks are a value of their own, even when they are equal."""
    names = _component_word().findall(before)
    return names[-1] if names else None


_ASSESSMENT = r"(?:考试|考核|测评|测试|答辩|陈述|演讲|面试|笔试|评议|评价|操作|述职)"


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    name = "|".join(re.escape(n) for n in component_names())
    group = (rf"(?:(?![按照由在的对将把从被和与及占分为])[{CJK}]){{0,10}}?(?:成员|代表|干部|群众|职工|教师|人员|班子|委员会|评委|专家)"
             rf"(?:评价|测评|投票|评议|意见)?")
    part = rf"(?:{name}|{group})"
    # In a list of components weighted together (分别占40%和60%, 各占50%), a component may be any short name of an
    # assessment (理论知识考试, 实际操作考核, 个人陈述, 业绩考核): the weights after the list make it one.
    assessed = rf"(?:(?![按照由在的对将把从被和与及占分为、])[{CJK}]){{0,6}}?{_ASSESSMENT}"
    listed = rf"(?:{name}|{group}|{assessed})"
    names = rf"(?P<names>{listed}(?:(?:成绩|得分|结果)?[、和与及]{listed})+)"
    return {
        # 笔试占30% / 笔试成绩×40% / 竞聘演说(占50%) / 笔试30% / 演讲答辩成绩按60% / 笔试成绩占百分之四十
        "single": re.compile(
            rf"(?P<name>{part})(?:成绩|得分|结果)?\s*[（(]?\s*(?:占|按照|按|为|计|×|\*|＊|乘以)?\s*(?:{_OF_TOTAL}的)?"
            rf"(?:权重)?(?:为)?{_WEIGHT}(?:的权重)?[)）]?"),
        # 笔试、民主测评、面试分别占30分、40分、30分 / 分别按照30%、40%、30% / 分别按总分的60%和40% /
        # 笔试、面试、民主测评的权重分别为30%、50%、20%
        "list": re.compile(
            rf"{names}(?:成绩|得分)?(?:的?(?:权重|比重))?(?:分别|各自|依次)(?:占|为|是|按照|按|以)?(?:{_OF_TOTAL}的)?"
            rf"(?P<values>{_PLAIN_WEIGHT}(?:\s*[、，,和与及]\s*{_PLAIN_WEIGHT})+)"),
        # 笔试和面试成绩各占50% / 笔试成绩和面试成绩均占50%
        "each": re.compile(rf"{names}(?:成绩|得分)?(?:各|均|都)(?:占|按|为)?(?:{_OF_TOTAL}的)?{_WEIGHT}"),
        # 笔试和面试成绩按4︰6的比例折合 / 按笔试、面试、民主测评4︰4︰2的比例计算 / 按4︰3︰3加权
        # (民主测评、个人述职、组织考察三项按5:3:2权重组成综合成绩: the items counted first)
        "ratio": re.compile(
            rf"{names}(?:成绩|得分)?(?:[两二三四五六七八九]项|[两二三四五六七八九]个(?:部分|方面))?(?:分别)?(?:按照|按|以)?(?:{_OF_TOTAL})?(?P<ratio>{RATIO})(?:的)?(?:比例|权重|比重)?"
            rf"(?=[^，。；]{{0,4}}?(?:折合|折算|合成|计算|加权|计入|组成|确定|核算|构成)|的?(?:比例|权重))"),
        # the weights named before the ratio: 述职演讲、民主测评、组织考察的权重依次为3:4:3 (not 比例: 笔试和面试的比例为
        # 1:3 may count people)
        "ratio_named": re.compile(
            rf"{names}(?:成绩|得分)?的?(?:权重|比重)(?:分别|依次)?(?:为|是)\s*(?P<ratio>{RATIO})"),
        # the ratio before the components it weights: 按4︰3︰3加权计算笔试、面试和考察成绩 / 按6:4的比例折算笔试和面试成绩
        "ratio_first": re.compile(
            rf"(?:按照|按|以)(?P<ratio>{RATIO})(?:的)?(?:比例|权重|比重)?(?:加权|折合|折算|合成|计算|核算)(?:计算|计入|汇总)?"
            rf"(?:出)?{names}(?:成绩|得分)?"),
        # 笔试：主要考察岗位专业知识，满分100分，占总成绩40% (the component heads its sentence, its weight comes later)
        "headed": re.compile(rf"^\s*(?:{alternation(*LIST_CODES)}\s*)?(?P<name>{name})(?:成绩)?(?:[^，。；：:\d%]{{0,10}}[，,]|(?:满分|总分)\d{{2,3}}分[，,]|[：:])"),
        "of_total": re.compile(rf"(?:(?<![{CJK}])|[，,])占(?:{_OF_TOTAL})(?:的)?{_WEIGHT}"),
        # 赞成率乘以30即为民主测评成绩
        "multiplier": re.compile(
            rf"(?P<basis>赞成率|得票率|优秀率|称职率)(?:乘以|×|\*)(?P<n>{NUMBER})(?:分)?(?:即为|作为|为|折算为|计入)(?P<name>{name})"),
        # 民主测评成绩为赞成率乘以30 / 测评得分=得票率×20 (the component named first)
        "multiplier_after": re.compile(
            rf"(?P<name>{name})(?:成绩|得分)?(?:为|按|以|=|＝|等于)(?:其)?(?P<basis>赞成率|得票率|优秀率|称职率)(?:乘以|×|\*)(?P<n>{NUMBER})(?:分)?"),
    }


@cache
def _cue() -> re.Pattern[str] | None:
    """What a sentence needs for a rule or the SCALE cue to match in it (see ``gates.cue``)."""
    return cue(_FULL_MARKS, _TRIM, _PREFILTER, nlp.gate("cues", "SCALE"))


def _weight(match: re.Match[str]) -> tuple[float | int | None, str]:
    if match.group("pct") is not None:
        return parse_number(match.group("pct")), "%"
    if match.group("pct_cn") is not None:
        return parse_number(match.group("pct_cn")), "%"
    if match.group("factor") is not None:
        return round(float(match.group("factor")) * 100, 4), "%"
    if match.group("tenths") is not None:
        tenths = parse_number(match.group("tenths"))
        return (tenths * 10 if tenths is not None else None), "%"
    return parse_number(match.group("pts")), "分"


_WEIGHT_RE = re.compile(_WEIGHT)


def _is_people(name: str) -> bool:
    return bool(_PEOPLE.search(name)) and not any(name.endswith(n) and not _PEOPLE.search(name[:-len(n)] or "x")
                                                  for n in component_names() if len(n) > 1)


class _Scores:
    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.component_sets: list[dict[str, Any]] = []
        self.rater_weights: list[dict[str, Any]] = []
        self.taken: list[tuple[int, int]] = []  # spans already used by a set

    def free(self, start: int, end: int) -> bool:
        return not any(a < end and start < b for a, b in self.taken)

    def _after_lead(self, start: int, first_name: str, first_start: int) -> int:
        """Where the evidence of a set begins: past a lead word of its first name (民主测评中, 其中), which says
        where the weights apply, not what they are -- when the set begins at that name as written."""
        lead = _LEAD.match(first_name)
        if lead and start == first_start and self.ctx.text.startswith(first_name, start):
            return start + lead.end()
        return start

    def add_set(self, start: int, end: int, parts: list[tuple[str, Any, str, int, int]], full_marks: Any,
                multiplier: Any = None, ratio: list[Any] | None = None) -> None:
        """``parts``: (name, value, unit, start, end) of each component."""
        units = {unit for _n, _v, unit, _s, _e in parts}
        if not parts or len(units) != 1 or any(value is None for _n, value, _u, _s, _e in parts):
            return
        self.taken.append((start, end))
        unit = units.pop()
        names = [name for name, *_rest in parts]
        values = [value for _n, value, *_rest in parts]
        if sum(_is_people(name) for name in names) * 2 > len(names):
            if not _RATING.search(self.ctx.with_sentence_before(start, end)):
                return  # 女性干部占32%: a share of people, not a weight of raters (民主测评…。其中，… is one)
            self.rater_weights.append(self.ctx.value(
                self._after_lead(start, names[0], parts[0][3]), end, groups=[_LEAD.sub("", name) for name in names], ratio=ratio or values, weights=normalized_weights(values)))
            return
        total = sum(values)
        expected = 100 if unit == "%" or full_marks is None else full_marks
        weights = normalized_weights(values) if len(values) > 1 or unit == "%" else []
        components = []
        for index, (name, value, _unit, part_start, part_end) in enumerate(parts):
            component = self.ctx.value(part_start, part_end, name=_LEAD.sub("", name),
                                       **{("percent" if unit == "%" else "points"): value})
            if weights:
                component["weight"] = weights[index] if len(values) > 1 else round(value / 100, 6)
            if multiplier is not None:
                component["multiplier"] = multiplier
            components.append(component)
        # no evidence of its own: each component carries the words naming it and its weight
        self.component_sets.append({"unit": unit, "total": total, "adds_up": abs(total - expected) < 1e-6,
                                    "components": components})


# words before a group's name that are not part of it: 民主测评中接收单位班子成员 -> 接收单位班子成员
_LEAD = re.compile(r"^(?:最后|其中)|^[^、]{0,6}?(?:测评|考核|评议|投票)中(?=[^、]{2,})")


def _split_names(text: str, start: int) -> list[tuple[str, int, int]]:
    """The names of an enumeration 笔试、面试和民主测评 with their absolute spans (成绩 dropped)."""
    found = []
    position = 0
    for piece in re.split(r"(、|和|与|及)", text):
        if piece in ("、", "和", "与", "及"):
            position += len(piece)
            continue
        name = _LEAD.sub("", re.sub(r"(?:成绩|得分|结果)$", "", piece))
        if name:
            found.append((name, start + position, start + position + len(name)))
        position += len(piece)
    return found


def scoring(ctx: Context) -> dict[str, Any]:
    result: dict[str, Any] = {"scale": None, "full_marks": [], "component_sets": [], "rater_weights": [], "trimming": []}
    selected = ctx.select(_PREFILTER, _cue())
    marks_seen: set[Any] = set()
    marked: set[tuple[str | None, Any]] = set()  # (the component a full mark is of, when the sentence names one)
    for sentence in selected:
        for match in _FULL_MARKS.finditer(sentence.text):
            value = parse_number(match.group("n"))
            of = _marked_component(sentence.text[:match.start()])
            if (of, value) not in marked and (of is not None or value not in marks_seen):
                marked.add((of, value))
                marks_seen.add(value)
                result["full_marks"].append(ctx.value(sentence.start + match.start(), sentence.start + match.end(),
                                                      value=value))
    full_marks = next(iter(marks_seen)) if len(marks_seen) == 1 else None
    scores = _Scores(ctx)
    patterns = _patterns()
    for sentence in selected:
        text, base = sentence.text, sentence.start
        if result["scale"] is None:
            for scale in ctx.matches("cues", sentence, "SCALE"):
                result["scale"] = ctx.value(scale.start, scale.end, value=scale.value)
                break
        for match in (*finditer(patterns["multiplier"], text), *finditer(patterns["multiplier_after"], text)):
            value = parse_number(match.group("n"))
            scores.add_set(base + match.start(), base + match.end(),
                           [(match.group("name"), value, "分", base + match.start(), base + match.end())],
                           full_marks, multiplier=value)
        for match in finditer(patterns["list"], text):
            names = _split_names(match.group("names"), base + match.start("names"))
            listed = [_weight(w) for w in _WEIGHT_RE.finditer(match.group("values"))]
            if len(names) == len(listed):
                scores.add_set(base + match.start(), base + match.end(),
                               [(n, value, unit, s, e) for (n, s, e), (value, unit) in zip(names, listed, strict=True)],
                               full_marks)
        for match in finditer(patterns["each"], text):
            if scores.free(base + match.start(), base + match.end()):
                value, unit = _weight(match)
                names = _split_names(match.group("names"), base + match.start("names"))
                scores.add_set(base + match.start(), base + match.end(),
                               [(n, value, unit, s, e) for n, s, e in names], full_marks)
        # a ratio after the parts it weights (笔试、面试按4:6), then one before them (按4︰3︰3加权计算笔试、面试和考察成绩)
        for match in (m for form in ("ratio", "ratio_first", "ratio_named") for m in finditer(patterns[form], text)):
            if not scores.free(base + match.start(), base + match.end()):
                continue
            ratio = parse_ratio(match.group("ratio"))
            names = _split_names(match.group("names"), base + match.start("names"))
            if ratio and len(ratio) == len(names):
                shares = normalized_weights(ratio)
                scores.add_set(base + match.start(), base + match.end(),
                               [(n, round(100 * w, 4), "%", s, e) for (n, s, e), w in zip(names, shares, strict=True)],
                               full_marks, ratio=ratio)
        singles = [m for m in finditer(patterns["single"], text) if scores.free(base + m.start(), base + m.end())]
        for group in _runs(singles, text):
            scores.add_set(base + group[0].start(), base + group[-1].end(),
                           [(m.group("name"), *_weight(m), base + m.start(), base + m.end()) for m in group], full_marks)
        headed = patterns["headed"].match(text)
        if headed and scores.free(base, base + len(text)):
            weighted = patterns["of_total"].search(text, headed.end())
            if weighted:
                start = base + weighted.start() + (1 if weighted.group().startswith(("，", ",")) else 0)
                scores.add_set(start, base + weighted.end(),
                               [(headed.group("name"), *_weight(weighted), start, base + weighted.end())], full_marks)
        for match in _TRIM.finditer(text):
            high = parse_number(match.group("high")) if match.group("high") else 1
            low = parse_number(match.group("low")) if match.group("low") else 1
            result["trimming"].append(ctx.value(base + match.start(), base + match.end(), drop_highest=high,
                                                drop_lowest=low))
    result["component_sets"] = scores.component_sets
    result["rater_weights"] = scores.rater_weights
    return result


_RUN_GAP = re.compile(r"^[\s、，,；;+＋和与及]*$")


def _runs(matches: list[re.Match[str]], text: str) -> list[list[re.Match[str]]]:
    """Consecutive single mentions (joined by 、，+ 和...) as one set; a lone mention is a set of one
    only with a percentage or 占 (笔试占40%, 民主测评成绩占30分: one part of a whole stated elsewhere)."""
    runs: list[list[re.Match[str]]] = []
    for match in matches:
        if runs and _RUN_GAP.match(text[runs[-1][-1].end():match.start()]) is not None and \
                match.end() - runs[-1][-1].end() < 40:
            runs[-1].append(match)
        else:
            runs.append([match])
    return [run for run in runs if len(run) > 1 or _weight(run[0])[1] == "%" or "占" in run[0].group()]
