"""Sections of a document named by their heading, and the enumerated items under them.

Real plans, notices and speeches share a structure more than they share phrases: a heading names what
a part holds (``三、报名条件`` / ``（二）资格条件`` / ``竞聘条件：`` / ``四、实施步骤`` / ``一、竞聘岗位``) and the
items under it (``1.`` ``（一）`` ``①`` ``一是``) are each one condition, one step, one post, however the
site phrases them. ``rule_sections(ctx, kind)`` finds them (the headings of each kind are data:
``resources/extract/sections.tsv``):

- the heading: a line opening (after its marker) with a few words that name the kind, up to a colon, a
  full stop, the line's end or the first item's marker (a plan flattened to one line:
  ``四、方法和步骤（一）公布方案和报名（…）。（二）资格审查…``);
- the items: what follows the heading on its line, split at item markers; then the lines after it
  whose marker is deeper in the usual outline (一、 > （一） > 1、 > （1） > ①) than the heading's, up to a
  line as shallow as the heading, a line without a marker once items have begun, or another heading.
  A line holding items of its own (``1、A类职位：…`` over ``①…②…``) is a group, not an item.

Items are spans of ``ctx.text`` without their marker. Nothing here decides what an item means: the
field extractors do (``eligibility``, ``procedure``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache

from ... import resources
from .context import Context
from .markers import INLINE as _INLINE_MARKER
from .markers import alternation, marker_at

KINDS = ("conditions", "exclusions", "procedure", "positions")
HEADING_CHARS = 16  # a heading naming a section is short: 二、竞争范围与任职资格
MAX_ITEMS = 20  # a section is read up to this many items (a longer run is no longer one list: the rest is not read)
MAX_POSTS = 80  # ... but a list of posts may be long (one post per line, a unit's every office): read up to this many
MAX_LOOSE_PARAGRAPHS = 2  # unmarked paragraphs right under a heading, before its items begin
# ... except under a heading of posts, whose list is often one unmarked post per line (一、竞聘岗位 / 办公室主任1名 /
# 财务科科长1名 / 人事科科长1名): there every unmarked line is an item, up to the next heading
LOOSE_PARAGRAPHS = {"positions": MAX_POSTS}
ITEMS = {"positions": MAX_POSTS}  # the most items of a section of each kind (default MAX_ITEMS)

UNMARKED = -1
_HEAD = re.compile(rf"[^：:。；;，,（(\n]{{1,{HEADING_CHARS}}}")
_HEAD_ENDS = re.compile(rf"[ \t\u3000]*(?:[：:。；;]|$|(?={alternation('chapter', 'subitem', 'item', 'circled')}))")
_UNMARKED_HEAD_ENDS = re.compile(r"[ \t\u3000]*(?:[：:]|$)")
_SPACE = " \t\u3000"
_CLOSED = ("。", "；", ";", "！", "？", "!", "?")
NAMED_WITHIN = 6  # a heading ends with the words naming its kind, or a few after them (竞聘条件和办法)


@dataclass(frozen=True)
class Section:
    kind: str
    heading: tuple[int, int]  # the heading's words in ctx.text
    items: tuple[tuple[int, int], ...]  # each item's text (its marker dropped) in ctx.text


@cache
def _table() -> dict[str, tuple[re.Pattern[str], ...]]:
    codes = KINDS + tuple(f"{prefix}_{kind}" for prefix in ("not", "lead") for kind in KINDS)
    return resources.rule_table("extract/sections.tsv", {}, codes, single=codes)


def _headings() -> dict[str, tuple[re.Pattern[str], re.Pattern[str]]]:
    table = _table()
    return {kind: (table[kind][0], table[f"not_{kind}"][0]) for kind in KINDS}


def _leads() -> dict[str, re.Pattern[str]]:
    return {kind: _table()[f"lead_{kind}"][0] for kind in KINDS}


def _lines(text: str) -> list[tuple[int, int]]:
    spans, position = [], 0
    for line in text.split("\n"):
        spans.append((position, position + len(line)))
        position += len(line) + 1
    return spans


def _heading(text: str, start: int, end: int, kind: str) -> tuple[int, int, int] | None:
    """The heading of ``kind`` opening the line ``text[start:end]``: (its rank, its words' span)."""
    marked = marker_at(text, start)
    rank, words = marked if marked else (UNMARKED, start)
    while words < end and text[words] in _SPACE:
        words += 1
    head = _HEAD.match(text, words, end)
    if head is None or not _HEAD_ENDS.match(text, head.end(), end):
        return None
    if rank == UNMARKED and not _UNMARKED_HEAD_ENDS.match(text, head.end(), end):
        return None  # an unmarked heading stands alone on its line or before a colon, not before a full stop
    wanted, veto = _headings()[kind]
    named = wanted.search(head.group())
    if named is None or len(head.group()) - named.end() > NAMED_WITHIN or veto.search(head.group()):
        return None  # (凡是符合条件的人员都要踊跃报名 is a sentence that mentions conditions, not a heading)
    return rank, head.start(), head.end()


def _inline_items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The items of ``text[start:end]``: the pieces between item markers, or the whole when it has none."""
    markers = list(_INLINE_MARKER.finditer(text[start:end]))
    if not markers:
        piece = _trimmed(text, start, end)
        return [piece] if piece[1] > piece[0] else []
    items = []
    for index, marker in enumerate(markers):
        stop = markers[index + 1].start() if index + 1 < len(markers) else end - start
        piece = _trimmed(text, start + marker.end(), start + stop)
        if piece[1] > piece[0]:
            items.append(piece)
    return items


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in "：:，,"):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _any_heading(text: str, start: int, end: int) -> bool:
    return any(_heading(text, start, end, kind) for kind in KINDS)


def _section(text: str, lines: list[tuple[int, int]], index: int, kind: str) -> Section | None:
    start, end = lines[index]
    found = _heading(text, start, end, kind)
    if found is None:
        return None
    rank, head_start, head_end = found
    return _items_after(text, lines, index, kind, rank, (head_start, head_end))


def _items_after(text: str, lines: list[tuple[int, int]], index: int, kind: str, rank: int,
                 heading: tuple[int, int]) -> Section | None:
    """The section of ``kind`` whose heading (or lead) ``heading`` of ``rank`` stands on line ``index``."""
    items: list[tuple[int, int]] = _inline_items(text, heading[1], lines[index][1])
    ranks: list[int] = [UNMARKED] * len(items)
    item_rank: int | None = None
    most_loose = LOOSE_PARAGRAPHS.get(kind, MAX_LOOSE_PARAGRAPHS)
    most_items = ITEMS.get(kind, MAX_ITEMS)
    loose = most_loose if items else 0  # (a heading with its items on its line has no loose paragraph)
    for line_start, line_end in lines[index + 1:]:
        if line_start == line_end or not text[line_start:line_end].strip():
            continue
        marked = marker_at(text, line_start)
        if marked is None:
            if (item_rank is not None and items and not text[items[-1][0]:items[-1][1]].endswith(_CLOSED)
                    and not _any_heading(text, line_start, line_end)):
                items[-1] = _trimmed(text, items[-1][0], line_end)  # the item goes on on the next line
                continue
            if item_rank is not None or loose >= most_loose or _any_heading(text, line_start, line_end):
                break
            loose += 1
            pieces = _inline_items(text, line_start, line_end)
            items += pieces
            ranks += [UNMARKED] * len(pieces)
            continue
        line_rank, after = marked
        if line_rank <= rank or (item_rank is not None and line_rank < item_rank) \
                or (rank == UNMARKED and _any_heading(text, line_start, line_end)):  # a lead's items end at a part
            break
        if item_rank is None:
            item_rank = line_rank
        piece = _trimmed(text, after, line_end)
        if piece[1] > piece[0]:
            items.append(piece)
            ranks.append(line_rank)
        if len(items) >= most_items:
            break
    del items[most_items:], ranks[most_items:]
    # an item followed by a deeper one holds items of its own (1、A类职位： over ①…②…): a group, not an item
    groups = {number for number in range(len(items) - 1) if UNMARKED < ranks[number] < ranks[number + 1]}
    leaves = tuple(item for number, item in enumerate(items) if number not in groups)
    return Section(kind, heading, leaves) if leaves else None


def rule_sections(ctx: Context, kind: str) -> list[Section]:
    """The sections of ``kind`` (one of ``KINDS``) in the document, in text order: under a heading, or
    after a lead ending with a colon inside a paragraph (``报名人员须具备以下条件：一是…；二是…``). Found once
    per document and kind (several extractors read the same sections)."""
    key = ("sections", kind)
    if key not in ctx.memo:
        ctx.memo[key] = _rule_sections(ctx, kind)
    found: list[Section] = ctx.memo[key]
    return found


def self_accounts(ctx: Context, kind: str) -> list[tuple[int, int]]:
    """The spans (heading to last item) of the sections of ``kind`` stated in the first person: a
    candidate's account of themselves (``我认为自己具备以下条件：一是…``) lists no rule, whatever the document."""
    rule_sections(ctx, kind)
    spans: list[tuple[int, int]] = ctx.memo[("accounts", kind)]
    return spans


# The first person of an account of oneself (我们 is a unit's voice: 我们按以下程序进行 states a rule; so are 我局,
# 我校, 我单位..., and 本人 in a rule addressed to applicants: 如实填写本人信息, 本人须...).
_FIRST_PERSON = re.compile(r"我(?![们局校院市县区省司行镇乡所部委厅处科站厂国单公系中办])|自己|自身"
                           r"|本人(?!须|应|必须|信息|情况|档案|签|填|申请|身份|所在|提交|持|的)")
_SENTENCE_STOP = re.compile(r"[。！？!?\n]")


def _in_first_person(text: str, heading: tuple[int, int]) -> bool:
    """Whether a heading or lead speaks in the first person: in its words or in its sentence before them."""
    start = heading[0]
    while start > 0 and not _SENTENCE_STOP.match(text, start - 1):
        start -= 1
    return bool(_FIRST_PERSON.search(text, start, heading[1]))


def _rule_sections(ctx: Context, kind: str) -> list[Section]:
    found = _all_sections(ctx, kind)
    accounts = [section for section in found if _in_first_person(ctx.text, section.heading)]
    ctx.memo[("accounts", kind)] = [(section.heading[0], section.items[-1][1]) for section in accounts]
    return [section for section in found if section not in accounts]


def _all_sections(ctx: Context, kind: str) -> list[Section]:
    wanted, _veto = _headings()[kind]
    lead = _leads()[kind]
    headed, led = wanted.search(ctx.text), lead.search(ctx.text)
    if not (headed or led):
        return []
    lines = _lines(ctx.text)
    found = []
    for index, (start, end) in enumerate(lines):
        if headed and wanted.search(ctx.text, start, min(end, start + HEADING_CHARS + 8)):
            section = _section(ctx.text, lines, index, kind)
            if section is not None:
                found.append(section)
    if led:
        starts = [start for start, _end in lines]
        headings = {section.heading for section in found}
        for match in lead.finditer(ctx.text):
            index = bisect_right(starts, match.start()) - 1
            if any(a <= match.start() < b for a, b in headings):
                continue
            section = _items_after(ctx.text, lines, index, kind, UNMARKED, (match.start(), match.end()))
            if section is not None:
                found.append(section)
    return sorted(found, key=lambda section: section.heading)
