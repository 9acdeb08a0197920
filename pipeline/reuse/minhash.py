"""Units, MinHash signatures and LSH band keys: what the candidate search sees of a text.

Content characters (letters and digits, Han included) are what shingles, keys and alignments see,
so punctuation and spacing differences never break a match. A *unit* is a paragraph, a long
sentence of a paragraph that has several, or a long clause of a sentence that has several
(``paragraph_units``, the one definition, used by the local build and the Dask candidate job).

Signatures follow datasketch's ``affine32`` scheme, computed in numpy batches: each row equals
``datasketch.MinHash(hashfunc=shingle_hash)`` fed the same shingles (the tests check it). Band keys
are 32-bit hashes of ``rows`` signature values, ``bands`` of them per text, laid out as
``MinHashLSH`` lays out its bands (bands and rows are datasketch's choice for the threshold).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator

import numpy as np

from .params import ReuseParams

_NON_CONTENT = re.compile(r"[\W_]+")
_CLAUSE = re.compile(r"[^，；：,;:]+[，；：,;:]*")

_SHINGLE_PRIME = np.uint64(0x100000001B3)  # FNV-64 prime: spreads code points across the 64-bit polynomial
_BAND_PRIME = np.uint64(0x9E3779B97F4A7C15)
_LOW32 = np.uint64(0xFFFFFFFF)


def content(text: str) -> str:
    """The content characters of ``text``: what shingles, keys and alignments see."""
    return _NON_CONTENT.sub("", text)


def shingles(text: str, k: int) -> list[str]:
    """The character k-shingles of a content string (the whole string when shorter than k)."""
    if len(text) <= k:
        return [text] if text else []
    return [text[i:i + k] for i in range(len(text) - k + 1)]


def mix64(x: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finalizer over uint64 values: how shingles, band keys and Dask routes are spread."""
    x = x ^ (x >> np.uint64(33))
    x = x * np.uint64(0xFF51AFD7ED558CCD)
    x = x ^ (x >> np.uint64(33))
    x = x * np.uint64(0xC4CEB9FE1A85EC53)
    return x ^ (x >> np.uint64(33))


def _mix32(x: np.ndarray) -> np.ndarray:
    # MurmurHash3's 32-bit finalizer, as datasketch's affine32 scheme applies it before permuting
    x = x ^ (x >> np.uint32(16))
    x = x * np.uint32(0x85EBCA6B)
    x = x ^ (x >> np.uint32(13))
    x = x * np.uint32(0xC2B2AE35)
    return x ^ (x >> np.uint32(16))


def _codepoints(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)


def shingle_hash(shingle: str | bytes) -> int:
    """32-bit hash of one shingle, usable as a datasketch ``hashfunc`` (the build hashes whole texts'
    shingles at once with the same polynomial)."""
    if isinstance(shingle, bytes):
        shingle = shingle.decode("utf-8")
    h = np.zeros(1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for cp in _codepoints(shingle):
            h = h * _SHINGLE_PRIME + cp
        return int(mix64(h)[0] & _LOW32)


def stable_text_hash(text: str) -> int:
    """A 64-bit name of a text that is the same in every process (Python's ``hash`` is salted per
    process): how units of different batches, workers and the Dask job agree on which text is which.
    Two different texts share one with odds of about n^2 / 2^65: below one in a million for millions."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little", signed=True)


def paragraph_units(text: str, body: str, spans: list[tuple[int, int]], p: ReuseParams) -> Iterator[tuple[int, int, str, int]]:
    """The units of one paragraph, in order: (start, end, content, kind) with kind 0 paragraph, 1
    sentence, 2 clause. ``body`` is ``content(text)``; ``spans`` its sentences (paragraph offsets)."""
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


def affine32_permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """datasketch's ``affine32`` permutations h -> a*h + b mod 2**32 (``MinHash._init_permutations``),
    drawn the same way without importing datasketch (which imports scipy: two seconds a process)."""
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


class Signer:
    """MinHash signatures and LSH band keys of content strings, many at a time."""

    BATCH_CHARS = 200_000  # characters signed at a time: numpy's (perms x shingles) array stays small

    def __init__(self, params: ReuseParams):
        self.params = params.resolved()
        self.a, self.b = affine32_permutations(params.num_perm, params.seed)
        self.k = params.shingle_size
        self.bands = int(self.params.bands or 0)
        self.rows = int(self.params.rows or 0)

    def shingle_hashes(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """All shingle hashes of ``texts`` concatenated, and the index where each text's start."""
        k = self.k
        lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
        counts = np.where(lengths > k, lengths - k + 1, 1)
        offsets = np.zeros(len(texts), dtype=np.int64)
        offsets[1:] = np.cumsum(counts)[:-1]
        cp = _codepoints("".join(texts))
        hashes = np.empty(int(counts.sum()), dtype=np.uint32)
        window = np.zeros(max(0, len(cp) - k + 1), dtype=np.uint64)
        with np.errstate(over="ignore"):
            for j in range(k):
                window = window * _SHINGLE_PRIME + cp[j:j + len(window)]
        window = (mix64(window) & _LOW32).astype(np.uint32)
        starts = np.zeros(len(texts), dtype=np.int64)
        starts[1:] = np.cumsum(lengths)[:-1]
        long_texts = lengths > k
        base = np.repeat(np.where(long_texts, starts, 0), counts)
        within = np.arange(len(hashes), dtype=np.int64) - np.repeat(offsets, counts)
        hashes[:] = window[base + within] if len(window) else 0
        for i in np.flatnonzero(~long_texts).tolist():  # a text no longer than k is one shingle
            hashes[offsets[i]] = shingle_hash(texts[i])
        return hashes, offsets

    def signatures(self, texts: list[str]) -> np.ndarray:
        """(len(texts), num_perm) uint32: each row what datasketch's MinHash would hold for the text."""
        if not texts:
            return np.zeros((0, len(self.a)), dtype=np.uint32)
        hashes, offsets = self.shingle_hashes(texts)
        # permutations in rows, shingles in columns: the per-text minimum runs over contiguous memory
        permuted = self.a[:, None] * _mix32(hashes)[None, :] + self.b[:, None]
        return np.ascontiguousarray(np.minimum.reduceat(permuted, offsets, axis=1).T)

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
        keys = np.zeros((signatures.shape[0], self.bands), dtype=np.uint32)
        with np.errstate(over="ignore"):
            for band in range(self.bands):
                key = np.zeros(signatures.shape[0], dtype=np.uint64)
                for col in signatures[:, band * self.rows:(band + 1) * self.rows].T.astype(np.uint64):
                    key = key * _BAND_PRIME + col
                keys[:, band] = (mix64(key) >> np.uint64(32)).astype(np.uint32)
        return keys


def bucket_pairs(bucket: np.ndarray, order: np.ndarray, text: np.ndarray, window: int,
                 repeated: bool = True) -> np.ndarray:
    """LSH candidates among texts sharing a bucket: (earlier, later) pairs of ``text`` values, each
    text paired with the ``window`` texts before it in ``order`` inside the bucket (so comparisons
    stay linear however big a bucket grows). A text listed twice in a bucket counts once, at its
    smallest ``order`` (``repeated=False`` when no text can be listed twice, skipping that sort).
    The one definition of the window: the index probe and the Dask reducers both call it."""
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
    return np.concatenate(found).astype(np.int64) if found else np.zeros((0, 2), dtype=np.int64)
