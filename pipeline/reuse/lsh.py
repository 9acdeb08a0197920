"""Step 2, candidates: the persistent LSH index and its probe.

Every text has one 32-bit key per band. The index keeps, per band, the (key, text) entries of every
text in sorted *runs* stored as BLOBs in ``reuse_lsh`` (a run cut into parts of at most
``PART_ENTRIES``, so memory stays bounded however big the corpus grows). A batch's texts are probed
one band at a time: the buckets its keys fall in are gathered from every run, the batch's new texts
added, and ``minhash.bucket_pairs`` pairs each text with the ``bucket_window`` texts before it in the
bucket (texts are numbered in the order first seen, so for a new text those are the latest earlier
ones, and the pairs among earlier texts never change when texts are added). Then the new texts'
entries become a new run; runs are merged while the newest is at least half the size of the one
before it (a log-structured merge: O(log n) runs, each entry rewritten O(log n) times).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import numpy as np

from .minhash import bucket_pairs
from .params import ReuseParams
from .units import IndexedBatch

PART_ENTRIES = 1 << 21  # entries per stored part: 16 MB of keys and text ids


def _parts(db: sqlite3.Connection, band: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    for keys, texts in db.execute("SELECT keys, texts FROM reuse_lsh WHERE band = ? ORDER BY run, part", (band,)):
        yield np.frombuffer(keys, dtype=np.uint32), np.frombuffer(texts, dtype=np.uint32)


def _ranges(lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """The indices lo[i]..hi[i]-1 of every range, concatenated."""
    counts = hi - lo
    total = int(counts.sum())
    if not total:
        return np.zeros(0, dtype=np.int64)
    offsets = np.cumsum(counts) - counts
    return np.repeat(lo - offsets, counts) + np.arange(total, dtype=np.int64)


def probe(db: sqlite3.Connection, params: ReuseParams, batch: IndexedBatch, n_before: int) -> np.ndarray:
    """Candidate pairs (u < v) of texts with an instance in the batch: every window pair of the buckets
    the batch's texts fall in that has a new text (id >= ``n_before``) or one of the batch's old texts."""
    touched_old = np.sort(batch.text_ids[~batch.text_new])
    new_keys = batch.text_keys[batch.text_new]
    new_ids = batch.text_ids[batch.text_new]
    found: list[np.ndarray] = []
    for band in range(int(params.bands or 0)):
        probe_keys = np.sort(batch.text_keys[:, band])
        probe_keys = probe_keys[np.r_[True, probe_keys[1:] != probe_keys[:-1]]] if len(probe_keys) else probe_keys
        bucket_parts = [new_keys[:, band].astype(np.int64)]
        text_parts = [new_ids]
        for keys, texts in _parts(db, band):
            at = _ranges(np.searchsorted(keys, probe_keys, "left"), np.searchsorted(keys, probe_keys, "right"))
            bucket_parts.append(keys[at].astype(np.int64))
            text_parts.append(texts[at].astype(np.int64))
        bucket, text = np.concatenate(bucket_parts), np.concatenate(text_parts)
        pairs = bucket_pairs(bucket, text, text, params.bucket_window, repeated=False)
        if len(pairs):
            keep = (pairs[:, 1] >= n_before) | _member(pairs[:, 0], touched_old) | _member(pairs[:, 1], touched_old)
            found.append(pairs[keep])
    if not found:
        return np.zeros((0, 2), dtype=np.int64)
    codes = np.sort(np.concatenate([p[:, 0] << 32 | p[:, 1] for p in found]))
    codes = codes[np.r_[True, codes[1:] != codes[:-1]]]
    return np.stack([codes >> 32, codes & 0xFFFFFFFF], axis=1)


def _member(values: np.ndarray, sorted_set: np.ndarray) -> np.ndarray:
    if not len(sorted_set):
        return np.zeros(len(values), dtype=bool)
    at = np.minimum(np.searchsorted(sorted_set, values), len(sorted_set) - 1)
    return sorted_set[at] == values


def _write_run(db: sqlite3.Connection, run: int, band: int, keys: np.ndarray, texts: np.ndarray) -> None:
    """One band of a run, sorted by (key, text), cut into parts."""
    combined = np.sort((keys.astype(np.uint64) << np.uint64(32)) | texts.astype(np.uint64))
    keys, texts = (combined >> np.uint64(32)).astype(np.uint32), (combined & np.uint64(0xFFFFFFFF)).astype(np.uint32)
    for part, start in enumerate(range(0, max(1, len(keys)), PART_ENTRIES)):
        k, t = keys[start:start + PART_ENTRIES], texts[start:start + PART_ENTRIES]
        db.execute("INSERT INTO reuse_lsh (band, run, part, n, keys, texts) VALUES (?,?,?,?,?,?)",
                   (band, run, part, len(k), k.tobytes(), t.tobytes()))


def append(db: sqlite3.Connection, params: ReuseParams, batch: IndexedBatch) -> None:
    """The batch's new texts become a run; then runs are merged while the newest is at least half the
    size of the one before it."""
    new = batch.text_new
    if not new.any():
        return
    run = int(db.execute("SELECT coalesce(max(run), 0) + 1 FROM reuse_lsh").fetchone()[0])
    for band in range(int(params.bands or 0)):
        _write_run(db, run, band, batch.text_keys[new, band], batch.text_ids[new])
    while True:
        sizes = db.execute("SELECT run, sum(n) FROM reuse_lsh WHERE band = 0 GROUP BY run ORDER BY run").fetchall()
        if len(sizes) < 2 or 2 * sizes[-1][1] < sizes[-2][1]:
            break
        _merge(db, params, sizes[-2][0], sizes[-1][0])


def _merge(db: sqlite3.Connection, params: ReuseParams, older: int, newer: int) -> None:
    for band in range(int(params.bands or 0)):
        keys, texts = [], []
        for run in (older, newer):
            for k, t in db.execute("SELECT keys, texts FROM reuse_lsh WHERE band = ? AND run = ? ORDER BY part", (band, run)):
                keys.append(np.frombuffer(k, dtype=np.uint32))
                texts.append(np.frombuffer(t, dtype=np.uint32))
        db.execute("DELETE FROM reuse_lsh WHERE band = ? AND run IN (?, ?)", (band, older, newer))
        _write_run(db, older, band, np.concatenate(keys), np.concatenate(texts))


def truncate(db: sqlite3.Connection, first_text: int) -> None:
    """Remove the entries of texts numbered ``first_text`` and after (their documents are being redone)."""
    for run, band, part, texts_blob, keys_blob in db.execute(
            "SELECT run, band, part, texts, keys FROM reuse_lsh ORDER BY band, run, part").fetchall():
        texts = np.frombuffer(texts_blob, dtype=np.uint32)
        keep = texts < first_text
        if keep.all():
            continue
        if not keep.any():
            db.execute("DELETE FROM reuse_lsh WHERE run = ? AND band = ? AND part = ?", (run, band, part))
            continue
        keys = np.frombuffer(keys_blob, dtype=np.uint32)[keep]
        db.execute("UPDATE reuse_lsh SET keys = ?, texts = ?, n = ? WHERE run = ? AND band = ? AND part = ?",
                   (keys.tobytes(), texts[keep].tobytes(), int(keep.sum()), run, band, part))


def entries(db: sqlite3.Connection, band: int) -> np.ndarray:
    """Every (key, text) entry of a band, sorted: the index's content whatever its runs (tests compare it)."""
    keys, texts = [], []
    for k, t in _parts(db, band):
        keys.append(k)
        texts.append(t)
    if not keys:
        return np.zeros((0, 2), dtype=np.int64)
    pairs = np.stack([np.concatenate(keys).astype(np.int64), np.concatenate(texts).astype(np.int64)], axis=1)
    return pairs[np.lexsort((pairs[:, 1], pairs[:, 0]))]
