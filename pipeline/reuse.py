"""Stage ``reuse``: duplicate documents, reused passages, boilerplate versus template, substitutions.

Reads ``documents``, ``paragraphs`` (text and jieba ``words``), ``sentences``, ``pages.site`` and, when
other stages have filled them, ``documents.topic``/``organization`` and ``sections.role``. Writes its
own tables (dropped and rebuilt on every run) and ``documents.duplicate_of``. Everything works on the
canonical text, so the script of a page does not matter; all offsets are offsets into
``documents.text``.

:func:`build_reuse` composes, in order:

1. **Units.** Every paragraph with at least ``min_unit_chars`` content characters (letters and digits:
   punctuation and spacing do not count), the long sentences of paragraphs that have several, and the
   long clauses (between ，；：) of sentences that have several. Units with the same content collapse
   into one *text*; identical copies never need aligning.
2. **MinHash and LSH.** Each text's character k-shingles get a MinHash signature (datasketch's
   ``affine32`` scheme, computed in numpy batches: equal to ``datasketch.MinHash(hashfunc=shingle_hash)``
   fed the same shingles, which the tests check) and are banded into ``bands`` x ``rows`` (chosen by
   datasketch's ``MinHashLSH`` for ``threshold`` and ``num_perm``). Texts sharing a bucket are
   candidates; inside a bucket each text is compared with at most ``bucket_window`` neighbours, so
   comparisons grow linearly with the corpus (the bench measures it). The banding is done in numpy
   rather than inside ``MinHashLSH``, which keeps a Python set per bucket and band: about 40 million
   sets for the bench corpus.
3. **Duplicate documents.** Document pairs whose identical and candidate paragraphs could cover enough
   of the shorter one are aligned paragraph by paragraph (the gaps character by character) and
   confirmed when ``duplicate_coverage`` of the shorter is covered. Confirmed pairs are clustered; the
   canonical copy is the most complete (complete flag, then content less conversion damage); every
   copy records its coverage of the canonical, the canonical's paragraphs it lacks and the words it
   substitutes. A duplicate cluster is one *work*.
4. **Alignment (seed and extend).** Candidate texts and identical texts found in different works seed
   pairs of paragraphs; a pair is aligned when one seed is long enough for a passage (or most of both
   paragraphs) or two seeds agree, so one shared clause alone costs nothing. The alignment runs on
   content characters: shared k-shingles give exact runs, chained in order, joined across edits of at
   most ``max_gap`` characters (and rewritten phrases of up to ``join_gap`` while ``min_density``
   holds) into passages of at least ``min_match_chars``, mapped to exact offsets in both documents.
   Sentences a paragraph alignment misses (reordered) are aligned on their own.
5. **Reused passages.** Aligned spans are nodes; spans covering the same stretch of a paragraph
   (interval Jaccard >= ``same_span``) are one node; union-find over the alignments gives clusters. A
   cluster is kept when it spans at least two works; a cluster lying inside another's occurrences is
   dropped.
6. **Boilerplate versus template.** ``boilerplate_score`` = (share of the cluster's pages on its main
   site) x (share of that site's pages carrying it) x (share of occurrences worded exactly alike,
   digits aside: furniture repeats itself, a formula varies). ``furniture``: score >=
   ``furniture_score`` on at least ``furniture_min_pages`` pages of one site; ``template``: across sites
   or organizations; ``shared``: the rest (a few pages of one site, units not known).
7. **Substitutions.** Word-level replacements (jieba words of ``paragraphs.words``) inside aligned
   passages: canonical -> copy for duplicates, lower document id -> higher for reused passages.
"""

from __future__ import annotations

import bisect
import difflib
import hashlib
import json
import os
import re
import sqlite3
import time
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

import numpy as np

from . import validate
from .errors import JianghuaError
from .labels import ROLES, TOPICS
from .ledger import REUSE_STATE_KEY, reuse_state
from .normalize import normalize_text
from .store import Corpus

REUSE_VERSION = "reuse.v1"
PASSAGE_KINDS = ("furniture", "template", "shared")  # passage_clusters.kind

# in the order they can be dropped (occurrences reference clusters)
TABLES = ("reuse_meta", "doc_clusters", "passage_occurrences", "passage_clusters", "substitutions")
# the documents the index was built over (``coverage``): rebuilt with the tables
COVERAGE_TABLE = "reuse_docs"

SCHEMA = """
CREATE TABLE IF NOT EXISTS reuse_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS reuse_docs (
  uid TEXT PRIMARY KEY                  -- documents.uid of every document the index was built over
);
CREATE TABLE IF NOT EXISTS doc_clusters (
  cluster INTEGER NOT NULL,
  doc_id TEXT NOT NULL UNIQUE,          -- documents.uid
  canonical INTEGER NOT NULL,           -- 1 for the cluster's canonical copy
  coverage REAL NOT NULL,               -- share of the canonical's content this copy has (1.0: canonical)
  missing TEXT NOT NULL,                -- JSON: ordinals of the canonical's paragraphs this copy lacks
  extra TEXT NOT NULL,                  -- JSON: ordinals of this copy's paragraphs the canonical lacks
  changes TEXT NOT NULL,                -- JSON: [{a, b, count}]: canonical word a reads b in this copy
  version TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS doc_clusters_cluster ON doc_clusters(cluster);
CREATE TABLE IF NOT EXISTS passage_clusters (
  id INTEGER PRIMARY KEY,
  size INTEGER NOT NULL,                -- occurrences
  n_docs INTEGER NOT NULL,
  n_works INTEGER NOT NULL,             -- documents, a duplicate cluster counting once
  n_sites INTEGER NOT NULL,
  n_pages INTEGER NOT NULL,
  boilerplate_score REAL NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('furniture', 'template', 'shared')),
  representative TEXT NOT NULL,
  rep_doc TEXT NOT NULL,
  rep_start INTEGER NOT NULL,
  rep_end INTEGER NOT NULL,
  signature BLOB NOT NULL,              -- MinHash of the representative (uint32 x num_perm)
  n_shingles INTEGER NOT NULL,
  version TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS passage_occurrences (
  id INTEGER PRIMARY KEY,
  cluster INTEGER NOT NULL REFERENCES passage_clusters(id),
  doc_id TEXT NOT NULL,                 -- documents.uid
  paragraph INTEGER NOT NULL,           -- paragraphs.ordinal
  start INTEGER NOT NULL,               -- offsets into documents.text
  "end" INTEGER NOT NULL,
  text TEXT NOT NULL,
  site TEXT
);
CREATE INDEX IF NOT EXISTS passage_occurrences_cluster ON passage_occurrences(cluster);
CREATE INDEX IF NOT EXISTS passage_occurrences_doc ON passage_occurrences(doc_id);
CREATE TABLE IF NOT EXISTS substitutions (
  a TEXT NOT NULL,
  b TEXT NOT NULL,
  count INTEGER NOT NULL,
  duplicate_count INTEGER NOT NULL,     -- inside duplicate documents (canonical a -> copy b)
  passage_count INTEGER NOT NULL,       -- inside passages reused by different works
  n_docs INTEGER NOT NULL,              -- documents reading b
  examples TEXT NOT NULL,               -- JSON: up to 3 {doc_id, start, end, context}
  PRIMARY KEY (a, b)
);
"""

# A content character: a letter or a digit, Han characters included. Shingles, keys and alignments
# use content characters only, so punctuation and spacing differences never break a match.
_NON_CONTENT = re.compile(r"[\W_]+")
_CONTENT_CHAR = re.compile(r"[^\W_]")
_LETTERS_ONLY = re.compile(r"[\W\d_]+")  # what is left is a text's wording, page numbers and dates aside
_HAN_WORD = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+$")
# Conversion damage that makes a copy less complete than its length says: '?' placeholders, U+FFFD,
# pinyin tone letters glued after characters.
_DAMAGE = re.compile(r"[?\ufffd\u00c0-\u024f]")

_MASK64 = (1 << 64) - 1
_SHINGLE_PRIME = 0x100000001B3  # FNV-64 prime: spreads code points across the 64-bit polynomial
_BAND_PRIME = 0x9E3779B97F4A7C15
# Doc-level alignment of a gap between matched paragraphs is skipped past this many content characters
# on a side (the pair is then judged on its identical paragraphs alone).
_GAP_MAX_CHARS = 5000
# A paragraph counts as present in the other copy when this share of its content is aligned.
_PRESENT_SHARE = 0.5
# Texts longer than this together are aligned on blocks of at least 6 characters.
_LONG_ALIGN_CHARS = 2000
# Paragraphs longer than this (content characters) are aligned through their units only.
_MAX_ALIGN_CHARS = 8000
_CLAUSE = re.compile(r"[^，；：,;:]+[，；：,;:]*")
# Substitutions between different works are read in passages at least this dense: a spun copy
# changes a word here and there; a rewritten formula is adaptation, not a synonym signal.
_SPUN_DENSITY = 0.85

Progress = Callable[[str, int, int], None]


# --- parameters ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ReuseParams:
    """Everything that changes results; stored in ``reuse_meta`` with the tables it built."""

    shingle_size: int = 3            # content characters per shingle
    num_perm: int = 128              # MinHash permutations
    threshold: float = 0.4           # LSH Jaccard threshold; bands/rows follow unless given
    bands: int | None = None
    rows: int | None = None
    seed: int = 1                    # MinHash permutation seed
    min_unit_chars: int = 12         # shorter paragraphs (content characters) are not units
    min_sentence_chars: int = 16     # sentences this long of multi-sentence paragraphs are units too
    min_clause_chars: int = 10       # clauses (between ，；：) this long of multi-clause sentences too; 0: none
    max_unit_chars: int = 4000       # longer paragraphs are represented by their sentences only
    bucket_window: int = 3           # bucket neighbours each text is compared with, per band
    min_match_chars: int = 20        # shortest passage kept (content characters)
    max_gap: int = 4                 # longest edit (each side) joining matching blocks into one piece
    join_gap: int = 12               # pieces this close (each side) join when the result stays dense
    min_density: float = 0.7         # matched share of a joined passage, on each side
    min_block_chars: int = 3         # matching blocks shorter than this do not anchor a passage
    max_group_pairs: int = 16        # a text in more paragraphs (or documents) than this links as a star only
    same_span: float = 0.5           # two spans of a paragraph are one occurrence from this interval Jaccard
    duplicate_coverage: float = 0.6  # share of the shorter document aligned for a duplicate
    duplicate_min_chars: int = 100   # and at least this many aligned characters
    furniture_score: float = 0.5
    furniture_min_pages: int = 3

    @classmethod
    def from_dict(cls, values: dict[str, Any] | None) -> ReuseParams:
        """Defaults overridden by ``values``; an unknown key is an error, not a silent no-op."""
        values = dict(values or {})
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise JianghuaError("U801", f"unknown reuse parameter(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}")
        return replace(cls(), **values).checked()

    def checked(self) -> ReuseParams:
        if not 1 <= self.shingle_size <= 16:
            raise JianghuaError("U801", f"shingle_size must be 1..16, not {self.shingle_size}")
        if not 0.0 < self.threshold < 1.0:
            raise JianghuaError("U801", f"threshold must be between 0 and 1, not {self.threshold}")
        if self.min_unit_chars < self.shingle_size or self.min_sentence_chars < self.shingle_size:
            raise JianghuaError("U801", "min_unit_chars and min_sentence_chars must be at least shingle_size")
        if (self.bands is None) != (self.rows is None):
            raise JianghuaError("U801", "give both bands and rows, or neither (then the threshold chooses them)")
        if self.bands is not None and self.rows is not None and (self.bands < 1 or self.rows < 1
                                                                 or self.bands * self.rows > self.num_perm):
            raise JianghuaError("U801", f"bands x rows must be at most num_perm ({self.num_perm})")
        return self

    def resolved(self) -> ReuseParams:
        """With ``bands`` and ``rows`` filled in: datasketch's choice for ``threshold`` and ``num_perm``."""
        if self.bands is not None:
            return self
        from datasketch import MinHashLSH

        lsh = MinHashLSH(threshold=self.threshold, num_perm=self.num_perm)
        return replace(self, bands=int(lsh.b), rows=int(lsh.r))


# --- MinHash ----------------------------------------------------------------------------------------

def content(text: str) -> str:
    """The content characters of ``text``: what shingles, keys and alignments see."""
    return _NON_CONTENT.sub("", text)


def _fmix64_int(x: int) -> int:
    x ^= x >> 33
    x = (x * 0xFF51AFD7ED558CCD) & _MASK64
    x ^= x >> 33
    x = (x * 0xC4CEB9FE1A85EC53) & _MASK64
    return x ^ (x >> 33)


def shingle_hash(shingle: str | bytes) -> int:
    """32-bit hash of one shingle, usable as a datasketch ``hashfunc`` (the build computes the same in numpy)."""
    if isinstance(shingle, bytes):
        shingle = shingle.decode("utf-8")
    h = 0
    for ch in shingle:
        h = (h * _SHINGLE_PRIME + ord(ch)) & _MASK64
    return _fmix64_int(h) & 0xFFFFFFFF


def shingles(text: str, k: int) -> list[str]:
    """The character k-shingles of a content string (the whole string when shorter than k)."""
    if len(text) <= k:
        return [text] if text else []
    return [text[i:i + k] for i in range(len(text) - k + 1)]


def paragraph_units(text: str, body: str, spans: list[tuple[int, int]], p: ReuseParams) -> Iterator[tuple[int, int, str, int]]:
    """The units of one paragraph, in order: (start, end, content, kind) with kind 0 paragraph, 1
    sentence, 2 clause. ``body`` is ``content(text)``; ``spans`` its sentences (paragraph offsets).
    The one definition of units, for the local build and the Dask candidate job."""
    if p.min_unit_chars <= len(body) <= p.max_unit_chars:
        yield 0, len(text), body, 0
    for lo, hi in spans or [(0, len(text))]:
        sent = content(text[lo:hi])
        if len(spans) > 1 and p.min_sentence_chars <= len(sent) <= p.max_unit_chars and sent != body:
            yield lo, hi, sent, 1
        if p.min_clause_chars and len(sent) > p.min_clause_chars:
            # clauses seed passages that share a clause or two inside otherwise different sentences
            for match in _CLAUSE.finditer(text, lo, hi):
                clause = content(match.group())
                if p.min_clause_chars <= len(clause) < len(sent):
                    yield match.start(), match.end(), clause, 2


def stable_text_hash(text: str) -> int:
    """A 64-bit name of a text that is the same in every process (Python's ``hash`` is salted per
    process): how the Dask candidate job and the local build agree on which text is which."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little", signed=True)


def bucket_pairs(bucket: np.ndarray, order: np.ndarray, text: np.ndarray, window: int,
                 repeated: bool = True) -> np.ndarray:
    """LSH candidates among texts sharing a bucket: (earlier, later) pairs of ``text`` values, each
    text paired with its next ``window`` neighbours in ``order`` inside the bucket (so comparisons
    stay linear however big a bucket grows). A text listed twice in a bucket counts once, at its
    smallest ``order`` (``repeated=False`` when no text can be listed twice in a bucket, as in the local
    build, skips that step: a three-key sort per band). Used per band by the local build and per
    shuffled partition on Dask."""
    if len(bucket) < 2:
        return np.zeros((0, 2), dtype=np.int64)
    rows = np.arange(len(bucket))
    if repeated:
        first = np.lexsort((order, text, bucket))
        keep = np.ones(len(first), dtype=bool)
        keep[1:] = (bucket[first][1:] != bucket[first][:-1]) | (text[first][1:] != text[first][:-1])
        rows = first[keep]
    rows = rows[np.lexsort((order[rows], bucket[rows]))]
    sorted_buckets, sorted_texts = bucket[rows], text[rows]
    found = []
    for w in range(1, window + 1):
        if w >= len(rows):
            break
        same = sorted_buckets[w:] == sorted_buckets[:-w]
        if same.any():
            found.append(np.stack([sorted_texts[:-w][same], sorted_texts[w:][same]], axis=1))
    return np.concatenate(found) if found else np.zeros((0, 2), dtype=np.int64)


def _fmix64(x: np.ndarray) -> np.ndarray:
    x = x ^ (x >> np.uint64(33))
    x = x * np.uint64(0xFF51AFD7ED558CCD)
    x = x ^ (x >> np.uint64(33))
    x = x * np.uint64(0xC4CEB9FE1A85EC53)
    return x ^ (x >> np.uint64(33))


def _fmix32(x: np.ndarray) -> np.ndarray:
    # MurmurHash3's 32-bit finalizer, as datasketch's affine32 scheme applies it before permuting
    x = x ^ (x >> np.uint32(16))
    x = x * np.uint32(0x85EBCA6B)
    x = x ^ (x >> np.uint32(13))
    x = x * np.uint32(0xC2B2AE35)
    return x ^ (x >> np.uint32(16))


class Signer:
    """MinHash signatures and LSH band keys of content strings, many at a time."""

    def __init__(self, params: ReuseParams):
        from datasketch import MinHash

        self.params = params.resolved()
        template = MinHash(num_perm=params.num_perm, seed=params.seed, hashfunc=shingle_hash)
        if template.scheme != "affine32":  # pragma: no cover - datasketch's default since 2.0
            raise JianghuaError("U804", f"datasketch MinHash scheme {template.scheme!r} is not affine32;"
                                " install datasketch>=2.0,<3")
        self.a = np.asarray(template.permutations[0], dtype=np.uint32)
        self.b = np.asarray(template.permutations[1], dtype=np.uint32)
        self.k = params.shingle_size

    def shingle_hashes(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """All shingle hashes of ``texts`` concatenated, and the index where each text's start."""
        k = self.k
        lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
        counts = np.where(lengths > k, lengths - k + 1, 1)
        offsets = np.zeros(len(texts), dtype=np.int64)
        if len(texts) > 1:
            offsets[1:] = np.cumsum(counts)[:-1]
        joined = "".join(texts)
        cp = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
        hashes = np.empty(int(counts.sum()), dtype=np.uint32)
        if len(cp) >= k:
            window = np.zeros(len(cp) - k + 1, dtype=np.uint64)
            for j in range(k):
                window = window * np.uint64(_SHINGLE_PRIME) + cp[j:j + len(window)]
            window = (_fmix64(window) & np.uint64(0xFFFFFFFF)).astype(np.uint32)
        else:
            window = np.zeros(0, dtype=np.uint32)
        starts = np.zeros(len(texts), dtype=np.int64)
        if len(texts) > 1:
            starts[1:] = np.cumsum(lengths)[:-1]
        long_texts = lengths > k
        if long_texts.all():
            base = np.repeat(starts, counts)
            within = np.arange(len(hashes), dtype=np.int64) - np.repeat(offsets, counts)
            hashes[:] = window[base + within]
        else:
            for i, text in enumerate(texts):
                n = int(counts[i])
                if long_texts[i]:
                    hashes[offsets[i]:offsets[i] + n] = window[starts[i]:starts[i] + n]
                else:
                    hashes[offsets[i]] = shingle_hash(text)
        return hashes, offsets

    def signatures(self, texts: list[str]) -> np.ndarray:
        """(len(texts), num_perm) uint32: each row what datasketch's MinHash would hold for the text."""
        if not texts:
            return np.zeros((0, len(self.a)), dtype=np.uint32)
        hashes, offsets = self.shingle_hashes(texts)
        # permutations in rows, shingles in columns: the per-text minimum runs over contiguous memory
        permuted = self.a[:, None] * _fmix32(hashes)[None, :] + self.b[:, None]
        return np.ascontiguousarray(np.minimum.reduceat(permuted, offsets, axis=1).T)

    BATCH_CHARS = 200_000  # characters signed at a time: numpy's (perms x shingles) array stays small

    def keys_of(self, texts: list[str]) -> np.ndarray:
        """(len(texts), bands) band keys of ``texts``, signed ``BATCH_CHARS`` characters at a time."""
        blocks, start, size = [], 0, 0
        for end, text in enumerate(texts, start=1):
            size += len(text)
            if size >= self.BATCH_CHARS:
                blocks.append(self.band_keys(self.signatures(texts[start:end])))
                start, size = end, 0
        if start < len(texts) or not blocks:
            blocks.append(self.band_keys(self.signatures(texts[start:])))
        return np.vstack(blocks)

    def band_keys(self, signatures: np.ndarray) -> np.ndarray:
        """(n, bands) uint32: one key per band of ``rows`` hash values, laid out as MinHashLSH does.

        32 bits a key: two different bands collide with odds 2^-32, a few thousand spurious candidates
        in a corpus of millions of texts (the alignment drops them), for half the memory."""
        bands, rows = int(self.params.bands or 0), int(self.params.rows or 0)
        keys = np.zeros((signatures.shape[0], bands), dtype=np.uint32)
        for band in range(bands):
            key = np.zeros(signatures.shape[0], dtype=np.uint64)
            for col in signatures[:, band * rows:(band + 1) * rows].T.astype(np.uint64):
                key = key * np.uint64(_BAND_PRIME) + col
            keys[:, band] = (_fmix64(key) >> np.uint64(32)).astype(np.uint32)
        return keys


# --- alignment --------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Region:
    """An aligned passage in content coordinates: a[a0:a1] ~ b[b0:b1] with ``matched`` equal characters."""

    a0: int
    a1: int
    b0: int
    b1: int
    matched: int

    @property
    def exact(self) -> bool:
        return self.matched == self.a1 - self.a0 == self.b1 - self.b0


def matching_runs(a: str, b: str, k: int) -> list[tuple[int, int, int]]:
    """Maximal exact runs (length, i, j) of at least ``k`` characters shared by ``a`` and ``b``: the
    k-shingles of ``a`` indexed, those of ``b`` looked up, hits on one diagonal joined."""
    index: dict[str, list[int]] = {}
    for i in range(len(a) - k + 1):
        index.setdefault(a[i:i + k], []).append(i)
    open_runs: dict[int, list[int]] = {}  # diagonal -> [i0, j0, last j]
    runs: list[tuple[int, int, int]] = []
    for j in range(len(b) - k + 1):
        hits = index.get(b[j:j + k])
        if not hits:
            continue
        for i in hits:
            run = open_runs.get(j - i)
            if run is not None and run[2] == j - 1:
                run[2] = j
                continue
            if run is not None:
                runs.append((run[2] - run[1] + k, run[0], run[1]))
            open_runs[j - i] = [i, j, j]
    runs.extend((run[2] - run[1] + k, run[0], run[1]) for run in open_runs.values())
    return runs


def matching_blocks(a: str, b: str, k: int) -> list[tuple[int, int, int]]:
    """A monotone chain of exact blocks (i, j, n), n >= k: longest runs first, each trimmed to fit
    between the blocks already taken (the order difflib's SequenceMatcher takes them in), in linear
    time on short texts instead of difflib's quadratic worst case."""
    runs = matching_runs(a, b, k)
    runs.sort(key=lambda r: (-r[0], r[1], r[2]))
    chosen: list[tuple[int, int, int]] = []
    starts: list[int] = []
    for n, i, j in runs:
        pos = bisect.bisect_left(starts, i)
        if pos > 0:
            pi, pj, pn = chosen[pos - 1]
            shift = max(0, pi + pn - i, pj + pn - j)
            i, j, n = i + shift, j + shift, n - shift
        if pos < len(chosen):
            ni, nj, _nn = chosen[pos]
            n = min(n, ni - i, nj - j)
        if n >= k:
            chosen.insert(pos, (i, j, n))
            starts.insert(pos, i)
    return chosen


def align(a: str, b: str, params: ReuseParams, min_match: int | None = None) -> list[Region]:
    """Passages shared by content strings ``a`` and ``b``: exact blocks of at least ``min_block_chars``
    joined across edits of at most ``max_gap`` characters on each side (and across rewritten phrases
    of up to ``join_gap`` while the whole stays ``min_density`` dense), ``min_match`` long at least."""
    floor = params.min_match_chars if min_match is None else min_match
    if a == b:
        return [Region(0, len(a), 0, len(b), len(a))] if len(a) >= floor else []
    # long texts (gaps between a duplicate's paragraphs) anchor on longer blocks: short ones are
    # everywhere by chance there, and would only make the chaining slower
    k = params.min_block_chars if len(a) + len(b) <= _LONG_ALIGN_CHARS else max(params.min_block_chars, 6)
    pieces: list[list[int]] = []  # a0, a1, b0, b1, matched
    for i, j, n in matching_blocks(a, b, k):
        if pieces and i - pieces[-1][1] <= params.max_gap and j - pieces[-1][3] <= params.max_gap:
            last = pieces[-1]
            last[1], last[3], last[4] = i + n, j + n, last[4] + n
            continue
        pieces.append([i, i + n, j, j + n, n])
    # pieces separated by a rewritten phrase are one passage while the whole stays dense
    joined: list[list[int]] = []
    for piece in pieces:
        if joined:
            last = joined[-1]
            matched = last[4] + piece[4]
            if (piece[0] - last[1] <= params.join_gap and piece[2] - last[3] <= params.join_gap
                    and matched >= params.min_density * (piece[1] - last[0])
                    and matched >= params.min_density * (piece[3] - last[2])):
                last[1], last[3], last[4] = piece[1], piece[3], matched
                continue
        joined.append(piece)
    return [Region(*r) for r in joined if r[4] >= floor]


# Character diffs of variants. difflib's SequenceMatcher (no junk) takes the longest common substring
# of the two texts (the earliest in a, then in b, among equally long ones), then does the same left
# and right of it; each search is quadratic, 1-2 s on passages of 2,000+ characters. ``_diff`` makes
# exactly the same choices faster: a common substring of at least k characters lies inside a maximal
# run of shared k-grams (``matching_runs``, about linear time), so while a window's longest one is
# that long, it is the longest run clipped to the window (numpy, over the runs that still reach k
# characters in it). Windows without one, or small ones, go to difflib. Segments and similarity are
# difflib's own, only sooner.
_DIFF_DIRECT_AREA = 10_000  # len(a) x len(b) of a window difflib handles itself (100 x 100 characters)
_DIFF_ANCHOR_CHARS = (16, 6)  # run lengths tried, longest first (long k-grams have few hits)


def _clip_runs(runs: np.ndarray, alo: int, ahi: int, blo: int, bhi: int,
               k: int) -> tuple[np.ndarray, tuple[int, int, int] | None]:
    """The runs (n, i, j) keeping at least ``k`` characters inside the window, and the longest part
    of one (i, j, n) there: earliest in a, then in b, as difflib's ``find_longest_match``; None when
    no run keeps ``k`` characters (then no common substring of the window is that long)."""
    n, i, j = runs[:, 0], runs[:, 1], runs[:, 2]
    d = j - i
    start = np.maximum(np.maximum(i, alo), blo - d)
    length = np.minimum(np.minimum(i + n, ahi), bhi - d) - start
    keep = length >= k
    if not keep.any():
        return runs[:0], None
    runs, start, d, length = runs[keep], start[keep], d[keep], length[keep]
    best = np.flatnonzero(length == length.max())
    x = best[np.lexsort((start[best] + d[best], start[best]))[0]]
    return runs, (int(start[x]), int(start[x] + d[x]), int(length[x]))


def _diff(a: str, b: str) -> tuple[float, list[tuple[str, int, int, int, int]]]:
    """(similarity, opcodes): ``SequenceMatcher(None, a, b, autojunk=False)``'s ``ratio()`` and
    ``get_opcodes()``, in about linear time on long similar texts."""
    if a == b:
        return 1.0, ([("equal", 0, len(a), 0, len(b))] if a else [])
    blocks: list[tuple[int, int, int]] = []
    # window (alo, ahi, blo, bhi), the anchor level it searches at, and that level's runs (None: not yet found)
    windows: list[tuple[int, int, int, int, int, np.ndarray | None]] = [(0, len(a), 0, len(b), 0, None)]
    while windows:
        alo, ahi, blo, bhi, level, runs = windows.pop()
        found = None
        if (ahi - alo) * (bhi - blo) > _DIFF_DIRECT_AREA:
            while found is None and level < len(_DIFF_ANCHOR_CHARS):
                k = _DIFF_ANCHOR_CHARS[level]
                if runs is None:
                    runs = np.array(matching_runs(a[alo:ahi], b[blo:bhi], k), dtype=np.int64).reshape(-1, 3)
                    runs += np.array([0, alo, blo], dtype=np.int64)
                runs, found = _clip_runs(runs, alo, ahi, blo, bhi, k)
                if found is None:
                    level, runs = level + 1, None
        if found is None:
            matcher = difflib.SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=False)
            blocks.extend((alo + i, blo + j, n) for i, j, n in matcher.get_matching_blocks() if n)
            continue
        i, j, n = found
        blocks.append(found)
        if alo < i and blo < j:
            windows.append((alo, i, blo, j, level, runs))
        if i + n < ahi and j + n < bhi:
            windows.append((i + n, ahi, j + n, bhi, level, runs))
    blocks.sort()
    merged: list[list[int]] = []  # adjacent blocks joined, as difflib's get_matching_blocks does
    for i, j, n in blocks:
        if merged and merged[-1][0] + merged[-1][2] == i and merged[-1][1] + merged[-1][2] == j:
            merged[-1][2] += n
        else:
            merged.append([i, j, n])
    opcodes: list[tuple[str, int, int, int, int]] = []
    i = j = 0
    for ai, bj, n in [*merged, [len(a), len(b), 0]]:  # difflib's get_opcodes
        tag = "replace" if i < ai and j < bj else "delete" if i < ai else "insert" if j < bj else ""
        if tag:
            opcodes.append((tag, i, ai, j, bj))
        i, j = ai + n, bj + n
        if n:
            opcodes.append(("equal", ai, i, bj, j))
    matched = sum(n for _i, _j, n in merged)
    return 2.0 * matched / (len(a) + len(b)), opcodes


def diff_segments(a: str, b: str) -> list[dict[str, str]]:
    """Character-level differences of ``b`` against ``a``: [{"op": equal|replace|insert|delete, "a", "b"}]."""
    return [{"op": tag, "a": a[i1:i2], "b": b[j1:j2]} for tag, i1, i2, j1, j2 in _diff(a, b)[1]]


# A substitution needs equal words of this many characters on each side (职位公开、条件公开 has two),
# inside the passage, and words of at least two characters and about the same length: single
# characters (的/地, 一/二) and phrases replaced by shorter or longer ones (推介自我、完善自我 -> 推荐自我)
# are rewording, not a spinner's synonym (公开 -> 公然).
_SUBSTITUTION_CONTEXT = 2
_SUBSTITUTION_MIN_CHARS = 2


def word_substitutions(words_a: list[str], words_b: list[str], max_words: int = 3,
                       max_chars: int = 8) -> list[tuple[int, int, str, str]]:
    """Word replacements between two aligned word lists: (index in a, index in b, a word, b word).

    Only replacements of at most ``max_words`` Han words with equal text on both sides; equal numbers
    of words pair one to one, others give the joined phrases."""
    matcher = difflib.SequenceMatcher(None, words_a, words_b, autojunk=False)
    ops = matcher.get_opcodes()
    found: list[tuple[int, int, str, str]] = []
    for k, (tag, i1, i2, j1, j2) in enumerate(ops):
        if tag != "replace" or k == 0 or k == len(ops) - 1:
            continue
        before, after = ops[k - 1], ops[k + 1]
        if (sum(len(w) for w in words_a[before[1]:before[2]]) < _SUBSTITUTION_CONTEXT
                or sum(len(w) for w in words_a[after[1]:after[2]]) < _SUBSTITUTION_CONTEXT):
            continue
        wa, wb = words_a[i1:i2], words_b[j1:j2]
        if len(wa) > max_words or len(wb) > max_words or "".join(wa) == "".join(wb):
            continue
        if not all(_HAN_WORD.match(w) for w in wa + wb):
            continue
        if len(wa) == len(wb):
            pairs = [(i1 + n, j1 + n, x, y) for n, (x, y) in enumerate(zip(wa, wb, strict=True)) if x != y]
        else:
            pairs = [(i1, j1, "".join(wa), "".join(wb))]
        found.extend((i, j, x, y) for i, j, x, y in pairs
                     if _SUBSTITUTION_MIN_CHARS <= min(len(x), len(y)) and max(len(x), len(y)) <= max_chars
                     and abs(len(x) - len(y)) <= 1
                     # a word cut short or extended (年富力强/年富力, 治污染/治污) is a deletion, not a synonym
                     and not (x.startswith(y) or y.startswith(x) or x.endswith(y) or y.endswith(x)))
    return found


# --- union-find -------------------------------------------------------------------------------------

class _UnionFind:
    def __init__(self, n: int = 0):
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, x: int, y: int) -> None:
        rx, ry = self.find(x), self.find(y)
        if rx != ry:
            if rx < ry:
                self.parent[ry] = rx
            else:
                self.parent[rx] = ry


# --- the build ----------------------------------------------------------------------------------------

Occurrence = tuple[str, int, int, int, int]  # document uid, start, end, paragraph index, document index


@dataclass
class _Cluster:
    occurrences: list[Occurrence]
    n_docs: int
    n_works: int
    n_sites: int
    n_pages: int
    score: float
    kind: str
    rep: Occurrence
    text: str
    signature: bytes = b""
    n_shingles: int = 0


@dataclass
class _DocAlignment:
    matched_x: list[int]       # per paragraph of x (its position in the document), aligned characters
    matched_y: list[int]
    regions: list[tuple[list[int], list[int], Region]]  # gap alignments: (paragraphs of x, of y, region)
    coverage_x: float          # share of x's content aligned
    coverage_y: float
    matched: int


class _Builder:
    def __init__(self, corpus: Corpus, params: ReuseParams, progress: Progress | None):
        self.corpus = corpus
        self.p = params
        self.progress = progress
        self.stats: dict[str, int] = {}
        self._words: dict[int, list[tuple[int, int, str, int]]] = {}
        self._positions: dict[int, list[int]] = {}
        self._alignments: dict[tuple[int, int], list[Region]] = {}
        self.candidate_pairs = np.zeros((0, 2), dtype=np.int64)  # LSH candidates: pairs of text ids

    def _tick(self, stage: str, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress(stage, done, total)

    # 1. units ------------------------------------------------------------------------------------------
    def load(self, signer: Signer, external: bool = False) -> None:
        """Units and texts; with ``external`` candidates (the Dask job's), stable text hashes instead
        of signatures and band keys."""
        db = self.corpus.db
        self.uniq_stable = array("q")
        docs = db.execute("SELECT d.id, d.uid, d.page_id, d.complete, d.organization, p.site FROM documents d"
                          " JOIN pages p ON p.id = d.page_id ORDER BY d.id").fetchall()
        self.doc_dbid = [r[0] for r in docs]
        self.doc_uid = [r[1] for r in docs]
        self.doc_page = [r[2] for r in docs]
        self.doc_complete = [int(r[3]) for r in docs]
        self.doc_org = [r[4] for r in docs]
        self.doc_site = [r[5] for r in docs]
        index = {dbid: i for i, dbid in enumerate(self.doc_dbid)}
        n_docs = len(docs)
        self.doc_pars: list[list[int]] = [[] for _ in range(n_docs)]
        self.doc_content = [0] * n_docs
        self.doc_damage = [0] * n_docs
        self.par_dbid = array("q")
        self.par_doc = array("q")
        self.par_ord = array("q")
        self.par_start = array("q")
        self.par_len = array("q")
        self.par_key = array("q")  # hash of the content: equal keys, equal paragraphs
        self.par_text: list[str] = []
        unit_par, unit_lo, unit_hi, unit_uid, unit_kind = array("q"), array("q"), array("q"), array("q"), array("b")
        # Python's string hash (64 bits) names a text: two different texts of a corpus share one with
        # odds of about n^2 / 2^65, below one in a million for millions of texts
        uniq_index: dict[int, int] = {}
        self.uniq_rep = array("q")
        self.uniq_len = array("q")
        pending: list[str] = []
        pending_shingles = 0
        key_blocks: list[np.ndarray] = []
        p = self.p

        def flush() -> None:
            nonlocal pending, pending_shingles
            if pending:
                key_blocks.append(signer.keys_of(pending))
            pending, pending_shingles = [], 0

        def add_unit(par: int, lo: int, hi: int, text: str, kind: int) -> None:
            nonlocal pending_shingles
            key = hash(text)
            uid = uniq_index.get(key)
            if uid is None:
                uid = len(self.uniq_rep)
                uniq_index[key] = uid
                self.uniq_rep.append(len(unit_par))
                self.uniq_len.append(len(text))
                if external:
                    self.uniq_stable.append(stable_text_hash(text))
                    return_unit(par, lo, hi, uid, kind)
                    return
                pending.append(text)
                pending_shingles += len(text)
                if pending_shingles >= signer.BATCH_CHARS:
                    flush()
            return_unit(par, lo, hi, uid, kind)

        def return_unit(par: int, lo: int, hi: int, uid: int, kind: int) -> None:
            unit_par.append(par)
            unit_lo.append(lo)
            unit_hi.append(hi)
            unit_uid.append(uid)
            unit_kind.append(kind)

        sentences = db.execute('SELECT paragraph_id, start, "end" FROM sentences ORDER BY id')
        sentence = sentences.fetchone()
        rows = db.execute('SELECT id, doc_id, ordinal, start, text FROM paragraphs ORDER BY id')
        n_pars_total = db.execute("SELECT count(*) FROM paragraphs").fetchone()[0]
        for row in rows:
            par_dbid, doc_dbid, ordinal, start, text = row
            spans: list[tuple[int, int]] = []
            while sentence is not None and sentence[0] < par_dbid:
                sentence = sentences.fetchone()
            while sentence is not None and sentence[0] == par_dbid:
                spans.append((sentence[1] - start, sentence[2] - start))
                sentence = sentences.fetchone()
            doc = index.get(doc_dbid)
            if doc is None:
                continue
            par = len(self.par_text)
            body = content(text)
            self.par_dbid.append(par_dbid)
            self.par_doc.append(doc)
            self.par_ord.append(ordinal)
            self.par_start.append(start)
            self.par_len.append(len(body))
            self.par_key.append(hash(body))
            self.par_text.append(text)
            self.doc_pars[doc].append(par)
            self.doc_content[doc] += len(body)
            self.doc_damage[doc] += len(_DAMAGE.findall(text))
            for lo, hi, unit, kind in paragraph_units(text, body, spans, p):
                add_unit(par, lo, hi, unit, kind)
            if par % 20000 == 0:
                self._tick("units", par, n_pars_total)
        flush()
        uniq_index.clear()
        self.unit_par = np.frombuffer(unit_par, dtype=np.int64).copy() if unit_par else np.zeros(0, np.int64)
        self.unit_lo = np.frombuffer(unit_lo, dtype=np.int64).copy() if unit_lo else np.zeros(0, np.int64)
        self.unit_hi = np.frombuffer(unit_hi, dtype=np.int64).copy() if unit_hi else np.zeros(0, np.int64)
        self.unit_uid = np.frombuffer(unit_uid, dtype=np.int64).copy() if unit_uid else np.zeros(0, np.int64)
        self.unit_kind = np.frombuffer(unit_kind, dtype=np.int8).copy() if unit_kind else np.zeros(0, np.int8)
        bands = int(self.p.bands or 0)
        self.band_keys = np.vstack(key_blocks) if key_blocks else np.zeros((0, bands), dtype=np.uint32)
        n_uniq = len(self.uniq_rep)
        # instances of every text, grouped: order[inst_lo[u]:inst_hi[u]] are the units of text u
        self.inst_order = np.argsort(self.unit_uid, kind="stable")
        counts = np.bincount(self.unit_uid, minlength=n_uniq) if n_uniq else np.zeros(0, np.int64)
        self.inst_hi = np.cumsum(counts)
        self.inst_lo = self.inst_hi - counts
        unit_doc = np.frombuffer(self.par_doc, dtype=np.int64)[self.unit_par] if len(self.unit_par) else np.zeros(0, np.int64)
        self.unit_doc = unit_doc
        if n_uniq:
            sorted_docs = unit_doc[self.inst_order]
            self.uniq_doc_min = np.minimum.reduceat(sorted_docs, self.inst_lo)
            self.uniq_doc_max = np.maximum.reduceat(sorted_docs, self.inst_lo)
        else:
            self.uniq_doc_min = self.uniq_doc_max = np.zeros(0, np.int64)
        self.stats.update(documents=n_docs, paragraphs=len(self.par_text), units=len(self.unit_par), texts=n_uniq)

    def instances(self, uid: int) -> np.ndarray:
        return self.inst_order[self.inst_lo[uid]:self.inst_hi[uid]]

    def unit_text(self, unit: int) -> str:
        par = int(self.unit_par[unit])
        return content(self.par_text[par][int(self.unit_lo[unit]):int(self.unit_hi[unit])])

    def positions(self, par: int) -> list[int]:
        """Offsets in the paragraph text of its content characters."""
        found = self._positions.get(par)
        if found is None:
            found = [m.start() for m in _CONTENT_CHAR.finditer(self.par_text[par])]
            if len(self._positions) > 50_000:
                self._positions.clear()
            self._positions[par] = found
        return found

    # 2. candidates -------------------------------------------------------------------------------------
    def candidates(self) -> np.ndarray:
        n = self.band_keys.shape[0]
        if n < 2:
            return np.zeros((0, 2), dtype=np.int64)
        ids = np.arange(n, dtype=np.int64)
        codes = []
        for band in range(self.band_keys.shape[1]):
            pairs = bucket_pairs(self.band_keys[:, band].astype(np.int64), ids, ids, self.p.bucket_window, repeated=False)
            codes.append(pairs[:, 0] * n + pairs[:, 1])
        del self.band_keys  # the largest array of the build, no longer needed
        return self._kept_pairs(np.concatenate(codes), n)

    def external_candidates(self, pairs: np.ndarray) -> np.ndarray:
        """The Dask job's candidates (pairs of stable text hashes) as pairs of this build's text ids."""
        n = len(self.uniq_stable)
        if n < 2 or not len(pairs):
            return np.zeros((0, 2), dtype=np.int64)
        stable = np.frombuffer(self.uniq_stable, dtype=np.int64)
        order = np.argsort(stable, kind="stable")
        where = np.searchsorted(stable[order], pairs)
        where = np.minimum(where, n - 1)
        ids = order[where]
        known = (stable[ids] == pairs).all(axis=1)  # a text of the shards missing here is skipped
        self.stats["external_unknown"] = int((~known).sum())
        ids = np.sort(ids[known], axis=1)  # (lower, higher) as the local pairs are
        return self._kept_pairs(ids[:, 0] * n + ids[:, 1], n)

    def _kept_pairs(self, codes: np.ndarray, n: int) -> np.ndarray:
        """Candidate pairs from their codes (lower * n + higher), once each, minus the pairs whose
        every instance lies in one document."""
        if not len(codes):
            return np.zeros((0, 2), dtype=np.int64)
        codes = np.unique(codes)
        pairs = np.stack([codes // n, codes % n], axis=1)
        # a pair whose every instance lies in one document is not reuse
        one_doc = ((self.uniq_doc_min[pairs[:, 0]] == self.uniq_doc_max[pairs[:, 0]])
                   & (self.uniq_doc_min[pairs[:, 1]] == self.uniq_doc_max[pairs[:, 1]])
                   & (self.uniq_doc_min[pairs[:, 0]] == self.uniq_doc_min[pairs[:, 1]]))
        self.stats["comparisons"] = int(len(pairs))
        return pairs[~one_doc]

    # 4. alignment (used by 3 and 5) --------------------------------------------------------------------
    def unit_paragraphs(self, uid: int, kind: int | None = None) -> list[int]:
        """Paragraphs holding an instance of text ``uid`` (of one unit kind), in corpus order."""
        inst = self.instances(uid)
        if kind is not None:
            inst = inst[self.unit_kind[inst] == kind]
        return sorted({int(q) for q in self.unit_par[inst].tolist()})

    def align_paragraphs(self, p: int, q: int) -> list[Region]:
        """Passages shared by two paragraphs (content coordinates of each), cached by their contents."""
        key = (self.par_key[p], self.par_key[q])
        found = self._alignments.get(key)
        if found is None:
            if self.par_len[p] > _MAX_ALIGN_CHARS or self.par_len[q] > _MAX_ALIGN_CHARS:
                return []
            found = align(content(self.par_text[p]), content(self.par_text[q]), self.p)
            self.stats["alignments"] = self.stats.get("alignments", 0) + 1
            if found:  # most pairs share nothing worth keeping: only passages are remembered
                self._alignments[key] = found
        return found

    # 3. duplicate documents ----------------------------------------------------------------------------
    def duplicate_candidates(self) -> list[tuple[int, int]]:
        shared: Counter[tuple[int, int]] = Counter()
        cap = self.p.max_group_pairs

        def docs_of(pars: list[int]) -> list[int]:
            return sorted({int(self.par_doc[q]) for q in pars})

        def link(docs_a: list[int], docs_b: list[int], weight: int) -> None:
            if len(docs_a) * len(docs_b) <= cap * cap:
                links = {(x, y) for x in docs_a for y in docs_b if x != y}
            else:
                links = {(docs_a[0], y) for y in docs_b if y != docs_a[0]} | {(x, docs_b[0]) for x in docs_a if x != docs_b[0]}
            for x, y in links:
                shared[(x, y) if x < y else (y, x)] += weight

        # identical paragraphs in several documents
        multi = np.nonzero(self.uniq_doc_min != self.uniq_doc_max)[0]
        for uid in multi.tolist():
            docs = docs_of(self.unit_paragraphs(uid, kind=0))
            if len(docs) < 2:
                continue
            if len(docs) <= cap:
                for i, x in enumerate(docs):
                    for y in docs[i + 1:]:
                        shared[(x, y)] += int(self.uniq_len[uid])
            else:
                for y in docs[1:]:
                    shared[(docs[0], y)] += int(self.uniq_len[uid])
        # similar paragraphs (LSH candidates): the shorter one's length, an upper bound that the
        # alignment of the two documents then checks
        kind0 = np.zeros(len(self.uniq_rep), dtype=bool)
        kind0[self.unit_uid[self.unit_kind == 0]] = True
        pairs = self.candidate_pairs
        if len(pairs):
            pairs = pairs[kind0[pairs[:, 0]] & kind0[pairs[:, 1]]]
        counts = self.inst_hi - self.inst_lo
        for u, v in pairs.tolist():
            weight = min(int(self.uniq_len[u]), int(self.uniq_len[v]))
            if counts[u] == 1 and counts[v] == 1:
                x, y = int(self.unit_doc[self.uniq_rep[u]]), int(self.unit_doc[self.uniq_rep[v]])
                if x != y:
                    shared[(x, y) if x < y else (y, x)] += weight
                continue
            link(docs_of(self.unit_paragraphs(u, kind=0)), docs_of(self.unit_paragraphs(v, kind=0)), weight)
        floor = 0.5 * self.p.duplicate_coverage
        found = [pair for pair, weight in shared.items()
                 if weight >= self.p.duplicate_min_chars / 2
                 and weight >= floor * max(1, min(self.doc_content[pair[0]], self.doc_content[pair[1]]))]
        return sorted(found)

    def align_docs(self, x: int, y: int) -> _DocAlignment:
        """Paragraph-by-paragraph alignment of two documents; gaps between identical paragraphs are
        aligned character by character."""
        pars_x = [q for q in self.doc_pars[x] if self.par_len[q]]
        pars_y = [q for q in self.doc_pars[y] if self.par_len[q]]
        where_x = {q: i for i, q in enumerate(self.doc_pars[x])}
        where_y = {q: i for i, q in enumerate(self.doc_pars[y])}
        matched_x = [0] * len(self.doc_pars[x])
        matched_y = [0] * len(self.doc_pars[y])
        regions: list[tuple[list[int], list[int], Region]] = []
        matcher = difflib.SequenceMatcher(None, [self.par_key[q] for q in pars_x], [self.par_key[q] for q in pars_y],
                                          autojunk=False)
        opcodes = matcher.get_opcodes()
        # skip the gaps when even aligning all of them could not make the pair a duplicate
        equal = sum(self.par_len[q] for tag, i1, i2, _j1, _j2 in opcodes if tag == "equal" for q in pars_x[i1:i2])
        gaps = sum(min(sum(self.par_len[q] for q in pars_x[i1:i2]), sum(self.par_len[q] for q in pars_y[j1:j2]))
                   for tag, i1, i2, j1, j2 in opcodes if tag != "equal")
        hopeless = equal + gaps < self.p.duplicate_coverage * min(self.doc_content[x], self.doc_content[y])
        for tag, i1, i2, j1, j2 in opcodes:
            if tag == "equal":
                for qx, qy in zip(pars_x[i1:i2], pars_y[j1:j2], strict=True):
                    matched_x[where_x[qx]] = self.par_len[qx]
                    matched_y[where_y[qy]] = self.par_len[qy]
                continue
            gx, gy = pars_x[i1:i2], pars_y[j1:j2]
            if not gx or not gy or hopeless:
                continue
            text_x = "".join(content(self.par_text[q]) for q in gx)
            text_y = "".join(content(self.par_text[q]) for q in gy)
            if len(text_x) > _GAP_MAX_CHARS or len(text_y) > _GAP_MAX_CHARS:
                continue
            bounds_x = np.cumsum([self.par_len[q] for q in gx]).tolist()
            bounds_y = np.cumsum([self.par_len[q] for q in gy]).tolist()
            for region in align(text_x, text_y, self.p, min_match=max(8, self.p.min_block_chars)):
                regions.append((gx, gy, region))
                _spread(matched_x, [where_x[q] for q in gx], bounds_x, region.a0, region.a1, region.matched)
                _spread(matched_y, [where_y[q] for q in gy], bounds_y, region.b0, region.b1, region.matched)
        lens_x = [self.par_len[q] for q in self.doc_pars[x]]
        lens_y = [self.par_len[q] for q in self.doc_pars[y]]
        got_x = sum(min(m, n) for m, n in zip(matched_x, lens_x, strict=True))
        got_y = sum(min(m, n) for m, n in zip(matched_y, lens_y, strict=True))
        return _DocAlignment(matched_x, matched_y, regions, got_x / max(1, self.doc_content[x]),
                             got_y / max(1, self.doc_content[y]), min(got_x, got_y))

    def is_duplicate(self, x: int, y: int, result: _DocAlignment) -> bool:
        shorter_coverage = result.coverage_x if self.doc_content[x] <= self.doc_content[y] else result.coverage_y
        return shorter_coverage >= self.p.duplicate_coverage and result.matched >= self.p.duplicate_min_chars

    def completeness(self, doc: int) -> tuple[int, int, int]:
        # most complete: a document that ends properly, then the most content net of conversion damage
        return (self.doc_complete[doc], self.doc_content[doc] - 10 * self.doc_damage[doc], -self.doc_dbid[doc])

    def duplicates(self) -> None:
        pairs = self.duplicate_candidates()
        cache: dict[tuple[int, int], _DocAlignment] = {}
        uf = _UnionFind(len(self.doc_uid))
        for n, (x, y) in enumerate(pairs):
            result = self.align_docs(x, y)
            if self.is_duplicate(x, y, result):
                cache[(x, y)] = result
                uf.union(x, y)
            if n % 500 == 0:
                self._tick("duplicates", n, len(pairs))
        groups: dict[int, list[int]] = defaultdict(list)
        for doc in range(len(self.doc_uid)):
            groups[uf.find(doc)].append(doc)
        self.work = list(range(len(self.doc_uid)))
        self.doc_clusters: list[dict[str, Any]] = []
        self.dup_substitutions: list[tuple[str, str, int, int, int, int]] = []  # a, b, doc a, pos a, doc b, pos b
        clusters = []
        for members in groups.values():
            if len(members) < 2:
                continue
            canonical = max(members, key=self.completeness)
            kept = []
            for doc in sorted(members, key=lambda d: self.doc_dbid[d]):
                if doc == canonical:
                    continue
                found = cache.get((canonical, doc))
                if found is None:
                    flipped = cache.get((doc, canonical))
                    found = _flip(flipped) if flipped is not None else self.align_docs(canonical, doc)
                result = found
                if self.is_duplicate(canonical, doc, result):
                    kept.append((doc, result))
            if kept:
                clusters.append((canonical, kept))
        clusters.sort(key=lambda c: self.doc_dbid[c[0]])
        for number, (canonical, kept) in enumerate(clusters, start=1):
            self.doc_clusters.append({"cluster": number, "doc": canonical, "canonical": 1, "coverage": 1.0,
                                      "missing": [], "extra": [], "changes": []})
            for doc, result in kept:
                self.work[doc] = canonical
                changes = self.doc_changes(canonical, doc, result)
                counted = Counter((a, b) for a, b, *_ in changes)
                self.dup_substitutions.extend(changes)
                self.doc_clusters.append({
                    "cluster": number, "doc": doc, "canonical": 0, "coverage": round(result.coverage_x, 4),
                    "missing": [self.par_ord[q] for q, m in zip(self.doc_pars[canonical], result.matched_x, strict=True)
                                if self.par_len[q] and m < _PRESENT_SHARE * self.par_len[q]],
                    "extra": [self.par_ord[q] for q, m in zip(self.doc_pars[doc], result.matched_y, strict=True)
                              if self.par_len[q] and m < _PRESENT_SHARE * self.par_len[q]],
                    "changes": [{"a": a, "b": b, "count": c}
                                for (a, b), c in sorted(counted.items(), key=lambda i: (-i[1], i[0]))],
                })
        self.stats.update(duplicate_candidates=len(pairs), duplicate_clusters=len(clusters),
                          duplicate_documents=sum(len(k) for _c, k in clusters))

    def doc_changes(self, x: int, y: int, result: _DocAlignment) -> list[tuple[str, str, int, int, int, int]]:
        """Word substitutions of copy y against canonical x, with their document offsets."""
        out = []
        for gx, gy, region in result.regions:
            if region.exact:
                continue
            words_x = self.gap_words(gx)
            words_y = self.gap_words(gy)
            out.extend(self._region_substitutions(region, words_x, words_y, x, y))
        return out

    # words ----------------------------------------------------------------------------------------------
    def par_words(self, par: int) -> list[tuple[int, int, str, int]]:
        """Jieba words of a paragraph with content characters: (content start, content end, word, text offset)."""
        found = self._words.get(par)
        if found is not None:
            return found
        row = self.corpus.db.execute("SELECT words FROM paragraphs WHERE id = ?", (int(self.par_dbid[par]),)).fetchone()
        text = self.par_text[par]
        pos = self.positions(par)
        out: list[tuple[int, int, str, int]] = []
        cursor = 0
        for word in (row[0] if row else "").split(" "):
            if not word:
                continue
            at = text.find(word, cursor)
            if at < 0:
                continue
            cursor = at + len(word)
            body = content(word)
            if not body:
                continue
            c0 = bisect.bisect_left(pos, at)
            out.append((c0, c0 + len(body), body, at))
        if len(self._words) > 50_000:
            self._words.clear()
        self._words[par] = out
        return out

    def gap_words(self, pars: list[int]) -> list[tuple[int, int, str, int, int]]:
        """Words of consecutive paragraphs in the content coordinates of their concatenation, with the
        paragraph and the text offset of each."""
        out: list[tuple[int, int, str, int, int]] = []
        shift = 0
        for par in pars:
            out.extend((c0 + shift, c1 + shift, w, par, at) for c0, c1, w, at in self.par_words(par))
            shift += self.par_len[par]
        return out

    def _region_substitutions(self, region: Region, words_x: list[tuple[int, int, str, int, int]],
                              words_y: list[tuple[int, int, str, int, int]], x: int, y: int
                              ) -> list[tuple[str, str, int, int, int, int]]:
        in_x = [w for w in words_x if w[0] >= region.a0 and w[1] <= region.a1]
        in_y = [w for w in words_y if w[0] >= region.b0 and w[1] <= region.b1]
        out = []
        for i, j, a, b in word_substitutions([w[2] for w in in_x], [w[2] for w in in_y]):
            wx, wy = in_x[i], in_y[j]
            out.append((a, b, x, self.par_start[wx[3]] + wx[4], y, self.par_start[wy[3]] + wy[4]))
        return out

    # 4-5. seeded alignments, reused passages -----------------------------------------------------------
    def paragraph_pairs(self) -> np.ndarray:
        """Pairs of paragraphs of different works to align, (n, 2) with p < q.

        Seeds: identical texts found in several works (their paragraphs linked as a star around the
        first) and the LSH candidate pairs (their instances' paragraphs, all pairs while there are at
        most ``max_group_pairs`` on a side, else a star). A paragraph pair is aligned when one seed is
        at least ``min_match_chars`` long on both sides (or most of both paragraphs), or two different
        seeds point at it: one shared clause of a longer paragraph alone cannot make a passage. Every
        seed adds a bounded number of pairs, so the pairs grow linearly with the corpus."""
        cap = self.p.max_group_pairs
        par_work = np.asarray(self.work, dtype=np.int64)[np.frombuffer(self.par_doc, dtype=np.int64)]
        n_par = len(par_work)
        uniq_len = np.frombuffer(self.uniq_len, dtype=np.int64)
        strong_len = self.p.min_match_chars
        chunks: list[np.ndarray] = []
        strong_chunks: list[np.ndarray] = []

        def emit(ps: np.ndarray, qs: np.ndarray, strong: np.ndarray | bool) -> None:
            keep = par_work[ps] != par_work[qs]
            ps, qs = ps[keep], qs[keep]
            codes = np.minimum(ps, qs) * n_par + np.maximum(ps, qs)
            chunks.append(codes)
            strong_mask = np.broadcast_to(np.asarray(strong), keep.shape)[keep]
            strong_chunks.append(codes[strong_mask])

        counts = self.inst_hi - self.inst_lo
        first_par = self.unit_par[self.inst_order[self.inst_lo]] if len(counts) else np.zeros(0, np.int64)
        uniq_work_min, uniq_work_max = self.uniq_work_range()
        # identical texts in several works: star around the first paragraph
        multi = np.nonzero(uniq_work_min != uniq_work_max)[0]
        if len(multi):
            members = np.concatenate([self.inst_order[self.inst_lo[u]:self.inst_hi[u]] for u in multi.tolist()])
            owner = np.repeat(multi, counts[multi])
            emit(first_par[owner], self.unit_par[members], uniq_len[owner] >= strong_len)
        pairs = self.candidate_pairs
        if len(pairs):
            u, v = pairs[:, 0], pairs[:, 1]
            cross = ~((uniq_work_min[u] == uniq_work_max[u]) & (uniq_work_min[v] == uniq_work_max[v])
                      & (uniq_work_min[u] == uniq_work_min[v]))
            u, v = u[cross], v[cross]
            # a seed is strong when long enough for a passage, or when it is most of both paragraphs
            par_len = np.frombuffer(self.par_len, dtype=np.int64)
            strong = ((np.minimum(uniq_len[u], uniq_len[v]) >= strong_len)
                      | ((2 * uniq_len[u] >= par_len[first_par[u]]) & (2 * uniq_len[v] >= par_len[first_par[v]])))
            single = (counts[u] == 1) & (counts[v] == 1)
            emit(first_par[u[single]], first_par[v[single]], strong[single])
            ps_list: list[int] = []
            qs_list: list[int] = []
            strong_list: list[bool] = []
            for a, b, is_strong in zip(u[~single].tolist(), v[~single].tolist(), strong[~single].tolist(), strict=True):
                pars_a, pars_b = self.unit_paragraphs(a), self.unit_paragraphs(b)
                if len(pars_a) * len(pars_b) <= cap * cap:
                    links = [(x, y) for x in pars_a for y in pars_b]
                else:
                    links = [(pars_a[0], y) for y in pars_b] + [(x, pars_b[0]) for x in pars_a[1:]]
                ps_list.extend(x for x, _y in links)
                qs_list.extend(y for _x, y in links)
                strong_list.extend([is_strong] * len(links))
            if ps_list:
                emit(np.asarray(ps_list, dtype=np.int64), np.asarray(qs_list, dtype=np.int64),
                     np.asarray(strong_list, dtype=bool))
        if not chunks:
            return np.zeros((0, 2), dtype=np.int64)
        codes, votes = np.unique(np.concatenate(chunks), return_counts=True)
        strong_codes = np.unique(np.concatenate(strong_chunks))
        chosen = codes[(votes >= 2) | np.isin(codes, strong_codes, assume_unique=True)]
        self.stats.update(seed_pairs=int(len(codes)))
        return np.stack([chosen // n_par, chosen % n_par], axis=1)

    def reordered_regions(self, chosen: set[tuple[int, int]], aligned: dict[tuple[int, int], list[Region]]
                          ) -> dict[tuple[int, int], list[Region]]:
        """Passages a paragraph alignment misses because their sentences come in another order: for
        candidate pairs of sentences not covered by their paragraphs' alignment, the sentences' own."""
        extra: dict[tuple[int, int], list[Region]] = defaultdict(list)
        pairs = self.candidate_pairs
        if not len(pairs):
            return extra
        rep = np.frombuffer(self.uniq_rep, dtype=np.int64)
        uniq_len = np.frombuffer(self.uniq_len, dtype=np.int64)
        sentences = ((self.unit_kind[rep[pairs[:, 0]]] == 1) & (self.unit_kind[rep[pairs[:, 1]]] == 1)
                     & (np.minimum(uniq_len[pairs[:, 0]], uniq_len[pairs[:, 1]]) >= self.p.min_match_chars))
        for u, v in pairs[sentences].tolist():
            ru, rv = int(self.uniq_rep[u]), int(self.uniq_rep[v])
            p, q = int(self.unit_par[ru]), int(self.unit_par[rv])
            if (min(p, q), max(p, q)) not in chosen:
                continue
            if p > q:
                p, q, ru, rv, u, v = q, p, rv, ru, v, u
            off_u = bisect.bisect_left(self.positions(p), int(self.unit_lo[ru]))
            off_v = bisect.bisect_left(self.positions(q), int(self.unit_lo[rv]))
            len_u, len_v = int(self.uniq_len[u]), int(self.uniq_len[v])
            regions = aligned.get((p, q), [])
            if any(r.a0 < off_u + len_u and r.a1 > off_u and r.b0 < off_v + len_v and r.b1 > off_v for r in regions):
                continue
            for r in align(self.unit_text(ru), self.unit_text(rv), self.p):
                extra[(p, q)].append(Region(r.a0 + off_u, r.a1 + off_u, r.b0 + off_v, r.b1 + off_v, r.matched))
        return extra

    def uniq_work_range(self) -> tuple[np.ndarray, np.ndarray]:
        if not len(self.uniq_rep):
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        work = np.asarray(self.work, dtype=np.int64)
        sorted_work = work[self.unit_doc][self.inst_order]
        return np.minimum.reduceat(sorted_work, self.inst_lo), np.maximum.reduceat(sorted_work, self.inst_lo)

    def passages(self) -> None:
        node_index: dict[tuple[int, int, int], int] = {}
        node_par = array("q")
        node_s = array("q")
        node_e = array("q")
        edges: list[tuple[int, int]] = []

        def node(par: int, c0: int, c1: int) -> int:
            pos = self.positions(par)
            key = (par, pos[c0], pos[c1 - 1] + 1)
            found = node_index.get(key)
            if found is None:
                found = len(node_par)
                node_index[key] = found
                node_par.append(par)
                node_s.append(key[1])
                node_e.append(key[2])
            return found

        pairs = self.paragraph_pairs().tolist()
        aligned: dict[tuple[int, int], list[Region]] = {}
        for n, (p, q) in enumerate(pairs):
            regions = self.align_paragraphs(p, q)
            if regions:
                aligned[(p, q)] = list(regions)
            if n % 20000 == 0:
                self._tick("passages", n, len(pairs))
        for key, regions in self.reordered_regions({(p, q) for p, q in pairs}, aligned).items():
            aligned.setdefault(key, []).extend(regions)
        self._alignments.clear()
        self.passage_pairs: list[tuple[int, int, list[Region]]] = []
        for (p, q), regions in sorted(aligned.items()):
            self.passage_pairs.append((p, q, regions))
            for region in regions:
                edges.append((node(p, region.a0, region.a1), node(q, region.b0, region.b1)))
        n_nodes = len(node_par)
        uf = _UnionFind(n_nodes)
        for a, b in edges:
            uf.union(a, b)
        # spans covering the same stretch of one paragraph are one node
        by_par: dict[int, list[int]] = defaultdict(list)
        for i in range(n_nodes):
            by_par[node_par[i]].append(i)
        for ids in by_par.values():
            if len(ids) < 2:
                continue
            ids.sort(key=lambda i: (node_s[i], -node_e[i]))
            for k, i in enumerate(ids):
                for j in ids[k + 1:]:
                    if node_s[j] >= node_e[i]:
                        break
                    overlap = min(node_e[i], node_e[j]) - node_s[j]
                    union = max(node_e[i], node_e[j]) - node_s[i]
                    if overlap / union >= self.p.same_span:
                        uf.union(i, j)
        components: dict[int, list[int]] = defaultdict(list)
        for i in range(n_nodes):
            components[uf.find(i)].append(i)
        self.node_par, self.node_s, self.node_e = node_par, node_s, node_e
        par_doc = self.par_doc
        self.components = [ids for ids in components.values()
                           if len({self.work[par_doc[node_par[i]]] for i in ids}) >= 2]
        self.stats.update(paragraph_pairs=len(pairs), passage_nodes=n_nodes, passage_edges=len(edges))

    def passage_clusters(self, signer: Signer) -> None:
        site_pages = {site: n for site, n in self.corpus.db.execute("SELECT site, count(*) FROM pages GROUP BY site")}
        clusters: list[_Cluster] = []
        for ids in self.components:
            # one occurrence per stretch of a paragraph: overlapping or touching spans merge
            by_par: dict[int, list[tuple[int, int]]] = defaultdict(list)
            for i in ids:
                by_par[self.node_par[i]].append((self.node_s[i], self.node_e[i]))
            occurrences: list[Occurrence] = []
            for par, spans in by_par.items():
                spans.sort()
                merged = [list(spans[0])]
                for s, e in spans[1:]:
                    if s <= merged[-1][1] + 2:
                        merged[-1][1] = max(merged[-1][1], e)
                    else:
                        merged.append([s, e])
                doc = self.par_doc[par]
                base = self.par_start[par]
                for s, e in merged:
                    occurrences.append((self.doc_uid[doc], base + s, base + e, par, doc))
            occurrences.sort()
            docs = {o[4] for o in occurrences}
            works = {self.work[d] for d in docs}
            pages_by_site: dict[str | None, set[int]] = defaultdict(set)
            for d in docs:
                pages_by_site[self.doc_site[d]].add(self.doc_page[d])
            pages = {self.doc_page[d] for d in docs}
            main_site, main_pages = max(pages_by_site.items(), key=lambda kv: (len(kv[1]), str(kv[0])))
            concentration = len(main_pages) / len(pages)
            site_total = site_pages.get(main_site, len(main_pages)) or len(main_pages)
            # furniture is the same text on every page; a formula varies (dates, names, units)
            variants = Counter(_LETTERS_ONLY.sub("", self.par_text[o[3]][o[1] - self.par_start[o[3]]:o[2] - self.par_start[o[3]]])
                               for o in occurrences)
            uniformity = variants.most_common(1)[0][1] / len(occurrences)
            score = round(concentration * len(main_pages) / max(site_total, len(main_pages)) * uniformity, 4)
            orgs = {self.doc_org[d] for d in docs if self.doc_org[d]}
            if score >= self.p.furniture_score and len(main_pages) >= self.p.furniture_min_pages:
                kind = "furniture"
            elif len(pages_by_site) >= 2 or len(orgs) >= 2:
                kind = "template"
            else:
                kind = "shared"
            # the representative: the longest occurrence in a canonical or unique document
            rep = max(occurrences, key=lambda o: (self.work[o[4]] == o[4], o[2] - o[1], -o[4], -o[1]))
            text = self.par_text[rep[3]][rep[1] - self.par_start[rep[3]]:rep[2] - self.par_start[rep[3]]]
            clusters.append(_Cluster(occurrences, len(docs), len(works), len(pages_by_site), len(pages), score, kind,
                                     rep, text))
        clusters = _drop_subsumed(clusters)
        clusters.sort(key=lambda c: (-c.n_works, -c.n_docs, -len(c.occurrences), c.occurrences[0][:2]))
        texts = [content(c.text) for c in clusters]
        for start in range(0, len(texts), 2000):
            for n, row in enumerate(signer.signatures(texts[start:start + 2000]), start=start):
                clusters[n].signature = row.tobytes()
                clusters[n].n_shingles = len(set(shingles(texts[n], self.p.shingle_size)))
        self.clusters = clusters
        self.stats.update(passage_clusters=len(clusters), passage_occurrences=sum(len(c.occurrences) for c in clusters))

    # 7. substitutions ----------------------------------------------------------------------------------
    def substitutions(self) -> None:
        seen: set[tuple[int, int, int, int]] = set()
        table: dict[tuple[str, str], dict[str, Any]] = {}

        def record(a: str, b: str, doc_a: int, pos_a: int, doc_b: int, pos_b: int, source: str) -> None:
            key = (doc_a, pos_a, doc_b, pos_b)
            if key in seen:
                return
            seen.add(key)
            entry = table.setdefault((a, b), {"count": 0, "duplicate_count": 0, "passage_count": 0, "docs": set(),
                                              "examples": []})
            entry["count"] += 1
            entry[f"{source}_count"] += 1
            entry["docs"].add(doc_b)
            example = (doc_b, pos_b, len(b))
            if len(entry["examples"]) < 3 and example not in entry["examples"]:
                entry["examples"].append(example)

        for a, b, doc_a, pos_a, doc_b, pos_b in self.dup_substitutions:
            record(a, b, doc_a, pos_a, doc_b, pos_b, "duplicate")
        for p, q, regions in self.passage_pairs:
            doc_p, doc_q = self.par_doc[p], self.par_doc[q]
            if doc_p > doc_q:
                p, q, doc_p, doc_q = q, p, doc_q, doc_p
                regions = [Region(r.b0, r.b1, r.a0, r.a1, r.matched) for r in regions]
            if all(r.exact or r.matched < _SPUN_DENSITY * max(r.a1 - r.a0, r.b1 - r.b0) for r in regions):
                continue
            words_p, words_q = self.gap_words([p]), self.gap_words([q])
            for region in regions:
                if region.exact or region.matched < _SPUN_DENSITY * max(region.a1 - region.a0, region.b1 - region.b0):
                    continue
                for a, b, _x, pos_a, _y, pos_b in self._region_substitutions(region, words_p, words_q, doc_p, doc_q):
                    record(a, b, doc_p, pos_a, doc_q, pos_b, "passage")
        self.substitution_rows = []
        for (a, b), entry in sorted(table.items(), key=lambda kv: (-kv[1]["count"], kv[0])):
            examples = []
            for doc, pos, length in entry["examples"]:
                examples.append({"doc_id": self.doc_uid[doc], "start": pos, "end": pos + length,
                                 "context": self.context(doc, pos, pos + length)})
            self.substitution_rows.append((a, b, entry["count"], entry["duplicate_count"], entry["passage_count"],
                                           len(entry["docs"]), json.dumps(examples, ensure_ascii=False)))
        self.stats["substitutions"] = len(self.substitution_rows)

    def context(self, doc: int, start: int, end: int, width: int = 10) -> str:
        for par in self.doc_pars[doc]:
            s = self.par_start[par]
            text = self.par_text[par]
            if s <= start < s + len(text):
                return text[max(0, start - s - width):end - s + width]
        return ""

    # 8. write ------------------------------------------------------------------------------------------
    def write(self, building: str) -> None:
        """The tables, in one transaction that also clears the build's ``reuse_state`` row (``building``)
        unless documents changed while the build ran (then the row says ``stale``, and stays)."""
        db = self.corpus.db
        params = self.p
        with db:
            if not db.in_transaction:  # sqlite3 opens none before DDL: the drops would commit on their own
                db.execute("BEGIN")
            for table in (*TABLES, COVERAGE_TABLE):
                db.execute(f"DROP TABLE IF EXISTS {table}")
            for statement in SCHEMA.split(";\n"):  # not executescript: it commits first
                if statement.strip():
                    db.execute(statement)
            db.executemany("INSERT INTO reuse_docs (uid) VALUES (?)", ((uid,) for uid in self.doc_uid))
            db.execute("DELETE FROM meta WHERE key=? AND value=?", (REUSE_STATE_KEY, building))
            meta = {"version": REUSE_VERSION, "params": json.dumps(asdict(params), sort_keys=True),
                    "stats": json.dumps(self.stats, sort_keys=True)}
            db.executemany("INSERT INTO reuse_meta (key, value) VALUES (?, ?)", sorted(meta.items()))
            db.executemany(
                "INSERT INTO doc_clusters (cluster, doc_id, canonical, coverage, missing, extra, changes, version)"
                " VALUES (?,?,?,?,?,?,?,?)",
                [(c["cluster"], self.doc_uid[c["doc"]], c["canonical"], c["coverage"], json.dumps(c["missing"]),
                  json.dumps(c["extra"]), json.dumps(c["changes"], ensure_ascii=False), REUSE_VERSION)
                 for c in self.doc_clusters])
            db.execute("UPDATE documents SET duplicate_of = NULL WHERE duplicate_of IS NOT NULL")
            db.executemany("UPDATE documents SET duplicate_of = ? WHERE id = ?",
                           [(self.doc_uid[self.work[d]], self.doc_dbid[d]) for d in range(len(self.work)) if self.work[d] != d])
            for number, cluster in enumerate(self.clusters, start=1):
                rep = cluster.rep
                db.execute(
                    "INSERT INTO passage_clusters (id, size, n_docs, n_works, n_sites, n_pages, boilerplate_score, kind,"
                    " representative, rep_doc, rep_start, rep_end, signature, n_shingles, version)"
                    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (number, len(cluster.occurrences), cluster.n_docs, cluster.n_works, cluster.n_sites,
                     cluster.n_pages, cluster.score, cluster.kind, cluster.text, rep[0], rep[1], rep[2],
                     cluster.signature, cluster.n_shingles, REUSE_VERSION))
                rows = []
                for uid, start, end, par, doc in cluster.occurrences:
                    s = self.par_start[par]
                    rows.append((number, uid, self.par_ord[par], start, end, self.par_text[par][start - s:end - s],
                                 self.doc_site[doc]))
                db.executemany('INSERT INTO passage_occurrences (cluster, doc_id, paragraph, start, "end", text, site)'
                               " VALUES (?,?,?,?,?,?,?)", rows)
            db.executemany("INSERT INTO substitutions (a, b, count, duplicate_count, passage_count, n_docs, examples)"
                           " VALUES (?,?,?,?,?,?,?)", self.substitution_rows)


def _drop_subsumed(clusters: list[_Cluster]) -> list[_Cluster]:
    """Drop a cluster whose every occurrence lies inside an occurrence of one other cluster: a sentence
    found on its own inside a longer passage shared by the same documents."""
    by_par: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for n, cluster in enumerate(clusters):
        for _uid, start, end, par, _doc in cluster.occurrences:
            by_par[par].append((start, end, n))
    dropped: set[int] = set()
    order = sorted(range(len(clusters)), key=lambda n: (sum(o[2] - o[1] for o in clusters[n].occurrences), n))
    for n in order:
        holders: set[int] | None = None
        for _uid, start, end, par, _doc in clusters[n].occurrences:
            here = {m for s, e, m in by_par[par] if m != n and m not in dropped and s <= start and end <= e}
            holders = here if holders is None else holders & here
            if not holders:
                break
        if holders:
            dropped.add(n)
    return [c for n, c in enumerate(clusters) if n not in dropped]


def _spread(matched: list[int], slots: list[int], bounds: list[int], c0: int, c1: int, n: int) -> None:
    """Credit ``n`` aligned characters of the concatenation span c0..c1 to the paragraphs it covers,
    in proportion to how much of the span each holds."""
    span = max(1, c1 - c0)
    start = 0
    for slot, end in zip(slots, bounds, strict=True):
        overlap = min(end, c1) - max(start, c0)
        if overlap > 0:
            matched[slot] += round(n * overlap / span)
        start = end


def _flip(result: _DocAlignment) -> _DocAlignment:
    return _DocAlignment(result.matched_y, result.matched_x,
                         [(gy, gx, Region(r.b0, r.b1, r.a0, r.a1, r.matched)) for gx, gy, r in result.regions],
                         result.coverage_y, result.coverage_x, result.matched)


def build_reuse(corpus: Corpus, params: ReuseParams | dict[str, Any] | None = None,
                progress: Progress | None = None, candidates: np.ndarray | None = None) -> dict[str, Any]:
    """Find duplicate documents, reused passages and substitutions; (re)build the reuse tables.

    Idempotent: the tables are dropped and rebuilt, ``documents.duplicate_of`` reset and refilled,
    all in one transaction. ``progress(stage, done, total)`` is called along the way. Returns the
    counts (also stored in ``reuse_meta``) and the seconds taken. ``candidates``: LSH candidate pairs
    of stable text hashes computed elsewhere (``distributed.reuse_candidates_dask``, with the same
    parameters), used instead of this process's MinHash and banding.
    """
    started = time.perf_counter()
    if isinstance(params, dict) or params is None:
        params = ReuseParams.from_dict(params)
    params = params.checked().resolved()
    building = _start_build(corpus)
    signer = Signer(params)
    builder = _Builder(corpus, params, progress)
    builder.load(signer, external=candidates is not None)  # 1. units, 2. signatures and band keys
    if candidates is None:
        builder.candidate_pairs = builder.candidates()     # 2. LSH candidates
    else:
        builder.candidate_pairs = builder.external_candidates(candidates)
    builder.duplicates()                            # 3. duplicate documents (works)
    builder.passages()                              # 4. seeded paragraph alignments, 5. clusters
    builder.passage_clusters(signer)                # 5-6. occurrences, boilerplate scores
    builder.substitutions()                         # 7. substitutions
    builder.write(building)
    return {"version": REUSE_VERSION, "params": asdict(params), **builder.stats,
            "seconds": round(time.perf_counter() - started, 3)}


def _start_build(corpus: Corpus) -> str:
    """Write (and commit) the ``reuse_state`` row saying a build runs, before the build reads anything: a
    build that is killed or interrupted leaves it, and the next ``ingest`` or ``reuse`` rebuilds the
    index. Documents committed after it mark the state ``stale`` again, so the build does not clear it."""
    token = f"building {os.getpid()} {time.time():.6f}"
    with corpus.db:
        corpus.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (REUSE_STATE_KEY, token))
    return token


def _has_table(corpus: Corpus, name: str) -> bool:
    return corpus.db.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (name,)).fetchone() is not None


def reuse_needed(corpus: Corpus) -> bool:
    """True when the stored reuse index does not cover the documents as they are: documents changed since
    it was built (or by a run that was interrupted), a build was interrupted, or the index predates the
    record of the documents it covers."""
    if reuse_state(corpus.db) is not None:
        return True
    return _has_table(corpus, "reuse_meta") and not _has_table(corpus, "reuse_docs")


def coverage(corpus: Corpus) -> tuple[bool, str]:
    """``verify``'s check of the reuse index against the documents: (ok, detail)."""
    state = reuse_state(corpus.db)
    if not _has_table(corpus, "reuse_meta"):
        if state is not None and state.startswith("building"):
            return False, "a reuse build was interrupted before it wrote the index: run 'jianghua reuse'"
        return True, "no reuse index built"
    documents = corpus.db.execute("SELECT count(*) FROM documents").fetchone()[0]
    if not _has_table(corpus, "reuse_docs"):
        return False, (f"the reuse index predates the record of the documents it covers ({documents} documents):"
                       " run 'jianghua reuse'")
    missing = corpus.db.execute("SELECT count(*) FROM documents WHERE uid NOT IN (SELECT uid FROM reuse_docs)").fetchone()[0]
    gone = corpus.db.execute("SELECT count(*) FROM reuse_docs WHERE uid NOT IN (SELECT uid FROM documents)").fetchone()[0]
    detail = f"the reuse index covers {documents - missing} of {documents} documents"
    if gone:
        detail += f" and {gone} that are no longer in the corpus"
    if state is not None and state.startswith("building"):
        detail += "; a reuse build was interrupted"
    ok = not missing and not gone and not (state or "").startswith("building")
    return ok, detail + ("" if ok else ": run 'jianghua reuse'")


# --- reading ----------------------------------------------------------------------------------------------

def _require(corpus: Corpus) -> dict[str, str]:
    try:
        meta = dict(corpus.db.execute("SELECT key, value FROM reuse_meta").fetchall())
    except sqlite3.OperationalError:
        meta = {}
    if not meta:
        raise JianghuaError("U802", f"no reuse tables in {corpus.path}: build them first with 'jianghua reuse'"
                            " (jianghua.reuse.build_reuse)")
    if meta.get("version") != REUSE_VERSION:
        raise JianghuaError("U802", f"the reuse tables of {corpus.path} were built by {meta.get('version')}; this jianghua "
                            f"reads {REUSE_VERSION}: rebuild them")
    return meta


def reuse_params(corpus: Corpus) -> ReuseParams:
    """The parameters the stored reuse tables were built with."""
    return ReuseParams.from_dict(json.loads(_require(corpus)["params"]))


def _occurrence_rows(corpus: Corpus, cluster: int, limit: int | None = None) -> list[sqlite3.Row]:
    """A cluster's occurrences in order (the first ``limit``: a formula cluster has 100,000)."""
    return corpus.db.execute(
        'SELECT o.doc_id, o.paragraph, o.start, o."end", o.text, o.site, d.title, d.duplicate_of FROM passage_occurrences o'
        " LEFT JOIN documents d ON d.uid = o.doc_id WHERE o.cluster = ? ORDER BY o.id LIMIT ?",
        (cluster, -1 if limit is None else int(limit))).fetchall()


def passages(corpus: Corpus, min_docs: int = 2, topic: str | None = None, role: str | None = None,
             limit: int | None = 50, kind: str | None = None, with_occurrences: bool = True) -> list[dict[str, Any]]:
    """Reused-passage clusters, biggest first (works, then documents, then occurrences).

    ``topic`` keeps clusters with an occurrence in a document of that topic; ``role`` those with an
    occurrence inside a section of that role (both columns are filled by other stages, NULL before)."""
    min_docs = validate.whole_number("--min-docs", min_docs)
    limit = validate.count("--limit", limit)
    topic = validate.one_of("--topic", topic, TOPICS)
    role = validate.one_of("--role", role, ROLES)
    kind = validate.one_of("--kind", kind, PASSAGE_KINDS)
    _require(corpus)
    clauses: list[str] = ["c.n_docs >= ?"]
    args: list[Any] = [min_docs]
    if topic:
        clauses.append("EXISTS (SELECT 1 FROM passage_occurrences o JOIN documents d ON d.uid = o.doc_id"
                       " WHERE o.cluster = c.id AND d.topic = ?)")
        args.append(topic)
    if role:
        clauses.append("EXISTS (SELECT 1 FROM passage_occurrences o JOIN documents d ON d.uid = o.doc_id"
                       ' JOIN sections s ON s.doc_id = d.id WHERE o.cluster = c.id AND s.role = ?'
                       ' AND s.start <= o.start AND o.start < s."end")')
        args.append(role)
    if kind:
        clauses.append("c.kind = ?")
        args.append(kind)
    sql = ("SELECT c.* FROM passage_clusters c WHERE " + " AND ".join(clauses)
           + " ORDER BY c.n_works DESC, c.n_docs DESC, c.size DESC, length(c.representative) DESC, c.id")
    if limit:
        sql += f" LIMIT {int(limit)}"
    out = []
    for row in corpus.db.execute(sql, args).fetchall():
        out.append({
            "id": row["id"], "size": row["size"], "n_docs": row["n_docs"], "n_works": row["n_works"],
            "n_sites": row["n_sites"], "n_pages": row["n_pages"], "boilerplate_score": row["boilerplate_score"],
            "kind": row["kind"], "text": row["representative"], "doc_id": row["rep_doc"],
            "occurrences": [{"doc_id": o["doc_id"], "paragraph": o["paragraph"], "start": o["start"], "end": o["end"],
                             "site": o["site"], "title": o["title"]} for o in _occurrence_rows(corpus, row["id"])]
            if with_occurrences else None,
        })
    return out


def _lookup(corpus: Corpus, text: str) -> tuple[int, float]:
    """The passage cluster a free text belongs to: MinHash of its shingles against every cluster's
    representative (Jaccard, or containment when the text is a part of the passage), confirmed by
    alignment."""
    params = reuse_params(corpus).resolved()
    query = content(normalize_text(text))
    if len(query) < params.shingle_size:
        raise JianghuaError("U803", f"{text!r} is too short to look up: give at least {params.shingle_size} characters")
    rows = corpus.db.execute("SELECT id, representative, signature, n_shingles FROM passage_clusters ORDER BY id").fetchall()
    if not rows:
        raise JianghuaError("U803", "there are no reused passages in this corpus")
    signer = Signer(params)
    signature = signer.signatures([query])[0]
    stored = np.vstack([np.frombuffer(r["signature"], dtype=np.uint32) for r in rows])
    jaccard = (stored == signature[None, :]).mean(axis=1)
    n_query = len(set(shingles(query, params.shingle_size)))
    sizes = np.array([r["n_shingles"] for r in rows], dtype=np.float64)
    # containment of the query in a passage, from Jaccard and the two set sizes
    contained = np.minimum(1.0, jaccard * (n_query + sizes) / ((1.0 + jaccard) * n_query))
    score = np.maximum(jaccard, contained)
    best: tuple[float, int] = (0.0, 0)
    for i in np.argsort(-score, kind="stable")[:10].tolist():
        rep = content(rows[i]["representative"])
        if query in rep or rep in query:
            found = min(len(query), len(rep)) / max(1, len(query))
        else:
            regions = align(query, rep, params, min_match=params.min_block_chars)
            found = sum(r.matched for r in regions) / len(query)
        if found > best[0]:
            best = (found, int(rows[i]["id"]))
    if best[0] < 0.5:
        raise JianghuaError("U803", f"no reused passage matches {text!r}; 'jianghua passages' lists them")
    return best[1], round(best[0], 4)


def variants(corpus: Corpus, text_or_cluster_id: str | int, limit: int | None = None) -> dict[str, Any]:
    """Every occurrence of a passage side by side with its differences from the representative.

    ``text_or_cluster_id``: a passage cluster id, or a free text in either script (normalized like the
    corpus, then looked up by MinHash). Each variant carries ``segments``: the character-level diff
    [{"op": "equal"|"replace"|"insert"|"delete", "a": representative part, "b": this variant's part}]."""
    limit = validate.count("--limit", limit)
    _require(corpus)
    query: str | None = None
    score = 1.0
    if isinstance(text_or_cluster_id, int) or str(text_or_cluster_id).strip().isascii() and str(text_or_cluster_id).strip().isdigit():
        cluster = int(text_or_cluster_id)
        if not 0 <= cluster <= validate.SQLITE_MAX_INTEGER:
            raise JianghuaError("U803", f"no passage cluster {str(cluster)[:30]}; 'jianghua passages' lists them")
    else:
        query = validate.text_size("passage", str(text_or_cluster_id), validate.MAX_PASSAGE_CHARS)
        cluster, score = _lookup(corpus, query)
    row = corpus.db.execute("SELECT * FROM passage_clusters WHERE id = ?", (cluster,)).fetchone()
    if row is None:
        raise JianghuaError("U803", f"no passage cluster {cluster}; 'jianghua passages' lists them")
    reference = row["representative"]
    items = []
    # only the shown occurrences are read (``size`` counts them all), and each distinct text is diffed once
    diffs: dict[str, tuple[float, list[Any]]] = {}
    for o in _occurrence_rows(corpus, cluster, limit or None):
        text = o["text"]
        if text not in diffs:
            ratio, opcodes = _diff(reference, text)
            diffs[text] = (round(ratio, 4), opcodes)
        similarity, opcodes = diffs[text]
        items.append({
            "doc_id": o["doc_id"], "title": o["title"], "site": o["site"], "paragraph": o["paragraph"],
            "start": o["start"], "end": o["end"], "text": text, "duplicate_of": o["duplicate_of"],
            "reference": o["doc_id"] == row["rep_doc"] and o["start"] == row["rep_start"],
            "similarity": similarity,
            "segments": [{"op": tag, "a": reference[i1:i2], "b": text[j1:j2]} for tag, i1, i2, j1, j2 in opcodes],
        })
    return {"cluster": cluster, "query": query, "match": score, "kind": row["kind"], "n_docs": row["n_docs"],
            "n_works": row["n_works"], "n_sites": row["n_sites"], "boilerplate_score": row["boilerplate_score"],
            "representative": {"doc_id": row["rep_doc"], "start": row["rep_start"], "end": row["rep_end"], "text": reference},
            "occurrences": row["size"], "variants": items}


def passage_records(corpus: Corpus) -> Iterator[dict[str, Any]]:
    """One record per passage occurrence (for ``export passages``): cluster, doc_id, start, end, text
    (offsets into the document's canonical text), with the cluster's n_docs, n_sites and kind."""
    _require(corpus)
    cursor = corpus.db.execute(
        'SELECT o.cluster, o.doc_id, o.paragraph, o.start, o."end", o.text, o.site, c.n_docs, c.n_sites, c.kind,'
        " c.boilerplate_score FROM passage_occurrences o JOIN passage_clusters c ON c.id = o.cluster ORDER BY o.id")
    for r in cursor:
        yield {"cluster": r[0], "doc_id": r[1], "paragraph": r[2], "start": r[3], "end": r[4], "text": r[5],
               "site": r[6], "n_docs": r[7], "n_sites": r[8], "kind": r[9], "boilerplate_score": r[10]}


def duplicate_records(corpus: Corpus) -> list[dict[str, Any]]:
    """One record per document in a duplicate cluster: its canonical copy, coverage, what it lacks and changes."""
    _require(corpus)
    rows = corpus.db.execute(
        "SELECT c.*, k.doc_id AS canonical_id FROM doc_clusters c JOIN doc_clusters k ON k.cluster = c.cluster"
        " AND k.canonical = 1 ORDER BY c.cluster, c.canonical DESC, c.doc_id").fetchall()
    return [{"cluster": r["cluster"], "doc_id": r["doc_id"], "canonical": bool(r["canonical"]),
             "duplicate_of": None if r["canonical"] else r["canonical_id"], "coverage": r["coverage"],
             "missing": json.loads(r["missing"]), "extra": json.loads(r["extra"]), "changes": json.loads(r["changes"])}
            for r in rows]


def substitution_list(corpus: Corpus, min_count: int = 1, limit: int | None = None) -> list[dict[str, Any]]:
    """Word substitutions found in aligned variants, most frequent first: the spun-copy signal."""
    min_count = validate.whole_number("--min-count", min_count)
    limit = validate.count("--limit", limit)
    _require(corpus)
    sql = "SELECT * FROM substitutions WHERE count >= ? ORDER BY count DESC, a, b"
    if limit:
        sql += f" LIMIT {int(limit)}"
    return [{"a": r["a"], "b": r["b"], "count": r["count"], "duplicate_count": r["duplicate_count"],
             "passage_count": r["passage_count"], "n_docs": r["n_docs"], "examples": json.loads(r["examples"])}
            for r in corpus.db.execute(sql, (min_count,)).fetchall()]
