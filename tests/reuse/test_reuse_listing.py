"""The read side of the reuse index: substitutions counted per place (checked against a reference
written here), variants readable in a pipe, and passage pages."""

from __future__ import annotations

import difflib
import json
import re
from collections import defaultdict

from jianghua.interfaces.cli import app
from jianghua.query.filters import Filters
from jianghua.reuse import variants, word_substitutions
from jianghua.reuse.listing import SPUN_DENSITY, marked_text, passage_page, substitutions
from typer.testing import CliRunner

runner = CliRunner()


def _words_inside(corpus, uid, start, end):
    out = []
    rows = corpus.db.execute('SELECT p.start, p.text, p.words FROM paragraphs p JOIN documents d ON d.id = p.doc_id'
                             ' WHERE d.uid = ? ORDER BY p.ordinal', (uid,))
    for p_start, text, words in rows:
        i = 0
        for w in words.split(" "):
            if not w:
                continue
            i = text.index(w, i)
            if start <= p_start + i and p_start + i + len(w) <= end:
                out.append((p_start + i, w))
            i += len(w)
    return out


def _reference(corpus, keep=None):
    """Substitution places: a copy's changes against its canonical document; every other document's
    passage occurrences against their cluster's representative, word by word, in passages at least
    SPUN_DENSITY alike (difflib's own ratio); each place once."""
    counts = defaultdict(int)
    docs = defaultdict(set)
    places = defaultdict(set)
    copies = set()
    for uid, changes in corpus.db.execute("SELECT doc_id, changes FROM doc_clusters WHERE canonical = 0"):
        copies.add(uid)
        if keep is None or uid in keep:
            for change in json.loads(changes):
                counts[change["a"], change["b"]] += change["count"]
                docs[change["a"], change["b"]].add(uid)
    rows = corpus.db.execute('SELECT o.doc_id, o.start, o."end", o.text, c.representative, c.rep_doc, c.rep_start, c.rep_end'
                             " FROM passage_occurrences o JOIN passage_clusters c ON c.id = o.cluster").fetchall()
    for uid, start, end, text, rep, rep_doc, rep_start, rep_end in rows:
        if uid in copies or text == rep or (keep is not None and uid not in keep):
            continue
        if difflib.SequenceMatcher(None, rep, text, autojunk=False).ratio() < SPUN_DENSITY:
            continue
        mine = _words_inside(corpus, uid, start, end)
        theirs = _words_inside(corpus, rep_doc, rep_start, rep_end)
        for _i, j, a, b in word_substitutions([w for _p, w in theirs], [w for _p, w in mine]):
            places[a, b].add((uid, mine[j][0]))
    for pair, found in places.items():
        counts[pair] += len(found)
        docs[pair] |= {uid for uid, _at in found}
    return counts, docs, places


def test_substitutions_equal_the_reference(demo_corpus):
    counts, docs, places = _reference(demo_corpus)
    rows = substitutions(demo_corpus)
    assert {(r["a"], r["b"]): r["count"] for r in rows} == dict(counts)
    assert {(r["a"], r["b"]): r["n_docs"] for r in rows} == {k: len(v) for k, v in docs.items()}
    assert all(r["count"] == r["duplicate_count"] + r["passage_count"] for r in rows)
    assert ("公开", "公然") in counts and any(r["passage_count"] for r in rows)
    texts = dict(demo_corpus.db.execute("SELECT uid, text FROM documents").fetchall())
    for r in rows:
        for example in r["examples"]:
            assert texts[example["doc_id"]][example["start"]:example["end"]] == r["b"]  # the place reads b
        # never more places than the documents hold b
        holding = sum(texts[d].count(r["b"]) for d in docs[r["a"], r["b"]])
        assert r["count"] <= holding, r
    counts_in_order = [r["count"] for r in rows]
    assert counts_in_order == sorted(counts_in_order, reverse=True)


def test_substitutions_with_filters(demo_corpus):
    for filters in (Filters(site="seeds"), Filters(exclude_duplicates=True), Filters(genre="mobilization_speech")):
        sql, params = filters.documents_sql("d.uid")
        keep = {u for (u,) in demo_corpus.db.execute(sql, params)}
        counts, _docs, _places = _reference(demo_corpus, keep)
        assert {(r["a"], r["b"]): r["count"] for r in substitutions(demo_corpus, filters)} == dict(counts)
    assert all(r["duplicate_count"] == 0 for r in substitutions(demo_corpus, Filters(exclude_duplicates=True)))
    assert [r["count"] for r in substitutions(demo_corpus, min_count=2)] == [
        r["count"] for r in substitutions(demo_corpus) if r["count"] >= 2]


def _unmark(marked: str, keep: str) -> str:
    removed, added = r"\[-(.*?)-\]", r"\{\+(.*?)\+\}"
    if keep == "variant":
        return re.sub(added, r"\1", re.sub(removed, "", marked))
    return re.sub(removed, r"\1", re.sub(added, "", marked))


def test_marked_text_gives_back_both_readings(demo_corpus):
    cluster = next(c["id"] for c in passage_page(demo_corpus, limit=None)["clusters"]
                   if any(v["similarity"] < 1 for v in variants(demo_corpus, c["id"])["variants"]))
    data = variants(demo_corpus, cluster)
    for v in data["variants"]:
        marked = marked_text(v["segments"])
        assert _unmark(marked, "variant") == v["text"]
        assert _unmark(marked, "representative") == data["representative"]["text"]
        assert ("[-" in marked or "{+" in marked) == (v["similarity"] < 1)


def test_variants_in_a_pipe_are_marked_and_plain_is_clean(demo_db, demo_corpus):
    cluster = next(c["id"] for c in passage_page(demo_corpus, limit=None)["clusters"]
                   if any(v["similarity"] < 1 for v in variants(demo_corpus, c["id"])["variants"]))
    data = variants(demo_corpus, cluster)
    piped = runner.invoke(app, ["variants", str(cluster), "--db", demo_db]).output  # not a terminal
    blocks = [b for b in piped.split("\n# ")[1:]]
    assert len(blocks) == len(data["variants"])
    for block, v in zip(blocks, data["variants"], strict=True):
        marked = block.split("\n", 1)[1].rstrip("\n")
        assert marked == marked_text(v["segments"]) and _unmark(marked, "variant") == v["text"]
    plain = runner.invoke(app, ["variants", str(cluster), "--db", demo_db, "--plain"]).output
    assert "[-" not in plain and "{+" not in plain
    assert [b.split("\n", 1)[1].rstrip("\n") for b in plain.split("\n# ")[1:]] == [v["text"] for v in data["variants"]]


def test_passage_pages_cover_the_clusters_once(demo_corpus):
    every = passage_page(demo_corpus, limit=None)
    pages = [passage_page(demo_corpus, limit=10, offset=o) for o in range(0, every["total"], 10)]
    assert [c["id"] for p in pages for c in p["clusters"]] == [c["id"] for c in every["clusters"]]
    assert all(p["total"] == every["total"] == len(every["clusters"]) for p in pages)


def test_substitutions_help_says_what_is_counted():
    text = runner.invoke(app, ["substitutions", "--help"], env={"COLUMNS": "200"}).output
    assert "one per place" in text and "canonical document" in text and "representative" in text


def test_one_passage_is_one_cluster_holding_every_document_with_it(demo_corpus):
    """Issue 17 item 5: 要正确对待组织，正确对待自己，正确对待别人。 opens one paragraph in two speeches and stands
    inside another paragraph (alone, or run on with the next sentences) in four: it was in two clusters,
    the shared sentence (19 letters) being shorter than an alignment keeps. A whole sentence shared word
    for word is a passage now, and standing at the head of both paragraphs' spans it joins them: every
    document of the demo corpus holding the sentence is in one cluster, with one occurrence each, and
    ``variants`` of the text lists them all."""
    from jianghua.reuse import variants

    sentence = "要正确对待组织，正确对待自己，正确对待别人"
    holding = {uid for (uid,) in demo_corpus.db.execute("SELECT uid FROM documents WHERE instr(text, ?) > 0", (sentence,))}
    assert len(holding) == 6
    rows = demo_corpus.db.execute('SELECT cluster, doc_id FROM passage_occurrences WHERE instr(text, ?) > 0'
                                  " ORDER BY doc_id, start", (sentence,)).fetchall()
    assert len({cluster for cluster, _doc in rows}) == 1
    cluster = rows[0][0]
    assert [doc for _c, doc in rows] == sorted(holding)  # one occurrence in each document, no other extent
    listed = demo_corpus.db.execute("SELECT n_docs, n_works FROM passage_clusters WHERE id = ?", (cluster,)).fetchone()
    assert tuple(listed) == (6, 6)
    found = variants(demo_corpus, "要正确对待组织，正确对待自己")
    assert found["cluster"] == cluster and found["n_docs"] == 6
    assert sorted(v["doc_id"] for v in found["variants"]) == sorted(holding)
    assert all(sentence in v["text"] for v in found["variants"])


def test_overlapping_passages_are_reached_from_each_others_variants(demo_corpus):
    """Passages that still overlap in a document (a short one inside a longer one, not at its head or
    tail) list each other under the variants, so a template writer reaches every extent from any one."""
    from jianghua.reuse import variants

    overlapping = {(a, b) for a, b in demo_corpus.db.execute(
        'SELECT DISTINCT x.cluster, y.cluster FROM passage_occurrences x JOIN passage_occurrences y ON x.doc_id = y.doc_id'
        ' AND x.start < y."end" AND y.start < x."end" AND x.cluster != y.cluster')}
    assert overlapping
    for cluster in {a for a, _b in overlapping}:
        related = {r["cluster"] for r in variants(demo_corpus, cluster, limit=0)["related"]}
        assert related == {b for a, b in overlapping if a == cluster}
