"""The words of a speech's salutation (同志们：, 尊敬的各位领导、各位评委：), read from one data file,
``resources/split/salutations.tsv``, by every stage that looks for one. The file's groups name what their
words mean (``GROUPS``: the words a salutation opens a line with, those that open one run on after a
title, whom a leader addresses and whom a candidate does ...); the regexes that combine them stay in the
modules using them (grammar), the words are here (vocabulary).

A bad row is reported as ``file:line`` (R500, ``resources.parse_word_groups``).
"""

from __future__ import annotations

from functools import cache

from .. import resources

SALUTATIONS = "split/salutations.tsv"
GROUPS = ("opening", "glued", "addressed", "audience", "judges", "comrades", "respect", "greeting")


def words(group: str) -> tuple[str, ...]:
    """The words of ``group`` (one of ``GROUPS``), in file order."""
    return resources.word_groups(SALUTATIONS, GROUPS)[group]


@cache
def alternation(group: str) -> str:
    """A regex group finding any word of ``group``, the longer words first: ``(?:同志们|各位|…)``."""
    return f"(?:{resources.alternation(words(group))})"
