"""The ingest orchestrator: every input file ends with exactly one ledger row, even when writing one fails."""

from __future__ import annotations

import shutil
import sqlite3

from jianghua.ingest import ingest_paths
from jianghua.store import Corpus


def test_a_file_whose_rows_cannot_be_written_gets_an_error_row_and_the_run_goes_on(seeds_dir, tmp_path, monkeypatch):
    folder = tmp_path / "in"
    shutil.copytree(seeds_dir, folder)
    pages = sorted(p for p in folder.iterdir() if p.is_file())
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
