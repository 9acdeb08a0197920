"""Stage ``segment``: jieba words for every paragraph, with the domain dictionary.

jieba's module-level tokenizer is global state; :class:`Segmenter` wraps its own tokenizer built once
(per process) with ``resources/lexicon/userdict.txt`` loaded explicitly. HMM is off: new-word guessing
makes output depend on context in ways that are hard to pin, and the domain dictionary covers the
terms that matter.

Two backends read the same dictionaries: ``rjieba`` (jieba-rs, compiled; the default when installed)
and ``jieba`` (pure Python, the reference). With HMM off their output was identical on every line of
the seeds and 400 bench files (43,785 lines), rjieba 15x faster; ``tests/stages/test_segment.py`` checks the
pinned sentences with both.
"""

from __future__ import annotations

import logging
import re
from functools import cache

from .. import errors, resources
from ..document import Document

USERDICT = "lexicon/userdict.txt"
SEGMENTER_VERSION = "segment.v1"


BACKENDS = ("rjieba", "jieba")
_WHITESPACE = re.compile(r"\s").search  # a whitespace character, as str.strip has them


def available_backend() -> str:
    try:
        import rjieba  # noqa: F401
    except ImportError:
        return "jieba"
    return "rjieba"


class Segmenter:
    def __init__(self, userdict: str | None = USERDICT, hmm: bool = False, backend: str | None = None):
        self.backend = backend or available_backend()
        if self.backend not in BACKENDS:
            raise ValueError(f"unknown segmenter backend {self.backend!r}; choose one of {BACKENDS}")
        self.hmm = hmm
        if self.backend == "rjieba":
            import rjieba

            self._rs = rjieba.Jieba()
        else:
            import jieba

            jieba.setLogLevel(logging.WARNING)
            self._tokenizer = jieba.Tokenizer()
            self._tokenizer.initialize()
        if userdict:
            self._load(userdict)

    def _add_word(self, word: str, freq: int | None, tag: str | None) -> None:
        if self.backend == "rjieba":
            self._rs.add_word(word, freq if freq is not None else self._rs.suggest_freq(word), tag or "")
        else:
            self._tokenizer.add_word(word, freq, tag)

    def _load(self, name: str) -> None:
        for number, line in resources.data_lines(name):
            parts = line.split()
            if not 1 <= len(parts) <= 3 or (len(parts) >= 2 and not parts[1].isdigit()):
                raise errors.R500.error("dictionary", path=name, line=number)
            word = parts[0]
            freq = int(parts[1]) if len(parts) >= 2 else None
            tag = parts[2] if len(parts) == 3 else None
            self._add_word(word, freq, tag)

    def cut(self, text: str) -> list[str]:
        # hmm passed by position: rjieba takes ~0.4 µs a call to parse it as a keyword
        words = self._rs.cut(text, self.hmm) if self.backend == "rjieba" else self._tokenizer.lcut(text, HMM=self.hmm)
        # The words are pieces of the text and only an all-whitespace one is dropped, so a text with no
        # whitespace (re's \s is str.strip's whitespace) keeps the fresh list the backend gave.
        if _WHITESPACE(text) is None:
            return words
        return list(filter(str.strip, words))


@cache
def default_segmenter() -> Segmenter:
    return Segmenter()


def segment(doc: Document, segmenter: Segmenter | None = None) -> Document:
    cut = (segmenter or default_segmenter()).cut
    text = doc.text
    for paragraph in doc.paragraphs:
        paragraph.words = cut(text[paragraph.start:paragraph.end])
    return doc
