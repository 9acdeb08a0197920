"""Search and concordance find exactly what a substring scan of the canonical text finds, in either
script, and show it in the original script; malformed queries get a message, never a traceback."""

from __future__ import annotations

import pytest
from jianghua.errors import JianghuaError
from jianghua.interfaces.cli import app
from jianghua.query import search as q
from typer.testing import CliRunner

QUERIES = ["干部", "幹部", "竞争上岗", "思想政治", "民主测评", "领导干部", "xx", "信息", "资格审查", "2014", "谢谢大家"]


def _scan(corpus, term):
    term = q.normalize_query_term(term)
    rows = corpus.db.execute("SELECT id, text FROM paragraphs").fetchall()
    return ({r["id"] for r in rows if term.lower() in r["text"].lower()},
            sum(r["text"].lower().count(term.lower()) for r in rows))


@pytest.mark.parametrize("term", QUERIES)
def test_search_and_kwic_equal_a_substring_scan(seed_corpus, term):
    paragraphs, occurrences = _scan(seed_corpus, term)
    result = q.search(seed_corpus, term, limit=10_000, count_cap=None)
    assert {r["paragraph"] for r in result["results"]} == paragraphs and result["total"] == len(paragraphs)
    lines = q.kwic(seed_corpus, term, limit=None)
    assert lines["total"] == occurrences


def test_kwic_shows_the_original_script(seed_corpus):
    lines = q.kwic(seed_corpus, "信息", window=6, limit=None)["lines"]
    keywords = {line["keyword"] for line in lines}
    assert keywords == {"信息", "資訊"}  # the Taiwan-converted page shows its own word
    canonical = q.kwic(seed_corpus, "信息", window=6, limit=None, original=False)["lines"]
    assert {line["keyword"] for line in canonical} == {"信息"}


def test_kwic_sorts(seed_corpus):
    lines = q.kwic(seed_corpus, "干部", window=5, sort="right", limit=None, original=False)["lines"]
    rights = [line["right"] for line in lines]
    assert rights == sorted(rights)
    lefts = [line["left"][::-1] for line in q.kwic(seed_corpus, "干部", sort="left", limit=None, original=False)["lines"]]
    assert lefts == sorted(lefts)


def test_boolean_queries(seed_corpus):
    both = q.search(seed_corpus, "挂职 AND 统战部", limit=1000)
    either = q.search(seed_corpus, "挂职 OR 统战部", limit=1000)
    without = q.search(seed_corpus, "挂职 NOT 统战部", limit=1000)
    assert 0 < both["total"] < either["total"]
    assert without["total"] == either["total"] - q.search(seed_corpus, "统战部", limit=1000)["total"]
    for r in both["results"]:
        assert "挂职" in r["text"] and "统战部" in r["text"]
    phrase = q.search(seed_corpus, '"任前公示"', limit=1000)
    assert phrase["total"] == len(_scan(seed_corpus, "任前公示")[0])


def test_hits_map_to_the_original(seed_corpus):
    result = q.search(seed_corpus, "競爭上崗", limit=50)
    for r in result["results"]:
        for hit in r["hits"]:
            original = r["original"][hit["orig_start"]:hit["orig_end"]]
            assert original in ("竞争上岗", "競爭上崗")


@pytest.mark.parametrize("bad", ['"unclosed', "NOT 干部", "干部 AND", "(干部", "干部)", "，。", ""])
def test_malformed_queries_get_a_message(seed_corpus, bad):
    with pytest.raises(JianghuaError) as caught:
        q.search(seed_corpus, bad)
    assert caught.value.code == "Q701"


def test_cli_search_error_is_a_message_not_a_traceback(seed_corpus):
    result = CliRunner().invoke(app, ["search", "(干部", "--db", seed_corpus.path])
    assert result.exit_code == 2 and "Q701" in result.output and "Traceback" not in result.output


def test_freq_collocates_keyness(seed_corpus):
    from jianghua.query import textstat

    freq = textstat.freq(seed_corpus, top=10)
    words = {r["word"] for r in freq["groups"]["all"]["top"]}
    assert "干部" in words and "，" not in words
    bigrams = textstat.freq(seed_corpus, ngram=2, top=50)["groups"]["all"]["top"]
    assert any(r["word"] == "中层干部竞争上岗" for r in bigrams)
    col = textstat.collocates(seed_corpus, "竞争上岗", measure="mi", min_count=5)
    assert col["occurrences"] > 100 and col["collocates"]
    llr = textstat.collocates(seed_corpus, "竞争上岗", measure="llr")["collocates"]
    assert [r["score"] for r in llr] == sorted((r["score"] for r in llr), reverse=True)
    with pytest.raises(JianghuaError):
        textstat.keyness(seed_corpus, "no_such_genre")


@pytest.mark.parametrize("by", ["genre", "topic", "year"])
def test_term_by_equals_a_substring_count(seed_corpus, by):
    """Occurrences per group equal ``text.lower().count(term)`` over every paragraph, for terms without
    case (counted in UTF-8 bytes), with case (xx, XX: decoded and lower-cased) and with punctuation."""
    group_of, documents = {}, {}
    for doc_id, value in seed_corpus.db.execute(f"SELECT id, {by} FROM documents"):
        group_of[doc_id] = group = str(value) if value is not None else "unknown"
        documents[group] = documents.get(group, 0) + 1
    rows = seed_corpus.db.execute("SELECT doc_id, text FROM paragraphs").fetchall()
    for term in ["干部", "幹部", "竞争上岗", "2014", "xx", "XX", "干部，", "谢谢大家"]:
        needle = q.normalize_query_term(term).lower()
        expected = dict.fromkeys(documents, 0)
        for doc_id, text in rows:
            expected[group_of[doc_id]] += text.lower().count(needle)
        groups = q.term_by(seed_corpus, term, by)["groups"]
        assert {g: v["occurrences"] for g, v in groups.items()} == expected, term
        assert {g: v["documents"] for g, v in groups.items()} == documents
        assert sum(expected.values()) > 0, term


def test_a_database_indexed_by_the_earlier_tokenizer_answers_the_same(seed_corpus, tmp_path):
    # databases built before the index switched from ``unicode61`` to ``ascii`` (the FTS form is already
    # one lower-cased letter or digit per token: ascii only splits at the spaces, 28% faster to build)
    import sqlite3

    from jianghua.corpus.store import Corpus, fts_chars

    copy = tmp_path / "unicode61.db"
    seed_corpus.db.execute("VACUUM INTO ?", (str(copy),))
    db = sqlite3.connect(copy)
    assert "tokenize='ascii'" in db.execute("SELECT sql FROM sqlite_master WHERE name = 'para_fts'").fetchone()[0]
    db.execute("DROP TABLE para_fts")
    db.execute("CREATE VIRTUAL TABLE para_fts USING fts5(chars, content='', tokenize='unicode61 remove_diacritics 0')")
    db.executemany("INSERT INTO para_fts (rowid, chars) VALUES (?, ?)",
                   [(i, fts_chars(t)) for i, t in db.execute("SELECT id, text FROM paragraphs").fetchall()])
    db.commit()
    db.close()
    older = Corpus(copy, readonly=True)
    for term in [*QUERIES, "挂职 AND 统战部", '"任前公示"', "競爭上崗"]:
        assert q.search(older, term, limit=10_000, count_cap=None) == q.search(seed_corpus, term, limit=10_000, count_cap=None)
        assert q.kwic(older, term, limit=None) == q.kwic(seed_corpus, term, limit=None)
    older.close()


# --- kwic takes search's query language ---------------------------------------------------------------------

def _paragraph_rows(corpus):
    return corpus.db.execute("SELECT id, text, words FROM paragraphs").fetchall()


def _word_hits(text, words, stem):
    spans, i = [], 0
    for w in words.split(" "):
        if not w:
            continue
        i = text.index(w, i)
        if w.lower().startswith(stem):
            spans.append((i, i + len(w)))
        i += len(w)
    return spans


@pytest.mark.parametrize("query", ["竞*", "幹*", "竞争*", "考*"])
def test_a_prefix_finds_the_words_that_begin_with_it(demo_corpus, query):
    stem = q.normalize_query_term(query[:-1]).lower()
    expected = [(r["id"], s, e) for r in _paragraph_rows(demo_corpus) for s, e in _word_hits(r["text"], r["words"], stem)]
    lines = q.kwic(demo_corpus, query, limit=None, original=False)["lines"]
    assert len(lines) == len(expected) > 0
    assert all(line["keyword"].startswith(stem) for line in lines)
    texts = dict(demo_corpus.db.execute("SELECT uid, text FROM documents").fetchall())
    assert all(texts[line["doc_id"]][line["start"]:line["end"]] == line["keyword"] for line in lines)
    found = q.search(demo_corpus, query, limit=10_000)
    assert {r["paragraph"] for r in found["results"]} == {p for p, _s, _e in expected}


@pytest.mark.parametrize(("query", "terms", "without"), [
    ("竞聘 OR 竞岗", ["竞聘", "竞岗"], None),
    ("干部 NOT 挂职", ["干部"], "挂职"),
    ('"正确对待组织"', ["正确对待组织"], None),
    ("领导干部 OR 干部", ["领导干部", "干部"], None),
])
def test_kwic_takes_the_query_language(demo_corpus, query, terms, without):
    expected = 0
    for r in _paragraph_rows(demo_corpus):
        text = r["text"].lower()
        if not any(t in text for t in terms) or (without and without in text):
            continue
        covered = set()
        for t in sorted(terms, key=len, reverse=True):  # overlapping hits: each character in one
            start = text.find(t)
            while start >= 0:
                if not covered & set(range(start, start + len(t))):
                    covered |= set(range(start, start + len(t)))
                    expected += 1
                start = text.find(t, start + len(t))
    result = q.kwic(demo_corpus, query, limit=None)
    assert result["total"] == len(result["lines"]) == expected > 0


def test_kwic_of_an_and_query_shows_each_term_in_paragraphs_holding_both(demo_corpus):
    lines = q.kwic(demo_corpus, "挂职 统战部", limit=None, original=False)["lines"]
    paragraphs = [r for r in _paragraph_rows(demo_corpus) if "挂职" in r["text"] and "统战部" in r["text"]]
    assert len(lines) == sum(r["text"].count("挂职") + r["text"].count("统战部") for r in paragraphs) > 0


@pytest.mark.parametrize("bad", ["竞*争", "*", "竞**", "干部 NEAR 竞争", "NEAR(干部 竞争)"])
def test_a_misplaced_star_is_a_message(demo_corpus, bad):
    with pytest.raises(JianghuaError) as caught:
        q.kwic(demo_corpus, bad)
    assert caught.value.code == "Q701"


def test_kwic_csv_and_jsonl_from_the_command_line(demo_db, demo_corpus):
    import csv
    import io
    import json

    runner = CliRunner()
    every = q.kwic(demo_corpus, "竞争上岗", limit=None)
    table = runner.invoke(app, ["kwic", "竞争上岗", "--db", demo_db, "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(table.output)))
    assert table.exit_code == 0 and len(rows) == every["total"] > 200  # every line, not the table's 200
    assert list(rows[0]) == list(q.KWIC_COLUMNS) and rows[0]["keyword"] == every["lines"][0]["keyword"]
    jsonl = runner.invoke(app, ["kwic", "竞争上岗", "--db", demo_db, "--format", "jsonl", "--limit", "5"])
    assert [json.loads(line) for line in jsonl.output.splitlines()] == every["lines"][:5]
    excel = runner.invoke(app, ["kwic", "竞争上岗", "--db", demo_db, "--format", "csv", "--excel", "--limit", "1"])
    assert excel.output.startswith("\ufeffdoc_id,")
    wrong = runner.invoke(app, ["kwic", "竞争上岗", "--db", demo_db, "--format", "jsonl", "--excel"])
    assert wrong.exit_code == 2 and "X607" in wrong.output
