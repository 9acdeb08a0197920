"""What every field extractor reads: one document's sentences, an evidence builder, and spaCy
matches computed only for the sentences a cheap prefilter selects and the rules' gate accepts (spaCy
is slow; most sentences of a speech state no rule). Every shortcut here is exact (``gates``): it
skips only work that could not have found anything.

Rule text broken by a hard line break that the page's rejoin left (a fixed-width page: ``35周岁以`` /
``下``, ``挂职期限统一为`` / ``两年``) is read whole: ``ctx.text`` is the document's text with such breaks
removed (``_hard_breaks``: a body line that stops mid-sentence, followed by a body line that opens no
heading or enumeration), the sentence cut in two is one sentence, and every offset is mapped back to
the document's own text for the evidence (whose text then holds the line break, as the page does)."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Hashable
from functools import cache
from typing import Any

from ...document import Document
from .. import classify
from ..headings import ENUM_START
from ..settings import ExtractSettings, default_settings
from . import nlp
from .evidence import EvidenceBuilder, Sentence, outside_evidence, sentence_spans
from .gates import plain_width

# Clause separators inside a sentence (ASCII ones survive normalization next to digits: "40%,经过").
CLAUSE_SPLIT = re.compile(r"[，,；;。！？!?]|(?<![0-9])[：:]|[：:](?![0-9])")


# A line stopping mid-sentence (no closing punctuation) and at least ``broken_line_min`` long
# (ExtractSettings) is a fixed-width line broken by the page, not a title, a signature or a list item.
_PROSE = re.compile(r"[，、,]")  # a line of prose, not a title or a signature (they hold no comma)
# ... or a line of any width ending with a word that never ends a title or a signature (挂职期限统一为 / 两年)
_DANGLING = ("为", "的", "以", "在", "于", "和", "与", "及", "按", "对", "将", "把", "被", "从", "向", "并", "或", "至", "、", "，", ",")
_DANGLING_MIN = 6
# ... or a line followed by one that opens with a comma or a closing bracket: the page broke a sentence before it
_CONTINUED = re.compile(r"[，,、；;）)]")
# ... or a line of prose ending with a unit's word, followed by one opening with its head's title: the page broke
# a post's name (拟选拔办公室主任1名，业务科 / 科长2名)
_UNIT_END = ("科", "股", "处", "室", "部", "局", "所", "站", "队", "办", "组", "中心")
_HEAD_TITLE = re.compile(r"副?(?:科长|股长|处长|主任|部长|局长|所长|站长|队长|组长|经理)")
_CLOSED = ("。", "！", "？", "!", "?", "；", ";", "：", ":", "”", "」", "』", "）", ")", "…", "》")


# A page wrapped at a fixed width (a PDF or docx conversion: a line break every ~29 characters, whatever the
# sentence) shows it: many of its lines are as wide as its widest lines, counted in characters or in display
# columns (a CJK character takes two). On such a page a line of that width that stops mid-sentence is cut by
# the page even without a comma in it (…赞成率在50%以下(含50% / )的，取消其竞争资格).
_WRAPPED_MIN_LINES = 6  # lines of the wrap width, at least
_WRAPPED_SHARE = 0.4  # ... and this share of the lines of 12 characters or more
_WRAP_SLACK = 2  # characters (or columns) a wrapped line may fall short of the width
_WRAP_MIN = 12  # no page is wrapped narrower
# ... but a line of that width is cut only if it or the next line is prose (a stop or a comma in either): a column
# of equal-width lines without any (办公室主任岗位要求年龄在40周岁以下学历本科 / 财务科科长岗位要求…) is a list
_PUNCTUATED = re.compile(r"[，、,。；;！？!?]")


def _columns(line: str) -> int:
    """The display width of a line: a CJK or full-width character takes two columns."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in line)


_MEASURES = (len, _columns)  # a page is wrapped by characters or by display columns


def _wrap_width(lines: list[str]) -> tuple[Any, int] | None:
    """How a page was wrapped: (the measure, the width), or None when its lines show no fixed width."""
    long_lines = [line for line in lines if len(line) >= _WRAP_MIN]
    if len(long_lines) < _WRAPPED_MIN_LINES:
        return None
    for measure in _MEASURES:
        widths = [measure(line) for line in long_lines]
        for width, _count in Counter(widths).most_common(3):
            near = sum(1 for found in widths if width - _WRAP_SLACK <= found <= width)
            wider = sum(1 for found in widths if found > width)
            if (measure("字" * _WRAP_MIN) <= width and near >= _WRAPPED_MIN_LINES and near >= _WRAPPED_SHARE * len(widths)
                    and wider <= 0.1 * len(widths)):
                return measure, width
    return None


def _hard_breaks(doc: Document, broken_line_min: int) -> list[int]:
    """Offsets of the line breaks between two paragraphs that are one sentence cut by the page: a line of
    prose stopping mid-sentence (or of the page's wrap width, ``_wrap_width``), and a line that opens no
    heading or enumeration."""
    paragraphs = doc.paragraphs
    if len(paragraphs) < 2 or doc.text.count("\n") < len(paragraphs) - 1:
        return []
    text, breaks = doc.text, []
    wrapped = _wrap_width([text[p.start:p.end].rstrip() for p in paragraphs])
    for before, after in zip(paragraphs, paragraphs[1:], strict=False):
        line, following = text[before.start:before.end].rstrip(), text[after.start:after.end]
        if (after.start - before.end == 1 and text[before.end] == "\n" and after.kind != "heading"
                and not line.endswith(_CLOSED) and ((len(line) >= broken_line_min and _PROSE.search(line))
                                                     or (len(line) >= _DANGLING_MIN and line.endswith(_DANGLING))
                                                     or (wrapped is not None and wrapped[0](line) >= wrapped[1] - _WRAP_SLACK
                                                         and (_PUNCTUATED.search(line) or _PUNCTUATED.search(following)))
                                                     or _CONTINUED.match(text, after.start)
                                                     or (len(line) >= _DANGLING_MIN and _PROSE.search(line)
                                                         and line.endswith(_UNIT_END) and _HEAD_TITLE.match(following)))
                and not ENUM_START.match(following.lstrip())):
            breaks.append(before.end)
    return breaks


def _unspun(text: str) -> str:
    """``text`` with the spun forms of ``classify/spun_words.tsv`` whose original has as many characters undone
    (every offset stays valid; 小我私家 -> 个人 is left): all of them in a spun text (classify.SPUN_MIN_SIGNS
    signs), the phrases only a spinner writes in any text."""
    unspinner = classify.unspinner()
    spun = len(set(unspinner.signs.findall(text))) >= classify.SPUN_MIN_SIGNS
    pattern = unspinner.every if spun else unspinner.always

    def original(match: re.Match[str]) -> str:
        found = unspinner.originals[match.group()]
        return found if len(found) == len(match.group()) else match.group()

    return pattern.sub(original, text)


class Context:
    def __init__(self, doc: Document, doc_id: str, settings: ExtractSettings | None = None):
        self.doc = doc
        self.doc_id = doc_id
        self.settings = settings or default_settings().extract  # the stage's numbers (resources/settings.toml [extract])
        canon_spans = sentence_spans(doc)
        self._builder = EvidenceBuilder(doc, doc_id, canon_spans)
        self._breaks = _hard_breaks(doc, self.settings.broken_line_min)  # canonical offsets of the removed line breaks
        self._breaks_flat = [offset - index for index, offset in enumerate(self._breaks)]
        if self._breaks:
            pieces, previous = [], 0
            for offset in self._breaks:
                pieces.append(doc.text[previous:offset])
                previous = offset + 1
            self.text = "".join(pieces) + doc.text[previous:]
            self.spans = self._join_cut_sentences(canon_spans)
        else:
            self.text = doc.text
            self.spans = canon_spans
        # Synonym spinning (洗稿: 结束 -> 竣事, 其中 -> 此中, 环节 -> 关键) undone where the original has as many
        # characters, so the rules read the words they know and every offset stays the document's.
        self.text = _unspun(self.text)
        self.default_year: int | None = None  # the document's own year, once meta has found it
        self._sentences: list[Sentence] | None = None
        self._ends = [end for _start, end in self.spans]
        self._disjoint = all(before[1] <= after[0] for before, after in zip(self.spans, self.spans[1:], strict=False))
        self._parsed: dict[tuple[int, int], Any] = {}
        self._matches: dict[tuple[str, int, int], list[nlp.RuleMatch]] = {}
        # what several extractors read, found once per document (sections.rule_sections), by a key naming it
        self.memo: dict[Hashable, Any] = {}

    def _join_cut_sentences(self, canon_spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Sentence spans in the flattened text, the two halves of a sentence cut by a removed break made one."""
        flat = [(self.flat(start), self.flat(end)) for start, end in canon_spans]
        cut = {self.flat(offset) for offset in self._breaks}
        joined: list[tuple[int, int]] = []
        for start, end in flat:
            if joined and joined[-1][1] == start and start in cut:
                joined[-1] = (joined[-1][0], end)
            else:
                joined.append((start, end))
        return joined

    def flat(self, offset: int) -> int:
        """The offset in ``text`` of an offset of the document's text."""
        return offset - bisect_left(self._breaks, offset) if self._breaks else offset

    def canonical(self, start: int, end: int) -> tuple[int, int]:
        """The span of the document's text holding ``text[start:end]``."""
        if not self._breaks or end <= start:
            return start, end
        return start + bisect_right(self._breaks_flat, start), end - 1 + bisect_right(self._breaks_flat, end - 1) + 1

    def evidence(self, start: int, end: int) -> dict[str, Any]:
        """The evidence object of ``text[start:end]`` (offsets into the document's own text)."""
        return self._builder(*self.canonical(start, end))

    def with_sentence_before(self, start: int, end: int) -> str:
        """The text in ``text`` from the start of the sentence before the one holding ``start`` (in the same
        paragraph) to ``end``: the lead a clause such as 其中，… leans on."""
        index = bisect_right(self.spans, (start, len(self.text) + 1)) - 1
        if index < 0:
            return self.text[start:end]
        first = self.spans[index][0]
        if index > 0 and "\n" not in self.text[self.spans[index - 1][0]:first]:
            first = self.spans[index - 1][0]
        return self.text[first:max(end, self.spans[index][1])]

    def paragraph_spans(self) -> list[tuple[int, int]]:
        """The spans in ``text`` of the document's paragraphs."""
        return [(self.flat(p.start), self.flat(p.end)) for p in self.doc.paragraphs]

    @property
    def sentences(self) -> list[Sentence]:
        """The document's sentences, in order (built on first use: ``select`` mostly does without)."""
        if self._sentences is None:
            self._sentences = [Sentence(start, end, self.text[start:end]) for start, end in self.spans]
        return self._sentences

    def select(self, prefilter: re.Pattern[str], cue: re.Pattern[str] | None = None) -> list[Sentence]:
        """Sentences in which ``prefilter`` finds something; with a ``cue`` (``gates.cue``: a regex
        that finds something in every sentence from which the caller can extract anything), only
        those in which the cue finds something too, which are found first."""
        if cue is None:
            return self._select(prefilter)
        return [sentence for sentence in self._select(cue) if prefilter.search(sentence.text)]

    def _select(self, prefilter: re.Pattern[str]) -> list[Sentence]:
        """Sentences in which ``prefilter`` finds something.

        A plain prefilter (``_searchable_in_text``) is searched in the whole text, jumping from match
        to match: a sentence holds a match only if the text holds one starting inside that sentence,
        so the sentences before the next match of the text are skipped without a search of their own.
        """
        if not (self._disjoint and _searchable_in_text(prefilter)):
            return [sentence for sentence in self.sentences if prefilter.search(sentence.text)]
        selected: list[Sentence] = []
        position = 0
        while True:
            found = prefilter.search(self.text, position)
            if found is None:
                return selected
            index = bisect_right(self._ends, found.start())  # the first sentence ending after the match start
            if index == len(self.spans):
                return selected
            start, end = self.spans[index]
            if start > found.start():  # the match starts between sentences
                position = start
                continue
            if found.end() <= end or prefilter.search(self.text, start, end):
                selected.append(Sentence(start, end, self.text[start:end]))
            position = end

    def parsed(self, sentence: Sentence) -> Any:
        key = (sentence.start, sentence.end)
        if key not in self._parsed:
            self._parsed[key] = nlp.nlp()(sentence.text)
        return self._parsed[key]

    def matches(self, rules: str, sentence: Sentence, label: str | None = None) -> list[nlp.RuleMatch]:
        """Rule matches in a sentence, with offsets into the document's canonical text. A sentence the
        rules' gate rejects (no pattern with ``label`` can match in it) is not parsed."""
        if not nlp.may_match(rules, sentence.text, label):
            return []
        key = (rules, sentence.start, sentence.end)
        if key not in self._matches:
            self._matches[key] = [
                nlp.RuleMatch(rule_match.label, rule_match.value, sentence.start + rule_match.start,
                              sentence.start + rule_match.end, rule_match.text)
                for rule_match in nlp.match(rules, self.parsed(sentence))]
        return [rule_match for rule_match in self._matches[key] if label is None or rule_match.label == label]

    def value(self, start: int, end: int, /, **fields: Any) -> dict[str, Any]:
        """A value object: ``fields`` (those not None) plus the evidence of ``text[start:end]``."""
        start, end = self.trim(start, end)
        record = {key: item for key, item in fields.items() if item is not None}
        record["evidence"] = self.evidence(start, end)
        return record

    def title_value(self, start: int, end: int, /, **fields: Any) -> dict[str, Any]:
        """A value stated in the document's title (``doc.title[start:end]``): evidence with source ``title``."""
        record = {key: item for key, item in fields.items() if item is not None}
        record["evidence"] = outside_evidence(self.doc_id, "title", self.doc.title, self.doc.title_original or self.doc.title,
                                              start, end)
        return record

    def trim(self, start: int, end: int) -> tuple[int, int]:
        """The span without surrounding whitespace."""
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return start, end


def _searchable_in_text(prefilter: re.Pattern[str]) -> bool:
    """Whether a match of ``prefilter`` in a sentence is a match in the whole text and back: a plain
    regex (no anchors, lookarounds...) that cannot match the empty string."""
    return _plain_and_not_empty(prefilter.pattern, prefilter.flags)  # (hashing a compiled regex is slow)


@cache
def _plain_and_not_empty(regex: str, flags: int) -> bool:
    if flags & ~re.UNICODE:
        return False
    width = plain_width(regex)
    return width is not None and width > 0


def clauses(sentence: Sentence) -> list[tuple[int, int]]:
    """Absolute spans of the clauses of a sentence (between ，；：。 and their ASCII forms)."""
    spans = []
    position = 0
    for separator in CLAUSE_SPLIT.finditer(sentence.text):
        if separator.start() > position:
            spans.append((sentence.start + position, sentence.start + separator.start()))
        position = separator.end()
    if position < len(sentence.text):
        spans.append((sentence.start + position, sentence.end))
    return [span for span in spans if sentence.text[span[0] - sentence.start:span[1] - sentence.start].strip()]


class Fields:
    """The values of several fields of one record, each value kept once per (field, key): the repeated
    mentions of one condition in a document give one value, with the first mention as evidence."""

    def __init__(self, ctx: Context, names: tuple[str, ...]):
        self.ctx = ctx
        self.result: dict[str, list[dict[str, Any]]] = {name: [] for name in names}
        self._seen: set[tuple[str, Hashable]] = set()
        self._spans: list[tuple[int, int]] = []  # every span a value was read from (kept or a repeat)

    def covers(self, start: int, end: int) -> bool:
        """Whether a value was read from a span overlapping ``text[start:end]``."""
        return any(a < end and start < b for a, b in self._spans)

    def add(self, field: str, key: Hashable, start: int, end: int, **fields: Any) -> None:
        self._spans.append((start, end))
        if (field, key) not in self._seen:
            self._seen.add((field, key))
            self.result[field].append(self.ctx.value(start, end, **fields))
