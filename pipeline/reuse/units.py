"""Step 1, units: paragraph classes, and the units of each new class with their texts numbered.

The build folds documents in id order. Paragraphs with the same text form a *class*: the passage
graph is built over classes (a law in ten versions, a page in four copies, a footer on every page of
a site are aligned once), and a class's passages occur in every member paragraph.

1. ``paragraph_keys`` (worker): a batch of documents' paragraphs with the hash of their text, and
   what the index keeps of each document. ``add_classes`` (main): each paragraph joins the class of
   its text or founds a new one, numbered in fold order; a class whose members reach a second
   document gets its *self edge* there (its whole text is shared by two documents).
2. ``class_units`` (worker): the units of the batch's new classes (``minhash.paragraph_units`` over
   the first member), their distinct texts' stable hashes and band keys. ``add_units`` (main): the
   texts are looked up among those the index has; new ones are numbered in the order first seen.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

import numpy as np

from .minhash import Signer, content, paragraph_units, stable_text_hash
from .params import ReuseParams
from .snap import snap
from .texts import reader, rowid_range

# Conversion damage that makes a copy less complete than its length says: '?' placeholders, U+FFFD,
# pinyin tone letters glued after characters.
_DAMAGE = re.compile(r"[?\ufffd\u00c0-\u024f]")
_CONTENT_CHAR = re.compile(r"[^\W_]")
_LAST_CONTENT_CHAR = re.compile(r"[^\W_](?=[\W_]*\Z)")


@dataclass
class ParagraphBatch:
    """A batch of documents as a worker reads them: each document's row, each paragraph's text hash."""

    docs: list[tuple[int, str, int, str | None, str | None, int, int, int]]  # reuse_docs row, work aside
    par_id: np.ndarray
    par_doc: np.ndarray
    par_hash: np.ndarray
    par_content: np.ndarray  # content characters
    par_span: np.ndarray     # (n, 2): text offsets of the paragraph's content, snapped (``snap``: its brackets and last punctuation)


def paragraph_keys(db_path: str, first: int, last: int) -> ParagraphBatch:
    """Worker task: the documents with ids ``first``..``last`` and their paragraphs' text hashes."""
    conn = reader(db_path)
    rows = conn.execute(
        "SELECT d.id, d.uid, d.page_id, p.site, d.organization, d.complete FROM documents d JOIN pages p ON p.id = d.page_id"
        " WHERE d.id BETWEEN ? AND ? ORDER BY d.id", (first, last)).fetchall()
    totals: dict[int, list[int]] = {r[0]: [0, 0] for r in rows}
    par_id, par_doc, par_hash, par_content, par_span = [], [], [], [], []
    p0, p1 = rowid_range(conn, "paragraphs", "doc_id", first, last)
    for pid, doc, text in conn.execute("SELECT id, doc_id, text FROM paragraphs WHERE id BETWEEN ? AND ? ORDER BY id",
                                       (p0, p1)):
        body = content(text)
        length = len(body)
        totals[doc][0] += length
        totals[doc][1] += len(_DAMAGE.findall(text))
        par_id.append(pid)
        par_doc.append(doc)
        par_hash.append(stable_text_hash(text))
        par_content.append(length)
        par_span.append(_content_span(text) if length else (0, 0))
    return ParagraphBatch(
        docs=[(r[0], r[1], r[2], r[3], r[4], int(r[5]), totals[r[0]][0], totals[r[0]][1]) for r in rows],
        par_id=np.asarray(par_id, dtype=np.int64), par_doc=np.asarray(par_doc, dtype=np.int64),
        par_hash=np.asarray(par_hash, dtype=np.int64), par_content=np.asarray(par_content, dtype=np.int64),
        par_span=np.asarray(par_span, dtype=np.int64).reshape(-1, 2))


def _content_span(text: str) -> tuple[int, int]:
    first = _CONTENT_CHAR.search(text)
    last = _LAST_CONTENT_CHAR.search(text)
    return snap(text, first.start(), last.end()) if first and last else (0, 0)


@dataclass
class ClassBatch:
    """A batch's paragraphs sorted into classes."""

    first_doc: int
    new_classes: np.ndarray      # ids of the classes this batch founded (ascending)
    new_class_par: np.ndarray    # their first member (paragraphs.id)
    new_class_doc: np.ndarray    # and its document
    touched: np.ndarray          # every class that got a member (new or not)
    self_edges: list[tuple[int, int]]  # (class, document): classes whose members reached a second document there
    n_classes: int


def lookup(db: sqlite3.Connection, table: str, hashes: np.ndarray) -> np.ndarray:
    """The id of each hash in ``table`` (``reuse_classes`` or ``reuse_texts``), -1 where it has none."""
    found = np.full(len(hashes), -1, dtype=np.int64)
    if not len(hashes) or db.execute(f"SELECT NOT EXISTS (SELECT 1 FROM {table})").fetchone()[0]:  # none yet: a build's first batch
        return found
    db.execute("CREATE TEMP TABLE IF NOT EXISTS reuse_probe (hash INTEGER PRIMARY KEY)")
    db.execute("DELETE FROM temp.reuse_probe")
    db.executemany("INSERT OR IGNORE INTO temp.reuse_probe (hash) VALUES (?)", ((h,) for h in hashes.tolist()))
    rows = db.execute(f"SELECT t.hash, t.id FROM temp.reuse_probe p JOIN {table} t ON t.hash = p.hash").fetchall()
    db.execute("DELETE FROM temp.reuse_probe")
    if rows:
        known = np.array(rows, dtype=np.int64)
        known = known[np.argsort(known[:, 0])]
        where = np.minimum(np.searchsorted(known[:, 0], hashes), len(known) - 1)
        hit = known[where, 0] == hashes
        found[hit] = known[where[hit], 1]
    return found


def add_classes(db: sqlite3.Connection, batch: ParagraphBatch, next_class: int, self_edge_chars: tuple[int, int]
                ) -> ClassBatch:
    """Sort the batch's paragraphs into classes (new ones numbered from ``next_class`` in paragraph
    order) and write its documents, classes and members to the index. ``self_edge_chars``: the content
    lengths a class's whole text can be a passage at (``min_match_chars``, the longest aligned paragraph)."""
    db.executemany("INSERT INTO reuse_docs (id, uid, page, site, organization, complete, content, damage, work)"
                   " VALUES (?,?,?,?,?,?,?,?,?)", [(*row, row[0]) for row in batch.docs])
    known = lookup(db, "reuse_classes", batch.par_hash)
    ids = known.copy()
    # a text seen twice in the batch founds one class, at its first paragraph
    fresh = np.flatnonzero(known < 0)
    hashes, first = np.unique(batch.par_hash[fresh], return_index=True)
    founders = fresh[np.sort(first)]
    numbers = {h: next_class + n for n, h in enumerate(batch.par_hash[founders].tolist())}
    ids[fresh] = [numbers[h] for h in batch.par_hash[fresh].tolist()]
    db.executemany("INSERT INTO reuse_classes (id, hash, par, doc, length, s0, s1, n_docs, last_doc) VALUES (?,?,?,?,?,?,?,0,0)",
                   zip(ids[founders].tolist(), batch.par_hash[founders].tolist(), batch.par_id[founders].tolist(),
                       batch.par_doc[founders].tolist(), batch.par_content[founders].tolist(),
                       batch.par_span[founders, 0].tolist(), batch.par_span[founders, 1].tolist(), strict=True))
    db.executemany("INSERT INTO reuse_members (par, class, doc) VALUES (?,?,?)",
                   zip(batch.par_id.tolist(), ids.tolist(), batch.par_doc.tolist(), strict=True))
    # members come in document order: a class reaches a second document at its first member elsewhere
    touched = np.unique(ids)
    state = {c: [n, last, length] for c, n, last, length in _class_rows(db, touched)}
    self_edges = []
    low, high = self_edge_chars
    for cls, doc in zip(ids.tolist(), batch.par_doc.tolist(), strict=True):
        entry = state[cls]
        if entry[1] != doc:
            entry[0] += 1
            entry[1] = doc
            if entry[0] == 2 and low <= entry[2] <= high:
                self_edges.append((cls, doc))
    db.executemany("UPDATE reuse_classes SET n_docs = ?, last_doc = ? WHERE id = ?",
                   [(n, last, c) for c, (n, last, _length) in state.items()])
    return ClassBatch(first_doc=min(r[0] for r in batch.docs) if batch.docs else 0,
                      new_classes=ids[founders], new_class_par=batch.par_id[founders], new_class_doc=batch.par_doc[founders],
                      touched=touched, self_edges=sorted(self_edges, key=lambda e: (e[1], e[0])),
                      n_classes=next_class + len(founders))


def _class_rows(db: sqlite3.Connection, classes: np.ndarray) -> list[tuple[int, int, int, int]]:
    db.execute("CREATE TEMP TABLE IF NOT EXISTS reuse_wanted (id INTEGER PRIMARY KEY)")
    db.execute("DELETE FROM temp.reuse_wanted")
    db.executemany("INSERT INTO temp.reuse_wanted (id) VALUES (?)", ((int(c),) for c in classes.tolist()))
    rows = db.execute("SELECT c.id, c.n_docs, c.last_doc, c.length FROM temp.reuse_wanted w CROSS JOIN reuse_classes c ON c.id = w.id"
                      ).fetchall()
    db.execute("DELETE FROM temp.reuse_wanted")
    return rows


@dataclass
class UnitBatch:
    """The units of a batch of new classes, as a worker computes them.

    Units are in class order (then position); ``unit_text`` indexes the batch's distinct texts, which
    are in the order first seen, with their hash, length and band keys."""

    unit_class: np.ndarray
    unit_lo: np.ndarray      # offsets in the class's text
    unit_hi: np.ndarray
    unit_kind: np.ndarray    # 0 paragraph, 1 sentence, 2 clause
    unit_text: np.ndarray    # index into the batch's texts
    text_hash: np.ndarray    # int64
    text_len: np.ndarray
    text_half: np.ndarray    # its first instance is at least half of its paragraph's content
    text_keys: np.ndarray    # (texts, bands) uint32


def class_units(db_path: str, first: int, last: int, founded: str, params_dict: dict) -> UnitBatch:
    """Worker task: the units of new classes whose first members lie in documents ``first``..``last``;
    ``founded``: a .npz file with their ids (``classes``, ascending) and first members (``pars``)."""
    params = ReuseParams.from_dict(params_dict).resolved()
    with np.load(founded) as saved:
        classes, pars = saved["classes"], saved["pars"]
    conn = reader(db_path)
    wanted = dict(zip(pars.tolist(), classes.tolist(), strict=True))
    spans: dict[int, list[tuple[int, int]]] = {}
    s0, s1 = rowid_range(conn, "sentences", "doc_id", first, last)
    for par, start, end in conn.execute('SELECT paragraph_id, start, "end" FROM sentences WHERE id BETWEEN ? AND ? ORDER BY id',
                                        (s0, s1)):
        if par in wanted:
            spans.setdefault(par, []).append((start, end))
    unit_class: list[int] = []
    unit_lo: list[int] = []
    unit_hi: list[int] = []
    unit_kind: list[int] = []
    unit_text: list[int] = []
    texts: dict[str, int] = {}
    text_half: list[bool] = []
    p0, p1 = rowid_range(conn, "paragraphs", "doc_id", first, last)
    for par, start, text in conn.execute("SELECT id, start, text FROM paragraphs WHERE id BETWEEN ? AND ? ORDER BY id",
                                         (p0, p1)):
        cls = wanted.get(par)
        if cls is None:
            continue
        body = content(text)
        sentences = [(lo - start, hi - start) for lo, hi in spans.get(par, ())]
        for lo, hi, unit, kind in paragraph_units(text, body, sentences, params):
            number = texts.get(unit)
            if number is None:
                number = texts[unit] = len(texts)
                text_half.append(2 * len(unit) >= len(body))
            unit_class.append(cls)
            unit_lo.append(lo)
            unit_hi.append(hi)
            unit_kind.append(kind)
            unit_text.append(number)
    distinct = list(texts)
    bands = int(params.bands or 0)
    return UnitBatch(
        unit_class=np.asarray(unit_class, dtype=np.int64), unit_lo=np.asarray(unit_lo, dtype=np.int64),
        unit_hi=np.asarray(unit_hi, dtype=np.int64), unit_kind=np.asarray(unit_kind, dtype=np.int64),
        unit_text=np.asarray(unit_text, dtype=np.int64),
        text_hash=np.fromiter((stable_text_hash(t) for t in distinct), dtype=np.int64, count=len(distinct)),
        text_len=np.fromiter((len(t) for t in distinct), dtype=np.int64, count=len(distinct)),
        text_half=np.asarray(text_half, dtype=bool),
        text_keys=Signer(params).keys_of(distinct) if distinct else np.zeros((0, bands), dtype=np.uint32))


def merge(parts: list[UnitBatch]) -> UnitBatch:
    """The units of consecutive batches as one batch (texts seen in several listed once, at the first)."""
    if len(parts) == 1:
        return parts[0]
    hashes = np.concatenate([p.text_hash for p in parts])
    _, first = np.unique(hashes, return_index=True)
    keep = np.sort(first)  # each text at its first batch, in the order seen
    number = {h: n for n, h in enumerate(hashes[keep].tolist())}
    unit_text = np.concatenate([np.fromiter((number[h] for h in p.text_hash[p.unit_text].tolist()), dtype=np.int64,
                                            count=len(p.unit_text)) for p in parts])
    return UnitBatch(
        unit_class=np.concatenate([p.unit_class for p in parts]), unit_lo=np.concatenate([p.unit_lo for p in parts]),
        unit_hi=np.concatenate([p.unit_hi for p in parts]), unit_kind=np.concatenate([p.unit_kind for p in parts]),
        unit_text=unit_text, text_hash=hashes[keep], text_len=np.concatenate([p.text_len for p in parts])[keep],
        text_half=np.concatenate([p.text_half for p in parts])[keep],
        text_keys=np.concatenate([p.text_keys for p in parts])[keep])


@dataclass
class IndexedBatch:
    """A batch's units after numbering: global text ids, and which texts are new to the index."""

    first_class: int         # the batch's smallest new class: classes from here on are new
    unit_text: np.ndarray    # global text id of each unit
    unit_class: np.ndarray
    text_ids: np.ndarray     # global id of each of the batch's distinct texts
    text_hash: np.ndarray    # and its stable hash
    text_new: np.ndarray     # True when the text first appears in this batch
    text_keys: np.ndarray    # their band keys
    n_texts: int             # texts in the index after this batch


def add_units(db: sqlite3.Connection, batch: UnitBatch, first_class: int, next_text: int) -> IndexedBatch:
    """Number the batch's texts (known ones keep their id; new ones follow ``next_text`` in the order
    first seen) and write its texts and units to the index."""
    ids = lookup(db, "reuse_texts", batch.text_hash)
    new = ids < 0
    # a new text's first instance is its first unit, and new texts are numbered in that order
    first_unit = np.full(len(batch.text_hash), len(batch.unit_text), dtype=np.int64)
    np.minimum.at(first_unit, batch.unit_text, np.arange(len(batch.unit_text), dtype=np.int64))
    new_positions = np.flatnonzero(new)[np.argsort(first_unit[new], kind="stable")]
    ids[new_positions] = next_text + np.arange(len(new_positions), dtype=np.int64)
    firsts = first_unit[new_positions]
    db.executemany("INSERT INTO reuse_texts (id, hash, length, class, lo, hi, kind, half) VALUES (?,?,?,?,?,?,?,?)",
                   zip(ids[new_positions].tolist(), batch.text_hash[new_positions].tolist(),
                       batch.text_len[new_positions].tolist(), batch.unit_class[firsts].tolist(),
                       batch.unit_lo[firsts].tolist(), batch.unit_hi[firsts].tolist(), batch.unit_kind[firsts].tolist(),
                       batch.text_half[new_positions].astype(int).tolist(), strict=True))
    unit_ids = ids[batch.unit_text]
    db.executemany("INSERT OR IGNORE INTO reuse_units (text, class, lo, hi, kind) VALUES (?,?,?,?,?)",
                   zip(unit_ids.tolist(), batch.unit_class.tolist(), batch.unit_lo.tolist(), batch.unit_hi.tolist(),
                       batch.unit_kind.tolist(), strict=True))
    return IndexedBatch(first_class=first_class, unit_text=unit_ids, unit_class=batch.unit_class, text_ids=ids,
                        text_hash=batch.text_hash, text_new=new, text_keys=batch.text_keys, n_texts=next_text + len(new_positions))
