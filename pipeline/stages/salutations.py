"""The words of a speech's salutation (同志们：, 尊敬的各位领导、各位评委：), read from one data file,
``resources/split/salutations.tsv``, by every stage that looks for one. The file's groups name what their
words mean (``GROUPS``: the words a salutation opens a line with, those that open one run on after a
title, whom a leader addresses and whom a candidate does ...); the regexes that combine them stay in the
modules using them (grammar), the words are here (vocabulary).

A bad row is reported as ``file:line`` (R500, ``resources.parse_word_groups``).
"""

from __future__ import annotations

from .. import resources

GROUPS = ("opening", "glued", "addressed", "audience", "judges", "comrades", "respect", "greeting")
_WORDS = resources.WordGroups("split/salutations.tsv", GROUPS)
# the words of a group, in file order; a regex group finding any of them, the longer words first
words, alternation = _WORDS.words, _WORDS.any
