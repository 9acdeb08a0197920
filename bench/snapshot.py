"""Snapshot: a digest of every table a corpus holds, to show a change keeps the output identical.

Usage:  .venv/bin/python bench/snapshot.py make OUT.json [--bench-mb 10] [--workdir /tmp/jianghua-snapshot]
        .venv/bin/python bench/snapshot.py digest DB            # one database's digest as JSON
        .venv/bin/python bench/snapshot.py compare A.json B.json

``make`` ingests three inputs, each into a fresh database with one worker (so row ids are the same from
run to run): the seed pages, every devset page, and about MB megabytes of the bench corpus (the same
every-k-th-file sample ``bench_stages.py`` takes). It writes, per input and per table, the number of rows and
a SHA-256 over the rows in row order. ``compare`` prints the tables that differ and exits 1 when any does
(``make --keep`` keeps the databases, to look at the rows that differ).

What is left out, because it changes from run to run and says nothing about the output: the ``runs`` table,
``files.ingested_at`` and ``files.run_id``, ``meta.created``, ``reuse_meta.last_run`` (timings, peak memory),
the FTS index's own shadow tables (the paragraphs they index are compared). Folder prefixes of the inputs are
replaced by a placeholder, and floats are rounded to 9 significant digits.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_ingest import unpack  # noqa: E402
from bench_stages import choose  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SKIP_TABLES = {"runs"}
SKIP_COLUMNS = {("files", "ingested_at"), ("files", "run_id")}
SKIP_KEYS = {("meta", "created"), ("reuse_meta", "last_run")}


def _canonical(value: Any, prefixes: list[tuple[str, str]]) -> Any:
    if isinstance(value, float):
        return float(f"{value:.9g}")
    if isinstance(value, str):
        for prefix, placeholder in prefixes:
            value = value.replace(prefix, placeholder)
    if isinstance(value, bytes):
        return value.hex()
    return value


def digest(db: Path, prefixes: list[tuple[str, str]] | None = None) -> dict[str, Any]:
    """{table: {"rows": n, "sha256": hex}} over every table but FTS shadow tables and SKIP_TABLES."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    tables = [name for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    virtual = {name for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'")}
    shadows = {name for name in tables for v in virtual if name.startswith(v + "_")}
    out: dict[str, Any] = {}
    for table in tables:
        if table in SKIP_TABLES or table in virtual or table in shadows:
            continue
        columns = [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')
                   if (table, row[1]) not in SKIP_COLUMNS]
        select = ", ".join(f'"{c}"' for c in columns)
        order = "rowid" if _has_rowid(conn, table) else select
        sha, n = hashlib.sha256(), 0
        for row in conn.execute(f'SELECT {select} FROM "{table}" ORDER BY {order}'):
            if columns[0] == "key" and (table, row[0]) in SKIP_KEYS:
                continue
            values = [_canonical(v, prefixes or []) for v in row]
            line = json.dumps(values, ensure_ascii=False)
            sha.update(line.encode() + b"\n")
            n += 1
        out[table] = {"rows": n, "sha256": sha.hexdigest()}
    conn.close()
    return out


def _has_rowid(conn: sqlite3.Connection, table: str) -> bool:
    try:
        conn.execute(f'SELECT rowid FROM "{table}" LIMIT 1')
        return True
    except sqlite3.OperationalError:
        return False


def _ingest(paths: list[Path], db: Path) -> None:
    jianghua = str(ROOT / ".venv" / "bin" / "jianghua")
    db.unlink(missing_ok=True)
    result = subprocess.run([jianghua, "ingest", *map(str, paths), "--db", str(db), "--workers", "1", "--json"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if result.returncode not in (0, 1):
        sys.exit(f"ingest into {db} failed ({result.returncode}): {result.stderr[-2000:]}")


def make(out: Path, bench_mb: float, workdir: Path, keep: bool) -> None:
    workdir.mkdir(parents=True, exist_ok=True)
    bench_work = Path("/tmp/jianghua-bench")
    sample = workdir / "bench-sample"
    shutil.rmtree(sample, ignore_errors=True)
    for path in choose(unpack(bench_work), int(bench_mb * 1e6)):
        link = sample / path.relative_to(bench_work)
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(path)
    inputs = {"seeds": [SHARED / "seeds"], "devset": [SHARED / "devset" / "pages"], "bench": [sample]}
    prefixes = [(str(SHARED.resolve()), "<shared>"), (str(SHARED), "<shared>"),
                (str(bench_work), "<bench>"), (str(sample), "<sample>")]
    snapshot: dict[str, Any] = {"bench_mb": bench_mb}
    for name, paths in inputs.items():
        db = workdir / f"{name}.db"
        print(f"ingesting {name} ...", file=sys.stderr)
        _ingest(paths, db)
        snapshot[name] = digest(db, prefixes)
        if not keep:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
    out.write_text(json.dumps(snapshot, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"snapshot written to {out}", file=sys.stderr)


def compare(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    differing = []
    for corpus in sorted(set(a) | set(b)):
        if corpus == "bench_mb":
            continue
        ta, tb = a.get(corpus, {}), b.get(corpus, {})
        for table in sorted(set(ta) | set(tb)):
            if ta.get(table, {}).get("sha256") != tb.get(table, {}).get("sha256"):
                differing.append(f"{corpus}.{table}: rows {ta.get(table, {}).get('rows')} -> "
                                 f"{tb.get(table, {}).get('rows')}")
    return differing


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p_make = sub.add_parser("make", help="ingest seeds, devset and a bench sample; write their digests")
    p_make.add_argument("out", type=Path)
    p_make.add_argument("--bench-mb", type=float, default=10.0)
    p_make.add_argument("--workdir", type=Path, default=Path("/tmp/jianghua-snapshot"))
    p_make.add_argument("--keep", action="store_true", help="keep the databases in the work folder")
    p_digest = sub.add_parser("digest", help="print one database's digest")
    p_digest.add_argument("db", type=Path)
    p_compare = sub.add_parser("compare", help="list the tables whose digests differ (exit 1 if any)")
    p_compare.add_argument("a", type=Path)
    p_compare.add_argument("b", type=Path)
    args = parser.parse_args()
    if args.command == "make":
        make(args.out, args.bench_mb, args.workdir, args.keep)
    elif args.command == "digest":
        print(json.dumps(digest(args.db), indent=1))
    else:
        differing = compare(json.loads(args.a.read_text()), json.loads(args.b.read_text()))
        print("\n".join(differing) if differing else "identical")
        sys.exit(1 if differing else 0)


if __name__ == "__main__":
    main()
