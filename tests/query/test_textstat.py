"""Word statistics checked against brute-force references on the demo corpus (the seeds and the sample
corpus): every count equal, every score recomputed, for every group."""

from __future__ import annotations

import math
from collections import Counter, defaultdict

import pytest
from jianghua.errors import JianghuaError
from jianghua.query import search as q
from jianghua.query import textstat
from jianghua.query.filters import Filters

EVERYTHING = 10**6
GROUP_SQL = {"genre": "d.genre", "topic": "d.topic", "year": "d.year", "site": "g.site"}


# --- the references: plain loops over the stored paragraphs --------------------------------------------

def _spans(text: str, words: str) -> list[tuple[int, int, str]]:
    """Each word with its place in the text, found by walking the text (words are its pieces in order)."""
    out, i = [], 0
    for word in words.split(" "):
        if not word:
            continue
        while not text.startswith(word, i):
            i += 1
        out.append((i, i + len(word), word))
        i += len(word)
    return out


def _is_mark(word: str) -> bool:
    return not any(ch.isalnum() for ch in word)


def _paragraphs(corpus, by: str | None = None, keep: set[int] | None = None):
    column = GROUP_SQL[by] if by else "'all'"
    sql = (f"SELECT coalesce({column}, 'unknown'), p.doc_id, p.text, p.words FROM paragraphs p JOIN documents d"
           " ON d.id = p.doc_id JOIN pages g ON g.id = d.page_id")
    for group, doc_id, text, words in corpus.db.execute(sql):
        if keep is None or doc_id in keep:
            yield str(group), doc_id, text, words


def _clauses(text: str, words: str) -> list[list[str]]:
    clauses, current, end = [], [], None
    for start, stop, word in _spans(text, words):
        if _is_mark(word) or (end is not None and start != end):
            if current:
                clauses.append(current)
            current = []
        if not _is_mark(word):
            current.append(word)
        end = stop
    if current:
        clauses.append(current)
    return clauses


def _reference_freq(corpus, n: int, by: str | None = None, keep: set[int] | None = None):
    counts: dict[str, Counter] = defaultdict(Counter)
    docs: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    for group, doc_id, text, words in _paragraphs(corpus, by, keep):
        for clause in _clauses(text, words):
            for i in range(len(clause) - n + 1):
                gram = "".join(clause[i:i + n])
                counts[group][gram] += 1
                docs[group][gram].add(doc_id)
    return counts, docs


def _kept(corpus, filters: Filters) -> set[int]:
    sql, params = filters.checked().documents_sql()
    return {i for (i,) in corpus.db.execute(sql, params)}


# --- frequencies --------------------------------------------------------------------------------------

@pytest.mark.parametrize("n", [1, 2, 3])
@pytest.mark.parametrize("by", [None, "genre", "year", "site"])
def test_freq_equals_a_count_over_clauses(demo_corpus, n, by):
    counts, docs = _reference_freq(demo_corpus, n, by)
    result = textstat.freq(demo_corpus, by=by, ngram=n, top=EVERYTHING)
    assert set(result["groups"]) == set(counts)
    for group, data in result["groups"].items():
        got = Counter()
        for row in data["top"]:
            got[row["word"]] += row["count"]  # n-grams of different words can join to one string
        assert got == counts[group], group
        assert data["tokens"] == sum(counts[group].values())
        for row in data["top"][:200]:
            if sum(1 for r in data["top"] if r["word"] == row["word"]) == 1:
                assert row["documents"] == len(docs[group][row["word"]])
            assert row["per_10k"] == round(row["count"] * 10_000 / data["tokens"], 2)
        counts_in_order = [r["count"] for r in data["top"]]
        assert counts_in_order == sorted(counts_in_order, reverse=True)


def test_no_ngram_reaches_across_punctuation(demo_corpus):
    """Every counted n-gram is a substring of a paragraph as often as it is counted, and a word pair
    standing on both sides of a comma is no bigram (the issue's 的应当: 1,089 bigrams, 9 in the text)."""
    texts = [text for _g, _d, text, _w in _paragraphs(demo_corpus)]

    def occurrences(gram: str) -> int:  # overlapping, as n-grams of repeated words overlap
        return sum(sum(1 for i in range(len(t)) if t.startswith(gram, i)) for t in texts)

    bigrams = textstat.freq(demo_corpus, ngram=2, top=EVERYTHING)["groups"]["all"]["top"]
    assert all(not _is_mark(w) for r in bigrams for w in r["words"])
    for row in bigrams[:300]:
        assert row["count"] <= occurrences(row["word"]), row
    across = Counter()
    for _g, _d, text, words in _paragraphs(demo_corpus):
        spans = _spans(text, words)
        for (_s, _e, a), (_s2, _e2, mark), (_s3, _e3, b) in zip(spans, spans[1:], spans[2:], strict=False):
            if _is_mark(mark) and not _is_mark(a) and not _is_mark(b):
                across[a + b] += 1
    counted = {r["word"]: r["count"] for r in bigrams}
    pair, seen = max(across.items(), key=lambda item: item[1])
    assert seen >= 3 and counted.get(pair, 0) <= occurrences(pair) == counted.get(pair, 0)


def test_freq_with_filters_counts_only_the_kept_documents(demo_corpus):
    for filters in (Filters(genre="mobilization_speech"), Filters(site="fanwen-hans", exclude_duplicates=True),
                    Filters(topic="grassroots_assignment", source="xuexi")):
        keep = _kept(demo_corpus, filters)
        assert keep
        counts, _docs = _reference_freq(demo_corpus, 1, None, keep)
        result = textstat.freq(demo_corpus, top=EVERYTHING, filters=filters)
        assert {r["word"]: r["count"] for r in result["groups"]["all"]["top"]} == counts["all"]
        assert result["groups"]["all"]["documents"] == len({d for _g, d, _t, _w in _paragraphs(demo_corpus, None, keep)})


def test_exclude_duplicates_drops_exactly_the_copies(demo_corpus):
    copies = {i for (i,) in demo_corpus.db.execute("SELECT id FROM documents WHERE duplicate_of IS NOT NULL")}
    everything = {i for (i,) in demo_corpus.db.execute("SELECT id FROM documents")}
    assert copies and _kept(demo_corpus, Filters(exclude_duplicates=True)) == everything - copies


# --- collocates ---------------------------------------------------------------------------------------

def _max_matching(nodes: list[int], others: list[int], window: int) -> int:
    """Kuhn's augmenting paths over every (node, other) pair at most ``window`` apart."""
    match: dict[int, int] = {}

    def augment(j: int, seen: set[int]) -> bool:
        for i in nodes:
            if abs(i - j) <= window and i not in seen:
                seen.add(i)
                if i not in match or augment(match[i], seen):
                    match[i] = j
                    return True
        return False

    return sum(augment(j, set()) for j in others)


@pytest.mark.parametrize(("node", "window"), [("竞争上岗", 5), ("干部", 3), ("竞*", 4), ("工作", 1)])
def test_collocates_equal_a_maximum_matching(demo_corpus, node, window):
    prefix = node.endswith("*")
    stem = node.rstrip("*")
    together: Counter = Counter()
    frequency: Counter = Counter()
    total = node_count = 0
    for _g, _d, _text, words in _paragraphs(demo_corpus):
        tokens = [w for w in words.split(" ") if w and not _is_mark(w)]
        total += len(tokens)
        frequency.update(tokens)
        is_node = [(t.startswith(stem) if prefix else t == stem) for t in tokens]
        nodes = [i for i, yes in enumerate(is_node) if yes]
        node_count += len(nodes)
        by_word: dict[str, list[int]] = defaultdict(list)
        for j, t in enumerate(tokens):
            if not is_node[j] and any(abs(i - j) <= window for i in nodes):
                by_word[t].append(j)
        for word, positions in by_word.items():
            together[word] += _max_matching(nodes, positions, window)
    result = textstat.collocates(demo_corpus, node, window=window, min_count=1, top=EVERYTHING, stop="none", measure="mi")
    assert result["occurrences"] == node_count and result["tokens"] == total
    got = {r["word"]: r for r in result["collocates"]}
    assert {w: r["count"] for w, r in got.items()} == {w: n for w, n in together.items() if n}
    for word, row in got.items():
        assert row["count"] <= min(row["frequency"], node_count) and row["frequency"] == frequency[word]
        expected = math.log2(row["count"] * total / (node_count * row["frequency"] * 2 * window))
        assert row["score"] == round(expected, 3)


def test_overlapping_windows_count_a_token_once():
    # two node tokens near one collocate token: one co-occurrence, not two
    assert textstat.matched_pairs([2, 4], [3], 2) == 1
    assert textstat.matched_pairs([2, 4], [3, 5], 2) == 2
    assert textstat.matched_pairs([5], [1, 2, 3, 4, 6, 7], 5) == 1
    assert textstat.matched_pairs([1, 2, 3], [0, 4], 1) == 2  # the earliest node that reaches, so the next one stays free


def test_collocates_leave_out_stopwords_by_default_and_keep_the_counts(demo_corpus):
    listed = textstat.collocates(demo_corpus, "干部", min_count=1, top=EVERYTHING)
    every = textstat.collocates(demo_corpus, "干部", min_count=1, top=EVERYTHING, stop="none")
    stop = textstat.default_stopwords()
    assert listed["stopwords"] == "default" and "的" in stop
    assert not {r["word"] for r in listed["collocates"]} & stop
    assert {r["word"]: r["count"] for r in listed["collocates"]} == {
        r["word"]: r["count"] for r in every["collocates"] if r["word"] not in stop}
    assert {r["word"] for r in every["collocates"]} & stop


# --- keyness ------------------------------------------------------------------------------------------

def _g2(a: int, b: int, c: int, d: int) -> float:
    n = a + b + c + d
    cells = [(a, (a + b) * (a + c) / n), (b, (a + b) * (b + d) / n), (c, (c + d) * (a + c) / n), (d, (c + d) * (b + d) / n)]
    return 2 * sum(o * math.log(o / e) for o, e in cells if o > 0)


@pytest.mark.parametrize("by", ["genre", "topic", "year", "site"])
def test_keyness_of_every_group_equals_the_reference(demo_corpus, by):
    groups: dict[str, Counter] = defaultdict(Counter)
    for group, _d, _text, words in _paragraphs(demo_corpus, by):
        groups[group].update(w for w in words.split(" ") if w and not _is_mark(w))
    assert len(groups) >= 3
    for target, target_counts in groups.items():
        rest = Counter()
        for group, counts in groups.items():
            if group != target:
                rest.update(counts)
        t_total, r_total = sum(target_counts.values()), sum(rest.values())
        result = textstat.keyness(demo_corpus, target, by=by, top=EVERYTHING, min_count=1)
        rows = {r["word"]: r for r in result["key"] + result["negative"]}
        expected = {}
        for word in set(target_counts) | set(rest):
            a, b = target_counts[word], rest[word]
            signed = (1 if a / t_total >= b / r_total else -1) * _g2(a, b, t_total - a, r_total - b)
            if round(signed, 3) != 0:
                expected[word] = round(signed, 3)
        assert {w: r["g2"] for w, r in rows.items()} == expected, (by, target)
        assert all(r["g2"] > 0 for r in result["key"]) and all(r["g2"] < 0 for r in result["negative"])
        assert result["target_tokens"] == t_total and result["reference_tokens"] == r_total


def test_keyness_against_a_reference_group_and_with_a_filter(demo_corpus):
    result = textstat.keyness(demo_corpus, "mobilization_speech", "meeting_speech", top=5)
    assert result["reference"] == "meeting_speech" and result["key"][0]["g2"] > result["key"][-1]["g2"] > 0
    filtered = textstat.keyness(demo_corpus, "2014", by="year", filters=Filters(genre="mobilization_speech"), top=5)
    assert filtered["target"] == "2014"
    with pytest.raises(JianghuaError) as caught:
        textstat.keyness(demo_corpus, "1999", by="year")
    assert caught.value.code == "Q707" and "2014 (1)" in str(caught.value)  # lists the years that have documents
    assert "among the filtered" not in str(caught.value)  # no filter was given
    with pytest.raises(JianghuaError) as caught:
        textstat.keyness(demo_corpus, "1999", by="year", filters=Filters(genre="mobilization_speech"))
    assert "among the filtered documents" in str(caught.value)
    with pytest.raises(JianghuaError) as caught:
        textstat.keyness(demo_corpus, "speech")
    assert caught.value.code == "Q734"


# --- a term's distribution ----------------------------------------------------------------------------------

@pytest.mark.parametrize("by", ["genre", "topic", "year", "site"])
@pytest.mark.parametrize("term", ["竞争上岗", "幹部", "xx", "干部，"])
def test_distribution_equals_a_substring_count(demo_corpus, by, term):
    needle = q.normalize_query_term(term).lower()
    occurrences: Counter = Counter()
    holding: dict[str, set[int]] = defaultdict(set)
    for group, doc_id, text, _w in _paragraphs(demo_corpus, by):
        n = text.lower().count(needle)
        occurrences[group] += n
        if n:
            holding[group].add(doc_id)
    chars: Counter = Counter()
    documents: Counter = Counter()
    for group, n_chars in demo_corpus.db.execute(
            f"SELECT coalesce({GROUP_SQL[by]}, 'unknown'), d.n_chars FROM documents d JOIN pages g ON g.id = d.page_id"):
        chars[str(group)] += n_chars
        documents[str(group)] += 1
    result = q.distribution(demo_corpus, term, by)
    for group, row in result["groups"].items():
        assert row["occurrences"] == occurrences[group] and row["characters"] == chars[group]
        assert row["documents"] == documents[group] and row["documents_with"] == len(holding[group])
        assert row["per_10k_chars"] == round(occurrences[group] * 10_000 / chars[group], 3)
    assert set(result["groups"]) == set(documents)
    assert result["total"]["occurrences"] == sum(occurrences.values()) > 0


def test_distribution_of_a_query(demo_corpus):
    either = q.distribution(demo_corpus, "竞聘 OR 竞岗", "genre")["total"]["occurrences"]
    assert either == (q.distribution(demo_corpus, "竞聘", "genre")["total"]["occurrences"]
                      + q.distribution(demo_corpus, "竞岗", "genre")["total"]["occurrences"])
    assert q.distribution(demo_corpus, "竞*", "genre")["total"]["occurrences"] == q.kwic(demo_corpus, "竞*", limit=None)["total"]


# --- stopwords -------------------------------------------------------------------------------------------

def test_a_stopword_file(demo_corpus, tmp_path):
    listed = tmp_path / "stop.txt"
    listed.write_text("# my list\n的\n是\n\n工作\n", encoding="utf-8")
    result = textstat.freq(demo_corpus, top=20, stop=str(listed))
    every = textstat.freq(demo_corpus, top=EVERYTHING)
    words = [r["word"] for r in result["groups"]["all"]["top"]]
    assert not {"的", "是", "工作"} & set(words)
    assert result["groups"]["all"]["tokens"] == every["groups"]["all"]["tokens"]  # counted over all words
    assert words == [r["word"] for r in every["groups"]["all"]["top"] if r["word"] not in ("的", "是", "工作")][:20]
    bigrams = textstat.freq(demo_corpus, ngram=2, top=EVERYTHING, stop="default")["groups"]["all"]["top"]
    stop = textstat.default_stopwords()
    assert bigrams and all(r["words"][0] not in stop and r["words"][-1] not in stop for r in bigrams)


@pytest.mark.parametrize(("content", "where"), [("的\n两 个\n", ":2:"), (None, "cannot")])
def test_a_bad_stopword_file_is_q736(demo_corpus, tmp_path, content, where):
    path = tmp_path / "stop.txt"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(JianghuaError) as caught:
        textstat.freq(demo_corpus, stop=str(path))
    assert caught.value.code == "Q736" and str(path) in str(caught.value)
    assert (where in str(caught.value)) if content else "readable" in str(caught.value)


def test_the_built_in_list_holds_function_words_only():
    stop = textstat.default_stopwords()
    assert {"的", "了", "是", "在", "和", "一个", "我们", "把", "被"} <= stop
    assert not {"干部", "工作", "竞争上岗", "组织", "考核"} & stop
