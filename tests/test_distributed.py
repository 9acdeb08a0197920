"""The Dask engine on a two-worker LocalCluster builds, through Parquet shards, the same corpus as a
plain ingest: same ledger, documents, fields and paragraphs."""

from __future__ import annotations

import sqlite3

import pytest
from jianghua.distributed import ingest_dask, load
from jianghua.errors import JianghuaError
from jianghua.ingest import ingest_paths
from jianghua.store import Corpus

from tests.conftest import SAMPLE

pytest.importorskip("dask.distributed")


def _snapshot(db: str) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(db)
    queries = {
        "ledger": "SELECT path, sha256, size, status, code, message, encoding, site, duplicate_of IS NOT NULL FROM files ORDER BY path",
        "pages": "SELECT f.path, p.site, p.title, p.script, p.is_html, p.encoding, p.repairs, p.flags FROM pages p "
                 "JOIN files f ON f.id=p.file_id ORDER BY f.path",
        "documents": "SELECT uid, ordinal, title, title_original, text, original_text, offset_map, script, complete, flags, "
                     "n_chars, extra, genre, topic, rules FROM documents ORDER BY uid",
        "sections": 'SELECT d.uid, s.ordinal, s.number, s.level, s.marker, s.heading, s.start, s."end", s.role '
                    "FROM sections s JOIN documents d ON d.id=s.doc_id ORDER BY d.uid, s.ordinal",
        "paragraphs": 'SELECT d.uid, p.ordinal, p.kind, p.start, p."end", p.text, p.words FROM paragraphs p '
                      "JOIN documents d ON d.id=p.doc_id ORDER BY d.uid, p.ordinal",
        "sentences": 'SELECT d.uid, s.start, s."end" FROM sentences s JOIN documents d ON d.id=s.doc_id ORDER BY d.uid, s.start',
        "removed": "SELECT f.path, r.line, r.code, r.text FROM removed r JOIN pages p ON p.id=r.page_id "
                   "JOIN files f ON f.id=p.file_id ORDER BY f.path, r.line, r.code, r.text",
    }
    return {name: conn.execute(sql).fetchall() for name, sql in queries.items()}


def test_local_cluster_equals_plain_ingest(seeds_dir, tmp_path):
    inputs = [str(seeds_dir), str(SAMPLE)]
    # a duplicate across partitions, and a file to quarantine
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "copy.txt").write_bytes((seeds_dir / "004_918b39668ea2ac01.txt").read_bytes())
    (extra / "empty.txt").write_bytes(b"")
    inputs.append(str(extra))

    plain = Corpus(tmp_path / "plain.db")
    ingest_paths(plain, inputs)
    plain.close()

    manifest = ingest_dask(inputs, tmp_path / "shards", workers=2, partition_files=4)
    assert manifest["files"] == 5 + 14 + 2 and manifest["partitions"] == 6
    corpus = Corpus(tmp_path / "dask.db")
    summary = load(tmp_path / "shards", corpus)
    assert summary.files["duplicate"] == 1 and summary.files["quarantined"] == 1
    assert all(check["ok"] for check in corpus.verify())
    corpus.close()

    expected, got = _snapshot(str(tmp_path / "plain.db")), _snapshot(str(tmp_path / "dask.db"))
    for table in expected:
        assert got[table] == expected[table], table


def test_shards_folder_must_be_empty(seeds_dir, tmp_path):
    (tmp_path / "shards").mkdir()
    (tmp_path / "shards" / "part-000000000.ledger.parquet").write_bytes(b"x")
    with pytest.raises(JianghuaError):
        ingest_dask([str(seeds_dir)], tmp_path / "shards", workers=1)
