"""Exact screens read from regular expressions' parse trees: cheap tests that hold of every text in which
a regex (or a table of them) can find something, so a caller skips the regex where a test fails and its
output stays the same. The clean stage screens its furniture tables with ``table_screen``; the extract
stage uses ``requirement`` and ``plain_width`` (and ``extract.gates`` builds its Matcher gates on them).

- Requirements (``requirement``): strings every match of a regular expression contains
  (``在中层干部`` for ``(?:^|[，。；,])(?P<org>…)在中层干部(?:选任|…)``), or one string of a set (one word
  of an alternation, ``满分|总分``); a text without them holds no match, and an ``in`` test is far
  cheaper than a search that tries the regex at every position.
- Plain regexes (``plain_width``): no anchors, lookarounds, back-references or flags, so whether one
  matches a span depends on the span's characters alone.
- Table screens (``table_screen``): one test for a whole table of patterns, true wherever a row matches.

The trees come from CPython's private ``re._parser``. A self-check of known answers turns every screen
off (slower, same output) if their shape ever changes; JIANGHUA_NO_SHORTCUTS=1 turns them off too, for
checking that they change nothing (the extract and clean tests run both ways).
"""

from __future__ import annotations

import os
import re
import re._constants as sre_constants
import re._parser as sre_parse
import warnings
from collections.abc import Callable
from functools import cache
from typing import Any

_PLAIN_OPS = frozenset({sre_constants.LITERAL, sre_constants.NOT_LITERAL, sre_constants.IN, sre_constants.ANY,
                        sre_constants.BRANCH, sre_constants.SUBPATTERN, sre_constants.MAX_REPEAT,
                        sre_constants.MIN_REPEAT})
_REPEATS = (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, sre_constants.POSSESSIVE_REPEAT)
_AT_START = (sre_constants.AT_BEGINNING, sre_constants.AT_BEGINNING_STRING)
_BROAD_CATEGORIES = (sre_constants.CATEGORY_NOT_SPACE, sre_constants.CATEGORY_NOT_WORD,
                     sre_constants.CATEGORY_NOT_DIGIT)
# numbered and named back-references, conditionals: group numbers change inside a union
_GROUP_REFERENCE = re.compile(r"\\[1-9]|\(\?P=|\(\?\(")


# JIANGHUA_NO_SHORTCUTS=1 turns every screen off (see the module docstring).
_DISABLED = bool(os.environ.get("JIANGHUA_NO_SHORTCUTS"))
# Known answers the parse-tree reading must give; if CPython's private parser ever changes shape, the
# self-check fails and every shortcut is off (slower, same output) instead of silently wrong.
_SELF_CHECK = ((r"a(?:bc)+d", ("bc", "a", "d"), (), 4), (r"a(?:bc)?d", ("a", "d"), (), 2),
               (r"x{0,3}y", ("y",), (), 1), (r"(?:满分|总分)为?(\d+)", (), ("总分", "满分"), 3))
# and for table screens: (regex, the best requirement, anchored at the start, opens with a run)
_SCREEN_CHECK = ((r"^(ab|cd)e", frozenset({"ab", "cd"}), True, False), (r"x[yz]+", frozenset({"x"}), False, False),
                 (r"^[^a]{1,3}(>|&gt;)", frozenset({">", "&gt;"}), True, True),
                 (r"^(.*第\d+篇){2,}", frozenset({"第"}), True, False), (r"^a|b", frozenset({"a", "b"}), False, False),
                 (r"^(第\d+页)?共", frozenset({"共"}), True, False), (r"\d+(?i:ab)c?", None, False, False),
                 (r"(\S{1,6}\s+){5,}", None, False, True))


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
        for regex, best, anchored, run in _SCREEN_CHECK:
            items = list(_raw_parse(regex))
            found = []
            _requirements(items, found)
            if (Requirement(found).best, _anchored(items), _opens_with_a_run(items)) != (best, anchored, run):
                raise ValueError(regex)
    except Exception as exc:
        warnings.warn(f"jianghua.screens: the regex parser gives unexpected trees ({exc}); shortcuts off",
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


# --- required strings ------------------------------------------------------------------------

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


def best(options: list[frozenset[str]]) -> frozenset[str]:
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
                options.append(best(inner))
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
        self.words = tuple(sorted(best(sets), key=lambda s: (-len(s), s))) if sets else ()
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


# --- table screens ---------------------------------------------------------------------------
#
# Almost no line is furniture, so what a line costs is mostly the proof that no row of a table matches
# it. Row by row that is a Python call per row; one union of all rows is slower still, being tried at
# every position of the line while most rows are anchored at ^ and fail there at once. A screen
# groups the rows by their parse trees (``re._parser``, checked by ``_parser_ok``):
#   - rows anchored at ^ form one union tried at position 0 only (``match``);
#   - a row every match of which holds one of a few strings (``(ICP备|ICP证|公网安备)``) gives them to
#     one alternation of plain strings, searched once (the engine only stops where a first character
#     of one of them stands): unanchored rows whose strings are words, not single characters (one
#     Chinese character is in too many lines to screen anything), and anchored rows that open with a
#     run of arbitrary characters (the breadcrumb row's ``[^。，；！？]{1,30}``: at position 0 the engine
#     backtracks over the whole run on every line);
#   - other unanchored rows form one union searched.
# A row that cannot join a union (flags, group references, named groups) is tried on its own. A
# screen finds something in every text in which a row does; then the rows, in table order, decide.


def _broad(op: Any, argument: Any) -> bool:
    """A one-character item most characters match: ``.``, ``[^...]``, a negated literal, ``\\S``..."""
    if op is sre_constants.ANY or op is sre_constants.NOT_LITERAL:
        return True
    return op is sre_constants.IN and any(
        item_op is sre_constants.NEGATE or (item_op is sre_constants.CATEGORY and item in _BROAD_CATEGORIES)
        for item_op, item in argument)


def _opens_with_a_run(items: Any) -> bool:
    """Whether a match may open with a run of arbitrary characters (a repeat of a broad item) not
    followed by a literal: tried at position 0, the engine backtracks over all of the run. (Decides
    only how a row is screened, never whether.)"""
    for index, (op, argument) in enumerate(items):
        rest = items[index + 1:]
        if op is sre_constants.AT:
            continue
        if op is sre_constants.SUBPATTERN:
            return _opens_with_a_run([*argument[3], *rest])
        if op is sre_constants.BRANCH:
            return any(_opens_with_a_run([*branch, *rest]) for branch in argument[1])
        if op in _REPEATS:
            inner = list(argument[2])
            if len(inner) == 1 and _broad(*inner[0]) and argument[1] > 1:
                return not (rest and rest[0][0] is sre_constants.LITERAL)
            return _opens_with_a_run([*inner, *rest])
        return False
    return False


def _anchored(items: Any) -> bool:
    """Whether every match starts at position 0 (a leading ^ or \\A outside any alternation)."""
    return bool(items) and items[0][0] is sre_constants.AT and items[0][1] in _AT_START


def _union(patterns: list[re.Pattern[str]]) -> re.Pattern[str] | None:
    try:
        return re.compile("|".join(f"(?:{pattern.pattern})" for pattern in patterns))
    except re.error:
        return None


def table_screen(rows: tuple[tuple[str, re.Pattern[str], str], ...]) -> Callable[[str], object] | None:
    """A test true of every text in which a row of ``rows`` (a ``pattern_table``) finds something, and
    false for most others; None when there is nothing better than trying the rows."""
    if not rows or not _parser_ok():
        return None
    strings: set[str] = set()
    anchored: list[re.Pattern[str]] = []
    floating: list[re.Pattern[str]] = []
    alone: list[re.Pattern[str]] = []
    for _code, pattern, _description in rows:
        parsed = _raw_parse(pattern.pattern, pattern.flags)
        if parsed is None:
            alone.append(pattern)
            continue
        items = list(parsed)
        needed = requirement(pattern).best
        joins = (pattern.flags == re.UNICODE and not pattern.groupindex
                 and not _GROUP_REFERENCE.search(pattern.pattern))
        starts = joins and _anchored(items)
        if starts and not (needed and _opens_with_a_run(items)):
            anchored.append(pattern)
        elif needed and (starts or min(map(len, needed)) > 1):
            strings |= needed
        elif joins:
            floating.append(pattern)
        else:
            alone.append(pattern)
    tests: list[Callable[[str], object]] = []
    for group, method in ((anchored, "match"), (floating, "search")):
        union = _union(group) if len(group) > 1 else None
        if union is not None:
            tests.append(getattr(union, method))
        else:
            alone.extend(group)
    if strings:  # a string holding a shorter one of the set adds nothing
        kept = sorted((s for s in strings if not any(t != s and t in s for t in strings)), key=lambda s: (-len(s), s))
        tests.append(re.compile("|".join(map(re.escape, kept))).search)
    tests.extend(pattern.search for pattern in alone)
    if len(tests) == 1:
        return tests[0]
    if len(tests) == 2:
        first, second = tests
        return lambda text: first(text) or second(text)
    return lambda text: any(test(text) for test in tests)
