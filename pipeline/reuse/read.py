"""Reading the reuse tables: reused passages, their variants, duplicates and substitutions.

Every function checks first that the tables exist and were built by this version (U802 says how to
build them). Passage occurrences are listed in document order; clusters biggest first.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from typing import Any

import numpy as np

from .. import errors, validate
from ..corpus.reuse_index import coverage, index_status, reuse_needed  # noqa: F401  (this package's API too)
from ..corpus.store import Corpus
from ..stages.normalize import normalize
from . import tables
from .align import align, diff
from .minhash import Signer, content, shingles
from .params import REUSE_VERSION, ReuseParams

PASSAGE_KINDS = ("furniture", "template", "shared")  # passage_clusters.kind


def require(corpus: Corpus) -> dict[str, str]:
    meta = tables.meta(corpus.db)
    if "version" not in meta:
        raise errors.U802.error(path=corpus.path)
    if meta.get("version") != REUSE_VERSION:
        raise errors.U802.error("version", path=corpus.path, version=meta.get("version"), supported=REUSE_VERSION)
    return meta


def reuse_params(corpus: Corpus) -> ReuseParams:
    """The parameters the stored reuse tables were built with."""
    return ReuseParams.from_dict(json.loads(require(corpus)["params"]))


def occurrence_rows(corpus: Corpus, cluster: int, limit: int | None = None) -> list[sqlite3.Row]:
    """A cluster's occurrences in order (the first ``limit``: a formula cluster has 100,000)."""
    return corpus.db.execute(
        'SELECT o.doc_id, o.paragraph, o.start, o."end", o.text, o.site, d.title, d.duplicate_of FROM passage_occurrences o'
        " LEFT JOIN documents d ON d.uid = o.doc_id WHERE o.cluster = ? ORDER BY o.doc_id, o.start LIMIT ?",
        (cluster, -1 if limit is None else int(limit))).fetchall()


def _lookup(corpus: Corpus, text: str) -> tuple[int, float]:
    """The passage cluster a free text belongs to: MinHash of its shingles against every cluster's
    representative (Jaccard, or containment when the text is a part of the passage), confirmed by
    alignment."""
    params = reuse_params(corpus).resolved()
    query = content(normalize(text).text)
    if len(query) < params.shingle_size:
        raise errors.U803.error("too_short", text=text, chars=params.shingle_size)
    rows = corpus.db.execute("SELECT id, representative, signature, n_shingles FROM passage_clusters ORDER BY id").fetchall()
    if not rows:
        raise errors.U803.error("none")
    signer = Signer(params)
    signature = signer.signatures([query])[0]
    stored = np.vstack([np.frombuffer(r["signature"], dtype=np.uint32) for r in rows])
    jaccard = (stored == signature[None, :]).mean(axis=1)
    n_query = len(set(shingles(query, params.shingle_size)))
    sizes = np.array([r["n_shingles"] for r in rows], dtype=np.float64)
    # containment of the query in a passage, from Jaccard and the two set sizes
    contained = np.minimum(1.0, jaccard * (n_query + sizes) / ((1.0 + jaccard) * n_query))
    score = np.maximum(jaccard, contained)
    best: tuple[float, int] = (0.0, 0)
    for i in np.argsort(-score, kind="stable")[:10].tolist():
        rep = content(rows[i]["representative"])
        if query in rep or rep in query:
            found = min(len(query), len(rep)) / max(1, len(query))
        else:
            regions = align(query, rep, params, min_match=params.min_block_chars)
            found = sum(r.matched for r in regions) / len(query)
        if found > best[0]:
            best = (found, int(rows[i]["id"]))
    if best[0] < 0.5:
        raise errors.U803.error("no_match", text=text)
    return best[1], round(best[0], 4)


def variants(corpus: Corpus, text_or_cluster_id: str | int, limit: int | None = None) -> dict[str, Any]:
    """Every occurrence of a passage side by side with its differences from the representative.

    ``text_or_cluster_id``: a passage cluster id, or a free text in either script (normalized like the
    corpus, then looked up by MinHash). Each variant carries ``segments``: the character-level diff
    [{"op": "equal"|"replace"|"insert"|"delete", "a": representative part, "b": this variant's part}]."""
    limit = validate.count("limit", limit)
    require(corpus)
    query: str | None = None
    score = 1.0
    given = str(text_or_cluster_id).strip()
    if isinstance(text_or_cluster_id, int) or given.isascii() and given.isdigit():
        cluster = int(text_or_cluster_id)
        if not 0 <= cluster <= validate.SQLITE_MAX_INTEGER:
            raise errors.U803.error("no_cluster", cluster=str(cluster)[:30])
    else:
        query = validate.text_size("passage", str(text_or_cluster_id), validate.MAX_PASSAGE_CHARS)
        cluster, score = _lookup(corpus, query)
    row = corpus.db.execute("SELECT * FROM passage_clusters WHERE id = ?", (cluster,)).fetchone()
    if row is None:
        raise errors.U803.error("no_cluster", cluster=cluster)
    reference = row["representative"]
    items = []
    # only the shown occurrences are read (``size`` counts them all), and each distinct text is diffed once
    diffs: dict[str, tuple[float, list[Any]]] = {}
    for o in occurrence_rows(corpus, cluster, limit or None):
        text = o["text"]
        if text not in diffs:
            ratio, opcodes = diff(reference, text)
            diffs[text] = (round(ratio, 4), opcodes)
        similarity, opcodes = diffs[text]
        items.append({
            "doc_id": o["doc_id"], "title": o["title"], "site": o["site"], "paragraph": o["paragraph"],
            "start": o["start"], "end": o["end"], "text": text, "duplicate_of": o["duplicate_of"],
            "reference": o["doc_id"] == row["rep_doc"] and o["start"] == row["rep_start"],
            "similarity": similarity,
            "segments": [{"op": tag, "a": reference[i1:i2], "b": text[j1:j2]} for tag, i1, i2, j1, j2 in opcodes],
        })
    return {"cluster": cluster, "query": query, "match": score, "kind": row["kind"], "n_docs": row["n_docs"],
            "n_works": row["n_works"], "n_sites": row["n_sites"], "boilerplate_score": row["boilerplate_score"],
            "representative": {"doc_id": row["rep_doc"], "start": row["rep_start"], "end": row["rep_end"], "text": reference},
            "occurrences": row["size"], "variants": items, "related": related_clusters(corpus, cluster, items)}


def related_clusters(corpus: Corpus, cluster: int, shown: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Other passages overlapping the shown occurrences of ``cluster`` in the same documents: a longer
    or shorter extent of the same text (要正确对待组织…正确对待别人。 alone in some speeches, run on with the
    next sentences in others), each with its size and representative, most documents first. A template
    writer sees every variant of a text through them."""
    found: dict[int, dict[str, Any]] = {}
    for item in shown:
        for other in corpus.db.execute(
                'SELECT o.cluster, c.n_docs, c.representative FROM passage_occurrences o JOIN passage_clusters c'
                ' ON c.id = o.cluster WHERE o.doc_id = ? AND o.cluster != ? AND o.start < ? AND o."end" > ?',
                (item["doc_id"], cluster, item["end"], item["start"])):
            found.setdefault(int(other[0]), {"cluster": int(other[0]), "n_docs": int(other[1]), "text": other[2]})
    return sorted(found.values(), key=lambda c: (-c["n_docs"], c["cluster"]))


def passage_records(corpus: Corpus) -> Iterator[dict[str, Any]]:
    """One record per passage occurrence (for ``export passages``): cluster, doc_id, start, end, text
    (offsets into the document's canonical text), with the cluster's n_docs, n_sites and kind."""
    require(corpus)
    cursor = corpus.db.execute(
        'SELECT o.cluster, o.doc_id, o.paragraph, o.start, o."end", o.text, o.site, c.n_docs, c.n_sites, c.kind,'
        " c.boilerplate_score FROM passage_occurrences o JOIN passage_clusters c ON c.id = o.cluster"
        " ORDER BY o.cluster, o.doc_id, o.start")
    for r in cursor:
        yield {"cluster": r[0], "doc_id": r[1], "paragraph": r[2], "start": r[3], "end": r[4], "text": r[5],
               "site": r[6], "n_docs": r[7], "n_sites": r[8], "kind": r[9], "boilerplate_score": r[10]}


def duplicate_records(corpus: Corpus) -> list[dict[str, Any]]:
    """One record per document in a duplicate cluster: its canonical copy, coverage, what it lacks and changes."""
    require(corpus)
    rows = corpus.db.execute(
        "SELECT c.*, k.doc_id AS canonical_id FROM doc_clusters c JOIN doc_clusters k ON k.cluster = c.cluster"
        " AND k.canonical = 1 ORDER BY c.cluster, c.canonical DESC, c.doc_id").fetchall()
    return [{"cluster": r["cluster"], "doc_id": r["doc_id"], "canonical": bool(r["canonical"]),
             "duplicate_of": None if r["canonical"] else r["canonical_id"], "coverage": r["coverage"],
             "missing": json.loads(r["missing"]), "extra": json.loads(r["extra"]), "changes": json.loads(r["changes"])}
            for r in rows]


def substitution_list(corpus: Corpus, min_count: int = 1, limit: int | None = None) -> list[dict[str, Any]]:
    """Word substitutions found in aligned variants, most frequent first: the spun-copy signal."""
    min_count = validate.whole_number("min_count", min_count)
    limit = validate.count("limit", limit)
    require(corpus)
    sql = "SELECT * FROM substitutions WHERE count >= ? ORDER BY count DESC, a, b"
    if limit:
        sql += f" LIMIT {int(limit)}"
    return [{"a": r["a"], "b": r["b"], "count": r["count"], "duplicate_count": r["duplicate_count"],
             "passage_count": r["passage_count"], "n_docs": r["n_docs"], "examples": json.loads(r["examples"])}
            for r in corpus.db.execute(sql, (min_count,)).fetchall()]


# (``index_status``, ``reuse_needed`` and ``coverage`` read the index's state for the corpus too, so they
# live below it, in ``corpus.reuse_index``; imported above, they stay part of this package's API)
