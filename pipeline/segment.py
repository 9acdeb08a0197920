"""Stage ``segment``: jieba words for every paragraph, with the domain dictionary.

jieba's module-level tokenizer is global state; :class:`Segmenter` wraps its own
``jieba.Tokenizer`` built once (per process) with ``resources/lexicon/userdict.txt`` loaded
explicitly. HMM is off: new-word guessing makes output depend on context in ways that are hard to
pin, and the domain dictionary covers the terms that matter.
"""

from __future__ import annotations

import logging
import re
from functools import cache

from . import resources
from .document import Document
from .errors import ResourceError

USERDICT = "lexicon/userdict.txt"
SEGMENTER_VERSION = "segment.v1"


class Segmenter:
    def __init__(self, userdict: str | None = USERDICT, hmm: bool = False):
        import jieba

        jieba.setLogLevel(logging.WARNING)
        self.hmm = hmm
        self._tokenizer = jieba.Tokenizer()
        self._tokenizer.initialize()
        if userdict:
            self._load(userdict)

    def _load(self, name: str) -> None:
        for number, line in resources.data_lines(name):
            parts = line.split()
            if not 1 <= len(parts) <= 3 or (len(parts) >= 2 and not parts[1].isdigit()):
                raise ResourceError(name, number, "expected 'word [freq [tag]]'")
            word = parts[0]
            freq = int(parts[1]) if len(parts) >= 2 else None
            tag = parts[2] if len(parts) == 3 else None
            self._tokenizer.add_word(word, freq, tag)

    def cut(self, text: str) -> list[str]:
        return [w for w in self._tokenizer.lcut(text, HMM=self.hmm) if w.strip()]


@cache
def default_segmenter() -> Segmenter:
    return Segmenter()


_SPACE = re.compile(r"\s+")


def segment(doc: Document, segmenter: Segmenter | None = None) -> Document:
    seg = segmenter or default_segmenter()
    for paragraph in doc.paragraphs:
        paragraph.words = seg.cut(doc.text[paragraph.start:paragraph.end])
    return doc
