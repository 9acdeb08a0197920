"""The document's organization, speaker and own date (``date_of_text``).

- date_of_text: a line near the top or the end that is only a date, ``（2014年9月）``.
- speaker: a subtitle naming who speaks, ``王秀卓局长在…大会上的讲话`` / ``街道党工委书记在…的讲话``.
- organization: the unit running the campaign, from the patterns in ``extract/organization.tsv``.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from .. import resources
from .context import Context
from .dates import DATE, find_dates
from .gates import may_match
from .lexicon import CJK, is_name, name_pattern, org_suffixes, role_pattern

HEAD_PARAGRAPHS = 4  # a dateline or a speaker's subtitle stands among the first lines
TAIL_PARAGRAPHS = 2  # ... or closes the text
_ORG_NOT_A_NAME = ("我", "本", "该", "各", "全", "此", "这", "其", "为", "对", "驻", "在", "到", "从")
_SPEECH = r"(?:讲话|致辞|发言|报告|动员)"


@cache
def _dateline() -> re.Pattern[str]:
    return re.compile(rf"^\s*[（(]?\s*(?:{DATE})\s*[)）]?\s*$")


@cache
def _speaker_line() -> re.Pattern[str]:
    roles = role_pattern()
    return re.compile(
        rf"^(?:(?P<name>{name_pattern()})(?P<role>{roles})|(?P<role_only>[{CJK}]{{1,12}}?(?:{roles})))"
        rf"(?:同志)?在[^。]{{2,60}}{_SPEECH}")


def _edge_spans(ctx: Context, head: int, tail: int = 0) -> list[tuple[int, int]]:
    """The spans of the first ``head`` and then the last ``tail`` paragraphs (lines when the document
    has no paragraphs); only those are built, not the spans of every paragraph."""
    paragraphs = ctx.doc.paragraphs
    if paragraphs:
        return [(p.start, p.end) for p in paragraphs[:head] + (paragraphs[-tail:] if tail else [])]
    lines, position = [], 0
    for line in ctx.text.split("\n"):
        lines.append((position, position + len(line)))
        position += len(line) + 1
    return lines[:head] + (lines[-tail:] if tail else [])


def date_of_text(ctx: Context) -> dict[str, Any] | None:
    for start, end in _edge_spans(ctx, HEAD_PARAGRAPHS, TAIL_PARAGRAPHS):
        line = ctx.text[start:end]
        if not _dateline().match(line):
            continue
        found = find_dates(line)
        if len(found) == 1 and found[0].start.year is not None and found[0].is_point:
            span = found[0]
            return ctx.value(start + span.begin, start + span.finish, value=span.start.iso())
    return None


def speaker(ctx: Context) -> dict[str, Any] | None:
    for start, end in _edge_spans(ctx, HEAD_PARAGRAPHS):
        match = _speaker_line().match(ctx.text[start:end])
        if not match:
            continue
        if match.group("name") and is_name(match.group("name")):
            return ctx.value(start + match.start("name"), start + match.end("role"),
                             name=match.group("name"), role=match.group("role"))
        role = match.group("role_only") or match.group("role")
        group = "role_only" if match.group("role_only") else "role"
        return ctx.value(start + match.start(group), start + match.end(group), name=None, role=role)
    return None


def _valid_org(name: str) -> bool:
    if name.startswith(_ORG_NOT_A_NAME):
        return False
    return any(name.endswith(suffix) and len(name) > len(suffix) for suffix in org_suffixes())


def organization(ctx: Context) -> dict[str, Any] | None:
    for _code, pattern, _example in resources.pattern_table("extract/organization.tsv"):
        if not may_match(pattern, ctx.text):
            continue
        for match in pattern.finditer(ctx.text):
            name = match.group("org")
            if _valid_org(name):
                return ctx.value(match.start("org"), match.end("org"), name=name)
    return None
