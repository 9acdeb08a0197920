"""seeds: the candidate sentence rows as arrays give the rows the definition gives (a set of tuples)."""

from __future__ import annotations

import numpy as np
from jianghua.reuse import seeds


def _instances(rng: np.random.Generator, n: int) -> seeds.Instances:
    ids = np.arange(10, 10 + 3 * n, 3, dtype=np.int64)
    lo = rng.integers(0, 40, n)
    zero = np.zeros(n, dtype=np.int64)
    return seeds.Instances(ids=ids, length=rng.integers(5, 40, n), half=zero.astype(bool), first_kind=rng.integers(0, 3, n),
                           first_class=rng.integers(1, 25, n), first_lo=lo, first_hi=lo + rng.integers(1, 30, n),
                           lo=zero, hi=zero, classes=zero[:0])


def _by_definition(inst: seeds.Instances, candidates: np.ndarray, chosen: np.ndarray, min_chars: int) -> list[tuple]:
    rows = set()
    chosen_set = set(chosen.tolist())
    for t, w in candidates.tolist():
        a, b = int(inst.where(np.array([t]))[0]), int(inst.where(np.array([w]))[0])
        if inst.first_kind[a] != 1 or inst.first_kind[b] != 1 or min(inst.length[a], inst.length[b]) < min_chars:
            continue
        p, q = int(inst.first_class[a]), int(inst.first_class[b])
        spans = (int(inst.first_lo[a]), int(inst.first_hi[a]), int(inst.first_lo[b]), int(inst.first_hi[b]))
        if p > q:
            p, q, spans = q, p, (spans[2], spans[3], spans[0], spans[1])
        if (p << 32) | q in chosen_set:
            rows.add((p, q, *spans))
    return sorted(rows, key=lambda r: (r[1], r[0], r[2:]))


def test_sentence_rows_are_the_definitions_distinct_rows_in_order():
    rng = np.random.default_rng(9)
    inst = _instances(rng, 400)
    picks = rng.integers(0, 400, (3_000, 2))
    candidates = inst.ids[picks]
    pairs = np.sort(rng.integers(1, 25, (150, 2)), axis=1)
    chosen = np.unique((pairs[:, 0] << 32) | pairs[:, 1])
    expected = _by_definition(inst, candidates, chosen, 12)
    found = seeds._sentence_rows(inst, candidates, chosen, 12)
    assert [tuple(r) for r in found.tolist()] == expected and len(expected) > 50
    assert found.dtype == np.int64 and found.shape[1] == 6
    assert seeds._sentence_rows(inst, candidates, chosen[:0], 12).shape == (0, 6)
