"""The corpus's read queries behind ``query/`` (browse, export, search, textstat): every statement those
modules run, as methods of ``Corpus`` (``Reads`` is mixed into it), so no SQL is written outside the
corpus package.

The document filters (``query.filters.Filters.sql``) come in as a WHERE fragment: `` AND ...`` clauses
over ``FROM_DOCUMENTS`` (aliases d, g, f) and their parameters, "" and [] for no filter. A grouping or
sort is a name (``GROUP_COLUMNS``, ``DOC_LIST_COLUMNS``, ``FACETS``), never SQL from the caller. The hot
paths (search, kwic, dist, textstat) get the cursor itself to stream.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

from .schema import RULE_ROWS_SCHEMA, RULE_TABLE_COLUMNS

# the tables a filter's clauses read, under these aliases
FROM_DOCUMENTS = "documents d JOIN pages g ON g.id = d.page_id JOIN files f ON f.id = g.file_id"

# column -> SQL over FROM_DOCUMENTS; also the sort keys of the documents' list
DOC_LIST_COLUMNS: dict[str, str] = {
    "id": "d.uid", "title": "d.title", "genre": "d.genre", "topic": "d.topic", "org": "d.organization",
    "year": "d.year", "source": "f.path", "site": "g.site", "chars": "d.n_chars", "script": "d.script",
    "duplicate_of": "d.duplicate_of",
}
FACETS = {"genre": "d.genre", "topic": "d.topic", "year": "d.year", "site": "g.site", "org": "d.organization"}
GROUP_COLUMNS = {"genre": "d.genre", "topic": "d.topic", "year": "d.year", "site": "g.site"}

_MATCHING = ("para_fts JOIN paragraphs p ON p.id = para_fts.rowid JOIN documents d ON d.id = p.doc_id"
             " JOIN pages g ON g.id = d.page_id JOIN files f ON f.id = g.file_id")
_CANDIDATE_SELECT = (
    'SELECT p.id, p.doc_id, p.start, p."end", p.text, p.words, p.kind, d.uid, d.title, d.title_original, d.text AS dtext,'
    " coalesce(d.original_text, d.text) AS original, d.offset_map, d.genre, d.topic, d.year, d.script, f.path AS source"
    f" FROM {_MATCHING}")


def paging(limit: int | None, offset: int) -> tuple[str, list[int]]:
    """The SQL that takes one page of rows (``limit`` rows after ``offset``; no limit when 0 or None), and
    its arguments."""
    if limit:
        return " LIMIT ? OFFSET ?", [limit, offset]
    if offset:
        return " LIMIT -1 OFFSET ?", [offset]
    return "", []


def like_pattern(text: str) -> str:
    """A LIKE pattern matching ``text`` anywhere, its own % and _ taken literally (ESCAPE '\\')."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def filter_where(*, genre: str | None = None, topic: str | None = None, organization: str | None = None,
                 year: int | None = None, source: str | None = None, site: str | None = None,
                 exclude_duplicates: bool = False) -> tuple[str, list[Any]]:
    """The `` AND ...`` clauses over ``FROM_DOCUMENTS`` (aliases d, g, f) keeping the documents of a
    document filter, and their parameters: ``organization`` a part of the stored (canonical) name,
    ``source`` a part of the input file's path, ``site`` exactly; empty values keep every document."""
    clauses: list[str] = []
    params: list[Any] = []
    if genre:
        clauses.append("d.genre = ?")
        params.append(genre)
    if topic:
        clauses.append("d.topic = ?")
        params.append(topic)
    if organization is not None:  # a name normalized to nothing still asks for an organization
        clauses.append("d.organization LIKE ? ESCAPE '\\'")
        params.append(like_pattern(organization))
    if year:
        clauses.append("d.year = ?")
        params.append(int(year))
    if source:
        clauses.append("f.path LIKE ? ESCAPE '\\'")
        params.append(like_pattern(source))
    if site:
        clauses.append("g.site = ?")
        params.append(site)
    if exclude_duplicates:
        clauses.append("d.duplicate_of IS NULL")
    return (" AND " + " AND ".join(clauses)) if clauses else "", params


def documents_sql(where: str, params: list[Any], column: str = "d.id") -> tuple[str, list[Any]]:
    """``SELECT <column> FROM`` the documents a filter's WHERE fragment keeps (``d.id`` or ``d.uid``), for
    an ``IN (...)`` clause of a query over another table."""
    if column not in ("d.id", "d.uid"):
        raise ValueError(column)
    return f"SELECT {column} FROM {FROM_DOCUMENTS} WHERE 1{where}", params


def _group(by: str | None) -> str:
    """The SQL expression of a grouping (``GROUP_COLUMNS``; None: one group, "all")."""
    return "'all'" if by is None else GROUP_COLUMNS[by]


class Reads:
    """The read queries of ``query/``, mixed into ``Corpus`` (which sets ``db`` and ``temp_rule_rows``)."""

    db: sqlite3.Connection
    temp_rule_rows: bool

    rule_rows_ready: Callable[[], bool]  # Corpus's methods, used by rule_table_page
    fill_rule_rows: Callable[[str], int]

    # --- browse ------------------------------------------------------------------------------------

    def document_count(self, where: str, params: list[Any]) -> int:
        """How many documents the filter's WHERE fragment keeps."""
        return int(self.db.execute(f"SELECT count(*) FROM {FROM_DOCUMENTS} WHERE 1{where}", params).fetchone()[0])

    def document_list(self, where: str, params: list[Any], sort: str, descending: bool, limit: int | None,
                      offset: int) -> list[dict[str, Any]]:
        """The kept documents, one row each (``DOC_LIST_COLUMNS`` with the genre's and topic's confidence),
        sorted by the column ``sort`` (rows without a value last, then by source and place; ``id``: by
        source, then place in it), ``limit`` rows after ``offset``."""
        column = DOC_LIST_COLUMNS[sort]
        direction = "DESC" if descending else "ASC"
        if sort == "id":  # ids sort as the listing of the sources does: by input file, then place in it
            order = f"f.path {direction}, d.ordinal {direction}"
        else:
            order = f"{column} IS NULL, {column} {direction}, f.path, d.ordinal"
        sql = (f"SELECT {', '.join(f'{expr} AS {name}' for name, expr in DOC_LIST_COLUMNS.items())}, d.genre_confidence,"
               f" d.topic_confidence FROM {FROM_DOCUMENTS} WHERE 1{where} ORDER BY {order}")
        page_sql, page_args = paging(limit, offset)
        return [dict(r) for r in self.db.execute(sql + page_sql, [*params, *page_args])]

    def facet_counts(self, facet: str, where: str, params: list[Any], limit: int) -> list[tuple[Any, int]]:
        """(value, documents) of one facet (``FACETS``) among the kept documents, the ``limit`` most
        frequent first (years: the latest first); None (no value) last."""
        expr = FACETS[facet]
        order = f"{expr} IS NULL, {expr} DESC" if facet == "year" else f"{expr} IS NULL, count(*) DESC, {expr}"
        return [(value, int(n)) for value, n in self.db.execute(
            f"SELECT {expr}, count(*) FROM {FROM_DOCUMENTS} WHERE 1{where} GROUP BY 1 ORDER BY {order}"
            f" LIMIT {int(limit)}", params)]

    # --- export ------------------------------------------------------------------------------------

    def paragraph_rows(self, where: str, params: list[Any]) -> sqlite3.Cursor:
        """Every paragraph of the kept documents (uid, ordinal, kind, section number, start, end, text,
        words), by document and place."""
        clause = ""
        if where:
            documents, params = documents_sql(where, params)
            clause = f" WHERE p.doc_id IN ({documents})"
        return self.db.execute(
            'SELECT d.uid, p.ordinal, p.kind, s.number AS section, p.start, p."end", p.text, p.words FROM paragraphs p '
            f"JOIN documents d ON d.id=p.doc_id LEFT JOIN sections s ON s.id=p.section_id{clause} ORDER BY d.id, p.ordinal",
            params)

    def rule_records(self) -> sqlite3.Cursor:
        """(id, uid, rules JSON) of every document with a rules record, in id order."""
        return self.db.execute("SELECT id, uid, rules FROM documents WHERE rules IS NOT NULL ORDER BY id")

    def rules_of(self, ids: list[int]) -> dict[int, str]:
        """The rules JSON of the documents ``ids``."""
        return dict(self.db.execute(f"SELECT id, rules FROM documents WHERE id IN ({', '.join('?' * len(ids))})", ids))

    def rule_table_page(self, where: str, params: list[Any], sort: str, needle: str, limit: int | None,
                        offset: int) -> tuple[list[dict[str, Any]], int]:
        """Rows of ``rule_rows`` (its id and ``RULE_TABLE_COLUMNS``) of the kept documents that state rules,
        a substring ``needle`` of any column, sorted by ``sort`` (empty values last, then by doc_id);
        (rows, total). A read-only database built before that table gets it computed in a temporary table
        first (once per connection; slow on a large corpus: opening it writable stores it once)."""
        if not self.rule_rows_ready() and not self.temp_rule_rows:
            self.db.execute(RULE_ROWS_SCHEMA.format(table="temp.rule_rows"))
            self.fill_rule_rows("temp.rule_rows")  # the table may well be empty
            self.temp_rule_rows = True
        order = sort if sort in RULE_TABLE_COLUMNS else "doc_id"
        condition = "states = 1"
        args: list[Any] = []
        if needle:
            pattern = like_pattern(needle)
            condition += " AND (" + " OR ".join(f"coalesce({c}, '') LIKE ? ESCAPE '\\'" for c in RULE_TABLE_COLUMNS) + ")"
            args = [pattern] * len(RULE_TABLE_COLUMNS)  # the same needle for every column
        if where:
            documents, kept = documents_sql(where, params)
            condition += f" AND id IN ({documents})"
            args += kept
        total = int(self.db.execute(f"SELECT count(*) FROM rule_rows WHERE {condition}", args).fetchone()[0])
        order_by = "doc_id" if order == "doc_id" else f"{order} IS NULL, {order}, doc_id"  # the indexes' order
        sql = f"SELECT id, {', '.join(RULE_TABLE_COLUMNS)} FROM rule_rows WHERE {condition} ORDER BY {order_by}"
        page, page_args = paging(limit, offset)
        return [dict(r) for r in self.db.execute(sql + page, [*args, *page_args])], total

    # --- search, kwic, dist ------------------------------------------------------------------------

    def candidate_paragraphs(self, fts: str, where: str, params: list[Any], limit: int | None = None,
                             offset: int = 0) -> sqlite3.Cursor:
        """The paragraphs of the kept documents the index proposes for an FTS query, with their document's
        fields, in paragraph order."""
        # ORDER BY the FTS rowid (= p.id): FTS5 yields rowid order itself, ordering by p.id sorts every match
        page, page_args = paging(limit, offset)
        return self.db.execute(f"{_CANDIDATE_SELECT} WHERE para_fts MATCH ?{where} ORDER BY para_fts.rowid{page}",
                               [fts, *params, *page_args])

    def count_matching(self, fts: str, where: str, params: list[Any], cap: int | None) -> int:
        """Paragraphs of the kept documents matching an FTS query (at most ``cap`` + 1 counted)."""
        inner = f"SELECT para_fts.rowid FROM {_MATCHING} WHERE para_fts MATCH ?{where}"
        if not where:
            inner = "SELECT rowid FROM para_fts WHERE para_fts MATCH ?"
        limit = f" LIMIT {int(cap) + 1}" if cap is not None else ""
        return int(self.db.execute(f"SELECT count(*) FROM ({inner}{limit})", [fts, *params]).fetchone()[0])

    def count_occurrences(self, fts: str, term: str, where: str, params: list[Any], cap: int | None) -> tuple[int, int]:
        """(paragraphs, occurrences of ``term`` case-insensitively) in the paragraphs of the kept documents
        matching an FTS query (the first ``cap`` + 1), counted in SQL."""
        limit = f" LIMIT {int(cap) + 1}" if cap is not None else ""
        sql = ("SELECT count(*), coalesce(sum((length(t) - length(replace(lower(t), ?, ''))) / ?), 0) FROM (SELECT p.text AS t"
               f" FROM {_MATCHING} WHERE para_fts MATCH ?{where}{limit})")
        paragraphs, occurrences = self.db.execute(sql, [term.lower(), len(term), fts, *params]).fetchone()
        return int(paragraphs), int(occurrences)

    def document_groups(self, by: str, where: str, params: list[Any]) -> sqlite3.Cursor:
        """(id, group, n_chars) of every kept document; a document without a value is the group "unknown"."""
        return self.db.execute(
            f"SELECT d.id, coalesce({_group(by)}, 'unknown'), d.n_chars FROM {FROM_DOCUMENTS} WHERE 1{where}", params)

    def text_encoding(self) -> str:
        """The database's text encoding (``PRAGMA encoding``: UTF-8, UTF-16le...)."""
        return str(self.db.execute("PRAGMA encoding").fetchone()[0])

    def matching_paragraph_bytes(self, fts: str) -> sqlite3.Cursor:
        """(doc_id, text as stored bytes) of every paragraph matching an FTS query."""
        return self.db.execute(
            "SELECT p.doc_id, CAST(p.text AS BLOB) FROM para_fts JOIN paragraphs p ON p.id = para_fts.rowid"
            " WHERE para_fts MATCH ?", [fts])

    def matching_paragraph_words(self, fts: str) -> sqlite3.Cursor:
        """(doc_id, text, words) of every paragraph matching an FTS query."""
        return self.db.execute(
            "SELECT p.doc_id, p.text, p.words FROM para_fts JOIN paragraphs p ON p.id = para_fts.rowid"
            " WHERE para_fts MATCH ?", [fts])

    # --- textstat ----------------------------------------------------------------------------------

    def grouped_paragraph_words(self, by: str | None, where: str, params: list[Any], with_text: bool) -> sqlite3.Cursor:
        """(group, doc_id, words, text) of every paragraph of the kept documents, a document's paragraphs
        together; text only with ``with_text`` and only for a paragraph holding whitespace (None else)."""
        spaced = "CASE WHEN p.text GLOB '*[' || char(32, 9, 10, 13, 160, 12288) || ']*' THEN p.text END" if with_text else "NULL"
        joins = "JOIN documents d ON d.id = p.doc_id"
        if where or by == "site":  # the pages and files only when a filter or the grouping reads them
            joins += " JOIN pages g ON g.id = d.page_id JOIN files f ON f.id = g.file_id"
        return self.db.execute(f"SELECT coalesce({_group(by)}, 'unknown'), p.doc_id, p.words, {spaced} FROM paragraphs p"
                               f" {joins} WHERE 1{where} ORDER BY p.doc_id, p.id", params)

    def documents_per_group(self, by: str, where: str, params: list[Any]) -> sqlite3.Cursor:
        """(group, documents) among the kept documents; documents without a value are the group "unknown"."""
        return self.db.execute(
            f"SELECT coalesce({_group(by)}, 'unknown'), count(*) FROM {FROM_DOCUMENTS} WHERE 1{where} GROUP BY 1", params)
