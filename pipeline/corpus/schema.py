"""Every table of a corpus database, defined in one place: what ``Corpus`` creates and migrates.

- ``TABLES``: the ledger (``files``, whose layout ``LEDGER_VERSION`` names), ``pages``, ``documents``,
  ``sections``, ``paragraphs``, ``sentences``, ``removed``, ``runs``, ``meta`` and the character index
  ``para_fts``; every statement ``IF NOT EXISTS``, so running it again adds only what is missing.
- ``ADDED_COLUMNS``: columns added to those tables after corpora of schema version 1 were made.
- ``RULE_ROWS_*``: the campaign-rules table, a table derived from ``documents.rules`` and rebuilt when its
  definition (``RULE_ROWS_VERSION``) changes.
- The reuse index's tables are defined by the reuse package (``jianghua.reuse.tables``), which builds
  and drops them with its index.

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
