"""Step 4, alignment of class pairs: passages as edges of the passage graph, and the word
substitutions inside them.

In a worker (``align_pairs``): a chunk of the seeds' class pairs is read from the corpus (each
class's first member) and aligned (``align.align_many``), candidate sentence pairs a paragraph
alignment misses (sentences in another order) are aligned on their own, and dense passages that are
not verbatim give their word substitutions (the older class's word first); whole sentences the
seeds found shared word for word (``seeds.shared_sentences``) are passages of their own where no
alignment covers them (a pair seeded by such a sentence alone is not aligned). In the main process
(``add_edges``): every passage becomes a row of ``reuse_edges``, numbered in fold order (which names
passage clusters), and the substitutions rows of ``reuse_subst_pass``.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

import numpy as np

from .align import Region, align_many, word_substitutions
from .minhash import content
from .params import ReuseParams
from .snap import snap
from .texts import Word, paragraph_words, read_paragraphs, reader

# Paragraphs longer than this (content characters) are aligned through their sentences only.
MAX_ALIGN_CHARS = 8000
# Substitutions between different works are read in passages at least this dense: a spun copy
# changes a word here and there; a rewritten formula is adaptation, not a synonym signal.
SPUN_DENSITY = 0.85
CONTEXT_CHARS = 10

Edge = tuple[int, int, int, int, int, int, int, int]  # class a, a0, a1, class b, b0, b1, matched, document
PassageSubstitution = tuple[str, str, int, int, int, int, str]  # a, b, class a, offset, class b, offset, context


@dataclass
class PairResults:
    edges: list[Edge] = field(default_factory=list)
    substitutions: list[PassageSubstitution] = field(default_factory=list)
    aligned: int = 0          # alignments computed
    with_passages: int = 0    # pairs that share a passage


def dense(region: Region) -> bool:
    return not region.exact and region.matched >= SPUN_DENSITY * max(region.a1 - region.a0, region.b1 - region.b0)


def region_substitutions(words_a: list[Word], words_b: list[Word], regions: list[Region]) -> list[tuple[str, str, Word, Word]]:
    """Word substitutions of the ``b`` side against the ``a`` side inside aligned regions (both word
    lists in the content coordinates the regions use): (a word, b word, a's word entry, b's)."""
    out: list[tuple[str, str, Word, Word]] = []
    for region in regions:
        in_a = [w for w in words_a if w[0] >= region.a0 and w[1] <= region.a1]
        in_b = [w for w in words_b if w[0] >= region.b0 and w[1] <= region.b1]
        for i, j, x, y in word_substitutions([w[2] for w in in_a], [w[2] for w in in_b]):
            out.append((x, y, in_a[i], in_b[j]))
    return out


def context(word: Word, length: int) -> str:
    text, at = word[3].text, word[4]
    return text[max(0, at - CONTEXT_CHARS):at + length + CONTEXT_CHARS]


def align_pairs(db_path: str, chunk: str, params_dict: dict) -> PairResults:
    """Worker task: align class pairs and the candidate sentences of them; ``chunk``: a .npz file with
    ``pairs``, rows (a, b, a's paragraph, b's paragraph, document) in fold order, ``align`` (per pair:
    aligned, or only its shared sentences), ``sentences`` and ``exact`` (shared sentences), rows (a, b,
    a_lo, a_hi, b_lo, b_hi)."""
    params = ReuseParams.from_dict(params_dict).resolved()
    with np.load(chunk) as saved:
        pairs, sentences = saved["pairs"], saved["sentences"]
        exact = saved["exact"] if "exact" in saved else np.zeros((0, 6), dtype=np.int64)
        to_align = saved["align"] if "align" in saved else np.ones(len(pairs), dtype=bool)
    results = PairResults()
    texts = read_paragraphs(reader(db_path), sorted(set(pairs[:, 2:4].ravel().tolist())), words=True)
    rows = [(a, b, texts[pa], texts[pb], doc) for (a, b, pa, pb, doc), go in zip(pairs.tolist(), to_align.tolist(), strict=True)
            if pa in texts and pb in texts]
    wanted = [bool(go) for (_a, _b, pa, pb, _d), go in zip(pairs.tolist(), to_align.tolist(), strict=True)
              if pa in texts and pb in texts]
    alignable = [n for n, (_a, _b, x, y, _d) in enumerate(rows)
                 if wanted[n] and len(x.body) <= MAX_ALIGN_CHARS and len(y.body) <= MAX_ALIGN_CHARS]
    regions: list[list[Region]] = [[] for _ in rows]
    results.aligned += len(alignable)
    for n, found in zip(alignable, align_many([(rows[n][2].body, rows[n][3].body) for n in alignable], params), strict=True):
        regions[n] = found
    # sentences a paragraph alignment misses (in another order): aligned on their own
    slot = {(a, b): n for n, (a, b, _x, _y, _d) in enumerate(rows)}
    jobs: list[tuple[int, int, int, str, str]] = []
    for a, b, a_lo, a_hi, b_lo, b_hi in sentences.tolist():
        at = slot.get((a, b))
        if at is None:
            continue
        x, y = rows[at][2], rows[at][3]
        off_a, off_b = x.content_offset(a_lo), y.content_offset(b_lo)
        sent_a, sent_b = content(x.text[a_lo:a_hi]), content(y.text[b_lo:b_hi])
        if not any(r.a0 < off_a + len(sent_a) and r.a1 > off_a and r.b0 < off_b + len(sent_b) and r.b1 > off_b
                   for r in regions[at]):
            jobs.append((at, off_a, off_b, sent_a, sent_b))
    extra: dict[int, list[Region]] = {}
    if jobs:
        results.aligned += len(jobs)
        for (n, off_a, off_b, _sa, _sb), found in zip(jobs, align_many([(j[3], j[4]) for j in jobs], params), strict=True):
            extra.setdefault(n, []).extend(r.shifted(off_a, off_b) for r in found)
    # whole sentences both share word for word, too short for an alignment to keep and not inside a passage found
    for a, b, a_lo, a_hi, b_lo, _b_hi in exact.tolist():
        at = slot.get((a, b))
        if at is None:
            continue
        x, y = rows[at][2], rows[at][3]
        off_a, off_b = x.content_offset(a_lo), y.content_offset(b_lo)
        length = len(content(x.text[a_lo:a_hi]))
        if not any(r.a0 <= off_a and off_a + length <= r.a1 and r.b0 <= off_b and off_b + length <= r.b1
                   for r in regions[at] + extra.get(at, [])):
            extra.setdefault(at, []).append(Region(off_a, off_a + length, off_b, off_b + length, length))
    for n, (a, b, x, y, doc) in enumerate(rows):
        found = regions[n] + extra.get(n, [])
        if not found:
            continue
        results.with_passages += 1
        for r in found:
            results.edges.append((a, *snap(x.text, *x.span(r.a0, r.a1)), b, *snap(y.text, *y.span(r.b0, r.b1)), r.matched, doc))
        spun = [r for r in found if dense(r)]
        if spun:
            for word_a, word_b, entry_a, entry_b in region_substitutions(paragraph_words([x]), paragraph_words([y]), spun):
                results.substitutions.append((word_a, word_b, a, entry_a[4], b, entry_b[4], context(entry_b, len(word_b))))
    return results


def add_edges(db: sqlite3.Connection, edges: list[Edge], substitutions: list[PassageSubstitution]) -> None:
    """Append passages to ``reuse_edges`` (numbered in order) and their substitutions."""
    db.executemany("INSERT INTO reuse_edges (a, a0, a1, b, b0, b1, matched, doc) VALUES (?,?,?,?,?,?,?,?)", edges)
    db.executemany("INSERT INTO reuse_subst_pass (a, b, class_a, pos_a, class_b, pos_b, context) VALUES (?,?,?,?,?,?,?)",
                   substitutions)
