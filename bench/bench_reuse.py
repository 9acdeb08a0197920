"""Benchmark: reuse detection (``jianghua.reuse.build_reuse``) on growing shares of ../shared/bench-corpus.

Usage:  .venv/bin/python bench/bench_reuse.py [--fractions 0.25 0.5 1] [--workdir /tmp/jianghua-bench]
        .venv/bin/python bench/bench_reuse.py --db corpus.db          # an already ingested corpus

Laws come in many dated versions of one law: a natural set of duplicates, and a corpus dense with
shared formulae. For each fraction F the first F of each archive's files (sorted by path, so the
versions of a law stay together and both archives keep their share) is ingested once into
WORKDIR/reuse-F.db (kept: later runs reuse it), then ``build_reuse`` runs in a child process, timed,
with the child's own peak RSS. One JSON line per fraction is appended to bench/results/reuse.jsonl;
the summary prints seconds per million characters, which stays flat when growth is linear.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from bench_ingest import CORPUS, append_result, machine, unpack  # noqa: E402


def select(roots: list[Path], fraction: float, workdir: Path) -> tuple[Path, int, int]:
    """The first ``fraction`` of each archive's files, linked into one folder."""
    subset = workdir / f"reuse-subset-{fraction:g}"
    shutil.rmtree(subset, ignore_errors=True)
    n_files = n_bytes = 0
    for root in roots:
        files = sorted(root.rglob("*.txt"))
        for path in files[: max(1, int(len(files) * fraction))]:
            link = subset / path.relative_to(workdir)
            link.parent.mkdir(parents=True, exist_ok=True)
            link.symlink_to(path)
            n_files += 1
            n_bytes += path.stat().st_size
    return subset, n_files, n_bytes


def ingest(fraction: float, workdir: Path) -> tuple[Path, dict]:
    db = workdir / f"reuse-{fraction:g}.db"
    if db.exists():
        return db, {"ingested": "reused"}
    subset, n_files, n_bytes = select(unpack(workdir), fraction, workdir)
    partial = db.with_suffix(".partial.db")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    jianghua = str(Path(sys.executable).parent / "jianghua")
    started = time.perf_counter()
    proc = subprocess.run([jianghua, "ingest", str(subset), "--db", str(partial), "--json"], capture_output=True, text=True)
    if proc.returncode == 2:
        sys.exit(f"ingest of {subset} failed: {proc.stderr[-2000:]}")
    partial.rename(db)
    for suffix in ("-wal", "-shm"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    return db, {"ingested": "now", "files": n_files, "mb": round(n_bytes / 1e6, 2),
                "ingest_seconds": round(time.perf_counter() - started, 1)}


def worker(db: str) -> None:
    """In the child: build the reuse tables of ``db`` and report the counts, time and own peak RSS."""
    from jianghua.reuse import build_reuse
    from jianghua.store import Corpus

    corpus = Corpus(db)
    size = corpus.db.execute("SELECT count(*), coalesce(sum(n_chars), 0) FROM documents").fetchone()
    stats = build_reuse(corpus)
    stats.update(characters=size[1], peak_rss_mb=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1))
    corpus.close()
    print(json.dumps(stats, ensure_ascii=False))


def measure(db: Path, fraction: float | None, ingest_info: dict) -> dict:
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, __file__, "--worker", str(db)], capture_output=True, text=True)
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        sys.exit(f"build_reuse failed on {db}:\n{proc.stderr[-3000:]}")
    stats = json.loads(proc.stdout.strip().splitlines()[-1])
    params = stats.pop("params")
    seconds = stats.pop("seconds")
    return {
        "benchmark": "reuse", "fraction": fraction, "db": str(db), "seconds": seconds, "wall_seconds": round(wall, 1),
        "seconds_per_mchar": round(seconds / max(1, stats["characters"]) * 1e6, 2), **stats,
        "params": params, "ingest": ingest_info, "machine": machine(), "date": time.strftime("%Y-%m-%d"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fractions", type=float, nargs="+", default=[0.25, 0.5, 1.0])
    parser.add_argument("--workdir", default="/tmp/jianghua-bench")
    parser.add_argument("--db", help="measure this already ingested corpus instead")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker)
        return
    runs: list[tuple[Path, float | None, dict]] = []
    if args.db:
        runs.append((Path(args.db), None, {"ingested": "given"}))
    else:
        if not CORPUS.exists():
            sys.exit(f"bench corpus not found at {CORPUS}")
        workdir = Path(args.workdir)
        workdir.mkdir(parents=True, exist_ok=True)
        for fraction in sorted(args.fractions):
            db, info = ingest(fraction, workdir)
            runs.append((db, fraction, info))
    results = []
    for db, fraction, info in runs:
        result = measure(db, fraction, info)
        results.append(result)
        append_result("reuse", result)
        print(json.dumps({k: v for k, v in result.items() if k not in ("params", "machine")}, ensure_ascii=False), flush=True)
    print(f"{'fraction':>8} {'documents':>9} {'Mchars':>7} {'seconds':>8} {'s/Mchar':>8} {'peak MB':>8} "
          f"{'compared':>9} {'aligned':>9} {'dup docs':>8} {'passages':>8}")
    for r in results:
        print(f"{r['fraction'] if r['fraction'] is not None else '-':>8} {r['documents']:>9} {r['characters'] / 1e6:>7.1f} "
              f"{r['seconds']:>8.1f} {r['seconds_per_mchar']:>8.2f} {r['peak_rss_mb']:>8.0f} {r['comparisons']:>9} "
              f"{r.get('alignments', 0):>9} {r['duplicate_documents']:>8} {r['passage_clusters']:>8}")


if __name__ == "__main__":
    main()
