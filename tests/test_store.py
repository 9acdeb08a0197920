"""The corpus database: invariants, the character index's recall against a substring scan, exports."""

from __future__ import annotations

import json
import random
import re

import pytest
from jianghua.export import export
from jianghua.store import Corpus, fts_chars


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


def test_verify_detects_a_broken_index(seed_corpus, tmp_path):
    copy = tmp_path / "broken.db"
    seed_corpus.db.execute("VACUUM INTO ?", (str(copy),))
    broken = Corpus(copy)
    with broken.transaction() as conn:
        row = conn.execute("SELECT id, text FROM paragraphs LIMIT 1").fetchone()
        conn.execute("INSERT INTO para_fts(para_fts, rowid, chars) VALUES('delete', ?, ?)", (row["id"], fts_chars(row["text"])))
    failed = {c["check"] for c in broken.verify(sample=10_000) if not c["ok"]}
    assert "index_matches_paragraphs" in failed


def test_verify_detects_an_unaccounted_page(seed_corpus, tmp_path):
    copy = tmp_path / "broken2.db"
    seed_corpus.db.execute("VACUUM INTO ?", (str(copy),))
    broken = Corpus(copy)
    with broken.transaction() as conn:
        conn.execute("UPDATE files SET status='quarantined' WHERE id=1")
    failed = {c["check"] for c in broken.verify() if not c["ok"]}
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
