"""The Dask engine: the same per-page stages over partitions of input files on a Dask cluster, writing
Parquet shards that ``load`` turns into the SQLite corpus.

1. list the input files (as ``ingest``), numbered in input order, and cut them into partitions;
2. pass 1 on the cluster: each file's candidate furniture keys, counted per site with a tree reduction
   (``Bag.frequencies``), learned into each site's recurring lines (the same rule as ``clean``);
3. pass 2 on the cluster: each partition runs ``stages.process_page`` on its files and writes one
   Parquet shard per table (``ledger``, ``pages``, ``documents``, ``sections``, ``paragraphs``,
   ``sentences``, ``removed``) named ``part-NNNNN.<table>.parquet``; every input file has exactly one
   ledger row, with its status;
4. ``load`` reads the shards partition by partition in input order and writes them with the same
   store code as ``ingest`` (one transaction per file), settling duplicates (same bytes) across
   partitions, so the corpus equals the one a plain ``ingest`` builds.
No stage has a second implementation: workers call ``process_page`` and ``store.page_rows``.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from . import errors
from .clean import SITE_MIN_PAGES, select_site_lines
from .errors import JianghuaError
from .ingest import DEFAULT_MAX_BYTES, InputFile, Summary, _learning_keys, ledger_entry, list_inputs
from .stages import process_page
from .store import Corpus, page_rows

TABLES = ("ledger", "pages", "documents", "sections", "paragraphs", "sentences", "removed")
# Files per partition: big enough to amortize task overhead, small enough to keep memory per task low.
DEFAULT_PARTITION_FILES = 200


def _require_dask() -> None:
    try:
        import dask.bag  # noqa: F401
        import dask.distributed  # noqa: F401
    except ImportError as exc:
        raise JianghuaError("S800", "the Dask engine needs Dask: pip install 'jianghua[dask]'") from exc


def _client(scheduler: str | None, workers: int):
    from dask.distributed import Client, LocalCluster

    if scheduler:
        return Client(scheduler)
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
    return Client(cluster)


def _learn(bag, inputs: list[InputFile], max_bytes: int) -> dict[str, frozenset[str]]:
    pages_per_site = Counter(item.site for item in inputs)
    eligible = {site for site, n in pages_per_site.items() if n >= SITE_MIN_PAGES}
    if not eligible:
        return {}
    pairs = (bag.filter(lambda task: task[2] in eligible)
             .map(lambda task: [(task[2], key) for key in _learning_keys(task[1], max_bytes)])
             .flatten())
    counts: dict[str, Counter[str]] = {site: Counter() for site in eligible}
    for (site, key), n in pairs.frequencies().compute():
        counts[site][key] = n
    return {site: select_site_lines(counter, pages_per_site[site]) for site, counter in counts.items()}


def _process_partition(tasks: list[tuple[int, str, str]], out_dir: str, site_lines: dict[str, frozenset[str]],
                       max_bytes: int) -> list[dict[str, Any]]:
    """Pass 2 for one partition: run the stages, write the shards, return the ledger rows."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    tables: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    for order, path, site in tasks:
        row: dict[str, Any] = {"order": order, "path": path, "site": site, "sha256": "", "size": 0, "encoding": None}
        try:
            size = os.path.getsize(path)
            row["size"] = size
            if size > max_bytes:
                digest = hashlib.sha256()
                with open(path, "rb") as handle:
                    for block in iter(lambda: handle.read(1 << 20), b""):
                        digest.update(block)
                row.update(sha256=digest.hexdigest(), code=errors.TOO_LARGE.code,
                           message=errors.TOO_LARGE.message(bytes=size, cap=max_bytes))
            else:
                with open(path, "rb") as handle:
                    data = handle.read()
                row["sha256"] = hashlib.sha256(data).hexdigest()
                try:
                    page = process_page(data, path, site, site_lines.get(site, frozenset()))
                except errors.Quarantine as exc:
                    row.update(code=exc.code.code, message=str(exc))
                else:
                    row.update(ledger_entry(page))
                    rows = page_rows(page)
                    tables["pages"].append({"path": path, **rows["page"]})
                    for name in ("removed", "documents", "sections", "paragraphs", "sentences"):
                        tables[name].extend({"path": path, **r} for r in rows[name])
        except OSError as exc:
            row.update(code=errors.UNREADABLE.code, message=errors.UNREADABLE.message(reason=exc.strerror or str(exc)))
        except Exception as exc:  # one bad file must not stop the run: it gets an error row
            where = traceback.extract_tb(exc.__traceback__)[-1]
            row.update(code=errors.INTERNAL.code, message=errors.INTERNAL.message(
                error=f"{type(exc).__name__}: {exc}", at=f"{Path(where.filename).name}:{where.lineno}"))
        row["status"] = errors.ALL_CODES[row["code"]].status.value
        tables["ledger"].append(row)
    first = tasks[0][0] if tasks else 0
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    for name, rows_of_table in tables.items():
        target = Path(out_dir) / f"part-{first:09d}.{name}.parquet"
        table = pa.Table.from_pylist(rows_of_table) if rows_of_table else pa.table({"path": pa.array([], pa.string())})
        pq.write_table(table, target)
    return tables["ledger"]


def ingest_dask(paths: Iterable[str | Path], out_dir: str | Path, *, scheduler: str | None = None, workers: int = 2,
                max_bytes: int = DEFAULT_MAX_BYTES, partition_files: int = DEFAULT_PARTITION_FILES) -> dict[str, Any]:
    """Run the per-page stages on a Dask cluster (``scheduler`` address, or a LocalCluster of ``workers``)
    and write Parquet shards to ``out_dir``. Input and output paths must be readable/writable by every
    worker (a shared file system when the cluster spans machines)."""
    _require_dask()
    import dask.bag as db

    started = time.perf_counter()
    out = Path(out_dir)
    if out.exists() and any(out.glob("part-*.parquet")):
        raise JianghuaError("S801", f"{out} already holds shards; give an empty folder (or remove them)")
    inputs = list_inputs(paths)
    tasks = [(order, item.path, item.site) for order, item in enumerate(inputs)]
    n_partitions = max(1, -(-len(tasks) // partition_files))
    client = _client(scheduler, workers)
    try:
        bag = db.from_sequence(tasks, npartitions=n_partitions)
        site_lines = _learn(bag, inputs, max_bytes)
        scattered = client.scatter(site_lines, broadcast=True) if site_lines else {}
        ledger_bag = bag.map_partitions(_process_partition, str(out), scattered, max_bytes)
        ledger = ledger_bag.compute()
    finally:
        client.close()
    statuses = Counter(row["status"] for row in ledger)
    manifest = {"files": len(inputs), "partitions": n_partitions, "statuses": dict(statuses),
                "learned_sites": {site: len(lines) for site, lines in site_lines.items()},
                "seconds": round(time.perf_counter() - started, 3), "max_bytes": max_bytes}
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    return manifest


def load(shards: str | Path, corpus: Corpus, progress: Callable[[str, int], None] | None = None) -> Summary:
    """Build (or extend) a SQLite corpus from Parquet shards written by ``ingest_dask``."""
    import pyarrow.parquet as pq

    started = time.perf_counter()
    folder = Path(shards)
    parts = sorted({p.name.split(".")[0] for p in folder.glob("part-*.ledger.parquet")})
    if not parts:
        raise JianghuaError("S802", f"no shards (part-*.ledger.parquet) in {folder}")
    summary = Summary()
    run_id = corpus.start_run({"load": str(folder)})
    for part in parts:
        tables = {name: pq.read_table(folder / f"{part}.{name}.parquet").to_pylist() for name in TABLES}
        by_path: dict[str, dict[str, list[dict[str, Any]]]] = {}
        for name in TABLES[1:]:
            for row in tables[name]:
                by_path.setdefault(row["path"], {n: [] for n in TABLES[1:]})[name].append(row)
        for row in sorted(tables["ledger"], key=lambda r: r["order"]):
            _load_file(corpus, row, by_path.get(row["path"]), summary, run_id)
            if progress:
                progress(row["path"], 1)
    summary.seconds = time.perf_counter() - started
    corpus.finish_run(run_id, summary.as_dict())
    return summary


def _load_file(corpus: Corpus, row: dict[str, Any], rows: dict[str, list[dict[str, Any]]] | None, summary: Summary,
               run_id: int) -> None:
    path, sha, size = row["path"], row["sha256"], row["size"]
    known = corpus.known_file(path, sha)
    if known is not None:
        summary.unchanged += 1
        summary.unchanged_status[known["status"]] += 1
        return
    code = errors.ALL_CODES[row["code"]]
    message, duplicate_of = row["message"], None
    if code.status is errors.Status.INGESTED:
        original = corpus.file_with_bytes(sha)
        if original is not None:
            code, message, duplicate_of = errors.DUPLICATE_BYTES, errors.DUPLICATE_BYTES.message(same_as=original["path"]), original["id"]
    with corpus.transaction() as conn:
        file_id = corpus.add_file(conn, path=path, sha256=sha, size=size, status=code.status.value, code=code.code,
                                  message=message, encoding=row.get("encoding") if code.status is errors.Status.INGESTED else None,
                                  site=row["site"], duplicate_of=duplicate_of, run_id=run_id)
        if code.status is errors.Status.INGESTED and rows is not None:
            page = rows["pages"][0]
            corpus.add_rows(conn, file_id, {
                "page": page, "removed": rows["removed"], "documents": rows["documents"], "sections": rows["sections"],
                "paragraphs": rows["paragraphs"], "sentences": rows["sentences"]})
            summary.documents += len(rows["documents"])
            summary.characters += sum(d["n_chars"] for d in rows["documents"])
    summary.files[code.status.value] += 1
    summary.codes[code.code] += 1
    if code.status is not errors.Status.INGESTED:
        summary.problems.append({"path": path, "status": code.status.value, "code": code.code, "message": message})
