"""Benchmark: the reuse build (``jianghua.reuse.build_reuse``) on ../shared/bench-corpus: full builds at
growing shares, updates adding 1% and 10% of the documents, and a synthetic corpus 4x the bench corpus.

Usage:  .venv/bin/python bench/bench_reuse.py full [--fractions 0.25 0.5 1] [--workers 2]
        .venv/bin/python bench/bench_reuse.py add [--fraction 1] [--shares 0.01 0.1] [--workers 2]
        .venv/bin/python bench/bench_reuse.py synthetic [--copies 4] [--workers 2]
        .venv/bin/python bench/bench_reuse.py full --db corpus.db          # an already ingested corpus
        .venv/bin/python bench/bench_reuse.py prepare [--fractions 0.5 1] [--copies 4]   # only the ingests, ahead
        .venv/bin/python bench/bench_reuse.py steps --db built.db   # a full build's last steps alone, peak RSS each
        .venv/bin/python bench/bench_reuse.py update --db corpus.db  # bring an index up to date (files ingested since)

Laws come in many dated versions of one law: a natural set of duplicates, and a corpus dense with
shared formulae. ``full``: for each fraction F the first F of each archive's files (sorted by path, so
a law's versions stay together) is ingested once into WORKDIR/reuse-F.db (kept: later runs reuse it,
``--no-reuse``), then the reuse index is built from scratch in a child process, timed, with the peak
RSS of that process and of its largest worker. ``add``: every tenth file of the fraction is held back
(spread over both archives and every law), the rest ingested and built; then every hundredth file (1%),
or all ten percent, are ingested into a copy and folded in: the update's seconds against the full
build of the whole fraction.
``synthetic``: the bench corpus ingested COPIES times under different folders, every copy but the first
with small edits (each of its files gets one line changed: a byte-identical file would be ingested once
only), then built from scratch: memory that does
not grow with the corpus. ``steps``: on a corpus whose reuse index is built, the steps of a full build
after the fold -- the duplicate candidates, the recluster of the whole passage graph, the settle of
every cluster -- each run alone in a child process, inside a transaction rolled back at the end, with
its seconds and the peak RSS it reached (sampled): where a full build's memory goes past the fold,
minutes instead of the hour a 4x build takes. ``update --db``: the update of a corpus whose index is
built and which has had files ingested since (``--no-reuse``): an add at any base, e.g. the whole
corpus plus edited copies of some of its files. Each run appends a JSON line to bench/results/reuse.jsonl with the machine's
load average (``uptime``) at its start and end: the machine is shared, and a loaded one runs slower.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from bench_ingest import CORPUS, append_result, machine, unpack  # noqa: E402


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def _files(workdir: Path, fraction: float) -> list[Path]:
    """The first ``fraction`` of each archive's files, sorted by path."""
    chosen: list[Path] = []
    for root in unpack(workdir):
        files = sorted(root.rglob("*.txt"))
        chosen.extend(files[: max(1, int(len(files) * fraction))])
    return chosen


def _link(files: list[Path], folder: Path, workdir: Path) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    for path in files:
        link = folder / path.relative_to(workdir)
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(path)
    return folder


def _remove(db: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)


def _ingest(db: Path, folder: Path, workers: int) -> dict:
    jianghua = str(Path(sys.executable).parent / "jianghua")
    started = time.perf_counter()
    proc = subprocess.run([jianghua, "ingest", str(folder), "--db", str(db), "--json", "--no-reuse", "--workers", str(workers)],
                          capture_output=True, text=True)
    if proc.returncode == 2:
        sys.exit(f"ingest of {folder} failed: {proc.stderr[-2000:]}")
    summary = json.loads(proc.stdout)
    return {"files": sum(summary["files"].values()), "documents": summary["documents"],
            "ingest_seconds": round(time.perf_counter() - started, 1)}


def _copy(source: Path, target: Path) -> None:
    import sqlite3

    _remove(target)
    conn = sqlite3.connect(source)
    out = sqlite3.connect(target)
    conn.backup(out)
    out.close()
    conn.close()


def worker(db: str, workers: int, rebuild: bool) -> None:
    """In the child: bring the reuse index of ``db`` up to date; print the build's counts, the seconds
    and the peak RSS of this process and of its largest worker."""
    from jianghua.corpus.store import Corpus
    from jianghua.reuse import build_reuse

    corpus = Corpus(db)
    size = corpus.db.execute("SELECT count(*), coalesce(sum(n_chars), 0) FROM documents").fetchone()
    stats = build_reuse(corpus, workers=workers, rebuild=rebuild)
    # the passage graph's largest component (nodes): a rule joining passages must not chain the laws'
    # stock formulae into one giant cluster
    largest = corpus.db.execute("SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM reuse_nodes GROUP BY comp)").fetchone()[0]
    corpus.close()
    stats.update(largest_component_nodes=int(largest))
    stats.update(characters=size[1],
                 peak_rss_mb=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
                 worker_peak_rss_mb=round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1))
    print(json.dumps(stats, ensure_ascii=False))


def measure(db: Path, workers: int, rebuild: bool) -> dict:
    """Run the build in a child process (its own peak RSS); wall and CPU seconds of it and its workers."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load = load_average()
    started = time.perf_counter()
    proc = subprocess.run(["nice", sys.executable, __file__, "--worker", str(db), "--workers", str(workers)]
                          + (["--rebuild"] if rebuild else []), capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        sys.exit(f"build_reuse failed on {db}:\n{proc.stderr[-3000:]}")
    stats = json.loads(proc.stdout.strip().splitlines()[-1])
    stats.pop("params")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"db": str(db), "workers": workers, "wall_seconds": round(wall, 1), "cpu_seconds": round(cpu, 1),
            **stats, "seconds_per_mchar": round(stats["seconds"] / max(1, stats["characters"]) * 1e6, 2),
            "load_before": load, "load_after": load_average(), "machine": machine(), "date": time.strftime("%Y-%m-%d")}


def _record(result: dict) -> None:
    append_result("reuse", result)
    shown = {k: v for k, v in result.items() if k not in ("machine", "steps")}
    print(json.dumps(shown, ensure_ascii=False), flush=True)
    print(f"  steps: {result.get('steps')}", flush=True)


def _fraction_db(workdir: Path, fraction: float, workers: int) -> tuple[Path, dict]:
    """The ingested corpus of the first ``fraction`` of each archive (ingested once, then kept)."""
    db = workdir / f"reuse-{fraction:g}.db"
    info: dict = {"ingested": "reused"}
    if not db.exists():
        partial = workdir / f"reuse-{fraction:g}.partial.db"
        _remove(partial)
        info = _ingest(partial, _link(_files(workdir, fraction), workdir / f"reuse-subset-{fraction:g}", workdir), workers)
        partial.rename(db)
        _remove(partial)
    return db, info


def full(args: argparse.Namespace) -> None:
    workdir = Path(args.workdir)
    runs: list[tuple[Path, float | None, dict]] = []
    if args.db:
        runs.append((Path(args.db), None, {"ingested": "given"}))
    else:
        for fraction in sorted(args.fractions):
            db, info = _fraction_db(workdir, fraction, args.workers)
            runs.append((db, fraction, info))
    for db, fraction, info in runs:
        _record({"benchmark": "reuse", "run": "full", "fraction": fraction, **measure(db, args.workers, rebuild=True),
                 "ingest": info})


def add(args: argparse.Namespace) -> None:
    """One base corpus without the largest share's files (every 1/share-th file held back), built; then
    for each share, a copy of it with that share's held-back files ingested and folded in."""
    workdir = Path(args.workdir)
    files = _files(workdir, args.fraction)
    largest = round(1 / max(args.shares))
    base_db = workdir / f"reuse-add-{args.fraction:g}-base.db"
    base_info: dict = {"ingested": "reused"}
    if not base_db.exists():
        partial = workdir / "reuse-add.partial.db"
        _remove(partial)
        base = [f for n, f in enumerate(files) if n % largest != largest - 1]
        base_info = _ingest(partial, _link(base, workdir / "reuse-add-base", workdir), args.workers)
        base_info["build"] = {k: v for k, v in measure(partial, args.workers, rebuild=True).items() if k != "machine"}
        partial.rename(base_db)
        _remove(partial)
    for share in sorted(args.shares):
        step = round(1 / share)
        held = [f for n, f in enumerate(files) if n % step == step - 1]
        db = workdir / f"reuse-add-{args.fraction:g}-{share:g}.db"
        _copy(base_db, db)
        info = _ingest(db, _link(held, workdir / "reuse-add-new", workdir), args.workers)
        result = measure(db, args.workers, rebuild=False)
        _record({"benchmark": "reuse", "run": "add", "fraction": args.fraction, "share": share, "new_files": len(held),
                 **result, "ingest": info, "base": base_info})


def update(args: argparse.Namespace) -> None:
    """The update of an already ingested corpus (its index built before the last ingest)."""
    if not args.db:
        sys.exit("update needs --db (a corpus with files ingested since its reuse index was built)")
    if not Path(args.db).is_file():
        sys.exit(f"update: {args.db}: no such corpus (an update measures a corpus already ingested; it creates none)")
    _record({"benchmark": "reuse", "run": "update", **measure(Path(args.db), args.workers, rebuild=False)})


def _synthetic_db(workdir: Path, copies: int, workers: int) -> tuple[Path, dict]:
    """The bench corpus COPIES times under different folders; copies after the first with small edits."""
    rng = random.Random(4)
    files = _files(workdir, 1.0)
    folder = workdir / f"synthetic-{copies}"
    if not (folder / ".done").exists():
        shutil.rmtree(folder, ignore_errors=True)
        for copy in range(copies):
            for path in files:
                target = folder / f"copy-{copy}" / path.relative_to(workdir)
                target.parent.mkdir(parents=True, exist_ok=True)
                if copy == 0:  # every later copy edited: a byte-identical file would be ingested once only
                    target.symlink_to(path)
                    continue
                lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
                at = rng.randrange(len(lines)) if lines else 0
                if lines:
                    lines[at] = lines[at].replace("的", "之", 1) + f"（第{copy}稿）"
                target.write_text("\n".join(lines) + "\n", encoding="utf-8")
        (folder / ".done").touch()
    db = workdir / f"reuse-synthetic-{copies}.db"
    info: dict = {"ingested": "reused"}
    if not db.exists():
        partial = workdir / "reuse-synthetic.partial.db"
        _remove(partial)
        info = _ingest(partial, folder, workers)
        partial.rename(db)
        _remove(partial)
    return db, info


def synthetic(args: argparse.Namespace) -> None:
    """The synthetic corpus (``_synthetic_db``) built from scratch."""
    db, info = _synthetic_db(Path(args.workdir), args.copies, args.workers)
    _record({"benchmark": "reuse", "run": "synthetic", "copies": args.copies, **measure(db, args.workers, rebuild=True),
             "ingest": info})


def prepare(args: argparse.Namespace) -> None:
    """Only the ingests of ``full`` (each fraction) and ``synthetic`` (when ``--copies`` is given), ahead of
    the builds: a long ingest can run while the machine is busy, and the builds be timed later."""
    workdir = Path(args.workdir)
    for fraction in sorted(args.fractions):
        db, info = _fraction_db(workdir, fraction, args.workers)
        print(json.dumps({"db": str(db), **info}), flush=True)
    if args.copies_given:
        db, info = _synthetic_db(workdir, args.copies, args.workers)
        print(json.dumps({"db": str(db), **info}), flush=True)


class _Sampler:
    """This process's RSS sampled every 20 ms: the peak since the last ``mark``."""

    def __init__(self) -> None:
        import threading

        self.peak = self.now()
        threading.Thread(target=self._run, daemon=True).start()

    @staticmethod
    def now() -> float:
        with open(f"/proc/{os.getpid()}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return 0.0

    def _run(self) -> None:
        while True:
            self.peak = max(self.peak, self.now())
            time.sleep(0.02)

    def mark(self) -> float:
        peak, self.peak = max(self.peak, self.now()), self.now()
        return round(peak, 1)


def step_peaks(db_path: str) -> dict:
    """A full build's steps after the fold on a built corpus, each measured, everything rolled back."""
    import sqlite3
    import tempfile

    import numpy as np
    from jianghua.reuse import clusters, duplicates, tables
    from jianghua.reuse.minhash import Signer
    from jianghua.reuse.params import resolve

    sampler = _Sampler()
    db = sqlite3.connect(db_path, isolation_level=None)
    params = resolve(None, tables.params_of(tables.meta(db)))
    steps: dict[str, dict] = {}
    counts: dict[str, int] = {}

    def step(name: str, wall: float, cpu: float) -> None:
        steps[name] = {"seconds": round(time.perf_counter() - wall, 1), "cpu_seconds": round(time.process_time() - cpu, 1),
                       "peak_rss_mb": sampler.mark(), "rss_after_mb": round(sampler.now(), 1)}

    db.execute("BEGIN")
    try:
        sampler.mark()
        wall, cpu = time.perf_counter(), time.process_time()
        touched = tables.array_of(db.execute("SELECT id FROM reuse_classes ORDER BY id"), 1)[:, 0]
        with tempfile.TemporaryDirectory(dir=Path(db_path).resolve().parent, prefix=".bench-steps-") as spill:
            found = duplicates.candidates(db, params, touched, 1, spill)
        counts["duplicate_candidates"] = len(found)
        del touched, found
        step("duplicate_candidates", wall, cpu)
        wall, cpu = time.perf_counter(), time.process_time()
        db.execute("DELETE FROM reuse_nodes")  # as in a full build: no nodes before
        graph = clusters.recluster(db, params, np.zeros(0, dtype=np.int64), 1, everything=True)
        counts["passage_nodes"] = int(db.execute("SELECT count(*) FROM reuse_nodes").fetchone()[0])
        step("recluster", wall, cpu)
        wall, cpu = time.perf_counter(), time.process_time()
        site_pages = {site: n for site, n in db.execute("SELECT site, count(*) FROM pages GROUP BY site")}
        counts.update(clusters.settle(db, params, Signer(params), graph, site_pages))
        del graph
        step("settle", wall, cpu)
    finally:
        db.rollback()
        db.close()
    return {"steps": steps, **counts, "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}


def steps_run(args: argparse.Namespace) -> None:
    if not args.db:
        sys.exit("steps needs --db (a corpus whose reuse index is built)")
    load = load_average()
    proc = subprocess.run(["nice", sys.executable, __file__, "--steps-worker", args.db], capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"the steps failed on {args.db}:\n{proc.stderr[-3000:]}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    append_result("reuse", {"benchmark": "reuse", "run": "steps", "db": args.db, **result, "load_before": load,
                            "load_after": load_average(), "machine": machine(), "date": time.strftime("%Y-%m-%d")})
    print(json.dumps(result, ensure_ascii=False), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run", nargs="?", choices=("full", "add", "synthetic", "prepare", "steps", "update"), default="full")
    parser.add_argument("--fractions", type=float, nargs="+", default=[0.25, 0.5, 1.0])
    parser.add_argument("--fraction", type=float, default=1.0)
    parser.add_argument("--shares", type=float, nargs="+", default=[0.01, 0.1])
    parser.add_argument("--copies", type=int, default=None)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--workdir", default="/tmp/jianghua-bench")
    parser.add_argument("--db", help="measure this already ingested corpus instead")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--rebuild", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--steps-worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.steps_worker:
        print(json.dumps(step_peaks(args.steps_worker)))
        return
    args.copies_given = args.copies is not None
    args.copies = args.copies or 4
    if args.worker:
        worker(args.worker, args.workers, args.rebuild)
        return
    if not CORPUS.exists():
        sys.exit(f"bench corpus not found at {CORPUS}")
    Path(args.workdir).mkdir(parents=True, exist_ok=True)
    {"full": full, "add": add, "synthetic": synthetic, "prepare": prepare, "steps": steps_run, "update": update}[args.run](args)


if __name__ == "__main__":
    main()
