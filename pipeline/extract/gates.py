"""Exact shortcuts: cheap tests on raw text that hold whenever a costlier step could find something,
so the extractors skip that step where the test fails and their output stays the same.

- Matcher gates (``gate_for``, used through ``nlp.gate``): derived from the spaCy patterns of a rules
  file. Every token's text is a substring of the sentence, so a required token ``{"TEXT": "公示"}``
  needs "公示" in the sentence, ``{"TEXT": {"IN": [...]}}`` one of the strings, and ``{"TEXT":
  {"REGEX": "^(任前)?公示$"}}`` a match of the regex without its ``^``/``$``; a pattern needs the
  conditions of all its required tokens, a label those of one of its patterns. A pattern none of
  whose required tokens gives a condition (only LOWER/NORM/... attributes, optional or negated
  tokens, a regex with lookarounds, anchors inside, flags or back-references) leaves its label
  without a gate (None): never skip.
- Requirements (``may_match``, ``finditer``): strings every match of a regular expression contains
  (``在中层干部`` for ``(?:^|[，。；,])(?P<org>…)在中层干部(?:选任|…)``), or one string of a set (one word
  of an alternation, ``满分|总分``); a text without them holds no match, and an ``in`` test is far
  cheaper than a search that tries the regex at every position.
- Plain regexes (``plain_width``): no anchors, lookarounds, back-references or flags, so whether one
  matches a span depends on the span's characters alone -- a match in a sentence is a match in the
  whole text (``Context.select`` searches the whole text).
"""

from __future__ import annotations

import os
import re
import re._constants as sre_constants
import re._parser as sre_parse
import warnings
from collections.abc import Iterator
from functools import cache
from typing import Any

Entry = tuple[int, str, str | None, list[dict[str, Any]]]  # line, label, id, pattern (as in nlp)

_PLAIN_OPS = frozenset({sre_constants.LITERAL, sre_constants.NOT_LITERAL, sre_constants.IN, sre_constants.ANY,
                        sre_constants.BRANCH, sre_constants.SUBPATTERN, sre_constants.MAX_REPEAT,
                        sre_constants.MIN_REPEAT})
_REPEATS = (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, sre_constants.POSSESSIVE_REPEAT)
_REQUIRED_OP = re.compile(r"^(?:\+|1|\{0*[1-9][0-9]*(?:,[0-9]*)?\})$")  # OPs under which a token must occur


# JIANGHUA_NO_SHORTCUTS=1 turns every shortcut off (no parse: no gate, no requirement, no plain regex),
# for checking that they change nothing (tests/test_extract_gates.py runs extract both ways).
_DISABLED = bool(os.environ.get("JIANGHUA_NO_SHORTCUTS"))
# Known answers the parse-tree reading must give; if CPython's private parser ever changes shape, the
# self-check fails and every shortcut is off (slower, same output) instead of silently wrong.
_SELF_CHECK = ((r"a(?:bc)+d", ("bc", "a", "d"), (), 4), (r"a(?:bc)?d", ("a", "d"), (), 2),
               (r"x{0,3}y", ("y",), (), 1), (r"(?:满分|总分)为?(\d+)", (), ("总分", "满分"), 3))


def _parse(regex: str, flags: int = 0) -> Any:
    if not _parser_ok():
        return None
    return _raw_parse(regex, flags)


def _raw_parse(regex: str, flags: int = 0) -> Any:
    try:
        return sre_parse.parse(regex, flags)
    except Exception:  # re.error, or anything a changed private parser raises
        return None


@cache
def _parser_ok() -> bool:
    if _DISABLED:
        return False
    try:
        for regex, literals, words, width in _SELF_CHECK:
            found: list[frozenset[str]] = []
            parsed = _raw_parse(regex)
            _requirements(parsed, found)
            requirement_ = Requirement(found)
            if (requirement_.literals, requirement_.words) != (literals, words) or not _is_plain(parsed) \
                    or parsed.getwidth()[0] != width:
                raise ValueError(regex)
    except Exception as exc:
        warnings.warn(f"jianghua.extract.gates: the regex parser gives unexpected trees ({exc}); shortcuts off",
                      RuntimeWarning, stacklevel=2)
        return False
    return True


def _is_plain(parsed: Any) -> bool:
    for op, argument in parsed:
        if op not in _PLAIN_OPS:
            return False
        if op is sre_constants.SUBPATTERN:
            _group, add_flags, del_flags, inner = argument
            if add_flags or del_flags or not _is_plain(inner):
                return False
        elif op is sre_constants.BRANCH:
            if not all(_is_plain(branch) for branch in argument[1]):
                return False
        elif op in _REPEATS:
            if not _is_plain(argument[2]):
                return False
    return True


def plain_width(regex: str) -> int | None:
    """The least width of a match of ``regex`` when it is plain (see the module docstring), else None."""
    parsed = _parse(regex)
    if parsed is None or parsed.state.flags & ~sre_constants.SRE_FLAG_UNICODE or not _is_plain(parsed):
        return None
    return parsed.getwidth()[0]


# Required strings.

_MAX_CLASS = 64  # a character class of at most this many characters counts as a set of strings


def _class_chars(items: Any) -> frozenset[str] | None:
    """The characters a class ``[...]`` matches, when it lists them (no negation, no \\d...)."""
    chars: set[str] = set()
    for op, argument in items:
        if op is sre_constants.LITERAL:
            chars.add(chr(argument))
        elif op is sre_constants.RANGE and argument[1] - argument[0] < _MAX_CLASS:
            chars.update(chr(code) for code in range(argument[0], argument[1] + 1))
        else:
            return None
    return frozenset(chars) if len(chars) <= _MAX_CLASS else None


def _best(options: list[frozenset[str]]) -> frozenset[str]:
    """The most selective set: longest shortest string, then fewest strings."""
    return max(options, key=lambda option: (min(map(len, option)), -len(option)))


def _requirements(parsed: Any, found: list[frozenset[str]]) -> None:
    """Append to ``found`` sets of strings such that every match of ``parsed`` contains one string of
    each set (a run of literal characters is a set of one)."""
    run: list[str] = []
    for op, argument in parsed:
        if op is sre_constants.LITERAL:
            run.append(chr(argument))
            continue
        if run:
            found.append(frozenset({"".join(run)}))
            run = []
        if op is sre_constants.SUBPATTERN and not (argument[1] or argument[2]):
            _requirements(argument[3], found)
        elif op is sre_constants.ATOMIC_GROUP:
            _requirements(argument, found)
        elif op in _REPEATS and argument[0] >= 1:
            _requirements(argument[2], found)
        elif op is sre_constants.BRANCH:
            options: list[frozenset[str]] = []
            for branch in argument[1]:
                inner: list[frozenset[str]] = []
                _requirements(branch, inner)
                if not inner:
                    break  # this alternative requires nothing
                options.append(_best(inner))
            else:
                found.append(frozenset().union(*options))
        elif op is sre_constants.IN:
            chars = _class_chars(argument)
            if chars:
                found.append(chars)
        # anything else (an optional part, an assertion, \\d...) requires no given string
    if run:
        found.append(frozenset({"".join(run)}))


class Requirement:
    """What every match of a regex contains: each of ``literals`` and, when there are ``words``, one
    of them (one string of a set, e.g. the words of an alternation)."""

    def __init__(self, found: list[frozenset[str]]):
        singles = {next(iter(option)) for option in found if len(option) == 1}
        # the longest few strings, not those inside a longer one (most selective, cheapest to test)
        kept = [s for s in sorted(singles, key=lambda s: (-len(s), s)) if not any(s in t for t in singles if t != s)]
        self.literals = tuple(kept[:3])
        sets = [option for option in found if len(option) > 1]
        self.words = tuple(sorted(_best(sets), key=lambda s: (-len(s), s))) if sets else ()
        self.alternatives = re.compile("|".join(map(re.escape, self.words))) if self.words else None

    def __call__(self, text: str) -> bool:
        for literal in self.literals:
            if literal not in text:
                return False
        return self.alternatives is None or self.alternatives.search(text) is not None

    @property
    def best(self) -> frozenset[str] | None:
        """The most selective single condition, as the strings one of which a match contains: the
        longest literal, or ``words`` when their shortest is longer (None when nothing is known)."""
        literal = self.literals[0] if self.literals else ""
        if self.words and len(self.words[-1]) > len(literal):
            return frozenset(self.words)
        return frozenset({literal}) if literal else None


def requirement(pattern: re.Pattern[str]) -> Requirement:
    """The requirement of ``pattern`` (one that holds of every text when nothing is known)."""
    return _requirement(pattern.pattern, pattern.flags)


@cache
def _requirement(regex: str, flags: int) -> Requirement:
    found: list[frozenset[str]] = []
    if not flags & re.IGNORECASE:
        parsed = _parse(regex, flags)
        if parsed is not None and not parsed.state.flags & re.IGNORECASE:
            _requirements(parsed, found)
    return Requirement(found)


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
            words |= _best(options)
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
