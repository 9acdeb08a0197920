"""The ingest orchestrator: input paths -> ledger rows, pages and documents in a corpus database.

1. list the input files (folders recursively, hidden files skipped) by canonical path (``ledger``:
   a relative path, a symlinked folder and another working directory name the same files), each once,
   with their site (parent folder);
2. learn each site's recurring furniture lines from its pages (pass 1, lines only; a page that fails
   here only teaches nothing);
3. for each file (pass 2), in the main process: sha256 (a file that cannot be read, or is not a regular
   file, is settled here), the path's current ledger row (the same bytes: nothing changes; an error
   or a size quarantine the cap no longer calls for is tried again; other bytes: a new version), size
   cap, same bytes under another name (``duplicate``); the rest go to ``workers`` processes
   (``pool.Pool``) that read the file again, check its sha256 and run the per-page stages
   (``file_rows``, shared with the Dask engine; a page longer than ``stages.PART_CHARS`` part by part, its rows spooled
   to a file, so a worker's memory does not grow with the file), a bounded number at a time;
4. one writer (the main process) writes each file's ledger row and everything derived from it as one
   savepoint (all or nothing), in input order, and commits every ``COMMIT_SECONDS``; a new version
   retires the path's earlier row (``ledger.retire``: its documents go, the row stays as
   ``superseded``); a quarantine or an error gets its ledger row too, with a stable code, and the run
   goes on. Any exception while a file is processed, in either pass and in either process, is that
   file's E900 with the place it was raised.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import io
import json
import os
import shutil
import sqlite3
import stat
import tempfile
import time
import traceback
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import errors
from ..corpus.ledger import canonical_path, path_text
from ..corpus.store import DOCUMENT_ROW, Corpus, page_rows
from ..document import Page
from ..stages import runner as stages
from ..stages.clean import learn_site_lines, site_line_keys
from ..stages.runner import page_lines_for_learning, process_parts, versions_json
from ..stages.segment import default_segmenter
from ..stages.settings import Settings, default_settings
from .pool import Pool

# Files above this size are quarantined unread: no scraped page is this big. Override with ``max_bytes``
# (memory does not grow with it: a long page is processed in parts, ``stages.PART_CHARS``).
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# The writer commits at most this often (each file stays atomic as a savepoint inside the commit):
# a commit per file cost a quarter of the writer's time, mostly FTS5 flushing small segments.
COMMIT_SECONDS = 2.0
# Python's cyclic garbage collector during a run (``bulk_collection``): a page makes hundreds of thousands
# of short-lived objects, almost none of them in a cycle, and at the default thresholds (700, 10, 10)
# the collector ran 63 times a megabyte, its full collections going over every object loaded at
# start-up (dictionaries, models) each time: 3.3% of the CPU of one worker on 10 MB of the bench
# corpus. With the objects of start-up frozen (``gc.freeze``: never looked at again) and a young
# generation ten times larger: 0.3%. Cyclic garbage is still collected, only in larger batches.
BULK_GC_THRESHOLDS = (7000, 10, 10)
_N_CHARS = DOCUMENT_ROW.index("n_chars")  # in a document's row (``store.page_rows``)


@dataclass
class InputFile:
    path: str  # to open: canonical, as the OS gives names (bytes that are not UTF-8 as lone surrogates)
    key: str  # in the ledger and on screen: ``ledger.path_text(path)``
    site: str


@dataclass
class Summary:
    files: Counter[str] = field(default_factory=Counter)
    codes: Counter[str] = field(default_factory=Counter)
    unchanged: int = 0
    unchanged_status: Counter[str] = field(default_factory=Counter)  # ledger status of files already in
    reprocessed: int = 0  # files already in whose page was made by older stages, processed again
    documents: int = 0
    characters: int = 0
    bytes_read: int = 0
    seconds: float = 0.0
    problems: list[dict[str, str]] = field(default_factory=list)
    inputs: int = 0
    kept: int = 0  # files of a run that stopped whose rows were committed (``ingest_paths``)
    stages: dict[str, float] = field(default_factory=dict)  # seconds per stage: learn (pass 1), pages (pass 2), reuse

    @property
    def exit_code(self) -> int:
        """The run's exit status (``errors.Exit``): OK when every file is accounted for as ingested or as a
        duplicate of one (or was already in); PARTIAL when some were quarantined or failed; DATA when none
        is in (every file quarantined or failed, or none)."""
        statuses = self.files + self.unchanged_status
        failed = statuses["quarantined"] + statuses["error"]
        if statuses["ingested"] + statuses["duplicate"] == 0:
            return errors.Exit.DATA
        return errors.Exit.PARTIAL if failed else errors.Exit.OK

    def as_dict(self) -> dict[str, object]:
        return {
            "files": dict(self.files), "codes": dict(self.codes), "unchanged": self.unchanged, "unchanged_status": dict(self.unchanged_status),
            "reprocessed": self.reprocessed,
            "documents": self.documents, "characters": self.characters, "bytes": self.bytes_read,
            "seconds": round(self.seconds, 3), "stages": {k: round(v, 3) for k, v in self.stages.items()},
            "mb_per_s": round(self.bytes_read / 1e6 / self.seconds, 3) if self.seconds else None,
            "problems": self.problems, "exit_code": self.exit_code,
        }


def list_inputs(paths: Iterable[str | Path]) -> list[InputFile]:
    """The files under ``paths`` by canonical path, each once, in order (folders sorted, recursively;
    hidden files and folders skipped). A folder that cannot be listed is an input of its own, so it
    gets a ledger row saying why."""
    found: list[InputFile] = []
    seen: set[str] = set()

    def add(path: str) -> None:
        if path not in seen:
            seen.add(path)
            found.append(InputFile(path, path_text(path), path_text(os.path.basename(os.path.dirname(path)))))

    for given in paths:
        root = canonical_path(given)
        if not os.path.isdir(root):
            add(root)
            continue
        for dirpath, dirnames, filenames in os.walk(os.path.realpath(root), onerror=lambda exc: add(str(exc.filename))):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if not name.startswith("."):
                    add(os.path.join(dirpath, name))
    return found


class NotRegular(Exception):
    """The path is not a regular file (a FIFO would block a reader, a device never end)."""


@contextlib.contextmanager
def _open_regular(path: str) -> Iterator[io.FileIO]:
    """A regular file opened for reading (``NotRegular`` otherwise), without blocking: opening a FIFO
    the usual way waits for a writer, so one among the inputs would hang the run."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with open(fd, "rb", buffering=0, closefd=True) as handle:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegular(_kind_of(mode))
        yield handle


def _kind_of(mode: int) -> str:
    for test, kind in ((stat.S_ISDIR, "folder"), (stat.S_ISFIFO, "named pipe"), (stat.S_ISSOCK, "socket"),
                       (stat.S_ISCHR, "character device"), (stat.S_ISBLK, "block device")):
        if test(mode):
            return kind
    return "not a regular file"


def read_regular(path: str, limit: int | None = None) -> bytes:
    """The bytes of a regular file (at most ``limit``); raises ``NotRegular`` or ``OSError``."""
    with _open_regular(path) as handle:
        if limit is None:
            return handle.readall()
        size = os.fstat(handle.fileno()).st_size
        if size >= limit:
            return handle.read(limit)
        # ``read(limit)`` would allocate a buffer of ``limit`` bytes (pass 1's: the size cap, 20 MiB) for
        # every file and shrink it: twice the CPU of reading what the file holds, plus what it grew by
        data = handle.read(size + 1)
        return data if len(data) <= size else data + handle.read(limit - len(data))


def file_sha256(path: str) -> tuple[str, int]:
    """The file's sha256 and size, read in blocks (a file over the size cap is hashed, never held).
    Raises ``NotRegular`` for anything but a regular file, ``OSError`` when it cannot be read."""
    with _open_regular(path) as handle:
        digest = hashlib.file_digest(handle, "sha256")
        return digest.hexdigest(), handle.tell()


def _learning_keys(path: str, max_bytes: int, settings: Settings | None = None) -> set[str]:
    """Pass 1 for one file: the canonical keys of its short lines (``_learn_page`` without its failure);
    ``settings``: the run's (a Dask task carries them), else this process's."""
    return _learn_page(path, max_bytes, settings)[0]


def _learn_page(path: str, max_bytes: int, settings: Settings | None = None) -> tuple[set[str], str | None]:
    """Pass 1 for one file: the canonical keys of its short lines, and None -- or, when the page fails
    here, no keys and the E900 message saying where (issue 14: a page holding only <!DOCTYPE html> used
    to stop the run). A file that cannot be read or is quarantined teaches nothing quietly: pass 2 gives
    it its ledger row with the reason. Arguments and results are plain strings: all of it pickles."""
    try:
        if os.path.getsize(path) > max_bytes:
            return set(), None
        data = read_regular(path, max_bytes + 1)
        return site_line_keys(page_lines_for_learning(data), (settings or _worker_settings()).clean), None
    except (NotRegular, OSError, errors.Quarantine):
        return set(), None
    except Exception as exc:  # one page must not stop the run, nor fail without a trace
        return set(), _internal(exc, " in pass 1 (learning the site's furniture lines)")


def learn_sites(inputs: list[InputFile], max_bytes: int, pool: Pool | None = None,
                failures: dict[str, str] | None = None, settings: Settings | None = None) -> dict[str, frozenset[str]]:
    """Each site's recurring furniture lines, learned from its pages (sites of ``site_min_pages`` or
    more: the [clean] settings, the packaged ones when ``settings`` is None; the pool's workers key the
    lines with the settings it was made with). A page that fails teaches nothing; its message goes into
    ``failures`` by path."""
    clean_settings = (settings or default_settings()).clean
    by_site: dict[str, list[str]] = defaultdict(list)
    for item in inputs:
        by_site[item.site].append(item.path)
    pool = pool or Pool(1)
    learned: dict[str, frozenset[str]] = {}
    for site, paths in by_site.items():
        if len(paths) < clean_settings.site_min_pages:
            continue
        results = pool.map(_learn_page, [(path, max_bytes) for path in paths],
                           on_crash=lambda _args, why: (set(), errors.INTERNAL.message(error=why, at="worker, pass 1")))
        learned[site] = learn_site_lines(_noting(paths, results, failures), keyed=True, settings=clean_settings)
    return learned


def _noting(paths: list[str], results: Iterable[tuple[set[str], str | None]],
            failures: dict[str, str] | None) -> Iterator[set[str]]:
    """Each page's keys, as they come (a site's pages are never all held at once), its failure noted."""
    for path, (keys, failure) in zip(paths, results, strict=True):
        if failure is not None and failures is not None:
            failures[path] = failure
        yield keys


# --- workers ----------------------------------------------------------------------------------------

def collect_rarely() -> None:
    """The collector as a run wants it (``BULK_GC_THRESHOLDS``): what is loaded so far frozen, the young
    generation larger. For a worker process, and inside ``bulk_collection``."""
    gc.freeze()
    gc.set_threshold(*BULK_GC_THRESHOLDS)


@contextlib.contextmanager
def bulk_collection() -> Iterator[None]:
    """``collect_rarely`` for the time of a run, then the collector as it was (the library's caller, a test
    or the web, keeps its own settings)."""
    thresholds = gc.get_threshold()
    collect_rarely()
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


_WORKER_SITE_LINES: dict[str, frozenset[str]] = {}
_WORKER_SETTINGS: list[Settings] = []  # the stage settings of the run (empty: the packaged defaults)


def _worker_settings() -> Settings:
    return _WORKER_SETTINGS[0] if _WORKER_SETTINGS else default_settings()


def _init_worker(site_lines: dict[str, frozenset[str]], segmenter: bool = True, settings: Settings | None = None) -> None:
    """Once per worker process: the learned site lines, the run's stage settings and jieba's dictionary
    (loaded once, not per page)."""
    _WORKER_SITE_LINES.clear()
    _WORKER_SITE_LINES.update(site_lines)
    _WORKER_SETTINGS[:] = [settings] if settings is not None else []
    if segmenter:
        default_segmenter()
    collect_rarely()  # a forked worker has it from the main process already; a spawned one not


def _entry(code_name: str, documents: int, encoding: str, flag_kinds: set[str]) -> dict[str, Any]:
    """A processed file's ledger code, message and encoding (the same for the local and Dask engines)."""
    code = errors.ALL_CODES[code_name]
    details: dict[str, object] = {"documents": documents, "encoding": encoding}
    if flag_kinds:
        details["flags"] = ",".join(sorted(flag_kinds))
    return {"code": code.code, "message": code.message(**details), "encoding": encoding}


def _process(path: str, key: str, site: str, sha: str, size: int, spool: str) -> tuple[str, Any]:
    """Run the per-page stages in a worker; returns ("page", ledger entry with the page's rows),
    ("spool", ledger entry with the file its parts' rows were written to), ("quarantine", (code,
    message)) or ("error", (code, message)). Never raises: one bad file must not stop the run. The
    worker reads the file itself (the main process only hashed it) and checks that the bytes are the
    ones hashed. Rows, not the Page, go back to the writer: plain rows pickle 15x faster, and the FTS
    form of each paragraph is computed here, off the single writer. A file too long for one part
    (``stages.PART_CHARS``: more bytes than that may decode to more characters) is processed part by
    part, each part's rows written to a file in ``spool`` as soon as they are made."""
    try:
        data = read_regular(path)
        if len(data) != size or hashlib.sha256(data).hexdigest() != sha:
            return "error", (errors.UNREADABLE.code, errors.UNREADABLE.message(reason="the file changed while it was being ingested"))
        site_lines = _WORKER_SITE_LINES.get(site, frozenset())
        target = os.path.join(spool, f"{sha}.jsonl")
        if size <= stages.PART_CHARS:  # fewer bytes than characters in a part: one part, its rows kept
            kept: list[dict[str, Any]] = []
            entry = file_rows(process_parts(data, key, site, site_lines, settings=_worker_settings()), kept.append)
            if len(kept) == 1:
                return "page", {**entry, "rows": kept[0]}
            _spool(target, kept)  # (should a page ever decode to more parts than its bytes allow)
            return "spool", {**entry, "spool": target}
        parts = process_parts(data, key, site, site_lines, settings=_worker_settings())
        del data  # the parts hold the bytes only until decode has read them
        with open(target, "w", encoding="utf-8") as handle:  # JSON, not pickle: nothing read back can run code
            entry = file_rows(parts, lambda rows: handle.write(json.dumps(rows) + "\n"))
        return "spool", {**entry, "spool": target}
    except errors.Quarantine as exc:
        return "quarantine", (exc.code.code, str(exc))
    except NotRegular as exc:
        return "quarantine", (errors.UNSUPPORTED.code, errors.UNSUPPORTED.message(kind=str(exc)))
    except OSError as exc:
        return "error", (errors.UNREADABLE.code, errors.UNREADABLE.message(reason=exc.strerror or str(exc)))
    except Exception as exc:
        return "error", (errors.INTERNAL.code, _internal(exc))


def _spool(target: str, parts_rows: list[dict[str, Any]]) -> None:
    """Rows of several parts written to a spool file, as the long-file path writes them."""
    with open(target, "w", encoding="utf-8") as handle:
        for rows in parts_rows:
            handle.write(json.dumps(rows) + "\n")


def file_rows(parts: Iterator[Page], write: Callable[[dict[str, Any]], Any], fts: bool = True) -> dict[str, Any]:
    """The rows of one file processed part by part (``parts``: ``stages.process_parts``, a page longer than
    ``stages.PART_CHARS`` in parts), each part's rows (``store.page_rows``; ``fts``: with each paragraph's
    FTS form) handed to ``write`` as soon as they are made, so memory does not grow with the file;
    returns the file's ledger entry, its page row (the flags and repairs of every part) and its number
    of documents. The local engine and the Dask engine both process a file through this. Raises
    ``errors.Quarantine`` for bad input (from the first part)."""
    first = next(parts)
    rows = page_rows(first, fts=fts)
    code, encoding, page = first.code, first.encoding, rows["page"]
    flags, repairs = list(first.flags), dict(first.repairs)
    documents = len(first.documents)
    del first
    write(rows)
    del rows
    for part in parts:
        flags.extend(f for f in part.flags if f not in flags)
        for kind, count in part.repairs.items():
            repairs[kind] = repairs.get(kind, 0) + count
        documents += len(part.documents)
        write(page_rows(part, fts=fts))
        del part
    if not documents and code == errors.OK.code:
        code = errors.OK_NO_DOCUMENTS.code
    page = {**page, "flags": json.dumps(flags, ensure_ascii=False), "repairs": json.dumps(repairs, ensure_ascii=False)}
    return {**_entry(code, documents, encoding, {str(f["kind"]) for f in flags}), "page": page, "documents": documents}


def _internal(exc: BaseException, doing: str = "") -> str:
    where = traceback.extract_tb(exc.__traceback__)[-1]
    return errors.INTERNAL.message(error=f"{type(exc).__name__}{doing}: {exc}", at=f"{Path(where.filename).name}:{where.lineno}")


def _crashed(args: tuple[Any, ...], reason: str) -> tuple[str, Any]:
    """The outcome of a file whose worker process died while processing it (the run goes on)."""
    return "error", (errors.INTERNAL.code, errors.INTERNAL.message(error=reason, at="worker"))


def _pool(workers: int, site_lines: dict[str, frozenset[str]] | None = None, segmenter: bool = True,
          settings: Settings | None = None) -> Pool:
    """``workers`` processes (none when 1), each loading the site lines, the settings and jieba's
    dictionary once. The main process keeps the site lines and settings too: it processes a file itself
    when the first copy of its bytes in this run failed, and must clean it as a worker would."""
    _WORKER_SITE_LINES.clear()
    _WORKER_SITE_LINES.update(site_lines or {})
    _WORKER_SETTINGS[:] = [settings] if settings is not None else []
    return Pool(workers, initializer=_init_worker, initargs=(site_lines or {}, segmenter, settings))


# --- the run ----------------------------------------------------------------------------------------

def ingest_paths(corpus: Corpus, paths: Iterable[str | Path], *, max_bytes: int = DEFAULT_MAX_BYTES,
                 workers: int = 1, progress: Callable[[str, int], None] | None = None,
                 on_start: Callable[[int], None] | None = None, summary: Summary | None = None,
                 settings: Settings | None = None) -> Summary:
    """Ingest files and folders into ``corpus``; ``workers`` processes run the per-page stages with
    ``settings`` (``stages.settings.load_settings``; the packaged defaults when None: a page made with
    other settings is processed again, as one made by older stages). When the
    run stops (Ctrl-C, a full disk), the cause is raised; ``summary``, when given, then tells how many
    inputs there were and how many files of the run were committed (``kept``): the rest are still to do."""
    with bulk_collection():
        return _ingest_paths(corpus, paths, max_bytes, workers, progress, on_start, summary, settings)


def _ingest_paths(corpus: Corpus, paths: Iterable[str | Path], max_bytes: int, workers: int,
                  progress: Callable[[str, int], None] | None, on_start: Callable[[int], None] | None,
                  summary: Summary | None, settings: Settings | None) -> Summary:
    started = time.perf_counter()
    paths = list(paths)
    inputs = list_inputs(paths)
    if on_start:
        on_start(len(inputs))
    summary = summary if summary is not None else Summary()
    summary.inputs = len(inputs)
    run_id = corpus.start_run({"paths": [path_text(str(p)) for p in paths], "max_bytes": max_bytes, "workers": workers})
    spool = tempfile.mkdtemp(prefix="jianghua-parts-")
    try:
        learner = _pool(workers, segmenter=False, settings=settings)  # pass 1 decodes and repairs only
        failures: dict[str, str] = {}
        try:
            site_lines = learn_sites(inputs, max_bytes, learner, failures, settings)
        finally:
            learner.close()
        summary.stages["learn"] = time.perf_counter() - started
        summary.problems.extend({"path": item.key, "status": "warning", "code": errors.INTERNAL.code,
                                 "message": failures[item.path] + "; the page taught its site nothing"}
                                for item in inputs if item.path in failures)
        pool = _pool(workers, site_lines, settings=settings)
        claimed: dict[str, str] = {}  # sha256 -> path of the first file of this run with those bytes
        _write_all(corpus, pool, inputs, summary, max_bytes, run_id, claimed, progress, spool)
    except BaseException as exc:  # the run stopped (interrupt, full disk): every committed file is whole
        summary.seconds = time.perf_counter() - started
        try:
            summary.kept = corpus.files_of_run(run_id)
            corpus.finish_run(run_id, {"stopped": f"{type(exc).__name__}: {exc}", "seconds": round(summary.seconds, 3),
                                       "kept": summary.kept, "inputs": summary.inputs})
        except sqlite3.Error:  # the database cannot take even that (the disk is full): the cause is what matters
            pass
        raise
    finally:
        shutil.rmtree(spool, ignore_errors=True)
    summary.seconds = time.perf_counter() - started
    summary.stages["pages"] = summary.seconds - summary.stages["learn"]
    corpus.finish_run(run_id, summary.as_dict())
    return summary


def _write_all(corpus: Corpus, pool: Pool, inputs: list[InputFile], summary: Summary, max_bytes: int, run_id: int,
               claimed: dict[str, str], progress: Callable[[str, int], None] | None, spool: str) -> None:
    """Pass 2: each file's outcome written in input order, committed every ``COMMIT_SECONDS``."""
    committed = time.monotonic()
    with corpus.batch(defer_indexes=True):
        try:
            tasks = _triage(corpus, inputs, summary, max_bytes, run_id, claimed)
            for (item, sha, size, action), outcome in _run(pool, tasks, spool):
                if time.monotonic() - committed > COMMIT_SECONDS:
                    corpus.checkpoint()
                    committed = time.monotonic()
                if action == "process":
                    _write(corpus, item, sha, size, outcome, summary, run_id)
                elif action == "maybe_duplicate":
                    original = corpus.file_with_bytes(sha)
                    if original is not None:
                        _record(corpus, item, errors.DUPLICATE_BYTES, sha, size, summary, run_id,
                                errors.DUPLICATE_BYTES.message(same_as=original["path"]), duplicate_of=original["id"])
                    else:  # the first copy was not ingested: this one gets the same treatment on its own
                        _write(corpus, item, sha, size, _process(item.path, item.key, item.site, sha, size, spool),
                               summary, run_id)
                if progress:
                    progress(item.key, 1)
        finally:
            pool.close()


Task = tuple[InputFile, str, int, str]


def settled(current: Any, sha: str | None, too_large: bool) -> bool:
    """True when a path's current ledger row already says what a new attempt at these bytes would: the
    same bytes (or, for a file that is not a regular one, none), not an error (an error is tried again),
    and not a size quarantine that the cap no longer calls for."""
    if current is None or current["sha256"] != sha or current["status"] == "error":
        return False
    return too_large or current["code"] != errors.TOO_LARGE.code


def _triage(corpus: Corpus, inputs: list[InputFile], summary: Summary, max_bytes: int, run_id: int,
            claimed: dict[str, str]) -> Iterator[Task]:
    """Hash each file and decide: unchanged, unreadable, too large, duplicate, or to be processed.
    Files settled here are yielded with action "done" so progress stays in input order."""
    legacy: dict[str, Any] | None = None
    versions = versions_json(_worker_settings())  # the run's settings, which ``_pool`` keeps here too
    for item in inputs:
        current = corpus.current_file(item.key)
        if current is None:  # a ledger written with relative paths names this file by one of them?
            legacy = _legacy_rows(corpus) if legacy is None else legacy
            current = _adopt(corpus, legacy.pop(item.key, None), item)
        try:
            sha, size = file_sha256(item.path)
        except (NotRegular, OSError) as exc:
            _unreadable(corpus, item, current, exc, summary, run_id)
            yield item, "", 0, "done"
            continue
        if settled(current, sha, size > max_bytes):
            if current["status"] == "ingested" and corpus.made_by_older_stages(current["id"], versions):
                summary.reprocessed += 1  # processed again: the new page replaces the old (ledger.retire)
                claimed[sha] = item.path
                summary.bytes_read += size
                yield item, sha, size, "process"
                continue
            summary.unchanged += 1
            summary.unchanged_status[current["status"]] += 1
            yield item, sha, size, "done"
            continue
        if size > max_bytes:
            _record(corpus, item, errors.TOO_LARGE, sha, size, summary, run_id,
                    errors.TOO_LARGE.message(bytes=size, cap=max_bytes))
            yield item, sha, size, "done"
            continue
        original = corpus.file_with_bytes(sha)
        if original is not None:
            _record(corpus, item, errors.DUPLICATE_BYTES, sha, size, summary, run_id,
                    errors.DUPLICATE_BYTES.message(same_as=original["path"]), duplicate_of=original["id"])
            yield item, sha, size, "done"
            continue
        if sha in claimed:
            yield item, sha, size, "maybe_duplicate"
            continue
        claimed[sha] = item.path
        summary.bytes_read += size
        yield item, sha, size, "process"


def _unreadable(corpus: Corpus, item: InputFile, current: Any, exc: Exception, summary: Summary, run_id: int) -> None:
    """A file that cannot be hashed: E901 (Q306 when it is not a regular file) with a NULL sha256. A
    file the ledger holds in another state keeps its row (a file that cannot be read for a moment does
    not lose its documents): the run reports it and leaves the ledger alone."""
    if isinstance(exc, NotRegular):
        code, message = errors.UNSUPPORTED, errors.UNSUPPORTED.message(kind=str(exc))
    else:
        code = errors.UNREADABLE
        message = errors.UNREADABLE.message(reason=(exc.strerror if isinstance(exc, OSError) else None) or str(exc))
    if current is not None and current["status"] != "error" and current["sha256"] is not None:
        summary.files[code.status.value] += 1
        summary.codes[code.code] += 1
        summary.problems.append({"path": item.key, "status": code.status.value, "code": code.code,
                                 "message": f"{message}; the ledger keeps its {current['status']} row of {current['code']}"})
        return
    if settled(current, None, False) and current["code"] == code.code:
        summary.unchanged += 1
        summary.unchanged_status[current["status"]] += 1
        return
    _record(corpus, item, code, None, 0, summary, run_id, message)


def _legacy_rows(corpus: Corpus) -> dict[str, Any]:
    """Current ledger rows stored under a relative path (by ledgers written before paths were made
    canonical), by the canonical path they give from here."""
    return {canonical_path(row["path"]): row for row in corpus.relative_files()}


def _adopt(corpus: Corpus, row: Any, item: InputFile) -> Any:
    """A legacy row of this file takes its canonical path (so the file is not ingested again)."""
    if row is None:
        return None
    corpus.rename_file(row, item.key)
    return corpus.current_file(item.key)


def _run(pool: Pool, tasks: Iterator[Task], spool: str) -> Iterator[tuple[Task, Any]]:
    """Pair each task with its outcome, in input order; only "process" tasks go to the workers."""
    buffered: deque[Task] = deque()

    def arguments() -> Iterator[tuple[str, str, str, str, int, str]]:
        for task in tasks:
            buffered.append(task)
            if task[3] == "process":
                yield task[0].path, task[0].key, task[0].site, task[1], task[2], spool

    results = pool.map(_process, arguments(), weight=lambda args: args[4], on_crash=_crashed)
    for outcome in results:
        while buffered[0][3] != "process":
            yield buffered.popleft(), None
        yield buffered.popleft(), outcome
    while buffered:
        yield buffered.popleft(), None


def _record(corpus: Corpus, item: InputFile, code: errors.Code, sha: str | None, size: int, summary: Summary,
            run_id: int | None, message: str, **extra: Any) -> None:
    with corpus.transaction() as conn:
        corpus.add_file(conn, path=item.key, sha256=sha, size=size, status=code.status.value, code=code.code,
                        message=message, site=item.site, run_id=run_id, **extra)
    summary.files[code.status.value] += 1
    summary.codes[code.code] += 1
    if code.status.value != "ingested":
        summary.problems.append({"path": item.key, "status": code.status.value, "code": code.code, "message": message})


def _write(corpus: Corpus, item: InputFile, sha: str, size: int, outcome: tuple[str, Any], summary: Summary,
           run_id: int | None) -> None:
    """The file's ledger row and everything derived from it, all or nothing (``Corpus.transaction``)."""
    kind, value = outcome
    if kind in ("quarantine", "error"):
        code, message = value
        current = corpus.current_file(item.key)
        if current is not None and current["status"] == "ingested" and current["sha256"] == sha:
            # processing again for newer stages failed: the page the older stages made stays (nothing lost)
            summary.files[errors.ALL_CODES[code].status.value] += 1
            summary.codes[code] += 1
            summary.problems.append({"path": item.key, "status": errors.ALL_CODES[code].status.value, "code": code,
                                     "message": f"{message}; processing again for newer stages failed, so the page"
                                                " the older stages made is kept"})
            return
        _record(corpus, item, errors.ALL_CODES[code], sha, size, summary, run_id, message)
        return
    code = errors.ALL_CODES[value["code"]]
    documents = characters = 0
    try:
        with corpus.transaction() as conn:
            file_id = corpus.add_file(conn, path=item.key, sha256=sha, size=size, status=code.status.value,
                                      code=code.code, message=value["message"], encoding=value["encoding"],
                                      site=item.site, run_id=run_id)
            for rows in _rows_of(kind, value):
                if kind == "spool":
                    corpus.add_rows(conn, file_id, rows, part=True)
                else:
                    corpus.add_rows(conn, file_id, rows)
                documents += len(rows["documents"])
                characters += sum(d[_N_CHARS] for d in rows["documents"])
            if kind == "spool":
                corpus.set_page_summary(conn, file_id, value["page"])
    except sqlite3.OperationalError:  # a full disk, a lock: the run stops (every committed file is whole)
        raise
    except (sqlite3.DatabaseError, LookupError, TypeError, ValueError, OSError) as exc:  # this file's rows only
        _record(corpus, item, errors.INTERNAL, sha, size, summary, run_id, _internal(exc, " while writing"))
        return
    finally:
        if kind == "spool":
            with contextlib.suppress(OSError):
                os.unlink(value["spool"])
    summary.files["ingested"] += 1
    summary.codes[code.code] += 1
    summary.documents += documents
    summary.characters += characters


def _rows_of(kind: str, value: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The rows of a processed file: one page's, or each part's as the worker spooled them."""
    if kind == "page":
        yield value["rows"]
        return
    with open(value["spool"], encoding="utf-8") as handle:
        for line in handle:
            yield json.loads(line)
