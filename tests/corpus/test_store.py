"""The corpus database: invariants, the character index's recall against a substring scan, exports."""

from __future__ import annotations

import json
import random
import re

import pytest
from jianghua.corpus.store import Corpus, fts_chars, fts_chars_many
from jianghua.query.export import export


def _fts_hits(corpus: Corpus, query: str) -> set[int]:
    phrase = '"' + fts_chars(query) + '"'
    rows = corpus.db.execute("SELECT rowid FROM para_fts WHERE para_fts MATCH ?", (phrase,)).fetchall()
    return {r[0] for r in rows}


def test_verify_passes_on_the_seed_corpus(seed_corpus):
    checks = seed_corpus.verify()
    assert checks and all(c["ok"] for c in checks), [c for c in checks if not c["ok"]]


def test_character_index_finds_every_substring_occurrence(seed_corpus):
    paragraphs = seed_corpus.db.execute("SELECT id, text FROM paragraphs").fetchall()
    rng = random.Random(11)
    queries = ["干部", "竞争上岗", "思想政治", "民主测评", "领导干部", "中层", "下基层", "xx", "××", "2014", "1.5"]
    texts = [p["text"] for p in paragraphs if len(p["text"]) > 20]
    for _ in range(20):
        text = rng.choice(texts)
        start = rng.randrange(len(text) - 6)
        queries.append(text[start:start + rng.randint(2, 6)])
    for query in queries:
        if not fts_chars(query):
            continue
        expected = {p["id"] for p in paragraphs if query.lower() in p["text"].lower()}
        hits = _fts_hits(seed_corpus, query)
        verified = {pid for pid in hits if query.lower() in seed_corpus.db.execute(
            "SELECT text FROM paragraphs WHERE id=?", (pid,)).fetchone()[0].lower()}
        assert expected <= hits, (query, len(expected), len(hits))  # recall 1.0
        assert verified == expected


def test_fts_chars_many_equals_fts_chars(seed_corpus):
    """The one-pass FTS form (used for every page at ingest) is the per-text form: on the seed pages'
    paragraphs, on every code point (surrogates included), and around the two characters whose
    ``str.lower`` in context differs from their token alone (İ, and Σ at the end of a word)."""
    pages = [[r[0] for r in seed_corpus.db.execute("SELECT text FROM paragraphs WHERE doc_id=? ORDER BY ordinal", (d,))]
             for (d,) in seed_corpus.db.execute("SELECT id FROM documents")]
    assert sum(map(len, pages)) > 100
    every = "".join(map(chr, range(0x110000)))
    tricky = ["", "a", "ΣΑΣ ΟΔΟΣ", "İstanbul", "Straße ǅ Ⅻ ½ ²", "x_y\t\r", "干部\ud800工作", "😀汉字😀"]
    for texts in [*pages, [every[i:i + 5000] for i in range(0, len(every), 5000)], tricky, ["", ""], [""], []]:
        assert fts_chars_many(texts) == [fts_chars(t) for t in texts]


def _failed_checks_after(seed_corpus, tmp_path, damage, sample: int = 200) -> set[str]:
    """``verify``'s failing checks on a copy of the seed corpus that ``damage(conn)`` has broken."""
    copy = tmp_path / "broken.db"
    seed_corpus.db.execute("VACUUM INTO ?", (str(copy),))
    broken = Corpus(copy)
    with broken.transaction() as conn:
        damage(conn)
    return {c["check"] for c in broken.verify(sample=sample) if not c["ok"]}


def test_verify_detects_a_broken_index(seed_corpus, tmp_path):
    def drop_one_paragraph_from_the_index(conn):
        row = conn.execute("SELECT id, text FROM paragraphs LIMIT 1").fetchone()
        conn.execute("INSERT INTO para_fts(para_fts, rowid, chars) VALUES('delete', ?, ?)", (row["id"], fts_chars(row["text"])))

    assert "index_matches_paragraphs" in _failed_checks_after(seed_corpus, tmp_path, drop_one_paragraph_from_the_index,
                                                              sample=10_000)


def test_verify_detects_an_unaccounted_page(seed_corpus, tmp_path):
    failed = _failed_checks_after(seed_corpus, tmp_path,
                                  lambda conn: conn.execute("UPDATE files SET status='quarantined' WHERE id=1"))
    assert "ingested_files_have_pages" in failed


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_export_documents(seed_corpus, tmp_path, fmt):
    out = tmp_path / f"docs.{fmt}"
    count = export(seed_corpus, "documents", fmt, str(out))
    assert count == 18
    if fmt == "jsonl":
        records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    elif fmt == "csv":
        import csv

        with open(out, encoding="utf-8", newline="") as handle:
            records = list(csv.DictReader(handle))
    else:
        import pyarrow.parquet as pq

        records = pq.read_table(out).to_pylist()
    first = records[0]
    for column in ("id", "source", "ordinal", "title", "text", "original", "script", "complete", "sections"):
        assert column in first
    sections = first["sections"] if fmt == "jsonl" else json.loads(first["sections"])
    assert sections and {"number", "heading", "start", "end", "level"} <= set(sections[0])
    assert re.fullmatch(r"[0-9a-f]{10}-\d+", first["id"])


def test_export_paragraphs_offsets(seed_corpus, tmp_path):
    out = tmp_path / "paras.jsonl"
    export(seed_corpus, "paragraphs", "jsonl", str(out))
    docs = {d["uid"]: d["text"] for d in seed_corpus.documents()}
    for line in out.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        assert docs[record["doc_id"]][record["start"]:record["end"]] == record["text"]


# --- the campaign-rules table (rule_rows) ----------------------------------------------------------------

# The table as the workbench computed it before ``rule_rows`` (JSON1 over every document's record): the
# stored rows must give the same values, with the same SQLite types.
_JSON1_COLUMNS = {
    "organization": "json_extract(d.rules, '$.organization.name')",
    "date_of_text": "json_extract(d.rules, '$.date_of_text.value')",
    "posts": "json_extract(d.rules, '$.position_counts.total.value')",
    "principal": "json_extract(d.rules, '$.position_counts.principal.value')",
    "deputy": "json_extract(d.rules, '$.position_counts.deputy.value')",
    "max_age": "json_extract(d.rules, '$.eligibility.max_age[0].years')",
    "education": "json_extract(d.rules, '$.eligibility.education[0].minimum')",
    "publicity_days": "json_extract(d.rules, '$.ratios_and_periods.publicity[0].days')",
    "term_years": "json_extract(d.rules, '$.ratios_and_periods.term[0].years')",
    "inspection_ratio": "json_extract(d.rules, '$.ratios_and_periods.inspection_ratio[0].ratio')",
}
_JSON1_STATES = ("json_extract(d.rules, '$.position_counts.total') IS NOT NULL OR json_array_length(d.rules, '$.positions') > 0"
                 " OR json_array_length(d.rules, '$.stages') > 0 OR json_extract(d.rules, '$.scoring.scale') IS NOT NULL"
                 " OR json_array_length(d.rules, '$.scoring.component_sets') > 0"
                 " OR json_array_length(d.rules, '$.eligibility.max_age') > 0")


def _stored_rule_rows(corpus: Corpus, schema: str = "main") -> list[tuple]:
    from jianghua.corpus.store import RULE_VALUE_COLUMNS

    columns = ", ".join(f"{c}, typeof({c})" for c in ("doc_id", "title", "genre", "source", "states", *RULE_VALUE_COLUMNS))
    return [tuple(r) for r in corpus.db.execute(f"SELECT id, {columns} FROM {schema}.rule_rows ORDER BY id")]


def _old_style_copy(corpus: Corpus, path) -> None:
    """A copy of ``corpus`` as a build before ``rule_rows`` left it."""
    corpus.db.execute("VACUUM INTO ?", (str(path),))
    import sqlite3

    db = sqlite3.connect(path)
    db.execute("DROP TABLE rule_rows")
    db.execute("DELETE FROM meta WHERE key = 'rule_rows_version'")
    db.commit()
    db.close()


def test_rule_rows_equal_the_values_of_every_documents_rules(seed_corpus):
    from jianghua.corpus.store import RULE_VALUE_COLUMNS, rule_values

    documents = seed_corpus.db.execute(
        f"SELECT d.id, d.uid, d.title, d.genre, d.rules, f.path, coalesce({_JSON1_STATES}, 0) AS json1_states,"
        f" {', '.join(f'{sql} AS {name}' for name, sql in _JSON1_COLUMNS.items())}"
        " FROM documents d JOIN pages p ON p.id = d.page_id JOIN files f ON f.id = p.file_id"
        " WHERE d.rules IS NOT NULL ORDER BY d.id").fetchall()
    stored = {r["id"]: r for r in seed_corpus.db.execute("SELECT * FROM rule_rows")}
    assert documents and stored
    stating = 0
    for doc in documents:
        rules = json.loads(doc["rules"])
        values = rule_values(rules)
        assert values["states"] == int(bool(doc["json1_states"]))
        if not values["states"]:  # the table lists only documents that state rules
            assert doc["id"] not in stored
            continue
        row = stored[doc["id"]]
        assert (row["doc_id"], row["title"], row["genre"], row["source"]) == (doc["uid"], doc["title"], doc["genre"], doc["path"])
        assert row["states"] == values["states"] == int(bool(doc["json1_states"]))
        for column in RULE_VALUE_COLUMNS:
            assert row[column] == values[column], (doc["uid"], column)
            if column in _JSON1_COLUMNS:
                assert row[column] == doc[column] and type(row[column]) is type(doc[column]), (doc["uid"], column)
        components = [c for s in (rules.get("scoring") or {}).get("component_sets") or [] for c in s.get("components") or []]
        assert row["score_weights"] == ("; ".join(f"{c['name']} {c['weight']}" for c in components) or None)
        stating += row["states"]
    assert stating >= 5 and stating == len(stored)  # the seeds are selection-campaign notices: most state posts, stages, scores
    assert len(documents) > len(stored)  # and some documents with a record state none of it


def test_an_old_database_gets_the_rules_table(seed_corpus, tmp_path):
    from jianghua.query.export import rule_table

    expected = _stored_rule_rows(seed_corpus)
    copy = tmp_path / "old.db"
    _old_style_copy(seed_corpus, copy)
    # read-only (jianghua serve): not ready, and the table is computed in a temporary table, the same
    readonly = Corpus(copy, readonly=True)
    assert not readonly.rule_rows_ready()
    assert rule_table(readonly, "posts")[0] == rule_table(seed_corpus, "posts")[0]
    assert _stored_rule_rows(readonly, "temp") == expected
    assert [c for c in readonly.verify() if c["check"] == "rule_rows_match_rules"][0]["ok"]
    readonly.close()
    # opened writable: filled from documents.rules, indexed, and marked
    reopened = Corpus(copy)
    assert reopened.rule_rows_ready()
    assert _stored_rule_rows(reopened) == expected
    indexes = {r[0] for r in reopened.db.execute("SELECT name FROM sqlite_master WHERE type='index' AND tbl_name='rule_rows'")}
    assert {"rule_rows_posts", "rule_rows_title", "rule_rows_doc_id"} <= indexes
    assert all(c["ok"] for c in reopened.verify())
    reopened.close()


def test_another_definition_of_the_rules_table_is_rebuilt(seed_corpus, tmp_path):
    copy = tmp_path / "other.db"
    seed_corpus.db.execute("VACUUM INTO ?", (str(copy),))
    corpus = Corpus(copy)
    with corpus.transaction() as conn:
        conn.execute("UPDATE meta SET value = 'older' WHERE key = 'rule_rows_version'")
        conn.execute("UPDATE rule_rows SET posts = 999")
    corpus.close()
    assert _stored_rule_rows(Corpus(copy)) == _stored_rule_rows(seed_corpus)


def test_verify_detects_a_stale_rules_table(seed_corpus, tmp_path):
    failed = _failed_checks_after(seed_corpus, tmp_path, lambda conn: conn.execute(
        "UPDATE rule_rows SET max_age = 99 WHERE id = (SELECT min(id) FROM rule_rows)"))
    assert failed == {"rule_rows_match_rules"}


def test_rule_table_sorts_filters_and_pages(seed_corpus):
    from jianghua.corpus.schema import RULE_TABLE_COLUMNS
    from jianghua.query.export import rule_table

    everything, total = rule_table(seed_corpus)
    assert total == len(everything) == seed_corpus.db.execute("SELECT sum(states) FROM rule_rows").fetchone()[0]
    assert [list(r) for r in everything] == [list(RULE_TABLE_COLUMNS)] * total
    assert [r["doc_id"] for r in everything] == sorted(r["doc_id"] for r in everything)
    for column in ("posts", "max_age", "title", "score_weights"):
        rows, _ = rule_table(seed_corpus, column)
        present = [r[column] for r in rows if r[column] is not None]
        assert present == sorted(present) and all(r[column] is None for r in rows[len(present):]), column
        assert rule_table(seed_corpus, column, limit=2, offset=1)[0] == rows[1:3]
    needle = everything[0]["title"][2:6]
    rows, count = rule_table(seed_corpus, needle=needle)
    assert count == len(rows) == sum(any(needle in str(v) for v in r.values() if v is not None) for r in everything) >= 1
    assert rule_table(seed_corpus, needle="%")[1] == sum(any("%" in str(v) for v in r.values() if v is not None) for r in everything)
    with_rules, _ = rule_table(seed_corpus, limit=3, with_rules=True)
    assert [r["rules"]["doc_id"] for r in with_rules] == [r["doc_id"] for r in everything[:3]]
    # the sort column is checked against the columns, never put into SQL as given
    assert rule_table(seed_corpus, "posts; DROP TABLE rule_rows")[0] == everything


def test_a_database_from_an_early_build_gets_a_coded_error_not_a_traceback(tmp_path):
    import sqlite3

    from jianghua.corpus.store import SCHEMA_VERSION
    from jianghua.errors import JianghuaError

    path = tmp_path / "early.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    conn.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
    conn.execute("CREATE TABLE documents (id INTEGER PRIMARY KEY, uid TEXT)")  # no genre, topic, year columns
    conn.commit()
    conn.close()
    with pytest.raises(JianghuaError) as caught:
        Corpus(path)
    assert caught.value.code == "D402" and "early.db" in str(caught.value)


def test_removed_rows_keep_their_score_and_an_old_database_without_the_column_still_opens(seed_corpus, tmp_path):
    page_id, = seed_corpus.db.execute("SELECT p.id FROM pages p JOIN files f ON f.id = p.file_id"
                                      " WHERE f.path LIKE '%001_a2fa1aa70ce06186.txt'").fetchone()
    rows = seed_corpus.removed(page_id)
    scored = [r for r in rows if r["score"] is not None]
    assert scored and all(0.0 < r["score"] < 1.0 for r in scored)
    assert {r["code"] for r in rows if r["score"] is None} <= {"ad", "pagination", "paywall", "docshare", "page_title",
                                                              "preamble", "doc_heading", "doc_title", "title_repeat"}
    # a database made before the score column: removed without it
    old = tmp_path / "before-scores.db"
    seed_corpus.db.execute("VACUUM INTO ?", (str(old),))
    import sqlite3

    db = sqlite3.connect(old)
    db.execute("ALTER TABLE removed DROP COLUMN score")
    db.commit()
    db.close()
    readonly = Corpus(old, readonly=True)
    assert [r["score"] for r in readonly.removed(page_id)] == [None] * len(rows)
    assert [r["text"] for r in readonly.removed(page_id)] == [r["text"] for r in rows]
    readonly.close()
    migrated = Corpus(old)  # writable: the column is added, empty in the old rows
    assert migrated.has_column("removed", "score")
    assert [r["score"] for r in migrated.removed(page_id)] == [None] * len(rows)
    assert all(c["ok"] for c in migrated.verify())
    migrated.close()


def test_a_numbered_migration_brings_an_older_database_up_and_a_reader_asks_for_it(seed_corpus, tmp_path, monkeypatch):
    """A build with a migration 2: a database of version 1 is refused read-only (a query never writes),
    'migrate' runs 1's upkeep and 2 and says what each changed, and then a build of version 1 refuses the
    database as made by a newer one."""
    import json

    from jianghua.corpus import migrations, store
    from jianghua.errors import JianghuaError
    from jianghua.interfaces.cli import app
    from typer.testing import CliRunner

    old = tmp_path / "v1.db"
    seed_corpus.db.execute("VACUUM INTO ?", (str(old),))

    def add_notes(conn):
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
        return ["added notes"]

    monkeypatch.setattr(migrations, "MIGRATIONS", (*migrations.MIGRATIONS, migrations.Migration(2, "notes", "a notes table",
                                                                                                  add_notes)))
    monkeypatch.setattr(store, "SCHEMA_VERSION", 2)
    with pytest.raises(JianghuaError) as caught:
        Corpus(old, readonly=True)
    assert caught.value.code == "D402" and "schema version 1; this jianghua reads 2: migrating it" in str(caught.value)
    result = CliRunner().invoke(app, ["migrate", "--db", str(old), "--json"])
    report = json.loads(result.output)
    assert (report["was"], report["schema_version"]) == (1, 2) and report["added"] == ["notes"]
    assert [(m["number"], m["ran"], m["changed"]) for m in report["migrations"]] == [(1, True, []), (2, True, ["added notes"])]
    with Corpus(old, readonly=True) as migrated:
        assert migrated.has_table("notes") and all(c["ok"] for c in migrated.verify())
    again = json.loads(CliRunner().invoke(app, ["migrate", "--db", str(old), "--json"]).output)
    assert [(m["number"], m["ran"]) for m in again["migrations"]] == [(1, False), (2, False)]
    monkeypatch.setattr(store, "SCHEMA_VERSION", 1)
    with pytest.raises(JianghuaError) as caught:
        Corpus(old, readonly=True)
    assert caught.value.code == "D402" and "made by a newer jianghua" in str(caught.value)


def _child_indexes(db) -> set[str]:
    from jianghua.corpus.schema import CHILD_INDEX_NAMES

    return {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")} & set(CHILD_INDEX_NAMES)


def test_a_first_ingest_makes_the_child_indexes_at_its_end_and_an_open_makes_those_a_kill_left_out(seeds_dir, tmp_path):
    from jianghua.corpus.schema import CHILD_INDEX_NAMES
    from jianghua.engines.ingest import ingest_paths

    path = tmp_path / "c.db"
    with Corpus(path) as corpus:
        seen: list[set[str]] = []
        ingest_paths(corpus, [seeds_dir], progress=lambda _key, _n: seen.append(_child_indexes(corpus.db)))
        assert seen and all(indexes == set() for indexes in seen)  # none kept up while the rows went in
        assert _child_indexes(corpus.db) == set(CHILD_INDEX_NAMES)
        documents = corpus.count("documents")
        corpus.db.execute("DROP INDEX sentences_doc")  # as a run killed before its end leaves the corpus
        corpus.db.execute("DROP INDEX removed_page")
    with Corpus(path) as corpus:
        assert _child_indexes(corpus.db) == set(CHILD_INDEX_NAMES)
        ingest_paths(corpus, [seeds_dir])  # a corpus with pages keeps its indexes up row by row
        assert _child_indexes(corpus.db) == set(CHILD_INDEX_NAMES) and corpus.count("documents") == documents


def test_a_first_ingest_that_stops_still_makes_the_child_indexes(seeds_dir, tmp_path):
    from jianghua.corpus.schema import CHILD_INDEX_NAMES

    with Corpus(tmp_path / "c.db") as corpus:
        with pytest.raises(KeyboardInterrupt), corpus.batch(defer_indexes=True):
            assert _child_indexes(corpus.db) == set()
            raise KeyboardInterrupt
        assert _child_indexes(corpus.db) == set(CHILD_INDEX_NAMES)
