"""Benchmark: the floor under one-core ingest -- the compiled calls alone, without the Python around them.

Usage:  .venv/bin/python bench/bench_floor.py [--mb 20] [--workdir /tmp/jianghua-bench]

Takes the same files as ``bench_stages.py --mb M`` (every k-th file of the bench corpus), runs the
pipeline over them once untimed while recording what each compiled library is handed, then times
those calls alone on one core, each over all the recorded inputs with nothing between them but a loop:
  hash      sha256 of each file (hashlib; the ledger's key)
  decode    bytes to str in the page's encoding (both passes of ingest decode; counted once)
  opencc    OpenCC t2s over every text normalize converts (C++; pass 1's keys and pass 2's lines)
  segment   rjieba's cut of every paragraph, with the project's user dictionary (Rust)
  write     SQLite replaying every statement the single writer executed, with the same parameters
            already built (ledger, pages, documents, sections, paragraphs, sentences, FTS5, savepoints,
            commits) into a fresh database
The sum is a bound no pure-Python orchestration of these stages can beat, however fast its own code:
what is left for everything written in Python (repair, cleaning, splitting, structure, classify,
extract, building rows) is the goal's time budget minus this floor. Results are appended to
bench/results/floor.jsonl.
"""

from __future__ import annotations

import hashlib
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_ingest import append_result, machine  # noqa: E402
from bench_stages import Writer, sample_arguments, sample_pages  # noqa: E402
from jianghua import errors  # noqa: E402
from jianghua.corpus.store import WRITER_CACHE_KIB, Corpus, page_rows  # noqa: E402
from jianghua.stages import normalize
from jianghua.stages.clean import site_line_keys  # noqa: E402
from jianghua.stages.runner import page_lines_for_learning, process_page  # noqa: E402
from jianghua.stages.segment import default_segmenter  # noqa: E402


class RecordingConverter:
    """Stands in for normalize's OpenCC converter: converts, and keeps what it was given."""

    def __init__(self, real: Any) -> None:
        self.real, self.inputs = real, []

    def convert(self, text: str) -> str:
        self.inputs.append(text)
        return self.real.convert(text)


class RecordingConnection:
    """Stands in for the writer's connection: executes, and keeps every statement with its parameters."""

    def __init__(self, real: sqlite3.Connection) -> None:
        self.real, self.log = real, []

    def execute(self, sql: str, params: Any = ()) -> sqlite3.Cursor:
        self.log.append(("one", sql, params))
        return self.real.execute(sql, params)

    def executemany(self, sql: str, rows: Any) -> sqlite3.Cursor:
        rows = list(rows)
        self.log.append(("many", sql, rows))
        return self.real.executemany(sql, rows)

    def commit(self) -> None:
        self.log.append(("commit", "", ()))
        self.real.commit()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


def record(pages: list[tuple[str, bytes]], workdir: str) -> dict[str, Any]:
    """Run learn, the stages and the writer over the pages once, recording each compiled call's input."""
    converter = RecordingConverter(normalize._t2s())
    original_t2s = normalize._t2s
    normalize._t2s = lambda: converter  # type: ignore[assignment]
    segmenter = default_segmenter()
    paragraphs: list[str] = []
    encodings: list[tuple[bytes, str]] = []
    documents = 0
    try:
        for _, data in pages:
            site_line_keys(page_lines_for_learning(data))
        corpus = Corpus(Path(workdir) / "record.db")
        corpus.db = RecordingConnection(corpus.db)  # type: ignore[assignment]
        writer = Writer(corpus)
        with corpus.batch():
            for path, data in pages:
                try:
                    page = process_page(data, path, "bench", segmenter=segmenter)
                except errors.Quarantine:
                    continue
                encodings.append((data, page.encoding or "utf-8"))
                documents += len(page.documents)
                for doc in page.documents:
                    paragraphs.extend(doc.text[p.start:p.end] for p in doc.paragraphs)
                writer.write(path, data, page, page_rows(page, fts=True))
        log = corpus.db.log  # type: ignore[attr-defined]
        corpus.db = corpus.db.real  # type: ignore[attr-defined]
        corpus.close()
    finally:
        normalize._t2s = original_t2s  # type: ignore[assignment]
    return {"opencc": converter.inputs, "paragraphs": paragraphs, "encodings": encodings, "sql": log,
            "documents": documents, "segmenter": segmenter}


def replay(log: list[tuple[str, str, Any]], path: Path) -> float:
    """Seconds SQLite takes to run the writer's recorded statements again, into a fresh database."""
    Corpus(path).close()  # the schema, as ingest creates it
    db = sqlite3.connect(path, isolation_level=None)  # statements are replayed as recorded, BEGIN included
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute(f"PRAGMA cache_size=-{WRITER_CACHE_KIB}")
    db.execute("PRAGMA foreign_keys=ON")
    started = time.perf_counter()
    for kind, sql, params in log:
        if kind == "many":
            db.executemany(sql, params)
        elif kind == "one":
            db.execute(sql, params).fetchall()
        elif db.in_transaction:
            db.execute("COMMIT")
    seconds = time.perf_counter() - started
    db.close()
    return seconds


def main() -> None:
    args = sample_arguments(__doc__.splitlines()[0], 20.0)
    pages = sample_pages(args.mb, args.workdir)
    n_bytes = sum(len(d) for _, d in pages)
    process_page(pages[0][1], pages[0][0], "bench")  # tables, models, spaCy: loaded before anything is recorded
    with tempfile.TemporaryDirectory() as tmp:
        recorded = record(pages, tmp)
        timings: dict[str, float] = {}
        started = time.perf_counter()
        for _, data in pages:
            hashlib.sha256(data).hexdigest()
        timings["hash"] = time.perf_counter() - started
        started = time.perf_counter()
        for data, encoding in recorded["encodings"]:
            data.decode(encoding)
        timings["decode"] = time.perf_counter() - started
        convert = normalize._t2s().convert
        started = time.perf_counter()
        for text in recorded["opencc"]:
            convert(text)
        timings["opencc"] = time.perf_counter() - started
        segmenter = recorded["segmenter"]
        started = time.perf_counter()
        for text in recorded["paragraphs"]:
            segmenter.cut(text)
        timings["segment"] = time.perf_counter() - started
        timings["write"] = replay(recorded["sql"], Path(tmp) / "replay.db")

    mb = n_bytes / 1e6
    total = sum(timings.values())
    rows = [{"call": name, "seconds": round(seconds, 3), "mb_per_s": round(mb / seconds, 2) if seconds else None}
            for name, seconds in timings.items()]
    result = {"benchmark": "floor", "files": len(pages), "mb": round(mb, 2), "documents": recorded["documents"],
              "opencc_chars": sum(map(len, recorded["opencc"])), "paragraphs": len(recorded["paragraphs"]),
              "statements": len(recorded["sql"]), "seconds": round(total, 2), "mb_per_s": round(mb / total, 3),
              "calls": rows, "machine": machine(), "date": time.strftime("%Y-%m-%d")}
    print(f"{len(pages)} files, {mb:.2f} MB, {recorded['documents']} documents, one core: the compiled calls alone")
    print(f"{'call':<8} {'seconds':>8} {'MB/s':>8}")
    for row in rows:
        print(f"{row['call']:<8} {row['seconds']:>8.2f} {row['mb_per_s'] or 0:>8.2f}")
    print(f"{'floor':<8} {total:>8.2f} {mb / total:>8.2f}")
    budget = mb / 3.0
    print(f"at 3 MB/s the whole pipeline has {budget:.2f} s: {budget - total:.2f} s ({(budget - total) / budget:.0%}) "
          "would be left for every stage written in Python")
    if not args.no_save:
        append_result("floor", result)


if __name__ == "__main__":
    main()
