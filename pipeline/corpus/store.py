"""Stage ``store`` and the corpus database: SQLite in WAL mode with a schema version.

Tables: ``files`` (the ledger: one row per input file), ``pages``, ``documents``, ``sections``,
``paragraphs``, ``sentences``, ``removed`` (furniture taken off each page, with its reason), and
``para_fts``, an FTS5 index over the characters of every paragraph: each Han character (and each
other letter or digit) is its own token, so a phrase query finds every substring occurrence, which
a word index cannot (干部 inside 领导干部). The index is contentless; text lives in ``paragraphs``.
A file's ledger row and everything derived from it are written all or nothing (``Corpus.transaction``).
"""

from __future__ import annotations

import itertools
import json
import os
import re
import sqlite3
import stat
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any
from urllib.request import pathname2url

from .. import errors
from ..document import Page, document_uid
from ..errors import JianghuaError
from .fts import OTHER_TOKEN, fts_chars, fts_chars_many, fts_query_chars  # noqa: F401 (the corpus's API)
from .ledger import current_row, mark_reuse_stale, retire
from .migrations import SCHEMA_VERSION, Migration, migrate
from .reads import Reads
from .reuse_index import coverage
from .schema import (  # noqa: F401 (RULE_TABLE_COLUMNS: the corpus's API, defined with the table)
    CHILD_INDEX_NAMES,
    CHILD_INDEXES,
    LEDGER_VERSION,
    RULE_ROWS_INDEXES,
    RULE_ROWS_INSERT,
    RULE_ROWS_SCHEMA,
    RULE_ROWS_VERSION,
    RULE_TABLE_COLUMNS,
    RULE_VALUE_COLUMNS,
    TABLES,
)

# Page cache of a writable connection, in KiB (SQLite's default is 2 MiB): the writer's inserts touch
# the right edge of every table and index and the FTS5 segments being merged; with the default cache
# those pages are read back from the OS again and again once the database passes a few hundred MB
# (writing 10 MB of pages into a 614 MB corpus: 3.05-3.30 s of CPU with the default, 2.58-2.96 s with
# 64 MiB). Allocated as used, so small corpora do not pay for it.
WRITER_CACHE_KIB = 65536
# A search stops after this many seconds (Q735; ``Corpus.time_limit``): 3,000 OR-ed copies of a term, or a
# phrase of one common character repeated hundreds of times, make FTS5 merge the same long position
# list over and over (a phrase of 500 repetitions of 的: 4.3 s on 12 MB of the bench corpus's laws,
# minutes on all of it). The web workbench sets a shorter limit per request.
QUERY_SECONDS = 60.0
# SQLite virtual-machine steps between two looks at the clock (the progress handler): about a millisecond
TIME_LIMIT_STEPS = 10_000


def _at(record: Any, *path: str | int) -> Any:
    """The value at ``path`` in a JSON record (dict keys, list indexes), None where it is missing."""
    for key in path:
        if isinstance(key, int):
            if not isinstance(record, list) or len(record) <= key:
                return None
            record = record[key]
        else:
            if not isinstance(record, dict):
                return None
            record = record.get(key)
    if isinstance(record, (dict, list)):
        return json.dumps(record, ensure_ascii=False, separators=(",", ":"))
    return record


def _nonempty_list(value: Any) -> bool:
    return isinstance(value, list) and len(value) > 0


def rule_values(rules: dict[str, Any]) -> dict[str, Any]:
    """The rules table's columns derived from one document's rules record (``RULE_VALUE_COLUMNS``),
    and ``states``: 1 when the record states something (a post count, positions, stages, a scoring
    scale or components, an age limit); only those documents are listed."""
    scoring: dict[str, Any] = rules["scoring"] if isinstance(rules.get("scoring"), dict) else {}
    components = [c for s in scoring.get("component_sets") or [] if isinstance(s, dict)
                  for c in s.get("components") or [] if isinstance(c, dict)]
    raters = [r for r in scoring.get("rater_weights") or [] if isinstance(r, dict)]
    eligibility: dict[str, Any] = rules["eligibility"] if isinstance(rules.get("eligibility"), dict) else {}
    states = (_at(rules, "position_counts", "total") is not None or _nonempty_list(rules.get("positions"))
              or _nonempty_list(rules.get("stages")) or scoring.get("scale") is not None
              or _nonempty_list(scoring.get("component_sets")) or _nonempty_list(eligibility.get("max_age")))
    return {
        "organization": _at(rules, "organization", "name"),
        "date_of_text": _at(rules, "date_of_text", "value"),
        "posts": _at(rules, "position_counts", "total", "value"),
        "principal": _at(rules, "position_counts", "principal", "value"),
        "deputy": _at(rules, "position_counts", "deputy", "value"),
        "max_age": _at(rules, "eligibility", "max_age", 0, "years"),
        "education": _at(rules, "eligibility", "education", 0, "minimum"),
        "score_weights": "; ".join(f"{c.get('name')} {c.get('weight')}" for c in components) or None,
        "rater_weights": "; ".join(f"{'/'.join(r.get('groups') or [])} {':'.join(str(x) for x in r.get('ratio') or [])}"
                                   for r in raters) or None,
        "publicity_days": _at(rules, "ratios_and_periods", "publicity", 0, "days"),
        "term_years": _at(rules, "ratios_and_periods", "term", 0, "years"),
        "inspection_ratio": _at(rules, "ratios_and_periods", "inspection_ratio", 0, "ratio"),
        "states": int(bool(states)),
    }


def _rule_row_values(uid: str, rules: dict[str, Any]) -> tuple[str, str] | None:
    """A document's rules-table values as ``page_rows`` carries them (``RULE_ROW``): its uid and the
    values as JSON text, so each value keeps its type through Parquet shards too (a column of ints and
    reals would come back all reals). None when the record states nothing: the table lists only
    documents that state rules."""
    values = rule_values(rules)
    return (uid, json.dumps(values, ensure_ascii=False)) if values["states"] else None


RULE_STATES_AT = 5  # where ``states`` is in a ``_rule_row`` tuple


def _rule_row(doc_id: int, uid: str, title: str | None, genre: str | None, source: str | None,
              values: dict[str, Any]) -> tuple[Any, ...]:
    return (doc_id, uid, title, genre, source, values["states"], *(values[c] for c in RULE_VALUE_COLUMNS))


# documents' columns as readers see them: ``original`` is filled in where it is stored as NULL
DOC_COLUMNS = ("d.id, d.uid, d.page_id, d.ordinal, d.title, d.title_original, d.text, coalesce(d.original_text, d.text) AS original,"
               " d.offset_map, d.script, d.complete, d.flags, d.n_chars, d.extra, d.genre, d.genre_confidence, d.topic,"
               " d.topic_confidence, d.low_confidence, d.classification, d.rules, d.organization, d.year, d.duplicate_of")


DOCUMENT_FIELDS = ("uid", "ordinal", "title", "title_original", "text", "original_text", "offset_map", "script",
                   "complete", "flags", "n_chars", "extra", "genre", "genre_confidence", "topic", "topic_confidence",
                   "low_confidence", "classification", "rules", "organization", "year", "duplicate_of")

# The rows ``page_rows`` makes are tuples, one per table row, their values in these orders (the shards of
# ``jianghua load`` hold the same values by column name: ``row_tuples`` turns them back). A tuple per
# row, not a dict: half the time to build, and the writer passes most of it to SQLite as it is.
REMOVED_ROW = ("line", "code", "text", "score")
DOCUMENT_ROW = DOCUMENT_FIELDS
SECTION_ROW = ("doc_uid", "ordinal", "number", "parent_ordinal", "level", "marker", "heading", "start", "end", "role")
PARAGRAPH_ROW = ("doc_uid", "ordinal", "section_ordinal", "kind", "start", "end", "text", "words", "fts")
SENTENCE_ROW = ("doc_uid", "paragraph_ordinal", "start", "end")
RULE_ROW = ("doc_uid", "values")
ROW_COLUMNS = {"removed": REMOVED_ROW, "documents": DOCUMENT_ROW, "sections": SECTION_ROW, "paragraphs": PARAGRAPH_ROW,
               "sentences": SENTENCE_ROW, "rule_rows": RULE_ROW}
_DOC_N_CHARS, _DOC_TITLE, _DOC_GENRE, _DOC_RULES = (DOCUMENT_ROW.index(c) for c in ("n_chars", "title", "genre", "rules"))
_PAR_TEXT, _PAR_FTS = PARAGRAPH_ROW.index("text"), PARAGRAPH_ROW.index("fts")


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def page_rows(page: Page, fts: bool = False) -> dict[str, Any]:
    """Everything the store keeps of one page, as plain rows keyed by document uid (no database ids),
    so the same rows go into SQLite directly or through Parquet shards (``jianghua load``): ``page`` a
    dict, every other table a list of tuples (``ROW_COLUMNS`` names their values). With ``fts``,
    paragraphs carry their FTS form too (computed in the worker, not by the single writer; None without)."""
    documents: list[tuple[Any, ...]] = []
    sections: list[tuple[Any, ...]] = []
    paragraphs: list[tuple[Any, ...]] = []
    sentences: list[tuple[Any, ...]] = []
    rule_rows: list[tuple[str, str]] = []
    texts = [doc.text[p.start:p.end] for doc in page.documents for p in doc.paragraphs]
    forms = iter(fts_chars_many(texts) if fts else [None] * len(texts))
    text_of = iter(texts)
    for doc in page.documents:
        uid = document_uid(page.sha256, doc.ordinal)
        classification = doc.classification or {}
        rules = doc.rules
        documents.append((
            uid, doc.ordinal, doc.title, doc.title_original, doc.text, doc.original if doc.original != doc.text else None,
            json.dumps(doc.omap.to_json()), doc.script, int(doc.complete), json.dumps(doc.flags, ensure_ascii=False),
            len(doc.text),
            json.dumps({k: v for k, v in (("first_line", doc.first_line), ("last_line", doc.last_line),
                                          ("organization", doc.organization), ("year", doc.year)) if v is not None},
                       ensure_ascii=False),
            classification.get("genre"), classification.get("genre_confidence"), classification.get("topic"),
            classification.get("topic_confidence"),
            None if not classification else int(bool(classification.get("low_confidence"))),
            _json(classification or None), _json(rules), doc.organization, doc.year, None))
        if rules is not None and (rule_row := _rule_row_values(uid, rules)) is not None:
            rule_rows.append(rule_row)
        roles = classification.get("section_roles") or []
        n_roles = len(roles)
        sections.extend((uid, ordinal, s.number, s.parent + 1 if s.parent is not None else None, s.level, s.marker,
                         s.heading, s.start, s.end, roles[ordinal - 1] if ordinal <= n_roles else None)
                        for ordinal, s in enumerate(doc.sections, 1))
        paragraphs.extend((uid, ordinal, p.section + 1 if p.section is not None else None, p.kind, p.start, p.end,
                           next(text_of), " ".join(p.words), next(forms))
                          for ordinal, p in enumerate(doc.paragraphs, 1))
        sentences.extend((uid, ordinal, start, end) for ordinal, p in enumerate(doc.paragraphs, 1)
                         for start, end in p.sentences)
    return {
        "page": {"site": page.site, "title": page.title, "script": page.script, "is_html": int(page.is_html),
                 "encoding": page.encoding, "repairs": json.dumps(page.repairs, ensure_ascii=False),
                 "flags": json.dumps(page.flags, ensure_ascii=False), "versions": page.versions or None},
        "removed": [(r.line, r.code, r.text, r.score) for r in page.removed],
        "documents": documents, "sections": sections, "paragraphs": paragraphs, "sentences": sentences,
        "rule_rows": rule_rows,
    }


def row_tuples(table: str, rows: Iterable[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """Rows of ``table`` given by column name (a Parquet shard's) as ``page_rows`` makes them; a column
    a shard of an older build lacks (``removed.score``, ``paragraphs.fts``) is None."""
    columns = ROW_COLUMNS[table]
    return [tuple(row.get(c) for c in columns) for row in rows]


def row_dicts(table: str, rows: Iterable[tuple[Any, ...]]) -> list[dict[str, Any]]:
    """``page_rows``' tuples of ``table`` by column name (for a Parquet shard)."""
    columns = ROW_COLUMNS[table]
    return [dict(zip(columns, row, strict=True)) for row in rows]


_FTS_INSERT = "INSERT INTO para_fts (rowid, chars) VALUES (?, ?)"


def default_db() -> str:
    import os

    return os.environ.get("JIANGHUA_DB", "jianghua.db")


# What SQLite's result codes mean for a corpus: the primary code (the low byte) of an sqlite3 error.
_SQLITE_CORRUPT, _SQLITE_NOTADB, _SQLITE_READONLY, _SQLITE_CANTOPEN = 11, 26, 8, 14
# Damage SQLite reports without the CORRUPT code: a text column that is not UTF-8, FTS5 unable to
# read its own configuration.
_DAMAGE_MESSAGES = ("malformed", "corrupt", "could not decode to utf-8", "vtable constructor failed")


def sqlite_primary_code(exc: BaseException) -> int | None:
    """SQLite's primary result code of an exception (the low byte of the extended code), or None when
    it has none (errors the sqlite3 module raises itself, such as a text column that is not UTF-8)."""
    code = getattr(exc, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def damaged(path: str, detail: str) -> JianghuaError:
    return errors.D430.error(path=path, reason=detail)


def corpus_error(path: str, exc: Exception, writing: bool = False) -> JianghuaError:
    """The coded error for an exception met while opening or reading the corpus at ``path``: D430 when
    SQLite found damage (or a stored JSON column does not parse), D402 for a file that is not an SQLite
    database, D433 for a write to a read-only database, else D403 for a write that failed and D432 for
    a read (permissions, I/O).
    The one place the CLI and the web turn SQLite's exceptions into messages."""
    primary = sqlite_primary_code(exc)
    text = str(exc)
    if isinstance(exc, json.JSONDecodeError) or primary == _SQLITE_CORRUPT or any(m in text.lower() for m in _DAMAGE_MESSAGES):
        return damaged(path, text)
    if primary == _SQLITE_NOTADB or "not a database" in text:
        return errors.D402.error(path=path)
    if writing and (primary == _SQLITE_READONLY or "readonly" in text):
        return errors.D433.error(path=path, reason=text)
    if writing:
        return errors.D403.error(path=path, reason=text)
    return errors.D432.error(path=path, reason=text)


class Corpus(Reads):
    """A corpus database.

    Opened only if it is a jianghua corpus: a file holding anything else is refused with D402 and never
    written to (no schema is put into another application's SQLite database). ``Corpus(path)`` (for
    ``ingest`` and ``load``) makes a new corpus where there is no file yet, or in an empty one (0 bytes,
    or an SQLite database without a single table: what ``touch`` or a fresh ``sqlite3`` file gives);
    ``create=False`` (``reuse``, ``migrate``) and ``readonly`` (``verify`` and every query) want an
    existing corpus: D401 for a missing file, D402 for an empty one. A read-only connection never
    writes: on a read-only file or folder it opens the database as immutable when no write-ahead log
    holds changes.

    The statements behind the research queries (browse, export, search, textstat) are its methods too,
    written in ``reads.Reads``."""

    def __init__(self, path: str | Path, readonly: bool = False, create: bool = True, older: bool = False):
        self.path = str(path)
        self.readonly = readonly
        self.older = older  # read-only: also a database of an older schema version (migrate's look before it migrates)
        self.immutable = False  # opened read-only as immutable (a read-only folder; see _connect_readonly)
        self._batched = False
        self._fts_pending: list[tuple[int, str]] = []
        self.temp_rule_rows = False  # a read-only connection to a database without rule_rows filled temp.rule_rows
        self.query_seconds: float | None = QUERY_SECONDS  # the time limit of a search (None: none)
        self.migrated: list[tuple[Migration, list[str]]] = []  # what opening it writable migrated (``_migrate``)
        try:
            st = Path(self.path).stat()
        except FileNotFoundError:
            if readonly or not create:
                raise errors.D401.error(path=self.path) from None
            st = None
        except OSError as exc:
            raise errors.D432.error(path=self.path, reason=exc.strerror or exc) from exc
        if st is not None and not stat.S_ISREG(st.st_mode):
            kind = "a folder" if stat.S_ISDIR(st.st_mode) else "not a regular file"
            example = Path(self.path) / "corpus.db" if stat.S_ISDIR(st.st_mode) else "corpus.db"
            raise errors.D431.error(path=self.path, kind=kind, example=example)
        try:
            self._open(readonly, create, exists=st is not None)
        except (sqlite3.Error, json.JSONDecodeError) as exc:
            if getattr(self, "db", None) is not None:
                self.db.close()
            raise corpus_error(self.path, exc, writing=not readonly) from exc

    def _open(self, readonly: bool, create: bool, exists: bool) -> None:
        if readonly:
            self.db = self._connect_readonly()
            if not self._identify(self.db):
                raise errors.D402.error("empty", path=self.path)
        else:
            if exists:  # look before writing anything: never a journal mode or a schema put into a foreign file
                probe = self._connect_readonly()
                try:
                    is_corpus = self._identify(probe)
                finally:
                    probe.close()
                if not is_corpus and not create:
                    raise errors.D402.error("empty", path=self.path)
            self._check_writable(exists)
            self.db = sqlite3.connect(self.path)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute(f"PRAGMA cache_size=-{WRITER_CACHE_KIB}")
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA foreign_keys=ON")
        if not readonly:
            self._migrate()

    def _check_writable(self, exists: bool) -> None:
        """D433 now rather than at the first row written (in WAL mode SQLite takes even the write lock of
        a read-only file): the file, and the folder where SQLite keeps its -wal and -shm files."""
        folder = Path(self.path).parent
        if not folder.is_dir():
            raise errors.D432.error("no_folder", path=self.path, folder=folder)
        read_only = exists and not os.access(self.path, os.W_OK)
        if not read_only and not all(Path(self.path + suffix).exists() for suffix in ("-wal", "-shm")):
            read_only = not os.access(folder, os.W_OK | os.X_OK)
        if read_only:
            raise errors.D433.error("checked", path=self.path)

    def _connect_readonly(self) -> sqlite3.Connection:
        """A connection that cannot write. SQLite needs to create the -shm file beside a WAL database even
        to read it: in a read-only folder (or on a file owned by another user) that fails, and the database
        is opened as immutable instead, which is exact when no write-ahead log holds changes."""
        uri = "file:" + pathname2url(os.path.abspath(self.path))
        conn = sqlite3.connect(uri + "?mode=ro", uri=True)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # SQLite opens lazily: fail here
            return conn
        except sqlite3.OperationalError as exc:
            conn.close()
            if sqlite_primary_code(exc) not in (_SQLITE_READONLY, _SQLITE_CANTOPEN):
                raise
            wal = Path(self.path + "-wal")
            if wal.exists() and wal.stat().st_size > 0:
                raise errors.D432.error("wal", path=self.path, wal=wal.name) from exc
            conn = sqlite3.connect(uri + "?mode=ro&immutable=1", uri=True)
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            self.immutable = True
            return conn

    def _identify(self, conn: sqlite3.Connection) -> bool:
        """True for a jianghua corpus of this schema version, False for an empty file (no table at all);
        D402 for anything else, naming what was found."""
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rowid")]
        if not tables:
            return False
        version = self._version(conn)
        if version is None:
            shown = ", ".join(tables[:5]) + (", ..." if len(tables) > 5 else "")
            raise errors.D402.error("foreign", path=self.path, tables=shown)
        if version > SCHEMA_VERSION:
            raise errors.D402.error("newer", path=self.path, version=version, supported=SCHEMA_VERSION)
        if version < SCHEMA_VERSION and self.readonly and not self.older:
            raise errors.D402.error("older", path=self.path, version=version, supported=SCHEMA_VERSION)
        return True

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def time_limit(self, seconds: float | None) -> Iterator[None]:
        """Statements run inside stop once ``seconds`` have passed: SQLite's progress handler (called
        every few thousand virtual-machine steps, a negligible cost) interrupts them, and they raise
        sqlite3.OperationalError 'interrupted'. None: no limit."""
        if seconds is None:
            yield
            return
        deadline = time.monotonic() + seconds
        self.db.set_progress_handler(lambda: int(time.monotonic() > deadline), TIME_LIMIT_STEPS)
        try:
            yield
        finally:
            self.db.set_progress_handler(None, 0)

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- schema ---------------------------------------------------------------------------------
    def _migrate(self) -> None:
        """A new corpus gets every table at once (``schema.TABLES``, at ``SCHEMA_VERSION``); an existing one
        the numbered migrations it has not had (``migrations``: what each applied is kept in
        ``self.migrated``); then the rules table when its definition changed."""
        version = self._version(self.db)
        if version is None:  # a new corpus (``_open`` let only an empty file through): all tables or none
            self.db.executescript(f"BEGIN;\n{TABLES}\nINSERT OR REPLACE INTO meta VALUES ('schema_version', '{SCHEMA_VERSION}');\n"
                                  f"INSERT OR IGNORE INTO meta VALUES ('created', '{time.time()}');\n"
                                  f"INSERT OR REPLACE INTO meta VALUES ('ledger_version', '{LEDGER_VERSION}');\nCOMMIT;")
        elif version > SCHEMA_VERSION:
            raise errors.D402.error("newer", path=self.path, version=version, supported=SCHEMA_VERSION)
        else:
            try:
                self.migrated = migrate(self.db, version)
            except sqlite3.OperationalError as exc:  # e.g. an early build's table without a newer column
                raise errors.D402.error("unmigratable", path=self.path, reason=exc) from exc
            self.db.executescript(CHILD_INDEXES)  # those a first ingest killed before its end did not make
        self._migrate_rule_rows()

    def _meta(self, key: str) -> str | None:
        try:
            row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        except sqlite3.OperationalError:
            return None
        return row[0] if row else None

    def rule_rows_ready(self) -> bool:
        """True when ``rule_rows`` holds this build's rules table (``RULE_ROWS_VERSION``)."""
        return self._meta("rule_rows_version") == RULE_ROWS_VERSION

    def _migrate_rule_rows(self) -> None:
        """Create ``rule_rows`` and fill it from ``documents.rules`` when the database was built before
        the table existed, or by another definition of its columns (then it is rebuilt)."""
        if self.rule_rows_ready():
            self.db.executescript(RULE_ROWS_INDEXES)
            return
        with self.db:
            self.db.execute("DROP TABLE IF EXISTS rule_rows")
            self.db.execute(RULE_ROWS_SCHEMA.format(table="rule_rows"))
            for statement in RULE_ROWS_INDEXES.strip().splitlines():
                self.db.execute(statement)
            self.fill_rule_rows("rule_rows")
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('rule_rows_version', ?)", (RULE_ROWS_VERSION,))

    def fill_rule_rows(self, table: str = "rule_rows") -> int:
        """Insert the rules-table row of every document whose rules record states something into ``table``
        (``rule_rows``, or ``temp.rule_rows`` for a read-only database built before it); returns how many."""
        if table not in ("rule_rows", "temp.rule_rows"):
            raise ValueError(table)
        sql = RULE_ROWS_INSERT.format(table=table)
        count = 0
        rows = self._stating_rule_rows()
        while batch := list(itertools.islice(rows, 2000)):
            self.db.executemany(sql, batch)
            count += len(batch)
        return count

    def _stating_rule_rows(self) -> Iterator[tuple[Any, ...]]:
        """The rules-table row of every document whose rules record states something, in id order, as
        the stored documents give them (``fill_rule_rows`` writes them, ``verify`` compares)."""
        cursor = self.db.execute(
            "SELECT d.id, d.uid, d.title, d.genre, d.rules, f.path FROM documents d JOIN pages p ON p.id = d.page_id"
            " JOIN files f ON f.id = p.file_id WHERE d.rules IS NOT NULL ORDER BY d.id")
        while batch := cursor.fetchmany(2000):
            for r in batch:
                row = _rule_row(r[0], r[1], r[2], r[3], r[5], rule_values(json.loads(r[4])))
                if row[RULE_STATES_AT]:
                    yield row

    def stating_documents(self) -> set[int]:
        """The ids of the documents whose rules record states something (the rows of the rules table):
        what ``stats`` counts as documents with rules and ``rules --all`` lists."""
        if self.rule_rows_ready():
            return {r[0] for r in self.db.execute("SELECT id FROM rule_rows WHERE states = 1")}
        return {row[0] for row in self._stating_rule_rows()}

    def _version(self, conn: sqlite3.Connection | None = None) -> int | None:
        """The schema version in ``meta``; None when there is no such table or row (D402 for a value that
        is not a number: a damaged or edited meta table)."""
        conn = conn or self.db
        if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").fetchone() is None:
            return None
        try:
            row = conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        except sqlite3.OperationalError as exc:  # a table named meta of another application, without those columns
            if sqlite_primary_code(exc) != 1:  # SQLITE_ERROR: no such column; anything else goes up
                raise
            return None
        if row is None:
            return None
        value = str(row[0]).strip()
        if not (value.isascii() and value.isdigit() and len(value) < 10):
            raise errors.D402.error("bad_version", path=self.path, value=str(row[0])[:40])
        return int(value)

    # --- writing --------------------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All or nothing: one file's ledger row and everything derived from it. Inside ``batch``
        it is a savepoint of the batch's transaction (rolled back alone if it fails)."""
        if not self._batched:
            with self.db:
                yield self.db
            return
        pending = len(self._fts_pending)
        self.db.execute("SAVEPOINT one_file")
        try:
            yield self.db
        except BaseException:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK TO one_file")
                self.db.execute("RELEASE one_file")
                del self._fts_pending[pending:]  # this file's index rows go with it
            else:  # SQLite rolled back the whole batch itself (a full disk does): its index rows go too
                self._fts_pending.clear()
            raise
        self.db.execute("RELEASE one_file")

    @contextmanager
    def batch(self, defer_indexes: bool = False) -> Iterator[None]:
        """Commit the transactions inside together (one commit per ``checkpoint``, not per file): each
        file stays atomic as a savepoint, and what is complete is committed even when the run stops.
        With ``defer_indexes``, a corpus without a page yet has its child tables' indexes
        (``schema.CHILD_INDEXES``) made at the end instead of kept up row by row: nothing reads them
        while the first rows go in (nothing is retired from a new corpus), and if the run is killed
        first, the next writable open makes them (``_migrate``)."""
        self.db.commit()
        deferred = defer_indexes and self.db.execute("SELECT 1 FROM pages LIMIT 1").fetchone() is None
        if deferred:
            with self.db:
                for name in CHILD_INDEX_NAMES:
                    self.db.execute(f"DROP INDEX IF EXISTS {name}")
        self.db.execute("BEGIN")
        self._batched = True
        try:
            yield
        except BaseException:
            self._batched = False
            try:
                self._commit_batch()
            finally:
                if deferred:  # the run stops with its cause; failing here too, the next open makes them
                    with suppress(sqlite3.Error):
                        self.db.executescript(CHILD_INDEXES)
            raise
        self._batched = False
        self._commit_batch()
        if deferred:
            self.db.executescript(CHILD_INDEXES)

    def checkpoint(self) -> None:
        """Inside ``batch``: commit what is written so far and go on in a new transaction."""
        if self._batched:
            self._commit_batch()
            self.db.execute("BEGIN")

    def _commit_batch(self) -> None:
        """The batch's index rows, then the commit; if either fails, nothing of the batch stays."""
        try:
            if self.db.in_transaction:  # else SQLite already rolled the batch back (e.g. a full disk)
                self._flush_fts()
                self.db.commit()
        except BaseException:
            if self.db.in_transaction:
                self.db.rollback()
            raise
        finally:
            self._fts_pending.clear()

    def _flush_fts(self) -> None:
        """Inside a batch the character-index rows of complete files wait here and go in just before the
        commit, outside any savepoint: FTS5 writes its pending terms out as a new segment at every
        savepoint release, so per-file inserts made one small segment per file (and merges of them)."""
        if self._fts_pending:
            self.db.executemany(_FTS_INSERT, self._fts_pending)
            self._fts_pending.clear()

    def start_run(self, args: dict[str, Any]) -> int:
        with self.db:
            cur = self.db.execute("INSERT INTO runs (started, args) VALUES (?, ?)", (time.time(), json.dumps(args, ensure_ascii=False)))
        return int(cur.lastrowid or 0)

    def finish_run(self, run_id: int, summary: dict[str, Any]) -> None:
        with self.db:
            self.db.execute("UPDATE runs SET finished=?, summary=? WHERE id=?",
                            (time.time(), json.dumps(summary, ensure_ascii=False), run_id))

    def current_file(self, path: str) -> sqlite3.Row | None:
        """The path's current ledger row (``ledger.current_row``), None when it has none."""
        return current_row(self.db, path)

    def file_with_bytes(self, sha256: str) -> sqlite3.Row | None:
        return self.db.execute("SELECT * FROM files WHERE sha256=? AND status='ingested' ORDER BY id LIMIT 1",
                               (sha256,)).fetchone()

    def files_of_run(self, run_id: int) -> int:
        """How many ledger rows a run wrote (what an interrupted run kept)."""
        return self.db.execute("SELECT count(*) FROM files WHERE run_id=?", (run_id,)).fetchone()[0]

    def relative_files(self) -> list[sqlite3.Row]:
        """Current ledger rows stored under a relative path (ledgers written before paths were canonical)."""
        return self.db.execute("SELECT * FROM files WHERE status != 'superseded' AND substr(path, 1, 1) != '/'").fetchall()

    def rename_file(self, row: sqlite3.Row, path: str) -> None:
        """A ledger row takes another path (its canonical one), the rules table's source with it; one transaction."""
        with self.transaction() as conn:
            conn.execute("UPDATE files SET path=? WHERE id=?", (path, row["id"]))
            conn.execute("UPDATE rule_rows SET source=? WHERE source=?", (path, row["path"]))

    def add_file(self, conn: sqlite3.Connection, *, path: str, sha256: str | None, size: int, status: str, code: str,
                 message: str, encoding: str | None = None, site: str | None = None,
                 duplicate_of: int | None = None, run_id: int | None = None) -> int:
        """The path's new current ledger row; the row it had is retired first (``ledger.retire``: an
        earlier version's documents go, its row stays as ``superseded``)."""
        current = current_row(conn, path)
        followed = retire(conn, current, sha256) if current is not None else None
        cur = conn.execute(
            "INSERT INTO files (path, sha256, size, status, code, message, encoding, site, duplicate_of, run_id, ingested_at)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (path, sha256, size, status, code, message, encoding, site, duplicate_of, run_id, time.time()))
        file_id = int(cur.lastrowid or 0)
        if followed is not None:  # the same bytes processed again: their duplicates follow the new row
            conn.execute("UPDATE files SET duplicate_of=? WHERE duplicate_of=? AND status='duplicate'", (file_id, followed))
        return file_id

    def made_by_older_stages(self, file_id: int, versions: str) -> bool:
        """True when the page of the ingested file ``file_id`` was made by other stages or data than
        ``versions`` (``stages.versions_json``), or by a build that did not record them."""
        row = self.db.execute("SELECT versions FROM pages WHERE file_id=?", (file_id,)).fetchone()
        return row is not None and row[0] != versions

    def pages_made_by_older_stages(self, versions: str) -> int:
        return int(self.db.execute("SELECT count(*) FROM pages WHERE versions IS NOT ? ", (versions,)).fetchone()[0])

    @staticmethod
    def _next_id(conn: sqlite3.Connection, table: str) -> int:
        return int(conn.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}").fetchone()[0])

    def add_rows(self, conn: sqlite3.Connection, file_id: int, rows: dict[str, Any], part: bool = False) -> int:
        """Insert one page's rows (``page_rows``, or the same rows read back from Parquet shards). With
        ``part``, the rows of one part of a long page: the first part makes the page, the others add
        to it, and their index rows go in at once (not held for the commit: memory stays flat)."""
        mark_reuse_stale(conn)  # in the same transaction: no document is committed without it
        p = rows["page"]
        existing = conn.execute("SELECT id FROM pages WHERE file_id=?", (file_id,)).fetchone() if part else None
        if existing is not None:
            page_id = int(existing[0])
        else:
            cur = conn.execute(
                "INSERT INTO pages (file_id, site, title, script, is_html, encoding, repairs, flags, versions)"
                " VALUES (?,?,?,?,?,?,?,?,?)",
                (file_id, p["site"], p["title"], p["script"], p["is_html"], p["encoding"], p["repairs"], p["flags"],
                 p.get("versions")))
            page_id = int(cur.lastrowid or 0)
        conn.executemany("INSERT INTO removed (page_id, line, code, text, score) VALUES (?,?,?,?,?)",
                         [(page_id, *r) for r in rows["removed"]])
        # Ids are allocated here (max(id) + 1, the same as SQLite would pick), so each table's rows go
        # in with one executemany instead of one execute per row for its lastrowid.
        documents = rows["documents"]
        next_doc = self._next_id(conn, "documents")
        doc_ids = {d[0]: next_doc + offset for offset, d in enumerate(documents)}
        conn.executemany(
            f"INSERT INTO documents (id, page_id, {', '.join(DOCUMENT_FIELDS)}) VALUES (?, ?{', ?' * len(DOCUMENT_FIELDS)})",
            [(next_doc + offset, page_id, *d) for offset, d in enumerate(documents)])
        sections = rows["sections"]
        next_section = self._next_id(conn, "sections")
        section_ids = {(s[0], s[1]): next_section + offset for offset, s in enumerate(sections)}
        conn.executemany(
            'INSERT INTO sections (id, doc_id, ordinal, number, parent, level, marker, heading, start, "end", role)'
            " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [(next_section + offset, doc_ids[s[0]], s[1], s[2], section_ids[(s[0], s[3])] if s[3] is not None else None,
              *s[4:]) for offset, s in enumerate(sections)])
        paragraphs = rows["paragraphs"]
        next_paragraph = self._next_id(conn, "paragraphs")
        paragraph_ids = {(p[0], p[1]): next_paragraph + offset for offset, p in enumerate(paragraphs)}
        conn.executemany(
            'INSERT INTO paragraphs (id, doc_id, ordinal, section_id, kind, start, "end", text, words) VALUES (?,?,?,?,?,?,?,?,?)',
            [(next_paragraph + offset, doc_ids[p[0]], p[1], section_ids[(p[0], p[2])] if p[2] is not None else None,
              *p[3:_PAR_FTS]) for offset, p in enumerate(paragraphs)])
        fts_rows = [(next_paragraph + offset, p[_PAR_FTS] or fts_chars(p[_PAR_TEXT])) for offset, p in enumerate(paragraphs)]
        if self._batched and not part:
            self._fts_pending.extend(fts_rows)  # written by _flush_fts before the commit
        else:
            conn.executemany(_FTS_INSERT, fts_rows)
        conn.executemany('INSERT INTO sentences (paragraph_id, doc_id, start, "end") VALUES (?,?,?,?)',
                         [(paragraph_ids[(s[0], s[1])], doc_ids[s[0]], s[2], s[3]) for s in rows["sentences"]])
        rule_rows = rows.get("rule_rows")
        if rule_rows is None:  # rows from shards written before the rules table existed
            rule_rows = [r for d in documents if d[_DOC_RULES] is not None
                         and (r := _rule_row_values(d[0], json.loads(d[_DOC_RULES]))) is not None]
        if rule_rows:
            source = conn.execute("SELECT path FROM files WHERE id=?", (file_id,)).fetchone()[0]
            docs = {d[0]: d for d in documents}
            conn.executemany(RULE_ROWS_INSERT.format(table="rule_rows"),
                             [_rule_row(doc_ids[uid], uid, docs[uid][_DOC_TITLE], docs[uid][_DOC_GENRE], source,
                                        json.loads(values)) for uid, values in rule_rows])
        return page_id

    @staticmethod
    def set_page_summary(conn: sqlite3.Connection, file_id: int, page: dict[str, Any]) -> None:
        """A page written in parts: its flags and repairs over all the parts."""
        conn.execute("UPDATE pages SET flags=?, repairs=? WHERE file_id=?", (page["flags"], page["repairs"], file_id))

    # --- reading --------------------------------------------------------------------------------
    def intact(self, values: Iterable[Any], what: str) -> None:
        """D430 when a text among ``values`` (read from ``what``) holds a NUL character. SQLite keeps no
        checksum: a zeroed block inside a long value's overflow pages reads back as NULs without an error
        (8 KB zeroed at each of 230 places of a corpus: every answer that differed without an error was
        one), and no stage stores a NUL."""
        if any(isinstance(value, str) and "\x00" in value for value in values):
            raise damaged(self.path, f"NUL bytes in a stored text of {what}")

    def document(self, ref: str | int) -> sqlite3.Row:
        ref = str(ref)
        row = self.db.execute(f"SELECT {DOC_COLUMNS}, f.path AS source, p.site FROM documents d JOIN pages p ON p.id=d.page_id"
                              " JOIN files f ON f.id=p.file_id WHERE d.uid=? OR (d.id=? AND ? GLOB '[0-9]*')",
                              (ref, ref, ref)).fetchone()
        if row is None:
            raise errors.D404.error(ref=ref, path=self.path)
        self.intact(row, f"document {row['uid']}")
        return row

    def document_uids(self) -> set[str]:
        return {row[0] for row in self.db.execute("SELECT uid FROM documents")}

    def documents(self) -> Iterator[sqlite3.Row]:
        for row in self.db.execute(f"SELECT {DOC_COLUMNS}, f.path AS source, p.site FROM documents d JOIN pages p"
                                   " ON p.id=d.page_id JOIN files f ON f.id=p.file_id ORDER BY f.path, d.ordinal"):
            self.intact(row, f"document {row['uid']}")
            yield row

    def sections(self, doc_id: int) -> list[sqlite3.Row]:
        return self.db.execute("SELECT * FROM sections WHERE doc_id=? ORDER BY ordinal", (doc_id,)).fetchall()

    def paragraphs(self, doc_id: int) -> list[sqlite3.Row]:
        return self.db.execute("SELECT * FROM paragraphs WHERE doc_id=? ORDER BY ordinal", (doc_id,)).fetchall()

    def ledger(self) -> list[sqlite3.Row]:
        return self.db.execute("SELECT * FROM files ORDER BY id").fetchall()

    def removed(self, page_id: int) -> list[dict[str, Any]]:
        """What the clean and split stages took off the page, in line order: line, code, text and the
        line model's score (None where the line was not scored, or the database predates scores)."""
        score = "score" if self.has_column("removed", "score") else "NULL AS score"
        rows = self.db.execute(f"SELECT line, code, text, {score} FROM removed WHERE page_id=? ORDER BY line, id",
                               (page_id,))
        return [{"line": r[0], "code": r[1], "text": r[2], "score": r[3]} for r in rows]

    # --- what the interfaces (cli, web) read: their SQL lives here ---------------------------------
    LABEL_COLUMNS = ("genre", "topic", "year", "script")

    def schema_objects(self) -> set[str]:
        """The names of the corpus's tables and indexes (``migrate`` reports what it added)."""
        return {r[0] for r in self.db.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'index') AND name NOT LIKE 'sqlite_%'")}

    def has_table(self, name: str) -> bool:
        return self.db.execute("SELECT 1 FROM sqlite_master WHERE name=?", (name,)).fetchone() is not None

    def count(self, table: str) -> int:
        """Rows of one of the corpus's own tables (documents, pages, rule_rows, ...)."""
        if table not in {"files", "pages", "documents", "sections", "paragraphs", "sentences", "removed", "rule_rows"}:
            raise ValueError(f"not a table of the corpus: {table!r}")
        return int(self.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

    def label_counts(self, column: str) -> list[tuple[str, int]]:
        """Documents by one label (``LABEL_COLUMNS``), most first; 'unknown' for none."""
        if column not in self.LABEL_COLUMNS:
            raise errors.W901.error(column=column, valid=", ".join(self.LABEL_COLUMNS))
        rows = self.db.execute(f"SELECT coalesce({column}, 'unknown'), count(*) FROM documents GROUP BY 1 ORDER BY 2 DESC")
        return [(str(r[0]), int(r[1])) for r in rows]

    def overview(self) -> dict[str, Any]:
        """Documents, characters, pages and files by ledger status: the workbench's overview figures."""
        q = self.db.execute
        return {"documents": q("SELECT count(*) FROM documents").fetchone()[0],
                "characters": q("SELECT coalesce(sum(n_chars), 0) FROM documents").fetchone()[0],
                "pages": q("SELECT count(*) FROM pages").fetchone()[0],
                "files": {r[0]: r[1] for r in q("SELECT status, count(*) FROM files GROUP BY status")}}

    def sites(self) -> list[str]:
        return [str(r[0]) for r in self.db.execute("SELECT DISTINCT site FROM pages WHERE site IS NOT NULL ORDER BY 1")]

    def document_ids(self, sql: str, params: list[Any]) -> set[int]:
        """The ids a document query of ``reads.documents_sql`` (``filters.Filters.documents_sql``) selects."""
        return {int(doc_id) for (doc_id,) in self.db.execute(sql, params)}

    def copies(self, uid: str, duplicate_of: str | None) -> list[dict[str, Any]]:
        """The other copies of a document: its duplicates, or the canonical copy and its other duplicates."""
        return [dict(r) for r in self.db.execute(
            "SELECT uid, title, duplicate_of FROM documents WHERE (duplicate_of = ? OR uid = ?) AND uid != ?",
            (uid, duplicate_of or "", uid))]

    def has_column(self, table: str, column: str) -> bool:
        return any(r[1] == column for r in self.db.execute(f"PRAGMA table_info({table})"))

    def stats(self) -> dict[str, Any]:
        q = self.db.execute
        by_status = {r[0]: r[1] for r in q("SELECT status, count(*) FROM files GROUP BY status")}
        by_script = {r[0]: r[1] for r in q("SELECT script, count(*) FROM documents GROUP BY script")}
        stating = len(self.stating_documents())
        result = {
            "database": self.path,
            "schema_version": SCHEMA_VERSION,
            "files": by_status,
            "pages": q("SELECT count(*) FROM pages").fetchone()[0],
            "documents": q("SELECT count(*) FROM documents").fetchone()[0],
            "incomplete_documents": q("SELECT count(*) FROM documents WHERE complete=0").fetchone()[0],
            "documents_by_script": by_script,
            "documents_by_genre": {r[0] or "unclassified": r[1] for r in q("SELECT genre, count(*) FROM documents GROUP BY genre ORDER BY 2 DESC")},
            "documents_by_topic": {r[0] or "unclassified": r[1] for r in q("SELECT topic, count(*) FROM documents GROUP BY topic ORDER BY 2 DESC")},
            # documents whose rules record states something (the rows of the rules table, 'rules --all');
            # every document gets a record, most of them empty
            "documents_with_rules": stating,
            "documents_with_empty_rules": q("SELECT count(*) FROM documents WHERE rules IS NOT NULL").fetchone()[0] - stating,
            "duplicate_copies": q("SELECT count(*) FROM documents WHERE duplicate_of IS NOT NULL").fetchone()[0],
            "characters": q("SELECT coalesce(sum(n_chars),0) FROM documents").fetchone()[0],
            "sections": q("SELECT count(*) FROM sections").fetchone()[0],
            "paragraphs": q("SELECT count(*) FROM paragraphs").fetchone()[0],
            "sentences": q("SELECT count(*) FROM sentences").fetchone()[0],
            "removed_lines": q("SELECT count(*) FROM removed").fetchone()[0],
            "removed_by_reason": {r[0]: r[1] for r in q("SELECT code, count(*) FROM removed GROUP BY code ORDER BY 2 DESC")},
        }
        self.intact((key for value in result.values() if isinstance(value, dict) for key in value), "the documents' labels")
        return result

    def verify(self, sample: int = 200) -> list[dict[str, Any]]:
        """Check the invariants; returns one result per check: ``ok`` (false: the check failed),
        ``checked`` (false: it could not run here, which is not a failure) and ``detail``.

        Reads only, on a read-only connection too: the FTS5 integrity-check (an INSERT command SQLite
        refuses on a read-only database) runs on a copy of the index's tables in the connection's temp
        schema. A damaged database (SQLite reports corruption) fails the checks that meet the damage,
        with the place; the others still run."""
        q = self.db.execute
        checks: list[dict[str, Any]] = []

        def check(name: str, run: Callable[[], tuple[bool | None, str]]) -> None:
            try:
                ok, detail = run()
            except (sqlite3.DatabaseError, json.JSONDecodeError) as exc:
                error = corpus_error(self.path, exc)
                ok, detail = False, (f"[D430] damaged: SQLite reports {exc} while reading what this check reads"
                                     if error.code == "D430" else f"could not be checked: {error}")
            checks.append({"check": name, "ok": ok is not False, "checked": ok is not None, "detail": detail})

        def sqlite_integrity() -> tuple[bool, str]:
            problems = [r[0] for r in q("PRAGMA integrity_check(20)")]
            return problems == ["ok"], "; ".join(problems)

        def ledger_status() -> tuple[bool, str]:
            files = q("SELECT count(*) FROM files").fetchone()[0]
            bad_status = q("SELECT count(*) FROM files WHERE status NOT IN ('ingested','duplicate','quarantined','error',"
                           "'superseded')").fetchone()[0]
            return bad_status == 0, f"{files} files, {bad_status} with an unknown status"

        def ledger_one_row_per_file() -> tuple[bool, str]:
            dup_rows = q("SELECT count(*) FROM (SELECT path FROM files WHERE status != 'superseded' GROUP BY path"
                         " HAVING count(*)>1)").fetchone()[0]
            return dup_rows == 0, f"{dup_rows} files with more than one current ledger row"

        def ingested_files_have_pages() -> tuple[bool, str]:
            missing_pages = q("SELECT count(*) FROM files f LEFT JOIN pages p ON p.file_id=f.id WHERE f.status='ingested' AND p.id IS NULL").fetchone()[0]
            orphan_pages = q("SELECT count(*) FROM pages p JOIN files f ON f.id=p.file_id WHERE f.status!='ingested'").fetchone()[0]
            return (missing_pages == 0 and orphan_pages == 0,
                    f"{missing_pages} ingested files without a page, {orphan_pages} pages of files not ingested")

        def duplicates_point_to_ingested() -> tuple[bool, str]:
            dangling = q("SELECT count(*) FROM files WHERE status='duplicate' AND (duplicate_of IS NULL OR duplicate_of NOT IN (SELECT id FROM files WHERE status='ingested'))").fetchone()[0]
            return dangling == 0, f"{dangling} duplicate rows without an ingested original"

        def index_matches_paragraphs() -> tuple[bool, str]:
            paragraphs = q("SELECT count(*) FROM paragraphs").fetchone()[0]
            indexed = q("SELECT count(*) FROM para_fts_docsize").fetchone()[0]
            return paragraphs == indexed, f"{paragraphs} paragraphs, {indexed} indexed"

        def paragraph_offsets() -> tuple[bool, str]:
            bad_spans = q('SELECT count(*) FROM paragraphs p JOIN documents d ON d.id=p.doc_id '
                          'WHERE substr(d.text, p.start+1, p."end"-p.start) != p.text').fetchone()[0]
            return bad_spans == 0, f"{bad_spans} paragraphs whose offsets do not give their text"

        def index_finds_paragraphs() -> tuple[bool, str]:
            missed = 0
            rows = q("SELECT id, text FROM paragraphs WHERE length(text) >= 4 ORDER BY random() LIMIT ?", (sample,)).fetchall()
            for row in rows:
                probe = fts_chars(row["text"]).split()[:4]
                if not probe:
                    continue
                phrase = '"' + " ".join(probe) + '"'
                found = q("SELECT 1 FROM para_fts WHERE para_fts MATCH ? AND rowid=?", (phrase, row["id"])).fetchone()
                missed += found is None
            return missed == 0, f"{len(rows)} sampled paragraphs, {missed} not found by the index"

        def rule_rows_match_rules() -> tuple[bool | None, str]:
            if not self.rule_rows_ready():
                return None, "not checked: the rules table predates this build ('jianghua migrate' builds it)"
            expected = list(self._stating_rule_rows())
            stored = [tuple(r) for r in q(f"SELECT id, doc_id, title, genre, source, states, {', '.join(RULE_VALUE_COLUMNS)}"
                                          " FROM main.rule_rows ORDER BY id")]
            wrong = sum(a != b for a, b in zip(expected, stored, strict=False)) + abs(len(expected) - len(stored))
            return wrong == 0, f"{len(stored)} rules-table rows for {len(expected)} documents that state rules, {wrong} differ"

        check("sqlite_integrity", sqlite_integrity)
        check("fts_integrity", self._fts_integrity)
        check("ledger_status", ledger_status)
        check("ledger_one_row_per_file", ledger_one_row_per_file)
        check("ingested_files_have_pages", ingested_files_have_pages)
        check("duplicates_point_to_ingested", duplicates_point_to_ingested)
        check("index_matches_paragraphs", index_matches_paragraphs)
        check("paragraph_offsets", paragraph_offsets)
        check("index_finds_paragraphs", index_finds_paragraphs)
        check("rule_rows_match_rules", rule_rows_match_rules)

        check("reuse_covers_documents", lambda: coverage(self))
        return checks

    def _fts_integrity(self) -> tuple[bool | None, str]:
        """FTS5's own integrity-check of the character index, without writing to the database: the
        index's shadow tables are copied into a table of the same definition in the temp schema (which
        a read-only connection may write) and checked there. None when the copy cannot be made (e.g. no
        room for temporary files): not checked."""
        definition = self.db.execute("SELECT sql FROM main.sqlite_master WHERE name = 'para_fts'").fetchone()
        if definition is None:
            return False, "the character index para_fts is missing"
        name = "jianghua_verify_fts"
        shadows = ("data", "idx", "docsize", "config")
        try:
            self.db.execute(re.sub(r"(?i)^CREATE VIRTUAL TABLE\s+\"?para_fts\"?", f"CREATE VIRTUAL TABLE temp.{name}",
                                   definition[0]))
        except sqlite3.OperationalError as exc:
            return None, f"not checked: the index's copy cannot be made ({exc})"
        try:
            for shadow in shadows:
                self.db.execute(f"DELETE FROM temp.{name}_{shadow}")
                self.db.execute(f"INSERT INTO temp.{name}_{shadow} SELECT * FROM main.para_fts_{shadow}")
            try:
                self.db.execute(f"INSERT INTO temp.{name}({name}) VALUES('integrity-check')")
            except sqlite3.DatabaseError as exc:
                return False, f"FTS5 integrity-check failed: {exc}"
            return True, "FTS5 integrity-check passed"
        except sqlite3.OperationalError as exc:
            if sqlite_primary_code(exc) in (13, 10):  # SQLITE_FULL, SQLITE_IOERR: the temp copy, not the corpus
                return None, f"not checked: no room for the index's copy ({exc})"
            raise
        finally:
            self.db.execute(f"DROP TABLE IF EXISTS temp.{name}")
            if self.db.in_transaction:
                self.db.commit()


def verify_file(path: str | Path, sample: int = 200) -> list[dict[str, Any]]:
    """``Corpus.verify`` of the corpus at ``path``, opened read-only; for a database so damaged it cannot
    be opened (its schema unreadable), the one failed check says what SQLite reports. Raises D401,
    D402, D431, D432 for a path that holds no corpus (nothing to check)."""
    try:
        corpus = Corpus(path, readonly=True)
    except JianghuaError as exc:
        if exc.code != "D430":
            raise
        reason = f"{exc.__cause__}" if exc.__cause__ is not None else str(exc)
        return [{"check": "sqlite_integrity", "ok": False, "checked": True,
                 "detail": f"[D430] damaged: SQLite reports {reason} while reading the database's schema; nothing"
                           " else can be checked"}]
    with corpus:
        return corpus.verify(sample=sample)
