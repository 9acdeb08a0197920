"""The procedure's steps in order (the record's ``stages``).

- Enumerations: ``按照公布职位、个人报名、资格审查、笔试、面试答辩、民主测评、组织考察、局党组讨论决定、任前公示等步骤进行``,
  ``经过资格审查、笔试、面试、民主测评、组织考察和县委常委会研究``, ``分宣传动员、中层干部竞争上岗、职工双向选择三个阶段``,
  ``考试分笔试和面试两个环节``: items after a lead (经过, 按照, 分为, 采取...) or before a tail (等步骤, 的程序, N个环节,
  相结合). A tail that counts the items (三个阶段) makes a list of steps whatever the items; otherwise all items
  but one must be named like a step (``extract/stage_words.txt``: 个人报名, 讨论决定, 公示与聘任...), and a list of
  two needs a lead that splits (分为, 采取) or a counting tail.
- Numbered headings naming a step: ``（一）发布公告（6月16日至6月18日）。`` ``1.个人申报，填写…`` ``第九条 笔试。``
  ``(1)制订方案。`` -- at least two in the document, each opening a line or following a full stop (a plan
  flattened to one line: ``…四、方法和步骤（一）公布方案和报名（4月10日至4月14日）。（二）资格审查…``); a step
  heading without a number (``笔试：主要考察…``) counts beside them.
- The assessment closing a term (a secondment, a post in a village): ``挂职期满，由市委组织部会同接收单位进行考核``,
  ``任职期满，县委组织部将组织考核``, ``挂职期满由镇党委出具鉴定意见`` -- the step ``期满考核``, its evidence the words
  naming the assessment.
Every step's evidence is its own name; steps are numbered in the order the text gives them.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import cache
from typing import Any

from ... import resources
from .context import Context
from .markers import alternation
from .numbers import parse_number
from .sections import rule_sections

_ITEM = r"[^，。；：、,;:%\d（）()\n“”\"《》的等！？!?+＋→➝➔⇒—－]{2,16}?"
# Items of a list of steps are separated by 、 or + (个人述职+现场答辩) or an arrow (报名→资格审查→笔试)
_SEPARATOR = "(?:[、+＋→➝➔⇒－]|—{1,2})"
_ARROW = re.compile("[→➝➔⇒—－]")  # (报名→资格审查→笔试, 公布岗位—个人报名—资格审查: a dash joining steps reads as an arrow)
_LEAD = (r"经过了|经历了|经过|经(?![营理济费验常典])|按照|遵照|依照|遵循|采取|采用|包括|分为|分|实行|通过|走完了|程序为|程序是|步骤为|流程为|依次为|"
         r"依次进行|依次经过|主要有|"
         r"严格执行|执行|履行|设置了|设置|坚持|按(?![照时期])")
# (a count of steps takes at most four numerals: an unbounded run, tried at each numeral of a long run of them,
# made the search quadratic; digits, which no item holds, are taken whole: 等12345个环节 ends its list)
_COUNT = r"(?:(?>[0-9０-９]+)|[一二两三四五六七八九十]{1,4})(?:个|道|项)"
_STEPS = r"[0-9一二两三四五六七八九十]{1,4}"  # 分动员、报名、考试、考察、公示五步走
_TAIL = (rf"(?:等)?(?P<count>{_COUNT})?(?:的)?(?:环节|步骤|程序|阶段|流程|关口|关|顺序)|(?P<steps>{_STEPS})步走?|(?:{_STEPS})(?:个)?部分|相结合|的?(?:办法|方式)(?:进行|实施)|"
         r"(?<=[”\"])的(?:办法|方式|模式)")  # (实行“考试+考察+票决”的方式: a quoted list before 的方式)
# (at most ``MAX_STEPS`` items in a list of steps: tried at every item of a 1,500-item list of posts that
# ends in no tail, an unbounded list made the search quadratic, 20 s CPU on a 9,000-character list)
MAX_STEPS = 24
# (a longer list, matched from a later item, is followed back to its first item over at most this many characters)
WHOLE_LIST_CHARS = 600
_SEPARATOR_CHARS = frozenset("、+＋→➝➔⇒－—")
_NOT_ITEM = frozenset("，。；：、,;:%（）()\n“”\"《》的等！？!?+＋→➝➔⇒—－")
ITEM_MAX_CHARS = 16  # (as _ITEM)
_ENUMERATION = re.compile(
    rf"(?:(?P<lead>{_LEAD})[：:]?[“\"]?)?(?P<list>{_ITEM}(?:{_SEPARATOR}{_ITEM}){{0,{MAX_STEPS - 1}}})[”\"]?(?:(?P<tail>{_TAIL})|(?=[，。；：,;:！？!?\n）)]|$))")
_LEAD_IN = re.compile(rf"(?:{_LEAD})[：:]?")
_ENUMERATION_CUE = re.compile(rf"、|[+＋→➝➔⇒—－]|(?:{_LEAD})\S{{2,16}}?(?:和|及|与)|环节|步骤|阶段|程序|流程|相结合")
# A list of steps separated by commas (a site or a conversion wrote ， for 、): 按照个人报名，资格审查，笔试，面试，
# 组织考察的程序进行 -- only between a lead and a tail, at least ``MIN_COMMA_STEPS`` items, each short and named like a step
_COMMA_LIST = re.compile(rf"(?P<lead>{_LEAD})[：:]?[“\"]?(?P<list>{_ITEM}(?:[，,]{_ITEM})+?)[”\"]?(?P<tail>{_TAIL})")
MIN_COMMA_STEPS = 3
COMMA_STEP_CHARS = 8  # (each a step's short name: 经部务会议研究决定，本次不再进行笔试，直接进入面试环节 is clauses)
_SPLITTING_LEADS = ("分为", "分", "包括", "采取", "采用")
# A numbered heading and the step it names: （一）发布公告（…） / 1.个人申报， / 第九条 笔试。 / ①报名
# (一、 opens a part of a plan: 三、报名和资格审查 is the title of what follows, not a step of a list of steps.)
_MARKER = alternation("item", "chapter", "subitem", "article", "step", "circled")
# (the blanks after the marker in its optional group: two runs of blanks on both sides of an optional marker were
# quadratic on a line of blanks)
_HEADING = re.compile(rf"(?m)(?:^|(?<=[。；;])|(?<=步骤|程序|流程))[ \t\u3000]*(?:(?P<marker>{_MARKER})[ \t\u3000]*)?(?:(?<=阶段|环节)(?:为|是))?(?P<label>[^。：:（(，,；;\s、]{{2,10}})(?=[。：:（(，,；;\s]|$)")
# (step headings are a procedure when at least ``procedure_min_headings`` name its core steps; a step
# heading without a number is short, ``unnumbered_step_chars``: 笔试：, 面试： -- ExtractSettings)
_PAIR = re.compile(r"与|和|及|以及")
_WORK = re.compile(r"(?:工作|环节|阶段|程序)$")
# The forms of steps beside enumerations and headings (resources/extract/procedure.tsv says what each is).
_CODES = ("core_step", "term_end", "term_end_assessment", "after_step", "next_step", "not_a_step", "exhortation",
          "ranked_pick", "draw_lots", "rounds", "periodic_step", "not_a_phase")
_FORMS = resources.rule_table("extract/procedure.tsv", {}, _CODES, single=_CODES)
(_CORE_STEP,), (_TERM_END,), (_TERM_END_ASSESSMENT,), (_AFTER_STEP,), (_NEXT_STEP,), (_NOT_A_STEP,), (_EXHORTATION,), \
    (_RANKED_PICK,), (_DRAW_LOTS,), (_ROUNDS,), (_PERIODIC,), (_NOT_A_PHASE,) = (
    _FORMS[code] for code in _CODES)
# An item's head phrase: its words up to the first stop or bracket (发布公告（6月16日至6月18日）。 / 述职演讲：…)
_ITEM_HEAD = re.compile(r"(?:为|是)?(?P<head>[^。：:（(，,；;、\s]{2,10})(?=[。：:（(，,；;\s]|$)")
_RUN_IN = re.compile(r"[。：:（(]")
_DIGIT = re.compile(r"[0-9０-９]")
# A template's head: a masked figure (按x:x比例确定考察人选) or a step's days with the figure left blank (公示天。)
_TEMPLATE = re.compile(r"[xX×＊*Ｘｘ]|(?<![0-9０-９零〇一二两三四五六七八九十])(?:个工作日|工作日|天)$")
_SENTENCE_REST = re.compile(r"[^。；;！？!?\n]*")


@cache
def _step_name() -> re.Pattern[str]:
    words = sorted(resources.phrase_list("extract/stage_words.txt"), key=len, reverse=True)
    return re.compile(rf"(?:{'|'.join(map(re.escape, words))})$")


_STEP_WORD = re.compile("|".join(map(re.escape, sorted(resources.phrase_list("extract/stage_words.txt"), key=len, reverse=True))))


def _is_step(name: str) -> bool:
    return bool(_step_name().search(_WORK.sub("", name.strip())))


def _count(text: str | None) -> int | None:
    if not text:
        return None
    value = parse_number(text[:-1])
    return int(value) if value is not None else None


def _items(list_text: str, splitting: bool) -> list[tuple[int, int]]:
    """Item spans of a list: split on 、, and the last item on 和/及/与 when both halves are steps (or, in
    a list of one, when a splitting lead makes it two: 分笔试及口试)."""
    spans, position = [], 0
    for separator in re.finditer(_SEPARATOR, list_text):
        spans.append((position, separator.start()))
        position = separator.end()
    spans.append((position, len(list_text)))
    last_start, last_end = spans[-1]
    last = list_text[last_start:last_end]
    for pair in _PAIR.finditer(last):
        left, right = last[:pair.start()], last[pair.end():]
        if len(left) >= 2 and len(right) >= 2 and _is_step(left) and _is_step(right) and (len(spans) > 1 or splitting):
            spans[-1:] = [(last_start, last_start + pair.start()), (last_start + pair.end(), last_end)]
            break
    return spans


def _whole_list_start(text: str, list_start: int) -> int:
    """Where a list of steps matched from a later item (a list longer than ``MAX_STEPS`` items: the pattern
    takes its last ones) starts: its items followed back over their separators to the first."""
    start, floor = list_start, max(0, list_start - WHOLE_LIST_CHARS)
    while start - 1 > floor and text[start - 1] in _SEPARATOR_CHARS:
        separator = start - 1
        while separator - 1 > floor and text[separator - 1] == "—":  # (——)
            separator -= 1
        item = separator
        while item > floor and text[item - 1] not in _NOT_ITEM and not text[item - 1].isdigit():
            item -= 1
        if (item == floor and floor > 0) or separator - item < 2 or (separator - item > ITEM_MAX_CHARS and not _LEAD_IN.search(text, item, separator)):
            break
        start = item
    return start


def _enumerations(ctx: Context) -> list[tuple[int, int, str]]:
    steps: list[tuple[int, int, str]] = []
    for sentence in ctx.select(_ENUMERATION_CUE):
        for match in _ENUMERATION.finditer(sentence.text):
            lead, tail = match.group("lead"), match.group("tail")
            list_text, list_start = match.group("list"), match.start("list")
            if not lead and list_start and sentence.text[list_start - 1] in _SEPARATOR_CHARS:  # (cut at MAX_STEPS)
                list_start = _whole_list_start(sentence.text, list_start)
                list_text = sentence.text[list_start:match.end("list")]
            first = re.split(_SEPARATOR, list_text, maxsplit=1)[0]
            leading = None if lead else next(
                (found for found in reversed(list(_LEAD_IN.finditer(first))) if len(first) - found.end() >= 2), None)
            if leading:  # the lead read as part of the first item (竞争上岗按照公布职位、…)
                lead, list_text, list_start = leading.group().rstrip("：:"), list_text[leading.end():], list_start + leading.end()
            if not (lead or tail or _ARROW.search(list_text)):  # (arrows make a list of steps without a lead)
                continue
            spans = _items(list_text, splitting=lead in _SPLITTING_LEADS)
            names = [list_text[a:b].strip() for a, b in spans]
            steps_named = sum(1 for name in names if _is_step(name))
            counted = _count(match.group("count")) if match.group("count") else _count((match.group("steps") or "") + "步")
            if counted is not None and counted == len(spans) >= 2:
                pass
            elif len(spans) >= 2 and lead and all(_PERIODIC.search(name) for name in names):
                pass  # a regime of periodic steps: 实行月度评比、季度通报、年终总评 / 实行周例会、月报告制度
            elif len(spans) >= 3 and steps_named >= len(spans) - 1:
                pass
            elif len(spans) == 2 and steps_named == 2 and (lead in _SPLITTING_LEADS or tail):
                pass
            else:
                continue
            base = sentence.start + list_start
            steps += [(base + a, base + b, name) for (a, b), name in zip(spans, names, strict=True)]
        for match in _COMMA_LIST.finditer(sentence.text):
            items = [item for item in re.finditer(r"[^，,]+", match.group("list"))]
            if len(items) >= MIN_COMMA_STEPS and all(_is_step(item.group()) and len(item.group().strip()) <= COMMA_STEP_CHARS
                                                     for item in items):
                base = sentence.start + match.start("list")
                steps += [(base + item.start(), base + item.end(), item.group().strip()) for item in items]
    return steps


def _headings(ctx: Context) -> list[tuple[int, int, str]]:
    numbered, unnumbered = [], []
    for match in _HEADING.finditer(ctx.text):
        label = match.group("label")
        if not _is_step(label):
            continue
        if match.group("marker"):
            numbered.append((match.start("label"), match.end("label"), label))
        elif len(label) <= ctx.settings.unnumbered_step_chars and ctx.text.startswith(("：", ":"), match.end("label")):
            unnumbered.append((match.start("label"), match.end("label"), label))
    core = sum(1 for _start, _end, label in numbered if _CORE_STEP.search(label))
    return numbered + unnumbered if len(numbered) >= ctx.settings.procedure_min_headings and core >= ctx.settings.procedure_min_headings else []


# A phase of the work as a heading or a list item: （一）动员部署阶段（3月1日-3月5日） / 2.报名审核阶段：… /
# 分为三个阶段：动员部署阶段，3月1日至5日；报名考试阶段，… / 第一阶段：宣传动员（…） -- a plan's phases are its steps whatever their words,
# when at least two name phases (这一阶段, 第一阶段 and 每个阶段 name no phase)
_PHASE = re.compile(rf"(?m)(?:^|(?<=[。；;：:]))[ \t\u3000]*(?:(?P<marker>{_MARKER})[ \t\u3000]*)?"
                    rf"(?:(?P<label>(?![这那此该本每各当上下现新第])[^。：:（(，,；;\s、“”]{{2,10}}?阶段)|"
                    rf"第[一二三四五六七八九十0-9]{{1,2}}阶段\s*[：:，,]?\s*(?:为|是)?(?P<label2>[^。：:（(，,；;\s、“”]{{2,12}}))"
                    rf"(?=[：:（(，,；;。\s]|$)")
MIN_PHASES = 2
_PHASE_COUNT = re.compile(r"[0-9一二三四五六七八九十两几多]个阶段$")  # (分为三个阶段 counts the phases, names none)


_IN_A_LIST = "：:；;"  # (分为三个阶段：动员部署阶段，…；报名考试阶段，…: a phase after a colon or a semicolon is a list's item)
_HEADING_END = "：:（(\n"  # (动员部署阶段：… / 动员部署阶段（3月1日—3月5日） / a heading on a line of its own)


def _is_phase(ctx: Context, match: re.Match[str]) -> bool:
    """A phase named ``…阶段`` (not ``第N阶段：…``, which is numbered) is a plan's part when it is numbered
    (（一）动员部署阶段), an item of a list (after ：/；) or a heading (followed by ：, （ or the line's end), and
    is named as a part, not told as a clause (``not_a_phase``: 改革已进入攻坚阶段 / 目前正处于爬坡过坎阶段)."""
    label = match.group("label")
    if _NOT_A_PHASE.search(label):
        return False
    if match.group("marker"):
        return True
    before = ctx.text[match.start() - 1] if match.start() > 0 else "\n"
    after = ctx.text[match.end("label")] if match.end("label") < len(ctx.text) else "\n"
    return before in _IN_A_LIST or after in _HEADING_END


def _phases(ctx: Context) -> list[tuple[int, int, str]]:
    """The phases of the work a plan lists (``_PHASE``, ``_is_phase``): each its own name as evidence, when
    the text lists at least ``MIN_PHASES``."""
    found = []
    for match in _PHASE.finditer(ctx.text):
        group = "label" if match.group("label") else "label2"
        if _PHASE_COUNT.search(match.group(group)) or (group == "label" and not _is_phase(ctx, match)):
            continue
        found.append((match.start(group), match.end(group), match.group(group)))
    return found if len(found) >= MIN_PHASES else []


def step_headings(ctx: Context) -> list[tuple[int, int, str]]:
    """The steps named as headings or list items (numbered step headings, the items under a heading
    naming the procedure, phases): a date right after one dates that step (``timeline``)."""
    return _headings(ctx) + _listed_steps(ctx) + _phases(ctx)


_NAMED_BY_DEED = re.compile(r"从高到低|由高到低|高低顺序|高分到低分|排名|排序|名次|抽签|轮")


def _steps_named_by_deed(ctx: Context) -> list[tuple[int, int, str]]:
    """Steps a sentence names by what is done (``ranked_pick``: 按综合得分从高到低确定考察人选; ``draw_lots``: 上台顺序由
    现场抽签产生; ``rounds``: 双向选择分两轮进行), wherever they stand: each its own words as evidence."""
    steps: list[tuple[int, int, str]] = []
    for sentence in ctx.select(_NAMED_BY_DEED):
        for pattern in (_RANKED_PICK, _DRAW_LOTS, _ROUNDS):
            for match in pattern.finditer(sentence.text):
                group = "step" if match.groupdict().get("step") else "step2"
                steps.append((sentence.start + match.start(group), sentence.start + match.end(group), match.group(group)))
    return steps


def _term_end_assessments(ctx: Context) -> list[tuple[int, int, str]]:
    """The assessment at the end of a term (挂职期满，…进行考核): one step per document, the first stated."""
    for sentence in ctx.select(_TERM_END):
        for end_of_term in _TERM_END.finditer(sentence.text):
            assessment = _TERM_END_ASSESSMENT.search(sentence.text, end_of_term.end(), end_of_term.end() + ctx.settings.term_end_chars)
            if assessment and not re.search(r"[。！？!?]", sentence.text[end_of_term.end():assessment.start()]):
                return [(sentence.start + assessment.start(), sentence.start + assessment.end(), "期满考核")]
    return []


_BRINGING_VERB = re.compile(r"(?:进行|开展|参加|进入)(?=[\u4e00-\u9fff]{2})")


def _sequences(ctx: Context) -> list[tuple[int, int, str]]:
    """Steps named in order in a sentence (``_AFTER_STEP`` and the ``_NEXT_STEP`` words after it)."""
    steps: list[tuple[int, int, str]] = []
    for sentence in ctx.select(_AFTER_STEP):
        for first in _AFTER_STEP.finditer(sentence.text):
            rest = _SENTENCE_REST.match(sentence.text, first.end())
            following = list(_NEXT_STEP.finditer(sentence.text, first.end(), rest.end() if rest else first.end()))
            if not following:
                continue  # 报名后要认真准备 names one step and no order
            steps.append((sentence.start + first.start("step"), sentence.start + first.end("step"), first.group("step")))
            for found in following:  # the step, not the verb that brings it (进行资格审查 -> 资格审查; 组织考察 is a step's name)
                verb = _BRINGING_VERB.match(found.group())
                skip = verb.end() if verb else 0
                steps.append((sentence.start + found.start() + skip, sentence.start + found.end(), found.group()[skip:]))
    return steps


_ORDINAL_WORD = (r"首先|其次|再次|然后|接着|随后|之后|最后|先|再|"
                 r"第[一二三四五六七八九十0-9]{1,2}(?:步|阶段|环节|道程序)|第[一二三四五六七八九十](?=[，,、：:]|是)")
_ORDINAL = re.compile(rf"(?:[\u4e00-\u9fff]{{1,4}}(?:者|人员)(?=先))?(?:{_ORDINAL_WORD})(?:[，,：:]|(?:为|是)(?=\S))?(?:是|要|再|由|将)?")
# a sentence telling steps in order: 首先… / 第一步… / 第一阶段为… / 先…再… (a clause opening with 先 before
# a clause opening with 再, 然后 or 最后)
_ORDINAL_CUE = re.compile(r"首先|第[一1](?:步|阶段|环节|道程序|[，,、：:]|是)|(?:^|[，,；;：:]|者|人员)先(?!后|进[^行]|行者|锋|例|天|生|期)")
_LIGHT_VERB = re.compile(r"^(?:进行|组织|开展|举行|实行|召开)")
_CLAUSE = re.compile(r"[^，,；;：:。！？!?]+")
MIN_ORDINAL_STEPS = 3  # 首先…其次…最后: a sequence of steps when at least three clauses each name one
_ORDINAL_STEP_CHARS = 14


def _ordinal_steps(ctx: Context) -> list[tuple[int, int, str]]:
    """Steps told in order with ordinal adverbs in one sentence: ``首先是公布岗位和条件，其次是个人报名，然后进行资格
    审查，…最后由党委研究决定`` / ``先由个人报名，再进行资格审查，然后…，最后…`` / ``第一步，个人报名；第二步，…`` /
    ``第一阶段为动员报名，第二阶段为…`` -- each clause opening with an ordinal (or the clause after an ordinal standing
    alone: ``首先，公布岗位；``) and naming a step (a word of ``stage_words.txt``) in a few words is one step, its
    evidence the words after the ordinal; a sentence of wishes (首先要提高认识，其次要…) names no step and gives none."""
    steps: list[tuple[int, int, str]] = []
    text = ctx.text
    for paragraph_start, paragraph_end in ctx.paragraph_spans():  # (首先，…；其次，…: the steps may be sentences of their own)
        if not _ORDINAL_CUE.search(text, paragraph_start, paragraph_end):
            continue
        found = []
        pending = False  # an ordinal alone in its clause (首先，): the next clause is its step
        for clause in _CLAUSE.finditer(text, paragraph_start, paragraph_end):
            ordinal = _ORDINAL.match(text, clause.start())  # (its lookahead may see the comma after the clause)
            if ordinal is None and not pending:
                continue
            start = min(ordinal.end(), clause.end()) if ordinal else clause.start()
            if start >= clause.end():
                pending = True
                continue
            pending = False
            light = _LIGHT_VERB.match(text[start:clause.end()])
            start += light.end() if light else 0
            words = text[start:clause.end()].strip()
            if 2 <= len(words) <= _ORDINAL_STEP_CHARS and _STEP_WORD.search(words):
                found.append((start, clause.end(), words))
        if len(found) >= MIN_ORDINAL_STEPS:
            steps += found
    return steps


def _listed_steps(ctx: Context) -> list[tuple[int, int, str]]:
    """The steps enumerated under a heading naming the procedure (``sections``): each item's head phrase,
    when it is a step's name (``stage_words.txt``), or a short run-in heading (``制订方案。``, ``领取准考证：``)
    that names no attribute of the procedure (``not_a_step``: 开考比例, 报名时间) and is no exhortation
    (``exhortation``: 加强领导：, 广泛宣传：)."""
    steps: list[tuple[int, int, str]] = []
    for section in rule_sections(ctx, "procedure"):
        heads = [(_ITEM_HEAD.match(ctx.text, start, end), end) for start, end in section.items]
        named = sum(1 for found, _end in heads if found and _is_step(found.group("head")))
        # most items named like steps: the others are steps too (一是公布职位和条件；二是个人报名；三是资格审查)
        mostly_steps = named >= 2 and named * 3 >= len(heads) * 2
        for found, end in heads:
            head = found.group("head") if found else ""
            if found is None or _DIGIT.search(head) or _TEMPLATE.search(head):
                continue  # (a figure, a masked figure or a template's blank: 按x:x比例…, 公示天。)
            run_in = found.end() < end and _RUN_IN.match(ctx.text, found.end())
            if _EXHORTATION.search(head) and not _CORE_STEP.search(head):
                continue  # 加强领导： / 广泛宣传： (but 严格考察： names a step)
            if _is_step(head) or (((run_in and len(head) <= ctx.settings.unnumbered_step_chars) or mostly_steps)
                                  and not _NOT_A_STEP.search(head)):
                steps.append((found.start("head"), found.end("head"), head))
    return steps


def stages(ctx: Context) -> list[dict[str, Any]]:
    found: dict[tuple[int, int], str] = {}
    others = (_enumerations(ctx) + _headings(ctx) + _listed_steps(ctx) + _ordinal_steps(ctx)
              + _term_end_assessments(ctx) + _sequences(ctx) + _phases(ctx))
    # a step named by its deed stands among the others (or alone): one in an opening paragraph, before every
    # step of the procedure, is a preview of a later step, not the first one
    first = min((start for start, _end, _name in others), default=None)
    # ... and one naming a step the others name already (竞聘演讲分两轮进行 under 五、有关要求, 三、竞聘演讲 before it) is
    # that step told again, not a later one
    named = {core for _start, _end, name in others for core in _CORE_STEP.findall(name)}
    deeds = [step for step in _steps_named_by_deed(ctx) if (first is None or step[0] > first)
             and not named.intersection(_CORE_STEP.findall(step[2]))]
    spans: list[tuple[int, int]] = []  # (those found, in order: a step overlapping one is looked up by its neighbours,
    # a list of a thousand steps was quadratic)
    for start, end, name in others + deeds:
        start, end = ctx.trim(start, end)
        at = bisect_left(spans, (start, end))
        if not any(a < end and start < b for a, b in spans[max(0, at - 1):at + 1]):
            spans.insert(at, (start, end))
            found[(start, end)] = name.strip()
    return [ctx.value(start, end, order=order, name=found[(start, end)])
            for order, (start, end) in enumerate(sorted(found), start=1)]
