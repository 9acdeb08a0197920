"""Step 3, seeds: the pairs of paragraph classes worth aligning.

Seeds are identical texts (a text with instances in several classes: its classes linked as a star
around the first) and the LSH candidate pairs (the classes of one text linked to the first
``max_group_pairs`` classes of the other, both ways: all pairs while both are that small, and a
number of links linear in the instances however big they grow). A class pair is aligned when one
seed is at least ``min_match_chars`` long on both sides (or most of both paragraphs), or two
different seeds point at it: one shared clause of a longer paragraph alone costs nothing. A whole
sentence found word for word in several classes, too short for an alignment to keep, links its
classes too (``shared_sentences``): its spans become a passage without aligning the paragraphs.

Incremental by construction: "the first k" of a growing set never loses a member when later
classes come, so the pairs a batch adds are exactly those with one of its new classes, and the pairs
between earlier classes keep their seeds. Which documents and works a class's members belong to is
not looked at here (a class can gain members later); the passage graph decides that (``clusters``).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

import numpy as np

from .params import ReuseParams
from .tables import array_of
from .units import IndexedBatch

_SHIFT = 32


@dataclass
class Instances:
    """The instances of a set of texts, grouped by text (CSR): for text ``ids[i]``, the distinct
    classes ``classes[lo[i]:hi[i]]`` (ascending) holding it, and its first instance."""

    ids: np.ndarray          # text ids, ascending
    length: np.ndarray       # content characters of each text
    half: np.ndarray         # its first instance is at least half of its paragraph
    first_kind: np.ndarray
    first_class: np.ndarray
    first_lo: np.ndarray
    first_hi: np.ndarray
    lo: np.ndarray
    hi: np.ndarray
    classes: np.ndarray

    def where(self, texts: np.ndarray) -> np.ndarray:
        return np.searchsorted(self.ids, texts)

    def of(self, slot: int) -> np.ndarray:
        return self.classes[self.lo[slot]:self.hi[slot]]


def load_instances(db: sqlite3.Connection, texts: np.ndarray) -> Instances:
    texts = np.unique(texts)
    db.execute("CREATE TEMP TABLE IF NOT EXISTS reuse_wanted (id INTEGER PRIMARY KEY)")
    db.execute("DELETE FROM temp.reuse_wanted")
    db.executemany("INSERT INTO temp.reuse_wanted (id) VALUES (?)", ((t,) for t in texts.tolist()))
    info = array_of(db.execute("SELECT t.id, t.length, t.half, t.kind, t.class, t.lo, t.hi FROM temp.reuse_wanted w"
                               " CROSS JOIN reuse_texts t ON t.id = w.id ORDER BY t.id"), 7)
    rows = array_of(db.execute("SELECT DISTINCT u.text, u.class FROM temp.reuse_wanted w CROSS JOIN reuse_units u"
                               " ON u.text = w.id ORDER BY u.text, u.class"), 2)
    db.execute("DELETE FROM temp.reuse_wanted")
    return Instances(ids=info[:, 0], length=info[:, 1], half=info[:, 2].astype(bool), first_kind=info[:, 3],
                     first_class=info[:, 4], first_lo=info[:, 5], first_hi=info[:, 6],
                     lo=np.searchsorted(rows[:, 0], info[:, 0], side="left"),
                     hi=np.searchsorted(rows[:, 0], info[:, 0], side="right"), classes=rows[:, 1].copy())


@dataclass
class Seeds:
    """What a batch's seeds ask for."""

    pairs: np.ndarray        # (n, 2) class pairs a < b, sorted by (b, a): those to align and those with a shared sentence
    sentences: np.ndarray    # (m, 6) a, b, a_lo, a_hi, b_lo, b_hi: candidate sentence pairs of chosen pairs
    seed_pairs: int          # distinct class pairs proposed
    exact: np.ndarray = field(default_factory=lambda: np.zeros((0, 6), dtype=np.int64))  # shared sentences (rows as above)
    align: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))  # per pair: aligned (else its sentences only)


def links(xs: list[int], ys: list[int], k: int, new_from: int) -> set[tuple[int, int]]:
    """Members ``xs`` linked to the first k of ``ys``, and the first k of ``xs`` to ``ys`` (ascending
    lists): only the links with a member >= ``new_from`` (the batch's), never a member to itself."""
    fx, fy = xs[:k], ys[:k]
    found = {(x, y) for x in xs if x >= new_from for y in fy}
    found.update((x, y) for y in ys if y >= new_from for x in fx)
    if fy and fy[-1] >= new_from:
        found.update((x, y) for x in xs for y in fy if y >= new_from)
    if fx and fx[-1] >= new_from:
        found.update((x, y) for y in ys for x in fx if x >= new_from)
    found.difference_update({(x, x) for x in xs})
    return found


def _within(sizes: np.ndarray) -> np.ndarray:
    """0..size-1 for each size, concatenated."""
    total = int(sizes.sum())
    return np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(sizes) - sizes, sizes)


def _block(inst: Instances, u: np.ndarray, v: np.ndarray, x_from: np.ndarray, x_to: np.ndarray, y_from: np.ndarray,
           y_to: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each pair n, the classes ``x_from[n]:x_to[n]`` of text ``u[n]`` (positions in its ascending list)
    with the classes ``y_from[n]:y_to[n]`` of ``v[n]``: (pair index, class of u, class of v)."""
    width_x, width_y = np.maximum(x_to - x_from, 0), np.maximum(y_to - y_from, 0)
    counts = width_x * width_y
    pair = np.repeat(np.arange(len(u)), counts)
    within = _within(counts)
    x = inst.classes[inst.lo[u[pair]] + x_from[pair] + within // width_y[pair]]
    y = inst.classes[inst.lo[v[pair]] + y_from[pair] + within % width_y[pair]]
    return pair, x, y


def _older(inst: Instances, new_from: int) -> np.ndarray:
    """For each text (slot), how many of its classes are older than ``new_from``: its classes are
    ascending, so its new ones are the positions from there on."""
    below = np.r_[0, np.cumsum(inst.classes < new_from)]
    return below[inst.hi] - below[inst.lo]


def group_links(inst: Instances, u: np.ndarray, v: np.ndarray, k: int, new_from: int = 0
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each pair n, every class of text ``u[n]`` with the first ``k`` classes of ``v[n]``, and the
    first ``k`` of ``u[n]`` with every class of ``v[n]``, only the links with a class from ``new_from``
    on (a batch's new classes): (pair index, class, class), repeats allowed. A formula held by
    thousands of classes thus costs the links of its new classes, not thousands times k per batch."""
    size_u, size_v = inst.hi[u] - inst.lo[u], inst.hi[v] - inst.lo[v]
    old_u, old_v = _older(inst, new_from)[u], _older(inst, new_from)[v]
    zero = np.zeros(len(u), dtype=np.int64)
    parts = []
    for a, b, size_a, size_b, old_a, old_b, only in ((u, v, size_u, size_v, old_u, old_v, None),
                                                      (v, u, size_v, size_u, old_v, old_u, size_v > k)):
        # every class of a with the first k of b (the second time round: only where a's were cut to k)
        first_b = np.minimum(size_b, k)
        if only is not None:
            size_a, old_a, first_b = np.where(only, size_a, 0), np.where(only, old_a, 0), np.where(only, first_b, 0)
        parts.append(_block(inst, a, b, old_a, size_a, zero, first_b))           # a's new classes
        parts.append(_block(inst, a, b, zero, old_a, np.minimum(old_b, first_b), first_b))  # a's old ones, b's new among its first k
    return (np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts]),
            np.concatenate([p[2] for p in parts]))


class _Emitter:
    """Collects (pair code, seed id, strong) emissions of class pairs."""

    def __init__(self) -> None:
        self.codes: list[np.ndarray] = []
        self.seeds: list[np.ndarray] = []
        self.strong: list[np.ndarray] = []

    def add(self, x: np.ndarray, y: np.ndarray, seed: np.ndarray | int, strong: np.ndarray | bool) -> None:
        lo, hi = np.minimum(x, y), np.maximum(x, y)
        self.codes.append((lo << _SHIFT) | hi)
        self.seeds.append(np.broadcast_to(np.asarray(seed, dtype=np.int64), lo.shape).copy())
        self.strong.append(np.broadcast_to(np.asarray(strong, dtype=bool), lo.shape).copy())

    def chosen(self) -> tuple[np.ndarray, int]:
        """The pairs proposed by two different seeds or by a strong one, and how many were proposed."""
        if not self.codes:
            return np.zeros(0, dtype=np.int64), 0
        codes, seed_of, strong_of = np.concatenate(self.codes), np.concatenate(self.seeds), np.concatenate(self.strong)
        if not len(codes):  # only empty emissions (no link to a new class: e.g. a batch of copies of indexed pages)
            return np.zeros(0, dtype=np.int64), 0
        order = np.lexsort((seed_of, codes))
        codes, seed_of, strong_of = codes[order], seed_of[order], strong_of[order]
        distinct = np.ones(len(codes), dtype=bool)
        distinct[1:] = (codes[1:] != codes[:-1]) | (seed_of[1:] != seed_of[:-1])
        starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
        votes = np.add.reduceat(distinct.astype(np.int64), starts)
        strong = np.logical_or.reduceat(strong_of, starts)
        return codes[starts][(votes >= 2) | strong], len(starts)


def seeds(db: sqlite3.Connection, params: ReuseParams, batch: IndexedBatch, candidates: np.ndarray) -> Seeds:
    """The class pairs with one of the batch's new classes worth aligning."""
    k = params.max_group_pairs
    new_from = batch.first_class
    batch_texts = np.unique(batch.text_ids)
    inst = load_instances(db, np.concatenate([batch_texts, candidates.ravel()]))
    emitted = _Emitter()

    # identical texts: their classes as a star around the first
    where = inst.where(batch_texts)
    where = where[inst.hi[where] - inst.lo[where] >= 2]
    # the members past the centre that are new: the last positions of the text's ascending classes
    skip = np.maximum(1, _older(inst, new_from)[where])
    sizes = inst.hi[where] - inst.lo[where] - skip
    owner = np.repeat(where, sizes)
    members = inst.classes[np.repeat(inst.lo[where] + skip, sizes) + _within(sizes)]
    centres = inst.classes[inst.lo[owner]]
    emitted.add(centres, members, -1 - inst.ids[owner], inst.length[owner] >= params.min_match_chars)

    # candidate pairs: the classes of one text linked to the first k classes of the other, both ways
    # (every pair while both have at most k); only the links with a new class
    if len(candidates):
        u, v = inst.where(candidates[:, 0]), inst.where(candidates[:, 1])
        strong = (np.minimum(inst.length[u], inst.length[v]) >= params.min_match_chars) | (inst.half[u] & inst.half[v])
        seed_ids = (candidates[:, 0] << _SHIFT) | candidates[:, 1]
        pair, x, y = group_links(inst, u, v, k, new_from)
        fresh = (np.maximum(x, y) >= new_from) & (x != y)
        emitted.add(x[fresh], y[fresh], seed_ids[pair[fresh]], strong[pair[fresh]])

    chosen, proposed = emitted.chosen()
    exact = shared_sentences(db, params, inst, batch_texts, new_from)
    codes = np.union1d(chosen, (exact[:, 0] << _SHIFT) | exact[:, 1])
    pairs = np.stack([codes >> _SHIFT, codes & ((1 << _SHIFT) - 1)], axis=1)
    order = np.lexsort((pairs[:, 0], pairs[:, 1]))
    pairs, align = pairs[order], np.isin(codes, chosen)[order]

    # sentences a paragraph alignment may miss (in another order): candidate sentence pairs, at their first instances
    sentences = np.zeros((0, 6), dtype=np.int64)
    if len(candidates) and len(chosen):
        sentences = _sentence_rows(inst, candidates, chosen, params.min_match_chars)
    return Seeds(pairs=pairs, sentences=sentences, seed_pairs=proposed, exact=exact, align=align)


def _sentence_rows(inst: Instances, candidates: np.ndarray, chosen: np.ndarray, min_chars: int) -> np.ndarray:
    """The distinct rows (a, b, a_lo, a_hi, b_lo, b_hi) of the candidate pairs of whole sentences (both
    at least ``min_chars``) whose first instances' classes (a < b) are a chosen pair, sorted by (b, a,
    spans): arrays, not a set of tuples (a batch of formulae makes hundreds of thousands)."""
    u, v = inst.where(candidates[:, 0]), inst.where(candidates[:, 1])
    keep = ((inst.first_kind[u] == 1) & (inst.first_kind[v] == 1)
            & (np.minimum(inst.length[u], inst.length[v]) >= min_chars))
    a, b = u[keep], v[keep]
    p, q = inst.first_class[a], inst.first_class[b]
    swap = p > q
    spans = np.stack([inst.first_lo[a], inst.first_hi[a], inst.first_lo[b], inst.first_hi[b]], axis=1)
    spans[swap] = spans[swap][:, [2, 3, 0, 1]]
    rows = np.concatenate([np.stack([np.where(swap, q, p), np.where(swap, p, q)], axis=1), spans], axis=1)
    rows = rows[np.isin((rows[:, 0] << _SHIFT) | rows[:, 1], chosen)]
    if not len(rows):
        return np.zeros((0, 6), dtype=np.int64)
    rows = np.unique(rows, axis=0)
    return rows[np.lexsort((rows[:, 5], rows[:, 4], rows[:, 3], rows[:, 2], rows[:, 0], rows[:, 1]))]


def shared_sentences(db: sqlite3.Connection, params: ReuseParams, inst: Instances, texts: np.ndarray,
                     new_from: int) -> np.ndarray:
    """Whole sentences (or short paragraphs) found word for word in several classes but shorter than
    ``min_match_chars`` (from ``min_sentence_chars``): no alignment keeps them, yet a sentence that
    different paragraphs share is a passage (issue 17: 要正确对待组织，正确对待自己，正确对待别人。 opening
    one paragraph in some speeches and inside another in others). Each such text's classes are linked
    as a star around its first, with a new class of the batch: rows (a, b, a_lo, a_hi, b_lo, b_hi),
    a < b, each class's first whole-sentence instance of the text."""
    where = inst.where(texts)
    short = where[(inst.hi[where] - inst.lo[where] >= 2) & (inst.length[where] >= params.min_sentence_chars)
                  & (inst.length[where] < params.min_match_chars)]
    if not len(short) or not len(inst.ids):
        return np.zeros((0, 6), dtype=np.int64)
    db.execute("CREATE TEMP TABLE IF NOT EXISTS reuse_wanted (id INTEGER PRIMARY KEY)")
    db.execute("DELETE FROM temp.reuse_wanted")
    db.executemany("INSERT INTO temp.reuse_wanted (id) VALUES (?)", ((int(t),) for t in inst.ids[short].tolist()))
    # a text's first whole-sentence instance in each class (clauses are left to the alignment)
    found = array_of(db.execute("SELECT u.text, u.class, u.lo, u.hi FROM temp.reuse_wanted w CROSS JOIN reuse_units u ON u.text = w.id"
                                " WHERE u.kind < 2 ORDER BY u.text, u.class, u.lo"), 4)
    db.execute("DELETE FROM temp.reuse_wanted")
    if not len(found):
        return np.zeros((0, 6), dtype=np.int64)
    first = np.r_[True, np.any(found[1:, :2] != found[:-1, :2], axis=1)]
    found = found[first]
    head = np.r_[True, found[1:, 0] != found[:-1, 0]]
    centre = found[np.maximum.accumulate(np.where(head, np.arange(len(found)), 0))]
    keep = ~head & (found[:, 1] >= new_from)
    a, b = centre[keep], found[keep]
    return np.stack([a[:, 1], b[:, 1], a[:, 2], a[:, 3], b[:, 2], b[:, 3]], axis=1)
