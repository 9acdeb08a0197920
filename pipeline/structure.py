"""Stage ``structure``: a document's paragraphs, sentences and heading tree.

Heading markers, from the usual outline 一、 -> （一） -> 1、/1. -> （1） -> ① and the in-paragraph
enumerations 一是 / 第一， / 首先. Levels are not fixed per marker type: the first marker type seen
is level 1, a new type below it nests, a type seen before closes the sections under it (the way
a reader follows the outline). A paragraph that opens with a marker starts a section; its heading
is the text up to the first sentence end when that is short (a run-in heading, 一是…。), else the
whole paragraph when it is a bare heading line.
"""

from __future__ import annotations

import re

from .document import Document, Paragraph, Section

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
HEADING_MAX = 50
_SENTENCE = re.compile(r"[^。！？!?；…]*(?:[。！？!?；]+|…+|$)[”’」』）)]*")
_ADDRESS = re.compile(r"^(同志们|各位领导|尊敬的|各位)[^。]{0,40}[：:，,！!]$")
_RUN_IN = re.compile(rf"^[^。！？；]{{1,{HEADING_MAX}}}[。！？；]")
_ENDER = re.compile(r"[。！？；]")
_CLAUSE = re.compile(rf"^[^，,。]{{1,{HEADING_MAX}}}")


def sentences(text: str, base: int = 0) -> list[tuple[int, int]]:
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
_GROUP_KIND = {index: kind for index, (kind, _pattern) in enumerate(MARKERS, start=1)}


def _marker(text: str) -> tuple[str, str] | None:
    match = _ANY_MARKER.match(text)
    if not match:
        return None
    return _GROUP_KIND[match.lastindex], match.group(0)


def structure(doc: Document) -> Document:
    paragraphs: list[Paragraph] = []
    sections: list[Section] = []
    stack: list[tuple[str, int]] = []  # (marker kind, section index)
    position = 0
    seen_body = False
    for raw in doc.text.split("\n"):
        start, end = position, position + len(raw)
        position = end + 1
        text = raw.strip()
        if not text:
            continue
        lead = len(raw) - len(raw.lstrip())
        start += lead
        end = start + len(text)
        marker = _marker(text)
        kind = "body"
        if marker:
            mkind, mtext = marker
            kinds = [k for k, _i in stack]
            if mkind in kinds:
                while stack and stack[-1][0] != mkind:
                    _close(sections, stack.pop()[1], start - 1)
                _close(sections, stack.pop()[1], start - 1)
            heading = _heading_text(text)
            parent = stack[-1][1] if stack else None
            sections.append(Section(level=len(stack) + 1, marker=mtext, heading=heading, start=start, end=len(doc.text),
                                    parent=parent))
            stack.append((mkind, len(sections) - 1))
            if heading == text:
                kind = "heading"
        elif _ADDRESS.match(text):
            kind = "address"
        elif not seen_body and len(text) <= HEADING_MAX and not _ENDER.search(text):
            kind = "subtitle"
        if kind == "body":
            seen_body = True
        paragraphs.append(Paragraph(start=start, end=end, kind=kind, section=stack[-1][1] if stack else None,
                                    sentences=sentences(text, start)))
    while stack:
        _close(sections, stack.pop()[1], len(doc.text))
    _number(sections)
    doc.paragraphs = paragraphs
    doc.sections = sections
    return doc


def _close(sections: list[Section], index: int, end: int) -> None:
    sections[index].end = max(sections[index].start, min(sections[index].end, end))


def _heading_text(text: str) -> str:
    if len(text) <= HEADING_MAX and not _ENDER.search(text[:-1]):
        return text
    run_in = _RUN_IN.match(text)
    if run_in:
        return run_in.group(0)
    clause = _CLAUSE.match(text)
    return clause.group(0) if clause else text[:HEADING_MAX]


def _number(sections: list[Section]) -> None:
    counters: dict[int | None, int] = {}
    for section in sections:
        counters[section.parent] = counters.get(section.parent, 0) + 1
        prefix = sections[section.parent].number + "." if section.parent is not None else ""
        section.number = f"{prefix}{counters[section.parent]}"
