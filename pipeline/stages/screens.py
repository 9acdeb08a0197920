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
from collections.abc import Callable, Iterable
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
# and for the first characters of anchored rows: (regex, the characters, the categories) or None
_FIRST_CHECK = ((r"^(?:a|bc)?[de]f", frozenset("abde"), 0), (r"^[（(]?\s*x", frozenset("（(x"), 1),
                (r"^x*$", None, 0), (r"^[^a]b", None, 0), (r"^.{0,9}x", None, 0))


def switched_off() -> bool:
    """Whether JIANGHUA_NO_SHORTCUTS=1 turned every screen off (tests of the screens themselves skip then)."""
    return _DISABLED


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
        for regex, chars, n_categories in _FIRST_CHECK:
            first = _first_chars(list(_raw_parse(regex)))
            if (None if first is None else (first.chars, len(first.categories))) != \
                    (None if chars is None else (chars, n_categories)):
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


# --- any of a set of strings -------------------------------------------------------------------
#
# A screen asks whether a text holds one of a set of plain strings (a row's required words, a table's).
# The regex engine tries an alternation at each position holding the first character of one of its
# branches, and there it tries the branches one after another: with 200 words, 200 checks at every
# such position (an eighth of the characters of a page's lines). ``any_of`` puts the words under their
# first characters (一(?:起来看看吧|键复制)|关(?:注公众号|注我们|灯)|...): one check per first character,
# then the few words that share it. Measured on the 170k lines of 20 MB of bench pages: the line
# table's 201 words 0.41 -> 0.27 CPU s, the inline table's 62 0.17 -> 0.14 s.


def any_of(strings: Iterable[str]) -> re.Pattern[str]:
    """A regex that finds something in exactly the texts holding one of ``strings`` (which one, and
    where, it does not say: a screen's test). No strings: a regex that finds nothing."""
    words = set(strings)
    if "" in words:
        return re.compile("")
    if not words:
        return re.compile(r"[^\s\S]")
    # a word holding another word of the set adds nothing; then the rest by their first character
    kept = [w for w in words if not any(v != w and v in w for v in words)]
    by_first: dict[str, list[str]] = {}
    for word in sorted(kept, key=lambda w: (-len(w), w)):
        by_first.setdefault(word[0], []).append(word[1:])
    branches = []
    for first, rests in sorted(by_first.items()):
        if len(rests) == 1:
            branches.append(re.escape(first + rests[0]))
        else:  # no rest is empty: the first character alone would hold every other word of the group
            branches.append(re.escape(first) + "(?:" + "|".join(map(re.escape, rests)) + ")")
    return re.compile("|".join(branches))


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
        self.alternatives = any_of(self.words) if self.words else None
        # the characters every match holds: those of each single string, those every string of a set shares
        self.chars = frozenset().union(*(frozenset.intersection(*map(frozenset, option)) for option in found))

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
#   - rows anchored at ^ are tried at position 0 only (``match``), each line against the rows that may
#     start with its first character (``_anchored_dispatch``);
#   - a row every match of which holds one of a few strings (``(ICP备|ICP证|公网安备)``) gives them to
#     one alternation of plain strings, searched once (the engine only stops where a first character
#     of one of them stands): unanchored rows whose strings are words or single characters that are
#     not Chinese (one Chinese character is in too many lines to screen anything; a lone — or ‹ is
#     rare, and the pagination row ``(?<![—\d])—…`` opens with a lookbehind, which makes a union of it
#     try every position), anchored rows that open with a run of arbitrary characters (the breadcrumb
#     row's ``[^。，；！？]{1,30}``: at position 0 the engine backtracks over the whole run on every
#     line), and anchored rows whose first character is not known that need a word;
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


# --- first characters of anchored rows ---------------------------------------------------------
#
# The anchored union is tried at position 0 only, yet each of its ~55 alternatives is tried there (the
# engine skips an alternative by its first character only when it opens with a literal). So the
# anchored rows are split by the characters a match can start with (``_first_chars``): a line is tried
# against the rows that may start with its first character, plus the rows whose first character is
# not known (a run of ``[^...]``, ``.``, ``\S``). Measured in CPU seconds on the 43k lines of 5 MB of
# bench pages: the anchored union cost 4.0 us a line, the dispatch 1.5 us; the clean stage 1.09 -> 0.86 s.

# \s and \d in a str pattern (no ASCII flag) match what str.isspace / str.isdecimal accept
_CATEGORY_TESTS = {sre_constants.CATEGORY_SPACE: str.isspace, sre_constants.CATEGORY_DIGIT: str.isdecimal}


class _FirstChars:
    """The characters a match may start with: ``chars``, or any character of the ``categories``."""

    def __init__(self, chars: frozenset[str] = frozenset(), categories: frozenset[Any] = frozenset()):
        self.chars, self.categories = chars, categories

    def __or__(self, other: _FirstChars) -> _FirstChars:
        return _FirstChars(self.chars | other.chars, self.categories | other.categories)


def _first_chars(items: Any) -> _FirstChars | None:
    """What the first character of any match of ``items`` (a parse tree's item list, matched at
    position 0) must be; None when not known or when a match may be empty."""
    for index, (op, argument) in enumerate(items):
        rest = list(items[index + 1:])
        if op is sre_constants.AT and argument in _AT_START:
            continue
        if op is sre_constants.LITERAL:
            return _FirstChars(frozenset({chr(argument)}))
        if op is sre_constants.IN:
            return _class_first(argument)
        if op is sre_constants.SUBPATTERN:
            if argument[1] or argument[2]:
                return None
            return _first_chars([*argument[3], *rest])
        if op is sre_constants.BRANCH:
            found = _FirstChars()
            for branch in argument[1]:
                first = _first_chars([*branch, *rest])
                if first is None:
                    return None
                found = found | first
            return found
        if op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT):
            inner = _first_chars([*argument[2], *rest])
            if argument[0] >= 1 or inner is None:
                return inner
            after = _first_chars(rest)
            return None if after is None else inner | after
        return None  # ., [^...], \S, assertions, $, group references...
    return None  # the match may be empty


def _class_first(items: Any) -> _FirstChars | None:
    chars: set[str] = set()
    categories = set()
    for op, argument in items:
        if op is sre_constants.LITERAL:
            chars.add(chr(argument))
        elif op is sre_constants.RANGE and argument[1] - argument[0] < _MAX_CLASS:
            chars.update(chr(code) for code in range(argument[0], argument[1] + 1))
        elif op is sre_constants.CATEGORY and argument in _CATEGORY_TESTS:
            categories.add(argument)
        else:
            return None
    return _FirstChars(frozenset(chars), frozenset(categories))


def _anchored_dispatch(patterns: list[re.Pattern[str]]) -> Callable[[str], object] | None:
    """``match`` of the union of ``patterns`` (rows anchored at ^), tried only with the rows that may
    start with the text's first character; None when a row cannot be read or a union fails."""
    firsts = []
    for pattern in patterns:
        parsed = _raw_parse(pattern.pattern, pattern.flags)
        firsts.append(None if parsed is None else _first_chars(list(parsed)))
    open_rows = [p for p, first in zip(patterns, firsts, strict=True) if first is None]
    categories = frozenset().union(*(f.categories for f in firsts if f is not None))
    tests = [_CATEGORY_TESTS[category] for category in categories]
    everything = _union(patterns) if len(patterns) > 1 else patterns[0]
    by_rows: dict[tuple[int, ...], re.Pattern[str] | None] = {}
    by_char: dict[str, re.Pattern[str] | None] = {}
    for char in frozenset().union(*(f.chars for f in firsts if f is not None)):
        rows = tuple(i for i, f in enumerate(firsts) if f is None or char in f.chars)
        if rows not in by_rows:
            members = [patterns[i] for i in rows]
            by_rows[rows] = _union(members) if len(members) > 1 else members[0]
        by_char[char] = by_rows[rows]
    otherwise = (_union(open_rows) if len(open_rows) > 1 else open_rows[0]) if open_rows else None
    if everything is None or None in by_rows.values() or (len(open_rows) > 1 and otherwise is None):
        return None

    def rows_for(first: str) -> re.Pattern[str] | None:
        if first and any(test(first) for test in tests):  # a row may open with \s or \d: all of them
            return everything
        return by_char.get(first, otherwise)

    memo: dict[str, re.Pattern[str] | None] = {}  # rows_for of each first character met so far

    def dispatch(text: str) -> object:
        first = text[:1]
        if first not in memo:
            memo[first] = rows_for(first)
        union = memo[first]
        return union is not None and union.match(text)

    return dispatch


def _union(patterns: list[re.Pattern[str]]) -> re.Pattern[str] | None:
    try:
        return re.compile("|".join(f"(?:{pattern.pattern})" for pattern in patterns))
    except re.error:
        return None


def _holding(chars: list[str], search: Callable[[str], object]) -> Callable[[str], object]:
    """``search``, tried only on a text that holds the first two of ``chars`` (each needed by every
    match: any of them may be tested; two ``in`` tests cost less than a generator over them)."""
    if len(chars) == 1:
        char = chars[0]
        return lambda text: char in text and search(text)
    first, second = chars[:2]
    return lambda text: first in text and second in text and search(text)


_CJK_CHAR = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def _selective(string: str) -> bool:
    """Whether a string a row needs screens lines: a word, or one character that is not Chinese (—, ‹)."""
    return len(string) > 1 or _CJK_CHAR.match(string) is None


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
        # an anchored row whose first character is not known, tried on every line, goes to the
        # strings when it needs a word (不代表, 现场, .doc...)
        screened_by_words = needed is not None and (_opens_with_a_run(items) or (
            min(map(len, needed)) > 1 and _first_chars(items) is None))
        if starts and not screened_by_words:
            anchored.append(pattern)
        elif needed and (starts or all(map(_selective, needed))):
            strings |= needed
        elif joins:
            floating.append(pattern)
        else:
            alone.append(pattern)
    tests: list[Callable[[str], object]] = []
    dispatch = _anchored_dispatch(anchored) if len(anchored) > 1 else None
    if dispatch is not None:
        tests.append(dispatch)
    else:
        alone.extend(anchored)
    union = _union(floating) if len(floating) > 1 else None
    if union is not None:
        # the union is tried on every line; where every one of its rows needs a character (页 in the
        # pagination rows of the inline table), a line without it is passed over by ``in`` tests
        shared = sorted(frozenset.intersection(*(requirement(pattern).chars for pattern in floating)))
        tests.append(_holding(shared, union.search) if shared else union.search)
    else:
        alone.extend(floating)
    if strings:
        tests.append(any_of(strings).search)
    tests.extend(pattern.search for pattern in alone)
    if len(tests) == 1:
        return tests[0]
    if len(tests) == 2:
        first, second = tests
        return lambda text: first(text) or second(text)
    return lambda text: any(test(text) for test in tests)
