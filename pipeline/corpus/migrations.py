"""The numbered migrations of a corpus database, and its schema version.

``meta.schema_version`` is the number of the last migration a database has had. ``Corpus`` checks it on
every open: a database of a newer version is refused (D402), one of an older version is migrated when
opened writable (``ingest``, ``reuse``, ``migrate``) and refused read-only, with the advice to migrate
it (a query never writes). Each migration says in words what it applies (``jianghua migrate`` prints
it) and returns what it changed in this database.

Adding a migration: append ``Migration(N + 1, ...)`` whose ``run`` changes a database of version N into
one of version N + 1 (``ALTER TABLE``, a new table, a rebuilt one), change ``schema.TABLES`` so a new
corpus is made that way at once, and add a test that opens a database of version N.

Migration 1 made the schema of version 1. Databases of version 1 were made by several builds before
migrations were numbered; its ``run`` brings any of them to this build's version 1 (the ledger's layout
2, the tables and indexes added since, the columns added since), and runs on every writable open.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from .ledger import ledger_ready, migrate_ledger
from .schema import ADDED_COLUMNS, TABLES


@dataclass(frozen=True)
class Migration:
    number: int
    name: str
    applies: str  # what it does, in words
    run: Callable[[sqlite3.Connection], list[str]]  # changes a database of version number - 1; what it changed


def _objects(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'index')"
                                       " AND name NOT LIKE 'sqlite_%'")}


def _version_1(conn: sqlite3.Connection) -> list[str]:
    changed = []
    if not ledger_ready(conn):
        migrate_ledger(conn)
        changed.append("files: rebuilt in ledger layout 2")
    before = _objects(conn)
    conn.executescript(TABLES)  # every statement is IF NOT EXISTS: adds what a newer build of version 1 has
    changed += [f"added {name}" for name in sorted(_objects(conn) - before)]
    for table, column, declaration in ADDED_COLUMNS:
        if column not in {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}:
            with conn:
                conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {declaration}")
            changed.append(f"added {table}.{column}")
    return changed


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial", "the tables of schema.TABLES (ledger layout 2), their indexes, and the columns added"
                            " to them since the first corpora of version 1 (removed.score, pages.versions)", _version_1),
)
SCHEMA_VERSION = MIGRATIONS[-1].number


def pending(version: int) -> list[Migration]:
    """The migrations a database of ``version`` has not had (version 1's upkeep always: see above)."""
    return [m for m in MIGRATIONS if m.number > version or m.number == version == 1]


def migrate(conn: sqlite3.Connection, version: int) -> list[tuple[Migration, list[str]]]:
    """Run the migrations a database of ``version`` has not had, in order, each raising
    ``meta.schema_version`` to its number; returns each with what it changed."""
    done = []
    for migration in pending(version):
        changed = migration.run(conn)
        if migration.number > version:
            with conn:
                conn.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (str(migration.number),))
        done.append((migration, changed))
    return done
