"""Stage ``structure``: a document's paragraphs, sentences and heading tree.

Heading markers, from the usual outline 一、 -> （一） -> 1、/1. -> （1） -> ① and the in-paragraph
enumerations 一是 / 第一， / 首先. Levels are not fixed per marker type: the first marker type seen
is level 1, a new type below it nests, a type seen before closes the sections under it (the way
a reader follows the outline). A paragraph that opens with a marker starts a section; its heading
is the text up to the first sentence end when that is short (a run-in heading, 一是…。), else the
whole paragraph when it is a bare heading line.
"""

from __future__ import annotations

import functools
import re

from ..document import Document, Paragraph, Section
from .salutations import alternation as salutation_words
from .settings import StructureSettings, default_settings

CN = "一二三四五六七八九十"
MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("cn_dun", re.compile(rf"^([{CN}]+)[、.．](?!\d)")),
    ("cn_paren", re.compile(rf"^[（(]([{CN}]+)[)）]")),
    ("num_dun", re.compile(r"^(\d{1,2})(?:[、．]|\.(?!\d))")),
    ("num_paren", re.compile(r"^[（(](\d{1,2})[)）]")),
    ("circled", re.compile(r"^([①-⑳])")),
    ("cn_shi", re.compile(rf"^([{CN}])(?:是|要)")),
    ("di_cn", re.compile(rf"^第([{CN}]+)(?:[，、：,]|点|条|句话|方面)")),
)
# A section heading (or a subtitle) is at most ``StructureSettings.heading_max_chars`` long; a longer
# marked line's heading is its first sentence or clause up to that length (``_heading_patterns``).
_SENTENCE = re.compile(r"[^。！？!?；…]*(?:[。！？!?；]+|…+|$)[”’」』）)]*")
_ADDRESS = re.compile(rf"^{salutation_words('opening')}[^。]{{0,40}}[：:，,！!]$")
_ENDER = re.compile(r"[。！？；]")


@functools.cache
def _heading_patterns(heading_max: int) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A marked line's run-in heading (its first sentence) and its first clause, each at most
    ``heading_max`` characters."""
    return re.compile(rf"^[^。！？；]{{1,{heading_max}}}[。！？；]"), re.compile(rf"^[^，,。]{{1,{heading_max}}}")


_CLOSERS = "”’」』）)"
_RUN_ENDERS = "。！？!?；"


def sentences(text: str, base: int = 0) -> list[tuple[int, int]]:
    # Most paragraphs are one sentence: no ender but a final run of them (or of "…") before closing
    # quotes. _SENTENCE's first match then takes the whole text (its parts are greedy and each stops
    # only at an ender), which is what stripping closers, then that run, leaves no ender in.
    rest = text.rstrip(_CLOSERS)
    core = rest.rstrip(_RUN_ENDERS)
    if len(core) == len(rest):
        core = rest.rstrip("…")
    if not ("。" in core or "；" in core or "！" in core or "？" in core or "…" in core or "!" in core or "?" in core):
        return [(base, base + len(text))] if text.strip() else []
    # _SENTENCE matches at every position and consumes at least one character there (a run of
    # non-enders, of enders or of "…"), so its matches tile the text: each starts where the one
    # before ended, and only the last can be empty. Their lengths give the spans, with no Match objects.
    spans = []
    start = base
    for piece in _SENTENCE.findall(text):
        end = start + len(piece)
        if piece.strip():
            spans.append((start, end))
        start = end
    return spans


# Any marker at all: most paragraphs have none, and one match tells which. An alternation takes its
# first alternative that matches, with that alternative's own match (nothing follows it to backtrack
# for), which is what trying the MARKERS in order gives; the last group that took part names it.
_ANY_MARKER = re.compile("|".join(f"(?:{pattern.pattern})" for _kind, pattern in MARKERS))
# Each marker pattern has one group, which takes part whenever the pattern matches: group i + 1 of
# the alternation is the group of MARKERS[i].
assert all(pattern.groups == 1 for _kind, pattern in MARKERS)
_GROUP_KIND: dict[int | None, str] = {index: kind for index, (kind, _pattern) in enumerate(MARKERS, start=1)}


def _marker(text: str) -> tuple[str, str] | None:
    match = _ANY_MARKER.match(text)
    if not match:
        return None
    return _GROUP_KIND[match.lastindex], match.group(0)


def structure(doc: Document, settings: StructureSettings | None = None) -> Document:
    heading_max = (settings or default_settings().structure).heading_max_chars
    paragraphs: list[Paragraph] = []
    sections: list[Section] = []
    # The open sections, innermost last: their marker kinds and their indexes into ``sections``. A kind
    # is open at most once (a kind seen again closes the sections down to and including its own).
    open_kinds: list[str] = []
    open_sections: list[int] = []
    doc_end = len(doc.text)
    position = 0
    seen_body = False
    section = None  # innermost open section
    counters: dict[int | None, int] = {}  # children numbered so far, per parent section
    for raw in doc.text.split("\n"):
        start = position
        position += len(raw) + 1
        text = raw.strip()
        if not text:
            continue
        if text is not raw:  # strip gives back the string itself when there is nothing to strip
            start += len(raw) - len(raw.lstrip())
        end = start + len(text)
        marked = _marker(text)
        kind = "body"
        if marked:
            mkind, marker = marked
            if mkind in open_kinds:
                while True:
                    _close(sections, open_sections.pop(), start - 1)
                    if open_kinds.pop() == mkind:
                        break
            heading = _heading_text(text, heading_max)
            parent = open_sections[-1] if open_sections else None
            # its number in the tree: the parent's, then its place among the parent's children
            count = counters[parent] = counters.get(parent, 0) + 1
            number = f"{sections[parent].number}.{count}" if parent is not None else str(count)
            section = len(sections)
            sections.append(Section(len(open_kinds) + 1, marker, heading, start, doc_end, parent, number))
            open_kinds.append(mkind)
            open_sections.append(section)
            if heading == text:
                kind = "heading"
        elif _ADDRESS.match(text):
            kind = "address"
        elif not seen_body and len(text) <= heading_max and not _ENDER.search(text):
            kind = "subtitle"
        if kind == "body":
            seen_body = True
        paragraphs.append(Paragraph(start, end, kind, section, sentences(text, start)))
    while open_sections:
        _close(sections, open_sections.pop(), doc_end)
    doc.paragraphs = paragraphs
    doc.sections = sections
    return doc


def _close(sections: list[Section], index: int, end: int) -> None:
    sections[index].end = max(sections[index].start, min(sections[index].end, end))


def _heading_text(text: str, heading_max: int) -> str:
    if len(text) <= heading_max and not _ENDER.search(text, 0, len(text) - 1):  # text[:-1], uncopied
        return text
    run_in_pattern, clause_pattern = _heading_patterns(heading_max)
    run_in = run_in_pattern.match(text)
    if run_in:
        return run_in.group(0)
    clause = clause_pattern.match(text)
    return clause.group(0) if clause else text[:heading_max]
