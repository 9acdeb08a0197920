"""The ingest orchestrator: every input file ends with exactly one ledger row, even when writing one
fails, its worker process dies, or it changes while being ingested."""

from __future__ import annotations

import os
import shutil
import sqlite3

import pytest
from jianghua.corpus.store import Corpus
from jianghua.engines import ingest
from jianghua.engines.ingest import ingest_paths


@pytest.fixture
def seed_copy(seeds_dir, tmp_path):
    """A copy of the seed pages (some tests change one), and the pages in input order."""
    folder = tmp_path / "in"
    shutil.copytree(seeds_dir, folder)
    return folder, sorted(p for p in folder.iterdir() if p.is_file())


def test_a_file_whose_rows_cannot_be_written_gets_an_error_row_and_the_run_goes_on(seed_copy, tmp_path, monkeypatch):
    folder, pages = seed_copy
    broken = pages[1]
    original = Corpus.add_rows

    def add_rows(self, conn, file_id, rows):
        path = conn.execute("SELECT path FROM files WHERE id=?", (file_id,)).fetchone()[0]
        if path == str(broken):
            raise sqlite3.IntegrityError("UNIQUE constraint failed: documents.uid")
        return original(self, conn, file_id, rows)

    monkeypatch.setattr(Corpus, "add_rows", add_rows)
    corpus = Corpus(tmp_path / "c.db")
    summary = ingest_paths(corpus, [folder])
    ledger = {r["path"]: r for r in corpus.ledger()}
    assert set(ledger) == {str(p) for p in pages}  # every file accounted for, once
    row = ledger[str(broken)]
    assert (row["status"], row["code"]) == ("error", "E900")
    assert "IntegrityError while writing" in row["message"]
    assert summary.files["error"] == 1 and summary.files["ingested"] == len(pages) - 1
    assert corpus.db.execute("SELECT count(*) FROM pages p JOIN files f ON f.id = p.file_id WHERE f.path = ?",
                             (str(broken),)).fetchone()[0] == 0  # nothing of it half-written
    assert all(c["ok"] for c in corpus.verify()), [c for c in corpus.verify() if not c["ok"]]


def test_a_file_that_kills_its_worker_process_gets_an_error_row_and_the_run_goes_on(seed_copy, tmp_path, monkeypatch):
    folder, pages = seed_copy
    deadly = pages[2]
    original = ingest.process_parts

    def process_page(data, path, site, site_lines, settings=None):
        if path == str(deadly):
            os._exit(9)  # as a segfault in a C extension or the out-of-memory killer would end it
        return original(data, path, site, site_lines, settings=settings)

    monkeypatch.setattr(ingest, "process_parts", process_page)  # the forked workers inherit it
    corpus = Corpus(tmp_path / "c.db")
    summary = ingest_paths(corpus, [folder], workers=2)
    ledger = {r["path"]: r for r in corpus.ledger()}
    assert set(ledger) == {str(p) for p in pages}
    assert (ledger[str(deadly)]["status"], ledger[str(deadly)]["code"]) == ("error", "E900")
    assert "the worker process ended (exit code 9)" in ledger[str(deadly)]["message"]
    assert summary.files["ingested"] == len(pages) - 1
    assert all(ledger[str(p)]["status"] == "ingested" for p in pages if p != deadly)


def test_a_file_that_changes_between_hashing_and_processing_is_an_error_not_a_wrong_row(seed_copy, tmp_path, monkeypatch):
    folder, pages = seed_copy
    changing = pages[0]
    original = ingest.file_sha256

    def sha256(path):  # the main process hashed the file; then it is rewritten before a worker reads it
        digest, size = original(path)
        if path == str(changing):
            changing.write_bytes(changing.read_bytes() + "\n补记".encode())
        return digest, size

    monkeypatch.setattr(ingest, "file_sha256", sha256)
    for workers in (1, 2):
        corpus = Corpus(tmp_path / f"c{workers}.db")
        ingest_paths(corpus, [folder], workers=workers)
        row = {r["path"]: r for r in corpus.ledger()}[str(changing)]
        assert (row["status"], row["code"]) == ("error", "E901"), row["message"]
        assert "the file changed while it was being ingested" in row["message"]
        assert corpus.db.execute("SELECT count(*) FROM files WHERE status = 'ingested'").fetchone()[0] == len(pages) - 1


def test_when_the_run_stops_the_cause_is_raised_even_if_the_run_row_cannot_be_written(seeds_dir, tmp_path, monkeypatch):
    def stop(*_args, **_kwargs):
        raise KeyboardInterrupt

    def finish_run(self, run_id, summary):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(ingest, "_write_all", stop)
    monkeypatch.setattr(Corpus, "finish_run", finish_run)
    with pytest.raises(KeyboardInterrupt):
        ingest_paths(Corpus(tmp_path / "c.db"), [seeds_dir])


def test_a_copy_processed_by_the_main_process_is_cleaned_as_a_worker_would(tmp_path, monkeypatch):
    # the first copy of some bytes kills its worker; the second copy (same bytes, another name) is then
    # processed by the main process itself, with the site's learned furniture lines like any other page
    from tests.conftest import SAMPLE

    folder = tmp_path / "fanwen-hans"  # a site whose pages share furniture lines (4 learned)
    shutil.copytree(SAMPLE / "fanwen-hans", folder)
    first = sorted(folder.iterdir())[0]
    second = folder / "zz-copy.txt"
    second.write_bytes(first.read_bytes())
    original = ingest.process_parts

    def process_page(data, path, site, site_lines, settings=None):
        if path == str(first):
            os._exit(9)
        return original(data, path, site, site_lines, settings=settings)

    monkeypatch.setattr(ingest, "_WORKER_SITE_LINES", {})  # nothing left by an earlier run in this process
    monkeypatch.setattr(ingest, "process_parts", process_page)
    corpus = Corpus(tmp_path / "crash.db")
    ingest_paths(corpus, [folder], workers=2)
    monkeypatch.setattr(ingest, "process_parts", original)
    plain = Corpus(tmp_path / "plain.db")
    ingest_paths(plain, [folder], workers=1)
    ledger = {r["path"]: r for r in corpus.ledger()}
    assert ledger[str(first)]["code"] == "E900" and ledger[str(second)]["status"] == "ingested"

    def page(db, path):
        where = " JOIN pages p ON p.id = {t}.page_id JOIN files f ON f.id = p.file_id WHERE f.path = ?"
        texts = db.db.execute("SELECT d.text FROM documents d" + where.format(t="d") + " ORDER BY d.ordinal", (path,)).fetchall()
        removed = db.db.execute("SELECT r.code, r.text FROM removed r" + where.format(t="r") + " ORDER BY r.line", (path,)).fetchall()
        return [tuple(r) for r in texts], [tuple(r) for r in removed]

    texts, removed = page(corpus, str(second))
    assert (texts, removed) == page(plain, str(first))
    assert texts and any(code == "site_recurring" for code, _ in removed)  # the learned lines were used


def test_worker_processes_that_cannot_start_stop_the_run_with_a_clear_error(seed_copy, tmp_path, monkeypatch):
    from jianghua.errors import JianghuaError

    folder, _pages = seed_copy

    def init_worker(site_lines, segmenter=True, settings=None):
        raise OSError("jieba's dictionary cannot be read")

    monkeypatch.setattr(ingest, "_init_worker", init_worker)
    corpus = Corpus(tmp_path / "c.db")
    with pytest.raises(JianghuaError, match=r"\[S805\] a worker process could not start"):
        ingest_paths(corpus, [folder], workers=2)
    assert corpus.db.execute("SELECT count(*) FROM files").fetchone()[0] == 0  # nothing half-done


def test_a_run_collects_garbage_rarely_and_leaves_the_collector_as_it_was(seeds_dir, tmp_path):
    import gc

    before = gc.get_threshold()
    during: list[tuple[int, int, int]] = []
    with Corpus(tmp_path / "c.db") as corpus:
        ingest_paths(corpus, [seeds_dir], progress=lambda _key, _n: during.append(gc.get_threshold()))
    assert during and set(during) == {ingest.BULK_GC_THRESHOLDS}
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


@pytest.mark.parametrize("size", [0, 1, 9, 10, 11, 4096])
def test_read_regular_reads_at_most_its_limit(tmp_path, size):
    """Pass 1 reads a file with the size cap as its limit: the whole file when it is shorter, else
    exactly the limit's bytes (never more)."""
    path = tmp_path / "f.txt"
    path.write_bytes(bytes(range(256)) * (size // 256) + bytes(range(size % 256)))
    data = path.read_bytes()
    assert ingest.read_regular(str(path)) == data
    for limit in (1, 10, 11, 5000):
        assert ingest.read_regular(str(path), limit) == data[:limit]
