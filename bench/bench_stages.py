"""Benchmark: seconds, MB/s and documents/s of every ingest stage, in one process.

Usage:  .venv/bin/python bench/bench_stages.py [--mb 10] [--workdir /tmp/jianghua-bench]

Takes every k-th file of the bench corpus (both archives, sorted by path) until about MB megabytes of
raw input are chosen, reads them into memory, then times on one core:
  learn    pass 1 of ingest (decode and repair each page, the key of each short line, as
           ``ingest._learning_keys`` does, for site-wide furniture lines),
  decode ... extract   each per-page and per-document stage (``stages.process_page(timings=...)``),
  rows     the page as plain rows with each paragraph's FTS form (in the worker, ``page_rows``),
  write    the single writer: ledger row, page, documents, paragraphs, FTS and sentence rows, each
           file a savepoint, a commit every 2 s (as ``ingest`` does), into a fresh database (its
           child tables' indexes made at the end, as a first ingest makes them; counted here).
A warm-up page first loads what each process loads once (dictionaries, tables, the classifier,
spaCy), reported apart; then the garbage collector is set as an ingest worker sets it
(``ingest.collect_rarely``). With ``--cpu`` every figure is CPU seconds of this process (time.process_time)
instead of wall seconds: on a loaded machine the wall clock counts the other processes' turns too. MB/s of a stage is the raw input divided by that stage's seconds (what the stage alone could sustain);
the end-to-end line is the sum. Results are appended to bench/results/stages.jsonl.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_ingest import CORPUS, append_result, machine, unpack  # noqa: E402
from jianghua import errors  # noqa: E402
from jianghua.corpus.store import Corpus, page_rows  # noqa: E402
from jianghua.document import Page  # noqa: E402
from jianghua.engines.ingest import COMMIT_SECONDS, collect_rarely  # noqa: E402
from jianghua.stages.clean import site_line_keys  # noqa: E402
from jianghua.stages.runner import (  # noqa: E402
    DOC_STAGES,
    PAGE_STAGES,
    REGISTRY,
    Stage,
    page_lines_for_learning,
    process_page,
)
from jianghua.stages.segment import default_segmenter  # noqa: E402


def choose(roots: list[Path], budget: int) -> list[Path]:
    files = sorted(p for root in roots for p in root.rglob("*.txt"))
    total = sum(p.stat().st_size for p in files)
    stride = max(1, int(total / budget))
    chosen, size = [], 0
    for path in files[::stride]:
        chosen.append(path)
        size += path.stat().st_size
        if size >= budget:
            break
    return chosen


def sample_arguments(description: str, default_mb: float, cpu: bool = False) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--mb", type=float, default=default_mb, help=f"raw megabytes to sample (default {default_mb:g})")
    parser.add_argument("--workdir", default="/tmp/jianghua-bench")
    parser.add_argument("--no-save", action="store_true", help="print only, do not append to results")
    if cpu:
        parser.add_argument("--cpu", action="store_true", help="CPU seconds of this process instead of wall seconds")
    return parser.parse_args()


def sample_pages(mb: float, workdir: str) -> list[tuple[str, bytes]]:
    """(path, bytes) of the files ``choose`` takes for about MB megabytes, each distinct content once
    (the same bytes twice would be a duplicate, not processed again)."""
    if not CORPUS.exists():
        sys.exit(f"bench corpus not found at {CORPUS}")
    pages, seen = [], set()
    for path in choose(unpack(Path(workdir)), int(mb * 1e6)):
        data = path.read_bytes()
        if data not in seen:
            seen.add(data)
            pages.append((str(path), data))
    return pages


def time_stages_in_cpu(timings: dict[str, float]) -> None:
    """Each registered stage timed into ``timings`` in CPU seconds (``process_page`` times them in wall
    seconds when given ``timings``): the registry's entries wrapped, in this process only."""
    for name in (*PAGE_STAGES, *DOC_STAGES):
        stage = REGISTRY[name]

        def timed(unit: Any, ctx: Any, func=stage.func, name: str = name) -> None:
            started = time.process_time()
            try:
                func(unit, ctx)
            finally:
                timings[name] = timings.get(name, 0.0) + time.process_time() - started

        REGISTRY[name] = Stage(stage.name, timed, stage.requires, stage.assigns, stage.version)


class Writer:
    """The single writer as ``ingest`` runs it: a savepoint per file, a commit every COMMIT_SECONDS."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus, self.committed = corpus, time.perf_counter()

    def write(self, path: str, data: bytes, page: Page, rows: dict[str, Any]) -> None:
        with self.corpus.transaction() as conn:
            file_id = self.corpus.add_file(conn, path=path, sha256=page.sha256, size=len(data), status="ingested",
                                           code=page.code, message="", encoding=page.encoding, site="bench", run_id=None)
            self.corpus.add_rows(conn, file_id, rows)
        if time.perf_counter() - self.committed > COMMIT_SECONDS:
            self.corpus.checkpoint()
            self.committed = time.perf_counter()


def main() -> None:
    args = sample_arguments(__doc__.splitlines()[0], 10.0, cpu=True)
    clock = time.process_time if args.cpu else time.perf_counter
    pages = sample_pages(args.mb, args.workdir)
    n_bytes = sum(len(d) for _, d in pages)
    started = clock()
    default_segmenter()
    process_page(pages[0][1], pages[0][0], "bench")  # tables, models, spaCy: once per worker process
    warm_up = clock() - started
    collect_rarely()  # the garbage collector as an ingest worker runs it
    timings: dict[str, float] = {}
    if args.cpu:
        time_stages_in_cpu(timings)

    started = clock()
    for _, data in pages:
        site_line_keys(page_lines_for_learning(data))
    timings["learn"] = clock() - started

    documents = 0
    timings["rows"] = timings["write"] = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Corpus(Path(tmp) / "stages.db")
        writer = Writer(corpus)
        with corpus.batch(defer_indexes=True):  # a new corpus, as an ingest's first run into it
            for path, data in pages:  # page by page, as a worker and the writer do: nothing piles up
                try:
                    page = process_page(data, path, "bench", timings=None if args.cpu else timings)
                except errors.Quarantine:
                    continue
                documents += len(page.documents)
                started = clock()
                page_table = page_rows(page, fts=True)
                timings["rows"] += clock() - started
                started = clock()
                writer.write(path, data, page, page_table)
                timings["write"] += clock() - started
            started = clock()  # the last commit and the indexes made after the rows: the writer's too
        timings["write"] += clock() - started
        corpus.close()

    order = ["learn", *PAGE_STAGES, *DOC_STAGES, "rows", "write"]
    total = sum(timings[name] for name in order)
    mb = n_bytes / 1e6
    rows = [{"stage": name, "seconds": round(timings[name], 3), "share": round(timings[name] / total, 3),
             "mb_per_s": round(mb / timings[name], 2) if timings[name] else None,
             "docs_per_s": round(documents / timings[name], 1) if timings[name] else None} for name in order]
    result = {"benchmark": "stages", "files": len(pages), "mb": round(mb, 2), "documents": documents,
              "seconds": round(total, 2), "mb_per_s": round(mb / total, 3), "docs_per_s": round(documents / total, 1),
              "warm_up_seconds": round(warm_up, 2), "stages": rows, "clock": "cpu" if args.cpu else "wall",
              "load_average": round(os.getloadavg()[0], 2), "machine": machine(), "date": time.strftime("%Y-%m-%d")}
    print(f"{len(pages)} files, {mb:.2f} MB, {documents} documents, one core, {result['clock']} seconds "
          f"(load average {result['load_average']}); warm-up {warm_up:.2f} s (once per process, not counted)")
    print(f"{'stage':<10} {'seconds':>8} {'share':>6} {'MB/s':>8} {'docs/s':>8}")
    for row in rows:
        print(f"{row['stage']:<10} {row['seconds']:>8.2f} {row['share']:>6.1%} {row['mb_per_s'] or 0:>8.2f} {row['docs_per_s'] or 0:>8.1f}")
    print(f"{'total':<10} {total:>8.2f} {'':>6} {mb / total:>8.2f} {documents / total:>8.1f}")
    if not args.no_save:
        append_result("stages", result)


if __name__ == "__main__":
    main()
