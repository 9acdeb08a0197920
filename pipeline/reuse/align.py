"""Alignment of content strings: shared passages, character diffs of variants, word substitutions.

Pure functions over strings; the steps that read the corpus call them (``pairs``, ``duplicates``,
``read``).

Passages (``align_many``): shared k-grams give the maximal exact runs of every pair of a batch at
once (numpy: each text's k-grams coded as integers, joined on (pair, k-gram), runs read off the
diagonals); runs are chained longest first into a monotone chain of blocks (the order difflib's
SequenceMatcher takes them in), and blocks are joined across small edits into passages.
Why not difflib for the blocks: measured on 20,000 candidate paragraph pairs of 700 laws (63
content characters on average), ``SequenceMatcher.get_matching_blocks`` took 4.95 s and the
k-gram runs 1.50 s one pair at a time, with the same blocks for 99.4% of the pairs (the rest differ
only in blocks shorter than ``min_block_chars``); the batch form takes the per-pair run search out of
Python altogether.
"""

from __future__ import annotations

import bisect
import difflib
import re
from dataclasses import dataclass

import numpy as np

from .params import ReuseParams

# Texts longer than this together are aligned on blocks of at least 6 characters: short blocks are
# everywhere by chance in long texts (the gaps between a duplicate's paragraphs), and only slow the chaining.
LONG_ALIGN_CHARS = 2000
_HAN_WORD = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+$")
_CP_BITS = 21  # Unicode code points fit in 21 bits: k-grams of up to 3 characters are exact int64 codes


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

    def flipped(self) -> Region:
        return Region(self.b0, self.b1, self.a0, self.a1, self.matched)

    def shifted(self, da: int, db: int) -> Region:
        return Region(self.a0 + da, self.a1 + da, self.b0 + db, self.b1 + db, self.matched)


# --- exact runs ------------------------------------------------------------------------------------

def _gram_codes(texts: list[str], k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every k-gram of every text: (text index, position, code). Codes are exact for k <= 3 (code
    points packed into 63 bits); longer k-grams are hashed, and equal codes are checked by the caller."""
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    grams = np.maximum(lengths - k + 1, 0)
    total = int(grams.sum())
    if total == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    cp = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    starts = np.zeros(len(texts), dtype=np.int64)
    starts[1:] = np.cumsum(lengths)[:-1]
    owner = np.repeat(np.arange(len(texts), dtype=np.int64), grams)
    first = np.zeros(len(texts), dtype=np.int64)
    first[1:] = np.cumsum(grams)[:-1]
    position = np.arange(total, dtype=np.int64) - np.repeat(first, grams)
    at = starts[owner] + position
    code = np.zeros(total, dtype=np.int64)
    if k <= 3:
        for j in range(k):
            code = (code << _CP_BITS) | cp[at + j]
    else:
        from .minhash import mix64

        mixed = np.zeros(total, dtype=np.uint64)
        with np.errstate(over="ignore"):
            for j in range(k):
                mixed = mix64(mixed * np.uint64(0x100000001B3) + cp[at + j].astype(np.uint64))
        code = mixed.view(np.int64)
    return owner, position, code


def _runs(pairs: list[tuple[str, str]], k: int) -> np.ndarray:
    """The maximal exact runs of at least ``k`` characters of every pair, rows (pair, length, i, j),
    sorted by pair, then longest first, then i, then j: the diagonals of the shared k-grams."""
    empty = np.zeros((0, 4), dtype=np.int64)
    if not pairs:
        return empty
    a_owner, a_pos, a_code = _gram_codes([a for a, _b in pairs], k)
    b_owner, b_pos, b_code = _gram_codes([b for _a, b in pairs], k)
    if not len(a_code) or not len(b_code):
        return empty
    # join on (pair, k-gram): one sortable key per side (equal keys checked against both parts); both
    # sides sorted, so the lookups walk memory in order (random lookups cost 4x more)
    from .minhash import mix64

    with np.errstate(over="ignore"):
        a_key = mix64(a_code.view(np.uint64) ^ (a_owner.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15))).view(np.int64)
        b_key = mix64(b_code.view(np.uint64) ^ (b_owner.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15))).view(np.int64)
    order = np.argsort(a_key)
    a_key, a_owner, a_pos, a_code = a_key[order], a_owner[order], a_pos[order], a_code[order]
    order = np.argsort(b_key)
    b_key, b_owner, b_pos, b_code = b_key[order], b_owner[order], b_pos[order], b_code[order]
    lo = np.searchsorted(b_key, a_key, side="left")
    hi = np.searchsorted(b_key, a_key, side="right")
    counts = hi - lo
    hit_a = np.repeat(np.arange(len(a_key)), counts)
    if not len(hit_a):
        return empty
    offsets = np.cumsum(counts) - counts
    hit_b = np.repeat(lo - offsets, counts) + np.arange(len(hit_a))
    real = (a_owner[hit_a] == b_owner[hit_b]) & (a_code[hit_a] == b_code[hit_b])
    hit_a, hit_b = hit_a[real], hit_b[real]
    owner, i, j = a_owner[hit_a], a_pos[hit_a], b_pos[hit_b]
    # runs are consecutive j on one diagonal of one pair: sort by (pair, diagonal, j) as one int64
    width = int(max(len(a) for a, _b in pairs) + max(len(b) for _a, b in pairs)).bit_length() + 1
    pair_bits = max(1, len(pairs).bit_length())
    if width * 2 + 1 + pair_bits <= 62:
        order = np.argsort((owner << (2 * width + 1)) | ((j - i + (1 << width)) << width) | j)
    else:  # pragma: no cover - only with texts of millions of characters
        order = np.lexsort((j, j - i, owner))
    owner, i, j = owner[order], i[order], j[order]
    diagonal = j - i
    new_run = np.ones(len(j), dtype=bool)
    new_run[1:] = (owner[1:] != owner[:-1]) | (diagonal[1:] != diagonal[:-1]) | (j[1:] != j[:-1] + 1)
    run_start = np.flatnonzero(new_run)
    run_end = np.append(run_start[1:], len(j)) - 1
    runs = np.stack([owner[run_start], j[run_end] - j[run_start] + k, i[run_start], j[run_start]], axis=1)
    if width * 2 + pair_bits <= 62:
        order = np.argsort((runs[:, 0] << (2 * width)) | (((1 << width) - 1 - runs[:, 1]) << width) | runs[:, 2])
        runs = runs[order]
        # equal (pair, length, i): j breaks the tie
        same = np.flatnonzero(np.all(runs[1:, :3] == runs[:-1, :3], axis=1))
        if len(same):
            runs = runs[np.lexsort((runs[:, 3], runs[:, 2], -runs[:, 1], runs[:, 0]))]
    else:  # pragma: no cover
        runs = runs[np.lexsort((runs[:, 3], runs[:, 2], -runs[:, 1], runs[:, 0]))]
    return runs


def _covered(runs: np.ndarray, column: int, n_pairs: int) -> np.ndarray:
    """Per pair, how many characters of one side (column 2: a, 3: b) its runs cover: an upper bound on
    what any passage can match."""
    if not len(runs):
        return np.zeros(n_pairs, dtype=np.int64)
    big = int(runs[:, 2:4].max() + runs[:, 1].max() + 1)
    start = runs[:, column] + runs[:, 0] * big
    order = np.argsort(start, kind="stable")
    start, end, owner = start[order], start[order] + runs[order, 1], runs[order, 0]
    reach = np.maximum.accumulate(end)
    before = np.concatenate([[np.iinfo(np.int64).min], reach[:-1]])
    gain = np.maximum(0, end - np.maximum(start, before))
    return np.bincount(owner, weights=gain, minlength=n_pairs).astype(np.int64)


def matching_runs_many(pairs: list[tuple[str, str]], k: int) -> list[list[tuple[int, int, int]]]:
    """For each pair (a, b), its maximal exact runs (length, i, j) of at least ``k`` characters, longest first."""
    out: list[list[tuple[int, int, int]]] = [[] for _ in pairs]
    for t, n, i, j in _runs(pairs, k).tolist():
        out[t].append((n, i, j))
    return out


def chain_blocks(runs: list[tuple[int, int, int]], k: int) -> list[tuple[int, int, int]]:
    """A monotone chain of exact blocks (i, j, n), n >= k: longest runs first (``runs`` come in that
    order: length descending, then i, then j), each trimmed to fit between the blocks already taken
    (the order difflib's SequenceMatcher takes them in)."""
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


def _passages(blocks: list[tuple[int, int, int]], params: ReuseParams, floor: int) -> list[Region]:
    """Blocks joined across edits of at most ``max_gap`` characters on each side, then across
    rewritten phrases of up to ``join_gap`` while the whole stays ``min_density`` dense."""
    pieces: list[list[int]] = []  # a0, a1, b0, b1, matched
    for i, j, n in blocks:
        if pieces and i - pieces[-1][1] <= params.max_gap and j - pieces[-1][3] <= params.max_gap:
            last = pieces[-1]
            last[1], last[3], last[4] = i + n, j + n, last[4] + n
            continue
        pieces.append([i, i + n, j, j + n, n])
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


def align_many(pairs: list[tuple[str, str]], params: ReuseParams, min_match: int | None = None) -> list[list[Region]]:
    """Passages shared by each pair of content strings: exact blocks of at least ``min_block_chars``
    joined across edits of at most ``max_gap`` characters on each side (and across rewritten phrases
    of up to ``join_gap`` while the whole stays ``min_density`` dense), ``min_match`` long at least."""
    floor = params.min_match_chars if min_match is None else min_match
    out: list[list[Region]] = [[] for _ in pairs]
    by_k: dict[int, list[int]] = {}
    for n, (a, b) in enumerate(pairs):
        if a == b:
            out[n] = [Region(0, len(a), 0, len(b), len(a))] if len(a) >= floor else []
        elif len(a) >= floor and len(b) >= floor:  # a passage of `floor` characters fits in both
            k = params.min_block_chars if len(a) + len(b) <= LONG_ALIGN_CHARS else max(params.min_block_chars, 6)
            by_k.setdefault(k, []).append(n)
    for k, members in by_k.items():
        runs = _runs([pairs[n] for n in members], k)
        # a pair whose runs cover fewer than `floor` characters of a side cannot hold a passage
        enough = np.minimum(_covered(runs, 2, len(members)), _covered(runs, 3, len(members))) >= floor
        runs = runs[enough[runs[:, 0]]] if len(runs) else runs
        if not len(runs):
            continue
        starts = np.flatnonzero(np.r_[True, runs[1:, 0] != runs[:-1, 0]])
        ends = np.append(starts[1:], len(runs))
        table = runs[:, 1:].tolist()
        for lo, hi, owner in zip(starts.tolist(), ends.tolist(), runs[starts, 0].tolist(), strict=True):
            out[members[owner]] = _passages(chain_blocks(table[lo:hi], k), params, floor)
    return out


def align(a: str, b: str, params: ReuseParams, min_match: int | None = None) -> list[Region]:
    """Passages shared by content strings ``a`` and ``b`` (``align_many`` for one pair)."""
    return align_many([(a, b)], params, min_match)[0]


# --- character diffs of variants -----------------------------------------------------------------
#
# difflib's SequenceMatcher (no junk) takes the longest common substring of the two texts (the
# earliest in a, then in b, among equally long ones), then does the same left and right of it; each
# search is quadratic, 1-2 s on passages of 2,000+ characters. ``diff`` makes exactly the same
# choices faster: a common substring of at least k characters lies inside a maximal run of shared
# k-grams, so while a window's longest one is that long, it is the longest run clipped to the window
# (numpy, over the runs that still reach k characters in it). Windows without one, or small ones, go
# to difflib. Segments and similarity are difflib's own, only sooner (the tests compare them).
_DIFF_DIRECT_AREA = 10_000  # len(a) x len(b) of a window difflib handles itself (100 x 100 characters)
_DIFF_ANCHOR_CHARS = (16, 6)  # run lengths tried, longest first (long k-grams have few hits)

Opcode = tuple[str, int, int, int, int]


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


def diff(a: str, b: str) -> tuple[float, list[Opcode]]:
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
                    runs = _runs([(a[alo:ahi], b[blo:bhi])], k)[:, 1:] + np.array([0, alo, blo], dtype=np.int64)
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
    opcodes: list[Opcode] = []
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
    return [{"op": tag, "a": a[i1:i2], "b": b[j1:j2]} for tag, i1, i2, j1, j2 in diff(a, b)[1]]


# --- word substitutions --------------------------------------------------------------------------
#
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
