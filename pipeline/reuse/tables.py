"""The reuse tables: what the build writes into the corpus (defined in ``corpus.schema``), and its state.

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
from collections.abc import Iterator
from typing import Any

import numpy as np

from ..corpus.ledger import REUSE_STATE_KEY
from ..corpus.reuse_index import reuse_meta
from ..corpus.schema import REUSE_SCHEMA, REUSE_TABLES
from ..errors import JianghuaError
from .params import REUSE_VERSION, ReuseParams

# the tables themselves (``REUSE_SCHEMA``) are defined with every other table of the corpus, in ``corpus.schema``
TABLES = REUSE_TABLES  # every table the build owns, in the order they can be dropped

# reuse_meta keys. ``state``: "building" from the start of a build (committed on its own) until the
# build's transaction commits "complete"; a build stopped in between left the tables as they were
# before it (one transaction), and the next build goes on from there.
STATE_BUILDING = "building"
STATE_COMPLETE = "complete"


def create(db: sqlite3.Connection) -> None:
    """Create what is missing, inside the caller's transaction (``executescript`` would commit it)."""
    for statement in REUSE_SCHEMA.split(";\n"):
        lines = [line for line in statement.splitlines() if line.strip() and not line.lstrip().startswith("--")]
        if lines:
            db.execute(statement)


def drop(db: sqlite3.Connection) -> None:
    for table in TABLES:
        db.execute(f"DROP TABLE IF EXISTS {table}")


def exists(db: sqlite3.Connection) -> bool:
    return db.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='reuse_meta'").fetchone() is not None


def meta(db: sqlite3.Connection) -> dict[str, str]:
    return reuse_meta(db)


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


ROWS_CHUNK = 20_000  # rows converted between SQLite and numpy at a time (as tuples ~300 bytes a row: 6 MB)


def array_of(cursor: sqlite3.Cursor, width: int) -> np.ndarray:
    """A query's integer rows as an array, read in chunks (never a list of all rows as tuples)."""
    blocks = []
    while rows := cursor.fetchmany(ROWS_CHUNK):
        blocks.append(np.array(rows, dtype=np.int64).reshape(-1, width))
    return np.concatenate(blocks) if blocks else np.zeros((0, width), dtype=np.int64)


def rows_of(array: np.ndarray) -> Iterator[list[int]]:
    """An array's rows as lists of Python ints for ``executemany``, converted a chunk at a time."""
    for start in range(0, len(array), ROWS_CHUNK):
        yield from array[start:start + ROWS_CHUNK].tolist()
