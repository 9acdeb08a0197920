"""Exact shortcuts for the extractors: cheap tests on raw text that hold whenever a costlier step could
find something, so the extractors skip that step where the test fails and their output stays the same.

- Matcher gates (``gate_for``, used through ``nlp.gate``): derived from the spaCy patterns of a rules
  file. Every token's text is a substring of the sentence, so a required token ``{"TEXT": "公示"}``
  needs "公示" in the sentence, ``{"TEXT": {"IN": [...]}}`` one of the strings, and ``{"TEXT":
  {"REGEX": "^(任前)?公示$"}}`` a match of the regex without its ``^``/``$``; a pattern needs the
  conditions of all its required tokens, a label those of one of its patterns. A pattern none of
  whose required tokens gives a condition (only LOWER/NORM/... attributes, optional or negated
  tokens, a regex with lookarounds, anchors inside, flags or back-references) leaves its label
  without a gate (None): never skip.
- Requirements of the field regexes (``may_match``, ``finditer``, ``cue``), read from their parse trees by
  ``jianghua.screens`` (with plain regexes, ``plain_width``: a match in a sentence is a match in the
  whole text, so ``Context.select`` searches the whole text).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..screens import best, plain_width, requirement

Entry = tuple[int, str, str | None, list[dict[str, Any]]]  # line, label, id, pattern (as in nlp)

_REQUIRED_OP = re.compile(r"^(?:\+|1|\{0*[1-9][0-9]*(?:,[0-9]*)?\})$")  # OPs under which a token must occur


def may_match(pattern: re.Pattern[str], text: str) -> bool:
    """False only when ``pattern`` cannot match anywhere in ``text`` (it lacks what every match holds)."""
    return requirement(pattern)(text)


def may_match_any(patterns: tuple[re.Pattern[str], ...], text: str) -> bool:
    """False only when none of ``patterns`` can match anywhere in ``text``."""
    return any(requirement(pattern)(text) for pattern in patterns)


def finditer(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, skipped at once when ``text`` lacks what every match holds."""
    return pattern.finditer(text) if requirement(pattern)(text) else iter(())


def _any_word(words: frozenset[str]) -> re.Pattern[str]:
    """An alternation of plain words (every branch starts with a literal: the regex engine then only
    tries the positions holding one of their first characters)."""
    if not words:
        return re.compile(r"[^\s\S]")  # matches nothing
    return re.compile("|".join(re.escape(word) for word in sorted(words, key=lambda w: (-len(w), w))))


def cue(*conditions: re.Pattern[str] | Gate | None) -> re.Pattern[str] | None:
    """One alternation of words that finds something in every text in which one of ``conditions``
    (regexes, and Matcher gates -- a None gate is always true) may match; None when one of them gives
    no word. Searched over a whole document (``Context.select``), it skips most sentences at once."""
    words: set[str] = set()
    for condition in conditions:
        found = condition.words if isinstance(condition, Gate) else (
            None if condition is None else requirement(condition).best)
        if found is None:
            return None
        words |= found
    return _any_word(frozenset(words))


# Matcher gates.

def _unanchored(regex: str) -> str | None:
    """``regex`` without a leading ``^`` and a trailing ``$``, when what remains is plain and has no
    named group (names could clash once conditions are joined)."""
    body = regex[1:] if regex.startswith("^") else regex
    if body.endswith("$"):
        backslashes = len(body) - 1 - len(body[:-1].rstrip("\\"))
        if backslashes % 2 == 0:  # after an odd number of backslashes "$" is a literal dollar sign
            body = body[:-1]
    if "(?P" in body or plain_width(body) is None:
        return None
    return body


NEVER = "[^\\s\\S]"  # the condition of a token no text matches ({"IN": []})


def token_condition(token: dict[str, Any]) -> str | None:
    """A regex whose match the text of any token matching ``token`` contains; None when the token's
    TEXT/ORTH gives none."""
    for key, spec in token.items():
        if not isinstance(key, str) or key.upper() not in ("TEXT", "ORTH"):
            continue
        if isinstance(spec, str):
            return re.escape(spec)
        if not isinstance(spec, dict):
            continue
        values = spec.get("IN")
        if isinstance(values, list) and all(isinstance(v, str) for v in values):
            if not values:
                return NEVER
            return "|".join(re.escape(v) for v in sorted(set(values), key=lambda v: (-len(v), v)))
        if isinstance(spec.get("REGEX"), str):
            found = _unanchored(spec["REGEX"])
            if found is not None:
                return found
    return None


def pattern_conditions(pattern: list[dict[str, Any]]) -> list[str] | None:
    """The conditions of a pattern's required tokens: None when no required token gives one, empty
    when the pattern can match nothing."""
    conditions: list[str] = []
    for token in pattern:
        op = token.get("OP")
        if op is not None and not (isinstance(op, str) and _REQUIRED_OP.match(op)):
            continue  # ?, *, ! and {0,n}: the token need not occur
        condition = token_condition(token)
        if condition == NEVER:
            return []
        if condition is not None and condition not in conditions:
            conditions.append(condition)
    return conditions or None


class Gate:
    """Whether a text may hold a match of some pattern: for one of the patterns, the text contains a
    match of every condition of its required tokens. ``words`` -- for each pattern, the strings one
    of which its most selective condition needs (``Requirement.best``) -- are searched first, as one
    alternation (``quick``) that rejects most texts at once; None when a pattern gives no words."""

    def __init__(self, patterns: list[list[str]]):
        self.patterns = [tuple(re.compile(regex) for regex in conditions) for conditions in patterns]
        words: set[str] = set()
        self.words: frozenset[str] | None = None
        for conditions in self.patterns:
            options = [best for best in (requirement(condition).best for condition in conditions) if best]
            if not options:
                break  # a pattern that gives no words: no quick test
            words |= best(options)
        else:
            self.words = frozenset(words)
        self.quick = _any_word(self.words) if self.words is not None else None

    def __call__(self, text: str) -> bool:
        if self.quick is not None and not self.quick.search(text):
            return False
        return any(all(condition.search(text) for condition in conditions) for conditions in self.patterns)


def gate_for(entries: list[Entry], label: str | None = None) -> Gate | None:
    """The gate of the patterns of ``entries`` with ``label`` (any label when None); None when some
    pattern gives no condition (then no text may be skipped)."""
    patterns: list[list[str]] = []
    for _number, entry_label, _value, pattern in entries:
        if label is not None and entry_label != label:
            continue
        conditions = pattern_conditions(pattern)
        if conditions is None:
            return None
        if conditions and conditions not in patterns:
            patterns.append(conditions)
    return Gate(patterns)
