"""Item markers of the usual outline, one table for every extract module (``resources/extract/markers.tsv``).

A plan's parts and items are numbered ``一、`` > ``（一）`` > ``1、`` > ``（1）`` > ``①``, with articles
(``第九条``), steps (``第二步``, ``第一阶段``) and enumerations (``第一，``, ``一是``) beside them. Each module
asks for the markers it reads by their codes (``alternation``), so they agree on what a marker is:
``3.5万元`` opens no item anywhere, ``（十二）`` is one everywhere.
"""

from __future__ import annotations

import re
from functools import cache

from ... import resources

CODES = ("part", "chapter", "item", "subitem", "circled", "article", "step", "ordinal", "enumeration")
# Each code's depth in the outline (articles, steps and enumerations share the deepest rank).
RANKS = {"part": 0, "chapter": 1, "item": 2, "subitem": 3, "circled": 4, "article": 5, "step": 5, "ordinal": 5,
         "enumeration": 5}
# Markers that open a line of a list (a part's own 一、 heads a part: ``LINE`` leaves it to ``HEADING_LINE``).
LIST_CODES = ("chapter", "item", "subitem")
# Markers that may open an item inside a line, after a stop (``…的条件：1.…；2.…``, ``一是…；二是…``).
INLINE_CODES = ("chapter", "item", "subitem", "circled", "step", "enumeration")
SPACE = "[ \t\u3000]"


@cache
def _table() -> dict[str, str]:
    table = resources.rule_table("extract/markers.tsv", {}, CODES, single=CODES)
    return {code: patterns[0].pattern for code, patterns in table.items()}


def alternation(*codes: str) -> str:
    """A regex (a non-capturing group) matching a marker of any of ``codes``."""
    table = _table()
    return "(?:" + "|".join(table[code] for code in codes) + ")"


@cache
def ranked() -> tuple[tuple[int, re.Pattern[str]], ...]:
    """(rank, pattern) of every code, shallowest first."""
    return tuple((RANKS[code], re.compile(pattern)) for code, pattern in _table().items())


def marker_at(text: str, position: int) -> tuple[int, int] | None:
    """The rank and end of the outline marker opening ``text`` at ``position`` (spaces skipped), if any."""
    while position < len(text) and text[position] in " \t\u3000":
        position += 1
    for rank, pattern in ranked():
        found = pattern.match(text, position)
        if found:
            return rank, found.end()
    return None


# A list line's optional marker with the spaces around it: 1、 / （一） / （3）
LINE = re.compile(rf"{SPACE}*{alternation(*LIST_CODES)}?{SPACE}*")
# ... or a part's: 一、 (what eligibility strips before a clause's words)
HEADING_LINE = re.compile(rf"^[-\s]*{alternation('part', *LIST_CODES)}?\s*")
# An item marker inside a line: after a full stop, a semicolon or a colon (or at the line's start).
INLINE = re.compile(rf"(?:(?<=[。；;！？!?：:])|^){SPACE}*(?:{alternation(*INLINE_CODES)}[，,：:]?)")
