"""spill.Sums: weights summed per code in memory, or in partition files past its limit, the same totals."""

from __future__ import annotations

from collections import Counter

import numpy as np
from jianghua.reuse import spill


def _entries(seed: int, n: int, distinct: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    # codes as the duplicate step makes them: (x << 32) | y
    x = rng.integers(1, distinct, n)
    y = x + rng.integers(1, 50, n)
    return (x << 32) | y, rng.integers(1, 500, n)


def _totals(sums: spill.Sums) -> tuple[dict[int, int], list[int]]:
    found: dict[int, int] = {}
    sizes = []
    for codes, weights in sums.blocks():
        assert np.all(codes[1:] > codes[:-1])  # ascending, each code once in its block
        assert not set(codes.tolist()) & set(found)  # and in one block only
        found.update(zip(codes.tolist(), weights.tolist(), strict=True))
        sizes.append(len(codes))
    return found, sizes


def _reference(batches: list[tuple[np.ndarray, np.ndarray]]) -> dict[int, int]:
    expected: Counter[int] = Counter()
    for codes, weights in batches:
        for c, w in zip(codes.tolist(), weights.tolist(), strict=True):
            expected[c] += w
    return dict(expected)


def test_sums_in_memory_are_one_block_of_every_code():
    batches = [_entries(seed, 300, 100) for seed in range(5)]
    sums = spill.Sums(limit=10_000)
    for codes, weights in batches:
        sums.add(codes, weights)
    found, sizes = _totals(sums)
    assert sums.spill is None and sums.spilled == 0
    assert found == _reference(batches) and sizes == [len(found)]


def test_sums_past_the_limit_spill_and_give_the_same_totals(tmp_path):
    batches = [_entries(seed, 500, 2_000) for seed in range(8)]
    sums = spill.Sums(tmp_path, limit=400)
    for codes, weights in batches:
        sums.add(codes, weights)
    assert sums.spill is not None and sums.spill.parent == tmp_path
    found, sizes = _totals(sums)
    assert found == _reference(batches)
    assert len(sizes) > 1 and max(sizes) <= 400  # no block past the limit: big partitions were cut again
    sums.close()
    assert list(tmp_path.iterdir()) == []


def test_a_partition_too_big_is_cut_again_by_the_next_bits(tmp_path):
    # every code in one top-level partition: only the next levels can spread them
    codes = np.arange(1, 200_000, dtype=np.int64)
    codes = codes[spill.partition(codes, 0) == 3][:3_000]
    assert len(codes) == 3_000 and set(spill.partition(codes, 1).tolist()) == set(range(spill.FANOUT))
    sums = spill.Sums(tmp_path, limit=100)
    for start in range(0, len(codes), 50):
        sums.add(codes[start:start + 50], np.full(50, 2))
        sums.add(codes[start:start + 50], np.full(50, 5))
    found, sizes = _totals(sums)
    assert found == dict.fromkeys(codes.tolist(), 7)
    assert max(sizes) <= 100 and sum(sizes) == 3_000
    assert sums.spilled > 2 * 3_000  # the entries were written again one level down
    sums.close()


def test_nothing_added_gives_no_block(tmp_path):
    sums = spill.Sums(tmp_path, limit=8)
    sums.add(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))
    assert list(sums.blocks()) == []
