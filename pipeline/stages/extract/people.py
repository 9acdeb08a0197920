"""Named people and their roles: ``王秀卓局长``, ``市文联主席周喜俊同志``, ``钟建波、余清水同志任副组长``.
A name must start with a common surname (``resources/extract/surnames.txt``); a person is recorded only with a
role (issue 16: a name alone, 德民同志宣读了…, says nothing about the campaign)."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from .context import Context
from .gates import cue, finditer
from .lexicon import CJK, is_name, name_pattern, role_pattern

_LEFT = r"(?:(?<=^)|(?<=[，。；：、\s“（由,]))"
# Before "name + role" (王秀卓局长, 党委秦松强副书记, 特别是王三运书记) the name must not continue a word
# (机电工程系主任, 全体成员): it follows punctuation or a word that ends before a name.
_NAME_ROLE_LEFT = r"(?:(?<=^)|(?<=[，。；：、\s“”（(,委部局是的和及与由请在对向]))"


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    name, roles = name_pattern(), role_pattern()
    return {
        # 市文联主席周喜俊同志
        "role_name": re.compile(rf"{_LEFT}(?P<role>[{CJK}]{{0,6}}?(?:{roles}))(?P<name>{name})同志"),
        # 王秀卓局长 / 党委秦松强副书记
        "name_role": re.compile(rf"{_NAME_ROLE_LEFT}(?P<name>{name})(?P<role>{roles})"),
        # 钟建波、余清水同志任副组长 / 由钟建波同志为组长
        "names_assigned": re.compile(rf"(?P<names>{name}(?:、{name})*)同志(?:任|为|担任)(?P<role>{roles})"),
    }


_PREFILTER = re.compile(r"同志|书记|长|主任|主席|组长|成员|委员")


@cache
def _cue() -> re.Pattern[str] | None:
    """What a sentence needs for a pattern to match in it (see ``gates.cue``): 同志 or a role."""
    return cue(*_patterns().values())


def people(ctx: Context) -> list[dict[str, Any]]:
    found: dict[tuple[str, str | None], dict[str, Any]] = {}

    def add(name: str, role: str | None, start: int, end: int) -> None:
        if not is_name(name) or (name, role) in found:
            return
        found[(name, role)] = ctx.value(start, end, name=name, role=role)

    patterns = _patterns()
    for sentence in ctx.select(_PREFILTER, _cue()):
        base, text = sentence.start, sentence.text
        for match in finditer(patterns["names_assigned"], text):
            role = match.group("role")
            position = match.start("names")
            for person in match.group("names").split("、"):
                add(person, role, base + position, base + match.end("role"))
                position += len(person) + 1
        for match in finditer(patterns["role_name"], text):
            add(match.group("name"), match.group("role"), base + match.start(), base + match.end("name"))
        for match in finditer(patterns["name_role"], text):
            add(match.group("name"), match.group("role"), base + match.start(), base + match.end())
    return sorted(found.values(), key=lambda item: item["evidence"]["start"])
