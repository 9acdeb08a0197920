"""What every field extractor reads: one document's sentences, an evidence builder, and spaCy
matches computed only for the sentences a cheap prefilter selects and the rules' gate accepts (spaCy
is slow; most sentences of a speech state no rule). Every shortcut here is exact (``gates``): it
skips only work that could not have found anything."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Hashable
from functools import cache
from typing import Any

from ..document import Document
from . import nlp
from .evidence import EvidenceBuilder, Sentence, sentence_spans
from .gates import plain_width

# Clause separators inside a sentence (ASCII ones survive normalization next to digits: "40%,经过").
CLAUSE_SPLIT = re.compile(r"[，,；;。！？!?]|(?<![0-9])[：:]|[：:](?![0-9])")


class Context:
    def __init__(self, doc: Document, doc_id: str):
        self.doc = doc
        self.doc_id = doc_id
        self.text = doc.text
        self.spans = sentence_spans(doc)
        self.evidence = EvidenceBuilder(doc, doc_id, self.spans)
        self.default_year: int | None = None  # the document's own year, once meta has found it
        self._sentences: list[Sentence] | None = None
        self._ends = [end for _start, end in self.spans]
        self._disjoint = all(before[1] <= after[0] for before, after in zip(self.spans, self.spans[1:], strict=False))
        self._parsed: dict[tuple[int, int], Any] = {}
        self._matches: dict[tuple[str, int, int], list[nlp.RuleMatch]] = {}

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

    def add(self, field: str, key: Hashable, start: int, end: int, **fields: Any) -> None:
        if (field, key) not in self._seen:
            self._seen.add((field, key))
            self.result[field].append(self.ctx.value(start, end, **fields))
