"""Evidence for an extracted value: where it stands in the canonical text and in the original.

Every value the extractor emits carries one ``evidence`` object::

    {"doc_id", "start", "end", "orig_start", "orig_end", "text", "sentence"}

``start``/``end`` are character offsets into the document's canonical ``text`` (``text`` is exactly
``doc.text[start:end]``), ``orig_start``/``orig_end`` the same span in ``doc.original`` through the
document's offset map, and ``sentence`` the canonical sentence(s) the span lies in.

A value stated outside the body (a speaker or a date in the title, the page's stamp in a metadata line
the cleaner removed) has ``source`` ``title`` or ``metadata`` (``outside_evidence``): its ``sentence`` is
the whole canonical title or line, ``start``/``end`` offsets in it, ``orig_start``/``orig_end`` offsets
in the title or line as the page writes it, and a metadata line's page ``line``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Any, NamedTuple

from ...document import Document
from ...offsets import OffsetMap
from ..structure import sentences as split_sentences


class Sentence(NamedTuple):  # a NamedTuple: built for every selected sentence, cheaper than a dataclass
    start: int
    end: int
    text: str


def sentence_spans(doc: Document) -> list[tuple[int, int]]:
    """The document's sentence spans from its paragraphs (or split afresh when structure has not
    run), in order."""
    spans = [span for paragraph in doc.paragraphs for span in paragraph.sentences]
    if not spans:
        spans = split_sentences(doc.text)
    return sorted(spans)


def document_sentences(doc: Document) -> list[Sentence]:
    """The document's sentences (``sentence_spans`` with their text)."""
    return [Sentence(start, end, doc.text[start:end]) for start, end in sentence_spans(doc)]


class EvidenceBuilder:
    """Builds evidence objects for one document, given its sentence spans (in order)."""

    def __init__(self, doc: Document, doc_id: str, spans: list[tuple[int, int]]):
        self.doc = doc
        self.doc_id = doc_id
        self._spans = spans
        self._starts: list[int] | None = None  # built on the first evidence (most documents have none)
        self._ends: list[int] = []

    def sentence_bounds(self, start: int, end: int) -> tuple[int, int]:
        """From the start of the sentence holding ``start`` to the end of the one holding ``end - 1``."""
        if self._starts is None:
            self._starts = [span[0] for span in self._spans]
            self._ends = [span[1] for span in self._spans]
        if not self._starts:
            return start, end
        first = max(0, bisect_right(self._starts, start) - 1)
        last = max(0, bisect_right(self._starts, max(start, end - 1)) - 1)
        begin = min(self._starts[first], start)
        finish = max(self._ends[last], end)
        return begin, finish

    def __call__(self, start: int, end: int) -> dict[str, Any]:
        if not 0 <= start < end <= len(self.doc.text):
            raise ValueError(f"evidence span {start}..{end} is outside the text (length {len(self.doc.text)})")
        orig_start, orig_end = self.doc.omap.span(start, end)
        begin, finish = self.sentence_bounds(start, end)
        return {
            "doc_id": self.doc_id,
            "start": start,
            "end": end,
            "orig_start": orig_start,
            "orig_end": orig_end,
            "text": self.doc.text[start:end],
            "sentence": self.doc.text[begin:finish].strip(),
        }


# A pinyin gloss the page glued after a character (會(huì)): in an original title, not in its canonical form.
_GLOSS = re.compile(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}[)）]")


def _orig_positions(canon: str, orig: str) -> list[int] | None:
    """For each character of ``canon``, its index in ``orig`` when the two align character for character
    once the pinyin glosses of ``orig`` are left out (a title keeps no offset map); None otherwise."""
    if len(canon) == len(orig):
        return list(range(len(orig)))
    glossed = {index for match in _GLOSS.finditer(orig) for index in range(*match.span())}
    kept = [index for index in range(len(orig)) if index not in glossed]
    return kept if len(kept) == len(canon) else None


def outside_evidence(doc_id: str, source: str, canon: str, orig: str, start: int, end: int,
                     omap: OffsetMap | None = None, line: int | None = None) -> dict[str, Any]:
    """The evidence of ``canon[start:end]``, a span of the document's title (``source`` title) or of a
    metadata line (``source`` metadata, page line ``line``) whose original form is ``orig`` (module
    docstring); ``omap`` maps ``canon`` to ``orig`` where one is kept (a page line's)."""
    if not 0 <= start < end <= len(canon):
        raise ValueError(f"evidence span {start}..{end} is outside the {source} (length {len(canon)})")
    if omap is not None:
        orig_start, orig_end = omap.span(start, end)
    elif (positions := _orig_positions(canon, orig)) is not None:
        orig_start, orig_end = positions[start], positions[end - 1] + 1
    else:  # no alignment: the whole of it
        orig_start, orig_end = 0, len(orig)
    evidence = {"doc_id": doc_id, "start": start, "end": end, "orig_start": orig_start, "orig_end": orig_end,
                "text": canon[start:end], "sentence": canon, "source": source}
    if line is not None:
        evidence["line"] = line
    return evidence
