"""The ledger (table ``files``): one current row per input file, older versions kept as history.

- A file is named by its canonical path (``canonical_path``): its folder resolved, so the same folder
  given by a relative path, through a symlink or from another working directory is the same files.
  A name whose bytes are not UTF-8 (a GBK archive's names) is stored as text with those bytes written
  ``\\xNN`` (``path_text``), so SQLite can hold it and a terminal can show it.
- A path has at most one *current* row (status other than ``superseded``; a partial unique index holds
  it). A file that could not be read has a NULL sha256: it never collides with another row.
- When a path gets a new outcome, its current row is *retired* (``retire``) in the same transaction:
  a row that described a failed attempt (status ``error``, or the same bytes again) is deleted; a row
  that described other bytes becomes ``superseded`` (history), and the page and documents it had go
  with it -- unless another file was a duplicate of those bytes, which then inherits them.
- ``migrate_ledger`` brings a ledger built before this layout (``UNIQUE (path, sha256)``, an empty
  sha256 for unreadable files, several current rows for an edited file) up to it, once.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable

from .fts import fts_chars
from .schema import FILES_INDEXES, FILES_TABLE, LEDGER_VERSION

_COLUMNS = "id, path, sha256, size, status, code, message, encoding, site, duplicate_of, run_id, ingested_at"


def path_text(path: str) -> str:
    """The ledger's text for an OS path. ``os.fsdecode`` keeps bytes that are not UTF-8 as lone
    surrogates, which SQLite (and a terminal) cannot take: such a name is written with those bytes as
    ``\\xNN`` (``b'\\xb8\\xc9.txt'`` -> ``\\xb8\\xc9.txt``); any other name is itself."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(path).decode("utf-8", "backslashreplace")
    return path


def canonical_path(path: str | os.PathLike[str]) -> str:
    """The path with its folder resolved (symlinks, ``..``, the working directory) and its own name kept:
    a symlinked file is a name of its own, a dangling symlink or a loop still has a path."""
    absolute = os.path.abspath(os.fspath(path))
    folder, name = os.path.split(absolute)
    return os.path.join(os.path.realpath(folder), name) if name else os.path.realpath(absolute)


def current_row(conn: sqlite3.Connection, path: str) -> sqlite3.Row | None:
    """The path's current ledger row (None when the path has none)."""
    return conn.execute("SELECT * FROM files WHERE path=? AND status != 'superseded'", (path,)).fetchone()


def retire(conn: sqlite3.Connection, row: sqlite3.Row, sha256: str | None) -> int | None:
    """Make way for a new outcome of ``row``'s path whose bytes hash to ``sha256`` (None: unreadable).
    Call inside the transaction that inserts the new row. Returns the id of a row whose duplicates
    must point to the new row: the same bytes processed again (by newer stages), whose old page goes."""
    if row["status"] == "error" or (row["status"] != "ingested" and sha256 is not None and row["sha256"] == sha256):
        conn.execute("DELETE FROM files WHERE id=?", (row["id"],))  # a failed attempt, or the same bytes tried again
        return None
    if row["status"] == "ingested" and sha256 is not None and row["sha256"] == sha256:
        page = conn.execute("SELECT id FROM pages WHERE file_id=?", (row["id"],)).fetchone()
        if page is not None:
            remove_pages(conn, [page["id"]])
        conn.execute("UPDATE files SET status='superseded' WHERE id=?", (row["id"],))
        return int(row["id"])
    if row["status"] == "ingested":
        _release_page(conn, row)
    conn.execute("UPDATE files SET status='superseded' WHERE id=?", (row["id"],))
    return None


def _release_page(conn: sqlite3.Connection, row: sqlite3.Row) -> None:
    """The page of a version that is no longer current: to the first file that was a duplicate of those
    bytes (it becomes the ingested copy, the other duplicates point to it), else removed."""
    heir = conn.execute("SELECT id, path, site FROM files WHERE duplicate_of=? AND status='duplicate' ORDER BY id LIMIT 1",
                        (row["id"],)).fetchone()
    page = conn.execute("SELECT id FROM pages WHERE file_id=?", (row["id"],)).fetchone()
    if heir is None:
        if page is not None:
            remove_pages(conn, [page["id"]])
        return
    conn.execute("UPDATE files SET status='ingested', code=?, message=?, encoding=?, duplicate_of=NULL WHERE id=?",
                 (row["code"], row["message"], row["encoding"], heir["id"]))
    conn.execute("UPDATE files SET duplicate_of=? WHERE duplicate_of=? AND id != ?", (heir["id"], row["id"], heir["id"]))
    if page is not None:
        conn.execute("UPDATE pages SET file_id=?, site=? WHERE id=?", (heir["id"], heir["site"], page["id"]))
        conn.execute("UPDATE rule_rows SET source=? WHERE id IN (SELECT id FROM documents WHERE page_id=?)",
                     (heir["path"], page["id"]))
        mark_reuse_stale(conn)  # the documents' site may have changed


def remove_pages(conn: sqlite3.Connection, page_ids: Iterable[int]) -> int:
    """Delete pages with everything derived from them: documents, sections, paragraphs (and their rows
    of the contentless character index, deleted with the values they were indexed with), sentences,
    removed lines, rules-table rows, and the documents' rows in the reuse results (duplicate clusters,
    passage occurrences). The reuse index's own record of the documents it folded in (``reuse_docs``)
    stays: the next build sees which are gone and rolls the index back to before the first of them.
    Returns documents."""
    removed_docs = 0
    reuse_tables = {r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name IN ('doc_clusters','passage_occurrences')")}
    for page_id in page_ids:
        docs = conn.execute("SELECT id, uid FROM documents WHERE page_id=?", (page_id,)).fetchall()
        for doc_id, uid in docs:
            conn.executemany("INSERT INTO para_fts(para_fts, rowid, chars) VALUES('delete', ?, ?)",
                             [(pid, fts_chars(text)) for pid, text in
                              conn.execute("SELECT id, text FROM paragraphs WHERE doc_id=?", (doc_id,))])
            for table in ("sentences", "paragraphs", "sections"):
                conn.execute(f"DELETE FROM {table} WHERE doc_id=?", (doc_id,))
            conn.execute("DELETE FROM rule_rows WHERE id=?", (doc_id,))
            conn.execute("UPDATE documents SET duplicate_of=NULL WHERE duplicate_of=?", (uid,))
            for table in ("doc_clusters", "passage_occurrences"):
                if table in reuse_tables:
                    conn.execute(f"DELETE FROM {table} WHERE doc_id=?", (uid,))
        conn.execute("DELETE FROM documents WHERE page_id=?", (page_id,))
        conn.execute("DELETE FROM removed WHERE page_id=?", (page_id,))
        conn.execute("DELETE FROM pages WHERE id=?", (page_id,))
        removed_docs += len(docs)
    if removed_docs:
        mark_reuse_stale(conn)
    return removed_docs


# --- the reuse index's state -------------------------------------------------------------------------
# meta.reuse_state: absent when the reuse tables were built over the documents as they are; "stale"
# once documents were added or removed since; "building <token>" while a build runs (written, and
# committed, before it starts; cleared in the transaction that writes its tables, and only if no
# document changed meanwhile). Whatever a kill or Ctrl-C interrupts, the row stays and says so.
REUSE_STATE_KEY = "reuse_state"


def mark_reuse_stale(conn: sqlite3.Connection) -> None:
    """Record, in the transaction changing documents, that the reuse index no longer covers them."""
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, 'stale')", (REUSE_STATE_KEY,))


def reuse_state(conn: sqlite3.Connection) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key=?", (REUSE_STATE_KEY,)).fetchone()
    return row[0] if row else None


# --- migration -----------------------------------------------------------------------------------------

def ledger_ready(conn: sqlite3.Connection) -> bool:
    row = conn.execute("SELECT value FROM meta WHERE key='ledger_version'").fetchone()
    return row is not None and row[0] == LEDGER_VERSION


def migrate_ledger(conn: sqlite3.Connection) -> None:
    """Rebuild an earlier ``files`` table in this layout (SQLite cannot drop a constraint in place):
    empty sha256 -> NULL; of several current rows of one path the newest stays current, the older are
    retired as a new outcome would retire them (an edited file's old documents go). One transaction."""
    conn.commit()
    conn.execute("PRAGMA foreign_keys=OFF")  # the table is replaced under pages' references (same ids)
    try:
        with conn:
            conn.execute("BEGIN")  # sqlite3 opens none before DDL
            conn.execute("DROP TABLE IF EXISTS files_new")
            conn.execute(FILES_TABLE.replace("files (", "files_new (", 1).replace("IF NOT EXISTS ", ""))
            conn.execute(f"INSERT INTO files_new ({_COLUMNS}) SELECT id, path, NULLIF(sha256, ''), size, status, code,"
                         " message, encoding, site, duplicate_of, run_id, ingested_at FROM files ORDER BY id")
            conn.execute("DROP TABLE files")
            conn.execute("ALTER TABLE files_new RENAME TO files")
            for path, in conn.execute("SELECT path FROM files WHERE status != 'superseded' GROUP BY path"
                                      " HAVING count(*) > 1").fetchall():
                rows = conn.execute("SELECT * FROM files WHERE path=? AND status != 'superseded' ORDER BY id DESC",
                                    (path,)).fetchall()
                for older in rows[1:]:
                    retire(conn, older, rows[0]["sha256"])
            for statement in FILES_INDEXES.strip().splitlines():
                conn.execute(statement)
            conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('ledger_version', ?)", (LEDGER_VERSION,))
    finally:
        conn.execute("PRAGMA foreign_keys=ON")
