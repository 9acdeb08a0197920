"""spaCy for token-level rule matching: a blank ``zh`` pipeline whose tokenizer is jianghua's own
jieba segmenter (so tokens agree with the word index), and Matchers built from the JSONL pattern
files under ``resources/rules/``.

Each line of a rules file is one pattern::

    {"label": "STAGE", "id": "报名", "pattern": [{"TEXT": {"REGEX": "^(组织)?报名$"}}]}

``id`` is the canonical value the pattern stands for (optional). A bad line is reported as
``rules/NAME.jsonl:LINE`` (error R500). Both the pipeline and the Matchers are built once per
process by cached factory functions, not kept in mutable module globals.

Parsing a sentence costs far more than any regular expression, so each rules file also yields, per
label, a *gate* derived from its patterns (``gate(name, label)``, see ``gates``): a test on the raw
sentence text that holds whenever some pattern of that label can match, so that sentences failing
it are never parsed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from ... import errors, resources
from ..segment import default_segmenter
from .gates import Entry, Gate, gate_for

RULE_FILES = ("stages", "recommendation", "cues")


@dataclass(frozen=True)
class RuleMatch:
    label: str
    value: str  # the pattern's canonical id, or the matched text when it has none
    start: int  # character offsets in the text the match was made on
    end: int
    text: str


class SegmenterTokenizer:
    """A spaCy tokenizer over ``cut`` (jieba words without whitespace); whitespace kept so that
    ``doc.text`` is exactly the input."""

    def __init__(self, vocab: Any, cut: Callable[[str], list[str]]):
        self.vocab = vocab
        self.cut = cut

    def __call__(self, text: str) -> Any:
        from spacy.tokens import Doc

        words: list[str] = []
        spaces: list[bool] = []
        position = 0
        for word in self.cut(text):
            index = text.find(word, position)
            if index < 0:  # cannot happen with jieba, which never alters characters
                continue
            self._gap(text[position:index], words, spaces)
            words.append(word)
            spaces.append(False)
            position = index + len(word)
        self._gap(text[position:], words, spaces)
        return Doc(self.vocab, words=words, spaces=spaces)

    @staticmethod
    def _gap(gap: str, words: list[str], spaces: list[bool]) -> None:
        if not gap:
            return
        if gap == " " and words and not spaces[-1]:
            spaces[-1] = True
        else:
            words.append(gap)
            spaces.append(False)


@cache
def nlp() -> Any:
    """The blank Chinese pipeline with the jieba segmenter (built once per process)."""
    import spacy

    pipeline = spacy.blank("zh")
    pipeline.tokenizer = SegmenterTokenizer(pipeline.vocab, default_segmenter().cut)
    return pipeline


def parse_pattern_lines(resource: str, lines: Iterable[tuple[int, str]]) -> list[Entry]:
    """(line, label, id, pattern) for numbered JSONL lines; a bad line raises R500 ``resource:line``."""
    entries = []
    for number, line in lines:
        try:
            entry = json.loads(line)
        except json.JSONDecodeError as exc:
            raise errors.R500.error("not_json", path=resource, line=number, error=exc.msg) from exc
        if not isinstance(entry, dict) or set(entry) - {"label", "id", "pattern"}:
            raise errors.R500.error("rule_keys", path=resource, line=number)
        label, pattern, value = entry.get("label"), entry.get("pattern"), entry.get("id")
        if not isinstance(label, str) or not label or "|" in label:
            raise errors.R500.error("rule_label", path=resource, line=number)
        if value is not None and not isinstance(value, str):
            raise errors.R500.error("rule_id", path=resource, line=number)
        if not isinstance(pattern, list) or not pattern or not all(isinstance(t, dict) for t in pattern):
            raise errors.R500.error("rule_pattern", path=resource, line=number)
        entries.append((number, label, value, pattern))
    return entries


def build_matcher(resource: str, entries: list[Entry]) -> Any:
    """A spaCy Matcher over ``entries``; a pattern spaCy rejects raises R500 ``resource:line``."""
    from spacy.errors import MatchPatternError
    from spacy.matcher import Matcher

    rule_matcher = Matcher(nlp().vocab, validate=True)
    for number, label, value, pattern in entries:
        try:
            rule_matcher.add(f"{label}|{value or ''}", [pattern])
        except (MatchPatternError, ValueError, KeyError) as exc:
            raise errors.R500.error("bad_pattern", path=resource, line=number, error=" ".join(str(exc).split())[:200]) from exc
    return rule_matcher


@cache
def matcher(name: str) -> Any:
    """The Matcher of ``rules/NAME.jsonl`` (built once per process)."""
    resource = f"rules/{name}.jsonl"
    return build_matcher(resource, parse_pattern_lines(resource, resources.data_lines(resource)))


def match(name: str, spacy_doc: Any) -> list[RuleMatch]:
    """Matches of ``rules/NAME.jsonl`` in a parsed text, longest first where they overlap, in order."""
    from spacy.util import filter_spans

    rule_matcher = matcher(name)
    vocab = spacy_doc.vocab
    spans = []
    for match_id, start, end in rule_matcher(spacy_doc):
        span = spacy_doc[start:end]
        span.label_ = vocab.strings[match_id]
        spans.append(span)
    found = []
    for span in sorted(filter_spans(spans), key=lambda s: s.start_char):
        label, _, value = span.label_.partition("|")
        found.append(RuleMatch(label, value or span.text, span.start_char, span.end_char, span.text))
    return found


def load() -> None:
    """Build the pipeline and every Matcher now (once per process): most documents need no parse at
    all, so without this the cost of importing spaCy would fall on whichever document first does."""
    for name in RULE_FILES:
        matcher(name)


def may_match(name: str, text: str, label: str | None = None) -> bool:
    """False only when no pattern of ``rules/NAME.jsonl`` with ``label`` can match in ``text``."""
    rules_gate = gate(name, label)
    return rules_gate is None or rules_gate(text)


@cache
def gate(name: str, label: str | None = None) -> Gate | None:
    """The gate of ``rules/NAME.jsonl`` for ``label`` (see the module docstring and ``gates``), built once."""
    resource = f"rules/{name}.jsonl"
    return gate_for(parse_pattern_lines(resource, resources.data_lines(resource)), label)
