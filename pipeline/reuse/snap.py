"""Passage spans snapped to clause boundaries (issue 17): what a template writer copies must read whole.

An alignment gives the first and the last equal content character of a passage, so a span as found
starts on ``三）`` with its ``（`` cut off, or mid-clause where the copy's wording begins to agree, and
ends before its ``。``. ``snap`` moves the span's ends in the paragraph's text:

- a start right after a content character (mid-clause) moves past the next clause end (，。；：！？、)
  inside the span; then opening brackets and quotes just before the start are taken in;
- the closing punctuation and brackets that follow the end in the source are taken in (an end inside
  a clause stays: the copy's wording may go on where the other's stops, and the passage is what both say).

A start that would drop half of the span's content or more is not moved: a short passage inside one
clause stays a passage. Both the edges' spans (``pairs``) and a class's
whole text (``units``) are snapped, so spans of one stretch coincide and their occurrences read alike.
"""

from __future__ import annotations

import re

CLAUSE_ENDS = "，。；：！？、;:!?…"
OPENERS = frozenset("（(“‘《「『【〔[〈")
CLOSERS = frozenset("）)”’》」』】〕]〉")
_TAIL = frozenset(CLAUSE_ENDS) | CLOSERS  # what may follow a passage's last character and be taken in
_CLAUSE_END = re.compile(f"[{re.escape(CLAUSE_ENDS)}]")
_CONTENT = re.compile(r"[^\W_]")


def _is_content(char: str) -> bool:
    return _CONTENT.match(char) is not None


def _content_chars(text: str, start: int, end: int) -> int:
    return len(_CONTENT.findall(text, start, end))


def snap(text: str, start: int, end: int) -> tuple[int, int]:
    """``text[start:end]`` (a passage found by alignment: it starts and ends on content characters)
    moved to clause boundaries as described above."""
    if not 0 <= start < end <= len(text):
        return start, end
    s, e = start, end
    if s > 0 and _is_content(text[s - 1]):
        cut = _CLAUSE_END.search(text, s, e)
        if cut is not None and _content_chars(text, cut.end(), e) > _content_chars(text, start, end) / 2:
            s = cut.end()
            while s < e and not _is_content(text[s]) and text[s] not in OPENERS:
                s += 1
    while s > 0 and text[s - 1] in OPENERS:
        s -= 1
    while e < len(text) and text[e] in _TAIL:
        e += 1
    return s, e
