"""The ingest orchestrator: input paths -> ledger rows, pages and documents in a corpus database.

1. list the input files (folders recursively, hidden files skipped) with their site (parent folder);
2. learn each site's recurring furniture lines from its pages (pass 1, lines only);
3. for each file (pass 2): size cap, sha256, already known (same path and bytes: nothing changes),
   same bytes under another name (``duplicate``), else the per-page stages (``stages.process_page``);
4. write the ledger row and everything derived from the file in one transaction; a quarantine or an
   error gets its ledger row too, with a stable code, and the run goes on.
"""

from __future__ import annotations

import hashlib
import os
import time
import traceback
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import errors
from .clean import SITE_MIN_PAGES, learn_site_lines
from .stages import page_lines_for_learning, process_page
from .store import Corpus

# Files above this size are quarantined unread: no scraped page is this big, and a 50 MB single
# line would only cost memory. Override with ``max_bytes``.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


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
            "seconds": round(self.seconds, 3),
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


def _sha256(path: str) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size


def learn_sites(inputs: list[InputFile], max_bytes: int) -> dict[str, frozenset[str]]:
    by_site: dict[str, list[str]] = defaultdict(list)
    for item in inputs:
        by_site[item.site].append(item.path)
    learned: dict[str, frozenset[str]] = {}
    for site, paths in by_site.items():
        if len(paths) < SITE_MIN_PAGES:
            continue

        def pages(paths: list[str] = paths) -> Iterable[list[str]]:
            for path in paths:
                try:
                    if os.path.getsize(path) > max_bytes:
                        continue
                    with open(path, "rb") as handle:
                        yield page_lines_for_learning(handle.read())
                except (errors.Quarantine, OSError):
                    continue

        learned[site] = learn_site_lines(pages())
    return learned


def ingest_paths(corpus: Corpus, paths: Iterable[str | Path], *, max_bytes: int = DEFAULT_MAX_BYTES,
                 progress: Callable[[str, int], None] | None = None,
                 on_start: Callable[[int], None] | None = None) -> Summary:
    started = time.perf_counter()
    inputs = list_inputs(paths)
    if on_start:
        on_start(len(inputs))
    summary = Summary()
    run_id = corpus.start_run({"paths": [str(p) for p in paths], "max_bytes": max_bytes})
    site_lines = learn_sites(inputs, max_bytes)
    for item in inputs:
        ingest_file(corpus, item, site_lines.get(item.site, frozenset()), summary, max_bytes, run_id)
        if progress:
            progress(item.path, 1)
    summary.seconds = time.perf_counter() - started
    corpus.finish_run(run_id, summary.as_dict())
    return summary


def ingest_file(corpus: Corpus, item: InputFile, site_lines: frozenset[str], summary: Summary,
                max_bytes: int, run_id: int | None = None) -> None:
    path = item.path

    def record(code: errors.Code, sha: str, size: int, message: str, **extra: object) -> None:
        with corpus.transaction() as conn:
            corpus.add_file(conn, path=path, sha256=sha, size=size, status=code.status.value, code=code.code,
                            message=message, site=item.site, run_id=run_id, **extra)  # type: ignore[arg-type]
        summary.files[code.status.value] += 1
        summary.codes[code.code] += 1
        if code.status.value != "ingested":
            summary.problems.append({"path": path, "status": code.status.value, "code": code.code, "message": message})

    try:
        sha, size = _sha256(path)
    except OSError as exc:
        record(errors.UNREADABLE, "", 0, errors.UNREADABLE.message(reason=exc.strerror or str(exc)))
        return
    known = corpus.known_file(path, sha)
    if known is not None:
        summary.unchanged += 1
        summary.unchanged_status[known["status"]] += 1
        return
    if size > max_bytes:
        record(errors.TOO_LARGE, sha, size, errors.TOO_LARGE.message(bytes=size, cap=max_bytes))
        return
    original = corpus.file_with_bytes(sha)
    if original is not None:
        record(errors.DUPLICATE_BYTES, sha, size, errors.DUPLICATE_BYTES.message(same_as=original["path"]),
               duplicate_of=original["id"])
        return
    try:
        with open(path, "rb") as handle:
            data = handle.read()
        summary.bytes_read += len(data)
        page = process_page(data, path, item.site, site_lines)
    except errors.Quarantine as exc:
        record(exc.code, sha, size, str(exc))
        return
    except OSError as exc:
        record(errors.UNREADABLE, sha, size, errors.UNREADABLE.message(reason=exc.strerror or str(exc)))
        return
    except Exception as exc:  # one bad file must not stop the run: it gets an error row
        where = traceback.extract_tb(exc.__traceback__)[-1]
        record(errors.INTERNAL, sha, size, errors.INTERNAL.message(
            error=f"{type(exc).__name__}: {exc}", at=f"{Path(where.filename).name}:{where.lineno}"))
        return
    code = errors.ALL_CODES[page.code]
    details: dict[str, object] = {"documents": len(page.documents), "encoding": page.encoding}
    if page.flags:
        details["flags"] = ",".join(sorted({str(f["kind"]) for f in page.flags}))
    with corpus.transaction() as conn:
        file_id = corpus.add_file(conn, path=path, sha256=sha, size=size, status=code.status.value, code=code.code,
                                  message=code.message(**details), encoding=page.encoding, site=item.site, run_id=run_id)
        corpus.add_page(conn, file_id, page)
    summary.files["ingested"] += 1
    summary.codes[code.code] += 1
    summary.documents += len(page.documents)
    summary.characters += sum(len(d.text) for d in page.documents)
