"""The reuse build: brings the reuse index and tables up to date with the corpus's documents.

``build_reuse`` folds the documents the index does not cover yet into it, in id order, and is the
same code whether the index is empty (a full build) or covers all but the last ingest (an update):

0. **Plan.** The index covers a prefix of the documents (``reuse_docs``). Documents deleted or
   replaced since (a changed file re-ingested) roll the index back to before the first of them
   (``rollback``), and everything from there on is folded again; an index built with other
   parameters or by another version is dropped (as ``rebuild=True`` does).
1. **Classes** (``units``): paragraphs sorted into classes of equal text; new classes numbered.
2. **Units, candidates, seeds** (``units``, ``lsh``, ``seeds``): the new classes' units and texts,
   the LSH probe of their texts against every text before them, the class pairs worth aligning.
3. **Alignment** (``pairs``): the class pairs aligned in worker processes, passages appended to the
   edge list in fold order; classes whose members reach a second document get their self edge.
4. **Duplicates** (``duplicates``): candidate documents aligned in workers, clusters settled, works.
5. **Clusters** (``clusters``): the components a change reaches recomputed and written.
6. **Substitutions** (``substitutions``), **scores** of clusters whose site gained pages, the meta
   rows. Everything from the plan on runs in one transaction: readers see the tables as they were
   until it commits, and a build that stops leaves them so (``reuse_meta.state`` says it started).

Workers (``pool.Pool`` locally, or any engine with the same ``map``: ``distributed.DaskEngine``) read
the corpus themselves, so tasks are small; the main process numbers, probes, seeds and writes.
Memory is bounded by the batch (``BATCH_CHARS`` of documents) and by what one step keeps per node or
edge of the passage graph, not by the corpus's text.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import sqlite3
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from ..corpus.store import Corpus
from . import clusters, duplicates, lsh, pairs, seeds, substitutions, tables, units
from .minhash import Signer
from .params import REUSE_VERSION, ReuseParams, resolve
from .texts import close_readers

Progress = Callable[[str, int, int], None]
BATCH_CHARS = 4_000_000     # characters of documents per probe of the LSH index (memory of a batch, not of the corpus)
PART_CHARS = 1_000_000      # characters of documents per worker task
ALIGN_CHUNK = 2_000         # class pairs per alignment task
DUPLICATE_CHUNK = 200       # document pairs per duplicate check task


class Engine(Protocol):
    """Runs ``func(*args)`` for each of ``arguments`` somewhere, yielding results in order."""

    def map(self, func: Callable[..., Any], arguments: Any) -> Iterator[Any]: ...


@dataclass
class Run:
    """What one build did: counts, seconds per step, the main process's CPU seconds per step (on a
    shared machine the honest clock: the main process is the build's serial part) and its peak RSS
    at the end of each step (the peak so far: the step where it rises is the one that set it)."""

    mode: str = "update"
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    cpu: dict[str, float] = field(default_factory=dict)
    peak_mb: dict[str, float] = field(default_factory=dict)
    started: float = field(default_factory=time.perf_counter)
    cpu_mark: float = field(default_factory=time.process_time)

    def add(self, **counts: int) -> None:
        for key, n in counts.items():
            self.counts[key] = self.counts.get(key, 0) + int(n)

    def step(self, name: str, since: float) -> float:
        now, cpu = time.perf_counter(), time.process_time()
        self.seconds[name] = round(self.seconds.get(name, 0.0) + now - since, 3)
        self.cpu[name] = round(self.cpu.get(name, 0.0) + cpu - self.cpu_mark, 3)
        self.cpu_mark = cpu
        self.peak_mb[name] = _peak_rss_mb()
        return now


def _peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def build_reuse(corpus: Corpus, params: ReuseParams | dict[str, Any] | None = None, progress: Progress | None = None,
                candidates: np.ndarray | None = None, workers: int = 1, rebuild: bool = False,
                engine: Engine | None = None) -> dict[str, Any]:
    """Find duplicate documents, reused passages and substitutions: bring the reuse index and tables
    up to date with the corpus (only the documents added since the last build are folded in; all of
    them with ``rebuild``, other parameters, or an index of another version).

    ``progress(stage, done, total)`` is called along the way. ``workers``: processes for the units,
    alignments and duplicate checks (``engine`` instead: e.g. a Dask cluster). ``candidates``: LSH
    candidate pairs of stable text hashes computed elsewhere (``distributed.reuse_candidates``, the
    same parameters), used instead of probing the index (then the whole index is built). Returns the
    run's counts, the totals and the seconds taken (also kept in ``reuse_meta``)."""
    db = corpus.db
    stored = tables.meta(db)
    params = resolve(params, tables.params_of(stored))
    run = Run()
    full = rebuild or candidates is not None or not tables.fits(stored, params)
    token = tables.mark_building(db)
    owned = None
    if engine is None:
        from ..engines.pool import Pool

        owned = engine = Pool(workers)
    db.execute("BEGIN")
    try:
        if full:
            run.mode = "full"
            tables.drop(db)
        tables.create(db)
        _update(corpus, params, engine, run, progress, candidates)
        totals = _totals(db)
        tables.set_meta(db, version=REUSE_VERSION, params=params.as_dict(), state=tables.STATE_COMPLETE,
                        stats=totals, sites=_site_pages(db))
        result = {"version": REUSE_VERSION, "params": params.as_dict(), "mode": run.mode, **totals,
                  **{k: v for k, v in run.counts.items() if k not in totals}, "steps": run.seconds, "steps_cpu": run.cpu,
                  "steps_peak_mb": run.peak_mb, "seconds": round(time.perf_counter() - run.started, 3),
                  "peak_rss_mb": _peak_rss_mb()}
        tables.set_meta(db, last_run={k: v for k, v in result.items() if k != "params"})
        tables.clear_building(db, token)
        db.commit()
    except BaseException:
        if db.in_transaction:
            db.rollback()
        raise
    finally:
        if owned is not None:
            owned.close()
        close_readers()
    return result


def _update(corpus: Corpus, params: ReuseParams, engine: Engine, run: Run, progress: Progress | None,
            external: np.ndarray | None) -> None:
    # the tasks' inputs wait in files beside the corpus (the workers read it there too), so a task
    # message stays small; so do the duplicate step's weights when they outgrow memory
    path = Path(corpus.path).resolve()
    _remove_stale_spills(path)
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=f".{path.name}-reuse-{os.getpid()}-") as spill:
        _steps(corpus, str(path), Path(spill), params, engine, run, progress, external)


def _steps(corpus: Corpus, path: str, spill: Path, params: ReuseParams, engine: Engine, run: Run, progress: Progress | None,
           external: np.ndarray | None) -> None:
    db = corpus.db
    since = time.perf_counter()
    first, changed, settle_docs, subst_keys = _plan(db, run)
    since = run.step("plan", since)
    todo = [r for r in db.execute("SELECT id, n_chars FROM documents WHERE id >= ? ORDER BY id", (first,))] if first else []
    run.add(new_documents=len(todo))
    edges_from = int(db.execute("SELECT coalesce(max(seq), 0) + 1 FROM reuse_edges").fetchone()[0])
    sites_before = json.loads(tables.meta(db).get("sites", "{}"))
    # 1-3. classes, units, candidates, seeds, alignment: one pipeline
    fold = _Fold(db=db, path=path, spill=spill, params=params, run=run, progress=progress,
                 batches=_batches(todo), probe=_external_probe(db, external) if external is not None else None)
    fold.drive(engine)
    rolled_back = np.unique(np.concatenate([np.zeros(0, dtype=np.int64), *changed]))
    changed.append(fold.touched)
    since = run.step("fold", since)
    # 4. duplicates
    new_classes = [c.new_classes for c in fold.classes]
    touched = np.unique(np.concatenate([np.zeros(0, dtype=np.int64), *changed]))
    work_changed, regrouped = _duplicates(db, path, spill, params, engine, touched, first, settle_docs, run, progress)
    since = run.step("duplicates", since)
    # 5. clusters
    # the graph loses edges only where members went (a rollback), and edges turn inactive only where
    # indexed documents were grouped into works anew (duplicate clusters joined or split); a work
    # renamed (a new copy became the canonical one) leaves every edge as it was, and the new
    # documents' classes only gained members
    regrouped_classes = np.zeros(0, dtype=np.int64)
    if len(work_changed):
        touched = np.unique(np.concatenate([touched, _classes_of_docs(db, work_changed)]))
        regrouped_classes = _classes_of_docs(db, regrouped)
    run.add(regrouped_documents=len(regrouped))
    site_pages = _site_pages(db)
    # components whose classes only gained members are described from their new occurrences, when
    # those are all that changed about them: an update (no rollback) whose new documents lie on new
    # pages; the classes of indexed documents whose work changed are described in full
    reworked, new_classes_from = None, 0
    if run.mode == "update" and first and _new_pages_only(db, first):
        reworked = _classes_of_docs(db, work_changed[work_changed < first])
        new_classes_from = int(db.execute("SELECT coalesce(min(id), 1 << 62) FROM reuse_classes WHERE doc >= ?", (first,)).fetchone()[0])
    graph = clusters.recluster(db, params, rolled_back, edges_from, everything=run.mode == "full",
                               gained=np.setdiff1d(touched, rolled_back), first_new_doc=first, regrouped=regrouped_classes,
                               reworked=reworked, new_classes_from=new_classes_from)
    counts = clusters.settle(db, params, Signer(params), graph, site_pages)
    run.add(passage_nodes_recomputed=graph.recomputed, passage_nodes_recounted=len(graph.nodes) - graph.recomputed,
            passage_nodes_grown=len(graph.grown), **counts)
    _tick(progress, "clusters", 1, 1)
    since = run.step("clusters", since)
    # 6. substitutions, scores
    if run.mode == "full":
        keys = substitutions.all_keys(db)
    else:
        keys = subst_keys | substitutions.keys_of_classes(db, sorted(set(touched.tolist())))
        keys |= substitutions.keys_of_duplicates(db, sorted(set(settle_docs) | set(work_changed.tolist())))
        keys |= _new_passage_keys(db, new_classes)
    run.add(substitutions_recounted=substitutions.refresh(db, keys))
    changed_sites = {site for site in set(site_pages) | set(sites_before) if site_pages.get(site) != sites_before.get(site)}
    run.add(rescored=clusters.rescore(db, params, changed_sites, site_pages))
    run.step("substitutions", since)


def _remove_stale_spills(path: Path) -> None:
    """The spill folders a killed build left beside the corpus (named by its process id; a build
    stopped any other way removes its own)."""
    for folder in path.parent.glob(f".{path.name}-reuse-*-*"):
        pid = folder.name[len(f".{path.name}-reuse-"):].split("-", 1)[0]
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except PermissionError:  # another user's live process
            continue


def _call(func: Callable[..., Any], *args: Any) -> Any:
    """A worker task: the pipeline hands out tasks of several kinds through one map."""
    return func(*args)


@dataclass
class _Fold:
    """Steps 1-3 as one pipeline through the engine, so the workers align a batch's class pairs while the
    main process numbers, probes and seeds the next batch. Tasks go out in this order: every part's
    paragraph keys (cheap); each part's units once its classes are known, one batch ahead of the main
    process; a batch's alignment chunks as soon as its seeds are chosen. Results come back in the order
    the tasks went out, so texts, classes and edges are numbered in fold order whatever the timing."""

    db: sqlite3.Connection
    path: str
    spill: Path
    params: ReuseParams
    run: Run
    progress: Progress | None
    batches: list[list[tuple[int, int, int]]]   # batches of parts (first, last, documents)
    probe: Callable[[units.IndexedBatch, int], np.ndarray] | None
    classes: list[units.ClassBatch] = field(default_factory=list)   # per part (slimmed once its batch is folded: ``_slim``)
    touched: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # classes that got members, of the batches folded
    ready: deque = field(default_factory=deque)    # tasks that can go out: (tag, func, args)
    out: deque = field(default_factory=deque)      # tags of the tasks out, oldest first
    self_edges: deque = field(default_factory=deque)  # self edges waiting for their place in fold order
    next_keys: int = 0
    next_units: int = 0   # the next batch whose units tasks may go out
    current: int = 0      # the batch whose units are coming back
    unit_parts: list[units.UnitBatch] = field(default_factory=list)
    next_class: int = 0
    next_text: int = 0
    aligned: int = 0

    def drive(self, engine: Engine) -> None:
        db = self.db
        self.next_class = int(db.execute("SELECT coalesce(max(id), 0) + 1 FROM reuse_classes").fetchone()[0])
        self.next_text = int(db.execute("SELECT coalesce(max(id), 0) + 1 FROM reuse_texts").fetchone()[0])
        for result in engine.map(_call, self._feed()):
            kind, at, spilled = self.out.popleft()
            if kind == "keys":
                self._classes(result, at)
            elif kind == "units":
                self._units(result, at)
            else:
                self._edges(result)
            if spilled:
                Path(spilled).unlink()
        self._edges(None)

    @property
    def parts(self) -> list[tuple[int, int, int]]:
        return [part for batch in self.batches for part in batch]

    def _feed(self) -> Iterator[Any]:
        from ..engines.pool import LATER

        parts = self.parts
        while True:
            if self.ready:
                tag, func, args = self.ready.popleft()
            elif self.next_keys < len(parts):
                lo, hi, _n = parts[self.next_keys]
                tag, func, args = ("keys", self.next_keys, ""), units.paragraph_keys, (self.path, lo, hi)
                self.next_keys += 1
            elif self.out:
                yield LATER
                continue
            else:
                return
            self.out.append(tag)
            yield (func, *args)

    def _first_part(self, batch: int) -> int:
        return sum(len(b) for b in self.batches[:batch])

    def _release_units(self) -> None:
        """The units tasks of the batches up to one ahead of the one coming back, once all their parts
        have their classes."""
        while self.next_units < len(self.batches) and self.next_units <= self.current + 1:
            first, count = self._first_part(self.next_units), len(self.batches[self.next_units])
            if len(self.classes) < first + count:
                return
            for at in range(first, first + count):
                lo, hi, _n = self.parts[at]
                founded = str(self.spill / f"founded-{at}.npz")
                np.savez(founded, classes=self.classes[at].new_classes, pars=self.classes[at].new_class_par)
                self.ready.append((("units", at, founded), units.class_units, (self.path, lo, hi, founded, self.params.as_dict())))
            self.next_units += 1

    def _classes(self, batch: units.ParagraphBatch, at: int) -> None:
        classes = units.add_classes(self.db, batch, self.next_class, (self.params.min_match_chars, pairs.MAX_ALIGN_CHARS))
        self.next_class = classes.n_classes
        self.classes.append(classes)
        self.self_edges.extend(_self_edge_rows(self.db, classes.self_edges))
        self.run.add(paragraphs_added=len(batch.par_id), classes_added=len(classes.new_classes),
                     self_edges=len(classes.self_edges))
        classes.self_edges = []  # waiting in ``self_edges`` now
        _tick(self.progress, "classes", at + 1, len(self.parts))
        self._release_units()

    def _units(self, part: units.UnitBatch, at: int) -> None:
        self.unit_parts.append(part)
        batch = self.current
        first = self._first_part(batch)
        if at < first + len(self.batches[batch]) - 1:
            return
        merged = units.merge(self.unit_parts)
        self.unit_parts = []
        founded = [c.new_classes for c in self.classes[first:first + len(self.batches[batch])] if len(c.new_classes)]
        first_class = int(founded[0][0]) if founded else self.next_class
        params, db = self.params, self.db
        indexed = units.add_units(db, merged, first_class, self.next_text)
        found = lsh.probe(db, params, indexed, self.next_text) if self.probe is None else self.probe(indexed, self.next_text)
        lsh.append(db, params, indexed)
        chosen = seeds.seeds(db, params, indexed, found)
        self.next_text = indexed.n_texts
        self.run.add(units_added=len(indexed.unit_text), texts_added=int(indexed.text_new.sum()), comparisons=len(found),
                     seed_pairs=chosen.seed_pairs, paragraph_pairs=int(chosen.align.sum()), shared_sentences=len(chosen.exact))
        sentences, exact = chosen.sentences, chosen.exact
        # the classes this batch founded are held; older ones are read (a whole build's would grow with the corpus)
        mine = self.classes[first:first + len(self.batches[batch])]
        known = np.stack([np.concatenate([np.zeros(0, dtype=np.int64), *(c.new_classes for c in mine)]),
                          np.concatenate([np.zeros(0, dtype=np.int64), *(c.new_class_par for c in mine)]),
                          np.concatenate([np.zeros(0, dtype=np.int64), *(c.new_class_doc for c in mine)])], axis=1)
        for start in range(0, len(chosen.pairs), ALIGN_CHUNK):
            chunk = chosen.pairs[start:start + ALIGN_CHUNK]
            first_b, last_b = int(chunk[0, 1]), int(chunk[-1, 1])
            mask = (sentences[:, 1] >= first_b) & (sentences[:, 1] <= last_b)
            shared = (exact[:, 1] >= first_b) & (exact[:, 1] <= last_b)
            target = str(self.spill / f"pairs-{batch}-{start}.npz")
            np.savez(target, pairs=_pair_rows(db, chunk, known), sentences=sentences[mask], exact=exact[shared],
                     align=chosen.align[start:start + ALIGN_CHUNK])
            self.ready.append((("align", batch, target), pairs.align_pairs, (self.path, target, params.as_dict())))
        self.aligned += len(chosen.pairs)
        self._slim(first, len(self.batches[batch]))
        _tick(self.progress, "units", batch + 1, len(self.batches))
        self.current += 1
        self._release_units()

    def _slim(self, first: int, count: int) -> None:
        """A folded batch's parts keep only the classes they founded; the classes they touched join
        ``touched`` (a whole build's parts would hold every paragraph's class, copies included)."""
        parts = self.classes[first:first + count]
        self.touched = np.unique(np.concatenate([self.touched, *(c.touched for c in parts)]))
        for at, c in enumerate(parts, start=first):
            self.classes[at] = replace(c, new_class_par=c.new_class_par[:0], new_class_doc=c.new_class_doc[:0],
                                       touched=c.touched[:0])

    def _edges(self, result: pairs.PairResults | None) -> None:
        """A chunk's passages after the self edges of documents up to theirs (all that wait, at the end)."""
        merged: list[pairs.Edge] = []
        for edge in result.edges if result is not None else []:
            while self.self_edges and self.self_edges[0][7] <= edge[7]:
                merged.append(self.self_edges.popleft())
            merged.append(edge)
        if result is None:
            merged.extend(self.self_edges)
            self.self_edges.clear()
        pairs.add_edges(self.db, merged, result.substitutions if result is not None else [])
        if result is not None:
            self.run.add(alignments=result.aligned, pairs_with_passages=result.with_passages)
            self.run.add(aligned_chunks=1)
            _tick(self.progress, "align", min(self.run.counts["aligned_chunks"] * ALIGN_CHUNK, self.aligned), self.aligned)


def _tick(progress: Progress | None, stage: str, done: int, total: int) -> None:
    if progress is not None:
        progress(stage, done, total)


def _batches(todo: list[tuple[int, int]]) -> list[list[tuple[int, int, int]]]:
    """Documents cut into parts (id ranges) of about ``PART_CHARS`` characters, the parts grouped into
    batches of about ``BATCH_CHARS``: a part is a worker task, a batch one probe of the index."""
    parts: list[tuple[int, int, int]] = []
    start, size, count = None, 0, 0
    for doc, n_chars in todo:
        if start is None:
            start = doc
        size += n_chars
        count += 1
        if size >= PART_CHARS:
            parts.append((start, doc, count))
            start, size, count = None, 0, 0
    if start is not None:
        parts.append((start, todo[-1][0], count))
    per_batch = max(1, BATCH_CHARS // PART_CHARS)
    return [parts[i:i + per_batch] for i in range(0, len(parts), per_batch)]


def _site_pages(db: sqlite3.Connection) -> dict[str | None, int]:
    return {site: n for site, n in db.execute("SELECT site, count(*) FROM pages GROUP BY site")}


def _totals(db: sqlite3.Connection) -> dict[str, int]:
    """Corpus-level counts of the index and results (the same whatever order documents came in)."""
    def count(sql: str) -> int:
        return int(db.execute(sql).fetchone()[0])

    return {
        "documents": count("SELECT count(*) FROM reuse_docs"),
        "paragraphs": count("SELECT count(*) FROM reuse_members"),
        "classes": count("SELECT count(*) FROM reuse_classes"),
        "units": count("SELECT count(*) FROM reuse_units"),
        "texts": count("SELECT count(*) FROM reuse_texts"),
        "passage_edges": count("SELECT count(*) FROM reuse_edges"),
        "passage_nodes": count("SELECT count(*) FROM reuse_nodes"),
        "duplicate_pairs": count("SELECT count(*) FROM reuse_dup_pairs"),
        "duplicate_clusters": count("SELECT count(*) FROM doc_clusters WHERE canonical = 1"),
        "duplicate_documents": count("SELECT count(*) FROM doc_clusters WHERE canonical = 0"),
        "passage_clusters": count("SELECT count(*) FROM passage_clusters"),
        "passage_occurrences": count("SELECT count(*) FROM passage_occurrences"),
        "substitutions": count("SELECT count(*) FROM substitutions"),
    }


# --- 0. plan ----------------------------------------------------------------------------------------

def _plan(db: sqlite3.Connection, run: Run) -> tuple[int, list[np.ndarray], list[int], set[tuple[str, str]]]:
    """The first document to fold (0: none), and what a rollback changed: classes that lost members or
    edges, documents whose duplicate cluster must be settled again, substitution keys to count again."""
    # a document is known by what the index keeps of it: a page that passed to a duplicate of its file
    # (``ledger``) keeps its documents but may change their site
    indexed = {doc: tuple(rest) for doc, *rest in db.execute("SELECT id, uid, site, organization, complete FROM reuse_docs")}
    current = {doc: tuple(rest) for doc, *rest in db.execute(
        "SELECT d.id, d.uid, p.site, d.organization, d.complete FROM documents d JOIN pages p ON p.id = d.page_id")}
    gone = [doc for doc, uid in indexed.items() if current.get(doc) != uid]
    new = [doc for doc in current if doc not in indexed or indexed[doc] != current[doc]]
    if not gone and not new:
        return 0, [], [], set()
    first = min(gone + new)
    if not gone and first > max(indexed, default=0):
        return first, [], [], set()
    run.mode = "rollback" if run.mode != "full" else run.mode
    run.add(removed_documents=len(gone))
    changed, settle_docs, keys = rollback(db, first)
    return first, [changed], settle_docs, keys


def rollback(db: sqlite3.Connection, first: int) -> tuple[np.ndarray, list[int], set[tuple[str, str]]]:
    """Forget what documents ``first`` and after brought into the index, so they can be folded again."""
    first_class = int(db.execute("SELECT coalesce(min(id), 1 << 62) FROM reuse_classes WHERE doc >= ?", (first,)).fetchone()[0])
    first_text = int(db.execute("SELECT coalesce(min(id), 1 << 62) FROM reuse_texts WHERE class >= ?", (first_class,)).fetchone()[0])
    losing = [c for (c,) in db.execute("SELECT DISTINCT class FROM reuse_members WHERE doc >= ?", (first,))]
    edge_classes = [c for row in db.execute("SELECT a, b FROM reuse_edges WHERE doc >= ?", (first,)) for c in row]
    changed = np.unique(np.asarray(losing + edge_classes, dtype=np.int64))
    keys = {(a, b) for a, b in db.execute("SELECT DISTINCT a, b FROM reuse_subst_pass WHERE class_b >= ?", (first_class,))}
    # documents whose cluster loses a member or its canonical
    settle_docs = sorted({d for (d,) in db.execute("SELECT x FROM reuse_dup_pairs WHERE y >= ?", (first,))}
                         | {d for (d,) in db.execute("SELECT id FROM reuse_docs WHERE work >= ? AND id < ?", (first, first))})
    keys |= substitutions.keys_of_duplicates(db, [d for (d,) in db.execute("SELECT id FROM reuse_docs WHERE id >= ?", (first,))])
    db.execute("DELETE FROM doc_clusters WHERE doc_id IN (SELECT uid FROM reuse_docs WHERE id >= ?)", (first,))
    db.execute("UPDATE documents SET duplicate_of = NULL WHERE id >= ? AND duplicate_of IS NOT NULL", (first,))
    db.execute("DELETE FROM reuse_subst_dup WHERE doc_b >= ? OR doc_a >= ?", (first, first))
    db.execute("DELETE FROM reuse_dup_pairs WHERE y >= ?", (first,))
    db.execute("DELETE FROM reuse_subst_pass WHERE class_b >= ?", (first_class,))
    db.execute("DELETE FROM reuse_edges WHERE doc >= ?", (first,))
    db.execute("DELETE FROM reuse_units WHERE class >= ?", (first_class,))
    db.execute("DELETE FROM reuse_texts WHERE id >= ?", (first_text,))
    lsh.truncate(db, first_text)
    db.execute("DELETE FROM reuse_members WHERE doc >= ?", (first,))
    db.execute("DELETE FROM reuse_classes WHERE id >= ?", (first_class,))
    db.execute("DELETE FROM reuse_docs WHERE id >= ?", (first,))
    # the classes that stay count their documents again
    for cls in [c for c in losing if c < first_class]:
        docs = [d for (d,) in db.execute("SELECT DISTINCT doc FROM reuse_members WHERE class = ? ORDER BY doc", (cls,))]
        db.execute("UPDATE reuse_classes SET n_docs = ?, last_doc = ? WHERE id = ?", (len(docs), docs[-1] if docs else 0, cls))
    return changed, settle_docs, keys


# --- 2. candidates computed elsewhere -------------------------------------------------------------------

def _external_probe(db: sqlite3.Connection, external: np.ndarray) -> Callable[[units.IndexedBatch, int], np.ndarray]:
    """A probe answering from candidate pairs of stable text hashes (the Dask job's): the pairs with a
    text of the batch whose other text is known by then, as text ids."""
    pairs_by_hash = np.asarray(external, dtype=np.int64).reshape(-1, 2)

    def probe(batch: units.IndexedBatch, n_before: int) -> np.ndarray:
        mine = np.isin(pairs_by_hash[:, 0], batch.text_hash) | np.isin(pairs_by_hash[:, 1], batch.text_hash)
        found = pairs_by_hash[mine]
        if not len(found):
            return np.zeros((0, 2), dtype=np.int64)
        ids = units.lookup(db, "reuse_texts", found.ravel()).reshape(-1, 2)
        ids = ids[(ids >= 0).all(axis=1)]
        ids = np.sort(ids, axis=1)
        touched_old = batch.text_ids[~batch.text_new]
        keep = (ids[:, 1] >= n_before) | np.isin(ids[:, 0], touched_old) | np.isin(ids[:, 1], touched_old)
        return np.unique(ids[keep], axis=0) if keep.any() else np.zeros((0, 2), dtype=np.int64)

    return probe


# --- 3. alignment ---------------------------------------------------------------------------------------

def _pair_rows(db: sqlite3.Connection, chunk: np.ndarray, known: np.ndarray) -> np.ndarray:
    """(a, b, a's first member, b's first member, b's document) for class pairs. ``known``: rows (class,
    first member, document) of the classes this build founded so far, by class (the others are read)."""
    classes = np.unique(chunk)
    at = np.minimum(np.searchsorted(known[:, 0], classes), max(0, len(known) - 1))
    held = (known[at, 0] == classes) if len(known) else np.zeros(len(classes), dtype=bool)
    info = known[at[held]]
    if not held.all():
        db.execute("CREATE TEMP TABLE IF NOT EXISTS reuse_pair_cls (id INTEGER PRIMARY KEY)")
        db.execute("DELETE FROM temp.reuse_pair_cls")
        db.executemany("INSERT INTO temp.reuse_pair_cls (id) VALUES (?)", ((c,) for c in classes[~held].tolist()))
        read = tables.array_of(db.execute("SELECT c.id, c.par, c.doc FROM temp.reuse_pair_cls w CROSS JOIN reuse_classes c ON c.id = w.id"), 3)
        info = np.concatenate([info, read])
        info = info[np.argsort(info[:, 0])]
    a, b = np.searchsorted(info[:, 0], chunk[:, 0]), np.searchsorted(info[:, 0], chunk[:, 1])
    return np.stack([chunk[:, 0], chunk[:, 1], info[a, 1], info[b, 1], info[b, 2]], axis=1)


def _self_edge_rows(db: sqlite3.Connection, self_edges: list[tuple[int, int]]) -> list[pairs.Edge]:
    """Self edges (class, document), sorted by document, as edge rows."""
    spans: dict[int, tuple[int, int, int]] = {}
    classes = sorted({c for c, _d in self_edges})
    for start in range(0, len(classes), 900):
        part = classes[start:start + 900]
        for cls, s0, s1, length in db.execute(
                f"SELECT id, s0, s1, length FROM reuse_classes WHERE id IN ({','.join('?' * len(part))})", part):
            spans[cls] = (s0, s1, length)
    return [(c, spans[c][0], spans[c][1], c, spans[c][0], spans[c][1], spans[c][2], d) for c, d in self_edges]


def _new_passage_keys(db: sqlite3.Connection, new_classes: list[np.ndarray]) -> set[tuple[str, str]]:
    found = np.concatenate(new_classes) if new_classes else np.zeros(0, dtype=np.int64)
    if not len(found):
        return set()
    return {(a, b) for a, b in db.execute("SELECT DISTINCT a, b FROM reuse_subst_pass INDEXED BY reuse_subst_pass_b WHERE class_b >= ?",
                                          (int(found.min()),))}


# --- 4. duplicates --------------------------------------------------------------------------------------

def _duplicates(db: sqlite3.Connection, path: str, spill: Path, params: ReuseParams, engine: Engine, touched: np.ndarray,
                first: int, settle_docs: list[int], run: Run, progress: Progress | None) -> tuple[np.ndarray, np.ndarray]:
    """Check the new documents' candidates, settle the clusters they (or a rollback) touch; returns the
    documents whose work changed, and those of them indexed before (before ``first``) whose work now
    groups other indexed documents than before (not only renamed)."""
    found = duplicates.candidates(db, params, touched, first, spill) if first else np.zeros((0, 2), dtype=np.int64)
    run.add(duplicate_candidates=len(found))
    chunks = [found[i:i + DUPLICATE_CHUNK] for i in range(0, len(found), DUPLICATE_CHUNK)]
    confirmed: list[tuple[int, int]] = []
    for n, kept in enumerate(engine.map(duplicates.check_pairs, [(path, c, params.as_dict()) for c in chunks])):
        confirmed.extend(kept)
        _tick(progress, "duplicates", n + 1, len(chunks))
    db.executemany("INSERT OR IGNORE INTO reuse_dup_pairs (x, y) VALUES (?, ?)", confirmed)
    affected = {d for pair in confirmed for d in pair} | set(settle_docs)
    groups = duplicates.clusters_of(db, affected)
    # every document of those clusters, of the clusters they were in before, and those affected: settled again
    members = sorted({d for g in groups for d in g} | affected)
    before = {d: w for d, w in clusters.chunked(db, "SELECT id, work FROM reuse_docs WHERE id IN ({ids})", members)}
    olds = sorted(set(before.values()))
    reset = sorted(set(members) | {d for (d,) in clusters.chunked(db, "SELECT id FROM reuse_docs WHERE work IN ({ids})", olds)})
    before.update({d: w for d, w in clusters.chunked(db, "SELECT id, work FROM reuse_docs WHERE id IN ({ids})", reset)})
    duplicates.forget(db, reset)
    work = {d: d for d in reset}
    settled = [(duplicates.canonical_of(db, g), g) for g in groups]
    tasks = [(path, canonical, [d for d in g if d != canonical], params.as_dict()) for canonical, g in settled]
    for (canonical, _group), kept in zip(settled, engine.map(duplicates.settle_cluster, tasks), strict=True):
        if kept:
            duplicates.write_cluster(db, canonical, kept)
            for member in kept:
                work[member.doc] = canonical
    db.executemany("UPDATE reuse_docs SET work = ? WHERE id = ?", [(w, d) for d, w in work.items()])
    uid = dict(clusters.chunked(db, "SELECT id, uid FROM reuse_docs WHERE id IN ({ids})", sorted(set(work.values()))))
    db.executemany("UPDATE documents SET duplicate_of = ? WHERE id = ?",
                   [(uid[w] if w != d else None, d) for d, w in work.items()])
    run.add(duplicate_checks=len(found), duplicate_confirmed=len(confirmed))
    changed = sorted(d for d, w in work.items() if before.get(d, d) != w)
    # indexed documents grouped as before (their works renamed at most) keep every edge's state
    old_docs = [d for d in work if d < first] if first else []
    group_before: dict[int, set[int]] = {}
    group_after: dict[int, set[int]] = {}
    for d in old_docs:
        group_before.setdefault(before.get(d, d), set()).add(d)
        group_after.setdefault(work[d], set()).add(d)
    regrouped = [d for d in changed if (not first or d < first)
                 and (not first or group_before[before.get(d, d)] != group_after[work[d]])]
    return np.asarray(changed, dtype=np.int64), np.asarray(regrouped, dtype=np.int64)


def _new_pages_only(db: sqlite3.Connection, first: int) -> bool:
    """Whether the documents from ``first`` on lie on pages no document before them does."""
    return db.execute("SELECT NOT EXISTS (SELECT 1 FROM reuse_docs n JOIN reuse_docs o ON o.page = n.page"
                      " WHERE n.id >= ? AND o.id < ?)", (first, first)).fetchone()[0] == 1


def _classes_of_docs(db: sqlite3.Connection, docs: np.ndarray) -> np.ndarray:
    return np.asarray(sorted({c for (c,) in clusters.chunked(db, "SELECT DISTINCT class FROM reuse_members WHERE doc IN ({ids})",
                                                      docs.tolist())}), dtype=np.int64)
