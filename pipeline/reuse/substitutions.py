"""Step 7, substitutions: word replacements counted over duplicates and reused passages.

Two kinds of occurrence feed the ``substitutions`` table: inside duplicate documents (canonical word
a reads b in the copy, ``reuse_subst_dup``) and inside dense aligned passages of two paragraph
classes whose members lie in different works (the older class's word a reads b in the newer,
``reuse_subst_pass``). Per (a, b): how often, in how many documents b is read, and up to three
examples (duplicates first, then passages; each in document order).

Incremental: only the (a, b) rows whose occurrences changed, or whose passages' classes changed
members or works, are counted again.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field

_EXAMPLES = 3


@dataclass
class _Count:
    duplicate: int = 0
    passage: int = 0
    docs: set[int] = field(default_factory=set)
    examples: list[tuple[tuple[int, int, int], dict]] = field(default_factory=list)

    def example(self, order: tuple[int, int, int], example: dict) -> None:
        """Keep the first ``_EXAMPLES`` different examples in ``order`` of those seen so far (each at its
        first place): what sorting all of them and keeping the first different ones gives, in bounded memory."""
        for n, (seen, kept) in enumerate(self.examples):
            if kept == example:
                if order < seen:
                    self.examples[n] = (order, example)
                    self.examples.sort(key=lambda e: e[0])
                return
        if len(self.examples) < _EXAMPLES or order < self.examples[-1][0]:
            self.examples.append((order, example))
            self.examples.sort(key=lambda e: e[0])
            del self.examples[_EXAMPLES:]


def keys_of_classes(db: sqlite3.Connection, classes: list[int]) -> set[tuple[str, str]]:
    """The (a, b) of passage occurrences in these classes (their counts may change with their members)."""
    out: set[tuple[str, str]] = set()
    for start in range(0, len(classes), 450):
        chunk = classes[start:start + 450]
        marks = ",".join("?" * len(chunk))
        out.update((a, b) for a, b in db.execute(
            f"SELECT DISTINCT a, b FROM reuse_subst_pass WHERE class_a IN ({marks}) OR class_b IN ({marks})", chunk + chunk))
    return out


def keys_of_duplicates(db: sqlite3.Connection, docs: list[int]) -> set[tuple[str, str]]:
    out: set[tuple[str, str]] = set()
    for start in range(0, len(docs), 900):
        chunk = docs[start:start + 900]
        out.update((a, b) for a, b in db.execute(
            f"SELECT DISTINCT a, b FROM reuse_subst_dup WHERE doc_b IN ({','.join('?' * len(chunk))})", chunk))
    return out


def all_keys(db: sqlite3.Connection) -> set[tuple[str, str]]:
    return {(a, b) for a, b in db.execute("SELECT a, b FROM reuse_subst_dup UNION SELECT a, b FROM reuse_subst_pass")}


def refresh(db: sqlite3.Connection, keys: set[tuple[str, str]]) -> int:
    """Count these (a, b) again from their occurrences and rewrite their rows; returns the rows written."""
    db.execute("CREATE TEMP TABLE IF NOT EXISTS reuse_keys (a TEXT, b TEXT, PRIMARY KEY (a, b))")
    db.execute("DELETE FROM temp.reuse_keys")
    db.executemany("INSERT OR IGNORE INTO temp.reuse_keys (a, b) VALUES (?, ?)", sorted(keys))
    counts: dict[tuple[str, str], _Count] = defaultdict(_Count)
    for a, b, doc_b, pos_b, text, uid in db.execute(
            "SELECT s.a, s.b, s.doc_b, s.pos_b, s.context, d.uid FROM temp.reuse_keys k CROSS JOIN reuse_subst_dup s"
            " ON s.a = k.a AND s.b = k.b CROSS JOIN reuse_docs d ON d.id = s.doc_b"):
        entry = counts[(a, b)]
        entry.duplicate += 1
        entry.docs.add(doc_b)
        entry.example((0, doc_b, pos_b), {"doc_id": uid, "start": pos_b, "end": pos_b + len(b), "context": text})
    rows = db.execute("SELECT s.a, s.b, s.class_a, s.class_b, s.pos_b, s.context FROM temp.reuse_keys k CROSS JOIN reuse_subst_pass s"
                      " ON s.a = k.a AND s.b = k.b").fetchall()
    classes = sorted({c for r in rows for c in (r[2], r[3])})
    works: dict[int, set[int]] = defaultdict(set)
    docs: dict[int, list[tuple[int, int, str]]] = defaultdict(list)  # class -> (doc, paragraph start, uid) of its members
    for start in range(0, len(classes), 900):
        chunk = classes[start:start + 900]
        for cls, doc, work, par_start, uid in db.execute(
                "SELECT m.class, m.doc, d.work, p.start, d.uid FROM reuse_members m JOIN reuse_docs d ON d.id = m.doc"
                f" JOIN paragraphs p ON p.id = m.par WHERE m.class IN ({','.join('?' * len(chunk))}) ORDER BY m.class, m.par", chunk):
            works[cls].add(work)
            docs[cls].append((doc, par_start, uid))
    for a, b, class_a, class_b, pos_b, text in rows:
        if len(works[class_a] | works[class_b]) < 2:  # a passage inside one work is no reuse
            continue
        entry = counts[(a, b)]
        entry.passage += 1
        entry.docs.update(d for d, _s, _u in docs[class_b])
        doc, par_start, uid = docs[class_b][0]
        entry.example((1, doc, par_start + pos_b), {"doc_id": uid, "start": par_start + pos_b,
                                                    "end": par_start + pos_b + len(b), "context": text})
    db.execute("DELETE FROM substitutions WHERE (a, b) IN (SELECT a, b FROM temp.reuse_keys)")
    out = []
    for (a, b), entry in counts.items():
        examples = [example for _order, example in entry.examples]
        out.append((a, b, entry.duplicate + entry.passage, entry.duplicate, entry.passage, len(entry.docs),
                    json.dumps(examples, ensure_ascii=False)))
    db.executemany("INSERT INTO substitutions (a, b, count, duplicate_count, passage_count, n_docs, examples)"
                   " VALUES (?,?,?,?,?,?,?)", out)
    db.execute("DELETE FROM temp.reuse_keys")
    return len(out)
