"""Step 6, passage clusters: the passage graph's components, their occurrences and scores.

Nodes are spans of a class's text that an *active* edge touches: an edge between two classes (or a
class's self edge) is active when their members lie in at least two different works, so a
passage shared only by copies of one document is no reuse. Spans of one class covering the same
stretch (interval Jaccard >= ``same_span``) are joined, and so are a span and a shorter one at least
``nested_span`` of its length lying (by ``same_span`` of itself) inside it, or lying inside its head or
tail (``nested_edge``, ``spans_joined``): a passage that one set of documents shares whole and another
in part is one cluster, not two (issue 17); the components of this graph are the passage clusters,
named by the fold order of their first node. A cluster's occurrences are its spans merged per class
(overlapping or touching), in every member paragraph of the class.

Each cluster gets ``boilerplate_score`` = (share of its pages on its main site) x (share of that
site's pages carrying it) x (share of occurrences worded exactly alike, digits aside: furniture
repeats itself, a formula varies). ``furniture``: score >= ``furniture_score`` on at least
``furniture_min_pages`` pages of one site; ``template``: across sites or organizations; ``shared``:
the rest. A cluster whose every occurrence lies inside an occurrence of one bigger cluster (more
occurrence characters, then the older) is not listed.

Incremental: ``recluster`` recomputes only the components a change can reach (new or removed edges,
classes that gained members or whose members changed works, and their neighbours); the others keep
their rows. A component that new nodes only joined, or that gained occurrences, is described from
what changed (``_grow``), however big it is: a law quoting a stock formula costs its own occurrences,
not the formula's thousands. ``rescore`` updates the scores of clusters whose main site gained pages.

Every query that reads a big table for the rows of a small set (ids in a ``temp`` table) says so with
``CROSS JOIN`` (the temp table first): the corpus keeps no statistics, and without them SQLite may scan
the whole table (the members, the nodes, the units) instead, a cost that grows with the corpus.
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from . import tables
from .minhash import Signer, content, shingles
from .params import REUSE_VERSION, ReuseParams

_LETTERS_ONLY = re.compile(r"[\W\d_]+")  # what is left is a text's wording, page numbers and dates aside
_MERGE_GAP = 2  # spans of one class this close merge into one occurrence


def _temp_ids(db: sqlite3.Connection, name: str, ids: list[int] | np.ndarray) -> None:
    db.execute(f"CREATE TEMP TABLE IF NOT EXISTS {name} (id INTEGER PRIMARY KEY)")
    db.execute(f"DELETE FROM temp.{name}")
    db.executemany(f"INSERT OR IGNORE INTO temp.{name} (id) VALUES (?)", ((int(i),) for i in ids))


_array = tables.array_of


def _edges_of(db: sqlite3.Connection, classes: list[int] | np.ndarray) -> np.ndarray:
    """Every edge with an end in these classes: rows (seq, a, a0, a1, b, b0, b1), by seq."""
    _temp_ids(db, "reuse_cls", classes)
    rows = np.concatenate([
        _array(db.execute("SELECT e.seq, e.a, e.a0, e.a1, e.b, e.b0, e.b1 FROM temp.reuse_cls c CROSS JOIN reuse_edges e ON e.a = c.id"), 7),
        _array(db.execute("SELECT e.seq, e.a, e.a0, e.a1, e.b, e.b0, e.b1 FROM temp.reuse_cls c CROSS JOIN reuse_edges e ON e.b = c.id"), 7)])
    _, first = np.unique(rows[:, 0], return_index=True)
    return rows[first]


def _class_works(db: sqlite3.Connection, classes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each class (ascending): how many works its members lie in, and the work when there is one."""
    _temp_ids(db, "reuse_cls", classes)
    rows = _array(db.execute("SELECT DISTINCT m.class, d.work FROM temp.reuse_cls c CROSS JOIN reuse_members m ON m.class = c.id"
                             " CROSS JOIN reuse_docs d ON d.id = m.doc ORDER BY m.class"), 2)
    ids, first, counts = np.unique(rows[:, 0], return_index=True, return_counts=True)
    return ids, counts, rows[first, 1]


UNION_CHUNK = 1 << 20  # edges unioned at a time (the arrays of one step: ~50 MB, whatever the graph's size)


def _union(n: int, us: list[np.ndarray], vs: list[np.ndarray]) -> np.ndarray:
    """Connected components of n nodes and the edges (u, v) of the arrays ``us``/``vs``, taken a chunk
    at a time: each node's smallest node in its component. Labels only fall, each to a node of its
    own component, until every edge's ends agree: the fixpoint is that whatever the order edges come in."""
    parent = np.arange(n, dtype=np.int64)
    moved = True
    while moved:
        moved = False
        for u_all, v_all in zip(us, vs, strict=True):
            for start in range(0, len(u_all), UNION_CHUNK):
                ru, rv = parent[u_all[start:start + UNION_CHUNK]], parent[v_all[start:start + UNION_CHUNK]]
                lo, hi = np.minimum(ru, rv), np.maximum(ru, rv)
                moving = lo != hi
                if not moving.any():
                    continue
                moved = True
                np.minimum.at(parent, hi[moving], lo[moving])
                while True:
                    jumped = parent[parent]
                    if np.array_equal(jumped, parent):
                        break
                    parent = jumped
    return parent


def spans_joined(params: ReuseParams, s1: np.ndarray, e1: np.ndarray, s2: np.ndarray, e2: np.ndarray) -> np.ndarray:
    """Whether two overlapping spans of one class (``s1 <= s2 < e1``) are one passage: they cover the
    same stretch (interval Jaccard >= ``same_span``); or the shorter lies (by ``same_span`` of itself)
    inside the longer and is ``nested_span`` of its length; or it lies inside (but ``nested_edge``
    characters) at the longer's head or tail (its start or end that close): the same text alone in
    some documents and run on with the next (or previous) sentences in others, one passage however
    short the shorter. A short span in the middle of a longer one stays apart: joining those would
    chain every passage that quotes a common formula into one cluster (the laws' stock sentences)."""
    overlap = np.minimum(e1, e2) - s2
    joined = overlap >= params.same_span * (np.maximum(e1, e2) - s1)
    if params.nested_span > 0:  # a shorter passage inside a longer one of the same paragraph: one passage
        shorter = np.minimum(e1 - s1, e2 - s2)
        longer = np.maximum(e1 - s1, e2 - s2)
        joined |= (overlap >= params.same_span * shorter) & (shorter >= params.nested_span * longer)
    if params.nested_edge > 0:  # the head or the tail of the longer: a passage run on with the next (or previous) sentences
        edge = params.nested_edge
        shorter = np.minimum(e1 - s1, e2 - s2)
        inside = shorter - overlap <= edge
        joined |= inside & ((s2 - s1 <= edge) | (np.abs(e2 - e1) <= edge))
    return joined


@dataclass
class Graph:
    """Components to describe again: nodes (class, s, e, first, comp), the first ``recomputed`` of them
    recomputed (the rest kept: components whose classes only gained members), and the components and
    classes they replace."""

    nodes: np.ndarray
    old_comps: set[int]
    old_classes: np.ndarray   # ascending
    recomputed: int = 0
    grown: np.ndarray = field(default_factory=lambda: np.zeros((0, 5), dtype=np.int64))  # nodes of components that only gained occurrences
    first_new_doc: int = 0   # ``grown``'s new occurrences: those in documents from here on
    # of ``grown``'s components, those whose variants changed on classes founded before (``_extended``):
    # the variants (comp, class, s, e) those classes had before (none: a class new to it), and have now
    revised_before: np.ndarray = field(default_factory=lambda: np.zeros((0, 4), dtype=np.int64))
    revised_after: np.ndarray = field(default_factory=lambda: np.zeros((0, 4), dtype=np.int64))


def _works_before(db: sqlite3.Connection, classes: np.ndarray, first_new_doc: int) -> np.ndarray:
    """Of these classes, those whose members in documents before ``first_new_doc`` lie in two works
    or more: their edges were active and stay so whatever members they gain."""
    _temp_ids(db, "reuse_cls", classes)
    rows = _array(db.execute("SELECT m.class FROM temp.reuse_cls c CROSS JOIN reuse_members m ON m.class = c.id"
                             " CROSS JOIN reuse_docs d ON d.id = m.doc WHERE +m.doc < ? GROUP BY m.class"
                             " HAVING count(DISTINCT d.work) >= 2", (first_new_doc,)), 1)
    return rows[:, 0]


def _active(db: sqlite3.Connection, edges: np.ndarray) -> np.ndarray:
    """The edges whose two classes' members lie in at least two works."""
    if not len(edges):
        return edges
    ends = np.unique(np.concatenate([edges[:, 1], edges[:, 4]]))
    ids, n_works, single = _class_works(db, ends)
    wa, wb = np.searchsorted(ids, edges[:, 1]), np.searchsorted(ids, edges[:, 4])
    return edges[(n_works[wa] >= 2) | (n_works[wb] >= 2) | (single[wa] != single[wb])]


def _all_active_edges(db: sqlite3.Connection) -> np.ndarray:
    """Every active edge (``_active``), by seq, read a chunk at a time and kept as 32-bit integers
    (28 bytes an edge): a full build's graph is the corpus's whole passage graph."""
    works = _array(db.execute("SELECT m.class, count(DISTINCT d.work), min(d.work) FROM reuse_members m"
                              " JOIN reuse_docs d ON d.id = m.doc GROUP BY m.class"), 3)
    size = int(works[:, 0].max(initial=0)) + 1
    n_works, single = np.zeros(size, dtype=np.int64), np.full(size, -1, dtype=np.int64)
    n_works[works[:, 0]], single[works[:, 0]] = works[:, 1], works[:, 2]  # ``single``: a class's work when it has one
    del works
    total = int(db.execute("SELECT count(*) FROM reuse_edges").fetchone()[0])
    out: np.ndarray = np.empty((total, 7), dtype=_narrowest(db))
    held = 0
    cursor = db.execute("SELECT seq, a, a0, a1, b, b0, b1 FROM reuse_edges ORDER BY seq")
    while rows := cursor.fetchmany(tables.ROWS_CHUNK):
        block = np.array(rows, dtype=np.int64).reshape(-1, 7)
        a, b = block[:, 1], block[:, 4]
        block = block[(n_works[a] >= 2) | (n_works[b] >= 2) | (single[a] != single[b])]
        out[held:held + len(block)] = block
        held += len(block)
    return out[:held]


def _narrowest(db: sqlite3.Connection) -> type:
    """32-bit integers for edge rows when every seq, class and offset fits (always, short of two
    billion paragraphs or a paragraph of two billion characters)."""
    top = db.execute("SELECT max(seq), max(a), max(b), max(a1), max(b1) FROM reuse_edges").fetchone()
    return np.int32 if max((v or 0) for v in top) < (1 << 30) else np.int64


def _span_nodes(edges: np.ndarray, standing: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct spans (class, s, e) of the edges' ends (a's, then b's) and of the standing nodes,
    each with its ``first`` (the smallest of 2 seq for an a end, 2 seq + 1 for a b end, a standing
    node's own): rows (class, s, e, first) sorted, and each end's row index (``node_of``)."""
    def column(edge_a: int, edge_b: int, node: int) -> np.ndarray:
        parts = [edges[:, edge_a], edges[:, edge_b], standing[:, node]]
        if all(len(p) == 0 or p.max(initial=0) < (1 << 31) for p in parts):
            return np.concatenate([p.astype(np.int32, copy=False) for p in parts])
        return np.concatenate([p.astype(np.int64, copy=False) for p in parts])

    cls, s, e = column(1, 4, 0), column(2, 5, 1), column(3, 6, 2)
    seq = edges[:, 0].astype(np.int64)
    first = np.concatenate([2 * seq, 2 * seq + 1, standing[:, 3]])
    del seq
    order = np.lexsort((first, e, s, cls))
    start = np.zeros(len(order), dtype=bool)
    start[:1] = True
    for col in (cls, s, e):
        ordered = col[order]
        start[1:] |= ordered[1:] != ordered[:-1]
    del ordered
    node_of = np.empty(len(order), dtype=np.int64)
    node_of[order] = np.cumsum(start) - 1
    at = order[start]  # the first end of each span in the sort: its ``first`` the smallest
    del order, start
    nodes = np.stack([cls[at].astype(np.int64), s[at].astype(np.int64), e[at].astype(np.int64), first[at]], axis=1)
    return nodes, node_of


def _nodes_of(db: sqlite3.Connection, table: str, ids: np.ndarray | list[int], column: str) -> np.ndarray:
    """Rows (class, s, e, first, comp) of the nodes whose ``column`` (class or comp) is among ``ids``."""
    _temp_ids(db, table, ids)
    return _array(db.execute(f"SELECT n.class, n.s, n.e, n.first, n.comp FROM temp.{table} c CROSS JOIN reuse_nodes n"
                             f" ON n.{column} = c.id"), 5)


def recluster(db: sqlite3.Connection, params: ReuseParams, changed: np.ndarray, new_edges_from: int,
              everything: bool = False, gained: np.ndarray | None = None, first_new_doc: int = 0,
              regrouped: np.ndarray | None = None, reworked: np.ndarray | None = None, new_classes_from: int = 0) -> Graph:
    """Bring the passage graph's components up to date and write their nodes. ``changed``: classes
    whose members were removed, or that lost edges; ``gained``: classes that gained members in the
    documents from ``first_new_doc`` on; ``regrouped``: classes with members in indexed documents now
    grouped into works anew (their edges turn inactive where both ends lie in one work now: such a
    class counts as changed, the others as gained); ``new_edges_from``: the first edge seq added
    since the last build; ``everything``: the whole graph.

    The components on a changed class (and on the other ends of its edges: they may turn inactive) are
    recomputed from their edges. What only grew is added to the graph as it is: new edges, and the edges
    of a class that gained members and may turn active (its members lay in one work before) are
    unioned with the nodes already on their classes and the components those belong to, which keep
    their nodes (renamed when joined to an older one). Adding a law that quotes a formula thus touches
    the formula's big component by its new nodes only; its counts are described again (``settle``),
    as are those of every component on a class that gained members: from its new occurrences only
    (``Graph.grown``) when nothing else changed it and ``reworked`` is given (the classes of indexed
    documents whose work changed, whose occurrences' counts change; None: every component in full).
    So is a component that new nodes joined without changing its variants on the classes it had
    (``_extended``; ``new_classes_from``: the first class founded by the new documents)."""
    if everything:
        old_comps = {int(c) for (c,) in db.execute("SELECT DISTINCT comp FROM reuse_nodes")}
        old_classes = _array(db.execute("SELECT DISTINCT class FROM reuse_nodes ORDER BY class"), 1)[:, 0]
        edges = _all_active_edges(db)
        grown = np.zeros((0, 7), dtype=np.int64)
        gained = np.zeros(0, dtype=np.int64)
    else:
        gained = np.zeros(0, dtype=np.int64) if gained is None else gained
        turning = np.setdiff1d(gained, _works_before(db, gained, first_new_doc)) if len(gained) else gained
        dropping = np.zeros(0, dtype=np.int64)
        if regrouped is not None and len(regrouped):
            regrouped = np.unique(regrouped)
            # an edge of theirs may have turned inactive only when it is inactive now: its two ends are
            # recomputed; the other edges are active now (unioned as grown, like a gained class's)
            around = _edges_of(db, regrouped)
            inactive = around[~np.isin(around[:, 0], _active(db, around)[:, 0])]
            dropping = np.unique(inactive[:, [1, 4]].ravel())
            turning = np.union1d(turning, regrouped)
            gained = np.union1d(gained, regrouped)
        old, old_comps, edges = _changed_part(db, changed, dropping)
        old_classes = np.unique(old[:, 0])
        del old
        grown = _active(db, np.concatenate([
            _array(db.execute("SELECT seq, a, a0, a1, b, b0, b1 FROM reuse_edges WHERE seq >= ?", (new_edges_from,)), 7),
            _edges_of(db, turning)]))
        grown = grown[np.unique(grown[:, 0], return_index=True)[1]]
        edges = _active(db, edges)
        edges = np.concatenate([edges, grown[~np.isin(grown[:, 0], edges[:, 0])]])
    # the nodes already on the classes the grown edges reach, of components not recomputed: they stay
    grown_classes = np.unique(grown[:, [1, 4]].ravel())
    standing = _nodes_of(db, "reuse_cls", grown_classes, "class") if len(grown_classes) else np.zeros((0, 5), dtype=np.int64)
    standing = standing[~np.isin(standing[:, 4], np.asarray(sorted(old_comps), dtype=np.int64))]
    # nodes: the spans of active edges, first seen where, and the standing nodes (their own first)
    n_edges = len(edges)
    nodes, node_of = _span_nodes(edges, standing)
    n = len(nodes)
    comp_of = np.full(n, -1, dtype=np.int64)
    np.maximum.at(comp_of, node_of[2 * n_edges:], standing[:, 4])  # the component a standing node belongs to (-1: a node being made)
    was_first = np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(was_first, node_of[2 * n_edges:], standing[:, 3])
    u, v = node_of[:n_edges], node_of[n_edges:2 * n_edges]
    del edges
    extra_u, extra_v = _joined_spans(params, nodes)
    # the standing nodes of one component are connected (through nodes not read)
    kept = np.flatnonzero(comp_of >= 0)
    if len(kept):
        by_comp = kept[np.argsort(comp_of[kept], kind="stable")]
        head = np.r_[True, comp_of[by_comp[1:]] != comp_of[by_comp[:-1]]]
        extra_u.append(by_comp)
        extra_v.append(by_comp[np.maximum.accumulate(np.where(head, np.arange(len(by_comp)), 0))])
    root = _union(n, [u, np.concatenate([np.zeros(0, dtype=np.int64), *extra_u])], [v, np.concatenate([np.zeros(0, dtype=np.int64), *extra_v])])
    del u, v, extra_u, extra_v, node_of
    # a component is named by its smallest ``first`` (a standing component's id is its smallest)
    comp = np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(comp, root, np.where(comp_of >= 0, np.minimum(nodes[:, 3], comp_of), nodes[:, 3]))
    result = np.concatenate([nodes, comp[root][:, None]], axis=1)
    made = comp_of < 0
    # a standing node an edge turned active reaches first: its first is earlier now
    lowered = np.flatnonzero(~made & (nodes[:, 3] < was_first))
    # the standing components joined by a made node, by another standing component, or named anew:
    # renamed (when an older one joined them), described again
    pairs = np.unique(np.stack([root[kept], comp_of[kept]], axis=1), axis=0) if len(kept) else np.zeros((0, 2), dtype=np.int64)
    shared = pairs[1:, 0][pairs[1:, 0] == pairs[:-1, 0]]
    changed_roots = np.unique(np.concatenate([root[made], shared, root[lowered]]))
    renamed = {int(c): int(comp[r]) for r, c in pairs[np.isin(pairs[:, 0], changed_roots)].tolist()}
    if everything:
        db.execute("DELETE FROM reuse_nodes")
    else:
        _temp_ids(db, "reuse_cmp", sorted(old_comps))
        db.execute("DELETE FROM reuse_nodes WHERE comp IN (SELECT id FROM temp.reuse_cmp)")
        db.executemany("UPDATE reuse_nodes SET first = ? WHERE class = ? AND s = ? AND e = ?",
                       [(f, c, s0, e0) for c, s0, e0, f in nodes[lowered].tolist()])
        db.executemany("UPDATE reuse_nodes SET comp = ? WHERE comp = ?", [(new, old_id) for old_id, new in renamed.items()
                                                                         if new != old_id])
    db.executemany("INSERT INTO reuse_nodes (class, s, e, first, comp) VALUES (?,?,?,?,?)", tables.rows_of(result[made]))
    recomputed = int(made.sum())
    # every node of the components to describe again: those made, those joined, those on a class that gained members
    described = set(np.unique(result[made, 4]).tolist()) | set(renamed.values())
    grown_comps: set[int] = set()
    revised_before = revised_after = np.zeros((0, 4), dtype=np.int64)
    if reworked is not None:
        on_reworked = {int(c) for c in _nodes_of(db, "reuse_cls", reworked, "class")[:, 4].tolist()} if len(reworked) else set()
        extended, revised_before, revised_after = _extended(nodes, made, root, comp, pairs, shared, lowered, new_classes_from)
        extended -= on_reworked
        revised_before, revised_after = _revisable(db, revised_before, revised_after, on_reworked)
        extended |= set(np.unique(revised_after[:, 0]).tolist())
        described -= extended
        grown_comps |= extended
    if len(gained):
        on_gained = {int(c) for c in _nodes_of(db, "reuse_cls", gained, "class")[:, 4].tolist()}
        if reworked is None:
            described |= on_gained
        else:
            described |= on_gained & on_reworked
            grown_comps |= on_gained - described
    renamed = {c: new for c, new in renamed.items() if c not in grown_comps}
    graph_nodes = _nodes_of(db, "reuse_cmp", sorted(described), "comp") if described else np.zeros((0, 5), dtype=np.int64)
    grown_nodes = _nodes_of(db, "reuse_cmp", sorted(grown_comps), "comp") if grown_comps else np.zeros((0, 5), dtype=np.int64)
    old_comps |= set(renamed) | described
    old_classes = np.unique(np.concatenate([old_classes, graph_nodes[:, 0], grown_nodes[:, 0]]))
    return Graph(nodes=graph_nodes, old_comps=old_comps, old_classes=old_classes, recomputed=recomputed, grown=grown_nodes,
                 first_new_doc=first_new_doc, revised_before=revised_before, revised_after=revised_after)


def _extended(nodes: np.ndarray, made: np.ndarray, root: np.ndarray, comp: np.ndarray, pairs: np.ndarray, shared: np.ndarray,
              lowered: np.ndarray, new_classes_from: int) -> tuple[set[int], np.ndarray, np.ndarray]:
    """The standing components that only new nodes joined: alone in their new component (no other
    standing one), keeping their id and every node's ``first``. Those whose variants on classes
    founded before ``new_classes_from`` are as they were (a new node there lies inside one of them)
    are returned as a set: their occurrences are the old ones and those of their variants in new
    members, described from these (``_grow``). The others (a new node on an old class joins or
    stretches one of their variants there, or takes them to an old class they had no variant on)
    come as the variants (comp, class, s, e) those classes had before, and have now: described from
    that change too (``_revisable`` says when; ``_fresh`` counts what the indexed documents of the
    classes new to them add). ``nodes``: rows (class, s, e, first); ``pairs``: (root, standing component)."""
    none = np.zeros((0, 4), dtype=np.int64)
    if not len(pairs):
        return set(), none, none
    single = np.setdiff1d(pairs[:, 0], np.concatenate([shared, root[lowered]]))
    standing = dict(pairs.tolist())
    # a component keeps its id: no new node before its first (an edge that turned active may be older)
    candidates = {int(r): int(standing[int(r)]) for r in single.tolist() if comp[r] == standing[int(r)]}
    if not candidates:
        return set(), none, none
    in_candidate = np.isin(root, np.asarray(sorted(candidates), dtype=np.int64))
    touching = in_candidate & made & (nodes[:, 0] < new_classes_from)
    if not touching.any():
        return set(candidates.values()), none, none
    # the variants on the old classes new nodes reached, without and with the new nodes
    keys = np.unique(np.stack([root[touching], nodes[touching, 0]], axis=1), axis=0)
    code = root * (int(nodes[:, 0].max()) + 1) + nodes[:, 0]
    on = in_candidate & np.isin(code, keys[:, 0] * (int(nodes[:, 0].max()) + 1) + keys[:, 1])
    rows = np.concatenate([nodes[:, :4], root[:, None]], axis=1)
    before = {tuple(v) for v in _variants(rows[on & ~made]).tolist()}
    after = {tuple(v) for v in _variants(rows[on]).tolist()}
    changed = before ^ after
    spoiled = {int(v[0]) for v in changed}
    revised = {(v[0], v[1]) for v in changed}

    def named(found: set[tuple[int, ...]]) -> np.ndarray:
        out = [(candidates[r], c, s0, e0) for r, c, s0, e0 in found if (r, c) in revised]
        return np.asarray(sorted(out), dtype=np.int64).reshape(-1, 4)

    return {c for r, c in candidates.items() if r not in spoiled}, named(before), named(after)


def _revisable(db: sqlite3.Connection, before: np.ndarray, after: np.ndarray, excluded: set[int]) -> tuple[np.ndarray, np.ndarray]:
    """Of the components whose variants changed on old classes (``_extended``), those that can be
    described from the change: not among ``excluded`` (on classes of documents whose work changed) and
    whose representative does not lie on a changed class (it may be gone). The others are described
    in full."""
    comps = sorted(set(np.unique(after[:, 0]).tolist()) - excluded)
    if not comps:
        return before[:0], after[:0]
    changed = {(int(c), int(k)) for c, k in after[:, :2].tolist()}
    reps = chunked(db, "SELECT id, rep_class FROM reuse_comps WHERE id IN ({ids})", comps)
    keep = np.asarray(sorted(c for c, rep_class in reps if (c, rep_class) not in changed), dtype=np.int64)
    return before[np.isin(before[:, 0], keep)], after[np.isin(after[:, 0], keep)]


def _changed_part(db: sqlite3.Connection, changed: np.ndarray, ends: np.ndarray) -> tuple[np.ndarray, set[int], np.ndarray]:
    """The components on changed classes and on the other ends of their edges (whose state may
    change), and on ``ends`` (the classes of edges that may have turned inactive): their nodes (class,
    s, e), their ids, and the edges to recompute them from (those with an end on such a class, or at
    one of their nodes)."""
    if not len(changed) and not len(ends):
        return np.zeros((0, 3), dtype=np.int64), set(), np.zeros((0, 7), dtype=np.int64)
    around = _edges_of(db, changed)
    dirty = np.unique(np.concatenate([changed, ends, around[:, 1], around[:, 4]]))
    del around
    _temp_ids(db, "reuse_cls", dirty)
    old_comps = {int(c) for (c,) in db.execute("SELECT DISTINCT n.comp FROM temp.reuse_cls c CROSS JOIN reuse_nodes n"
                                               " ON n.class = c.id")}
    old = _nodes_of(db, "reuse_cmp", sorted(old_comps), "comp")[:, :3]
    edges = _edges_of(db, np.unique(np.concatenate([dirty, old[:, 0]])))
    keep = np.isin(edges[:, 1], dirty) | np.isin(edges[:, 4], dirty)
    if len(old) and not keep.all():
        old_keys = {(int(c), int(s), int(e)) for c, s, e in old.tolist()}
        rest = np.flatnonzero(~keep)
        keep[rest] = [(a, a0, a1) in old_keys or (b, b0, b1) in old_keys for a, a0, a1, b, b0, b1 in edges[rest, 1:7].tolist()]
    return old, old_comps, edges[keep]


def _joined_spans(params: ReuseParams, nodes: np.ndarray) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Pairs of nodes (indices) on one class whose spans are one passage (``spans_joined``)."""
    n = len(nodes)
    by_span = np.lexsort((-nodes[:, 2], nodes[:, 1], nodes[:, 0]))
    cls, s, e = nodes[by_span, 0], nodes[by_span, 1], nodes[by_span, 2]
    extra_u, extra_v = [], []
    alive = np.arange(max(0, n - 1), dtype=np.int64)  # positions whose next spans may still overlap theirs
    d = 1
    while len(alive):
        alive = alive[alive + d < n]
        j = alive + d
        overlaps = (cls[j] == cls[alive]) & (s[j] < e[alive])
        alive, j = alive[overlaps], j[overlaps]  # spans start in order: once one does not overlap, none after does
        joined = spans_joined(params, s[alive], e[alive], s[j], e[j])
        extra_u.append(by_span[alive[joined]])
        extra_v.append(by_span[j[joined]])
        d += 1
    return extra_u, extra_v


# --- clusters from components ------------------------------------------------------------------------
#
# The statistics of a cluster are counted by SQLite over its *variants* (its spans merged per class,
# ``temp.reuse_vars``) joined with the classes' members and their documents: memory does not grow with
# the corpus, however many occurrences a formula has.

def _variants(nodes: np.ndarray) -> np.ndarray:
    """Spans of each component merged per class (overlapping or touching spans are one occurrence):
    rows (comp, class, s, e). ``nodes``: rows (class, s, e, first, comp)."""
    if not len(nodes):
        return np.zeros((0, 4), dtype=np.int64)
    order = np.lexsort((nodes[:, 2], nodes[:, 1], nodes[:, 0], nodes[:, 4]))
    comp, cls, s, e = nodes[order, 4], nodes[order, 0], nodes[order, 1], nodes[order, 2]
    group = np.r_[True, (comp[1:] != comp[:-1]) | (cls[1:] != cls[:-1])]
    # within a (comp, class) group spans start in order: a new occurrence where a span starts past the
    # furthest end so far (plus the gap); the furthest end is a running maximum restarted per group
    offset = np.cumsum(group) * (int(e.max()) + _MERGE_GAP + 2)
    reach = np.maximum.accumulate(e + offset) - offset
    starts = group.copy()
    starts[1:] |= s[1:] > reach[:-1] + _MERGE_GAP
    first = np.flatnonzero(starts)
    last = np.append(first[1:], len(s)) - 1
    return np.stack([comp[first], cls[first], s[first], reach[last]], axis=1)


def _fill(db: sqlite3.Connection, table: str, variants: np.ndarray) -> None:
    db.execute(f"CREATE TEMP TABLE IF NOT EXISTS {table} (comp INTEGER, class INTEGER, s INTEGER, e INTEGER)")
    db.execute(f"CREATE INDEX IF NOT EXISTS temp.{table}_comp ON {table}(comp)")
    db.execute(f"CREATE INDEX IF NOT EXISTS temp.{table}_class ON {table}(class)")
    db.execute(f"DELETE FROM temp.{table}")
    db.executemany(f"INSERT INTO temp.{table} VALUES (?,?,?,?)", tables.rows_of(variants))


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


_OCCURRENCES = ("FROM temp.reuse_vars v CROSS JOIN reuse_members m ON m.class = v.class CROSS JOIN reuse_docs d ON d.id = m.doc"
                " CROSS JOIN paragraphs p ON p.id = m.par")


def _describe(db: sqlite3.Connection) -> None:
    """``reuse_comps`` rows of the components in ``temp.reuse_vars``: their occurrences counted, the
    main site, the most common wording, the representative (the longest occurrence in a canonical or
    unique document, then the earliest)."""
    rows: dict[int, list] = {}
    for comp, size, n_docs, n_works, n_pages, n_orgs, n_sites, total in db.execute(
            "SELECT v.comp, count(*), count(DISTINCT m.doc), count(DISTINCT d.work), count(DISTINCT d.page),"
            " count(DISTINCT nullif(d.organization, '')), count(DISTINCT coalesce(d.site, char(0))), sum(v.e - v.s) "
            + _OCCURRENCES + " GROUP BY v.comp"):
        rows[comp] = [comp, total, 0, None, 0, n_pages, 0, size, n_sites, n_orgs, n_docs, n_works]
    best: dict[int, tuple[int, str]] = {}
    site_rows = db.execute("SELECT v.comp, d.site, count(DISTINCT d.page) " + _OCCURRENCES + " GROUP BY v.comp, d.site").fetchall()
    for comp, site, pages in site_rows:
        key = (pages, str(site))
        if comp not in best or key > best[comp]:
            best[comp] = key
            rows[comp][3], rows[comp][4] = site, pages
    db.executemany("INSERT INTO reuse_comp_sites (comp, site, pages) VALUES (?,?,?)", site_rows)
    wordings: Counter[str] = Counter()
    current = None
    for comp, text, members in db.execute(
            "SELECT v.comp, substr(p.text, v.s + 1, v.e - v.s), (SELECT count(*) FROM reuse_members m WHERE m.class = v.class)"
            " FROM temp.reuse_vars v CROSS JOIN reuse_classes c ON c.id = v.class CROSS JOIN paragraphs p ON p.id = c.par ORDER BY v.comp"):
        if comp != current:
            if current is not None:
                rows[current][6] = wordings.most_common(1)[0][1]
            current, wordings = comp, Counter()
        wordings[_LETTERS_ONLY.sub("", text)] += members
    if current is not None:
        rows[current][6] = wordings.most_common(1)[0][1]
    reps = db.execute(
        "SELECT comp, class, s, e, doc, start FROM (SELECT v.comp, v.class, v.s, v.e, m.doc, p.start + v.s AS start,"
        " row_number() OVER (PARTITION BY v.comp ORDER BY d.work = m.doc DESC, v.e - v.s DESC, m.doc, p.start + v.s) AS n "
        + _OCCURRENCES + ") WHERE n = 1").fetchall()
    db.executemany("INSERT INTO reuse_comps (id, total, subsumed, main_site, main_pages, n_pages, top, size, n_sites, n_orgs,"
                   " n_docs, n_works, rep_class, rep_s, rep_e, rep_doc, rep_start) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                   [(*rows[comp], cls, s, e, doc, start) for comp, cls, s, e, doc, start in reps])


def _revision(db: sqlite3.Connection, before: np.ndarray | None, after: np.ndarray | None,
              first_new_doc: int) -> dict[int, tuple[int, int]]:
    """The revised variants (``_extended``) in ``temp.reuse_rvold`` and ``temp.reuse_rvnew``, and per
    component the change of its occurrences in documents before ``first_new_doc``: (size, total)."""
    empty = np.zeros((0, 4), dtype=np.int64)
    _fill(db, "reuse_rvold", empty if before is None else before)
    _fill(db, "reuse_rvnew", empty if after is None else after)
    if after is None or not len(after):
        return {}
    change = {int(comp): (0, 0) for comp in np.unique(after[:, 0]).tolist()}
    for sign, table in ((-1, "reuse_rvold"), (1, "reuse_rvnew")):
        for comp, size, total in db.execute(f"SELECT v.comp, count(*), sum(v.e - v.s) FROM temp.{table} v"
                                            " CROSS JOIN reuse_members m ON m.class = v.class WHERE +m.doc < ? GROUP BY v.comp",
                                            (first_new_doc,)):
            held = change.get(comp, (0, 0))
            change[comp] = (held[0] + sign * size, held[1] + sign * total)
    return change


@dataclass
class _Fresh:
    """What the indexed documents of a component's new classes add to it: documents, pages, works and
    organizations it had no occurrence in, and those pages per site."""

    docs: int = 0
    pages: int = 0
    works: int = 0
    orgs: int = 0
    sites: dict[str | None, int] = field(default_factory=dict)


def _fresh(db: sqlite3.Connection, before: np.ndarray | None, after: np.ndarray | None, first_new_doc: int) -> dict[int, _Fresh]:
    """For revised components (``_extended``) with variants on classes founded before ``first_new_doc``
    that they had none on: what those classes' members in indexed documents add (``_Fresh``), against
    the occurrences on the classes they had (``temp.reuse_gvars`` less these: classes of new documents
    have no indexed member)."""
    if before is None or after is None or not len(after):
        return {}
    had = {(c, k) for c, k in before[:, :2].tolist()}
    new_keys = sorted({(c, k) for c, k in after[:, :2].tolist() if (c, k) not in had})
    if not new_keys:
        return {}
    db.execute("CREATE TEMP TABLE IF NOT EXISTS reuse_fresh (comp INTEGER, class INTEGER, PRIMARY KEY (comp, class))")
    db.execute("DELETE FROM temp.reuse_fresh")
    db.executemany("INSERT INTO temp.reuse_fresh VALUES (?, ?)", new_keys)
    found = db.execute("SELECT DISTINCT f.comp, d.id, d.page, d.work, d.organization, d.site FROM temp.reuse_fresh f"
                       " CROSS JOIN reuse_members m ON m.class = f.class CROSS JOIN reuse_docs d ON d.id = m.doc WHERE +m.doc < ?",
                       (first_new_doc,)).fetchall()
    # the indexed documents that share a page, a work or an organization with those: which of them have
    # an occurrence on a class the component had
    pages = {r[2] for r in found}
    works = {r[3] for r in found}
    orgs = {r[4] for r in found if r[4]}
    around = [r for r in db.execute("SELECT id, page, work, organization FROM reuse_docs WHERE id < ?", (first_new_doc,))
              if r[1] in pages or r[2] in works or r[3] in orgs]
    comps = sorted({r[0] for r in found})
    # each component asks about the documents around its own
    pairs: set[tuple[int, int]] = set()
    for comp in comps:
        mine = [r for r in found if r[0] == comp]
        near_pages, near_works, near_orgs = {r[2] for r in mine}, {r[3] for r in mine}, {r[4] for r in mine if r[4]}
        pairs.update((comp, r[0]) for r in around if r[1] in near_pages or r[2] in near_works or r[3] in near_orgs)
    db.execute("CREATE TEMP TABLE IF NOT EXISTS reuse_fdocs (comp INTEGER, doc INTEGER, PRIMARY KEY (comp, doc))")
    db.execute("DELETE FROM temp.reuse_fdocs")
    db.executemany("INSERT INTO temp.reuse_fdocs VALUES (?, ?)", sorted(pairs))
    held_docs = set(db.execute(
        "SELECT DISTINCT x.comp, x.doc FROM temp.reuse_fdocs x CROSS JOIN reuse_members m ON m.doc = x.doc"
        " CROSS JOIN temp.reuse_gvars v ON v.class = m.class AND v.comp = x.comp"
        " WHERE NOT EXISTS (SELECT 1 FROM temp.reuse_fresh f WHERE f.comp = v.comp AND f.class = v.class)").fetchall())
    info = {r[0]: r[1:] for r in around}
    out: dict[int, _Fresh] = {}
    for comp in comps:
        held = [info[d] for c, d in held_docs if c == comp]
        held_pages, held_works, held_orgs = {h[0] for h in held}, {h[1] for h in held}, {h[2] for h in held if h[2]}
        mine = [r for r in found if r[0] == comp]
        docs = {r[1] for r in mine} - {d for c, d in held_docs if c == comp}
        new_pages = {(r[2], r[5]) for r in mine if r[2] not in held_pages}
        result = _Fresh(docs=len(docs), pages=len(new_pages), works=len({r[3] for r in mine} - held_works),
                        orgs=len({r[4] for r in mine if r[4]} - held_orgs))
        for _page, site in new_pages:
            result.sites[site] = result.sites.get(site, 0) + 1
        out[comp] = result
    return out


_NEW_OCCURRENCES = ("FROM temp.reuse_newm m JOIN temp.reuse_gvars v ON v.class = m.class JOIN reuse_docs d ON d.id = m.doc"
                    " JOIN paragraphs p ON p.id = m.par")


def _grow(db: sqlite3.Connection, variants: np.ndarray, first_new_doc: int, revised_before: np.ndarray | None = None,
          revised_after: np.ndarray | None = None) -> tuple[set[int], int]:
    """``reuse_comps`` rows of components whose classes only gained members (in documents from
    ``first_new_doc`` on; every other thing about their occurrences as it was) brought up to date from
    their new occurrences alone: what ``_describe`` would count over all of them. New documents lie on
    new pages (``settle`` checks), and the works of the documents indexed before are below
    ``first_new_doc``. Some of them (``revised_before``/``revised_after``: their variants on those
    classes before and now) also changed variants on older classes: the occurrences of those in
    indexed documents are replaced (sizes and totals change by the difference, the wording is counted
    again, and a class new to the component may bring documents, pages, works and organizations new
    to it: ``_fresh``). Returns the components whose representative changed, and how many indexed
    documents revised components gained (``_fresh``)."""
    _fill(db, "reuse_gvars", variants)
    revised = _revision(db, revised_before, revised_after, first_new_doc)
    db.execute("CREATE TEMP TABLE IF NOT EXISTS reuse_newm (par INTEGER PRIMARY KEY, class INTEGER, doc INTEGER)")
    db.execute("CREATE INDEX IF NOT EXISTS temp.reuse_newm_class ON reuse_newm(class)")
    db.execute("DELETE FROM temp.reuse_newm")
    db.execute("INSERT INTO temp.reuse_newm SELECT par, class, doc FROM reuse_members WHERE doc >= ?", (first_new_doc,))
    comps = np.unique(variants[:, 0]).tolist()
    stored = {r[0]: list(r) for r in chunked(db, "SELECT id, total, size, n_docs, n_pages, n_works, n_orgs, top, rep_class, rep_s, rep_e,"
                                                  " rep_doc, rep_start FROM reuse_comps WHERE id IN ({ids})", comps)}
    added = {comp: (size, n_docs, n_pages, total) for comp, size, n_docs, n_pages, total in db.execute(
        "SELECT v.comp, count(*), count(DISTINCT m.doc), count(DISTINCT d.page), sum(v.e - v.s) " + _NEW_OCCURRENCES
        + " GROUP BY v.comp")}
    # works: a new document's own, or an indexed canonical's (then new to the component unless one of
    # its indexed copies or itself has an occurrence there)
    works = db.execute("SELECT DISTINCT v.comp, d.work " + _NEW_OCCURRENCES).fetchall()
    _temp_ids(db, "reuse_wk", sorted({w for _c, w in works if w < first_new_doc}))
    seen = {(c, w) for c, w in db.execute(
        "SELECT DISTINCT v.comp, d.work FROM reuse_docs d CROSS JOIN reuse_members m ON m.doc = d.id"
        " CROSS JOIN temp.reuse_gvars v ON v.class = m.class WHERE d.id < ? AND d.work IN (SELECT id FROM temp.reuse_wk)",
        (first_new_doc,))}
    new_works = Counter(c for c, w in works if (c, w) not in seen)
    orgs = db.execute("SELECT DISTINCT v.comp, d.organization " + _NEW_OCCURRENCES + " AND d.organization != ''").fetchall()
    db.execute("CREATE TEMP TABLE IF NOT EXISTS reuse_org (name TEXT PRIMARY KEY)")
    db.execute("DELETE FROM temp.reuse_org")
    db.executemany("INSERT OR IGNORE INTO temp.reuse_org (name) VALUES (?)", ((o,) for _c, o in orgs))
    seen_orgs = {(c, o) for c, o in db.execute(
        "SELECT DISTINCT v.comp, d.organization FROM reuse_docs d CROSS JOIN reuse_members m ON m.doc = d.id"
        " CROSS JOIN temp.reuse_gvars v ON v.class = m.class WHERE d.id < ? AND d.organization IN (SELECT name FROM temp.reuse_org)",
        (first_new_doc,))}
    new_orgs = Counter(c for c, o in orgs if (c, o) not in seen_orgs)
    # pages per site: the new pages added to the component's sites
    sites: dict[int, dict[str | None, int]] = {}
    for comp, site, pages in chunked(db, "SELECT comp, site, pages FROM reuse_comp_sites WHERE comp IN ({ids})", comps):
        sites.setdefault(comp, {})[site] = pages
    fresh = _fresh(db, revised_before, revised_after, first_new_doc)
    site_rows = db.execute("SELECT v.comp, d.site, count(DISTINCT d.page) " + _NEW_OCCURRENCES + " GROUP BY v.comp, d.site").fetchall()
    site_rows += [(comp, site, pages) for comp, found in fresh.items() for site, pages in found.sites.items()]
    for comp, site, pages in site_rows:
        held = sites.setdefault(comp, {})
        if site in held:
            db.execute("UPDATE reuse_comp_sites SET pages = pages + ? WHERE comp = ? AND site IS ?", (pages, comp, site))
        else:
            db.execute("INSERT INTO reuse_comp_sites (comp, site, pages) VALUES (?,?,?)", (comp, site, pages))
        held[site] = held.get(site, 0) + pages
    # the most common wording: only wordings of classes that gained members count more than before
    wordings: dict[int, Counter[str]] = {}
    gained_wordings: dict[int, set[str]] = {}
    for comp, text, members, gained in db.execute(
            "SELECT v.comp, substr(p.text, v.s + 1, v.e - v.s), (SELECT count(*) FROM reuse_members m WHERE m.class = v.class),"
            " EXISTS (SELECT 1 FROM temp.reuse_newm n WHERE n.class = v.class)"
            " FROM temp.reuse_gvars v JOIN reuse_classes c ON c.id = v.class JOIN paragraphs p ON p.id = c.par"):
        wording = _LETTERS_ONLY.sub("", text)
        wordings.setdefault(comp, Counter())[wording] += members
        if gained:
            gained_wordings.setdefault(comp, set()).add(wording)
    # the representative: a new occurrence replaces it only when it is in a canonical or unique
    # document where the old one is not, or longer (on a tie the older document's stays)
    best = {comp: (work == doc, e - s, cls, s, e, doc, start) for comp, cls, s, e, doc, start, work in db.execute(
        "SELECT comp, class, s, e, doc, start, work FROM (SELECT v.comp, v.class, v.s, v.e, m.doc, p.start + v.s AS start, d.work,"
        " row_number() OVER (PARTITION BY v.comp ORDER BY d.work = m.doc DESC, v.e - v.s DESC, m.doc, p.start + v.s) AS n "
        + _NEW_OCCURRENCES + ") WHERE n = 1")}
    # an indexed document's occurrence on a revised variant may be better (or earlier) still
    best_revised: dict[int, tuple] = {}
    if revised:
        best_revised = {comp: (work == doc, e - s, cls, s, e, doc, start) for comp, cls, s, e, doc, start, work in db.execute(
            "SELECT comp, class, s, e, doc, start, work FROM (SELECT v.comp, v.class, v.s, v.e, m.doc, p.start + v.s AS start, d.work,"
            " row_number() OVER (PARTITION BY v.comp ORDER BY d.work = m.doc DESC, v.e - v.s DESC, m.doc, p.start + v.s) AS n"
            " FROM temp.reuse_rvnew v CROSS JOIN reuse_members m ON m.class = v.class CROSS JOIN reuse_docs d ON d.id = m.doc"
            " CROSS JOIN paragraphs p ON p.id = m.par WHERE +m.doc < ?) WHERE n = 1", (first_new_doc,))}
    rep_work = dict(chunked(db, "SELECT id, work FROM reuse_docs WHERE id IN ({ids})", sorted({r[11] for r in stored.values()})))
    changed_rep: set[int] = set()
    updates = []
    for comp in comps:
        _id, total, size, n_docs, n_pages, n_works, n_orgs, top, rep_class, rep_s, rep_e, rep_doc, rep_start = stored[comp]
        more = added.get(comp)
        if more is not None:
            size, n_docs, n_pages, total = size + more[0], n_docs + more[1], n_pages + more[2], total + more[3]
        n_works += new_works.get(comp, 0)
        n_orgs += new_orgs.get(comp, 0)
        if comp in fresh:
            n_docs, n_pages = n_docs + fresh[comp].docs, n_pages + fresh[comp].pages
            n_works, n_orgs = n_works + fresh[comp].works, n_orgs + fresh[comp].orgs
        counted = wordings[comp]
        top = max([top] + [counted[w] for w in gained_wordings.get(comp, ())])
        if comp in revised:  # variants replaced: every wording counted again (``wordings`` holds them all)
            size, total = size + revised[comp][0], total + revised[comp][1]
            top = max(counted.values())
        held = sites.get(comp, {})
        main_site = max(held, key=lambda site: (held[site], str(site)))
        # the representative: the best occurrence (in a canonical or unique document, longer, then the
        # earliest document and start), among the stored one and the candidates
        chosen = (rep_work[rep_doc] == rep_doc, rep_e - rep_s, -rep_doc, -rep_start)
        for candidate in (best.get(comp), best_revised.get(comp)):
            if candidate is not None and (candidate[0], candidate[1], -candidate[5], -candidate[6]) > chosen:
                chosen = (candidate[0], candidate[1], -candidate[5], -candidate[6])
                rep_class, rep_s, rep_e, rep_doc, rep_start = candidate[2:]
                changed_rep.add(comp)
        updates.append((total, main_site, held[main_site], n_pages, top, size, len(held), n_orgs, n_docs, n_works,
                        rep_class, rep_s, rep_e, rep_doc, rep_start, comp))
    db.executemany("UPDATE reuse_comps SET total = ?, main_site = ?, main_pages = ?, n_pages = ?, top = ?, size = ?, n_sites = ?,"
                   " n_orgs = ?, n_docs = ?, n_works = ?, rep_class = ?, rep_s = ?, rep_e = ?, rep_doc = ?, rep_start = ?"
                   " WHERE id = ?", updates)
    return changed_rep, sum(found.docs for found in fresh.values())


def _subsumed(db: sqlite3.Connection, comps: np.ndarray) -> set[int]:
    """Of these components, those whose every variant lies inside a variant of one bigger component (more
    occurrence characters, then the older). ``temp.reuse_spans`` holds the variants of every component
    on their classes."""
    _temp_ids(db, "reuse_cmp", comps)
    counts = dict(db.execute("SELECT s.comp, count(*) FROM temp.reuse_cmp c JOIN temp.reuse_spans s ON s.comp = c.id"
                             " GROUP BY s.comp"))
    held = db.execute(
        "SELECT a.comp, b.comp, count(*) FROM temp.reuse_cmp c JOIN temp.reuse_spans a ON a.comp = c.id"
        " JOIN temp.reuse_spans b ON b.class = a.class AND b.comp != a.comp AND b.s <= a.s AND a.e <= b.e"
        " JOIN reuse_comps ra ON ra.id = a.comp JOIN reuse_comps rb ON rb.id = b.comp"
        " WHERE rb.total > ra.total OR (rb.total = ra.total AND rb.id < ra.id) GROUP BY a.comp, b.comp").fetchall()
    return {a for a, _b, n in held if n == counts[a]}


def settle(db: sqlite3.Connection, params: ReuseParams, signer: Signer, graph: Graph,
           site_pages: dict[str | None, int]) -> dict[str, int]:
    """Rewrite the clusters of the recomputed components, and list or drop the components on the same
    classes whose dropping they change: ``reuse_comps``, ``passage_clusters``, ``passage_occurrences``."""
    new = _variants(graph.nodes)
    new_comps = np.unique(new[:, 0])
    gone = np.asarray(sorted(graph.old_comps | set(new_comps.tolist())), dtype=np.int64)
    _delete(db, gone)
    _fill(db, "reuse_vars", new)
    _describe(db)
    grown = _variants(graph.grown)
    grown_comps = np.unique(grown[:, 0])
    new_rep, fresh_docs = _grow(db, grown, graph.first_new_doc, graph.revised_before, graph.revised_after) if len(grown) else (set(), 0)
    # every component on the classes of the recomputed ones, and all their classes: whose dropping may change
    classes = np.unique(np.concatenate([new[:, 1], graph.old_classes]))
    _temp_ids(db, "reuse_cls", classes)
    neighbours = _array(db.execute("SELECT DISTINCT n.comp FROM temp.reuse_cls c CROSS JOIN reuse_nodes n ON n.class = c.id"), 1)[:, 0]
    neighbours = np.setdiff1d(neighbours, new_comps)
    _temp_ids(db, "reuse_cmp", neighbours)
    around = _array(db.execute("SELECT n.class, n.s, n.e, n.first, n.comp FROM temp.reuse_cmp c CROSS JOIN reuse_nodes n"
                               " ON n.comp = c.id"), 5)
    all_classes = np.unique(np.concatenate([classes, around[:, 0]]))
    _temp_ids(db, "reuse_cls", all_classes)
    spans = _variants(_array(db.execute("SELECT n.class, n.s, n.e, n.first, n.comp FROM temp.reuse_cls c CROSS JOIN reuse_nodes n"
                                        " ON n.class = c.id"), 5))
    _fill(db, "reuse_spans", spans)
    judged = np.concatenate([new_comps, neighbours])
    dropped = _subsumed(db, judged)
    was_dropped = {c for (c,) in chunked(db, "SELECT id FROM reuse_comps WHERE subsumed = 1 AND id IN ({ids})",
                                          neighbours.tolist())}
    db.executemany("UPDATE reuse_comps SET subsumed = ? WHERE id = ?", [(int(c in dropped), c) for c in judged.tolist()])
    # listed: the new components kept, and neighbours no longer dropped; unlisted: neighbours dropped now
    unlist = [c for c in neighbours.tolist() if c in dropped and c not in was_dropped]
    _delete(db, np.asarray(unlist, dtype=np.int64), keep_comps=True)
    listed = [c for c in new_comps.tolist() if c not in dropped]
    listed += [c for c in neighbours.tolist() if c in was_dropped and c not in dropped]
    _list(db, params, signer, np.asarray(sorted(listed), dtype=np.int64), site_pages)
    # components that only gained occurrences, listed before and still: their new occurrences added
    kept = [c for c in grown_comps.tolist() if c not in dropped and c not in was_dropped]
    _relist(db, params, signer, kept, new_rep, site_pages, graph.first_new_doc)
    return {"recomputed_clusters": len(new_comps), "grown_clusters": len(grown_comps), "judged_clusters": len(judged),
            "listed": len(listed), "revised_clusters": len(np.unique(graph.revised_after[:, 0])), "revised_documents_added": fresh_docs}


def _delete(db: sqlite3.Connection, comps: np.ndarray, keep_comps: bool = False) -> None:
    _temp_ids(db, "reuse_cmp", comps)
    if not keep_comps:
        db.execute("DELETE FROM reuse_comps WHERE id IN (SELECT id FROM temp.reuse_cmp)")
        db.execute("DELETE FROM reuse_comp_sites WHERE comp IN (SELECT id FROM temp.reuse_cmp)")
    db.execute("DELETE FROM passage_occurrences WHERE cluster IN (SELECT id FROM temp.reuse_cmp)")
    db.execute("DELETE FROM passage_clusters WHERE id IN (SELECT id FROM temp.reuse_cmp)")


def chunked(db: sqlite3.Connection, sql: str, ids: list[int]) -> list[tuple]:
    """The rows of ``sql`` (its ``{ids}`` a list of placeholders) over ``ids``, 900 at a time (SQLite's
    limit on the parameters of one statement)."""
    out: list[tuple] = []
    for start in range(0, len(ids), 900):
        chunk = ids[start:start + 900]
        out.extend(db.execute(sql.format(ids=",".join("?" * len(chunk))), chunk).fetchall())
    return out


def _list(db: sqlite3.Connection, params: ReuseParams, signer: Signer, comps: np.ndarray,
          site_pages: dict[str | None, int]) -> None:
    """The public rows of these components (described in ``reuse_comps``, variants in ``temp.reuse_spans``)."""
    _temp_ids(db, "reuse_cmp", comps)
    cursor = db.execute(
        "SELECT r.id, r.size, r.n_docs, r.n_works, r.n_sites, r.n_pages, r.main_site, r.main_pages, r.top, r.n_orgs,"
        " substr(p.text, r.rep_s + 1, r.rep_e - r.rep_s), d.uid, r.rep_start, r.rep_start + r.rep_e - r.rep_s"
        " FROM temp.reuse_cmp c CROSS JOIN reuse_comps r ON r.id = c.id CROSS JOIN reuse_classes k ON k.id = r.rep_class"
        " CROSS JOIN paragraphs p ON p.id = k.par CROSS JOIN reuse_docs d ON d.id = r.rep_doc ORDER BY r.id")
    while block := cursor.fetchmany(2000):
        bodies = [content(r[10]) for r in block]
        rows = []
        for r, body, signature in zip(block, bodies, signer.signatures(bodies), strict=True):
            score, kind = score_and_kind(r[7], r[5], r[8], r[1], r[4], r[9], site_pages.get(r[6]), params)
            rows.append((r[0], r[1], r[2], r[3], r[4], r[5], score, kind, r[10], r[11], r[12], r[13], signature.tobytes(),
                         len(set(shingles(body, params.shingle_size))), REUSE_VERSION))
        db.executemany("INSERT INTO passage_clusters (id, size, n_docs, n_works, n_sites, n_pages, boilerplate_score, kind,"
                       " representative, rep_doc, rep_start, rep_end, signature, n_shingles, version)"
                       " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
    db.execute('INSERT INTO passage_occurrences (cluster, doc_id, paragraph, start, "end", text, site)'
               " SELECT v.comp, d.uid, p.ordinal, p.start + v.s, p.start + v.e, substr(p.text, v.s + 1, v.e - v.s), d.site"
               " FROM temp.reuse_cmp c CROSS JOIN temp.reuse_spans v ON v.comp = c.id CROSS JOIN reuse_members m ON m.class = v.class"
               " CROSS JOIN paragraphs p ON p.id = m.par CROSS JOIN reuse_docs d ON d.id = m.doc")


def _relist(db: sqlite3.Connection, params: ReuseParams, signer: Signer, comps: list[int], new_rep: set[int],
            site_pages: dict[str | None, int], first_new_doc: int = 0) -> None:
    """The public rows of listed components that only gained occurrences (``_grow``): their counts,
    score and kind, their representative where it changed, the new occurrences' rows, and the rows of
    revised variants (``temp.reuse_rvold`` / ``reuse_rvnew``) in documents before ``first_new_doc``
    replaced."""
    if not comps:
        return
    _temp_ids(db, "reuse_cmp", comps)
    rows = db.execute("SELECT r.id, r.size, r.n_docs, r.n_works, r.n_sites, r.n_pages, r.main_site, r.main_pages, r.top, r.n_orgs"
                      " FROM temp.reuse_cmp c CROSS JOIN reuse_comps r ON r.id = c.id ORDER BY r.id").fetchall()
    updates = []
    for r in rows:
        score, kind = score_and_kind(r[7], r[5], r[8], r[1], r[4], r[9], site_pages.get(r[6]), params)
        updates.append((r[1], r[2], r[3], r[4], r[5], score, kind, r[0]))
    db.executemany("UPDATE passage_clusters SET size = ?, n_docs = ?, n_works = ?, n_sites = ?, n_pages = ?, boilerplate_score = ?,"
                   " kind = ? WHERE id = ?", updates)
    moved = sorted(c for c in comps if c in new_rep)
    if moved:
        _temp_ids(db, "reuse_cmp", moved)
        reps = db.execute(
            "SELECT r.id, substr(p.text, r.rep_s + 1, r.rep_e - r.rep_s), d.uid, r.rep_start, r.rep_start + r.rep_e - r.rep_s"
            " FROM temp.reuse_cmp c CROSS JOIN reuse_comps r ON r.id = c.id CROSS JOIN reuse_classes k ON k.id = r.rep_class"
            " CROSS JOIN paragraphs p ON p.id = k.par CROSS JOIN reuse_docs d ON d.id = r.rep_doc ORDER BY r.id").fetchall()
        bodies = [content(r[1]) for r in reps]
        db.executemany("UPDATE passage_clusters SET representative = ?, rep_doc = ?, rep_start = ?, rep_end = ?, signature = ?,"
                       " n_shingles = ? WHERE id = ?",
                       [(r[1], r[2], r[3], r[4], signature.tobytes(), len(set(shingles(body, params.shingle_size))), r[0])
                        for r, body, signature in zip(reps, bodies, signer.signatures(bodies), strict=True)])
    _temp_ids(db, "reuse_cmp", comps)
    db.execute('INSERT INTO passage_occurrences (cluster, doc_id, paragraph, start, "end", text, site)'
               " SELECT v.comp, d.uid, p.ordinal, p.start + v.s, p.start + v.e, substr(p.text, v.s + 1, v.e - v.s), d.site"
               " FROM temp.reuse_cmp c JOIN temp.reuse_gvars v ON v.comp = c.id JOIN temp.reuse_newm m ON m.class = v.class"
               " JOIN paragraphs p ON p.id = m.par JOIN reuse_docs d ON d.id = m.doc")
    if db.execute("SELECT EXISTS (SELECT 1 FROM temp.reuse_rvnew)").fetchone()[0]:
        revised = (" FROM temp.reuse_cmp c CROSS JOIN temp.{table} v ON v.comp = c.id CROSS JOIN reuse_members m ON m.class = v.class"
                   " CROSS JOIN paragraphs p ON p.id = m.par CROSS JOIN reuse_docs d ON d.id = m.doc WHERE +m.doc < ?")
        gone = db.execute("SELECT v.comp, d.uid, p.start + v.s" + revised.format(table="reuse_rvold"), (first_new_doc,)).fetchall()
        db.executemany("DELETE FROM passage_occurrences WHERE cluster = ? AND doc_id = ? AND start = ?", gone)
        db.execute('INSERT INTO passage_occurrences (cluster, doc_id, paragraph, start, "end", text, site)'
                   " SELECT v.comp, d.uid, p.ordinal, p.start + v.s, p.start + v.e, substr(p.text, v.s + 1, v.e - v.s), d.site"
                   + revised.format(table="reuse_rvnew"), (first_new_doc,))


def rescore(db: sqlite3.Connection, params: ReuseParams, sites: set[str | None], site_pages: dict[str | None, int]) -> int:
    """Scores and kinds of the listed clusters whose main site is among ``sites`` (their page counts
    changed): every one computed again, the rows whose score or kind changed written. Returns how
    many were computed."""
    updates = []
    computed = 0
    for site in sites:
        rows = db.execute("SELECT r.id, r.main_pages, r.n_pages, r.top, r.size, r.n_sites, r.n_orgs, c.boilerplate_score, c.kind"
                          " FROM reuse_comps r JOIN passage_clusters c ON c.id = r.id WHERE r.subsumed = 0 AND r.main_site IS ?",
                          (site,)).fetchall()
        computed += len(rows)
        for comp, main_pages, n_pages, top, size, n_sites, n_orgs, held_score, held_kind in rows:
            score, kind = score_and_kind(main_pages, n_pages, top, size, n_sites, n_orgs, site_pages.get(site), params)
            if (score, kind) != (held_score, held_kind):
                updates.append((score, kind, comp))
    db.executemany("UPDATE passage_clusters SET boilerplate_score = ?, kind = ? WHERE id = ?", updates)
    return computed
