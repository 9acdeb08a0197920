"""The words of a speech's salutation (同志们：, 尊敬的各位领导、各位评委：), read from one data file,
``resources/split/salutations.tsv``, by every stage that looks for one. The file's groups name what their
words mean (``GROUPS``: the words a salutation opens a line with, those that open one run on after a
title, whom a leader addresses and whom a candidate does ...); the regexes that combine them stay in the
modules using them (grammar), the words are here (vocabulary).

A row of an unknown group, an empty one, a word twice in a group or a group with no row is reported as
``file:line`` (R500).
"""

from __future__ import annotations

import re
from functools import cache

from .. import errors, resources

SALUTATIONS = "split/salutations.tsv"
GROUPS = ("opening", "glued", "addressed", "audience", "judges", "comrades", "respect", "greeting")


def parse_groups(name: str, rows: list[tuple[int, list[str]]]) -> dict[str, tuple[str, ...]]:
    """The words of each group in ``rows`` (``(line number, [group, words, note])``), in file order."""
    table: dict[str, list[str]] = {group: [] for group in GROUPS}
    last = 0
    for number, (group, words, _note) in rows:
        last = number
        if group not in table:
            raise errors.R500.error("unknown", path=name, line=number, what="group", value=group, valid=", ".join(GROUPS))
        if not words.split():
            raise errors.R500.error("empty", path=name, line=number, what="word list")
        for word in words.split():
            if word in table[group]:
                raise errors.R500.error("duplicate", path=name, line=number, what=f"word of {group}", value=word)
            table[group].append(word)
    for group, words in table.items():
        if not words:
            raise errors.R500.error("no_row", path=name, line=last, code=group)
    return {group: tuple(words) for group, words in table.items()}


@cache
def _groups() -> dict[str, tuple[str, ...]]:
    return parse_groups(SALUTATIONS, resources.tsv(SALUTATIONS, 3, 2))


def words(group: str) -> tuple[str, ...]:
    """The words of ``group`` (one of ``GROUPS``), in file order."""
    return _groups()[group]


@cache
def alternation(group: str) -> str:
    """A regex group finding any word of ``group``, the longer words first: ``(?:同志们|各位|…)``."""
    return "(?:" + "|".join(map(re.escape, sorted(words(group), key=len, reverse=True))) + ")"
