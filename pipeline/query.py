"""Corpus queries for researchers: full-text search, concordance (KWIC), frequencies, collocations
and keyness, over the canonical text, answered in the original script.

Search syntax: terms and "quoted phrases" in either script (normalized like the corpus), combined
with AND (also implicit between terms), OR, NOT and parentheses: ``干部 AND (竞争上岗 OR 竞聘) NOT 挂职``.
Every term is a substring query: the character index (one token per character) proposes paragraphs,
and each hit is verified against the paragraph text, so results equal a plain substring scan.
"""

from __future__ import annotations

import json
import math
import re
import sqlite3
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache, wraps
from typing import Any, TypeVar, cast

from . import validate
from .errors import JianghuaError
from .labels import GENRES, TOPICS
from .normalize import normalize
from .offsets import OffsetMap
from .store import Corpus, fts_chars, fts_query_chars, sqlite_primary_code

# --- query language ------------------------------------------------------------------------------

_TOKEN = re.compile(r'\s*(?:(?P<phrase>"[^"]*")|(?P<op>AND|OR|NOT)(?=[\s()"]|$)|(?P<paren>[()])|(?P<term>[^\s()"]+))')


@dataclass
class Node:
    op: str  # "term", "and", "or", "not"
    term: str = ""
    children: list[Node] = field(default_factory=list)

    def terms(self) -> list[str]:
        if self.op == "term":
            return [self.term]
        return [t for child in self.children for t in child.terms()]

    def positive_terms(self) -> list[str]:
        if self.op == "term":
            return [self.term]
        if self.op == "not":
            return self.children[0].positive_terms()
        return [t for child in self.children for t in child.positive_terms()]

    def matches(self, text: str) -> bool:
        """``text`` must be lower-cased, as the index is."""
        if self.op == "term":
            return self.term.lower() in text
        if self.op == "and":
            return all(child.matches(text) for child in self.children)
        if self.op == "or":
            return any(child.matches(text) for child in self.children)
        return self.children[0].matches(text) and not self.children[1].matches(text)

    def exact(self) -> bool:
        """True when the index answers this query exactly (every term only letters and digits)."""
        return all(t.isalnum() for t in self.terms())

    def fts(self) -> str:
        if self.op == "term":
            return '"' + fts_chars(self.term) + '"'
        if self.op == "not":
            return f"({self.children[0].fts()} NOT {self.children[1].fts()})"
        joiner = " AND " if self.op == "and" else " OR "
        return "(" + joiner.join(child.fts() for child in self.children) + ")"


def normalize_query_term(term: str) -> str:
    return normalize(term).text.strip()


def parse_query(query: str) -> Node:
    """Parse a search query; raises JianghuaError Q701 with what is wrong and how to write it, and
    Q730-Q732 for a query over the size limits (``validate``), checked before parsing."""
    tokens: list[tuple[str, str]] = []
    position = 0
    query = validate.text_size("query", query.strip())
    if query.count('"') % 2:
        raise JianghuaError("Q701", f"unbalanced quote in query {query!r}: close the phrase with \"")
    while position < len(query):
        match = _TOKEN.match(query, position)
        if not match or match.end() == position:
            break
        position = match.end()
        kind = match.lastgroup or ""
        value = match.group(kind)
        if kind == "phrase":
            value = value[1:-1]
        tokens.append((kind, value))
    if not tokens:
        raise JianghuaError("Q701", "empty query: give a word or a phrase, e.g. 干部 or \"竞争上岗\"")
    depth = deepest = 0
    for kind, value in tokens:
        if kind == "paren":
            depth += 1 if value == "(" else -1
            deepest = max(deepest, depth)
    validate.query_shape(sum(kind in ("term", "phrase") for kind, _ in tokens), deepest)
    parser = _Parser(tokens, query)
    node = parser.expression()
    if parser.index != len(tokens):
        raise JianghuaError("Q701", f"unexpected {tokens[parser.index][1]!r} in query {query!r}")
    return node


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]], query: str):
        self.tokens = tokens
        self.index = 0
        self.query = query

    def _peek(self) -> tuple[str, str] | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def _error(self, what: str) -> JianghuaError:
        return JianghuaError("Q701", f"{what} in query {self.query!r}; write e.g. 干部 AND (竞争上岗 OR 竞聘) NOT 挂职")

    def expression(self) -> Node:
        node = self.conjunction()
        children = [node]
        while (tok := self._peek()) and tok == ("op", "OR"):
            self.index += 1
            children.append(self.conjunction())
        return children[0] if len(children) == 1 else Node("or", children=children)

    def conjunction(self) -> Node:
        node = self.unary()
        while (tok := self._peek()) and (tok == ("op", "AND") or tok[0] in ("term", "phrase") or tok == ("paren", "(")
                                         or tok == ("op", "NOT")):
            if tok == ("op", "AND"):
                self.index += 1
            if self._peek() == ("op", "NOT"):
                self.index += 1
                node = Node("not", children=[node, self.unary()])
                continue
            if node.op == "and":  # a AND b AND c: one node of three children, not a chain nested two deep
                node.children.append(self.unary())
            else:
                node = Node("and", children=[node, self.unary()])
        return node

    def unary(self) -> Node:
        tok = self._peek()
        if tok is None:
            raise self._error("the query ends too early")
        if tok == ("op", "NOT"):
            raise self._error("NOT needs a term before it (FTS cannot list everything but X)")
        if tok == ("paren", "("):
            self.index += 1
            node = self.expression()
            if self._peek() != ("paren", ")"):
                raise self._error("missing )")
            self.index += 1
            return node
        if tok[0] in ("term", "phrase"):
            self.index += 1
            term = normalize_query_term(tok[1])
            if not fts_query_chars(term):
                raise self._error(f"{tok[1]!r} has no letters or digits to search for")
            return Node("term", term=term)
        raise self._error(f"unexpected {tok[1]!r}")


# --- search --------------------------------------------------------------------------------------

@dataclass
class Filters:
    genre: str | None = None
    topic: str | None = None
    org: str | None = None
    year: int | None = None
    source: str | None = None

    def checked(self) -> Filters:
        """These filters with their values checked: a genre or topic of the closed sets (Q734), a year
        in range (Q733); raises otherwise (an unknown label would silently match nothing)."""
        return Filters(genre=validate.one_of("--genre", self.genre, GENRES),
                       topic=validate.one_of("--topic", self.topic, TOPICS),
                       org=validate.text_size("--org", self.org) if self.org else None,
                       year=validate.year(self.year),
                       source=validate.text_size("--source", self.source) if self.source else None)

    def sql(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if self.genre:
            clauses.append("d.genre = ?")
            params.append(self.genre)
        if self.topic:
            clauses.append("d.topic = ?")
            params.append(self.topic)
        if self.org:
            clauses.append("d.organization LIKE ?")
            params.append(f"%{normalize_query_term(self.org)}%")
        if self.year:
            clauses.append("d.year = ?")
            params.append(int(self.year))
        if self.source:
            clauses.append("f.path LIKE ?")
            params.append(f"%{self.source}%")
        return (" AND " + " AND ".join(clauses)) if clauses else "", params


def _omap(row: sqlite3.Row) -> OffsetMap:
    return _omap_cached(row["offset_map"], len(row["dtext"]), len(row["original"]))


@lru_cache(maxsize=4096)
def _omap_cached(breakpoints: str, canon_len: int, orig_len: int) -> OffsetMap:
    return OffsetMap(json.loads(breakpoints), canon_len, orig_len)


_CANDIDATE_SELECT = (
    'SELECT p.id, p.doc_id, p.start, p."end", p.text, p.kind, d.uid, d.title, d.title_original, d.text AS dtext,'
    " coalesce(d.original_text, d.text) AS original, d.offset_map, d.genre, d.topic, d.script, f.path AS source"
    " FROM para_fts JOIN paragraphs p ON p.id = para_fts.rowid JOIN documents d ON d.id = p.doc_id"
    " JOIN pages g ON g.id = d.page_id JOIN files f ON f.id = g.file_id")


def _run(corpus: Corpus, sql: str, params: list[Any]) -> sqlite3.Cursor:
    try:
        return corpus.db.execute(sql, params)
    except sqlite3.OperationalError as exc:
        if _interrupted(exc):
            raise
        raise JianghuaError("Q702", f"the index could not run this query ({exc}); simplify it") from exc


def _interrupted(exc: sqlite3.OperationalError) -> bool:
    return sqlite_primary_code(exc) == 9  # SQLITE_INTERRUPT: Corpus.time_limit stopped it


F = TypeVar("F", bound=Callable[..., Any])


def time_limited(function: F) -> F:
    """Run a query function under ``corpus.query_seconds`` (``Corpus.time_limit``); Q735 when it runs
    past them."""
    @wraps(function)
    def limited(corpus: Corpus, *args: Any, **kwargs: Any) -> Any:
        try:
            with corpus.time_limit(corpus.query_seconds):
                return function(corpus, *args, **kwargs)
        except sqlite3.OperationalError as exc:
            if not _interrupted(exc):
                raise
            raise JianghuaError("Q735", f"the query ran past its time limit ({corpus.query_seconds:g} s): make it more"
                                " specific (fewer or longer terms, a filter)") from exc

    return cast(F, limited)


def _candidates(corpus: Corpus, node: Node, filters: Filters, limit: int | None = None,
                offset: int = 0) -> sqlite3.Cursor:
    """Paragraphs the index proposes for ``node`` (exactly the matching ones when ``node.exact()``)."""
    where, params = filters.sql()
    # ORDER BY the FTS rowid (= p.id): FTS5 yields rowid order itself, ordering by p.id sorts every match
    sql = f"{_CANDIDATE_SELECT} WHERE para_fts MATCH ?{where} ORDER BY para_fts.rowid"
    if limit is not None:
        sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
    return _run(corpus, sql, [node.fts(), *params])


# Counting every match of a very frequent string costs seconds on a large corpus; interactive counts
# stop after this many paragraphs and say "at least" (``total_capped``). None counts everything.
COUNT_CAP = 2000


def _count(corpus: Corpus, node: Node, filters: Filters, cap: int | None = COUNT_CAP) -> tuple[int, bool]:
    """Paragraphs matching ``node`` (at most ``cap`` + 1 are counted); (count, capped)."""
    where, params = filters.sql()
    inner = ("SELECT para_fts.rowid FROM para_fts JOIN paragraphs p ON p.id = para_fts.rowid JOIN documents d ON d.id = p.doc_id"
             f" JOIN pages g ON g.id = d.page_id JOIN files f ON f.id = g.file_id WHERE para_fts MATCH ?{where}")
    if not where:
        inner = "SELECT rowid FROM para_fts WHERE para_fts MATCH ?"
    limit = f" LIMIT {int(cap) + 1}" if cap is not None else ""
    count = int(_run(corpus, f"SELECT count(*) FROM ({inner}{limit})", [node.fts(), *params]).fetchone()[0])
    if cap is not None and count > cap:
        return cap, True
    return count, False


def _occurrences(corpus: Corpus, node: Node, term: str, filters: Filters, cap: int | None = COUNT_CAP) -> tuple[int, bool]:
    """Occurrences of ``term`` in the paragraphs the index finds (the first ``cap`` + 1), counted in SQL."""
    where, params = filters.sql()
    limit = f" LIMIT {int(cap) + 1}" if cap is not None else ""
    sql = ("SELECT count(*), coalesce(sum((length(t) - length(replace(lower(t), ?, ''))) / ?), 0) FROM (SELECT p.text AS t"
           " FROM para_fts JOIN paragraphs p ON p.id = para_fts.rowid JOIN documents d ON d.id = p.doc_id"
           f" JOIN pages g ON g.id = d.page_id JOIN files f ON f.id = g.file_id WHERE para_fts MATCH ?{where}{limit})")
    paragraphs, occurrences = _run(corpus, sql, [term.lower(), len(term), node.fts(), *params]).fetchone()
    return int(occurrences), cap is not None and int(paragraphs) > cap


def _hits(text: str, terms: list[str]) -> list[tuple[int, int]]:
    spans = []
    lowered = text.lower()
    for term in terms:
        term = term.lower()
        start = lowered.find(term)
        while start >= 0:
            spans.append((start, start + len(term)))
            start = lowered.find(term, start + len(term))  # non-overlapping, like str.count and SQL
    return sorted(spans)


@time_limited
def search(corpus: Corpus, query: str, filters: Filters | None = None, limit: int = 20, offset: int = 0,
           count_cap: int | None = COUNT_CAP) -> dict[str, Any]:
    """Paragraphs matching ``query``, each with its hits mapped to the original script.

    Queries of letters and digits are answered by the index exactly (count and page in SQL); a term
    with punctuation is verified against each proposed paragraph."""
    limit = validate.whole_number("--limit", limit)
    offset = validate.whole_number("--offset", offset)
    node = parse_query(query)
    filters = (filters or Filters()).checked()
    capped = False
    if node.exact():
        total, capped = _count(corpus, node, filters, count_cap)
        rows = _candidates(corpus, node, filters, limit=limit, offset=offset).fetchall()
    else:
        matching = [r for r in _candidates(corpus, node, filters) if node.matches(r["text"].lower())]
        total = len(matching)
        rows = matching[offset:offset + limit]
    results = []
    terms = node.positive_terms()
    for row in rows:
        omap = _omap(row)
        o_start, o_end = omap.span(row["start"], row["end"])
        hits = []
        for s, e in _hits(row["text"], terms):
            hs, he = omap.span(row["start"] + s, row["start"] + e)
            hits.append({"start": row["start"] + s, "end": row["start"] + e, "orig_start": hs - o_start, "orig_end": he - o_start})
        results.append({
            "doc_id": row["uid"], "title": row["title"], "source": row["source"], "genre": row["genre"],
            "topic": row["topic"], "paragraph": row["id"], "start": row["start"], "end": row["end"],
            "text": row["text"], "original": row["original"][o_start:o_end], "hits": hits,
        })
    return {"query": query, "normalized": node.terms(), "total": total, "total_capped": capped, "results": results}


# --- concordance ---------------------------------------------------------------------------------

@time_limited
def kwic(corpus: Corpus, word: str, window: int = 20, sort: str | None = None, limit: int | None = 200,
         filters: Filters | None = None, original: bool = True, count_cap: int | None = COUNT_CAP,
         sort_cap: int | None = None) -> dict[str, Any]:
    """Concordance lines of ``word``: every occurrence with ``window`` characters each side.

    ``sort_cap`` sorts only the lines of the first that many matching paragraphs (interactive use on a
    very large corpus); the result says so with ``sorted_sample``."""
    if sort not in (None, "left", "right"):
        raise JianghuaError("Q703", f"sort must be left or right, not {sort!r}")
    window = validate.whole_number("--window", window, 0, validate.MAX_WINDOW)
    limit = validate.count("--limit", limit)
    sort_cap = validate.count("sort_cap", sort_cap)
    term = normalize_query_term(validate.text_size("word", word))
    if not fts_query_chars(term):
        raise JianghuaError("Q701", f"{word!r} has no letters or digits to search for")
    node = Node("term", term=term)
    filters = (filters or Filters()).checked()
    streaming = sort is None and limit is not None and node.exact()
    lines = []
    sampled = sort is not None and sort_cap is not None
    for row in _candidates(corpus, node, filters, limit=sort_cap if sampled else None):
        text = row["text"]
        omap = _omap(row) if original else None
        for s, e in _hits(text, [term]):
            start, end = row["start"] + s, row["start"] + e
            doc_text = row["dtext"]
            if omap is not None:
                o_s, o_e = omap.span(start, end)
                o_par_s, o_par_e = omap.span(row["start"], row["end"])
                source_text = row["original"]
                left = source_text[max(o_par_s, o_s - window):o_s]
                keyword = source_text[o_s:o_e]
                right = source_text[o_e:min(o_par_e, o_e + window)]
            else:
                left = doc_text[max(row["start"], start - window):start]
                keyword = doc_text[start:end]
                right = doc_text[end:min(row["end"], end + window)]
            lines.append({"doc_id": row["uid"], "title": row["title"], "source": row["source"], "start": start,
                          "end": end, "left": left, "keyword": keyword, "right": right})
        if streaming and limit is not None and len(lines) >= limit:
            break
    if streaming:
        total, capped = _occurrences(corpus, node, term, filters, count_cap)
        return {"word": word, "normalized": term, "total": total, "total_capped": capped, "lines": lines[:limit]}
    if sort == "left":
        lines.sort(key=lambda line: line["left"][::-1])
    elif sort == "right":
        lines.sort(key=lambda line: line["right"])
    total = len(lines)
    capped = False
    if sampled and node.exact():
        total, capped = _occurrences(corpus, node, term, filters, count_cap)
    return {"word": word, "normalized": term, "total": total, "total_capped": capped, "sorted_sample": sampled,
            "lines": lines[:limit] if limit else lines}


def _uncased(term: str) -> bool:
    """True when lower-casing a text cannot add, remove or move an occurrence of ``term``: it has no
    cased character, and not U+0307, the one uncased character ``str.lower`` creates (İ -> i + U+0307)."""
    return term.lower() == term.upper() and "\u0307" not in term


@time_limited
def term_by(corpus: Corpus, word: str, by: str = "genre") -> dict[str, Any]:
    """Occurrences of ``word`` per group (genre, topic or year), with each group's document count.

    Occurrences are non-overlapping and case-insensitive, as ``text.lower().count(term.lower())``
    over every paragraph. The index proposes the paragraphs; their documents' groups come from one
    scan of the group's index (joining ``documents`` per paragraph would read each document's row
    past its text); a term without cased letters is counted in the UTF-8 bytes, without decoding."""
    if by not in ("genre", "topic", "year"):
        raise JianghuaError("Q704", f"by must be one of genre, topic, year, not {by!r}")
    term = normalize_query_term(validate.text_size("term", word))
    if not fts_query_chars(term):
        raise JianghuaError("Q701", f"{word!r} has no letters or digits to search for")
    node = Node("term", term=term)
    group_of: dict[int, str] = {}
    docs: Counter[str] = Counter()
    for doc_id, group in corpus.db.execute(f"SELECT id, coalesce({by}, 'unknown') FROM documents"):  # by: checked above
        group_of[doc_id] = group = str(group)
        docs[group] += 1
    hits: Counter[str] = Counter()
    if _uncased(term) and corpus.db.execute("PRAGMA encoding").fetchone()[0] == "UTF-8":
        # UTF-8 is self-synchronizing: byte occurrences of the encoded term are its character occurrences
        needle: Any = term.encode("utf-8")
        sql = "SELECT p.doc_id, CAST(p.text AS BLOB) FROM para_fts JOIN paragraphs p ON p.id = para_fts.rowid WHERE para_fts MATCH ?"
        for doc_id, text in _run(corpus, sql, [node.fts()]):
            hits[group_of[doc_id]] += text.count(needle)
    else:
        needle = term.lower()
        sql = "SELECT p.doc_id, p.text FROM para_fts JOIN paragraphs p ON p.id = para_fts.rowid WHERE para_fts MATCH ?"
        for doc_id, text in _run(corpus, sql, [node.fts()]):
            hits[group_of[doc_id]] += text.lower().count(needle)
    return {"word": word, "normalized": term, "by": by,
            "groups": {g: {"occurrences": hits[g], "documents": n, "per_document": round(hits[g] / n, 3)}
                       for g, n in sorted(docs.items())}}


# --- frequencies, collocations, keyness ---------------------------------------------------------

_PUNCT_TOKEN = re.compile(r"^[\W_]+$")
GROUPS = {"genre": "d.genre", "topic": "d.topic", "year": "d.year", None: "'all'"}


def _word_rows(corpus: Corpus, by: str | None = None, where: str = "", params: tuple[Any, ...] = ()):
    if by not in GROUPS:
        raise JianghuaError("Q704", f"--by must be one of genre, topic, year, not {by!r}")
    sql = f"SELECT {GROUPS[by]} AS grp, p.words FROM paragraphs p JOIN documents d ON d.id = p.doc_id {where}"
    for row in corpus.db.execute(sql, params):
        yield (row["grp"] if row["grp"] is not None else "unknown"), [w for w in row["words"].split(" ") if w and not _PUNCT_TOKEN.match(w)]


def freq(corpus: Corpus, by: str | None = None, ngram: int = 1, top: int = 30) -> dict[str, Any]:
    if ngram < 1:
        raise JianghuaError("Q705", "--ngram must be 1 or more")
    ngram = validate.whole_number("--ngram", ngram, 1, 100)
    top = validate.whole_number("--top", top)
    counts: dict[str, Counter[str]] = {}
    for group, words in _word_rows(corpus, by):
        grams = words if ngram == 1 else ["".join(words[i:i + ngram]) for i in range(len(words) - ngram + 1)]
        counts.setdefault(str(group), Counter()).update(grams)
    return {"by": by, "ngram": ngram, "groups": {g: {"tokens": sum(c.values()), "top": c.most_common(top)} for g, c in sorted(counts.items())}}


def _g2(a: float, b: float, c: float, d: float) -> float:
    """Dunning's log-likelihood for the 2x2 table [[a, b], [c, d]]."""
    total = a + b + c + d
    g = 0.0
    for observed, row, col in ((a, a + b, a + c), (b, a + b, b + d), (c, c + d, a + c), (d, c + d, b + d)):
        expected = row * col / total if total else 0
        if observed > 0 and expected > 0:
            g += observed * math.log(observed / expected)
    return 2 * g


def collocates(corpus: Corpus, word: str, window: int = 5, measure: str = "llr", min_count: int = 3, top: int = 30) -> dict[str, Any]:
    if measure not in ("mi", "llr"):
        raise JianghuaError("Q706", f"--measure must be mi or llr, not {measure!r}")
    window = validate.whole_number("--window", window, 0, validate.MAX_WINDOW)
    min_count = validate.whole_number("--min-count", min_count)
    top = validate.whole_number("--top", top)
    node = normalize_query_term(validate.text_size("word", word))
    unigram: Counter[str] = Counter()
    pair: Counter[str] = Counter()
    total = 0
    node_count = 0
    for _group, words in _word_rows(corpus):
        total += len(words)
        unigram.update(words)
        for i, w in enumerate(words):
            if w == node:
                node_count += 1
                for other in words[max(0, i - window):i] + words[i + 1:i + 1 + window]:
                    pair[other] += 1
    rows: list[dict[str, Any]] = []
    span = 2 * window
    for other, observed in pair.items():
        if observed < min_count or other == node:
            continue
        f_other = unigram[other]
        if measure == "mi":
            score = math.log2(observed * total / (node_count * f_other * span)) if node_count and f_other else 0.0
        else:
            a = observed
            b = node_count * span - observed
            c = f_other - observed
            d = total - a - b - c
            score = _g2(a, max(b, 0), max(c, 0), max(d, 0))
        rows.append({"word": other, "count": observed, "frequency": f_other, "score": round(score, 3)})
    rows.sort(key=lambda r: (-r["score"], r["word"]))
    return {"word": word, "normalized": node, "occurrences": node_count, "measure": measure, "window": window,
            "collocates": rows[:top]}


def keyness(corpus: Corpus, target: str, reference: str | None = None, by: str = "genre", top: int = 30,
            min_count: int = 3) -> dict[str, Any]:
    if by not in GROUPS or by is None:
        raise JianghuaError("Q704", f"--by must be one of genre, topic, year, not {by!r}")
    top = validate.whole_number("--top", top)
    min_count = validate.whole_number("min_count", min_count)
    labels = {"genre": (*GENRES, "unknown"), "topic": (*TOPICS, "unknown")}  # "unknown": not classified
    if by in labels:  # a year is any number: no closed set
        validate.one_of("--target", target, labels[by])
        validate.one_of("--reference", reference, labels[by])
    target_counts: Counter[str] = Counter()
    reference_counts: Counter[str] = Counter()
    for group, words in _word_rows(corpus, by):
        if str(group) == target:  # a year group is an int, the --target text
            target_counts.update(words)
        elif reference is None or str(group) == reference:
            reference_counts.update(words)
    if not target_counts:
        raise JianghuaError("Q707", f"no documents with {by} {target!r}; 'jianghua stats' lists the labels")
    t_total, r_total = sum(target_counts.values()), sum(reference_counts.values())
    rows: list[dict[str, Any]] = []
    for w in set(target_counts) | set(reference_counts):
        a, b = target_counts[w], reference_counts[w]
        if a + b < min_count:
            continue
        g2 = _g2(a, b, t_total - a, r_total - b)
        direction = 1 if (a / t_total if t_total else 0) >= (b / r_total if r_total else 0) else -1
        rows.append({"word": w, "target": a, "reference": b, "g2": round(direction * g2, 3)})
    rows.sort(key=lambda r: -r["g2"])
    return {"target": target, "reference": reference or "rest", "by": by, "target_tokens": t_total,
            "reference_tokens": r_total, "key": rows[:top], "negative": sorted(rows, key=lambda r: r["g2"])[:top]}
