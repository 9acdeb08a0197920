"""corpus/reuse_index: what the corpus knows of its reuse index, counted in SQL."""

from __future__ import annotations

import sqlite3
from types import SimpleNamespace

from jianghua.corpus.reuse_index import index_status
from jianghua.corpus.schema import REUSE_VERSION


def _db(documents: dict[int, str], indexed: dict[int, str] | None) -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE documents (id INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE)")
    db.executemany("INSERT INTO documents VALUES (?, ?)", documents.items())
    if indexed is not None:
        db.execute("CREATE TABLE reuse_docs (id INTEGER PRIMARY KEY, uid TEXT NOT NULL)")
        db.executemany("INSERT INTO reuse_docs VALUES (?, ?)", indexed.items())
        db.execute("CREATE TABLE reuse_meta (key TEXT PRIMARY KEY, value TEXT)")
        db.executemany("INSERT INTO reuse_meta VALUES (?, ?)", [("version", REUSE_VERSION), ("state", "complete")])
    return db


def test_index_status_counts_covered_behind_and_removed_documents():
    """Document 1 indexed as it is; 2 indexed under an older uid (re-made since: behind, and its old row
    removed); 3 not indexed yet (behind); 4 indexed but gone from the corpus (removed)."""
    db = _db({1: "a", 2: "b2", 3: "c"}, {1: "a", 2: "b1", 4: "d"})
    status = index_status(SimpleNamespace(db=db))
    assert status == {"built": True, "version": REUSE_VERSION, "state": "complete",
                      "documents": 3, "covered": 1, "behind": 2, "removed": 2}


def test_index_status_of_a_corpus_without_a_reuse_index():
    status = index_status(SimpleNamespace(db=_db({1: "a", 2: "b"}, None)))
    assert status == {"built": False, "version": None, "state": None, "documents": 2, "covered": 0, "behind": 2,
                      "removed": 0}


def test_index_status_reads_counts_not_rows():
    """The status asks SQLite for counts (one row back per query), not for every document id."""
    db = _db({i: f"u{i}" for i in range(1, 501)}, {i: f"u{i}" for i in range(1, 401)})
    returned: list[int] = []

    class Counting:
        def execute(self, sql, *args):
            rows = db.execute(sql, *args).fetchall()
            returned.append(len(rows))
            return SimpleNamespace(fetchone=lambda: rows[0], fetchall=lambda: rows, __iter__=lambda: iter(rows))

    status = index_status(SimpleNamespace(db=Counting()))
    assert (status["documents"], status["covered"], status["behind"], status["removed"]) == (500, 400, 100, 0)
    assert max(returned) <= 2  # reuse_meta's two rows at most
