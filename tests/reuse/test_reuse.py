"""Stage reuse: duplicate documents, reused passages, boilerplate versus template, substitutions.

The seed pages are scored against tests/golden/reuse_seeds.json (written by reading the pages) with
the floors kept in that file; the sample corpus holds the spun copy; small corpora built here check
furniture scoring, idempotence and that candidate generation never compares all pairs. The index is
incremental: folding documents in batch by batch (ingest A, then B; documents deleted or replaced;
a build stopped half way; worker processes) gives every table exactly as one build from scratch."""

from __future__ import annotations

import difflib
import json
import os
import random
import shutil
import sqlite3
import tarfile
from itertools import groupby
from pathlib import Path

import numpy as np
import pytest
from jianghua.corpus.store import Corpus
from jianghua.engines.ingest import ingest_paths
from jianghua.errors import JianghuaError
from jianghua.reuse import (
    REUSE_VERSION,
    TABLES,
    ReuseParams,
    Signer,
    align,
    build_reuse,
    content,
    coverage,
    diff,
    diff_segments,
    duplicate_records,
    index_status,
    lsh,
    passage_records,
    passages,
    reuse_needed,
    shingle_hash,
    shingles,
    spill,
    substitution_list,
    variants,
    word_substitutions,
)
from jianghua.reuse import build as reuse_build
from jianghua.reuse.snap import CLAUSE_ENDS, OPENERS, snap

from tests.conftest import BENCH, GOLDEN, SAMPLE

# --- helpers ------------------------------------------------------------------------------------------


def _copy(corpus: Corpus, path: Path) -> Corpus:
    """A private copy of a session corpus, so building reuse tables never touches other tests' data."""
    target = sqlite3.connect(path)
    corpus.db.backup(target)
    target.close()
    return Corpus(path)


RUN_ROWS = ("last_run", "state_since")  # reuse_meta rows about one run (its timings), not about the corpus


def _dump(corpus: Corpus) -> dict[str, list]:
    """Every reuse table, rows sorted; the LSH index as its entries, however they are cut into runs."""
    out: dict[str, list] = {}
    for table in TABLES:
        if table == "reuse_lsh":
            bands = json.loads(dict(corpus.db.execute("SELECT key, value FROM reuse_meta"))["params"])["bands"]
            out[table] = [lsh.entries(corpus.db, band).tolist() for band in range(bands)]
            continue
        rows = [tuple(r) for r in corpus.db.execute(f"SELECT * FROM {table}")]
        out[table] = sorted((r for r in rows if not (table == "reuse_meta" and r[0] in RUN_ROWS)), key=repr)
    out["duplicate_of"] = [tuple(r) for r in corpus.db.execute("SELECT uid, duplicate_of FROM documents ORDER BY uid")]
    return out


def _differences(a: dict[str, list], b: dict[str, list]) -> dict[str, tuple[int, int]]:
    """Per differing table: rows only in a, rows only in b."""
    found = {}
    for table in a:
        if a[table] != b[table]:
            only_a = {repr(r) for r in a[table]} - {repr(r) for r in b[table]}
            only_b = {repr(r) for r in b[table]} - {repr(r) for r in a[table]}
            found[table] = (len(only_a), len(only_b))
    return found


def _doc_keys(corpus: Corpus) -> dict[str, tuple[str, int]]:
    """documents.uid -> (seed file name, document ordinal)."""
    return {d["uid"]: (Path(d["source"]).name, d["ordinal"]) for d in corpus.documents()}


def _paragraph_texts(corpus: Corpus) -> dict[tuple[str, int, int], str]:
    keys = _doc_keys(corpus)
    rows = corpus.db.execute("SELECT d.uid, p.ordinal, p.text FROM paragraphs p JOIN documents d ON d.id = p.doc_id")
    return {(*keys[uid], ordinal): text for uid, ordinal, text in rows}


@pytest.fixture(scope="module")
def golden_reuse() -> dict:
    return json.loads((GOLDEN / "reuse_seeds.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seed_reuse(seed_corpus, tmp_path_factory):
    corpus = _copy(seed_corpus, tmp_path_factory.mktemp("reuse-seeds") / "seeds.db")
    stats = build_reuse(corpus)
    yield corpus, stats
    corpus.close()


@pytest.fixture(scope="module")
def sample_reuse(tmp_path_factory):
    corpus = Corpus(tmp_path_factory.mktemp("reuse-sample") / "sample.db")
    ingest_paths(corpus, [SAMPLE])
    build_reuse(corpus)
    yield corpus
    corpus.close()


# --- MinHash, alignment, substitutions: the pieces ------------------------------------------------------

def test_signatures_equal_datasketch_minhash():
    from datasketch import MinHash

    params = ReuseParams()
    signer = Signer(params)
    texts = ["要正确对待组织正确对待自己正确对待别人", "干部", "竞争上岗是选拔优秀干部的有效形式", "12345abc"]
    computed = signer.signatures(texts)
    for text, row in zip(texts, computed, strict=True):
        reference = MinHash(num_perm=params.num_perm, seed=params.seed, hashfunc=shingle_hash)
        reference.update_batch(shingles(text, params.shingle_size))
        assert np.array_equal(reference.hashvalues, row), text


def test_band_keys_follow_datasketch_parameters():
    from datasketch import MinHashLSH

    params = ReuseParams().resolved()
    lsh = MinHashLSH(threshold=params.threshold, num_perm=params.num_perm)
    assert (params.bands, params.rows) == (lsh.b, lsh.r)
    signer = Signer(params)
    keys = signer.band_keys(signer.signatures(["要正确对待组织正确对待自己", "要正确对待组织正确对待自己", "完全不同的一句话在这里"]))
    assert keys.shape == (3, params.bands)
    assert (keys[0] == keys[1]).all() and not (keys[0] == keys[2]).all()


@pytest.mark.parametrize("values, message", [
    ({"shingel_size": 3}, "unknown reuse parameter"),
    ({"threshold": 1.5}, "threshold"),
    ({"bands": 4}, "bands and rows"),
    ({"bands": 40, "rows": 4}, "at most num_perm"),
])
def test_bad_parameters_are_errors(values, message):
    with pytest.raises(JianghuaError, match=message) as info:
        ReuseParams.from_dict(values)
    assert info.value.code == "U801"


def test_align_joins_edits_into_one_passage_with_offsets():
    params = ReuseParams()
    a = content("要正确对待组织，正确对待自己，正确对待别人。每一个中层干部都要讲党性，讲大局，讲组织原则。")
    b = content("开头不同的话。要正确对待组织，正确对待自己，正确对待别人。每一个机关干部都要讲党性，讲大局，讲组织原则。")
    (region,) = align(a, b, params)
    assert a[region.a0:region.a1] == a  # the whole of a, across the 中层/机关 edit
    assert b[region.b0:region.b1].startswith("要正确对待组织") and region.matched == len(a) - 2
    assert align(a, content("毫不相干的另一段文字，讲的是天气和交通。"), params) == []


@pytest.mark.parametrize("a, b, expected", [
    ("坚持 按照 公开 平等 竞争 择优 的 原则", "坚持 按照 公然 同等 竞争 择优 的 原则", [("公开", "公然"), ("平等", "同等")]),
    ("深入 大气污染 治理 一线 宣传", "深入 大气污染 防治 一线 宣传", [("治理", "防治")]),
    ("召开 干部 动员 大会 今天", "召开 干部 发动 大会 今天", [("动员", "发动")]),
    ("健康 成长 既 有赖于 个人 的 努力", "健康 成长 一 是 个人 的 努力", []),       # single characters: rewording
    ("展示 能力 推介 自我 完善 自我 的 机遇", "展示 能力 推荐 自我 的 机遇", []),    # a phrase for a shorter one
    ("公开 平等 竞争", "公然 平等 竞争", []),                                         # at the edge: no context
    ("职位 公开 条件 公开 程序", "职位 公然 条件 公然 程序", [("公开", "公然"), ("公开", "公然")]),
    ("选拔 年富力强 的 干部", "选拔 年富力 的 干部", []),                            # a damaged word: a deletion
])
def test_word_substitutions(a, b, expected):
    found = [(x, y) for _i, _j, x, y in word_substitutions(a.split(), b.split())]
    assert found == expected


def test_group_links_are_the_first_k_of_each_side_both_ways():
    """Seeds link each class of one text to the first k classes of the other and the first k of the one
    to all of the other's, only where a class is new: the vectorized form equals that definition."""
    from jianghua.reuse.seeds import Instances, group_links, links

    rng = random.Random(3)
    k = 4
    for _ in range(400):
        xs = sorted(rng.sample(range(1, 60), rng.choice([1, 2, 4, 5, 9])))
        ys = sorted(rng.sample(range(1, 60), rng.choice([1, 3, 4, 6, 20])))
        new_from = rng.choice([1, 20, 40, 59])
        expected = {(min(x, y), max(x, y)) for x in xs for y in ys[:k]} | {(min(x, y), max(x, y)) for x in xs[:k] for y in ys}
        expected = {p for p in expected if p[0] != p[1] and p[1] >= new_from}
        assert {(min(x, y), max(x, y)) for x, y in links(xs, ys, k, new_from)} == expected
        zero = np.zeros(2, dtype=np.int64)
        inst = Instances(ids=np.array([1, 2]), length=zero, half=zero.astype(bool), first_kind=zero, first_class=zero,
                         first_lo=zero, first_hi=zero, lo=np.array([0, len(xs)]), hi=np.array([len(xs), len(xs) + len(ys)]),
                         classes=np.array(xs + ys))
        _pair, x, y = group_links(inst, np.array([0]), np.array([1]), k)  # every link, new or not
        found = {(min(a, b), max(a, b)) for a, b in zip(x.tolist(), y.tolist(), strict=True) if a != b and max(a, b) >= new_from}
        assert found == expected, (xs, ys, new_from)
        # only the links with a new class are made: none to drop, none missing
        _pair, x, y = group_links(inst, np.array([0]), np.array([1]), k, new_from)
        assert bool((np.maximum(x, y) >= new_from).all())
        assert {(min(a, b), max(a, b)) for a, b in zip(x.tolist(), y.tolist(), strict=True) if a != b} == expected
        assert len(x) <= len(xs) * min(k, len(ys)) + len(ys) * min(k, len(xs))



def test_group_links_of_two_big_old_texts_cost_only_their_new_classes():
    """Two formulae held by 500 classes each, one of them gaining a class in the batch: its new class
    with the other's first k, nothing else (the links among old classes are not made and dropped)."""
    from jianghua.reuse.seeds import Instances, group_links

    xs, ys = [*range(1, 500), 1500], list(range(600, 1100))
    zero = np.zeros(2, dtype=np.int64)
    inst = Instances(ids=np.array([1, 2]), length=zero, half=zero.astype(bool), first_kind=zero, first_class=zero,
                     first_lo=zero, first_hi=zero, lo=np.array([0, 500]), hi=np.array([500, 1000]), classes=np.array(xs + ys))
    _pair, x, y = group_links(inst, np.array([0]), np.array([1]), 16, new_from=2000)
    assert len(x) == 0
    _pair, x, y = group_links(inst, np.array([0]), np.array([1]), 16, new_from=1500)
    assert sorted(zip(x.tolist(), y.tolist(), strict=True)) == [(1500, y) for y in range(600, 616)]

# --- the seed pages against the golden annotation -------------------------------------------------------

def test_seed_duplicates_are_found_with_the_more_complete_canonical(seed_reuse, golden_reuse):
    corpus, _stats = seed_reuse
    keys = _doc_keys(corpus)
    pars = _paragraph_texts(corpus)
    records = {keys[r["doc_id"]]: r for r in duplicate_records(corpus)}
    clusters: dict[int, set] = {}
    for key, record in records.items():
        clusters.setdefault(record["cluster"], set()).add(key)
    found = {frozenset(members) for members in clusters.values()}
    for dup in golden_reuse["duplicates"]:
        a, b = (tuple(d) for d in dup["docs"])
        assert frozenset({a, b}) in found, f"duplicate pair {a} {b} not found"
        canonical = a if records[a]["canonical"] else b
        copy = b if canonical == a else a
        if dup["canonical"] is not None:
            assert canonical == tuple(dup["canonical"])
        assert records[copy]["duplicate_of"] == next(u for u, k in keys.items() if k == canonical)
        missing = {ordinal for ordinal in records[copy]["missing"]}
        expected = {o for (f, d, o), text in pars.items() if (f, d) == canonical
                    and any(s in text for s in dup.get("missing_in_copy", []))}
        assert missing == expected, (copy, missing, expected)
        if "substitutions" in dup:
            changes = {(c["a"], c["b"]) for c in records[copy]["changes"]}
            for x, y in dup["substitutions"]:
                assert (x, y) in changes or (y, x) in changes, (dup, changes)
    assert len(found) == len(golden_reuse["duplicates"])  # no other seed documents are duplicates


def test_seed_duplicate_of_column(seed_reuse):
    corpus, _ = seed_reuse
    marked = dict(corpus.db.execute("SELECT uid, duplicate_of FROM documents WHERE duplicate_of IS NOT NULL").fetchall())
    copies = {r["doc_id"]: r["duplicate_of"] for r in duplicate_records(corpus) if not r["canonical"]}
    assert marked == copies and len(marked) == 3


def _speech_of(golden: dict) -> dict[tuple[str, int], tuple[str, int]]:
    """Each seed document's speech: the duplicates' canonical (or first) copy, else the document itself."""
    speech = {}
    for dup in golden["duplicates"]:
        head = tuple(dup["canonical"] or dup["docs"][0])
        for doc in dup["docs"]:
            speech[tuple(doc)] = head
    return speech


def seed_passage_scores(corpus: Corpus, golden: dict) -> dict:
    """Precision and recall of reused paragraphs between different speeches.

    A paragraph is a node (speech, snippet) when it holds an annotated snippet of its speech (a
    duplicate copy's paragraph is the canonical's), else (document, ordinal). An annotated pair is
    found when one cluster has occurrences in both paragraphs. A predicted pair (two nodes of
    different speeches in one cluster) is right when it is annotated (core or optional) or both
    nodes are connected through annotated core pairs: clusters are transitive by design."""
    speech = _speech_of(golden)
    snippets: dict[tuple[str, int], set[str]] = {}
    for entry in golden["reused"] + golden["optional"]:
        for file, ordinal, snippet in (entry["a"], entry["b"]):
            head = speech.get((file, ordinal), (file, ordinal))
            snippets.setdefault(head, set()).add(snippet)
    keys = _doc_keys(corpus)
    pars = _paragraph_texts(corpus)

    def node(doc: tuple[str, int], ordinal: int) -> tuple:
        head = speech.get(doc, doc)
        found = [s for s in snippets.get(head, ()) if s in pars[(*doc, ordinal)]]
        assert len(found) <= 1, (doc, ordinal, found)
        return (head, found[0]) if found else (doc, ordinal)

    def side(entry: list) -> tuple:
        head = speech.get((entry[0], entry[1]), (entry[0], entry[1]))
        return (head, entry[2])

    core = {frozenset((side(e["a"]), side(e["b"]))) for e in golden["reused"]}
    optional = {frozenset((side(e["a"]), side(e["b"]))) for e in golden["optional"]}
    parent: dict = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for pair in core:
        a, b = tuple(pair)
        parent[find(a)] = find(b)
    clusters: dict[int, set] = {}
    for r in passage_records(corpus):
        clusters.setdefault(r["cluster"], set()).add(node(keys[r["doc_id"]], r["paragraph"]))
    predicted = set()
    for nodes in clusters.values():
        for a in nodes:
            for b in nodes:
                if a < b and a[0] != b[0]:
                    predicted.add(frozenset((a, b)))
    right = {p for p in predicted if p in core or p in optional or len({find(n) for n in p}) == 1}
    found = {p for p in core if p in predicted}
    return {"precision": len(right) / max(1, len(predicted)), "recall": len(found) / len(core),
            "missed": sorted(tuple(sorted(p)) for p in core - found),
            "wrong": sorted(tuple(sorted(p)) for p in predicted - right)}


def test_seed_reused_paragraphs_meet_the_floors(seed_reuse, golden_reuse):
    corpus, _ = seed_reuse
    scores = seed_passage_scores(corpus, golden_reuse)
    floors = golden_reuse["floors"]
    assert scores["recall"] >= floors["recall"], scores["missed"]
    assert scores["precision"] >= floors["precision"], scores["wrong"]


@pytest.mark.parametrize("text, found, expected", [
    ("一、（三）服从组织安排，这是有勇气的表现。", "三）服从组织安排", "（三）服从组织安排，"),        # a cut bracket taken in, the comma after
    ("一、（三）服从组织安排，这是有勇气的表现。", "织安排，这是有勇气的表现", "这是有勇气的表现。"),     # mid-clause: from the next clause
    ("我们要正确对待组织，正确对待自己。", "要正确对待组织，正确对待自己", "要正确对待组织，正确对待自己。"),  # less than half left: stays
    ("他说“讲党性，讲大局”。", "讲党性，讲大局", "“讲党性，讲大局”。"),
    ("要正确对待组织，正确对待自己的成绩", "要正确对待组织，正确对待自己", "要正确对待组织，正确对待自己"),  # an end mid-clause stays
    ("要讲党性讲大局", "要讲党性讲大局", "要讲党性讲大局"),
])
def test_passages_snap_to_clause_boundaries(text, found, expected):
    start = text.index(found)
    s, e = snap(text, start, start + len(found))
    assert text[s:e] == expected


@pytest.mark.parametrize("longer, shorter, joined", [
    ((0, 100), (2, 98), True),      # the same stretch
    ((0, 300), (40, 120), True),    # nested, a quarter of the longer or more
    ((0, 300), (3, 73), True),      # the head of the longer (the text alone, then run on with the next sentences)
    ((0, 300), (240, 298), True),   # its tail
    ((0, 300), (120, 180), False),  # a short sentence in the middle of a longer passage: another passage
    ((0, 300), (292, 340), False),  # overlapping at the end only
    ((0, 100), (60, 300), False),   # overlapping, neither inside the other
])
def test_spans_of_one_paragraph_joined_into_one_passage(longer, shorter, joined):
    from jianghua.reuse.clusters import spans_joined

    params = ReuseParams()
    first, second = sorted([longer, shorter])
    result = spans_joined(params, *(np.asarray([x]) for x in (*first, *second)))
    assert bool(result[0]) is joined


def test_occurrences_keep_their_brackets_and_final_punctuation(seed_reuse, sample_reuse):
    """No occurrence starts after an opening bracket it cut off, or stops before the punctuation that
    ends its clause in the document."""
    for corpus in (seed_reuse[0], sample_reuse):
        rows = corpus.db.execute('SELECT d.text, o.start, o."end" FROM passage_occurrences o JOIN documents d ON d.uid = o.doc_id').fetchall()
        assert rows
        cut = [text[max(0, start - 3):end] for text, start, end in rows if start and text[start - 1] in OPENERS]
        short = [text[start:end + 1] for text, start, end in rows if end < len(text) and text[end] in CLAUSE_ENDS]
        assert cut == [] and short == []


def test_every_occurrence_offset_gives_its_text(seed_reuse, sample_reuse):
    for corpus in (seed_reuse[0], sample_reuse):
        bad = corpus.db.execute(
            'SELECT count(*) FROM passage_occurrences o JOIN documents d ON d.uid = o.doc_id'
            ' WHERE substr(d.text, o.start + 1, o."end" - o.start) != o.text').fetchone()[0]
        total = corpus.db.execute("SELECT count(*) FROM passage_occurrences").fetchone()[0]
        assert total > 0 and bad == 0
        for record in passage_records(corpus):
            assert record["text"] and record["end"] > record["start"]
            assert {"cluster", "doc_id", "start", "end", "text", "n_docs", "kind"} <= set(record)


def test_passage_clusters_span_several_works_and_come_biggest_first(seed_reuse):
    corpus, _ = seed_reuse
    listed = passages(corpus, limit=None)
    assert listed and all(p["n_works"] >= 2 and p["n_docs"] >= 2 for p in listed)
    sizes = [(p["n_works"], p["n_docs"]) for p in listed]
    assert sizes == sorted(sizes, reverse=True)
    # one site ("seeds"), two pages of its five: never furniture; template where units differ
    assert all(p["kind"] in ("template", "shared") and p["boilerplate_score"] <= 0.4 for p in listed)
    assert passages(corpus, min_docs=99) == []


def test_passages_filter_by_topic_and_role(seed_reuse):
    corpus, _ = seed_reuse
    listed = passages(corpus, limit=None)
    doc = listed[0]["occurrences"][0]["doc_id"]
    try:
        corpus.db.execute("UPDATE documents SET topic = 'secondment' WHERE uid = ?", (doc,))
        by_topic = passages(corpus, topic="secondment", limit=None)
        assert by_topic and all(any(o["doc_id"] == doc for o in p["occurrences"]) for p in by_topic)
        with pytest.raises(JianghuaError) as unknown:  # an unknown label is an error listing the valid ones, not []
            passages(corpus, topic="no-such-topic")
        assert unknown.value.code == "Q734" and "secondment" in str(unknown.value)
        occurrence = listed[0]["occurrences"][0]
        corpus.db.execute("UPDATE sections SET role = 'requirements' WHERE doc_id = (SELECT id FROM documents WHERE uid = ?)"
                          ' AND start <= ? AND ? < "end"', (doc, occurrence["start"], occurrence["start"]))
        by_role = passages(corpus, role="requirements", limit=None)
        assert listed[0]["id"] in {p["id"] for p in by_role}
        with pytest.raises(JianghuaError) as unknown:
            passages(corpus, role="no-such-role")
        assert unknown.value.code == "Q734" and "requirements" in str(unknown.value)
    finally:
        corpus.db.execute("UPDATE documents SET topic = NULL")
        corpus.db.execute("UPDATE sections SET role = NULL")
        corpus.db.commit()


def test_variants_by_id_and_by_text_in_either_script(seed_reuse):
    corpus, _ = seed_reuse
    by_text = variants(corpus, "要正確對待組織，正確對待自己，正確對待別人")  # traditional script, normalized first
    assert by_text["match"] >= 0.5 and len(by_text["variants"]) >= 3
    assert any("正确对待组织" in v["text"] for v in by_text["variants"])
    by_id = variants(corpus, by_text["cluster"])
    assert by_id["variants"] == by_text["variants"]
    for variant in by_id["variants"]:
        assert "".join(s["b"] for s in variant["segments"]) == variant["text"]
        assert "".join(s["a"] for s in variant["segments"]) == by_id["representative"]["text"]
        assert {s["op"] for s in variant["segments"]} <= {"equal", "replace", "insert", "delete"}
    assert sum(v["reference"] for v in by_id["variants"]) == 1
    with pytest.raises(JianghuaError) as info:
        variants(corpus, "今天天气很好，我们去公园散步吧。")
    assert info.value.code == "U803"
    with pytest.raises(JianghuaError):
        variants(corpus, 99999)


def _difflib(a: str, b: str) -> tuple[float, list[dict[str, str]]]:
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return matcher.ratio(), [{"op": t, "a": a[i1:i2], "b": b[j1:j2]} for t, i1, i2, j1, j2 in matcher.get_opcodes()]


def _assert_difflibs_diff(a: str, b: str) -> None:
    segments = diff_segments(a, b)
    assert "".join(s["a"] for s in segments) == a and "".join(s["b"] for s in segments) == b
    ratio, expected = _difflib(a, b)
    assert segments == expected and diff(a, b)[0] == ratio


def _mutated(rng: random.Random, text: str, alphabet: str, rate: float) -> str:
    out = []
    for ch in text:
        r = rng.random()
        if r < rate / 3:
            continue
        out.append(rng.choice(alphabet) if r < 2 * rate / 3 else ch + rng.choice(alphabet) if r < rate else ch)
    return "".join(out)


def test_long_diffs_are_difflibs_own_on_random_pairs():
    """The anchored diff makes difflib's choices (longest match first, earliest on ties) on long texts:
    prose-like, tiny alphabets, periodic tables, rotated copies."""
    rng = random.Random(5)
    for _ in range(60):
        alphabet = "".join(chr(0x4E00 + x) for x in range(rng.choice([2, 4, 30, 800]))) + "，。；"
        a = "".join(rng.choice(alphabet) for _ in range(rng.randint(120, 700)))
        if rng.random() < 0.3:
            unit = a[:rng.randint(3, 30)]
            a = unit * (len(a) // len(unit))
        b = _mutated(rng, a, alphabet, rng.choice([0.01, 0.05, 0.2, 0.6]))
        if rng.random() < 0.25:
            cut = rng.randint(0, len(b))
            b = b[cut:] + b[:cut]
        _assert_difflibs_diff(a, b)
    _assert_difflibs_diff("", "干部")
    _assert_difflibs_diff("干部", "")


def test_variant_diffs_of_the_seeds_are_difflibs_own(seed_reuse):
    """Every seed cluster's occurrences against its representative, and long texts (the first 1,500
    characters of documents of a duplicate cluster, of passages joined), as difflib diffs them."""
    corpus, _ = seed_reuse
    clusters = [r[0] for r in corpus.db.execute("SELECT id FROM passage_clusters ORDER BY id")]
    assert clusters
    joined = []
    for cluster in clusters:
        result = variants(corpus, cluster)
        reference = result["representative"]["text"]
        joined.append(reference)
        for variant in result["variants"]:
            ratio, expected = _difflib(reference, variant["text"])
            assert variant["segments"] == expected and variant["similarity"] == round(ratio, 4)
    long_pairs = [("".join(joined[::2]), "".join(joined[1::2])), ("".join(joined), "".join(reversed(joined)))]
    texts = {r[0]: r[1] for r in corpus.db.execute("SELECT uid, text FROM documents")}
    for _cluster, docs in groupby(corpus.db.execute("SELECT cluster, doc_id FROM doc_clusters ORDER BY cluster, canonical DESC, doc_id"),
                                 key=lambda r: r[0]):
        uids = [r[1] for r in docs]
        long_pairs.extend((texts[uids[0]][:1500], texts[uid][:1500]) for uid in uids[1:3])
    assert len(long_pairs) >= 4 and max(len(a) for a, _b in long_pairs) > 1000
    for a, b in long_pairs:
        _assert_difflibs_diff(a, b)


def test_reading_without_reuse_tables_says_what_to_do(seed_corpus, tmp_path):
    corpus = _copy(seed_corpus, tmp_path / "plain.db")
    with pytest.raises(JianghuaError) as info:
        passages(corpus)
    assert info.value.code == "U802" and "build_reuse" in str(info.value)
    corpus.close()


def test_params_are_stored_with_the_tables(seed_reuse):
    corpus, stats = seed_reuse
    meta = dict(corpus.db.execute("SELECT key, value FROM reuse_meta").fetchall())
    assert meta["version"] == REUSE_VERSION
    params = json.loads(meta["params"])
    assert params == stats["params"] and params["bands"] * params["rows"] <= params["num_perm"]
    assert {"shingle_size", "num_perm", "threshold", "seed"} <= set(params)


def test_build_twice_gives_identical_tables(seed_reuse):
    corpus, _ = seed_reuse
    before = _dump(corpus)
    build_reuse(corpus)
    assert _last_run(corpus)["mode"] == "update" and _last_run(corpus)["new_documents"] == 0
    assert _differences(before, _dump(corpus)) == {}
    build_reuse(corpus, rebuild=True)
    assert _last_run(corpus)["mode"] == "full"
    assert _differences(before, _dump(corpus)) == {}


# --- the incremental index: any order of folding gives the tables of one build ------------------------

def _ingest_and_build(path: Path, *batches: list[Path], **build: object) -> Corpus:
    corpus = Corpus(path)
    for inputs in batches:
        ingest_paths(corpus, inputs)
        build_reuse(corpus, **build)
    return corpus


def _assert_same_tables(a: Corpus, b: Corpus) -> None:
    dump_a, dump_b = _dump(a), _dump(b)
    assert dump_a["passage_clusters"] and dump_a["doc_clusters"] and dump_a["substitutions"]  # something to compare
    assert _differences(dump_a, dump_b) == {}


def _last_run(corpus: Corpus) -> dict:
    return json.loads(dict(corpus.db.execute("SELECT key, value FROM reuse_meta"))["last_run"])


def test_adding_documents_gives_the_tables_of_one_build(seeds_dir, tmp_path):
    """The sample corpus folded into the seeds' index (its spun copy and reused paragraphs point back
    at seed documents): every table, the index's included, as one build of both."""
    whole = _ingest_and_build(tmp_path / "whole.db", [seeds_dir, SAMPLE])
    added = _ingest_and_build(tmp_path / "added.db", [seeds_dir])
    nodes_before = set(added.db.execute("SELECT class, s, e FROM reuse_nodes"))
    shared_before = _last_run(added)["shared_sentences"]
    ingest_paths(added, [SAMPLE])
    build_reuse(added)
    seeds_docs = added.db.execute("SELECT count(*) FROM documents d JOIN pages p ON p.id = d.page_id"
                                  " JOIN files f ON f.id = p.file_id WHERE f.path LIKE ?", (f"{os.path.realpath(seeds_dir)}%",)).fetchone()[0]
    run = _last_run(added)
    assert run["mode"] == "update" and run["new_documents"] == run["documents"] - seeds_docs > 0
    assert _last_run(whole)["mode"] == "full"
    # a sample paragraph opens with a seed's whole sentence (19 letters, shorter than an alignment
    # keeps): linked to the seed's paragraphs by that sentence in the update, as in the one build
    assert run["shared_sentences"] > 0 and shared_before + run["shared_sentences"] == _last_run(whole)["shared_sentences"]
    _assert_same_tables(whole, added)
    # the graph grew by its new nodes only: the components they joined kept theirs (described again)
    nodes_after = set(added.db.execute("SELECT class, s, e FROM reuse_nodes"))
    assert nodes_before <= nodes_after and run["passage_nodes_recomputed"] == len(nodes_after - nodes_before) > 0


def test_batches_inside_one_build_give_the_same_tables(seeds_dir, tmp_path, monkeypatch):
    whole = _ingest_and_build(tmp_path / "whole.db", [seeds_dir, SAMPLE])
    monkeypatch.setattr(reuse_build, "BATCH_CHARS", 9000)
    monkeypatch.setattr(reuse_build, "PART_CHARS", 3000)
    monkeypatch.setattr(reuse_build, "ALIGN_CHUNK", 7)
    batched = _ingest_and_build(tmp_path / "batched.db", [seeds_dir, SAMPLE])
    _assert_same_tables(whole, batched)


def test_duplicate_weights_spilled_to_disk_give_the_same_tables(seeds_dir, tmp_path, monkeypatch):
    """The duplicate step's pair weights summed in partition files (as a big corpus's are) instead of
    in memory: the same candidates, every table the same; the files go with the build."""
    whole = _ingest_and_build(tmp_path / "whole.db", [seeds_dir, SAMPLE])
    written: list[int] = []
    write = spill.Sums._write

    def counted(self, codes, sums, folder=None, level=0):
        written.append(len(codes))
        write(self, codes, sums, folder, level)

    monkeypatch.setattr(spill, "LIMIT", 16)
    monkeypatch.setattr(spill.Sums, "_write", counted)
    spilled = _ingest_and_build(tmp_path / "spilled.db", [seeds_dir, SAMPLE])
    assert sum(written) > 16
    assert _last_run(spilled)["duplicate_candidates"] == _last_run(whole)["duplicate_candidates"] > 0
    _assert_same_tables(whole, spilled)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_worker_processes_give_the_same_tables(seeds_dir, tmp_path):
    one = _ingest_and_build(tmp_path / "one.db", [seeds_dir, SAMPLE])
    two = _ingest_and_build(tmp_path / "two.db", [seeds_dir, SAMPLE], workers=2)
    _assert_same_tables(one, two)


def _delete_file(corpus: Corpus, name: str) -> int:
    """Remove a file's rows and everything derived from it, as replacing a changed file does; returns
    how many documents went."""
    db = corpus.db
    file_id, page = db.execute("SELECT f.id, p.id FROM files f JOIN pages p ON p.file_id = f.id WHERE f.path LIKE ?",
                               (f"%{name}",)).fetchone()
    docs = [r[0] for r in db.execute("SELECT id FROM documents WHERE page_id = ?", (page,))]
    with db:
        for doc in docs:
            db.execute("DELETE FROM sentences WHERE doc_id = ?", (doc,))
            db.execute("DELETE FROM paragraphs WHERE doc_id = ?", (doc,))
            db.execute("DELETE FROM sections WHERE doc_id = ?", (doc,))
            db.execute("DELETE FROM rule_rows WHERE id = ?", (doc,))
        db.execute("DELETE FROM documents WHERE page_id = ?", (page,))
        db.execute("DELETE FROM removed WHERE page_id = ?", (page,))
        db.execute("DELETE FROM pages WHERE id = ?", (page,))
        db.execute("DELETE FROM files WHERE id = ?", (file_id,))
    return len(docs)


def test_deleting_and_replacing_files_updates_the_index_as_a_rebuild(seeds_dir, tmp_path):
    """A file deleted (its documents gone from the middle of the corpus) and another replaced by an
    edited version: the update rolls the index back to before the first document gone and folds the
    rest again; the result is what a rebuild of the same corpus gives."""
    pages = tmp_path / "pages"
    shutil.copytree(SAMPLE, pages / "sample")
    corpus = _ingest_and_build(tmp_path / "corpus.db", [seeds_dir, pages])
    spun = next(pages.rglob("002-shichang*"))
    assert _delete_file(corpus, spun.name) >= 1  # the spun copy: its duplicate cluster goes with it
    replaced = sorted(p for p in pages.rglob("*") if p.is_file() and p != spun)[0]
    _delete_file(corpus, replaced.name)
    replaced.write_text(replaced.read_text(encoding="utf-8").replace("干部", "同志", 3), encoding="utf-8")
    ingest_paths(corpus, [replaced])
    status = index_status(corpus)
    assert status["removed"] >= 2 and status["behind"] >= 1
    build_reuse(corpus)
    assert _last_run(corpus)["mode"] == "rollback" and index_status(corpus)["behind"] == 0
    updated = _dump(corpus)
    assert not any("002-shichang" in str(row) for row in updated["doc_clusters"])
    build_reuse(corpus, rebuild=True)
    assert _last_run(corpus)["mode"] == "full"
    assert _differences(updated, _dump(corpus)) == {}
    corpus.close()


def test_an_edited_file_and_a_page_passed_to_its_duplicate_update_the_index_as_a_rebuild(seeds_dir, tmp_path):
    """Through the ledger: a file with a byte-identical copy on another site is edited. Re-ingesting it
    retires its old version, whose page (and documents) pass to the copy, now on the copy's site; the
    new version comes in as new documents. The update equals a rebuild (sites counted included)."""
    pages = tmp_path / "pages"
    shutil.copytree(SAMPLE, pages / "sample")
    edited = next(pages.rglob("001-zhongceng*"))  # in passages and a duplicate cluster
    (pages / "zz-mirror").mkdir()  # after sample/: the copy is the duplicate
    shutil.copy(edited, pages / "zz-mirror" / edited.name)
    corpus = _ingest_and_build(tmp_path / "corpus.db", [seeds_dir, pages])
    uids = {r[0] for r in corpus.db.execute("SELECT d.uid FROM documents d JOIN pages p ON p.id = d.page_id"
                                            " JOIN files f ON f.id = p.file_id WHERE f.path = ?", (os.path.realpath(edited),))}
    assert uids and corpus.db.execute("SELECT count(*) FROM reuse_docs WHERE site = 'fanwen-hans'").fetchone()[0]
    edited.write_text(edited.read_text(encoding="utf-8").replace("干部", "同志", 3), encoding="utf-8")
    ingest_paths(corpus, [pages])
    sites = {r[0] for r in corpus.db.execute(f"SELECT p.site FROM documents d JOIN pages p ON p.id = d.page_id"
                                             f" WHERE d.uid IN ({','.join('?' * len(uids))})", sorted(uids))}
    assert sites == {"zz-mirror"}  # the copy inherited the page
    assert reuse_needed(corpus) and not coverage(corpus)[0]
    build_reuse(corpus)
    assert _last_run(corpus)["mode"] == "rollback" and coverage(corpus)[0] and not reuse_needed(corpus)
    updated = _dump(corpus)
    build_reuse(corpus, rebuild=True)
    assert _differences(updated, _dump(corpus)) == {}
    corpus.close()


def test_a_killed_builds_spill_folder_is_removed_by_the_next_build(seed_corpus, tmp_path):
    import subprocess

    corpus = _copy(seed_corpus, tmp_path / "seeds.db")
    dead = subprocess.Popen(["true"])
    dead.wait()
    left = tmp_path / f".seeds.db-reuse-{dead.pid}-abc123"
    left.mkdir()
    (left / "pairs-0-0.npz").write_bytes(b"x")
    alive = tmp_path / f".seeds.db-reuse-{os.getppid()}-def456"  # a live process's (another build running)
    alive.mkdir()
    build_reuse(corpus)
    assert not left.exists() and alive.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if "-reuse-" in p.name) == [alive.name]
    corpus.close()


def test_a_build_stopped_half_way_leaves_the_tables_and_the_next_one_finishes(seeds_dir, tmp_path):
    corpus = _ingest_and_build(tmp_path / "corpus.db", [seeds_dir])
    ingest_paths(corpus, [SAMPLE])
    before = _dump(corpus)

    def stop(stage: str, done: int, total: int) -> None:
        if stage == "align":
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build_reuse(corpus, progress=stop)
    status = index_status(corpus)
    assert status["state"] == "building" and status["behind"] > 0  # it says a build started, and what it lacks
    after = _dump(corpus)
    after["reuse_meta"] = [r for r in after["reuse_meta"] if r[0] != "state"]
    before["reuse_meta"] = [r for r in before["reuse_meta"] if r[0] != "state"]
    assert _differences(before, after) == {}  # one transaction: the tables are as they were
    build_reuse(corpus)
    assert index_status(corpus)["state"] == "complete"
    _assert_same_tables(_ingest_and_build(tmp_path / "whole.db", [seeds_dir, SAMPLE]), corpus)
    corpus.close()


def _bench_laws(folder: Path, per_archive: int) -> list[Path]:
    """The first ``per_archive`` laws of each bench archive (sorted by name: a law's versions together)."""
    if not BENCH.exists():
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"the bench corpus is not at {BENCH}; CI=true requires it")
        pytest.skip(f"the bench corpus is not at {BENCH}")
    files = []
    for name in ("laws_zh_hans.tar.gz", "laws_zh_hant_tw.tar.gz"):
        with tarfile.open(BENCH / name) as archive:
            members = sorted((m for m in archive.getmembers() if m.isfile() and m.name.endswith(".txt")),
                             key=lambda m: m.name)[:per_archive]
            archive.extractall(folder / name.split(".")[0], members=members, filter="data")
        files.extend(sorted((folder / name.split(".")[0]).rglob("*.txt")))
    return files


@pytest.mark.slow
def test_adding_copies_on_another_site_gives_the_tables_of_one_build(seeds_dir, devset_dir, tmp_path):
    """The seeds and the sample corpus, then a third of the devset's dev pages, then the sample's pages
    again on another site (each file a byte longer: copies, not the same file): the copies join the
    duplicate clusters of indexed documents (works), and the passage components on their paragraphs
    only gain occurrences on a new site, counted from those alone (sites, organizations, works,
    wording, representative). Every table is that of one build of the same files."""
    dev = [p for p in sorted((devset_dir / "pages").iterdir()) if int(p.stem.rsplit("-", 1)[1]) % 3][::3]  # dev split
    some = tmp_path / "dev"
    some.mkdir()
    for path in dev:
        (some / path.name).symlink_to(path)
    mirror = tmp_path / "zz-mirror"
    for path in sorted(p for p in SAMPLE.rglob("*") if p.is_file()):
        target = mirror / path.relative_to(SAMPLE)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes() + b"\n")
    whole = _ingest_and_build(tmp_path / "whole.db", [seeds_dir, SAMPLE, some, mirror])
    added = _ingest_and_build(tmp_path / "added.db", [seeds_dir, SAMPLE], [some], [mirror])
    run = _last_run(added)
    assert run["mode"] == "update" and run["grown_clusters"] > 0 and run["duplicate_confirmed"] > 0
    _assert_same_tables(whole, added)


@pytest.mark.slow
def test_adding_laws_gives_the_tables_of_one_build(tmp_path):
    """Laws in many dated versions (duplicates across the two halves) and dense with shared formulae:
    the second half folded into the first's index, in two worker processes, equals one build."""
    laws = _bench_laws(tmp_path / "laws", 40)
    first, second = tmp_path / "first", tmp_path / "second"
    for n, path in enumerate(laws):
        target = (first if n % 2 == 0 else second) / path.parent.name / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.symlink_to(path)
    whole = _ingest_and_build(tmp_path / "whole.db", [first, second])
    added = _ingest_and_build(tmp_path / "added.db", [first], [second], workers=2)
    run = _last_run(added)
    assert run["new_documents"] >= 30
    _assert_same_tables(whole, added)
    # the formula components the new laws reach are described again, not recomputed, and those that
    # only gained occurrences (or new nodes leaving their old variants as they were) from their new ones
    assert run["passage_nodes_recounted"] > 0 and run["passage_nodes_recomputed"] < run["passage_nodes"]
    assert run["passage_nodes_grown"] > 0 and run["grown_clusters"] > 0
    # and those whose variants changed on classes they had, or that new nodes took to old classes, from the change
    assert run["revised_clusters"] > 0


@pytest.mark.slow
def test_adding_a_few_laws_to_many_gives_the_tables_of_one_build(tmp_path):
    """A tenth of the laws folded into the index of the rest: the formula components the new laws
    reach take new variants on indexed paragraphs, some of documents they had no occurrence in
    (``clusters._fresh``), and are described from that change; every table equals one build."""
    laws = _bench_laws(tmp_path / "laws", 100)
    first, second = tmp_path / "first", tmp_path / "second"
    for n, path in enumerate(laws):
        target = (second if n % 10 == 9 else first) / path.parent.name / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.symlink_to(path)
    whole = _ingest_and_build(tmp_path / "whole.db", [first, second])
    added = _ingest_and_build(tmp_path / "added.db", [first], [second], workers=2)
    run = _last_run(added)
    assert run["new_documents"] == 20 and run["revised_clusters"] > 0 and run["revised_documents_added"] > 0
    _assert_same_tables(whole, added)


def test_cli_ingest_reports_stages_and_folds_new_documents_in(seeds_dir, tmp_path):
    from jianghua.interfaces.cli import app
    from typer.testing import CliRunner

    runner = CliRunner()
    db = str(tmp_path / "cli.db")
    first = runner.invoke(app, ["ingest", str(seeds_dir), "--db", db, "--json", "--workers", "1", "--no-reuse"])
    assert "reuse" not in json.loads(first.output) and index_status(Corpus(db))["behind"] > 0
    # nothing new, but the index is behind: ingest builds it (an interrupted or skipped build heals)
    again = json.loads(runner.invoke(app, ["ingest", str(seeds_dir), "--db", db, "--json", "--workers", "1"]).output)
    assert again["reuse"]["mode"] == "full" and again["reuse"]["new_documents"] == again["reuse"]["documents"] > 0
    assert set(again["stages"]) == {"learn", "pages", "reuse"}
    assert again["seconds"] >= again["stages"]["reuse"] > 0 and {"fold", "duplicates", "clusters"} <= set(again["reuse"]["steps"])
    assert set(again["reuse"]["steps_cpu"]) == set(again["reuse"]["steps"])  # the main process's CPU seconds, step by step
    added = json.loads(runner.invoke(app, ["ingest", str(SAMPLE), "--db", db, "--json", "--workers", "2"]).output)
    assert added["reuse"]["mode"] == "update" and 0 < added["reuse"]["new_documents"] < added["reuse"]["documents"]
    current = json.loads(runner.invoke(app, ["reuse", "--db", db, "--json"]).output)
    assert current["mode"] == "update" and current["new_documents"] == 0
    rebuilt = json.loads(runner.invoke(app, ["reuse", "--db", db, "--rebuild", "--json", "--workers", "2"]).output)
    assert rebuilt["mode"] == "full" and rebuilt["passage_clusters"] == added["reuse"]["passage_clusters"]
    text = runner.invoke(app, ["ingest", str(seeds_dir), "--db", db]).output
    assert "reuse" not in text  # nothing new and the index is current: no build


# --- the sample corpus: the spun copy -------------------------------------------------------------------

def test_sample_spun_copy_is_a_duplicate_with_substitutions(sample_reuse):
    corpus = sample_reuse
    docs = {d["uid"]: d for d in corpus.documents()}
    records = duplicate_records(corpus)
    copy = next(r for r in records if "002-shichang" in docs[r["doc_id"]]["source"])
    canonical = docs[copy["duplicate_of"]]
    assert "fanwen-hans/001-" in canonical["source"] and canonical["ordinal"] == 1
    changes = {(c["a"], c["b"]): c["count"] for c in copy["changes"]}
    # corpora/README.md: 公开→公然 5 times, 平等→同等 once, 动员→发动 three times (once in the title line)
    assert changes.get(("公开", "公然")) == 5 and changes.get(("平等", "同等")) == 1, changes
    listed = {(s["a"], s["b"]): s for s in substitution_list(corpus)}
    assert ("公开", "公然") in listed or ("平等", "同等") in listed
    example = next(iter(listed.values()))["examples"][0]
    assert example["doc_id"] in docs and example["context"]
    # the copy lacks the reused paragraph and the closing one
    pars = {p["ordinal"]: p["text"] for p in corpus.paragraphs(canonical["id"])}
    assert any("正确对待组织" in pars[o] for o in copy["missing"])


def test_sample_reused_paragraph_between_two_speeches(sample_reuse):
    corpus = sample_reuse
    docs = {d["uid"]: d for d in corpus.documents()}
    clusters = [p for p in passages(corpus, limit=None)
                if {Path(docs[o["doc_id"]]["source"]).parent.name for o in p["occurrences"]} >= {"fanwen-hans", "portal-html"}
                and "正确对待组织" in p["text"]]
    assert clusters and clusters[0]["kind"] == "template"  # two sites


# --- boilerplate versus template ---------------------------------------------------------------------

_HAN = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严"


def _random_paragraph(rng: random.Random, sentences: int = 3) -> str:
    parts = []
    for _ in range(sentences):
        clauses = ["".join(rng.choice(_HAN) for _ in range(rng.randint(8, 14))) for _ in range(2)]
        parts.append("，".join(clauses) + "。")
    return "".join(parts)


def _write_page(path: Path, title: str, paragraphs: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(title + "\n\n同志们：\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")


def test_boilerplate_score_tells_site_furniture_from_a_cross_site_formula(tmp_path):
    rng = random.Random(7)
    formula = "要正确对待组织，正确对待自己，正确对待别人，每一个干部都要讲党性，讲大局，讲组织原则，讲组织纪律，愉快地服从组织的安排。"

    def footer(n: int) -> str:
        return ("本页文字由书香文稿站的编辑们逐字校对整理，欢迎各位读者朋友在学习工作中参考借鉴，"
                f"并对其中的疏漏提出宝贵的修改意见，第{n}号。")

    for n in range(4):  # one site, every page: furniture the line learner cannot take (a sentence, a page number)
        body = [_random_paragraph(rng) for _ in range(4)] + ([formula] if n == 0 else []) + [footer(n + 1)]
        _write_page(tmp_path / "pages" / "shuxiang" / f"{n}.txt", f"在第{n + 1}次干部大会上的讲话", body)
    for site in ("qingxi", "xuesi"):  # two other sites: one page with the formula, one without
        for n in range(2):
            body = [_random_paragraph(rng) for _ in range(4)] + ([formula] if n == 0 else [])
            _write_page(tmp_path / "pages" / site / f"{n}.txt", f"{site}第{n + 1}次会议讲话", body)
    corpus = Corpus(tmp_path / "furniture.db")
    ingest_paths(corpus, [tmp_path / "pages"])
    texts = "\n".join(d["text"] for d in corpus.documents())
    assert texts.count("书香文稿站") == 4 and texts.count("讲组织原则") == 3  # cleaning left both in place
    build_reuse(corpus)
    listed = passages(corpus, limit=None)
    furniture = [p for p in listed if "书香文稿站" in p["text"]]
    template = [p for p in listed if "讲组织原则" in p["text"]]
    assert len(furniture) == 1 and len(template) == 1
    assert furniture[0]["kind"] == "furniture" and furniture[0]["n_sites"] == 1 and furniture[0]["n_docs"] == 4
    assert template[0]["kind"] == "template" and template[0]["n_sites"] == 3
    assert furniture[0]["boilerplate_score"] >= 0.9 > 0.5 > template[0]["boilerplate_score"]
    corpus.close()


# --- scaling: candidate generation never compares all pairs ---------------------------------------------

@pytest.mark.slow
def test_candidate_comparisons_stay_far_below_all_pairs(tmp_path):
    rng = random.Random(11)
    n_pages, per_page = 20, 20
    template = _random_paragraph(rng, sentences=4)
    for page in range(n_pages):
        paragraphs = []
        for i in range(per_page):
            if i == 0:  # one near-identical paragraph on every page: all of them share LSH buckets
                chars = list(template)
                chars[rng.randrange(len(chars))] = rng.choice(_HAN)
                paragraphs.append("".join(chars))
            else:
                paragraphs.append(_random_paragraph(rng))
        _write_page(tmp_path / "pages" / "synthetic" / f"{page:02d}.txt", f"第{page + 1}篇讲话稿", paragraphs)
    corpus = Corpus(tmp_path / "scale.db")
    ingest_paths(corpus, [tmp_path / "pages"])
    stats = build_reuse(corpus)
    n = n_pages * per_page
    assert stats["paragraphs"] >= n
    all_pairs = stats["texts"] * (stats["texts"] - 1) // 2
    assert stats["comparisons"] < all_pairs / 20, stats
    assert stats["comparisons"] <= ReuseParams().bucket_window * stats["texts"] * stats["params"]["bands"]
    # and the shared paragraph is still found on every page
    biggest = passages(corpus, limit=1)[0]
    assert biggest["n_docs"] == n_pages
    corpus.close()
