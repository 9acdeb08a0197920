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
    return name in _BARE_UNITS or any(name.endswith(suffix) and len(name) > len(suffix) for suffix in org_suffixes())


# Unit words that name a unit on their own (经党组研究: the speaker's own 党组).
_BARE_UNITS = frozenset({"党组", "党委", "党工委", "党委会", "党组会"})


# Words that may open the clause an organization is the subject of, not part of its name.
_ORG_LEADING = re.compile(r"(?:这次|此次|本次|今天|今年|去年|近日|日前|目前|同时|为此|随后|首先|其中|并|由|经|于|在|按照|根据|依据)+")
# What ends a name inside a pattern's region (县卫生健康局|于今年4月在局机关…) or stands between two unit
# words that are not one name (县委|、县政府).
_ORG_BREAK = re.compile(r"[于在对从把将按根经由和与及同向给为是的了、，,：:（(）)“”《》！？!?\s0-9]")
_ORG_EXTENSION_CHARS = 6
# A unit word followed by one of these is part of a longer word, not the end of a name: 局长, 办公室, 委员,
# 县委书记, 管理办法.
_WORD_GOES_ON = frozenset("长公员书主领法规")


def _org_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The organization's name in a pattern's ``org`` region (see organization.tsv): leading clause
    words dropped, cut at the first word that ends a name, the longest part that ends with a unit word,
    extended over the unit words right after it (市委 -> 市委组织部, 县公司 -> 县公司党委)."""
    leading = _ORG_LEADING.match(text, start, end)
    if leading:
        start = leading.end()
    if text.startswith("委", start) and start > 0 and "\u4e00" <= text[start - 1] <= "\u9fff":
        start -= 1  # 经委党委, 教委: the character before 委 is the unit's own (经济委员会), not 经…研究
    cut = _ORG_BREAK.search(text, start + 1, end)
    if cut:
        end = cut.start()
    while end - start >= 2 and (not any(text.endswith(suffix, start, end) for suffix in org_suffixes())
                                or text[end:end + 1] in _WORD_GOES_ON):
        end -= 1
    if end - start < 2:
        return None
    ahead = text[end:end + _ORG_EXTENSION_CHARS]
    stop = _ORG_BREAK.search(ahead)
    ahead = ahead[:stop.start()] if stop else ahead
    for size in range(len(ahead), 0, -1):
        if ahead[size:size + 1] not in _WORD_GOES_ON and any(ahead.endswith(suffix, 0, size) for suffix in org_suffixes()):
            end += size
            break
    return (start, end) if _valid_org(text[start:end]) else None


def organization(ctx: Context) -> dict[str, Any] | None:
    """The unit running the campaign: of the first valid match of each pattern of
    ``extract/organization.tsv``, the one that comes first in the text (a text names its unit where
    the campaign is first decided, organized or run)."""
    named: list[tuple[int, int, str]] = []
    generic: list[tuple[int, int, str]] = []
    for code, pattern, _example in resources.pattern_table("extract/organization.tsv"):
        if not may_match(pattern, ctx.text):
            continue
        for match in pattern.finditer(ctx.text):
            span = _org_span(ctx.text, match.start("org"), match.end("org"))
            if span is None or (code in _WHOLE_REGION and span[1] != ctx.trim(*match.span("org"))[1]):
                continue
            if _GENERIC_ORG.fullmatch(ctx.text[span[0]:span[1]]):
                generic.append((*span, code))
                continue
            named.append((*span, code))
            break
    candidates = sorted(named or generic)
    if not candidates:
        return None
    start, end, code = candidates[0]
    if code in _YIELDING:  # 根据县委组织部的批复，县卫生健康局于今年4月…开展: the unit that acts is the one after
        after = [c for c in sorted(named + generic) if end <= c[0] <= end + _YIELD_CHARS
                 and not _SENTENCE_END.search(ctx.text, end, c[0])]
        if after:
            start, end, code = after[0]
    return ctx.value(start, end, name=ctx.text[start:end])


# Rows whose region must be the name and nothing more (a signature line, not a title naming a unit).
_WHOLE_REGION = frozenset({"signed"})
# A unit a text acts on the orders of (按照省委统一部署) gives way to the unit acting in the same sentence.
_YIELDING = frozenset({"deploys"})
_YIELD_CHARS = 30
_SENTENCE_END = re.compile(r"[。！？!?\n]")


# A unit named by its level only (镇党委, 局党组, 市委组织部): a text that also names its unit (金港镇) is
# better described by that name.
_LEVEL = "[省市县区州镇乡村街道局委院校所处科厂站]"
_UNIT = "(?:委|党委|党组|党工委|党委会|党组会|组织部|常委会|政府|局|院)"
_GENERIC_ORG = re.compile(rf"(?:中共)?(?:{_LEVEL}{{1,3}}{_UNIT}?|{_LEVEL}{{0,3}}{_UNIT})")
