"""Kill test: ``kill -9`` of ``jianghua ingest`` at random moments (while it ingests, while it builds the
reuse index, in a first run and in an incremental one), then the same command again: the corpus must
equal the one an uninterrupted run builds, and no worker process may outlive its killed parent.

Usage:  .venv/bin/python bench/bench_kill.py [--kills 20] [--seed 1] [--workers 2] [--inputs DIR ...] [--record]
        (default inputs: ../shared/seeds, ../shared/devset/pages, corpora/sample and 100 laws of the bench corpus)

1. reference: ``jianghua ingest INPUTS`` uninterrupted (timed: how long ingest and reuse take);
2. for each kill: a fresh database (even kills), or one holding the first half of the inputs already
   (odd kills: an incremental run); ``jianghua ingest INPUTS`` started and killed with SIGKILL (the main
   process only, as the out-of-memory killer or a lost terminal would) at a random moment before its
   reuse build (20-100% of the time the reference took to reach it: pass 1, workers loading, pages
   processed and written) -- or, for half of the kills, at a random moment of the first half of its
   reuse build (the database is watched for its ``reuse_state`` row saying ``building``); the killed
   database
   checked (``PRAGMA integrity_check``), its worker processes counted after 5 s, the command run again
   to the end;
3. the result compared with the same runs uninterrupted (the first-half run, then the whole, for an
   incremental kill): current ledger rows, documents (text, title, labels, rules), paragraphs, the
   reuse tables and ``documents.duplicate_of``; and ``jianghua verify`` must pass.
Prints one line per kill and a summary (``--json``: the summary as JSON); exits 1 if any kill broke.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
JIANGHUA = [sys.executable, "-m", "jianghua.interfaces.cli"]
REUSE_TABLES = {
    "doc_clusters": "SELECT cluster, doc_id, canonical, coverage, missing, extra, changes FROM doc_clusters",
    "passage_clusters": "SELECT size, n_docs, n_works, n_sites, n_pages, boilerplate_score, kind, representative, rep_doc,"
                        " rep_start, rep_end FROM passage_clusters",
    "passage_occurrences": 'SELECT doc_id, paragraph, start, "end", text FROM passage_occurrences',
    "substitutions": "SELECT a, b, count, duplicate_count, passage_count, n_docs FROM substitutions",
}


LAWS = SHARED / "bench-corpus" / "laws_zh_hans.tar.gz"
LAWS_EVERY = 35  # every 35th law of the archive: 100 laws, 1.7 MB, so the writer commits several times


def default_inputs(workdir: Path) -> list[Path]:
    """The seeds, the devset pages, the sample corpus and, when the bench corpus is there, 100 laws
    (written into ``workdir``): pages of every kind, and enough text for several commits."""
    inputs = [p for p in (SHARED / "seeds", SHARED / "devset" / "pages", ROOT / "corpora" / "sample") if p.exists()]
    if LAWS.exists():
        import tarfile

        laws = workdir / "laws"
        laws.mkdir(exist_ok=True)
        with tarfile.open(LAWS) as archive:
            members = [m for m in archive.getmembers() if m.isfile()]
            for member in members[::LAWS_EVERY]:
                (laws / Path(member.name).name).write_bytes(archive.extractfile(member).read())  # type: ignore[union-attr]
        inputs.append(laws)
    return inputs


def run(inputs: list[Path], db: Path, workers: int, *, background: bool = False) -> subprocess.Popen | subprocess.CompletedProcess:
    command = [*JIANGHUA, "ingest", *map(str, inputs), "--db", str(db), "--workers", str(workers), "--json"]
    if background:
        return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return subprocess.run(command, capture_output=True, text=True, timeout=3600)


def state(db: Path) -> dict[str, list[tuple]]:
    """What a corpus holds, independent of row ids: the things that must equal the reference."""
    conn = sqlite3.connect(db)
    try:
        digest = lambda text: hashlib.sha256((text or "").encode()).hexdigest()[:16]  # noqa: E731
        out: dict[str, list[tuple]] = {
            "ledger": conn.execute("SELECT path, sha256, status, code FROM files WHERE status != 'superseded'").fetchall(),
            "documents": [(uid, digest(text), title, genre, topic, digest(rules), duplicate_of) for uid, text, title, genre,
                          topic, rules, duplicate_of in conn.execute(
                              "SELECT uid, text, title, genre, topic, rules, duplicate_of FROM documents")],
            "paragraphs": conn.execute("SELECT d.uid, p.ordinal, p.start, p.\"end\", p.kind FROM paragraphs p"
                                       " JOIN documents d ON d.id = p.doc_id").fetchall(),
        }
        for table, query in REUSE_TABLES.items():
            out[table] = conn.execute(query).fetchall()
        return {name: sorted(rows, key=repr) for name, rows in out.items()}
    finally:
        conn.close()


def children(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (read from /proc)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry))
    return found


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def verify(db: Path) -> list[str]:
    out = subprocess.run([*JIANGHUA, "verify", "--db", str(db), "--json"], capture_output=True, text=True, timeout=600)
    try:
        return [f"{c['check']}: {c['detail']}" for c in json.loads(out.stdout)["checks"] if not c["ok"]]
    except (ValueError, KeyError):
        return [f"verify did not run: {out.stderr[-300:]}"]


def _peek(db: Path) -> tuple[int, str | None]:
    """(ledger rows written by the newest run, the reuse state row) of a database being written."""
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            written = conn.execute("SELECT count(*) FROM files WHERE run_id = (SELECT max(id) FROM runs)").fetchone()[0]
            row = conn.execute("SELECT value FROM meta WHERE key = 'reuse_state'").fetchone()
            return written, row[0] if row else None
        finally:
            conn.close()
    except sqlite3.Error:  # not created yet, or no tables yet
        return 0, None


def watch(process: subprocess.Popen, db: Path) -> dict[str, float]:
    """Seconds from the start of an uninterrupted run to its first ledger row, and how long it holds the
    ``building`` state (its reuse build), read by watching the database."""
    started = time.monotonic()
    first = building = built = None
    while process.poll() is None:
        written, reuse_state = _peek(db)
        now = time.monotonic() - started
        if first is None and written:
            first = now
        if building is None and (reuse_state or "").startswith("building"):
            building = now
        if building is not None and built is None and not (reuse_state or "").startswith("building"):
            built = now
        time.sleep(0.01)
    assert process.returncode in (0, 1) and first is not None and building is not None, process.returncode
    end = time.monotonic() - started
    return {"first_write": round(first, 2), "until_reuse": round(building, 2), "reuse": round((built or end) - building, 2),
            "total": round(end, 2)}


def kill_once(number: int, inputs: list[Path], half: list[Path], references: dict[bool, dict], timing: dict,
              workers: int, rng: random.Random, workdir: Path) -> dict:
    """One kill: wait until the run writes files (or builds the reuse index), then a random share of
    how long that phase takes, and SIGKILL the main process."""
    db = workdir / f"kill-{number}.db"
    incremental = number % 2 == 1
    if incremental:
        done = run(half, db, workers)
        assert done.returncode in (0, 1), done.stderr[-500:]
    in_reuse = number % 4 in (0, 3)  # kills 0-3: first run in reuse, incremental in ingest, first in ingest, incremental in reuse
    process = run(inputs, db, workers, background=True)
    if in_reuse:  # once the build has started, at a random moment of its first half
        deadline = time.monotonic() + 600
        while process.poll() is None and time.monotonic() < deadline:
            if (_peek(db)[1] or "").startswith("building"):
                break
            time.sleep(0.01)
        time.sleep(rng.uniform(0.0, 0.5 * timing["reuse"]))
    else:  # at a random moment between 20% and 100% of the time the reference took to reach its reuse build
        time.sleep(rng.uniform(0.2, 1.0) * timing["until_reuse"])
    workers_before = children(process.pid)
    _written, state_at_kill = _peek(db)
    finished_first = process.poll() is not None
    process.send_signal(signal.SIGKILL)
    process.wait()
    time.sleep(5)
    orphans = [pid for pid in workers_before if alive(pid)]
    conn = sqlite3.connect(db)
    integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    left = conn.execute("SELECT value FROM meta WHERE key = 'reuse_state'").fetchone() if integrity == "ok" else None
    conn.close()
    again = run(inputs, db, workers)
    after = state(db)
    reference = references[incremental]
    differ = sorted(name for name in reference if after.get(name) != reference[name])
    failed = verify(db)
    phase = ("finished" if finished_first else "reuse" if (state_at_kill or "").startswith("building")
             else "after reuse" if in_reuse else "ingest")
    return {"kill": number, "incremental": incremental, "phase": phase, "workers_seen": len(workers_before),
            "orphans": len(orphans), "integrity": integrity, "reuse_state_left": left[0].split()[0] if left else None,
            "rerun_exit": again.returncode, "differ": differ, "verify_failed": failed,
            "ok": not orphans and integrity == "ok" and not differ and not failed and again.returncode in (0, 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--inputs", nargs="*", type=Path, default=None)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--record", action="store_true", help="append the summary to bench/results/kill.jsonl")
    args = parser.parse_args(argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="jianghua-kill-"))
    workdir.mkdir(parents=True, exist_ok=True)
    inputs = args.inputs or default_inputs(workdir)
    files = sorted(p for folder in inputs for p in (folder.rglob("*") if folder.is_dir() else [folder]) if p.is_file())
    half = files[: len(files) // 2]
    started = time.perf_counter()
    reference_db = workdir / "reference.db"
    timing = {"files": len(files), **watch(run(inputs, reference_db, args.workers, background=True), reference_db)}
    # an incremental run is compared with the same two runs uninterrupted: which documents come first
    # decides ids, and with them ties in the reuse build (a duplicate cluster's canonical copy)
    incremental_db = workdir / "reference-incremental.db"
    assert run(half, incremental_db, args.workers).returncode in (0, 1)
    incremental_timing = watch(run(inputs, incremental_db, args.workers, background=True), incremental_db)
    timing["reuse"] = min(timing["reuse"], incremental_timing["reuse"])  # the shorter: on a shared machine one may drag
    references = {False: state(reference_db), True: state(incremental_db)}
    reference = references[False]
    assert not verify(reference_db) and not verify(incremental_db)
    rng = random.Random(args.seed)
    results = []
    for number in range(args.kills):
        result = kill_once(number, inputs, half, references, timing, args.workers, rng, workdir)
        results.append(result)
        if not args.json:
            print(json.dumps(result, ensure_ascii=False), flush=True)
    summary = {"inputs": [str(p) for p in inputs], "files": len(files), "documents": len(reference["documents"]),
               "workers": args.workers, "timing_s": {k: round(v, 2) for k, v in timing.items()}, "kills": len(results),
               "phases": {p: sum(r["phase"] == p for r in results) for p in ("ingest", "reuse", "after reuse", "finished")},
               "incremental": sum(r["incremental"] for r in results),
               "reuse_state_left": sum(r["reuse_state_left"] is not None for r in results),
               "orphans": sum(r["orphans"] for r in results), "workers_seen": sum(r["workers_seen"] for r in results),
               "integrity_ok": sum(r["integrity"] == "ok" for r in results),
               "equal_to_reference": sum(not r["differ"] for r in results),
               "verify_ok": sum(not r["verify_failed"] for r in results), "ok": sum(r["ok"] for r in results),
               "seconds": round(time.perf_counter() - started, 1)}
    print(json.dumps(summary if args.json else {"summary": summary}, ensure_ascii=False))
    if args.record:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from bench_ingest import append_result, machine

        append_result("kill", {**summary, "seed": args.seed, "machine": machine(), "load_average": os.getloadavg(),
                               "date": time.strftime("%Y-%m-%d")})
    return 0 if summary["ok"] == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
