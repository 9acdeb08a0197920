"""Step 6, passage clusters: the passage graph's components, their occurrences and scores.

Nodes are spans of a class's text that an *active* edge touches: an edge between two classes (or a
class's self edge) is active when their members lie in at least two different works, so a
passage shared only by copies of one document is no reuse. Spans of one class covering the same
stretch (interval Jaccard >= ``same_span``) are joined; the components of this graph are the passage
clusters, named by the fold order of their first node. A cluster's occurrences are its spans merged
per class (overlapping or touching), in every member paragraph of the class.

Each cluster gets ``boilerplate_score`` = (share of its pages on its main site) x (share of that
site's pages carrying it) x (share of occurrences worded exactly alike, digits aside: furniture
repeats itself, a formula varies). ``furniture``: score >= ``furniture_score`` on at least
``furniture_min_pages`` pages of one site; ``template``: across sites or organizations; ``shared``:
the rest. A cluster whose every occurrence lies inside an occurrence of one bigger cluster (more
occurrence characters, then the older) is not listed.

Incremental: ``recluster`` recomputes only the components a change can reach (new or removed edges,
classes that gained members or whose members changed works, and their neighbours); the others keep
their rows. ``rescore`` updates the scores of clusters whose main site gained pages.
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass

import numpy as np

from .minhash import Signer, content, shingles
from .params import REUSE_VERSION, ReuseParams

_LETTERS_ONLY = re.compile(r"[\W\d_]+")  # what is left is a text's wording, page numbers and dates aside
_MERGE_GAP = 2  # spans of one class this close merge into one occurrence
_CHUNK = 200_000


def _temp_ids(db: sqlite3.Connection, name: str, ids: list[int] | np.ndarray) -> None:
    db.execute(f"CREATE TEMP TABLE IF NOT EXISTS {name} (id INTEGER PRIMARY KEY)")
    db.execute(f"DELETE FROM temp.{name}")
    db.executemany(f"INSERT OR IGNORE INTO temp.{name} (id) VALUES (?)", ((int(i),) for i in ids))


def _array(cursor: sqlite3.Cursor, width: int) -> np.ndarray:
    """A query's integer rows as an array, read in chunks (never a list of all rows as tuples)."""
    blocks = []
    while rows := cursor.fetchmany(_CHUNK):
        blocks.append(np.array(rows, dtype=np.int64).reshape(-1, width))
    return np.concatenate(blocks) if blocks else np.zeros((0, width), dtype=np.int64)


def _edges_of(db: sqlite3.Connection, classes: list[int] | np.ndarray) -> np.ndarray:
    """Every edge with an end in these classes: rows (seq, a, a0, a1, b, b0, b1), by seq."""
    _temp_ids(db, "reuse_cls", classes)
    rows = np.concatenate([
        _array(db.execute("SELECT e.seq, e.a, e.a0, e.a1, e.b, e.b0, e.b1 FROM temp.reuse_cls c JOIN reuse_edges e ON e.a = c.id"), 7),
        _array(db.execute("SELECT e.seq, e.a, e.a0, e.a1, e.b, e.b0, e.b1 FROM temp.reuse_cls c JOIN reuse_edges e ON e.b = c.id"), 7)])
    _, first = np.unique(rows[:, 0], return_index=True)
    return rows[first]


def _class_works(db: sqlite3.Connection, classes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each class (ascending): how many works its members lie in, and the work when there is one."""
    _temp_ids(db, "reuse_cls", classes)
    rows = _array(db.execute("SELECT DISTINCT m.class, d.work FROM temp.reuse_cls c JOIN reuse_members m ON m.class = c.id"
                             " JOIN reuse_docs d ON d.id = m.doc ORDER BY m.class"), 2)
    ids, first, counts = np.unique(rows[:, 0], return_index=True, return_counts=True)
    return ids, counts, rows[first, 1]


def _union(n: int, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Connected components of n nodes and edges (u, v): each node's smallest node in its component."""
    parent = np.arange(n, dtype=np.int64)
    while len(u):
        ru, rv = parent[u], parent[v]
        lo, hi = np.minimum(ru, rv), np.maximum(ru, rv)
        moving = lo != hi
        if not moving.any():
            break
        np.minimum.at(parent, hi[moving], lo[moving])
        while True:
            jumped = parent[parent]
            if np.array_equal(jumped, parent):
                break
            parent = jumped
    return parent


@dataclass
class Graph:
    """Recomputed components: nodes (class, s, e, first, comp), and the components they replace."""

    nodes: np.ndarray
    old_comps: set[int]
    old_classes: set[int]


def recluster(db: sqlite3.Connection, params: ReuseParams, changed: np.ndarray, new_edges_from: int) -> Graph:
    """Recompute the components a change reaches and write their nodes. ``changed``: classes whose
    members changed (added, removed, or their documents changed works) or that lost edges;
    ``new_edges_from``: the first edge seq added since the last build."""
    new_edge_classes = _array(db.execute("SELECT a, b FROM reuse_edges WHERE seq >= ?", (new_edges_from,)), 2).ravel()
    around = _edges_of(db, changed)  # an edge of a changed class may change state: its other end too
    dirty = np.unique(np.concatenate([changed, new_edge_classes, around[:, 1], around[:, 4]]))
    del around
    _temp_ids(db, "reuse_cls", dirty)
    old_comps = {int(c) for (c,) in db.execute("SELECT DISTINCT n.comp FROM temp.reuse_cls c JOIN reuse_nodes n ON n.class = c.id")}
    _temp_ids(db, "reuse_cmp", sorted(old_comps))
    old = _array(db.execute("SELECT n.class, n.s, n.e FROM temp.reuse_cmp c JOIN reuse_nodes n ON n.comp = c.id"), 3)
    classes = np.unique(np.concatenate([dirty, old[:, 0]]))
    edges = _edges_of(db, classes)
    # keep the edges with an end among the nodes being recomputed: a dirty class, or an old node of these components
    keep = np.isin(edges[:, 1], dirty) | np.isin(edges[:, 4], dirty)
    if len(old) and not keep.all():
        old_keys = {(int(c), int(s), int(e)) for c, s, e in old.tolist()}
        rest = np.flatnonzero(~keep)
        keep[rest] = [(a, a0, a1) in old_keys or (b, b0, b1) in old_keys for a, a0, a1, b, b0, b1 in edges[rest, 1:7].tolist()]
    edges = edges[keep]
    # active: the two classes' members lie in at least two works
    ends = np.unique(np.concatenate([edges[:, 1], edges[:, 4]]))
    ids, n_works, single = _class_works(db, ends)
    wa, wb = np.searchsorted(ids, edges[:, 1]), np.searchsorted(ids, edges[:, 4])
    active = (n_works[wa] >= 2) | (n_works[wb] >= 2) | (single[wa] != single[wb])
    edges = edges[active]
    # nodes: the spans of active edges, first seen where
    ends_a = np.stack([edges[:, 1], edges[:, 2], edges[:, 3], 2 * edges[:, 0]], axis=1)
    ends_b = np.stack([edges[:, 4], edges[:, 5], edges[:, 6], 2 * edges[:, 0] + 1], axis=1)
    keys = np.concatenate([ends_a, ends_b])
    order = np.lexsort((keys[:, 3], keys[:, 2], keys[:, 1], keys[:, 0]))
    keys = keys[order]
    start = np.ones(len(keys), dtype=bool)
    start[1:] = np.any(keys[1:, :3] != keys[:-1, :3], axis=1)
    node_of = np.empty(len(keys), dtype=np.int64)
    node_of[order] = np.cumsum(start) - 1
    nodes = keys[start]  # class, s, e, first (the smallest of its ends: the sort put it first)
    n = len(nodes)
    u, v = node_of[:len(edges)], node_of[len(edges):]
    # spans of one class covering the same stretch are one node
    by_span = np.lexsort((-nodes[:, 2], nodes[:, 1], nodes[:, 0]))
    cls, s, e = nodes[by_span, 0], nodes[by_span, 1], nodes[by_span, 2]
    extra_u, extra_v = [], []
    alive = np.arange(n - 1, dtype=np.int64)  # positions whose next spans may still overlap theirs
    d = 1
    while len(alive):
        alive = alive[alive + d < n]
        j = alive + d
        overlaps = (cls[j] == cls[alive]) & (s[j] < e[alive])
        alive, j = alive[overlaps], j[overlaps]  # spans start in order: once one does not overlap, none after does
        joined = np.minimum(e[alive], e[j]) - s[j] >= params.same_span * (np.maximum(e[alive], e[j]) - s[alive])
        extra_u.append(by_span[alive[joined]])
        extra_v.append(by_span[j[joined]])
        d += 1
    root = _union(n, np.concatenate([u, *extra_u]), np.concatenate([v, *extra_v]))
    # a component is named by its smallest ``first``
    comp = np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(comp, root, nodes[:, 3])
    result = np.concatenate([nodes, comp[root][:, None]], axis=1)
    db.execute("DELETE FROM reuse_nodes WHERE comp IN (SELECT id FROM temp.reuse_cmp)")
    db.executemany("INSERT INTO reuse_nodes (class, s, e, first, comp) VALUES (?,?,?,?,?)", result.tolist())
    return Graph(nodes=result, old_comps=old_comps, old_classes={int(c) for c in old[:, 0].tolist()})


# --- clusters from components ------------------------------------------------------------------------

@dataclass
class Variant:
    """A cluster's merged span in one class."""

    comp: int
    cls: int
    s: int
    e: int


def _variants(nodes: np.ndarray) -> list[Variant]:
    """Spans of each component merged per class: overlapping or touching spans are one occurrence."""
    order = np.lexsort((nodes[:, 2], nodes[:, 1], nodes[:, 0], nodes[:, 4]))
    out: list[Variant] = []
    for cls, s, e, _first, comp in nodes[order].tolist():
        last = out[-1] if out else None
        if last is not None and last.comp == comp and last.cls == cls and s <= last.e + _MERGE_GAP:
            last.e = max(last.e, e)
        else:
            out.append(Variant(comp, cls, s, e))
    return out


@dataclass
class Member:
    par: int
    doc: int
    start: int     # the paragraph's offset in its document
    ordinal: int


@dataclass
class Doc:
    uid: str
    page: int
    site: str | None
    organization: str | None
    work: int


def _members(db: sqlite3.Connection, classes: list[int]) -> dict[int, list[Member]]:
    _temp_ids(db, "reuse_cls", classes)
    out: dict[int, list[Member]] = defaultdict(list)
    for cls, par, doc, start, ordinal in db.execute(
            "SELECT m.class, m.par, m.doc, p.start, p.ordinal FROM temp.reuse_cls c JOIN reuse_members m ON m.class = c.id"
            " JOIN paragraphs p ON p.id = m.par ORDER BY m.class, m.par"):
        out[cls].append(Member(par, doc, start, ordinal))
    return out


def _class_texts(db: sqlite3.Connection, classes: list[int]) -> dict[int, str]:
    _temp_ids(db, "reuse_cls", classes)
    return dict(db.execute("SELECT c.id, p.text FROM temp.reuse_cls w JOIN reuse_classes c ON c.id = w.id"
                           " JOIN paragraphs p ON p.id = c.par"))


def _docs(db: sqlite3.Connection, ids: set[int]) -> dict[int, Doc]:
    _temp_ids(db, "reuse_dcs", sorted(ids))
    return {r[0]: Doc(*r[1:]) for r in db.execute(
        "SELECT d.id, d.uid, d.page, d.site, d.organization, d.work FROM temp.reuse_dcs w JOIN reuse_docs d ON d.id = w.id")}


def score_and_kind(main_pages: int, n_pages: int, top: int, size: int, n_sites: int, n_orgs: int,
                   site_total: int | None, params: ReuseParams) -> tuple[float, str]:
    concentration = main_pages / n_pages
    total = site_total or main_pages
    score = round(concentration * main_pages / max(total, main_pages) * top / size, 4)
    if score >= params.furniture_score and main_pages >= params.furniture_min_pages:
        return score, "furniture"
    if n_sites >= 2 or n_orgs >= 2:
        return score, "template"
    return score, "shared"


@dataclass
class Cluster:
    id: int
    variants: list[Variant]
    total: int        # occurrence characters
    size: int
    n_docs: int
    n_works: int
    n_sites: int
    n_pages: int
    n_orgs: int
    main_site: str | None
    main_pages: int
    top: int
    rep: tuple[int, int, int, str]  # document, start, end, text
    subsumed: bool = False


def _describe(comp: int, variants: list[Variant], members: dict[int, list[Member]], docs: dict[int, Doc],
              texts: dict[int, str]) -> Cluster:
    occurrence_docs: set[int] = set()
    wordings: Counter[str] = Counter()
    best: tuple | None = None
    total = size = 0
    for var in variants:
        text = texts[var.cls][var.s:var.e]
        found = members[var.cls]
        size += len(found)
        total += (var.e - var.s) * len(found)
        wordings[_LETTERS_ONLY.sub("", text)] += len(found)
        for m in found:
            occurrence_docs.add(m.doc)
            # the representative: the longest occurrence in a canonical or unique document, then the earliest
            key = (docs[m.doc].work == m.doc, var.e - var.s, -m.doc, -(m.start + var.s))
            if best is None or key > best[0]:
                best = (key, (m.doc, m.start + var.s, m.start + var.e, text))
    assert best is not None
    pages_by_site: dict[str | None, set[int]] = defaultdict(set)
    for d in occurrence_docs:
        pages_by_site[docs[d].site].add(docs[d].page)
    main_site, main_pages = max(pages_by_site.items(), key=lambda kv: (len(kv[1]), str(kv[0])))
    return Cluster(
        id=comp, variants=variants, total=total, size=size, n_docs=len(occurrence_docs),
        n_works=len({docs[d].work for d in occurrence_docs}), n_sites=len(pages_by_site),
        n_pages=len({docs[d].page for d in occurrence_docs}),
        n_orgs=len({docs[d].organization for d in occurrence_docs if docs[d].organization}),
        main_site=main_site, main_pages=len(main_pages), top=wordings.most_common(1)[0][1], rep=best[1])


def _spans_by_class(db: sqlite3.Connection, classes: list[int], exclude: set[int]) -> dict[int, list[tuple[int, int, int]]]:
    """Merged spans (s, e, comp) of every component on these classes, but those in ``exclude``."""
    _temp_ids(db, "reuse_cls", classes)
    rows = _array(db.execute("SELECT n.class, n.s, n.e, n.first, n.comp FROM temp.reuse_cls c JOIN reuse_nodes n"
                             " ON n.class = c.id"), 5)
    out: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for var in _variants(rows):
        if var.comp not in exclude:
            out[var.cls].append((var.s, var.e, var.comp))
    return out


def _subsumed(cluster_variants: list[Variant], rank: tuple[int, int], spans: dict[int, list[tuple[int, int, int]]],
              ranks: dict[int, tuple[int, int]]) -> bool:
    """True when one bigger component holds every variant of this one."""
    holders: set[int] | None = None
    for var in cluster_variants:
        here = {comp for s, e, comp in spans.get(var.cls, ()) if comp != var.comp and s <= var.s and var.e <= e
                and ranks[comp] > rank}
        holders = here if holders is None else holders & here
        if not holders:
            return False
    return bool(holders)


def _rank(total: int, comp: int) -> tuple[int, int]:
    return (total, -comp)


def settle(db: sqlite3.Connection, params: ReuseParams, signer: Signer, graph: Graph,
           site_pages: dict[str | None, int]) -> dict[str, int]:
    """Rewrite the clusters of the recomputed components (and of the components whose dropping they
    change): ``reuse_comps``, ``passage_clusters``, ``passage_occurrences``."""
    new_variants = _variants(graph.nodes)
    by_comp: dict[int, list[Variant]] = defaultdict(list)
    for var in new_variants:
        by_comp[var.comp].append(var)
    # the other components on the classes whose spans changed: whether they are dropped may change
    touched_classes = sorted({v.cls for v in new_variants} | graph.old_classes)
    neighbours = sorted({c for (c,) in _chunked(db, "SELECT DISTINCT comp FROM reuse_nodes WHERE class IN ({ids})",
                                               touched_classes)} - set(by_comp))
    for var in _variants(_nodes_of(db, neighbours)):
        by_comp[var.comp].append(var)
    recomputed = set(by_comp)
    gone = graph.old_comps | recomputed
    classes = sorted({v.cls for vs in by_comp.values() for v in vs})
    members = _members(db, classes)
    texts = _class_texts(db, classes)
    docs = _docs(db, {m.doc for c in classes for m in members[c]})
    clusters = {comp: _describe(comp, variants, members, docs, texts) for comp, variants in by_comp.items()}
    # dropping: every variant inside one bigger component's on the same class
    spans = _spans_by_class(db, classes, exclude=gone)
    for cluster in clusters.values():
        for var in cluster.variants:
            spans.setdefault(var.cls, []).append((var.s, var.e, cluster.id))
    ranks = {comp: _rank(total, comp) for comp, total in _chunked(db, "SELECT id, total FROM reuse_comps WHERE id IN ({ids})",
                                                                 sorted({c for ss in spans.values() for _s, _e, c in ss}))}
    ranks.update({c.id: _rank(c.total, c.id) for c in clusters.values()})
    for cluster in clusters.values():
        cluster.subsumed = _subsumed(cluster.variants, ranks[cluster.id], spans, ranks)
    # write
    rewrite = sorted(gone | set(clusters))
    for chunk_ids in _chunks(rewrite):
        marks = ",".join("?" * len(chunk_ids))
        db.execute(f"DELETE FROM reuse_comps WHERE id IN ({marks})", chunk_ids)
        db.execute(f"DELETE FROM passage_occurrences WHERE cluster IN ({marks})", chunk_ids)
        db.execute(f"DELETE FROM passage_clusters WHERE id IN ({marks})", chunk_ids)
    db.executemany("INSERT INTO reuse_comps (id, total, subsumed, main_site, main_pages, n_pages, top, size, n_sites, n_orgs)"
                   " VALUES (?,?,?,?,?,?,?,?,?,?)",
                   [(c.id, c.total, int(c.subsumed), c.main_site, c.main_pages, c.n_pages, c.top, c.size, c.n_sites, c.n_orgs)
                    for c in clusters.values()])
    kept = [c for c in clusters.values() if not c.subsumed]
    _write_clusters(db, params, signer, kept, docs, site_pages)
    return {"recomputed_clusters": len(clusters), "listed": len(kept)}


def _chunks(ids: list[int], size: int = 900) -> list[list[int]]:
    return [ids[i:i + size] for i in range(0, len(ids), size)]


def _chunked(db: sqlite3.Connection, sql: str, ids: list[int]) -> list[tuple]:
    out: list[tuple] = []
    for chunk in _chunks(ids):
        out.extend(db.execute(sql.format(ids=",".join("?" * len(chunk))), chunk).fetchall())
    return out


def _nodes_of(db: sqlite3.Connection, comps: list[int]) -> np.ndarray:
    _temp_ids(db, "reuse_cmp", comps)
    return _array(db.execute("SELECT n.class, n.s, n.e, n.first, n.comp FROM temp.reuse_cmp c JOIN reuse_nodes n ON n.comp = c.id"), 5)


def _write_clusters(db: sqlite3.Connection, params: ReuseParams, signer: Signer, kept: list[Cluster], docs: dict[int, Doc],
                    site_pages: dict[str | None, int]) -> None:
    rows = []
    for start in range(0, len(kept), 2000):
        block = kept[start:start + 2000]
        bodies = [content(c.rep[3]) for c in block]
        for cluster, body, signature in zip(block, bodies, signer.signatures(bodies), strict=True):
            score, kind = score_and_kind(cluster.main_pages, cluster.n_pages, cluster.top, cluster.size, cluster.n_sites,
                                         cluster.n_orgs, site_pages.get(cluster.main_site), params)
            doc, rep_start, rep_end, text = cluster.rep
            rows.append((cluster.id, cluster.size, cluster.n_docs, cluster.n_works, cluster.n_sites, cluster.n_pages, score,
                         kind, text, docs[doc].uid, rep_start, rep_end, signature.tobytes(),
                         len(set(shingles(body, params.shingle_size))), REUSE_VERSION))
    db.executemany("INSERT INTO passage_clusters (id, size, n_docs, n_works, n_sites, n_pages, boilerplate_score, kind,"
                   " representative, rep_doc, rep_start, rep_end, signature, n_shingles, version)"
                   " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
    db.execute("CREATE TEMP TABLE IF NOT EXISTS reuse_vars (comp INTEGER, class INTEGER, s INTEGER, e INTEGER)")
    db.execute("DELETE FROM temp.reuse_vars")
    db.executemany("INSERT INTO temp.reuse_vars VALUES (?,?,?,?)", [(v.comp, v.cls, v.s, v.e) for c in kept for v in c.variants])
    db.execute('INSERT INTO passage_occurrences (cluster, doc_id, paragraph, start, "end", text, site)'
               " SELECT v.comp, d.uid, p.ordinal, p.start + v.s, p.start + v.e, substr(p.text, v.s + 1, v.e - v.s), d.site"
               " FROM temp.reuse_vars v JOIN reuse_members m ON m.class = v.class JOIN paragraphs p ON p.id = m.par"
               " JOIN reuse_docs d ON d.id = m.doc")
    db.execute("DELETE FROM temp.reuse_vars")


def rescore(db: sqlite3.Connection, params: ReuseParams, sites: set[str | None], site_pages: dict[str | None, int]) -> int:
    """Scores and kinds of the listed clusters whose main site is among ``sites`` (their page counts changed)."""
    updates = []
    for site in sites:
        rows = db.execute("SELECT id, main_pages, n_pages, top, size, n_sites, n_orgs FROM reuse_comps"
                          " WHERE subsumed = 0 AND main_site IS ?", (site,)).fetchall()
        for comp, main_pages, n_pages, top, size, n_sites, n_orgs in rows:
            score, kind = score_and_kind(main_pages, n_pages, top, size, n_sites, n_orgs, site_pages.get(site), params)
            updates.append((score, kind, comp))
    db.executemany("UPDATE passage_clusters SET boilerplate_score = ?, kind = ? WHERE id = ?", updates)
    return len(updates)
