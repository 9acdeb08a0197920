"""The Dask engine: the same per-page stages over partitions of input files on a Dask cluster, writing
Parquet shards that ``load`` turns into the SQLite corpus.

1. list the input files (as ``ingest``), numbered in input order, and cut them into partitions;
2. pass 1 on the cluster: each file's candidate furniture keys, counted per site with a tree reduction
   (``Bag.frequencies``), learned into each site's recurring lines (the same rule as ``clean``);
3. pass 2 on the cluster: each partition runs the stages on its files (``ingest.file_rows``, as the local
   engine: a long file part by part) and writes one
   Parquet shard per table (``ledger``, ``pages``, ``documents``, ``sections``, ``paragraphs``,
   ``sentences``, ``removed``, ``rule_rows``) named ``part-NNNNN.<table>.parquet``; every input file has exactly one
   ledger row, with its status;
4. ``load`` reads the shards partition by partition in input order and writes them with the same
   store code as ``ingest`` (each file a savepoint, a commit per partition), settling duplicates (same bytes) across
   partitions, so the corpus equals the one a plain ``ingest`` builds;
5. reuse candidates on the cluster (``reuse_candidates``): MinHash band keys per partition, shuffled
   by bucket to reducers that pair neighbours, written beside the shards for ``build_reuse``;
6. the reuse build's units, alignments and duplicate checks on the cluster too (``DaskEngine``: the
   same worker functions as the local pool's, reading the corpus from a shared file system).
No stage has a second implementation: workers call ``ingest.file_rows`` (``process_parts``, ``store.page_rows``) and the
reuse steps' worker functions.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

from .. import errors
from ..corpus.ledger import path_text
from ..corpus.store import ROW_COLUMNS, Corpus, row_dicts, row_tuples
from ..stages.clean import select_site_lines
from ..stages.runner import process_parts
from ..stages.settings import Settings, default_settings
from .ingest import (
    DEFAULT_MAX_BYTES,
    InputFile,
    NotRegular,
    Summary,
    _learning_keys,
    file_rows,
    file_sha256,
    list_inputs,
    read_regular,
    settled,
)

SHARD_FORMAT = 1  # manifest.json "format": what load and read_candidates expect
TABLES = ("ledger", "pages", "documents", "sections", "paragraphs", "sentences", "removed", "rule_rows")
PART_TABLES = TABLES[2:]  # the tables each part of a file adds rows to
# columns a shard may lack: the FTS form (the loading writer computes it), a removed line's score (older shards)
_SHARD_OPTIONAL = frozenset({"fts", "score"})
# Files per partition: big enough to amortize task overhead, small enough to keep memory per task low.
DEFAULT_PARTITION_FILES = 200


def _require_dask() -> None:
    try:
        import dask.bag  # noqa: F401
        import dask.distributed  # noqa: F401
    except ImportError as exc:
        raise errors.S800.error() from exc


def client(scheduler: str | None, workers: int):
    """A client of the cluster at ``scheduler``, or of a LocalCluster of ``workers`` processes."""
    _require_dask()
    from dask.distributed import Client, LocalCluster

    if scheduler:
        return Client(scheduler)
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
    return Client(cluster)


class DaskEngine:
    """Runs the reuse build's worker tasks on a Dask cluster (``build_reuse(engine=...)``): ``map``
    submits at most ``in_flight`` tasks ahead and yields the results in order, as ``pool.Pool`` does.
    The tasks read the corpus by its path, so every worker must see it (a shared file system)."""

    def __init__(self, dask_client: Any, in_flight: int | None = None):
        self.client = dask_client
        workers = max(1, len(dask_client.scheduler_info().get("workers", {})))
        self.in_flight = in_flight or 4 * workers

    def map(self, func: Callable[..., Any], arguments: Iterable[Any]) -> Iterator[Any]:
        """``func(*args)`` for each of ``arguments`` (which may yield ``pool.LATER``: no task until the
        caller has handled the next result), results in order."""
        from collections import deque

        from .pool import LATER

        pending: deque[Any] = deque()
        for args in arguments:
            if args is LATER:
                if not pending:
                    raise RuntimeError("DaskEngine.map: LATER with no task in flight")
                yield pending.popleft().result()
                continue
            pending.append(self.client.submit(func, *args, pure=False))
            if len(pending) >= self.in_flight:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _learn(bag, inputs: list[InputFile], max_bytes: int, settings: Settings) -> dict[str, frozenset[str]]:
    """Pass 1 on the cluster: each site's recurring lines, learned with the run's [clean] settings (the
    tasks carry them to the workers)."""
    pages_per_site = Counter(item.site for item in inputs)
    eligible = {site for site, n in pages_per_site.items() if n >= settings.clean.site_min_pages}
    if not eligible:
        return {}
    pairs = (bag.filter(lambda task: task[2] in eligible)
             .map(lambda task: [(task[2], key) for key in _learning_keys(task[1], max_bytes, settings)])
             .flatten())
    counts: dict[str, Counter[str]] = {site: Counter() for site in eligible}
    for (site, key), n in pairs.frequencies().compute():
        counts[site][key] = n
    return {site: select_site_lines(counter, pages_per_site[site], settings.clean) for site, counter in counts.items()}


def _process_partition(tasks: list[tuple[int, str, str]], out_dir: str, site_lines: dict[str, frozenset[str]],
                       max_bytes: int, settings: Settings | None = None) -> list[dict[str, Any]]:
    """Pass 2 for one partition: run the stages with the run's ``settings`` (sent with the task; the
    packaged defaults when None), write the shards, return the ledger rows."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    tables: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    for order, path, site in tasks:
        key = path_text(path)  # what the shards and the ledger hold (Parquet, like SQLite, needs valid text)
        row: dict[str, Any] = {"order": order, "path": key, "site": path_text(site), "sha256": None, "size": 0,
                               "encoding": None}
        try:
            size = os.path.getsize(path)
            row["size"] = size
            if size > max_bytes:
                row["sha256"] = file_sha256(path)[0]
                row.update(code=errors.TOO_LARGE.code,
                           message=errors.TOO_LARGE.message(bytes=size, cap=max_bytes))
            else:
                data = read_regular(path)
                row["sha256"] = hashlib.sha256(data).hexdigest()
                written: dict[str, list[dict[str, Any]]] = {name: [] for name in PART_TABLES}

                def write(rows: dict[str, Any], written: dict[str, list[dict[str, Any]]] = written, key: str = key) -> None:
                    for name in PART_TABLES:
                        # by column name; paragraphs without their FTS form (``load``'s writer computes it)
                        written[name].extend({"path": key, **{k: v for k, v in r.items() if k != "fts"}}
                                             for r in row_dicts(name, rows[name]))

                parts = process_parts(data, key, row["site"], site_lines.get(row["site"], frozenset()), settings=settings)
                del data  # the parts hold the bytes only until decode has read them
                try:  # part by part, as the local engine (a long file in parts of stages.PART_CHARS)
                    entry = file_rows(parts, write, fts=False)
                except errors.Quarantine as exc:
                    row.update(code=exc.code.code, message=str(exc))
                else:
                    row.update(code=entry["code"], message=entry["message"], encoding=entry["encoding"])
                    tables["pages"].append({"path": key, **entry["page"]})
                    for name in PART_TABLES:
                        tables[name].extend(written[name])
        except NotRegular as exc:
            row.update(code=errors.UNSUPPORTED.code, message=errors.UNSUPPORTED.message(kind=str(exc)))
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
                max_bytes: int = DEFAULT_MAX_BYTES, partition_files: int = DEFAULT_PARTITION_FILES,
                reuse: dict[str, Any] | None = None, dask_client: Any = None,
                settings: Settings | None = None) -> dict[str, Any]:
    """Run the per-page stages on a Dask cluster (``scheduler`` address, or a LocalCluster of ``workers``;
    or the client given, left open) and write Parquet shards to ``out_dir``. Input and output paths must
    be readable/writable by every worker (a shared file system when the cluster spans machines).
    ``settings`` (``stages.settings.load_settings``; the packaged defaults when None) go to the workers
    with the tasks of both passes: the pages record their digest as the local engine's do."""
    _require_dask()
    import dask.bag as db

    started = time.perf_counter()
    out = Path(out_dir)
    if out.exists() and any(out.glob("part-*.parquet")):
        raise errors.S801.error(path=out)
    inputs = list_inputs(paths)
    tasks = [(order, item.path, item.site) for order, item in enumerate(inputs)]
    n_partitions = max(1, -(-len(tasks) // partition_files))
    cluster_client = dask_client or client(scheduler, workers)
    try:
        bag = db.from_sequence(tasks, npartitions=n_partitions)
        site_lines = _learn(bag, inputs, max_bytes, settings or default_settings())
        scattered = cluster_client.scatter(site_lines, broadcast=True) if site_lines else {}
        ledger_bag = bag.map_partitions(_process_partition, str(out), scattered, max_bytes, settings)
        ledger = ledger_bag.compute()
        statuses = Counter(row["status"] for row in ledger)
        manifest: dict[str, Any] = {
            "format": SHARD_FORMAT, "files": len(inputs), "partitions": n_partitions, "statuses": dict(statuses),
            "learned_sites": {site: len(lines) for site, lines in site_lines.items()},
            "seconds": round(time.perf_counter() - started, 3), "max_bytes": max_bytes, "reuse_candidates": None}
        _write_manifest(out, manifest)  # the shards are complete: loadable whatever happens next
        if reuse is not None:
            try:
                manifest["reuse_candidates"] = reuse_candidates(cluster_client, out, reuse)
            except Exception as exc:  # optional: without them the reuse build computes its own candidates
                manifest["reuse_candidates"] = {"error": f"{type(exc).__name__}: {exc}"}
            manifest["seconds"] = round(time.perf_counter() - started, 3)
            _write_manifest(out, manifest)
    finally:
        if dask_client is None:
            cluster_client.close()
    return manifest


def _write_manifest(out: Path, manifest: dict[str, Any]) -> None:
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")


def _check_shards(folder: Path, parts: list[str]) -> None:
    """Every table file of every partition present and readable, with the columns ``load`` needs,
    before anything is written: a damaged shard folder is refused whole (S804), naming the file."""
    import pyarrow.parquet as pq

    for part in parts:
        for name in TABLES:
            target = folder / f"{part}.{name}.parquet"
            if name == "rule_rows" and not target.exists():
                continue  # shards written before the rules table existed: add_rows derives those rows
            try:
                columns = set(pq.read_schema(target).names)
            except (OSError, ValueError) as exc:  # missing, truncated, not Parquet (ArrowInvalid is a ValueError)
                raise errors.S804.error("unreadable", path=target, reason=exc) from exc
            required = {"path"} if name != "ledger" else {"order", "path", "status", "code"}
            if name in ROW_COLUMNS and pq.read_metadata(target).num_rows:  # (a table without rows holds only path)
                required |= set(ROW_COLUMNS[name]) - _SHARD_OPTIONAL
            missing = required - columns
            if missing:
                raise errors.S804.error("foreign", path=target, columns=", ".join(sorted(missing)))


def load(shards: str | Path, corpus: Corpus, progress: Callable[[str, int], None] | None = None) -> Summary:
    """Build (or extend) a SQLite corpus from Parquet shards written by ``ingest_dask``."""
    started = time.perf_counter()
    folder = Path(shards)
    parts = sorted({p.name.split(".")[0] for p in folder.glob("part-*.ledger.parquet")})
    if not parts:
        raise errors.S802.error(path=folder)
    _check_shards(folder, parts)
    summary = Summary()
    run_id = corpus.start_run({"load": str(folder)})
    with corpus.batch():  # each file a savepoint, one commit per partition
        for part in parts:
            _load_part(corpus, folder, part, summary, run_id, progress)
            corpus.checkpoint()
    summary.seconds = time.perf_counter() - started
    corpus.finish_run(run_id, summary.as_dict())
    return summary


def _load_part(corpus: Corpus, folder: Path, part: str, summary: Summary, run_id: int,
               progress: Callable[[str, int], None] | None) -> None:
    import pyarrow.parquet as pq

    # shards written before the rules table existed have no rule_rows file: add_rows derives those rows
    names = [n for n in TABLES if n != "rule_rows" or (folder / f"{part}.{n}.parquet").exists()]
    tables = {name: pq.read_table(folder / f"{part}.{name}.parquet").to_pylist() for name in names}
    by_path: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for name in names[1:]:
        for row in tables[name]:
            by_path.setdefault(row["path"], {n: [] for n in names[1:]})[name].append(row)
    for row in sorted(tables["ledger"], key=lambda r: r["order"]):
        _load_file(corpus, row, by_path.get(row["path"]), summary, run_id)
        if progress:
            progress(row["path"], 1)


def _load_file(corpus: Corpus, row: dict[str, Any], rows: dict[str, list[dict[str, Any]]] | None, summary: Summary,
               run_id: int) -> None:
    path, sha, size = row["path"], row["sha256"] or None, row["size"]
    known = corpus.current_file(path)
    if known is not None and settled(known, sha, row["code"] == errors.TOO_LARGE.code):
        summary.unchanged += 1
        summary.unchanged_status[known["status"]] += 1
        return
    code = errors.ALL_CODES.get(row["code"])
    if code is None:
        raise errors.S804.error("unknown_code", path=path, code=row["code"])
    if code.status is errors.Status.INGESTED and not (rows and rows.get("pages")):
        raise errors.S804.error("no_rows", path=path)
    message, duplicate_of = row["message"], None
    if code.status is errors.Status.INGESTED and sha is not None:
        original = corpus.file_with_bytes(sha)
        if original is not None:
            code, message, duplicate_of = errors.DUPLICATE_BYTES, errors.DUPLICATE_BYTES.message(same_as=original["path"]), original["id"]
    with corpus.transaction() as conn:
        file_id = corpus.add_file(conn, path=path, sha256=sha, size=size, status=code.status.value, code=code.code,
                                  message=message, encoding=row.get("encoding") if code.status is errors.Status.INGESTED else None,
                                  site=row["site"], duplicate_of=duplicate_of, run_id=run_id)
        if code.status is errors.Status.INGESTED and rows:
            page = rows["pages"][0]
            corpus.add_rows(conn, file_id, {"page": page, **{
                name: row_tuples(name, rows[name]) if rows.get(name) is not None else None
                for name in ("removed", "documents", "sections", "paragraphs", "sentences", "rule_rows")}})
            summary.documents += len(rows["documents"])
            summary.characters += sum(d["n_chars"] for d in rows["documents"])
    summary.files[code.status.value] += 1
    summary.codes[code.code] += 1
    if code.status is not errors.Status.INGESTED:
        summary.problems.append({"path": path, "status": code.status.value, "code": code.code, "message": message})


# --- reuse candidates on the cluster ----------------------------------------------------------------
#
# Passim's way on Spark, with Dask futures: (map) each partition's shards give their units' texts,
# MinHash signatures and LSH band keys; every (band, key) bucket is routed to one of R reducers by
# its hash; (shuffle) each reducer receives its buckets from every partition; (reduce) inside a bucket
# each text is paired with its next ``bucket_window`` neighbours in corpus order, exactly as the local
# build pairs them (``reuse.bucket_pairs``, the same function). Texts are named by a stable 64-bit
# hash, and corpus order is (partition, position of the unit's first occurrence), which is the order
# ``load`` gives them in the database. The pairs go to ``reuse-candidates.parquet`` in the shards
# folder; ``build_reuse`` uses them instead of computing MinHash over the whole corpus on one machine.

CANDIDATES_FILE = "reuse-candidates.parquet"
CANDIDATES_MANIFEST = "reuse-candidates.json"
# What the candidates depend on: the build uses them only when these parameters are the same.
CANDIDATE_PARAMS = ("shingle_size", "num_perm", "bands", "rows", "seed", "min_unit_chars", "min_sentence_chars",
                    "min_clause_chars", "max_unit_chars", "bucket_window")
REDUCERS_PER_WORKER = 4
_PART_SHIFT = 40  # order = partition << 40 | position of the unit in the partition


def _partition_texts(folder: Path, part: str, params: Any) -> tuple[list[str], list[int], list[int]]:
    """A partition's distinct unit texts in first-occurrence order: (texts, stable hashes, positions)."""
    import pyarrow.parquet as pq

    from ..reuse import content, paragraph_units, stable_text_hash

    ledger = pq.read_table(folder / f"{part}.ledger.parquet", columns=["order", "path", "status"]).to_pylist()
    paths = [row["path"] for row in sorted(ledger, key=lambda r: r["order"]) if row["status"] == "ingested"]
    paragraphs: dict[str, list[dict[str, Any]]] = {}
    for row in pq.read_table(folder / f"{part}.paragraphs.parquet").to_pylist() if paths else []:
        paragraphs.setdefault(row["path"], []).append(row)
    spans: dict[tuple[str, str, int], list[tuple[int, int]]] = {}
    for row in pq.read_table(folder / f"{part}.sentences.parquet").to_pylist() if paths else []:
        spans.setdefault((row["path"], row["doc_uid"], row["paragraph_ordinal"]), []).append((row["start"], row["end"]))
    texts: list[str] = []
    hashes: list[int] = []
    positions: list[int] = []
    seen: set[int] = set()
    position = 0
    for path in paths:
        for par in paragraphs.get(path, []):
            text, start = par["text"], par["start"]
            sentence_spans = [(lo - start, hi - start) for lo, hi in spans.get((path, par["doc_uid"], par["ordinal"]), [])]
            for _lo, _hi, unit, _kind in paragraph_units(text, content(text), sentence_spans, params):
                name = stable_text_hash(unit)
                if name not in seen:
                    seen.add(name)
                    texts.append(unit)
                    hashes.append(name)
                    positions.append(position)
                position += 1
    return texts, hashes, positions


def _candidate_map(folder: str, part: str, part_index: int, params_dict: dict[str, Any], reducers: int) -> list[tuple]:
    """Map: the partition's (bucket, order, text) rows, split by reducer."""
    import numpy as np

    from ..reuse import ReuseParams, Signer, mix64

    params = ReuseParams.from_dict(params_dict).resolved()
    texts, hashes, positions = _partition_texts(Path(folder), part, params)
    bands = int(params.bands or 0)
    keys = Signer(params).keys_of(texts) if texts else np.zeros((0, bands), dtype=np.uint32)
    bucket = ((np.arange(bands, dtype=np.int64)[None, :] << 32) | keys.astype(np.int64)).ravel()
    order = np.repeat((np.int64(part_index) << _PART_SHIFT) | np.asarray(positions, dtype=np.int64), bands)
    names = np.repeat(np.asarray(hashes, dtype=np.int64), bands)
    route = (mix64(bucket.astype(np.uint64)) % np.uint64(reducers)).astype(np.int64)
    by_route = np.argsort(route, kind="stable")  # one sort, then a slice per reducer
    cuts = np.searchsorted(route[by_route], np.arange(1, reducers))
    return [(bucket[rows], order[rows], names[rows]) for rows in np.split(by_route, cuts)]


def _candidate_reduce(pieces: list[tuple], window: int) -> Any:
    """Reduce: one reducer's buckets from every partition -> distinct (earlier, later) text pairs."""
    import numpy as np

    from ..reuse import bucket_pairs

    bucket = np.concatenate([p[0] for p in pieces])
    order = np.concatenate([p[1] for p in pieces])
    text = np.concatenate([p[2] for p in pieces])
    pairs = bucket_pairs(bucket, order, text, window)
    if not len(pairs):
        return pairs
    return np.unique(pairs, axis=0)


def reuse_candidates(client: Any, shards: str | Path, params_dict: dict[str, Any] | None = None) -> dict[str, Any]:
    """Compute the LSH candidate pairs of the shards on the cluster of ``client`` and write them next
    to the shards (``reuse-candidates.parquet`` and its manifest). Returns the manifest."""
    import operator

    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    from ..reuse import ReuseParams

    started = time.perf_counter()
    folder = Path(shards)
    params = ReuseParams.from_dict(params_dict).resolved()
    parts = sorted({p.name.split(".")[0] for p in folder.glob("part-*.ledger.parquet")})
    if len(parts) >= 1 << (63 - _PART_SHIFT):
        raise errors.S803.error(count=len(parts))
    # a few reducers per worker: parts x reducers getitem tasks, so not one reducer per part
    reducers = max(1, min(len(parts), REDUCERS_PER_WORKER * max(1, len(client.scheduler_info().get("workers", {})))))
    mapped = [client.submit(_candidate_map, str(folder), part, index, asdict(params), reducers, pure=False)
              for index, part in enumerate(parts)]
    reduced = [client.submit(_candidate_reduce, [client.submit(operator.getitem, m, r) for m in mapped],
                             params.bucket_window, pure=False) for r in range(reducers)]
    results = [pairs for pairs in client.gather(reduced) if len(pairs)]
    pairs = np.unique(np.concatenate(results), axis=0) if results else np.zeros((0, 2), dtype=np.int64)
    pq.write_table(pa.table({"a": pa.array(pairs[:, 0], pa.int64()), "b": pa.array(pairs[:, 1], pa.int64())}),
                   folder / CANDIDATES_FILE)
    manifest = {"pairs": int(len(pairs)), "partitions": len(parts), "reducers": reducers,
                "params": {key: getattr(params, key) for key in CANDIDATE_PARAMS},
                "seconds": round(time.perf_counter() - started, 3)}
    (folder / CANDIDATES_MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return manifest


def read_candidates(shards: str | Path, corpus: Corpus, params_dict: dict[str, Any] | None = None) -> tuple[Any, str]:
    """The shards' reuse candidates as an array of stable text-hash pairs, or None with the reason
    they cannot serve this corpus (none computed, other parameters, or the database holds documents
    the shards do not: then the build computes its own)."""
    folder = Path(shards)
    if not (folder / CANDIDATES_FILE).exists() or not (folder / CANDIDATES_MANIFEST).exists():
        return None, "no reuse candidates in the shards"
    try:
        return _read_candidates(folder, corpus, params_dict)
    except (OSError, ValueError, KeyError) as exc:  # damaged files (ArrowInvalid and JSON errors are ValueErrors)
        return None, f"the candidates in {folder} are unreadable ({type(exc).__name__}: {exc})"


def _read_candidates(folder: Path, corpus: Corpus, params_dict: dict[str, Any] | None) -> tuple[Any, str]:
    import numpy as np
    import pyarrow.parquet as pq

    from ..reuse import ReuseParams

    manifest = json.loads((folder / CANDIDATES_MANIFEST).read_text(encoding="utf-8"))
    params = ReuseParams.from_dict(params_dict).resolved()
    if manifest.get("params") != {key: getattr(params, key) for key in CANDIDATE_PARAMS}:
        return None, "the shards' candidates were computed with other reuse parameters"
    shard_uids: set[str] = set()
    for ledger in sorted(folder.glob("part-*.ledger.parquet")):
        documents = folder / ledger.name.replace(".ledger.", ".documents.")
        if "uid" in pq.read_schema(documents).names:
            shard_uids.update(pq.read_table(documents, columns=["uid"]).column("uid").to_pylist())
    corpus_uids = corpus.document_uids()
    if corpus_uids != shard_uids:
        return None, "the database holds other documents than the shards"
    table = pq.read_table(folder / CANDIDATES_FILE)
    pairs = np.stack([table.column("a").to_numpy(), table.column("b").to_numpy()], axis=1) if table.num_rows \
        else np.zeros((0, 2), dtype=np.int64)
    return pairs, f"{len(pairs):,} candidate pairs from the Dask job"
