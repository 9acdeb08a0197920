"""Sums per integer code that may not fit in memory: the duplicate step's weights per document pair.

``Sums`` adds (code, weight) entries and gives back each distinct code's total. Entries are summed in
memory (sorted arrays, 16 bytes a code) while they stay under ``limit``; past it the sums held and
every later entry go to partition files on disk, cut by a hash of the code, and ``blocks`` sums one
partition at a time (a partition still too big is cut again by the next bits of the hash). Memory is
bounded by ``limit`` entries whatever the number of codes; the totals are the same either way
(integer sums do not depend on the order entries came in), only the order of the blocks differs.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np

LIMIT = 1 << 22          # entries summed in memory (about 200 MB at the merge's peak: the arrays and their sorted copies)
FANOUT = 16              # partitions per level (4 bits of the hash)
_LEVELS = 15             # levels of 4 bits in 60 bits of the hash: past them a partition is summed whole
_MIX = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing: consecutive codes spread over the partitions


def summed(codes: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each distinct code (ascending) and the sum of its weights."""
    if not len(codes):
        return codes[:0].astype(np.int64), weights[:0].astype(np.int64)
    order = np.argsort(codes, kind="stable")
    codes, weights = codes[order], weights[order]
    starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
    return codes[starts], np.add.reduceat(weights, starts)


def partition(codes: np.ndarray, level: int) -> np.ndarray:
    """The partition (0..FANOUT-1) of each code at ``level``: 4 bits of its hash, the top ones first."""
    mixed = codes.astype(np.uint64) * _MIX
    return ((mixed >> np.uint64(60 - 4 * level)) & np.uint64(FANOUT - 1)).astype(np.int64)


class Sums:
    """Weights summed per code, spilled to partition files past ``limit`` entries (in ``folder``, a
    temporary folder of the system's when None; removed by ``close``)."""

    def __init__(self, folder: str | Path | None = None, limit: int | None = None) -> None:
        self.folder = folder
        self.limit = max(4, limit or LIMIT)
        self.codes = np.zeros(0, dtype=np.int64)
        self.sums = np.zeros(0, dtype=np.int64)
        self.pending: list[tuple[np.ndarray, np.ndarray]] = []
        self.n_pending = 0
        self.spill: Path | None = None   # partition files, once the sums outgrew memory
        self.spilled = 0                 # entries written to them

    def add(self, codes: np.ndarray, weights: np.ndarray) -> None:
        if len(codes):
            self.pending.append((np.asarray(codes, dtype=np.int64), np.asarray(weights, dtype=np.int64)))
            self.n_pending += len(codes)
            if self.n_pending >= self.limit // 4:
                self._merge()

    def _merge(self) -> None:
        if self.spill is not None:
            self._write(*self._take())
            return
        codes, sums = self._take()
        self.codes, self.sums = summed(np.concatenate([self.codes, codes]), np.concatenate([self.sums, sums]))
        if len(self.codes) > self.limit // 2:
            # the next merge could pass the limit: what is held and what comes goes to disk from now on
            self.spill = Path(tempfile.mkdtemp(prefix="sums-", dir=self.folder))
            self._write(self.codes, self.sums)
            self.codes, self.sums = self.codes[:0], self.sums[:0]

    def _take(self) -> tuple[np.ndarray, np.ndarray]:
        codes = np.concatenate([c for c, _w in self.pending]) if self.pending else self.codes[:0]
        sums = np.concatenate([w for _c, w in self.pending]) if self.pending else self.sums[:0]
        self.pending, self.n_pending = [], 0
        return codes, sums

    def _write(self, codes: np.ndarray, sums: np.ndarray, folder: Path | None = None, level: int = 0) -> None:
        """Entries appended to the partition files of ``folder`` (the top level's by default) as rows (code, weight)."""
        folder = self.spill if folder is None else folder
        assert folder is not None
        part = partition(codes, level)
        order = np.argsort(part, kind="stable")
        bounds = np.searchsorted(part[order], np.arange(FANOUT + 1))
        rows = np.stack([codes[order], sums[order]], axis=1)
        for p in range(FANOUT):
            if bounds[p + 1] > bounds[p]:
                with open(folder / f"{p}.bin", "ab") as out:
                    rows[bounds[p]:bounds[p + 1]].tofile(out)
        self.spilled += len(codes)

    def blocks(self) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Every code's total, a block of codes at a time (ascending within a block, each code in one block)."""
        self._merge()
        if self.spill is None:
            if len(self.codes):
                yield self.codes, self.sums
            return
        yield from self._partitions(self.spill, 0)

    def _partitions(self, folder: Path, level: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        for p in range(FANOUT):
            path = folder / f"{p}.bin"
            if not path.exists():
                continue
            n = path.stat().st_size // 16
            if n <= self.limit or level + 1 >= _LEVELS:
                rows = np.fromfile(path, dtype=np.int64).reshape(-1, 2)
                path.unlink()
                yield summed(rows[:, 0], rows[:, 1])
                continue
            # too big to sum at once: cut again by the next bits, a chunk of the file at a time
            inner = folder / f"{p}.d"
            inner.mkdir()
            for start in range(0, n, self.limit):
                rows = np.fromfile(path, dtype=np.int64, count=2 * min(self.limit, n - start), offset=16 * start).reshape(-1, 2)
                self._write(rows[:, 0], rows[:, 1], inner, level + 1)
            path.unlink()
            yield from self._partitions(inner, level + 1)

    def close(self) -> None:
        if self.spill is not None:
            shutil.rmtree(self.spill, ignore_errors=True)
            self.spill = None
