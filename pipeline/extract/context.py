"""What every field extractor reads: one document's sentences, an evidence builder, and spaCy
matches computed only for the sentences a cheap prefilter selects (spaCy is slow; most sentences of
a speech state no rule)."""

from __future__ import annotations

import re
from typing import Any

from ..document import Document
from . import nlp
from .evidence import EvidenceBuilder, Sentence, document_sentences

# Clause separators inside a sentence (ASCII ones survive normalization next to digits: "40%,经过").
CLAUSE_SPLIT = re.compile(r"[，,；;。！？!?]|(?<![0-9])[：:]|[：:](?![0-9])")


class Context:
    def __init__(self, doc: Document, doc_id: str):
        self.doc = doc
        self.doc_id = doc_id
        self.text = doc.text
        self.sentences: list[Sentence] = document_sentences(doc)
        self.evidence = EvidenceBuilder(doc, doc_id, self.sentences)
        self.default_year: int | None = None  # the document's own year, once meta has found it
        self._parsed: dict[tuple[int, int], Any] = {}

    def select(self, prefilter: re.Pattern[str]) -> list[Sentence]:
        """Sentences in which ``prefilter`` finds something."""
        return [sentence for sentence in self.sentences if prefilter.search(sentence.text)]

    def parsed(self, sentence: Sentence) -> Any:
        key = (sentence.start, sentence.end)
        if key not in self._parsed:
            self._parsed[key] = nlp.nlp()(sentence.text)
        return self._parsed[key]

    def matches(self, rules: str, sentence: Sentence, label: str | None = None) -> list[nlp.RuleMatch]:
        """Rule matches in a sentence, with offsets into the document's canonical text."""
        found = []
        for rule_match in nlp.match(rules, self.parsed(sentence)):
            if label is None or rule_match.label == label:
                found.append(nlp.RuleMatch(rule_match.label, rule_match.value, sentence.start + rule_match.start,
                                           sentence.start + rule_match.end, rule_match.text))
        return found

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
        self._seen: set[tuple[str, str]] = set()

    def add(self, field: str, key: str, start: int, end: int, **fields: Any) -> None:
        if (field, key) not in self._seen:
            self._seen.add((field, key))
            self.result[field].append(self.ctx.value(start, end, **fields))
