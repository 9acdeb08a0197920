"""What the reuse steps read of the corpus: paragraphs and documents as small objects.

Worker processes (local ``pool.Pool`` workers, or Dask workers on a shared file system) read the
corpus themselves through one read-only connection per process, so a task is a list of ids, not
texts: the main process never reads or pickles the texts the workers align.
"""

from __future__ import annotations

import bisect
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .minhash import content

_IS_CONTENT: np.ndarray | None = None  # BMP code point -> content character ([^\W_], i.e. str.isalnum), built once
_READERS: dict[str, sqlite3.Connection] = {}  # one read-only connection per database, per process


def reader(path: str) -> sqlite3.Connection:
    """This process's read-only connection to the corpus at ``path`` (opened once)."""
    conn = _READERS.get(path)
    if conn is None:
        conn = sqlite3.connect(f"file:{Path(path).resolve()}?mode=ro", uri=True, check_same_thread=False)
        _READERS[path] = conn
    return conn


def close_readers() -> None:
    for conn in _READERS.values():
        conn.close()
    _READERS.clear()


@dataclass(slots=True)
class Paragraph:
    """A paragraph of the corpus: its row, its content characters and, when asked, its words."""

    id: int
    doc: int
    ordinal: int
    start: int           # offset of the paragraph in its document's text
    text: str
    body: str = ""       # content(text)
    words_line: str = ""  # paragraphs.words: jieba words separated by spaces
    _positions: list[int] | None = field(default=None, repr=False)
    _before: list[int] | None = field(default=None, repr=False)
    _words: list[tuple[int, int, str, int]] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if not self.body:
            self.body = content(self.text)

    def _index(self) -> None:
        mask = content_mask(self.text)
        self._positions = np.flatnonzero(mask).tolist()
        self._before = np.concatenate([[0], np.cumsum(mask)]).tolist()

    @property
    def positions(self) -> list[int]:
        """Offsets in ``text`` of its content characters."""
        if self._positions is None:
            self._index()
        assert self._positions is not None
        return self._positions

    def span(self, c0: int, c1: int) -> tuple[int, int]:
        """The text offsets of content characters c0..c1."""
        pos = self.positions
        return pos[c0], pos[c1 - 1] + 1

    def content_offset(self, at: int) -> int:
        """The content position of text offset ``at``."""
        return bisect.bisect_left(self.positions, at)

    def words(self) -> list[tuple[int, int, str, int]]:
        """Jieba words with content characters: (content start, content end, word, text offset)."""
        if self._words is not None:
            return self._words
        if self._before is None:
            self._index()
        before = self._before
        assert before is not None
        out: list[tuple[int, int, str, int]] = []
        cursor = 0
        text = self.text
        for word in self.words_line.split(" "):
            if not word:
                continue
            at = text.find(word, cursor)
            if at < 0:
                continue
            cursor = at + len(word)
            c0, c1 = before[at], before[cursor]
            if c1 == c0:
                continue
            out.append((c0, c1, word if c1 - c0 == len(word) else content(word), at))
        self._words = out
        return out


def content_mask(text: str) -> np.ndarray:
    """True at each content character of ``text`` (what ``minhash.content`` keeps)."""
    global _IS_CONTENT
    if _IS_CONTENT is None:
        _IS_CONTENT = np.fromiter((chr(cp).isalnum() for cp in range(0x10000)), dtype=bool, count=0x10000)
    cps = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    mask = _IS_CONTENT[np.minimum(cps, 0xFFFF)]
    for at in np.flatnonzero(cps > 0xFFFF).tolist():  # beyond the BMP: rare, asked one by one
        mask[at] = text[at].isalnum()
    return mask


Word = tuple[int, int, str, Paragraph, int]  # content start, content end, word, its paragraph, text offset there


def paragraph_words(pars: list[Paragraph]) -> list[Word]:
    """The words of consecutive paragraphs, in the content coordinates of their concatenation."""
    out: list[Word] = []
    shift = 0
    for par in pars:
        out.extend((c0 + shift, c1 + shift, word, par, at) for c0, c1, word, at in par.words())
        shift += len(par.body)
    return out


def rowid_range(conn: sqlite3.Connection, table: str, column: str, lo: int, hi: int) -> tuple[int, int]:
    """The rowids of ``table`` whose ``column`` lies in lo..hi, as (first, last), for a column that never
    decreases with the rowid: ``sentences.doc_id`` and ``paragraphs.doc_id``, because the store appends a
    page's rows document by document and numbers new rows after every existing one. Found by bisection,
    so reading a batch's sentences needs no index on them (the store keeps none)."""

    def first_at_least(value: int) -> int:
        low, high = conn.execute(f"SELECT coalesce(min(id), 0), coalesce(max(id), -1) FROM {table}").fetchone()
        found = high + 1
        while low <= high:
            mid = (low + high) // 2
            row = conn.execute(f"SELECT id, {column} FROM {table} WHERE id >= ? ORDER BY id LIMIT 1", (mid,)).fetchone()
            if row is not None and row[1] >= value:
                found, high = row[0], mid - 1
            else:
                low = (row[0] if row is not None else mid) + 1
        return int(found)

    return first_at_least(lo), first_at_least(hi + 1) - 1


def read_paragraphs(conn: sqlite3.Connection, ids: list[int], words: bool = False) -> dict[int, Paragraph]:
    """The paragraphs with these ids (as many as exist)."""
    out: dict[int, Paragraph] = {}
    column = "words" if words else "''"
    for start in range(0, len(ids), 900):
        chunk = ids[start:start + 900]
        for pid, doc, ordinal, offset, text, line in conn.execute(
                f'SELECT id, doc_id, ordinal, start, text, {column} FROM paragraphs WHERE id IN ({",".join("?" * len(chunk))})',
                chunk):
            out[pid] = Paragraph(pid, doc, ordinal, offset, text, words_line=line)
    return out


def read_documents(conn: sqlite3.Connection, ids: list[int], words: bool = False) -> dict[int, list[Paragraph]]:
    """The paragraphs of each document, in order."""
    out: dict[int, list[Paragraph]] = {i: [] for i in ids}
    column = "words" if words else "''"
    for start in range(0, len(ids), 900):
        chunk = ids[start:start + 900]
        for pid, doc, ordinal, offset, text, line in conn.execute(
                f'SELECT id, doc_id, ordinal, start, text, {column} FROM paragraphs WHERE doc_id IN ({",".join("?" * len(chunk))})'
                " ORDER BY doc_id, ordinal", chunk):
            out[doc].append(Paragraph(pid, doc, ordinal, offset, text, words_line=line))
    return out
