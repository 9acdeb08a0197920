"""Listings of the reuse index for researchers and template writers: passage clusters with the
document filters and paging (``passage_page``; ``passages`` is the same listing with each cluster's
occurrences), substitutions counted per place, and variants written out for a terminal, a pipe or a
clipboard. The build writes the tables; this module and ``read`` only read them (and the paragraphs'
words).

Substitutions, exactly: a substitution a→b is counted once at each **place** (a document and an
offset in its canonical text) where a reused text reads the word b and the text it is compared with
reads a, the words on both sides being equal:

- a duplicate copy is compared with its canonical document (``doc_clusters.changes``, found when the
  reuse index was built: the copy reads b where the canonical reads a);
- any other document is compared, passage by passage, with the representative text of each passage
  cluster it shares (the differences ``jianghua variants`` marks), word by word over the corpus's own
  jieba words, in passages at least ``SPUN_DENSITY`` alike (a spun copy, not a rewritten formula).

A place is counted once even when several passages cover it; ``n_docs`` counts the documents with a
place. The document filters keep the documents whose places count.
"""

from __future__ import annotations

import difflib
import json
import sqlite3
from collections.abc import Iterable, Iterator
from typing import Any

from .. import validate
from ..corpus.store import Corpus
from ..labels import ROLES, TOPICS
from ..query.filters import Filters, paging
from ..query.search import time_limited, word_spans
from .align import diff, word_substitutions
from .pairs import SPUN_DENSITY
from .read import PASSAGE_KINDS, duplicate_records, occurrence_rows, passage_records, require

CONTEXT_CHARS = 10


# --- passage clusters ---------------------------------------------------------------------------------

@time_limited
def passage_page(corpus: Corpus, min_docs: int = 2, role: str | None = None, kind: str | None = None,
                 filters: Filters | None = None, limit: int | None = 50, offset: int = 0,
                 topic: str | None = None) -> dict[str, Any]:
    """``_page`` under the corpus's query time limit (the CLI's and the web's listing)."""
    return _page(corpus, min_docs, role, kind, filters, limit, offset, topic)


def _page(corpus: Corpus, min_docs: int = 2, role: str | None = None, kind: str | None = None,
          filters: Filters | None = None, limit: int | None = 50, offset: int = 0,
          topic: str | None = None) -> dict[str, Any]:
    """Reused-passage clusters, biggest first (works, then documents, then occurrences), one page at a
    time, with their total.

    With document filters, a cluster is kept when at least ``min_docs`` of the documents it occurs in
    pass them (``n_docs_kept``); ``role`` keeps clusters with an occurrence inside a section of that
    role; ``topic`` those with an occurrence in a document of that topic (a filter's ``topic`` counts
    the documents instead); ``kind`` is furniture, template or shared. Role and topic columns are
    filled by other stages (NULL before)."""
    min_docs = validate.whole_number("min_docs", min_docs)
    limit = validate.count("limit", limit)
    offset = validate.whole_number("offset", offset)
    role = validate.one_of("role", role, ROLES)
    topic = validate.one_of("topic", topic, TOPICS)
    kind = validate.one_of("kind", kind, PASSAGE_KINDS)
    filters = (filters or Filters()).checked()
    require(corpus)
    clauses: list[str] = []
    args: list[Any] = []
    kept = "c.n_docs"
    kept_args: list[Any] = []
    if filters.active():
        documents, kept_args = filters.documents_sql("d.uid")
        kept = (f"(SELECT count(DISTINCT o.doc_id) FROM passage_occurrences o WHERE o.cluster = c.id"
                f" AND o.doc_id IN ({documents}))")
        args.extend(kept_args)
    clauses.append(f"{kept} >= ?")
    args.append(min_docs)
    if topic:
        clauses.append("EXISTS (SELECT 1 FROM passage_occurrences o JOIN documents d ON d.uid = o.doc_id"
                       " WHERE o.cluster = c.id AND d.topic = ?)")
        args.append(topic)
    if role:
        clauses.append("EXISTS (SELECT 1 FROM passage_occurrences o JOIN documents d ON d.uid = o.doc_id"
                       ' JOIN sections s ON s.doc_id = d.id WHERE o.cluster = c.id AND s.role = ?'
                       ' AND s.start <= o.start AND o.start < s."end")')
        args.append(role)
    if kind:
        clauses.append("c.kind = ?")
        args.append(kind)
    where = " AND ".join(clauses)
    total = int(corpus.db.execute(f"SELECT count(*) FROM passage_clusters c WHERE {where}", args).fetchone()[0])
    sql = (f"SELECT c.*, {kept} AS kept FROM passage_clusters c WHERE {where}"
           " ORDER BY c.n_works DESC, c.n_docs DESC, c.size DESC, length(c.representative) DESC, c.id")
    page_sql, page_args = paging(limit, offset)
    sql += page_sql
    select_args = [*kept_args, *args, *page_args]
    clusters = [{"id": r["id"], "size": r["size"], "n_docs": r["n_docs"], "n_docs_kept": r["kept"], "n_works": r["n_works"],
                 "n_sites": r["n_sites"], "n_pages": r["n_pages"], "boilerplate_score": r["boilerplate_score"],
                 "kind": r["kind"], "text": r["representative"], "doc_id": r["rep_doc"]}
                for r in corpus.db.execute(sql, select_args)]
    return {"total": total, "offset": offset, "filters": filters.params(), "clusters": clusters}


def passages(corpus: Corpus, min_docs: int = 2, topic: str | None = None, role: str | None = None,
             limit: int | None = 50, kind: str | None = None, with_occurrences: bool = True) -> list[dict[str, Any]]:
    """The clusters of ``passage_page`` (no document filters: ``n_docs`` counts every document, and no
    time limit: the library's listing), each with its ``occurrences`` in document order (None without
    ``with_occurrences``)."""
    page = _page(corpus, min_docs=min_docs, role=role, kind=kind, limit=limit, topic=topic)
    out = []
    for cluster in page["clusters"]:
        del cluster["n_docs_kept"]
        cluster["occurrences"] = [
            {"doc_id": o["doc_id"], "paragraph": o["paragraph"], "start": o["start"], "end": o["end"], "site": o["site"],
             "title": o["title"]} for o in occurrence_rows(corpus, cluster["id"])] if with_occurrences else None
        out.append(cluster)
    return out


def passage_occurrences(corpus: Corpus, filters: Filters | None = None) -> Iterator[dict[str, Any]]:
    """``export passages`` restricted to the occurrences in documents the filters keep."""
    filters = (filters or Filters()).checked()
    keep = _kept_uids(corpus, filters)
    for record in passage_records(corpus):
        if keep is None or record["doc_id"] in keep:
            yield record


def duplicate_rows(corpus: Corpus, filters: Filters | None = None) -> Iterator[dict[str, Any]]:
    """``export duplicates`` restricted to the documents the filters keep."""
    filters = (filters or Filters()).checked()
    keep = _kept_uids(corpus, filters)
    for record in duplicate_records(corpus):
        if keep is None or record["doc_id"] in keep:
            yield record


def _kept_uids(corpus: Corpus, filters: Filters) -> set[str] | None:
    if not filters.active():
        return None
    sql, params = filters.documents_sql("d.uid")
    return {uid for (uid,) in corpus.db.execute(sql, params)}


# --- substitutions --------------------------------------------------------------------------------------

class _Words:
    """The jieba words of document spans with their offsets; a representative's are read once."""

    def __init__(self, corpus: Corpus):
        self.corpus = corpus
        self.kept: dict[tuple[str, int, int], list[tuple[int, str]]] = {}

    def inside(self, uid: str, start: int, end: int, keep: bool = False) -> list[tuple[int, str]]:
        """The words of document ``uid`` lying wholly inside [start, end) (canonical offsets)."""
        if (uid, start, end) in self.kept:
            return self.kept[uid, start, end]
        out: list[tuple[int, str]] = []
        rows = self.corpus.db.execute(
            'SELECT p.start, p.text, p.words FROM paragraphs p JOIN documents d ON d.id = p.doc_id'
            ' WHERE d.uid = ? AND p."end" > ? AND p.start < ? ORDER BY p.ordinal', (uid, start, end))
        for p_start, text, words in rows:
            out.extend((p_start + s, text[s:e]) for s, e in word_spans(text, words) if start <= p_start + s and p_start + e <= end)
        if keep:
            if len(self.kept) > 4096:
                self.kept.clear()
            self.kept[uid, start, end] = out
        return out


def _maybe_alike(a: str, b: str) -> bool:
    """False when two texts cannot be ``SPUN_DENSITY`` alike: difflib's cheap upper bounds of the ratio
    (lengths, then characters in common)."""
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return matcher.real_quick_ratio() >= SPUN_DENSITY and matcher.quick_ratio() >= SPUN_DENSITY


def _passage_places(corpus: Corpus, keep: set[str] | None, copies: set[str]) -> Iterator[tuple[str, str, str, int, str]]:
    """(a, b, document, offset, context) for every substitution place in passage occurrences."""
    words = _Words(corpus)
    found_for: dict[tuple[int, str], list[tuple[int, str, str]]] = {}
    rows = corpus.db.execute(
        'SELECT o.cluster, o.doc_id, o.start, o."end", o.text, c.representative, c.rep_doc, c.rep_start, c.rep_end'
        " FROM passage_occurrences o JOIN passage_clusters c ON c.id = o.cluster"
        " WHERE o.text != c.representative ORDER BY o.cluster, o.doc_id, o.start")
    for cluster, uid, start, end, text, rep, rep_doc, rep_start, rep_end in rows:
        if uid in copies or (keep is not None and uid not in keep):
            continue
        key = (cluster, text)
        if key not in found_for:
            found_for[key] = []
            # cheapest first: the upper bounds of the similarity, the words, then the similarity itself
            if _maybe_alike(rep, text):
                mine = words.inside(uid, start, end)
                theirs = words.inside(rep_doc, rep_start, rep_end, keep=True)
                pairs = word_substitutions([w for _s, w in theirs], [w for _s, w in mine])
                if pairs and diff(rep, text)[0] >= SPUN_DENSITY:
                    found_for[key] = [(mine[j][0] - start, a, b) for _i, j, a, b in pairs]
        for offset, a, b in found_for[key]:
            context = text[max(0, offset - CONTEXT_CHARS):offset + len(b) + CONTEXT_CHARS]
            yield a, b, uid, start + offset, context


@time_limited
def substitutions(corpus: Corpus, filters: Filters | None = None, min_count: int = 1,
                  limit: int | None = None) -> list[dict[str, Any]]:
    """Word substitutions a→b counted per place (see the module's docstring), most first: ``count``
    places, ``duplicate_count`` of them in duplicate copies, ``passage_count`` in shared passages,
    ``n_docs`` documents, up to 3 ``examples`` (doc_id, start, end, context)."""
    min_count = validate.whole_number("min_count", min_count)
    limit = validate.count("limit", limit)
    filters = (filters or Filters()).checked()
    require(corpus)
    keep = _kept_uids(corpus, filters)
    table: dict[tuple[str, str], dict[str, Any]] = {}

    def entry(a: str, b: str) -> dict[str, Any]:
        return table.setdefault((a, b), {"a": a, "b": b, "count": 0, "duplicate_count": 0, "passage_count": 0,
                                         "docs": set(), "examples": []})

    copies: set[str] = set()
    for uid, changes in corpus.db.execute("SELECT doc_id, changes FROM doc_clusters WHERE canonical = 0"):
        copies.add(uid)
        if keep is not None and uid not in keep:
            continue
        for change in json.loads(changes):
            row = entry(change["a"], change["b"])
            row["count"] += int(change["count"])
            row["duplicate_count"] += int(change["count"])
            row["docs"].add(uid)
    seen: set[tuple[str, int, str, str]] = set()
    for a, b, uid, at, context in _passage_places(corpus, keep, copies):
        if (uid, at, a, b) in seen:
            continue
        seen.add((uid, at, a, b))
        row = entry(a, b)
        row["count"] += 1
        row["passage_count"] += 1
        row["docs"].add(uid)
        if len(row["examples"]) < 3:
            row["examples"].append({"doc_id": uid, "start": at, "end": at + len(b), "context": context})
    _duplicate_examples(corpus, table, copies if keep is None else copies & keep)
    rows = sorted(table.values(), key=lambda r: (-r["count"], r["a"], r["b"]))
    out = [{"a": r["a"], "b": r["b"], "count": r["count"], "duplicate_count": r["duplicate_count"],
            "passage_count": r["passage_count"], "n_docs": len(r["docs"]), "examples": r["examples"]}
           for r in rows if r["count"] >= min_count]
    return out[:limit] if limit else out


def _duplicate_examples(corpus: Corpus, table: dict[tuple[str, str], dict[str, Any]], copies: Iterable[str]) -> None:
    """Examples of the substitutions in duplicate copies: the build stored up to three places per pair."""
    copies = set(copies)
    try:
        stored = corpus.db.execute("SELECT a, b, examples FROM substitutions").fetchall()
    except sqlite3.OperationalError:  # a corpus without the table: no examples to add
        return
    for a, b, examples in stored:
        row = table.get((a, b))
        if row is None or row["duplicate_count"] == 0:
            continue
        for example in json.loads(examples):
            if len(row["examples"]) < 3 and example.get("doc_id") in copies and example not in row["examples"]:
                row["examples"].append(example)


# --- variants as text -------------------------------------------------------------------------------------

def marked_text(segments: list[dict[str, str]]) -> str:
    """A variant with its differences from the representative in word-diff markers (git's
    ``--word-diff=plain``): ``[-removed-]{+added+}``, so it reads without colour, in a pipe or a file."""
    parts = []
    for seg in segments:
        if seg["op"] == "equal":
            parts.append(seg["b"])
        if seg["op"] in ("replace", "delete"):
            parts.append(f"[-{seg['a']}-]")
        if seg["op"] in ("replace", "insert"):
            parts.append(f"{{+{seg['b']}+}}")
    return "".join(parts)


def cluster_sizes(corpus: Corpus) -> list[tuple[int, int]]:
    """(documents, clusters of that many documents), smallest first; empty without a reuse index."""
    if not corpus.has_table("passage_clusters"):
        return []
    rows = corpus.db.execute("SELECT n_docs, count(*) FROM passage_clusters GROUP BY n_docs ORDER BY n_docs")
    return [(int(r[0]), int(r[1])) for r in rows]


def shared_passages(corpus: Corpus, uid: str) -> list[dict[str, Any]]:
    """The reused passages of one document, in text order: cluster, start, end, text, n_docs."""
    if not corpus.has_table("passage_occurrences"):
        return []
    return [dict(r) for r in corpus.db.execute(
        'SELECT o.cluster, o.start, o."end", o.text, c.n_docs FROM passage_occurrences o'
        " JOIN passage_clusters c ON c.id = o.cluster WHERE o.doc_id = ? ORDER BY o.start", (uid,))]
