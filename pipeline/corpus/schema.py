"""Every table of a corpus database, defined in one place: what ``Corpus`` creates and migrates.

- ``TABLES``: the ledger (``files``, whose layout ``LEDGER_VERSION`` names), ``pages``, ``documents``,
  ``sections``, ``paragraphs``, ``sentences``, ``removed``, ``runs``, ``meta`` and the character index
  ``para_fts``; every statement ``IF NOT EXISTS``, so running it again adds only what is missing.
- ``ADDED_COLUMNS``: columns added to those tables after corpora of schema version 1 were made.
- ``RULE_ROWS_*``: the campaign-rules table, a table derived from ``documents.rules`` and rebuilt when its
  definition (``RULE_ROWS_VERSION``) changes.
- ``REUSE_*``: the reuse index's tables (results and index), which the reuse package (``jianghua.reuse.tables``)
  creates and drops with its index.

The numbered migrations that bring an older database to this definition are in ``migrations``.
"""

from __future__ import annotations

# meta.ledger_version: the layout of ``files`` described in ``ledger`` ("2"); without it the ledger is migrated
LEDGER_VERSION = "2"

FILES_TABLE = """
CREATE TABLE IF NOT EXISTS files (
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL,      -- canonical path; bytes that are not UTF-8 written \\xNN
  sha256 TEXT,             -- NULL when the file could not be read
  size INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('ingested','duplicate','quarantined','error','superseded')),
  code TEXT NOT NULL,
  message TEXT NOT NULL,
  encoding TEXT,
  site TEXT,
  duplicate_of INTEGER REFERENCES files(id),
  run_id INTEGER,
  ingested_at REAL NOT NULL
);
"""
FILES_INDEXES = """
CREATE UNIQUE INDEX IF NOT EXISTS files_current_path ON files(path) WHERE status != 'superseded';
CREATE INDEX IF NOT EXISTS files_sha ON files(sha256);
"""

TABLES = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
""" + FILES_TABLE + FILES_INDEXES + """CREATE TABLE IF NOT EXISTS pages (
  id INTEGER PRIMARY KEY,
  file_id INTEGER NOT NULL UNIQUE REFERENCES files(id),
  site TEXT,
  title TEXT,
  script TEXT,
  is_html INTEGER NOT NULL,
  encoding TEXT,
  repairs TEXT NOT NULL,
  flags TEXT NOT NULL,
  versions TEXT  -- JSON {stage: version} of what made the page (stages.pipeline_versions); NULL: an older build
);
CREATE TABLE IF NOT EXISTS documents (
  id INTEGER PRIMARY KEY,
  uid TEXT NOT NULL UNIQUE,
  page_id INTEGER NOT NULL REFERENCES pages(id),
  ordinal INTEGER NOT NULL,
  title TEXT NOT NULL,
  title_original TEXT NOT NULL,
  text TEXT NOT NULL,
  original_text TEXT,  -- NULL when the original is the canonical text (mainland pages): read ``original``
  offset_map TEXT NOT NULL,
  script TEXT NOT NULL,
  complete INTEGER NOT NULL,
  flags TEXT NOT NULL,
  n_chars INTEGER NOT NULL,
  extra TEXT NOT NULL DEFAULT '{}',
  genre TEXT,
  genre_confidence REAL,
  topic TEXT,
  topic_confidence REAL,
  low_confidence INTEGER,
  classification TEXT,
  rules TEXT,
  organization TEXT,
  year INTEGER,
  duplicate_of TEXT,
  UNIQUE (page_id, ordinal)
);
CREATE INDEX IF NOT EXISTS documents_genre ON documents(genre);
CREATE INDEX IF NOT EXISTS documents_topic ON documents(topic);
CREATE INDEX IF NOT EXISTS documents_year ON documents(year);
CREATE INDEX IF NOT EXISTS documents_n_chars ON documents(n_chars);
CREATE TABLE IF NOT EXISTS sections (
  id INTEGER PRIMARY KEY,
  doc_id INTEGER NOT NULL REFERENCES documents(id),
  ordinal INTEGER NOT NULL,
  number TEXT NOT NULL,
  parent INTEGER,
  level INTEGER NOT NULL,
  marker TEXT NOT NULL,
  heading TEXT NOT NULL,
  start INTEGER NOT NULL,
  "end" INTEGER NOT NULL,
  role TEXT
);
CREATE INDEX IF NOT EXISTS sections_doc ON sections(doc_id);
CREATE TABLE IF NOT EXISTS paragraphs (
  id INTEGER PRIMARY KEY,
  doc_id INTEGER NOT NULL REFERENCES documents(id),
  ordinal INTEGER NOT NULL,
  section_id INTEGER,
  kind TEXT NOT NULL,
  start INTEGER NOT NULL,
  "end" INTEGER NOT NULL,
  text TEXT NOT NULL,
  words TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS paragraphs_doc ON paragraphs(doc_id);
CREATE TABLE IF NOT EXISTS sentences (
  id INTEGER PRIMARY KEY,
  paragraph_id INTEGER NOT NULL REFERENCES paragraphs(id),
  doc_id INTEGER NOT NULL,
  start INTEGER NOT NULL,
  "end" INTEGER NOT NULL
);
-- a retired version's sentences are found by document (ledger.remove_pages): about 1 us a row to keep
CREATE INDEX IF NOT EXISTS sentences_doc ON sentences(doc_id);
CREATE TABLE IF NOT EXISTS removed (
  id INTEGER PRIMARY KEY,
  page_id INTEGER NOT NULL REFERENCES pages(id),
  line INTEGER NOT NULL,
  code TEXT NOT NULL,
  text TEXT NOT NULL,
  score REAL  -- the line model's furniture probability of the line (NULL: not scored, e.g. inline cuts)
);
CREATE INDEX IF NOT EXISTS removed_page ON removed(page_id);
CREATE TABLE IF NOT EXISTS runs (
  id INTEGER PRIMARY KEY,
  started REAL NOT NULL,
  finished REAL,
  args TEXT NOT NULL,
  summary TEXT
);
CREATE VIRTUAL TABLE IF NOT EXISTS para_fts USING fts5(
  chars, content='', tokenize='ascii'
);
"""

# The child tables' indexes by their parent (a document's sections, paragraphs and sentences, a page's
# removed lines), as ``TABLES`` defines them. A new corpus's first ingest makes them after its rows are in
# (``Corpus.batch(defer_indexes=True)``: 6% less CPU for the writer), and a writable open makes any that
# is missing (an ingest killed before it made them).
CHILD_INDEX_NAMES = ("sections_doc", "paragraphs_doc", "sentences_doc", "removed_page")
CHILD_INDEXES = "".join(f"{line}\n" for line in TABLES.splitlines()
                        if line.startswith("CREATE INDEX") and line.split()[5] in CHILD_INDEX_NAMES)
assert CHILD_INDEXES.count("CREATE INDEX") == len(CHILD_INDEX_NAMES)

# Columns added to a table after databases of this schema version were made: (table, column,
# declaration). Opening such a database writable adds them (NULL in the old rows), so it still opens;
# a read-only reader asks ``Corpus.has_column`` first.
ADDED_COLUMNS = (("removed", "score", "REAL"), ("pages", "versions", "TEXT"))

# --- the campaign-rules table -----------------------------------------------------------------------
# One row per document with a rules record: what the rules table (web ``/rules``, ``export rule-table``)
# shows, computed once (at ingest, in the worker) from the record, so the table is a plain indexed
# query. ``rule_values`` is the one definition of the derived columns. ``RULE_ROWS_VERSION`` names that
# definition: a database whose ``meta.rule_rows_version`` differs (or lacks it: built before the table
# existed) gets the table rebuilt from ``documents.rules`` when opened writable.
RULE_TABLE_COLUMNS = ("doc_id", "title", "genre", "organization", "date_of_text", "posts", "principal", "deputy",
                      "max_age", "education", "score_weights", "rater_weights", "publicity_days", "term_years",
                      "inspection_ratio", "source")
RULE_VALUE_COLUMNS = RULE_TABLE_COLUMNS[3:-1]  # derived from the rules record; the others from the document
# "2": rows only for documents whose record states something (``states`` = 1), the only ones the table
# lists; "1" had a row for every document with a rules record (96% of them, on the bench corpus, never
# read, each one written into 17 indexes)
RULE_ROWS_VERSION = "2"
# value columns are declared without a type so each keeps the JSON type of its value (int, real, text)
RULE_ROWS_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS {table} (\n"
    "  id INTEGER PRIMARY KEY,  -- documents.id\n"
    "  doc_id TEXT NOT NULL,    -- documents.uid\n"
    "  title TEXT, genre TEXT, source TEXT,\n"
    "  states INTEGER NOT NULL, -- 1: the record states something (posts, positions, stages, scoring, age limit);\n"
    "                           -- only such documents have a row (RULE_ROWS_VERSION 2)\n"
    + "".join(f"  {c},\n" for c in RULE_VALUE_COLUMNS).rstrip(",\n") + "\n);\n")
# every sortable column: the table's query is ``WHERE states = 1 ORDER BY c IS NULL, c, doc_id LIMIT ...``
RULE_ROWS_INDEXES = "".join(f"CREATE INDEX IF NOT EXISTS rule_rows_{c} ON rule_rows(states, {c} IS NULL, {c}, doc_id);\n"
                            for c in RULE_TABLE_COLUMNS if c != "doc_id")
RULE_ROWS_INDEXES += "CREATE INDEX IF NOT EXISTS rule_rows_doc_id ON rule_rows(states, doc_id);\n"
RULE_ROWS_INSERT = (f"INSERT INTO {{table}} (id, doc_id, title, genre, source, states, {', '.join(RULE_VALUE_COLUMNS)})"
                     f" VALUES ({', '.join('?' * (6 + len(RULE_VALUE_COLUMNS)))})")


# --- the reuse index (created and dropped by ``jianghua.reuse.tables`` with its index) ---

# The name of the definitions that produce the reuse tables, stored in ``reuse_meta`` by the build (and
# read by ``reuse_index`` for ``verify``; ``jianghua.reuse.params`` gives it to the build). An index built
# by another version is rebuilt whole, never updated. v2: the incremental index (units, LSH runs,
# alignment edges kept in the corpus), groups linked to their first members (``max_group_pairs``),
# cluster ids that are the fold order of their first node. v3: passages snapped to clause boundaries
# (``snap``), nested spans of a paragraph joined (``nested_span``). v4: a shorter span at the head or the
# tail of a longer one joined whatever its share (``nested_edge``). v5: whole sentences shared word for
# word but shorter than ``min_match_chars`` (from ``min_sentence_chars``) are passages. v6: the index keeps
# each component's pages per site (``reuse_comp_sites``), so a component whose classes only gained members
# is described from its new occurrences (results unchanged; an index without that table cannot be updated).
REUSE_VERSION = "reuse.v6"

REUSE_RESULT_TABLES = ("doc_clusters", "passage_occurrences", "passage_clusters", "substitutions")
REUSE_INDEX_TABLES = ("reuse_docs", "reuse_classes", "reuse_members", "reuse_texts", "reuse_units", "reuse_lsh", "reuse_edges",
                      "reuse_nodes", "reuse_comps", "reuse_comp_sites", "reuse_dup_pairs", "reuse_subst_dup", "reuse_subst_pass")
REUSE_TABLES = ("reuse_meta", *REUSE_RESULT_TABLES, *REUSE_INDEX_TABLES)  # every table the build owns, in the order they can be dropped

REUSE_SCHEMA = """
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
CREATE TABLE IF NOT EXISTS reuse_comp_sites (  -- every component's pages per site (its occurrences')
  comp INTEGER NOT NULL,
  site TEXT,
  pages INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS reuse_comp_sites_comp ON reuse_comp_sites(comp);
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
