"""What the corpus knows of the reuse index it holds (tables defined in ``schema``, built by
``jianghua.reuse``): the version and state the build recorded, how far the index covers the documents
as they are, and ``verify``'s check of it. Read here, below the reuse package, so that ``Corpus.verify``
and the reuse build both read one answer and imports flow one way (the build imports the corpus).
"""

from __future__ import annotations

import sqlite3
from typing import Any, Protocol

from .ledger import reuse_state
from .schema import REUSE_VERSION


class Corpus(Protocol):
    """What is read here of a ``store.Corpus``: its connection (no import of the store, which reads this)."""

    db: sqlite3.Connection


def reuse_meta(db: sqlite3.Connection) -> dict[str, str]:
    """The ``reuse_meta`` rows (version, params, state of the last build ...); empty with no index."""
    try:
        return dict(db.execute("SELECT key, value FROM reuse_meta").fetchall())
    except sqlite3.OperationalError as exc:
        if not _no_table(exc):  # a locked or damaged database is no "no index"
            raise
        return {}


def _no_table(exc: sqlite3.OperationalError) -> bool:
    return str(exc).startswith("no such table")


def index_status(corpus: Corpus) -> dict[str, Any]:
    """Whether the reuse index covers the corpus: ``built`` (by this version), ``state`` of the last
    build ("complete", or "building": one is running or was stopped, and the tables are as before it),
    documents ``covered``, documents not yet folded in (``behind``: the next ``ingest`` or ``reuse``
    adds them) and indexed documents no longer in the corpus (``removed``: rolled back then)."""
    meta = reuse_meta(corpus.db)
    documents = corpus.db.execute("SELECT count(*) FROM documents").fetchone()[0]
    try:  # both tables keyed by id: a row is covered when its document is there with the same uid
        indexed, covered = corpus.db.execute(
            "SELECT count(*), count(d.id) FROM reuse_docs r LEFT JOIN documents d ON d.id = r.id AND d.uid = r.uid").fetchone()
    except sqlite3.OperationalError as exc:
        if not _no_table(exc):
            raise
        indexed = covered = 0
    return {"built": meta.get("version") == REUSE_VERSION, "version": meta.get("version"), "state": meta.get("state"),
            "documents": documents, "covered": covered, "behind": documents - covered, "removed": indexed - covered}


def reuse_needed(corpus: Corpus) -> bool:
    """True when the stored reuse index does not cover the documents as they are, so ``ingest`` (or
    ``load``) brings it up to date even when no file was new: documents changed since it was built (the
    ledger's ``reuse_state`` row says ``stale``), a build was interrupted (``building``), or the index
    was built by another version or lags behind the documents."""
    if reuse_state(corpus.db) is not None:
        return True
    status = index_status(corpus)
    return bool(status["version"]) and (not status["built"] or bool(status["behind"] or status["removed"]))


def coverage(corpus: Corpus) -> tuple[bool, str]:
    """``verify``'s check of the reuse index against the documents: (ok, detail)."""
    state = reuse_state(corpus.db) or ""
    interrupted = state.startswith("building")
    status = index_status(corpus)
    if status["version"] is None:
        if interrupted:
            return False, "a reuse build was interrupted before it wrote the index: run 'jianghua reuse'"
        return True, "no reuse index built"
    if not status["built"]:
        return False, f"the reuse index was built by {status['version']}; this jianghua reads {REUSE_VERSION}: run 'jianghua reuse'"
    detail = f"the reuse index covers {status['covered']} of {status['documents']} documents"
    if status["removed"]:
        detail += f" and {status['removed']} that are no longer in the corpus"
    if interrupted:
        detail += "; a reuse build was interrupted"
    ok = not status["behind"] and not status["removed"] and not interrupted
    return ok, detail + ("" if ok else ": run 'jianghua reuse'")
