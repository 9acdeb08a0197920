"""corpus/reads.py: the document filter's WHERE clauses are made here, from plain values."""

import sqlite3

from jianghua.corpus.reads import documents_sql, filter_where


def test_no_value_keeps_every_document():
    assert filter_where() == ("", [])
    assert filter_where(genre="", site=None, exclude_duplicates=False) == ("", [])


def test_each_value_adds_its_clause_and_parameter():
    where, params = filter_where(genre="candidate_speech", topic="competitive_selection", organization="财政局",
                                 year=2020, source="a_b%", site="site-1", exclude_duplicates=True)
    assert where == (" AND d.genre = ? AND d.topic = ? AND d.organization LIKE ? ESCAPE '\\'"
                     " AND d.year = ? AND f.path LIKE ? ESCAPE '\\' AND g.site = ? AND d.duplicate_of IS NULL")
    assert params == ["candidate_speech", "competitive_selection", "%财政局%", 2020, "%a\\_b\\%%", "site-1"]


def test_an_organization_normalized_to_nothing_still_asks_for_one():
    assert filter_where(organization="") == (" AND d.organization LIKE ? ESCAPE '\\'", ["%%"])


def test_the_clauses_run_over_the_documents_query():
    db = sqlite3.connect(":memory:")
    db.executescript("CREATE TABLE documents (id INTEGER, uid TEXT, genre TEXT, topic TEXT, organization TEXT,"
                     " year INTEGER, duplicate_of INTEGER, page_id INTEGER);"
                     "CREATE TABLE pages (id INTEGER, file_id INTEGER, site TEXT);"
                     "CREATE TABLE files (id INTEGER, path TEXT);"
                     "INSERT INTO files VALUES (1, 'x/a_b.html'), (2, 'x/ab.html');"
                     "INSERT INTO pages VALUES (1, 1, 's'), (2, 2, 's');"
                     "INSERT INTO documents VALUES (1, 'u1', 'g', 't', '县财政局', 2020, NULL, 1),"
                     " (2, 'u2', 'g', 't', NULL, 2020, 1, 2);")
    sql, params = documents_sql(*filter_where(source="a_b"))
    assert [row[0] for row in db.execute(sql, params)] == [1]
    sql, params = documents_sql(*filter_where(year=2020, exclude_duplicates=True), column="d.uid")
    assert [row[0] for row in db.execute(sql, params)] == ["u1"]
