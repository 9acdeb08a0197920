"""Step 5, duplicate documents and works.

Candidates (``candidates``): documents sharing paragraph classes (the same paragraph text, between
``min_unit_chars`` and ``max_unit_chars`` content characters) or passages (edges between their
classes), weighted by the characters shared (each class or class pair once, linked to the first
``max_group_pairs`` documents holding it, both ways), when that weight could cover enough of the
shorter document. A candidate pair is aligned paragraph by paragraph (difflib over the paragraphs'
contents; the gaps between equal paragraphs character by character) and confirmed when
``duplicate_coverage`` of the shorter document is covered (``check_pairs``, in a worker).

Confirmed pairs are kept in ``reuse_dup_pairs``; their connected documents form a cluster whose
canonical copy is the most complete (it ends properly, then the most content net of conversion
damage). Every other member is aligned against the canonical and stays in the cluster when it is
still a duplicate of it (``settle_cluster``, in a worker): its coverage, the canonical's paragraphs it
lacks, its own extra paragraphs and the words it substitutes. A cluster is one *work*; a document
outside any is its own. A batch touches the clusters of its documents only; those are settled again
(their canonical may change), the others stay as they are.
"""

from __future__ import annotations

import difflib
import json
import sqlite3
from collections import Counter, OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import spill
from .align import Region, align_many
from .pairs import context, region_substitutions
from .params import REUSE_VERSION, ReuseParams
from .seeds import links
from .tables import array_of
from .texts import Paragraph, paragraph_words, read_documents, reader

# Doc-level alignment of a gap between matched paragraphs is skipped past this many content characters
# on a side (the pair is then judged on its identical paragraphs alone).
GAP_MAX_CHARS = 5000
# A paragraph counts as present in the other copy when this share of its content is aligned.
PRESENT_SHARE = 0.5
_DOCS_KEPT = 256  # documents a worker keeps read (a new document is checked against several in a row)
_DOCS: OrderedDict[tuple[str, int], list[Paragraph]] = OrderedDict()
_VERDICTS_KEPT = 100_000  # verdicts on pairs of identical texts (copies of copies)
_VERDICTS: dict[tuple[int, int], bool] = {}

DupSubstitution = tuple[str, str, int, int, int, int, str]  # a, b, doc a, offset, doc b, offset, context
_CHUNK = 50_000  # classes or edges read at a time


# --- candidates --------------------------------------------------------------------------------------

def _in(db: sqlite3.Connection, sql: str, ids: list[int]) -> list[tuple]:
    """``sql`` (with ``{ids}`` where the id list goes) run over ``ids`` in chunks."""
    out: list[tuple] = []
    for start in range(0, len(ids), 900):
        chunk = ids[start:start + 900]
        out.extend(db.execute(sql.format(ids=",".join("?" * len(chunk))), chunk).fetchall())
    return out


def _temp_ids(db: sqlite3.Connection, ids: np.ndarray) -> None:
    db.execute("CREATE TEMP TABLE IF NOT EXISTS reuse_dup_cls (id INTEGER PRIMARY KEY)")
    db.execute("DELETE FROM temp.reuse_dup_cls")
    db.executemany("INSERT OR IGNORE INTO temp.reuse_dup_cls (id) VALUES (?)", ((int(i),) for i in ids.tolist()))


def _docs_of(db: sqlite3.Connection, classes: list[int]) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for cls, doc in _in(db, "SELECT DISTINCT class, doc FROM reuse_members WHERE class IN ({ids}) ORDER BY class, doc", classes):
        out.setdefault(cls, []).append(doc)
    return out


class _Weights:
    """Weights summed per pair code (``spill.Sums``: in memory while they fit, in partition files on disk
    past that: a whole build of a big corpus links tens of millions of document pairs); links come as
    Python pairs and wait in lists until there are enough to make arrays of."""

    def __init__(self, folder: str | Path | None = None) -> None:
        self.sums = spill.Sums(folder)
        self.link_codes: list[int] = []   # links waiting to become arrays (a few at a time would cost more as arrays)
        self.link_weights: list[int] = []

    def add(self, codes: np.ndarray, weights: np.ndarray) -> None:
        self.sums.add(codes, weights)

    def add_links(self, found: set[tuple[int, int]], weight: int, either_way: bool = False) -> None:
        """``weight`` for each link x < y (``either_way``: each link, as the pair (min, max))."""
        before = len(self.link_codes)
        if either_way:
            self.link_codes.extend((min(x, y) << 32) | max(x, y) for x, y in found)
        else:
            self.link_codes.extend((x << 32) | y for x, y in found if x < y)
        self.link_weights.extend([weight] * (len(self.link_codes) - before))
        if len(self.link_codes) >= 1 << 18:
            self._take_links()

    def _take_links(self) -> None:
        if self.link_codes:
            self.sums.add(np.asarray(self.link_codes, dtype=np.int64), np.asarray(self.link_weights, dtype=np.int64))
            self.link_codes, self.link_weights = [], []

    def blocks(self) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Every pair code's total weight, a block at a time (see ``spill.Sums.blocks``)."""
        self._take_links()
        yield from self.sums.blocks()

    def close(self) -> None:
        self.sums.close()


def candidates(db: sqlite3.Connection, params: ReuseParams, touched: np.ndarray, first_doc: int,
               folder: str | Path | None = None) -> np.ndarray:
    """Document pairs (x < y, y from ``first_doc`` on) that may be duplicates, sorted by (y, x):
    ``touched`` are the classes that got members in this build. The weights of a big build spill to
    files in ``folder`` (a temporary folder of the system's when None)."""
    weight, by_pair = _Weights(folder), _Weights(folder)  # document pairs; class pairs with a class in several documents
    try:
        _link_classes(db, params, touched, first_doc, weight, by_pair)
        return _kept(db, params, weight)
    finally:
        weight.close()
        by_pair.close()


def _link_classes(db: sqlite3.Connection, params: ReuseParams, touched: np.ndarray, first_doc: int, weight: _Weights,
                  by_pair: _Weights) -> None:
    """The weights of document pairs linked by the touched classes and by the edges on them."""
    k = params.max_group_pairs
    _temp_ids(db, touched)
    # paragraphs of one text in several documents: their documents linked, by the text's content
    shared = db.execute("SELECT c.id, c.length FROM temp.reuse_dup_cls t CROSS JOIN reuse_classes c ON c.id = t.id"
                        " WHERE c.n_docs >= 2 AND c.length BETWEEN ? AND ?", (params.min_unit_chars, params.max_unit_chars))
    while block := shared.fetchmany(_CHUNK):
        docs_of = _docs_of(db, [c for c, _n in block])
        for cls, length in block:
            docs = docs_of[cls]
            if docs[-1] >= first_doc:
                weight.add_links(links(docs, docs, k, first_doc), length)
    # passages between two classes with a touched one: their documents linked, by the characters matched
    cursor = db.execute(
        "SELECT e.seq, e.a, e.b, e.matched, ca.n_docs, ca.doc, cb.n_docs, cb.doc FROM temp.reuse_dup_cls t"
        " CROSS JOIN reuse_edges e ON e.a = t.id CROSS JOIN reuse_classes ca ON ca.id = e.a CROSS JOIN reuse_classes cb ON cb.id = e.b"
        " WHERE e.a != e.b UNION"
        " SELECT e.seq, e.a, e.b, e.matched, ca.n_docs, ca.doc, cb.n_docs, cb.doc FROM temp.reuse_dup_cls t"
        " CROSS JOIN reuse_edges e ON e.b = t.id CROSS JOIN reuse_classes ca ON ca.id = e.a CROSS JOIN reuse_classes cb ON cb.id = e.b"
        " WHERE e.a != e.b")
    while block := cursor.fetchmany(_CHUNK):
        rows = np.array(block, dtype=np.int64).reshape(-1, 8)
        single = (rows[:, 4] == 1) & (rows[:, 6] == 1)
        x, y, matched = rows[single, 5], rows[single, 7], rows[single, 3]
        keep = (x != y) & (np.maximum(x, y) >= first_doc)
        weight.add((np.minimum(x, y)[keep] << 32) | np.maximum(x, y)[keep], matched[keep])
        by_pair.add((rows[~single, 1] << 32) | rows[~single, 2], rows[~single, 3])
    db.execute("DELETE FROM temp.reuse_dup_cls")
    for class_codes, class_sums in by_pair.blocks():
        for start in range(0, len(class_codes), _CHUNK):
            block_pairs = list(zip((class_codes[start:start + _CHUNK] >> 32).tolist(),
                                   (class_codes[start:start + _CHUNK] & 0xFFFFFFFF).tolist(),
                                   class_sums[start:start + _CHUNK].tolist(), strict=True))
            docs_of = _docs_of(db, sorted({c for a, b, _n in block_pairs for c in (a, b)}))
            for a, b, n in block_pairs:
                docs_a, docs_b = docs_of[a], docs_of[b]
                if max(docs_a[-1], docs_b[-1]) >= first_doc:
                    weight.add_links(links(docs_a, docs_b, k, first_doc), n, either_way=True)


def _kept(db: sqlite3.Connection, params: ReuseParams, weight: _Weights) -> np.ndarray:
    """The pairs whose weight could cover enough of the shorter document, sorted by (y, x)."""
    docs = array_of(db.execute("SELECT id, content FROM reuse_docs"), 2)  # 16 bytes a document
    content = np.zeros(int(docs[:, 0].max(initial=0)) + 1, dtype=np.int64)
    content[docs[:, 0]] = docs[:, 1]
    del docs
    floor = 0.5 * params.duplicate_coverage
    kept = []
    for codes, sums in weight.blocks():
        x, y = codes >> 32, codes & 0xFFFFFFFF
        smaller = np.maximum(1, np.minimum(content[x], content[y]))
        keep = (sums >= params.duplicate_min_chars / 2) & (sums >= floor * smaller)
        kept.append(np.stack([x[keep], y[keep]], axis=1))
    found = np.concatenate([np.zeros((0, 2), dtype=np.int64), *kept])
    return found[np.lexsort((found[:, 0], found[:, 1]))]


# --- aligning two documents ----------------------------------------------------------------------

@dataclass
class DocAlignment:
    """Two documents aligned: characters matched per paragraph (all paragraphs, in order), the gap
    alignments (paragraph indexes of each side, region in their concatenated content), coverage."""

    matched_x: list[int]
    matched_y: list[int]
    regions: list[tuple[list[int], list[int], Region]]
    coverage_x: float
    coverage_y: float
    matched: int


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


def _bounds(lengths: list[int]) -> list[int]:
    out, total = [], 0
    for n in lengths:
        total += n
        out.append(total)
    return out


def align_docs(x: list[Paragraph], y: list[Paragraph], params: ReuseParams) -> DocAlignment:
    """Paragraph-by-paragraph alignment of two documents; gaps between identical paragraphs are
    aligned character by character."""
    content_x = sum(len(p.body) for p in x)
    content_y = sum(len(p.body) for p in y)
    pars_x = [i for i, p in enumerate(x) if p.body]
    pars_y = [i for i, p in enumerate(y) if p.body]
    matched_x = [0] * len(x)
    matched_y = [0] * len(y)
    matcher = difflib.SequenceMatcher(None, [x[i].body for i in pars_x], [y[i].body for i in pars_y], autojunk=False)
    opcodes = matcher.get_opcodes()
    # skip the gaps when even aligning all of them could not make the pair a duplicate
    equal = sum(len(x[i].body) for tag, i1, i2, _j1, _j2 in opcodes if tag == "equal" for i in pars_x[i1:i2])
    gaps = sum(min(sum(len(x[i].body) for i in pars_x[i1:i2]), sum(len(y[j].body) for j in pars_y[j1:j2]))
               for tag, i1, i2, j1, j2 in opcodes if tag != "equal")
    hopeless = equal + gaps < params.duplicate_coverage * min(content_x, content_y)
    jobs: list[tuple[list[int], list[int], str, str]] = []
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            for i, j in zip(pars_x[i1:i2], pars_y[j1:j2], strict=True):
                matched_x[i] = len(x[i].body)
                matched_y[j] = len(y[j].body)
            continue
        gx, gy = pars_x[i1:i2], pars_y[j1:j2]
        if not gx or not gy or hopeless:
            continue
        text_x = "".join(x[i].body for i in gx)
        text_y = "".join(y[j].body for j in gy)
        if len(text_x) <= GAP_MAX_CHARS and len(text_y) <= GAP_MAX_CHARS:
            jobs.append((gx, gy, text_x, text_y))
    regions: list[tuple[list[int], list[int], Region]] = []
    found = align_many([(j[2], j[3]) for j in jobs], params, min_match=max(8, params.min_block_chars))
    for (gx, gy, _tx, _ty), gap_regions in zip(jobs, found, strict=True):
        bounds_x = _bounds([len(x[i].body) for i in gx])
        bounds_y = _bounds([len(y[j].body) for j in gy])
        for region in gap_regions:
            regions.append((gx, gy, region))
            _spread(matched_x, gx, bounds_x, region.a0, region.a1, region.matched)
            _spread(matched_y, gy, bounds_y, region.b0, region.b1, region.matched)
    got_x = sum(min(m, len(p.body)) for m, p in zip(matched_x, x, strict=True))
    got_y = sum(min(m, len(p.body)) for m, p in zip(matched_y, y, strict=True))
    return DocAlignment(matched_x, matched_y, regions, got_x / max(1, content_x), got_y / max(1, content_y),
                        min(got_x, got_y))


def is_duplicate(x: list[Paragraph], y: list[Paragraph], result: DocAlignment, params: ReuseParams) -> bool:
    shorter_coverage = result.coverage_x if sum(len(p.body) for p in x) <= sum(len(p.body) for p in y) else result.coverage_y
    return shorter_coverage >= params.duplicate_coverage and result.matched >= params.duplicate_min_chars


def _documents(db_path: str, ids: list[int]) -> dict[int, list[Paragraph]]:
    """Documents' paragraphs, the most recently used kept in this process."""
    out: dict[int, list[Paragraph]] = {}
    missing = []
    for doc in ids:
        key = (db_path, doc)
        if key in _DOCS:
            _DOCS.move_to_end(key)
            out[doc] = _DOCS[key]
        else:
            missing.append(doc)
    if missing:
        for doc, pars in read_documents(reader(db_path), missing).items():
            out[doc] = pars
            _DOCS[(db_path, doc)] = pars
        while len(_DOCS) > _DOCS_KEPT:
            _DOCS.popitem(last=False)
    return out


def check_pairs(db_path: str, pairs: np.ndarray, params_dict: dict) -> list[tuple[int, int]]:
    """Worker task: the candidate document pairs that are duplicates. Two documents with the same
    paragraph texts as a pair already judged get its verdict (copies of copies)."""
    params = ReuseParams.from_dict(params_dict).resolved()
    docs = _documents(db_path, sorted(set(pairs.ravel().tolist())))
    kept = []
    for x, y in pairs.tolist():
        key = (hash(tuple(p.text for p in docs[x])), hash(tuple(p.text for p in docs[y])))
        verdict = _VERDICTS.get(key)
        if verdict is None:
            verdict = is_duplicate(docs[x], docs[y], align_docs(docs[x], docs[y], params), params)
            if len(_VERDICTS) >= _VERDICTS_KEPT:
                _VERDICTS.clear()
            _VERDICTS[key] = verdict
        if verdict:
            kept.append((x, y))
    return kept


# --- clusters -------------------------------------------------------------------------------------

@dataclass
class Member:
    """A settled copy of a cluster: its record and the words it substitutes."""

    doc: int
    coverage: float
    missing: list[int]
    extra: list[int]
    changes: list[DupSubstitution]


def settle_cluster(db_path: str, canonical: int, members: list[int], params_dict: dict) -> list[Member]:
    """Worker task: the members that are duplicates of the canonical, with what they lack and change."""
    params = ReuseParams.from_dict(params_dict).resolved()
    docs = read_documents(reader(db_path), [canonical, *members], words=True)
    x = docs[canonical]
    kept = []
    for doc in members:
        y = docs[doc]
        result = align_docs(x, y, params)
        if not is_duplicate(x, y, result, params):
            continue
        changes: list[DupSubstitution] = []
        for gx, gy, region in result.regions:
            if region.exact:
                continue
            for word_a, word_b, entry_a, entry_b in region_substitutions(
                    paragraph_words([x[i] for i in gx]), paragraph_words([y[j] for j in gy]), [region]):
                changes.append((word_a, word_b, canonical, entry_a[3].start + entry_a[4], doc,
                                entry_b[3].start + entry_b[4], context(entry_b, len(word_b))))
        kept.append(Member(
            doc=doc, coverage=round(result.coverage_x, 4),
            missing=[p.ordinal for p, m in zip(x, result.matched_x, strict=True) if p.body and m < PRESENT_SHARE * len(p.body)],
            extra=[p.ordinal for p, m in zip(y, result.matched_y, strict=True) if p.body and m < PRESENT_SHARE * len(p.body)],
            changes=changes))
    return kept


def clusters_of(db: sqlite3.Connection, docs: set[int]) -> list[list[int]]:
    """The connected documents (through confirmed pairs) of each document of ``docs`` that has a pair:
    each cluster once, sorted, in the order of its smallest document."""
    parent: dict[int, int] = {}

    def find(a: int) -> int:
        parent.setdefault(a, a)
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for x, y in db.execute("SELECT x, y FROM reuse_dup_pairs"):
        rx, ry = find(x), find(y)
        if rx != ry:
            parent[max(rx, ry)] = min(rx, ry)
    groups: dict[int, list[int]] = {}
    for doc in list(parent):
        groups.setdefault(find(doc), []).append(doc)
    wanted = {find(d) for d in docs if d in parent}
    return sorted((sorted(groups[root]) for root in wanted), key=lambda g: g[0])


def canonical_of(db: sqlite3.Connection, members: list[int]) -> int:
    """The most complete member: a document that ends properly, then the most content net of conversion
    damage, then the earliest."""
    rows = _in(db, "SELECT id, complete, content, damage FROM reuse_docs WHERE id IN ({ids})", members)
    return int(max(rows, key=lambda r: (r[1], r[2] - 10 * r[3], -r[0]))[0])


def write_cluster(db: sqlite3.Connection, canonical: int, kept: list[Member]) -> None:
    """The cluster's ``doc_clusters`` rows and duplicate substitutions (earlier rows of its documents
    are removed by ``forget``)."""
    uid = dict(_in(db, "SELECT id, uid FROM reuse_docs WHERE id IN ({ids})", [canonical, *(m.doc for m in kept)]))
    rows = [(canonical, uid[canonical], 1, 1.0, "[]", "[]", "[]", REUSE_VERSION)]
    for m in kept:
        counted = Counter((a, b) for a, b, *_ in m.changes)
        changes = [{"a": a, "b": b, "count": c} for (a, b), c in sorted(counted.items(), key=lambda i: (-i[1], i[0]))]
        rows.append((canonical, uid[m.doc], 0, m.coverage, json.dumps(m.missing), json.dumps(m.extra),
                     json.dumps(changes, ensure_ascii=False), REUSE_VERSION))
    db.executemany("INSERT INTO doc_clusters (cluster, doc_id, canonical, coverage, missing, extra, changes, version)"
                   " VALUES (?,?,?,?,?,?,?,?)", rows)
    db.executemany("INSERT INTO reuse_subst_dup (a, b, doc_a, pos_a, doc_b, pos_b, context) VALUES (?,?,?,?,?,?,?)",
                   [change for m in kept for change in m.changes])


def forget(db: sqlite3.Connection, docs: list[int]) -> None:
    """Remove the cluster rows and duplicate substitutions of these documents (being settled again)."""
    for start in range(0, len(docs), 900):
        chunk = docs[start:start + 900]
        marks = ",".join("?" * len(chunk))
        db.execute(f"DELETE FROM doc_clusters WHERE doc_id IN (SELECT uid FROM reuse_docs WHERE id IN ({marks}))", chunk)
        db.execute(f"DELETE FROM reuse_subst_dup WHERE doc_b IN ({marks})", chunk)
