"""Benchmark: ingest ../shared/bench-corpus (both archives) and record throughput and peak memory.

Usage:  .venv/bin/python bench/bench_ingest.py [--fraction 0.25] [--workers 1] [--workdir /tmp/jianghua-bench]
        .venv/bin/python bench/bench_ingest.py --fraction 0.25 --workers 1 2 --repeat 2   # interleaved pairs

Each run unpacks the archives once into the work folder, then runs ``jianghua ingest`` in a child
process over the first FRACTION of the files (sorted by path, both archives), and reports MB/s of
raw input, documents/s, the largest process's peak RSS, and the CPU seconds of the whole process
tree (``cores_busy``: CPU seconds per second of wall time). Results are appended to
bench/results/ingest.jsonl with the machine description. With several ``--workers`` values and
``--repeat``, the runs are interleaved (1, 2, 1, 2, ...), each in a fresh process, and the ratio of
each two-or-more-worker run to the one-worker run before it is printed: on a shared machine the speed
of a core drifts, and only neighbouring runs compare.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "bench-corpus"
ARCHIVES = ("laws_zh_hans.tar.gz", "laws_zh_hant_tw.tar.gz")


def unpack(workdir: Path) -> list[Path]:
    roots = []
    for name in ARCHIVES:
        target = workdir / name.split(".")[0]
        if not (target / ".unpacked").exists():
            shutil.rmtree(target, ignore_errors=True)
            target.mkdir(parents=True)
            with tarfile.open(CORPUS / name) as archive:
                archive.extractall(target, filter="data")
            (target / ".unpacked").touch()
        roots.append(target)
    return roots


def select(roots: list[Path], fraction: float, workdir: Path) -> tuple[Path, int, int]:
    files = sorted(p for root in roots for p in root.rglob("*.txt"))
    chosen = files[: max(1, int(len(files) * fraction))]
    subset = workdir / f"subset-{fraction:g}"
    shutil.rmtree(subset, ignore_errors=True)
    for path in chosen:
        link = subset / path.relative_to(workdir)
        link.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(path, link)
    return subset, len(chosen), sum(p.stat().st_size for p in chosen)


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (``share`` 0.95 for p95) of ``values``."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def append_result(name: str, result: dict[str, object]) -> None:
    """One JSON line in bench/results/NAME.jsonl."""
    with open(ROOT / "bench" / "results" / f"{name}.jsonl", "a", encoding="utf-8") as handle:
        handle.write(json.dumps(result, ensure_ascii=False) + "\n")


def machine() -> dict[str, object]:
    cpu = ""
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": round(mem, 1), "python": platform.python_version()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fraction", type=float, default=1.0)
    parser.add_argument("--workdir", default="/tmp/jianghua-bench")
    parser.add_argument("--workers", type=int, nargs="+", default=[1])
    parser.add_argument("--repeat", type=int, default=1, help="rounds of the --workers values, interleaved")
    parser.add_argument("--engine", choices=("local", "dask"), default="local")
    args = parser.parse_args()
    if not CORPUS.exists():
        sys.exit(f"bench corpus not found at {CORPUS}")
    if len(args.workers) == 1 and args.repeat == 1:
        run(args, args.workers[0])
        return
    results = []
    for _ in range(args.repeat):  # each run in a fresh process: peak RSS and CPU are per run
        for workers in args.workers:
            subprocess.run([sys.executable, __file__, "--fraction", str(args.fraction), "--workdir", args.workdir,
                            "--workers", str(workers), "--engine", args.engine], check=True, capture_output=True)
            lines = (ROOT / "bench" / "results" / "ingest.jsonl").read_text(encoding="utf-8").splitlines()
            results.append(json.loads(lines[-1]))
    single = None
    for result in results:
        line = f"workers {result['workers']}: {result['seconds']} s, {result['cpu_seconds']} CPU s, cores busy {result['cores_busy']}"
        if result["workers"] == 1:
            single = result
        elif single is not None:
            line += f"; {single['seconds'] / result['seconds']:.2f}x the one-worker run before it"
        print(line)


def run(args: argparse.Namespace, workers: int) -> None:
    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    subset, n_files, n_bytes = select(unpack(workdir), args.fraction, workdir)
    db = workdir / f"bench-{args.fraction:g}-w{workers}{'-dask' if args.engine == 'dask' else ''}.db"
    shards = workdir / f"shards-{args.fraction:g}-w{workers}"
    shutil.rmtree(shards, ignore_errors=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    jianghua = str(Path(sys.executable).parent / "jianghua")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run([jianghua, "ingest", str(subset), "--db", str(db), "--json", "--workers", str(workers), "--no-reuse",
                           "--engine", args.engine, "--shards", str(shards)], capture_output=True, text=True)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)  # the child and its workers
    peak_kib = after.ru_maxrss
    summary = json.loads(proc.stdout) if proc.stdout.strip().startswith("{") else {"stderr": proc.stderr[-2000:]}
    result = {
        "benchmark": "ingest", "fraction": args.fraction, "workers": workers, "engine": args.engine, "files": n_files, "mb": round(n_bytes / 1e6, 2),
        "seconds": round(seconds, 1), "mb_per_s": round(n_bytes / 1e6 / seconds, 3),
        "documents": summary.get("documents"), "docs_per_s": round((summary.get("documents") or 0) / seconds, 1),
        "peak_rss_mb": round(peak_kib / 1024, 1),  # the largest single process (writer or a worker)
        "cpu_seconds": round(cpu, 1), "cores_busy": round(cpu / seconds, 2),
        "db_mb": round(db.stat().st_size / 1e6, 1) if db.exists() else None,
        "ledger": summary.get("files"), "exit_code": proc.returncode, "machine": machine(),
        "date": time.strftime("%Y-%m-%d"),
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))
    append_result("ingest", result)


if __name__ == "__main__":
    main()
