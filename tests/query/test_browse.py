"""Browsing: the document list (``jianghua docs``, ``/docs``) sorted and filtered, facet counts, and
``show`` with genre, topic and headings in the chosen script."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from jianghua.interfaces.cli import app
from jianghua.query import browse
from jianghua.query.filters import Filters
from typer.testing import CliRunner

runner = CliRunner()


def _all(corpus):
    rows = corpus.db.execute("SELECT d.uid, d.title, d.genre, d.topic, d.organization, d.year, f.path, g.site, d.n_chars,"
                             " d.ordinal FROM documents d JOIN pages g ON g.id = d.page_id JOIN files f ON f.id = g.file_id")
    return [dict(zip(("id", "title", "genre", "topic", "org", "year", "source", "site", "chars", "ordinal"), r, strict=True))
            for r in rows]


@pytest.mark.parametrize("sort", ["id", "title", "genre", "year", "chars", "org"])
@pytest.mark.parametrize("descending", [False, True])
def test_the_list_is_sorted_with_empty_values_last(demo_corpus, sort, descending):
    rows = browse.documents(demo_corpus, sort=sort, descending=descending, limit=None)["documents"]
    everything = _all(demo_corpus)
    assert [r["id"] for r in rows if True] and len(rows) == len(everything)
    if sort == "id":
        keys = [(r["source"], r["id"].rsplit("-", 1)) for r in rows]
        expected = sorted(((r["source"], r["id"].rsplit("-", 1)) for r in everything), key=lambda k: (k[0], int(k[1][1])),
                          reverse=descending)
        assert [k[0] for k in keys] == [k[0] for k in expected]
        return
    values = [r[sort] for r in rows]
    present = [v for v in values if v is not None]
    assert values == present + [None] * (len(values) - len(present))  # empty values last
    assert present == sorted(present, reverse=descending)


def test_paging_and_the_total(demo_corpus):
    first = browse.documents(demo_corpus, sort="chars", limit=10)
    second = browse.documents(demo_corpus, sort="chars", limit=10, offset=10)
    every = browse.documents(demo_corpus, sort="chars", limit=None)
    assert first["total"] == second["total"] == len(every["documents"]) == len(_all(demo_corpus))
    assert first["documents"] + second["documents"] == every["documents"][:20]


def test_facets_count_the_filtered_documents(demo_corpus):
    for filters in (Filters(), Filters(genre="mobilization_speech"), Filters(site="xuexi-hant", exclude_duplicates=True)):
        sql, params = filters.documents_sql("d.uid")
        kept = {u for (u,) in demo_corpus.db.execute(sql, params)}
        rows = [r for r in _all(demo_corpus) if r["id"] in kept]
        facets = browse.facets(demo_corpus, filters)
        for name in ("genre", "topic", "year", "site", "org"):
            expected = Counter(r[name] for r in rows)
            assert {f["value"]: f["count"] for f in facets[name]} == dict(expected), name
        assert [f["value"] for f in facets["year"]] == sorted((v for v in {r["year"] for r in rows} if v), reverse=True) + (
            [None] if any(r["year"] is None for r in rows) else [])


def test_docs_command(demo_db, demo_corpus):
    result = runner.invoke(app, ["docs", "--db", demo_db, "--genre", "meeting_speech", "--sort", "chars", "--desc", "--json"])
    data = json.loads(result.output)
    expected = sorted((r for r in _all(demo_corpus) if r["genre"] == "meeting_speech"), key=lambda r: -r["chars"])
    assert [d["id"] for d in data["documents"]] == [r["id"] for r in expected] and data["total"] == len(expected)
    assert set(data["documents"][0]) >= {"id", "title", "genre", "topic", "org", "year", "source", "chars"}
    table = runner.invoke(app, ["docs", "--db", demo_db, "--limit", "3"], env={"COLUMNS": "200"})
    assert table.exit_code == 0 and f"{len(_all(demo_corpus))} documents (showing 1-3)" in table.output
    wrong = runner.invoke(app, ["docs", "--db", demo_db, "--sort", "colour"])
    assert wrong.exit_code == 2 and "Q734" in wrong.output and "chars" in wrong.output


def test_show_prints_genre_topic_and_headings_in_the_chosen_script(demo_db, demo_corpus):
    uid, genre, confidence = demo_corpus.db.execute(
        "SELECT d.uid, d.genre, d.genre_confidence FROM documents d WHERE d.script = 'hant'"
        " AND EXISTS (SELECT 1 FROM sections s WHERE s.doc_id = d.id) ORDER BY d.id LIMIT 1").fetchone()
    canonical = browse.document_view(demo_corpus, uid)
    original = browse.document_view(demo_corpus, uid, original=True)
    row = demo_corpus.document(uid)
    assert original["text"] == row["original"] and canonical["text"] == row["text"]
    changed = 0
    for c, o in zip(canonical["sections"], original["sections"], strict=True):
        assert o["heading"] in row["original"] and c["heading"] in row["text"] and len(o["heading"]) == len(c["heading"])
        changed += o["heading"] != c["heading"]
    assert changed  # the traditional page's headings read in its own script
    out = runner.invoke(app, ["show", uid, "--original", "--db", demo_db], env={"COLUMNS": "200"}).output
    assert f"genre {genre} ({confidence:.2f})" in out and "topic " in out
    assert original["sections"][0]["heading"] in out and original["title"] in out
    shown = json.loads(runner.invoke(app, ["show", uid, "--db", demo_db, "--json"]).output)
    assert shown["genre"] == genre and shown["sections"] == canonical["sections"]
