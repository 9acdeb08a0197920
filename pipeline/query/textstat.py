"""Word statistics over the corpus's jieba words (quanteda's ``textstat_*``): frequencies of words and
word n-grams with their document frequency, collocates, and keyness. Every function takes the
document filters of ``filters`` and counts inside the documents they keep.

What is counted, exactly (tests/query/test_textstat.py compares each with a brute-force reference on the
seeds and the sample corpus):

- **Tokens** are the jieba words of each paragraph (``paragraphs.words``); punctuation and symbols
  (a word of no letter or digit) are not tokens. A **clause** is a run of tokens between two such
  marks or a space: a word n-gram never reaches across punctuation (的应当 in "……的，应当" is not a
  bigram), so every n-gram is a substring of one clause of the text.
- ``freq``: occurrences of each word (or n-gram) per group, per 10,000 tokens of that group, and its
  **document frequency** (documents of the group holding it at least once).
- ``collocates``: a co-occurrence is a pair of a node token and a collocate token at most ``window``
  tokens apart in one paragraph, each token in at most one pair with the other word (the largest such
  set of pairs): overlapping windows never count a token twice, and ``together`` never exceeds either
  word's frequency.
- ``keyness``: signed log-likelihood G2 of each word in the target group against the reference
  (positive: more frequent in the target), with its p-value (chi-square, 1 degree of freedom) and
  Hardie's log ratio (log2 of the ratio of relative frequencies, 0.5 added to a zero count).

Stopwords (``--stopwords default|FILE|none``): the built-in list of Chinese function words
(``resources/lexicon/stopwords.txt``) or a file of one word per line. They are left out of what is
*reported* only; every count, total and window is computed over all tokens, so a row means the same
with or without the list. ``collocates`` uses the built-in list by default (a collocate list of 的,
是, 一个 says little); ``freq`` and ``keyness`` report every word unless asked.
"""

from __future__ import annotations

import heapq
import itertools
import math
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from .. import errors, resources, validate
from ..corpus.store import Corpus
from ..labels import GENRES, TOPICS
from ..stages.normalize import normalize
from .filters import Filters
from .search import group_column, time_limited

_PUNCT_TOKEN = re.compile(r"[\W_]+")
_SPACE = re.compile(r"\s")
STOPWORDS_RESOURCE = "lexicon/stopwords.txt"
STOPWORD_CHOICES = ("default", "none")
MEASURES = ("llr", "mi")


# --- stopwords -----------------------------------------------------------------------------------

def _word_list(lines: Iterator[tuple[int, str]], where: str, resource: bool) -> frozenset[str]:
    words: set[str] = set()
    for number, line in lines:
        word = normalize(line.strip()).text
        if not word or any(c.isspace() for c in word):
            if resource:
                raise errors.R500.error("one_word", path=where, line=number)
            raise errors.Q736.error("one_word", path=where, line=number)
        words.add(word)
    return frozenset(words)


@cache
def default_stopwords() -> frozenset[str]:
    return _word_list(resources.data_lines(STOPWORDS_RESOURCE), STOPWORDS_RESOURCE, resource=True)


def stopwords(spec: str | None) -> frozenset[str]:
    """The stopword set ``spec`` names: "default" (the built-in list), "none" (or empty), or a file of
    one word per line in either script (``#`` starts a comment); Q736 when the file cannot be read or
    has a line of several words (file:line)."""
    if spec in (None, "", "none"):
        return frozenset()
    if spec == "default":
        return default_stopwords()
    path = Path(spec)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise errors.Q736.error("unreadable", "stopwords", spec=spec[:200], reason=reason) from exc
    lines = ((n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip() and not line.lstrip().startswith("#"))
    return _word_list(lines, str(path), resource=False)


def _reported(gram: tuple[str, ...], stop: frozenset[str]) -> bool:
    """A word, or an n-gram that neither starts nor ends with a stopword, is reported."""
    return not stop or (gram[0] not in stop and gram[-1] not in stop)


# --- tokens and clauses -----------------------------------------------------------------------------

@lru_cache(maxsize=1 << 16)
def is_mark(word: str) -> bool:
    """A word of no letter or digit (punctuation, symbols): not a token, and the end of a clause."""
    return bool(_PUNCT_TOKEN.fullmatch(word))


def is_token(word: str) -> bool:
    return bool(word) and not is_mark(word)


# a word of the space-separated ``words`` made only of marks: the end of a clause
_MARK_WORD = re.compile(r"(?:(?<= )|^)(?:[^\w ]|_)+(?= |$)")
_BREAK = "\x00"


def clauses(words: str, text: str | None = None) -> list[list[str]]:
    """A paragraph's tokens cut into clauses at punctuation and, when ``text`` is given, at the
    whitespace of the text (``words`` are its pieces with the whitespace dropped, and no word holds
    any): runs of tokens that stand next to each other in the text."""
    if text is not None and _SPACE.search(text):
        ends: set[int] = set()
        at = 0
        for chunk in text.split():
            at += len(chunk)
            ends.add(at)
        pieces = [w for w in words.split(" ") if w]
        breaks = [i for i, end in enumerate(itertools.accumulate(map(len, pieces))) if end in ends]
        for i in breaks:
            pieces[i] += " " + _BREAK
        words = " ".join(pieces)
    marked = _MARK_WORD.sub(_BREAK, words)
    return [clause for part in marked.split(_BREAK) if (clause := part.split())]


def ngrams(clause: list[str], n: int) -> Iterator[str]:
    """The n-grams of a clause, their words joined by a space."""
    return map(" ".join, zip(*(clause[i:] for i in range(n)), strict=False))


def tokens(words: str) -> list[str]:
    """A paragraph's tokens (punctuation left out), in order."""
    return [w for w in words.split(" ") if w and not is_mark(w)]


@dataclass
class _Row:
    group: str
    doc_id: int
    words: str
    text: str | None  # only when the paragraph holds whitespace (a clause boundary ``words`` drops)


def _rows(corpus: Corpus, by: str | None, filters: Filters, with_text: bool = False) -> Iterator[_Row]:
    """Every paragraph of the documents ``filters`` keep, with its group, a document's paragraphs
    together; with ``with_text``, the text of those holding whitespace (their clause boundaries)."""
    if by is not None:
        group_column(by)
    where, params = filters.sql()
    for group, doc_id, words, text in corpus.grouped_paragraph_words(by, where, params, with_text):
        yield _Row(str(group), doc_id, words, text)


# --- frequencies ------------------------------------------------------------------------------------

@time_limited
def freq(corpus: Corpus, by: str | None = None, ngram: int = 1, top: int = 30, filters: Filters | None = None,
         stop: str | None = "none") -> dict[str, Any]:
    """Word (``ngram`` 1) or word n-gram frequencies per group (genre, topic, year, site, or the whole
    corpus): count, per 10,000 tokens (n-grams of that length) of the group, and document frequency.
    Sorted by count, then by the word; n-grams lie inside one clause."""
    if isinstance(ngram, int) and not isinstance(ngram, bool) and ngram < 1:
        raise errors.Q705.error(argument="ngram")
    ngram = validate.whole_number("ngram", ngram, 1, 100)
    top = validate.whole_number("top", top)
    filters = (filters or Filters()).checked()
    stop_words = stopwords(stop)
    counts: dict[str, Counter[str]] = {}
    doc_freq: dict[str, Counter[str]] = {}
    documents: Counter[str] = Counter()
    current: tuple[int, str] | None = None
    seen: set[str] = set()
    for row in _rows(corpus, by, filters, with_text=ngram > 1):
        if current != (row.doc_id, row.group):
            if current is not None:
                doc_freq[current[1]].update(seen)
            current, seen = (row.doc_id, row.group), set()
            documents[row.group] += 1
            counts.setdefault(row.group, Counter())
            doc_freq.setdefault(row.group, Counter())
        if ngram == 1:
            grams = tokens(row.words)
        else:
            grams = [gram for clause in clauses(row.words, row.text) for gram in ngrams(clause, ngram)]
        counts[row.group].update(grams)
        seen.update(grams)
    if current is not None:
        doc_freq[current[1]].update(seen)
    groups: dict[str, Any] = {}
    for group, counter in sorted(counts.items()):
        total = sum(counter.values())
        ranked = _top(counter, top, stop_words)
        groups[group] = {"tokens": total, "types": len(counter), "documents": documents[group], "top": [
            {"word": g.replace(" ", ""), "words": g.split(" "), "count": n,
             "per_10k": round(n * 10_000 / total, 2) if total else 0.0, "documents": doc_freq[group][g]}
            for g, n in ranked[:top]]}
    return {"by": by, "ngram": ngram, "stopwords": stop or "none", "filters": filters.params(), "groups": groups}


def _top(counter: Counter[str], top: int, stop: frozenset[str]) -> list[tuple[str, int]]:
    """The ``top`` most frequent reported grams, by count then by the gram: only the grams at least as
    frequent as the ``top``-th are sorted (a corpus has millions of distinct n-grams)."""
    reported: Iterator[tuple[str, int]] = iter(counter.items())
    if stop:
        reported = ((g, n) for g, n in counter.items() if _reported(tuple(g.split(" ")), stop))
    items = list(reported)
    if len(items) > top:
        least = heapq.nlargest(top, (n for _g, n in items))[-1] if top else 0
        items = [(g, n) for g, n in items if n >= least]
    return sorted(items, key=lambda item: (-item[1], item[0]))


# --- collocates ---------------------------------------------------------------------------------------

def _g2(a: float, b: float, c: float, d: float) -> float:
    """Dunning's log-likelihood for the 2x2 table [[a, b], [c, d]]."""
    total = a + b + c + d
    g = 0.0
    for observed, row, col in ((a, a + b, a + c), (b, a + b, b + d), (c, c + d, a + c), (d, c + d, b + d)):
        expected = row * col / total if total else 0
        if observed > 0 and expected > 0:
            g += observed * math.log(observed / expected)
    return 2 * g


def matched_pairs(nodes: list[int], others: list[int], window: int) -> int:
    """The most pairs (node position, other position) at most ``window`` apart with each position in
    at most one pair. Both lists are sorted; every interval [node - window, node + window] has the same
    length, so taking, for each other position in order, the earliest unpaired node that reaches it is
    optimal."""
    pairs = 0
    p = 0
    for j in others:
        while p < len(nodes) and nodes[p] < j - window:
            p += 1
        if p < len(nodes) and nodes[p] <= j + window:
            pairs += 1
            p += 1
    return pairs


def node_matcher(word: str) -> tuple[str, bool]:
    """The node of ``collocates``: a word in either script, or a word prefix ``竞*``."""
    word = validate.text_size("word", word).strip()
    prefix = word.endswith("*") and len(word) > 1
    node = normalize(word[:-1] if prefix else word).text.strip()
    if not node or "*" in node or not is_token(node):
        raise errors.Q701.error("collocate", word=word)
    return node, prefix


@time_limited
def collocates(corpus: Corpus, word: str, window: int = 5, measure: str = "llr", min_count: int = 3, top: int = 30,
               filters: Filters | None = None, stop: str | None = "default") -> dict[str, Any]:
    """Collocates of a word: words at most ``window`` tokens from it in the same paragraph, each
    co-occurrence counted once (``matched_pairs``), scored by MI or log-likelihood (``measure``)."""
    if measure not in MEASURES:
        raise errors.Q706.error(argument="measure", measure=str(measure)[:40], valid=", ".join(MEASURES))
    window = validate.whole_number("window", window, 1, validate.MAX_WINDOW)
    min_count = validate.whole_number("min_count", min_count)
    top = validate.whole_number("top", top)
    filters = (filters or Filters()).checked()
    stop_words = stopwords(stop)
    node, prefix = node_matcher(word)

    def is_node(token: str) -> bool:
        return token.startswith(node) if prefix else token == node

    frequency: Counter[str] = Counter()
    together: Counter[str] = Counter()
    total = node_count = 0
    for row in _rows(corpus, None, filters):
        toks = tokens(row.words)
        total += len(toks)
        frequency.update(toks)
        nodes = [i for i, t in enumerate(toks) if is_node(t)]
        if not nodes:
            continue
        node_count += len(nodes)
        near: dict[str, list[int]] = {}
        reach = sorted({j for i in nodes for j in range(max(0, i - window), min(len(toks), i + window + 1))})
        for j in reach:
            if not is_node(toks[j]):
                near.setdefault(toks[j], []).append(j)
        for other, positions in near.items():
            together[other] += matched_pairs(nodes, positions, window)
    rows: list[dict[str, Any]] = []
    span = 2 * window
    for other, observed in together.items():
        if observed < min_count or other in stop_words or observed == 0:
            continue
        f_other = frequency[other]
        if measure == "mi":
            score = math.log2(observed * total / (node_count * f_other * span))
        else:
            score = _g2(observed, max(node_count * span - observed, 0), max(f_other - observed, 0),
                        max(total - node_count * span - f_other + observed, 0))
        rows.append({"word": other, "count": observed, "frequency": f_other, "score": round(score, 3)})
    rows.sort(key=lambda r: (-r["score"], r["word"]))
    return {"word": word, "normalized": node + ("*" if prefix else ""), "occurrences": node_count, "tokens": total,
            "measure": measure, "window": window, "stopwords": stop or "none", "filters": filters.params(),
            "collocates": rows[:top]}


# --- keyness ------------------------------------------------------------------------------------------

def _group_sizes(corpus: Corpus, by: str, filters: Filters) -> Counter[str]:
    where, params = filters.sql()
    return Counter({str(g): n for g, n in corpus.documents_per_group(group_column(by), where, params)})


def _check_group(name: str, value: str | None, by: str, present: Counter[str], filtered: bool) -> None:
    """Q707 when no kept document has ``value`` (``filtered``: the filters kept fewer than all), listing the
    groups that have documents."""
    if value is None:
        return
    if value not in present:
        listed = ", ".join(f"{g} ({n})" for g, n in sorted(present.items())) or "none"
        raise errors.Q707.error("absent_filtered" if filtered else "absent", by=by, value=value[:60], name=name,
                                listed=listed)


def _p_value(g2: float) -> float:
    """Upper tail of the chi-square distribution with one degree of freedom."""
    return math.erfc(math.sqrt(max(g2, 0.0) / 2))


@time_limited
def keyness(corpus: Corpus, target: str, reference: str | None = None, by: str = "genre", top: int = 30,
            min_count: int = 3, filters: Filters | None = None, stop: str | None = "none") -> dict[str, Any]:
    """Key words of the documents whose ``by`` (genre, topic, year, site) is ``target`` against those
    whose ``by`` is ``reference`` (default: every other document the filters keep): signed G2, p-value,
    log ratio. ``key`` lists the words most over-represented in the target, ``negative`` the most under."""
    if by is None:
        raise errors.Q704.error("missing", "by")
    group_column(by)
    top = validate.whole_number("top", top)
    min_count = validate.whole_number("min_count", min_count)
    filters = (filters or Filters()).checked()
    stop_words = stopwords(stop)
    target = str(validate.text_size("target", str(target)))
    reference = None if reference in (None, "") else str(validate.text_size("reference", str(reference)))
    labels = {"genre": (*GENRES, "unknown"), "topic": (*TOPICS, "unknown")}  # "unknown": not classified
    if by in labels:  # a label outside the closed set is Q734 before any count
        validate.one_of("target", target, labels[by])
        validate.one_of("reference", reference, labels[by])
    present = _group_sizes(corpus, by, filters)
    _check_group("target", target, by, present, filters.active())
    _check_group("reference", reference, by, present, filters.active())
    if reference == target:
        raise errors.Q707.error("same", "reference", target=target)
    target_counts: Counter[str] = Counter()
    reference_counts: Counter[str] = Counter()
    for row in _rows(corpus, by, filters):
        if row.group == target:
            target_counts.update(tokens(row.words))
        elif reference is None or row.group == reference:
            reference_counts.update(tokens(row.words))
    t_total, r_total = sum(target_counts.values()), sum(reference_counts.values())
    if not t_total:
        raise errors.Q707.error("no_words", by=by, target=target)
    rows: list[dict[str, Any]] = []
    for w in set(target_counts) | set(reference_counts):
        a, b = target_counts[w], reference_counts[w]
        if a + b < min_count or w in stop_words:
            continue
        g2 = _g2(a, b, t_total - a, r_total - b)
        target_share = a / t_total
        reference_share = b / r_total if r_total else 0.0
        direction = 1 if target_share >= reference_share else -1
        log_ratio = math.log2(((a or 0.5) / t_total) / ((b or 0.5) / r_total)) if r_total else 0.0
        rows.append({"word": w, "target": a, "reference": b, "g2": round(direction * g2, 3),
                     "p": float(f"{_p_value(g2):.3g}"), "log_ratio": round(log_ratio, 3)})
    rows.sort(key=lambda r: (-r["g2"], r["word"]))
    negative = sorted((r for r in rows if r["g2"] < 0), key=lambda r: (r["g2"], r["word"]))
    return {"target": target, "reference": reference or "rest", "by": by, "target_tokens": t_total,
            "reference_tokens": r_total, "stopwords": stop or "none", "filters": filters.params(),
            "key": [r for r in rows if r["g2"] > 0][:top], "negative": negative[:top]}
