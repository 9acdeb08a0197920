"""Corpus queries for researchers: full-text search and concordance (KWIC) over the canonical text,
answered in the original script. Word statistics (frequencies, collocates, keyness, a term's
distribution) are in ``textstat``; the document filters every query takes are in ``filters``.

Query syntax (``search``, ``kwic``, ``dist``): terms and "quoted phrases" in either script (normalized like
the corpus), combined with AND (also implicit between terms), OR, NOT and parentheses:
``干部 AND (竞争上岗 OR 竞聘) NOT 挂职``. Every term is a substring query (干部 finds 领导干部): the
character index (one token per character) proposes paragraphs, and each hit is verified against the
paragraph text, so results equal a plain substring scan. A term ending in ``*`` is a word prefix:
``竞*`` finds the jieba words that begin with 竞 (竞争上岗, 竞聘), and a concordance line shows the
whole word. Inside a phrase ``*`` is an ordinary character.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache, wraps
from typing import Any, TypeVar, cast

from .. import errors, validate
from ..corpus.fts import fts_chars, fts_query_chars
from ..corpus.reads import GROUP_COLUMNS
from ..corpus.store import Corpus, sqlite_primary_code
from ..errors import JianghuaError
from ..offsets import OffsetMap
from ..stages.normalize import normalize
from .filters import Filters

__all__ = ["Filters", "Node", "distribution", "kwic", "parse_query", "search", "term_by"]

# --- query language ------------------------------------------------------------------------------

_TOKEN = re.compile(r'\s*(?:(?P<phrase>"[^"]*")|(?P<op>AND|OR|NOT)(?=[\s()"]|$)|(?P<paren>[()])|(?P<term>[^\s()"]+))')
PREFIX = "*"


class Paragraph:
    """A paragraph as the query language reads it: its text (lower-cased once) and, when a prefix
    term asks, the spans of its jieba words (``words`` are pieces of ``text`` in order, whitespace
    dropped)."""

    def __init__(self, text: str, words: str = ""):
        self.text = text
        self.lower = text.lower()
        self.words = words
        self._spans: list[tuple[int, int]] | None = None

    def word_spans(self) -> list[tuple[int, int]]:
        if self._spans is None:
            self._spans = word_spans(self.text, self.words)
        return self._spans


def word_spans(text: str, words: str) -> list[tuple[int, int]]:
    """(start, end) in ``text`` of each of its space-separated jieba ``words``."""
    spans = []
    position = 0
    for word in words.split(" "):
        if not word:
            continue
        found = text.find(word, position)
        if found < 0:  # not a piece of this text (a stale words column): the word is skipped
            continue
        spans.append((found, found + len(word)))
        position = found + len(word)
    return spans


@dataclass
class Node:
    op: str  # "term", "and", "or", "not"
    term: str = ""
    children: list[Node] = field(default_factory=list)
    prefix: bool = False  # a term: the beginning of a word (竞*), not a substring

    def terms(self) -> list[str]:
        if self.op == "term":
            return [self.term]
        return [t for child in self.children for t in child.terms()]

    def positive(self) -> list[Node]:
        """The terms whose occurrences a matching paragraph shows (all but those after NOT)."""
        if self.op == "term":
            return [self]
        if self.op == "not":
            return self.children[0].positive()
        return [t for child in self.children for t in child.positive()]

    def positive_terms(self) -> list[str]:
        return [t.term for t in self.positive()]

    def hits(self, paragraph: Paragraph) -> list[tuple[int, int]]:
        """Where this term occurs in the paragraph: non-overlapping substring occurrences, or for a
        prefix the words that begin with it."""
        term = self.term.lower()
        if self.prefix:
            return [(s, e) for s, e in paragraph.word_spans() if paragraph.lower.startswith(term, s)]
        spans = []
        start = paragraph.lower.find(term)
        while start >= 0:
            spans.append((start, start + len(term)))
            start = paragraph.lower.find(term, start + len(term))  # non-overlapping, like str.count and SQL
        return spans

    def matches(self, paragraph: Paragraph | str) -> bool:
        """Whether the paragraph matches (a plain text must be lower-cased, as the index is)."""
        if isinstance(paragraph, str):
            paragraph = Paragraph(paragraph)
        if self.op == "term":
            return bool(self.hits(paragraph)) if self.prefix else self.term.lower() in paragraph.lower
        if self.op == "and":
            return all(child.matches(paragraph) for child in self.children)
        if self.op == "or":
            return any(child.matches(paragraph) for child in self.children)
        return self.children[0].matches(paragraph) and not self.children[1].matches(paragraph)

    def exact(self) -> bool:
        """True when the index answers this query exactly (every term only letters and digits, no prefix)."""
        return all(t.isalnum() for t in self.terms()) and not any(t.prefix for t in self.positive())

    def fts(self) -> str:
        if self.op == "term":
            return '"' + fts_chars(self.term) + '"'
        if self.op == "not":
            return f"({self.children[0].fts()} NOT {self.children[1].fts()})"
        joiner = " AND " if self.op == "and" else " OR "
        return "(" + joiner.join(child.fts() for child in self.children) + ")"

    def render(self, top: bool = True) -> str:
        """The query as it was understood, normalized (干部 AND (竞争上岗 OR 竞聘*))."""
        if self.op == "term":
            shown = f'"{self.term}"' if any(c.isspace() or c in '()"' for c in self.term) else self.term
            return shown + (PREFIX if self.prefix else "")
        if self.op == "not":
            return f"{self.children[0].render(False)} NOT {self.children[1].render(False)}"
        inner = f" {self.op.upper()} ".join(child.render(False) for child in self.children)
        return inner if top else f"({inner})"


def normalize_query_term(term: str) -> str:
    return normalize(term).text.strip()


def parse_query(query: str) -> Node:
    """Parse a search query; raises JianghuaError Q701 with what is wrong and how to write it, and
    Q730-Q732 for a query over the size limits (``validate``), checked before parsing."""
    tokens: list[tuple[str, str]] = []
    position = 0
    query = validate.text_size("query", query.strip())
    if query.count('"') % 2:
        raise errors.Q701.error("unbalanced", query=query)
    while position < len(query):
        match = _TOKEN.match(query, position)
        if not match or match.end() == position:
            break
        position = match.end()
        kind = match.lastgroup or ""
        value = match.group(kind)
        if kind == "phrase":
            value = value[1:-1]
        if kind == "term" and (value == "NEAR" or value.startswith("NEAR(")):
            raise errors.Q701.error("near", query=query)
        tokens.append((kind, value))
    if not tokens:
        raise errors.Q701.error("empty")
    depth = deepest = 0
    for kind, value in tokens:
        if kind == "paren":
            depth += 1 if value == "(" else -1
            deepest = max(deepest, depth)
    validate.query_shape(sum(kind in ("term", "phrase") for kind, _ in tokens), deepest)
    parser = _Parser(tokens, query)
    node = parser.expression()
    if parser.index != len(tokens):
        raise errors.Q701.error("unexpected", token=tokens[parser.index][1], query=query)
    return node


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]], query: str):
        self.tokens = tokens
        self.index = 0
        self.query = query

    def _peek(self) -> tuple[str, str] | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def _error(self, what: str) -> JianghuaError:
        return errors.Q701.error("syntax", what=what, query=self.query)

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
            raw, prefix = tok[1], False
            if tok[0] == "term" and PREFIX in raw:
                if raw.index(PREFIX) != len(raw) - 1:
                    raise self._error(f"{raw!r}: * is allowed only at the end of a term (a word prefix, e.g. 竞*);"
                                      " quote it to search for the character")
                raw, prefix = raw[:-1], True
            term = normalize_query_term(raw)
            if not fts_query_chars(term):
                raise self._error(f"{tok[1]!r} has no letters or digits to search for")
            return Node("term", term=term, prefix=prefix)
        raise self._error(f"unexpected {tok[1]!r}")


# --- search --------------------------------------------------------------------------------------

def _omap(row: sqlite3.Row) -> OffsetMap:
    return _omap_cached(row["offset_map"], len(row["dtext"]), len(row["original"]))


@lru_cache(maxsize=4096)
def _omap_cached(breakpoints: str, canon_len: int, orig_len: int) -> OffsetMap:
    return OffsetMap(json.loads(breakpoints), canon_len, orig_len)


@contextmanager
def _fts_errors() -> Iterator[None]:
    """An FTS query SQLite refuses is Q702; an interrupted one (the time limit) is raised as it is."""
    try:
        yield
    except sqlite3.OperationalError as exc:
        if _interrupted(exc):
            raise
        raise errors.Q702.error(reason=exc) from exc


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
            raise errors.Q735.error(seconds=corpus.query_seconds) from exc

    return cast(F, limited)


def _candidates(corpus: Corpus, node: Node, filters: Filters, limit: int | None = None,
                offset: int = 0) -> sqlite3.Cursor:
    """Paragraphs the index proposes for ``node`` (exactly the matching ones when ``node.exact()``)."""
    with _fts_errors():
        return corpus.candidate_paragraphs(node.fts(), *filters.sql(), limit=limit, offset=offset)


# Counting every match of a very frequent string costs seconds on a large corpus; interactive counts
# stop after this many paragraphs and say "at least" (``total_capped``). None counts everything.
COUNT_CAP = 2000


def _count(corpus: Corpus, node: Node, filters: Filters, cap: int | None = COUNT_CAP) -> tuple[int, bool]:
    """Paragraphs matching ``node`` (at most ``cap`` + 1 are counted); (count, capped)."""
    with _fts_errors():
        count = corpus.count_matching(node.fts(), *filters.sql(), cap=cap)
    if cap is not None and count > cap:
        return cap, True
    return count, False


def _occurrences(corpus: Corpus, node: Node, term: str, filters: Filters, cap: int | None = COUNT_CAP) -> tuple[int, bool]:
    """Occurrences of ``term`` in the paragraphs the index finds (the first ``cap`` + 1), counted in SQL."""
    with _fts_errors():
        paragraphs, occurrences = corpus.count_occurrences(node.fts(), term, *filters.sql(), cap=cap)
    return int(occurrences), cap is not None and int(paragraphs) > cap


def _hits(paragraph: Paragraph, terms: list[Node]) -> list[tuple[int, int]]:
    """The occurrences of ``terms`` in a paragraph, in order; where two terms overlap (干部 OR 领导干部)
    the one starting first (then the longer) is kept, so each character belongs to at most one hit."""
    spans = sorted({span for term in terms for span in term.hits(paragraph)}, key=lambda s: (s[0], -s[1]))
    kept: list[tuple[int, int]] = []
    for start, end in spans:
        if not kept or start >= kept[-1][1]:
            kept.append((start, end))
    return kept


@time_limited
def search(corpus: Corpus, query: str, filters: Filters | None = None, limit: int = 20, offset: int = 0,
           count_cap: int | None = COUNT_CAP) -> dict[str, Any]:
    """Paragraphs matching ``query``, each with its hits mapped to the original script.

    Queries of letters and digits are answered by the index exactly (count and page in SQL); a term
    with punctuation, or a prefix, is verified against each proposed paragraph."""
    limit = validate.whole_number("limit", limit)
    offset = validate.whole_number("offset", offset)
    node = parse_query(query)
    filters = (filters or Filters()).checked()
    capped = False
    if node.exact():
        total, capped = _count(corpus, node, filters, count_cap)
        rows = _candidates(corpus, node, filters, limit=limit, offset=offset).fetchall()
    else:
        matching = [r for r in _candidates(corpus, node, filters) if node.matches(Paragraph(r["text"], r["words"]))]
        total = len(matching)
        rows = matching[offset:offset + limit]
    results = []
    terms = node.positive()
    for row in rows:
        omap = _omap(row)
        o_start, o_end = omap.span(row["start"], row["end"])
        hits = []
        for s, e in _hits(Paragraph(row["text"], row["words"]), terms):
            hs, he = omap.span(row["start"] + s, row["start"] + e)
            hits.append({"start": row["start"] + s, "end": row["start"] + e, "orig_start": hs - o_start, "orig_end": he - o_start})
        results.append({
            "doc_id": row["uid"], "title": row["title"], "source": row["source"], "genre": row["genre"],
            "topic": row["topic"], "year": row["year"], "paragraph": row["id"], "start": row["start"], "end": row["end"],
            "text": row["text"], "original": row["original"][o_start:o_end], "hits": hits,
        })
    return {"query": query, "normalized": node.terms(), "understood": node.render(), "total": total,
            "total_capped": capped, "results": results}


# --- concordance ---------------------------------------------------------------------------------

KWIC_COLUMNS = ("doc_id", "title", "source", "genre", "topic", "year", "start", "end", "left", "keyword", "right")


@time_limited
def kwic(corpus: Corpus, query: str, window: int = 20, sort: str | None = None, limit: int | None = 200,
         filters: Filters | None = None, original: bool = True, count_cap: int | None = COUNT_CAP,
         sort_cap: int | None = None) -> dict[str, Any]:
    """Concordance lines: every occurrence of the query's terms in the paragraphs it matches, with
    ``window`` characters each side (inside the paragraph). The query language is ``search``'s:
    ``竞争上岗``, ``"正确对待组织"``, ``竞聘 OR 竞岗``, ``干部 NOT 挂职``, a word prefix ``竞*`` (the
    line's keyword is then the whole word); with AND, each term's occurrences are lines.

    ``sort_cap`` sorts only the lines of the first that many matching paragraphs (interactive use on a
    very large corpus); the result says so with ``sorted_sample``."""
    if sort not in (None, "left", "right"):
        raise errors.Q703.error(sort=sort)
    window = validate.whole_number("window", window, 0, validate.MAX_WINDOW)
    limit = validate.count("limit", limit)
    sort_cap = validate.count("sort_cap", sort_cap)
    node = parse_query(query)
    terms = node.positive()
    single = node.op == "term" and node.exact()  # one plain term: counted in SQL, lines streamed
    filters = (filters or Filters()).checked()
    streaming = sort is None and limit is not None and single
    lines = []
    sampled = sort is not None and sort_cap is not None
    for row in _candidates(corpus, node, filters, limit=sort_cap if sampled else None):
        paragraph = Paragraph(row["text"], row["words"])
        if not node.exact() and not node.matches(paragraph):
            continue
        omap = _omap(row) if original else None
        for s, e in _hits(paragraph, terms):
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
            lines.append({"doc_id": row["uid"], "title": row["title"], "source": row["source"], "genre": row["genre"],
                          "topic": row["topic"], "year": row["year"], "start": start, "end": end, "left": left,
                          "keyword": keyword, "right": right})
        if streaming and limit is not None and len(lines) >= limit:
            break
    shown = node.render()
    if streaming:
        total, capped = _occurrences(corpus, node, node.term, filters, count_cap)
        return {"word": query, "normalized": shown, "total": total, "total_capped": capped, "lines": lines[:limit]}
    if sort == "left":
        lines.sort(key=lambda line: line["left"][::-1])
    elif sort == "right":
        lines.sort(key=lambda line: line["right"])
    total = len(lines)
    capped = False
    if sampled and single:
        total, capped = _occurrences(corpus, node, node.term, filters, count_cap)
    return {"word": query, "normalized": shown, "total": total, "total_capped": capped, "sorted_sample": sampled,
            "lines": lines[:limit] if limit else lines}


def _uncased(term: str) -> bool:
    """True when lower-casing a text cannot add, remove or move an occurrence of ``term``: it has no
    cased character, and not U+0307, the one uncased character ``str.lower`` creates (İ -> i + U+0307)."""
    return term.lower() == term.upper() and "\u0307" not in term


def group_column(by: str | None, allowed: tuple[str, ...] = tuple(GROUP_COLUMNS)) -> str:
    """A grouping's name (a key of ``corpus.reads.GROUP_COLUMNS``), checked; Q704 listing the valid ones
    otherwise."""
    if by not in allowed:
        raise errors.Q704.error("", "by", by=str(by)[:40], valid=", ".join(allowed))
    return str(by)


@time_limited
def distribution(corpus: Corpus, query: str, by: str = "genre", filters: Filters | None = None) -> dict[str, Any]:
    """A query's occurrences per group of documents (genre, topic, year or site): for each group its
    documents, characters, occurrences, documents with an occurrence, and occurrences per 10,000
    characters and per document. Documents without a value are the group "unknown".

    Occurrences are the hits ``kwic`` shows (non-overlapping, case-insensitive, as
    ``text.lower().count(term.lower())`` over every paragraph for a single term). The index proposes
    the paragraphs; a single term without cased letters is counted in the UTF-8 bytes, without
    decoding."""
    by = group_column(by)
    node = parse_query(validate.text_size("term", query))
    filters = (filters or Filters()).checked()
    where, params = filters.sql()
    group_of: dict[int, str] = {}
    docs: Counter[str] = Counter()
    chars: Counter[str] = Counter()
    for doc_id, group, n_chars in corpus.document_groups(by, where, params):
        group_of[doc_id] = group = str(group)
        docs[group] += 1
        chars[group] += n_chars
    hits: Counter[str] = Counter()
    containing: set[int] = set()
    fast = node.op == "term" and node.exact() and _uncased(node.term)
    if fast and corpus.text_encoding() == "UTF-8":
        # UTF-8 is self-synchronizing: byte occurrences of the encoded term are its character occurrences
        needle = node.term.encode("utf-8")
        with _fts_errors():
            paragraphs = corpus.matching_paragraph_bytes(node.fts())
        for doc_id, text in paragraphs:
            if doc_id in group_of and (n := text.count(needle)):
                hits[group_of[doc_id]] += n
                containing.add(doc_id)
    else:
        terms = node.positive()
        with _fts_errors():
            paragraphs = corpus.matching_paragraph_words(node.fts())
        for doc_id, text, words in paragraphs:
            if doc_id not in group_of:
                continue
            paragraph = Paragraph(text, words)
            if node.matches(paragraph) and (n := len(_hits(paragraph, terms))):
                hits[group_of[doc_id]] += n
                containing.add(doc_id)
    with_hits: Counter[str] = Counter(group_of[d] for d in containing)
    return {"word": query, "normalized": node.render(), "by": by, "filters": filters.params(),
            "groups": {g: {"documents": n, "characters": chars[g], "occurrences": hits[g],
                           "documents_with": with_hits[g],
                           "per_10k_chars": round(hits[g] * 10_000 / chars[g], 3) if chars[g] else 0.0,
                           "per_document": round(hits[g] / n, 3)}
                       for g, n in sorted(docs.items())},
            "total": {"documents": sum(docs.values()), "characters": sum(chars.values()),
                      "occurrences": sum(hits.values()), "documents_with": len(containing)}}


def term_by(corpus: Corpus, word: str, by: str = "genre") -> dict[str, Any]:
    """``distribution`` of one word by genre, topic or year over the whole corpus (the overview's chart)."""
    group_column(by, ("genre", "topic", "year"))
    return distribution(corpus, word, by)
