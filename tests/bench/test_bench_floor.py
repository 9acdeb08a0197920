"""bench/bench_floor.py's claim rests on two things checked here on the seed and sample pages: the
recorded calls are the pipeline's own (every paragraph handed to the segmenter, every text OpenCC
converted), and replaying the writer's recorded statements rebuilds the very database the writer wrote."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

import bench_floor  # noqa: E402

TABLES = ("files", "pages", "documents", "sections", "paragraphs", "sentences", "removed", "rule_rows")


def _dump(path: Path) -> dict[str, list[tuple]]:
    db = sqlite3.connect(path)
    try:
        dump = {table: db.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall() for table in TABLES}
        dump["para_fts"] = db.execute("SELECT rowid, chars FROM para_fts ORDER BY rowid").fetchall()
        return dump
    finally:
        db.close()


def test_replay_rebuilds_the_recorded_database(seeds_dir, tmp_path):
    from jianghua.stages.normalize import _t2s
    from jianghua.stages.runner import process_page

    pages = [(str(p), p.read_bytes()) for p in sorted(seeds_dir.glob("*.txt"))]
    pages += [(str(p), p.read_bytes()) for p in sorted((ROOT / "corpora" / "sample").rglob("*.txt"))]
    recorded = bench_floor.record(pages, str(tmp_path))
    assert _t2s() is not None and not isinstance(_t2s(), bench_floor.RecordingConverter)  # restored

    docs = [doc for path, data in pages for doc in process_page(data, path, "bench").documents]
    assert recorded["documents"] == len(docs)
    assert recorded["paragraphs"] == [doc.text[p.start:p.end] for doc in docs for p in doc.paragraphs]
    assert any("競爭" in text or "經驗" in text for text in recorded["opencc"])  # the traditional seed and sample pages
    assert len(recorded["encodings"]) == len(pages)

    seconds = bench_floor.replay(recorded["sql"], tmp_path / "replay.db")
    assert seconds > 0
    original, replayed = _dump(tmp_path / "record.db"), _dump(tmp_path / "replay.db")
    assert len(original["paragraphs"]) == len(recorded["paragraphs"])
    for table in TABLES:
        assert replayed[table] == original[table], table
    assert replayed["para_fts"] == original["para_fts"]
