"""The ingest orchestrator: input paths -> ledger rows, pages and documents in a corpus database.

1. list the input files (folders recursively, hidden files skipped) with their site (parent folder);
2. learn each site's recurring furniture lines from its pages (pass 1, lines only);
3. for each file (pass 2), in the main process: size cap, sha256, already known (same path and bytes:
   nothing changes), same bytes under another name (``duplicate``); the rest go to ``workers``
   processes (``pool.Pool``) that read the file again, check its sha256 and run the per-page stages
   (``stages.process_page``), a bounded number at a time;
4. one writer (the main process) writes each file's ledger row and everything derived from it as one
   savepoint (all or nothing), in input order, and commits every ``COMMIT_SECONDS``; a quarantine or an
   error gets its ledger row too, with a stable code, and the run goes on.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import time
import traceback
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import errors
from .clean import SITE_MIN_PAGES, learn_site_lines, site_line_keys
from .document import Page
from .pool import Pool
from .segment import default_segmenter
from .stages import page_lines_for_learning, process_page
from .store import Corpus, page_rows

# Files above this size are quarantined unread: no scraped page is this big, and a 50 MB single
# line would only cost memory. Override with ``max_bytes``.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# The writer commits at most this often (each file stays atomic as a savepoint inside the commit):
# a commit per file cost a quarter of the writer's time, mostly FTS5 flushing small segments.
COMMIT_SECONDS = 2.0


@dataclass
class InputFile:
    path: str
    site: str


@dataclass
class Summary:
    files: Counter[str] = field(default_factory=Counter)
    codes: Counter[str] = field(default_factory=Counter)
    unchanged: int = 0
    unchanged_status: Counter[str] = field(default_factory=Counter)  # ledger status of files already in
    documents: int = 0
    characters: int = 0
    bytes_read: int = 0
    seconds: float = 0.0
    problems: list[dict[str, str]] = field(default_factory=list)
    stages: dict[str, float] = field(default_factory=dict)  # seconds per stage: learn (pass 1), pages (pass 2), reuse

    @property
    def exit_code(self) -> int:
        """0: every file ingested (or already in); 1: some were not; 2: nothing was ingested."""
        statuses = self.files + self.unchanged_status
        not_ingested = statuses["quarantined"] + statuses["error"] + statuses["duplicate"]
        if statuses["ingested"] == 0:
            return 2
        return 1 if not_ingested else 0

    def as_dict(self) -> dict[str, object]:
        return {
            "files": dict(self.files), "codes": dict(self.codes), "unchanged": self.unchanged, "unchanged_status": dict(self.unchanged_status),
            "documents": self.documents, "characters": self.characters, "bytes": self.bytes_read,
            "seconds": round(self.seconds, 3), "stages": {k: round(v, 3) for k, v in self.stages.items()},
            "mb_per_s": round(self.bytes_read / 1e6 / self.seconds, 3) if self.seconds else None,
            "problems": self.problems, "exit_code": self.exit_code,
        }


def list_inputs(paths: Iterable[str | Path]) -> list[InputFile]:
    found: list[InputFile] = []
    for given in paths:
        root = Path(given)
        if root.is_dir():
            for dirpath, dirnames, filenames in os.walk(root):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                for name in sorted(filenames):
                    if not name.startswith("."):
                        path = Path(dirpath) / name
                        found.append(InputFile(str(path), path.parent.name))
        else:
            found.append(InputFile(str(root), root.parent.resolve().name))
    return found


def file_sha256(path: str) -> tuple[str, int]:
    """The file's sha256 and size, read in blocks (a file over the size cap is hashed, never held)."""
    with open(path, "rb", buffering=0) as handle:
        digest = hashlib.file_digest(handle, "sha256")
        return digest.hexdigest(), handle.tell()


def _learning_keys(path: str, max_bytes: int) -> set[str]:
    """Pass 1 for one file: the canonical keys of its short lines (empty when it cannot be read)."""
    try:
        if os.path.getsize(path) > max_bytes:
            return set()
        with open(path, "rb") as handle:
            return site_line_keys(page_lines_for_learning(handle.read()))
    except (errors.Quarantine, OSError, ValueError):
        return set()


def learn_sites(inputs: list[InputFile], max_bytes: int, pool: Pool | None = None) -> dict[str, frozenset[str]]:
    by_site: dict[str, list[str]] = defaultdict(list)
    for item in inputs:
        by_site[item.site].append(item.path)
    pool = pool or Pool(1)
    learned: dict[str, frozenset[str]] = {}
    for site, paths in by_site.items():
        if len(paths) < SITE_MIN_PAGES:
            continue
        keys = pool.map(_learning_keys, [(path, max_bytes) for path in paths], on_crash=lambda _args, _why: set())
        learned[site] = learn_site_lines(keys, keyed=True)
    return learned


# --- workers ----------------------------------------------------------------------------------------

_WORKER_SITE_LINES: dict[str, frozenset[str]] = {}


def _init_worker(site_lines: dict[str, frozenset[str]], segmenter: bool = True) -> None:
    """Once per worker process: the learned site lines and jieba's dictionary (loaded once, not per page)."""
    _WORKER_SITE_LINES.clear()
    _WORKER_SITE_LINES.update(site_lines)
    if segmenter:
        default_segmenter()


def ledger_entry(page: Page) -> dict[str, Any]:
    """A processed page's ledger code, message and encoding (the same for the local and Dask engines)."""
    code = errors.ALL_CODES[page.code]
    details: dict[str, object] = {"documents": len(page.documents), "encoding": page.encoding}
    if page.flags:
        details["flags"] = ",".join(sorted({str(f["kind"]) for f in page.flags}))
    return {"code": code.code, "message": code.message(**details), "encoding": page.encoding}


def _process(path: str, site: str, sha: str, size: int) -> tuple[str, Any]:
    """Run the per-page stages in a worker; returns ("page", ledger entry with the page's rows),
    ("quarantine", (code, message)) or ("error", (code, message)). Never raises: one bad file must not stop
    the run. The worker reads the file itself (the main process only hashed it) and checks that the
    bytes are the ones hashed. Rows, not the Page, go back to the writer: plain rows pickle 15x
    faster, and the FTS form of each paragraph is computed here, off the single writer."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
        if len(data) != size or hashlib.sha256(data).hexdigest() != sha:
            return "error", (errors.UNREADABLE.code, errors.UNREADABLE.message(reason="the file changed while it was being ingested"))
        page = process_page(data, path, site, _WORKER_SITE_LINES.get(site, frozenset()))
        return "page", {**ledger_entry(page), "rows": page_rows(page, fts=True)}
    except errors.Quarantine as exc:
        return "quarantine", (exc.code.code, str(exc))
    except OSError as exc:
        return "error", (errors.UNREADABLE.code, errors.UNREADABLE.message(reason=exc.strerror or str(exc)))
    except Exception as exc:
        return "error", (errors.INTERNAL.code, _internal(exc))


def _internal(exc: BaseException, doing: str = "") -> str:
    where = traceback.extract_tb(exc.__traceback__)[-1]
    return errors.INTERNAL.message(error=f"{type(exc).__name__}{doing}: {exc}", at=f"{Path(where.filename).name}:{where.lineno}")


def _crashed(args: tuple[Any, ...], reason: str) -> tuple[str, Any]:
    """The outcome of a file whose worker process died while processing it (the run goes on)."""
    return "error", (errors.INTERNAL.code, errors.INTERNAL.message(error=reason, at="worker"))


def _pool(workers: int, site_lines: dict[str, frozenset[str]] | None = None, segmenter: bool = True) -> Pool:
    """``workers`` processes (none when 1), each loading the site lines and jieba's dictionary once.
    The main process keeps the site lines too: it processes a file itself when the first copy of its
    bytes in this run failed, and must clean it as a worker would."""
    _WORKER_SITE_LINES.clear()
    _WORKER_SITE_LINES.update(site_lines or {})
    return Pool(workers, initializer=_init_worker, initargs=(site_lines or {}, segmenter))


# --- the run ----------------------------------------------------------------------------------------

def ingest_paths(corpus: Corpus, paths: Iterable[str | Path], *, max_bytes: int = DEFAULT_MAX_BYTES,
                 workers: int = 1, progress: Callable[[str, int], None] | None = None,
                 on_start: Callable[[int], None] | None = None) -> Summary:
    """Ingest files and folders into ``corpus``; ``workers`` processes run the per-page stages."""
    started = time.perf_counter()
    paths = list(paths)
    inputs = list_inputs(paths)
    if on_start:
        on_start(len(inputs))
    summary = Summary()
    run_id = corpus.start_run({"paths": [str(p) for p in paths], "max_bytes": max_bytes, "workers": workers})
    learner = _pool(workers, segmenter=False)  # pass 1 decodes and repairs only
    try:
        site_lines = learn_sites(inputs, max_bytes, learner)
    finally:
        learner.close()
    summary.stages["learn"] = time.perf_counter() - started
    pool = _pool(workers, site_lines)
    claimed: dict[str, str] = {}  # sha256 -> path of the first file of this run with those bytes
    try:
        _write_all(corpus, pool, inputs, summary, max_bytes, run_id, claimed, progress)
    except BaseException as exc:  # the run stopped (interrupt, full disk): every committed file is whole
        summary.seconds = time.perf_counter() - started
        try:
            corpus.finish_run(run_id, {"stopped": f"{type(exc).__name__}: {exc}", "seconds": round(summary.seconds, 3)})
        except sqlite3.Error:  # the database cannot take even that (the disk is full): the cause is what matters
            pass
        raise
    summary.seconds = time.perf_counter() - started
    summary.stages["pages"] = summary.seconds - summary.stages["learn"]
    corpus.finish_run(run_id, summary.as_dict())
    return summary


def _write_all(corpus: Corpus, pool: Pool, inputs: list[InputFile], summary: Summary, max_bytes: int, run_id: int,
               claimed: dict[str, str], progress: Callable[[str, int], None] | None) -> None:
    """Pass 2: each file's outcome written in input order, committed every ``COMMIT_SECONDS``."""
    committed = time.monotonic()
    with corpus.batch():
        try:
            tasks = _triage(corpus, inputs, summary, max_bytes, run_id, claimed)
            for (item, sha, size, action), outcome in _run(pool, tasks):
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
                        _write(corpus, item, sha, size, _process(item.path, item.site, sha, size), summary, run_id)
                if progress:
                    progress(item.path, 1)
        finally:
            pool.close()


Task = tuple[InputFile, str, int, str]


def _triage(corpus: Corpus, inputs: list[InputFile], summary: Summary, max_bytes: int, run_id: int,
            claimed: dict[str, str]) -> Iterator[Task]:
    """Hash each file and decide: unchanged, too large, duplicate, or to be processed.
    Files settled here are yielded with action "done" so progress stays in input order."""
    for item in inputs:
        try:
            sha, size = file_sha256(item.path)
        except OSError as exc:
            _record(corpus, item, errors.UNREADABLE, "", 0, summary, run_id,
                    errors.UNREADABLE.message(reason=exc.strerror or str(exc)))
            yield item, "", 0, "done"
            continue
        known = corpus.known_file(item.path, sha)
        if known is not None:
            summary.unchanged += 1
            summary.unchanged_status[known["status"]] += 1
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


def _run(pool: Pool, tasks: Iterator[Task]) -> Iterator[tuple[Task, Any]]:
    """Pair each task with its outcome, in input order; only "process" tasks go to the workers."""
    buffered: deque[Task] = deque()

    def arguments() -> Iterator[tuple[str, str, str, int]]:
        for task in tasks:
            buffered.append(task)
            if task[3] == "process":
                yield task[0].path, task[0].site, task[1], task[2]

    results = pool.map(_process, arguments(), weight=lambda args: args[3], on_crash=_crashed)
    for outcome in results:
        while buffered[0][3] != "process":
            yield buffered.popleft(), None
        yield buffered.popleft(), outcome
    while buffered:
        yield buffered.popleft(), None


def _record(corpus: Corpus, item: InputFile, code: errors.Code, sha: str, size: int, summary: Summary,
            run_id: int | None, message: str, **extra: Any) -> None:
    with corpus.transaction() as conn:
        corpus.add_file(conn, path=item.path, sha256=sha, size=size, status=code.status.value, code=code.code,
                        message=message, site=item.site, run_id=run_id, **extra)
    summary.files[code.status.value] += 1
    summary.codes[code.code] += 1
    if code.status.value != "ingested":
        summary.problems.append({"path": item.path, "status": code.status.value, "code": code.code, "message": message})


def _write(corpus: Corpus, item: InputFile, sha: str, size: int, outcome: tuple[str, Any], summary: Summary,
           run_id: int | None) -> None:
    """The file's ledger row and everything derived from it, all or nothing (``Corpus.transaction``)."""
    kind, value = outcome
    if kind in ("quarantine", "error"):
        code, message = value
        _record(corpus, item, errors.ALL_CODES[code], sha, size, summary, run_id, message)
        return
    code = errors.ALL_CODES[value["code"]]
    rows = value["rows"]
    try:
        with corpus.transaction() as conn:
            file_id = corpus.add_file(conn, path=item.path, sha256=sha, size=size, status=code.status.value,
                                      code=code.code, message=value["message"], encoding=value["encoding"],
                                      site=item.site, run_id=run_id)
            corpus.add_rows(conn, file_id, rows)
    except sqlite3.OperationalError:  # a full disk, a lock: the run stops (every committed file is whole)
        raise
    except (sqlite3.DatabaseError, LookupError, TypeError, ValueError) as exc:  # this file's rows only
        _record(corpus, item, errors.INTERNAL, sha, size, summary, run_id, _internal(exc, " while writing"))
        return
    summary.files["ingested"] += 1
    summary.codes[code.code] += 1
    summary.documents += len(rows["documents"])
    summary.characters += sum(d["n_chars"] for d in rows["documents"])
