"""The reuse tables: what the build writes into the corpus, in one place.

Two groups. The *results* (``doc_clusters``, ``passage_clusters``, ``passage_occurrences``,
``substitutions`` and ``documents.duplicate_of``) are what ``read`` serves. The *index*
(``reuse_*``) is what lets ``ingest`` add documents without starting over: the covered documents,
the paragraph classes (distinct paragraph texts) and their members, each class's units and texts, the
LSH band keys of every text (sorted runs), the alignment edges in the order they were found, the
passage graph's nodes and components, and the confirmed duplicate pairs and substitution occurrences
the results are counted from. ``reuse_meta`` holds the parameters, the version and the
state of the last build.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from typing import Any

from ..corpus.ledger import REUSE_STATE_KEY
from ..errors import JianghuaError
from .params import REUSE_VERSION, ReuseParams

RESULT_TABLES = ("doc_clusters", "passage_occurrences", "passage_clusters", "substitutions")
INDEX_TABLES = ("reuse_docs", "reuse_classes", "reuse_members", "reuse_texts", "reuse_units", "reuse_lsh", "reuse_edges",
                "reuse_nodes", "reuse_comps", "reuse_dup_pairs", "reuse_subst_dup", "reuse_subst_pass")
TABLES = ("reuse_meta", *RESULT_TABLES, *INDEX_TABLES)  # every table the build owns, in the order they can be dropped

SCHEMA = """
CREATE TABLE IF NOT EXISTS reuse_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

-- results ----------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS doc_clusters (
  cluster INTEGER NOT NULL,             -- the canonical copy's documents.id
  doc_id TEXT NOT NULL UNIQUE,          -- documents.uid
  canonical INTEGER NOT NULL,           -- 1 for the cluster's canonical copy
  coverage REAL NOT NULL,               -- share of the canonical's content this copy has (1.0: canonical)
  missing TEXT NOT NULL,                -- JSON: ordinals of the canonical's paragraphs this copy lacks
  extra TEXT NOT NULL,                  -- JSON: ordinals of this copy's paragraphs the canonical lacks
  changes TEXT NOT NULL,                -- JSON: [{a, b, count}]: canonical word a reads b in this copy
  version TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS doc_clusters_cluster ON doc_clusters(cluster);
CREATE TABLE IF NOT EXISTS passage_clusters (
  id INTEGER PRIMARY KEY,               -- the fold order of the cluster's first passage node (stable as documents are added)
  size INTEGER NOT NULL,                -- occurrences
  n_docs INTEGER NOT NULL,
  n_works INTEGER NOT NULL,             -- documents, a duplicate cluster counting once
  n_sites INTEGER NOT NULL,
  n_pages INTEGER NOT NULL,
  boilerplate_score REAL NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('furniture', 'template', 'shared')),
  representative TEXT NOT NULL,
  rep_doc TEXT NOT NULL,
  rep_start INTEGER NOT NULL,
  rep_end INTEGER NOT NULL,
  signature BLOB NOT NULL,              -- MinHash of the representative (uint32 x num_perm)
  n_shingles INTEGER NOT NULL,
  version TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS passage_clusters_rank ON passage_clusters(n_works DESC, n_docs DESC, size DESC);
CREATE TABLE IF NOT EXISTS passage_occurrences (
  cluster INTEGER NOT NULL REFERENCES passage_clusters(id),
  doc_id TEXT NOT NULL,                 -- documents.uid
  paragraph INTEGER NOT NULL,           -- paragraphs.ordinal
  start INTEGER NOT NULL,               -- offsets into documents.text
  "end" INTEGER NOT NULL,
  text TEXT NOT NULL,
  site TEXT,
  PRIMARY KEY (cluster, doc_id, start)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS passage_occurrences_doc ON passage_occurrences(doc_id);
CREATE TABLE IF NOT EXISTS substitutions (
  a TEXT NOT NULL,
  b TEXT NOT NULL,
  count INTEGER NOT NULL,
  duplicate_count INTEGER NOT NULL,     -- inside duplicate documents (canonical a -> copy b)
  passage_count INTEGER NOT NULL,       -- inside passages reused by different works
  n_docs INTEGER NOT NULL,              -- documents reading b
  examples TEXT NOT NULL,               -- JSON: up to 3 {doc_id, start, end, context}
  PRIMARY KEY (a, b)
);

-- the index --------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS reuse_docs (   -- the documents the index covers (documents.id), in fold order
  id INTEGER PRIMARY KEY,
  uid TEXT NOT NULL,
  page INTEGER NOT NULL,
  site TEXT,
  organization TEXT,
  complete INTEGER NOT NULL,
  content INTEGER NOT NULL,             -- content characters
  damage INTEGER NOT NULL,              -- conversion damage marks
  work INTEGER NOT NULL                 -- its duplicate cluster's canonical document, or itself
);
CREATE TABLE IF NOT EXISTS reuse_classes (  -- distinct paragraph texts, numbered in fold order
  id INTEGER PRIMARY KEY,
  hash INTEGER NOT NULL,                -- minhash.stable_text_hash of the text
  par INTEGER NOT NULL,                 -- its first member (paragraphs.id): the one read and aligned
  doc INTEGER NOT NULL,                 -- and that member's document
  length INTEGER NOT NULL,              -- content characters
  s0 INTEGER NOT NULL,                  -- text offsets of its content, snapped (its brackets, its last punctuation)
  s1 INTEGER NOT NULL,
  n_docs INTEGER NOT NULL,              -- documents with a member (counted as they come)
  last_doc INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS reuse_classes_hash ON reuse_classes(hash);
CREATE TABLE IF NOT EXISTS reuse_members (  -- every paragraph of every covered document, and its class
  par INTEGER PRIMARY KEY,
  class INTEGER NOT NULL,
  doc INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS reuse_members_class ON reuse_members(class);
CREATE INDEX IF NOT EXISTS reuse_members_doc ON reuse_members(doc);
CREATE TABLE IF NOT EXISTS reuse_texts (  -- distinct unit contents, numbered in the order first seen
  id INTEGER PRIMARY KEY,
  hash INTEGER NOT NULL,                -- minhash.stable_text_hash of the content
  length INTEGER NOT NULL,              -- content characters
  class INTEGER NOT NULL,               -- the first instance: class, span in its text, unit kind
  lo INTEGER NOT NULL,
  hi INTEGER NOT NULL,
  kind INTEGER NOT NULL,
  half INTEGER NOT NULL                 -- 1 when it is at least half of that paragraph's content
);
CREATE UNIQUE INDEX IF NOT EXISTS reuse_texts_hash ON reuse_texts(hash);
CREATE TABLE IF NOT EXISTS reuse_units (  -- every instance of every text in a class
  text INTEGER NOT NULL,
  class INTEGER NOT NULL,
  lo INTEGER NOT NULL,
  hi INTEGER NOT NULL,
  kind INTEGER NOT NULL,                -- 0 paragraph, 1 sentence, 2 clause
  PRIMARY KEY (text, class, lo)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reuse_lsh (    -- band keys of every text: sorted runs, cut into parts by key
  band INTEGER NOT NULL,
  run INTEGER NOT NULL,
  part INTEGER NOT NULL,
  n INTEGER NOT NULL,
  keys BLOB NOT NULL,                   -- uint32, sorted by (key, text)
  texts BLOB NOT NULL,                  -- uint32 text ids
  PRIMARY KEY (band, run, part)
);
CREATE TABLE IF NOT EXISTS reuse_edges (  -- aligned passages between classes, in fold order
  seq INTEGER PRIMARY KEY,
  a INTEGER NOT NULL, a0 INTEGER NOT NULL, a1 INTEGER NOT NULL,   -- class, text offsets in its text
  b INTEGER NOT NULL, b0 INTEGER NOT NULL, b1 INTEGER NOT NULL,   -- b >= a (b = a: the class's own text, shared)
  matched INTEGER NOT NULL,             -- equal content characters
  doc INTEGER NOT NULL                  -- the document that brought it
);
CREATE INDEX IF NOT EXISTS reuse_edges_a ON reuse_edges(a);
CREATE INDEX IF NOT EXISTS reuse_edges_b ON reuse_edges(b);
CREATE TABLE IF NOT EXISTS reuse_nodes (  -- passage nodes: spans of a class with an edge between different works
  class INTEGER NOT NULL,
  s INTEGER NOT NULL,
  e INTEGER NOT NULL,
  first INTEGER NOT NULL,               -- fold order: 2 x seq of its first edge (+1 on the b side)
  comp INTEGER NOT NULL,                -- its component: the smallest ``first`` in it
  PRIMARY KEY (class, s, e)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS reuse_nodes_comp ON reuse_nodes(comp);
CREATE TABLE IF NOT EXISTS reuse_comps (  -- every component: what its cluster's score and dropping need
  id INTEGER PRIMARY KEY,
  total INTEGER NOT NULL,               -- occurrence characters
  subsumed INTEGER NOT NULL,            -- 1: every occurrence lies inside one bigger cluster's (not listed)
  main_site TEXT,
  main_pages INTEGER NOT NULL,
  n_pages INTEGER NOT NULL,
  top INTEGER NOT NULL,                 -- occurrences worded like the most common wording
  size INTEGER NOT NULL,
  n_sites INTEGER NOT NULL,
  n_orgs INTEGER NOT NULL,
  n_docs INTEGER NOT NULL,
  n_works INTEGER NOT NULL,
  rep_class INTEGER NOT NULL,           -- the representative occurrence: a span of a class,
  rep_s INTEGER NOT NULL,
  rep_e INTEGER NOT NULL,
  rep_doc INTEGER NOT NULL,             -- in this document, from this offset
  rep_start INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS reuse_dup_pairs (  -- confirmed duplicate document pairs, x < y
  x INTEGER NOT NULL,
  y INTEGER NOT NULL,
  PRIMARY KEY (x, y)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reuse_subst_dup (  -- substitutions in duplicates: canonical a -> copy b
  a TEXT NOT NULL,
  b TEXT NOT NULL,
  doc_a INTEGER NOT NULL,
  pos_a INTEGER NOT NULL,               -- offsets into documents.text
  doc_b INTEGER NOT NULL,
  pos_b INTEGER NOT NULL,
  context TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS reuse_subst_dup_ab ON reuse_subst_dup(a, b);
CREATE INDEX IF NOT EXISTS reuse_subst_dup_doc ON reuse_subst_dup(doc_b);
CREATE TABLE IF NOT EXISTS reuse_subst_pass (  -- substitutions in aligned passages of two classes: a -> b
  a TEXT NOT NULL,
  b TEXT NOT NULL,
  class_a INTEGER NOT NULL,
  pos_a INTEGER NOT NULL,               -- offsets into the class's text
  class_b INTEGER NOT NULL,
  pos_b INTEGER NOT NULL,
  context TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS reuse_subst_pass_ab ON reuse_subst_pass(a, b);
CREATE INDEX IF NOT EXISTS reuse_subst_pass_b ON reuse_subst_pass(class_b);
CREATE INDEX IF NOT EXISTS reuse_subst_pass_a ON reuse_subst_pass(class_a);
"""

# reuse_meta keys. ``state``: "building" from the start of a build (committed on its own) until the
# build's transaction commits "complete"; a build stopped in between left the tables as they were
# before it (one transaction), and the next build goes on from there.
STATE_BUILDING = "building"
STATE_COMPLETE = "complete"


def create(db: sqlite3.Connection) -> None:
    """Create what is missing, inside the caller's transaction (``executescript`` would commit it)."""
    for statement in SCHEMA.split(";\n"):
        lines = [line for line in statement.splitlines() if line.strip() and not line.lstrip().startswith("--")]
        if lines:
            db.execute(statement)


def drop(db: sqlite3.Connection) -> None:
    for table in TABLES:
        db.execute(f"DROP TABLE IF EXISTS {table}")


def exists(db: sqlite3.Connection) -> bool:
    return db.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='reuse_meta'").fetchone() is not None


def meta(db: sqlite3.Connection) -> dict[str, str]:
    try:
        return dict(db.execute("SELECT key, value FROM reuse_meta").fetchall())
    except sqlite3.OperationalError:
        return {}


def set_meta(db: sqlite3.Connection, **values: Any) -> None:
    db.executemany("INSERT OR REPLACE INTO reuse_meta (key, value) VALUES (?, ?)",
                   [(k, v if isinstance(v, str) else json.dumps(v, sort_keys=True, ensure_ascii=False))
                    for k, v in sorted(values.items())])


def mark_building(db: sqlite3.Connection) -> str:
    """The state rows, committed before the build reads anything: ``reuse_meta.state`` and the corpus's
    ``reuse_state`` (``ledger``: ``building <token>``), which a build that is killed or interrupted
    leaves behind, so ``verify`` reports it and the next ``ingest`` or ``reuse`` goes on. Returns the
    token; the build's own transaction clears the row only if it still holds it (documents committed
    meanwhile mark it ``stale``: the build did not see them)."""
    if db.in_transaction:
        db.commit()
    token = f"building {os.getpid()} {time.time():.6f}"
    db.execute("BEGIN")
    create(db)
    set_meta(db, state=STATE_BUILDING, state_since=str(time.time()))
    db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (REUSE_STATE_KEY, token))
    db.commit()
    return token


def clear_building(db: sqlite3.Connection, token: str) -> None:
    """In the build's transaction: the corpus's ``reuse_state`` row goes, unless documents changed since
    the build started (then it says ``stale`` and stays)."""
    db.execute("DELETE FROM meta WHERE key=? AND value=?", (REUSE_STATE_KEY, token))


def params_of(stored: dict[str, str]) -> ReuseParams | None:
    try:
        return ReuseParams.from_dict(json.loads(stored["params"]))
    except (KeyError, ValueError, JianghuaError):  # none stored, or another version's: rebuilt whole
        return None


def fits(stored: dict[str, str], params: ReuseParams) -> bool:
    """True when the stored index was built by this version with these parameters (so it can be updated)."""
    return stored.get("version") == REUSE_VERSION and params_of(stored) == params
